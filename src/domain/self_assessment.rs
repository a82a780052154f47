//! The organisational self-assessment (issue 6): frameworks as versioned data, ratings,
//! RAG per domain, cycle-against-cycle comparison, the sign-off rule and the benchmark's
//! order statistics. Pure functions over plain types; the service layer
//! (`service::self_assessment`) reads and writes cycles.
//!
//! Sources: Health Education England (2020) "Guidance on the support of mental health
//! social workers working in NHS, independent or integrated services" (the eight
//! organisational considerations and their action points); the LGA Standards for employers
//! of social workers in England (2020); Allen, Carr, Linde and Sewell (DH, 2016) "Social
//! work for better mental health" and its self-assessment "How are we doing?", whose own
//! items are NOT FOUND, so mhsw ships an adapted framework (see `data/frameworks/`).

pub mod framework;
pub mod scoring;
pub mod statement;

pub use framework::{Criterion, Domain, Framework, FrameworkKey, Frameworks, Level, Scale};
pub use scoring::{Answer, Change, Rag};

use serde::{Deserialize, Serialize};

/// The `[self_assessment]` settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SelfAssessmentRules {
    /// A directory of extra framework files (for example the AMHP service standards, which
    /// mhsw does not ship because their text is NOT FOUND in our sources). "" for none.
    pub extra_frameworks_dir: String,
    /// Peers' medians and quartiles show only when at least this many organisations'
    /// signed-off cycles are in the group (issue 6: 5). Never below
    /// [`MIN_BENCHMARK_ORGANISATIONS`].
    pub benchmark_min_organisations: u32,
    /// Overdue self-assessment actions are reminded (owner, then the principal social
    /// worker) through the reminders job; actions show as due soon this many days ahead.
    pub action_due_soon_days: u32,
}

/// The smallest benchmark group, whatever the setting: with fewer, one organisation could
/// work out another's rating.
pub const MIN_BENCHMARK_ORGANISATIONS: u32 = 3;

impl Default for SelfAssessmentRules {
    fn default() -> Self {
        SelfAssessmentRules {
            extra_frameworks_dir: String::new(),
            benchmark_min_organisations: 5,
            action_due_soon_days: 14,
        }
    }
}

impl SelfAssessmentRules {
    pub fn benchmark_threshold(&self) -> usize {
        self.benchmark_min_organisations
            .max(MIN_BENCHMARK_ORGANISATIONS) as usize
    }

    /// The frameworks: shipped ones plus the extra directory's.
    pub fn frameworks(&self) -> Result<std::sync::Arc<Frameworks>, String> {
        framework::registry(&self.extra_frameworks_dir)
    }
}
