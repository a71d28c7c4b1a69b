//! The question asked before an action that cannot be undone (removing a member, revoking a
//! token, cancelling or deleting an activity): what it does, its button, a way back, and, when
//! the action was refused, why (`templates/pages/console/question.html.j2`).

use poem::{IntoResponse, Request, Response, http::StatusCode};
use serde::Serialize;

use super::{Signed, home::who};
use crate::{
    pages::{PageResult, chosen_language},
    state::AppState,
};

/// A question page's words and links.
#[derive(Debug, Serialize)]
pub struct Question {
    pub title: String,
    pub explain: String,
    /// Where its button posts.
    pub action: String,
    pub confirm: String,
    /// Where "go back without changing anything" leads.
    pub back: String,
    /// Why the action was refused, when it was.
    pub refused: Option<String>,
}

/// The question page, answered with `status` (a refusal's 409, or 200).
pub fn ask(
    state: &AppState,
    request: &Request,
    signed: &Signed,
    csrf_token: &str,
    question: Question,
    status: StatusCode,
) -> PageResult<Response> {
    let language = chosen_language(state, request);
    let mut page = state
        .pages
        .render(
            "console/question.html.j2",
            language,
            request.original_uri(),
            minijinja::context! {
                who => who(signed),
                csrf_token,
                ..minijinja::Value::from_serialize(&question)
            },
        )?
        .into_response();
    page.set_status(status);
    Ok(page)
}
