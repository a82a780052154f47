//! Returns to the national stocktake, through each front door (the page, the API, the
//! command line): a valid return stored whole and counted, a later one replacing it with
//! the earlier kept, and malformed files refused kindly with nothing written.

use crate::helpers::*;
use std::io::{Cursor, Write};

const HEAD: &str = "collection_date,ods_code,measure,employer,dimension,category,headcount,wte";

/// A valid return for `ods` at the 2019 census day, with `in_post` NHS-employed people in
/// post (two bands).
fn valid(ods: &str, in_post: u32) -> String {
    let (six, seven) = (in_post - in_post / 3, in_post / 3);
    [
        HEAD.to_string(),
        format!("2019-09-30,{ods},in_post,nhs,total,all,{in_post},{in_post}.00"),
        format!("2019-09-30,{ods},in_post,nhs,band,6,{six},{six}"),
        format!("2019-09-30,{ods},in_post,nhs,band,7,{seven},{seven}.0"),
        format!("2019-09-30,{ods},in_post,other,total,all,2,1.50"),
        format!("2019-09-30,{ods},amhp,nhs,total,all,1,1"),
        format!("2019-09-30,{ods},registered_population,,,,1150000,"),
    ]
    .join("\n")
}

async fn returns(t: &TestApp) -> (i64, i64, i64) {
    (
        t.count("stocktake_returns").await,
        t.scalar_i64("SELECT COUNT(*) FROM stocktake_returns WHERE replaced_at IS NULL")
            .await,
        t.count("stocktake_cells").await,
    )
}

#[tokio::test]
async fn a_workforce_lead_sends_a_return_and_a_second_replaces_it_with_the_first_kept() {
    let t = TestApp::new().await;
    let web = t.signed_in(WORKFORCE).await;
    let page = web.get("/stocktake").await.expect(200);
    assert!(page.body.contains("Returns to the national stocktake"));
    assert!(page.body.contains("No returns yet"));

    let first = web
        .post_file("/stocktake", "file", &valid("R9N", 12))
        .await
        .expect(303);
    let first_at = first.location().to_string();
    let shown = web.get(&first_at).await.expect(200);
    assert!(
        shown.body.contains("This is the return counted"),
        "{}",
        shown.body
    );
    assert!(shown.body.contains("registered_population"));
    assert_eq!(returns(&t).await, (1, 1, 6));

    let second = web
        .post_file("/stocktake", "file", &valid("R9N", 15))
        .await
        .expect(303);
    assert_ne!(second.location(), first_at);
    assert_eq!(
        returns(&t).await,
        (2, 1, 12),
        "the first is kept, not counted"
    );
    let replaced = web.get(&first_at).await.expect(200);
    assert!(
        replaced
            .body
            .contains("A later return for the same date replaced this one")
    );
    let list = web.get("/stocktake").await.expect(200);
    assert!(list.body.contains("Counted") && list.body.contains("Replaced"));
    let audited = t
        .scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'receive stocktake return'")
        .await;
    assert_eq!(audited, 2);
}

#[tokio::test]
async fn a_return_with_problems_stores_nothing_and_names_each_row_and_column() {
    let t = TestApp::new().await;
    let web = t.signed_in(PSW).await;
    let bad = [
        HEAD,
        "2019-09-30,R9N,in_post,nhs,total,all,10,9.50",
        "2019-09-30,R9N,in_post,nhs,band,6,6,-5.5",
        "2019-09-30,R9N,in_post,nhs,band,7x,4,4.00",
        "2019-09-30,R9N,in_post,nhs,sex,female,3,3",
        "2019-09-30,R9N,amhp,nhs,total,all,=A2,1",
        "2019-09-30,R9N,registered_population,,,,1150000,",
    ]
    .join("\n");
    let page = web.post_file("/stocktake", "file", &bad).await.expect(422);
    for expected in [
        "Row 3, column H (wte)",
        "Row 4, column F (category)",
        "Row 6, column G (headcount): a formula is not read",
    ] {
        assert!(page.body.contains(expected), "{expected} in {}", page.body);
    }
    assert_eq!(returns(&t).await, (0, 0, 0));

    // Breakdowns that do not add up to the total, and wrong headings.
    let short = valid("R9N", 12).replace("band,6,8,8", "band,6,7,7");
    let page = web
        .post_file("/stocktake", "file", &short)
        .await
        .expect(422);
    assert!(page.body.contains("band"), "{}", page.body);
    let headings = valid("R9N", 12).replace("ods_code", "organisation");
    let page = web
        .post_file("/stocktake", "file", &headings)
        .await
        .expect(422);
    assert!(page.body.contains("Column B is headed"), "{}", page.body);
    assert_eq!(returns(&t).await, (0, 0, 0));
}

#[tokio::test]
async fn an_organisation_sends_only_its_own_return_and_an_analyst_any() {
    let t = TestApp::new().await;
    let web = t.signed_in(PSW).await;
    let page = web
        .post_file("/stocktake", "file", &valid("R8A", 5))
        .await
        .expect(422);
    assert!(
        page.body.contains("only your own organisation"),
        "{}",
        page.body
    );
    assert_eq!(returns(&t).await, (0, 0, 0));

    let analyst = t.api(ANALYST).await;
    let sent = analyst
        .send_text(
            "POST",
            "/api/v1/stocktake/returns?file_name=westmoor.csv",
            "text/csv",
            &valid("R8A", 5),
        )
        .await
        .expect(201)
        .json();
    assert_eq!(sent["ods_code"], "R8A");
    assert_eq!(sent["headcount"], 7);
    assert_eq!(sent["wte"], 6.5);
    assert_eq!(sent["collection_date"], "2019-09-30");
    assert_eq!(sent["replaced"], serde_json::Value::Null);
    let id = sent["id"].as_i64().unwrap();

    // The trust cannot read another organisation's return; the analyst lists it.
    t.api(PSW)
        .await
        .get(&format!("/api/v1/stocktake/returns/{id}"))
        .await
        .expect(404);
    let listed = analyst
        .get("/api/v1/stocktake/returns")
        .await
        .expect(200)
        .json();
    assert_eq!(listed[0]["file_name"], "westmoor.csv");
    assert_eq!(listed[0]["counted"], true);
    let one = analyst
        .get(&format!("/api/v1/stocktake/returns/{id}"))
        .await
        .expect(200)
        .json();
    assert_eq!(one["cell_list"].as_array().unwrap().len(), 6);
    assert_eq!(
        t.api(PSW)
            .await
            .get("/api/v1/stocktake/returns")
            .await
            .expect(200)
            .json(),
        serde_json::json!([])
    );
}

/// The messages of a 422's problems.
fn messages(body: &serde_json::Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["message"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// A workbook holding `rows` on its first sheet, numbers as numbers; a cell starting with
/// "=" is written as a formula.
fn workbook(rows: &[String]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.split(',').enumerate() {
            let (r, c) = (r as u32, c as u16);
            if let Some(f) = v.strip_prefix('=') {
                sheet
                    .write_formula(r, c, rust_xlsxwriter::Formula::new(f))
                    .unwrap();
            } else if let (true, Ok(n)) = (c >= 6, v.parse::<f64>()) {
                sheet.write_number(r, c, n).unwrap();
            } else {
                sheet.write_string(r, c, v).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[tokio::test]
async fn workbooks_are_read_but_formulas_zip_bombs_and_huge_files_are_refused() {
    let t = TestApp::new().await;
    let api = t.api(WORKFORCE).await;
    let rows: Vec<String> = valid("R9N", 9).lines().map(str::to_string).collect();
    api.send_bytes("POST", "/api/v1/stocktake/returns", XLSX, workbook(&rows))
        .await
        .expect(201);

    let mut with_formula = rows.clone();
    with_formula[2] = "2019-09-30,R9N,in_post,nhs,band,6,=3+3,6".into();
    let refused = api
        .send_bytes(
            "POST",
            "/api/v1/stocktake/returns",
            XLSX,
            workbook(&with_formula),
        )
        .await
        .expect(422)
        .json();
    let problems = messages(&refused);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("Row 3, column G (headcount): \"=3+3\" is a formula"),
        "{problems:?}"
    );

    // 60 MB of zeros in a 60 KB file posing as a workbook.
    let mut bomb = Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut bomb);
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("xl/worksheets/sheet1.xml", deflated).unwrap();
        z.write_all(&vec![0u8; 60 * 1024 * 1024]).unwrap();
        z.finish().unwrap();
    }
    let refused = api
        .send_bytes("POST", "/api/v1/stocktake/returns", XLSX, bomb.into_inner())
        .await
        .expect(422)
        .json();
    assert!(messages(&refused)[0].contains("zip bomb"), "{refused}");

    // A 50 MB file is refused before it is read, with the limit in words.
    let huge = vec![b'a'; 50 * 1024 * 1024];
    let refused = api
        .send_bytes("POST", "/api/v1/stocktake/returns", "text/csv", huge)
        .await;
    assert_eq!(refused.status, 413, "{}", refused.body);
    assert_eq!(
        returns(&t).await,
        (1, 1, 6),
        "only the first workbook is stored"
    );
}

#[tokio::test]
async fn the_templates_are_public_and_read_back_as_returns() {
    let t = TestApp::new().await;
    let anyone = t.anonymous();
    let csv = anyone.get("/stocktake/template.csv").await.expect(200);
    assert!(csv.body.starts_with(HEAD), "{}", csv.body);
    let xlsx = anyone.get_bytes("/stocktake/template.xlsx").await;
    assert!(xlsx.starts_with(b"PK"), "a workbook");
    // Filled in with the trust's ODS code (and a census day before any day the suite runs
    // as), the template is a valid return.
    let mine = csv
        .body
        .replace(",ABC,", ",R9N,")
        .replace("2026-09-30", "2019-09-30");
    t.api(WORKFORCE)
        .await
        .send_text("POST", "/api/v1/stocktake/returns", "text/csv", &mine)
        .await
        .expect(201);
}

#[tokio::test]
async fn the_command_line_imports_many_files_each_on_its_own() {
    let t = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap();
    let path = |n: &str| dir.path().join(n).to_string_lossy().into_owned();
    std::fs::write(path("trust.csv"), valid("R9N", 12)).unwrap();
    std::fs::write(path("westmoor.csv"), valid("R8A", 6)).unwrap();
    std::fs::write(
        path("bad.csv"),
        valid("R8B", 6).replace(",nhs,", ",council,"),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mhsw"))
        .env("MHSW_LOG", "error")
        .args(["stocktake", "import", "--database-url", &t.url])
        .args([
            path("trust.csv"),
            path("bad.csv"),
            path("westmoor.csv"),
            path("trust.csv"),
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !out.status.success(),
        "a refused file fails the command: {stdout}"
    );
    assert!(
        stdout.contains("bad.csv: Row 2, column D (employer): \"council\" is not an employer"),
        "{stdout}"
    );
    assert!(stdout.contains("replacing return 1"), "{stdout}");
    assert!(
        stdout.contains("4 files: 3 stored (1 replacing an earlier return), 1 refused."),
        "{stdout}"
    );
    assert_eq!(returns(&t).await, (3, 2, 18));
    let by_command_line = t
        .scalar_i64("SELECT COUNT(*) FROM stocktake_returns WHERE route = 'command_line'")
        .await;
    assert_eq!(by_command_line, 3);
}

#[tokio::test]
async fn the_command_line_imports_a_directory_of_collections_each_return_audited_in_its_organisation()
 {
    let t = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap();
    let sub = |n: &str| {
        let p = dir.path().join(n);
        std::fs::create_dir_all(&p).unwrap();
        p
    };
    std::fs::write(sub("2019").join("R9N.csv"), valid("R9N", 12)).unwrap();
    std::fs::write(sub("2019").join("R8A.CSV"), valid("R8A", 6)).unwrap();
    std::fs::write(
        sub("2020").join("R9N.csv"),
        valid("R9N", 20).replace("2019-09-30", "2020-09-30"),
    )
    .unwrap();
    std::fs::write(sub("2020").join("read me.txt"), "not a return").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mhsw"))
        .env("MHSW_LOG", "error")
        .args(["stocktake", "import", "--database-url", &t.url])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("3 files: 3 stored (0 replacing an earlier return), 0 refused."),
        "{stdout}"
    );
    assert_eq!(returns(&t).await, (3, 3, 18));
    // Each return's cells are its own file's: the in-post totals as each file says.
    let in_post = |date: &str, ods: &str| {
        format!(
            "SELECT c.headcount FROM stocktake_cells c
             JOIN stocktake_returns r ON r.id = c.return_id
             JOIN organisations o ON o.id = r.org_id
             WHERE r.collection_date = '{date}' AND o.ods_code = '{ods}'
               AND c.measure = 1 AND c.employer = 1 AND c.dimension = 1" // in post, NHS, total (store::stocktake::cell_codes)
        )
    };
    assert_eq!(t.scalar_i64(&in_post("2019-09-30", "R9N")).await, 12);
    assert_eq!(t.scalar_i64(&in_post("2019-09-30", "R8A")).await, 6);
    assert_eq!(t.scalar_i64(&in_post("2020-09-30", "R9N")).await, 20);
    // One audit entry per return, filed in the organisation the return is for.
    let misfiled = t
        .scalar_i64(
            "SELECT COUNT(*) FROM audit_log a
             JOIN stocktake_returns r ON a.record_id = CAST(r.id AS TEXT)
             WHERE a.action = 'receive stocktake return' AND a.actor_email = 'command line'
               AND a.org_id <> r.org_id",
        )
        .await;
    let entries = t
        .scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'receive stocktake return'")
        .await;
    assert_eq!((entries, misfiled), (3, 0));

    // A return deleted takes its cells with it, and only its own (no foreign key does it:
    // migration 20261207000044's trigger).
    let cells =
        |which: &str| format!("SELECT COUNT(*) FROM stocktake_cells WHERE return_id {which}");
    let first = t.scalar_i64("SELECT MIN(id) FROM stocktake_returns").await;
    let (mine, others) = (
        t.scalar_i64(&cells(&format!("= {first}"))).await,
        t.scalar_i64(&cells(&format!("<> {first}"))).await,
    );
    assert!(mine > 0 && others > 0);
    mhsw::store::engine::query("DELETE FROM stocktake_returns WHERE id = $1")
        .bind(first)
        .execute(&t.db.pool)
        .await
        .unwrap();
    assert_eq!(t.scalar_i64(&cells(&format!("= {first}"))).await, 0);
    assert_eq!(t.scalar_i64(&cells(&format!("<> {first}"))).await, others);
}

/// People hosted by the trust and in post on `day`, counted straight from the records.
async fn in_post_at_trust(t: &TestApp, day: time::Date) -> i64 {
    let trust = t.org_id("R9N").await;
    mhsw::store::engine::query_scalar(
        "SELECT COUNT(*) FROM practitioners WHERE host_org_id = $1 AND start_date <= $2
         AND (end_date IS NULL OR end_date > $2)",
    )
    .bind(trust)
    .bind(day)
    .fetch_one(&t.db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn the_trust_generates_its_return_from_its_records_reviews_it_and_sends_it() {
    let t = TestApp::new().await;
    let day = today();
    let expected = in_post_at_trust(&t, day).await;
    assert!(expected > 10, "the demo trust has staff: {expected}");

    let web = t.signed_in(WORKFORCE).await;
    let review = web
        .get(&format!("/stocktake/generate?collection_date={day}"))
        .await
        .expect(200);
    assert!(review.body.contains("Send this return"), "{}", review.body);
    assert!(
        review.body.contains(&format!("{expected} people in post")),
        "{}",
        review.body
    );
    let fingerprint = review
        .body
        .split("name=\"fingerprint\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let sent = web
        .post_form(
            "/stocktake/generate",
            &[
                ("collection_date", &day.to_string()),
                ("fingerprint", &fingerprint),
            ],
        )
        .await
        .expect(303);
    let id: i64 = sent.location().rsplit('/').next().unwrap().parse().unwrap();
    let stored = t
        .scalar_i64(&format!(
            "SELECT CAST(SUM(headcount) AS BIGINT) FROM stocktake_cells WHERE return_id = {id}
             AND measure = 1 AND dimension = 1" // in post, total (store::stocktake::cell_codes)
        ))
        .await;
    assert_eq!(stored, expected, "the return counts everyone in post, once");
    let route = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM stocktake_returns WHERE id = {id} AND route = 'generated'"
        ))
        .await;
    assert_eq!(route, 1);
}

#[tokio::test]
async fn a_generated_return_is_sent_only_as_reviewed_and_never_for_a_future_day() {
    let t = TestApp::new().await;
    let api = t.api(PSW).await;
    let day = today();
    let review = api
        .get(&format!(
            "/api/v1/stocktake/generated?collection_date={day}"
        ))
        .await
        .expect(200)
        .json();
    assert_eq!(review["problems"], serde_json::json!([]), "{review}");
    assert_eq!(review["population_missing"], false);
    assert!(review["wte"].as_f64().unwrap() > 0.0);
    let fingerprint = review["fingerprint"].as_str().unwrap().to_string();

    // Someone's hours change after the review: the reviewed return is no longer the records'.
    let trust = t.org_id("R9N").await;
    mhsw::store::engine::query(
        "UPDATE practitioners SET wte = 0.5 WHERE id = (SELECT MIN(id) FROM practitioners
         WHERE host_org_id = $1 AND end_date IS NULL AND wte > 0.5)",
    )
    .bind(trust)
    .execute(&t.db.pool)
    .await
    .unwrap();
    let body = serde_json::json!({"collection_date": day.to_string(), "fingerprint": fingerprint});
    let stale = api
        .send_json("POST", "/api/v1/stocktake/generated", &body)
        .await
        .expect(422)
        .json();
    assert!(messages(&stale)[0].contains("review it again"), "{stale}");
    assert_eq!(returns(&t).await.0, 0);

    let again = api
        .get(&format!(
            "/api/v1/stocktake/generated?collection_date={day}"
        ))
        .await
        .expect(200)
        .json();
    let body = serde_json::json!({"collection_date": day.to_string(), "fingerprint": again["fingerprint"]});
    let sent = api
        .send_json("POST", "/api/v1/stocktake/generated", &body)
        .await
        .expect(201)
        .json();
    assert_eq!(sent["headcount"], again["headcount"]);

    let tomorrow = day + time::Duration::days(1);
    let future = api
        .get(&format!(
            "/api/v1/stocktake/generated?collection_date={tomorrow}"
        ))
        .await
        .expect(422)
        .json();
    assert_eq!(future["errors"][0]["field"], "collection_date");
}
