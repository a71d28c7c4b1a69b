//! What an event looks like in a calendar: one VEVENT, the same in every feed, download and
//! email attachment, so calendar apps recognise it by its `UID` and update it in place.

use chrono::{DateTime, Duration, Utc};
use ical::parser::ical::component::{IcalCalendar, IcalEvent};

use super::icalendar::{raw, text, text_list, utc, utc_timezone, with_param};

/// A cancelled event stays in feeds this long after it would have ended, as
/// `STATUS:CANCELLED`, so that subscribed calendars drop it.
pub const CANCELLED_KEPT_FOR: Duration = Duration::days(30);

/// A city's or a venue's feed shows what is on now and ahead, and what ended in this window
/// before: a city's years of past festivals stay out of what its calendar apps poll every hour,
/// so that feed costs the same in its tenth year as in its first. (A festival's feed keeps its
/// whole programme: a festival is bounded.)
pub const PAST_SHOWN_FOR: Duration = Duration::days(30);

/// Calendar apps are told to poll this often.
const REFRESH: &str = "PT1H";

/// The iTIP method of a calendar: feeds publish; email attachments request or cancel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Publish,
    Request,
    Cancel,
}

impl Method {
    /// The `METHOD` value, also the `method=` parameter of an emailed invitation.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Publish => "PUBLISH",
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        }
    }
}

/// The calendar around the events.
#[derive(Debug, Clone)]
pub struct CalendarHead {
    /// `X-WR-CALNAME`: what the calendar is called in the app's list.
    pub name: String,
    pub description: Option<String>,
    /// `X-WR-TIMEZONE`: where the calendar's events happen, when there is one place.
    pub timezone: Option<String>,
    pub method: Method,
}

impl CalendarHead {
    /// A published feed called `name`, with no description and no single timezone.
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: None,
            timezone: None,
            method: Method::Publish,
        }
    }
}

/// One event as a calendar shows it.
#[derive(Debug, Clone)]
pub struct CalendarEvent {
    /// `{event id}@{host}`: the same everywhere the event appears.
    pub uid: String,
    pub title: String,
    pub description: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Venue name and address, or the online link.
    pub location: Option<String>,
    /// Latitude and longitude.
    pub geo: Option<(f64, f64)>,
    pub url: String,
    pub cancelled: bool,
    pub sequence: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The event's kind, then its themes.
    pub categories: Vec<String>,
    /// The organisation's name and, when it has one, its email address.
    pub organizer: Option<(String, Option<String>)>,
    /// In an emailed invitation or cancellation: the registrant.
    pub attendee: Option<Attendee>,
}

/// The person an emailed `.ics` is for.
#[derive(Debug, Clone)]
pub struct Attendee {
    pub name: String,
    pub email: String,
    /// Their own cancellation: the event goes on without them. RFC 5546 §3.2.5 says so with a
    /// `CANCEL` that names them as `ATTENDEE` and has no `STATUS`; `STATUS:CANCELLED` would
    /// tell their calendar that the event itself is off.
    pub uninvited: bool,
}

/// The `UID` of an event: its id at the host Convoca is published under.
pub fn uid(event_id: uuid::Uuid, host: &str) -> String {
    format!("{event_id}@{host}")
}

/// Whether a feed still shows an event at `now`: always while scheduled, and for 30 days after
/// its end once cancelled.
pub fn still_shown(cancelled: bool, ends_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    !cancelled || ends_at + CANCELLED_KEPT_FOR > now
}

/// A calendar of `events`. `stamp` is the `DTSTAMP` of every event: for a feed, pass `None`
/// and each event is stamped with its last change, so the same data always gives the same
/// bytes (and the same `ETag`); an email attachment passes the time it is sent.
pub fn calendar(
    head: &CalendarHead,
    events: &[CalendarEvent],
    stamp: Option<DateTime<Utc>>,
) -> IcalCalendar {
    let mut calendar = IcalCalendar::new();
    let p = &mut calendar.properties;
    p.push(raw("PRODID", "-//Convoca//Convoca//EN"));
    p.push(raw("VERSION", "2.0"));
    p.push(raw("CALSCALE", "GREGORIAN"));
    p.push(raw("METHOD", head.method.as_str()));
    p.push(text("X-WR-CALNAME", &head.name));
    if let Some(description) = &head.description {
        p.push(text("X-WR-CALDESC", description));
    }
    if let Some(timezone) = &head.timezone {
        p.push(text("X-WR-TIMEZONE", timezone));
    }
    if head.method == Method::Publish {
        p.push(with_param(
            raw("REFRESH-INTERVAL", REFRESH),
            "VALUE",
            "DURATION",
        ));
        p.push(raw("X-PUBLISHED-TTL", REFRESH));
    }
    calendar.events = events.iter().map(|e| vevent(e, stamp)).collect();
    if calendar.events.is_empty() {
        // RFC 5545 §3.6: a calendar holds at least one component. A person with nothing
        // ahead, or a festival not yet programmed, still gets a valid one.
        calendar.timezones.push(utc_timezone());
    }
    calendar
}

/// One event as a VEVENT.
pub fn vevent(e: &CalendarEvent, stamp: Option<DateTime<Utc>>) -> IcalEvent {
    let mut event = IcalEvent::new();
    let p = &mut event.properties;
    p.push(text("UID", &e.uid));
    p.push(utc("DTSTAMP", stamp.unwrap_or(e.updated_at)));
    p.push(utc("DTSTART", e.starts_at));
    p.push(utc("DTEND", e.ends_at));
    p.push(text("SUMMARY", &e.title));
    if let Some(description) = &e.description {
        p.push(text("DESCRIPTION", description));
    }
    if let Some(location) = &e.location {
        p.push(text("LOCATION", location));
    }
    if let Some((latitude, longitude)) = e.geo {
        p.push(raw("GEO", format!("{latitude:.6};{longitude:.6}")));
    }
    p.push(raw("URL", e.url.as_str()));
    let uninvited = e.attendee.as_ref().is_some_and(|a| a.uninvited);
    if !uninvited {
        p.push(raw(
            "STATUS",
            if e.cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            },
        ));
    }
    p.push(raw("SEQUENCE", e.sequence.to_string()));
    p.push(utc("CREATED", e.created_at));
    p.push(utc("LAST-MODIFIED", e.updated_at));
    if !e.categories.is_empty() {
        p.push(text_list(
            "CATEGORIES",
            e.categories.iter().map(String::as_str),
        ));
    }
    if let Some((name, email)) = &e.organizer
        && let Some(email) = email
    {
        p.push(with_param(
            raw("ORGANIZER", format!("mailto:{email}")),
            "CN",
            name,
        ));
    }
    if let Some(a) = &e.attendee {
        let attendee = with_param(
            raw("ATTENDEE", format!("mailto:{}", a.email)),
            "CN",
            &a.name,
        );
        let attendee = with_param(attendee, "ROLE", "REQ-PARTICIPANT");
        // Registering is accepting; an uninvited attendee has no part left to state.
        p.push(if a.uninvited {
            attendee
        } else {
            with_param(attendee, "PARTSTAT", "ACCEPTED")
        });
    }
    if e.cancelled {
        // Outlook reads its own busy status; a cancelled event should not block the time.
        p.push(raw("TRANSP", "TRANSPARENT"));
    }
    event
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::icalendar::to_text;

    fn event() -> CalendarEvent {
        let at = |s: &str| {
            DateTime::parse_from_rfc3339(s)
                .expect("test data")
                .with_timezone(&Utc)
        };
        CalendarEvent {
            uid: "e1@convoca.example".to_owned(),
            title: "Robótica, para niñas; y niños".to_owned(),
            description: Some("Traer laptop\nSegunda línea".to_owned()),
            starts_at: at("2026-12-07T15:00:00Z"),
            ends_at: at("2026-12-07T17:00:00Z"),
            location: Some("Biblioteca, Av. Amazonas 123, Quito".to_owned()),
            geo: Some((-0.18, -78.48)),
            url: "https://convoca.example/api/v1/events/e1".to_owned(),
            cancelled: false,
            sequence: 2,
            created_at: at("2026-11-01T10:00:00Z"),
            updated_at: at("2026-11-20T10:00:00Z"),
            categories: vec!["workshop".to_owned(), "ciencia, tecnología".to_owned()],
            organizer: Some((
                "Quito Aprende".to_owned(),
                Some("info@quito.example".to_owned()),
            )),
            attendee: None,
        }
    }

    fn head() -> CalendarHead {
        CalendarHead {
            name: "Festival, Quito".to_owned(),
            description: None,
            timezone: Some("America/Guayaquil".to_owned()),
            method: Method::Publish,
        }
    }

    #[test]
    fn a_feed_carries_the_calendar_properties_calendar_apps_read() {
        let text = to_text(&calendar(&head(), &[event()], None));
        for line in [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:Festival\\, Quito",
            "X-WR-TIMEZONE:America/Guayaquil",
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
            "X-PUBLISHED-TTL:PT1H",
        ] {
            assert!(text.contains(&format!("{line}\r\n")), "{line} in\n{text}");
        }
    }

    #[test]
    fn an_event_has_every_property_and_escapes_its_text() {
        let text = to_text(&calendar(&head(), &[event()], None));
        for line in [
            "UID:e1@convoca.example",
            "DTSTAMP:20261120T100000Z",
            "DTSTART:20261207T150000Z",
            "DTEND:20261207T170000Z",
            "SUMMARY:Robótica\\, para niñas\\; y niños",
            "DESCRIPTION:Traer laptop\\nSegunda línea",
            "GEO:-0.180000;-78.480000",
            "STATUS:CONFIRMED",
            "SEQUENCE:2",
            "LAST-MODIFIED:20261120T100000Z",
            "CATEGORIES:workshop,ciencia\\, tecnología",
            "ORGANIZER;CN=Quito Aprende:mailto:info@quito.example",
        ] {
            assert!(text.contains(&format!("{line}\r\n")), "{line} in\n{text}");
        }
    }

    #[test]
    fn an_attachment_is_stamped_when_sent_and_does_not_ask_to_be_polled() {
        let sent = Utc::now();
        let mut head = head();
        head.method = Method::Cancel;
        let mut cancelled = event();
        cancelled.cancelled = true;
        let text = to_text(&calendar(&head, &[cancelled], Some(sent)));
        assert!(text.contains("METHOD:CANCEL\r\n"));
        assert!(text.contains("STATUS:CANCELLED\r\n"));
        assert!(text.contains(&format!("DTSTAMP:{}\r\n", sent.format("%Y%m%dT%H%M%SZ"))));
        assert!(!text.contains("REFRESH-INTERVAL"));
    }

    #[test]
    fn one_persons_cancellation_names_them_and_leaves_the_event_standing() {
        let mut head = head();
        head.method = Method::Cancel;
        let mut mine = event();
        mine.attendee = Some(Attendee {
            name: "Rosa".to_owned(),
            email: "rosa@example.org".to_owned(),
            uninvited: true,
        });
        let text =
            to_text(&calendar(&head, &[mine.clone()], Some(Utc::now()))).replace("\r\n ", "");
        assert!(text.contains("METHOD:CANCEL\r\n"));
        assert!(!text.contains("STATUS:"), "{text}");
        assert!(!text.contains("TRANSP:"), "{text}");
        assert!(
            text.contains("ATTENDEE;CN=Rosa;ROLE=REQ-PARTICIPANT:mailto:rosa@example.org\r\n"),
            "{text}"
        );
        // The same person invited: accepted, and the event confirmed.
        head.method = Method::Request;
        if let Some(a) = mine.attendee.as_mut() {
            a.uninvited = false;
        }
        let text = to_text(&calendar(&head, &[mine], Some(Utc::now()))).replace("\r\n ", "");
        assert!(text.contains("STATUS:CONFIRMED\r\n"));
        assert!(text.contains("PARTSTAT=ACCEPTED:mailto:rosa@example.org\r\n"));
    }

    #[test]
    fn an_empty_calendar_still_holds_a_component() {
        let text = to_text(&calendar(&head(), &[], None));
        assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:UTC\r\n"), "{text}");
        let full = to_text(&calendar(&head(), &[event()], None));
        assert!(!full.contains("VTIMEZONE"), "{full}");
    }

    #[test]
    fn without_an_email_there_is_no_organizer() {
        let mut e = event();
        e.organizer = Some(("Quito Aprende".to_owned(), None));
        let text = to_text(&calendar(&head(), &[e], None));
        assert!(!text.contains("ORGANIZER"));
    }

    #[test]
    fn cancelled_events_are_shown_for_thirty_days_after_their_end() {
        let ends = Utc::now();
        assert!(still_shown(false, ends - Duration::days(400), ends));
        assert!(still_shown(true, ends, ends + Duration::days(29)));
        assert!(!still_shown(true, ends, ends + Duration::days(31)));
    }
}
