//! The weekly report of a festival's figures to its organisers: when one is due, which week it
//! is (the key that keeps it once per member even with several instances ticking), and what
//! changed since the member's previous one.
//!
//! A weekly report goes on Monday at 08:00 in the festival's timezone, while the festival is
//! upcoming or running on that Monday; a tick that comes later, until Tuesday 08:00 (an
//! instance was down at eight), still sends it; after that the week has none (a report a day
//! late is news; a week late it is noise). The final report goes at 08:00 on the day after
//! the festival ends, or within the week after.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::figures::Figures;

/// The local hour reports go at.
pub const HOUR: u32 = 8;
/// How long after its hour a weekly report may still go.
const WEEKLY_WINDOW: Duration = Duration::hours(24);
/// How long after the festival's end the final report may still go.
const FINAL_WINDOW: Duration = Duration::days(7);
/// The outbox `sequence` of a festival's final report (weekly ones are week numbers, ≥ 0).
pub const FINAL: i32 = -1;

/// Which report is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// The week starting on this Monday.
    Weekly(NaiveDate),
    Final,
}

impl Due {
    /// The outbox `sequence` the report is kept once by: weeks since 1970-01-05, a Monday.
    pub fn sequence(self) -> i32 {
        match self {
            Due::Weekly(monday) => {
                let epoch = NaiveDate::from_ymd_opt(1970, 1, 5).unwrap_or(NaiveDate::MIN);
                i32::try_from((monday - epoch).num_days().div_euclid(7)).unwrap_or(i32::MAX)
            }
            Due::Final => FINAL,
        }
    }
}

/// The local instant `day` at [`HOUR`], or `None` if the clocks skip it.
fn at_hour(tz: Tz, day: NaiveDate) -> Option<DateTime<Utc>> {
    let local = day.and_time(NaiveTime::from_hms_opt(HOUR, 0, 0)?);
    local
        .and_local_timezone(tz)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

/// The report of a festival ending on `ends_on` (in `tz`) due at `now`, if any.
pub fn due(tz: Tz, ends_on: NaiveDate, now: DateTime<Utc>) -> Option<Due> {
    let today = now.with_timezone(&tz).date_naive();
    let after_end = ends_on.succ_opt()?;
    if today >= after_end {
        let from = at_hour(tz, after_end)?;
        return (from <= now && now < from + FINAL_WINDOW).then_some(Due::Final);
    }
    // This week's Monday (on Tuesday morning, the window of Monday's report is still open).
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let from = at_hour(tz, monday)?;
    (monday <= ends_on && from <= now && now < from + WEEKLY_WINDOW).then_some(Due::Weekly(monday))
}

/// What a report remembers of each activity, to tell the next one what changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityState {
    pub id: Uuid,
    pub waiting: i64,
    pub full: bool,
}

/// An activity that changed since the previous report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub title: String,
    /// Waiting-list length before and now (for lists that grew).
    pub before: i64,
    pub now: i64,
}

/// The most activities a report names in each list (it says how many more there are).
pub const NAMED: usize = 10;

/// The activities that filled up and the waiting lists that grew between `previous` (none
/// for a member's first report: everything full or waiting counts) and `figures`.
pub fn changes(previous: &[ActivityState], figures: &Figures) -> (Vec<Change>, Vec<Change>) {
    let before = |id: Uuid| previous.iter().find(|s| s.id == id);
    let mut filled = Vec::new();
    let mut grown = Vec::new();
    for (a, state) in figures.activities.iter().zip(states(figures)) {
        let was = before(a.id);
        if state.full && !was.is_some_and(|w| w.full) {
            filled.push(Change {
                title: a.figures.key.clone(),
                before: 0,
                now: state.waiting,
            });
        }
        let waited = was.map_or(0, |w| w.waiting);
        if state.waiting > waited {
            grown.push(Change {
                title: a.figures.key.clone(),
                before: waited,
                now: state.waiting,
            });
        }
    }
    grown.sort_by_key(|c| std::cmp::Reverse(c.now - c.before));
    (filled, grown)
}

/// What the next report compares with.
pub fn states(figures: &Figures) -> Vec<ActivityState> {
    figures
        .activities
        .iter()
        .map(|a| {
            let g = &a.figures;
            ActivityState {
                id: a.id,
                waiting: g.waiting.unwrap_or(0),
                full: !a.cancelled && g.capacity > 0 && g.confirmed.unwrap_or(0) >= g.capacity,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use chrono_tz::America::Guayaquil;

    use super::*;

    fn local(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        Guayaquil
            .with_ymd_and_hms(2026, 11, day, hour, minute, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn ends() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).expect("a date")
    }

    #[test]
    fn the_weekly_report_is_due_from_monday_eight_for_a_day() {
        // 2026-11-16 and 2026-11-23 are Mondays.
        let monday = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
        assert_eq!(due(Guayaquil, ends(), local(23, 7, 59)), None);
        assert_eq!(
            due(Guayaquil, ends(), local(23, 8, 0)),
            Some(Due::Weekly(monday))
        );
        assert_eq!(
            due(Guayaquil, ends(), local(23, 23, 0)),
            Some(Due::Weekly(monday))
        );
        assert_eq!(
            due(Guayaquil, ends(), local(24, 7, 59)),
            Some(Due::Weekly(monday))
        );
        assert_eq!(due(Guayaquil, ends(), local(24, 8, 0)), None);
        assert_eq!(due(Guayaquil, ends(), local(26, 12, 0)), None);
    }

    #[test]
    fn eight_in_the_festivals_timezone_is_not_eight_utc() {
        // 08:00 UTC is 03:00 in Quito: too early.
        let eight_utc = Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap();
        assert_eq!(due(Guayaquil, ends(), eight_utc), None);
    }

    #[test]
    fn after_the_end_only_the_final_report_is_due_for_a_week() {
        assert_eq!(due(Guayaquil, ends(), local(28, 7, 0)), None);
        assert_eq!(due(Guayaquil, ends(), local(28, 8, 0)), Some(Due::Final));
        // Monday 30 November is after the end: no weekly report, still the final one.
        assert_eq!(due(Guayaquil, ends(), local(30, 9, 0)), Some(Due::Final));
        assert_eq!(
            due(
                Guayaquil,
                ends(),
                Guayaquil
                    .with_ymd_and_hms(2026, 12, 5, 8, 0, 0)
                    .unwrap()
                    .with_timezone(&Utc)
            ),
            None
        );
    }

    #[test]
    fn weeks_have_their_own_keys() {
        let a = Due::Weekly(NaiveDate::from_ymd_opt(2026, 11, 16).expect("a date")).sequence();
        let b = Due::Weekly(NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date")).sequence();
        assert_eq!(b, a + 1);
        assert!(a > 0);
        assert_ne!(Due::Final.sequence(), a);
    }
}
