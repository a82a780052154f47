//! `mhsw demo --national` (`demo::national`): the organisations it adds hold the people
//! beyond the demo's own, with supervision and stocktake returns, and the demo's own
//! organisations are as they are without it.

use crate::helpers::*;
use mhsw::demo::{DemoOptions, build};

fn options(practitioners: usize, national: Option<usize>) -> DemoOptions {
    DemoOptions {
        practitioners,
        seed: 2020,
        progress: false,
        history_months: mhsw::demo::DEFAULT_HISTORY_MONTHS,
        today: today(),
        replace: mhsw::store::Replace::OnlyDemoData,
        national,
    }
}

const ADDED: &str = "(SELECT id FROM organisations WHERE ods_code LIKE 'RN0%' OR ods_code LIKE 'LN0%' OR ods_code LIKE 'IN0%')";

/// The own organisations' people, in order, by name and registration number.
async fn own_people(t: &TestApp) -> String {
    t.scalar_text(&format!(
        "SELECT COALESCE(STRING_AGG(given_name || ' ' || family_name || ' ' || COALESCE(swe_number, '-'), ', ' ORDER BY id), '')
         FROM practitioners WHERE employer_org_id NOT IN {ADDED}"
    ))
    .await
}

#[tokio::test]
async fn the_national_demo_adds_organisations_with_people_supervision_and_returns() {
    let t = TestApp::new().await;
    build(&t.db, &options(150, None)).await.unwrap();
    let own_alone = own_people(&t).await;
    let orgs_alone = t.count("organisations").await;

    let summary = build(&t.db, &options(400, Some(6))).await.unwrap();
    assert_eq!(t.count("organisations").await, orgs_alone + 6);
    assert_eq!(
        own_people(&t).await,
        own_alone,
        "the demo's own people are unchanged"
    );
    let in_added = |what: &str| format!("SELECT COUNT(*) FROM {what} IN {ADDED}");
    assert_eq!(
        t.scalar_i64(&in_added("practitioners WHERE employer_org_id"))
            .await,
        250,
        "everyone after the first 150"
    );
    assert_eq!(
        summary.practitioners,
        t.count("practitioners").await as usize
    );
    // What it says it made is what is there (the benchmark peers were once left out).
    assert_eq!(
        (summary.organisations, summary.teams),
        (
            t.count("organisations").await as usize,
            t.count("teams").await as usize
        )
    );
    // Every added organisation has teams, people, supervision and five returns.
    for (what, each) in [
        ("teams t WHERE t.org_id = o.id", 1),
        ("practitioners p WHERE p.employer_org_id = o.id", 1),
        (
            "stocktake_returns r WHERE r.org_id = o.id AND r.replaced_at IS NULL",
            5,
        ),
    ] {
        let short = t
            .scalar_i64(&format!(
                "SELECT COUNT(*) FROM organisations o WHERE o.id IN {ADDED} AND (SELECT COUNT(*) FROM {what}) < {each}"
            ))
            .await;
        assert_eq!(short, 0, "an added organisation has too few: {what}");
    }
    assert!(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM supervision_sessions s JOIN practitioners p ON p.id = s.practitioner_id
             WHERE p.employer_org_id IN {ADDED}"
        ))
        .await
            > 250
    );
    // The national analyst's stocktake results count them.
    let national = t
        .api(ANALYST)
        .await
        .get("/api/v1/stocktake/national")
        .await
        .expect(200)
        .json();
    assert!(
        national["england"]["organisations"].as_i64().unwrap() >= 6,
        "{national}"
    );
}

/// The national view adds each return's totals and the regions' in-post counts in SQL
/// (`store::stocktake::counted_totals` and `in_post_by_region`, a few rows an
/// organisation): the same figures as adding every counted cell in Rust, at every
/// collection date, on both engines.
#[tokio::test]
async fn the_national_figures_added_in_sql_equal_those_added_from_every_cell() {
    use mhsw::domain::stocktake::national::{InPostCounts, Totals, in_post_counts};
    use mhsw::store::stocktake;
    use std::collections::BTreeMap;
    let t = TestApp::new().await;
    build(&t.db, &options(400, Some(6))).await.unwrap();
    let pool = &t.db.pool;
    let region_of: BTreeMap<i64, String> = mhsw::store::orgs::all(pool)
        .await
        .unwrap()
        .into_iter()
        .map(|o| (o.id, o.region))
        .collect();
    let dates = stocktake::collection_dates(pool).await.unwrap();
    assert!(dates.len() >= 5, "{dates:?}");
    for day in dates {
        let mut cells_of: BTreeMap<i64, Vec<_>> = BTreeMap::new();
        for (org, cell) in stocktake::counted_cells(pool, day, None).await.unwrap() {
            cells_of.entry(org).or_default().push(cell);
        }
        let totals: Vec<(i64, Totals)> = cells_of
            .iter()
            .map(|(org, cells)| (*org, Totals::of(cells)))
            .collect();
        let mut by_region: BTreeMap<String, InPostCounts> = BTreeMap::new();
        for (org, cells) in &cells_of {
            let region = by_region.entry(region_of[org].clone()).or_default();
            for (key, n) in in_post_counts(cells) {
                *region.entry(key).or_default() += n;
            }
        }
        assert!(
            totals
                .iter()
                .any(|(_, t)| t.amhps > 0 && t.nhs_headcount < t.headcount),
            "the returns have AMHPs and people employed outside the NHS"
        );
        assert_eq!(
            stocktake::counted_totals(pool, day).await.unwrap(),
            totals,
            "{day}"
        );
        assert_eq!(
            stocktake::in_post_by_region(pool, day).await.unwrap(),
            by_region,
            "{day}"
        );
    }
}
