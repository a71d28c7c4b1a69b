//! Organisations, managed with an admin token.

use serde_json::json;

use crate::helpers::on_each_db;

#[tokio::test]
async fn an_admin_creates_lists_and_reads_organisations() {
    on_each_db(async |app| {
        let created = app
            .post(
                "/api/v1/organisations",
                Some(&app.admin),
                json!({"slug": "quito-aprende", "name": " Quito Aprende ", "email": "Aprende@Quito.gob.ec"}),
            )
            .await
            .expect(201);
        assert_eq!(created.headers["location"], "/api/v1/organisations/quito-aprende");
        let body = created.json();
        assert_eq!(body["name"], "Quito Aprende");
        assert_eq!(body["email"], "aprende@quito.gob.ec");
        assert!(body["created_at"].as_str().expect("a time").ends_with('Z'));

        let list = app.get("/api/v1/organisations", Some(&app.admin)).await.expect(200).json();
        assert_eq!(list["total"], 1);
        assert_eq!(list["limit"], 50);
        assert_eq!(list["offset"], 0);
        assert_eq!(list["items"][0]["slug"], "quito-aprende");
        app.get("/api/v1/organisations/quito-aprende", Some(&app.admin)).await.expect(200);
        app.get("/api/v1/organisations/cuenca", Some(&app.admin)).await.problem(404);
    })
    .await;
}

#[tokio::test]
async fn a_taken_slug_is_a_conflict_and_a_bad_one_is_named() {
    on_each_db(async |app| {
        let body = json!({"slug": "loja", "name": "Loja"});
        app.post("/api/v1/organisations", Some(&app.admin), body.clone())
            .await
            .expect(201);
        let problem = app
            .post("/api/v1/organisations", Some(&app.admin), body)
            .await
            .problem(409);
        assert!(problem["detail"].as_str().expect("detail").contains("loja"));
        let fields = app
            .post(
                "/api/v1/organisations",
                Some(&app.admin),
                json!({"slug": "Loja City", "name": "", "email": "nope"}),
            )
            .await
            .invalid_fields();
        assert_eq!(
            fields,
            vec!["email", "name", "name", "slug"]
                .into_iter()
                .map(String::from)
                .collect::<Vec<_>>()
        );
    })
    .await;
}
