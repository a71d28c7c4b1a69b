//! Email: written in the same transaction as its cause, sent once through a real SMTP server,
//! in the registrant's language, with the event as an invitation; reminders at the right tick;
//! nothing lost when the SMTP server is down; never twice with two dispatchers.

use chrono::{DateTime, Duration, Utc};
use convoca::jobs::tick;
use icalendar::Component;
use serde_json::{Value, json};

use crate::{
    helpers::{
        Backend, MailTo, TestApp, at, backends, on_each_db_with_smtp, spawn_app_with,
        spawn_serving, spawn_with,
    },
    smtp::{Mail, SmtpServer},
};

/// A published festival (reminders 1440 and 60 minutes before) with one workshop of
/// `capacity` seats on 2027-03-09 10:00–12:00 Quito time; returns (organiser token, event id).
async fn workshop(app: &TestApp, capacity: i64, title: &str) -> (String, String) {
    let token = app.organiser("quito").await;
    app.festival(&token, "fa", json!({"title": "Quito Aprende"}))
        .await;
    let venue = app.venue(&token, json!({})).await;
    let event = app
        .event(
            &token,
            "fa",
            json!({"capacity": capacity, "title": title, "venue_id": venue}),
        )
        .await;
    app.publish(&token, "fa").await;
    (token, event["id"].as_str().expect("an id").to_owned())
}

async fn register(app: &TestApp, event: &str, name: &str, email: &str, locale: &str) -> Value {
    app.post(
        &format!("/api/v1/events/{event}/registrations"),
        None,
        json!({"name": name, "email": email, "locale": locale, "consent": true}),
    )
    .await
    .expect(201)
    .json()
}

/// An app whose SMTP server is down: its `SMTP_URL` names a port nobody listens on yet, where
/// the test can start one later.
async fn spawn_with_smtp_down(backend: Backend) -> (TestApp, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a port")
        .local_addr()
        .expect("an address")
        .port();
    let url = format!("smtp://127.0.0.1:{port}");
    (spawn_app_with(backend, MailTo::Smtp(url)).await, port)
}

fn time(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("a time")
        .with_timezone(&Utc)
}

/// The workshop starts at 15:00 UTC on 2027-03-09.
fn before_start(minutes: i64) -> DateTime<Utc> {
    time("2027-03-09T15:00:00Z") - Duration::minutes(minutes)
}

fn kinds_to(smtp: &SmtpServer, address: &str) -> Vec<String> {
    smtp.mails_to(address)
        .iter()
        .map(|m| m.subject.clone())
        .collect()
}

/// The one VEVENT of an invitation, and the calendar's METHOD (see [`Mail::invitation`]).
fn invitation(mail: &Mail) -> (String, icalendar::Event) {
    mail.invitation()
}

#[tokio::test]
async fn a_registration_is_confirmed_by_email_in_its_language_with_an_invitation() {
    on_each_db_with_smtp(async |app, smtp| {
        let (_, event) = workshop(&app, 10, "Robótica para familias").await;
        let made = register(&app, &event, "Rosa Quishpe", "rosa@example.org", "es").await;

        let ticked = tick(&app.state, Utc::now()).await.expect("a tick");

        assert_eq!(ticked.dispatched.sent, 1);
        let mails = smtp.mails_to("rosa@example.org");
        assert_eq!(mails.len(), 1);
        let mail = &mails[0];
        assert!(
            mail.subject.contains("Robótica para familias"),
            "{}",
            mail.subject
        );
        assert!(mail.text.starts_with("Hola, Rosa Quishpe"), "{}", mail.text);
        assert!(
            mail.text
                .contains("martes, 9 de marzo de 2027, 10:00–12:00"),
            "{}",
            mail.text
        );
        assert!(mail.text.contains("Biblioteca Metropolitana"));
        assert!(
            mail.text
                .contains(made["manage_url"].as_str().expect("a manage url"))
        );
        let calendar = app.calendar_path("rosa@example.org").await;
        assert!(
            mail.text
                .contains(&format!("https://convoca.test{calendar}"))
        );
        // A Message-ID at the service's host, and the headers of a good automatic sender.
        assert!(
            mail.message_id
                .as_deref()
                .is_some_and(|id| id.ends_with("@convoca.test")),
            "{:?}",
            mail.message_id
        );
        assert!(mail.raw.contains("\r\nAuto-Submitted: auto-generated\r\n"));
        assert!(mail.raw.contains("\r\nContent-Language: es\r\n"));
        assert!(mail.date.is_some());
        // The manage link in the email works.
        let manage = made["manage_url"].as_str().expect("a url");
        let path = manage.trim_start_matches("https://convoca.test");
        app.get(path, None).await.expect(200);
        // The invitation updates the same entry as the feeds: same UID, current SEQUENCE.
        let (method, vevent) = invitation(mail);
        assert_eq!(method, "REQUEST");
        assert_eq!(
            vevent.get_uid(),
            Some(format!("{event}@convoca.test").as_str())
        );
        assert_eq!(vevent.property_value("SEQUENCE"), Some("0"));
        // ATTENDEE may repeat, so the parser keeps it apart from single properties.
        let attendees = vevent
            .multi_properties()
            .get("ATTENDEE")
            .expect("an ATTENDEE");
        assert_eq!(attendees[0].value(), "mailto:rosa@example.org");
        assert!(vevent.property_value("ORGANIZER").is_some());

        // English when asked for.
        register(&app, &event, "Jane Doe", "jane@example.org", "en").await;
        tick(&app.state, Utc::now()).await.expect("a tick");
        let mail = &smtp.mails_to("jane@example.org")[0];
        assert!(mail.text.starts_with("Hello Jane Doe"), "{}", mail.text);
        assert!(
            mail.text.contains("Tuesday 9 March 2027, 10:00–12:00"),
            "{}",
            mail.text
        );

        // Portuguese too: every language of `locales/` writes emails.
        register(&app, &event, "João Silva", "joao@example.org", "pt").await;
        tick(&app.state, Utc::now()).await.expect("a tick");
        let mail = &smtp.mails_to("joao@example.org")[0];
        assert_eq!(mail.subject, "Inscrição confirmada: Robótica para familias");
        assert!(mail.text.starts_with("Olá, João Silva!"), "{}", mail.text);
        assert!(
            mail.text.contains("terça, 9 de março de 2027, 10:00–12:00"),
            "{}",
            mail.text
        );
        assert!(mail.html.contains("<html lang=\"pt\">"));
    })
    .await;
}

#[tokio::test]
async fn every_kind_of_email_goes_once_in_spanish_and_in_english() {
    on_each_db_with_smtp(async |app, smtp| {
        let (token, event) = workshop(&app, 2, "Taller de robótica").await;
        let mut manage = std::collections::HashMap::new();
        for (who, locale) in [
            ("a-es", "es"),
            ("a-en", "en"),
            ("w-es", "es"),
            ("w-en", "en"),
        ] {
            let made = register(&app, &event, who, &format!("{who}@example.org"), locale).await;
            manage.insert(
                who,
                made["manage_token"].as_str().expect("a token").to_owned(),
            );
        }
        // The first two cancel: the two waiting are promoted, in order.
        for who in ["a-es", "a-en"] {
            app.delete(&format!("/api/v1/registrations/{}", manage[who]), None)
                .await
                .expect(200);
        }
        // The event moves an hour later.
        app.patch(
            &format!("/api/v1/events/{event}"),
            Some(&token),
            json!({"starts_at": at("11:00"), "ends_at": at("13:00")}),
        )
        .await
        .expect(200);
        tick(&app.state, Utc::now()).await.expect("a tick");
        // The day before the new time: the reminder.
        tick(
            &app.state,
            time("2027-03-09T16:00:00Z") - Duration::hours(24),
        )
        .await
        .expect("a tick");
        app.cancel_event(&token, &event).await;
        let last = tick(&app.state, time("2027-03-08T17:00:00Z"))
            .await
            .expect("a tick");
        assert_eq!(last.dispatched.sent, 2, "the two cancellation notices");

        let subjects = |who: &str| kinds_to(&smtp, &format!("{who}@example.org"));
        assert_eq!(subjects("a-es").len(), 2, "{:?}", subjects("a-es"));
        assert_eq!(subjects("a-en").len(), 2, "{:?}", subjects("a-en"));
        assert_eq!(subjects("w-es").len(), 5, "{:?}", subjects("w-es"));
        assert_eq!(subjects("w-en").len(), 5, "{:?}", subjects("w-en"));
        for who in ["a-es", "a-en", "w-es", "w-en"] {
            let greeting = if who.ends_with("es") {
                "Hola,"
            } else {
                "Hello "
            };
            for mail in smtp.mails_to(&format!("{who}@example.org")) {
                assert!(mail.text.starts_with(greeting), "{who}: {}", mail.text);
                assert!(mail.html.contains("<html"), "{who}: HTML part");
            }
        }
        // The change notice says what changed: the old and the new time.
        let changed = smtp
            .mails_to("w-en@example.org")
            .into_iter()
            .find(|m| m.text.contains("11:00–13:00") && m.text.contains("10:00–12:00"))
            .expect("a change notice with the old and new times");
        let (method, vevent) = invitation(&changed);
        assert_eq!(method, "REQUEST");
        assert_eq!(vevent.property_value("SEQUENCE"), Some("1"));
        // The cancellation carries METHOD:CANCEL for the same UID.
        let cancelled = smtp
            .mails_to("w-es@example.org")
            .pop()
            .expect("a last mail");
        let (method, vevent) = invitation(&cancelled);
        assert_eq!(method, "CANCEL");
        assert_eq!(
            vevent.get_uid(),
            Some(format!("{event}@convoca.test").as_str())
        );
        // The event itself is off, for everyone, above the change's sequence.
        assert_eq!(vevent.property_value("STATUS"), Some("CANCELLED"));
        let sequence: i64 = vevent
            .property_value("SEQUENCE")
            .and_then(|s| s.parse().ok())
            .expect("a SEQUENCE");
        assert!(sequence > 1, "{sequence}");
        // Nothing more to send, however often the scheduler ticks.
        let again = tick(&app.state, time("2027-03-08T17:05:00Z"))
            .await
            .expect("a tick");
        assert_eq!(again.dispatched.sent, 0);
        assert_eq!(again.reminders_enqueued, 0);
    })
    .await;
}

#[tokio::test]
async fn user_supplied_text_is_escaped_and_cannot_add_a_header() {
    on_each_db_with_smtp(async |app, smtp| {
        let (_, event) = workshop(&app, 10, "Robots").await;
        // Line breaks are refused on input now; a title written before that (or by hand) must
        // still not break out of its header.
        app.set_column(
            entity::event::Entity,
            entity::event::Column::Title,
            &event,
            "<script>alert(1)</script> & \"robots\"\r\nBcc: evil@example.org",
        )
        .await;
        app.post(
            &format!("/api/v1/events/{event}/registrations"),
            None,
            json!({"name": "Ana <b>Bold</b>", "email": "ana@example.org", "consent": true,
                   "access_needs": "<img src=x onerror=alert(1)>"}),
        )
        .await
        .expect(201);

        tick(&app.state, Utc::now()).await.expect("a tick");

        assert_eq!(smtp.count(), 1);
        let mail = &smtp.mails()[0];
        assert_eq!(mail.to, vec!["ana@example.org".to_owned()]);
        assert!(
            !mail.headers.iter().any(|h| h == "bcc"),
            "{:?}",
            mail.headers
        );
        let head = mail.raw.split("\r\n\r\n").next().unwrap_or_default();
        assert!(!head.contains("\nBcc:"), "no header was injected: {head}");
        assert!(mail.html.contains("&lt;script&gt;") && !mail.html.contains("<script>"));
        // The only image is the check-in QR code, attached by this service.
        assert!(mail.html.contains("&lt;img") && !mail.html.contains("<img src=x"));
        assert_eq!(mail.html.matches("<img").count(), 1);
        assert!(mail.html.contains("<img src=\"cid:check-in-qr\""));
        assert!(
            mail.html.contains("Ana &lt;b&gt;Bold&lt;&#x2f;b&gt;")
                || mail.html.contains("Ana &lt;b&gt;Bold&lt;/b&gt;")
        );
        assert!(
            mail.text.contains("Ana <b>Bold</b>"),
            "plain text stays as typed"
        );
        assert!(mail.subject.contains("<script>alert(1)</script>"));
    })
    .await;
}

#[tokio::test]
async fn a_reminder_goes_once_at_the_right_tick_and_not_again_after_a_restart() {
    on_each_db_with_smtp(async |app, smtp| {
        let (_, event) = workshop(&app, 10, "Taller").await;
        register(&app, &event, "Rosa", "rosa@example.org", "es").await;
        tick(&app.state, Utc::now())
            .await
            .expect("the confirmation");

        // 25 hours before: nothing due.
        let early = tick(&app.state, before_start(25 * 60))
            .await
            .expect("a tick");
        assert_eq!(early.reminders_enqueued, 0);
        // 24 hours before: the day-before reminder, once.
        let due = tick(&app.state, before_start(24 * 60))
            .await
            .expect("a tick");
        assert_eq!((due.reminders_enqueued, due.dispatched.sent), (1, 1));
        let again = tick(&app.state, before_start(23 * 60))
            .await
            .expect("a tick");
        assert_eq!((again.reminders_enqueued, again.dispatched.sent), (0, 0));
        // A restarted server (a new instance on the same database) does not send it again.
        let restarted = spawn_with(&app.database_url(), MailTo::Smtp(smtp.url())).await;
        let after_restart = tick(&restarted.state, before_start(22 * 60))
            .await
            .expect("a tick");
        assert_eq!(after_restart.dispatched.sent, 0);
        // The hour before: the second reminder.
        let hour = tick(&restarted.state, before_start(60))
            .await
            .expect("a tick");
        assert_eq!(hour.dispatched.sent, 1);
        // Started: no more.
        let started = tick(&restarted.state, before_start(-1))
            .await
            .expect("a tick");
        assert_eq!(started.reminders_enqueued, 0);

        let mails = smtp.mails_to("rosa@example.org");
        assert_eq!(mails.len(), 3, "confirmation and two reminders");
        assert!(
            mails[1].subject.to_lowercase().contains("mañana"),
            "{}",
            mails[1].subject
        );
    })
    .await;
}

#[tokio::test]
async fn an_smtp_outage_loses_nothing_and_shows_the_error_meanwhile() {
    for backend in backends() {
        eprintln!("--- on {backend:?}");
        let (app, port) = spawn_with_smtp_down(backend).await;
        let (token, event) = workshop(&app, 10, "Taller").await;
        register(&app, &event, "Rosa", "rosa@example.org", "es").await;

        let now = Utc::now();
        let down = tick(&app.state, now).await.expect("a tick");
        assert_eq!(down.dispatched.failed, 1);
        let pending = app
            .get(
                "/api/v1/festivals/fa/notifications?status=pending",
                Some(&token),
            )
            .await
            .expect(200)
            .json();
        assert_eq!(pending["total"], 1);
        assert_eq!(pending["items"][0]["attempts"], 1);
        assert!(pending["items"][0]["last_error"].is_string());
        // Not due again before its backoff.
        let soon = tick(&app.state, now + Duration::seconds(10))
            .await
            .expect("a tick");
        assert_eq!(soon.dispatched, Default::default());

        let smtp = SmtpServer::start_on(port);
        let up = tick(&app.state, now + Duration::seconds(31))
            .await
            .expect("a tick");
        assert_eq!(up.dispatched.sent, 1);
        assert_eq!(smtp.mails_to("rosa@example.org").len(), 1);
        let sent = app
            .get(
                "/api/v1/festivals/fa/notifications?status=sent",
                Some(&token),
            )
            .await
            .expect(200)
            .json();
        assert_eq!(sent["items"][0]["kind"], "confirmed");
        assert_eq!(sent["items"][0]["recipient"], "rosa@example.org");
        assert_eq!(sent["items"][0]["attempts"], 2);
    }
}

#[tokio::test]
async fn two_dispatchers_racing_send_each_email_exactly_once() {
    on_each_db_with_smtp(async |app, smtp| {
        let (_, event) = workshop(&app, 40, "Taller").await;
        for i in 0..60 {
            register(&app, &event, "Persona", &format!("p{i}@example.org"), "es").await;
        }
        let other = spawn_with(&app.database_url(), MailTo::Smtp(smtp.url())).await;

        let now = Utc::now();
        let (a, b) = tokio::join!(tick(&app.state, now), tick(&other.state, now));
        let (a, b) = (a.expect("a tick"), b.expect("a tick"));

        assert_eq!(a.dispatched.sent + b.dispatched.sent, 60);
        assert_eq!(smtp.count(), 60);
        let mut recipients: Vec<String> = smtp.mails().into_iter().flat_map(|m| m.to).collect();
        recipients.sort();
        recipients.dedup();
        assert_eq!(recipients.len(), 60, "each person got exactly one email");
    })
    .await;
}

/// The SMTP connections (src/mail/smtp.rs) are kept open from one email to the next, and
/// one the server has closed since is replaced at once, without failing its email. The
/// transport is the same on either database, so this runs on SQLite alone.
#[tokio::test]
async fn smtp_connections_are_reused_and_one_the_server_closed_is_replaced_at_once() {
    // A server that takes one message per connection answers the next MAIL FROM on it with
    // 421 and closes it: each email after the first goes on a new connection, at once.
    for (smtp, connections) in [
        (SmtpServer::start(), 1),
        (SmtpServer::start_closing_after(1), 3),
    ] {
        let app = spawn_app_with(Backend::Sqlite, MailTo::Smtp(smtp.url())).await;
        let (_, event) = workshop(&app, 10, "Taller").await;
        for i in 0..3 {
            register(&app, &event, "Persona", &format!("p{i}@example.org"), "es").await;
            let done = tick(&app.state, Utc::now()).await.expect("a tick");
            assert_eq!((done.dispatched.sent, done.dispatched.failed), (1, 0));
        }
        assert_eq!(smtp.count(), 3);
        assert_eq!(smtp.connections(), connections);
    }
}

#[tokio::test]
async fn a_failed_email_can_be_retried_by_its_organiser_only() {
    for backend in backends() {
        eprintln!("--- on {backend:?}");
        let (app, port) = spawn_with_smtp_down(backend).await;
        let (token, event) = workshop(&app, 10, "Taller").await;
        register(&app, &event, "Rosa", "rosa@example.org", "es").await;
        // A day of failures: backed off, then hourly, then given up.
        let mut now = Utc::now();
        for _ in 0..40 {
            tick(&app.state, now).await.expect("a tick");
            now += Duration::hours(1);
        }
        let failed = app
            .get(
                "/api/v1/festivals/fa/notifications?status=failed",
                Some(&token),
            )
            .await
            .expect(200)
            .json();
        assert_eq!(failed["total"], 1);
        assert_eq!(failed["items"][0]["attempts"], 28);
        let id = failed["items"][0]["id"].as_str().expect("an id").to_owned();

        let stranger = app.organiser("otra").await;
        app.post(
            &format!("/api/v1/notifications/{id}/retry"),
            Some(&stranger),
            json!({}),
        )
        .await
        .problem(403);
        app.post(
            &format!("/api/v1/notifications/{id}/retry"),
            None,
            json!({}),
        )
        .await
        .problem(401);
        app.get(
            "/api/v1/festivals/fa/notifications?status=lost",
            Some(&token),
        )
        .await
        .problem(422);
        let retried = app
            .post(
                &format!("/api/v1/notifications/{id}/retry"),
                Some(&token),
                json!({}),
            )
            .await
            .expect(200)
            .json();
        assert_eq!(retried["status"], "pending");
        let smtp = SmtpServer::start_on(port);
        tick(&app.state, now).await.expect("a tick");
        assert_eq!(smtp.mails_to("rosa@example.org").len(), 1);
        app.post(
            &format!("/api/v1/notifications/{id}/retry"),
            Some(&token),
            json!({}),
        )
        .await
        .problem(409);
    }
}

#[tokio::test]
async fn without_an_smtp_server_emails_are_written_as_eml_files() {
    for backend in backends() {
        let app = spawn_app_with(backend, MailTo::Files).await;
        let (_, event) = workshop(&app, 10, "Taller de robótica").await;
        register(&app, &event, "Rosa", "rosa@example.org", "es").await;

        tick(&app.state, Utc::now()).await.expect("a tick");

        let files: Vec<_> = std::fs::read_dir(&app.outbox_dir)
            .expect("the outbox directory")
            .map(|e| e.expect("an entry").path())
            .collect();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].extension().and_then(|e| e.to_str()), Some("eml"));
        let raw = std::fs::read(&files[0]).expect("the file");
        let message = mail_parser::MessageParser::default()
            .parse(&raw)
            .expect("a readable email");
        assert!(
            message
                .subject()
                .unwrap_or_default()
                .contains("Taller de robótica")
        );
        assert!(
            message
                .body_text(0)
                .is_some_and(|t| t.contains("Hola, Rosa"))
        );
    }
}

#[tokio::test]
async fn a_serving_instance_sends_the_confirmation_without_waiting_for_a_tick() {
    on_each_db_with_smtp(async |app, smtp| {
        let (_, event) = workshop(&app, 10, "Taller").await;
        // As `convoca serve` runs: the scheduler ticks only every 60 s, but a registration
        // wakes the dispatcher at once.
        let serving = spawn_serving(&app.database_url(), MailTo::Smtp(smtp.url())).await;

        register(&serving, &event, "Rosa", "rosa@example.org", "es").await;

        // Waiting for another task's work to land, not for the clock: bounded, and done as
        // soon as the mail is in.
        for _ in 0..200 {
            if smtp.count() > 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        assert_eq!(smtp.mails_to("rosa@example.org").len(), 1);
    })
    .await;
}

#[tokio::test]
async fn registrations_are_anonymised_a_retention_period_after_their_festival() {
    on_each_db_with_smtp(async |app, _smtp| {
        let (token, event) = workshop(&app, 10, "Taller").await;
        let made = register(&app, &event, "Rosa", "rosa@example.org", "es").await;
        let calendar_before_erasure = app.calendar_path("rosa@example.org").await;
        let manage = format!(
            "/api/v1/registrations/{}",
            made["manage_token"].as_str().expect("a token")
        );
        // The festival ends on 2027-03-14; the default retention is 365 days.
        let within = convoca::jobs::retention(&app.state, time("2028-03-13T12:00:00Z"))
            .await
            .expect("retention");
        assert_eq!(within, 0);
        app.get(&manage, None).await.expect(200);

        let after = convoca::jobs::retention(&app.state, time("2028-03-15T12:00:00Z"))
            .await
            .expect("retention");

        assert_eq!(after, 1);
        app.get(&manage, None).await.problem(404);
        let list = app
            .get(
                &format!("/api/v1/events/{event}/registrations"),
                Some(&token),
            )
            .await
            .expect(200)
            .json();
        assert_eq!(list["items"][0]["name"], "(erased)");
        assert_ne!(list["items"][0]["email"], "rosa@example.org");
        let seats = app
            .get(&format!("/api/v1/events/{event}"), None)
            .await
            .json();
        assert_eq!(seats["seats_taken"], 1, "counts stay");
        let calendar = calendar_before_erasure;
        app.get(&calendar, None).await.expect(404);
        // Once is enough.
        let again = convoca::jobs::retention(&app.state, time("2028-03-16T12:00:00Z"))
            .await
            .expect("retention");
        assert_eq!(again, 0);
    })
    .await;
}
