//! How a registration is taken, cancelled, checked in, erased, and how a person asks for their
//! calendar link. The JSON API calls these; the web pages will call the same ones.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use entity::registration;
use sea_orm::{DatabaseTransaction, DbErr};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    domain::{
        access::Actor,
        email::Email,
        registration::{Status, check_daily_limit, check_open},
        token,
    },
    error::AppResult,
    state::AppState,
    store::{self, idempotency::Kept, registrations::NewRegistration},
};

/// A client's `Idempotency-Key` for a registration, bound to the request it came with.
pub struct IdempotencyKey {
    key: String,
    fingerprint: String,
}

impl IdempotencyKey {
    /// Binds `key` to the client's address and every field of the registration, hashed: the
    /// same key with another request is refused, never answered with someone else's answer.
    /// The unit separator cannot occur in the fields (control characters are refused on
    /// input), so two different requests cannot join to one text.
    pub fn new(key: String, client: IpAddr, new: &NewRegistration) -> Self {
        let fingerprint = token::hash(&format!(
            "{client}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
            new.name,
            new.email,
            new.seats,
            new.locale,
            new.access_needs.as_deref().unwrap_or_default()
        ));
        Self { key, fingerprint }
    }
}

/// What a registration got: its seats or a place in line, and the secret that manages it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Taken {
    pub id: Uuid,
    pub status: Status,
    /// 1 for the head of the waiting list; absent when confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waitlist_position: Option<u64>,
    pub seats: i32,
    /// Never kept with a retry's answer: derived again from the id when it is replayed.
    #[serde(skip)]
    pub manage_token: String,
}

impl From<store::registrations::Registered> for Taken {
    fn from(made: store::registrations::Registered) -> Self {
        Self {
            id: made.id,
            status: made.status,
            waitlist_position: made.waitlist_position,
            seats: made.seats,
            manage_token: made.manage_token,
        }
    }
}

/// Registers `new` for an event: the first answer again for a retried key, else the seats or
/// a place in line, the email that says which, and the answer kept for a retry.
///
/// What needs no lock is read first, from the reading pool: the retried key, whether the event
/// is open, the address's registrations of the day. The write then runs only the statements
/// that must be atomic (on SQLite every write waits for the one writer, and each statement it
/// runs is a round trip to that connection's thread: the fewer, the more registrations a
/// second). What was read before is checked again where it matters: the statement that takes
/// seats or a place in line only applies to a scheduled event, and a key saved meanwhile by a
/// concurrent retry is found again inside the write. The day's limit is a flood limit, read
/// once: concurrent requests of one address may pass it by the few in flight.
pub async fn register(
    state: &AppState,
    event_id: Uuid,
    new: NewRegistration,
    key: Option<IdempotencyKey>,
    now: DateTime<Utc>,
) -> AppResult<Taken> {
    let scope = format!("registration:{event_id}");
    let reader = state.db.conn();
    if let Some(key) = &key
        && let Some(first) =
            store::idempotency::find(reader, &scope, &key.key, &key.fingerprint, now).await?
    {
        return replay(state, first);
    }
    let gate = store::registrations::gate(reader, event_id, new.email.as_str(), now).await?;
    check_open(
        gate.festival_status,
        gate.event_status,
        gate.registration_required,
        gate.starts_at,
        now,
    )?;
    check_daily_limit(&gate.recent(), now)?;
    // On PostgreSQL each process sends two registrations per event at a time, one with a key
    // alone (see `store::turns`).
    let turn = state.db.event_turn(event_id, key.is_some()).await;
    let (taken, fresh) = match &key {
        // One call to the database, as a write of its own (see `Db::write_statement`).
        None => {
            let (statement, pending) =
                store::registrations::prepare(state.db.backend(), &state.manage_key, &gate, &new);
            let made = pending.answered(state.db.write_statement(statement).await)?;
            (Taken::from(made), true)
        }
        Some(_) => {
            let owned = state.clone();
            state
                .db
                .write(move |txn| Box::pin(register_in(txn, owned, gate, new, key, scope, now)))
                .await?
        }
    };
    drop(turn);
    state.mail.wake();
    // A retry answered with the first answer is not a second registration.
    if fresh {
        crate::metrics::registration(taken.status.as_str());
    }
    Ok(taken)
}

async fn register_in(
    txn: &DatabaseTransaction,
    state: AppState,
    gate: store::registrations::Gate,
    new: NewRegistration,
    key: Option<IdempotencyKey>,
    scope: String,
    now: DateTime<Utc>,
) -> AppResult<(Taken, bool)> {
    if let Some(key) = &key
        && let Some(first) =
            store::idempotency::find(txn, &scope, &key.key, &key.fingerprint, now).await?
    {
        return replay(&state, first).map(|taken| (taken, false));
    }
    let taken =
        Taken::from(store::registrations::register(txn, &state.manage_key, &gate, &new).await?);
    if let Some(key) = &key {
        let kept = serde_json::to_string(&taken).map_err(|e| DbErr::Json(e.to_string()))?;
        let id = Some(taken.id);
        store::idempotency::save(txn, &scope, &key.key, &key.fingerprint, id, &kept).await?;
    }
    Ok((taken, true))
}

/// A kept first answer with its manage token derived again from the registration's id.
fn replay(state: &AppState, kept: Kept) -> AppResult<Taken> {
    let mut taken: Taken =
        serde_json::from_str(&kept.response).map_err(|e| DbErr::Json(e.to_string()))?;
    taken.manage_token = state.manage_key.token_for(taken.id);
    Ok(taken)
}

/// Cancels the registration `manage_token` opens and gives its seats to the waiting list in
/// order. Cancelling twice changes nothing.
pub async fn cancel(state: &AppState, manage_token: &str) -> AppResult<registration::Model> {
    let txn = state.db.begin_write().await?;
    let found = store::registrations::by_manage_token(&*txn, manage_token).await?;
    store::events::lock(&*txn, found.event_id).await?;
    // Read again under the lock: a concurrent cancel of the same registration is a no-op.
    let found = store::registrations::by_manage_token(&*txn, manage_token).await?;
    let was_live = found.status != Status::Cancelled;
    let cancelled = store::registrations::cancel(&*txn, found).await?;
    txn.commit().await?;
    state.mail.wake();
    if was_live {
        crate::metrics::registration("cancelled");
    }
    Ok(cancelled)
}

/// Cancels registration `id` for its organiser (someone phoned to say they cannot come): the
/// person is told by email, and the waiting list moves, as when they cancel themselves.
pub async fn cancel_by_organiser(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
) -> AppResult<registration::Model> {
    let txn = state.db.begin_write().await?;
    let found = store::attendees::get(&*txn, id).await?;
    store::events::lock(&*txn, found.event_id).await?;
    let (_, festival) = store::events::with_festival(&*txn, found.event_id).await?;
    store::festivals::authorize_change_in(actor, &festival, "registration")?;
    // Read again under the lock: a concurrent cancel of the same registration is a no-op.
    let found = store::attendees::get(&*txn, id).await?;
    let was_live = found.status != Status::Cancelled;
    let cancelled = store::registrations::cancel(&*txn, found).await?;
    txn.commit().await?;
    state.mail.wake();
    if was_live {
        crate::metrics::registration("cancelled");
    }
    Ok(cancelled)
}

/// Turns reminders on or off for the registration behind `manage_token` (its reminders'
/// one-click `List-Unsubscribe`, or the manage page).
pub async fn set_reminders(
    state: &AppState,
    manage_token: &str,
    on: bool,
) -> AppResult<registration::Model> {
    // Read first: an unknown token is a 404 that takes no write lock.
    let found = store::registrations::by_manage_token(state.db.conn(), manage_token).await?;
    if found.reminders == on {
        return Ok(found);
    }
    let txn = state.db.begin_write().await?;
    let found = store::registrations::by_manage_token(&*txn, manage_token).await?;
    let updated = store::registrations::set_reminders(&*txn, found, on).await?;
    txn.commit().await?;
    Ok(updated)
}

/// Emails the person behind `manage_token` the link of their own calendar, at most once an
/// hour, to the registration's address only.
pub async fn send_calendar_link(
    state: &AppState,
    manage_token: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let txn = state.db.begin_write().await?;
    let found = store::registrations::by_manage_token(&*txn, manage_token).await?;
    store::registrations::request_calendar_link(&*txn, &found, now).await?;
    txn.commit().await?;
    state.mail.wake();
    Ok(())
}

/// Marks a confirmed registration as arrived (organiser); checking in twice keeps the first
/// time.
pub async fn check_in(state: &AppState, actor: &Actor, id: Uuid) -> AppResult<registration::Model> {
    let txn = state.db.begin_write().await?;
    let found = store::attendees::get(&*txn, id).await?;
    let (_, festival) = store::events::with_festival(&*txn, found.event_id).await?;
    store::festivals::authorize_change_in(actor, &festival, "registration")?;
    let first_time = found.checked_in_at.is_none();
    let checked = store::attendees::check_in(&*txn, found).await?;
    txn.commit().await?;
    if first_time {
        crate::metrics::check_in();
    }
    Ok(checked)
}

/// Takes back a check-in made by mistake (organiser).
pub async fn undo_check_in(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
) -> AppResult<registration::Model> {
    let txn = state.db.begin_write().await?;
    let found = store::attendees::get(&*txn, id).await?;
    let (_, festival) = store::events::with_festival(&*txn, found.event_id).await?;
    store::festivals::authorize_change_in(actor, &festival, "registration")?;
    let undone = store::attendees::undo_check_in(&*txn, found).await?;
    txn.commit().await?;
    Ok(undone)
}

/// Anonymises the registrations of `email`: everywhere for an admin, on the organisation's
/// own events for an organiser. Returns how many were anonymised.
pub async fn erase(state: &AppState, actor: &Actor, email: &Email) -> AppResult<u64> {
    let scope = match actor {
        Actor::Admin => None,
        Actor::Organiser { organisation_id } => {
            Some(store::festivals::events_of_organisation(*organisation_id))
        }
    };
    let txn = state.db.begin_write().await?;
    let erased = store::privacy::erase(&*txn, email.as_str(), scope).await?;
    txn.commit().await?;
    Ok(erased)
}
