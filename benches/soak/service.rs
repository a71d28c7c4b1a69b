//! The service under soak, as an operator runs it: the `convoca serve` binary in a process of
//! its own, so that the resident memory sampled is the service's alone (not the load
//! generator's records, nor the SMTP sink's), and a panic anywhere in it shows on its stderr.

use std::{
    process::Stdio,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, Command},
    sync::oneshot,
};

/// What `convoca serve` logs once it accepts connections; the line carries `port=N`.
const LISTENING: &str = "convoca is listening";

pub struct Service {
    child: Child,
    pid: u32,
    pub port: u16,
    log: Arc<Log>,
}

/// What the service's stderr said that the soak must know.
#[derive(Default)]
struct Log {
    panics: AtomicU64,
    first_panic: Mutex<Option<String>>,
    errors: AtomicU64,
}

impl Service {
    /// Starts `convoca serve` with `env` (on 127.0.0.1, an unused port) and waits until it
    /// listens.
    pub async fn start(env: &[(&str, String)]) -> anyhow::Result<Self> {
        let mut command = Command::new(env!("CARGO_BIN_EXE_convoca"));
        command
            .arg("serve")
            .env("CONVOCA_BIND", "127.0.0.1:0")
            .env("RUST_LOG", "warn,convoca=info")
            .envs(env.iter().map(|(k, v)| (k, v.as_str())))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = command.spawn()?;
        let pid = child
            .id()
            .ok_or_else(|| anyhow::anyhow!("convoca serve exited at once"))?;
        let stderr = child.stderr.take().expect("stderr is piped");
        let log = Arc::new(Log::default());
        let (listening, port) = oneshot::channel();
        tokio::spawn(read_log(stderr, log.clone(), listening));
        let port = tokio::time::timeout(Duration::from_secs(60), port)
            .await
            .map_err(|_| anyhow::anyhow!("convoca serve did not listen within 60 s"))?
            .map_err(|_| anyhow::anyhow!("convoca serve stopped before it listened"))?;
        Ok(Self {
            child,
            pid,
            port,
            log,
        })
    }

    /// The service's resident memory, from `/proc/PID/status` (0 where there is none).
    pub fn rss_kib(&self) -> u64 {
        self.memory().rss_kib
    }

    /// The service's memory as the kernel counts it.
    pub fn memory(&self) -> Memory {
        Memory::read(&format!("/proc/{}/status", self.pid))
    }

    /// Panics the service reported (its own catch-and-log lines and the default hook's), and
    /// the first of them.
    pub fn panics(&self) -> (u64, Option<String>) {
        let first = self
            .log
            .first_panic
            .lock()
            .map(|f| f.clone())
            .unwrap_or(None);
        (self.log.panics.load(Ordering::Relaxed), first)
    }

    /// Lines logged at ERROR.
    pub fn errors(&self) -> u64 {
        self.log.errors.load(Ordering::Relaxed)
    }

    /// Stops the service as systemd would (SIGTERM, then a wait for its graceful shutdown).
    pub async fn stop(mut self) -> anyhow::Result<()> {
        let sent = Command::new("kill")
            .args(["-TERM", &self.pid.to_string()])
            .status()
            .await?;
        anyhow::ensure!(sent.success(), "kill -TERM {} failed", self.pid);
        let status = tokio::time::timeout(Duration::from_secs(60), self.child.wait())
            .await
            .map_err(|_| anyhow::anyhow!("convoca serve did not stop within 60 s of SIGTERM"))??;
        anyhow::ensure!(status.success(), "convoca serve exited with {status}");
        Ok(())
    }
}

async fn read_log(
    stderr: tokio::process::ChildStderr,
    log: Arc<Log>,
    listening: oneshot::Sender<u16>,
) {
    let mut listening = Some(listening);
    let mut lines = BufReader::new(stderr).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        if line.contains(LISTENING)
            && let Some(port) = port_in(&line)
            && let Some(tell) = listening.take()
        {
            let _ = tell.send(port);
        }
        if line.contains("panicked") {
            if log.panics.fetch_add(1, Ordering::Relaxed) == 0 {
                eprintln!("the service panicked (further ones are only counted): {line}");
            }
            if let Ok(mut first) = log.first_panic.lock() {
                first.get_or_insert(line.clone());
            }
        }
        if line.contains(" ERROR ") {
            log.errors.fetch_add(1, Ordering::Relaxed);
        }
    }
}

fn port_in(line: &str) -> Option<u16> {
    let after = &line[line.find("port=")? + "port=".len()..];
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// A process's memory from its `/proc/…/status`, in KiB (0 where a line is missing): the
/// resident whole, and its parts, since only `RssAnon` is the process's own heap and stacks;
/// `RssFile` and `RssShmem` are file pages mapped in (SQLite's `-shm` index among them), which
/// the kernel may take back.
#[derive(Debug, Clone, Copy, Default)]
pub struct Memory {
    pub rss_kib: u64,
    pub anon_kib: u64,
    pub file_kib: u64,
    pub shmem_kib: u64,
    pub threads: u64,
}

impl Memory {
    pub fn read(status_path: &str) -> Self {
        let status = std::fs::read_to_string(status_path).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                .unwrap_or(0)
        };
        Self {
            rss_kib: field("VmRSS:"),
            anon_kib: field("RssAnon:"),
            file_kib: field("RssFile:"),
            shmem_kib: field("RssShmem:"),
            threads: field("Threads:"),
        }
    }
}
