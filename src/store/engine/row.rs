//! Rows from either engine, and the Rust types they decode to.

use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{Column, ColumnIndex, FromRow, Row as _};
use time::Date;

/// One result row, from whichever engine ran the statement.
pub enum Row {
    Sqlite(SqliteRow),
    Postgres(PgRow),
}

impl From<SqliteRow> for Row {
    fn from(r: SqliteRow) -> Row {
        Row::Sqlite(r)
    }
}

impl From<PgRow> for Row {
    fn from(r: PgRow) -> Row {
        Row::Postgres(r)
    }
}

impl std::fmt::Debug for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Row")
            .field("columns", &self.column_names())
            .finish()
    }
}

/// A column by name (`"id"`) or position (`0`), on either engine.
pub trait Index: ColumnIndex<SqliteRow> + ColumnIndex<PgRow> + Copy + std::fmt::Debug {}
impl Index for &str {}
impl Index for usize {}

impl Row {
    /// Decodes one column; an error names the column and the type it could not be read as.
    pub fn try_get<T: Value, I: Index>(&self, index: I) -> Result<T, sqlx::Error> {
        match self {
            Row::Sqlite(r) => T::from_sqlite(r, index),
            Row::Postgres(r) => T::from_postgres(r, index),
        }
    }

    /// Decodes one column, panicking when it cannot (for tests and fixed statements).
    pub fn get<T: Value, I: Index>(&self, index: I) -> T {
        self.try_get(index)
            .unwrap_or_else(|e| panic!("column {index:?}: {e}"))
    }

    /// The column names, in order.
    pub fn column_names(&self) -> Vec<String> {
        match self {
            Row::Sqlite(r) => r.columns().iter().map(|c| c.name().to_string()).collect(),
            Row::Postgres(r) => r.columns().iter().map(|c| c.name().to_string()).collect(),
        }
    }

    /// The whole row as a `#[derive(sqlx::FromRow)]` struct, for a statement that reads
    /// one alongside other columns.
    pub fn record<T: Record>(&self) -> Result<T, sqlx::Error> {
        match self {
            Row::Sqlite(r) => T::from_row(r),
            Row::Postgres(r) => T::from_row(r),
        }
    }
}

/// A struct read straight from a row by `#[derive(sqlx::FromRow)]`, on either engine.
pub trait Record:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}
impl<T> Record for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

/// A Rust type a column decodes to on both engines. Integers and floats widen as the
/// `Any` driver did: PostgreSQL types an expression like `CASE .. THEN 1 END` or `1` as a
/// 4-byte integer, which an `i64` field reads without loss; SQLite stores a whole-number
/// result of arithmetic as an integer, which an `f64` field reads exactly.
pub trait Value: Sized {
    fn from_sqlite<I: Index>(row: &SqliteRow, index: I) -> Result<Self, sqlx::Error>;
    fn from_postgres<I: Index>(row: &PgRow, index: I) -> Result<Self, sqlx::Error>;
}

/// Types that decode the same way on both engines, with no widening. A NULL is `None` for
/// an `Option` and an error naming the column otherwise: SQLite's own decoding would read
/// a NULL as 0 or "" where PostgreSQL's refuses it, and the two engines must agree.
macro_rules! exact {
    ($($t:ty),*) => {$(
        impl Value for Option<$t> {
            fn from_sqlite<I: Index>(row: &SqliteRow, index: I) -> Result<Self, sqlx::Error> {
                row.try_get(index)
            }
            fn from_postgres<I: Index>(row: &PgRow, index: I) -> Result<Self, sqlx::Error> {
                row.try_get(index)
            }
        }
        impl Value for $t {
            fn from_sqlite<I: Index>(row: &SqliteRow, index: I) -> Result<Self, sqlx::Error> {
                Option::<$t>::from_sqlite(row, index)?.ok_or_else(|| unexpected_null(index))
            }
            fn from_postgres<I: Index>(row: &PgRow, index: I) -> Result<Self, sqlx::Error> {
                Option::<$t>::from_postgres(row, index)?.ok_or_else(|| unexpected_null(index))
            }
        }
    )*};
}

// A `bool` decodes from a BOOLEAN in PostgreSQL (an integer there is refused, never read
// as a flag) and from 0/1 in SQLite. A `serde_json::Value` decodes from JSON or JSONB in
// PostgreSQL and from JSON text in SQLite; text that is not JSON is an error.
exact!(String, bool, Vec<u8>, i32, serde_json::Value);

impl Value for i64 {
    fn from_sqlite<I: Index>(row: &SqliteRow, index: I) -> Result<Self, sqlx::Error> {
        Option::<i64>::from_sqlite(row, index)?.ok_or_else(|| unexpected_null(index))
    }
    fn from_postgres<I: Index>(row: &PgRow, index: I) -> Result<Self, sqlx::Error> {
        Option::<i64>::from_postgres(row, index)?.ok_or_else(|| unexpected_null(index))
    }
}

impl Value for Option<i64> {
    fn from_sqlite<I: Index>(row: &SqliteRow, index: I) -> Result<Self, sqlx::Error> {
        row.try_get(index)
    }
    fn from_postgres<I: Index>(row: &PgRow, index: I) -> Result<Self, sqlx::Error> {
        row.try_get::<Option<i64>, _>(index).or_else(|wide| {
            row.try_get::<Option<i32>, _>(index)
                .map(|v| v.map(i64::from))
                .or_else(|_| {
                    row.try_get::<Option<i16>, _>(index)
                        .map(|v| v.map(i64::from))
                })
                .map_err(|_| wide)
        })
    }
}

impl Value for f64 {
    fn from_sqlite<I: Index>(row: &SqliteRow, index: I) -> Result<Self, sqlx::Error> {
        Option::<f64>::from_sqlite(row, index)?.ok_or_else(|| unexpected_null(index))
    }
    fn from_postgres<I: Index>(row: &PgRow, index: I) -> Result<Self, sqlx::Error> {
        Option::<f64>::from_postgres(row, index)?.ok_or_else(|| unexpected_null(index))
    }
}

impl Value for Option<f64> {
    fn from_sqlite<I: Index>(row: &SqliteRow, index: I) -> Result<Self, sqlx::Error> {
        row.try_get::<Option<f64>, _>(index).or_else(|real| {
            row.try_get::<Option<i64>, _>(index)
                .map(|v| v.map(|n| n as f64))
                .map_err(|_| real)
        })
    }
    fn from_postgres<I: Index>(row: &PgRow, index: I) -> Result<Self, sqlx::Error> {
        row.try_get::<Option<f64>, _>(index).or_else(|double| {
            row.try_get::<Option<f32>, _>(index)
                .map(|v| v.map(f64::from))
                .or_else(|_| Option::<i64>::from_postgres(row, index).map(|v| v.map(|n| n as f64)))
                .map_err(|_| double)
        })
    }
}

/// A calendar day. Stored as `YYYY-MM-DD` text in SQLite and as `DATE` in PostgreSQL; a
/// `YYYY-MM-DD` text value (an expression, a literal) decodes too. Decoded here, once, so
/// no layer above `store` parses a date it read.
impl Value for Option<Date> {
    fn from_sqlite<I: Index>(row: &SqliteRow, index: I) -> Result<Self, sqlx::Error> {
        row.try_get(index)
    }
    fn from_postgres<I: Index>(row: &PgRow, index: I) -> Result<Self, sqlx::Error> {
        row.try_get::<Option<Date>, _>(index).or_else(|native| {
            match row.try_get::<Option<String>, _>(index) {
                Ok(Some(text)) => parse_day(&text, index).map(Some),
                Ok(None) => Ok(None),
                Err(_) => Err(native),
            }
        })
    }
}

impl Value for Date {
    fn from_sqlite<I: Index>(row: &SqliteRow, index: I) -> Result<Self, sqlx::Error> {
        Option::<Date>::from_sqlite(row, index)?.ok_or_else(|| unexpected_null(index))
    }
    fn from_postgres<I: Index>(row: &PgRow, index: I) -> Result<Self, sqlx::Error> {
        Option::<Date>::from_postgres(row, index)?.ok_or_else(|| unexpected_null(index))
    }
}

/// The stored form of a day.
pub(super) const DAY: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

fn parse_day<I: Index>(text: &str, index: I) -> Result<Date, sqlx::Error> {
    Date::parse(text, DAY).map_err(|e| sqlx::Error::ColumnDecode {
        index: format!("{index:?}"),
        source: format!("'{text}' is not a YYYY-MM-DD day: {e}").into(),
    })
}

pub(super) fn unexpected_null<I: Index>(index: I) -> sqlx::Error {
    sqlx::Error::ColumnDecode {
        index: format!("{index:?}"),
        source: "unexpected NULL".into(),
    }
}
