//! `sign_in_links`: one-time links that sign a member in. The token is derived from the
//! link's id and the instance key (so its email can be written from the row); only its
//! SHA-256 is stored.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sign_in_links")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub member_id: Uuid,
    #[sea_orm(unique)]
    pub token_hash: String,
    /// The language of the page it was asked from, and so of its email.
    pub locale: String,
    /// The console page to open once signed in (a scanned check-in link).
    pub next_path: Option<String>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
