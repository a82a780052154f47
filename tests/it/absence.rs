//! Sickness absence (`/workforce/absence`, `/api/v1/workforce/absence`): the HR lead
//! records an episode or imports a file of them, all or nothing, each problem named by
//! row and column; the leads see aggregates only.

use crate::helpers::*;

fn iso(d: time::Date) -> String {
    d.to_string()
}

/// One episode by the form, a file refused whole naming its rows, then the same file put
/// right and imported in one go; overlaps refused; figures change and stay aggregates.
#[tokio::test]
async fn episodes_are_recorded_and_imported_whole_and_shown_only_in_aggregate() {
    let t = TestApp::new().await;
    let hr = t.signed_in(WORKFORCE).await;
    let before = t.count("absence_episodes").await;
    let email = t
        .scalar_text("SELECT work_email FROM practitioners p JOIN users u ON u.practitioner_id = p.id WHERE u.email = 'practitioner@northshire.example.nhs.uk'")
        .await;
    let first = iso(today() - time::Duration::days(40));
    let last = iso(today() - time::Duration::days(36));
    let bad = hr
        .post_form(
            "/workforce/absence",
            &[
                ("work_email", "nobody@example.nhs.uk"),
                ("first_day", &first),
                ("last_day", ""),
                ("reason", "S13"),
            ],
        )
        .await
        .expect(422);
    assert!(
        bad.body
            .contains("No one employed here has the work email nobody@example.nhs.uk")
    );
    let ok = hr
        .post_form(
            "/workforce/absence",
            &[
                ("work_email", &email),
                ("first_day", &first),
                ("last_day", &last),
                ("reason", "S13"),
            ],
        )
        .await
        .expect(303);
    assert_eq!(ok.location(), "/workforce/absence?saved=recorded");
    assert_eq!(t.count("absence_episodes").await, before + 1);
    // The same days again are refused.
    let again = hr
        .post_form(
            "/workforce/absence",
            &[
                ("work_email", &email),
                ("first_day", &last),
                ("last_day", ""),
                ("reason", "S10"),
            ],
        )
        .await
        .expect(422);
    assert!(
        again
            .body
            .contains("shares days with an episode already recorded")
    );

    // A file with problems: nothing written, each named by row and column.
    let later = iso(today() - time::Duration::days(10));
    let csv = format!(
        "work_email,first_day,last_day,reason\n{email},{later},,S11\nnobody@example.nhs.uk,{later},,S11\n{email},{later},,S12\n{email},yesterday,,S99\n"
    );
    let r = hr
        .post_file("/workforce/absence/import", "file", &csv)
        .await
        .expect(422);
    for m in [
        "Row 3, column work_email: No one employed here",
        "Row 4, column first_day: This shares days with the episode on row 2",
        "Row 5, column first_day:",
    ] {
        assert!(r.body.contains(m), "{m}");
    }
    assert_eq!(
        t.count("absence_episodes").await,
        before + 1,
        "nothing written"
    );
    let good = format!("work_email,first_day,last_day,reason\n{email},{later},,S11\n");
    let done = hr
        .post_file("/workforce/absence/import", "file", &good)
        .await
        .expect(303);
    assert_eq!(done.location(), "/workforce/absence?saved=1");
    assert_eq!(t.count("absence_episodes").await, before + 2);

    // The leads see aggregates; nobody sees a person's episodes.
    let reads = "SELECT COUNT(*) FROM audit_log WHERE record_type = 'absence_figures'";
    let read_before = t.scalar_i64(reads).await;
    let psw = t.signed_in(PSW).await;
    let page = psw.get("/workforce/absence").await.expect(200);
    assert!(page.body.contains("Sickness absence rate"));
    assert!(!page.body.contains(&email), "no one is named");
    assert!(
        !page.body.contains("Record an episode"),
        "the PSW does not record"
    );
    psw.post_form("/workforce/absence", &[("work_email", &email)])
        .await
        .expect(403);
    t.signed_in(PRACTITIONER)
        .await
        .get("/workforce/absence")
        .await
        .expect(403);
    let json = t
        .api(PSW)
        .await
        .get("/api/v1/workforce/absence")
        .await
        .expect(200)
        .json();
    let rate = json["rate_percent"]
        .as_f64()
        .expect("the demo's episodes make a rate");
    assert!(rate > 0.0 && rate < 100.0, "{rate}");
    assert!(json["by_team"].as_array().unwrap().len() > 1);
    assert_eq!(
        t.scalar_i64(reads).await,
        read_before + 2,
        "each read of the figures is audited"
    );
    // The API records one too, with a JSON body naming its field when wrong.
    let api = t.api(WORKFORCE).await;
    let r = api
        .send_json(
            "POST",
            "/api/v1/workforce/absence/episodes",
            &serde_json::json!({"work_email": email, "first_day": "2001-02-30", "reason": "S10"}),
        )
        .await
        .expect(422);
    assert_eq!(field_errors(&r.json()), ["first_day"]);
}
