//! `mhsw stocktake import FILE...`: returns to the national stocktake from files, through
//! the same service as the page and the API (`service::stocktake::receive`). Each file is
//! one return, stored whole or not at all; one file's problems do not stop the others.

use crate::error::AppError;
use crate::service::stocktake::{self as svc, Sender};
use crate::store::Db;
use std::io::IsTerminal;

/// The most problems printed for one file; the count says how many there were.
const PRINTED: usize = 50;

pub(super) async fn import(db: &Db, files: &[String]) -> anyhow::Result<()> {
    // A command is run on the day it is run: the system's date.
    let today = crate::clock::Clock::System.today();
    let bar = progress_bar(files.len() as u64);
    let (mut stored, mut replaced, mut refused) = (0usize, 0usize, Vec::new());
    let known = svc::KnownOrganisations::load(db)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    for file in files {
        bar.set_message(file.clone());
        let outcome = match std::fs::read(file) {
            Err(e) => Err(vec![format!("cannot be read: {e}")]),
            Ok(bytes) => svc::receive_among(
                db,
                Sender::CommandLine,
                &known,
                file_name(file),
                &bytes,
                today,
            )
            .await
            .map_err(lines),
        };
        match outcome {
            Ok(r) => {
                stored += 1;
                replaced += usize::from(r.replaced.is_some());
                say(
                    &bar,
                    format!(
                        "{file}: stored return {} for {} ({}) at {}: {} in post, {} WTE{}",
                        r.id,
                        r.organisation,
                        r.ods_code,
                        r.collection_date,
                        r.headcount,
                        r.wte,
                        r.replaced
                            .map_or(String::new(), |p| format!(", replacing return {p}"))
                    ),
                );
            }
            Err(problems) => {
                let mut text = format!(
                    "{file}: refused, nothing stored ({} problem{}):",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                );
                for p in problems.iter().take(PRINTED) {
                    text.push_str(&format!("\n  {file}: {p}"));
                }
                if problems.len() > PRINTED {
                    text.push_str(&format!("\n  ... and {} more", problems.len() - PRINTED));
                }
                say(&bar, text);
                refused.push(file.clone());
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    println!(
        "{} file{}: {stored} stored ({replaced} replacing an earlier return), {} refused.",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        refused.len()
    );
    if refused.is_empty() {
        Ok(())
    } else {
        anyhow::bail!("refused: {}", refused.join(", "))
    }
}

fn file_name(path: &str) -> &str {
    std::path::Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}

/// Prints a line above the bar, or plainly when there is no bar.
fn say(bar: &indicatif::ProgressBar, line: String) {
    if bar.is_hidden() {
        println!("{line}");
    } else {
        bar.println(line);
    }
}

/// A refusal as lines: each problem of the file, or the one reason.
fn lines(e: AppError) -> Vec<String> {
    match e {
        AppError::Invalid(fields) => fields.0.into_iter().map(|f| f.message).collect(),
        other => vec![other.to_string()],
    }
}

/// A bar on a terminal; nothing when the output is a file or a pipe (the per-file lines
/// and the summary are printed either way).
fn progress_bar(len: u64) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template("Importing returns {bar:40} {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}
