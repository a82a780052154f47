//! Loading existing staff from a CSV or XLSX file: a preview, every problem named by row and
//! column, nothing written unless the whole file is right, and the same file loaded again
//! changing nothing. In the pages and the API.

use crate::helpers::*;
use serde_json::Value;

const HEAD: &str = "Given name,Family name,Work email,SWE number,Employer,Host,Team,Team type,Career stage,Band,WTE,Start date";

async fn count(t: &TestApp, sql: &str) -> i64 {
    t.scalar_i64(sql).await
}

/// An existing trust practitioner with a registration number: (number, email, band).
async fn someone(t: &TestApp) -> (String, String, String, String, String) {
    let trust = t.org_id("R9N").await;
    mhsw::store::engine::query_as(format!(
        "SELECT swe_number, work_email, band, given_name, family_name FROM practitioners
         WHERE employer_org_id = {trust} AND host_org_id = {trust} AND swe_number IS NOT NULL
         AND end_date IS NULL ORDER BY id LIMIT 1"
    ))
    .fetch_one(&t.db.pool)
    .await
    .unwrap()
}

fn file(rows: &[String]) -> String {
    let mut s = format!("{HEAD}\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

#[tokio::test]
async fn a_psw_previews_loads_and_reloading_the_same_file_changes_nothing() {
    let t = TestApp::new().await;
    let (number, email, _band, given, family) = someone(&t).await;
    let people = "SELECT COUNT(*) FROM practitioners";
    let before = count(&t, people).await;
    let text = file(&[
        format!("{given},{family},{email},{number},R9N,,,,senior,Band 7,1,01/04/2019"),
        "Ada,Byron,ada.byron@northshire.example.nhs.uk,SW900001,R9N,,Perinatal Outreach,Perinatal,qualified,NHS AfC: Band 6,0.8,2024-09-02".into(),
        "Grace,Hopper,grace.hopper@northshire.example.nhs.uk,SW900002,R9N,,Perinatal Outreach,,Newly qualified (ASYE),6,1,02/09/2025".into(),
    ]);
    let web = t.signed_in(PSW).await;
    let page = web.get("/practitioners/import").await.expect(200);
    assert!(page.body.contains("Load existing staff"));
    assert!(
        page.body.contains("Professional registration number"),
        "the ESR headings are listed"
    );
    let preview = web
        .post_file("/practitioners/import", "file", &text)
        .await
        .expect(303);
    let at = preview.headers["location"].to_str().unwrap().to_string();
    let shown = web.get(&at).await.expect(200);
    assert!(shown.body.contains("What the staff list changes"));
    assert!(
        shown.body.contains("Perinatal Outreach"),
        "the new team is named"
    );
    assert!(shown.body.contains("Ada Byron") && shown.body.contains("Grace Hopper"));
    assert_eq!(count(&t, people).await, before, "a preview writes nothing");

    let done = web.post_form(&format!("{at}/apply"), &[]).await.expect(200);
    assert!(done.body.contains("Staff list loaded"));
    assert_eq!(count(&t, people).await, before + 2);
    let team: i64 = count(
        &t,
        "SELECT COUNT(*) FROM teams WHERE name = 'Perinatal Outreach'",
    )
    .await;
    assert_eq!(team, 1, "one new team for the two rows that name it");
    let grace: (String, String, f64, time::Date) = mhsw::store::engine::query_as(
        "SELECT career_stage, band, wte, start_date FROM practitioners WHERE work_email = 'grace.hopper@northshire.example.nhs.uk'",
    )
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    assert_eq!(
        grace,
        (
            "asye".into(),
            "6".into(),
            1.0,
            time::macros::date!(2025 - 09 - 02)
        )
    );
    let band: String =
        mhsw::store::engine::query_scalar("SELECT band FROM practitioners WHERE swe_number = $1")
            .bind(&number)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
    assert_eq!(band, "7", "the existing record is brought up to date");
    // Applying the same preview again is refused.
    web.post_form(&format!("{at}/apply"), &[]).await.expect(422);

    // The same file again: everyone is up to date, nothing to save.
    let again = web
        .post_file("/practitioners/import", "file", &text)
        .await
        .expect(303);
    let again = web
        .get(again.headers["location"].to_str().unwrap())
        .await
        .expect(200);
    assert!(
        again
            .body
            .contains("Everyone in the file is already up to date")
    );
    assert_eq!(count(&t, people).await, before + 2);
}

#[tokio::test]
async fn every_problem_is_named_by_row_and_column_and_nothing_is_written() {
    let t = TestApp::new().await;
    let (number, _, _, _, _) = someone(&t).await;
    let people = "SELECT COUNT(*) FROM practitioners";
    let before = count(&t, people).await;
    let text = file(&[
        "Ada,Byron,ada.byron@northshire.example.nhs.uk,SW900001,R9N,,,,qualified,Band 12,0.8,2024-09-02".into(),
        "Grace,,not-an-email,SW900002,NOWHERE,,,,qualified,6,2,31/02/2025".into(),
        "Alan,Turing,alan.turing@northshire.example.nhs.uk,SW900001,R9N,,,,qualified,6,1,2024-01-01".to_string(),
        format!("Ben,Other,ben.other@northshire.example.nhs.uk,{number},R9N,,New Team,,qualified,6,1,2024-01-01"),
    ]);
    let api = t.api(PSW).await;
    let r = api
        .send_text("POST", "/api/v1/practitioners/imports", "text/csv", &text)
        .await
        .expect(422)
        .json();
    let messages: Vec<String> = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap().to_string())
        .collect();
    let has = |prefix: &str| messages.iter().any(|m| m.starts_with(prefix));
    assert!(has("Row 2, column J (\"Band\")"), "{messages:#?}");
    assert!(has("Row 3, column B (\"Family name\")"), "{messages:#?}");
    assert!(has("Row 3, column C (\"Work email\")"), "{messages:#?}");
    assert!(has("Row 3, column E (\"Employer\")"), "{messages:#?}");
    assert!(has("Row 3, column K (\"WTE\")"), "{messages:#?}");
    assert!(has("Row 3, column L (\"Start date\")"), "{messages:#?}");
    assert!(
        has("Row 4, column D (\"SWE number\"): SW900001 is also on row 2"),
        "{messages:#?}"
    );
    assert!(
        has("Row 5, column H (\"Team type\")"),
        "a new team needs its type: {messages:#?}"
    );
    assert_eq!(count(&t, people).await, before, "nothing is written");

    // Headings: a missing required column and an unknown one, named.
    let r = api
        .send_text(
            "POST",
            "/api/v1/practitioners/imports",
            "text/csv",
            "Given name,Shoe size\nAda,5\n",
        )
        .await
        .expect(422)
        .json();
    let text = r.to_string();
    assert!(text.contains("Column B (\\\"Shoe size\\\")"), "{text}");
    assert!(text.contains("no Family name column"), "{text}");
}

#[tokio::test]
async fn an_admin_loads_a_spreadsheet_with_accounts_through_the_api() {
    let t = TestApp::new().await;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let head = [
        "First Name",
        "Last Name",
        "Email Address",
        "Professional Registration Number",
        "Employer",
        "Career stage",
        "Grade",
        "FTE",
        "Assignment Start Date",
        "Roles",
    ];
    for (c, h) in head.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let row = [
        "Mary",
        "Seacole",
        "mary.seacole@northshire.example.nhs.uk",
        "SW900010",
        "R9N",
        "senior",
    ];
    for (c, v) in row.iter().enumerate() {
        sheet.write_string(1, c as u16, *v).unwrap();
    }
    sheet.write_number(1, 6, 7.0).unwrap();
    sheet.write_number(1, 7, 0.6).unwrap();
    sheet.write_string(1, 8, "01/04/2019").unwrap();
    sheet
        .write_string(1, 9, "Practitioner; Supervisor")
        .unwrap();
    let bytes = book.save_to_buffer().unwrap();

    let api = t.api(ADMIN).await;
    let preview: Value = api
        .send_bytes(
            "POST",
            "/api/v1/practitioners/imports",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            bytes.clone(),
        )
        .await
        .expect(201)
        .json();
    assert_eq!(preview["to_add"].as_array().unwrap().len(), 1);
    assert_eq!(preview["accounts_to_add"], 1);
    assert_eq!(
        preview["to_add"][0]["new_account_roles"],
        serde_json::json!(["practitioner", "supervisor"])
    );
    let id = preview["import_id"].as_i64().unwrap();
    let done: Value = api
        .send_json(
            "POST",
            &format!("/api/v1/practitioners/imports/{id}/apply"),
            &serde_json::json!({}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(done["added"], 1);
    assert_eq!(done["accounts_added"], 1);
    let (band, wte): (String, f64) = mhsw::store::engine::query_as(
        "SELECT band, wte FROM practitioners WHERE swe_number = 'SW900010'",
    )
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    assert_eq!((band.as_str(), wte), ("7", 0.6));
    let linked = count(&t, "SELECT COUNT(*) FROM users u JOIN practitioners p ON p.id = u.practitioner_id WHERE p.swe_number = 'SW900010' AND u.email = 'mary.seacole@northshire.example.nhs.uk'").await;
    assert_eq!(linked, 1);
    // Again: nothing to add, no second account.
    let again: Value = api
        .send_bytes(
            "POST",
            "/api/v1/practitioners/imports",
            "application/octet-stream",
            bytes,
        )
        .await
        .expect(201)
        .json();
    assert_eq!(again["unchanged"], 1);
    assert_eq!(again["accounts_to_add"], 0);
}

/// A preview is applied only as it was seen: if the records moved in between, nothing is
/// written and the person is asked to upload the file again.
#[tokio::test]
async fn a_preview_is_refused_when_the_records_moved_since() {
    let t = TestApp::new().await;
    let api = t.api(PSW).await;
    let text = file(&[
        "Ada,Byron,ada.byron@northshire.example.nhs.uk,SW900001,R9N,,,,qualified,6,1,2024-09-02"
            .into(),
    ]);
    let preview = api
        .send_text("POST", "/api/v1/practitioners/imports", "text/csv", &text)
        .await
        .expect(201)
        .json();
    let id = preview["import_id"].as_i64().unwrap();
    // Someone adds Ada by hand meanwhile.
    let trust = t.org_id("R9N").await;
    api.send_json(
        "POST",
        "/api/v1/practitioners",
        &serde_json::json!({"given_name": "Ada", "family_name": "Byron", "work_email": "ada.byron@northshire.example.nhs.uk",
            "swe_number": "SW900001", "employer_org_id": trust, "host_org_id": trust, "role_category": "sw_required",
            "career_stage": "senior", "band": "7", "wte": 1, "start_date": "2024-09-02"}),
    )
    .await
    .expect(201);
    let r = api
        .send_json(
            "POST",
            &format!("/api/v1/practitioners/imports/{id}/apply"),
            &serde_json::json!({}),
        )
        .await
        .expect(422)
        .json();
    assert!(r.to_string().contains("Upload the file again"), "{r}");
    let band: String = mhsw::store::engine::query_scalar(
        "SELECT band FROM practitioners WHERE swe_number = 'SW900001'",
    )
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    assert_eq!(band, "7", "the hand-made record is untouched");
}

/// Someone who may not add teams or accounts is told which column asks for it.
#[tokio::test]
async fn a_workforce_lead_cannot_add_teams_or_accounts_by_file() {
    let t = TestApp::new().await;
    let api = t.api(WORKFORCE).await;
    let text = "Given name,Family name,Work email,SWE number,Employer,Team,Team type,Career stage,Band,WTE,Start date,Roles\n\
                Ada,Byron,ada.byron@northshire.example.nhs.uk,SW900001,R9N,Brand New Team,Perinatal,qualified,6,1,2024-09-02,Supervisor\n";
    let r = api
        .send_text("POST", "/api/v1/practitioners/imports", "text/csv", text)
        .await
        .expect(422)
        .json()
        .to_string();
    assert!(r.contains("Row 2, column F (\\\"Team\\\")"), "{r}");
    assert!(r.contains("Row 2, column L (\\\"Roles\\\")"), "{r}");
    t.api(PRACTITIONER)
        .await
        .send_text("POST", "/api/v1/practitioners/imports", "text/csv", text)
        .await
        .expect(403);
}
