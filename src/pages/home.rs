//! `/`: the published festivals by city, those coming up or on now first, then those that are
//! over (most recent first); on an empty installation, how to begin.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use entity::{festival, vocabulary::FestivalStatus};
use poem::{
    Request,
    web::{Data, Html},
};
use serde::Serialize;

use super::{PageResult, chosen_language};
use crate::{
    state::AppState,
    store::Page,
    store::{self, festivals::FestivalFilter},
};

/// More than any city network publishes at once; the rest are reachable through the API.
const SHOWN: u64 = 500;

#[derive(Serialize)]
struct Place {
    city: String,
    country: String,
    festivals: Vec<Card>,
}

#[derive(Serialize)]
struct Card {
    slug: String,
    title: String,
    dates: String,
    kind: &'static str,
    state: &'static str,
}

/// Where a festival stands on `today` (in its own time zone), as the card says it.
pub fn state_of(festival: &festival::Model, today: NaiveDate) -> &'static str {
    state_on(festival.status, festival.starts_on, festival.ends_on, today)
}

fn state_on(
    status: FestivalStatus,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    today: NaiveDate,
) -> &'static str {
    if status == FestivalStatus::Cancelled {
        "cancelled"
    } else if today < starts_on {
        "upcoming"
    } else if today <= ends_on {
        "running"
    } else {
        "past"
    }
}

#[poem::handler]
pub async fn page(state: Data<&AppState>, request: &Request) -> PageResult<Html<String>> {
    let language = chosen_language(&state, request);
    let page = Page {
        limit: SHOWN,
        offset: 0,
    };
    let now = Utc::now();
    let recent = FestivalFilter {
        from: Some(crate::domain::festival::listed_from(now)),
        ..FestivalFilter::default()
    };
    let (festivals, _) = store::festivals::list(state.db.conn(), None, &recent, page).await?;
    let mut dated: Vec<(festival::Model, &'static str)> = festivals
        .into_iter()
        .map(|f| {
            let today = now.with_timezone(&f.timezone.0).date_naive();
            let state = state_of(&f, today);
            (f, state)
        })
        .collect();
    // Coming up and on now by start; then the rest, the most recent first.
    dated.sort_by(|(a, sa), (b, sb)| {
        let over = |s: &str| s == "past" || s == "cancelled";
        over(sa)
            .cmp(&over(sb))
            .then_with(|| match over(sa) {
                false => a.starts_on.cmp(&b.starts_on),
                true => b.ends_on.cmp(&a.ends_on),
            })
            .then_with(|| a.slug.cmp(&b.slug))
    });
    let mut places: Vec<Place> = Vec::new();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    for (f, festival_state) in dated {
        let key = (f.city.clone(), f.country.clone());
        let at = *index.entry(key).or_insert_with(|| {
            places.push(Place {
                city: f.city.clone(),
                country: f.country.clone(),
                festivals: Vec::new(),
            });
            places.len() - 1
        });
        places[at].festivals.push(Card {
            dates: language.date_range(f.starts_on, f.ends_on),
            kind: f.kind.as_str(),
            state: festival_state,
            slug: f.slug,
            title: f.title,
        });
    }
    Ok(state.pages.render(
        "home.html.j2",
        language,
        request.original_uri(),
        minijinja::context! { places },
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_festival_is_upcoming_then_running_then_past() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 9, d).expect("date");
        let published = |today| state_on(FestivalStatus::Published, day(7), day(13), today);
        assert_eq!(published(day(6)), "upcoming");
        assert_eq!(published(day(7)), "running");
        assert_eq!(published(day(13)), "running");
        assert_eq!(published(day(14)), "past");
        assert_eq!(
            state_on(FestivalStatus::Cancelled, day(7), day(13), day(6)),
            "cancelled"
        );
    }
}
