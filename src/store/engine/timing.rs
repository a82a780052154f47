//! Time spent in statements, per request: `frame` runs each request inside [`measured`],
//! every statement run through `engine::query` adds its time, and the total goes into the
//! request's log line (and, with `[server] timing_header`, a `Server-Timing` header), so a
//! page's cost can be set beside the cost of its own queries. The time spent waiting for
//! the request's read audits to be stored (`store::audit_queue`, whose batched statements
//! run outside any request) is counted apart, so that a page kept between writes, whose own
//! statements are a fraction of a millisecond, shows where the rest of its time went.

use std::cell::Cell;
use std::future::Future;
use std::time::{Duration, Instant};

/// What a request spent, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spent {
    /// In its own statements.
    pub statements: Duration,
    /// Waiting for its read audits to be appended (`AuditQueue::append`).
    pub audit: Duration,
}

tokio::task_local! {
    static SPENT: Cell<Spent>;
}

/// Runs `work`, returning its output and the time its statements and audits took.
pub async fn measured<F: Future>(work: F) -> (F::Output, Spent) {
    SPENT
        .scope(Cell::new(Spent::default()), async {
            let out = work.await;
            (out, SPENT.with(Cell::get))
        })
        .await
}

/// Runs one statement, adding its time to the request's (when there is one).
pub(super) async fn timed<F: Future>(statement: F) -> F::Output {
    let (out, took) = stopwatch(statement).await;
    add(|s| s.statements += took);
    out
}

/// Waits for the request's audit entry to be stored, adding the wait to the request's.
pub(in crate::store) async fn audit_waited<F: Future>(append: F) -> F::Output {
    let (out, took) = stopwatch(append).await;
    add(|s| s.audit += took);
    out
}

async fn stopwatch<F: Future>(work: F) -> (F::Output, Duration) {
    let start = Instant::now();
    let out = work.await;
    (out, start.elapsed())
}

/// Adds to the current request's figures; outside any request, nothing to add to.
fn add(change: impl FnOnce(&mut Spent)) {
    let _ = SPENT.try_with(|cell| {
        let mut spent = cell.get();
        change(&mut spent);
        cell.set(spent);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn statements_inside_a_measured_request_add_up_and_others_are_ignored() {
        timed(async {}).await; // outside any request: nothing to add to
        let start = Instant::now();
        let ((), spent) = measured(async {
            timed(tokio::time::sleep(Duration::from_millis(5))).await;
            timed(tokio::time::sleep(Duration::from_millis(5))).await;
            tokio::time::sleep(Duration::from_millis(20)).await; // not a statement
        })
        .await;
        let whole = start.elapsed();
        // Both statements counted; the 20 ms spent outside them not.
        assert!(spent.statements >= Duration::from_millis(10), "{spent:?}");
        assert!(
            spent.statements + Duration::from_millis(20) <= whole,
            "{spent:?} of {whole:?}"
        );
        assert_eq!(spent.audit, Duration::ZERO);
    }

    #[tokio::test]
    async fn waiting_for_an_audit_is_counted_apart_from_statements() {
        let ((), spent) = measured(async {
            audit_waited(tokio::time::sleep(Duration::from_millis(5))).await;
            timed(async {}).await;
        })
        .await;
        assert!(spent.audit >= Duration::from_millis(5), "{spent:?}");
        assert!(spent.statements < Duration::from_millis(5), "{spent:?}");
    }
}
