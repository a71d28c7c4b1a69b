//! `/console/festivals/{slug}/activities/new` and `/console/activities/{id}/edit`: an
//! activity's details, by the API's rules (`EventInput`), through the same operations. Times
//! are typed in the festival's time zone. Moving an activity (a new time or place) with
//! people registered first says how many will be told, and saves only when confirmed.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use entity::{event, festival};
use poem::{
    IntoResponse, Request, Response,
    http::StatusCode,
    web::{CsrfToken, CsrfVerifier, Data, Html, Path},
};
use serde::Serialize;
use uuid::Uuid;

use super::{
    Signed,
    festival::{editable as editable_festival, festival_view},
    form::{Problems, Reading, Sent, TokenOnly, list},
    home::who,
    question::{Question, ask},
};
use crate::{
    api::events::EventInput,
    domain::{
        kinds::{EventAccess, EventKind},
        member::Permission,
    },
    error::{AppError, AppResult},
    i18n::Language,
    operations,
    pages::{PageResult, chosen_language, forms},
    state::AppState,
    store,
};

const FIELDS: [&str; 15] = [
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "venue_id",
    "online_url",
    "capacity",
    "registration_required",
    "audience",
    "themes",
    "language",
    "accessibility",
    "host",
    "materials_note",
    "description",
];

/// The event `id` and its festival, if the member may edit them.
async fn editable(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
) -> AppResult<(event::Model, festival::Model)> {
    let (event, festival) = store::events::with_festival(state.db.conn(), id).await?;
    signed.member.owns(festival.organisation_id, "event")?;
    signed.member.require(Permission::Edit)?;
    Ok((event, festival))
}

/// A day and a time typed in the festival's time zone, as an instant with its offset.
fn instant(
    reading: &mut Reading,
    field: &str,
    day: Option<NaiveDate>,
    time: Option<NaiveTime>,
    festival: &festival::Model,
    language: &Language,
) -> Option<DateTime<FixedOffset>> {
    let local = day?.and_time(time?);
    // A time that a change of clocks skips has no instant; one it repeats takes the first.
    match festival.timezone.0.from_local_datetime(&local).earliest() {
        Some(at) => Some(at.fixed_offset()),
        None => {
            reading.refuse(field, language, "console-error-no-such-time");
            None
        }
    }
}

/// The activity a form describes, by the API's rules.
fn input_of(sent: &Sent, festival: &festival::Model, language: &Language) -> AppResult<EventInput> {
    let mut reading = Reading::default();
    let day = reading.date("starts_at", sent.optional("starts_at_day"), language);
    let start = reading.time("starts_at", sent.optional("starts_at_time"), language);
    let end_day = match sent.optional("ends_at_day") {
        Some(text) => reading.date("ends_at", Some(text), language),
        None => day,
    };
    let end = reading.time("ends_at", sent.optional("ends_at_time"), language);
    let starts_at = instant(&mut reading, "starts_at", day, start, festival, language);
    let ends_at = instant(&mut reading, "ends_at", end_day, end, festival, language);
    let kind = EventKind::parse(&sent.text("kind"));
    if kind.is_none() {
        reading.refuse("kind", language, "console-error-choose");
    }
    let venue_id = match sent.optional("venue_id") {
        None => None,
        Some(text) => match text.parse::<Uuid>() {
            Ok(id) => Some(id),
            Err(_) => {
                reading.refuse("venue_id", language, "console-error-choose");
                None
            }
        },
    };
    let capacity = reading.number("capacity", sent.optional("capacity"), language);
    match (starts_at, ends_at, kind) {
        (Some(starts_at), Some(ends_at), Some(kind)) if reading.errors.is_empty() => {
            Ok(EventInput {
                title: sent.text("title"),
                kind,
                starts_at,
                ends_at,
                venue_id,
                online_url: sent.optional("online_url"),
                capacity,
                registration_required: sent.checked("registration_required"),
                audience: list(&sent.text("audience")),
                themes: list(&sent.text("themes")),
                language: sent.optional("language"),
                accessibility: sent
                    .all("accessibility")
                    .iter()
                    .filter_map(|a| EventAccess::parse(a))
                    .collect(),
                host: sent.optional("host"),
                description: sent.optional("description"),
                materials_note: sent.optional("materials_note"),
            })
        }
        _ => Err(AppError::Validation(reading.errors)),
    }
}

/// The form's values from a stored activity, times in the festival's zone.
fn values_of(e: &event::Model, festival: &festival::Model) -> serde_json::Value {
    let input = EventInput::from_model(e);
    let tz = festival.timezone.0;
    let (start, end) = (e.starts_at.with_timezone(&tz), e.ends_at.with_timezone(&tz));
    let end_day = (end.date_naive() != start.date_naive()).then(|| end.date_naive().to_string());
    serde_json::json!({
        "title": input.title, "kind": input.kind.as_str(),
        "starts_at_day": start.date_naive().to_string(),
        "starts_at_time": clock(&start),
        "ends_at_time": clock(&end),
        "ends_at_day": end_day,
        "venue_id": input.venue_id.map(|v| v.to_string()).unwrap_or_default(),
        "online_url": input.online_url, "capacity": input.capacity,
        "registration_required": if input.registration_required { "yes" } else { "" },
        "audience": input.audience.join(", "), "themes": input.themes.join(", "),
        "language": input.language,
        "accessibility": input.accessibility.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
        "host": input.host, "materials_note": input.materials_note,
        "description": input.description,
    })
}

/// A time of day as the time input shows it: with its seconds when it has any (an API client
/// may have set them), so saving the form unchanged moves nothing.
fn clock<Tz: chrono::TimeZone>(at: &chrono::DateTime<Tz>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    use chrono::Timelike;
    if at.second() == 0 {
        at.format("%H:%M").to_string()
    } else {
        at.format("%H:%M:%S").to_string()
    }
}

/// What the form page shows around the fields.
struct Shown<'a> {
    festival: &'a festival::Model,
    event: Option<&'a event::Model>,
    problems: Problems,
    /// How many registrations a move would tell, when it waits for confirmation.
    to_tell: Option<u64>,
}

async fn render(
    state: &AppState,
    request: &Request,
    signed: &Signed,
    csrf_token: &str,
    values: impl Serialize,
    shown: Shown<'_>,
) -> PageResult<Html<String>> {
    let language = chosen_language(state, request);
    let word = |id: String| language.text(&id, poem::i18n::I18NArgs::default());
    // Every kind, "other" included (the API's default, and the import's for a blank cell): a
    // kind missing from the list would be changed by saving.
    let kinds: Vec<(&str, String)> = EventKind::ALL
        .iter()
        .map(|k| {
            (
                k.as_str(),
                word(format!("console-event-kind-{}", k.as_str())),
            )
        })
        .collect();
    let access: Vec<(&str, String)> = EventAccess::ALL
        .iter()
        .map(|a| (a.as_str(), word(format!("event-access-{}", a.as_str()))))
        .collect();
    let mut venues: Vec<(String, String)> =
        vec![(String::new(), word("console-no-venue".to_owned()))];
    venues.extend(
        store::venues::of_organisation(state.db.conn(), signed.member.organisation_id)
            .await?
            .into_iter()
            .map(|v| (v.id.to_string(), format!("{} ({})", v.name, v.city))),
    );
    Ok(state.pages.render(
        "console/activity_form.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            who => who(signed),
            csrf_token,
            festival => festival_view(shown.festival, language),
            timezone => shown.festival.timezone.to_string(),
            event => shown.event.map(|e| minijinja::context! { id => e.id, title => e.title.clone() }),
            values,
            problems => shown.problems,
            to_tell => shown.to_tell,
            kinds,
            access,
            venues,
        },
    )?)
}

/// `GET /console/festivals/{slug}/activities/new`.
#[poem::handler]
pub async fn new(
    state: Data<&AppState>,
    request: &Request,
    slug: Path<String>,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    let festival = editable_festival(&state, &signed, &slug).await?;
    let values = serde_json::json!({
        "kind": "workshop",
        "starts_at_day": festival.starts_on.to_string(),
        "registration_required": "yes",
    });
    let shown = Shown {
        festival: &festival,
        event: None,
        problems: Problems::default(),
        to_tell: None,
    };
    render(&state, request, &signed, &csrf.0, values, shown).await
}

/// `GET /console/activities/{id}/edit`.
#[poem::handler]
pub async fn edit(
    state: Data<&AppState>,
    request: &Request,
    id: Path<Uuid>,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    let (event, festival) = editable(&state, &signed, *id).await?;
    let shown = Shown {
        festival: &festival,
        event: Some(&event),
        problems: Problems::default(),
        to_tell: None,
    };
    render(
        &state,
        request,
        &signed,
        &csrf.0,
        values_of(&event, &festival),
        shown,
    )
    .await
}

/// `POST /console/festivals/{slug}/activities/new`.
#[poem::handler]
pub async fn create(
    state: Data<&AppState>,
    request: &Request,
    slug: Path<String>,
    signed: Signed,
    verifier: &CsrfVerifier,
    body: Vec<u8>,
) -> PageResult<Response> {
    let sent = Sent::parse(&body);
    forms::check_member(verifier, sent.token().as_deref())?;
    let festival = editable_festival(&state, &signed, &slug).await?;
    let language = chosen_language(&state, request);
    let made = match input_of(&sent, &festival, language) {
        Ok(input) => {
            operations::events::create(&state, &signed.member.actor(), &festival.slug, || {
                input.into_spec()
            })
            .await
        }
        Err(e) => Err(e),
    };
    match made {
        Ok(_) => Ok(forms::see_other(&format!(
            "/console/festivals/{}?done=activity-created",
            festival.slug
        ))),
        Err(refused) => refuse(&state, request, &signed, &sent, &festival, None, refused).await,
    }
}

/// `POST /console/activities/{id}/edit`: saves; a move with people registered waits for the
/// form's second button ("save and tell them"), after saying how many will be told.
#[poem::handler]
pub async fn update(
    state: Data<&AppState>,
    request: &Request,
    id: Path<Uuid>,
    signed: Signed,
    verifier: &CsrfVerifier,
    body: Vec<u8>,
) -> PageResult<Response> {
    let sent = Sent::parse(&body);
    forms::check_member(verifier, sent.token().as_deref())?;
    let (event, festival) = editable(&state, &signed, *id).await?;
    let language = chosen_language(&state, request);
    // Read and checked by the API's rules once; the operation checks again under its lock.
    let read = input_of(&sent, &festival, language)
        .and_then(|input| input.clone().into_spec().map(|spec| (input, spec)));
    let (input, spec) = match read {
        Ok(both) => both,
        Err(refused) => {
            let event = Some(&event);
            return refuse(&state, request, &signed, &sent, &festival, event, refused).await;
        }
    };
    if !sent.checked("confirm_move") {
        let people = store::events::live_registrations(state.db.conn(), event.id).await?;
        if people > 0 && store::events::moves(&event, &spec) {
            let shown = Shown {
                festival: &festival,
                event: Some(&event),
                problems: Problems::default(),
                to_tell: Some(people),
            };
            let token = sent.token().unwrap_or_default();
            return Ok(
                render(&state, request, &signed, &token, sent.values(), shown)
                    .await?
                    .into_response(),
            );
        }
    }
    let saved = operations::events::edit(&state, &signed.member.actor(), event.id, |_| {
        input.into_spec()
    })
    .await;
    match saved {
        Ok(_) => Ok(forms::see_other(&format!(
            "/console/festivals/{}?done=activity-saved",
            festival.slug
        ))),
        Err(refused) => {
            refuse(
                &state,
                request,
                &signed,
                &sent,
                &festival,
                Some(&event),
                refused,
            )
            .await
        }
    }
}

/// The form again, as sent, with what to correct.
#[allow(clippy::too_many_arguments)]
async fn refuse(
    state: &AppState,
    request: &Request,
    signed: &Signed,
    sent: &Sent,
    festival: &festival::Model,
    event: Option<&event::Model>,
    refused: AppError,
) -> PageResult<Response> {
    let language = chosen_language(state, request);
    let (problems, status) = Problems::of(refused, &FIELDS, language)?;
    let shown = Shown {
        festival,
        event,
        problems,
        to_tell: None,
    };
    let token = sent.token().unwrap_or_default();
    let mut page = render(state, request, signed, &token, sent.values(), shown)
        .await?
        .into_response();
    page.set_status(status);
    Ok(page)
}

/// What an activity's question page does: cancel it (everyone registered is told) or delete
/// it (only one nobody registered for).
fn step_of(asked: &str) -> Option<&'static str> {
    ["cancel", "delete"].into_iter().find(|s| *s == asked)
}

/// The question of `step` about `event` (and why it was refused, if it was).
fn question(
    language: &Language,
    step: &str,
    event: &event::Model,
    festival: &festival::Model,
    people: u64,
    refused: Option<String>,
) -> Question {
    let word = |key: &str| {
        language.text(
            &format!("console-activity-{step}-{key}"),
            (("title", event.title.clone()), ("people", people)),
        )
    };
    Question {
        title: word("title"),
        explain: word("explain"),
        action: format!("/console/activities/{}/{step}", event.id),
        confirm: word("confirm"),
        back: format!("/console/festivals/{}", festival.slug),
        refused,
    }
}

/// `GET /console/activities/{id}/{cancel|delete}`: are you sure? (and how many people will
/// be told).
#[poem::handler]
pub async fn confirm_step(
    state: Data<&AppState>,
    request: &Request,
    Path((id, asked)): Path<(Uuid, String)>,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Response> {
    let (event, festival) = editable(&state, &signed, id).await?;
    let step = step_of(&asked).ok_or(AppError::NotFound("page"))?;
    let language = chosen_language(&state, request);
    let people = store::events::live_registrations(state.db.conn(), event.id).await?;
    let asked = question(language, step, &event, &festival, people, None);
    ask(&state, request, &signed, &csrf.0, asked, StatusCode::OK)
}

/// `POST /console/activities/{id}/{cancel|delete}`: the API's operations; a refusal (people
/// registered for one to delete) is said on the question page.
#[poem::handler]
pub async fn take_step(
    state: Data<&AppState>,
    request: &Request,
    Path((id, asked)): Path<(Uuid, String)>,
    signed: Signed,
    verifier: &CsrfVerifier,
    form: poem::web::Form<TokenOnly>,
) -> PageResult<Response> {
    forms::check_member(verifier, form.csrf_token.as_deref())?;
    let (event, festival) = editable(&state, &signed, id).await?;
    let step = step_of(&asked).ok_or(AppError::NotFound("page"))?;
    let actor = signed.member.actor();
    let done = if step == "cancel" {
        operations::events::cancel(&state, &actor, event.id)
            .await
            .map(|_| ())
    } else {
        operations::events::delete(&state, &actor, event.id).await
    };
    match done {
        Ok(()) => Ok(forms::see_other(&format!(
            "/console/festivals/{}?done=activity-{step}",
            festival.slug
        ))),
        Err(AppError::Conflict(why)) => {
            let language = chosen_language(&state, request);
            let refused = question(language, step, &event, &festival, 0, Some(why));
            let token = form.csrf_token.clone().unwrap_or_default();
            ask(
                &state,
                request,
                &signed,
                &token,
                refused,
                StatusCode::CONFLICT,
            )
        }
        Err(other) => Err(other.into()),
    }
}
