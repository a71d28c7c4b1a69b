//! What an organiser does with the emails of their festivals: try a failed one again.

use entity::outbox;
use uuid::Uuid;

use crate::{
    domain::access::Actor,
    error::{AppError, AppResult},
    state::AppState,
    store,
};

/// Sends a failed email again at once; only a failed one. Returns the row and its recipient.
pub async fn retry(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
) -> AppResult<(outbox::Model, String)> {
    let txn = state.db.begin_write().await?;
    let current = store::notifications::get(&*txn, id).await?;
    // Emails to members belong to no festival's log, and are not retried from it.
    let (Some(festival_id), Some(registration_id)) = (current.festival_id, current.registration_id)
    else {
        return Err(AppError::NotFound("notification"));
    };
    let festival = store::festivals::by_id(&*txn, festival_id).await?;
    store::festivals::authorize_change_in(actor, &festival, "notification")?;
    let retried = store::notifications::retry(&*txn, current).await?;
    let recipient = store::attendees::get(&*txn, registration_id).await?.email;
    txn.commit().await?;
    state.mail.wake();
    Ok((retried, recipient))
}
