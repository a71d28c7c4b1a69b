//! Queries and transactions, one file per aggregate. Functions take `&impl ConnectionTrait`, so
//! the same query runs on the pool or inside a caller's transaction; writes that must hold
//! together run in one transaction: [`Db::write`] for the many small ones (a registration),
//! which SQLite commits in groups, or a [`WriteTxn`] from [`Db::begin_write`].

pub mod attendees;
pub mod changes;
mod db;
pub mod events;
pub mod feeds;
pub mod festivals;
pub mod figures;
pub mod idempotency;
pub mod keys;
pub mod members;
pub mod notifications;
pub mod organisations;
pub mod outbox;
pub mod privacy;
pub mod registrations;
pub mod reports;
pub mod sessions;
pub mod tokens;
mod turns;
pub mod venues;
mod writer;

pub use db::{Db, WriteTxn};

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryTrait,
    Select, SqlErr,
    sea_query::{Expr, LikeExpr},
};

use crate::{domain::text::search_key, error::AppError};

/// A new row's id. Time-ordered (UUIDv7), so each table's id index, and every index on a
/// column that refers to such an id, grows at its end: random ids (v4) put each new entry on
/// a random page of the index, and a group of registrations wrote as many pages as it had
/// entries (hot event on SQLite, alternating runs: 2,461–2,618 registrations/s against
/// 2,112–2,391, and a tenth less CPU). Ids are not secrets: every token is a keyed hash of its
/// id (`domain::token`), so an id that tells when its row was made reveals no token.
pub fn new_id() -> uuid::Uuid {
    uuid::Uuid::now_v7()
}

/// Whether row locks must be taken explicitly: on PostgreSQL yes; on SQLite a write
/// transaction (begun IMMEDIATE) already excludes every other writer, so a locking statement
/// would only cost a round trip.
pub fn needs_row_locks(db: &impl ConnectionTrait) -> bool {
    db.get_database_backend() != DatabaseBackend::Sqlite
}

/// The current time at the precision both databases keep (microseconds), so that what is read
/// back equals what was written.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Which slice of a list to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: u64,
    pub offset: u64,
}

/// How many rows `select` matches: `SELECT COUNT(*)` with its filters but without its columns
/// and ORDER BY. (sea-orm's `count` wraps the whole ordered query in a subquery, which SQLite
/// sorts before counting.)
pub async fn count<E: EntityTrait>(
    db: &impl ConnectionTrait,
    select: Select<E>,
) -> Result<u64, DbErr> {
    let mut query = select.into_query();
    query
        .clear_order_by()
        .clear_selects()
        .expr(Expr::cust("COUNT(*)"));
    let row = db.query_one(&query).await?;
    let n: i64 = match row {
        Some(row) => row.try_get_by_index(0)?,
        None => 0,
    };
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Encodes a list of strings for a JSON-text column.
/// `values` for an `IN (…)` list, padded to the next power of two by repeating the last one.
/// Each distinct list length is a distinct statement, and the database's and sqlx's statement
/// caches keep every one of them: a batch of 1 to 500 ids would fill them with up to 500
/// statements used once. Padded, there are at most ten lengths up to 512; longer lists (rare,
/// and near the databases' limits on bound parameters) are left as they are.
pub fn padded<T: Clone>(values: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut values: Vec<T> = values.into_iter().collect();
    if let Some(last) = values.last().cloned()
        && values.len() <= 512
    {
        values.resize(values.len().next_power_of_two(), last);
    }
    values
}

pub fn encode_list<T: serde::Serialize>(items: &[T]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".to_owned())
}

/// Decodes a JSON-text column; a malformed value reads as empty rather than failing a request.
pub fn decode_list<T: serde::de::DeserializeOwned>(text: &str) -> Vec<T> {
    serde_json::from_str(text).unwrap_or_default()
}

/// A `LIKE` pattern matching `needle` anywhere, with `%`, `_` and `\` taken literally
/// (use with `ESCAPE '\'`).
pub fn like_contains(needle: &str) -> String {
    let mut pattern = String::with_capacity(needle.len() + 2);
    pattern.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Every word of `q` must appear in `column` (a search key made by
/// [`crate::domain::text::search_key`]), in any order.
pub fn search_condition(column: impl ColumnTrait, q: &str) -> Condition {
    let key = search_key([q]);
    key.split(' ')
        .filter(|w| !w.is_empty())
        .fold(Condition::all(), |cond, word| {
            cond.add(column.like(LikeExpr::new(like_contains(word)).escape('\\')))
        })
}

/// Maps a unique-constraint violation to a 409 with `detail`; any other error passes through.
pub fn conflict_on_duplicate(err: DbErr, detail: impl FnOnce() -> String) -> AppError {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict(detail()),
        _ => AppError::Database(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_lists_come_in_few_lengths() {
        assert_eq!(super::padded(Vec::<u8>::new()), Vec::<u8>::new());
        assert_eq!(super::padded([1]), vec![1]);
        assert_eq!(super::padded([1, 2, 3]), vec![1, 2, 3, 3]);
        assert_eq!(super::padded(1..=300).len(), 512);
        let lengths: std::collections::BTreeSet<usize> =
            (1..=500).map(|n| super::padded(0..n).len()).collect();
        assert_eq!(lengths.len(), 10);
        assert_eq!(super::padded(0..600).len(), 600);
    }

    #[test]
    fn like_patterns_take_wildcards_literally() {
        assert_eq!(like_contains("50%_off\\"), "%50\\%\\_off\\\\%");
    }

    #[test]
    fn lists_round_trip_and_tolerate_garbage() {
        let text = encode_list(&["niñez", "familias"]);
        assert_eq!(decode_list::<String>(&text), vec!["niñez", "familias"]);
        assert!(decode_list::<String>("not json").is_empty());
    }
}
