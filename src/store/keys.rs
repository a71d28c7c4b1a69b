//! The installation's secrets, shared by every server process on one database.

use entity::instance_key;
use sea_orm::{ConnectionTrait, EntityTrait, Set, sea_query::OnConflict};

use crate::{domain::token::ManageKey, error::AppResult};

const MANAGE_KEY: &str = "manage_tokens";

/// The key manage tokens are derived from: `configured` (`CONVOCA_SECRET_KEY`) if given, else
/// the one kept in the database, created by whichever process starts first.
pub async fn manage_key(
    db: &impl ConnectionTrait,
    configured: Option<&str>,
) -> AppResult<ManageKey> {
    if let Some(key) = configured {
        return Ok(ManageKey::new(key.as_bytes()));
    }
    instance_key::Entity::insert(instance_key::ActiveModel {
        name: Set(MANAGE_KEY.to_owned()),
        value: Set(ManageKey::generate()),
    })
    .on_conflict(
        OnConflict::column(instance_key::Column::Name)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    let stored = instance_key::Entity::find_by_id(MANAGE_KEY.to_owned())
        .one(db)
        .await?
        .map(|k| k.value)
        .unwrap_or_default();
    Ok(ManageKey::new(stored.as_bytes()))
}
