//! `/sitemap.xml`: the public pages, for search engines: the home page, each public
//! festival's programme and timetable, and each of its activities.

use poem::{IntoResponse, Response, web::Data};
use serde::Serialize;

use super::PageResult;
use crate::{
    state::AppState,
    store::{self, Page, events::EventFilter, festivals::FestivalFilter},
};

/// More than any installation publishes; the sitemap protocol allows 50,000 addresses.
const MOST: u64 = 50_000;

#[derive(Serialize)]
struct Url {
    loc: String,
    lastmod: String,
}

#[poem::handler]
pub async fn sitemap(state: Data<&AppState>) -> PageResult<Response> {
    let db = state.db.conn();
    let base = state.config.public_base();
    let all = Page {
        limit: MOST,
        offset: 0,
    };
    let (festivals, _) = store::festivals::list(db, None, &FestivalFilter::default(), all).await?;
    let mut urls = vec![Url {
        loc: format!("{base}/"),
        lastmod: festivals
            .iter()
            .map(|f| f.updated_at)
            .max()
            .map(|at| at.date_naive().to_string())
            .unwrap_or_default(),
    }];
    for festival in &festivals {
        let lastmod = festival.updated_at.date_naive().to_string();
        for path in ["", "/timetable"] {
            urls.push(Url {
                loc: format!("{base}/festivals/{}{path}", festival.slug),
                lastmod: lastmod.clone(),
            });
        }
        let (events, _) =
            store::events::list(db, festival.id, &EventFilter::default(), all).await?;
        urls.extend(events.iter().take(MOST as usize).map(|e| Url {
            loc: state.config.event_url(&festival.slug, e.id),
            lastmod: e.updated_at.date_naive().to_string(),
        }));
    }
    let xml = state
        .pages
        .render_plain("sitemap.xml.j2", minijinja::context! { urls })?;
    Ok(xml
        .with_content_type("application/xml; charset=utf-8")
        .into_response())
}
