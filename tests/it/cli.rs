//! The command line, run as the real binary against the test's own database.

use crate::helpers::*;
use std::process::Command;

fn mhsw() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mhsw"));
    c.env("MHSW_LOG", "error");
    c
}

#[test]
fn default_config_prints_the_documented_defaults() {
    let out = mhsw().arg("default-config").output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        mhsw::config::DEFAULT_CONFIG
    );
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["serve", "--help"],
        &["demo", "--help"],
        &["migrate", "--help"],
        &["user", "add", "--help"],
        &["user", "set-password", "--help"],
        &["user", "reset-two-step", "--help"],
        &["token", "create", "--help"],
        &["backup", "--help"],
        &["default-config", "--help"],
        &["org", "add", "--help"],
        &["partnership", "add", "--help"],
        &["stocktake", "import", "--help"],
        &["export", "fhir", "--help"],
        &["reminders", "run", "--help"],
        &["retention", "run", "--help"],
    ] {
        let out = mhsw().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(!out.stdout.is_empty());
    }
}

#[test]
fn unknown_configuration_is_an_error() {
    let out = mhsw()
        .args(["migrate"])
        .env("MHSW_SERVER__PORTT", "1")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown field `portt`"));
}

#[test]
fn serve_refuses_a_database_path_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let out = mhsw()
        .args([
            "serve",
            "--database-url",
            &format!("sqlite://{}/typo.db", dir.path().display()),
            "--bind",
            "127.0.0.1:0",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
}

#[tokio::test]
async fn users_and_tokens_are_made_from_the_command_line() {
    let t = TestApp::new().await;
    let out = mhsw()
        .args([
            "user",
            "add",
            "--database-url",
            &t.url,
            "--email",
            "New.Lead@Northshire.example.nhs.uk",
            "--name",
            "New Lead",
            "--org",
            "r9n",
            "--roles",
            "workforce_lead,supervisor",
        ])
        .env("MHSW_NEW_PASSWORD", "a-long-enough-password")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = mhsw()
        .args([
            "token",
            "create",
            "--database-url",
            &t.url,
            "--user",
            "new.lead@northshire.example.nhs.uk",
        ])
        .output()
        .unwrap();
    assert!(token.status.success());
    let token = String::from_utf8(token.stdout).unwrap().trim().to_string();
    let mut c = t.anonymous();
    c.bearer = Some(token);
    let me = c.get("/api/v1/me").await.expect(200).json();
    assert_eq!(
        me["roles"],
        serde_json::json!(["supervisor", "workforce_lead"])
    );
    let short = mhsw()
        .args([
            "user",
            "set-password",
            "--database-url",
            &t.url,
            "--email",
            "new.lead@northshire.example.nhs.uk",
        ])
        .env("MHSW_NEW_PASSWORD", "short")
        .output()
        .unwrap();
    assert!(!short.status.success());
    let ok = mhsw()
        .args([
            "user",
            "set-password",
            "--database-url",
            &t.url,
            "--email",
            "new.lead@northshire.example.nhs.uk",
        ])
        .env("MHSW_NEW_PASSWORD", "another-long-password")
        .output()
        .unwrap();
    assert!(ok.status.success());
    // A new password ends the user's tokens.
    c.get("/api/v1/me").await.expect(401);
    assert!(
        t.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE actor_email = 'command line'")
            .await
            >= 3
    );
}

#[tokio::test]
async fn tokens_are_named_listed_and_revoked_from_the_command_line() {
    let t = TestApp::new().await;
    let run = |args: &[&str]| {
        mhsw()
            .args(args)
            .args(["--database-url", &t.url])
            .output()
            .unwrap()
    };
    let made = run(&[
        "token",
        "create",
        "--user",
        PSW,
        "--name",
        "ESR nightly export",
        "--expires-in-days",
        "30",
    ]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let token = String::from_utf8(made.stdout).unwrap().trim().to_string();
    assert!(String::from_utf8_lossy(&made.stderr).contains("shown only this once"));
    let mut c = t.anonymous();
    c.bearer = Some(token);
    c.get("/api/v1/me").await.expect(200);

    let list = String::from_utf8(run(&["token", "list", "--user", PSW]).stdout).unwrap();
    let line = list
        .lines()
        .find(|l| l.contains("ESR nightly export"))
        .unwrap_or_else(|| panic!("{list}"));
    assert!(
        !line.contains("last used never"),
        "the call above was recorded: {line}"
    );
    let id = line.split_whitespace().next().unwrap();

    let refused = run(&[
        "token",
        "create",
        "--user",
        PSW,
        "--name",
        "x",
        "--expires-in-days",
        "400",
    ]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("expires_in_days"));

    let revoked = run(&["token", "revoke", "--user", PSW, "--id", id]);
    assert!(revoked.status.success());
    c.get("/api/v1/me").await.expect(401);
    let again = run(&["token", "revoke", "--user", PSW, "--id", id]);
    assert!(!again.status.success(), "a revoked token is gone");
}

#[tokio::test]
async fn organisations_and_partnerships_are_added_from_the_command_line() {
    let t = TestApp::new().await;
    let run = |args: &[&str]| {
        mhsw()
            .args(args)
            .args(["--database-url", &t.url])
            .output()
            .unwrap()
    };
    let out = run(&[
        "org",
        "add",
        "--name",
        "Westvale Council",
        "--ods",
        "la9w4",
        "--type",
        "local_authority",
        "--region",
        "Y61",
        "--population",
        "250000",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        t.scalar_i64("SELECT population FROM organisations WHERE ods_code = 'LA9W4'")
            .await,
        250_000
    );
    let bad = run(&[
        "org", "add", "--name", "", "--ods", "x", "--type", "castle", "--region", "Y99",
    ]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    for flag in ["--name", "--ods-code", "--org-type", "--region"] {
        assert!(err.contains(flag), "{flag} named in: {err}");
    }
    let dup = run(&[
        "org",
        "add",
        "--name",
        "Again",
        "--ods",
        "LA9W4",
        "--type",
        "local_authority",
        "--region",
        "Y61",
    ]);
    assert!(String::from_utf8_lossy(&dup.stderr).contains("already exists"));
    let p = run(&["partnership", "add", "--employer", "LA9W4", "--host", "R9N"]);
    assert!(p.status.success(), "{}", String::from_utf8_lossy(&p.stderr));
    let again = run(&["partnership", "add", "--employer", "LA9W4", "--host", "R9N"]);
    assert!(
        String::from_utf8_lossy(&again.stderr)
            .contains("already have an open agreement of this type")
    );
    let westvale = t.org_id("LA9W4").await;
    let trust = t.org_id("R9N").await;
    assert!(
        mhsw::store::partnerships::may_host(&t.db.pool, westvale, trust)
            .await
            .unwrap()
    );
}

/// A real deployment's database (no demo marker, an organisation added by hand) is never
/// replaced by the demo unless asked, on either engine.
#[tokio::test]
async fn the_demo_refuses_a_database_holding_data_it_did_not_make() {
    let t = TestApp::new().await;
    mhsw::store::engine::query("DELETE FROM database_facts")
        .execute(&t.db.pool)
        .await
        .unwrap();
    let demo = |extra: &[&str]| {
        mhsw()
            .args([
                "demo",
                "--no-serve",
                "--practitioners",
                "10",
                "--database-url",
                &t.url,
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let refused = demo(&[]);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("holds data that the demo did not make"),
        "{said}"
    );
    assert!(
        said.contains("Northshire Mental Health NHS Foundation Trust"),
        "{said}"
    );
    assert!(said.contains("--replace-existing-data"), "{said}");
    let users = t.count("users").await;
    assert!(users > 10, "nothing was deleted");

    let replaced = demo(&["--replace-existing-data"]);
    assert!(
        replaced.status.success(),
        "{}",
        String::from_utf8_lossy(&replaced.stderr)
    );
    // Now the demo's own: it may be rebuilt without the flag.
    assert!(demo(&[]).status.success());
}

/// After `demo --no-serve` and `migrate`, the SQLite file alone holds the data: the
/// write-ahead log is checkpointed and emptied before they exit.
#[test]
fn the_database_file_alone_holds_the_data_after_demo_and_migrate() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let url = format!("sqlite://{}", db.display());
    let out = mhsw()
        .args([
            "demo",
            "--no-serve",
            "--practitioners",
            "10",
            "--database-url",
            &url,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let wal = dir.path().join("demo.db-wal");
    let wal_len = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    assert_eq!(wal_len, 0, "the write-ahead log is empty");
    // Copy the file alone elsewhere: it opens with the demo's data in it.
    let copy = dir.path().join("copy.db");
    std::fs::copy(&db, &copy).unwrap();
    let copy_url = format!("sqlite://{}", copy.display());
    let listed = mhsw()
        .args(["token", "list", "--user", PSW, "--database-url", &copy_url])
        .output()
        .unwrap();
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    let out = mhsw()
        .args(["migrate", "--database-url", &url])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0);
}

/// The README says what the demo makes, in the demo's own words.
#[test]
fn the_readme_says_what_the_demo_makes() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/demo.db", dir.path().display());
    let out = mhsw()
        .args(["demo", "--no-serve", "--database-url", &url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let made = stdout.lines().next().unwrap();
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(readme.contains(made), "the README does not say: {made}");
}

/// A port in use is said at once, before the demo builds anything, with another to try;
/// `--bind` is explained in the help.
#[test]
fn the_demo_says_at_once_when_its_port_is_taken() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = mhsw()
        .args([
            "demo",
            "--database-url",
            &format!("sqlite://{}", db.display()),
            "--bind",
            &format!("127.0.0.1:{port}"),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&format!("--bind 127.0.0.1:{}", port + 1)),
        "{said}"
    );
    assert!(!db.exists(), "nothing was built");
    let help = mhsw().args(["demo", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    let bind_line = help.lines().find(|l| l.contains("--bind")).unwrap();
    assert!(bind_line.contains("Address to listen on"), "{help}");
}

/// `mhsw import` loads a staff list as a named user: `--dry-run` saves nothing, a bad file
/// names its problems and saves nothing, and a second run changes nothing.
#[tokio::test]
async fn staff_are_loaded_from_a_file_on_the_command_line() {
    let t = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("staff.csv");
    std::fs::write(
        &good,
        "First Name,Last Name,Email Address,Professional Registration Number,Employer,Career stage,Grade,FTE,Assignment Start Date\n\
         Ada,Byron,ada.byron@northshire.example.nhs.uk,SW900001,R9N,qualified,Band 6,0.8,02/09/2024\n",
    )
    .unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "First Name,Last Name,Email Address,Employer,Career stage,Grade,FTE,Assignment Start Date\n\
         Ada,,ada.byron@northshire.example.nhs.uk,R9N,qualified,Band 6,0.8,02/09/2024\n",
    )
    .unwrap();
    let run = |file: &std::path::Path, extra: &[&str]| {
        mhsw()
            .arg("import")
            .arg(file)
            .args(["--as", PSW, "--database-url", &t.url])
            .args(extra)
            .output()
            .unwrap()
    };
    let ada = "SELECT COUNT(*) FROM practitioners WHERE swe_number = 'SW900001'";
    let dry = run(&good, &["--dry-run"]);
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    assert!(String::from_utf8_lossy(&dry.stdout).contains("1 new"));
    assert_eq!(t.scalar_i64(ada).await, 0);
    let wrong = run(&bad, &[]);
    assert!(!wrong.status.success());
    let err = String::from_utf8_lossy(&wrong.stderr);
    assert!(err.contains("Row 2, column B (\"Last Name\")"), "{err}");
    assert_eq!(t.scalar_i64(ada).await, 0);
    let done = run(&good, &[]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert_eq!(t.scalar_i64(ada).await, 1);
    let again = run(&good, &[]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("1 already up to date"));
    assert_eq!(t.scalar_i64(ada).await, 1);
}
