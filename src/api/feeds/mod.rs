//! Calendar feeds under `/feeds`: a festival, a venue, one event ("add to calendar"), a
//! person's own events, and a whole city. Calendar apps poll them every hour, so each answer
//! carries an `ETag` and a `Last-Modified` worked out before anything is rendered, and a poll
//! that changed nothing gets a bodiless 304 ([`conditional`]). `HEAD` is answered by poem from
//! the `GET` route.
//!
//! They are plain poem handlers, mounted outside the OpenAPI service, because they are the
//! hottest path and their answers (304s, `.ics` file names, cached bytes) are theirs alone;
//! [`openapi`] describes them in the OpenAPI document all the same.

mod conditional;
mod memory;
mod openapi;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use poem::i18n::I18NArgs;
use poem::{
    Request, Response, Route, get, handler,
    web::{Data, Path, Query},
};
use serde::Deserialize;
use uuid::Uuid;

use self::conditional::{Privacy, Validators, answer, not_modified};
pub use self::{memory::FeedMemory, openapi::FeedsDescription};
use super::cache::CacheKey;
use crate::{
    domain::{
        calendar::{CalendarEvent, CalendarHead, Method, calendar},
        icalendar::to_text,
        kinds::{EventKind, FestivalStatus},
        text::{normalise_tags, trimmed},
    },
    error::{AppError, AppResult},
    state::AppState,
    store::{
        self,
        events::EventFilter,
        feeds::{Scope, calendar_event},
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

/// The filters a feed takes (the festival, venue and city feeds; `city` and `country` only on
/// the city feed). [`openapi`] lists them in the OpenAPI document: a new one goes there too.
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

    /// A calendar's name with the tags it is filtered by, as the organisers wrote them
    /// ("Quito Aprende — niñez"), so a subscriber holding several filtered feeds of one
    /// festival can tell them apart in their calendar app.
    fn named(&self, name: String) -> String {
        let tags: Vec<String> = [&self.audience, &self.theme]
            .into_iter()
            .filter_map(|t| t.as_deref().map(str::trim))
            .filter(|t| !t.is_empty())
            .map(str::to_lowercase)
            .collect();
        if tags.is_empty() {
            name
        } else {
            format!("{name} — {}", tags.join(", "))
        }
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
    let now = Utc::now();
    // Most polls end here: the version this instance last worked out, if nothing changed.
    let feed = format!("festival:{slug}:{}", query.key());
    let generation = state.db.changes().generation();
    if let Some(response) = from_memory(req, &state, &feed, generation, now) {
        return Ok(response);
    }
    let stamp = store::feeds::festival_stamp(state.db.conn(), slug).await?;
    let Some(stamp) = stamp.filter(|s| s.status != FestivalStatus::Draft) else {
        return Err(AppError::NotFound("festival").into());
    };
    let filter = query.filter()?;
    // The feed version moves with every change to the content of the festival's events
    // (database triggers; a venue's change touches its events), not with seat counts. The day
    // is there because cancelled events leave the feed 30 days after their end, which no row
    // records.
    let key = format!(
        "festival:{}:{}:{}:{}:{}",
        stamp.id,
        stamp.feed_version,
        stamp.updated_at.timestamp_micros(),
        now.date_naive(),
        query.key()
    );
    let changed = DateTime::from_timestamp_micros(stamp.feed_changed_us).unwrap_or_default();
    let validators = Validators::new(&key, stamp.updated_at.max(changed), true, Privacy::Public);
    state.feeds.remember(feed, &validators, generation, now);
    let resource = || format!("festival:{}:{}", stamp.id, query.key());
    respond(req, &state, resource, &key, &validators, None, async {
        let festival = store::festivals::by_slug(state.db.conn(), slug).await?;
        let head = CalendarHead {
            name: query.named(festival.title),
            description: festival.description,
            timezone: Some(festival.timezone.to_string()),
            method: Method::Publish,
        };
        let cond = store::feeds::condition(&Scope::Festival(stamp.id), &filter, now);
        Ok((head, cond))
    })
    .await
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
        description: venue.description,
        ..CalendarHead::named(query.named(venue.name))
    };
    let scope = Scope::Venue(id);
    serve_stamped(req, &state, &scope, &query, head, venue.updated_at).await
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
    let head = CalendarHead::named(query.named(if place.is_empty() {
        "Convoca".to_owned()
    } else {
        format!("Convoca: {place}")
    }));
    serve_stamped(req, &state, &scope, &query, head, DateTime::UNIX_EPOCH).await
}

#[handler]
async fn event_feed(
    req: &Request,
    state: Data<&AppState>,
    Path(file): Path<String>,
) -> poem::Result<Response> {
    let id = parse_id(ics(&file)?)?;
    let (event, festival) = store::events::with_festival(state.db.conn(), id).await?;
    if festival.status == FestivalStatus::Draft {
        return Err(AppError::NotFound("event").into());
    }
    // The festival's own change is in the key: its timezone is the calendar's.
    let key = format!(
        "event:{id}:{}:{}",
        event.updated_at.timestamp_micros(),
        festival.updated_at.timestamp_micros()
    );
    let last_modified = event.updated_at.max(festival.updated_at);
    let validators = Validators::new(&key, last_modified, true, Privacy::Public);
    let download = Some(format!("{id}.ics"));
    respond(
        req,
        &state,
        || format!("event:{id}"),
        &key,
        &validators,
        download,
        async {
            let head = CalendarHead {
                name: event.title,
                description: None,
                timezone: Some(festival.timezone.to_string()),
                method: Method::Publish,
            };
            Ok((head, store::feeds::download(id)))
        },
    )
    .await
}

#[handler]
async fn person_feed(
    req: &Request,
    state: Data<&AppState>,
    Path(file): Path<String>,
) -> poem::Result<Response> {
    let person = store::feeds::person_by_feed_token(state.db.conn(), ics(&file)?).await?;
    let (registrations, changed) = store::feeds::person_stamp(state.db.conn(), person.id).await?;
    let cond = store::feeds::condition(
        &Scope::Person(person.id),
        &EventFilter::default(),
        Utc::now(),
    );
    let (count, newest) = store::feeds::stamp(state.db.conn(), cond.clone()).await?;
    let key = format!(
        "person:{}:{count}:{}:{registrations}:{}",
        person.id,
        micros(newest),
        micros(changed)
    );
    let last_modified = newest.max(changed).unwrap_or(person.created_at);
    let validators = Validators::new(&key, last_modified, false, Privacy::Private);
    let resource = || format!("person:{}", person.id);
    respond(req, &state, resource, &key, &validators, None, async {
        // Named in the language of their newest registration (a new one changes the key).
        let code = store::feeds::person_language(state.db.conn(), person.id).await?;
        let language = state.pages.catalogue.get_or_fallback(code.as_deref());
        let name = language.text("feed-person-name", I18NArgs::default());
        Ok((CalendarHead::named(name), cond))
    })
    .await
}

/// A feed stamped by its events (how many, the newest change) and by the newest change of any
/// published festival (publishing one brings in events that changed long before), read before
/// anything is rendered.
async fn serve_stamped(
    req: &Request,
    state: &AppState,
    scope: &Scope,
    query: &FeedQuery,
    head: CalendarHead,
    own_change: DateTime<Utc>,
) -> poem::Result<Response> {
    let filter = query.filter()?;
    let now = Utc::now();
    let feed = format!("{scope:?}:{}", query.key());
    let generation = state.db.changes().generation();
    if let Some(response) = from_memory(req, state, &feed, generation, now) {
        return Ok(response);
    }
    let cond = store::feeds::condition(scope, &filter, now);
    let (count, newest) = store::feeds::stamp(state.db.conn(), cond.clone()).await?;
    let festivals = store::feeds::festivals_changed(state.db.conn()).await?;
    let key = format!(
        "{scope:?}:{}:{count}:{}:{}:{}",
        own_change.timestamp_micros(),
        micros(newest),
        micros(festivals),
        query.key()
    );
    let last_modified = newest
        .max(festivals)
        .map_or(own_change, |n| n.max(own_change));
    let validators = Validators::new(&key, last_modified, false, Privacy::Public);
    state
        .feeds
        .remember(feed.clone(), &validators, generation, now);
    let resource = || feed;
    respond(req, state, resource, &key, &validators, None, async {
        Ok((head, cond))
    })
    .await
}

/// The 304 for a poll of `feed` whose version this instance remembers (see [`memory`]), if
/// nothing changed since and the client holds that version: most polls end here, unread.
fn from_memory(
    req: &Request,
    state: &AppState,
    feed: &str,
    generation: Option<u64>,
    now: DateTime<Utc>,
) -> Option<Response> {
    not_modified(req, &state.feeds.recall(feed, generation, now)?)
}

fn micros(at: Option<DateTime<Utc>>) -> i64 {
    at.map_or(0, |t| t.timestamp_micros())
}

fn parse_id(text: &str) -> AppResult<Uuid> {
    Uuid::parse_str(text).map_err(|_| AppError::NotFound("feed"))
}

/// Answers a feed: 304 if the client holds this version, else the rendering of `resource` at
/// version `key`, made from what `source` says (the calendar's head and which events) on a
/// miss. `resource` is named only past the 304, the answer to most polls.
async fn respond(
    req: &Request,
    state: &AppState,
    resource: impl FnOnce() -> String,
    key: &str,
    validators: &Validators,
    download: Option<String>,
    source: impl Future<Output = AppResult<(CalendarHead, sea_orm::Condition)>>,
) -> poem::Result<Response> {
    if let Some(response) = not_modified(req, validators) {
        return Ok(response);
    }
    let body = state
        .cache
        .bytes_or_render(
            CacheKey {
                resource: format!("feed:{}", resource()),
                version: key.to_owned(),
            },
            async {
                let (head, cond) = source.await?;
                let events = store::feeds::events(state.db.conn(), cond).await?;
                let entries: Vec<CalendarEvent> = events
                    .iter()
                    .map(|e| calendar_event(&state.config, e))
                    .collect();
                AppResult::Ok(Bytes::from(to_text(&calendar(&head, &entries, None))))
            },
        )
        .await?;
    Ok(answer(validators, body, download))
}
