//! The citizen pages in a real headless Chromium: axe-core finds no WCAG A/AA violation on
//! each page type, in Spanish and English, and the timetable reads on a phone. (Runs when
//! `CONVOCA_TEST_BROWSER` is set; see `browser.rs`. The whole journey, cancelling included, is
//! `journey_browser.rs`.)

use crate::{
    browser::Browser,
    helpers::{Backend, spawn_for_browser},
    pages::{festival_with_programme, register},
};

#[tokio::test]
async fn every_citizen_page_type_passes_axe_in_spanish_and_english() {
    let Some(browser) = Browser::start(true).await else {
        return;
    };
    let app = spawn_for_browser(Backend::Sqlite).await;
    let (_, ids) = festival_with_programme(&app).await;
    let manage = register(&app, &ids[2], "Ana", "ana@example.org").await;
    let waiting = register(&app, &ids[2], "Luis", "luis@example.org").await;
    let pages = [
        ("home", "/".to_owned()),
        ("programme", "/festivals/semana".to_owned()),
        (
            "programme filtered",
            "/festivals/semana?audience=ni%C3%B1os&accessible=1".to_owned(),
        ),
        (
            "timetable",
            "/festivals/semana/timetable?day=2027-03-10".to_owned(),
        ),
        ("manage", manage.clone()),
        ("manage, waiting", waiting),
        ("cancel confirmation", format!("{manage}/cancel")),
        ("reminders question", format!("{manage}/reminders")),
        ("not found", "/festivals/nadie".to_owned()),
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
    // A phone: the timetable falls back to a list, and nothing needs sideways scrolling.
    browser.set_window_size(360, 800).await;
    browser
        .goto(&format!(
            "{}/festivals/semana/timetable?day=2027-03-10&lang=es",
            app.address
        ))
        .await;
    assert_eq!(browser.text(".timetable").await, "");
    assert!(
        browser
            .text(".timetable-list")
            .await
            .contains("Cuentos en kichwa")
    );
    let overflow = browser
        .script("return document.documentElement.scrollWidth > window.innerWidth")
        .await;
    assert_eq!(overflow, serde_json::Value::Bool(false));
    browser.assert_accessible("timetable on a phone").await;
    if let Ok(dir) = std::env::var("CONVOCA_TEST_SHOTS") {
        browser
            .screenshot(format!("{dir}/timetable-phone.png"))
            .await;
        browser
            .goto(&format!("{}/festivals/semana?lang=es", app.address))
            .await;
        browser
            .screenshot(format!("{dir}/programme-phone.png"))
            .await;
        browser
            .goto(&format!("{}{manage}?lang=es", app.address))
            .await;
        browser.screenshot(format!("{dir}/manage-phone.png")).await;
    }
    browser.close().await;
}

#[tokio::test]
async fn reminders_are_turned_off_and_on_again_from_the_manage_page_without_javascript() {
    let Some(browser) = Browser::start(false).await else {
        return;
    };
    let app = spawn_for_browser(Backend::Sqlite).await;
    let (_, ids) = festival_with_programme(&app).await;
    let manage = register(&app, &ids[2], "Ana", "ana@example.org").await;
    browser
        .goto(&format!("{}{manage}?lang=es", app.address))
        .await;
    browser.submit("form.reminders").await;
    assert!(
        browser
            .text("[role=status]")
            .await
            .contains("no recibirá más recordatorios"),
        "{}",
        browser.source().await
    );
    browser.assert_accessible("manage, reminders off").await;
    browser.submit("form.reminders").await;
    assert!(
        browser
            .text("[role=status]")
            .await
            .contains("le volveremos a enviar recordatorios")
    );
    // The link in a reminder asks first; its button turns them off.
    browser
        .goto(&format!("{}{manage}/reminders?lang=es", app.address))
        .await;
    browser.submit("main form").await;
    assert!(
        browser
            .text("[role=status]")
            .await
            .contains("no recibirá más recordatorios")
    );
    browser.close().await;
}
