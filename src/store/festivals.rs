//! Festivals: creation, the public list with its filters, and the life cycle.

use chrono::NaiveDate;
use entity::{event, festival, timezone::Timezone};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
    sea_query::{Expr, ExprTrait, Func, Query},
};
use uuid::Uuid;

use super::{Page, conflict_on_duplicate, encode_list, now, search_condition};
use crate::{
    domain::{
        access::{Actor, authorize_change},
        festival::{FestivalSpec, FestivalWindow},
        kinds::{EventStatus, FestivalKind, FestivalStatus},
        text::search_key,
    },
    error::{AppError, AppResult},
};

/// The filters of `GET /festivals`.
#[derive(Debug, Default, Clone)]
pub struct FestivalFilter {
    pub kind: Option<FestivalKind>,
    pub city: Option<String>,
    pub country: Option<String>,
    /// Festivals still running on or after this day.
    pub from: Option<NaiveDate>,
    /// Festivals that have started by this day.
    pub to: Option<NaiveDate>,
    pub q: Option<String>,
}

pub async fn create(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    spec: &FestivalSpec,
) -> AppResult<festival::Model> {
    let at = now();
    let mut row = festival::ActiveModel {
        id: Set(super::new_id()),
        organisation_id: Set(organisation_id),
        slug: Set(spec.slug.clone()),
        status: Set(FestivalStatus::Draft),
        published_at: Set(None),
        figures_public: Set(false),
        created_at: Set(at),
        ..Default::default()
    };
    fill(&mut row, spec);
    row.insert(db).await.map_err(|e| {
        conflict_on_duplicate(e, || {
            format!("a festival with slug `{}` already exists", spec.slug)
        })
    })
}

pub async fn list(
    db: &impl ConnectionTrait,
    viewer: Option<&Actor>,
    filter: &FestivalFilter,
    page: Page,
) -> AppResult<(Vec<festival::Model>, u64)> {
    let public = festival::Column::Status.ne(FestivalStatus::Draft.as_str());
    let mut cond = Condition::all().add(match viewer {
        None => Condition::all().add(public),
        Some(Actor::Admin) => Condition::all(),
        Some(Actor::Organiser { organisation_id }) => Condition::any()
            .add(public)
            .add(festival::Column::OrganisationId.eq(*organisation_id)),
    });
    if let Some(kind) = filter.kind {
        cond = cond.add(festival::Column::Kind.eq(kind.as_str()));
    }
    if let Some(city) = &filter.city {
        cond = cond.add(
            Expr::expr(Func::lower(Expr::col(festival::Column::City)))
                .eq(city.trim().to_lowercase()),
        );
    }
    if let Some(country) = &filter.country {
        cond = cond.add(festival::Column::Country.eq(country.trim().to_ascii_uppercase()));
    }
    if let Some(from) = filter.from {
        cond = cond.add(festival::Column::EndsOn.gte(from));
    }
    if let Some(to) = filter.to {
        cond = cond.add(festival::Column::StartsOn.lte(to));
    }
    if let Some(q) = &filter.q {
        cond = cond.add(search_condition(festival::Column::SearchText, q));
    }
    let query = festival::Entity::find()
        .filter(cond)
        .order_by_asc(festival::Column::StartsOn)
        .order_by_asc(festival::Column::Slug);
    let total = super::count(db, query.clone()).await?;
    let items = query.limit(page.limit).offset(page.offset).all(db).await?;
    Ok((items, total))
}

/// Every festival of `organisation_id`, drafts included, soonest first (the console's list).
pub async fn of_organisation(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
) -> AppResult<Vec<festival::Model>> {
    Ok(festival::Entity::find()
        .filter(festival::Column::OrganisationId.eq(organisation_id))
        .order_by_asc(festival::Column::StartsOn)
        .order_by_asc(festival::Column::Slug)
        .all(db)
        .await?)
}

/// How many registrations of the festival's events hold seats or wait for them: the people a
/// cancellation of the festival tells.
pub async fn live_registrations(db: &impl ConnectionTrait, festival_id: Uuid) -> AppResult<u64> {
    use entity::registration;
    use sea_orm::PaginatorTrait;
    Ok(registration::Entity::find()
        .inner_join(event::Entity)
        .filter(event::Column::FestivalId.eq(festival_id))
        .filter(registration::Column::Status.is_in([
            crate::domain::registration::Status::Confirmed.as_str(),
            crate::domain::registration::Status::Waitlisted.as_str(),
        ]))
        .count(db)
        .await?)
}

/// The festival's dates in its timezone.
pub fn window_of(festival: &festival::Model) -> FestivalWindow {
    FestivalWindow {
        starts_on: festival.starts_on,
        ends_on: festival.ends_on,
        timezone: festival.timezone.0,
    }
}

/// Whether a festival is public (not a draft).
pub fn is_public(festival: &festival::Model) -> bool {
    festival.status != FestivalStatus::Draft
}

/// Checks that `actor` may change `what`, which belongs to `festival` (see
/// [`authorize_change`]: a draft of another organisation is a 404, not a 403).
pub fn authorize_change_in(
    actor: &Actor,
    festival: &festival::Model,
    what: &'static str,
) -> AppResult<()> {
    authorize_change(actor, festival.organisation_id, is_public(festival), what)
}

pub async fn by_slug(db: &impl ConnectionTrait, slug: &str) -> AppResult<festival::Model> {
    festival::Entity::find()
        .filter(festival::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(AppError::NotFound("festival"))
}

/// Locks the festival `slug` until the transaction ends and returns it. Every write to a
/// festival or its events takes this lock first, so on PostgreSQL concurrent changes to one
/// festival (publish against cancel, two edits of one event) run one after the other and
/// always in the same order (festival, then venue, then events). SQLite's write transaction
/// already excludes other writers.
pub async fn lock_by_slug(db: &impl ConnectionTrait, slug: &str) -> AppResult<festival::Model> {
    if !super::needs_row_locks(db) {
        return by_slug(db, slug).await;
    }
    festival::Entity::update_many()
        .col_expr(festival::Column::Id, Expr::col(festival::Column::Id))
        .filter(festival::Column::Slug.eq(slug))
        .exec(db)
        .await?;
    by_slug(db, slug).await
}

/// Locks every festival of an organisation, as [`lock_by_slug`] does.
pub async fn lock_of_organisation(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
) -> AppResult<()> {
    if !super::needs_row_locks(db) {
        return Ok(());
    }
    lock_in_order(db, festival::Column::OrganisationId.eq(organisation_id)).await
}

/// Locks the festivals `selected` names, in order of id, until the transaction ends. Two
/// transactions that lock overlapping sets (an organisation's edit, a venue's) then take
/// them in the same order, so neither can wait for the other forever; an `UPDATE` over the
/// set would take them in whatever order the plan reads them.
async fn lock_in_order(
    db: &impl ConnectionTrait,
    selected: impl sea_orm::sea_query::IntoCondition,
) -> AppResult<()> {
    festival::Entity::find()
        .select_only()
        .column(festival::Column::Id)
        .filter(selected)
        .order_by_asc(festival::Column::Id)
        .lock_exclusive()
        .into_tuple::<Uuid>()
        .all(db)
        .await?;
    Ok(())
}

/// Locks the festival of an event, as [`lock_by_slug`] does.
pub async fn lock_of_event(db: &impl ConnectionTrait, event_id: Uuid) -> AppResult<()> {
    if !super::needs_row_locks(db) {
        return Ok(());
    }
    let festival_id = Query::select()
        .column(event::Column::FestivalId)
        .from(event::Entity)
        .and_where(event::Column::Id.eq(event_id))
        .to_owned();
    festival::Entity::update_many()
        .col_expr(festival::Column::Id, Expr::col(festival::Column::Id))
        .filter(festival::Column::Id.in_subquery(festival_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Locks the festivals holding events in a venue, before the venue itself is locked: a change
/// of the venue touches those events, whose trigger writes their festivals, and every writer
/// must take festival locks before venue locks.
pub async fn lock_of_venue(db: &impl ConnectionTrait, venue_id: Uuid) -> AppResult<()> {
    if !super::needs_row_locks(db) {
        return Ok(());
    }
    let festival_ids = Query::select()
        .column(event::Column::FestivalId)
        .from(event::Entity)
        .and_where(event::Column::VenueId.eq(venue_id))
        .to_owned();
    lock_in_order(db, festival::Column::Id.in_subquery(festival_ids)).await
}

/// Selects the events of every festival of an organisation (for scoping a query of events).
pub fn events_of_organisation(organisation_id: Uuid) -> sea_orm::sea_query::SimpleExpr {
    let festivals = Query::select()
        .column(festival::Column::Id)
        .from(festival::Entity)
        .and_where(festival::Column::OrganisationId.eq(organisation_id))
        .to_owned();
    event::Column::FestivalId.in_subquery(festivals)
}

/// The festival an event belongs to, without reading the event itself.
pub async fn of_event(db: &impl ConnectionTrait, event_id: Uuid) -> AppResult<festival::Model> {
    let festival_id = Query::select()
        .column(event::Column::FestivalId)
        .from(event::Entity)
        .and_where(event::Column::Id.eq(event_id))
        .to_owned();
    festival::Entity::find()
        .filter(festival::Column::Id.in_subquery(festival_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound("event"))
}

pub async fn by_id(db: &impl ConnectionTrait, id: Uuid) -> AppResult<festival::Model> {
    festival::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("festival"))
}

/// Applies `spec` (the slug never changes: feeds and links are subscribed by it), refusing new
/// dates or a new timezone that would leave a scheduled event outside the festival.
pub async fn update(
    db: &impl ConnectionTrait,
    current: festival::Model,
    spec: &FestivalSpec,
) -> AppResult<festival::Model> {
    let (opens, closes) = FestivalWindow {
        starts_on: spec.starts_on,
        ends_on: spec.ends_on,
        timezone: spec.timezone,
    }
    .bounds();
    let outside = event::Entity::find()
        .filter(event::Column::FestivalId.eq(current.id))
        .filter(event::Column::Status.eq(EventStatus::Scheduled))
        .filter(
            Condition::any()
                .add(event::Column::StartsAt.lt(opens))
                .add(event::Column::EndsAt.gt(closes)),
        )
        .one(db)
        .await?;
    if let Some(event) = outside {
        return Err(AppError::Conflict(format!(
            "the event \u{201c}{}\u{201d} ({}) would fall outside the new dates; move it first",
            event.title, event.id
        )));
    }
    let mut row: festival::ActiveModel = current.into();
    fill(&mut row, spec);
    Ok(row.update(db).await?)
}

pub async fn set_status(
    db: &impl ConnectionTrait,
    current: festival::Model,
    status: FestivalStatus,
) -> AppResult<festival::Model> {
    if current.status == status {
        return Ok(current);
    }
    let at = now();
    let first_publication = status == FestivalStatus::Published && current.published_at.is_none();
    let mut row: festival::ActiveModel = current.into();
    row.status = Set(status);
    if first_publication {
        row.published_at = Set(Some(at));
    }
    row.updated_at = Set(at);
    Ok(row.update(db).await?)
}

/// Whether anyone may see the festival's figures once it has ended.
pub async fn set_figures_public(
    db: &impl ConnectionTrait,
    current: festival::Model,
    public: bool,
) -> AppResult<festival::Model> {
    if current.figures_public == public {
        return Ok(current);
    }
    let mut row: festival::ActiveModel = current.into();
    row.figures_public = Set(public);
    row.updated_at = Set(now());
    Ok(row.update(db).await?)
}

/// Cancels the festival and every event in it that is still scheduled, raising each event's
/// sequence so that calendars drop it.
pub async fn cancel(
    db: &impl ConnectionTrait,
    current: festival::Model,
) -> AppResult<festival::Model> {
    event::Entity::update_many()
        .col_expr(
            event::Column::Status,
            Expr::value(EventStatus::Cancelled.as_str()),
        )
        .col_expr(
            event::Column::Sequence,
            Expr::col(event::Column::Sequence).add(1),
        )
        .col_expr(event::Column::UpdatedAt, Expr::value(now()))
        .col_expr(event::Column::SeatsTaken, Expr::value(0))
        .col_expr(event::Column::WaitlistLength, Expr::value(0))
        .filter(event::Column::FestivalId.eq(current.id))
        .filter(event::Column::Status.eq(EventStatus::Scheduled))
        .exec(db)
        .await?;
    super::outbox::notify_live(
        db,
        event::Column::FestivalId.eq(current.id),
        crate::domain::kinds::NotificationKind::EventCancelled,
        None,
    )
    .await?;
    super::registrations::cancel_all(db, event::Column::FestivalId.eq(current.id)).await?;
    set_status(db, current, FestivalStatus::Cancelled).await
}

pub async fn delete(db: &impl ConnectionTrait, id: Uuid) -> AppResult<()> {
    event::Entity::delete_many()
        .filter(event::Column::FestivalId.eq(id))
        .exec(db)
        .await?;
    festival::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

fn fill(row: &mut festival::ActiveModel, spec: &FestivalSpec) {
    row.title = Set(spec.title.clone());
    row.kind = Set(spec.kind);
    row.city = Set(spec.city.clone());
    row.country = Set(spec.country.clone());
    row.timezone = Set(Timezone(spec.timezone));
    row.starts_on = Set(spec.starts_on);
    row.ends_on = Set(spec.ends_on);
    row.description = Set(spec.description.clone());
    row.website = Set(spec.website.clone());
    row.reminder_offsets_minutes = Set(encode_list(&spec.reminder_offsets_minutes));
    row.search_text = Set(search_key([
        spec.title.as_str(),
        spec.description.as_deref().unwrap_or_default(),
    ]));
    row.updated_at = Set(now());
}
