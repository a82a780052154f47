//! The AMHP approvals in a scope with their suspensions and activity, read together and
//! grouped by approval. The organisation view, the AMHP supervision standing and the
//! self-assessment's evidence each view every approval in the organisation; filtering
//! the whole list of suspensions and activity for each approval made that quadratic (the
//! largest part of the AMHP view's time outside its statements).

use super::{ApprovalView, approval_view};
use crate::domain::post_qualifying::PostQualifyingRules;
use crate::error::AppResult;
use crate::policy::PractitionerScope;
use crate::store::Db;
use crate::store::post_qualifying::{self as store, Activity, AmhpLine, Suspension};
use std::collections::HashMap;
use time::Date;

pub(crate) struct ApprovalsRead {
    pub lines: Vec<AmhpLine>,
    suspensions: HashMap<i64, Vec<Suspension>>,
    activity: HashMap<i64, Vec<Activity>>,
}

impl ApprovalsRead {
    /// Reads the approvals in `scope` (three statements), grouping the rest by approval.
    /// Activity comes without its descriptions, which no view over every approval shows.
    pub async fn of(db: &Db, scope: &PractitionerScope) -> AppResult<ApprovalsRead> {
        let lines = store::amhp_lines(&db.pool, scope).await?;
        let ids: Vec<i64> = lines.iter().map(|l| l.approval.id).collect();
        let mut suspensions: HashMap<i64, Vec<Suspension>> = HashMap::new();
        for s in store::suspensions(&db.pool, &ids).await? {
            suspensions.entry(s.approval_id).or_default().push(s);
        }
        let mut activity: HashMap<i64, Vec<Activity>> = HashMap::new();
        for a in store::activity_amounts(&db.pool, &ids).await? {
            activity.entry(a.approval_id).or_default().push(a);
        }
        Ok(ApprovalsRead {
            lines,
            suspensions,
            activity,
        })
    }

    /// Line `l`'s approval as the pages show it, from its own suspensions and activity
    /// (in the order the store gave them).
    pub fn view(&self, l: &AmhpLine, today: Date, r: &PostQualifyingRules) -> ApprovalView {
        let id = l.approval.id;
        approval_view(
            l.approval.clone(),
            self.suspensions.get(&id).map_or(&[], Vec::as_slice),
            self.activity.get(&id).map_or(&[], Vec::as_slice),
            today,
            r,
        )
    }
}
