//! `/console/festivals/{slug}`: one festival as its organisers run it: where it stands, its
//! activities with their seats and waiting lists, and the way to everything else (the door,
//! registrations, the emails, publishing). Publishing, cancelling and deleting a draft are
//! forms here, each after a question page where it cannot be undone.

use chrono::Utc;
use entity::festival;
use poem::{
    IntoResponse, Request, Response,
    error::ResponseError,
    web::{CsrfToken, CsrfVerifier, Data, Form, Html, Path},
};
use serde::Serialize;
use uuid::Uuid;

use super::{Signed, form::TokenOnly, home::who};
use crate::{
    domain::{
        kinds::{EventStatus, FestivalStatus},
        member::Permission,
    },
    error::{AppError, AppResult},
    operations,
    pages::{
        PageResult, chosen_language, forms,
        view::{Availability, EventCard},
    },
    state::AppState,
    store,
};

/// The festival `slug`, if the member may edit it: not found if it is another
/// organisation's, forbidden if their role is the door.
pub(super) async fn editable(
    state: &AppState,
    signed: &Signed,
    slug: &str,
) -> AppResult<festival::Model> {
    let festival = store::festivals::by_slug(state.db.conn(), slug).await?;
    signed.member.owns(festival.organisation_id, "festival")?;
    signed.member.require(Permission::Edit)?;
    Ok(festival)
}

/// The festival as the console's pages show it.
pub(super) fn festival_view(
    festival: &festival::Model,
    language: &crate::i18n::Language,
) -> minijinja::Value {
    minijinja::context! {
        slug => festival.slug.clone(),
        title => festival.title.clone(),
        dates => language.date_range(festival.starts_on, festival.ends_on),
        city => festival.city.clone(),
        status => festival.status.as_str(),
        draft => festival.status == FestivalStatus::Draft,
        published => festival.status == FestivalStatus::Published,
    }
}

#[derive(Serialize)]
struct ActivityRow {
    id: Uuid,
    title: String,
    when: String,
    place: Option<String>,
    seats: String,
    seats_taken: i32,
    waiting: i32,
    registration: bool,
    cancelled: bool,
    waitlist: bool,
}

/// What the festival page confirms after a form (`?done=`).
const DONE: [&str; 8] = [
    "saved",
    "activity-created",
    "activity-saved",
    "activity-cancel",
    "activity-delete",
    "publish",
    "cancel",
    "imported",
];

/// `GET /console/festivals/{slug}`.
#[poem::handler]
pub async fn overview(
    state: Data<&AppState>,
    request: &Request,
    slug: Path<String>,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    let festival = editable(&state, &signed, &slug).await?;
    let language = chosen_language(&state, request);
    let db = state.db.conn();
    let events = store::events::of_festival(db, festival.id).await?;
    let venues = store::venues::by_ids(db, events.iter().filter_map(|e| e.venue_id)).await?;
    let now = Utc::now();
    let activities: Vec<ActivityRow> = events
        .iter()
        .map(|e| {
            let card = EventCard::new(&festival, e, &venues, language, now);
            ActivityRow {
                id: e.id,
                title: e.title.clone(),
                when: format!("{}, {}", card.day_label, card.time),
                place: card.venue.as_ref().map(|v| v.name.clone()),
                seats: match e.capacity {
                    Some(capacity) => format!("{} / {capacity}", e.seats_taken),
                    None => e.seats_taken.to_string(),
                },
                seats_taken: e.seats_taken,
                waiting: e.waitlist_length,
                registration: e.registration_required,
                cancelled: e.status == EventStatus::Cancelled,
                waitlist: card.availability == Availability::Waitlist,
            }
        })
        .collect();
    Ok(state.pages.render(
        "console/festival.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            who => who(&signed),
            csrf_token => csrf.0.clone(),
            festival => festival_view(&festival, language),
            activities,
            done => request.uri().query().and_then(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .find(|(k, _)| k == "done")
                    .map(|(_, v)| v.into_owned())
                    .filter(|v| DONE.contains(&v.as_str()))
            }),
        },
    )?)
}

/// What a festival's life-cycle form does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Publish,
    Cancel,
    Delete,
}

impl Step {
    fn parse(text: &str) -> Option<Self> {
        match text {
            "publish" => Some(Self::Publish),
            "cancel" => Some(Self::Cancel),
            "delete" => Some(Self::Delete),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Publish => "publish",
            Self::Cancel => "cancel",
            Self::Delete => "delete",
        }
    }
}

/// `GET /console/festivals/{slug}/{publish|cancel|delete}`: are you sure? (what it does,
/// and to how many people).
#[poem::handler]
pub async fn confirm_step(
    state: Data<&AppState>,
    request: &Request,
    Path((slug, asked)): Path<(String, String)>,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    let festival = editable(&state, &signed, &slug).await?;
    let step = Step::parse(&asked).ok_or(AppError::NotFound("page"))?;
    let language = chosen_language(&state, request);
    let people = store::festivals::live_registrations(state.db.conn(), festival.id).await?;
    Ok(state.pages.render(
        "console/festival_step.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            who => who(&signed),
            csrf_token => csrf.0.clone(),
            festival => festival_view(&festival, language),
            step => step.as_str(),
            people,
        },
    )?)
}

/// `POST /console/festivals/{slug}/{publish|cancel|delete}`: the same operations as the API.
#[poem::handler]
pub async fn take_step(
    state: Data<&AppState>,
    request: &Request,
    Path((slug, asked)): Path<(String, String)>,
    signed: Signed,
    verifier: &CsrfVerifier,
    form: Form<TokenOnly>,
) -> PageResult<Response> {
    forms::check_member(verifier, form.csrf_token.as_deref())?;
    let festival = editable(&state, &signed, &slug).await?;
    let step = Step::parse(&asked).ok_or(AppError::NotFound("page"))?;
    let actor = signed.member.actor();
    let done = match step {
        Step::Publish => operations::festivals::publish(&state, &actor, &festival.slug)
            .await
            .map(|_| ()),
        Step::Cancel => operations::festivals::cancel(&state, &actor, &festival.slug)
            .await
            .map(|_| ()),
        Step::Delete => operations::festivals::delete(&state, &actor, &festival.slug).await,
    };
    match done {
        Ok(()) if step == Step::Delete => return Ok(forms::see_other("/console/")),
        Ok(()) => {}
        // What stops it (no contact address to publish with, registrations on a draft…) is
        // said on the same question page, which the member can act on.
        Err(refused @ (AppError::Conflict(_) | AppError::Validation(_))) => {
            let language = chosen_language(&state, request);
            let people = store::festivals::live_registrations(state.db.conn(), festival.id).await?;
            let mut answer = state
                .pages
                .render(
                    "console/festival_step.html.j2",
                    language,
                    request.original_uri(),
                    minijinja::context! {
                        who => who(&signed),
                        csrf_token => form.csrf_token.clone(),
                        festival => festival_view(&festival, language),
                        step => step.as_str(),
                        people,
                        refused => refused.to_string(),
                    },
                )?
                .into_response();
            answer.set_status(refused.status());
            return Ok(answer);
        }
        Err(other) => return Err(other.into()),
    }
    Ok(forms::see_other(&format!(
        "/console/festivals/{}?done={}",
        festival.slug,
        step.as_str()
    )))
}
