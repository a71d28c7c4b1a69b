//! What a visitor sees when a page cannot be shown: a page in their language that says what
//! happened and where to go, never a detail of the failure (that goes to the log).

use poem::{
    IntoResponse, Response,
    error::ResponseError,
    http::{StatusCode, Uri, header},
};

use super::render::Pages;
use crate::error::AppError;
use crate::i18n::Language;

/// Why a page could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error("rendering a page: {0}")]
    Render(#[from] minijinja::Error),
}

impl ResponseError for PageError {
    fn status(&self) -> StatusCode {
        match self {
            Self::App(e) => e.status(),
            Self::Render(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

pub type PageResult<T> = Result<T, PageError>;

/// The page for `error`, in `language`.
pub fn page(pages: &Pages, language: &Language, here: &Uri, error: &poem::Error) -> Response {
    let status = error.status();
    let app = error.downcast_ref::<PageError>().and_then(|e| match e {
        PageError::App(app) => Some(app),
        PageError::Render(_) => None,
    });
    if status.is_server_error() {
        // The cause is for the operator; the visitor gets a plain page.
        tracing::error!(%status, error = %error, path = %crate::metrics::redact(here.path()), "a page failed");
    }
    let (title, body, detail) = texts(status, app);
    let rendered = pages.render(
        "error.html.j2",
        language,
        here,
        minijinja::context! { title, body, detail },
    );
    let mut response = match rendered {
        Ok(html) => html.into_response(),
        // The error page itself failed: the plainest answer there is.
        Err(e) => {
            tracing::error!(error = %e, "the error page failed");
            "Error".into_response()
        }
    };
    response.set_status(status);
    if let Some(AppError::TooManyRequests { retry_after, .. }) = app {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, (*retry_after).into());
    }
    response
}

/// The catalogue's title, body and optional detail for a status.
fn texts(
    status: StatusCode,
    app: Option<&AppError>,
) -> (&'static str, &'static str, Option<&'static str>) {
    match status {
        StatusCode::NOT_FOUND => {
            let detail = match app {
                Some(AppError::NotFound("festival")) => Some("error-not-found-festival"),
                Some(AppError::NotFound("event")) => Some("error-not-found-event"),
                Some(AppError::NotFound("registration")) => Some("error-not-found-registration"),
                _ => None,
            };
            ("error-not-found-title", "error-not-found-body", detail)
        }
        StatusCode::FORBIDDEN => match app {
            Some(AppError::Forbidden(why)) if why == crate::domain::member::NOT_ALLOWED => {
                ("error-role-title", "error-role-body", None)
            }
            _ => ("error-form-title", "error-form-body", None),
        },
        StatusCode::TOO_MANY_REQUESTS => ("error-too-many-title", "error-too-many-body", None),
        StatusCode::SERVICE_UNAVAILABLE => {
            ("error-unavailable-title", "error-unavailable-body", None)
        }
        s if s.is_server_error() => ("error-server-title", "error-server-body", None),
        _ => ("error-bad-request-title", "error-bad-request-body", None),
    }
}
