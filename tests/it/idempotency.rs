//! Writes are safe to retry: a POST with an Idempotency-Key is done once, whatever the
//! number of retries, and a retry gets the first answer.

use crate::helpers::*;
use serde_json::json;

async fn teams_named(t: &TestApp, name: &str) -> i64 {
    t.scalar_i64(&format!("SELECT COUNT(*) FROM teams WHERE name = '{name}'"))
        .await
}

fn keyed(mut c: Client, key: &str) -> Client {
    c.headers.push(("idempotency-key", key.to_string()));
    c
}

#[tokio::test]
async fn a_retried_create_is_done_once_and_answers_as_the_first_time() {
    let t = TestApp::new().await;
    let api = keyed(t.api(PSW).await, "4b1e2c0a-retry-1");
    let body = json!({"name": "Crisis resolution", "service_model": "other"});
    let first = api
        .send_json("POST", "/api/v1/teams", &body)
        .await
        .expect(201);
    let again = api
        .send_json("POST", "/api/v1/teams", &body)
        .await
        .expect(201);
    assert_eq!(again.json(), first.json(), "the first answer, again");
    assert_eq!(again.headers["idempotent-replayed"], "true");
    assert!(first.headers.get("idempotent-replayed").is_none());
    assert_eq!(teams_named(&t, "Crisis resolution").await, 1);

    // Without a key, a repeat is a new request (refused here: the name is taken).
    t.api(PSW)
        .await
        .send_json("POST", "/api/v1/teams", &body)
        .await
        .expect(422);
}

#[tokio::test]
async fn a_refusal_is_kept_too_and_a_key_is_not_reused_for_another_request() {
    let t = TestApp::new().await;
    let api = keyed(t.api(PSW).await, "key-for-a-bad-team");
    let bad = json!({"name": "", "service_model": "other"});
    let first = api
        .send_json("POST", "/api/v1/teams", &bad)
        .await
        .expect(422);
    let again = api
        .send_json("POST", "/api/v1/teams", &bad)
        .await
        .expect(422);
    assert_eq!(again.json(), first.json());
    let other = json!({"name": "Something else", "service_model": "other"});
    let reused = api
        .send_json("POST", "/api/v1/teams", &other)
        .await
        .expect(422);
    assert_eq!(reused.json()["errors"][0]["field"], "Idempotency-Key");
    assert_eq!(teams_named(&t, "Something else").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_retries_with_one_key_write_once() {
    let t = TestApp::new().await;
    let api = keyed(t.api(PSW).await, "parallel-key");
    let body = json!({"name": "Parallel team", "service_model": "other"});
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let (api, body) = (api.clone(), body.clone());
        tasks.push(tokio::spawn(async move {
            api.send_json("POST", "/api/v1/teams", &body)
                .await
                .status
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    assert!(
        statuses.iter().all(|s| *s == 201 || *s == 409),
        "{statuses:?}"
    );
    assert_eq!(teams_named(&t, "Parallel team").await, 1, "{statuses:?}");
}

/// The server stopped after claiming the key, before keeping the answer: nobody can know
/// whether the write took effect, so the key is never run again.
#[tokio::test]
async fn an_interrupted_request_is_not_run_again() {
    let t = TestApp::new().await;
    let psw = t.user_id(PSW).await;
    let api = keyed(t.api(PSW).await, "interrupted");
    let body = json!({"name": "Interrupted team", "service_model": "other"});
    // The claim a crashed first attempt leaves: no answer kept.
    let fingerprint = mhsw::service::accounts::sha256_hex(&format!("POST /api/v1/teams\n{body}"));
    mhsw::store::engine::query(
        "INSERT INTO idempotency_keys (user_id, idempotency_key, fingerprint, created_at)
         VALUES ($1, 'interrupted', $2, '2026-01-01T00:00:00Z')",
    )
    .bind(psw)
    .bind(fingerprint)
    .execute(&t.db.pool)
    .await
    .unwrap();
    let r = api
        .send_json("POST", "/api/v1/teams", &body)
        .await
        .expect(409);
    assert!(
        r.json()["detail"]
            .as_str()
            .unwrap()
            .contains("has not finished")
    );
    assert_eq!(teams_named(&t, "Interrupted team").await, 0);
}

#[tokio::test]
async fn a_malformed_key_is_refused_naming_the_header() {
    let t = TestApp::new().await;
    let api = keyed(t.api(PSW).await, &"x".repeat(300));
    let body = json!({"name": "Long key team", "service_model": "other"});
    let r = api
        .send_json("POST", "/api/v1/teams", &body)
        .await
        .expect(422);
    assert_eq!(r.json()["errors"][0]["field"], "Idempotency-Key");
    assert_eq!(teams_named(&t, "Long key team").await, 0);
}
