//! The organiser's view of a festival's emails: what was sent, what waits, what failed and
//! why, and a retry for a failed one.

use entity::outbox;
use poem::web::Data;
use poem_openapi::{
    Object, OpenApi,
    param::{Path, Query},
    payload::Json,
};
use uuid::Uuid;

use super::{ApiTags, auth::TokenAuth, paging, timestamp::Timestamp};
use crate::{
    domain::kinds::{NotificationKind, NotificationStatus},
    error::AppError,
    operations::notifications,
    state::AppState,
    store::{self, notifications::NotificationFilter},
};

/// One email and where it is in its delivery.
#[derive(Debug, Object)]
pub struct NotificationBody {
    pub id: Uuid,
    pub kind: NotificationKind,
    pub status: NotificationStatus,
    /// The registrant's address.
    pub recipient: String,
    pub registration_id: Uuid,
    pub event_id: Uuid,
    /// The event's iCalendar sequence the email was about.
    pub sequence: i32,
    /// For reminders: minutes before the start.
    #[oai(skip_serializing_if_is_none)]
    pub offset_minutes: Option<i32>,
    /// Send attempts made so far.
    pub attempts: i32,
    #[oai(nullable)]
    pub last_error: Option<String>,
    /// When the next attempt is due (while pending).
    #[oai(nullable)]
    pub next_attempt_at: Option<Timestamp>,
    #[oai(nullable)]
    pub sent_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

impl NotificationBody {
    /// The row as the log shows it; `None` for an email to an organisation member, which is
    /// about no registration (the log lists a festival's emails to its registrants).
    fn new(row: outbox::Model, recipient: String) -> Option<Self> {
        let status = row.status;
        Some(Self {
            id: row.id,
            kind: row.kind,
            recipient,
            registration_id: row.registration_id?,
            event_id: row.event_id?,
            sequence: row.sequence,
            offset_minutes: (row.kind == NotificationKind::Reminder).then_some(row.offset_minutes),
            attempts: row.attempts,
            last_error: row.last_error,
            next_attempt_at: (status == NotificationStatus::Pending)
                .then(|| row.next_attempt_at.into()),
            sent_at: row.sent_at.map(Into::into),
            created_at: row.created_at.into(),
            status,
        })
    }
}

paging::list_body!(NotificationList, NotificationBody);

pub struct NotificationsApi;

#[OpenApi(tag = "ApiTags::Notifications")]
impl NotificationsApi {
    /// A festival's emails, newest first (organiser).
    #[allow(clippy::too_many_arguments)]
    #[oai(path = "/festivals/:slug/notifications", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        slug: Path<String>,
        /// `pending`, `sent`, `failed` or `skipped`.
        #[oai(validator(pattern = "^(pending|sent|failed|skipped)$"))]
        status: Query<Option<String>>,
        /// Only the emails about this event.
        event_id: Query<Option<Uuid>>,
        #[oai(validator(minimum(value = "0"), maximum(value = "9007199254740991")))] limit: Query<
            Option<u64>,
        >,
        #[oai(validator(minimum(value = "0"), maximum(value = "9007199254740991")))] offset: Query<
            Option<u64>,
        >,
    ) -> Result<Json<NotificationList>, AppError> {
        let db = state.db.conn();
        let festival = store::festivals::by_slug(db, &slug.0).await?;
        store::festivals::authorize_change_in(&auth.0, &festival, "festival")?;
        let filter = NotificationFilter {
            status: match status.0.as_deref() {
                None => None,
                Some(text) => Some(NotificationStatus::parse(text).ok_or_else(|| {
                    AppError::invalid("status", "must be pending, sent, failed or skipped")
                })?),
            },
            event_id: event_id.0,
        };
        let page = paging::page(limit.0, offset.0);
        let (rows, total) = store::notifications::list(db, festival.id, &filter, page).await?;
        let items = rows
            .into_iter()
            .filter_map(|(row, recipient)| NotificationBody::new(row, recipient))
            .collect();
        Ok(Json(NotificationList::new(items, total, page)))
    }

    /// Try a failed email again at once (organiser). Only a failed one: 409 otherwise.
    #[oai(path = "/notifications/:id/retry", method = "post")]
    async fn retry(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        id: Path<Uuid>,
    ) -> Result<Json<NotificationBody>, AppError> {
        let (retried, recipient) = notifications::retry(&state, &auth.0, id.0).await?;
        NotificationBody::new(retried, recipient)
            .map(Json)
            .ok_or(AppError::NotFound("notification"))
    }
}
