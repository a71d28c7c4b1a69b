//! Whether a registration still gets reminders. A reminder is the one email a person did not
//! ask for by acting, so it carries one-click `List-Unsubscribe` (RFC 8058), and turning it off
//! must stick: the scheduler enqueues none for a registration with this off.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Registrations::Table)
                    .add_column(
                        ColumnDef::new(Registrations::Reminders)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Registrations::Table)
                    .drop_column(Registrations::Reminders)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Registrations {
    Table,
    Reminders,
}
