//! Events: when and where, how many seats, and when a change must be announced.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::kinds::{EventAccess, EventKind, EventStatus};
use crate::error::{AppError, FieldError};

/// An event as the organiser describes it, already validated and normalised.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventSpec {
    pub title: String,
    pub kind: EventKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub venue_id: Option<Uuid>,
    pub online_url: Option<String>,
    /// `None` is unlimited.
    pub capacity: Option<i32>,
    pub registration_required: bool,
    pub audience: Vec<String>,
    pub themes: Vec<String>,
    pub language: Option<String>,
    pub accessibility: Vec<EventAccess>,
    pub host: Option<String>,
    pub description: Option<String>,
    pub materials_note: Option<String>,
}

/// What calendars and registrants must hear about when it changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule<'a> {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub venue_id: Option<Uuid>,
    pub online_url: Option<&'a str>,
    pub status: EventStatus,
}

/// A change of time, place or status raises the event's iCalendar `SEQUENCE`, so that
/// subscribed calendars replace their copy (RFC 5546 §2.1.4).
pub fn needs_new_sequence(old: &Schedule<'_>, new: &Schedule<'_>) -> bool {
    old != new
}

pub fn check_times(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> Result<(), FieldError> {
    if ends_at <= starts_at {
        Err(FieldError::new("ends_at", "must be after starts_at"))
    } else {
        Ok(())
    }
}

/// Two half-open intervals `[start, end)` overlap: one may begin the minute another ends.
pub fn overlaps(a: (DateTime<Utc>, DateTime<Utc>), b: (DateTime<Utc>, DateTime<Utc>)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// The capacity an event gets in a venue: what was asked, which may not exceed the room, or
/// the room itself when nothing was asked (an event in a room of 40 cannot seat "unlimited").
pub fn fit_capacity(
    requested: Option<i32>,
    venue_capacity: Option<i32>,
) -> Result<Option<i32>, FieldError> {
    match (requested, venue_capacity) {
        (Some(seats), Some(room)) if seats > room => Err(FieldError::new(
            "capacity",
            format!("must not exceed the venue's capacity of {room}"),
        )),
        (None, room) => Ok(room),
        (seats, _) => Ok(seats),
    }
}

/// Seats still free; `None` when the event is unlimited.
pub fn seats_left(capacity: Option<i32>, seats_taken: i32) -> Option<i32> {
    capacity.map(|c| (c - seats_taken).max(0))
}

/// Capacity may go down only as far as the seats already taken.
pub fn check_capacity_change(new_capacity: Option<i32>, seats_taken: i32) -> Result<(), AppError> {
    match new_capacity {
        Some(c) if c < seats_taken => Err(AppError::conflict(format!(
            "capacity {c} is below the {seats_taken} seats already taken"
        ))),
        _ => Ok(()),
    }
}

/// A cancelled event is final.
pub fn check_editable(status: EventStatus) -> Result<(), AppError> {
    match status {
        EventStatus::Cancelled => Err(AppError::conflict(
            "the event is cancelled and can no longer change",
        )),
        EventStatus::Scheduled => Ok(()),
    }
}

/// Only an event of a draft festival, with nobody registered, can be deleted. Once published,
/// calendars may hold it, and only a cancellation (which feeds keep as `STATUS:CANCELLED`)
/// removes it from them; people registered must get a notice.
pub fn check_deletable(
    festival_is_draft: bool,
    seats_taken: i32,
    waitlist_length: i32,
) -> Result<(), AppError> {
    if !festival_is_draft {
        Err(AppError::conflict(
            "the festival is published; cancel the event instead of deleting it",
        ))
    } else if seats_taken > 0 || waitlist_length > 0 {
        Err(AppError::conflict(
            "the event has registrations; cancel it instead of deleting it",
        ))
    } else {
        Ok(())
    }
}

/// A `from`/`to` bound of a programme query: an RFC 3339 instant, or a date read in the
/// festival's timezone (`from` at the start of that day, `to` at its end, so `to=2027-03-09`
/// includes the 9th).
pub fn parse_bound(text: &str, timezone: chrono_tz::Tz, is_end: bool) -> Option<DateTime<Utc>> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Some(instant.to_utc());
    }
    let date: chrono::NaiveDate = text.parse().ok()?;
    let day = if is_end { date.succ_opt()? } else { date };
    Some(super::place::start_of_day(day, timezone))
}

/// The message of a 409 for a clash in a venue.
pub fn clash_message(
    other_id: Uuid,
    other_title: &str,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
) -> String {
    format!(
        "the venue is already booked by \u{201c}{other_title}\u{201d} ({other_id}) from {} to {}",
        starts_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        ends_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("rfc3339")
            .to_utc()
    }

    #[test]
    fn bounds_are_instants_or_local_days() {
        let quito: chrono_tz::Tz = "America/Guayaquil".parse().expect("a zone");
        assert_eq!(
            parse_bound("2027-03-09", quito, false),
            Some(at("2027-03-09T05:00:00Z"))
        );
        assert_eq!(
            parse_bound("2027-03-09", quito, true),
            Some(at("2027-03-10T05:00:00Z"))
        );
        assert_eq!(
            parse_bound("2027-03-09T10:00:00-05:00", quito, true),
            Some(at("2027-03-09T15:00:00Z"))
        );
        assert_eq!(parse_bound("tomorrow", quito, false), None);
    }

    #[test]
    fn back_to_back_events_do_not_overlap() {
        let nine_ten = (at("2027-03-08T09:00:00Z"), at("2027-03-08T10:00:00Z"));
        let ten_eleven = (at("2027-03-08T10:00:00Z"), at("2027-03-08T11:00:00Z"));
        let half_nine = (at("2027-03-08T09:30:00Z"), at("2027-03-08T10:30:00Z"));
        let all_day = (at("2027-03-08T08:00:00Z"), at("2027-03-08T18:00:00Z"));
        assert!(!overlaps(nine_ten, ten_eleven));
        assert!(overlaps(nine_ten, half_nine));
        assert!(overlaps(half_nine, ten_eleven));
        assert!(overlaps(all_day, nine_ten) && overlaps(nine_ten, all_day));
    }

    #[test]
    fn an_event_must_end_after_it_starts() {
        let t = at("2027-03-08T09:00:00Z");
        assert_eq!(check_times(t, t).expect_err("empty").field, "ends_at");
    }

    #[test]
    fn capacity_fits_the_room() {
        assert_eq!(fit_capacity(Some(20), Some(40)).expect("fits"), Some(20));
        assert_eq!(fit_capacity(None, Some(40)).expect("inherits"), Some(40));
        assert_eq!(fit_capacity(None, None).expect("unlimited"), None);
        assert_eq!(
            fit_capacity(Some(500), None).expect("no room limit"),
            Some(500)
        );
        assert_eq!(
            fit_capacity(Some(41), Some(40)).expect_err("too big").field,
            "capacity"
        );
    }

    #[test]
    fn seats_left_never_goes_negative() {
        assert_eq!(seats_left(Some(10), 3), Some(7));
        assert_eq!(seats_left(Some(10), 12), Some(0));
        assert_eq!(seats_left(None, 3), None);
    }

    #[test]
    fn capacity_may_not_drop_below_seats_taken() {
        assert!(check_capacity_change(Some(5), 5).is_ok());
        assert!(check_capacity_change(Some(4), 5).is_err());
        assert!(check_capacity_change(None, 5).is_ok());
    }

    #[test]
    fn only_time_place_and_status_raise_the_sequence() {
        let base = Schedule {
            starts_at: at("2027-03-08T09:00:00Z"),
            ends_at: at("2027-03-08T10:00:00Z"),
            venue_id: None,
            online_url: None,
            status: EventStatus::Scheduled,
        };
        assert!(!needs_new_sequence(&base, &base.clone()));
        let moved = Schedule {
            starts_at: at("2027-03-08T09:30:00Z"),
            ..base.clone()
        };
        assert!(needs_new_sequence(&base, &moved));
        let relocated = Schedule {
            venue_id: Some(Uuid::new_v4()),
            ..base.clone()
        };
        assert!(needs_new_sequence(&base, &relocated));
        let cancelled = Schedule {
            status: EventStatus::Cancelled,
            ..base.clone()
        };
        assert!(needs_new_sequence(&base, &cancelled));
    }
}
