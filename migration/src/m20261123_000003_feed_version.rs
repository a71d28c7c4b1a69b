//! What calendar feeds are keyed by. `programme_version` also moves with seat counts (the
//! programme's JSON shows them), so a festival feed keyed by it would be re-rendered after
//! every registration. `feed_version` moves only when an event's content changes (it is
//! inserted, deleted, or its `updated_at` is set: seat counters never set it), and
//! `feed_changed_us` records when, in microseconds since 1970 by the database's clock, for the
//! feed's `Last-Modified` (a deleted event leaves no other trace of the change).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Festivals::FeedVersion, Festivals::FeedChangedUs] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Festivals::Table)
                        .add_column(big_integer(column).default(0))
                        .to_owned(),
                )
                .await?;
        }
        let db = manager.get_connection();
        if manager.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Postgres {
            db.execute_unprepared(
                "CREATE FUNCTION bump_feed_version() RETURNS trigger AS $$
                 DECLARE festival uuid;
                 BEGIN
                   IF TG_OP = 'DELETE' THEN festival := OLD.festival_id; ELSE festival := NEW.festival_id; END IF;
                   UPDATE festivals
                      SET feed_version = feed_version + 1,
                          feed_changed_us = (extract(epoch from clock_timestamp()) * 1000000)::bigint
                    WHERE id = festival;
                   RETURN NULL;
                 END $$ LANGUAGE plpgsql;
                 CREATE TRIGGER events_bump_feed_version
                   AFTER INSERT OR DELETE OR UPDATE OF updated_at ON events
                   FOR EACH ROW EXECUTE FUNCTION bump_feed_version();",
            )
            .await?;
        } else {
            for (name, when, row) in [
                ("events_feed_on_insert", "AFTER INSERT", "NEW"),
                ("events_feed_on_update", "AFTER UPDATE OF updated_at", "NEW"),
                ("events_feed_on_delete", "AFTER DELETE", "OLD"),
            ] {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {name} {when} ON events BEGIN
                       UPDATE festivals
                          SET feed_version = feed_version + 1,
                              feed_changed_us = CAST((julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER)
                        WHERE id = {row}.festival_id;
                     END;"
                ))
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Postgres {
            db.execute_unprepared("DROP FUNCTION IF EXISTS bump_feed_version() CASCADE")
                .await?;
        } else {
            for name in [
                "events_feed_on_insert",
                "events_feed_on_update",
                "events_feed_on_delete",
            ] {
                db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {name}"))
                    .await?;
            }
        }
        for column in [Festivals::FeedVersion, Festivals::FeedChangedUs] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Festivals::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Festivals {
    Table,
    FeedVersion,
    FeedChangedUs,
}
