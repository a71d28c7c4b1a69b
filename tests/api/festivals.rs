//! Festivals: drafts, publication, filters, cancellation.

use serde_json::json;

use crate::helpers::{festival_input, on_each_db};

#[tokio::test]
async fn a_draft_is_invisible_to_everyone_but_its_organisation() {
    on_each_db(async |app| {
        let owner = app.organiser("quito").await;
        let other = app.organiser("cuenca").await;
        let draft = app.festival(&owner, "fa-quito", json!({})).await;
        assert_eq!(draft["status"], "draft");

        app.get("/api/v1/festivals/fa-quito", None)
            .await
            .problem(404);
        app.get("/api/v1/festivals/fa-quito", Some(&other))
            .await
            .problem(404);
        app.get("/api/v1/festivals/fa-quito/events", None)
            .await
            .problem(404);
        app.get("/api/v1/festivals/fa-quito", Some(&owner))
            .await
            .expect(200);
        app.get("/api/v1/festivals/fa-quito", Some(&app.admin))
            .await
            .expect(200);
        assert_eq!(
            app.get("/api/v1/festivals", None).await.expect(200).json()["total"],
            0
        );
        assert_eq!(
            app.get("/api/v1/festivals", Some(&owner))
                .await
                .expect(200)
                .json()["total"],
            1
        );
        assert_eq!(
            app.get("/api/v1/festivals", Some(&other))
                .await
                .expect(200)
                .json()["total"],
            0
        );

        app.publish(&owner, "fa-quito").await;
        let public = app
            .get("/api/v1/festivals/fa-quito", None)
            .await
            .expect(200)
            .json();
        assert_eq!(public["status"], "published");
        assert!(public["published_at"].is_string());
    })
    .await;
}

#[tokio::test]
async fn every_festival_body_carries_its_feed_links() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        let body = app.festival(&token, "fa-quito", json!({})).await;
        assert_eq!(
            body["feed_url"],
            "https://convoca.test/feeds/festivals/fa-quito.ics"
        );
        assert_eq!(
            body["webcal_url"],
            "webcal://convoca.test/feeds/festivals/fa-quito.ics"
        );
        assert_eq!(body["reminder_offsets_minutes"], json!([1440, 60]));
    })
    .await;
}

#[tokio::test]
async fn festivals_are_found_by_kind_place_dates_and_words() {
    on_each_db(async |app| {
        let token = app.organiser("red").await;
        app.festival(&token, "fa-quito", json!({"description": "Semana de la educación para todas las edades"})).await;
        app.festival(
            &token,
            "conferencia",
            json!({"kind": "conference", "city": "Ciudad de México", "country": "MX", "timezone": "America/Mexico_City",
                   "starts_on": "2027-09-28", "ends_on": "2027-09-30", "title": "Conferencia Internacional"}),
        )
        .await;
        app.publish(&token, "fa-quito").await;
        app.publish(&token, "conferencia").await;

        let slugs = async |query: &str| -> Vec<String> {
            let body = app.get(&format!("/api/v1/festivals?{query}"), None).await.expect(200).json();
            body["items"].as_array().expect("items").iter().map(|f| f["slug"].as_str().expect("slug").to_owned()).collect()
        };
        assert_eq!(slugs("").await, vec!["fa-quito", "conferencia"], "ordered by start date");
        assert_eq!(slugs("kind=conference").await, vec!["conferencia"]);
        assert_eq!(slugs("city=QUITO").await, vec!["fa-quito"]);
        assert_eq!(slugs("country=mx").await, vec!["conferencia"]);
        assert_eq!(slugs("from=2027-03-14").await, vec!["fa-quito", "conferencia"]);
        assert_eq!(slugs("from=2027-03-15").await, vec!["conferencia"]);
        assert_eq!(slugs("to=2027-03-07").await, Vec::<String>::new());
        assert_eq!(slugs("q=EDUCACION%20edades").await, vec!["fa-quito"], "accents and case are ignored");
        assert_eq!(slugs("q=internacional").await, vec!["conferencia"]);
        app.get("/api/v1/festivals?kind=party", None).await.invalid_fields();
        assert_eq!(app.get("/api/v1/festivals?from=yesterday", None).await.invalid_fields(), vec!["from"]);
    })
    .await;
}

#[tokio::test]
async fn cancelling_a_festival_cancels_its_events_and_raises_their_sequence() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        app.festival(&token, "fa", json!({})).await;
        let event = app.event(&token, "fa", json!({})).await;
        app.publish(&token, "fa").await;

        let festival = app.post("/api/v1/festivals/fa/cancel", Some(&token), json!({})).await.expect(200).json();
        assert_eq!(festival["status"], "cancelled");
        let after = app.get(&format!("/api/v1/events/{}", event["id"].as_str().expect("id")), None).await.expect(200).json();
        assert_eq!(after["status"], "cancelled");
        assert_eq!(after["sequence"], 1);

        app.post("/api/v1/festivals/fa/publish", Some(&token), json!({})).await.problem(409);
        app.try_event(&token, "fa", json!({"starts_at": "2027-03-10T10:00:00-05:00", "ends_at": "2027-03-10T11:00:00-05:00"}))
            .await
            .problem(409);
        app.delete("/api/v1/festivals/fa", Some(&token)).await.problem(409);
    })
    .await;
}

#[tokio::test]
async fn only_a_draft_can_be_deleted() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        app.festival(&token, "draft", json!({})).await;
        app.event(&token, "draft", json!({})).await;
        app.delete("/api/v1/festivals/draft", Some(&token))
            .await
            .expect(204);
        app.get("/api/v1/festivals/draft", Some(&token))
            .await
            .problem(404);

        app.festival(&token, "live", json!({})).await;
        app.publish(&token, "live").await;
        let problem = app
            .delete("/api/v1/festivals/live", Some(&token))
            .await
            .problem(409);
        assert!(
            problem["detail"]
                .as_str()
                .expect("detail")
                .contains("cancel")
        );
    })
    .await;
}

#[tokio::test]
async fn new_dates_may_not_leave_an_event_outside_the_festival() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        app.festival(&token, "fa", json!({})).await;
        app.event(&token, "fa", json!({})).await;
        let problem = app
            .patch(
                "/api/v1/festivals/fa",
                Some(&token),
                json!({"starts_on": "2027-03-10"}),
            )
            .await
            .problem(409);
        assert!(
            problem["detail"]
                .as_str()
                .expect("detail")
                .contains("Taller de robótica")
        );
        let body = app
            .patch(
                "/api/v1/festivals/fa",
                Some(&token),
                json!({"ends_on": "2027-03-20", "reminder_offsets_minutes": [30, 2880]}),
            )
            .await
            .expect(200)
            .json();
        assert_eq!(body["ends_on"], "2027-03-20");
        assert_eq!(body["reminder_offsets_minutes"], json!([2880, 30]));
    })
    .await;
}

#[tokio::test]
async fn bad_festival_input_names_the_fields() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        let fields = app
            .post(
                "/api/v1/festivals",
                Some(&token),
                festival_input("x", json!({"country": "ECU", "timezone": "America/Atlantis", "ends_on": "2027-03-01"})),
            )
            .await
            .invalid_fields();
        assert_eq!(fields, vec!["country", "slug", "timezone"]);
        let fields = app
            .post(
                "/api/v1/festivals",
                Some(&token),
                festival_input("ok", json!({"ends_on": "2027-03-01"})),
            )
            .await
            .invalid_fields();
        assert_eq!(fields, vec!["ends_on"]);
        let fields = app
            .post(
                "/api/v1/festivals",
                Some(&token),
                festival_input("ok", json!({"starts_on": "8 March"})),
            )
            .await
            .invalid_fields();
        assert_eq!(fields, vec!["starts_on"]);
        app.festival(&token, "taken", json!({})).await;
        app.post(
            "/api/v1/festivals",
            Some(&token),
            festival_input("taken", json!({"kind": "forum"})),
        )
        .await
        .problem(409);
    })
    .await;
}

#[tokio::test]
async fn a_draft_cannot_be_cancelled_into_public_view() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        app.festival(&token, "fa", json!({})).await;
        let problem = app
            .post("/api/v1/festivals/fa/cancel", Some(&token), json!({}))
            .await
            .problem(409);
        assert!(
            problem["detail"]
                .as_str()
                .expect("detail")
                .contains("delete")
        );
        app.get("/api/v1/festivals/fa", None).await.problem(404);
        assert_eq!(
            app.get("/api/v1/festivals", None).await.expect(200).json()["total"],
            0
        );
    })
    .await;
}

#[tokio::test]
async fn a_mistyped_token_on_a_public_read_is_told_so() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        app.festival(&token, "fa", json!({})).await;
        app.get("/api/v1/festivals/fa", Some("cvk_mistyped"))
            .await
            .problem(401);
        app.get("/api/v1/festivals", Some("cvk_mistyped"))
            .await
            .problem(401);
        app.get("/api/v1/festivals/fa", Some(&token))
            .await
            .expect(200);
    })
    .await;
}

#[tokio::test]
async fn the_listing_and_the_front_page_leave_a_citys_older_years_out_unless_asked() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        for slug in ["fa-2027", "fa-antiguo"] {
            app.festival(&token, slug, json!({})).await;
            app.publish(&token, slug).await;
        }
        // Moved two months into the past by hand: the API takes no festival that has ended.
        let sql = if app.database_url().starts_with("postgres") {
            "UPDATE festivals SET starts_on = CURRENT_DATE - 62, ends_on = CURRENT_DATE - 60 WHERE slug = 'fa-antiguo'"
        } else {
            "UPDATE festivals SET starts_on = date('now', '-62 days'), ends_on = date('now', '-60 days') WHERE slug = 'fa-antiguo'"
        };
        sea_orm::ConnectionTrait::execute_unprepared(app.db.conn(), sql)
            .await
            .expect("moved");
        let slugs = |body: serde_json::Value| -> Vec<String> {
            body["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|f| f["slug"].as_str().expect("a slug").to_owned())
                .collect()
        };
        let listed = app.get("/api/v1/festivals", None).await.expect(200).json();
        assert_eq!(slugs(listed), vec!["fa-2027"]);
        let all = app
            .get("/api/v1/festivals?from=2000-01-01", None)
            .await
            .expect(200)
            .json();
        assert_eq!(slugs(all).len(), 2);
        let front = app.get("/", None).await.expect(200).text;
        assert!(front.contains("/festivals/fa-2027"));
        assert!(!front.contains("/festivals/fa-antiguo"), "{front}");
    })
    .await;
}
