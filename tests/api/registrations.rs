//! Registrations: seats never oversold, a fair waiting list, self-service with a manage token.

use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::helpers::{TestApp, at, on_each_db, spawn_with_url};

/// A published festival with one workshop of `capacity` seats; returns the event id.
async fn workshop(app: &TestApp, capacity: i64) -> String {
    let token = app.organiser("quito").await;
    app.festival(&token, "fa", json!({})).await;
    let event = app.event(&token, "fa", json!({"capacity": capacity})).await;
    app.publish(&token, "fa").await;
    event["id"].as_str().expect("an id").to_owned()
}

async fn register(app: &TestApp, event: &str, email: &str, seats: i64) -> Value {
    app.post(
        &format!("/api/v1/events/{event}/registrations"),
        None,
        json!({"name": "Rosa Quishpe", "email": email, "seats": seats, "consent": true}),
    )
    .await
    .expect(201)
    .json()
}

async fn seats_of(app: &TestApp, event: &str) -> (i64, i64, i64) {
    let e = app
        .get(&format!("/api/v1/events/{event}"), None)
        .await
        .expect(200)
        .json();
    let n = |k: &str| e[k].as_i64().unwrap_or(-1);
    (n("seats_taken"), n("seats_left"), n("waitlist_length"))
}

#[tokio::test]
async fn a_family_registers_fills_the_workshop_and_the_line_moves_up_on_cancel() {
    on_each_db(async |app| {
        let event = workshop(&app, 10).await;
        let family = register(&app, &event, "abuela@example.org", 3).await;
        assert_eq!(family["status"], "confirmed");
        assert!(family["manage_token"].as_str().expect("token").len() >= 40);
        assert!(
            family.get("calendar_url").is_none(),
            "the calendar link travels by email only"
        );
        register(&app, &event, "b@example.org", 7).await;
        assert_eq!(seats_of(&app, &event).await, (10, 0, 0));

        let first = register(&app, &event, "c@example.org", 2).await;
        let second = register(&app, &event, "d@example.org", 1).await;
        assert_eq!(
            (
                first["status"].as_str(),
                first["waitlist_position"].as_u64()
            ),
            (Some("waitlisted"), Some(1))
        );
        assert_eq!(second["waitlist_position"], 2);
        assert_eq!(seats_of(&app, &event).await, (10, 0, 2));

        // The family of three cancels: the group of two, then the one, move up.
        let manage = format!(
            "/api/v1/registrations/{}",
            family["manage_token"].as_str().expect("token")
        );
        let cancelled = app.delete(&manage, None).await.expect(200).json();
        assert_eq!(cancelled["status"], "cancelled");
        app.get(&manage, None).await.expect(200);
        let promoted = app
            .get(
                &format!(
                    "/api/v1/registrations/{}",
                    first["manage_token"].as_str().expect("token")
                ),
                None,
            )
            .await
            .expect(200)
            .json();
        assert_eq!(promoted["status"], "confirmed");
        assert_eq!(seats_of(&app, &event).await, (10, 0, 0));
        // Cancelling again changes nothing.
        app.delete(&manage, None).await.expect(200);
        assert_eq!(seats_of(&app, &event).await, (10, 0, 0));
    })
    .await;
}

#[tokio::test]
async fn freed_seats_skip_a_group_that_does_not_fit_and_positions_stay_exact() {
    on_each_db(async |app| {
        let event = workshop(&app, 4).await;
        let holder = register(&app, &event, "holder@example.org", 4).await;
        let big = register(&app, &event, "big@example.org", 4).await;
        let small = register(&app, &event, "small@example.org", 1).await;
        let last = register(&app, &event, "last@example.org", 1).await;
        assert_eq!(last["waitlist_position"], 3);
        // Free 2 seats by moving the holder down: cancel it and re-register with 2.
        app.delete(
            &format!(
                "/api/v1/registrations/{}",
                holder["manage_token"].as_str().expect("t")
            ),
            None,
        )
        .await
        .expect(200);
        // 4 seats free: the group of 4 at the head fits and goes first.
        let status = async |r: &Value| -> Value {
            app.get(
                &format!(
                    "/api/v1/registrations/{}",
                    r["manage_token"].as_str().expect("t")
                ),
                None,
            )
            .await
            .expect(200)
            .json()
        };
        assert_eq!(status(&big).await["status"], "confirmed");
        assert_eq!(status(&small).await["waitlist_position"], 1);
        assert_eq!(status(&last).await["waitlist_position"], 2);
        app.delete(
            &format!(
                "/api/v1/registrations/{}",
                big["manage_token"].as_str().expect("t")
            ),
            None,
        )
        .await
        .expect(200);
        assert_eq!(status(&small).await["status"], "confirmed");
        assert_eq!(status(&last).await["status"], "confirmed");
        assert_eq!(seats_of(&app, &event).await, (2, 2, 0));
    })
    .await;
}

#[tokio::test]
async fn a_freed_seat_finds_the_first_group_that_fits_however_far_down_the_line() {
    on_each_db(async |app| {
        let event = workshop(&app, 1).await;
        let holder = register(&app, &event, "holder@example.org", 1).await;
        // A long line of pairs, past the page the promotion reads at a time, then one person
        // alone: the freed seat is theirs.
        for i in 0..230 {
            register(&app, &event, &format!("pair{i}@example.org"), 2).await;
        }
        let alone = register(&app, &event, "alone@example.org", 1).await;
        assert_eq!(alone["waitlist_position"], 231);
        let path = |r: &Value| {
            format!(
                "/api/v1/registrations/{}",
                r["manage_token"].as_str().expect("t")
            )
        };
        app.delete(&path(&holder), None).await.expect(200);
        let now = app.get(&path(&alone), None).await.expect(200).json();
        assert_eq!(now["status"], "confirmed");
        assert_eq!(seats_of(&app, &event).await, (1, 0, 230));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_concurrent_attempts_for_ten_seats_never_oversell() {
    on_each_db(async |app| {
        let event = workshop(&app, 10).await;
        // A second server on the same database, as behind a load balancer.
        let other = spawn_with_url(&app.database_url()).await;
        let attempts = (0..100).map(|i| {
            let (server, event) = (if i % 2 == 0 { &app } else { &other }, &event);
            async move { register(server, event, &format!("persona{i}@example.org"), 1).await }
        });
        let answers = futures::future::join_all(attempts).await;
        let confirmed = answers
            .iter()
            .filter(|a| a["status"] == "confirmed")
            .count();
        let mut positions: Vec<u64> = answers
            .iter()
            .filter_map(|a| a["waitlist_position"].as_u64())
            .collect();
        positions.sort_unstable();
        assert_eq!(confirmed, 10);
        assert_eq!(seats_of(&app, &event).await, (10, 0, 90));
        // Each newcomer was told the list's length as they joined it, under the event's lock
        // and from two servers at once: the answers are exactly 1..=90.
        assert_eq!(positions, (1..=90).collect::<Vec<u64>>());
        // Read back now that all have arrived: nobody has left, so each still has the place
        // they were told, and the order of the line is the order of those answers.
        let position_now = |token: String| {
            let app = &app;
            async move {
                app.get(&format!("/api/v1/registrations/{token}"), None)
                    .await
                    .expect(200)
                    .json()
            }
        };
        let token = |a: &Value| a["manage_token"].as_str().expect("t").to_owned();
        for a in answers.iter().filter(|a| a["status"] == "waitlisted") {
            let now = position_now(token(a)).await;
            assert_eq!(now["waitlist_position"], a["waitlist_position"]);
        }

        // Three seats freed at once on both servers go to the first three in line, in order,
        // and everyone behind moves up by three.
        let cancels = answers
            .iter()
            .filter(|a| a["status"] == "confirmed")
            .take(3)
            .enumerate()
            .map(|(i, a)| {
                let server = if i % 2 == 0 { &app } else { &other };
                let path = format!("/api/v1/registrations/{}", token(a));
                async move { server.delete(&path, None).await.expect(200) }
            });
        futures::future::join_all(cancels).await;
        assert_eq!(seats_of(&app, &event).await, (10, 0, 87));
        for a in answers.iter().filter(|a| a["status"] == "waitlisted") {
            let was = a["waitlist_position"].as_u64().expect("a position");
            let now = position_now(token(a)).await;
            if was <= 3 {
                assert_eq!(now["status"], "confirmed", "position {was} moved up");
            } else {
                assert_eq!(now["waitlist_position"], was - 3);
            }
        }
    })
    .await;
}

#[tokio::test]
async fn a_registration_moves_its_events_seat_counts_and_never_the_festival_row() {
    on_each_db(async |app| {
        let event = workshop(&app, 10).await;
        let festival = || async {
            entity::festival::Entity::find()
                .one(app.db.conn())
                .await
                .expect("the festival reads")
                .expect("a festival")
        };
        // Read once, so the programme and the event are cached before anyone registers.
        let programme = || async {
            app.get("/api/v1/festivals/fa/events", None)
                .await
                .expect(200)
                .json()["items"][0]["seats_taken"]
                .clone()
        };
        assert_eq!(programme().await, 0);
        assert_eq!(seats_of(&app, &event).await, (0, 10, 0));
        let before = festival().await;

        register(&app, &event, "ana@example.org", 2).await;

        // Seats are the event's: the festival row is not written (on PostgreSQL, registrations
        // for its other events do not wait for it), and the cached views show the new counts.
        let after = festival().await;
        assert_eq!(after.programme_version, before.programme_version);
        assert_eq!(after.updated_at, before.updated_at);
        assert_eq!(programme().await, 2);
        assert_eq!(seats_of(&app, &event).await, (2, 8, 0));
    })
    .await;
}

/// One person per address, whichever registration came first: on SQLite the registration's
/// insert reads the person's id from their row in the same batch (store::registrations).
#[tokio::test]
async fn every_registration_of_an_address_belongs_to_its_one_person() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        app.festival(&token, "fa", json!({})).await;
        let mut events = Vec::new();
        for _ in 0..3 {
            let event = app.event(&token, "fa", json!({"capacity": 1})).await;
            events.push(event["id"].as_str().expect("an id").to_owned());
        }
        app.publish(&token, "fa").await;
        register(&app, &events[0], "rosa@example.org", 1).await;
        register(&app, &events[1], "rosa@example.org", 1).await;
        // Full: in line, still the same person.
        register(&app, &events[1], "luis@example.org", 1).await;
        register(&app, &events[2], "luis@example.org", 1).await;
        register(&app, &events[0], "luis@example.org", 1).await;

        let people = entity::person::Entity::find()
            .all(app.db.conn())
            .await
            .expect("people");
        let registrations = entity::registration::Entity::find()
            .all(app.db.conn())
            .await
            .expect("registrations");
        assert_eq!(people.len(), 2);
        assert_eq!(registrations.len(), 5);
        for r in &registrations {
            let person = people.iter().find(|p| p.id == r.person_id);
            assert_eq!(person.map(|p| p.email.as_str()), Some(r.email.as_str()));
        }
    })
    .await;
}

#[tokio::test]
async fn registration_refusals_say_why() {
    on_each_db(async |app| {
        let event = workshop(&app, 10).await;
        let path = format!("/api/v1/events/{event}/registrations");
        register(&app, &event, "ana@example.org", 1).await;
        let problem = app.post(&path, None, json!({"name": "Ana", "email": " ANA@Example.org", "consent": true})).await.problem(409);
        assert!(problem["detail"].as_str().expect("detail").contains("already registered"));
        let fields = app
            .post(&path, None, json!({"name": "", "email": "ana", "seats": 11, "locale": "fr", "consent": false}))
            .await
            .invalid_fields();
        // Every broken rule at once, so a person corrects a form in one go.
        assert_eq!(fields, vec!["consent", "email", "locale", "name", "name", "seats"]);
        let fields = app.post(&path, None, json!({"name": "Ana", "email": "ana", "consent": false})).await.invalid_fields();
        assert_eq!(fields, vec!["consent", "email"]);
        // Values of the wrong type too, and missing ones: all in one answer.
        let fields = app.post(&path, None, json!({"name": 5, "seats": "three", "consent": "yes"})).await.invalid_fields();
        assert_eq!(fields, vec!["consent", "email", "name", "seats"]);

        let token = app.organiser("otra").await;
        app.festival(&token, "borrador", json!({})).await;
        let draft = app.event(&token, "borrador", json!({})).await;
        let open_entry = app.event(&token, "borrador", json!({"registration_required": false, "starts_at": at("15:00"), "ends_at": at("16:00")})).await;
        let body = json!({"name": "Ana", "email": "x@example.org", "consent": true});
        // A draft's event is as unknown as an id that does not exist.
        app.post(&format!("/api/v1/events/{}/registrations", draft["id"].as_str().expect("id")), None, body.clone()).await.problem(404);
        app.publish(&token, "borrador").await;
        let problem = app
            .post(&format!("/api/v1/events/{}/registrations", open_entry["id"].as_str().expect("id")), None, body.clone())
            .await
            .problem(409);
        assert!(problem["detail"].as_str().expect("detail").contains("open entry"));
        let cancel = format!("/api/v1/events/{}/cancel", draft["id"].as_str().expect("id"));
        app.post(&cancel, Some(&token), json!({})).await.expect(200);
        app.post(&format!("/api/v1/events/{}/registrations", draft["id"].as_str().expect("id")), None, body).await.problem(409);
        app.get("/api/v1/registrations/reg_unknown", None).await.problem(404);
    })
    .await;
}

#[tokio::test]
async fn a_retried_registration_with_the_same_idempotency_key_gets_the_first_answer() {
    on_each_db(async |app| {
        let event = workshop(&app, 10).await;
        let url = format!("{}/api/v1/events/{event}/registrations", app.address);
        let send = async || {
            app.client
                .post(&url)
                .header("Idempotency-Key", "telefono-1")
                .header("Accept-Language", "es-EC,es;q=0.9")
                .json(&json!({"name": "Rosa", "email": "rosa@example.org", "seats": 3, "consent": true}))
                .send()
                .await
                .expect("an answer")
        };
        let first = send().await;
        assert_eq!(first.status(), 201);
        let first: Value = first.json().await.expect("json");
        let again = send().await;
        assert_eq!(again.status(), 201);
        assert_eq!(again.json::<Value>().await.expect("json"), first);
        assert_eq!(seats_of(&app, &event).await.0, 3);
        let mine = app.get(&format!("/api/v1/registrations/{}", first["manage_token"].as_str().expect("t")), None).await.expect(200).json();
        assert_eq!(mine["locale"], "es");
    })
    .await;
}

/// A published festival of `quito` with a workshop; returns (organiser token, event id).
async fn organised_workshop(app: &TestApp, capacity: i64) -> (String, String) {
    let token = app.organiser("quito").await;
    app.festival(&token, "fa", json!({})).await;
    let event = app.event(&token, "fa", json!({"capacity": capacity})).await;
    app.publish(&token, "fa").await;
    (token, event["id"].as_str().expect("an id").to_owned())
}

#[tokio::test]
async fn organisers_list_export_and_check_in_their_registrations() {
    on_each_db(async |app| {
        let (token, event) = organised_workshop(&app, 2).await;
        let other = app.organiser("otra").await;
        let ana = register(&app, &event, "ana@example.org", 2).await;
        app.post(
            &format!("/api/v1/events/{event}/registrations"),
            None,
            json!({"name": "=cmd|' /C calc'!A0", "email": "b@example.org", "consent": true, "access_needs": "silla de ruedas"}),
        )
        .await
        .expect(201);
        let path = format!("/api/v1/events/{event}/registrations");

        app.get(&path, None).await.problem(401);
        app.get(&path, Some(&other)).await.problem(403);
        let list = app.get(&path, Some(&token)).await.expect(200).json();
        assert_eq!(list["total"], 2);
        assert_eq!(list["items"][1]["waitlist_position"], 1);
        assert_eq!(list["items"][1]["access_needs"], "silla de ruedas");
        let waiting = app.get(&format!("{path}?status=waitlisted"), Some(&token)).await.expect(200).json();
        assert_eq!(waiting["total"], 1);
        assert_eq!(app.get(&format!("{path}?q=ANA"), Some(&token)).await.expect(200).json()["total"], 1);
        assert_eq!(app.get(&format!("{path}?status=maybe"), Some(&token)).await.invalid_fields(), vec!["status"]);

        let csv = app
            .client
            .get(format!("{}{path}", app.address))
            .bearer_auth(&token)
            .header("Accept", "text/csv")
            .send()
            .await
            .expect("an answer");
        assert_eq!(csv.status(), 200);
        assert!(csv.headers()["content-type"].to_str().unwrap_or_default().starts_with("text/csv"));
        let text = csv.text().await.expect("text");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "id,name,email,seats,status,position,locale,access_needs,created,checked_in");
        let ana_id = ana["id"].as_str().expect("an id");
        assert!(lines[1].starts_with(&format!("{ana_id},Rosa Quishpe,ana@example.org,2,confirmed,,en,,")), "{text}");
        assert!(lines[2].contains(",'=cmd|' /C calc'!A0,b@example.org,1,waitlisted,1,"), "{text}");
        assert!(lines[2].contains(",silla de ruedas,"), "{text}");

        let id = ana["id"].as_str().expect("id");
        app.post(&format!("/api/v1/registrations/{id}/check-in"), Some(&other), json!({})).await.problem(403);
        let first = app.post(&format!("/api/v1/registrations/{id}/check-in"), Some(&token), json!({})).await.expect(200).json();
        assert!(first["checked_in_at"].is_string());
        let again = app.post(&format!("/api/v1/registrations/{id}/check-in"), Some(&token), json!({})).await.expect(200).json();
        assert_eq!(again["checked_in_at"], first["checked_in_at"]);
        let waiting_id = list["items"][1]["id"].as_str().expect("id");
        app.post(&format!("/api/v1/registrations/{waiting_id}/check-in"), Some(&token), json!({})).await.problem(409);
    })
    .await;
}

#[tokio::test]
async fn capacity_changes_promote_or_are_refused_and_cancelling_the_event_cancels_registrations() {
    on_each_db(async |app| {
        let (token, event) = organised_workshop(&app, 2).await;
        register(&app, &event, "a@example.org", 2).await;
        let waiting = register(&app, &event, "b@example.org", 1).await;
        let path = format!("/api/v1/events/{event}");
        app.patch(&path, Some(&token), json!({"capacity": 1}))
            .await
            .problem(409);
        app.patch(&path, Some(&token), json!({"capacity": 3}))
            .await
            .expect(200);
        assert_eq!(seats_of(&app, &event).await, (3, 0, 0));
        let manage = format!(
            "/api/v1/registrations/{}",
            waiting["manage_token"].as_str().expect("t")
        );
        assert_eq!(
            app.get(&manage, None).await.expect(200).json()["status"],
            "confirmed"
        );

        app.post(&format!("{path}/cancel"), Some(&token), json!({}))
            .await
            .expect(200);
        assert_eq!(
            app.get(&manage, None).await.expect(200).json()["status"],
            "cancelled"
        );
        assert_eq!(seats_of(&app, &event).await, (0, 3, 0));
    })
    .await;
}

#[tokio::test]
async fn erasing_a_person_keeps_counts_and_voids_their_tokens() {
    on_each_db(async |app| {
        let (token, event) = organised_workshop(&app, 5).await;
        let mine = register(&app, &event, "Rosa@Example.org", 2).await;
        let other_org = app.organiser("loja").await;
        let erased = app
            .post(
                "/api/v1/privacy/erase",
                Some(&other_org),
                json!({"email": "rosa@example.org"}),
            )
            .await
            .expect(200)
            .json();
        assert_eq!(
            erased["erased"], 0,
            "an organiser erases only on its own events"
        );
        app.post(
            "/api/v1/privacy/erase",
            None,
            json!({"email": "rosa@example.org"}),
        )
        .await
        .problem(401);
        let erased = app
            .post(
                "/api/v1/privacy/erase",
                Some(&token),
                json!({"email": " ROSA@example.org"}),
            )
            .await
            .expect(200)
            .json();
        assert_eq!(erased["erased"], 1);
        app.get(
            &format!(
                "/api/v1/registrations/{}",
                mine["manage_token"].as_str().expect("t")
            ),
            None,
        )
        .await
        .problem(404);
        assert_eq!(seats_of(&app, &event).await, (2, 3, 0));
        let list = app
            .get(
                &format!("/api/v1/events/{event}/registrations"),
                Some(&token),
            )
            .await
            .expect(200)
            .json();
        assert_eq!(list["items"][0]["name"], "(erased)");
        assert!(!list.to_string().contains("rosa@"));
        app.post(
            "/api/v1/privacy/erase",
            Some(&app.admin),
            json!({"email": "rosa@example.org"}),
        )
        .await
        .expect(200);
    })
    .await;
}

#[tokio::test]
async fn an_event_cancelled_after_its_gate_was_read_takes_nobody_and_keeps_nothing() {
    use convoca::{
        domain::{email::Email, token::ManageKey},
        error::AppError,
        store::registrations::{self, NewRegistration},
    };
    use sea_orm::{ColumnTrait, QueryFilter};

    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        app.festival(&token, "fa", json!({})).await;
        let event = app.event(&token, "fa", json!({"capacity": 5})).await;
        app.publish(&token, "fa").await;
        let id: uuid::Uuid = event["id"]
            .as_str()
            .expect("an id")
            .parse()
            .expect("a uuid");
        // The gate is read while the event is open; it is cancelled before the write.
        let gate = registrations::gate(app.db.conn(), id, "tarde@example.org", chrono::Utc::now())
            .await
            .expect("gate");
        app.cancel_event(&token, id).await;
        let new = NewRegistration {
            name: "Tarde".to_owned(),
            email: Email::parse("tarde@example.org").expect("an address"),
            seats: 1,
            locale: "es",
            access_needs: None,
        };
        let txn = app.db.begin_write().await.expect("a transaction");
        let made = registrations::register(&txn, &ManageKey::new(b"a key"), &gate, &new).await;
        // What a failed registration leaves is undone with its transaction anyway: commit it,
        // to see that it left nothing.
        txn.commit().await.expect("commit");
        assert!(
            matches!(made, Err(AppError::Conflict(_))),
            "{:?}",
            made.err()
        );
        let people = entity::person::Entity::find()
            .filter(entity::person::Column::Email.eq("tarde@example.org"))
            .all(app.db.conn())
            .await
            .expect("people");
        assert!(
            people.is_empty(),
            "no person is kept for a registration refused"
        );
        assert_eq!(seats_of(&app, &id.to_string()).await, (0, 5, 0));
    })
    .await;
}
