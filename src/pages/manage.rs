//! `/r/{manage_token}`: a person's one registration, opened from the link in their emails.
//! It shows where they stand and the activity's current time and place (and what changed
//! since they registered), and lets them cancel (a confirmation page, then a POST; never a
//! GET that cancels) or have the link to their own calendar feed emailed to them.
//!
//! The token is the only key: the page shows this registration and nothing else of the
//! person's, and the token never reaches a log (see [`crate::metrics::redact`]).

use chrono::{DateTime, Utc};
use entity::{event, festival, registration, vocabulary::RegistrationStatus};
use poem::{
    IntoResponse, Request, Response,
    http::{StatusCode, header},
    web::{CsrfToken, CsrfVerifier, Data, Form, Html, Path},
};
use serde::{Deserialize, Serialize};

use super::{
    PageResult,
    catalogue::Language,
    chosen_language,
    forms::{self, Submitted},
    programme::FestivalView,
    view::{Availability, EventCard},
};
use crate::{
    domain::notification::ChangeDetails, error::AppError, operations, state::AppState, store,
};

/// Everything the manage pages show, read by the token.
struct Found {
    registration: registration::Model,
    event: event::Model,
    festival: festival::Model,
    position: Option<u64>,
    change: Option<ChangeDetails>,
}

async fn find(state: &AppState, token: &str) -> Result<Found, AppError> {
    let db = state.db.conn();
    let registration = store::registrations::by_manage_token(db, token).await?;
    let (event, festival) = store::events::with_festival(db, registration.event_id).await?;
    let position = store::registrations::waitlist_position(db, &registration).await?;
    let change = store::notifications::first_change_for(db, registration.id).await?;
    Ok(Found {
        registration,
        event,
        festival,
        position,
        change,
    })
}

/// The registration as the page shows it.
#[derive(Serialize)]
struct RegistrationView {
    name: String,
    email: String,
    seats: i32,
    status: &'static str,
    position: Option<u64>,
    access_needs: Option<String>,
    cancelled_on: Option<String>,
    /// Whether it can still be cancelled (not already, and the activity has not started).
    cancellable: bool,
}

/// What the activity was when the person registered, written out.
#[derive(Serialize)]
struct WasView {
    when: Option<String>,
    place: Option<String>,
}

fn view(found: &Found, language: &Language, now: DateTime<Utc>) -> minijinja::Value {
    let Found {
        registration: r,
        event,
        festival,
        position,
        change,
    } = found;
    // The venue is read on its own (see `venue_of`), so no map of venues here.
    let card = EventCard::new(festival, event, &Default::default(), language, now);
    let tz = festival.timezone.0;
    let was = change.as_ref().map(|c| WasView {
        when: c.old_starts_at.map(|s| {
            let s = s.with_timezone(&tz);
            format!(
                "{}, {}",
                language.long_date(s.date_naive()),
                language.time(&s)
            )
        }),
        place: c.old_venue.clone().map(|v| match &c.old_address {
            Some(a) => format!("{v}, {a}"),
            None => v,
        }),
    });
    let registration = RegistrationView {
        name: r.name.clone(),
        email: r.email.clone(),
        seats: r.seats,
        status: r.status.as_str(),
        position: *position,
        access_needs: r.access_needs.clone(),
        cancelled_on: r
            .cancelled_at
            .map(|at| language.long_date(at.with_timezone(&tz).date_naive())),
        cancellable: r.status != RegistrationStatus::Cancelled && event.starts_at > now,
    };
    minijinja::context! {
        registration,
        event => card,
        event_cancelled => card_cancelled(&card),
        was,
        festival => FestivalView::new(festival, language),
        ics => format!("/feeds/events/{}.ics", event.id),
    }
}

fn card_cancelled(card: &EventCard) -> bool {
    card.availability == Availability::Cancelled
}

/// The venue the event is in now.
async fn venue_of(
    state: &AppState,
    event: &event::Model,
) -> Result<Option<super::view::VenueView>, AppError> {
    Ok(match event.venue_id {
        Some(id) => Some(super::view::VenueView::new(
            &store::venues::get(state.db.conn(), id).await?,
        )),
        None => None,
    })
}

/// `?done=cancelled` or `?done=link-sent`: what the page confirms after a form.
fn done(request: &Request) -> Option<String> {
    request.uri().query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "done")
            .map(|(_, v)| v.into_owned())
            .filter(|v| v == "cancelled" || v == "link-sent")
    })
}

#[poem::handler]
pub async fn page(
    state: Data<&AppState>,
    request: &Request,
    token: Path<String>,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    let language = chosen_language(&state, request);
    let found = find(&state, &token).await?;
    let venue = venue_of(&state, &found.event).await?;
    Ok(state.pages.render(
        "manage.html.j2",
        language,
        request.uri(),
        minijinja::context! {
            ..view(&found, language, Utc::now()),
            ..minijinja::context! {
                venue,
                online_url => found.event.online_url.clone(),
                token => token.0.clone(),
                csrf_token => csrf.0.clone(),
                done => done(request),
            }
        },
    )?)
}

/// `GET /r/{token}/cancel`: are you sure? The button on it POSTs.
#[poem::handler]
pub async fn confirm_cancel(
    state: Data<&AppState>,
    request: &Request,
    token: Path<String>,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    let language = chosen_language(&state, request);
    let found = find(&state, &token).await?;
    Ok(state.pages.render(
        "cancel.html.j2",
        language,
        request.uri(),
        minijinja::context! {
            ..view(&found, language, Utc::now()),
            ..minijinja::context! {
                token => token.0.clone(),
                csrf_token => csrf.0.clone(),
            }
        },
    )?)
}

/// A submitted form of the manage pages: its anti-forgery token and the honeypot.
#[derive(Debug, Deserialize)]
pub struct Confirmed {
    csrf_token: Option<String>,
    website: Option<String>,
}

/// `POST /r/{token}/cancel`: cancels, frees the seats for the waiting list, and shows the
/// manage page again, saying so.
#[poem::handler]
pub async fn cancel(
    state: Data<&AppState>,
    request: &Request,
    token: Path<String>,
    verifier: &CsrfVerifier,
    form: Form<Confirmed>,
) -> PageResult<Response> {
    if forms::check(
        &state,
        request,
        verifier,
        form.csrf_token.as_deref(),
        form.website.as_deref(),
    )? == Submitted::Genuine
    {
        operations::registrations::cancel(&state, &token).await?;
    }
    Ok(see_other(&format!("/r/{}?done=cancelled", token.0)))
}

/// `POST /r/{token}/calendar-link`: emails the link to the person's own calendar feed to
/// the registration's address (never shown on a page: whoever holds a manage link must not
/// get every activity of the person).
#[poem::handler]
pub async fn calendar_link(
    state: Data<&AppState>,
    request: &Request,
    token: Path<String>,
    verifier: &CsrfVerifier,
    form: Form<Confirmed>,
) -> PageResult<Response> {
    if forms::check(
        &state,
        request,
        verifier,
        form.csrf_token.as_deref(),
        form.website.as_deref(),
    )? == Submitted::Genuine
    {
        operations::registrations::send_calendar_link(&state, &token, Utc::now()).await?;
    }
    Ok(see_other(&format!("/r/{}?done=link-sent", token.0)))
}

/// 303: the browser GETs `location`, so reloading it posts nothing again.
pub fn see_other(location: &str) -> Response {
    StatusCode::SEE_OTHER
        .with_header(header::LOCATION, location)
        .into_response()
}
