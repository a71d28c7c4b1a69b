//! Every write to the catalogue (festivals, venues, organisations: an event's change writes its
//! festival's row through the feed and programme triggers) notifies `convoca_catalogue` on
//! PostgreSQL, once per statement, delivered at commit. Each instance listens, and forgets the
//! feed versions it remembered, so a poll it answers from memory is never stale for longer than
//! the notification takes to arrive. SQLite has one process, which hears its own writes.
//! Registrations write none of these tables, so they notify nothing.

use sea_orm_migration::{prelude::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 3] = ["festivals", "venues", "organisations"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE FUNCTION notify_catalogue() RETURNS trigger AS $$
             BEGIN
               PERFORM pg_notify('convoca_catalogue', '');
               RETURN NULL;
             END $$ LANGUAGE plpgsql;",
        )
        .await?;
        for table in TABLES {
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {table}_notify_catalogue
                   AFTER INSERT OR UPDATE OR DELETE ON {table}
                   FOR EACH STATEMENT EXECUTE FUNCTION notify_catalogue();"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        manager
            .get_connection()
            .execute_unprepared("DROP FUNCTION IF EXISTS notify_catalogue() CASCADE")
            .await?;
        Ok(())
    }
}
