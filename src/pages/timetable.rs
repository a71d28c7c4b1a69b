//! `/festivals/{slug}/timetable?day=`: one day of a festival as a conference schedule, venues
//! as columns and start times as rows; on a narrow screen the stylesheet shows the same day
//! as a list instead.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::festival;
use poem::{
    IntoResponse, Request, Response,
    web::{Data, Path},
};
use serde::Serialize;

use super::{
    PageResult, chosen_language,
    programme::{ALL, FestivalView, Filters, festival_days, page_key, public_festival},
    view::EventCard,
};
use crate::{
    domain::event::parse_bound,
    i18n::Language,
    state::AppState,
    store::{self, events::EventFilter},
};

/// The day a timetable opens on: the one asked for when the festival has it, else today
/// while the festival runs, else its first day.
pub fn day_shown(
    asked: Option<NaiveDate>,
    today: NaiveDate,
    first: NaiveDate,
    last: NaiveDate,
) -> NaiveDate {
    let within = |d: NaiveDate| first <= d && d <= last;
    asked
        .filter(|d| within(*d))
        .or_else(|| within(today).then_some(today))
        .unwrap_or(first)
}

#[derive(Serialize)]
struct Column {
    name: String,
}

#[derive(Serialize)]
struct Row {
    time: String,
    /// One cell per column, each with the activities starting then and there.
    cells: Vec<Vec<EventCard>>,
}

#[derive(Serialize)]
struct Tab {
    date: NaiveDate,
    label: String,
    href: String,
    current: bool,
}

#[poem::handler]
pub async fn page(
    state: Data<&AppState>,
    request: &Request,
    slug: Path<String>,
) -> PageResult<Response> {
    let language = chosen_language(&state, request);
    let festival = public_festival(&state, &slug).await?;
    let now = Utc::now();
    let asked = Filters::from_query(request.uri().query()).day;
    let today = now.with_timezone(&festival.timezone.0).date_naive();
    let day = day_shown(asked, today, festival.starts_on, festival.ends_on);
    let seats = store::events::seats_version(state.db.conn(), festival.id).await?;
    let key = page_key("timetable", &festival, seats, language, request, now);
    let html = state
        .cache
        .bytes_or_render(key, async {
            let html = render(&state, request, &festival, day, language, now).await?;
            Ok::<_, super::PageError>(bytes::Bytes::from(html))
        })
        .await?;
    Ok(html
        .with_content_type("text/html; charset=utf-8")
        .into_response())
}

async fn render(
    state: &AppState,
    request: &Request,
    festival: &festival::Model,
    day: NaiveDate,
    language: &Language,
    now: DateTime<Utc>,
) -> PageResult<String> {
    let db = state.db.conn();
    let tz = festival.timezone.0;
    let date = day.to_string();
    let filter = EventFilter {
        from: parse_bound(&date, tz, false),
        to: parse_bound(&date, tz, true),
        ..EventFilter::default()
    };
    let (events, _) = store::events::list(db, festival.id, &filter, ALL).await?;
    let venues = store::venues::by_ids(db, events.iter().filter_map(|e| e.venue_id)).await?;
    // Only what starts this day: an activity running past midnight belongs to its first day.
    let cards: Vec<EventCard> = events
        .iter()
        .map(|e| EventCard::new(festival, e, &venues, language, now))
        .filter(|c| c.day == day)
        .collect();
    // Columns: the venues in use, by name; then one for online activities.
    let mut names: Vec<String> = cards
        .iter()
        .filter_map(|c| c.venue.as_ref().map(|v| v.name.clone()))
        .collect();
    names.sort();
    names.dedup();
    let online = language.text("event-online", poem::i18n::I18NArgs::default());
    if cards.iter().any(|c| c.venue.is_none()) {
        names.push(online.clone());
    }
    let column_of = |c: &EventCard| {
        let name = c.venue.as_ref().map_or(&online, |v| &v.name);
        names.iter().position(|n| n == name).unwrap_or(0)
    };
    let mut rows: BTreeMap<String, Vec<Vec<EventCard>>> = BTreeMap::new();
    for card in &cards {
        let cells = rows
            .entry(card.starts.clone())
            .or_insert_with(|| vec![Vec::new(); names.len()]);
        cells[column_of(card)].push(card.clone());
    }
    let rows: Vec<Row> = rows
        .into_iter()
        .map(|(time, cells)| Row { time, cells })
        .collect();
    let tabs: Vec<Tab> = festival_days(festival)
        .map(|d| Tab {
            date: d,
            label: language.short_date(d),
            href: format!("/festivals/{}/timetable?day={d}", festival.slug),
            current: d == day,
        })
        .collect();
    let columns: Vec<Column> = names.into_iter().map(|name| Column { name }).collect();
    let html = state.pages.render(
        "timetable.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            festival => FestivalView::new(festival, language),
            day_label => language.long_date(day),
            tabs,
            columns,
            rows,
            cards,
        },
    )?;
    Ok(html.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timetable_opens_on_the_day_asked_then_today_then_the_first_day() {
        let d = |n| NaiveDate::from_ymd_opt(2027, 3, n).expect("date");
        assert_eq!(day_shown(Some(d(10)), d(9), d(8), d(14)), d(10));
        assert_eq!(day_shown(Some(d(20)), d(9), d(8), d(14)), d(9));
        assert_eq!(day_shown(None, d(1), d(8), d(14)), d(8));
        assert_eq!(day_shown(None, d(30), d(8), d(14)), d(8));
    }
}
