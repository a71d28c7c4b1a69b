//! Creating an organisation (an administrator's act, from the API or the CLI) and changing
//! one (an administrator, or the organisation itself).

use entity::organisation;

use crate::{
    domain::{access::Actor, organisation::check_contact_kept},
    error::{AppError, AppResult},
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

/// Changes an organisation: `change` turns the current row into the whole new one. Its
/// festivals are locked before it, in the order publishing takes them, so its contact address
/// cannot go while one of them is being published.
pub async fn edit(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    change: impl FnOnce(&organisation::Model) -> AppResult<NewOrganisation>,
) -> AppResult<organisation::Model> {
    let txn = state.db.begin_write().await?;
    let found = store::organisations::by_slug(&*txn, slug).await?;
    if !actor.manages(found.id) {
        return Err(AppError::Forbidden(
            "this token belongs to another organisation".to_owned(),
        ));
    }
    store::festivals::lock_of_organisation(&*txn, found.id).await?;
    let current = store::organisations::lock(&*txn, found.id).await?;
    let new = change(&current)?;
    let publishes = store::organisations::publishes(&*txn, current.id).await?;
    check_contact_kept(new.email.as_deref(), publishes)?;
    let updated = store::organisations::update(&*txn, current, new).await?;
    txn.commit().await?;
    Ok(updated)
}
