//! Raising concerns (`/concerns`, `/api/v1/concerns`): who reads a concern, that an
//! anonymous one keeps nothing that names its sender, and the answer's course from
//! assignment to closing.

use crate::helpers::*;

fn reference_in(body: &str) -> String {
    let start = body
        .find("<code id=\"reference\">")
        .expect("the reference is shown")
        + 21;
    let end = start + body[start..].find("</code>").unwrap();
    body[start..end].to_string()
}

const CONCERN: &[(&str, &str)] = &[
    ("category", "unsafe_practice"),
    ("summary", "Section 136 suite left unstaffed at night"),
    (
        "details",
        "Twice this month nobody was on the suite after 10pm.",
    ),
];

fn with_anonymous(answer: &str) -> Vec<(&str, &str)> {
    let mut f = CONCERN.to_vec();
    f.push(("anonymous", answer));
    f
}

/// An anonymous concern: stored with no user, audited as the anonymous sender with no
/// user or request id, its reference shown once and kept only as a hash; the sender
/// follows it and replies by the reference; the PSW answers; nobody else can read it.
#[tokio::test]
async fn an_anonymous_concern_names_nobody_and_is_followed_by_its_reference() {
    let t = TestApp::new().await;
    let sender = t.signed_in(PRACTITIONER).await;
    let demo = t.count("concerns").await;
    let anonymous =
        "SELECT COUNT(*) FROM concerns WHERE raised_by_user_id IS NULL AND anonymous = TRUE";
    let anonymous_before = t.scalar_i64(anonymous).await;
    // Not choosing is not taken as "give my name".
    let r = sender.post_form("/concerns/new", CONCERN).await.expect(422);
    assert!(r.body.contains("#anonymous"), "the error names the field");
    assert_eq!(t.count("concerns").await, demo, "nothing written");
    let raised = sender
        .post_form("/concerns/new", &with_anonymous("yes"))
        .await
        .expect(200);
    let reference = reference_in(&raised.body);
    assert_eq!(reference.len(), 19, "four groups of four: {reference}");
    let sender_id = t.user_id(PRACTITIONER).await;
    assert_eq!(t.scalar_i64(anonymous).await, anonymous_before + 1);
    let stored_reference = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM concerns WHERE reference_hash LIKE '%{}%'",
            reference.replace('-', "")
        ))
        .await;
    assert_eq!(stored_reference, 0, "only a hash of the reference is kept");
    // The trail names nobody for it.
    let named = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE record_type = 'concern' AND (actor_user_id = {sender_id} OR request_id <> '')"
        ))
        .await;
    assert_eq!(named, 0);
    assert_eq!(
        t.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE record_type = 'concern' AND actor_email = 'anonymous sender'")
            .await,
        1
    );
    // It is not in the sender's own list of named concerns.
    let list = sender.get("/concerns").await.expect(200);
    assert!(!list.body.contains("Section 136 suite"));
    // The PSW sees it, anonymous, and answers it.
    let id = t.scalar_i64("SELECT MAX(id) FROM concerns").await;
    let psw = t.signed_in(PSW).await;
    let page = psw.get(&format!("/concerns/{id}")).await.expect(200);
    assert!(page.body.contains("Anonymous"));
    let v = t
        .api(PSW)
        .await
        .get(&format!("/api/v1/concerns/{id}"))
        .await
        .expect(200)
        .json();
    assert!(
        v["concern"]["raised_by_user_id"].is_null() && v["concern"]["raised_by_name"].is_null()
    );
    psw.post_form(
        &format!("/concerns/{id}/reply"),
        &[("body", "Thank you. Night cover starts on Monday.")],
    )
    .await
    .expect(303);
    // The sender reads the answer by the reference, typed in lower case, and replies.
    let followed = sender
        .post_form(
            "/concerns/follow",
            &[("reference", reference.to_lowercase().as_str())],
        )
        .await
        .expect(200);
    assert!(followed.body.contains("Night cover starts on Monday"));
    sender
        .post_form(
            "/concerns/follow/reply",
            &[("reference", reference.as_str()), ("body", "Thank you.")],
        )
        .await
        .expect(200);
    let from_sender = t
        .scalar_i64(&format!("SELECT COUNT(*) FROM concern_messages WHERE concern_id = {id} AND from_sender = TRUE AND author_user_id IS NULL"))
        .await;
    assert_eq!(from_sender, 1);
    let named = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE record_type = 'concern' AND actor_user_id = {sender_id}"
        ))
        .await;
    assert_eq!(
        named, 0,
        "following and replying are not audited as the sender"
    );
    // A wrong reference is refused kindly, the same way whatever it is.
    let wrong = sender
        .post_form("/concerns/follow", &[("reference", "ABCD-EFGH-JKMN-PQRS")])
        .await
        .expect(422);
    assert!(wrong.body.contains("#reference"));
    // Another organisation's social worker cannot open it with the reference.
    t.signed_in(COUNCIL_PSW)
        .await
        .post_form("/concerns/follow", &[("reference", reference.as_str())])
        .await
        .expect(422);
    // Nobody else in the organisation reads it, whatever their role.
    for who in [SUPERVISOR, WORKFORCE] {
        t.signed_in(who)
            .await
            .get(&format!("/concerns/{id}"))
            .await
            .expect(404);
    }
    // The API refuses to raise one anonymously: the token names its holder.
    let api = t.api(PRACTITIONER).await;
    let r = api
        .send_json(
            "POST",
            "/api/v1/concerns",
            &serde_json::json!({"category": "workload", "summary": "s", "details": "d", "anonymous": true}),
        )
        .await
        .expect(422);
    assert_eq!(field_errors(&r.json()), ["anonymous"]);
}

/// A named concern: its sender, the PSW and the person asked to answer it read it; the
/// first answer sets the day answered; the PSW closes it with the outcome.
#[tokio::test]
async fn a_named_concern_is_assigned_answered_and_closed() {
    let t = TestApp::new().await;
    let api = t.api(PRACTITIONER).await;
    let v = api
        .send_json(
            "POST",
            "/api/v1/concerns",
            &serde_json::json!({"category": "workload", "summary": "Caseloads", "details": "Forty cases each", "anonymous": false}),
        )
        .await
        .expect(201)
        .json();
    let id = v["concern"]["id"].as_i64().unwrap();
    assert_eq!(v["part"], "sender");
    assert_eq!(v["standing"], "awaiting_answer");
    let due = time::Date::parse(
        v["concern"]["answer_due_on"].as_str().unwrap(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .unwrap();
    assert_eq!(
        due,
        today() + time::Duration::days(i64::from(t.settings.concerns.answer_within_days))
    );
    // The supervisor cannot read it until asked to answer it.
    let supervisor = t.signed_in(SUPERVISOR).await;
    supervisor.get(&format!("/concerns/{id}")).await.expect(404);
    let psw = t.signed_in(PSW).await;
    // Only people of the organisation may be asked.
    let outsider = t.user_id(COUNCIL_PSW).await.to_string();
    let r = psw
        .post_form(
            &format!("/concerns/{id}/assign"),
            &[("user_id", outsider.as_str())],
        )
        .await
        .expect(422);
    assert!(r.body.contains("#user_id"));
    let sup_id = t.user_id(SUPERVISOR).await.to_string();
    psw.post_form(
        &format!("/concerns/{id}/assign"),
        &[("user_id", sup_id.as_str())],
    )
    .await
    .expect(303);
    let page = supervisor.get(&format!("/concerns/{id}")).await.expect(200);
    assert!(page.body.contains("Forty cases each"));
    supervisor
        .post_form(
            &format!("/concerns/{id}/reply"),
            &[("body", "We are moving six cases to the new starter.")],
        )
        .await
        .expect(303);
    let v = api
        .get(&format!("/api/v1/concerns/{id}"))
        .await
        .expect(200)
        .json();
    assert_eq!(v["standing"], "answered");
    assert_eq!(v["concern"]["first_answered_on"], today().to_string());
    assert_eq!(v["messages"][0]["from_sender"], false);
    // The supervisor may not close it; the PSW closes it, and a closed concern takes no
    // more messages.
    supervisor
        .post_form(&format!("/concerns/{id}/close"), &[])
        .await
        .expect(403);
    let r = psw
        .post_form(&format!("/concerns/{id}/close"), &[("outcome", "")])
        .await
        .expect(422);
    assert!(r.body.contains("#outcome") && r.body.contains("#what_changed"));
    psw.post_form(
        &format!("/concerns/{id}/close"),
        &[
            ("outcome", "Caseloads rebalanced"),
            ("what_changed", "A weekly caseload review"),
        ],
    )
    .await
    .expect(303);
    let r = api
        .send_json(
            "POST",
            &format!("/api/v1/concerns/{id}/messages"),
            &serde_json::json!({"body": "One more thing"}),
        )
        .await
        .expect(422);
    assert_eq!(field_errors(&r.json()), ["body"]);
    let lists = api.get("/api/v1/concerns").await.expect(200).json();
    assert_eq!(lists["raised_by_me"][0]["standing"], "closed");
    assert!(
        lists["organisation"].is_null(),
        "only the PSW sees every concern"
    );
    // Each read and write is audited under its reader.
    let sup = t.user_id(SUPERVISOR).await;
    assert!(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE record_type = 'concern' AND action = 'read' AND actor_user_id = {sup}"
        ))
        .await
            >= 1
    );
}
