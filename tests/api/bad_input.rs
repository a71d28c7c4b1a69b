//! No input of any shape makes the server fail: malformed bodies are 4xx problem+json that
//! name the field, and nothing is half-written.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{festival_input, on_each_db};

/// Bodies that are not objects at all: always a 422 naming the body.
fn not_objects() -> Vec<Value> {
    vec![
        Value::Null,
        json!([]),
        json!("text"),
        json!(42),
        json!([{"name": "x"}]),
    ]
}

/// Objects with fields of the wrong type or shape.
fn garbage() -> Vec<Value> {
    vec![
        json!({"name": 5, "title": [], "slug": {"a": 1}, "kind": null}),
        json!({"capacity": 1e300, "latitude": "north", "starts_at": 12, "seats": -1}),
        json!({"starts_at": "2027-02-30T10:00:00-05:00", "ends_at": "9999-99-99"}),
        json!({"title": "x".repeat(100_000), "name": "x".repeat(100_000)}),
        json!({"audience": [1, 2, 3], "accessibility": [null], "reminder_offsets_minutes": ["soon"]}),
    ]
}

#[tokio::test]
async fn no_body_of_any_shape_gives_a_server_error() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        let venue = app.venue(&token, json!({})).await;
        app.festival(&token, "fa", json!({})).await;
        let event = app.event(&token, "fa", json!({})).await["id"]
            .as_str()
            .expect("id")
            .to_owned();
        let routes = [
            (
                Method::POST,
                "/api/v1/organisations".to_owned(),
                app.admin.clone(),
            ),
            (Method::POST, "/api/v1/venues".to_owned(), token.clone()),
            (
                Method::PATCH,
                format!("/api/v1/venues/{venue}"),
                token.clone(),
            ),
            (Method::POST, "/api/v1/festivals".to_owned(), token.clone()),
            (
                Method::PATCH,
                "/api/v1/festivals/fa".to_owned(),
                token.clone(),
            ),
            (
                Method::POST,
                "/api/v1/festivals/fa/events".to_owned(),
                token.clone(),
            ),
            (
                Method::PATCH,
                format!("/api/v1/events/{event}"),
                token.clone(),
            ),
        ];
        for (method, path, token) in &routes {
            for body in not_objects() {
                let fields = app
                    .request(method.clone(), path, Some(token), Some(body))
                    .await
                    .invalid_fields();
                assert_eq!(fields, vec!["body"]);
            }
            for body in garbage() {
                let reply = app
                    .request(method.clone(), path, Some(token), Some(body.clone()))
                    .await;
                // A PATCH ignores fields its resource does not have, so it may succeed.
                assert!(
                    !reply.status.is_server_error(),
                    "{method} {path} with {body}: {} {}",
                    reply.status,
                    reply.text
                );
                if reply.status.is_client_error() {
                    let status = reply.status.as_u16();
                    reply.problem(status);
                }
            }
        }
        // Nothing was written by any of them.
        assert_eq!(
            app.get("/api/v1/venues", None).await.expect(200).json()["total"],
            1
        );
        let mine = app
            .get("/api/v1/festivals", Some(&token))
            .await
            .expect(200)
            .json();
        assert_eq!(mine["total"], 1);
        let programme = app
            .get("/api/v1/festivals/fa/events", Some(&token))
            .await
            .expect(200)
            .json();
        assert_eq!(programme["items"][0]["title"], "Taller de robótica");
    })
    .await;
}

#[tokio::test]
async fn a_body_that_is_not_json_is_refused_clearly() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        let url = format!("{}/api/v1/venues", app.address);
        let reply = app
            .client
            .post(&url)
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body("{\"name\":")
            .send()
            .await
            .expect("answer");
        assert_eq!(reply.status(), 422);
        let reply = app
            .client
            .post(&url)
            .bearer_auth(&token)
            .header("content-type", "text/plain")
            .body("hola")
            .send()
            .await
            .expect("answer");
        assert_eq!(reply.status(), 415);
        let big = format!("{{\"name\":\"{}\"}}", "x".repeat(2 * 1024 * 1024));
        let reply = app
            .client
            .post(&url)
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(big)
            .send()
            .await
            .expect("answer");
        assert_eq!(reply.status(), 413);
        let _ = app
            .request(Method::GET, "/health", None, None)
            .await
            .expect(200);
    })
    .await;
}

#[tokio::test]
async fn hostile_query_strings_are_refused_without_harm() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        app.festival(&token, "fa", json!({})).await;
        app.publish(&token, "fa").await;
        let many_words = "a+".repeat(16_000);
        for path in [
            format!("/api/v1/festivals?q={many_words}"),
            format!("/api/v1/festivals/fa/events?q={many_words}"),
            "/api/v1/festivals/fa/events?q=uno+dos+tres+cuatro+cinco+seis+siete+ocho+nueve+diez+once".to_owned(),
        ] {
            assert_eq!(app.get(&path, None).await.invalid_fields(), vec!["q"]);
        }
        for path in ["/api/v1/venues?city=%00", "/api/v1/festivals?q=a%00b", "/api/v1/festivals/fa%00"] {
            assert_eq!(app.get(path, None).await.invalid_fields(), vec!["url"], "{path}");
        }
        // The largest offset the document allows (2^53 - 1, exact in every JSON number) is an
        // empty page; beyond it is refused like any other out-of-range value.
        let far = app.get("/api/v1/festivals/fa/events?offset=9007199254740991", None).await.expect(200).json();
        assert_eq!(far["items"], json!([]));
        let beyond = app.get("/api/v1/festivals/fa/events?offset=18446744073709551615", None).await;
        assert_eq!(beyond.invalid_fields(), vec!["offset"]);
        let fields = app
            .post("/api/v1/venues", Some(&token), json!({"name": "x\u{0}y", "address": "a", "city": "Quito", "country": "EC"}))
            .await
            .invalid_fields();
        assert_eq!(fields, vec!["body"]);
        let fields = app
            .post("/api/v1/festivals", Some(&token), festival_input("lejos", json!({"starts_on": "+10000-01-01"})))
            .await
            .invalid_fields();
        assert_eq!(fields, vec!["starts_on"]);
        // The server is still there.
        app.get("/health", None).await.expect(200);
    })
    .await;
}
