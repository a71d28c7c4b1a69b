//! `/r/{manage_token}/welcome`: the page a registration lands on. It says whether the person
//! has their places or where they stand on the waiting list, when and where the activity is,
//! what happens next, and links to the registration's manage page and to calendars.
//!
//! The manage token is in the path: request logs redact it (`metrics::redact` hides what
//! follows `/r/`), the page is never cached, and no link on it sends a `Referer`
//! (the frame's `Referrer-Policy: no-referrer`).

use chrono::Utc;
use poem::{
    IntoResponse, Request, Response,
    http::header,
    web::{Data, Path},
};

use super::{
    PageResult, calendar_links::CalendarLinks, chosen_language, programme::FestivalView,
    view::EventCard,
};
use crate::{i18n::Language, state::AppState};

#[poem::handler]
pub async fn page(
    state: Data<&AppState>,
    request: &Request,
    token: Path<String>,
) -> PageResult<Response> {
    let language = chosen_language(&state, request);
    let super::manage::Found {
        registration,
        event,
        festival,
        venues,
        position,
    } = super::manage::find(&state, &token).await?;
    let card = EventCard::new(&festival, &event, &venues, language, Utc::now());
    let url = format!("{}{}", state.config.public_base(), card.href);
    let venue = event.venue_id.and_then(|id| venues.get(&id));
    let status = registration.status.as_str();
    let html = state.pages.render(
        "welcome.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            status,
            position,
            seats => registration.seats,
            email => registration.email,
            manage => format!("/r/{}", token.0),
            festival => FestivalView::new(&festival, language),
            timezone => festival.timezone.0.name(),
            calendar => CalendarLinks::new(&state.config, &festival, &event, venue, &url),
            online_url => event.online_url,
            e => card,
        },
    )?;
    Ok(private(html.0))
}

/// What a form whose honeypot was filled gets: thanks, and nothing else.
pub fn received(state: &AppState, request: &Request, language: &Language) -> PageResult<Response> {
    let html = state.pages.render(
        "welcome.html.j2",
        language,
        request.original_uri(),
        minijinja::context! { received => true },
    )?;
    Ok(private(html.0))
}

/// A page for one person's eyes: neither browsers nor proxies keep it.
fn private(html: String) -> Response {
    html.with_content_type("text/html; charset=utf-8")
        .with_header(header::CACHE_CONTROL, "no-store")
        .into_response()
}
