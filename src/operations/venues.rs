//! Adding, changing and deleting an organisation's venues. A venue's change of place tells
//! everyone registered for its events.

use entity::venue;
use uuid::Uuid;

use crate::{
    domain::{
        access::{Actor, authorize_change},
        venue::VenueSpec,
    },
    error::{AppError, AppResult},
    state::AppState,
    store,
};

/// A new venue of `organisation_id`.
pub async fn create(
    state: &AppState,
    organisation_id: Uuid,
    spec: &VenueSpec,
) -> AppResult<venue::Model> {
    store::venues::create(state.db.conn(), organisation_id, spec).await
}

/// Changes a venue: `change` turns the current row, read under the lock, into the whole new
/// specification. Its capacity may not drop below an event booked into it.
pub async fn edit(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
    change: impl FnOnce(&venue::Model) -> AppResult<VenueSpec>,
) -> AppResult<venue::Model> {
    let txn = state.db.begin_write().await?;
    store::festivals::lock_of_venue(&*txn, id).await?;
    // Locked before the checks, so no event is booked into it meanwhile.
    let current = store::venues::lock(&*txn, id)
        .await?
        .ok_or(AppError::NotFound("venue"))?;
    authorize_change(actor, current.organisation_id, true, "venue")?;
    let spec = change(&current)?;
    let updated = store::venues::update(&*txn, current, &spec).await?;
    txn.commit().await?;
    state.mail.wake();
    Ok(updated)
}

/// Deletes a venue that no event uses.
pub async fn delete(state: &AppState, actor: &Actor, id: Uuid) -> AppResult<()> {
    let txn = state.db.begin_write().await?;
    // Locked before the checks, so no event is booked into it meanwhile.
    let current = store::venues::lock(&*txn, id)
        .await?
        .ok_or(AppError::NotFound("venue"))?;
    authorize_change(actor, current.organisation_id, true, "venue")?;
    store::venues::delete(&*txn, current.id).await?;
    txn.commit().await?;
    Ok(())
}
