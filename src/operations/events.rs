//! Adding, changing, cancelling and deleting a festival's events. A change of time or place
//! tells everyone registered (the outbox rows are written in the same transaction).

use entity::{event, festival};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::festivals;
use crate::{
    domain::{access::Actor, event::EventSpec, festival::check_open},
    error::{AppError, AppResult},
    state::AppState,
    store,
};

/// The event `id` and its festival, locked for the caller's transaction, if `actor` may
/// change them.
async fn for_change(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> AppResult<(event::Model, festival::Model)> {
    store::festivals::lock_of_event(db, id).await?;
    // The event too, before it is read: registrations take its seats without the festival's
    // lock, and a new capacity is checked against the seats taken.
    store::events::lock(db, id).await?;
    let (event, festival) = store::events::with_festival(db, id).await?;
    store::festivals::authorize_change_in(actor, &festival, "event")?;
    Ok((event, festival))
}

/// Adds an event to the festival `slug`, from the specification `spec` gives once the festival
/// is known to be open to changes. It must lie within the festival's dates, fit its venue, and
/// not overlap another event in the same venue.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    spec: impl FnOnce() -> AppResult<EventSpec>,
) -> AppResult<(event::Model, festival::Model)> {
    let txn = state.db.begin_write().await?;
    let festival = festivals::for_change(&*txn, actor, slug).await?;
    check_open(festival.status)?;
    let created = store::events::create(&*txn, &festival, &spec()?).await?;
    txn.commit().await?;
    Ok((created, festival))
}

/// Changes an event: `change` turns the current row, read under the lock, into the whole new
/// specification. A new time or place raises its `sequence` and tells everyone registered.
pub async fn edit(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    change: impl FnOnce(&event::Model) -> AppResult<EventSpec>,
) -> AppResult<(event::Model, festival::Model)> {
    let txn = state.db.begin_write().await?;
    let (current, festival) = for_change(&*txn, actor, id).await?;
    check_open(festival.status)?;
    let spec = change(&current)?;
    let updated = store::events::update(&*txn, &festival, current, &spec).await?;
    txn.commit().await?;
    state.mail.wake();
    Ok((updated, festival))
}

/// Deletes an event nobody registered for.
pub async fn delete(state: &AppState, actor: &Actor, id: Uuid) -> AppResult<()> {
    let txn = state.db.begin_write().await?;
    let (current, festival) = for_change(&*txn, actor, id).await?;
    store::events::delete(&*txn, &festival, &current).await?;
    txn.commit().await?;
    Ok(())
}

/// Cancels an event (it stays listed as cancelled) and everyone registered is told.
pub async fn cancel(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
) -> AppResult<(event::Model, festival::Model)> {
    let txn = state.db.begin_write().await?;
    let (current, festival) = for_change(&*txn, actor, id).await?;
    let updated = store::events::cancel(&*txn, current).await?;
    txn.commit().await?;
    state.mail.wake();
    Ok((updated, festival))
}

/// One row of a programme to import: its line in the file and the event it makes, or why it
/// makes none.
pub type ImportRow = (u64, AppResult<EventSpec>);

/// What an import did.
#[derive(Debug)]
pub enum Imported {
    /// Every row was added.
    All(usize),
    /// Nothing was added: these rows must be corrected (line, error).
    Refused(Vec<(u64, AppError)>),
}

/// Adds a whole programme to the festival `slug`, or nothing: every row is checked (its own
/// fields, then the festival's dates, its venue's capacity and calendar, the rows before it
/// included) and one bad row rolls the import back, with every bad row reported.
pub async fn import(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    rows: Vec<ImportRow>,
) -> AppResult<Imported> {
    let txn = state.db.begin_write().await?;
    let festival = festivals::for_change(&*txn, actor, slug).await?;
    check_open(festival.status)?;
    let mut refused = Vec::new();
    let mut added = 0;
    for (line, spec) in rows {
        let made = match spec {
            Ok(spec) => store::events::create(&*txn, &festival, &spec)
                .await
                .map(|_| ()),
            Err(e) => Err(e),
        };
        match made {
            Ok(()) => added += 1,
            // A rule a row breaks is the row's; anything else (the database) is the import's.
            Err(e @ (AppError::Validation(_) | AppError::Conflict(_) | AppError::NotFound(_))) => {
                refused.push((line, e));
            }
            Err(other) => return Err(other),
        }
    }
    if !refused.is_empty() {
        // Dropped, the transaction rolls back: nothing of the file is kept.
        return Ok(Imported::Refused(refused));
    }
    txn.commit().await?;
    Ok(Imported::All(added))
}
