//! The self-assessment's evidence figures against counts made independently: direct SQL
//! through the test app's database, and the pages' own APIs (supervision dashboard, AMHP
//! overview, ASYE cohort). The pulse shows no count below its threshold.

use crate::helpers::today;
use crate::helpers::*;
use mhsw::config::Settings;
use mhsw::domain::self_assessment::framework::EVIDENCE_KEYS;
use mhsw::domain::supervision::add_months_back;
use mhsw::service::self_assessment::evidence::{self, EvidenceFigure};
use serde_json::json;
use std::collections::BTreeMap;

/// Current staff employed by or working in `org`, as a SQL condition on `p`.
fn in_org(org: i64) -> String {
    format!("(p.employer_org_id = {org} OR p.host_org_id = {org}) AND p.end_date IS NULL")
}

const REGISTERED: &str = "EXISTS (SELECT 1 FROM registrations rg WHERE rg.practitioner_id = p.id
    AND rg.status IN ('registered', 'registered_with_conditions'))";

pub async fn registered_wte(t: &TestApp, org: i64) -> f64 {
    let row = mhsw::store::engine::query(format!(
        "SELECT CAST(COALESCE(SUM(p.wte), 0) AS DOUBLE PRECISION) FROM practitioners p WHERE {} AND {REGISTERED}",
        in_org(org)
    ))
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    row.try_get::<f64, _>(0).unwrap()
}

pub async fn registered(t: &TestApp, org: i64) -> i64 {
    t.scalar_i64(&format!(
        "SELECT COUNT(*) FROM practitioners p WHERE {} AND {REGISTERED}",
        in_org(org)
    ))
    .await
}

pub async fn current_staff(t: &TestApp, org: i64) -> i64 {
    t.scalar_i64(&format!(
        "SELECT COUNT(*) FROM practitioners p WHERE {}",
        in_org(org)
    ))
    .await
}

fn pct(n: i64, of: i64) -> i64 {
    ((n as f64) * 100.0 / (of as f64)).round() as i64
}

fn share(n: i64, of: i64) -> String {
    format!("{n} of {of} ({}%)", pct(n, of))
}

pub async fn figures(t: &TestApp, org: i64) -> BTreeMap<String, EvidenceFigure> {
    evidence::figures(&t.db, &t.settings, org, today())
        .await
        .unwrap()
}

fn settings(amhps_required: u32, pulse_min: u32) -> Settings {
    let mut s = Settings::default();
    s.post_qualifying.amhps_required = amhps_required;
    s.supervision.pulse_min_responses = pulse_min;
    s
}

#[tokio::test]
async fn self_assessment_evidence_figures_match_independent_counts() {
    let t = TestApp::with_settings(settings(12, 1000)).await;
    let org = t.org_id("R9N").await;
    let f = figures(&t, org).await;
    assert_eq!(f.keys().map(String::as_str).collect::<Vec<_>>(), {
        let mut k = EVIDENCE_KEYS.to_vec();
        k.sort();
        k
    });

    // Workforce: registered staff, employed or hosted, with their WTE.
    let reg = registered(&t, org).await;
    let staff = current_staff(&t, org).await;
    assert!(reg > 0 && staff >= reg);
    let head = &f["workforce_headcount"];
    assert_eq!(
        head.value,
        format!("{reg} ({:.1} WTE)", registered_wte(&t, org).await)
    );
    assert_eq!(head.numerator, Some(reg));
    assert_eq!(f["registration_current"].value, share(reg, staff));

    // Supervision agreements, straight from the table.
    let agreed = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM practitioners p WHERE {} AND EXISTS (SELECT 1 FROM supervision_agreements a
               WHERE a.practitioner_id = p.id AND a.ended_on IS NULL)",
            in_org(org)
        ))
        .await;
    assert_eq!(
        f["supervision_agreement_current"].value,
        share(agreed, staff)
    );

    // In date: the supervision dashboard's own rows, read as the PSW.
    let psw = t.api(PSW).await;
    let dash = psw
        .get("/api/v1/supervision/dashboard")
        .await
        .expect(200)
        .json();
    let rows = dash["rows"].as_array().unwrap();
    let expected: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| !r["status"]["interval_days"].is_null())
        .collect();
    let in_date = expected
        .iter()
        .filter(|r| r["status"]["standing"] == "in_date")
        .count() as i64;
    let d = &f["supervision_in_date"];
    assert_eq!(
        (d.numerator, d.denominator),
        (Some(in_date), Some(expected.len() as i64))
    );

    // The pulse below its threshold: no count at all.
    let pulse = &f["supervision_quality_pulse"];
    assert_eq!(pulse.value, "Fewer than 1000 responses");
    assert_eq!((pulse.numerator, pulse.denominator), (None, None));

    // AMHPs: the post-qualifying overview's count, against the setting.
    let pq = psw.get("/api/v1/post-qualifying").await.expect(200).json();
    let amhps = pq["current_amhps"].as_i64().unwrap();
    assert_eq!(
        f["amhp_numbers"].value,
        format!("{amhps} approved, 12 needed")
    );
    assert_eq!(f["amhp_hours_met"].denominator, Some(amhps));
    let short = pq["shortfalls"].as_array().unwrap().len() as i64;
    assert!(f["amhp_hours_met"].numerator.unwrap() >= amhps - short);

    // The ASYE cohort's own counts.
    let cohort = psw.get("/api/v1/asye").await.expect(200).json();
    let under_way = cohort["people"].as_i64().unwrap()
        - cohort["passed"].as_i64().unwrap()
        - cohort["failed"].as_i64().unwrap();
    let a = &f["asye_on_track"];
    assert_eq!(
        (a.numerator, a.denominator),
        (cohort["on_track"].as_i64(), Some(under_way))
    );

    // Feedback and conversations: staff counts over the last 12 months.
    let since = add_months_back(today(), 12).to_string();
    let with_cards = t
        .scalar_i64(&format!(
            "SELECT COUNT(DISTINCT p.id) FROM practitioners p JOIN feedback_requests r ON r.practitioner_id = p.id
             WHERE {} AND r.created_on >= '{since}'",
            in_org(org)
        ))
        .await;
    assert_eq!(f["feedback_in_use"].value, share(with_cards, staff));
    let with_notes = t
        .scalar_i64(&format!(
            "SELECT COUNT(DISTINCT p.id) FROM practitioners p JOIN collaborative_conversations c ON c.practitioner_id = p.id
             WHERE {} AND c.held_on >= '{since}'",
            in_org(org)
        ))
        .await;
    assert!(with_notes > 0, "the demo has notes");
    assert_eq!(f["conversations_in_use"].value, share(with_notes, staff));

    // CPD readiness: among registered staff.
    let cpd = &f["cpd_ready"];
    assert_eq!(cpd.denominator, Some(reg));
    assert!(cpd.numerator.unwrap() <= reg);
}

#[tokio::test]
async fn self_assessment_evidence_changes_with_the_data_and_shows_unset_requirements() {
    let t = TestApp::with_settings(settings(0, 3)).await;
    let org = t.org_id("R9N").await;
    let before = figures(&t, org).await;
    assert!(
        before["amhp_numbers"]
            .value
            .ends_with("number needed not set")
    );
    assert_eq!(before["amhp_numbers"].denominator, None);
    // At the smallest threshold the demo's answers are shown as a count.
    let pulse = &before["supervision_quality_pulse"];
    if let Some(n) = pulse.numerator {
        assert!(n >= 3);
        assert!(pulse.value.starts_with(&format!("{n} responses")));
    }

    // A new registered social worker, made an AMHP, through the API.
    let (id, _) = new_registered_amhp(&t, org, "evidence").await;
    let after = figures(&t, org).await;
    assert_eq!(
        after["workforce_headcount"].numerator.unwrap(),
        before["workforce_headcount"].numerator.unwrap() + 1
    );
    assert_eq!(
        after["amhp_numbers"].numerator.unwrap(),
        before["amhp_numbers"].numerator.unwrap() + 1
    );
    assert_eq!(
        after["registration_current"].denominator.unwrap(),
        before["registration_current"].denominator.unwrap() + 1
    );
    // Another organisation's figures do not count them.
    let harbour = t.org_id("HH9C3").await;
    let other = figures(&t, harbour).await;
    assert_eq!(
        other["workforce_headcount"].numerator,
        Some(registered(&t, harbour).await)
    );
    assert!(id > 0);
}

/// Adds a registered social worker to `org` and approves them as an AMHP from today, as the
/// workforce lead and the PSW would. Returns their id and WTE.
pub async fn new_registered_amhp(t: &TestApp, org: i64, tag: &str) -> (i64, f64) {
    let wf = t.api(WORKFORCE).await;
    let psw = t.api(PSW).await;
    let n = t.count("practitioners").await;
    let created = wf
        .send_json(
            "POST",
            "/api/v1/practitioners",
            &json!({
                "given_name": "Mary", "family_name": "Seacole", "work_email": format!("{tag}.seacole@northshire.example.nhs.uk"),
                "swe_number": format!("SW9{:04}", n), "employer_org_id": org.to_string(), "host_org_id": org.to_string(),
                "team_id": "", "role_category": "sw_required", "career_stage": "senior", "band": "7", "wte": "0.7",
                "start_date": "2020-01-06", "end_date": "", "pq_roles": []
            }),
        )
        .await
        .expect(201)
        .json();
    let id = created["id"].as_i64().unwrap();
    let until = (today() + time::Duration::days(200)).to_string();
    psw.send_json(
        "PUT",
        &format!("/api/v1/practitioners/{id}/registration"),
        &json!({"status": "registered", "registered_until": until, "last_checked_on": today().to_string(),
                "checked_how": "register_search"}),
    )
    .await
    .expect(200);
    psw.send_json(
        "PUT",
        &format!("/api/v1/practitioners/{id}/post-qualifying/approval"),
        &json!({"approving_council": "Northshire County Council", "approved_on": today().to_string()}),
    )
    .await
    .expect(200);
    (id, 0.7)
}
