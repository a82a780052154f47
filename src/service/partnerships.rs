//! Partnership agreements (`domain::partnership`): one party's organisation admin proposes,
//! the other's accepts or declines, either ends one in force. Both parties see the same
//! record; everything is audited in the transaction that writes it. What an agreement in
//! force lets a host do with placed staff is read here by `host_rights`, and by the SQL in
//! `store::partnerships` that scopes lists.

use super::require;
use crate::domain::partnership::{
    self as rules, AgreementAttention, AgreementMoves, AgreementStatus, LEAD_DAYS,
    PartnershipInput, Proposal, TermsText,
};
use crate::error::{AppError, AppResult, FieldErrors, OnUnique};
use crate::policy::{Actor, Capability};
use crate::service::write::Write;
use crate::store::partnerships::{self as store, PartnershipAgreement, Proposer};
use crate::store::{Db, orgs};
use serde::Serialize;
use time::Date;

/// An agreement as a party sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PartnershipView {
    #[serde(flatten)]
    pub agreement: PartnershipAgreement,
    pub type_label: String,
    pub status_label: &'static str,
    /// The other party's name, from the reader's side.
    pub partner_name: String,
    /// What the reader's organisation may do with it now (its admin only).
    pub moves: AgreementMoves,
    pub attention: Vec<AgreementAttention>,
}

fn view(a: PartnershipAgreement, actor: &Actor, today: Date) -> PartnershipView {
    let org = actor.org_id.unwrap_or(-1);
    let moves = if actor.can(Capability::ManagePartnerships) {
        rules::moves(a.status, a.proposed_by_org_id, org)
    } else {
        AgreementMoves {
            respond: false,
            end: false,
        }
    };
    PartnershipView {
        type_label: crate::domain::reference()
            .agreement_types
            .label(a.terms.agreement_type.code())
            .to_string(),
        status_label: a.status.label(),
        partner_name: if a.employer_org_id == org {
            a.host_name.clone()
        } else {
            a.employer_name.clone()
        },
        moves,
        attention: rules::attention(
            a.status,
            a.terms.review_on,
            a.terms.ends_on,
            today,
            LEAD_DAYS,
        ),
        agreement: a,
    }
}

/// The agreements the actor's organisation is a party to.
pub async fn list(db: &Db, actor: &Actor, today: Date) -> AppResult<Vec<PartnershipView>> {
    require(actor, Capability::ViewPartnerships)?;
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    Ok(store::list_for(&db.pool, org)
        .await?
        .into_iter()
        .map(|a| view(a, actor, today))
        .collect())
}

/// The agreements between the actor's organisation and `org` (all of its own when `org`
/// is its own); empty for a reader who may not see agreements.
pub async fn with(
    db: &Db,
    actor: &Actor,
    org: i64,
    today: Date,
) -> AppResult<Vec<PartnershipView>> {
    if !actor.can(Capability::ViewPartnerships) {
        return Ok(Vec::new());
    }
    let mut all = list(db, actor, today).await?;
    if actor.org_id != Some(org) {
        all.retain(|v| v.agreement.employer_org_id == org || v.agreement.host_org_id == org);
    }
    Ok(all)
}

/// One agreement, if the actor's organisation is a party to it (404 otherwise).
pub async fn get(db: &Db, actor: &Actor, id: i64, today: Date) -> AppResult<PartnershipView> {
    require(actor, Capability::ViewPartnerships)?;
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    match store::get(&db.pool, id).await? {
        Some(a) if a.employer_org_id == org || a.host_org_id == org => Ok(view(a, actor, today)),
        _ => Err(AppError::NotFound),
    }
}

/// Organisations an agreement may be proposed with: every other one (a new partner is not
/// yet visible as a partner, and organisation names are not personal data).
pub async fn party_choices(db: &Db, actor: &Actor) -> AppResult<Vec<(i64, String)>> {
    require(actor, Capability::ManagePartnerships)?;
    Ok(orgs::all(&db.pool)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

/// Proposes an agreement to the other party. Returns its id.
pub async fn propose(db: &Db, actor: &Actor, input: &PartnershipInput) -> AppResult<i64> {
    require(actor, Capability::ManagePartnerships)?;
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let other_exists = match input.other_party(org) {
        Some((other, _)) => orgs::get(&db.pool, other).await?.is_some(),
        None => false,
    };
    let Proposal {
        employer,
        host,
        terms,
    } = input.parse(org, other_exists).map_err(AppError::Invalid)?;
    let mut tx = Write::begin(db, actor).await?;
    let by = Proposer {
        org_id: Some(org),
        user_id: Some(actor.user_id),
    };
    let id = store::insert(&mut tx, employer, host, &terms, AgreementStatus::Proposed, by)
        .await
        .on_unique(
            "partnership_agreements",
            "agreement_type",
            "These organisations already have an open agreement of this type: end it before proposing another",
        )?;
    let detail = format!(
        "proposed {} between {employer} (employer) and {host} (host)",
        terms.agreement_type.code()
    );
    tx.commit("create", "partnership_agreement", id, detail)
        .await?;
    Ok(id)
}

/// The other party accepts (`true`) or declines a proposed agreement.
pub async fn respond(db: &Db, actor: &Actor, id: i64, accept: bool, today: Date) -> AppResult<()> {
    require(actor, Capability::ManagePartnerships)?;
    let v = get(db, actor, id, today).await?;
    if !v.moves.respond {
        return Err(conflict(
            "Only the other party can accept or decline this agreement, while it is proposed",
        ));
    }
    let to = if accept {
        AgreementStatus::InForce
    } else {
        AgreementStatus::Declined
    };
    move_to(db, actor, id, &[AgreementStatus::Proposed], to).await
}

/// Either party ends an agreement in force, or the proposer withdraws a proposal.
pub async fn end(db: &Db, actor: &Actor, id: i64, today: Date) -> AppResult<()> {
    require(actor, Capability::ManagePartnerships)?;
    let v = get(db, actor, id, today).await?;
    if !v.moves.end {
        return Err(conflict("This agreement has already ended or was declined"));
    }
    move_to(
        db,
        actor,
        id,
        &[AgreementStatus::Proposed, AgreementStatus::InForce],
        AgreementStatus::Ended,
    )
    .await
}

fn conflict(message: &str) -> AppError {
    AppError::Invalid(FieldErrors::single("status", message))
}

async fn move_to(
    db: &Db,
    actor: &Actor,
    id: i64,
    from: &[AgreementStatus],
    to: AgreementStatus,
) -> AppResult<()> {
    let mut tx = Write::begin(db, actor).await?;
    if !store::transition(&mut tx, id, from, to, actor.user_id)
        .await?
        .changed()
    {
        return Err(conflict(
            "Someone else changed this agreement first: look at it again",
        ));
    }
    tx.commit("update", "partnership_agreement", id, to.code())
        .await?;
    Ok(())
}

/// What a host may do with a placed person's record under the agreements in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HostRights {
    pub may_change: bool,
    pub equality: bool,
}

/// The rights `org` has over a record employed by `employer` and hosted by `host`: all of
/// them for the employer, what the agreements in force give for the host, none otherwise.
pub async fn rights_of(
    db: &Db,
    org: Option<i64>,
    employer: i64,
    host: i64,
) -> AppResult<HostRights> {
    let all = HostRights {
        may_change: true,
        equality: true,
    };
    match org {
        Some(o) if o == employer => Ok(all),
        Some(o) if o == host => Ok(store::host_terms(&db.pool, employer, host)
            .await?
            .map(|(may_change, equality)| HostRights {
                may_change,
                equality,
            })
            .unwrap_or_default()),
        _ => Ok(HostRights::default()),
    }
}

/// `mhsw partnership add`: the deployment makes an agreement in force between two
/// organisations by ODS code (for setting up; admins propose and accept in the UI).
pub async fn add_from_cli(
    db: &Db,
    employer_ods: &str,
    host_ods: &str,
    agreement_type: &str,
    description: &str,
    starts_on: &str,
) -> anyhow::Result<i64> {
    let all = orgs::all(&db.pool).await?;
    let find = |code: &str| {
        all.iter()
            .find(|o| o.ods_code.eq_ignore_ascii_case(code))
            .map(|o| o.id)
            .ok_or_else(|| anyhow::anyhow!("no organisation with ODS code {code}"))
    };
    let (employer, host) = (find(employer_ods)?, find(host_ods)?);
    if employer == host {
        anyhow::bail!("an organisation does not need an agreement with itself");
    }
    let terms = rules::parse(&TermsText {
        agreement_type,
        starts_on,
        description,
        host_may_change: "yes",
        ..TermsText::default()
    })
    .map_err(|p| {
        anyhow::anyhow!(
            "{}",
            p.into_iter()
                .map(|(f, m)| format!("{f}: {m}"))
                .collect::<Vec<_>>()
                .join("; ")
        )
    })?;
    let mut tx = Write::begin_command_line(db, None).await?;
    let by = Proposer {
        org_id: None,
        user_id: None,
    };
    let id = store::insert(
        &mut tx,
        employer,
        host,
        &terms,
        AgreementStatus::InForce,
        by,
    )
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            anyhow::anyhow!("these organisations already have an open agreement of this type")
        }
        other => other.into(),
    })?;
    for org in [employer, host] {
        tx.in_org(org);
        tx.audit("create", "partnership_agreement", id, "").await?;
    }
    tx.commit_audited().await?;
    Ok(id)
}
