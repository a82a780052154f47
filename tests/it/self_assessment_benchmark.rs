//! The self-assessment benchmark (issue 6): medians and quartiles of peers, never names or
//! ranks; consent read at query time; give to get; small groups suppressed; the national
//! analyst's distribution. The demo gives 24 peer organisations (21 taking part) and the
//! trust one signed-off HEE cycle; these tests check the figures against the database
//! read independently.

use crate::helpers::*;
use mhsw::domain::Role;
use mhsw::service::self_assessment::cycles::{self, OpenCycleInput, ParticipantInput, RatingInput};
use serde_json::{Value, json};
use std::collections::BTreeMap;

const HEE: &str = "hee-considerations";

/// Type 7 quantile (R's default), written out here independently of `scoring::quartiles`.
fn type7(values: &[f64], p: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let h = (v.len() as f64 - 1.0) * p;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    v[lo] + (h - h.floor()) * (v[hi] - v[lo])
}

/// Each consenting organisation's latest signed-off cycle on `framework`, read with plain
/// queries and picked in Rust: org id -> (type, region, criterion -> rating).
type Peers = BTreeMap<i64, (String, String, BTreeMap<String, f64>)>;

async fn independent(t: &TestApp, framework: &str) -> Peers {
    let consenting: Vec<i64> =
        mhsw::store::engine::query("SELECT org_id FROM sa_benchmark_consent WHERE consented")
            .fetch_all(&t.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<i64, _>(0))
            .collect();
    let cycles = mhsw::store::engine::query(
        "SELECT c.id, c.org_id, c.signed_off_on, o.org_type, o.region FROM sa_cycles c
         JOIN organisations o ON o.id = c.org_id
         WHERE c.framework_code = $1 AND c.status = 'signed_off'",
    )
    .bind(framework)
    .fetch_all(&t.db.pool)
    .await
    .unwrap();
    let mut latest: BTreeMap<i64, (Option<time::Date>, i64, String, String)> = BTreeMap::new();
    for r in &cycles {
        let org: i64 = r.get("org_id");
        if !consenting.contains(&org) {
            continue;
        }
        let key = (
            r.get::<Option<time::Date>, _>("signed_off_on"),
            r.get::<i64, _>("id"),
        );
        let newer = latest.get(&org).is_none_or(|(d, id, _, _)| (*d, *id) < key);
        if newer {
            latest.insert(org, (key.0, key.1, r.get("org_type"), r.get("region")));
        }
    }
    let mut out = Peers::new();
    for (org, (_, cycle, org_type, region)) in latest {
        let answers = mhsw::store::engine::query(
            "SELECT criterion_code, rating FROM sa_answers WHERE cycle_id = $1 AND rating IS NOT NULL",
        )
        .bind(cycle)
        .fetch_all(&t.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.get::<String, _>(0),
                r.get::<i64, _>(1) as f64,
            )
        })
        .collect();
        out.insert(org, (org_type, region, answers));
    }
    out
}

fn close(a: &Value, b: f64) -> bool {
    (a.as_f64().unwrap_or(f64::NAN) - b).abs() < 1e-9
}

/// Gives Harbour House (another organisation, PSW and admin) a signed-off HEE cycle with
/// every criterion rated `rating`, through the service as its PSW would. Returns its id.
async fn harbour_cycle(t: &TestApp, rating: &str) -> i64 {
    let actor = t.actor(HARBOUR_ADMIN).await;
    let today = crate::helpers::today();
    let id = cycles::open(
        &t.db,
        &t.settings,
        &actor,
        &OpenCycleInput {
            framework_code: HEE.into(),
            ..Default::default()
        },
        today,
    )
    .await
    .unwrap();
    let f = mhsw::service::self_assessment::frameworks(&t.settings)
        .unwrap()
        .latest_of(HEE)
        .unwrap();
    for (_, c) in f.criteria() {
        cycles::rate(
            &t.db,
            &t.settings,
            &actor,
            id,
            &c.code,
            &RatingInput {
                rating: rating.into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
    cycles::add_participant(
        &t.db,
        &actor,
        id,
        &ParticipantInput {
            kind: "staff".into(),
            description: "Practitioners' forum".into(),
            people: "8".into(),
        },
    )
    .await
    .unwrap();
    cycles::sign_off(&t.db, &t.settings, &actor, id, today)
        .await
        .unwrap();
    id
}

async fn trust_view(t: &TestApp) -> Value {
    t.api(PSW)
        .await
        .get(&format!(
            "/api/v1/self-assessment/benchmark?framework={HEE}"
        ))
        .await
        .expect(200)
        .json()
}

fn all_group_n(v: &Value) -> Option<u64> {
    v["groups"][0]["organisations"].as_u64()
}

#[tokio::test]
async fn quartiles_and_groups_equal_an_independent_computation() {
    let t = TestApp::new().await;
    let trust = t.org_id("R9N").await;
    let peers = independent(&t, HEE).await;
    let (own_type, own_region, own) = peers
        .get(&trust)
        .expect("the demo trust takes part")
        .clone();
    let v = trust_view(&t).await;
    assert_eq!(v["standing"], "shown");
    let others: Vec<_> = peers.iter().filter(|(o, _)| **o != trust).collect();
    let same_type: Vec<_> = others.iter().filter(|(_, p)| p.0 == own_type).collect();
    let same_region: Vec<_> = others.iter().filter(|(_, p)| p.1 == own_region).collect();
    assert_eq!(all_group_n(&v), Some(others.len() as u64));
    assert_eq!(v["groups"][1]["organisations"], json!(same_type.len()));
    assert_eq!(v["groups"][2]["organisations"], json!(same_region.len()));
    assert!(
        same_type.len() >= 5 && same_region.len() >= 5,
        "the demo shows every group"
    );

    let f = mhsw::service::self_assessment::frameworks(&t.settings)
        .unwrap()
        .latest_of(HEE)
        .unwrap();
    let mut checked = 0;
    for (di, d) in f.domains.iter().enumerate() {
        let dv = &v["domains"][di];
        assert_eq!(dv["code"], json!(d.code));
        // Domain means, organisation by organisation, then their quartiles.
        let mean_of = |ratings: &BTreeMap<String, f64>| {
            let r: Vec<f64> = d
                .criteria
                .iter()
                .filter_map(|c| ratings.get(&c.code).copied())
                .collect();
            (!r.is_empty()).then(|| r.iter().sum::<f64>() / r.len() as f64)
        };
        for (gi, group) in [
            &others,
            &same_type.iter().map(|x| **x).collect(),
            &same_region.iter().map(|x| **x).collect(),
        ]
        .iter()
        .enumerate()
        {
            let values: Vec<f64> = group.iter().filter_map(|(_, p)| mean_of(&p.2)).collect();
            let q = &dv["comparisons"][gi]["quartiles"];
            assert_eq!(q["n"], json!(values.len()));
            assert!(close(&q["lower"], type7(&values, 0.25)), "{q}");
            assert!(close(&q["median"], type7(&values, 0.5)), "{q}");
            assert!(close(&q["upper"], type7(&values, 0.75)), "{q}");
            checked += 1;
        }
        assert!(close(&dv["own"], mean_of(&own).unwrap()));
        for (ci, c) in d.criteria.iter().enumerate() {
            let cv = &dv["criteria"][ci];
            let values: Vec<f64> = others
                .iter()
                .filter_map(|(_, p)| p.2.get(&c.code).copied())
                .collect();
            let q = &cv["comparisons"][0]["quartiles"];
            assert_eq!(q["n"], json!(values.len()), "{}", c.code);
            assert!(close(&q["median"], type7(&values, 0.5)));
            assert!(close(&q["lower"], type7(&values, 0.25)));
            assert!(close(&q["upper"], type7(&values, 0.75)));
            // The band follows the quartiles; nothing like a rank is given.
            let own_v = own[&c.code];
            let band = if own_v < type7(&values, 0.25) {
                "below_lower_quartile"
            } else if own_v < type7(&values, 0.5) {
                "between_lower_quartile_and_median"
            } else if own_v <= type7(&values, 0.75) {
                "between_median_and_upper_quartile"
            } else {
                "above_upper_quartile"
            };
            assert_eq!(cv["comparisons"][0]["position"], band);
            checked += 1;
        }
    }
    assert!(checked > 80);
    let body = serde_json::to_string(&v).unwrap();
    assert!(!body.contains("rank"), "never a rank");
    assert!(!body.contains("Westmoor"), "never a peer's name");
}

#[tokio::test]
async fn fewer_than_the_threshold_shows_no_figures_and_says_why() {
    let t = TestApp::new().await;
    let trust = t.org_id("R9N").await;
    // Only three other organisations still take part.
    let keep: Vec<i64> = vec![
        trust,
        t.org_id("R8A").await,
        t.org_id("R8B").await,
        t.org_id("LA8L1").await,
    ];
    let list = keep
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    mhsw::store::engine::query(format!(
        "UPDATE sa_benchmark_consent SET consented = FALSE WHERE org_id NOT IN ({list})"
    ))
    .execute(&t.db.pool)
    .await
    .unwrap();
    let v = trust_view(&t).await;
    for g in v["groups"].as_array().unwrap() {
        assert!(g["organisations"].is_null(), "{g}");
        assert_eq!(g["suppressed"], "Fewer than 5 organisations took part");
    }
    for d in v["domains"].as_array().unwrap() {
        for c in d["comparisons"].as_array().unwrap() {
            assert!(c["quartiles"].is_null() && c["position"].is_null());
        }
    }
    let page = t
        .signed_in(PSW)
        .await
        .get("/self-assessment/benchmark")
        .await
        .expect(200)
        .body;
    assert!(page.contains("Fewer than 5 organisations took part"));

    // A threshold of 3 (the floor) shows the all-organisations group.
    let mut settings = mhsw::config::Settings::default();
    settings.self_assessment.benchmark_min_organisations = 1;
    assert_eq!(
        settings.self_assessment.benchmark_threshold(),
        3,
        "never below 3"
    );
}

#[tokio::test]
async fn withdrawing_consent_removes_an_organisation_at_once_and_rejoining_brings_it_back() {
    let t = TestApp::new().await;
    let before = all_group_n(&trust_view(&t).await).unwrap();
    let analyst = t.api(ANALYST).await;
    let national = |c: Client| async move {
        c.get(&format!("/api/v1/national/self-assessment?framework={HEE}"))
            .await
            .expect(200)
            .json()["organisations"]
            .as_u64()
            .unwrap()
    };
    let national_before = national(analyst.clone()).await;

    harbour_cycle(&t, "4").await;
    let harbour = t.signed_in(HARBOUR_ADMIN).await;
    harbour
        .post_form(
            "/self-assessment/benchmark/consent",
            &[("consented", "yes"), ("framework", HEE)],
        )
        .await
        .expect(303);
    assert_eq!(all_group_n(&trust_view(&t).await), Some(before + 1));
    assert_eq!(national(analyst.clone()).await, national_before + 1);

    let r = harbour
        .post_form(
            "/self-assessment/benchmark/consent",
            &[("consented", "no"), ("framework", HEE)],
        )
        .await
        .expect(303);
    assert!(r.location().contains("saved=consent"));
    assert_eq!(
        all_group_n(&trust_view(&t).await),
        Some(before),
        "gone at once"
    );
    assert_eq!(national(analyst.clone()).await, national_before);
    let page = harbour.get(r.location()).await.expect(200).body;
    assert!(page.contains("Your organisation has left the benchmark"));
    assert!(page.contains("has not agreed to join the benchmark"));

    // The API says the same, and rejoining brings it back.
    t.api(HARBOUR_ADMIN)
        .await
        .send_json(
            "PUT",
            "/api/v1/self-assessment/benchmark/consent",
            &json!({"consented": true}),
        )
        .await
        .expect(200);
    assert_eq!(all_group_n(&trust_view(&t).await), Some(before + 1));
    let audited = t
        .scalar_i64("SELECT COUNT(*) FROM audit_log WHERE record_type = 'self_assessment_benchmark_consent'")
        .await;
    assert_eq!(audited, 3, "every decision is audited");
}

#[tokio::test]
async fn an_organisation_that_has_not_consented_or_signed_off_sees_no_peers() {
    let t = TestApp::new().await;
    let api = t.api(HARBOUR_ADMIN).await;
    let path = format!("/api/v1/self-assessment/benchmark?framework={HEE}");
    // No decision yet.
    let v = api.get(&path).await.expect(200).json();
    assert_eq!(v["standing"], "not_consented");
    assert!(v["groups"].as_array().unwrap().is_empty());
    assert!(v["domains"].as_array().unwrap().is_empty());
    // Consented, but nothing signed off: still nothing, and it says why.
    api.send_json(
        "PUT",
        "/api/v1/self-assessment/benchmark/consent",
        &json!({"consented": true}),
    )
    .await
    .expect(200);
    let v = api.get(&path).await.expect(200).json();
    assert_eq!(v["standing"], "no_signed_off_cycle");
    assert!(v["reason"].as_str().unwrap().contains("not signed off"));
    // Signed off but not consented: no peers.
    api.send_json(
        "PUT",
        "/api/v1/self-assessment/benchmark/consent",
        &json!({"consented": false}),
    )
    .await
    .expect(200);
    harbour_cycle(&t, "3").await;
    let v = api.get(&path).await.expect(200).json();
    assert_eq!(v["standing"], "not_consented");
    assert!(v["domains"].as_array().unwrap().is_empty());
    let page = t
        .signed_in(HARBOUR_ADMIN)
        .await
        .get("/self-assessment/benchmark")
        .await
        .expect(200)
        .body;
    assert!(page.contains("has not agreed to join the benchmark"));
    assert!(!page.contains("Where you stand"));
    // A bad consent is refused naming the field.
    let r = api
        .send_json(
            "PUT",
            "/api/v1/self-assessment/benchmark/consent",
            &json!({}),
        )
        .await
        .expect(422);
    assert_eq!(field_errors(&r.json()), vec!["consented"]);
    let r = t
        .signed_in(HARBOUR_ADMIN)
        .await
        .post_form("/self-assessment/benchmark/consent", &[])
        .await
        .expect(422);
    assert!(r.body.contains("Select yes if your organisation"));
}

#[tokio::test]
async fn only_the_latest_signed_off_cycle_counts_and_open_cycles_never() {
    let t = TestApp::new().await;
    let harbour = t.org_id("HH9C3").await;
    t.api(HARBOUR_ADMIN)
        .await
        .send_json(
            "PUT",
            "/api/v1/self-assessment/benchmark/consent",
            &json!({"consented": true}),
        )
        .await
        .expect(200);
    let first = harbour_cycle(&t, "1").await;
    let second = harbour_cycle(&t, "4").await;
    assert!(second > first);
    // An open cycle, rated 2 throughout: not counted.
    let actor = t.actor(HARBOUR_ADMIN).await;
    let open = cycles::open(
        &t.db,
        &t.settings,
        &actor,
        &OpenCycleInput {
            framework_code: HEE.into(),
            ..Default::default()
        },
        crate::helpers::today(),
    )
    .await
    .unwrap();
    cycles::rate(
        &t.db,
        &t.settings,
        &actor,
        open,
        "1.1",
        &RatingInput {
            rating: "2".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let latest = mhsw::store::benchmark::latest_ratings(&t.db, HEE)
        .await
        .unwrap();
    let mine = latest.iter().find(|c| c.org_id == harbour).unwrap();
    assert_eq!(mine.cycle_id, second);
    assert!(!mine.ratings.is_empty());
    assert!(mine.ratings.iter().all(|(_, r)| *r == 4));
    // One cycle per organisation, whatever the number signed off.
    let peers = independent(&t, HEE).await;
    let orgs: std::collections::BTreeSet<i64> = latest.iter().map(|c| c.org_id).collect();
    assert_eq!(orgs.len(), latest.len());
    assert_eq!(orgs.len(), peers.len());
    let total: usize = peers.values().map(|p| p.2.len()).sum();
    let rows: usize = latest.iter().map(|c| c.ratings.len()).sum();
    assert_eq!(rows, total, "not applicable answers are left out");
}

/// The page's main content: the header carries the deployment's own name (configured, the
/// demo trust's), which is not benchmark data.
fn main_of(page: &str) -> String {
    let start = page.find("<main").expect("a main element");
    let end = page.find("</main>").expect("the end of main");
    page[start..end].to_string()
}

/// Every organisation's name, for checking that none appears.
async fn names(t: &TestApp) -> Vec<String> {
    mhsw::store::engine::query("SELECT name FROM organisations")
        .fetch_all(&t.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect()
}

#[tokio::test]
async fn the_analyst_sees_the_distribution_without_names_and_small_cells_suppressed() {
    let t = TestApp::new().await;
    let names = names(&t).await;
    assert!(names.len() > 20);
    let web = t.signed_in(ANALYST).await;
    let mut bodies = Vec::new();
    for by in ["all", "type", "region"] {
        let b = web
            .get(&format!(
                "/national/self-assessment?framework={HEE}&by={by}"
            ))
            .await
            .expect(200)
            .body;
        assert!(b.contains("Self-assessment benchmark"));
        bodies.push(main_of(&b));
    }
    for fw in ["lga-employer-standards", "swbmh-mental-health-adapted"] {
        bodies.push(main_of(
            &web.get(&format!(
                "/national/self-assessment?framework={fw}&by=region"
            ))
            .await
            .expect(200)
            .body,
        ));
    }
    let api = t
        .api(ANALYST)
        .await
        .get(&format!("/api/v1/national/self-assessment?framework={HEE}"))
        .await
        .expect(200);
    bodies.push(api.body.clone());
    for b in &bodies {
        for n in &names {
            assert!(!b.contains(n.as_str()), "{n} appears");
        }
    }
    assert!(bodies[1].contains("Fewer than 5 organisations took part"));

    // Every cell agrees with the database read independently, or is suppressed.
    let peers = independent(&t, HEE).await;
    let v = api.json();
    assert_eq!(v["organisations"], json!(peers.len()));
    for c in v["criteria"].as_array().unwrap() {
        let code = c["code"].as_str().unwrap();
        let all: Vec<f64> = peers
            .values()
            .filter_map(|p| p.2.get(code).copied())
            .collect();
        assert_eq!(c["all"]["organisations"], json!(all.len()));
        let counts: Vec<u64> = c["all"]["levels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["organisations"].as_u64().unwrap())
            .collect();
        let expected: Vec<u64> = (1..=4)
            .map(|level| all.iter().filter(|r| **r == level as f64).count() as u64)
            .collect();
        assert_eq!(counts, expected, "{code}");
        assert!(close(&c["all"]["quartiles"]["median"], type7(&all, 0.5)));
        for (field, key) in [("by_type", 0usize), ("by_region", 1)] {
            let cells = c[field].as_array().unwrap();
            let hidden: usize = cells
                .iter()
                .filter(|d| d["suppressed"].is_string())
                .map(|d| {
                    peers
                        .values()
                        .filter(
                            |p| if key == 0 { &p.0 } else { &p.1 } == d["code"].as_str().unwrap(),
                        )
                        .filter(|p| p.2.contains_key(code))
                        .count()
                })
                .sum();
            assert!(
                hidden == 0 || hidden >= 5,
                "{code} {field}: hidden groups could be worked out"
            );
            for d in cells {
                let n = peers
                    .values()
                    .filter(|p| if key == 0 { &p.0 } else { &p.1 } == d["code"].as_str().unwrap())
                    .filter(|p| p.2.contains_key(code))
                    .count();
                if n < 5 {
                    assert_eq!(d["suppressed"], "Fewer than 5 organisations took part");
                    assert!(d["organisations"].is_null() && d["quartiles"].is_null());
                    assert!(d["levels"].as_array().unwrap().is_empty(), "no counts");
                } else if d["suppressed"].is_null() {
                    assert_eq!(d["organisations"], json!(n));
                }
            }
        }
    }
}

#[tokio::test]
async fn pages_render_for_every_role_allowed() {
    let t = TestApp::new().await;
    for role in [
        Role::Practitioner,
        Role::Supervisor,
        Role::TeamManager,
        Role::PrincipalSocialWorker,
        Role::WorkforceLead,
        Role::OrgAdmin,
    ] {
        let email = t.user_with_roles(&[role]).await;
        let c = t.signed_in(&email).await;
        for fw in [
            "",
            "?framework=lga-employer-standards",
            "?framework=hee-considerations&group=region",
        ] {
            let b = c
                .get(&format!("/self-assessment/benchmark{fw}"))
                .await
                .expect(200)
                .body;
            assert!(b.contains("Compare with peers"), "{role:?}");
            assert!(b.contains("Taking part in the benchmark"));
            assert_eq!(
                b.contains("name=\"consented\""),
                role == Role::PrincipalSocialWorker,
                "{role:?}: only the PSW decides"
            );
        }
    }
    // The demo trust (consenting, signed off a year ago) sees figures in every group.
    let b = t
        .signed_in(PSW)
        .await
        .get("/self-assessment/benchmark?group=type")
        .await
        .expect(200)
        .body;
    assert!(b.contains("Where you stand"));
    assert!(b.contains("Other organisations of the same type (NHS trust)"));
    assert!(!b.contains("Fewer than"), "the demo shows every group");
    // An unknown framework is not found.
    t.signed_in(PSW)
        .await
        .get("/self-assessment/benchmark?framework=nope")
        .await
        .expect(404);
    // The analyst's home and navigation lead to the national view.
    let home = t.signed_in(ANALYST).await.get("/").await.expect(200).body;
    assert!(home.contains("href=\"/national/self-assessment\""));
    // The link the self-assessment pages include.
    let link = mhsw::web::templates::Templates::new()
        .render_macro(
            "{% include 'self_assessment/benchmark_link.html' %}",
            minijinja::context! { framework_code => HEE },
        )
        .unwrap();
    assert!(
        link.contains(">Compare with peers</a>") && link.contains("?framework=hee-considerations")
    );
}
