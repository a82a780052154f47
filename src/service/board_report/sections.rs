//! The board report's sections: each consideration's lines from the inputs read once per
//! period (`Inputs`), and the reads only the report makes (the workforce on a day, the
//! self-assessment's ratings by a day).

use super::{EmployerLine, Figure, Inputs, Line, Section};
use crate::config::Settings;
use crate::domain::concern::Themes;
use crate::domain::disclosure::Shown;
use crate::domain::self_assessment::scoring::{Answer, domain_scores};
use crate::domain::workforce::equality::{self, Published, Representation};
use crate::domain::workforce::movement::{Movement, year_before};
use crate::domain::workforce::{self as wf, SkillMix};
use crate::error::AppResult;
use crate::service::self_assessment::cycles::{answer_of, framework_of};
use crate::service::self_assessment::evidence;
use crate::store::{Db, self_assessment as sa_store, workforce as wf_store};
use std::collections::BTreeMap;
use time::Date;

/// The HEE framework whose domains are the eight considerations.
pub const HEE_FRAMEWORK: &str = "hee-considerations";

/// The titles of the eight considerations, as the guidance names them.
pub const TITLES: [&str; 8] = [
    "Ensure social work is well-led in integrated systems",
    "Enable professionalism",
    "Ensure all staff are equipped to deliver effective teamwork",
    "Promoting excellence in practice throughout social worker careers",
    "Enable social workers' engagement and wellbeing",
    "Fair and transparent performance systems",
    "Developing a workforce fit for future challenges",
    "Demonstrate how the social worker role makes a difference",
];

/// The workforce on one day, by the workforce intelligence's rules.
pub struct WorkforceAt {
    pub headcount: u64,
    pub wte: u64,
    pub movement: Movement,
    pub turnover: Option<f64>,
    pub mix: SkillMix,
    pub representation: equality::RepresentationShown,
}

pub async fn workforce_at(
    db: &Db,
    settings: &Settings,
    org: i64,
    day: Date,
) -> AppResult<WorkforceAt> {
    let people: Vec<wf::Person> = wf_store::people(&db.pool, org, year_before(day), day)
        .await?
        .into_iter()
        .map(|(_, p)| p)
        .collect();
    let in_post: Vec<&wf::Person> = people.iter().filter(|p| p.in_post_on(day)).collect();
    let rep = Representation::of(&people, day);
    let movement = Movement::over_year(&people, day);
    Ok(WorkforceAt {
        headcount: in_post.len() as u64,
        wte: in_post.iter().map(|p| p.wte).sum(),
        turnover: movement.turnover_percent(settings.workforce.turnover_denominator),
        movement,
        mix: SkillMix::of(&people, day),
        representation: rep.publish(settings.privacy.disclosure),
    })
}

/// The self-assessment by a day: the latest cycle on the HEE framework signed off by then,
/// its mean rating per consideration, and the actions overdue on that day per consideration.
#[derive(Default)]
pub struct Ratings {
    pub cycle: Option<String>,
    pub by_consideration: BTreeMap<String, Option<f64>>,
    pub overdue_actions: BTreeMap<String, usize>,
}

pub async fn ratings(db: &Db, settings: &Settings, org: i64, day: Date) -> AppResult<Ratings> {
    let cycles = sa_store::cycles(&db.pool, org).await?;
    let latest = cycles
        .into_iter()
        .filter(|c| c.framework_code == HEE_FRAMEWORK && c.signed_off_on.is_some_and(|d| d <= day))
        .max_by(|a, b| (a.signed_off_on, a.id).cmp(&(b.signed_off_on, b.id)));
    let mut out = Ratings::default();
    if let Some(c) = latest {
        let f = framework_of(settings, &c)?;
        let mut conn = db.connection().await?;
        let answers: BTreeMap<String, Answer> = sa_store::answers(&mut conn, c.id)
            .await?
            .iter()
            .map(|a| (a.criterion_code.clone(), answer_of(a)))
            .collect();
        drop(conn);
        out.by_consideration = domain_scores(&f, &answers)
            .into_iter()
            .map(|s| (s.code, s.mean))
            .collect();
        out.cycle = Some(format!(
            "{}, signed off on {}",
            c.title,
            c.signed_off_on
                .map(crate::domain::dates::long)
                .unwrap_or_default()
        ));
    }
    for a in sa_store::actions(&db.pool, org).await? {
        let overdue = a.framework_code == HEE_FRAMEWORK
            && a.due_on < day
            && a.completed_on.is_none_or(|d| d > day);
        if overdue {
            let consideration = a.criterion_code.split('.').next().unwrap_or("").to_string();
            *out.overdue_actions.entry(consideration).or_default() += 1;
        }
    }
    Ok(out)
}

pub(super) fn line(label: &str, now: Figure, before: Option<Figure>, source: &str) -> Line {
    Line {
        label: label.into(),
        now,
        before,
        source: source.into(),
    }
}

fn published(p: Published) -> Figure {
    match p {
        Published::Value { value } => Figure {
            text: format!("{value}%"),
            value: Some(value),
        },
        Published::TooFew => Figure::words("Too few to show"),
    }
}

fn wte(h: u64) -> Figure {
    let v = h as f64 / 100.0;
    Figure {
        text: format!("{v:.2}"),
        value: Some(v),
    }
}

fn turnover(t: Option<f64>) -> Figure {
    match t {
        Some(v) => Figure {
            text: format!("{v}%"),
            value: Some(v),
        },
        None => Figure::words("No one to count"),
    }
}

fn pulse(m: &crate::service::self_assessment::evidence::Measures) -> Figure {
    match (m.pulse_responses, &m.pulse_mean) {
        (Some(n), Some(mean)) => Figure {
            text: format!("{n} responses, average {mean} out of {}", m.pulse_scale_top),
            value: mean.parse().ok(),
        },
        (Some(n), None) => Figure::words(format!("{n} responses")),
        _ => Figure::words(format!("Fewer than {} responses", m.pulse_threshold)),
    }
}

/// The eight sections, in the guidance's order.
pub fn sections(i: &Inputs, settings: &Settings) -> Vec<Section> {
    let (g, gb) = (&i.governance, &i.governance_before);
    let (m, mb) = (&i.measures, &i.measures_before);
    let (w, wb) = (&i.workforce, &i.workforce_before);
    let overdue = |code: &str| -> (Figure, Option<Figure>) {
        let n = |r: &Ratings| r.overdue_actions.get(code).copied().unwrap_or(0) as f64;
        (
            Figure::count(n(&i.ratings)),
            Some(Figure::count(n(&i.ratings_before))),
        )
    };
    let mut lines: Vec<Vec<Line>> = vec![Vec::new(); 8];
    for (k, l) in lines.iter_mut().enumerate() {
        let code = (k + 1).to_string();
        let (now, before) = overdue(&code);
        l.push(line(
            "Self-assessment actions overdue at the period's end",
            now,
            before,
            "The self-assessment's action plan, actions on this consideration's criteria",
        ));
    }
    let registration_current = Figure::share(m.registration_current.n, m.registration_current.of);
    let known_now = "As recorded today: not kept over time, so not shown for the period before";
    lines[1].extend([
        line(
            "Registration with Social Work England current",
            registration_current,
            None,
            known_now,
        ),
        line(
            "Registration status changes recorded in the period",
            Figure::count(g.status_changes.iter().map(|c| c.count).sum::<usize>() as f64),
            Some(Figure::count(
                gb.status_changes.iter().map(|c| c.count).sum::<usize>() as f64,
            )),
            "The governance report",
        ),
        line(
            "CPD ready for renewal",
            Figure::share(m.cpd_ready.n, m.cpd_ready.of),
            None,
            known_now,
        ),
        line(
            "Professional supervision in date (mean share of days)",
            Figure::percent(g.overall.compliance),
            Some(Figure::percent(gb.overall.compliance)),
            "The governance report: each person's days in date over the period",
        ),
        line(
            "Overdue for supervision on the period's last day",
            Figure::count(g.overall.overdue as f64),
            Some(Figure::count(gb.overall.overdue as f64)),
            "The governance report",
        ),
        line(
            "Without a supervision agreement on the period's last day",
            Figure::count(g.without_agreement as f64),
            Some(Figure::count(gb.without_agreement as f64)),
            "The governance report",
        ),
    ]);
    lines[2].push(line(
        "Collaborative conversations in use (staff in post today with a note in the 12 months to the period's end)",
        Figure::share(m.conversations_in_use.n, m.conversations_in_use.of),
        Some(Figure::share(mb.conversations_in_use.n, mb.conversations_in_use.of)),
        "Counts of staff only; no note is read",
    ));
    lines[3].extend([
        line(
            "AMHPs approved, against the number needed",
            Figure {
                text: match m.amhps_required {
                    Some(r) => format!("{} approved, {r} needed", m.amhps_current),
                    None => format!("{} approved, number needed not set", m.amhps_current),
                },
                value: Some(m.amhps_current as f64),
            },
            None,
            known_now,
        ),
        line(
            "AMHPs overdue for AMHP supervision on the period's last day",
            Figure::count(g.amhp_supervision_overdue as f64),
            Some(Figure::count(gb.amhp_supervision_overdue as f64)),
            "The governance report",
        ),
        line(
            "AMHP training hours met",
            Figure::share(m.amhp_hours_met.n, m.amhp_hours_met.of),
            None,
            known_now,
        ),
        line(
            "ASYE on track",
            Figure::share(m.asye_on_track.n, m.asye_on_track.of),
            None,
            known_now,
        ),
    ]);
    lines[4].push(line(
        "Supervision quality pulse, 12 months to the period's end",
        pulse(m),
        Some(pulse(mb)),
        "Released in blocks of at least the pulse's threshold",
    ));
    lines[4].extend(concern_lines(&i.concerns, &i.concerns_before));
    lines[4].extend(super::wellbeing::absence_lines(
        &i.absence,
        &i.absence_before,
    ));
    lines[4].extend(super::wellbeing::survey_lines(m, mb));
    lines[5].extend(super::wellbeing::appraisal_lines(m, mb));
    lines[5].extend(super::leavers::exit_lines(&i.leavers, &i.leavers_before));
    let (audits, reviews) = super::wellbeing::team_lines(m, mb);
    lines[0].push(audits);
    lines[2].push(reviews);
    lines[6].extend([
        line(
            "People in post on the period's last day",
            Figure::count(w.headcount as f64),
            Some(Figure::count(wb.headcount as f64)),
            "The workforce page",
        ),
        line(
            "Whole-time equivalent in post",
            wte(w.wte),
            Some(wte(wb.wte)),
            "The workforce page",
        ),
        line(
            "Starters in the 12 months to the period's end",
            Figure::count(w.movement.starters as f64),
            Some(Figure::count(wb.movement.starters as f64)),
            "The workforce page",
        ),
        line(
            "Leavers in the 12 months to the period's end",
            Figure::count(w.movement.leavers as f64),
            Some(Figure::count(wb.movement.leavers as f64)),
            "The workforce page",
        ),
        line(
            "Turnover in the 12 months to the period's end",
            turnover(w.turnover),
            Some(turnover(wb.turnover)),
            "The workforce page: leavers over the headcount the deployment chose",
        ),
        line(
            "Newly qualified per senior social worker",
            match w.mix.per_senior() {
                Some(r) => Figure {
                    text: format!(
                        "{r}{}",
                        if w.mix
                            .at_risk(settings.workforce.most_newly_qualified_per_senior)
                        {
                            ": too few seniors"
                        } else {
                            ""
                        }
                    ),
                    value: Some(r),
                },
                None => Figure::words("No seniors"),
            },
            wb.mix.per_senior().map(|r| Figure {
                text: r.to_string(),
                value: Some(r),
            }),
            "The workforce page",
        ),
        line(
            "Vacancies against establishment (WTE)",
            Figure {
                text: if m.workforce.teams_entered == 0 {
                    "No establishment entered".into()
                } else {
                    format!(
                        "{:.2} of {:.2} funded",
                        m.workforce.vacant as f64 / 100.0,
                        m.workforce.establishment as f64 / 100.0
                    )
                },
                value: (m.workforce.teams_entered > 0).then(|| m.workforce.vacant as f64 / 100.0),
            },
            None,
            known_now,
        ),
        line(
            "Black, Asian and minority ethnic staff in the whole workforce",
            published(w.representation.whole_share),
            Some(published(wb.representation.whole_share)),
            "WRES indicator 1, through the disclosure policy",
        ),
        line(
            "Black, Asian and minority ethnic staff at band 8a and above",
            published(w.representation.senior_share),
            Some(published(wb.representation.senior_share)),
            "WRES indicator 1, through the disclosure policy",
        ),
        line(
            "Interested in or training for AMHP approval",
            Figure::count(m.workforce.amhp_in_training as f64),
            None,
            known_now,
        ),
    ]);
    lines[7].push(line(
        "Feedback from people who use services in use (staff in post today who issued cards in the 12 months to the period's end)",
        Figure::share(m.feedback_in_use.n, m.feedback_in_use.of),
        Some(Figure::share(mb.feedback_in_use.n, mb.feedback_in_use.of)),
        "Counts of staff only, never of results",
    ));
    lines
        .into_iter()
        .enumerate()
        .map(|(k, lines)| {
            let code = (k + 1).to_string();
            Section {
                rating: i.ratings.by_consideration.get(&code).copied().flatten(),
                rating_before: i
                    .ratings_before
                    .by_consideration
                    .get(&code)
                    .copied()
                    .flatten(),
                title: TITLES[k].into(),
                code,
                lines,
                not_recorded: None,
            }
        })
        .collect()
}

/// Concerns raised in the period: how many, by theme, and how soon they were answered,
/// all through the disclosure policy (`domain::concern::Themes`).
fn concern_lines(now: &Themes, before: &Themes) -> Vec<Line> {
    let shown = |s: Shown| match s {
        Shown::Value(n) => Figure::count(n as f64),
        Shown::Suppressed => Figure::words("Too few to show"),
    };
    let source = "Concerns raised, through the disclosure policy: no text and no sender";
    let mut lines = vec![line(
        "Concerns raised in the period",
        shown(now.raised),
        Some(shown(before.raised)),
        source,
    )];
    for ((label, n), (_, b)) in now.by_category.iter().zip(&before.by_category) {
        lines.push(line(
            &format!("Concerns raised about {}", label.to_lowercase()),
            shown(*n),
            Some(shown(*b)),
            source,
        ));
    }
    // A time is given only where the number raised is shown; none raised says so.
    let time = |t: &Themes, v: Option<f64>, unit: &str| match (v, t.raised) {
        (Some(v), _) => Figure {
            text: format!("{v}{unit}"),
            value: Some(v),
        },
        (None, Shown::Value(0)) => Figure::words("None raised"),
        (None, Shown::Value(_)) => Figure::words("None answered or due yet"),
        (None, Shown::Suppressed) => Figure::words("Too few to show"),
    };
    lines.push(line(
        "Concerns answered by the day due",
        time(now, now.answered_in_time_percent, "%"),
        Some(time(before, before.answered_in_time_percent, "%")),
        source,
    ));
    lines.push(line(
        "Median days to the first answer",
        time(now, now.median_days_to_answer, " days"),
        Some(time(before, before.median_days_to_answer, " days")),
        source,
    ));
    lines
}

/// Each employer once, by name: today's registration and CPD readiness (the measures'
/// split) beside the period's supervision (the governance report's), the period before's
/// supervision beside that. An employer with people in only one of them still has a line.
pub fn by_employer(i: &Inputs) -> Vec<EmployerLine> {
    let mut names: Vec<&str> = i
        .measures
        .by_employer
        .iter()
        .map(|e| e.employer.as_str())
        .chain(i.governance.by_employer.iter().map(|r| r.label.as_str()))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .map(|name| {
            let today = i.measures.by_employer.iter().find(|e| e.employer == name);
            let now = i.governance.by_employer.iter().find(|r| r.label == name);
            let before = i
                .governance_before
                .by_employer
                .iter()
                .find(|b| b.label == name);
            let share = |s: Option<evidence::Share>| {
                let s = s.unwrap_or_default();
                Figure::share(s.n, s.of)
            };
            EmployerLine {
                employer: name.to_string(),
                in_post: today.map_or(0, |e| e.registration_current.of as usize),
                registration_current: share(today.map(|e| e.registration_current)),
                cpd_ready: share(today.map(|e| e.cpd_ready)),
                people: now.map_or(0, |r| r.people),
                compliance: Figure::percent(now.and_then(|r| r.compliance)),
                overdue: now.map_or(0, |r| r.overdue),
                compliance_before: before.map(|b| Figure::percent(b.compliance)),
            }
        })
        .collect()
}
