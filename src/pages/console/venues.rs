//! `/console/venues`: the organisation's places: the list, a new one, a change (a new
//! address tells everyone registered for its activities, as through the API).

use entity::venue;
use poem::{
    IntoResponse, Request, Response,
    web::{CsrfToken, CsrfVerifier, Data, Html, Path},
};
use serde::Serialize;
use uuid::Uuid;

use super::{
    Signed,
    form::{Problems, Reading, Sent},
    home::who,
};
use crate::{
    api::venues::VenueInput,
    domain::{kinds::VenueFeature, member::Permission},
    error::AppResult,
    i18n::Language,
    operations,
    pages::{PageResult, chosen_language, forms},
    state::AppState,
    store,
};

/// The form's fields, in the order it shows them.
const FIELDS: [&str; 9] = [
    "name",
    "address",
    "city",
    "country",
    "capacity",
    "accessibility",
    "latitude",
    "longitude",
    "description",
];

#[derive(Serialize)]
struct Row {
    id: Uuid,
    name: String,
    address: String,
    capacity: Option<i32>,
    step_free: bool,
}

/// `GET /console/venues`.
#[poem::handler]
pub async fn list(
    state: Data<&AppState>,
    request: &Request,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    signed.member.require(Permission::Edit)?;
    let language = chosen_language(&state, request);
    let venues: Vec<Row> =
        store::venues::of_organisation(state.db.conn(), signed.member.organisation_id)
            .await?
            .into_iter()
            .map(|v| Row {
                step_free: store::decode_list::<VenueFeature>(&v.accessibility)
                    .contains(&VenueFeature::StepFreeAccess),
                id: v.id,
                name: v.name,
                address: format!("{}, {}", v.address, v.city),
                capacity: v.capacity,
            })
            .collect();
    Ok(state.pages.render(
        "console/venues.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            who => who(&signed),
            csrf_token => csrf.0.clone(),
            venues,
            done => request
                .uri()
                .query()
                .and_then(|q| q.strip_prefix("done="))
                .filter(|d| ["saved", "created"].contains(d))
                .map(str::to_owned),
        },
    )?)
}

/// The venue `id`, if the member may change it.
async fn editable(state: &AppState, signed: &Signed, id: Uuid) -> AppResult<venue::Model> {
    let found = store::venues::get(state.db.conn(), id).await?;
    signed.member.owns(found.organisation_id, "venue")?;
    signed.member.require(Permission::Edit)?;
    Ok(found)
}

/// The form's values from a stored venue.
fn values_of(v: &venue::Model) -> serde_json::Value {
    let input = VenueInput::from_model(v);
    serde_json::json!({
        "name": input.name, "address": input.address, "city": input.city,
        "country": input.country, "latitude": input.latitude, "longitude": input.longitude,
        "capacity": input.capacity,
        "accessibility": input.accessibility.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
        "description": input.description,
    })
}

/// The venue a form describes, by the API's rules.
fn input_of(sent: &Sent, language: &Language) -> AppResult<VenueInput> {
    let mut reading = Reading::default();
    let input = VenueInput {
        name: sent.text("name"),
        address: sent.text("address"),
        city: sent.text("city"),
        country: sent.text("country"),
        latitude: reading.decimal("latitude", sent.optional("latitude"), language),
        longitude: reading.decimal("longitude", sent.optional("longitude"), language),
        capacity: reading.number("capacity", sent.optional("capacity"), language),
        accessibility: sent
            .all("accessibility")
            .iter()
            .filter_map(|a| VenueFeature::parse(a))
            .collect(),
        description: sent.optional("description"),
    };
    if reading.errors.is_empty() {
        Ok(input)
    } else {
        Err(crate::error::AppError::Validation(reading.errors))
    }
}

#[allow(clippy::too_many_arguments)]
fn render(
    state: &AppState,
    request: &Request,
    signed: &Signed,
    csrf_token: &str,
    venue: Option<Uuid>,
    values: impl Serialize,
    problems: Problems,
) -> PageResult<Html<String>> {
    let language = chosen_language(state, request);
    let features: Vec<(&str, String)> = VenueFeature::ALL
        .iter()
        .map(|f| {
            (
                f.as_str(),
                language.text(
                    &format!("venue-feature-{}", f.as_str()),
                    poem::i18n::I18NArgs::default(),
                ),
            )
        })
        .collect();
    Ok(state.pages.render(
        "console/venue_form.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            who => who(signed),
            csrf_token,
            venue,
            values,
            problems,
            features,
        },
    )?)
}

/// `GET /console/venues/new`.
#[poem::handler]
pub async fn new(
    state: Data<&AppState>,
    request: &Request,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    signed.member.require(Permission::Edit)?;
    render(
        &state,
        request,
        &signed,
        &csrf.0,
        None,
        serde_json::json!({}),
        Problems::default(),
    )
}

/// `GET /console/venues/{id}`.
#[poem::handler]
pub async fn edit(
    state: Data<&AppState>,
    request: &Request,
    id: Path<Uuid>,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    let found = editable(&state, &signed, *id).await?;
    render(
        &state,
        request,
        &signed,
        &csrf.0,
        Some(found.id),
        values_of(&found),
        Problems::default(),
    )
}

/// `POST /console/venues/new`.
#[poem::handler]
pub async fn create(
    state: Data<&AppState>,
    request: &Request,
    signed: Signed,
    verifier: &CsrfVerifier,
    body: Vec<u8>,
) -> PageResult<Response> {
    save(&state, request, None, &signed, verifier, &body).await
}

/// `POST /console/venues/{id}`.
#[poem::handler]
pub async fn update(
    state: Data<&AppState>,
    request: &Request,
    id: Path<Uuid>,
    signed: Signed,
    verifier: &CsrfVerifier,
    body: Vec<u8>,
) -> PageResult<Response> {
    save(&state, request, Some(*id), &signed, verifier, &body).await
}

/// Saves a new venue or venue `id`, or shows the form again with what to correct.
async fn save(
    state: &AppState,
    request: &Request,
    id: Option<Uuid>,
    signed: &Signed,
    verifier: &CsrfVerifier,
    body: &[u8],
) -> PageResult<Response> {
    let sent = Sent::parse(body);
    forms::check_member(verifier, sent.token().as_deref())?;
    signed.member.require(Permission::Edit)?;
    let language = chosen_language(state, request);
    let existing = match id {
        Some(id) => Some(editable(state, signed, id).await?.id),
        None => None,
    };
    let saved = match input_of(&sent, language).and_then(VenueInput::into_spec) {
        Ok(spec) => match existing {
            Some(id) => operations::venues::edit(state, &signed.member.actor(), id, |_| Ok(spec))
                .await
                .map(|_| ()),
            None => operations::venues::create(state, signed.member.organisation_id, &spec)
                .await
                .map(|_| ()),
        },
        Err(e) => Err(e),
    };
    match saved {
        Ok(()) => Ok(forms::see_other(&format!(
            "/console/venues?done={}",
            if existing.is_some() {
                "saved"
            } else {
                "created"
            }
        ))),
        Err(refused) => {
            let (problems, status) = Problems::of(refused, &FIELDS, language)?;
            let token = sent.token().unwrap_or_default();
            let mut page = render(
                state,
                request,
                signed,
                &token,
                existing,
                sent.values(),
                problems,
            )?
            .into_response();
            page.set_status(status);
            Ok(page)
        }
    }
}
