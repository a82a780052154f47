//! Two instances on one database, as several `mhsw serve` processes behind a proxy on one
//! PostgreSQL (docs/OPERATIONS.md, "Several instances"). Each instance has its own pool,
//! kept reports, audit queue and writer turn; sessions, sign-in throttling, reminders'
//! claims and the data's generation live in the database, so a request may land on either.

use crate::auth::sign_in_form;
use crate::helpers::*;
use crate::mailserver::MailServer;
use mhsw::demo::DEMO_PASSWORD;
use mhsw::service::reminders::run_once;
use mhsw::service::write::Write;
use mhsw::store::engine::query;

#[tokio::test]
async fn a_session_made_on_one_instance_works_on_the_other_and_signing_out_ends_it_on_both() {
    let t = TestApp::new().await;
    let b = t.second_instance().await;
    let on_a = t.signed_in(PSW).await;
    let on_b = on_a.on(&b);
    on_b.get("/").await.expect(200);
    let out = on_b.post_form("/sign-out", &[]).await;
    assert!(out.status.is_redirection(), "{}", out.status);
    on_a.get("/").await.expect(303);
}

#[tokio::test]
async fn sign_in_failures_on_one_instance_hold_back_the_next_attempt_on_the_other() {
    // A wait of 10 minutes, not 1 second, so a slow machine cannot let it end between
    // the second failure and the attempt that must be held back.
    let mut s = mhsw::config::Settings::default();
    s.security.first_delay_seconds = 600;
    let t = TestApp::with_settings(s).await;
    let b = t.second_instance().await;
    let (cookie, token) = sign_in_form(&t).await;
    let mut on_a = t.anonymous();
    on_a.cookie = Some(cookie);
    on_a.csrf = Some(token);
    let on_b = on_a.on(&b);
    let attempt = |c: &Client, password: &'static str| {
        let c = c.clone();
        async move {
            c.post_form("/sign-in", &[("email", PSW), ("password", password)])
                .await
        }
    };
    assert_ne!(attempt(&on_a, "wrong-1").await.status.as_u16(), 429);
    assert_ne!(attempt(&on_b, "wrong-2").await.status.as_u16(), 429);
    // After two failures the account waits: the right password on the other instance is
    // held back too, with the same wait.
    let held = attempt(&on_a, DEMO_PASSWORD).await.expect(429);
    assert!(held.headers.get("retry-after").is_some());
    query("UPDATE sign_in_throttle SET retry_at = NULL")
        .execute(&t.db.pool)
        .await
        .unwrap();
    let signed_in = attempt(&on_b, DEMO_PASSWORD).await;
    assert!(
        signed_in.status.is_redirection(),
        "once the wait is over either instance signs the person in: {}",
        signed_in.status
    );
}

#[tokio::test]
async fn a_report_kept_on_one_instance_is_recomputed_after_a_write_on_the_other() {
    let t = TestApp::new().await;
    let b = t.second_instance().await;
    let on_b = t.api(PSW).await.on(&b);
    let path = "/api/v1/supervision/dashboard";
    let people = |d: &serde_json::Value| d["people"].as_u64().unwrap();
    let first = on_b.get(path).await.expect(200).json();
    // Someone leaves outside any write transaction: B's kept result cannot see it...
    query("UPDATE practitioners SET end_date = '2000-01-01' WHERE id = (SELECT MIN(id) FROM practitioners)")
        .execute(&t.db.pool)
        .await
        .unwrap();
    assert_eq!(on_b.get(path).await.expect(200).json(), first);
    // ...until a write commits on instance A.
    Write::begin_command_line(&t.db, None)
        .await
        .unwrap()
        .commit("update", "test", "", "instance A writes")
        .await
        .unwrap();
    let fresh = on_b.get(path).await.expect(200).json();
    assert_eq!(people(&fresh), people(&first) - 1);
}

#[tokio::test]
async fn the_reminders_jobs_of_two_instances_send_each_reminder_once() {
    let mail = MailServer::start();
    let t = TestApp::with_settings(mail.settings()).await;
    let b = t.second_instance().await;
    let day = today() + time::Duration::days(50);
    let (on_a, on_b) = tokio::join!(
        run_once(&t.db, &t.settings, day),
        run_once(&b.db, &t.settings, day)
    );
    let (on_a, on_b) = (on_a.unwrap(), on_b.unwrap());
    let claimed = t
        .scalar_i64("SELECT COUNT(*) FROM reminders_sent WHERE sent_at IS NOT NULL")
        .await;
    assert!(claimed > 10, "the demo should need reminders: {claimed}");
    assert_eq!(on_a.sent + on_b.sent, claimed as usize, "{on_a:?} {on_b:?}");
    assert_eq!(mail.take().len(), claimed as usize, "one message each");
    assert_eq!(on_a.failed + on_b.failed, 0);
}
