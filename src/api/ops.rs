//! Operations endpoints outside the versioned API: `/health` and `/metrics`, served by plain
//! handlers at the service's root and described in the OpenAPI document by
//! [`OpsDescription`] (as the feeds are: see `feeds/openapi.rs`).

use std::collections::HashMap;

use poem::{
    IntoResponse, Response,
    endpoint::BoxEndpoint,
    handler,
    http::{Method, StatusCode},
    web::{Data, Json},
};
use poem_openapi::{
    OpenApi, Tags,
    registry::{
        MetaApi, MetaMediaType, MetaOperation, MetaPath, MetaResponse, MetaResponses, MetaSchema,
        MetaSchemaRef, Registry,
    },
    types::Type,
};
use serde_json::json;

use super::{ApiTags, client::ClientIp};
use crate::{
    error::{AppError, Problem},
    state::AppState,
};

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

/// Prometheus text exposition of request counts and latencies, the service's counters and the
/// outbox's gauges, to the addresses in `CONVOCA_METRICS_ALLOW` only (loopback by default):
/// route names and traffic figures are for the operator, not for the public.
#[handler]
pub async fn prometheus(state: Data<&AppState>, client: ClientIp) -> Result<Response, AppError> {
    if !state
        .config
        .metrics_allow
        .iter()
        .any(|n| n.contains(&client.0))
    {
        return Err(AppError::Forbidden(
            "metrics are served only to the addresses in CONVOCA_METRICS_ALLOW".to_owned(),
        ));
    }
    let (pending, oldest) =
        crate::store::outbox::pending_and_oldest(state.db.conn(), crate::store::now()).await?;
    let mut text = crate::metrics::render();
    text.push_str(&crate::metrics::outbox_gauges(pending, oldest));
    Ok(Response::builder()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(text))
}

/// Describes `/health` and `/metrics` in the OpenAPI document; routes nothing.
pub struct OpsDescription;

/// The paths [`OpsDescription`] describes, served from the service's root.
pub const PATHS: [&str; 2] = ["/health", "/metrics"];

impl OpenApi for OpsDescription {
    fn meta() -> Vec<MetaApi> {
        let status = |values: &[&str]| {
            let mut status = MetaSchema::new("string");
            status.enum_items = values.iter().map(|v| (*v).into()).collect();
            let mut body = MetaSchema::new("object");
            body.properties = vec![("status", MetaSchemaRef::Inline(Box::new(status)))];
            body.required = vec!["status"];
            MetaSchemaRef::Inline(Box::new(body))
        };
        let answer = |status, description, content_type, schema| MetaResponse {
            description,
            status: Some(status),
            status_range: None,
            content: vec![MetaMediaType {
                content_type,
                schema,
            }],
            headers: vec![],
        };
        let operation = |summary, responses| MetaOperation {
            method: Method::GET,
            tags: vec![ApiTags::Operations.name()],
            summary: Some(summary),
            description: None,
            external_docs: None,
            params: vec![],
            request: None,
            responses: MetaResponses { responses },
            deprecated: false,
            security: vec![],
            operation_id: None,
            code_samples: vec![],
        };
        let health_check = operation(
            "Whether this instance can serve: 200 when its database answers, 503 otherwise (load \
             balancers take it out of rotation).",
            vec![
                answer(200, "Ready.", "application/json", status(&["ok"])),
                answer(
                    503,
                    "The database does not answer.",
                    "application/json",
                    status(&["unavailable"]),
                ),
            ],
        );
        let metrics = operation(
            "Prometheus text exposition: requests, latencies, emails. Only to the addresses in \
             `CONVOCA_METRICS_ALLOW` (loopback by default).",
            vec![
                answer(
                    200,
                    "The metrics.",
                    "text/plain; version=0.0.4; charset=utf-8",
                    String::schema_ref(),
                ),
                Problem::documented(403, "The client's address is not allowed"),
            ],
        );
        vec![MetaApi {
            paths: PATHS
                .iter()
                .zip([health_check, metrics])
                .map(|(path, operation)| MetaPath {
                    path: (*path).to_owned(),
                    operations: vec![operation],
                })
                .collect(),
        }]
    }

    fn register(registry: &mut Registry) {
        ApiTags::Operations.register(registry);
        Problem::register(registry);
    }

    /// None: the application routes them at the root (`app.rs`).
    fn add_routes(self, _: &mut HashMap<String, HashMap<Method, BoxEndpoint<'static>>>) {}
}
