//! The anonymous public feedback form: what a card opens, what is and is not stored, kind
//! pages for bad codes, bad answers refused with nothing written, the per-client limit, easy
//! read, and answers sent at the same moment.

use crate::feedback::{cards, clear_responses, public};
use crate::helpers::*;
use mhsw::config::Settings;
use serde_json::json;

#[tokio::test]
async fn a_card_opens_the_form_once_and_nothing_links_the_answers_to_it() {
    let t = TestApp::new().await;
    clear_responses(&t).await;
    let codes = cards(&t, "service_user", 2).await;
    assert_eq!(codes.len(), 2);
    assert_ne!(codes[0], codes[1]);
    // Only hashes are stored.
    let stored = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM feedback_requests WHERE code_hash = '{}'",
            codes[0]
        ))
        .await;
    assert_eq!(stored, 0, "the code itself is never stored");

    let phone = public(&t).await;
    let form = phone.get(&format!("/f/{}", codes[0])).await.expect(200);
    assert!(form.body.contains("Who sees your answers"));
    assert!(form.body.contains("anonymous"));
    assert!(form.body.contains("If you need help now"));
    assert!(form.body.contains("If you want to complain"));
    assert!(
        !form.body.to_lowercase().contains("your name\""),
        "never asks a name"
    );
    let audit_before = t.count("audit_log").await;
    let sent = phone
        .post_form(
            &format!("/f/{}", codes[0]),
            &[
                ("format", "standard"),
                ("q_listened", "5"),
                ("q_respect", "4"),
                ("q_involved", "0"),
                ("comment", "Kind and clear."),
            ],
        )
        .await
        .expect(303);
    assert_eq!(sent.location(), "/f/thank-you");
    phone.get("/f/thank-you").await.expect(200);
    assert_eq!(
        t.count("audit_log").await,
        audit_before,
        "sending is not audited"
    );

    // Used: a kind page, and a second send stores nothing.
    let again = phone.get(&format!("/f/{}", codes[0])).await.expect(200);
    assert!(again.body.contains("already been used"), "{}", again.body);
    phone
        .post_form(&format!("/f/{}", codes[0]), &[("q_listened", "1")])
        .await
        .expect(200);
    assert_eq!(t.count("feedback_responses").await, 1);

    // What a response holds: grouping keys, the month, answers and the comment. Nothing else.
    let row = mhsw::store::engine::query("SELECT * FROM feedback_responses")
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    let columns = row.column_names();
    assert_eq!(
        columns,
        [
            "id",
            "org_id",
            "team_id",
            "practitioner_id",
            "audience",
            "questionnaire",
            "month",
            "answers",
            "comment"
        ]
    );
    let id: String = row.get("id");
    assert_eq!(id.len(), 32, "a random id, not a sequence");
    let month: String = row.get("month");
    assert_eq!(month.len(), 7, "YYYY-MM only: {month}");
    assert_eq!(row.get::<String, _>("answers"), "listened=5,respect=4");
    // The card keeps no time of use.
    let card_columns: Vec<String> =
        mhsw::store::engine::query("SELECT * FROM feedback_requests LIMIT 1")
            .fetch_one(&t.db.pool)
            .await
            .unwrap()
            .column_names();
    assert!(
        !card_columns
            .iter()
            .any(|c| c.contains("used_") || c.contains("answered"))
    );

    // The other card still works; the practitioner's list does not say which was used.
    phone.get(&format!("/f/{}", codes[1])).await.expect(200);
    let mine = t
        .api(PRACTITIONER)
        .await
        .get("/api/v1/me/feedback")
        .await
        .expect(200);
    assert!(!mine.body.contains("\"used\""), "{}", mine.body);
    let mine = mine.json();
    let states: Vec<&str> = mine["cards"]
        .as_array()
        .unwrap()
        .iter()
        .take(2)
        .map(|c| c["state"].as_str().unwrap())
        .collect();
    assert_eq!(states[0], states[1], "used and unused cards look the same");
}

/// Answers sent at the same moment are committed together (`store::group_commit`): each
/// card counts once, a card sent twice at once stores one answer and tells the second
/// sender it was used, and every sender told "thank you" has their answer stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_sent_at_the_same_moment_each_count_once() {
    let mut settings = Settings::default();
    settings.feedback.public_requests_per_minute = 1000; // one phone sends them all
    let t = TestApp::with_settings(settings).await;
    clear_responses(&t).await;
    let codes = cards(&t, "service_user", 20).await;
    let open_cards = "SELECT COUNT(*) FROM feedback_requests WHERE status = 'open'";
    let open_before = t.scalar_i64(open_cards).await;
    let phone = public(&t).await;
    let mut sends = tokio::task::JoinSet::new();
    // Each card once, and the first five twice more.
    for code in codes
        .iter()
        .chain(codes.iter().take(5))
        .chain(codes.iter().take(5))
    {
        let (phone, path) = (phone.clone(), format!("/f/{code}"));
        sends.spawn(async move {
            phone
                .post_form(&path, &[("format", "standard"), ("q_listened", "5")])
                .await
                .status
        });
    }
    let (mut thanked, mut refused) = (0, 0);
    while let Some(status) = sends.join_next().await {
        match status.unwrap().as_u16() {
            303 => thanked += 1,
            200 => refused += 1, // "this card has already been used"
            other => panic!("answered {other}"),
        }
    }
    assert_eq!((thanked, refused), (20, 10));
    assert_eq!(t.count("feedback_responses").await, 20);
    let open_after = t.scalar_i64(open_cards).await;
    assert_eq!(open_before - open_after, 20, "each card used once");
}

#[tokio::test]
async fn bad_expired_and_withdrawn_codes_get_kind_pages() {
    let t = TestApp::new().await;
    let codes = cards(&t, "carer", 3).await;
    let phone = public(&t).await;
    let unknown = phone.get("/f/ZZZZZZZZZZ").await.expect(200);
    assert!(unknown.body.contains("We could not find that card"));
    let nonsense = phone.get("/f/not-a-code!").await.expect(200);
    assert!(nonsense.body.contains("We could not find that card"));

    // Typed from the card: any case, with the hyphen, O for 0.
    let typed = mhsw::domain::feedback::display_code(&codes[0])
        .to_lowercase()
        .replace('0', "o");
    let go = phone.get(&format!("/f?code={}", typed)).await.expect(303);
    assert_eq!(go.location(), format!("/f/{}", codes[0]));
    let wrong = phone.get("/f?code=abc").await.expect(200);
    assert!(wrong.body.contains("Enter the 10 letters and numbers"));

    mhsw::store::engine::query(
        "UPDATE feedback_requests SET expires_on = '2020-01-01' WHERE code_hash = $1",
    )
    .bind(mhsw::domain::feedback::code_hash(&codes[1]))
    .execute(&t.db.pool)
    .await
    .unwrap();
    let expired = phone.get(&format!("/f/{}", codes[1])).await.expect(200);
    assert!(expired.body.contains("This card has expired"));
    let sent = phone
        .post_form(&format!("/f/{}", codes[1]), &[("q_listened", "5")])
        .await
        .expect(200);
    assert!(sent.body.contains("This card has expired"));

    let id = t
        .scalar_i64(&format!(
            "SELECT id FROM feedback_requests WHERE code_hash = '{}'",
            mhsw::domain::feedback::code_hash(&codes[2])
        ))
        .await;
    let pat_web = t.signed_in(PRACTITIONER).await;
    // Asked first: the card still works until the person confirms.
    let asked = pat_web
        .post_form(&format!("/feedback/cards/{id}/withdraw"), &[])
        .await
        .expect(200);
    assert!(asked.body.contains(&format!("Withdraw card number {id}?")));
    phone.get(&format!("/f/{}", codes[2])).await.expect(200);
    assert_eq!(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM feedback_requests WHERE id = {id} AND withdrawn"
        ))
        .await,
        0,
        "nothing withdrawn before the confirmation"
    );
    pat_web
        .post_form(
            &format!("/feedback/cards/{id}/withdraw"),
            &[("confirm", "yes")],
        )
        .await
        .expect(303);
    let withdrawn = phone.get(&format!("/f/{}", codes[2])).await.expect(200);
    assert!(withdrawn.body.contains("This card no longer works"));
    // Someone else's card cannot be withdrawn.
    t.api(SUPERVISOR)
        .await
        .send_json(
            "DELETE",
            &format!("/api/v1/feedback/cards/{}", id),
            &json!({}),
        )
        .await
        .expect(404);
}

#[tokio::test]
async fn bad_answers_name_the_field_and_write_nothing() {
    let t = TestApp::new().await;
    clear_responses(&t).await;
    let code = cards(&t, "service_user", 1).await.remove(0);
    let phone = public(&t).await;
    let path = format!("/f/{code}");
    let res = phone
        .post_form(&path, &[("q_listened", "9"), ("q_respect", "4")])
        .await
        .expect(422);
    assert!(res.body.contains("Choose one of the answers to question 1"));
    assert!(res.body.contains("href=\"#q_listened\""));
    let empty = phone
        .post_form(&path, &[("comment", "   ")])
        .await
        .expect(422);
    assert!(
        empty
            .body
            .contains("Answer at least one question, or write a comment")
    );
    let long = "x".repeat(1001);
    let res = phone
        .post_form(&path, &[("q_listened", "5"), ("comment", &long)])
        .await
        .expect(422);
    assert!(res.body.contains("1000 characters or fewer"));
    // Easy read has yes (5), sometimes (3), no (1): 4 is not an easy read answer.
    let res = phone
        .post_form(&path, &[("format", "easy-read"), ("q_listened", "4")])
        .await
        .expect(422);
    assert!(res.body.contains("Your social worker"));
    // A body over the public limit is refused before it is read.
    let huge = "y".repeat(20_000);
    let res = phone
        .post_form(&path, &[("comment", &huge)])
        .await
        .expect(303);
    assert!(res.location().ends_with("?too_large=public"));
    assert_eq!(t.count("feedback_responses").await, 0, "nothing written");
    // The card was not used up by the refusals.
    phone
        .post_form(&path, &[("format", "easy-read"), ("q_listened", "3")])
        .await
        .expect(303);
    assert_eq!(t.count("feedback_responses").await, 1);
}

#[tokio::test]
async fn the_public_form_is_rate_limited_per_client() {
    let mut settings = Settings::default();
    settings.feedback.public_requests_per_minute = 3;
    let t = TestApp::with_settings(settings).await;
    let phone = t.anonymous();
    for _ in 0..3 {
        phone.get("/f/ZZZZZZZZZZ").await.expect(200);
    }
    let busy = phone.get("/f/ZZZZZZZZZZ").await.expect(429);
    assert!(busy.body.contains("Please wait a minute"));
    let wait: u64 = busy.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    // Signed-in pages are not limited by it.
    t.signed_in(PRACTITIONER)
        .await
        .get("/feedback")
        .await
        .expect(200);
}

/// Easy read covers the whole page, not only the questions: what to do if you need help now
/// and how to complain, each beside a picture; and a deployment's own crisis line is never
/// replaced by the general easy read sentences.
#[tokio::test]
async fn easy_read_covers_urgent_help_and_complaints_with_pictures() {
    let t = TestApp::new().await;
    let code = cards(&t, "service_user", 1).await.remove(0);
    let phone = public(&t).await;
    let easy = phone
        .get(&format!("/f/{code}?format=easy-read"))
        .await
        .expect(200)
        .body;
    for (picture, words) in [
        ("help", "In an emergency, call 999."),
        ("complain", "Complaining will not change the help you get."),
        ("private", "We do not ask your name."),
    ] {
        assert!(
            easy.contains(&format!(
                "src=\"/assets/images/easy-read/{picture}.svg\" alt=\"\""
            )),
            "{picture}"
        );
        assert!(easy.contains(words), "{words}");
        phone
            .get(&format!("/assets/images/easy-read/{picture}.svg"))
            .await
            .expect(200);
    }
    let standard = phone.get(&format!("/f/{code}")).await.expect(200).body;
    assert!(!standard.contains("/assets/images/easy-read/"));
    assert!(standard.contains("Patient Advice and Liaison Service"));

    // Answering in easy read thanks the person in easy read.
    let sent = phone
        .post_form(
            &format!("/f/{code}"),
            &[("format", "easy-read"), ("q_listened", "5")],
        )
        .await
        .expect(303);
    assert_eq!(sent.location(), "/f/thank-you?format=easy-read");
    let thanks = phone.get(sent.location()).await.expect(200).body;
    assert!(
        thanks.contains("easy-read/thanks.svg")
            && thanks.contains("Nobody reads this form every day.")
    );

    // A trust with its own crisis line but no easy read wording: its own line, not ours.
    let mut settings = Settings::default();
    settings.feedback.urgent_help =
        Some("Call the Northshire crisis line on 0800 000 0000.".into());
    let own = TestApp::with_settings(settings).await;
    let code = cards(&own, "service_user", 1).await.remove(0);
    let easy = public(&own)
        .await
        .get(&format!("/f/{code}?format=easy-read"))
        .await
        .expect(200)
        .body;
    assert!(easy.contains("Call the Northshire crisis line on 0800 000 0000."));
    assert!(!easy.contains("You can call NHS 111"));
}

/// The public pages lead to their own start page and privacy notice, never to staff sign-in.
#[tokio::test]
async fn public_pages_have_their_own_header_link_and_privacy_notice() {
    let t = TestApp::new().await;
    let code = cards(&t, "service_user", 1).await.remove(0);
    let phone = public(&t).await;
    for path in [
        format!("/f/{code}"),
        "/f".to_string(),
        "/f/privacy".to_string(),
    ] {
        let page = phone.get(&path).await.expect(200).body;
        assert!(
            page.contains("href=\"/f/privacy\">Privacy notice</a>"),
            "{path}"
        );
        assert!(!page.contains("href=\"/privacy\">Privacy notice"), "{path}");
        assert!(
            page.contains("class=\"nhsuk-header__service-logo\" href=\"/f\""),
            "{path}"
        );
        assert!(!page.contains("href=\"/sign-in"), "{path}");
    }
    let notice = phone.get("/f/privacy").await.expect(200).body;
    assert!(notice.contains("How we use your answers"));
    assert!(notice.contains("What we do not keep"));
    // Staff pages keep the staff notice and the NHS homepage link.
    let sign_in = phone.get("/sign-in").await.expect(200).body;
    assert!(sign_in.contains("href=\"/privacy\">Privacy notice</a>"));
    assert!(sign_in.contains("href=\"/\" aria-label=\"NHS homepage\""));
}
