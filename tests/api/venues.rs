//! Venues: created by organisers, read by anyone.

use serde_json::json;

use crate::helpers::on_each_db;

#[tokio::test]
async fn an_organiser_creates_a_venue_that_anyone_can_read() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        let id = app
            .venue(&token, json!({"country": "ec", "latitude": -0.2202, "longitude": -78.5126, "description": "Sala infantil"}))
            .await;
        let venue = app.get(&format!("/api/v1/venues/{id}"), None).await.expect(200).json();
        assert_eq!(venue["country"], "EC");
        assert_eq!(venue["latitude"], -0.2202);
        assert_eq!(venue["accessibility"], json!(["step_free_access"]));
        assert_eq!(venue["capacity"], 40);
    })
    .await;
}

#[tokio::test]
async fn venues_are_listed_by_city_whatever_its_case() {
    on_each_db(async |app| {
        let token = app.organiser("red").await;
        app.venue(&token, json!({"name": "Casa Somos", "city": "Quito"}))
            .await;
        app.venue(
            &token,
            json!({"name": "Biblioteca Municipal", "city": "Cuenca"}),
        )
        .await;
        let quito = app
            .get("/api/v1/venues?city=quito", None)
            .await
            .expect(200)
            .json();
        assert_eq!(quito["total"], 1);
        assert_eq!(quito["items"][0]["name"], "Casa Somos");
        let all = app
            .get("/api/v1/venues?limit=1&offset=1", None)
            .await
            .expect(200)
            .json();
        assert_eq!(
            (all["total"].as_u64(), all["items"].as_array().map(Vec::len)),
            (Some(2), Some(1))
        );
    })
    .await;
}

#[tokio::test]
async fn a_venue_in_use_cannot_be_deleted_and_cannot_shrink_below_its_events() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        let venue = app.venue(&token, json!({"capacity": 40})).await;
        app.festival(&token, "fa", json!({})).await;
        let event = app
            .event(&token, "fa", json!({"venue_id": venue, "capacity": 30}))
            .await;

        let problem = app
            .delete(&format!("/api/v1/venues/{venue}"), Some(&token))
            .await
            .problem(409);
        assert!(
            problem["detail"]
                .as_str()
                .expect("detail")
                .contains(event["id"].as_str().expect("id"))
        );
        let problem = app
            .patch(
                &format!("/api/v1/venues/{venue}"),
                Some(&token),
                json!({"capacity": 20}),
            )
            .await
            .problem(409);
        assert!(
            problem["detail"]
                .as_str()
                .expect("detail")
                .contains("Taller de robótica")
        );

        app.patch(
            &format!("/api/v1/venues/{venue}"),
            Some(&token),
            json!({"capacity": 30}),
        )
        .await
        .expect(200);
        app.delete(
            &format!("/api/v1/events/{}", event["id"].as_str().expect("id")),
            Some(&token),
        )
        .await
        .expect(204);
        app.delete(&format!("/api/v1/venues/{venue}"), Some(&token))
            .await
            .expect(204);
        app.get(&format!("/api/v1/venues/{venue}"), None)
            .await
            .problem(404);
    })
    .await;
}

#[tokio::test]
async fn a_patch_changes_only_what_it_names_and_null_clears_optional_fields() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        let id = app
            .venue(
                &token,
                json!({"latitude": -0.2, "longitude": -78.5, "description": "x"}),
            )
            .await;
        let path = format!("/api/v1/venues/{id}");
        let venue = app
            .patch(
                &path,
                Some(&token),
                json!({"name": "Biblioteca del Sur", "description": null}),
            )
            .await
            .expect(200)
            .json();
        assert_eq!(venue["name"], "Biblioteca del Sur");
        assert_eq!(venue["description"], serde_json::Value::Null);
        assert_eq!(venue["city"], "Quito");
        let fields = app
            .patch(&path, Some(&token), json!({"name": null, "latitude": null}))
            .await
            .invalid_fields();
        assert_eq!(fields, vec!["name"]);
        let fields = app
            .patch(&path, Some(&token), json!({"longitude": null}))
            .await
            .invalid_fields();
        assert_eq!(fields, vec!["longitude"]);
    })
    .await;
}

#[tokio::test]
async fn bad_venue_input_names_every_bad_field() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        let fields = app
            .post(
                "/api/v1/venues",
                Some(&token),
                json!({"name": " ", "address": "x", "city": "Quito", "country": "XX", "latitude": 91, "longitude": 0, "capacity": 0}),
            )
            .await
            .invalid_fields();
        assert_eq!(fields, vec!["capacity", "country", "latitude", "name"]);
        let fields = app
            .post("/api/v1/venues", Some(&token), json!({"name": "x", "address": "x", "city": "x", "country": "EC", "accessibility": ["ramp"]}))
            .await
            .invalid_fields();
        assert_eq!(fields, vec!["accessibility[0]"]);
    })
    .await;
}
