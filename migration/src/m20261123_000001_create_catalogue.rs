//! The catalogue: organisations and their API tokens, venues, festivals and events.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organisations::Table)
                    .col(pk_uuid(Organisations::Id))
                    .col(string_uniq(Organisations::Slug))
                    .col(string(Organisations::Name))
                    .col(string_null(Organisations::Email))
                    .col(string_null(Organisations::Website))
                    .col(timestamp_with_time_zone(Organisations::CreatedAt))
                    .col(timestamp_with_time_zone(Organisations::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApiTokens::Table)
                    .col(pk_uuid(ApiTokens::Id))
                    .col(string_uniq(ApiTokens::TokenHash))
                    .col(string(ApiTokens::Name))
                    .col(string(ApiTokens::Role))
                    .col(uuid_null(ApiTokens::OrganisationId))
                    .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ApiTokens::Table, ApiTokens::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Venues::Table)
                    .col(pk_uuid(Venues::Id))
                    .col(uuid(Venues::OrganisationId))
                    .col(string(Venues::Name))
                    .col(string(Venues::Address))
                    .col(string(Venues::City))
                    .col(string(Venues::Country))
                    .col(double_null(Venues::Latitude))
                    .col(double_null(Venues::Longitude))
                    .col(integer_null(Venues::Capacity))
                    .col(text(Venues::Accessibility))
                    .col(text_null(Venues::Description))
                    .col(timestamp_with_time_zone(Venues::CreatedAt))
                    .col(timestamp_with_time_zone(Venues::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Venues::Table, Venues::OrganisationId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("venues_city")
                    .table(Venues::Table)
                    .col(Venues::City)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Festivals::Table)
                    .col(pk_uuid(Festivals::Id))
                    .col(uuid(Festivals::OrganisationId))
                    .col(string_uniq(Festivals::Slug))
                    .col(string(Festivals::Title))
                    .col(string(Festivals::Kind))
                    .col(string(Festivals::City))
                    .col(string(Festivals::Country))
                    .col(string(Festivals::Timezone))
                    .col(date(Festivals::StartsOn))
                    .col(date(Festivals::EndsOn))
                    .col(text_null(Festivals::Description))
                    .col(string_null(Festivals::Website))
                    .col(text(Festivals::ReminderOffsetsMinutes))
                    .col(string(Festivals::Status))
                    .col(text(Festivals::SearchText))
                    .col(big_integer(Festivals::ProgrammeVersion).default(0))
                    .col(timestamp_with_time_zone_null(Festivals::PublishedAt))
                    .col(timestamp_with_time_zone(Festivals::CreatedAt))
                    .col(timestamp_with_time_zone(Festivals::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Festivals::Table, Festivals::OrganisationId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("festivals_starts_on")
                    .table(Festivals::Table)
                    .col(Festivals::StartsOn)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Events::Table)
                    .col(pk_uuid(Events::Id))
                    .col(uuid(Events::FestivalId))
                    .col(string(Events::Title))
                    .col(string(Events::Kind))
                    .col(timestamp_with_time_zone(Events::StartsAt))
                    .col(timestamp_with_time_zone(Events::EndsAt))
                    .col(uuid_null(Events::VenueId))
                    .col(string_null(Events::OnlineUrl))
                    .col(integer_null(Events::Capacity))
                    .col(boolean(Events::RegistrationRequired))
                    .col(text(Events::Audience))
                    .col(text(Events::Themes))
                    .col(string_null(Events::Language))
                    .col(text(Events::Accessibility))
                    .col(string_null(Events::Host))
                    .col(text_null(Events::Description))
                    .col(string(Events::Status))
                    .col(integer(Events::Sequence))
                    .col(integer(Events::SeatsTaken))
                    .col(integer(Events::WaitlistLength))
                    .col(text(Events::SearchText))
                    .col(timestamp_with_time_zone(Events::CreatedAt))
                    .col(timestamp_with_time_zone(Events::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Events::Table, Events::FestivalId)
                            .to(Festivals::Table, Festivals::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Events::Table, Events::VenueId)
                            .to(Venues::Table, Venues::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // Listing a festival's programme and checking a venue for clashes are the hot queries.
        // The programme is ordered by (starts_at, id): with id in the index it needs no sort.
        manager
            .create_index(
                Index::create()
                    .name("events_festival_starts_at")
                    .table(Events::Table)
                    .col(Events::FestivalId)
                    .col(Events::StartsAt)
                    .col(Events::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("events_venue_starts_at")
                    .table(Events::Table)
                    .col(Events::VenueId)
                    .col(Events::StartsAt)
                    .to_owned(),
            )
            .await?;

        // Every change to an event raises its festival's programme_version, in the same
        // transaction. Cached renderings of a programme are keyed by it, so no code path can
        // leave one stale, and several server processes agree without talking to each other.
        let db = manager.get_connection();
        match manager.get_database_backend() {
            sea_orm_migration::sea_orm::DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION bump_programme_version() RETURNS trigger AS $$
                     BEGIN
                       IF TG_OP = 'DELETE' THEN
                         UPDATE festivals SET programme_version = programme_version + 1 WHERE id = OLD.festival_id;
                       ELSE
                         UPDATE festivals SET programme_version = programme_version + 1 WHERE id = NEW.festival_id;
                       END IF;
                       RETURN NULL;
                     END $$ LANGUAGE plpgsql;
                     CREATE TRIGGER events_bump_programme_version
                       AFTER INSERT OR UPDATE OR DELETE ON events
                       FOR EACH ROW EXECUTE FUNCTION bump_programme_version();",
                )
                .await?;
            }
            _ => {
                for (name, when, row) in [
                    ("events_bump_on_insert", "AFTER INSERT", "NEW"),
                    ("events_bump_on_update", "AFTER UPDATE", "NEW"),
                    ("events_bump_on_delete", "AFTER DELETE", "OLD"),
                ] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {name} {when} ON events BEGIN
                           UPDATE festivals SET programme_version = programme_version + 1
                           WHERE id = {row}.festival_id;
                         END;"
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS bump_programme_version() CASCADE")
                .await?;
        }
        for table in [
            Events::Table.into_iden(),
            Festivals::Table.into_iden(),
            Venues::Table.into_iden(),
            ApiTokens::Table.into_iden(),
            Organisations::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
    Slug,
    Name,
    Email,
    Website,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    TokenHash,
    Name,
    Role,
    OrganisationId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Venues {
    Table,
    Id,
    OrganisationId,
    Name,
    Address,
    City,
    Country,
    Latitude,
    Longitude,
    Capacity,
    Accessibility,
    Description,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Festivals {
    Table,
    Id,
    OrganisationId,
    Slug,
    Title,
    Kind,
    City,
    Country,
    Timezone,
    StartsOn,
    EndsOn,
    Description,
    Website,
    ReminderOffsetsMinutes,
    Status,
    SearchText,
    ProgrammeVersion,
    PublishedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
    FestivalId,
    Title,
    Kind,
    StartsAt,
    EndsAt,
    VenueId,
    OnlineUrl,
    Capacity,
    RegistrationRequired,
    Audience,
    Themes,
    Language,
    Accessibility,
    Host,
    Description,
    Status,
    Sequence,
    SeatsTaken,
    WaitlistLength,
    SearchText,
    CreatedAt,
    UpdatedAt,
}
