//! Every piece of SQL that differs between SQLite and PostgreSQL, named, in one place.
//! Everything else in `store` is written once in the common subset (`$n` placeholders,
//! `RETURNING`, `ON CONFLICT`, `LOWER(..) LIKE`), which both engines accept.

use super::{Backend, Db, Pool};
use crate::store::engine::query;

/// Write-ahead logging for the embedded database (persists in the file).
pub const SQLITE_WAL: &str = "PRAGMA journal_mode = WAL";

/// With WAL, NORMAL cannot corrupt the database; a power cut may lose the last commits
/// (SQLite's documented recommendation for WAL). Set per connection.
pub const SQLITE_SYNCHRONOUS: &str = "PRAGMA synchronous = NORMAL";

/// No checkpoint inside a commit: `store::checkpointer` runs them off the requests' path.
/// Set per connection.
pub const SQLITE_NO_AUTOCHECKPOINT: &str = "PRAGMA wal_autocheckpoint = 0";

/// Copies what it can of the write-ahead log into the database file, waiting for nobody:
/// one row of (busy, pages in the log, pages copied).
pub const SQLITE_CHECKPOINT_PASSIVE: &str = "PRAGMA wal_checkpoint(PASSIVE)";

/// Removes every table (data, migrations record and all), so that `demo` starts clean.
pub async fn drop_everything(db: &Db) -> anyhow::Result<()> {
    match &db.pool {
        Pool::Sqlite(pool) => {
            // Foreign keys can only be switched off outside a transaction, on one connection.
            let mut conn = pool.acquire().await?;
            sqlx::query("PRAGMA foreign_keys = OFF")
                .execute(&mut *conn)
                .await?;
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .fetch_all(&mut *conn)
            .await?;
            for t in tables {
                sqlx::query(&format!("DROP TABLE IF EXISTS \"{}\"", t.replace('"', "")))
                    .execute(&mut *conn)
                    .await?;
            }
            sqlx::query("PRAGMA foreign_keys = ON")
                .execute(&mut *conn)
                .await?;
        }
        Pool::Postgres(pool) => {
            sqlx::query("DROP SCHEMA public CASCADE")
                .execute(pool)
                .await?;
            sqlx::query("CREATE SCHEMA public").execute(pool).await?;
        }
    }
    Ok(())
}

/// After a bulk load (the demo's one transaction of millions of rows): PostgreSQL's planner
/// statistics, so that the first requests are planned on the data as it is. Without them,
/// until autovacuum's analyse comes round, a trust's compliance dashboard at national size
/// was planned as a scan of every session (1.8 s instead of 32 ms). SQLite keeps no
/// statistics unless asked, and its plans were measured without them, so it is left so.
pub async fn after_bulk_load(db: &Db) -> anyhow::Result<()> {
    if let Pool::Postgres(pool) = &db.pool {
        sqlx::query("ANALYZE").execute(pool).await?;
    }
    Ok(())
}

/// `mhsw backup`: SQLite copies itself consistently with `VACUUM INTO`; PostgreSQL is
/// backed up with its own tools, so we print the recipe instead of pretending.
pub async fn backup(db: &Db, to: &str) -> anyhow::Result<String> {
    match db.backend {
        Backend::Sqlite => {
            if std::path::Path::new(to).exists() {
                anyhow::bail!("{to} already exists: choose a new file name");
            }
            query("VACUUM INTO $1")
                .bind(to.to_string())
                .execute(&db.pool)
                .await?;
            Ok(format!("Backed up to {to}"))
        }
        Backend::Postgres => Ok(format!(
            "PostgreSQL is backed up with its own tools. Run, with the same connection details:\n\n  pg_dump --format=custom --file={to} \"$DATABASE_URL\"\n\nand restore with:\n\n  pg_restore --clean --dbname=\"$DATABASE_URL\" {to}\n"
        )),
    }
}

/// Every table in the database, by name.
pub const SQLITE_TABLES: &str = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
pub const POSTGRES_TABLES: &str = "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name";

/// A SQLite transaction that takes the write lock at once.
pub const SQLITE_BEGIN_WRITE: &str = "BEGIN IMMEDIATE";

/// Copies SQLite's write-ahead log into the database file and truncates it.
pub const SQLITE_CHECKPOINT: &str = "PRAGMA wal_checkpoint(TRUNCATE)";

/// A user's role codes as one comma-separated string, in a fixed order.
pub const SQLITE_ROLES_AGG: &str = "SELECT GROUP_CONCAT(role, ',') FROM (SELECT role FROM user_roles r WHERE r.user_id = u.id ORDER BY role)";
pub const POSTGRES_ROLES_AGG: &str =
    "SELECT STRING_AGG(role, ',' ORDER BY role) FROM user_roles r WHERE r.user_id = u.id";

/// Reads a whole table in storage order: SQLite would otherwise walk an index to serve a
/// GROUP BY and look every row up from it (3 times slower than a scan over 30,000
/// practitioners in the national demo); PostgreSQL's planner already scans and hashes.
pub fn whole_table(backend: Backend, table: &str) -> String {
    match backend {
        Backend::Sqlite => format!("{table} NOT INDEXED"),
        Backend::Postgres => table.to_string(),
    }
}

/// Joins the non-null values of `expr` in a group with commas: `GROUP_CONCAT` in SQLite,
/// `STRING_AGG` in PostgreSQL. Used to return one row per person instead of one per session
/// (fewer rows is what makes the dashboard fast on both engines).
pub fn comma_agg(backend: Backend, expr: &str) -> String {
    match backend {
        Backend::Sqlite => format!("GROUP_CONCAT({expr}, ',')"),
        Backend::Postgres => format!("STRING_AGG({expr}, ',')"),
    }
}

/// The UTC day of an instant column, as `YYYY-MM-DD` text (for packing into
/// [`comma_agg`]): the first ten characters of SQLite's RFC 3339 text; PostgreSQL's
/// `TIMESTAMPTZ` formatted in UTC.
pub fn utc_day_text(backend: Backend, column: &str) -> String {
    match backend {
        Backend::Sqlite => format!("SUBSTR({column}, 1, 10)"),
        Backend::Postgres => format!("TO_CHAR({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"),
    }
}

/// How a column read from a JSON array of rows ([`json_rows`]) is typed in PostgreSQL,
/// where `->>` gives text (SQLite keeps JSON numbers as integers and stores dates as text).
#[derive(Clone, Copy)]
pub enum JsonColumn {
    Text,
    BigInt,
    Date,
}

/// `SELECT` of the rows of a JSON array of arrays bound at `param` (`$n`), one output
/// column per element of each inner array (named `c0`, `c1`, ...), typed by `columns`: one statement carries
/// thousands of rows as one value, where binding each would cost per value (and sqlx's
/// SQLite binding per placeholder grows with the placeholders in the statement).
/// `json_each` in SQLite, `jsonb_array_elements` in PostgreSQL.
pub fn json_rows(backend: Backend, param: &str, columns: &[JsonColumn]) -> String {
    let picked: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| match backend {
            Backend::Sqlite => format!("j.value ->> {i} AS c{i}"),
            Backend::Postgres => match c {
                JsonColumn::Text => format!("j ->> {i} AS c{i}"),
                JsonColumn::BigInt => format!("(j ->> {i})::bigint AS c{i}"),
                JsonColumn::Date => format!("(j ->> {i})::date AS c{i}"),
            },
        })
        .collect();
    match backend {
        Backend::Sqlite => format!("SELECT {} FROM json_each({param}) j", picked.join(", ")),
        // As `jsonb`, the value is parsed once and each element read by position.
        Backend::Postgres => format!(
            "SELECT {} FROM jsonb_array_elements({param}::jsonb) j",
            picked.join(", ")
        ),
    }
}

/// One value of a row for [`bulk_insert`].
#[derive(Clone, Copy, Debug)]
pub enum Field<'a> {
    Null,
    Int(i64),
    Text(&'a str),
}

impl From<Option<i64>> for Field<'_> {
    fn from(value: Option<i64>) -> Self {
        value.map_or(Field::Null, Field::Int)
    }
}

/// Adds rows to `table`'s `columns` in one go, inside the caller's transaction: PostgreSQL's
/// `COPY ... FROM STDIN` (about twice as fast as reading them from `jsonb` for 140,000
/// stocktake cells), SQLite's `INSERT ... SELECT` from [`json_rows`]. `fields` holds the
/// rows one after another, `columns.len()` fields each; they are written straight into
/// `COPY`'s CSV or the JSON text, because building a JSON value of every field first cost
/// a million-row import more in allocating and freeing than in writing.
pub async fn bulk_insert(
    conn: &mut crate::store::engine::Conn,
    table: &str,
    columns: &[(&str, JsonColumn)],
    fields: &[Field<'_>],
) -> Result<(), sqlx::Error> {
    use crate::store::engine::Conn;
    let width = columns.len();
    if fields.is_empty() || width == 0 {
        return Ok(());
    }
    if !fields.len().is_multiple_of(width) {
        return Err(sqlx::Error::Protocol(format!(
            "{} fields for rows of {width} columns of {table}",
            fields.len()
        )));
    }
    let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
    let names = names.join(", ");
    if let Conn::PostgresTx(tx) = conn {
        let mut copy = tx
            .copy_in_raw(&format!(
                "COPY {table} ({names}) FROM STDIN WITH (FORMAT csv)"
            ))
            .await?;
        copy.send(csv_of(fields, width).into_bytes()).await?;
        copy.finish().await?;
        return Ok(());
    }
    let types: Vec<JsonColumn> = columns.iter().map(|(_, t)| *t).collect();
    let select = json_rows(conn.backend(), "$1", &types);
    query(format!("INSERT INTO {table} ({names}) {select}"))
        .bind(json_of(fields, width))
        .execute(conn)
        .await?;
    Ok(())
}

/// Rows as CSV for `COPY`: NULL as nothing, text always quoted (so that empty text stays
/// empty text) with its quotes doubled, numbers as written.
fn csv_of(fields: &[Field<'_>], width: usize) -> String {
    let mut out = String::with_capacity(fields.len() * 8);
    for row in fields.chunks(width) {
        for (i, field) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            match field {
                Field::Null => {}
                Field::Int(n) => out.push_str(itoa::Buffer::new().format(*n)),
                Field::Text(text) => {
                    out.push('"');
                    for part in text.split_inclusive('"') {
                        out.push_str(part);
                        if part.ends_with('"') {
                            out.push('"');
                        }
                    }
                    out.push('"');
                }
            }
        }
        out.push('\n');
    }
    out
}

/// Rows as a JSON array of arrays, for [`json_rows`]; each text escaped by `serde_json`.
fn json_of(fields: &[Field<'_>], width: usize) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(fields.len() * 8);
    out.push(b'[');
    for (r, row) in fields.chunks(width).enumerate() {
        out.extend_from_slice(if r > 0 { b",[" } else { b"[" });
        for (i, field) in row.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            match field {
                Field::Null => out.extend_from_slice(b"null"),
                Field::Int(n) => out.extend_from_slice(itoa::Buffer::new().format(*n).as_bytes()),
                // Writing a string into a Vec cannot fail.
                Field::Text(text) => serde_json::to_writer(&mut out, text).unwrap_or_default(),
            }
        }
        out.push(b']');
    }
    out.push(b']');
    // Only UTF-8 was written: the texts as they were, and ASCII around them.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{Field, Field::*, csv_of, json_of};

    fn rows() -> Vec<Field<'static>> {
        vec![
            Int(1),
            Text("in_post"),
            Text(""),
            Text("band"),
            Text("8a"),
            Int(12),
            Null,
            Int(-2),
            Text("say \"hi\", then"),
            Null,
            Text("a\\b\nc\u{1}"),
            Text("é"),
            Int(0),
            Int(150),
        ]
    }

    #[test]
    fn rows_for_copy_keep_empty_text_apart_from_null_and_escape_quotes() {
        assert_eq!(
            csv_of(&rows(), 7),
            "1,\"in_post\",\"\",\"band\",\"8a\",12,\n-2,\"say \"\"hi\"\", then\",,\"a\\b\nc\u{1}\",\"é\",0,150\n"
        );
    }

    #[test]
    fn rows_as_json_read_back_as_the_same_values() {
        let text = json_of(&rows(), 7);
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            parsed,
            serde_json::json!([
                [1, "in_post", "", "band", "8a", 12, null],
                [-2, "say \"hi\", then", null, "a\\b\nc\u{1}", "é", 0, 150]
            ])
        );
    }

    proptest::proptest! {
        /// Whatever the text, the JSON written reads back as the values it was made from.
        #[test]
        fn any_rows_as_json_read_back_as_written(
            rows in proptest::collection::vec((proptest::option::of(proptest::num::i64::ANY), ".*"), 0..8)
        ) {
            let fields: Vec<Field> = rows.iter().flat_map(|(n, t)| [Field::from(*n), Text(t)]).collect();
            let parsed: serde_json::Value = serde_json::from_str(&json_of(&fields, 2)).unwrap();
            let expected: Vec<serde_json::Value> =
                rows.iter().map(|(n, t)| serde_json::json!([n, t])).collect();
            proptest::prop_assert_eq!(parsed, serde_json::Value::Array(expected));
        }
    }
}
