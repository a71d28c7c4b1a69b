//! `people`: one row per email address that ever registered, holding the token of that
//! person's calendar feed (the same for all their registrations).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "people")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Trimmed and lower-cased.
    #[sea_orm(unique)]
    pub email: String,
    /// The SHA-256 of the token in the person's calendar URL. The token itself is derived from
    /// the instance key and the person's id (so every email can carry it again) and is never
    /// stored; `rekey-…` and `erased…` values match no token.
    #[sea_orm(unique)]
    pub feed_token_hash: String,
    pub created_at: DateTimeUtc,
    /// When an email to this address was refused for good (the mailbox does not exist); no
    /// more email is sent to it.
    pub bounced_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub bounce_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::registration::Entity")]
    Registration,
}

impl Related<super::registration::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Registration.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
