//! Venues, and the checks that keep the events in them consistent.

use entity::{event, venue};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
    sea_query::{Expr, ExprTrait, Func},
};
use uuid::Uuid;

use super::{Page, encode_list, now};
use crate::{
    domain::{
        kinds::EventStatus,
        venue::{EventsAffected, VenueSpec, events_affected},
    },
    error::{AppError, AppResult},
};

pub async fn create(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    spec: &VenueSpec,
) -> AppResult<venue::Model> {
    let at = now();
    let mut row = venue::ActiveModel {
        id: Set(super::new_id()),
        organisation_id: Set(organisation_id),
        created_at: Set(at),
        ..Default::default()
    };
    fill(&mut row, spec);
    Ok(row.insert(db).await?)
}

pub async fn list(
    db: &impl ConnectionTrait,
    city: Option<&str>,
    page: Page,
) -> AppResult<(Vec<venue::Model>, u64)> {
    let mut query = venue::Entity::find()
        .order_by_asc(venue::Column::Name)
        .order_by_asc(venue::Column::Id);
    if let Some(city) = city {
        // Case-insensitive, so `quito` finds `Quito`.
        query = query.filter(
            Expr::expr(Func::lower(Expr::col(venue::Column::City))).eq(city.trim().to_lowercase()),
        );
    }
    let total = super::count(db, query.clone()).await?;
    let items = query.limit(page.limit).offset(page.offset).all(db).await?;
    Ok((items, total))
}

/// The venues of `ids` (those of a page's events), by id.
pub async fn by_ids(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> AppResult<std::collections::HashMap<Uuid, venue::Model>> {
    let mut ids: Vec<Uuid> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(venue::Entity::find()
        .filter(venue::Column::Id.is_in(super::padded(ids)))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect())
}

/// The venues of `organisation_id`, by name (the console's list and an activity's choice).
pub async fn of_organisation(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
) -> AppResult<Vec<venue::Model>> {
    Ok(venue::Entity::find()
        .filter(venue::Column::OrganisationId.eq(organisation_id))
        .order_by_asc(venue::Column::Name)
        .order_by_asc(venue::Column::Id)
        .all(db)
        .await?)
}

pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> AppResult<venue::Model> {
    venue::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("venue"))
}

/// Locks the venue's row until the transaction ends, so that two events cannot be booked into
/// it at once (PostgreSQL); on SQLite the write transaction already excludes other writers.
/// Returns the venue, or `None` if there is no such venue.
pub async fn lock(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<venue::Model>> {
    let touched = venue::Entity::update_many()
        .col_expr(venue::Column::Id, Expr::col(venue::Column::Id))
        .filter(venue::Column::Id.eq(id))
        .exec(db)
        .await?;
    if touched.rows_affected == 0 {
        return Ok(None);
    }
    Ok(venue::Entity::find_by_id(id).one(db).await?)
}

/// Applies `spec`, refusing a capacity that an event already booked here would not fit.
pub async fn update(
    db: &impl ConnectionTrait,
    current: venue::Model,
    spec: &VenueSpec,
) -> AppResult<venue::Model> {
    if spec.capacity.is_some() && spec.capacity != current.capacity {
        let events = event::Entity::find()
            .filter(event::Column::VenueId.eq(current.id))
            .filter(event::Column::Status.eq(EventStatus::Scheduled))
            .all(db)
            .await?;
        let largest = events
            .into_iter()
            .map(|e| (e.id, e.title, e.capacity.unwrap_or(i32::MAX)))
            .max_by_key(|(_, _, seats)| *seats);
        if let Some(message) = crate::domain::venue::capacity_conflict(spec.capacity, largest) {
            return Err(AppError::Conflict(message));
        }
    }
    let before = spec_of(&current);
    let mut row: venue::ActiveModel = current.into();
    fill(&mut row, spec);
    let updated = row.update(db).await?;
    // Its events show this venue in every calendar. Touching their `updated_at` moves their
    // festivals' feed and programme versions (triggers on events); a new place also raises
    // their sequence, so calendars holding them update the entry.
    let affected = events_affected(&before, spec);
    if affected != EventsAffected::No {
        let mut touch = event::Entity::update_many()
            .col_expr(event::Column::UpdatedAt, Expr::value(updated.updated_at))
            .filter(event::Column::VenueId.eq(updated.id));
        if affected == EventsAffected::Place {
            touch = touch
                .col_expr(
                    event::Column::Sequence,
                    Expr::col(event::Column::Sequence).add(1),
                )
                .filter(event::Column::Status.eq(EventStatus::Scheduled));
        }
        touch.exec(db).await?;
    }
    if affected == EventsAffected::Place {
        let change = crate::domain::notification::ChangeDetails {
            old_venue: Some(before.name.clone()),
            old_address: Some(format!("{}, {}", before.address, before.city)),
            ..Default::default()
        };
        super::outbox::notify_live(
            db,
            event::Column::VenueId
                .eq(updated.id)
                .and(event::Column::Status.eq(EventStatus::Scheduled)),
            crate::domain::kinds::NotificationKind::EventChanged,
            Some(change.to_json()),
        )
        .await?;
    }
    Ok(updated)
}

fn spec_of(v: &venue::Model) -> VenueSpec {
    VenueSpec {
        name: v.name.clone(),
        address: v.address.clone(),
        city: v.city.clone(),
        country: v.country.clone(),
        latitude: v.latitude,
        longitude: v.longitude,
        capacity: v.capacity,
        accessibility: super::decode_list(&v.accessibility),
        description: v.description.clone(),
    }
}

/// Deletes a venue no event uses.
pub async fn delete(db: &impl ConnectionTrait, id: Uuid) -> AppResult<()> {
    let in_use = event::Entity::find()
        .filter(event::Column::VenueId.eq(id))
        .one(db)
        .await?;
    if let Some(event) = in_use {
        return Err(AppError::Conflict(format!(
            "the venue is used by the event \u{201c}{}\u{201d} ({}); move or delete its events first",
            event.title, event.id
        )));
    }
    venue::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

fn fill(row: &mut venue::ActiveModel, spec: &VenueSpec) {
    row.name = Set(spec.name.clone());
    row.address = Set(spec.address.clone());
    row.city = Set(spec.city.clone());
    row.country = Set(spec.country.clone());
    row.latitude = Set(spec.latitude);
    row.longitude = Set(spec.longitude);
    row.capacity = Set(spec.capacity);
    row.accessibility = Set(encode_list(&spec.accessibility));
    row.description = Set(spec.description.clone());
    row.updated_at = Set(now());
}
