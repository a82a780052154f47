//! Upgrades: a database made by an earlier release, with its data, is migrated forward by
//! this build on either engine, keeps every row, and serves. Each release's fixture is the
//! demo made by that release's own binary (`scripts/make-upgrade-fixture`), named by its
//! last migration.

use crate::helpers::on_postgres;
use axum::body::Body;
use axum::http::{Request, header};
use http_body_util::BodyExt;
use mhsw::store::{self, Create};
use std::io::Read;
use tower::ServiceExt;

mod cell_codes;

/// One test per schema a release has carried, named by its last migration (its fixture's
/// name). Only `20261206000037`'s binary had been kept; the others before this build's were
/// built from the commit that released them (`scripts/make-upgrade-fixture --commit`).
macro_rules! releases {
    ($($test:ident: $version:literal,)*) => {
        /// Every release's schema listed, for the check that the newest is among them.
        const RELEASES: &[&str] = &[$($version),*];
        $(
            #[tokio::test]
            async fn $test() {
                upgrades_keeping_its_data($version).await;
            }
        )*
    };
}

releases! {
    from_20261123000001: "20261123000001",
    from_20261123000005: "20261123000005",
    from_20261123000008: "20261123000008",
    from_20261123000010: "20261123000010",
    from_20261123000012: "20261123000012",
    from_20261204000017: "20261204000017",
    from_20261204000018: "20261204000018",
    from_20261204000021: "20261204000021",
    from_20261204000024: "20261204000024",
    from_20261205000025: "20261205000025",
    from_20261205000028: "20261205000028",
    from_20261205000029: "20261205000029",
    from_20261205000030: "20261205000030",
    from_20261205000031: "20261205000031",
    from_20261206000035: "20261206000035",
    from_20261206000036: "20261206000036",
    from_20261206000037: "20261206000037",
    from_20261206000039: "20261206000039",
    from_20261206000040: "20261206000040",
    from_20261206000041: "20261206000041",
    from_20261207000045: "20261207000045",
    from_20261207000046: "20261207000046",
}

/// The schema this build makes has its fixture too, made by this build's binary: the next
/// release is then tested upgrading from it. A new migration fails here until
/// `scripts/make-upgrade-fixture target/debug/mhsw` has been run and the fixture added above.
#[test]
fn the_newest_schema_has_its_fixture() {
    let newest = latest_migration().to_string();
    for engine in ["sqlite.gz", "postgres.sql.gz"] {
        let path = format!(
            "{}/tests/fixtures/upgrade/{newest}.{engine}",
            env!("CARGO_MANIFEST_DIR")
        );
        assert!(std::path::Path::new(&path).exists(), "no {path}");
    }
    assert!(
        RELEASES.contains(&newest.as_str()),
        "{newest} is not in releases!"
    );
}

/// Tables whose rows an upgrade must keep, counted before and after.
const KEPT: &[&str] = &[
    "organisations",
    "teams",
    "practitioners",
    "users",
    "supervision_agreements",
    "supervision_sessions",
    "registrations",
    "cpd_records",
    "feedback_responses",
    "appraisals",
    "audit_log",
];

fn gunzip(path: &str) -> Vec<u8> {
    let file = std::fs::read(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&file[..])
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// The release's database, restored: a SQLite file in `dir`, or a new PostgreSQL database.
async fn restore(version: &str, dir: &tempfile::TempDir) -> String {
    if on_postgres() {
        let admin = std::env::var("TEST_POSTGRES_URL").unwrap();
        let name = format!("mhsw_upgrade_{}", uuid::Uuid::new_v4().simple());
        let pool = sqlx::PgPool::connect(&admin).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
        let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
        let dump = String::from_utf8(gunzip(&format!(
            "tests/fixtures/upgrade/{version}.postgres.sql.gz"
        )))
        .unwrap();
        // One connection of its own: the dump empties its search_path.
        let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&url)
            .await
            .unwrap();
        sqlx::raw_sql(&dump).execute(&mut conn).await.unwrap();
        sqlx::Connection::close(conn).await.unwrap();
        url
    } else {
        let path = dir.path().join("release.db");
        std::fs::write(
            &path,
            gunzip(&format!("tests/fixtures/upgrade/{version}.sqlite.gz")),
        )
        .unwrap();
        format!("sqlite://{}", path.display())
    }
}

/// Which of [`KEPT`] the release's schema has (the oldest had no CPD, feedback or appraisal
/// tables).
async fn kept_tables(db: &store::Db) -> Vec<&'static str> {
    let listed = if on_postgres() {
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table'"
    };
    let present: Vec<String> = store::engine::query_scalar(listed)
        .fetch_all(&db.pool)
        .await
        .unwrap();
    KEPT.iter()
        .copied()
        .filter(|t| present.iter().any(|p| p == t))
        .collect()
}

/// Every session's day as ISO text, by id: the typed-dates migrations must keep each day.
async fn session_days(db: &store::Db) -> Vec<Option<String>> {
    store::engine::query_scalar(
        "SELECT CAST(held_on AS TEXT) FROM supervision_sessions ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap()
}

async fn counts(db: &store::Db, tables: &[&'static str]) -> Vec<(&'static str, i64)> {
    let mut out = Vec::new();
    for table in tables {
        let n: i64 = store::engine::query_scalar(format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&db.pool)
            .await
            .unwrap();
        out.push((*table, n));
    }
    out
}

/// The newest migration this build carries.
fn latest_migration() -> i64 {
    std::fs::read_dir(format!("{}/migrations/sqlite", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .filter_map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .split('_')
                .next()
                .and_then(|v| v.parse().ok())
        })
        .max()
        .unwrap()
}

/// The release's database restored, migrated by this build, keeps every row and serves.
async fn upgrades_keeping_its_data(version: &str) {
    let dir = tempfile::tempdir().unwrap();
    let url = restore(version, &dir).await;
    let db = store::connect(&url, 4, Create::DefaultOnly).await.unwrap();
    let applied: i64 = store::engine::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(
        applied.to_string(),
        version,
        "the fixture is that release's"
    );
    let tables = kept_tables(&db).await;
    let before = counts(&db, &tables).await;
    // The first release (20261123000001) was the foundation alone: people and users, no
    // supervision yet. Every later one had sessions.
    let supervised = tables.contains(&"supervision_sessions");
    let days_before = if supervised {
        session_days(&db).await
    } else {
        Vec::new()
    };
    assert!(
        !supervised || days_before.iter().any(Option::is_some),
        "from {version}"
    );
    let wanted: &[&str] = if supervised {
        &["practitioners", "supervision_sessions", "users"]
    } else {
        &["practitioners", "users"]
    };
    for table in wanted {
        assert!(
            before.iter().any(|(t, n)| t == table && *n > 0),
            "from {version}: {before:?}"
        );
    }

    db.migrate().await.unwrap();
    let now: i64 = store::engine::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(now, latest_migration(), "from {version}");
    assert_eq!(
        counts(&db, &tables).await,
        before,
        "from {version}: rows kept"
    );
    if supervised {
        assert_eq!(
            session_days(&db).await,
            days_before,
            "from {version}: sessions' days kept"
        );
    }
    // The columns added since hold their defaults.
    let anonymised: i64 = store::engine::query_scalar(
        "SELECT COUNT(*) FROM practitioners WHERE anonymised_on IS NOT NULL",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(anonymised, 0);
    if !on_postgres() {
        // Tables SQLite's migrations rebuilt still point at rows that exist, and the file
        // is sound (PostgreSQL checks its foreign keys as each migration runs).
        let dangling = store::engine::query("PRAGMA foreign_key_check")
            .fetch_all(&db.pool)
            .await
            .unwrap();
        assert!(
            dangling.is_empty(),
            "from {version}: {} dangling references",
            dangling.len()
        );
        let integrity: String = store::engine::query_scalar("PRAGMA integrity_check")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(integrity, "ok", "from {version}");
    }

    // The upgraded data serves: the PSW's compliance dashboard and practitioner list.
    let settings = mhsw::config::Settings::default();
    let app = mhsw::web::router(
        mhsw::web::AppState::new(db.clone(), settings)
            .with_clock(mhsw::clock::Clock::Fixed(crate::helpers::today())),
    );
    let psw: i64 = store::engine::query_scalar(
        "SELECT id FROM users WHERE email = 'psw@northshire.example.nhs.uk'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let session = mhsw::service::accounts::start_session(&db, psw)
        .await
        .unwrap();
    for path in ["/supervision", "/practitioners", "/account/two-step"] {
        let res = app
            .clone()
            .oneshot(
                Request::get(path)
                    .header(header::COOKIE, format!("mhsw_session={}", session.token))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        let status = res.status();
        let body = res.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(
            status,
            200,
            "from {version}: {path}: {}",
            String::from_utf8_lossy(&body)
        );
    }
    db.pool.close().await;
}
