//! Practitioners as FHIR R4 resources on the UK Core profiles (UKCore-Practitioner and
//! UKCore-PractitionerRole, docs/sources.md#fhir-uk-core), gathered in a `collection`
//! Bundle. Pure: the service reads the people, this writes the JSON.
//!
//! - The Social Work England number is an identifier under a system URI. No national
//!   system was found, so the URI is the deployment's (`[fhir] swe_number_system`, a
//!   project default documented in docs/sources.md).
//! - The organisation is referred to by its ODS code (`https://fhir.nhs.uk/Id/ods-organization-code`).
//! - Post-qualifying roles (AMHP, BIA, practice educator, ...) are the Practitioner's
//!   qualifications, coded under `[fhir] pq_role_system`.

use serde::Deserialize;
use serde_json::{Value, json};

pub const UK_CORE_PRACTITIONER: &str =
    "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Practitioner";
pub const UK_CORE_PRACTITIONER_ROLE: &str =
    "https://fhir.hl7.org.uk/StructureDefinition/UKCore-PractitionerRole";
pub const ODS_SYSTEM: &str = "https://fhir.nhs.uk/Id/ods-organization-code";

/// The URIs a deployment names its own codes under.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct FhirSettings {
    /// The identifier system of Social Work England registration numbers.
    pub swe_number_system: String,
    /// The code system of post-qualifying roles (mhsw's codes, `pq_roles` in
    /// data/reference-lists.toml).
    pub pq_role_system: String,
}

impl Default for FhirSettings {
    fn default() -> Self {
        FhirSettings {
            swe_number_system: "https://fhir.mhsw.example.org/Id/social-work-england-number".into(),
            pq_role_system: "https://fhir.mhsw.example.org/CodeSystem/post-qualifying-role".into(),
        }
    }
}

/// A post-qualifying role held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldRole {
    pub code: String,
    pub label: String,
    /// When it was gained, if recorded (ISO date).
    pub since: Option<String>,
}

/// One practitioner and their post, as the export needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub given_name: String,
    pub family_name: String,
    pub work_email: String,
    pub swe_number: Option<String>,
    /// The employer's ODS code and name.
    pub employer_ods: String,
    pub employer_name: String,
    /// ISO dates of the post.
    pub start_date: String,
    pub end_date: Option<String>,
    /// In post today.
    pub active: bool,
    /// What the post is, in words ("Social worker, newly qualified (ASYE)").
    pub job: String,
    /// The team's service model, in words, when they have a team.
    pub service: Option<String>,
    pub roles: Vec<HeldRole>,
}

/// The Practitioner resource of `p`.
pub fn practitioner(p: &Person, s: &FhirSettings) -> Value {
    let mut identifier = Vec::new();
    if let Some(n) = &p.swe_number {
        identifier.push(json!({"use": "official", "system": s.swe_number_system, "value": n}));
    }
    let qualification: Vec<Value> = p
        .roles
        .iter()
        .map(|r| {
            let mut q = json!({
                "code": {
                    "coding": [{"system": s.pq_role_system, "code": r.code, "display": r.label}],
                    "text": r.label,
                }
            });
            if let Some(since) = &r.since {
                q["period"] = json!({"start": since});
            }
            q
        })
        .collect();
    let mut resource = json!({
        "resourceType": "Practitioner",
        "id": practitioner_id(p.id),
        "meta": {"profile": [UK_CORE_PRACTITIONER]},
        "active": p.active,
        "name": [{"use": "official", "family": p.family_name, "given": [p.given_name]}],
        "telecom": [{"system": "email", "value": p.work_email, "use": "work"}],
    });
    if !identifier.is_empty() {
        resource["identifier"] = Value::Array(identifier);
    }
    if !qualification.is_empty() {
        resource["qualification"] = Value::Array(qualification);
    }
    resource
}

/// The PractitionerRole resource of `p`'s post.
pub fn practitioner_role(p: &Person) -> Value {
    let mut period = json!({"start": p.start_date});
    if let Some(end) = &p.end_date {
        period["end"] = json!(end);
    }
    let mut resource = json!({
        "resourceType": "PractitionerRole",
        "id": format!("mhsw-role-{}", p.id),
        "meta": {"profile": [UK_CORE_PRACTITIONER_ROLE]},
        "active": p.active,
        "period": period,
        "practitioner": {"reference": format!("Practitioner/{}", practitioner_id(p.id))},
        "organization": {
            "identifier": {"system": ODS_SYSTEM, "value": p.employer_ods},
            "display": p.employer_name,
        },
        "code": [{"text": p.job}],
    });
    if let Some(service) = &p.service {
        resource["specialty"] = json!([{"text": service}]);
    }
    resource
}

fn practitioner_id(id: i64) -> String {
    format!("mhsw-practitioner-{id}")
}

/// A `collection` Bundle of each person's Practitioner and PractitionerRole, made at
/// `timestamp` (RFC 3339).
pub fn bundle(people: &[Person], s: &FhirSettings, timestamp: &str) -> Value {
    let mut entry = Vec::with_capacity(people.len() * 2);
    for p in people {
        let base = "https://fhir.mhsw.example.org";
        let practitioner = practitioner(p, s);
        let role = practitioner_role(p);
        entry.push(json!({"fullUrl": format!("{base}/Practitioner/{}", practitioner["id"].as_str().unwrap_or_default()), "resource": practitioner}));
        entry.push(json!({"fullUrl": format!("{base}/PractitionerRole/{}", role["id"].as_str().unwrap_or_default()), "resource": role}));
    }
    json!({
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": timestamp,
        "total": entry.len(),
        "entry": entry,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ada() -> Person {
        Person {
            id: 7,
            given_name: "Ada".into(),
            family_name: "Byron".into(),
            work_email: "ada@example.nhs.uk".into(),
            swe_number: Some("SW123456".into()),
            employer_ods: "R9N".into(),
            employer_name: "Northshire".into(),
            start_date: "2020-01-06".into(),
            end_date: None,
            active: true,
            job: "Social worker".into(),
            service: Some("Crisis and home treatment".into()),
            roles: vec![HeldRole {
                code: "amhp".into(),
                label: "Approved mental health professional".into(),
                since: Some("2022-03-01".into()),
            }],
        }
    }

    #[test]
    fn a_practitioner_carries_their_number_under_the_configured_system() {
        let s = FhirSettings::default();
        let r = practitioner(&ada(), &s);
        assert_eq!(r["identifier"][0]["system"], s.swe_number_system);
        assert_eq!(r["identifier"][0]["value"], "SW123456");
        assert_eq!(r["qualification"][0]["code"]["coding"][0]["code"], "amhp");
        assert_eq!(r["qualification"][0]["period"]["start"], "2022-03-01");
        let mut nobody = ada();
        nobody.swe_number = None;
        nobody.roles.clear();
        let r = practitioner(&nobody, &s);
        assert!(r.get("identifier").is_none() && r.get("qualification").is_none());
    }

    #[test]
    fn the_role_names_the_employer_by_ods_code_and_points_at_the_practitioner() {
        let r = practitioner_role(&ada());
        assert_eq!(r["organization"]["identifier"]["system"], ODS_SYSTEM);
        assert_eq!(r["organization"]["identifier"]["value"], "R9N");
        assert_eq!(
            r["practitioner"]["reference"],
            "Practitioner/mhsw-practitioner-7"
        );
        let b = bundle(&[ada()], &FhirSettings::default(), "2026-12-05T10:00:00Z");
        assert_eq!(b["total"], 2);
        assert_eq!(
            b["entry"][1]["resource"]["resourceType"],
            "PractitionerRole"
        );
    }
}
