//! What people see of feedback: the practitioner's own results (with comments) at the own
//! threshold; what they share with the people named in their supervision agreement, and
//! team and organisation views, at the manager threshold (team views without comments).
//! Every figure comes through `domain::feedback::summarise` or `trend`.

use super::super::{audit, require};
use super::cards::{CardView, views};
use super::{RESULT_WINDOW_MONTHS, decode_answers, month_of, questionnaires};
use crate::config::Settings;
use crate::domain::cpd::CpdWrite;
use crate::domain::disclosure::Shown;
use crate::domain::feedback::{self as rules, Answers, Audience, Period, Question, Summary, View};
use crate::domain::supervision::add_months_back;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability, PractitionerScope};
use crate::service::access;
use crate::service::write::Write;
use crate::store::Db;
use crate::store::cpd as cpd_store;
use crate::store::feedback::{self as store, ResponseRow, ResponsesOf};
use crate::store::practitioners as practitioners_store;
use crate::store::teams as teams_store;
use serde::Serialize;
use std::collections::BTreeMap;
use time::Date;

/// The months a view covers: `(current month, first month of the window)`.
fn window(today: Date) -> (String, String) {
    (
        month_of(today),
        month_of(add_months_back(today, RESULT_WINDOW_MONTHS)),
    )
}

fn by_audience(rows: &[ResponseRow]) -> BTreeMap<Audience, Vec<(String, Answers)>> {
    let mut out: BTreeMap<Audience, Vec<(String, Answers)>> = BTreeMap::new();
    for r in rows {
        if let Some(a) = super::audience_of(&r.audience) {
            out.entry(a).or_default().push((
                r.month.clone(),
                decode_answers(&r.answers, &r.comment, r.practitioner_id),
            ));
        }
    }
    out
}

/// One practitioner's results, with comments, at `threshold`.
async fn summary_of(
    db: &Db,
    org_id: i64,
    practitioner_id: i64,
    threshold: u32,
    today: Date,
) -> AppResult<Summary> {
    let (current, start) = window(today);
    let of = ResponsesOf::Practitioner(practitioner_id);
    let rows = store::responses(&db.pool, of, &start, true).await?;
    let wording = questionnaires::wording(db, org_id).await?;
    let view = View {
        threshold,
        min_practitioners: 1,
        with_comments: true,
    };
    Ok(rules::summarise(
        &by_audience(&rows),
        &wording,
        &view,
        &current,
        &start,
    ))
}

/// The practitioner's own feedback page.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MyFeedback {
    pub practitioner_id: i64,
    pub summary: Summary,
    pub cards: Vec<CardView>,
    /// When they shared their results with their supervisors, if they do.
    pub shared_on: Option<Date>,
    /// The CPD record drafted from the results shown now, if there is one.
    pub cpd_record_id: Option<i64>,
    /// The last month the results shown cover (YYYY-MM), if any are shown.
    pub through: Option<String>,
    pub own_threshold: u32,
    pub manager_threshold: u32,
}

fn through(s: &Summary) -> Option<String> {
    s.audiences.iter().map(|a| a.last_month.clone()).max()
}

/// The practitioner's own results, cards and sharing, audited as a read each time. Kept
/// between writes for each practitioner (`service::kept`): the memo weighs it as the cheap
/// result it is, so it never pushes out an organisation's reports.
pub async fn mine(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    today: Date,
) -> AppResult<std::sync::Arc<MyFeedback>> {
    require(actor, Capability::KeepOwnFeedback)?;
    let me = actor.practitioner_id.ok_or(AppError::NotFound)?;
    let key = format!("own feedback|practitioner {me}|{today}");
    let kept = crate::service::kept(db, key, || measured_mine(db, settings, me, today)).await?;
    audit(db, actor, "read", "feedback_results", me, "own").await?;
    Ok(kept)
}

/// Practitioner `me`'s own results, read afresh.
async fn measured_mine(
    db: &Db,
    settings: &Settings,
    me: i64,
    today: Date,
) -> AppResult<MyFeedback> {
    let p = practitioners_store::get_in_scope(&db.pool, &PractitionerScope::Own(me), me)
        .await?
        .ok_or(AppError::NotFound)?;
    let f = &settings.feedback;
    let summary = summary_of(db, p.employer_org_id, me, f.own_threshold(), today).await?;
    let through = through(&summary);
    let cpd_record_id = match &through {
        Some(t) => store::cpd_from_feedback(&db.pool, me, t).await?,
        None => None,
    };
    Ok(MyFeedback {
        practitioner_id: me,
        summary,
        cards: views(store::cards(&db.pool, me).await?, today),
        shared_on: store::shared_on(&db.pool, me).await?,
        cpd_record_id,
        through,
        own_threshold: f.own_threshold(),
        manager_threshold: f.manager_threshold(),
    })
}

/// Shares (or stops sharing) the actor's results with the people named in their current
/// supervision agreement, who see them at the manager threshold, with comments.
pub async fn share(db: &Db, actor: &Actor, shared: bool, today: Date) -> AppResult<()> {
    require(actor, Capability::KeepOwnFeedback)?;
    let me = actor.practitioner_id.ok_or(AppError::NotFound)?;
    let mut tx = Write::begin(db, actor).await?;
    store::set_shared(&mut tx, me, shared.then_some(today)).await?;
    let detail = if shared { "shared" } else { "not shared" };
    tx.commit("update", "feedback_results", me, detail).await?;
    Ok(())
}

/// A practitioner's shared results, as a supervisor named in their agreement sees them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SharedFeedback {
    pub practitioner_id: i64,
    pub practitioner_name: String,
    /// When it was shared; none when the practitioner previews their own and does not share.
    pub shared_on: Option<Date>,
    pub summary: Summary,
}

/// Not found unless the practitioner shares their results and the actor is named in their
/// current supervision agreement (the principal social worker is not, by role alone). The
/// practitioner may open it too, to see what their supervisors see.
pub async fn shared(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    practitioner_id: i64,
    today: Date,
) -> AppResult<SharedFeedback> {
    let own =
        actor.practitioner_id == Some(practitioner_id) && actor.can(Capability::KeepOwnFeedback);
    if !own && !actor.can(Capability::ViewSharedFeedback) {
        // Someone else's results, to a practitioner who is nobody's supervisor: as if
        // there were none (another's record answers 404, never 403).
        require(actor, Capability::KeepOwnFeedback)?;
        return Err(AppError::NotFound);
    }
    let shared_on = store::shared_on(&db.pool, practitioner_id).await?;
    access::reader_of(
        db,
        actor,
        access::FEEDBACK,
        practitioner_id,
        shared_on.is_some(),
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let p = practitioners_store::get_in_scope(
        &db.pool,
        &PractitionerScope::Own(practitioner_id),
        practitioner_id,
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let threshold = settings.feedback.manager_threshold();
    let summary = summary_of(db, p.employer_org_id, practitioner_id, threshold, today).await?;
    let detail = if own { "own, as shared" } else { "shared" };
    audit(
        db,
        actor,
        "read",
        "feedback_results",
        practitioner_id,
        detail,
    )
    .await?;
    Ok(SharedFeedback {
        practitioner_id,
        practitioner_name: format!("{} {}", p.given_name, p.family_name),
        shared_on,
        summary,
    })
}

/// Whether the actor may open a practitioner's shared results (for a link on the
/// supervision page); no audit, as nothing is read.
pub async fn can_see_shared(db: &Db, actor: &Actor, practitioner_id: i64) -> AppResult<bool> {
    Ok(actor.can(Capability::ViewSharedFeedback)
        && store::shared_on(&db.pool, practitioner_id).await?.is_some()
        && access::is_named_supervisor(db, actor, practitioner_id).await?)
}

/// A draft CPD record reflecting on the results shown now: type feedback, dated today,
/// tagged 4.1 (feedback) and 4.6 (reflection). No answer or comment is copied. One record
/// per set of results: asking again returns it.
pub async fn draft_cpd(db: &Db, settings: &Settings, actor: &Actor, today: Date) -> AppResult<i64> {
    require(actor, Capability::KeepOwnCpd)?;
    let mine = mine(db, settings, actor, today).await?;
    let Some(through) = mine.through.clone() else {
        return Err(AppError::Invalid(FieldErrors::single(
            "feedback",
            format!(
                "You can record feedback as CPD once at least {} people have answered",
                mine.own_threshold
            ),
        )));
    };
    if let Some(id) = mine.cpd_record_id {
        return Ok(id);
    }
    let description = format!(
        "Reflecting on feedback about my practice from {} people I work with (service users and carers), covering up to {}.",
        mine.summary.responses,
        month_label(&through)
    );
    let w = CpdWrite::draft_from("feedback", today, description, &["4.1", "4.6"], "");
    let mut tx = Write::begin(db, actor).await?;
    let id = cpd_store::insert(&mut tx, mine.practitioner_id, &w, None).await?;
    store::link_cpd(&mut tx, id, &through).await?;
    tx.commit(
        "create",
        "cpd_record",
        id,
        format!("draft from feedback up to {through}"),
    )
    .await?;
    Ok(id)
}

/// "2026-10" as "October 2026".
pub fn month_label(ym: &str) -> String {
    let (y, m) = ym.split_once('-').unwrap_or((ym, "1"));
    let month = m
        .parse::<u8>()
        .ok()
        .and_then(|m| time::Month::try_from(m).ok())
        .map(|m| m.to_string())
        .unwrap_or_default();
    format!("{month} {y}")
}

// ---------------------------------------------------------------------------------------
// Team and organisation views

/// One team's line in the organisation view.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TeamFeedback {
    pub team_id: i64,
    pub team_name: String,
    /// Both audiences, released blocks only; empty when below the threshold.
    pub trend: Vec<Period>,
}

/// Team or organisation feedback: counts and aggregates only, never comments, and nothing
/// below the manager threshold.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = FeedbackOverview)]
pub struct Overview {
    pub scope: String,
    pub threshold: u32,
    pub summary: Summary,
    /// Block by block, both audiences together.
    pub trend: Vec<Period>,
    /// Per team (organisation view only).
    pub teams: Vec<TeamFeedback>,
    /// Practitioners who made cards in the window, through the disclosure policy (only
    /// in the organisation view).
    pub practitioners_using: Option<Shown>,
}

fn all_questions(wording: &BTreeMap<Audience, (Vec<Question>, Vec<Question>)>) -> Vec<Question> {
    let mut out: Vec<Question> = Vec::new();
    for (current, earlier) in wording.values() {
        for q in current.iter().chain(earlier) {
            if !out.iter().any(|x| x.code == q.code) {
                out.push(q.clone());
            }
        }
    }
    out
}

fn dated(rows: &[&ResponseRow]) -> Vec<(String, Answers)> {
    rows.iter()
        .map(|r| {
            (
                r.month.clone(),
                decode_answers(&r.answers, "", r.practitioner_id),
            )
        })
        .collect()
}

/// The principal social worker and workforce lead see their organisation (as employer) and
/// each team; a team manager sees their team.
pub async fn overview(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    today: Date,
) -> AppResult<Overview> {
    require(actor, Capability::ViewFeedbackOverview)?;
    let org = actor.own_org().ok_or(AppError::Forbidden)?;
    let whole_org = actor.has(crate::domain::Role::PrincipalSocialWorker)
        || actor.has(crate::domain::Role::WorkforceLead);
    let (of, scope) = match (whole_org, actor.team_id) {
        (true, _) => (
            ResponsesOf::Organisation(org),
            "Your organisation".to_string(),
        ),
        (false, Some(team)) => (ResponsesOf::Team(team), "Your team".to_string()),
        (false, None) => return Err(AppError::Forbidden),
    };
    let threshold = settings.feedback.manager_threshold();
    let view = View {
        threshold,
        min_practitioners: settings.feedback.min_practitioners_in_group_views as usize,
        with_comments: false,
    };
    let (current, start) = window(today);
    let rows = store::responses(&db.pool, of, &start, false).await?;
    let wording = questionnaires::wording(db, org).await?;
    let questions = all_questions(&wording);
    let all: Vec<&ResponseRow> = rows.iter().collect();
    let trend = rules::trend(&dated(&all), &questions, &view, &current, &start);
    let mut teams = Vec::new();
    if whole_org {
        let mut by_team: BTreeMap<i64, Vec<&ResponseRow>> = BTreeMap::new();
        for r in &rows {
            if let Some(t) = r.team_id {
                by_team.entry(t).or_default().push(r);
            }
        }
        for (team_id, list) in by_team {
            let team_name = teams_store::get(&db.pool, team_id)
                .await?
                .map(|t| t.name)
                .unwrap_or_else(|| "A former team".into());
            teams.push(TeamFeedback {
                team_id,
                team_name,
                trend: rules::trend(&dated(&list), &questions, &view, &current, &start),
            });
        }
        teams.sort_by(|a, b| a.team_name.cmp(&b.team_name));
    }
    let practitioners_using = if whole_org {
        let since = add_months_back(today, RESULT_WINDOW_MONTHS);
        let n = store::practitioners_with_cards(&db.pool, org, since).await?;
        Some(settings.privacy.disclosure.show(n.max(0) as u64))
    } else {
        None
    };
    audit(db, actor, "read", "feedback_overview", org, scope.clone()).await?;
    Ok(Overview {
        scope,
        threshold,
        summary: rules::summarise(&by_audience(&rows), &wording, &view, &current, &start),
        trend,
        teams,
        practitioners_using,
    })
}
