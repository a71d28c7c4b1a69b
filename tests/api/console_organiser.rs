//! The console as a learning-city team runs a festival with it, over HTTP as a browser
//! without JavaScript: the festival's page, publishing and cancelling after a question, an
//! activity's registrations (search, filter, waiting list, CSV, cancel, add by hand), and the
//! emails' log with its retry.

use chrono::Utc;
use convoca::{domain::kinds::MemberRole, jobs::tick};
use serde_json::json;

use crate::{
    console::{get_as, member, post_as, sign_in},
    helpers::{TestApp, on_each_db_with_smtp},
    pages::festival_with_programme,
    smtp::{BOUNCING_DOMAIN, SmtpServer},
};

/// Registers `name` for `event` with `seats`; returns the registration's id.
async fn registered(
    app: &TestApp,
    organiser: &str,
    event: &str,
    name: &str,
    email: &str,
    seats: u32,
) -> String {
    app.post(
        &format!("/api/v1/events/{event}/registrations"),
        None,
        json!({"name": name, "email": email, "seats": seats, "consent": true,
               "access_needs": if name.starts_with("Familia") { "silla de ruedas" } else { "" }}),
    )
    .await
    .expect(201);
    let list = app
        .get(
            &format!(
                "/api/v1/events/{event}/registrations?q={}",
                email.split('@').next().unwrap_or_default()
            ),
            Some(organiser),
        )
        .await
        .expect(200)
        .json();
    list["items"][0]["id"].as_str().expect("an id").to_owned()
}

#[tokio::test]
async fn an_editor_publishes_a_draft_after_a_question_and_a_cancellation_tells_everyone() {
    on_each_db_with_smtp(async |app: TestApp, smtp: SmtpServer| {
        let (organiser, ids) = festival_with_programme(&app).await;
        app.festival(
            &organiser,
            "otono",
            json!({"title": "Otoño del aprendizaje"}),
        )
        .await;
        app.event(
            &organiser,
            "otono",
            json!({"title": "Huerto urbano", "capacity": 10}),
        )
        .await;
        registered(
            &app,
            &organiser,
            &ids[0],
            "Rosa Quishpe",
            "rosa@example.org",
            2,
        )
        .await;
        member(&app, "quito", "editor@example.org", MemberRole::Editor, &[]).await;
        let mut editor = sign_in(&app, &smtp, "editor@example.org").await;

        let home = get_as(&app, "/console/", &editor.cookie()).await;
        assert!(home.html.contains("href=\"/console/festivals/otono\""));
        let overview = get_as(&app, "/console/festivals/semana", &editor.cookie()).await;
        assert_eq!(overview.status, 200);
        let rows = overview.texts(".console-table tbody th");
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert!(rows[0].contains("Robótica <para> niños"));
        assert!(overview.texts(".console-table tbody td")[2].contains("2 / 12"));

        // Publishing the draft asks first, then does it.
        let question = get_as(&app, "/console/festivals/otono/publish", &editor.cookie()).await;
        assert_eq!(question.status, 200);
        let token = editor
            .form_token(&app, "/console/festivals/otono/publish")
            .await;
        let done = post_as(
            &app,
            "/console/festivals/otono/publish",
            &editor.cookie(),
            &[("csrf_token", &token)],
        )
        .await;
        assert_eq!(done.status, 303);
        assert_eq!(
            app.get("/api/v1/festivals/otono", None).await.status,
            200,
            "public now"
        );
        // Twice changes nothing (a second tab, a double click).
        let again = post_as(
            &app,
            "/console/festivals/otono/publish",
            &editor.cookie(),
            &[("csrf_token", &token)],
        )
        .await;
        assert_eq!(again.status, 303);

        // Cancelling says how many people will be told, and tells them.
        let question = get_as(&app, "/console/festivals/semana/cancel", &editor.cookie()).await;
        assert!(
            question
                .html
                .contains("La persona inscrita recibirá un correo"),
            "{}",
            question.html
        );
        let token = editor
            .form_token(&app, "/console/festivals/semana/cancel")
            .await;
        let done = post_as(
            &app,
            "/console/festivals/semana/cancel",
            &editor.cookie(),
            &[("csrf_token", &token)],
        )
        .await;
        assert_eq!(done.status, 303);
        tick(&app.state, Utc::now()).await.expect("a tick");
        let told = smtp.mails_to("rosa@example.org");
        assert!(
            told.iter().any(|m| m.raw.contains("METHOD:CANCEL")),
            "rosa is told"
        );

        // A draft can be deleted; a published festival cannot (a 409 on the question page).
        app.festival(&organiser, "borrador", json!({})).await;
        let token = editor
            .form_token(&app, "/console/festivals/borrador/delete")
            .await;
        let deleted = post_as(
            &app,
            "/console/festivals/borrador/delete",
            &editor.cookie(),
            &[("csrf_token", &token)],
        )
        .await;
        assert_eq!(deleted.status, 303);
        assert_eq!(
            app.get("/api/v1/festivals/borrador", Some(&organiser))
                .await
                .status,
            404
        );
        let refused = post_as(
            &app,
            "/console/festivals/otono/delete",
            &editor.cookie(),
            &[("csrf_token", &token)],
        )
        .await;
        assert_eq!(refused.status, 409);
    })
    .await;
}

#[tokio::test]
async fn publishing_without_a_contact_address_is_refused_with_the_reason_on_the_page() {
    on_each_db_with_smtp(async |app: TestApp, smtp: SmtpServer| {
        let made = app
            .post(
                "/api/v1/organisations",
                Some(&app.admin),
                json!({"slug": "sin", "name": "Sin correo"}),
            )
            .await
            .expect(201)
            .json();
        let id = made["id"].as_str().expect("an id").parse().expect("a uuid");
        let organiser = convoca::store::tokens::create(
            app.db.conn(),
            convoca::domain::access::Actor::Organiser {
                organisation_id: id,
            },
            "test",
        )
        .await
        .expect("a token");
        app.festival(&organiser, "sin", json!({})).await;
        member(&app, "sin", "owner@example.org", MemberRole::Owner, &[]).await;
        let mut owner = sign_in(&app, &smtp, "owner@example.org").await;
        let token = owner
            .form_token(&app, "/console/festivals/sin/publish")
            .await;
        let refused = post_as(
            &app,
            "/console/festivals/sin/publish",
            &owner.cookie(),
            &[("csrf_token", &token)],
        )
        .await;
        assert_eq!(refused.status, 422);
        assert!(
            refused.html.contains("organisation.email"),
            "{}",
            refused.html
        );
        assert_eq!(
            app.get("/api/v1/festivals/sin", None).await.status,
            404,
            "still a draft"
        );
    })
    .await;
}

#[tokio::test]
async fn an_organiser_finds_cancels_and_adds_registrations_and_the_waiting_list_moves() {
    on_each_db_with_smtp(async |app: TestApp, smtp: SmtpServer| {
        let (organiser, ids) = festival_with_programme(&app).await;
        // "Charla llena" has one seat.
        let talk = &ids[2];
        let ana = registered(&app, &organiser, talk, "Ana Álvarez", "ana@example.org", 1).await;
        registered(
            &app,
            &organiser,
            talk,
            "Familia Tipán",
            "tipan@example.org",
            1,
        )
        .await;
        member(&app, "quito", "owner@example.org", MemberRole::Owner, &[]).await;
        let mut owner = sign_in(&app, &smtp, "owner@example.org").await;
        let path = format!("/console/activities/{talk}/registrations");

        let list = get_as(&app, &path, &owner.cookie()).await;
        assert_eq!(list.status, 200);
        let names = list.texts(".console-table tbody th");
        assert!(
            names[0].starts_with("Ana Álvarez") && names[1].starts_with("Familia Tipán"),
            "{names:?}"
        );
        let statuses = list.texts(".console-table tbody td:nth-of-type(2)");
        assert!(statuses[1].contains("en espera (puesto 1)"), "{statuses:?}");
        assert_eq!(list.texts(".access-needs"), ["silla de ruedas"]);
        let waiting = get_as(&app, &format!("{path}?status=waitlisted"), &owner.cookie()).await;
        assert_eq!(waiting.texts(".console-table tbody th").len(), 1);
        let found = get_as(&app, &format!("{path}?q=alvarez"), &owner.cookie()).await;
        assert_eq!(
            found.texts(".console-table tbody th").len(),
            0,
            "the API's search is by words as typed"
        );
        let found = get_as(&app, &format!("{path}?q=ana"), &owner.cookie()).await;
        assert_eq!(found.texts(".console-table tbody th").len(), 1);

        // The CSV: every row, as a spreadsheet opens it.
        let csv = get_as(
            &app,
            &format!("/console/activities/{talk}/registrations.csv"),
            &owner.cookie(),
        )
        .await;
        assert_eq!(csv.status, 200);
        assert!(csv.header("content-type").starts_with("text/csv"));
        assert!(csv.header("content-disposition").contains("attachment"));
        let mut reader = csv::Reader::from_reader(csv.html.as_bytes());
        assert_eq!(reader.records().count(), 2);

        // Ana phoned: she cannot come. The family moves up and both are told.
        let cancel = format!("/console/registrations/{ana}/cancel");
        let question = get_as(&app, &cancel, &owner.cookie()).await;
        assert!(
            question.html.contains("Ana Álvarez recibirá un correo"),
            "{}",
            question.html
        );
        let token = owner.form_token(&app, &cancel).await;
        let done = post_as(&app, &cancel, &owner.cookie(), &[("csrf_token", &token)]).await;
        assert_eq!(done.status, 303);
        tick(&app.state, Utc::now()).await.expect("a tick");
        assert!(
            smtp.mails_to("ana@example.org")
                .iter()
                .any(|m| m.raw.contains("METHOD:CANCEL"))
        );
        assert!(
            smtp.mails_to("tipan@example.org").len() >= 2,
            "waitlisted, then promoted"
        );
        let list = get_as(&app, done.header("location"), &owner.cookie()).await;
        assert!(list.texts("[role=status]")[0].contains("cancelada"));
        let statuses = list.texts(".console-table tbody td:nth-of-type(2)");
        assert!(
            statuses[0].starts_with("cancelada") && statuses[1].starts_with("confirmada"),
            "{statuses:?}"
        );

        // Someone phones to register: a mistake is said beside its field, then it works.
        let token = owner.form_token(&app, &path).await;
        let wrong = post_as(
            &app,
            &path,
            &owner.cookie(),
            &[
                ("csrf_token", &token),
                ("name", ""),
                ("email", "luis@"),
                ("seats", "1"),
                ("locale", "es"),
            ],
        )
        .await;
        assert_eq!(wrong.status, 422);
        let hrefs: Vec<String> = wrong.texts(".error-summary li");
        assert_eq!(hrefs.len(), 3, "name, email and consent: {hrefs:?}");
        assert_eq!(
            wrong.attribute("#email", "aria-invalid").as_deref(),
            Some("true")
        );
        assert_eq!(
            wrong.attribute("#email", "value").as_deref(),
            Some("luis@"),
            "kept as typed"
        );
        let added = post_as(
            &app,
            &path,
            &owner.cookie(),
            &[
                ("csrf_token", &token),
                ("name", "Luis Mora"),
                ("email", "luis@example.org"),
                ("seats", "1"),
                ("locale", "es"),
                ("consent", "yes"),
            ],
        )
        .await;
        assert_eq!(added.status, 303);
        assert!(
            added.header("location").ends_with("done=added-waitlisted"),
            "the talk is full again"
        );
        tick(&app.state, Utc::now()).await.expect("a tick");
        assert_eq!(smtp.mails_to("luis@example.org").len(), 1);
        let twice = post_as(
            &app,
            &path,
            &owner.cookie(),
            &[
                ("csrf_token", &token),
                ("name", "Luis Mora"),
                ("email", "luis@example.org"),
                ("seats", "1"),
                ("locale", "es"),
                ("consent", "yes"),
            ],
        )
        .await;
        assert_eq!(twice.status, 422);
        assert_eq!(
            twice.attribute("#email", "aria-invalid").as_deref(),
            Some("true")
        );

        // Only what the page itself says after a form is shown: no text from a crafted link.
        let crafted = get_as(&app, &format!("{path}?done=hackeado"), &owner.cookie()).await;
        assert!(crafted.texts("[role=status]").is_empty());
        assert!(!crafted.html.contains("console-registrations-done-"));

        // A draft festival takes nobody yet: said on the form, not a 404.
        app.festival(&organiser, "borrador", json!({})).await;
        let draft = app
            .event(&organiser, "borrador", json!({"capacity": 5}))
            .await;
        let draft_path = format!(
            "/console/activities/{}/registrations",
            draft["id"].as_str().expect("an id")
        );
        let token = owner.form_token(&app, &draft_path).await;
        let refused = post_as(
            &app,
            &draft_path,
            &owner.cookie(),
            &[
                ("csrf_token", &token),
                ("name", "Luis Mora"),
                ("email", "luis2@example.org"),
                ("seats", "1"),
                ("locale", "es"),
                ("consent", "yes"),
            ],
        )
        .await;
        assert_eq!(refused.status, 422);
        assert!(
            refused.texts(".error-summary li")[0].contains("no está publicado"),
            "{}",
            refused.html
        );
        assert_eq!(
            refused.attribute(".error-summary a", "href").as_deref(),
            Some("#registration")
        );
        assert!(refused.html.contains("id=\"registration\""));
    })
    .await;
}

#[tokio::test]
async fn the_email_log_shows_a_failure_with_its_reason_and_a_retry_puts_it_back_in_line() {
    on_each_db_with_smtp(async |app: TestApp, smtp: SmtpServer| {
        let (organiser, ids) = festival_with_programme(&app).await;
        let bounced = format!("nadie{BOUNCING_DOMAIN}");
        registered(
            &app,
            &organiser,
            &ids[0],
            "Rosa Quishpe",
            "rosa@example.org",
            1,
        )
        .await;
        registered(&app, &organiser, &ids[0], "Nadie", &bounced, 1).await;
        tick(&app.state, Utc::now()).await.expect("a tick");
        member(&app, "quito", "owner@example.org", MemberRole::Owner, &[]).await;
        let mut owner = sign_in(&app, &smtp, "owner@example.org").await;

        let log = get_as(
            &app,
            "/console/festivals/semana/notifications",
            &owner.cookie(),
        )
        .await;
        assert_eq!(log.status, 200);
        let recipients = log.texts(".console-table tbody th");
        assert_eq!(
            recipients.len(),
            2,
            "the registrants' emails only, not the sign-in link: {recipients:?}"
        );
        let failed = get_as(
            &app,
            "/console/festivals/semana/notifications?status=failed",
            &owner.cookie(),
        )
        .await;
        assert_eq!(
            failed.texts(".console-table tbody th"),
            std::slice::from_ref(&bounced)
        );
        assert!(
            failed.texts(".console-table tbody td")[2].contains("550"),
            "the server's answer"
        );

        let action = failed
            .attribute(".console-table form", "action")
            .expect("a retry form");
        let token = owner
            .form_token(
                &app,
                "/console/festivals/semana/notifications?status=failed",
            )
            .await;
        let retried = post_as(&app, &action, &owner.cookie(), &[("csrf_token", &token)]).await;
        assert_eq!(retried.status, 303);
        let pending = get_as(
            &app,
            "/console/festivals/semana/notifications?status=pending",
            &owner.cookie(),
        )
        .await;
        assert_eq!(pending.texts(".console-table tbody th"), [bounced]);
        // Someone else's festival's log: not found.
        let other = app.organiser("otra").await;
        app.festival(&other, "ajeno", json!({})).await;
        assert_eq!(
            get_as(
                &app,
                "/console/festivals/ajeno/notifications",
                &owner.cookie()
            )
            .await
            .status,
            404
        );
    })
    .await;
}

#[tokio::test]
async fn an_activity_is_cancelled_telling_its_people_and_only_an_empty_one_is_deleted() {
    on_each_db_with_smtp(async |app: TestApp, smtp: SmtpServer| {
        let (organiser, ids) = festival_with_programme(&app).await;
        registered(
            &app,
            &organiser,
            &ids[0],
            "Rosa Quishpe",
            "rosa@example.org",
            2,
        )
        .await;
        member(&app, "quito", "owner@example.org", MemberRole::Owner, &[]).await;
        let mut owner = sign_in(&app, &smtp, "owner@example.org").await;

        // Deleting one with people registered is refused on its question page.
        let delete = format!("/console/activities/{}/delete", ids[0]);
        let token = owner.form_token(&app, &delete).await;
        let refused = post_as(&app, &delete, &owner.cookie(), &[("csrf_token", &token)]).await;
        assert_eq!(refused.status, 409);
        assert!(refused.html.contains("error-summary"));

        // Cancelling it says who will be told, and tells them.
        let cancel = format!("/console/activities/{}/cancel", ids[0]);
        let question = get_as(&app, &cancel, &owner.cookie()).await;
        assert!(
            question
                .html
                .contains("La persona inscrita recibirá un correo"),
            "{}",
            question.html
        );
        let done = post_as(&app, &cancel, &owner.cookie(), &[("csrf_token", &token)]).await;
        assert_eq!(done.status, 303);
        tick(&app.state, Utc::now()).await.expect("a tick");
        assert!(
            smtp.mails_to("rosa@example.org")
                .iter()
                .any(|m| m.raw.contains("STATUS:CANCELLED"))
        );
        let stored = app
            .get(&format!("/api/v1/events/{}", ids[0]), None)
            .await
            .json();
        assert_eq!(stored["status"], "cancelled");

        // In a published festival nothing is deleted (it is cancelled instead); in a draft, an
        // activity nobody registered for goes for good.
        let delete = format!("/console/activities/{}/delete", ids[1]);
        let refused = post_as(&app, &delete, &owner.cookie(), &[("csrf_token", &token)]).await;
        assert_eq!(refused.status, 409);
        app.festival(&organiser, "borrador", json!({})).await;
        let draft = app
            .event(&organiser, "borrador", json!({"capacity": 5}))
            .await;
        let draft = draft["id"].as_str().expect("an id").to_owned();
        let overview = get_as(&app, "/console/festivals/borrador", &owner.cookie()).await;
        assert!(
            overview
                .html
                .contains(&format!("/console/activities/{draft}/delete"))
        );
        let delete = format!("/console/activities/{draft}/delete");
        let done = post_as(&app, &delete, &owner.cookie(), &[("csrf_token", &token)]).await;
        assert_eq!(done.status, 303);
        assert_eq!(
            app.get(&format!("/api/v1/events/{draft}"), Some(&organiser))
                .await
                .status,
            404
        );
        // Anything else after an activity's id is not a page.
        assert_eq!(
            get_as(
                &app,
                &format!("/console/activities/{}/explode", ids[2]),
                &owner.cookie()
            )
            .await
            .status,
            404
        );
    })
    .await;
}
