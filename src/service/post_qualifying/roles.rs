//! The other post-qualifying roles: BIA, practice educator and supervisor, approved clinician, forensic social supervisor.

use super::*;
use crate::service::write::Write;

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RoleInput {
    /// `PqRole` code: bia, practice_educator, practice_supervisor, approved_clinician,
    /// forensic_social_supervisor.
    pub role: String,
    /// ISO date qualified or trained.
    pub qualified_on: String,
    /// Practice educator: peps_1 or peps_2; Approved Clinician: interested, in_training,
    /// approved.
    pub stage: String,
    /// ISO date of the last refresher or update training.
    pub last_training_on: String,
    /// Forensic social supervisor: restricted patients allocated.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub allocations: String,
    /// Forensic social supervisor: ISO date the next report to the Ministry of Justice is due.
    pub next_report_due: String,
    pub notes: String,
}

impl RoleInput {
    pub fn parse(&self, practitioner_id: i64, today: Date) -> Result<RoleRecord, FieldErrors> {
        let mut e = FieldErrors::default();
        let role = PqRole::parse(&self.role);
        if role.is_none() {
            e.add("role", "Select the role");
        }
        let qualified = optional_date(&mut e, "qualified_on", "Date qualified", &self.qualified_on);
        if qualified.is_some_and(|d| d > today) {
            e.add(
                "qualified_on",
                "Date qualified must be today or in the past",
            );
        }
        let last = optional_date(
            &mut e,
            "last_training_on",
            "Date of the last training",
            &self.last_training_on,
        );
        if last.is_some_and(|d| d > today) {
            e.add(
                "last_training_on",
                "Date of the last training must be today or in the past",
            );
        }
        let stages = role.map(|r| r.stages()).unwrap_or_default();
        let stage = self.stage.trim().to_string();
        if !stage.is_empty() && !stages.iter().any(|(c, _)| *c == stage) {
            e.add("stage", "Select a stage this role has");
        }
        let forensic = role == Some(PqRole::ForensicSocialSupervisor);
        let allocations = match self.allocations.trim() {
            "" => 0,
            s => match s.parse::<i64>() {
                Ok(n) if (0..=500).contains(&n) => n,
                _ => {
                    e.add(
                        "allocations",
                        "Restricted patients allocated must be a whole number from 0 to 500",
                    );
                    0
                }
            },
        };
        if allocations > 0 && !forensic {
            e.add(
                "allocations",
                "Restricted patients are allocated only to forensic social supervisors",
            );
        }
        let report = optional_date(
            &mut e,
            "next_report_due",
            "Next report due",
            &self.next_report_due,
        );
        if report.is_some() && !forensic {
            e.add(
                "next_report_due",
                "Reports to the Ministry of Justice apply only to forensic social supervisors",
            );
        }
        let notes = self.notes.trim().to_string();
        if notes.len() > 2000 {
            e.add("notes", "Notes must be 2,000 characters or fewer");
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(RoleRecord {
            practitioner_id,
            role: role.map(|r| r.code().to_string()).unwrap_or_default(),
            qualified_on: qualified.map(|d| d.to_string()),
            stage,
            last_training_on: last.map(|d| d.to_string()),
            allocations,
            next_report_due: report.map(|d| d.to_string()),
            notes,
        })
    }
}

/// Records (or replaces) a person's record of one role.
pub async fn save_role(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: &RoleInput,
    today: Date,
) -> AppResult<()> {
    require(actor, Capability::ManagePostQualifying)?;
    visible(db, actor, id).await?;
    let rec = input.parse(id, today).map_err(AppError::Invalid)?;
    let mut tx = Write::begin(db, actor).await?;
    store::save_role(&mut tx, &rec, actor.user_id).await?;
    tx.commit("update", "pq_role", id, rec.role.clone()).await?;
    Ok(())
}
