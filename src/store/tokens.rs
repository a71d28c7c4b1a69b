//! API tokens: issued by the CLI, looked up by hash on every authenticated request.

use entity::api_token;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::now;
use crate::{
    domain::{access::Actor, kinds::Role, token},
    error::AppResult,
};

/// Stores a new token for `actor` and returns the token itself, which is never stored.
pub async fn create(db: &impl ConnectionTrait, actor: Actor, name: &str) -> AppResult<String> {
    let (secret, hash) = token::generate();
    let (role, organisation_id) = match actor {
        Actor::Admin => (Role::Admin, None),
        Actor::Organiser { organisation_id } => (Role::Organiser, Some(organisation_id)),
    };
    api_token::ActiveModel {
        id: Set(Uuid::new_v4()),
        token_hash: Set(hash),
        name: Set(name.to_owned()),
        role: Set(role),
        organisation_id: Set(organisation_id),
        created_at: Set(now()),
    }
    .insert(db)
    .await?;
    Ok(secret)
}

/// Who holds `secret`, if anyone.
pub async fn actor(db: &impl ConnectionTrait, secret: &str) -> AppResult<Option<Actor>> {
    let row = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(token::hash(secret)))
        .one(db)
        .await?;
    Ok(row.and_then(|t| match (t.role, t.organisation_id) {
        (Role::Admin, _) => Some(Actor::Admin),
        (Role::Organiser, Some(organisation_id)) => Some(Actor::Organiser { organisation_id }),
        _ => None,
    }))
}
