//! Turns per event inside one process, for the writes that lock an event's row on PostgreSQL.
//!
//! When a popular workshop opens, every client's registration asks PostgreSQL for the same
//! row at once. PostgreSQL queues them, but each hand-over of the row wakes a waiting
//! backend, which with dozens waiting and two cores waited for a core (567 a second with two
//! instances, whatever the statement). Queued here instead, a process sends at most
//! [`IN_FLIGHT`] registrations for an event at a time; the wait in tokio costs a task switch.

use tokio::sync::{Semaphore, SemaphorePermit};
use uuid::Uuid;

/// Events share a turn when their ids fall in the same stripe: few enough to keep without
/// ever cleaning up, many enough that registrations for different events rarely wait for
/// each other.
const STRIPES: usize = 256;

pub struct Turns(Box<[Semaphore]>);

/// Two at a time: while one registration's commit is written, the next is already at
/// PostgreSQL, waiting for the row, and takes it without a round trip to the service. One
/// at a time, a single instance ran the hot event at 898–956 a second; two, 1,063–1,113
/// (with two instances, 1,018–1,089 either way).
const IN_FLIGHT: u32 = 2;

impl Default for Turns {
    fn default() -> Self {
        Self(
            (0..STRIPES)
                .map(|_| Semaphore::new(IN_FLIGHT as usize))
                .collect(),
        )
    }
}

impl std::fmt::Debug for Turns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Turns")
    }
}

impl Turns {
    /// Waits for `event_id`'s turn; it lasts as long as the permit (`None` never happens:
    /// the semaphores are never closed). An `alone` turn is the event's only one in this
    /// process: a registration with an `Idempotency-Key`, so that a retry sent while its first
    /// try runs waits for it and gets its answer again, as with one turn at a time.
    pub async fn take(&self, event_id: Uuid, alone: bool) -> Option<SemaphorePermit<'_>> {
        let stripe = (event_id.as_u128() % STRIPES as u128) as usize;
        let permits = if alone { IN_FLIGHT } else { 1 };
        self.0[stripe].acquire_many(permits).await.ok()
    }
}

#[cfg(test)]
mod tests {
    use std::task::Poll;

    use super::*;

    #[tokio::test]
    async fn an_event_lets_two_in_at_a_time_and_another_event_does_not_wait() {
        let turns = Turns::default();
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let soon = std::time::Duration::from_secs(1);
        let first = turns.take(a, false).await;
        let second = tokio::time::timeout(soon, turns.take(a, false)).await;
        assert!(first.is_some(), "a's first turn");
        assert!(second.is_ok(), "a's second turn, beside the first");
        let other = tokio::time::timeout(soon, turns.take(b, false)).await;
        assert!(other.is_ok(), "b has a stripe of its own");
        drop(other);
        let third = turns.take(a, false);
        tokio::pin!(third);
        assert!(futures_util::poll!(&mut third).is_pending());
        drop(first);
        assert!(futures_util::poll!(&mut third).is_ready());
        drop(second);
        // A turn alone waits for every other turn of its event, and they for it.
        let one = turns.take(a, false).await;
        let alone = turns.take(a, true);
        tokio::pin!(alone);
        assert!(futures_util::poll!(&mut alone).is_pending());
        drop(one);
        let Poll::Ready(alone) = futures_util::poll!(&mut alone) else {
            panic!("the event's turns are free");
        };
        let after = turns.take(a, false);
        tokio::pin!(after);
        assert!(futures_util::poll!(&mut after).is_pending());
        drop(alone);
        assert!(futures_util::poll!(&mut after).is_ready());
    }
}
