//! What the pages show of an event and its venue, already written in the visitor's language:
//! the programme, the timetable and the activity page share it.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use entity::{
    event, festival, venue,
    vocabulary::{EventStatus, FestivalStatus, VenueFeature},
};
use serde::Serialize;
use uuid::Uuid;

use crate::i18n::Language;
use crate::store::decode_list;

/// Whether and how a visitor can take part, as a card says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    /// Seats left (`seats_left` says how many; none for unlimited).
    Open,
    /// No seat left: registering puts a person on the waiting list.
    Waitlist,
    /// Open entry: no registration, just come.
    OpenEntry,
    /// It has started or is over.
    Closed,
    Cancelled,
}

/// Whether people can register for an event at `now`, and how: the pages' counterpart of
/// [`crate::domain::registration::check_open`], which refuses what this does not offer.
pub fn availability(
    festival: FestivalStatus,
    event: &event::Model,
    now: DateTime<Utc>,
) -> Availability {
    if event.status == EventStatus::Cancelled || festival == FestivalStatus::Cancelled {
        Availability::Cancelled
    } else if event.starts_at <= now {
        Availability::Closed
    } else if !event.registration_required {
        Availability::OpenEntry
    } else if crate::domain::event::seats_left(event.capacity, event.seats_taken) == Some(0) {
        Availability::Waitlist
    } else {
        Availability::Open
    }
}

/// A venue as the pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct VenueView {
    pub id: Uuid,
    pub name: String,
    pub address: String,
    pub city: String,
    pub step_free: bool,
    /// Every feature, as vocabulary words (`step_free_access`), for icons with text.
    pub features: Vec<String>,
    /// An OpenStreetMap link when the venue has coordinates.
    pub map: Option<String>,
    pub description: Option<String>,
}

impl VenueView {
    pub fn new(v: &venue::Model) -> Self {
        let features: Vec<String> = decode_list(&v.accessibility);
        Self {
            id: v.id,
            name: v.name.clone(),
            address: v.address.clone(),
            city: v.city.clone(),
            step_free: features
                .iter()
                .any(|f| f == VenueFeature::StepFreeAccess.as_str()),
            features,
            map: match (v.latitude, v.longitude) {
                (Some(lat), Some(lon)) => Some(format!(
                    "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"
                )),
                _ => None,
            },
            description: v.description.clone(),
        }
    }
}

/// An event as a programme card shows it.
#[derive(Debug, Clone, Serialize)]
pub struct EventCard {
    pub id: Uuid,
    pub href: String,
    pub title: String,
    pub kind: &'static str,
    /// The day it starts, in the festival's time zone (`2027-03-09`).
    pub day: NaiveDate,
    pub day_label: String,
    /// "10:00–12:00", festival time.
    pub time: String,
    pub starts: String,
    pub ends: String,
    pub venue: Option<VenueView>,
    pub online: bool,
    pub audience: Vec<String>,
    pub themes: Vec<String>,
    /// The language it is held in, named in the visitor's language when the catalogue knows
    /// it, else its tag.
    pub language: Option<String>,
    /// Support it offers (`sign_language`…).
    pub access: Vec<String>,
    pub availability: Availability,
    pub seats_left: Option<i32>,
    pub waiting: i32,
    pub host: Option<String>,
}

impl EventCard {
    pub fn new(
        festival: &festival::Model,
        event: &event::Model,
        venues: &HashMap<Uuid, venue::Model>,
        language: &Language,
        now: DateTime<Utc>,
    ) -> Self {
        let tz: Tz = festival.timezone.0;
        let starts = event.starts_at.with_timezone(&tz);
        let ends = event.ends_at.with_timezone(&tz);
        let day = starts.date_naive();
        let (starts, ends) = (language.time(&starts), language.time(&ends));
        Self {
            id: event.id,
            href: format!("/festivals/{}/events/{}", festival.slug, event.id),
            title: event.title.clone(),
            kind: event.kind.as_str(),
            day,
            day_label: language.long_date(day),
            time: format!("{starts}–{ends}"),
            starts,
            ends,
            venue: event
                .venue_id
                .and_then(|id| venues.get(&id))
                .map(VenueView::new),
            online: event.online_url.is_some(),
            audience: decode_list(&event.audience),
            themes: decode_list(&event.themes),
            language: event
                .language
                .as_deref()
                .map(|tag| language_name(language, tag)),
            access: decode_list(&event.accessibility),
            availability: availability(festival.status, event, now),
            seats_left: crate::domain::event::seats_left(event.capacity, event.seats_taken),
            waiting: event.waitlist_length,
            host: event.host.clone(),
        }
    }
}

/// "Kichwa" for `qu`, "español" for `es-EC`: the catalogue's `language-<primary subtag>`, or
/// the tag itself for a language it does not name.
pub fn language_name(language: &Language, tag: &str) -> String {
    let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    language
        .maybe_text(&format!("language-{primary}"))
        .unwrap_or_else(|| tag.to_owned())
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::TimeZone;
    use entity::vocabulary::EventKind;

    use super::*;

    /// A workshop on 2027-03-09, 15:00–17:00 UTC, for the pages' unit tests.
    pub(crate) fn event(capacity: Option<i32>, taken: i32) -> event::Model {
        let at = |h| {
            Utc.with_ymd_and_hms(2027, 3, 9, h, 0, 0)
                .single()
                .expect("time")
        };
        event::Model {
            id: Uuid::nil(),
            festival_id: Uuid::nil(),
            title: "Robótica".into(),
            kind: EventKind::Workshop,
            starts_at: at(15),
            ends_at: at(17),
            venue_id: None,
            online_url: None,
            capacity,
            registration_required: true,
            audience: "[]".into(),
            themes: "[]".into(),
            language: None,
            accessibility: "[]".into(),
            host: None,
            description: None,
            materials_note: None,
            status: EventStatus::Scheduled,
            sequence: 0,
            seats_taken: taken,
            waitlist_length: 0,
            seats_version: 0,
            search_text: String::new(),
            created_at: at(1),
            updated_at: at(1),
        }
    }

    #[test]
    fn a_card_offers_seats_then_the_waiting_list_then_nothing() {
        let before = Utc
            .with_ymd_and_hms(2027, 3, 8, 12, 0, 0)
            .single()
            .expect("t");
        let published = FestivalStatus::Published;
        assert_eq!(
            availability(published, &event(Some(20), 19), before),
            Availability::Open
        );
        assert_eq!(
            availability(published, &event(None, 500), before),
            Availability::Open
        );
        assert_eq!(
            availability(published, &event(Some(20), 20), before),
            Availability::Waitlist
        );
        let started = event(Some(20), 3).starts_at;
        assert_eq!(
            availability(published, &event(Some(20), 3), started),
            Availability::Closed
        );
        let walk_in = event::Model {
            registration_required: false,
            ..event(None, 0)
        };
        assert_eq!(
            availability(published, &walk_in, before),
            Availability::OpenEntry
        );
        let cancelled = event::Model {
            status: EventStatus::Cancelled,
            ..event(Some(20), 0)
        };
        assert_eq!(
            availability(published, &cancelled, before),
            Availability::Cancelled
        );
        assert_eq!(
            availability(FestivalStatus::Cancelled, &event(Some(20), 0), before),
            Availability::Cancelled
        );
    }
}
