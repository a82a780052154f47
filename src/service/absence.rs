//! Sickness absence (`domain::absence`, docs/sources.md#sickness-absence): the HR lead
//! (workforce lead) records an episode or imports a CSV of them for the people the
//! organisation employs; the organisation's leads see aggregates only, through the
//! disclosure policy. Nobody is shown a person's episodes: they are health data, kept to
//! be counted.

use super::write::Write;
use super::{audit, require};
use crate::config::Settings;
use crate::domain::absence::{AbsenceFigures, Episode, EpisodeInput, overlap, read_csv};
use crate::domain::supervision::add_months_back;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::store::Db;
use crate::store::absence as store;
use std::collections::HashMap;
use time::{Date, Duration};

const RECORD: &str = "absence_episode";

/// An episode checked against the records: whose it is, and that it shares no day with
/// another of theirs.
struct Matched {
    practitioner_id: i64,
    episode: Episode,
}

/// An episode already held for a person: its days, and the file's row it came from (none
/// when it was stored before).
type Held = (Date, Option<Date>, Option<usize>);

/// Finds each episode's person and refuses overlaps (with what is stored, and within the
/// file); a file's problems name their row.
async fn matched(
    db: &Db,
    org: i64,
    episodes: Vec<(Option<usize>, Episode)>,
    mut errors: FieldErrors,
) -> AppResult<Vec<Matched>> {
    let people = store::people_by_email(&db.pool, org).await?;
    let mut held: HashMap<i64, Vec<Held>> = HashMap::new();
    for (p, first, last, _) in store::episodes(&db.pool, org).await? {
        held.entry(p).or_default().push((first, last, None));
    }
    let mut out = Vec::new();
    for (row, episode) in episodes {
        let Some(&pid) = people.get(&episode.work_email) else {
            let m = format!(
                "No one employed here has the work email {}",
                episode.work_email
            );
            problem(&mut errors, row, "work_email", m);
            continue;
        };
        let span = (episode.first_day, episode.last_day);
        let mine = held.entry(pid).or_default();
        if let Some((f, _, other)) = mine.iter().find(|(f, l, _)| overlap(span, (*f, *l))) {
            let with = match other {
                Some(r) => format!("the episode on row {r}"),
                None => format!("an episode already recorded from {f}"),
            };
            let m = format!("This shares days with {with} for the same person");
            problem(&mut errors, row, "first_day", m);
            continue;
        }
        mine.push((span.0, span.1, row));
        out.push(Matched {
            practitioner_id: pid,
            episode,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(AppError::Invalid(errors))
    }
}

/// A problem with the form's field, or with a file's row and column.
fn problem(errors: &mut FieldErrors, row: Option<usize>, column: &str, message: String) {
    match row {
        Some(r) => errors.add("file", format!("Row {r}, column {column}: {message}")),
        None => errors.add(column, message),
    }
}

/// Records one episode.
pub async fn record(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    input: &EpisodeInput,
    today: Date,
) -> AppResult<i64> {
    require(actor, Capability::ManageAbsence)?;
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let episode = input
        .parse(&settings.absence, today)
        .map_err(AppError::Invalid)?;
    let m = matched(db, org, vec![(None, episode)], FieldErrors::default()).await?;
    let m = &m[0];
    let mut w = Write::begin(db, actor).await?;
    let id = store::insert(&mut w, org, m.practitioner_id, &m.episode, actor.user_id).await?;
    w.commit(
        "create",
        RECORD,
        id,
        format!("practitioner {}", m.practitioner_id),
    )
    .await?;
    Ok(id)
}

/// Imports a CSV of episodes: all of them in one transaction, or none, with every
/// problem named by row and column.
pub async fn import(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    bytes: &[u8],
    today: Date,
) -> AppResult<usize> {
    require(actor, Capability::ManageAbsence)?;
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let bad = |m: &str| AppError::Invalid(FieldErrors::single("file", m));
    if crate::domain::upload_checks::is_zip(bytes) {
        return Err(bad(
            "The file must be a CSV file: this one is a spreadsheet workbook. Save it as CSV (UTF-8) and upload that",
        ));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| bad("The file must be a CSV file saved as UTF-8"))?;
    let (rows, errors) = read_csv(text, &settings.absence, today).map_err(AppError::Invalid)?;
    let rows: Vec<(Option<usize>, Episode)> = rows.into_iter().map(|(r, e)| (Some(r), e)).collect();
    let matched = matched(db, org, rows, errors).await?;
    let mut w = Write::begin(db, actor).await?;
    for m in &matched {
        let id = store::insert(&mut w, org, m.practitioner_id, &m.episode, actor.user_id).await?;
        w.audit(
            "create",
            RECORD,
            id,
            format!("practitioner {}, imported", m.practitioner_id),
        )
        .await?;
    }
    w.commit_audited().await?;
    Ok(matched.len())
}

/// The organisation's sickness absence over the 12 months to `today`, for its leads.
pub async fn figures(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    today: Date,
) -> AppResult<AbsenceFigures> {
    require(actor, Capability::ViewWorkforceIntelligence)?;
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let from = add_months_back(today, 12) + Duration::days(1);
    let f = figures_for(db, settings, org, from, today).await?;
    audit(
        db,
        actor,
        "read",
        "absence_figures",
        org,
        format!("{from} to {today}"),
    )
    .await?;
    Ok(f)
}

/// The figures from `from` to `to` (the board report reads them as part of itself).
pub async fn figures_for(
    db: &Db,
    settings: &Settings,
    org: i64,
    from: Date,
    to: Date,
) -> AppResult<AbsenceFigures> {
    let people = store::people(&db.pool, org, from, to).await?;
    Ok(AbsenceFigures::of(
        &people,
        from,
        to,
        &settings.absence,
        settings.privacy.disclosure,
    ))
}
