//! What an activity page tells search engines and the apps a link is shared in: a schema.org
//! `Event` as JSON-LD (the fields Google's event structured data reads) and OpenGraph tags (the
//! card WhatsApp or Telegram shows).

use chrono_tz::Tz;
use entity::{
    event, festival, organisation, venue,
    vocabulary::{EventStatus, FestivalStatus},
};
use minijinja::Value;
use serde::Serialize;
use serde_json::json;

use super::view::Availability;
use crate::i18n::Language;

/// The longest description put in a card or in the structured data.
const SUMMARY_CHARS: usize = 300;

/// What the JSON-LD is made from.
pub struct Facts<'a> {
    pub festival: &'a festival::Model,
    pub event: &'a event::Model,
    pub venue: Option<&'a venue::Model>,
    pub organisation: &'a organisation::Model,
    pub availability: Availability,
    /// The activity page's absolute address.
    pub url: &'a str,
}

/// The schema.org `Event` of an activity, serialized, safe to put inside
/// `<script type="application/ld+json">` as it is (see [`script_safe`]).
pub fn event_json_ld(facts: &Facts<'_>) -> Value {
    let Facts {
        festival,
        event,
        venue,
        organisation,
        availability,
        url,
    } = *facts;
    let tz: Tz = festival.timezone.0;
    let place = venue.map(|v| {
        let mut place = json!({
            "@type": "Place",
            "name": v.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": v.address,
                "addressLocality": v.city,
                "addressCountry": v.country,
            },
        });
        if let (Some(latitude), Some(longitude)) = (v.latitude, v.longitude) {
            place["geo"] = json!({
                "@type": "GeoCoordinates",
                "latitude": latitude,
                "longitude": longitude,
            });
        }
        place
    });
    let virtual_location = event
        .online_url
        .as_ref()
        .map(|u| json!({"@type": "VirtualLocation", "url": u}));
    let (mode, location) = match (place, virtual_location) {
        (Some(p), Some(v)) => ("MixedEventAttendanceMode", json!([p, v])),
        (None, Some(v)) => ("OnlineEventAttendanceMode", v),
        (Some(p), None) => ("OfflineEventAttendanceMode", p),
        // An event always has a venue or a link; a row written otherwise names its city.
        (None, None) => (
            "OfflineEventAttendanceMode",
            json!({"@type": "Place", "name": festival.city,
                   "address": {"@type": "PostalAddress", "addressLocality": festival.city,
                               "addressCountry": festival.country}}),
        ),
    };
    let mut organizer = json!({"@type": "Organization", "name": organisation.name});
    if let Some(website) = &organisation.website {
        organizer["url"] = json!(website);
    }
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": event.starts_at.with_timezone(&tz).to_rfc3339(),
        "endDate": event.ends_at.with_timezone(&tz).to_rfc3339(),
        "eventStatus": format!("https://schema.org/{}", status(festival, event)),
        "eventAttendanceMode": format!("https://schema.org/{mode}"),
        "location": location,
        "organizer": organizer,
        "isAccessibleForFree": true,
        "offers": {
            "@type": "Offer",
            "price": 0,
            "availability": format!("https://schema.org/{}", offer(availability)),
            "url": url,
        },
        "url": url,
        "description": summary(event).unwrap_or_else(|| event.title.clone()),
    });
    if let Some(language) = &event.language {
        data["inLanguage"] = json!(language);
    }
    Value::from_safe_string(script_safe(&data))
}

/// JSON that cannot end the `<script>` element it sits in, whatever its strings hold: `<`,
/// `>` and `&` written as `\u003c`, `\u003e`, `\u0026` (still the same JSON). They can only
/// occur inside strings, so replacing them in the text is exact.
pub fn script_safe(data: &serde_json::Value) -> String {
    data.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// schema.org's `EventStatusType`. The model keeps no history of what a change changed, only
/// the iCalendar `sequence`, which rises on every change of time, place or status: a scheduled
/// event whose sequence rose has been moved, in time or in place, and is `EventRescheduled`.
fn status(festival: &festival::Model, event: &event::Model) -> &'static str {
    if event.status == EventStatus::Cancelled || festival.status == FestivalStatus::Cancelled {
        "EventCancelled"
    } else if event.sequence > 0 {
        "EventRescheduled"
    } else {
        "EventScheduled"
    }
}

/// schema.org's `ItemAvailability` of a free place.
fn offer(availability: Availability) -> &'static str {
    match availability {
        Availability::Open | Availability::OpenEntry => "InStock",
        // Full: a person can still join the waiting list, but not get a place now.
        Availability::Waitlist => "SoldOut",
        Availability::Closed | Availability::Cancelled => "Discontinued",
    }
}

/// The first words of the description, on one line.
fn summary(event: &event::Model) -> Option<String> {
    let text = event
        .description
        .as_deref()?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if text.is_empty() {
        return None;
    }
    if text.chars().count() <= SUMMARY_CHARS {
        return Some(text);
    }
    let cut: String = text.chars().take(SUMMARY_CHARS - 1).collect();
    Some(format!("{}…", cut.trim_end()))
}

/// The OpenGraph card of an activity page.
#[derive(Debug, Serialize)]
pub struct OpenGraph {
    pub title: String,
    pub description: String,
    pub url: String,
    /// `es_ES`, `en_GB`, `pt_BR`: the page language's date locale, as OpenGraph writes it.
    pub locale: String,
    pub site_name: String,
}

impl OpenGraph {
    /// `fallback` describes the activity when it has no description of its own (its day,
    /// time and place).
    pub fn new(event: &event::Model, url: &str, language: &Language, fallback: String) -> Self {
        Self {
            title: event.title.clone(),
            description: summary(event).unwrap_or(fallback),
            url: url.to_owned(),
            locale: format!("{:?}", language.dates),
            site_name: language.text("site-name", poem::i18n::I18NArgs::default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_in_a_script_cannot_close_it() {
        let data = json!({"name": "</script><script>alert(1)</script> & \u{2028}"});
        let safe = script_safe(&data);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back, data);
    }

    #[test]
    fn a_long_description_is_cut_at_a_word_limit() {
        let event = event::Model {
            description: Some(format!("{}\n\nfin", "palabra ".repeat(100))),
            ..crate::pages::view::tests::event(None, 0)
        };
        let summary = summary(&event).expect("a summary");
        assert_eq!(summary.chars().count(), SUMMARY_CHARS);
        assert!(summary.ends_with('…'));
        assert!(!summary.contains('\n'));
    }
}
