//! The strategic statement through the real router: the PSW generates a draft whose every
//! number is a live figure computed independently here; more staff and AMHPs change it on
//! regeneration (after a confirm step); edits refuse an empty chapter naming it and write
//! nothing; only the PSW drafts and edits; other roles and organisations see nothing of it;
//! the print page renders.

use crate::helpers::today;
use crate::helpers::*;
use crate::self_assessment_evidence::{
    current_staff, figures, new_registered_amhp, registered, registered_wte,
};
use mhsw::domain::self_assessment::statement::{long_date, number_tokens};
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn all_text(v: &Value) -> String {
    v["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{}\n{}\n",
                c["heading"].as_str().unwrap(),
                c["body"].as_str().unwrap()
            )
        })
        .collect()
}

/// Every number the statement may contain, from sources other than the statement's own
/// facts: SQL counts, the evidence figures, the settings and the date.
async fn live_numbers(t: &TestApp, org: i64) -> BTreeSet<String> {
    let mut atoms: Vec<String> = Vec::new();
    let reg = registered(t, org).await;
    atoms.push(reg.to_string());
    atoms.push(current_staff(t, org).await.to_string());
    atoms.push(format!("{:.1}", registered_wte(t, org).await));
    for f in figures(t, org).await.values() {
        atoms.push(f.value.clone());
        atoms.extend(f.numerator.map(|n| n.to_string()));
        atoms.extend(f.denominator.map(|n| n.to_string()));
    }
    // Registered staff by career stage and by post-qualifying role.
    let in_org = format!(
        "(p.employer_org_id = {org} OR p.host_org_id = {org}) AND p.end_date IS NULL AND EXISTS
         (SELECT 1 FROM registrations rg WHERE rg.practitioner_id = p.id AND rg.status IN ('registered', 'registered_with_conditions'))"
    );
    let rows: Vec<(String, i64)> = mhsw::store::engine::query_as(format!(
        "SELECT p.career_stage, COUNT(*) FROM practitioners p WHERE {in_org} GROUP BY p.career_stage"
    ))
    .fetch_all(&t.db.pool)
    .await
    .unwrap();
    atoms.extend(rows.iter().map(|(_, n)| n.to_string()));
    for code in [
        "amhp",
        "bia",
        "practice_educator",
        "practice_supervisor",
        "amcp",
    ] {
        atoms.push(
            t.scalar_i64(&format!(
                "SELECT COUNT(*) FROM practitioners p WHERE {in_org} AND (',' || p.pq_roles || ',') LIKE '%,{code},%'"
            ))
            .await
            .to_string(),
        );
    }
    let today = today();
    let year = mhsw::domain::registration::registration_year(today);
    atoms.push(long_date(&today.to_string()));
    atoms.push(year.starts.year().to_string());
    atoms.push(year.ends.year().to_string());
    atoms.push("12".into()); // the "last 12 months" window
    atoms.push(t.settings.post_qualifying.hours_needed().to_string());
    atoms.push(mhsw::domain::pulse::wording().scale.items.len().to_string());
    atoms.push(
        mhsw::domain::pulse::threshold(t.settings.supervision.pulse_min_responses).to_string(),
    );
    // The action plan.
    atoms.push(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM sa_actions WHERE org_id = {org} AND status IN ('not_started', 'in_progress')"
        ))
        .await
        .to_string(),
    );
    atoms.push(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM sa_actions WHERE org_id = {org} AND status IN ('not_started', 'in_progress') AND due_on < '{today}'"
        ))
        .await
        .to_string(),
    );
    // The latest signed-off cycle is named by its title and its framework's title.
    let titles: Vec<String> = mhsw::store::engine::query_scalar(format!(
        "SELECT title FROM sa_cycles WHERE org_id = {org} AND status = 'signed_off'"
    ))
    .fetch_all(&t.db.pool)
    .await
    .unwrap();
    atoms.extend(titles);
    let frameworks = mhsw::domain::self_assessment::Frameworks::load(None).unwrap();
    atoms.extend(
        frameworks
            .latest()
            .iter()
            .map(|f| f.framework.title.clone()),
    );
    // The open actions the draft may name: their titles and due dates.
    let open: Vec<(String, time::Date)> = mhsw::store::engine::query_as(format!(
        "SELECT title, due_on FROM sa_actions WHERE org_id = {org} AND status IN ('not_started', 'in_progress')"
    ))
    .fetch_all(&t.db.pool)
    .await
    .unwrap();
    for (title, due_on) in open {
        atoms.push(title);
        atoms.push(long_date(&due_on.to_string()));
    }
    atoms.push(
        mhsw::store::engine::query_scalar::<String>(&format!(
            "SELECT name FROM organisations WHERE id = {org}"
        ))
        .fetch_one(&t.db.pool)
        .await
        .unwrap(),
    );
    atoms.iter().flat_map(|a| number_tokens(a)).collect()
}

fn unexplained(text: &str, allowed: &BTreeSet<String>) -> Vec<String> {
    number_tokens(text)
        .into_iter()
        .filter(|n| !allowed.contains(n))
        .collect()
}

#[tokio::test]
async fn strategic_statement_figures_are_live_and_change_with_the_data() {
    let t = TestApp::new().await;
    let org = t.org_id("R9N").await;
    let psw = t.api(PSW).await;
    let none = psw
        .get("/api/v1/strategic-statement")
        .await
        .expect(200)
        .json();
    assert_eq!(none["exists"], false);

    let v = psw
        .send_json("POST", "/api/v1/strategic-statement/generate", &json!({}))
        .await
        .expect(200)
        .json();
    let codes: Vec<&str> = v["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "statutory",
            "inclusion",
            "complexity",
            "amhps",
            "prevention",
            "organisation"
        ]
    );
    assert_eq!(v["figures_as_of"], today().to_string());
    assert_eq!(v["facts"]["as_of"], today().to_string());
    let text = all_text(&v);
    let allowed = live_numbers(&t, org).await;
    assert_eq!(unexplained(&text, &allowed), Vec::<String>::new(), "{text}");
    let reg = registered(&t, org).await;
    let wte = registered_wte(&t, org).await;
    assert!(
        text.contains(&format!(
            "{reg} registered social workers ({wte:.1} whole-time equivalent)"
        )),
        "{text}"
    );
    let amhps = figures(&t, org).await["amhp_numbers"].numerator.unwrap();
    assert!(
        text.contains(&format!("{amhps} approved AMHPs today")),
        "{text}"
    );
    assert!(!text.contains('\u{2014}'));

    // Regenerating over an existing statement needs confirming.
    let refused = psw
        .send_json("POST", "/api/v1/strategic-statement/generate", &json!({}))
        .await
        .expect(422)
        .json();
    assert_eq!(field_errors(&refused), ["confirm"]);

    // One more registered social worker, approved as an AMHP: the figures move.
    new_registered_amhp(&t, org, "statement").await;
    let v2 = psw
        .send_json(
            "POST",
            "/api/v1/strategic-statement/generate",
            &json!({"confirm": true}),
        )
        .await
        .expect(200)
        .json();
    let text2 = all_text(&v2);
    let wte2 = registered_wte(&t, org).await;
    assert!(
        text2.contains(&format!(
            "{} registered social workers ({wte2:.1} whole-time equivalent)",
            reg + 1
        )),
        "{text2}"
    );
    assert!(text2.contains(&format!("{} approved AMHPs today", amhps + 1)));
    assert_eq!(
        unexplained(&text2, &live_numbers(&t, org).await),
        Vec::<String>::new()
    );
    assert_eq!(v2["facts"]["registered"], reg + 1);
    assert_eq!(
        t.scalar_i64("SELECT COUNT(*) FROM strategic_statements")
            .await,
        1
    );
    assert!(
        t.scalar_i64(
            "SELECT COUNT(*) FROM audit_log WHERE record_type = 'strategic_statement' AND action IN ('create', 'update')"
        )
        .await
            == 2
    );
}

#[tokio::test]
async fn strategic_statement_edits_refuse_empty_chapters_and_write_nothing() {
    let t = TestApp::new().await;
    let psw = t.api(PSW).await;
    // Editing before a draft exists is not found.
    psw.send_json(
        "PUT",
        "/api/v1/strategic-statement",
        &json!({"chapters": {"statutory": "Text"}}),
    )
    .await
    .expect(404);
    psw.send_json("POST", "/api/v1/strategic-statement/generate", &json!({}))
        .await
        .expect(200);
    let before: Vec<String> = mhsw::store::engine::query_scalar(
        "SELECT body FROM strategic_statement_chapters ORDER BY position",
    )
    .fetch_all(&t.db.pool)
    .await
    .unwrap();
    let audits = t.count("audit_log").await;
    let r = psw
        .send_json(
            "PUT",
            "/api/v1/strategic-statement",
            &json!({"chapters": {"statutory": "A new opening.", "amhps": "   "}}),
        )
        .await
        .expect(422)
        .json();
    assert_eq!(field_errors(&r), ["amhps"]);
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("The vital role of AMHPs")
    );
    let after: Vec<String> = mhsw::store::engine::query_scalar(
        "SELECT body FROM strategic_statement_chapters ORDER BY position",
    )
    .fetch_all(&t.db.pool)
    .await
    .unwrap();
    assert_eq!(before, after, "nothing written");
    assert_eq!(t.count("audit_log").await, audits, "nothing audited either");
    let long = "x".repeat(10_001);
    let r = psw
        .send_json(
            "PUT",
            "/api/v1/strategic-statement",
            &json!({"chapters": {"prevention": long}}),
        )
        .await
        .expect(422)
        .json();
    assert_eq!(field_errors(&r), ["prevention"]);

    // The page form: the error summary links to the empty chapter's textarea.
    let web = t.signed_in(PSW).await;
    let form = web.get("/strategic-statement/edit").await.expect(200);
    assert!(form.body.contains("id=\"statutory\""));
    let mut fields: Vec<(&str, String)> = before
        .iter()
        .zip([
            "statutory",
            "inclusion",
            "complexity",
            "amhps",
            "prevention",
            "organisation",
        ])
        .map(|(b, c)| (c, b.clone()))
        .collect();
    fields[0].1 = String::new();
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let bad = web
        .post_form("/strategic-statement/edit", &pairs)
        .await
        .expect(422);
    assert!(bad.body.contains("There is a problem"));
    assert!(bad.body.contains("href=\"#statutory\""));
    fields[0].1 =
        "Our social workers\r\n\r\nmake sure people get what they are entitled to.".into();
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    web.post_form("/strategic-statement/edit", &pairs)
        .await
        .expect(303);
    let v = psw
        .get("/api/v1/strategic-statement")
        .await
        .expect(200)
        .json();
    assert_eq!(
        v["chapters"][0]["body"],
        "Our social workers\n\nmake sure people get what they are entitled to."
    );
    let page = web.get("/strategic-statement").await.expect(200);
    assert!(page.body.contains("Figures as of"));
    assert!(
        page.body
            .contains("make sure people get what they are entitled to.")
    );
    // The print page: the organisation, the date and every chapter.
    let print = web.get("/strategic-statement/print").await.expect(200);
    for heading in [
        "Statutory social work",
        "Inclusion, rights and citizenship",
        "Complexity and risk",
        "The vital role of AMHPs",
        "Prevention and wellbeing across communities",
        "Getting the organisational context right for social work",
    ] {
        assert!(print.body.contains(heading), "{heading}");
    }
    assert!(print.body.contains("mhsw-document"));
    assert!(print.body.contains(&today().to_string()));
}

#[tokio::test]
async fn only_the_psw_drafts_and_edits_and_other_organisations_see_nothing() {
    let t = TestApp::new().await;
    let psw = t.api(PSW).await;
    psw.send_json("POST", "/api/v1/strategic-statement/generate", &json!({}))
        .await
        .expect(200);
    // A team manager and the workforce lead read it; they cannot draft or edit.
    for email in [
        t.user_with_roles(&[mhsw::domain::Role::TeamManager]).await,
        WORKFORCE.to_string(),
    ] {
        let c = t.api(&email).await;
        let v = c
            .get("/api/v1/strategic-statement")
            .await
            .expect(200)
            .json();
        assert_eq!(v["exists"], true);
        assert_eq!(v["may_edit"], false);
        c.send_json(
            "POST",
            "/api/v1/strategic-statement/generate",
            &json!({"confirm": true}),
        )
        .await
        .expect(403);
        c.send_json(
            "PUT",
            "/api/v1/strategic-statement",
            &json!({"chapters": {"statutory": "Changed"}}),
        )
        .await
        .expect(403);
        let web = t.signed_in(&email).await;
        let page = web.get("/strategic-statement").await.expect(200);
        assert!(!page.body.contains("Edit the statement"));
        web.get("/strategic-statement/edit").await.expect(403);
    }
    for email in [PRACTITIONER, SUPERVISOR, ADMIN] {
        t.api(email)
            .await
            .get("/api/v1/strategic-statement")
            .await
            .expect(403);
    }
    // Another organisation's PSW sees only their own (none yet), never the trust's.
    let council = t.api(COUNCIL_PSW).await;
    let theirs = council
        .get("/api/v1/strategic-statement")
        .await
        .expect(200)
        .json();
    assert_eq!(theirs["exists"], false);
    council
        .send_json(
            "PUT",
            "/api/v1/strategic-statement",
            &json!({"chapters": {"statutory": "Changed"}}),
        )
        .await
        .expect(404);
    let trust_text: String = mhsw::store::engine::query_scalar(
        "SELECT body FROM strategic_statement_chapters WHERE code = 'statutory'",
    )
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    assert_ne!(trust_text, "Changed");
    // Reads are audited.
    assert!(
        t.scalar_i64(
            "SELECT COUNT(*) FROM audit_log WHERE record_type = 'strategic_statement' AND action = 'read'"
        )
        .await
            >= 3
    );
}
