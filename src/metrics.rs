//! Metrics in Prometheus form: a counter and a latency histogram per route template (never per
//! concrete path, which would grow without bound), method and status; and the service's own
//! figures: registrations, check-ins, emails by kind and outcome, and the outbox's depth and
//! the age of its oldest due email.

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

/// Counts a registration taken, by the status it got (`confirmed`, `waitlisted`), or given
/// up (`cancelled`): `convoca_registrations_total{status}`.
pub fn registration(status: &'static str) {
    metrics::counter!("convoca_registrations_total", "status" => status).increment(1);
}

/// Counts a person checked in at the door: `convoca_checkins_total`.
pub fn check_in() {
    metrics::counter!("convoca_checkins_total").increment(1);
}

/// Counts an email's outcome (`sent`, `failed`, `skipped`) by kind:
/// `convoca_emails_total{kind,outcome}`.
pub fn email(kind: crate::domain::kinds::NotificationKind, outcome: &'static str) {
    metrics::counter!("convoca_emails_total", "kind" => kind.as_str(), "outcome" => outcome)
        .increment(1);
}

/// The outbox as gauges, read from the database at each scrape (so every instance reports
/// the shared queue as it is, whichever instance sends): emails due and not sent, and how long
/// the oldest of them has waited. A dispatcher that is stuck shows as a growing age before
/// anyone notices a missing email.
pub fn outbox_gauges(pending: u64, oldest_seconds: i64) -> String {
    format!(
        "# HELP convoca_outbox_pending Emails waiting to be sent (due now or later).\n\
         # TYPE convoca_outbox_pending gauge\n\
         convoca_outbox_pending {pending}\n\
         # HELP convoca_outbox_oldest_pending_seconds How long the oldest due email has waited.\n\
         # TYPE convoca_outbox_oldest_pending_seconds gauge\n\
         convoca_outbox_oldest_pending_seconds {oldest_seconds}\n"
    )
}

/// Folds the latency samples recorded since the last call into their histograms. The
/// recorder keeps every sample until then, so a service nobody scrapes would hold one per
/// request for ever: the scheduler's tick calls this.
pub fn upkeep() {
    if let Some(handle) = HANDLE.get().and_then(Option::as_ref) {
        handle.run_upkeep();
    }
}

/// `path` with every secret segment replaced by `…`: manage and calendar tokens travel in
/// paths, and a request log is read by more people, and kept longer, than the database.
/// Known token prefixes are caught wherever they appear; so is whatever follows
/// `/registrations/`, `/feeds/people/`, `/r/` or `/console/sign-in/` that is not a UUID (a token without its prefix, or
/// one of a future format), while UUIDs stay readable for debugging.
pub fn redact(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').collect();
    let mut out = Vec::with_capacity(segments.len());
    for (i, segment) in segments.iter().enumerate() {
        let after = |name: &str| i > 0 && segments[i - 1] == name;
        let secret = ["reg_", "cal_", "cvk_", "erased_", "sgn_", "ses_"]
            .iter()
            .any(|p| segment.starts_with(p))
            || (after("registrations") && uuid::Uuid::parse_str(segment).is_err())
            || after("people")
            || after("r")
            || after("sign-in");
        out.push(if secret && !segment.is_empty() {
            "…"
        } else {
            segment
        });
    }
    out.join("/")
}

/// Records each request and logs it (see [`redact`]).
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
        let path = redact(req.uri().path());
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

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn logged_paths_carry_no_token() {
        let token = "reg_Jb3x9Q2mZk7aVtE1yH4cN8dL0pR6sWuF5gK2jM9qT1A";
        assert_eq!(
            redact(&format!("/api/v1/registrations/{token}")),
            "/api/v1/registrations/…"
        );
        assert_eq!(
            redact(&format!("/api/v1/registrations/{token}/calendar-link")),
            "/api/v1/registrations/…/calendar-link"
        );
        assert_eq!(redact("/feeds/people/cal_abc.ics"), "/feeds/people/…");
        assert_eq!(redact("/feeds/people/whatever.ics"), "/feeds/people/…");
        assert_eq!(redact("/r/abc"), "/r/…");
        assert_eq!(redact("/console/sign-in/sgn_abc"), "/console/sign-in/…");
        assert_eq!(redact("/console/sign-in/anything"), "/console/sign-in/…");
        assert_eq!(redact("/console/sign-in"), "/console/sign-in");
        let id = "0b7e8f7c-2f6e-4f7e-9f5a-1c2d3e4f5a6b";
        assert_eq!(
            redact(&format!("/api/v1/registrations/{id}/check-in")),
            format!("/api/v1/registrations/{id}/check-in")
        );
        assert_eq!(redact("/api/v1/festivals/quito"), "/api/v1/festivals/quito");
    }
}
