//! The README's first steps, run as a newcomer would paste them: every block marked
//! ` ```sh tested ` in order, in one bash session, in an empty directory. `cargo build` there
//! is a no-op (the tests already built the binary, linked where the README expects it), and
//! the service listens on a free port instead of 8080.

use std::{os::unix::fs::PermissionsExt, process::Command};

/// The blocks of `README.md` whose info string is `sh tested`, in order.
fn tested_blocks(readme: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        match &mut current {
            None if line.trim_end() == "```sh tested" => current = Some(String::new()),
            Some(block) if line.trim_end() == "```" => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

#[test]
fn the_first_steps_run_as_written_and_reach_a_registration() {
    let readme = include_str!("../../README.md");
    let blocks = tested_blocks(readme);
    assert!(
        blocks.len() >= 3,
        "the README's first steps are marked `sh tested`"
    );
    assert!(blocks[0].contains("cargo build --release"));

    let dir = tempfile::tempdir().expect("a directory");
    let release = dir.path().join("target/release");
    std::fs::create_dir_all(&release).expect("target/release");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_convoca"), release.join("convoca"))
        .expect("the binary where the README expects it");
    // `cargo build --release` has already happened: a `cargo` that does nothing.
    let shims = dir.path().join("shims");
    std::fs::create_dir_all(&shims).expect("a directory");
    std::fs::write(shims.join("cargo"), "#!/bin/sh\nexit 0\n").expect("a shim");
    std::fs::set_permissions(shims.join("cargo"), std::fs::Permissions::from_mode(0o755))
        .expect("executable");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();

    // The server started in the background is stopped however the script ends.
    let script = format!(
        "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n{}",
        blocks.join("\n")
    );
    let output = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(dir.path())
        .env(
            "PATH",
            format!(
                "{}:{}",
                shims.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("CONVOCA_BIND", format!("127.0.0.1:{port}"))
        .env_remove("DATABASE_URL")
        .env_remove("SMTP_URL")
        .env_remove("RUST_LOG")
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the README's blocks failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    assert!(stdout.contains("published"), "{stdout}");
    assert!(stdout.contains("\"status\": \"confirmed\""), "{stdout}");
    assert!(stdout.contains("/r/reg_"), "a manage link: {stdout}");
    assert!(
        stdout.contains(".eml"),
        "the confirmation in ./outbox: {stdout}"
    );
    assert!(
        stdout.contains("\"fill_rate\": 0.25"),
        "the figures count her family: {stdout}"
    );
}
