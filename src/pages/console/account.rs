//! `/console/account`: the signed-in member's own settings: the language of the emails they
//! get, and (owners and editors) whether they get the weekly report of the festivals.

use poem::{
    Request, Response,
    web::{CsrfToken, CsrfVerifier, Data, Form, Html, Query},
};
use serde::Deserialize;

use super::{Signed, home::who};
use crate::{
    domain::member::Permission,
    operations,
    pages::{PageResult, chosen_language, forms},
    state::AppState,
    store,
};

#[derive(Debug, Default, Deserialize)]
pub struct AccountQuery {
    done: Option<String>,
}

/// `GET /console/account`.
#[poem::handler]
pub async fn page(
    state: Data<&AppState>,
    request: &Request,
    Query(query): Query<AccountQuery>,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    let language = chosen_language(&state, request);
    let row = store::members::get(state.db.conn(), signed.member.id).await?;
    let languages: Vec<(String, String)> = state
        .pages
        .catalogue
        .languages()
        .map(|l| (l.code.clone(), l.name.clone()))
        .collect();
    Ok(state.pages.render(
        "console/account.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            who => who(&signed),
            csrf_token => csrf.0.clone(),
            language_options => languages,
            locale => row.locale,
            reports => signed.member.may(Permission::Edit),
            weekly_report => row.weekly_report,
            done => query.done.is_some_and(|d| d == "saved"),
        },
    )?)
}

#[derive(Debug, Deserialize)]
pub struct AccountForm {
    csrf_token: Option<String>,
    language: Option<String>,
    weekly_report: Option<String>,
}

/// `POST /console/account`: saves the member's settings.
#[poem::handler]
pub async fn save(
    state: Data<&AppState>,
    signed: Signed,
    verifier: &CsrfVerifier,
    form: Form<AccountForm>,
) -> PageResult<Response> {
    forms::check_member(verifier, form.csrf_token.as_deref())?;
    let row = store::members::get(state.db.conn(), signed.member.id).await?;
    // A language this site does not have keeps the one the member had.
    let locale = form
        .language
        .as_deref()
        .filter(|code| state.pages.catalogue.get(code).is_some())
        .unwrap_or(&row.locale);
    // Only owners and editors see the box: a door member's form leaves the setting as it was
    // (were they made an editor later, the report would be on as before).
    let weekly_report = if signed.member.may(Permission::Edit) {
        form.weekly_report.is_some()
    } else {
        row.weekly_report
    };
    operations::members::change_settings(&state, signed.member.id, locale, weekly_report).await?;
    Ok(forms::see_other("/console/account?done=saved"))
}
