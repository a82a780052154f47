//! The other post-qualifying roles: BIA, practice educator and supervisor, approved clinician, forensic social supervisor.

use super::*;
use crate::service::write::Write;

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
