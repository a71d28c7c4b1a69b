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
    ];
    for lang in ["es", "en"] {
        for (what, path) in &pages {
            let separator = if path.contains('?') { '&' } else { '?' };
            browser
                .goto(&format!("{}{path}{separator}lang={lang}", app.address))
                .await;
            browser.assert_accessible(&format!("{what} ({lang})")).await;
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
