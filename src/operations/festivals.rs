//! Creating, editing, publishing, cancelling and deleting a festival.

use entity::festival;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::{
    domain::{
        access::Actor,
        festival::{self as rules, FestivalSpec},
    },
    error::AppResult,
    state::AppState,
    store,
};

/// The festival `slug`, locked for the caller's transaction, if `actor` may change it.
pub async fn for_change(
    db: &impl ConnectionTrait,
    actor: &Actor,
    slug: &str,
) -> AppResult<festival::Model> {
    let festival = store::festivals::lock_by_slug(db, slug).await?;
    store::festivals::authorize_change_in(actor, &festival, "festival")?;
    Ok(festival)
}

/// A new festival of `organisation_id`, as a draft.
pub async fn create(
    state: &AppState,
    organisation_id: Uuid,
    spec: &FestivalSpec,
) -> AppResult<festival::Model> {
    store::festivals::create(state.db.conn(), organisation_id, spec).await
}

/// Changes a festival that is not over: `change` turns the current row, read under the lock,
/// into the whole new specification (a PATCH merges into it; a form sends all of it). New
/// dates may not leave any of its events outside them.
pub async fn edit(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    change: impl FnOnce(&festival::Model) -> AppResult<FestivalSpec>,
) -> AppResult<festival::Model> {
    let txn = state.db.begin_write().await?;
    let current = for_change(&*txn, actor, slug).await?;
    rules::check_open(current.status)?;
    let spec = change(&current)?;
    let updated = store::festivals::update(&*txn, current, &spec).await?;
    txn.commit().await?;
    Ok(updated)
}

/// Deletes a draft festival and its events; a published one must be cancelled instead.
pub async fn delete(state: &AppState, actor: &Actor, slug: &str) -> AppResult<()> {
    let txn = state.db.begin_write().await?;
    let current = for_change(&*txn, actor, slug).await?;
    rules::check_deletable(current.status)?;
    store::festivals::delete(&*txn, current.id).await?;
    txn.commit().await?;
    Ok(())
}

/// Publishes a draft: it and its events become public. Publishing twice changes nothing.
pub async fn publish(state: &AppState, actor: &Actor, slug: &str) -> AppResult<festival::Model> {
    let txn = state.db.begin_write().await?;
    let current = for_change(&*txn, actor, slug).await?;
    let next = rules::publish(current.status)?;
    if current.status != next {
        // Locked after the festival, in the order an organisation's edit takes them, so that
        // the address cannot be removed while this publishes.
        let organisation = store::organisations::lock(&*txn, current.organisation_id).await?;
        crate::domain::organisation::check_can_publish(organisation.email.as_deref())?;
    }
    let updated = store::festivals::set_status(&*txn, current, next).await?;
    txn.commit().await?;
    Ok(updated)
}

/// Cancels a festival and every event in it; everyone registered is told by email.
pub async fn cancel(state: &AppState, actor: &Actor, slug: &str) -> AppResult<festival::Model> {
    let txn = state.db.begin_write().await?;
    let current = for_change(&*txn, actor, slug).await?;
    rules::check_cancellable(current.status)?;
    let updated = store::festivals::cancel(&*txn, current).await?;
    txn.commit().await?;
    state.mail.wake();
    Ok(updated)
}

/// Lets anyone see the festival's figures once it has ended (open data, small counts
/// withheld), or stops it. Owners decide: the console checks the role before calling.
pub async fn set_figures_public(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    public: bool,
) -> AppResult<festival::Model> {
    let txn = state.db.begin_write().await?;
    let festival = for_change(&*txn, actor, slug).await?;
    let festival = store::festivals::set_figures_public(&*txn, festival, public).await?;
    txn.commit().await?;
    Ok(festival)
}
