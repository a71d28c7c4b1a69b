//! The versions of public feeds this instance last worked out, so that a calendar app's hourly
//! poll of an unchanged feed is answered 304 without reading the database.
//!
//! An entry holds the validators of one feed (its path and filters) and the catalogue's
//! generation ([`crate::store::changes::Changes`]) read before the database was: any change
//! committed since (here, or on PostgreSQL by another instance, heard by `LISTEN`) moves the
//! generation, and the entry no longer answers. What nothing can signal is bounded too: an
//! entry answers for [`AT_MOST`] at most (a change written to the database by hand, or by a
//! command-line process beside the service), and only on the day it was made (a feed's version
//! includes the day: cancelled events leave it 30 days after their end).

use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use quick_cache::sync::Cache;

use super::conditional::Validators;

/// How long a remembered version answers, whatever is heard.
pub const AT_MOST: Duration = Duration::from_secs(10);

/// Feeds remembered at most; the least used go first.
const ENTRIES: usize = 100_000;

#[derive(Clone)]
struct Entry {
    validators: Validators,
    generation: u64,
    day: NaiveDate,
    made: Instant,
}

pub struct FeedMemory(Cache<String, Entry>);

impl Default for FeedMemory {
    fn default() -> Self {
        Self(Cache::new(ENTRIES))
    }
}

impl FeedMemory {
    /// The validators remembered for `feed`, if nothing changed since (`generation`, read by
    /// the caller now; `None` while changes may go unheard) and they are still fresh at `now`.
    pub(super) fn recall(
        &self,
        feed: &str,
        generation: Option<u64>,
        now: DateTime<Utc>,
    ) -> Option<Validators> {
        let generation = generation?;
        let entry = self.0.get(feed)?;
        (entry.generation == generation
            && entry.day == now.date_naive()
            && entry.made.elapsed() < AT_MOST)
            .then_some(entry.validators)
    }

    /// Remembers `validators` for `feed`, worked out from reads made after `generation` was
    /// read (a change committed meanwhile has moved it past, so the entry never answers).
    pub(super) fn remember(
        &self,
        feed: String,
        validators: &Validators,
        generation: Option<u64>,
        now: DateTime<Utc>,
    ) {
        if let Some(generation) = generation {
            let entry = Entry {
                validators: validators.clone(),
                generation,
                day: now.date_naive(),
                made: Instant::now(),
            };
            self.0.insert(feed, entry);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::feeds::conditional::Privacy;

    #[test]
    fn a_remembered_version_answers_until_anything_changes_or_the_day_turns() {
        let memory = FeedMemory::default();
        let now = Utc::now();
        let v = Validators::new("festival:1", now, true, Privacy::Public);
        memory.remember("a".to_owned(), &v, Some(7), now);
        assert!(memory.recall("a", Some(7), now).is_some());
        assert!(memory.recall("a", Some(8), now).is_none(), "a change");
        assert!(memory.recall("a", None, now).is_none(), "changes unheard");
        let tomorrow = now + chrono::Duration::days(1);
        assert!(
            memory.recall("a", Some(7), tomorrow).is_none(),
            "another day"
        );
        assert!(memory.recall("b", Some(7), now).is_none(), "another feed");
        memory.remember("c".to_owned(), &v, None, now);
        assert!(
            memory.recall("c", Some(7), now).is_none(),
            "made while deaf"
        );
    }
}
