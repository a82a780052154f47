//! The OpenAPI document is a contract: snapshot it, and check it describes every API route.

use crate::helpers::*;

#[tokio::test]
async fn the_openapi_document_is_served_and_stable() {
    let t = TestApp::new().await;
    let doc = t
        .anonymous()
        .get("/api/openapi.json")
        .await
        .expect(200)
        .json();
    assert_eq!(doc["openapi"], "3.1.0");
    for rule in mhsw::policy::ROUTES
        .iter()
        .filter(|r| r.path.starts_with("/api/v1/"))
    {
        let op = &doc["paths"][rule.path][rule.method.to_lowercase()];
        assert!(
            op.is_object(),
            "{} {} is not documented",
            rule.method,
            rule.path
        );
    }
    insta::assert_json_snapshot!("openapi", doc);
}
