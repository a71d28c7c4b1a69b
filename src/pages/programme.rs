//! `/festivals/{slug}`: a festival's programme, grouped by day, with filters as a plain GET
//! form (they work without JavaScript, and the URL can be shared).

use std::collections::BTreeSet;

use bytes::Bytes;
use chrono::{DateTime, NaiveDate, Utc};
use entity::{event, festival};
use poem::{
    IntoResponse, Request, Response,
    web::{Data, Path},
};
use serde::Serialize;

use super::{
    PageResult, chosen_language,
    view::{EventCard, language_name},
};
use crate::{
    api::cache::CacheKey,
    domain::{event::parse_bound, text::normalise_tags},
    error::AppError,
    i18n::Language,
    state::AppState,
    store::{self, Page, decode_list, events::EventFilter},
};

/// More activities than a festival holds (the Quito festival has 300).
pub const ALL: Page = Page {
    limit: 5000,
    offset: 0,
};

/// The filters, as the form sends them; anything unknown or malformed is ignored rather
/// than refused, as a visitor cannot have meant it.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Filters {
    pub day: Option<NaiveDate>,
    pub audience: Option<String>,
    pub theme: Option<String>,
    pub language: Option<String>,
    pub accessible: bool,
    pub available: bool,
    pub q: Option<String>,
}

impl Filters {
    pub fn from_query(query: Option<&str>) -> Self {
        let mut filters = Self::default();
        let text = |v: &str| {
            let v = v.trim();
            (!v.is_empty() && v.len() <= 200 && !v.chars().any(char::is_control))
                .then(|| v.to_owned())
        };
        for (key, value) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            match &*key {
                "day" => filters.day = value.parse().ok(),
                "audience" => filters.audience = text(&value),
                "theme" => filters.theme = text(&value),
                "language" => filters.language = text(&value),
                "accessible" => filters.accessible = is_on(&value),
                "available" => filters.available = is_on(&value),
                "q" => filters.q = text(&value),
                _ => {}
            }
        }
        filters
    }

    fn to_event_filter(&self, festival: &festival::Model) -> EventFilter {
        let tz = festival.timezone.0;
        let tag = |t: &Option<String>| t.clone().and_then(|t| normalise_tags(&[t]).pop());
        let day = self.day.map(|d| d.to_string());
        EventFilter {
            from: day.as_deref().and_then(|d| parse_bound(d, tz, false)),
            to: day.as_deref().and_then(|d| parse_bound(d, tz, true)),
            audience: tag(&self.audience),
            theme: tag(&self.theme),
            language: self.language.clone(),
            accessible: self.accessible,
            available: self.available,
            q: self.q.clone(),
            ..EventFilter::default()
        }
    }

    pub fn any(&self) -> bool {
        self.day.is_some()
            || self.audience.is_some()
            || self.theme.is_some()
            || self.language.is_some()
            || self.accessible
            || self.available
            || self.q.is_some()
    }
}

fn is_on(value: &str) -> bool {
    matches!(value, "1" | "on" | "true" | "yes")
}

/// A choice in one of the form's lists.
#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
}

#[derive(Serialize)]
struct Day {
    date: NaiveDate,
    label: String,
    events: Vec<EventCard>,
}

/// The public festival `slug`, or the 404 a draft gets too.
pub async fn public_festival(state: &AppState, slug: &str) -> Result<festival::Model, AppError> {
    let festival = store::festivals::by_slug(state.db.conn(), slug).await?;
    if !store::festivals::is_public(&festival) {
        return Err(AppError::NotFound("festival"));
    }
    Ok(festival)
}

/// The cache key of a page of `festival`: its programme's version, the seat counts it shows
/// (`seats`, an event's or the festival's [`store::events::seats_version`]), and the minute,
/// because a page says which activities have started.
pub fn page_key(
    which: &str,
    festival: &festival::Model,
    seats: i64,
    language: &Language,
    request: &Request,
    now: DateTime<Utc>,
) -> CacheKey {
    CacheKey {
        resource: format!(
            "page:{which}:{}:{}:{}",
            festival.id,
            language.code,
            request.uri().query().unwrap_or_default()
        ),
        version: format!("{}:{seats}", version(festival, now)),
    }
}

/// The version a cached view of `festival` at `now` is kept under: its programme's version,
/// its own last change, and the minute.
pub fn version(festival: &festival::Model, now: DateTime<Utc>) -> String {
    format!(
        "{}:{}:{}",
        festival.programme_version,
        festival.updated_at.timestamp_micros(),
        now.timestamp() / 60
    )
}

#[poem::handler]
pub async fn page(
    state: Data<&AppState>,
    request: &Request,
    slug: Path<String>,
) -> PageResult<Response> {
    let language = chosen_language(&state, request);
    let festival = public_festival(&state, &slug).await?;
    let filters = Filters::from_query(request.uri().query());
    let now = Utc::now();
    let seats = store::events::seats_version(state.db.conn(), festival.id).await?;
    let key = page_key("programme", &festival, seats, language, request, now);
    let render = async {
        let html = render(&state, request, &festival, &filters, language, now).await?;
        Ok::<_, super::PageError>(Bytes::from(html))
    };
    // `accessible` reads venue rows, which the programme's version does not follow.
    let html = if filters.accessible {
        render.await?
    } else {
        state.cache.bytes_or_render(key, render).await?
    };
    Ok(html
        .with_content_type("text/html; charset=utf-8")
        .into_response())
}

async fn render(
    state: &AppState,
    request: &Request,
    festival: &festival::Model,
    filters: &Filters,
    language: &Language,
    now: DateTime<Utc>,
) -> PageResult<String> {
    let db = state.db.conn();
    let (all, total) = store::events::list(db, festival.id, &EventFilter::default(), ALL).await?;
    let shown: Vec<event::Model> = if filters.any() {
        store::events::list(db, festival.id, &filters.to_event_filter(festival), ALL)
            .await?
            .0
    } else {
        all.clone()
    };
    let venues = store::venues::by_ids(db, shown.iter().filter_map(|e| e.venue_id)).await?;
    let mut days: Vec<Day> = Vec::new();
    for event in &shown {
        let card = EventCard::new(festival, event, &venues, language, now);
        match days.last_mut() {
            Some(day) if day.date == card.day => day.events.push(card),
            _ => days.push(Day {
                date: card.day,
                label: card.day_label.clone(),
                events: vec![card],
            }),
        }
    }
    let html = state.pages.render(
        "programme.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            festival => FestivalView::new(festival, language),
            days,
            shown => shown.len(),
            total,
            filters,
            filtered => filters.any(),
            choices => choices(festival, &all, language),
        },
    )?;
    Ok(html.0)
}

/// A festival as its pages show it.
#[derive(Serialize)]
pub struct FestivalView {
    pub slug: String,
    pub title: String,
    pub kind: &'static str,
    pub city: String,
    pub country: String,
    pub dates: String,
    pub description: Option<String>,
    pub website: Option<String>,
    pub cancelled: bool,
    /// `webcal://…/feeds/festivals/{slug}.ics`, for calendar apps to subscribe.
    pub subscribe: String,
}

impl FestivalView {
    pub fn new(festival: &festival::Model, language: &Language) -> Self {
        Self {
            slug: festival.slug.clone(),
            title: festival.title.clone(),
            kind: festival.kind.as_str(),
            city: festival.city.clone(),
            country: festival.country.clone(),
            dates: language.date_range(festival.starts_on, festival.ends_on),
            description: festival.description.clone(),
            website: festival.website.clone(),
            cancelled: festival.status == entity::vocabulary::FestivalStatus::Cancelled,
            subscribe: format!("/feeds/festivals/{}.ics", festival.slug),
        }
    }
}

/// The festival's days, first to last (at most a year's: the dates are an organiser's input).
pub fn festival_days(festival: &festival::Model) -> impl Iterator<Item = NaiveDate> + '_ {
    festival
        .starts_on
        .iter_days()
        .take_while(|d| *d <= festival.ends_on)
        .take(366)
}

/// The values each filter can take: the festival's days, and the audiences, themes and
/// languages its activities have.
fn choices(
    festival: &festival::Model,
    events: &[event::Model],
    language: &Language,
) -> minijinja::Value {
    let mut audiences = BTreeSet::new();
    let mut themes = BTreeSet::new();
    let mut languages = BTreeSet::new();
    for e in events {
        audiences.extend(decode_list::<String>(&e.audience));
        themes.extend(decode_list::<String>(&e.themes));
        languages.extend(e.language.clone());
    }
    let days: Vec<Choice> = festival_days(festival)
        .map(|d| Choice {
            value: d.to_string(),
            label: language.short_date(d),
        })
        .collect();
    let plain = |set: BTreeSet<String>| -> Vec<Choice> {
        set.into_iter()
            .map(|v| Choice {
                label: v.clone(),
                value: v,
            })
            .collect()
    };
    let languages: Vec<Choice> = languages
        .into_iter()
        .map(|tag| Choice {
            label: language_name(language, &tag),
            value: tag,
        })
        .collect();
    minijinja::context! {
        days,
        audiences => plain(audiences),
        themes => plain(themes),
        languages,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_read_what_the_form_sends_and_ignore_the_rest() {
        let f = Filters::from_query(Some(
            "day=2027-03-09&audience=Ni%C3%B1os&accessible=on&available=1&q=+robot+&x=1",
        ));
        assert_eq!(f.day, NaiveDate::from_ymd_opt(2027, 3, 9));
        assert_eq!(f.audience.as_deref(), Some("Niños"));
        assert!(f.accessible && f.available);
        assert_eq!(f.q.as_deref(), Some("robot"));
        assert!(f.any());

        let junk = Filters::from_query(Some("day=tomorrow&audience=&theme=%00bad&accessible=no"));
        assert_eq!(junk.day, None);
        assert_eq!(junk.audience, None);
        assert_eq!(junk.theme, None);
        assert!(!junk.accessible);
        assert!(!junk.any());
    }
}
