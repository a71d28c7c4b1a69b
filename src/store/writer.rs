//! SQLite's one writer: the connection every write transaction runs on, the task that commits
//! the work of [`super::Db::write`] in groups, and the task that checkpoints the log.
//!
//! SQLite has one writer at a time anyway; queueing writers for one connection, in tokio, is far
//! cheaper than letting them collide inside SQLite, whose busy handler sleeps between retries.
//! It also keeps that connection's page cache warm: SQLite drops a connection's whole cache
//! when another connection has written since it last looked.

use std::{
    panic::AssertUnwindSafe,
    sync::{
        Arc, Weak,
        atomic::{AtomicU64, Ordering},
    },
};

use futures_util::{FutureExt, future::BoxFuture};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, QueryResult,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};
use tokio::sync::{Mutex, Notify, mpsc, oneshot};

use crate::error::{AppError, AppResult};

#[derive(Debug)]
pub(super) struct SqliteWriter {
    pub(super) conn: DatabaseConnection,
    /// Held by whoever writes: a [`super::WriteTxn`], a group commit, a checkpoint's last step.
    pub(super) lock: Arc<Mutex<()>>,
    pub(super) log: Arc<Log>,
    jobs: mpsc::UnboundedSender<Work>,
}

impl Drop for SqliteWriter {
    fn drop(&mut self) {
        // Lets the checkpoint task see that the database is gone, and end. (The group commit
        // task ends by itself: its queue closes with `jobs`.)
        self.log.due.notify_one();
    }
}

/// Options for the transaction that holds the writer: `IMMEDIATE`, so a read followed by a
/// write inside it can never fail with "database is locked".
pub(super) fn immediate() -> TransactionOptions {
    TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    }
}

impl SqliteWriter {
    /// The writer on `conn` (one connection, with the automatic checkpoint off), and its tasks;
    /// `reader` is a connection of the reading pool, for checkpoints.
    pub(super) fn start(conn: DatabaseConnection, reader: DatabaseConnection) -> Arc<Self> {
        let (jobs, queue) = mpsc::unbounded_channel();
        let writer = Arc::new(Self {
            conn,
            lock: Arc::new(Mutex::new(())),
            log: Arc::new(Log::default()),
            jobs,
        });
        tokio::spawn(group_commits(
            writer.conn.clone(),
            writer.lock.clone(),
            writer.log.clone(),
            queue,
        ));
        tokio::spawn(checkpoints(
            Arc::downgrade(&writer),
            writer.log.clone(),
            reader,
        ));
        writer
    }

    /// Runs `work` in the next group commit and answers once that group is committed.
    pub(super) async fn submit<T, F>(&self, work: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: for<'t> FnOnce(&'t DatabaseTransaction) -> BoxFuture<'t, AppResult<T>> + Send + 'static,
    {
        let (answer, answered) = oneshot::channel::<AppResult<T>>();
        let job: Job = Box::new(move |txn| {
            Box::pin(async move {
                match work(txn).await {
                    Ok(done) => Some(Box::new(move |committed: Result<(), String>| {
                        let _ = answer.send(
                            committed
                                .map(|()| done)
                                .map_err(|e| AppError::Database(DbErr::Custom(e))),
                        );
                    }) as Deliver),
                    Err(e) => {
                        let _ = answer.send(Err(e));
                        None
                    }
                }
            })
        });
        self.jobs
            .send(Work::Any(job))
            .map_err(|_| DbErr::Custom(STOPPED.to_owned()))?;
        answered.await.unwrap_or_else(|_| {
            // Its group could not begin, or the work panicked: nothing of it was kept.
            Err(AppError::Database(DbErr::Custom(ABANDONED.to_owned())))
        })
    }

    /// Runs `statement` (one, or a batch whose last statement may return a row) in the next
    /// group commit and answers its first row once that group is committed.
    pub(super) async fn submit_statement(
        &self,
        statement: Statement,
    ) -> Result<Option<QueryResult>, DbErr> {
        let (answer, answered) = oneshot::channel();
        self.jobs
            .send(Work::Statement(statement, answer))
            .map_err(|_| DbErr::Custom(STOPPED.to_owned()))?;
        answered
            .await
            .unwrap_or_else(|_| Err(DbErr::Custom(ABANDONED.to_owned())))
    }
}

const STOPPED: &str = "the database writer has stopped";
const ABANDONED: &str = "the write was abandoned";

/// Work for a group commit.
enum Work {
    /// Any work, in a savepoint of its own opened by a call before it.
    Any(Job),
    /// One statement or batch, sent in the same call as what opens its savepoint: one round
    /// trip to the writer's thread instead of two, for the writes that are most frequent
    /// (a registration is one such batch).
    Statement(Statement, Answer),
}

/// Where a statement's first row, or its error, goes.
type Answer = oneshot::Sender<Result<Option<QueryResult>, DbErr>>;

/// Work for a group commit: it runs inside its own savepoint and returns, when it succeeded,
/// what hands its result over once the group's commit is known.
type Job =
    Box<dyn for<'t> FnOnce(&'t DatabaseTransaction) -> BoxFuture<'t, Option<Deliver>> + Send>;
type Deliver = Box<dyn FnOnce(Result<(), String>) + Send>;

/// The most work one group commit takes: its first caller waits for all of it.
const GROUP_LIMIT: u64 = 64;

/// Runs queued work in groups: one transaction for all the work waiting, each piece in a
/// savepoint of its own so that a piece that fails leaves nothing and the others stand.
///
/// A transaction costs far more than its statements here: beginning, committing, handing the
/// connection back to the pool and to the next writer are each a hand-off between threads,
/// together as long as the registration itself. Under load, the work that queued while one
/// group ran shares the next group's transaction; alone, a piece is a group of one.
async fn group_commits(
    conn: DatabaseConnection,
    lock: Arc<Mutex<()>>,
    log: Arc<Log>,
    mut queue: mpsc::UnboundedReceiver<Work>,
) {
    while let Some(first) = queue.recv().await {
        let held = lock.lock().await;
        let group = match conn.begin_with_options(immediate()).await {
            Ok(group) => group,
            Err(e) => {
                tracing::error!(error = %e, "a group commit could not begin");
                continue;
            }
        };
        let mut kept: Vec<Deliver> = Vec::new();
        let mut broken = None;
        let mut ran: u64 = 0;
        let mut next = Some(first);
        let mut savepoints = Savepoints::default();
        while let Some(job) = next.take() {
            ran += 1;
            match run_in_savepoint(&group, &savepoints, job, &mut kept).await {
                Ok(kept) => savepoints.after(kept),
                Err(e) => {
                    broken = Some(e);
                    break;
                }
            }
            if ran < GROUP_LIMIT {
                next = queue.try_recv().ok();
            }
        }
        let committed = match broken {
            Some(e) => {
                let _ = group.rollback().await;
                Err(e.to_string())
            }
            None => group.commit().await.map_err(|e| e.to_string()),
        };
        drop(held);
        if committed.is_ok() {
            log.wrote(ran);
        }
        for deliver in kept {
            deliver(committed.clone());
        }
    }
}

/// The savepoints of a group's pieces of work: what the piece about to run is inside, and
/// what must run before it.
///
/// Pieces alternate between two names, so that rolling back to the current piece's savepoint
/// can never undo a piece before it: if the current one's savepoint was never opened (its
/// opening failed), the rollback fails too and breaks the group.
struct Savepoints {
    current: &'static str,
    /// Empty after a piece was rolled back: its savepoint stays open, and empty, for the next.
    prepare: String,
}

const SAVEPOINT_NAMES: [&str; 2] = ["convoca_a", "convoca_b"];

impl Default for Savepoints {
    fn default() -> Self {
        Self {
            current: SAVEPOINT_NAMES[0],
            prepare: format!("SAVEPOINT {}", SAVEPOINT_NAMES[0]),
        }
    }
}

impl Savepoints {
    /// After a piece ran: if it was kept, the next one releases its savepoint and opens the
    /// other name, in one call (sea-orm's nested transactions would release, then begin).
    fn after(&mut self, kept: bool) {
        if !kept {
            self.prepare.clear();
            return;
        }
        let next = match self.current == SAVEPOINT_NAMES[0] {
            true => SAVEPOINT_NAMES[1],
            false => SAVEPOINT_NAMES[0],
        };
        self.prepare = format!("RELEASE {}; SAVEPOINT {next}", self.current);
        self.current = next;
    }

    fn rollback(&self) -> String {
        format!("ROLLBACK TO {}", self.current)
    }
}

/// Runs what `savepoints` says must come first (which leaves the piece's savepoint open), then
/// `work` inside it, and says whether the piece was kept; one that failed or panicked was
/// rolled back to its savepoint. An error here is the savepoint's own, which breaks the group.
///
/// Every call is a round trip to the writer connection's thread, and a registration is
/// one call of its own: so a statement is sent with what opens its savepoint ahead of it.
async fn run_in_savepoint(
    group: &DatabaseTransaction,
    savepoints: &Savepoints,
    work: Work,
    kept: &mut Vec<Deliver>,
) -> Result<bool, DbErr> {
    let prepare = savepoints.prepare.as_str();
    let ran = match work {
        Work::Any(job) => {
            if !prepare.is_empty() {
                group.execute_unprepared(prepare).await?;
            }
            AssertUnwindSafe(job(group)).catch_unwind().await
        }
        Work::Statement(mut statement, answer) => {
            // Whatever fails here, the statement or its savepoint's opening, is rolled back
            // below: if the savepoint is not there to roll back to, that fails too and breaks
            // the group (see `Savepoints`).
            if !prepare.is_empty() {
                statement.sql = format!("{prepare};\n{}", statement.sql);
            }
            AssertUnwindSafe(run_statement(group, statement, answer))
                .catch_unwind()
                .await
        }
    };
    match ran {
        Ok(Some(deliver)) => {
            kept.push(deliver);
            Ok(true)
        }
        Ok(None) => {
            group.execute_unprepared(&savepoints.rollback()).await?;
            Ok(false)
        }
        Err(_) => {
            tracing::error!("a write panicked; its savepoint is rolled back");
            group.execute_unprepared(&savepoints.rollback()).await?;
            Ok(false)
        }
    }
}

/// A statement as a piece of work: its row is handed over once the group's commit is known,
/// its error at once (as [`SqliteWriter::submit`]'s work does). After a panic the answer is
/// dropped: "abandoned".
async fn run_statement(
    group: &DatabaseTransaction,
    statement: Statement,
    answer: Answer,
) -> Option<Deliver> {
    match group.query_one_raw(statement).await {
        Ok(row) => Some(Box::new(move |committed: Result<(), String>| {
            let _ = answer.send(committed.map(|()| row).map_err(DbErr::Custom));
        })),
        Err(e) => {
            let _ = answer.send(Err(e));
            None
        }
    }
}

/// How much was written since the log was last checkpointed.
#[derive(Debug, Default)]
pub(super) struct Log {
    writes: AtomicU64,
    due: Notify,
}

/// Writes between two checkpoints. A registration alone writes about 20 pages, so this keeps
/// the log near SQLite's default of 1,000 pages when there is no group.
const CHECKPOINT_EVERY: u64 = 50;

impl Log {
    /// Counts `n` committed writes, and wakes the checkpoint task when the log is long.
    pub(super) fn wrote(&self, n: u64) {
        let before = self.writes.fetch_add(n, Ordering::Relaxed);
        if before / CHECKPOINT_EVERY != (before + n) / CHECKPOINT_EVERY {
            self.due.notify_one();
        }
    }
}

/// Copies the write-ahead log back into the database file, off the writer's path.
///
/// SQLite's automatic checkpoint runs inside the commit that fills the log, on the writing
/// connection, so with one writer connection every 50th registration held the writer some
/// 16 ms (measured: 45% of the time the writer was held). The writer's own checkpoints are
/// therefore off, and this task copies the log from a reading connection, beside the writer.
async fn checkpoints(writer: Weak<SqliteWriter>, log: Arc<Log>, reader: DatabaseConnection) {
    loop {
        log.due.notified().await;
        let Some(writer) = writer.upgrade() else {
            return;
        };
        if let Err(e) = checkpoint(&writer, &reader, RESTART_AFTER_FRAMES).await {
            tracing::warn!(error = %e, "checkpoint failed");
        }
    }
}

/// The log's length, in pages, past which a checkpoint also makes it start again.
const RESTART_AFTER_FRAMES: i64 = 4_000;

/// Checkpoints from `reader`; when the log is longer than `restart_after` pages, finishes on
/// the writer, under its lock, what was written meanwhile.
///
/// SQLite starts the log afresh only when a write begins with all of it copied, which a
/// writer that never pauses never allows: each copy ends with a newer commit still in the log.
/// Copying under the lock costs the writer two `fsync`s (about 11 ms measured), so it is done
/// only when the log has grown: the log stays under about 16 MiB and the writer pays once per
/// several thousand pages instead of once per checkpoint.
pub(super) async fn checkpoint(
    writer: &SqliteWriter,
    reader: &DatabaseConnection,
    restart_after: i64,
) -> Result<(), DbErr> {
    let statement = || {
        sea_orm::Statement::from_string(
            sea_orm::DatabaseBackend::Sqlite,
            "PRAGMA wal_checkpoint(PASSIVE)",
        )
    };
    // The answer's row: whether it was blocked, pages in the log, pages copied.
    let Some(row) = reader.query_one_raw(statement()).await? else {
        return Ok(());
    };
    let in_log: i64 = row.try_get_by_index(1)?;
    if in_log > restart_after {
        let _held = writer.lock.lock().await;
        writer.conn.execute_raw(statement()).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_asks_for_a_checkpoint_each_time_it_passes_a_multiple() {
        let log = Log::default();
        let asked = |log: &Log| {
            // A stored permit shows as an immediately ready `notified()`.
            log.due.notified().now_or_never().is_some()
        };
        log.wrote(49);
        assert!(!asked(&log));
        log.wrote(1);
        assert!(asked(&log));
        log.wrote(64);
        assert!(asked(&log), "a group that passes 100 counts");
        log.wrote(1);
        assert!(!asked(&log));
    }
}
