//! What the calendar feeds hold: the events a feed shows, with their venues and organisers,
//! and a cheap stamp of them (how many, and the newest change) to answer conditional requests
//! without rendering.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use entity::{event, festival, organisation, person, registration, venue};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Func, Query},
};
use uuid::Uuid;

use super::events::EventFilter;
use crate::{
    config::Config,
    domain::{
        calendar::{CANCELLED_KEPT_FOR, CalendarEvent, PAST_SHOWN_FOR, uid},
        kinds::{EventStatus, FestivalStatus},
        registration::Status,
    },
    error::{AppError, AppResult},
};

/// Whose events a feed shows.
#[derive(Debug, Clone)]
pub enum Scope {
    Festival(Uuid),
    Venue(Uuid),
    /// Every published festival, or those of one city or country.
    City {
        city: Option<String>,
        country: Option<String>,
    },
    /// The events one person is confirmed for.
    Person(Uuid),
}

/// An event as a feed shows it, with what its VEVENT needs from other tables.
#[derive(Debug, Clone)]
pub struct FeedEvent {
    pub event: event::Model,
    pub venue: Option<venue::Model>,
    pub organisation: Option<organisation::Model>,
    /// The festival's slug, for the link to the event's page.
    pub festival_slug: String,
}

/// An event as its calendar entry, the same in every feed (and in email attachments).
pub fn calendar_event(config: &Config, e: &FeedEvent) -> CalendarEvent {
    let event = &e.event;
    let url = config.event_url(&e.festival_slug, event.id);
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
    let mut categories = vec![event.kind.as_str().to_owned()];
    categories.extend(super::decode_list::<String>(&event.themes));
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
        cancelled: event.status == EventStatus::Cancelled,
        sequence: event.sequence,
        created_at: event.created_at,
        updated_at: event.updated_at,
        categories,
        organizer: e
            .organisation
            .as_ref()
            .map(|o| (o.name.clone(), o.email.clone())),
        attendee: None,
    }
}

/// The events of `scope` that match `filter` and are still shown at `now`: everything of a
/// festival that is not a draft, except cancelled events 30 days after their end.
pub fn condition(scope: &Scope, filter: &EventFilter, now: DateTime<Utc>) -> Condition {
    let mut festivals = Query::select()
        .column(festival::Column::Id)
        .from(festival::Entity)
        .and_where(festival::Column::Status.ne(FestivalStatus::Draft.as_str()))
        .to_owned();
    if let Scope::City { city, country } = scope {
        // Compared without case, so `?city=quito` finds Quito.
        if let Some(city) = city {
            festivals.and_where(
                Expr::expr(Func::lower(Expr::col(festival::Column::City))).eq(city.to_lowercase()),
            );
        }
        if let Some(country) = country {
            festivals.and_where(
                Expr::expr(Func::upper(Expr::col(festival::Column::Country)))
                    .eq(country.to_uppercase()),
            );
        }
    }
    let windowed = matches!(scope, Scope::City { .. } | Scope::Venue(_));
    let since = now - PAST_SHOWN_FOR;
    if windowed {
        // Festivals that ended before the window hold no event in it (events lie within their
        // festival's dates; a day more for the timezones): their events are not even read.
        festivals.and_where(
            festival::Column::EndsOn.gte((since - chrono::Duration::days(1)).date_naive()),
        );
    }
    let shown = Condition::any()
        .add(event::Column::Status.eq(EventStatus::Scheduled))
        .add(event::Column::EndsAt.gt(now - CANCELLED_KEPT_FOR));
    let mut cond = Condition::all()
        .add(event::Column::FestivalId.in_subquery(festivals))
        .add(shown)
        .add(filter.condition());
    if windowed {
        cond = cond.add(event::Column::EndsAt.gt(since));
    }
    cond = match scope {
        Scope::Festival(id) => cond.add(event::Column::FestivalId.eq(*id)),
        Scope::Venue(id) => cond.add(event::Column::VenueId.eq(*id)),
        Scope::City { .. } => cond,
        Scope::Person(id) => cond.add(of_person(*id)),
    };
    cond
}

/// One event as a download: shown whatever its age, unlike in feeds.
pub fn download(event_id: Uuid) -> Condition {
    Condition::all().add(event::Column::Id.eq(event_id))
}

/// A person's events: those they are confirmed for, and cancelled events they were registered
/// for (their registration was cancelled with the event), so their calendar drops them.
fn of_person(person_id: Uuid) -> Condition {
    let registered = |status: Status| {
        Query::select()
            .column(registration::Column::EventId)
            .from(registration::Entity)
            .and_where(registration::Column::PersonId.eq(person_id))
            .and_where(registration::Column::Status.eq(status.as_str()))
            .to_owned()
    };
    Condition::any()
        .add(event::Column::Id.in_subquery(registered(Status::Confirmed)))
        .add(
            Condition::all()
                .add(event::Column::Status.eq(EventStatus::Cancelled))
                .add(event::Column::Id.in_subquery(registered(Status::Cancelled))),
        )
}

/// How many events match, and when the newest of them last changed: two numbers that change
/// whenever what a feed would show changes (a venue's change touches its events, see
/// [`super::venues::update`]).
pub async fn stamp(
    db: &impl ConnectionTrait,
    cond: Condition,
) -> AppResult<(i64, Option<DateTime<Utc>>)> {
    count_and_newest(
        db,
        event::Entity::find().filter(cond),
        event::Column::Id,
        event::Column::UpdatedAt,
    )
    .await
}

/// When the person's registrations last changed (a cancellation removes an event from their
/// feed without changing the event).
pub async fn person_stamp(
    db: &impl ConnectionTrait,
    person_id: Uuid,
) -> AppResult<(i64, Option<DateTime<Utc>>)> {
    count_and_newest(
        db,
        registration::Entity::find().filter(registration::Column::PersonId.eq(person_id)),
        registration::Column::Id,
        registration::Column::UpdatedAt,
    )
    .await
}

/// The language of a person's newest registration: the one their own feed is named in.
pub async fn person_language(
    db: &impl ConnectionTrait,
    person_id: Uuid,
) -> AppResult<Option<String>> {
    Ok(registration::Entity::find()
        .select_only()
        .column(registration::Column::Locale)
        .filter(registration::Column::PersonId.eq(person_id))
        .order_by_desc(registration::Column::CreatedAt)
        .into_tuple::<String>()
        .one(db)
        .await?)
}

/// How many rows `query` selects, and the newest `updated` among them, in one aggregate.
async fn count_and_newest<E: EntityTrait>(
    db: &impl ConnectionTrait,
    query: sea_orm::Select<E>,
    id: impl ColumnTrait,
    updated: impl ColumnTrait,
) -> AppResult<(i64, Option<DateTime<Utc>>)> {
    let row: Option<(i64, Option<DateTime<Utc>>)> = query
        .select_only()
        .column_as(Expr::expr(Func::count(Expr::col(id))), "n")
        .column_as(Expr::expr(Func::max(Expr::col(updated))), "newest")
        .into_tuple()
        .one(db)
        .await?;
    Ok(row.unwrap_or((0, None)))
}

/// The events matching `cond` in order of start, with their venues and organisers (three
/// queries in all, whatever the number of events).
pub async fn events(db: &impl ConnectionTrait, cond: Condition) -> AppResult<Vec<FeedEvent>> {
    let events = event::Entity::find()
        .filter(cond)
        .order_by_asc(event::Column::StartsAt)
        .order_by_asc(event::Column::Id)
        .all(db)
        .await?;
    let venue_ids: HashSet<Uuid> = events.iter().filter_map(|e| e.venue_id).collect();
    let festival_ids: HashSet<Uuid> = events.iter().map(|e| e.festival_id).collect();
    let venues: HashMap<Uuid, venue::Model> = venue::Entity::find()
        .filter(venue::Column::Id.is_in(super::padded(venue_ids)))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let festivals: HashMap<Uuid, (String, Option<organisation::Model>)> = festival::Entity::find()
        .filter(festival::Column::Id.is_in(super::padded(festival_ids)))
        .find_also_related(organisation::Entity)
        .all(db)
        .await?
        .into_iter()
        .map(|(f, o)| (f.id, (f.slug, o)))
        .collect();
    Ok(events
        .into_iter()
        .map(|event| {
            let (slug, organisation) = festivals
                .get(&event.festival_id)
                .cloned()
                .unwrap_or_default();
            FeedEvent {
                venue: event.venue_id.and_then(|id| venues.get(&id).cloned()),
                organisation,
                festival_slug: slug,
                event,
            }
        })
        .collect())
}

/// What a festival feed is keyed by, read without the festival's text.
#[derive(Debug, Clone, sea_orm::FromQueryResult)]
pub struct FestivalStamp {
    pub id: Uuid,
    pub status: FestivalStatus,
    pub feed_version: i64,
    pub feed_changed_us: i64,
    pub updated_at: DateTime<Utc>,
}

/// The stamp of the festival `slug`, if there is one.
pub async fn festival_stamp(
    db: &impl ConnectionTrait,
    slug: &str,
) -> AppResult<Option<FestivalStamp>> {
    Ok(festival::Entity::find()
        .select_only()
        .columns([
            festival::Column::Id,
            festival::Column::Status,
            festival::Column::FeedVersion,
            festival::Column::FeedChangedUs,
            festival::Column::UpdatedAt,
        ])
        .filter(festival::Column::Slug.eq(slug))
        .into_model::<FestivalStamp>()
        .one(db)
        .await?)
}

/// The newest change of any festival that is not a draft: publishing or cancelling one
/// changes which events the city and venue feeds hold without touching the events.
pub async fn festivals_changed(db: &impl ConnectionTrait) -> AppResult<Option<DateTime<Utc>>> {
    let newest: Option<Option<DateTime<Utc>>> = festival::Entity::find()
        .select_only()
        .column_as(
            Expr::expr(Func::max(Expr::col(festival::Column::UpdatedAt))),
            "newest",
        )
        .filter(festival::Column::Status.ne(FestivalStatus::Draft.as_str()))
        .into_tuple()
        .one(db)
        .await?;
    Ok(newest.flatten())
}

/// The person a feed token opens (only its hash is stored).
pub async fn person_by_feed_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> AppResult<person::Model> {
    person::Entity::find()
        .filter(person::Column::FeedTokenHash.eq(crate::domain::token::hash(token)))
        .one(db)
        .await?
        .ok_or(AppError::NotFound("feed"))
}
