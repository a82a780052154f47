//! The reminders job against a real SMTP server: the right people get the right
//! reminders, a second run sends nothing, escalation reaches the line manager and then the
//! PSW as days pass (`today` is passed in: no sleeps), and concurrent runs send each
//! reminder once.

use crate::helpers::*;
use crate::mailserver::{Delivered, MailServer};
use mhsw::config::{Settings, SmtpTls};
use mhsw::domain::Role;
use mhsw::service::reminders::run_once;
use time::{Date, Duration};

fn settings(mail: &MailServer) -> Settings {
    mail.settings()
}

/// A date as the messages write it: 5 October 2026.
fn long(d: Date) -> String {
    d.format(time::macros::format_description!(
        "[day padding:none] [month repr:long] [year]"
    ))
    .unwrap()
}

fn base() -> Date {
    crate::helpers::today()
}

/// Pat's practitioner id.
async fn pat(t: &TestApp) -> i64 {
    t.scalar_i64(&format!(
        "SELECT practitioner_id FROM users WHERE email = '{PRACTITIONER}'"
    ))
    .await
}

/// The name on Pat's practitioner record (which the messages use).
async fn pat_name(t: &TestApp) -> String {
    let pat = pat(t).await;
    mhsw::store::engine::query_scalar::<String>(&format!(
        "SELECT given_name || ' ' || family_name FROM practitioners WHERE id = {pat}"
    ))
    .fetch_one(&t.db.pool)
    .await
    .unwrap()
}

async fn exec(t: &TestApp, sql: &str) {
    mhsw::store::engine::query(sql)
        .execute(&t.db.pool)
        .await
        .unwrap();
}

/// Pat: one held, confirmed session on `held`, a 30-day interval, and a professional
/// supervisor who is not the line manager (Sam), so that each escalation step shows.
/// Returns the professional supervisor's email.
async fn pat_last_supervised_on(t: &TestApp, held: Date) -> String {
    let pat = pat(t).await;
    let prof = t.user_with_roles(&[Role::Supervisor]).await;
    let prof_id = t.user_id(&prof).await;
    exec(
        t,
        &format!("UPDATE users SET practitioner_id = NULL WHERE id = {prof_id}"),
    )
    .await;
    exec(
        t,
        &format!("DELETE FROM supervision_sessions WHERE practitioner_id = {pat}"),
    )
    .await;
    exec(t, &format!(
        "UPDATE supervision_agreements SET interval_days = 30, professional_supervisor_user_id = {prof_id},
         starts_on = '{}' WHERE practitioner_id = {pat} AND ended_on IS NULL",
        held - Duration::days(200)
    ))
    .await;
    let sam = t.user_id(SUPERVISOR).await;
    exec(t, &format!(
        "INSERT INTO supervision_sessions (practitioner_id, supervisor_user_id, session_type, status,
            scheduled_on, held_on, minutes, recorded_at, confirmed_at, notes, created_at, updated_at)
         VALUES ({pat}, {sam}, 'professional', 'held', '{held}', '{held}', 95, '{held}T10:00:00Z',
            '{held}T11:00:00Z', 'Private notes about a hard case', '{held}T10:00:00Z', '{held}T10:00:00Z')"
    ))
    .await;
    prof
}

/// Recipients of the delivered messages whose subject contains `about`, sorted.
fn to_about(mail: &[Delivered], about: &str) -> Vec<String> {
    let mut v: Vec<String> = mail
        .iter()
        .filter(|m| m.header("Subject").contains(about))
        .flat_map(|m| m.to.clone())
        .collect();
    v.sort();
    v
}

/// How many "Your supervision is overdue" messages went to Pat. Others in the demo may be
/// overdue on the same day (their subject names nobody), so only Pat's are counted.
fn own_overdue_notices_to_pat(mail: &[Delivered]) -> usize {
    to_about(mail, "Your supervision is overdue")
        .iter()
        .filter(|r| *r == PRACTITIONER)
        .count()
}

fn sorted(v: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

#[tokio::test]
async fn overdue_supervision_goes_to_the_parties_then_the_manager_then_the_psw_once_each() {
    let mail = MailServer::start();
    let t = TestApp::with_settings(settings(&mail)).await;
    let prof = pat_last_supervised_on(&t, base()).await;
    let pat_name = pat_name(&t).await;
    // Due on base + 30: nothing about Pat on that day.
    run_once(&t.db, &t.settings, base() + Duration::days(30))
        .await
        .unwrap();
    assert!(
        to_about(&mail.take(), "upervision")
            .iter()
            .all(|r| r != PRACTITIONER)
    );

    // Day 1 overdue: Pat ("Your supervision is overdue") and the professional supervisor.
    let day1 = base() + Duration::days(31);
    let first = run_once(&t.db, &t.settings, day1).await.unwrap();
    assert!(first.sent > 0 && first.failed == 0, "{first:?}");
    let got = mail.take();
    assert_eq!(own_overdue_notices_to_pat(&got), 1);
    assert_eq!(
        to_about(&got, &format!("Supervision overdue: {pat_name}")),
        sorted(&[&prof])
    );
    let to_pat = got.iter().find(|m| m.to == [PRACTITIONER]).unwrap();
    assert!(
        to_pat
            .header("From")
            .contains("social.work@northshire.example.nhs.uk")
    );
    assert!(to_pat.header("Content-Type").starts_with("text/plain"));
    assert!(
        got.iter().all(|m| !m.data.contains("Private notes")),
        "never session notes"
    );

    // The same day again: nothing new for anybody.
    let again = run_once(&t.db, &t.settings, day1).await.unwrap();
    assert_eq!((again.sent, again.due), (0, 0), "{again:?}");
    assert!(mail.take().is_empty());

    // Day 8: the line manager (Sam) is added; day 15: the trust's PSW too.
    run_once(&t.db, &t.settings, base() + Duration::days(38))
        .await
        .unwrap();
    let got = mail.take();
    assert_eq!(
        to_about(&got, &format!("Supervision overdue: {pat_name}")),
        sorted(&[&prof, SUPERVISOR])
    );
    assert_eq!(own_overdue_notices_to_pat(&got), 1);
    run_once(&t.db, &t.settings, base() + Duration::days(45))
        .await
        .unwrap();
    let got = mail.take();
    assert_eq!(
        to_about(&got, &format!("Supervision overdue: {pat_name}")),
        sorted(&[&prof, SUPERVISOR, PSW])
    );
    let sent_rows = t
        .scalar_i64("SELECT COUNT(*) FROM reminders_sent WHERE sent_at IS NOT NULL")
        .await;
    assert!(sent_rows > 0);
}

#[tokio::test]
async fn an_upcoming_session_reminds_both_parties_once() {
    let mail = MailServer::start();
    let t = TestApp::with_settings(settings(&mail)).await;
    let prof = pat_last_supervised_on(&t, base()).await;
    let pat = pat(&t).await;
    let prof_id = t.user_id(&prof).await;
    let on = base() + Duration::days(10);
    // Only this session is planned: the demo's own plans for others must not share its day.
    exec(
        &t,
        "DELETE FROM supervision_sessions WHERE status = 'planned'",
    )
    .await;
    exec(&t, &format!(
        "INSERT INTO supervision_sessions (practitioner_id, supervisor_user_id, session_type, status,
            scheduled_on, created_at, updated_at)
         VALUES ({pat}, {prof_id}, 'professional', 'planned', '{on}', '{on}T00:00:00Z', '{on}T00:00:00Z')"
    ))
    .await;
    run_once(&t.db, &t.settings, on - Duration::days(3))
        .await
        .unwrap();
    assert!(to_about(&mail.take(), &format!("Supervision on {}", long(on))).is_empty());
    run_once(&t.db, &t.settings, on - Duration::days(2))
        .await
        .unwrap();
    assert_eq!(
        to_about(&mail.take(), &format!("Supervision on {}", long(on))),
        sorted(&[PRACTITIONER, &prof])
    );
    run_once(&t.db, &t.settings, on).await.unwrap();
    assert!(to_about(&mail.take(), &format!("Supervision on {}", long(on))).is_empty());
}

#[tokio::test]
async fn two_concurrent_runs_send_each_reminder_exactly_once() {
    let mail = MailServer::start();
    let t = TestApp::with_settings(settings(&mail)).await;
    // Far enough ahead that most of the demo's people are overdue at some level.
    let day = base() + Duration::days(50);
    let (a, b) = tokio::join!(
        run_once(&t.db, &t.settings, day),
        run_once(&t.db, &t.settings, day)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    let delivered = mail.take();
    let rows = t
        .scalar_i64("SELECT COUNT(*) FROM reminders_sent WHERE sent_at IS NOT NULL")
        .await;
    assert!(rows > 10, "the demo should need reminders: {rows}");
    assert_eq!(a.sent + b.sent, rows as usize, "{a:?} {b:?}");
    assert_eq!(
        delivered.len(),
        rows as usize,
        "one message per claimed reminder"
    );
    assert_eq!(a.failed + b.failed, 0);
}

#[tokio::test]
async fn a_lapsed_registration_alerts_the_manager_and_psw_and_renewal_reminds_the_practitioner() {
    let mail = MailServer::start();
    let t = TestApp::with_settings(settings(&mail)).await;
    let pat = pat(&t).await;
    // The demo records everyone's registration: start from Pat's alone, in a known state.
    exec(&t, "DELETE FROM registrations").await;
    exec(&t, &format!(
        "INSERT INTO registrations (practitioner_id, status, status_since, registered_until, updated_at)
         VALUES ({pat}, 'registered', '2025-12-01', '2026-11-30', '2025-12-01T00:00:00Z')"
    ))
    .await;
    let in_window = Date::from_calendar_date(2026, time::Month::October, 5).unwrap();
    run_once(&t.db, &t.settings, in_window).await.unwrap();
    let got = mail.take();
    assert_eq!(
        to_about(&got, "Renew your Social Work England registration"),
        [PRACTITIONER]
    );
    assert!(to_about(&got, "Registration alert").is_empty());

    exec(&t, &format!(
        "UPDATE registrations SET status = 'lapsed', status_since = '2026-12-01' WHERE practitioner_id = {pat}"
    ))
    .await;
    let after = Date::from_calendar_date(2026, time::Month::December, 2).unwrap();
    run_once(&t.db, &t.settings, after).await.unwrap();
    let got = mail.take();
    assert_eq!(
        to_about(&got, &format!("Registration alert: {}", pat_name(&t).await)),
        sorted(&[SUPERVISOR, PSW])
    );
    assert!(to_about(&got, "Renew").is_empty());
    let alert = got
        .iter()
        .find(|m| m.header("Subject").contains("Registration alert"))
        .unwrap();
    assert!(
        alert.body().contains("lapsed since 1 December 2026"),
        "{}",
        alert.body()
    );
    // Once per change of status.
    run_once(&t.db, &t.settings, after + Duration::days(3))
        .await
        .unwrap();
    assert!(to_about(&mail.take(), "Registration alert").is_empty());
}

#[tokio::test]
async fn without_smtp_the_job_claims_and_sends_nothing() {
    let t = TestApp::new().await;
    let s = run_once(&t.db, &t.settings, base() + Duration::days(60))
        .await
        .unwrap();
    assert!(!s.mail_configured);
    assert_eq!(t.count("reminders_sent").await, 0);
}

#[tokio::test]
async fn the_command_line_runs_the_job_once() {
    let mail = MailServer::start();
    let t = TestApp::with_settings(settings(&mail)).await;
    let day = base() + Duration::days(50);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mhsw"))
        .args([
            "reminders",
            "run",
            "--database-url",
            &t.url,
            "--today",
            &day.to_string(),
        ])
        .env("MHSW_SMTP__HOST", "127.0.0.1")
        .env("MHSW_SMTP__PORT", mail.port.to_string())
        .env("MHSW_SMTP__TLS", "none")
        .env("MHSW_SMTP__FROM", "social.work@northshire.example.nhs.uk")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sent = mail.take().len();
    assert!(
        sent > 0 && stdout.contains(&format!("{sent} sent")),
        "{stdout}"
    );
}

#[tokio::test]
async fn failed_sends_are_recorded_and_retried_a_limited_number_of_times() {
    // A port nobody listens on: every connection is refused.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let mut s = Settings::default();
    s.smtp.host = "127.0.0.1".into();
    s.smtp.port = port;
    s.smtp.tls = SmtpTls::None;
    s.smtp.from = "social.work@northshire.example.nhs.uk".into();
    let t = TestApp::with_settings(s).await;
    let day = base() + Duration::days(50);
    let first = run_once(&t.db, &t.settings, day).await.unwrap();
    assert!(
        first.due > 0 && first.failed == first.due && first.sent == 0,
        "{first:?}"
    );
    let failed = t
        .scalar_i64(
            "SELECT COUNT(*) FROM reminders_sent WHERE failed_at IS NOT NULL AND failure <> ''",
        )
        .await;
    assert_eq!(failed as usize, first.due);
    for attempt in 2..=mhsw::service::reminders::MAX_ATTEMPTS {
        let again = run_once(&t.db, &t.settings, day).await.unwrap();
        assert_eq!(again.failed, first.due, "attempt {attempt}");
    }
    let last = run_once(&t.db, &t.settings, day).await.unwrap();
    assert_eq!(last.due, 0, "given up after MAX_ATTEMPTS");
    let max = t
        .scalar_i64("SELECT MAX(attempts) FROM reminders_sent")
        .await;
    assert_eq!(max, mhsw::service::reminders::MAX_ATTEMPTS);
}

/// A concern with no answer by its day: the PSW (nobody asked yet) is told, with a link
/// and none of its words; answering it stops the reminders.
#[tokio::test]
async fn an_unanswered_concern_reminds_the_psw_with_no_word_of_it() {
    let mail = MailServer::start();
    let t = TestApp::with_settings(settings(&mail)).await;
    let actor = t.actor(PRACTITIONER).await;
    let raised = mhsw::service::concerns::raise(
        &t.db,
        &t.settings,
        &actor,
        &mhsw::domain::concern::ConcernInput {
            category: "workload".into(),
            summary: "Forty cases each".into(),
            details: "Nobody can visit weekly".into(),
            anonymous: "yes".into(),
        },
        base(),
    )
    .await
    .unwrap();
    let late = raised.answer_due_on + Duration::days(1);
    // The demo's own concerns answered, so that only this one is late.
    exec(
        &t,
        &format!(
            "UPDATE concerns SET first_answered_on = raised_on WHERE id <> {}",
            raised.id
        ),
    )
    .await;
    run_once(&t.db, &t.settings, raised.answer_due_on)
        .await
        .unwrap();
    assert!(
        to_about(&mail.take(), "concern").is_empty(),
        "not late on the day due"
    );
    run_once(&t.db, &t.settings, late).await.unwrap();
    let got = mail.take();
    assert_eq!(to_about(&got, "A concern is waiting"), [PSW]);
    let body = &got
        .iter()
        .find(|m| m.header("Subject").contains("A concern is waiting"))
        .unwrap()
        .data;
    assert!(body.contains(&format!("/concerns/{}", raised.id)));
    assert!(!body.contains("Forty cases") && !body.contains("Nobody can visit"));
    // Answered: nothing more, even once it would have escalated.
    let psw = t.actor(PSW).await;
    mhsw::service::concerns::reply(
        &t.db,
        &psw,
        raised.id,
        &mhsw::domain::concern::MessageInput {
            body: "We are on it".into(),
        },
        late,
    )
    .await
    .unwrap();
    run_once(&t.db, &t.settings, late + Duration::days(30))
        .await
        .unwrap();
    assert!(to_about(&mail.take(), "A concern is waiting").is_empty());
}
