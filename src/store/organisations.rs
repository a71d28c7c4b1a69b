//! Organisations: the bodies that run festivals.

use entity::{event, festival, organisation};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
    sea_query::{Expr, Query},
};
use uuid::Uuid;

use super::{Page, conflict_on_duplicate, now};
use crate::{
    domain::{kinds::FestivalStatus, slug::Slug},
    error::AppError,
    error::AppResult,
};

pub struct NewOrganisation {
    pub slug: Slug,
    pub name: String,
    pub email: Option<String>,
    pub website: Option<String>,
}

pub async fn create(
    db: &impl ConnectionTrait,
    new: NewOrganisation,
) -> AppResult<organisation::Model> {
    let at = now();
    let slug = new.slug.into_string();
    organisation::ActiveModel {
        id: Set(super::new_id()),
        slug: Set(slug.clone()),
        name: Set(new.name),
        email: Set(new.email),
        website: Set(new.website),
        created_at: Set(at),
        updated_at: Set(at),
    }
    .insert(db)
    .await
    .map_err(|e| {
        conflict_on_duplicate(e, || {
            format!("an organisation with slug `{slug}` already exists")
        })
    })
}

pub async fn list(
    db: &impl ConnectionTrait,
    page: Page,
) -> AppResult<(Vec<organisation::Model>, u64)> {
    let query = organisation::Entity::find().order_by_asc(organisation::Column::Slug);
    let total = super::count(db, query.clone()).await?;
    let items = query.limit(page.limit).offset(page.offset).all(db).await?;
    Ok((items, total))
}

pub async fn by_slug(db: &impl ConnectionTrait, slug: &str) -> AppResult<organisation::Model> {
    organisation::Entity::find()
        .filter(organisation::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(AppError::NotFound("organisation"))
}

pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> AppResult<organisation::Model> {
    organisation::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("organisation"))
}

/// Locks the organisation's row until the transaction ends (PostgreSQL; on SQLite the write
/// transaction already excludes other writers) and returns it.
pub async fn lock(db: &impl ConnectionTrait, id: Uuid) -> AppResult<organisation::Model> {
    if super::needs_row_locks(db) {
        organisation::Entity::update_many()
            .col_expr(
                organisation::Column::Id,
                Expr::col(organisation::Column::Id),
            )
            .filter(organisation::Column::Id.eq(id))
            .exec(db)
            .await?;
    }
    get(db, id).await
}

/// Whether the organisation has a festival out in public.
pub async fn publishes(db: &impl ConnectionTrait, id: Uuid) -> AppResult<bool> {
    Ok(festival::Entity::find()
        .filter(festival::Column::OrganisationId.eq(id))
        .filter(festival::Column::Status.eq(FestivalStatus::Published.as_str()))
        .one(db)
        .await?
        .is_some())
}

/// Applies a change (the slug stays). Its name and address are every invitation's and feed
/// entry's `ORGANIZER`: when they change, its events are touched, which moves the versions of
/// every feed and page that shows them (triggers on events).
pub async fn update(
    db: &impl ConnectionTrait,
    current: organisation::Model,
    change: NewOrganisation,
) -> AppResult<organisation::Model> {
    let organizer_changed = current.name != change.name || current.email != change.email;
    let mut row: organisation::ActiveModel = current.into();
    row.name = Set(change.name);
    row.email = Set(change.email);
    row.website = Set(change.website);
    row.updated_at = Set(now());
    let updated = row.update(db).await?;
    if organizer_changed {
        let festivals = Query::select()
            .column(festival::Column::Id)
            .from(festival::Entity)
            .and_where(festival::Column::OrganisationId.eq(updated.id))
            .to_owned();
        event::Entity::update_many()
            .col_expr(event::Column::UpdatedAt, Expr::value(updated.updated_at))
            .filter(event::Column::FestivalId.in_subquery(festivals))
            .exec(db)
            .await?;
    }
    Ok(updated)
}
