//! Recording the weekly (and final) reports of festivals' figures for their owners and
//! editors. The scheduler calls [`enqueue_due`] with `now`; each report is an outbox row whose
//! details hold the figures as they were at that moment and what changed since the member's
//! previous report, so the email says what was true when it was written however late it is
//! sent. The outbox's partial unique key (member, festival, week) keeps one per week however
//! many instances tick.

use chrono::{DateTime, NaiveDate, Utc};
use entity::festival;
use serde::{Deserialize, Serialize};

use crate::{
    domain::{
        figures::Group,
        report::{ActivityState, Change, Due, NAMED, changes, due, states},
    },
    error::AppResult,
    state::AppState,
    store,
};

/// What a report email is written from, kept in its outbox row.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportDetails {
    /// Whether it is the report after the festival's end.
    pub last: bool,
    /// The Monday of its week (the day after the end, for the final one).
    pub week_of: NaiveDate,
    /// The previous report's time, if the member had one.
    pub since: Option<DateTime<Utc>>,
    pub totals: Group,
    pub registrations: i64,
    pub new_registrations: u64,
    pub failed_emails: u64,
    /// The first [`NAMED`] activities that filled up since the previous report, and how many.
    pub filled: Vec<Change>,
    pub filled_count: usize,
    /// The first [`NAMED`] waiting lists that grew most, and how many grew.
    pub grown: Vec<Change>,
    pub grown_count: usize,
    /// What the next report compares with.
    pub activities: Vec<ActivityState>,
}

/// Records the reports due at `now` for every published festival; returns how many. A
/// festival whose report cannot be recorded is logged and skipped: the others still go.
pub async fn enqueue_due(state: &AppState, now: DateTime<Utc>) -> AppResult<usize> {
    let mut recorded = 0;
    for festival in store::reports::published_festivals(state.db.conn()).await? {
        let Some(when) = due(festival.timezone.0, festival.ends_on, now) else {
            continue;
        };
        match enqueue_for(state, &festival, when, now).await {
            Ok(n) => recorded += n,
            Err(error) => tracing::warn!(
                festival = %festival.slug,
                error = %error,
                "the festival's report could not be recorded"
            ),
        }
    }
    Ok(recorded)
}

async fn enqueue_for(
    state: &AppState,
    festival: &festival::Model,
    when: Due,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let db = state.db.conn();
    let sequence = when.sequence();
    let done = store::reports::already_recorded(db, festival.id, sequence).await?;
    let members: Vec<_> = store::reports::recipients(db, festival.organisation_id)
        .await?
        .into_iter()
        .filter(|m| !done.contains(&m.id))
        .collect();
    if members.is_empty() {
        // A second tick, or another instance, got here first: nothing to count.
        return Ok(0);
    }
    let figures = store::figures::of_festival(db, festival, now).await?;
    let week_of = match when {
        Due::Weekly(monday) => monday,
        Due::Final => festival.ends_on.succ_opt().unwrap_or(festival.ends_on),
    };
    let activities = states(&figures);
    // Each member's report is written from reads made before the write transaction, which on
    // SQLite holds the one writer: only the inserts wait for it.
    let mut reports = Vec::with_capacity(members.len());
    for member in members {
        let previous = store::reports::previous(db, member.id, festival.id).await?;
        let since = previous.as_ref().map(|row| row.created_at);
        let before: Vec<ActivityState> = previous
            .and_then(|row| row.details)
            .and_then(|text| serde_json::from_str::<ReportDetails>(&text).ok())
            .map(|d| d.activities)
            .unwrap_or_default();
        let (mut filled, mut grown) = changes(&before, &figures);
        let (filled_count, grown_count) = (filled.len(), grown.len());
        filled.truncate(NAMED);
        grown.truncate(NAMED);
        let details = ReportDetails {
            last: when == Due::Final,
            week_of,
            since,
            totals: figures.totals.people.clone(),
            registrations: figures.totals.registrations.unwrap_or(0),
            new_registrations: store::reports::registrations_since(db, festival.id, since).await?,
            failed_emails: store::reports::failed_since(db, festival.id, since).await?,
            filled,
            filled_count,
            grown,
            grown_count,
            activities: activities.clone(),
        };
        let details = serde_json::to_string(&details)
            .map_err(|e| sea_orm::DbErr::Custom(format!("report details: {e}")))?;
        reports.push((member.id, details));
    }
    let mut recorded = 0;
    let txn = state.db.begin_write().await?;
    for (member_id, details) in reports {
        // Due at the tick's `now`, so the dispatch that follows in the same tick sends it.
        if store::outbox::enqueue_report(&*txn, member_id, festival.id, sequence, details, now)
            .await?
        {
            recorded += 1;
        }
    }
    txn.commit().await?;
    Ok(recorded)
}
