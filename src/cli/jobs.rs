//! The jobs an operator schedules: reminders (`serve` also runs them) and the retention
//! schedule (only ever run from here, never by `serve`, so nothing is deleted unasked).

use super::{Common, open, settings};
use crate::service::data_protection::retention::{self, RetentionReport};
use crate::store::Create;
use clap::Subcommand;

#[derive(Subcommand)]
pub(super) enum RemindersCommand {
    /// Send the reminders due now, once (for cron; `serve` also runs this on a timer).
    /// Safe to run beside `serve`: each reminder is claimed in the database and sent once.
    Run {
        #[command(flatten)]
        common: Common,
        /// Run as if today were this date (YYYY-MM-DD, UTC); for testing and catching up.
        #[arg(long)]
        today: Option<String>,
        /// Only count what is due, by kind: nothing is claimed or sent (works without SMTP).
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
pub(super) enum RetentionCommand {
    /// Delete leavers' detailed records, anonymise their summaries and delete old audit
    /// entries as `[retention]` sets, for every organisation, in one transaction; prints
    /// what it changed. Schedule it (monthly, say) after a `--dry-run` you have read.
    Run {
        #[command(flatten)]
        common: Common,
        /// Run as if today were this date (YYYY-MM-DD, UTC).
        #[arg(long)]
        today: Option<String>,
        /// Only count what would change: nothing is written.
        #[arg(long)]
        dry_run: bool,
    },
}

fn today(given: Option<String>) -> anyhow::Result<time::Date> {
    Ok(match given {
        Some(t) => crate::service::parse_date("--today", &t).map_err(anyhow::Error::msg)?,
        None => crate::clock::Clock::System.today(),
    })
}

pub(super) async fn reminders(command: RemindersCommand) -> anyhow::Result<()> {
    let RemindersCommand::Run {
        common,
        today: given,
        dry_run,
    } = command;
    let s = settings(&common, None)?;
    let db = open(&s, Create::DefaultOnly).await?;
    let today = today(given)?;
    if dry_run {
        let (due, _) = crate::service::reminders::pending(&db, &s, today).await?;
        let mut counts = std::collections::BTreeMap::new();
        for r in &due {
            *counts.entry(r.key.kind.code()).or_insert(0) += 1;
        }
        println!(
            "{} reminders due on {today} (dry run: nothing claimed or sent).",
            due.len()
        );
        for (kind, n) in counts {
            println!("  {kind}: {n}");
        }
        return Ok(());
    }
    let summary = crate::service::reminders::run_once(&db, &s, today).await?;
    println!("{summary}");
    Ok(())
}

pub(super) async fn retention(command: RetentionCommand) -> anyhow::Result<()> {
    let RetentionCommand::Run {
        common,
        today: given,
        dry_run,
    } = command;
    let s = settings(&common, None)?;
    let db = open(&s, Create::DefaultOnly).await?;
    let report = retention::run(&db, &s, today(given)?, !dry_run).await?;
    print!("{}", describe(&report));
    Ok(())
}

/// The report as the operator reads it: the totals, then a line per leaver.
pub fn describe(r: &RetentionReport) -> String {
    let mut out = format!(
        "Retention run for {}{}:\n  leavers with something due: {}\n  rows of detail {}: {}\n  records {}: {}\n  audit entries from before {} {}: {}\n",
        r.today,
        if r.applied {
            ""
        } else {
            " (dry run: nothing changed)"
        },
        r.leavers.len(),
        if r.applied { "deleted" } else { "to delete" },
        r.detail_rows(),
        if r.applied {
            "anonymised"
        } else {
            "to anonymise"
        },
        r.anonymised(),
        r.audit_kept_from,
        if r.applied { "deleted" } else { "to delete" },
        r.audit_entries,
    );
    for l in &r.leavers {
        let tables: Vec<String> = l
            .detail
            .iter()
            .map(|t| format!("{} {}", t.table, t.rows))
            .collect();
        out.push_str(&format!(
            "  practitioner {} (organisation {}, left {}): {}{}\n",
            l.practitioner_id,
            l.org_id,
            l.left_on,
            match l.stage {
                crate::domain::retention::LeaverStage::Anonymise => "anonymise",
                _ => "delete detail",
            },
            if tables.is_empty() {
                String::new()
            } else {
                format!("; {}", tables.join(", "))
            }
        ));
    }
    out
}
