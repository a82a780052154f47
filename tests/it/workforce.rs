//! Workforce aggregates as an organisation sees them (the national analyst's are in
//! `web.rs`): controlled breakdowns list every group and never hide one alone.

use crate::helpers::*;

/// An organisation's ethnic breakdown sits beside the exact count of its people, so a lone
/// hidden category could be worked out by subtraction: every category is listed, zeros
/// too, and a hidden one never stands alone.
#[tokio::test]
async fn an_organisations_ethnic_breakdown_never_hides_one_category_alone() {
    let t = TestApp::new().await;
    let json = t
        .api(WORKFORCE)
        .await
        .get("/api/v1/workforce")
        .await
        .expect(200)
        .json();
    let ethnic = json["breakdowns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["by"] == "ethnic_category")
        .expect("an ethnic breakdown");
    let rows = ethnic["rows"].as_array().unwrap();
    let categories = mhsw::domain::reference::reference()
        .ethnic_categories
        .items
        .len();
    assert!(rows.len() >= categories, "every category listed: {ethnic}");
    let hidden = rows.iter().filter(|r| r["count"] == "*").count();
    assert!(hidden != 1, "{ethnic}");
    assert!(
        json["total"].as_u64().is_some(),
        "the organisation's total is exact"
    );
}
