//! `/console/members` and `/console/tokens`, for owners: who may sign in to the organisation
//! and with which role (door members with their festivals), and the API tokens of its
//! programs (a new one is shown once, on the page that creates it).

use poem::{
    IntoResponse, Request, Response,
    http::StatusCode,
    i18n::I18NArgs,
    web::{CsrfToken, CsrfVerifier, Data, Html, Path},
};
use serde::Serialize;
use uuid::Uuid;

use super::{
    Signed,
    form::{Problems, Sent, TokenOnly},
    home::who,
    question::{Question, ask},
};
use crate::{
    domain::{email::Email, kinds::MemberRole, member::Permission},
    error::AppError,
    operations,
    pages::{PageResult, chosen_language, forms},
    state::AppState,
    store,
};

const FIELDS: [&str; 4] = ["email", "role", "festivals", "language"];

#[derive(Serialize)]
struct MemberRow {
    id: Uuid,
    email: String,
    role: &'static str,
    festivals: Vec<String>,
    you: bool,
}

/// The members page, with the add form as typed and its problems.
async fn render_members(
    state: &AppState,
    request: &Request,
    signed: &Signed,
    csrf_token: &str,
    values: impl Serialize,
    problems: Problems,
) -> PageResult<Html<String>> {
    let language = chosen_language(state, request);
    let db = state.db.conn();
    let festivals = store::festivals::of_organisation(db, signed.member.organisation_id).await?;
    let titles: std::collections::HashMap<Uuid, String> =
        festivals.iter().map(|f| (f.id, f.title.clone())).collect();
    let mut doors = store::members::door_festivals_of(db, signed.member.organisation_id).await?;
    let members: Vec<MemberRow> =
        store::members::of_organisation(db, signed.member.organisation_id)
            .await?
            .into_iter()
            .map(|m| MemberRow {
                you: m.id == signed.member.id,
                festivals: doors
                    .remove(&m.id)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|id| titles.get(id).cloned())
                    .collect(),
                id: m.id,
                email: m.email,
                role: m.role.as_str(),
            })
            .collect();
    let word = |id: String| language.text(&id, poem::i18n::I18NArgs::default());
    let roles: Vec<(&str, String)> = MemberRole::ALL
        .iter()
        .map(|r| (r.as_str(), word(format!("console-role-{}", r.as_str()))))
        .collect();
    let languages: Vec<(String, String)> = state
        .pages
        .catalogue
        .languages()
        .map(|l| (l.code.clone(), l.name.clone()))
        .collect();
    let festival_options: Vec<(String, String)> = festivals
        .iter()
        .map(|f| (f.id.to_string(), f.title.clone()))
        .collect();
    Ok(state.pages.render(
        "console/members.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            who => who(signed),
            csrf_token,
            members,
            values,
            problems,
            roles,
            language_options => languages,
            festival_options,
            done => request.uri().query().and_then(|q| q.strip_prefix("done="))
                .filter(|d| ["added", "removed"].contains(d)).map(str::to_owned),
        },
    )?)
}

/// `GET /console/members`.
#[poem::handler]
pub async fn list_members(
    state: Data<&AppState>,
    request: &Request,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    signed.member.require(Permission::ManageMembers)?;
    let language = chosen_language(&state, request);
    let values = serde_json::json!({"role": "editor", "language": language.code});
    render_members(
        &state,
        request,
        &signed,
        &csrf.0,
        values,
        Problems::default(),
    )
    .await
}

/// `POST /console/members`: adds someone, who is told by email how to sign in.
#[poem::handler]
pub async fn add(
    state: Data<&AppState>,
    request: &Request,
    signed: Signed,
    verifier: &CsrfVerifier,
    body: Vec<u8>,
) -> PageResult<Response> {
    let sent = Sent::parse(&body);
    forms::check_member(verifier, sent.token().as_deref())?;
    signed.member.require(Permission::ManageMembers)?;
    let language = chosen_language(&state, request);
    let mut errors = Vec::new();
    let email = Email::parse(&sent.text("email"));
    if email.is_none() {
        errors.push(crate::error::FieldError::new(
            "email",
            language.text(
                "console-sign-in-email-invalid",
                poem::i18n::I18NArgs::default(),
            ),
        ));
    }
    let role = MemberRole::parse(&sent.text("role"));
    if role.is_none() {
        errors.push(crate::error::FieldError::new(
            "role",
            language.text("console-error-choose", poem::i18n::I18NArgs::default()),
        ));
    }
    let locale = sent.text("language");
    let locale = if state.pages.catalogue.get(&locale).is_some() {
        locale
    } else {
        language.code.clone()
    };
    let festivals: Vec<Uuid> = sent
        .all("festivals")
        .iter()
        .filter_map(|f| f.parse().ok())
        .collect();
    let added = match (email, role) {
        (Some(email), Some(role)) if errors.is_empty() => {
            operations::members::invite(&state, &signed.member, &email, role, &locale, &festivals)
                .await
                .map(|_| ())
        }
        _ => Err(AppError::Validation(errors)),
    };
    match added {
        Ok(()) => Ok(forms::see_other("/console/members?done=added")),
        Err(AppError::Conflict(detail)) => {
            refused(
                &state,
                request,
                &signed,
                &sent,
                AppError::invalid("email", detail),
            )
            .await
        }
        Err(other) => refused(&state, request, &signed, &sent, other).await,
    }
}

async fn refused(
    state: &AppState,
    request: &Request,
    signed: &Signed,
    sent: &Sent,
    error: AppError,
) -> PageResult<Response> {
    let language = chosen_language(state, request);
    let (problems, status) = Problems::of(error, &FIELDS, language)?;
    let token = sent.token().unwrap_or_default();
    let mut page = render_members(state, request, signed, &token, sent.values(), problems)
        .await?
        .into_response();
    page.set_status(status);
    Ok(page)
}

/// `GET /console/members/{id}/remove`: are you sure?
#[poem::handler]
pub async fn confirm_remove(
    state: Data<&AppState>,
    request: &Request,
    id: Path<Uuid>,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Response> {
    signed.member.require(Permission::ManageMembers)?;
    let found = store::members::get(state.db.conn(), *id).await?;
    signed.member.owns(found.organisation_id, "member")?;
    let language = chosen_language(&state, request);
    let email = || (("email", found.email.clone()),);
    let question = Question {
        title: language.text("console-member-remove-title", I18NArgs::default()),
        explain: language.text("console-member-remove-explain", email()),
        action: format!("/console/members/{}/remove", found.id),
        confirm: language.text("console-member-remove-confirm", email()),
        back: "/console/members".to_owned(),
        refused: None,
    };
    ask(&state, request, &signed, &csrf.0, question, StatusCode::OK)
}

/// `POST /console/members/{id}/remove`. Refused for the last owner, on the question page.
#[poem::handler]
pub async fn remove(
    state: Data<&AppState>,
    request: &Request,
    id: Path<Uuid>,
    signed: Signed,
    verifier: &CsrfVerifier,
    form: poem::web::Form<TokenOnly>,
) -> PageResult<Response> {
    forms::check_member(verifier, form.csrf_token.as_deref())?;
    match operations::members::dismiss(&state, &signed.member, *id).await {
        Ok(()) => Ok(forms::see_other("/console/members?done=removed")),
        Err(AppError::Conflict(why)) => {
            let language = chosen_language(&state, request);
            let question = Question {
                title: language.text("console-member-remove-title", I18NArgs::default()),
                explain: language.text("console-member-last-owner", I18NArgs::default()),
                action: format!("/console/members/{}/remove", *id),
                confirm: language.text("console-member-remove-title", I18NArgs::default()),
                back: "/console/members".to_owned(),
                refused: Some(why),
            };
            let token = form.csrf_token.clone().unwrap_or_default();
            ask(
                &state,
                request,
                &signed,
                &token,
                question,
                StatusCode::CONFLICT,
            )
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Serialize)]
struct TokenRow {
    id: Uuid,
    name: String,
    created: String,
    last_used: Option<String>,
}

async fn render_tokens(
    state: &AppState,
    request: &Request,
    signed: &Signed,
    csrf_token: &str,
    created: Option<String>,
    problems: Problems,
) -> PageResult<Html<String>> {
    let language = chosen_language(state, request);
    let day = |at: chrono::DateTime<chrono::Utc>| language.short_date(at.date_naive());
    let tokens: Vec<TokenRow> =
        store::tokens::of_organisation(state.db.conn(), signed.member.organisation_id)
            .await?
            .into_iter()
            .map(|t| TokenRow {
                id: t.id,
                name: t.name,
                created: day(t.created_at),
                last_used: t.last_used_at.map(day),
            })
            .collect();
    Ok(state.pages.render(
        "console/tokens.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            who => who(signed),
            csrf_token,
            tokens,
            created,
            problems,
            done => request.uri().query().and_then(|q| q.strip_prefix("done="))
                .filter(|d| *d == "revoked").map(str::to_owned),
        },
    )?)
}

/// `GET /console/tokens`.
#[poem::handler]
pub async fn list_tokens(
    state: Data<&AppState>,
    request: &Request,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    signed.member.require(Permission::ManageMembers)?;
    render_tokens(&state, request, &signed, &csrf.0, None, Problems::default()).await
}

/// `POST /console/tokens`: a new token, shown on the page it answers with and never again.
#[poem::handler]
pub async fn create_token(
    state: Data<&AppState>,
    request: &Request,
    signed: Signed,
    verifier: &CsrfVerifier,
    body: Vec<u8>,
) -> PageResult<Response> {
    let sent = Sent::parse(&body);
    forms::check_member(verifier, sent.token().as_deref())?;
    let token = sent.token().unwrap_or_default();
    match operations::members::create_token(&state, &signed.member, &sent.text("name")).await {
        Ok(secret) => Ok(render_tokens(
            &state,
            request,
            &signed,
            &token,
            Some(secret),
            Problems::default(),
        )
        .await?
        .into_response()),
        Err(error) => {
            let language = chosen_language(&state, request);
            let (problems, status) = Problems::of(error, &["name"], language)?;
            let mut page = render_tokens(&state, request, &signed, &token, None, problems)
                .await?
                .into_response();
            page.set_status(status);
            Ok(page)
        }
    }
}

/// `GET /console/tokens/{id}/revoke`: are you sure?
#[poem::handler]
pub async fn confirm_revoke(
    state: Data<&AppState>,
    request: &Request,
    id: Path<Uuid>,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Response> {
    signed.member.require(Permission::ManageMembers)?;
    let found = store::tokens::get(state.db.conn(), *id).await?;
    if found.organisation_id != Some(signed.member.organisation_id) {
        return Err(AppError::NotFound("token").into());
    }
    let language = chosen_language(&state, request);
    let name = || (("name", found.name.clone()),);
    let question = Question {
        title: language.text("console-token-revoke-title", I18NArgs::default()),
        explain: language.text("console-token-revoke-explain", name()),
        action: format!("/console/tokens/{}/revoke", found.id),
        confirm: language.text("console-token-revoke-confirm", name()),
        back: "/console/tokens".to_owned(),
        refused: None,
    };
    ask(&state, request, &signed, &csrf.0, question, StatusCode::OK)
}

/// `POST /console/tokens/{id}/revoke`.
#[poem::handler]
pub async fn revoke(
    state: Data<&AppState>,
    id: Path<Uuid>,
    signed: Signed,
    verifier: &CsrfVerifier,
    form: poem::web::Form<TokenOnly>,
) -> PageResult<Response> {
    forms::check_member(verifier, form.csrf_token.as_deref())?;
    operations::members::revoke_token(&state, &signed.member, *id).await?;
    Ok(forms::see_other("/console/tokens?done=revoked"))
}
