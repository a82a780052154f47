//! What mhsw holds about one person, table by table, for a subject access request
//! (`service::data_protection::subject_access`). Each source reads whole rows
//! (`SELECT *`), so a column added to a table later is exported without anyone
//! remembering to add it; a table added later must be added to `SOURCES`, and
//! `tests/it/data_protection.rs` fails until every table naming a practitioner or a user
//! is either here or in `NOT_EXPORTED` with the reason.

use crate::store::engine::{Pool, query, query_scalar};
use serde_json::{Map, Value as Json};

/// Which of the person's identifiers a source's filter binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    /// `$1` is the practitioner record's id.
    Practitioner,
    /// `$1` is a user account's id: read for each of the person's accounts.
    User,
    /// `$1` is the practitioner record's id and `$2` the account's, for an account with no
    /// practitioner record (either may be -1, which matches nothing).
    Both,
}

/// One table (or part of one) that holds data about the person.
#[derive(Debug, Clone, Copy)]
pub struct Source {
    /// A stable name for the section, used in the JSON.
    pub key: &'static str,
    pub title: &'static str,
    /// What it is, for the reader of the export.
    pub about: &'static str,
    pub table: &'static str,
    pub whose: Whose,
    /// The WHERE clause.
    pub filter: &'static str,
    /// Columns held but not shown: hashes of secrets, which are no one's information.
    pub withheld: &'static [&'static str],
    /// Newest first, at most this many rows (the count is still whole).
    pub limit: Option<i64>,
}

const PRACTITIONER: &str = "practitioner_id = $1";
const SECRET_HASH: &[&str] = &["token_hash"];

const fn of_practitioner(
    key: &'static str,
    title: &'static str,
    about: &'static str,
    table: &'static str,
) -> Source {
    Source {
        key,
        title,
        about,
        table,
        whose: Whose::Practitioner,
        filter: PRACTITIONER,
        withheld: &[],
        limit: None,
    }
}

const fn child(
    key: &'static str,
    title: &'static str,
    about: &'static str,
    table: &'static str,
    filter: &'static str,
) -> Source {
    Source {
        key,
        title,
        about,
        table,
        whose: Whose::Practitioner,
        filter,
        withheld: &[],
        limit: None,
    }
}

const fn of_user(
    key: &'static str,
    title: &'static str,
    about: &'static str,
    table: &'static str,
    filter: &'static str,
    withheld: &'static [&'static str],
) -> Source {
    Source {
        key,
        title,
        about,
        table,
        whose: Whose::User,
        filter,
        withheld,
        limit: None,
    }
}

/// The audit entries about the person's records: the record types whose id is the
/// practitioner's, those whose id is one of their sessions, CPD records or appraisals, their
/// account's, and the lists that showed them (`service::audit_page` writes "ids 1 2 3").
const AUDIT_ABOUT: &str = "(record_type IN ('practitioner', 'registration', 'supervision', \
     'asye', 'cpd_portfolio', 'feedback_results', 'post history', 'post_qualifying', 'pq_role', \
     'collaborative_conversations', 'subject_access') AND record_id = CAST($1 AS TEXT)) \
  OR (record_type = 'supervision_session' AND record_id IN \
      (SELECT CAST(id AS TEXT) FROM supervision_sessions WHERE practitioner_id = $1)) \
  OR (record_type = 'cpd_record' AND record_id IN \
      (SELECT CAST(id AS TEXT) FROM cpd_records WHERE practitioner_id = $1)) \
  OR (record_type = 'appraisal' AND record_id IN \
      (SELECT CAST(id AS TEXT) FROM appraisals WHERE practitioner_id = $1)) \
  OR (record_type IN ('user', 'account', 'calendar_feed', 'subject_access_account') \
      AND record_id IN (SELECT CAST(id AS TEXT) FROM users WHERE id = $2 OR practitioner_id = $1)) \
  OR (action = 'list' AND ((' ' || detail || ' ') LIKE ('% ids ' || CAST($1 AS TEXT) || ' %') \
      OR (' ' || detail || ' ') LIKE ('% ids % ' || CAST($1 AS TEXT) || ' %')))";

/// How many audit entries of each kind an export carries; the rest are counted and can be
/// read in full from the audit trail's own export.
pub const AUDIT_LIMIT: i64 = 5_000;

pub const SOURCES: &[Source] = &[
    child(
        "practitioner",
        "Practitioner record",
        "Name, work email, Social Work England number, employer, host, team, role, band, hours and dates of employment.",
        "practitioners",
        "id = $1",
    ),
    of_practitioner(
        "posts",
        "Post history",
        "Each change of team, role, career stage, band or hours, from the day it took effect.",
        "practitioner_posts",
    ),
    of_practitioner(
        "equality",
        "Equality data",
        "Special-category data: ethnic group, date of birth, sex and disability, as recorded by HR.",
        "practitioner_equality",
    ),
    of_practitioner(
        "skills",
        "Skills",
        "Skills recorded for the team's skills audit.",
        "practitioner_skills",
    ),
    of_practitioner(
        "registration",
        "Registration",
        "What the Social Work England register showed when last checked.",
        "registrations",
    ),
    of_practitioner(
        "registration_events",
        "Registration history",
        "Each change of registration status and where it came from.",
        "registration_events",
    ),
    of_practitioner(
        "supervision_agreements",
        "Supervision agreements",
        "Who supervises them, how often and for how long.",
        "supervision_agreements",
    ),
    child(
        "supervision_acknowledgements",
        "Supervision agreement acknowledgements",
        "Who acknowledged each agreement, and when.",
        "supervision_agreement_acknowledgements",
        "agreement_id IN (SELECT id FROM supervision_agreements WHERE practitioner_id = $1)",
    ),
    of_practitioner(
        "supervision_sessions",
        "Supervision sessions",
        "Planned, held and cancelled sessions, with their notes, agreed actions and the practitioner's own comments.",
        "supervision_sessions",
    ),
    of_practitioner(
        "cpd_records",
        "CPD records",
        "Their continuing professional development e-portfolio.",
        "cpd_records",
    ),
    of_practitioner(
        "cpd_declarations",
        "CPD declarations",
        "What they declared at each registration renewal.",
        "cpd_declarations",
    ),
    of_practitioner(
        "conversations",
        "Collaborative conversations",
        "Their notes of conversations about their practice with people who use services and carers.",
        "collaborative_conversations",
    ),
    of_practitioner(
        "asye",
        "ASYE programme",
        "Their Assessed and Supported Year in Employment.",
        "asye_programmes",
    ),
    child(
        "asye_reviews",
        "ASYE reviews",
        "Review points and outcomes.",
        "asye_reviews",
        "programme_id IN (SELECT id FROM asye_programmes WHERE practitioner_id = $1)",
    ),
    child(
        "asye_evidence",
        "ASYE evidence",
        "Evidence and its sign-off.",
        "asye_evidence",
        "programme_id IN (SELECT id FROM asye_programmes WHERE practitioner_id = $1)",
    ),
    child(
        "asye_pauses",
        "ASYE pauses",
        "Periods the programme was paused.",
        "asye_pauses",
        "programme_id IN (SELECT id FROM asye_programmes WHERE practitioner_id = $1)",
    ),
    child(
        "asye_protected_time",
        "ASYE protected time",
        "Protected development time taken.",
        "asye_protected_time",
        "programme_id IN (SELECT id FROM asye_programmes WHERE practitioner_id = $1)",
    ),
    of_practitioner(
        "amhp_approvals",
        "AMHP approvals",
        "Approvals as an Approved Mental Health Professional and their warrants.",
        "amhp_approvals",
    ),
    child(
        "amhp_suspensions",
        "AMHP suspensions",
        "Periods an approval was suspended.",
        "amhp_suspensions",
        "approval_id IN (SELECT id FROM amhp_approvals WHERE practitioner_id = $1)",
    ),
    child(
        "amhp_activity",
        "AMHP training and activity",
        "Training hours and assessments logged against an approval.",
        "amhp_activity",
        "approval_id IN (SELECT id FROM amhp_approvals WHERE practitioner_id = $1)",
    ),
    of_practitioner(
        "post_qualifying_roles",
        "Other post-qualifying roles",
        "Best interests assessor, practice educator and the other roles.",
        "pq_role_records",
    ),
    Source {
        withheld: &["code_hash"],
        ..of_practitioner(
            "feedback_cards",
            "Feedback cards",
            "Cards made for people who use services and carers to give feedback on their practice.",
            "feedback_requests",
        )
    },
    of_practitioner(
        "feedback_shares",
        "Feedback shared",
        "When they shared their feedback results with their supervisors.",
        "feedback_shares",
    ),
    of_practitioner(
        "appraisals",
        "Appraisals",
        "Their appraisals: summary, reflection and sign-off.",
        "appraisals",
    ),
    child(
        "appraisal_objectives",
        "Appraisal objectives",
        "Objectives agreed in each appraisal.",
        "appraisal_objectives",
        "appraisal_id IN (SELECT id FROM appraisals WHERE practitioner_id = $1)",
    ),
    child(
        "appraisal_capabilities",
        "Appraisal capability ratings",
        "Ratings against the capabilities, with comments.",
        "appraisal_capabilities",
        "appraisal_id IN (SELECT id FROM appraisals WHERE practitioner_id = $1)",
    ),
    child(
        "appraisal_evidence",
        "Appraisal evidence",
        "Records they chose to share with each appraisal.",
        "appraisal_evidence",
        "appraisal_id IN (SELECT id FROM appraisals WHERE practitioner_id = $1)",
    ),
    child(
        "appraisal_plan",
        "Appraisal development plan",
        "Development needs and actions agreed.",
        "appraisal_plan",
        "appraisal_id IN (SELECT id FROM appraisals WHERE practitioner_id = $1)",
    ),
    of_practitioner(
        "absence",
        "Sickness absence",
        "Episodes of sickness absence recorded by HR.",
        "absence_episodes",
    ),
    of_practitioner(
        "exit_questionnaire",
        "Exit questionnaire",
        "That they answered it. The answers are held without their name and are not linked to them.",
        "exit_questionnaire_done",
    ),
    Source {
        withheld: SECRET_HASH,
        ..of_practitioner(
            "survey_invitations",
            "Wellbeing survey invitations",
            "Invitations sent and whether each was answered. The answers are held only as anonymous tallies.",
            "survey_invitations",
        )
    },
    of_user(
        "account",
        "User account",
        "Their sign-in account.",
        "users",
        "id = $1",
        &["password_hash", "totp_secret", "totp_pending_secret"],
    ),
    of_user(
        "roles",
        "Roles",
        "The roles their account holds.",
        "user_roles",
        "user_id = $1",
        &[],
    ),
    of_user(
        "api_tokens",
        "API tokens",
        "Tokens they made for the API.",
        "api_tokens",
        "user_id = $1",
        SECRET_HASH,
    ),
    of_user(
        "calendar_feeds",
        "Calendar feeds",
        "Their supervision calendar feed.",
        "calendar_feeds",
        "user_id = $1",
        SECRET_HASH,
    ),
    of_user(
        "known_devices",
        "Known devices",
        "Browsers they have signed in from, for sign-in throttling.",
        "known_devices",
        "user_id = $1",
        SECRET_HASH,
    ),
    of_user(
        "sessions",
        "Signed-in sessions",
        "Sessions open now.",
        "sessions",
        "user_id = $1",
        &["id_hash", "csrf_token"],
    ),
    of_user(
        "self_assessment_leads",
        "Self-assessment domain leads",
        "The self-assessment domains they were asked to lead.",
        "sa_domain_leads",
        "user_id = $1",
        &[],
    ),
    of_user(
        "single_sign_on",
        "Single sign-on identities",
        "The identity provider accounts linked to this account, and when each last signed in.",
        "sso_identities",
        "user_id = $1",
        &[],
    ),
    of_user(
        "reminders",
        "Reminders sent",
        "Reminder emails sent to them.",
        "reminders_sent",
        "recipient_user_id = $1",
        &[],
    ),
    of_user(
        "concerns",
        "Concerns raised",
        "Concerns they raised under their name (concerns raised anonymously hold nothing that identifies them).",
        "concerns",
        "raised_by_user_id = $1",
        &["reference_hash"],
    ),
    of_user(
        "concern_messages",
        "Concern messages",
        "Messages they wrote on concerns raised under a name.",
        "concern_messages",
        "author_user_id = $1",
        &[],
    ),
    Source {
        key: "audit_about",
        title: "Who read or changed their records",
        about: "Entries of the audit trail about their records and account: who, when, and what.",
        table: "audit_log",
        whose: Whose::Both,
        filter: AUDIT_ABOUT,
        withheld: &[],
        limit: Some(AUDIT_LIMIT),
    },
    Source {
        withheld: &[],
        limit: Some(AUDIT_LIMIT),
        ..of_user(
            "audit_by",
            "What their account did",
            "Entries of the audit trail made by their account.",
            "audit_log",
            "actor_user_id = $1",
            &[],
        )
    },
];

/// Tables that name a practitioner or a user and are deliberately not exported, with why.
pub const NOT_EXPORTED: &[(&str, &str)] = &[
    (
        "feedback_responses",
        "answers from people who use services: third-party information, counted instead",
    ),
    (
        "supervision_pulse_responses",
        "anonymous scores about a supervisor, shown only in groups",
    ),
    (
        "idempotency_keys",
        "copies of API answers kept for a day, to answer a retried request",
    ),
    (
        "upload_problem_reports",
        "problems found in a file someone uploaded, kept for a day",
    ),
    (
        "sso_role_rules",
        "an organisation's rules for single sign-on; only the admin who added each is named",
    ),
    (
        "sign_in_challenges",
        "a sign-in waiting for its code, kept 5 minutes",
    ),
    (
        "staff_imports",
        "files about other people that a user uploaded",
    ),
    (
        "registration_imports",
        "register files about other people that a user uploaded",
    ),
];

/// The columns that are flags: PostgreSQL gives them as BOOLEAN, SQLite as 0/1, and the
/// export gives `true`/`false` on both. A test checks this against PostgreSQL's schema.
pub const FLAGS: &[&str] = &[
    "active",
    "amhp_annotation",
    "bia_annotation",
    "shared_with_supervisors",
    "peer_reflection",
    "nine_month_review",
    "withdrawn",
    "consent_given",
    "anonymous",
    "from_sender",
    "answered",
];

/// The rows of one source (newest first, up to its limit, per account), and how many it
/// holds. `accounts` are the person's user accounts: a practitioner's linked accounts, or
/// the one account of someone with no practitioner record.
pub async fn rows(
    pool: &Pool,
    source: &Source,
    practitioner_id: Option<i64>,
    accounts: &[i64],
) -> Result<(Vec<Map<String, Json>>, i64), sqlx::Error> {
    let binds: Vec<Vec<i64>> = match (source.whose, practitioner_id) {
        (Whose::Practitioner, Some(p)) => vec![vec![p]],
        (Whose::Practitioner, None) => vec![],
        (Whose::User, _) => accounts.iter().map(|u| vec![*u]).collect(),
        (Whose::Both, Some(p)) => vec![vec![p, -1]],
        (Whose::Both, None) => accounts.iter().map(|u| vec![-1, *u]).collect(),
    };
    let mut out = Vec::new();
    let mut total = 0;
    for ids in binds {
        let (rows, n) = rows_for(pool, source, &ids).await?;
        out.extend(rows);
        total += n;
    }
    Ok((out, total))
}

async fn rows_for(
    pool: &Pool,
    source: &Source,
    ids: &[i64],
) -> Result<(Vec<Map<String, Json>>, i64), sqlx::Error> {
    let limit = source
        .limit
        .map(|n| format!(" ORDER BY id DESC LIMIT {n}"))
        .unwrap_or_else(|| " ORDER BY 1".to_string());
    let text = format!(
        "SELECT * FROM {} WHERE {}{limit}",
        source.table, source.filter
    );
    let mut q = query(text.as_str());
    for id in ids {
        q = q.bind(*id);
    }
    let found = q.fetch_all(pool).await?;
    let mut out = Vec::with_capacity(found.len());
    for r in &found {
        let mut object = r.to_json()?;
        for (name, value) in object.iter_mut() {
            if source.withheld.contains(&name.as_str()) && !value.is_null() {
                *value = Json::String("(held, not shown: a secret)".into());
            } else if FLAGS.contains(&name.as_str())
                && let Some(n) = value.as_i64()
            {
                *value = Json::Bool(n != 0);
            }
        }
        out.push(object);
    }
    let total = match source.limit {
        Some(n) if out.len() as i64 >= n => {
            let count = format!(
                "SELECT COUNT(*) FROM {} WHERE {}",
                source.table, source.filter
            );
            let mut q = query_scalar::<i64>(count.as_str());
            for id in ids {
                q = q.bind(*id);
            }
            q.fetch_one(pool).await?
        }
        _ => out.len() as i64,
    };
    Ok((out, total))
}

/// How many answers people who use services gave about the practitioner.
pub async fn feedback_answers(pool: &Pool, practitioner_id: i64) -> Result<i64, sqlx::Error> {
    query_scalar("SELECT COUNT(*) FROM feedback_responses WHERE practitioner_id = $1")
        .bind(practitioner_id)
        .fetch_one(pool)
        .await
}
