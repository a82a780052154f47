//! The organisation's view of AMHPs and other roles: expiries by quarter, shortfalls, succession, numbers against the need.

use super::*;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PqPerson {
    pub practitioner_id: i64,
    pub name: String,
    pub team_name: Option<String>,
    /// The date that puts them on the list (expiry, year end, due date).
    pub date: Date,
    /// What it is about, in words.
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QuarterGroup {
    pub label: String,
    pub people: Vec<PqPerson>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Shortfall {
    pub practitioner_id: i64,
    pub name: String,
    pub team_name: Option<String>,
    pub year: YearView,
    /// Earlier approval years that ended short of the hours.
    pub missed_years: usize,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Succession {
    pub age: u32,
    /// The count as it may be shown ("*" when suppressed).
    pub count: String,
    pub explanation: String,
    /// Only for the workforce lead (`ViewEqualityData`): who, with their age.
    pub people: Option<Vec<PqPerson>>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RoleCount {
    pub code: String,
    pub label: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PqOverview {
    pub today: String,
    pub hours_needed: u32,
    pub assessments_needed: u32,
    /// AMHPs approved (and not suspended) today.
    pub current_amhps: usize,
    pub suspended_amhps: usize,
    /// The number the organisation needs (`service::amhps_needed`); none when not set.
    pub amhps_required: Option<u32>,
    /// Whether the reader may set that number.
    pub may_set_amhps_required: bool,
    /// Current AMHPs by the quarter their approval ends.
    pub by_expiry_quarter: Vec<QuarterGroup>,
    pub reapproval_due: Vec<PqPerson>,
    pub shortfalls: Vec<Shortfall>,
    pub succession: Succession,
    pub roles: Vec<RoleCount>,
    /// BIA refreshers and MoJ reports due within the warning days, or overdue.
    pub due: Vec<PqPerson>,
}

/// The organisation view as kept between writes (`service::kept`), shared by its readers
/// and never copied for a page, with the number of approvals it read.
pub struct KeptOverview(std::sync::Arc<(PqOverview, usize)>);

impl std::ops::Deref for KeptOverview {
    type Target = PqOverview;
    fn deref(&self) -> &PqOverview {
        &self.0.0
    }
}

impl KeptOverview {
    pub fn approvals_read(&self) -> usize {
        self.0.1
    }
}

fn person(l: &AmhpLine, date: Date, detail: String) -> PqPerson {
    PqPerson {
        practitioner_id: l.practitioner_id,
        name: l.name.clone(),
        team_name: l.team_name.clone(),
        date,
        detail,
    }
}

/// The organisation view: every list in full (the API's answer; the page shows counts and
/// links to `lists`), audited as one read. Shared with every reader of the same kept view,
/// never copied for a page.
pub async fn overview(
    db: &Db,
    actor: &Actor,
    today: Date,
    settings: &Settings,
    filter: &crate::domain::people_filter::PeopleFilter,
) -> AppResult<KeptOverview> {
    let o = gather(db, actor, today, settings, filter).await?;
    let amhps = o.approvals_read();
    let per_person = o.succession.people.is_some();
    audit(
        db,
        actor,
        "read",
        "post_qualifying_overview",
        "",
        format!(
            "{amhps} AMHPs{}",
            if per_person { ", ages per person" } else { "" }
        ),
    )
    .await?;
    Ok(o)
}

/// The organisation view and the number of approvals read, not audited: `overview` and
/// each of `lists` audit what they show. Kept between writes (`service::kept`) for each
/// person asking (what they may see of ages depends on who they are).
pub(super) async fn gather(
    db: &Db,
    actor: &Actor,
    today: Date,
    settings: &Settings,
    filter: &crate::domain::people_filter::PeopleFilter,
) -> AppResult<KeptOverview> {
    require(actor, Capability::ViewPostQualifyingOverview)?;
    let scope = practitioner_scope(actor).narrowed(filter);
    let key = format!(
        "post-qualifying overview|{scope:?}|user {}|{today}",
        actor.user_id
    );
    crate::service::kept(db, key, || {
        measured_overview(db, actor, today, settings, &scope)
    })
    .await
    .map(KeptOverview)
}

/// The organisation view of everyone in `scope` as `actor` may see it, read afresh.
async fn measured_overview(
    db: &Db,
    actor: &Actor,
    today: Date,
    settings: &Settings,
    scope: &crate::policy::PractitionerScope,
) -> AppResult<(PqOverview, usize)> {
    let r = &settings.post_qualifying;
    let scope = scope.clone();
    let read = super::approvals_read::ApprovalsRead::of(db, &scope).await?;
    let lines = &read.lines;
    let views: Vec<(&AmhpLine, ApprovalView)> =
        lines.iter().map(|l| (l, read.view(l, today, r))).collect();
    let live = |v: &ApprovalView| {
        matches!(
            v.state,
            ApprovalState::Active | ApprovalState::Suspended | ApprovalState::NotStarted
        )
    };
    let mut quarters: BTreeMap<(i32, u8), Vec<PqPerson>> = BTreeMap::new();
    let mut reapproval_due = Vec::new();
    let mut shortfalls = Vec::new();
    for (l, v) in views.iter().filter(|(_, v)| live(v)) {
        let x = l.approval.expires_on;
        quarters
            .entry(rules::quarter_of(x))
            .or_default()
            .push(person(l, x, v.state_label.clone()));
        if let Some(m) = v.reapproval_due_months {
            reapproval_due.push(person(
                l,
                l.approval.expires_on,
                format!("Within {m} months of the end of approval"),
            ));
        }
        let missed_years = v.years.iter().filter(|y| y.missed).count();
        let current = v.years.iter().find(|y| y.current);
        if let Some(y) = current.filter(|y| y.hours_short != "0" || missed_years > 0) {
            shortfalls.push(Shortfall {
                practitioner_id: l.practitioner_id,
                name: l.name.clone(),
                team_name: l.team_name.clone(),
                year: y.clone(),
                missed_years,
            });
        }
    }
    shortfalls.sort_by(|a, b| (&a.year.ends, &a.name).cmp(&(&b.year.ends, &b.name)));
    reapproval_due.sort_by_key(|a| a.date);
    let current_amhps = views
        .iter()
        .filter(|(_, v)| v.state == ApprovalState::Active)
        .count();
    let suspended_amhps = views
        .iter()
        .filter(|(_, v)| v.state == ApprovalState::Suspended)
        .count();
    // Succession: ages are special-category data, so a suppressed count unless the actor
    // may see equality data per person.
    let live_people: Vec<&AmhpLine> = views
        .iter()
        .filter(|(_, v)| live(v))
        .map(|(l, _)| *l)
        .collect();
    let pids: Vec<i64> = live_people.iter().map(|l| l.practitioner_id).collect();
    let births = store::birth_data(&db.pool, &pids).await?;
    let older: Vec<(&AmhpLine, Option<i32>)> = live_people
        .iter()
        .filter_map(|l| {
            let (_, dob, band) = births.iter().find(|b| b.0 == l.practitioner_id)?;
            let born = *dob;
            rules::at_or_over(born, band.as_deref(), r.succession_age, today)
                .then(|| (*l, born.map(|b| rules::age_on(b, today))))
        })
        .collect();
    let policy: DisclosurePolicy = settings.privacy.disclosure;
    let per_person = actor.can(Capability::ViewEqualityData);
    let succession = Succession {
        age: r.succession_age,
        count: if per_person {
            older.len().to_string()
        } else {
            policy.show(older.len() as u64).to_string()
        },
        explanation: if per_person {
            String::new()
        } else {
            policy.explanation()
        },
        people: per_person.then(|| {
            older
                .iter()
                .map(|(l, age)| {
                    person(
                        l,
                        l.approval.expires_on,
                        age.map(|a| format!("Aged {a}"))
                            .unwrap_or_else(|| "Age band".into()),
                    )
                })
                .collect()
        }),
    };
    let role_lines = store::role_lines(&db.pool, &scope).await?;
    let roles = PqRole::ALL
        .iter()
        .map(|role| RoleCount {
            code: role.code().into(),
            label: role.label().into(),
            count: role_lines
                .iter()
                .filter(|(_, x)| x.role == role.code())
                .count(),
        })
        .collect();
    let mut due = Vec::new();
    for (name, rec) in role_lines {
        let view = role_view(rec, today, r);
        if !view.due_soon {
            continue;
        }
        let (date, what) = match (view.refresher_due, view.record.next_report_due) {
            (Some(d), _) => (d, "BIA refresher training"),
            (None, Some(d)) => (d, "Progress report to the Ministry of Justice"),
            _ => continue,
        };
        due.push(PqPerson {
            practitioner_id: view.record.practitioner_id,
            name,
            team_name: None,
            detail: if date < today {
                format!("{what} overdue")
            } else {
                format!("{what} due")
            },
            date,
        });
    }
    due.sort_by_key(|a| a.date);
    let o = PqOverview {
        today: today.to_string(),
        hours_needed: r.hours_needed(),
        assessments_needed: r.local_assessments_per_year,
        current_amhps,
        suspended_amhps,
        amhps_required: match actor.org_id {
            Some(org) => crate::service::amhps_needed::for_org(db, settings, org).await?,
            None => None,
        },
        may_set_amhps_required: actor.can(Capability::ManagePostQualifying),
        by_expiry_quarter: quarters
            .into_iter()
            .map(|(q, people)| QuarterGroup {
                label: rules::quarter_label(q),
                people,
            })
            .collect(),
        reapproval_due,
        shortfalls,
        succession,
        roles,
        due,
    };
    Ok((o, lines.len()))
}
