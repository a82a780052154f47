//! The organisation's view of registration: counts by status and renewal progress, and who may no longer practise.

use super::*;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Count {
    pub code: String,
    pub label: String,
    pub count: usize,
}

/// One person in the overview.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OverviewLine {
    #[serde(flatten)]
    pub line: RegisterLine,
    pub must_not_practise: bool,
    #[schema(value_type = Option<String>)]
    pub renewal: Option<RenewalProgress>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegistrationOverview {
    /// The registration year today falls in (1 December to 30 November).
    pub year_starts: String,
    pub year_ends: String,
    pub in_renewal_window: bool,
    pub people: usize,
    pub by_status: Vec<Count>,
    /// People with no registration recorded yet.
    pub not_recorded: usize,
    pub without_number: usize,
    /// During the renewal window: people on the register by renewal progress.
    pub renewal: Vec<Count>,
    /// People the register shows as lapsed, suspended (final or interim) or removed.
    pub must_not_practise: Vec<OverviewLine>,
    pub lines: Vec<OverviewLine>,
}

/// Everyone current in the actor's scope with their registration, counted by status and,
/// in the renewal window, by renewal progress.
pub async fn overview(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    filter: &crate::domain::people_filter::PeopleFilter,
    today: Date,
) -> AppResult<RegistrationOverview> {
    require(actor, Capability::ViewRegistrationOverview)?;
    let scope = practitioner_scope(actor).narrowed(filter);
    let lines = store::lines(&db.pool, &scope).await?;
    let cpd = cpd::ready_for_renewal(db, &scope, today, &settings.cpd).await?;
    let joined = store::joined_on(&db.pool, &scope).await?;
    audit(
        db,
        actor,
        "read",
        "registration_overview",
        "",
        format!("{} people", lines.len()),
    )
    .await?;
    Ok(summarise(lines, &cpd, &joined, today))
}

/// Counts and lines as on `today` (the overview, and the governance report's last day).
/// `cpd_ready` holds the people whose CPD is ready for renewal (absent: not ready);
/// `joined` the day each person last joined or was restored to the register.
pub fn summarise(
    lines: Vec<RegisterLine>,
    cpd_ready: &HashMap<i64, bool>,
    joined: &HashMap<i64, Date>,
    today: Date,
) -> RegistrationOverview {
    let year = registration_year(today);
    let lines: Vec<OverviewLine> = lines
        .into_iter()
        .map(|line| OverviewLine {
            must_not_practise: must_not_practise(line.registration.as_ref()),
            renewal: progress_of(
                line.registration.as_ref(),
                cpd_ready
                    .get(&line.practitioner_id)
                    .copied()
                    .unwrap_or(false),
                joined.get(&line.practitioner_id).copied(),
                today,
            ),
            line,
        })
        .collect();
    let by_status = RegistrationStatus::ALL
        .iter()
        .map(|s| Count {
            code: s.code().into(),
            label: s.label().into(),
            count: lines
                .iter()
                .filter(|l| {
                    l.line
                        .registration
                        .as_ref()
                        .is_some_and(|r| r.status == s.code())
                })
                .count(),
        })
        .collect();
    let in_window = crate::domain::registration::in_renewal_window(today);
    let renewal = if in_window {
        RenewalProgress::ALL
            .iter()
            .map(|p| Count {
                code: p.code().into(),
                label: p.label().into(),
                count: lines.iter().filter(|l| l.renewal == Some(*p)).count(),
            })
            .collect()
    } else {
        Vec::new()
    };
    RegistrationOverview {
        year_starts: year.starts.to_string(),
        year_ends: year.ends.to_string(),
        in_renewal_window: in_window,
        people: lines.len(),
        by_status,
        not_recorded: lines
            .iter()
            .filter(|l| l.line.registration.is_none())
            .count(),
        without_number: lines.iter().filter(|l| l.line.swe_number.is_none()).count(),
        renewal,
        must_not_practise: lines
            .iter()
            .filter(|l| l.must_not_practise)
            .cloned()
            .collect(),
        lines,
    }
}

/// People in scope who must not practise: the alert on a manager's or principal social
/// worker's home page. Empty for roles without the overview.
pub async fn alerts(db: &Db, actor: &Actor) -> AppResult<Vec<RegisterLine>> {
    if !actor.can(Capability::ViewRegistrationOverview) {
        return Ok(Vec::new());
    }
    let alerting: Vec<&str> = RegistrationStatus::ALL
        .iter()
        .filter(|s| s.needs_alert())
        .map(|s| s.code())
        .collect();
    let flagged = store::lines_with_status(&db.pool, &practitioner_scope(actor), &alerting).await?;
    if !flagged.is_empty() {
        let ids: Vec<String> = flagged
            .iter()
            .map(|l| l.practitioner_id.to_string())
            .collect();
        audit(
            db,
            actor,
            "list",
            "registration_alert",
            "",
            format!("ids {}", ids.join(" ")),
        )
        .await?;
    }
    Ok(flagged)
}
