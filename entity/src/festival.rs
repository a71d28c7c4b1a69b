//! `festivals`: the umbrella of a learning festival, a conference or a forum.

use sea_orm::entity::prelude::*;

use crate::{
    timezone::Timezone,
    vocabulary::{FestivalKind, FestivalStatus},
};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "festivals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    #[sea_orm(unique)]
    pub slug: String,
    pub title: String,
    pub kind: FestivalKind,
    pub city: String,
    pub country: String,
    /// IANA timezone name, e.g. `America/Guayaquil`.
    pub timezone: Timezone,
    pub starts_on: Date,
    pub ends_on: Date,
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
    pub website: Option<String>,
    /// JSON array of minutes before an event's start at which reminders go out.
    #[sea_orm(column_type = "Text")]
    pub reminder_offsets_minutes: String,
    pub status: FestivalStatus,
    /// Lower-cased, accent-free title and description, for `q` search.
    #[sea_orm(column_type = "Text")]
    pub search_text: String,
    /// Raised by a trigger on every change to one of its events; keys cached renderings.
    pub programme_version: i64,
    /// Raised by a trigger when one of its events' content changes (not its seat counts);
    /// keys its calendar feeds.
    pub feed_version: i64,
    /// When `feed_version` last moved, in microseconds since 1970 (the database's clock).
    pub feed_changed_us: i64,
    pub published_at: Option<DateTimeUtc>,
    /// Whether the owner lets anyone see the festival's figures (open data, under-5 cells
    /// withheld) once it has ended.
    pub figures_public: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::OrganisationId",
        to = "super::organisation::Column::Id"
    )]
    Organisation,
    #[sea_orm(has_many = "super::event::Entity")]
    Event,
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organisation.def()
    }
}

impl Related<super::event::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Event.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
