//! Reference lists (regions, bands, ethnic categories, service models...) loaded from
//! `data/reference-lists.toml`, which is embedded in the binary. They are data so that a
//! revised list needs no code change; each list names its source in that file.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// One code and the label people read.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
pub struct RefItem {
    pub code: String,
    pub label: String,
    /// For session types: the supervision requirements a held session of this type counts
    /// towards (`professional`, `amhp`); empty for other lists.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counts_towards: Vec<String>,
}

/// A named list with its source.
#[derive(Debug, Clone, Deserialize)]
pub struct RefList {
    pub source: String,
    pub items: Vec<RefItem>,
}

impl RefList {
    /// The label for a code, or the code itself when it is not in the list (old data
    /// stays readable after a list is revised).
    pub fn label<'a>(&'a self, code: &'a str) -> &'a str {
        self.items
            .iter()
            .find(|i| i.code == code)
            .map(|i| i.label.as_str())
            .unwrap_or(code)
    }

    /// Accepts a code from the list; the message names the list so the front door can
    /// say what was expected.
    pub fn parse(&self, name: &str, input: &str) -> Result<String, super::ParseError> {
        let code = input.trim();
        if code.is_empty() {
            return Err(format!("Select {name}"));
        }
        self.items
            .iter()
            .find(|i| i.code.eq_ignore_ascii_case(code))
            .map(|i| i.code.clone())
            .ok_or_else(|| format!("Select {name} from the list"))
    }

    pub fn contains(&self, code: &str) -> bool {
        self.items.iter().any(|i| i.code == code)
    }

    /// The codes whose items count towards `requirement` (`session_types`: which held
    /// sessions meet the professional or the AMHP supervision requirement).
    pub fn counting_towards(&self, requirement: &str) -> Vec<&str> {
        self.items
            .iter()
            .filter(|i| i.counts_towards.iter().any(|r| r == requirement))
            .map(|i| i.code.as_str())
            .collect()
    }
}

/// All reference lists, keyed by the table names in the data file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceLists {
    pub regions: RefList,
    pub organisation_types: RefList,
    pub service_models: RefList,
    pub role_categories: RefList,
    pub career_stages: RefList,
    pub bands: RefList,
    pub post_qualifying_roles: RefList,
    pub ethnic_categories: RefList,
    pub sexes: RefList,
    pub age_bands: RefList,
    pub disability: RefList,
    pub supervision_functions: RefList,
    pub session_types: RefList,
    pub cancelled_by: RefList,
    pub registration_check_methods: RefList,
    pub cpd_types: RefList,
    pub cpd_standard4_parts: RefList,
    pub professional_standards: RefList,
    pub cpd_peer_categories: RefList,
    pub psw_levels: RefList,
    pub agreement_types: RefList,
    pub pcf_domains: RefList,
    pub capability_ratings: RefList,
}

const REFERENCE_TOML: &str = include_str!("../../data/reference-lists.toml");

/// Parses the embedded lists. A malformed file is a build defect, caught by the unit
/// test below before it can ship.
pub fn parse_reference_lists(text: &str) -> Result<ReferenceLists, String> {
    let lists: ReferenceLists = toml::from_str(text).map_err(|e| e.to_string())?;
    for (name, list) in lists.named() {
        if list.items.is_empty() {
            return Err(format!("reference list {name} is empty"));
        }
        let mut seen = BTreeMap::new();
        for item in &list.items {
            if seen.insert(item.code.as_str(), ()).is_some() {
                return Err(format!("reference list {name} repeats code {}", item.code));
            }
        }
    }
    Ok(lists)
}

impl ReferenceLists {
    pub fn named(&self) -> [(&'static str, &RefList); 23] {
        [
            ("regions", &self.regions),
            ("psw_levels", &self.psw_levels),
            ("agreement_types", &self.agreement_types),
            ("pcf_domains", &self.pcf_domains),
            ("capability_ratings", &self.capability_ratings),
            ("organisation_types", &self.organisation_types),
            ("service_models", &self.service_models),
            ("role_categories", &self.role_categories),
            ("career_stages", &self.career_stages),
            ("bands", &self.bands),
            ("post_qualifying_roles", &self.post_qualifying_roles),
            ("ethnic_categories", &self.ethnic_categories),
            ("sexes", &self.sexes),
            ("age_bands", &self.age_bands),
            ("disability", &self.disability),
            ("supervision_functions", &self.supervision_functions),
            ("session_types", &self.session_types),
            ("cancelled_by", &self.cancelled_by),
            (
                "registration_check_methods",
                &self.registration_check_methods,
            ),
            ("cpd_types", &self.cpd_types),
            ("cpd_standard4_parts", &self.cpd_standard4_parts),
            ("professional_standards", &self.professional_standards),
            ("cpd_peer_categories", &self.cpd_peer_categories),
        ]
    }
}

/// The embedded reference lists, parsed once.
pub fn reference() -> &'static ReferenceLists {
    static LISTS: OnceLock<ReferenceLists> = OnceLock::new();
    LISTS.get_or_init(|| {
        parse_reference_lists(REFERENCE_TOML).expect("embedded reference lists are valid")
    })
}

/// The list with this name, for templates (`reference('bands')`).
pub fn list_named(name: &str) -> Option<&'static RefList> {
    reference()
        .named()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, l)| l)
}

/// Items of a named list; empty for an unknown name.
pub fn items_of(name: &str) -> Vec<RefItem> {
    list_named(name)
        .map(|l| l.items.clone())
        .unwrap_or_default()
}

/// The label of a code in a named list (the code itself when unknown).
pub fn label_of(name: &str, code: &str) -> String {
    list_named(name)
        .map(|l| l.label(code).to_string())
        .unwrap_or_else(|| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lists_parse_and_hold_the_documented_sizes() {
        let r = parse_reference_lists(REFERENCE_TOML).unwrap();
        assert_eq!(r.regions.items.len(), 7, "seven NHS England regions");
        assert_eq!(
            r.ethnic_categories.items.len(),
            18,
            "16 categories plus Z and 99"
        );
        assert_eq!(
            r.role_categories.items.len(),
            4,
            "the guidance's four role categories"
        );
        assert_eq!(r.service_models.items.len(), 13);
    }

    #[test]
    fn a_repeated_code_is_refused() {
        let broken = REFERENCE_TOML.replace("code = \"Y58\"", "code = \"Y56\"");
        assert!(
            parse_reference_lists(&broken)
                .unwrap_err()
                .contains("repeats code Y56")
        );
    }

    #[test]
    fn parse_accepts_any_case_and_names_the_list() {
        let r = reference();
        assert_eq!(r.bands.parse("a band", "8A").unwrap(), "8a");
        assert_eq!(
            r.bands.parse("a band", "11").unwrap_err(),
            "Select a band from the list"
        );
    }
}
