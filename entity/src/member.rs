//! `members`: people of an organisation who sign in to the console by an emailed link.

use sea_orm::entity::prelude::*;

use crate::vocabulary::MemberRole;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "members")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    /// Trimmed and lower-cased; unique within the organisation.
    pub email: String,
    pub role: MemberRole,
    /// The language of the emails the member gets when no page chose one (`es`, `en`, `pt`).
    pub locale: String,
    /// Whether the member gets the weekly report of the organisation's festivals (owners and
    /// editors only).
    pub weekly_report: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::OrganisationId",
        to = "super::organisation::Column::Id",
        on_delete = "Cascade"
    )]
    Organisation,
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organisation.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
