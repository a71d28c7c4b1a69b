//! The weekly report of a festival's figures: Monday at 08:00 in the festival's timezone, one
//! per owner and editor whatever the ticks and instances, in each member's language, with the
//! same numbers as the stats; then a final report after the festival; and a member can turn
//! it off from the console.

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::America::Guayaquil;
use convoca::{domain::kinds::MemberRole, jobs::weekly_reports, operations};

use crate::{
    console::{member, post_as, sign_in},
    figures::{register, seeded},
    helpers::{MailTo, TestApp, on_each_db_with_smtp, spawn_with},
    smtp::{Mail, SmtpServer},
};

fn quito(day: u32, hour: u32) -> DateTime<Utc> {
    Guayaquil
        .with_ymd_and_hms(2027, 3, day, hour, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// Whether `text` has the line `line` (mail comes with CRLF line ends).
fn has_line(text: &str, line: &str) -> bool {
    text.lines().any(|l| l.trim_end() == line)
}

/// The reports `email` received, oldest first (not the sign-in links).
fn reports(smtp: &SmtpServer, email: &str) -> Vec<Mail> {
    smtp.mails_to(email)
        .into_iter()
        .filter(|m| m.text.contains("/console/account"))
        .collect()
}

#[tokio::test]
async fn each_owner_and_editor_gets_one_report_on_monday_at_eight_in_the_festivals_timezone() {
    on_each_db_with_smtp(async |app: TestApp, smtp: SmtpServer| {
        let (token, ids, _) = seeded(&app).await;
        member(&app, "quito", "owner@example.org", MemberRole::Owner, &[]).await;
        let editor = member(&app, "quito", "editor@example.org", MemberRole::Editor, &[]).await;
        operations::members::change_settings(&app.state, editor, "en", true)
            .await
            .expect("saved");
        let quiet = member(&app, "quito", "quiet@example.org", MemberRole::Editor, &[]).await;
        operations::members::change_settings(&app.state, quiet, "es", false)
            .await
            .expect("saved");
        member(
            &app,
            "quito",
            "door@example.org",
            MemberRole::Door,
            &["semana"],
        )
        .await;
        // Monday 30 November 2026, before the festival: a moment already past, as the job's
        // `now` always is by the time its reports are written (they must go in the same tick).
        let monday = Guayaquil
            .with_ymd_and_hms(2026, 11, 30, 8, 0, 0)
            .unwrap()
            .with_timezone(&Utc);

        assert_eq!(
            weekly_reports(&app.state, monday - Duration::minutes(1))
                .await
                .expect("tick"),
            0
        );
        assert_eq!(weekly_reports(&app.state, monday).await.expect("tick"), 2);
        assert_eq!(
            weekly_reports(&app.state, monday + Duration::minutes(15))
                .await
                .expect("tick"),
            0,
            "a second tick sends nothing"
        );
        let second = spawn_with(&app.database_url(), MailTo::Smtp(smtp.url())).await;
        assert_eq!(
            weekly_reports(&second.state, monday + Duration::minutes(30))
                .await
                .expect("tick"),
            0,
            "nor does another instance"
        );

        let owner = reports(&smtp, "owner@example.org");
        let english = reports(&smtp, "editor@example.org");
        assert_eq!((owner.len(), english.len()), (1, 1));
        assert!(reports(&smtp, "quiet@example.org").is_empty(), "turned off");
        assert!(
            reports(&smtp, "door@example.org").is_empty(),
            "the door gets no report"
        );

        let stats = app
            .get("/api/v1/festivals/semana/stats", Some(&token))
            .await
            .expect(200)
            .json();
        let all = &stats["totals"];
        let es = &owner[0];
        assert!(es.subject.contains("la semana del"), "{}", es.subject);
        for (label, value) in [
            ("Inscripciones", &all["registrations"]),
            ("Con plaza", &all["confirmed"]),
            ("En espera", &all["waiting"]),
            ("Plazas", &all["capacity"]),
            ("Canceladas", &all["cancelled"]),
        ] {
            assert!(
                has_line(&es.text, &format!("- {label}: {value}")),
                "{label} {value}: {}",
                es.text
            );
        }
        assert!(es.text.contains("- Ocupación: 42 %"), "{}", es.text);
        assert!(
            es.text.contains("2 actividades se llenaron:"),
            "{}",
            es.text
        );
        assert!(has_line(&es.text, "- Robótica <para> niños"), "{}", es.text);
        assert!(es.html.contains("Robótica &lt;para&gt; niños"));
        assert!(
            es.text.contains("2 listas de espera crecieron:"),
            "{}",
            es.text
        );
        if let Ok(dir) = std::env::var("CONVOCA_TEST_SHOTS") {
            // For a person to look at: open it in a browser.
            std::fs::write(format!("{dir}/weekly-report-es.html"), &es.html).expect("written");
        }
        let en = &english[0];
        assert!(en.subject.contains("the week of"), "{}", en.subject);
        assert!(
            has_line(&en.text, &format!("- With a place: {}", all["confirmed"])),
            "{}",
            en.text
        );
        assert!(en.text.contains("9 new registrations"), "{}", en.text);

        // A week on, after the festival: one more person waits for the talk, and the editor
        // has turned the report off in the console.
        register(&app, &ids[2], "Juan", 1, "").await;
        let mut browser = sign_in(&app, &smtp, "editor@example.org").await;
        let form = browser.form_token(&app, "/console/account").await;
        let shown = crate::console::get_as(&app, "/console/account", &browser.cookie()).await;
        assert_eq!(
            shown.texts("select#language option"),
            ["English", "Español", "Português"],
            "every language is offered for the emails"
        );
        let saved = post_as(
            &app,
            "/console/account",
            &browser.cookie(),
            &[("csrf_token", &form), ("language", "en")],
        )
        .await;
        assert_eq!(saved.status, 303, "{}", saved.html);

        assert_eq!(
            weekly_reports(&app.state, quito(15, 8))
                .await
                .expect("tick"),
            1
        );
        assert_eq!(
            weekly_reports(&second.state, quito(15, 9))
                .await
                .expect("tick"),
            0
        );

        let owner = reports(&smtp, "owner@example.org");
        assert_eq!(owner.len(), 2);
        let last = &owner[1];
        assert!(
            last.subject.contains("las cifras finales"),
            "{}",
            last.subject
        );
        assert!(
            last.text.contains("Desde el último informe"),
            "{}",
            last.text
        );
        assert!(last.text.contains("1 inscripción nueva"), "{}", last.text);
        assert!(
            last.text.contains("Ninguna actividad se llenó."),
            "{}",
            last.text
        );
        assert!(
            last.text.contains("- Charla llena: de 1 a 2 en espera"),
            "{}",
            last.text
        );
        assert_eq!(
            reports(&smtp, "editor@example.org").len(),
            1,
            "turned off in the console"
        );
    })
    .await;
}
