//! Events: booking into venues without clashes, the programme with its filters, changes that
//! raise the sequence, cancellation.

use chrono::{DateTime, Utc};
use entity::{event, festival, venue};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
    sea_query::{Expr, ExprTrait, LikeExpr, Order, Query},
};
use uuid::Uuid;

use super::{Page, encode_list, like_contains, now, search_condition, venues};
use crate::{
    domain::{
        event::{self as rules, EventSpec, Schedule},
        kinds::{EventKind, EventStatus, NotificationKind, VenueFeature},
        notification::ChangeDetails,
        text::search_key,
    },
    error::{AppError, AppResult},
};

/// The filters of a programme (`GET /festivals/{slug}/events`, and the feeds).
#[derive(Debug, Default, Clone)]
pub struct EventFilter {
    /// Events still running at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Events that have started before this instant.
    pub to: Option<DateTime<Utc>>,
    pub kind: Option<EventKind>,
    pub venue_id: Option<Uuid>,
    /// A normalised tag (see [`crate::domain::text::normalise_tags`]).
    pub audience: Option<String>,
    pub theme: Option<String>,
    /// A language tag; `es` also matches `es-EC`.
    pub language: Option<String>,
    /// Only events in venues with step-free access.
    pub accessible: bool,
    pub q: Option<String>,
    /// Only scheduled events with seats left.
    pub available: bool,
}

impl EventFilter {
    pub(crate) fn condition(&self) -> Condition {
        let mut cond = Condition::all();
        if let Some(from) = self.from {
            cond = cond.add(event::Column::EndsAt.gt(from));
        }
        if let Some(to) = self.to {
            cond = cond.add(event::Column::StartsAt.lt(to));
        }
        if let Some(kind) = self.kind {
            cond = cond.add(event::Column::Kind.eq(kind.as_str()));
        }
        if let Some(venue_id) = self.venue_id {
            cond = cond.add(event::Column::VenueId.eq(venue_id));
        }
        if let Some(tag) = &self.audience {
            cond = cond.add(list_contains(event::Column::Audience, tag));
        }
        if let Some(tag) = &self.theme {
            cond = cond.add(list_contains(event::Column::Themes, tag));
        }
        if let Some(language) = &self.language {
            cond = cond.add(
                Condition::any()
                    .add(event::Column::Language.eq(language.as_str()))
                    .add(
                        event::Column::Language.like(
                            LikeExpr::new(format!(
                                "{}-%",
                                like_contains(language).trim_matches('%')
                            ))
                            .escape('\\'),
                        ),
                    ),
            );
        }
        if self.accessible {
            let step_free = Query::select()
                .column(venue::Column::Id)
                .from(venue::Entity)
                .and_where(list_contains(
                    venue::Column::Accessibility,
                    VenueFeature::StepFreeAccess.as_str(),
                ))
                .to_owned();
            cond = cond.add(event::Column::VenueId.in_subquery(step_free));
        }
        if let Some(q) = &self.q {
            cond = cond.add(search_condition(event::Column::SearchText, q));
        }
        if self.available {
            cond = cond
                .add(event::Column::Status.eq(EventStatus::Scheduled))
                .add(Condition::any().add(event::Column::Capacity.is_null()).add(
                    Expr::col(event::Column::SeatsTaken).lt(Expr::col(event::Column::Capacity)),
                ));
        }
        cond
    }
}

/// True where the JSON-array column holds `item` exactly (quotes included in the pattern).
fn list_contains(column: impl ColumnTrait, item: &str) -> sea_orm::sea_query::SimpleExpr {
    let quoted = serde_json::to_string(item).unwrap_or_default();
    column.like(LikeExpr::new(like_contains(&quoted)).escape('\\'))
}

/// Books a new event into `festival`, checking that it lies within the festival's dates and
/// fits its venue's capacity and calendar.
pub async fn create(
    db: &impl ConnectionTrait,
    festival: &festival::Model,
    spec: &EventSpec,
) -> AppResult<event::Model> {
    super::festivals::window_of(festival).check_event(spec.starts_at, spec.ends_at)?;
    let capacity = book_venue(db, festival, None, spec).await?;
    let at = now();
    let mut row = event::ActiveModel {
        id: Set(super::new_id()),
        festival_id: Set(festival.id),
        status: Set(EventStatus::Scheduled),
        sequence: Set(0),
        seats_taken: Set(0),
        waitlist_length: Set(0),
        created_at: Set(at),
        ..Default::default()
    };
    fill(&mut row, spec, capacity);
    Ok(row.insert(db).await?)
}

/// Applies `spec` to a scheduled event. A change of time or place raises its sequence.
pub async fn update(
    db: &impl ConnectionTrait,
    festival: &festival::Model,
    current: event::Model,
    spec: &EventSpec,
) -> AppResult<event::Model> {
    rules::check_editable(current.status)?;
    super::festivals::window_of(festival).check_event(spec.starts_at, spec.ends_at)?;
    let capacity = book_venue(db, festival, Some(current.id), spec).await?;
    rules::check_capacity_change(capacity, current.seats_taken)?;
    let moved = moves(&current, spec);
    let sequence = current.sequence + i32::from(moved);
    let change = if moved {
        Some(change_details(db, &current, spec).await?)
    } else {
        None
    };
    let before_capacity = current.capacity;
    let mut row: event::ActiveModel = current.into();
    let more_room = match (before_capacity, capacity) {
        (Some(old), Some(new)) => new > old,
        (Some(_), None) => true,
        (None, _) => false,
    };
    fill(&mut row, spec, capacity);
    row.sequence = Set(sequence);
    let updated = row.update(db).await?;
    if let Some(change) = change {
        super::outbox::notify_live(
            db,
            event::Column::Id.eq(updated.id),
            NotificationKind::EventChanged,
            Some(change.to_json()),
        )
        .await?;
    }
    if more_room {
        super::registrations::promote(db, updated.id).await?;
        return get(db, updated.id).await;
    }
    Ok(updated)
}

/// Locks the event's row for the caller's transaction (PostgreSQL; SQLite has one writer).
/// Whoever changes registrations that already exist takes it first, as the statement that
/// takes a newcomer's seats does: one order for every writer.
pub async fn lock(db: &impl ConnectionTrait, id: Uuid) -> AppResult<()> {
    if !super::needs_row_locks(db) {
        return Ok(());
    }
    event::Entity::find_by_id(id)
        .select_only()
        .column(event::Column::Id)
        .lock_exclusive()
        .into_tuple::<Uuid>()
        .one(db)
        .await?;
    Ok(())
}

/// What cached seat counts of a festival's events are keyed on: the sum of its events'
/// `seats_version`, which every seat change raises (and only a deletion, which also raises
/// the programme's version, lowers). Read from an index, beside the festival row.
pub async fn seats_version(db: &impl ConnectionTrait, festival_id: Uuid) -> AppResult<i64> {
    Ok(event::Entity::find()
        .select_only()
        .column_as(
            Expr::cust("CAST(COALESCE(SUM(seats_version), 0) AS BIGINT)"),
            "version",
        )
        .filter(event::Column::FestivalId.eq(festival_id))
        .into_tuple::<i64>()
        .one(db)
        .await?
        .unwrap_or(0))
}

/// The `seats_version` of one event (0 for an unknown id).
pub async fn seats_version_of(db: &impl ConnectionTrait, id: Uuid) -> AppResult<i64> {
    Ok(event::Entity::find_by_id(id)
        .select_only()
        .column(event::Column::SeatsVersion)
        .into_tuple::<i64>()
        .one(db)
        .await?
        .unwrap_or(0))
}

/// Cancels a scheduled event; cancelling a cancelled event changes nothing.
pub async fn cancel(db: &impl ConnectionTrait, current: event::Model) -> AppResult<event::Model> {
    if current.status == EventStatus::Cancelled {
        return Ok(current);
    }
    let sequence = current.sequence + 1;
    let id = current.id;
    let mut row: event::ActiveModel = current.into();
    row.status = Set(EventStatus::Cancelled);
    row.sequence = Set(sequence);
    // Its registrations are cancelled with it, so it holds no seats and no line.
    row.seats_taken = Set(0);
    row.waitlist_length = Set(0);
    row.updated_at = Set(now());
    let cancelled = row.update(db).await?;
    super::outbox::notify_live(
        db,
        event::Column::Id.eq(id),
        NotificationKind::EventCancelled,
        None,
    )
    .await?;
    super::registrations::cancel_all(db, event::Column::Id.eq(id)).await?;
    Ok(cancelled)
}

/// What the people registered for `current` must be told changed when `spec` is applied.
async fn change_details(
    db: &impl ConnectionTrait,
    current: &event::Model,
    spec: &EventSpec,
) -> AppResult<ChangeDetails> {
    let mut change = ChangeDetails::default();
    if current.starts_at != spec.starts_at || current.ends_at != spec.ends_at {
        change.old_starts_at = Some(current.starts_at);
        change.old_ends_at = Some(current.ends_at);
    }
    if current.venue_id != spec.venue_id || current.online_url != spec.online_url {
        match current.venue_id {
            Some(venue_id) => {
                if let Some(v) = venue::Entity::find_by_id(venue_id).one(db).await? {
                    change.old_venue = Some(v.name);
                    change.old_address = Some(format!("{}, {}", v.address, v.city));
                }
            }
            None => change.old_address = current.online_url.clone(),
        }
    }
    Ok(change)
}

pub async fn delete(
    db: &impl ConnectionTrait,
    festival: &festival::Model,
    current: &event::Model,
) -> AppResult<()> {
    let draft = festival.status == crate::domain::kinds::FestivalStatus::Draft;
    rules::check_deletable(draft, current.seats_taken, current.waitlist_length)?;
    event::Entity::delete_by_id(current.id).exec(db).await?;
    Ok(())
}

pub async fn list(
    db: &impl ConnectionTrait,
    festival_id: Uuid,
    filter: &EventFilter,
    page: Page,
) -> AppResult<(Vec<event::Model>, u64)> {
    let matching = Condition::all()
        .add(event::Column::FestivalId.eq(festival_id))
        .add(filter.condition());
    let total = super::count(db, event::Entity::find().filter(matching.clone())).await?;
    // Page through the index (festival_id, starts_at, id) for ids only, then read just those
    // rows: with OFFSET, every skipped row would otherwise be fetched from the table.
    let page_ids = Query::select()
        .column(event::Column::Id)
        .from(event::Entity)
        .cond_where(matching)
        .order_by(event::Column::StartsAt, Order::Asc)
        .order_by(event::Column::Id, Order::Asc)
        .limit(page.limit)
        .offset(page.offset)
        .to_owned();
    let items = event::Entity::find()
        .filter(event::Column::Id.in_subquery(page_ids))
        .order_by_asc(event::Column::StartsAt)
        .order_by_asc(event::Column::Id)
        .all(db)
        .await?;
    Ok((items, total))
}

/// Every event of `festival_id`, in order of start (the console's list).
pub async fn of_festival(
    db: &impl ConnectionTrait,
    festival_id: Uuid,
) -> AppResult<Vec<event::Model>> {
    Ok(event::Entity::find()
        .filter(event::Column::FestivalId.eq(festival_id))
        .order_by_asc(event::Column::StartsAt)
        .order_by_asc(event::Column::Id)
        .all(db)
        .await?)
}

/// Every event of `festival_id` that takes registrations, in order of start (the door's list).
pub async fn with_registration(
    db: &impl ConnectionTrait,
    festival_id: Uuid,
) -> AppResult<Vec<event::Model>> {
    Ok(event::Entity::find()
        .filter(event::Column::FestivalId.eq(festival_id))
        .filter(event::Column::RegistrationRequired.eq(true))
        .order_by_asc(event::Column::StartsAt)
        .order_by_asc(event::Column::Id)
        .all(db)
        .await?)
}

pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> AppResult<event::Model> {
    event::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("event"))
}

/// An event with the festival it belongs to (needed to decide who may see it).
pub async fn with_festival(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> AppResult<(event::Model, festival::Model)> {
    match event::Entity::find_by_id(id)
        .find_also_related(festival::Entity)
        .one(db)
        .await?
    {
        Some((event, Some(festival))) => Ok((event, festival)),
        _ => Err(AppError::NotFound("event")),
    }
}

/// Whether saving `spec` over `current` moves it (a new time or place): its registrants are
/// told, and the console says how many before saving.
pub fn moves(current: &event::Model, spec: &EventSpec) -> bool {
    let after = Schedule {
        starts_at: spec.starts_at,
        ends_at: spec.ends_at,
        venue_id: spec.venue_id,
        online_url: spec.online_url.as_deref(),
        status: EventStatus::Scheduled,
    };
    rules::needs_new_sequence(&schedule_of(current), &after)
}

/// How many registrations of event `id` hold seats or wait for them: who a move tells.
pub async fn live_registrations(db: &impl ConnectionTrait, id: Uuid) -> AppResult<u64> {
    use entity::registration;
    use sea_orm::PaginatorTrait;
    Ok(registration::Entity::find()
        .filter(registration::Column::EventId.eq(id))
        .filter(registration::Column::Status.is_in([
            crate::domain::registration::Status::Confirmed.as_str(),
            crate::domain::registration::Status::Waitlisted.as_str(),
        ]))
        .count(db)
        .await?)
}

fn schedule_of(event: &event::Model) -> Schedule<'_> {
    Schedule {
        starts_at: event.starts_at,
        ends_at: event.ends_at,
        venue_id: event.venue_id,
        online_url: event.online_url.as_deref(),
        status: event.status,
    }
}

/// Checks the venue of `spec` (locking it for the rest of the transaction) and returns the
/// capacity the event gets there.
async fn book_venue(
    db: &impl ConnectionTrait,
    festival: &festival::Model,
    event_id: Option<Uuid>,
    spec: &EventSpec,
) -> AppResult<Option<i32>> {
    let Some(venue_id) = spec.venue_id else {
        return Ok(spec.capacity);
    };
    let venue = venues::lock(db, venue_id)
        .await?
        .ok_or_else(|| AppError::invalid("venue_id", "no venue has this id"))?;
    // A venue of another organisation is not ours to book (and its calendar not ours to see).
    if venue.organisation_id != festival.organisation_id {
        return Err(AppError::invalid(
            "venue_id",
            "no venue of this organisation has this id",
        ));
    }
    let capacity = rules::fit_capacity(spec.capacity, venue.capacity)?;
    let mut clash = event::Entity::find()
        .filter(event::Column::VenueId.eq(venue_id))
        .filter(event::Column::Status.eq(EventStatus::Scheduled))
        .filter(event::Column::StartsAt.lt(spec.ends_at))
        .filter(event::Column::EndsAt.gt(spec.starts_at))
        .order_by_asc(event::Column::StartsAt);
    if let Some(id) = event_id {
        clash = clash.filter(event::Column::Id.ne(id));
    }
    if let Some(other) = clash.one(db).await? {
        return Err(AppError::Conflict(rules::clash_message(
            other.id,
            &other.title,
            other.starts_at,
            other.ends_at,
        )));
    }
    Ok(capacity)
}

fn fill(row: &mut event::ActiveModel, spec: &EventSpec, capacity: Option<i32>) {
    row.title = Set(spec.title.clone());
    row.kind = Set(spec.kind);
    row.starts_at = Set(spec.starts_at);
    row.ends_at = Set(spec.ends_at);
    row.venue_id = Set(spec.venue_id);
    row.online_url = Set(spec.online_url.clone());
    row.capacity = Set(capacity);
    row.registration_required = Set(spec.registration_required);
    row.audience = Set(encode_list(&spec.audience));
    row.themes = Set(encode_list(&spec.themes));
    row.language = Set(spec.language.clone());
    row.accessibility = Set(encode_list(&spec.accessibility));
    row.host = Set(spec.host.clone());
    row.description = Set(spec.description.clone());
    row.materials_note = Set(spec.materials_note.clone());
    row.search_text = Set(search_key([
        spec.title.as_str(),
        spec.description.as_deref().unwrap_or_default(),
        spec.host.as_deref().unwrap_or_default(),
    ]));
    row.updated_at = Set(now());
}
