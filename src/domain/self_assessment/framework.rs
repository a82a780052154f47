//! A framework is a TOML file in `data/frameworks/` (embedded in the binary) or in the
//! directory named by `[self_assessment] extra_frameworks_dir` (read at start-up): domains,
//! criteria, a rating scale, guidance and evidence prompts. Files are validated when loaded
//! (`Framework::parse`), so a malformed file stops start-up with a message naming the file
//! and the problem, and adding or revising a framework needs no code change. The layout is
//! described in `docs/frameworks.md`.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The measures mhsw computes from its own data and can show beside a criterion
/// (`service::self_assessment::evidence` computes them). A framework names them in a
/// criterion's `evidence` list; an unknown key is refused when the file is loaded.
pub const EVIDENCE_KEYS: [&str; 22] = [
    "workforce_headcount",
    "supervision_agreement_current",
    "supervision_in_date",
    "supervision_quality_pulse",
    "registration_current",
    "cpd_ready",
    "asye_on_track",
    "amhp_numbers",
    "amhp_hours_met",
    "feedback_in_use",
    "conversations_in_use",
    "workforce_vacancies",
    "workforce_by_arrangement",
    "workforce_skill_mix",
    "race_equality_leadership",
    "amhp_pipeline",
    "student_placements",
    "team_skills_audited",
    "role_clarity_reviewed",
    "wellbeing_survey",
    "appraisals_in_date",
    "appraisals_with_feedback",
];

/// How a framework relates to its source document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// Criteria written in our words, item by item, from the source's own text.
    Source,
    /// Built on the source's structure because the original items are not available.
    Adapted,
}

#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FrameworkHeader {
    pub code: String,
    pub version: u32,
    pub title: String,
    pub short_title: String,
    pub published: String,
    pub source: String,
    pub provenance: Provenance,
    #[serde(default)]
    pub provenance_note: String,
    pub description: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub value: u8,
    pub label: String,
    pub description: String,
}

/// The rating scale: `levels` lowest first, values 1 to n; a domain's mean rating at or
/// above `amber_from` is amber and at or above `green_from` green (below both: red).
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub source: String,
    pub allow_not_applicable: bool,
    pub amber_from: f64,
    pub green_from: f64,
    pub levels: Vec<Level>,
}

impl Scale {
    pub fn max(&self) -> u8 {
        self.levels.len() as u8
    }

    pub fn label(&self, value: u8) -> &str {
        self.levels
            .iter()
            .find(|l| l.value == value)
            .map(|l| l.label.as_str())
            .unwrap_or("")
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub code: String,
    pub text: String,
    pub guidance: String,
    pub evidence_prompts: Vec<String>,
    pub reference: String,
    /// Keys from [`EVIDENCE_KEYS`]: what mhsw shows beside the criterion.
    #[serde(default)]
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    pub code: String,
    pub title: String,
    pub summary: String,
    pub reference: String,
    pub criteria: Vec<Criterion>,
}

/// One version of one framework.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub framework: FrameworkHeader,
    pub scale: Scale,
    pub domains: Vec<Domain>,
}

/// A framework's code and version: what a cycle records.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FrameworkKey {
    pub code: String,
    pub version: u32,
}

const MAX_TEXT: usize = 300;
const MAX_GUIDANCE: usize = 600;

fn is_code(s: &str, extra: &[char]) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || extra.contains(&c))
}

impl Framework {
    /// Reads and validates one file's text. The error says what is wrong and where, for a
    /// person editing the file.
    pub fn parse(text: &str) -> Result<Framework, String> {
        let f: Framework = toml::from_str(text).map_err(|e| e.to_string())?;
        f.validate()?;
        Ok(f)
    }

    fn validate(&self) -> Result<(), String> {
        let h = &self.framework;
        if !is_code(&h.code, &['-']) || h.code.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(format!(
                "framework.code '{}' must be lower-case letters, digits and hyphens",
                h.code
            ));
        }
        if h.version == 0 {
            return Err("framework.version must be 1 or more".into());
        }
        for (name, v) in [
            ("title", &h.title),
            ("short_title", &h.short_title),
            ("published", &h.published),
            ("source", &h.source),
            ("description", &h.description),
        ] {
            if v.trim().is_empty() {
                return Err(format!("framework.{name} is empty"));
            }
        }
        if h.short_title.chars().count() > 40 {
            return Err("framework.short_title is longer than 40 characters".into());
        }
        if h.provenance == Provenance::Adapted && h.provenance_note.trim().is_empty() {
            return Err("framework.provenance_note must say how an adapted framework differs from its source".into());
        }
        self.validate_scale()?;
        self.validate_domains()
    }

    fn validate_scale(&self) -> Result<(), String> {
        let s = &self.scale;
        if !(3..=6).contains(&s.levels.len()) {
            return Err("scale.levels must have 3 to 6 levels".into());
        }
        for (i, l) in s.levels.iter().enumerate() {
            if usize::from(l.value) != i + 1 {
                return Err(format!(
                    "scale.levels must be numbered 1, 2, 3... lowest first (level {} has value {})",
                    i + 1,
                    l.value
                ));
            }
            if l.label.trim().is_empty() {
                return Err(format!("scale level {} has no label", l.value));
            }
        }
        let max = f64::from(s.max());
        if !(1.0 < s.amber_from && s.amber_from < s.green_from && s.green_from <= max) {
            return Err(format!(
                "scale: need 1 < amber_from < green_from <= {max} (got {} and {})",
                s.amber_from, s.green_from
            ));
        }
        Ok(())
    }

    fn validate_domains(&self) -> Result<(), String> {
        if self.domains.is_empty() {
            return Err("a framework needs at least one [[domains]]".into());
        }
        let mut domain_codes = BTreeSet::new();
        let mut criterion_codes = BTreeSet::new();
        for d in &self.domains {
            if !is_code(&d.code, &['.', '-']) {
                return Err(format!(
                    "domain code '{}' must be letters, digits, '.' or '-'",
                    d.code
                ));
            }
            if !domain_codes.insert(d.code.as_str()) {
                return Err(format!("domain code '{}' is used twice", d.code));
            }
            if d.title.trim().is_empty() {
                return Err(format!("domain {} has no title", d.code));
            }
            if d.criteria.is_empty() {
                return Err(format!("domain {} has no criteria", d.code));
            }
            for c in &d.criteria {
                validate_criterion(&d.code, c)?;
                if !criterion_codes.insert(c.code.as_str()) {
                    return Err(format!("criterion code '{}' is used twice", c.code));
                }
            }
        }
        Ok(())
    }

    pub fn key(&self) -> FrameworkKey {
        FrameworkKey {
            code: self.framework.code.clone(),
            version: self.framework.version,
        }
    }

    /// Every criterion with its domain, in the file's order.
    pub fn criteria(&self) -> impl Iterator<Item = (&Domain, &Criterion)> {
        self.domains
            .iter()
            .flat_map(|d| d.criteria.iter().map(move |c| (d, c)))
    }

    pub fn criterion(&self, code: &str) -> Option<(&Domain, &Criterion)> {
        self.criteria().find(|(_, c)| c.code == code)
    }

    pub fn domain(&self, code: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.code == code)
    }

    pub fn criterion_count(&self) -> usize {
        self.domains.iter().map(|d| d.criteria.len()).sum()
    }
}

fn validate_criterion(domain: &str, c: &Criterion) -> Result<(), String> {
    let at = format!("criterion '{}' (domain {domain})", c.code);
    if !is_code(&c.code, &['.', '-']) {
        return Err(format!(
            "{at}: the code must be letters, digits, '.' or '-'"
        ));
    }
    if c.text.trim().is_empty() || c.text.chars().count() > MAX_TEXT {
        return Err(format!("{at}: text must be 1 to {MAX_TEXT} characters"));
    }
    if c.guidance.trim().is_empty() || c.guidance.chars().count() > MAX_GUIDANCE {
        return Err(format!(
            "{at}: guidance must be 1 to {MAX_GUIDANCE} characters"
        ));
    }
    if c.evidence_prompts.is_empty() || c.evidence_prompts.len() > 4 {
        return Err(format!("{at}: give 1 to 4 evidence_prompts"));
    }
    if c.reference.trim().is_empty() {
        return Err(format!("{at}: reference is empty"));
    }
    if let Some(k) = c
        .evidence
        .iter()
        .find(|k| !EVIDENCE_KEYS.contains(&k.as_str()))
    {
        return Err(format!(
            "{at}: evidence '{k}' is not a measure mhsw computes (one of: {})",
            EVIDENCE_KEYS.join(", ")
        ));
    }
    Ok(())
}

/// Every framework version mhsw knows, by code and version.
#[derive(Debug, Clone, Default)]
pub struct Frameworks {
    all: BTreeMap<FrameworkKey, Arc<Framework>>,
}

#[derive(rust_embed::RustEmbed)]
#[folder = "data/frameworks/"]
#[include = "*.toml"]
struct Embedded;

impl Frameworks {
    /// Builds a registry from named file texts; the error names the file.
    pub fn from_texts<'a>(
        files: impl IntoIterator<Item = (String, &'a str)>,
    ) -> Result<Frameworks, String> {
        let mut all = BTreeMap::new();
        for (name, text) in files {
            let f = Framework::parse(text).map_err(|e| format!("{name}: {e}"))?;
            let key = f.key();
            if all.contains_key(&key) {
                return Err(format!(
                    "{name}: framework {} version {} is defined twice",
                    key.code, key.version
                ));
            }
            all.insert(key, Arc::new(f));
        }
        Ok(Frameworks { all })
    }

    /// The shipped frameworks plus every `*.toml` in `extra_dir` (for example the AMHP
    /// service standards, added as data by an organisation that holds them).
    pub fn load(extra_dir: Option<&Path>) -> Result<Frameworks, String> {
        let mut files: Vec<(String, String)> = Embedded::iter()
            .filter_map(|name| {
                let file = Embedded::get(&name)?;
                Some((
                    format!("data/frameworks/{name}"),
                    String::from_utf8_lossy(&file.data).into_owned(),
                ))
            })
            .collect();
        if let Some(dir) = extra_dir {
            let entries = std::fs::read_dir(dir).map_err(|e| {
                format!(
                    "self_assessment.extra_frameworks_dir {}: {e}",
                    dir.display()
                )
            })?;
            let mut paths: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            paths.sort();
            for p in paths {
                let text =
                    std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
                files.push((p.display().to_string(), text));
            }
        }
        Frameworks::from_texts(files.iter().map(|(n, t)| (n.clone(), t.as_str())))
    }

    pub fn get(&self, code: &str, version: u32) -> Option<Arc<Framework>> {
        self.all
            .get(&FrameworkKey {
                code: code.to_string(),
                version,
            })
            .cloned()
    }

    /// The newest version of each framework: what a new cycle uses.
    pub fn latest(&self) -> Vec<Arc<Framework>> {
        let mut newest: BTreeMap<&str, &Arc<Framework>> = BTreeMap::new();
        for (k, f) in &self.all {
            newest.insert(k.code.as_str(), f);
        }
        newest.into_values().cloned().collect()
    }

    pub fn latest_of(&self, code: &str) -> Option<Arc<Framework>> {
        self.all
            .iter()
            .rev()
            .find(|(k, _)| k.code == code)
            .map(|(_, f)| f.clone())
    }

    pub fn len(&self) -> usize {
        self.all.len()
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }
}

/// The registry for a setting of `extra_frameworks_dir` ("" for none), loaded once per
/// directory and kept for the life of the process. The server calls it at start-up so a
/// malformed file stops it there.
pub fn registry(extra_dir: &str) -> Result<Arc<Frameworks>, String> {
    static CACHE: OnceLock<Mutex<BTreeMap<String, Arc<Frameworks>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(found) = cache.lock().map_err(|_| "poisoned")?.get(extra_dir) {
        return Ok(found.clone());
    }
    let dir = (!extra_dir.trim().is_empty()).then(|| Path::new(extra_dir));
    let loaded = Arc::new(Frameworks::load(dir)?);
    cache
        .lock()
        .map_err(|_| "poisoned")?
        .insert(extra_dir.to_string(), loaded.clone());
    Ok(loaded)
}

#[cfg(test)]
#[path = "framework_tests.rs"]
pub(crate) mod tests;
