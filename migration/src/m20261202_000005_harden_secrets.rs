//! Secrets out of clear text, and what the flood and bounce limits need:
//! - `people.feed_token` becomes `feed_token_hash`: the calendar link is derived from the
//!   instance key and only its hash is kept, so a database read yields no calendar link. The
//!   old clear tokens are dropped (marked `rekey-…`); start-up gives those people a derived
//!   link, which their next email carries.
//! - `people.bounced_at` / `bounce_reason`: an address that refused mail for good is written to
//!   no more.
//! - `idempotency_keys` gets the fingerprint of the request a key was first used with (the same
//!   key with another request is refused), the registration it made (to erase it with the
//!   person), and an index to purge keys after 24 hours. Stored answers held manage tokens in
//!   clear; they are dropped.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(People::Table)
                    .rename_column(People::FeedToken, People::FeedTokenHash)
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE people SET feed_token_hash = 'rekey-' || feed_token_hash \
                 WHERE feed_token_hash NOT LIKE 'erased%'",
            )
            .await?;
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for column in [
            timestamp_with_time_zone_null(People::BouncedAt),
            text_null(People::BounceReason),
        ] {
            add_column(manager, People::Table, column).await?;
        }
        manager
            .get_connection()
            .execute_unprepared("DELETE FROM idempotency_keys")
            .await?;
        for column in [
            string(IdempotencyKeys::Fingerprint).default("").to_owned(),
            uuid_null(IdempotencyKeys::RegistrationId),
        ] {
            add_column(manager, IdempotencyKeys::Table, column).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idempotency_keys_created_at")
                    .table(IdempotencyKeys::Table)
                    .col(IdempotencyKeys::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idempotency_keys_created_at")
                    .table(IdempotencyKeys::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            IdempotencyKeys::RegistrationId,
            IdempotencyKeys::Fingerprint,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(IdempotencyKeys::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for column in [People::BounceReason, People::BouncedAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(People::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(People::Table)
                    .rename_column(People::FeedTokenHash, People::FeedToken)
                    .to_owned(),
            )
            .await
    }
}

async fn add_column(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    mut column: ColumnDef,
) -> Result<(), DbErr> {
    manager
        .alter_table(
            Table::alter()
                .table(table)
                .add_column(&mut column)
                .to_owned(),
        )
        .await
}

#[derive(DeriveIden)]
enum People {
    Table,
    FeedToken,
    FeedTokenHash,
    BouncedAt,
    BounceReason,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Fingerprint,
    RegistrationId,
    CreatedAt,
}
