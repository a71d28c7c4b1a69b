//! Email rules: when a failed send is tried again, which reminders are due, and how a
//! reminder says how long is left.

use chrono::{DateTime, Duration, Utc};

use serde::{Deserialize, Serialize};

use super::kinds::NotificationKind;

/// What an event was before a change, kept with its change notice (the event row holds only
/// the new values). Only what changed is set.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChangeDetails {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_starts_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_ends_at: Option<DateTime<Utc>>,
    /// The old venue's name, or the old online link's host page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_venue: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_address: Option<String>,
}

impl ChangeDetails {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads stored details; unreadable ones read as "nothing known".
    pub fn from_json(text: Option<&str>) -> Self {
        text.and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_default()
    }
}

/// Waits after the 1st, 2nd, 3rd and 4th failed attempt; after that, hourly.
const BACKOFF: [Duration; 4] = [
    Duration::seconds(30),
    Duration::minutes(2),
    Duration::minutes(10),
    Duration::hours(1),
];

/// Attempts before an email is given up as `failed`: the four backed-off ones, then hourly for
/// a day.
pub const MAX_ATTEMPTS: i32 = BACKOFF.len() as i32 + 24;

/// When to try again after `attempts` failed attempts, or `None` to give up.
pub fn retry_at(attempts: i32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let index = usize::try_from(attempts.max(1) - 1).unwrap_or(0);
    Some(now + BACKOFF.get(index).copied().unwrap_or(Duration::hours(1)))
}

/// The `SEQUENCE` of the `.ics` emailed to one person, given the event's own sequence and how
/// many of that person's registrations for it are cancelled (this one included, when it is).
///
/// A calendar applies an iTIP message only if its `SEQUENCE` is at least the one it holds, so
/// every message a person gets must climb: each cancellation of theirs adds two, a `CANCEL`
/// sits one above their last invitation, and an invitation after registering again sits one
/// above that `CANCEL`. A change to the event raises its own sequence for everyone.
pub fn emailed_sequence(
    event_sequence: i32,
    cancellations: u32,
    method: super::calendar::Method,
) -> i32 {
    let climbed = i32::try_from(cancellations.saturating_mul(2)).unwrap_or(i32::MAX);
    let base = event_sequence.saturating_add(climbed);
    match method {
        super::calendar::Method::Cancel if cancellations > 0 => base - 1,
        super::calendar::Method::Cancel => base.saturating_add(1),
        _ => base,
    }
}

/// Whether an email of this kind carries the event as an iTIP invitation, and which method.
pub fn invitation(kind: NotificationKind) -> Option<super::calendar::Method> {
    use super::calendar::Method;
    match kind {
        NotificationKind::Confirmed
        | NotificationKind::Promoted
        | NotificationKind::EventChanged => Some(Method::Request),
        NotificationKind::EventCancelled | NotificationKind::RegistrationCancelled => {
            Some(Method::Cancel)
        }
        NotificationKind::Waitlisted
        | NotificationKind::Reminder
        | NotificationKind::CalendarLink
        | NotificationKind::SignIn
        | NotificationKind::MemberInvited
        | NotificationKind::WeeklyReport => None,
    }
}

/// The reminder to send now for an event starting at `starts_at`, given the festival's
/// `offsets` (minutes before the start) and those already sent for this registration: the
/// nearest offset whose time has come, if it was not sent yet. Only the nearest goes, so a
/// service that was down (or an event moved closer) sends one reminder, not a burst of
/// stale ones; and an offset sent for an earlier time of a moved event is not repeated.
pub fn due_reminder(
    starts_at: DateTime<Utc>,
    offsets: &[i32],
    sent: &[i32],
    now: DateTime<Utc>,
) -> Option<i32> {
    if now >= starts_at {
        return None;
    }
    let nearest = offsets
        .iter()
        .copied()
        .filter(|&o| o > 0 && starts_at - Duration::minutes(i64::from(o)) <= now)
        .min()?;
    (!sent.contains(&nearest)).then_some(nearest)
}

/// How long before the start a reminder says the event is, in minutes: its offset when it
/// goes on time (within five minutes of it), else the time actually left (a reminder sent
/// late, after an outage or to someone who registered inside the offset), rounded as people
/// say it: to 5 minutes under two hours, to hours beyond.
pub fn reminder_lead(offset: i32, starts_at: DateTime<Utc>, now: DateTime<Utc>) -> i32 {
    let left = i32::try_from((starts_at - now).num_minutes()).unwrap_or(i32::MAX);
    if (left - offset).abs() <= 5 {
        offset
    } else if left < 120 {
        ((left + 2) / 5 * 5).max(1)
    } else {
        (left + 30) / 60 * 60
    }
}

/// The largest reminder offset: events starting later than this from now need no look.
pub fn horizon(offsets: &[i32]) -> Duration {
    Duration::minutes(i64::from(offsets.iter().copied().max().unwrap_or(0)))
}

/// How a reminder says how long is left, in words a catalogue gives
/// (`email-starts-in-<unit>`, with `count`): "tomorrow" for a day, else whole days, hours or
/// minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartsIn {
    Now,
    Tomorrow,
    Days(i32),
    Hours(i32),
    Minutes(i32),
}

impl StartsIn {
    /// From [`reminder_lead`]'s minutes.
    pub fn from_minutes(minutes: i32) -> Self {
        match minutes {
            ..=0 => Self::Now,
            1440 => Self::Tomorrow,
            m if m % 1440 == 0 => Self::Days(m / 1440),
            m if m % 60 == 0 => Self::Hours(m / 60),
            m => Self::Minutes(m),
        }
    }

    /// The catalogue's message id and its `count`.
    pub fn message(self) -> (&'static str, i32) {
        match self {
            Self::Now => ("email-starts-in-now", 0),
            Self::Tomorrow => ("email-starts-in-tomorrow", 1),
            Self::Days(n) => ("email-starts-in-days", n),
            Self::Hours(n) => ("email-starts-in-hours", n),
            Self::Minutes(n) => ("email-starts-in-minutes", n),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn every_emailed_calendar_message_climbs_for_its_person() {
        use crate::domain::calendar::Method::{Cancel, Request};
        // Invited at sequence 3; cancels; registers again; the event moves; cancels again.
        let invited = emailed_sequence(3, 0, Request);
        let cancelled = emailed_sequence(3, 1, Cancel);
        let again = emailed_sequence(3, 1, Request);
        let moved = emailed_sequence(4, 1, Request);
        let cancelled_again = emailed_sequence(4, 2, Cancel);
        assert_eq!(
            [invited, cancelled, again, moved, cancelled_again],
            [3, 4, 5, 6, 7]
        );
        // The event cancelled for everyone raises its sequence and cancels the registration.
        assert_eq!(emailed_sequence(4, 1, Cancel), 5);
        // A cancellation with nothing counted still sits above the invitation.
        assert_eq!(emailed_sequence(3, 0, Cancel), 4);
        assert_eq!(emailed_sequence(i32::MAX, u32::MAX, Request), i32::MAX);
    }

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, h, m, 0)
            .single()
            .expect("a time")
    }

    #[test]
    fn failed_sends_back_off_then_go_hourly_for_a_day_then_stop() {
        let now = at(0, 0);
        assert_eq!(retry_at(1, now), Some(now + Duration::seconds(30)));
        assert_eq!(retry_at(2, now), Some(now + Duration::minutes(2)));
        assert_eq!(retry_at(3, now), Some(now + Duration::minutes(10)));
        assert_eq!(retry_at(4, now), Some(now + Duration::hours(1)));
        assert_eq!(retry_at(5, now), Some(now + Duration::hours(1)));
        assert_eq!(
            retry_at(MAX_ATTEMPTS - 1, now),
            Some(now + Duration::hours(1))
        );
        assert_eq!(retry_at(MAX_ATTEMPTS, now), None);
    }

    #[test]
    fn the_nearest_due_reminder_goes_once() {
        let start = at(18, 0);
        let offsets = [1440, 60];
        // A day before: the 1440 one.
        assert_eq!(due_reminder(start, &offsets, &[], at(0, 0)), Some(1440));
        // Already sent: nothing until the hour before.
        assert_eq!(due_reminder(start, &offsets, &[1440], at(16, 0)), None);
        assert_eq!(due_reminder(start, &offsets, &[1440], at(17, 0)), Some(60));
        assert_eq!(due_reminder(start, &offsets, &[1440, 60], at(17, 30)), None);
        // Down all day: only the nearest, not both.
        assert_eq!(due_reminder(start, &offsets, &[], at(17, 10)), Some(60));
        // Started: none.
        assert_eq!(due_reminder(start, &offsets, &[], at(18, 0)), None);
    }

    #[test]
    fn a_moved_event_does_not_repeat_a_reminder_but_brings_new_ones() {
        let offsets = [1440, 60];
        // Sent the day-before one for 18:00; the event moves to 19:00: not again.
        assert_eq!(due_reminder(at(19, 0), &offsets, &[1440], at(0, 0)), None);
        // Moved closer, into the hour before: the 60-minute one is due.
        assert_eq!(
            due_reminder(at(12, 30), &offsets, &[1440], at(12, 0)),
            Some(60)
        );
    }

    #[test]
    fn a_reminder_says_how_long_is_really_left() {
        let start = at(18, 0);
        assert_eq!(
            reminder_lead(1440, start, start - Duration::minutes(1438)),
            1440
        );
        assert_eq!(reminder_lead(60, start, at(17, 30)), 30);
        assert_eq!(reminder_lead(60, start, at(17, 58)), 1);
        assert_eq!(reminder_lead(1440, start, at(2, 10)), 960);
    }

    #[test]
    fn a_reminder_says_the_time_left_in_the_largest_whole_unit() {
        assert_eq!(StartsIn::from_minutes(1440), StartsIn::Tomorrow);
        assert_eq!(StartsIn::from_minutes(2880), StartsIn::Days(2));
        assert_eq!(StartsIn::from_minutes(120), StartsIn::Hours(2));
        assert_eq!(StartsIn::from_minutes(90), StartsIn::Minutes(90));
        assert_eq!(StartsIn::from_minutes(0), StartsIn::Now);
        assert_eq!(StartsIn::Hours(1).message(), ("email-starts-in-hours", 1));
    }
}
