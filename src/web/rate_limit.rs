//! A per-client limit on the public feedback form (issue 5: "rate-limit the public
//! endpoint"). Fixed one-minute windows per client address, held in memory only: the address
//! is never stored or logged, and is forgotten once its window has passed.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);

/// Forget idle clients once the table holds this many (bounds memory under a flood).
const PRUNE_AT: usize = 10_000;

pub struct RateLimiter {
    per_window: u32,
    clients: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn per_minute(per_window: u32) -> RateLimiter {
        RateLimiter {
            per_window,
            clients: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a request from `client`; `false` once it has used up this minute's allowance.
    pub fn allow(&self, client: &str) -> bool {
        self.allow_at(client, Instant::now())
    }

    /// Whole seconds until `client`'s allowance is renewed (at least 1): the `Retry-After`
    /// of a refusal.
    pub fn retry_after_seconds(&self, client: &str) -> u64 {
        let now = Instant::now();
        let started = self
            .clients
            .lock()
            .ok()
            .and_then(|c| c.get(client).map(|(start, _)| *start))
            .unwrap_or(now);
        let left = WINDOW.saturating_sub(now.duration_since(started));
        left.as_secs() + u64::from(left.subsec_nanos() > 0)
    }

    fn allow_at(&self, client: &str, now: Instant) -> bool {
        let Ok(mut clients) = self.clients.lock() else {
            return true;
        };
        if clients.len() >= PRUNE_AT {
            clients.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let entry = clients.entry(client.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= self.per_window
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_the_allowance_per_client_then_refuses_until_the_window_passes() {
        let l = RateLimiter::per_minute(3);
        let t = Instant::now();
        assert!((0..3).all(|_| l.allow_at("a", t)));
        assert!(!l.allow_at("a", t));
        assert!(l.allow_at("b", t), "another client has its own allowance");
        assert!(l.allow_at("a", t + WINDOW), "a new minute");
    }
}
