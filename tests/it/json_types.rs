//! The API speaks JSON's own types: numbers as numbers, booleans as booleans, dates as ISO
//! 8601 strings, both in what it takes and in what it gives (and the contract check on
//! every response holds it to the document).

use crate::helpers::*;
use serde_json::json;

#[tokio::test]
async fn numbers_and_booleans_are_taken_as_json_numbers_and_booleans() {
    let t = TestApp::new().await;
    let trust = t.org_id("R9N").await;
    let admin = t.api(ADMIN).await;
    let made = admin
        .send_json(
            "POST",
            "/api/v1/practitioners",
            &json!({
                "given_name": "Ada", "family_name": "Lovelace",
                "work_email": "ada.lovelace@northshire.example.nhs.uk", "swe_number": "SW424242",
                "employer_org_id": trust, "host_org_id": trust, "team_id": null,
                "role_category": "sw_required", "career_stage": "qualified", "band": "6",
                "wte": 0.8, "start_date": "2024-03-27",
            }),
        )
        .await
        .expect(201)
        .json();
    assert_eq!(made["wte"], 0.8);
    assert_eq!(made["employer_org_id"], trust);

    let org = admin
        .get(&format!("/api/v1/organisations/{trust}"))
        .await
        .expect(200)
        .json();
    let updated = admin
        .send_json(
            "PUT",
            &format!("/api/v1/organisations/{trust}"),
            &json!({
                "name": org["name"], "ods_code": org["ods_code"], "org_type": org["org_type"],
                "region": org["region"], "population": 1_250_000, "is_nhs_body": true,
            }),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(updated["population"], 1_250_000);
    assert_eq!(updated["is_nhs_body"], true);

    // The wrong JSON type names its field.
    let wrong = admin
        .send_json(
            "PUT",
            &format!("/api/v1/organisations/{trust}"),
            &json!({"name": "x", "ods_code": "R9N", "org_type": "nhs_trust", "region": "Y63",
                    "population": [1], "is_nhs_body": true}),
        )
        .await
        .expect(422)
        .json();
    assert_eq!(wrong["errors"][0]["field"], "population", "{wrong}");
}

#[tokio::test]
async fn feedback_cards_take_a_number_and_give_iso_dates() {
    let t = TestApp::new().await;
    let pat = t.api(PRACTITIONER).await;
    let made = pat
        .send_json(
            "POST",
            "/api/v1/me/feedback/cards",
            &json!({"audience": "carer", "count": 2}),
        )
        .await
        .expect(201)
        .json();
    let cards = made["cards"].as_array().unwrap_or_else(|| panic!("{made}"));
    assert_eq!(cards.len(), 2);
    let mine = pat.get("/api/v1/me/feedback").await.expect(200).json();
    let expires = mine["cards"][0]["expires_on"]
        .as_str()
        .unwrap_or_else(|| panic!("{mine}"));
    assert!(
        time::Date::parse(
            expires,
            time::macros::format_description!("[year]-[month]-[day]")
        )
        .is_ok(),
        "{expires} is an ISO date"
    );
}
