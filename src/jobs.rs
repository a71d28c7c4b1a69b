//! The scheduler (tokio-cron-scheduler, in-memory store: the outbox's leases, not the
//! scheduler, keep several processes from sending twice). Each job only calls a plain
//! `async fn` of `now`, which tests call directly instead of waiting:
//!
//! - [`tick`], every `CONVOCA_TICK_SECONDS`: enqueue the reminders that are due, send what
//!   is due in the outbox, forget idempotency keys older than 24 hours, idle console
//!   sessions and old sign-in links, fold the request metrics' samples into their
//!   histograms;
//! - [`retention`], daily: anonymise registrations `CONVOCA_RETENTION_DAYS` after their
//!   festival ended;
//! - [`weekly_reports`], every 15 minutes: the weekly report of each festival's figures to
//!   its owners and editors, Monday at 08:00 in the festival's timezone.
//!
//! Besides the tick, a dispatcher task sends as soon as a request enqueued email
//! ([`crate::mail::Mailer::wake`]), so a confirmation does not wait for the next tick.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use entity::festival;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use tokio::{sync::watch, task::JoinHandle};
use tokio_cron_scheduler::{Job, JobScheduler};
use uuid::Uuid;

use crate::{
    domain::{
        kinds::{FestivalStatus, NotificationKind},
        notification::{due_reminder, horizon},
    },
    error::AppResult,
    mail::dispatch::{Dispatched, dispatch},
    state::AppState,
    store::{
        self,
        outbox::{Notice, enqueue, reminder_candidates, reminder_offsets},
    },
};

/// What one tick did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Ticked {
    pub reminders_enqueued: usize,
    pub dispatched: Dispatched,
}

/// Enqueues the reminders due at `now`, then sends everything due, then forgets the
/// idempotency keys older than a day, idle sessions and old sign-in links.
pub async fn tick(state: &AppState, now: DateTime<Utc>) -> AppResult<Ticked> {
    let reminders_enqueued = enqueue_reminders(state, now).await?;
    let dispatched = dispatch(state, now).await?;
    let txn = state.db.begin_write().await?;
    store::idempotency::purge(&*txn, now).await?;
    store::sessions::purge(&*txn, now).await?;
    txn.commit().await?;
    crate::metrics::upkeep();
    Ok(Ticked {
        reminders_enqueued,
        dispatched,
    })
}

/// Records a reminder for every confirmed registration whose next reminder time has come
/// (see [`due_reminder`]). Safe to run in several processes at once: the outbox keeps one
/// reminder per registration and offset.
pub async fn enqueue_reminders(state: &AppState, now: DateTime<Utc>) -> AppResult<usize> {
    let db = state.db.conn();
    let festivals: HashMap<Uuid, Vec<i32>> = festival::Entity::find()
        .select_only()
        .column(festival::Column::Id)
        .column(festival::Column::ReminderOffsetsMinutes)
        .filter(festival::Column::Status.eq(FestivalStatus::Published))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, offsets)| (id, store::decode_list(&offsets)))
        .filter(|(_, offsets): &(Uuid, Vec<i32>)| !offsets.is_empty())
        .collect();
    // One read for every festival, as far ahead as the largest offset of any; each
    // registration is then held to its own festival's offsets.
    let ids: Vec<Uuid> = festivals.keys().copied().collect();
    let furthest = horizon(&festivals.values().flatten().copied().collect::<Vec<_>>());
    let candidates = reminder_candidates(db, &ids, now, now + furthest).await?;
    let registrations: Vec<Uuid> = candidates.iter().map(|(id, ..)| *id).collect();
    let mut sent: HashMap<Uuid, Vec<i32>> = HashMap::new();
    for (id, offset) in reminder_offsets(db, &registrations).await? {
        sent.entry(id).or_default().push(offset);
    }
    let mut notices = Vec::new();
    for (registration_id, event_id, festival_id, starts_at) in candidates {
        let offsets = festivals.get(&festival_id).map_or(&[][..], Vec::as_slice);
        let already = sent.get(&registration_id).map_or(&[][..], Vec::as_slice);
        if let Some(offset) = due_reminder(starts_at, offsets, already, now) {
            notices.push(Notice {
                offset_minutes: offset,
                ..Notice::new(
                    NotificationKind::Reminder,
                    registration_id,
                    (event_id, festival_id, 0),
                )
            });
        }
    }
    let count = notices.len();
    for chunk in notices.chunks(500) {
        let txn = state.db.begin_write().await?;
        enqueue(&*txn, chunk.to_vec()).await?;
        txn.commit().await?;
    }
    Ok(count)
}

/// Anonymises the registrations of festivals that ended `CONVOCA_RETENTION_DAYS` before
/// `now`. Returns how many were anonymised.
pub async fn retention(state: &AppState, now: DateTime<Utc>) -> AppResult<u64> {
    let cutoff = (now - Duration::days(i64::from(state.config.retention_days))).date_naive();
    let txn = state.db.begin_write().await?;
    let erased = store::privacy::anonymise_ended(&*txn, cutoff).await?;
    txn.commit().await?;
    Ok(erased)
}

/// Records the weekly (and final) reports of festivals' figures due at `now` (see
/// [`crate::domain::report::due`]) and sends them. Safe to run in several processes at once:
/// the outbox keeps one report per member, festival and week. Returns how many were recorded.
pub async fn weekly_reports(state: &AppState, now: DateTime<Utc>) -> AppResult<usize> {
    let recorded = crate::operations::reports::enqueue_due(state, now).await?;
    if recorded > 0 {
        dispatch(state, now).await?;
    }
    Ok(recorded)
}

/// The running background work: the scheduler and the dispatcher task.
pub struct Background {
    scheduler: JobScheduler,
    stop: watch::Sender<bool>,
    dispatcher: JoinHandle<()>,
    state: AppState,
}

/// Starts the scheduler's jobs and the dispatcher task.
pub async fn start(state: AppState) -> anyhow::Result<Background> {
    let scheduler = JobScheduler::new().await?;
    let every = state.config.tick;
    let for_tick = state.clone();
    scheduler
        .add(Job::new_repeated_async(every, move |_, _| {
            let state = for_tick.clone();
            Box::pin(async move {
                if let Err(e) = tick(&state, store::now()).await {
                    tracing::warn!(error = %e, "scheduler tick failed");
                }
            })
        })?)
        .await?;
    let for_retention = state.clone();
    // Six fields, seconds first: 03:30:00 UTC every day.
    scheduler
        .add(Job::new_async("0 30 3 * * *", move |_, _| {
            let state = for_retention.clone();
            Box::pin(async move {
                match retention(&state, store::now()).await {
                    Ok(n) => tracing::info!(anonymised = n, "retention"),
                    Err(e) => tracing::warn!(error = %e, "retention failed"),
                }
            })
        })?)
        .await?;
    let for_reports = state.clone();
    // Every quarter of an hour: reports go at 08:00 in each festival's own timezone, and some
    // timezones are 30 or 45 minutes off the hour.
    scheduler
        .add(Job::new_async("0 */15 * * * *", move |_, _| {
            let state = for_reports.clone();
            Box::pin(async move {
                match weekly_reports(&state, store::now()).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(reports = n, "weekly reports recorded"),
                    Err(e) => tracing::warn!(error = %e, "weekly reports failed"),
                }
            })
        })?)
        .await?;
    scheduler.start().await?;

    let (stop, mut stopped) = watch::channel(false);
    let for_dispatch = state.clone();
    let dispatcher = tokio::spawn(async move {
        let state = for_dispatch;
        loop {
            tokio::select! {
                () = state.mail.woken() => {}
                _ = stopped.changed() => break,
            }
            // Each send is already guarded (see `mail::dispatch::guarded`); this catches a
            // panic anywhere else in a dispatch, so the task that sends at once never dies.
            let run = std::panic::AssertUnwindSafe(dispatch(&state, store::now()));
            match futures_util::FutureExt::catch_unwind(run).await {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => tracing::warn!(error = %e, "dispatch failed"),
                Err(_) => tracing::error!("dispatch panicked; the dispatcher goes on"),
            }
        }
    });
    // Whatever was enqueued while the service was down goes now, not at the first tick.
    state.mail.wake();
    Ok(Background {
        scheduler,
        stop,
        dispatcher,
        state,
    })
}

impl Background {
    /// Stops the jobs and lets the sends in flight finish and be recorded.
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        self.state.mail.stop().await;
        let _ = self.scheduler.shutdown().await;
        let _ = self.dispatcher.await;
    }
}
