//! Configuration: built-in defaults, then an optional TOML file, then `MHSW_` environment
//! variables (`MHSW_SECTION__KEY`, e.g. `MHSW_DATABASE__URL`), then command-line flags.
//! Unknown keys are an error at every layer. The built `Settings` is passed into the app
//! state explicitly; nothing reads configuration globally.

use crate::domain::disclosure::DisclosurePolicy;
use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;

/// The documented default configuration, printed by `mhsw default-config`. A test checks
/// that it parses to exactly `Settings::default()`.
pub const DEFAULT_CONFIG: &str = include_str!("../config/default.toml");

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    /// Who may read `/metrics`.
    pub monitoring: MonitoringSettings,
    pub deployment: DeploymentSettings,
    pub security: SecuritySettings,
    pub privacy: PrivacySettings,
    /// Supervision frequency and sign-off rules (`domain::supervision`).
    pub supervision: crate::domain::supervision::SupervisionRules,
    pub calendar: CalendarSettings,
    pub registration: RegistrationSettings,
    /// How much CPD a registration year needs (`domain::cpd`).
    pub cpd: crate::domain::cpd::CpdRules,
    /// When reminders are due and how they escalate (`domain::reminders`).
    pub reminders: crate::domain::reminders::ReminderRules,
    /// Where reminder emails are sent from; no host means no email.
    pub smtp: SmtpSettings,
    /// ASYE protected time, full-time week and time limit (`domain::asye`).
    pub asye: crate::domain::asye::AsyeRules,
    /// AMHP approval, training hours and the other post-qualifying roles
    /// (`domain::post_qualifying`).
    pub post_qualifying: crate::domain::post_qualifying::PostQualifyingRules,
    /// Feedback from people who use services and carers: thresholds, link life, the
    /// public form's limits and wording (`domain::feedback`).
    pub feedback: crate::domain::feedback::FeedbackRules,
    /// The organisational self-assessment: extra frameworks, the benchmark's smallest group,
    /// when actions show as due soon (`domain::self_assessment`).
    pub self_assessment: crate::domain::self_assessment::SelfAssessmentRules,
    /// The URIs the FHIR export names its own identifiers and codes under
    /// (`domain::fhir`).
    pub fhir: crate::domain::fhir::FhirSettings,
    /// Workforce intelligence rules no public source fixes: the newly qualified per senior
    /// flagged as a risk, and how turnover is divided (`domain::workforce`).
    pub workforce: crate::domain::workforce::WorkforceRules,
    /// How soon a concern raised must have its first answer (`domain::concern`).
    pub concerns: crate::domain::concern::ConcernRules,
    /// How long after the leaving day the exit questionnaire stays open
    /// (`domain::leaving`).
    pub leavers: crate::domain::leaving::LeaverRules,
    /// Sickness absence's reason categories (`domain::absence`).
    pub absence: crate::domain::absence::AbsenceRules,
    /// The skills a team's audit lists beyond the post-qualifying roles, and how often
    /// the audit and the role-clarity review are due (`domain::team_skills`).
    pub team_skills: crate::domain::team_skills::TeamSkillRules,
    /// The wellbeing and engagement survey: the smallest group shown, how often reminders
    /// may go, how long a cycle is open by default (`domain::survey`).
    pub wellbeing_survey: crate::domain::survey::SurveyRules,
    /// How often an appraisal is due and how soon before it shows as due
    /// (`domain::appraisal`).
    pub appraisal: crate::domain::appraisal::AppraisalRules,
    /// How long leavers' records and the audit trail are kept (`domain::retention`),
    /// applied by `mhsw retention run`.
    pub retention: crate::domain::retention::RetentionRules,
    /// Single sign-on: each organisation's identity provider (`domain::oidc`).
    pub sso: crate::domain::oidc::SsoSettings,
}

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain text: only for a relay on the same host or a test server.
    None,
    /// Upgrade with STARTTLS (usually port 587); refuses to send if the server cannot.
    #[default]
    Starttls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

/// The mail relay for reminders. Empty `host` turns email off: the job logs that once and
/// sends nothing (the demo runs without mail).
#[derive(Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    /// Sign in to the relay when set.
    pub username: String,
    pub password: String,
    /// The From address, e.g. `Social work team <social.work@trust.example.nhs.uk>`.
    pub from: String,
    /// Give up on a connection or command after this many seconds.
    pub timeout_seconds: u64,
}

impl SmtpSettings {
    pub fn is_configured(&self) -> bool {
        !self.host.trim().is_empty()
    }
}

impl Default for SmtpSettings {
    fn default() -> Self {
        SmtpSettings {
            host: String::new(),
            port: 587,
            tls: SmtpTls::Starttls,
            username: String::new(),
            password: String::new(),
            from: String::new(),
            timeout_seconds: 30,
        }
    }
}

/// The password is never printed.
impl fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field(
                "password",
                &if self.password.is_empty() { "" } else { "***" },
            )
            .field("from", &self.from)
            .field("timeout_seconds", &self.timeout_seconds)
            .finish()
    }
}

/// Settings for the register check.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RegistrationSettings {
    /// A replacement for `data/register-csv.toml`: how to read the register's bulk-search
    /// CSV, whose headings are not published (NOT FOUND), so they may need changing here.
    pub register_csv_format: Option<String>,
}

/// Days that are not working days besides weekends, for rules counted in working days
/// (rebooking a cancelled session). The defaults are England and Wales bank holidays
/// for 2026 and 2027 from memory [MEMORY]: check them against gov.uk/bank-holidays and
/// extend the list each year.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CalendarSettings {
    pub holidays: Vec<time::Date>,
}

impl Default for CalendarSettings {
    fn default() -> Self {
        use time::macros::date;
        CalendarSettings {
            holidays: vec![
                date!(2026 - 01 - 01),
                date!(2026 - 04 - 03),
                date!(2026 - 04 - 06),
                date!(2026 - 05 - 04),
                date!(2026 - 05 - 25),
                date!(2026 - 08 - 31),
                date!(2026 - 12 - 25),
                date!(2026 - 12 - 28),
                date!(2027 - 01 - 01),
                date!(2027 - 03 - 26),
                date!(2027 - 03 - 29),
                date!(2027 - 05 - 03),
                date!(2027 - 05 - 31),
                date!(2027 - 08 - 30),
                date!(2027 - 12 - 27),
                date!(2027 - 12 - 28),
            ],
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ServerSettings {
    pub bind: String,
    /// Set when mhsw is served over TLS (directly or behind a TLS-terminating proxy):
    /// cookies get the Secure flag and responses carry HSTS.
    pub tls: bool,
    /// Trust `X-Forwarded-For` for the client address (login throttling, audit). Only
    /// behind a reverse proxy that sets it.
    pub trust_forwarded_for: bool,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Largest body of a form anyone can send without signing in (sign-in, feedback).
    pub max_public_body_bytes: usize,
    /// Say in a `Server-Timing` header how long each answer took and how much of that its
    /// database statements took (`scripts/bench` sets it; off by default, since timings
    /// tell an outsider something about the data behind a page).
    pub timing_header: bool,
}

/// The Prometheus endpoint, `/metrics`: served only to a scraper presenting this token as
/// `Authorization: Bearer ...`; with no token set it is not served at all (404).
#[derive(Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct MonitoringSettings {
    pub metrics_token: String,
}

/// The token is a secret: Debug never prints it.
impl fmt::Debug for MonitoringSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MonitoringSettings")
            .field(
                "metrics_token",
                &if self.metrics_token.is_empty() {
                    ""
                } else {
                    "***"
                },
            )
            .finish()
    }
}

#[derive(Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseSettings {
    pub url: String,
    pub max_connections: u32,
    /// Report results kept in memory between writes (`store::memo`); 0 keeps none.
    pub report_cache_entries: usize,
}

/// The URL may hold a password: Debug never prints it.
impl fmt::Debug for DatabaseSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseSettings")
            .field("url", &redact_url(&self.url))
            .field("max_connections", &self.max_connections)
            .field("report_cache_entries", &self.report_cache_entries)
            .finish()
    }
}

/// Replaces the password in `scheme://user:password@host/...` with `***`.
pub fn redact_url(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://")
        && let Some((creds, host)) = rest.split_once('@')
        && let Some((user, _)) = creds.split_once(':')
    {
        return format!("{scheme}://{user}:***@{host}");
    }
    url.to_string()
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DeploymentSettings {
    /// The organisation that runs this deployment, named in the page header.
    pub organisation_name: String,
    /// Whether that organisation is an NHS body: only then does the NHS logo show.
    pub nhs_body: bool,
    pub service_name: String,
    /// Contact for the accessibility statement and privacy notice.
    pub contact_email: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SecuritySettings {
    pub session_idle_minutes: i64,
    pub session_absolute_hours: i64,
    /// Failed sign-ins allowed for one account from one client address (or one browser
    /// that has signed in to it before) within `throttle_window_minutes`.
    pub max_failures_per_account_and_address: i64,
    pub throttle_window_minutes: i64,
    /// After this many of those failures each further attempt waits
    /// `first_delay_seconds`, doubling (1, 2, 4...), up to `longest_delay_seconds`
    /// (0: no delays).
    pub failures_before_delay: i64,
    pub first_delay_seconds: i64,
    pub longest_delay_seconds: i64,
    /// Failed sign-ins allowed for one account from anywhere within `account_window_hours`:
    /// a slower limit, so a spread-out attack gets few guesses. Browsers that have signed
    /// in to the account before are not held to it, so it cannot lock the person out.
    pub max_failures_per_account: i64,
    pub account_window_hours: i64,
    /// Failed sign-ins allowed from one client address to any account within
    /// `throttle_window_minutes`: high, as a trust's NAT puts many people behind one address.
    pub max_failures_per_address: i64,
    /// How long a browser that signed in is remembered as known to the account.
    pub known_device_days: i64,
    /// API tokens expire after this many days unless made with another expiry.
    pub api_token_days: i64,
}

impl SecuritySettings {
    /// The limits `domain::throttle` applies.
    pub fn throttle_limits(&self) -> crate::domain::throttle::Limits {
        use crate::domain::throttle::Limit;
        use time::Duration;
        let window = Duration::minutes(self.throttle_window_minutes.max(1));
        crate::domain::throttle::Limits {
            per_account_and_address: Limit {
                max_attempts: self.max_failures_per_account_and_address.max(1),
                window,
                failures_before_delay: self.failures_before_delay.max(0),
                first_delay: Duration::seconds(self.first_delay_seconds.max(1)),
                longest_delay: Duration::seconds(self.longest_delay_seconds.max(0)),
            },
            per_account: Limit {
                max_attempts: self.max_failures_per_account.max(1),
                window: Duration::hours(self.account_window_hours.max(1)),
                failures_before_delay: 0,
                first_delay: Duration::ZERO,
                longest_delay: Duration::ZERO,
            },
            per_address: Limit {
                max_attempts: self.max_failures_per_address.max(1),
                window,
                failures_before_delay: 0,
                first_delay: Duration::ZERO,
                longest_delay: Duration::ZERO,
            },
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct PrivacySettings {
    pub disclosure: DisclosurePolicy,
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings {
            bind: "127.0.0.1:8080".into(),
            tls: false,
            trust_forwarded_for: false,
            max_body_bytes: 1024 * 1024,
            max_public_body_bytes: 16 * 1024,
            timing_header: false,
        }
    }
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        DatabaseSettings {
            url: DEFAULT_DATABASE_URL.into(),
            max_connections: 8,
            report_cache_entries: crate::store::DEFAULT_KEPT_REPORTS,
        }
    }
}

/// Where `serve` keeps its data when nothing else is configured. This one path is created
/// on first start; any other SQLite path must already exist (see `store::connect`).
pub const DEFAULT_DATABASE_URL: &str = "sqlite://mhsw-data/mhsw.db";

impl Default for DeploymentSettings {
    fn default() -> Self {
        DeploymentSettings {
            organisation_name: "Northshire Mental Health NHS Foundation Trust".into(),
            nhs_body: true,
            service_name: "Supporting mental health social workers".into(),
            contact_email: "social.work@northshire.example.nhs.uk".into(),
        }
    }
}

impl Default for SecuritySettings {
    fn default() -> Self {
        SecuritySettings {
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            max_failures_per_account_and_address: 5,
            throttle_window_minutes: 15,
            failures_before_delay: 2,
            first_delay_seconds: 1,
            longest_delay_seconds: 60,
            max_failures_per_account: 50,
            account_window_hours: 24,
            max_failures_per_address: 100,
            known_device_days: 90,
            api_token_days: 90,
        }
    }
}

impl Settings {
    /// Loads defaults, then the file (if given), then `MHSW_` variables from `env`.
    pub fn load(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> anyhow::Result<Settings> {
        let mut table = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path).with_context(|| {
                    format!("cannot read configuration file {}", path.display())
                })?;
                text.parse::<toml::Table>().with_context(|| {
                    format!("configuration file {} is not valid TOML", path.display())
                })?
            }
            None => toml::Table::new(),
        };
        for (key, value) in env {
            let Some(rest) = key.strip_prefix("MHSW_") else {
                continue;
            };
            let path: Vec<String> = rest.split("__").map(|p| p.to_ascii_lowercase()).collect();
            if path.len() != 2 || path.iter().any(String::is_empty) {
                bail!("environment variable {key} is not of the form MHSW_SECTION__KEY");
            }
            let section = table
                .entry(path[0].clone())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            let Some(section) = section.as_table_mut() else {
                bail!("environment variable {key}: {} is not a section", path[0]);
            };
            section.insert(path[1].clone(), env_value(&value));
        }
        let settings: Settings =
            toml::Value::Table(table)
                .try_into()
                .map_err(|e: toml::de::Error| {
                    anyhow::anyhow!("configuration error: {}", e.message())
                })?;
        settings.check()?;
        Ok(settings)
    }

    /// Whatever the settings came from, whether they can run: the first problem, naming
    /// its key (files they name, such as frameworks and keys, are read).
    pub fn check(&self) -> anyhow::Result<()> {
        if self.security.session_idle_minutes <= 0 || self.security.session_absolute_hours <= 0 {
            bail!("configuration error: session lifetimes must be positive");
        }
        if self.privacy.disclosure.round_to == 0 {
            bail!("configuration error: privacy.disclosure.round_to must be at least 1");
        }
        let codes: std::collections::BTreeSet<String> = self
            .absence
            .reasons
            .iter()
            .map(|r| r.code.to_uppercase())
            .collect();
        if codes.is_empty() || codes.len() != self.absence.reasons.len() {
            bail!(
                "configuration error: absence.reasons must list at least one reason, each code once"
            );
        }
        let r = &self.reminders;
        if r.escalate_to_psw_after_days < r.escalate_to_manager_after_days {
            bail!(
                "configuration error: reminders.escalate_to_psw_after_days must be at least escalate_to_manager_after_days"
            );
        }
        if r.interval_seconds == 0 || r.renewal_repeat_days == 0 {
            bail!(
                "configuration error: reminders.interval_seconds and renewal_repeat_days must be at least 1"
            );
        }
        let f = &self.feedback;
        if f.link_valid_days == 0
            || f.max_cards_at_once == 0
            || f.max_comment_chars == 0
            || f.public_requests_per_minute == 0
            || f.min_practitioners_in_group_views == 0
        {
            bail!(
                "configuration error: feedback.link_valid_days, max_cards_at_once, max_comment_chars, public_requests_per_minute and min_practitioners_in_group_views must be at least 1"
            );
        }
        if let Err(e) = self.self_assessment.frameworks() {
            bail!("configuration error: a self-assessment framework file is not valid: {e}");
        }
        let pq = &self.post_qualifying;
        if pq.amhp_approval_years == 0 || pq.amhp_minimum_hours_per_year == 0 {
            bail!(
                "configuration error: post_qualifying.amhp_approval_years and amhp_minimum_hours_per_year must be at least 1"
            );
        }
        if self.smtp.is_configured() && self.smtp.from.parse::<lettre::message::Mailbox>().is_err()
        {
            bail!("configuration error: smtp.from must be an email address when smtp.host is set");
        }
        if let Some(problem) = self.sso.problems().into_iter().next() {
            bail!("configuration error: {problem}");
        }
        for (i, p) in self.sso.providers.iter().enumerate() {
            if p.client_auth == crate::domain::oidc::ClientAuth::PrivateKeyJwt
                && let Err(e) = crate::service::sso::client_auth::load_key(p)
            {
                bail!("configuration error: sso.providers[{i}].private_key_file: {e}");
            }
        }
        let a = &self.asye;
        if !(0.0..=100.0).contains(&a.protected_time_percent)
            || a.full_time_weekly_hours <= 0.0
            || a.max_months < crate::domain::asye::PROGRAMME_MONTHS
        {
            bail!(
                "configuration error: asye.protected_time_percent must be 0 to 100, full_time_weekly_hours positive and max_months at least 12"
            );
        }
        Ok(())
    }
}

/// Environment values are strings; numbers and booleans are read as such so that
/// `MHSW_SERVER__TLS=true` works.
fn env_value(raw: &str) -> toml::Value {
    if let Ok(b) = raw.parse::<bool>() {
        return toml::Value::Boolean(b);
    }
    if let Ok(i) = raw.parse::<i64>() {
        return toml::Value::Integer(i);
    }
    toml::Value::String(raw.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_default_is_the_default() {
        let parsed: Settings = toml::from_str(DEFAULT_CONFIG).unwrap();
        assert_eq!(parsed, Settings::default());
    }

    #[test]
    fn environment_overrides_and_unknown_keys_fail() {
        let s = Settings::load(None, [("MHSW_SERVER__TLS".into(), "true".into())]).unwrap();
        assert!(s.server.tls);
        let err = Settings::load(None, [("MHSW_SERVER__TSL".into(), "true".into())]).unwrap_err();
        assert!(err.to_string().contains("unknown field `tsl`"), "{err}");
    }

    #[test]
    fn smtp_passwords_are_redacted_and_from_is_required() {
        let s = SmtpSettings {
            host: "mail".into(),
            password: "hunter2".into(),
            ..SmtpSettings::default()
        };
        assert!(!format!("{s:?}").contains("hunter2"));
        let err = Settings::load(None, [("MHSW_SMTP__HOST".into(), "mail".into())]).unwrap_err();
        assert!(err.to_string().contains("smtp.from"), "{err}");
        let err = Settings::load(
            None,
            [(
                "MHSW_REMINDERS__ESCALATE_TO_PSW_AFTER_DAYS".into(),
                "1".into(),
            )],
        )
        .unwrap_err();
        assert!(err.to_string().contains("escalate_to_psw"), "{err}");
    }

    #[test]
    fn database_passwords_are_redacted() {
        let d = DatabaseSettings {
            url: "postgres://mhsw:hunter2@db/mhsw".into(),
            max_connections: 1,
            report_cache_entries: 0,
        };
        let shown = format!("{d:?}");
        assert!(
            !shown.contains("hunter2") && shown.contains("mhsw:***@db"),
            "{shown}"
        );
    }
}
