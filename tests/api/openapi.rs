//! The OpenAPI document and the answers agree: what schemathesis checks in CI
//! (`.ci/schemathesis`), pinned here for the cases that were once wrong.

use reqwest::{Method, header};
use serde_json::{Value, json};

use crate::helpers::{Backend, on_each_db, spawn_app};

/// The committed OpenAPI document, so that any change of the public API shows in review.
const SNAPSHOT: &str = "tests/api/snapshots/openapi.json";

/// The served `/openapi.json` is the committed snapshot. After a deliberate change of the API,
/// regenerate it with `CONVOCA_UPDATE_SNAPSHOT=1 cargo test --test api openapi_document` and
/// commit the new file with the change.
#[tokio::test]
async fn the_openapi_document_is_the_committed_snapshot() {
    let app = spawn_app(Backend::Sqlite).await;
    let reply = app.get("/openapi.json", None).await;
    assert_eq!(reply.status, 200);
    let served: serde_json::Value = serde_json::from_str(&reply.text).expect("JSON");
    let served = serde_json::to_string_pretty(&served).expect("printable") + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SNAPSHOT);
    if std::env::var_os("CONVOCA_UPDATE_SNAPSHOT").is_some() {
        std::fs::write(&path, &served).expect("the snapshot written");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        served == committed,
        "/openapi.json differs from {SNAPSHOT}; if the change is meant, regenerate it with \
         CONVOCA_UPDATE_SNAPSHOT=1 cargo test --test api openapi_document and commit it"
    );
}

#[tokio::test]
async fn a_method_a_route_lacks_is_a_405_that_lists_the_methods_it_has() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        app.festival(&token, "fa", json!({})).await;
        let event = app.event(&token, "fa", json!({})).await;
        let id = event["id"].as_str().expect("an id");
        let cases = [
            (
                Method::PUT,
                format!("/api/v1/events/{id}"),
                "GET, HEAD, PATCH, DELETE",
            ),
            (
                Method::DELETE,
                format!("/api/v1/events/{id}/cancel"),
                "POST",
            ),
            (
                Method::PATCH,
                "/api/v1/festivals".to_owned(),
                "GET, HEAD, POST",
            ),
            (Method::POST, "/health".to_owned(), "GET, HEAD"),
            (
                Method::DELETE,
                "/feeds/festivals/fa.ics".to_owned(),
                "GET, HEAD",
            ),
        ];
        for (method, path, allowed) in cases {
            let reply = app.request(method.clone(), &path, Some(&token), None).await;
            let allow = reply
                .headers
                .get("allow")
                .map(|v| v.to_str().unwrap_or_default().to_owned());
            reply.problem(405);
            assert_eq!(allow.as_deref(), Some(allowed), "{method} {path}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_registrations_list_asked_for_as_json_is_json_and_documented_as_json_and_csv() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        app.festival(&token, "fa", json!({})).await;
        let event = app.event(&token, "fa", json!({"capacity": 5})).await;
        app.publish(&token, "fa").await;
        let id = event["id"].as_str().expect("an id");
        let path = format!("/api/v1/events/{id}/registrations");
        app.post(
            &path,
            None,
            json!({"name": "Rosa Quishpe", "email": "rosa@example.org", "consent": true}),
        )
        .await
        .expect(201);

        let reply = app
            .client
            .get(format!("{}{path}", app.address))
            .bearer_auth(&token)
            .header("Accept", "application/json")
            .send()
            .await
            .expect("an answer");

        assert_eq!(reply.status(), 200);
        let content_type = reply.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            content_type.starts_with("application/json"),
            "{content_type}"
        );
        let list: serde_json::Value = reply.json().await.expect("JSON");
        assert_eq!(list["total"], 1);
        assert_eq!(list["items"][0]["email"], "rosa@example.org");
        let spec = app.get("/openapi.json", None).await.expect(200).json();
        let ok = &spec["paths"]["/events/{id}/registrations"]["get"]["responses"]["200"]["content"];
        let media: Vec<&str> = ok
            .as_object()
            .expect("media types")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            media,
            vec!["application/json; charset=utf-8", "text/csv; charset=utf-8"]
        );
    })
    .await;
}

#[tokio::test]
async fn the_document_says_which_fields_may_be_null_and_which_errors_any_operation_may_give() {
    on_each_db(async |app| {
        let spec = app.get("/openapi.json", None).await.expect(200).json();

        let event = &spec["components"]["schemas"]["EventBody"]["properties"];
        assert_eq!(
            event["seats_left"]["nullable"], true,
            "seats_left is null when unlimited"
        );
        assert_eq!(event["seats_taken"].get("nullable"), None);
        let responses = spec["paths"]["/venues"]["post"]["responses"]
            .as_object()
            .expect("responses");
        for status in [
            "201", "401", "403", "404", "409", "413", "415", "422", "429", "500", "503",
        ] {
            assert!(
                responses.contains_key(status),
                "POST /venues does not document {status}"
            );
        }
        // A festival's figures: every count of people may be withheld (null) in open data,
        // and a rate is null without its counts.
        for (schema, fields) in [
            (
                "Group",
                &[
                    "confirmed",
                    "waiting",
                    "no_shows",
                    "fill_rate",
                    "attendance_rate",
                ][..],
            ),
            ("ActivityRow", &["confirmed", "checked_in", "fill_rate"][..]),
            (
                "Totals",
                &[
                    "registrations",
                    "access_needs",
                    "step_free_share",
                    "cancelled",
                ][..],
            ),
            ("Day", &["registrations", "seats", "cancellations"][..]),
            ("Need", &["registrations"][..]),
        ] {
            for field in fields {
                assert_eq!(
                    spec["components"]["schemas"][schema]["properties"][field]["nullable"], true,
                    "{schema}.{field} may be null"
                );
            }
        }
        let name = &spec["components"]["schemas"]["VenueInput"]["properties"]["name"];
        assert_eq!(
            (&name["minLength"], &name["maxLength"]),
            (&json!(1), &json!(200))
        );
    })
    .await;
}

/// What schemathesis cannot reach by itself (a published festival, a real person's token):
/// every feed the document lists answers at its server, with the documented media type and
/// headers, a 304 to its own `ETag`, and `HEAD`.
#[tokio::test]
async fn every_feed_in_the_document_answers_where_and_as_the_document_says() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        let venue = app.venue(&token, json!({})).await;
        app.festival(&token, "fa", json!({})).await;
        let event = app.event(&token, "fa", json!({"venue_id": venue})).await;
        app.publish(&token, "fa").await;
        let event = event["id"].as_str().expect("an id");
        app.post(
            &format!("/api/v1/events/{event}/registrations"),
            None,
            json!({"name": "Rosa", "email": "rosa@example.org", "consent": true}),
        )
        .await
        .expect(201);
        let person = app.calendar_path("rosa@example.org").await;
        let feed_token = &person["/feeds/people/".len()..person.len() - ".ics".len()];
        let spec = app.get("/openapi.json", None).await.expect(200).json();
        let feeds: Vec<(&String, &Value)> = spec["paths"]
            .as_object()
            .expect("paths")
            .iter()
            .filter(|(path, _)| path.starts_with("/feeds/"))
            .collect();
        assert_eq!(feeds.len(), 5);
        // So are the operators' endpoints, and they answer as documented.
        for (path, media) in [
            ("/health", "application/json"),
            ("/metrics", "text/plain; version=0.0.4; charset=utf-8"),
        ] {
            let item = &spec["paths"][path];
            assert_eq!(item["servers"][0]["url"], "https://convoca.test", "{path}");
            assert!(
                item["get"]["responses"]["200"]["content"][media].is_object(),
                "{path}: {item}"
            );
            app.get(path, None).await.expect(200);
        }

        for (template, item) in feeds {
            // The service's root, where the feeds are, rather than the document's `/api/v1`.
            assert_eq!(
                item["servers"][0]["url"], "https://convoca.test",
                "{template}"
            );
            let path = template
                .replace("{slug}", "fa")
                .replace("{feed_token}", feed_token)
                .replace(
                    "{id}",
                    if template.starts_with("/feeds/venues/") {
                        &venue
                    } else {
                        event
                    },
                );
            let url = format!("{}{path}", app.address);
            let documented = |method: &str, status: &str| {
                let response = &item[method]["responses"][status];
                assert!(response.is_object(), "{method} {template}: no {status}");
                response.clone()
            };
            let ok = documented("get", "200");
            let reply = app.get(&path, None).await.expect(200);
            let media = ok["content"].as_object().expect("a body");
            assert!(
                media.contains_key(reply.headers[header::CONTENT_TYPE].to_str().expect("ASCII")),
                "{template}"
            );
            assert!(reply.text.starts_with("BEGIN:VCALENDAR"), "{template}");
            let has_documented_headers = |headers: &header::HeaderMap, response: &Value| {
                let names = response["headers"].as_object().expect("headers");
                names.keys().all(|name| headers.contains_key(name.as_str()))
            };
            assert!(has_documented_headers(&reply.headers, &ok), "{template}");

            let etag = reply.headers[header::ETAG].clone();
            let poll = app.client.get(&url).header(header::IF_NONE_MATCH, etag);
            let poll = poll.send().await.expect("an answer");
            assert_eq!(poll.status(), 304, "{template}");
            let not_modified = documented("get", "304");
            assert!(has_documented_headers(poll.headers(), &not_modified));

            documented("head", "200");
            let head = app.client.head(&url).send().await.expect("an answer");
            assert_eq!(head.status(), 200, "HEAD {template}");
            assert!(
                has_documented_headers(head.headers(), &ok),
                "HEAD {template}"
            );
        }
    })
    .await;
}
