//! Migration `20261207000046`: a return's cells stored with their codes as text, before
//! it, read back the same after it (as numbers, `store::stocktake::cell_codes`), on either
//! engine; and deleting the return still deletes its cells. The releases' demos hold no
//! stocktake returns, so this test writes one into the schema before.

use super::restore;
use mhsw::domain::stocktake::{Dimension, Employer, Measure};
use mhsw::store::{self, Create};

/// One cell of every measure, employer and dimension, and the population's row with
/// neither: (measure, employer, dimension, category, headcount).
const CELLS: &[(&str, &str, &str, &str, i64)] = &[
    ("in_post", "nhs", "total", "all", 10),
    ("in_post", "other", "band", "6", 2),
    ("in_post", "nhs", "age_group", "30_39", 3),
    ("in_post", "nhs", "ethnic_category", "A", 4),
    ("in_post", "nhs", "sex", "female", 5),
    ("in_post", "nhs", "disability", "no", 6),
    ("in_post", "nhs", "service_model", "crisis", 7),
    ("amhp", "nhs", "total", "all", 1),
    ("bia", "other", "total", "all", 1),
    ("vacancies", "nhs", "band", "7", 0),
    ("starters", "nhs", "total", "all", 2),
    ("leavers", "other", "total", "all", 1),
    ("registered_population", "", "", "", 250_000),
];

#[tokio::test]
async fn cells_stored_as_text_read_back_the_same_as_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let url = restore("20261207000045", &dir).await;
    let db = store::connect(&url, 2, Create::DefaultOnly).await.unwrap();
    let id: i64 = store::engine::query_scalar(
        "INSERT INTO stocktake_returns (org_id, collection_date, received_at, route, file_name)
         SELECT MIN(id), '2023-09-30', '2023-10-02 09:00:00+00', 'upload', 'before.csv'
         FROM organisations RETURNING id",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    for (measure, employer, dimension, category, headcount) in CELLS {
        store::engine::query(
            "INSERT INTO stocktake_cells
               (return_id, measure, employer, dimension, category, headcount)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(*measure)
        .bind(*employer)
        .bind(*dimension)
        .bind(*category)
        .bind(*headcount)
        .execute(&db.pool)
        .await
        .unwrap();
    }

    db.migrate().await.unwrap();
    let read: Vec<(&str, &str, &str, String, i64)> = store::stocktake::cells_of(&db.pool, id)
        .await
        .unwrap()
        .into_iter()
        .map(|c| {
            (
                c.measure.code(),
                c.employer.map_or("", Employer::code),
                c.dimension.map_or("", Dimension::code),
                c.category,
                i64::try_from(c.headcount.unwrap_or(0)).unwrap(),
            )
        })
        .collect();
    let mut expected: Vec<(&str, &str, &str, String, i64)> = CELLS
        .iter()
        .map(|(m, e, d, c, h)| (*m, *e, *d, c.to_string(), *h))
        .collect();
    // cells_of orders by the key: measure, employer, dimension (each as numbered), category.
    let order = |code: &str, all: &[&str]| all.iter().position(|a| *a == code);
    let measures: Vec<&str> = Measure::ALL.iter().map(|m| m.code()).collect();
    let employers: Vec<&str> = std::iter::once("")
        .chain(Employer::ALL.iter().map(|e| e.code()))
        .collect();
    let dimensions: Vec<&str> = std::iter::once("")
        .chain(Dimension::ALL.iter().map(|d| d.code()))
        .collect();
    expected.sort_by_key(|(m, e, d, c, _)| {
        (
            order(m, &measures),
            order(e, &employers),
            order(d, &dimensions),
            c.clone(),
        )
    });
    assert_eq!(read, expected);

    // The return's cells still go with it.
    store::engine::query("DELETE FROM stocktake_returns WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await
        .unwrap();
    let left: i64 = store::engine::query_scalar("SELECT COUNT(*) FROM stocktake_cells")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
}
