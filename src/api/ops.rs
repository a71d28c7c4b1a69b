//! Operations endpoints outside the versioned API: `/health` and `/metrics`.

use poem::{
    IntoResponse, Response, handler,
    http::StatusCode,
    web::{Data, Json},
};
use serde_json::json;

use crate::app::AppState;

/// 200 `{"status":"ok"}` when the database answers, 503 otherwise (load balancers take the
/// instance out of rotation).
#[handler]
pub async fn health(state: Data<&AppState>) -> Response {
    if state.db.ping().await {
        Json(json!({"status": "ok"})).into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "unavailable", "database": "unreachable"})),
        )
            .into_response()
    }
}

/// Prometheus text exposition of request counts and latencies.
#[handler]
pub fn prometheus() -> Response {
    Response::builder()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(crate::metrics::render())
}
