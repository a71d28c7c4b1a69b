//! Bearer-token authentication. [`TokenAuth`] on a handler makes its route protected (401
//! without a valid token); [`MaybeAuth`] lets anyone in and tells the handler who, if anyone,
//! is asking (an organiser sees its own drafts).

use poem::Request;
use poem_openapi::{SecurityScheme, auth::Bearer};

use crate::{app::AppState, domain::access::Actor, error::AppError, store};

/// An organiser or admin token, resolved to who holds it.
#[derive(SecurityScheme)]
#[oai(ty = "bearer", bearer_format = "cvk_…", checker = "resolve")]
pub struct TokenAuth(pub Actor);

async fn resolve(req: &Request, bearer: Bearer) -> poem::Result<Actor> {
    let state = req.data::<AppState>().ok_or_else(|| {
        poem::Error::from_string(
            "state missing",
            poem::http::StatusCode::INTERNAL_SERVER_ERROR,
        )
    })?;
    match store::tokens::actor(state.db.conn(), &bearer.token).await? {
        Some(actor) => Ok(actor),
        None => Err(AppError::Unauthorized.into()),
    }
}

/// A token if one was given, anonymous otherwise.
#[derive(SecurityScheme)]
pub enum MaybeAuth {
    Token(TokenAuth),
    #[oai(fallback)]
    Anonymous,
}

impl MaybeAuth {
    pub fn actor(&self) -> Option<&Actor> {
        match self {
            MaybeAuth::Token(TokenAuth(actor)) => Some(actor),
            MaybeAuth::Anonymous => None,
        }
    }
}
