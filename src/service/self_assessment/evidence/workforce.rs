//! Consideration 7's evidence: the workforce intelligence's figures (`domain::workforce`)
//! for the whole organisation, by the same reads and rules as `/workforce`.

use super::EvidenceFigure;
use crate::config::Settings;
use crate::error::AppResult;
use crate::policy::PractitionerScope;
use crate::store::Db;
use serde::Serialize;
use time::Date;

/// What the workforce intelligence gives consideration 7's criteria (the same rules and
/// reads as `/workforce`, for the whole organisation).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct WorkforceMeasures {
    /// WTE funded and vacant across the teams with an establishment entered (hundredths),
    /// and how many teams have one, of all.
    pub establishment: u64,
    pub vacant: i64,
    pub teams_entered: i64,
    pub teams: i64,
    /// People in post by employment arrangement (label, count), those with any.
    pub by_arrangement: Vec<(String, i64)>,
    pub newly_qualified: i64,
    pub senior: i64,
    /// More newly qualified per senior than the deployment's limit.
    pub skill_mix_at_risk: bool,
    /// Black, Asian and minority ethnic staff's share at band 8a and above, and of the
    /// whole, as published (none: too few to show).
    pub bme_senior_share: Option<f64>,
    pub bme_whole_share: Option<f64>,
    /// Recorded as interested in or training for AMHP approval.
    pub amhp_in_training: i64,
    /// The latest data year with placements entered: (year ending, placements).
    pub student_placements: Option<(i32, u64)>,
}

/// Consideration 7's figures: the workforce intelligence's reads (people, teams, years,
/// the post-qualifying role records) and its rules.
pub(super) async fn workforce_measures(
    db: &Db,
    settings: &Settings,
    org_id: i64,
    scope: &PractitionerScope,
    today: Date,
) -> AppResult<WorkforceMeasures> {
    use crate::domain::workforce::{self as wf, Dimension, equality};
    let since = wf::movement::year_before(today);
    let people: Vec<wf::Person> = crate::store::workforce::people(&db.pool, org_id, since, today)
        .await?
        .into_iter()
        .map(|(_, p)| p)
        .collect();
    let teams = crate::store::workforce::teams_of(&db.pool, org_id).await?;
    let posts = wf::vacancies(
        &people,
        &teams
            .iter()
            .map(|t| (t.id, t.establishment))
            .collect::<Vec<_>>(),
        today,
    );
    let entered: Vec<&wf::TeamPosts> = posts.iter().filter(|p| p.establishment.is_some()).collect();
    let mix = wf::SkillMix::of(&people, today);
    let shown = equality::Representation::of(&people, today).publish(settings.privacy.disclosure);
    let value = |p: equality::Published| match p {
        equality::Published::Value { value } => Some(value),
        equality::Published::TooFew => None,
    };
    let roles = crate::store::post_qualifying::role_lines(&db.pool, scope).await?;
    let years = crate::store::workforce::years_of(&db.pool, org_id).await?;
    Ok(WorkforceMeasures {
        establishment: entered.iter().filter_map(|p| p.establishment).sum(),
        vacant: entered.iter().filter_map(|p| p.vacancy).sum(),
        teams_entered: entered.len() as i64,
        teams: teams.len() as i64,
        by_arrangement: wf::tabulate(&people, Dimension::Arrangement, today, &[])
            .into_iter()
            .filter(|t| t.headcount > 0)
            .map(|t| {
                let label = wf::Arrangement::parse(&t.code)
                    .map_or(t.code.clone(), |a| a.label().to_string());
                (label, t.headcount as i64)
            })
            .collect(),
        newly_qualified: mix.newly_qualified as i64,
        senior: mix.senior as i64,
        skill_mix_at_risk: mix.at_risk(settings.workforce.most_newly_qualified_per_senior),
        bme_senior_share: value(shown.senior_share),
        bme_whole_share: value(shown.whole_share),
        amhp_in_training: roles
            .iter()
            .filter(|(_, r)| r.role == "amhp_training")
            .count() as i64,
        student_placements: years
            .iter()
            .find_map(|y| Some((y.year_ending?.year(), y.student_placements?))),
    })
}

/// Consideration 7's figures in words.
pub(super) fn describe_workforce(w: &WorkforceMeasures) -> Vec<EvidenceFigure> {
    let figure =
        |key: &str, label: &str, value: String, n: Option<i64>, of: Option<i64>, note: &str| {
            EvidenceFigure {
                key: key.into(),
                label: label.into(),
                value,
                numerator: n,
                denominator: of,
                note: note.into(),
            }
        };
    let hundredths = |h: i64| format!("{}.{:02}", h / 100, (h % 100).abs());
    let percent = |p: Option<f64>| p.map_or("too few to show".to_string(), |v| format!("{v}%"));
    vec![
        figure(
            "workforce_vacancies",
            "Vacancies against establishment",
            if w.teams_entered == 0 {
                "No establishment entered".into()
            } else {
                format!(
                    "{} WTE vacant of {} WTE funded ({} of {} teams entered)",
                    hundredths(w.vacant),
                    hundredths(w.establishment as i64),
                    w.teams_entered,
                    w.teams
                )
            },
            Some(w.teams_entered),
            Some(w.teams),
            "Each team's funded establishment, entered on the workforce plan page, less the WTE in post, from the workforce page.",
        ),
        figure(
            "workforce_by_arrangement",
            "Employed directly or hosted",
            if w.by_arrangement.is_empty() {
                "No one in post".into()
            } else {
                w.by_arrangement
                    .iter()
                    .map(|(l, n)| format!("{l}: {n}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            },
            None,
            None,
            "People in post by employment arrangement (own staff, seconded from a council, employed by another organisation, placed elsewhere), from the workforce page, where each is also given by team and role.",
        ),
        figure(
            "workforce_skill_mix",
            "Newly qualified and senior social workers",
            format!(
                "{} newly qualified, {} senior{}",
                w.newly_qualified,
                w.senior,
                if w.skill_mix_at_risk {
                    ": too few seniors"
                } else {
                    ""
                }
            ),
            Some(w.newly_qualified),
            Some(w.senior),
            "Newly qualified (in their ASYE) beside senior, advanced and consultant social workers in post; more newly qualified per senior than the deployment's limit is flagged as a risk.",
        ),
        figure(
            "race_equality_leadership",
            "Black, Asian and minority ethnic staff at band 8a and above",
            format!(
                "{} at band 8a and above, {} of the whole",
                percent(w.bme_senior_share),
                percent(w.bme_whole_share)
            ),
            None,
            None,
            "WRES indicator 1 for social workers, from the workforce page: shares from counts rounded by the disclosure policy, shown only when every count is above the suppression limit.",
        ),
        figure(
            "amhp_pipeline",
            "Trainee AMHPs",
            format!(
                "{} interested in or training for AMHP approval",
                w.amhp_in_training
            ),
            Some(w.amhp_in_training),
            None,
            "People recorded with AMHP training on the AMHP and post-qualifying roles page: the succession the plan relies on.",
        ),
        match w.student_placements {
            Some((year, n)) => figure(
                "student_placements",
                "Student placements offered",
                format!("{n} in the year ending 31 March {year}"),
                Some(n as i64),
                None,
                "Entered on the workforce plan page for each data year.",
            ),
            None => figure(
                "student_placements",
                "Student placements offered",
                "Not entered".into(),
                None,
                None,
                "Entered on the workforce plan page for each data year.",
            ),
        },
    ]
}
