//! SQLite's write-ahead log copied back into the database file by a task of its own, off
//! every request's path.
//!
//! Left to itself, SQLite checkpoints inside the commit that takes the log past 1,000 pages:
//! that commit (most often a batch of read audits that a page is waiting for, or a public
//! form's answers) then waits for the copy and its `fsync`s, 40 to 70 ms on these machines,
//! and every request queued behind it waits too. That was a cause of the slow hundredth
//! answer in the open-loop benchmark. So connections are opened with automatic
//! checkpoints off (`dialect::SQLITE_NO_AUTOCHECKPOINT`) and this task checkpoints every
//! second, in two passes:
//!
//! 1. a passive checkpoint while writers go on: it copies all but what is committed during
//!    it, and syncs the file, without taking any lock a writer or reader waits for;
//! 2. once the log has passed `RESTART_AFTER_PAGES`, a second passive checkpoint holding
//!    the writers' turn (`engine::WriterTurn`): it copies the little committed since, so that the log is then copied whole and the
//!    next write starts it again from its beginning. Without this pass, under steady writes
//!    the log is never copied whole and grows without end (470 MB in 30 s of the
//!    benchmark's load).
//!
//! Writers still wait for the second pass, but for at most a second's tail of the log, the
//! rest having been copied and synced beside them. Running it every second instead was
//! worse: each pass's sync made a burst of slow answers.
//!
//! One checkpoint runs at a time (`Checkpointer::pass`): a command's final `TRUNCATE`
//! (`Db::checkpoint_and_close`) that met this task's passive pass would otherwise be
//! refused by SQLite as busy and leave the log full, the file alone then missing data.
//!
//! The task ends when the last clone of its `Db` is dropped, or when its pool is closed.

use super::dialect;
use sqlx::{ConnectOptions, SqlitePool};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, watch};

/// How often the log is copied back.
const EVERY: Duration = Duration::from_secs(1);

/// How long the log may grow, in pages, before the second pass starts it again.
const RESTART_AFTER_PAGES: i64 = 2000;

/// Held by `Db`: when every clone is gone, the task stops.
#[derive(Debug, Clone)]
pub struct Checkpointer {
    _alive: Arc<watch::Sender<()>>,
    /// Held through each checkpoint, the task's and `truncate_and_close`'s.
    pass: Arc<Mutex<()>>,
}

impl Checkpointer {
    /// Starts the task on `pool`, whose writers take turns through `turn`.
    pub fn start(pool: SqlitePool, turn: Arc<Mutex<()>>) -> Checkpointer {
        let (alive, mut dropped) = watch::channel(());
        let pass: Arc<Mutex<()>> = Default::default();
        let task_pass = pass.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(EVERY);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            every.tick().await;
            loop {
                tokio::select! {
                    _ = dropped.changed() => break,
                    _ = every.tick() => {
                        let _pass = task_pass.lock().await;
                        if pool.is_closed() {
                            break;
                        }
                        if let Err(e) = checkpoint_in_two_passes(&pool, &turn).await {
                            tracing::warn!(error = %e, "the write-ahead log could not be checkpointed");
                        }
                    }
                }
            }
        });
        Checkpointer {
            _alive: Arc::new(alive),
            pass,
        }
    }

    /// Copies the whole log into the database file, empties it and closes `pool`, for a
    /// command about to exit. Holds this task's pass, so that its checkpoint cannot make
    /// SQLite refuse this one. Closes the pool first (waiting for connections in use to come
    /// back), so that no connection of this process is still reading (most likely a
    /// statement sqlx had not yet reset kept one open: a fresh `migrate` waited out the busy
    /// timeout every time), and an emptying checkpoint waits for every reader.
    /// Then checkpoints on a connection of its own, whose close, the last, removes the log.
    /// A reader in another process (say `mhsw migrate` while `mhsw serve` runs) can still
    /// keep the log from being emptied: the data is safe in the log, so that is a warning.
    pub async fn truncate_and_close(&self, pool: &SqlitePool) -> anyhow::Result<()> {
        let _pass = self.pass.lock().await;
        let options = pool.connect_options();
        pool.close().await;
        let mut last = options.connect().await?;
        let (busy, in_log, copied): (i64, i64, i64) = sqlx::query_as(dialect::SQLITE_CHECKPOINT)
            .fetch_one(&mut last)
            .await?;
        sqlx::Connection::close(last).await?;
        if busy != 0 {
            tracing::warn!(
                in_log,
                copied,
                "the write-ahead log was not emptied: another process is reading the database; the data is safe in the log"
            );
        }
        Ok(())
    }
}

/// The two passes described above. The second copies nothing, and so syncs nothing, when
/// nothing was committed since the first.
async fn checkpoint_in_two_passes(pool: &SqlitePool, turn: &Mutex<()>) -> Result<(), sqlx::Error> {
    let (in_log, _) = checkpoint_passive(pool).await?;
    if in_log < RESTART_AFTER_PAGES {
        return Ok(());
    }
    let _turn = turn.lock().await;
    checkpoint_passive(pool).await?;
    Ok(())
}

/// Copies what it can of the log into the database file without waiting for anyone.
/// Returns the log's length and how much of it is now in the file, in pages.
pub async fn checkpoint_passive(pool: &SqlitePool) -> Result<(i64, i64), sqlx::Error> {
    let (_busy, in_log, copied): (i64, i64, i64) =
        sqlx::query_as(dialect::SQLITE_CHECKPOINT_PASSIVE)
            .fetch_one(pool)
            .await?;
    Ok((in_log, copied))
}
