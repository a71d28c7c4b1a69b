//! Health, metrics, the OpenAPI document and the docs page.

use sea_orm::ConnectionTrait;

use crate::helpers::{Backend, on_each_db, postgres_server, spawn_app};

#[tokio::test]
async fn health_is_ok_while_the_database_answers() {
    on_each_db(async |app| {
        let reply = app.get("/health", None).await.expect(200);
        assert_eq!(reply.json(), serde_json::json!({"status": "ok"}));
    })
    .await;
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_not_by_path() {
    on_each_db(async |app| {
        app.get("/api/v1/venues/00000000-0000-0000-0000-000000000001", None)
            .await
            .expect(404);
        let text = app.get("/metrics", None).await.expect(200).text;
        assert!(
            text.lines().any(|l| l.starts_with("http_requests_total{")
                && l.contains(r#"route="/api/v1/venues/:param0""#)
                && l.contains(r#"status="404""#)),
            "{text}"
        );
        assert!(
            text.contains("http_request_duration_seconds_bucket"),
            "{text}"
        );
        assert!(!text.contains("00000000-0000-0000-0000-000000000001"));
    })
    .await;
}

#[tokio::test]
async fn the_openapi_document_describes_every_route_and_the_docs_page_shows_it() {
    on_each_db(async |app| {
        let served = app.get("/openapi.json", None).await.expect(200);
        let spec = served.json();
        let paths = spec["paths"].as_object().expect("paths");
        for path in [
            "/organisations",
            "/organisations/{slug}",
            "/venues",
            "/venues/{id}",
            "/festivals",
            "/festivals/{slug}",
            "/festivals/{slug}/publish",
            "/festivals/{slug}/cancel",
            "/festivals/{slug}/events",
            "/events/{id}",
            "/events/{id}/cancel",
        ] {
            assert!(
                paths.contains_key(path),
                "{path} missing from the OpenAPI document"
            );
        }
        // The feeds, served outside `/api/v1`, are described too.
        for feed in [
            "/feeds/festivals/{slug}.ics",
            "/feeds/venues/{id}.ics",
            "/feeds/events/{id}.ics",
            "/feeds/people/{feed_token}.ics",
            "/feeds/all.ics",
        ] {
            let body = spec["paths"][feed]["get"]["responses"]["200"]["content"]
                .as_object()
                .unwrap_or_else(|| panic!("{feed} missing from the OpenAPI document"));
            let media: Vec<&str> = body.keys().map(String::as_str).collect();
            assert_eq!(media, vec!["text/calendar; charset=utf-8"], "{feed}");
        }
        let schemas = spec["components"]["schemas"].as_object().expect("schemas");
        for schema in [
            "EventInput",
            "EventBody",
            "FestivalBody",
            "VenueInput",
            "Problem",
            "FieldError",
        ] {
            assert!(schemas.contains_key(schema), "schema {schema} missing");
        }
        let docs = app.get("/docs", None).await.expect(200);
        assert!(docs.text.contains("swagger"), "the docs page is Swagger UI");
        assert!(
            docs.text.contains(&served.text),
            "the docs page shows the served document, feeds' servers included"
        );
    })
    .await;
}

#[tokio::test]
async fn unknown_routes_are_problem_json_404s() {
    on_each_db(async |app| {
        app.get("/api/v1/nothing-here", None).await.problem(404);
        app.get("/api/v1/events/not-a-uuid", None)
            .await
            .problem(404);
    })
    .await;
}

#[tokio::test]
async fn health_is_503_once_the_database_is_gone() {
    // Only PostgreSQL can lose its database under a running server; skipped without it.
    let Some(server) = postgres_server() else {
        return;
    };
    let app = spawn_app(Backend::Postgres(server.clone())).await;
    app.get("/health", None).await.expect(200);
    let name = app
        .database_url()
        .rsplit('/')
        .next()
        .expect("a database name")
        .to_owned();
    let admin = convoca::store::Db::connect(&format!("{server}/postgres"))
        .await
        .expect("PostgreSQL");
    admin
        .conn()
        .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .expect("the database is dropped");
    let reply = app.get("/health", None).await.expect(503);
    assert_eq!(reply.json()["status"], "unavailable");
    // A request that needs the database is a 503 problem, not a 500.
    app.get("/api/v1/venues", None).await.problem(503);
}

#[tokio::test]
async fn a_test_database_is_dropped_with_its_app_even_when_the_test_fails() {
    use futures::FutureExt;
    // The PostgreSQL run's own hygiene; skipped without it.
    let Some(server) = postgres_server() else {
        return;
    };
    let app = spawn_app(Backend::Postgres(server.clone())).await;
    let name = app
        .database_url()
        .rsplit('/')
        .next()
        .expect("a database name")
        .to_owned();
    let exists = async |name: &str| {
        let admin = convoca::store::Db::connect(&format!("{server}/postgres"))
            .await
            .expect("PostgreSQL");
        let rows = admin
            .conn()
            .query_all_raw(sea_orm::Statement::from_string(
                admin.conn().get_database_backend(),
                format!("SELECT 1 FROM pg_database WHERE datname = '{name}'"),
            ))
            .await
            .expect("a query");
        !rows.is_empty()
    };
    assert!(exists(&name).await);
    // A test that fails while it holds its app.
    let failed = std::panic::AssertUnwindSafe(async move {
        app.get("/health", None).await.expect(200);
        panic!("a failing test");
    })
    .catch_unwind()
    .await;
    assert!(failed.is_err());
    assert!(!exists(&name).await, "{name} is left behind");
}

/// The value of the sample `name` (with its labels, as written) in a Prometheus text.
fn sample(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(name) && l[name.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

#[tokio::test]
async fn metrics_count_registrations_check_ins_and_emails_and_show_the_outbox_as_it_is() {
    crate::helpers::on_each_db_with_smtp(async |app, _smtp| {
        let token = app.organiser("quito").await;
        app.festival(&token, "semana", serde_json::json!({})).await;
        let event = app.event(&token, "semana", serde_json::json!({"capacity": 1})).await;
        app.publish(&token, "semana").await;
        let event = event["id"].as_str().expect("an id");
        let mut ids = Vec::new();
        for who in ["ana", "luis"] {
            let made = app
                .post(
                    &format!("/api/v1/events/{event}/registrations"),
                    None,
                    serde_json::json!({"name": who, "email": format!("{who}@example.org"), "consent": true}),
                )
                .await
                .expect(201)
                .json();
            ids.push(made["id"].as_str().expect("an id").to_owned());
        }
        app.post(&format!("/api/v1/registrations/{}/check-in", ids[0]), Some(&token), serde_json::json!({}))
            .await
            .expect(200);

        // Before the dispatcher runs: two emails wait. (Counters are the process's, shared by
        // the tests running beside this one: at least what this test did.)
        let text = app.get("/metrics", None).await.expect(200).text;
        assert_eq!(sample(&text, "convoca_outbox_pending"), Some(2.0), "{text}");
        assert!(sample(&text, "convoca_outbox_oldest_pending_seconds").is_some_and(|s| s >= 0.0));
        for name in [
            r#"convoca_registrations_total{status="confirmed"}"#,
            r#"convoca_registrations_total{status="waitlisted"}"#,
            "convoca_checkins_total",
        ] {
            assert!(sample(&text, name).is_some_and(|n| n >= 1.0), "{name} in {text}");
        }

        // An hour later, nothing has been sent (no dispatcher in this test's app): the oldest
        // has waited an hour, which an operator's alert would catch.
        let later = chrono::Utc::now() + chrono::Duration::hours(1);
        let (pending, oldest) = convoca::store::outbox::pending_and_oldest(app.db.conn(), later)
            .await
            .expect("the outbox reads");
        assert_eq!(pending, 2);
        assert!((3590..=3610).contains(&oldest), "{oldest}");

        convoca::jobs::tick(&app.state, chrono::Utc::now()).await.expect("a tick");
        let text = app.get("/metrics", None).await.expect(200).text;
        assert_eq!(sample(&text, "convoca_outbox_pending"), Some(0.0));
        assert_eq!(sample(&text, "convoca_outbox_oldest_pending_seconds"), Some(0.0));
        assert!(
            sample(&text, r#"convoca_emails_total{kind="confirmed",outcome="sent"}"#)
                .is_some_and(|n| n >= 1.0),
            "{text}"
        );
    })
    .await;
}
