//! Authorisation, in one place: who may do what (capabilities per role), which records
//! they may see (scopes), and what a route may need (`Need`, `check`). Each route is
//! declared with its need in `web::routes`, and the integration suite walks every route
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
    /// Send the organisation's return to the national stocktake, and see the returns it has
    /// sent (a national analyst sends any organisation's, from a file it was sent).
    SubmitStocktakeReturn,
    /// Generate the organisation's return from its own records, review it and send it.
    GenerateStocktakeReturn,
    /// The organisation's workforce intelligence: headcount and WTE by team and the rest,
    /// vacancies, skill mix, turnover, the AMHP position and race equality.
    ViewWorkforceIntelligence,
    /// Enter what the workforce intelligence cannot read from records: team
    /// establishments, and each year's student placements and recruitment and disciplinary
    /// counts.
    ManageWorkforcePlan,
    /// The board report across the eight considerations (page, XLSX, PDF, API).
    ViewBoardReport,
    /// Raise a concern about resources, workload, or unsafe or inappropriate practice,
    /// named or anonymously, follow it and reply; answer one when asked (checked per
    /// concern in `service::concerns`).
    RaiseConcern,
    /// Read every concern raised in the organisation, ask someone to answer it, answer and
    /// close it (the principal social worker).
    ManageConcerns,
    /// Answer the exit questionnaire, once, when one's leaving day is recorded (checked
    /// against the record in `service::leavers`).
    AnswerExitQuestionnaire,
    /// Record or import sickness absence episodes of the people the organisation employs
    /// (the HR lead); nobody reads them back by person.
    ManageAbsence,
    /// Read a team's skills audit and role-clarity reviews.
    ViewTeamSkills,
    /// Run a team's skills audit and record its role-clarity review (the team's own team
    /// manager or the PSW, checked in `service::team_skills`).
    ManageTeamSkills,
    /// Run the wellbeing and engagement survey: open a cycle, email its single-use links
    /// and reminders, close it, and read its results in aggregate (the PSW and the HR or
    /// workforce lead).
    RunWellbeingSurvey,
    /// Answer the wellbeing survey when invited (checked against the invitation in
    /// `service::survey`).
    AnswerWellbeingSurvey,
    /// Read one's own appraisals, choose the evidence to share, add one's reflection and
    /// sign (anyone with their own practitioner record).
    KeepOwnAppraisal,
    /// Start, write and sign appraisals as appraiser: a team manager for their own team,
    /// the PSW for anyone in the organisation (checked per person in `service::appraisal`).
    ConductAppraisals,
    /// Who is due or overdue an appraisal, and completion rates by team and employer:
    /// dates only, never what an appraisal says.
    ViewAppraisalCompletion,
    /// Read the organisation's strategic statement for social work.
    ViewStrategicStatement,
    /// Generate and edit the strategic statement (the principal social worker).
    EditStrategicStatement,
    /// Find anyone the organisation holds data about and export all of it (a subject access
    /// request), and see the retention schedule and what its next run would change: the
    /// data protection officer, and nobody else.
    ActOnDataRights,
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
                DataProtectionOfficer,
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
            Capability::SubmitStocktakeReturn => {
                &[PrincipalSocialWorker, WorkforceLead, NationalAnalyst]
            }
            Capability::GenerateStocktakeReturn => &[PrincipalSocialWorker, WorkforceLead],
            Capability::ViewWorkforceIntelligence => &[PrincipalSocialWorker, WorkforceLead],
            Capability::ManageWorkforcePlan => &[PrincipalSocialWorker, WorkforceLead],
            Capability::ViewBoardReport => &[PrincipalSocialWorker, WorkforceLead],
            Capability::RaiseConcern => &[
                Practitioner,
                Supervisor,
                TeamManager,
                PrincipalSocialWorker,
                WorkforceLead,
            ],
            Capability::ManageConcerns => &[PrincipalSocialWorker],
            Capability::ManageAbsence => &[WorkforceLead],
            Capability::ViewTeamSkills => &[TeamManager, PrincipalSocialWorker, WorkforceLead],
            Capability::ManageTeamSkills => &[TeamManager, PrincipalSocialWorker],
            Capability::RunWellbeingSurvey => &[PrincipalSocialWorker, WorkforceLead],
            Capability::AnswerWellbeingSurvey => &[
                Practitioner,
                Supervisor,
                TeamManager,
                PrincipalSocialWorker,
                WorkforceLead,
            ],
            Capability::AnswerExitQuestionnaire => &[
                Practitioner,
                Supervisor,
                TeamManager,
                PrincipalSocialWorker,
                WorkforceLead,
            ],
            Capability::KeepOwnAppraisal => {
                &[Practitioner, Supervisor, TeamManager, PrincipalSocialWorker]
            }
            Capability::ConductAppraisals => &[TeamManager, PrincipalSocialWorker],
            Capability::ViewAppraisalCompletion => {
                &[TeamManager, PrincipalSocialWorker, WorkforceLead]
            }
            Capability::ViewStrategicStatement => {
                &[TeamManager, PrincipalSocialWorker, WorkforceLead]
            }
            Capability::ActOnDataRights => &[DataProtectionOfficer],
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

use Need::{AnyOf, Cap, Public, SignedIn};

/// Shared feedback results: a supervisor named in the agreement, or the practitioner
/// previewing what their supervisors would see ("see what they would see").
pub(crate) const SHARED_FEEDBACK_READERS: &[Capability] =
    &[Capability::ViewSharedFeedback, Capability::KeepOwnFeedback];

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
