//! The installation's secret key, from which manage and calendar links are derived, and where
//! it is kept. By default it is kept out of the database, so that a copy of the database (a
//! backup, a dump handed to an analyst) opens no one's registration or calendar:
//!
//! 1. `CONVOCA_SECRET_KEY`, when set;
//! 2. else the key file (`CONVOCA_SECRET_KEY_FILE`, by default `convoca.key` beside the
//!    SQLite file), created once with mode 0600. An installation that kept its key in the
//!    database moves it into the file at first start, so links already sent keep working;
//! 3. else (PostgreSQL with neither set) the database, shared by every instance, with a
//!    warning at start-up.

use std::{io::Write, path::Path};

use anyhow::Context;
use entity::{instance_key, person};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
    sea_query::{Expr, OnConflict},
};
use uuid::Uuid;

use crate::{
    config::Config,
    domain::token::{self, ManageKey},
};

const MANAGE_KEY: &str = "manage_tokens";

/// The key, from wherever `config` says it is kept (see the module docs).
pub async fn manage_key(db: &impl ConnectionTrait, config: &Config) -> anyhow::Result<ManageKey> {
    if let Some(key) = &config.secret_key {
        return Ok(ManageKey::new(key.trim().as_bytes()));
    }
    match &config.secret_key_file {
        Some(path) => from_file(db, path).await,
        None => {
            tracing::warn!(
                "the secret key is kept in the database: a copy of the database opens every \
                 manage and calendar link; set CONVOCA_SECRET_KEY (the same on every instance)"
            );
            Ok(ManageKey::new(in_database(db).await?.as_bytes()))
        }
    }
}

async fn from_file(db: &impl ConnectionTrait, path: &Path) -> anyhow::Result<ManageKey> {
    let fail = || format!("CONVOCA_SECRET_KEY_FILE: cannot use {}", path.display());
    if let Ok(text) = std::fs::read_to_string(path) {
        let key = text.trim();
        anyhow::ensure!(key.len() >= 32, "{}: the key is too short", fail());
        return Ok(ManageKey::new(key.as_bytes()));
    }
    // First start with a key file: take over the key an older version kept in the database.
    let stored = instance_key::Entity::find_by_id(MANAGE_KEY.to_owned())
        .one(db)
        .await?
        .map(|k| k.value);
    let key = stored.clone().unwrap_or_else(ManageKey::generate);
    match create_private(path, &key) {
        Ok(()) => {}
        // Another process sharing this SQLite file created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let text = std::fs::read_to_string(path).with_context(fail)?;
            return Ok(ManageKey::new(text.trim().as_bytes()));
        }
        Err(e) => return Err(e).with_context(fail),
    }
    if stored.is_some() {
        instance_key::Entity::delete_by_id(MANAGE_KEY.to_owned())
            .exec(db)
            .await?;
    }
    tracing::info!(path = %path.display(), "secret key file created; back it up apart from the database");
    Ok(ManageKey::new(key.as_bytes()))
}

/// Writes `key` to a new file readable by its owner only.
fn create_private(path: &Path, key: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = options.open(path)?;
    file.write_all(key.as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()
}

/// The key kept in the database, created by whichever process starts first.
async fn in_database(db: &impl ConnectionTrait) -> anyhow::Result<String> {
    instance_key::Entity::insert(instance_key::ActiveModel {
        name: Set(MANAGE_KEY.to_owned()),
        value: Set(ManageKey::generate()),
    })
    .on_conflict(
        OnConflict::column(instance_key::Column::Name)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    instance_key::Entity::find_by_id(MANAGE_KEY.to_owned())
        .one(db)
        .await?
        .map(|k| k.value)
        .context("the instance key could not be read back")
}

/// Gives a derived calendar token to the people whose clear token the 2026-12-02 migration
/// dropped (marked `rekey-…`). Their old calendar links stop working; the next email they get
/// carries the new one. Runs at every start, and finds nothing once done.
pub async fn rekey_people(db: &impl ConnectionTrait, key: &ManageKey) -> anyhow::Result<u64> {
    let ids: Vec<Uuid> = person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .filter(person::Column::FeedTokenHash.starts_with("rekey-"))
        .into_tuple()
        .all(db)
        .await?;
    for id in &ids {
        person::Entity::update_many()
            .col_expr(
                person::Column::FeedTokenHash,
                Expr::value(token::hash(&key.feed_token_for(*id))),
            )
            .filter(person::Column::Id.eq(*id))
            .exec(db)
            .await?;
    }
    Ok(ids.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_file_is_private_and_never_overwritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("convoca.key");
        create_private(&path, "k".repeat(43).as_str()).expect("created");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let again = create_private(&path, "other");
        assert_eq!(
            again.map_err(|e| e.kind()),
            Err(std::io::ErrorKind::AlreadyExists)
        );
    }
}
