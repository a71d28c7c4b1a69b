//! Calendar feeds under `/feeds`: a festival, a venue, one event ("add to calendar"), a
//! person's own events, and a whole city. Calendar apps poll them every hour, so each answer
//! carries an `ETag` and a `Last-Modified` worked out before anything is rendered, and a poll
//! that changed nothing gets a bodiless 304. `HEAD` is answered by poem from the `GET` route.

use std::sync::Arc;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use poem::{
    Request, Response, Route, get, handler,
    http::{HeaderMap, StatusCode, header},
    web::{Data, Path, Query},
};
use quick_cache::{Weighter, sync::Cache};
use serde::Deserialize;
use uuid::Uuid;

use crate::{
    app::AppState,
    config::Config,
    domain::{
        calendar::{CalendarEvent, CalendarHead, Method, calendar, uid},
        icalendar::write,
        kinds::{EventKind, EventStatus, FestivalStatus},
        text::{normalise_tags, trimmed},
        token,
    },
    error::{AppError, AppResult},
    store::{
        self,
        events::EventFilter,
        feeds::{FeedEvent, Scope},
    },
};

pub fn routes() -> Route {
    Route::new()
        .at("/festivals/:file", get(festival_feed))
        .at("/venues/:file", get(venue_feed))
        .at("/events/:file", get(event_feed))
        .at("/people/:file", get(person_feed))
        .at("/all.ics", get(city_feed))
}

/// Rendered feeds, kept by process under keys that change with what they were rendered from.
pub struct FeedCache(Cache<String, Arc<Rendered>, ByLength>);

#[derive(Clone)]
pub struct ByLength;

impl Weighter<String, Arc<Rendered>> for ByLength {
    fn weight(&self, key: &String, value: &Arc<Rendered>) -> u64 {
        (key.len() + value.body.len()) as u64
    }
}

impl Default for FeedCache {
    fn default() -> Self {
        Self(Cache::with_weighter(1024, 64 * 1024 * 1024, ByLength))
    }
}

pub struct Rendered {
    body: Bytes,
    last_modified: DateTime<Utc>,
}

/// The filters a feed takes (the festival, venue and city feeds; `city` and `country` only on
/// the city feed).
#[derive(Debug, Default, Deserialize)]
struct FeedQuery {
    kind: Option<String>,
    audience: Option<String>,
    theme: Option<String>,
    language: Option<String>,
    accessible: Option<String>,
    city: Option<String>,
    country: Option<String>,
}

impl FeedQuery {
    fn filter(&self) -> AppResult<EventFilter> {
        let tag = |t: &Option<String>| t.clone().and_then(|t| normalise_tags(&[t]).pop());
        Ok(EventFilter {
            kind: match self.kind.as_deref() {
                None | Some("") => None,
                Some(text) => Some(EventKind::parse(text).ok_or_else(|| {
                    AppError::invalid("kind", "is not a kind of event (see the API's EventKind)")
                })?),
            },
            audience: tag(&self.audience),
            theme: tag(&self.theme),
            language: trimmed(self.language.as_deref()),
            accessible: match self.accessible.as_deref() {
                None | Some("false") => false,
                Some("true") => true,
                Some(_) => return Err(AppError::invalid("accessible", "must be true or false")),
            },
            ..EventFilter::default()
        })
    }

    /// The filters as part of a cache key, in a fixed order whatever the request's order.
    fn key(&self) -> String {
        format!(
            "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
            self.kind,
            self.audience,
            self.theme,
            self.language,
            self.accessible,
            self.city.as_deref().map(str::to_lowercase),
            self.country.as_deref().map(str::to_uppercase)
        )
    }
}

/// `name.ics` → `name`; anything else is not a feed.
fn ics(file: &str) -> AppResult<&str> {
    file.strip_suffix(".ics")
        .filter(|name| !name.is_empty())
        .ok_or(AppError::NotFound("feed"))
}

#[handler]
async fn festival_feed(
    req: &Request,
    state: Data<&AppState>,
    Path(file): Path<String>,
    Query(query): Query<FeedQuery>,
) -> poem::Result<Response> {
    let slug = ics(&file)?;
    let stamp = store::feeds::festival_stamp(state.db.conn(), slug).await?;
    let Some((id, status, programme_version, updated_at)) = stamp else {
        return Err(AppError::NotFound("festival").into());
    };
    if FestivalStatus::parse(&status).is_none_or(|s| s == FestivalStatus::Draft) {
        return Err(AppError::NotFound("festival").into());
    }
    let filter = query.filter()?;
    // Every change to the festival's events raises its programme version (a database trigger),
    // and a venue's change touches its events; the day is there because cancelled events
    // leave the feed 30 days after their end, a change no row records.
    let now = Utc::now();
    let key = format!(
        "festival:{id}:{programme_version}:{}:{}:{}",
        updated_at.timestamp_micros(),
        now.date_naive(),
        query.key()
    );
    let etag = etag(&key);
    if let Some(rendered) = state.feeds.0.get(&key) {
        return Ok(answer(req, &etag, &rendered, Privacy::Public, None));
    }
    let festival = store::festivals::by_slug(state.db.conn(), slug).await?;
    let head = CalendarHead {
        name: festival.title.clone(),
        description: festival.description.clone(),
        timezone: Some(festival.timezone.clone()),
        method: Method::Publish,
    };
    let cond = store::feeds::condition(&Scope::Festival(id), &filter, now);
    let rendered = render(&state, &key, head, cond, Some(updated_at)).await?;
    Ok(answer(req, &etag, &rendered, Privacy::Public, None))
}

#[handler]
async fn venue_feed(
    req: &Request,
    state: Data<&AppState>,
    Path(file): Path<String>,
    Query(query): Query<FeedQuery>,
) -> poem::Result<Response> {
    let id = parse_id(ics(&file)?)?;
    let venue = store::venues::get(state.db.conn(), id).await?;
    let head = CalendarHead {
        name: venue.name.clone(),
        description: venue.description.clone(),
        timezone: None,
        method: Method::Publish,
    };
    let scope = Scope::Venue(id);
    serve_stamped(req, &state, &scope, &query, head, "venue", venue.updated_at).await
}

#[handler]
async fn city_feed(
    req: &Request,
    state: Data<&AppState>,
    Query(query): Query<FeedQuery>,
) -> poem::Result<Response> {
    let scope = Scope::City {
        city: trimmed(query.city.as_deref()),
        country: trimmed(query.country.as_deref()),
    };
    let place = [query.city.as_deref(), query.country.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let head = CalendarHead {
        name: if place.is_empty() {
            "Convoca".to_owned()
        } else {
            format!("Convoca: {place}")
        },
        description: None,
        timezone: None,
        method: Method::Publish,
    };
    serve_stamped(
        req,
        &state,
        &scope,
        &query,
        head,
        "city",
        DateTime::UNIX_EPOCH,
    )
    .await
}

#[handler]
async fn event_feed(
    req: &Request,
    state: Data<&AppState>,
    Path(file): Path<String>,
) -> poem::Result<Response> {
    let id = parse_id(ics(&file)?)?;
    let (event, festival) = store::events::with_festival(state.db.conn(), id).await?;
    if store::festivals::status_of(&festival) == FestivalStatus::Draft {
        return Err(AppError::NotFound("event").into());
    }
    let key = format!(
        "event:{id}:{}:{}",
        event.updated_at.timestamp_micros(),
        event.status
    );
    let etag = etag(&key);
    let filename = Some(format!("{id}.ics"));
    if let Some(rendered) = state.feeds.0.get(&key) {
        return Ok(answer(req, &etag, &rendered, Privacy::Public, filename));
    }
    let head = CalendarHead {
        name: event.title.clone(),
        description: None,
        timezone: Some(festival.timezone.clone()),
        method: Method::Publish,
    };
    // A download shows the event whatever its age, so no `shown` window here.
    let cond =
        sea_orm::Condition::all().add(sea_orm::ColumnTrait::eq(&entity::event::Column::Id, id));
    let rendered = render(&state, &key, head, cond, None).await?;
    Ok(answer(req, &etag, &rendered, Privacy::Public, filename))
}

#[handler]
async fn person_feed(
    req: &Request,
    state: Data<&AppState>,
    Path(file): Path<String>,
) -> poem::Result<Response> {
    let person = store::feeds::person_by_feed_token(state.db.conn(), ics(&file)?).await?;
    let (registrations, changed) = store::feeds::person_stamp(state.db.conn(), person.id).await?;
    let head = CalendarHead {
        name: "Convoca".to_owned(),
        description: None,
        timezone: None,
        method: Method::Publish,
    };
    let scope = Scope::Person(person.id);
    let cond = store::feeds::condition(&scope, &EventFilter::default(), Utc::now());
    let (count, newest) = store::feeds::stamp(state.db.conn(), cond.clone()).await?;
    let key = format!(
        "person:{}:{count}:{}:{registrations}:{}",
        person.id,
        micros(newest),
        micros(changed)
    );
    let etag = etag(&key);
    let since = newest.max(changed).unwrap_or(person.created_at);
    if let Some(response) = not_modified(req, &etag, since, Privacy::Private) {
        return Ok(response);
    }
    let rendered = match state.feeds.0.get(&key) {
        Some(rendered) => rendered,
        None => render(&state, &key, head, cond, changed).await?,
    };
    Ok(answer(req, &etag, &rendered, Privacy::Private, None))
}

/// A feed whose stamp is read from the database (how many events, the newest change) before
/// anything is rendered.
async fn serve_stamped(
    req: &Request,
    state: &AppState,
    scope: &Scope,
    query: &FeedQuery,
    head: CalendarHead,
    name: &str,
    own_change: DateTime<Utc>,
) -> poem::Result<Response> {
    let filter = query.filter()?;
    let cond = store::feeds::condition(scope, &filter, Utc::now());
    let (count, newest) = store::feeds::stamp(state.db.conn(), cond.clone()).await?;
    let key = format!(
        "{name}:{scope:?}:{}:{count}:{}:{}",
        own_change.timestamp_micros(),
        micros(newest),
        query.key()
    );
    let etag = etag(&key);
    let since = newest.map_or(own_change, |n| n.max(own_change));
    if let Some(response) = not_modified(req, &etag, since, Privacy::Public) {
        return Ok(response);
    }
    let rendered = match state.feeds.0.get(&key) {
        Some(rendered) => rendered,
        None => render(state, &key, head, cond, Some(own_change)).await?,
    };
    Ok(answer(req, &etag, &rendered, Privacy::Public, None))
}

fn micros(at: Option<DateTime<Utc>>) -> i64 {
    at.map_or(0, |t| t.timestamp_micros())
}

fn parse_id(text: &str) -> AppResult<Uuid> {
    Uuid::parse_str(text).map_err(|_| AppError::NotFound("feed"))
}

/// Reads the events, renders the calendar and keeps it under `key`.
async fn render(
    state: &AppState,
    key: &str,
    head: CalendarHead,
    cond: sea_orm::Condition,
    also_changed: Option<DateTime<Utc>>,
) -> AppResult<Arc<Rendered>> {
    let events = store::feeds::events(state.db.conn(), cond).await?;
    let last_modified = events
        .iter()
        .map(|e| e.event.updated_at)
        .chain(also_changed)
        .max()
        .unwrap_or(DateTime::UNIX_EPOCH);
    let entries: Vec<CalendarEvent> = events
        .iter()
        .map(|e| calendar_event(&state.config, e))
        .collect();
    let rendered = Arc::new(Rendered {
        body: Bytes::from(write(&calendar(&head, &entries, None))),
        last_modified,
    });
    state.feeds.0.insert(key.to_owned(), rendered.clone());
    Ok(rendered)
}

/// An event as its calendar entry, the same in every feed (and in email attachments).
pub fn calendar_event(config: &Config, e: &FeedEvent) -> CalendarEvent {
    let event = &e.event;
    let url = format!("{}/api/v1/events/{}", config.public_base(), event.id);
    let location = match (&e.venue, &event.online_url) {
        (Some(v), _) => Some(format!("{}, {}, {}", v.name, v.address, v.city)),
        (None, Some(online)) => Some(online.clone()),
        (None, None) => None,
    };
    let mut description = event.description.clone().unwrap_or_default();
    if let Some(host) = &event.host {
        description.push_str(&format!("\n\n{host}"));
    }
    if let (Some(_), Some(online)) = (&e.venue, &event.online_url) {
        description.push_str(&format!("\n\n{online}"));
    }
    description.push_str(&format!("\n\n{url}"));
    let mut categories = vec![event.kind.clone()];
    categories.extend(store::decode_list::<String>(&event.themes));
    CalendarEvent {
        uid: uid(event.id, config.public_url.host_str().unwrap_or("convoca")),
        title: event.title.clone(),
        description: Some(description.trim_start().to_owned()),
        starts_at: event.starts_at,
        ends_at: event.ends_at,
        location,
        geo: e
            .venue
            .as_ref()
            .and_then(|v| Some((v.latitude?, v.longitude?))),
        url,
        cancelled: event.status == EventStatus::Cancelled.as_str(),
        sequence: event.sequence,
        created_at: event.created_at,
        updated_at: event.updated_at,
        categories,
        organizer: e
            .organisation
            .as_ref()
            .map(|o| (o.name.clone(), o.email.clone())),
    }
}

#[derive(Clone, Copy)]
enum Privacy {
    /// Shared caches may keep it for five minutes.
    Public,
    /// A person's own feed: only their calendar app may keep it.
    Private,
}

/// A weak validator: the same data always gives the same key, but the bytes may differ by a
/// cancelled event that aged out within the day.
fn etag(key: &str) -> String {
    format!("W/\"{}\"", &token::hash(key)[..32])
}

fn http_date(at: DateTime<Utc>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

fn common_headers(
    mut response: poem::ResponseBuilder,
    etag: &str,
    last_modified: DateTime<Utc>,
    privacy: Privacy,
) -> poem::ResponseBuilder {
    response = response
        .header(header::ETAG, etag)
        .header(header::LAST_MODIFIED, http_date(last_modified))
        .header(
            header::CACHE_CONTROL,
            match privacy {
                Privacy::Public => "public, max-age=300",
                Privacy::Private => "private, max-age=300",
            },
        );
    response
}

/// 304 when the client already holds this version: `If-None-Match` decides when present
/// (RFC 9110 §13.2.2), otherwise `If-Modified-Since`.
fn not_modified(
    req: &Request,
    etag: &str,
    last_modified: DateTime<Utc>,
    privacy: Privacy,
) -> Option<Response> {
    if !is_fresh(req.headers(), etag, last_modified) {
        return None;
    }
    Some(
        common_headers(
            Response::builder().status(StatusCode::NOT_MODIFIED),
            etag,
            last_modified,
            privacy,
        )
        .finish(),
    )
}

fn is_fresh(headers: &HeaderMap, etag: &str, last_modified: DateTime<Utc>) -> bool {
    if let Some(tags) = headers.get(header::IF_NONE_MATCH) {
        let opaque = |t: &str| t.trim().trim_start_matches("W/").to_owned();
        let ours = opaque(etag);
        return tags
            .to_str()
            .unwrap_or_default()
            .split(',')
            .any(|t| t.trim() == "*" || opaque(t) == ours);
    }
    headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| DateTime::parse_from_rfc2822(v).ok())
        .is_some_and(|since| last_modified.timestamp() <= since.timestamp())
}

fn answer(
    req: &Request,
    etag: &str,
    rendered: &Rendered,
    privacy: Privacy,
    download: Option<String>,
) -> Response {
    if let Some(response) = not_modified(req, etag, rendered.last_modified, privacy) {
        return response;
    }
    let mut response = common_headers(Response::builder(), etag, rendered.last_modified, privacy)
        .content_type("text/calendar; charset=utf-8");
    if let Some(filename) = download {
        response = response.header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        );
    }
    response.body(rendered.body.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(name.clone(), value.parse().expect("a header value"));
        }
        map
    }

    #[test]
    fn if_none_match_compares_weakly_and_takes_lists_and_star() {
        let at = Utc::now();
        let tag = etag("k");
        let opaque = tag.trim_start_matches("W/");
        assert!(is_fresh(
            &headers(&[(header::IF_NONE_MATCH, &tag)]),
            &tag,
            at
        ));
        assert!(is_fresh(
            &headers(&[(header::IF_NONE_MATCH, opaque)]),
            &tag,
            at
        ));
        let list = format!("\"other\", {tag}");
        assert!(is_fresh(
            &headers(&[(header::IF_NONE_MATCH, &list)]),
            &tag,
            at
        ));
        assert!(is_fresh(
            &headers(&[(header::IF_NONE_MATCH, "*")]),
            &tag,
            at
        ));
        assert!(!is_fresh(
            &headers(&[(header::IF_NONE_MATCH, "\"other\"")]),
            &tag,
            at
        ));
    }

    #[test]
    fn if_none_match_wins_over_if_modified_since() {
        let at = Utc::now();
        let tag = etag("k");
        let map = headers(&[
            (header::IF_NONE_MATCH, "\"other\""),
            (header::IF_MODIFIED_SINCE, &http_date(at)),
        ]);
        assert!(!is_fresh(&map, &tag, at));
    }

    #[test]
    fn if_modified_since_is_read_at_second_precision() {
        let at = Utc::now();
        let tag = etag("k");
        let same = headers(&[(header::IF_MODIFIED_SINCE, &http_date(at))]);
        assert!(is_fresh(&same, &tag, at));
        let before = headers(&[(
            header::IF_MODIFIED_SINCE,
            &http_date(at - chrono::Duration::seconds(1)),
        )]);
        assert!(!is_fresh(&before, &tag, at));
        let garbage = headers(&[(header::IF_MODIFIED_SINCE, "yesterday")]);
        assert!(!is_fresh(&garbage, &tag, at));
    }
}
