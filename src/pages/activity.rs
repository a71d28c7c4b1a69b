//! `/festivals/{slug}/events/{id}`: one activity, everything about it (time, place and its
//! accessibility, places left, add to calendar, schema.org JSON-LD and an OpenGraph card),
//! and its registration form. `GET` shows it; the form `POST`s to the same address, so a
//! form with errors is shown again where it was, and a registration answers `303 See Other`
//! to `/r/{manage_token}/welcome` (with `#confirmation`, see [`register`]).
//!
//! Caching: the page is cached like the programme (keyed by the festival's programme version
//! and the minute), form included, but without the anti-forgery token, which is per visitor:
//! the template writes [`CSRF_MARKER`] where the token goes, and each answer puts the visitor's
//! own token there. The marker starts with `<!--`, which text from the database can never
//! produce (templates escape `<`, the JSON-LD writes it `\u003c`).

use std::collections::HashMap;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use entity::{event, festival, organisation, venue, vocabulary::FestivalStatus};
use poem::{
    Body, IntoResponse, Request, Response,
    http::{StatusCode, header},
    web::{CsrfToken, CsrfVerifier, Data, Path},
};
use uuid::Uuid;

use super::{
    PageResult,
    calendar_links::CalendarLinks,
    chosen_language,
    forms::{self, Submitted},
    linked_data::{self, Facts, OpenGraph},
    programme::{FestivalView, page_key, public_festival},
    registration_form::{self, Messages, Problem, Submission, Values},
    view::{Availability, EventCard, availability},
};
use crate::{
    domain::registrant::Field, error::AppError, i18n::Language, operations, state::AppState, store,
};

/// Where the visitor's anti-forgery field goes in a rendered page.
const CSRF_MARKER: &str = "<!--convoca:csrf-->";

/// An activity with what its page shows beside it.
struct Loaded {
    festival: festival::Model,
    event: event::Model,
    venues: HashMap<Uuid, venue::Model>,
    organisation: organisation::Model,
}

impl Loaded {
    fn venue(&self) -> Option<&venue::Model> {
        self.event.venue_id.and_then(|id| self.venues.get(&id))
    }
}

/// The public festival `slug`; an unknown or draft one is the activity's 404.
async fn festival_of(state: &AppState, slug: &str) -> Result<festival::Model, AppError> {
    public_festival(state, slug).await.map_err(|e| match e {
        AppError::NotFound(_) => AppError::NotFound("event"),
        other => other,
    })
}

/// The activity `id` of `festival`; one of another festival is as unknown as a wrong id.
async fn load(state: &AppState, festival: festival::Model, id: &str) -> Result<Loaded, AppError> {
    let db = state.db.conn();
    let id = Uuid::parse_str(id).map_err(|_| AppError::NotFound("event"))?;
    let event = store::events::get(db, id).await?;
    if event.festival_id != festival.id {
        return Err(AppError::NotFound("event"));
    }
    let venues = store::venues::by_ids(db, event.venue_id).await?;
    let organisation = store::organisations::get(db, festival.organisation_id).await?;
    Ok(Loaded {
        festival,
        event,
        venues,
        organisation,
    })
}

#[poem::handler]
pub async fn page(
    state: Data<&AppState>,
    request: &Request,
    Path((slug, id)): Path<(String, String)>,
    token: &CsrfToken,
) -> PageResult<Response> {
    let language = chosen_language(&state, request);
    let festival = festival_of(&state, &slug).await?;
    let now = Utc::now();
    let seats = match id.parse() {
        Ok(id) => store::events::seats_version_of(state.db.conn(), id).await?,
        Err(_) => 0,
    };
    let key = page_key(
        &format!("activity:{id}"),
        &festival,
        seats,
        language,
        request,
        now,
    );
    let render = async {
        let loaded = load(&state, festival, &id).await?;
        let values = Values::blank(language);
        let html = render(&state, request, &loaded, language, now, &values, &[])?;
        Ok::<_, super::PageError>(Bytes::from(html))
    };
    let html = state.cache.bytes_or_render(key, render).await?;
    Ok(answer(&html, token, StatusCode::OK))
}

/// The form, sent to the page's own address.
#[poem::handler]
pub async fn register(
    state: Data<&AppState>,
    request: &Request,
    Path((slug, id)): Path<(String, String)>,
    verifier: &CsrfVerifier,
    token: &CsrfToken,
    body: Body,
) -> PageResult<Response> {
    let language = chosen_language(&state, request);
    let body = body
        .into_bytes_limit(registration_form::MAX_BODY_BYTES)
        .await
        .map_err(|_| AppError::invalid("body", "the form is too large"))?;
    let form = Submission::parse(&body);
    let submitted = forms::check(
        &state,
        request,
        verifier,
        form.token.as_deref(),
        form.honeypot.as_deref(),
    )?;
    let festival = festival_of(&state, &slug).await?;
    let loaded = load(&state, festival, &id).await?;
    if submitted == Submitted::Bot {
        // As if it worked, and nothing a script could learn from.
        return super::welcome::received(&state, request, language);
    }
    let accept_language = request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let new = match form.registration(accept_language) {
        Ok(new) => new,
        Err(problems) => {
            let html = render(
                &state,
                request,
                &loaded,
                language,
                Utc::now(),
                &form.values,
                &problems,
            )?;
            return Ok(answer(
                html.as_bytes(),
                token,
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    let now = Utc::now();
    let refused =
        match operations::registrations::register(&state, loaded.event.id, new, None, now).await {
            Ok(taken) => {
                // With a fragment of its own: a redirect without one would inherit the form's
                // `#error-summary`; this one moves focus to the confirmation.
                let welcome = format!("/r/{}/welcome#confirmation", taken.manage_token);
                return Ok(forms::see_other(&welcome));
            }
            Err(refused) => refused,
        };
    // Refusals a person can act on are said on the form, in their language.
    let (status, problem, retry_after) = match refused {
        AppError::Conflict(_) => {
            // Registration may have closed while the form was open; if it has not, the one
            // conflict left is an address already registered for this activity.
            let festival = festival_of(&state, &slug).await?;
            let fresh = load(&state, festival, &id).await?;
            let problem = match availability(fresh.festival.status, &fresh.event, Utc::now()) {
                Availability::Cancelled => Problem::Closed("cancelled"),
                Availability::Closed => Problem::Closed("started"),
                Availability::OpenEntry => Problem::Closed("open_entry"),
                Availability::Open | Availability::Waitlist => {
                    Problem::Field(Field::Email, "already_registered")
                }
            };
            let html = render(
                &state,
                request,
                &fresh,
                language,
                Utc::now(),
                &form.values,
                &[problem],
            )?;
            return Ok(answer(html.as_bytes(), token, StatusCode::CONFLICT));
        }
        AppError::TooManyRequests { retry_after, .. } => (
            StatusCode::TOO_MANY_REQUESTS,
            Problem::Field(Field::Email, "daily_limit"),
            retry_after,
        ),
        other => return Err(other.into()),
    };
    let html = render(
        &state,
        request,
        &loaded,
        language,
        now,
        &form.values,
        &[problem],
    )?;
    let mut response = answer(html.as_bytes(), token, status);
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, retry_after.into());
    Ok(response)
}

/// A rendered page with the visitor's anti-forgery field in place of [`CSRF_MARKER`].
fn answer(html: &[u8], token: &CsrfToken, status: StatusCode) -> Response {
    let html = String::from_utf8_lossy(html);
    let field = format!(
        r#"<input type="hidden" name="{}" value="{}">"#,
        forms::TOKEN_FIELD,
        minijinja::HtmlEscape(&token.0)
    );
    html.replacen(CSRF_MARKER, &field, 1)
        .with_content_type("text/html; charset=utf-8")
        // The page carries this visitor's token: no shared cache may keep it.
        .with_header(header::CACHE_CONTROL, "private, no-cache")
        .with_status(status)
        .into_response()
}

/// Why a page offers no form, if it offers none.
fn closed_reason(loaded: &Loaded, availability: Availability) -> Option<&'static str> {
    match availability {
        Availability::Open | Availability::Waitlist => None,
        Availability::OpenEntry => Some("open_entry"),
        Availability::Closed => Some("started"),
        Availability::Cancelled if loaded.festival.status == FestivalStatus::Cancelled => {
            Some("festival_cancelled")
        }
        Availability::Cancelled => Some("cancelled"),
    }
}

fn render(
    state: &AppState,
    request: &Request,
    loaded: &Loaded,
    language: &Language,
    now: DateTime<Utc>,
    values: &Values,
    problems: &[Problem],
) -> PageResult<String> {
    let Loaded {
        festival, event, ..
    } = loaded;
    let card = EventCard::new(festival, event, &loaded.venues, language, now);
    let url = format!("{}{}", state.config.public_base(), card.href);
    let venue = loaded.venue();
    let facts = Facts {
        festival,
        event,
        venue,
        organisation: &loaded.organisation,
        availability: card.availability,
        url: &url,
    };
    let place = match venue {
        Some(v) => v.name.clone(),
        None => language.text("event-online", poem::i18n::I18NArgs::default()),
    };
    let og = OpenGraph::new(
        event,
        &url,
        language,
        format!("{}, {} · {place}", card.day_label, card.time),
    );
    let messages = Messages::new(problems, language);
    let locales: Vec<minijinja::Value> =
        registration_form::email_languages(&state.pages.catalogue, language)
            .into_iter()
            .map(|l| minijinja::context! { code => l.code, name => l.name })
            .collect();
    let html = state.pages.render(
        "activity.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            festival => FestivalView::new(festival, language),
            closed => closed_reason(loaded, card.availability),
            calendar => CalendarLinks::new(&state.config, festival, event, venue, &url),
            json_ld => linked_data::event_json_ld(&facts),
            og,
            description => event.description.clone(),
            materials => event.materials_note.clone(),
            online_url => event.online_url.clone(),
            timezone => festival.timezone.0.name(),
            organiser => loaded.organisation.name.clone(),
            retention_days => state.config.retention_days,
            form => minijinja::context! {
                values,
                locales,
                csrf => minijinja::Value::from_safe_string(CSRF_MARKER.to_owned()),
                honeypot => forms::HONEYPOT_FIELD,
            },
            errors => messages,
            e => card,
        },
    )?;
    Ok(html.0)
}
