//! The only way the service layer writes: a transaction that commits only together with the
//! audit entry saying what it did. "Begin, audit, commit" used to be a convention written
//! out at every write; here it is a type, so a write cannot land unaudited and its audit
//! entry cannot land without the write.
//!
//! A write that changes more than one record may add entries on the way (`Write::audit`);
//! `Write::commit` always adds the last. Writes nobody acts in (a service user's anonymous
//! feedback, sign-in bookkeeping) say so by name with `Write::unattributed`, which keeps
//! the same transaction handling and is easy to find.

use crate::error::AppResult;
use crate::policy::Actor;
use crate::store::Db;
use crate::store::audit::NewAuditEntry;
use crate::store::engine::Conn;
use std::ops::{Deref, DerefMut};

/// How the audit trail names a sender who must not be named.
pub const ANONYMOUS: &str = "anonymous sender";

/// Who the audit entries of a write name.
#[derive(Debug, Clone)]
enum Author {
    User {
        user_id: i64,
        email: String,
        org_id: Option<i64>,
        request_id: String,
    },
    /// Whoever can run the binary against the database (no signed-in user).
    CommandLine { org_id: Option<i64> },
    /// Nobody may be named: the write is not audited, for the reason given (see the
    /// module docs).
    Nobody { why: &'static str },
    /// A signed-in person who must not be named (the sender of an anonymous concern):
    /// audited as "anonymous sender" in their organisation, with no user and no request id.
    Anonymous { org_id: Option<i64> },
}

/// One record of many written together, for [`Write::audit_each`].
pub struct AuditedRecord {
    pub org_id: i64,
    pub record_id: String,
    pub detail: String,
}

/// A write in progress. Derefs to the connection, so `store` functions take `&mut tx`.
pub struct Write {
    tx: Conn,
    author: Author,
    /// Audit entries added so far.
    entries: usize,
}

impl Write {
    /// Begins a write by a signed-in user.
    pub async fn begin(db: &Db, actor: &Actor) -> AppResult<Write> {
        let author = Author::User {
            user_id: actor.user_id,
            email: actor.email.clone(),
            org_id: actor.org_id,
            request_id: actor.request_id.clone(),
        };
        Ok(Write {
            tx: begin(db).await?,
            author,
            entries: 0,
        })
    }

    /// Begins a write from the command line, audited as "command line" in `org_id`.
    pub async fn begin_command_line(db: &Db, org_id: Option<i64>) -> AppResult<Write> {
        Ok(Write {
            tx: begin(db).await?,
            author: Author::CommandLine { org_id },
            entries: 0,
        })
    }

    /// Begins a write that is deliberately not audited; `why` says why, for the reader.
    pub async fn unattributed(db: &Db, why: &'static str) -> AppResult<Write> {
        Ok(Write {
            tx: begin(db).await?,
            author: Author::Nobody { why },
            entries: 0,
        })
    }

    /// Begins a write by someone who must stay anonymous (`Author::Anonymous`): its entries
    /// name nobody, and nothing joins them to the request that made them.
    pub async fn anonymous(db: &Db, org_id: Option<i64>) -> AppResult<Write> {
        Ok(Write {
            tx: begin(db).await?,
            author: Author::Anonymous { org_id },
            entries: 0,
        })
    }

    /// Files the command line's (or an anonymous sender's) next entries under `org_id`
    /// (one it has just created, each party in turn, or the organisation an anonymous
    /// answer counts for, read in the write). A signed-in user's entries stay in their own
    /// organisation.
    pub fn in_org(&mut self, org_id: i64) {
        if let Author::CommandLine { org_id: org } | Author::Anonymous { org_id: org } =
            &mut self.author
        {
            *org = Some(org_id);
        }
    }

    /// Names the person a write begun with `unattributed` turns out to be for: a sign-in
    /// through the organisation's identity provider knows its account only once it has
    /// found or made it in this transaction (`service::sso`). From here on the write is
    /// audited as theirs.
    pub fn act_as(&mut self, user_id: i64, email: &str, org_id: Option<i64>, request_id: &str) {
        self.author = Author::User {
            user_id,
            email: email.to_string(),
            org_id,
            request_id: request_id.to_string(),
        };
    }

    /// Adds an audit entry now (a write that changes several records names each).
    pub async fn audit(
        &mut self,
        action: &str,
        record_type: &str,
        record_id: impl ToString,
        detail: impl Into<String>,
    ) -> AppResult<()> {
        let Some(entry) = entry(
            &self.author,
            None,
            action,
            record_type,
            record_id.to_string(),
            detail.into(),
        ) else {
            return Ok(());
        };
        crate::store::audit::append(&mut self.tx, &entry).await?;
        self.entries += 1;
        Ok(())
    }

    /// Adds one audit entry per record, in one statement: a write storing hundreds of
    /// records (`mhsw stocktake import`) names each. Each record's organisation files the
    /// command line's entry as [`Write::in_org`] would; a signed-in user's stay in their own.
    pub async fn audit_each(
        &mut self,
        action: &str,
        record_type: &str,
        records: Vec<AuditedRecord>,
    ) -> AppResult<()> {
        let author = &self.author;
        let entries: Vec<NewAuditEntry> = records
            .into_iter()
            .filter_map(|r| {
                entry(
                    author,
                    Some(r.org_id),
                    action,
                    record_type,
                    r.record_id,
                    r.detail,
                )
            })
            .collect();
        crate::store::audit::append_many(&mut self.tx, &entries).await?;
        self.entries += entries.len();
        Ok(())
    }

    /// Adds the audit entry that says what this write did, then commits both together.
    pub async fn commit(
        mut self,
        action: &str,
        record_type: &str,
        record_id: impl ToString,
        detail: impl Into<String>,
    ) -> AppResult<()> {
        self.audit(action, record_type, record_id, detail).await?;
        self.tx.commit().await?;
        Ok(())
    }

    /// Commits a write whose entries were all added with `audit` on the way. Refuses (and
    /// so rolls back) a write that added none.
    pub async fn commit_audited(self) -> AppResult<()> {
        if self.entries == 0 {
            return Err(
                anyhow::anyhow!("a write was about to commit without an audit entry").into(),
            );
        }
        self.tx.commit().await?;
        Ok(())
    }
}

impl Write {
    /// Abandons the write: nothing it did lands, and nothing is audited.
    pub async fn rollback(self) -> AppResult<()> {
        self.tx.rollback().await?;
        Ok(())
    }

    /// Commits a write begun with `unattributed`.
    pub async fn commit_unattributed(self) -> AppResult<()> {
        let Author::Nobody { why } = self.author else {
            return Err(
                anyhow::anyhow!("an attributed write must commit with its audit entry").into(),
            );
        };
        self.tx.commit().await?;
        tracing::debug!(why, "unattributed write committed");
        Ok(())
    }
}

/// The one place the service layer opens a write transaction.
#[allow(clippy::disallowed_methods)]
async fn begin(db: &Db) -> AppResult<Conn> {
    Ok(db.begin().await?)
}

impl Deref for Write {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        &self.tx
    }
}

impl DerefMut for Write {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.tx
    }
}

/// The entry naming this write's author, or nothing for a write nobody acts in.
/// `org_id`, where given, files a command line's or anonymous sender's entry.
fn entry<'a>(
    author: &'a Author,
    org_id: Option<i64>,
    action: &'a str,
    record_type: &'a str,
    record_id: String,
    detail: String,
) -> Option<NewAuditEntry<'a>> {
    // Who the entry names: a signed-in user, or a fixed name with no user and no
    // request id.
    let (actor_user_id, actor_email, org_id, request_id) = match author {
        Author::User {
            user_id,
            email,
            org_id,
            request_id,
        } => (Some(*user_id), email.as_str(), *org_id, request_id.as_str()),
        Author::CommandLine { org_id: own } => (None, "command line", org_id.or(*own), ""),
        Author::Anonymous { org_id: own } => (None, ANONYMOUS, org_id.or(*own), ""),
        Author::Nobody { .. } => return None,
    };
    Some(NewAuditEntry {
        actor_user_id,
        actor_email,
        org_id,
        action,
        record_type,
        record_id,
        detail,
        request_id,
    })
}
