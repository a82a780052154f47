//! Small-number suppression for every aggregate that leaves the system below national level.
//!
//! Default rule (domain-facts.md 7.2, [VERIFIED] NHS Digital HES/ECDS method and the DQMI
//! suppression rules): counts 1 to 7 are shown as "*", other counts are rounded to the
//! nearest 5, zero stays 0. The numbers are configuration (`[privacy]`), not literals.

use serde::Serialize;

/// The configured policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DisclosurePolicy {
    /// Counts from 1 up to and including this are suppressed.
    pub suppress_up_to: u64,
    /// Other counts are rounded to the nearest multiple of this (1 means no rounding).
    pub round_to: u64,
}

impl Default for DisclosurePolicy {
    fn default() -> Self {
        DisclosurePolicy {
            suppress_up_to: 7,
            round_to: 5,
        }
    }
}

/// A count as it may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Shown {
    Value(u64),
    #[serde(serialize_with = "star")]
    Suppressed,
}

fn star<S: serde::Serializer>(s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str("*")
}

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Shown::Value(v) => write!(f, "{v}"),
            Shown::Suppressed => f.write_str("*"),
        }
    }
}

impl DisclosurePolicy {
    /// Applies the rule to one count.
    pub fn show(self, count: u64) -> Shown {
        if count == 0 {
            Shown::Value(0)
        } else if count <= self.suppress_up_to {
            Shown::Suppressed
        } else {
            let r = self.round_to.max(1);
            Shown::Value(((count + r / 2) / r) * r)
        }
    }

    /// The rule in words, for the page that shows the numbers.
    pub fn explanation(self) -> String {
        if self.round_to > 1 {
            format!(
                "Counts from 1 to {} are shown as * and other counts are rounded to the nearest {}, so that nobody can be identified.",
                self.suppress_up_to, self.round_to
            )
        } else {
            format!(
                "Counts from 1 to {} are shown as *, so that nobody can be identified.",
                self.suppress_up_to
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn default_rule_matches_the_nhs_method() {
        let p = DisclosurePolicy::default();
        assert_eq!(p.show(0), Shown::Value(0));
        assert_eq!(p.show(1), Shown::Suppressed);
        assert_eq!(p.show(7), Shown::Suppressed);
        assert_eq!(p.show(8), Shown::Value(10));
        assert_eq!(p.show(12), Shown::Value(10));
        assert_eq!(p.show(13), Shown::Value(15));
    }

    proptest! {
        #[test]
        fn no_small_count_is_ever_shown(n in 0u64..100_000, k in 0u64..20, r in 1u64..11) {
            let p = DisclosurePolicy { suppress_up_to: k, round_to: r };
            match p.show(n) {
                Shown::Suppressed => prop_assert!(n >= 1 && n <= k),
                Shown::Value(v) => {
                    prop_assert!(n == 0 || n > k);
                    prop_assert_eq!(v % r, 0);
                    prop_assert!(v.abs_diff(n) <= r / 2);
                }
            }
        }
    }
}
