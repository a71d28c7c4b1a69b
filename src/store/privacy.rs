//! Privacy and retention: erasing a person's registrations on request, and anonymising those
//! of festivals whose retention period is over. Names, emails and access needs go; seats and
//! statuses stay so that counts remain right; manage and calendar tokens stop working.

use chrono::NaiveDate;
use entity::{event, festival, person, registration};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
    sea_query::{Expr, ExprTrait, Query},
};
use uuid::Uuid;

use super::{now, outbox};
use crate::{domain::token, error::AppResult};

/// Anonymises the registrations of `email` (on the events `scope` selects, or everywhere):
/// name, email and access needs are replaced, manage tokens stop working, seats and
/// statuses stay so counts remain right. When the erasure is everywhere, the person's feed
/// token is replaced too. Returns how many registrations were erased.
pub async fn erase(
    db: &impl ConnectionTrait,
    email: &str,
    scope: Option<sea_orm::sea_query::SimpleExpr>,
) -> AppResult<u64> {
    let mut query = registration::Entity::find().filter(registration::Column::Email.eq(email));
    if let Some(events) = scope.clone() {
        let chosen = Query::select()
            .column(event::Column::Id)
            .from(event::Entity)
            .and_where(events)
            .to_owned();
        query = query.filter(registration::Column::EventId.in_subquery(chosen));
    }
    let rows = query.all(db).await?;
    let chosen = || registration::Column::Id.is_in(super::padded(rows.iter().map(|r| r.id)));
    outbox::forget_pending(db, chosen()).await?;
    super::idempotency::forget(db, chosen()).await?;
    let at = now();
    for r in &rows {
        let (_, unusable) = token::generate_with_prefix("erased_");
        let mut row: registration::ActiveModel = r.clone().into();
        row.name = Set("(erased)".to_owned());
        row.email = Set(format!("erased-{}@invalid", r.id));
        row.access_needs = Set(None);
        row.manage_token_hash = Set(unusable);
        row.updated_at = Set(at);
        row.update(db).await?;
    }
    if scope.is_none() {
        let (_, unusable) = token::generate_with_prefix("erased_");
        person::Entity::update_many()
            .col_expr(
                person::Column::Email,
                Expr::value(format!("erased-{}@invalid", Uuid::new_v4())),
            )
            .col_expr(
                person::Column::FeedTokenHash,
                Expr::value(format!("erased_{unusable}")),
            )
            .filter(person::Column::Email.eq(email))
            .exec(db)
            .await?;
    }
    Ok(rows.len() as u64)
}

/// Anonymises every registration of festivals that ended before `cutoff` (the retention
/// period is over), and the people left with nothing but anonymised registrations. Returns
/// how many registrations were anonymised. Already anonymised rows (their email ends in
/// `@invalid`) are left alone, so running it again changes nothing.
pub async fn anonymise_ended(db: &impl ConnectionTrait, cutoff: NaiveDate) -> AppResult<u64> {
    let ended_festivals = Query::select()
        .column(festival::Column::Id)
        .from(festival::Entity)
        .and_where(festival::Column::EndsOn.lt(cutoff))
        .to_owned();
    let ended_events = Query::select()
        .column(event::Column::Id)
        .from(event::Entity)
        .and_where(event::Column::FestivalId.in_subquery(ended_festivals))
        .to_owned();
    let chosen = registration::Column::EventId
        .in_subquery(ended_events)
        .and(registration::Column::Email.not_like("%@invalid"));
    outbox::forget_pending(db, chosen.clone()).await?;
    // Each row's token hash is unique, so the replacement emails stay unique per event; the
    // prefixed hash can never equal the hash of a token, so the manage link stops working.
    let erased = registration::Entity::update_many()
        .col_expr(registration::Column::Name, Expr::value("(erased)"))
        .col_expr(
            registration::Column::Email,
            Expr::cust("'erased-' || manage_token_hash || '@invalid'"),
        )
        .col_expr(
            registration::Column::AccessNeeds,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            registration::Column::ManageTokenHash,
            Expr::cust("'erased-' || manage_token_hash"),
        )
        .col_expr(registration::Column::UpdatedAt, Expr::value(now()))
        .filter(chosen)
        .exec(db)
        .await?
        .rows_affected;
    db.execute_unprepared(
        "UPDATE people SET email = 'erased-' || feed_token_hash || '@invalid', \
         feed_token_hash = 'erased_' || feed_token_hash \
         WHERE email NOT LIKE '%@invalid' AND NOT EXISTS (SELECT 1 FROM registrations r \
         WHERE r.person_id = people.id AND r.email NOT LIKE '%@invalid')",
    )
    .await?;
    Ok(erased)
}
