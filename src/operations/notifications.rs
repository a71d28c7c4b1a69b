//! What an organiser does with the emails of their festivals: try a failed one again.

use entity::outbox;
use uuid::Uuid;

use crate::{domain::access::Actor, error::AppResult, state::AppState, store};

/// Sends a failed email again at once; only a failed one. Returns the row and its recipient.
pub async fn retry(
    state: &AppState,
    actor: &Actor,
    id: Uuid,
) -> AppResult<(outbox::Model, String)> {
    let txn = state.db.begin_write().await?;
    let current = store::notifications::get(&*txn, id).await?;
    let festival = store::festivals::by_id(&*txn, current.festival_id).await?;
    store::festivals::authorize_change_in(actor, &festival, "notification")?;
    let retried = store::notifications::retry(&*txn, current).await?;
    let recipient = store::attendees::get(&*txn, retried.registration_id)
        .await?
        .email;
    txn.commit().await?;
    state.mail.wake();
    Ok((retried, recipient))
}
