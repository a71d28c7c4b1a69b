//! The organiser's view of a festival's emails: the notification log, and putting a failed
//! email back in line. The queue itself (enqueue, claim, record) is [`super::outbox`].

use std::collections::HashMap;

use entity::{outbox, registration};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{Page, count, now, padded};
use crate::{
    domain::kinds::NotificationStatus,
    error::{AppError, AppResult},
};

/// The filters of a festival's notification list.
#[derive(Debug, Default, Clone)]
pub struct NotificationFilter {
    pub status: Option<NotificationStatus>,
    pub event_id: Option<Uuid>,
}

/// A festival's emails, newest first, with their recipients; one page and how many match.
pub async fn list(
    db: &impl ConnectionTrait,
    festival_id: Uuid,
    filter: &NotificationFilter,
    page: Page,
) -> AppResult<(Vec<(outbox::Model, String)>, u64)> {
    let mut query = outbox::Entity::find()
        .filter(outbox::Column::FestivalId.eq(festival_id))
        .filter(outbox::Column::RegistrationId.is_not_null())
        .order_by_desc(outbox::Column::CreatedAt)
        .order_by_desc(outbox::Column::Id);
    if let Some(status) = filter.status {
        query = query.filter(outbox::Column::Status.eq(status.as_str()));
    }
    if let Some(event_id) = filter.event_id {
        query = query.filter(outbox::Column::EventId.eq(event_id));
    }
    let total = count(db, query.clone()).await?;
    let rows = query.limit(page.limit).offset(page.offset).all(db).await?;
    let ids: Vec<Uuid> = rows.iter().filter_map(|r| r.registration_id).collect();
    let emails: HashMap<Uuid, String> = registration::Entity::find()
        .select_only()
        .column(registration::Column::Id)
        .column(registration::Column::Email)
        .filter(registration::Column::Id.is_in(padded(ids)))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let items = rows
        .into_iter()
        .map(|r| {
            let email = r
                .registration_id
                .and_then(|id| emails.get(&id).cloned())
                .unwrap_or_default();
            (r, email)
        })
        .collect();
    Ok((items, total))
}

pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> AppResult<outbox::Model> {
    outbox::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("notification"))
}

/// Puts a failed email back in line, to be tried at the next dispatch. Only a failed one: a
/// pending one is already in line, and a sent one is not sent twice.
pub async fn retry(db: &impl ConnectionTrait, current: outbox::Model) -> AppResult<outbox::Model> {
    if current.status != NotificationStatus::Failed {
        return Err(AppError::conflict(format!(
            "only a failed notification can be retried; this one is {}",
            current.status
        )));
    }
    let at = now();
    let mut row: outbox::ActiveModel = current.into();
    row.status = sea_orm::Set(NotificationStatus::Pending);
    row.next_attempt_at = sea_orm::Set(at);
    row.updated_at = sea_orm::Set(at);
    Ok(sea_orm::ActiveModelTrait::update(row, db).await?)
}

/// What the event was when `registration_id` registered, if it has changed since: the
/// details kept with the first change notice the registration was sent.
pub async fn first_change_for(
    db: &impl ConnectionTrait,
    registration_id: Uuid,
) -> AppResult<Option<crate::domain::notification::ChangeDetails>> {
    let first = outbox::Entity::find()
        .filter(outbox::Column::RegistrationId.eq(registration_id))
        .filter(outbox::Column::Kind.eq(crate::domain::kinds::NotificationKind::EventChanged))
        .order_by_asc(outbox::Column::CreatedAt)
        .order_by_asc(outbox::Column::Sequence)
        .one(db)
        .await?;
    Ok(first
        .map(|row| crate::domain::notification::ChangeDetails::from_json(row.details.as_deref())))
}
