//! "Add to calendar" for one activity, as the activity page and the page after registering
//! offer it: the event's `.ics` download, a Google Calendar link, and the festival's
//! `webcal://` feed for calendar apps that subscribe.

use chrono::{DateTime, Utc};
use entity::{event, festival, venue};
use serde::Serialize;

use crate::config::Config;

/// The longest description put in a Google Calendar link: the whole link must stay well
/// under the length browsers and Google accept (a few thousand characters).
const GOOGLE_DETAILS_CHARS: usize = 1000;

/// The three ways to put an activity in a calendar.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarLinks {
    /// `/feeds/events/{id}.ics`: a download any calendar app opens.
    pub ics: String,
    /// A Google Calendar "new event" link, filled in.
    pub google: String,
    /// `webcal://{host}/feeds/festivals/{slug}.ics`: the whole programme, kept up to date.
    pub webcal: String,
}

impl CalendarLinks {
    /// `page` is the activity page's absolute address, which the Google entry links back to.
    pub fn new(
        config: &Config,
        festival: &festival::Model,
        event: &event::Model,
        venue: Option<&venue::Model>,
        page: &str,
    ) -> Self {
        Self {
            ics: format!("/feeds/events/{}.ics", event.id),
            google: google(event, venue, page),
            webcal: webcal(config, &format!("/feeds/festivals/{}.ics", festival.slug)),
        }
    }
}

/// Where an activity happens, in one line: the venue and its address, or its online link.
pub fn location(event: &event::Model, venue: Option<&venue::Model>) -> String {
    match venue {
        Some(v) => format!("{}, {}, {}", v.name, v.address, v.city),
        None => event.online_url.clone().unwrap_or_default(),
    }
}

/// `path` on this service, for calendar apps that subscribe: `webcal://` and the public host.
pub fn webcal(config: &Config, path: &str) -> String {
    let base = config.public_base();
    let host = base.split_once("://").map_or(base, |(_, rest)| rest);
    format!("webcal://{host}{path}")
}

fn google(event: &event::Model, venue: Option<&venue::Model>, page: &str) -> String {
    let utc = |at: DateTime<Utc>| at.format("%Y%m%dT%H%M%SZ").to_string();
    let mut details: String = event
        .description
        .as_deref()
        .unwrap_or_default()
        .chars()
        .take(GOOGLE_DETAILS_CHARS)
        .collect();
    if !details.is_empty() {
        details.push_str("\n\n");
    }
    details.push_str(page);
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("action", "TEMPLATE")
        .append_pair("text", &event.title)
        .append_pair(
            "dates",
            &format!("{}/{}", utc(event.starts_at), utc(event.ends_at)),
        )
        .append_pair("details", &details)
        .append_pair("location", &location(event, venue))
        .finish();
    format!("https://calendar.google.com/calendar/render?{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_google_link_carries_every_field_encoded() {
        let event = event::Model {
            title: "Robótica & <niños> \"1\"".into(),
            online_url: Some("https://meet.example.org/x?a=1&b=2".into()),
            description: Some("Línea 1\nLínea 2".into()),
            ..crate::pages::view::tests::event(None, 0)
        };
        let link = google(&event, None, "https://convoca.test/festivals/f/events/1");
        let parsed = url::Url::parse(&link).expect("a URL");
        assert_eq!(parsed.host_str(), Some("calendar.google.com"));
        let pairs: std::collections::HashMap<String, String> =
            parsed.query_pairs().into_owned().collect();
        assert_eq!(pairs["action"], "TEMPLATE");
        assert_eq!(pairs["text"], "Robótica & <niños> \"1\"");
        assert_eq!(pairs["dates"], "20270309T150000Z/20270309T170000Z");
        assert_eq!(
            pairs["details"],
            "Línea 1\nLínea 2\n\nhttps://convoca.test/festivals/f/events/1"
        );
        assert_eq!(pairs["location"], "https://meet.example.org/x?a=1&b=2");
        assert!(!link.contains(' ') && !link.contains('<') && !link.contains('"'));
    }
}
