//! The storage seam. It owns the pool, the embedded migrations (one directory per backend)
//! and every SQL statement; nothing outside `store` writes SQL. The backend is chosen once,
//! from the database URL's scheme.

pub mod absence;
pub mod appraisal;
pub mod asye;
pub mod audit;
pub mod audit_queue;
pub mod auth;
pub mod benchmark;
pub mod calendar;
pub mod checkpointer;
pub mod concerns;
pub mod conversations;
pub mod cpd;
pub mod data_protection;
pub mod demo;
pub mod dialect;
pub mod engine;
pub mod feedback;
pub mod fhir;
pub mod governance;
pub mod group_commit;
pub mod guard;
pub mod idempotency;
pub mod leavers;
pub mod memo;
pub mod orgs;
pub mod partnerships;
pub mod post_qualifying;
pub mod practitioners;
pub mod pulse;
pub mod registration;
pub mod reminders;
pub mod self_assessment;
pub mod sql;
pub mod sso;
pub mod staff_imports;
pub mod stocktake;
pub mod strategic_statement;
pub mod subject_access;
pub mod supervision;
pub mod survey;
pub mod team_skills;
pub mod teams;
pub mod two_step;
pub mod uploads;
pub mod users;
pub mod workforce;

pub use engine::{Conn, Pool, Row};

use anyhow::{Context, bail};
use sqlx::migrate::Migrator;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::SqlitePoolOptions;
use std::path::Path;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// What a guarded write did. A guarded UPDATE (or DELETE, or INSERT .. ON CONFLICT DO
/// NOTHING) names one row and, in its WHERE, the state it moves that row from
/// (`AND status = 'planned'`, `AND applied_at IS NULL`) or whose it must be; when a
/// concurrent request moved the row first, or it is someone else's, it changes nothing. The caller must then refuse
/// instead of reporting (and auditing) a change that did not happen, so this type must be
/// used.
#[must_use = "a guarded update that changed nothing must not be reported or audited as done"]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guarded {
    /// The row was in the expected state and is now changed.
    Changed,
    /// The row was not (or no longer) in the expected state, or is not there: nothing changed.
    Unchanged,
}

impl Guarded {
    /// Reads the statement's result: exactly one row changed.
    pub fn of(result: engine::Done) -> Guarded {
        if result.rows_affected() == 1 {
            Guarded::Changed
        } else {
            Guarded::Unchanged
        }
    }

    pub fn changed(self) -> bool {
        self == Guarded::Changed
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A connection pool and the engine behind it.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: Pool,
    pub backend: Backend,
    /// The database URL without its password, for messages.
    pub label: String,
    /// Whose turn it is to write, on SQLite (`engine::WriterTurn`).
    writer: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// Report results kept between writes (`memo`), shared by the clones of this `Db`.
    pub memo: std::sync::Arc<memo::Memo>,
    /// Audit entries of reads, appended together (`audit_queue`).
    pub reads_audited: audit_queue::AuditQueue,
    /// Answers sent on the public feedback form, committed together (`group_commit`).
    pub public_answers: group_commit::GroupCommit<feedback::QueuedAnswer, bool>,
    /// On SQLite, the task copying the write-ahead log back off the requests' path
    /// (`checkpointer`), and the last checkpoint on the way out (`checkpoint_and_close`); the
    /// task stops when the last clone of this `Db` is dropped or the pool is closed.
    checkpointer: Option<checkpointer::Checkpointer>,
}

/// Whether `Db::reset` may delete data the demo did not make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    OnlyDemoData,
    AnyData,
}

/// Whether connecting may create a SQLite database file that does not exist yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Create {
    /// Only the built-in default path is created (`serve`): a mistyped path fails loudly
    /// instead of creating an empty database somewhere else.
    DefaultOnly,
    /// Create it (`migrate`, `demo`, tests): the user asked for a database there.
    Yes,
}

impl Backend {
    pub fn from_url(url: &str) -> anyhow::Result<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            bail!(
                "database URL must start with sqlite:// or postgres:// (got '{}')",
                crate::config::redact_url(url)
                    .split("://")
                    .next()
                    .unwrap_or("")
            )
        }
    }
}

/// The file path in a `sqlite://` URL (without query parameters).
pub fn sqlite_path(url: &str) -> &str {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    rest.split('?').next().unwrap_or(rest)
}

/// Connects, creating the database only as `create` allows. Does not migrate.
pub async fn connect(url: &str, max_connections: u32, create: Create) -> anyhow::Result<Db> {
    let backend = Backend::from_url(url)?;
    let cannot_open = || format!("cannot open database {}", crate::config::redact_url(url));
    let mut checkpointer = None;
    let pool = match backend {
        Backend::Sqlite => {
            let pool = SqlitePoolOptions::new()
                .max_connections(max_connections.max(1))
                // A connection to a file in this process cannot drop away while idle, so
                // the ping before each use (a round trip to its worker thread) buys
                // nothing; sqlx still tests each connection when it is given back.
                .test_before_acquire(false)
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        sqlx::Executor::execute(&mut *conn, dialect::SQLITE_SYNCHRONOUS).await?;
                        sqlx::Executor::execute(&mut *conn, dialect::SQLITE_NO_AUTOCHECKPOINT)
                            .await?;
                        Ok(())
                    })
                })
                .connect(&sqlite_url_for(url, create)?)
                .await
                .with_context(cannot_open)?;
            // WAL lets readers proceed while one writer writes; it persists in the file.
            sqlx::query(dialect::SQLITE_WAL).execute(&pool).await?;

            Pool::Sqlite(pool)
        }
        Backend::Postgres => Pool::Postgres(
            PgPoolOptions::new()
                .max_connections(max_connections.max(1))
                .connect(url)
                .await
                .with_context(cannot_open)?,
        ),
    };
    let writer: std::sync::Arc<tokio::sync::Mutex<()>> = Default::default();
    if let Pool::Sqlite(pool) = &pool {
        checkpointer = Some(checkpointer::Checkpointer::start(
            pool.clone(),
            writer.clone(),
        ));
    }
    let reads_audited = audit_queue::AuditQueue::start(
        pool.clone(),
        (backend == Backend::Sqlite).then(|| writer.clone()),
    );
    let public_answers = group_commit::GroupCommit::start(
        Writer {
            pool: pool.clone(),
            turn: writer.clone(),
        },
        feedback::store_answer,
    );
    Ok(Db {
        pool,
        backend,
        label: crate::config::redact_url(url),
        writer,
        reads_audited,
        public_answers,
        memo: std::sync::Arc::new(memo::Memo::new(DEFAULT_KEPT_REPORTS)),
        checkpointer,
    })
}

fn sqlite_url_for(url: &str, create: Create) -> anyhow::Result<String> {
    let path = sqlite_path(url);
    if path.is_empty() || path == ":memory:" {
        bail!("an in-memory SQLite database cannot be shared by the pool; give a file path");
    }
    let file = Path::new(path);
    let exists = file.exists();
    let is_default = url == crate::config::DEFAULT_DATABASE_URL;
    if !exists {
        match create {
            Create::DefaultOnly if !is_default => bail!(
                "database file {path} does not exist. Check the path, or create it with `mhsw migrate --database-url {url}`"
            ),
            _ => {}
        }
        if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
            if is_default {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create directory {}", parent.display()))?;
            } else if !parent.exists() {
                bail!(
                    "directory {} does not exist: check the database path",
                    parent.display()
                );
            }
        }
    }
    let mode = if exists { "rw" } else { "rwc" };
    Ok(format!("sqlite://{path}?mode={mode}"))
}

/// How many report results a `Db` keeps unless told otherwise (`[database]
/// report_cache_entries`).
pub const DEFAULT_KEPT_REPORTS: usize = 64;

impl Db {
    /// Keeps at most `entries` report results between writes (0: none), in place of the
    /// default.
    pub fn keeping_reports(mut self, entries: usize) -> Db {
        self.memo = std::sync::Arc::new(memo::Memo::new(entries));
        self
    }

    /// The data's generation: advanced by every committed write transaction
    /// (`engine::Conn::commit`), so a result kept at one generation is current while it
    /// lasts.
    pub async fn generation(&self) -> Result<i64, sqlx::Error> {
        if let Some(n) = memo::remembered() {
            return Ok(n);
        }
        let n = engine::query_scalar::<i64>(memo::READ_GENERATION)
            .fetch_one(&self.pool)
            .await?;
        memo::remember(n);
        Ok(n)
    }

    /// Takes `generation`, read by this request in another statement (the session's), as
    /// the one its kept reports are checked against, as [`Db::generation`] would have.
    pub fn remember_generation(&self, generation: i64) {
        memo::remember(generation);
    }

    /// Applies the embedded migrations for this backend.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match &self.pool {
            Pool::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await,
            Pool::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await,
        }
        .context("database migration failed")
    }

    /// True when the database answers a trivial query (`GET /health`).
    pub async fn is_reachable(&self) -> bool {
        engine::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    /// Drops every table, for `demo` to rebuild from scratch (and then migrates). The only
    /// way mhsw drops data: it refuses a database holding data the demo did not make
    /// unless `replace` says so, naming what it holds.
    pub async fn reset(&self, replace: Replace) -> anyhow::Result<()> {
        if replace == Replace::OnlyDemoData
            && let Some(held) = guard::data_not_made_by_demo(self).await?
        {
            bail!(
                "the database {} holds data that the demo did not make: {held}. The demo replaces everything in its database: give it a new one (--database-url sqlite://demo.db), or add --replace-existing-data to delete this data",
                self.label
            );
        }
        dialect::drop_everything(self).await?;
        self.migrate().await
    }

    /// Begins a write transaction ([`Writer::begin`]).
    #[allow(clippy::disallowed_methods)] // this is the method the rule names
    pub async fn begin(&self) -> Result<Conn, sqlx::Error> {
        self.writer().begin().await
    }

    /// Where this database's write transactions begin, for a task that writes on its own
    /// (`group_commit`).
    pub fn writer(&self) -> Writer {
        Writer {
            pool: self.pool.clone(),
            turn: self.writer.clone(),
        }
    }

    /// A connection on its own: each statement commits as it runs (fixtures, and a
    /// sequence of reads that needs no single view).
    pub async fn connection(&self) -> Result<Conn, sqlx::Error> {
        Ok(match &self.pool {
            Pool::Sqlite(pool) => Conn::Sqlite(pool.acquire().await?),
            Pool::Postgres(pool) => Conn::Postgres(pool.acquire().await?),
        })
    }

    /// How full the pool is, for monitoring.
    pub fn pool_use(&self) -> crate::metrics::PoolUse {
        let (open, idle, max) = match &self.pool {
            Pool::Sqlite(p) => (p.size(), p.num_idle(), p.options().get_max_connections()),
            Pool::Postgres(p) => (p.size(), p.num_idle(), p.options().get_max_connections()),
        };
        crate::metrics::PoolUse {
            open,
            idle: u32::try_from(idle).unwrap_or(u32::MAX),
            max,
        }
    }

    /// For a command about to exit: on SQLite, copies the write-ahead log into the database
    /// file, empties it and closes the pool, so the file alone holds the data
    /// (`checkpointer::Checkpointer::truncate_and_close`); this `Db` and its clones cannot be
    /// used after it. On PostgreSQL there is nothing to do.
    pub async fn checkpoint_and_close(&self) -> anyhow::Result<()> {
        match (&self.pool, &self.checkpointer) {
            (Pool::Sqlite(pool), Some(checkpointer)) => checkpointer.truncate_and_close(pool).await,
            _ => Ok(()),
        }
    }
}

/// Where write transactions begin: the pool and, on SQLite, whose turn it is to write.
#[derive(Clone)]
pub struct Writer {
    pool: Pool,
    turn: std::sync::Arc<tokio::sync::Mutex<()>>,
}

impl Writer {
    /// Begins a write transaction. SQLite takes the write lock at the start
    /// (`BEGIN IMMEDIATE`): a transaction that read first and then wrote would otherwise
    /// fail with "database is locked" when another connection had written in between,
    /// which waiting cannot cure; immediate transactions wait their turn instead.
    pub async fn begin(&self) -> Result<Conn, sqlx::Error> {
        Ok(match &self.pool {
            Pool::Sqlite(pool) => {
                // As long as SQLite's own busy timeout (sqlx's default, 5 s) would have
                // waited: a writer that never ends fails the next one, as it did before.
                let turn = tokio::time::timeout(
                    std::time::Duration::from_secs(5),
                    self.turn.clone().lock_owned(),
                )
                .await
                .map_err(|_| sqlx::Error::PoolTimedOut)?;
                let pool = pool.clone();
                let tx =
                    run_to_the_end(
                        async move { pool.begin_with(dialect::SQLITE_BEGIN_WRITE).await },
                    )
                    .await?;
                Conn::SqliteTx(tx, turn)
            }
            Pool::Postgres(pool) => {
                let pool = pool.clone();
                Conn::PostgresTx(run_to_the_end(async move { pool.begin().await }).await?)
            }
        })
    }
}

/// Runs the beginning of a transaction in a task of its own, to its end, whatever happens to
/// the caller. A caller abandoned while a transaction begins (a request whose client went
/// away) would otherwise drop the connection after the engine had begun the transaction but
/// before sqlx held it as one: back in the pool with the transaction open, it would keep
/// SQLite's write lock for ever (and, on either engine, hold the next borrower's statements
/// in a transaction nobody commits). Run to the end, a transaction nobody awaits is dropped
/// whole, and so rolled back.
async fn run_to_the_end<T: Send + 'static>(
    begin: impl std::future::Future<Output = Result<T, sqlx::Error>> + Send + 'static,
) -> Result<T, sqlx::Error> {
    tokio::spawn(begin)
        .await
        .map_err(|e| sqlx::Error::Protocol(format!("beginning a transaction failed: {e}")))?
}

/// Aggregates a user's role codes into one comma-separated string (dialect-specific).
pub(crate) fn dialect_roles_agg(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => dialect::SQLITE_ROLES_AGG,
        Backend::Postgres => dialect::POSTGRES_ROLES_AGG,
    }
}
