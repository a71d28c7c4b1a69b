//! What the weekly report reads besides the figures: who gets it, what the member's previous
//! report said, and what happened since (registrations made, emails that failed).

use chrono::{DateTime, Utc};
use entity::{event, festival, member, outbox, registration};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::{
    domain::kinds::{FestivalStatus, MemberRole, NotificationKind, NotificationStatus},
    error::AppResult,
};

/// Published festivals (the candidates for a report), with their organisation's id.
pub async fn published_festivals(db: &impl ConnectionTrait) -> AppResult<Vec<festival::Model>> {
    Ok(festival::Entity::find()
        .filter(festival::Column::Status.eq(FestivalStatus::Published))
        .all(db)
        .await?)
}

/// The owners and editors of `organisation_id` who want the weekly report.
pub async fn recipients(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
) -> AppResult<Vec<member::Model>> {
    Ok(member::Entity::find()
        .filter(member::Column::OrganisationId.eq(organisation_id))
        .filter(member::Column::Role.is_in([MemberRole::Owner, MemberRole::Editor]))
        .filter(member::Column::WeeklyReport.eq(true))
        .all(db)
        .await?)
}

/// The members already recorded for report `sequence` of `festival_id`.
pub async fn already_recorded(
    db: &impl ConnectionTrait,
    festival_id: Uuid,
    sequence: i32,
) -> AppResult<Vec<Uuid>> {
    let ids: Vec<Option<Uuid>> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::MemberId)
        .filter(outbox::Column::Kind.eq(NotificationKind::WeeklyReport))
        .filter(outbox::Column::FestivalId.eq(festival_id))
        .filter(outbox::Column::Sequence.eq(sequence))
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.into_iter().flatten().collect())
}

/// The member's latest report of `festival_id`, if any.
pub async fn previous(
    db: &impl ConnectionTrait,
    member_id: Uuid,
    festival_id: Uuid,
) -> AppResult<Option<outbox::Model>> {
    Ok(outbox::Entity::find()
        .filter(outbox::Column::Kind.eq(NotificationKind::WeeklyReport))
        .filter(outbox::Column::MemberId.eq(member_id))
        .filter(outbox::Column::FestivalId.eq(festival_id))
        .order_by_desc(outbox::Column::CreatedAt)
        .one(db)
        .await?)
}

/// Registrations made for `festival_id` since `since` (all of them without one).
pub async fn registrations_since(
    db: &impl ConnectionTrait,
    festival_id: Uuid,
    since: Option<DateTime<Utc>>,
) -> AppResult<u64> {
    let mut query = registration::Entity::find()
        .inner_join(event::Entity)
        .filter(event::Column::FestivalId.eq(festival_id));
    if let Some(since) = since {
        query = query.filter(registration::Column::CreatedAt.gte(since));
    }
    Ok(query.count(db).await?)
}

/// Emails to `festival_id`'s registrants that failed for good, and were recorded since
/// `since` (all of them without one).
pub async fn failed_since(
    db: &impl ConnectionTrait,
    festival_id: Uuid,
    since: Option<DateTime<Utc>>,
) -> AppResult<u64> {
    let mut query = outbox::Entity::find()
        .filter(outbox::Column::FestivalId.eq(festival_id))
        .filter(outbox::Column::RegistrationId.is_not_null())
        .filter(outbox::Column::Status.eq(NotificationStatus::Failed));
    if let Some(since) = since {
        query = query.filter(outbox::Column::UpdatedAt.gte(since));
    }
    Ok(query.count(db).await?)
}
