//! What a festival's figures are counted from ([`crate::domain::figures`]): its activities
//! with their venues, and its registrations summed by the database per activity, status and
//! check-in, per quarter of an hour for the days, and per text for the written needs. Reading
//! 50,000 registrations one by one took most of the time the figures took.

use std::collections::HashMap;

use chrono::{DateTime, TimeZone, Utc};
use entity::{event, festival, registration};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, IdenStatic, QueryFilter,
    QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::decode_list;
use crate::{
    domain::{
        figures::{
            ActivityCount, ActivityFacts, Counted, FestivalFacts, Figures, Moment, VenueFacts,
            compute,
        },
        kinds::{EventStatus, RegistrationStatus, VenueFeature},
    },
    error::AppResult,
};

/// The facts of `festival`'s figures.
pub async fn facts(
    db: &impl ConnectionTrait,
    festival: &festival::Model,
) -> AppResult<(FestivalFacts, Vec<ActivityFacts>, Counted)> {
    let events = super::events::of_festival(db, festival.id).await?;
    let venues: HashMap<Uuid, VenueFacts> =
        super::venues::by_ids(db, events.iter().filter_map(|e| e.venue_id))
            .await?
            .into_iter()
            .map(|(id, v)| {
                let features: Vec<VenueFeature> = decode_list(&v.accessibility);
                let facts = VenueFacts {
                    name: v.name,
                    city: v.city,
                    step_free: features.contains(&VenueFeature::StepFreeAccess),
                };
                (id, facts)
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
    let counted = counted(db, festival.id).await?;
    let festival = FestivalFacts {
        slug: festival.slug.clone(),
        title: festival.title.clone(),
        timezone: festival.timezone.0,
        published_at: festival.published_at,
        ends_on: festival.ends_on,
    };
    Ok((festival, activities, counted))
}

/// `festival`'s figures at `now`.
pub async fn of_festival(
    db: &impl ConnectionTrait,
    festival: &festival::Model,
    now: DateTime<Utc>,
) -> AppResult<Figures> {
    let (facts, activities, counted) = facts(db, festival).await?;
    Ok(compute(&facts, &activities, &counted, now))
}

/// The registrations of `festival_id`, summed as far as the database can.
async fn counted(db: &impl ConnectionTrait, festival_id: Uuid) -> AppResult<Counted> {
    let of_festival = || {
        registration::Entity::find()
            .select_only()
            .inner_join(event::Entity)
            .filter(event::Column::FestivalId.eq(festival_id))
    };
    let checked =
        Expr::col((registration::Entity, registration::Column::CheckedInAt)).is_not_null();
    type Sum = (Uuid, RegistrationStatus, bool, i64, Option<i64>);
    let sums = of_festival()
        .column(registration::Column::EventId)
        .column(registration::Column::Status)
        .column_as(checked.clone(), "checked")
        .column_as(registration::Column::Id.count(), "registrations")
        .column_as(registration::Column::Seats.sum(), "seats")
        .group_by(registration::Column::EventId)
        .group_by(registration::Column::Status)
        .group_by(checked)
        .into_tuple::<Sum>()
        .all(db);
    let made = by_quarter(db, of_festival(), registration::Column::CreatedAt);
    let cancelled = by_quarter(
        db,
        of_festival()
            .filter(registration::Column::Status.eq(RegistrationStatus::Cancelled))
            .filter(registration::Column::CancelledAt.is_not_null()),
        registration::Column::CancelledAt,
    );
    // Many people write the same words ("silla de ruedas"): each text comes once, counted.
    let needs = of_festival()
        .column(registration::Column::AccessNeeds)
        .column_as(registration::Column::Id.count(), "registrations")
        .filter(registration::Column::Status.ne(RegistrationStatus::Cancelled))
        .filter(registration::Column::AccessNeeds.is_not_null())
        .group_by(registration::Column::AccessNeeds)
        .into_tuple::<(String, i64)>()
        .all(db);
    // Each read scans the festival's registrations once (about 35 ms for 50,000 on SQLite):
    // on a pool they run side by side, each on its own connection.
    let (sums, made, cancelled, needs) = futures_util::try_join!(
        async { sums.await.map_err(crate::error::AppError::from) },
        made,
        cancelled,
        async { needs.await.map_err(crate::error::AppError::from) },
    )?;
    Ok(Counted {
        by_activity: sums
            .into_iter()
            .map(
                |(event_id, status, checked_in, registrations, seats)| ActivityCount {
                    event_id,
                    status,
                    checked_in,
                    registrations,
                    seats: seats.unwrap_or(0),
                },
            )
            .collect(),
        made,
        cancelled,
        needs,
    })
}

/// A quarter of an hour, in seconds.
const QUARTER: i64 = 900;

/// The registrations `query` selects, counted by the quarter of an hour of `column` (a time).
/// The quarter is computed by each database its own way: seconds since 1970 divided by 900.
async fn by_quarter(
    db: &impl ConnectionTrait,
    query: sea_orm::Select<registration::Entity>,
    column: registration::Column,
) -> AppResult<Vec<Moment>> {
    let name = format!("registrations.{}", column.as_str());
    let quarter = match db.get_database_backend() {
        DatabaseBackend::Sqlite => {
            format!("CAST(strftime('%s', {name}) AS INTEGER) / {QUARTER}")
        }
        _ => format!("CAST(FLOOR(EXTRACT(EPOCH FROM {name}) / {QUARTER}) AS BIGINT)"),
    };
    let rows: Vec<(i64, i64, Option<i64>)> = query
        .column_as(Expr::cust(quarter.clone()), "quarter")
        .column_as(registration::Column::Id.count(), "registrations")
        .column_as(registration::Column::Seats.sum(), "seats")
        .group_by(Expr::cust(quarter))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(quarter, registrations, seats)| {
            Some(Moment {
                at: Utc
                    .timestamp_opt(quarter.checked_mul(QUARTER)?, 0)
                    .single()?,
                registrations,
                seats: seats.unwrap_or(0),
            })
        })
        .collect())
}
