//! Planning a staff list: each row read against the records, every problem named by row
//! and column (`super` keeps and applies the plan).

use super::{Plan, PlannedPerson, invalid};
use crate::domain::practitioner::{PractitionerFields, PractitionerInput};
use crate::domain::staff_import::{
    self as layout, Column, Columns, reference_code, roles_in, typed_date,
};
use crate::domain::{Role, reference};
use crate::error::{AppError, AppResult};
use crate::policy::{Actor, Capability};
use crate::store::practitioners::Practitioner;
use crate::store::staff_imports as store;
use crate::store::users as users_store;
use crate::store::{Db, orgs};
use std::collections::HashMap;
use time::Date;

/// Reads every row against the records: the plan, or every problem, each naming its row
/// and column. `today` is the day the rows are read on (a date of birth must be before it).
pub(super) async fn plan(
    db: &Db,
    actor: &Actor,
    table: &layout::Table,
    today: Date,
) -> AppResult<Plan> {
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let cols = Columns::find(&table.headings).map_err(invalid)?;
    let all_orgs = orgs::all(&db.pool).await?;
    let emails: Vec<String> = table
        .rows()
        .map(|r| cols.cell(r, Column::WorkEmail).to_lowercase())
        .filter(|s| !s.is_empty())
        .collect();
    let numbers: Vec<String> = table
        .rows()
        .map(|r| cols.cell(r, Column::SweNumber).to_uppercase())
        .filter(|s| !s.is_empty())
        .collect();
    let existing = store::practitioners_matching(&db.pool, &emails, &numbers).await?;
    let org_ids: Vec<i64> = all_orgs.iter().map(|o| o.id).collect();
    let teams = store::teams_of(&db.pool, &org_ids).await?;
    let mut ctx = RowContext {
        cols: &cols,
        actor,
        org,
        orgs: &all_orgs,
        existing: &existing,
        teams: &teams,
        new_teams: Vec::new(),
        seen: HashMap::new(),
        today,
    };
    let mut errors = Vec::new();
    let mut people = Vec::new();
    let mut unchanged = 0;
    for row in table.rows() {
        match ctx.row(db, row.line, row).await? {
            Ok(Some(p)) => people.push(p),
            Ok(None) => unchanged += 1,
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    Ok(Plan {
        people,
        unchanged,
        teams: ctx.new_teams,
    })
}

struct RowContext<'a> {
    cols: &'a Columns,
    actor: &'a Actor,
    org: i64,
    orgs: &'a [orgs::Organisation],
    existing: &'a [Practitioner],
    teams: &'a [(i64, i64, String)],
    /// Teams the file adds: (organisation, name, service model).
    new_teams: Vec<(i64, String, String)>,
    /// Emails and numbers already given in the file, with their row.
    seen: HashMap<String, usize>,
    /// The day the rows are read on.
    today: Date,
}

/// The input field each column fills, so a field's error names the column.
const FIELDS: [(&str, Column); 11] = [
    ("given_name", Column::GivenName),
    ("family_name", Column::FamilyName),
    ("work_email", Column::WorkEmail),
    ("swe_number", Column::SweNumber),
    ("employer_org_id", Column::Employer),
    ("host_org_id", Column::Host),
    ("team_id", Column::Team),
    ("role_category", Column::RoleCategory),
    ("career_stage", Column::CareerStage),
    ("band", Column::Band),
    ("wte", Column::Wte),
];

impl RowContext<'_> {
    fn at(&self, n: usize, column: Column, message: &str) -> String {
        format!("Row {n}, {}: {message}", self.cols.name(column))
    }

    fn org_id(&self, typed: &str) -> Option<i64> {
        let t = typed.trim();
        self.orgs
            .iter()
            .find(|o| o.ods_code.eq_ignore_ascii_case(t) || o.name.eq_ignore_ascii_case(t))
            .map(|o| o.id)
    }

    /// One row: `Ok(None)` when it matches its record exactly, the planned change, or its
    /// problems.
    async fn row(
        &mut self,
        db: &Db,
        n: usize,
        row: layout::Row<'_>,
    ) -> AppResult<Result<Option<PlannedPerson>, Vec<String>>> {
        let c = |col| self.cols.cell(row, col).to_string();
        let r = reference();
        let mut errors = Vec::new();
        let employer = self.org_id(&c(Column::Employer));
        if employer.is_none() {
            errors.push(self.at(
                n,
                Column::Employer,
                "give the employer's ODS code or name as the organisations page shows it",
            ));
        }
        let host = match c(Column::Host) {
            h if h.is_empty() => employer,
            h => {
                let id = self.org_id(&h);
                if id.is_none() {
                    errors.push(self.at(
                        n,
                        Column::Host,
                        "give the host's ODS code or name as the organisations page shows it",
                    ));
                }
                id
            }
        };
        let team_name = c(Column::Team);
        let mut new_team = None;
        let team_id = match (host, team_name.is_empty()) {
            (Some(h), false) => match self
                .teams
                .iter()
                .find(|(_, o, name)| *o == h && name.eq_ignore_ascii_case(&team_name))
            {
                Some((id, _, _)) => Some(*id),
                None => {
                    self.plan_team(n, h, &team_name, &c(Column::TeamType), &mut errors);
                    new_team = Some((h, team_name.clone()));
                    None
                }
            },
            _ => None,
        };
        // The same person twice in the file (checked on the cells, so that a row with
        // other problems still counts).
        for (key, column) in [
            (c(Column::WorkEmail).to_lowercase(), Column::WorkEmail),
            (c(Column::SweNumber).to_uppercase(), Column::SweNumber),
        ] {
            if key.is_empty() {
                continue;
            }
            if let Some(first) = self.seen.get(&key) {
                errors.push(self.at(
                    n,
                    column,
                    &format!("{key} is also on row {first}: one row per person"),
                ));
            } else {
                self.seen.insert(key, n);
            }
        }
        let role_category = match c(Column::RoleCategory) {
            rc if rc.is_empty() => "sw_required".to_string(),
            rc => reference_code(&r.role_categories, &rc),
        };
        let input = PractitionerInput {
            given_name: c(Column::GivenName),
            family_name: c(Column::FamilyName),
            work_email: c(Column::WorkEmail),
            swe_number: c(Column::SweNumber),
            employer_org_id: employer
                .map(|i| i.to_string())
                .unwrap_or_else(|| "0".into()),
            host_org_id: host.map(|i| i.to_string()).unwrap_or_else(|| "0".into()),
            team_id: team_id.map(|i| i.to_string()).unwrap_or_default(),
            role_category,
            career_stage: reference_code(&r.career_stages, &c(Column::CareerStage)),
            band: reference_code(&r.bands, &c(Column::Band)),
            wte: c(Column::Wte),
            start_date: typed_date(&c(Column::StartDate)),
            end_date: typed_date(&c(Column::EndDate)),
            ..PractitionerInput::default()
        };
        let fields = match input.parse(self.today) {
            Ok((f, _)) => Some(f),
            Err(e) => {
                for fe in e.0 {
                    let column = match fe.field.as_str() {
                        "start_date" => Column::StartDate,
                        "end_date" => Column::EndDate,
                        f => FIELDS
                            .iter()
                            .find(|(name, _)| *name == f)
                            .map_or(Column::GivenName, |(_, c)| *c),
                    };
                    // An unknown organisation is already named once, in words.
                    let already_named = employer.is_none() && column == Column::Employer
                        || host.is_none() && column == Column::Host;
                    if !already_named {
                        errors.push(self.at(n, column, &fe.message));
                    }
                }
                None
            }
        };
        let Some(mut fields) = fields else {
            return Ok(Err(errors));
        };
        if fields.employer_org_id != self.org && fields.host_org_id != self.org {
            errors.push(self.at(
                n,
                Column::Employer,
                "the employer or the host must be your organisation",
            ));
        } else if !crate::store::partnerships::may_host(
            &db.pool,
            fields.employer_org_id,
            fields.host_org_id,
        )
        .await?
        {
            errors.push(self.at(
                n,
                Column::Host,
                "the host organisation has no partnership with this employer",
            ));
        }
        let by_number = fields.swe_number.as_ref().and_then(|s| {
            self.existing
                .iter()
                .find(|p| p.swe_number.as_deref() == Some(s.as_str()))
        });
        let by_email = self
            .existing
            .iter()
            .find(|p| p.work_email.eq_ignore_ascii_case(&fields.work_email));
        let matched = match (by_number, by_email) {
            (Some(a), Some(b)) if a.id != b.id => {
                errors.push(self.at(n, Column::WorkEmail, &format!("{} is another practitioner's email address (the registration number is {} {}'s)", fields.work_email, a.given_name, a.family_name)));
                None
            }
            (Some(a), _) => Some(a),
            (None, b) => b,
        };
        if let Some(m) = matched
            && m.employer_org_id != self.org
            && m.host_org_id != self.org
        {
            errors.push(self.at(
                n,
                if by_number.is_some() {
                    Column::SweNumber
                } else {
                    Column::WorkEmail
                },
                "matches a practitioner of another organisation, whose record only they can change",
            ));
        }
        let account_roles = self
            .account_roles(db, n, &c(Column::Roles), &fields.work_email, &mut errors)
            .await?;
        if !errors.is_empty() {
            return Ok(Err(errors));
        }
        if let Some(m) = matched {
            fields.pq_roles = m.pq_roles.clone();
        }
        let changes = matched
            .map(|m| changes_between(m, &fields, new_team.is_some()))
            .unwrap_or_default();
        if matched.is_some() && changes.is_empty() && account_roles.is_empty() {
            return Ok(Ok(None));
        }
        Ok(Ok(Some(PlannedPerson {
            row: n,
            name: format!("{} {}", fields.given_name, fields.family_name),
            practitioner_id: matched.map(|m| m.id),
            changes,
            new_account_roles: account_roles,
            fields: Some(fields),
            new_team,
        })))
    }

    fn plan_team(
        &mut self,
        n: usize,
        org: i64,
        name: &str,
        typed_model: &str,
        errors: &mut Vec<String>,
    ) {
        if self
            .new_teams
            .iter()
            .any(|(o, t, _)| *o == org && t.eq_ignore_ascii_case(name))
        {
            return;
        }
        if org != self.org {
            errors.push(self.at(
                n,
                Column::Team,
                &format!(
                    "\"{name}\" is not a team of the host organisation; its own staff add its teams"
                ),
            ));
            return;
        }
        if !self.actor.can(Capability::EditTeams) {
            errors.push(self.at(n, Column::Team, &format!("\"{name}\" is not a team yet; a principal social worker or organisation administrator can add it, or import this file")));
            return;
        }
        if typed_model.is_empty() {
            errors.push(self.at(
                n,
                Column::TeamType,
                &format!(
                    "\"{name}\" is a new team: give its type (for example Community mental health)"
                ),
            ));
            return;
        }
        match reference().service_models.parse(
            "the team type",
            &reference_code(&reference().service_models, typed_model),
        ) {
            Ok(model) => self.new_teams.push((org, name.trim().to_string(), model)),
            Err(m) => errors.push(self.at(n, Column::TeamType, &m)),
        }
    }

    /// The roles of an account to make: none when the cell is empty or the person has one.
    async fn account_roles(
        &self,
        db: &Db,
        n: usize,
        typed: &str,
        email: &str,
        errors: &mut Vec<String>,
    ) -> AppResult<Vec<String>> {
        let typed = roles_in(typed);
        if typed.is_empty() {
            return Ok(Vec::new());
        }
        if !self.actor.can(Capability::ManageUsers) {
            errors.push(self.at(
                n,
                Column::Roles,
                "only an organisation administrator can make user accounts; leave Roles empty",
            ));
            return Ok(Vec::new());
        }
        let mut roles = Vec::new();
        for t in typed {
            match Role::ALL.into_iter().find(|r| r.code().eq_ignore_ascii_case(&t) || r.label().eq_ignore_ascii_case(&t)) {
                Some(Role::NationalAnalyst) | None => errors.push(self.at(n, Column::Roles, &format!("\"{t}\" is not a role here (for example Practitioner, Supervisor, Team manager)"))),
                Some(r) if !roles.contains(&r.code().to_string()) => roles.push(r.code().to_string()),
                Some(_) => {}
            }
        }
        if users_store::get_by_email(&db.pool, db.backend, email)
            .await?
            .is_some()
        {
            return Ok(Vec::new());
        }
        Ok(roles)
    }
}

/// The fields that differ between a record and a row, as people name them.
fn changes_between(m: &Practitioner, f: &PractitionerFields, new_team: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |label: &str, differs: bool| {
        if differs {
            out.push(label.to_string());
        }
    };
    check("given name", m.given_name != f.given_name);
    check("family name", m.family_name != f.family_name);
    check(
        "work email",
        !m.work_email.eq_ignore_ascii_case(&f.work_email),
    );
    check("registration number", m.swe_number != f.swe_number);
    check("employer", m.employer_org_id != f.employer_org_id);
    check("host", m.host_org_id != f.host_org_id);
    check("team", new_team || m.team_id != f.team_id);
    check("role category", m.role_category != f.role_category);
    check("career stage", m.career_stage != f.career_stage);
    check("band", m.band != f.band);
    check("WTE", (m.wte - f.wte).abs() > 1e-9);
    check("start date", m.start_date != f.start_date);
    check("end date", m.end_date != f.end_date);
    out
}
