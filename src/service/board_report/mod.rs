//! The board report: one report for the board or quality committee across the HEE
//! guidance's eight organisational considerations (docs/sources.md#board-report), for a
//! chosen period with the period before it beside, and split by employer where the
//! records allow. One `BoardReport` feeds the page, the API, the XLSX and the tagged PDF
//! (`web::board_report_files`), so they cannot disagree.
//!
//! It reads nothing of its own: each figure is the one its own page gives, by the same
//! service function (the governance report for supervision and registration, the
//! self-assessment evidence for CPD, the ASYE, AMHPs, feedback and the pulse, the workforce
//! intelligence's rules for the workforce, the self-assessment's scores for each
//! consideration). A figure that is only known as things stand today (a registration
//! status, CPD readiness this registration year) is shown for this period only: its
//! previous-period cell says so rather than repeat today's value.

mod leavers;
mod sections;
mod wellbeing;

use super::{audit, kept, require};
use crate::config::Settings;
use crate::domain::dates::parse as parse_date;
use crate::domain::supervision::add_months_back;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::service::governance::{self, GovernanceReport, Range};
use crate::service::self_assessment::evidence::{self, Measures};
use crate::store::Db;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use time::{Date, Duration};

/// The period as sent (query string).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::IntoParams)]
#[serde(default)]
pub struct BoardQuery {
    /// The period's last day (default: today).
    pub to: String,
    /// Its length in months: 3, 6 or 12 (default 12).
    pub months: String,
}

/// A period: its first and last days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = ReportPeriod)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

/// The lengths a report may cover, in months.
pub const LENGTHS: [u32; 3] = [3, 6, 12];

impl BoardQuery {
    /// The period and the one before it, of the same length; each problem names its field.
    pub fn parse(&self, today: Date) -> Result<(Period, Period), FieldErrors> {
        let mut e = FieldErrors::default();
        let to = if self.to.trim().is_empty() {
            Some(today)
        } else {
            e.take("to", parse_date("The last day of the period", &self.to))
        };
        if to.is_some_and(|t| t > today) {
            e.add(
                "to",
                "The last day of the period must be today or in the past",
            );
        }
        let months = match self.months.trim() {
            "" => 12,
            m => match m.parse::<u32>() {
                Ok(n) if LENGTHS.contains(&n) => n,
                _ => {
                    e.add("months", "Select a period of 3, 6 or 12 months");
                    12
                }
            },
        };
        match to {
            Some(to) if e.is_empty() => {
                let period = period_ending(to, months);
                let before = period_ending(period.from - Duration::days(1), months);
                Ok((period, before))
            }
            _ => Err(e),
        }
    }
}

/// The `months` months ending on `to`: whole calendar months when `to` is a month's last
/// day (a quarter to 30 June starts on 1 April), else from the day after the same day
/// `months` months before.
pub fn period_ending(to: Date, months: u32) -> Period {
    let month_end = to.day() == to.month().length(to.year());
    let from = if month_end {
        add_months_back(to.replace_day(1).unwrap_or(to), months - 1)
    } else {
        add_months_back(to, months) + Duration::days(1)
    };
    Period { from, to }
}

/// One figure as the report shows it: in words, with its number where it has one (the
/// XLSX writes the number).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Figure {
    pub text: String,
    pub value: Option<f64>,
}

impl Figure {
    pub fn words(text: impl Into<String>) -> Self {
        Figure {
            text: text.into(),
            value: None,
        }
    }

    pub fn count(n: impl Into<f64> + Copy + std::fmt::Display) -> Self {
        Figure {
            text: n.to_string(),
            value: Some(n.into()),
        }
    }

    /// A share as "n of m (p%)", its value the percentage.
    pub fn share(n: i64, of: i64) -> Self {
        let s = evidence::Share { n, of };
        Figure {
            text: s.text(),
            value: (of > 0).then(|| (n as f64 / of as f64 * 1000.0).round() / 10.0),
        }
    }

    /// A proportion from 0 to 1 as a percentage.
    pub fn percent(p: Option<f64>) -> Self {
        match p {
            Some(p) => {
                let v = (p * 1000.0).round() / 10.0;
                Figure {
                    text: format!("{v}%"),
                    value: Some(v),
                }
            }
            None => Figure::words("No one with an expectation"),
        }
    }
}

/// One line of a section: this period, the period before (none: known only as things
/// stand, so not repeated), and where it comes from.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Line {
    pub label: String,
    pub now: Figure,
    pub before: Option<Figure>,
    pub source: String,
}

/// One of the eight considerations.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Section {
    /// "1" to "8", as the HEE framework numbers them.
    pub code: String,
    pub title: String,
    /// The mean self-assessment rating of the consideration's criteria in the latest
    /// signed-off cycle on the HEE framework by the period's end, and by the end of the
    /// period before.
    pub rating: Option<f64>,
    pub rating_before: Option<f64>,
    pub lines: Vec<Line>,
    /// What mhsw does not record yet for this consideration, said plainly.
    pub not_recorded: Option<String>,
}

/// One employer's people: registration and CPD readiness as recorded today, supervision
/// over the period with the period before's beside it. A host's own staff are one line and
/// each partner whose staff it hosts another.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EmployerLine {
    pub employer: String,
    /// People in post today.
    pub in_post: usize,
    /// Registration with Social Work England current, today.
    pub registration_current: Figure,
    /// CPD ready for this registration year's renewal, today.
    pub cpd_ready: Figure,
    /// People with a supervision expectation over the period.
    pub people: usize,
    pub compliance: Figure,
    pub overdue: usize,
    /// The same over the period before, where the employer had people then.
    pub compliance_before: Option<Figure>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BoardReport {
    pub organisation: String,
    pub period: Period,
    pub previous: Period,
    pub months: u32,
    pub generated_on: Date,
    /// The self-assessment cycle the ratings come from, in words (none signed off).
    pub assessment: Option<String>,
    pub sections: Vec<Section>,
    pub by_employer: Vec<EmployerLine>,
    pub disclosure_note: String,
}

/// Everything the sections are made of, read once per period.
pub(crate) struct Inputs {
    pub governance: GovernanceReport,
    pub governance_before: GovernanceReport,
    pub measures: Measures,
    pub measures_before: Measures,
    pub workforce: sections::WorkforceAt,
    pub workforce_before: sections::WorkforceAt,
    pub ratings: sections::Ratings,
    pub ratings_before: sections::Ratings,
    pub concerns: crate::domain::concern::Themes,
    pub concerns_before: crate::domain::concern::Themes,
    pub leavers: crate::domain::leaving::ExitFigures,
    pub leavers_before: crate::domain::leaving::ExitFigures,
    pub absence: crate::domain::absence::AbsenceFigures,
    pub absence_before: crate::domain::absence::AbsenceFigures,
}

/// The board report for the actor's organisation over `period`, with `previous` beside it,
/// kept between writes (it reads the governance report, the self-assessment measures and
/// the workforce for both periods). Each read is audited, kept or not.
pub async fn report(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    period: Period,
    previous: Period,
    today: Date,
) -> AppResult<Arc<BoardReport>> {
    require(actor, Capability::ViewBoardReport)?;
    let org_id = actor.org_id.ok_or(AppError::Forbidden)?;
    let scope = crate::policy::practitioner_scope(actor);
    let key = format!("board-report|{org_id}|{scope:?}|{period:?}|{previous:?}|{today}");
    let report = kept(db, key, || {
        compute(db, settings, actor, org_id, period, previous, today)
    })
    .await?;
    audit(
        db,
        actor,
        "read",
        "board_report",
        org_id,
        format!("{} to {}", period.from, period.to),
    )
    .await?;
    Ok(report)
}

/// The exit questionnaire's figures from answers released within the period.
async fn exit_figures(
    db: &Db,
    settings: &Settings,
    org_id: i64,
    p: Period,
    today: Date,
) -> AppResult<crate::domain::leaving::ExitFigures> {
    let policy = settings.privacy.disclosure;
    let r = crate::service::leavers::released(db, policy, org_id, p.from, p.to, today).await?;
    Ok(r.results.figures)
}

/// Sickness absence over the 12 months to `to`.
async fn absence_figures(
    db: &Db,
    settings: &Settings,
    org_id: i64,
    to: Date,
) -> AppResult<crate::domain::absence::AbsenceFigures> {
    let from = add_months_back(to, 12) + Duration::days(1);
    crate::service::absence::figures_for(db, settings, org_id, from, to).await
}

async fn compute(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    period: Period,
    previous: Period,
    today: Date,
) -> AppResult<BoardReport> {
    let org = crate::store::orgs::get(&db.pool, org_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let no_filter = crate::domain::people_filter::PeopleFilter::default();
    let range = |p: Period| Range {
        from: p.from,
        to: p.to,
    };
    let inputs = Inputs {
        governance: governance::report(db, settings, actor, range(period), &no_filter, today)
            .await?,
        governance_before: governance::report(
            db,
            settings,
            actor,
            range(previous),
            &no_filter,
            today,
        )
        .await?,
        measures: evidence::measures(db, settings, org_id, period.to).await?,
        measures_before: evidence::measures(db, settings, org_id, previous.to).await?,
        workforce: sections::workforce_at(db, settings, org_id, period.to).await?,
        workforce_before: sections::workforce_at(db, settings, org_id, previous.to).await?,
        ratings: sections::ratings(db, settings, org_id, period.to).await?,
        ratings_before: sections::ratings(db, settings, org_id, previous.to).await?,
        concerns: crate::service::concerns::themes(
            db,
            settings.privacy.disclosure,
            org_id,
            period.from,
            period.to,
        )
        .await?,
        concerns_before: crate::service::concerns::themes(
            db,
            settings.privacy.disclosure,
            org_id,
            previous.from,
            previous.to,
        )
        .await?,
        leavers: exit_figures(db, settings, org_id, period, today).await?,
        leavers_before: exit_figures(db, settings, org_id, previous, today).await?,
        absence: absence_figures(db, settings, org_id, period.to).await?,
        absence_before: absence_figures(db, settings, org_id, previous.to).await?,
    };
    let months = ((period.to - period.from).whole_days() as f64 / 30.4).round() as u32;
    Ok(BoardReport {
        organisation: org.name.clone(),
        period,
        previous,
        months,
        generated_on: today,
        assessment: inputs.ratings.cycle.clone(),
        sections: sections::sections(&inputs, settings),
        by_employer: sections::by_employer(&inputs),
        disclosure_note: format!(
            "Counts of the organisation's own people are exact. Equality figures and the supervision pulse follow the disclosure policy: {}",
            settings.privacy.disclosure.explanation().to_lowercase()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    proptest! {
        /// Whatever the day and length, the period ends on that day, the period before ends
        /// the day before it starts, and both are about as long as asked (28 to 31 days a
        /// month).
        #[test]
        fn periods_tile_without_gaps(days in 0i64..4000, k in 0usize..3) {
            let to = date!(2020 - 01 - 01) + Duration::days(days);
            let months = LENGTHS[k];
            let (p, b) = BoardQuery { to: to.to_string(), months: months.to_string() }
                .parse(date!(2031 - 01 - 01))
                .unwrap();
            prop_assert_eq!(p.to, to);
            prop_assert_eq!(b.to + Duration::days(1), p.from);
            for period in [p, b] {
                let len = (period.to - period.from).whole_days() + 1;
                prop_assert!(len >= 28 * i64::from(months) - 3 && len <= 31 * i64::from(months) + 1, "{period:?}");
            }
        }
    }

    #[test]
    fn the_period_before_is_as_long_and_ends_the_day_before() {
        let q = BoardQuery {
            to: "2026-09-30".into(),
            months: "3".into(),
        };
        let (p, b) = q.parse(date!(2026 - 12 - 04)).unwrap();
        assert_eq!(
            (p.from, p.to),
            (date!(2026 - 07 - 01), date!(2026 - 09 - 30))
        );
        assert_eq!(
            (b.from, b.to),
            (date!(2026 - 04 - 01), date!(2026 - 06 - 30))
        );
        let year = BoardQuery::default().parse(date!(2026 - 12 - 04)).unwrap();
        assert_eq!(year.0.from, date!(2025 - 12 - 05));
        assert_eq!(year.1.to, date!(2025 - 12 - 04));
        assert_eq!(year.1.from, date!(2024 - 12 - 05));
        // Whole months from a month's end, February included.
        let p = period_ending(date!(2028 - 02 - 29), 6);
        assert_eq!(p.from, date!(2027 - 09 - 01));
        let p = period_ending(date!(2027 - 08 - 31), 6);
        assert_eq!(p.from, date!(2027 - 03 - 01));
    }

    #[test]
    fn a_wrong_period_is_named_by_field() {
        let q = BoardQuery {
            to: "2027-01-01".into(),
            months: "5".into(),
        };
        let e = q.parse(date!(2026 - 12 - 04)).unwrap_err();
        assert!(e.message_for("to").is_some() && e.message_for("months").is_some());
    }
}
