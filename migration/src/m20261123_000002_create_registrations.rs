//! Registrations: people (one per email, with their calendar feed token), their
//! registrations for events, and the answers kept for retried POSTs (`Idempotency-Key`).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(People::Table)
                    .col(pk_uuid(People::Id))
                    .col(string_uniq(People::Email))
                    .col(string_uniq(People::FeedToken))
                    .col(timestamp_with_time_zone(People::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Registrations::Table)
                    .col(pk_uuid(Registrations::Id))
                    .col(uuid(Registrations::EventId))
                    .col(uuid(Registrations::PersonId))
                    .col(string(Registrations::Name))
                    .col(string(Registrations::Email))
                    .col(integer(Registrations::Seats))
                    .col(string(Registrations::Status))
                    .col(string(Registrations::Locale))
                    .col(text_null(Registrations::AccessNeeds))
                    .col(string_uniq(Registrations::ManageTokenHash))
                    .col(timestamp_with_time_zone_null(Registrations::CheckedInAt))
                    .col(timestamp_with_time_zone_null(Registrations::CancelledAt))
                    .col(timestamp_with_time_zone(Registrations::CreatedAt))
                    .col(timestamp_with_time_zone(Registrations::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Registrations::Table, Registrations::EventId)
                            .to(Events::Table, Events::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Registrations::Table, Registrations::PersonId)
                            .to(People::Table, People::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // The waiting list is read in order of arrival.
        manager
            .create_index(
                Index::create()
                    .name("registrations_event_status_created")
                    .table(Registrations::Table)
                    .col(Registrations::EventId)
                    .col(Registrations::Status)
                    .col(Registrations::CreatedAt)
                    .to_owned(),
            )
            .await?;
        // One live registration per email and event, enforced by the database even under
        // concurrent requests; a cancelled one does not count. Same SQL on both backends.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX registrations_one_per_email ON registrations (event_id, email) \
                 WHERE status <> 'cancelled'",
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKeys::Table)
                    .col(string(IdempotencyKeys::Scope))
                    .col(string(IdempotencyKeys::Key))
                    .col(text(IdempotencyKeys::Response))
                    .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(IdempotencyKeys::Scope)
                            .col(IdempotencyKeys::Key),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            IdempotencyKeys::Table.into_iden(),
            Registrations::Table.into_iden(),
            People::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
    Email,
    FeedToken,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Registrations {
    Table,
    Id,
    EventId,
    PersonId,
    Name,
    Email,
    Seats,
    Status,
    Locale,
    AccessNeeds,
    ManageTokenHash,
    CheckedInAt,
    CancelledAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Scope,
    Key,
    Response,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
}
