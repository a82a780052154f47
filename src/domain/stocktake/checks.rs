//! The checks of a stocktake return across its rows.

use super::{Cell, Dimension, Employer, Measure, ReturnError, at, show_wte};
use std::collections::BTreeMap;

/// The checks across rows: no cell twice, totals present and matched by each dimension,
/// AMHPs and BIAs within those in post, one population.
pub(super) fn check_cells(cells: &[Cell]) -> Vec<ReturnError> {
    let mut errors = Vec::new();
    type Key<'a> = (Measure, Option<Employer>, Option<Dimension>, &'a str);
    let mut seen: BTreeMap<Key, usize> = BTreeMap::new();
    for c in cells {
        let key = (c.measure, c.employer, c.dimension, c.category.as_str());
        if let Some(first) = seen.insert(key, c.row) {
            errors.push(ReturnError {
                row: Some(c.row),
                column: None,
                message: format!("the same cell as row {first}: give each cell once"),
            });
        }
    }
    let population_rows = cells
        .iter()
        .filter(|c| c.measure == Measure::RegisteredPopulation)
        .count();
    if population_rows != 1 {
        errors.push(ReturnError {
            row: None,
            column: Some("measure"),
            message: "give the registered_population once".into(),
        });
    }
    for measure in Measure::ALL {
        for employer in [Employer::Nhs, Employer::Other] {
            let of: Vec<&Cell> = cells
                .iter()
                .filter(|c| c.measure == measure && c.employer == Some(employer))
                .collect();
            if of.is_empty() {
                continue;
            }
            let total = of.iter().find(|c| c.dimension == Some(Dimension::Total));
            let Some(total) = total else {
                errors.push(ReturnError {
                    row: Some(of[0].row),
                    column: Some("dimension"),
                    message: format!(
                        "{} for {} has cells but no total row",
                        measure.code(),
                        employer_code(employer)
                    ),
                });
                continue;
            };
            errors.extend(check_sums(total, &of));
        }
    }
    errors.extend(check_within_in_post(cells));
    errors
}

fn employer_code(e: Employer) -> &'static str {
    match e {
        Employer::Nhs => "nhs",
        Employer::Other => "other",
    }
}

/// Each dimension's cells add up to the total: headcount exactly, WTE within 0.01 a cell.
fn check_sums(total: &Cell, of: &[&Cell]) -> Vec<ReturnError> {
    let mut errors = Vec::new();
    for d in Dimension::ALL.into_iter().skip(1) {
        let cells: Vec<&&Cell> = of.iter().filter(|c| c.dimension == Some(d)).collect();
        if cells.is_empty() {
            continue;
        }
        let where_ = |column: &'static str, message: String| ReturnError {
            row: Some(cells[0].row),
            column: Some(column),
            message,
        };
        if let Some(t) = total.headcount {
            let sum: u64 = cells.iter().filter_map(|c| c.headcount).sum();
            if sum != t {
                errors.push(where_(
                    "headcount",
                    format!(
                        "the {} cells of {} add up to {sum}, not the total {t} (row {})",
                        d.code(),
                        total.measure.code(),
                        total.row
                    ),
                ));
            }
        }
        if let Some(t) = total.wte {
            let sum: u64 = cells.iter().filter_map(|c| c.wte).sum();
            if sum.abs_diff(t) > cells.len() as u64 {
                errors.push(where_(
                    "wte",
                    format!(
                        "the {} cells of {} add up to {} WTE, not the total {} (row {})",
                        d.code(),
                        total.measure.code(),
                        show_wte(sum),
                        show_wte(t),
                        total.row
                    ),
                ));
            }
        }
    }
    errors
}

/// AMHPs and BIAs are people in post, so never more than them.
fn check_within_in_post(cells: &[Cell]) -> Vec<ReturnError> {
    let total = |m: Measure, e: Employer| {
        cells.iter().find(|c| {
            c.measure == m && c.employer == Some(e) && c.dimension == Some(Dimension::Total)
        })
    };
    let mut errors = Vec::new();
    for e in [Employer::Nhs, Employer::Other] {
        let in_post = total(Measure::InPost, e);
        for m in [Measure::Amhp, Measure::Bia] {
            if let Some(c) = total(m, e) {
                let most = in_post.and_then(|p| p.headcount).unwrap_or(0);
                if c.headcount.unwrap_or(0) > most {
                    errors.push(at(
                        c.row,
                        "headcount",
                        format!(
                            "{} {} are more than the {most} in post",
                            c.headcount.unwrap_or(0),
                            m.code()
                        ),
                    ));
                }
            }
        }
    }
    errors
}
