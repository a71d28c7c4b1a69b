//! Answers kept for retried POSTs, keyed by the client's `Idempotency-Key` within a scope.

use entity::idempotency_key;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

use super::{conflict_on_duplicate, now};
use crate::error::AppResult;

/// The first answer given for `key` in `scope`, if any.
pub async fn find(db: &impl ConnectionTrait, scope: &str, key: &str) -> AppResult<Option<String>> {
    Ok(
        idempotency_key::Entity::find_by_id((scope.to_owned(), key.to_owned()))
            .one(db)
            .await?
            .map(|row| row.response),
    )
}

/// Keeps `response` as the answer for `key`, in the transaction that made it. A concurrent
/// request with the same key fails here with a 409, and its client retries into [`find`].
pub async fn save(
    db: &impl ConnectionTrait,
    scope: &str,
    key: &str,
    response: &str,
) -> AppResult<()> {
    idempotency_key::ActiveModel {
        scope: Set(scope.to_owned()),
        key: Set(key.to_owned()),
        response: Set(response.to_owned()),
        created_at: Set(now()),
    }
    .insert(db)
    .await
    .map_err(|e| {
        conflict_on_duplicate(e, || {
            "a request with this Idempotency-Key is in progress; retry".to_owned()
        })
    })?;
    Ok(())
}
