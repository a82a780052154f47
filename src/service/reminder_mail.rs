//! Reminder emails: the wording (plain text, no personal data beyond what the recipient may
//! see: the supervisee's name for their supervisor, manager or PSW, dates, never session
//! notes) and the SMTP transport (lettre, async tokio, rustls with the ring provider).

use crate::config::{SmtpSettings, SmtpTls};
use crate::domain::reminders::{Kind, Party, Reminder};
use crate::error::AppResult;
use anyhow::Context;
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// A reminder's subject line and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub subject: String,
    pub body: String,
}

/// A configured SMTP relay.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    service_name: String,
}

impl Mailer {
    /// `None` when no host is configured (email off).
    pub fn from_settings(s: &SmtpSettings, service_name: &str) -> AppResult<Option<Mailer>> {
        if !s.is_configured() {
            return Ok(None);
        }
        let from: Mailbox = s
            .from
            .parse()
            .context("smtp.from is not an email address")?;
        let host = s.host.trim();
        let builder = match s.tls {
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
            SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
                .context("smtp: cannot set up STARTTLS")?,
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)
                .context("smtp: cannot set up TLS")?,
        };
        let mut builder = builder
            .port(s.port)
            .timeout(Some(std::time::Duration::from_secs(
                s.timeout_seconds.max(1),
            )));
        if !s.username.is_empty() {
            builder = builder.credentials(Credentials::new(s.username.clone(), s.password.clone()));
        }
        Ok(Some(Mailer {
            transport: builder.build(),
            from,
            service_name: service_name.to_string(),
        }))
    }

    pub fn service_name(&self) -> &str {
        &self.service_name
    }

    /// Sends one message; the error is a short description for the log and the claim row.
    pub async fn send(&self, email: &str, name: &str, text: &Text) -> Result<(), String> {
        let to = email
            .parse()
            .map(|a| Mailbox::new(Some(name.to_string()), a))
            .map_err(|e| format!("bad recipient address: {e}"))?;
        let message = Message::builder()
            .message_id(None)
            .from(self.from.clone())
            .to(to)
            .subject(text.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(text.body.clone())
            .map_err(|e| format!("cannot build message: {e}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// A date as people in England write it: 5 October 2026.
fn long_date(d: time::Date) -> String {
    let f = time::macros::format_description!("[day padding:none] [month repr:long] [year]");
    d.format(&f).unwrap_or_else(|_| d.to_string())
}

/// The words of one reminder. `about` is the practitioner's name, `to` the recipient's.
pub fn compose(r: &Reminder, about: &str, to: &str, service: &str) -> Text {
    let own = r.party == Party::Practitioner;
    let whose = if own {
        "your".to_string()
    } else {
        format!("{about}'s")
    };
    let date = long_date(r.date);
    let (subject, lines) = match r.key.kind {
        Kind::SessionUpcoming => (
            format!("Supervision on {date}"),
            vec![format!("A supervision session is planned on {date}{}.", if own { String::new() } else { format!(" with {about}") })],
        ),
        Kind::SupervisionOverdue => (
            if own { "Your supervision is overdue".to_string() } else { format!("Supervision overdue: {about}") },
            vec![
                format!("{} supervision was due by {date} and no session has been recorded since.", if own { "Your".to_string() } else { whose.clone() }),
                "Please book a session and record it when it has been held.".to_string(),
            ],
        ),
        Kind::SessionUnconfirmed => (
            if own { "Please confirm your supervision record".to_string() } else { format!("Supervision record not confirmed: {about}") },
            vec![if own {
                format!("Please confirm or comment on the record of your supervision session. It was due to be confirmed by {date}.")
            } else {
                format!("{about} has not confirmed the record of a held supervision session. It was due to be confirmed by {date}.")
            }],
        ),
        Kind::RenewalDue => (
            "Renew your Social Work England registration".to_string(),
            vec![
                format!("The register does not yet show {whose} registration renewed. The deadline is 11.59pm on {date}."),
                "Renewal needs the application, the fee and at least 2 pieces of CPD, one with a peer reflection. A registration that is not renewed lapses on 1 December.".to_string(),
            ],
        ),
        Kind::AgreementReviewDue => (
            "Partnership agreement review".to_string(),
            vec![
                format!("A partnership agreement your organisation is a party to {} for review on {date}.", if r.key.level == 0 { "is due" } else { "was due" }),
                format!("Please agree the review with the other party, then record the next review date: /partnerships/{}", r.agreement_id.unwrap_or_default()),
            ],
        ),
        Kind::AgreementEnding => (
            if r.key.level == 0 { "Partnership agreement ending".to_string() } else { "Partnership agreement past its end date".to_string() },
            vec![
                format!("A partnership agreement your organisation is a party to {} on {date}.", if r.key.level == 0 { "ends" } else { "reached its end date" }),
                format!("It stays in force, and the host keeps seeing the staff it covers, until either party ends it. Please end it or agree a new one: /partnerships/{}", r.agreement_id.unwrap_or_default()),
            ],
        ),
        Kind::ReapprovalDue => (
            if own { "Your AMHP re-approval is due".to_string() } else { format!("AMHP re-approval due: {about}") },
            vec![
                format!("{} approval as an Approved Mental Health Professional ends on {date}.", if own { "Your".to_string() } else { whose.clone() }),
                "Re-approval needs evidence of the training hours in each year of approval, agreed with the approving council. Please plan it now.".to_string(),
            ],
        ),
        Kind::RegistrationAlert => {
            let status = r.status.map(|s| s.label().to_lowercase()).unwrap_or_default();
            (
                format!("Registration alert: {about}"),
                vec![
                    format!("Social Work England's register shows {about}'s registration as {status} since {date}."),
                    "They must not practise as a social worker until their registration allows it again.".to_string(),
                ],
            )
        }
        Kind::SelfAssessmentActionOverdue => (
            if own { "Your self-assessment action is overdue".to_string() } else { "Self-assessment action overdue".to_string() },
            vec![
                format!(
                    "{} in the organisation's self-assessment action plan was due by {date} and is not marked done.",
                    if own { "An action you own" } else { "An action" }
                ),
                format!(
                    "Please update its progress or status: /self-assessment/actions/{}",
                    r.action_id.unwrap_or_default()
                ),
            ],
        ),
        Kind::ConcernAnswerOverdue => (
            "A concern is waiting for its answer".to_string(),
            vec![
                format!("A concern raised in your organisation was due its first answer by {date} and has none yet."),
                format!(
                    "Please answer it: /concerns/{}",
                    r.concern_id.unwrap_or_default()
                ),
            ],
        ),
        Kind::AppraisalOverdue => (
            if own { "Your appraisal is overdue".to_string() } else { format!("Appraisal overdue: {about}") },
            vec![
                format!("{} appraisal was due by {date} and has not been completed.", if own { "Your".to_string() } else { whose.clone() }),
                "Please agree a date for the appraisal meeting, and sign it once you both agree what it says.".to_string(),
            ],
        ),
        Kind::AsyeReviewOverdue => (
            if own { "Your ASYE review is overdue".to_string() } else { format!("ASYE review overdue: {about}") },
            vec![
                format!("{} ASYE review was due by {date} and has not been recorded.", if own { "Your".to_string() } else { whose.clone() }),
                "Please hold the review with the assessor and record it.".to_string(),
            ],
        ),
    };
    let mut body = format!("Dear {to},\n\n{}\n\n", lines.join("\n\n"));
    if r.key.level > 0 && !own {
        body.push_str("You are receiving this because it has not been resolved in time.\n\n");
    }
    body.push_str(&format!(
        "Sign in to {service} for details.\n\nThis is an automatic reminder; please do not reply.\n"
    ));
    Text { subject, body }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::registration::RegistrationStatus;
    use crate::domain::reminders::Key;
    use time::macros::date;

    fn reminder(kind: Kind, party: Party, level: u8) -> Reminder {
        Reminder {
            key: Key {
                kind,
                subject: "p1".into(),
                recipient: 2,
                level,
            },
            party,
            practitioner_id: 1,
            date: date!(2026 - 10 - 05),
            session_id: None,
            action_id: None,
            agreement_id: None,
            concern_id: None,
            status: Some(RegistrationStatus::Suspended),
        }
    }

    #[test]
    fn the_practitioner_is_addressed_directly_and_others_by_name() {
        let own = compose(
            &reminder(Kind::SupervisionOverdue, Party::Practitioner, 2),
            "Ada Byron",
            "Ada Byron",
            "mhsw",
        );
        assert_eq!(own.subject, "Your supervision is overdue");
        assert!(
            own.body
                .starts_with("Dear Ada Byron,\n\nYour supervision was due by 5 October 2026")
        );
        assert!(!own.body.contains("not been resolved"));
        let manager = compose(
            &reminder(Kind::SupervisionOverdue, Party::LineManager, 1),
            "Ada Byron",
            "Lee",
            "mhsw",
        );
        assert_eq!(manager.subject, "Supervision overdue: Ada Byron");
        assert!(
            manager
                .body
                .contains("Ada Byron's supervision was due by 5 October 2026")
        );
        assert!(manager.body.contains("not been resolved in time"));
    }

    #[test]
    fn every_kind_has_words_for_every_party() {
        use Kind::*;
        for kind in [
            SessionUpcoming,
            SupervisionOverdue,
            SessionUnconfirmed,
            RenewalDue,
            RegistrationAlert,
            AsyeReviewOverdue,
            AppraisalOverdue,
            ReapprovalDue,
        ] {
            for party in [
                Party::Practitioner,
                Party::Supervisor,
                Party::LineManager,
                Party::PrincipalSocialWorker,
            ] {
                let t = compose(&reminder(kind, party, 0), "Ada Byron", "Lee", "mhsw");
                assert!(
                    !t.subject.is_empty() && t.body.contains("Sign in to mhsw"),
                    "{kind:?} {party:?}"
                );
            }
        }
        let alert = compose(
            &reminder(RegistrationAlert, Party::PrincipalSocialWorker, 0),
            "Ada Byron",
            "Priya",
            "mhsw",
        );
        assert!(
            alert.body.contains("as suspended since 5 October 2026"),
            "{}",
            alert.body
        );
    }
}
