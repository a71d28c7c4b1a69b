//! An event's registrations as its organisers and its door team see them: the list with its
//! filters, the waiting list's order, one registration, and checking it in. Taking and giving
//! up seats is in [`super::registrations`].

use entity::registration;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
    sea_query::{Expr, ExprTrait, Func},
};
use uuid::Uuid;

use super::now;
use crate::{
    domain::registration::Status,
    error::{AppError, AppResult},
};

/// The filters of an event's registration list.
#[derive(Debug, Default, Clone)]
pub struct RegistrationFilter {
    pub status: Option<Status>,
    /// Words to find in the name or email.
    pub q: Option<String>,
}

/// An event's registrations in order of arrival, one page of them, and how many match.
pub async fn list(
    db: &impl ConnectionTrait,
    event_id: Uuid,
    filter: &RegistrationFilter,
    page: super::Page,
) -> AppResult<(Vec<registration::Model>, u64)> {
    let mut query = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event_id))
        .order_by_asc(registration::Column::CreatedAt)
        .order_by_asc(registration::Column::Id);
    if let Some(status) = filter.status {
        query = query.filter(registration::Column::Status.eq(status));
    }
    if let Some(q) = &filter.q {
        for word in q.split_whitespace() {
            let pattern = super::like_contains(&word.to_lowercase());
            query = query.filter(
                Condition::any()
                    .add(
                        Expr::expr(sea_orm::sea_query::Func::lower(Expr::col(
                            registration::Column::Name,
                        )))
                        .like(sea_orm::sea_query::LikeExpr::new(pattern.clone()).escape('\\')),
                    )
                    .add(
                        registration::Column::Email
                            .like(sea_orm::sea_query::LikeExpr::new(pattern).escape('\\')),
                    ),
            );
        }
    }
    let total = super::count(db, query.clone()).await?;
    let items = query.limit(page.limit).offset(page.offset).all(db).await?;
    Ok((items, total))
}

/// The waiting list of an event as ids in order, to number a page of it without a query per
/// row.
pub async fn waitlist_order(db: &impl ConnectionTrait, event_id: Uuid) -> AppResult<Vec<Uuid>> {
    Ok(registration::Entity::find()
        .select_only()
        .column(registration::Column::Id)
        .filter(registration::Column::EventId.eq(event_id))
        .filter(registration::Column::Status.eq(Status::Waitlisted))
        .order_by_asc(registration::Column::CreatedAt)
        .order_by_asc(registration::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}

pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> AppResult<registration::Model> {
    registration::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("registration"))
}

/// Marks a confirmed registration as arrived; checking in twice keeps the first time.
pub async fn check_in(
    db: &impl ConnectionTrait,
    current: registration::Model,
) -> AppResult<registration::Model> {
    if current.status != Status::Confirmed {
        return Err(AppError::conflict(
            "only a confirmed registration can be checked in",
        ));
    }
    if current.checked_in_at.is_some() {
        return Ok(current);
    }
    let at = now();
    let mut row: registration::ActiveModel = current.into();
    row.checked_in_at = Set(Some(at));
    row.updated_at = Set(at);
    Ok(row.update(db).await?)
}

/// Takes back a check-in made by mistake.
pub async fn undo_check_in(
    db: &impl ConnectionTrait,
    current: registration::Model,
) -> AppResult<registration::Model> {
    if current.checked_in_at.is_none() {
        return Ok(current);
    }
    let mut row: registration::ActiveModel = current.into();
    row.checked_in_at = Set(None);
    row.updated_at = Set(now());
    Ok(row.update(db).await?)
}

/// A registration as the door sees it: what to find it by and what to show.
#[derive(Debug, Clone)]
pub struct AtDoor {
    pub id: Uuid,
    pub name: String,
    pub seats: i32,
    pub access_needs: Option<String>,
    pub checked_in_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<registration::Model> for AtDoor {
    fn from(r: registration::Model) -> Self {
        Self {
            id: r.id,
            name: r.name,
            seats: r.seats,
            access_needs: r.access_needs,
            checked_in_at: r.checked_in_at,
        }
    }
}

/// The confirmed registrations of an event, by name, with only the columns the door needs:
/// its list, searched in memory (the search folds accents and matches short codes, which
/// neither database's `LIKE` does). Read as one JSON row: sqlx's SQLite driver hands every row
/// from its worker thread through a channel, and for a thousand rows that costs more than the
/// search itself (the load generator's door search: 508 requests/s before, 838 after).
pub async fn at_door(db: &impl ConnectionTrait, event_id: Uuid) -> AppResult<Vec<AtDoor>> {
    let aggregate = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            "json_agg(json_build_array(id, name, seats, access_needs, checked_in_at))::text"
        }
        // sqlx writes a UUID into SQLite as 16 bytes, which JSON cannot hold: as hex instead
        // (the simple form a UUID parses from).
        _ => {
            "json_group_array(json_array(\
             CASE typeof(id) WHEN 'blob' THEN lower(hex(id)) ELSE id END, \
             name, seats, access_needs, checked_in_at))"
        }
    };
    let query = sea_orm::sea_query::Query::select()
        .expr(Expr::cust(aggregate))
        .from(registration::Entity)
        .and_where(registration::Column::EventId.eq(event_id))
        .and_where(registration::Column::Status.eq(Status::Confirmed.as_str()))
        .to_owned();
    let text: Option<String> = match db.query_one(&query).await? {
        Some(row) => row.try_get_by_index(0)?,
        None => None,
    };
    type Row = (Uuid, String, i32, Option<String>, Option<String>);
    let rows: Vec<Row> = match text {
        Some(text) => serde_json::from_str(&text)
            .map_err(|e| sea_orm::DbErr::Custom(format!("the door list: {e}")))?,
        None => Vec::new(),
    };
    let mut list = rows
        .into_iter()
        .map(|(id, name, seats, access_needs, checked_in_at)| {
            let checked_in_at = match checked_in_at {
                None => None,
                Some(text) => Some(stored_instant(&text).ok_or_else(|| {
                    sea_orm::DbErr::Custom(format!("the door list: a check-in time {text:?}"))
                })?),
            };
            Ok(AtDoor {
                id,
                name,
                seats,
                access_needs,
                checked_in_at,
            })
        })
        .collect::<AppResult<Vec<AtDoor>>>()?;
    list.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    Ok(list)
}

/// A time as a JSON aggregate writes it: RFC 3339 from PostgreSQL, sqlx's text form
/// (`2027-03-09 15:00:00.123456+00:00`) from SQLite.
fn stored_instant(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text)
        .or_else(|_| chrono::DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f%:z"))
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// People checked in (seats, not registrations) at each of `events`.
pub async fn checked_in_seats(
    db: &impl ConnectionTrait,
    events: impl IntoIterator<Item = Uuid>,
) -> AppResult<std::collections::HashMap<Uuid, i64>> {
    let rows: Vec<(Uuid, Option<i64>)> = registration::Entity::find()
        .select_only()
        .column(registration::Column::EventId)
        .column_as(
            // PostgreSQL's SUM of integers is a bigint, SQLite's an integer: both read as i64.
            Expr::expr(Func::sum(Expr::col(registration::Column::Seats))),
            "seats",
        )
        .filter(registration::Column::EventId.is_in(super::padded(events)))
        .filter(registration::Column::Status.eq(Status::Confirmed))
        .filter(registration::Column::CheckedInAt.is_not_null())
        .group_by(registration::Column::EventId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, seats)| (id, seats.unwrap_or(0)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_in_times_read_in_both_databases_forms() {
        let pg = stored_instant("2027-03-09T15:00:00.123456+00:00").expect("RFC 3339");
        let sqlite = stored_instant("2027-03-09 15:00:00.123456+00:00").expect("sqlx's text");
        assert_eq!(pg, sqlite);
        assert!(stored_instant("mañana").is_none());
    }
}
