//! The numbers `stocktake_cells` keeps for a cell's measure, employer and dimension
//! (migration `20261207000046`, which turned the codes' text into these): a key of small
//! numbers costs PostgreSQL about a quarter less to keep than one of text. 0 is "none" (the
//! registered population's row has no employer or dimension). Never renumber: stored rows
//! carry them.

use crate::domain::stocktake::{Dimension, Employer, Measure};

pub(super) fn measure_number(m: Measure) -> i64 {
    match m {
        Measure::InPost => 1,
        Measure::Amhp => 2,
        Measure::Bia => 3,
        Measure::Vacancies => 4,
        Measure::Starters => 5,
        Measure::Leavers => 6,
        Measure::RegisteredPopulation => 7,
    }
}

pub(super) fn employer_number(e: Option<Employer>) -> i64 {
    match e {
        None => 0,
        Some(Employer::Nhs) => 1,
        Some(Employer::Other) => 2,
    }
}

pub(super) fn dimension_number(d: Option<Dimension>) -> i64 {
    match d {
        None => 0,
        Some(Dimension::Total) => 1,
        Some(Dimension::Band) => 2,
        Some(Dimension::AgeGroup) => 3,
        Some(Dimension::EthnicCategory) => 4,
        Some(Dimension::Sex) => 5,
        Some(Dimension::Disability) => 6,
        Some(Dimension::ServiceModel) => 7,
    }
}

pub(super) fn measure_of(n: i64) -> Option<Measure> {
    Measure::ALL.into_iter().find(|m| measure_number(*m) == n)
}

/// The employer numbered `n`: `Some(None)` for 0, `None` for a number that is no one's.
pub(super) fn employer_of(n: i64) -> Option<Option<Employer>> {
    std::iter::once(None)
        .chain(Employer::ALL.map(Some))
        .find(|e| employer_number(*e) == n)
}

/// The dimension numbered `n`: `Some(None)` for 0, `None` for a number that is no one's.
pub(super) fn dimension_of(n: i64) -> Option<Option<Dimension>> {
    std::iter::once(None)
        .chain(Dimension::ALL.map(Some))
        .find(|d| dimension_number(*d) == n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each code's number in a migration's `WHEN 'code' THEN n` lists, from its text.
    fn numbers_in(sql: &str) -> Vec<(String, i64)> {
        sql.split("WHEN '")
            .skip(1)
            .map(|part| {
                let (code, rest) = part.split_once("' THEN ").unwrap();
                let n = rest
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .trim_end_matches(',');
                (code.to_string(), n.parse().unwrap())
            })
            .collect()
    }

    fn numbers_here() -> Vec<(String, i64)> {
        let mut here: Vec<(String, i64)> = Measure::ALL
            .iter()
            .map(|m| (m.code().to_string(), measure_number(*m)))
            .collect();
        here.push((String::new(), 0));
        here.extend(Employer::ALL.map(|e| (e.code().to_string(), employer_number(Some(e)))));
        here.push((String::new(), 0));
        here.extend(Dimension::ALL.map(|d| (d.code().to_string(), dimension_number(Some(d)))));
        here
    }

    #[test]
    fn both_engines_migrations_number_the_codes_as_the_store_does() {
        for sql in [
            include_str!("../../../migrations/postgres/20261207000046_stocktake_cell_codes.sql"),
            include_str!("../../../migrations/sqlite/20261207000046_stocktake_cell_codes.sql"),
        ] {
            assert_eq!(numbers_in(sql), numbers_here());
        }
    }

    #[test]
    fn every_number_reads_back_as_what_it_numbers_and_no_other_is_anyones() {
        for m in Measure::ALL {
            assert_eq!(measure_of(measure_number(m)), Some(m));
        }
        for e in std::iter::once(None).chain(Employer::ALL.map(Some)) {
            assert_eq!(employer_of(employer_number(e)), Some(e));
        }
        for d in std::iter::once(None).chain(Dimension::ALL.map(Some)) {
            assert_eq!(dimension_of(dimension_number(d)), Some(d));
        }
        assert_eq!(measure_of(0), None);
        assert_eq!(measure_of(8), None);
        assert_eq!(employer_of(3), None);
        assert_eq!(dimension_of(-1), None);
    }
}
