//! Finding the person a data protection request is about, and the retention schedule's
//! deletions and anonymisation (`service::data_protection`, `domain::retention`).

use super::sql::{contains_pattern, now};
use crate::store::engine::{Conn, Pool, query, query_scalar};
use serde::Serialize;
use time::Date;

/// Someone a request may be about: a practitioner record, a user account, or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Subject {
    pub practitioner_id: Option<i64>,
    pub user_id: Option<i64>,
    pub name: String,
    pub email: String,
    pub left_on: Option<Date>,
}

fn subject(r: &crate::store::Row) -> Result<Subject, sqlx::Error> {
    Ok(Subject {
        practitioner_id: r.try_get("practitioner_id")?,
        user_id: r.try_get("user_id")?,
        name: r.try_get("name")?,
        email: r.try_get("email")?,
        left_on: r.try_get("left_on")?,
    })
}

/// Practitioners the organisation employs, with their (first) account when they have one.
const PRACTITIONERS: &str = "SELECT p.id AS practitioner_id,
        (SELECT MIN(u.id) FROM users u WHERE u.practitioner_id = p.id) AS user_id,
        p.given_name || ' ' || p.family_name AS name, p.work_email AS email,
        p.end_date AS left_on
     FROM practitioners p
     WHERE p.employer_org_id = $1";

/// Accounts of the organisation with no practitioner record.
const ACCOUNTS: &str = "SELECT CAST(NULL AS BIGINT) AS practitioner_id, u.id AS user_id,
        u.display_name AS name, u.email AS email, CAST(NULL AS DATE) AS left_on
     FROM users u WHERE u.org_id = $1 AND u.practitioner_id IS NULL";

/// Up to `limit` people of the organisation whose name, email or registration number
/// contains `term`: practitioners first, then accounts with no practitioner record.
pub async fn search(
    pool: &Pool,
    org_id: i64,
    term: &str,
    limit: i64,
) -> Result<Vec<Subject>, sqlx::Error> {
    let pat = contains_pattern(term.trim());
    let text = format!(
        "SELECT * FROM (
            {PRACTITIONERS} AND (LOWER(p.given_name || ' ' || p.family_name) LIKE $2 ESCAPE '\\'
                OR LOWER(p.work_email) LIKE $2 ESCAPE '\\'
                OR LOWER(COALESCE(p.swe_number, '')) LIKE $2 ESCAPE '\\')
            UNION ALL
            {ACCOUNTS} AND (LOWER(u.display_name) LIKE $2 ESCAPE '\\'
                OR LOWER(u.email) LIKE $2 ESCAPE '\\')
         ) found ORDER BY name, email LIMIT {limit}"
    );
    let rows = query(text.as_str())
        .bind(org_id)
        .bind(pat)
        .fetch_all(pool)
        .await?;
    rows.iter().map(subject).collect()
}

/// The practitioner, when the organisation employs them.
pub async fn practitioner(
    pool: &Pool,
    org_id: i64,
    practitioner_id: i64,
) -> Result<Option<Subject>, sqlx::Error> {
    let text = format!("{PRACTITIONERS} AND p.id = $2");
    let row = query(text.as_str())
        .bind(org_id)
        .bind(practitioner_id)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(subject).transpose()
}

/// The account, when it is the organisation's and has no practitioner record (a
/// practitioner's account is exported with their record).
pub async fn account(
    pool: &Pool,
    org_id: i64,
    user_id: i64,
) -> Result<Option<Subject>, sqlx::Error> {
    let text = format!("{ACCOUNTS} AND u.id = $2");
    let row = query(text.as_str())
        .bind(org_id)
        .bind(user_id)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(subject).transpose()
}

/// Every account linked to the practitioner record (usually one).
pub async fn accounts_of(pool: &Pool, practitioner_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    query_scalar("SELECT id FROM users WHERE practitioner_id = $1 ORDER BY id")
        .bind(practitioner_id)
        .fetch_all(pool)
        .await
}

/// A leaver the retention schedule may act on.
#[derive(Debug, Clone)]
pub struct Leaver {
    pub practitioner_id: i64,
    pub org_id: i64,
    pub left_on: Date,
    pub born_on: Option<Date>,
    /// Their accounts (`accounts_of`), filled in by the caller.
    pub accounts: Vec<i64>,
}

/// Leavers who left on or before `left_by` and are not yet anonymised.
pub async fn leavers(pool: &Pool, left_by: Date) -> Result<Vec<Leaver>, sqlx::Error> {
    let rows = query(
        "SELECT p.id, p.employer_org_id, p.end_date, e.date_of_birth
         FROM practitioners p
         LEFT JOIN practitioner_equality e ON e.practitioner_id = p.id
         WHERE p.end_date IS NOT NULL AND p.end_date <= $1 AND p.anonymised_on IS NULL
         ORDER BY p.end_date, p.id",
    )
    .bind(left_by)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Leaver {
                practitioner_id: r.try_get(0)?,
                org_id: r.try_get(1)?,
                left_on: r.try_get(2)?,
                born_on: r.try_get(3)?,
                accounts: Vec::new(),
            })
        })
        .collect()
}

/// The detailed records of a leaver that stage 1 deletes: table and filter (`$1` the
/// practitioner). Their children go with them (ON DELETE CASCADE): agreement
/// acknowledgements, ASYE reviews and evidence, AMHP suspensions and activity, appraisal
/// objectives and plans, pulse markers.
pub const DETAIL: &[(&str, &str)] = &[
    ("supervision_sessions", "practitioner_id = $1"),
    ("supervision_agreements", "practitioner_id = $1"),
    ("cpd_records", "practitioner_id = $1"),
    ("cpd_declarations", "practitioner_id = $1"),
    ("collaborative_conversations", "practitioner_id = $1"),
    ("asye_programmes", "practitioner_id = $1"),
    ("amhp_approvals", "practitioner_id = $1"),
    ("pq_role_records", "practitioner_id = $1"),
    ("feedback_requests", "practitioner_id = $1"),
    ("feedback_shares", "practitioner_id = $1"),
    ("appraisals", "practitioner_id = $1"),
    ("absence_episodes", "practitioner_id = $1"),
    ("registrations", "practitioner_id = $1"),
    ("registration_events", "practitioner_id = $1"),
    ("practitioner_skills", "practitioner_id = $1"),
];

/// What a leaver's account holds that stage 1 deletes (`$1` the user).
pub const ACCOUNT_DETAIL: &[(&str, &str)] = &[
    ("sessions", "user_id = $1"),
    ("api_tokens", "user_id = $1"),
    ("calendar_feeds", "user_id = $1"),
    ("known_devices", "user_id = $1"),
    ("sso_identities", "user_id = $1"),
    ("reminders_sent", "recipient_user_id = $1"),
];

/// How many rows of `table` match; with `delete`, deletes them (returning the count).
pub async fn count_or_delete(
    conn: &mut Conn,
    table: &str,
    filter: &str,
    id: i64,
    delete: bool,
) -> Result<i64, sqlx::Error> {
    if delete {
        let text = format!("DELETE FROM {table} WHERE {filter}");
        let done = query(text.as_str()).bind(id).execute(&mut *conn).await?;
        Ok(done.rows_affected() as i64)
    } else {
        let text = format!("SELECT COUNT(*) FROM {table} WHERE {filter}");
        query_scalar(text.as_str())
            .bind(id)
            .fetch_one(&mut *conn)
            .await
    }
}

/// Clears ethnic group, sex and disability, keeping the date of birth for the summary.
pub async fn clear_equality(conn: &mut Conn, id: i64, apply: bool) -> Result<i64, sqlx::Error> {
    let filter = "practitioner_id = $1 AND (ethnic_category IS NOT NULL OR sex IS NOT NULL
        OR disability IS NOT NULL)";
    if !apply {
        return count_or_delete(conn, "practitioner_equality", filter, id, false).await;
    }
    let text = format!(
        "UPDATE practitioner_equality SET ethnic_category = NULL, sex = NULL,
            disability = NULL, updated_at = $2 WHERE {filter}"
    );
    let done = query(text.as_str())
        .bind(id)
        .bind(now())
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() as i64)
}

/// Signs the leaver's account out for good.
pub async fn deactivate_account(conn: &mut Conn, user_id: i64) -> Result<(), sqlx::Error> {
    query("UPDATE users SET active = $2, updated_at = $3 WHERE id = $1")
        .bind(user_id)
        .bind(false)
        .bind(now())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The email an anonymised record or account is given (both columns are unique and
/// required): `.invalid` is reserved, so no mail can ever be sent to it.
pub fn anonymised_email(kind: &str, id: i64) -> String {
    format!("former-{kind}-{id}@anonymised.invalid")
}

/// Stage 2: the record names nobody; its dates, employer, team and post stay for the
/// workforce figures. The account, its roles and the email on its audit entries go too.
pub async fn anonymise(
    conn: &mut Conn,
    practitioner_id: i64,
    accounts: &[i64],
    today: Date,
) -> Result<(), sqlx::Error> {
    query(
        "UPDATE practitioners SET given_name = 'Former', family_name = 'practitioner',
            work_email = $2, swe_number = NULL, anonymised_on = $3, updated_at = $4
         WHERE id = $1",
    )
    .bind(practitioner_id)
    .bind(anonymised_email("practitioner", practitioner_id))
    .bind(today)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    query("DELETE FROM practitioner_equality WHERE practitioner_id = $1")
        .bind(practitioner_id)
        .execute(&mut *conn)
        .await?;
    for user_id in accounts {
        anonymise_account(conn, *user_id).await?;
    }
    Ok(())
}

async fn anonymise_account(conn: &mut Conn, user_id: i64) -> Result<(), sqlx::Error> {
    let email = anonymised_email("user", user_id);
    query(
        "UPDATE users SET email = $2, display_name = 'Former user', password_hash = NULL,
            active = $3, updated_at = $4 WHERE id = $1",
    )
    .bind(user_id)
    .bind(email.clone())
    .bind(false)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    query("DELETE FROM user_roles WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    query("UPDATE audit_log SET actor_email = $2 WHERE actor_user_id = $1")
        .bind(user_id)
        .bind(email)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Audit entries made before `day` (of one organisation, or all): counted, or deleted.
pub async fn audit_before(
    conn: &mut Conn,
    day: Date,
    org: Option<i64>,
    delete: bool,
) -> Result<i64, sqlx::Error> {
    let from = crate::domain::timestamp::Timestamp::from(day.midnight().assume_utc());
    let filter = match org {
        Some(_) => "at < $1 AND org_id = $2",
        None => "at < $1",
    };
    let text = if delete {
        format!("DELETE FROM audit_log WHERE {filter}")
    } else {
        format!("SELECT COUNT(*) FROM audit_log WHERE {filter}")
    };
    let mut q = query(text.as_str()).bind(from);
    if let Some(org) = org {
        q = q.bind(org);
    }
    if delete {
        Ok(q.execute(&mut *conn).await?.rows_affected() as i64)
    } else {
        q.into_scalar::<i64>().fetch_one(&mut *conn).await
    }
}

/// Lets this transaction delete audit entries from before `day` and anonymise the email
/// on entries (the audit trail's triggers refuse both otherwise). Only for a retention
/// run, which must `end_permit` before it commits.
pub async fn permit(conn: &mut Conn, day: Date) -> Result<(), sqlx::Error> {
    query("INSERT INTO retention_permits (until) VALUES ($1)")
        .bind(crate::domain::timestamp::Timestamp::from(
            day.midnight().assume_utc(),
        ))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn end_permit(conn: &mut Conn) -> Result<(), sqlx::Error> {
    query("DELETE FROM retention_permits")
        .execute(&mut *conn)
        .await?;
    Ok(())
}
