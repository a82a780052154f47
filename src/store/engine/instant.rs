//! Instants (`domain::timestamp::Timestamp`) on both engines: a `TIMESTAMPTZ` in
//! PostgreSQL; RFC 3339 text in SQLite ("2026-12-05T09:30:00Z"), whose fixed shape sorts in
//! time order, so `<`, `MAX` and `ORDER BY` work on the text as they do on the type.
//! sqlx's own SQLite encoding of a time ("2026-12-05 09:30:00.0+00:00") would not compare
//! with the text already stored, so the SQLite side is written here.

use super::{Index, Value};
use crate::domain::timestamp::Timestamp;
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgRow, PgTypeInfo, PgValueRef};
use sqlx::sqlite::{SqliteArgumentValue, SqliteRow, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Postgres, Row as _, Sqlite, Type};
use time::OffsetDateTime;

// The sqlx traits are implemented for the domain type here, in `store`, so that `domain`
// knows nothing of sqlx; `#[derive(sqlx::FromRow)]` structs use them for their fields.

impl Type<Sqlite> for Timestamp {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
}

impl<'q> Encode<'q, Sqlite> for Timestamp {
    fn encode_by_ref(&self, buf: &mut Vec<SqliteArgumentValue<'q>>) -> Result<IsNull, BoxDynError> {
        <String as Encode<'q, Sqlite>>::encode(self.rfc3339(), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for Timestamp {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <&str as Decode<Sqlite>>::decode(value)?;
        Timestamp::parse(text).ok_or_else(|| format!("'{text}' is not an RFC 3339 instant").into())
    }
}

impl Type<Postgres> for Timestamp {
    fn type_info() -> PgTypeInfo {
        <OffsetDateTime as Type<Postgres>>::type_info()
    }
}

impl Encode<'_, Postgres> for Timestamp {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        <OffsetDateTime as Encode<'_, Postgres>>::encode_by_ref(&self.instant(), buf)
    }
}

impl<'r> Decode<'r, Postgres> for Timestamp {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        <OffsetDateTime as Decode<Postgres>>::decode(value).map(Timestamp::from)
    }
}

/// An instant: `TIMESTAMPTZ` in PostgreSQL, RFC 3339 text in SQLite; RFC 3339 text from
/// an expression decodes on both.
impl Value for Option<Timestamp> {
    fn from_sqlite<I: Index>(row: &SqliteRow, index: I) -> Result<Self, sqlx::Error> {
        row.try_get(index)
    }
    fn from_postgres<I: Index>(row: &PgRow, index: I) -> Result<Self, sqlx::Error> {
        row.try_get::<Option<Timestamp>, _>(index)
            .or_else(|native| match row.try_get::<Option<String>, _>(index) {
                Ok(Some(text)) => parse(&text, index).map(Some),
                Ok(None) => Ok(None),
                Err(_) => Err(native),
            })
    }
}

impl Value for Timestamp {
    fn from_sqlite<I: Index>(row: &SqliteRow, index: I) -> Result<Self, sqlx::Error> {
        Option::<Timestamp>::from_sqlite(row, index)?
            .ok_or_else(|| super::row::unexpected_null(index))
    }
    fn from_postgres<I: Index>(row: &PgRow, index: I) -> Result<Self, sqlx::Error> {
        Option::<Timestamp>::from_postgres(row, index)?
            .ok_or_else(|| super::row::unexpected_null(index))
    }
}

fn parse<I: Index>(text: &str, index: I) -> Result<Timestamp, sqlx::Error> {
    Timestamp::parse(text).ok_or_else(|| sqlx::Error::ColumnDecode {
        index: format!("{index:?}"),
        source: format!("'{text}' is not an RFC 3339 instant").into(),
    })
}
