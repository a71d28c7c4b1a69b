//! The organiser console under `/console`: the same frame, templates
//! (`templates/pages/console/`), catalogues (`locales/<lang>/console.ftl`) and stylesheet as
//! the citizen pages, for the people of an organisation.
//!
//! - [`sign_in`]: a one-time link by email, then a session cookie;
//! - [`home`]: the organisation's festivals, as the member's role shows them;
//! - [`festival`]: one festival, its activities, publishing, cancelling, deleting a draft;
//! - [`festival_form`], [`activity_form`], [`venues`]: creating and changing them, by the
//!   API's rules ([`form`]: what the forms share); moving an activity says first how many
//!   people will be told;
//! - [`import`]: a whole programme from a spreadsheet's CSV, all rows or none;
//! - [`members`]: owners add and remove members and create and revoke API tokens;
//! - [`registrations`]: an activity's people, cancelling one, adding one by hand, the CSV;
//! - [`notifications`]: a festival's emails and retrying a failed one;
//! - [`figures`]: a festival's figures, their open-data downloads and publishing them;
//! - [`account`]: the member's own settings (language, the weekly report);
//! - [`door`]: check-in at the door, from a phone: find a person by two letters or their
//!   short code, or land on them from their QR code.
//!
//! Every page takes a [`Signed`] member (a visitor without a live session is sent to sign in)
//! and checks the member's role ([`crate::domain::member::Member::require`]) and organisation
//! before it reads anything.

mod account;
mod activity_form;
mod door;
mod festival;
mod festival_form;
mod figures;
mod form;
mod home;
mod import;
mod members;
mod notifications;
mod question;
mod registrations;
mod sign_in;
mod venues;

use chrono::Utc;
use entity::organisation;
use poem::{
    Endpoint, EndpointExt, FromRequest, IntoResponse, Request, RequestBody, Response, Route, get,
    http::{HeaderValue, header},
    post,
    web::cookie::{Cookie, SameSite},
};

use super::forms;
use crate::{
    domain::member::{Member, SESSION_IDLE, SESSION_SEEN_EVERY},
    error::AppError,
    state::AppState,
    store,
};

/// The largest console form read: a festival's or an activity's description may hold 20,000
/// characters, which URL-encoding can triple (the citizens' forms stop at 32 KiB).
const FORM_BYTES: usize = 256 * 1024;

/// `endpoint`, refusing a form body over [`FORM_BYTES`] unread.
fn limited<E: Endpoint>(endpoint: E) -> impl Endpoint {
    endpoint.with(poem::middleware::SizeLimit::new(FORM_BYTES))
}

/// The session cookie. Only the hash of its value is stored.
pub const SESSION_COOKIE: &str = "convoca_session";

/// The console's routes, under `/console`; every form checks its anti-forgery token.
pub fn routes(state: &AppState) -> impl Endpoint + use<> {
    Route::new()
        .at("/", get(home::page))
        .at(
            "/sign-in",
            get(sign_in::ask).post(limited(sign_in::send_link)),
        )
        .at(
            "/sign-in/:token",
            get(sign_in::confirm).post(limited(sign_in::enter)),
        )
        .at("/sign-out", post(limited(sign_in::sign_out)))
        .at("/account", get(account::page).post(limited(account::save)))
        .at(
            "/new-festival",
            get(festival_form::new).post(limited(festival_form::create)),
        )
        .at("/festivals/:slug", get(festival::overview))
        .at(
            "/festivals/:slug/edit",
            get(festival_form::edit).post(limited(festival_form::update)),
        )
        .at(
            "/festivals/:slug/activities/new",
            get(activity_form::new).post(limited(activity_form::create)),
        )
        .at(
            "/activities/:id/edit",
            get(activity_form::edit).post(limited(activity_form::update)),
        )
        .at(
            "/activities/:id/:step",
            get(activity_form::confirm_step).post(limited(activity_form::take_step)),
        )
        .at(
            "/festivals/:slug/import",
            get(import::page)
                .post(import::upload.with(poem::middleware::SizeLimit::new(import::MAX_BYTES))),
        )
        .at("/programme-template.csv", get(import::template))
        .at(
            "/members",
            get(members::list_members).post(limited(members::add)),
        )
        .at(
            "/members/:id/remove",
            get(members::confirm_remove).post(limited(members::remove)),
        )
        .at(
            "/tokens",
            get(members::list_tokens).post(limited(members::create_token)),
        )
        .at(
            "/tokens/:id/revoke",
            get(members::confirm_revoke).post(limited(members::revoke)),
        )
        .at("/venues", get(venues::list))
        .at(
            "/venues/new",
            get(venues::new).post(limited(venues::create)),
        )
        .at(
            "/venues/:id",
            get(venues::edit).post(limited(venues::update)),
        )
        .at(
            "/festivals/:slug/:step",
            get(festival::confirm_step).post(limited(festival::take_step)),
        )
        .at("/festivals/:slug/door", get(door::activities))
        .at("/festivals/:slug/notifications", get(notifications::log))
        .at(
            "/festivals/:slug/figures",
            get(figures::page).post(limited(figures::set_public)),
        )
        .at("/festivals/:slug/figures.csv", get(figures::csv))
        .at("/festivals/:slug/figures.json", get(figures::open_json))
        .at(
            "/festivals/:slug/notifications/:id/retry",
            post(limited(notifications::retry)),
        )
        .at(
            "/activities/:id/registrations",
            get(registrations::list).post(limited(registrations::add)),
        )
        .at(
            "/activities/:id/registrations.csv",
            get(registrations::export),
        )
        .at(
            "/registrations/:id/cancel",
            get(registrations::confirm_cancel).post(limited(registrations::cancel)),
        )
        .at("/door/:event", get(door::search).post(limited(door::tap)))
        .at(
            "/check-in/:registration",
            get(door::scanned).post(limited(door::tap_scanned)),
        )
        .with(forms::csrf(state))
        .around(private)
}

/// Console pages hold an organisation's private data: no cache, shared or the browser's
/// own, may keep them.
async fn private<E: Endpoint>(next: E, request: Request) -> poem::Result<Response> {
    let mut response = next.call(request).await?.into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// A signed-in member and their organisation. Taking it makes a page need a live session: a
/// visitor without one is sent (303) to the sign-in page, which brings them back after.
pub struct Signed {
    pub member: Member,
    pub organisation: organisation::Model,
}

impl<'a> FromRequest<'a> for Signed {
    async fn from_request(request: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        let state = request
            .data::<AppState>()
            .ok_or_else(|| AppError::Database(sea_orm::DbErr::Custom("state missing".into())))
            .map_err(super::PageError::from)?;
        let now = Utc::now();
        let secret = request
            .cookie()
            .get(SESSION_COOKIE)
            .map(|c| c.value_str().to_owned());
        let found = match &secret {
            Some(secret) => store::sessions::find(state.db.conn(), secret, now)
                .await
                .map_err(super::PageError::from)?,
            None => None,
        };
        let (Some((session, row)), Some(secret)) = (found, secret) else {
            return Err(to_sign_in(request));
        };
        if now - session.last_seen_at >= SESSION_SEEN_EVERY {
            let id_hash = session.id_hash.clone();
            // A session kept alive is worth a write a minute; if it cannot be written now,
            // the request goes on (the session has hours left).
            let seen = state
                .db
                .write(move |txn| {
                    Box::pin(async move { store::sessions::seen(txn, &id_hash, now).await })
                })
                .await;
            match seen {
                // The cookie lives as long as the session: 12 hours from now again.
                Ok(()) => request.cookie().add(session_cookie(state, Some(&secret))),
                Err(error) => tracing::warn!(%error, "could not record a session's use"),
            }
        }
        let db = state.db.conn();
        let organisation = store::organisations::get(db, row.organisation_id)
            .await
            .map_err(super::PageError::from)?;
        let member = store::members::signed_in(db, row)
            .await
            .map_err(super::PageError::from)?;
        Ok(Self {
            member,
            organisation,
        })
    }
}

/// 303 to the sign-in page, which will bring the visitor back to this page.
fn to_sign_in(request: &Request) -> poem::Error {
    // The whole path: inside `/console` the request's own URI has lost its prefix.
    let here = request
        .original_uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let next = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("next", &here)
        .finish();
    poem::Error::from_response(forms::see_other(&format!("/console/sign-in?{next}")))
}

/// The session cookie for `secret` (or, with `None`, the one that removes it).
fn session_cookie(state: &AppState, secret: Option<&str>) -> Cookie {
    let mut cookie = Cookie::new_with_str(SESSION_COOKIE, secret.unwrap_or_default());
    cookie.set_path("/console");
    cookie.set_http_only(true);
    cookie.set_same_site(SameSite::Lax);
    cookie.set_secure(state.config.public_url.scheme() == "https");
    match secret {
        // The cookie may outlive an idle session by nothing: the server ends it at 12 hours
        // idle, and a browser that keeps it longer only sends a dead id.
        Some(_) => cookie.set_max_age(SESSION_IDLE.to_std().unwrap_or_default()),
        None => cookie.set_max_age(std::time::Duration::ZERO),
    }
    cookie
}
