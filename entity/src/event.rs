//! `events`: one dated activity inside a festival (a workshop, a talk, a plenary…).

use sea_orm::entity::prelude::*;

use crate::vocabulary::{EventKind, EventStatus};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub festival_id: Uuid,
    pub title: String,
    pub kind: EventKind,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub venue_id: Option<Uuid>,
    pub online_url: Option<String>,
    /// Null means unlimited.
    pub capacity: Option<i32>,
    pub registration_required: bool,
    /// JSON arrays of lower-case tags.
    #[sea_orm(column_type = "Text")]
    pub audience: String,
    #[sea_orm(column_type = "Text")]
    pub themes: String,
    pub language: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub accessibility: String,
    pub host: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
    /// What to bring, or what is provided.
    #[sea_orm(column_type = "Text", nullable)]
    pub materials_note: Option<String>,
    pub status: EventStatus,
    /// iCalendar SEQUENCE: raised by every change of time, place or status.
    pub sequence: i32,
    /// Seats held by confirmed registrations (kept in the row so a conditional update can
    /// take seats without overselling).
    pub seats_taken: i32,
    pub waitlist_length: i32,
    /// Raised by every change of the seat counters (never by a change of content, which
    /// raises the festival's `programme_version`): cached seat counts are keyed on it, summed
    /// over a festival's events for its programme. It also numbers the waiting list: each
    /// newcomer's ticket is its value after their own change.
    pub seats_version: i64,
    #[sea_orm(column_type = "Text")]
    pub search_text: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::festival::Entity",
        from = "Column::FestivalId",
        to = "super::festival::Column::Id",
        on_delete = "Cascade"
    )]
    Festival,
    #[sea_orm(
        belongs_to = "super::venue::Entity",
        from = "Column::VenueId",
        to = "super::venue::Column::Id"
    )]
    Venue,
}

impl Related<super::festival::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Festival.def()
    }
}

impl Related<super::venue::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Venue.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
