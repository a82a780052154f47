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
    if on_postgres() {
        // The planner has statistics from the start (`dialect::after_bulk_load`):
        // `reltuples` is -1 for a table never analysed.
        let analysed = t
            .scalar_i64(
                "SELECT COUNT(*) FROM pg_class WHERE reltuples > 0
                 AND relname IN ('supervision_sessions', 'practitioners', 'stocktake_cells')",
            )
            .await;
        assert_eq!(analysed, 3);
    }
}

/// The national view reads each return's kept summary (`store::stocktake::
/// counted_summaries`, one row a return): the same figures as adding up the return's cells
/// (`ReturnSummary::of`), at every collection date, on both engines. The migration that
/// wrote the summaries of returns stored before (`20261207000043`), run again over these
/// with the summaries wiped, writes the same.
/// The cells as they were before migration `20261207000046` numbered their codes
/// (`store::stocktake::cell_codes`), for running an earlier migration over them again.
const CELLS_WITH_CODES_AS_TEXT: &str = "CREATE VIEW stocktake_cells AS SELECT return_id,
    CASE measure WHEN 1 THEN 'in_post' WHEN 2 THEN 'amhp' WHEN 3 THEN 'bia'
        WHEN 4 THEN 'vacancies' WHEN 5 THEN 'starters' WHEN 6 THEN 'leavers'
        WHEN 7 THEN 'registered_population' END AS measure,
    CASE employer WHEN 0 THEN '' WHEN 1 THEN 'nhs' WHEN 2 THEN 'other' END AS employer,
    CASE dimension WHEN 0 THEN '' WHEN 1 THEN 'total' WHEN 2 THEN 'band' WHEN 3 THEN 'age_group'
        WHEN 4 THEN 'ethnic_category' WHEN 5 THEN 'sex' WHEN 6 THEN 'disability'
        WHEN 7 THEN 'service_model' END AS dimension,
    category, headcount, wte_hundredths
    FROM stocktake_cells_numbered";

#[tokio::test]
async fn each_returns_kept_summary_equals_adding_up_its_cells() {
    use mhsw::domain::stocktake::national::ReturnSummary;
    use mhsw::store::stocktake;
    use std::collections::BTreeMap;
    let t = TestApp::new().await;
    build(&t.db, &options(400, Some(6))).await.unwrap();
    let pool = &t.db.pool;
    let dates = stocktake::collection_dates(pool).await.unwrap();
    assert!(dates.len() >= 5, "{dates:?}");
    let from_cells = |day| async move {
        let mut cells_of: BTreeMap<i64, Vec<_>> = BTreeMap::new();
        for (org, cell) in stocktake::counted_cells(pool, day, None).await.unwrap() {
            cells_of.entry(org).or_default().push(cell);
        }
        cells_of
            .iter()
            .map(|(org, cells)| (*org, ReturnSummary::of(cells)))
            .collect::<Vec<_>>()
    };
    for day in &dates {
        let summaries = from_cells(*day).await;
        assert!(
            summaries.iter().any(|(_, s)| s.totals.amhps > 0
                && s.totals.nhs_headcount < s.totals.headcount
                && s.in_post.len() > 10),
            "the returns have AMHPs, people employed outside the NHS and distributions"
        );
        assert_eq!(
            stocktake::counted_summaries(pool, *day).await.unwrap(),
            summaries,
            "{day}"
        );
    }

    let exec = |sql: &'static str| async move {
        mhsw::store::engine::query(sql).execute(pool).await.unwrap();
    };
    exec(
        "UPDATE stocktake_returns SET in_post_headcount = 0, in_post_wte_hundredths = 0,
           nhs_headcount = 0, nhs_wte_hundredths = 0, amhp_headcount = 0, bia_headcount = 0,
           registered_population = NULL, in_post_counts = '[]'",
    )
    .await;
    let kept_before = if on_postgres() {
        include_str!("../../migrations/postgres/20261207000043_stocktake_return_summaries_kept.sql")
    } else {
        include_str!("../../migrations/sqlite/20261207000043_stocktake_return_summaries_kept.sql")
    };
    // Migration 20261207000046 numbered the cells' codes since: it reads them as text. On
    // one connection, which sees its own changes to the schema (another of the pool's
    // could compile `DROP VIEW` against the schema it read before).
    let mut conn = t.db.connection().await.unwrap();
    for sql in [
        "ALTER TABLE stocktake_cells RENAME TO stocktake_cells_numbered",
        CELLS_WITH_CODES_AS_TEXT,
        kept_before,
        "DROP VIEW stocktake_cells",
        "ALTER TABLE stocktake_cells_numbered RENAME TO stocktake_cells",
    ] {
        mhsw::store::engine::query(sql)
            .execute(&mut conn)
            .await
            .unwrap();
    }
    drop(conn);
    for day in &dates {
        assert_eq!(
            stocktake::counted_summaries(pool, *day).await.unwrap(),
            from_cells(*day).await,
            "written by the migration: {day}"
        );
    }
}
