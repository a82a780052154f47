//! Sign-in throttling (`domain::throttle`): parallel guesses never pass the limit, delays
//! grow, every 429 says when to try again, and neither an attacker elsewhere nor a
//! neighbour behind the same address can lock a person out. No sleeps: waits are moved
//! into the past in the database where a test needs to go on.

use crate::auth::sign_in_form;
use crate::helpers::*;
use mhsw::config::Settings;
use mhsw::demo::DEMO_PASSWORD;

/// Settings that take the client address from `X-Forwarded-For`, as behind a proxy.
fn behind_proxy() -> Settings {
    let mut s = Settings::default();
    s.server.trust_forwarded_for = true;
    s
}

/// A browser at `address`, with the sign-in form's CSRF cookie and token; `device` is a
/// known-device cookie it holds from an earlier sign-in.
async fn browser(t: &TestApp, address: &str, device: Option<&str>) -> Client {
    let (cookie, token) = sign_in_form(t).await;
    let mut c = t.anonymous();
    c.cookie = Some(match device {
        Some(d) => format!("{cookie}; mhsw_device={d}"),
        None => cookie,
    });
    c.csrf = Some(token);
    c.headers.push(("x-forwarded-for", address.to_string()));
    c
}

async fn try_password(c: &Client, email: &str, password: &str) -> TestResponse {
    c.post_form("/sign-in", &[("email", email), ("password", password)])
        .await
}

/// How many times the password of `email` was checked (audited as a sign-in or a failure).
async fn checked(t: &TestApp, email: &str) -> i64 {
    t.scalar_i64(&format!(
        "SELECT COUNT(*) FROM audit_log WHERE actor_email = '{email}'
         AND action IN ('sign-in', 'sign-in failed')"
    ))
    .await
}

/// Lets every wait end now, as if the seconds had passed.
async fn let_waits_pass(t: &TestApp) {
    mhsw::store::engine::query("UPDATE sign_in_throttle SET retry_at = NULL")
        .execute(&t.db.pool)
        .await
        .unwrap();
}

fn retry_after(r: &TestResponse) -> i64 {
    r.headers
        .get("retry-after")
        .unwrap_or_else(|| panic!("a {} without Retry-After", r.status))
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

async fn parallel_guesses(n: usize) {
    let t = TestApp::with_settings(behind_proxy()).await;
    let mut browsers = Vec::new();
    for _ in 0..=n {
        browsers.push(browser(&t, "198.51.100.7", None).await);
    }
    // n wrong passwords and the right one, all at once.
    let mut tasks = Vec::new();
    for (i, c) in browsers.into_iter().enumerate() {
        let password = if i == n / 2 {
            DEMO_PASSWORD
        } else {
            "wrong-password"
        };
        tasks.push(tokio::spawn(async move {
            try_password(&c, ADMIN, password).await
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        let r = task.await.unwrap();
        if r.status == 429 {
            assert!(retry_after(&r) >= 1);
        }
        statuses.push(r.status.as_u16());
    }
    let limit = t.settings.security.max_failures_per_account_and_address;
    let checks = checked(&t, ADMIN).await;
    assert!(
        checks <= limit,
        "{n} parallel guesses: {checks} passwords checked, the limit is {limit}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count() as i64,
        (n as i64 + 1) - checks,
        "every attempt not checked was refused: {statuses:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_parallel_guesses_never_pass_the_limit() {
    parallel_guesses(30).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_parallel_guesses_never_pass_the_limit() {
    parallel_guesses(100).await;
}

#[tokio::test]
async fn delays_grow_after_failures_and_every_429_says_when_to_try_again() {
    // Waits of minutes, not seconds, so that a slow machine cannot outrun one.
    let mut s = behind_proxy();
    s.security.first_delay_seconds = 120;
    s.security.longest_delay_seconds = 600;
    let t = TestApp::with_settings(s).await;
    let c = browser(&t, "198.51.100.8", None).await;
    for _ in 0..2 {
        try_password(&c, ADMIN, "wrong-password").await.expect(422);
    }
    // The second failure asks for the first wait; the third for twice it; then four times.
    for minutes in [2, 4, 8] {
        let r = try_password(&c, ADMIN, DEMO_PASSWORD).await.expect(429);
        let wait = retry_after(&r);
        assert!(
            (minutes * 60 - 2..=minutes * 60).contains(&wait),
            "{minutes} minutes, told {wait} seconds"
        );
        assert!(
            r.body.contains(&format!("Try again in {minutes} minutes")),
            "{}",
            r.body
        );
        let_waits_pass(&t).await;
        try_password(&c, ADMIN, "wrong-password").await.expect(422);
    }
    // Five failures: paused until the window ends, even once the wait is over.
    let_waits_pass(&t).await;
    let r = try_password(&c, ADMIN, DEMO_PASSWORD).await.expect(429);
    let window = t.settings.security.throttle_window_minutes * 60;
    assert!(
        (window - 60..=window).contains(&retry_after(&r)),
        "{}",
        retry_after(&r)
    );
    // The window over, the right password works and clears the pair's history.
    mhsw::store::engine::query(
        "UPDATE sign_in_throttle SET window_started_at = '2020-01-01T00:00:00Z'",
    )
    .execute(&t.db.pool)
    .await
    .unwrap();
    try_password(&c, ADMIN, DEMO_PASSWORD).await.expect(303);
}

#[tokio::test]
async fn an_attacker_elsewhere_cannot_lock_the_person_out() {
    let t = TestApp::with_settings(behind_proxy()).await;
    // The person signs in once from their own browser, which is then known to the account.
    let own = browser(&t, "203.0.113.10", None).await;
    let r = try_password(&own, PSW, DEMO_PASSWORD).await.expect(303);
    let device = r
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("mhsw_device="))
        .and_then(|c| c.split(';').next())
        .expect("a known-device cookie")
        .to_string();

    // An attacker at one address is paused there; the person at another is not.
    let attacker = browser(&t, "192.0.2.66", None).await;
    for _ in 0..20 {
        let_waits_pass(&t).await;
        try_password(&attacker, PSW, "guess").await;
    }
    let r = try_password(&attacker, PSW, DEMO_PASSWORD)
        .await
        .expect(429);
    assert!(retry_after(&r) > 60);
    let elsewhere = browser(&t, "203.0.113.11", None).await;
    try_password(&elsewhere, PSW, DEMO_PASSWORD)
        .await
        .expect(303);

    // Spread over many addresses, guesses reach the slower per-account limit: a browser
    // never seen before must wait, but the person's own browser signs in.
    let limit = t.settings.security.max_failures_per_account;
    for i in 0..limit {
        let c = browser(&t, &format!("192.0.2.{}", i % 200 + 1), None).await;
        try_password(&c, PSW, "guess").await;
        let_waits_pass(&t).await;
    }
    let stranger = browser(&t, "203.0.113.12", None).await;
    let r = try_password(&stranger, PSW, DEMO_PASSWORD)
        .await
        .expect(429);
    assert!(retry_after(&r) > 3600, "the per-account window is a day");
    let known = browser(&t, "203.0.113.13", Some(&device)).await;
    try_password(&known, PSW, DEMO_PASSWORD).await.expect(303);
}

#[tokio::test]
async fn one_persons_failures_do_not_lock_out_everyone_behind_the_same_address() {
    let t = TestApp::with_settings(behind_proxy()).await;
    let nat = "203.0.113.200";
    // Twenty failures from the trust's one outgoing address, by a few people.
    for email in [PRACTITIONER, SUPERVISOR, WORKFORCE, COUNCIL_PSW] {
        let c = browser(&t, nat, None).await;
        for _ in 0..5 {
            let_waits_pass(&t).await;
            try_password(&c, email, "mistyped").await;
        }
    }
    assert_eq!(
        t.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'sign-in failed'")
            .await,
        20
    );
    let colleague = browser(&t, nat, None).await;
    try_password(&colleague, PSW, DEMO_PASSWORD)
        .await
        .expect(303);
}

#[tokio::test]
async fn a_client_cannot_choose_its_address_through_forwarded_for() {
    let t = TestApp::with_settings(behind_proxy()).await;
    // The proxy appends the address it saw; what the client put first is ignored.
    for spoofed in 1..=6 {
        let mut c = browser(&t, "", None).await;
        c.headers = vec![(
            "x-forwarded-for",
            format!("10.9.9.{spoofed}, 198.51.100.99"),
        )];
        let_waits_pass(&t).await;
        try_password(&c, ADMIN, "wrong-password").await;
    }
    let mut c = browser(&t, "", None).await;
    c.headers = vec![("x-forwarded-for", "10.9.9.7, 198.51.100.99".into())];
    try_password(&c, ADMIN, DEMO_PASSWORD).await.expect(429);
}

#[tokio::test]
async fn housekeeping_clears_what_has_run_its_course_and_keeps_the_rest() {
    let t = TestApp::new().await;
    let live = t.signed_in(PSW).await;
    let psw = t.user_id(PSW).await;
    let now = mhsw::store::sql::now().to_string();
    for (key, started) in [
        ("pair:old|1", "2020-01-01T00:00:00Z"),
        ("pair:new|1", now.as_str()),
    ] {
        mhsw::store::engine::query(format!(
            "INSERT INTO sign_in_throttle (throttle_key, attempts, window_started_at) VALUES ('{key}', 3, '{started}')"
        ))
        .execute(&t.db.pool)
        .await
        .unwrap();
    }
    mhsw::store::engine::query(format!(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at)
         VALUES ('stale', {psw}, 'x', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')"
    ))
    .execute(&t.db.pool)
    .await
    .unwrap();
    mhsw::service::housekeeping::run(&t.db, &t.settings)
        .await
        .unwrap();
    assert_eq!(t.count("sign_in_throttle").await, 1);
    assert_eq!(
        t.scalar_i64("SELECT COUNT(*) FROM sessions WHERE id_hash = 'stale'")
            .await,
        0
    );
    live.get("/").await.expect(200);
}
