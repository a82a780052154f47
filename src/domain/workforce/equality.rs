//! Equality figures for an organisation's workforce: breakdowns by a protected
//! characteristic, Black, Asian and minority ethnic representation at band 8a and above
//! against the whole (WRES indicator 1), and WRES-style relative likelihoods (appointment
//! from shortlisting, entering a formal disciplinary process, moving up a band).
//! docs/sources.md#wres.
//!
//! Every figure here is special-category data and follows the disclosure policy:
//! - a breakdown is published as `DisclosurePolicy::protect` publishes it (1 to the limit
//!   hidden, others rounded, secondary suppression beside the organisation's known
//!   total); its WTE is shown only where its headcount is, rounded as counts are;
//! - a share or a likelihood is shown only when every count it is made of is above the
//!   limit, and is worked out from the rounded counts, so it says nothing the rounded
//!   counts do not (property-tested below).

use super::Tally;
use crate::domain::disclosure::{DisclosurePolicy, Shown, TotalShown};
use serde::Serialize;
use time::Date;

/// The WRES grouping of the NHS ethnic categories: White is A, B and C; Black, Asian and
/// minority ethnic is every other stated category; Z (not stated) and 99 (not known), or
/// nothing recorded, are neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RaceGroup {
    White,
    Bme,
    NotKnown,
}

pub fn race_group(ethnic_category: Option<&str>) -> RaceGroup {
    match ethnic_category {
        Some("A" | "B" | "C") => RaceGroup::White,
        Some("Z" | "99") | None => RaceGroup::NotKnown,
        Some(_) => RaceGroup::Bme,
    }
}

/// A band's place in the Agenda for Change order (8a to 8d between 8 and 9, a very senior
/// manager above 9); none for council grades and bands not known, which have no place.
pub fn band_rank(band: &str) -> Option<u32> {
    Some(match band {
        "1" => 10,
        "2" => 20,
        "3" => 30,
        "4" => 40,
        "5" => 50,
        "6" => 60,
        "7" => 70,
        "8a" => 80,
        "8b" => 81,
        "8c" => 82,
        "8d" => 83,
        "9" => 90,
        "vsm" => 100,
        _ => return None,
    })
}

/// At band 8a or above (WRES indicator 1's senior grades).
pub fn is_senior_band(band: &str) -> bool {
    band_rank(band).is_some_and(|r| r >= 80)
}

/// Whether a band history moved up a band within the 12 months after `from`, to `to`:
/// `history` is (effective from, band) in date order.
pub fn moved_up(history: &[(Date, String)], from: Date, to: Date) -> bool {
    let mut before: Option<u32> = None;
    for (day, band) in history {
        let rank = band_rank(band);
        if *day > from
            && *day <= to
            && let (Some(b), Some(r)) = (before, rank)
            && r > b
        {
            return true;
        }
        if rank.is_some() {
            before = rank;
        }
    }
    false
}

/// One group of an equality breakdown as it may be shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishedTally {
    pub code: String,
    pub headcount: Shown,
    /// Whole-time equivalent, rounded as counts are; hidden wherever the headcount is.
    pub wte: Shown,
}

/// An equality breakdown (tallies of the whole organisation) as it may be shown beside
/// the organisation's exact total.
pub fn publish_breakdown(tallies: &[Tally], policy: DisclosurePolicy) -> Vec<PublishedTally> {
    let counts: Vec<u64> = tallies.iter().map(|t| t.headcount).collect();
    let shown = policy.protect(&counts, TotalShown::Exact).cells;
    tallies
        .iter()
        .zip(shown)
        .map(|(t, headcount)| PublishedTally {
            code: t.code.clone(),
            wte: match headcount {
                Shown::Suppressed => Shown::Suppressed,
                Shown::Value(_) if t.wte == 0 => Shown::Value(0),
                // Whole WTE, rounded as a count is; a group above the limit in headcount
                // but under one WTE shows 0 rather than *: its headcount is shown anyway.
                Shown::Value(_) => {
                    let r = policy.round_to.max(1);
                    Shown::Value(((t.wte + r * 50) / (r * 100)) * r)
                }
            },
            headcount,
        })
        .collect()
}

/// A figure made of counts, as it may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(tag = "shown", rename_all = "snake_case")]
pub enum Published {
    /// The figure (a percentage or a likelihood), from rounded counts.
    Value { value: f64 },
    /// One of its counts is within the suppression limit (or none was entered).
    TooFew,
}

/// A count rounded by the policy, if it is above the limit.
fn rounded(policy: DisclosurePolicy, n: u64) -> Option<f64> {
    match policy.show(n) {
        Shown::Value(v) if n > policy.suppress_up_to => Some(v as f64),
        _ => None,
    }
}

/// Black, Asian and minority ethnic staff at band 8a and above beside the whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Representation {
    pub bme_senior: u64,
    pub white_senior: u64,
    pub bme_other: u64,
    pub white_other: u64,
}

/// The published shares (percentages to one decimal place) of Black, Asian and minority
/// ethnic staff among those with a known group: at band 8a and above, and in the whole.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RepresentationShown {
    pub senior_share: Published,
    pub whole_share: Published,
}

impl Representation {
    /// The counts of `people` in post on `day`.
    pub fn of<'a>(people: impl IntoIterator<Item = &'a super::Person>, day: Date) -> Self {
        let mut rep = Representation::default();
        for p in people.into_iter().filter(|p| p.in_post_on(day)) {
            rep.add(
                race_group(p.ethnic_category.as_deref()),
                is_senior_band(&p.band),
            );
        }
        rep
    }

    pub fn add(&mut self, group: RaceGroup, senior: bool) {
        match (group, senior) {
            (RaceGroup::Bme, true) => self.bme_senior += 1,
            (RaceGroup::Bme, false) => self.bme_other += 1,
            (RaceGroup::White, true) => self.white_senior += 1,
            (RaceGroup::White, false) => self.white_other += 1,
            (RaceGroup::NotKnown, _) => {}
        }
    }

    /// The whole's share needs its two counts (all Black, Asian and minority ethnic staff,
    /// all white staff) above the limit; the senior share needs all four, lest the
    /// difference of the two published shares give a small count back.
    pub fn publish(self, policy: DisclosurePolicy) -> RepresentationShown {
        let r = |n| rounded(policy, n);
        let whole = match (
            r(self.bme_senior + self.bme_other),
            r(self.white_senior + self.white_other),
        ) {
            (Some(b), Some(w)) => Published::Value {
                value: percent(b, b + w),
            },
            _ => Published::TooFew,
        };
        let cells = [
            self.bme_senior,
            self.white_senior,
            self.bme_other,
            self.white_other,
        ]
        .map(r);
        let senior = match cells {
            [Some(bs), Some(ws), Some(_), Some(_)] => Published::Value {
                value: percent(bs, bs + ws),
            },
            _ => Published::TooFew,
        };
        RepresentationShown {
            senior_share: senior,
            whole_share: whole,
        }
    }
}

fn percent(n: f64, of: f64) -> f64 {
    (n / of * 1000.0).round() / 10.0
}

/// The two groups' counts a relative likelihood compares: how many of each group had the
/// outcome (`*_yes`) out of how many could (`*_of`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rates {
    pub first_yes: u64,
    pub first_of: u64,
    pub second_yes: u64,
    pub second_of: u64,
}

impl Rates {
    /// The first group's rate divided by the second's, to two decimal places (1.00 is
    /// parity), from rounded counts; too few when any count is within the limit.
    pub fn relative_likelihood(self, policy: DisclosurePolicy) -> Published {
        let cells = [
            self.first_yes,
            self.first_of,
            self.second_yes,
            self.second_of,
        ]
        .map(|n| rounded(policy, n));
        match cells {
            [Some(a), Some(b), Some(c), Some(d)] if a <= b && c <= d => Published::Value {
                value: ((a / b) / (c / d) * 100.0).round() / 100.0,
            },
            _ => Published::TooFew,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const POLICY: DisclosurePolicy = DisclosurePolicy {
        suppress_up_to: 7,
        round_to: 5,
    };

    #[test]
    fn wres_groups_white_as_a_b_and_c_and_leaves_unstated_out() {
        assert_eq!(race_group(Some("A")), RaceGroup::White);
        assert_eq!(race_group(Some("C")), RaceGroup::White);
        assert_eq!(race_group(Some("D")), RaceGroup::Bme);
        assert_eq!(race_group(Some("S")), RaceGroup::Bme);
        assert_eq!(race_group(Some("Z")), RaceGroup::NotKnown);
        assert_eq!(race_group(Some("99")), RaceGroup::NotKnown);
        assert_eq!(race_group(None), RaceGroup::NotKnown);
    }

    #[test]
    fn bands_rank_in_agenda_for_change_order() {
        assert!(is_senior_band("8a") && is_senior_band("9") && is_senior_band("vsm"));
        assert!(!is_senior_band("7") && !is_senior_band("council"));
        assert!(band_rank("8d") < band_rank("9"));
        let h = |v: &[(Date, &str)]| -> Vec<(Date, String)> {
            v.iter().map(|(d, b)| (*d, b.to_string())).collect()
        };
        let (from, to) = (date!(2025 - 12 - 04), date!(2026 - 12 - 04));
        let up = h(&[(date!(2020 - 01 - 01), "6"), (date!(2026 - 03 - 01), "7")]);
        assert!(moved_up(&up, from, to));
        let before = h(&[(date!(2020 - 01 - 01), "6"), (date!(2025 - 03 - 01), "7")]);
        assert!(!moved_up(&before, from, to), "moved before the year");
        let down = h(&[(date!(2020 - 01 - 01), "7"), (date!(2026 - 03 - 01), "6")]);
        assert!(!moved_up(&down, from, to));
        let via_unknown = h(&[
            (date!(2020 - 01 - 01), "6"),
            (date!(2026 - 02 - 01), "unknown"),
            (date!(2026 - 03 - 01), "7"),
        ]);
        assert!(
            moved_up(&via_unknown, from, to),
            "a band not known keeps the last rank"
        );
    }

    #[test]
    fn a_likelihood_uses_rounded_counts_and_needs_every_count_above_the_limit() {
        let r = Rates {
            first_yes: 20,
            first_of: 80,
            second_yes: 10,
            second_of: 80,
        };
        assert_eq!(
            r.relative_likelihood(POLICY),
            Published::Value { value: 2.0 }
        );
        let few = Rates { second_yes: 7, ..r };
        assert_eq!(few.relative_likelihood(POLICY), Published::TooFew);
    }

    #[test]
    fn representation_compares_senior_with_the_whole() {
        let r = Representation {
            bme_senior: 10,
            white_senior: 30,
            bme_other: 40,
            white_other: 120,
        };
        let s = r.publish(POLICY);
        assert_eq!(s.senior_share, Published::Value { value: 25.0 });
        assert_eq!(s.whole_share, Published::Value { value: 25.0 });
        let few = Representation { bme_senior: 3, ..r };
        assert_eq!(few.publish(POLICY).senior_share, Published::TooFew);
        assert_eq!(
            few.publish(POLICY).whole_share,
            Published::Value { value: 23.1 },
            "the whole needs only its own two counts: 43 and 150, rounded to 45 of 195"
        );
    }

    fn tally(code: &str, headcount: u64, wte: u64) -> Tally {
        Tally {
            code: code.into(),
            headcount,
            wte,
        }
    }

    proptest! {
        /// A share is shown only when all four counts are above the limit, and two
        /// workforces whose counts round alike show the same shares: nothing beyond the
        /// rounded counts can be read from them.
        #[test]
        fn representation_says_no_more_than_rounded_counts(
            cells in prop::array::uniform4(0u64..60),
            nudge in prop::array::uniform4(0u64..3),
        ) {
            let r = Representation { bme_senior: cells[0], white_senior: cells[1], bme_other: cells[2], white_other: cells[3] };
            let shown = r.publish(POLICY);
            if matches!(shown.senior_share, Published::Value { .. }) {
                prop_assert!(cells.iter().all(|&c| c > POLICY.suppress_up_to));
            }
            if matches!(shown.whole_share, Published::Value { .. }) {
                prop_assert!(cells[0] + cells[2] > POLICY.suppress_up_to && cells[1] + cells[3] > POLICY.suppress_up_to);
            }
            // Move each count within its rounding class.
            let same_class: [u64; 4] = std::array::from_fn(|i| {
                let moved = cells[i] + nudge[i];
                if POLICY.show(moved) == POLICY.show(cells[i]) { moved } else { cells[i] }
            });
            let r2 = Representation { bme_senior: same_class[0], white_senior: same_class[1], bme_other: same_class[2], white_other: same_class[3] };
            let all_above = |c: &[u64; 4]| c.iter().all(|&n| n > POLICY.suppress_up_to);
            if all_above(&cells) && all_above(&same_class) {
                prop_assert_eq!(r2.publish(POLICY).senior_share, shown.senior_share);
            }
        }

        /// Likewise for a relative likelihood.
        #[test]
        fn a_likelihood_is_never_made_of_a_small_count(
            cells in prop::array::uniform4(0u64..200),
        ) {
            let r = Rates { first_yes: cells[0].min(cells[1]), first_of: cells[1], second_yes: cells[2].min(cells[3]), second_of: cells[3] };
            if let Published::Value { value } = r.relative_likelihood(POLICY) {
                prop_assert!([r.first_yes, r.first_of, r.second_yes, r.second_of].iter().all(|&c| c > POLICY.suppress_up_to));
                prop_assert!(value.is_finite() && value >= 0.0);
            }
        }

        /// An equality breakdown shows no headcount from 1 to the limit, hides WTE wherever
        /// it hides the headcount, and never stands one hidden group alone beside the total.
        #[test]
        fn an_equality_breakdown_hides_small_groups_and_their_wte(
            groups in prop::collection::vec((0u64..30, 0u64..30), 2..8),
        ) {
            let tallies: Vec<Tally> = groups.iter().enumerate()
                .map(|(i, (h, w))| tally(&i.to_string(), *h, if *h == 0 { 0 } else { *w * 100 / 3 + 50 }))
                .collect();
            let out = publish_breakdown(&tallies, POLICY);
            let mut hidden = 0;
            let mut hidden_sum = 0;
            for (t, p) in tallies.iter().zip(&out) {
                match p.headcount {
                    Shown::Value(v) => {
                        prop_assert!(v == 0 || t.headcount > POLICY.suppress_up_to);
                        prop_assert_ne!(p.wte, Shown::Suppressed);
                    }
                    Shown::Suppressed => {
                        prop_assert_eq!(p.wte, Shown::Suppressed);
                        hidden += 1;
                        hidden_sum += t.headcount;
                    }
                }
            }
            let total: u64 = tallies.iter().map(|t| t.headcount).sum();
            if hidden > 0 && hidden < out.len() {
                prop_assert!(hidden >= 2 && hidden_sum > POLICY.suppress_up_to || total <= POLICY.suppress_up_to);
            }
        }
    }
}
