//! `/api/v1/festivals`: the umbrella of a learning festival, a conference or a forum.

use entity::festival;
use poem::web::Data;
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
    date::Date,
    json_body::JsonBody,
    paging,
    patch::{MergePatch, Patchable},
    timestamp::Timestamp,
};
use crate::{
    config::Config,
    domain::{
        access::{Actor, can_see},
        festival::{self as rules, DEFAULT_REMINDER_OFFSETS, FestivalSpec},
        kinds::{FestivalKind, FestivalStatus},
        place::{country_code, parse_timezone, validate_country, validate_timezone},
        slug::validate_slug,
        text::{parse_search, trimmed, validate_lines, validate_not_blank, validate_web_url},
    },
    error::AppError,
    operations::festivals,
    state::AppState,
    store::{self, decode_list, festivals::FestivalFilter},
};

/// A festival as sent by an organiser.
#[derive(Debug, Clone, Object, Serialize, Deserialize, Validate)]
pub struct FestivalInput {
    /// URL name, unique and permanent, e.g. `festival-aprendizaje-quito-2027`.
    #[validate(custom(function = "validate_slug"))]
    #[oai(validator(min_length = 2, max_length = 64, pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub slug: String,
    #[validate(length(min = 1, max = 200), custom(function = "validate_not_blank"))]
    #[oai(validator(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    ))]
    pub title: String,
    pub kind: FestivalKind,
    #[validate(length(min = 1, max = 100), custom(function = "validate_not_blank"))]
    #[oai(validator(
        min_length = 1,
        max_length = 100,
        pattern = r"[^\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    ))]
    pub city: String,
    /// ISO 3166-1 alpha-2, e.g. `EC`.
    #[validate(custom(function = "validate_country"))]
    pub country: String,
    /// IANA timezone in which the festival's dates and events are read, e.g. `America/Guayaquil`.
    #[validate(custom(function = "validate_timezone"))]
    pub timezone: String,
    pub starts_on: Date,
    pub ends_on: Date,
    #[validate(length(max = 20000), custom(function = "validate_lines"))]
    #[oai(nullable, validator(max_length = 20000))]
    pub description: Option<String>,
    #[validate(custom(function = "validate_web_url"))]
    #[oai(nullable)]
    pub website: Option<String>,
    /// Minutes before each event at which registrants get a reminder; `[1440, 60]` if absent.
    #[oai(
        nullable,
        validator(max_items = 5, minimum(value = "1"), maximum(value = "43200"))
    )]
    pub reminder_offsets_minutes: Option<Vec<i64>>,
}

impl FestivalInput {
    pub(crate) fn into_spec(self) -> Result<FestivalSpec, AppError> {
        self.validate()?;
        rules::check_dates(self.starts_on.0, self.ends_on.0)?;
        let offsets = match &self.reminder_offsets_minutes {
            Some(offsets) => rules::normalise_reminder_offsets(offsets)?,
            None => DEFAULT_REMINDER_OFFSETS.to_vec(),
        };
        Ok(FestivalSpec {
            slug: self.slug,
            title: self.title.trim().to_owned(),
            kind: self.kind,
            city: self.city.trim().to_owned(),
            country: country_code(&self.country)
                .ok_or_else(|| AppError::invalid("country", "unknown country"))?,
            timezone: parse_timezone(&self.timezone)
                .ok_or_else(|| AppError::invalid("timezone", "unknown timezone"))?,
            starts_on: self.starts_on.0,
            ends_on: self.ends_on.0,
            description: trimmed(self.description.as_deref()),
            website: trimmed(self.website.as_deref()),
            reminder_offsets_minutes: offsets,
        })
    }

    pub(crate) fn from_model(m: &festival::Model) -> Self {
        Self {
            slug: m.slug.clone(),
            title: m.title.clone(),
            kind: m.kind,
            city: m.city.clone(),
            country: m.country.clone(),
            timezone: m.timezone.to_string(),
            starts_on: m.starts_on.into(),
            ends_on: m.ends_on.into(),
            description: m.description.clone(),
            website: m.website.clone(),
            reminder_offsets_minutes: Some(decode_list(&m.reminder_offsets_minutes)),
        }
    }
}

impl Patchable for FestivalInput {
    const FIXED: &'static [&'static str] = &["slug"];
    const DESCRIPTION: &'static str = "A change to a festival: fields left out keep their value; `null` clears an \
         optional one (`reminder_offsets_minutes`: back to the default). The slug cannot \
         change: feeds and links are subscribed by it. The result is validated as a \
         whole.";
}

#[derive(Debug, Object)]
pub struct FestivalBody {
    pub id: Uuid,
    pub slug: String,
    pub organisation_id: Uuid,
    pub title: String,
    pub kind: FestivalKind,
    pub status: FestivalStatus,
    pub city: String,
    pub country: String,
    pub timezone: String,
    pub starts_on: Date,
    pub ends_on: Date,
    #[oai(nullable)]
    pub description: Option<String>,
    #[oai(nullable)]
    pub website: Option<String>,
    pub reminder_offsets_minutes: Vec<u32>,
    /// The programme as JSON.
    pub events_url: String,
    /// The programme as an iCalendar feed.
    pub feed_url: String,
    /// The same feed for calendar apps that subscribe by `webcal://`.
    pub webcal_url: String,
    #[oai(nullable)]
    pub published_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl FestivalBody {
    pub fn new(m: festival::Model, config: &Config) -> Self {
        let base = config.public_base();
        let feed_url = format!("{base}/feeds/festivals/{}.ics", m.slug);
        let webcal_url = format!(
            "webcal://{}",
            feed_url
                .split_once("://")
                .map_or(feed_url.as_str(), |(_, rest)| rest)
        );
        Self {
            events_url: format!("{base}/api/v1/festivals/{}/events", m.slug),
            feed_url,
            webcal_url,
            kind: m.kind,
            status: m.status,
            reminder_offsets_minutes: decode_list(&m.reminder_offsets_minutes),
            id: m.id,
            slug: m.slug,
            organisation_id: m.organisation_id,
            title: m.title,
            city: m.city,
            country: m.country,
            timezone: m.timezone.to_string(),
            starts_on: m.starts_on.into(),
            ends_on: m.ends_on.into(),
            description: m.description,
            website: m.website,
            published_at: m.published_at.map(Into::into),
            created_at: m.created_at.into(),
            updated_at: m.updated_at.into(),
        }
    }
}

paging::list_body!(FestivalList, FestivalBody);

#[derive(ApiResponse)]
pub enum FestivalCreated {
    /// The festival was created as a draft.
    #[oai(status = 201)]
    Created(Json<FestivalBody>, #[oai(header = "Location")] String),
}

#[derive(ApiResponse)]
pub enum FestivalDeleted {
    /// The draft and its events are gone.
    #[oai(status = 204)]
    Deleted,
}

/// The festival `slug` if `viewer` may see it; a draft is a 404 to everyone but its owners.
pub async fn visible(
    state: &AppState,
    viewer: Option<&Actor>,
    slug: &str,
) -> Result<festival::Model, AppError> {
    let festival = store::festivals::by_slug(state.db.conn(), slug).await?;
    if can_see(
        viewer,
        festival.organisation_id,
        store::festivals::is_public(&festival),
    ) {
        Ok(festival)
    } else {
        Err(AppError::NotFound("festival"))
    }
}

pub struct FestivalsApi;

#[OpenApi(tag = "ApiTags::Festivals")]
impl FestivalsApi {
    /// Create a festival of the token's organisation, as a draft.
    #[oai(path = "/festivals", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        body: JsonBody<FestivalInput>,
    ) -> Result<FestivalCreated, AppError> {
        let organisation_id = auth.0.own_organisation()?;
        let spec = body.0.into_spec()?;
        let created = festivals::create(&state, organisation_id, &spec).await?;
        let location = format!("/api/v1/festivals/{}", created.slug);
        Ok(FestivalCreated::Created(
            Json(FestivalBody::new(created, &state.config)),
            location,
        ))
    }

    /// List published festivals (and, with a token, the organisation's drafts).
    #[allow(clippy::too_many_arguments)]
    #[oai(path = "/festivals", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: MaybeAuth,
        kind: Query<Option<FestivalKind>>,
        city: Query<Option<String>>,
        /// ISO 3166-1 alpha-2.
        country: Query<Option<String>>,
        /// Festivals still running on or after this date; by default a month before today, so
        /// that past festivals are listed only when asked for.
        from: Query<Option<Date>>,
        /// Festivals that have started by this date.
        to: Query<Option<Date>>,
        /// Words to find in the title or description (accents and case ignored).
        #[oai(validator(
            max_length = 200,
            pattern = r"^[\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(?:[^\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+(?:[\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+[^\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+){0,9})?[\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
        ))]
        q: Query<Option<String>>,
        #[oai(validator(minimum(value = "0"), maximum(value = "9007199254740991")))] limit: Query<
            Option<u64>,
        >,
        #[oai(validator(minimum(value = "0"), maximum(value = "9007199254740991")))] offset: Query<
            Option<u64>,
        >,
    ) -> Result<Json<FestivalList>, AppError> {
        let page = paging::page(limit.0, offset.0);
        let filter = FestivalFilter {
            kind: kind.0,
            city: city.0,
            country: country.0,
            from: Some(
                from.0
                    .map_or_else(|| rules::listed_from(chrono::Utc::now()), |d| d.0),
            ),
            to: to.0.map(|d| d.0),
            q: parse_search(q.0)?,
        };
        let (items, total) =
            store::festivals::list(state.db.conn(), auth.actor(), &filter, page).await?;
        let items = items
            .into_iter()
            .map(|f| FestivalBody::new(f, &state.config))
            .collect();
        Ok(Json(FestivalList::new(items, total, page)))
    }

    /// Read a festival. Drafts are visible to their organisation only.
    #[oai(path = "/festivals/:slug", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: MaybeAuth,
        slug: Path<String>,
    ) -> Result<Json<FestivalBody>, AppError> {
        let festival = visible(&state, auth.actor(), &slug.0).await?;
        Ok(Json(FestivalBody::new(festival, &state.config)))
    }

    /// Change a festival. New dates may not leave any of its events outside them.
    #[oai(path = "/festivals/:slug", method = "patch")]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        slug: Path<String>,
        body: JsonBody<MergePatch<FestivalInput>>,
    ) -> Result<Json<FestivalBody>, AppError> {
        let updated = festivals::edit(&state, &auth.0, &slug.0, |current| {
            body.0
                .apply(FestivalInput::from_model(current))?
                .into_spec()
        })
        .await?;
        Ok(Json(FestivalBody::new(updated, &state.config)))
    }

    /// Delete a draft festival and its events. A published festival is cancelled instead (409).
    #[oai(path = "/festivals/:slug", method = "delete")]
    async fn delete(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        slug: Path<String>,
    ) -> Result<FestivalDeleted, AppError> {
        festivals::delete(&state, &auth.0, &slug.0).await?;
        Ok(FestivalDeleted::Deleted)
    }

    /// Publish a draft: it and its events become public. Publishing twice changes nothing.
    #[oai(path = "/festivals/:slug/publish", method = "post")]
    async fn publish(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        slug: Path<String>,
    ) -> Result<Json<FestivalBody>, AppError> {
        let updated = festivals::publish(&state, &auth.0, &slug.0).await?;
        Ok(Json(FestivalBody::new(updated, &state.config)))
    }

    /// Cancel a festival and every event in it.
    #[oai(path = "/festivals/:slug/cancel", method = "post")]
    async fn cancel(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        slug: Path<String>,
    ) -> Result<Json<FestivalBody>, AppError> {
        let updated = festivals::cancel(&state, &auth.0, &slug.0).await?;
        Ok(Json(FestivalBody::new(updated, &state.config)))
    }
}
