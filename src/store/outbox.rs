//! The email outbox. A change that must notify someone writes its rows here in its own
//! transaction ([`enqueue`], [`notify_live`]); the dispatcher then [`claim`]s due rows under a
//! lease, sends them and records the outcome. The unique key (registration, kind, sequence,
//! offset) makes enqueueing idempotent; the lease makes claiming exclusive between processes,
//! and a lease that runs out (its process died) lets the row be claimed again.

use chrono::{DateTime, Duration, Utc};
use entity::{event, outbox, person, registration};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, ExprTrait, LockBehavior, LockType, OnConflict, Order, Query, SimpleExpr},
};
use uuid::Uuid;

use super::{Db, now, padded};
use crate::{
    domain::{
        kinds::{NotificationKind, NotificationStatus},
        notification::retry_at,
        registration::Status,
    },
    error::AppResult,
};

/// One email to enqueue.
#[derive(Debug, Clone)]
pub struct Notice {
    pub registration_id: Uuid,
    pub event_id: Uuid,
    pub festival_id: Uuid,
    pub kind: NotificationKind,
    pub sequence: i32,
    pub offset_minutes: i32,
    pub details: Option<String>,
}

impl Notice {
    pub fn new(kind: NotificationKind, registration_id: Uuid, event: (Uuid, Uuid, i32)) -> Self {
        let (event_id, festival_id, sequence) = event;
        Self {
            registration_id,
            event_id,
            festival_id,
            kind,
            sequence,
            offset_minutes: 0,
            details: None,
        }
    }
}

/// Rows per `INSERT`: each row binds 17 values, and SQLite allows 32,766 bound values per
/// statement (PostgreSQL 65,535). One statement for a whole cancelled festival of 50,000
/// registrations would be refused, so the rows go in chunks, all in the caller's transaction.
const ROWS_PER_INSERT: usize = 1_000;

/// Records `notices` as pending; one already recorded (same registration, kind, sequence and
/// offset) is left as it is.
pub async fn enqueue(db: &impl ConnectionTrait, notices: Vec<Notice>) -> AppResult<()> {
    let at = now();
    for chunk in notices.chunks(ROWS_PER_INSERT) {
        insert(chunk, at).exec_without_returning(db).await?;
    }
    Ok(())
}

/// The `INSERT` of [`enqueue`] for at most [`ROWS_PER_INSERT`] notices, for a caller that
/// sends it with other statements.
pub fn insert(notices: &[Notice], at: DateTime<Utc>) -> sea_orm::InsertMany<outbox::ActiveModel> {
    let rows = notices.iter().map(|n| outbox::ActiveModel {
        id: sea_orm::Set(super::new_id()),
        registration_id: sea_orm::Set(Some(n.registration_id)),
        event_id: sea_orm::Set(Some(n.event_id)),
        festival_id: sea_orm::Set(Some(n.festival_id)),
        member_id: sea_orm::Set(None),
        kind: sea_orm::Set(n.kind),
        sequence: sea_orm::Set(n.sequence),
        offset_minutes: sea_orm::Set(n.offset_minutes),
        details: sea_orm::Set(n.details.clone()),
        ..pending(at, at)
    });
    outbox::Entity::insert_many(rows).on_conflict(
        OnConflict::columns([
            outbox::Column::RegistrationId,
            outbox::Column::Kind,
            outbox::Column::Sequence,
            outbox::Column::OffsetMinutes,
        ])
        .do_nothing()
        .to_owned(),
    )
}

/// Records one email to organisation member `member_id` as pending: `kind` with `details`
/// (what it is written from; never a secret, which is derived again when it is written).
pub async fn enqueue_for_member(
    db: &impl ConnectionTrait,
    member_id: Uuid,
    kind: NotificationKind,
    details: String,
) -> AppResult<()> {
    outbox::Entity::insert(member_row(member_id, kind, details, None, now()))
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Records the report `sequence` (a week, or the final one) of `festival_id` to member
/// `member_id`, due at `due`, unless it is already recorded (by this or another instance).
/// Whether it was.
pub async fn enqueue_report(
    db: &impl ConnectionTrait,
    member_id: Uuid,
    festival_id: Uuid,
    sequence: i32,
    details: String,
    due: DateTime<Utc>,
) -> AppResult<bool> {
    let row = member_row(
        member_id,
        NotificationKind::WeeklyReport,
        details,
        Some((festival_id, sequence)),
        due,
    );
    // The target names migration 000011's partial index, its condition written as the index
    // has it: a bound value in its place would not let SQLite match the two.
    let inserted = outbox::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                outbox::Column::MemberId,
                outbox::Column::FestivalId,
                outbox::Column::Sequence,
            ])
            .target_and_where(Expr::cust("kind = 'weekly_report'"))
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(inserted > 0)
}

/// A pending email to a member, due at `due`.
fn member_row(
    member_id: Uuid,
    kind: NotificationKind,
    details: String,
    festival: Option<(Uuid, i32)>,
    due: DateTime<Utc>,
) -> outbox::ActiveModel {
    outbox::ActiveModel {
        id: sea_orm::Set(super::new_id()),
        registration_id: sea_orm::Set(None),
        event_id: sea_orm::Set(None),
        festival_id: sea_orm::Set(festival.map(|(id, _)| id)),
        member_id: sea_orm::Set(Some(member_id)),
        kind: sea_orm::Set(kind),
        sequence: sea_orm::Set(festival.map_or(0, |(_, sequence)| sequence)),
        offset_minutes: sea_orm::Set(0),
        details: sea_orm::Set(Some(details)),
        ..pending(now(), due)
    }
}

/// What every new row of the outbox starts as: pending since `at`, due at `due`, never tried.
fn pending(at: DateTime<Utc>, due: DateTime<Utc>) -> outbox::ActiveModel {
    outbox::ActiveModel {
        status: sea_orm::Set(NotificationStatus::Pending),
        attempts: sea_orm::Set(0),
        next_attempt_at: sea_orm::Set(due),
        lease_owner: sea_orm::Set(None),
        lease_until: sea_orm::Set(None),
        last_error: sea_orm::Set(None),
        sent_at: sea_orm::Set(None),
        created_at: sea_orm::Set(at),
        updated_at: sea_orm::Set(at),
        ..Default::default()
    }
}

/// Enqueues `kind` for `registrations` of one event, at the event's current sequence.
pub async fn notify(
    db: &impl ConnectionTrait,
    kind: NotificationKind,
    registrations: &[Uuid],
    event_id: Uuid,
) -> AppResult<()> {
    let Some((festival_id, sequence)) = event::Entity::find_by_id(event_id)
        .select_only()
        .column(event::Column::FestivalId)
        .column(event::Column::Sequence)
        .into_tuple::<(Uuid, i32)>()
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let notices = registrations
        .iter()
        .map(|id| Notice::new(kind, *id, (event_id, festival_id, sequence)))
        .collect();
    enqueue(db, notices).await
}

/// Enqueues `kind` for every live (confirmed or waitlisted) registration of the events
/// `events` selects, at each event's current sequence.
pub async fn notify_live(
    db: &impl ConnectionTrait,
    events: SimpleExpr,
    kind: NotificationKind,
    details: Option<String>,
) -> AppResult<()> {
    let rows: Vec<(Uuid, Uuid, Uuid, i32)> = registration::Entity::find()
        .select_only()
        .column(registration::Column::Id)
        .column(registration::Column::EventId)
        .column(event::Column::FestivalId)
        .column(event::Column::Sequence)
        .inner_join(event::Entity)
        .filter(events)
        .filter(
            registration::Column::Status
                .is_in([Status::Confirmed.as_str(), Status::Waitlisted.as_str()]),
        )
        .into_tuple()
        .all(db)
        .await?;
    let notices = rows
        .into_iter()
        .map(|(id, event_id, festival_id, sequence)| Notice {
            details: details.clone(),
            ..Notice::new(kind, id, (event_id, festival_id, sequence))
        })
        .collect();
    enqueue(db, notices).await
}

/// How many emails are pending, and how many seconds the oldest one due by `now` has waited
/// since it was due (0 when none is due).
pub async fn pending_and_oldest(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> AppResult<(u64, i64)> {
    use sea_orm::{PaginatorTrait, QueryOrder};
    let pending = outbox::Entity::find()
        .filter(outbox::Column::Status.eq(NotificationStatus::Pending))
        .count(db)
        .await?;
    let oldest: Option<DateTime<Utc>> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::NextAttemptAt)
        .filter(outbox::Column::Status.eq(NotificationStatus::Pending))
        .filter(outbox::Column::NextAttemptAt.lte(now))
        .order_by_asc(outbox::Column::NextAttemptAt)
        .into_tuple()
        .one(db)
        .await?;
    Ok((
        pending,
        oldest.map_or(0, |at| Ord::max((now - at).num_seconds(), 0)),
    ))
}

/// How long a claimed row is held before another dispatcher may take it: far longer than a
/// batch takes to send, so only a dead process's rows come back.
pub const LEASE: Duration = Duration::minutes(10);

/// Claims up to `limit` rows due at `now` for `owner`, counting an attempt on each, in one
/// `UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING *`. On PostgreSQL concurrent claimers
/// skip each other's locked rows; on SQLite the write lock makes the claim exclusive.
pub async fn claim(
    db: &Db,
    owner: Uuid,
    now: DateTime<Utc>,
    limit: u64,
) -> AppResult<Vec<outbox::Model>> {
    let txn = db.begin_write().await?;
    let rows = claim_query(owner, now, limit)
        .exec_with_returning(&*txn)
        .await?;
    txn.commit().await?;
    Ok(rows)
}

fn claim_query(owner: Uuid, now: DateTime<Utc>, limit: u64) -> sea_orm::UpdateMany<outbox::Entity> {
    // `SKIP LOCKED` is written for PostgreSQL only; the SQLite builder leaves locks out.
    let due = Query::select()
        .column(outbox::Column::Id)
        .from(outbox::Entity)
        .and_where(outbox::Column::Status.eq(NotificationStatus::Pending))
        .and_where(outbox::Column::NextAttemptAt.lte(now))
        .cond_where(
            Condition::any()
                .add(outbox::Column::LeaseUntil.is_null())
                .add(outbox::Column::LeaseUntil.lte(now)),
        )
        // Emails to members first: a sign-in link works for 15 minutes, and must not wait
        // behind a cancelled festival's thousands of notices.
        .order_by_expr(Expr::col(outbox::Column::MemberId).is_null(), Order::Asc)
        .order_by(outbox::Column::NextAttemptAt, Order::Asc)
        .limit(limit)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .to_owned();
    outbox::Entity::update_many()
        .col_expr(outbox::Column::LeaseOwner, Expr::value(owner))
        .col_expr(outbox::Column::LeaseUntil, Expr::value(now + LEASE))
        .col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).add(1),
        )
        .col_expr(outbox::Column::UpdatedAt, Expr::value(now))
        .filter(outbox::Column::Id.in_subquery(due))
}

/// What became of a claimed row.
#[derive(Debug, Clone)]
pub enum Outcome {
    Sent,
    /// Not sent because it no longer applies (the reason is kept as its last error).
    Skipped(String),
    /// Sending failed; `permanent` when the server refused for good.
    Failed {
        error: String,
        permanent: bool,
    },
    /// The server refused the mailbox itself: this row failed, and the address is marked so
    /// that no later email is tried on it.
    Bounced {
        email: String,
        error: String,
    },
}

/// Records the outcomes of `owner`'s claimed rows, in one transaction. A row whose lease
/// `owner` no longer holds (it ran out and another dispatcher took it) is left alone.
pub async fn record(
    db: &Db,
    owner: Uuid,
    now: DateTime<Utc>,
    outcomes: Vec<(outbox::Model, Outcome)>,
) -> AppResult<()> {
    let txn = db.begin_write().await?;
    let sent: Vec<Uuid> = outcomes
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Sent))
        .map(|(row, _)| row.id)
        .collect();
    for chunk in sent.chunks(500) {
        let update = outbox::Entity::update_many()
            .col_expr(
                outbox::Column::Status,
                Expr::value(NotificationStatus::Sent.as_str()),
            )
            .col_expr(outbox::Column::SentAt, Expr::value(now))
            .col_expr(
                outbox::Column::LastError,
                Expr::value(Option::<String>::None),
            )
            .filter(outbox::Column::Id.is_in(padded(chunk.iter().copied())));
        released(update, owner, now).exec(&*txn).await?;
    }
    for (row, outcome) in outcomes {
        let (status, error, next) = match outcome {
            Outcome::Sent => continue,
            Outcome::Skipped(reason) => (NotificationStatus::Skipped, reason, now),
            Outcome::Bounced { email, error } => {
                mark_bounced(&*txn, &email, &error, now).await?;
                (NotificationStatus::Failed, error, now)
            }
            Outcome::Failed { error, permanent } => {
                match retry_at(row.attempts, now).filter(|_| !permanent) {
                    Some(next) => (NotificationStatus::Pending, error, next),
                    None => (NotificationStatus::Failed, error, now),
                }
            }
        };
        let update = outbox::Entity::update_many()
            .col_expr(outbox::Column::Status, Expr::value(status.as_str()))
            .col_expr(outbox::Column::LastError, Expr::value(Some(error)))
            .col_expr(outbox::Column::NextAttemptAt, Expr::value(next))
            .filter(outbox::Column::Id.eq(row.id));
        released(update, owner, now).exec(&*txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Marks `email` as refusing mail, with the server's answer, once (the first bounce is kept).
async fn mark_bounced(
    db: &impl ConnectionTrait,
    email: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    person::Entity::update_many()
        .col_expr(person::Column::BouncedAt, Expr::value(now))
        .col_expr(person::Column::BounceReason, Expr::value(reason))
        .filter(person::Column::Email.eq(email))
        .filter(person::Column::BouncedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// `update`, applied only to rows whose lease `owner` still holds, and ending that lease.
fn released(
    update: sea_orm::UpdateMany<outbox::Entity>,
    owner: Uuid,
    now: DateTime<Utc>,
) -> sea_orm::UpdateMany<outbox::Entity> {
    update
        .col_expr(
            outbox::Column::LeaseOwner,
            Expr::value(Option::<Uuid>::None),
        )
        .col_expr(
            outbox::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(outbox::Column::UpdatedAt, Expr::value(now))
        .filter(outbox::Column::LeaseOwner.eq(owner))
}

/// The reminder offsets already recorded for each of `registrations`.
pub async fn reminder_offsets(
    db: &impl ConnectionTrait,
    registrations: &[Uuid],
) -> AppResult<Vec<(Uuid, i32)>> {
    let mut found = Vec::new();
    for chunk in registrations.chunks(500) {
        let rows: Vec<(Uuid, i32)> = outbox::Entity::find()
            .select_only()
            .column(outbox::Column::RegistrationId)
            .column(outbox::Column::OffsetMinutes)
            .filter(outbox::Column::RegistrationId.is_in(padded(chunk.iter().copied())))
            .filter(outbox::Column::Kind.eq(NotificationKind::Reminder))
            .into_tuple()
            .all(db)
            .await?;
        found.extend(rows);
    }
    Ok(found)
}

/// Drops the unsent emails of the registrations `registrations` selects (they were erased:
/// there is nobody left to write to).
pub async fn forget_pending(db: &impl ConnectionTrait, registrations: SimpleExpr) -> AppResult<()> {
    let chosen = Query::select()
        .column(registration::Column::Id)
        .from(registration::Entity)
        .and_where(registrations)
        .to_owned();
    outbox::Entity::delete_many()
        .filter(outbox::Column::RegistrationId.in_subquery(chosen))
        .filter(outbox::Column::Status.eq(NotificationStatus::Pending))
        .exec(db)
        .await?;
    Ok(())
}

/// Confirmed registrations of scheduled events of `festivals` starting after `now` and no
/// later than `until`: who may be due a reminder. (registration, event, festival, start)
pub async fn reminder_candidates(
    db: &impl ConnectionTrait,
    festivals: &[Uuid],
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> AppResult<Vec<(Uuid, Uuid, Uuid, DateTime<Utc>)>> {
    Ok(registration::Entity::find()
        .select_only()
        .column(registration::Column::Id)
        .column(registration::Column::EventId)
        .column(event::Column::FestivalId)
        .column(event::Column::StartsAt)
        .inner_join(event::Entity)
        .filter(event::Column::FestivalId.is_in(padded(festivals.iter().copied())))
        .filter(event::Column::Status.eq(crate::domain::kinds::EventStatus::Scheduled.as_str()))
        .filter(event::Column::StartsAt.gt(now))
        .filter(event::Column::StartsAt.lte(until))
        .filter(registration::Column::Status.eq(Status::Confirmed))
        .filter(registration::Column::Reminders.eq(true))
        .into_tuple()
        .all(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use sea_orm::{DbBackend, QueryTrait};

    use super::*;

    #[test]
    fn claimers_skip_each_others_rows_on_postgresql() {
        let sql = |backend| {
            claim_query(Uuid::nil(), Utc::now(), 10)
                .build(backend)
                .to_string()
        };
        assert!(sql(DbBackend::Postgres).contains("FOR UPDATE SKIP LOCKED"));
        assert!(!sql(DbBackend::Sqlite).contains("FOR UPDATE"));
    }
}
