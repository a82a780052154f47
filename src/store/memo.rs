//! Report results kept in memory between writes. A heavy report (the compliance dashboard,
//! the governance report, CPD readiness, ...) reads thousands of rows to say where each
//! person stands; read again before anything changed, it would say the same. Each result is
//! kept against the data's generation (`data_generation`, advanced by every committed write
//! transaction in `engine::Conn::commit`) and served again only while the generation is
//! the one it was computed at, so no result outlives the write that changes it, whichever
//! process or instance made the write.
//!
//! What is kept is the result of reads only: the caller audits every read as before, and
//! the key names everything the result depends on (the report, the actor's scope and
//! filters, the range, the day), so one person's view is never served to another whose
//! scope differs. When many ask at once for a result not yet kept, one computes it and the
//! others wait for it (a cold dashboard at 64 connections is computed once, not 64 times).

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;

/// Reads the data's generation (`Db::generation`).
pub(crate) const READ_GENERATION: &str = "SELECT n FROM data_generation WHERE id = 1";
/// Advances it, last in every write transaction (`engine::Conn::commit`). On PostgreSQL the
/// row stays locked from here until the commit ends, so concurrent commits pass it one at a
/// time; it is the last statement, so each holds it only for its own commit.
pub(crate) const ADVANCE_GENERATION: &str = "UPDATE data_generation SET n = n + 1 WHERE id = 1";

type Kept = Arc<dyn Any + Send + Sync>;

tokio::task_local! {
    /// The generation a request has read, so that its later reads of kept results need not
    /// read it again (`Db::generation`); forgotten when the request's own write commits.
    static REQUEST_GENERATION: std::cell::Cell<Option<i64>>;
}

/// Runs one request (`web::middleware::frame`), its reads of the generation shared.
pub async fn within_request<F: Future>(request: F) -> F::Output {
    REQUEST_GENERATION
        .scope(std::cell::Cell::new(None), request)
        .await
}

/// The generation this request read, if it read one since its last write.
pub(crate) fn remembered() -> Option<i64> {
    REQUEST_GENERATION.try_with(|g| g.get()).ok().flatten()
}

pub(crate) fn remember(generation: i64) {
    let _ = REQUEST_GENERATION.try_with(|g| g.set(Some(generation)));
}

/// After this request's own write: its next read must see the generation that write made.
pub(crate) fn forget() {
    let _ = REQUEST_GENERATION.try_with(|g| g.set(None));
}

struct Entry {
    generation: i64,
    cell: Arc<OnceCell<Kept>>,
    /// When the entry was last asked for, for evicting the least recently used.
    used: u64,
}

/// The kept results of one database (`Db::memo`).
pub struct Memo {
    capacity: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    entries: HashMap<String, Entry>,
    clock: u64,
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memo")
            .field("capacity", &self.capacity)
            .finish()
    }
}

impl Memo {
    /// Keeps at most `capacity` results (the least recently used go first); 0 keeps none.
    pub fn new(capacity: usize) -> Memo {
        Memo {
            capacity,
            inner: Mutex::new(Inner::default()),
        }
    }

    /// The result kept under `key` at `generation`, or `compute`'s, kept for next time. An
    /// error is returned, not kept: the next caller computes again.
    pub async fn get_or_compute<T, E, F, Fut>(
        &self,
        key: String,
        generation: i64,
        compute: F,
    ) -> Result<Arc<T>, E>
    where
        T: Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        if self.capacity == 0 {
            return compute().await.map(Arc::new);
        }
        let cell = self.cell(key, generation);
        let kept = cell
            .get_or_try_init(|| async {
                let value: Kept = Arc::new(compute().await?);
                Ok::<_, E>(value)
            })
            .await?;
        Ok(Arc::clone(kept)
            .downcast::<T>()
            .expect("a memo key names one type of result"))
    }

    /// The cell for `key` at `generation`: the kept one, or a new empty one replacing an
    /// older generation's.
    fn cell(&self, key: String, generation: i64) -> Arc<OnceCell<Kept>> {
        let mut inner = self.inner.lock().expect("memo lock");
        inner.clock += 1;
        let now = inner.clock;
        // Results of older generations can never be served again.
        inner.entries.retain(|_, e| e.generation >= generation);
        // One kept at a later generation than the caller read is fresher still: served too.
        if let Some(e) = inner.entries.get_mut(&key)
            && e.generation >= generation
        {
            e.used = now;
            return Arc::clone(&e.cell);
        }
        if inner.entries.len() >= self.capacity
            && let Some(oldest) = inner
                .entries
                .iter()
                .min_by_key(|(_, e)| e.used)
                .map(|(k, _)| k.clone())
        {
            inner.entries.remove(&oldest);
        }
        let cell = Arc::new(OnceCell::new());
        inner.entries.insert(
            key,
            Entry {
                generation,
                cell: Arc::clone(&cell),
                used: now,
            },
        );
        cell
    }

    /// Whether results are kept at all (a capacity above 0).
    pub fn keeps(&self) -> bool {
        self.capacity > 0
    }

    /// How many results are kept (for tests).
    pub fn len(&self) -> usize {
        self.inner.lock().expect("memo lock").entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    async fn counted(memo: &Memo, calls: &AtomicUsize, key: &str, generation: i64) -> usize {
        let v = memo
            .get_or_compute(key.to_string(), generation, || async {
                Ok::<_, ()>(calls.fetch_add(1, Ordering::SeqCst))
            })
            .await
            .unwrap();
        *v
    }

    #[tokio::test]
    async fn a_result_is_computed_once_per_key_and_generation() {
        let memo = Memo::new(8);
        let calls = AtomicUsize::new(0);
        assert_eq!(counted(&memo, &calls, "a", 1).await, 0);
        assert_eq!(counted(&memo, &calls, "a", 1).await, 0);
        assert_eq!(counted(&memo, &calls, "b", 1).await, 1);
        // A write moved the generation: computed afresh, and the old results are gone.
        assert_eq!(counted(&memo, &calls, "a", 2).await, 2);
        assert_eq!(memo.len(), 1);
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        // A request that read the generation before that write is served the fresher one.
        assert_eq!(counted(&memo, &calls, "a", 1).await, 2);
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn errors_are_not_kept_and_capacity_evicts_the_least_recently_used() {
        let memo = Memo::new(2);
        let failed: Result<Arc<u8>, &str> = memo
            .get_or_compute("x".into(), 1, || async { Err("down") })
            .await;
        assert!(failed.is_err());
        let ok: Arc<u8> = memo
            .get_or_compute("x".into(), 1, || async { Ok::<_, &str>(7) })
            .await
            .unwrap();
        assert_eq!(*ok, 7);

        let memo = Memo::new(2);
        let calls = AtomicUsize::new(0);
        counted(&memo, &calls, "a", 1).await; // 0
        counted(&memo, &calls, "x", 1).await; // 1
        counted(&memo, &calls, "a", 1).await; // kept: "a" is now newer than "x"
        counted(&memo, &calls, "b", 1).await; // 2, evicting "x"
        assert_eq!(memo.len(), 2);
        assert_eq!(counted(&memo, &calls, "a", 1).await, 0);
        assert_eq!(counted(&memo, &calls, "x", 1).await, 3);
    }

    #[tokio::test]
    async fn with_no_capacity_nothing_is_kept() {
        let memo = Memo::new(0);
        let calls = AtomicUsize::new(0);
        counted(&memo, &calls, "a", 1).await;
        counted(&memo, &calls, "a", 1).await;
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        assert!(memo.is_empty());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn many_asking_at_once_compute_once() {
        let memo = Arc::new(Memo::new(8));
        let calls = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = tokio::sync::watch::channel(false);
        let mut waiting = Vec::new();
        for _ in 0..16 {
            let (memo, calls, mut rx) = (memo.clone(), calls.clone(), rx.clone());
            waiting.push(tokio::spawn(async move {
                *memo
                    .get_or_compute("k".into(), 1, || async move {
                        calls.fetch_add(1, Ordering::SeqCst);
                        // Hold the computation open until every asker has arrived.
                        rx.wait_for(|go| *go).await.unwrap();
                        Ok::<_, ()>(42)
                    })
                    .await
                    .unwrap()
            }));
        }
        tokio::task::yield_now().await;
        tx.send(true).unwrap();
        for w in waiting {
            assert_eq!(w.await.unwrap(), 42);
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
