//! Authorisation, in one place: who may do what (capabilities per role), which records
//! they may see (scopes), and what every route needs (`ROUTES`). The router refuses to
//! start with a route missing from `ROUTES`, and the integration suite walks every route
//! for every role against its own and another organisation.

use crate::domain::Role;

/// The signed-in user, as every service function receives them.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub org_id: Option<i64>,
    pub roles: Vec<Role>,
    /// The practitioner record of this user, when they are one.
    pub practitioner_id: Option<i64>,
    /// The team of that practitioner record (supervisors and team managers see it).
    pub team_id: Option<i64>,
    pub request_id: String,
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn can(&self, cap: Capability) -> bool {
        cap.roles().iter().any(|r| self.has(*r))
    }

    /// The organisation whose data a capability acts on; national analysts have none.
    pub fn own_org(&self) -> Option<i64> {
        self.org_id
    }
}

/// Things a route or service function can need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Capability {
    /// Organisations: one's own and its partners (national analyst: all, no personal data).
    ViewOrganisations,
    EditOwnOrganisation,
    /// Record the organisation's principal social worker or senior social work lead post.
    RecordSocialWorkLead,
    /// Partnership agreements the organisation is a party to.
    ViewPartnerships,
    /// Propose, accept, decline and end them: the organisation admin.
    ManagePartnerships,
    ViewTeams,
    EditTeams,
    /// Practitioner records, within `practitioner_scope`.
    ViewPractitioners,
    EditPractitioners,
    /// Per-person ethnicity, date of birth, sex and disability (special-category data).
    ViewEqualityData,
    ManageUsers,
    ViewAudit,
    /// Workforce aggregates with small-number suppression.
    ViewWorkforceAggregates,
    /// A practitioner's supervision record (agreement, session dates, status), within
    /// `practitioner_scope`. Session notes need more: being one of the session's two parties.
    ViewSupervision,
    /// Make or replace a supervision agreement, plan and record sessions.
    ManageSupervision,
    /// The supervision compliance dashboard across the people in scope.
    ViewSupervisionDashboard,
    /// Confirm or comment on one's own sessions (anyone with their own practitioner record).
    ConfirmOwnSupervision,
    /// Record what the register shows, run the register check (export and import).
    ManageRegistration,
    /// Registration status counts, renewal progress and must-not-practise alerts across the
    /// people in scope (their manager and the principal social worker are alerted).
    ViewRegistrationOverview,
    /// The governance report (registration, supervision compliance, pulse, capacity) for
    /// the board and quality committee.
    ViewGovernanceReport,
    /// Keep one's own CPD e-portfolio (anyone with their own practitioner record): the
    /// content is theirs alone unless they share a record.
    KeepOwnCpd,
    /// Read a CPD record its owner has shared, when named in the owner's current
    /// supervision agreement (checked in `service::cpd`).
    ViewSharedCpd,
    /// CPD readiness and counts per person in scope, never the content.
    ViewCpdReadiness,
    /// Keep one's own notes of collaborative conversations about one's practice with people
    /// using services and carers (anyone with their own practitioner record): the content
    /// is theirs alone unless they share a note.
    KeepOwnConversations,
    /// Read a collaborative conversation note its owner has shared, when named in the
    /// owner's current supervision agreement (checked in `service::conversations` exactly as
    /// for CPD).
    ViewSharedConversations,
    /// An NQSW's ASYE programme, within `practitioner_scope` or as its assessor.
    ViewAsye,
    /// Record ASYE reviews and sign evidence off (the assessor, supervisors, managers, PSW).
    AssessAsye,
    /// Start ASYE programmes, pause them and record the panel's outcome.
    ManageAsye,
    /// The ASYE cohort: where each NQSW in scope (or assessed by the actor) stands.
    ViewAsyeCohort,
    /// Record AMHP approvals, warrants, suspensions and the other post-qualifying roles;
    /// log training for anyone (a practitioner logs their own under `ViewPractitioners`).
    ManagePostQualifying,
    /// The post-qualifying organisation view: expiries, shortfalls, succession, numbers.
    ViewPostQualifyingOverview,
    /// Make feedback cards for one's own practice, see one's own results (threshold 3),
    /// share them and record them as CPD (anyone with their own practitioner record).
    KeepOwnFeedback,
    /// Make feedback cards for a practitioner of the organisation, to post (an admin).
    MakeFeedbackCards,
    /// Read a practitioner's shared feedback results, when named in their current
    /// supervision agreement (checked in `service::feedback::results`).
    ViewSharedFeedback,
    /// Team and organisation feedback: aggregates above the manager threshold, no comments.
    ViewFeedbackOverview,
    /// Adapt the feedback questionnaires with service users and carers.
    ManageFeedbackQuestionnaires,
    /// The organisation's self-assessment: cycles, ratings, evidence, the action plan and
    /// where it stands against peers. Rating a domain needs being its lead or managing the
    /// self-assessment (checked in `service::self_assessment`); updating an action needs
    /// owning it.
    ViewSelfAssessment,
    /// Open cycles, assign domain leads, record who took part, sign off (the principal
    /// social worker), and decide whether to join the national benchmark.
    ManageSelfAssessment,
    /// The national distribution of self-assessment ratings per criterion, without names.
    ViewBenchmarkDistribution,
    /// Read the organisation's strategic statement for social work.
    ViewStrategicStatement,
    /// Generate and edit the strategic statement (the principal social worker).
    EditStrategicStatement,
}

use Role::*;

impl Capability {
    pub fn roles(self) -> &'static [Role] {
        match self {
            Capability::ViewOrganisations => &[
                Practitioner,
                Supervisor,
                TeamManager,
                PrincipalSocialWorker,
                WorkforceLead,
                OrgAdmin,
                NationalAnalyst,
            ],
            Capability::EditOwnOrganisation => &[OrgAdmin],
            Capability::RecordSocialWorkLead => &[OrgAdmin, PrincipalSocialWorker],
            Capability::ViewPartnerships => &[OrgAdmin, PrincipalSocialWorker, WorkforceLead],
            Capability::ManagePartnerships => &[OrgAdmin],
            Capability::ViewTeams => &[
                Practitioner,
                Supervisor,
                TeamManager,
                PrincipalSocialWorker,
                WorkforceLead,
                OrgAdmin,
            ],
            Capability::EditTeams => &[PrincipalSocialWorker, OrgAdmin],
            Capability::ViewPractitioners => &[
                Practitioner,
                Supervisor,
                TeamManager,
                PrincipalSocialWorker,
                WorkforceLead,
                OrgAdmin,
            ],
            Capability::EditPractitioners => &[PrincipalSocialWorker, WorkforceLead, OrgAdmin],
            Capability::ViewEqualityData => &[WorkforceLead],
            Capability::ManageUsers => &[OrgAdmin],
            Capability::ViewAudit => &[PrincipalSocialWorker, OrgAdmin],
            Capability::ViewWorkforceAggregates => {
                &[PrincipalSocialWorker, WorkforceLead, NationalAnalyst]
            }
            Capability::ViewSupervision => {
                &[Practitioner, Supervisor, TeamManager, PrincipalSocialWorker]
            }
            Capability::ManageSupervision | Capability::ViewSupervisionDashboard => {
                &[Supervisor, TeamManager, PrincipalSocialWorker]
            }
            Capability::ConfirmOwnSupervision => &[Practitioner, Supervisor, TeamManager],
            Capability::ManageRegistration => &[PrincipalSocialWorker, WorkforceLead],
            Capability::ViewRegistrationOverview | Capability::ViewGovernanceReport => {
                &[TeamManager, PrincipalSocialWorker, WorkforceLead]
            }
            Capability::KeepOwnCpd | Capability::KeepOwnConversations => {
                &[Practitioner, Supervisor, TeamManager, PrincipalSocialWorker]
            }
            Capability::ViewSharedCpd | Capability::ViewSharedConversations => {
                &[Supervisor, TeamManager, PrincipalSocialWorker]
            }
            Capability::ViewAsye => &[Practitioner, Supervisor, TeamManager, PrincipalSocialWorker],
            Capability::AssessAsye => &[Supervisor, TeamManager, PrincipalSocialWorker],
            Capability::ManageAsye => &[PrincipalSocialWorker],
            Capability::ViewCpdReadiness | Capability::ViewAsyeCohort => &[
                Supervisor,
                TeamManager,
                PrincipalSocialWorker,
                WorkforceLead,
            ],
            Capability::ManagePostQualifying | Capability::ViewPostQualifyingOverview => {
                &[PrincipalSocialWorker, WorkforceLead]
            }
            Capability::KeepOwnFeedback => {
                &[Practitioner, Supervisor, TeamManager, PrincipalSocialWorker]
            }
            Capability::MakeFeedbackCards => &[OrgAdmin],
            Capability::ViewSharedFeedback => &[Supervisor, TeamManager, PrincipalSocialWorker],
            Capability::ViewFeedbackOverview => {
                &[TeamManager, PrincipalSocialWorker, WorkforceLead]
            }
            Capability::ManageFeedbackQuestionnaires => &[PrincipalSocialWorker],
            Capability::ViewSelfAssessment => &[
                Practitioner,
                Supervisor,
                TeamManager,
                PrincipalSocialWorker,
                WorkforceLead,
                OrgAdmin,
            ],
            Capability::ManageSelfAssessment | Capability::EditStrategicStatement => {
                &[PrincipalSocialWorker]
            }
            Capability::ViewBenchmarkDistribution => &[NationalAnalyst],
            Capability::ViewStrategicStatement => {
                &[TeamManager, PrincipalSocialWorker, WorkforceLead]
            }
        }
    }
}

/// Which practitioner records an actor may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PractitionerScope {
    /// Everyone employed by or working in this organisation.
    Organisation(i64),
    /// Supervisors and team managers: everyone in their team (if they have one), themselves,
    /// and anyone whose current supervision agreement names them (line manager, professional
    /// or AMHP supervisor), wherever that person works.
    Team {
        team_id: Option<i64>,
        own: Option<i64>,
        user_id: i64,
    },
    /// Only their own record.
    Own(i64),
    Nothing,
    /// Those of another scope who also match a list's filter (team, employer, career stage,
    /// registration status): never wider than `within`.
    Narrowed {
        within: Box<PractitionerScope>,
        filter: crate::domain::people_filter::PeopleFilter,
    },
}

impl PractitionerScope {
    /// This scope kept to the people who match `filter` (itself when the filter is empty).
    pub fn narrowed(self, filter: &crate::domain::people_filter::PeopleFilter) -> Self {
        if filter.is_empty() {
            return self;
        }
        PractitionerScope::Narrowed {
            within: Box::new(self),
            filter: filter.clone(),
        }
    }
}

/// Whether the actor may see and change one person's equality data (special-category
/// data): the HR or workforce lead of the person's employer, or of the host only when an
/// agreement in force says so. `equality_right` is what the actor's organisation holds
/// over the record (`service::partnerships::rights_of`). Otherwise a host sees a seconded
/// person's record but not their ethnicity, age or disability, and cannot overwrite what
/// their employer holds.
pub fn may_handle_equality(actor: &Actor, equality_right: bool) -> bool {
    actor.can(Capability::ViewEqualityData) && equality_right
}

/// The widest scope among the actor's roles.
pub fn practitioner_scope(actor: &Actor) -> PractitionerScope {
    let Some(org) = actor.org_id else {
        return PractitionerScope::Nothing;
    };
    if [PrincipalSocialWorker, WorkforceLead, OrgAdmin]
        .iter()
        .any(|r| actor.has(*r))
    {
        return PractitionerScope::Organisation(org);
    }
    if actor.has(Supervisor) || actor.has(TeamManager) {
        return PractitionerScope::Team {
            team_id: actor.team_id,
            own: actor.practitioner_id,
            user_id: actor.user_id,
        };
    }
    match actor.practitioner_id {
        Some(p) if actor.has(Practitioner) => PractitionerScope::Own(p),
        _ => PractitionerScope::Nothing,
    }
}

/// Whose supervision quality pulse results an actor may see. Results are always grouped and
/// shown only at the threshold (`domain::pulse`); this says which groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PulseScope {
    /// The organisation (as employer), its teams and its supervisors: the PSW.
    Organisation(i64),
    /// One team and the supervisors within it: a team manager.
    Team(i64),
    /// One supervisor's own supervisees, as one group.
    Supervisor(i64),
    Nothing,
}

/// The widest pulse scope among the actor's roles.
pub fn pulse_scope(actor: &Actor) -> PulseScope {
    match (actor.org_id, actor.team_id) {
        (Some(org), _) if actor.has(PrincipalSocialWorker) => PulseScope::Organisation(org),
        (Some(_), Some(team)) if actor.has(TeamManager) => PulseScope::Team(team),
        (Some(_), _) if actor.has(Supervisor) || actor.has(TeamManager) => {
            PulseScope::Supervisor(actor.user_id)
        }
        _ => PulseScope::Nothing,
    }
}

/// What a route needs before its handler runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user.
    SignedIn,
    Cap(Capability),
    /// Any one of these capabilities (the service narrows it further).
    AnyOf(&'static [Capability]),
}

/// One route and what it needs.
#[derive(Debug, Clone, Copy)]
pub struct RouteRule {
    pub method: &'static str,
    pub path: &'static str,
    pub need: Need,
}

const fn r(method: &'static str, path: &'static str, need: Need) -> RouteRule {
    RouteRule { method, path, need }
}

use Capability as C;
use Need::{AnyOf, Cap, Public, SignedIn};

/// Shared feedback results: a supervisor named in the agreement, or the practitioner
/// previewing what their supervisors would see ("see what they would see").
const SHARED_FEEDBACK_READERS: &[Capability] =
    &[Capability::ViewSharedFeedback, Capability::KeepOwnFeedback];

/// Every route the application serves. Paths use axum's `{param}` syntax.
pub const ROUTES: &[RouteRule] = &[
    r("GET", "/health", Public),
    r("GET", "/assets/{*path}", Public),
    r("GET", "/sign-in", Public),
    r("POST", "/sign-in", Public),
    r("POST", "/sign-out", SignedIn),
    r("GET", "/accessibility", Public),
    r("GET", "/privacy", Public),
    r("GET", "/", SignedIn),
    r("GET", "/development", SignedIn),
    r("GET", "/organisations", Cap(C::ViewOrganisations)),
    r("GET", "/organisations/{id}", Cap(C::ViewOrganisations)),
    r("GET", "/social-work-lead", Cap(C::RecordSocialWorkLead)),
    r("POST", "/social-work-lead", Cap(C::RecordSocialWorkLead)),
    r(
        "PUT",
        "/api/v1/social-work-lead",
        Cap(C::RecordSocialWorkLead),
    ),
    r("GET", "/partnerships", Cap(C::ViewPartnerships)),
    r("POST", "/partnerships", Cap(C::ManagePartnerships)),
    r("GET", "/partnerships/new", Cap(C::ManagePartnerships)),
    r("GET", "/partnerships/{id}", Cap(C::ViewPartnerships)),
    r(
        "POST",
        "/partnerships/{id}/accept",
        Cap(C::ManagePartnerships),
    ),
    r(
        "POST",
        "/partnerships/{id}/decline",
        Cap(C::ManagePartnerships),
    ),
    r("POST", "/partnerships/{id}/end", Cap(C::ManagePartnerships)),
    r("GET", "/api/v1/partnerships", Cap(C::ViewPartnerships)),
    r("POST", "/api/v1/partnerships", Cap(C::ManagePartnerships)),
    r("GET", "/api/v1/partnerships/{id}", Cap(C::ViewPartnerships)),
    r(
        "POST",
        "/api/v1/partnerships/{id}/accept",
        Cap(C::ManagePartnerships),
    ),
    r(
        "POST",
        "/api/v1/partnerships/{id}/decline",
        Cap(C::ManagePartnerships),
    ),
    r(
        "POST",
        "/api/v1/partnerships/{id}/end",
        Cap(C::ManagePartnerships),
    ),
    r(
        "GET",
        "/organisations/{id}/edit",
        Cap(C::EditOwnOrganisation),
    ),
    r(
        "POST",
        "/organisations/{id}/edit",
        Cap(C::EditOwnOrganisation),
    ),
    r("GET", "/teams", Cap(C::ViewTeams)),
    r("GET", "/teams/new", Cap(C::EditTeams)),
    r("POST", "/teams/new", Cap(C::EditTeams)),
    r("GET", "/teams/{id}", Cap(C::ViewTeams)),
    r("GET", "/teams/{id}/edit", Cap(C::EditTeams)),
    r("POST", "/teams/{id}/edit", Cap(C::EditTeams)),
    r("GET", "/practitioners", Cap(C::ViewPractitioners)),
    r("GET", "/practitioners/import", Cap(C::EditPractitioners)),
    r("POST", "/practitioners/import", Cap(C::EditPractitioners)),
    r(
        "GET",
        "/practitioners/import/{id}",
        Cap(C::EditPractitioners),
    ),
    r(
        "POST",
        "/practitioners/import/{id}/apply",
        Cap(C::EditPractitioners),
    ),
    r(
        "POST",
        "/api/v1/practitioners/imports",
        Cap(C::EditPractitioners),
    ),
    r(
        "POST",
        "/api/v1/practitioners/imports/{id}/apply",
        Cap(C::EditPractitioners),
    ),
    r("GET", "/practitioners/new", Cap(C::EditPractitioners)),
    r("POST", "/practitioners/new", Cap(C::EditPractitioners)),
    r("GET", "/practitioners/{id}", Cap(C::ViewPractitioners)),
    r("GET", "/practitioners/{id}/edit", Cap(C::EditPractitioners)),
    r(
        "POST",
        "/practitioners/{id}/edit",
        Cap(C::EditPractitioners),
    ),
    r("GET", "/users", Cap(C::ManageUsers)),
    r("GET", "/users/new", Cap(C::ManageUsers)),
    r("POST", "/users/new", Cap(C::ManageUsers)),
    r("GET", "/users/{id}/edit", Cap(C::ManageUsers)),
    r("POST", "/users/{id}/edit", Cap(C::ManageUsers)),
    r("GET", "/audit", Cap(C::ViewAudit)),
    r("GET", "/audit.csv", Cap(C::ViewAudit)),
    r("GET", "/workforce", Cap(C::ViewWorkforceAggregates)),
    r("GET", "/api/openapi.json", Public),
    // The secret token in the path is the credential (`service::calendar::feed`).
    r("GET", "/calendar/{feed}", Public),
    // The public feedback form: the single-use code in the path is the credential
    // (`service::feedback::public`), and the routes are rate-limited per client.
    r("GET", "/f", Public),
    r("GET", "/f/thank-you", Public),
    r("GET", "/f/privacy", Public),
    r("GET", "/f/{code}", Public),
    r("POST", "/f/{code}", Public),
    r("GET", "/feedback", Cap(C::KeepOwnFeedback)),
    r("POST", "/feedback/cards", Cap(C::KeepOwnFeedback)),
    r(
        "POST",
        "/feedback/cards/{id}/withdraw",
        Cap(C::KeepOwnFeedback),
    ),
    r("POST", "/feedback/share", Cap(C::KeepOwnFeedback)),
    r("POST", "/feedback/cpd", Cap(C::KeepOwnCpd)),
    r("GET", "/feedback/overview", Cap(C::ViewFeedbackOverview)),
    r(
        "GET",
        "/feedback/questionnaires",
        Cap(C::ManageFeedbackQuestionnaires),
    ),
    r(
        "GET",
        "/feedback/questionnaires/{audience}/adapt",
        Cap(C::ManageFeedbackQuestionnaires),
    ),
    r(
        "POST",
        "/feedback/questionnaires/{audience}/adapt",
        Cap(C::ManageFeedbackQuestionnaires),
    ),
    // Shared results: a supervisor named in the practitioner's agreement (checked in the
    // service), or the practitioner previewing what their supervisors see.
    r(
        "GET",
        "/practitioners/{id}/feedback",
        AnyOf(SHARED_FEEDBACK_READERS),
    ),
    r(
        "GET",
        "/practitioners/{id}/feedback/cards",
        Cap(C::MakeFeedbackCards),
    ),
    r(
        "POST",
        "/practitioners/{id}/feedback/cards",
        Cap(C::MakeFeedbackCards),
    ),
    r("GET", "/api/v1/me/feedback", Cap(C::KeepOwnFeedback)),
    r("POST", "/api/v1/me/feedback/cards", Cap(C::KeepOwnFeedback)),
    r(
        "DELETE",
        "/api/v1/feedback/cards/{id}",
        Cap(C::KeepOwnFeedback),
    ),
    r("PUT", "/api/v1/me/feedback/shared", Cap(C::KeepOwnFeedback)),
    r("POST", "/api/v1/me/feedback/cpd", Cap(C::KeepOwnCpd)),
    r(
        "GET",
        "/api/v1/practitioners/{id}/feedback",
        AnyOf(SHARED_FEEDBACK_READERS),
    ),
    r(
        "POST",
        "/api/v1/practitioners/{id}/feedback/cards",
        Cap(C::MakeFeedbackCards),
    ),
    r(
        "GET",
        "/api/v1/feedback/overview",
        Cap(C::ViewFeedbackOverview),
    ),
    r(
        "GET",
        "/api/v1/feedback/questionnaires",
        Cap(C::ManageFeedbackQuestionnaires),
    ),
    r(
        "POST",
        "/api/v1/feedback/questionnaires/{audience}",
        Cap(C::ManageFeedbackQuestionnaires),
    ),
    r("GET", "/account", SignedIn),
    r("POST", "/account/tokens", SignedIn),
    r("POST", "/account/tokens/{id}/revoke", SignedIn),
    r("GET", "/api/v1/me/tokens", SignedIn),
    r("DELETE", "/api/v1/me/tokens/{id}", SignedIn),
    r("GET", "/account/calendar", SignedIn),
    r("POST", "/account/calendar", SignedIn),
    r("POST", "/account/calendar/revoke", SignedIn),
    r("POST", "/api/v1/me/calendar-feed", SignedIn),
    r("DELETE", "/api/v1/me/calendar-feed", SignedIn),
    r("GET", "/api/v1/me", SignedIn),
    r("GET", "/api/v1/organisations", Cap(C::ViewOrganisations)),
    r(
        "GET",
        "/api/v1/organisations/{id}",
        Cap(C::ViewOrganisations),
    ),
    r(
        "PUT",
        "/api/v1/organisations/{id}",
        Cap(C::EditOwnOrganisation),
    ),
    r("GET", "/api/v1/teams", Cap(C::ViewTeams)),
    r("POST", "/api/v1/teams", Cap(C::EditTeams)),
    r("GET", "/api/v1/teams/{id}", Cap(C::ViewTeams)),
    r("PUT", "/api/v1/teams/{id}", Cap(C::EditTeams)),
    r("GET", "/api/v1/practitioners", Cap(C::ViewPractitioners)),
    r("POST", "/api/v1/practitioners", Cap(C::EditPractitioners)),
    r(
        "GET",
        "/api/v1/practitioners/{id}",
        Cap(C::ViewPractitioners),
    ),
    r(
        "PUT",
        "/api/v1/practitioners/{id}",
        Cap(C::EditPractitioners),
    ),
    r("GET", "/api/v1/users", Cap(C::ManageUsers)),
    r("POST", "/api/v1/users", Cap(C::ManageUsers)),
    r("PUT", "/api/v1/users/{id}", Cap(C::ManageUsers)),
    r("GET", "/api/v1/audit", Cap(C::ViewAudit)),
    r("GET", "/api/v1/workforce", Cap(C::ViewWorkforceAggregates)),
    r("GET", "/supervision", Cap(C::ViewSupervisionDashboard)),
    r("GET", "/my-supervision", Cap(C::ConfirmOwnSupervision)),
    r(
        "GET",
        "/practitioners/{id}/supervision",
        Cap(C::ViewSupervision),
    ),
    r(
        "GET",
        "/practitioners/{id}/supervision/agreement",
        Cap(C::ManageSupervision),
    ),
    r(
        "POST",
        "/practitioners/{id}/supervision/agreement",
        Cap(C::ManageSupervision),
    ),
    r(
        "POST",
        "/practitioners/{id}/supervision/agreement/acknowledge",
        Cap(C::ViewSupervision),
    ),
    r(
        "GET",
        "/practitioners/{id}/supervision/sessions/new",
        Cap(C::ManageSupervision),
    ),
    r(
        "POST",
        "/practitioners/{id}/supervision/sessions/new",
        Cap(C::ManageSupervision),
    ),
    r("GET", "/supervision/sessions/{id}", Cap(C::ViewSupervision)),
    r(
        "POST",
        "/supervision/sessions/{id}/held",
        Cap(C::ManageSupervision),
    ),
    r(
        "POST",
        "/supervision/sessions/{id}/cancel",
        Cap(C::ViewSupervision),
    ),
    r(
        "POST",
        "/supervision/sessions/{id}/confirm",
        Cap(C::ConfirmOwnSupervision),
    ),
    r(
        "GET",
        "/api/v1/practitioners/{id}/supervision",
        Cap(C::ViewSupervision),
    ),
    r(
        "PUT",
        "/api/v1/practitioners/{id}/supervision/agreement",
        Cap(C::ManageSupervision),
    ),
    // Any party may acknowledge; the service checks that the caller is one.
    r(
        "POST",
        "/api/v1/practitioners/{id}/supervision/agreement/acknowledge",
        Cap(C::ViewSupervision),
    ),
    r(
        "POST",
        "/api/v1/practitioners/{id}/supervision/sessions",
        Cap(C::ManageSupervision),
    ),
    r(
        "GET",
        "/api/v1/supervision/sessions/{id}",
        Cap(C::ViewSupervision),
    ),
    // Supervisor only, or (cancel) either party: checked against the session in the service.
    r(
        "POST",
        "/api/v1/supervision/sessions/{id}/held",
        Cap(C::ManageSupervision),
    ),
    r(
        "POST",
        "/api/v1/supervision/sessions/{id}/cancel",
        Cap(C::ViewSupervision),
    ),
    r(
        "POST",
        "/api/v1/supervision/sessions/{id}/confirm",
        Cap(C::ConfirmOwnSupervision),
    ),
    r(
        "GET",
        "/api/v1/supervision/dashboard",
        Cap(C::ViewSupervisionDashboard),
    ),
    // Quality pulse: only the session's supervisee answers (checked in the service); the
    // results are grouped and thresholded for whoever sees the supervision dashboard.
    r(
        "GET",
        "/supervision/pulse",
        Cap(C::ViewSupervisionDashboard),
    ),
    r(
        "GET",
        "/supervision/sessions/{id}/pulse",
        Cap(C::ConfirmOwnSupervision),
    ),
    r(
        "POST",
        "/supervision/sessions/{id}/pulse",
        Cap(C::ConfirmOwnSupervision),
    ),
    r(
        "GET",
        "/api/v1/supervision/pulse",
        Cap(C::ViewSupervisionDashboard),
    ),
    r(
        "POST",
        "/api/v1/supervision/sessions/{id}/pulse",
        Cap(C::ConfirmOwnSupervision),
    ),
    r(
        "GET",
        "/strategic-statement",
        Cap(C::ViewStrategicStatement),
    ),
    r(
        "POST",
        "/strategic-statement/generate",
        Cap(C::EditStrategicStatement),
    ),
    r(
        "GET",
        "/strategic-statement/edit",
        Cap(C::EditStrategicStatement),
    ),
    r(
        "POST",
        "/strategic-statement/edit",
        Cap(C::EditStrategicStatement),
    ),
    r(
        "GET",
        "/strategic-statement/print",
        Cap(C::ViewStrategicStatement),
    ),
    r(
        "GET",
        "/api/v1/strategic-statement",
        Cap(C::ViewStrategicStatement),
    ),
    r(
        "PUT",
        "/api/v1/strategic-statement",
        Cap(C::EditStrategicStatement),
    ),
    r(
        "POST",
        "/api/v1/strategic-statement/generate",
        Cap(C::EditStrategicStatement),
    ),
    r("GET", "/governance", Cap(C::ViewGovernanceReport)),
    r("GET", "/governance.csv", Cap(C::ViewGovernanceReport)),
    r("GET", "/governance.xlsx", Cap(C::ViewGovernanceReport)),
    r("GET", "/api/v1/governance", Cap(C::ViewGovernanceReport)),
    r("GET", "/registration", Cap(C::ViewRegistrationOverview)),
    r("GET", "/registration/check", Cap(C::ManageRegistration)),
    r("POST", "/registration/check", Cap(C::ManageRegistration)),
    r(
        "GET",
        "/registration/check/batches/{n}",
        Cap(C::ManageRegistration),
    ),
    r(
        "GET",
        "/registration/check/problems/{id}",
        Cap(C::ManageRegistration),
    ),
    r(
        "GET",
        "/registration/check/imports/{id}",
        Cap(C::ManageRegistration),
    ),
    r(
        "POST",
        "/registration/check/imports/{id}/apply",
        Cap(C::ManageRegistration),
    ),
    r(
        "GET",
        "/practitioners/{id}/registration",
        Cap(C::ViewPractitioners),
    ),
    r(
        "GET",
        "/practitioners/{id}/registration/edit",
        Cap(C::ManageRegistration),
    ),
    r(
        "POST",
        "/practitioners/{id}/registration/edit",
        Cap(C::ManageRegistration),
    ),
    r(
        "GET",
        "/api/v1/registration",
        Cap(C::ViewRegistrationOverview),
    ),
    r(
        "GET",
        "/api/v1/practitioners/{id}/registration",
        Cap(C::ViewPractitioners),
    ),
    r(
        "PUT",
        "/api/v1/practitioners/{id}/registration",
        Cap(C::ManageRegistration),
    ),
    r(
        "GET",
        "/api/v1/registration/check/batches",
        Cap(C::ManageRegistration),
    ),
    r(
        "POST",
        "/api/v1/registration/check/imports",
        Cap(C::ManageRegistration),
    ),
    r(
        "POST",
        "/api/v1/registration/check/imports/{id}/apply",
        Cap(C::ManageRegistration),
    ),
    // CPD e-portfolio. A record page is also read by a supervisor it is shared with;
    // `KeepOwnCpd`'s roles include every `ViewSharedCpd` role, and `service::cpd::view`
    // decides per record.
    r("GET", "/cpd", Cap(C::KeepOwnCpd)),
    r("POST", "/cpd/declaration", Cap(C::KeepOwnCpd)),
    r("PUT", "/api/v1/me/cpd/declaration", Cap(C::KeepOwnCpd)),
    r("GET", "/cpd/new", Cap(C::KeepOwnCpd)),
    r("POST", "/cpd/new", Cap(C::KeepOwnCpd)),
    r("GET", "/cpd/records/{id}", Cap(C::KeepOwnCpd)),
    r("GET", "/cpd/records/{id}/edit", Cap(C::KeepOwnCpd)),
    r("POST", "/cpd/records/{id}/edit", Cap(C::KeepOwnCpd)),
    r("POST", "/cpd/records/{id}/delete", Cap(C::KeepOwnCpd)),
    r("POST", "/cpd/records/{id}/share", Cap(C::KeepOwnCpd)),
    r("GET", "/cpd/export", Cap(C::KeepOwnCpd)),
    r("GET", "/cpd/export.txt", Cap(C::KeepOwnCpd)),
    r("GET", "/cpd/export.xlsx", Cap(C::KeepOwnCpd)),
    r("POST", "/supervision/sessions/{id}/cpd", Cap(C::KeepOwnCpd)),
    r("GET", "/cpd/readiness", Cap(C::ViewCpdReadiness)),
    r("GET", "/practitioners/{id}/cpd", Cap(C::ViewCpdReadiness)),
    r("GET", "/api/v1/me/cpd", Cap(C::KeepOwnCpd)),
    r("POST", "/api/v1/me/cpd", Cap(C::KeepOwnCpd)),
    r("GET", "/api/v1/cpd/records/{id}", Cap(C::KeepOwnCpd)),
    r("PUT", "/api/v1/cpd/records/{id}", Cap(C::KeepOwnCpd)),
    r("DELETE", "/api/v1/cpd/records/{id}", Cap(C::KeepOwnCpd)),
    r("PUT", "/api/v1/cpd/records/{id}/shared", Cap(C::KeepOwnCpd)),
    r(
        "POST",
        "/api/v1/supervision/sessions/{id}/cpd",
        Cap(C::KeepOwnCpd),
    ),
    r("GET", "/api/v1/cpd/readiness", Cap(C::ViewCpdReadiness)),
    r(
        "GET",
        "/api/v1/practitioners/{id}/cpd",
        Cap(C::ViewCpdReadiness),
    ),
    // Collaborative conversations (service::conversations). A note is also read by a
    // supervisor it is shared with: `KeepOwnConversations`' roles include every
    // `ViewSharedConversations` role, and `service::conversations::view` decides per note.
    r("GET", "/conversations", Cap(C::KeepOwnConversations)),
    r("GET", "/conversations/new", Cap(C::KeepOwnConversations)),
    r("POST", "/conversations/new", Cap(C::KeepOwnConversations)),
    r("GET", "/conversations/{id}", Cap(C::KeepOwnConversations)),
    r(
        "GET",
        "/conversations/{id}/edit",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "POST",
        "/conversations/{id}/edit",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "POST",
        "/conversations/{id}/share",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "POST",
        "/conversations/{id}/cpd",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "POST",
        "/conversations/{id}/delete",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "GET",
        "/api/v1/me/conversations",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "POST",
        "/api/v1/me/conversations",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "GET",
        "/api/v1/conversations/{id}",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "PUT",
        "/api/v1/conversations/{id}",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "PUT",
        "/api/v1/conversations/{id}/shared",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "POST",
        "/api/v1/conversations/{id}/cpd",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "DELETE",
        "/api/v1/conversations/{id}",
        Cap(C::KeepOwnConversations),
    ),
    // Organisational self-assessment (service::self_assessment). Anyone in the organisation
    // reads it; rating needs being the domain's lead or managing it, and changing an action
    // needs owning it, leading its domain or managing it (both decided in the service).
    r("GET", "/self-assessment", Cap(C::ViewSelfAssessment)),
    r(
        "GET",
        "/self-assessment/cycles/new",
        Cap(C::ManageSelfAssessment),
    ),
    r(
        "POST",
        "/self-assessment/cycles/new",
        Cap(C::ManageSelfAssessment),
    ),
    r(
        "GET",
        "/self-assessment/cycles/{id}",
        Cap(C::ViewSelfAssessment),
    ),
    r(
        "POST",
        "/self-assessment/cycles/{id}/sign-off",
        Cap(C::ManageSelfAssessment),
    ),
    r(
        "GET",
        "/self-assessment/cycles/{id}/domains/{domain}",
        Cap(C::ViewSelfAssessment),
    ),
    r(
        "GET",
        "/self-assessment/cycles/{id}/criteria/{code}",
        Cap(C::ViewSelfAssessment),
    ),
    r(
        "POST",
        "/self-assessment/cycles/{id}/criteria/{code}",
        Cap(C::ViewSelfAssessment),
    ),
    r(
        "GET",
        "/self-assessment/cycles/{id}/leads",
        Cap(C::ManageSelfAssessment),
    ),
    r(
        "POST",
        "/self-assessment/cycles/{id}/leads",
        Cap(C::ManageSelfAssessment),
    ),
    r(
        "GET",
        "/self-assessment/cycles/{id}/participants",
        Cap(C::ManageSelfAssessment),
    ),
    r(
        "POST",
        "/self-assessment/cycles/{id}/participants",
        Cap(C::ManageSelfAssessment),
    ),
    r(
        "POST",
        "/self-assessment/cycles/{id}/participants/remove",
        Cap(C::ManageSelfAssessment),
    ),
    r(
        "GET",
        "/self-assessment/cycles/{id}/compare",
        Cap(C::ViewSelfAssessment),
    ),
    r(
        "GET",
        "/self-assessment/cycles/{id}/export.xlsx",
        Cap(C::ViewSelfAssessment),
    ),
    r(
        "GET",
        "/self-assessment/cycles/{id}/print",
        Cap(C::ViewSelfAssessment),
    ),
    r(
        "GET",
        "/self-assessment/cycles/{id}/actions/new",
        Cap(C::ViewSelfAssessment),
    ),
    r(
        "POST",
        "/self-assessment/cycles/{id}/actions/new",
        Cap(C::ViewSelfAssessment),
    ),
    r(
        "GET",
        "/self-assessment/actions",
        Cap(C::ViewSelfAssessment),
    ),
    r(
        "GET",
        "/self-assessment/actions/{id}",
        Cap(C::ViewSelfAssessment),
    ),
    r(
        "POST",
        "/self-assessment/actions/{id}",
        Cap(C::ViewSelfAssessment),
    ),
    r("GET", "/api/v1/self-assessment", Cap(C::ViewSelfAssessment)),
    r(
        "GET",
        "/api/v1/self-assessment/frameworks",
        Cap(C::ViewSelfAssessment),
    ),
    r(
        "POST",
        "/api/v1/self-assessment/cycles",
        Cap(C::ManageSelfAssessment),
    ),
    r(
        "GET",
        "/api/v1/self-assessment/cycles/{id}",
        Cap(C::ViewSelfAssessment),
    ),
    r(
        "PUT",
        "/api/v1/self-assessment/cycles/{id}/criteria/{code}",
        Cap(C::ViewSelfAssessment),
    ),
    r(
        "PUT",
        "/api/v1/self-assessment/cycles/{id}/leads",
        Cap(C::ManageSelfAssessment),
    ),
    r(
        "POST",
        "/api/v1/self-assessment/cycles/{id}/participants",
        Cap(C::ManageSelfAssessment),
    ),
    r(
        "POST",
        "/api/v1/self-assessment/cycles/{id}/sign-off",
        Cap(C::ManageSelfAssessment),
    ),
    r(
        "POST",
        "/api/v1/self-assessment/cycles/{id}/actions",
        Cap(C::ViewSelfAssessment),
    ),
    r(
        "GET",
        "/api/v1/self-assessment/actions",
        Cap(C::ViewSelfAssessment),
    ),
    r(
        "GET",
        "/api/v1/self-assessment/actions/{id}",
        Cap(C::ViewSelfAssessment),
    ),
    r(
        "PUT",
        "/api/v1/self-assessment/actions/{id}",
        Cap(C::ViewSelfAssessment),
    ),
    // ASYE (service::asye): the NQSW, assessor, supervisors and managers, PSW, cohort.
    r("GET", "/asye", Cap(C::ViewAsyeCohort)),
    r("GET", "/practitioners/{id}/asye", Cap(C::ViewAsye)),
    r(
        "GET",
        "/practitioners/{id}/asye/programme",
        Cap(C::ManageAsye),
    ),
    r(
        "POST",
        "/practitioners/{id}/asye/programme",
        Cap(C::ManageAsye),
    ),
    r(
        "GET",
        "/practitioners/{id}/asye/reviews/new",
        Cap(C::AssessAsye),
    ),
    r(
        "POST",
        "/practitioners/{id}/asye/reviews/new",
        Cap(C::AssessAsye),
    ),
    r(
        "GET",
        "/practitioners/{id}/asye/evidence/new",
        Cap(C::ViewAsye),
    ),
    r(
        "POST",
        "/practitioners/{id}/asye/evidence/new",
        Cap(C::ViewAsye),
    ),
    r(
        "POST",
        "/practitioners/{id}/asye/evidence/sign-off",
        Cap(C::AssessAsye),
    ),
    r(
        "GET",
        "/practitioners/{id}/asye/protected-time/new",
        Cap(C::ViewAsye),
    ),
    r(
        "POST",
        "/practitioners/{id}/asye/protected-time/new",
        Cap(C::ViewAsye),
    ),
    r(
        "GET",
        "/practitioners/{id}/asye/pauses/new",
        Cap(C::ManageAsye),
    ),
    r(
        "POST",
        "/practitioners/{id}/asye/pauses/new",
        Cap(C::ManageAsye),
    ),
    r(
        "GET",
        "/practitioners/{id}/asye/pauses/end",
        Cap(C::ManageAsye),
    ),
    r(
        "POST",
        "/practitioners/{id}/asye/pauses/end",
        Cap(C::ManageAsye),
    ),
    r("GET", "/practitioners/{id}/asye/panel", Cap(C::ManageAsye)),
    r("POST", "/practitioners/{id}/asye/panel", Cap(C::ManageAsye)),
    r("GET", "/api/v1/asye", Cap(C::ViewAsyeCohort)),
    r("GET", "/api/v1/practitioners/{id}/asye", Cap(C::ViewAsye)),
    r("PUT", "/api/v1/practitioners/{id}/asye", Cap(C::ManageAsye)),
    r(
        "POST",
        "/api/v1/practitioners/{id}/asye/reviews",
        Cap(C::AssessAsye),
    ),
    r(
        "POST",
        "/api/v1/practitioners/{id}/asye/evidence",
        Cap(C::ViewAsye),
    ),
    r(
        "POST",
        "/api/v1/practitioners/{id}/asye/evidence/sign-off",
        Cap(C::AssessAsye),
    ),
    r(
        "POST",
        "/api/v1/practitioners/{id}/asye/protected-time",
        Cap(C::ViewAsye),
    ),
    r(
        "POST",
        "/api/v1/practitioners/{id}/asye/pauses",
        Cap(C::ManageAsye),
    ),
    r(
        "POST",
        "/api/v1/practitioners/{id}/asye/pauses/end",
        Cap(C::ManageAsye),
    ),
    r(
        "POST",
        "/api/v1/practitioners/{id}/asye/panel",
        Cap(C::ManageAsye),
    ),
    // Post-qualifying roles. Logging training or assessments needs the person in scope and
    // is checked again in the service: one's own record, or `ManagePostQualifying`.
    r(
        "GET",
        "/post-qualifying",
        Cap(C::ViewPostQualifyingOverview),
    ),
    r(
        "GET",
        "/post-qualifying/amhps-needed",
        Cap(C::ManagePostQualifying),
    ),
    r(
        "POST",
        "/post-qualifying/amhps-needed",
        Cap(C::ManagePostQualifying),
    ),
    r(
        "PUT",
        "/api/v1/post-qualifying/amhps-needed",
        Cap(C::ManagePostQualifying),
    ),
    r(
        "GET",
        "/practitioners/{id}/post-qualifying",
        Cap(C::ViewPractitioners),
    ),
    r(
        "GET",
        "/practitioners/{id}/post-qualifying/approval",
        Cap(C::ManagePostQualifying),
    ),
    r(
        "POST",
        "/practitioners/{id}/post-qualifying/approval",
        Cap(C::ManagePostQualifying),
    ),
    r(
        "GET",
        "/practitioners/{id}/post-qualifying/suspension",
        Cap(C::ManagePostQualifying),
    ),
    r(
        "POST",
        "/practitioners/{id}/post-qualifying/suspension",
        Cap(C::ManagePostQualifying),
    ),
    r(
        "GET",
        "/practitioners/{id}/post-qualifying/roles",
        Cap(C::ManagePostQualifying),
    ),
    r(
        "POST",
        "/practitioners/{id}/post-qualifying/roles",
        Cap(C::ManagePostQualifying),
    ),
    r(
        "GET",
        "/practitioners/{id}/post-qualifying/training",
        Cap(C::ViewPractitioners),
    ),
    r(
        "POST",
        "/practitioners/{id}/post-qualifying/training",
        Cap(C::ViewPractitioners),
    ),
    r(
        "GET",
        "/practitioners/{id}/post-qualifying/assessments",
        Cap(C::ViewPractitioners),
    ),
    r(
        "POST",
        "/practitioners/{id}/post-qualifying/assessments",
        Cap(C::ViewPractitioners),
    ),
    r(
        "POST",
        "/practitioners/{id}/post-qualifying/activity/remove",
        Cap(C::ViewPractitioners),
    ),
    r(
        "POST",
        "/api/v1/practitioners/{id}/post-qualifying/activity/remove",
        Cap(C::ViewPractitioners),
    ),
    r(
        "GET",
        "/api/v1/post-qualifying",
        Cap(C::ViewPostQualifyingOverview),
    ),
    r(
        "GET",
        "/api/v1/practitioners/{id}/post-qualifying",
        Cap(C::ViewPractitioners),
    ),
    r(
        "PUT",
        "/api/v1/practitioners/{id}/post-qualifying/approval",
        Cap(C::ManagePostQualifying),
    ),
    r(
        "POST",
        "/api/v1/practitioners/{id}/post-qualifying/suspensions",
        Cap(C::ManagePostQualifying),
    ),
    r(
        "PUT",
        "/api/v1/practitioners/{id}/post-qualifying/roles",
        Cap(C::ManagePostQualifying),
    ),
    r(
        "POST",
        "/api/v1/practitioners/{id}/post-qualifying/training",
        Cap(C::ViewPractitioners),
    ),
    r(
        "POST",
        "/api/v1/practitioners/{id}/post-qualifying/assessments",
        Cap(C::ViewPractitioners),
    ),
    // The self-assessment benchmark: any role of an organisation sees where it stands (the
    // service shows peers only to an organisation that takes part); the PSW decides
    // whether it takes part; the national analyst sees the distribution, without names.
    r(
        "GET",
        "/self-assessment/benchmark",
        Cap(C::ViewSelfAssessment),
    ),
    r(
        "POST",
        "/self-assessment/benchmark/consent",
        Cap(C::ManageSelfAssessment),
    ),
    r(
        "GET",
        "/national/self-assessment",
        Cap(C::ViewBenchmarkDistribution),
    ),
    r(
        "GET",
        "/api/v1/self-assessment/benchmark",
        Cap(C::ViewSelfAssessment),
    ),
    r(
        "PUT",
        "/api/v1/self-assessment/benchmark/consent",
        Cap(C::ManageSelfAssessment),
    ),
    r(
        "GET",
        "/api/v1/national/self-assessment",
        Cap(C::ViewBenchmarkDistribution),
    ),
];

/// The rule for a matched route, if there is one.
pub fn rule_for(method: &str, path: &str) -> Option<&'static RouteRule> {
    ROUTES.iter().find(|r| r.method == method && r.path == path)
}

/// The rule a request meets: HEAD is served wherever GET is, under GET's rule.
pub fn rule_for_request(method: &str, path: &str) -> Option<&'static RouteRule> {
    rule_for(if method == "HEAD" { "GET" } else { method }, path)
}

/// The methods a route path serves, for the `Allow` header of a 405: every method with a
/// rule, and HEAD wherever GET is.
pub fn allowed_methods(path: &str) -> String {
    let mut methods: Vec<&str> = Vec::new();
    for m in ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] {
        if rule_for_request(m, path).is_some() {
            methods.push(m);
        }
    }
    methods.join(", ")
}

/// Whether someone holding `roles` may open `path` (a route template such as
/// `/practitioners/{id}/supervision`) with `method`: the route's rule only, so a page can
/// show a link just where its target opens. Scope (which record) is the service's.
pub fn roles_may_open(roles: &[Role], method: &str, path: &str) -> bool {
    let Some(rule) = rule_for(method, path) else {
        return false;
    };
    let may = |c: Capability| c.roles().iter().any(|r| roles.contains(r));
    match rule.need {
        Public | SignedIn => true,
        Cap(c) => may(c),
        AnyOf(cs) => cs.iter().any(|c| may(*c)),
    }
}

/// Whether the actor (or nobody) meets a need. `Ok(())` or the error to answer with.
pub fn check(need: Need, actor: Option<&Actor>) -> Result<(), crate::error::AppError> {
    use crate::error::AppError;
    match (need, actor) {
        (Public, _) => Ok(()),
        (_, None) => Err(AppError::Unauthenticated),
        (SignedIn, Some(_)) => Ok(()),
        (Cap(c), Some(a)) if a.can(c) => Ok(()),
        (AnyOf(cs), Some(a)) if cs.iter().any(|c| a.can(*c)) => Ok(()),
        (Cap(_) | AnyOf(_), Some(_)) => Err(AppError::Forbidden),
    }
}

#[cfg(test)]
mod tests;
