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
async fn the_demo_loads_once_never_into_someone_elses_organisation_and_is_worth_browsing() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    // An operator who followed the README first already has `quito-aprende`: the demo does
    // not move its venues and festivals in with them.
    let theirs = format!("sqlite://{}/theirs.db?mode=rwc", dir.path().display());
    assert!(
        convoca(
            &theirs,
            &["organisation", "create", "quito-aprende", "--name", "Quito"]
        )
        .status
        .success()
    );
    let refused = convoca(&theirs, &["demo"]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("`quito-aprende` already exists"),
        "{stderr}"
    );
    let app = spawn_with_url(&theirs).await;
    app.get("/api/v1/venues", None)
        .await
        .expect(200)
        .json()
        .get("total")
        .filter(|t| *t == 0)
        .expect("nothing was loaded");

    let url = format!("sqlite://{}/demo.db?mode=rwc", dir.path().display());
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
    assert!(
        printed.contains("cargo run --release"),
        "says how to start: {printed}"
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

#[tokio::test]
async fn tokens_are_listed_without_their_secret_and_a_revoked_one_stops_working() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}/tokens.db?mode=rwc", dir.path().display());
    assert!(
        convoca(&url, &["organisation", "create", "loja", "--name", "Loja"])
            .status
            .success()
    );
    let issued = convoca(
        &url,
        &[
            "token",
            "create",
            "--organisation",
            "loja",
            "--name",
            "equipo",
        ],
    );
    let token = String::from_utf8_lossy(&issued.stdout).trim().to_owned();
    let app = spawn_with_url(&url).await;
    app.get("/api/v1/organisations/loja", Some(&token))
        .await
        .expect(200);

    let listed = convoca(&url, &["token", "list"]);
    assert!(listed.status.success());
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert!(!listed.contains(&token), "never the secret: {listed}");
    let row = listed
        .lines()
        .find(|l| l.contains("\tequipo\t"))
        .expect("the token's row");
    let columns: Vec<&str> = row.split('\t').collect();
    assert_eq!(columns[2], "loja");
    assert_ne!(columns[4], "never", "its use was recorded: {row}");

    let revoked = convoca(&url, &["token", "revoke", columns[0]]);
    assert!(
        revoked.status.success(),
        "{}",
        String::from_utf8_lossy(&revoked.stderr)
    );
    app.get("/api/v1/organisations/loja", Some(&token))
        .await
        .problem(401);
    let again = convoca(&url, &["token", "revoke", columns[0]]);
    assert!(!again.status.success(), "an unknown id is an error");
}

#[test]
fn members_are_added_listed_and_removed_from_the_command_line() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}/members.db?mode=rwc", dir.path().display());
    let run = |args: &[&str]| {
        let output = convoca(&url, args);
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).trim().to_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    assert!(run(&["organisation", "create", "loja", "--name", "Loja"]).0);
    let add = [
        "member",
        "add",
        "--organisation",
        "loja",
        "--email",
        " Ana@Loja.example ",
    ];
    let (ok, id, err) = run(&[&add[..], &["--role", "owner"]].concat());
    assert!(ok, "{err}");
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "prints the id: {id}");

    // Twice is a conflict; a bad role, address or language is refused, naming the option.
    let (ok, _, err) = run(&[&add[..], &["--role", "owner"]].concat());
    assert!(!ok && err.contains("already a member"), "{err}");
    let (ok, _, err) = run(&[&add[..], &["--role", "boss"]].concat());
    assert!(!ok && err.contains("owner, editor or door"), "{err}");
    let (ok, _, err) = run(&[
        "member",
        "add",
        "--organisation",
        "loja",
        "--email",
        "ana@",
        "--role",
        "door",
    ]);
    assert!(!ok && err.contains("--email"), "{err}");
    let (ok, _, err) = run(&[
        "member",
        "add",
        "--organisation",
        "loja",
        "--email",
        "b@loja.example",
        "--role",
        "editor",
        "--festival",
        "x",
    ]);
    assert!(!ok && err.contains("--festival"), "{err}");
    let (ok, _, err) = run(&[
        "member",
        "add",
        "--organisation",
        "nadie",
        "--email",
        "b@loja.example",
        "--role",
        "editor",
    ]);
    assert!(!ok && err.contains("not found"), "{err}");

    let (ok, listed, _) = run(&["member", "list", "--organisation", "loja"]);
    assert!(ok);
    assert!(
        listed.contains(&format!("{id}\tana@loja.example\towner")),
        "{listed}"
    );
    let (ok, _, err) = run(&["member", "remove", "--organisation", "loja", &id]);
    assert!(ok, "{err}");
    let (_, listed, _) = run(&["member", "list", "--organisation", "loja"]);
    assert!(!listed.contains("ana@loja.example"), "{listed}");
}

#[test]
fn help_describes_every_command_and_completions_need_no_database() {
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_convoca"))
            .args(args)
            .env("CONVOCA_BIND", "not an address")
            .output()
            .expect("the binary runs");
        assert!(output.status.success(), "{args:?}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let serve = run(&["serve", "--help"]);
    for variable in [
        "DATABASE_URL",
        "SMTP_URL",
        "CONVOCA_DKIM_KEY",
        "CONVOCA_BIND",
    ] {
        assert!(serve.contains(variable), "{variable} in {serve}");
    }
    let create = run(&["organisation", "create", "--help"]);
    assert!(create.contains("--email") && create.contains("before it can publish"));
    for shell in ["bash", "zsh", "fish"] {
        let script = run(&["completions", shell]);
        assert!(
            script.contains("convoca") && script.contains("organisation"),
            "{shell}"
        );
    }
}

#[test]
fn a_taken_port_writes_nothing_and_a_plain_sqlite_url_creates_its_file() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("an address").port();
    let file = dir.path().join("convoca.db");
    let url = format!("sqlite://{}", file.display());
    let outbox = dir.path().join("outbox");
    let serve = Command::new(env!("CARGO_BIN_EXE_convoca"))
        .arg("serve")
        .env("DATABASE_URL", &url)
        .env("CONVOCA_BIND", format!("localhost:{port}"))
        .env("CONVOCA_OUTBOX_DIR", &outbox)
        .env_remove("RUST_LOG")
        .output()
        .expect("the binary runs");
    assert!(!serve.status.success());
    let stderr = String::from_utf8_lossy(&serve.stderr);
    assert!(stderr.contains("CONVOCA_BIND: cannot listen"), "{stderr}");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("the directory")
        .map(|e| e.expect("an entry").file_name())
        .collect();
    assert!(left.is_empty(), "nothing written: {left:?}");

    // The same URL, without `?mode=rwc`, creates its database.
    let migrated = convoca(&url, &["migrate"]);
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    assert!(file.exists());
    drop(taken);
}
