//! Organisation members: added by the CLI (the first owner) or an owner, looked up by address
//! at sign-in, with the festivals a door member is given.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{member, member_festival, organisation};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
    sea_query::{Expr, Query},
};
use uuid::Uuid;

use super::conflict_on_duplicate;
use crate::{
    domain::{email::Email, kinds::MemberRole, member::Member},
    error::{AppError, AppResult},
};

/// Adds `email` to `organisation_id` with `role`; a 409 when the address is already a member.
pub async fn add(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    email: &Email,
    role: MemberRole,
    locale: &str,
    now: DateTime<Utc>,
) -> AppResult<member::Model> {
    member::ActiveModel {
        id: Set(super::new_id()),
        organisation_id: Set(organisation_id),
        email: Set(email.as_str().to_owned()),
        role: Set(role),
        locale: Set(locale.to_owned()),
        weekly_report: Set(true),
        created_at: Set(now),
    }
    .insert(db)
    .await
    .map_err(|e| {
        conflict_on_duplicate(e, || {
            "this address is already a member of the organisation".to_owned()
        })
    })
}

/// Gives door member `member_id` the festival `festival_id` (again is no change).
pub async fn give_festival(
    db: &impl ConnectionTrait,
    member_id: Uuid,
    festival_id: Uuid,
) -> AppResult<()> {
    member_festival::Entity::insert(member_festival::ActiveModel {
        member_id: Set(member_id),
        festival_id: Set(festival_id),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::columns([
            member_festival::Column::MemberId,
            member_festival::Column::FestivalId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Every membership of `email`, with its organisation (one address may belong to several).
pub async fn of_email(
    db: &impl ConnectionTrait,
    email: &Email,
) -> AppResult<Vec<(member::Model, organisation::Model)>> {
    Ok(member::Entity::find()
        .filter(member::Column::Email.eq(email.as_str()))
        .find_also_related(organisation::Entity)
        .order_by_asc(member::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(m, o)| Some((m, o?)))
        .collect())
}

pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> AppResult<member::Model> {
    member::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("member"))
}

/// Member `id` as the console checks them: role and, for a door member, their festivals.
pub async fn signed_in(db: &impl ConnectionTrait, row: member::Model) -> AppResult<Member> {
    let door_festivals = if row.role == MemberRole::Door {
        member_festival::Entity::find()
            .select_only()
            .column(member_festival::Column::FestivalId)
            .filter(member_festival::Column::MemberId.eq(row.id))
            .into_tuple()
            .all(db)
            .await?
    } else {
        Vec::new()
    };
    Ok(Member {
        id: row.id,
        organisation_id: row.organisation_id,
        email: row.email,
        role: row.role,
        door_festivals,
    })
}

/// A member's own settings: the language of their emails, and the weekly report.
pub async fn set_settings(
    db: &impl ConnectionTrait,
    id: Uuid,
    locale: &str,
    weekly_report: bool,
) -> AppResult<()> {
    member::Entity::update_many()
        .col_expr(member::Column::Locale, Expr::value(locale))
        .col_expr(member::Column::WeeklyReport, Expr::value(weekly_report))
        .filter(member::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Removes member `id` (their sessions, links and festivals go with them, by cascade).
pub async fn remove(db: &impl ConnectionTrait, id: Uuid) -> AppResult<()> {
    member::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// The festivals of each door member of `organisation_id`, by member, in one read.
pub async fn door_festivals_of(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
) -> AppResult<HashMap<Uuid, Vec<Uuid>>> {
    let pairs: Vec<(Uuid, Uuid)> = member_festival::Entity::find()
        .select_only()
        .column(member_festival::Column::MemberId)
        .column(member_festival::Column::FestivalId)
        .filter(
            member_festival::Column::MemberId.in_subquery(
                Query::select()
                    .column(member::Column::Id)
                    .from(member::Entity)
                    .and_where(member::Column::OrganisationId.eq(organisation_id))
                    .to_owned(),
            ),
        )
        .into_tuple()
        .all(db)
        .await?;
    let mut by_member: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (member_id, festival_id) in pairs {
        by_member.entry(member_id).or_default().push(festival_id);
    }
    Ok(by_member)
}

/// The members of `organisation_id`, oldest first.
pub async fn of_organisation(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
) -> AppResult<Vec<member::Model>> {
    Ok(member::Entity::find()
        .filter(member::Column::OrganisationId.eq(organisation_id))
        .order_by_asc(member::Column::CreatedAt)
        .all(db)
        .await?)
}
