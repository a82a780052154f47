//! Consideration 5's sickness absence line: the rate over the 12 months to the period's
//! end (`service::absence::figures_for`), shown only where the people it comes from may
//! be counted.

use super::sections::line;
use super::{Figure, Line};
use crate::domain::absence::AbsenceFigures;
use crate::domain::disclosure::Shown;
use crate::service::self_assessment::evidence::Measures;

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

/// Consideration 5's survey lines: the latest wellbeing survey closed in the 12 months to
/// each period's end, as the self-assessment's evidence reads it.
pub fn survey_lines(now: &Measures, before: &Measures) -> Vec<Line> {
    let agree = |m: &Measures| match &m.wellbeing_survey {
        None => Figure::words("No survey closed"),
        Some(s) => match s.agree_percent {
            Some(p) => Figure {
                text: format!("{p}%"),
                value: Some(f64::from(p)),
            },
            None => Figure::words("Too few answered to show"),
        },
    };
    let answered = |m: &Measures| match &m.wellbeing_survey {
        None => Figure::words("No survey closed"),
        Some(s) => Figure::share(s.answered, s.invited),
    };
    let source = "The wellbeing and engagement survey's results, shown only at its threshold";
    vec![
        line(
            "Staff agreeing across the wellbeing survey's statements, latest survey closed in the 12 months to the period's end",
            agree(now),
            Some(agree(before)),
            source,
        ),
        line(
            "Staff who answered that survey",
            answered(now),
            Some(answered(before)),
            source,
        ),
    ]
}

/// Considerations 1 and 3: teams whose skills audit and role-clarity review are in date
/// on each period's last day, as the self-assessment's evidence counts them (the
/// measures the report already reads for both periods).
pub fn team_lines(now: &Measures, before: &Measures) -> (Line, Line) {
    let source = "Team managers' skills audits and role-clarity reviews";
    let share = |s: crate::service::self_assessment::evidence::Share| Figure::share(s.n, s.of);
    (
        line(
            "Teams with a skills audit in date",
            share(now.teams_audited),
            Some(share(before.teams_audited)),
            source,
        ),
        line(
            "Teams with a role-clarity review in date",
            share(now.teams_reviewed),
            Some(share(before.teams_reviewed)),
            source,
        ),
    )
}

/// Consideration 6: appraisals completed and in date on each period's last day, and of
/// those completed in the 12 months before it, how many included feedback from people who
/// use services (LGA standard 6), as the self-assessment's evidence counts them.
pub fn appraisal_lines(now: &Measures, before: &Measures) -> Vec<Line> {
    let source = "Appraisals signed by both parties: dates and counts only, never what one says";
    let share = |s: crate::service::self_assessment::evidence::Share| Figure::share(s.n, s.of);
    vec![
        line(
            "Social workers whose appraisal has been due with one completed and in date",
            share(now.appraisals_in_date),
            Some(share(before.appraisals_in_date)),
            source,
        ),
        line(
            "Appraisals completed in the 12 months to the period's end that include feedback from people who use services",
            share(now.appraisals_with_feedback),
            Some(share(before.appraisals_with_feedback)),
            source,
        ),
    ]
}
