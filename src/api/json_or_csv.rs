//! `JsonOrCsv<T>`: one 200 answer that is JSON or, when the client asks for it, CSV.
//!
//! poem-openapi's derived `ApiResponse` keeps one entry per status code, so an enum with a JSON
//! 200 and a CSV 200 documents only the last of them. This type documents the single 200 with
//! both media types, which is what the operation really answers.

use poem::{Body, IntoResponse, Response};
use poem_openapi::{
    ApiResponse,
    payload::{Binary, Json, Payload},
    registry::{MetaMediaType, MetaResponse, MetaResponses, Registry},
    types::{ToJSON, Type},
};

/// The media type of the CSV variant.
pub const CSV: &str = "text/csv; charset=utf-8";

pub enum JsonOrCsv<T> {
    /// The page as JSON (the default).
    Json(Json<T>),
    /// Every matching row as CSV (with `Accept: text/csv`), streamed.
    Csv(Binary<Body>),
}

impl<T: ToJSON + Send> IntoResponse for JsonOrCsv<T> {
    fn into_response(self) -> Response {
        match self {
            Self::Json(json) => json.into_response(),
            Self::Csv(csv) => {
                let mut response = csv.into_response();
                response.headers_mut().insert(
                    poem::http::header::CONTENT_TYPE,
                    poem::http::HeaderValue::from_static(CSV),
                );
                response
            }
        }
    }
}

impl<T: Type + ToJSON + Send> ApiResponse for JsonOrCsv<T> {
    fn meta() -> MetaResponses {
        MetaResponses {
            responses: vec![MetaResponse {
                description: "JSON by default; CSV with `Accept: text/csv`",
                status: Some(200),
                status_range: None,
                content: vec![
                    MetaMediaType {
                        content_type: <Json<T> as Payload>::CONTENT_TYPE,
                        schema: T::schema_ref(),
                    },
                    MetaMediaType {
                        content_type: CSV,
                        schema: <Binary<Body> as Payload>::schema_ref(),
                    },
                ],
                headers: vec![],
            }],
        }
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}
