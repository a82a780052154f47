//! Every refusal in one shape: problem details under `/api` (the framework's own rejections
//! included: a body that is not JSON, too large or of the wrong type, a bad path or query),
//! an NHS page elsewhere, and a form over the size limit shown again with the limit.

use crate::helpers::*;
use serde_json::json;

fn is_problem(r: &TestResponse) -> bool {
    r.headers.get("content-type").and_then(|v| v.to_str().ok()) == Some("application/problem+json")
}

#[tokio::test]
async fn the_frameworks_own_rejections_are_problem_details() {
    let t = TestApp::new().await;
    let api = t.api(PSW).await;
    let bad_json = api
        .send_text("POST", "/api/v1/teams", "application/json", "{\"name\": ")
        .await
        .expect(422);
    assert!(is_problem(&bad_json));
    let wrong_type = api
        .send_json(
            "POST",
            "/api/v1/teams",
            &json!({"name": ["a list"], "service_model": "other"}),
        )
        .await
        .expect(422);
    assert!(is_problem(&wrong_type));
    assert_eq!(
        wrong_type.json()["errors"][0]["field"],
        "name",
        "{}",
        wrong_type.body
    );
    let not_json = api
        .send_text("POST", "/api/v1/teams", "text/plain", "name=x")
        .await
        .expect(415);
    assert!(is_problem(&not_json));
    assert_eq!(not_json.json()["status"], 415);
    let huge = format!(
        "{{\"name\": \"{}\"}}",
        "x".repeat(t.settings.server.max_body_bytes + 10)
    );
    let too_large = api
        .send_text("POST", "/api/v1/teams", "application/json", &huge)
        .await
        .expect(413);
    assert!(is_problem(&too_large));
    let bad_path = api.get("/api/v1/teams/not-a-number").await.expect(400);
    assert!(is_problem(&bad_path));
    assert!(
        bad_path.json()["detail"]
            .as_str()
            .unwrap()
            .contains("not-a-number")
    );
    let bad_query = api
        .get("/api/v1/practitioners?page=first")
        .await
        .expect(400);
    assert!(is_problem(&bad_query));
    for r in [&bad_json, &not_json, &too_large, &bad_path, &bad_query] {
        let p = r.json();
        assert!(p["title"].is_string() && p["detail"].is_string() && p["type"] == "about:blank");
    }
}

#[tokio::test]
async fn pages_answer_a_malformed_address_with_an_nhs_page() {
    let t = TestApp::new().await;
    let r = t
        .signed_in(PSW)
        .await
        .get("/cpd/records/new")
        .await
        .expect(404);
    assert!(
        r.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(r.body.contains("nhsuk-header"));
    // A page address that names no record is "not found", in words, not the parser's.
    assert!(r.body.contains("Page not found"));
    assert!(!r.body.contains("i64"), "no parser text: {}", r.body);
}

#[tokio::test]
async fn an_upload_over_the_limit_shows_the_form_again_with_the_limit() {
    let mut s = mhsw::config::Settings::default();
    s.server.max_body_bytes = 64 * 1024;
    let t = TestApp::with_settings(s).await;
    let psw = t.signed_in(PSW).await;
    let big = "Registration number,Status\n".to_string() + &"SW1,Registered\n".repeat(6000);
    let r = psw
        .post_file("/registration/check", "file", &big)
        .await
        .expect(303);
    assert_eq!(r.location(), "/registration/check?too_large=file");
    let page = psw.get(r.location()).await.expect(200);
    assert!(
        page.body.contains("<title>Error: "),
        "the title says there is an error"
    );
    assert!(page.body.contains("There is a problem"));
    assert!(page.body.contains("The file must be smaller than 64 KB"));
    assert!(
        page.body.contains("href=\"#file\""),
        "the summary links to the file field"
    );
    assert!(page.body.contains("nhsuk-form-group--error"));
    assert_eq!(t.count("registration_imports").await, 0, "nothing written");
}

/// Over a real socket, as a browser sends it: the server reads an oversized upload to its
/// end before answering. Answering mid-upload and closing the connection makes the
/// operating system reset it, and the browser drops the answer (CI saw Chromium wait 30 s
/// for a page that never came).
#[tokio::test]
async fn an_oversized_upload_over_a_socket_is_read_to_its_end_and_answered() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let t = TestApp::new().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = mhsw::web::AppState::new(t.db.clone(), t.settings.clone());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(mhsw::serve(listener, state, async {
        let _ = stopped.await;
    }));
    // Larger than the kernel's socket buffers on loopback, so that without reading to the
    // end the server could not take it all.
    let body = vec![b'a'; 16 * 1024 * 1024];
    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /sign-in HTTP/1.1\r\nHost: {addr}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    socket
        .write_all(&body)
        .await
        .expect("the server reads the whole upload");
    let mut answer = Vec::new();
    socket
        .read_to_end(&mut answer)
        .await
        .expect("the answer arrives");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    assert!(answer.contains("/sign-in?too_large=public"), "{answer}");
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

#[tokio::test]
async fn a_public_form_over_the_limit_shows_the_form_again() {
    let t = TestApp::new().await;
    crate::feedback::clear_responses(&t).await;
    let codes = crate::feedback::cards(&t, "service_user", 1).await;
    let phone = crate::feedback::public(&t).await;
    let path = format!("/f/{}", codes[0]);
    phone.get(&path).await.expect(200);
    let long = "word ".repeat(t.settings.server.max_public_body_bytes / 4);
    let r = phone
        .post_form(
            &path,
            &[
                ("format", "standard"),
                ("q_listened", "5"),
                ("comment", &long),
            ],
        )
        .await
        .expect(303);
    assert_eq!(r.location(), format!("{path}?too_large=public"));
    let page = phone.get(r.location()).await.expect(422);
    assert!(
        page.body
            .contains("What you sent must be smaller than 16 KB"),
        "{}",
        page.body
    );
    assert!(page.body.contains("href=\"#comment\""));
    // The card is still unused: the person can send their answers.
    assert_eq!(t.count("feedback_responses").await, 0);
}
