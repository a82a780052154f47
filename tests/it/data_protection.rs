//! The data protection officer's part: the subject access export (API, page, download),
//! who may make it, and every table naming a person covered by it.

use crate::helpers::*;
use mhsw::store::subject_access::{NOT_EXPORTED, SOURCES};
use serde_json::Value;
use std::collections::BTreeSet;

/// The demo's data protection officer: an account of the trust with no practitioner
/// record.
const DPO: &str = "dpo@northshire.example.nhs.uk";

async fn pat(t: &TestApp) -> i64 {
    t.scalar_i64(&format!(
        "SELECT practitioner_id FROM users WHERE email = '{PRACTITIONER}'"
    ))
    .await
}

fn section<'a>(export: &'a Value, key: &str) -> &'a Value {
    export["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == key)
        .unwrap_or_else(|| panic!("no section {key}"))
}

#[tokio::test]
async fn a_subject_access_export_holds_everything_about_the_person_and_no_secret() {
    let t = TestApp::new().await;
    let id = pat(&t).await;
    // The supervisor reads Pat's supervision record: the export says so.
    t.signed_in(SUPERVISOR)
        .await
        .get(&format!("/practitioners/{id}/supervision"))
        .await
        .expect(200);
    let api = t.api(DPO).await;
    let e = api
        .get(&format!("/api/v1/data-protection/people/{id}"))
        .await
        .expect(200)
        .json();

    assert_eq!(e["subject"]["practitioner_id"], id);
    let record = &section(&e, "practitioner")["rows"][0];
    assert_eq!(record["id"], id);
    let email = t
        .scalar_text(&format!(
            "SELECT work_email FROM practitioners WHERE id = {id}"
        ))
        .await;
    assert_eq!(record["work_email"], email.as_str());
    let sessions = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM supervision_sessions WHERE practitioner_id = {id}"
        ))
        .await;
    assert!(sessions > 0, "the demo gives Pat supervision");
    let s = section(&e, "supervision_sessions");
    assert_eq!(s["total"], sessions);
    assert_eq!(s["rows"].as_array().unwrap().len() as i64, sessions);
    let cpd = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM cpd_records WHERE practitioner_id = {id}"
        ))
        .await;
    assert_eq!(section(&e, "cpd_records")["total"], cpd);

    // Typed the same on both engines: a flag is a flag, a day is a day.
    let account = &section(&e, "account")["rows"][0];
    assert_eq!(account["active"], Value::Bool(true));
    assert_eq!(account["email"], PRACTITIONER);
    let first = &s["rows"][0];
    let scheduled = first["scheduled_on"].as_str().unwrap();
    assert!(
        time::Date::parse(
            scheduled,
            time::macros::format_description!("[year]-[month]-[day]")
        )
        .is_ok(),
        "{scheduled}"
    );

    // Hashes of secrets are held, not given.
    let hash = t
        .scalar_text(&format!(
            "SELECT password_hash FROM users WHERE email = '{PRACTITIONER}'"
        ))
        .await;
    assert!(!e.to_string().contains(&hash));
    assert_eq!(account["password_hash"], "(held, not shown: a secret)");

    // Who read the record.
    let read_by: Vec<&str> = section(&e, "audit_about")["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["actor_email"].as_str().unwrap())
        .collect();
    assert!(read_by.contains(&SUPERVISOR), "{read_by:?}");

    // What people who use services said is counted, not given.
    let answers = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM feedback_responses WHERE practitioner_id = {id}"
        ))
        .await;
    assert_eq!(e["withheld"][0]["count"], answers);
    assert!(!e.to_string().contains("\"answers\""));

    // The export is itself audited.
    assert_eq!(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND record_type = 'subject_access' AND record_id = '{id}'"
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn only_the_employers_data_protection_officer_may_export() {
    let t = TestApp::new().await;
    let id = pat(&t).await;
    let path = format!("/api/v1/data-protection/people/{id}");
    for who in [PSW, ADMIN, WORKFORCE, PRACTITIONER] {
        t.api(who).await.get(&path).await.expect(403);
    }
    // Someone another organisation employs is not found.
    let council = t.org_id("LA9N1").await;
    let theirs = t
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM practitioners WHERE employer_org_id = {council}"
        ))
        .await;
    let api = t.api(DPO).await;
    api.get(&format!("/api/v1/data-protection/people/{theirs}"))
        .await
        .expect(404);
    // A practitioner's account is exported with their record, not alone.
    let pat_user = t.user_id(PRACTITIONER).await;
    api.get(&format!("/api/v1/data-protection/accounts/{pat_user}"))
        .await
        .expect(404);
    // An account with no practitioner record is.
    let admin = t.user_id(ADMIN).await;
    let e = api
        .get(&format!("/api/v1/data-protection/accounts/{admin}"))
        .await
        .expect(200)
        .json();
    assert_eq!(section(&e, "account")["rows"][0]["email"], ADMIN);
    assert_eq!(section(&e, "practitioner")["total"], 0);
}

#[tokio::test]
async fn the_search_finds_the_organisations_people_and_accounts_only() {
    let t = TestApp::new().await;
    let api = t.api(DPO).await;
    let found = api
        .get("/api/v1/data-protection/subjects?q=northshire.example.nhs.uk")
        .await
        .expect(200)
        .json();
    let emails: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["email"].as_str().unwrap())
        .collect();
    assert!(emails.contains(&ADMIN), "an account: {emails:?}");
    assert!(!emails.contains(&COUNCIL_PSW));
    let pat = api
        .get("/api/v1/data-protection/subjects?q=Pat%20Practitioner")
        .await
        .expect(200)
        .json();
    assert_eq!(pat.as_array().unwrap().len(), 1, "{pat}");
    assert!(pat[0]["practitioner_id"].is_i64() && pat[0]["user_id"].is_i64());
    let none = api
        .get("/api/v1/data-protection/subjects?q=")
        .await
        .expect(200)
        .json();
    assert_eq!(none, serde_json::json!([]));
}

#[tokio::test]
async fn the_page_and_its_download_show_the_export() {
    let t = TestApp::new().await;
    let id = pat(&t).await;
    let c = t.signed_in(DPO).await;
    let search = c.get("/data-protection?q=Pat").await.expect(200);
    assert!(
        search
            .body
            .contains(&format!("/data-protection/people/{id}"))
    );
    let page = c
        .get(&format!("/data-protection/people/{id}"))
        .await
        .expect(200);
    let text = page_text(&page.body);
    assert!(
        text.contains("What this service holds about Pat Practitioner"),
        "{text}"
    );
    assert!(text.contains("Supervision sessions"));
    assert!(text.contains("Held and not given here"));
    let r = c
        .get(&format!("/data-protection/people/{id}/export.json"))
        .await
        .expect(200);
    assert!(
        r.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let e: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(e["subject"]["practitioner_id"], id);
}

/// Every table with a column naming whose data a row is must be exported, or listed as
/// not exported with the reason: a table added later fails here until it is one or the
/// other.
#[tokio::test]
async fn every_table_naming_a_person_is_exported_or_said_why_not() {
    let t = TestApp::new().await;
    let naming = [
        "practitioner_id",
        "user_id",
        "recipient_user_id",
        "raised_by_user_id",
        "author_user_id",
        "actor_user_id",
    ];
    let sql = if on_postgres() {
        "SELECT table_name::text, column_name::text FROM information_schema.columns WHERE table_schema = 'public'"
    } else {
        "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'"
    };
    let rows = mhsw::store::engine::query(sql)
        .fetch_all(&t.db.pool)
        .await
        .unwrap();
    let tables: BTreeSet<String> = rows
        .iter()
        .filter(|r| naming.contains(&r.get::<String, _>(1).as_str()))
        .map(|r| r.get::<String, _>(0))
        .collect();
    let covered: BTreeSet<&str> = SOURCES
        .iter()
        .map(|s| s.table)
        .chain(NOT_EXPORTED.iter().map(|(t, _)| *t))
        .collect();
    let missing: Vec<&String> = tables
        .iter()
        .filter(|t| !covered.contains(t.as_str()))
        .collect();
    assert!(missing.is_empty(), "not in the export: {missing:?}");
    assert!(tables.len() > 20, "{tables:?}");
}

/// The flags the export turns from SQLite's 0/1 into true/false are PostgreSQL's BOOLEAN
/// columns of the exported tables (on SQLite, the test above checks one flag's type).
#[tokio::test]
async fn the_exports_flags_are_the_boolean_columns() {
    if !on_postgres() {
        return;
    }
    let t = TestApp::new().await;
    let exported: BTreeSet<&str> = SOURCES.iter().map(|s| s.table).collect();
    let rows = mhsw::store::engine::query(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = 'public' AND data_type = 'boolean'",
    )
    .fetch_all(&t.db.pool)
    .await
    .unwrap();
    let booleans: BTreeSet<String> = rows
        .iter()
        .filter(|r| exported.contains(r.get::<String, _>(0).as_str()))
        .map(|r| r.get::<String, _>(1))
        .collect();
    let flags: BTreeSet<String> = mhsw::store::subject_access::FLAGS
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(booleans, flags);
}
