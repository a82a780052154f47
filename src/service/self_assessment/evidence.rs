//! What mhsw already knows about a criterion, from the organisation's own live data, shown
//! beside it (the framework names the measures: `domain::self_assessment::framework::EVIDENCE_KEYS`).

use crate::config::Settings;
use crate::error::AppResult;
use crate::store::Db;
use serde::Serialize;
use std::collections::BTreeMap;
use time::Date;

/// One measure, ready to show: a label, the figure in words and, where it is a share, its
/// parts (so tests and exports can check it).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct EvidenceFigure {
    pub key: String,
    pub label: String,
    /// The figure as people read it, for example "42 of 50 (84%)".
    pub value: String,
    pub numerator: Option<i64>,
    pub denominator: Option<i64>,
    /// Where it comes from and any caveat.
    pub note: String,
}

/// Every measure mhsw can compute for the organisation on `today`, by key.
pub async fn figures(
    _db: &Db,
    _settings: &Settings,
    _org_id: i64,
    _today: Date,
) -> AppResult<BTreeMap<String, EvidenceFigure>> {
    // Filled in by the evidence work (issue 6); until then no figures are shown.
    Ok(BTreeMap::new())
}
