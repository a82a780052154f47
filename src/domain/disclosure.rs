//! Small-number suppression for every aggregate that leaves the system below national level.
//!
//! Default rule (docs/sources.md#small-number-suppression, [VERIFIED] NHS Digital HES/ECDS method and the DQMI
//! suppression rules): counts 1 to 7 are shown as "*", other counts are rounded to the
//! nearest 5, zero stays 0. The numbers are configuration (`[privacy]`), not literals.
//!
//! Which counts are controlled:
//! - every count that leaves the organisation (national views, the benchmark) and every
//!   breakdown by special-category data (ethnic category), whoever looks;
//! - not a count of people the viewer already sees one by one (the organisation's people in
//!   post, by career stage or band, on lists and dashboards): a rounded count beside the list
//!   it counts protects no one and only disagrees with the list and with the other pages.
//!
//! Grouped answers (the pulse, feedback) follow the threshold and release rules below.

use serde::Serialize;
use std::collections::BTreeMap;

mod breakdown;
pub use breakdown::{ProtectedBreakdown, TotalShown};

// Grouped answers (the supervision pulse, feedback from people who use services) are shown
// only for groups of at least a threshold, and released in whole-month blocks.

/// Groups smaller than this are never shown, whatever the configuration says: with two
/// responses, each of the two people could work out the other's answers from the results.
pub const SMALLEST_GROUP: u32 = 3;

/// Answers from fewer people than this are shown as counts ("4 of 6"), not percentages:
/// one person moves a percentage of a small group by a large step, so "67%" overstates what
/// six answers say. A presentation rule of ours, not a published threshold [INFERENCE].
pub const COUNTS_NOT_PERCENTAGES_BELOW: u64 = 20;

/// The threshold actually applied: the configured one, but never below [`SMALLEST_GROUP`].
pub fn threshold(configured: u32) -> u32 {
    configured.max(SMALLEST_GROUP)
}

/// The responses a group may show: only from completed months (before `current_month`), and
/// released in blocks of whole months that each hold at least the threshold of responses,
/// counted from the group's first month, so block boundaries never move. A block is shown
/// only when all of it lies inside the window (from `window_start`, YYYY-MM).
///
/// Why: a total that grows one response at a time lets someone who looks before and after
/// work out that one person's answers by subtraction. With blocks, whatever is added to or
/// dropped from what a group shows is at least a threshold's worth of responses.
pub fn released<'a, T>(
    rows: &'a [(String, T)],
    configured_threshold: u32,
    current_month: &str,
    window_start: &str,
) -> Vec<&'a T> {
    released_blocks(rows, configured_threshold, current_month, window_start)
        .into_iter()
        .flat_map(|b| b.items)
        .collect()
}

/// One released block: whole months, first to last (YYYY-MM), and what they hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Block<'a, T> {
    pub first_month: String,
    pub last_month: String,
    pub items: Vec<&'a T>,
}

/// [`released`], block by block in time order: a trend that never shows fewer than the
/// threshold of responses at any point.
pub fn released_blocks<'a, T>(
    rows: &'a [(String, T)],
    configured_threshold: u32,
    current_month: &str,
    window_start: &str,
) -> Vec<Block<'a, T>> {
    let min = threshold(configured_threshold) as usize;
    let mut by_month: BTreeMap<&str, Vec<&T>> = BTreeMap::new();
    for (month, s) in rows {
        if month.as_str() < current_month {
            by_month.entry(month.as_str()).or_default().push(s);
        }
    }
    let mut shown = Vec::new();
    let mut block: Vec<&T> = Vec::new();
    let mut block_start: Option<&str> = None;
    for (month, items) in by_month {
        let start = *block_start.get_or_insert(month);
        block.extend(items);
        if block.len() >= min {
            let items = std::mem::take(&mut block);
            if start >= window_start {
                shown.push(Block {
                    first_month: start.to_string(),
                    last_month: month.to_string(),
                    items,
                });
            }
            block_start = None;
        }
    }
    shown
}

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

/// In the API: a whole number, or the string "*" where the count is suppressed.
impl utoipa::PartialSchema for Shown {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
        OneOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(0)),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(["*"])),
            )
            .description(Some(
                "A count after small-number suppression: a whole number (rounded), or \"*\" where it is too small to show",
            ))
            .into()
    }
}

impl utoipa::ToSchema for Shown {}

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
