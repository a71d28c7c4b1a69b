//! Queries and transactions, one file per aggregate. Functions take `&impl ConnectionTrait`, so
//! the same query runs on the pool or inside a caller's transaction; writes that must hold
//! together run in one transaction: [`Db::write`] for the many small ones (a registration),
//! which SQLite commits in groups, or a [`WriteTxn`] from [`Db::begin_write`].

pub mod attendees;
pub mod events;
pub mod feeds;
pub mod festivals;
pub mod idempotency;
pub mod keys;
pub mod notifications;
pub mod organisations;
pub mod outbox;
pub mod privacy;
pub mod registrations;
pub mod tokens;
pub mod venues;
mod writer;

use std::{ops::Deref, sync::Arc, time::Duration};

use chrono::{DateTime, SubsecRound, Utc};
use futures_util::future::BoxFuture;
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ColumnTrait, Condition, ConnectOptions, ConnectionTrait, Database, DatabaseBackend,
    DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait, QueryTrait, Select, SqlErr,
    TransactionTrait,
    sea_query::{Expr, LikeExpr},
};
use tokio::sync::OwnedMutexGuard;

use self::writer::SqliteWriter;
use crate::{
    domain::text::search_key,
    error::{AppError, AppResult},
};

/// The database: a pool, plus on SQLite the one connection that writes.
#[derive(Clone, Debug)]
pub struct Db {
    conn: DatabaseConnection,
    sqlite_writer: Option<Arc<SqliteWriter>>,
}

/// A write transaction. On SQLite it began `IMMEDIATE`, so a read followed by a write inside it
/// can never fail with "database is locked"; on PostgreSQL rows are locked by the statements.
pub struct WriteTxn {
    txn: DatabaseTransaction,
    /// On SQLite: the log this commit adds to, and the writer's lock, held until the end.
    writer: Option<(Arc<writer::Log>, OwnedMutexGuard<()>)>,
}

impl Deref for WriteTxn {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}

impl WriteTxn {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await?;
        if let Some((log, _)) = &self.writer {
            log.wrote(1);
        }
        Ok(())
    }
}

impl Db {
    /// Connects with settings fit for each backend. An unreachable PostgreSQL fails within
    /// seconds instead of sqlx's default half minute.
    pub async fn connect(url: &str) -> Result<Self, DbErr> {
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .connect_timeout(Duration::from_secs(5))
            .acquire_timeout(Duration::from_secs(10))
            // sqlx pings a connection before every checkout by default: one more round trip
            // per query. A broken connection fails its query instead, which surfaces the same.
            .test_before_acquire(false)
            .sqlx_logging(false);
        let is_sqlite = url.starts_with("sqlite:");
        if !is_sqlite {
            options.max_connections(20).min_connections(1);
            let conn = Database::connect(options).await?;
            return Ok(Self {
                conn,
                sqlite_writer: None,
            });
        }
        fn tuned(o: SqliteConnectOptions) -> SqliteConnectOptions {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        }
        // (Each `map_sqlx_sqlite_opts` replaces the one before: the writer's must tune too.)
        options.map_sqlx_sqlite_opts(tuned);
        let mut writer = options.clone();
        writer
            .max_connections(1)
            .min_connections(1)
            .map_sqlx_sqlite_opts(|o| tuned(o).pragma("wal_autocheckpoint", "0"));
        let writer = Database::connect(writer).await?;
        options.max_connections(8);
        let conn = Database::connect(options).await?;
        let writer = SqliteWriter::start(writer, conn.clone());
        Ok(Self {
            conn,
            sqlite_writer: Some(writer),
        })
    }

    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    pub fn backend(&self) -> DatabaseBackend {
        self.conn.get_database_backend()
    }

    pub async fn begin_write(&self) -> Result<WriteTxn, DbErr> {
        let (conn, writer) = match &self.sqlite_writer {
            Some(writer) => (
                &writer.conn,
                Some((writer.log.clone(), writer.lock.clone().lock_owned().await)),
            ),
            None => (&self.conn, None),
        };
        let txn = conn.begin_with_options(writer::immediate()).await?;
        Ok(WriteTxn { txn, writer })
    }

    /// Runs `work` in a write transaction and commits it. On SQLite the work joins the next
    /// group commit (see [`writer`]): the way to write where writes are many and small.
    pub async fn write<T, F>(&self, work: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: for<'t> FnOnce(&'t DatabaseTransaction) -> BoxFuture<'t, AppResult<T>> + Send + 'static,
    {
        if let Some(writer) = &self.sqlite_writer {
            return writer.submit(work).await;
        }
        let txn = self.begin_write().await?;
        let done = work(&txn).await?;
        txn.commit().await?;
        Ok(done)
    }

    /// Runs the migrations that have not run yet.
    pub async fn migrate(&self) -> Result<(), DbErr> {
        use migration::MigratorTrait;
        migration::Migrator::up(&self.conn, None).await
    }

    /// True when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        self.conn.ping().await.is_ok()
    }
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

    use super::*;

    #[test]
    fn like_patterns_take_wildcards_literally() {
        assert_eq!(like_contains("50%_off\\"), "%50\\%\\_off\\\\%");
    }

    async fn sqlite_file(dir: &tempfile::TempDir) -> Db {
        let url = format!("sqlite://{}/t.db?mode=rwc", dir.path().display());
        let db = Db::connect(&url).await.expect("connect");
        db.conn()
            .execute_unprepared("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
            .await
            .expect("create");
        db
    }

    async fn pragma(txn: &WriteTxn, name: &str) -> i64 {
        let row = txn
            .query_one_raw(sea_orm::Statement::from_string(
                DatabaseBackend::Sqlite,
                format!("PRAGMA {name}"),
            ))
            .await
            .expect("pragma")
            .expect("a row");
        row.try_get_by_index(0).expect("an integer")
    }

    #[tokio::test]
    async fn the_sqlite_writer_keeps_the_tuning_and_leaves_checkpoints_to_the_task() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = sqlite_file(&dir).await;
        let txn = db.begin_write().await.expect("begin");
        assert_eq!(pragma(&txn, "foreign_keys").await, 1);
        assert_eq!(pragma(&txn, "synchronous").await, 1, "NORMAL");
        assert_eq!(pragma(&txn, "wal_autocheckpoint").await, 0);
        assert_eq!(pragma(&txn, "busy_timeout").await, 10_000);
    }

    #[tokio::test]
    async fn a_checkpoint_lets_the_log_start_again() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = sqlite_file(&dir).await;
        let wal = dir.path().join("t.db-wal");
        let write = |n: usize| {
            let db = db.clone();
            async move {
                for i in 0..n {
                    let txn = db.begin_write().await.expect("begin");
                    txn.execute_unprepared(&format!("INSERT INTO t (body) VALUES ('{i:0>900}')"))
                        .await
                        .expect("insert");
                    txn.txn.commit().await.expect("commit");
                }
            }
        };
        write(40).await;
        let filled = std::fs::metadata(&wal).expect("wal").len();
        let writer = db.sqlite_writer.as_ref().expect("sqlite");
        writer::checkpoint(writer, db.conn(), 0)
            .await
            .expect("checkpoint");
        write(40).await;
        assert_eq!(
            std::fs::metadata(&wal).expect("wal").len(),
            filled,
            "the log was written again from its start"
        );
        write(40).await;
        assert!(std::fs::metadata(&wal).expect("wal").len() > filled);
    }

    #[tokio::test]
    async fn a_write_that_fails_in_a_group_leaves_nothing_and_the_others_stand() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = sqlite_file(&dir).await;
        // Submitted together, these share group commits; every third fails after writing, and
        // one panics after writing.
        let answers = futures_util::future::join_all((0..200_i64).map(|i| {
            db.write(move |txn| {
                Box::pin(async move {
                    txn.execute_unprepared(&format!("INSERT INTO t (id, body) VALUES ({i}, 'x')"))
                        .await?;
                    if i == 100 {
                        panic!("a write that panics");
                    }
                    if i % 3 == 0 {
                        return Err(AppError::conflict("refused"));
                    }
                    Ok(i)
                })
            })
        }))
        .await;
        let kept: Vec<i64> = (0..200).filter(|i| i % 3 != 0 && *i != 100).collect();
        let answered: Vec<i64> = answers.into_iter().filter_map(Result::ok).collect();
        assert_eq!(answered, kept);
        let rows = db
            .conn()
            .query_all_raw(sea_orm::Statement::from_string(
                DatabaseBackend::Sqlite,
                "SELECT id FROM t ORDER BY id",
            ))
            .await
            .expect("select");
        let stored: Vec<i64> = rows
            .iter()
            .map(|r| r.try_get_by_index(0).expect("id"))
            .collect();
        assert_eq!(stored, kept);
    }

    #[test]
    fn lists_round_trip_and_tolerate_garbage() {
        let text = encode_list(&["niñez", "familias"]);
        assert_eq!(decode_list::<String>(&text), vec!["niñez", "familias"]);
        assert!(decode_list::<String>("not json").is_empty());
    }
}
