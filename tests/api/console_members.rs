//! Owners run their organisation's people and programs from the console: members added
//! (and told by email), removed (signed out at once, never the last owner), API tokens
//! created (shown once) and revoked.

use chrono::Utc;
use convoca::{domain::kinds::MemberRole, jobs::tick};

use crate::{
    console::{Browser, get_as, member, post_as, sign_in},
    helpers::{TestApp, on_each_db_with_smtp},
    pages::festival_with_programme,
    smtp::SmtpServer,
};

async fn send(
    app: &TestApp,
    who: &mut Browser,
    path: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> crate::pages::Page {
    let token = who.form_token(app, path).await;
    let mut all = vec![("csrf_token", token.as_str())];
    all.extend_from_slice(fields);
    post_as(app, action, &who.cookie(), &all).await
}

#[tokio::test]
async fn an_owner_adds_members_who_are_told_and_removes_them_who_are_signed_out() {
    on_each_db_with_smtp(async |app: TestApp, smtp: SmtpServer| {
        festival_with_programme(&app).await;
        member(&app, "quito", "owner@example.org", MemberRole::Owner, &[]).await;
        let mut owner = sign_in(&app, &smtp, "owner@example.org").await;
        let festival_id = app.get("/api/v1/festivals/semana", None).await.json()["id"]
            .as_str()
            .expect("an id")
            .to_owned();
        let form = get_as(&app, "/console/members", &owner.cookie()).await;
        assert_eq!(
            form.texts("select#language option"),
            ["English", "Español", "Português"],
            "the new member's language is chosen among the site's"
        );

        let added = send(
            &app,
            &mut owner,
            "/console/members",
            "/console/members",
            &[
                ("email", " Edi@Example.org "),
                ("role", "editor"),
                ("language", "en"),
            ],
        )
        .await;
        assert_eq!(added.status, 303);
        let door = send(
            &app,
            &mut owner,
            "/console/members",
            "/console/members",
            &[
                ("email", "door@example.org"),
                ("role", "door"),
                ("festivals", &festival_id),
                ("language", "es"),
            ],
        )
        .await;
        assert_eq!(door.status, 303);
        let twice = send(
            &app,
            &mut owner,
            "/console/members",
            "/console/members",
            &[
                ("email", "edi@example.org"),
                ("role", "door"),
                ("language", "es"),
            ],
        )
        .await;
        assert_eq!(twice.status, 422);
        assert_eq!(
            twice.attribute("#email", "aria-invalid").as_deref(),
            Some("true")
        );

        // They are told by email how to sign in, in their language; no link that signs in.
        tick(&app.state, Utc::now()).await.expect("a tick");
        let told = smtp.mails_to("edi@example.org").pop().expect("an email");
        assert!(told.subject.contains("Org quito"), "{}", told.subject);
        assert!(
            told.text.contains("owner@example.org added you"),
            "{}",
            told.text
        );
        assert!(told.text.contains("https://convoca.test/console/"));
        assert!(!told.text.contains("sgn_"));
        assert_eq!(told.reply_to.as_deref(), Some("owner@example.org"));
        let list = get_as(&app, "/console/members", &owner.cookie()).await;
        let rows = list.texts(".console-table tbody tr");
        assert!(
            rows.iter()
                .any(|r| r.contains("door@example.org") && r.contains("Festival del Aprendizaje")),
            "{rows:?}"
        );

        // An editor may not manage members; once removed, their session is over.
        let mut editor = sign_in(&app, &smtp, "edi@example.org").await;
        assert_eq!(
            get_as(&app, "/console/members", &editor.cookie())
                .await
                .status,
            403
        );
        assert_eq!(
            get_as(&app, "/console/tokens", &editor.cookie())
                .await
                .status,
            403
        );
        let remove = list
            .attribute("a[href$='/remove']", "href")
            .expect("a remove link");
        let removed = send(&app, &mut owner, &remove, &remove, &[]).await;
        assert_eq!(removed.status, 303);
        assert_eq!(
            get_as(&app, "/console/", &editor.cookie()).await.status,
            303,
            "signed out"
        );
        let _ = &mut editor;

        // The last owner stays.
        let own = app.db.conn();
        let owner_id = convoca::store::members::of_organisation(
            own,
            app.get("/api/v1/organisations/quito", Some(&app.admin))
                .await
                .json()["id"]
                .as_str()
                .expect("an id")
                .parse()
                .expect("a uuid"),
        )
        .await
        .expect("members")
        .into_iter()
        .find(|m| m.email == "owner@example.org")
        .expect("the owner")
        .id;
        let path = format!("/console/members/{owner_id}/remove");
        let refused = send(&app, &mut owner, &path, &path, &[]).await;
        assert_eq!(refused.status, 409);
        assert_eq!(get_as(&app, "/console/", &owner.cookie()).await.status, 200);
    })
    .await;
}

#[tokio::test]
async fn an_owner_creates_a_token_seen_once_and_revokes_it() {
    on_each_db_with_smtp(async |app: TestApp, smtp: SmtpServer| {
        festival_with_programme(&app).await;
        member(&app, "quito", "owner@example.org", MemberRole::Owner, &[]).await;
        let mut owner = sign_in(&app, &smtp, "owner@example.org").await;

        let empty = send(
            &app,
            &mut owner,
            "/console/tokens",
            "/console/tokens",
            &[("name", " ")],
        )
        .await;
        assert_eq!(empty.status, 422);
        let created = send(
            &app,
            &mut owner,
            "/console/tokens",
            "/console/tokens",
            &[("name", "sitio web")],
        )
        .await;
        assert_eq!(created.status, 200);
        assert_eq!(created.header("cache-control"), "no-store");
        let token = created.texts("code.token")[0].clone();
        assert!(token.starts_with("cvk_"), "{token}");
        app.get("/api/v1/organisations/quito", Some(&token))
            .await
            .expect(200);

        let list = get_as(&app, "/console/tokens", &owner.cookie()).await;
        assert!(!list.html.contains(&token), "never shown again");
        assert!(
            list.texts(".console-table tbody th")
                .contains(&"sitio web".to_owned())
        );
        let revoke = {
            let links = scraper::Selector::parse("a[href$='/revoke']").expect("css");
            list.document()
                .select(&links)
                .find(|a| a.text().collect::<String>().contains("sitio web"))
                .and_then(|a| a.value().attr("href").map(str::to_owned))
                .expect("the new token's revoke link")
        };
        let done = send(&app, &mut owner, &revoke, &revoke, &[]).await;
        assert_eq!(done.status, 303);
        app.get("/api/v1/organisations/quito", Some(&token))
            .await
            .problem(401);

        // Another organisation's token is not this owner's to revoke.
        let theirs = app.organiser("otra").await;
        let other_id = convoca::store::tokens::list(app.db.conn())
            .await
            .expect("tokens")
            .into_iter()
            .find(|t| t.organisation.as_deref() == Some("otra"))
            .expect("their token")
            .id;
        let path = format!("/console/tokens/{other_id}/revoke");
        assert_eq!(get_as(&app, &path, &owner.cookie()).await.status, 404);
        let token = owner.form_token(&app, "/console/tokens").await;
        let refused = post_as(&app, &path, &owner.cookie(), &[("csrf_token", &token)]).await;
        assert_eq!(refused.status, 404);
        app.get("/api/v1/organisations/otra", Some(&theirs))
            .await
            .expect(200);
    })
    .await;
}
