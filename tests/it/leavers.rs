//! The exit questionnaire (`/exit-questionnaire`, `/workforce/leavers`): open only to a
//! leaver, once; the answer keeps the month and nothing else about them; the leads see
//! answers only from whole months released in blocks.

use crate::helpers::*;
use mhsw::domain::disclosure::Shown;
use mhsw::domain::leaving::{ExitAnswers, Reason, WouldReturn};
use mhsw::store::leavers::{NewAnswer, insert_answer};

const ANSWER: &[(&str, &str)] = &[
    ("reasons", "pay"),
    ("reasons", "workload"),
    ("main_reason", "workload"),
    ("would_return", "maybe"),
    ("would_have_kept", "Fewer than thirty cases, every week"),
];

async fn set_leaving_day(t: &TestApp, practitioner: i64, day: time::Date) {
    mhsw::store::engine::query("UPDATE practitioners SET end_date = $1 WHERE id = $2")
        .bind(day)
        .bind(practitioner)
        .execute(&t.db.pool)
        .await
        .unwrap();
}

/// Not open until a leaving day is recorded; then answered once, kept with its month
/// only, audited without its words, shown to nobody until its month is over.
#[tokio::test]
async fn a_leaver_answers_once_and_nothing_keeps_who_said_what() {
    let t = TestApp::new().await;
    let me = t.signed_in(PRACTITIONER).await;
    let answers = t.count("exit_answers").await;
    let page = me.get("/exit-questionnaire").await.expect(200);
    assert!(
        page.body
            .contains("opens when your leaving day is recorded")
    );
    me.post_form("/exit-questionnaire", ANSWER)
        .await
        .expect(409);
    assert_eq!(t.count("exit_answers").await, answers, "nothing written");

    let practitioner = t.actor(PRACTITIONER).await.practitioner_id.unwrap();
    set_leaving_day(&t, practitioner, today() + time::Duration::days(20)).await;
    let home = me.get("/").await.expect(200);
    assert!(home.body.contains("exit questionnaire is open to you"));
    let refused = me
        .post_form("/exit-questionnaire", &[("would_have_kept", "x")])
        .await
        .expect(422);
    for field in ["#reasons", "#main_reason", "#would_return"] {
        assert!(refused.body.contains(field), "the error names {field}");
    }
    assert_eq!(t.count("exit_answers").await, answers, "nothing written");

    let sent = me
        .post_form("/exit-questionnaire", ANSWER)
        .await
        .expect(303);
    assert_eq!(sent.location(), "/exit-questionnaire");
    assert!(
        me.get("/exit-questionnaire")
            .await
            .expect(200)
            .body
            .contains("Thank you")
    );
    assert!(
        !me.get("/")
            .await
            .expect(200)
            .body
            .contains("exit questionnaire is open")
    );
    assert_eq!(t.count("exit_answers").await, answers + 1);
    let month = format!("{:04}-{:02}", today().year(), u8::from(today().month()));
    let stored = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM exit_answers WHERE month = '{month}'
               AND main_reason = 'workload' AND reasons = 'pay workload'
               AND would_return = 'maybe' AND would_have_kept = 'Fewer than thirty cases, every week'
               AND LENGTH(id) = 26"
        ))
        .await;
    assert_eq!(stored, 1, "kept with its month, under a random id");
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'answer'
        AND record_type = 'exit_questionnaire'";
    assert_eq!(
        t.scalar_i64(audited).await,
        1,
        "that they answered is audited"
    );
    let words = "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%thirty cases%'
        OR detail LIKE '%workload%'";
    assert_eq!(t.scalar_i64(words).await, 0, "what they said is not");

    // Once only.
    me.post_form("/exit-questionnaire", ANSWER)
        .await
        .expect(409);
    assert_eq!(t.count("exit_answers").await, answers + 1);

    // The leads see released answers (the demo's earlier leavers) but not this month's.
    let psw = t.signed_in(PSW).await;
    let results = psw.get("/workforce/leavers").await.expect(200);
    assert!(
        results.body.contains("Compressed hours."),
        "{}",
        results.body
    );
    assert!(
        !results.body.contains("thirty cases"),
        "this month is not over"
    );
    me.get("/workforce/leavers").await.expect(403);
    let json = t
        .api(WORKFORCE)
        .await
        .get("/api/v1/workforce/leavers")
        .await
        .expect(200)
        .json();
    assert_eq!(json["block_size"], 8);
    assert!(json["figures"]["answered"].is_u64(), "{json}");
    let kept = json["would_have_kept"].as_array().unwrap();
    let mut sorted = kept.clone();
    sorted.sort_by_key(|v| v.as_str().unwrap().to_string());
    assert_eq!(kept, &sorted, "in alphabetical order, never by when");
    let reads = "SELECT COUNT(*) FROM audit_log WHERE record_type = 'exit_questionnaire_results'";
    assert_eq!(
        t.scalar_i64(reads).await,
        2,
        "each read of the results is audited"
    );
}

/// Answers show only from whole months that are over, in blocks of at least 8 counted
/// from the first month, and counts go through the disclosure policy.
#[tokio::test]
async fn answers_are_released_in_blocks_of_whole_months_that_are_over() {
    let t = TestApp::new().await;
    let harbour = t.org_id("HH9C3").await;
    let add = async |month: &str, n: usize, kept: &str| {
        let mut tx = mhsw::service::write::Write::begin_command_line(&t.db, Some(harbour))
            .await
            .unwrap();
        for k in 0..n {
            let answers = ExitAnswers {
                reasons: vec![Reason::Pay],
                main_reason: Reason::Pay,
                would_return: WouldReturn::No,
                would_have_kept: format!("{kept} {k}"),
            };
            let id = format!("{month}-{kept}-{k}");
            let new = NewAnswer {
                id: &id,
                org_id: harbour,
                month,
                answers: &answers,
            };
            insert_answer(&mut tx, &new).await.unwrap();
        }
        tx.commit("create", "exit_answers", "", "test answers")
            .await
            .unwrap();
    };
    let day = |s: &str| {
        time::Date::parse(s, &time::format_description::well_known::Iso8601::DATE).unwrap()
    };
    let policy = t.settings.privacy.disclosure;
    let released = async |today: &str| {
        mhsw::service::leavers::released(
            &t.db,
            policy,
            harbour,
            day("2024-01-01"),
            day(today),
            day(today),
        )
        .await
        .unwrap()
    };
    add("2025-01", 5, "January").await;
    add("2025-02", 2, "February").await;
    assert_eq!(released("2025-06-15").await.shown, 0, "7 is too few");
    add("2025-03", 1, "March").await;
    let r = released("2025-03-31").await;
    assert_eq!(r.shown, 0, "March is not over on its last day");
    let r = released("2025-04-01").await;
    assert_eq!(r.shown, 8, "January to March make a block");
    assert_eq!(r.results.first_month.as_deref(), Some("2025-01"));
    assert_eq!(r.results.last_month.as_deref(), Some("2025-03"));
    assert_eq!(
        r.results.figures.answered,
        Shown::Value(10),
        "8, rounded to 5s"
    );
    let pay = &r.results.figures.main_reasons[1];
    assert_eq!(
        (pay.0.as_str(), pay.1),
        ("Pay or banding", Shown::Value(10))
    );
    assert_eq!(r.results.figures.main_reasons[0].1, Shown::Value(0));
    assert_eq!(
        r.results.would_have_kept.first().map(String::as_str),
        Some("February 0")
    );
    // A later month alone is not shown until it makes a block of its own.
    add("2025-04", 3, "April").await;
    assert_eq!(released("2025-06-01").await.shown, 8);
}
