//! Turns per event inside one process, for the writes that lock an event's row on PostgreSQL.
//!
//! When a popular workshop opens, every client's registration asks PostgreSQL for the same
//! row at once. PostgreSQL queues them, but each hand-over of the row wakes a waiting
//! backend, which with dozens waiting and two cores waited for a core (567 a second with two
//! instances, whatever the statement). Queued here instead, a process sends one registration
//! for an event at a time, and PostgreSQL sees at most one waiter per instance; the wait in
//! tokio costs a task switch.

use tokio::sync::{Mutex, MutexGuard};
use uuid::Uuid;

/// Events share a turn when their ids fall in the same stripe: few enough to keep without
/// ever cleaning up, many enough that registrations for different events rarely wait for
/// each other.
const STRIPES: usize = 256;

pub struct Turns(Box<[Mutex<()>]>);

impl Default for Turns {
    fn default() -> Self {
        Self((0..STRIPES).map(|_| Mutex::new(())).collect())
    }
}

impl std::fmt::Debug for Turns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Turns")
    }
}

impl Turns {
    /// Waits for `event_id`'s turn; it lasts as long as the guard.
    pub async fn take(&self, event_id: Uuid) -> MutexGuard<'_, ()> {
        let stripe = (event_id.as_u128() % STRIPES as u128) as usize;
        self.0[stripe].lock().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_event_waits_for_its_turn_and_another_event_does_not() {
        let turns = Turns::default();
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let held = turns.take(a).await;
        assert!(turns.0[1].try_lock().is_err(), "a's stripe is held");
        let other = tokio::time::timeout(std::time::Duration::from_secs(1), turns.take(b)).await;
        assert!(other.is_ok(), "b has a stripe of its own");
        drop(other);
        let again = turns.take(a);
        tokio::pin!(again);
        assert!(futures_util::poll!(&mut again).is_pending());
        drop(held);
        assert!(futures_util::poll!(&mut again).is_ready());
    }
}
