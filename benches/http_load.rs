//! Load generator. A festival of 1,000 events in 40 venues (and one of 300, as the citizen
//! pages issue measures), read by 32 concurrent connections
//! (its programme page by page, single events) for a fixed time each; then 10,000
//! registration attempts from 64 clients on 100 workshops of 50 seats, checked against the
//! database afterwards for overselling.
//!
//! `cargo bench --bench http_load` runs it on a temporary SQLite file; set
//! `BENCH_DATABASE_URL=postgres://…/db` to run it on PostgreSQL (the database must exist and be
//! empty), `BENCH_SECONDS` to change how long each read scenario runs (default 10), and
//! `BENCH_ONLY` (any part of a scenario's name) to run only some.
//! The server and the load run in one process on the same cores, as they would on one small VM.
//!
//! The console: the door's search on an activity with 1,000 registrations (a signed-in door
//! member's session), and the CSV import of a 300-activity programme, timed once.
//!
//! "figures": a festival's figures counted on 300 activities with 50,000 registrations
//! (timed 20 times, in process), and the size of its weekly report email.
//!
//! Last, "reminders": 20,000 confirmed registrations get their day-before reminder, enqueued by
//! the scheduler's tick and dispatched through lettre's SMTP client (connections kept open) to an SMTP server in this
//! process (mailin-embedded), reporting emails/s.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use chrono::{Duration as Minutes, NaiveDate, TimeZone};
use convoca::{
    app::Application,
    config::Config,
    domain::{
        event::EventSpec,
        festival::FestivalSpec,
        kinds::{EventKind, FestivalKind, FestivalStatus, VenueFeature},
        venue::VenueSpec,
    },
    store,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

const EVENTS: usize = 1_000;
/// The issue's festival: 300 activities, its programme page and each activity's page.
const CITY_EVENTS: usize = 300;
const VENUES: usize = 40;
const CONNECTIONS: usize = 32;
const WORKSHOPS: usize = 100;
const SEATS: i32 = 50;
const ATTEMPTS: usize = 10_000;
const REGISTRATION_CLIENTS: usize = 64;
const FEED_EVENTS: usize = 2_000;
const REMINDED: usize = 20_000;
/// The workshop everyone wants: 500 seats, and a waiting list that grows to 19,500.
const HOT_SEATS: i32 = 500;
const HOT_ATTEMPTS: usize = 20_000;
const TWO_INSTANCE_ATTEMPTS: usize = 20_000;

// The service's allocator and settings (`src/memory.rs`), so that what is measured here is
// what `convoca serve` runs: on glibc's malloc the same load ran on another allocator.
convoca::jemalloc_for_this_binary!();

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    #[allow(unsafe_code)]
    // SAFETY: nothing has touched SQLite yet: this is the first thing `main` does.
    let installed = unsafe { convoca::memory::install_for_sqlite() };
    anyhow::ensure!(installed, "SQLite refused jemalloc's functions");
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let dir = tempfile::tempdir()?;
    let database_url = std::env::var("BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}/bench.db?mode=rwc", dir.path().display()));
    let outbox = dir.path().join("outbox").display().to_string();
    // No dispatcher: the registration figures measure registering; emails are measured apart.
    let app = Application::build(config_for(&database_url, &outbox)?)
        .await?
        .without_background();
    let base = format!("http://127.0.0.1:{}", app.port());
    let event_ids = Arc::new(load_festival(&app.state().db, "bench", EVENTS, 30).await?);
    let city_ids = load_festival(&app.state().db, "city", CITY_EVENTS, 30).await?;
    let workshops = load_festival(&app.state().db, "registrations", WORKSHOPS, SEATS).await?;
    load_festival(&app.state().db, "feed", FEED_EVENTS, 30).await?;
    let reminded = load_festival(
        &app.state().db,
        "reminders",
        REMINDED / SEATS as usize,
        SEATS,
    )
    .await?;
    let console = console_setup(&app).await?;
    // Seeding 50,000 registrations takes a while: only when the scenario runs.
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let figures = if "figures".contains(&only) {
        Some(load_festival(&app.state().db, "figures", FIGURES_EVENTS, 50).await?)
    } else {
        None
    };
    let db = app.state().db.clone();
    let state = app.state().clone();
    tokio::spawn(app.run_until_stopped(std::future::pending()));

    let backend = if database_url.starts_with("sqlite") {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    println!("database: {backend}");
    println!(
        "{EVENTS} events in {VENUES} venues; {CONNECTIONS} connections; {seconds} s per scenario\n"
    );
    let pages = (EVENTS / 50) as u64;
    let ids = event_ids.clone();
    let city = Arc::new(city_ids);
    let (first, city_events) = (city.clone(), city.clone());
    // As a browser asks: its language and compression.
    let browser = "Accept-Language: es\r\nAccept-Encoding: gzip, deflate, br\r\n";
    let scenarios: Vec<(&str, PathOf, &str)> = vec![
        (
            "GET /api/v1/festivals/{slug}/events?limit=50",
            Arc::new(move |i| {
                format!(
                    "/api/v1/festivals/bench/events?limit=50&offset={}",
                    (i % pages) * 50
                )
            }),
            "",
        ),
        (
            "GET /api/v1/events/{id}",
            Arc::new(move |i| format!("/api/v1/events/{}", ids[(i as usize * 7919) % ids.len()])),
            "",
        ),
        // Every request a new cache key (unknown parameters are ignored but keyed): the cost
        // of rendering a page from the database, as after each change to the programme.
        (
            "GET /api/v1/festivals/{slug}/events?limit=50 (cache miss every time)",
            Arc::new(move |i| {
                format!(
                    "/api/v1/festivals/bench/events?limit=50&offset={}&miss={i}",
                    (i % pages) * 50
                )
            }),
            "",
        ),
        // The citizen pages: the programme of every activity, from the cache and rendered
        // afresh (as right after a change), and one day's timetable.
        (
            "GET /festivals/{slug} (programme page, cache hit)",
            Arc::new(|_| "/festivals/bench".to_owned()),
            "",
        ),
        (
            "GET /festivals/{slug} (programme page, cache miss every time)",
            Arc::new(|i| format!("/festivals/bench?miss={i}")),
            "",
        ),
        (
            "GET /festivals/{slug}/timetable (cache hit)",
            Arc::new(|_| "/festivals/bench/timetable".to_owned()),
            "",
        ),
        // Reference points: the framework alone, and the framework plus one trivial query.
        (
            "GET /api/v1/nothing (404, no database)",
            Arc::new(|_| "/api/v1/nothing".to_owned()),
            "",
        ),
        (
            "GET /health (one trivial query)",
            Arc::new(|_| "/health".to_owned()),
            "",
        ),
        // The issue's city: a programme of 300 activities and their pages, as a phone's
        // browser asks for them (Spanish, compressed), from the cache and rendered afresh.
        (
            "GET /festivals/{slug} (300 activities, compressed, cache hit)",
            Arc::new(|_| "/festivals/city".to_owned()),
            browser,
        ),
        (
            "GET /festivals/{slug} (300 activities, compressed, cache miss every time)",
            Arc::new(|i| format!("/festivals/city?miss={i}")),
            browser,
        ),
        (
            "GET /festivals/{slug}/events/{id} (activity page, compressed, cache hit)",
            Arc::new(move |_| format!("/festivals/city/events/{}", first[0])),
            browser,
        ),
        (
            "GET /festivals/{slug}/events/{id} (activity page, compressed, cache miss every time)",
            Arc::new(move |i| {
                format!(
                    "/festivals/city/events/{}?miss={i}",
                    city_events[(i as usize * 7919) % city_events.len()]
                )
            }),
            browser,
        ),
    ];
    // `BENCH_ONLY=events` (any part of a scenario's name) runs only the matching ones.
    if let Some(events) = &figures {
        figures_load(&state, dir.path(), events).await?;
    }
    for (name, path_of, headers) in scenarios {
        if name.contains(&only) {
            run(name, seconds, path_of, &base, headers, 200).await;
        }
    }
    if "page size".contains(&only) {
        page_sizes(&base).await?;
    }
    let registrations = "POST /api/v1/events/{id}/registrations";
    if registrations.contains(&only) {
        let run = Registrations {
            name: registrations,
            servers: vec![base.clone()],
            events: &workshops,
            capacity: SEATS,
            attempts: ATTEMPTS,
            clients: REGISTRATION_CLIENTS,
        };
        register_load(run, &db).await?;
    }
    if "hot event".contains(&only) {
        let hot = load_festival(&db, "hot", 1, HOT_SEATS).await?;
        let run = Registrations {
            name: "POST /api/v1/events/{id}/registrations (hot event)",
            servers: vec![base.clone()],
            events: &hot,
            capacity: HOT_SEATS,
            attempts: HOT_ATTEMPTS,
            clients: REGISTRATION_CLIENTS,
        };
        register_load(run, &db).await?;
    }
    // Two instances on one database, each with its own pool and caches (in this process: the
    // database's locks are what is measured, and a second process would only add a second
    // copy of the load generator's work to the same two cores).
    if "two instances".contains(&only) && backend == "PostgreSQL" {
        let second = Application::build(config_for(&database_url, &outbox)?)
            .await?
            .without_background();
        let other = format!("http://127.0.0.1:{}", second.port());
        tokio::spawn(second.run_until_stopped(std::future::pending()));
        let spread = load_festival(&db, "spread", WORKSHOPS, SEATS).await?;
        let run = Registrations {
            name: "POST /api/v1/events/{id}/registrations (two instances, one festival)",
            servers: vec![base.clone(), other.clone()],
            events: &spread,
            capacity: SEATS,
            attempts: TWO_INSTANCE_ATTEMPTS,
            clients: REGISTRATION_CLIENTS,
        };
        register_load(run, &db).await?;
        let hot = load_festival(&db, "hot2", 1, HOT_SEATS).await?;
        let run = Registrations {
            name: "POST /api/v1/events/{id}/registrations (two instances, hot event)",
            servers: vec![base.clone(), other],
            events: &hot,
            capacity: HOT_SEATS,
            attempts: TWO_INSTANCE_ATTEMPTS,
            clients: REGISTRATION_CLIENTS,
        };
        register_load(run, &db).await?;
    }
    if "GET /feeds/festivals/{slug}.ics".contains(&only) {
        feed_load(seconds, &base, &db).await?;
    }
    if "console".contains(&only) {
        console_load(seconds, &base, &console).await?;
    }
    // Seeding 100,000 activities takes minutes: only when asked for by name.
    if only == "history" {
        history_load(&state, &base).await?;
    }
    if "reminders".contains(&only) {
        reminder_load(&state, &database_url, &reminded).await?;
    }
    Ok(())
}

/// The server's configuration on `database_url`, on any free port, writing emails to `outbox`.
fn config_for(database_url: &str, outbox: &str) -> anyhow::Result<Config> {
    Ok(Config::from_lookup(|name| match name {
        "DATABASE_URL" => Some(database_url.to_owned()),
        "CONVOCA_BIND" => Some("127.0.0.1:0".to_owned()),
        "CONVOCA_OUTBOX_DIR" => Some(outbox.to_owned()),
        // 10,000 registrations from one address are the point of the scenario, not a flood.
        "CONVOCA_RATE_LIMIT_PER_MINUTE" => Some("0".to_owned()),
        _ => None,
    })?)
}

/// The monitoring issue's festival: 300 activities and 50,000 registrations.
const FIGURES_EVENTS: usize = 300;
const FIGURES_REGISTRATIONS: usize = 50_000;

/// Fills the figures festival (50 places an activity, so most people wait; one in ten
/// declares an access need), then times counting its figures and sends its weekly report to
/// an owner, as a file, to report its size.
async fn figures_load(
    state: &convoca::state::AppState,
    dir: &std::path::Path,
    events: &[uuid::Uuid],
) -> anyhow::Result<()> {
    use convoca::domain::{email::Email, kinds::MemberRole};
    let db = &state.db;
    for (e, event_id) in events.iter().enumerate() {
        // 50,000 over 300: the first 200 activities get one more.
        let count = FIGURES_REGISTRATIONS / events.len()
            + usize::from(e < FIGURES_REGISTRATIONS % events.len());
        let txn = db.begin_write().await?;
        let gate = store::registrations::gate(&*txn, *event_id, "", chrono::Utc::now()).await?;
        for n in 0..count {
            let new = store::registrations::NewRegistration {
                name: format!("Persona {e}-{n}"),
                email: Email::parse(&format!("f{e}-{n}@example.org"))
                    .ok_or_else(|| anyhow::anyhow!("not an address"))?,
                seats: 1 + (n % 3) as i32,
                locale: "es",
                access_needs: (n % 10 == 0).then(|| "silla de ruedas".to_owned()),
            };
            store::registrations::register(&txn, &state.manage_key, &gate, &new).await?;
        }
        txn.commit().await?;
    }
    db.conn()
        .execute_unprepared("UPDATE outbox SET status = 'sent' WHERE status = 'pending'")
        .await?;
    let festival = store::festivals::by_slug(db.conn(), "figures").await?;
    let mut times = Vec::new();
    let mut figures = store::figures::of_festival(db.conn(), &festival, store::now()).await?;
    for _ in 0..20 {
        let started = Instant::now();
        figures = store::figures::of_festival(db.conn(), &festival, store::now()).await?;
        times.push(started.elapsed());
    }
    let size = serde_json::to_vec(&figures)?.len();
    // Where the time goes: reading the rows, or counting them.
    let started = Instant::now();
    let (facts, activities, counted) = store::figures::facts(db.conn(), &festival).await?;
    let read = started.elapsed();
    let started = Instant::now();
    let _ = convoca::domain::figures::compute(&facts, &activities, &counted, store::now());
    println!(
        "of which reading {:.1} ms, counting {:.1} ms",
        ms(read),
        ms(started.elapsed())
    );
    times.sort();
    println!(
        "figures of {} activities, {} registrations: min {:.1} ms, median {:.1} ms, max {:.1} ms; \
         JSON {:.1} KB",
        events.len(),
        figures.totals.registrations.unwrap_or(0),
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
        size as f64 / 1024.0,
    );
    let txn = db.begin_write().await?;
    store::members::add(
        &*txn,
        festival.organisation_id,
        &Email::parse("informe@example.org").ok_or_else(|| anyhow::anyhow!("an address"))?,
        MemberRole::Owner,
        "es",
        store::now(),
    )
    .await?;
    txn.commit().await?;
    let monday = chrono_tz::America::Guayaquil
        .with_ymd_and_hms(2027, 3, 8, 8, 0, 0)
        .single()
        .ok_or_else(|| anyhow::anyhow!("local time"))?
        .to_utc();
    let started = Instant::now();
    let sent = convoca::jobs::weekly_reports(state, monday).await?;
    let took = started.elapsed();
    let mut largest = 0;
    for entry in std::fs::read_dir(dir.join("outbox"))? {
        largest = largest.max(entry?.metadata()?.len());
    }
    println!(
        "weekly report: {sent} recorded and sent in {:.1} ms; the email is {:.1} KB\n",
        ms(took),
        largest as f64 / 1024.0
    );
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Fills the reminder festival's events with confirmed registrations (their confirmations
/// marked as sent), then times one tick the day before: enqueueing a reminder for each, and
/// sending them all to a local SMTP server through the pool.
async fn reminder_load(
    state: &convoca::state::AppState,
    database_url: &str,
    events: &[uuid::Uuid],
) -> anyhow::Result<()> {
    let db = &state.db;
    let mut last_start = None;
    for (e, event_id) in events.iter().enumerate() {
        let txn = db.begin_write().await?;
        let gate = store::registrations::gate(&*txn, *event_id, "", chrono::Utc::now()).await?;
        last_start = last_start.max(Some(gate.starts_at));
        for seat in 0..SEATS {
            let new = store::registrations::NewRegistration {
                name: format!("Persona {e}-{seat}"),
                email: convoca::domain::email::Email::parse(&format!("p{e}-{seat}@example.org"))
                    .ok_or_else(|| anyhow::anyhow!("not an address"))?,
                seats: 1,
                locale: if seat % 2 == 0 { "es" } else { "en" },
                access_needs: None,
            };
            store::registrations::register(&txn, &state.manage_key, &gate, &new).await?;
        }
        txn.commit().await?;
    }
    db.conn()
        .execute_unprepared("UPDATE outbox SET status = 'sent'")
        .await?;

    let smtp = SmtpSink::start()?;
    let url = database_url.to_owned();
    let smtp_url = format!("smtp://127.0.0.1:{}", smtp.port);
    let config = Config::from_lookup(|name| match name {
        "DATABASE_URL" => Some(url.clone()),
        "CONVOCA_BIND" => Some("127.0.0.1:0".to_owned()),
        "SMTP_URL" => Some(smtp_url.clone()),
        _ => None,
    })?;
    let sender = Application::build(config).await?.without_background();
    // The events start from 08:00 to 17:00 local on the first day: 23 hours before the last,
    // every day-before reminder is due and no hour-before one yet.
    let now = last_start.ok_or_else(|| anyhow::anyhow!("no events"))? - Minutes::hours(23);
    let started = Instant::now();
    let enqueued = convoca::jobs::enqueue_reminders(sender.state(), now).await?;
    let enqueue_time = started.elapsed();
    let started = Instant::now();
    let sent = convoca::mail::dispatch::dispatch(sender.state(), now).await?;
    let send_time = started.elapsed();
    println!(
        "\nreminders: {REMINDED} confirmed registrations, {} SMTP connections",
        convoca::mail::CONCURRENCY
    );
    println!(
        "  enqueued {enqueued} in {:.2} s; sent {} (failed {}) in {:.2} s: {:.0} emails/s; received {}",
        enqueue_time.as_secs_f64(),
        sent.sent,
        sent.failed,
        send_time.as_secs_f64(),
        sent.sent as f64 / send_time.as_secs_f64(),
        smtp.received(),
    );
    Ok(())
}

/// A city's history: past festivals of 1,000 activities each in the city of the current one,
/// added until 1,000, 10,000 and 100,000 past activities are in the database; at each size,
/// what a citizen and a calendar app read every day is timed, and the scheduler's reminder tick.
async fn history_load(state: &convoca::state::AppState, base: &str) -> anyhow::Result<()> {
    let seconds = 3;
    println!("history: past festivals of 1,000 activities in Quito, beside \"bench\"\n");
    let mut past = 0;
    for size in [1_000, 10_000, 100_000] {
        while past < size {
            let n = past / 1_000;
            // One festival a month, back from January 2026.
            let starts_on = NaiveDate::from_ymd_opt(2026, 1, 5)
                .ok_or_else(|| anyhow::anyhow!("date"))?
                - Minutes::days(30 * n as i64);
            load_festival_from(&state.db, &format!("past-{n}"), 1_000, 30, starts_on).await?;
            past += 1_000;
        }
        println!("with {size} past activities:");
        let feed = "/feeds/all.ics?city=Quito";
        let mut connection = Connection::open(base.trim_start_matches("http://")).await?;
        anyhow::ensure!(connection.get(feed).await? == 200, "the city feed answers");
        let conditional = format!(
            "If-None-Match: {}\r\n",
            connection.etag.clone().unwrap_or_default()
        );
        let reads: [(&str, &str, &str, u16); 4] = [
            ("  GET /api/v1/festivals", "/api/v1/festivals", "", 200),
            (
                "  GET /api/v1/festivals/{slug}/events?limit=50",
                "/api/v1/festivals/bench/events?limit=50",
                "",
                200,
            ),
            ("  GET /feeds/all.ics?city=Quito", feed, "", 200),
            (
                "  GET /feeds/all.ics?city=Quito with If-None-Match (304)",
                feed,
                &conditional,
                304,
            ),
        ];
        for (name, path, headers, expect) in reads {
            let path = path.to_owned();
            run(
                name,
                seconds,
                Arc::new(move |_| path.clone()),
                base,
                headers,
                expect,
            )
            .await;
        }
        // The tick a minute of the scheduler, at a time with no reminder due.
        let mut times = Vec::new();
        for _ in 0..10 {
            let started = Instant::now();
            convoca::jobs::enqueue_reminders(state, chrono::Utc::now()).await?;
            times.push(ms(started.elapsed()));
        }
        times.sort_by(f64::total_cmp);
        println!("  reminder tick: median {:.2} ms\n", times[times.len() / 2]);
    }
    Ok(())
}

/// An SMTP server that counts what it receives and keeps nothing.
struct SmtpSink {
    port: u16,
    count: Arc<std::sync::atomic::AtomicUsize>,
}

#[derive(Clone)]
struct Counter(Arc<std::sync::atomic::AtomicUsize>);

impl mailin_embedded::Handler for Counter {
    fn data_end(&mut self) -> mailin_embedded::Response {
        self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        mailin_embedded::response::OK
    }
}

impl SmtpSink {
    fn start() -> anyhow::Result<Self> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let count = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = Counter(count.clone());
        std::thread::spawn(move || {
            let mut server = mailin_embedded::Server::new(counter);
            server.with_num_threads(80).with_tcp_listener(listener);
            if server.with_ssl(mailin_embedded::SslConfig::None).is_ok() {
                let _ = server.serve();
            }
        });
        Ok(Self { port, count })
    }

    fn received(&self) -> usize {
        self.count.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// A registration scenario: `attempts` from `clients` keep-alive clients, spread over
/// `events` of `capacity` seats, each client on one of `servers` in turn.
struct Registrations<'a> {
    name: &'a str,
    servers: Vec<String>,
    events: &'a [uuid::Uuid],
    capacity: i32,
    attempts: usize,
    clients: usize,
}

/// Runs a registration scenario and prints its rate and latencies (overall, and over the last
/// quarter, when the waiting lists are longest); then checks against the database that no event
/// is oversold or miscounted and that every waiting list is exact: the positions the answers
/// gave are 1..=n for each event, and the line in the database has n distinct tickets.
async fn register_load(run: Registrations<'_>, db: &store::Db) -> anyhow::Result<()> {
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let events = Arc::new(run.events.to_vec());
    let attempts = run.attempts;
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(run.clients);
    for client in 0..run.clients {
        let address = run.servers[client % run.servers.len()]
            .trim_start_matches("http://")
            .to_owned();
        let (next, events) = (next.clone(), events.clone());
        tasks.push(tokio::spawn(async move {
            let mut connection = Connection::open(&address).await?;
            // (attempt, latency in µs, waitlist position if any)
            let (mut answers, mut failures) = (Vec::new(), 0u64);
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= attempts {
                    break;
                }
                let event = events[i % events.len()];
                let body =
                    format!(r#"{{"name":"Persona {i}","email":"p{i}@bench.test","consent":true}}"#);
                let at = Instant::now();
                let status = connection
                    .post(&format!("/api/v1/events/{event}/registrations"), &body)
                    .await?;
                let latency = at.elapsed().as_micros() as u32;
                if status != 201 {
                    failures += 1;
                }
                answers.push((i, latency, waitlist_position(&connection.body)));
            }
            anyhow::Ok((answers, failures))
        }));
    }
    let (mut answers, mut failures) = (Vec::with_capacity(attempts), 0);
    for task in tasks {
        let (a, f) = task.await??;
        answers.extend(a);
        failures += f;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let percentile = |latencies: &mut Vec<u32>, p: f64| {
        latencies.sort_unstable();
        latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)] as f64 / 1000.0
    };
    let mut all: Vec<u32> = answers.iter().map(|a| a.1).collect();
    let mut last: Vec<u32> = answers
        .iter()
        .filter(|a| a.0 >= attempts * 3 / 4)
        .map(|a| a.1)
        .collect();
    // The positions each event's answers gave, to check against 1..=n.
    let mut given = vec![Vec::new(); events.len()];
    for (i, _, position) in &answers {
        if let Some(p) = position {
            given[i % events.len()].push(*p);
        }
    }
    let mut wrong = 0;
    let mut confirmed = 0;
    let mut waiting = 0;
    for (e, id) in events.iter().enumerate() {
        let rows = entity::registration::Entity::find()
            .filter(entity::registration::Column::EventId.eq(*id))
            .all(db.conn())
            .await?;
        let seats: i32 = rows
            .iter()
            .filter(|r| r.status.as_str() == "confirmed")
            .map(|r| r.seats)
            .sum();
        let mut tickets: Vec<i64> = rows
            .iter()
            .filter(|r| r.status.as_str() == "waitlisted")
            .filter_map(|r| r.waitlist_ticket)
            .collect();
        let in_line = rows
            .iter()
            .filter(|r| r.status.as_str() == "waitlisted")
            .count();
        tickets.sort_unstable();
        tickets.dedup();
        let event = store::events::get(db.conn(), *id).await?;
        let mut positions = std::mem::take(&mut given[e]);
        positions.sort_unstable();
        let exact = (1..=in_line as u64).collect::<Vec<_>>();
        confirmed += seats;
        waiting += in_line;
        if seats > run.capacity
            || seats != event.seats_taken
            || in_line != event.waitlist_length as usize
            || tickets.len() != in_line
            || positions != exact
        {
            wrong += 1;
        }
    }
    println!(
        "{} ({attempts} attempts, {} clients, {} servers, {} events of {} seats)",
        run.name,
        run.clients,
        run.servers.len(),
        events.len(),
        run.capacity
    );
    println!(
        "  {:.0} registrations/s, p50 {:.2} ms, p99 {:.2} ms (last quarter: p99 {:.2} ms), {failures} not 201; {confirmed} seats confirmed, {waiting} waiting; events oversold, miscounted or with an inexact line: {wrong}\n",
        answers.len() as f64 / elapsed,
        percentile(&mut all, 0.50),
        percentile(&mut all, 0.99),
        percentile(&mut last, 0.99),
    );
    anyhow::ensure!(
        wrong == 0,
        "{wrong} events oversold, miscounted or out of line"
    );
    Ok(())
}

/// The `waitlist_position` of a registration's JSON answer, if it has one.
fn waitlist_position(body: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(body).ok()?;
    let rest = &text[text.find("\"waitlist_position\":")? + 20..];
    rest[..rest.find(|c: char| !c.is_ascii_digit())?]
        .parse()
        .ok()
}

/// What the programme page weighs on the wire, plain and compressed.
async fn page_sizes(base: &str) -> anyhow::Result<()> {
    let client = reqwest::Client::new();
    for (slug, events) in [("city", CITY_EVENTS), ("bench", EVENTS)] {
        println!("page size: GET /festivals/{slug} ({events} activities)");
        for coding in ["identity", "gzip", "br"] {
            let body = client
                .get(format!("{base}/festivals/{slug}"))
                .header("accept-encoding", coding)
                .send()
                .await?
                .bytes()
                .await?;
            println!("  {coding}: {:.1} KB", body.len() as f64 / 1024.0);
        }
    }
    println!();
    Ok(())
}

/// Maps the n-th request of a scenario to its path.
type PathOf = Arc<dyn Fn(u64) -> String + Send + Sync>;

/// Creates a published festival `slug` of `events` events with `capacity` seats each, in
/// `VENUES` venues, straight through the store (the load is on what follows, not on setup).
async fn load_festival(
    db: &store::Db,
    slug: &str,
    events: usize,
    capacity: i32,
) -> anyhow::Result<Vec<uuid::Uuid>> {
    let starts_on = NaiveDate::from_ymd_opt(2027, 3, 8).ok_or_else(|| anyhow::anyhow!("date"))?;
    load_festival_from(db, slug, events, capacity, starts_on).await
}

/// [`load_festival`], the festival starting on `starts_on` (in the past for a city's history).
#[allow(
    clippy::needless_update,
    reason = "the default fills the event fields added after this bench, once there are some"
)]
async fn load_festival_from(
    db: &store::Db,
    slug: &str,
    events: usize,
    capacity: i32,
    starts_on: NaiveDate,
) -> anyhow::Result<Vec<uuid::Uuid>> {
    let org = store::organisations::create(
        db.conn(),
        store::organisations::NewOrganisation {
            slug: convoca::domain::slug::Slug::parse(slug).map_err(|e| anyhow::anyhow!("{e}"))?,
            name: "Bench".to_owned(),
            email: Some("bench@example.org".to_owned()),
            website: None,
        },
    )
    .await?;
    let tz = chrono_tz::America::Guayaquil;
    let txn = db.begin_write().await?;
    let festival = store::festivals::create(
        &*txn,
        org.id,
        &FestivalSpec {
            slug: slug.to_owned(),
            title: "Festival del Aprendizaje".to_owned(),
            kind: FestivalKind::Festival,
            city: "Quito".to_owned(),
            country: "EC".to_owned(),
            timezone: tz,
            starts_on,
            ends_on: starts_on + Minutes::days(6),
            description: Some("Una semana para aprender en toda la ciudad".to_owned()),
            website: None,
            reminder_offsets_minutes: vec![1440, 60],
        },
    )
    .await?;
    let festival = store::festivals::set_status(&*txn, festival, FestivalStatus::Published).await?;
    let mut venues = Vec::with_capacity(VENUES);
    for v in 0..VENUES {
        let spec = VenueSpec {
            name: format!("Sede {v}"),
            address: format!("Calle {v}"),
            city: "Quito".to_owned(),
            country: "EC".to_owned(),
            latitude: Some(-0.2),
            longitude: Some(-78.5),
            capacity: Some(capacity.max(50)),
            accessibility: vec![VenueFeature::StepFreeAccess],
            description: None,
        };
        venues.push(store::venues::create(&*txn, org.id, &spec).await?.id);
    }
    let first_day = tz
        .from_local_datetime(
            &starts_on
                .and_hms_opt(8, 0, 0)
                .ok_or_else(|| anyhow::anyhow!("time"))?,
        )
        .single()
        .ok_or_else(|| anyhow::anyhow!("local time"))?
        .to_utc();
    let mut ids = Vec::with_capacity(events);
    for e in 0..events {
        // One-hour slots back to back, 10 a day per venue, so no two events in a venue clash
        // (2,000 events fill 5 days of 40 venues).
        let slot = e / VENUES;
        let starts_at =
            first_day + Minutes::days((slot / 10) as i64) + Minutes::hours((slot % 10) as i64);
        let spec = EventSpec {
            title: format!("Taller {e}"),
            kind: EventKind::Workshop,
            starts_at,
            ends_at: starts_at + Minutes::hours(1),
            venue_id: Some(venues[e % VENUES]),
            online_url: None,
            capacity: Some(capacity),
            registration_required: true,
            audience: vec!["familias".to_owned()],
            themes: vec!["ciencia".to_owned()],
            language: Some("es".to_owned()),
            accessibility: vec![],
            host: Some("Biblioteca".to_owned()),
            description: Some("Aprender haciendo, con materiales reciclados.".to_owned()),
            materials_note: Some("Materiales incluidos".to_owned()),
            // Fields added later stay empty here, as in the demo.
            ..EventSpec::default()
        };
        ids.push(store::events::create(&*txn, &festival, &spec).await?.id);
    }
    txn.commit().await?;
    Ok(ids)
}

/// The festival feed of 2,000 events: served whole, answered 304 to a poll with its ETag, and
/// rendered from the database right after a change (the first poll after an edit).
async fn feed_load(seconds: u64, base: &str, db: &store::Db) -> anyhow::Result<()> {
    let path = "/feeds/festivals/feed.ics";
    let mut connection = Connection::open(base.trim_start_matches("http://")).await?;
    anyhow::ensure!(connection.get(path).await? == 200, "the feed answers");
    let etag = connection
        .etag
        .clone()
        .ok_or_else(|| anyhow::anyhow!("an ETag"))?;
    println!(
        "feed of {FEED_EVENTS} events: {} bytes\n",
        connection.body.len()
    );
    let whole: PathOf = Arc::new(move |_| path.to_owned());
    run(
        "GET /feeds/festivals/{slug}.ics (2,000 events, whole)",
        seconds,
        whole.clone(),
        base,
        "",
        200,
    )
    .await;
    let conditional = format!("If-None-Match: {etag}\r\n");
    run(
        "GET /feeds/festivals/{slug}.ics with If-None-Match (304)",
        seconds,
        whole,
        base,
        &conditional,
        304,
    )
    .await;
    // Each round raises the feed version, as any edit of an event does, so the next poll
    // renders.
    let mut latencies = Vec::new();
    for _ in 0..30 {
        db.conn()
            .execute_unprepared(
                "UPDATE festivals SET feed_version = feed_version + 1 WHERE slug = 'feed'",
            )
            .await?;
        let started = Instant::now();
        anyhow::ensure!(connection.get(path).await? == 200, "the feed answers");
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    latencies.sort_by(f64::total_cmp);
    println!(
        "GET /feeds/festivals/{{slug}}.ics right after a change (read and render 2,000 events)\n  p50 {:.1} ms, max {:.1} ms over {} polls\n",
        latencies[latencies.len() / 2],
        latencies[latencies.len() - 1],
        latencies.len()
    );
    Ok(())
}

/// Runs `CONNECTIONS` keep-alive connections for `seconds`, each sending the next path of
/// `path_of` with `headers`, and prints requests per second and latency percentiles; an answer
/// other than `expect` counts as an error.
async fn run(name: &str, seconds: u64, path_of: PathOf, base: &str, headers: &str, expect: u16) {
    let address = base.trim_start_matches("http://").to_owned();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::with_capacity(CONNECTIONS);
    for worker in 0..CONNECTIONS as u64 {
        let (path_of, address, headers) = (path_of.clone(), address.clone(), headers.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut connection = Connection::open(&address).await?;
            let mut latencies = Vec::with_capacity(100_000);
            let mut errors = 0u64;
            let mut i = worker;
            while Instant::now() < deadline {
                let started = Instant::now();
                if connection.get_with(&path_of(i), &headers).await? != expect {
                    errors += 1;
                }
                latencies.push(started.elapsed().as_micros() as u32);
                i += CONNECTIONS as u64;
            }
            anyhow::Ok((latencies, errors))
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for task in tasks {
        match task.await {
            Ok(Ok((latencies, e))) => {
                all.extend(latencies);
                errors += e;
            }
            Ok(Err(e)) => eprintln!("connection failed: {e}"),
            Err(e) => eprintln!("worker failed: {e}"),
        }
    }
    all.sort_unstable();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0) as f64
            / 1000.0
    };
    println!("{name}");
    println!(
        "  {} requests, {} not {expect}, {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms\n",
        all.len(),
        errors,
        all.len() as f64 / seconds as f64,
        pct(0.50),
        pct(0.99),
        all.last().copied().unwrap_or(0) as f64 / 1000.0
    );
}

/// A minimal HTTP/1.1 keep-alive client: the load generator shares the machine's two cores
/// with the server, so it must cost as little as possible per request (as wrk does), or it
/// measures itself.
struct Connection {
    stream: tokio::io::BufReader<tokio::net::TcpStream>,
    host: String,
    line: String,
    body: Vec<u8>,
    /// The ETag of the last response, if it had one.
    etag: Option<String>,
}

impl Connection {
    async fn open(address: &str) -> anyhow::Result<Self> {
        let stream = tokio::net::TcpStream::connect(address).await?;
        stream.set_nodelay(true)?;
        Ok(Self {
            stream: tokio::io::BufReader::new(stream),
            host: address.to_owned(),
            line: String::new(),
            body: Vec::new(),
            etag: None,
        })
    }

    /// Sends a GET and reads the whole response; returns its status.
    async fn get(&mut self, path: &str) -> anyhow::Result<u16> {
        self.get_with(path, "").await
    }

    /// A GET with extra header lines (each ending in CRLF).
    async fn get_with(&mut self, path: &str, headers: &str) -> anyhow::Result<u16> {
        self.send(&format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\n{headers}\r\n",
            self.host
        ))
        .await
    }

    /// Sends a JSON POST and reads the whole response (kept in `self.body`); returns its status.
    async fn post(&mut self, path: &str, json: &str) -> anyhow::Result<u16> {
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{json}",
            self.host,
            json.len()
        );
        self.send(&request).await
    }

    async fn send(&mut self, request: &str) -> anyhow::Result<u16> {
        use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
        self.stream.get_mut().write_all(request.as_bytes()).await?;
        self.line.clear();
        self.stream.read_line(&mut self.line).await?;
        let status: u16 = self
            .line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let mut length = 0usize;
        let mut chunked = false;
        loop {
            self.line.clear();
            self.stream.read_line(&mut self.line).await?;
            let header = self.line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse()?;
                } else if name.eq_ignore_ascii_case("etag") {
                    self.etag = Some(value.trim().to_owned());
                } else if name.eq_ignore_ascii_case("transfer-encoding") {
                    chunked = value.trim().eq_ignore_ascii_case("chunked");
                }
            }
        }
        if !chunked {
            self.body.resize(length, 0);
            self.stream.read_exact(&mut self.body).await?;
            return Ok(status);
        }
        // A compressed answer streams in chunks: a hex size line, the bytes, CRLF; 0 ends it.
        self.body.clear();
        loop {
            self.line.clear();
            self.stream.read_line(&mut self.line).await?;
            let size = usize::from_str_radix(self.line.trim().split(';').next().unwrap_or(""), 16)?;
            let start = self.body.len();
            self.body.resize(start + size, 0);
            self.stream.read_exact(&mut self.body[start..]).await?;
            self.line.clear();
            self.stream.read_line(&mut self.line).await?;
            if size == 0 {
                return Ok(status);
            }
        }
    }
}

/// Registrations at the door's activity.
const DOOR_REGISTRATIONS: usize = 1_000;
/// Activities in the imported programme.
const IMPORTED: usize = 300;

/// What the console scenarios need: a door member's session, the activity with 1,000 people,
/// and a festival (with 40 venues, no activities) to import a programme into.
struct Console {
    cookie: String,
    door_event: uuid::Uuid,
}

async fn console_setup(app: &Application) -> anyhow::Result<Console> {
    use convoca::domain::{email::Email, kinds::MemberRole, registrant::NewRegistration};
    load_festival(&app.state().db, "import", 0, 30).await?;
    let events = load_festival(&app.state().db, "door", 1, 30).await?;
    let state = app.state();
    let db = &state.db;
    let (event, festival) = store::events::with_festival(db.conn(), events[0]).await?;
    // The activity everyone came to: 1,000 seats, no venue to cap them.
    let txn = db.begin_write().await?;
    let spec = EventSpec {
        title: "Gran feria".to_owned(),
        kind: EventKind::Exhibition,
        starts_at: event.starts_at + Minutes::days(1),
        ends_at: event.ends_at + Minutes::days(1),
        capacity: Some(1_000),
        registration_required: true,
        ..EventSpec::default()
    };
    let door_event = store::events::create(&*txn, &festival, &spec).await?.id;
    let gate = store::registrations::gate(&*txn, door_event, "", chrono::Utc::now()).await?;
    let first = [
        "Ana", "Luis", "Rosa", "Carlos", "María", "José", "Lucía", "Pedro", "Elena", "Jorge",
    ];
    let last = [
        "Pérez", "Quishpe", "Tipán", "Álvarez", "Mora", "Guamán", "Andrade", "Vega", "Ortiz",
        "Cevallos",
    ];
    for i in 0..DOOR_REGISTRATIONS {
        let new = NewRegistration {
            name: format!("{} {} {}", first[i % 10], last[(i / 10) % 10], i),
            email: Email::parse(&format!("persona{i}@example.org"))
                .ok_or_else(|| anyhow::anyhow!("an address"))?,
            seats: 1,
            locale: "es",
            access_needs: None,
        };
        store::registrations::register(&txn, &state.manage_key, &gate, &new).await?;
    }
    let member = store::members::add(
        &*txn,
        festival.organisation_id,
        &Email::parse("puerta@example.org").ok_or_else(|| anyhow::anyhow!("an address"))?,
        MemberRole::Owner,
        "es",
        store::now(),
    )
    .await?;
    let session = store::sessions::start(&*txn, member.id, store::now()).await?;
    txn.commit().await?;
    let import_member = {
        let org = store::festivals::by_slug(db.conn(), "import")
            .await?
            .organisation_id;
        let txn = db.begin_write().await?;
        let m = store::members::add(
            &*txn,
            org,
            &Email::parse("programa@example.org").ok_or_else(|| anyhow::anyhow!("an address"))?,
            MemberRole::Editor,
            "es",
            store::now(),
        )
        .await?;
        let s = store::sessions::start(&*txn, m.id, store::now()).await?;
        txn.commit().await?;
        s
    };
    IMPORT_SESSION.set(import_member).ok();
    Ok(Console {
        cookie: format!("convoca_session={session}"),
        door_event,
    })
}

static IMPORT_SESSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The door's search, two letters or a fuller name at a time, on the 1,000-person activity;
/// then the import of a 300-activity programme, timed.
async fn console_load(seconds: u64, base: &str, console: &Console) -> anyhow::Result<()> {
    let typed = [
        "an", "lu", "ro", "ca", "ma", "jo", "qui", "tip", "per", "ana mo", "lucía 3", "vega",
    ];
    let event = console.door_event;
    let path_of: PathOf = Arc::new(move |i| {
        format!(
            "/console/door/{event}?q={}",
            typed[i as usize % typed.len()].replace(' ', "+")
        )
    });
    let headers = format!("Cookie: {}\r\n", console.cookie);
    run(
        "GET /console/door/{event}?q= (1,000 registrations, signed in)",
        seconds,
        path_of,
        base,
        &headers,
        200,
    )
    .await;

    // The import: a CSV of 300 activities in 40 venues over the week.
    let mut csv = String::from("title,kind,day,start,end,venue,capacity,registration,audience\r\n");
    for i in 0..IMPORTED {
        let (venue, day) = (i % VENUES, 8 + (i / VENUES) % 7);
        let hour = if i < VENUES * 7 { 9 } else { 15 };
        csv.push_str(&format!(
            "Actividad {i},workshop,2027-03-{day:02},{hour}:00,{hour}:50,Sede {venue},30,yes,\"niñez, familias\"\r\n"
        ));
    }
    let session = IMPORT_SESSION.get().cloned().unwrap_or_default();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let page = client
        .get(format!("{base}/console/festivals/import/import"))
        .header("Cookie", format!("convoca_session={session}"))
        .send()
        .await?;
    let csrf_cookie = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("convoca_csrf="))
        .and_then(|c| c.split(';').next())
        .unwrap_or_default()
        .to_owned();
    let html = page.text().await?;
    let token = html
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        // The page writes `/` as `&#x2f;` in attributes; a browser reads it back.
        .replace("&#x2f;", "/");
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .part(
            "file",
            reqwest::multipart::Part::bytes(csv.clone().into_bytes()).file_name("programa.csv"),
        );
    let started = Instant::now();
    let answer = client
        .post(format!("{base}/console/festivals/import/import"))
        .header(
            "Cookie",
            format!("convoca_session={session}; {csrf_cookie}"),
        )
        .multipart(form)
        .send()
        .await?;
    let took = started.elapsed();
    anyhow::ensure!(
        answer.status().as_u16() == 303,
        "the import answers 303, not {}: {}",
        answer.status(),
        answer.text().await.unwrap_or_default()
    );
    println!(
        "console import of {IMPORTED} activities ({} KB of CSV): {} ms\n",
        csv.len() / 1024,
        took.as_millis()
    );
    Ok(())
}
