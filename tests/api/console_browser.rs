//! The organiser console in a real headless Chromium, as the door team uses it: a door member
//! signs in on a phone-sized window (390×844) with the link from the email the SMTP server
//! received, finds a family by two letters and checks them in, then checks in another person
//! by opening the link of the QR code in her confirmation. axe-core finds no WCAG A/AA
//! violation on any console page type, in Spanish and English. Without JavaScript: the console
//! is forms and links. (Runs when `CONVOCA_TEST_BROWSER` is set; see `browser.rs`.)

use std::time::Instant;

use chrono::Utc;
use convoca::{domain::kinds::MemberRole, jobs::tick};
use serde_json::json;

use crate::{
    browser::Browser,
    console::{link_in_mail, member, scan},
    helpers::{Backend, MailTo, SmtpServer, TestApp, spawn_for_browser_with},
    pages::festival_with_programme,
};

/// Registers through the API.
async fn registered(app: &TestApp, event: &str, name: &str, email: &str, seats: u32) {
    app.post(
        &format!("/api/v1/events/{event}/registrations"),
        None,
        json!({"name": name, "email": email, "seats": seats, "consent": true,
               "access_needs": if seats > 1 { "silla de ruedas" } else { "" }}),
    )
    .await
    .expect(201);
}

/// Signs `email` in from the console's front door, in `browser`, as a person does.
async fn sign_in(browser: &Browser, app: &TestApp, smtp: &SmtpServer, email: &str) {
    browser
        .goto(&format!("{}/console/?lang=es", app.address))
        .await;
    assert_eq!(browser.current_url().await.path(), "/console/sign-in");
    browser.fill("#email", email).await;
    browser.submit("main form").await;
    assert!(browser.text("h1").await.contains("Revise su correo"));
    tick(&app.state, Utc::now()).await.expect("a tick");
    browser
        .goto(&format!("{}{}", app.address, link_in_mail(smtp, email)))
        .await;
    browser.submit("main form").await;
}

#[tokio::test]
async fn a_door_member_checks_a_family_in_from_a_phone_by_two_letters_then_someone_by_qr_code() {
    let Some(browser) = Browser::start(false).await else {
        return;
    };
    let smtp = SmtpServer::start();
    let app = spawn_for_browser_with(Backend::Sqlite, MailTo::Smtp(smtp.url())).await;
    let (_, ids) = festival_with_programme(&app).await;
    let robotics = &ids[0];
    registered(&app, robotics, "Familia Tipán", "tipan@example.org", 3).await;
    registered(&app, robotics, "Rosa Quishpe", "rosa@example.org", 1).await;
    registered(&app, robotics, "Rodrigo Pérez", "rodrigo@example.org", 1).await;
    member(
        &app,
        "quito",
        "door@example.org",
        MemberRole::Door,
        &["semana"],
    )
    .await;
    tick(&app.state, Utc::now())
        .await
        .expect("the confirmations go");

    browser.set_window_size(390, 844).await;
    let started = Instant::now();
    sign_in(&browser, &app, &smtp, "door@example.org").await;
    assert_eq!(browser.current_url().await.path(), "/console/");
    browser
        .click("a[href='/console/festivals/semana/door']")
        .await;
    browser
        .click(&format!("a[href='/console/door/{robotics}']"))
        .await;
    assert_eq!(
        browser.text(".door-counts").await,
        "0 de 5 personas han llegado"
    );

    // Two letters, and the family is the one result; one tap.
    browser.fill("#q", "ti").await;
    browser.submit("form[role=search]").await;
    let results = browser.find_all(".door-results h2").await;
    assert_eq!(results.len(), 1);
    assert!(
        browser
            .text(".access-needs")
            .await
            .contains("silla de ruedas")
    );
    browser.submit(".door-results form").await;
    assert!(
        browser
            .text("[role=status].panel")
            .await
            .contains("Familia Tipán ha llegado")
    );
    assert_eq!(
        browser.text(".door-counts").await,
        "3 de 5 personas han llegado"
    );
    // Nothing on a phone needs sideways scrolling.
    let overflow = browser
        .script("return document.documentElement.scrollWidth > window.innerWidth")
        .await;
    assert_eq!(overflow, serde_json::Value::Bool(false));

    // Rosa shows the QR code of her confirmation; the phone's camera opens its link.
    let mail = smtp
        .mails_to("rosa@example.org")
        .pop()
        .expect("her confirmation");
    let at = mail
        .shape()
        .iter()
        .position(|t| t.trim() == "image/png")
        .expect("a QR image");
    let link = scan(&mail.binary(at));
    assert!(link.starts_with(&app.address), "{link}");
    browser.goto(&link).await;
    assert_eq!(browser.text("h1").await, "Rosa Quishpe");
    browser.submit("main form").await;
    assert!(
        browser
            .text("[role=status]")
            .await
            .contains("Rosa Quishpe ha llegado")
    );
    // A figure for the closing note, not an assertion: the browser's time varies.
    eprintln!("the door journey took {} ms", started.elapsed().as_millis());
    browser
        .goto(&format!("{}/console/door/{robotics}", app.address))
        .await;
    assert_eq!(
        browser.text(".door-counts").await,
        "4 de 5 personas han llegado"
    );
    if let Ok(dir) = std::env::var("CONVOCA_TEST_SHOTS") {
        browser.fill("#q", "ro").await;
        browser.submit("form[role=search]").await;
        browser
            .screenshot(format!("{dir}/console-door-phone.png"))
            .await;
    }
    browser.close().await;
}

#[tokio::test]
async fn every_console_page_type_passes_axe_in_spanish_and_english() {
    let Some(browser) = Browser::start(true).await else {
        return;
    };
    let smtp = SmtpServer::start();
    let app = spawn_for_browser_with(Backend::Sqlite, MailTo::Smtp(smtp.url())).await;
    let (organiser, ids) = festival_with_programme(&app).await;
    registered(&app, &ids[0], "Familia Tipán", "tipan@example.org", 3).await;
    member(&app, "quito", "door@example.org", MemberRole::Door, &[]).await;
    member(&app, "quito", "owner@example.org", MemberRole::Owner, &[]).await;
    let registration = app
        .get(
            &format!("/api/v1/events/{}/registrations", ids[0]),
            Some(&organiser),
        )
        .await
        .expect(200)
        .json()["items"][0]["id"]
        .as_str()
        .expect("an id")
        .to_owned();

    // Signed out: the sign-in page, its error, the page after sending, a dead link.
    for lang in ["es", "en"] {
        browser
            .goto(&format!("{}/console/sign-in?lang={lang}", app.address))
            .await;
        browser
            .assert_accessible(&format!("sign-in ({lang})"))
            .await;
        browser.fill("#email", "not an address").await;
        browser.submit("main form").await;
        assert!(browser.exists(".error-summary").await);
        browser
            .assert_accessible(&format!("sign-in with an error ({lang})"))
            .await;
        browser.fill("#email", "nobody@example.org").await;
        browser.submit("main form").await;
        browser
            .assert_accessible(&format!("link sent ({lang})"))
            .await;
        browser
            .goto(&format!(
                "{}/console/sign-in/sgn_dead?lang={lang}",
                app.address
            ))
            .await;
        browser
            .assert_accessible(&format!("dead link ({lang})"))
            .await;
    }

    // A door member without festivals: the refusal page.
    sign_in(&browser, &app, &smtp, "door@example.org").await;
    browser
        .goto(&format!(
            "{}/console/festivals/semana/door?lang=es",
            app.address
        ))
        .await;
    assert!(browser.text("h1").await.contains("No corresponde a su rol"));
    browser.assert_accessible("refused for the role (es)").await;
    browser.goto(&format!("{}/console/", app.address)).await;
    browser.submit(".console-nav form").await;
    assert!(browser.text("[role=status]").await.contains("Ha salido"));

    // The owner: every page they open at the door.
    sign_in(&browser, &app, &smtp, "owner@example.org").await;
    let pages = [
        ("home", "/console/".to_owned()),
        (
            "door, activities",
            "/console/festivals/semana/door".to_owned(),
        ),
        ("door, search", format!("/console/door/{}?q=ti", ids[0])),
        ("door, scanned", format!("/console/check-in/{registration}")),
        ("festival", "/console/festivals/semana".to_owned()),
        (
            "festival, a question",
            "/console/festivals/semana/cancel".to_owned(),
        ),
        (
            "registrations",
            format!("/console/activities/{}/registrations", ids[0]),
        ),
        (
            "registration, a question",
            format!("/console/registrations/{registration}/cancel"),
        ),
        (
            "emails",
            "/console/festivals/semana/notifications".to_owned(),
        ),
        ("new festival", "/console/new-festival".to_owned()),
        ("festival form", "/console/festivals/semana/edit".to_owned()),
        ("venues", "/console/venues".to_owned()),
        ("venue form", "/console/venues/new".to_owned()),
        (
            "activity form",
            format!("/console/activities/{}/edit", ids[0]),
        ),
        ("import", "/console/festivals/semana/import".to_owned()),
        ("members", "/console/members".to_owned()),
        ("tokens", "/console/tokens".to_owned()),
        ("figures", "/console/festivals/semana/figures".to_owned()),
        ("account", "/console/account".to_owned()),
        // The public figures of a festival that ended, with the owner's permission.
        ("public figures", "/festivals/pasado/figures".to_owned()),
    ];
    crate::figures::ended_festival(&app, &organiser).await;
    convoca::operations::festivals::set_figures_public(
        &app.state,
        &convoca::domain::access::Actor::Admin,
        "pasado",
        true,
    )
    .await
    .expect("published");
    for lang in ["es", "en"] {
        for (what, path) in &pages {
            let separator = if path.contains('?') { '&' } else { '?' };
            browser
                .goto(&format!("{}{path}{separator}lang={lang}", app.address))
                .await;
            browser.assert_accessible(&format!("{what} ({lang})")).await;
            if let Ok(dir) = std::env::var("CONVOCA_TEST_SHOTS") {
                let name: String = what
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { '-' })
                    .collect();
                browser
                    .screenshot(format!("{dir}/console-{name}-{lang}.png"))
                    .await;
            }
        }
    }
    // Forms sent back with mistakes, and an import refused line by line.
    browser
        .goto(&format!("{}/console/new-festival?lang=es", app.address))
        .await;
    browser.submit("#form").await;
    assert!(
        browser.exists(".error-summary").await,
        "{}",
        browser.source().await
    );
    browser
        .assert_accessible("new festival with mistakes (es)")
        .await;
    browser
        .goto(&format!(
            "{}/console/festivals/semana/import?lang=es",
            app.address
        ))
        .await;
    browser
        .fill(
            "#pasted",
            "title,day,start,end\nTaller,mañana,10:00,11:00\n",
        )
        .await;
    browser.submit("#form").await;
    assert!(browser.text(".import-problems").await.contains("Línea 2"));
    browser.assert_accessible("import refused (es)").await;
    // The add-a-person form with its mistakes.
    browser
        .goto(&format!(
            "{}/console/activities/{}/registrations?lang=es",
            app.address, ids[0]
        ))
        .await;
    browser.submit("form[action$='#error-summary']").await;
    assert!(browser.exists(".error-summary").await);
    browser
        .assert_accessible("registrations, a form with mistakes (es)")
        .await;
    browser.close().await;
}

/// Sets a date or time input's value as its picker would (typing into one depends on the
/// browser's locale), with JavaScript: the journey's browser runs it.
async fn set_value(browser: &Browser, id: &str, value: &str) {
    browser
        .script(&format!(
            "document.getElementById('{id}').value = '{value}'; return null;"
        ))
        .await;
}

/// Writes a programme file of 20 workshops (two a morning at the library, the rest online),
/// with `bad` in place of row 5 when given; returns its path.
fn programme_file(dir: &std::path::Path, name: &str, bad: Option<&str>) -> String {
    let mut csv = String::from("title;kind;day;start;end;venue;capacity;registration;audience\r\n");
    for i in 1..=20 {
        let day = 8 + (i - 1) / 4;
        let hour = 9 + 2 * ((i - 1) % 4);
        let venue = if i % 2 == 1 {
            "Biblioteca Metropolitana"
        } else {
            ""
        };
        let row = match bad {
            Some(bad) if i == 5 => bad.to_owned(),
            _ => format!(
                "Taller {i};workshop;2027-03-{day:02};{hour}:00;{hour}:50;{venue};12;sí;familias"
            ),
        };
        csv.push_str(&row);
        csv.push_str("\r\n");
    }
    let path = dir.join(name);
    std::fs::write(&path, csv).expect("the file is written");
    path.display().to_string()
}

#[tokio::test]
async fn a_city_team_builds_a_festival_in_the_console_and_the_door_checks_people_in() {
    let Some(browser) = Browser::start(true).await else {
        return;
    };
    let smtp = SmtpServer::start();
    let app = spawn_for_browser_with(Backend::Sqlite, MailTo::Smtp(smtp.url())).await;
    let organiser = app.organiser("quito").await;
    member(&app, "quito", "equipo@example.org", MemberRole::Owner, &[]).await;
    let files = tempfile::tempdir().expect("a directory");
    let started = Instant::now();

    // The owner signs in with the link from the email, then adds a venue and a festival.
    sign_in(&browser, &app, &smtp, "equipo@example.org").await;
    browser.click("a[href='/console/venues']").await;
    browser.click("a[href='/console/venues/new']").await;
    browser.fill("#name", "Biblioteca Metropolitana").await;
    browser.fill("#address", "García Moreno y Espejo").await;
    browser.fill("#city", "Quito").await;
    browser.fill("#country", "EC").await;
    browser.fill("#capacity", "40").await;
    browser.click("#accessibility-1").await;
    browser.submit("#form").await;
    assert!(
        browser
            .text("[role=status]")
            .await
            .contains("El lugar está añadido")
    );
    browser
        .goto(&format!("{}/console/new-festival", app.address))
        .await;
    browser.fill("#title", "Quito Aprende 2027").await;
    browser.fill("#slug", "quito-aprende").await;
    browser.fill("#city", "Quito").await;
    browser.fill("#country", "EC").await;
    set_value(&browser, "starts_on", "2027-03-08").await;
    set_value(&browser, "ends_on", "2027-03-14").await;
    browser.submit("#form").await;
    assert_eq!(
        browser.current_url().await.path(),
        "/console/festivals/quito-aprende"
    );

    // Twenty activities from a spreadsheet: a bad row is named by its line, nothing kept;
    // corrected, all twenty go in.
    browser
        .click("a[href='/console/festivals/quito-aprende/import']")
        .await;
    let bad = programme_file(
        files.path(),
        "malo.csv",
        Some("Taller 5;baile;2027-03-09;9:00;9:50;;12;sí;"),
    );
    browser
        .find("#file")
        .await
        .send_keys(&bad)
        .await
        .expect("the file is chosen");
    browser.submit("#form").await;
    assert!(
        browser
            .text(".import-problems")
            .await
            .contains("Línea 6: kind")
    );
    assert_eq!(
        browser.script("return document.activeElement.id;").await,
        serde_json::json!("error-summary"),
        "focus moves to the mistakes"
    );
    let good = programme_file(files.path(), "bueno.csv", None);
    browser
        .find("#file")
        .await
        .send_keys(&good)
        .await
        .expect("the file is chosen");
    browser.submit("#form").await;
    assert!(
        browser
            .text("[role=status]")
            .await
            .contains("20 actividades")
    );
    assert_eq!(browser.find_all(".console-table tbody tr").await.len(), 20);

    // Published after its question.
    browser
        .click("a[href='/console/festivals/quito-aprende/publish']")
        .await;
    browser.submit("main form").await;
    assert!(browser.text("[role=status]").await.contains("publicado"));

    // A citizen registers through the public page; two more by the API.
    let events = app
        .get("/api/v1/festivals/quito-aprende/events", Some(&organiser))
        .await
        .expect(200)
        .json();
    let first = events["items"][0]["id"].as_str().expect("an id").to_owned();
    browser
        .goto(&format!(
            "{}/festivals/quito-aprende/events/{first}",
            app.address
        ))
        .await;
    browser.fill("#name", "Rosa Quishpe").await;
    browser.fill("#email", "rosa@example.org").await;
    browser.click("#consent").await;
    browser.submit("form.registration").await;
    browser.wait_for(".confirmation").await;
    for (name, email) in [
        ("Luis Andrango", "luis@example.org"),
        ("Ana Tipán", "ana@example.org"),
    ] {
        app.post(
            &format!("/api/v1/events/{first}/registrations"),
            None,
            serde_json::json!({"name": name, "email": email, "consent": true}),
        )
        .await
        .expect(201);
    }
    tick(&app.state, Utc::now())
        .await
        .expect("the confirmations go");

    // The owner moves it: the form says three people will be told, and saves on that button.
    browser
        .goto(&format!("{}/console/activities/{first}/edit", app.address))
        .await;
    set_value(&browser, "starts_at_time", "11:00").await;
    set_value(&browser, "ends_at", "11:50").await;
    browser.submit("#form").await;
    assert!(
        browser
            .text("#error-summary")
            .await
            .contains("Se avisará a 3 personas"),
        "{}",
        browser.text("main").await
    );
    browser.click("#error-summary button").await;
    assert!(
        browser
            .text("[role=status]")
            .await
            .contains("La actividad está guardada")
    );
    tick(&app.state, Utc::now()).await.expect("the notices go");
    assert_eq!(
        smtp.mails_to("rosa@example.org").len(),
        2,
        "confirmed, then moved"
    );

    // The door member, on a phone, finds Rosa by two letters and checks her in; then Luis
    // by the QR code of his confirmation.
    member(
        &app,
        "quito",
        "puerta@example.org",
        MemberRole::Door,
        &["quito-aprende"],
    )
    .await;
    browser.goto(&format!("{}/console/", app.address)).await;
    browser.submit(".console-nav form").await;
    browser.set_window_size(390, 844).await;
    sign_in(&browser, &app, &smtp, "puerta@example.org").await;
    browser
        .click("a[href='/console/festivals/quito-aprende/door']")
        .await;
    browser
        .click(&format!("a[href='/console/door/{first}']"))
        .await;
    browser.fill("#q", "ro").await;
    browser.submit("form[role=search]").await;
    assert_eq!(browser.find_all(".door-results h2").await.len(), 1);
    browser.submit(".door-results form").await;
    assert!(
        browser
            .text("#done")
            .await
            .contains("Rosa Quishpe ha llegado")
    );
    assert_eq!(
        browser.text(".door-counts").await,
        "1 de 3 personas han llegado"
    );
    let mail = smtp.mails_to("luis@example.org").remove(0);
    let at = mail
        .shape()
        .iter()
        .position(|t| t.trim() == "image/png")
        .expect("a QR image");
    browser.goto(&scan(&mail.binary(at))).await;
    assert_eq!(browser.text("h1").await, "Luis Andrango");
    browser.submit("main form").await;
    assert!(
        browser
            .text("#done")
            .await
            .contains("Luis Andrango ha llegado")
    );
    // A figure for the closing note, not an assertion: the browser's time varies.
    eprintln!(
        "the console journey took {} ms",
        started.elapsed().as_millis()
    );
    if let Ok(dir) = std::env::var("CONVOCA_TEST_SHOTS") {
        browser
            .screenshot(format!("{dir}/console-scanned-phone.png"))
            .await;
        browser.set_window_size(1280, 1000).await;
        browser.goto(&format!("{}/console/", app.address)).await;
        browser.submit(".console-nav form").await;
        sign_in(&browser, &app, &smtp, "equipo@example.org").await;
        browser
            .goto(&format!("{}/console/festivals/quito-aprende", app.address))
            .await;
        browser
            .screenshot(format!("{dir}/console-festival.png"))
            .await;
        browser
            .goto(&format!(
                "{}/console/activities/{first}/registrations",
                app.address
            ))
            .await;
        browser
            .screenshot(format!("{dir}/console-registrations.png"))
            .await;
    }
    browser.close().await;
}
