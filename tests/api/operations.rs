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
