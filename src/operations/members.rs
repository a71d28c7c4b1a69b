//! The console's people: adding a member, sending a sign-in link, signing in and out.

use chrono::{DateTime, Utc};
use entity::member;
use uuid::Uuid;

use crate::{
    domain::{
        email::Email,
        kinds::{MemberRole, NotificationKind},
        member::{LINKS_PER_ADDRESS, LINKS_WINDOW, safe_next},
        token,
    },
    error::{AppError, AppResult},
    state::AppState,
    store::{self, Db},
};

/// Removes member `id` of organisation `slug`: their sessions and links go with them, so an
/// old cookie signs no one in.
pub async fn remove(db: &Db, slug: &str, id: Uuid) -> AppResult<()> {
    let txn = db.begin_write().await?;
    let organisation = store::organisations::by_slug(&*txn, slug).await?;
    let found = store::members::get(&*txn, id).await?;
    if found.organisation_id != organisation.id {
        return Err(AppError::NotFound("member"));
    }
    store::members::remove(&*txn, id).await?;
    txn.commit().await.map_err(AppError::from)
}

/// Adds `email` to the organisation `slug` with `role` (the CLI's `member add`; owners will
/// do it from the console). A door member may be given festivals of that organisation.
pub async fn add(
    db: &Db,
    slug: &str,
    email: &Email,
    role: MemberRole,
    locale: &str,
    festivals: &[String],
) -> AppResult<member::Model> {
    let txn = db.begin_write().await?;
    let organisation = store::organisations::by_slug(&*txn, slug).await?;
    let added =
        store::members::add(&*txn, organisation.id, email, role, locale, store::now()).await?;
    for slug in festivals {
        let festival = store::festivals::by_slug(&*txn, slug).await?;
        if festival.organisation_id != organisation.id {
            return Err(AppError::NotFound("festival"));
        }
        store::members::give_festival(&*txn, added.id, festival.id).await?;
    }
    txn.commit().await?;
    Ok(added)
}

/// What the email of a sign-in link is written from (the outbox row's `details`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct SignInDetails {
    pub link: Uuid,
}

/// Sends a sign-in link to every membership of `email`, unless that address asked
/// [`LINKS_PER_ADDRESS`] times in the last hour. An address that belongs to no one gets
/// nothing, and the caller answers the same whatever happened here: whether an address is a
/// member is not for an anonymous visitor to learn. Both kinds of address cost one write
/// transaction (the request is recorded either way), so the answer's time says little more.
pub async fn request_sign_in(
    state: &AppState,
    email: &Email,
    locale: &str,
    next: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let next = next.and_then(safe_next);
    let txn = state.db.begin_write().await?;
    let asked = store::sessions::count_request(
        &*txn,
        &token::hash(email.as_str()),
        now - LINKS_WINDOW,
        now,
    )
    .await?;
    let members = store::members::of_email(&*txn, email).await?;
    if asked > LINKS_PER_ADDRESS {
        if !members.is_empty() {
            tracing::info!("sign-in link not sent: too many asked for this address this hour");
        }
        txn.commit().await?;
        return Ok(());
    }
    let mut sent = false;
    for (member, _) in members {
        let id = Uuid::new_v4();
        let token = state.manage_key.sign_in_token_for(id);
        store::sessions::create_link(&*txn, id, member.id, &token, locale, next, now).await?;
        let details = serde_json::to_string(&SignInDetails { link: id })
            .map_err(|e| AppError::Database(sea_orm::DbErr::Custom(e.to_string())))?;
        store::outbox::enqueue_for_member(&*txn, member.id, NotificationKind::SignIn, details)
            .await?;
        sent = true;
    }
    txn.commit().await?;
    if sent {
        state.mail.wake();
    }
    Ok(())
}

/// A new session.
pub struct SignedIn {
    /// For the cookie; only its hash is stored.
    pub session: String,
    /// The console page to open (the one that sent the member to sign in), if any.
    pub next: Option<String>,
}

/// Signs in with the link whose token is `token`: uses it (once) and starts a new session.
/// A used, expired or unknown link is a 404.
pub async fn sign_in(state: &AppState, token: &str, now: DateTime<Utc>) -> AppResult<SignedIn> {
    let txn = state.db.begin_write().await?;
    let link = store::sessions::use_link(&*txn, token, now)
        .await?
        .ok_or(AppError::NotFound("sign-in link"))?;
    let session = store::sessions::start(&*txn, link.member_id, now).await?;
    txn.commit().await?;
    Ok(SignedIn {
        session,
        next: link
            .next_path
            .as_deref()
            .and_then(safe_next)
            .map(str::to_owned),
    })
}

/// Ends the session whose cookie holds `secret`.
pub async fn sign_out(state: &AppState, secret: &str) -> AppResult<()> {
    let txn = state.db.begin_write().await?;
    store::sessions::end(&*txn, secret).await?;
    txn.commit().await?;
    Ok(())
}
