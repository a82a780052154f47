//! What mhsw already knows about a criterion, from the organisation's own live data, shown
//! beside it (the framework names the measures: `domain::self_assessment::framework::EVIDENCE_KEYS`).
//!
//! Every measure reuses the rule and the set-based read of the page it comes from, with the
//! organisation's scope (people employed by or working in the organisation, current staff
//! only), so the figure here and the figure there cannot disagree:
//!
//! - workforce: `store::practitioners::workforce_lines`, registered meaning
//!   `RegistrationStatus::may_practise`;
//! - supervision: `store::supervision::{supervised_people, held_history}` and
//!   `domain::supervision::status_of` (the dashboard's and the governance report's);
//! - the pulse: `service::pulse::organisation_results` (released in blocks, thresholded);
//! - registration and CPD: `store::registration::lines` and `service::cpd::ready_for_renewal`;
//! - the ASYE: `store::asye::{cohort, facts}` and `service::asye::standing_of`;
//! - AMHPs: `store::post_qualifying::{amhp_lines, suspensions, activity}` and
//!   `service::post_qualifying::approval_view` (which applies `domain::post_qualifying`);
//! - feedback and conversations: counts of staff only
//!   (`store::feedback::practitioners_with_cards_in`, `store::conversations::practitioners_with_notes`).
//!
//! Each measure is a fixed number of queries, whatever the number of people.

use crate::config::Settings;
use crate::domain::asye::CohortStatus;
use crate::domain::post_qualifying::ApprovalState;
use crate::domain::reference;
use crate::domain::registration::registration_year;
pub use crate::domain::self_assessment::statement::Share;
use crate::domain::self_assessment::statement::wte_text;
use crate::domain::supervision::add_months_back;
use crate::error::AppResult;
use crate::policy::PractitionerScope;
use crate::service::supervision::status_today;
use crate::store::Db;
use crate::store::{
    asye as asye_store, conversations as conversations_store, feedback as feedback_store,
    practitioners as practitioners_store, registration as registration_store,
    supervision as supervision_store,
};
use serde::Serialize;

mod workforce;
use std::collections::BTreeMap;
use time::Date;
pub use workforce::WorkforceMeasures;
use workforce::{describe_workforce, workforce_measures};

/// One measure, ready to show: a label, the figure in words and, where it is a share, its
/// parts (so tests and exports can check it).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct EvidenceFigure {
    pub key: String,
    pub label: String,
    /// The figure as people read it, for example "42 of 50 (84%)".
    pub value: String,
    pub numerator: Option<i64>,
    pub denominator: Option<i64>,
    /// Where it comes from and any caveat.
    pub note: String,
}

/// Every number the measures are made of, before they are put into words (the strategic
/// statement's facts are built from these).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Measures {
    /// Current practitioners employed by or working in the organisation.
    pub current_staff: i64,
    /// Of them, registered (with or without conditions).
    pub registered: i64,
    /// Their whole-time equivalent, summed.
    pub registered_wte: f64,
    /// Registered social workers by career stage (label, count), in the reference list's order.
    pub by_stage: Vec<(String, i64)>,
    /// Registered social workers holding each post-qualifying role (label, count).
    pub pq_roles: Vec<(String, i64)>,
    /// Current staff with a current supervision agreement.
    pub agreement: Share,
    /// Of the current staff with a supervision expectation today, those in date.
    pub in_date: Share,
    /// Pulse responses shown over the last 12 months (none below the threshold).
    pub pulse_responses: Option<i64>,
    /// The pulse's threshold (never below 3).
    pub pulse_threshold: i64,
    /// Mean agreement across the pulse's statements, one decimal.
    pub pulse_mean: Option<String>,
    /// The top of the pulse's scale.
    pub pulse_scale_top: i64,
    pub registration_current: Share,
    /// Registered social workers whose CPD is ready for this registration year.
    pub cpd_ready: Share,
    /// The registration year, for example "2025 to 2026".
    pub registration_year: (i32, i32),
    /// NQSWs whose ASYE programme is under way, and those on track.
    pub asye_on_track: Share,
    /// AMHPs approved and not suspended today.
    pub amhps_current: i64,
    /// The number of AMHPs needed (`service::amhps_needed`), none when not set.
    pub amhps_required: Option<i64>,
    /// Of the current AMHPs, those with no shortfall in training hours.
    pub amhp_hours_met: Share,
    /// The hours a year each AMHP needs.
    pub amhp_hours_needed: i64,
    /// Current staff who issued feedback cards in the last 12 months.
    pub feedback_in_use: Share,
    /// Current staff with a collaborative conversation note in the last 12 months.
    pub conversations_in_use: Share,
    /// The workforce intelligence's figures (`domain::workforce`), for consideration 7.
    pub workforce: WorkforceMeasures,
    /// Registration and CPD readiness by employer, by name (the board report's split);
    /// they add up to `registration_current` and `cpd_ready`.
    pub by_employer: Vec<EmployerMeasures>,
    /// Teams whose skills audit and role-clarity review are in date, of all
    /// (`service::team_skills::overview`), for considerations 1 and 3.
    pub teams_audited: Share,
    pub teams_reviewed: Share,
    /// The latest wellbeing survey closed in the 12 months to the day
    /// (`service::survey::evidence`), for consideration 5.
    pub wellbeing_survey: Option<crate::service::survey::evidence::SurveyMeasure>,
    pub survey_min_group: u64,
    /// Of those whose appraisal has been due, completed and in date; and of those completed
    /// in the last period, how many shared feedback from people who use services
    /// (`service::appraisal::for_org`), for consideration 6.
    pub appraisals_in_date: Share,
    pub appraisals_with_feedback: Share,
}

/// One employer's people in post today, as `Measures` counts them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EmployerMeasures {
    pub employer: String,
    pub registration_current: Share,
    pub cpd_ready: Share,
}

/// Registration current and CPD ready, per employer by name, from the same lines and
/// readiness as the organisation's totals.
fn by_employer(
    staff: &[practitioners_store::WorkforceLine],
    ready: &std::collections::HashMap<i64, bool>,
) -> Vec<EmployerMeasures> {
    let mut split: std::collections::BTreeMap<&str, EmployerMeasures> = Default::default();
    for l in staff {
        let e = split
            .entry(l.employer_name.as_str())
            .or_insert_with(|| EmployerMeasures {
                employer: l.employer_name.clone(),
                ..Default::default()
            });
        let status = l.registration_status.as_deref();
        e.registration_current.of += 1;
        e.registration_current.n += i64::from(crate::domain::figures::is_registered(status));
        let one = crate::domain::figures::cpd_ready([(
            status,
            ready.get(&l.id).copied().unwrap_or(false),
        )]);
        e.cpd_ready.n += one.n;
        e.cpd_ready.of += one.of;
    }
    split.into_values().collect()
}

/// Reads and counts every measure for the organisation on `today`.
pub async fn measures(
    db: &Db,
    settings: &Settings,
    org_id: i64,
    today: Date,
) -> AppResult<Measures> {
    let scope = PractitionerScope::Organisation(org_id);
    let mut m = Measures::default();
    let year_ago = add_months_back(today, 12);

    // Workforce: one read.
    let staff = practitioners_store::workforce_lines(&db.pool, &scope).await?;
    let may_practise = crate::domain::figures::is_registered;
    let registered: Vec<&practitioners_store::WorkforceLine> = staff
        .iter()
        .filter(|l| may_practise(l.registration_status.as_deref()))
        .collect();
    m.current_staff = staff.len() as i64;
    m.registered = registered.len() as i64;
    m.registered_wte = registered.iter().map(|l| l.wte).sum();
    let r = reference();
    m.by_stage = r
        .career_stages
        .items
        .iter()
        .map(|i| {
            let n = registered
                .iter()
                .filter(|l| l.career_stage == i.code)
                .count();
            (i.label.clone(), n as i64)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    m.pq_roles = r
        .post_qualifying_roles
        .items
        .iter()
        .map(|i| {
            let n = registered
                .iter()
                .filter(|l| l.pq_roles.contains(&i.code))
                .count();
            (i.label.clone(), n as i64)
        })
        .filter(|(_, n)| *n > 0)
        .collect();

    // Supervision: the dashboard's two reads and its rule.
    let people = supervision_store::supervised_people(&db.pool, &scope, None).await?;
    let history = supervision_store::held_history(&db.pool, db.backend, &scope, year_ago).await?;
    m.agreement = Share {
        n: people
            .iter()
            .filter(|p| p.agreement_starts_on.is_some())
            .count() as i64,
        of: people.len() as i64,
    };
    for p in &people {
        let h = history.get(&p.id).cloned().unwrap_or_default();
        let status = status_today(p, &h, today, &settings.supervision);
        if status.interval_days.is_some() {
            m.in_date.of += 1;
            // In date only: not overdue, not yet supervised, nor without an agreement.
            if status.standing == crate::domain::supervision_standing::SupervisionStanding::InDate {
                m.in_date.n += 1;
            }
        }
    }

    // The pulse, released and thresholded as the summary is.
    m.pulse_threshold = i64::from(crate::domain::disclosure::threshold(
        settings.supervision.pulse_min_responses,
    ));
    m.pulse_scale_top = crate::domain::pulse::wording().scale.items.len() as i64;
    let pulse =
        crate::service::pulse::organisation_results(db, settings, org_id, today, 12).await?;
    if let Some(p) = pulse {
        m.pulse_responses = Some(p.responses as i64);
        let means: Vec<f64> = p.statements.iter().map(|s| s.mean).collect();
        if !means.is_empty() {
            m.pulse_mean = Some(format!(
                "{:.1}",
                means.iter().sum::<f64>() / means.len() as f64
            ));
        }
    }

    // Registration and CPD readiness: the overview's reads.
    let lines = registration_store::lines(&db.pool, &scope).await?;
    m.registration_current = Share {
        n: lines
            .iter()
            .filter(|l| may_practise(l.registration.as_ref().map(|r| r.status.as_str())))
            .count() as i64,
        of: lines.len() as i64,
    };
    let ready = crate::service::cpd::ready_for_renewal(db, &scope, today, &settings.cpd).await?;
    m.cpd_ready = crate::domain::figures::cpd_ready(staff.iter().map(|l| {
        (
            l.registration_status.as_deref(),
            ready.get(&l.id).copied().unwrap_or(false),
        )
    }));
    m.by_employer = by_employer(&staff, &ready);
    let year = registration_year(today);
    m.registration_year = (year.starts.year(), year.ends.year());

    // The ASYE cohort: its reads and `standing`. No assessor is added to the scope.
    let cohort = asye_store::cohort(&db.pool, &scope, -1, &Default::default()).await?;
    let ids: Vec<i64> = cohort.iter().map(|r| r.programme.id).collect();
    let facts = asye_store::facts(&db.pool, &ids).await?;
    for row in &cohort {
        let s = crate::service::asye::standing_of(row, &facts, today, &settings.asye);
        if matches!(s.status, CohortStatus::Passed | CohortStatus::Failed) {
            continue;
        }
        m.asye_on_track.of += 1;
        if s.status == CohortStatus::OnTrack {
            m.asye_on_track.n += 1;
        }
    }

    // AMHPs: the post-qualifying overview's reads and `approval_view`.
    let pq = &settings.post_qualifying;
    let amhps = crate::service::post_qualifying::ApprovalsRead::of(db, &scope).await?;
    for l in &amhps.lines {
        let v = amhps.view(l, today, pq);
        if v.state != ApprovalState::Active {
            continue;
        }
        m.amhps_current += 1;
        m.amhp_hours_met.of += 1;
        let missed = v.years.iter().any(|y| y.missed);
        let short = v
            .years
            .iter()
            .find(|y| y.current)
            .is_some_and(|y| y.hours_short != "0");
        if !missed && !short {
            m.amhp_hours_met.n += 1;
        }
    }
    m.amhps_required = crate::service::amhps_needed::for_org(db, settings, org_id)
        .await?
        .map(i64::from);
    m.amhp_hours_needed = i64::from(pq.hours_needed());

    // Feedback and conversations: counts of staff, nothing else.
    m.feedback_in_use = Share {
        n: feedback_store::practitioners_with_cards_in(&db.pool, &scope, year_ago, today).await?,
        of: m.current_staff,
    };
    m.conversations_in_use = Share {
        n: conversations_store::practitioners_with_notes(&db.pool, &scope, year_ago, today).await?,
        of: m.current_staff,
    };
    m.workforce = workforce_measures(db, settings, org_id, &scope, today).await?;
    let teams = crate::service::team_skills::overview(db, settings, org_id, today).await?;
    m.teams_audited = Share {
        n: teams.audited_in_date as i64,
        of: teams.teams as i64,
    };
    m.teams_reviewed = Share {
        n: teams.reviewed_in_date as i64,
        of: teams.teams as i64,
    };
    m.wellbeing_survey =
        crate::service::survey::evidence::latest_closed(db, settings, org_id, today).await?;
    m.survey_min_group = settings.wellbeing_survey.min_group();
    let a = crate::service::appraisal::for_org(db, settings, org_id, today).await?;
    m.appraisals_in_date = Share {
        n: i64::from(a.completion.done),
        of: i64::from(a.completion.expected),
    };
    m.appraisals_with_feedback = Share {
        n: a.with_feedback,
        of: a.completed,
    };
    Ok(m)
}

/// Puts the measures into words, one figure per key of `EVIDENCE_KEYS`.
pub fn describe(m: &Measures) -> BTreeMap<String, EvidenceFigure> {
    let share = |key: &str, label: &str, s: Share, note: String| EvidenceFigure {
        key: key.into(),
        label: label.into(),
        value: s.text(),
        numerator: Some(s.n),
        denominator: Some(s.of),
        note,
    };
    let (y0, y1) = m.registration_year;
    let figures = vec![
        EvidenceFigure {
            key: "workforce_headcount".into(),
            label: "Registered social workers".into(),
            value: format!(
                "{} ({} WTE)",
                m.registered,
                wte_text(m.registered_wte)
            ),
            numerator: Some(m.registered),
            denominator: None,
            note: format!(
                "Current staff employed by or working in the organisation whose registration with Social Work England is current, and their whole-time equivalent. {} current staff are recorded in all.",
                m.current_staff
            ),
        },
        share(
            "supervision_agreement_current",
            "Current supervision agreement",
            m.agreement,
            "Current staff with a supervision agreement that has not ended, from the supervision dashboard.".into(),
        ),
        share(
            "supervision_in_date",
            "Supervision in date today",
            m.in_date,
            "Current staff whose supervision is not overdue today, of those with a supervision expectation, by the same rule as the supervision dashboard and the governance report.".into(),
        ),
        match m.pulse_responses {
            Some(n) => EvidenceFigure {
                key: "supervision_quality_pulse".into(),
                label: "Supervision quality pulse".into(),
                value: match &m.pulse_mean {
                    Some(mean) => format!(
                        "{n} responses, average {mean} out of {}",
                        m.pulse_scale_top
                    ),
                    None => format!("{n} responses"),
                },
                numerator: Some(n),
                denominator: None,
                note: format!(
                    "Answers from the organisation's own staff in the 12 whole months before this one, released in blocks of at least {} as the pulse results are.",
                    m.pulse_threshold
                ),
            },
            None => EvidenceFigure {
                key: "supervision_quality_pulse".into(),
                label: "Supervision quality pulse".into(),
                value: format!("Fewer than {} responses", m.pulse_threshold),
                numerator: None,
                denominator: None,
                note: format!(
                    "Pulse results are shown only once at least {} people have answered, so nobody's answers can be worked out.",
                    m.pulse_threshold
                ),
            },
        },
        share(
            "registration_current",
            "Registration current",
            m.registration_current,
            "Current staff whose last recorded Social Work England status is registered, with or without conditions, from the registration overview.".into(),
        ),
        share(
            "cpd_ready",
            "CPD ready for renewal",
            m.cpd_ready,
            format!(
                "Registered social workers whose CPD records meet the renewal requirement for the registration year 1 December {y0} to 30 November {y1}, from the CPD readiness view (no record content is read)."
            ),
        ),
        share(
            "asye_on_track",
            "ASYE on track",
            m.asye_on_track,
            "Newly qualified social workers whose ASYE programme is under way and on track (no review overdue, evidence not behind, not paused), from the ASYE cohort.".into(),
        ),
        EvidenceFigure {
            key: "amhp_numbers".into(),
            label: "Approved mental health professionals".into(),
            value: match m.amhps_required {
                Some(req) => format!("{} approved, {req} needed", m.amhps_current),
                None => format!("{} approved, number needed not set", m.amhps_current),
            },
            numerator: Some(m.amhps_current),
            denominator: m.amhps_required,
            note: "AMHPs approved and not suspended today, from the post-qualifying roles view; the number needed is set by the principal social worker or workforce lead on the AMHP and post-qualifying roles page.".into(),
        },
        share(
            "amhp_hours_met",
            "AMHP training hours met",
            m.amhp_hours_met,
            format!(
                "Current AMHPs who have logged this approval year's {} hours of training and missed none in earlier years, from the post-qualifying roles view.",
                m.amhp_hours_needed
            ),
        ),
        share(
            "feedback_in_use",
            "Feedback from people who use services in use",
            m.feedback_in_use,
            "Current staff who issued feedback cards in the last 12 months: a count of staff, never of results.".into(),
        ),
        share(
            "conversations_in_use",
            "Collaborative conversations in use",
            m.conversations_in_use,
            "Current staff with at least one collaborative conversation note dated in the last 12 months: a count only, no note is read.".into(),
        ),
    ];
    figures
        .into_iter()
        .chain(describe_workforce(&m.workforce))
        .chain([
            share(
                "team_skills_audited",
                "Teams with a skills audit in date",
                m.teams_audited,
                "Teams whose team manager has saved the skills audit (skills needed, who holds them, gaps) within the period the deployment sets, on each team's skills page.".into(),
            ),
            share(
                "role_clarity_reviewed",
                "Teams with a role-clarity review in date",
                m.teams_reviewed,
                "Teams that have recorded a review of their roles, with the actions they agreed, within the period the deployment sets, on each team's skills page.".into(),
            ),
            survey_figure(m),
            share(
                "appraisals_in_date",
                "Appraisals completed and in date",
                m.appraisals_in_date,
                "Of the people whose appraisal has been due, those with one signed by both parties and not yet due again: objectives tied to the strategic statement or a partnership agreement, and a review against the PCF.".into(),
            ),
            share(
                "appraisals_with_feedback",
                "Appraisals that include feedback from people who use services",
                m.appraisals_with_feedback,
                "Appraisals completed in the last period in which the practitioner shared their feedback results (LGA standard 6): a count only.".into(),
            ),
        ])
        .map(|f| (f.key.clone(), f))
        .collect()
}

/// The latest wellbeing survey in words: the share agreeing and how many answered.
fn survey_figure(m: &Measures) -> EvidenceFigure {
    let (value, numerator, denominator) = match &m.wellbeing_survey {
        None => (
            "No survey closed in the last 12 months".to_string(),
            None,
            None,
        ),
        Some(s) => {
            let agree = match s.agree_percent {
                Some(p) => format!("{p}% agree across the statements"),
                None => format!("Fewer than {} answered", m.survey_min_group),
            };
            (
                format!(
                    "{agree}; {} of {} answered ({}, closed {})",
                    s.answered,
                    s.invited,
                    s.title,
                    crate::domain::dates::long(s.closed_on)
                ),
                Some(s.answered),
                Some(s.invited),
            )
        }
    };
    EvidenceFigure {
        key: "wellbeing_survey".into(),
        label: "Wellbeing and engagement survey".into(),
        value,
        numerator,
        denominator,
        note: format!(
            "The latest wellbeing survey the organisation ran or took part in that closed in the last 12 months, from its results page: the share agreeing or strongly agreeing across every statement, shown only when at least {} answered.",
            m.survey_min_group
        ),
    }
}

/// Every measure mhsw can compute for the organisation on `today`, by key.
pub async fn figures(
    db: &Db,
    settings: &Settings,
    org_id: i64,
    today: Date,
) -> AppResult<BTreeMap<String, EvidenceFigure>> {
    Ok(describe(&measures(db, settings, org_id, today).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::self_assessment::framework::EVIDENCE_KEYS;

    #[test]
    fn every_key_has_a_figure_and_small_pulses_give_no_count() {
        let m = Measures {
            pulse_threshold: 5,
            ..Measures::default()
        };
        let f = describe(&m);
        for k in EVIDENCE_KEYS {
            assert!(f.contains_key(k), "{k}");
        }
        assert_eq!(f.len(), EVIDENCE_KEYS.len());
        let pulse = &f["supervision_quality_pulse"];
        assert_eq!(pulse.value, "Fewer than 5 responses");
        assert_eq!(pulse.numerator, None);
        assert_eq!(f["amhp_numbers"].value, "0 approved, number needed not set");
        assert_eq!(f["registration_current"].value, "None recorded");
        assert_eq!(Share { n: 42, of: 50 }.text(), "42 of 50 (84%)");
    }
}
