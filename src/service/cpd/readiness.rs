//! What the employer sees of CPD: readiness per person and the counts, never the text.

use super::*;

/// Readiness per person in scope for one registration year, from facts only.
pub async fn readiness_by_person(
    db: &Db,
    scope: &PractitionerScope,
    year: &RegistrationYear,
    rules: &CpdRules,
) -> AppResult<HashMap<i64, Readiness>> {
    let (from, to) = counting_window(year);
    let mut facts: HashMap<i64, Vec<RecordFacts>> = HashMap::new();
    for (id, f) in store::year_facts(&db.pool, scope, from, to).await? {
        facts.entry(id).or_default().push(f);
    }
    let mut declared = store::declarations(&db.pool, scope, year.ends).await?;
    for id in declared.keys() {
        facts.entry(*id).or_default();
    }
    Ok(facts
        .into_iter()
        .map(|(id, f)| {
            let d = declared.remove(&id).unwrap_or_default();
            (id, readiness(&f, d, year, rules))
        })
        .collect())
}

/// Whether each person in scope is ready for renewal on `today` (the registration year
/// containing it): the renewal-window status in `service::registration` reads this.
/// People with no records are absent: they are not ready.
pub async fn ready_for_renewal(
    db: &Db,
    scope: &PractitionerScope,
    today: Date,
    rules: &CpdRules,
) -> AppResult<HashMap<i64, bool>> {
    let year = registration_year(today);
    Ok(readiness_by_person(db, scope, &year, rules)
        .await?
        .into_iter()
        .map(|(id, r)| (id, r.ready))
        .collect())
}

/// The actor's own readiness for the current registration year (the home page), or `None`
/// for users without a practitioner record or the capability.
pub async fn own_readiness(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    today: Date,
) -> AppResult<Option<Readiness>> {
    let Some(id) = actor
        .practitioner_id
        .filter(|_| actor.can(Capability::KeepOwnCpd))
    else {
        return Ok(None);
    };
    let year = registration_year(today);
    let r = readiness_by_person(db, &PractitionerScope::Own(id), &year, &settings.cpd)
        .await?
        .remove(&id)
        .unwrap_or_else(|| readiness(&[], Declaration::default(), &year, &settings.cpd));
    audit(db, actor, "read", "cpd_readiness", id, "own").await?;
    Ok(Some(r))
}

/// One person in the employer's readiness view.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReadinessLine {
    pub practitioner_id: i64,
    pub name: String,
    pub team_name: Option<String>,
    /// The status the register shows (a `RegistrationStatus` code), none if not recorded.
    pub registration_status: Option<String>,
    /// Registered, with or without conditions (`domain::figures::is_registered`): only
    /// they have a renewal to prepare for.
    pub registered: bool,
    pub readiness: Readiness,
}

/// Readiness of everyone current in scope for one registration year.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReadinessOverview {
    pub year: i32,
    pub year_starts: String,
    pub year_ends: String,
    /// Everyone in post in scope.
    pub people: usize,
    /// Of them, registered social workers: the people readiness is counted over.
    pub registered: usize,
    /// Registered social workers whose CPD is ready (`domain::figures::cpd_ready`).
    pub ready: usize,
    /// Registered social workers whose CPD is not ready yet.
    pub not_ready: usize,
    /// Registered social workers with no submitted record in the year.
    pub none_submitted: usize,
    /// People in post with no renewal to prepare (students, applicants, people suspended or
    /// off the register, or with no registration recorded).
    pub not_registered: usize,
    /// Registered people not ready first, then by name; people not registered last.
    pub lines: Vec<ReadinessLine>,
}

impl ReadinessOverview {
    /// The figures above the table, without the lines (for a page that shows one page of
    /// lines beside them).
    pub fn counts_only(&self) -> ReadinessOverview {
        ReadinessOverview {
            year: self.year,
            year_starts: self.year_starts.clone(),
            year_ends: self.year_ends.clone(),
            people: self.people,
            registered: self.registered,
            ready: self.ready,
            not_ready: self.not_ready,
            none_submitted: self.none_submitted,
            not_registered: self.not_registered,
            lines: Vec::new(),
        }
    }
}

/// Everyone in the actor's scope with their CPD readiness for the registration year ending
/// in `year` (the current one by default). Kept between writes (`service::kept`); audited
/// as one read every time.
pub async fn overview(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    year: Option<i32>,
    filter: &crate::domain::people_filter::PeopleFilter,
    today: Date,
) -> AppResult<std::sync::Arc<ReadinessOverview>> {
    require(actor, Capability::ViewCpdReadiness)?;
    let scope = practitioner_scope(actor).narrowed(filter);
    let y = chosen_year(year, today);
    let key = format!("cpd readiness|{scope:?}|{y}");
    let o = crate::service::kept(db, key, || measured_overview(db, settings, &scope, y)).await?;
    audit(
        db,
        actor,
        "read",
        "cpd_readiness",
        "",
        format!("year {y}, {} people", o.people),
    )
    .await?;
    Ok(o)
}

/// The readiness of everyone in `scope` for the year ending in `y`, read afresh.
async fn measured_overview(
    db: &Db,
    settings: &Settings,
    scope: &crate::policy::PractitionerScope,
    y: i32,
) -> AppResult<ReadinessOverview> {
    let ry = year_ending_in(y);
    let people = crate::store::registration::lines(&db.pool, scope).await?;
    let mut by_person = readiness_by_person(db, scope, &ry, &settings.cpd).await?;
    let empty = readiness(&[], Declaration::default(), &ry, &settings.cpd);
    let mut lines: Vec<ReadinessLine> = people
        .into_iter()
        .map(|l| ReadinessLine {
            readiness: by_person
                .remove(&l.practitioner_id)
                .unwrap_or_else(|| empty.clone()),
            registered: figures::is_registered(l.registration.as_ref().map(|r| r.status.as_str())),
            registration_status: l.registration.map(|r| r.status),
            practitioner_id: l.practitioner_id,
            name: l.name,
            team_name: l.team_name,
        })
        .collect();
    lines.sort_by_key(|l| (!l.registered, l.readiness.ready));
    let share = figures::cpd_ready(
        lines
            .iter()
            .map(|l| (l.registration_status.as_deref(), l.readiness.ready)),
    );
    let (ready, registered) = (share.n as usize, share.of as usize);
    Ok(ReadinessOverview {
        year: y,
        year_starts: empty.year_starts.clone(),
        year_ends: empty.year_ends.clone(),
        people: lines.len(),
        registered,
        ready,
        not_ready: registered - ready,
        none_submitted: lines
            .iter()
            .filter(|l| l.registered && l.readiness.submitted == 0)
            .count(),
        not_registered: lines.len() - registered,
        lines,
    })
}

/// One person's readiness as their manager or supervisor sees it, with the records they
/// have shared if the actor is named in their supervision agreement.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PersonCpd {
    pub practitioner_id: i64,
    pub practitioner_name: String,
    pub year: i32,
    pub readiness: Readiness,
    /// Records shared with the actor (empty unless they are a named supervisor).
    pub shared_records: Vec<CpdRecord>,
}

pub async fn person(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    practitioner_id: i64,
    year: Option<i32>,
    today: Date,
) -> AppResult<PersonCpd> {
    let p = crate::service::access::practitioner(
        db,
        actor,
        practitioner_id,
        Capability::ViewCpdReadiness,
    )
    .await?;
    let y = chosen_year(year, today);
    let ry = year_ending_in(y);
    let readiness = readiness_by_person(
        db,
        &PractitionerScope::Own(practitioner_id),
        &ry,
        &settings.cpd,
    )
    .await?
    .remove(&practitioner_id)
    .unwrap_or_else(|| readiness(&[], Declaration::default(), &ry, &settings.cpd));
    let shared_records = if actor.can(Capability::ViewSharedCpd)
        && crate::service::access::is_named_supervisor(db, actor, practitioner_id).await?
    {
        let (from, to) = counting_window(&ry);
        store::for_person(&db.pool, practitioner_id, from, to, true).await?
    } else {
        Vec::new()
    };
    audit(
        db,
        actor,
        "read",
        "cpd_readiness",
        practitioner_id,
        format!("year {y}, {} shared records", shared_records.len()),
    )
    .await?;
    Ok(PersonCpd {
        practitioner_id,
        practitioner_name: format!("{} {}", p.given_name, p.family_name),
        year: y,
        readiness,
        shared_records,
    })
}
