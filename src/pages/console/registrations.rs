//! `/console/activities/{id}/registrations`: an activity's people as its organisers see them:
//! search, status filter, the waiting list in its order, access needs set apart, the CSV
//! export; cancelling a registration (the person is told, the waiting list moves) and adding
//! someone who phoned, by the same operations as the API and the public form.

use chrono::Utc;
use entity::{event, festival};
use poem::{
    Body, IntoResponse, Request, Response,
    http::{StatusCode, header},
    web::{CsrfToken, CsrfVerifier, Data, Form, Html, Path, Query},
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Signed, festival::festival_view, form::TokenOnly, home::who};
use crate::{
    api::registrations_csv,
    domain::{
        kinds::{EventStatus, FestivalStatus},
        member::{Permission, short_code},
        registrant::Field,
        registration::{Status, position_in},
        text::parse_search,
    },
    error::{AppError, AppResult},
    operations,
    pages::{
        PageResult, chosen_language, forms,
        registration_form::{self, Messages, Problem, Submission, Values},
    },
    state::AppState,
    store::{self, Page, attendees::RegistrationFilter},
};

/// The most rows one page shows; the CSV has them all.
const ROWS: u64 = 200;

/// The event `id` and its festival, if the member may edit them; another organisation's is
/// "not found" as `what` (the thing looked up), as for an id that does not exist.
async fn editable(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    what: &'static str,
) -> AppResult<(event::Model, festival::Model)> {
    let (event, festival) = store::events::with_festival(state.db.conn(), id).await?;
    signed.member.owns(festival.organisation_id, what)?;
    signed.member.require(Permission::Edit)?;
    Ok((event, festival))
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    status: Option<String>,
    done: Option<String>,
}

#[derive(Serialize)]
struct Row {
    id: Uuid,
    name: String,
    email: String,
    seats: i32,
    status: &'static str,
    position: Option<u64>,
    code: String,
    access_needs: Option<String>,
    checked_in: bool,
    registered: String,
}

/// `GET /console/activities/{id}/registrations`.
#[poem::handler]
pub async fn list(
    state: Data<&AppState>,
    request: &Request,
    id: Path<Uuid>,
    Query(query): Query<ListQuery>,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Response> {
    let (event, festival) = editable(&state, &signed, *id, "event").await?;
    let language = chosen_language(&state, request);
    render(
        &state,
        request,
        &signed,
        &csrf.0,
        (&event, &festival),
        &query,
        Values::blank(language),
        None,
    )
    .await
}

/// The list page, with the add-a-person form as typed (`values`) and its `problems`.
#[allow(clippy::too_many_arguments)]
async fn render(
    state: &AppState,
    request: &Request,
    signed: &Signed,
    csrf_token: &str,
    (event, festival): (&event::Model, &festival::Model),
    query: &ListQuery,
    values: Values,
    problems: Option<&[Problem]>,
) -> PageResult<Response> {
    let language = chosen_language(state, request);
    let db = state.db.conn();
    let status = query.status.as_deref().and_then(Status::parse);
    let q = parse_search(query.q.clone()).unwrap_or(None);
    let filter = RegistrationFilter {
        status,
        q: q.clone(),
    };
    let waitlist = store::attendees::waitlist_order(db, event.id).await?;
    let (items, total) = store::attendees::list(
        db,
        event.id,
        &filter,
        Page {
            limit: ROWS,
            offset: 0,
        },
    )
    .await?;
    let tz = festival.timezone.0;
    let rows: Vec<Row> = items
        .into_iter()
        .map(|r| Row {
            position: position_in(&waitlist, r.id),
            code: short_code(r.id),
            registered: language.short_date(r.created_at.with_timezone(&tz).date_naive()),
            id: r.id,
            name: r.name,
            email: r.email,
            seats: r.seats,
            status: r.status.as_str(),
            access_needs: r.access_needs,
            checked_in: r.checked_in_at.is_some(),
        })
        .collect();
    let messages = problems
        .map(|p| Messages::new(p, language))
        .unwrap_or_default();
    let filters = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(status.map(|s| ("status", s.as_str())))
        .extend_pairs(q.as_deref().map(|q| ("q", q)))
        .finish();
    let mut response = state
        .pages
        .render(
            "console/registrations.html.j2",
            language,
            request.original_uri(),
            minijinja::context! {
                who => who(signed),
                csrf_token,
                festival => festival_view(festival, language),
                event => minijinja::context! {
                    id => event.id,
                    title => event.title.clone(),
                    seats_taken => event.seats_taken,
                    capacity => event.capacity,
                    waiting => event.waitlist_length,
                },
                rows,
                total,
                shown_all => total <= ROWS,
                q => q.unwrap_or_default(),
                status => status.map(Status::as_str),
                csv => format!("/console/activities/{}/registrations.csv?{filters}", event.id),
                done => query.done.clone().filter(|d| {
                    ["added-confirmed", "added-waitlisted", "cancelled"].contains(&d.as_str())
                }),
                form => minijinja::context! {
                    values,
                    locales => registration_form::email_languages(&state.pages.catalogue, language)
                        .iter()
                        .map(|l| minijinja::context! { code => l.code.clone(), name => l.name.clone() })
                        .collect::<Vec<_>>(),
                },
                errors => messages,
            },
        )?
        .into_response();
    if problems.is_some() {
        response.set_status(StatusCode::UNPROCESSABLE_ENTITY);
    }
    Ok(response)
}

/// `GET /console/activities/{id}/registrations.csv`: the same list, every row, as the API's
/// CSV (a spreadsheet opens it).
#[poem::handler]
pub async fn export(
    state: Data<&AppState>,
    id: Path<Uuid>,
    Query(query): Query<ListQuery>,
    signed: Signed,
) -> PageResult<Response> {
    let (event, _) = editable(&state, &signed, *id, "event").await?;
    let filter = RegistrationFilter {
        status: query.status.as_deref().and_then(Status::parse),
        q: parse_search(query.q).unwrap_or(None),
    };
    let waitlist = store::attendees::waitlist_order(state.db.conn(), event.id).await?;
    let body: Body = registrations_csv::stream(state.db.clone(), event.id, filter, waitlist);
    Ok(body
        .into_response()
        .with_content_type("text/csv; charset=utf-8")
        .with_header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"registrations-{}.csv\"", event.id),
        )
        .into_response())
}

/// `POST /console/activities/{id}/registrations`: adds a person by hand, by the public
/// form's rules (their consent, given on the phone, included), and they get the usual email.
#[poem::handler]
pub async fn add(
    state: Data<&AppState>,
    request: &Request,
    id: Path<Uuid>,
    signed: Signed,
    verifier: &CsrfVerifier,
    body: Vec<u8>,
) -> PageResult<Response> {
    let form = Submission::parse(&body);
    forms::check_member(verifier, form.token.as_deref())?;
    let (event, festival) = editable(&state, &signed, *id, "event").await?;
    let refused = |problems: Vec<Problem>| {
        let (state, signed) = (&state, &signed);
        let (event, festival) = (&event, &festival);
        let values = form.values.clone();
        let token = form.token.clone().unwrap_or_default();
        async move {
            render(
                state,
                request,
                signed,
                &token,
                (event, festival),
                &ListQuery::default(),
                values,
                Some(&problems),
            )
            .await
        }
    };
    let new = match form.registration(None) {
        Ok(new) => new,
        Err(problems) => return refused(problems).await,
    };
    match operations::registrations::register(&state, event.id, new, None, Utc::now()).await {
        Ok(taken) => Ok(forms::see_other(&format!(
            "/console/activities/{}/registrations?done=added-{}",
            event.id,
            taken.status.as_str()
        ))),
        // Refusals the organiser can act on are said on the form, as on the public page.
        Err(AppError::Conflict(_) | AppError::NotFound(_)) => {
            let (fresh, festival) = store::events::with_festival(state.db.conn(), event.id).await?;
            let problem = match (festival.status, fresh.status) {
                (FestivalStatus::Draft, _) => Problem::Closed("draft"),
                (FestivalStatus::Cancelled, _) | (_, EventStatus::Cancelled) => {
                    Problem::Closed("cancelled")
                }
                _ if !fresh.registration_required => Problem::Closed("open_entry"),
                _ if fresh.starts_at <= Utc::now() => Problem::Closed("started"),
                _ => Problem::Field(Field::Email, "already_registered"),
            };
            refused(vec![problem]).await
        }
        Err(AppError::TooManyRequests { .. }) => {
            refused(vec![Problem::Field(Field::Email, "daily_limit")]).await
        }
        Err(other) => Err(other.into()),
    }
}

/// `GET /console/registrations/{id}/cancel`: are you sure? (the person will be told).
#[poem::handler]
pub async fn confirm_cancel(
    state: Data<&AppState>,
    request: &Request,
    id: Path<Uuid>,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    let found = store::attendees::get(state.db.conn(), *id).await?;
    let (event, festival) = editable(&state, &signed, found.event_id, "registration").await?;
    let language = chosen_language(&state, request);
    Ok(state.pages.render(
        "console/registration_cancel.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            who => who(&signed),
            csrf_token => csrf.0.clone(),
            festival => festival_view(&festival, language),
            event => minijinja::context! { id => event.id, title => event.title },
            registration => minijinja::context! {
                id => found.id,
                name => found.name,
                seats => found.seats,
                cancelled => found.status == Status::Cancelled,
            },
        },
    )?)
}

/// `POST /console/registrations/{id}/cancel`.
#[poem::handler]
pub async fn cancel(
    state: Data<&AppState>,
    id: Path<Uuid>,
    signed: Signed,
    verifier: &CsrfVerifier,
    form: Form<TokenOnly>,
) -> PageResult<Response> {
    forms::check_member(verifier, form.csrf_token.as_deref())?;
    let found = store::attendees::get(state.db.conn(), *id).await?;
    editable(&state, &signed, found.event_id, "registration").await?;
    operations::registrations::cancel_by_organiser(&state, &signed.member.actor(), *id).await?;
    Ok(forms::see_other(&format!(
        "/console/activities/{}/registrations?done=cancelled",
        found.event_id
    )))
}
