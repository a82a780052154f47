//! Exit questionnaire answers (`domain::leaving`). An answer row holds its organisation
//! and month and nothing else about who gave it; who has answered is a separate list of
//! practitioner ids with no date, written in the same transaction.

use crate::domain::leaving::{Coded, ExitAnswers, Reason, WouldReturn};
use crate::store::engine::{Conn, Pool, query};
use time::Date;

/// The leaving day of a practitioner, when one is recorded, and whether they have
/// answered.
pub async fn leaving(
    pool: &Pool,
    practitioner_id: i64,
) -> Result<Option<(Option<Date>, bool)>, sqlx::Error> {
    let row = query(
        "SELECT p.end_date,
            CASE WHEN d.practitioner_id IS NULL THEN 0 ELSE 1 END AS answered
         FROM practitioners p
         LEFT JOIN exit_questionnaire_done d ON d.practitioner_id = p.id
         WHERE p.id = $1",
    )
    .bind(practitioner_id)
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        let answered: i64 = r.try_get(1)?;
        Ok((r.try_get(0)?, answered == 1))
    })
    .transpose()
}

pub struct NewAnswer<'a> {
    /// Random (`domain::leaving::answer_id`): not a sequence.
    pub id: &'a str,
    pub org_id: i64,
    /// YYYY-MM.
    pub month: &'a str,
    pub answers: &'a ExitAnswers,
}

/// Stores the answer and marks the practitioner as having answered; false (nothing
/// written) when they already had.
pub async fn insert(
    conn: &mut Conn,
    practitioner_id: i64,
    a: &NewAnswer<'_>,
) -> Result<bool, sqlx::Error> {
    let marked = query(
        "INSERT INTO exit_questionnaire_done (practitioner_id) VALUES ($1)
         ON CONFLICT (practitioner_id) DO NOTHING",
    )
    .bind(practitioner_id)
    .execute(&mut *conn)
    .await?;
    if marked.rows_affected() == 0 {
        return Ok(false);
    }
    insert_answer(conn, a).await?;
    Ok(true)
}

/// Stores an answer alone (the demo's earlier leavers, whose records are gone).
pub async fn insert_answer(conn: &mut Conn, a: &NewAnswer<'_>) -> Result<(), sqlx::Error> {
    let reasons: Vec<&str> = a.answers.reasons.iter().map(|r| r.code()).collect();
    query(
        "INSERT INTO exit_answers (id, org_id, month, main_reason, reasons, would_return, would_have_kept)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(a.id)
    .bind(a.org_id)
    .bind(a.month)
    .bind(a.answers.main_reason.code())
    .bind(reasons.join(" "))
    .bind(a.answers.would_return.code())
    .bind(a.answers.would_have_kept.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// One stored answer as the figures read it: its month and what it said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRow {
    pub month: String,
    pub main_reason: Reason,
    pub would_return: WouldReturn,
    pub would_have_kept: String,
}

/// All the organisation's answers, ordered by month and then by their random id, so that
/// nothing in the order says who answered first. (All: released blocks are counted from
/// the first month, `domain::disclosure::released`.)
pub async fn answers(pool: &Pool, org: i64) -> Result<Vec<AnswerRow>, sqlx::Error> {
    let rows = query(
        "SELECT month, main_reason, would_return, would_have_kept FROM exit_answers
         WHERE org_id = $1 ORDER BY month, id",
    )
    .bind(org)
    .fetch_all(pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let main: String = r.try_get(1)?;
        let back: String = r.try_get(2)?;
        // Codes are checked on the way in; one that is not known any more is not counted.
        if let (Some(main_reason), Some(would_return)) =
            (Reason::parse(&main), WouldReturn::parse(&back))
        {
            out.push(AnswerRow {
                month: r.try_get(0)?,
                main_reason,
                would_return,
                would_have_kept: r.try_get(3)?,
            });
        }
    }
    Ok(out)
}
