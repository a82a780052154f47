//! Statements that run on either engine: the text, its bound values, and how to fetch.
//! They read like sqlx's own (`query(..).bind(..).fetch_all(pool)`), so a statement is
//! written once; the bound values are kept as [`Arg`]s and bound to the engine's own
//! arguments when it runs.

use super::timing::timed;
use super::{Exec, Record, Row, Value};
use crate::db_run;
use crate::domain::timestamp::Timestamp;
use std::borrow::Cow;
use std::marker::PhantomData;

/// A value bound to a `$n` placeholder.
#[derive(Debug, Clone)]
pub enum Arg {
    I64(Option<i64>),
    F64(Option<f64>),
    Bool(Option<bool>),
    Str(Option<String>),
    Bytes(Option<Vec<u8>>),
    /// A calendar day: a DATE in PostgreSQL, `YYYY-MM-DD` text in SQLite (sqlx's encoding).
    Date(Option<time::Date>),
    /// An instant: a TIMESTAMPTZ in PostgreSQL, RFC 3339 text in SQLite (`instant`).
    Timestamp(Option<Timestamp>),
    /// A JSON document: JSONB in PostgreSQL (a string bound there is TEXT, which a JSONB
    /// column refuses), its text in SQLite.
    Json(Option<serde_json::Value>),
}

macro_rules! arg_from {
    ($variant:ident: $($t:ty => $conv:expr),* $(,)?) => {$(
        impl From<$t> for Arg {
            fn from(v: $t) -> Arg {
                let conv: fn($t) -> _ = $conv;
                Arg::$variant(conv(v))
            }
        }
    )*};
}

arg_from!(I64:
    i64 => Some,
    Option<i64> => |v| v,
    i32 => |v| Some(i64::from(v)),
    Option<i32> => |v| v.map(i64::from),
    &Option<i64> => |v| *v,
    &i64 => |v| Some(*v),
);
arg_from!(F64: f64 => Some, Option<f64> => |v| v);
arg_from!(Bool: bool => Some, Option<bool> => |v| v);
arg_from!(Str:
    String => Some,
    Option<String> => |v| v,
    &str => |v| Some(v.to_string()),
    &String => |v| Some(v.clone()),
    Option<&str> => |v| v.map(str::to_string),
    Option<&String> => |v| v.cloned(),
    &Option<String> => |v| v.clone(),
);
arg_from!(Date:
    time::Date => Some,
    Option<time::Date> => |v| v,
    &time::Date => |v| Some(*v),
    &Option<time::Date> => |v| *v,
);
arg_from!(Timestamp:
    Timestamp => Some,
    Option<Timestamp> => |v| v,
    &Timestamp => |v| Some(*v),
    &Option<Timestamp> => |v| *v,
);
arg_from!(Json:
    serde_json::Value => Some,
    Option<serde_json::Value> => |v| v,
    &serde_json::Value => |v| Some(v.clone()),
);
arg_from!(Bytes: Vec<u8> => Some, &[u8] => |v| Some(v.to_vec()), Option<Vec<u8>> => |v| v);

/// What a statement that returns no rows did.
#[derive(Debug, Clone, Copy)]
pub struct Done {
    rows_affected: u64,
}

impl Done {
    pub fn rows_affected(&self) -> u64 {
        self.rows_affected
    }
}

/// A statement and its bound values.
#[derive(Debug, Clone)]
pub struct Query<'q> {
    text: Cow<'q, str>,
    args: Vec<Arg>,
}

/// A statement whose rows are read into `T` (`#[derive(sqlx::FromRow)]`).
#[derive(Debug, Clone)]
pub struct QueryAs<'q, T> {
    inner: Query<'q>,
    row: PhantomData<fn() -> T>,
}

/// A statement whose rows are read as their first column.
#[derive(Debug, Clone)]
pub struct QueryScalar<'q, T> {
    inner: Query<'q>,
    value: PhantomData<fn() -> T>,
}

pub fn query<'q>(text: impl Into<Cow<'q, str>>) -> Query<'q> {
    Query::with_args(text, Vec::new())
}

pub fn query_as<'q, T: Record>(text: impl Into<Cow<'q, str>>) -> QueryAs<'q, T> {
    query(text).into_as()
}

pub fn query_scalar<'q, T: Value>(text: impl Into<Cow<'q, str>>) -> QueryScalar<'q, T> {
    query(text).into_scalar()
}

/// Binds every value to an engine's own statement (`sqlx::query` or `sqlx::query_as`),
/// in order.
macro_rules! bind_all {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                Arg::I64(v) => q.bind(*v),
                Arg::F64(v) => q.bind(*v),
                Arg::Bool(v) => q.bind(*v),
                Arg::Str(v) => q.bind(v.as_deref()),
                Arg::Bytes(v) => q.bind(v.as_deref()),
                Arg::Date(v) => q.bind(*v),
                Arg::Timestamp(v) => q.bind(*v),
                Arg::Json(v) => q.bind(v.as_ref()),
            };
        }
        q
    }};
}

impl<'q> Query<'q> {
    pub(crate) fn with_args(text: impl Into<Cow<'q, str>>, args: Vec<Arg>) -> Query<'q> {
        Query {
            text: text.into(),
            args,
        }
    }

    /// Binds the next `$n` placeholder.
    pub fn bind(mut self, value: impl Into<Arg>) -> Self {
        self.args.push(value.into());
        self
    }

    pub fn into_as<T: Record>(self) -> QueryAs<'q, T> {
        QueryAs {
            inner: self,
            row: PhantomData,
        }
    }

    pub fn into_scalar<T: Value>(self) -> QueryScalar<'q, T> {
        QueryScalar {
            inner: self,
            value: PhantomData,
        }
    }

    pub async fn execute<'e>(&self, on: impl Into<Exec<'e>>) -> Result<Done, sqlx::Error> {
        let on = on.into();
        let done = timed(async {
            Ok::<_, sqlx::Error>(
                db_run!(on, e => bind_all!(sqlx::query(&self.text), &self.args)
                .execute(e)
                .await?
                .rows_affected()),
            )
        })
        .await?;
        Ok(Done {
            rows_affected: done,
        })
    }

    pub async fn fetch_all<'e>(&self, on: impl Into<Exec<'e>>) -> Result<Vec<Row>, sqlx::Error> {
        let on = on.into();
        timed(async {
            Ok(
                db_run!(on, e => bind_all!(sqlx::query(&self.text), &self.args)
                .fetch_all(e)
                .await?
                .into_iter()
                .map(Row::from)
                .collect()),
            )
        })
        .await
    }

    pub async fn fetch_optional<'e>(
        &self,
        on: impl Into<Exec<'e>>,
    ) -> Result<Option<Row>, sqlx::Error> {
        let on = on.into();
        timed(async {
            Ok(
                db_run!(on, e => bind_all!(sqlx::query(&self.text), &self.args)
                .fetch_optional(e)
                .await?
                .map(Row::from)),
            )
        })
        .await
    }

    pub async fn fetch_one<'e>(&self, on: impl Into<Exec<'e>>) -> Result<Row, sqlx::Error> {
        let on = on.into();
        timed(async {
            Ok(
                db_run!(on, e => bind_all!(sqlx::query(&self.text), &self.args)
                .fetch_one(e)
                .await
                .map(Row::from)?),
            )
        })
        .await
    }
}

impl<'q, T: Record> QueryAs<'q, T> {
    pub fn bind(mut self, value: impl Into<Arg>) -> Self {
        self.inner = self.inner.bind(value);
        self
    }

    pub async fn fetch_all<'e>(&self, on: impl Into<Exec<'e>>) -> Result<Vec<T>, sqlx::Error> {
        let (q, on) = (&self.inner, on.into());
        timed(async {
            db_run!(on, e => bind_all!(sqlx::query_as(&q.text), &q.args).fetch_all(e).await)
        })
        .await
    }

    pub async fn fetch_optional<'e>(
        &self,
        on: impl Into<Exec<'e>>,
    ) -> Result<Option<T>, sqlx::Error> {
        let (q, on) = (&self.inner, on.into());
        timed(async {
            db_run!(on, e => bind_all!(sqlx::query_as(&q.text), &q.args).fetch_optional(e).await)
        })
        .await
    }

    pub async fn fetch_one<'e>(&self, on: impl Into<Exec<'e>>) -> Result<T, sqlx::Error> {
        let (q, on) = (&self.inner, on.into());
        timed(async {
            db_run!(on, e => bind_all!(sqlx::query_as(&q.text), &q.args).fetch_one(e).await)
        })
        .await
    }
}

impl<'q, T: Value> QueryScalar<'q, T> {
    pub fn bind(mut self, value: impl Into<Arg>) -> Self {
        self.inner = self.inner.bind(value);
        self
    }

    pub async fn fetch_all<'e>(&self, on: impl Into<Exec<'e>>) -> Result<Vec<T>, sqlx::Error> {
        self.inner
            .fetch_all(on)
            .await?
            .iter()
            .map(|r| r.try_get(0))
            .collect()
    }

    pub async fn fetch_optional<'e>(
        &self,
        on: impl Into<Exec<'e>>,
    ) -> Result<Option<T>, sqlx::Error> {
        self.inner
            .fetch_optional(on)
            .await?
            .map(|r| r.try_get(0))
            .transpose()
    }

    pub async fn fetch_one<'e>(&self, on: impl Into<Exec<'e>>) -> Result<T, sqlx::Error> {
        self.inner.fetch_one(on).await?.try_get(0)
    }
}
