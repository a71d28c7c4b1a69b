//! The console's people: adding a member, sending a sign-in link, signing in and out.

use chrono::{DateTime, Utc};
use entity::member;
use uuid::Uuid;

use crate::{
    domain::{
        email::Email,
        kinds::{MemberRole, NotificationKind},
        member::{LINKS_PER_ADDRESS, LINKS_WINDOW, Member, Permission, safe_next},
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

/// What the email that tells someone they were added is written from.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct InvitedDetails {
    /// The owner who added them.
    pub by: String,
}

/// An owner adds `email` to their organisation with `role` (and, for the door, `festivals`,
/// which must be the organisation's), and the new member is told by email how to sign in.
pub async fn invite(
    state: &AppState,
    by: &Member,
    email: &Email,
    role: MemberRole,
    locale: &str,
    festivals: &[Uuid],
) -> AppResult<member::Model> {
    by.require(Permission::ManageMembers)?;
    let txn = state.db.begin_write().await?;
    let added =
        store::members::add(&*txn, by.organisation_id, email, role, locale, store::now()).await?;
    if role == MemberRole::Door {
        for id in festivals {
            let festival = store::festivals::by_id(&*txn, *id).await?;
            by.owns(festival.organisation_id, "festival")?;
            store::members::give_festival(&*txn, added.id, festival.id).await?;
        }
    }
    let details = serde_json::to_string(&InvitedDetails {
        by: by.email.clone(),
    })
    .map_err(|e| AppError::Database(sea_orm::DbErr::Custom(e.to_string())))?;
    store::outbox::enqueue_for_member(&*txn, added.id, NotificationKind::MemberInvited, details)
        .await?;
    txn.commit().await?;
    state.mail.wake();
    Ok(added)
}

/// An owner removes member `id` of their organisation; their sessions end at once. The last
/// owner cannot be removed: nobody could add members any more.
pub async fn dismiss(state: &AppState, by: &Member, id: Uuid) -> AppResult<()> {
    by.require(Permission::ManageMembers)?;
    let txn = state.db.begin_write().await?;
    // The organisation's members, locked in one order, so two owners removing each other at
    // once cannot leave it without one.
    store::organisations::lock(&*txn, by.organisation_id).await?;
    let found = store::members::get(&*txn, id).await?;
    by.owns(found.organisation_id, "member")?;
    let owners = store::members::of_organisation(&*txn, by.organisation_id)
        .await?
        .iter()
        .filter(|m| m.role == MemberRole::Owner)
        .count();
    if found.role == MemberRole::Owner && owners <= 1 {
        return Err(AppError::conflict(
            "the last owner cannot be removed: add another owner first",
        ));
    }
    store::members::remove(&*txn, id).await?;
    txn.commit().await?;
    Ok(())
}

/// An owner creates an API token for their organisation; returns it (shown once, never
/// stored).
pub async fn create_token(state: &AppState, by: &Member, name: &str) -> AppResult<String> {
    by.require(Permission::ManageMembers)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || !crate::domain::text::is_single_line(name) {
        return Err(AppError::invalid(
            "name",
            "a label of 1 to 100 characters on one line",
        ));
    }
    store::tokens::create(state.db.conn(), by.actor(), name).await
}

/// An owner revokes one of their organisation's API tokens.
pub async fn revoke_token(state: &AppState, by: &Member, id: Uuid) -> AppResult<()> {
    by.require(Permission::ManageMembers)?;
    let token = store::tokens::get(state.db.conn(), id).await?;
    if token.organisation_id != Some(by.organisation_id) {
        return Err(AppError::NotFound("token"));
    }
    store::tokens::revoke(state.db.conn(), id).await
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
        let id = store::new_id();
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

/// Member `member_id`'s own settings: `locale` (`es`, `en`, `pt`) for their emails, and
/// whether they get the weekly report.
pub async fn change_settings(
    state: &AppState,
    member_id: Uuid,
    locale: &str,
    weekly_report: bool,
) -> AppResult<()> {
    let txn = state.db.begin_write().await?;
    store::members::set_settings(&*txn, member_id, locale, weekly_report).await?;
    txn.commit().await?;
    Ok(())
}
