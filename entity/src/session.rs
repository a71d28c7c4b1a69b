//! `sessions`: a signed-in member's browser. The cookie holds a random id; only its SHA-256
//! is stored, so a copy of the database signs no one in.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id_hash: String,
    pub member_id: Uuid,
    pub created_at: DateTimeUtc,
    /// The last request seen with it (recorded at most once a minute): it ends after 12 hours
    /// without one.
    pub last_seen_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
