//! Every route x every role x (own organisation's record, another organisation's record).
//! The expectations below are written out by hand, independently of the rules declared in `web::routes`, and
//! the test fails if any registered route has no expectation here (or the reverse).

use crate::helpers::*;
use mhsw::domain::Role;
use mhsw::domain::Role::*;
use std::collections::BTreeSet;

const ALL: &[Role] = &Role::ALL;
const ORG_ROLES: &[Role] = &[
    Practitioner,
    Supervisor,
    TeamManager,
    PrincipalSocialWorker,
    WorkforceLead,
    OrgAdmin,
];
const EDIT_PEOPLE: &[Role] = &[PrincipalSocialWorker, WorkforceLead, OrgAdmin];
const EDIT_TEAMS: &[Role] = &[PrincipalSocialWorker, OrgAdmin];
const LEADS: &[Role] = &[PrincipalSocialWorker, OrgAdmin];
const AGGREGATES: &[Role] = &[PrincipalSocialWorker, WorkforceLead, NationalAnalyst];
const SUPERVISION: &[Role] = &[Practitioner, Supervisor, TeamManager, PrincipalSocialWorker];
const SUPERVISING: &[Role] = &[Supervisor, TeamManager, PrincipalSocialWorker];
const SUPERVISED: &[Role] = &[Practitioner, Supervisor, TeamManager];
const REGISTRATION_OVERVIEW: &[Role] = &[TeamManager, PrincipalSocialWorker, WorkforceLead];
const REGISTRATION_CHECK: &[Role] = &[PrincipalSocialWorker, WorkforceLead];
/// Anyone who may have their own practitioner record keeps their own CPD.
const OWN_CPD: &[Role] = &[Practitioner, Supervisor, TeamManager, PrincipalSocialWorker];
/// The same people keep their own collaborative conversation notes.
const OWN_CONVERSATIONS: &[Role] = OWN_CPD;
const CPD_READINESS: &[Role] = &[
    Supervisor,
    TeamManager,
    PrincipalSocialWorker,
    WorkforceLead,
];
const ASYE_COHORT: &[Role] = &[
    Supervisor,
    TeamManager,
    PrincipalSocialWorker,
    WorkforceLead,
];
const PQ_LEADS: &[Role] = &[PrincipalSocialWorker, WorkforceLead];
/// Feedback team and organisation views.
const FEEDBACK_OVERVIEW: &[Role] = &[TeamManager, PrincipalSocialWorker, WorkforceLead];

/// The strategic statement: read by managers, the PSW and the workforce lead; drafted and
/// edited by the PSW only.
const STATEMENT_READERS: &[Role] = &[TeamManager, PrincipalSocialWorker, WorkforceLead];

/// Concerns: any social worker, their managers, the PSW and the workforce lead.
const RAISE_CONCERNS: &[Role] = &[
    Practitioner,
    Supervisor,
    TeamManager,
    PrincipalSocialWorker,
    WorkforceLead,
];

/// Stocktake returns.
const STOCKTAKE: &[Role] = &[PrincipalSocialWorker, WorkforceLead, NationalAnalyst];

/// Who may use each route: `None` means public (no sign-in needed).
fn expectation(method: &str, path: &str) -> Option<Option<&'static [Role]>> {
    let roles: Option<&'static [Role]> = match (method, path) {
        (
            "GET",
            "/health" | "/metrics" | "/sign-in" | "/accessibility" | "/privacy" | "/assets/{*path}"
            | "/api/openapi.json" | "/calendar/{feed}" | "/f" | "/f/thank-you" | "/f/privacy"
            | "/f/{code}"
            | "/survey/thank-you"
            | "/survey/{link}"
            // The stocktake's templates hold no data.
            | "/stocktake/template.csv"
            | "/stocktake/template.xlsx",
        )
        | ("GET", "/sign-in/code")
        | ("POST", "/sign-in" | "/sign-in/code" | "/f/{code}" | "/survey/{link}") => None,
        // Single sign-on: anyone may start and come back (the service checks what comes
        // back; tests/it/sso.rs against a real provider), and fetch mhsw's public key for a
        // provider that takes signed client assertions; the admin sets the rules.
        (
            "GET",
            "/sign-in/sso/{provider}"
            | "/sign-in/sso/{provider}/callback"
            | "/sign-in/sso/{provider}/signed-out"
            | "/sign-in/sso/{provider}/jwks.json",
        ) => None,
        ("GET", "/users/single-sign-on" | "/api/v1/single-sign-on/providers")
        | (
            "POST",
            "/users/single-sign-on/{provider}/rules"
            | "/users/single-sign-on/rules/{id}/remove"
            | "/api/v1/single-sign-on/providers/{provider}/rules",
        )
        | ("DELETE", "/api/v1/single-sign-on/rules/{id}") => Some(&[OrgAdmin]),
        // Two-step sign-in: anyone's own account.
        ("GET" | "POST", "/account/two-step")
        | ("POST", "/account/two-step/start" | "/account/two-step/remove") => Some(ALL),
        // Subject access and retention: the data protection officer alone.
        (
            "GET",
            "/data-protection"
            | "/data-protection/people/{id}"
            | "/data-protection/people/{id}/export.json"
            | "/data-protection/accounts/{id}"
            | "/data-protection/accounts/{id}/export.json"
            | "/data-protection/retention"
            | "/api/v1/data-protection/subjects"
            | "/api/v1/data-protection/people/{id}"
            | "/api/v1/data-protection/accounts/{id}"
            | "/api/v1/data-protection/retention",
        ) => Some(&[DataProtectionOfficer]),
        // Feedback: one's own cards and results; a named supervisor (or the practitioner)
        // reads shared results; an admin makes cards to post; managers see aggregates.
        ("GET", "/feedback" | "/api/v1/me/feedback")
        | (
            "POST",
            "/feedback/cards"
            | "/feedback/cards/{id}/withdraw"
            | "/feedback/share"
            | "/api/v1/me/feedback/cards",
        )
        | ("DELETE", "/api/v1/feedback/cards/{id}")
        | ("PUT", "/api/v1/me/feedback/shared")
        | ("POST", "/feedback/cpd" | "/api/v1/me/feedback/cpd") => Some(OWN_CPD),
        // A named supervisor, or the practitioner previewing what they would see.
        ("GET", "/practitioners/{id}/feedback" | "/api/v1/practitioners/{id}/feedback") => {
            Some(OWN_CPD)
        }
        ("GET", "/practitioners/{id}/feedback/cards")
        | (
            "POST",
            "/practitioners/{id}/feedback/cards" | "/api/v1/practitioners/{id}/feedback/cards",
        ) => Some(&[OrgAdmin]),
        ("GET", "/feedback/overview" | "/api/v1/feedback/overview") => Some(FEEDBACK_OVERVIEW),
        (
            "GET",
            "/feedback/questionnaires"
            | "/feedback/questionnaires/{audience}/adapt"
            | "/api/v1/feedback/questionnaires",
        )
        | (
            "POST",
            "/feedback/questionnaires/{audience}/adapt"
            | "/api/v1/feedback/questionnaires/{audience}",
        ) => Some(&[PrincipalSocialWorker]),
        ("GET", "/account" | "/api/v1/me/tokens")
        | ("POST", "/account/tokens" | "/account/tokens/{id}/revoke")
        | ("DELETE", "/api/v1/me/tokens/{id}")
        | ("GET" | "POST", "/account/calendar")
        | ("POST", "/account/calendar/revoke")
        | ("POST" | "DELETE", "/api/v1/me/calendar-feed") => Some(ALL),
        ("POST", "/sign-out") | ("GET", "/" | "/development" | "/api/v1/me") => Some(ALL),
        (
            "GET",
            "/organisations"
            | "/organisations/{id}"
            | "/api/v1/organisations"
            | "/api/v1/organisations/{id}",
        ) => Some(ALL),
        ("GET" | "POST", "/organisations/{id}/edit") | ("PUT", "/api/v1/organisations/{id}") => {
            Some(&[OrgAdmin])
        }
        ("GET", "/teams" | "/teams/{id}" | "/api/v1/teams" | "/api/v1/teams/{id}") => {
            Some(ORG_ROLES)
        }
        ("GET" | "POST", "/teams/new" | "/teams/{id}/edit")
        | ("POST", "/api/v1/teams")
        | ("PUT", "/api/v1/teams/{id}") => Some(EDIT_TEAMS),
        (
            "GET",
            "/practitioners"
            | "/practitioners/{id}"
            | "/api/v1/practitioners"
            | "/api/v1/practitioners/{id}",
        ) => Some(ORG_ROLES),
        (
            "GET" | "POST",
            "/practitioners/new" | "/practitioners/{id}/edit" | "/practitioners/import",
        )
        | ("GET", "/practitioners/import/{id}")
        | (
            "POST",
            "/practitioners/import/{id}/apply"
            | "/api/v1/practitioners/imports"
            | "/api/v1/practitioners/imports/{id}/apply",
        )
        | ("POST", "/api/v1/practitioners")
        | ("PUT", "/api/v1/practitioners/{id}") => Some(EDIT_PEOPLE),
        ("GET", "/users" | "/users/new" | "/users/{id}/edit" | "/api/v1/users")
        | ("POST", "/users/new" | "/users/{id}/edit" | "/api/v1/users")
        | ("PUT", "/api/v1/users/{id}") => Some(&[OrgAdmin]),
        ("GET", "/audit" | "/audit.csv" | "/api/v1/audit") => Some(LEADS),
        ("GET", "/workforce" | "/api/v1/workforce")
        | (
            "GET",
            "/stocktake/national" | "/stocktake/national.xlsx" | "/api/v1/stocktake/national",
        ) => Some(AGGREGATES),
        // Self-assessment: everyone in the organisation reads it; the PSW opens cycles, names
        // leads, records who took part and signs off. Rating and actions are open to all at
        // the route; the service lets the domain's lead and the action's owner (which the
        // fixture makes the acting user) and the PSW through (`self_assessment.rs` covers
        // refusals).
        (
            "GET",
            "/self-assessment/cycles/new"
            | "/self-assessment/cycles/{id}/leads"
            | "/self-assessment/cycles/{id}/participants",
        )
        | (
            "POST",
            "/self-assessment/cycles/new"
            | "/self-assessment/cycles/{id}/sign-off"
            | "/self-assessment/cycles/{id}/leads"
            | "/self-assessment/cycles/{id}/participants"
            | "/self-assessment/cycles/{id}/participants/remove"
            | "/api/v1/self-assessment/cycles"
            | "/api/v1/self-assessment/cycles/{id}/participants"
            | "/api/v1/self-assessment/cycles/{id}/sign-off",
        )
        | ("PUT", "/api/v1/self-assessment/cycles/{id}/leads") => Some(&[PrincipalSocialWorker]),
        (
            "GET",
            "/self-assessment"
            | "/self-assessment/cycles/{id}"
            | "/self-assessment/cycles/{id}/domains/{domain}"
            | "/self-assessment/cycles/{id}/criteria/{code}"
            | "/self-assessment/cycles/{id}/compare"
            | "/self-assessment/cycles/{id}/export.xlsx"
            | "/self-assessment/cycles/{id}/print"
            | "/self-assessment/cycles/{id}/actions/new"
            | "/self-assessment/actions"
            | "/self-assessment/actions/{id}"
            | "/api/v1/self-assessment"
            | "/api/v1/self-assessment/frameworks"
            | "/api/v1/self-assessment/cycles/{id}"
            | "/api/v1/self-assessment/actions"
            | "/api/v1/self-assessment/actions/{id}",
        )
        | (
            "POST",
            "/self-assessment/cycles/{id}/criteria/{code}"
            | "/self-assessment/cycles/{id}/actions/new"
            | "/self-assessment/actions/{id}"
            | "/api/v1/self-assessment/cycles/{id}/actions",
        )
        | (
            "PUT",
            "/api/v1/self-assessment/cycles/{id}/criteria/{code}"
            | "/api/v1/self-assessment/actions/{id}",
        ) => Some(ORG_ROLES),
        (
            "GET",
            "/api/v1/practitioners/{id}/supervision"
            | "/api/v1/supervision/sessions/{id}"
            | "/practitioners/{id}/supervision"
            | "/supervision/sessions/{id}",
        )
        | (
            "POST",
            "/api/v1/practitioners/{id}/supervision/agreement/acknowledge"
            | "/api/v1/supervision/sessions/{id}/cancel"
            | "/practitioners/{id}/supervision/agreement/acknowledge"
            | "/supervision/sessions/{id}/cancel",
        ) => Some(SUPERVISION),
        ("PUT", "/api/v1/practitioners/{id}/supervision/agreement")
        | (
            "POST",
            "/api/v1/practitioners/{id}/supervision/sessions"
            | "/api/v1/supervision/sessions/{id}/held"
            | "/practitioners/{id}/supervision/agreement"
            | "/practitioners/{id}/supervision/sessions/new"
            | "/supervision/sessions/{id}/held",
        )
        | (
            "GET",
            "/api/v1/supervision/dashboard"
            | "/supervision"
            | "/practitioners/{id}/supervision/agreement"
            | "/practitioners/{id}/supervision/sessions/new",
        ) => Some(SUPERVISING),
        (
            "POST",
            "/api/v1/supervision/sessions/{id}/confirm" | "/supervision/sessions/{id}/confirm",
        )
        | ("GET", "/my-supervision") => Some(SUPERVISED),
        // Quality pulse: the supervisee answers; the supervising roles see grouped results.
        ("GET", "/supervision/pulse" | "/api/v1/supervision/pulse") => Some(SUPERVISING),
        ("GET", "/supervision/sessions/{id}/pulse")
        | (
            "POST",
            "/supervision/sessions/{id}/pulse" | "/api/v1/supervision/sessions/{id}/pulse",
        ) => Some(SUPERVISED),
        ("GET", "/registration" | "/api/v1/registration") => Some(REGISTRATION_OVERVIEW),
        (
            "GET",
            "/strategic-statement" | "/strategic-statement/print" | "/api/v1/strategic-statement",
        ) => Some(STATEMENT_READERS),
        ("GET", "/strategic-statement/edit")
        | (
            "POST",
            "/strategic-statement/generate"
            | "/strategic-statement/edit"
            | "/api/v1/strategic-statement/generate",
        )
        | ("PUT", "/api/v1/strategic-statement") => Some(&[PrincipalSocialWorker]),
        (
            "GET",
            "/governance"
            | "/governance.csv"
            | "/governance.xlsx"
            | "/api/v1/governance"
            // The report's lists, a page at a time: whoever reads the report.
            | "/governance/overdue"
            | "/governance/unconfirmed",
        ) => Some(REGISTRATION_OVERVIEW),
        ("GET", "/practitioners/{id}/registration" | "/api/v1/practitioners/{id}/registration") => {
            Some(ORG_ROLES)
        }
        (
            "GET",
            "/registration/check"
            | "/registration/check/batches/{n}"
            | "/registration/check/problems/{id}"
            | "/registration/check/imports/{id}"
            | "/practitioners/{id}/registration/edit"
            | "/api/v1/registration/check/batches",
        )
        | (
            "POST",
            "/registration/check"
            | "/registration/check/imports/{id}/apply"
            | "/practitioners/{id}/registration/edit"
            | "/api/v1/registration/check/imports"
            | "/api/v1/registration/check/imports/{id}/apply",
        )
        | ("PUT", "/api/v1/practitioners/{id}/registration") => Some(REGISTRATION_CHECK),
        // CPD: the practitioner's own portfolio; readiness (counts only) for managers.
        (
            "GET",
            "/cpd"
            | "/cpd/new"
            | "/cpd/records/{id}"
            | "/cpd/records/{id}/edit"
            | "/cpd/export"
            | "/cpd/export.txt"
            | "/cpd/export.xlsx"
            | "/api/v1/me/cpd"
            | "/api/v1/cpd/records/{id}",
        )
        | (
            "POST",
            "/cpd/new"
            | "/cpd/records/{id}/edit"
            | "/cpd/records/{id}/delete"
            | "/cpd/records/{id}/share"
            | "/supervision/sessions/{id}/cpd"
            | "/api/v1/me/cpd"
            | "/api/v1/supervision/sessions/{id}/cpd",
        )
        | ("PUT", "/api/v1/cpd/records/{id}" | "/api/v1/cpd/records/{id}/shared")
        | ("POST", "/cpd/declaration")
        | ("PUT", "/api/v1/me/cpd/declaration")
        | ("DELETE", "/api/v1/cpd/records/{id}") => Some(OWN_CPD),
        (
            "GET",
            "/cpd/readiness"
            | "/api/v1/cpd/readiness"
            | "/practitioners/{id}/cpd"
            | "/api/v1/practitioners/{id}/cpd",
        ) => Some(CPD_READINESS),
        // Collaborative conversations: the practitioner's own notes (a named supervisor reads
        // a shared one through the same routes; `conversations.rs` covers that).
        (
            "GET",
            "/conversations"
            | "/conversations/new"
            | "/conversations/{id}"
            | "/conversations/{id}/edit"
            | "/api/v1/me/conversations"
            | "/api/v1/conversations/{id}",
        )
        | (
            "POST",
            "/conversations/new"
            | "/conversations/{id}/edit"
            | "/conversations/{id}/share"
            | "/conversations/{id}/cpd"
            | "/conversations/{id}/delete"
            | "/api/v1/me/conversations"
            | "/api/v1/conversations/{id}/cpd",
        )
        | ("PUT", "/api/v1/conversations/{id}" | "/api/v1/conversations/{id}/shared")
        | ("DELETE", "/api/v1/conversations/{id}") => Some(OWN_CONVERSATIONS),
        // ASYE: the NQSW and those who supervise see the programme (the NQSW adds evidence
        // and protected time); supervisors, managers and the PSW assess; the PSW manages.
        ("GET", "/asye" | "/api/v1/asye") => Some(ASYE_COHORT),
        (
            "GET",
            "/practitioners/{id}/asye"
            | "/api/v1/practitioners/{id}/asye"
            | "/practitioners/{id}/asye/evidence/new"
            | "/practitioners/{id}/asye/protected-time/new",
        )
        | (
            "POST",
            "/practitioners/{id}/asye/evidence/new"
            | "/practitioners/{id}/asye/protected-time/new"
            | "/api/v1/practitioners/{id}/asye/evidence"
            | "/api/v1/practitioners/{id}/asye/protected-time",
        ) => Some(SUPERVISION),
        ("GET", "/practitioners/{id}/asye/reviews/new")
        | (
            "POST",
            "/practitioners/{id}/asye/reviews/new"
            | "/practitioners/{id}/asye/evidence/sign-off"
            | "/api/v1/practitioners/{id}/asye/reviews"
            | "/api/v1/practitioners/{id}/asye/evidence/sign-off",
        ) => Some(SUPERVISING),
        (
            "GET",
            "/practitioners/{id}/asye/programme"
            | "/practitioners/{id}/asye/pauses/new"
            | "/practitioners/{id}/asye/pauses/end"
            | "/practitioners/{id}/asye/panel",
        )
        | (
            "POST",
            "/practitioners/{id}/asye/programme"
            | "/practitioners/{id}/asye/pauses/new"
            | "/practitioners/{id}/asye/pauses/end"
            | "/practitioners/{id}/asye/panel"
            | "/api/v1/practitioners/{id}/asye/pauses"
            | "/api/v1/practitioners/{id}/asye/pauses/end"
            | "/api/v1/practitioners/{id}/asye/panel",
        )
        | ("PUT", "/api/v1/practitioners/{id}/asye") => Some(&[PrincipalSocialWorker]),
        // Post-qualifying roles: everyone with a record sees their own (and logs their own
        // training and assessments: every test user is linked to the own practitioner);
        // the PSW and workforce lead record approvals and roles and see the organisation.
        (
            "GET",
            "/practitioners/{id}/post-qualifying"
            | "/practitioners/{id}/post-qualifying/training"
            | "/practitioners/{id}/post-qualifying/assessments"
            | "/api/v1/practitioners/{id}/post-qualifying",
        )
        | (
            "POST",
            "/practitioners/{id}/post-qualifying/training"
            | "/practitioners/{id}/post-qualifying/assessments"
            | "/api/v1/practitioners/{id}/post-qualifying/training"
            | "/api/v1/practitioners/{id}/post-qualifying/assessments"
            | "/practitioners/{id}/post-qualifying/activity/remove"
            | "/api/v1/practitioners/{id}/post-qualifying/activity/remove",
        ) => Some(ORG_ROLES),
        ("GET" | "POST", "/social-work-lead") | ("PUT", "/api/v1/social-work-lead") => Some(LEADS),
        // Partnership agreements: read by the organisation's leads, made by its admin.
        (
            "GET",
            "/partnerships"
            | "/partnerships/{id}"
            | "/api/v1/partnerships"
            | "/api/v1/partnerships/{id}",
        ) => Some(&[PrincipalSocialWorker, WorkforceLead, OrgAdmin]),
        ("GET", "/partnerships/new")
        | (
            "POST",
            "/partnerships"
            | "/partnerships/{id}/accept"
            | "/partnerships/{id}/decline"
            | "/partnerships/{id}/end"
            | "/api/v1/partnerships"
            | "/api/v1/partnerships/{id}/accept"
            | "/api/v1/partnerships/{id}/decline"
            | "/api/v1/partnerships/{id}/end",
        ) => Some(&[OrgAdmin]),
        (
            "GET",
            "/post-qualifying"
            | "/api/v1/post-qualifying"
            // The organisation view's lists: whoever sees the view (succession names
            // people only for the workforce lead, checked in `post_qualifying.rs`).
            | "/post-qualifying/shortfalls"
            | "/post-qualifying/reapproval-due"
            | "/post-qualifying/approvals-ending"
            | "/post-qualifying/due"
            | "/post-qualifying/succession",
        )
        | ("GET" | "POST", "/post-qualifying/amhps-needed")
        | ("PUT", "/api/v1/post-qualifying/amhps-needed")
        | (
            "GET" | "POST",
            "/practitioners/{id}/post-qualifying/approval"
            | "/practitioners/{id}/post-qualifying/suspension"
            | "/practitioners/{id}/post-qualifying/roles",
        )
        | (
            "PUT",
            "/api/v1/practitioners/{id}/post-qualifying/approval"
            | "/api/v1/practitioners/{id}/post-qualifying/roles",
        )
        | ("POST", "/api/v1/practitioners/{id}/post-qualifying/suspensions") => Some(PQ_LEADS),
        // Self-assessment benchmark: anyone in an organisation sees where it stands (peers
        // only once it takes part, checked in the service); the PSW decides whether it takes
        // part; the national analyst alone sees the distribution. No {id}: always one's own.
        ("GET", "/self-assessment/benchmark" | "/api/v1/self-assessment/benchmark") => {
            Some(ORG_ROLES)
        }
        ("POST", "/self-assessment/benchmark/consent")
        | ("PUT", "/api/v1/self-assessment/benchmark/consent") => Some(&[PrincipalSocialWorker]),
        ("GET", "/national/self-assessment" | "/api/v1/national/self-assessment") => {
            Some(&[NationalAnalyst])
        }
        // The FHIR export: whoever sees practitioners, of those they see.
        ("GET", "/api/v1/fhir/practitioners") => Some(ORG_ROLES),
        // Stocktake returns: an organisation's leads send and read its own; the national
        // analyst sends and reads any organisation's.
        (
            "GET",
            "/stocktake"
            | "/stocktake/returns/{id}"
            | "/api/v1/stocktake/returns"
            | "/api/v1/stocktake/returns/{id}",
        )
        | ("POST", "/stocktake" | "/api/v1/stocktake/returns") => Some(STOCKTAKE),
        // An organisation's workforce intelligence, and the figures it is given, are for
        // its leads.
        (
            "GET",
            "/workforce.xlsx" | "/api/v1/workforce/intelligence" | "/workforce/plan",
        )
        | ("POST", "/workforce/plan/establishments" | "/workforce/plan/years")
        | ("PUT", "/api/v1/workforce/establishments" | "/api/v1/workforce/years") => {
            Some(PQ_LEADS)
        }
        // The board report: an organisation's leads.
        (
            "GET",
            "/board-report" | "/board-report.xlsx" | "/board-report.pdf" | "/api/v1/board-report",
        ) => Some(PQ_LEADS),
        // Concerns: raised and followed by social workers; a concern's page is for its
        // principal social worker, the person answering it and its named sender (the walk's
        // fixture is a concern each role's user raised with their name); triage is the PSW's.
        (
            "GET",
            "/concerns/new" | "/concerns/follow",
        )
        | ("POST", "/concerns/new" | "/concerns/follow" | "/concerns/follow/reply" | "/api/v1/concerns") => {
            Some(RAISE_CONCERNS)
        }
        ("GET", "/concerns" | "/concerns/{id}" | "/api/v1/concerns" | "/api/v1/concerns/{id}")
        | ("POST", "/concerns/{id}/reply" | "/api/v1/concerns/{id}/messages") => {
            Some(RAISE_CONCERNS)
        }
        ("POST", "/concerns/{id}/assign" | "/concerns/{id}/close") => {
            Some(&[PrincipalSocialWorker])
        }
        // The exit questionnaire: anyone who may be a social worker opens it (the service
        // then checks their leaving day: the walk's users are not leaving, so they are told
        // so, and a POST is refused as a conflict); the answers are for the leads.
        ("GET" | "POST", "/exit-questionnaire") => Some(RAISE_CONCERNS),
        ("GET", "/workforce/leavers" | "/api/v1/workforce/leavers") => Some(PQ_LEADS),
        // The wellbeing survey: its leads run cycles and read results (the walk's fixture
        // is an open cycle in each organisation); anyone who may be a social worker answers
        // one they were invited to (the walk's users are the trust's first practitioner);
        // an emailed link is public, its secret the credential.
        (
            "GET",
            "/surveys" | "/surveys/{id}" | "/api/v1/surveys" | "/api/v1/surveys/{id}/results",
        )
        | (
            "POST",
            "/surveys"
            | "/surveys/{id}/invitations"
            | "/surveys/{id}/reminders"
            | "/surveys/{id}/close"
            | "/api/v1/surveys",
        ) => Some(PQ_LEADS),
        ("GET", "/wellbeing-survey" | "/wellbeing-survey/{id}")
        | ("POST", "/wellbeing-survey/{id}") => Some(RAISE_CONCERNS),
        // A team's skills audit and role-clarity reviews: team managers and the leads read
        // them; the team's own team manager (the walk's fixture team is theirs) and the PSW
        // change them.
        ("GET", "/teams/{id}/skills" | "/api/v1/teams/{id}/skills") => {
            Some(&[TeamManager, PrincipalSocialWorker, WorkforceLead])
        }
        ("POST", "/teams/{id}/skills" | "/teams/{id}/role-clarity") => {
            Some(&[TeamManager, PrincipalSocialWorker])
        }
        // Appraisals: the overview (dates only) for team managers and the leads; an
        // appraisal for its two parties (the walk's fixture makes each user both); the
        // appraiser's part for team managers and the PSW.
        ("GET", "/appraisals" | "/api/v1/appraisals") => {
            Some(&[TeamManager, PrincipalSocialWorker, WorkforceLead])
        }
        ("GET", "/my-appraisals" | "/appraisals/{id}" | "/api/v1/appraisals/{id}")
        | ("POST", "/appraisals/{id}/evidence" | "/appraisals/{id}/sign") => Some(OWN_CPD),
        ("POST", "/practitioners/{id}/appraisals" | "/appraisals/{id}") => {
            Some(&[TeamManager, PrincipalSocialWorker])
        }
        // Sickness absence: the leads read the aggregates; the HR lead records episodes.
        ("GET", "/workforce/absence" | "/api/v1/workforce/absence") => Some(PQ_LEADS),
        ("POST", "/workforce/absence" | "/workforce/absence/import" | "/api/v1/workforce/absence/episodes") => {
            Some(&[WorkforceLead])
        }
        // Generating it from the records is for an organisation's leads.
        ("GET", "/stocktake/generate" | "/api/v1/stocktake/generated")
        | ("POST", "/stocktake/generate" | "/api/v1/stocktake/generated") => {
            Some(&[PrincipalSocialWorker, WorkforceLead])
        }
        _ => return None,
    };
    Some(roles)
}

#[test]
fn every_route_has_an_expectation() {
    // Each route is declared with its rule (`web::routes`), so the router and the rules
    // cannot disagree; what is left to check is that this file expects something of each.
    let registered: BTreeSet<_> = mhsw::web::routes::RULES
        .iter()
        .map(|r| (r.method, r.path))
        .collect();
    let missing: Vec<_> = registered
        .iter()
        .filter(|(m, p)| expectation(m, p).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "routes without an expectation in this test: {missing:?}"
    );
}

/// Ids of records in the trust (own) and in the independent provider (another
/// organisation, with no partnership).
struct Ids {
    own: [(&'static str, i64); 22],
    other: [(&'static str, i64); 22],
    /// Whose the own organisation's fixtures are: a note deleted by the walk is replaced.
    own_practitioner: i64,
}

/// A held, unconfirmed session of `practitioner` with `supervisor`, straight into the
/// database: the fixture the session routes act on.
async fn held_session(t: &TestApp, practitioner: i64, supervisor: i64) -> i64 {
    let mut conn = t.db.connection().await.unwrap();
    let today = crate::helpers::today();
    mhsw::store::supervision::insert_session(
        &mut conn,
        &mhsw::store::supervision::NewSession {
            practitioner_id: practitioner,
            supervisor_user_id: supervisor,
            session_type: "professional".into(),
            scheduled_on: today,
            held: Some((today, 90)),
            notes: Default::default(),
            rebooked_from_id: None,
        },
    )
    .await
    .unwrap()
}

/// The calendar feed token `fill` puts in `/calendar/{feed}`, (re)assigned to `user`. The
/// walk reaches the feed before `/account/calendar` (which replaces or stops it) because
/// the feed comes first in `web::routes::RULES`.
const FEED_TOKEN: &str = "policy-matrix-feed-token";

async fn give_feed(t: &TestApp, user: i64) {
    let hash = mhsw::service::accounts::sha256_hex(FEED_TOKEN);
    mhsw::store::engine::query(
        "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, '2026-01-01T00:00:00Z')
         ON CONFLICT (token_hash) DO UPDATE SET user_id = excluded.user_id, revoked_at = NULL",
    )
    .bind(user)
    .bind(hash)
    .execute(&t.db.pool)
    .await
    .unwrap();
}

async fn ids(t: &TestApp, user_email: &str) -> Ids {
    let trust = t.org_id("R9N").await;
    let harbour = t.org_id("HH9C3").await;
    let own_prac = t.first_trust_practitioner().await;
    let own_team = t
        .scalar_i64(&format!(
            "SELECT team_id FROM practitioners WHERE id = {own_prac}"
        ))
        .await;
    let own_user = t.user_id(user_email).await;
    let other_prac = t
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM practitioners WHERE employer_org_id = {harbour}"
        ))
        .await;
    let other_team = t
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM teams WHERE org_id = {harbour}"
        ))
        .await;
    let other_user = t.user_id(HARBOUR_ADMIN).await;
    give_feed(t, own_user).await;
    let own_session = held_session(t, own_prac, own_user).await;
    let other_session = held_session(t, other_prac, other_user).await;
    let own_import = pending_import(t, trust, own_user).await;
    let other_import = pending_import(t, harbour, other_user).await;
    let own_cpd = submitted_cpd(t, own_prac).await;
    let other_cpd = submitted_cpd(t, other_prac).await;
    let own_card = feedback_card(t, own_prac).await;
    let other_card = feedback_card(t, other_prac).await;
    let own_note = conversation(t, own_prac).await;
    let other_note = conversation(t, other_prac).await;
    let (own_cycle, own_action) = self_assessment(t, trust, own_user).await;
    let (other_cycle, other_action) = self_assessment(t, harbour, other_user).await;
    let own_token = token_id(t, user_email).await;
    let own_problems = problem_report(t, own_user).await;
    let other_problems = problem_report(t, other_user).await;
    let own_staff_import = staff_import(t, trust, own_user).await;
    let other_staff_import = staff_import(t, harbour, other_user).await;
    let other_token = token_id(t, HARBOUR_ADMIN).await;
    let city = t.org_id("LA9E2").await;
    let own_agreement = proposed_agreement(t, trust, city).await;
    let other_agreement = proposed_agreement(t, harbour, city).await;
    let own_return = stocktake_return(t, trust).await;
    let other_return = stocktake_return(t, harbour).await;
    let own_concern = concern(t, trust, own_user).await;
    let other_concern = concern(t, harbour, other_user).await;
    let own_survey = survey_cycle(t, trust).await;
    let other_survey = survey_cycle(t, harbour).await;
    let own_appraisal = appraisal(t, own_prac, trust, own_user).await;
    let other_appraisal = appraisal(t, other_prac, harbour, other_user).await;
    Ids {
        own: [
            ("organisations", trust),
            ("teams", own_team),
            ("practitioners", own_prac),
            ("users", own_user),
            ("supervision", own_session),
            ("registration", own_import),
            ("cpd", own_cpd),
            ("feedback", own_card),
            ("conversations", own_note),
            ("self-assessment", own_cycle),
            ("self-assessment-actions", own_action),
            ("tokens", own_token),
            ("problems", own_problems),
            ("staff-imports", own_staff_import),
            ("partnerships", own_agreement),
            ("stocktake", own_return),
            ("concerns", own_concern),
            ("surveys", own_survey),
            ("wellbeing-survey", own_survey),
            ("appraisals", own_appraisal),
            ("accounts", t.user_id(ADMIN).await),
            ("sso-rules", sso_rule(t, trust, "northshire").await),
        ],
        other: [
            ("organisations", harbour),
            ("teams", other_team),
            ("practitioners", other_prac),
            ("users", other_user),
            ("supervision", other_session),
            ("registration", other_import),
            ("cpd", other_cpd),
            ("feedback", other_card),
            ("conversations", other_note),
            ("self-assessment", other_cycle),
            ("self-assessment-actions", other_action),
            ("tokens", other_token),
            ("problems", other_problems),
            ("staff-imports", other_staff_import),
            ("partnerships", other_agreement),
            ("stocktake", other_return),
            ("concerns", other_concern),
            ("surveys", other_survey),
            ("wellbeing-survey", other_survey),
            ("appraisals", other_appraisal),
            ("accounts", other_user),
            ("sso-rules", sso_rule(t, harbour, "harbour").await),
        ],
        own_practitioner: own_prac,
    }
}

/// An appraisal in progress of `practitioner` in `org` with `appraiser` as appraiser (the
/// walk's users are both parties of their organisation's, so each party's route has one to
/// act on); any earlier one of the same person goes first.
async fn appraisal(t: &TestApp, practitioner: i64, org: i64, appraiser: i64) -> i64 {
    mhsw::store::engine::query("DELETE FROM appraisals WHERE practitioner_id = $1")
        .bind(practitioner)
        .execute(&t.db.pool)
        .await
        .unwrap();
    let mut conn = t.db.connection().await.unwrap();
    mhsw::store::appraisal::insert(
        &mut conn,
        practitioner,
        org,
        appraiser,
        crate::helpers::today(),
    )
    .await
    .unwrap()
}

/// An open wellbeing survey cycle in `org`, its staff invited: the fixture the survey routes
/// act on (the walk closes it, so each role gets a fresh one).
async fn survey_cycle(t: &TestApp, org: i64) -> i64 {
    let today = crate::helpers::today();
    let mut conn = t.db.connection().await.unwrap();
    let (id, _) = mhsw::store::survey::open(
        &mut conn,
        &mhsw::store::survey::NewCycle {
            org_id: org,
            partner_org_id: None,
            instrument: "wellbeing-v1",
            title: "Policy matrix survey",
            opened_on: today,
            closes_on: today + time::Duration::days(14),
            opened_by: None,
        },
    )
    .await
    .unwrap();
    id
}

/// A concern `user` raised with their name in `org`: the fixture the concern routes act on.
async fn concern(t: &TestApp, org: i64, user: i64) -> i64 {
    let concern = mhsw::domain::concern::ConcernInput {
        category: "workload".into(),
        summary: "Caseloads above the agreed limit".into(),
        details: "Twelve cases each over the limit for three months".into(),
        anonymous: "no".into(),
    }
    .parse()
    .unwrap();
    let today = crate::helpers::today();
    let mut conn = t.db.connection().await.unwrap();
    mhsw::store::concerns::insert(
        &mut conn,
        &mhsw::store::concerns::NewRow {
            org_id: org,
            concern: &concern,
            raised_by_user_id: Some(user),
            reference_hash: &format!(
                "matrix-{org}-{user}-{}",
                t.scalar_i64("SELECT COUNT(*) FROM concerns").await
            ),
            raised_on: today,
            answer_due_on: today,
        },
    )
    .await
    .unwrap()
}

/// A placement agreement `employer` proposed to `host`, still waiting: the fixture the
/// agreement routes act on (the trust's admin withdraws it in the walk, so each role gets
/// a fresh one).
async fn proposed_agreement(t: &TestApp, employer: i64, host: i64) -> i64 {
    let open = format!(
        "SELECT COALESCE(MAX(id), 0) FROM partnership_agreements WHERE employer_org_id = {employer}
         AND host_org_id = {host} AND agreement_type = 'placement' AND status = 'proposed'"
    );
    let id = t.scalar_i64(&open).await;
    if id > 0 {
        return id;
    }
    let terms = mhsw::domain::partnership::parse(&mhsw::domain::partnership::TermsText {
        agreement_type: "placement",
        starts_on: "2026-04-01",
        ..Default::default()
    })
    .unwrap();
    let mut conn = t.db.connection().await.unwrap();
    mhsw::store::partnerships::insert(
        &mut conn,
        employer,
        host,
        &terms,
        mhsw::domain::partnership::AgreementStatus::Proposed,
        mhsw::store::partnerships::Proposer {
            org_id: Some(employer),
            user_id: None,
        },
    )
    .await
    .unwrap()
}

/// A submitted CPD record of `practitioner`: the fixture the record routes act on. Being
/// submitted, it survives the walk's delete (only drafts are deleted).
async fn submitted_cpd(t: &TestApp, practitioner: i64) -> i64 {
    let today = crate::helpers::today();
    let w = mhsw::domain::cpd::CpdInput {
        cpd_type: "reading_research".into(),
        activity_on: today.to_string(),
        description: "Read the Mental Health Act code of practice chapter on AMHPs".into(),
        learning: "The nearest relative's rights".into(),
        impact: "Clearer explanations to families".into(),
        status: "submitted".into(),
        ..Default::default()
    }
    .parse(today)
    .unwrap();
    let mut conn = t.db.connection().await.unwrap();
    mhsw::store::cpd::insert(&mut conn, practitioner, &w, None)
        .await
        .unwrap()
}

/// A feedback card of `practitioner`: the fixture the withdraw routes act on.
async fn feedback_card(t: &TestApp, practitioner: i64) -> i64 {
    let hash = mhsw::domain::feedback::code_hash(&format!("matrix{practitioner}"));
    let existing =
        format!("SELECT COALESCE(MAX(id), 0) FROM feedback_requests WHERE code_hash = '{hash}'");
    if t.scalar_i64(&existing).await > 0 {
        return t.scalar_i64(&existing).await;
    }
    let mut conn = t.db.connection().await.unwrap();
    mhsw::store::feedback::insert_cards(
        &mut conn,
        &mhsw::store::feedback::NewCards {
            practitioner_id: practitioner,
            audience: "carer",
            hashes: std::slice::from_ref(&hash),
            created_by: None,
            created_on: time::macros::date!(2026 - 01 - 01),
            expires_on: time::macros::date!(2099 - 01 - 01),
        },
    )
    .await
    .unwrap();
    t.scalar_i64(&format!(
        "SELECT id FROM feedback_requests WHERE code_hash = '{hash}'"
    ))
    .await
}

/// A collaborative conversation note of `practitioner`: the fixture the note routes act on.
async fn conversation(t: &TestApp, practitioner: i64) -> i64 {
    let today = crate::helpers::today();
    let n = mhsw::domain::conversation::ConversationInput {
        held_on: today.to_string(),
        with_whom: "service_user".into(),
        setting: "Home visit".into(),
        discussed: "How reviews have gone".into(),
        helped: "Being asked what mattered first".into(),
        co_production: "together".into(),
        learnt: "Start with what matters".into(),
        do_differently: "Open reviews with their question".into(),
        consent: "yes".into(),
        ..Default::default()
    }
    .parse(today)
    .unwrap();
    let mut conn = t.db.connection().await.unwrap();
    mhsw::store::conversations::insert(&mut conn, practitioner, &n)
        .await
        .unwrap()
}

/// The organisation's open HEE cycle (made if need be) with `user` as domain 1's lead, and a
/// new action on criterion 1.1 that `user` owns: the fixtures the self-assessment routes act on.
async fn self_assessment(t: &TestApp, org: i64, user: i64) -> (i64, i64) {
    use mhsw::store::self_assessment as sa;
    let mut conn = t.db.connection().await.unwrap();
    let cycle = match sa::open_cycle(&mut conn, org, "hee-considerations")
        .await
        .unwrap()
    {
        Some(c) => c.id,
        None => sa::insert_cycle(
            &mut conn,
            &sa::NewCycle {
                org_id: org,
                framework_code: "hee-considerations",
                framework_version: 1,
                title: "Matrix",
                opened_on: time::macros::date!(2026 - 01 - 01),
                due_on: None,
                carried_from: None,
                created_by: user,
            },
        )
        .await
        .unwrap(),
    };
    sa::set_lead(&mut conn, cycle, "1", Some(user))
        .await
        .unwrap();
    let action = sa::insert_action(
        &mut conn,
        &sa::NewAction {
            org_id: org,
            cycle_id: cycle,
            criterion_code: "1.1",
            title: "Matrix action",
            owner_user_id: user,
            due_on: time::macros::date!(2099 - 01 - 01),
            created_by: user,
        },
    )
    .await
    .unwrap();
    (cycle, action)
}

/// Routes that delete the note they name: after each, the walk makes a fresh one, so the
/// later routes still find theirs.
/// A new API token of `email`: the fixture the token routes revoke.
async fn token_id(t: &TestApp, email: &str) -> i64 {
    t.token(email).await;
    t.scalar_i64(&format!(
        "SELECT MAX(t.id) FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = '{email}'"
    ))
    .await
}

/// A problem report of an upload by `user`: the fixture its download route reads.
async fn problem_report(t: &TestApp, user: i64) -> i64 {
    mhsw::store::uploads::insert_problem_report(&t.db.pool, user, 101, "Problem\r\nRow 2: x\r\n")
        .await
        .unwrap()
}

fn revokes_token(path: &str) -> bool {
    path.contains("/tokens/{id}")
}

fn deletes_note(method: &str, path: &str) -> bool {
    path.starts_with("/conversations/") && path.ends_with("/delete")
        || (method == "DELETE" && path == "/api/v1/conversations/{id}")
}

/// A staff list waiting to be applied in `org`, adding one person: the fixture the staff
/// import routes act on.
async fn staff_import(t: &TestApp, org: i64, user: i64) -> i64 {
    let code: String =
        mhsw::store::engine::query_scalar("SELECT ods_code FROM organisations WHERE id = $1")
            .bind(org)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
    let rows = format!(
        "Given name,Family name,Work email,SWE number,Employer,Career stage,Band,WTE,Start date\n\
         Ada,Byron,ada.byron.{org}@example.nhs.uk,SW99{org:04},{code},qualified,6,1,2020-01-01\n"
    );
    mhsw::store::staff_imports::insert(&t.db.pool, org, user, "staff.csv", &rows, "fingerprint")
        .await
        .unwrap()
}

/// A stocktake return of `org`'s: the fixture the return routes act on.
async fn stocktake_return(t: &TestApp, org: i64) -> i64 {
    let cell = mhsw::domain::stocktake::Cell {
        row: 2,
        measure: mhsw::domain::stocktake::Measure::RegisteredPopulation,
        employer: None,
        dimension: None,
        category: String::new(),
        headcount: Some(1000),
        wte: None,
    };
    let new = mhsw::store::stocktake::NewReturn {
        org_id: org,
        collection_date: time::macros::date!(2019 - 09 - 30),
        received_by: None,
        route: mhsw::store::stocktake::Route::CommandLine,
        file_name: "fixture.csv",
    };
    let mut conn = t.db.connection().await.unwrap();
    let cells = [cell];
    let one = mhsw::store::stocktake::ReturnToStore {
        new: &new,
        cells: &cells,
    };
    mhsw::store::stocktake::insert_many(&mut conn, &[one])
        .await
        .unwrap()[0]
        .0
}

/// A register check waiting for confirmation in `org`: the fixture the import routes act on.
async fn pending_import(t: &TestApp, org: i64, user: i64) -> i64 {
    mhsw::store::registration::insert_import(
        &t.db.pool,
        org,
        user,
        "Registration number,Status\nSW1,Registered\n",
        "fingerprint",
    )
    .await
    .unwrap()
}

fn fill(path: &str, ids: &[(&str, i64); 22]) -> String {
    if path == "/assets/{*path}" {
        return "/assets/nhsuk/nhsuk-frontend.min.css".into();
    }
    let resource = path
        .trim_start_matches("/api/v1/")
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("");
    let resource = if resource == "self-assessment" && path.contains("/actions/{id}") {
        "self-assessment-actions"
    } else if path.starts_with("/data-protection/people/")
        || path.starts_with("/api/v1/data-protection/people/")
    {
        "practitioners"
    } else if path.contains("data-protection/accounts/") {
        "accounts"
    } else if path.contains("single-sign-on/rules/{id}") {
        "sso-rules"
    } else if path.contains("/tokens/{id}") {
        "tokens"
    } else if path.contains("/problems/{id}") {
        "problems"
    } else if path.contains("/import/{id}")
        || path.contains("/imports/{id}") && path.contains("practitioners")
    {
        "staff-imports"
    } else {
        resource
    };
    let id = ids
        .iter()
        .find(|(r, _)| *r == resource)
        .map(|(_, id)| *id)
        .unwrap_or(0);
    path.replace("{id}", &id.to_string())
        .replace("{n}", "1")
        .replace("{feed}", &format!("{FEED_TOKEN}.ics"))
        .replace("{audience}", "carer")
        .replace("{domain}", "1")
        .replace("{code}", "1.1")
        .replace("{link}", "policy-matrix-not-a-link")
        // The sign-in routes name a provider the matrix's app does not have (starting one
        // would reach for its discovery document); the rules routes name the trust's.
        .replace(
            "{provider}",
            if path.starts_with("/sign-in/") {
                "not-set-up"
            } else {
                "northshire"
            },
        )
}

/// The matrix's app: the default settings with an identity provider for the trust and
/// one for the independent provider (never contacted by the routes the walk reaches).
fn settings_with_providers() -> mhsw::config::Settings {
    let mut s = mhsw::config::Settings::default();
    s.sso.redirect_base = "http://127.0.0.1:9".into();
    for (name, ods) in [("northshire", "R9N"), ("harbour", "HH9C3")] {
        s.sso.providers.push(mhsw::domain::oidc::SsoProvider {
            name: name.into(),
            label: format!("{name} account"),
            organisation: ods.into(),
            issuer: "http://127.0.0.1:9".into(),
            client_id: "mhsw".into(),
            ..Default::default()
        });
    }
    s
}

static RULES_MADE: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// A single sign-on rule of `org`: the fixture the rule routes act on (and remove).
async fn sso_rule(t: &TestApp, org: i64, provider: &str) -> i64 {
    let mut conn = t.db.connection().await.unwrap();
    let rule = mhsw::domain::oidc::RoleRule {
        id: 0,
        claim: "groups".into(),
        value: format!(
            "matrix-{}",
            RULES_MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ),
        role: Role::Practitioner,
    };
    let admin = t.user_id(ADMIN).await;
    mhsw::store::sso::add_rule(&mut conn, org, provider, &rule, admin)
        .await
        .unwrap()
        .unwrap()
}

/// Every method the method dimension tries on every path.
const METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// What `Allow` should list for a path, from the expectations above (not from `policy`):
/// every method with an expectation, and HEAD wherever GET is.
fn expected_allow(path: &str) -> String {
    METHODS
        .iter()
        .filter(|m| {
            let served_as = if **m == "HEAD" { "GET" } else { m };
            expectation(served_as, path).is_some()
        })
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

async fn call(c: &Client, method: &str, path: &str) -> u16 {
    let r = match method {
        "GET" => c.get(path).await,
        "POST" if path.starts_with("/api/") => {
            c.send_json("POST", path, &serde_json::json!({})).await
        }
        "POST" => c.post_form(path, &[]).await,
        "HEAD" => {
            let r = c.head(path).await;
            assert!(r.body.is_empty(), "HEAD {path} sent a body");
            r
        }
        other => c.send_json(other, path, &serde_json::json!({})).await,
    };
    r.status.as_u16()
}

#[tokio::test]
async fn every_route_for_every_role_against_own_and_other_organisations() {
    let t = TestApp::with_settings(settings_with_providers()).await;
    let mut failures = Vec::new();
    for role in Role::ALL {
        let email = t.user_with_roles(&[role]).await;
        let mut ids = ids(&t, &email).await;
        for rule in mhsw::web::routes::RULES.iter() {
            let allowed = expectation(rule.method, rule.path).expect("covered by the test above");
            let is_api = rule.path.starts_with("/api/");
            // Sign-out ends the session: use a throwaway one.
            let client = if is_api {
                t.api(&email).await
            } else {
                t.signed_in(&email).await
            };
            let may = allowed.is_none_or(|roles| roles.contains(&role));
            let has_id = rule.path.contains("{id}");
            let own = call(&client, rule.method, &fill(rule.path, &ids.own)).await;
            // HEAD is served wherever GET is, under the same rule, with the same answer.
            if rule.method == "GET" {
                let head = call(&client, "HEAD", &fill(rule.path, &ids.own)).await;
                if head != own {
                    failures.push(format!(
                        "{role:?} HEAD {}: {head}, but GET answered {own}",
                        rule.path
                    ));
                }
            }
            let ok_own = if rule.path == "/metrics" || rule.path.starts_with("/sign-in/sso/") {
                // Its credential is `[monitoring] metrics_token`, unset here: not served.
                // A provider the settings do not name is not found.
                own == 404
            } else if may {
                ![401, 403, 404, 500].contains(&own)
            } else {
                own == 403
            };
            if !ok_own {
                failures.push(format!(
                    "{role:?} {} {} own: {own} (allowed: {may})",
                    rule.method, rule.path
                ));
            }
            if has_id {
                let other = call(&client, rule.method, &fill(rule.path, &ids.other)).await;
                // The national analyst sees every organisation's (non-personal) details.
                let expect_other = if !may {
                    403
                } else if role == NationalAnalyst
                    && (rule.path.contains("organisations") || rule.path.contains("stocktake"))
                    && rule.method == "GET"
                {
                    200
                } else {
                    404
                };
                if other != expect_other {
                    failures.push(format!(
                        "{role:?} {} {} other org: {other}, expected {expect_other}",
                        rule.method, rule.path
                    ));
                }
            }
            if revokes_token(rule.path)
                && let Some(token) = ids.own.iter_mut().find(|(r, _)| *r == "tokens")
            {
                token.1 = token_id(&t, &email).await;
            }
            if rule.method == "POST" && rule.path == "/surveys/{id}/close" {
                let fresh = survey_cycle(&t, t.org_id("R9N").await).await;
                for (r, id) in ids.own.iter_mut() {
                    if *r == "surveys" || *r == "wellbeing-survey" {
                        *id = fresh;
                    }
                }
            }
            if rule.path.contains("single-sign-on/rules/{id}")
                && let Some(r) = ids.own.iter_mut().find(|(r, _)| *r == "sso-rules")
            {
                r.1 = sso_rule(&t, t.org_id("R9N").await, "northshire").await;
            }
            if deletes_note(rule.method, rule.path)
                && let Some(note) = ids.own.iter_mut().find(|(r, _)| *r == "conversations")
            {
                note.1 = conversation(&t, ids.own_practitioner).await;
            }
        }
    }
    // Signed out: public routes answer, the rest ask for sign-in.
    let anon = t.anonymous();
    let ids = ids(&t, ADMIN).await;
    for rule in mhsw::web::routes::RULES.iter() {
        let public = expectation(rule.method, rule.path).flatten().is_none();
        let status = call(&anon, rule.method, &fill(rule.path, &ids.own)).await;
        let expected_ok = if public {
            status != 401 && status != 500
        } else if rule.path.starts_with("/api/") {
            status == 401
        } else if rule.method == "GET" {
            status == 303
        } else {
            status == 401 || status == 403
        };
        if !expected_ok {
            failures.push(format!("anonymous {} {}: {status}", rule.method, rule.path));
        }
    }
    assert!(
        failures.is_empty(),
        "{} policy failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The method dimension: on every path, a method it does not serve answers 405 with the
/// methods it does in `Allow`, signed out or in, as a page or as problem details, and
/// never as a server error.
#[tokio::test]
async fn every_path_refuses_the_methods_it_does_not_serve_with_405_and_allow() {
    let t = TestApp::new().await;
    let ids = ids(&t, ADMIN).await;
    let clients = [
        ("signed out", t.anonymous()),
        ("signed in", t.signed_in(PSW).await),
        ("token", t.api(PSW).await),
    ];
    let paths: BTreeSet<&str> = mhsw::web::routes::RULES.iter().map(|r| r.path).collect();
    let mut failures = Vec::new();
    let mut refused = 0;
    for path in paths {
        let allow = expected_allow(path);
        let served: Vec<&str> = allow.split(", ").collect();
        for method in METHODS.iter().filter(|m| !served.contains(m)) {
            for (who, client) in &clients {
                let r = client.send_empty(method, &fill(path, &ids.own)).await;
                refused += 1;
                let got_allow = r
                    .headers
                    .get("allow")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                let problem = r
                    .headers
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|c| c == "application/problem+json");
                let api = path.starts_with("/api/");
                if r.status != 405 || got_allow != allow || (api && !problem) {
                    failures.push(format!(
                        "{who} {method} {path}: {} Allow {got_allow:?} (expected 405, {allow:?}; problem details: {problem})",
                        r.status
                    ));
                }
            }
        }
    }
    assert!(refused > 1000, "the walk tried {refused} requests");
    assert!(
        failures.is_empty(),
        "{} method failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
