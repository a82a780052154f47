//! Long lists are paged, not sent whole: the ASYE cohort (by status), the governance
//! report's overdue and unconfirmed lists, and the post-qualifying view's lists. On the test
//! demo: each page's count is the API's (and the XLSX's) total; walking a list page by page,
//! through its own "Next" links, shows every row of the API's list exactly once; a bad
//! filter value is refused naming the parameter; a page never holds more than its size.
//! Every date comes from `helpers::today()`.

use crate::helpers::*;
use calamine::Reader;
use serde_json::Value;

/// The practitioner id a row links to, if it does, and the first cell's text (the name).
type Row = (Option<i64>, String);

fn strip_tags(html: &str) -> String {
    page_text(html)
}

/// The rows of the page's table body (the "no one" row left out).
fn rows(body: &str) -> Vec<Row> {
    let Some(start) = body.find("<tbody") else {
        return Vec::new();
    };
    let end = body[start..]
        .find("</tbody>")
        .map_or(body.len(), |e| start + e);
    body[start..end]
        .split("<tr")
        .skip(1)
        .filter(|r| !r.contains("colspan"))
        .map(|r| {
            // After the `<tr ...>` tag's own attributes.
            let r = r.split_once('>').map_or(r, |(_, rest)| rest);
            let cell = r.split("</td>").next().unwrap_or("");
            let name_part = cell.split("<br").next().unwrap_or("");
            let name_part = name_part.split("<strong").next().unwrap_or("");
            let id = cell.find("href=\"/practitioners/").and_then(|i| {
                let rest = &cell[i + "href=\"/practitioners/".len()..];
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                digits.parse().ok()
            });
            (id, strip_tags(name_part))
        })
        .collect()
}

/// The value of the summary list row whose key is `key`.
fn summary_value(body: &str, key: &str) -> String {
    let dt = format!("<dt class=\"nhsuk-summary-list__key\">{key}</dt>");
    let at = body
        .find(&dt)
        .unwrap_or_else(|| panic!("no summary row {key}"));
    let rest = &body[at + dt.len()..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest.find("</dd>").unwrap();
    strip_tags(&rest[open..close])
}

/// The "Next" link of a page's pagination, if there is one.
fn next_link(body: &str) -> Option<String> {
    let at = body.find("nhsuk-pagination__link--next")?;
    let rest = &body[at..];
    let href = rest.find("href=\"")? + "href=\"".len();
    let end = rest[href..].find('"')? + href;
    Some(page_text(&rest[href..end]))
}

/// Every row of a list, walked from `path` (with a page size of `size`) through its own
/// "Next" links. Each page holds at most `size` rows and stays small.
async fn walk(c: &Client, path: &str, size: usize) -> Vec<Row> {
    let base = path.split('?').next().unwrap().to_string();
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut url = format!("{path}{sep}page_size={size}");
    let mut all = Vec::new();
    for _ in 0..500 {
        let r = c.get(&url).await.expect(200);
        let page = rows(&r.body);
        assert!(page.len() <= size, "{url}: {} rows", page.len());
        assert!(r.body.len() < 100_000, "{url}: {} bytes", r.body.len());
        all.extend(page);
        match next_link(&r.body) {
            Some(next) => {
                assert!(next.contains(&format!("page_size={size}")), "{next}");
                url = format!("{base}{next}");
            }
            None => return all,
        }
    }
    panic!("{path}: more than 500 pages");
}

fn sorted_ids(rows: &[Row]) -> Vec<i64> {
    let mut ids: Vec<i64> = rows
        .iter()
        .map(|(id, name)| id.unwrap_or_else(|| panic!("{name} has no link")))
        .collect();
    ids.sort_unstable();
    ids
}

fn api_ids(list: &Value) -> Vec<i64> {
    let mut ids: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["practitioner_id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    ids
}

#[tokio::test]
async fn the_asye_cohort_pages_each_status_and_counts_as_the_api_does() {
    let t = TestApp::new().await;
    let api = t
        .api(PSW)
        .await
        .get("/api/v1/asye")
        .await
        .expect(200)
        .json();
    let all = api["rows"].as_array().unwrap();
    assert!(!all.is_empty(), "the demo has NQSWs");
    let c = t.signed_in(PSW).await;
    let page = c.get("/asye").await.expect(200);
    assert_eq!(
        summary_value(&page.body, "People"),
        api["people"].to_string()
    );
    let everyone = walk(&c, "/asye", 2).await;
    assert!(
        everyone.len() > 2,
        "the cohort takes more than one page of 2"
    );
    assert_eq!(sorted_ids(&everyone), api_ids(&api["rows"]));
    for status in [
        "on_track",
        "review_overdue",
        "evidence_behind",
        "paused",
        "extended",
        "passed",
        "failed",
    ] {
        let of_status: Vec<Value> = all
            .iter()
            .filter(|e| e["standing"]["status"] == status)
            .cloned()
            .collect();
        assert_eq!(
            api[status].as_u64(),
            Some(of_status.len() as u64),
            "{status}"
        );
        if !of_status.is_empty() {
            assert!(
                page.body.contains(&format!("href=\"?status={status}\"")),
                "a link to who is {status}"
            );
        }
        let listed = walk(&c, &format!("/asye?status={status}"), 2).await;
        assert_eq!(
            sorted_ids(&listed),
            api_ids(&Value::Array(of_status)),
            "{status}"
        );
    }
    // The status keeps the people filter, and the filter the status.
    let filtered = c
        .get("/asye?status=on_track&career_stage=asye")
        .await
        .expect(200);
    assert!(filtered.body.contains("name=\"status\" value=\"on_track\""));
    // A status that is not one is refused, naming the parameter; so is a bad filter.
    let bad = c.get("/asye?status=all").await.expect(422);
    assert!(
        bad.body.contains("The status must be one of"),
        "{}",
        bad.body
    );
    c.get("/asye?status=on_track&team_id=abc").await.expect(422);
}

#[tokio::test]
async fn the_governance_lists_page_the_report_s_people_for_its_range() {
    let t = TestApp::new().await;
    let from = today() - time::Duration::days(200);
    let range = format!("from={from}&to={}", today());
    let api = t
        .api(PSW)
        .await
        .get(&format!("/api/v1/governance?{range}"))
        .await
        .expect(200)
        .json();
    let c = t.signed_in(PSW).await;
    let report = c.get(&format!("/governance?{range}")).await.expect(200);
    let overdue = api["overdue"].as_array().unwrap();
    let unconfirmed = api["unconfirmed"].as_array().unwrap();
    assert!(!overdue.is_empty(), "the demo has people overdue");
    assert_eq!(
        summary_value(&report.body, "People overdue or not yet supervised"),
        overdue.len().to_string()
    );
    assert_eq!(
        summary_value(
            &report.body,
            "Sessions held in the period, not yet confirmed"
        ),
        unconfirmed.len().to_string()
    );
    // The report links to its lists with its own range.
    assert!(
        report.body.contains(&format!(
            "href=\"/governance/overdue?{}",
            range.replace('&', "&amp;")
        )),
        "the overdue link keeps the range"
    );
    // The lists are no longer on the report page itself.
    assert!(report.body.len() < 100_000);

    // The XLSX holds them whole, as the API does.
    let bytes = c.get_bytes(&format!("/governance.xlsx?{range}")).await;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet_rows = |name: &str, book: &mut calamine::Xlsx<_>| {
        book.worksheet_range(name).unwrap().rows().count() - 1
    };
    assert_eq!(sheet_rows("Overdue", &mut book), overdue.len());
    assert_eq!(sheet_rows("Not confirmed", &mut book), unconfirmed.len());

    let listed = walk(&c, &format!("/governance/overdue?{range}"), 3).await;
    assert_eq!(sorted_ids(&listed), api_ids(&api["overdue"]));
    let listed = walk(&c, &format!("/governance/unconfirmed?{range}"), 3).await;
    let mut names: Vec<String> = listed.into_iter().map(|(_, n)| n).collect();
    let mut expected: Vec<String> = unconfirmed
        .iter()
        .map(|u| u["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    expected.sort();
    assert_eq!(names, expected);

    // A bad range is refused naming the field, as the report does; so is a bad filter.
    let bad = c.get("/governance/overdue?from=nonsense").await.expect(422);
    assert!(bad.body.contains("start date"), "{}", bad.body);
    c.get("/governance/unconfirmed?career_stage=nope")
        .await
        .expect(422);
}

/// (year, quarter) of an ISO day, as the page's `quarter` parameter writes it.
fn quarter_code(day: &str) -> String {
    let d = time::Date::parse(
        day,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap();
    format!("{}-q{}", d.year(), (d.month() as u8 - 1) / 3 + 1)
}

#[tokio::test]
async fn the_post_qualifying_lists_page_what_the_overview_counts() {
    let t = TestApp::new().await;
    let api = t
        .api(PSW)
        .await
        .get("/api/v1/post-qualifying")
        .await
        .expect(200)
        .json();
    let c = t.signed_in(PSW).await;
    let page = c.get("/post-qualifying").await.expect(200);
    for (key, list, path) in [
        (
            "AMHPs short of training hours",
            "shortfalls",
            "/post-qualifying/shortfalls",
        ),
        (
            "AMHPs whose re-approval is due",
            "reapproval_due",
            "/post-qualifying/reapproval-due",
        ),
        (
            "BIA refreshers and Ministry of Justice reports due",
            "due",
            "/post-qualifying/due",
        ),
    ] {
        assert_eq!(
            summary_value(&page.body, key),
            api[list].as_array().unwrap().len().to_string(),
            "{key}"
        );
        let listed = walk(&c, path, 2).await;
        assert_eq!(sorted_ids(&listed), api_ids(&api[list]), "{path}");
    }
    assert!(!api["shortfalls"].as_array().unwrap().is_empty());

    // Approvals ending: each quarter's count links to that quarter's list, and all of
    // them together are every current approval.
    let mut every = Vec::new();
    for group in api["by_expiry_quarter"].as_array().unwrap() {
        let people = &group["people"];
        let code = quarter_code(people[0]["date"].as_str().unwrap());
        let label = group["label"].as_str().unwrap();
        assert_eq!(
            summary_value(&page.body, label),
            people.as_array().unwrap().len().to_string()
        );
        assert!(
            page.body.contains(&format!(
                "/post-qualifying/approvals-ending?quarter={code}\""
            )),
            "{code}"
        );
        let listed = walk(
            &c,
            &format!("/post-qualifying/approvals-ending?quarter={code}"),
            2,
        )
        .await;
        assert_eq!(sorted_ids(&listed), api_ids(people), "{code}");
        every.extend(api_ids(people));
    }
    every.sort_unstable();
    assert!(!every.is_empty());
    let listed = walk(&c, "/post-qualifying/approvals-ending", 2).await;
    assert!(listed.len() > 2, "more than one page of 2");
    assert_eq!(sorted_ids(&listed), every);
    // A quarter with no approvals ending (a century on) lists no one.
    let later = format!("{}-q1", today().year() + 100);
    let none = c
        .get(&format!(
            "/post-qualifying/approvals-ending?quarter={later}"
        ))
        .await
        .expect(200);
    assert!(rows(&none.body).is_empty());
    for bad in ["next", "2027-q5", "2027"] {
        let r = c
            .get(&format!("/post-qualifying/approvals-ending?quarter={bad}"))
            .await
            .expect(422);
        assert!(r.body.contains("The quarter must be"), "{bad}");
    }
    c.get("/post-qualifying/shortfalls?team_id=abc")
        .await
        .expect(422);
    assert!(page.body.len() < 100_000);
}

#[tokio::test]
async fn succession_names_people_only_for_the_workforce_lead() {
    let t = TestApp::new().await;
    // The principal social worker: the suppressed count, no names, no link to a list.
    let psw_view = t
        .api(PSW)
        .await
        .get("/api/v1/post-qualifying")
        .await
        .expect(200)
        .json();
    assert!(psw_view["succession"]["people"].is_null());
    let psw = t.signed_in(PSW).await;
    let overview = psw.get("/post-qualifying").await.expect(200);
    assert!(!overview.body.contains("href=\"/post-qualifying/succession"));
    let page = psw.get("/post-qualifying/succession").await.expect(200);
    assert!(rows(&page.body).is_empty(), "no names");
    let count = psw_view["succession"]["count"].as_str().unwrap();
    assert!(
        page.body
            .contains(&format!("Count: <strong>{count}</strong>"))
    );

    // The workforce lead: who, a page at a time, as the API lists them.
    let wf_view = t
        .api(WORKFORCE)
        .await
        .get("/api/v1/post-qualifying")
        .await
        .expect(200)
        .json();
    let wf = t.signed_in(WORKFORCE).await;
    let listed = walk(&wf, "/post-qualifying/succession", 2).await;
    assert_eq!(
        sorted_ids(&listed),
        api_ids(&wf_view["succession"]["people"])
    );
    assert_eq!(
        wf_view["succession"]["count"].as_str().unwrap(),
        listed.len().to_string()
    );
    // Each page read is audited with the ids it showed.
    let audited = t
        .scalar_i64(
            "SELECT COUNT(*) FROM audit_log WHERE record_type = 'post_qualifying_succession' \
             AND detail LIKE 'ages per person, ids%'",
        )
        .await;
    assert!(audited >= 1);
}

#[tokio::test]
async fn a_page_never_holds_more_than_its_size() {
    let t = TestApp::new().await;
    let c = t.signed_in(PSW).await;
    for path in [
        "/asye",
        "/governance/overdue",
        "/governance/unconfirmed",
        "/post-qualifying/shortfalls",
        "/post-qualifying/approvals-ending",
        "/post-qualifying/reapproval-due",
        "/post-qualifying/due",
    ] {
        let default = c.get(path).await.expect(200);
        assert!(rows(&default.body).len() <= 25, "{path}");
        let huge = c.get(&format!("{path}?page_size=100000")).await.expect(200);
        assert!(rows(&huge.body).len() <= 100, "{path}");
        // A page past the end shows the last page, not an error.
        c.get(&format!("{path}?page=99999")).await.expect(200);
    }
}
