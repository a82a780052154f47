//! Collaborative conversation notes: the practitioner writes and reads their own; bad input
//! names the field and writes nothing; nobody else reads a note (another practitioner, the
//! PSW) until it is shared, and then only the supervisors named in the agreement, audited;
//! "Record as CPD" makes one draft that copies none of the text; the API round trip.

use crate::helpers::*;
use serde_json::{Value, json};
use time::{Date, Duration};

fn today() -> Date {
    crate::helpers::today()
}

fn note(discussed: &str) -> Value {
    json!({
        "held_on": (today() - Duration::days(3)).to_string(),
        "with_whom": "carer",
        "setting": "Home visit",
        "discussed": discussed,
        "helped": "Ringing back when I said I would",
        "did_not_help": "Too many abbreviations in the meeting",
        "co_production": "partly",
        "co_production_detail": "We wrote the summary together",
        "learnt": "Carers need the plan in writing",
        "do_differently": "Send a written summary after each meeting",
        "consent": "yes",
    })
}

async fn create(api: &Client, discussed: &str) -> i64 {
    api.send_json("POST", "/api/v1/me/conversations", &note(discussed))
        .await
        .expect(201)
        .json()["conversation"]["id"]
        .as_i64()
        .unwrap()
}

async fn audited(t: &TestApp, record_type: &str, id: i64, action: &str) -> i64 {
    t.scalar_i64(&format!(
        "SELECT COUNT(*) FROM audit_log WHERE record_type = '{record_type}' AND record_id = '{id}' AND action = '{action}'"
    ))
    .await
}

/// A practitioner user linked to someone other than Pat, in the same trust.
async fn another_practitioner(t: &TestApp) -> String {
    let pat = t
        .scalar_i64(&format!(
            "SELECT practitioner_id FROM users WHERE email = '{PRACTITIONER}'"
        ))
        .await;
    let someone = t
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM practitioners WHERE id <> {pat} AND end_date IS NULL
             AND employer_org_id = (SELECT employer_org_id FROM practitioners WHERE id = {pat})"
        ))
        .await;
    let email = "another.practitioner@northshire.example.nhs.uk".to_string();
    let fields = mhsw::domain::user::UserFields {
        email: email.clone(),
        display_name: "Another Practitioner".into(),
        org_id: Some(t.org_id("R9N").await),
        practitioner_id: Some(someone),
        active: true,
        roles: vec![mhsw::domain::Role::Practitioner],
    };
    let mut conn = t.db.connection().await.unwrap();
    mhsw::store::users::insert(&mut conn, &fields, None)
        .await
        .unwrap();
    email
}

#[tokio::test]
async fn the_practitioner_writes_reads_changes_and_deletes_their_own_note() {
    let t = TestApp::new().await;
    let web = t.signed_in(PRACTITIONER).await;
    let list = web.get("/conversations").await.expect(200);
    assert!(list.body.contains("Making the difference together"));
    let form = web.get("/conversations/new").await.expect(200);
    assert!(form.body.contains("Do not name the person"));
    assert!(form.body.contains("nhsuk-character-count"));
    let held = (today() - Duration::days(1)).to_string();
    let res = web
        .post_form(
            "/conversations/new",
            &[
                ("held_on", &held),
                ("with_whom", "service_user"),
                ("setting", "Ward review"),
                ("discussed", "The assessment from the other side"),
                ("helped", ""),
                ("did_not_help", "Not knowing who was in the room"),
                ("co_production", "mostly_me"),
                ("co_production_detail", ""),
                (
                    "learnt",
                    "Introductions are not obvious to a frightened person",
                ),
                ("do_differently", "Introduce everyone and their role"),
                ("consent", "yes"),
            ],
        )
        .await
        .expect(303);
    let path = res.location().split('?').next().unwrap().to_string();
    let id: i64 = path.trim_start_matches("/conversations/").parse().unwrap();
    let page = web.get(res.location()).await.expect(200);
    assert!(page.body.contains("The note is saved"));
    assert!(page.body.contains("Not knowing who was in the room"));
    assert!(page.body.contains("A person using services"));
    assert!(page.body.contains("Mostly led by me"));
    let list = web.get("/conversations").await.expect(200);
    let shown = mhsw::domain::dates::short(mhsw::domain::dates::parse_iso_day(&held).unwrap());
    assert!(list.body.contains(&format!(">{shown}</a>")), "listed");
    assert!(
        !list.body.contains("Not knowing who was in the room"),
        "the list shows no content"
    );

    let edit = web.get(&format!("{path}/edit")).await.expect(200);
    assert!(edit.body.contains("Introduce everyone and their role"));
    web.post_form(
        &format!("{path}/edit"),
        &[
            ("held_on", &held),
            ("with_whom", "service_user"),
            ("setting", "Ward review"),
            ("discussed", "The assessment, looking back"),
            ("helped", "Being told what would happen next"),
            ("co_production", "partly"),
            ("learnt", "Introductions matter"),
            ("do_differently", "Introduce everyone and their role"),
            ("consent", "yes"),
        ],
    )
    .await
    .expect(303);
    let page = web.get(&path).await.expect(200);
    assert!(page.body.contains("The assessment, looking back"));

    // The audit trail says what happened, never what was written.
    assert_eq!(
        audited(&t, "collaborative_conversation", id, "create").await,
        1
    );
    assert_eq!(
        audited(&t, "collaborative_conversation", id, "update").await,
        1
    );
    assert!(audited(&t, "collaborative_conversation", id, "read").await >= 2);
    let leaked = t
        .scalar_i64("SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%assessment%' OR detail LIKE '%Introduc%'")
        .await;
    assert_eq!(leaked, 0);

    web.post_form(&format!("{path}/delete"), &[])
        .await
        .expect(303);
    web.get(&path).await.expect(404);
    assert_eq!(
        audited(&t, "collaborative_conversation", id, "delete").await,
        1
    );
}

#[tokio::test]
async fn bad_input_names_the_field_and_writes_nothing() {
    let t = TestApp::new().await;
    let api = t.api(PRACTITIONER).await;
    let before = t.count("collaborative_conversations").await;
    let mut future = note("Tomorrow");
    future["held_on"] = json!((today() + Duration::days(1)).to_string());
    let mut old = note("Long ago");
    old["held_on"] = json!((today() - Duration::days(400)).to_string());
    let mut refused = note("No agreement");
    refused["consent"] = json!("no");
    let mut neither = note("Nothing said");
    neither["helped"] = json!("");
    neither["did_not_help"] = json!(" ");
    let mut codes = note("Bad codes");
    codes["with_whom"] = json!("neighbour");
    codes["co_production"] = json!("always");
    let mut identifying = note("Her NHS number is 943 476 5919");
    identifying["setting"] = json!("Flat 2, SW1A 1AA");
    let mut long = note("Long");
    long["learnt"] = json!("x".repeat(2001));
    for (body, fields) in [
        (future, vec!["held_on"]),
        (old, vec!["held_on"]),
        (refused, vec!["consent"]),
        (neither, vec!["helped"]),
        (codes, vec!["with_whom", "co_production"]),
        (identifying, vec!["setting", "discussed"]),
        (long, vec!["learnt"]),
        (
            json!({}),
            vec!["held_on", "with_whom", "setting", "discussed", "consent"],
        ),
    ] {
        expect_refused(&api, "POST", "/api/v1/me/conversations", &body, &fields).await;
    }
    // A field the note does not have (a name, say) is refused, not dropped.
    let mut named = note("Named");
    named["person_name"] = json!("Someone");
    let r = api
        .send_json("POST", "/api/v1/me/conversations", &named)
        .await
        .expect(422);
    assert!(r.body.contains("person_name"), "{}", r.body);
    assert_eq!(t.count("collaborative_conversations").await, before);

    // The form shows the error summary first, naming the fields, and keeps what was typed.
    let web = t.signed_in(PRACTITIONER).await;
    let page = web
        .post_form(
            "/conversations/new",
            &[("discussed", "Kept as typed"), ("consent", "no")],
        )
        .await
        .expect(422);
    let summary = page.body.find("nhsuk-error-summary").expect("summary");
    assert!(summary < page.body.find("id=\"held_on\"").unwrap());
    assert!(page.body.contains("href=\"#held_on\""));
    assert!(page.body.contains("href=\"#consent\""));
    assert!(page.body.contains("Kept as typed"));
    assert!(page.body.contains("<title>Error: "));
    assert_eq!(t.count("collaborative_conversations").await, before);
}

#[tokio::test]
async fn nobody_else_reads_a_note_until_it_is_shared_and_then_only_named_supervisors() {
    let t = TestApp::new().await;
    let api = t.api(PRACTITIONER).await;
    let id = create(&api, "A private conversation about my practice").await;
    let path = format!("/api/v1/conversations/{id}");
    let sam = t.api(SUPERVISOR).await;
    let psw = t.api(PSW).await;
    let other = t.api(&another_practitioner(&t).await).await;
    for c in [&sam, &psw, &other] {
        c.get(&path).await.expect(404);
    }
    let sam_web = t.signed_in(SUPERVISOR).await;
    sam_web
        .get(&format!("/conversations/{id}"))
        .await
        .expect(404);
    // Nor can they change, share, delete or draft CPD from it.
    sam.send_json("PUT", &path, &note("Changed by Sam"))
        .await
        .expect(404);
    sam.send_json("PUT", &format!("{path}/shared"), &json!({"shared": true}))
        .await
        .expect(404);
    sam.send_json("POST", &format!("{path}/cpd"), &json!({}))
        .await
        .expect(404);
    sam.send_json("DELETE", &path, &json!({})).await.expect(404);

    // Shared: Sam, named in Pat's agreement, reads it (audited as shared); the PSW, not
    // named, and the other practitioner still cannot.
    api.send_json("PUT", &format!("{path}/shared"), &json!({"shared": true}))
        .await
        .expect(200);
    assert_eq!(
        audited(&t, "collaborative_conversation", id, "share").await,
        1
    );
    let seen = sam.get(&path).await.expect(200).json();
    assert_eq!(seen["is_owner"], false);
    assert_eq!(
        seen["conversation"]["discussed"],
        "A private conversation about my practice"
    );
    assert_eq!(seen["cpd_record_id"], Value::Null);
    psw.get(&path).await.expect(404);
    other.get(&path).await.expect(404);
    let page = sam_web
        .get(&format!("/conversations/{id}"))
        .await
        .expect(200);
    assert!(page.body.contains("Shared with you by"));
    assert!(!page.body.contains("Change the note"));
    let shared_reads = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_log a JOIN users u ON u.id = a.actor_user_id
             WHERE u.email = '{SUPERVISOR}' AND a.record_type = 'collaborative_conversation'
               AND a.record_id = '{id}' AND a.action = 'read' AND a.detail = 'shared'"
        ))
        .await;
    assert_eq!(shared_reads, 2);
    // Sam finds it in the list of notes shared with him; the PSW's list has none of Pat's.
    let sam_list = sam.get("/api/v1/me/conversations").await.expect(200).json();
    assert!(
        sam_list["shared_with_me"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == id)
    );
    let psw_list = t
        .signed_in(PSW)
        .await
        .get("/conversations")
        .await
        .expect(200);
    assert!(!psw_list.body.contains(&format!("/conversations/{id}")));
    // Sam still cannot change it.
    sam.send_json("PUT", &path, &note("Changed by Sam"))
        .await
        .expect(404);

    // Withdrawn: gone again.
    api.send_json("PUT", &format!("{path}/shared"), &json!({"shared": false}))
        .await
        .expect(200);
    sam.get(&path).await.expect(404);
    assert_eq!(
        audited(&t, "collaborative_conversation", id, "unshare").await,
        1
    );
}

#[tokio::test]
async fn record_as_cpd_makes_one_draft_that_copies_no_text() {
    let t = TestApp::new().await;
    let api = t.api(PRACTITIONER).await;
    let id = create(&api, "Secret detail about the discharge").await;
    let before = t.count("cpd_records").await;
    let draft = api
        .send_json(
            "POST",
            &format!("/api/v1/conversations/{id}/cpd"),
            &json!({}),
        )
        .await
        .expect(200)
        .json();
    let r = &draft["record"];
    let held = (today() - Duration::days(3)).to_string();
    assert_eq!(r["status"], "draft");
    assert_eq!(r["cpd_type"], "feedback");
    assert_eq!(r["activity_on"], held);
    assert_eq!(r["standard4_parts"], json!(["4.1", "4.6"]));
    assert_eq!(r["from_conversation_id"], id);
    assert_eq!(r["learning"], "");
    assert_eq!(r["impact"], "");
    assert!(
        r["description"]
            .as_str()
            .unwrap()
            .starts_with("A collaborative conversation about my practice with a carer on "),
        "{}",
        r["description"]
    );
    let text = draft.to_string();
    for copied in [
        "Secret detail",
        "Ringing back",
        "abbreviations",
        "written summary",
        "Home visit",
        "plan in writing",
    ] {
        assert!(!text.contains(copied), "{copied} copied into the CPD draft");
    }
    // Asked again, from the API or the page: the same draft.
    let again = api
        .send_json(
            "POST",
            &format!("/api/v1/conversations/{id}/cpd"),
            &json!({}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(again["record"]["id"], r["id"]);
    let web = t.signed_in(PRACTITIONER).await;
    let res = web
        .post_form(&format!("/conversations/{id}/cpd"), &[])
        .await
        .expect(303);
    assert_eq!(res.location(), format!("/cpd/records/{}/edit", r["id"]));
    assert_eq!(t.count("cpd_records").await, before + 1);
    assert_eq!(
        audited(&t, "cpd_record", r["id"].as_i64().unwrap(), "create").await,
        1
    );
    // The note links to its draft; the draft page links back.
    let page = web.get(&format!("/conversations/{id}")).await.expect(200);
    assert!(page.body.contains(">Open the CPD record</a>"));
    let cpd = web
        .get(&format!("/cpd/records/{}", r["id"]))
        .await
        .expect(200);
    assert!(cpd.body.contains(">Read your note of the conversation</a>"));
    // Deleting the note keeps the CPD record, unlinked.
    api.send_json("DELETE", &format!("/api/v1/conversations/{id}"), &json!({}))
        .await
        .expect(204);
    let kept = api
        .get(&format!("/api/v1/cpd/records/{}", r["id"]))
        .await
        .expect(200)
        .json();
    assert_eq!(kept["record"]["from_conversation_id"], Value::Null);
}

#[tokio::test]
async fn the_api_round_trip() {
    let t = TestApp::new().await;
    let api = t.api(PRACTITIONER).await;
    let created = api
        .send_json(
            "POST",
            "/api/v1/me/conversations",
            &note("Talking about reviews"),
        )
        .await
        .expect(201)
        .json();
    assert_eq!(created["is_owner"], true);
    assert_eq!(created["conversation"]["consent_given"], true);
    assert_eq!(created["conversation"]["shared_with_supervisors"], false);
    let id = created["conversation"]["id"].as_i64().unwrap();
    let path = format!("/api/v1/conversations/{id}");
    let mut changed = note("Talking about reviews, again");
    changed["with_whom"] = json!("service_user");
    let updated = api
        .send_json("PUT", &path, &changed)
        .await
        .expect(200)
        .json();
    assert_eq!(updated["conversation"]["with_whom"], "service_user");
    assert_eq!(
        updated["conversation"]["discussed"],
        "Talking about reviews, again"
    );
    let mut bad = changed.clone();
    bad["consent"] = json!("");
    let r = api.send_json("PUT", &path, &bad).await.expect(422).json();
    assert_eq!(field_errors(&r), vec!["consent"]);
    let list = api.get("/api/v1/me/conversations").await.expect(200).json();
    let line = list["own"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .cloned()
        .expect("listed");
    assert_eq!(line["with_whom"], "service_user");
    assert!(
        line.get("discussed").is_none(),
        "the list carries no content"
    );
    api.send_json("DELETE", &path, &json!({})).await.expect(204);
    api.get(&path).await.expect(404);
    // Someone without a practitioner record and no one to supervise has no notes.
    t.api(WORKFORCE)
        .await
        .get("/api/v1/me/conversations")
        .await
        .expect(403);
}

#[tokio::test]
async fn the_development_page_has_a_card_for_practitioners_only() {
    let t = TestApp::new().await;
    let pat = t
        .signed_in(PRACTITIONER)
        .await
        .get("/development")
        .await
        .expect(200);
    assert!(pat.body.contains(">Collaborative conversations</a>"));
    let home = t.signed_in(PRACTITIONER).await.get("/").await.expect(200);
    assert!(home.body.contains(">Collaborative conversations</a>"));
    let psw = t.signed_in(PSW).await.get("/development").await.expect(200);
    assert!(!psw.body.contains(">Collaborative conversations</a>"));
}
