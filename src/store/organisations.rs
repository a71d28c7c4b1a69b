//! Organisations: the bodies that run festivals.

use entity::organisation;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use super::{Page, conflict_on_duplicate, now};
use crate::{domain::slug::Slug, error::AppError, error::AppResult};

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
        id: Set(Uuid::new_v4()),
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
