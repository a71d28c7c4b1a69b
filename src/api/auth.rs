//! Bearer-token authentication. [`TokenAuth`] on a handler makes its route protected (401
//! without a valid token); [`MaybeAuth`] lets anyone in and tells the handler who, if anyone,
//! is asking (an organiser sees its own drafts).

use poem::{Request, RequestBody, http::header};
use poem_openapi::{
    ApiExtractor, ApiExtractorType, ExtractParamOptions, SecurityScheme, auth::Bearer,
    registry::Registry,
};

use crate::{domain::access::Actor, error::AppError, state::AppState, store};

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
    match store::tokens::actor(&state.db, &bearer.token).await? {
        Some(actor) => Ok(actor),
        None => Err(AppError::Unauthorized.into()),
    }
}

/// A token if one was given, anonymous otherwise. A token that was given but is not valid is
/// a 401, not a silent fall back to anonymous: an organiser with a mistyped token should be
/// told, not shown its own drafts as "not found".
pub struct MaybeAuth(Option<Actor>);

impl MaybeAuth {
    pub fn actor(&self) -> Option<&Actor> {
        self.0.as_ref()
    }
}

impl<'a> ApiExtractor<'a> for MaybeAuth {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::SecurityScheme];
    type ParamType = ();
    type ParamRawType = ();

    fn register(registry: &mut Registry) {
        TokenAuth::register(registry);
    }

    fn security_schemes() -> Vec<&'static str> {
        TokenAuth::security_schemes()
    }

    fn has_security_fallback() -> bool {
        true
    }

    async fn from_request(
        request: &'a Request,
        body: &mut RequestBody,
        options: ExtractParamOptions<()>,
    ) -> poem::Result<Self> {
        if request.headers().contains_key(header::AUTHORIZATION) {
            let TokenAuth(actor) = TokenAuth::from_request(request, body, options).await?;
            Ok(Self(Some(actor)))
        } else {
            Ok(Self(None))
        }
    }
}
