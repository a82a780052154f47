//! Consideration 5's sickness absence line: the rate over the 12 months to the period's
//! end (`service::absence::figures_for`), shown only where the people it comes from may
//! be counted.

use super::sections::line;
use super::{Figure, Line};
use crate::domain::absence::AbsenceFigures;
use crate::domain::disclosure::Shown;
use crate::service::team_skills::SkillsOverview;

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

fn teams(n: usize, of: usize) -> Figure {
    Figure::share(n as i64, of as i64)
}

/// Considerations 1 and 3: teams whose skills audit and role-clarity review are in date
/// on the period's last day (`service::team_skills::overview`).
pub fn team_lines(now: &SkillsOverview, before: &SkillsOverview) -> (Line, Line) {
    let source = "Team managers' skills audits and role-clarity reviews";
    (
        line(
            "Teams with a skills audit in date",
            teams(now.audited_in_date, now.teams),
            Some(teams(before.audited_in_date, before.teams)),
            source,
        ),
        line(
            "Teams with a role-clarity review in date",
            teams(now.reviewed_in_date, now.teams),
            Some(teams(before.reviewed_in_date, before.teams)),
            source,
        ),
    )
}
