//! Post-qualifying roles through the real router: an AMHP logs training and sees their hours
//! per approval year; bad input is refused naming the field with nothing written; the PSW
//! records approvals (29 February included), suspensions and roles; scope and access; the
//! organisation view with shortfalls and a suppressed succession count; and re-approval
//! reminders through the reminders job against a real SMTP server.

use crate::helpers::today;
use crate::helpers::*;
use crate::mailserver::{Delivered, MailServer};
use mhsw::config::Settings;
use serde_json::json;
use time::Duration;

async fn pat(t: &TestApp) -> i64 {
    t.scalar_i64(&format!(
        "SELECT practitioner_id FROM users WHERE email = '{PRACTITIONER}'"
    ))
    .await
}

/// The latest leap year whose 29 February has a whole year after it by `today`: an
/// approval from that day has ended its first year and is still current (five years), on
/// whatever day the suite runs.
fn latest_leap_year_a_year_back(today: time::Date) -> i32 {
    (today.year() - 5..today.year())
        .rev()
        .find(|&y| {
            time::util::is_leap_year(y)
                && time::Date::from_calendar_date(y + 1, time::Month::February, 28)
                    .is_ok_and(|d| d <= today)
        })
        .expect("a leap year in any five")
}

/// A current trust practitioner with no AMHP approval, not linked to any user.
async fn someone_without_approval(t: &TestApp) -> i64 {
    let trust = t.org_id("R9N").await;
    t.scalar_i64(&format!(
        "SELECT MIN(p.id) FROM practitioners p WHERE p.employer_org_id = {trust} AND p.end_date IS NULL
         AND p.career_stage <> 'student'
         AND NOT EXISTS (SELECT 1 FROM amhp_approvals a WHERE a.practitioner_id = p.id)
         AND NOT EXISTS (SELECT 1 FROM users u WHERE u.practitioner_id = p.id)"
    ))
    .await
}

fn current_year(record: &serde_json::Value) -> serde_json::Value {
    record["approval"]["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["current"] == true)
        .cloned()
        .expect("a current approval year")
}

#[tokio::test]
async fn an_amhp_logs_training_and_sees_the_hours_in_the_approval_year() {
    let t = TestApp::new().await;
    let pat = pat(&t).await;
    let c = t.signed_in(PRACTITIONER).await;
    let page = c
        .get(&format!("/practitioners/{pat}/post-qualifying"))
        .await
        .expect(200);
    assert!(page.body.contains("Log training hours"));
    assert!(page.body.contains("Training hours in each approval year"));

    let api = t.api(PRACTITIONER).await;
    let before = api
        .get(&format!("/api/v1/practitioners/{pat}/post-qualifying"))
        .await
        .expect(200)
        .json();
    let year = current_year(&before);
    assert_eq!(year["hours_logged"], "6", "the demo logs 6 hours for Pat");
    assert_eq!(year["hours_short"], "12");
    let audits = t.count("audit_log").await;

    let today = today().to_string();
    let res = c
        .post_form(
            &format!("/practitioners/{pat}/post-qualifying/training"),
            &[
                ("on_date", &today),
                ("hours", "3.5"),
                ("description", "Mental Health Act legal update"),
            ],
        )
        .await
        .expect(303);
    assert_eq!(
        res.location(),
        format!("/practitioners/{pat}/post-qualifying?saved=training")
    );
    let page = c.get(res.location()).await.expect(200);
    assert!(page.body.contains("Your training hours are logged."));
    assert!(page.body.contains("Mental Health Act legal update"));
    assert!(page.body.contains("3.5 hours"));
    let after = api
        .get(&format!("/api/v1/practitioners/{pat}/post-qualifying"))
        .await
        .expect(200)
        .json();
    let year = current_year(&after);
    assert_eq!(
        (year["hours_logged"].as_str(), year["hours_short"].as_str()),
        (Some("9.5"), Some("8.5"))
    );
    assert!(
        t.count("audit_log").await > audits,
        "logging and reading are audited"
    );

    // Assessments through the API answer with the updated record.
    let r = api
        .send_json(
            "POST",
            &format!("/api/v1/practitioners/{pat}/post-qualifying/assessments"),
            &json!({"on_date": today, "count": "2"}),
        )
        .await
        .expect(201)
        .json();
    assert!(current_year(&r)["assessments"].as_u64().unwrap() >= 2);
}

#[tokio::test]
async fn bad_input_is_refused_naming_the_field_and_nothing_is_written() {
    let t = TestApp::new().await;
    let pat = pat(&t).await;
    let c = t.signed_in(PRACTITIONER).await;
    let today = today();
    let activity = t.count("amhp_activity").await;
    let path = format!("/practitioners/{pat}/post-qualifying/training");
    let cases: [(&str, &str, &str, &str); 5] = [
        (
            "-2",
            &today.to_string(),
            "hours",
            "Hours must be more than 0",
        ),
        ("abc", &today.to_string(), "hours", "Hours must be a number"),
        (
            "2",
            &(today - Duration::days(400)).to_string(),
            "on_date",
            "must be within the AMHP approval",
        ),
        (
            "2",
            &(today + Duration::days(1)).to_string(),
            "on_date",
            "must be today or in the past",
        ),
        ("2", "2026-02-30", "on_date", "must be a real date"),
    ];
    for (hours, on, field, message) in cases {
        let r = c
            .post_form(
                &path,
                &[("on_date", on), ("hours", hours), ("description", "Course")],
            )
            .await
            .expect(422);
        assert!(r.body.contains(message), "{hours} {on}: {message}");
        assert!(r.body.contains(&format!("href=\"#{field}\"")), "{field}");
    }
    // The API names the field too.
    let api = t.api(PRACTITIONER).await;
    let r = api
        .send_json(
            "POST",
            &format!("/api/v1/practitioners/{pat}/post-qualifying/training"),
            &json!({"on_date": today.to_string(), "hours": "-1", "description": "x"}),
        )
        .await
        .expect(422)
        .json();
    assert_eq!(r["errors"][0]["field"], "hours");
    assert_eq!(t.count("amhp_activity").await, activity, "nothing written");

    // An approval that expires before it starts.
    let psw = t.api(PSW).await;
    let other = someone_without_approval(&t).await;
    let approvals = t.count("amhp_approvals").await;
    let r = psw
        .send_json(
            "PUT",
            &format!("/api/v1/practitioners/{other}/post-qualifying/approval"),
            &json!({"approving_council": "Northshire County Council", "approved_on": "2026-04-01", "expires_on": "2026-03-31"}),
        )
        .await
        .expect(422)
        .json();
    assert_eq!(r["errors"][0]["field"], "expires_on");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Expiry date must be after the approval date")
    );
    let r = psw
        .send_json(
            "PUT",
            &format!("/api/v1/practitioners/{other}/post-qualifying/approval"),
            &json!({"approving_council": "", "approved_on": "2026-04-01", "expires_on": "2032-04-01"}),
        )
        .await
        .expect(422)
        .json();
    let fields: Vec<&str> = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["approving_council", "expires_on"]);
    assert_eq!(
        t.count("amhp_approvals").await,
        approvals,
        "nothing written"
    );
    // Training for someone with no approval names the date.
    let r = psw
        .send_json(
            "POST",
            &format!("/api/v1/practitioners/{other}/post-qualifying/training"),
            &json!({"on_date": today.to_string(), "hours": "2", "description": "x"}),
        )
        .await
        .expect(422)
        .json();
    assert_eq!(r["errors"][0]["field"], "on_date");
}

#[tokio::test]
async fn the_psw_records_an_approval_from_29_february_a_suspension_a_reapproval_and_roles() {
    let t = TestApp::new().await;
    let psw = t.api(PSW).await;
    let id = someone_without_approval(&t).await;
    let base = format!("/api/v1/practitioners/{id}/post-qualifying");
    // The latest 29 February a whole approval year before today, and days counted from it.
    let leap = latest_leap_year_a_year_back(today());
    let on = |years: i32, month_day: &str| format!("{}-{month_day}", leap + years);
    let r = psw
        .send_json(
            "PUT",
            &format!("{base}/approval"),
            &json!({"approving_council": "Northshire County Council", "approved_on": on(0, "02-29"), "warrant_number": "W-1"}),
        )
        .await
        .expect(200)
        .json();
    let a = &r["approval"];
    assert_eq!(a["expires_on"], on(5, "02-27"), "5 years from the setting");
    let roles: String =
        mhsw::store::engine::query_scalar("SELECT pq_roles FROM practitioners WHERE id = $1")
            .bind(id)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
    assert_eq!(
        roles.split(',').filter(|c| *c == "amhp").count(),
        1,
        "{roles}"
    );
    let years = a["years"].as_array().unwrap();
    assert_eq!(
        (years[0]["starts"].as_str(), years[0]["ends"].as_str()),
        (Some(on(0, "02-29").as_str()), Some(on(1, "02-27").as_str()))
    );
    assert_eq!(years[1]["starts"], on(1, "02-28"));
    assert!(
        years[0]["missed"] == true,
        "no hours logged in an ended year"
    );

    // Training on the last day of year 1 counts in year 1, the next day in year 2.
    for (on, hours) in [(on(1, "02-27"), "18"), (on(1, "02-28"), "1")] {
        psw.send_json(
            "POST",
            &format!("{base}/training"),
            &json!({"on_date": on, "hours": hours, "description": "Course"}),
        )
        .await
        .expect(201);
    }
    let r = psw.get(&base).await.expect(200).json();
    let years = r["approval"]["years"].as_array().unwrap();
    assert_eq!(years[0]["hours_logged"], "18");
    assert_eq!(years[0]["missed"], false);
    assert_eq!(years[1]["hours_logged"], "1");

    // A suspension inside the approval (from year 2's first day to today); one outside it
    // is refused.
    psw.send_json(
        "POST",
        &format!("{base}/suspensions"),
        &json!({"starts_on": on(1, "02-28"), "ends_on": today().to_string(), "reason": "Competence review"}),
    )
    .await
    .expect(201);
    let r = psw
        .send_json(
            "POST",
            &format!("{base}/suspensions"),
            &json!({"starts_on": on(-1, "06-01"), "reason": "Too early"}),
        )
        .await
        .expect(422)
        .json();
    assert_eq!(r["errors"][0]["field"], "starts_on");

    // A re-approval must start after the current approval (today will do); then it becomes
    // current.
    let r = psw
        .send_json(
            "PUT",
            &format!("{base}/approval"),
            &json!({"approving_council": "Northshire County Council", "approved_on": on(0, "01-01"), "reapproval": "yes"}),
        )
        .await
        .expect(422)
        .json();
    assert_eq!(r["errors"][0]["field"], "approved_on");
    let r = psw
        .send_json(
            "PUT",
            &format!("{base}/approval"),
            &json!({"approving_council": "Northshire County Council", "approved_on": today().to_string(), "reapproval": "yes"}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(r["approval"]["approved_on"], today().to_string());
    assert_eq!(r["earlier_approvals"][0]["approved_on"], on(0, "02-29"));

    // Other roles: a BIA with a refresher date, and a forensic social supervisor.
    let r = psw
        .send_json(
            "PUT",
            &format!("{base}/roles"),
            &json!({"role": "bia", "qualified_on": on(-4, "05-01"), "last_training_on": on(1, "02-28")}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(r["roles"][0]["refresher_due"], on(2, "02-28"));
    let r = psw
        .send_json(
            "PUT",
            &format!("{base}/roles"),
            &json!({"role": "bia", "allocations": "2"}),
        )
        .await
        .expect(422)
        .json();
    assert_eq!(r["errors"][0]["field"], "allocations");
    psw.send_json(
        "PUT",
        &format!("{base}/roles"),
        &json!({"role": "forensic_social_supervisor", "allocations": "3", "next_report_due": today().to_string()}),
    )
    .await
    .expect(200);
    let audited = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE record_id = '{id}' AND record_type IN ('amhp_approval', 'amhp_activity', 'amhp_suspension', 'pq_role')"
        ))
        .await;
    assert_eq!(
        audited, 7,
        "every successful write is audited, the refused ones not"
    );

    // The HTML forms: the approval form re-renders with the error summary.
    let c = t.signed_in(PSW).await;
    c.get(&format!("/practitioners/{id}/post-qualifying/approval"))
        .await
        .expect(200);
    let r = c
        .post_form(
            &format!("/practitioners/{id}/post-qualifying/approval"),
            &[
                ("approving_council", "Northshire County Council"),
                ("approved_on", "2026-01-05"),
                ("expires_on", "2025-01-01"),
                ("reapproval", "no"),
            ],
        )
        .await
        .expect(422);
    assert!(r.body.contains("nhsuk-error-summary"));
    assert!(
        r.body
            .contains("Expiry date must be after the approval date")
    );
}

#[tokio::test]
async fn scope_and_who_may_log() {
    let t = TestApp::new().await;
    let pat = pat(&t).await;
    let sam = t
        .scalar_i64(&format!(
            "SELECT practitioner_id FROM users WHERE email = '{SUPERVISOR}'"
        ))
        .await;
    let body = json!({"on_date": today().to_string(), "hours": "1", "description": "x"});
    // Pat sees only their own record.
    let api = t.api(PRACTITIONER).await;
    api.get(&format!("/api/v1/practitioners/{sam}/post-qualifying"))
        .await
        .expect(404);
    api.send_json(
        "POST",
        &format!("/api/v1/practitioners/{sam}/post-qualifying/training"),
        &body,
    )
    .await
    .expect(404);
    // Pat may not record their own approval.
    api.send_json(
        "PUT",
        &format!("/api/v1/practitioners/{pat}/post-qualifying/approval"),
        &json!({}),
    )
    .await
    .expect(403);
    // Sam supervises Pat's team: may see Pat's record, may not log for Pat.
    let sam_api = t.api(SUPERVISOR).await;
    sam_api
        .get(&format!("/api/v1/practitioners/{pat}/post-qualifying"))
        .await
        .expect(200);
    sam_api
        .send_json(
            "POST",
            &format!("/api/v1/practitioners/{pat}/post-qualifying/training"),
            &body,
        )
        .await
        .expect(403);
    let c = t.signed_in(SUPERVISOR).await;
    c.get(&format!("/practitioners/{pat}/post-qualifying/training"))
        .await
        .expect(403);
    // Another organisation's PSW cannot see the trust's people.
    let council = t.api(COUNCIL_PSW).await;
    let harbour = t.api(HARBOUR_ADMIN).await;
    harbour
        .get(&format!("/api/v1/practitioners/{pat}/post-qualifying"))
        .await
        .expect(404);
    let o = council
        .get("/api/v1/post-qualifying")
        .await
        .expect(200)
        .json();
    assert!(
        o["shortfalls"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["practitioner_id"] != pat),
        "Pat is employed by the trust"
    );
}

#[tokio::test]
async fn the_psw_sees_shortfalls_and_a_suppressed_succession_count_the_workforce_lead_sees_who() {
    let t = TestApp::new().await;
    let pat = pat(&t).await;
    let o = t
        .api(PSW)
        .await
        .get("/api/v1/post-qualifying")
        .await
        .expect(200)
        .json();
    let short = o["shortfalls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["practitioner_id"] == pat)
        .expect("Pat is short of hours");
    assert_eq!(short["year"]["hours_short"], "12");
    assert!(o["current_amhps"].as_u64().unwrap() > 0);
    assert!(!o["by_expiry_quarter"].as_array().unwrap().is_empty());
    assert!(
        !o["reapproval_due"].as_array().unwrap().is_empty(),
        "the demo has approvals ending within six months"
    );
    assert!(o["succession"]["people"].is_null(), "no names for the PSW");
    let count = o["succession"]["count"].as_str().unwrap().to_string();
    // Recompute from the data: the count the PSW sees is the suppressed form of it.
    let w = t
        .api(WORKFORCE)
        .await
        .get("/api/v1/post-qualifying")
        .await
        .expect(200)
        .json();
    let people = w["succession"]["people"].as_array().unwrap();
    let shown = t
        .settings
        .privacy
        .disclosure
        .show(people.len() as u64)
        .to_string();
    assert_eq!(count, shown);
    assert_eq!(w["succession"]["count"], people.len().to_string());

    let page = t
        .signed_in(PSW)
        .await
        .get("/post-qualifying")
        .await
        .expect(200);
    assert!(page.body.contains("Training-hours shortfalls"));
    // The shortfalls are counted on the view and listed a page at a time.
    assert!(page.body.contains("href=\"/post-qualifying/shortfalls\""));
    let shortfalls = t
        .signed_in(PSW)
        .await
        .get("/post-qualifying/shortfalls")
        .await
        .expect(200);
    assert!(
        shortfalls
            .body
            .contains(&format!("href=\"/practitioners/{pat}/post-qualifying\""))
    );
    let read = t
        .scalar_i64(
            "SELECT COUNT(*) FROM audit_log WHERE record_type = 'post_qualifying_overview' AND detail LIKE '%ages per person%'",
        )
        .await;
    assert_eq!(
        read, 1,
        "the workforce lead's view of ages is audited as such"
    );
}

fn mail_settings(mail: &MailServer) -> Settings {
    mail.settings()
}

fn to_about(mail: &[Delivered], about: &str) -> Vec<String> {
    let mut v: Vec<String> = mail
        .iter()
        .filter(|m| m.header("Subject").contains(about))
        .flat_map(|m| m.to.clone())
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn reapproval_reminders_go_at_six_three_and_one_month_once_each() {
    let mail = MailServer::start();
    let t = TestApp::with_settings(mail_settings(&mail)).await;
    let pat = pat(&t).await;
    let name: String = mhsw::store::engine::query_scalar(format!(
        "SELECT given_name || ' ' || family_name FROM practitioners WHERE id = {pat}"
    ))
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    let expires = today() + Duration::days(400);
    mhsw::store::engine::query(format!(
        "UPDATE amhp_approvals SET expires_on = '{expires}' WHERE practitioner_id = {pat}"
    ))
    .execute(&t.db.pool)
    .await
    .unwrap();
    let run = |d| mhsw::service::reminders::run_once(&t.db, &t.settings, d);
    let six = mhsw::domain::post_qualifying::add_months(expires, -6);
    let pat_told = |got: &[Delivered]| {
        to_about(got, "Your AMHP re-approval is due")
            .iter()
            .any(|r| r == PRACTITIONER)
    };
    run(six - Duration::days(1)).await.unwrap();
    assert!(!pat_told(&mail.take()));
    run(six).await.unwrap();
    let got = mail.take();
    assert!(pat_told(&got));
    assert_eq!(
        to_about(&got, &format!("AMHP re-approval due: {name}")),
        [PSW]
    );
    let to_pat = got
        .iter()
        .find(|m| m.header("Subject").contains("Your AMHP re-approval"))
        .unwrap();
    assert!(to_pat.body().contains("ends on"), "{}", to_pat.body());
    // The same stage is not sent again, on the same day or later.
    run(six).await.unwrap();
    run(six + Duration::days(5)).await.unwrap();
    let got = mail.take();
    assert!(!pat_told(&got) && to_about(&got, &name).is_empty());
    // Three months before: a new reminder.
    run(mhsw::domain::post_qualifying::add_months(expires, -3))
        .await
        .unwrap();
    assert!(pat_told(&mail.take()));
    let claimed = t
        .scalar_i64("SELECT COUNT(*) FROM reminders_sent WHERE kind = 'reapproval_due'")
        .await;
    assert!(claimed >= 4);
}

#[tokio::test]
async fn an_entry_logged_by_mistake_is_removed_by_whoever_may_log_and_audited() {
    let t = TestApp::new().await;
    let pat = pat(&t).await;
    let api = t.api(PRACTITIONER).await;
    let r = api
        .send_json(
            "POST",
            &format!("/api/v1/practitioners/{pat}/post-qualifying/training"),
            &json!({"on_date": today().to_string(), "hours": "35", "description": "Meant 3.5"}),
        )
        .await
        .expect(201)
        .json();
    let entry = r["approval"]["activity"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["description"] == "Meant 3.5")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    assert_eq!(current_year(&r)["hours_logged"], "41");
    // Sam (in scope, not Pat) may not remove it; another person's id finds nothing.
    t.api(SUPERVISOR)
        .await
        .send_json(
            "POST",
            &format!("/api/v1/practitioners/{pat}/post-qualifying/activity/remove"),
            &json!({"activity_id": entry.to_string()}),
        )
        .await
        .expect(403);
    let c = t.signed_in(PRACTITIONER).await;
    let page = c
        .get(&format!("/practitioners/{pat}/post-qualifying"))
        .await
        .expect(200);
    assert!(
        page.body
            .contains(&format!("name=\"activity_id\" value=\"{entry}\""))
    );
    // Asked first, naming the entry; nothing removed until confirmed.
    let asked = c
        .post_form(
            &format!("/practitioners/{pat}/post-qualifying/activity/remove"),
            &[("activity_id", &entry.to_string())],
        )
        .await
        .expect(200);
    assert!(asked.body.contains("Remove this entry?"));
    assert!(asked.body.contains("of training on"));
    let res = c
        .post_form(
            &format!("/practitioners/{pat}/post-qualifying/activity/remove"),
            &[("activity_id", &entry.to_string()), ("confirm", "yes")],
        )
        .await
        .expect(303);
    assert!(res.location().ends_with("saved=removed"));
    let r = api
        .get(&format!("/api/v1/practitioners/{pat}/post-qualifying"))
        .await
        .expect(200)
        .json();
    assert_eq!(current_year(&r)["hours_logged"], "6");
    // Removing it again finds nothing; the removal is audited.
    c.post_form(
        &format!("/practitioners/{pat}/post-qualifying/activity/remove"),
        &[("activity_id", &entry.to_string()), ("confirm", "yes")],
    )
    .await
    .expect(404);
    let audited = t
        .scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'delete' AND record_type = 'amhp_activity'")
        .await;
    assert_eq!(audited, 1);
}

/// The number of AMHPs needed is the organisation's own, set on the page or the API by the
/// PSW or workforce lead; the AMHP page and the self-assessment evidence both use it.
#[tokio::test]
async fn the_psw_sets_how_many_amhps_the_organisation_needs() {
    let t = TestApp::new().await;
    let c = t.signed_in(PSW).await;
    let page = c.get("/post-qualifying").await.expect(200).body;
    assert!(
        page.contains("Not set yet") && page.contains("href=\"/post-qualifying/amhps-needed\"")
    );
    assert!(
        !page.contains("amhps_required"),
        "no setting names in the text"
    );

    let refused = c
        .post_form("/post-qualifying/amhps-needed", &[("amhps_needed", "many")])
        .await
        .expect(422)
        .body;
    assert!(refused.contains("Enter the number of AMHPs needed as a whole number"));
    c.post_form("/post-qualifying/amhps-needed", &[("amhps_needed", "250")])
        .await
        .expect(303);
    let o = t
        .api(PSW)
        .await
        .get("/api/v1/post-qualifying")
        .await
        .expect(200)
        .json();
    assert_eq!(o["amhps_required"], 250);
    let shown = c.get("/post-qualifying").await.expect(200).body;
    let current = o["current_amhps"].as_u64().unwrap();
    assert!(shown.contains(&format!("250 ({} short)", 250 - current)));

    // The API sets and clears it; other organisations keep theirs.
    let api = t.api(WORKFORCE).await;
    let after = api
        .send_json(
            "PUT",
            "/api/v1/post-qualifying/amhps-needed",
            &serde_json::json!({"amhps_needed": 3}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(after["amhps_required"], 3);
    api.send_json(
        "PUT",
        "/api/v1/post-qualifying/amhps-needed",
        &serde_json::json!({"amhps_needed": 0}),
    )
    .await
    .expect(422);
    let cleared = api
        .send_json(
            "PUT",
            "/api/v1/post-qualifying/amhps-needed",
            &serde_json::json!({"amhps_needed": null}),
        )
        .await
        .expect(200)
        .json();
    assert!(cleared["amhps_required"].is_null());
    let audited = t
        .scalar_i64("SELECT COUNT(*) FROM audit_log WHERE record_type = 'amhps_needed'")
        .await;
    assert_eq!(audited, 3);
    t.signed_in(PRACTITIONER)
        .await
        .get("/post-qualifying/amhps-needed")
        .await
        .expect(403);
}

async fn holds_amhp_role(t: &TestApp, id: i64) -> bool {
    let roles: String =
        mhsw::store::engine::query_scalar("SELECT pq_roles FROM practitioners WHERE id = $1")
            .bind(id)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
    roles.split(',').any(|c| c == "amhp")
}

/// One source of truth: the AMHP role on the record follows the approval records, and the
/// record's own form cannot add or remove it.
#[tokio::test]
async fn the_amhp_role_follows_the_approvals_not_the_record_form() {
    let t = TestApp::new().await;
    let psw = t.api(PSW).await;
    let id = someone_without_approval(&t).await;
    let person = format!("/api/v1/practitioners/{id}");
    let mut record = psw.get(&person).await.expect(200).json();
    let resend = |record: &serde_json::Value, roles: serde_json::Value| {
        let mut body = serde_json::Map::new();
        for key in [
            "given_name",
            "family_name",
            "work_email",
            "swe_number",
            "employer_org_id",
            "host_org_id",
            "team_id",
            "role_category",
            "career_stage",
            "band",
            "wte",
            "start_date",
        ] {
            body.insert(key.into(), record[key].clone());
        }
        body.insert("pq_roles".into(), roles);
        serde_json::Value::Object(body)
    };
    psw.send_json("PUT", &person, &resend(&record, json!(["amhp", "bia"])))
        .await
        .expect(200);
    assert!(
        !holds_amhp_role(&t, id).await,
        "the form cannot make an AMHP"
    );

    let approval = format!("{person}/post-qualifying/approval");
    let approved_on = (today() - Duration::days(400)).to_string();
    psw.send_json(
        "PUT",
        &approval,
        &json!({"approving_council": "Northshire County Council", "approved_on": approved_on, "warrant_number": "W-9"}),
    )
    .await
    .expect(200);
    assert!(holds_amhp_role(&t, id).await, "an approval makes an AMHP");
    record = psw.get(&person).await.expect(200).json();
    psw.send_json("PUT", &person, &resend(&record, json!(["bia"])))
        .await
        .expect(200);
    assert!(
        holds_amhp_role(&t, id).await,
        "the form cannot unmake one either"
    );

    psw.send_json(
        "PUT",
        &approval,
        &json!({"approving_council": "Northshire County Council", "approved_on": approved_on, "warrant_number": "W-9",
                "ended_on": (today() - Duration::days(30)).to_string(), "end_reason": "written_request"}),
    )
    .await
    .expect(200);
    assert!(
        !holds_amhp_role(&t, id).await,
        "an ended approval ends the role"
    );
}
