//! The storage seam: backend chosen from the URL, migrations, safe creation, backups.

use crate::helpers::*;
use mhsw::store::{self, Backend, Create};

#[test]
fn the_backend_comes_from_the_url_scheme() {
    assert_eq!(Backend::from_url("sqlite://x.db").unwrap(), Backend::Sqlite);
    assert_eq!(
        Backend::from_url("postgres://u@h/db").unwrap(),
        Backend::Postgres
    );
    assert_eq!(
        Backend::from_url("postgresql://u@h/db").unwrap(),
        Backend::Postgres
    );
    let err = Backend::from_url("mysql://u:secret@h/db")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("sqlite:// or postgres://") && !err.contains("secret"),
        "{err}"
    );
}

#[tokio::test]
async fn a_mistyped_sqlite_path_is_never_created_by_serve() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/typo.db", dir.path().display());
    let err = store::connect(&url, 1, Create::DefaultOnly)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("does not exist"), "{err}");
    assert!(!dir.path().join("typo.db").exists());
    let missing_dir = format!("sqlite://{}/no/such/dir.db", dir.path().display());
    assert!(store::connect(&missing_dir, 1, Create::Yes).await.is_err());
}

#[tokio::test]
async fn migrations_are_idempotent_and_the_demo_is_deterministic() {
    let t = TestApp::new().await;
    t.db.migrate().await.unwrap();
    let first: Vec<String> = names(&t).await;
    mhsw::demo::build(
        &t.db,
        &mhsw::demo::DemoOptions {
            practitioners: 40,
            seed: 7,
            progress: false,
            history_months: mhsw::demo::DEFAULT_HISTORY_MONTHS,
            today: crate::helpers::today(),
            replace: mhsw::store::Replace::OnlyDemoData,
            national: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(names(&t).await, first, "same seed, same data");
    mhsw::demo::build(
        &t.db,
        &mhsw::demo::DemoOptions {
            practitioners: 40,
            seed: 8,
            progress: false,
            history_months: mhsw::demo::DEFAULT_HISTORY_MONTHS,
            today: crate::helpers::today(),
            replace: mhsw::store::Replace::OnlyDemoData,
            national: None,
        },
    )
    .await
    .unwrap();
    assert_ne!(names(&t).await, first, "another seed, other data");
}

async fn names(t: &TestApp) -> Vec<String> {
    mhsw::store::engine::query(
        "SELECT given_name, family_name, swe_number FROM practitioners ORDER BY id",
    )
    .fetch_all(&t.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| {
        format!(
            "{:?}",
            (
                r.get::<String, _>(0),
                r.get::<String, _>(1),
                r.get::<Option<String>, _>(2)
            )
        )
    })
    .collect()
}

#[tokio::test]
async fn backup_copies_sqlite_and_explains_postgres() {
    let t = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("backup.db").display().to_string();
    let msg = store::dialect::backup(&t.db, &to).await.unwrap();
    if on_postgres() {
        assert!(msg.contains("pg_dump"));
    } else {
        assert!(std::path::Path::new(&to).exists());
        let copy = store::connect(&format!("sqlite://{to}"), 1, Create::DefaultOnly)
            .await
            .unwrap();
        let n: i64 = mhsw::store::engine::query("SELECT COUNT(*) FROM practitioners")
            .fetch_one(&copy.pool)
            .await
            .unwrap()
            .get(0);
        assert_eq!(n, t.count("practitioners").await);
        assert!(
            store::dialect::backup(&t.db, &to).await.is_err(),
            "never overwrites"
        );
    }
}

#[tokio::test]
async fn every_foreign_key_column_is_indexed() {
    let t = TestApp::new().await;
    // (table, column) pairs that reference another table, and the indexes covering them.
    let fk_columns = [
        ("partnership_agreements", "employer_org_id"),
        ("partnership_agreements", "host_org_id"),
        ("teams", "org_id"),
        ("practitioners", "employer_org_id"),
        ("practitioners", "host_org_id"),
        ("practitioners", "team_id"),
        ("users", "org_id"),
        ("users", "practitioner_id"),
        ("sessions", "user_id"),
        ("api_tokens", "user_id"),
        ("known_devices", "user_id"),
        ("upload_problem_reports", "user_id"),
        ("idempotency_keys", "user_id"),
    ];
    let sql = match t.db.backend {
        Backend::Sqlite => {
            "SELECT m.name || '.' || ii.name FROM sqlite_master m, pragma_index_list(m.name) il, pragma_index_info(il.name) ii WHERE m.type = 'table' AND ii.seqno = 0"
        }
        Backend::Postgres => {
            "SELECT t.relname || '.' || a.attname FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]"
        }
    };
    let leading: Vec<String> = mhsw::store::engine::query(sql)
        .fetch_all(&t.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    for (table, column) in fk_columns {
        assert!(
            leading.contains(&format!("{table}.{column}")),
            "{table}.{column} has no index"
        );
    }
}

/// Days are decoded once, in `store`, on either engine: from a `YYYY-MM-DD` column (text
/// in SQLite, a DATE or not-yet-converted text in PostgreSQL), and bound back as days. A
/// value that is not a day is an error naming the column, never a silent default.
#[tokio::test]
async fn days_decode_and_bind_the_same_on_both_engines() {
    use mhsw::store::engine::query;
    let t = TestApp::new().await;
    let day = time::macros::date!(2028 - 02 - 29);
    let row = query("SELECT $1 AS day, '2026-12-05' AS text_day, 'soon' AS not_a_day")
        .bind(day)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    assert_eq!(row.get::<time::Date, _>("day"), day);
    assert_eq!(
        row.get::<Option<time::Date>, _>("text_day"),
        Some(time::macros::date!(2026 - 12 - 05))
    );
    let err = row
        .try_get::<time::Date, _>("not_a_day")
        .unwrap_err()
        .to_string();
    assert!(err.contains("not_a_day"), "{err}");
    let none: Option<time::Date> = query("SELECT NULL AS day")
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .get("day");
    assert_eq!(none, None);
}

/// Instants bind, decode, compare and aggregate the same on both engines: a TIMESTAMPTZ
/// in PostgreSQL, RFC 3339 text in SQLite, whose `<` and `MAX` must agree with time order
/// (an instant written with another offset is stored in UTC). Text that is not an instant
/// is an error naming the column.
#[tokio::test]
async fn instants_decode_bind_and_compare_the_same_on_both_engines() {
    use mhsw::domain::timestamp::Timestamp;
    use mhsw::store::engine::query;
    let t = TestApp::new().await;
    let early = Timestamp::parse("2026-12-05T09:30:00+01:00").unwrap();
    let late = Timestamp::parse("2026-12-05T08:45:10Z").unwrap();
    for (key, at) in [("early", early), ("late", late)] {
        query("INSERT INTO sign_in_throttle (throttle_key, attempts, window_started_at) VALUES ($1, 1, $2)")
            .bind(key)
            .bind(at)
            .execute(&t.db.pool)
            .await
            .unwrap();
    }
    let row = query(
        "SELECT MAX(window_started_at) AS latest, MIN(window_started_at) AS earliest,
            '2026-12-05T09:30:00Z' AS text_instant, 'soon' AS not_an_instant
         FROM sign_in_throttle WHERE throttle_key IN ('early', 'late')",
    )
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    assert_eq!(row.get::<Timestamp, _>("latest"), late);
    assert_eq!(row.get::<Timestamp, _>("earliest"), early);
    assert_eq!(early.to_string(), "2026-12-05T08:30:00Z");
    assert_eq!(
        row.get::<Option<Timestamp>, _>("text_instant"),
        Timestamp::parse("2026-12-05T09:30:00Z")
    );
    let err = row
        .try_get::<Timestamp, _>("not_an_instant")
        .unwrap_err()
        .to_string();
    assert!(err.contains("not_an_instant"), "{err}");
    let before_late: Vec<String> = query(
        "SELECT throttle_key FROM sign_in_throttle WHERE window_started_at < $1 AND throttle_key IN ('early', 'late')",
    )
    .bind(late)
    .fetch_all(&t.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get(0))
    .collect();
    assert_eq!(before_late, ["early"]);
}

/// Numbers decode the same on both engines, widening as the `Any` driver did: PostgreSQL
/// types a literal or a `CASE .. THEN 1` as a 4-byte integer and SQLite a whole-number
/// result as an integer, and an `i64` or `f64` field reads either without loss. A NULL
/// where a number must be is an error naming the column.
#[tokio::test]
async fn numbers_widen_the_same_on_both_engines() {
    use mhsw::store::engine::query;
    let t = TestApp::new().await;
    let row = query(
        "SELECT 1 AS small, CAST(2 AS BIGINT) AS big, CASE WHEN 1 = 1 THEN 3 END AS picked,
            4 AS whole, CAST(2.5 AS DOUBLE PRECISION) AS real_number, NULL AS missing",
    )
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    assert_eq!(row.get::<i64, _>("small"), 1);
    assert_eq!(row.get::<i64, _>("big"), 2);
    assert_eq!(row.get::<i64, _>("picked"), 3);
    assert_eq!(row.get::<f64, _>("whole"), 4.0);
    assert_eq!(row.get::<f64, _>("real_number"), 2.5);
    assert_eq!(row.get::<Option<i64>, _>("missing"), None);
    let err = row.try_get::<i64, _>("missing").unwrap_err().to_string();
    assert!(err.contains("missing"), "{err}");
}

/// Flags are BOOLEAN in PostgreSQL and 0/1 in SQLite; JSON documents are JSONB in
/// PostgreSQL and text in SQLite. A `bool` and a `serde_json::Value` bind into those columns
/// and decode from them (and from bound values) the same on both engines, and TRUE, NOT,
/// `CASE WHEN flag` and a count of flags read alike. On PostgreSQL an integer is never read
/// as a flag; on either engine text that is not JSON is an error naming the column.
#[tokio::test]
async fn flags_and_json_documents_bind_and_decode_the_same_on_both_engines() {
    use mhsw::store::engine::query;
    use serde_json::{Value, json};
    let t = TestApp::new().await;
    let org = t.scalar_i64("SELECT MIN(id) FROM organisations").await;
    query("UPDATE organisations SET is_nhs_body = $1 WHERE id = $2")
        .bind(true)
        .bind(org)
        .execute(&t.db.pool)
        .await
        .unwrap();
    let row = query(
        "SELECT is_nhs_body, NOT is_nhs_body AS negated, is_nhs_body = TRUE AS compared,
            CASE WHEN is_nhs_body THEN 1 ELSE 0 END AS as_number, $2 AS bound,
            NULL AS missing, 1 AS one
         FROM organisations WHERE id = $1",
    )
    .bind(org)
    .bind(false)
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    assert!(row.get::<bool, _>("is_nhs_body"));
    assert!(!row.get::<bool, _>("negated"));
    assert!(row.get::<bool, _>("compared"));
    assert_eq!(row.get::<i64, _>("as_number"), 1);
    assert!(!row.get::<bool, _>("bound"));
    assert_eq!(row.get::<Option<bool>, _>("missing"), None);
    let err = row.try_get::<bool, _>("missing").unwrap_err().to_string();
    assert!(err.contains("missing"), "{err}");
    assert_eq!(
        row.try_get::<bool, _>("one").is_err(),
        t.db.backend == Backend::Postgres,
        "an integer is a flag in SQLite only"
    );
    let counted = t
        .scalar_i64("SELECT SUM(CASE WHEN is_nhs_body THEN 1 ELSE 0 END) FROM organisations")
        .await;
    let filtered = t
        .scalar_i64("SELECT COUNT(*) FROM organisations WHERE is_nhs_body")
        .await;
    assert!(counted >= 1);
    assert_eq!(counted, filtered);

    let doc = json!({"title": "Tell us", "questions": [{"code": "listened", "n": 2}], "x": null});
    let id: i64 = query(
        "INSERT INTO feedback_questionnaires (org_id, audience, version, content,
            co_produced_with, created_on)
         VALUES ($1, 'carer', 99, $2, 'a test', $3) RETURNING id",
    )
    .bind(org)
    .bind(&doc)
    .bind(time::macros::date!(2026 - 12 - 05))
    .fetch_one(&t.db.pool)
    .await
    .unwrap()
    .get(0);
    let row = query(
        "SELECT content, $2 AS bound, NULL AS missing, 'not json' AS not_json
         FROM feedback_questionnaires WHERE id = $1",
    )
    .bind(id)
    .bind(json!([1, "two", null]))
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    assert_eq!(row.get::<Value, _>("content"), doc);
    assert_eq!(row.get::<Value, _>("bound"), json!([1, "two", null]));
    assert_eq!(row.get::<Option<Value>, _>("missing"), None);
    let err = row.try_get::<Value, _>("not_json").unwrap_err().to_string();
    assert!(err.contains("not_json"), "{err}");
}

/// Write transactions take turns in the process: sixteen at once all commit on SQLite even
/// with its busy timeout at zero, where a writer finding the lock taken would fail at once
/// (and with the timeout, sleep and poll: the tail of concurrent writes). On PostgreSQL
/// they run side by side.
#[tokio::test]
#[allow(clippy::disallowed_methods)] // the storage seam itself, below `Write`
async fn concurrent_write_transactions_take_turns_and_all_commit() {
    use mhsw::store::engine::query;
    let t = TestApp::new().await;
    let db = store::connect(&t.url, 4, Create::DefaultOnly)
        .await
        .unwrap();
    if db.backend == Backend::Sqlite {
        let mut held = Vec::new();
        for _ in 0..4 {
            let mut c = db.connection().await.unwrap();
            query("PRAGMA busy_timeout = 0")
                .execute(&mut c)
                .await
                .unwrap();
            held.push(c);
        }
    }
    let before = t.count("sign_in_throttle").await;
    let writers = (0..16).map(|i| {
        let db = db.clone();
        tokio::spawn(async move {
            let mut tx = db.begin().await?;
            query("INSERT INTO sign_in_throttle (throttle_key, attempts, window_started_at) VALUES ($1, 1, '2026-12-05T09:00:00Z')")
                .bind(format!("turns|{i}"))
                .execute(&mut tx)
                .await?;
            tokio::task::yield_now().await;
            tx.commit().await
        })
    });
    for w in writers.collect::<Vec<_>>() {
        w.await.unwrap().expect("every writer commits");
    }
    assert_eq!(t.count("sign_in_throttle").await, before + 16);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_audited_at_the_same_time_are_each_stored_before_their_answer() {
    let t = TestApp::new().await;
    let psw = t.api(PSW).await;
    let mut reads = tokio::task::JoinSet::new();
    for _ in 0..40 {
        let psw = psw.clone();
        reads.spawn(async move { psw.get("/api/v1/cpd/readiness").await.status });
    }
    while let Some(status) = reads.join_next().await {
        assert_eq!(status.unwrap(), 200);
    }
    // Every answer came after its entry was stored: all 40 are there, none lost in a batch.
    let entries = t
        .scalar_i64(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND record_type = 'cpd_readiness'",
        )
        .await;
    assert_eq!(entries, 40);
}

/// With `[server] timing_header`, each answer says how long it took, how much of that went
/// on its statements and how much on waiting for its read audit to be stored; without it
/// (the default), nothing.
#[tokio::test]
async fn answers_can_say_how_long_their_statements_took() {
    let mut settings = mhsw::config::Settings::default();
    settings.server.timing_header = true;
    let t = TestApp::with_settings(settings).await;
    let psw = t.api(PSW).await;
    let res = psw.get("/api/v1/supervision/dashboard").await.expect(200);
    let timing = res.headers["server-timing"].to_str().unwrap().to_string();
    let dur = |name: &str| -> f64 {
        let part = timing
            .split(", ")
            .find(|p| p.starts_with(&format!("{name};dur=")))
            .unwrap_or_else(|| panic!("{name} in {timing}"));
        part.split("dur=").nth(1).unwrap().parse().unwrap()
    };
    assert!(dur("db") > 0.0 && dur("db") <= dur("total"), "{timing}");
    // The dashboard's read is audited, and the wait for it is not counted as statements.
    assert!(dur("audit") > 0.0, "{timing}");
    assert!(dur("db") + dur("audit") <= dur("total"), "{timing}");
    let plain = TestApp::new().await;
    let res = plain
        .api(PSW)
        .await
        .get("/api/v1/supervision/dashboard")
        .await;
    assert!(res.headers.get("server-timing").is_none());
}

/// A write abandoned while it begins (a browser closing the tab mid-request drops the
/// request's future) must not leave a transaction open on a pooled connection: SQLite's
/// write lock would be held for ever and every later write refused. Each abandoned
/// beginning either never began or rolls back; a write afterwards commits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(clippy::disallowed_methods)] // the storage seam itself, below `Write`
async fn a_write_abandoned_while_it_begins_leaves_no_transaction_open() {
    use mhsw::store::engine::query;
    let t = TestApp::new().await;
    let db = store::connect(&t.url, 4, Create::DefaultOnly)
        .await
        .unwrap();
    // Give up after a few microseconds, then a few more, across the moments of beginning.
    for i in 0..300u64 {
        let wait = std::time::Duration::from_micros(i % 60);
        let _ = tokio::time::timeout(wait, db.begin()).await;
    }
    // Another connection pool on the same database, as another instance would be.
    let other = store::connect(&t.url, 1, Create::DefaultOnly)
        .await
        .unwrap();
    let mut tx = tokio::time::timeout(std::time::Duration::from_secs(20), other.begin())
        .await
        .expect("the write lock is free")
        .expect("a write begins");
    query("INSERT INTO sign_in_throttle (throttle_key, attempts, window_started_at) VALUES ('abandoned', 1, '2026-12-05T09:00:00Z')")
        .execute(&mut tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    // And the pool that gave up can still write.
    let mut tx = db.begin().await.expect("a write begins after all");
    query("DELETE FROM sign_in_throttle WHERE throttle_key = 'abandoned'")
        .execute(&mut tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// A write of `store::group_commit` for the test below: stores its key in the throttle
/// table, which refuses a key stored twice.
#[allow(clippy::ptr_arg)] // the job type is `String`: `Step` takes `&J`
fn store_key<'a>(
    conn: &'a mut mhsw::store::engine::Conn,
    key: &'a String,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), sqlx::Error>> + Send + 'a>> {
    Box::pin(async move {
        mhsw::store::engine::query("INSERT INTO sign_in_throttle (throttle_key, attempts, window_started_at) VALUES ($1, 1, '2026-12-05T09:00:00Z')")
            .bind(key.clone())
            .execute(conn)
            .await?;
        Ok(())
    })
}

/// Writes committed together (`store::group_commit`, the public form's answers): each
/// caller is told its write is done only when it is committed, and a write that fails
/// takes its whole group down with it, each caller in the group told so. Whatever the
/// groups turn out to be, no caller told "done" is missing its row and no caller told
/// "failed" has one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(clippy::disallowed_methods)] // the storage seam itself, below `Write`
async fn writes_committed_together_are_each_all_or_nothing() {
    let t = TestApp::new().await;
    let group = mhsw::store::group_commit::GroupCommit::start(t.db.writer(), store_key);
    group
        .run("group|taken".to_string())
        .await
        .expect("a lone write commits");
    let mut writes = tokio::task::JoinSet::new();
    for i in 0..60 {
        let group = group.clone();
        // Every tenth write repeats a key already stored, and fails.
        let key = if i % 10 == 7 {
            "group|taken".to_string()
        } else {
            format!("group|{i}")
        };
        writes.spawn(async move { (key.clone(), group.run(key).await.is_ok()) });
    }
    let mut told = Vec::new();
    while let Some(done) = writes.join_next().await {
        told.push(done.unwrap());
    }
    let mut failed = 0;
    for (key, ok) in &told {
        let stored = t
            .scalar_i64(&format!(
                "SELECT COUNT(*) FROM sign_in_throttle WHERE throttle_key = '{key}'"
            ))
            .await;
        if key == "group|taken" {
            assert!(!ok, "a repeated key is refused");
            assert_eq!(stored, 1, "only the first is stored");
        } else {
            assert_eq!(stored == 1, *ok, "{key}: told {ok}, stored {stored}");
        }
        failed += usize::from(!ok);
    }
    assert!(failed >= 6, "each repeated key failed its group");
}

/// On SQLite no commit copies the write-ahead log back itself (a commit that did would keep
/// the requests waiting for it while it wrote and synced the file): connections have
/// automatic checkpoints off, and the passive checkpoint the background task runs copies
/// everything committed, without any writer's turn.
#[tokio::test]
#[allow(clippy::disallowed_methods)] // the storage seam itself, below `Write`
async fn sqlite_commits_leave_the_write_ahead_log_to_the_checkpointer() {
    use mhsw::store::Pool;
    use mhsw::store::engine::query;
    let t = TestApp::new().await;
    let db = store::connect(&t.url, 2, Create::DefaultOnly)
        .await
        .unwrap();
    let Pool::Sqlite(pool) = &db.pool else {
        return; // PostgreSQL has no write-ahead log of this kind to manage.
    };
    let automatic: i64 = sqlx::query_scalar("PRAGMA wal_autocheckpoint")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(automatic, 0);
    for i in 0..50 {
        let mut tx = db.begin().await.unwrap();
        query("INSERT INTO sign_in_throttle (throttle_key, attempts, window_started_at) VALUES ($1, 1, '2026-12-05T09:00:00Z')")
            .bind(format!("log|{i}"))
            .execute(&mut tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    let _held_turn = db.begin().await.unwrap();
    let (in_log, copied) = store::checkpointer::checkpoint_passive(pool).await.unwrap();
    // The log is empty only if the task ran since the last commit and copied it all.
    assert_eq!(
        copied, in_log,
        "a passive checkpoint copies all that is committed"
    );
}
