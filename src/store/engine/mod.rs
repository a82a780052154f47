//! The two engines behind one set of types. SQLite and PostgreSQL each run on their own
//! typed sqlx driver (no `Any` layer converting every value of every row); one enum holds
//! whichever pool the database URL chose, and [`db_run!`] runs the same statement on
//! either, compiling its body once per engine (vaultwarden's pattern).
//!
//! `store` modules write statements with [`query`], [`query_as`] and [`query_scalar`],
//! which read like sqlx's own and run on a [`Pool`] (reads) or a [`Conn`] (a transaction).
//! Rows come back as [`Row`], whose `try_get` decodes the same Rust types from either
//! engine ([`Value`]), or as a struct deriving `sqlx::FromRow` ([`Record`]).

mod instant;
mod json;
mod query;
mod row;
pub mod timing;

pub use query::{Arg, Done, Query, QueryAs, QueryScalar, query, query_as, query_scalar};
pub use row::{Index, Record, Row, Value};

use sqlx::pool::PoolConnection;
use sqlx::{PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction};

/// A connection pool on one engine.
#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Pool {
    /// Closes every connection; statements after this fail.
    pub async fn close(&self) {
        match self {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }
}

/// One connection on one engine, held for several statements: a transaction
/// (`Db::begin`, `Db::read`; dropped without `commit`, it rolls back), or a connection on
/// its own (`Db::connection`), where each statement commits as it runs.
#[derive(Debug)]
pub enum Conn {
    /// A SQLite write transaction and its turn as the process's one writer (`Db::begin`),
    /// held until it commits or rolls back.
    SqliteTx(Transaction<'static, Sqlite>, WriterTurn),
    PostgresTx(Transaction<'static, Postgres>),
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

impl Conn {
    /// The engine this connection is on, for the few statements written per engine
    /// (`store::dialect`).
    pub fn backend(&self) -> crate::store::Backend {
        match self {
            Conn::SqliteTx(..) | Conn::Sqlite(_) => crate::store::Backend::Sqlite,
            Conn::PostgresTx(_) | Conn::Postgres(_) => crate::store::Backend::Postgres,
        }
    }

    /// Commits a transaction, advancing the data's generation in it (`store::memo`), so no
    /// report kept from before outlives it; a connection on its own has nothing left to
    /// commit.
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        if matches!(self, Conn::SqliteTx(..) | Conn::PostgresTx(_)) {
            query(crate::store::memo::ADVANCE_GENERATION)
                .execute(&mut self)
                .await?;
        }
        match self {
            Conn::SqliteTx(tx, _turn) => tx.commit().await?,
            Conn::PostgresTx(tx) => tx.commit().await?,
            Conn::Sqlite(_) | Conn::Postgres(_) => return Ok(()),
        }
        crate::store::memo::forget();
        Ok(())
    }

    /// Rolls a transaction back; a connection on its own has nothing to undo.
    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self {
            Conn::SqliteTx(tx, _turn) => tx.rollback().await,
            Conn::PostgresTx(tx) => tx.rollback().await,
            Conn::Sqlite(_) | Conn::Postgres(_) => Ok(()),
        }
    }
}

/// A SQLite write transaction's turn: SQLite lets one writer in at a time, and a writer
/// that finds the lock taken sleeps and polls (its busy handler backs off to 100 ms), which
/// made the tail of concurrent writes. Writers of one process take turns here instead, in
/// the order they asked (tokio's mutex is fair), and each begins only when the lock is
/// free.
pub type WriterTurn = tokio::sync::OwnedMutexGuard<()>;

/// Where a statement runs: a pool, or the connection of a transaction in progress.
pub enum Exec<'a> {
    SqlitePool(&'a SqlitePool),
    SqliteConn(&'a mut SqliteConnection),
    PgPool(&'a PgPool),
    PgConn(&'a mut PgConnection),
}

impl<'a> From<&'a Pool> for Exec<'a> {
    fn from(pool: &'a Pool) -> Exec<'a> {
        match pool {
            Pool::Sqlite(p) => Exec::SqlitePool(p),
            Pool::Postgres(p) => Exec::PgPool(p),
        }
    }
}

impl<'a> From<&'a mut Conn> for Exec<'a> {
    fn from(tx: &'a mut Conn) -> Exec<'a> {
        match tx {
            Conn::SqliteTx(t, _) => Exec::SqliteConn(t),
            Conn::PostgresTx(t) => Exec::PgConn(t),
            Conn::Sqlite(c) => Exec::SqliteConn(c),
            Conn::Postgres(c) => Exec::PgConn(c),
        }
    }
}

/// Runs `$body` with `$e` bound to the engine's own executor: the body is compiled once
/// per engine, so the same sqlx calls are typed for SQLite and for PostgreSQL.
///
/// ```ignore
/// db_run!(Exec::from(&db.pool), e => sqlx::query("SELECT 1").execute(e).await)
/// ```
#[macro_export]
macro_rules! db_run {
    ($exec:expr, $e:ident => $body:expr) => {
        match $exec {
            $crate::store::engine::Exec::SqlitePool($e) => $body,
            $crate::store::engine::Exec::SqliteConn($e) => $body,
            $crate::store::engine::Exec::PgPool($e) => $body,
            $crate::store::engine::Exec::PgConn($e) => $body,
        }
    };
}
