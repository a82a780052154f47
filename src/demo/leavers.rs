//! Exit questionnaire answers in the trust, so that "Why people leave" and the board
//! report's consideration 6 have something to show: one from each leaver on record (in
//! the month they left), and ten from earlier leavers whose records are no longer kept,
//! 13 to 22 months ago. Fixed, not random: the rest of the demo's streams are unchanged.

use crate::domain::leaving::{ExitAnswers, Reason, WouldReturn};
use crate::domain::supervision::add_months_back;
use crate::service::feedback::month_of;
use crate::store::Conn;
use crate::store::engine::query;
use crate::store::leavers::{self as store, NewAnswer};
use time::Date;

const EARLIER: [(Reason, WouldReturn, &str); 10] = [
    (
        Reason::Workload,
        WouldReturn::Maybe,
        "A caseload I could manage safely.",
    ),
    (
        Reason::Progression,
        WouldReturn::Yes,
        "A senior post in the team I trained in.",
    ),
    (Reason::Workload, WouldReturn::No, ""),
    (
        Reason::Pay,
        WouldReturn::Maybe,
        "Band 7 for the AMHP role, as the council pays.",
    ),
    (Reason::Relocation, WouldReturn::Yes, ""),
    (
        Reason::SupervisionSupport,
        WouldReturn::Maybe,
        "Supervision that was not cancelled for duty cover.",
    ),
    (
        Reason::Workload,
        WouldReturn::Maybe,
        "Protected time for AMHP work.",
    ),
    (Reason::Flexibility, WouldReturn::Yes, "Compressed hours."),
    (Reason::Retirement, WouldReturn::Yes, ""),
    (
        Reason::ManagementCulture,
        WouldReturn::No,
        "Being listened to about the rota.",
    ),
];

pub async fn build(conn: &mut Conn, trust: i64, today: Date) -> anyhow::Result<()> {
    let leavers = query(
        "SELECT id, end_date FROM practitioners
         WHERE employer_org_id = $1 AND end_date IS NOT NULL AND end_date <= $2 ORDER BY id",
    )
    .bind(trust)
    .bind(today)
    .fetch_all(&mut *conn)
    .await?;
    let mut n = 0usize;
    for row in &leavers {
        let (who, left): (i64, Date) = (row.try_get(0)?, row.try_get(1)?);
        let a = answer(n, &month_of(left), trust);
        store::insert(conn, who, &a.row()).await?;
        n += 1;
    }
    for k in 0..EARLIER.len() {
        let month = add_months_back(today, 13 + k as u32);
        let a = answer(n, &month_of(month), trust);
        store::insert_answer(conn, &a.row()).await?;
        n += 1;
    }
    Ok(())
}

/// The `n`th answer of the demo: its id is fixed per demo but carries no order.
struct Answer {
    id: String,
    org_id: i64,
    month: String,
    answers: ExitAnswers,
}

impl Answer {
    fn row(&self) -> NewAnswer<'_> {
        NewAnswer {
            id: &self.id,
            org_id: self.org_id,
            month: &self.month,
            answers: &self.answers,
        }
    }
}

fn answer(n: usize, month: &str, org_id: i64) -> Answer {
    use sha2::Digest;
    let (main, back, kept) = EARLIER[n % EARLIER.len()];
    let id = sha2::Sha256::digest(format!("demo exit answer {n}"));
    Answer {
        id: format!("{id:x}")[..26].to_string(),
        org_id,
        month: month.to_string(),
        answers: ExitAnswers {
            reasons: vec![main],
            main_reason: main,
            would_return: back,
            would_have_kept: kept.to_string(),
        },
    }
}
