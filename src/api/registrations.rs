//! Registrations by citizens, without an account: `POST /api/v1/events/{id}/registrations`,
//! then `GET`/`DELETE /api/v1/registrations/{manage_token}` with the secret they were given.

use chrono::Utc;
use entity::registration;
use poem::web::Data;
use poem_openapi::{
    ApiResponse, Object, OpenApi,
    param::{Header, Path, Query},
    payload::{Binary, Json},
};
use serde::Deserialize;
use uuid::Uuid;

use super::{
    ApiTags, auth::TokenAuth, cache::CachedJson, client::ClientIp, json_body::JsonBody,
    json_or_csv::JsonOrCsv, paging, registrations_csv, timestamp::Timestamp,
};
use crate::{
    domain::{
        email::Email,
        registrant::RegistrationFields,
        registration::{Status, position_in},
        text::parse_search,
    },
    error::AppError,
    operations::registrations::{self, IdempotencyKey},
    state::AppState,
    store::{
        self, attendees::RegistrationFilter, idempotency::MAX_KEY_LENGTH,
        registrations::NewRegistration,
    },
};

// Its rules are `domain::registrant::RegistrationFields`'s, which the activity page's form
// shares; the `oai` bounds below state them in the OpenAPI document.
/// A registration as a citizen sends it.
#[derive(Debug, Object, Deserialize)]
pub struct RegistrationInput {
    #[oai(validator(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    ))]
    pub name: String,
    pub email: String,
    /// Seats for a family or a group: 1 to 10 (default 1).
    #[oai(nullable, validator(minimum(value = "1"), maximum(value = "10")))]
    pub seats: Option<i32>,
    /// The language of the emails: one of the service's languages (the folders of its
    /// `locales/`: `es`, `en` and `pt` as shipped; another is refused with 422 naming
    /// `locale`); from `Accept-Language` if absent, else `en`.
    #[oai(nullable, validator(max_length = 35))]
    pub locale: Option<String>,
    /// What the organiser should know to welcome you (e.g. "wheelchair user").
    #[oai(nullable, validator(max_length = 1000))]
    pub access_needs: Option<String>,
    /// Agreement to the processing of these details for this event; must be `true`.
    pub consent: bool,
}

impl RegistrationInput {
    fn into_new(self, accept_language: Option<&str>) -> Result<NewRegistration, AppError> {
        let fields = RegistrationFields {
            name: self.name,
            email: self.email,
            seats: self.seats,
            locale: self.locale,
            access_needs: self.access_needs,
            consent: self.consent,
        };
        Ok(fields.parse(accept_language)?)
    }
}

/// The answer to a registration. `manage_token` is shown only here.
#[derive(Debug, Object)]
pub struct RegistrationCreatedBody {
    pub id: Uuid,
    /// `confirmed` or `waitlisted`.
    pub status: Status,
    /// 1 for the head of the waiting list; absent when confirmed.
    #[oai(skip_serializing_if_is_none)]
    pub waitlist_position: Option<u64>,
    pub seats: i32,
    /// The secret to read or cancel this registration with; keep it.
    pub manage_token: String,
    pub manage_url: String,
}

/// A registration as its holder sees it. The manage token opens this registration only: the
/// person's other registrations and their calendar link travel only by email to their address
/// (see `POST /registrations/{manage_token}/calendar-link`).
#[derive(Debug, Object)]
pub struct RegistrationBody {
    pub id: Uuid,
    pub event_id: Uuid,
    pub status: Status,
    #[oai(skip_serializing_if_is_none)]
    pub waitlist_position: Option<u64>,
    pub seats: i32,
    pub name: String,
    pub email: String,
    pub locale: String,
    #[oai(nullable)]
    pub access_needs: Option<String>,
    #[oai(nullable)]
    pub checked_in_at: Option<Timestamp>,
    #[oai(nullable)]
    pub cancelled_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

/// The answer to a request for the calendar link.
#[derive(Debug, Object)]
pub struct CalendarLinkBody {
    /// Always `queued`: the link goes by email to the registration's address, at most once an
    /// hour, and is never shown here.
    pub status: String,
}

#[derive(ApiResponse)]
pub enum CalendarLinkSent {
    /// The email with the link is on its way to the registration's address.
    #[oai(status = 202)]
    Accepted(Json<CalendarLinkBody>),
}

#[derive(ApiResponse)]
pub enum RegistrationCreated {
    /// Registered (confirmed or waitlisted); a retry with the same `Idempotency-Key` gets the
    /// same answer.
    #[oai(status = 201)]
    Created(CachedJson<RegistrationCreatedBody>),
}

/// A registration as the organiser sees it.
#[derive(Debug, Object)]
pub struct AttendeeBody {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub seats: i32,
    pub status: Status,
    #[oai(skip_serializing_if_is_none)]
    pub waitlist_position: Option<u64>,
    pub locale: String,
    #[oai(nullable)]
    pub access_needs: Option<String>,
    pub created_at: Timestamp,
    #[oai(nullable)]
    pub checked_in_at: Option<Timestamp>,
    #[oai(nullable)]
    pub cancelled_at: Option<Timestamp>,
}

impl AttendeeBody {
    fn new(r: registration::Model, waitlist: &[Uuid]) -> Self {
        Self {
            waitlist_position: position_in(waitlist, r.id),
            id: r.id,
            name: r.name,
            email: r.email,
            seats: r.seats,
            status: r.status,
            locale: r.locale,
            access_needs: r.access_needs,
            created_at: r.created_at.into(),
            checked_in_at: r.checked_in_at.map(Into::into),
            cancelled_at: r.cancelled_at.map(Into::into),
        }
    }
}

paging::list_body!(AttendeeList, AttendeeBody);

/// The registrations as JSON, or all matching ones as CSV (with `Accept: text/csv`), streamed.
pub type AttendeeListResponse = JsonOrCsv<AttendeeList>;

/// Whose registrations to erase.
#[derive(Debug, Object, Deserialize)]
pub struct EraseInput {
    pub email: String,
}

#[derive(Debug, Object)]
pub struct EraseBody {
    /// How many registrations were anonymised.
    pub erased: u64,
}

pub struct RegistrationsApi;

#[OpenApi(tag = "ApiTags::Registrations")]
impl RegistrationsApi {
    /// Register for an event, without an account. Seats are never oversold: when they run out
    /// you join the waiting list and move up as others cancel.
    #[oai(path = "/events/:id/registrations", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        client: ClientIp,
        id: Path<Uuid>,
        body: JsonBody<RegistrationInput>,
        /// Makes a retried POST return the first answer instead of registering twice; 1 to
        /// 200 characters, remembered for 24 hours, and only for the same request.
        #[oai(name = "Idempotency-Key")]
        idempotency_key: Header<Option<String>>,
        #[oai(name = "Accept-Language")] accept_language: Header<Option<String>>,
    ) -> Result<RegistrationCreated, AppError> {
        state.limits.anonymous_change(client.0)?;
        let key = match idempotency_key.0.map(|k| k.trim().to_owned()) {
            None => None,
            Some(k) if k.is_empty() || k.len() > MAX_KEY_LENGTH => {
                return Err(AppError::invalid(
                    "Idempotency-Key",
                    format!("must be 1 to {MAX_KEY_LENGTH} characters"),
                ));
            }
            Some(k) => Some(k),
        };
        let new = body.0.into_new(accept_language.0.as_deref())?;
        let key = key.map(|k| IdempotencyKey::new(k, client.0, &new));
        let taken = registrations::register(&state, id.0, new, key, Utc::now()).await?;
        Ok(RegistrationCreated::Created(CachedJson::render(
            &RegistrationCreatedBody {
                id: taken.id,
                status: taken.status,
                waitlist_position: taken.waitlist_position,
                seats: taken.seats,
                manage_url: state.config.manage_url(&taken.manage_token),
                manage_token: taken.manage_token,
            },
        )))
    }

    /// An event's registrations (organiser), in order of arrival; CSV with `Accept: text/csv`.
    #[allow(clippy::too_many_arguments)]
    #[oai(path = "/events/:id/registrations", method = "get")]
    async fn attendees(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        id: Path<Uuid>,
        /// `confirmed`, `waitlisted` or `cancelled`.
        #[oai(validator(pattern = "^(confirmed|waitlisted|cancelled)$"))]
        status: Query<Option<String>>,
        /// Words to find in the name or email.
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
        #[oai(name = "Accept")] accept: Header<Option<String>>,
    ) -> Result<AttendeeListResponse, AppError> {
        let db = state.db.conn();
        let (event, festival) = store::events::with_festival(db, id.0).await?;
        store::festivals::authorize_change_in(&auth.0, &festival, "event")?;
        let filter = RegistrationFilter {
            status: match status.0.as_deref() {
                None => None,
                Some(text) => Some(Status::parse(text).ok_or_else(|| {
                    AppError::invalid("status", "must be confirmed, waitlisted or cancelled")
                })?),
            },
            q: parse_search(q.0)?,
        };
        let waitlist = store::attendees::waitlist_order(db, event.id).await?;
        if accept.0.as_deref().is_some_and(|a| a.contains("text/csv")) {
            return Ok(AttendeeListResponse::Csv(Binary(
                registrations_csv::stream(state.db.clone(), event.id, filter, waitlist),
            )));
        }
        let page = paging::page(limit.0, offset.0);
        let (items, total) = store::attendees::list(db, event.id, &filter, page).await?;
        let items = items
            .into_iter()
            .map(|r| AttendeeBody::new(r, &waitlist))
            .collect();
        Ok(AttendeeListResponse::Json(Json(AttendeeList::new(
            items, total, page,
        ))))
    }

    /// Check a confirmed registration in at the door (organiser). Checking in twice keeps the
    /// first time.
    #[oai(path = "/registrations/:id/check-in", method = "post")]
    async fn check_in(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        id: Path<Uuid>,
    ) -> Result<Json<AttendeeBody>, AppError> {
        let checked = registrations::check_in(&state, &auth.0, id.0).await?;
        Ok(Json(AttendeeBody::new(checked, &[])))
    }

    /// Anonymise a person's registrations: everywhere with an admin token, on the
    /// organisation's own events with an organiser token. Counts stay; their tokens stop working.
    #[oai(path = "/privacy/erase", method = "post")]
    async fn erase(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        body: JsonBody<EraseInput>,
    ) -> Result<Json<EraseBody>, AppError> {
        let email = Email::parse(&body.0.email)
            .ok_or_else(|| AppError::invalid("email", "must be an email address"))?;
        let erased = registrations::erase(&state, &auth.0, &email).await?;
        Ok(Json(EraseBody { erased }))
    }

    /// Read your registration (this one only).
    #[oai(path = "/registrations/:manage_token", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        manage_token: Path<String>,
    ) -> Result<Json<RegistrationBody>, AppError> {
        let db = state.db.conn();
        let found = store::registrations::by_manage_token(db, &manage_token.0).await?;
        Ok(Json(view(db, found).await?))
    }

    /// Email me the link of my own calendar (every event I am confirmed for). It goes to the
    /// registration's address only, at most once an hour.
    #[oai(path = "/registrations/:manage_token/calendar-link", method = "post")]
    async fn calendar_link(
        &self,
        state: Data<&AppState>,
        client: ClientIp,
        manage_token: Path<String>,
    ) -> Result<CalendarLinkSent, AppError> {
        state.limits.anonymous_change(client.0)?;
        registrations::send_calendar_link(&state, &manage_token.0, Utc::now()).await?;
        Ok(CalendarLinkSent::Accepted(Json(CalendarLinkBody {
            status: "queued".to_owned(),
        })))
    }

    /// Cancel your registration; your seats go to the waiting list in order.
    #[oai(path = "/registrations/:manage_token", method = "delete")]
    async fn cancel(
        &self,
        state: Data<&AppState>,
        client: ClientIp,
        manage_token: Path<String>,
    ) -> Result<Json<RegistrationBody>, AppError> {
        state.limits.anonymous_change(client.0)?;
        let cancelled = registrations::cancel(&state, &manage_token.0).await?;
        Ok(Json(view(state.db.conn(), cancelled).await?))
    }
}

async fn view(
    db: &impl sea_orm::ConnectionTrait,
    r: registration::Model,
) -> Result<RegistrationBody, AppError> {
    Ok(RegistrationBody {
        waitlist_position: store::registrations::waitlist_position(db, &r).await?,
        id: r.id,
        event_id: r.event_id,
        status: r.status,
        seats: r.seats,
        name: r.name,
        email: r.email,
        locale: r.locale,
        access_needs: r.access_needs,
        checked_in_at: r.checked_in_at.map(Into::into),
        cancelled_at: r.cancelled_at.map(Into::into),
        created_at: r.created_at.into(),
    })
}
