//! After the load: the outbox drained by calling the scheduler's tick at later and later
//! `now`s (past each retry's backoff, instead of waiting for it), then what must hold, read
//! from the database with plain queries on the entities and compared with what the SMTP sink
//! accepted.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use convoca::{jobs, state::AppState};
use entity::{event, outbox, registration};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::smtp_sink::Inbox;

/// How far the drain may run the clock: the retries give up after a day of hourly attempts.
const DRAIN_HORIZON: Duration = Duration::hours(30);
/// Ticks that may panic before the drain gives up.
const MAX_PANICS: u32 = 3;

/// What the drain did.
#[derive(Debug, Default)]
pub struct Drained {
    pub ticks: u32,
    /// How far past the real time the last tick was.
    pub ran_ahead: Duration,
    pub sent: usize,
    pub failed: usize,
    pub skipped: usize,
    pub reminders: usize,
    /// Ticks that panicked.
    pub panics: u32,
}

/// Ticks until no email is pending, each time at the moment the first pending one may be
/// claimed again (its next attempt, or the end of a lease held meanwhile).
pub async fn drain(state: &AppState) -> anyhow::Result<Drained> {
    let start = Utc::now();
    let mut now = start;
    let mut drained = Drained::default();
    while now - start <= DRAIN_HORIZON {
        // On a task of its own, so that a panic in the dispatcher is counted, not fatal.
        let for_tick = state.clone();
        let ticked = match tokio::spawn(async move { jobs::tick(&for_tick, now).await }).await {
            Ok(ticked) => ticked?,
            Err(e) if e.is_panic() => {
                drained.panics += 1;
                // What panicked stays leased; its next claim would likely panic again.
                if drained.panics >= MAX_PANICS {
                    break;
                }
                now += Duration::seconds(1);
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        drained.ticks += 1;
        drained.ran_ahead = now - start;
        drained.sent += ticked.dispatched.sent;
        drained.failed += ticked.dispatched.failed;
        drained.skipped += ticked.dispatched.skipped;
        drained.reminders += ticked.reminders_enqueued;
        let pending: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> = outbox::Entity::find()
            .select_only()
            .column(outbox::Column::NextAttemptAt)
            .column(outbox::Column::LeaseUntil)
            .filter(outbox::Column::Status.eq("pending"))
            .into_tuple()
            .all(state.db.conn())
            .await?;
        let Some(next) = pending
            .iter()
            .map(|(at, lease)| lease.map_or(*at, |lease| lease.max(*at)))
            .min()
        else {
            break;
        };
        now = next.max(now + Duration::seconds(1));
    }
    Ok(drained)
}

/// One check's verdict and what it saw.
pub struct Verdict {
    pub name: &'static str,
    pub pass: bool,
    pub detail: String,
}

impl Verdict {
    fn new(name: &'static str, pass: bool, detail: String) -> Self {
        Self { name, pass, detail }
    }
}

/// The outbox by status and kind, and how many attempts its emails took; `refused` is how
/// many deliveries the SMTP sink refused during its outage.
pub async fn outbox_report(
    state: &AppState,
    refused: u64,
) -> anyhow::Result<(Vec<Verdict>, String)> {
    let rows: Vec<(String, String, i32, Option<String>)> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Kind)
        .column(outbox::Column::Status)
        .column(outbox::Column::Attempts)
        .column(outbox::Column::LastError)
        .into_tuple()
        .all(state.db.conn())
        .await?;
    let mut by_status: BTreeMap<&str, u64> = BTreeMap::new();
    let mut by_kind: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    let mut attempts: BTreeMap<i32, u64> = BTreeMap::new();
    let mut reasons: BTreeMap<&str, u64> = BTreeMap::new();
    let (mut unfinished, mut unexplained, mut retried_and_sent) = (0, 0, 0);
    for (kind, status, tries, error) in &rows {
        *by_status.entry(status).or_default() += 1;
        *by_kind.entry((kind, status)).or_default() += 1;
        *attempts.entry(*tries).or_default() += 1;
        let error = error.as_deref().unwrap_or_default();
        match status.as_str() {
            "sent" if *tries > 1 => retried_and_sent += 1,
            "sent" => {}
            "skipped" | "failed" if error.trim().is_empty() => unexplained += 1,
            "skipped" | "failed" => *reasons.entry(error).or_default() += 1,
            _ => unfinished += 1,
        }
    }
    let mut text = format!("outbox: {} emails; {by_status:?}\n", rows.len());
    let kinds: Vec<String> = by_kind
        .iter()
        .map(|((kind, status), n)| format!("{kind}/{status} {n}"))
        .collect();
    text += &format!("  by kind: {}\n", kinds.join(", "));
    text += &format!("  attempts: {attempts:?} ({retried_and_sent} sent after a retry)\n");
    for (reason, n) in &reasons {
        let reason: String = reason.chars().take(120).collect();
        text += &format!("  not sent ({n}): {reason}\n");
    }
    let verdicts = vec![
        Verdict::new(
            "the outage was felt, and what it refused was retried and sent",
            refused > 0 && retried_and_sent > 0,
            format!("{refused} refused by the sink, {retried_and_sent} sent after a retry"),
        ),
        Verdict::new(
            "no email left pending",
            unfinished == 0,
            format!("{unfinished} pending"),
        ),
        Verdict::new(
            "every email not sent says why",
            unexplained == 0,
            format!("{unexplained} skipped or failed without last_error"),
        ),
    ];
    Ok((verdicts, text))
}

/// Every `sent` row arrived once: per (recipient, kind), the sink accepted as many messages as
/// the outbox holds sent rows. Every registration has an address of its own, so the
/// recipient is the registration; the outbox keeps one row per (registration, kind, sequence,
/// offset), so a count above the rows is an email delivered twice, and one below a lost one.
pub async fn emails(state: &AppState, inbox: &Inbox) -> anyhow::Result<Vec<Verdict>> {
    let conn = state.db.conn();
    let addresses: HashMap<Uuid, String> = registration::Entity::find()
        .select_only()
        .column(registration::Column::Id)
        .column(registration::Column::Email)
        .into_tuple()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    let rows: Vec<(Uuid, String, String)> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::RegistrationId)
        .column(outbox::Column::Kind)
        .column(outbox::Column::Status)
        .filter(outbox::Column::Status.is_in(["sent", "pending"]))
        .into_tuple()
        .all(conn)
        .await?;
    let mut expected: HashMap<(String, String), u32> = HashMap::new();
    // Pending rows that were delivered anyway: sent, but their outcome never recorded.
    let mut pending = HashSet::new();
    for (id, kind, status) in rows {
        let address = addresses.get(&id).cloned().unwrap_or_default();
        let key = (address.to_ascii_lowercase(), kind);
        if status == "sent" {
            *expected.entry(key).or_default() += 1;
        } else {
            pending.insert(key);
        }
    }
    let mut received: HashMap<(String, String), u32> = inbox
        .by_recipient_and_kind
        .iter()
        .map(|((to, kind), n)| ((to.clone(), (*kind).to_owned()), *n))
        .collect();
    let (mut twice, mut unrecorded, mut lost, mut examples) = (0u64, 0u64, 0u64, Vec::new());
    for (key, want) in &expected {
        let got = received.remove(key).unwrap_or(0);
        if got != *want && examples.len() < 5 {
            examples.push(format!("{} {}: {got} received, {want} sent", key.0, key.1));
        }
        twice += u64::from(got.saturating_sub(*want));
        lost += u64::from(want.saturating_sub(got));
    }
    // Whatever is left was received with no sent row at all.
    for (key, got) in received {
        twice += u64::from(got);
        if pending.contains(&key) {
            unrecorded += u64::from(got);
        }
        if examples.len() < 5 {
            examples.push(format!("{} {}: {got} received, none sent", key.0, key.1));
        }
    }
    let rows: u32 = expected.values().sum();
    let mut detail = format!(
        "{} received, {rows} sent rows; {twice} more than sent ({unrecorded} of them for rows \
         still pending: delivered, outcome never recorded, to be sent again), {lost} fewer",
        inbox.total
    );
    if !examples.is_empty() {
        detail += &format!("; e.g. {}", examples.join("; "));
    }
    if !inbox.unknown_subjects.is_empty() {
        detail += &format!("; unknown subjects {:?}", inbox.unknown_subjects);
    }
    Ok(vec![
        Verdict::new(
            "no email received twice (nor lost)",
            twice == 0 && lost == 0 && inbox.unknown_subjects.is_empty(),
            detail,
        ),
        Verdict::new(
            "every message has its own Message-ID and names its recipient in To:",
            inbox.repeated_message_ids == 0
                && inbox.without_message_id == 0
                && inbox.to_mismatches == 0,
            format!(
                "{} repeated, {} missing, {} To: not the envelope recipient",
                inbox.repeated_message_ids, inbox.without_message_id, inbox.to_mismatches
            ),
        ),
    ])
}

/// Seats match registrations: for every event, the seats taken are the seats of its confirmed
/// registrations and within its capacity; its waiting list is counted right and nobody on it
/// waits for seats that are free.
pub async fn seats(state: &AppState) -> anyhow::Result<Vec<Verdict>> {
    let conn = state.db.conn();
    let events = event::Entity::find().all(conn).await?;
    let live: Vec<(Uuid, i32, String)> = registration::Entity::find()
        .select_only()
        .column(registration::Column::EventId)
        .column(registration::Column::Seats)
        .column(registration::Column::Status)
        .filter(registration::Column::Status.is_in(["confirmed", "waitlisted"]))
        .into_tuple()
        .all(conn)
        .await?;
    // (confirmed seats, waitlisted registrations, smallest waitlisted group)
    let mut per_event: HashMap<Uuid, (i32, i32, i32)> = HashMap::new();
    for (event_id, seats, status) in &live {
        let entry = per_event.entry(*event_id).or_insert((0, 0, i32::MAX));
        if status == "confirmed" {
            entry.0 += seats;
        } else {
            entry.1 += 1;
            entry.2 = entry.2.min(*seats);
        }
    }
    let (mut miscounted, mut oversold, mut waitlist_wrong, mut waiting_for_free) = (0, 0, 0, 0);
    let (mut confirmed, mut waiting) = (0, 0);
    for e in &events {
        let (seats, waitlisted, smallest) = per_event.get(&e.id).copied().unwrap_or((0, 0, 0));
        confirmed += seats;
        waiting += waitlisted;
        miscounted += i32::from(e.seats_taken != seats);
        oversold += i32::from(e.capacity.is_some_and(|c| e.seats_taken > c));
        waitlist_wrong += i32::from(e.waitlist_length != waitlisted);
        let free = e.capacity.map_or(i32::MAX, |c| c - e.seats_taken);
        waiting_for_free += i32::from(waitlisted > 0 && smallest <= free);
    }
    Ok(vec![
        Verdict::new(
            "seats taken = seats of confirmed registrations, within capacity",
            miscounted == 0 && oversold == 0,
            format!(
                "{} events, {confirmed} seats confirmed; {miscounted} miscounted, {oversold} over capacity",
                events.len()
            ),
        ),
        Verdict::new(
            "waiting lists counted right, nobody waiting for a free seat",
            waitlist_wrong == 0 && waiting_for_free == 0,
            format!(
                "{waiting} waiting; {waitlist_wrong} lists miscounted, {waiting_for_free} events with a waiting group that fits"
            ),
        ),
    ])
}
