//! Calendar feeds, read back with an iCalendar parser that is not the one Convoca builds with
//! (the `icalendar` crate), and checked line by line against RFC 5545's framing.

use std::str::FromStr;

use icalendar::{Calendar, CalendarComponent, Component, Event, EventLike};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::helpers::{TestApp, at, on_each_db};

const TRICKY_TITLE: &str = "Robótica, \"ciencia\"; y arte\\diseño: segunda parte";

/// GETs `path` with extra headers; returns the status, headers and body.
async fn fetch(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    headers: &[(header::HeaderName, &str)],
) -> (StatusCode, header::HeaderMap, String) {
    let mut request = app.client.request(method, format!("{}{path}", app.address));
    for (name, value) in headers {
        request = request.header(name.clone(), *value);
    }
    let response = request.send().await.expect("an answer");
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.text().await.expect("a body"))
}

/// A conditional poll, as a calendar app makes it with the ETag it holds.
async fn poll(app: &TestApp, path: &str, etag: &str) -> (StatusCode, header::HeaderMap, String) {
    fetch(
        app,
        reqwest::Method::GET,
        path,
        &[(header::IF_NONE_MATCH, etag)],
    )
    .await
}

fn etag_of(headers: &header::HeaderMap) -> String {
    headers[header::ETAG]
        .to_str()
        .expect("an ASCII ETag")
        .to_owned()
}

async fn feed(app: &TestApp, path: &str) -> (header::HeaderMap, String) {
    let (status, headers, body) = fetch(app, reqwest::Method::GET, path, &[]).await;
    assert_eq!(status, 200, "{path}: {body}");
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "text/calendar; charset=utf-8"
    );
    (headers, body)
}

/// Checks the framing (CRLF everywhere, no line over 75 octets) and parses the text.
fn parse(text: &str) -> Calendar {
    assert!(text.ends_with("\r\n"));
    for line in text.split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "a bare line break in {line:?}"
        );
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    Calendar::from_str(text).expect("an iCalendar object")
}

fn events(calendar: &Calendar) -> Vec<&Event> {
    calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect()
}

fn event_with_uid<'a>(calendar: &'a Calendar, uid: &str) -> Option<&'a Event> {
    events(calendar)
        .into_iter()
        .find(|e| e.get_uid() == Some(uid))
}

fn uid(event: &Value) -> String {
    format!("{}@convoca.test", event["id"].as_str().expect("an id"))
}

/// An organiser, a venue, and the published festival `fa` with one tricky event.
async fn festival_with_event(app: &TestApp) -> (String, String, Value) {
    let token = app.organiser("quito").await;
    let venue = app
        .venue(&token, json!({"name": "Casa; de la \"Cultura\", Núcleo", "latitude": -0.21, "longitude": -78.5}))
        .await;
    app.festival(&token, "fa", json!({})).await;
    let event = app
        .event(
            &token,
            "fa",
            json!({
                "title": TRICKY_TITLE,
                "venue_id": venue,
                "description": format!("{}\nsegunda línea", "ñ, á; \\ \"x\" ".repeat(30)),
                "themes": ["ciencia", "arte"],
            }),
        )
        .await;
    app.publish(&token, "fa").await;
    (token, venue, event)
}

#[tokio::test]
async fn a_festival_feed_reads_back_exactly_with_every_property() {
    on_each_db(async |app| {
        let (_, _, event) = festival_with_event(&app).await;
        let (headers, text) = feed(&app, "/feeds/festivals/fa.ics").await;
        assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=300");
        assert!(headers.contains_key(header::ETAG));
        assert!(headers.contains_key(header::LAST_MODIFIED));
        for line in [
            "VERSION:2.0",
            "METHOD:PUBLISH",
            "CALSCALE:GREGORIAN",
            "X-WR-CALNAME:Festival del Aprendizaje",
            "X-WR-TIMEZONE:America/Guayaquil",
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
            "X-PUBLISHED-TTL:PT1H",
        ] {
            assert!(text.contains(&format!("\r\n{line}\r\n")), "{line}");
        }
        let calendar = parse(&text);
        let found = event_with_uid(&calendar, &uid(&event)).expect("the event, by its UID");
        assert_eq!(found.get_summary(), Some(TRICKY_TITLE));
        let description = found.get_description().expect("a description");
        assert!(description.starts_with(&"ñ, á; \\ \"x\" ".repeat(30).trim_end().to_owned()));
        // The link at the end of the description opens the activity's page, not JSON.
        assert!(description.contains("https://convoca.test/festivals/"));
        assert_eq!(
            found.get_location(),
            Some("Casa; de la \"Cultura\", Núcleo, García Moreno y Espejo, Quito")
        );
        assert_eq!(found.property_value("GEO"), Some("-0.210000;-78.500000"));
        assert_eq!(found.get_sequence(), Some(0));
        assert_eq!(found.property_value("STATUS"), Some("CONFIRMED"));
        assert_eq!(found.property_value("DTSTART"), Some("20270309T150000Z"));
        assert_eq!(found.property_value("DTEND"), Some("20270309T170000Z"));
        assert!(found.get_timestamp().is_some());
        assert!(found.get_last_modified().is_some());
        assert_eq!(
            found.get_categories(),
            Some(vec![
                "workshop".to_owned(),
                "ciencia".to_owned(),
                "arte".to_owned()
            ])
        );
        assert_eq!(
            found.get_url(),
            Some(
                format!(
                    "https://convoca.test/festivals/{}/events/{}",
                    event["festival"].as_str().expect("test data"),
                    event["id"].as_str().expect("test data")
                )
                .as_str()
            )
        );
    })
    .await;
}

#[tokio::test]
async fn a_poll_that_changed_nothing_is_a_304_and_a_change_shows_at_the_next_poll() {
    on_each_db(async |app| {
        let (token, _, event) = festival_with_event(&app).await;
        let other = app
            .event(&token, "fa", json!({"title": "Charla", "kind": "talk", "starts_at": at("18:00"), "ends_at": at("19:00")}))
            .await;
        let path = "/feeds/festivals/fa.ics";
        let (headers, _) = feed(&app, path).await;
        let etag = etag_of(&headers);
        let modified = headers[header::LAST_MODIFIED].to_str().expect("test data").to_owned();
        let (status, again, body) =
            poll(&app, path, &etag).await;
        assert_eq!(status, 304);
        assert!(body.is_empty());
        assert_eq!(again[header::ETAG], etag.as_str());
        let (status, _, _) =
            fetch(&app, reqwest::Method::GET, path, &[(header::IF_MODIFIED_SINCE, &modified)]).await;
        assert_eq!(status, 304);
        let (status, head, body) = fetch(&app, reqwest::Method::HEAD, path, &[]).await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, ""));
        assert_eq!(head[header::ETAG], etag.as_str());
        // A HEAD says how long the feed is, as its GET would.
        let (_, whole) = feed(&app, path).await;
        assert_eq!(
            head.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()),
            Some(whole.len().to_string().as_str())
        );

        // A registration changes seat counts, which no feed shows: polls still get 304.
        app.post(
            &format!("/api/v1/events/{}/registrations", event["id"].as_str().expect("id")),
            None,
            json!({"name": "Rosa", "email": "rosa@example.org", "consent": true}),
        )
        .await
        .expect(201);
        let (status, _, _) =
            poll(&app, path, &etag).await;
        assert_eq!(status, 304, "a registration does not change the feed");

        // Move one event, cancel the other.
        let id = event["id"].as_str().expect("test data");
        app.patch(&format!("/api/v1/events/{id}"), Some(&token), json!({"starts_at": at("11:00"), "ends_at": at("13:00")}))
            .await
            .expect(200);
        let other_id = other["id"].as_str().expect("test data");
        app.post(&format!("/api/v1/events/{other_id}/cancel"), Some(&token), json!({}))
            .await
            .expect(200);
        let (status, headers, text) =
            poll(&app, path, &etag).await;
        assert_eq!(status, 200, "the old ETag no longer matches");
        assert_ne!(headers[header::ETAG], etag.as_str());
        let calendar = parse(&text);
        let moved = event_with_uid(&calendar, &uid(&event)).expect("the same UID");
        assert_eq!(moved.property_value("DTSTART"), Some("20270309T160000Z"));
        assert_eq!(moved.get_sequence(), Some(1));
        let cancelled = event_with_uid(&calendar, &uid(&other)).expect("still in the feed");
        assert_eq!(cancelled.property_value("STATUS"), Some("CANCELLED"));
        assert_eq!(events(&calendar).len(), 2);

        // A change of the venue's address is a change of its events' location.
        let (headers, _) = feed(&app, path).await;
        let etag = etag_of(&headers);
        let venue = app.get(&format!("/api/v1/events/{id}"), None).await.expect(200).json()["venue_id"]
            .as_str()
            .expect("test data")
            .to_owned();
        app.patch(&format!("/api/v1/venues/{venue}"), Some(&token), json!({"address": "Av. 6 de Diciembre"}))
            .await
            .expect(200);
        let (status, _, text) =
            poll(&app, path, &etag).await;
        assert_eq!(status, 200);
        let calendar = parse(&text);
        let found = event_with_uid(&calendar, &uid(&event)).expect("test data");
        assert!(found.get_location().expect("test data").contains("Av. 6 de Diciembre"));
        assert_eq!(found.get_sequence(), Some(2), "a new place is a new sequence");
    })
    .await;
}

#[tokio::test]
async fn the_same_event_has_the_same_uid_in_every_feed_and_download() {
    on_each_db(async |app| {
        let (_, venue, event) = festival_with_event(&app).await;
        let id = event["id"].as_str().expect("test data");
        let uid = uid(&event);
        let (headers, text) = feed(&app, &format!("/feeds/events/{id}.ics")).await;
        assert_eq!(
            headers[header::CONTENT_DISPOSITION],
            format!("attachment; filename=\"{id}.ics\"").as_str()
        );
        assert!(event_with_uid(&parse(&text), &uid).is_some());
        for path in [
            format!("/feeds/venues/{venue}.ics"),
            "/feeds/all.ics".to_owned(),
            "/feeds/all.ics?city=QUITO&country=ec".to_owned(),
            "/feeds/festivals/fa.ics?kind=workshop&theme=arte&accessible=true".to_owned(),
        ] {
            let (_, text) = feed(&app, &path).await;
            assert!(event_with_uid(&parse(&text), &uid).is_some(), "{path}");
        }
        for path in [
            "/feeds/all.ics?city=Cuenca",
            "/feeds/festivals/fa.ics?kind=talk",
            "/feeds/festivals/fa.ics?audience=ninez",
        ] {
            let (_, text) = feed(&app, path).await;
            assert!(events(&parse(&text)).is_empty(), "{path}");
        }
    })
    .await;
}

#[tokio::test]
async fn drafts_unknown_feeds_and_bad_filters_are_refused() {
    on_each_db(async |app| {
        let token = app.organiser("quito").await;
        app.festival(&token, "borrador", json!({})).await;
        let draft_event = app.event(&token, "borrador", json!({})).await;
        let draft_id = draft_event["id"].as_str().expect("test data");
        for path in [
            "/feeds/festivals/borrador.ics".to_owned(),
            "/feeds/festivals/nada.ics".to_owned(),
            "/feeds/festivals/borrador".to_owned(),
            format!("/feeds/events/{draft_id}.ics"),
            "/feeds/events/not-a-uuid.ics".to_owned(),
            format!("/feeds/venues/{}.ics", uuid::Uuid::new_v4()),
            "/feeds/people/cal_unknown.ics".to_owned(),
        ] {
            let (status, _, body) = fetch(&app, reqwest::Method::GET, &path, &[]).await;
            assert_eq!(status, 404, "{path}: {body}");
            assert!(!body.contains("BEGIN:VCALENDAR"));
        }
        // Events of a draft festival are in no feed.
        let (_, text) = feed(&app, "/feeds/all.ics").await;
        assert!(events(&parse(&text)).is_empty());
        for (path, field) in [
            ("/feeds/all.ics?kind=party", "kind"),
            ("/feeds/all.ics?accessible=maybe", "accessible"),
        ] {
            let fields = app.get(path, None).await.invalid_fields();
            assert_eq!(fields, vec![field.to_owned()], "{path}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_person_feed_holds_their_confirmed_events_across_festivals_and_drops_a_cancelled_one() {
    on_each_db(async |app| {
        let (token, _, event) = festival_with_event(&app).await;
        app.festival(&token, "conf", json!({"kind": "conference"}))
            .await;
        let talk = app
            .event(
                &token,
                "conf",
                json!({"title": "Foro de alcaldes", "kind": "talk", "capacity": 1}),
            )
            .await;
        app.publish(&token, "conf").await;
        let register = async |event: &Value, email: &str| {
            app.post(
                &format!(
                    "/api/v1/events/{}/registrations",
                    event["id"].as_str().expect("test data")
                ),
                None,
                json!({"name": "Rosa", "email": email, "consent": true}),
            )
            .await
            .expect(201)
            .json()
        };
        register(&talk, "someone@example.org").await;
        let first = register(&event, "rosa@example.org").await;
        let waiting = register(&talk, "Rosa@Example.org").await;
        assert_eq!(waiting["status"], "waitlisted");
        assert!(first.get("calendar_url").is_none() && waiting.get("calendar_url").is_none());
        let path = app.calendar_path("rosa@example.org").await;
        let path = path.as_str();

        let (headers, text) = feed(&app, path).await;
        assert_eq!(headers[header::CACHE_CONTROL], "private, max-age=300");
        let calendar = parse(&text);
        assert!(event_with_uid(&calendar, &uid(&event)).is_some());
        assert!(
            event_with_uid(&calendar, &uid(&talk)).is_none(),
            "waiting is not confirmed"
        );
        let etag = etag_of(&headers);
        let (status, _, _) = poll(&app, path, &etag).await;
        assert_eq!(status, 304);

        let manage = format!(
            "/api/v1/registrations/{}",
            first["manage_token"].as_str().expect("test data")
        );
        app.delete(&manage, None).await.expect(200);
        let (status, _, text) = poll(&app, path, &etag).await;
        assert_eq!(status, 200);
        let calendar = parse(&text);
        assert!(events(&calendar).is_empty(), "{text}");
    })
    .await;
}

#[tokio::test]
async fn city_and_venue_feeds_change_their_etag_when_what_they_hold_changes() {
    on_each_db(async |app| {
        let (token, venue, event) = festival_with_event(&app).await;
        let city = "/feeds/all.ics?city=Quito";
        let (headers, _) = feed(&app, city).await;
        let etag = etag_of(&headers);
        let (status, _, _) = poll(&app, city, &etag).await;
        assert_eq!(status, 304);
        // Publishing a festival brings in events that did not change themselves.
        app.festival(&token, "fb", json!({})).await;
        let other_venue = app.venue(&token, json!({"name": "Parque"})).await;
        let newcomer = app
            .event(
                &token,
                "fb",
                json!({"venue_id": other_venue, "starts_at": at("18:00"), "ends_at": at("19:00")}),
            )
            .await;
        app.publish(&token, "fb").await;
        let (status, _, text) = poll(&app, city, &etag).await;
        assert_eq!(status, 200);
        assert!(event_with_uid(&parse(&text), &uid(&newcomer)).is_some());

        // An event moving to another venue leaves the first venue's feed, whose newest
        // remaining change is older: `If-Modified-Since` alone must not answer 304 there.
        let path = format!("/feeds/venues/{venue}.ics");
        let (headers, _) = feed(&app, &path).await;
        let etag = etag_of(&headers);
        let modified = headers[header::LAST_MODIFIED]
            .to_str()
            .expect("test data")
            .to_owned();
        let id = event["id"].as_str().expect("test data");
        app.patch(
            &format!("/api/v1/events/{id}"),
            Some(&token),
            json!({"venue_id": other_venue}),
        )
        .await
        .expect(200);
        for (name, value) in [
            (header::IF_NONE_MATCH, &etag),
            (header::IF_MODIFIED_SINCE, &modified),
        ] {
            let (status, _, text) =
                fetch(&app, reqwest::Method::GET, &path, &[(name.clone(), value)]).await;
            assert_eq!(status, 200, "{name}");
            assert!(events(&parse(&text)).is_empty());
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unchanged_feed_is_answered_from_memory_and_an_edit_on_any_instance_is_seen_at_once() {
    on_each_db(async |app: TestApp| {
        let token = app.organiser("quito").await;
        app.festival(&token, "memoria", json!({})).await;
        let event = app.event(&token, "memoria", json!({})).await;
        app.publish(&token, "memoria").await;
        let path = "/feeds/festivals/memoria.ics";
        let (status, headers, _) = fetch(&app, reqwest::Method::GET, path, &[]).await;
        assert_eq!(status, StatusCode::OK);
        let etag = headers[header::ETAG].to_str().expect("an ETag").to_owned();

        // With the festivals table out of the way, a poll that reached the database would
        // fail: the 304 comes from what the instance remembers.
        let rename = async |from: &str, to: &str| {
            let sql = format!("ALTER TABLE {from} RENAME TO {to}");
            sea_orm::ConnectionTrait::execute_unprepared(app.db.conn(), &sql)
                .await
                .expect("renamed");
        };
        rename("festivals", "festivals_away").await;
        let (away, _, _) = poll(&app, path, &etag).await;
        rename("festivals_away", "festivals").await;
        assert_eq!(away, StatusCode::NOT_MODIFIED);

        // An edit through another instance (on SQLite, one process serves: this one) is seen
        // by this instance's next poll: at once on SQLite, as soon as PostgreSQL's NOTIFY
        // arrives on PostgreSQL, long before a remembered version would expire by age.
        let other = if app.database_url().starts_with("postgres") {
            Some(crate::helpers::spawn_with_url(&app.database_url()).await)
        } else {
            None
        };
        let editor = other.as_ref().unwrap_or(&app);
        let id = event["id"].as_str().expect("an id");
        editor
            .patch(
                &format!("/api/v1/events/{id}"),
                Some(&token),
                json!({"title": "Taller cambiado"}),
            )
            .await
            .expect(200);
        let edited = std::time::Instant::now();
        let body = loop {
            let (status, _, body) = poll(&app, path, &etag).await;
            if status == StatusCode::OK {
                break body;
            }
            assert_eq!(status, StatusCode::NOT_MODIFIED);
            assert!(
                other.is_some(),
                "on SQLite the instance that wrote knows at once"
            );
            assert!(
                edited.elapsed() < std::time::Duration::from_secs(2),
                "the change is heard within 2 s, not only when memory expires"
            );
            tokio::task::yield_now().await;
        };
        assert!(body.contains("Taller cambiado"), "{body}");
    })
    .await;
}

#[tokio::test]
async fn a_city_feed_keeps_thirty_days_of_its_past_and_no_more() {
    on_each_db(async |app: TestApp| {
        let (_, venue, event) = festival_with_event(&app).await;
        let uid = uid(&event);
        let id = event["id"].as_str().expect("test data");
        // Moved into the past by hand: the API takes no event that has already ended.
        let move_back = async |days: i64| {
            let ends = chrono::Utc::now() - chrono::Duration::days(days);
            let starts = ends - chrono::Duration::hours(2);
            let backend = app.db.backend();
            let statement = |sql: &str, values: Vec<sea_orm::Value>| {
                sea_orm::Statement::from_sql_and_values(backend, sql, values)
            };
            let (e, f) = if backend == sea_orm::DatabaseBackend::Postgres {
                (
                    "UPDATE events SET starts_at = $1, ends_at = $2 WHERE id = $3",
                    "UPDATE festivals SET starts_on = $1, ends_on = $2",
                )
            } else {
                (
                    "UPDATE events SET starts_at = ?, ends_at = ? WHERE id = ?",
                    "UPDATE festivals SET starts_on = ?, ends_on = ?",
                )
            };
            let event_id = uuid::Uuid::parse_str(id).expect("an id");
            let conn = app.db.conn();
            sea_orm::ConnectionTrait::execute_raw(
                conn,
                statement(e, vec![starts.into(), ends.into(), event_id.into()]),
            )
            .await
            .expect("moved");
            sea_orm::ConnectionTrait::execute_raw(
                conn,
                statement(
                    f,
                    vec![starts.date_naive().into(), ends.date_naive().into()],
                ),
            )
            .await
            .expect("moved");
        };
        let shown = async |path: &str| {
            let (_, text) = feed(&app, path).await;
            event_with_uid(&parse(&text), &uid).is_some()
        };
        let venue_feed = format!("/feeds/venues/{venue}.ics");
        move_back(29).await;
        assert!(shown("/feeds/all.ics?city=Quito").await);
        assert!(shown(&venue_feed).await);
        move_back(31).await;
        assert!(!shown("/feeds/all.ics?city=Quito").await, "past the window");
        assert!(!shown(&venue_feed).await, "past the window");
        assert!(
            shown("/feeds/festivals/fa.ics").await,
            "the festival keeps its programme"
        );
    })
    .await;
}
