//! `/console/new-festival` and `/console/festivals/{slug}/edit`: a festival's details, by
//! the API's rules (`FestivalInput`), through the same operations.

use poem::{
    IntoResponse, Request, Response,
    web::{CsrfToken, CsrfVerifier, Data, Html, Path},
};
use serde::Serialize;

use super::{
    Signed,
    festival::editable,
    form::{Problems, Reading, Sent},
    home::who,
};
use crate::{
    api::{date::Date, festivals::FestivalInput},
    domain::{festival::DEFAULT_REMINDER_OFFSETS, kinds::FestivalKind, member::Permission},
    error::{AppError, AppResult},
    i18n::Language,
    operations,
    pages::{PageResult, chosen_language, forms},
    state::AppState,
};

const FIELDS: [&str; 11] = [
    "slug",
    "title",
    "kind",
    "city",
    "country",
    "timezone",
    "starts_on",
    "ends_on",
    "reminder_offsets_minutes",
    "website",
    "description",
];

/// The reminders an organiser chooses from: a week, two days, a day, three hours and an hour
/// before (the API takes any five offsets; one set through it is offered too).
const REMINDERS: [i64; 5] = [10080, 2880, 1440, 180, 60];

/// The festival a form describes, by the API's rules.
fn input_of(sent: &Sent, slug: String, language: &Language) -> AppResult<FestivalInput> {
    let mut reading = Reading::default();
    let starts_on = reading.date("starts_on", sent.optional("starts_on"), language);
    let ends_on = reading.date("ends_on", sent.optional("ends_on"), language);
    let kind = FestivalKind::parse(&sent.text("kind"));
    if kind.is_none() {
        reading.refuse("kind", language, "console-error-choose");
    }
    let offsets: Vec<i64> = sent
        .all("reminder_offsets_minutes")
        .iter()
        .filter_map(|m| m.parse().ok())
        .collect();
    match (starts_on, ends_on, kind) {
        (Some(starts_on), Some(ends_on), Some(kind)) if reading.errors.is_empty() => {
            Ok(FestivalInput {
                slug,
                title: sent.text("title"),
                kind,
                city: sent.text("city"),
                country: sent.text("country").trim().to_owned(),
                timezone: sent.text("timezone").trim().to_owned(),
                starts_on: Date(starts_on),
                ends_on: Date(ends_on),
                description: sent.optional("description"),
                website: sent.optional("website"),
                reminder_offsets_minutes: Some(offsets),
            })
        }
        _ => Err(AppError::Validation(reading.errors)),
    }
}

/// The reminder choices, the stored ones not in [`REMINDERS`] added.
fn reminder_options(chosen: &[i64], language: &Language) -> Vec<(String, String)> {
    let mut minutes: Vec<i64> = REMINDERS.to_vec();
    minutes.extend(chosen.iter().filter(|m| !REMINDERS.contains(m)));
    minutes.sort_unstable_by(|a, b| b.cmp(a));
    minutes
        .into_iter()
        .map(|m| {
            let (id, count) = match m {
                m if m % 10080 == 0 => ("console-reminder-weeks", m / 10080),
                m if m % 1440 == 0 => ("console-reminder-days", m / 1440),
                m if m % 60 == 0 => ("console-reminder-hours", m / 60),
                m => ("console-reminder-minutes", m),
            };
            (m.to_string(), language.text(id, (("count", count),)))
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn render(
    state: &AppState,
    request: &Request,
    signed: &Signed,
    csrf_token: &str,
    festival: Option<(&str, &str)>,
    values: impl Serialize,
    chosen: &[i64],
    problems: Problems,
) -> PageResult<Html<String>> {
    let language = chosen_language(state, request);
    let kinds: Vec<(&str, String)> = FestivalKind::ALL
        .iter()
        .map(|k| {
            (
                k.as_str(),
                language.text(
                    &format!("festival-kind-{}", k.as_str()),
                    poem::i18n::I18NArgs::default(),
                ),
            )
        })
        .collect();
    Ok(state.pages.render(
        "console/festival_form.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            who => who(signed),
            csrf_token,
            festival => festival.map(|(slug, title)| minijinja::context! { slug, title }),
            values,
            problems,
            kinds,
            reminders => reminder_options(chosen, language),
        },
    )?)
}

/// `GET /console/new-festival`.
#[poem::handler]
pub async fn new(
    state: Data<&AppState>,
    request: &Request,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    signed.member.require(Permission::Edit)?;
    let chosen: Vec<i64> = DEFAULT_REMINDER_OFFSETS
        .iter()
        .map(|m| i64::from(*m))
        .collect();
    let values = serde_json::json!({
        "kind": "festival",
        "timezone": "America/Guayaquil",
        "reminder_offsets_minutes": chosen.iter().map(i64::to_string).collect::<Vec<_>>(),
    });
    render(
        &state,
        request,
        &signed,
        &csrf.0,
        None,
        values,
        &chosen,
        Problems::default(),
    )
}

/// `GET /console/festivals/{slug}/edit`.
#[poem::handler]
pub async fn edit(
    state: Data<&AppState>,
    request: &Request,
    slug: Path<String>,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    let festival = editable(&state, &signed, &slug).await?;
    let input = FestivalInput::from_model(&festival);
    let chosen = input.reminder_offsets_minutes.clone().unwrap_or_default();
    let values = serde_json::json!({
        "title": input.title, "kind": input.kind.as_str(), "city": input.city,
        "country": input.country, "timezone": input.timezone,
        "starts_on": input.starts_on.0.to_string(), "ends_on": input.ends_on.0.to_string(),
        "description": input.description, "website": input.website,
        "reminder_offsets_minutes": chosen.iter().map(i64::to_string).collect::<Vec<_>>(),
    });
    render(
        &state,
        request,
        &signed,
        &csrf.0,
        Some((&festival.slug, &festival.title)),
        values,
        &chosen,
        Problems::default(),
    )
}

/// `POST /console/new-festival`: a new draft.
#[poem::handler]
pub async fn create(
    state: Data<&AppState>,
    request: &Request,
    signed: Signed,
    verifier: &CsrfVerifier,
    body: Vec<u8>,
) -> PageResult<Response> {
    let sent = Sent::parse(&body);
    forms::check_member(verifier, sent.token().as_deref())?;
    signed.member.require(Permission::Edit)?;
    let language = chosen_language(&state, request);
    let slug = sent.text("slug").trim().to_lowercase();
    let made = match input_of(&sent, slug, language).and_then(FestivalInput::into_spec) {
        Ok(spec) => {
            operations::festivals::create(&state, signed.member.organisation_id, &spec).await
        }
        Err(e) => Err(e),
    };
    match made {
        Ok(festival) => Ok(forms::see_other(&format!(
            "/console/festivals/{}",
            festival.slug
        ))),
        Err(refused) => refuse(&state, request, &signed, &sent, None, refused),
    }
}

/// `POST /console/festivals/{slug}/edit`.
#[poem::handler]
pub async fn update(
    state: Data<&AppState>,
    request: &Request,
    slug: Path<String>,
    signed: Signed,
    verifier: &CsrfVerifier,
    body: Vec<u8>,
) -> PageResult<Response> {
    let sent = Sent::parse(&body);
    forms::check_member(verifier, sent.token().as_deref())?;
    let festival = editable(&state, &signed, &slug).await?;
    let language = chosen_language(&state, request);
    let changed = match input_of(&sent, festival.slug.clone(), language) {
        Ok(input) => {
            operations::festivals::edit(&state, &signed.member.actor(), &festival.slug, |_| {
                input.into_spec()
            })
            .await
        }
        Err(e) => Err(e),
    };
    match changed {
        Ok(_) => Ok(forms::see_other(&format!(
            "/console/festivals/{}?done=saved",
            festival.slug
        ))),
        Err(refused) => refuse(
            &state,
            request,
            &signed,
            &sent,
            Some((&festival.slug, &festival.title)),
            refused,
        ),
    }
}

/// The form again, as sent, with what to correct.
fn refuse(
    state: &AppState,
    request: &Request,
    signed: &Signed,
    sent: &Sent,
    festival: Option<(&str, &str)>,
    refused: AppError,
) -> PageResult<Response> {
    let language = chosen_language(state, request);
    let fields: Vec<&str> = FIELDS
        .iter()
        .copied()
        .filter(|f| festival.is_none() || *f != "slug")
        .collect();
    let (problems, status) = Problems::of(refused, &fields, language)?;
    let chosen: Vec<i64> = sent
        .all("reminder_offsets_minutes")
        .iter()
        .filter_map(|m| m.parse().ok())
        .collect();
    let token = sent.token().unwrap_or_default();
    let mut page = render(
        state,
        request,
        signed,
        &token,
        festival,
        sent.values(),
        &chosen,
        problems,
    )?
    .into_response();
    page.set_status(status);
    Ok(page)
}
