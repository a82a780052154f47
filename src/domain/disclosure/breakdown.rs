//! Secondary suppression: a breakdown published beside its total must not let a suppressed
//! cell be worked out by subtraction.
//!
//! Primary suppression hides each count from 1 to the policy's limit. That alone is not
//! enough where the total is shown: with one cell hidden, total minus the others gives it
//! back; with two hidden whose sum is itself small (1 and 1 beside an exact total), the sum
//! pins both. So, as NHS Digital's method asks ("apply secondary suppression when a
//! suppressed cell could be recovered from totals", docs/sources.md#small-number-suppression),
//! after primary suppression the smallest other non-zero cells are hidden too until at least
//! two cells are hidden and together they hold more than the limit. A breakdown whose total
//! is hidden (within the limit) is hidden whole, zeros too. A total the reader knows anyway
//! (an organisation's own count of its people) cannot be hidden, so when no non-zero cell
//! is left zeros are hidden as well, lest they say which groups the few people are in.
//! Otherwise zeros stay shown.
//!
//! What it guarantees (property tests below): nothing from 1 to the limit is shown; beside
//! a shown total, hidden cells never stand alone and hold more than the limit between them
//! (or, beside a known total, every cell is hidden); and, checked by brute force over small
//! tables, when the total is published by a rounding rule (the national and regional
//! views), every hidden cell could have another value in some other table that would be
//! published identically, so it cannot be worked out even by someone who knows this rule.
//!
//! What it does not guarantee: beside an exact total, or with rounding switched off
//! (`round_to = 1`), someone who knows that the second cell hidden is the smallest shown
//! can sometimes narrow it to one value: at `[7, 7, 3]` with a limit of 3 and an exact
//! total of 17, the first 7 is hidden and recoverable. Subtraction alone still gives only a
//! sum of at least two cells.

use super::{DisclosurePolicy, Shown};
use serde::Serialize;

/// How a breakdown's total is published beside its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalShown {
    /// As it is (a national total, or an organisation's count of its own people, which it
    /// sees by name anyway).
    Exact,
    /// Through the policy, as the cells are.
    ByTheRule,
}

/// A breakdown as it may be published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProtectedBreakdown {
    pub cells: Vec<Shown>,
    pub total: Shown,
}

impl DisclosurePolicy {
    /// Publishes `counts` (the cells of one breakdown, in order) and their total, with
    /// primary and secondary suppression.
    pub fn protect(self, counts: &[u64], total: TotalShown) -> ProtectedBreakdown {
        let sum: u64 = counts.iter().sum();
        let mut cells: Vec<Shown> = counts.iter().map(|&c| self.show(c)).collect();
        let known_total = total == TotalShown::Exact;
        let total = match total {
            TotalShown::Exact => Shown::Value(sum),
            TotalShown::ByTheRule => self.show(sum),
        };
        if total == Shown::Suppressed {
            return Self::all_hidden(counts.len());
        }
        loop {
            let hidden: Vec<usize> = (0..counts.len())
                .filter(|&i| cells[i] == Shown::Suppressed)
                .collect();
            let hidden_sum: u64 = hidden.iter().map(|&i| counts[i]).sum();
            if hidden.is_empty() || (hidden.len() >= 2 && hidden_sum > self.suppress_up_to) {
                return ProtectedBreakdown { cells, total };
            }
            let shown = |i: &usize| cells[*i] != Shown::Suppressed;
            let next_non_zero = (0..counts.len())
                .filter(|i| shown(i) && counts[*i] > 0)
                .min_by_key(|&i| (counts[i], i));
            // Beside a total the reader knows anyway, zeros are hidden too when nothing
            // else is left: otherwise they would say which groups the few people are in.
            let next_zero = || (0..counts.len()).find(|i| shown(i));
            match next_non_zero.or_else(|| known_total.then(next_zero).flatten()) {
                Some(i) => cells[i] = Shown::Suppressed,
                None if known_total => return ProtectedBreakdown { cells, total },
                None => return Self::all_hidden(counts.len()),
            }
        }
    }

    /// A breakdown whose total is hidden: every cell hidden, zeros too. Otherwise the
    /// cells shown as "*" would say which groups hold someone, and a few of them beside a
    /// small hidden total could say exactly how many (three "*" within a limit of 3 are 1,
    /// 1 and 1).
    fn all_hidden(cells: usize) -> ProtectedBreakdown {
        ProtectedBreakdown {
            cells: vec![Shown::Suppressed; cells],
            total: Shown::Suppressed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const STAR: Shown = Shown::Suppressed;
    fn v(n: u64) -> Shown {
        Shown::Value(n)
    }

    #[test]
    fn one_hidden_cell_beside_a_total_takes_the_next_smallest_with_it() {
        let p = DisclosurePolicy::default();
        let b = p.protect(&[40, 3, 12, 0], TotalShown::Exact);
        assert_eq!(b.cells, [v(40), STAR, STAR, v(0)]);
        assert_eq!(b.total, v(55));
    }

    #[test]
    fn two_hidden_cells_that_sum_to_little_take_a_third() {
        let p = DisclosurePolicy {
            suppress_up_to: 7,
            round_to: 1,
        };
        let b = p.protect(&[1, 1, 20, 30], TotalShown::Exact);
        assert_eq!(b.cells, [STAR, STAR, STAR, v(30)]);
    }

    #[test]
    fn a_small_total_published_by_the_rule_is_hidden_with_its_cells() {
        let p = DisclosurePolicy::default();
        let b = p.protect(&[3, 0, 0], TotalShown::ByTheRule);
        assert_eq!(b.cells, [STAR, STAR, STAR]);
        assert_eq!(b.total, STAR);
    }

    #[test]
    fn beside_a_known_total_few_people_hide_the_zeros_too() {
        let p = DisclosurePolicy::default();
        let b = p.protect(&[3, 0, 0], TotalShown::Exact);
        assert_eq!(b.cells, [STAR, STAR, STAR]);
        assert_eq!(b.total, v(3));
    }

    #[test]
    fn nothing_small_means_nothing_more_is_hidden() {
        let p = DisclosurePolicy::default();
        let b = p.protect(&[12, 0, 48], TotalShown::ByTheRule);
        assert_eq!(b.cells, [v(10), v(0), v(50)]);
        assert_eq!(b.total, v(60));
    }

    /// Every table of `len` cells each from 0 to `most`.
    fn tables(len: usize, most: u64) -> Vec<Vec<u64>> {
        let mut all = vec![vec![]];
        for _ in 0..len {
            all = all
                .into_iter()
                .flat_map(|t: Vec<u64>| {
                    (0..=most).map(move |c| {
                        let mut t = t.clone();
                        t.push(c);
                        t
                    })
                })
                .collect();
        }
        all
    }

    fn policies() -> impl Strategy<Value = DisclosurePolicy> {
        prop_oneof![
            Just(DisclosurePolicy::default()),
            Just(DisclosurePolicy {
                suppress_up_to: 7,
                round_to: 1
            }),
            Just(DisclosurePolicy {
                suppress_up_to: 3,
                round_to: 1
            }),
        ]
    }

    /// Policies that round what they show, as the default does.
    fn rounding_policies() -> impl Strategy<Value = DisclosurePolicy> {
        prop_oneof![
            Just(DisclosurePolicy::default()),
            Just(DisclosurePolicy {
                suppress_up_to: 3,
                round_to: 5
            }),
            Just(DisclosurePolicy {
                suppress_up_to: 10,
                round_to: 5
            }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Whatever the counts: nothing from 1 to the limit is shown, and beside a shown
        /// total either nothing is hidden or at least two cells holding more than the limit
        /// between them are.
        #[test]
        fn hidden_cells_never_stand_alone(
            counts in proptest::collection::vec(prop_oneof![0u64..10, 0u64..200], 1..8),
            p in policies(),
            exact in any::<bool>(),
        ) {
            let total = if exact { TotalShown::Exact } else { TotalShown::ByTheRule };
            let b = p.protect(&counts, total);
            prop_assert_eq!(b.cells.len(), counts.len());
            let mut hidden = 0;
            let mut hidden_sum = 0;
            for (c, s) in counts.iter().zip(&b.cells) {
                match s {
                    Shown::Value(x) => {
                        prop_assert!(*c == 0 || *c > p.suppress_up_to);
                        prop_assert!(x.abs_diff(*c) <= p.round_to / 2);
                    }
                    Shown::Suppressed => {
                        prop_assert!(
                            *c > 0 || exact || b.total == Shown::Suppressed,
                            "a zero is hidden only beside a known or a hidden total"
                        );
                        hidden += 1;
                        hidden_sum += c;
                    }
                }
            }
            if b.total != Shown::Suppressed && hidden > 0 {
                let all_hidden = b.cells.iter().all(|s| *s == Shown::Suppressed);
                prop_assert!(
                    (hidden >= 2 && hidden_sum > p.suppress_up_to) || (exact && all_hidden),
                    "{:?} -> {:?}", counts, b
                );
            }
        }

        /// The promise itself, by brute force over small tables, for totals published by a
        /// rounding rule (the national and regional views): for every hidden cell there is
        /// another table, published identically, that differs in that cell, so nobody
        /// reading the publication, even knowing this rule, can tell which it was.
        #[test]
        fn no_hidden_cell_can_be_worked_out(
            counts in proptest::collection::vec(prop_oneof![0u64..=3, 0u64..=12], 2..=3),
            p in rounding_policies(),
        ) {
            let total = TotalShown::ByTheRule;
            let published = p.protect(&counts, total);
            let twins: Vec<Vec<u64>> = tables(counts.len(), 20)
                .into_iter()
                .filter(|t| p.protect(t, total) == published)
                .collect();
            for (i, s) in published.cells.iter().enumerate() {
                if *s == Shown::Suppressed {
                    prop_assert!(
                        twins.iter().any(|t| t[i] != counts[i]),
                        "cell {} of {:?} can be worked out from {:?}", i, counts, published
                    );
                }
            }
        }
    }
}
