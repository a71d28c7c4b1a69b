//! `api_tokens`: bearer tokens of admins and organisers. Only a SHA-256 of the token is stored.

use sea_orm::entity::prelude::*;

use crate::vocabulary::Role;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "api_tokens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub name: String,
    pub role: Role,
    /// Set for organiser tokens, null for admin tokens.
    pub organisation_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    /// The last authenticated request with it, recorded at most once a minute.
    pub last_used_at: Option<DateTimeUtc>,
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
