//! Signing in to the console without a password: a member types their address, gets a link
//! that works once within 15 minutes, opens it, and presses "Sign in" (a GET only asks: mail
//! scanners open links, and must not use them up). Signing out ends the session on the server.
//!
//! The page after asking for a link is the same whether the address belongs to a member or
//! not, and nothing is sent to an address that does not.

use chrono::Utc;
use poem::{
    IntoResponse, Request, Response,
    http::StatusCode,
    web::{CsrfToken, CsrfVerifier, Data, Form, Html, Path},
};
use serde::Deserialize;

use super::{SESSION_COOKIE, form::TokenOnly, session_cookie};
use crate::{
    domain::{email::Email, member::safe_next},
    error::AppError,
    operations,
    pages::{
        PageResult, chosen_language,
        forms::{self, Submitted},
    },
    state::AppState,
    store,
};

/// `?next=` or the form's hidden `next`: a console page to come back to, if it is one.
fn next_of(request: &Request) -> Option<String> {
    request.uri().query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "next")
            .and_then(|(_, v)| safe_next(&v).map(str::to_owned))
    })
}

/// `?done=…` the sign-in page confirms (signed out).
fn done_of(request: &Request) -> Option<&'static str> {
    request.uri().query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .any(|(k, v)| k == "done" && v == "signed-out")
            .then_some("signed-out")
    })
}

/// `GET /console/sign-in`: the address form.
#[poem::handler]
pub async fn ask(
    state: Data<&AppState>,
    request: &Request,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    let language = chosen_language(&state, request);
    Ok(state.pages.render(
        "console/sign_in.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            csrf_token => csrf.0.clone(),
            next => next_of(request),
            done => done_of(request),
            email => "",
            error => None::<&str>,
        },
    )?)
}

#[derive(Debug, Deserialize)]
pub struct RequestForm {
    csrf_token: Option<String>,
    website: Option<String>,
    email: Option<String>,
    next: Option<String>,
}

/// `POST /console/sign-in`: sends the link (if the address is a member's) and says to look
/// for it.
#[poem::handler]
pub async fn send_link(
    state: Data<&AppState>,
    request: &Request,
    verifier: &CsrfVerifier,
    csrf: &CsrfToken,
    form: Form<RequestForm>,
) -> PageResult<Response> {
    let language = chosen_language(&state, request);
    let submitted = forms::check(
        &state,
        request,
        verifier,
        form.csrf_token.as_deref(),
        form.website.as_deref(),
    )?;
    let typed = form.email.as_deref().unwrap_or_default();
    let next = form.next.as_deref().and_then(safe_next);
    let Some(email) = Email::parse(typed) else {
        let mut page = state
            .pages
            .render(
                "console/sign_in.html.j2",
                language,
                request.original_uri(),
                minijinja::context! {
                    csrf_token => csrf.0.clone(),
                    next,
                    email => typed,
                    error => Some("console-sign-in-email-invalid"),
                },
            )?
            .into_response();
        page.set_status(StatusCode::UNPROCESSABLE_ENTITY);
        return Ok(page);
    };
    if submitted == Submitted::Genuine {
        operations::members::request_sign_in(&state, &email, &language.code, next, Utc::now())
            .await?;
    }
    Ok(state
        .pages
        .render(
            "console/sign_in_sent.html.j2",
            language,
            request.original_uri(),
            minijinja::context! { email => email.as_str() },
        )?
        .into_response())
}

/// `GET /console/sign-in/{token}`: who the link signs in, and the button that does it.
#[poem::handler]
pub async fn confirm(
    state: Data<&AppState>,
    request: &Request,
    token: Path<String>,
    csrf: &CsrfToken,
) -> PageResult<Response> {
    let db = state.db.conn();
    let link = store::sessions::usable_link(db, &token, Utc::now()).await?;
    let Some(link) = link else {
        return dead_link(&state, request);
    };
    let member = store::members::get(db, link.member_id).await?;
    let organisation = store::organisations::get(db, member.organisation_id).await?;
    let language = chosen_language(&state, request);
    Ok(state
        .pages
        .render(
            "console/sign_in_confirm.html.j2",
            language,
            request.original_uri(),
            minijinja::context! {
                csrf_token => csrf.0.clone(),
                token => token.0.clone(),
                email => member.email,
                organisation => organisation.name,
            },
        )?
        .into_response())
}

/// The page of a link that was used, expired or never existed: a 404 that offers a new one.
fn dead_link(state: &AppState, request: &Request) -> PageResult<Response> {
    let language = chosen_language(state, request);
    let mut page = state
        .pages
        .render(
            "console/sign_in_dead.html.j2",
            language,
            request.original_uri(),
            minijinja::context! {},
        )?
        .into_response();
    page.set_status(StatusCode::NOT_FOUND);
    Ok(page)
}

/// `POST /console/sign-in/{token}`: uses the link and starts a new session (a new id every
/// time: a cookie planted before sign-in is never the one signed in).
#[poem::handler]
pub async fn enter(
    state: Data<&AppState>,
    request: &Request,
    token: Path<String>,
    verifier: &CsrfVerifier,
    form: Form<TokenOnly>,
) -> PageResult<Response> {
    forms::check(&state, request, verifier, form.csrf_token.as_deref(), None)?;
    let signed = match operations::members::sign_in(&state, &token, Utc::now()).await {
        Ok(signed) => signed,
        Err(AppError::NotFound(_)) => return dead_link(&state, request),
        Err(other) => return Err(other.into()),
    };
    // Whoever was signed in on this browser before is signed out.
    if let Some(old) = request.cookie().get(SESSION_COOKIE) {
        operations::members::sign_out(&state, old.value_str()).await?;
    }
    request
        .cookie()
        .add(session_cookie(&state, Some(&signed.session)));
    Ok(forms::see_other(
        signed.next.as_deref().unwrap_or("/console/"),
    ))
}

/// `POST /console/sign-out`: ends the session, here and on the server.
#[poem::handler]
pub async fn sign_out(
    state: Data<&AppState>,
    request: &Request,
    verifier: &CsrfVerifier,
    form: Form<TokenOnly>,
) -> PageResult<Response> {
    forms::check_member(verifier, form.csrf_token.as_deref())?;
    if let Some(secret) = request.cookie().get(SESSION_COOKIE) {
        operations::members::sign_out(&state, secret.value_str()).await?;
    }
    request.cookie().add(session_cookie(&state, None));
    Ok(forms::see_other("/console/sign-in?done=signed-out"))
}
