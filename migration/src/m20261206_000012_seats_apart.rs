//! Seats apart from the festival row (issue 17).
//!
//! Until now every change of an event's seat counters raised its festival's
//! `programme_version` through the trigger of the first migration, so on PostgreSQL every
//! registration for any event of a festival wrote, and waited for, the one festival row. Seat
//! counters now move `events.seats_version` instead, which caches of seat counts are keyed on
//! (per event, or summed over a festival's events), and the programme's version moves only when
//! an event's content does (its `updated_at` is set, or it is added or deleted), as the feed's
//! already did.
//!
//! `registrations.waitlist_ticket` orders the waiting list: the event's `seats_version` taken in
//! the same statement that puts a person in line, so it is unique and increasing per event, in
//! the order people joined under the event's lock. A newcomer's position is then the list's
//! length, known without counting the list.

use sea_orm_migration::{prelude::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The waiting list in the order it was kept so far (arrival, then id), numbered per event.
const NUMBER_THE_LINE: &str = "UPDATE registrations SET waitlist_ticket = ranked.n \
    FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY created_at, id) AS n \
          FROM registrations WHERE status = 'waitlisted') AS ranked \
    WHERE registrations.id = ranked.id";

/// Each event's counter starts past the tickets it already gave.
const START_COUNTERS: &str = "UPDATE events SET seats_version = COALESCE(\
    (SELECT MAX(waitlist_ticket) FROM registrations WHERE registrations.event_id = events.id), 0)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Events::Table)
                    .add_column(
                        ColumnDef::new(Events::SeatsVersion)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Registrations::Table)
                    .add_column(
                        ColumnDef::new(Registrations::WaitlistTicket)
                            .big_integer()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(NUMBER_THE_LINE).await?;
        db.execute_unprepared(START_COUNTERS).await?;
        manager
            .create_index(
                Index::create()
                    .name("registrations_waitlist")
                    .table(Registrations::Table)
                    .col(Registrations::EventId)
                    .col(Registrations::Status)
                    .col(Registrations::WaitlistTicket)
                    .to_owned(),
            )
            .await?;
        // The programme's cached pages are keyed on the sum of its events' `seats_version`,
        // read on every request: from this index alone, not from a thousand event rows.
        manager
            .create_index(
                Index::create()
                    .name("events_seats_version")
                    .table(Events::Table)
                    .col(Events::FestivalId)
                    .col(Events::SeatsVersion)
                    .to_owned(),
            )
            .await?;
        content_only_trigger(manager, "UPDATE OF updated_at").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        content_only_trigger(manager, "UPDATE").await?;
        manager
            .drop_index(
                Index::drop()
                    .name("events_seats_version")
                    .table(Events::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("registrations_waitlist")
                    .table(Registrations::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Registrations::Table)
                    .drop_column(Registrations::WaitlistTicket)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Events::Table)
                    .drop_column(Events::SeatsVersion)
                    .to_owned(),
            )
            .await
    }
}

/// Makes the programme-version trigger fire on `update` (the whole `UPDATE`, as before, or
/// only one that sets `updated_at`), keeping the function the first migration made.
async fn content_only_trigger(manager: &SchemaManager<'_>, update: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    if manager.get_database_backend() == DatabaseBackend::Postgres {
        db.execute_unprepared(&format!(
            "DROP TRIGGER events_bump_programme_version ON events;
             CREATE TRIGGER events_bump_programme_version
               AFTER INSERT OR DELETE OR {update} ON events
               FOR EACH ROW EXECUTE FUNCTION bump_programme_version();"
        ))
        .await?;
    } else {
        // One call, so one connection: SQLite migrations run outside a transaction on the
        // pool, and a second connection can still hold the schema from before the drop.
        db.execute_unprepared(&format!(
            "DROP TRIGGER events_bump_on_update;
             CREATE TRIGGER events_bump_on_update AFTER {update} ON events BEGIN
               UPDATE festivals SET programme_version = programme_version + 1
               WHERE id = NEW.festival_id;
             END;"
        ))
        .await?;
    }
    Ok(())
}

#[derive(DeriveIden)]
enum Events {
    Table,
    FestivalId,
    SeatsVersion,
}

#[derive(DeriveIden)]
enum Registrations {
    Table,
    EventId,
    Status,
    WaitlistTicket,
}
