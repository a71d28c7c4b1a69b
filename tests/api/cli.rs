//! The `convoca` binary itself: configuration errors, and the commands that bootstrap access.

use std::process::Command;

use serde_json::json;

use crate::helpers::spawn_with_url;

fn convoca(database_url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_convoca"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env_remove("RUST_LOG")
        .output()
        .expect("the binary runs")
}

#[test]
fn a_bad_variable_stops_start_up_with_one_line_naming_it() {
    let output = Command::new(env!("CARGO_BIN_EXE_convoca"))
        .arg("migrate")
        .env("CONVOCA_BIND", "localhost")
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("convoca: CONVOCA_BIND:"), "{stderr}");
}

#[tokio::test]
async fn organisation_and_token_commands_give_access_to_the_api() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}/cli.db?mode=rwc", dir.path().display());

    let created = convoca(
        &url,
        &[
            "organisation",
            "create",
            "loja-aprende",
            "--name",
            "Loja Aprende",
        ],
    );
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let id = String::from_utf8_lossy(&created.stdout).trim().to_owned();
    assert!(
        uuid::Uuid::parse_str(&id).is_ok(),
        "prints the organisation's id: {id}"
    );

    let issued = convoca(
        &url,
        &[
            "token",
            "create",
            "--organisation",
            "loja-aprende",
            "--name",
            "equipo",
        ],
    );
    assert!(
        issued.status.success(),
        "{}",
        String::from_utf8_lossy(&issued.stderr)
    );
    let token = String::from_utf8_lossy(&issued.stdout).trim().to_owned();

    let duplicate = convoca(
        &url,
        &["organisation", "create", "loja-aprende", "--name", "Otra"],
    );
    assert!(!duplicate.status.success());
    let neither = convoca(&url, &["token", "create", "--name", "x"]);
    assert!(
        !neither.status.success(),
        "a token needs --admin or --organisation"
    );

    let app = spawn_with_url(&url).await;
    let venue = app
        .post(
            "/api/v1/venues",
            Some(&token),
            json!({"name": "Biblioteca Municipal", "address": "Bolívar y Rocafuerte", "city": "Loja", "country": "EC"}),
        )
        .await
        .expect(201)
        .json();
    assert_eq!(venue["organisation_id"], id);
}

#[tokio::test]
async fn the_demo_loads_once_beside_an_existing_organisation_and_is_worth_browsing() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}/demo.db?mode=rwc", dir.path().display());
    // An operator who followed the README first already has `quito-aprende`.
    assert!(
        convoca(
            &url,
            &["organisation", "create", "quito-aprende", "--name", "Quito"]
        )
        .status
        .success()
    );

    let first = convoca(&url, &["demo"]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let printed = String::from_utf8_lossy(&first.stdout);
    assert!(
        printed.contains("Demo loaded") && printed.contains("cvk_"),
        "{printed}"
    );
    let again = convoca(&url, &["demo"]);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert!(String::from_utf8_lossy(&again.stdout).contains("already loaded"));

    let app = spawn_with_url(&url).await;
    let festival = app
        .get("/api/v1/festivals/festival-aprendizaje-quito", None)
        .await
        .expect(200)
        .json();
    assert_eq!(festival["status"], "published");
    let programme = app
        .get(
            "/api/v1/festivals/festival-aprendizaje-quito/events?limit=200",
            None,
        )
        .await
        .expect(200)
        .json();
    assert!(programme["total"].as_u64() >= Some(30), "30+ events");
    let kinds: std::collections::HashSet<&str> = programme["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert!(kinds.len() >= 6, "events of many kinds: {kinds:?}");
    let venues = app
        .get("/api/v1/venues?city=Quito", None)
        .await
        .expect(200)
        .json();
    assert!(venues["total"].as_u64() >= Some(8));
    let forum = app
        .get(
            "/api/v1/festivals/conferencia-ciudades-aprendizaje/events?kind=forum",
            None,
        )
        .await
        .expect(200)
        .json();
    assert_eq!(forum["total"], 1, "the conference has a mayors' forum");
}
