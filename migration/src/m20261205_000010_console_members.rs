//! The organiser console's people: members of an organisation (owner, editor, door), the
//! festivals a door member checks people in for, their one-time sign-in links and their
//! sessions, and every request for a link (for the per-address flood limit). And the outbox learns to carry an email to a member (a sign-in link) beside the
//! emails about a registration: its registration, event and festival become optional.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DatabaseBackend};
use sea_query::SqliteQueryBuilder;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// In one transaction on SQLite too: a rebuild stopped between dropping the old outbox
    /// and renaming the new one would leave no outbox at all.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Members::Table)
                    .col(pk_uuid(Members::Id))
                    .col(uuid(Members::OrganisationId))
                    .col(string(Members::Email))
                    .col(string(Members::Role))
                    .col(string(Members::Locale))
                    .col(timestamp_with_time_zone(Members::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Members::Table, Members::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One membership per address and organisation; sign-in looks members up by address.
        manager
            .create_index(
                Index::create()
                    .name("members_organisation_email")
                    .table(Members::Table)
                    .col(Members::OrganisationId)
                    .col(Members::Email)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("members_email")
                    .table(Members::Table)
                    .col(Members::Email)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MemberFestivals::Table)
                    .col(uuid(MemberFestivals::MemberId))
                    .col(uuid(MemberFestivals::FestivalId))
                    .primary_key(
                        Index::create()
                            .col(MemberFestivals::MemberId)
                            .col(MemberFestivals::FestivalId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(MemberFestivals::Table, MemberFestivals::MemberId)
                            .to(Members::Table, Members::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(MemberFestivals::Table, MemberFestivals::FestivalId)
                            .to(Festivals::Table, Festivals::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SignInLinks::Table)
                    .col(pk_uuid(SignInLinks::Id))
                    .col(uuid(SignInLinks::MemberId))
                    .col(string_uniq(SignInLinks::TokenHash))
                    .col(string(SignInLinks::Locale))
                    .col(string_null(SignInLinks::NextPath))
                    .col(timestamp_with_time_zone(SignInLinks::CreatedAt))
                    .col(timestamp_with_time_zone(SignInLinks::ExpiresAt))
                    .col(timestamp_with_time_zone_null(SignInLinks::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SignInLinks::Table, SignInLinks::MemberId)
                            .to(Members::Table, Members::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Every request for a link, known address or not (by the hash of the address): the
        // per-address flood limit counts them, and an unknown address costs the same write as
        // a known one.
        manager
            .create_table(
                Table::create()
                    .table(SignInRequests::Table)
                    .col(string(SignInRequests::EmailHash))
                    .col(timestamp_with_time_zone(SignInRequests::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("sign_in_requests_email_created")
                    .table(SignInRequests::Table)
                    .col(SignInRequests::EmailHash)
                    .col(SignInRequests::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(string(Sessions::IdHash).primary_key())
                    .col(uuid(Sessions::MemberId))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::LastSeenAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Sessions::Table, Sessions::MemberId)
                            .to(Members::Table, Members::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("sessions_member")
                    .table(Sessions::Table)
                    .col(Sessions::MemberId)
                    .to_owned(),
            )
            .await?;
        outbox_for_members(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Member emails cannot stay in an outbox whose rows all need a registration.
        let db = manager.get_connection();
        db.execute_unprepared("DELETE FROM outbox WHERE registration_id IS NULL")
            .await?;
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared(
                "ALTER TABLE outbox DROP COLUMN member_id, \
                 ALTER COLUMN registration_id SET NOT NULL, \
                 ALTER COLUMN event_id SET NOT NULL, ALTER COLUMN festival_id SET NOT NULL",
            )
            .await?;
        } else {
            rebuild_outbox(manager, false).await?;
        }
        for table in [
            Sessions::Table.into_iden(),
            SignInRequests::Table.into_iden(),
            SignInLinks::Table.into_iden(),
            MemberFestivals::Table.into_iden(),
            Members::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// Outbox rows may now be about a member instead of a registration.
async fn outbox_for_members(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    if manager.get_database_backend() == DatabaseBackend::Postgres {
        manager
            .get_connection()
            .execute_unprepared(
                "ALTER TABLE outbox \
                 ADD COLUMN member_id uuid NULL REFERENCES members (id) ON DELETE CASCADE, \
                 ALTER COLUMN registration_id DROP NOT NULL, \
                 ALTER COLUMN event_id DROP NOT NULL, ALTER COLUMN festival_id DROP NOT NULL",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("outbox_member")
                    .table(Outbox::Table)
                    .col(Outbox::MemberId)
                    .to_owned(),
            )
            .await
    } else {
        // SQLite alters no column: the table is rebuilt and its rows copied.
        rebuild_outbox(manager, true).await
    }
}

/// SQLite: the outbox as a new table (`for_members`: with optional registration, event and
/// festival and a `member_id`; otherwise as migration 000004 made it), its rows copied, its
/// indexes made again.
async fn rebuild_outbox(manager: &SchemaManager<'_>, for_members: bool) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let reference = |col: ColumnDef| -> ColumnDef {
        let mut col = col;
        if for_members {
            col.null();
        } else {
            col.not_null();
        }
        col
    };
    let mut table = Table::create();
    table
        .table(OutboxNew::Table)
        .col(pk_uuid(Outbox::Id))
        .col(reference(
            ColumnDef::new(Outbox::RegistrationId).uuid().to_owned(),
        ))
        .col(reference(ColumnDef::new(Outbox::EventId).uuid().to_owned()))
        .col(reference(
            ColumnDef::new(Outbox::FestivalId).uuid().to_owned(),
        ))
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
                .from(OutboxNew::Table, Outbox::RegistrationId)
                .to(Registrations::Table, Registrations::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .from(OutboxNew::Table, Outbox::EventId)
                .to(Events::Table, Events::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .from(OutboxNew::Table, Outbox::FestivalId)
                .to(Festivals::Table, Festivals::Id)
                .on_delete(ForeignKeyAction::Cascade),
        );
    if for_members {
        table.col(uuid_null(Outbox::MemberId)).foreign_key(
            ForeignKey::create()
                .from(OutboxNew::Table, Outbox::MemberId)
                .to(Members::Table, Members::Id)
                .on_delete(ForeignKeyAction::Cascade),
        );
    }
    // One batch of statements, run on one connection: the pool's other connections may hold
    // a snapshot of the schema from before the old table was dropped, and a statement sent to
    // one of them would still see it ("index outbox_due already exists").
    let columns = "id, registration_id, event_id, festival_id, kind, sequence, offset_minutes, \
                   details, status, attempts, next_attempt_at, lease_owner, lease_until, \
                   last_error, sent_at, created_at, updated_at";
    let mut batch = vec![
        table.to_string(SqliteQueryBuilder),
        format!("INSERT INTO outbox_new ({columns}) SELECT {columns} FROM outbox"),
        "DROP TABLE outbox".to_owned(),
        "ALTER TABLE outbox_new RENAME TO outbox".to_owned(),
    ];
    // The indexes of migration 000004, dropped with the old table.
    for (name, columns) in [
        ("outbox_due", &[Outbox::Status, Outbox::NextAttemptAt][..]),
        (
            "outbox_festival_created",
            &[Outbox::FestivalId, Outbox::CreatedAt][..],
        ),
    ] {
        let mut index = Index::create();
        index.name(name).table(Outbox::Table);
        for column in columns {
            index.col(column.clone());
        }
        batch.push(index.to_string(SqliteQueryBuilder));
    }
    batch.push(
        Index::create()
            .name("outbox_once")
            .table(Outbox::Table)
            .col(Outbox::RegistrationId)
            .col(Outbox::Kind)
            .col(Outbox::Sequence)
            .col(Outbox::OffsetMinutes)
            .unique()
            .to_string(SqliteQueryBuilder),
    );
    if for_members {
        batch.push(
            Index::create()
                .name("outbox_member")
                .table(Outbox::Table)
                .col(Outbox::MemberId)
                .to_string(SqliteQueryBuilder),
        );
    }
    db.execute_unprepared(&batch.join(";\n")).await?;
    Ok(())
}

#[derive(DeriveIden, Clone)]
enum Outbox {
    Table,
    Id,
    RegistrationId,
    EventId,
    FestivalId,
    MemberId,
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
enum OutboxNew {
    Table,
}

#[derive(DeriveIden)]
enum Members {
    Table,
    Id,
    OrganisationId,
    Email,
    Role,
    Locale,
    CreatedAt,
}

#[derive(DeriveIden)]
enum MemberFestivals {
    Table,
    MemberId,
    FestivalId,
}

#[derive(DeriveIden)]
enum SignInLinks {
    Table,
    Id,
    MemberId,
    TokenHash,
    Locale,
    NextPath,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum SignInRequests {
    Table,
    EmailHash,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    IdHash,
    MemberId,
    CreatedAt,
    LastSeenAt,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Festivals {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Registrations {
    Table,
    Id,
}
