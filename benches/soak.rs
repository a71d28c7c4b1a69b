//! Soak test: the service as an operator runs it (`convoca serve`, in a process of its own:
//! HTTP, scheduler, dispatcher), under a steady mixed load for `SOAK_SECONDS` (600 by default), with its SMTP server down for a
//! while in the middle; then the outbox is drained and what must hold is checked.
//!
//! `cargo bench --bench soak` runs it on a temporary SQLite file;
//! `BENCH_DATABASE_URL=postgres://…/db` on PostgreSQL (the database must exist and be empty);
//! `SOAK_SECONDS=60` makes it short; `SOAK_HOSTILE_SHARE` sets the share of registrations with
//! hostile text (0.01 by default). The service's clients (`soak/traffic.rs`) and its SMTP
//! server (`soak/smtp_sink.rs`, which refuses mail for min(60 s, SOAK_SECONDS / 5) halfway
//! through) are in this process, on 127.0.0.1; the service (`soak/service.rs`) in its own.
//!
//! After the load the service is stopped with SIGTERM, and this process, connected to the
//! same database, calls the scheduler's tick at later and later times until no email is
//! pending (`soak/checks.rs`); then the bench checks, printing PASS or FAIL for each and exiting
//! non-zero on a FAIL: nothing panicked; no 5xx to well-formed requests; the outage was retried; every outbox row
//! ended `sent`, `skipped` or `failed` and says why when not sent; the sink received each sent
//! email once and nothing else; seats and waiting lists match the registrations; and the
//! resident memory, sampled every 10 s, stayed flat after the warm-up (the median of the last
//! minute against that of the first minute after it).

#[path = "soak/checks.rs"]
mod checks;
#[path = "soak/programme.rs"]
mod programme;
#[path = "soak/service.rs"]
mod service;
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
/// How much the service's resident memory may grow after the warm-up and still count as
/// flat: its caches (responses, SQLite pages, prepared statements) are bounded, and once warm
/// they stay within a few MiB; a leak per request or per email grows far more.
const FLAT_MIB: f64 = 4.0;
const FLAT_SHARE: f64 = 0.05;

/// Panics in this process (the drain's ticks), and the first; the service's are read from
/// its stderr.
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
    let env = [
        ("DATABASE_URL", url.clone()),
        ("CONVOCA_PUBLIC_URL", "https://soak.convoca.test".to_owned()),
        ("CONVOCA_OUTBOX_DIR", outbox),
        ("CONVOCA_RATE_LIMIT_PER_MINUTE", "0".to_owned()),
        ("CONVOCA_TICK_SECONDS", "5".to_owned()),
        ("SMTP_URL", smtp_url),
    ];
    // This process's own connection: it migrates the database, creates the programme's
    // token, and drains and checks the outbox after the service has stopped. It never serves.
    let config = Config::from_lookup(|name| {
        env.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
            .or_else(|| (name == "CONVOCA_BIND").then(|| "127.0.0.1:0".to_owned()))
    })?;
    let state = Application::build(config).await?.state().clone();
    let service = service::Service::start(&env).await?;
    let base = format!("http://127.0.0.1:{}", service.port);
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
    let service = Arc::new(service);
    let sampler = tokio::spawn(sample(
        state.clone(),
        service.clone(),
        sink.clone(),
        started,
        deadline,
    ));
    let mut tally = traffic::run(programme, deadline, hostile).await;
    let load_seconds = started.elapsed().as_secs_f64();
    let (outage_from, outage_to) = outage_task.await?;
    let samples = sampler.await??;

    let rss_at_end = service.rss_kib();
    let (service_panics, first_service_panic) = service.panics();
    let service_errors = service.errors();
    let stopped = match Arc::try_unwrap(service) {
        Ok(service) => service.stop().await,
        Err(_) => Err(anyhow::anyhow!("the sampler still holds the service")),
    };
    let drain_started = Instant::now();
    let drained = checks::drain(&state).await?;
    let drain_seconds = drain_started.elapsed().as_secs_f64();
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
        "samples (t s: the service's VmRSS MiB = anon + file + shmem, threads; emails pending, received):"
    );
    for s in &samples {
        println!(
            "  {:>4}: {:>7.1} = {:>6.1} + {:>5.1} + {:>5.1} {:>3}t {:>7} {:>7}",
            s.at,
            mib(s.memory.rss_kib),
            mib(s.memory.anon_kib),
            mib(s.memory.file_kib),
            mib(s.memory.shmem_kib),
            s.memory.threads,
            s.pending,
            s.received
        );
    }
    println!(
        "  at the end of the load: {:.1} MiB; the service logged {service_errors} lines at ERROR",
        mib(rss_at_end)
    );
    verdicts.push(memory_verdict(&samples, warm_up));
    let server_errors = tally.server_errors();
    let panics = PANICS.load(Ordering::Relaxed) + service_panics;
    let first_panic = first_service_panic.or_else(|| FIRST_PANIC.get().cloned());
    verdicts.insert(
        0,
        Verdict {
            name: "nothing panicked",
            pass: panics == 0,
            detail: match first_panic {
                Some(first) => format!("{panics} panics; the first: {first}"),
                None => "0 panics".to_owned(),
            },
        },
    );
    verdicts.insert(
        1,
        Verdict {
            name: "the service stopped gracefully on SIGTERM",
            pass: stopped.is_ok(),
            detail: match &stopped {
                Ok(()) => "exit status 0".to_owned(),
                Err(e) => e.to_string(),
            },
        },
    );
    verdicts.insert(
        2,
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
    /// The service's resident memory, its parts and threads (to tell a heap that grows from
    /// mapped files that do).
    memory: service::Memory,
    pending: u64,
    received: u64,
}

/// Every [`SAMPLE_EVERY`] from the start to the deadline: memory, and the email backlog.
async fn sample(
    state: convoca::state::AppState,
    service: Arc<service::Service>,
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
            memory: service.memory(),
            pending,
            received: sink.received(),
        });
    }
}

/// Flat: the median of the first minute of samples after the warm-up and that of the last
/// minute differ by less than [`FLAT_MIB`] or [`FLAT_SHARE`] of the first, whichever is
/// larger. Medians of a minute rather than two single samples: one sample can fall on a
/// moment's allocations (a batch of emails being written, pages the allocator has not given
/// back yet: a few MiB, gone ten seconds later), which is not growth; a leak moves the median.
fn memory_verdict(samples: &[Sample], warm_up: u64) -> Verdict {
    const WINDOW: usize = (60 / SAMPLE_EVERY.as_secs()) as usize;
    let after: Vec<&Sample> = samples.iter().filter(|s| s.at >= warm_up).collect();
    let window = WINDOW.min(after.len() / 2);
    if window == 0 {
        return Verdict {
            name: "memory flat after the warm-up",
            pass: false,
            detail: "too few samples".to_owned(),
        };
    }
    let median = |part: &[&Sample]| {
        let mut rss: Vec<f64> = part.iter().map(|s| mib(s.memory.rss_kib)).collect();
        rss.sort_by(f64::total_cmp);
        rss[rss.len() / 2]
    };
    let (first, last) = (&after[..window], &after[after.len() - window..]);
    let (start, end) = (median(first), median(last));
    let peak = samples
        .iter()
        .map(|s| mib(s.memory.rss_kib))
        .fold(0.0, f64::max);
    let growth = end - start;
    let allowed = FLAT_MIB.max(start * FLAT_SHARE);
    Verdict {
        name: "the service's memory flat after the warm-up",
        pass: growth <= allowed,
        detail: format!(
            "VmRSS median {start:.1} MiB over t={}–{} s, {end:.1} MiB over t={}–{} s (single samples {:.1} and {:.1}, peak {peak:.1}): {growth:+.1} MiB ({:+.1}%), allowed {allowed:.1}",
            first[0].at,
            first[window - 1].at,
            last[0].at,
            last[window - 1].at,
            mib(first[0].memory.rss_kib),
            mib(last[window - 1].memory.rss_kib),
            growth / start * 100.0
        ),
    }
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}
