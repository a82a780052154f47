//! Server-side templates (minijinja, strict undefined, auto-escaping) embedded in the
//! binary. NHS design system components are our own macros in `templates/macros.html`,
//! checked against nhsuk-frontend's own fixtures in `tests/it/components.rs`.

use super::middleware::{CsrfToken, RequestCtx, SignedIn};
use super::template_sources::{TEMPLATES, source_of};
use crate::config::Settings;
use crate::error::{AppError, ErrorReport};
use crate::policy::{Actor, Capability};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::Html;
use minijinja::{Environment, UndefinedBehavior, Value, context};
use serde::Serialize;

pub struct Templates {
    env: Environment<'static>,
}

impl Default for Templates {
    fn default() -> Self {
        Self::new()
    }
}

impl Templates {
    pub fn new() -> Templates {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Chainable);
        // Compiled on first use, so an idle server holds none (`compile_all` checks all).
        env.set_loader(|name| Ok(source_of(name).map(str::to_string)));
        // `may_open(chrome, "/practitioners/{id}/supervision")`: whether the signed-in user
        // may open that route, so a link is shown only where its target opens.
        env.add_function("may_open", |chrome: minijinja::Value, route: String| {
            let roles: Vec<crate::domain::Role> = chrome
                .get_attr("user")
                .and_then(|u| u.get_attr("role_codes"))
                .ok()
                .and_then(|codes| codes.try_iter().ok())
                .map(|codes| {
                    codes
                        .filter_map(|c| c.as_str().and_then(|s| crate::domain::Role::parse(s).ok()))
                        .collect()
                })
                .unwrap_or_default();
            crate::web::routes::roles_may_open(&roles, "GET", &route)
        });
        // A link target built in a template (`"/practitioners/" ~ id`): escaped for an
        // attribute like any value, but with its slashes kept readable.
        env.add_filter("href", |path: String| {
            let escaped = path
                .replace('&', "&amp;")
                .replace('"', "&quot;")
                .replace('\'', "&#x27;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            minijinja::Value::from_safe_string(escaped)
        });
        // Dates as people in England read them: "4 December 2026", or "04/12/2026" in dense
        // tables. ISO dates and RFC 3339 timestamps (their UTC day) are formatted; anything
        // else, such as a missing value, passes through.
        env.add_filter("date", |v: minijinja::Value| {
            english_date(&v, crate::domain::dates::long)
        });
        env.add_filter("date_short", |v: minijinja::Value| {
            english_date(&v, crate::domain::dates::short)
        });
        // A timestamp to the minute, UTC, for dense tables: "04/12/2026 10:15".
        env.add_filter("datetime_short", |v: minijinja::Value| {
            match v.as_str().and_then(crate::domain::dates::short_time) {
                Some(t) => minijinja::Value::from_safe_string(t),
                None => v,
            }
        });
        // The day, month and year fields of a date input, from ISO or typed text.
        env.add_function("date_parts", |v: minijinja::Value| {
            let (day, month, year) = crate::domain::dates::to_parts(v.as_str().unwrap_or(""));
            minijinja::context! { day => day, month => month, year => year }
        });
        // A date input's hint: "For example, " ~ today|date_hint gives "27 3 2024".
        env.add_filter("date_hint", |v: minijinja::Value| {
            v.as_str()
                .and_then(crate::domain::dates::parse_iso_day)
                .map(crate::domain::dates::hint)
                .unwrap_or_default()
        });
        env.add_filter("label", |list: String, code: String| {
            crate::domain::reference::label_of(&list, &code)
        });
        env.add_filter("ref_label", |code: String, list: String| {
            crate::domain::reference::label_of(&list, &code)
        });
        env.add_filter("registration_status", |code: String| {
            crate::domain::registration::RegistrationStatus::parse(&code)
                .map_or(code.clone(), |s| s.label().to_string())
        });
        env.add_filter("renewal_label", |code: String| {
            crate::domain::registration::RenewalProgress::ALL
                .into_iter()
                .find(|p| p.code() == code)
                .map_or(code.clone(), |p| p.label().to_string())
        });
        env.add_filter("party_label", |party: String| match party.as_str() {
            "practitioner" => "the practitioner".to_string(),
            "line_manager" => "the line manager".to_string(),
            "professional_supervisor" => "the professional supervisor".to_string(),
            "amhp_supervisor" => "the AMHP supervisor".to_string(),
            other => other.to_string(),
        });
        // Shortens long free text for a list or heading, on a character boundary.
        env.add_filter("shorten", |text: String, max: usize| {
            if text.chars().count() <= max {
                text
            } else {
                let cut: String = text.chars().take(max).collect();
                format!("{}…", cut.trim_end())
            }
        });
        // "2026-10" as "October 2026".
        env.add_filter("month", |ym: String| {
            crate::service::feedback::results::month_label(&ym)
        });
        env.add_filter("with_whom_label", |code: String| {
            use crate::domain::conversation::{WithWhom, label_of};
            label_of::<WithWhom>(&code)
        });
        env.add_filter("co_production_label", |code: String| {
            use crate::domain::conversation::{CoProduction, label_of};
            label_of::<CoProduction>(&code)
        });
        env.add_global(
            "small_group",
            crate::domain::disclosure::COUNTS_NOT_PERCENTAGES_BELOW,
        );
        // "1 hour", "2 hours", "1.5 hours": a count with its noun ("1 hours" read badly).
        env.add_filter(
            "counted",
            |n: minijinja::Value, noun: String, plural: Option<String>| {
                let text = n.to_string();
                let plural = plural.unwrap_or_else(|| format!("{noun}s"));
                format!("{text} {}", if text == "1" { noun } else { plural })
            },
        );
        env.add_filter("pq_hours", |minutes: i64| {
            crate::service::post_qualifying::hours(u32::try_from(minutes).unwrap_or(0))
        });
        env.add_filter("participant_label", |kind: String| {
            crate::service::self_assessment::cycles::participant_label(&kind)
        });
        // Text held one item per line (self-assessment links), as a list.
        env.add_filter("lines", |text: String| {
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect::<Vec<_>>()
        });
        // The session types that keep a person in date for professional supervision, in
        // words, for the dashboard and the report to say what they count.
        env.add_function("session_types_counted", || {
            let r = crate::domain::reference();
            r.session_types
                .counting_towards(crate::domain::supervision::PROFESSIONAL)
                .into_iter()
                .map(|c| r.session_types.label(c).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        });
        // A recorded age band in words; a retired ten-year band says it needs updating.
        env.add_function("age_band_label", |code: String| {
            match crate::domain::age_band::retired_label(&code) {
                Some(l) => format!("{l} (an old ten-year band: please update it)"),
                None => crate::domain::reference()
                    .age_bands
                    .label(&code)
                    .to_string(),
            }
        });
        env.add_function("reference", |list: String| {
            Value::from_serialize(crate::domain::reference::items_of(&list))
        });
        Templates { env }
    }

    /// Renders a page template with the chrome and the page's own data.
    pub fn render(
        &self,
        name: &str,
        chrome: &Chrome,
        data: Value,
    ) -> Result<Html<String>, AppError> {
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|e| anyhow::anyhow!("template {name}: {e}"))?;
        tmpl.render(context! { chrome => chrome, ..data })
            .map(Html)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("rendering {name}: {e:#}")))
    }

    /// Compiles every template, naming the first that does not (for the tests).
    pub fn compile_all(&self) -> Result<usize, String> {
        for (name, _) in TEMPLATES {
            self.env
                .get_template(name)
                .map_err(|e| format!("{name}: {e:#}"))?;
        }
        Ok(TEMPLATES.len())
    }

    /// Renders a component macro with a context, for the fixture tests.
    pub fn render_macro(&self, call: &str, ctx: Value) -> Result<String, String> {
        let src = format!("{{% import 'macros.html' as m %}}{call}");
        self.env.render_str(&src, ctx).map_err(|e| format!("{e:#}"))
    }

    pub fn error_page(
        &self,
        settings: &Settings,
        nonce: &str,
        signed_in: Option<&SignedIn>,
        report: &ErrorReport,
    ) -> Html<String> {
        let mut chrome = Chrome::anonymous(settings, nonce);
        if let Some(s) = signed_in {
            chrome.csrf = crate::web::middleware::mask_token(&s.csrf);
            chrome.path = s.path.clone();
            chrome.set_user(&s.actor);
        }
        self.render("error.html", &chrome, context! { title => report.title, detail => report.detail, status => report.status.as_u16(), fields => report.fields })
            .unwrap_or_else(|_| Html(format!("<!DOCTYPE html><html lang=\"en\"><title>{}</title><h1>{}</h1></html>", report.title, report.title)))
    }
}

/// What every page needs: header, navigation, account, nonce and CSRF token.
#[derive(Debug, Clone, Serialize)]
pub struct Chrome {
    pub nonce: String,
    pub csrf: String,
    pub service_name: String,
    pub organisation_name: String,
    pub nhs_body: bool,
    pub user: Option<ChromeUser>,
    pub nav: Vec<NavItem>,
    pub path: String,
    /// Set when the browser was sent back to this page because what it sent was over
    /// the size limit (`?too_large=file|form|public`): the message to show.
    pub too_large: Option<String>,
    /// Practitioners in the user's organisation who must not practise: every name a page
    /// shows is flagged through `m.person` / `m.flag_for`, so no list can forget it.
    pub must_not_practise: Vec<i64>,
    /// The user accounts linked to those practitioners: a supervisor named as a user is
    /// flagged too (`m.user_flag`).
    pub must_not_practise_users: Vec<i64>,
    /// A page for people who use services (the feedback form and its pages under `/f`):
    /// its header leads to the form's start, not to staff sign-in, and its footer to the
    /// privacy notice written for them.
    pub public: bool,
}

/// Whether `path` is one of the pages for people who use services.
pub fn is_public_path(path: &str) -> bool {
    path == "/f" || path.starts_with("/f/")
}

#[derive(Debug, Clone, Serialize)]
pub struct ChromeUser {
    pub name: String,
    pub email: String,
    pub roles: Vec<&'static str>,
    /// Role codes, for `may_open` in templates.
    pub role_codes: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub active: bool,
}

/// Pages under the Development item of the navigation.
const DEVELOPMENT_PATHS: [&str; 6] = [
    "/development",
    "/cpd",
    "/conversations",
    "/asye",
    "/post-qualifying",
    "/feedback",
];

impl Chrome {
    /// The signed-in header: the person's name, roles and the navigation they may use.
    fn set_user(&mut self, actor: &Actor) {
        self.nav = Chrome::nav_for(actor, &self.path);
        self.user = Some(ChromeUser {
            name: actor.display_name.clone(),
            email: actor.email.clone(),
            roles: actor.roles.iter().map(|r| r.label()).collect(),
            role_codes: actor.roles.iter().map(|r| r.code()).collect(),
        });
    }

    pub fn anonymous(settings: &Settings, nonce: &str) -> Chrome {
        Chrome {
            nonce: nonce.into(),
            csrf: String::new(),
            service_name: settings.deployment.service_name.clone(),
            organisation_name: settings.deployment.organisation_name.clone(),
            nhs_body: settings.deployment.nhs_body,
            user: None,
            nav: vec![],
            path: String::new(),
            too_large: None,
            must_not_practise: Vec::new(),
            must_not_practise_users: Vec::new(),
            public: false,
        }
    }

    /// The Development page has something for anyone with their own practitioner record
    /// (their CPD, ASYE, roles) and for those who oversee CPD, the ASYE or AMHPs.
    fn has_development(actor: &Actor) -> bool {
        actor.practitioner_id.is_some()
            || [
                Capability::ViewCpdReadiness,
                Capability::ViewAsyeCohort,
                Capability::ViewPostQualifyingOverview,
                Capability::ViewFeedbackOverview,
                Capability::ManageFeedbackQuestionnaires,
            ]
            .into_iter()
            .any(|c| actor.can(c))
    }

    fn sees_only_self(actor: &Actor) -> bool {
        actor
            .roles
            .iter()
            .all(|r| *r == crate::domain::Role::Practitioner)
    }

    fn nav_for(actor: &Actor, path: &str) -> Vec<NavItem> {
        // The daily work first, so that at desktop width it is in the header and only the
        // rarely used lists (teams, organisations, users, the audit log) go under "More".
        let items: [(&'static str, &'static str, Option<Capability>); 14] = [
            ("/", "Home", None),
            (
                "/supervision",
                "Supervision",
                Some(Capability::ViewSupervisionDashboard),
            ),
            (
                "/registration",
                "Registration",
                Some(Capability::ViewRegistrationOverview),
            ),
            (
                "/governance",
                "Governance",
                Some(Capability::ViewGovernanceReport),
            ),
            ("/development", "Development", None),
            (
                "/practitioners",
                "Practitioners",
                Some(Capability::ViewPractitioners),
            ),
            // Everyone in the organisation may read it (the home page's card); the
            // navigation item is for those who run it or report on it.
            (
                "/self-assessment",
                "Self-assessment",
                Some(Capability::ViewGovernanceReport),
            ),
            (
                "/workforce",
                "Workforce",
                Some(Capability::ViewWorkforceAggregates),
            ),
            (
                "/national/self-assessment",
                "Self-assessment benchmark",
                Some(Capability::ViewBenchmarkDistribution),
            ),
            ("/teams", "Teams", Some(Capability::ViewTeams)),
            (
                "/organisations",
                "Organisations",
                Some(Capability::ViewOrganisations),
            ),
            ("/users", "Users", Some(Capability::ManageUsers)),
            ("/audit", "Audit log", Some(Capability::ViewAudit)),
            (
                "/data-protection",
                "Data protection",
                Some(Capability::ActOnDataRights),
            ),
        ];
        items
            .into_iter()
            .filter(|(href, _, cap)| {
                cap.is_none_or(|c| actor.can(c))
                    && (*href != "/development" || Chrome::has_development(actor))
                    // A practitioner alone sees only their own record: it is on the home
                    // page ("Your record"), not a list of one.
                    && (*href != "/practitioners" || !Chrome::sees_only_self(actor))
            })
            .map(|(href, label, _)| NavItem {
                href,
                label,
                active: match href {
                    "/" => path == "/",
                    "/development" => DEVELOPMENT_PATHS.iter().any(|p| path.starts_with(p)),
                    _ => path.starts_with(href),
                },
            })
            .collect()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Chrome
where
    super::AppState: axum::extract::FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app: super::AppState = axum::extract::FromRef::from_ref(state);
        let nonce = parts
            .extensions
            .get::<RequestCtx>()
            .map(|c| c.nonce.clone())
            .unwrap_or_default();
        let mut chrome = Chrome::anonymous(&app.settings, &nonce);
        // Masked afresh for every page (`middleware::csrf`): responses are compressed.
        chrome.csrf = parts
            .extensions
            .get::<CsrfToken>()
            .map(|c| crate::web::middleware::mask_token(&c.0))
            .unwrap_or_default();
        chrome.path = parts.uri.path().to_string();
        chrome.public = is_public_path(&chrome.path);
        chrome.too_large = too_large_message(parts.uri.query(), &app.settings.server);
        if let Some(actor) = parts.extensions.get::<Actor>() {
            chrome.set_user(actor);
            if let Some(org) = actor.org_id {
                let flagged =
                    crate::service::registration::must_not_practise_ids(&app.db, org).await?;
                chrome.must_not_practise = flagged.iter().map(|(p, _)| *p).collect();
                chrome.must_not_practise_users = flagged.iter().filter_map(|(_, u)| *u).collect();
            }
        }
        Ok(chrome)
    }
}

/// The message for a page shown again after a too-large request (see `middleware::guard`).
fn too_large_message(
    query: Option<&str>,
    server: &crate::config::ServerSettings,
) -> Option<String> {
    use crate::error::size_in_words;
    let kind = form_urlencoded::parse(query?.as_bytes())
        .find(|(k, _)| k == "too_large")
        .map(|(_, v)| v.into_owned())?;
    Some(match kind.as_str() {
        "file" => format!(
            "The file must be smaller than {}",
            size_in_words(server.max_body_bytes)
        ),
        "public" => format!(
            "What you sent must be smaller than {}. Shorten your comment and send it again",
            size_in_words(server.max_public_body_bytes)
        ),
        _ => format!(
            "What you sent must be smaller than {}. Shorten it and try again",
            size_in_words(server.max_body_bytes)
        ),
    })
}

/// A template value as an English date, by `format`, or the value unchanged.
fn english_date(v: &minijinja::Value, format: fn(time::Date) -> String) -> minijinja::Value {
    match v.as_str().and_then(crate::domain::dates::parse_iso_day) {
        // Digits, letters, spaces and slashes only: nothing to escape (and "/" kept readable).
        Some(d) => minijinja::Value::from_safe_string(format(d)),
        None => v.clone(),
    }
}
