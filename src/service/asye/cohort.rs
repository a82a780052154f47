//! The ASYE cohort: every NQSW in scope and where each stands.

use super::*;
use crate::service::{ListQuery, audit_page, page_where};
use crate::store::sql::Paged;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CohortEntry {
    pub practitioner_id: i64,
    pub name: String,
    pub team_name: Option<String>,
    pub assessor_name: String,
    pub starts_on: Date,
    pub panel_outcome: Option<String>,
    pub standing: Standing,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Cohort {
    pub rows: Vec<CohortEntry>,
    pub people: usize,
    pub on_track: usize,
    pub review_overdue: usize,
    pub evidence_behind: usize,
    pub paused: usize,
    pub extended: usize,
    pub passed: usize,
    pub failed: usize,
    /// Whether rows link to the person's programme (the actor may open it).
    pub can_open: bool,
}

impl Cohort {
    /// The counts without the rows (a page lists its own).
    pub fn counts_only(&self) -> Cohort {
        Cohort {
            rows: Vec::new(),
            ..*self
        }
    }
}

/// NQSWs in the actor's scope and those they assess, with where each programme stands
/// (the API's cohort: every row, audited as one read).
pub async fn cohort(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    filter: &crate::domain::people_filter::PeopleFilter,
    today: Date,
) -> AppResult<Cohort> {
    let c = Cohort::clone(&*gather(db, settings, actor, filter, today).await?);
    audit(
        db,
        actor,
        "read",
        "asye_cohort",
        "",
        format!("{} people", c.people),
    )
    .await?;
    Ok(c)
}

/// The cohort page: the counts of the whole cohort (`rows` left empty) and one page of the
/// people, all of them or those of one status. The read is audited with the ids shown.
#[derive(Debug, Clone, Serialize)]
pub struct CohortPage {
    pub counts: Cohort,
    /// The status listed, if one was asked for.
    pub status: Option<CohortStatus>,
    pub rows: Paged<CohortEntry>,
}

/// The `status` a cohort list asks for: empty for everyone; anything else must be a status
/// code (`CohortStatus::code`), refused otherwise naming the parameter.
pub fn parse_status(raw: &str) -> AppResult<Option<CohortStatus>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    CohortStatus::parse(raw)
        .map(Some)
        .map_err(|m| AppError::Invalid(FieldErrors::single("status", m)))
}

pub async fn cohort_page(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    filter: &crate::domain::people_filter::PeopleFilter,
    status: Option<CohortStatus>,
    list: &ListQuery,
    today: Date,
) -> AppResult<CohortPage> {
    let kept = gather(db, settings, actor, filter, today).await?;
    let rows = page_where(
        &kept.rows,
        |e| status.is_none_or(|s| e.standing.status == s),
        list,
    );
    audit_page(
        db,
        actor,
        "asye_cohort",
        status.map_or("", |s| s.code()),
        rows.items.iter().map(|e| e.practitioner_id),
    )
    .await?;
    Ok(CohortPage {
        counts: kept.counts_only(),
        status,
        rows,
    })
}

async fn gather(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    filter: &crate::domain::people_filter::PeopleFilter,
    today: Date,
) -> AppResult<std::sync::Arc<Cohort>> {
    require(actor, Capability::ViewAsyeCohort)?;
    // The people assessed by the actor are in the cohort too: kept for each person asking.
    let key = format!(
        "asye cohort|{:?}|{filter:?}|user {}|{today}",
        practitioner_scope(actor),
        actor.user_id
    );
    crate::service::kept(db, key, || {
        measured_cohort(db, settings, actor, filter, today)
    })
    .await
}

/// The cohort as `actor` sees it, read afresh.
async fn measured_cohort(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    filter: &crate::domain::people_filter::PeopleFilter,
    today: Date,
) -> AppResult<Cohort> {
    let rows = store::cohort(&db.pool, &practitioner_scope(actor), actor.user_id, filter).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.programme.id).collect();
    let facts = store::facts(&db.pool, &ids).await?;
    let entries: Vec<CohortEntry> = rows
        .into_iter()
        .map(|r| {
            let standing = standing_of(&r, &facts, today, &settings.asye);
            CohortEntry {
                practitioner_id: r.practitioner_id,
                name: r.name,
                team_name: r.team_name,
                assessor_name: r.programme.assessor_name.clone(),
                starts_on: r.programme.starts_on,
                panel_outcome: r.programme.panel_outcome.clone(),
                standing,
            }
        })
        .collect();
    let count = |s: CohortStatus| entries.iter().filter(|e| e.standing.status == s).count();
    Ok(Cohort {
        people: entries.len(),
        on_track: count(CohortStatus::OnTrack),
        review_overdue: count(CohortStatus::ReviewOverdue),
        evidence_behind: count(CohortStatus::EvidenceBehind),
        paused: count(CohortStatus::Paused),
        extended: count(CohortStatus::Extended),
        passed: count(CohortStatus::Passed),
        failed: count(CohortStatus::Failed),
        can_open: actor.can(Capability::ViewAsye),
        rows: entries,
    })
}

/// The standing (`domain::asye::standing`) of one programme from the set-based facts
/// (cohort, reminders and the self-assessment evidence). The facts carry only signed-off
/// evidence and which reviews were held, not when.
pub(crate) fn standing_of(
    r: &store::CohortRow,
    facts: &std::collections::HashMap<i64, store::ProgrammeFacts>,
    today: Date,
    asye_rules: &AsyeRules,
) -> Standing {
    let f = facts.get(&r.programme.id).cloned().unwrap_or_default();
    let held: Vec<(ReviewPoint, Option<Date>)> = f
        .reviews
        .iter()
        .filter_map(|p| Some((point_of(p)?, None)))
        .collect();
    let signed_off: Vec<EvidenceKind> = f.signed_off.iter().filter_map(|k| kind_of(k)).collect();
    rules::standing(
        &StandingInput {
            pauses: &pauses_of(&f.pauses),
            held: &held,
            recorded: &signed_off,
            signed_off: &signed_off,
            minutes: f.minutes,
            wte: r.wte,
            ..programme_input(&r.programme)
        },
        today,
        asye_rules,
    )
}

/// Every overdue ASYE review on `today`, for the reminders job (no actor: the job reads
/// everyone, as it does for supervision, and sends only dates and names).
pub async fn overdue_reviews(
    db: &Db,
    settings: &Settings,
    today: Date,
) -> AppResult<Vec<crate::domain::reminders::AsyeReviewFact>> {
    let rows = store::open_programmes(&db.pool).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.programme.id).collect();
    let facts = store::facts(&db.pool, &ids).await?;
    let mut out = Vec::new();
    for r in &rows {
        for line in standing_of(r, &facts, today, &settings.asye).reviews {
            if let (true, Some(due)) = (line.overdue, line.due_on) {
                out.push(crate::domain::reminders::AsyeReviewFact {
                    practitioner_id: r.practitioner_id,
                    assessor: r.programme.assessor_user_id,
                    point: line.point,
                    due,
                });
            }
        }
    }
    Ok(out)
}

/// The ASYE start date of a practitioner with a programme: it drives their supervision
/// intervals (`domain::supervision::allowed_interval_days`) in place of the employment start.
pub async fn programme_start(db: &Db, practitioner_id: i64) -> AppResult<Option<Date>> {
    Ok(store::programme_for(&db.pool, practitioner_id)
        .await?
        .map(|p| p.starts_on))
}
