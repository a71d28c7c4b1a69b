//! The soak's traffic over real HTTP, each client a paced loop on its own keep-alive
//! connection until the deadline: citizens registering (one in a hundred with hostile text),
//! citizens cancelling with their manage token, an organiser moving events (which notifies
//! everyone registered), and calendar apps polling the festival feed with `If-None-Match`.
//! Paced rather than flat out: a soak looks for what accumulates at a steady, plausible load,
//! and leaves the machine's other builds their share of the two cores.

use std::{
    collections::BTreeMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use chrono::Duration as Span;
use rand::{Rng, SeedableRng, rngs::StdRng};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tokio::time::{MissedTickBehavior, interval};

use super::programme::{Programme, SLUG};

const REGISTRATION_CLIENTS: u64 = 4;
const REGISTRATIONS_PER_SECOND: f64 = 16.0;
const CANCELLATION_CLIENTS: u64 = 2;
const CANCELLATIONS_PER_SECOND: f64 = 4.0;
const FEED_CLIENTS: u64 = 2;
const FEED_POLLS_PER_SECOND: f64 = 10.0;
const MOVE_EVERY: Duration = Duration::from_secs(3);

/// Requests of one kind: how many got each status (0: no answer), and how long each took.
#[derive(Debug, Default)]
pub struct Counts {
    pub statuses: BTreeMap<u16, u64>,
    pub micros: Vec<u32>,
}

/// Requests by kind.
#[derive(Debug, Default)]
pub struct Tally(pub BTreeMap<&'static str, Counts>);

impl Tally {
    fn record(&mut self, kind: &'static str, status: u16, started: Instant) {
        let counts = self.0.entry(kind).or_default();
        *counts.statuses.entry(status).or_default() += 1;
        counts
            .micros
            .push(u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX));
    }

    fn merge(&mut self, other: Tally) {
        for (kind, counts) in other.0 {
            let mine = self.0.entry(kind).or_default();
            for (status, n) in counts.statuses {
                *mine.statuses.entry(status).or_default() += n;
            }
            mine.micros.extend(counts.micros);
        }
    }

    /// Answers in the 5xx range (or none at all) to requests that were not hostile.
    pub fn server_errors(&self) -> u64 {
        self.0
            .iter()
            .filter(|(kind, _)| !kind.contains("hostile"))
            .flat_map(|(_, c)| c.statuses.iter())
            .filter(|(status, _)| **status == 0 || **status >= 500)
            .map(|(_, n)| n)
            .sum()
    }

    pub fn print(&mut self, seconds: f64) {
        let total: u64 = self.0.values().map(|c| c.micros.len() as u64).sum();
        println!(
            "requests: {total} in {seconds:.0} s, {:.1} req/s",
            total as f64 / seconds
        );
        println!(
            "  {:<20} {:>7} {:>7} {:>8} {:>8} {:>8}  statuses",
            "kind", "count", "req/s", "p50 ms", "p99 ms", "max ms"
        );
        for (kind, counts) in &mut self.0 {
            counts.micros.sort_unstable();
            let ms = |p: f64| {
                let i = ((counts.micros.len() as f64 * p) as usize)
                    .min(counts.micros.len().saturating_sub(1));
                counts.micros.get(i).copied().unwrap_or(0) as f64 / 1000.0
            };
            let statuses: Vec<String> = counts
                .statuses
                .iter()
                .map(|(status, n)| format!("{status}: {n}"))
                .collect();
            println!(
                "  {:<20} {:>7} {:>7.1} {:>8.2} {:>8.2} {:>8.2}  {}",
                kind,
                counts.micros.len(),
                counts.micros.len() as f64 / seconds,
                ms(0.50),
                ms(0.99),
                ms(1.0),
                statuses.join(", ")
            );
        }
    }
}

/// The manage tokens of registrations that may still be cancelled.
type Tokens = Arc<Mutex<Vec<String>>>;

/// Runs every client until `deadline` and returns what they saw.
/// `hostile` is the share of registrations sent with hostile text.
pub async fn run(programme: Arc<Programme>, deadline: Instant, hostile: f64) -> Tally {
    let tokens: Tokens = Arc::default();
    let numbers = Arc::new((AtomicU64::new(0), AtomicU64::new(0)));
    let mut tasks = Vec::new();
    for worker in 0..REGISTRATION_CLIENTS {
        let (p, t, n) = (programme.clone(), tokens.clone(), numbers.clone());
        tasks.push(tokio::spawn(register(worker, p, t, n, deadline, hostile)));
    }
    for worker in 0..CANCELLATION_CLIENTS {
        let (p, t) = (programme.clone(), tokens.clone());
        tasks.push(tokio::spawn(cancel(100 + worker, p, t, deadline)));
    }
    for _ in 0..FEED_CLIENTS {
        tasks.push(tokio::spawn(poll_feed(programme.clone(), deadline)));
    }
    tasks.push(tokio::spawn(move_events(programme, deadline)));
    let mut tally = Tally::default();
    for task in tasks {
        match task.await {
            Ok(t) => tally.merge(t),
            Err(e) => eprintln!("a client failed: {e}"),
        }
    }
    tally
}

fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(1)
        .build()
        .unwrap_or_default()
}

/// A loop ticking `per_second / clients` times a second, without catching up on missed ticks.
fn pace(clients: u64, per_second: f64) -> tokio::time::Interval {
    let mut pace = interval(Duration::from_secs_f64(clients as f64 / per_second));
    pace.set_missed_tick_behavior(MissedTickBehavior::Delay);
    pace
}

/// A name (and access needs) that a form should refuse, or at least survive: header
/// injection, bidirectional overrides, control characters, markup, and sheer length.
fn hostile(n: u64) -> (String, Option<String>) {
    let name = match n % 9 {
        0 => "Ana\r\nBcc: everyone@evil.test".to_owned(),
        1 => "Ana\nSubject: you won".to_owned(),
        2 => "\u{202E}gnp.exe\u{202C} Ana".to_owned(),
        3 => "Ana \u{2066}Bob\u{2069}\u{200F}".to_owned(),
        4 => "Ana\u{0}Null".to_owned(),
        5 => "<script>alert(document.cookie)</script>".to_owned(),
        6 => "<img src=x onerror=alert(1)> Ana".to_owned(),
        7 => "Ana\u{7}\u{1b}[31m\u{8}\u{8}red".to_owned(),
        _ => format!("Ana {}", "x".repeat(5_000)),
    };
    let access = match (n / 9) % 3 {
        0 => Some("<b>wheelchair</b>\r\nX-Injected: yes".to_owned()),
        1 => Some("y".repeat(100_000)),
        _ => None,
    };
    (name, access)
}

async fn register(
    worker: u64,
    programme: Arc<Programme>,
    tokens: Tokens,
    numbers: Arc<(AtomicU64, AtomicU64)>,
    deadline: Instant,
    hostile_share: f64,
) -> Tally {
    let (client, mut tally) = (client(), Tally::default());
    let mut rng = StdRng::seed_from_u64(worker);
    let mut pace = pace(REGISTRATION_CLIENTS, REGISTRATIONS_PER_SECOND);
    loop {
        pace.tick().await;
        if Instant::now() >= deadline {
            return tally;
        }
        let n = numbers.0.fetch_add(1, Ordering::Relaxed);
        // Half the people want one of the popular tenth of the events, so waiting lists,
        // promotions and moves with many to tell happen even in a short soak.
        let event = if rng.random_bool(0.5) {
            &programme.events[rng.random_range(0..programme.events.len() / 10) * 10]
        } else {
            &programme.events[rng.random_range(0..programme.events.len())]
        };
        let seats = match rng.random_range(0..20) {
            0 => 3,
            1..=3 => 2,
            _ => 1,
        };
        let locale = if rng.random_bool(0.5) { "es" } else { "en" };
        let is_hostile = rng.random_bool(hostile_share);
        let (name, access_needs) = if is_hostile {
            // In turn, so that every kind of hostile text comes early in every soak.
            hostile(numbers.1.fetch_add(1, Ordering::Relaxed))
        } else {
            (format!("Persona {n}"), None)
        };
        let body = json!({"name": name, "email": format!("s{n}@soak.test"), "seats": seats,
                          "locale": locale, "access_needs": access_needs, "consent": true});
        let kind = if is_hostile {
            "register (hostile)"
        } else {
            "register"
        };
        let started = Instant::now();
        let url = format!(
            "{}/api/v1/events/{}/registrations",
            programme.base, event.id
        );
        let (status, answer) = send(client.post(url).json(&body)).await;
        tally.record(kind, status, started);
        if status == 201
            && let Some(token) = serde_json::from_str::<Value>(&answer)
                .ok()
                .and_then(|v| v["manage_token"].as_str().map(str::to_owned))
        {
            tokens
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(token);
        }
    }
}

async fn cancel(
    worker: u64,
    programme: Arc<Programme>,
    tokens: Tokens,
    deadline: Instant,
) -> Tally {
    let (client, mut tally) = (client(), Tally::default());
    let mut rng = StdRng::seed_from_u64(worker);
    let mut pace = pace(CANCELLATION_CLIENTS, CANCELLATIONS_PER_SECOND);
    loop {
        pace.tick().await;
        if Instant::now() >= deadline {
            return tally;
        }
        let token = {
            let mut tokens = tokens
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if tokens.is_empty() {
                continue;
            }
            let i = rng.random_range(0..tokens.len());
            tokens.swap_remove(i)
        };
        let url = format!("{}/api/v1/registrations/{token}", programme.base);
        let started = Instant::now();
        let (status, _) = send(client.delete(&url)).await;
        tally.record("cancel", status, started);
        // Now and then the same link twice (a double click): it must stay one cancellation.
        if rng.random_bool(0.05) {
            let started = Instant::now();
            let (status, _) = send(client.delete(&url)).await;
            tally.record("cancel (again)", status, started);
        }
    }
}

async fn move_events(programme: Arc<Programme>, deadline: Instant) -> Tally {
    let (client, mut tally) = (client(), Tally::default());
    let mut rng = StdRng::seed_from_u64(200);
    // Where each event is now: shifted by half an hour or not, and which venue of its pair.
    let mut places = vec![(false, 0usize); programme.events.len()];
    let mut pace = interval(MOVE_EVERY);
    pace.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        pace.tick().await;
        if Instant::now() >= deadline {
            return tally;
        }
        let i = rng.random_range(0..programme.events.len());
        let (event, (shifted, venue)) = (&programme.events[i], places[i]);
        let (body, moved) = if rng.random_bool(0.5) {
            let starts_at = event.starts_at + Span::minutes(if shifted { 0 } else { 30 });
            (
                json!({"starts_at": starts_at, "ends_at": starts_at + Span::hours(1)}),
                (!shifted, venue),
            )
        } else {
            (
                json!({"venue_id": event.venues[1 - venue]}),
                (shifted, 1 - venue),
            )
        };
        let url = format!("{}/api/v1/events/{}", programme.base, event.id);
        let started = Instant::now();
        let (status, _) = send(
            client
                .patch(url)
                .bearer_auth(&programme.organiser)
                .json(&body),
        )
        .await;
        tally.record("move event", status, started);
        if status == 200 {
            places[i] = moved;
        }
    }
}

async fn poll_feed(programme: Arc<Programme>, deadline: Instant) -> Tally {
    let (client, mut tally) = (client(), Tally::default());
    let mut etag: Option<String> = None;
    let mut pace = pace(FEED_CLIENTS, FEED_POLLS_PER_SECOND);
    let url = format!("{}/feeds/festivals/{SLUG}.ics", programme.base);
    loop {
        pace.tick().await;
        if Instant::now() >= deadline {
            return tally;
        }
        let mut request = client.get(&url);
        if let Some(etag) = &etag {
            request = request.header("If-None-Match", etag);
        }
        let started = Instant::now();
        let status = match request.send().await {
            Ok(response) => {
                let status = response.status();
                if status == StatusCode::OK {
                    etag = response
                        .headers()
                        .get("etag")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                }
                match response.bytes().await {
                    Ok(_) => status.as_u16(),
                    Err(_) => 0,
                }
            }
            Err(_) => 0,
        };
        tally.record("feed poll", status, started);
    }
}

/// Sends a request and reads its whole answer; status 0 when there was none.
async fn send(request: reqwest::RequestBuilder) -> (u16, String) {
    match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            match response.text().await {
                Ok(text) => (status, text),
                Err(_) => (0, String::new()),
            }
        }
        Err(_) => (0, String::new()),
    }
}
