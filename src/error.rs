//! The one error type of Convoca, and the one place where it becomes HTTP.
//!
//! Domain and store code return [`AppError`]; handlers pass it up untouched. [`AppError`] renders
//! as `application/problem+json` (RFC 9457). Anything poem or poem-openapi rejects before a
//! handler runs (unknown route, bad query parameter, missing token) is turned into the same
//! shape by [`problem_from_poem_error`], so a client only ever sees one error format.

use poem::{
    IntoResponse, Response,
    error::ResponseError,
    http::{StatusCode, header},
};
use poem_openapi::{
    ApiResponse, Object,
    registry::{MetaMediaType, MetaResponse, MetaResponses, Registry},
    types::Type,
};
use sea_orm::DbErr;
use serde::Serialize;

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Object)]
pub struct FieldError {
    /// The field, as a path into the request (`name`, `reminder_offsets_minutes[1]`, or a
    /// query parameter).
    pub field: String,
    /// What is wrong with it, in words a person can act on.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Everything that can go wrong in a request. Each variant's doc names its HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 401: no bearer token, or one nobody issued.
    #[error("a valid bearer token is required")]
    Unauthorized,
    /// 403: the token is valid but may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// 404: nothing with that id, or nothing this caller may see (drafts).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// 409: full, clash, duplicate, or a state that forbids the change.
    #[error("{0}")]
    Conflict(String),
    /// 422: one or more invalid fields.
    #[error("{}", describe(.0))]
    Validation(Vec<FieldError>),
    /// 429: too many requests from one client address, or for one email address; try again
    /// after `retry_after` seconds (sent as `Retry-After`).
    #[error("{detail}")]
    TooManyRequests { detail: String, retry_after: u64 },
    /// 503 when the database cannot be reached, 500 otherwise; the detail is logged, not shown.
    #[error(transparent)]
    Database(#[from] DbErr),
}

fn describe(errors: &[FieldError]) -> String {
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    format!("invalid fields: {}", fields.join(", "))
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// A 422 for a single field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, message)])
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::Conflict(detail.into())
    }

    /// The database is down or unreachable (rather than the request being wrong): a 503, which
    /// tells a load balancer or a client to try again.
    fn database_unreachable(err: &DbErr) -> bool {
        use sea_orm::{RuntimeErr, sqlx::Error};
        match err {
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
            DbErr::Query(RuntimeErr::SqlxError(e)) | DbErr::Exec(RuntimeErr::SqlxError(e)) => {
                match e.as_ref() {
                    Error::Io(_)
                    | Error::Tls(_)
                    | Error::PoolTimedOut
                    | Error::PoolClosed
                    | Error::WorkerCrashed => true,
                    // PostgreSQL: connection exceptions (08…), shutdown (57P…), database gone (3D000).
                    Error::Database(db) => db.code().is_some_and(|code| {
                        code.starts_with("08") || code.starts_with("57P") || code == "3D000"
                    }),
                    _ => false,
                }
            }
            _ => false,
        }
    }
}

impl From<FieldError> for AppError {
    fn from(error: FieldError) -> Self {
        Self::Validation(vec![error])
    }
}

impl From<validator::ValidationErrors> for AppError {
    fn from(errors: validator::ValidationErrors) -> Self {
        let mut fields = Vec::new();
        flatten_validation("", &errors, &mut fields);
        // validator's map order is not stable; clients and tests deserve a fixed order.
        fields.sort_by(|a, b| a.field.cmp(&b.field).then(a.message.cmp(&b.message)));
        Self::Validation(fields)
    }
}

fn flatten_validation(
    prefix: &str,
    errors: &validator::ValidationErrors,
    out: &mut Vec<FieldError>,
) {
    use validator::ValidationErrorsKind as Kind;
    for (field, kind) in errors.errors() {
        let path = match (prefix, field.as_ref()) {
            (_, "__all__") if !prefix.is_empty() => prefix.to_owned(),
            ("", "__all__") => "body".to_owned(),
            ("", name) => name.to_owned(),
            (p, name) => format!("{p}.{name}"),
        };
        match kind {
            Kind::Field(list) => {
                out.extend(list.iter().map(|e| FieldError::new(&path, message_of(e))))
            }
            Kind::Struct(inner) => flatten_validation(&path, inner, out),
            Kind::List(items) => {
                for (index, inner) in items {
                    flatten_validation(&format!("{path}[{index}]"), inner, out);
                }
            }
        }
    }
}

/// validator's built-in checks carry a code and parameters but no message; give them one.
pub(crate) fn message_of(error: &validator::ValidationError) -> String {
    if let Some(message) = &error.message {
        return message.to_string();
    }
    let param = |name: &str| error.params.get(name).map(|v| v.to_string());
    match error.code.as_ref() {
        "length" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max} characters long"),
            (Some(min), None) => format!("must be at least {min} characters long"),
            (None, Some(max)) => format!("must be at most {max} characters long"),
            _ => "has the wrong length".to_owned(),
        },
        "range" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}"),
            (Some(min), None) => format!("must be at least {min}"),
            (None, Some(max)) => format!("must be at most {max}"),
            _ => "is out of range".to_owned(),
        },
        "email" => "must be an email address".to_owned(),
        "url" => "must be an http or https URL".to_owned(),
        code => format!("is invalid ({code})"),
    }
}

/// The problem+json body (RFC 9457).
#[derive(Debug, Serialize, Object)]
pub struct Problem {
    /// A URI naming the kind of problem, e.g. `urn:convoca:problem:conflict`.
    #[oai(rename = "type")]
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The invalid fields, on 422 only.
    #[oai(skip_serializing_if_is_none)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldError>>,
}

impl Problem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        let (kind, title) = match status {
            StatusCode::UNAUTHORIZED => ("unauthorized", "Unauthorized"),
            StatusCode::FORBIDDEN => ("forbidden", "Forbidden"),
            StatusCode::NOT_FOUND => ("not-found", "Not found"),
            StatusCode::METHOD_NOT_ALLOWED => ("method-not-allowed", "Method not allowed"),
            StatusCode::CONFLICT => ("conflict", "Conflict"),
            StatusCode::PAYLOAD_TOO_LARGE => ("payload-too-large", "Payload too large"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                ("unsupported-media-type", "Unsupported media type")
            }
            StatusCode::UNPROCESSABLE_ENTITY => ("validation", "Validation failed"),
            StatusCode::TOO_MANY_REQUESTS => ("too-many-requests", "Too many requests"),
            StatusCode::SERVICE_UNAVAILABLE => ("unavailable", "Service unavailable"),
            s if s.is_server_error() => ("internal", "Internal server error"),
            _ => ("bad-request", "Bad request"),
        };
        Self {
            kind: format!("urn:convoca:problem:{kind}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: None,
        }
    }

    /// A problem answer with `status`, as the OpenAPI document lists it.
    pub fn documented(status: u16, description: &'static str) -> MetaResponse {
        MetaResponse {
            description,
            status: Some(status),
            status_range: None,
            content: vec![MetaMediaType {
                content_type: "application/problem+json",
                schema: Self::schema_ref(),
            }],
            headers: vec![],
        }
    }

    pub fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Response::builder()
            .status(status)
            .header(header::CONTENT_TYPE, "application/problem+json")
            .body(serde_json::to_vec(&self).unwrap_or_default())
    }
}

impl ResponseError for AppError {
    fn status(&self) -> StatusCode {
        match self {
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Database(err) if Self::database_unreachable(err) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            Self::Database(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn as_response(&self) -> Response {
        let status = self.status();
        let problem = match self {
            Self::Database(err) => {
                // Logged with detail for the operator, opaque to the client.
                tracing::error!(error = %err, "database error");
                Problem::new(
                    status,
                    "the request could not be completed; try again later",
                )
            }
            Self::Validation(errors) => Problem {
                errors: Some(errors.clone()),
                ..Problem::new(status, self.to_string())
            },
            other => Problem::new(status, other.to_string()),
        };
        let mut response = problem.into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        if let Self::TooManyRequests { retry_after, .. } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from(*retry_after));
        }
        response
    }
}

/// Documents the problem responses every operation may give, so `/docs` shows them.
impl ApiResponse for AppError {
    fn meta() -> MetaResponses {
        let problem = Problem::documented;
        MetaResponses {
            responses: vec![
                problem(401, "Missing or unknown bearer token"),
                problem(403, "The token may not do this"),
                problem(404, "Not found, or not visible to this caller"),
                problem(409, "Conflict: full, clash, duplicate or wrong state"),
                problem(422, "Invalid fields, listed in `errors`"),
                // Refused before the handler runs, so every operation may answer them: a body
                // over `MAX_BODY_BYTES` or not sent as JSON, a client over the rate limit.
                problem(413, "The request body is too large"),
                problem(415, "The request body is not `application/json`"),
                problem(
                    429,
                    "Too many requests from this address; retry after `Retry-After`",
                ),
                // No handler plans these, but any may meet them: a bug (caught panics included)
                // and a database that cannot be reached.
                problem(500, "Unexpected failure; the detail is logged, not shown"),
                problem(503, "The database cannot be reached; try again later"),
            ],
        }
    }

    fn register(registry: &mut Registry) {
        Problem::register(registry);
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.as_response()
    }
}

/// Turns any error that reached the top of the router into problem+json. Errors of our own
/// already are; poem's and poem-openapi's (bad query parameter, missing token, unknown route)
/// are translated here, so that a malformed request is a 4xx that names what was wrong.
pub fn problem_from_poem_error(err: poem::Error) -> Response {
    use poem_openapi::error::{AuthorizationError, ParseParamError, ParsePathError};
    if err.is::<AppError>() {
        return err.into_response();
    }
    if let Some(e) = err.downcast_ref::<ParseParamError>() {
        return AppError::invalid(e.name, e.reason.clone()).into_response();
    }
    if err.is::<ParsePathError>() {
        // A malformed id in the path names nothing that exists.
        return Problem::new(StatusCode::NOT_FOUND, "no such resource").into_response();
    }
    if err.is::<AuthorizationError>() {
        return AppError::Unauthorized.into_response();
    }
    let status = err.status();
    let detail = match status {
        StatusCode::NOT_FOUND => "no such route".to_owned(),
        s if s.is_server_error() => {
            tracing::error!(error = %err, "unhandled error");
            "internal error".to_owned()
        }
        _ => err.to_string(),
    };
    Problem::new(status, detail).into_response()
}
