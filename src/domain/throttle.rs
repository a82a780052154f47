//! Sign-in throttling rules: which counters an attempt is claimed against, how many
//! attempts each allows in its window, and how long to wait after a failure.
//!
//! The shape follows OWASP's authentication guidance: a tight limit per account *and*
//! client address (guessing from one place is slowed, with delays that grow, then
//! paused), a slower limit per account from anywhere (a spread-out attack gets few
//! guesses a day), a loose one per address (a trust's NAT puts hundreds of people behind
//! one address), and a browser that has signed in to the account before (a known device)
//! is held only to its own limit, so an attacker elsewhere cannot lock the person out.

use time::Duration;

/// One counter's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Attempts allowed in one window (failures, and attempts still being checked).
    pub max_attempts: i64,
    pub window: Duration,
    /// Failures allowed before each further attempt must wait (0: never a delay).
    pub failures_before_delay: i64,
    /// The first wait; each further failure doubles it.
    pub first_delay: Duration,
    /// The longest wait a delay grows to.
    pub longest_delay: Duration,
}

/// The counters of one sign-in attempt, each with its key and limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counter {
    pub key: String,
    pub limit: Limit,
    /// Cleared when the password is right (the pair's own history); others are only
    /// released (the attempt no longer counts, but earlier failures still do).
    pub cleared_on_success: bool,
}

/// The configured limits (`[security]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub per_account_and_address: Limit,
    pub per_account: Limit,
    pub per_address: Limit,
}

/// The counters an attempt on `email` from `address` is claimed against. `device` is the
/// hash of a known-device cookie that has signed in to this account before: such a
/// browser is held only to its own limit.
pub fn counters(limits: &Limits, email: &str, address: &str, device: Option<&str>) -> Vec<Counter> {
    if let Some(device) = device {
        return vec![Counter {
            key: format!("device:{email}|{device}"),
            limit: limits.per_account_and_address,
            cleared_on_success: true,
        }];
    }
    vec![
        Counter {
            key: format!("pair:{email}|{address}"),
            limit: limits.per_account_and_address,
            cleared_on_success: true,
        },
        Counter {
            key: format!("account:{email}"),
            limit: limits.per_account,
            cleared_on_success: false,
        },
        Counter {
            key: format!("address:{address}"),
            limit: limits.per_address,
            cleared_on_success: false,
        },
    ]
}

/// How long the next attempt must wait after the `failures`-th failure in a window: none
/// for the first `failures_before_delay`, then the first delay, doubling with each
/// failure (1, 2, 4, 8... seconds by default) up to the longest.
pub fn delay_after(failures: i64, limit: &Limit) -> Duration {
    if limit.failures_before_delay <= 0 || failures < limit.failures_before_delay {
        return Duration::ZERO;
    }
    let doublings = (failures - limit.failures_before_delay).min(30) as u32;
    (limit.first_delay * (1i64 << doublings) as f64).min(limit.longest_delay)
}

/// Whole seconds until a refused attempt may be tried again: when its wait ends or, if
/// the window is full, when the window ends. Never less than one second.
pub fn retry_after_seconds(
    seconds_to_retry_at: Option<i64>,
    seconds_to_window_end: i64,
    window_full: bool,
) -> i64 {
    let wait = seconds_to_retry_at.unwrap_or(0);
    let wait = if window_full {
        wait.max(seconds_to_window_end)
    } else {
        wait
    };
    wait.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn limit(before: i64, longest: i64) -> Limit {
        Limit {
            max_attempts: 5,
            window: Duration::minutes(15),
            failures_before_delay: before,
            first_delay: Duration::seconds(1),
            longest_delay: Duration::seconds(longest),
        }
    }

    #[test]
    fn delays_start_after_the_free_failures_and_double() {
        let l = limit(2, 60);
        let waits: Vec<i64> = (0..9).map(|n| delay_after(n, &l).whole_seconds()).collect();
        assert_eq!(waits, [0, 0, 1, 2, 4, 8, 16, 32, 60]);
        assert_eq!(delay_after(1_000, &l), Duration::seconds(60));
        assert_eq!(delay_after(50, &limit(0, 60)), Duration::ZERO);
    }

    #[test]
    fn a_known_device_is_held_only_to_its_own_counter() {
        let l = Limits {
            per_account_and_address: limit(2, 60),
            per_account: limit(0, 0),
            per_address: limit(0, 0),
        };
        let keys: Vec<String> = counters(&l, "a@x.nhs.uk", "10.0.0.1", None)
            .into_iter()
            .map(|c| c.key)
            .collect();
        assert_eq!(
            keys,
            [
                "pair:a@x.nhs.uk|10.0.0.1",
                "account:a@x.nhs.uk",
                "address:10.0.0.1"
            ]
        );
        let known = counters(&l, "a@x.nhs.uk", "10.0.0.1", Some("abc"));
        assert_eq!(known.len(), 1);
        assert_eq!(known[0].key, "device:a@x.nhs.uk|abc");
    }

    #[test]
    fn retry_after_is_the_wait_or_the_windows_end() {
        assert_eq!(retry_after_seconds(Some(4), 600, false), 4);
        assert_eq!(retry_after_seconds(Some(4), 600, true), 600);
        assert_eq!(retry_after_seconds(None, 0, true), 1);
        assert_eq!(retry_after_seconds(Some(-3), 0, false), 1);
    }

    proptest! {
        #[test]
        fn delays_never_shrink_and_never_pass_the_longest(
            before in 0i64..10, longest in 0i64..10_000, n in 0i64..200,
        ) {
            let l = limit(before, longest);
            let (a, b) = (delay_after(n, &l), delay_after(n + 1, &l));
            prop_assert!(a <= b);
            prop_assert!(b <= Duration::seconds(longest).max(Duration::ZERO));
            prop_assert!(a >= Duration::ZERO);
        }
    }
}
