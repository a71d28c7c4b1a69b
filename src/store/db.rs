//! The database handle: connecting with settings fit for each backend, and the two ways to
//! write (`Db::write` for small writes SQLite commits in groups, `Db::begin_write` for a
//! transaction of one's own).

use std::{ops::Deref, sync::Arc, time::Duration};

use futures_util::future::BoxFuture;
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection,
    DatabaseTransaction, DbErr, QueryResult, Statement, TransactionTrait,
};
use tokio::sync::OwnedMutexGuard;

use super::{
    changes::Changes,
    turns::Turns,
    writer::{self, SqliteWriter},
};
use crate::error::AppResult;

/// The database: a pool, plus on SQLite the one connection that writes.
#[derive(Clone, Debug)]
pub struct Db {
    conn: DatabaseConnection,
    sqlite_writer: Option<Arc<SqliteWriter>>,
    changes: Arc<Changes>,
    /// PostgreSQL only: SQLite's one writer queues its writes anyway.
    turns: Option<Arc<Turns>>,
}

/// A write transaction. On SQLite it began `IMMEDIATE`, so a read followed by a write inside it
/// can never fail with "database is locked"; on PostgreSQL rows are locked by the statements.
pub struct WriteTxn {
    txn: DatabaseTransaction,
    /// On SQLite: the log this commit adds to, and the writer's lock, held until the end.
    writer: Option<(Arc<writer::Log>, OwnedMutexGuard<()>)>,
    changes: Arc<Changes>,
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
        // After the commit: a feed read from now on sees the change, and one remembered
        // before is stale (see [`Changes`]).
        self.changes.changed();
        Ok(())
    }
}

/// A SQLite reader's page cache, in KiB.
const READER_CACHE_KIB: u32 = 256;
/// Prepared statements a SQLite reader keeps.
const READER_STATEMENTS: usize = 32;
/// Reader connections: two cores' worth of concurrent reads, with room for slow ones.
const READERS: u32 = 4;
/// Prepared statements the writer keeps: the registration path uses a dozen.
const WRITER_STATEMENTS: usize = 32;

/// An operator who writes `sqlite://convoca.db` means that file, created if missing, as
/// `?mode=rwc` says; a URL that names a mode (`?mode=rw`: only if it exists) keeps it.
fn creating(url: &str) -> String {
    if !url.starts_with("sqlite:") || url.contains("mode=") || url.contains(":memory:") {
        return url.to_owned();
    }
    let joint = if url.contains('?') { '&' } else { '?' };
    format!("{url}{joint}mode=rwc")
}

impl Db {
    /// Connects with settings fit for each backend. An unreachable PostgreSQL fails within
    /// seconds instead of sqlx's default half minute.
    pub async fn connect(url: &str) -> Result<Self, DbErr> {
        let url = creating(url);
        let mut options = ConnectOptions::new(url.clone());
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
                changes: Changes::new(false),
                turns: Some(Arc::default()),
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
            .map_sqlx_sqlite_opts(|o| {
                tuned(o)
                    .pragma("wal_autocheckpoint", "0")
                    .statement_cache_capacity(WRITER_STATEMENTS)
            });
        let writer = Database::connect(writer).await?;
        // Readers' caches are bounded below SQLite's and sqlx's defaults (2 MiB of pages and
        // 100 prepared statements per connection): a reader's page cache is emptied by every
        // write anyway (WAL), and the statements that matter are the few hot ones, which an
        // LRU of 32 keeps (16 cost a sixth of the throughput of uncached programme pages).
        // Four readers serve two cores: eight held twice the caches for about the same
        // throughput (180 against 185 uncached programme pages a second in `http_load`),
        // and with the defaults the service grew by some 40 MiB over a ten-minute soak.
        options.max_connections(READERS).map_sqlx_sqlite_opts(|o| {
            tuned(o)
                .pragma("cache_size", format!("-{READER_CACHE_KIB}"))
                .statement_cache_capacity(READER_STATEMENTS)
        });
        let conn = Database::connect(options).await?;
        let writer = SqliteWriter::start(writer, conn.clone());
        Ok(Self {
            conn,
            sqlite_writer: Some(writer),
            changes: Changes::new(true),
            turns: None,
        })
    }

    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// What tells this instance that the catalogue changed.
    pub fn changes(&self) -> &Arc<Changes> {
        &self.changes
    }

    /// On PostgreSQL, starts listening for the catalogue changes other instances make (until
    /// then, [`Changes::generation`] is `None`); SQLite hears every change it commits.
    pub fn listen_for_changes(&self) {
        if self.backend() == DatabaseBackend::Postgres {
            let pool = self.conn.get_postgres_connection_pool().clone();
            tokio::spawn(super::changes::listen(pool, self.changes.clone()));
        }
    }

    /// On PostgreSQL, the turn of `event_id` among this process's writes that lock its row
    /// (see [`Turns`]); on SQLite none is needed.
    pub async fn event_turn(
        &self,
        event_id: uuid::Uuid,
        alone: bool,
    ) -> Option<tokio::sync::SemaphorePermit<'_>> {
        match &self.turns {
            Some(turns) => turns.take(event_id, alone).await,
            None => None,
        }
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
        Ok(WriteTxn {
            txn,
            writer,
            changes: self.changes.clone(),
        })
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

    /// Runs one statement (or, on SQLite, a batch whose last statement may return a row) as a
    /// write of its own, and answers its first row. On SQLite it joins the next group commit,
    /// sent with what opens its savepoint (one round trip to the writer); on PostgreSQL it is
    /// sent alone, outside any transaction, so it holds its locks only while it runs.
    pub async fn write_statement(
        &self,
        statement: Statement,
    ) -> Result<Option<QueryResult>, DbErr> {
        match &self.sqlite_writer {
            Some(writer) => writer.submit_statement(statement).await,
            None => self.conn.query_one_raw(statement).await,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    use crate::error::AppError;

    #[test]
    fn a_sqlite_file_is_created_unless_the_url_names_a_mode() {
        assert_eq!(
            creating("sqlite://convoca.db"),
            "sqlite://convoca.db?mode=rwc"
        );
        assert_eq!(
            creating("sqlite://a.db?cache=shared"),
            "sqlite://a.db?cache=shared&mode=rwc"
        );
        assert_eq!(creating("sqlite://a.db?mode=rw"), "sqlite://a.db?mode=rw");
        assert_eq!(creating("postgres://h/db"), "postgres://h/db");
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

    /// A pragma's value as `db` sees it: a pooled reader, or the writer's transaction.
    async fn pragma(db: &impl ConnectionTrait, name: &str) -> i64 {
        let row = db
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
        assert_eq!(pragma(&*txn, "foreign_keys").await, 1);
        assert_eq!(pragma(&*txn, "synchronous").await, 1, "NORMAL");
        assert_eq!(pragma(&*txn, "wal_autocheckpoint").await, 0);
        assert_eq!(pragma(&*txn, "busy_timeout").await, 10_000);
    }

    #[tokio::test]
    async fn sqlite_readers_are_tuned_with_bounded_caches() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = sqlite_file(&dir).await;
        let reader = db.conn();
        assert_eq!(
            pragma(reader, "cache_size").await,
            -i64::from(READER_CACHE_KIB)
        );
        assert_eq!(pragma(reader, "foreign_keys").await, 1);
        assert_eq!(pragma(reader, "busy_timeout").await, 10_000);
        let txn = db.begin_write().await.expect("begin");
        assert_eq!(
            pragma(&*txn, "cache_size").await,
            -2000,
            "the writer keeps the default"
        );
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

    /// The ids in table `t` that `filter` keeps, in order.
    async fn ids(db: &Db, filter: &str) -> Vec<i64> {
        let rows = db
            .conn()
            .query_all_raw(sea_orm::Statement::from_string(
                DatabaseBackend::Sqlite,
                format!("SELECT id FROM t {filter} ORDER BY id"),
            ))
            .await
            .expect("select");
        rows.iter()
            .map(|r| r.try_get_by_index(0).expect("id"))
            .collect()
    }

    #[tokio::test]
    async fn a_statement_that_fails_in_a_group_leaves_nothing_and_the_others_stand() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = sqlite_file(&dir).await;
        db.conn()
            .execute_unprepared("INSERT INTO t (id, body) VALUES (0, 'there before')")
            .await
            .expect("insert");
        // Each is a batch of two inserts and a row; submitted together they share group
        // commits, and beside the other work (`write`). Every third fails in its second insert
        // (a row that exists), after its first insert wrote (row 0 is there).
        let statements = futures_util::future::join_all((0..150_i64).map(|i| {
            let second = if i % 3 == 0 { 0 } else { 1_000 + i };
            db.write_statement(sea_orm::Statement::from_sql_and_values(
                DatabaseBackend::Sqlite,
                "INSERT INTO t (id, body) VALUES ($1, 'x');
                 INSERT INTO t (id, body) VALUES ($2, 'y');
                 SELECT $1 AS id",
                [(i + 1).into(), second.into()],
            ))
        }));
        let others = futures_util::future::join_all((0..50_i64).map(|i| {
            db.write(move |txn| {
                Box::pin(async move {
                    txn.execute_unprepared(&format!(
                        "INSERT INTO t (id, body) VALUES ({}, 'z')",
                        5_000 + i
                    ))
                    .await?;
                    Ok(i)
                })
            })
        }));
        let (answers, others) = futures_util::future::join(statements, others).await;
        assert!(others.iter().all(Result::is_ok));
        let mut kept = Vec::new();
        for (i, answer) in (0..150_i64).zip(answers) {
            match (i % 3, answer) {
                (0, Err(e)) => assert!(e.to_string().contains("UNIQUE"), "{e}"),
                (0, Ok(_)) => panic!("{i} wrote a row that exists"),
                (_, Ok(Some(row))) => {
                    assert_eq!(row.try_get_by_index::<i64>(0).expect("id"), i + 1);
                    kept.extend([i + 1, 1_000 + i]);
                }
                (_, answer) => panic!("{i}: {answer:?}"),
            }
        }
        kept.extend(5_000..5_050);
        kept.sort_unstable();
        assert_eq!(ids(&db, "WHERE id > 0").await, kept);
    }

    #[tokio::test]
    async fn a_statement_that_panics_is_abandoned_and_the_writer_goes_on() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = sqlite_file(&dir).await;
        // sqlx's SQLite arguments cannot hold a u64 past i64's range: binding it panics.
        let panics = db.write_statement(sea_orm::Statement::from_sql_and_values(
            DatabaseBackend::Sqlite,
            "INSERT INTO t (id, body) VALUES (1, 'x'); INSERT INTO t (id, body) VALUES ($1, 'y')",
            [u64::MAX.into()],
        ));
        let fine = db.write_statement(sea_orm::Statement::from_string(
            DatabaseBackend::Sqlite,
            "INSERT INTO t (id, body) VALUES (2, 'z')",
        ));
        let (panicked, fine) = futures_util::future::join(panics, fine).await;
        assert!(panicked.is_err());
        assert!(fine.is_ok(), "{fine:?}");
        assert_eq!(ids(&db, "").await, vec![2]);
        let later = db.write_statement(sea_orm::Statement::from_string(
            DatabaseBackend::Sqlite,
            "INSERT INTO t (id, body) VALUES (3, 'z')",
        ));
        assert!(later.await.is_ok(), "the writer still writes");
        assert_eq!(ids(&db, "").await, vec![2, 3]);
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
        assert_eq!(ids(&db, "").await, kept);
    }
}
