//! `idempotency_keys`: the first answer to a POST sent with an `Idempotency-Key`, returned
//! again when the same request is retried (a phone on a bad connection).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_keys")]
pub struct Model {
    /// What the key is scoped to, e.g. `registration:{event id}`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// The JSON body of the first answer, without its secrets (a manage token is derived
    /// again when the answer is replayed).
    #[sea_orm(column_type = "Text")]
    pub response: String,
    pub created_at: DateTimeUtc,
    /// SHA-256 of the client address and the request as first received: the same key with
    /// another request is refused rather than answered with someone else's registration.
    pub fingerprint: String,
    /// The registration the first request made, so erasing a person erases this too.
    pub registration_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
