//! Time spent in statements, per request: `frame` runs each request inside [`measured`],
//! every statement run through `engine::query` adds its time, and the total goes into the
//! request's log line (and, with `[server] timing_header`, a `Server-Timing` header), so a
//! page's cost can be set beside the cost of its own queries.

use std::cell::Cell;
use std::future::Future;
use std::time::{Duration, Instant};

tokio::task_local! {
    static SPENT: Cell<Duration>;
}

/// Runs `work`, returning its output and the time its statements took.
pub async fn measured<F: Future>(work: F) -> (F::Output, Duration) {
    SPENT
        .scope(Cell::new(Duration::ZERO), async {
            let out = work.await;
            (out, SPENT.with(Cell::get))
        })
        .await
}

/// Runs one statement, adding its time to the request's (when there is one).
pub(super) async fn timed<F: Future>(statement: F) -> F::Output {
    let start = Instant::now();
    let out = statement.await;
    let took = start.elapsed();
    let _ = SPENT.try_with(|s| s.set(s.get() + took));
    out
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
        assert!(spent >= Duration::from_millis(10), "{spent:?}");
        assert!(
            spent + Duration::from_millis(20) <= whole,
            "{spent:?} of {whole:?}"
        );
    }
}
