//! Answers kept for retried POSTs, keyed by the client's `Idempotency-Key` within a scope,
//! bound to the request they were first given for, and kept for [`LIFETIME`] only.

use chrono::{DateTime, Duration, Utc};
use entity::idempotency_key;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
    sea_query::SimpleExpr,
};
use uuid::Uuid;

use super::conflict_on_duplicate;
use crate::error::{AppError, AppResult};

/// How long a key is remembered. A phone retrying on a bad connection retries within
/// minutes; a day covers an app that queues a request until it is back online.
pub const LIFETIME: Duration = Duration::hours(24);

/// The longest key accepted (the IETF draft sets no limit; ours keeps the index small).
pub const MAX_KEY_LENGTH: usize = 200;

/// A first answer, as kept.
pub struct Kept {
    pub response: String,
    pub registration_id: Option<Uuid>,
}

/// The first answer given for `key` in `scope` within its lifetime, if any. The same key with
/// another request (`fingerprint` differs) is a 422, never someone else's answer: keys are
/// chosen by clients, and a guessed or reused key must not open another person's registration.
pub async fn find(
    db: &impl ConnectionTrait,
    scope: &str,
    key: &str,
    fingerprint: &str,
    now: DateTime<Utc>,
) -> AppResult<Option<Kept>> {
    let Some(row) = idempotency_key::Entity::find_by_id((scope.to_owned(), key.to_owned()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if row.created_at <= now - LIFETIME {
        // Expired: forgotten, so the key can be used afresh.
        idempotency_key::Entity::delete_by_id((scope.to_owned(), key.to_owned()))
            .exec(db)
            .await?;
        return Ok(None);
    }
    if row.fingerprint != fingerprint {
        return Err(AppError::invalid(
            "Idempotency-Key",
            "was already used for a different request; send a new key with a new request",
        ));
    }
    Ok(Some(Kept {
        response: row.response,
        registration_id: row.registration_id,
    }))
}

/// Keeps `response` as the answer for `key`, in the transaction that made it. A concurrent
/// request with the same key fails here with a 409, and its client retries into [`find`].
pub async fn save(
    db: &impl ConnectionTrait,
    scope: &str,
    key: &str,
    fingerprint: &str,
    registration_id: Option<Uuid>,
    response: &str,
) -> AppResult<()> {
    idempotency_key::ActiveModel {
        scope: Set(scope.to_owned()),
        key: Set(key.to_owned()),
        response: Set(response.to_owned()),
        created_at: Set(super::now()),
        fingerprint: Set(fingerprint.to_owned()),
        registration_id: Set(registration_id),
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

/// Forgets the keys older than [`LIFETIME`] at `now`. Returns how many.
pub async fn purge(db: &impl ConnectionTrait, now: DateTime<Utc>) -> AppResult<u64> {
    Ok(idempotency_key::Entity::delete_many()
        .filter(idempotency_key::Column::CreatedAt.lte(now - LIFETIME))
        .exec(db)
        .await?
        .rows_affected)
}

/// Forgets the keys of the registrations `registrations` selects (their person was erased).
pub async fn forget(db: &impl ConnectionTrait, registrations: SimpleExpr) -> AppResult<()> {
    let chosen = sea_orm::sea_query::Query::select()
        .column(entity::registration::Column::Id)
        .from(entity::registration::Entity)
        .and_where(registrations)
        .to_owned();
    idempotency_key::Entity::delete_many()
        .filter(idempotency_key::Column::RegistrationId.in_subquery(chosen))
        .exec(db)
        .await?;
    Ok(())
}
