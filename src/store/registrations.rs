//! Registrations: taking seats without overselling, the waiting list, cancellation.
//!
//! A registration decides whether its seats fit on the event's row as the last writer left
//! it, and moves the row's counters in the same call ([`register`]): PostgreSQL locks the row
//! for that statement, SQLite has one writer. A promotion from the line takes its seats with
//! a conditional `UPDATE`, applied only while they fit. So no interleaving of requests can
//! oversell. The event's row is the only lock a registration takes beside the person's own
//! row: seat counters move `events.seats_version`, never the festival row, so registrations
//! for different events of a festival never wait for each other. A change to registrations
//! that already exist locks the event first ([`super::events::lock`]), so every writer takes
//! the event before its registrations and none can wait for another in a circle.
//!
//! The waiting list is ordered by `waitlist_ticket`: the event's `seats_version` as the
//! statement that put the person in line left it, under the event's lock. The newcomer is the
//! last in line, so their position is the list's length, returned by that same statement:
//! joining costs the same with six people waiting or six thousand.

use chrono::{DateTime, Utc};
use entity::{event, festival, registration};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, DbBackend,
    DbErr, EntityTrait, QueryFilter, QueryOrder, QueryResult, QuerySelect, Set, Statement,
    sea_query::{
        Alias, Asterisk, Expr, ExprTrait, JoinType, Query, QueryStatementBuilder, SimpleExpr,
    },
};
use uuid::Uuid;

use super::{
    conflict_on_duplicate, now,
    outbox::{self, Notice},
};
use crate::{
    domain::{
        kinds::{EventStatus, FestivalStatus, NotificationKind},
        registration::{Status, promotions},
        token::{self, ManageKey},
    },
    error::{AppError, AppResult},
};

/// A registration as the citizen sends it, already validated (the rules are the domain's,
/// shared by the API and the pages).
pub use crate::domain::registrant::NewRegistration;

/// A registration just made, with the secrets that are shown only now.
pub struct Registered {
    pub id: Uuid,
    pub seats: i32,
    pub status: Status,
    /// 1 for the head of the waiting list; `None` if confirmed.
    pub waitlist_position: Option<u64>,
    pub manage_token: String,
}

/// What decides whether an event takes registrations, and from this address, read in one
/// narrow query before the write (the seats are decided by the write itself).
#[derive(Debug, sea_orm::FromQueryResult)]
pub struct Gate {
    pub event_id: Uuid,
    pub festival_id: Uuid,
    /// The event's iCalendar sequence (what its confirmation's invitation carries).
    pub sequence: i32,
    pub festival_status: FestivalStatus,
    pub event_status: EventStatus,
    pub registration_required: bool,
    pub starts_at: DateTime<Utc>,
    /// How many registrations the address made for the festival's events in the 24 hours
    /// before the gate was read, and when the first of them was made.
    pub recent_count: i64,
    pub recent_first: Option<DateTime<Utc>>,
}

impl Gate {
    /// What [`crate::domain::registration::check_daily_limit`] reads.
    pub fn recent(&self) -> (u64, Option<DateTime<Utc>>) {
        (
            u64::try_from(self.recent_count).unwrap_or(0),
            self.recent_first,
        )
    }
}

/// The gate of `event_id` for a registration by `email` at `now` (an empty `email` has made
/// none: for callers that need only the event's part).
pub async fn gate(
    db: &impl ConnectionTrait,
    event_id: Uuid,
    email: &str,
    now: DateTime<Utc>,
) -> AppResult<Gate> {
    // The address's registrations for any event of the same festival, counted inside the
    // gate's query: one read before the write instead of two.
    let same = Alias::new("same_festival");
    let recent = |what: SimpleExpr| {
        let query = Query::select()
            .expr(what)
            .from(registration::Entity)
            .join_as(
                JoinType::InnerJoin,
                event::Entity,
                same.clone(),
                Expr::col((same.clone(), event::Column::Id))
                    .equals((registration::Entity, registration::Column::EventId)),
            )
            .and_where(
                Expr::col((same.clone(), event::Column::FestivalId))
                    .equals((festival::Entity, festival::Column::Id)),
            )
            .and_where(Expr::col((registration::Entity, registration::Column::Email)).eq(email))
            .and_where(
                Expr::col((registration::Entity, registration::Column::CreatedAt))
                    .gt(now - chrono::Duration::hours(24)),
            )
            .to_owned();
        SimpleExpr::SubQuery(None, Box::new(query.into_sub_query_statement()))
    };
    event::Entity::find_by_id(event_id)
        .select_only()
        .column_as(event::Column::Id, "event_id")
        .column(event::Column::FestivalId)
        .column(event::Column::Sequence)
        .column_as(festival::Column::Status, "festival_status")
        .column_as(event::Column::Status, "event_status")
        .column(event::Column::RegistrationRequired)
        .column(event::Column::StartsAt)
        .expr_as(recent(Expr::col(Asterisk).count()), "recent_count")
        .expr_as(
            recent(Expr::col((registration::Entity, registration::Column::CreatedAt)).min()),
            "recent_first",
        )
        .inner_join(festival::Entity)
        .into_model::<Gate>()
        .one(db)
        .await?
        .ok_or(AppError::NotFound("event"))
}

/// Registers `new` for the event `gate` read: seats if they fit, else a place at the end of
/// its line, the person (unless they exist), the registration, and the email that says which.
///
/// In a transaction: on SQLite the batch's statements must not each commit on their own,
/// with another connection's write between the one that decides and the one that counts.
pub async fn register(
    db: &DatabaseTransaction,
    key: &ManageKey,
    gate: &Gate,
    new: &NewRegistration,
) -> AppResult<Registered> {
    let (statement, pending) = prepare(db.get_database_backend(), key, gate, new);
    pending.answered(db.query_one_raw(statement).await)
}

/// What [`register`] sends, and what reads its answer: for a caller that sends it another way
/// ([`super::Db::write_statement`]).
///
/// All of a registration is one call to the database, decided on the event's row as the last
/// writer left it: [`REGISTER_ON_POSTGRES`], one statement, or [`REGISTER_ON_SQLITE`], one
/// batch. A registration's write holds what every other registration of the event waits for
/// (the row's lock on PostgreSQL, the one writer on SQLite), and each further round trip to
/// the database would have held it longer. Both take the same values, bound by number.
pub fn prepare(
    backend: DbBackend,
    key: &ManageKey,
    gate: &Gate,
    new: &NewRegistration,
) -> (Statement, Pending) {
    let id = super::new_id();
    let manage_token = key.token_for(id);
    let person_id = super::new_id();
    let values: [sea_orm::Value; 14] = [
        person_id.into(),
        new.email.as_str().into(),
        token::hash(&key.feed_token_for(person_id)).into(),
        now().into(),
        new.seats.into(),
        gate.event_id.into(),
        id.into(),
        new.name.as_str().into(),
        new.locale.into(),
        new.access_needs.clone().into(),
        token::hash(&manage_token).into(),
        super::new_id().into(),
        gate.festival_id.into(),
        gate.sequence.into(),
    ];
    let sql = match backend {
        DbBackend::Sqlite => REGISTER_ON_SQLITE,
        _ => REGISTER_ON_POSTGRES,
    };
    let pending = Pending {
        id,
        seats: new.seats,
        manage_token,
    };
    (
        Statement::from_sql_and_values(backend, sql, values),
        pending,
    )
}

/// A registration sent, waiting for the database's answer.
pub struct Pending {
    id: Uuid,
    seats: i32,
    manage_token: String,
}

impl Pending {
    /// The registration the database's `answer` made, or why it made none.
    pub fn answered(self, answer: Result<Option<QueryResult>, DbErr>) -> AppResult<Registered> {
        let answer = answer.map_err(|e| {
            conflict_on_duplicate(e, || {
                "this email is already registered for this event".to_owned()
            })
        })?;
        let Some(row) = answer else {
            return Err(AppError::conflict("the event is cancelled"));
        };
        let fits: bool = row.try_get("", "fits")?;
        let (status, waitlist_position) = match fits {
            true => (Status::Confirmed, None),
            false => {
                let length: i32 = row.try_get("", "waitlist_length")?;
                (Status::Waitlisted, Some(position_in_line(length)))
            }
        };
        Ok(Registered {
            id: self.id,
            seats: self.seats,
            status,
            waitlist_position,
            manage_token: self.manage_token,
        })
    }
}

/// A registration on PostgreSQL, as one statement: the person (unless they exist), the event's
/// row locked and its seats taken if they fit, else a place at the end of its line, the
/// registration, and its email. It answers the one row of `counted`, or none when the event is
/// no longer scheduled.
///
/// One statement, sent outside any transaction, holds the event's row only while PostgreSQL
/// runs it: with a statement per step the row stayed locked across every round trip to the
/// service and back, and a hot event's registrations queued behind each other's network
/// waits (613–623 a second with two instances). `seat` locks the row and reads its latest
/// counts (under `FOR UPDATE`, PostgreSQL returns the row as the last writer left it); the
/// update of `counted` moves the counters by what `seat` decided, on that same row.
/// Every part runs or none does: a duplicate registration (the unique index on the event
/// and address) undoes the seats taken with it, and the person is written only from `seat`'s
/// row, so an event no longer scheduled leaves no new person behind.
const REGISTER_ON_POSTGRES: &str = "\
WITH seat AS (
    SELECT id, (capacity IS NULL OR seats_taken + $5 <= capacity) AS fits
    FROM events WHERE id = $6 AND status = 'scheduled'
    FOR UPDATE
), person AS (
    INSERT INTO people (id, email, feed_token_hash, created_at) SELECT $1, $2, $3, $4 FROM seat
    ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email
    RETURNING id
), counted AS (
    UPDATE events SET
        seats_taken = events.seats_taken + CASE WHEN seat.fits THEN $5 ELSE 0 END,
        waitlist_length = events.waitlist_length + CASE WHEN seat.fits THEN 0 ELSE 1 END,
        seats_version = events.seats_version + 1
    FROM seat WHERE events.id = seat.id
    RETURNING seat.fits, events.waitlist_length, events.seats_version
), registered AS (
    INSERT INTO registrations (id, event_id, person_id, name, email, seats, status, locale,
        access_needs, manage_token_hash, reminders, waitlist_ticket, created_at, updated_at)
    SELECT $7, $6, person.id, $8, $2, $5,
        CASE WHEN counted.fits THEN 'confirmed' ELSE 'waitlisted' END, $9, $10, $11, TRUE,
        CASE WHEN counted.fits THEN NULL ELSE counted.seats_version END, $4, $4
    FROM counted, person
    RETURNING id
), emailed AS (
    INSERT INTO outbox (id, registration_id, event_id, festival_id, kind, sequence,
        offset_minutes, status, attempts, next_attempt_at, created_at, updated_at)
    SELECT $12, registered.id, $6, $13,
        CASE WHEN counted.fits THEN 'confirmed' ELSE 'waitlisted' END, $14,
        0, 'pending', 0, $4, $4, $4
    FROM counted, registered
)
SELECT fits, waitlist_length FROM counted";

/// The same on SQLite, as one batch of four statements (SQLite's data-modifying statements
/// cannot be CTEs): sqlx runs them in order, binding the values by number, and stops at the
/// first error. They run inside a transaction (the writer's group commit, or the caller's),
/// so nothing else writes between them: the registration decides on the event's row as it
/// stands (`seat`, as on PostgreSQL), and the counters then move by what the registration's
/// row says. Each statement applies only to a scheduled event, so an event cancelled since
/// its gate was read gets nothing written; a duplicate stops the batch before the counters
/// move, and the transaction's savepoint undoes the rest. The row-returning statement is
/// last: sqlx stops reading a batch at the first row it was asked for.
const REGISTER_ON_SQLITE: &str = "\
INSERT INTO people (id, email, feed_token_hash, created_at)
    SELECT $1, $2, $3, $4 FROM events WHERE id = $6 AND status = 'scheduled'
    ON CONFLICT (email) DO NOTHING;
INSERT INTO registrations (id, event_id, person_id, name, email, seats, status, locale,
    access_needs, manage_token_hash, reminders, waitlist_ticket, created_at, updated_at)
    SELECT $7, id, (SELECT id FROM people WHERE email = $2), $8, $2, $5,
        CASE WHEN fits THEN 'confirmed' ELSE 'waitlisted' END, $9, $10, $11, TRUE,
        CASE WHEN fits THEN NULL ELSE seats_version + 1 END, $4, $4
    FROM (SELECT id, seats_version, (capacity IS NULL OR seats_taken + $5 <= capacity) AS fits
        FROM events WHERE id = $6 AND status = 'scheduled') AS seat;
INSERT INTO outbox (id, registration_id, event_id, festival_id, kind, sequence,
    offset_minutes, status, attempts, next_attempt_at, created_at, updated_at)
    SELECT $12, id, event_id, $13, status, $14, 0, 'pending', 0, $4, $4, $4
    FROM registrations WHERE id = $7;
UPDATE events SET
    seats_taken = seats_taken + CASE WHEN placed.status = 'confirmed' THEN $5 ELSE 0 END,
    waitlist_length = waitlist_length + CASE WHEN placed.status = 'confirmed' THEN 0 ELSE 1 END,
    seats_version = seats_version + 1
    FROM (SELECT status FROM registrations WHERE id = $7) AS placed
    WHERE events.id = $6
    RETURNING (SELECT status = 'confirmed' FROM registrations WHERE id = $7) AS fits,
        waitlist_length";

/// The newcomer's place in line: the line's length once they joined it (at least first).
fn position_in_line(length: i32) -> u64 {
    Ord::max(u64::try_from(length).unwrap_or(1), 1)
}

/// Queues the email that carries the person's calendar link, to the registration's address.
/// One per registration and hour: the hour is the row's sequence, so asking again within it
/// changes nothing (the outbox keeps one row per registration, kind and sequence).
pub async fn request_calendar_link(
    db: &impl ConnectionTrait,
    r: &registration::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let festival_id: Uuid = event::Entity::find_by_id(r.event_id)
        .select_only()
        .column(event::Column::FestivalId)
        .into_tuple()
        .one(db)
        .await?
        .ok_or(AppError::NotFound("registration"))?;
    let hour = i32::try_from(now.timestamp() / 3600).unwrap_or(i32::MAX);
    outbox::enqueue(
        db,
        vec![Notice::new(
            NotificationKind::CalendarLink,
            r.id,
            (r.event_id, festival_id, hour),
        )],
    )
    .await
}

/// Turns reminders on or off for one registration. Reminders already queued are dropped by
/// the dispatcher, which reads this again before sending.
pub async fn set_reminders(
    db: &impl ConnectionTrait,
    r: registration::Model,
    on: bool,
) -> AppResult<registration::Model> {
    if r.reminders == on {
        return Ok(r);
    }
    let mut row: registration::ActiveModel = r.into();
    row.reminders = Set(on);
    row.updated_at = Set(super::now());
    Ok(row.update(db).await?)
}

/// The registration a manage token opens.
pub async fn by_manage_token(
    db: &impl ConnectionTrait,
    secret: &str,
) -> AppResult<registration::Model> {
    registration::Entity::find()
        .filter(registration::Column::ManageTokenHash.eq(token::hash(secret)))
        .one(db)
        .await?
        .ok_or(AppError::NotFound("registration"))
}

/// 1 for the head of the waiting list; `None` unless waitlisted.
pub async fn waitlist_position(
    db: &impl ConnectionTrait,
    r: &registration::Model,
) -> AppResult<Option<u64>> {
    if r.status != Status::Waitlisted {
        return Ok(None);
    }
    // Every waitlisted registration has a ticket; one without would be last.
    let ticket = r.waitlist_ticket.unwrap_or(i64::MAX);
    let ahead = registration::Entity::find()
        .filter(registration::Column::EventId.eq(r.event_id))
        .filter(registration::Column::Status.eq(Status::Waitlisted))
        .filter(registration::Column::WaitlistTicket.lt(ticket));
    Ok(Some(super::count(db, ahead).await? + 1))
}

/// Cancels a registration and gives its seats to the waiting list. Cancelling twice changes
/// nothing.
pub async fn cancel(
    db: &impl ConnectionTrait,
    current: registration::Model,
) -> AppResult<registration::Model> {
    let status = current.status;
    if status == Status::Cancelled {
        return Ok(current);
    }
    let (id, event_id, seats) = (current.id, current.event_id, current.seats);
    let at = now();
    let mut row: registration::ActiveModel = current.into();
    row.status = Set(Status::Cancelled);
    row.cancelled_at = Set(Some(at));
    row.updated_at = Set(at);
    let cancelled = row.update(db).await?;
    outbox::notify(db, NotificationKind::RegistrationCancelled, &[id], event_id).await?;
    match status {
        Status::Confirmed => {
            change_counters(db, event_id, -seats, 0).await?;
            promote(db, event_id).await?;
        }
        Status::Waitlisted => change_counters(db, event_id, 0, -1).await?,
        Status::Cancelled => {}
    }
    Ok(cancelled)
}

/// Cancels every live registration of the events `events` selects (the event, or the
/// festival, was cancelled). The caller resets the events' seat counters.
pub async fn cancel_all(
    db: &impl ConnectionTrait,
    events: sea_orm::sea_query::SimpleExpr,
) -> AppResult<()> {
    let chosen = Query::select()
        .column(event::Column::Id)
        .from(event::Entity)
        .and_where(events)
        .to_owned();
    let at = now();
    registration::Entity::update_many()
        .col_expr(
            registration::Column::Status,
            Expr::value(Status::Cancelled.as_str()),
        )
        .col_expr(registration::Column::CancelledAt, Expr::value(at))
        .col_expr(registration::Column::UpdatedAt, Expr::value(at))
        .filter(registration::Column::EventId.in_subquery(chosen))
        .filter(registration::Column::Status.ne(Status::Cancelled.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

/// Gives free seats of `event_id` to the waiting list, in order of arrival, skipping a group
/// that does not fit. Returns the promoted registrations.
pub async fn promote(
    db: &impl ConnectionTrait,
    event_id: Uuid,
) -> AppResult<Vec<registration::Model>> {
    let Some(event) = event::Entity::find_by_id(event_id).one(db).await? else {
        return Ok(Vec::new());
    };
    if event.status != EventStatus::Scheduled {
        return Ok(Vec::new());
    }
    let mut free = event.capacity.map_or(i32::MAX, |c| c - event.seats_taken);
    let mut promoted = Vec::new();
    let mut notices = Vec::new();
    // The line is read a page at a time, from the head, until the seats are gone: a seat
    // freed on an event with thousands waiting reads the first page, not the whole line.
    // First fit over the pages in order is first fit over the whole line.
    let mut after = i64::MIN;
    while free > 0 {
        let page = registration::Entity::find()
            .filter(registration::Column::EventId.eq(event_id))
            .filter(registration::Column::Status.eq(Status::Waitlisted))
            .filter(registration::Column::WaitlistTicket.gt(after))
            .order_by_asc(registration::Column::WaitlistTicket)
            .limit(PROMOTION_PAGE)
            .all(db)
            .await?;
        let Some(last) = page.last() else {
            break;
        };
        after = last.waitlist_ticket.unwrap_or(i64::MAX);
        let full_page = page.len() as u64 == PROMOTION_PAGE;
        let chosen = promotions(
            free,
            &page.iter().map(|r| (r.id, r.seats)).collect::<Vec<_>>(),
        );
        for r in page.into_iter().filter(|r| chosen.contains(&r.id)) {
            // The conditional update keeps this exact even if a seat was taken meanwhile.
            if !move_up(db, event_id, r.seats).await? {
                continue;
            }
            free -= r.seats;
            let mut row: registration::ActiveModel = r.into();
            row.status = Set(Status::Confirmed);
            row.updated_at = Set(now());
            let r = row.update(db).await?;
            notices.push(Notice::new(
                NotificationKind::Promoted,
                r.id,
                (event.id, event.festival_id, event.sequence),
            ));
            promoted.push(r);
        }
        if !full_page {
            break;
        }
    }
    outbox::enqueue(db, notices).await?;
    Ok(promoted)
}

/// How many of the waiting list [`promote`] reads at a time.
const PROMOTION_PAGE: u64 = 200;

/// Moves a group of `seats` from the head of the line into seats, if they fit.
async fn move_up(db: &impl ConnectionTrait, event_id: Uuid, seats: i32) -> AppResult<bool> {
    seats_if_they_fit(db, event_id, seats, -1).await
}

/// Takes `seats` and moves the line's length by `line`, in one statement, if the seats fit.
async fn seats_if_they_fit(
    db: &impl ConnectionTrait,
    event_id: Uuid,
    seats: i32,
    line: i32,
) -> AppResult<bool> {
    let taken = counters(event_id, seats, line)
        .filter(event::Column::Status.eq(EventStatus::Scheduled))
        .filter(
            Condition::any().add(event::Column::Capacity.is_null()).add(
                Expr::col(event::Column::SeatsTaken)
                    .add(seats)
                    .lte(Expr::col(event::Column::Capacity)),
            ),
        )
        .exec(db)
        .await?;
    Ok(taken.rows_affected == 1)
}

/// Moves the seats taken by `seats` and the line's length by `line`, unconditionally.
async fn change_counters(
    db: &impl ConnectionTrait,
    event_id: Uuid,
    seats: i32,
    line: i32,
) -> AppResult<()> {
    counters(event_id, seats, line).exec(db).await?;
    Ok(())
}

/// The update of an event's seat counters; every one raises `seats_version`, which is what
/// cached seat counts are keyed on.
fn counters(event_id: Uuid, seats: i32, line: i32) -> sea_orm::UpdateMany<event::Entity> {
    event::Entity::update_many()
        .col_expr(
            event::Column::SeatsTaken,
            Expr::col(event::Column::SeatsTaken).add(seats),
        )
        .col_expr(
            event::Column::WaitlistLength,
            Expr::col(event::Column::WaitlistLength).add(line),
        )
        .col_expr(
            event::Column::SeatsVersion,
            Expr::col(event::Column::SeatsVersion).add(1),
        )
        .filter(event::Column::Id.eq(event_id))
}
