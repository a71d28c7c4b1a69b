//! Check-in at the door, made for a phone: pick the activity, type two letters of a name (or
//! the short code of the confirmation), tap "Check in"; a mistaken tap is undone with one more.
//! Or scan the QR code of a confirmation with the phone's own camera: it opens
//! `/console/check-in/{registration}`, one tap from done.
//!
//! Owners and editors check in at every festival of their organisation, door members at the
//! festivals they were given; anything of another organisation is "not found".

use chrono::Utc;
use entity::{event, festival, registration};
use poem::{
    Request, Response,
    web::{CsrfToken, CsrfVerifier, Data, Form, Html, Path, Query},
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Signed, home::who};
use crate::{
    domain::{
        kinds::RegistrationStatus,
        member::{DoorQuery, Permission, short_code},
    },
    error::{AppError, AppResult},
    i18n::Language,
    operations,
    pages::{PageResult, chosen_language, forms},
    state::AppState,
    store::{self, attendees::AtDoor},
};

/// Without a search, an activity's list is shown whole up to this many people; past it the
/// door types two letters (a phone should not scroll through a thousand names).
const LIST_WHOLE_UP_TO: usize = 40;
/// The most results a search shows.
const RESULTS: usize = 25;

/// Checks that the member may check people in at `festival`: not found if it is another
/// organisation's, forbidden if their role does not reach it.
/// Another organisation's is "not found" as `what` (the thing looked up), so the answer is
/// the one for an id that does not exist.
fn may_check_in(signed: &Signed, festival: &festival::Model, what: &'static str) -> AppResult<()> {
    signed.member.owns(festival.organisation_id, what)?;
    signed.member.require(Permission::CheckIn {
        festival_id: festival.id,
    })
}

#[derive(Serialize)]
struct ActivityRow {
    id: Uuid,
    title: String,
    when: String,
    place: Option<String>,
    confirmed: i32,
    checked_in: i64,
    cancelled: bool,
}

/// When an event happens, in the festival's timezone and the reader's language.
fn when(language: &Language, festival: &festival::Model, event: &event::Model) -> String {
    let tz = festival.timezone.0;
    let start = event.starts_at.with_timezone(&tz);
    format!(
        "{}, {}",
        language.short_date(start.date_naive()),
        language.time(&start)
    )
}

/// `GET /console/festivals/{slug}/door`: the festival's activities that take registrations,
/// with how many of their people have arrived.
#[poem::handler]
pub async fn activities(
    state: Data<&AppState>,
    request: &Request,
    slug: Path<String>,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    let db = state.db.conn();
    let festival = store::festivals::by_slug(db, &slug).await?;
    may_check_in(&signed, &festival, "festival")?;
    let language = chosen_language(&state, request);
    let events = store::events::with_registration(db, festival.id).await?;
    let venues = store::venues::by_ids(db, events.iter().filter_map(|e| e.venue_id)).await?;
    let arrived = store::attendees::checked_in_seats(db, events.iter().map(|e| e.id)).await?;
    let rows: Vec<ActivityRow> = events
        .iter()
        .map(|e| ActivityRow {
            id: e.id,
            title: e.title.clone(),
            when: when(language, &festival, e),
            place: e
                .venue_id
                .and_then(|v| venues.get(&v))
                .map(|v| v.name.clone()),
            confirmed: e.seats_taken,
            checked_in: arrived.get(&e.id).copied().unwrap_or(0),
            cancelled: e.status == crate::domain::kinds::EventStatus::Cancelled,
        })
        .collect();
    Ok(state.pages.render(
        "console/door_activities.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            who => who(&signed),
            csrf_token => csrf.0.clone(),
            festival => minijinja::context! { slug => festival.slug, title => festival.title },
            activities => rows,
        },
    )?)
}

/// One person as the door sees them.
#[derive(Serialize)]
struct PersonRow {
    id: Uuid,
    name: String,
    seats: i32,
    code: String,
    access_needs: Option<String>,
    checked_in: Option<String>,
}

impl PersonRow {
    fn new(r: &AtDoor, language: &Language, festival: &festival::Model) -> Self {
        let tz = festival.timezone.0;
        Self {
            id: r.id,
            name: r.name.clone(),
            seats: r.seats,
            code: short_code(r.id),
            access_needs: r.access_needs.clone(),
            checked_in: r
                .checked_in_at
                .map(|at| language.time(&at.with_timezone(&tz))),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
    /// What the last tap did (`in`, `undo`), and to whom.
    done: Option<String>,
    who: Option<Uuid>,
}

/// `GET /console/door/{event}?q=`: the activity's people matching what was typed.
#[poem::handler]
pub async fn search(
    state: Data<&AppState>,
    request: &Request,
    event: Path<Uuid>,
    Query(asked): Query<SearchQuery>,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    let db = state.db.conn();
    let (event, festival) = store::events::with_festival(db, *event).await?;
    may_check_in(&signed, &festival, "event")?;
    let language = chosen_language(&state, request);
    let people = store::attendees::at_door(db, event.id).await?;
    let q = asked.q.as_deref().map(str::trim).unwrap_or_default();
    let typed = q.chars().count();
    let query = DoorQuery::parse(q);
    let (results, more): (Vec<&AtDoor>, bool) = if let Some(query) = &query {
        let found: Vec<_> = people
            .iter()
            .filter(|r| query.matches(&r.name, r.id))
            .collect();
        let more = found.len() > RESULTS;
        (found.into_iter().take(RESULTS).collect(), more)
    } else if typed == 0 && people.len() <= LIST_WHOLE_UP_TO {
        (people.iter().collect(), false)
    } else {
        (Vec::new(), false)
    };
    let done = asked.who.and_then(|id| {
        let person = people.iter().find(|r| r.id == id)?;
        let what = asked
            .done
            .as_deref()
            .filter(|d| ["in", "undo"].contains(d))?;
        Some(minijinja::context! { what, name => person.name.clone(), id })
    });
    let checked_in: i64 = people
        .iter()
        .filter(|r| r.checked_in_at.is_some())
        .map(|r| i64::from(r.seats))
        .sum();
    Ok(state.pages.render(
        "console/door_search.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            who => who(&signed),
            csrf_token => csrf.0.clone(),
            festival => minijinja::context! { slug => festival.slug.clone(), title => festival.title.clone() },
            event => minijinja::context! {
                id => event.id,
                title => event.title.clone(),
                when => when(language, &festival, &event),
            },
            q,
            too_short => typed > 0 && query.is_none(),
            type_to_search => typed == 0 && people.len() > LIST_WHOLE_UP_TO,
            results => results.iter().map(|r| PersonRow::new(r, language, &festival)).collect::<Vec<_>>(),
            more,
            nothing_found => query.is_some() && results.is_empty(),
            done,
            counts => minijinja::context! {
                checked_in,
                confirmed => event.seats_taken,
            },
        },
    )?)
}

/// A tap: check in, or undo a check-in.
#[derive(Debug, Deserialize)]
pub struct TapForm {
    csrf_token: Option<String>,
    registration: Option<Uuid>,
    action: Option<String>,
    q: Option<String>,
}

/// Checks in (or undoes) registration `id` of `event_id`, after the member's rights.
async fn apply(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    event_id: Option<Uuid>,
    undo: bool,
) -> AppResult<registration::Model> {
    let db = state.db.conn();
    let found = store::attendees::get(db, id).await?;
    let (_, festival) = store::events::with_festival(db, found.event_id).await?;
    may_check_in(signed, &festival, "registration")?;
    if event_id.is_some_and(|e| e != found.event_id) {
        return Err(AppError::NotFound("registration"));
    }
    let actor = signed.member.actor();
    if undo {
        operations::registrations::undo_check_in(state, &actor, id).await
    } else {
        operations::registrations::check_in(state, &actor, id).await
    }
}

/// `POST /console/door/{event}`: the tap on a search result; back to the same search.
#[poem::handler]
pub async fn tap(
    state: Data<&AppState>,
    event: Path<Uuid>,
    signed: Signed,
    verifier: &CsrfVerifier,
    form: Form<TapForm>,
) -> PageResult<Response> {
    forms::check_member(verifier, form.csrf_token.as_deref())?;
    let id = form
        .registration
        .ok_or_else(|| AppError::invalid("registration", "which registration"))?;
    let undo = form.action.as_deref() == Some("undo");
    apply(&state, &signed, id, Some(*event), undo).await?;
    let back = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("q", form.q.as_deref().unwrap_or_default())
        .append_pair("done", if undo { "undo" } else { "in" })
        .append_pair("who", &id.to_string())
        .finish();
    Ok(forms::see_other(&format!(
        "/console/door/{}?{back}",
        *event
    )))
}

/// `GET /console/check-in/{registration}`: where a confirmation's QR code leads.
#[poem::handler]
pub async fn scanned(
    state: Data<&AppState>,
    request: &Request,
    id: Path<Uuid>,
    Query(query): Query<SearchQuery>,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    let db = state.db.conn();
    let found = store::attendees::get(db, *id).await?;
    let (event, festival) = store::events::with_festival(db, found.event_id).await?;
    may_check_in(&signed, &festival, "registration")?;
    let language = chosen_language(&state, request);
    let status = found.status;
    Ok(state.pages.render(
        "console/door_scanned.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            who => who(&signed),
            csrf_token => csrf.0.clone(),
            festival => minijinja::context! { slug => festival.slug.clone(), title => festival.title.clone() },
            event => minijinja::context! {
                id => event.id,
                title => event.title.clone(),
                when => when(language, &festival, &event),
                started => event.starts_at <= Utc::now(),
            },
            person => PersonRow::new(&AtDoor::from(found), language, &festival),
            confirmed => status == RegistrationStatus::Confirmed,
            status => status.as_str(),
            done => query.done.filter(|d| ["in", "undo"].contains(&d.as_str())),
        },
    )?)
}

/// `POST /console/check-in/{registration}`: the one tap of a scanned code.
#[poem::handler]
pub async fn tap_scanned(
    state: Data<&AppState>,
    id: Path<Uuid>,
    signed: Signed,
    verifier: &CsrfVerifier,
    form: Form<TapForm>,
) -> PageResult<Response> {
    forms::check_member(verifier, form.csrf_token.as_deref())?;
    let undo = form.action.as_deref() == Some("undo");
    apply(&state, &signed, *id, None, undo).await?;
    let done = if undo { "undo" } else { "in" };
    Ok(forms::see_other(&format!(
        "/console/check-in/{}?done={done}#done",
        *id
    )))
}
