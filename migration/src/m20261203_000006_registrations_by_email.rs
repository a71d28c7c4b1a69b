//! An index on registrations by email and time. The daily limit of registrations per address
//! and festival (issue 11) reads a person's recent registrations inside every registration's
//! write transaction; without it SQLite probed the (event, email) key once per event of the
//! festival, and the load bench's registrations fell from thousands a second to hundreds.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const NAME: &str = "registrations_email_created";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NAME)
                    .table(Registrations::Table)
                    .col(Registrations::Email)
                    .col(Registrations::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(NAME)
                    .table(Registrations::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Registrations {
    Table,
    Email,
    CreatedAt,
}
