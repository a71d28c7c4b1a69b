//! Registrations: taking seats without overselling, the waiting list, cancellation.
//!
//! Seats are taken by one conditional `UPDATE` of the event's counter: the database applies it
//! only while the seats fit, atomically, on SQLite and on PostgreSQL (which re-checks the
//! condition on the row it locked), so no interleaving of requests can oversell. The event's
//! row is the only lock a registration takes beside the person's own row: seat counters move
//! `events.seats_version`, never the festival row, so registrations for different events of a
//! festival never wait for each other. A change to registrations that already exist locks the
//! event first ([`super::events::lock`]), so every writer takes the event before its
//! registrations and none can wait for another in a circle.
//!
//! The waiting list is ordered by `waitlist_ticket`: the event's `seats_version` as the
//! statement that put the person in line left it, under the event's lock. The newcomer is the
//! last in line, so their position is the list's length, returned by that same statement:
//! joining costs the same with six people waiting or six thousand.

use chrono::{DateTime, Utc};
use entity::{event, festival, person, registration};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait,
    Iterable, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set, Statement,
    sea_query::{
        Alias, Asterisk, Expr, ExprTrait, JoinType, OnConflict, Query, QueryStatementBuilder,
        SimpleExpr,
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
/// narrow query before the write; the seat counts only say which statement to try first.
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
    pub capacity: Option<i32>,
    pub seats_taken: i32,
    /// How many registrations the address made for the festival's events in the 24 hours
    /// before the gate was read, and when the first of them was made.
    pub recent_count: i64,
    pub recent_first: Option<DateTime<Utc>>,
}

impl Gate {
    /// Whether `seats` did not fit when the gate was read.
    fn looked_full(&self, seats: i32) -> bool {
        self.capacity.is_some_and(|c| self.seats_taken + seats > c)
    }

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
        .column(event::Column::Capacity)
        .column(event::Column::SeatsTaken)
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

/// Registers `new` for the event `gate` read: seats if they fit, else a place in line, the
/// registration, and the email that says which.
///
/// On SQLite, where each statement is a round trip to the one writer's thread while every
/// other write waits, the person, the registration and its email go in one batch of three
/// statements after the seats' (the person's id read back by the registration's insert). On
/// PostgreSQL all of it is one statement ([`REGISTER_ON_POSTGRES`]).
pub async fn register(
    db: &impl ConnectionTrait,
    key: &ManageKey,
    gate: &Gate,
    new: &NewRegistration,
) -> AppResult<Registered> {
    let id = Uuid::new_v4();
    let manage_token = key.token_for(id);
    let made = match db.get_database_backend() {
        DbBackend::Sqlite => register_on_sqlite(db, key, gate, new, id, &manage_token).await,
        _ => register_on_postgres(db, key, gate, new, id, &manage_token).await,
    };
    let (status, waitlist_position) = made.map_err(|e| match e {
        AppError::Database(e) => conflict_on_duplicate(e, || {
            "this email is already registered for this event".to_owned()
        }),
        e => e,
    })?;
    Ok(Registered {
        id,
        seats: new.seats,
        status,
        waitlist_position,
        manage_token,
    })
}

/// What a backend's registration answers: the status it got, and its place in line if any.
type Placed = (Status, Option<u64>);

async fn register_on_sqlite(
    db: &impl ConnectionTrait,
    key: &ManageKey,
    gate: &Gate,
    new: &NewRegistration,
    id: Uuid,
    manage_token: &str,
) -> AppResult<Placed> {
    let event_id = gate.event_id;
    let email = new.email.as_str();
    let person = new_person(key, email);
    let at = now();
    let place = take_place(db, event_id, new.seats, gate.looked_full(new.seats)).await?;
    let (status, waitlist_ticket, waitlist_position) = match place {
        Place::Seats => (Status::Confirmed, None, None),
        Place::InLine { ticket, position } => (Status::Waitlisted, Some(ticket), Some(position)),
    };
    let registration = registration::ActiveModel::from(registration::Model {
        id,
        event_id,
        // Read by the insert itself (see `insert_with_person`).
        person_id: Uuid::nil(),
        name: new.name.clone(),
        email: email.to_owned(),
        seats: new.seats,
        status,
        locale: new.locale.to_owned(),
        access_needs: new.access_needs.clone(),
        manage_token_hash: token::hash(manage_token),
        checked_in_at: None,
        cancelled_at: None,
        reminders: true,
        waitlist_ticket,
        created_at: at,
        updated_at: at,
    });
    let notice = Notice::new(
        notice_kind(status),
        id,
        (event_id, gate.festival_id, gate.sequence),
    );
    insert_with_person(db, person, email, registration, &notice, at).await?;
    Ok((status, waitlist_position))
}

/// The email a new registration gets: its seats, or its place in line.
fn notice_kind(status: Status) -> NotificationKind {
    match status {
        Status::Waitlisted => NotificationKind::Waitlisted,
        _ => NotificationKind::Confirmed,
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
SELECT fits, waitlist_length, seats_version FROM counted";

async fn register_on_postgres(
    db: &impl ConnectionTrait,
    key: &ManageKey,
    gate: &Gate,
    new: &NewRegistration,
    id: Uuid,
    manage_token: &str,
) -> AppResult<Placed> {
    let person_id = Uuid::new_v4();
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
        token::hash(manage_token).into(),
        Uuid::new_v4().into(),
        gate.festival_id.into(),
        gate.sequence.into(),
    ];
    let statement =
        Statement::from_sql_and_values(DbBackend::Postgres, REGISTER_ON_POSTGRES, values);
    let Some(row) = db.query_one_raw(statement).await? else {
        return Err(AppError::conflict("the event is cancelled"));
    };
    let fits: bool = row.try_get("", "fits")?;
    Ok(match fits {
        true => (Status::Confirmed, None),
        false => {
            let length: i32 = row.try_get("", "waitlist_length")?;
            (Status::Waitlisted, Some(position_in_line(length)))
        }
    })
}

/// The newcomer's place in line: the line's length once they joined it (at least first).
fn position_in_line(length: i32) -> u64 {
    Ord::max(u64::try_from(length).unwrap_or(1), 1)
}

/// The person behind `email` if this is their first registration, with a feed token of their
/// own (derived from `key`; only its hash is stored).
fn new_person(key: &ManageKey, email: &str) -> person::ActiveModel {
    let id = Uuid::new_v4();
    person::ActiveModel {
        id: Set(id),
        email: Set(email.to_owned()),
        feed_token_hash: Set(token::hash(&key.feed_token_for(id))),
        created_at: Set(now()),
        bounced_at: Set(None),
        bounce_reason: Set(None),
    }
}

/// SQLite: the person (unless they exist), the registration with the person's id read from
/// their row, and its email, as one batch: one round trip to the writer instead of three.
/// sqlx runs every statement of a batch, binding the values in order.
async fn insert_with_person(
    db: &impl ConnectionTrait,
    person: person::ActiveModel,
    email: &str,
    registration: registration::ActiveModel,
    notice: &Notice,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let backend = DbBackend::Sqlite;
    let person = person::Entity::insert(person)
        .on_conflict(
            OnConflict::column(person::Column::Email)
                .do_nothing()
                .to_owned(),
        )
        .build(backend);
    let person_id = Query::select()
        .column(person::Column::Id)
        .from(person::Entity)
        .and_where(person::Column::Email.eq(email))
        .to_owned();
    let mut columns = Vec::new();
    let mut values: Vec<SimpleExpr> = Vec::new();
    for column in registration::Column::iter() {
        let value = match column {
            registration::Column::PersonId => {
                SimpleExpr::SubQuery(None, Box::new(person_id.clone().into_sub_query_statement()))
            }
            column => match registration.get(column).into_value() {
                Some(value) => Expr::val(value),
                None => continue,
            },
        };
        columns.push(column);
        values.push(value);
    }
    let mut insert = Query::insert();
    insert
        .into_table(registration::Entity)
        .columns(columns)
        .values(values)
        .map_err(|e| DbErr::Custom(e.to_string()))?;
    let registration = backend.build(&insert);
    let email = outbox::insert(std::slice::from_ref(notice), at).build(backend);
    let parts = [person, registration, email];
    let sql = parts
        .iter()
        .map(|part| part.sql.as_str())
        .collect::<Vec<_>>()
        .join(";\n");
    let values: Vec<sea_orm::Value> = parts
        .into_iter()
        .flat_map(|part| part.values.map(|values| values.0).unwrap_or_default())
        .collect();
    db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    Ok(())
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

/// Where a newcomer goes: into seats, or into line with their ticket and position.
enum Place {
    Seats,
    InLine { ticket: i64, position: u64 },
}

/// Takes `seats` of the event if they fit, else puts the newcomer at the end of its line; an
/// event that is no longer scheduled (cancelled since the gate was read) takes neither.
///
/// Both statements are conditional, so whichever runs first is right; `looked_full` only
/// picks the one likely to apply, so that a full event's newcomer costs one statement. On
/// PostgreSQL a seat freed or taken between the two can make both miss: then again.
async fn take_place(
    db: &impl ConnectionTrait,
    event_id: Uuid,
    seats: i32,
    looked_full: bool,
) -> AppResult<Place> {
    for _ in 0..3 {
        if looked_full && let Some(place) = join_if_full(db, event_id, seats).await? {
            return Ok(place);
        }
        if take_seats(db, event_id, seats).await? {
            return Ok(Place::Seats);
        }
        if !looked_full && let Some(place) = join_if_full(db, event_id, seats).await? {
            return Ok(place);
        }
        let scheduled = event::Entity::find_by_id(event_id)
            .filter(event::Column::Status.eq(EventStatus::Scheduled));
        if super::count(db, scheduled).await? == 0 {
            return Err(AppError::conflict("the event is cancelled"));
        }
    }
    Err(AppError::conflict(
        "the event's seats changed while registering; please try again",
    ))
}

/// Puts the newcomer at the end of the line if `seats` do not fit: their ticket is the
/// event's `seats_version` after this change, their position the line's new length.
async fn join_if_full(
    db: &impl ConnectionTrait,
    event_id: Uuid,
    seats: i32,
) -> AppResult<Option<Place>> {
    // Built as a statement to add `RETURNING` two columns: `exec_with_returning` would read
    // and decode the whole event.
    let join = counters(event_id, 0, 1)
        .filter(event::Column::Status.eq(EventStatus::Scheduled))
        .filter(
            Expr::col(event::Column::SeatsTaken)
                .add(seats)
                .gt(Expr::col(event::Column::Capacity)),
        )
        .into_query()
        .returning(
            Query::returning()
                .columns([event::Column::WaitlistLength, event::Column::SeatsVersion]),
        )
        .to_owned();
    let Some(row) = db
        .query_one_raw(db.get_database_backend().build(&join))
        .await?
    else {
        return Ok(None);
    };
    let length: i32 = row.try_get("", "waitlist_length")?;
    let ticket: i64 = row.try_get("", "seats_version")?;
    Ok(Some(Place::InLine {
        ticket,
        position: position_in_line(length),
    }))
}

/// Takes `seats` of the event if they fit; false if they do not (or the event is cancelled).
async fn take_seats(db: &impl ConnectionTrait, event_id: Uuid, seats: i32) -> AppResult<bool> {
    seats_if_they_fit(db, event_id, seats, 0).await
}

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
