//! The retention schedule: a leaver's detail goes after the set years, their summary is
//! anonymised at the set age, old audit entries go, anonymous answers stay; the dry run
//! and the preview change nothing; `mhsw retention run` applies it.

use crate::helpers::*;
use mhsw::domain::retention::{LeaverStage, years_after, years_before};
use mhsw::service::data_protection::retention;
use std::process::Command;

/// Pat, made a leaver 7 years before `today()` aged 55 (born 62 years before).
async fn pat_left_seven_years_ago(t: &TestApp) -> (i64, i64) {
    let id = t
        .scalar_i64(&format!(
            "SELECT practitioner_id FROM users WHERE email = '{PRACTITIONER}'"
        ))
        .await;
    let user = t.user_id(PRACTITIONER).await;
    let left = years_before(today(), 7);
    let born = years_before(today(), 62);
    let mut conn = t.db.connection().await.unwrap();
    mhsw::store::engine::query(
        "UPDATE practitioners SET start_date = $1, end_date = $2 WHERE id = $3",
    )
    .bind(years_before(today(), 20))
    .bind(left)
    .bind(id)
    .execute(&mut conn)
    .await
    .unwrap();
    mhsw::store::engine::query(
        "UPDATE practitioner_equality SET date_of_birth = $1, ethnic_category = 'A', sex = 'F' WHERE practitioner_id = $2",
    )
    .bind(born)
    .bind(id)
    .execute(&mut conn)
    .await
    .unwrap();
    (id, user)
}

async fn counts(t: &TestApp, id: i64) -> [i64; 5] {
    [
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM supervision_sessions WHERE practitioner_id = {id}"
        ))
        .await,
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM cpd_records WHERE practitioner_id = {id}"
        ))
        .await,
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM feedback_responses WHERE practitioner_id = {id}"
        ))
        .await,
        t.count("survey_tallies").await,
        t.count("exit_answers").await,
    ]
}

#[tokio::test]
async fn a_leavers_detail_goes_then_their_summary_is_anonymised_and_anonymous_answers_stay() {
    let t = TestApp::new().await;
    let (id, user) = pat_left_seven_years_ago(&t).await;
    let before = counts(&t, id).await;
    assert!(before[0] > 0 && before[2] > 0, "{before:?}");

    // A dry run reports and changes nothing.
    let dry = retention::run(&t.db, &t.settings, today(), false)
        .await
        .unwrap();
    let pat = dry
        .leavers
        .iter()
        .find(|l| l.practitioner_id == id)
        .expect("Pat is due");
    assert_eq!(pat.stage, LeaverStage::DeleteDetail);
    let sessions = pat
        .detail
        .iter()
        .find(|d| d.table == "supervision_sessions")
        .unwrap();
    assert_eq!(sessions.rows, before[0]);
    assert!(!dry.applied);
    assert_eq!(counts(&t, id).await, before);

    // Stage 1: the detail goes; the summary and the anonymous answers stay.
    let run = retention::run(&t.db, &t.settings, today(), true)
        .await
        .unwrap();
    assert!(run.applied);
    let after = counts(&t, id).await;
    assert_eq!(after[..2], [0, 0]);
    assert_eq!(after[2..], before[2..]);
    assert_eq!(
        t.scalar_text(&format!(
            "SELECT given_name FROM practitioners WHERE id = {id}"
        ))
        .await,
        "Pat"
    );
    assert_eq!(
        t.scalar_i64(&format!("SELECT COUNT(*) FROM practitioner_equality WHERE practitioner_id = {id} AND ethnic_category IS NULL AND date_of_birth IS NOT NULL")).await,
        1
    );
    assert_eq!(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM sessions WHERE user_id = {user}"
        ))
        .await,
        0
    );
    assert_eq!(
        t.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'retention run'")
            .await,
        1
    );
    // Run again the same day: nothing left to do for Pat.
    let again = retention::run(&t.db, &t.settings, today(), true)
        .await
        .unwrap();
    assert!(again.leavers.iter().all(|l| l.practitioner_id != id));

    // Stage 2, at the 75th birthday: nobody is named.
    let birthday = years_after(years_before(today(), 62), 75);
    let run = retention::run(&t.db, &t.settings, birthday, true)
        .await
        .unwrap();
    let pat = run
        .leavers
        .iter()
        .find(|l| l.practitioner_id == id)
        .unwrap();
    assert_eq!(pat.stage, LeaverStage::Anonymise);
    assert_eq!(
        t.scalar_text(&format!("SELECT given_name || ' ' || family_name || ' ' || work_email FROM practitioners WHERE id = {id}")).await,
        format!("Former practitioner former-practitioner-{id}@anonymised.invalid")
    );
    assert_eq!(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM practitioner_equality WHERE practitioner_id = {id}"
        ))
        .await,
        0
    );
    assert!(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM practitioner_posts WHERE practitioner_id = {id}"
        ))
        .await
            > 0,
        "posts stay for the workforce figures"
    );
    assert_eq!(
        t.scalar_text(&format!("SELECT email FROM users WHERE id = {user}"))
            .await,
        format!("former-user-{user}@anonymised.invalid")
    );
    assert_eq!(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM user_roles WHERE user_id = {user}"
        ))
        .await,
        0
    );
    assert_eq!(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE actor_email = '{PRACTITIONER}'"
        ))
        .await,
        0
    );
    assert_eq!(
        counts(&t, id).await[2..],
        before[2..],
        "anonymous answers are never touched"
    );
    // Anonymised once: never acted on again.
    let later = retention::run(&t.db, &t.settings, birthday, false)
        .await
        .unwrap();
    assert!(later.leavers.iter().all(|l| l.practitioner_id != id));
}

#[tokio::test]
async fn audit_entries_older_than_the_set_years_go_and_newer_stay() {
    let t = TestApp::new().await;
    let mut conn = t.db.connection().await.unwrap();
    for (years, action) in [(7u16, "old"), (5, "recent")] {
        let at = mhsw::domain::timestamp::Timestamp::from(
            years_before(today(), years).midnight().assume_utc(),
        );
        mhsw::store::engine::query(
            "INSERT INTO audit_log (at, actor_email, action, record_type, record_id, detail, request_id)
             VALUES ($1, 'x@example.org', $2, 'test', '', '', '')",
        )
        .bind(at)
        .bind(action)
        .execute(&mut conn)
        .await
        .unwrap();
    }
    drop(conn);
    let dry = retention::run(&t.db, &t.settings, today(), false)
        .await
        .unwrap();
    assert!(dry.audit_entries >= 1);
    assert_eq!(
        t.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'old'")
            .await,
        1
    );
    retention::run(&t.db, &t.settings, today(), true)
        .await
        .unwrap();
    assert_eq!(
        t.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'old'")
            .await,
        0
    );
    assert_eq!(
        t.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'recent'")
            .await,
        1
    );
}

#[tokio::test]
async fn the_officer_previews_their_own_organisations_leavers_and_nothing_changes() {
    let t = TestApp::new().await;
    let (id, _) = pat_left_seven_years_ago(&t).await;
    let before = counts(&t, id).await;
    let dpo = "dpo@northshire.example.nhs.uk";
    let r = t
        .api(dpo)
        .await
        .get("/api/v1/data-protection/retention")
        .await
        .expect(200)
        .json();
    let trust = t.org_id("R9N").await;
    let leavers = r["leavers"].as_array().unwrap();
    assert!(
        leavers
            .iter()
            .any(|l| l["practitioner_id"] == id && l["stage"] == "delete_detail"),
        "{r}"
    );
    assert!(leavers.iter().all(|l| l["org_id"] == trust));
    let page = t
        .signed_in(dpo)
        .await
        .get("/data-protection/retention")
        .await
        .expect(200);
    assert!(page.body.contains(&format!("Practitioner record {id}")));
    assert_eq!(counts(&t, id).await, before);
    t.api(PSW)
        .await
        .get("/api/v1/data-protection/retention")
        .await
        .expect(403);
}

#[tokio::test]
async fn the_command_line_dry_run_reports_and_the_run_applies() {
    let t = TestApp::new().await;
    let (id, _) = pat_left_seven_years_ago(&t).await;
    let run = |dry: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_mhsw"));
        c.env("MHSW_LOG", "error")
            .args(["retention", "run", "--database-url", &t.url, "--today"])
            .arg(today().to_string());
        if dry {
            c.arg("--dry-run");
        }
        c.output().unwrap()
    };
    let out = run(true);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("dry run: nothing changed"), "{text}");
    assert!(text.contains(&format!("practitioner {id} ")), "{text}");
    assert!(counts(&t, id).await[0] > 0);
    let out = run(false);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("rows of detail deleted"), "{text}");
    assert_eq!(counts(&t, id).await[0], 0);
}
