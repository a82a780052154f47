//! Age bands. The national stocktake of mental health social workers reports ages as "40 to
//! 49" and "50 and over" (HEE 2019 stocktake; docs/sources.md#age-bands), and NHS workforce
//! statistics use five-year bands. mhsw keeps five-year bands (`data/reference-lists.toml`
//! `age_bands`), each wholly inside one stocktake band, so counts add up exactly to the
//! stocktake's. A date of birth, when recorded, always wins over a band.
//!
//! Bands recorded before December 2026 were ten-year ("35 to 44", ...). They stay readable;
//! those that fall inside one stocktake band still count there, and the two that straddle
//! 40 or 50 ("35 to 44", "45 to 54") count in none and ask to be updated.

use serde::Serialize;

/// The stocktake's age groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StocktakeBand {
    Under40,
    From40To49,
    From50,
}

/// The ten-year bands used before, with their labels.
pub const RETIRED: [(&str, &str); 4] = [
    ("25_34", "25 to 34"),
    ("35_44", "35 to 44"),
    ("45_54", "45 to 54"),
    ("55_64", "55 to 64"),
];

/// The ages a band code covers: (lowest, highest or none for "and over"). Codes look like
/// `under_25`, `40_44` or `65_plus`; anything else is not a band.
pub fn bounds(code: &str) -> Option<(u32, Option<u32>)> {
    if let Some(n) = code.strip_prefix("under_") {
        let n: u32 = n.parse().ok()?;
        return (n > 0).then(|| (0, Some(n - 1)));
    }
    if let Some(n) = code.strip_suffix("_plus") {
        return Some((n.parse().ok()?, None));
    }
    let (lo, hi) = code.split_once('_')?;
    let (lo, hi): (u32, u32) = (lo.parse().ok()?, hi.parse().ok()?);
    (lo <= hi).then_some((lo, Some(hi)))
}

/// The stocktake band a recorded band falls wholly inside, if it does.
pub fn stocktake_band(code: &str) -> Option<StocktakeBand> {
    let (lo, hi) = bounds(code)?;
    match hi {
        Some(h) if h <= 39 => Some(StocktakeBand::Under40),
        Some(h) if lo >= 40 && h <= 49 => Some(StocktakeBand::From40To49),
        _ if lo >= 50 => Some(StocktakeBand::From50),
        _ => None,
    }
}

/// The stocktake band of an age in years.
pub fn stocktake_band_of_age(age: u32) -> StocktakeBand {
    match age {
        0..=39 => StocktakeBand::Under40,
        40..=49 => StocktakeBand::From40To49,
        _ => StocktakeBand::From50,
    }
}

/// The label of a retired ten-year band, when `code` is one.
pub fn retired_label(code: &str) -> Option<&'static str> {
    RETIRED.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn current() -> Vec<(u32, Option<u32>, String)> {
        crate::domain::reference()
            .age_bands
            .items
            .iter()
            .map(|i| {
                let (lo, hi) = bounds(&i.code).expect("every band parses");
                (lo, hi, i.code.clone())
            })
            .collect()
    }

    #[test]
    fn the_bands_cover_every_age_once_in_order_and_each_sits_in_one_stocktake_band() {
        let bands = current();
        assert_eq!(bands.first().map(|b| b.0), Some(0));
        for w in bands.windows(2) {
            assert_eq!(
                w[0].1.map(|h| h + 1),
                Some(w[1].0),
                "{} then {}",
                w[0].2,
                w[1].2
            );
        }
        assert_eq!(
            bands.last().and_then(|b| b.1),
            None,
            "the last is open-ended"
        );
        for (_, _, code) in &bands {
            assert!(
                stocktake_band(code).is_some(),
                "{code} straddles a stocktake boundary"
            );
        }
    }

    #[test]
    fn retired_bands_count_only_where_they_fit() {
        assert_eq!(stocktake_band("25_34"), Some(StocktakeBand::Under40));
        assert_eq!(stocktake_band("55_64"), Some(StocktakeBand::From50));
        assert_eq!(stocktake_band("35_44"), None);
        assert_eq!(stocktake_band("45_54"), None);
        for (code, _) in RETIRED {
            assert!(!crate::domain::reference().age_bands.contains(code));
        }
        assert_eq!(bounds("nonsense"), None);
    }

    proptest! {
        /// Counting people by recorded band gives the same stocktake split as counting them
        /// by age: the bands aggregate exactly.
        #[test]
        fn a_band_and_the_age_in_it_fall_in_the_same_stocktake_band(age in 0u32..110) {
            let bands = current();
            let band = bands
                .iter()
                .find(|(lo, hi, _)| *lo <= age && hi.is_none_or(|h| age <= h))
                .expect("every age has a band");
            prop_assert_eq!(stocktake_band(&band.2), Some(stocktake_band_of_age(age)));
        }
    }
}
