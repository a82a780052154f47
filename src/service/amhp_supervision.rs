//! Approved AMHPs' AMHP supervision, tracked apart from professional supervision: who is
//! approved today (the approval records, `service::post_qualifying::approval_view`) and,
//! for each, `domain::amhp_supervision::amhp_supervision` from their last AMHP session.
//! The supervision dashboard and the governance report both read it from here.

use crate::config::Settings;
use crate::domain::amhp_supervision::{AmhpSupervision, amhp_supervision};
use crate::domain::post_qualifying::ApprovalState;
use crate::error::AppResult;
use crate::policy::PractitionerScope;
use crate::store::Db;
use crate::store::post_qualifying as store;
use std::collections::HashMap;
use time::Date;

/// Every AMHP in scope whose approval is in force today (not suspended, not ended), with
/// where their AMHP supervision stands.
pub async fn standings(
    db: &Db,
    settings: &Settings,
    scope: &PractitionerScope,
    today: Date,
) -> AppResult<HashMap<i64, AmhpSupervision>> {
    let read = super::post_qualifying::ApprovalsRead::of(db, scope).await?;
    let holders: Vec<i64> = read.lines.iter().map(|l| l.practitioner_id).collect();
    let last = store::last_amhp_supervision(&db.pool, &holders).await?;
    let mut out = HashMap::new();
    for l in &read.lines {
        let view = read.view(l, today, &settings.post_qualifying);
        let approved_on = l.approval.approved_on;
        if view.state == ApprovalState::Active {
            let held = last.get(&l.practitioner_id).copied();
            out.insert(
                l.practitioner_id,
                amhp_supervision(held, approved_on, settings.supervision.amhp_days, today),
            );
        }
    }
    Ok(out)
}
