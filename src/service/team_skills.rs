//! A team's skills audit and role-clarity reviews (`domain::team_skills`,
//! docs/sources.md#team-skills). The team manager of a team, or the principal social
//! worker, runs the audit (how many the team needs with each skill, who holds the skills
//! not read from records) and records the team's yearly role-clarity review with its
//! agreed actions; the organisation's leads read every team's. The overview feeds the
//! self-assessment's evidence and the board report.

use super::write::Write;
use super::{audit, require};
use crate::config::Settings;
use crate::domain::Role;
use crate::domain::reference::items_of;
use crate::domain::team_skills::{self as rules, Member, ReviewInput, SkillLine, Yearly};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::store::Db;
use crate::store::team_skills::{self as store, ReviewRow};
use serde::Serialize;
use std::collections::BTreeMap;
use time::Date;

/// Every skill the audit lists: (code, label, read from records).
fn skills(settings: &Settings) -> Vec<(String, String, bool)> {
    items_of("post_qualifying_roles")
        .into_iter()
        .map(|i| (i.code, i.label, true))
        .chain(
            settings
                .team_skills
                .skills
                .iter()
                .map(|s| (s.code.clone(), s.label.clone(), false)),
        )
        .collect()
}

/// A team member as the audit's form shows them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = TeamSkillMember)]
pub struct MemberView {
    pub id: i64,
    pub name: String,
    /// Every skill held (codes), from records and marked here.
    pub skills: Vec<String>,
}

/// A team's audit and reviews.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TeamSkills {
    pub team_id: i64,
    pub team_name: String,
    pub lines: Vec<SkillLine>,
    pub total_gap: u32,
    pub members: Vec<MemberView>,
    /// The skills marked here (not read from records), for the form: (code, label).
    pub marked_skills: Vec<(String, String)>,
    pub audit: Yearly,
    pub review: Yearly,
    pub reviews: Vec<ReviewRow>,
    /// Whether the reader may save the audit and record a review.
    pub may_edit: bool,
}

/// The team, if it is in the actor's organisation, and whether they may change its audit:
/// its own team manager, or the principal social worker.
async fn team_of(db: &Db, actor: &Actor, team_id: i64) -> AppResult<(String, bool)> {
    let team = crate::store::teams::get(&db.pool, team_id)
        .await?
        .filter(|t| Some(t.org_id) == actor.org_id)
        .ok_or(AppError::NotFound)?;
    let own_team = actor.has(Role::TeamManager) && actor.team_id == Some(team_id);
    let may_edit = actor.can(Capability::ManageTeamSkills)
        && (own_team || actor.has(Role::PrincipalSocialWorker));
    Ok((team.name, may_edit))
}

pub async fn view(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    team_id: i64,
    today: Date,
) -> AppResult<TeamSkills> {
    require(actor, Capability::ViewTeamSkills)?;
    let (team_name, may_edit) = team_of(db, actor, team_id).await?;
    let skills = skills(settings);
    let people = store::members(&db.pool, team_id, today).await?;
    let members: Vec<Member> = people
        .iter()
        .map(|(_, name, s)| Member {
            name: name.clone(),
            skills: s.clone(),
        })
        .collect();
    let lines = rules::lines(&skills, &store::needs(&db.pool, team_id).await?, &members);
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let audited = store::last_audits(&db.pool, org)
        .await?
        .get(&team_id)
        .copied();
    let reviewed = store::last_reviews(&db.pool, org)
        .await?
        .get(&team_id)
        .copied();
    let ids: Vec<String> = people.iter().map(|p| p.0.to_string()).collect();
    audit(
        db,
        actor,
        "read",
        "team_skills",
        team_id,
        format!("ids {}", ids.join(" ")),
    )
    .await?;
    let r = &settings.team_skills;
    Ok(TeamSkills {
        team_id,
        team_name,
        total_gap: lines.iter().map(|l| l.gap).sum(),
        lines,
        members: people
            .into_iter()
            .map(|(id, name, skills)| MemberView { id, name, skills })
            .collect(),
        marked_skills: skills
            .iter()
            .filter(|s| !s.2)
            .map(|s| (s.0.clone(), s.1.clone()))
            .collect(),
        audit: Yearly::of(audited, r.audit_every_months, today),
        review: Yearly::of(reviewed, r.review_every_months, today),
        reviews: store::reviews(&db.pool, team_id).await?,
        may_edit,
    })
}

/// Saves the audit from the form's fields: `needed_<code>` for each skill, and `held`
/// values `<person id>:<code>` for each skill marked here that a member holds.
pub async fn save_audit(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    team_id: i64,
    fields: &[(String, String)],
    today: Date,
) -> AppResult<()> {
    require(actor, Capability::ManageTeamSkills)?;
    let (_, may_edit) = team_of(db, actor, team_id).await?;
    if !may_edit {
        return Err(AppError::Forbidden);
    }
    let skills = skills(settings);
    let needs = rules::parse_needs(fields, &skills).map_err(AppError::Invalid)?;
    let people = store::members(&db.pool, team_id, today).await?;
    let mut marked: BTreeMap<i64, Vec<String>> = people.iter().map(|p| (p.0, Vec::new())).collect();
    for (_, v) in fields.iter().filter(|(k, _)| k == "held") {
        let parsed = v
            .split_once(':')
            .and_then(|(p, c)| Some((p.parse::<i64>().ok()?, c)));
        let known = parsed.filter(|(p, c)| {
            marked.contains_key(p) && settings.team_skills.skills.iter().any(|s| s.code == *c)
        });
        match known {
            Some((p, c)) => marked.entry(p).or_default().push(c.to_string()),
            None => {
                return Err(AppError::Invalid(FieldErrors::single(
                    "held",
                    "Select skills only for the people in the team, from the list",
                )));
            }
        }
    }
    let people: Vec<(i64, Vec<String>)> = marked.into_iter().collect();
    let mut w = Write::begin(db, actor).await?;
    let id = store::save_audit(&mut w, team_id, &needs, &people, today, actor.user_id).await?;
    let gap: u32 = {
        let members: Vec<Member> = Vec::new();
        rules::lines(&skills, &needs, &members)
            .iter()
            .map(|l| l.needed)
            .sum()
    };
    w.commit(
        "update",
        "team_skills",
        team_id,
        format!(
            "audit {id}: {gap} places needed across {} skills",
            skills.len()
        ),
    )
    .await
}

/// Records a role-clarity review with the team's agreed actions.
pub async fn record_review(
    db: &Db,
    actor: &Actor,
    team_id: i64,
    input: &ReviewInput,
    today: Date,
) -> AppResult<i64> {
    require(actor, Capability::ManageTeamSkills)?;
    let (_, may_edit) = team_of(db, actor, team_id).await?;
    if !may_edit {
        return Err(AppError::Forbidden);
    }
    let review = input.parse(today).map_err(AppError::Invalid)?;
    let mut w = Write::begin(db, actor).await?;
    let id = store::insert_review(&mut w, team_id, &review, actor.user_id).await?;
    w.commit(
        "create",
        "role_clarity_review",
        id,
        format!("team {team_id}"),
    )
    .await?;
    Ok(id)
}

/// Across the organisation's teams: how many have an audit and a review in date (the
/// self-assessment's evidence and, through it, the board report).
#[derive(Debug, Clone, Default)]
pub struct SkillsOverview {
    pub teams: usize,
    pub audited_in_date: usize,
    pub reviewed_in_date: usize,
}

pub async fn overview(
    db: &Db,
    settings: &Settings,
    org: i64,
    today: Date,
) -> AppResult<SkillsOverview> {
    let r = &settings.team_skills;
    let team_ids = store::team_ids(&db.pool, org).await?;
    let audits = store::last_audits(&db.pool, org).await?;
    let reviews = store::last_reviews(&db.pool, org).await?;
    let in_date = |m: &BTreeMap<i64, Date>, every: u32| {
        team_ids
            .iter()
            .filter(|t| Yearly::of(m.get(t).copied(), every, today).is_done())
            .count()
    };
    Ok(SkillsOverview {
        teams: team_ids.len(),
        audited_in_date: in_date(&audits, r.audit_every_months),
        reviewed_in_date: in_date(&reviews, r.review_every_months),
    })
}
