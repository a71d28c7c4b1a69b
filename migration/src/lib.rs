//! Convoca's schema migrations, applied in order by `convoca migrate` and at `convoca serve` start.
//! Each file is named `mYYYYMMDD_HHMMSS_what` and is never edited once released: a change of
//! schema is a new migration.

// `MigrationTrait` is an async_trait whose signatures elide `SchemaManager`'s lifetime; an
// impl that spells it out no longer matches the trait.
#![allow(elided_lifetimes_in_paths)]

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_create_catalogue;
mod m20261123_000002_create_registrations;
mod m20261123_000003_feed_version;
mod m20261123_000004_create_outbox;
mod m20261202_000005_harden_secrets;
mod m20261203_000006_registrations_by_email;
mod m20261203_000007_event_materials_note;
mod m20261204_000008_registration_reminders;
mod m20261204_000009_token_last_used;
mod m20261205_000010_console_members;
mod m20261205_000011_festival_figures;
mod m20261206_000012_seats_apart;
mod m20261206_000013_catalogue_notify;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_catalogue::Migration),
            Box::new(m20261123_000002_create_registrations::Migration),
            Box::new(m20261123_000003_feed_version::Migration),
            Box::new(m20261123_000004_create_outbox::Migration),
            Box::new(m20261202_000005_harden_secrets::Migration),
            Box::new(m20261203_000006_registrations_by_email::Migration),
            Box::new(m20261203_000007_event_materials_note::Migration),
            Box::new(m20261204_000008_registration_reminders::Migration),
            Box::new(m20261204_000009_token_last_used::Migration),
            Box::new(m20261205_000010_console_members::Migration),
            Box::new(m20261205_000011_festival_figures::Migration),
            Box::new(m20261206_000012_seats_apart::Migration),
            Box::new(m20261206_000013_catalogue_notify::Migration),
        ]
    }
}
