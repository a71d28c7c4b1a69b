//! The letter an outbox row is written from: the registration, its person, the event as the
//! feeds read it (so the invitation is the feeds' VEVENT) and the festival. Assembled here,
//! beside the messages it feeds, so that the outbox queue does not depend on the feeds.

use std::collections::HashMap;

use entity::{event, festival, outbox, person, registration};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, Func},
};
use uuid::Uuid;

use crate::{
    domain::registration::Status,
    error::AppResult,
    store::{
        feeds::{self, FeedEvent},
        padded,
    },
};

/// What one email is written from: the registration and everything around it. The event
/// comes as the feeds read it, so its invitation is the feeds' VEVENT.
#[derive(Debug, Clone)]
pub struct Letter {
    pub registration: registration::Model,
    pub person: Option<person::Model>,
    pub event: FeedEvent,
    pub festival: festival::Model,
    /// How many of this person's registrations for this event are cancelled, this one included
    /// when it is: what the `SEQUENCE` of their `.ics` climbs by
    /// ([`crate::domain::notification::emailed_sequence`]).
    pub cancellations: u32,
}

/// The letters of claimed `rows` about a registration, by row id, read with a few queries for
/// the whole batch. A row whose registration is gone has no letter (nor has a row to a
/// member: see [`super::member_mail`]).
pub async fn letters(
    db: &impl ConnectionTrait,
    rows: &[outbox::Model],
) -> AppResult<HashMap<Uuid, Letter>> {
    let registrations: HashMap<Uuid, (registration::Model, Option<person::Model>)> =
        registration::Entity::find()
            .filter(
                registration::Column::Id
                    .is_in(padded(rows.iter().filter_map(|r| r.registration_id))),
            )
            .find_also_related(person::Entity)
            .all(db)
            .await?
            .into_iter()
            .map(|(r, p)| (r.id, (r, p)))
            .collect();
    let events: HashMap<Uuid, FeedEvent> = feeds::events(
        db,
        Condition::all()
            .add(event::Column::Id.is_in(padded(rows.iter().filter_map(|r| r.event_id)))),
    )
    .await?
    .into_iter()
    .map(|e| (e.event.id, e))
    .collect();
    let festivals: HashMap<Uuid, festival::Model> = festival::Entity::find()
        .filter(festival::Column::Id.is_in(padded(rows.iter().filter_map(|r| r.festival_id))))
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.id, f))
        .collect();
    let cancellations: HashMap<(Uuid, Uuid), i64> = registration::Entity::find()
        .select_only()
        .column(registration::Column::EventId)
        .column(registration::Column::PersonId)
        .column_as(
            Expr::expr(Func::count(Expr::col(registration::Column::Id))),
            "cancelled",
        )
        .filter(registration::Column::Status.eq(Status::Cancelled))
        .filter(registration::Column::EventId.is_in(padded(rows.iter().filter_map(|r| r.event_id))))
        .filter(
            registration::Column::PersonId
                .is_in(padded(registrations.values().map(|(r, _)| r.person_id))),
        )
        .group_by(registration::Column::EventId)
        .group_by(registration::Column::PersonId)
        .into_tuple::<(Uuid, Uuid, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(event, person, count)| ((event, person), count))
        .collect();
    let mut letters = HashMap::with_capacity(rows.len());
    for row in rows {
        let (Some((registration, person)), Some(event), Some(festival)) = (
            row.registration_id.and_then(|id| registrations.get(&id)),
            row.event_id.and_then(|id| events.get(&id)),
            row.festival_id.and_then(|id| festivals.get(&id)),
        ) else {
            continue;
        };
        letters.insert(
            row.id,
            Letter {
                registration: registration.clone(),
                person: person.clone(),
                event: event.clone(),
                festival: festival.clone(),
                cancellations: cancellations
                    .get(&(registration.event_id, registration.person_id))
                    .map_or(0, |&n| u32::try_from(n).unwrap_or(u32::MAX)),
            },
        );
    }
    Ok(letters)
}
