//! A festival's figures as pages. [`view`] is what the console's figures page and the public
//! one share (tables and the charts beside them); [`open_data_csv`] the open-data download;
//! the handlers here are the public page `/festivals/{slug}/figures` and its `.csv` and
//! `.json`, which exist only once the festival has ended and only if its owner allowed them,
//! and always with small counts withheld ([`crate::domain::open_data`]).

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};
use entity::festival;
use poem::{
    IntoResponse, Request, Response,
    http::header,
    web::{Data, Path},
};
use serde::Serialize;

use super::{PageResult, chosen_language};
use crate::{
    api::{cache::CacheKey, registrations_csv::cell},
    charts::{Bar, bars, columns},
    domain::{
        figures::{ActivityRow, Figures, Group, People},
        open_data::withhold_small,
    },
    error::AppError,
    i18n::Language,
    state::AppState,
    store,
};

/// The charts of a figures page, as SVG; each has a table with its numbers beside it.
#[derive(Serialize)]
struct Charts {
    days: String,
    venues: String,
    audiences: String,
    themes: String,
}

/// What the figures templates (`pages/_figures.html.j2`) read.
pub fn view(figures: &Figures, language: &Language) -> minijinja::Value {
    let text = |id: &str| language.text(id, poem::i18n::I18NArgs::default());
    let count = |n: People| n.map_or_else(|| text("figures-withheld"), |n| n.to_string());
    let days: Vec<(String, f64)> = figures
        .days
        .iter()
        .map(|d| {
            let label = NaiveDate::parse_from_str(&d.date, "%Y-%m-%d")
                .map_or_else(|_| d.date.clone(), |date| language.short_date(date));
            (label, d.registrations.unwrap_or(0) as f64)
        })
        .collect();
    let most = figures
        .days
        .iter()
        .filter_map(|d| d.registrations)
        .max()
        .unwrap_or(0);
    let fill: Vec<Bar> = figures
        .venues
        .iter()
        .filter_map(|g| {
            let rate = g.fill_rate?;
            Some(Bar {
                label: g.key.clone(),
                parts: [rate, 0.0],
                text: language.percent(rate),
            })
        })
        .collect();
    let demand = |groups: &[Group]| -> Vec<Bar> {
        let mut rows: Vec<&Group> = groups.iter().collect();
        rows.sort_by_key(|g| std::cmp::Reverse(g.confirmed.unwrap_or(0) + g.waiting.unwrap_or(0)));
        rows.into_iter()
            .map(|g| Bar {
                label: g.key.clone(),
                parts: [
                    g.confirmed.unwrap_or(0) as f64,
                    g.waiting.unwrap_or(0) as f64,
                ],
                text: language.text(
                    "figures-demand-text",
                    poem::i18n::I18NArgs::from((
                        ("confirmed", count(g.confirmed)),
                        ("waiting", count(g.waiting)),
                    )),
                ),
            })
            .collect()
    };
    let charts = Charts {
        days: columns(
            &text("figures-chart-days"),
            &days,
            &language.text("figures-chart-most", (("count", most),)),
        ),
        venues: bars(&text("figures-chart-fill"), &fill, Some(1.0)),
        audiences: bars(
            &text("figures-chart-audiences"),
            &demand(&figures.audiences),
            None,
        ),
        themes: bars(
            &text("figures-chart-themes"),
            &demand(&figures.themes),
            None,
        ),
    };
    // The activities the city should repeat: most people left waiting first.
    let mut repeat: Vec<&ActivityRow> = figures
        .activities
        .iter()
        .filter(|a| a.figures.waiting.is_some_and(|n| n > 0))
        .collect();
    repeat.sort_by_key(|a| std::cmp::Reverse(a.figures.waiting));
    repeat.truncate(REPEAT_SHOWN);
    minijinja::context! { figures, charts, repeat }
}

/// The most activities listed as worth repeating.
const REPEAT_SHOWN: usize = 20;

/// The columns of the open-data CSV: one long table, a `section` per breakdown.
const CSV_HEADER: [&str; 14] = [
    "section",
    "key",
    "label",
    "activities",
    "capacity",
    "registrations",
    "seats",
    "confirmed",
    "waiting",
    "cancelled",
    "checked_in",
    "no_shows",
    "fill_rate",
    "attendance_rate",
];

/// The marker of a withheld count in the CSV (as statistical offices print it); an empty
/// cell means the figure does not apply (a fill rate without a capacity).
const WITHHELD: &str = "x";

/// `figures` as open data: one CSV table, counts under 5 people withheld.
pub fn open_data_csv(figures: &Figures) -> String {
    let open = opened(figures);
    let people = |n: People| n.map_or_else(|| WITHHELD.to_owned(), |n| n.to_string());
    let rate = |r: Option<f64>| r.map(|r| r.to_string()).unwrap_or_default();
    let group = |section: &str, key: &str, label: &str, g: &Group| -> Vec<String> {
        vec![
            section.to_owned(),
            cell(key),
            cell(label),
            g.activities.to_string(),
            g.capacity.to_string(),
            String::new(),
            String::new(),
            people(g.confirmed),
            people(g.waiting),
            people(g.cancelled),
            people(g.checked_in),
            people(g.no_shows),
            rate(g.fill_rate),
            rate(g.attendance_rate),
        ]
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut total = group("total", "all", &open.title, &open.totals.people);
    total[5] = people(open.totals.registrations);
    rows.push(total);
    for d in &open.days {
        let mut row = vec![String::new(); CSV_HEADER.len()];
        row[0] = "registration_day".to_owned();
        row[1].clone_from(&d.date);
        row[2].clone_from(&d.date);
        row[5] = people(d.registrations);
        row[6] = people(d.seats);
        row[9] = people(d.cancellations);
        rows.push(row);
    }
    for a in &open.activities {
        rows.push(group(
            "activity",
            &a.id.to_string(),
            &a.figures.key,
            &a.figures,
        ));
    }
    for (section, groups) in [
        ("venue", &open.venues),
        ("city", &open.cities),
        ("audience", &open.audiences),
        ("theme", &open.themes),
        ("language", &open.languages),
        ("kind", &open.kinds),
        ("programme_day", &open.programme_days),
    ] {
        for g in groups {
            rows.push(group(section, &g.key, &g.key, g));
        }
    }
    for n in &open.access_needs {
        let mut row = vec![String::new(); CSV_HEADER.len()];
        row[0] = "access_need".to_owned();
        row[1].clone_from(&n.kind);
        row[2].clone_from(&n.kind);
        row[5] = people(n.registrations);
        rows.push(row);
    }
    let mut out = csv::Writer::from_writer(Vec::new());
    let written = std::iter::once(CSV_HEADER.map(str::to_owned).to_vec())
        .chain(rows)
        .try_for_each(|row| out.write_record(row));
    match (written, out.into_inner()) {
        (Ok(()), Ok(bytes)) => String::from_utf8(bytes).unwrap_or_default(),
        // Writing to memory fails only if the machine does; say so rather than send half.
        _ => String::new(),
    }
}

/// A CSV or JSON download named after the festival.
pub fn download(
    body: impl Into<poem::Body>,
    festival: &festival::Model,
    extension: &str,
) -> Response {
    let content_type = match extension {
        "csv" => "text/csv; charset=utf-8",
        _ => "application/json",
    };
    body.into()
        .into_response()
        .with_content_type(content_type)
        .with_header(
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"figures-{}.{extension}\"",
                festival.slug
            ),
        )
        .into_response()
}

/// Whether anyone may see `festival`'s figures at `now`: it is public (published or
/// cancelled), it has ended in its own timezone, and its owner said yes.
pub fn figures_open(festival: &festival::Model, now: DateTime<Utc>) -> bool {
    let today = now.with_timezone(&festival.timezone.0).date_naive();
    festival.figures_public && today > festival.ends_on && store::festivals::is_public(festival)
}

/// The festival `slug`, if its figures are open ([`figures_open`]); anything else is the same
/// 404 as an unknown festival.
async fn public_figures(state: &AppState, slug: &str) -> Result<festival::Model, AppError> {
    let festival = store::festivals::by_slug(state.db.conn(), slug).await?;
    if figures_open(&festival, Utc::now()) {
        Ok(festival)
    } else {
        Err(AppError::NotFound("festival"))
    }
}

async fn open_figures(state: &AppState, festival: &festival::Model) -> PageResult<Figures> {
    let figures = store::figures::of_festival(state.db.conn(), festival, Utc::now()).await?;
    Ok(withhold_small(figures))
}

/// The cache key of one public view of `festival`'s figures (`which`: page in a language,
/// CSV, JSON): the programme's version and the minute, and nothing a visitor can vary (a
/// query string of their own choosing must not make the server count 50,000 registrations
/// again).
fn figures_key(which: &str, festival: &festival::Model) -> CacheKey {
    CacheKey {
        resource: format!("figures:{which}:{}", festival.id),
        version: super::programme::version(festival, Utc::now()),
    }
}

/// `GET /festivals/{slug}/figures`: the public figures page.
#[poem::handler]
pub async fn page(
    state: Data<&AppState>,
    request: &Request,
    slug: Path<String>,
) -> PageResult<Response> {
    let language = chosen_language(&state, request);
    let festival = public_figures(&state, &slug).await?;
    let key = figures_key(&format!("page:{}", language.code), &festival);
    let html = state
        .cache
        .bytes_or_render(key, async {
            let figures = open_figures(&state, &festival).await?;
            // Kept for every visitor: its language links are built from the bare path, not
            // from the query string of whoever came first.
            let path = format!("/festivals/{}/figures", festival.slug);
            let here = path
                .parse::<poem::http::Uri>()
                .unwrap_or_else(|_| request.original_uri().clone());
            let html = state.pages.render(
                "figures.html.j2",
                language,
                &here,
                minijinja::context! {
                    festival => minijinja::context! {
                        slug => festival.slug.clone(),
                        title => festival.title.clone(),
                    },
                    ..view(&figures, language)
                },
            )?;
            Ok::<_, super::PageError>(bytes::Bytes::from(html.0))
        })
        .await?;
    Ok(html
        .with_content_type("text/html; charset=utf-8")
        .into_response())
}

/// `GET /festivals/{slug}/figures.csv`.
#[poem::handler]
pub async fn public_csv(state: Data<&AppState>, slug: Path<String>) -> PageResult<Response> {
    let festival = public_figures(&state, &slug).await?;
    let body = state
        .cache
        .bytes_or_render(figures_key("csv", &festival), async {
            let figures = open_figures(&state, &festival).await?;
            Ok::<_, super::PageError>(bytes::Bytes::from(open_data_csv(&figures)))
        })
        .await?;
    Ok(download(body, &festival, "csv"))
}

/// `GET /festivals/{slug}/figures.json`.
#[poem::handler]
pub async fn public_json(state: Data<&AppState>, slug: Path<String>) -> PageResult<Response> {
    let festival = public_figures(&state, &slug).await?;
    let body = state
        .cache
        .bytes_or_render(figures_key("json", &festival), async {
            let figures = open_figures(&state, &festival).await?;
            Ok::<_, super::PageError>(bytes::Bytes::from(open_data_json(&figures)))
        })
        .await?;
    Ok(download(body, &festival, "json"))
}

/// `figures` as open data in JSON, counts under 5 people withheld (as the API writes it with
/// `?withheld=true`).
pub fn open_data_json(figures: &Figures) -> String {
    serde_json::to_string_pretty(&*opened(figures)).unwrap_or_default()
}

/// `figures` with small counts withheld, as they are if they already were.
fn opened(figures: &Figures) -> Cow<'_, Figures> {
    if figures.withheld {
        Cow::Borrowed(figures)
    } else {
        Cow::Owned(withhold_small(figures.clone()))
    }
}
