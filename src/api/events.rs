//! `/api/v1/festivals/{slug}/events` and `/api/v1/events/{id}`: the programme.
//!
//! Longer than most files here: the programme's list declares its ten filters as handler
//! parameters (poem-openapi documents them from the signature, and a second `OpenApi` impl
//! cannot share the path `/festivals/{slug}/events`: its operations would replace POST's in
//! the document).

use chrono::{DateTime, FixedOffset, SubsecRound, Utc};
use entity::{event, festival};
use poem::{Request, web::Data};
use poem_openapi::{
    ApiResponse, Object, OpenApi,
    param::{Path, Query},
    payload::Json,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use super::{
    ApiTags,
    auth::{MaybeAuth, TokenAuth},
    cache::{CacheKey, CachedJson},
    festivals::visible,
    json_body::JsonBody,
    paging,
    patch::{MergePatch, Patchable},
    timestamp::Timestamp,
};
use crate::{
    domain::{
        access::can_see,
        event::{self as rules, EventSpec},
        kinds::{EventAccess, EventKind, EventStatus},
        text::{
            normalise_tags, parse_search, trimmed, validate_language, validate_line,
            validate_lines, validate_not_blank, validate_tags, validate_web_url,
        },
    },
    error::AppError,
    operations::events,
    state::AppState,
    store::{self, decode_list, events::EventFilter},
};

fn yes() -> bool {
    true
}

/// An event as sent by an organiser.
#[derive(Debug, Clone, Object, Serialize, Deserialize, Validate)]
pub struct EventInput {
    #[validate(length(min = 1, max = 200), custom(function = "validate_not_blank"))]
    #[oai(validator(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    ))]
    pub title: String,
    pub kind: EventKind,
    /// RFC 3339 with an offset, e.g. `2027-03-09T10:00:00-05:00`.
    pub starts_at: DateTime<FixedOffset>,
    pub ends_at: DateTime<FixedOffset>,
    #[oai(nullable)]
    pub venue_id: Option<Uuid>,
    #[validate(custom(function = "validate_web_url"))]
    #[oai(nullable)]
    pub online_url: Option<String>,
    /// Seats; absent means unlimited, or the venue's capacity when the venue has one.
    #[validate(range(min = 1, max = 1_000_000))]
    #[oai(nullable, validator(minimum(value = "1"), maximum(value = "1000000")))]
    pub capacity: Option<i32>,
    /// False for open-entry activities that need no registration.
    #[serde(default = "yes")]
    #[oai(default = "yes")]
    pub registration_required: bool,
    /// Who it is for, e.g. `children`, `families`, `older-adults`: one tag each, without
    /// commas (calendars read a comma as two categories; 422 naming the field).
    #[serde(default)]
    #[oai(default)]
    #[validate(custom(function = "validate_tags"))]
    #[oai(validator(
        max_items = 20,
        max_length = 50,
        pattern = r"[^\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    ))]
    pub audience: Vec<String>,
    /// What it is about, e.g. `science`, `reading`: one tag each, without commas.
    #[serde(default)]
    #[oai(default)]
    #[validate(custom(function = "validate_tags"))]
    #[oai(validator(
        max_items = 20,
        max_length = 50,
        pattern = r"[^\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    ))]
    pub themes: Vec<String>,
    /// Language tag, e.g. `es`, `en`, `qu`.
    #[validate(custom(function = "validate_language"))]
    #[oai(nullable, validator(pattern = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"))]
    pub language: Option<String>,
    #[serde(default)]
    #[oai(default)]
    pub accessibility: Vec<EventAccess>,
    #[validate(length(max = 200), custom(function = "validate_line"))]
    #[oai(nullable, validator(max_length = 200))]
    pub host: Option<String>,
    #[validate(length(max = 20000), custom(function = "validate_lines"))]
    #[oai(nullable, validator(max_length = 20000))]
    pub description: Option<String>,
    /// What to bring, or what is provided, e.g. `Trae tu portátil`, `Materials provided`.
    #[validate(length(max = 300), custom(function = "validate_line"))]
    #[oai(nullable, validator(max_length = 300))]
    pub materials_note: Option<String>,
}

impl EventInput {
    /// The event to store, once the input is valid. Whether it fits its festival and venue is
    /// checked by the store, inside the transaction.
    pub(crate) fn into_spec(self) -> Result<EventSpec, AppError> {
        self.validate()?;
        // Events are planned to the minute; whole seconds keep comparisons exact on every backend.
        let starts_at = self.starts_at.to_utc().trunc_subsecs(0);
        let ends_at = self.ends_at.to_utc().trunc_subsecs(0);
        rules::check_times(starts_at, ends_at)?;
        let mut accessibility = self.accessibility;
        accessibility.sort_by_key(|a| a.as_str());
        accessibility.dedup();
        Ok(EventSpec {
            title: self.title.trim().to_owned(),
            kind: self.kind,
            starts_at,
            ends_at,
            venue_id: self.venue_id,
            online_url: trimmed(self.online_url.as_deref()),
            capacity: self.capacity,
            registration_required: self.registration_required,
            audience: normalise_tags(&self.audience),
            themes: normalise_tags(&self.themes),
            language: self.language,
            accessibility,
            host: trimmed(self.host.as_deref()),
            description: trimmed(self.description.as_deref()),
            materials_note: trimmed(self.materials_note.as_deref()),
        })
    }

    pub(crate) fn from_model(m: &event::Model) -> Self {
        Self {
            title: m.title.clone(),
            kind: m.kind,
            starts_at: m.starts_at.fixed_offset(),
            ends_at: m.ends_at.fixed_offset(),
            venue_id: m.venue_id,
            online_url: m.online_url.clone(),
            capacity: m.capacity,
            registration_required: m.registration_required,
            audience: decode_list(&m.audience),
            themes: decode_list(&m.themes),
            language: m.language.clone(),
            accessibility: decode_list(&m.accessibility),
            host: m.host.clone(),
            description: m.description.clone(),
            materials_note: m.materials_note.clone(),
        }
    }
}

impl Patchable for EventInput {
    const DESCRIPTION: &'static str = "A change to an event: fields left out keep their value; `null` clears an \
         optional one. A new time or place raises the event's `sequence`. The result is \
         validated as a whole.";
}

#[derive(Debug, Object)]
pub struct EventBody {
    pub id: Uuid,
    /// The festival's slug.
    pub festival: String,
    pub title: String,
    pub kind: EventKind,
    pub status: EventStatus,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    #[oai(nullable)]
    pub venue_id: Option<Uuid>,
    #[oai(nullable)]
    pub online_url: Option<String>,
    /// Null when unlimited.
    #[oai(nullable)]
    pub capacity: Option<i32>,
    pub registration_required: bool,
    pub seats_taken: i32,
    /// Null when unlimited.
    #[oai(nullable)]
    pub seats_left: Option<i32>,
    pub waitlist_length: i32,
    pub audience: Vec<String>,
    pub themes: Vec<String>,
    #[oai(nullable)]
    pub language: Option<String>,
    pub accessibility: Vec<EventAccess>,
    #[oai(nullable)]
    pub host: Option<String>,
    #[oai(nullable)]
    pub description: Option<String>,
    /// What to bring, or what is provided.
    #[oai(nullable)]
    pub materials_note: Option<String>,
    /// Raised by every change of time, place or status (iCalendar `SEQUENCE`).
    pub sequence: i32,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl EventBody {
    pub fn new(m: event::Model, festival_slug: &str) -> Self {
        Self {
            festival: festival_slug.to_owned(),
            kind: m.kind,
            status: m.status,
            seats_left: rules::seats_left(m.capacity, m.seats_taken),
            audience: decode_list(&m.audience),
            themes: decode_list(&m.themes),
            accessibility: decode_list(&m.accessibility),
            id: m.id,
            title: m.title,
            starts_at: m.starts_at.into(),
            ends_at: m.ends_at.into(),
            venue_id: m.venue_id,
            online_url: m.online_url,
            capacity: m.capacity,
            registration_required: m.registration_required,
            seats_taken: m.seats_taken,
            waitlist_length: m.waitlist_length,
            language: m.language,
            host: m.host,
            description: m.description,
            materials_note: m.materials_note,
            sequence: m.sequence,
            created_at: m.created_at.into(),
            updated_at: m.updated_at.into(),
        }
    }
}

paging::list_body!(EventList, EventBody);

#[derive(ApiResponse)]
pub enum EventCreated {
    /// The event was created.
    #[oai(status = 201)]
    Created(Json<EventBody>, #[oai(header = "Location")] String),
}

#[derive(ApiResponse)]
pub enum EventDeleted {
    /// The event is gone.
    #[oai(status = 204)]
    Deleted,
}

/// The programme's query parameters that need the festival's timezone to be read.
fn bound(
    field: &'static str,
    text: Option<String>,
    festival: &festival::Model,
    is_end: bool,
) -> Result<Option<DateTime<Utc>>, AppError> {
    let Some(text) = text else { return Ok(None) };
    rules::parse_bound(&text, festival.timezone.0, is_end)
        .map(Some)
        .ok_or_else(|| {
            AppError::invalid(
                field,
                "must be a date (YYYY-MM-DD) or an RFC 3339 date-time",
            )
        })
}

pub struct EventsApi;

#[OpenApi(tag = "ApiTags::Events")]
impl EventsApi {
    /// Add an event to a festival. It must lie within the festival's dates, fit its venue, and
    /// not overlap another event in the same venue (409 naming it).
    #[oai(path = "/festivals/:slug/events", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        slug: Path<String>,
        body: JsonBody<EventInput>,
    ) -> Result<EventCreated, AppError> {
        let (created, festival) =
            events::create(&state, &auth.0, &slug.0, || body.0.into_spec()).await?;
        let location = format!("/api/v1/events/{}", created.id);
        Ok(EventCreated::Created(
            Json(EventBody::new(created, &festival.slug)),
            location,
        ))
    }

    /// A festival's programme, by start time.
    #[allow(clippy::too_many_arguments)]
    #[oai(path = "/festivals/:slug/events", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        request: &Request,
        auth: MaybeAuth,
        slug: Path<String>,
        /// Events still running at or after this date (festival time) or RFC 3339 instant.
        from: Query<Option<String>>,
        /// Events starting before the end of this date (festival time) or this RFC 3339 instant.
        to: Query<Option<String>>,
        kind: Query<Option<EventKind>>,
        venue_id: Query<Option<Uuid>>,
        audience: Query<Option<String>>,
        theme: Query<Option<String>>,
        language: Query<Option<String>>,
        /// Only events in venues with step-free access.
        accessible: Query<Option<bool>>,
        /// Words to find in the title, description or host (accents and case ignored).
        #[oai(validator(
            max_length = 200,
            pattern = r"^[\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(?:[^\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+(?:[\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+[^\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+){0,9})?[\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
        ))]
        q: Query<Option<String>>,
        /// Only scheduled events with seats left.
        available: Query<Option<bool>>,
        #[oai(validator(minimum(value = "0"), maximum(value = "9007199254740991")))] limit: Query<
            Option<u64>,
        >,
        #[oai(validator(minimum(value = "0"), maximum(value = "9007199254740991")))] offset: Query<
            Option<u64>,
        >,
    ) -> Result<CachedJson<EventList>, AppError> {
        let festival = visible(&state, auth.actor(), &slug.0).await?;
        let page = paging::page(limit.0, offset.0);
        let tag = |t: Option<String>| t.and_then(|t| normalise_tags(&[t]).pop());
        let filter = EventFilter {
            from: bound("from", from.0, &festival, false)?,
            to: bound("to", to.0, &festival, true)?,
            kind: kind.0,
            venue_id: venue_id.0,
            audience: tag(audience.0),
            theme: tag(theme.0),
            language: trimmed(language.0.as_deref()),
            accessible: accessible.0.unwrap_or(false),
            q: parse_search(q.0)?,
            available: available.0.unwrap_or(false),
        };
        // `accessible` reads venue rows, which the programme version does not follow.
        let seats = store::events::seats_version(state.db.conn(), festival.id).await?;
        let key = (!filter.accessible).then(|| CacheKey {
            resource: format!(
                "programme:{}:{}",
                festival.id,
                request.uri().query().unwrap_or_default()
            ),
            version: format!(
                "{}:{}:{seats}",
                festival.programme_version,
                festival.updated_at.timestamp_micros()
            ),
        });
        state
            .cache
            .get_or_render(key, async {
                let (items, total) =
                    store::events::list(state.db.conn(), festival.id, &filter, page).await?;
                let items = items
                    .into_iter()
                    .map(|e| EventBody::new(e, &festival.slug))
                    .collect();
                Ok(EventList::new(items, total, page))
            })
            .await
    }

    /// Read an event.
    #[oai(path = "/events/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: MaybeAuth,
        id: Path<Uuid>,
    ) -> Result<CachedJson<EventBody>, AppError> {
        // One read: the event, with the seat counts its cached rendering is keyed on, and its
        // festival.
        let (event, festival) = store::events::with_festival(state.db.conn(), id.0).await?;
        if !can_see(
            auth.actor(),
            festival.organisation_id,
            store::festivals::is_public(&festival),
        ) {
            return Err(AppError::NotFound("event"));
        }
        let key = Some(CacheKey {
            resource: format!("event:{}", id.0),
            version: format!("{}:{}", festival.programme_version, event.seats_version),
        });
        state
            .cache
            .get_or_render(key, async { Ok(EventBody::new(event, &festival.slug)) })
            .await
    }

    /// Change an event. A new time or place raises its `sequence`; capacity may not drop below
    /// the seats already taken.
    #[oai(path = "/events/:id", method = "patch")]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        id: Path<Uuid>,
        body: JsonBody<MergePatch<EventInput>>,
    ) -> Result<Json<EventBody>, AppError> {
        let (updated, festival) = events::edit(&state, &auth.0, id.0, |current| {
            body.0.apply(EventInput::from_model(current))?.into_spec()
        })
        .await?;
        Ok(Json(EventBody::new(updated, &festival.slug)))
    }

    /// Delete an event nobody registered for (409 otherwise: cancel it instead).
    #[oai(path = "/events/:id", method = "delete")]
    async fn delete(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        id: Path<Uuid>,
    ) -> Result<EventDeleted, AppError> {
        events::delete(&state, &auth.0, id.0).await?;
        Ok(EventDeleted::Deleted)
    }

    /// Cancel an event. It stays listed with `status: cancelled`.
    #[oai(path = "/events/:id/cancel", method = "post")]
    async fn cancel(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        id: Path<Uuid>,
    ) -> Result<Json<EventBody>, AppError> {
        let (updated, festival) = events::cancel(&state, &auth.0, id.0).await?;
        Ok(Json(EventBody::new(updated, &festival.slug)))
    }
}
