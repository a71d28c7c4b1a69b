//! What mail and calendar clients do with Convoca's email: the organiser a reply reaches, the
//! cancellation a calendar applies to one person, the reminder a mailbox provider can turn
//! off in one click, and the calendar a person with nothing ahead still subscribes to.

use chrono::{DateTime, Utc};
use convoca::jobs::tick;
use icalendar::{Calendar, Component};
use serde_json::{Value, json};

use crate::{
    helpers::{TestApp, at, on_each_db, on_each_db_with_smtp},
    smtp::{Mail, SmtpServer},
};

/// The workshop of `quito` (its organisation's address is `quito@org.example`), published,
/// on 2027-03-09 10:00–12:00 Quito time (15:00 UTC); returns (organiser token, event id).
async fn workshop(app: &TestApp) -> (String, String) {
    let token = app.organiser("quito").await;
    app.festival(&token, "fa", json!({"title": "Quito Aprende"}))
        .await;
    let venue = app.venue(&token, json!({})).await;
    let event = app
        .event(
            &token,
            "fa",
            json!({"capacity": 10, "title": "Robótica", "venue_id": venue}),
        )
        .await;
    app.publish(&token, "fa").await;
    (token, event["id"].as_str().expect("an id").to_owned())
}

async fn register(app: &TestApp, event: &str, email: &str) -> Value {
    app.post(
        &format!("/api/v1/events/{event}/registrations"),
        None,
        json!({"name": "Rosa Quishpe", "email": email, "locale": "es", "consent": true}),
    )
    .await
    .expect(201)
    .json()
}

fn time(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("a time")
        .with_timezone(&Utc)
}

/// The invitation a mail carries, as a calendar client reads it (see [`Mail::invitation`]).
fn calendar_of(mail: &Mail) -> (String, icalendar::Event) {
    mail.invitation()
}

fn last_to(smtp: &SmtpServer, address: &str) -> Mail {
    smtp.mails_to(address).pop().expect("a mail")
}

#[tokio::test]
async fn replies_reach_the_organisation_and_its_name_is_the_organizer() {
    on_each_db_with_smtp(async |app, smtp| {
        let (_, event) = workshop(&app).await;
        register(&app, &event, "rosa@example.org").await;
        tick(&app.state, Utc::now()).await.expect("a tick");

        let mail = last_to(&smtp, "rosa@example.org");
        assert_eq!(mail.reply_to.as_deref(), Some("quito@org.example"));
        let (_, vevent) = calendar_of(&mail);
        let organizer = vevent.properties().get("ORGANIZER").expect("an ORGANIZER");
        assert_eq!(organizer.value(), "mailto:quito@org.example");
        assert_eq!(
            organizer.params().get("CN").map(|p| p.value()),
            Some("Org quito")
        );
        // The feeds name the same organiser.
        let feed = app.get("/feeds/festivals/fa.ics", None).await.expect(200);
        assert!(
            feed.text
                .contains("ORGANIZER;CN=Org quito:mailto:quito@org.example\r\n"),
            "{}",
            feed.text
        );
    })
    .await;
}

#[tokio::test]
async fn a_persons_cancellation_uninvites_them_and_every_message_climbs() {
    on_each_db_with_smtp(async |app, smtp| {
        let (_, event) = workshop(&app).await;
        let first = register(&app, &event, "rosa@example.org").await;
        tick(&app.state, Utc::now()).await.expect("a tick");
        let token = first["manage_token"].as_str().expect("a token");
        app.delete(&format!("/api/v1/registrations/{token}"), None)
            .await
            .expect(200);
        tick(&app.state, Utc::now()).await.expect("a tick");
        register(&app, &event, "rosa@example.org").await;
        tick(&app.state, Utc::now()).await.expect("a tick");

        let mails = smtp.mails_to("rosa@example.org");
        assert_eq!(mails.len(), 3, "confirmed, cancelled, confirmed again");
        let messages: Vec<(String, icalendar::Event)> = mails.iter().map(calendar_of).collect();
        let methods: Vec<&str> = messages.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(methods, ["REQUEST", "CANCEL", "REQUEST"]);
        let sequences: Vec<i64> = messages
            .iter()
            .map(|(_, e)| {
                e.property_value("SEQUENCE")
                    .expect("a SEQUENCE")
                    .parse()
                    .expect("a number")
            })
            .collect();
        assert!(
            sequences.windows(2).all(|w| w[0] < w[1]),
            "each message above the last: {sequences:?}"
        );
        // Her cancellation names her and leaves the event itself standing (RFC 5546 §3.2.5).
        let (_, cancel) = &messages[1];
        assert_eq!(cancel.property_value("STATUS"), None, "no STATUS");
        let attendees = cancel
            .multi_properties()
            .get("ATTENDEE")
            .expect("an ATTENDEE");
        assert_eq!(attendees[0].value(), "mailto:rosa@example.org");
        assert_eq!(
            messages[0].1.get_uid(),
            cancel.get_uid(),
            "the same calendar entry"
        );
        // The cancellation's tree is an invitation's: alternative, then attachment.
        assert!(
            mails[1]
                .tree
                .iter()
                .any(|t| t.contains("text/calendar") && t.contains("method=CANCEL")),
            "{:?}",
            mails[1].tree
        );
    })
    .await;
}

/// The `List-Unsubscribe` URL of a reminder, checked against RFC 8058.
fn unsubscribe_url(mail: &Mail) -> String {
    let header = |name: &str| {
        mail.raw
            .split("\r\n")
            .find_map(|line| line.strip_prefix(&format!("{name}: ")))
            .map(str::to_owned)
    };
    assert_eq!(
        header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let url = header("List-Unsubscribe").expect("a List-Unsubscribe");
    let url = url
        .strip_prefix('<')
        .and_then(|u| u.strip_suffix('>'))
        .expect("<url>");
    assert!(url.starts_with("https://convoca.test/r/reg_"), "{url}");
    assert!(url.ends_with("/reminders"), "{url}");
    url.to_owned()
}

#[tokio::test]
async fn a_reminder_can_be_turned_off_in_one_click_and_stays_off() {
    on_each_db_with_smtp(async |app, smtp| {
        let (_, event) = workshop(&app).await;
        for who in ["multipart", "urlencoded", "browser"] {
            register(&app, &event, &format!("{who}@example.org")).await;
        }
        tick(&app.state, Utc::now()).await.expect("a tick");
        for mail in smtp.mails() {
            assert!(
                !mail.raw.contains("List-Unsubscribe"),
                "a confirmation is not mail to turn off"
            );
        }
        // The day before: the first reminder, with its one-click link (and the same link in
        // its text, for people).
        tick(&app.state, time("2027-03-08T15:00:00Z"))
            .await
            .expect("a tick");
        let url = |who: &str| {
            let mail = last_to(&smtp, &format!("{who}@example.org"));
            assert!(mail.subject.starts_with("Recordatorio"), "{}", mail.subject);
            let url = unsubscribe_url(&mail);
            assert!(mail.text.contains(&url), "{}", mail.text);
            url.replace("https://convoca.test", &app.address)
        };
        // A mailbox provider's POST: no cookie, no form token; RFC 8058 prefers multipart.
        let provider = reqwest::Client::new();
        let boundary = "convoca-test-boundary";
        let answer = provider
            .post(url("multipart"))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\n\
                 One-Click\r\n--{boundary}--\r\n"
            ))
            .send()
            .await
            .expect("an answer");
        assert_eq!(answer.status(), 200);
        let answer = provider
            .post(url("urlencoded"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .expect("an answer");
        assert_eq!(answer.status(), 200);
        // A person (or a link scanner) opening the link only gets the question.
        let page = provider
            .get(url("browser"))
            .send()
            .await
            .expect("an answer");
        assert_eq!(page.status(), 200);
        let page = page.text().await.expect("a page");
        assert!(page.contains("Dejar de recibir recordatorios"), "{page}");
        // Without the form token, a plain form POST changes nothing.
        let forged = provider
            .post(url("browser"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("reminders=off")
            .send()
            .await
            .expect("an answer");
        assert_eq!(forged.status(), 403);

        // The hour before: only the person who did not turn them off gets one.
        let ticked = tick(&app.state, time("2027-03-09T14:00:00Z"))
            .await
            .expect("a tick");
        assert_eq!(ticked.reminders_enqueued, 1);
        for (who, expected) in [("multipart", 2), ("urlencoded", 2), ("browser", 3)] {
            assert_eq!(
                smtp.mails_to(&format!("{who}@example.org")).len(),
                expected,
                "{who}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn publishing_needs_the_organisations_address_and_it_stays_while_published() {
    on_each_db(async |app| {
        let org = app
            .post(
                "/api/v1/organisations",
                Some(&app.admin),
                json!({"slug": "loja", "name": "Loja Aprende"}),
            )
            .await
            .expect(201)
            .json();
        let id = uuid::Uuid::parse_str(org["id"].as_str().expect("an id")).expect("a uuid");
        let token = convoca::store::tokens::create(
            app.db.conn(),
            convoca::domain::access::Actor::Organiser {
                organisation_id: id,
            },
            "test",
        )
        .await
        .expect("a token");
        app.festival(&token, "fl", json!({})).await;
        app.event(&token, "fl", json!({})).await;
        let fields = app
            .post("/api/v1/festivals/fl/publish", Some(&token), json!({}))
            .await
            .invalid_fields();
        assert_eq!(fields, ["organisation.email"]);
        let draft = app.get("/api/v1/festivals/fl", Some(&token)).await.json();
        assert_eq!(draft["status"], "draft", "nothing half-done");

        // Another organisation cannot set it; the organisation itself can.
        let other = app.organiser("otra").await;
        app.patch(
            "/api/v1/organisations/loja",
            Some(&other),
            json!({"email": "x@example.org"}),
        )
        .await
        .problem(403);
        let changed = app
            .patch(
                "/api/v1/organisations/loja",
                Some(&token),
                json!({"email": "Aprende@Loja.example", "slug": "ignored"}),
            )
            .await
            .expect(200)
            .json();
        assert_eq!(changed["email"], "aprende@loja.example");
        assert_eq!(changed["slug"], "loja");
        app.publish(&token, "fl").await;

        // Published, the address cannot go; a bad one is refused as at creation.
        let fields = app
            .patch(
                "/api/v1/organisations/loja",
                Some(&token),
                json!({"email": null}),
            )
            .await
            .invalid_fields();
        assert_eq!(fields, ["email"]);
        let fields = app
            .patch(
                "/api/v1/organisations/loja",
                Some(&token),
                json!({"email": "not an address"}),
            )
            .await
            .invalid_fields();
        assert_eq!(fields, ["email"]);
        // A new name reaches the feeds' ORGANIZER at once: their version moves.
        let before = app.get("/feeds/festivals/fl.ics", None).await.expect(200);
        assert!(
            before
                .text
                .contains("ORGANIZER;CN=Loja Aprende:mailto:aprende@loja.example")
        );
        app.patch(
            "/api/v1/organisations/loja",
            Some(&token),
            json!({"name": "Loja, Ciudad del Aprendizaje"}),
        )
        .await
        .expect(200);
        let after = app.get("/feeds/festivals/fl.ics", None).await.expect(200);
        assert_ne!(before.headers["etag"], after.headers["etag"]);
        assert!(
            after.text.contains(
                "ORGANIZER;CN=\"Loja, Ciudad del Aprendizaje\":mailto:aprende@loja.example"
            ),
            "{}",
            after.text
        );
    })
    .await;
}

#[tokio::test]
async fn an_empty_personal_feed_is_still_a_calendar_named_for_its_person() {
    on_each_db(async |app| {
        let (_, event) = workshop(&app).await;
        let made = register(&app, &event, "rosa@example.org").await;
        let path = app.calendar_path("rosa@example.org").await;
        let token = made["manage_token"].as_str().expect("a token");
        app.delete(&format!("/api/v1/registrations/{token}"), None)
            .await
            .expect(200);
        // Her only registration cancelled, she has nothing ahead.
        let feed = app.get(&path, None).await.expect(200);
        let calendar: Calendar = feed.text.parse().expect("a calendar");
        assert!(!feed.text.contains("BEGIN:VEVENT"), "{}", feed.text);
        // RFC 5545: at least one component. Both parsers read it.
        assert!(!calendar.components.is_empty(), "{}", feed.text);
        assert!(feed.text.contains("BEGIN:VTIMEZONE\r\nTZID:UTC\r\n"));
        let strict = ical::IcalParser::new(feed.text.as_bytes())
            .next()
            .expect("a calendar")
            .expect("it parses");
        assert_eq!(strict.timezones.len(), 1);
        assert!(
            feed.text
                .contains("X-WR-CALNAME:Mis actividades — Convoca\r\n"),
            "{}",
            feed.text
        );
    })
    .await;
}

#[tokio::test]
async fn a_filtered_feed_says_its_filter_in_its_name() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        app.festival(&token, "fa", json!({"title": "Quito Aprende"}))
            .await;
        app.event(&token, "fa", json!({"audience": ["niñez"]}))
            .await;
        app.publish(&token, "fa").await;
        let all = app.get("/feeds/festivals/fa.ics", None).await.expect(200);
        assert!(all.text.contains("X-WR-CALNAME:Quito Aprende\r\n"));
        let filtered = app
            .get("/feeds/festivals/fa.ics?audience=Ni%C3%B1ez", None)
            .await
            .expect(200);
        assert!(
            filtered
                .text
                .contains("X-WR-CALNAME:Quito Aprende — niñez\r\n"),
            "{}",
            filtered.text
        );
    })
    .await;
}

/// What a mail client checks in one message: its MIME tree, and for an invitation the
/// `method` parameter against `METHOD`, the organiser, the attendee and the sequence. Returns
/// the invitation's METHOD and SEQUENCE, if it carries one.
fn read_as_a_client(mail: &Mail, to: &str) -> Option<(String, i64)> {
    assert!(mail.message_id.is_some());
    assert!(mail.raw.contains("\r\nAuto-Submitted: auto-generated\r\n"));
    assert!(mail.raw.contains("\r\nContent-Language: es\r\n"));
    assert_eq!(mail.reply_to.as_deref(), Some("quito@org.example"));
    if !mail.tree.iter().any(|t| t.contains("text/calendar")) {
        let plain = ["multipart/alternative", "  text/plain", "  text/html"];
        let with_qr = [
            "multipart/alternative",
            "  text/plain",
            "  multipart/related",
            "    text/html",
            "    image/png",
        ];
        let shape = mail.shape();
        assert!(
            shape == plain || (shape == with_qr && mail.has_qr()),
            "{}: {shape:?}",
            mail.subject
        );
        return None;
    }
    let (method, vevent) = mail.invitation();
    let organizer = vevent.properties().get("ORGANIZER").expect("an ORGANIZER");
    assert_eq!(organizer.value(), "mailto:quito@org.example");
    let attendees = vevent
        .multi_properties()
        .get("ATTENDEE")
        .expect("an ATTENDEE");
    assert_eq!(attendees[0].value(), format!("mailto:{to}"));
    let sequence = vevent
        .property_value("SEQUENCE")
        .and_then(|s| s.parse().ok())
        .expect("a SEQUENCE");
    Some((method, sequence))
}

#[tokio::test]
async fn every_kind_of_email_reads_right_in_a_client() {
    on_each_db_with_smtp(async |app, smtp| {
        let token = app.organiser("quito").await;
        app.festival(&token, "fa", json!({})).await;
        let venue = app.venue(&token, json!({})).await;
        let event = app
            .event(&token, "fa", json!({"capacity": 1, "venue_id": venue}))
            .await;
        let event = event["id"].as_str().expect("an id").to_owned();
        app.publish(&token, "fa").await;
        let first = register(&app, &event, "ana@example.org").await;
        register(&app, &event, "rosa@example.org").await;
        tick(&app.state, Utc::now()).await.expect("a tick");
        // Ana cancels herself: Rosa gets her seat.
        let manage = first["manage_token"].as_str().expect("a token");
        app.delete(&format!("/api/v1/registrations/{manage}"), None)
            .await
            .expect(200);
        tick(&app.state, Utc::now()).await.expect("a tick");
        // The organiser moves it, Rosa is reminded, then it is called off.
        app.patch(
            &format!("/api/v1/events/{event}"),
            Some(&token),
            json!({"starts_at": "2027-03-09T11:00:00-05:00", "ends_at": "2027-03-09T13:00:00-05:00"}),
        )
        .await
        .expect(200);
        tick(&app.state, Utc::now()).await.expect("a tick");
        tick(&app.state, time("2027-03-08T16:00:00Z"))
            .await
            .expect("a tick");
        app.post(&format!("/api/v1/events/{event}/cancel"), Some(&token), json!({}))
            .await
            .expect(200);
        tick(&app.state, time("2027-03-08T17:00:00Z"))
            .await
            .expect("a tick");

        let read = |to: &str| -> Vec<(bool, Option<(String, i64)>)> {
            smtp.mails_to(to)
                .iter()
                .map(|m| (m.raw.contains("\r\nList-Unsubscribe: <"), read_as_a_client(m, to)))
                .collect()
        };
        let ana = read("ana@example.org");
        assert_eq!(ana.len(), 2, "confirmed, then her own cancellation");
        assert_eq!(ana[0].1.as_ref().map(|(m, _)| m.as_str()), Some("REQUEST"));
        assert_eq!(ana[1].1.as_ref().map(|(m, _)| m.as_str()), Some("CANCEL"));

        let rosa = read("rosa@example.org");
        // Waitlisted (no invitation), promoted, changed, reminded, cancelled by the organiser.
        let methods: Vec<Option<&str>> = rosa
            .iter()
            .map(|(_, i)| i.as_ref().map(|(m, _)| m.as_str()))
            .collect();
        assert_eq!(
            methods,
            [None, Some("REQUEST"), Some("REQUEST"), None, Some("CANCEL")]
        );
        let unsubscribable: Vec<bool> = rosa.iter().map(|(u, _)| *u).collect();
        assert_eq!(unsubscribable, [false, false, false, true, false], "only the reminder");
        let sequences: Vec<i64> = rosa.iter().filter_map(|(_, i)| i.as_ref().map(|(_, s)| *s)).collect();
        assert!(
            sequences.windows(2).all(|w| w[0] < w[1]),
            "every invitation above the last: {sequences:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_one_click_post_for_an_unknown_link_is_a_404_and_floods_are_limited() {
    for backend in crate::helpers::backends() {
        let app = crate::helpers::spawn_app_with_env(
            backend,
            crate::helpers::MailTo::Files,
            &[("CONVOCA_RATE_LIMIT_PER_MINUTE", "3")],
        )
        .await;
        let provider = reqwest::Client::new();
        let post = |token: String| {
            provider
                .post(format!("{}/r/{token}/reminders", app.address))
                .header("content-type", "application/x-www-form-urlencoded")
                .body("List-Unsubscribe=One-Click")
                .send()
        };
        let statuses = [
            post("reg_unknown1".to_owned())
                .await
                .expect("an answer")
                .status(),
            post("reg_unknown2".to_owned())
                .await
                .expect("an answer")
                .status(),
            post("reg_unknown3".to_owned())
                .await
                .expect("an answer")
                .status(),
            post("reg_unknown4".to_owned())
                .await
                .expect("an answer")
                .status(),
        ];
        assert_eq!(statuses.map(|s| s.as_u16()), [404, 404, 404, 429]);
    }
}

#[tokio::test]
async fn an_organisations_edits_and_its_venues_edits_at_once_never_deadlock() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        let venue = app.venue(&token, json!({})).await;
        for (slug, hour) in [("fa", "08"), ("fb", "13"), ("fc", "16")] {
            app.festival(&token, slug, json!({})).await;
            let (starts, ends) = (format!("{hour}:00"), format!("{hour}:30"));
            app.event(
                &token,
                slug,
                json!({"venue_id": venue, "starts_at": at(&starts), "ends_at": at(&ends)}),
            )
            .await;
            app.publish(&token, slug).await;
        }
        // Both lock the same three festivals: an organisation's edit through its festivals,
        // a venue's through the festivals of its events.
        let venue_path = format!("/api/v1/venues/{venue}");
        for round in 0..15 {
            let (org, place) = tokio::join!(
                app.patch(
                    "/api/v1/organisations/quito",
                    Some(&token),
                    json!({"name": format!("Quito {round}")}),
                ),
                app.patch(
                    &venue_path,
                    Some(&token),
                    json!({"description": format!("Ronda {round}")}),
                ),
            );
            org.expect(200);
            place.expect(200);
        }
    })
    .await;
}
