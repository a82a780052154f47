//! Two-step sign-in: setting it up with a code from the app, signing in with password and
//! code, a wrong or reused code refused, the waiting sign-in's tries limited, turning it
//! off with a code, and an operator's reset from the command line.

use crate::auth::sign_in_form;
use crate::helpers::*;
use mhsw::demo::DEMO_PASSWORD;
use mhsw::domain::totp;

fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// The code an authenticator app shows now for a stored base32 secret, and the next one.
fn codes(secret: &str) -> (String, String) {
    let bytes = totp::from_base32(secret).unwrap();
    let step = totp::step_at(now_unix());
    (
        format!("{:06}", totp::code_at(&bytes, step)),
        format!("{:06}", totp::code_at(&bytes, step + 1)),
    )
}

async fn turn_on(t: &TestApp, email: &str) -> String {
    let c = t.signed_in(email).await;
    c.post_form("/account/two-step/start", &[])
        .await
        .expect(303);
    let page = c.get("/account/two-step").await.expect(200);
    assert!(page.body.contains("<svg"), "a QR code");
    let user = t.user_id(email).await;
    let secret = t
        .scalar_text(&format!(
            "SELECT totp_pending_secret FROM users WHERE id = {user}"
        ))
        .await;
    let grouped: String = page_text(&page.body);
    assert!(
        grouped.replace(' ', "").contains(&secret),
        "the key is shown for typing in"
    );
    let wrong = c
        .post_form("/account/two-step", &[("code", "000000")])
        .await;
    if wrong.status == 303 {
        // 000000 happened to be the right code: vanishingly rare, but not a failure.
        return secret;
    }
    assert_eq!(wrong.status, 422);
    assert!(page_text(&wrong.body).contains("The code is not right"));
    let (now, _) = codes(&secret);
    c.post_form("/account/two-step", &[("code", &now)])
        .await
        .expect(303);
    assert_eq!(
        t.scalar_text(&format!("SELECT totp_secret FROM users WHERE id = {user}"))
            .await,
        secret
    );
    secret
}

/// Signs in with the password: the answer, and the cookies to send with the code.
async fn password_step(t: &TestApp, email: &str) -> (TestResponse, Client) {
    let (cookie, token) = sign_in_form(t).await;
    let mut c = t.anonymous();
    c.cookie = Some(cookie.clone());
    c.csrf = Some(token);
    let res = c
        .post_form(
            "/sign-in",
            &[
                ("email", email),
                ("password", DEMO_PASSWORD),
                ("next", "/account"),
            ],
        )
        .await;
    let challenge = res
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("mhsw_challenge="))
        .map(|v| v.split(';').next().unwrap().to_string());
    if let Some(challenge) = challenge {
        c.cookie = Some(format!("{cookie}; {challenge}"));
    }
    (res, c)
}

fn session_cookie(res: &TestResponse) -> Option<String> {
    res.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("mhsw_session=") && !v.starts_with("mhsw_session=;"))
        .map(str::to_string)
}

#[tokio::test]
async fn with_two_step_on_the_password_alone_does_not_sign_in() {
    let t = TestApp::new().await;
    let secret = turn_on(&t, PSW).await;
    let (res, c) = password_step(&t, PSW).await;
    let res = res.expect(303);
    assert_eq!(res.location(), "/sign-in/code?next=/account");
    assert!(session_cookie(&res).is_none(), "no session before the code");
    c.get("/sign-in/code?next=/account").await.expect(200);

    // A wrong code, then the right one.
    let wrong = c
        .post_form("/sign-in/code", &[("code", "12345"), ("next", "/account")])
        .await
        .expect(422);
    assert!(page_text(&wrong.body).contains("6-digit code"));
    // The code that turned it on was used; the next step's is accepted (a step early, or
    // on time if a step has passed since).
    let user = t.user_id(PSW).await;
    let used = t
        .scalar_i64(&format!(
            "SELECT totp_last_step FROM users WHERE id = {user}"
        ))
        .await;
    let bytes = totp::from_base32(&secret).unwrap();
    let now = format!("{:06}", totp::code_at(&bytes, used));
    let next = format!("{:06}", totp::code_at(&bytes, used + 1));
    let bad = ["999999", "999998"]
        .into_iter()
        .find(|b| *b != now && *b != next)
        .unwrap();
    c.post_form("/sign-in/code", &[("code", bad), ("next", "/account")])
        .await
        .expect(422);
    c.post_form("/sign-in/code", &[("code", &now), ("next", "/account")])
        .await
        .expect(422);
    let ok = c
        .post_form("/sign-in/code", &[("code", &next), ("next", "/account")])
        .await
        .expect(303);
    assert_eq!(ok.location(), "/account");
    let session = session_cookie(&ok).expect("a session after the code");
    let mut signed_in = t.anonymous();
    signed_in.cookie = Some(session.split(';').next().unwrap().to_string());
    signed_in.get("/account").await.expect(200);

    // The same code again, on a new sign-in: refused (it was used).
    let (_, again) = password_step(&t, PSW).await;
    again
        .post_form("/sign-in/code", &[("code", &next), ("next", "/")])
        .await
        .expect(422);
    // Every outcome is audited, never with the code.
    assert!(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'sign-in code wrong' AND actor_user_id = {user}"
        ))
        .await
            >= 2
    );
}

#[tokio::test]
async fn a_waiting_sign_in_has_five_tries_then_the_password_is_asked_again() {
    let t = TestApp::new().await;
    let secret = turn_on(&t, PSW).await;
    let (_, c) = password_step(&t, PSW).await;
    let (now, next) = codes(&secret);
    let bad = (0..10)
        .map(|n| format!("{n}{n}{n}{n}{n}{n}"))
        .find(|b| *b != now && *b != next)
        .unwrap();
    for _ in 0..5 {
        c.post_form("/sign-in/code", &[("code", &bad), ("next", "/")])
            .await
            .expect(422);
    }
    let last = c
        .post_form("/sign-in/code", &[("code", &now), ("next", "/")])
        .await
        .expect(422);
    assert!(
        page_text(&last.body).contains("sign in again"),
        "{}",
        page_text(&last.body)
    );
    // Without a waiting sign-in, the code page is the sign-in page.
    t.anonymous().get("/sign-in/code").await.expect(303);
}

#[tokio::test]
async fn two_step_is_turned_off_with_a_code_or_by_an_operator() {
    let t = TestApp::new().await;
    let secret = turn_on(&t, PRACTITIONER).await;
    let c = t.signed_in(PRACTITIONER).await;
    let user = t.user_id(PRACTITIONER).await;
    c.post_form("/account/two-step/remove", &[("code", "abc")])
        .await
        .expect(422);
    // The code used to turn it on cannot turn it off; the next step's can.
    let (_, next) = codes(&secret);
    c.post_form("/account/two-step/remove", &[("code", &next)])
        .await
        .expect(303);
    assert_eq!(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM users WHERE id = {user} AND totp_secret IS NULL"
        ))
        .await,
        1
    );
    let (res, _) = password_step(&t, PRACTITIONER).await;
    assert!(
        session_cookie(&res).is_some(),
        "the password alone signs in again"
    );

    // An operator's reset for a lost phone.
    turn_on(&t, PSW).await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mhsw"))
        .env("MHSW_LOG", "error")
        .args([
            "user",
            "reset-two-step",
            "--database-url",
            &t.url,
            "--email",
            PSW,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (res, _) = password_step(&t, PSW).await;
    assert!(session_cookie(&res).is_some());
    assert_eq!(
        t.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'reset two-step sign-in'")
            .await,
        1
    );
}
