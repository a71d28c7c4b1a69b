//! Registrations: taking seats without overselling, the waiting list, cancellation.
//!
//! Seats are taken by one conditional `UPDATE` of the event's counter: the database applies it
//! only while the seats fit, atomically, on SQLite and on PostgreSQL (which re-checks the
//! condition on the row it locked), so no interleaving of requests can oversell. Callers lock
//! the festival first ([`super::festivals::lock_of_event`]): the trigger that versions the
//! programme touches the festival row too, and every writer must take locks in one order.

use chrono::{DateTime, Utc};
use entity::{event, festival, person, registration};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
    sea_query::{Expr, ExprTrait, OnConflict, Query},
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
    pub registration: registration::Model,
    pub status: Status,
    pub person: person::Model,
    pub manage_token: String,
}

/// What decides whether an event takes registrations, read in one narrow query (this runs
/// inside the write transaction of every registration).
pub struct Gate {
    pub event_id: Uuid,
    pub festival_id: Uuid,
    /// The event's iCalendar sequence (what its confirmation's invitation carries).
    pub sequence: i32,
    pub festival_status: FestivalStatus,
    pub event_status: EventStatus,
    pub registration_required: bool,
    pub starts_at: DateTime<Utc>,
}

pub async fn gate(db: &impl ConnectionTrait, event_id: Uuid) -> AppResult<Gate> {
    type Row = (Uuid, i32, FestivalStatus, EventStatus, bool, DateTime<Utc>);
    let row: Option<Row> = event::Entity::find_by_id(event_id)
        .select_only()
        .column(event::Column::FestivalId)
        .column(event::Column::Sequence)
        .column(festival::Column::Status)
        .column(event::Column::Status)
        .column(event::Column::RegistrationRequired)
        .column(event::Column::StartsAt)
        .inner_join(festival::Entity)
        .into_tuple()
        .one(db)
        .await?;
    let (festival_id, sequence, festival_status, event_status, registration_required, starts_at) =
        row.ok_or(AppError::NotFound("event"))?;
    Ok(Gate {
        event_id,
        festival_id,
        sequence,
        festival_status,
        event_status,
        registration_required,
        starts_at,
    })
}

/// Registers `new` for the event `gate` opened: confirmed if the seats fit, waitlisted
/// otherwise, with the email that says which.
pub async fn register(
    db: &impl ConnectionTrait,
    key: &ManageKey,
    gate: &Gate,
    new: &NewRegistration,
) -> AppResult<Registered> {
    let event_id = gate.event_id;
    let person = person_for(db, key, new.email.as_str()).await?;
    let id = Uuid::new_v4();
    let manage_token = key.token_for(id);
    let manage_token_hash = token::hash(&manage_token);
    let at = now();
    let confirmed = take_seats(db, event_id, new.seats).await?;
    let status = if confirmed {
        Status::Confirmed
    } else {
        Status::Waitlisted
    };
    let registration = registration::Model {
        id,
        event_id,
        person_id: person.id,
        name: new.name.clone(),
        email: new.email.to_string(),
        seats: new.seats,
        status,
        locale: new.locale.to_owned(),
        access_needs: new.access_needs.clone(),
        manage_token_hash,
        checked_in_at: None,
        cancelled_at: None,
        reminders: true,
        created_at: at,
        updated_at: at,
    };
    // Written without `RETURNING`: every value is known here, and decoding the row back is a
    // measurable share of the time this transaction holds the writer.
    registration::Entity::insert(registration::ActiveModel::from(registration.clone()))
        .exec_without_returning(db)
        .await
        .map_err(|e| {
            conflict_on_duplicate(e, || {
                "this email is already registered for this event".to_owned()
            })
        })?;
    if !confirmed {
        adjust_waitlist(db, event_id, 1).await?;
    }
    let kind = if confirmed {
        NotificationKind::Confirmed
    } else {
        NotificationKind::Waitlisted
    };
    outbox::enqueue(
        db,
        vec![Notice::new(
            kind,
            id,
            (event_id, gate.festival_id, gate.sequence),
        )],
    )
    .await?;
    Ok(Registered {
        registration,
        status,
        person,
        manage_token,
    })
}

/// How many registrations `email` made for the events of `festival_id` in the 24 hours
/// before `now`, and when the oldest of them was made.
pub async fn recent_of_email(
    db: &impl ConnectionTrait,
    festival_id: Uuid,
    email: &str,
    now: DateTime<Utc>,
) -> AppResult<(u64, Option<DateTime<Utc>>)> {
    let since = now - chrono::Duration::hours(24);
    let times: Vec<DateTime<Utc>> = registration::Entity::find()
        .select_only()
        .column(registration::Column::CreatedAt)
        .inner_join(event::Entity)
        .filter(event::Column::FestivalId.eq(festival_id))
        .filter(registration::Column::Email.eq(email))
        .filter(registration::Column::CreatedAt.gt(since))
        .into_tuple()
        .all(db)
        .await?;
    Ok((times.len() as u64, times.into_iter().min()))
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
    let ahead = registration::Entity::find()
        .filter(registration::Column::EventId.eq(r.event_id))
        .filter(registration::Column::Status.eq(Status::Waitlisted))
        .filter(
            Condition::any()
                .add(registration::Column::CreatedAt.lt(r.created_at))
                .add(
                    Condition::all()
                        .add(registration::Column::CreatedAt.eq(r.created_at))
                        .add(registration::Column::Id.lt(r.id)),
                ),
        );
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
            event::Entity::update_many()
                .col_expr(
                    event::Column::SeatsTaken,
                    Expr::col(event::Column::SeatsTaken).sub(seats),
                )
                .filter(event::Column::Id.eq(event_id))
                .exec(db)
                .await?;
            promote(db, event_id).await?;
        }
        Status::Waitlisted => adjust_waitlist(db, event_id, -1).await?,
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
    let waiting = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Status.eq(Status::Waitlisted))
        .order_by_asc(registration::Column::CreatedAt)
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?;
    let free = event.capacity.map_or(i32::MAX, |c| c - event.seats_taken);
    let chosen = promotions(
        free,
        &waiting.iter().map(|r| (r.id, r.seats)).collect::<Vec<_>>(),
    );
    let mut promoted = Vec::with_capacity(chosen.len());
    let mut notices = Vec::with_capacity(chosen.len());
    for r in waiting.into_iter().filter(|r| chosen.contains(&r.id)) {
        // The conditional update keeps this exact even if a seat was taken meanwhile.
        if !take_seats(db, event_id, r.seats).await? {
            continue;
        }
        adjust_waitlist(db, event_id, -1).await?;
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
    outbox::enqueue(db, notices).await?;
    Ok(promoted)
}

/// Takes `seats` of the event if they fit; false if they do not (or the event is cancelled).
async fn take_seats(db: &impl ConnectionTrait, event_id: Uuid, seats: i32) -> AppResult<bool> {
    let taken = event::Entity::update_many()
        .col_expr(
            event::Column::SeatsTaken,
            Expr::col(event::Column::SeatsTaken).add(seats),
        )
        .filter(event::Column::Id.eq(event_id))
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

async fn adjust_waitlist(db: &impl ConnectionTrait, event_id: Uuid, by: i32) -> AppResult<()> {
    event::Entity::update_many()
        .col_expr(
            event::Column::WaitlistLength,
            Expr::col(event::Column::WaitlistLength).add(by),
        )
        .filter(event::Column::Id.eq(event_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The person behind `email`, created on their first registration with a feed token of
/// their own (derived from `key`; only its hash is stored). Concurrent first registrations of
/// one email agree on one row. One statement: the no-op update on conflict is what makes the
/// existing row come back from `RETURNING`.
async fn person_for(
    db: &impl ConnectionTrait,
    key: &ManageKey,
    email: &str,
) -> AppResult<person::Model> {
    let id = Uuid::new_v4();
    Ok(person::Entity::insert(person::ActiveModel {
        id: Set(id),
        email: Set(email.to_owned()),
        feed_token_hash: Set(token::hash(&key.feed_token_for(id))),
        created_at: Set(now()),
        bounced_at: Set(None),
        bounce_reason: Set(None),
    })
    .on_conflict(
        OnConflict::column(person::Column::Email)
            .update_column(person::Column::Email)
            .to_owned(),
    )
    .exec_with_returning(db)
    .await?)
}
