//! Console sign-in: one-time links (only their hashes kept; the token is derived from the
//! link's id, see [`crate::domain::token::ManageKey::sign_in_token_for`]) and sessions (only
//! the hash of the cookie's id kept).

use chrono::{DateTime, Utc};
use entity::{member, session, sign_in_link, sign_in_request};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
    sea_query::Expr,
};
use uuid::Uuid;

use crate::{
    domain::{
        member::{SESSION_IDLE, SIGN_IN_LINK_LIFETIME},
        token,
    },
    error::AppResult,
};

/// Stores a sign-in link for `member_id` whose token is `token` (derived from `id`).
pub async fn create_link(
    db: &impl ConnectionTrait,
    id: Uuid,
    member_id: Uuid,
    token: &str,
    locale: &str,
    next_path: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    sign_in_link::ActiveModel {
        id: Set(id),
        member_id: Set(member_id),
        token_hash: Set(token::hash(token)),
        locale: Set(locale.to_owned()),
        next_path: Set(next_path.map(str::to_owned)),
        created_at: Set(now),
        expires_at: Set(now + SIGN_IN_LINK_LIFETIME),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Records a request for a link for the address whose hash is `email_hash`, and returns how
/// many were made since `since`, this one included.
pub async fn count_request(
    db: &impl ConnectionTrait,
    email_hash: &str,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> AppResult<u64> {
    sign_in_request::Entity::insert(sign_in_request::ActiveModel {
        email_hash: Set(email_hash.to_owned()),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(sign_in_request::Entity::find()
        .filter(sign_in_request::Column::EmailHash.eq(email_hash))
        .filter(sign_in_request::Column::CreatedAt.gt(since))
        .count(db)
        .await?)
}

pub async fn link(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<sign_in_link::Model>> {
    Ok(sign_in_link::Entity::find_by_id(id).one(db).await?)
}

/// The unused, unexpired link whose token is `token`, if there is one (for the page that asks
/// before signing in: it changes nothing).
pub async fn usable_link(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> AppResult<Option<sign_in_link::Model>> {
    Ok(sign_in_link::Entity::find()
        .filter(sign_in_link::Column::TokenHash.eq(token::hash(token)))
        .filter(sign_in_link::Column::UsedAt.is_null())
        .filter(sign_in_link::Column::ExpiresAt.gt(now))
        .one(db)
        .await?)
}

/// Uses the link whose token is `token`: marks it used if it was unused and unexpired, in one
/// conditional `UPDATE`, so two clicks (or two instances) cannot both sign in with it.
pub async fn use_link(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> AppResult<Option<sign_in_link::Model>> {
    let Some(found) = usable_link(db, token, now).await? else {
        return Ok(None);
    };
    let used = sign_in_link::Entity::update_many()
        .col_expr(sign_in_link::Column::UsedAt, Expr::value(now))
        .filter(sign_in_link::Column::Id.eq(found.id))
        .filter(sign_in_link::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok((used.rows_affected == 1).then_some(found))
}

/// Starts a session for `member_id`; returns the secret for the cookie (never stored).
pub async fn start(
    db: &impl ConnectionTrait,
    member_id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let (secret, hash) = token::generate_with_prefix("ses_");
    session::ActiveModel {
        id_hash: Set(hash),
        member_id: Set(member_id),
        created_at: Set(now),
        last_seen_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(secret)
}

/// The live session whose cookie holds `secret`, and its member.
pub async fn find(
    db: &impl ConnectionTrait,
    secret: &str,
    now: DateTime<Utc>,
) -> AppResult<Option<(session::Model, member::Model)>> {
    let Some(found) = session::Entity::find_by_id(token::hash(secret))
        .filter(session::Column::LastSeenAt.gt(now - SESSION_IDLE))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let member = member::Entity::find_by_id(found.member_id).one(db).await?;
    Ok(member.map(|m| (found, m)))
}

/// Records that the session was used at `now`.
pub async fn seen(db: &impl ConnectionTrait, id_hash: &str, now: DateTime<Utc>) -> AppResult<()> {
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, Expr::value(now))
        .filter(session::Column::IdHash.eq(id_hash))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends the session whose cookie holds `secret`.
pub async fn end(db: &impl ConnectionTrait, secret: &str) -> AppResult<()> {
    session::Entity::delete_by_id(token::hash(secret))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes sessions idle for longer than [`SESSION_IDLE`], and links and requests for them a
/// day old: the scheduler's purge, so the tables do not grow with every sign-in.
pub async fn purge(db: &impl ConnectionTrait, now: DateTime<Utc>) -> AppResult<u64> {
    let sessions = session::Entity::delete_many()
        .filter(session::Column::LastSeenAt.lte(now - SESSION_IDLE))
        .exec(db)
        .await?;
    let links = sign_in_link::Entity::delete_many()
        .filter(sign_in_link::Column::ExpiresAt.lte(now - chrono::Duration::days(1)))
        .exec(db)
        .await?;
    let requests = sign_in_request::Entity::delete_many()
        .filter(sign_in_request::Column::CreatedAt.lte(now - chrono::Duration::days(1)))
        .exec(db)
        .await?;
    Ok(sessions.rows_affected + links.rows_affected + requests.rows_affected)
}
