//! API tokens: issued by the CLI, looked up by hash on every authenticated request.

use chrono::{DateTime, Duration, Utc};
use entity::{api_token, organisation};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    sea_query::Expr,
};
use uuid::Uuid;

use super::{Db, now};
use crate::{
    domain::{access::Actor, kinds::Role, token},
    error::{AppError, AppResult},
};

/// How old a token's recorded use may get before a request records it again: one write per
/// token per minute at most, not one per request.
const USE_RECORDED_EVERY: Duration = Duration::minutes(1);

/// A token as `convoca token list` shows it: never the secret, which is not stored.
#[derive(Debug, Clone)]
pub struct Listed {
    pub id: Uuid,
    pub name: String,
    /// The organisation's slug; `None` for an admin token.
    pub organisation: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// Stores a new token for `actor` and returns the token itself, which is never stored.
pub async fn create(db: &impl ConnectionTrait, actor: Actor, name: &str) -> AppResult<String> {
    let (secret, hash) = token::generate();
    let (role, organisation_id) = match actor {
        Actor::Admin => (Role::Admin, None),
        Actor::Organiser { organisation_id } => (Role::Organiser, Some(organisation_id)),
    };
    api_token::ActiveModel {
        id: Set(super::new_id()),
        token_hash: Set(hash),
        name: Set(name.to_owned()),
        role: Set(role),
        organisation_id: Set(organisation_id),
        created_at: Set(now()),
        last_used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(secret)
}

/// Who holds `secret`, if anyone; records that the token was used.
pub async fn actor(db: &Db, secret: &str) -> AppResult<Option<Actor>> {
    let row = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(token::hash(secret)))
        .one(db.conn())
        .await?;
    let at = now();
    if let Some(t) = &row
        && t.last_used_at
            .is_none_or(|last| at - last >= USE_RECORDED_EVERY)
    {
        let id = t.id;
        // A figure for the operator: if it cannot be written now, the request goes on.
        let recorded = db
            .write(move |txn| {
                Box::pin(async move {
                    api_token::Entity::update_many()
                        .col_expr(api_token::Column::LastUsedAt, Expr::value(at))
                        .filter(api_token::Column::Id.eq(id))
                        .exec(txn)
                        .await?;
                    Ok(())
                })
            })
            .await;
        if let Err(error) = recorded {
            tracing::warn!(%error, token = %id, "could not record a token's use");
        }
    }
    Ok(row.and_then(|t| match (t.role, t.organisation_id) {
        (Role::Admin, _) => Some(Actor::Admin),
        (Role::Organiser, Some(organisation_id)) => Some(Actor::Organiser { organisation_id }),
        _ => None,
    }))
}

/// Every token, oldest first, with its organisation's slug.
pub async fn list(db: &impl ConnectionTrait) -> AppResult<Vec<Listed>> {
    Ok(api_token::Entity::find()
        .find_also_related(organisation::Entity)
        .order_by_asc(api_token::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|(t, o)| Listed {
            id: t.id,
            name: t.name,
            organisation: o.map(|o| o.slug),
            created_at: t.created_at,
            last_used_at: t.last_used_at,
        })
        .collect())
}

/// The tokens of `organisation_id`, oldest first (the console's list).
pub async fn of_organisation(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
) -> AppResult<Vec<api_token::Model>> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::OrganisationId.eq(organisation_id))
        .order_by_asc(api_token::Column::CreatedAt)
        .all(db)
        .await?)
}

/// The token `id`, if there is one.
pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> AppResult<api_token::Model> {
    api_token::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("token"))
}

/// Revokes (deletes) a token: the next request with it gets a 401.
pub async fn revoke(db: &impl ConnectionTrait, id: Uuid) -> AppResult<()> {
    let deleted = api_token::Entity::delete_by_id(id).exec(db).await?;
    if deleted.rows_affected == 0 {
        return Err(AppError::NotFound("token"));
    }
    Ok(())
}
