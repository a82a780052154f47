//! The write handle and guarded updates: a write lands only with its audit entry, and an
//! update that lost a race to a concurrent change writes nothing and says so.

use crate::helpers::*;
use mhsw::service::write::Write;
use mhsw::store::Guarded;
use mhsw::store::supervision as sessions;

async fn planned_session(t: &TestApp) -> i64 {
    t.scalar_i64("SELECT MIN(id) FROM supervision_sessions WHERE status = 'planned'")
        .await
}

async fn status_of(t: &TestApp, id: i64) -> String {
    mhsw::store::engine::query("SELECT status FROM supervision_sessions WHERE id = $1")
        .bind(id)
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

#[tokio::test]
async fn an_update_that_lost_the_race_changes_nothing() {
    let t = TestApp::new().await;
    let actor = t.actor(PSW).await;
    let id = planned_session(&t).await;
    // Someone else cancels the session first...
    let mut first = Write::begin(&t.db, &actor).await.unwrap();
    let cancelled = sessions::cancel(
        &mut first,
        id,
        time::macros::date!(2026 - 10 - 01),
        "service",
        "Sickness",
    )
    .await
    .unwrap();
    assert_eq!(cancelled, Guarded::Changed);
    first
        .commit("update", "supervision_session", id, "cancelled")
        .await
        .unwrap();
    // ...so recording it as held, or cancelling it again, finds it no longer planned.
    let mut second = Write::begin(&t.db, &actor).await.unwrap();
    let notes = sessions::SessionNotes::default();
    let held = sessions::mark_held(
        &mut second,
        id,
        time::macros::date!(2026 - 10 - 02),
        60,
        &notes,
    )
    .await
    .unwrap();
    assert_eq!(held, Guarded::Unchanged);
    let again = sessions::cancel(
        &mut second,
        id,
        time::macros::date!(2026 - 10 - 02),
        "service",
        "Again",
    )
    .await
    .unwrap();
    assert_eq!(again, Guarded::Unchanged);
    second.rollback().await.unwrap();
    assert_eq!(status_of(&t, id).await, "cancelled");
}

/// Begins a write that cancels a planned session; returns it, the session and the number
/// of audit entries before.
async fn cancelling(t: &TestApp) -> (Write, i64, i64) {
    let actor = t.actor(PSW).await;
    let id = planned_session(t).await;
    let audited = t.count("audit_log").await;
    let mut w = Write::begin(&t.db, &actor).await.unwrap();
    let done = sessions::cancel(
        &mut w,
        id,
        time::macros::date!(2026 - 10 - 01),
        "service",
        "Sickness",
    )
    .await
    .unwrap();
    assert!(done.changed());
    (w, id, audited)
}

#[tokio::test]
async fn a_write_commits_together_with_its_audit_entry() {
    let t = TestApp::new().await;
    let (w, id, audited) = cancelling(&t).await;
    w.commit("update", "supervision_session", id, "cancelled")
        .await
        .unwrap();
    assert_eq!(t.count("audit_log").await, audited + 1);
    assert_eq!(status_of(&t, id).await, "cancelled");
}

#[tokio::test]
async fn a_write_with_no_audit_entry_is_refused_and_rolled_back() {
    let t = TestApp::new().await;
    let (w, id, audited) = cancelling(&t).await;
    assert!(w.commit_audited().await.is_err());
    assert_eq!(status_of(&t, id).await, "planned");
    assert_eq!(t.count("audit_log").await, audited);
    // An attributed write cannot pass itself off as one nobody made, either.
    let w = Write::begin(&t.db, &t.actor(PSW).await).await.unwrap();
    assert!(w.commit_unattributed().await.is_err());
}
