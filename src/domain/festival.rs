//! Festivals: the umbrella of dated events, its dates in its own timezone, and its life cycle
//! draft → published → cancelled.

use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;

use super::kinds::{FestivalKind, FestivalStatus};
use super::place::start_of_day;
use crate::error::{AppError, FieldError};

/// Reminders go out this many minutes before each event unless the festival says otherwise.
pub const DEFAULT_REMINDER_OFFSETS: [u32; 2] = [1440, 60];

/// A festival as the organiser describes it, already validated and normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct FestivalSpec {
    pub slug: String,
    pub title: String,
    pub kind: FestivalKind,
    pub city: String,
    pub country: String,
    pub timezone: Tz,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub description: Option<String>,
    pub website: Option<String>,
    /// Distinct, largest first.
    pub reminder_offsets_minutes: Vec<u32>,
}

/// The dates of a festival, in its timezone: every event must lie within them.
#[derive(Debug, Clone, Copy)]
pub struct FestivalWindow {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub timezone: Tz,
}

impl FestivalWindow {
    /// From the first instant of `starts_on` to the first instant after `ends_on`, local time.
    pub fn bounds(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let day_after = self
            .ends_on
            .checked_add_days(Days::new(1))
            .unwrap_or(self.ends_on);
        (
            start_of_day(self.starts_on, self.timezone),
            start_of_day(day_after, self.timezone),
        )
    }

    pub fn check_event(
        &self,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
    ) -> Result<(), FieldError> {
        let (opens, closes) = self.bounds();
        if starts_at < opens {
            return Err(FieldError::new(
                "starts_at",
                format!(
                    "is before the festival starts ({} in {})",
                    self.starts_on, self.timezone
                ),
            ));
        }
        if ends_at > closes {
            return Err(FieldError::new(
                "ends_at",
                format!(
                    "is after the festival ends ({} in {})",
                    self.ends_on, self.timezone
                ),
            ));
        }
        Ok(())
    }
}

/// Where a listing of festivals starts unless asked for an earlier date: those still running
/// or ahead, and those that ended in the 30 days before `now` (in any timezone). A city's
/// years of festivals stay out of its front page and of the API's first page, so both cost the
/// same in its tenth year as in its first; older ones are listed with an earlier `from`.
pub fn listed_from(now: DateTime<Utc>) -> NaiveDate {
    (now - chrono::Duration::days(31)).date_naive()
}

/// The festival's dates must be in order and span at most a year.
pub fn check_dates(starts_on: NaiveDate, ends_on: NaiveDate) -> Result<(), FieldError> {
    use chrono::Datelike;
    for (field, date) in [("starts_on", starts_on), ("ends_on", ends_on)] {
        // SQLite compares dates as text, which orders only four-digit years correctly.
        if !(2000..=2200).contains(&date.year()) {
            return Err(FieldError::new(
                field,
                "must be a date between the years 2000 and 2200",
            ));
        }
    }
    if ends_on < starts_on {
        return Err(FieldError::new("ends_on", "must not be before starts_on"));
    }
    if (ends_on - starts_on).num_days() > 366 {
        return Err(FieldError::new(
            "ends_on",
            "a festival lasts at most a year",
        ));
    }
    Ok(())
}

/// Reminder offsets: up to 5, each from 1 minute to 30 days; stored distinct, largest first.
pub fn normalise_reminder_offsets(offsets: &[i64]) -> Result<Vec<u32>, FieldError> {
    const MAX_MINUTES: i64 = 30 * 24 * 60;
    if offsets.len() > 5 {
        return Err(FieldError::new(
            "reminder_offsets_minutes",
            "at most 5 reminders",
        ));
    }
    let mut out = Vec::with_capacity(offsets.len());
    for (index, &minutes) in offsets.iter().enumerate() {
        if !(1..=MAX_MINUTES).contains(&minutes) {
            return Err(FieldError::new(
                format!("reminder_offsets_minutes[{index}]"),
                format!("must be between 1 and {MAX_MINUTES} minutes"),
            ));
        }
        out.push(minutes as u32);
    }
    out.sort_unstable_by(|a, b| b.cmp(a));
    out.dedup();
    Ok(out)
}

/// Publishing makes a draft public; publishing again changes nothing; a cancelled festival
/// stays cancelled.
pub fn publish(status: FestivalStatus) -> Result<FestivalStatus, AppError> {
    match status {
        FestivalStatus::Draft | FestivalStatus::Published => Ok(FestivalStatus::Published),
        FestivalStatus::Cancelled => Err(AppError::conflict(
            "a cancelled festival cannot be published",
        )),
    }
}

/// Only drafts can be deleted: once published, people may hold its links and registrations,
/// so it is cancelled instead.
pub fn check_deletable(status: FestivalStatus) -> Result<(), AppError> {
    match status {
        FestivalStatus::Draft => Ok(()),
        _ => Err(AppError::conflict(
            "only a draft festival can be deleted; cancel a published festival instead",
        )),
    }
}

/// Only a published festival can be cancelled: a draft was never public, so it is deleted
/// instead (cancelling it would make it, and its events, public).
pub fn check_cancellable(status: FestivalStatus) -> Result<(), AppError> {
    match status {
        FestivalStatus::Draft => Err(AppError::conflict(
            "a draft festival cannot be cancelled; delete it instead",
        )),
        _ => Ok(()),
    }
}

/// A cancelled festival is closed: no new events, no edits.
pub fn check_open(status: FestivalStatus) -> Result<(), AppError> {
    match status {
        FestivalStatus::Cancelled => Err(AppError::conflict("the festival is cancelled")),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    fn quito_week() -> FestivalWindow {
        FestivalWindow {
            starts_on: date("2027-03-08"),
            ends_on: date("2027-03-14"),
            timezone: "America/Guayaquil".parse().expect("a zone"),
        }
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("rfc3339")
            .to_utc()
    }

    #[test]
    fn a_listing_starts_a_month_back() {
        let now = DateTime::parse_from_rfc3339("2027-03-31T12:00:00Z")
            .expect("a time")
            .to_utc();
        assert_eq!(
            listed_from(now),
            NaiveDate::from_ymd_opt(2027, 2, 28).expect("a date")
        );
    }

    #[test]
    fn events_must_lie_within_the_festival_in_its_timezone() {
        let w = quito_week();
        // 23:00 on the last day in Quito is 04:00 UTC the next day: still inside.
        assert!(
            w.check_event(
                at("2027-03-14T22:00:00-05:00"),
                at("2027-03-14T23:00:00-05:00")
            )
            .is_ok()
        );
        assert!(
            w.check_event(
                at("2027-03-08T00:00:00-05:00"),
                at("2027-03-08T01:00:00-05:00")
            )
            .is_ok()
        );
        let early = w.check_event(
            at("2027-03-07T23:00:00-05:00"),
            at("2027-03-08T01:00:00-05:00"),
        );
        assert_eq!(early.expect_err("too early").field, "starts_at");
        let late = w.check_event(
            at("2027-03-14T23:00:00-05:00"),
            at("2027-03-15T00:30:00-05:00"),
        );
        assert_eq!(late.expect_err("too late").field, "ends_at");
    }

    #[test]
    fn festival_dates_must_be_in_order() {
        assert!(check_dates(date("2027-03-08"), date("2027-03-08")).is_ok());
        assert_eq!(
            check_dates(date("2027-03-08"), date("2027-03-07"))
                .expect_err("reversed")
                .field,
            "ends_on"
        );
        let far = check_dates(date("+10000-01-01"), date("+10000-01-02"));
        assert_eq!(far.expect_err("out of range").field, "starts_on");
    }

    #[test]
    fn reminder_offsets_are_sorted_distinct_and_bounded() {
        assert_eq!(
            normalise_reminder_offsets(&[60, 1440, 60]).expect("valid"),
            vec![1440, 60]
        );
        assert_eq!(
            normalise_reminder_offsets(&[60, 0])
                .expect_err("zero")
                .field,
            "reminder_offsets_minutes[1]"
        );
        assert!(normalise_reminder_offsets(&[1, 2, 3, 4, 5, 6]).is_err());
    }

    #[test]
    fn the_life_cycle_goes_one_way() {
        assert_eq!(
            publish(FestivalStatus::Draft).expect("ok"),
            FestivalStatus::Published
        );
        assert_eq!(
            publish(FestivalStatus::Published).expect("idempotent"),
            FestivalStatus::Published
        );
        assert!(publish(FestivalStatus::Cancelled).is_err());
        assert!(check_deletable(FestivalStatus::Draft).is_ok());
        assert!(check_deletable(FestivalStatus::Published).is_err());
    }
}
