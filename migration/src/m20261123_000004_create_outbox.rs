//! The email outbox: one row per email, written in the transaction of the change that causes
//! it, then claimed, sent and recorded by the dispatcher. And the instance's secret key, from
//! which the manage links put in emails are derived (only their hashes are stored).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(pk_uuid(Outbox::Id))
                    .col(uuid(Outbox::RegistrationId))
                    .col(uuid(Outbox::EventId))
                    .col(uuid(Outbox::FestivalId))
                    .col(string(Outbox::Kind))
                    .col(integer(Outbox::Sequence))
                    .col(integer(Outbox::OffsetMinutes).default(0))
                    .col(text_null(Outbox::Details))
                    .col(string(Outbox::Status))
                    .col(integer(Outbox::Attempts).default(0))
                    .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                    .col(uuid_null(Outbox::LeaseOwner))
                    .col(timestamp_with_time_zone_null(Outbox::LeaseUntil))
                    .col(text_null(Outbox::LastError))
                    .col(timestamp_with_time_zone_null(Outbox::SentAt))
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    .col(timestamp_with_time_zone(Outbox::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Outbox::Table, Outbox::RegistrationId)
                            .to(Registrations::Table, Registrations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Outbox::Table, Outbox::EventId)
                            .to(Events::Table, Events::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Outbox::Table, Outbox::FestivalId)
                            .to(Festivals::Table, Festivals::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Enqueueing is idempotent: one email per registration, kind and event sequence (and,
        // for reminders, offset), however often or concurrently the cause is processed.
        manager
            .create_index(
                Index::create()
                    .name("outbox_once")
                    .table(Outbox::Table)
                    .col(Outbox::RegistrationId)
                    .col(Outbox::Kind)
                    .col(Outbox::Sequence)
                    .col(Outbox::OffsetMinutes)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The dispatcher's claim: pending rows that are due.
        manager
            .create_index(
                Index::create()
                    .name("outbox_due")
                    .table(Outbox::Table)
                    .col(Outbox::Status)
                    .col(Outbox::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        // The organiser's list.
        manager
            .create_index(
                Index::create()
                    .name("outbox_festival_created")
                    .table(Outbox::Table)
                    .col(Outbox::FestivalId)
                    .col(Outbox::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(InstanceKeys::Table)
                    .col(string(InstanceKeys::Name).primary_key())
                    .col(string(InstanceKeys::Value))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(InstanceKeys::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Outbox::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    RegistrationId,
    EventId,
    FestivalId,
    Kind,
    Sequence,
    OffsetMinutes,
    Details,
    Status,
    Attempts,
    NextAttemptAt,
    LeaseOwner,
    LeaseUntil,
    LastError,
    SentAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum InstanceKeys {
    Table,
    Name,
    Value,
}

#[derive(DeriveIden)]
enum Registrations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Festivals {
    Table,
    Id,
}
