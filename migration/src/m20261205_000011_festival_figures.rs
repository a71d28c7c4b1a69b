//! What monitoring a festival needs (issue 15): whether a festival's owner lets the public see
//! its figures once it has ended, whether a member wants the weekly report, and the key that
//! keeps one weekly report per member, festival and week however many instances tick.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A partial index: only weekly reports are kept once per (member, festival, week), written as
/// the outbox row's `sequence`. Both databases read the same statement.
const REPORT_ONCE: &str = "CREATE UNIQUE INDEX outbox_report_once \
    ON outbox (member_id, festival_id, sequence) WHERE kind = 'weekly_report'";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Festivals::Table)
                    .add_column(
                        ColumnDef::new(Festivals::FiguresPublic)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Members::Table)
                    .add_column(
                        ColumnDef::new(Members::WeeklyReport)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(REPORT_ONCE)
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX outbox_report_once")
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Members::Table)
                    .drop_column(Members::WeeklyReport)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Festivals::Table)
                    .drop_column(Festivals::FiguresPublic)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Festivals {
    Table,
    FiguresPublic,
}

#[derive(DeriveIden)]
enum Members {
    Table,
    WeeklyReport,
}
