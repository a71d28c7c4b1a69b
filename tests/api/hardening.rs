//! What no single registration, client or database copy may break: a poisoned name, a reused
//! idempotency key, a probe for someone's calendar, a very large cancellation, a flood, a
//! bouncing address, a half-sent request.

use std::time::Instant;

use chrono::Utc;
use convoca::jobs::tick;
use entity::{person, registration};
use sea_orm::{EntityTrait, Set};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

use crate::{
    helpers::{MailTo, TestApp, backends, on_each_db, on_each_db_with_smtp, spawn_app_with_env},
    smtp::{BOUNCING_DOMAIN, SmtpServer},
};

/// A published festival `fa` with one workshop of `capacity` seats; (organiser token, event id).
async fn workshop(app: &TestApp, capacity: Value) -> (String, String) {
    let token = app.organiser("quito").await;
    app.festival(&token, "fa", json!({})).await;
    let event = app.event(&token, "fa", json!({"capacity": capacity})).await;
    app.publish(&token, "fa").await;
    (token, event["id"].as_str().expect("an id").to_owned())
}

fn registration(name: &str, email: &str) -> Value {
    json!({"name": name, "email": email, "consent": true})
}

async fn register(app: &TestApp, event: &str, body: Value) -> crate::helpers::Reply {
    app.post(&format!("/api/v1/events/{event}/registrations"), None, body)
        .await
}

#[tokio::test]
async fn control_characters_and_bidi_overrides_are_refused_naming_the_field() {
    on_each_db(async |app| {
        let (token, event) = workshop(&app, json!(10)).await;

        let fields = register(&app, &event, registration("Poison\r\nName", "p@example.org"))
            .await
            .invalid_fields();
        assert_eq!(fields, vec!["name"]);
        let mut body = registration("Rosa", "rosa@example.org");
        body["access_needs"] = json!("silla de ruedas\u{202E}");
        let fields = register(&app, &event, body).await.invalid_fields();
        assert_eq!(fields, vec!["access_needs"]);
        let fields = register(&app, &event, registration("Rosa", "rosa@[127.0.0.1]"))
            .await
            .invalid_fields();
        assert_eq!(fields, vec!["email"]);

        let fields = app
            .try_event(&token, "fa", json!({"title": "Taller\u{1}", "host": "Ana\tPérez"}))
            .await
            .invalid_fields();
        assert_eq!(fields, vec!["host", "title"]);
        let fields = app
            .post(
                "/api/v1/venues",
                Some(&token),
                json!({"name": "Biblioteca", "address": "Calle 1\nBcc: x", "city": "Quito\u{85}", "country": "EC"}),
            )
            .await
            .invalid_fields();
        assert_eq!(fields, vec!["address", "city"]);
        // A description keeps its line breaks.
        app.try_event(
            &token,
            "fa",
            json!({"description": "Primera línea\nSegunda línea", "starts_at": crate::helpers::at("15:00"), "ends_at": crate::helpers::at("16:00")}),
        )
        .await
        .expect(201);
    })
    .await;
}

#[tokio::test]
async fn a_row_that_cannot_be_written_fails_with_its_reason_and_the_rest_of_its_batch_is_delivered()
{
    on_each_db_with_smtp(async |app, smtp| {
        let (token, event) = workshop(&app, json!(10)).await;
        let mut ids = Vec::new();
        for who in ["ana", "bea", "carla", "dora"] {
            let made = register(
                &app,
                &event,
                registration(who, &format!("{who}@example.org")),
            )
            .await
            .expect(201)
            .json();
            ids.push(made["id"].as_str().expect("an id").to_owned());
        }
        // Rows written before input was checked (or by hand): a name that would split a header,
        // an address no mailbox can have.
        app.set_column(
            registration::Entity,
            registration::Column::Name,
            &ids[1],
            "Poison\r\nBcc: evil@example.org",
        )
        .await;
        app.set_column(
            registration::Entity,
            registration::Column::Email,
            &ids[2],
            "not an address",
        )
        .await;

        let done = tick(&app.state, Utc::now()).await.expect("a tick");

        assert_eq!((done.dispatched.sent, done.dispatched.failed), (3, 1));
        assert_eq!(smtp.mails_to("ana@example.org").len(), 1);
        assert_eq!(smtp.mails_to("dora@example.org").len(), 1);
        let poisoned = smtp.mails_to("bea@example.org");
        assert_eq!(poisoned.len(), 1);
        assert!(!poisoned[0].headers.iter().any(|h| h == "bcc"));
        let failed = app
            .get(
                "/api/v1/festivals/fa/notifications?status=failed",
                Some(&token),
            )
            .await
            .expect(200)
            .json();
        assert_eq!(failed["total"], 1);
        let error = failed["items"][0]["last_error"].as_str().expect("a reason");
        assert!(error.contains("recipient address"), "{error}");
        let pending = app
            .get(
                "/api/v1/festivals/fa/notifications?status=pending",
                Some(&token),
            )
            .await
            .expect(200)
            .json();
        assert_eq!(pending["total"], 0, "nothing is left claimed and pending");
    })
    .await;
}

#[tokio::test]
async fn the_same_idempotency_key_with_another_request_is_refused_never_answered() {
    on_each_db(async |app| {
        let (_, event) = workshop(&app, json!(10)).await;
        let post = |body: Value, key: String| {
            let request = app
                .client
                .post(format!(
                    "{}/api/v1/events/{event}/registrations",
                    app.address
                ))
                .header("Idempotency-Key", key)
                .json(&body);
            async move {
                let response = request.send().await.expect("an answer");
                let status = response.status().as_u16();
                (status, response.json::<Value>().await.expect("JSON"))
            }
        };

        let (status, first) = post(registration("Rosa", "rosa@example.org"), "k-1".into()).await;
        assert_eq!(status, 201);
        let (status, again) = post(registration("Rosa", "rosa@example.org"), "k-1".into()).await;
        assert_eq!(status, 201);
        assert_eq!(
            again, first,
            "a retry gets the first answer, manage token included"
        );
        let (status, other) = post(registration("Eva", "eva@example.org"), "k-1".into()).await;
        assert_eq!(status, 422);
        assert_eq!(other["errors"][0]["field"], "Idempotency-Key");
        assert!(other.get("manage_token").is_none());
        let (status, long) = post(registration("Eva", "eva@example.org"), "k".repeat(201)).await;
        assert_eq!(
            (status, &long["errors"][0]["field"]),
            (422, &json!("Idempotency-Key"))
        );

        // Kept answers hold no secret, and are forgotten after a day.
        let kept = entity::idempotency_key::Entity::find()
            .all(app.db.conn())
            .await
            .expect("rows");
        assert_eq!(kept.len(), 1);
        let token = first["manage_token"].as_str().expect("a token");
        assert!(!kept[0].response.contains(token));
        tick(&app.state, Utc::now() + chrono::Duration::hours(25))
            .await
            .expect("a tick");
        let kept = entity::idempotency_key::Entity::find()
            .all(app.db.conn())
            .await
            .expect("rows");
        assert!(kept.is_empty());
    })
    .await;
}

#[tokio::test]
async fn knowing_an_address_reveals_no_calendar_and_the_link_goes_only_to_that_address() {
    on_each_db_with_smtp(async |app, smtp| {
        let (_, event) = workshop(&app, json!(10)).await;
        let token = app.organiser("otra").await;
        app.festival(&token, "fb", json!({})).await;
        let other = app.event(&token, "fb", json!({})).await;
        app.publish(&token, "fb").await;
        let mine = register(&app, &event, registration("Rosa", "rosa@example.org"))
            .await
            .expect(201)
            .json();
        // Someone who knows Rosa's address registers her for another event.
        let probe = register(
            &app,
            other["id"].as_str().expect("an id"),
            registration("Rosa", "rosa@example.org"),
        )
        .await
        .expect(201)
        .json();

        let calendar = app.calendar_path("rosa@example.org").await;
        for answer in [&mine, &probe] {
            assert!(!answer.to_string().contains("/feeds/people/"), "{answer}");
        }
        let view = app
            .get(
                &format!(
                    "/api/v1/registrations/{}",
                    probe["manage_token"].as_str().expect("token")
                ),
                None,
            )
            .await
            .expect(200)
            .json();
        assert!(!view.to_string().contains("/feeds/people/"), "{view}");
        assert!(view.get("other_registrations").is_none(), "{view}");
        assert!(!view.to_string().contains(mine["id"].as_str().expect("id")));

        let path = format!(
            "/api/v1/registrations/{}/calendar-link",
            mine["manage_token"].as_str().expect("token")
        );
        let asked = app.post(&path, None, json!({})).await.expect(202).json();
        assert_eq!(asked, json!({"status": "queued"}));
        app.post(&path, None, json!({})).await.expect(202);
        tick(&app.state, Utc::now()).await.expect("a tick");
        let links: Vec<_> = smtp
            .mails_to("rosa@example.org")
            .into_iter()
            .filter(|m| m.text.contains(&format!("https://convoca.test{calendar}")))
            .filter(|m| m.subject.contains("calendar"))
            .collect();
        assert_eq!(links.len(), 1, "once an hour, to her address only");
        app.get(&calendar, None).await.expect(200);

        // Only the hash of the feed token is stored, and the key is not in the database.
        let people = person::Entity::find()
            .all(app.db.conn())
            .await
            .expect("rows");
        let token = calendar
            .trim_start_matches("/feeds/people/")
            .trim_end_matches(".ics");
        assert!(people.iter().all(|p| !p.feed_token_hash.contains(token)));
        let keys = entity::instance_key::Entity::find()
            .all(app.db.conn())
            .await
            .expect("rows");
        if matches!(app.backend, crate::helpers::Backend::Sqlite) {
            assert!(keys.is_empty(), "the key lives in the key file");
        }
    })
    .await;
}

/// Writes `count` confirmed registrations of new people for `event` straight to the database,
/// a thousand rows per statement.
async fn seed_registrations(app: &TestApp, event: &str, count: usize) {
    let event = Uuid::parse_str(event).expect("a uuid");
    let now = Utc::now();
    for start in (0..count).step_by(1000) {
        let ids: Vec<(Uuid, Uuid)> = (start..count.min(start + 1000))
            .map(|_| (Uuid::new_v4(), Uuid::new_v4()))
            .collect();
        person::Entity::insert_many(ids.iter().map(|(p, _)| person::ActiveModel {
            id: Set(*p),
            email: Set(format!("{p}@example.org")),
            feed_token_hash: Set(format!("seed-{p}")),
            created_at: Set(now),
            bounced_at: Set(None),
            bounce_reason: Set(None),
        }))
        .exec_without_returning(app.db.conn())
        .await
        .expect("people");
        registration::Entity::insert_many(ids.iter().map(|(p, r)| registration::ActiveModel {
            id: Set(*r),
            event_id: Set(event),
            person_id: Set(*p),
            name: Set("Vecina".to_owned()),
            email: Set(format!("{p}@example.org")),
            seats: Set(1),
            status: Set(entity::vocabulary::RegistrationStatus::Confirmed),
            locale: Set("es".to_owned()),
            access_needs: Set(None),
            manage_token_hash: Set(format!("seed-{r}")),
            checked_in_at: Set(None),
            cancelled_at: Set(None),
            reminders: Set(true),
            waitlist_ticket: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }))
        .exec_without_returning(app.db.conn())
        .await
        .expect("registrations");
    }
}

async fn outbox_rows(app: &TestApp) -> usize {
    entity::outbox::Entity::find()
        .all(app.db.conn())
        .await
        .expect("rows")
        .len()
}

#[tokio::test]
async fn cancelling_an_event_of_10000_and_a_festival_of_50000_registrations_notifies_everyone() {
    on_each_db(async |app| {
        let (token, event) = workshop(&app, Value::Null).await;
        seed_registrations(&app, &event, 10_000).await;

        let started = Instant::now();
        app.post(&format!("/api/v1/events/{event}/cancel"), Some(&token), json!({}))
            .await
            .expect(200);
        eprintln!("cancelled an event of 10,000 registrations in {:?}", started.elapsed());
        assert_eq!(outbox_rows(&app).await, 10_000);

        app.festival(&token, "big", json!({})).await;
        for hour in 0..5 {
            let e = app
                .event(
                    &token,
                    "big",
                    json!({"capacity": null, "starts_at": crate::helpers::at(&format!("{:02}:00", 8 + 2 * hour)), "ends_at": crate::helpers::at(&format!("{:02}:00", 9 + 2 * hour))}),
                )
                .await;
            seed_registrations(&app, e["id"].as_str().expect("an id"), 10_000).await;
        }
        app.publish(&token, "big").await;
        let started = Instant::now();
        app.post("/api/v1/festivals/big/cancel", Some(&token), json!({}))
            .await
            .expect(200);
        eprintln!("cancelled a festival of 50,000 registrations in {:?}", started.elapsed());
        assert_eq!(outbox_rows(&app).await, 60_000);
    })
    .await;
}

#[tokio::test]
async fn anonymous_changes_are_limited_per_client_address_with_retry_after() {
    for backend in backends() {
        let app = spawn_app_with_env(
            backend,
            MailTo::Files,
            &[
                ("CONVOCA_RATE_LIMIT_PER_MINUTE", "3"),
                ("CONVOCA_TRUSTED_PROXIES", "127.0.0.1"),
            ],
        )
        .await;
        let (_, event) = workshop(&app, json!(100)).await;
        let from = |client: &'static str, n: usize| {
            app.client
                .post(format!(
                    "{}/api/v1/events/{event}/registrations",
                    app.address
                ))
                .header("X-Forwarded-For", client)
                .json(&registration(
                    "Ana",
                    &format!("ana{n}.{client}@example.org"),
                ))
                .send()
        };
        for n in 0..3 {
            assert_eq!(from("198.51.100.1", n).await.expect("answer").status(), 201);
        }
        let refused = from("198.51.100.1", 3).await.expect("answer");
        assert_eq!(refused.status(), 429);
        let wait: u64 = refused.headers()["retry-after"]
            .to_str()
            .expect("text")
            .parse()
            .expect("seconds");
        assert!((1..=60).contains(&wait), "{wait}");
        assert_eq!(
            refused.headers()["content-type"],
            "application/problem+json"
        );
        // Another client behind the same proxy has its own allowance.
        assert_eq!(from("198.51.100.2", 0).await.expect("answer").status(), 201);
    }
}

#[tokio::test]
async fn an_address_makes_at_most_twenty_registrations_a_day_per_festival() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        app.festival(&token, "fa", json!({})).await;
        let mut events = Vec::new();
        for i in 0..21 {
            let minute = format!("{:02}", i * 2);
            let e = app
                .event(&token, "fa", json!({"starts_at": format!("2027-03-10T10:{minute}:00-05:00"), "ends_at": format!("2027-03-10T10:{minute}:30-05:00")}))
                .await;
            events.push(e["id"].as_str().expect("an id").to_owned());
        }
        app.publish(&token, "fa").await;
        for event in &events[..20] {
            register(&app, event, registration("Ana", "ana@example.org")).await.expect(201);
        }
        let refused = register(&app, &events[20], registration("Ana", "ana@example.org")).await;
        assert!(refused.headers.contains_key("retry-after"));
        refused.problem(429);
    })
    .await;
}

#[tokio::test]
async fn an_address_that_refused_mail_gets_no_more() {
    on_each_db_with_smtp(async |app, smtp: SmtpServer| {
        let (token, event) = workshop(&app, json!(10)).await;
        let nobody = format!("nobody{BOUNCING_DOMAIN}");
        let made = register(&app, &event, registration("Nadie", &nobody))
            .await
            .expect(201)
            .json();
        let first = tick(&app.state, Utc::now()).await.expect("a tick");
        assert_eq!(first.dispatched.failed, 1);

        // Cancelling would send another email; the address is known to bounce.
        app.delete(
            &format!(
                "/api/v1/registrations/{}",
                made["manage_token"].as_str().expect("token")
            ),
            None,
        )
        .await
        .expect(200);
        let second = tick(&app.state, Utc::now()).await.expect("a tick");
        assert_eq!((second.dispatched.sent, second.dispatched.skipped), (0, 1));
        assert_eq!(smtp.count(), 0);
        let skipped = app
            .get(
                "/api/v1/festivals/fa/notifications?status=skipped",
                Some(&token),
            )
            .await
            .expect(200)
            .json();
        let reason = skipped["items"][0]["last_error"]
            .as_str()
            .expect("a reason");
        assert!(reason.contains("refused an earlier email"), "{reason}");
    })
    .await;
}

#[tokio::test]
async fn a_connection_that_sends_half_a_header_is_closed() {
    let app = spawn_app_with_env(
        crate::helpers::Backend::Sqlite,
        MailTo::Files,
        &[("CONVOCA_IDLE_TIMEOUT_SECONDS", "1")],
    )
    .await;
    let address = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connects");
    stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: convoca")
        .await
        .expect("writes");
    let mut buf = Vec::new();
    let closed = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut buf),
    )
    .await;
    assert!(closed.is_ok(), "the server kept a half-sent request open");
}

#[tokio::test]
async fn browsers_elsewhere_are_refused_and_metrics_are_for_the_operator() {
    for backend in backends() {
        let app = spawn_app_with_env(
            backend,
            MailTo::Files,
            &[
                ("CONVOCA_CORS_ORIGINS", "https://agenda.quito.gob.ec"),
                ("CONVOCA_METRICS_ALLOW", "10.0.0.0/8"),
            ],
        )
        .await;
        let with_origin = |origin: &'static str| {
            app.client
                .get(format!("{}/api/v1/festivals", app.address))
                .header("Origin", origin)
                .send()
        };
        let allowed = with_origin("https://agenda.quito.gob.ec")
            .await
            .expect("answer");
        assert_eq!(allowed.status(), 200);
        assert_eq!(
            allowed.headers()["access-control-allow-origin"],
            "https://agenda.quito.gob.ec"
        );
        let refused = with_origin("https://evil.example").await.expect("answer");
        assert_eq!(refused.status(), 403);
        assert!(
            !refused
                .headers()
                .contains_key("access-control-allow-origin")
        );
        let own = with_origin("https://convoca.test").await.expect("answer");
        assert_eq!(own.status(), 200, "the service's own pages may call it");

        app.get("/metrics", None).await.problem(403);
    }
}
