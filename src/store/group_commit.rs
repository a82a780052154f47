//! Small writes from many requests at once, committed together. Each write of its own is a
//! transaction of its own: on SQLite a turn at the one write lock, with a hand-off to the
//! connection's thread for BEGIN, each statement, the generation and COMMIT, every one of
//! them waiting for a core while the others' pages are served; on PostgreSQL a commit
//! each. Here one task per queue takes the writes waiting at the moment it is free and runs
//! them in one transaction, then answers each caller with its own result. Nothing is
//! answered before its write is committed, and if any write in a group fails the group is
//! rolled back and every caller in it is told so: nothing half-written.
//!
//! Used where writes are small, independent and frequent: the answers people send on the
//! public feedback form (`service::feedback::public::send`).

use super::Writer;
use super::engine::Conn;
use std::future::Future;
use std::pin::Pin;
use tokio::sync::{mpsc, oneshot};

/// The most writes committed together.
const MOST_AT_ONCE: usize = 64;

/// One write of a group, run inside the group's transaction.
pub type Step<J, R> =
    for<'a> fn(
        &'a mut Conn,
        &'a J,
    ) -> Pin<Box<dyn Future<Output = Result<R, sqlx::Error>> + Send + 'a>>;

type Reply<R> = oneshot::Sender<Result<R, String>>;

/// The sending end; the task ends when every clone is dropped.
pub struct GroupCommit<J, R> {
    sender: mpsc::Sender<(J, Reply<R>)>,
}

impl<J, R> Clone for GroupCommit<J, R> {
    fn clone(&self) -> Self {
        GroupCommit {
            sender: self.sender.clone(),
        }
    }
}

impl<J, R> std::fmt::Debug for GroupCommit<J, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GroupCommit")
    }
}

impl<J: Send + Sync + 'static, R: Send + 'static> GroupCommit<J, R> {
    /// Starts the task that runs `step` for each write, through `writer`'s transactions.
    pub fn start(writer: Writer, step: Step<J, R>) -> GroupCommit<J, R> {
        let (sender, receiver) = mpsc::channel(4 * MOST_AT_ONCE);
        tokio::spawn(commit_as_they_come(writer, step, receiver));
        GroupCommit { sender }
    }

    /// Runs `job` in the next group, returning its result once the group is committed.
    pub async fn run(&self, job: J) -> Result<R, sqlx::Error> {
        let (reply, done) = oneshot::channel();
        let gone = || sqlx::Error::Protocol("the group writer has stopped".into());
        self.sender.send((job, reply)).await.map_err(|_| gone())?;
        done.await
            .map_err(|_| gone())?
            .map_err(sqlx::Error::Protocol)
    }
}

async fn commit_as_they_come<J, R>(
    writer: Writer,
    step: Step<J, R>,
    mut receiver: mpsc::Receiver<(J, Reply<R>)>,
) {
    let mut batch = Vec::with_capacity(MOST_AT_ONCE);
    while receiver.recv_many(&mut batch, MOST_AT_ONCE).await > 0 {
        match commit_group(&writer, step, &batch).await {
            Ok(results) => {
                for ((_, reply), result) in batch.drain(..).zip(results) {
                    let _ = reply.send(Ok(result));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, writes = batch.len(), "a group of writes was rolled back");
                for (_, reply) in batch.drain(..) {
                    let _ = reply.send(Err(e.to_string()));
                }
            }
        }
    }
}

/// Every write of `batch` in one transaction: all committed, or none.
#[allow(clippy::disallowed_methods)] // its one user is unaudited by design (module docs)
async fn commit_group<J, R>(
    writer: &Writer,
    step: Step<J, R>,
    batch: &[(J, Reply<R>)],
) -> Result<Vec<R>, sqlx::Error> {
    let mut tx = writer.begin().await?;
    let mut results = Vec::with_capacity(batch.len());
    for (job, _) in batch {
        match step(&mut tx, job).await {
            Ok(r) => results.push(r),
            Err(e) => {
                tx.rollback().await?;
                return Err(e);
            }
        }
    }
    tx.commit().await?;
    Ok(results)
}
