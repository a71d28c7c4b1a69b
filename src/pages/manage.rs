//! `/r/{manage_token}`: a person's one registration, opened from the link in their emails.
//! It shows where they stand and the activity's current time and place (and what changed
//! since they registered), and lets them cancel (a confirmation page, then a POST; never a
//! GET that cancels) or have the link to their own calendar feed emailed to them.
//!
//! The token is the only key: the page shows this registration and nothing else of the
//! person's, and the token never reaches a log (see [`crate::metrics::redact`]).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{event, festival, registration, venue, vocabulary::RegistrationStatus};
use poem::{
    Body, FromRequest, IntoResponse, Request, RequestBody, Response,
    web::{CsrfToken, CsrfVerifier, Data, Form, Html, Multipart, Path},
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    PageError, PageResult, chosen_language,
    forms::{self, Submitted},
    programme::FestivalView,
    view::{Availability, EventCard},
};
use crate::{
    api::client::client_ip,
    domain::{member::short_code, notification::ChangeDetails},
    error::AppError,
    i18n::Language,
    operations,
    state::AppState,
    store,
};

/// A registration and its activity, read by the manage token (the manage pages and the
/// page after registering).
pub(super) struct Found {
    pub registration: registration::Model,
    pub event: event::Model,
    pub festival: festival::Model,
    /// The activity's venue, if it has one, by id (as [`EventCard::new`] takes it).
    pub venues: HashMap<Uuid, venue::Model>,
    pub position: Option<u64>,
}

pub(super) async fn find(state: &AppState, token: &str) -> Result<Found, AppError> {
    let db = state.db.conn();
    let registration = store::registrations::by_manage_token(db, token).await?;
    let (event, festival) = store::events::with_festival(db, registration.event_id).await?;
    let venues = store::venues::by_ids(db, event.venue_id).await?;
    let position = store::registrations::waitlist_position(db, &registration).await?;
    Ok(Found {
        registration,
        event,
        festival,
        venues,
        position,
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
    reminders: bool,
}

/// What the activity was when the person registered, written out.
#[derive(Serialize)]
struct WasView {
    when: Option<String>,
    place: Option<String>,
}

/// What the manage pages show; `change` is what the activity was before it moved, if it did.
fn view(
    found: &Found,
    change: Option<&ChangeDetails>,
    language: &Language,
    now: DateTime<Utc>,
) -> minijinja::Value {
    let Found {
        registration: r,
        event,
        festival,
        venues,
        position,
    } = found;
    let card = EventCard::new(festival, event, venues, language, now);
    let tz = festival.timezone.0;
    let was = change.map(|c| WasView {
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
        reminders: r.reminders,
    };
    minijinja::context! {
        registration,
        event_cancelled => card.availability == Availability::Cancelled,
        venue => card.venue.clone(),
        event => card,
        was,
        festival => FestivalView::new(festival, language),
        ics => format!("/feeds/events/{}.ics", event.id),
    }
}

/// What the page can confirm after a form (`?done=…`).
const DONE: [&str; 4] = ["cancelled", "link-sent", "reminders-off", "reminders-on"];

/// `?done=cancelled`, `?done=link-sent`…: what the page confirms after a form.
fn done(request: &Request) -> Option<String> {
    request.uri().query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "done")
            .map(|(_, v)| v.into_owned())
            .filter(|v| DONE.contains(&v.as_str()))
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
    let change =
        store::notifications::first_change_for(state.db.conn(), found.registration.id).await?;
    Ok(state.pages.render(
        "manage.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            ..view(&found, change.as_ref(), language, Utc::now()),
            ..minijinja::context! {
                online_url => found.event.online_url.clone(),
                check_in => check_in(&state, &found.registration),
                token => token.0.clone(),
                csrf_token => csrf.0.clone(),
                done => done(request),
            }
        },
    )?)
}

/// What the person shows at the door of a confirmed registration: its short code and the QR
/// code of its check-in link (as an `<img>` data URL: the page allows images from `data:`).
fn check_in(state: &AppState, r: &registration::Model) -> Option<minijinja::Value> {
    use base64::Engine;
    if r.status != RegistrationStatus::Confirmed {
        return None;
    }
    let qr = crate::qr::svg(&state.config.check_in_url(r.id))
        .map_err(|error| tracing::warn!(%error, "no QR code on a manage page"))
        .ok()
        .map(|svg| {
            format!(
                "data:image/svg+xml;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(svg)
            )
        });
    Some(minijinja::context! { code => short_code(r.id), qr })
}

/// `GET /r/{token}/cancel`: are you sure? The button on it POSTs.
#[poem::handler]
pub async fn confirm_cancel(
    state: Data<&AppState>,
    request: &Request,
    token: Path<String>,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    let found = find(&state, &token).await?;
    question(&state, request, "cancel.html.j2", &found, &token, &csrf.0)
}

/// `GET /r/{token}/reminders`: the reminders' `List-Unsubscribe` link opened in a browser.
/// It asks before turning them off: mail scanners open links, and a GET changes nothing.
#[poem::handler]
pub async fn confirm_reminders_off(
    state: Data<&AppState>,
    request: &Request,
    token: Path<String>,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    let found = find(&state, &token).await?;
    question(
        &state,
        request,
        "reminders.html.j2",
        &found,
        &token,
        &csrf.0,
    )
}

/// A page that asks before it acts (`template`), about the registration `found`, with the
/// form token its button posts.
fn question(
    state: &AppState,
    request: &Request,
    template: &str,
    found: &Found,
    token: &str,
    csrf_token: &str,
) -> PageResult<Html<String>> {
    let language = chosen_language(state, request);
    Ok(state.pages.render(
        template,
        language,
        request.original_uri(),
        minijinja::context! {
            ..view(found, None, language, Utc::now()),
            ..minijinja::context! { token, csrf_token }
        },
    )?)
}

/// The reminders form: the manage page's switch (`reminders=on|off`, with the anti-forgery
/// token), or a mailbox provider's one-click unsubscribe (RFC 8058: the body
/// `List-Unsubscribe=One-Click`, as `multipart/form-data` or URL-encoded, sent without
/// cookies and so without the token; the link's manage token is the credential, as it is for
/// every other action on it).
#[derive(Debug, Default, Deserialize)]
pub struct RemindersForm {
    csrf_token: Option<String>,
    website: Option<String>,
    reminders: Option<String>,
    #[serde(rename = "List-Unsubscribe")]
    one_click: Option<String>,
}

impl RemindersForm {
    /// The form from either encoding a one-click POST may use.
    async fn read(request: &Request, body: Body) -> poem::Result<Self> {
        let mut body = RequestBody::new(body);
        let multipart = request
            .content_type()
            .is_some_and(|t| t.starts_with("multipart/form-data"));
        if !multipart {
            return Ok(Form::<Self>::from_request(request, &mut body).await?.0);
        }
        let mut form = Self::default();
        let mut fields = Multipart::from_request(request, &mut body).await?;
        while let Some(field) = fields.next_field().await? {
            if field.name() == Some("List-Unsubscribe") {
                form.one_click = Some(field.text().await?);
            }
        }
        Ok(form)
    }
}

/// `POST /r/{token}/reminders`: turns reminders off (or on again).
#[poem::handler]
pub async fn reminders(
    state: Data<&AppState>,
    request: &Request,
    token: Path<String>,
    verifier: &CsrfVerifier,
    csrf: &CsrfToken,
    body: Body,
) -> poem::Result<Response> {
    let form = RemindersForm::read(request, body).await?;
    if form.one_click.as_deref() == Some("One-Click") {
        // No form token here, so the flood limit is applied on its own; and an unknown link
        // is a 404 read, never a write.
        state
            .limits
            .anonymous_change(client_ip(request, &state.config.trusted_proxies))
            .map_err(PageError::from)?;
        let found = find(&state, &token).await.map_err(PageError::from)?;
        if found.registration.reminders {
            operations::registrations::set_reminders(&state, &token, false)
                .await
                .map_err(PageError::from)?;
        }
        let found = find(&state, &token).await.map_err(PageError::from)?;
        let answer = question(
            &state,
            request,
            "reminders.html.j2",
            &found,
            &token,
            &csrf.0,
        )?;
        return Ok(answer.into_response());
    }
    let on = form.reminders.as_deref() == Some("on");
    let submitted = forms::check(
        &state,
        request,
        verifier,
        form.csrf_token.as_deref(),
        form.website.as_deref(),
    )
    .map_err(PageError::from)?;
    if submitted == Submitted::Genuine {
        operations::registrations::set_reminders(&state, &token, on)
            .await
            .map_err(PageError::from)?;
    }
    let done = if on { "reminders-on" } else { "reminders-off" };
    Ok(forms::see_other(&format!("/r/{}?done={done}", token.0)))
}

/// A submitted form of the manage pages: its anti-forgery token and the honeypot.
#[derive(Debug, Deserialize)]
pub struct Confirmed {
    csrf_token: Option<String>,
    website: Option<String>,
}

impl Confirmed {
    /// Whether to act on it (see [`forms::check`]): a forged one is an error, a bot's is
    /// answered as if it worked.
    fn is_genuine(
        &self,
        state: &AppState,
        request: &Request,
        verifier: &CsrfVerifier,
    ) -> Result<bool, AppError> {
        let submitted = forms::check(
            state,
            request,
            verifier,
            self.csrf_token.as_deref(),
            self.website.as_deref(),
        )?;
        Ok(submitted == Submitted::Genuine)
    }
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
    if form.is_genuine(&state, request, verifier)? {
        operations::registrations::cancel(&state, &token).await?;
    }
    Ok(forms::see_other(&format!("/r/{}?done=cancelled", token.0)))
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
    if form.is_genuine(&state, request, verifier)? {
        operations::registrations::send_calendar_link(&state, &token, Utc::now()).await?;
    }
    Ok(forms::see_other(&format!("/r/{}?done=link-sent", token.0)))
}
