//! What every form of the pages shares: the anti-forgery token (poem's `Csrf`, a sealed token
//! in the form matched against a cookie), a honeypot field that people never see and simple
//! scripts fill in, and the client's flood limit.

use std::time::Duration;

use poem::{
    IntoResponse, Request, Response,
    http::{StatusCode, header},
    middleware::Csrf,
    web::{CsrfVerifier, cookie::SameSite},
};

use crate::{api::client::client_ip, error::AppError, state::AppState};

/// The form field that carries the anti-forgery token.
pub const TOKEN_FIELD: &str = "csrf_token";
/// The honeypot: a field hidden from people (and from screen readers) that a script fills.
pub const HONEYPOT_FIELD: &str = "website";
/// How long a form may stay open before it must be reloaded.
const FORM_LIFETIME: Duration = Duration::from_secs(6 * 3600);

/// The largest form body read: the registration form's fields add up to a few kilobytes, the
/// others' to a token. Bigger is refused before it is read (see [`limited`]).
pub const MAX_BODY_BYTES: usize = 32 * 1024;

/// `endpoint`, refusing a body over [`MAX_BODY_BYTES`] by its `Content-Length` (413), or
/// without one (411: browsers always send it with a form).
pub fn limited<E: poem::Endpoint>(endpoint: E) -> impl poem::Endpoint {
    use poem::EndpointExt;
    endpoint.with(poem::middleware::SizeLimit::new(MAX_BODY_BYTES))
}

/// The middleware that issues and checks the tokens, for the routes that have forms.
pub fn csrf(state: &AppState) -> Csrf {
    Csrf::new()
        .cookie_name("convoca_csrf")
        .key(state.manage_key.form_key())
        .secure(state.config.public_url.scheme() == "https")
        .http_only(true)
        .same_site(SameSite::Lax)
        .ttl(FORM_LIFETIME)
        .path("/")
}

/// What a submitted form turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub enum Submitted {
    /// A person's form: go on.
    Genuine,
    /// The honeypot was filled: answer as if it worked, do nothing.
    Bot,
}

/// Checks a submitted form: its anti-forgery token (a 403 page when it is missing or forged,
/// or the cookie expired), the client's flood limit (a 429 page), and the honeypot.
pub fn check(
    state: &AppState,
    request: &Request,
    verifier: &CsrfVerifier,
    token: Option<&str>,
    honeypot: Option<&str>,
) -> Result<Submitted, AppError> {
    check_member(verifier, token)?;
    state
        .limits
        .anonymous_change(client_ip(request, &state.config.trusted_proxies))?;
    if honeypot.is_some_and(|h| !h.trim().is_empty()) {
        return Ok(Submitted::Bot);
    }
    Ok(Submitted::Genuine)
}

/// Checks a signed-in member's form: its anti-forgery token only. The anonymous flood limit
/// is not theirs: the door phones of a venue share its wifi's one address with the public
/// registering there, and a busy door must not be told to wait.
pub fn check_member(verifier: &CsrfVerifier, token: Option<&str>) -> Result<(), AppError> {
    if token.is_some_and(|t| verifier.is_valid(t)) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "the form has expired or did not come from this site".to_owned(),
        ))
    }
}

/// 303 See Other after a form: the browser GETs `location`, so reloading the page it lands
/// on posts nothing again.
pub fn see_other(location: &str) -> Response {
    StatusCode::SEE_OTHER
        .with_header(header::LOCATION, location)
        .into_response()
}
