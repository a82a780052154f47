//! The `mhsw` command line: a thin front door over the same service functions the web
//! uses.

use crate::config::{DEFAULT_CONFIG, Settings};
use crate::store::{self, Create, Db};
use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

mod export;
mod import;
mod jobs;
mod serve;
mod stocktake;
mod tokens;

use jobs::{RemindersCommand, RetentionCommand};
use serve::{bind as bind_to, serve};

#[derive(Parser)]
#[command(
    name = "mhsw",
    version,
    about = "Supporting mental health social workers: registration, supervision, CPD, feedback and workforce data."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct Common {
    /// Configuration file (TOML). `mhsw default-config` prints a documented one.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Database URL (overrides the configuration): sqlite://PATH or postgres://...
    #[arg(long)]
    database_url: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app and API.
    Serve {
        #[command(flatten)]
        common: Common,
        /// Address to listen on, like 127.0.0.1:8080.
        #[arg(long)]
        bind: Option<String>,
    },
    /// (Re)create deterministic demo data, print the demo sign-ins, and serve it.
    Demo {
        #[command(flatten)]
        common: Common,
        /// Address to listen on, like 127.0.0.1:8080 (port 0: any free port).
        #[arg(long)]
        bind: Option<String>,
        /// How many practitioners to generate (150 by default, in the trust and councils;
        /// 100,000 with --national, across every organisation).
        #[arg(long)]
        practitioners: Option<usize>,
        /// Seed for the generator: the same seed gives the same data.
        #[arg(long, default_value_t = 2020)]
        seed: u64,
        /// Years of supervision history to generate (1 by default; benchmarks and
        /// --national use 10).
        #[arg(long)]
        history_years: Option<u32>,
        /// The national dataset: the demo's organisations and many more (--organisations),
        /// with their practitioners, supervision, CPD, feedback and stocktake returns, for
        /// national benchmarks (docs/OPERATIONS.md, scripts/bench-national).
        #[arg(long)]
        national: bool,
        /// With --national: how many organisations to add to the demo's own.
        #[arg(long, default_value_t = 500, requires = "national")]
        organisations: usize,
        /// Create the data and exit without serving.
        #[arg(long)]
        no_serve: bool,
        /// Build the demo around this day (YYYY-MM-DD) and serve it as if it were today,
        /// for repeatable demonstrations and tests. Without it, today (UTC).
        #[arg(long)]
        today: Option<String>,
        /// Delete whatever the database holds, even data the demo did not make. Without
        /// it, the demo refuses such a database and says what it holds.
        #[arg(long)]
        replace_existing_data: bool,
    },
    /// Apply database migrations (creates a SQLite database file if needed).
    Migrate {
        #[command(flatten)]
        common: Common,
    },
    /// Manage organisations.
    Org {
        #[command(subcommand)]
        command: OrgCommand,
    },
    /// Manage partnership agreements between organisations.
    Partnership {
        #[command(subcommand)]
        command: PartnershipCommand,
    },
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Load existing staff from a CSV or XLSX file (docs/staff-import.md): shows what it
    /// changes, then saves it all in one transaction, or nothing if any row is wrong.
    Import {
        #[command(flatten)]
        common: Common,
        /// The staff list: a CSV or XLSX file.
        file: String,
        /// The email of the user the import acts as (a PSW, workforce lead or organisation
        /// administrator of the organisation the staff belong to).
        #[arg(long = "as", value_name = "EMAIL")]
        as_user: String,
        /// Show what the file would change and save nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Export data in standard formats.
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
    /// Returns to the national stocktake (docs/stocktake.md).
    Stocktake {
        #[command(subcommand)]
        command: StocktakeCommand,
    },
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Back up the database (SQLite: VACUUM INTO; PostgreSQL: prints the pg_dump recipe).
    Backup {
        #[command(flatten)]
        common: Common,
        /// File to write.
        #[arg(long)]
        to: String,
    },
    /// Print the documented default configuration.
    DefaultConfig,
    /// Reminder emails (supervision, registration).
    Reminders {
        #[command(subcommand)]
        command: RemindersCommand,
    },
    /// The retention schedule (`[retention]`, docs/OPERATIONS.md#retention).
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user. The password is read from MHSW_NEW_PASSWORD or standard input.
    Add {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// ODS code of the user's organisation (omit for a national analyst).
        #[arg(long)]
        org: Option<String>,
        /// Role codes, comma-separated: practitioner, supervisor, team_manager,
        /// principal_social_worker, workforce_lead, org_admin, data_protection_officer,
        /// national_analyst.
        #[arg(long, value_delimiter = ',')]
        roles: Vec<String>,
    },
    /// Set a user's password (read from MHSW_NEW_PASSWORD or standard input); ends their sessions.
    SetPassword {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        email: String,
    },
    /// Turn two-step sign-in off for someone who has lost their authenticator app; they
    /// sign in with their password and may set it up again.
    ResetTwoStep {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand)]
enum OrgCommand {
    /// Add an organisation.
    Add {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        name: String,
        /// ODS code, 3 to 9 letters and numbers.
        #[arg(long)]
        ods: String,
        /// nhs_trust, local_authority, independent, voluntary or icb.
        #[arg(long = "type")]
        org_type: String,
        /// NHS England region code: Y56 London, Y58 South West, Y59 South East, Y60 Midlands,
        /// Y61 East of England, Y62 North West, Y63 North East and Yorkshire.
        #[arg(long)]
        region: String,
        /// Registered population, for rates per 100,000.
        #[arg(long)]
        population: Option<u64>,
        /// The organisation is an NHS body (shows the NHS logo when it runs the deployment).
        #[arg(long)]
        nhs_body: bool,
    },
}

#[derive(Subcommand)]
enum PartnershipCommand {
    /// Make an agreement in force between two organisations (setting up a deployment;
    /// afterwards their admins propose and accept agreements in the UI or the API).
    Add {
        #[command(flatten)]
        common: Common,
        /// ODS code of the employing organisation.
        #[arg(long)]
        employer: String,
        /// ODS code of the host organisation (or, for an AMHP service agreement, the one
        /// that supervises the employer's AMHPs).
        #[arg(long)]
        host: String,
        /// section_75, secondment, tupe_transfer, amhp_service or placement.
        #[arg(long = "type", default_value = "section_75")]
        agreement_type: String,
        /// YYYY-MM-DD; today when not given.
        #[arg(long)]
        starts_on: Option<String>,
        #[arg(long, default_value = "Partnership agreement")]
        description: String,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// An organisation's practitioners (employed or hosted there) as a FHIR R4 Bundle of UK
    /// Core Practitioner and PractitionerRole resources, as JSON. Audited.
    Fhir {
        #[command(flatten)]
        common: Common,
        /// The organisation's ODS code.
        #[arg(long)]
        org: String,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum StocktakeCommand {
    /// Import returns from CSV or XLSX files, each checked whole (a file with any problem
    /// stores nothing, and does not stop the others); the last return per organisation and
    /// collection date is the one counted. Exits with an error if any file was refused.
    Import {
        #[command(flatten)]
        common: Common,
        /// The returns: CSV or XLSX files laid out as docs/stocktake.md says, or directories
        /// holding them (every .csv and .xlsx file in and under each, in path order).
        #[arg(required = true)]
        files: Vec<String>,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create an API token for a user and print it (shown once).
    Create {
        #[command(flatten)]
        common: Common,
        /// The email of the user the token acts as.
        #[arg(long)]
        user: String,
        /// What the token is for, shown in the user's list of tokens.
        #[arg(long, alias = "label", default_value = "command line")]
        name: String,
        /// Days until it stops working (1 to 366; default `[security] api_token_days`, 90).
        #[arg(long)]
        expires_in_days: Option<i64>,
    },
    /// List a user's tokens: id, name, when made, last used and when they expire.
    List {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        user: String,
    },
    /// Revoke one of a user's tokens, by the id `token list` shows.
    Revoke {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        user: String,
        #[arg(long)]
        id: i64,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_env("MHSW_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Configuration from the file, `MHSW_` variables (`MHSW_LOG` and `MHSW_NEW_PASSWORD` are
/// not configuration and are skipped) and flags.
fn settings(common: &Common, bind: Option<&String>) -> anyhow::Result<Settings> {
    let env = std::env::vars().filter(|(k, _)| k != "MHSW_LOG" && k != "MHSW_NEW_PASSWORD");
    let mut s = Settings::load(common.config.as_deref(), env)?;
    if let Some(url) = &common.database_url {
        s.database.url = url.clone();
    }
    if let Some(b) = bind {
        s.server.bind = b.clone();
    }
    Ok(s)
}

async fn open(s: &Settings, create: Create) -> anyhow::Result<Db> {
    let db = store::connect(&s.database.url, s.database.max_connections, create)
        .await?
        .keeping_reports(s.database.report_cache_entries);
    db.migrate().await?;
    Ok(db)
}

fn read_password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("MHSW_NEW_PASSWORD") {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve { common, bind } => {
            let s = settings(&common, bind.as_ref())?;
            let listener = bind_to(&s.server.bind).await?;
            let db = open(&s, Create::DefaultOnly).await?;
            serve(listener, db, s, crate::clock::Clock::System).await
        }
        Command::Demo {
            common,
            bind,
            practitioners,
            seed,
            history_years,
            national,
            organisations,
            no_serve,
            today,
            replace_existing_data,
        } => {
            let practitioners = practitioners.unwrap_or(if national { 100_000 } else { 150 });
            let history_years = history_years.unwrap_or(if national { 10 } else { 1 });
            let s = settings(&common, bind.as_ref())?;
            let clock = match today {
                Some(t) => crate::clock::Clock::Fixed(
                    crate::service::parse_date("--today", &t).map_err(anyhow::Error::msg)?,
                ),
                None => crate::clock::Clock::System,
            };
            // Bound first: a port in use is said before minutes of building data.
            let listener = if no_serve {
                None
            } else {
                Some(bind_to(&s.server.bind).await?)
            };
            let db = store::connect(&s.database.url, s.database.max_connections, Create::Yes)
                .await?
                .keeping_reports(s.database.report_cache_entries);
            let summary = crate::demo::build(
                &db,
                &crate::demo::DemoOptions {
                    practitioners,
                    seed,
                    progress: true,
                    history_months: if history_years <= 1 {
                        crate::demo::DEFAULT_HISTORY_MONTHS
                    } else {
                        history_years * 12
                    },
                    today: clock.today(),
                    replace: if replace_existing_data {
                        store::Replace::AnyData
                    } else {
                        store::Replace::OnlyDemoData
                    },
                    national: national.then_some(organisations),
                },
            )
            .await?;
            println!("{summary}");
            match listener {
                None => db.checkpoint_and_close().await,
                Some(listener) => serve(listener, db, s, clock).await,
            }
        }
        Command::Migrate { common } => {
            let s = settings(&common, None)?;
            open(&s, Create::Yes).await?.checkpoint_and_close().await?;
            println!("Database is up to date.");
            Ok(())
        }
        Command::Org {
            command:
                OrgCommand::Add {
                    common,
                    name,
                    ods,
                    org_type,
                    region,
                    population,
                    nhs_body,
                },
        } => {
            let s = settings(&common, None)?;
            let db = open(&s, Create::DefaultOnly).await?;
            let input = crate::domain::organisation::OrganisationInput {
                name,
                ods_code: ods,
                org_type,
                region,
                population: population.map(|p| p.to_string()).unwrap_or_default(),
                is_nhs_body: if nhs_body { "yes" } else { "no" }.into(),
            };
            let id = crate::service::orgs::add_from_cli(&db, &input).await?;
            println!("Added organisation {id}.");
            Ok(())
        }
        Command::Partnership {
            command:
                PartnershipCommand::Add {
                    common,
                    employer,
                    host,
                    agreement_type,
                    starts_on,
                    description,
                },
        } => {
            let s = settings(&common, None)?;
            let db = open(&s, Create::DefaultOnly).await?;
            let starts_on =
                starts_on.unwrap_or_else(|| crate::clock::Clock::System.today().to_string());
            crate::service::partnerships::add_from_cli(
                &db,
                &employer,
                &host,
                &agreement_type,
                &description,
                &starts_on,
            )
            .await?;
            println!("The agreement between {employer} (employer) and {host} is in force.");
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Add {
                    common,
                    email,
                    name,
                    org,
                    roles,
                },
        } => {
            let s = settings(&common, None)?;
            let db = open(&s, Create::DefaultOnly).await?;
            let password = read_password()?;
            let id = crate::service::users::add_from_cli(
                &db,
                &email,
                &name,
                org.as_deref(),
                &roles,
                &password,
            )
            .await?;
            println!("Added user {id} ({email}).");
            Ok(())
        }
        Command::User {
            command: UserCommand::SetPassword { common, email },
        } => {
            let s = settings(&common, None)?;
            let db = open(&s, Create::DefaultOnly).await?;
            let password = read_password()?;
            crate::service::users::set_password_from_cli(&db, &email, &password).await?;
            println!("Password set for {email}; their sessions have ended.");
            Ok(())
        }
        Command::User {
            command: UserCommand::ResetTwoStep { common, email },
        } => {
            let s = settings(&common, None)?;
            let db = open(&s, Create::DefaultOnly).await?;
            if crate::service::two_step::reset(&db, &email).await? {
                println!("Two-step sign-in is off for {email}.");
            } else {
                println!("{email} did not have two-step sign-in on.");
            }
            Ok(())
        }
        Command::Token { command } => tokens::run(command).await,
        Command::Export {
            command: ExportCommand::Fhir { common, org, out },
        } => {
            let s = settings(&common, None)?;
            let db = open(&s, Create::DefaultOnly).await?;
            export::fhir(&db, &s.fhir, &org, out.as_deref()).await
        }
        Command::Stocktake {
            command: StocktakeCommand::Import { common, files },
        } => {
            let s = settings(&common, None)?;
            let db = open(&s, Create::DefaultOnly).await?;
            stocktake::import(&db, &files).await
        }
        Command::Import {
            common,
            file,
            as_user,
            dry_run,
        } => {
            let s = settings(&common, None)?;
            let db = open(&s, Create::DefaultOnly).await?;
            import::run(&db, &file, &as_user, dry_run).await
        }
        Command::Backup { common, to } => {
            let s = settings(&common, None)?;
            let db = open(&s, Create::DefaultOnly).await?;
            println!("{}", store::dialect::backup(&db, &to).await?);
            Ok(())
        }
        Command::DefaultConfig => {
            print!("{DEFAULT_CONFIG}");
            Ok(())
        }
        Command::Reminders { command } => jobs::reminders(command).await,
        Command::Retention { command } => jobs::retention(command).await,
    }
}
