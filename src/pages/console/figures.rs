//! `/console/festivals/{slug}/figures`: a festival's figures for its owners and editors
//! (every count), the open-data downloads (`figures.csv`, `figures.json`, small counts
//! withheld) and the owner's choice to publish them once the festival has ended.

use chrono::Utc;
use poem::{
    Request, Response,
    web::{CsrfToken, CsrfVerifier, Data, Form, Html, Path, Query},
};
use serde::Deserialize;

use super::{
    Signed,
    festival::{editable, festival_view},
    home::who,
};
use crate::{
    domain::member::Permission,
    operations,
    pages::{
        PageResult, chosen_language,
        figures::{download, figures_open, open_data_csv, open_data_json, view},
        forms,
    },
    state::AppState,
    store,
};

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    done: Option<String>,
}

/// `GET /console/festivals/{slug}/figures`.
#[poem::handler]
pub async fn page(
    state: Data<&AppState>,
    request: &Request,
    slug: Path<String>,
    Query(query): Query<PageQuery>,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    let festival = editable(&state, &signed, &slug).await?;
    let language = chosen_language(&state, request);
    let now = Utc::now();
    let figures = store::figures::of_festival(state.db.conn(), &festival, now).await?;
    let at = now.with_timezone(&festival.timezone.0);
    let public_url =
        figures_open(&festival, now).then(|| format!("/festivals/{}/figures", festival.slug));
    Ok(state.pages.render(
        "console/figures.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            who => who(&signed),
            csrf_token => csrf.0.clone(),
            festival => festival_view(&festival, language),
            as_of => format!("{}, {}", language.short_date(at.date_naive()), language.time(&at)),
            owner => signed.member.may(Permission::ManageMembers),
            public => festival.figures_public,
            public_url,
            done => query.done.filter(|d| d == "public" || d == "private"),
            ..view(&figures, language)
        },
    )?)
}

#[derive(Debug, Deserialize)]
pub struct PublicForm {
    csrf_token: Option<String>,
    public: Option<String>,
}

/// `POST /console/festivals/{slug}/figures`: the owner publishes the figures (after the
/// festival) or stops publishing them.
#[poem::handler]
pub async fn set_public(
    state: Data<&AppState>,
    slug: Path<String>,
    signed: Signed,
    verifier: &CsrfVerifier,
    form: Form<PublicForm>,
) -> PageResult<Response> {
    forms::check_member(verifier, form.csrf_token.as_deref())?;
    let festival = editable(&state, &signed, &slug).await?;
    signed.member.require(Permission::ManageMembers)?;
    let public = form.public.is_some();
    operations::festivals::set_figures_public(
        &state,
        &signed.member.actor(),
        &festival.slug,
        public,
    )
    .await?;
    Ok(forms::see_other(&format!(
        "/console/festivals/{}/figures?done={}",
        festival.slug,
        if public { "public" } else { "private" }
    )))
}

/// `GET /console/festivals/{slug}/figures.csv`: open data, small counts withheld.
#[poem::handler]
pub async fn csv(
    state: Data<&AppState>,
    slug: Path<String>,
    signed: Signed,
) -> PageResult<Response> {
    let festival = editable(&state, &signed, &slug).await?;
    let figures = store::figures::of_festival(state.db.conn(), &festival, Utc::now()).await?;
    Ok(download(open_data_csv(&figures), &festival, "csv"))
}

/// `GET /console/festivals/{slug}/figures.json`: open data, small counts withheld.
#[poem::handler]
pub async fn open_json(
    state: Data<&AppState>,
    slug: Path<String>,
    signed: Signed,
) -> PageResult<Response> {
    let festival = editable(&state, &signed, &slug).await?;
    let figures = store::figures::of_festival(state.db.conn(), &festival, Utc::now()).await?;
    Ok(download(open_data_json(&figures), &festival, "json"))
}
