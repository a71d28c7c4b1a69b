//! Creating an organisation (an administrator's act, from the API or the CLI).

use entity::organisation;

use crate::{
    domain::access::Actor,
    error::AppResult,
    state::AppState,
    store::{self, organisations::NewOrganisation},
};

/// A new organisation; only an administrator may create one.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    new: NewOrganisation,
) -> AppResult<organisation::Model> {
    actor.require_admin()?;
    store::organisations::create(state.db.conn(), new).await
}
