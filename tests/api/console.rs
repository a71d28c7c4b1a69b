//! The organiser console over HTTP, as a browser without JavaScript uses it: signing in with
//! the link from the email the test's SMTP server received, sessions, who may open what, and
//! checking people in at the door. (The journey in a real Chromium is in `console_browser.rs`.)

use chrono::{Duration, Utc};
use convoca::{domain::email::Email, domain::kinds::MemberRole, jobs::tick, operations};
use reqwest::header::COOKIE;
use serde_json::json;
use uuid::Uuid;

use crate::{
    helpers::{TestApp, on_each_db_with_smtp},
    pages::{Page, festival_with_programme, register},
    smtp::SmtpServer,
};

/// Adds `email` to organisation `slug` with `role` (and, for the door, `festivals`).
pub async fn member(
    app: &TestApp,
    slug: &str,
    email: &str,
    role: MemberRole,
    festivals: &[&str],
) -> Uuid {
    let festivals: Vec<String> = festivals.iter().map(|f| (*f).to_owned()).collect();
    operations::members::add(
        &app.db,
        slug,
        &Email::parse(email).expect("an address"),
        role,
        "es",
        &festivals,
    )
    .await
    .expect("a member")
    .id
}

/// GETs `path` with `cookie`, without following a redirect.
pub async fn get_as(app: &TestApp, path: &str, cookie: &str) -> Page {
    send(app, reqwest::Method::GET, path, cookie, &[]).await
}

/// POSTs a form to `path` with `cookie`, without following a redirect.
pub async fn post_as(app: &TestApp, path: &str, cookie: &str, fields: &[(&str, &str)]) -> Page {
    send(app, reqwest::Method::POST, path, cookie, fields).await
}

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    cookie: &str,
    fields: &[(&str, &str)],
) -> Page {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let mut request = client.request(method.clone(), format!("{}{path}", app.address));
    if !cookie.is_empty() {
        request = request.header(COOKIE, cookie);
    }
    if method == reqwest::Method::POST {
        request = request.form(fields);
    }
    let response = request.send().await.expect("the server answers");
    Page {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        html: response.text().await.expect("a body"),
    }
}

/// The `name=value` of cookie `name` that `page` sets, if it sets it.
pub fn set_cookie(page: &Page, name: &str) -> Option<String> {
    page.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

/// The whole `Set-Cookie` line's first part (`name=value`).
fn pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap_or_default().to_owned()
}

/// A browser's cookie jar for the console: the anti-forgery cookie, and the session once
/// signed in.
#[derive(Clone, Default)]
pub struct Browser {
    csrf: String,
    pub session: String,
}

impl Browser {
    pub fn cookie(&self) -> String {
        [self.csrf.as_str(), self.session.as_str()]
            .into_iter()
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// GETs a page with a form and returns its form token, keeping any cookie it sets.
    pub async fn form_token(&mut self, app: &TestApp, path: &str) -> String {
        let shown = get_as(app, path, &self.cookie()).await;
        assert_eq!(shown.status, 200, "{path}: {}", shown.html);
        if let Some(c) = set_cookie(&shown, "convoca_csrf") {
            self.csrf = pair(&c);
        }
        shown
            .attribute("input[name=csrf_token]", "value")
            .expect("a form token")
    }
}

/// The sign-in link in the last email to `email`, as a path.
pub fn link_in_mail(smtp: &SmtpServer, email: &str) -> String {
    let mail = smtp.mails_to(email).pop().expect("a sign-in email");
    let start = mail.text.find("/console/sign-in/").expect("a sign-in link");
    mail.text[start..]
        .split_whitespace()
        .next()
        .expect("the link")
        .to_owned()
}

/// Asks for a link for `email` from the sign-in page; returns the page that answered.
pub async fn ask_link(app: &TestApp, browser: &mut Browser, email: &str) -> Page {
    let token = browser.form_token(app, "/console/sign-in").await;
    post_as(
        app,
        "/console/sign-in",
        &browser.cookie(),
        &[("csrf_token", &token), ("email", email)],
    )
    .await
}

/// Signs `email` in, as a person does: asks for a link, opens it from the email, presses the
/// button. Returns the browser, holding the session.
pub async fn sign_in(app: &TestApp, smtp: &SmtpServer, email: &str) -> Browser {
    let mut browser = Browser::default();
    ask_link(app, &mut browser, email).await;
    tick(&app.state, Utc::now()).await.expect("a tick");
    let link = link_in_mail(smtp, email);
    let token = browser.form_token(app, &link).await;
    let signed = post_as(app, &link, &browser.cookie(), &[("csrf_token", &token)]).await;
    assert_eq!(signed.status, 303, "{}", signed.html);
    browser.session = pair(&set_cookie(&signed, "convoca_session").expect("a session cookie"));
    browser
}

#[tokio::test]
async fn an_owner_signs_in_with_the_emailed_link_once_and_signs_out_everywhere() {
    on_each_db_with_smtp(async |app: TestApp, smtp: SmtpServer| {
        festival_with_programme(&app).await;
        member(&app, "quito", "Ana@Example.org", MemberRole::Owner, &[]).await;

        // Signed out, the console sends to the sign-in page, which brings back after.
        let away = get_as(&app, "/console/", "").await;
        assert_eq!(away.status, 303);
        assert_eq!(
            away.header("location"),
            "/console/sign-in?next=%2Fconsole%2F"
        );

        let mut browser = Browser::default();
        let asked = ask_link(&app, &mut browser, " ana@example.ORG ").await;
        assert_eq!(asked.status, 200);
        assert_eq!(asked.header("cache-control"), "no-store");
        tick(&app.state, Utc::now()).await.expect("a tick");
        let mail = smtp
            .mails_to("ana@example.org")
            .pop()
            .expect("the link arrives");
        assert!(mail.subject.contains("Org quito"), "{}", mail.subject);
        assert!(mail.raw.contains("Content-Language: es"));
        let link = link_in_mail(&smtp, "ana@example.org");
        assert!(link.starts_with("/console/sign-in/sgn_"), "{link}");

        // Opening the link only asks (a mail scanner's GET uses nothing up).
        let token = browser.form_token(&app, &link).await;
        let token_again = browser.form_token(&app, &link).await;
        let shown = get_as(&app, &link, &browser.cookie()).await;
        assert!(shown.html.contains("ana@example.org"), "{}", shown.html);
        let signed = post_as(&app, &link, &browser.cookie(), &[("csrf_token", &token)]).await;
        assert_eq!(signed.status, 303);
        assert_eq!(signed.header("location"), "/console/");
        let cookie = set_cookie(&signed, "convoca_session").expect("a session");
        // `Secure`: the tests' public URL is https, as a city's is.
        for attribute in [
            "HttpOnly",
            "SameSite=Lax",
            "Secure",
            "Path=/console",
            "Max-Age=43200",
        ] {
            assert!(cookie.contains(attribute), "{cookie}");
        }
        browser.session = pair(&cookie);

        let home = get_as(&app, "/console/", &browser.cookie()).await;
        assert_eq!(home.status, 200);
        assert!(home.texts("h1").contains(&"Org quito".to_owned()));
        assert!(
            home.texts("h3")
                .contains(&"Festival del Aprendizaje".to_owned())
        );

        // Used once: a second press is refused, with a way to ask again.
        let again = post_as(
            &app,
            &link,
            &browser.cookie(),
            &[("csrf_token", &token_again)],
        )
        .await;
        assert_eq!(again.status, 404);
        assert!(again.html.contains("href=\"/console/sign-in\""));
        assert!(set_cookie(&again, "convoca_session").is_none());

        // Signing out ends the session on the server: the old cookie opens nothing.
        let token = browser.form_token(&app, "/console/").await;
        let out = post_as(
            &app,
            "/console/sign-out",
            &browser.cookie(),
            &[("csrf_token", &token)],
        )
        .await;
        assert_eq!(out.status, 303);
        assert!(
            set_cookie(&out, "convoca_session")
                .expect("cleared")
                .contains("Max-Age=0")
        );
        assert_eq!(
            get_as(&app, "/console/", &browser.cookie()).await.status,
            303
        );
    })
    .await;
}

#[tokio::test]
async fn an_unknown_address_gets_the_same_answer_and_no_email() {
    on_each_db_with_smtp(async |app: TestApp, smtp: SmtpServer| {
        festival_with_programme(&app).await;
        member(&app, "quito", "ana@example.org", MemberRole::Owner, &[]).await;
        let mut browser = Browser::default();
        let known = ask_link(&app, &mut browser, "ana@example.org").await;
        let unknown = ask_link(&app, &mut browser, "nadie@example.org").await;
        assert_eq!(known.status, unknown.status);
        let strip = |p: &Page, email: &str| p.html.replace(email, "EMAIL");
        assert_eq!(
            strip(&known, "ana@example.org"),
            strip(&unknown, "nadie@example.org"),
            "the same page, but for the address typed"
        );
        tick(&app.state, Utc::now()).await.expect("a tick");
        assert_eq!(smtp.mails_to("ana@example.org").len(), 1);
        assert!(smtp.mails_to("nadie@example.org").is_empty());

        // A typo is a 422 that names the field, and sends nothing.
        let typo = ask_link(&app, &mut browser, "ana@").await;
        assert_eq!(typo.status, 422);
        assert!(typo.html.contains("aria-invalid=\"true\""));
        assert_eq!(
            typo.attribute(".error-summary a", "href").as_deref(),
            Some("#email")
        );
    })
    .await;
}

#[tokio::test]
async fn a_link_expires_signs_in_only_its_own_member_and_never_a_planted_session() {
    on_each_db_with_smtp(async |app: TestApp, smtp: SmtpServer| {
        festival_with_programme(&app).await;
        member(&app, "quito", "ana@example.org", MemberRole::Owner, &[]).await;
        member(&app, "quito", "luis@example.org", MemberRole::Door, &[]).await;

        // Sixteen minutes later the link is dead, and its email is not sent late either.
        let mut browser = Browser::default();
        ask_link(&app, &mut browser, "ana@example.org").await;
        tick(&app.state, Utc::now()).await.expect("a tick");
        let link = link_in_mail(&smtp, "ana@example.org");
        let expired = (Utc::now() - Duration::minutes(16)).to_rfc3339();
        sea_orm::ConnectionTrait::execute_unprepared(
            app.db.conn(),
            &format!("UPDATE sign_in_links SET expires_at = '{expired}'"),
        )
        .await
        .expect("expired");
        let dead = get_as(&app, &link, "").await;
        assert_eq!(dead.status, 404);

        // Luis's link signs in Luis, whatever cookie the browser held before: the session is
        // a new one, never a value planted in the browser beforehand.
        let mut planted = Browser {
            session: "convoca_session=ses_planted".to_owned(),
            ..Browser::default()
        };
        ask_link(&app, &mut planted, "luis@example.org").await;
        tick(&app.state, Utc::now()).await.expect("a tick");
        let link = link_in_mail(&smtp, "luis@example.org");
        let token = planted.form_token(&app, &link).await;
        let signed = post_as(&app, &link, &planted.cookie(), &[("csrf_token", &token)]).await;
        let session = pair(&set_cookie(&signed, "convoca_session").expect("a session"));
        assert_ne!(session, "convoca_session=ses_planted");
        let home = get_as(&app, "/console/", &session).await;
        assert!(home.html.contains("luis@example.org"));
        assert!(!home.html.contains("ana@example.org"));
        assert_eq!(
            get_as(&app, "/console/", "convoca_session=ses_planted")
                .await
                .status,
            303
        );

        // No form token, no sign-in.
        let forged = post_as(&app, &link, &planted.cookie(), &[("csrf_token", "forged")]).await;
        assert_eq!(forged.status, 403);
    })
    .await;
}

#[tokio::test]
async fn one_address_gets_at_most_five_links_an_hour() {
    on_each_db_with_smtp(async |app: TestApp, smtp: SmtpServer| {
        festival_with_programme(&app).await;
        member(&app, "quito", "ana@example.org", MemberRole::Owner, &[]).await;
        let mut browser = Browser::default();
        for _ in 0..7 {
            assert_eq!(
                ask_link(&app, &mut browser, "ana@example.org").await.status,
                200
            );
        }
        tick(&app.state, Utc::now()).await.expect("a tick");
        assert_eq!(smtp.mails_to("ana@example.org").len(), 5);
    })
    .await;
}

/// A festival, a draft of the same organisation, another organisation's festival, members of
/// every kind, and one registration.
struct World {
    event: String,
    registration: String,
    draft_event: String,
    other_event: String,
    other_registration: String,
}

async fn world(app: &TestApp) -> World {
    let (token, ids) = festival_with_programme(app).await;
    app.festival(&token, "borrador", json!({"title": "Borrador secreto"}))
        .await;
    let draft_event = app
        .event(
            &token,
            "borrador",
            json!({"title": "Taller secreto", "capacity": 5}),
        )
        .await["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let other = app.organiser("otra").await;
    let venue = app.venue(&other, json!({})).await;
    app.festival(&other, "ajeno", json!({"title": "Festival ajeno"}))
        .await;
    let other_event = app
        .event(
            &other,
            "ajeno",
            json!({"title": "Taller ajeno", "venue_id": venue, "capacity": 5}),
        )
        .await["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    app.publish(&other, "ajeno").await;
    let event = ids[0].clone();
    register(app, &event, "Rosa Quishpe", "rosa@example.org").await;
    register(app, &other_event, "Pedro Ajeno", "pedro@example.org").await;
    let id_of = async |event: &str, token: &str| {
        app.get(
            &format!("/api/v1/events/{event}/registrations"),
            Some(token),
        )
        .await
        .expect(200)
        .json()["items"][0]["id"]
            .as_str()
            .expect("an id")
            .to_owned()
    };
    World {
        registration: id_of(&event, &token).await,
        other_registration: id_of(&other_event, &other).await,
        event,
        draft_event,
        other_event,
    }
}

#[tokio::test]
async fn every_console_page_checks_the_members_organisation_and_role() {
    on_each_db_with_smtp(async |app: TestApp, smtp: SmtpServer| {
        let w = world(&app).await;
        member(&app, "quito", "owner@example.org", MemberRole::Owner, &[]).await;
        member(&app, "quito", "editor@example.org", MemberRole::Editor, &[]).await;
        member(
            &app,
            "quito",
            "door@example.org",
            MemberRole::Door,
            &["semana"],
        )
        .await;
        member(
            &app,
            "quito",
            "elsewhere@example.org",
            MemberRole::Door,
            &["borrador"],
        )
        .await;
        member(&app, "otra", "stranger@example.org", MemberRole::Owner, &[]).await;
        let removed = member(&app, "quito", "gone@example.org", MemberRole::Owner, &[]).await;
        let mut who = vec![("signed out", Browser::default())];
        for email in [
            "owner@example.org",
            "editor@example.org",
            "door@example.org",
            "elsewhere@example.org",
            "stranger@example.org",
            "gone@example.org",
        ] {
            who.push((email, sign_in(&app, &smtp, email).await));
        }
        operations::members::remove(&app.db, "quito", removed)
            .await
            .expect("removed");

        // Each page, and what each person gets: 200, 303 (to sign in), 403 (not for the
        // role) or 404 (not of the organisation, so not confirmed to exist).
        let pages: Vec<(String, [u16; 7])> = vec![
            //                          out  own  edi  door else strn gone
            ("/console/".into(), [303, 200, 200, 200, 200, 200, 303]),
            (
                "/console/festivals/semana/door".into(),
                [303, 200, 200, 200, 403, 404, 303],
            ),
            (
                "/console/festivals/borrador/door".into(),
                [303, 200, 200, 403, 200, 404, 303],
            ),
            (
                "/console/festivals/ajeno/door".into(),
                [303, 404, 404, 404, 404, 200, 303],
            ),
            (
                format!("/console/door/{}", w.event),
                [303, 200, 200, 200, 403, 404, 303],
            ),
            (
                format!("/console/door/{}", w.draft_event),
                [303, 200, 200, 403, 200, 404, 303],
            ),
            (
                format!("/console/door/{}", w.other_event),
                [303, 404, 404, 404, 404, 200, 303],
            ),
            (
                format!("/console/check-in/{}", w.registration),
                [303, 200, 200, 200, 403, 404, 303],
            ),
            (
                format!("/console/check-in/{}", w.other_registration),
                [303, 404, 404, 404, 404, 200, 303],
            ),
            // Running a festival: owners and editors of its organisation only.
            //                                 out  own  edi  door else strn gone
            (
                "/console/festivals/semana".into(),
                [303, 200, 200, 403, 403, 404, 303],
            ),
            (
                "/console/festivals/borrador".into(),
                [303, 200, 200, 403, 403, 404, 303],
            ),
            (
                "/console/festivals/ajeno".into(),
                [303, 404, 404, 404, 404, 200, 303],
            ),
            (
                "/console/festivals/semana/publish".into(),
                [303, 200, 200, 403, 403, 404, 303],
            ),
            (
                "/console/festivals/borrador/delete".into(),
                [303, 200, 200, 403, 403, 404, 303],
            ),
            (
                "/console/festivals/semana/notifications".into(),
                [303, 200, 200, 403, 403, 404, 303],
            ),
            (
                "/console/festivals/semana/edit".into(),
                [303, 200, 200, 403, 403, 404, 303],
            ),
            (
                "/console/festivals/semana/import".into(),
                [303, 200, 200, 403, 403, 404, 303],
            ),
            (
                "/console/festivals/ajeno/import".into(),
                [303, 404, 404, 404, 404, 200, 303],
            ),
            (
                "/console/festivals/semana/activities/new".into(),
                [303, 200, 200, 403, 403, 404, 303],
            ),
            (
                format!("/console/activities/{}/edit", w.event),
                [303, 200, 200, 403, 403, 404, 303],
            ),
            (
                format!("/console/activities/{}/cancel", w.event),
                [303, 200, 200, 403, 403, 404, 303],
            ),
            (
                format!("/console/activities/{}/cancel", w.other_event),
                [303, 404, 404, 404, 404, 200, 303],
            ),
            (
                format!("/console/activities/{}/edit", w.other_event),
                [303, 404, 404, 404, 404, 200, 303],
            ),
            // Their own organisation's, for whoever may edit.
            (
                "/console/new-festival".into(),
                [303, 200, 200, 403, 403, 200, 303],
            ),
            (
                "/console/venues".into(),
                [303, 200, 200, 403, 403, 200, 303],
            ),
            (
                "/console/venues/new".into(),
                [303, 200, 200, 403, 403, 200, 303],
            ),
            // The organisation's people and programs: owners only.
            (
                "/console/members".into(),
                [303, 200, 403, 403, 403, 200, 303],
            ),
            (
                "/console/tokens".into(),
                [303, 200, 403, 403, 403, 200, 303],
            ),
            (
                "/console/festivals/ajeno/notifications".into(),
                [303, 404, 404, 404, 404, 200, 303],
            ),
            (
                "/console/festivals/semana/figures".into(),
                [303, 200, 200, 403, 403, 404, 303],
            ),
            (
                "/console/festivals/semana/figures.csv".into(),
                [303, 200, 200, 403, 403, 404, 303],
            ),
            (
                "/console/festivals/borrador/figures.json".into(),
                [303, 200, 200, 403, 403, 404, 303],
            ),
            (
                "/console/festivals/ajeno/figures".into(),
                [303, 404, 404, 404, 404, 200, 303],
            ),
            // Every member's own settings.
            (
                "/console/account".into(),
                [303, 200, 200, 200, 200, 200, 303],
            ),
            (
                format!("/console/activities/{}/registrations", w.event),
                [303, 200, 200, 403, 403, 404, 303],
            ),
            (
                format!("/console/activities/{}/registrations.csv", w.event),
                [303, 200, 200, 403, 403, 404, 303],
            ),
            (
                format!("/console/activities/{}/registrations", w.other_event),
                [303, 404, 404, 404, 404, 200, 303],
            ),
            (
                format!("/console/registrations/{}/cancel", w.registration),
                [303, 200, 200, 403, 403, 404, 303],
            ),
            (
                format!("/console/registrations/{}/cancel", w.other_registration),
                [303, 404, 404, 404, 404, 200, 303],
            ),
        ];
        for (path, expected) in &pages {
            for ((name, browser), status) in who.iter().zip(expected) {
                let got = get_as(&app, path, &browser.cookie()).await;
                assert_eq!(got.status, *status, "{name} on {path}");
                if got.status != 200 {
                    for secret in [
                        "Borrador secreto",
                        "Taller secreto",
                        "Rosa Quishpe",
                        "Pedro Ajeno",
                        "Taller ajeno",
                    ] {
                        assert!(
                            !got.html.contains(secret),
                            "{name} on {path} shows {secret}"
                        );
                    }
                }
            }
        }

        // The same for the taps: only who may check in at the festival changes anything.
        let tap = format!("/console/check-in/{}", w.registration);
        let expected = [303, 303, 303, 303, 403, 404, 303];
        let allowed = [false, true, true, true, false, false, false];
        for (((name, browser), status), allowed) in who.iter().zip(expected).zip(allowed) {
            // The sign-in page hands any visitor a form token (the cookie is site-wide).
            let mut browser = browser.clone();
            let token = browser.form_token(&app, "/console/sign-in").await;
            let got = post_as(
                &app,
                &tap,
                &browser.cookie(),
                &[("csrf_token", &token), ("action", "in")],
            )
            .await;
            assert_eq!(got.status, status, "{name} taps");
            let location = got.header("location");
            if allowed {
                assert!(location.starts_with(&tap), "{name}: {location}");
            } else if status == 303 {
                assert!(
                    location.starts_with("/console/sign-in"),
                    "{name}: {location}"
                );
            }
        }
        // Cancelling someone else's registration, or publishing another's draft: refused
        // before anything changes.
        let cancel = format!("/console/registrations/{}/cancel", w.other_registration);
        let publish = "/console/festivals/borrador/publish".to_owned();
        for (((name, browser), cancel_status), publish_status) in who
            .iter()
            .zip([303, 404, 404, 404, 404, 303, 303])
            .zip([303, 303, 303, 403, 403, 404, 303])
        {
            let mut browser = browser.clone();
            let token = browser.form_token(&app, "/console/sign-in").await;
            let got = post_as(&app, &cancel, &browser.cookie(), &[("csrf_token", &token)]).await;
            assert_eq!(
                got.status, cancel_status,
                "{name} cancels another's registration"
            );
            if *name != "stranger@example.org" && got.status == 303 {
                assert!(
                    got.header("location").starts_with("/console/sign-in"),
                    "{name}"
                );
            }
            let got = post_as(&app, &publish, &browser.cookie(), &[("csrf_token", &token)]).await;
            assert_eq!(got.status, publish_status, "{name} publishes the draft");
            if got.status == 303 && !got.header("location").starts_with("/console/sign-in") {
                // The owner published it: the editor's try finds it published, which is a 409
                // shown on the question page, not a 303; set it back for the next visitor.
                app.set_column(
                    entity::festival::Entity,
                    entity::festival::Column::Status,
                    app.get("/api/v1/festivals/borrador", Some(&app.admin))
                        .await
                        .json()["id"]
                        .as_str()
                        .expect("an id"),
                    "draft",
                )
                .await;
            }
        }
        let stranger_cancelled = convoca::store::attendees::get(
            app.db.conn(),
            w.other_registration.parse().expect("a uuid"),
        )
        .await
        .expect("the registration");
        assert_eq!(
            stranger_cancelled.status.as_str(),
            "cancelled",
            "its own organisation's owner (the stranger) may cancel it"
        );

        let (_, owner) = &mut who[1];
        let token = owner.form_token(&app, "/console/").await;
        let other_tap = format!("/console/check-in/{}", w.other_registration);
        let refused = post_as(
            &app,
            &other_tap,
            &owner.cookie(),
            &[("csrf_token", &token), ("action", "in")],
        )
        .await;
        assert_eq!(refused.status, 404);
        for id in [&w.other_registration] {
            let row = convoca::store::attendees::get(app.db.conn(), id.parse().expect("a uuid"))
                .await
                .expect("the registration");
            assert!(
                row.checked_in_at.is_none(),
                "nobody of another organisation checks in"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn the_door_finds_people_by_two_letters_or_their_code_and_checks_them_in_and_back() {
    on_each_db_with_smtp(async |app: TestApp, smtp: SmtpServer| {
        let (organiser, ids) = festival_with_programme(&app).await;
        let event = &ids[0];
        for (name, email) in [
            ("Rosa Quishpe", "rosa@example.org"),
            ("Rodrigo Pérez", "rodrigo@example.org"),
            ("Ana Álvarez", "ana@example.org"),
        ] {
            register(&app, event, name, email).await;
        }
        app.post(
            &format!("/api/v1/events/{event}/registrations"),
            None,
            json!({"name": "Familia Tipán", "email": "tipan@example.org", "consent": true,
                   "seats": 3, "access_needs": "silla de ruedas"}),
        )
        .await
        .expect(201);
        member(
            &app,
            "quito",
            "door@example.org",
            MemberRole::Door,
            &["semana"],
        )
        .await;
        let mut door = sign_in(&app, &smtp, "door@example.org").await;

        let list = get_as(&app, "/console/festivals/semana/door", &door.cookie()).await;
        assert_eq!(list.status, 200);
        assert!(
            list.texts("h2 a")
                .iter()
                .any(|t| t.contains("Robótica <para> niños"))
        );
        assert!(
            list.html
                .contains(&format!("href=\"/console/door/{event}\""))
        );

        let path = format!("/console/door/{event}");
        let search = |q: &str| format!("{path}?q={}", urlencoding(q));
        // Two letters, any word, no accents needed.
        let found = get_as(&app, &search("ro"), &door.cookie()).await;
        assert_eq!(
            found.texts(".door-results h2"),
            ["Rodrigo Pérez", "Rosa Quishpe"]
        );
        let found = get_as(&app, &search("al"), &door.cookie()).await;
        assert_eq!(found.texts(".door-results h2"), ["Ana Álvarez"]);
        assert_eq!(
            get_as(&app, &search("r"), &door.cookie())
                .await
                .texts(".door-results h2")
                .len(),
            0
        );
        let family = get_as(&app, &search("tipan"), &door.cookie()).await;
        assert_eq!(family.texts(".door-results h2"), ["Familia Tipán"]);
        assert!(family.texts(".access-needs")[0].contains("silla de ruedas"));
        let code = family.texts(".door-results .code")[0].clone();
        assert_eq!(code.len(), 6);
        let by_code = get_as(&app, &search(&code.to_lowercase()), &door.cookie()).await;
        assert_eq!(by_code.texts(".door-results h2"), ["Familia Tipán"]);
        assert_eq!(
            by_code.texts(".door-counts")[0],
            "0 de 6 personas han llegado"
        );

        // A tap checks the family in; the page comes back to the same search and says so.
        let id = family
            .attribute(".door-results input[name=registration]", "value")
            .expect("an id");
        let token = door.form_token(&app, &search("tipan")).await;
        let tapped = post_as(
            &app,
            &path,
            &door.cookie(),
            &[
                ("csrf_token", &token),
                ("registration", &id),
                ("action", "in"),
                ("q", "tipan"),
            ],
        )
        .await;
        assert_eq!(tapped.status, 303);
        let back = get_as(&app, tapped.header("location"), &door.cookie()).await;
        assert_eq!(back.texts(".door-counts")[0], "3 de 6 personas han llegado");
        assert!(
            back.texts("[role=status]")
                .iter()
                .any(|t| t.contains("Familia Tipán ha llegado"))
        );
        // The API agrees.
        let registrations = app
            .get(
                &format!("/api/v1/events/{event}/registrations?q=tipan"),
                Some(&organiser),
            )
            .await
            .expect(200)
            .json();
        assert!(registrations["items"][0]["checked_in_at"].is_string());

        // A mistaken tap is undone with one more.
        let token = door.form_token(&app, tapped.header("location")).await;
        let undone = post_as(
            &app,
            &path,
            &door.cookie(),
            &[
                ("csrf_token", &token),
                ("registration", &id),
                ("action", "undo"),
                ("q", "tipan"),
            ],
        )
        .await;
        let back = get_as(&app, undone.header("location"), &door.cookie()).await;
        assert_eq!(back.texts(".door-counts")[0], "0 de 6 personas han llegado");

        // A registration of another activity cannot be tapped from this one's page.
        register(&app, &ids[1], "Otra Persona", "otra@example.org").await;
        let other_id = app
            .get(
                &format!("/api/v1/events/{}/registrations", ids[1]),
                Some(&organiser),
            )
            .await
            .expect(200)
            .json()["items"][0]["id"]
            .as_str()
            .expect("an id")
            .to_owned();
        let token = door.form_token(&app, &path).await;
        let wrong = post_as(
            &app,
            &path,
            &door.cookie(),
            &[
                ("csrf_token", &token),
                ("registration", &other_id),
                ("action", "in"),
            ],
        )
        .await;
        assert_eq!(wrong.status, 404);
    })
    .await;
}

fn urlencoding(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// What a phone's camera reads in a PNG: the text of the QR code in it.
pub fn scan(png_bytes: &[u8]) -> String {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    // One byte a pixel, whatever the bit depth, as an image library hands it to a scanner.
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).expect("a frame");
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    let (width, height) = (info.width as usize, info.height as usize);
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| pixels[y * width + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the image");
    grids[0].decode().expect("the code decodes").1
}

#[tokio::test]
async fn a_confirmation_carries_a_code_and_a_qr_code_that_opens_the_registration_at_the_door() {
    on_each_db_with_smtp(async |app: TestApp, smtp: SmtpServer| {
        let (_, ids) = festival_with_programme(&app).await;
        let manage = register(&app, &ids[0], "Rosa Quishpe", "rosa@example.org").await;
        tick(&app.state, Utc::now()).await.expect("a tick");

        // The email: the code in both bodies, the QR image beside the HTML.
        let mail = smtp
            .mails_to("rosa@example.org")
            .pop()
            .expect("a confirmation");
        assert!(mail.has_qr(), "{:?}", mail.tree);
        let at = mail
            .shape()
            .iter()
            .position(|t| t.trim() == "image/png")
            .expect("a PNG");
        let png_bytes = mail.binary(at);
        let link = scan(&png_bytes);
        let path = link
            .strip_prefix("https://convoca.test")
            .expect("a link to this site");
        assert!(path.starts_with("/console/check-in/"), "{link}");

        // The manage page shows the same code and an image of the same link.
        let page = crate::pages::page(&app, &manage, &[]).await;
        let code = page.texts(".check-in .code")[0].clone();
        assert!(
            mail.text.contains(&code) && mail.html.contains(&code),
            "{code}"
        );
        let img = page
            .attribute(".check-in img.qr", "src")
            .expect("a QR image");
        assert!(img.starts_with("data:image/svg+xml;base64,"));
        assert!(
            page.attribute(".check-in img.qr", "alt")
                .expect("alt")
                .contains(&code)
        );

        // A door member's phone opens the link: signed out, it asks to sign in and comes back.
        member(
            &app,
            "quito",
            "door@example.org",
            MemberRole::Door,
            &["semana"],
        )
        .await;
        let away = get_as(&app, path, "").await;
        assert_eq!(away.status, 303);
        let mut browser = Browser::default();
        let token = browser.form_token(&app, away.header("location")).await;
        post_as(
            &app,
            "/console/sign-in",
            &browser.cookie(),
            &[
                ("csrf_token", &token),
                ("email", "door@example.org"),
                ("next", path),
            ],
        )
        .await;
        tick(&app.state, Utc::now()).await.expect("a tick");
        let link = link_in_mail(&smtp, "door@example.org");
        let token = browser.form_token(&app, &link).await;
        let signed = post_as(&app, &link, &browser.cookie(), &[("csrf_token", &token)]).await;
        assert_eq!(
            signed.header("location"),
            path,
            "back to the scanned registration"
        );
        browser.session = pair(&set_cookie(&signed, "convoca_session").expect("a session"));

        // One tap checks her in.
        let landed = get_as(&app, path, &browser.cookie()).await;
        assert_eq!(landed.texts("h1"), ["Rosa Quishpe"]);
        let token = browser.form_token(&app, path).await;
        let tapped = post_as(
            &app,
            path,
            &browser.cookie(),
            &[("csrf_token", &token), ("action", "in")],
        )
        .await;
        assert_eq!(tapped.status, 303);
        let done = get_as(&app, tapped.header("location"), &browser.cookie()).await;
        assert!(
            done.texts("[role=status]")
                .iter()
                .any(|t| t.contains("Rosa Quishpe ha llegado"))
        );
        assert!(done.texts(".status-ok")[0].starts_with("Llegó a las"));
        // The language switcher keeps the console page (the nested route's own path is "/…").
        assert_eq!(
            done.attribute("nav a[hreflang=en]", "href").as_deref(),
            Some(format!("{path}?done=in&lang=en").as_str())
        );
    })
    .await;
}
