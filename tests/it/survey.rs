//! The wellbeing and engagement survey (`/surveys`, `/survey/{link}`, `/wellbeing-survey`):
//! a cycle opens and invites the organisation's staff, single-use links go by email (a real
//! SMTP server), reminders reach only those who have not answered, answers are counters
//! with nothing that names anyone, and results show only once the cycle is closed, each
//! group only at the threshold.

use crate::helpers::*;
use crate::mailserver::{Delivered, MailServer};
use mhsw::config::Settings;

fn settings(mail: &MailServer, min_group: u32) -> Settings {
    let mut s = mail.settings();
    s.wellbeing_survey.min_group = min_group;
    s
}

/// A complete answer: every statement at `agree`, every question's first option.
fn answer(agree: u8) -> Vec<(String, String)> {
    let i = mhsw::domain::survey::current();
    let mut a: Vec<(String, String)> = i
        .statements()
        .map(|s| (s.code.clone(), agree.to_string()))
        .collect();
    for c in &i.choices {
        a.push((c.code.clone(), c.options[0].code.clone()));
    }
    a
}

/// The link in a message.
fn link_in(m: &Delivered) -> String {
    let body = m.body();
    let at = body.find("/survey/").expect("a survey link");
    body[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/-_".contains(*c))
        .collect()
}

/// Opens a cycle as the trust's PSW; returns its id.
async fn open_cycle(psw: &Client, partner: &str) -> i64 {
    let closes = (today() + time::Duration::days(21)).to_string();
    let res = psw
        .post_form(
            "/surveys",
            &[
                ("title", "Wellbeing survey"),
                ("closes_on", &closes),
                ("partner_org_id", partner),
            ],
        )
        .await
        .expect(303);
    let loc = res.location().to_string();
    loc.trim_start_matches("/surveys/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

async fn invited_by(t: &TestApp, org: i64) -> i64 {
    t.scalar_i64(&format!(
        "SELECT COUNT(*) FROM practitioners WHERE employer_org_id = {org}
           AND start_date <= '{d}' AND (end_date IS NULL OR end_date >= '{d}')",
        d = today()
    ))
    .await
}

async fn invitations(t: &TestApp, cycle: i64) -> i64 {
    t.scalar_i64(&format!(
        "SELECT COUNT(*) FROM survey_invitations WHERE cycle_id = {cycle}"
    ))
    .await
}

#[tokio::test]
async fn a_survey_runs_from_invitation_to_results_and_nobody_learns_who_answered() {
    let mail = MailServer::start();
    let t = TestApp::with_settings(settings(&mail, 10)).await;
    let psw = t.signed_in(PSW).await;
    psw.get("/surveys").await.expect(200);
    let cycles = t.count("survey_cycles").await;

    // Opening: each field named when wrong, nothing written.
    let refused = psw
        .post_form("/surveys", &[("title", ""), ("closes_on", "2020-01-01")])
        .await
        .expect(422);
    assert!(refused.body.contains("#title") && refused.body.contains("#closes_on"));
    assert_eq!(t.count("survey_cycles").await, cycles, "nothing written");
    let id = open_cycle(&psw, "").await;
    let trust = t.org_id("R9N").await;
    let invited = invited_by(&t, trust).await;
    assert!(invited >= 12, "the demo trust employs {invited}");
    assert_eq!(invitations(&t, id).await, invited);

    // Invitations: one message each, with a single-use link.
    psw.post_form(&format!("/surveys/{id}/invitations"), &[])
        .await
        .expect(303);
    let first = mail.take();
    let with_email = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM survey_invitations i JOIN practitioners p ON p.id = i.practitioner_id
             WHERE i.cycle_id = {id} AND p.work_email <> ''"
        ))
        .await;
    assert_eq!(first.len() as i64, with_email);
    assert!(first[0].header("Subject").contains("Wellbeing survey"));
    // A second press sends nothing more: everyone has a link.
    psw.post_form(&format!("/surveys/{id}/invitations"), &[])
        .await
        .expect(303);
    assert!(mail.take().is_empty());

    // Answering through links: checked whole, once each.
    let anyone = crate::feedback::public(&t).await;
    let pat = t
        .scalar_text(&format!(
            "SELECT p.work_email FROM users u JOIN practitioners p ON p.id = u.practitioner_id
             WHERE u.email = '{PRACTITIONER}'"
        ))
        .await;
    let links: Vec<(String, String)> = first
        .iter()
        .map(|m| (m.to[0].clone(), link_in(m)))
        .filter(|(to, _)| *to != pat)
        .collect();
    let (_, one) = &links[0];
    let form = anyone.get(one).await.expect(200);
    assert!(form.body.contains("I feel I belong in my team"));
    let partial = anyone.post_form(one, &[("belong", "4")]).await.expect(422);
    assert!(partial.body.contains("#workload_manageable") && partial.body.contains("#caseload"));
    let tallies = format!("SELECT COUNT(*) FROM survey_tallies WHERE cycle_id = {id}");
    assert_eq!(t.scalar_i64(&tallies).await, 0, "nothing half-written");
    for (k, (_, link)) in links.iter().take(12).enumerate() {
        let a = answer(if k < 9 { 4 } else { 2 });
        let sent = anyone.post_form(link, &pairs(&a)).await.expect(303);
        assert_eq!(sent.location(), "/survey/thank-you");
    }
    let used = anyone.get(one).await.expect(200);
    assert!(used.body.contains("This link does not work"));
    anyone.post_form(one, &pairs(&answer(5))).await.expect(200);
    let everyone = format!(
        "SELECT n FROM survey_tallies WHERE cycle_id = {id} AND dimension = 'everyone' AND item = ''"
    );
    assert_eq!(
        t.scalar_i64(&everyone).await,
        12,
        "a used link adds nothing"
    );

    // Nothing stored names anyone or dates an answer.
    let answered_audit = "SELECT COUNT(*) FROM audit_log WHERE action = 'answer'
        AND record_type = 'wellbeing_survey' AND actor_user_id IS NULL
        AND actor_email = 'anonymous sender' AND request_id = ''";
    assert_eq!(t.scalar_i64(answered_audit).await, 12);

    // Signed in, Pat answers from the home page.
    let me = t.signed_in(PRACTITIONER).await;
    assert!(
        me.get("/")
            .await
            .expect(200)
            .body
            .contains("/wellbeing-survey")
    );
    let mine = me.get("/wellbeing-survey").await.expect(200);
    assert!(mine.body.contains(&format!("/wellbeing-survey/{id}")));
    me.post_form(&format!("/wellbeing-survey/{id}"), &pairs(&answer(5)))
        .await
        .expect(303);
    assert!(
        me.get("/wellbeing-survey")
            .await
            .expect(200)
            .body
            .contains("you have answered")
    );
    me.get(&format!("/wellbeing-survey/{id}")).await.expect(404);
    me.post_form(&format!("/wellbeing-survey/{id}"), &pairs(&answer(5)))
        .await
        .expect(409);
    assert_eq!(t.scalar_i64(&everyone).await, 13);

    // While open: a count in fives, no results.
    let open = psw.get(&format!("/surveys/{id}")).await.expect(200);
    assert!(open.body.contains("at least 10"), "{}", open.body);
    assert!(!open.body.contains("Agreement by standard"));
    let api = t.api(PSW).await;
    let r = api
        .get(&format!("/api/v1/surveys/{id}/results"))
        .await
        .expect(200)
        .json();
    assert_eq!(r["cycle"]["answered"], 10);
    assert_eq!(r["cycle"]["state"], "open");
    assert!(r["results"].is_null());

    // A reminder goes to those who have not answered only, with new links.
    psw.post_form(&format!("/surveys/{id}/reminders"), &[])
        .await
        .expect(303);
    let reminded = mail.take();
    assert_eq!(reminded.len() as i64, with_email - 13);
    let answered_to: Vec<&String> = links.iter().take(12).map(|(to, _)| to).collect();
    assert!(
        reminded
            .iter()
            .all(|m| !answered_to.contains(&&m.to[0]) && m.to[0] != pat)
    );
    assert!(
        reminded[0]
            .body()
            .contains("Nobody can see who has answered")
    );
    let (old_to, old_link) = &links[12];
    assert!(
        anyone
            .get(old_link)
            .await
            .expect(200)
            .body
            .contains("This link does not work")
    );
    let newer = reminded.iter().find(|m| &m.to[0] == old_to).unwrap();
    anyone.get(&link_in(newer)).await.expect(200);
    let again = psw
        .post_form(&format!("/surveys/{id}/reminders"), &[])
        .await
        .expect(409);
    assert!(again.body.contains("at most once every 7 days"));
    assert!(mail.take().is_empty());

    // Closed: results, and links no longer open the form.
    psw.post_form(&format!("/surveys/{id}/close"), &[])
        .await
        .expect(303);
    assert!(
        anyone
            .get(&link_in(newer))
            .await
            .expect(200)
            .body
            .contains("This survey has closed")
    );
    let page = psw.get(&format!("/surveys/{id}")).await.expect(200);
    assert!(
        page.body.contains("13 of your staff answered"),
        "{}",
        page.body
    );
    // Nine links answered 4, three answered 2, and Pat answered 5: 10 of 13 agree.
    assert!(page.body.contains("77%"), "10 of 13 agree");
    let r = api
        .get(&format!("/api/v1/surveys/{id}/results?by=team"))
        .await
        .expect(200)
        .json();
    assert_eq!(r["results"]["respondents"], 13);
    assert_eq!(r["results"]["standards"][0]["agree_percent"], 77);
    // The trend: the demo's closed cycle of last year, then this one (the demo's open
    // cycle of this year is left out).
    let trend = r["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 2, "{trend:?}");
    assert_eq!(trend[0]["title"], "Wellbeing survey, last year");
    assert!(trend[0]["respondents"].as_u64().unwrap() >= 10);
    assert_eq!(trend[1]["agree_percents"][0], 77);
    for g in r["groups"].as_array().unwrap() {
        assert!(g["respondents"].as_u64().unwrap() >= 10, "{g}");
    }
    api.get(&format!("/api/v1/surveys/{id}/results?by=shoe"))
        .await
        .expect(422);

    // Who may see what.
    me.get("/surveys").await.expect(403);
    me.get(&format!("/surveys/{id}")).await.expect(403);
    t.signed_in(COUNCIL_PSW)
        .await
        .get(&format!("/surveys/{id}"))
        .await
        .expect(404);
    for body in [page.body.as_str(), &r.to_string()] {
        assert!(!body.contains(&pat), "no page names who answered");
    }
}

#[tokio::test]
async fn breakdowns_show_only_groups_at_the_threshold_by_name() {
    let mail = MailServer::start();
    let t = TestApp::with_settings(settings(&mail, 3)).await;
    let psw = t.signed_in(PSW).await;
    let id = open_cycle(&psw, "").await;
    psw.post_form(&format!("/surveys/{id}/invitations"), &[])
        .await
        .expect(303);
    let anyone = crate::feedback::public(&t).await;
    for (k, m) in mail.take().iter().enumerate() {
        let a = answer(1 + (k % 5) as u8);
        anyone.post_form(&link_in(m), &pairs(&a)).await.expect(303);
    }
    psw.post_form(&format!("/surveys/{id}/close"), &[])
        .await
        .expect(303);
    let api = t.api(PSW).await;
    let r = api
        .get(&format!("/api/v1/surveys/{id}/results?by=team"))
        .await
        .expect(200)
        .json();
    let groups = r["groups"].as_array().unwrap();
    assert!(!groups.is_empty(), "{r}");
    let teams: Vec<String> = mhsw::store::engine::query_scalar("SELECT name FROM teams")
        .fetch_all(&t.db.pool)
        .await
        .unwrap();
    let mut shown = 0;
    for g in groups {
        let n = g["respondents"].as_u64().unwrap();
        assert!(n >= 3, "{g}");
        assert!(
            teams.iter().any(|team| g["name"] == team.as_str()) || g["name"] == "No team",
            "{g}"
        );
        assert_eq!(g["agree_percents"].as_array().unwrap().len(), 7);
        shown += n;
    }
    let total = r["results"]["respondents"].as_u64().unwrap();
    let hidden = r["hidden_groups"].as_u64().unwrap();
    assert!(hidden == 0 || (hidden >= 2 && total - shown >= 3), "{r}");
    let page = psw
        .get(&format!("/surveys/{id}?by=ethnic_group"))
        .await
        .expect(200);
    assert!(
        page.body.contains("Agreement by standard, by ethnic group")
            || page.body.contains("No group in this breakdown")
    );
}

#[tokio::test]
async fn partners_run_one_cycle_and_each_sees_its_own_staff() {
    let mail = MailServer::start();
    let t = TestApp::with_settings(settings(&mail, 3)).await;
    let council = t.org_id("LA9N1").await;
    let trust = t.org_id("R9N").await;
    let psw = t.signed_in(PSW).await;
    let id = open_cycle(&psw, &council.to_string()).await;
    assert_eq!(
        invitations(&t, id).await,
        invited_by(&t, trust).await + invited_by(&t, council).await
    );
    let council_psw = t.signed_in(COUNCIL_PSW).await;
    let list = council_psw.get("/surveys").await.expect(200);
    assert!(list.body.contains(&format!("/surveys/{id}")));
    council_psw
        .post_form(&format!("/surveys/{id}/close"), &[])
        .await
        .expect(403);
    // Each organisation emails its own staff.
    council_psw
        .post_form(&format!("/surveys/{id}/invitations"), &[])
        .await
        .expect(303);
    let to_council = mail.take();
    assert_eq!(to_council.len() as i64, invited_by(&t, council).await);
    psw.post_form(&format!("/surveys/{id}/invitations"), &[])
        .await
        .expect(303);
    let to_trust = mail.take();
    let anyone = crate::feedback::public(&t).await;
    for m in &to_council {
        anyone
            .post_form(&link_in(m), &pairs(&answer(2)))
            .await
            .expect(303);
    }
    for m in &to_trust {
        anyone
            .post_form(&link_in(m), &pairs(&answer(5)))
            .await
            .expect(303);
    }
    psw.post_form(&format!("/surveys/{id}/close"), &[])
        .await
        .expect(303);
    let mine = t
        .api(PSW)
        .await
        .get(&format!("/api/v1/surveys/{id}/results"))
        .await
        .expect(200)
        .json();
    assert_eq!(mine["results"]["standards"][0]["agree_percent"], 100);
    assert_eq!(mine["partner"]["standards"][0]["agree_percent"], 0);
    assert_eq!(mine["results"]["respondents"], to_trust.len());
    let theirs = t
        .api(COUNCIL_PSW)
        .await
        .get(&format!("/api/v1/surveys/{id}/results"))
        .await
        .expect(200)
        .json();
    assert_eq!(theirs["results"]["respondents"], to_council.len());
    assert_eq!(theirs["results"]["standards"][0]["agree_percent"], 0);
    assert_eq!(theirs["partner"]["standards"][0]["agree_percent"], 100);
    // A partner must be one the organisation has an agreement in force with.
    let harbour = t.org_id("HH9C3").await;
    let closes = (today() + time::Duration::days(21)).to_string();
    let refused = psw
        .post_form(
            "/surveys",
            &[
                ("title", "x"),
                ("closes_on", &closes),
                ("partner_org_id", &harbour.to_string()),
            ],
        )
        .await
        .expect(422);
    assert!(refused.body.contains("#partner_org_id"));
}

#[tokio::test]
async fn without_email_staff_answer_signed_in_and_the_page_says_why_nothing_went() {
    let t = TestApp::new().await;
    let psw = t.signed_in(PSW).await;
    let id = open_cycle(&psw, "").await;
    let page = psw
        .post_form(&format!("/surveys/{id}/invitations"), &[])
        .await
        .expect(409);
    assert!(page.body.contains("Email is not set up"));
    let me = t.signed_in(PRACTITIONER).await;
    me.post_form(&format!("/wellbeing-survey/{id}"), &pairs(&answer(3)))
        .await
        .expect(303);
    // The API: typed dates and numbers, and a cycle opened there too.
    let api = t.api(PSW).await;
    let list = api.get("/api/v1/surveys").await.expect(200).json();
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["opened_on"], today().to_string());
    assert_eq!(list[0]["answered"], 0, "1 answer shows as 0 while open");
    let closes = (today() + time::Duration::days(10)).to_string();
    let made = api
        .send_json(
            "POST",
            "/api/v1/surveys",
            &serde_json::json!({ "title": "Spring", "closes_on": closes }),
        )
        .await
        .expect(201)
        .json();
    assert_eq!(made["closes_on"], closes);
    assert!(made["invited"].as_i64().unwrap() > 0);
    t.api(PRACTITIONER)
        .await
        .get("/api/v1/surveys")
        .await
        .expect(403);
}

/// The self-assessment's evidence beside criteria 5.1 and 5.2 is the latest closed survey
/// as its own results page counts it; a survey closed today takes its place.
#[tokio::test]
async fn the_self_assessment_shows_the_latest_closed_survey() {
    let t = TestApp::new().await;
    let org = t.org_id("R9N").await;
    let figures = || async {
        mhsw::service::self_assessment::evidence::figures(&t.db, &t.settings, org, today())
            .await
            .unwrap()["wellbeing_survey"]
            .clone()
    };
    let f = figures().await;
    assert!(
        f.value.contains("Wellbeing survey, last year"),
        "{}",
        f.value
    );
    assert!(
        f.value.contains("% agree across the statements"),
        "{}",
        f.value
    );
    let psw = t.signed_in(PSW).await;
    let id = open_cycle(&psw, "").await;
    psw.post_form(&format!("/surveys/{id}/close"), &[])
        .await
        .expect(303);
    let f = figures().await;
    assert_eq!(f.numerator, Some(0));
    assert!(f.value.starts_with("Fewer than 10 answered"), "{}", f.value);
}
