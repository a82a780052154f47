//! `mhsw stocktake import FILE|DIRECTORY...`: returns to the national stocktake from files,
//! checked by the same service as the page and the API (`service::stocktake::check`). Each
//! file is one return, stored whole or not at all; one file's problems do not stop the
//! others. Returns that pass are stored a few hundred to a transaction
//! (`service::stocktake::receive_checked`), each with its own audit entry, two such
//! transactions at a time unless a return in one replaces a return in the other.

use crate::error::AppError;
use crate::service::stocktake::{self as svc, Sender};
use crate::store::Db;
use std::collections::{HashSet, VecDeque};
use std::io::IsTerminal;

/// The most problems printed for one file; the count says how many there were.
const PRINTED: usize = 50;

/// Returns stored in one transaction at most: about 50 cells each, so some 10,000 rows a
/// commit, which holds SQLite's one writer for tens of milliseconds at a time.
const RETURNS_AT_ONCE: usize = 200;

/// Batches being stored at once, each in its own transaction on its own connection. One
/// batch's statements leave the database waiting on mhsw between them (and mhsw on the
/// database); with two, PostgreSQL works on one while mhsw prepares the other, on the
/// other core. SQLite takes one writer at a time, so there the second waits its turn.
const BATCHES_IN_FLIGHT: usize = 2;

pub(super) async fn import(db: &Db, paths: &[String]) -> anyhow::Result<()> {
    // A command is run on the day it is run: the system's date.
    let today = crate::clock::Clock::System.today();
    let files = return_files(paths)?;
    let bar = progress_bar(files.len() as u64);
    let mut tally = Tally::default();
    let known = svc::KnownOrganisations::load(db)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    // Files are read and checked here while the batches before are being stored (on their
    // own tasks, so on the other core), reported in order.
    let mut storing: VecDeque<Storing> = VecDeque::new();
    for chunk in files.chunks(RETURNS_AT_ONCE) {
        let mut checked = Vec::with_capacity(chunk.len());
        for file in chunk {
            bar.set_message(file.clone());
            let outcome = match std::fs::read(file) {
                Err(e) => Err(vec![format!("cannot be read: {e}")]),
                Ok(bytes) => {
                    svc::check(Sender::CommandLine, &known, file_name(file), &bytes, today)
                        .map_err(lines)
                }
            };
            match outcome {
                Ok(c) => checked.push((file.clone(), c)),
                Err(problems) => tally.refuse(&bar, file, &problems),
            }
            bar.inc(1);
        }
        let (names, returns): (Vec<String>, Vec<svc::CheckedReturn>) = checked.into_iter().unzip();
        let keys: HashSet<(i64, time::Date)> =
            returns.iter().map(svc::CheckedReturn::key).collect();
        // A return replaces one for the same organisation and date stored before it, so a
        // batch holding such a return waits until the batches before it are stored.
        while storing.len() >= BATCHES_IN_FLIGHT
            || storing.iter().any(|s| !s.keys.is_disjoint(&keys))
        {
            if let Some(oldest) = storing.pop_front() {
                oldest.report(&bar, &mut tally).await?;
            }
        }
        let db = db.clone();
        storing.push_back(Storing {
            names,
            keys,
            task: tokio::spawn(async move { svc::receive_checked(&db, &returns).await }),
        });
    }
    while let Some(oldest) = storing.pop_front() {
        oldest.report(&bar, &mut tally).await?;
    }
    bar.finish_and_clear();
    println!(
        "{} file{}: {} stored ({} replacing an earlier return), {} refused.",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        tally.stored,
        tally.replaced,
        tally.refused.len()
    );
    if tally.refused.is_empty() {
        Ok(())
    } else {
        anyhow::bail!("refused: {}", tally.refused.join(", "))
    }
}

/// A batch of checked returns being stored, the files they came from and the returns'
/// keys.
struct Storing {
    names: Vec<String>,
    keys: HashSet<(i64, time::Date)>,
    task: tokio::task::JoinHandle<crate::error::AppResult<Vec<svc::ReturnReceived>>>,
}

impl Storing {
    /// Waits for the batch and reports each file: stored, or refused with the reason the
    /// batch's transaction failed (then none of it was stored).
    async fn report(self, bar: &indicatif::ProgressBar, tally: &mut Tally) -> anyhow::Result<()> {
        match self.task.await? {
            Ok(received) => {
                for (file, r) in self.names.iter().zip(received) {
                    tally.store(bar, file, &r);
                }
            }
            Err(e) => {
                let why = lines(e);
                for file in &self.names {
                    tally.refuse(bar, file, &why);
                }
            }
        }
        Ok(())
    }
}

/// What the import has done so far.
#[derive(Default)]
struct Tally {
    stored: usize,
    replaced: usize,
    refused: Vec<String>,
}

impl Tally {
    fn store(&mut self, bar: &indicatif::ProgressBar, file: &str, r: &svc::ReturnReceived) {
        self.stored += 1;
        self.replaced += usize::from(r.replaced.is_some());
        say(
            bar,
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

    fn refuse(&mut self, bar: &indicatif::ProgressBar, file: &str, problems: &[String]) {
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
        say(bar, text);
        self.refused.push(file.to_string());
    }
}

/// The files named, with each directory named replaced by the CSV and XLSX files in it and
/// under it, in path order (so that a later collection's return replaces an earlier one's
/// when a directory holds both).
fn return_files(paths: &[String]) -> anyhow::Result<Vec<String>> {
    let mut files = Vec::new();
    for path in paths {
        let p = std::path::Path::new(path);
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found).map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn walk(dir: &std::path::Path, found: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, found)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("xlsx"))
        {
            found.push(path.to_string_lossy().into_owned());
        }
    }
    Ok(())
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
