//! One definition per figure: the pages that show the same headline figure
//! (`domain::figures`, marked `data-figure` in the page) show the same value, and the list
//! filters (`domain::people_filter`) narrow every count and row on a page alike.

use crate::helpers::*;
use std::collections::BTreeMap;

/// Every `data-figure="name" value="v"` on a page.
fn figures(html: &str) -> Vec<(String, String)> {
    html.split("data-figure=\"")
        .skip(1)
        .filter_map(|s| {
            let (name, rest) = s.split_once('"')?;
            let value = rest.split("value=\"").nth(1)?.split('"').next()?;
            Some((name.to_string(), value.to_string()))
        })
        .collect()
}

/// The pages a principal social worker reads figures on, with the self-assessment domains
/// (found by following the links, as a person would).
async fn pages(c: &Client) -> Vec<String> {
    let mut pages: Vec<String> = [
        "/",
        "/supervision",
        "/registration",
        "/cpd/readiness",
        "/governance",
        "/practitioners",
        "/workforce",
    ]
    .map(String::from)
    .to_vec();
    let list = c.get("/self-assessment").await.expect(200).body;
    let cycle = list
        .split("href=\"/self-assessment/cycles/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the demo has a self-assessment cycle")
        .to_string();
    let cycle_page = c
        .get(&format!("/self-assessment/cycles/{cycle}"))
        .await
        .expect(200)
        .body;
    for domain in cycle_page
        .split(&format!("href=\"/self-assessment/cycles/{cycle}/domains/"))
        .skip(1)
    {
        if let Some(n) = domain.split('"').next() {
            pages.push(format!("/self-assessment/cycles/{cycle}/domains/{n}"));
        }
    }
    pages.dedup();
    pages
}

#[tokio::test]
async fn pages_showing_the_same_figure_agree() {
    let t = TestApp::new().await;
    let c = t.signed_in(PSW).await;
    // figure -> value -> the pages showing it with that value
    let mut seen: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for page in pages(&c).await {
        let html = c.get(&page).await.expect(200).body;
        for (name, value) in figures(&html) {
            seen.entry(name)
                .or_default()
                .entry(value)
                .or_default()
                .push(page.clone());
        }
    }
    for figure in [
        "people-in-post",
        "registered",
        "cpd-ready",
        "newly-qualified",
        "overdue-supervision",
    ] {
        let values = seen
            .get(figure)
            .unwrap_or_else(|| panic!("no page shows {figure}"));
        assert_eq!(values.len(), 1, "pages disagree on {figure}: {values:?}");
        let pages: usize = values.values().map(Vec::len).sum();
        assert!(pages >= 2, "{figure} is on one page only: {values:?}");
    }
    // And the figures are what the records say.
    let in_post = t
        .scalar_i64(
            "SELECT COUNT(*) FROM practitioners p JOIN organisations o ON o.id = p.employer_org_id
             WHERE p.end_date IS NULL AND (p.employer_org_id = (SELECT org_id FROM users WHERE email = 'psw@northshire.example.nhs.uk')
               OR p.host_org_id = (SELECT org_id FROM users WHERE email = 'psw@northshire.example.nhs.uk'))",
        )
        .await;
    assert!(seen["people-in-post"].contains_key(&in_post.to_string()));
}

#[tokio::test]
async fn cpd_readiness_is_counted_over_registered_social_workers_only() {
    let t = TestApp::new().await;
    let o = t
        .api(PSW)
        .await
        .get("/api/v1/cpd/readiness")
        .await
        .expect(200)
        .json();
    let lines = o["lines"].as_array().unwrap();
    let registered: Vec<_> = lines.iter().filter(|l| l["registered"] == true).collect();
    assert!(
        registered.len() < lines.len(),
        "the demo has people not registered"
    );
    assert_eq!(o["registered"], registered.len());
    assert_eq!(
        o["ready"],
        registered
            .iter()
            .filter(|l| l["readiness"]["ready"] == true)
            .count()
    );
    assert_eq!(o["not_registered"], lines.len() - registered.len());
    for l in lines.iter().filter(|l| l["registered"] == false) {
        let status = l["registration_status"].as_str();
        assert!(
            !matches!(status, Some("registered" | "registered_with_conditions")),
            "{l}"
        );
    }
}

/// Each filter keeps exactly the people it names, and a page counts what it lists.
#[tokio::test]
async fn every_list_of_people_filters_by_team_employer_stage_and_registration() {
    let t = TestApp::new().await;
    let api = t.api(PSW).await;
    let all = api
        .get("/api/v1/practitioners?page_size=100")
        .await
        .expect(200)
        .json();
    let people = all["items"].as_array().unwrap();
    let team = people
        .iter()
        .find_map(|p| p["team_id"].as_i64())
        .expect("someone has a team");
    let in_team: Vec<i64> = people
        .iter()
        .filter(|p| p["team_id"].as_i64() == Some(team))
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert!(!in_team.is_empty() && in_team.len() < people.len());

    let ids = |rows: &serde_json::Value, key: &str| -> Vec<i64> {
        let mut v: Vec<i64> = rows
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r[key].as_i64().unwrap())
            .collect();
        v.sort();
        v
    };
    let mut expected = in_team.clone();
    expected.sort();
    let q = format!("team_id={team}");
    let d = api
        .get(&format!("/api/v1/supervision/dashboard?{q}"))
        .await
        .expect(200)
        .json();
    assert_eq!(ids(&d["rows"], "practitioner_id"), expected);
    assert_eq!(d["people"], expected.len());
    let r = api
        .get(&format!("/api/v1/registration?{q}"))
        .await
        .expect(200)
        .json();
    assert_eq!(ids(&r["lines"], "practitioner_id"), expected);
    assert_eq!(r["people"], expected.len());
    let cpd = api
        .get(&format!("/api/v1/cpd/readiness?{q}"))
        .await
        .expect(200)
        .json();
    assert_eq!(ids(&cpd["lines"], "practitioner_id"), expected);
    let listed = api
        .get(&format!("/api/v1/practitioners?page_size=100&{q}"))
        .await
        .expect(200)
        .json();
    assert_eq!(ids(&listed["items"], "id"), expected);

    // Registration: each status (and "none recorded") keeps exactly its people.
    let everyone = api.get("/api/v1/registration").await.expect(200).json();
    let mut by_status: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for l in everyone["lines"].as_array().unwrap() {
        let status = l["registration"]["status"]
            .as_str()
            .unwrap_or("not_recorded")
            .to_string();
        by_status
            .entry(status)
            .or_default()
            .push(l["practitioner_id"].as_i64().unwrap());
    }
    assert!(
        by_status.len() >= 2,
        "the demo has more than one status: {by_status:?}"
    );
    for (status, mut want) in by_status {
        want.sort();
        let r = api
            .get(&format!("/api/v1/registration?registration={status}"))
            .await
            .expect(200)
            .json();
        assert_eq!(ids(&r["lines"], "practitioner_id"), want, "{status}");
        let d = api
            .get(&format!(
                "/api/v1/supervision/dashboard?registration={status}"
            ))
            .await
            .expect(200)
            .json();
        assert_eq!(ids(&d["rows"], "practitioner_id"), want, "{status}");
    }

    // Career stage: the ASYE cohort and the dashboard agree on who is newly qualified.
    let nq = api
        .get("/api/v1/supervision/dashboard?career_stage=asye")
        .await
        .expect(200)
        .json();
    assert!(
        nq["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["career_stage"] == "asye")
    );
    let cohort = api
        .get("/api/v1/asye?career_stage=qualified")
        .await
        .expect(200)
        .json();
    assert_eq!(
        cohort["people"], 0,
        "no programme belongs to a qualified social worker in the demo"
    );

    // Employer: the hosted people's employer keeps only them.
    let employers: std::collections::BTreeSet<i64> = people
        .iter()
        .filter_map(|p| p["employer_org_id"].as_i64())
        .collect();
    for e in employers {
        let l = api
            .get(&format!(
                "/api/v1/practitioners?page_size=100&employer_id={e}"
            ))
            .await
            .expect(200)
            .json();
        assert!(
            l["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["employer_org_id"] == e)
        );
    }
}

#[tokio::test]
async fn a_filter_that_cannot_be_read_is_named_not_ignored() {
    let t = TestApp::new().await;
    let res = t
        .api(PSW)
        .await
        .get("/api/v1/registration?registration=gone&career_stage=wizard")
        .await
        .expect(422)
        .json();
    let text = res.to_string();
    assert!(
        text.contains("registration") && text.contains("career_stage"),
        "{text}"
    );
    let page = t
        .signed_in(PSW)
        .await
        .get("/supervision?team_id=abc")
        .await
        .expect(422)
        .body;
    assert!(page.contains("Choose a team from the list"));
}

#[tokio::test]
async fn filtered_pages_keep_their_filters_in_paging_and_mark_no_headline_figures() {
    let t = TestApp::new().await;
    let c = t.signed_in(PSW).await;
    let page = c
        .get("/registration?registration=registered&page_size=5")
        .await
        .expect(200)
        .body;
    assert!(
        page.contains("registration=registered&amp;page=2")
            || page.contains("registration=registered&page=2"),
        "paging keeps the filter"
    );
    assert!(
        page.contains("<details class=\"nhsuk-details\" open>"),
        "the filter form starts open"
    );
    assert!(
        figures(&page).is_empty(),
        "a filtered count is not the organisation's figure"
    );
}

/// The governance report and the AMHP page take the same filters, and the report's files
/// carry them.
#[tokio::test]
async fn the_governance_report_and_amhp_page_filter_too() {
    let t = TestApp::new().await;
    let api = t.api(PSW).await;
    let all = api.get("/api/v1/governance").await.expect(200).json();
    let nq = api
        .get("/api/v1/governance?career_stage=asye")
        .await
        .expect(200)
        .json();
    let nq_people = nq["people"].as_u64().unwrap();
    assert!(nq_people > 0 && nq_people < all["people"].as_u64().unwrap());
    let stages: Vec<&str> = nq["by_stage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["label"].as_str().unwrap())
        .collect();
    assert_eq!(stages, ["Newly qualified (ASYE)"]);

    let c = t.signed_in(PSW).await;
    let page = c
        .get("/governance?career_stage=asye")
        .await
        .expect(200)
        .body;
    assert!(
        page.contains("career_stage=asye"),
        "the files keep the filter"
    );
    let csv = String::from_utf8(c.get_bytes("/governance.csv?career_stage=asye").await).unwrap();
    let stages = csv
        .split("By career stage")
        .nth(1)
        .expect("the CSV has a career stage table");
    let stages = stages.split("By session type").next().unwrap();
    assert!(
        stages.contains("Newly qualified") && !stages.contains("Senior social worker"),
        "the CSV is filtered too: {stages}"
    );

    let pq_all = api.get("/api/v1/post-qualifying").await.expect(200).json();
    let team = pq_all["shortfalls"][0]["practitioner_id"].as_i64();
    if let Some(id) = team {
        let person = api
            .get(&format!("/api/v1/practitioners/{id}"))
            .await
            .expect(200)
            .json();
        let team_id = person["practitioner"]["team_id"]
            .as_i64()
            .or(person["team_id"].as_i64())
            .unwrap();
        let pq = api
            .get(&format!("/api/v1/post-qualifying?team_id={team_id}"))
            .await
            .expect(200)
            .json();
        assert!(pq["current_amhps"].as_u64() <= pq_all["current_amhps"].as_u64());
        for s in pq["shortfalls"].as_array().unwrap() {
            let p = api
                .get(&format!("/api/v1/practitioners/{}", s["practitioner_id"]))
                .await
                .expect(200)
                .json();
            assert_eq!(
                p["practitioner"]["team_id"]
                    .as_i64()
                    .or(p["team_id"].as_i64()),
                Some(team_id)
            );
        }
    }
}
