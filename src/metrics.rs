//! Request metrics in Prometheus form: a counter and a latency histogram per route template
//! (never per concrete path, which would grow without bound), method and status.

use std::{sync::OnceLock, time::Instant};

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use poem::{Endpoint, IntoResponse, Middleware, PathPattern, Request, Response, Result};

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the process-wide recorder once; later calls (several apps in one test process)
/// share it.
pub fn install() {
    HANDLE.get_or_init(|| {
        let buckets = [
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
        ];
        PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("http_request_duration_seconds".to_owned()),
                &buckets,
            )
            .ok()
            .and_then(|b| b.install_recorder().ok())
    });
}

pub fn render() -> String {
    match HANDLE.get().and_then(Option::as_ref) {
        Some(handle) => {
            handle.run_upkeep();
            handle.render()
        }
        None => String::new(),
    }
}

/// Records each request and logs it.
pub struct RequestMetrics;

impl<E: Endpoint> Middleware<E> for RequestMetrics {
    type Output = RequestMetricsEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        RequestMetricsEndpoint { inner: ep }
    }
}

pub struct RequestMetricsEndpoint<E> {
    inner: E,
}

impl<E: Endpoint> Endpoint for RequestMetricsEndpoint<E> {
    type Output = Response;

    async fn call(&self, req: Request) -> Result<Self::Output> {
        let started = Instant::now();
        let method = req.method().to_string();
        let path = req.uri().path().to_owned();
        let result = self.inner.call(req).await.map(IntoResponse::into_response);
        let (status, route) = match &result {
            Ok(resp) => (
                resp.status(),
                resp.data::<PathPattern>().map(|p| p.0.to_string()),
            ),
            Err(err) => (
                err.status(),
                err.data::<PathPattern>().map(|p| p.0.to_string()),
            ),
        };
        let route = route.unwrap_or_else(|| "unmatched".to_owned());
        let elapsed = started.elapsed();
        let labels = [
            ("method", method.clone()),
            ("route", route),
            ("status", status.as_u16().to_string()),
        ];
        metrics::counter!("http_requests_total", &labels).increment(1);
        metrics::histogram!("http_request_duration_seconds", &labels).record(elapsed.as_secs_f64());
        tracing::info!(%method, %path, status = status.as_u16(), micros = elapsed.as_micros() as u64, "request");
        result
    }
}
