//! Audit entries of reads, appended together. Every page that shows practitioner data
//! appends an entry; written one by one, each would be a write of its own: on SQLite a
//! turn at the one write lock (and, in WAL mode, a reset of every other connection's page
//! cache), on PostgreSQL a round trip and a commit. Here one task per `Db` takes the
//! entries waiting at the moment it is free and appends them in one statement, then tells
//! each caller it is written. Nothing is answered before its entry is stored, so the trail
//! is as complete as before; entries of writes still go in the write's own transaction
//! (`service::write::Write`).

use super::engine::{Pool, query};
use crate::domain::timestamp::Timestamp;
use std::sync::Arc;
use tokio::sync::{Mutex, mpsc, oneshot};

/// The most entries appended by one statement (9 values each, well inside both engines'
/// limits on bound values).
const MOST_AT_ONCE: usize = 256;

/// An entry to append, owned so that it can wait for the writer.
#[derive(Debug, Clone)]
pub struct QueuedEntry {
    pub at: Timestamp,
    pub actor_user_id: Option<i64>,
    pub actor_email: String,
    pub org_id: Option<i64>,
    pub action: String,
    pub record_type: String,
    pub record_id: String,
    pub detail: String,
    pub request_id: String,
}

type Reply = oneshot::Sender<Result<(), String>>;

/// The sending end, held by `Db`; the task ends when every clone is dropped.
#[derive(Debug, Clone)]
pub struct AuditQueue {
    sender: mpsc::Sender<(QueuedEntry, Reply)>,
}

impl AuditQueue {
    /// Starts the task appending to `pool`; on SQLite it takes `writer`'s turn for each
    /// statement, as write transactions do.
    pub fn start(pool: Pool, writer: Option<Arc<Mutex<()>>>) -> AuditQueue {
        let (sender, receiver) = mpsc::channel(4 * MOST_AT_ONCE);
        tokio::spawn(append_as_they_come(pool, writer, receiver));
        AuditQueue { sender }
    }

    /// Appends `entry`, returning once it is stored.
    /// The wait counts in the request's `Server-Timing` as `audit`.
    pub async fn append(&self, entry: QueuedEntry) -> Result<(), sqlx::Error> {
        super::engine::timing::audit_waited(async {
            let (reply, written) = oneshot::channel();
            let gone = || sqlx::Error::Protocol("the audit writer has stopped".into());
            self.sender.send((entry, reply)).await.map_err(|_| gone())?;
            written
                .await
                .map_err(|_| gone())?
                .map_err(sqlx::Error::Protocol)
        })
        .await
    }
}

async fn append_as_they_come(
    pool: Pool,
    writer: Option<Arc<Mutex<()>>>,
    mut receiver: mpsc::Receiver<(QueuedEntry, Reply)>,
) {
    let mut batch = Vec::with_capacity(MOST_AT_ONCE);
    while receiver.recv_many(&mut batch, MOST_AT_ONCE).await > 0 {
        let turn = match &writer {
            Some(w) => Some(w.lock().await),
            None => None,
        };
        let entries: Vec<&QueuedEntry> = batch.iter().map(|(e, _)| e).collect();
        let result = append_all(&pool, &entries).await.map_err(|e| {
            tracing::error!(error = %e, "audit entries could not be appended");
            e.to_string()
        });
        drop(turn);
        for (_, reply) in batch.drain(..) {
            let _ = reply.send(result.clone());
        }
    }
}

/// One INSERT of every entry: all stored, or none.
async fn append_all(pool: &Pool, entries: &[&QueuedEntry]) -> Result<(), sqlx::Error> {
    let mut text = String::from(
        "INSERT INTO audit_log (at, actor_user_id, actor_email, org_id, action, record_type, record_id, detail, request_id) VALUES ",
    );
    for i in 0..entries.len() {
        let n = i * 9;
        if i > 0 {
            text.push_str(", ");
        }
        text.push('(');
        for k in 1..=9 {
            if k > 1 {
                text.push_str(", ");
            }
            text.push_str(&format!("${}", n + k));
        }
        text.push(')');
    }
    let mut q = query(text);
    for e in entries {
        q = q
            .bind(e.at)
            .bind(e.actor_user_id)
            .bind(e.actor_email.clone())
            .bind(e.org_id)
            .bind(e.action.clone())
            .bind(e.record_type.clone())
            .bind(e.record_id.clone())
            .bind(e.detail.clone())
            .bind(e.request_id.clone());
    }
    q.execute(pool).await?;
    Ok(())
}
