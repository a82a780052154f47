//! Consideration 5's sickness absence line: the rate over the 12 months to the period's
//! end (`service::absence::figures_for`), shown only where the people it comes from may
//! be counted.

use super::sections::line;
use super::{Figure, Line};
use crate::domain::absence::AbsenceFigures;
use crate::domain::disclosure::Shown;

fn rate(f: &AbsenceFigures) -> Figure {
    match (f.rate_percent, f.people_absent) {
        (Some(r), _) => Figure {
            text: format!("{r}%"),
            value: Some(r),
        },
        (None, Shown::Value(0)) => Figure::words("None recorded"),
        (None, _) => Figure::words("Too few to show"),
    }
}

pub fn absence_lines(now: &AbsenceFigures, before: &AbsenceFigures) -> Vec<Line> {
    vec![line(
        "Sickness absence rate, 12 months to the period's end",
        rate(now),
        Some(rate(before)),
        "Episodes the HR lead records: FTE days lost over FTE days available, through the disclosure policy",
    )]
}
