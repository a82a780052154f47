//! Practitioner records: scoped reads (each audited), validated writes, and equality data
//! that only the workforce lead sees per person.

use super::{ListQuery, audit, optional, parse_date, parse_id, require};
use crate::domain::people_filter::PeopleQuery;
use crate::domain::pq_roles::keep_derived;
use crate::domain::{PersonName, SweNumber, WorkEmail, Wte, reference};
use crate::error::{AppError, AppResult, FieldErrors, OnUnique};
use crate::policy::{Actor, Capability, may_handle_equality, practitioner_scope};
use crate::service::access;
use crate::service::partnerships::rights_of;
use crate::service::write::Write;
use crate::store::Db;
use crate::store::practitioners::{
    self as store, Equality, Practitioner, PractitionerFields, PractitionerFilter,
};
use crate::store::sql::Paged;
use crate::store::teams;
use serde::Deserialize;

/// A practitioner as sent by a form or the API. Text fields are parsed by `parse`.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PractitionerInput {
    pub given_name: String,
    pub family_name: String,
    pub work_email: String,
    /// Social Work England registration number, like SW12345 (optional for students and
    /// non-social-work roles).
    pub swe_number: String,
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = i64)]
    pub employer_org_id: String,
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = i64)]
    pub host_org_id: String,
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub team_id: String,
    pub role_category: String,
    pub career_stage: String,
    pub band: String,
    /// Whole-time equivalent, more than 0 and at most 1.0.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = f64)]
    pub wte: String,
    /// YYYY-MM-DD
    pub start_date: String,
    /// YYYY-MM-DD, when they left (optional).
    pub end_date: String,
    /// Post-qualifying role codes.
    pub pq_roles: Vec<String>,
    /// Equality data: used only when the actor is the workforce lead.
    pub ethnic_category: String,
    pub date_of_birth: String,
    pub age_band: String,
    pub sex: String,
    pub disability: String,
}

impl PractitionerInput {
    /// Parses every field, collecting all the problems at once.
    pub fn parse(&self) -> Result<(PractitionerFields, Equality), FieldErrors> {
        let r = reference();
        let mut e = FieldErrors::default();
        let given = e.take(
            "given_name",
            PersonName::parse("a first name", &self.given_name),
        );
        let family = e.take(
            "family_name",
            PersonName::parse("a last name", &self.family_name),
        );
        let email = e.take("work_email", WorkEmail::parse(&self.work_email));
        let swe = e.take(
            "swe_number",
            match optional(&self.swe_number) {
                None => Ok(None),
                Some(s) => SweNumber::parse(&s).map(Some),
            },
        );
        let employer = e.take(
            "employer_org_id",
            parse_id("the employer", &self.employer_org_id)
                .and_then(|v| v.ok_or_else(|| "Select the employer".to_string())),
        );
        let host = e.take(
            "host_org_id",
            parse_id("the host organisation", &self.host_org_id)
                .and_then(|v| v.ok_or_else(|| "Select the host organisation".to_string())),
        );
        let team = e.take("team_id", parse_id("a team", &self.team_id));
        let role_category = e.take(
            "role_category",
            r.role_categories
                .parse("the role category", &self.role_category),
        );
        let career_stage = e.take(
            "career_stage",
            r.career_stages
                .parse("the career stage", &self.career_stage),
        );
        let band = e.take("band", r.bands.parse("the band or grade", &self.band));
        let wte = e.take("wte", Wte::parse(&self.wte));
        let start = e.take("start_date", parse_date("Start date", &self.start_date));
        let end = e.take(
            "end_date",
            match optional(&self.end_date) {
                None => Ok(None),
                Some(s) => parse_date("End date", &s).map(Some),
            },
        );
        if let (Some(s), Some(Some(end))) = (start, end)
            && end < s
        {
            e.add(
                "end_date",
                "End date must be the same as or after the start date",
            );
        }
        let mut pq = Vec::new();
        for code in self.pq_roles.iter().filter(|c| !c.trim().is_empty()) {
            if let Some(c) = e.take(
                "pq_roles",
                r.post_qualifying_roles.parse("post-qualifying roles", code),
            ) && !pq.contains(&c)
            {
                pq.push(c);
            }
        }
        if swe.as_ref().is_some_and(Option::is_none)
            && role_category.as_deref() == Some("sw_required")
            && career_stage.as_deref() != Some("student")
        {
            e.add("swe_number", "Enter the Social Work England registration number: this role requires a registered social worker");
        }
        let equality = self.parse_equality(&mut e);
        if !e.is_empty() {
            return Err(e);
        }
        let (
            Some(given),
            Some(family),
            Some(email),
            Some(swe),
            Some(employer),
            Some(host),
            Some(team),
            Some(role_category),
            Some(career_stage),
            Some(band),
            Some(wte),
            Some(start),
            Some(end),
        ) = (
            given,
            family,
            email,
            swe,
            employer,
            host,
            team,
            role_category,
            career_stage,
            band,
            wte,
            start,
            end,
        )
        else {
            return Err(e);
        };
        Ok((
            PractitionerFields {
                given_name: given.as_str().into(),
                family_name: family.as_str().into(),
                work_email: email.as_str().into(),
                swe_number: swe.map(|s| s.as_str().to_string()),
                employer_org_id: employer,
                host_org_id: host,
                team_id: team,
                role_category,
                career_stage,
                band,
                wte: wte.value(),
                start_date: start.to_string(),
                end_date: end.map(|d| d.to_string()),
                pq_roles: pq,
            },
            equality,
        ))
    }

    fn parse_equality(&self, e: &mut FieldErrors) -> Equality {
        let r = reference();
        let mut pick =
            |field: &str, list: &crate::domain::RefList, value: &str| -> Option<String> {
                optional(value).and_then(|v| e.take(field, list.parse(field, &v)))
            };
        let ethnic_category = pick(
            "ethnic_category",
            &r.ethnic_categories,
            &self.ethnic_category,
        );
        let age_band = pick("age_band", &r.age_bands, &self.age_band);
        let sex = pick("sex", &r.sexes, &self.sex);
        let disability = pick("disability", &r.disability, &self.disability);
        let date_of_birth = optional(&self.date_of_birth).and_then(|d| {
            let today = crate::clock::Clock::System.today();
            e.take(
                "date_of_birth",
                parse_date("Date of birth", &d).and_then(|dob| {
                    if dob >= today {
                        Err("Date of birth must be in the past".to_string())
                    } else {
                        Ok(dob.to_string())
                    }
                }),
            )
        });
        Equality {
            ethnic_category,
            date_of_birth,
            age_band,
            sex,
            disability,
        }
    }

    pub fn from_practitioner(p: &Practitioner, eq: &Equality) -> PractitionerInput {
        PractitionerInput {
            given_name: p.given_name.clone(),
            family_name: p.family_name.clone(),
            work_email: p.work_email.clone(),
            swe_number: p.swe_number.clone().unwrap_or_default(),
            employer_org_id: p.employer_org_id.to_string(),
            host_org_id: p.host_org_id.to_string(),
            team_id: p.team_id.map(|t| t.to_string()).unwrap_or_default(),
            role_category: p.role_category.clone(),
            career_stage: p.career_stage.clone(),
            band: p.band.clone(),
            wte: format!("{:.2}", p.wte),
            start_date: p.start_date.clone(),
            end_date: p.end_date.clone().unwrap_or_default(),
            pq_roles: p.pq_roles.clone(),
            ethnic_category: eq.ethnic_category.clone().unwrap_or_default(),
            date_of_birth: eq.date_of_birth.clone().unwrap_or_default(),
            age_band: eq.age_band.clone().unwrap_or_default(),
            sex: eq.sex.clone().unwrap_or_default(),
            disability: eq.disability.clone().unwrap_or_default(),
        }
    }
}

/// Filters as they arrive from a query string.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct PractitionerQuery {
    /// A team's id.
    pub team_id: String,
    /// An employing organisation's id.
    pub employer_id: String,
    /// A career stage code.
    pub career_stage: String,
    /// A registration status code, or `not_recorded`.
    pub registration: String,
    pub pq_role: String,
    /// "yes" to include people who have left.
    pub leavers: String,
}

impl PractitionerQuery {
    fn filter(&self, q: &ListQuery) -> PractitionerFilter {
        PractitionerFilter {
            search: q.q.clone(),
            pq_role: self.pq_role.clone(),
            include_leavers: self.leavers == "yes",
        }
    }

    /// The filters every list of people takes, as `domain::people_filter` reads them.
    pub fn people(&self) -> PeopleQuery {
        PeopleQuery {
            team_id: self.team_id.clone(),
            employer_id: self.employer_id.clone(),
            career_stage: self.career_stage.clone(),
            registration: self.registration.clone(),
        }
    }
}

/// The practitioners the actor may see. The read is audited with the ids shown.
pub async fn list(
    db: &Db,
    actor: &Actor,
    q: &ListQuery,
    f: &PractitionerQuery,
) -> AppResult<Paged<Practitioner>> {
    require(actor, Capability::ViewPractitioners)?;
    let people = crate::service::people_filter::parse(&f.people())?;
    let scope = practitioner_scope(actor).narrowed(&people);
    let page = store::list(&db.pool, &scope, &f.filter(q), &q.sort, q.desc(), &q.page()).await?;
    let ids: Vec<String> = page.items.iter().map(|p| p.id.to_string()).collect();
    audit(
        &db.pool,
        actor,
        "list",
        "practitioner",
        "",
        format!("ids {}", ids.join(" ")),
    )
    .await?;
    Ok(page)
}

/// One practitioner with their equality data when the actor may see it per person.
pub async fn get(db: &Db, actor: &Actor, id: i64) -> AppResult<(Practitioner, Option<Equality>)> {
    let p = access::practitioner(db, actor, id, Capability::ViewPractitioners).await?;
    let rights = rights_of(db, actor.org_id, p.employer_org_id, p.host_org_id).await?;
    let eq = if may_handle_equality(actor, rights.equality) {
        Some(store::equality(&db.pool, id).await?)
    } else {
        None
    };
    audit(
        &db.pool,
        actor,
        "read",
        "practitioner",
        id,
        if eq.is_some() {
            "with equality data"
        } else {
            ""
        },
    )
    .await?;
    Ok((p, eq))
}

/// Checks that placement is possible: the employer is the actor's organisation (or the
/// host is, for a seconded worker), the host partners the employer, the team is the host's.
async fn check_placement(db: &Db, actor: &Actor, f: &PractitionerFields) -> AppResult<()> {
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let mut e = FieldErrors::default();
    if f.employer_org_id != org && f.host_org_id != org {
        e.add(
            "employer_org_id",
            "The employer or the host must be your organisation",
        );
    } else if !crate::store::partnerships::may_host(&db.pool, f.employer_org_id, f.host_org_id)
        .await?
    {
        e.add(
            "host_org_id",
            "The host organisation has no partnership with this employer",
        );
    }
    if let Some(team_id) = f.team_id {
        match teams::get(&db.pool, team_id).await? {
            Some(t) if t.org_id == f.host_org_id => {}
            _ => e.add("team_id", "Select a team of the host organisation"),
        }
    }
    e.into_result()
}

const DUPLICATE_EMAIL: &str = "Another practitioner already has this email address";
const DUPLICATE_SWE: &str = "Another practitioner already has this registration number";

/// Creates a practitioner, with equality data only if the actor may record it.
pub async fn create(
    db: &Db,
    actor: &Actor,
    f: &PractitionerFields,
    eq: &Equality,
) -> AppResult<i64> {
    require(actor, Capability::EditPractitioners)?;
    check_placement(db, actor, f).await?;
    // The AMHP role comes from approvals, which a new record has none of.
    let f = &PractitionerFields {
        pq_roles: keep_derived(&f.pq_roles, &[]),
        ..f.clone()
    };
    let mut tx = Write::begin(db, actor).await?;
    let id = store::insert(&mut tx, f)
        .await
        .on_unique("work_email", "work_email", DUPLICATE_EMAIL)
        .on_unique("swe_number", "swe_number", DUPLICATE_SWE)?;
    let mut detail = String::new();
    let rights = rights_of(db, actor.org_id, f.employer_org_id, f.host_org_id).await?;
    if may_handle_equality(actor, rights.equality) && *eq != Equality::default() {
        store::set_equality(&mut tx, id, eq).await?;
        detail.push_str("with equality data");
    }
    tx.commit("create", "practitioner", id, detail).await?;
    Ok(id)
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    id: i64,
    f: &PractitionerFields,
    eq: &Equality,
) -> AppResult<()> {
    let before = access::practitioner(db, actor, id, Capability::EditPractitioners).await?;
    let held = rights_of(db, actor.org_id, before.employer_org_id, before.host_org_id).await?;
    if !held.may_change {
        return Err(AppError::Invalid(FieldErrors::single(
            "employer_org_id",
            "The partnership agreement with this person's employer does not let your organisation change their record",
        )));
    }
    check_placement(db, actor, f).await?;
    let after = rights_of(db, actor.org_id, f.employer_org_id, f.host_org_id).await?;
    let f = &PractitionerFields {
        pq_roles: keep_derived(&f.pq_roles, &before.pq_roles),
        ..f.clone()
    };
    let mut tx = Write::begin(db, actor).await?;
    store::update(&mut tx, id, f)
        .await
        .on_unique("work_email", "work_email", DUPLICATE_EMAIL)
        .on_unique("swe_number", "swe_number", DUPLICATE_SWE)?;
    let mut detail = String::new();
    // Only a lead with the right writes it, and only while the record stays in reach.
    if may_handle_equality(actor, held.equality) && may_handle_equality(actor, after.equality) {
        store::set_equality(&mut tx, id, eq).await?;
        detail.push_str("with equality data");
    }
    tx.commit("update", "practitioner", id, detail).await?;
    Ok(())
}
