//! Events: time and place rules, clashes (also under concurrency), sequence, filters.

use serde_json::{Value, json};

use crate::helpers::{TestApp, at, on_each_db};

fn id(body: &Value) -> String {
    body["id"].as_str().expect("an id").to_owned()
}

#[tokio::test]
async fn an_event_must_end_after_it_starts_and_lie_within_its_festival() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        app.festival(&token, "fa", json!({})).await;
        let fields = app.try_event(&token, "fa", json!({"ends_at": at("10:00")})).await.invalid_fields();
        assert_eq!(fields, vec!["ends_at"]);
        // 23:30 on the 7th in Quito is already the 8th in UTC, but still before the festival.
        let fields = app
            .try_event(&token, "fa", json!({"starts_at": "2027-03-07T23:30:00-05:00", "ends_at": "2027-03-08T01:00:00-05:00"}))
            .await
            .invalid_fields();
        assert_eq!(fields, vec!["starts_at"]);
        // 22:00 on the last day in Quito is 03:00 UTC the next day, and still inside.
        app.event(&token, "fa", json!({"starts_at": "2027-03-14T21:00:00-05:00", "ends_at": "2027-03-14T22:00:00-05:00"})).await;
        let fields = app.try_event(&token, "fa", json!({"starts_at": "at ten"})).await.invalid_fields();
        assert_eq!(fields, vec!["starts_at"]);
        let fields = app.try_event(&token, "fa", json!({"starts_at": "2027-03-09T10:00:00"})).await.invalid_fields();
        assert_eq!(fields, vec!["starts_at"], "an offset is required");
    })
    .await;
}

#[tokio::test]
async fn two_events_may_not_overlap_in_one_venue_but_may_follow_each_other() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        let venue = app.venue(&token, json!({})).await;
        app.festival(&token, "fa", json!({})).await;
        let first = app.event(&token, "fa", json!({"venue_id": venue})).await;

        let problem = app
            .try_event(&token, "fa", json!({"venue_id": venue, "title": "Charla", "starts_at": at("11:30"), "ends_at": at("13:00")}))
            .await
            .problem(409);
        let detail = problem["detail"].as_str().expect("detail");
        assert!(detail.contains(&id(&first)) && detail.contains("Taller de robótica"), "{detail}");

        app.event(&token, "fa", json!({"venue_id": venue, "starts_at": at("12:00"), "ends_at": at("13:00")})).await;
        // A cancelled event frees its slot.
        app.cancel_event(&token, id(&first)).await;
        app.event(&token, "fa", json!({"venue_id": venue, "starts_at": at("10:30"), "ends_at": at("11:30")})).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_bookings_of_one_slot_leave_exactly_one_event() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        let venue = app.venue(&token, json!({})).await;
        app.festival(&token, "fa", json!({})).await;
        let attempts = (0..12).map(|i| {
            let (app, token, venue) = (&app, &token, &venue);
            async move {
                let start = format!("2027-03-09T10:{:02}:00-05:00", i * 2);
                app.try_event(
                    token,
                    "fa",
                    json!({"venue_id": venue, "starts_at": start, "ends_at": at("12:00")}),
                )
                .await
                .status
                .as_u16()
            }
        });
        let mut statuses = futures::future::join_all(attempts).await;
        statuses.sort_unstable();
        assert_eq!(
            statuses.iter().filter(|s| **s == 201).count(),
            1,
            "{statuses:?}"
        );
        assert!(
            statuses.iter().all(|s| *s == 201 || *s == 409),
            "{statuses:?}"
        );
        let list = app
            .get(
                &format!("/api/v1/festivals/fa/events?venue_id={venue}"),
                Some(&token),
            )
            .await
            .expect(200)
            .json();
        assert_eq!(list["total"], 1);
    })
    .await;
}

#[tokio::test]
async fn capacity_fits_the_venue_and_defaults_to_it() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        let venue = app.venue(&token, json!({"capacity": 25})).await;
        app.festival(&token, "fa", json!({})).await;
        let fields = app.try_event(&token, "fa", json!({"venue_id": venue, "capacity": 26})).await.invalid_fields();
        assert_eq!(fields, vec!["capacity"]);
        let event = app.event(&token, "fa", json!({"venue_id": venue})).await;
        assert_eq!((event["capacity"].as_i64(), event["seats_left"].as_i64()), (Some(25), Some(25)));
        assert_eq!((event["seats_taken"].as_i64(), event["waitlist_length"].as_i64()), (Some(0), Some(0)));
        let online = app.event(&token, "fa", json!({"online_url": "https://meet.example.org/taller", "starts_at": at("14:00"), "ends_at": at("15:00")})).await;
        assert_eq!(online["capacity"], Value::Null);
        assert_eq!(online["seats_left"], Value::Null);
        let fields = app.try_event(&token, "fa", json!({"venue_id": "00000000-0000-0000-0000-000000000000"})).await.invalid_fields();
        assert_eq!(fields, vec!["venue_id"]);
    })
    .await;
}

#[tokio::test]
async fn a_new_time_or_place_raises_the_sequence_and_a_new_title_does_not() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        let here = app.venue(&token, json!({})).await;
        let there = app
            .venue(
                &token,
                json!({"name": "Parque La Carolina", "capacity": null}),
            )
            .await;
        app.festival(&token, "fa", json!({})).await;
        let event = app.event(&token, "fa", json!({"venue_id": here})).await;
        let path = format!("/api/v1/events/{}", id(&event));
        let seq = async |patch: Value| -> i64 {
            app.patch(&path, Some(&token), patch)
                .await
                .expect(200)
                .json()["sequence"]
                .as_i64()
                .expect("a sequence")
        };
        assert_eq!(
            seq(json!({"title": "Taller de robótica educativa"})).await,
            0
        );
        assert_eq!(seq(json!({"starts_at": at("10:30")})).await, 1);
        assert_eq!(seq(json!({"venue_id": there})).await, 2);
        assert_eq!(
            seq(json!({"description": "Con piezas de reciclaje"})).await,
            2
        );
        let cancelled = app
            .post(&format!("{path}/cancel"), Some(&token), json!({}))
            .await
            .expect(200)
            .json();
        assert_eq!(
            (cancelled["status"].as_str(), cancelled["sequence"].as_i64()),
            (Some("cancelled"), Some(3))
        );
        app.post(&format!("{path}/cancel"), Some(&token), json!({}))
            .await
            .expect(200);
        app.patch(&path, Some(&token), json!({"title": "otra"}))
            .await
            .problem(409);
    })
    .await;
}

async fn programme(app: &TestApp, query: &str) -> Vec<String> {
    let body = app
        .get(&format!("/api/v1/festivals/fa/events?{query}"), None)
        .await
        .expect(200)
        .json();
    body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| e["title"].as_str().expect("title").to_owned())
        .collect()
}

#[tokio::test]
async fn the_programme_is_filtered_searched_paged_and_ordered_by_start() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        let ramp = app.venue(&token, json!({})).await;
        let stairs = app.venue(&token, json!({"name": "Casa antigua", "accessibility": []})).await;
        app.festival(&token, "fa", json!({})).await;
        app.event(&token, "fa", json!({"title": "Cuentos para niños", "kind": "activity", "venue_id": ramp,
            "starts_at": "2027-03-10T09:00:00-05:00", "ends_at": "2027-03-10T10:00:00-05:00",
            "audience": ["Niñez", "familias"], "themes": ["lectura"], "language": "es"})).await;
        app.event(&token, "fa", json!({"title": "Robótica", "venue_id": stairs, "capacity": 10,
            "audience": ["jóvenes"], "themes": ["ciencia"], "language": "es-EC", "description": "Programación básica"})).await;
        app.event(&token, "fa", json!({"title": "Kichwa para todos", "kind": "talk", "online_url": "https://meet.example.org/k",
            "starts_at": "2027-03-08T18:00:00-05:00", "ends_at": "2027-03-08T19:00:00-05:00", "language": "qu", "audience": ["familias"]})).await;
        app.publish(&token, "fa").await;

        assert_eq!(programme(&app, "").await, vec!["Kichwa para todos", "Robótica", "Cuentos para niños"]);
        assert_eq!(programme(&app, "kind=workshop").await, vec!["Robótica"]);
        assert_eq!(programme(&app, "audience=familias").await, vec!["Kichwa para todos", "Cuentos para niños"]);
        assert_eq!(programme(&app, "audience=ni%C3%B1ez").await, vec!["Cuentos para niños"]);
        assert_eq!(programme(&app, "audience=ni").await, Vec::<String>::new(), "tags match whole");
        assert_eq!(programme(&app, "theme=ciencia").await, vec!["Robótica"]);
        assert_eq!(programme(&app, "language=es").await, vec!["Robótica", "Cuentos para niños"]);
        assert_eq!(programme(&app, "language=qu").await, vec!["Kichwa para todos"]);
        assert_eq!(programme(&app, "accessible=true").await, vec!["Cuentos para niños"]);
        assert_eq!(programme(&app, "q=PROGRAMACION").await, vec!["Robótica"]);
        assert_eq!(programme(&app, "q=ninos%20cuentos").await, vec!["Cuentos para niños"]);
        assert_eq!(programme(&app, &format!("venue_id={stairs}")).await, vec!["Robótica"]);
        assert_eq!(programme(&app, "from=2027-03-10").await, vec!["Cuentos para niños"]);
        assert_eq!(programme(&app, "to=2027-03-08").await, vec!["Kichwa para todos"]);
        assert_eq!(programme(&app, "from=2027-03-09T11:00:00-05:00&to=2027-03-09T11:30:00-05:00").await, vec!["Robótica"]);
        assert_eq!(programme(&app, "available=true").await.len(), 3);
        let page = app.get("/api/v1/festivals/fa/events?limit=2&offset=1", None).await.expect(200).json();
        assert_eq!((page["total"].as_u64(), page["limit"].as_u64(), page["offset"].as_u64()), (Some(3), Some(2), Some(1)));
        assert_eq!(page["items"][0]["title"], "Robótica");
        assert_eq!(app.get("/api/v1/festivals/fa/events?limit=500", None).await.expect(200).json()["limit"], 200);
        assert_eq!(app.get("/api/v1/festivals/fa/events?limit=-1", None).await.invalid_fields(), vec!["limit"]);
        assert_eq!(app.get("/api/v1/festivals/fa/events?kind=party", None).await.invalid_fields(), vec!["kind"]);
        assert_eq!(app.get("/api/v1/festivals/fa/events?to=soon", None).await.invalid_fields(), vec!["to"]);
    })
    .await;
}

#[tokio::test]
async fn an_event_with_nobody_registered_can_be_deleted() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        app.festival(&token, "fa", json!({})).await;
        let event = app.event(&token, "fa", json!({})).await;
        app.delete(&format!("/api/v1/events/{}", id(&event)), Some(&token))
            .await
            .expect(204);
        app.get(&format!("/api/v1/events/{}", id(&event)), Some(&token))
            .await
            .problem(404);
    })
    .await;
}

#[tokio::test]
async fn a_cached_programme_is_never_stale_even_on_another_instance() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        app.festival(&token, "fa", json!({})).await;
        let event = app.event(&token, "fa", json!({})).await;
        app.publish(&token, "fa").await;
        // A second server on the same database, as behind a load balancer.
        let other = crate::helpers::spawn_with_url(&app.database_url()).await;
        let event_path = format!("/api/v1/events/{}", id(&event));
        for server in [&app, &other] {
            assert_eq!(programme(server, "").await, vec!["Taller de robótica"]);
            assert_eq!(
                server.get(&event_path, None).await.expect(200).json()["title"],
                "Taller de robótica"
            );
        }

        app.patch(
            &event_path,
            Some(&token),
            json!({"title": "Taller de robótica educativa"}),
        )
        .await
        .expect(200);
        app.event(
            &token,
            "fa",
            json!({"title": "Cuentos", "starts_at": at("15:00"), "ends_at": at("16:00")}),
        )
        .await;

        for server in [&app, &other] {
            assert_eq!(
                programme(server, "").await,
                vec!["Taller de robótica educativa", "Cuentos"]
            );
            assert_eq!(
                server.get(&event_path, None).await.expect(200).json()["title"],
                "Taller de robótica educativa"
            );
        }
        app.post(&format!("{event_path}/cancel"), Some(&token), json!({}))
            .await
            .expect(200);
        assert_eq!(
            other.get(&event_path, None).await.expect(200).json()["status"],
            "cancelled"
        );
        app.event(
            &token,
            "fa",
            json!({"title": "Cine", "starts_at": at("17:00"), "ends_at": at("18:00")}),
        )
        .await;
        assert_eq!(programme(&other, "").await.len(), 3);
    })
    .await;
}

#[tokio::test]
async fn an_organisation_books_only_its_own_venues_and_sees_nothing_of_others() {
    on_each_db(async |app| {
        let quito = app.organiser("quito").await;
        let loja = app.organiser("loja").await;
        let theirs = app.venue(&quito, json!({})).await;
        app.festival(&quito, "secreto", json!({})).await;
        app.event(
            &quito,
            "secreto",
            json!({"title": "Plan secreto", "venue_id": theirs}),
        )
        .await;
        app.festival(&loja, "fl", json!({})).await;
        let reply = app.try_event(&loja, "fl", json!({"venue_id": theirs}));
        let problem = reply.await.problem(422);
        assert!(!problem.to_string().contains("Plan secreto"), "{problem}");
    })
    .await;
}

#[tokio::test]
async fn events_of_a_published_festival_are_cancelled_not_deleted() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        app.festival(&token, "fa", json!({})).await;
        let event = app
            .event(
                &token,
                "fa",
                json!({"accessibility": ["captioning", "sign_language", "captioning"]}),
            )
            .await;
        assert_eq!(
            event["accessibility"],
            json!(["captioning", "sign_language"])
        );
        app.publish(&token, "fa").await;
        let problem = app
            .delete(&format!("/api/v1/events/{}", id(&event)), Some(&token))
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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_edits_of_one_event_lose_nothing() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        app.festival(&token, "fa", json!({})).await;
        let event = app.event(&token, "fa", json!({})).await;
        let path = format!("/api/v1/events/{}", id(&event));
        let moves = (0..8).map(|i| {
            let (app, token, path) = (&app, &token, &path);
            async move {
                let start = format!("2027-03-1{}T09:00:00-05:00", i % 5);
                let end = format!("2027-03-1{}T10:00:00-05:00", i % 5);
                app.patch(
                    path,
                    Some(token),
                    json!({"starts_at": start, "ends_at": end, "host": format!("h{i}")}),
                )
                .await
                .status
            }
        });
        let statuses = futures::future::join_all(moves).await;
        assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
        let after = app.get(&path, Some(&token)).await.expect(200).json();
        // Each move was applied to the state the previous one left: none was lost.
        assert!(after["sequence"].as_i64() >= Some(5), "{after}");
    })
    .await;
}

#[tokio::test]
async fn cached_filters_follow_venue_and_timezone_changes() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        let venue = app.venue(&token, json!({"accessibility": []})).await;
        app.festival(&token, "fa", json!({})).await;
        app.event(&token, "fa", json!({"venue_id": venue, "starts_at": "2027-03-09T20:00:00-05:00", "ends_at": "2027-03-09T21:00:00-05:00"})).await;
        app.publish(&token, "fa").await;
        assert!(programme(&app, "accessible=true").await.is_empty());
        app.patch(&format!("/api/v1/venues/{venue}"), Some(&token), json!({"accessibility": ["step_free_access"]})).await.expect(200);
        assert_eq!(programme(&app, "accessible=true").await.len(), 1);

        // 20:00 on the 9th in Quito is the 10th in UTC: the day filter follows the timezone.
        assert_eq!(programme(&app, "from=2027-03-09&to=2027-03-09").await.len(), 1);
        app.patch("/api/v1/festivals/fa", Some(&token), json!({"timezone": "UTC"})).await.expect(200);
        assert!(programme(&app, "from=2027-03-09&to=2027-03-09").await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_status_the_code_does_not_know_is_an_error_not_a_default() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        app.festival(&token, "fa", json!({})).await;
        let event = id(&app.event(&token, "fa", json!({})).await);
        // Written by hand or by a newer version: reading it must not pretend it is scheduled
        // (which would offer its seats) nor cancelled (which would hide it).
        app.set_column(
            entity::event::Entity,
            entity::event::Column::Status,
            &event,
            "postponed",
        )
        .await;
        let problem = app
            .get(&format!("/api/v1/events/{event}"), Some(&token))
            .await
            .problem(500);
        assert!(
            !problem.to_string().contains("postponed"),
            "internals stay in the log: {problem}"
        );
        app.set_column(
            entity::event::Entity,
            entity::event::Column::Status,
            &event,
            "scheduled",
        )
        .await;
        app.get(&format!("/api/v1/events/{event}"), Some(&token))
            .await
            .expect(200);
    })
    .await;
}

#[tokio::test]
async fn an_event_says_what_to_bring_and_a_patch_changes_or_clears_it() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        app.festival(&token, "fa", json!({})).await;
        let event = app
            .event(
                &token,
                "fa",
                json!({"materials_note": "  Trae tu portátil  "}),
            )
            .await;
        assert_eq!(
            event["materials_note"], "Trae tu portátil",
            "trimmed like every text"
        );
        let path = format!("/api/v1/events/{}", id(&event));
        let got = app.get(&path, Some(&token)).await.expect(200).json();
        assert_eq!(got["materials_note"], "Trae tu portátil");

        let patched = app
            .patch(
                &path,
                Some(&token),
                json!({"materials_note": "Materiales incluidos"}),
            )
            .await
            .expect(200)
            .json();
        assert_eq!(patched["materials_note"], "Materiales incluidos");
        assert_eq!(
            patched["title"], event["title"],
            "other fields keep their value"
        );
        let cleared = app
            .patch(&path, Some(&token), json!({"materials_note": null}))
            .await
            .expect(200)
            .json();
        assert!(cleared["materials_note"].is_null());

        for bad in [
            json!("Trae\r\nBcc: x@example.org"),
            json!("x".repeat(301)),
            json!(7),
        ] {
            let fields = app
                .patch(&path, Some(&token), json!({"materials_note": bad}))
                .await
                .invalid_fields();
            assert_eq!(fields, vec!["materials_note"], "{bad}");
        }
        let fields = app
            .try_event(&token, "fa", json!({"materials_note": "Trae\u{202e}tu"}))
            .await
            .invalid_fields();
        assert_eq!(fields, vec!["materials_note"]);
    })
    .await;
}

#[tokio::test]
async fn a_tag_with_a_comma_is_refused_as_calendars_would_read_two() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        app.festival(&token, "fa", json!({})).await;
        for field in ["themes", "audience"] {
            let problem = app
                .try_event(&token, "fa", json!({ field: ["arte, cultura"] }))
                .await
                .problem(422);
            assert_eq!(problem["errors"][0]["field"], field, "{problem}");
            assert!(problem.to_string().contains("comma"), "{problem}");
        }
    })
    .await;
}
