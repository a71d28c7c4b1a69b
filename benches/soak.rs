//! Soak test: the service as `convoca serve` runs it (HTTP, scheduler, dispatcher), under a
//! steady mixed load for `SOAK_SECONDS` (600 by default), with its SMTP server down for a
//! while in the middle; then the outbox is drained and what must hold is checked.
//!
//! `cargo bench --bench soak` runs it on a temporary SQLite file;
//! `BENCH_DATABASE_URL=postgres://…/db` on PostgreSQL (the database must exist and be empty);
//! `SOAK_SECONDS=60` makes it short; `SOAK_HOSTILE_SHARE` sets the share of registrations with
//! hostile text (0.01 by default). Everything is in this process on 127.0.0.1: the app, its
//! clients (`soak/traffic.rs`) and its SMTP server (`soak/smtp_sink.rs`), which refuses mail
//! for min(60 s, SOAK_SECONDS / 5) halfway through.
//!
//! After the load the scheduler's tick is called at later and later times until no email is
//! pending (`soak/checks.rs`), and the bench checks, printing PASS or FAIL for each and exiting
//! non-zero on a FAIL: nothing panicked; no 5xx to well-formed requests; the outage was retried; every outbox row
//! ended `sent`, `skipped` or `failed` and says why when not sent; the sink received each sent
//! email once and nothing else; seats and waiting lists match the registrations; and the
//! resident memory, sampled every 10 s, stayed flat after the warm-up.

#[path = "soak/checks.rs"]
mod checks;
#[path = "soak/programme.rs"]
mod programme;
#[path = "soak/smtp_sink.rs"]
mod smtp_sink;
#[path = "soak/traffic.rs"]
mod traffic;

use std::{
    sync::{
        Arc, OnceLock,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use chrono::Utc;
use convoca::{app::Application, config::Config};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use checks::Verdict;
use smtp_sink::Sink;

const SAMPLE_EVERY: Duration = Duration::from_secs(10);
/// How much the resident memory may grow after the warm-up and still count as flat, net of
/// what the response cache holds (each programme change makes new renderings, kept up to the
/// cache's bound of 64 MiB): the bench's own bookkeeping (latencies, manage tokens, the
/// sink's counts) and SQLite's page caches (2 MiB per connection) grow with the data, a few
/// MiB each over ten minutes; a leak per request or per email grows far more.
const FLAT_MIB: f64 = 16.0;
const FLAT_SHARE: f64 = 0.10;

/// Panics anywhere in the process (a handler, the dispatcher, the scheduler), and the first.
static PANICS: AtomicU64 = AtomicU64::new(0);
static FIRST_PANIC: OnceLock<String> = OnceLock::new();

/// Counts panics instead of printing each with its backtrace: a panic in a background task
/// leaves no other trace, and one that repeats every tick would bury the report.
fn count_panics() {
    std::panic::set_hook(Box::new(|info| {
        if PANICS.fetch_add(1, Ordering::Relaxed) == 0 {
            let _ = FIRST_PANIC.set(info.to_string());
            eprintln!("panic (further ones are only counted): {info}");
        }
    }));
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    count_panics();
    let seconds: u64 = std::env::var("SOAK_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600)
        .max(10);
    let outage = (seconds / 5).min(60);
    let outage_at = seconds / 2 - outage / 2;
    let warm_up = (seconds / 5).min(60);
    let hostile: f64 = std::env::var("SOAK_HOSTILE_SHARE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.01_f64)
        .clamp(0.0, 1.0);

    let dir = tempfile::tempdir()?;
    let database_url = std::env::var("BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}/soak.db?mode=rwc", dir.path().display()));
    let sink = Sink::start().await?;
    let (url, smtp_url) = (database_url.clone(), sink.url());
    let outbox = dir.path().join("outbox").display().to_string();
    let config = Config::from_lookup(|name| match name {
        "DATABASE_URL" => Some(url.clone()),
        "CONVOCA_BIND" => Some("127.0.0.1:0".to_owned()),
        "CONVOCA_PUBLIC_URL" => Some("https://soak.convoca.test".to_owned()),
        "CONVOCA_OUTBOX_DIR" => Some(outbox.clone()),
        "CONVOCA_RATE_LIMIT_PER_MINUTE" => Some("0".to_owned()),
        "CONVOCA_TICK_SECONDS" => Some("5".to_owned()),
        "SMTP_URL" => Some(smtp_url.clone()),
        _ => None,
    })?;
    let app = Application::build(config).await?;
    let state = app.state().clone();
    let base = format!("http://127.0.0.1:{}", app.port());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until_stopped(async {
        let _ = stopped.await;
    }));
    let programme = Arc::new(programme::create(&base, &state).await?);
    let backend = if database_url.starts_with("sqlite") {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    println!(
        "soak on {backend}: {seconds} s, {} events of {} seats, {:.1}% of registrations hostile; SMTP outage of {outage} s from t={outage_at} s",
        programme.events.len(),
        programme::CAPACITY,
        hostile * 100.0
    );

    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let for_outage = sink.clone();
    let outage_task = tokio::spawn(async move {
        tokio::time::sleep_until((started + Duration::from_secs(outage_at)).into()).await;
        for_outage.set_outage(true);
        let from = Utc::now();
        tokio::time::sleep(Duration::from_secs(outage)).await;
        for_outage.set_outage(false);
        (from, Utc::now())
    });
    let sampler = tokio::spawn(sample(state.clone(), sink.clone(), started, deadline));
    let mut tally = traffic::run(programme, deadline, hostile).await;
    let load_seconds = started.elapsed().as_secs_f64();
    let (outage_from, outage_to) = outage_task.await?;
    let samples = sampler.await??;

    let drain_started = Instant::now();
    let drained = checks::drain(&state).await?;
    let drain_seconds = drain_started.elapsed().as_secs_f64();
    let rss_after_drain = rss_kib();
    let _ = stop.send(());
    match tokio::time::timeout(Duration::from_secs(60), server).await {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(e))) => eprintln!("the server stopped with an error: {e}"),
        Ok(Err(e)) => eprintln!("the server task failed: {e}"),
        Err(_) => eprintln!("the server did not stop within 60 s"),
    }
    let inbox = sink.take();

    println!();
    tally.print(load_seconds);
    println!(
        "\nSMTP outage: {} – {} UTC ({outage} s); the sink refused {} connections or messages",
        outage_from.format("%H:%M:%S"),
        outage_to.format("%H:%M:%S"),
        sink.refused()
    );
    println!(
        "drain: {} ticks in {drain_seconds:.1} s ({} panicked), the clock run {} min ahead; sent {}, skipped {}, failed {} (to retry), {} reminders enqueued",
        drained.ticks,
        drained.panics,
        drained.ran_ahead.num_minutes(),
        drained.sent,
        drained.skipped,
        drained.failed,
        drained.reminders
    );
    let (mut verdicts, outbox_text) = checks::outbox_report(&state, sink.refused()).await?;
    print!("{outbox_text}");
    println!(
        "samples (t s: VmRSS MiB, of which renderings in the response cache, emails pending, received):"
    );
    for s in &samples {
        println!(
            "  {:>4}: {:>7.1} {:>7.1} {:>7} {:>7}",
            s.at,
            mib(s.rss_kib),
            mib(s.cached_kib),
            s.pending,
            s.received
        );
    }
    println!("  after the drain: {:.1} MiB", mib(rss_after_drain));
    verdicts.push(memory_verdict(&samples, warm_up));
    let server_errors = tally.server_errors();
    let panics = PANICS.load(Ordering::Relaxed);
    verdicts.insert(
        0,
        Verdict {
            name: "nothing panicked",
            pass: panics == 0,
            detail: match FIRST_PANIC.get() {
                Some(first) => format!("{panics} panics; the first: {first}"),
                None => "0 panics".to_owned(),
            },
        },
    );
    verdicts.insert(
        1,
        Verdict {
            name: "no 5xx (nor no answer) to a well-formed request",
            pass: server_errors == 0,
            detail: format!("{server_errors}"),
        },
    );
    verdicts.extend(checks::emails(&state, &inbox).await?);
    verdicts.extend(checks::seats(&state).await?);

    println!("\nchecks:");
    for v in &verdicts {
        let verdict = if v.pass { "PASS" } else { "FAIL" };
        println!("  {verdict}  {}: {}", v.name, v.detail);
    }
    let failed = verdicts.iter().filter(|v| !v.pass).count();
    anyhow::ensure!(failed == 0, "{failed} of {} checks failed", verdicts.len());
    Ok(())
}

/// One sample of the running soak.
struct Sample {
    at: u64,
    rss_kib: u64,
    /// What the response cache holds (renderings of feeds and programme pages).
    cached_kib: u64,
    pending: u64,
    received: u64,
}

/// Every [`SAMPLE_EVERY`] from the start to the deadline: memory, and the email backlog.
async fn sample(
    state: convoca::state::AppState,
    sink: Sink,
    started: Instant,
    deadline: Instant,
) -> anyhow::Result<Vec<Sample>> {
    let mut samples = Vec::new();
    let mut every = tokio::time::interval_at(started.into(), SAMPLE_EVERY);
    loop {
        let at = every.tick().await;
        if at.into_std() > deadline {
            return Ok(samples);
        }
        let pending = entity::outbox::Entity::find()
            .filter(entity::outbox::Column::Status.eq("pending"))
            .count(state.db.conn())
            .await?;
        samples.push(Sample {
            at: started.elapsed().as_secs_f64().round() as u64,
            rss_kib: rss_kib(),
            cached_kib: state.cache.weight() / 1024,
            pending,
            received: sink.received(),
        });
    }
}

/// Flat: from the first sample after the warm-up to the last, the growth stays under
/// [`FLAT_MIB`] or [`FLAT_SHARE`] of where it started, whichever is larger.
fn memory_verdict(samples: &[Sample], warm_up: u64) -> Verdict {
    let first = samples.iter().find(|s| s.at >= warm_up);
    let (Some(first), Some(last)) = (first, samples.last()) else {
        return Verdict {
            name: "memory flat after the warm-up",
            pass: false,
            detail: "too few samples".to_owned(),
        };
    };
    let net = |s: &Sample| mib(s.rss_kib.saturating_sub(s.cached_kib));
    let growth = net(last) - net(first);
    let allowed = FLAT_MIB.max(net(first) * FLAT_SHARE);
    Verdict {
        name: "memory flat after the warm-up (net of the response cache)",
        pass: growth <= allowed,
        detail: format!(
            "VmRSS {:.1} MiB ({:.1} net) at t={} s, {:.1} MiB ({:.1} net) at t={} s: net {growth:+.1} MiB ({:+.1}%), allowed {allowed:.1}",
            mib(first.rss_kib),
            net(first),
            first.at,
            mib(last.rss_kib),
            net(last),
            last.at,
            growth / net(first) * 100.0
        ),
    }
}

/// This process's resident memory, from `/proc/self/status` (0 where there is none).
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}
