//! What a festival's figures are counted from ([`crate::domain::figures`]): its activities
//! with their venues, and one narrow row per registration. Three reads, no join per
//! registration: 50,000 registrations come back as plain tuples.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{event, festival, registration, venue};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::decode_list;
use crate::{
    domain::{
        figures::{ActivityFacts, FestivalFacts, Figures, RegistrationFacts, VenueFacts, compute},
        kinds::{EventStatus, RegistrationStatus, VenueFeature},
    },
    error::AppResult,
};

/// The facts of `festival`'s figures.
pub async fn facts(
    db: &impl ConnectionTrait,
    festival: &festival::Model,
) -> AppResult<(FestivalFacts, Vec<ActivityFacts>, Vec<RegistrationFacts>)> {
    let events = event::Entity::find()
        .filter(event::Column::FestivalId.eq(festival.id))
        .all(db)
        .await?;
    let venue_ids: Vec<Uuid> = events.iter().filter_map(|e| e.venue_id).collect();
    let venues: HashMap<Uuid, VenueFacts> = venue::Entity::find()
        .filter(venue::Column::Id.is_in(super::padded(venue_ids)))
        .all(db)
        .await?
        .into_iter()
        .map(|v| {
            let features: Vec<VenueFeature> = decode_list(&v.accessibility);
            let facts = VenueFacts {
                name: v.name,
                city: v.city,
                step_free: features.contains(&VenueFeature::StepFreeAccess),
            };
            (v.id, facts)
        })
        .collect();
    let activities = events
        .into_iter()
        .map(|e| ActivityFacts {
            id: e.id,
            title: e.title,
            kind: e.kind.as_str().to_owned(),
            starts_at: e.starts_at,
            cancelled: e.status == EventStatus::Cancelled,
            capacity: e.capacity.map(i64::from),
            venue: e.venue_id.and_then(|id| venues.get(&id).cloned()),
            audience: decode_list(&e.audience),
            themes: decode_list(&e.themes),
            language: e.language,
        })
        .collect();
    type Row = (
        Uuid,
        i32,
        RegistrationStatus,
        DateTime<Utc>,
        Option<DateTime<Utc>>,
        Option<DateTime<Utc>>,
        Option<String>,
    );
    let rows: Vec<Row> = registration::Entity::find()
        .select_only()
        .column(registration::Column::EventId)
        .column(registration::Column::Seats)
        .column(registration::Column::Status)
        .column(registration::Column::CreatedAt)
        .column(registration::Column::CancelledAt)
        .column(registration::Column::CheckedInAt)
        .column(registration::Column::AccessNeeds)
        .inner_join(event::Entity)
        .filter(event::Column::FestivalId.eq(festival.id))
        .into_tuple()
        .all(db)
        .await?;
    let registrations = rows
        .into_iter()
        .map(
            |(event_id, seats, status, created_at, cancelled_at, checked_in_at, access_needs)| {
                RegistrationFacts {
                    event_id,
                    seats: i64::from(seats),
                    status,
                    created_at,
                    cancelled_at,
                    checked_in: checked_in_at.is_some(),
                    access_needs,
                }
            },
        )
        .collect();
    let festival = FestivalFacts {
        slug: festival.slug.clone(),
        title: festival.title.clone(),
        timezone: festival.timezone.0,
        published_at: festival.published_at,
        ends_on: festival.ends_on,
    };
    Ok((festival, activities, registrations))
}

/// `festival`'s figures at `now`.
pub async fn of_festival(
    db: &impl ConnectionTrait,
    festival: &festival::Model,
    now: DateTime<Utc>,
) -> AppResult<Figures> {
    let (facts, activities, registrations) = facts(db, festival).await?;
    Ok(compute(&facts, &activities, &registrations, now))
}
