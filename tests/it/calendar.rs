//! The private calendar feed: created on the account page (address shown once), read
//! without a session and parsed back with an independent iCalendar parser, and 404 once
//! stopped or replaced.

use crate::helpers::*;
use ical::IcalParser;
use ical::parser::ical::component::IcalEvent;
use time::Duration;

/// Pat's practitioner id and Sam's user id.
async fn pat_and_sam(t: &TestApp) -> (i64, i64) {
    let pat = t
        .scalar_i64(&format!(
            "SELECT practitioner_id FROM users WHERE email = '{PRACTITIONER}'"
        ))
        .await;
    (pat, t.user_id(SUPERVISOR).await)
}

/// A planned session (with notes that must never leave the system) in 5 days.
async fn plan_session(t: &TestApp) -> (i64, String) {
    let (pat, sam) = pat_and_sam(t).await;
    let on = (crate::helpers::today() + Duration::days(5)).to_string();
    let id = mhsw::store::engine::query_scalar::<i64>(&format!(
        "INSERT INTO supervision_sessions (practitioner_id, supervisor_user_id, session_type, status,
            scheduled_on, notes, created_at, updated_at)
         VALUES ({pat}, {sam}, 'professional', 'planned', '{on}', 'Secret, private notes',
            '2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z') RETURNING id"
    ))
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    (id, on.replace('-', ""))
}

/// Creates a feed as `c` and returns its path (from the address shown once).
async fn create_feed(c: &Client) -> String {
    let page = c.post_form("/account/calendar", &[]).await.expect(200);
    let start = page
        .body
        .find("<code id=\"feed-url\">")
        .expect("address shown")
        + 20;
    let url = page.body[start..start + page.body[start..].find("</code>").unwrap()]
        .replace("&#x2f;", "/");
    assert!(url.starts_with("http://") && url.ends_with(".ics"), "{url}");
    url.split_once("://")
        .unwrap()
        .1
        .split_once('/')
        .map(|(_, p)| format!("/{p}"))
        .unwrap()
}

fn events(body: &str) -> Vec<IcalEvent> {
    let mut cals = IcalParser::new(body.as_bytes());
    let cal = cals.next().expect("one calendar").expect("parses");
    assert!(cals.next().is_none());
    cal.events
}

fn prop<'a>(e: &'a IcalEvent, name: &str) -> Option<&'a ical::property::Property> {
    e.properties.iter().find(|p| p.name == name)
}

#[tokio::test]
async fn a_feed_lists_planned_sessions_for_both_parties_and_stops_when_revoked() {
    let t = TestApp::new().await;
    let (session_id, on) = plan_session(&t).await;
    let pat = t.signed_in(PRACTITIONER).await;
    assert!(
        pat.get("/")
            .await
            .expect(200)
            .body
            .contains("href=\"/account/calendar\"")
    );
    let page = pat.get("/account/calendar").await.expect(200);
    assert!(page.body.contains("You do not have a feed"));
    let path = create_feed(&pat).await;
    assert!(
        !pat.get("/account/calendar").await.body.contains("feed-url"),
        "shown once"
    );

    let feed = t.anonymous().get(&path).await.expect(200);
    assert!(
        feed.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let raw = &feed.body;
    assert!(
        raw.ends_with("\r\n") && !raw.replace("\r\n", "").contains('\n'),
        "CRLF only"
    );
    assert!(
        raw.split("\r\n").all(|l| l.len() <= 75),
        "folded at 75 octets"
    );
    assert!(!raw.contains("Secret"), "never notes");
    let evs = events(raw);
    let mine = evs
        .iter()
        .find(|e| {
            prop(e, "UID").and_then(|p| p.value.as_deref())
                == Some(&format!("supervision-session-{session_id}@mhsw"))
        })
        .expect("the planned session is in Pat's feed");
    let start = prop(mine, "DTSTART").unwrap();
    assert_eq!(start.value.as_deref(), Some(on.as_str()));
    assert_eq!(
        start.params.as_ref().unwrap()[0],
        ("VALUE".to_string(), vec!["DATE".to_string()])
    );
    assert_eq!(
        prop(mine, "DTSTAMP").unwrap().value.as_deref(),
        Some("20261101T090000Z")
    );
    let summary = prop(mine, "SUMMARY").unwrap().value.clone().unwrap();
    assert!(summary.contains("with Sam Supervisor"), "{summary}");
    for e in &evs {
        for p in ["UID", "DTSTAMP", "DTSTART", "SUMMARY"] {
            assert!(prop(e, p).is_some(), "{p} missing");
        }
    }

    // Sam's own feed shows the same session, naming Pat's record.
    let sam = t.signed_in(SUPERVISOR).await;
    let sam_feed = t
        .anonymous()
        .get(&create_feed(&sam).await)
        .await
        .expect(200);
    assert!(
        sam_feed
            .body
            .contains(&format!("supervision-session-{session_id}@mhsw"))
    );

    // Stopping the feed makes the old address 404; so does replacing it.
    let stopped = pat
        .post_form("/account/calendar/revoke", &[])
        .await
        .expect(303);
    assert_eq!(stopped.location(), "/account/calendar?done=stopped");
    t.anonymous().get(&path).await.expect(404);
    let second = create_feed(&pat).await;
    let third = create_feed(&pat).await;
    t.anonymous().get(&second).await.expect(404);
    t.anonymous().get(&third).await.expect(200);
    let audited = t
        .scalar_i64("SELECT COUNT(*) FROM audit_log WHERE record_type = 'calendar_feed'")
        .await;
    assert!(audited >= 5, "create, read, revoke are audited: {audited}");
}

#[tokio::test]
async fn unknown_tokens_and_other_paths_answer_404() {
    let t = TestApp::new().await;
    let anon = t.anonymous();
    anon.get("/calendar/nonsense.ics").await.expect(404);
    let pat = t.signed_in(PRACTITIONER).await;
    let path = create_feed(&pat).await;
    anon.get(path.trim_end_matches(".ics")).await.expect(404);
    anon.get(&format!("{path}x")).await.expect(404);
    // Only the hash is stored.
    let token = path
        .trim_start_matches("/calendar/")
        .trim_end_matches(".ics");
    let stored = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM calendar_feeds WHERE token_hash = '{token}'"
        ))
        .await;
    assert_eq!(stored, 0);
}

#[tokio::test]
async fn the_api_creates_and_stops_a_feed() {
    let t = TestApp::new().await;
    let api = t.api(PRACTITIONER).await;
    let created = api
        .send_json("POST", "/api/v1/me/calendar-feed", &serde_json::json!({}))
        .await
        .expect(201)
        .json();
    let url = created["url"].as_str().unwrap();
    let path = format!("/calendar/{}", url.rsplit_once("/calendar/").unwrap().1);
    t.anonymous().get(&path).await.expect(200);
    api.send_json("DELETE", "/api/v1/me/calendar-feed", &serde_json::json!({}))
        .await
        .expect(204);
    t.anonymous().get(&path).await.expect(404);
}
