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
//!
//! When full, the memo lets go of the result that is cheapest to compute again, weighed
//! against how long ago it was used (GreedyDual: each use sets an entry's priority to the
//! floor plus what it cost to compute; each eviction raises the floor to the evicted
//! entry's). So one person's own page, 2 ms to compute, never pushes out a dashboard that
//! took 150 ms, while results nobody asks for still age out.

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
    /// Milliseconds it took to compute (0 until computed): results cheaper than a
    /// millisecond weigh the same, the least recently used of them going first.
    cost: u64,
    /// The floor when last used plus `cost`: the lowest goes first.
    priority: u64,
    /// When the entry was last asked for: among equal priorities the least recently used
    /// goes first.
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
    /// The priority of the last entry evicted.
    floor: u64,
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
        let cell = self.cell(key.clone(), generation);
        let kept = cell
            .get_or_try_init(|| async {
                let started = std::time::Instant::now();
                let value: Kept = Arc::new(compute().await?);
                let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
                self.cost(&key, &cell, millis);
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
        let floor = inner.floor;
        if let Some(e) = inner.entries.get_mut(&key)
            && e.generation >= generation
        {
            e.used = now;
            e.priority = floor + e.cost;
            return Arc::clone(&e.cell);
        }
        if inner.entries.len() >= self.capacity
            && let Some((cheapest, priority)) = inner
                .entries
                .iter()
                .min_by_key(|(_, e)| (e.priority, e.used))
                .map(|(k, e)| (k.clone(), e.priority))
        {
            inner.entries.remove(&cheapest);
            inner.floor = inner.floor.max(priority);
        }
        let cell = Arc::new(OnceCell::new());
        let floor = inner.floor;
        inner.entries.insert(
            key,
            Entry {
                generation,
                cell: Arc::clone(&cell),
                cost: 0,
                priority: floor,
                used: now,
            },
        );
        cell
    }

    /// Records what the result in `cell` cost to compute, if `key` still holds that cell.
    fn cost(&self, key: &str, cell: &Arc<OnceCell<Kept>>, millis: u64) {
        let mut inner = self.inner.lock().expect("memo lock");
        let floor = inner.floor;
        if let Some(e) = inner.entries.get_mut(key)
            && Arc::ptr_eq(&e.cell, cell)
        {
            e.cost = millis;
            e.priority = floor + millis;
        }
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

        // Among results that cost the same, the least recently used goes first.
        let memo = Memo::new(2);
        let add = |key: &str| {
            let cell = memo.cell(key.into(), 1);
            memo.cost(key, &cell, 5);
        };
        let held = |key: &str| memo.inner.lock().unwrap().entries.contains_key(key);
        add("a");
        add("x");
        add("a"); // used again: now newer than "x"
        add("b"); // evicts "x"
        assert!(held("a") && held("b") && !held("x"));
    }

    #[test]
    fn the_cheapest_to_compute_again_goes_first_and_the_unused_age_out() {
        let memo = Memo::new(2);
        let add = |key: &str, millis: u64| {
            let cell = memo.cell(key.into(), 1);
            memo.cost(key, &cell, millis);
        };
        let held = |key: &str| memo.inner.lock().unwrap().entries.contains_key(key);
        add("dashboard", 150);
        add("own page", 2);
        // The own page is newer, but costs far less to compute again.
        add("another own page", 2);
        assert!(held("dashboard") && held("another own page") && !held("own page"));
        // Each eviction raises the floor: a result nobody asks for again ages out.
        for n in 0..100 {
            add(&format!("page {n}"), 2);
        }
        assert!(!held("dashboard"));
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
