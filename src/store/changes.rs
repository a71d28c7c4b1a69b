//! What tells an instance that the catalogue changed (festivals, their events, venues,
//! organisations), so that what it remembers of its feeds' versions can answer polls without
//! reading the database.
//!
//! A counter moves on every change this instance commits through a write transaction (every
//! catalogue change is one; registrations, which go through SQLite's group commits, change no
//! feed but a person's, which is never answered from memory). On PostgreSQL, changes made by
//! other instances arrive by `LISTEN`: database triggers `NOTIFY convoca_catalogue` whenever
//! those tables are written, and [`listen`] moves the counter when one arrives. Until the
//! listener is connected, and whenever it loses its connection (notifications may then have
//! been missed), memory is not trusted.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::Duration,
};

use sea_orm::sqlx::postgres::PgListener;

/// The channel the catalogue triggers notify (migration 000013).
pub const CHANNEL: &str = "convoca_catalogue";

#[derive(Debug)]
pub struct Changes {
    generation: AtomicU64,
    /// Whether every change is heard: always on SQLite (one process writes), on PostgreSQL
    /// while the listener is connected.
    heard: AtomicBool,
}

impl Changes {
    pub fn new(heard: bool) -> Arc<Self> {
        Arc::new(Self {
            generation: AtomicU64::new(0),
            heard: AtomicBool::new(heard),
        })
    }

    /// The current generation, or `None` while changes may go unheard.
    pub fn generation(&self) -> Option<u64> {
        self.heard
            .load(Ordering::Acquire)
            .then(|| self.generation.load(Ordering::Acquire))
    }

    /// Something changed: whatever was remembered before now is stale.
    pub fn changed(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    fn set_heard(&self, heard: bool) {
        self.heard.store(heard, Ordering::Release);
        // Moved either way, after: nothing remembered before this point is trusted (going
        // deaf: changes may be missed from now; hearing again: some may have been missed).
        self.changed();
    }
}

/// Listens for other instances' catalogue changes on PostgreSQL until the pool closes.
pub async fn listen(pool: sea_orm::sqlx::PgPool, changes: Arc<Changes>) {
    loop {
        match PgListener::connect_with(&pool).await {
            Ok(mut listener) => {
                if let Err(e) = listener.listen(CHANNEL).await {
                    tracing::warn!(error = %e, "cannot listen for catalogue changes");
                } else {
                    changes.set_heard(true);
                    loop {
                        match listener.try_recv().await {
                            Ok(Some(_)) => changes.changed(),
                            // The connection was lost and made again: what was sent
                            // meanwhile is lost, so everything remembered is stale.
                            Ok(None) => changes.changed(),
                            Err(e) => {
                                tracing::warn!(error = %e, "stopped listening for catalogue changes");
                                break;
                            }
                        }
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "cannot listen for catalogue changes"),
        }
        changes.set_heard(false);
        if pool.is_closed() {
            return;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_or_deafness_makes_the_generation_move_or_vanish() {
        let changes = Changes::new(true);
        let first = changes.generation().expect("heard");
        changes.changed();
        assert_ne!(changes.generation(), Some(first));
        changes.set_heard(false);
        assert_eq!(changes.generation(), None);
        let before = changes.generation.load(Ordering::Acquire);
        changes.set_heard(true);
        assert!(changes.generation().expect("heard again") > before);
    }
}
