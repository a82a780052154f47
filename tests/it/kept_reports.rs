//! Heavy reports kept between writes (`store::memo`): served again while nothing has
//! committed, recomputed once any write commits (from this process or another one on the
//! same database), never shared between people whose scopes differ, and audited on every
//! read, kept or not.

use crate::helpers::*;
use mhsw::service::write::Write;
use mhsw::store::engine::query;

/// Audit entries of reads of `record_type` (`action` "read", or "list" for a list's page).
async fn reads_of(t: &TestApp, record_type: &str) -> i64 {
    t.scalar_i64(&format!(
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('read', 'list') AND record_type = '{record_type}'"
    ))
    .await
}

/// Changes the data behind the database's back: a statement on its own, outside any write
/// transaction, so the generation does not move (no part of mhsw writes this way; it shows
/// whether a result was kept).
async fn change_unseen(t: &TestApp, sql: &str) {
    query(sql.to_string()).execute(&t.db.pool).await.unwrap();
}

/// Commits an empty write from a second connection pool on the same database, as another
/// instance or a command-line import would.
async fn write_from_elsewhere(t: &TestApp) {
    let other = mhsw::store::connect(&t.url, 1, mhsw::store::Create::Yes)
        .await
        .unwrap();
    let w = Write::begin_command_line(&other, None).await.unwrap();
    w.commit("update", "test", "", "another instance writes")
        .await
        .unwrap();
    other.pool.close().await;
}

/// Reads `path` as the PSW, has someone leave unseen, reads again (the kept result), has
/// another instance commit a write, and reads once more: `people` must have gone down by
/// one only then, and every read must be audited as `record_type`.
async fn kept_until_a_write(path: &str, record_type: &str, people: fn(&serde_json::Value) -> u64) {
    kept_until(path, record_type, "practitioners", people).await
}

/// As `kept_until_a_write`, the person leaving being the first in `table` (by
/// `practitioner_id`, or `id` for practitioners themselves).
async fn kept_until(
    path: &str,
    record_type: &str,
    table: &str,
    people: fn(&serde_json::Value) -> u64,
) {
    let t = TestApp::new().await;
    let psw = t.api(PSW).await;
    let first = psw.get(path).await.expect(200).json();
    // Someone leaves without a write transaction: the kept result does not see it.
    let column = if table == "practitioners" {
        "id"
    } else {
        "practitioner_id"
    };
    change_unseen(
        &t,
        &format!(
            "UPDATE practitioners SET end_date = '2000-01-01' WHERE id = (SELECT MIN({column}) FROM {table})"
        ),
    )
    .await;
    let kept = psw.get(path).await.expect(200).json();
    assert_eq!(
        kept, first,
        "{path} read again before any write: the same result"
    );
    // Any committed write moves the generation, even one made by another instance.
    write_from_elsewhere(&t).await;
    let fresh = psw.get(path).await.expect(200).json();
    assert_eq!(people(&fresh), people(&first) - 1, "{path} after a write");
    assert_eq!(
        reads_of(&t, record_type).await,
        3,
        "{path}: every read audited"
    );
}

#[tokio::test]
async fn the_dashboard_is_kept_until_a_write_commits_anywhere_and_every_read_is_audited() {
    kept_until_a_write(
        "/api/v1/supervision/dashboard",
        "supervision_dashboard",
        |d| d["people"].as_u64().unwrap(),
    )
    .await;
}

#[tokio::test]
async fn the_governance_report_is_kept_until_a_write_commits_anywhere() {
    kept_until_a_write("/api/v1/governance", "governance_report", |d| {
        d["people"].as_u64().unwrap()
    })
    .await;
}

#[tokio::test]
async fn cpd_readiness_is_kept_until_a_write_commits_anywhere() {
    kept_until_a_write("/api/v1/cpd/readiness", "cpd_readiness", |d| {
        d["people"].as_u64().unwrap()
    })
    .await;
}

#[tokio::test]
async fn the_asye_cohort_is_kept_until_a_write_commits_anywhere() {
    kept_until("/api/v1/asye", "asye_cohort", "asye_programmes", |d| {
        d["people"].as_u64().unwrap()
    })
    .await;
}

#[tokio::test]
async fn the_amhp_view_is_kept_until_a_write_commits_anywhere() {
    kept_until(
        "/api/v1/post-qualifying",
        "post_qualifying_overview",
        "amhp_approvals",
        |d| {
            d["by_expiry_quarter"]
                .as_array()
                .unwrap()
                .iter()
                .map(|q| q["people"].as_array().unwrap().len() as u64)
                .sum()
        },
    )
    .await;
}

#[tokio::test]
async fn a_page_of_the_practitioner_list_is_kept_until_a_write_commits_anywhere() {
    kept_until_a_write("/api/v1/practitioners", "practitioner", |d| {
        d["total"].as_u64().unwrap()
    })
    .await;
}

#[tokio::test]
async fn people_whose_scopes_differ_never_share_a_kept_result() {
    let t = TestApp::new().await;
    let psw = t.api(PSW).await;
    let sam = t.api(SUPERVISOR).await;
    let everyone = psw
        .get("/api/v1/supervision/dashboard")
        .await
        .expect(200)
        .json();
    let own = sam
        .get("/api/v1/supervision/dashboard?mine=true")
        .await
        .expect(200)
        .json();
    let team = sam
        .get("/api/v1/supervision/dashboard")
        .await
        .expect(200)
        .json();
    assert!(own["people"].as_u64() < everyone["people"].as_u64());
    assert!(team["people"].as_u64() < everyone["people"].as_u64());
    assert_ne!(own, everyone);
    let again = psw
        .get("/api/v1/supervision/dashboard")
        .await
        .expect(200)
        .json();
    assert_eq!(again, everyone);
    // A filter is part of what was asked.
    let filtered = psw
        .get("/api/v1/supervision/dashboard?career_stage=asye")
        .await
        .expect(200)
        .json();
    assert!(filtered["people"].as_u64() < everyone["people"].as_u64());
}

#[tokio::test]
async fn a_practitioners_own_feedback_is_kept_for_them_alone_until_a_write_commits() {
    let t = TestApp::new().await;
    let pat = t.api(PRACTITIONER).await;
    let first = pat.get("/api/v1/me/feedback").await.expect(200).json();
    let me = first["practitioner_id"].as_i64().unwrap();
    change_unseen(
        &t,
        &format!(
            "INSERT INTO feedback_shares (practitioner_id, shared_on) VALUES ({me}, '2026-01-05') \
             ON CONFLICT (practitioner_id) DO UPDATE SET shared_on = '2026-01-05'"
        ),
    )
    .await;
    let kept = pat.get("/api/v1/me/feedback").await.expect(200).json();
    assert_eq!(kept, first, "read again before any write: the same result");
    // Another practitioner (the supervisor) is served their own, never this one's.
    let theirs = t
        .api(SUPERVISOR)
        .await
        .get("/api/v1/me/feedback")
        .await
        .expect(200)
        .json();
    assert_ne!(theirs["practitioner_id"], first["practitioner_id"]);
    write_from_elsewhere(&t).await;
    let fresh = pat.get("/api/v1/me/feedback").await.expect(200).json();
    assert_eq!(fresh["shared_on"], "2026-01-05", "after a write");
    // Three reads by the practitioner, one by the supervisor.
    assert_eq!(
        reads_of(&t, "feedback_results").await,
        4,
        "every read audited"
    );
}
