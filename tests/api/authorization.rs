//! Who may do what, on every protected route: anonymous 401, another organisation 403 (404
//! where the thing is a draft), the owner and an admin succeed.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, at, on_each_db};

struct World {
    owner: String,
    other: String,
    venue: String,
    event: String,
}

/// An organisation with a published festival (`live`) holding one event, a draft festival
/// (`draft`), and a second organisation.
async fn world(app: &TestApp) -> World {
    let owner = app.organiser("owner").await;
    let other = app.organiser("other").await;
    let venue = app.venue(&owner, json!({})).await;
    app.festival(&owner, "live", json!({})).await;
    app.festival(&owner, "draft", json!({})).await;
    let event = app.event(&owner, "live", json!({"venue_id": venue})).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    app.publish(&owner, "live").await;
    World {
        owner,
        other,
        venue,
        event,
    }
}

/// A protected request that changes nothing it should not, so it can run for each caller.
fn protected_routes(w: &World) -> Vec<(Method, String, Value, u16)> {
    let event_body =
        json!({"title": "Nueva", "kind": "talk", "starts_at": at("15:00"), "ends_at": at("16:00")});
    vec![
        (
            Method::PATCH,
            format!("/api/v1/venues/{}", w.venue),
            json!({"description": "x"}),
            403,
        ),
        (
            Method::PATCH,
            "/api/v1/festivals/live".to_owned(),
            json!({"title": "Nuevo"}),
            403,
        ),
        (
            Method::PATCH,
            "/api/v1/festivals/draft".to_owned(),
            json!({"title": "Nuevo"}),
            404,
        ),
        (
            Method::POST,
            "/api/v1/festivals/live/events".to_owned(),
            event_body.clone(),
            403,
        ),
        (
            Method::POST,
            "/api/v1/festivals/draft/events".to_owned(),
            event_body,
            404,
        ),
        (
            Method::PATCH,
            format!("/api/v1/events/{}", w.event),
            json!({"host": "Biblioteca"}),
            403,
        ),
        (
            Method::POST,
            "/api/v1/festivals/draft/publish".to_owned(),
            json!({}),
            404,
        ),
    ]
}

#[tokio::test]
async fn every_protected_route_checks_the_token_and_its_organisation() {
    on_each_db(async |app| {
        let w = world(&app).await;
        for (method, path, body, other_status) in protected_routes(&w) {
            let anonymous = app
                .request(method.clone(), &path, None, Some(body.clone()))
                .await;
            assert_eq!(anonymous.status, 401, "{method} {path} without a token");
            assert_eq!(anonymous.headers["www-authenticate"], "Bearer");
            let forged = app
                .request(
                    method.clone(),
                    &path,
                    Some("cvk_forged"),
                    Some(body.clone()),
                )
                .await;
            assert_eq!(forged.status, 401, "{method} {path} with an unknown token");
            let other = app
                .request(method.clone(), &path, Some(&w.other), Some(body.clone()))
                .await;
            assert_eq!(
                other.problem(other_status)["status"],
                other_status,
                "{method} {path} by another organisation"
            );
            let owner = app
                .request(method.clone(), &path, Some(&w.owner), Some(body.clone()))
                .await;
            assert!(
                owner.status.is_success(),
                "{method} {path} by its owner: {} {}",
                owner.status,
                owner.text
            );
        }
        // The admin may change anything (the owner already published `draft` above).
        for path in ["/api/v1/festivals/live", "/api/v1/festivals/draft"] {
            app.patch(path, Some(&app.admin), json!({"description": "revisado"}))
                .await
                .expect(200);
        }
    })
    .await;
}

#[tokio::test]
async fn destructive_routes_check_the_token_and_its_organisation() {
    on_each_db(async |app| {
        let w = world(&app).await;
        let event = format!("/api/v1/events/{}", w.event);
        let cancel = format!("{event}/cancel");
        for (method, path) in [
            (Method::DELETE, event.as_str()),
            (Method::POST, cancel.as_str()),
            (Method::POST, "/api/v1/festivals/live/cancel"),
            (Method::DELETE, "/api/v1/festivals/draft"),
        ] {
            app.request(method.clone(), path, None, None)
                .await
                .problem(401);
            let status = if path.contains("draft") { 404 } else { 403 };
            app.request(method.clone(), path, Some(&w.other), None)
                .await
                .problem(status);
        }
        app.request(
            Method::DELETE,
            &format!("/api/v1/venues/{}", w.venue),
            Some(&w.other),
            None,
        )
        .await
        .problem(403);
        app.request(
            Method::DELETE,
            "/api/v1/festivals/draft",
            Some(&app.admin),
            None,
        )
        .await
        .expect(204);
        app.post(&cancel, Some(&w.owner), json!({}))
            .await
            .expect(200);
    })
    .await;
}

#[tokio::test]
async fn organisations_are_for_admins_and_creation_for_organisers() {
    on_each_db(async |app| {
        let w = world(&app).await;
        let body = json!({"slug": "nueva", "name": "Nueva"});
        app.post("/api/v1/organisations", None, body.clone())
            .await
            .problem(401);
        app.post("/api/v1/organisations", Some(&w.owner), body.clone())
            .await
            .problem(403);
        app.get("/api/v1/organisations", Some(&w.owner))
            .await
            .problem(403);
        app.get("/api/v1/organisations/owner", Some(&w.owner))
            .await
            .expect(200);
        app.get("/api/v1/organisations/owner", Some(&w.other))
            .await
            .problem(403);
        app.get("/api/v1/organisations/owner", None)
            .await
            .problem(401);
        // Admin tokens belong to no organisation, so they cannot own venues or festivals.
        app.post(
            "/api/v1/venues",
            Some(&app.admin),
            json!({"name": "x", "address": "y", "city": "Quito", "country": "EC"}),
        )
        .await
        .problem(403);
        app.post(
            "/api/v1/venues",
            None,
            json!({"name": "x", "address": "y", "city": "Quito", "country": "EC"}),
        )
        .await
        .problem(401);
        app.post("/api/v1/festivals", None, json!({"slug": "s"}))
            .await
            .problem(401);
        app.delete(&format!("/api/v1/venues/{}", w.venue), None)
            .await
            .problem(401);
        // Public reads need no token.
        app.get(&format!("/api/v1/venues/{}", w.venue), None)
            .await
            .expect(200);
        app.get(&format!("/api/v1/events/{}", w.event), None)
            .await
            .expect(200);
        app.get("/api/v1/festivals/live/events", None)
            .await
            .expect(200);
    })
    .await;
}

#[tokio::test]
async fn the_organiser_views_of_registrations_answer_only_the_owner_and_the_admin() {
    on_each_db(async |app| {
        let w = world(&app).await;
        let registered = app
            .post(
                &format!("/api/v1/events/{}/registrations", w.event),
                None,
                json!({"name": "Rosa", "email": "rosa@example.org", "consent": true}),
            )
            .await
            .expect(201)
            .json();
        let list = format!("/api/v1/events/{}/registrations", w.event);
        let check_in = format!(
            "/api/v1/registrations/{}/check-in",
            registered["id"].as_str().expect("id")
        );
        for (method, path) in [(Method::GET, &list), (Method::POST, &check_in)] {
            let body = (method == Method::POST).then(|| json!({}));
            let anonymous = app.request(method.clone(), path, None, body.clone()).await;
            anonymous.problem(401);
            app.request(method.clone(), path, Some("cvk_forged"), body.clone())
                .await
                .problem(401);
            app.request(method.clone(), path, Some(&w.other), body.clone())
                .await
                .problem(403);
            for caller in [&w.owner, &app.admin] {
                let answer = app
                    .request(method.clone(), path, Some(caller), body.clone())
                    .await;
                assert_eq!(answer.status, 200, "{method} {path}: {}", answer.text);
            }
        }
        // The CSV export is the list under another media type: the same gate.
        for (token, status) in [(Some(w.other.as_str()), 403), (None, 401)] {
            let mut request = app
                .client
                .get(format!("{}{list}", app.address))
                .header("Accept", "text/csv");
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let answer = request.send().await.expect("an answer");
            assert_eq!(answer.status(), status);
            assert!(!answer.text().await.expect("a body").contains("rosa@"));
        }
        // Erasure by an admin reaches every organisation's events; by an organiser only its own.
        let erase = json!({"email": "rosa@example.org"});
        app.post("/api/v1/privacy/erase", Some("cvk_forged"), erase.clone())
            .await
            .problem(401);
        let by_other = app
            .post("/api/v1/privacy/erase", Some(&w.other), erase.clone())
            .await
            .expect(200)
            .json();
        assert_eq!(by_other["erased"], 0);
        let by_admin = app
            .post("/api/v1/privacy/erase", Some(&app.admin), erase)
            .await
            .expect(200)
            .json();
        assert_eq!(by_admin["erased"], 1);
    })
    .await;
}
