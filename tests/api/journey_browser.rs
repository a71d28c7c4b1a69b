//! The citizen's whole journey in a real headless Chromium, as the issue tells it: open the
//! festival, filter by audience, open an activity, send the form with a mistake, correct it,
//! register a family of three, follow the manage link from the email the SMTP server received,
//! cancel, and see the next person on the waiting list promoted. Once with JavaScript and once
//! without, on each database. (Runs when `CONVOCA_TEST_BROWSER` is set; see `browser.rs`.)

use std::time::Instant;

use chrono::Utc;
use convoca::jobs::tick;
use serde_json::json;

use crate::{
    browser::Browser,
    helpers::{MailTo, SmtpServer, TestApp, backends, spawn_for_browser_with},
    pages::festival_with_programme,
};

#[tokio::test]
async fn a_grandmother_registers_her_family_then_cancels_from_the_email_and_the_next_family_gets_in()
 {
    for js in [true, false] {
        let Some(browser) = Browser::start(js).await else {
            return;
        };
        for backend in backends() {
            eprintln!("--- JavaScript {js}, on {backend:?}");
            let smtp = SmtpServer::start();
            let app = spawn_for_browser_with(backend, MailTo::Smtp(smtp.url())).await;
            let started = Instant::now();
            journey(&browser, &app, &smtp).await;
            // A figure for the closing note, not an assertion: the browser's time varies.
            eprintln!(
                "the journey took {} ms (JavaScript {js})",
                started.elapsed().as_millis()
            );
        }
        browser.close().await;
    }
}

async fn journey(browser: &Browser, app: &TestApp, smtp: &SmtpServer) {
    let (token, ids) = festival_with_programme(app).await;
    let robotics = &ids[0];
    // Nine of the workshop's twelve seats are taken before she comes.
    app.post(
        &format!("/api/v1/events/{robotics}/registrations"),
        None,
        json!({"name": "Escuela Sucre", "email": "sucre@example.org", "seats": 9,
               "consent": true}),
    )
    .await
    .expect(201);

    // The festival's programme in Spanish (remembered from here on), filtered to what is for
    // children.
    browser
        .goto(&format!("{}/festivals/semana?lang=es", app.address))
        .await;
    assert_eq!(browser.attr("html", "lang").await.as_deref(), Some("es"));
    browser.select("#audience", "niños").await;
    browser.submit("form.filters").await;
    browser
        .wait_for(".filters a[href='/festivals/semana']")
        .await;
    assert!(
        browser
            .current_url()
            .await
            .query()
            .unwrap_or_default()
            .contains("audience=ni%C3%B1os"),
        "the filter is in the URL, to share"
    );
    let titles: Vec<String> = futures::future::join_all(
        browser
            .find_all(".card h3 a, .card h4 a")
            .await
            .into_iter()
            .map(|a| async move { a.text().await.unwrap_or_default() }),
    )
    .await;
    assert_eq!(
        titles,
        ["Robótica <para> niños"],
        "only the children's activity"
    );
    assert!(
        browser.text(".card .status").await.contains('3'),
        "3 places left"
    );

    // Its page; the form sent without consent comes back with the error, what was typed kept.
    browser.click(".card a").await;
    browser.wait_for("form.registration").await;
    assert!(
        browser
            .current_url()
            .await
            .path()
            .ends_with(&format!("/events/{robotics}"))
    );
    browser.fill("#name", "Rosa Quishpe").await;
    browser.fill("#email", "rosa@example.org").await;
    browser.fill("#seats", "3").await;
    browser
        .fill("#access_needs", "Mi nieto usa silla de ruedas")
        .await;
    browser.submit("form.registration").await;
    browser.wait_for(".error-summary").await;
    assert_eq!(
        browser.script("return document.activeElement.id;").await,
        json!("error-summary"),
        "focus moves to the summary"
    );
    assert_eq!(
        browser
            .attr(".error-summary a", "href")
            .await
            .as_deref()
            .map(|h| h.ends_with("#consent")),
        Some(true),
        "the error links to its field"
    );
    assert_eq!(browser.attr("#seats", "value").await.as_deref(), Some("3"));
    browser.click("#consent").await;
    browser.submit("form.registration").await;
    browser.wait_for(".confirmation").await;
    assert!(browser.current_url().await.path().ends_with("/welcome"));
    assert_eq!(browser.text("h1").await, "Está inscrito");

    // The next family finds it full and joins the waiting list.
    let waiting = app
        .post(
            &format!("/api/v1/events/{robotics}/registrations"),
            None,
            json!({"name": "Luis Andrango", "email": "luis@example.org", "seats": 2,
                   "consent": true, "locale": "es"}),
        )
        .await
        .expect(201)
        .json();
    assert_eq!(waiting["status"], "waitlisted");

    // The confirmation email, through SMTP; its manage link opens her registration.
    tick(&app.state, Utc::now()).await.expect("a tick");
    let mails = smtp.mails_to("rosa@example.org");
    assert_eq!(mails.len(), 1, "one confirmation");
    assert!(
        mails[0].subject.starts_with("Inscripción confirmada"),
        "{}",
        mails[0].subject
    );
    let manage = manage_link(&mails[0].text);
    assert!(
        manage.starts_with(&format!("{}/r/", app.address)),
        "{manage}"
    );
    browser.goto(&manage).await;
    assert!(browser.text(".status").await.contains("Confirmada"));

    // She cannot come: cancel, confirm, and it is done.
    browser.click("a.button.warning").await;
    browser.wait_for("button.warning").await;
    browser.submit("main form").await;
    browser.wait_for("[role=status]").await;
    assert!(
        browser
            .text("[role=status]")
            .await
            .contains("Su inscripción está cancelada"),
        "{}",
        browser.source().await
    );
    assert!(browser.current_url().await.path().starts_with("/r/"));
    browser
        .assert_accessible(&format!("cancelled (JavaScript {})", browser.js()))
        .await;

    // Luis's family had the places: his page says so, and so does his email.
    let listed = app
        .get(
            &format!("/api/v1/events/{robotics}/registrations"),
            Some(&token),
        )
        .await
        .expect(200)
        .json();
    let status_of = |email: &str| {
        listed["items"]
            .as_array()
            .and_then(|items| items.iter().find(|r| r["email"] == email))
            .map(|r| r["status"].clone())
    };
    assert_eq!(
        status_of("luis@example.org"),
        Some(json!("confirmed")),
        "{listed}"
    );
    assert_eq!(
        status_of("rosa@example.org"),
        Some(json!("cancelled")),
        "{listed}"
    );
    tick(&app.state, Utc::now()).await.expect("a tick");
    let promoted = smtp.mails_to("luis@example.org");
    let news = promoted
        .iter()
        .find(|m| m.subject.starts_with("Buenas noticias"))
        .expect("the promotion email");
    browser.goto(&manage_link(&news.text)).await;
    assert!(browser.text(".status").await.contains("Confirmada"));
}

/// The manage link in an email's plain text: the line after "Gestionar su inscripción:".
fn manage_link(text: &str) -> String {
    let mut lines = text.lines();
    lines
        .by_ref()
        .find(|l| l.starts_with("Gestionar su inscripción"))
        .and_then(|_| lines.next())
        .map(|l| l.trim().to_owned())
        .unwrap_or_else(|| panic!("no manage link in:\n{text}"))
}
