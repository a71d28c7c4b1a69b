//! `registrations`: a person's seats at an event, confirmed or on the waiting list.

use sea_orm::entity::prelude::*;

use crate::vocabulary::RegistrationStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "registrations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub event_id: Uuid,
    pub person_id: Uuid,
    pub name: String,
    /// Trimmed and lower-cased.
    pub email: String,
    pub seats: i32,
    pub status: RegistrationStatus,
    /// `es` or `en`
    pub locale: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub access_needs: Option<String>,
    /// SHA-256 of the secret the registrant manages the registration with.
    #[sea_orm(unique)]
    pub manage_token_hash: String,
    pub checked_in_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    /// Whether reminders are sent (turned off from the reminder's `List-Unsubscribe` or the
    /// manage page).
    pub reminders: bool,
    /// The order of the waiting list: set when the person joins it, from the event's
    /// `seats_version` in the same statement, so unique and increasing per event.
    pub waitlist_ticket: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::event::Entity",
        from = "Column::EventId",
        to = "super::event::Column::Id",
        on_delete = "Cascade"
    )]
    Event,
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::PersonId",
        to = "super::person::Column::Id"
    )]
    Person,
}

impl Related<super::event::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Event.def()
    }
}

impl Related<super::person::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Person.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
