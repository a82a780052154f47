use super::*;
use crate::domain::registration::in_renewal_window;
use proptest::prelude::*;
use time::macros::date;

const PAT: i64 = 100; // practitioner's user
const SAM: i64 = 200; // supervisor
const LEE: i64 = 300; // line manager
const PSW: i64 = 400;
const ORG: i64 = 1;

fn rules() -> ReminderRules {
    ReminderRules::default()
}

fn person(next_due: Option<Date>) -> Person {
    Person {
        practitioner_id: 7,
        user_id: Some(PAT),
        employer_org_id: ORG,
        line_manager: Some(LEE),
        professional_supervisor: Some(SAM),
        next_due,
    }
}

fn facts(people: Vec<Person>) -> Facts {
    Facts {
        people,
        psws: HashMap::from([(ORG, vec![PSW])]),
        ..Facts::default()
    }
}

fn run(f: &Facts, today: Date) -> Vec<Reminder> {
    due(
        f,
        today,
        &rules(),
        &SupervisionRules::default(),
        &HashSet::new(),
    )
}

fn to(rs: &[Reminder]) -> Vec<(i64, u8)> {
    let mut v: Vec<_> = rs.iter().map(|r| (r.key.recipient, r.key.level)).collect();
    v.sort();
    v
}

#[test]
fn overdue_supervision_escalates_to_manager_then_psw() {
    let f = facts(vec![person(Some(date!(2026 - 10 - 01)))]);
    assert!(
        run(&f, date!(2026 - 10 - 01)).is_empty(),
        "due today is not overdue"
    );
    assert_eq!(to(&run(&f, date!(2026 - 10 - 02))), [(PAT, 0), (SAM, 0)]);
    assert_eq!(to(&run(&f, date!(2026 - 10 - 08))), [(PAT, 0), (SAM, 0)]);
    assert_eq!(
        to(&run(&f, date!(2026 - 10 - 09))),
        [(PAT, 1), (SAM, 1), (LEE, 1)]
    );
    assert_eq!(
        to(&run(&f, date!(2026 - 10 - 16))),
        [(PAT, 2), (SAM, 2), (LEE, 2), (PSW, 2)]
    );
}

#[test]
fn an_overdue_self_assessment_action_goes_to_its_owner_then_the_psw_too() {
    let f = Facts {
        overdue_actions: vec![ActionFact {
            id: 9,
            org_id: ORG,
            owner: LEE,
            due: date!(2026 - 10 - 01),
        }],
        ..facts(vec![])
    };
    assert!(
        run(&f, date!(2026 - 10 - 01)).is_empty(),
        "due today is not overdue"
    );
    let first = run(&f, date!(2026 - 10 - 02));
    assert_eq!(to(&first), [(LEE, 0)]);
    assert_eq!(first[0].action_id, Some(9));
    assert_eq!(first[0].key.kind, Kind::SelfAssessmentActionOverdue);
    assert_eq!(
        to(&run(&f, date!(2026 - 10 - 09))),
        [(LEE, 0)],
        "no line manager step"
    );
    assert_eq!(to(&run(&f, date!(2026 - 10 - 16))), [(LEE, 2), (PSW, 2)]);
    // The owner who is also the PSW gets one message.
    let own = Facts {
        overdue_actions: vec![ActionFact {
            owner: PSW,
            ..f.overdue_actions[0].clone()
        }],
        ..f.clone()
    };
    assert_eq!(to(&run(&own, date!(2026 - 10 - 16))), [(PSW, 2)]);
}

#[test]
fn an_unanswered_concern_goes_to_who_answers_it_then_the_psw_too() {
    let mut f = Facts {
        unanswered_concerns: vec![ConcernFact {
            id: 4,
            org_id: ORG,
            assigned: Some(LEE),
            due: date!(2026 - 10 - 01),
        }],
        ..facts(vec![])
    };
    assert!(
        run(&f, date!(2026 - 10 - 01)).is_empty(),
        "due today is not late"
    );
    let first = run(&f, date!(2026 - 10 - 02));
    assert_eq!(to(&first), [(LEE, 0)]);
    assert_eq!(first[0].concern_id, Some(4));
    assert_eq!(first[0].key.kind, Kind::ConcernAnswerOverdue);
    assert_eq!(to(&run(&f, date!(2026 - 10 - 16))), [(LEE, 2), (PSW, 2)]);
    // Nobody asked yet: the PSW, who triages, from the first day late.
    f.unanswered_concerns[0].assigned = None;
    assert_eq!(to(&run(&f, date!(2026 - 10 - 02))), [(PSW, 0)]);
}

#[test]
fn an_overdue_appraisal_goes_to_the_person_and_their_appraiser_then_the_psw_too() {
    const APPRAISER: i64 = 600;
    let mut f = Facts {
        overdue_appraisals: vec![AppraisalFact {
            practitioner_id: 7,
            due: date!(2026 - 10 - 01),
            appraiser: None,
        }],
        ..facts(vec![person(None)])
    };
    assert!(
        run(&f, date!(2026 - 10 - 01)).is_empty(),
        "due today is not late"
    );
    let first = run(&f, date!(2026 - 10 - 02));
    assert_eq!(
        to(&first),
        [(PAT, 0), (LEE, 0)],
        "no appraisal started: the line manager"
    );
    assert_eq!(first[0].key.kind, Kind::AppraisalOverdue);
    f.overdue_appraisals[0].appraiser = Some(APPRAISER);
    assert_eq!(
        to(&run(&f, date!(2026 - 10 - 16))),
        [(PAT, 2), (PSW, 2), (APPRAISER, 2)]
    );
}

#[test]
fn an_overdue_asye_review_goes_to_the_nqsw_and_assessor_then_escalates() {
    const ASSESSOR: i64 = 500;
    let mut f = facts(vec![person(None)]);
    f.asye_reviews.push(AsyeReviewFact {
        practitioner_id: 7,
        assessor: ASSESSOR,
        point: "3_month".into(),
        due: date!(2026 - 10 - 01),
    });
    assert!(
        run(&f, date!(2026 - 10 - 01)).is_empty(),
        "due today is not overdue"
    );
    let day1 = run(&f, date!(2026 - 10 - 02));
    assert_eq!(to(&day1), [(PAT, 0), (ASSESSOR, 0)]);
    assert!(day1.iter().all(|r| r.key.kind == Kind::AsyeReviewOverdue));
    assert_eq!(
        to(&run(&f, date!(2026 - 10 - 16))),
        [(PAT, 2), (LEE, 2), (PSW, 2), (ASSESSOR, 2)]
    );
    assert_eq!(
        Kind::parse("asye_review_overdue"),
        Some(Kind::AsyeReviewOverdue)
    );
}

#[test]
fn someone_in_two_roles_gets_one_message() {
    let mut p = person(Some(date!(2026 - 10 - 01)));
    p.professional_supervisor = None; // the line manager supervises
    let got = run(&facts(vec![p]), date!(2026 - 10 - 20));
    assert_eq!(to(&got), [(PAT, 2), (LEE, 2), (PSW, 2)]);
    let lee = got.iter().find(|r| r.key.recipient == LEE).unwrap();
    assert_eq!(lee.party, Party::Supervisor);
}

#[test]
fn upcoming_sessions_remind_both_parties_within_the_window() {
    let mut f = facts(vec![person(None)]);
    f.planned.push(PlannedSession {
        id: 55,
        practitioner_id: 7,
        supervisor: SAM,
        on: date!(2026 - 10 - 10),
    });
    assert!(run(&f, date!(2026 - 10 - 07)).is_empty());
    assert_eq!(to(&run(&f, date!(2026 - 10 - 08))), [(PAT, 0), (SAM, 0)]);
    assert_eq!(to(&run(&f, date!(2026 - 10 - 10))), [(PAT, 0), (SAM, 0)]);
    assert!(run(&f, date!(2026 - 10 - 11)).is_empty());
}

#[test]
fn unconfirmed_records_are_chased_after_the_confirmation_deadline() {
    let mut f = facts(vec![person(None)]);
    f.unconfirmed.push(UnconfirmedSession {
        id: 9,
        practitioner_id: 7,
        supervisor: 201,
        recorded_on: date!(2026 - 10 - 01),
    });
    // confirm_days = 10: the deadline is 11 October.
    assert!(run(&f, date!(2026 - 10 - 11)).is_empty());
    let got = run(&f, date!(2026 - 10 - 12));
    assert_eq!(to(&got), [(PAT, 0), (201, 0)]);
    assert!(got.iter().all(|r| r.session_id == Some(9)));
    assert_eq!(
        to(&run(&f, date!(2026 - 10 - 19))),
        [(PAT, 1), (201, 1), (LEE, 1)]
    );
}

fn registration(status: RegistrationStatus, until: Option<Date>) -> Registration {
    Registration {
        practitioner_id: 7,
        status,
        status_since: date!(2026 - 03 - 01),
        registered_until: until,
    }
}

#[test]
fn renewal_reminders_run_in_the_window_until_renewed() {
    let mut f = facts(vec![person(None)]);
    f.registrations.push(registration(
        RegistrationStatus::Registered,
        Some(date!(2026 - 11 - 30)),
    ));
    assert!(run(&f, date!(2026 - 08 - 31)).is_empty());
    let first = run(&f, date!(2026 - 09 - 01));
    assert_eq!(to(&first), [(PAT, 0)]);
    assert_eq!(first[0].key.kind, Kind::RenewalDue);
    // The same round the next day; a new round after renewal_repeat_days.
    assert_eq!(run(&f, date!(2026 - 09 - 02))[0].key, first[0].key);
    assert_ne!(run(&f, date!(2026 - 09 - 15))[0].key, first[0].key);
    assert!(run(&f, date!(2026 - 12 - 01)).is_empty());
    f.registrations[0].registered_until = Some(date!(2027 - 11 - 30));
    assert!(run(&f, date!(2026 - 10 - 01)).is_empty());
}

#[test]
fn a_lapse_alerts_manager_and_psw_once_per_change() {
    let mut f = facts(vec![person(None)]);
    f.registrations
        .push(registration(RegistrationStatus::Lapsed, None));
    let got = run(&f, date!(2026 - 12 - 02));
    assert_eq!(to(&got), [(LEE, 0), (PSW, 0)]);
    assert!(
        got.iter()
            .all(|r| r.status == Some(RegistrationStatus::Lapsed))
    );
    // Recorded: nothing again until the status changes again.
    let sent: HashSet<Key> = got.iter().map(|r| r.key.clone()).collect();
    let again = due(
        &f,
        date!(2026 - 12 - 20),
        &rules(),
        &SupervisionRules::default(),
        &sent,
    );
    assert!(again.is_empty());
    f.registrations[0].status_since = date!(2026 - 12 - 15);
    let next = due(
        &f,
        date!(2026 - 12 - 20),
        &rules(),
        &SupervisionRules::default(),
        &sent,
    );
    assert_eq!(to(&next), [(LEE, 0), (PSW, 0)]);
    // Registered people raise no alert.
    f.registrations[0].status = RegistrationStatus::Registered;
    assert!(run(&f, date!(2026 - 12 - 20)).is_empty());
}

/// Dates from 2024-01-01 to 2028-12-31.
fn any_date() -> impl Strategy<Value = Date> {
    (2_460_311i32..2_462_138).prop_map(|j| Date::from_julian_day(j).unwrap())
}

fn any_status() -> impl Strategy<Value = RegistrationStatus> {
    proptest::sample::select(RegistrationStatus::ALL.to_vec())
}

prop_compose! {
    fn any_person(id: i64)(
        has_user in any::<bool>(),
        lm in proptest::option::of(300i64..303),
        ps in proptest::option::of(200i64..203),
        next_due in proptest::option::of(any_date()),
    ) -> Person {
        Person {
            practitioner_id: id,
            user_id: has_user.then_some(100 + id),
            employer_org_id: id % 2,
            line_manager: lm,
            professional_supervisor: ps,
            next_due,
        }
    }
}

prop_compose! {
    fn any_facts()(
        people in (any_person(1), any_person(2), any_person(3)),
        planned in proptest::collection::vec((1i64..4, 200i64..203, any_date()), 0..4),
        held in proptest::collection::vec((1i64..4, 200i64..203, any_date()), 0..4),
        regs in proptest::collection::vec((1i64..4, any_status(), any_date(), proptest::option::of(any_date())), 0..3),
    ) -> Facts {
        Facts {
            people: vec![people.0, people.1, people.2],
            planned: planned.into_iter().enumerate().map(|(i, (p, s, on))| PlannedSession { id: i as i64, practitioner_id: p, supervisor: s, on }).collect(),
            unconfirmed: held.into_iter().enumerate().map(|(i, (p, s, on))| UnconfirmedSession { id: 50 + i as i64, practitioner_id: p, supervisor: s, recorded_on: on }).collect(),
            registrations: regs.into_iter().map(|(p, status, since, until)| Registration { practitioner_id: p, status, status_since: since, registered_until: until }).collect(),
            psws: HashMap::from([(0, vec![400]), (1, vec![401, 402])]),
            asye_reviews: Vec::new(),
            ..Facts::default()
        }
    }
}

fn any_rules() -> impl Strategy<Value = ReminderRules> {
    (0u32..10, 0u32..20, 0u32..20, 1u32..30).prop_map(|(up, a, b, rep)| ReminderRules {
        interval_seconds: 900,
        upcoming_days: up,
        escalate_to_manager_after_days: a.min(b),
        escalate_to_psw_after_days: a.max(b),
        renewal_repeat_days: rep,
    })
}

proptest! {
    #[test]
    fn recording_what_was_sent_leaves_nothing_to_send(f in any_facts(), today in any_date(), r in any_rules()) {
        let s = SupervisionRules::default();
        let first = due(&f, today, &r, &s, &HashSet::new());
        let keys: HashSet<Key> = first.iter().map(|x| x.key.clone()).collect();
        prop_assert_eq!(keys.len(), first.len(), "each key once");
        prop_assert!(due(&f, today, &r, &s, &keys).is_empty());
    }

    #[test]
    fn escalation_never_goes_down_as_days_pass(a in -50i64..100, b in 0i64..100, r in any_rules()) {
        prop_assert!(escalation_level(a, &r) <= escalation_level(a + b, &r));
    }

    #[test]
    fn an_overdue_problem_reaches_at_least_its_parties_and_climbs(
        p in any_person(1), today in any_date(), later in 0i64..60, r in any_rules()
    ) {
        let s = SupervisionRules::default();
        let f = Facts { people: vec![p], psws: HashMap::from([(1, vec![401])]), ..Facts::default() };
        let level = |d: Date| due(&f, d, &r, &s, &HashSet::new()).iter().map(|x| x.key.level).max();
        let then = today + Duration::days(later);
        if let (Some(a), Some(b)) = (level(today), level(then)) {
            prop_assert!(a <= b);
        }
    }

    #[test]
    fn reminders_go_only_to_people_connected_to_the_practitioner(f in any_facts(), today in any_date(), r in any_rules()) {
        for x in due(&f, today, &r, &SupervisionRules::default(), &HashSet::new()) {
            let p = f.people.iter().find(|p| p.practitioner_id == x.practitioner_id).unwrap();
            let session_supervisors: Vec<i64> = f.planned.iter().map(|s| s.supervisor)
                .chain(f.unconfirmed.iter().map(|s| s.supervisor)).collect();
            let u = x.key.recipient;
            let connected = p.user_id == Some(u) || p.line_manager == Some(u)
                || p.professional_supervisor == Some(u)
                || f.psws.get(&p.employer_org_id).is_some_and(|v| v.contains(&u))
                || (x.session_id.is_some() && session_supervisors.contains(&u));
            prop_assert!(connected, "{:?} is not connected to {:?}", x, p);
            prop_assert!(x.party != Party::PrincipalSocialWorker || x.key.level == 2 || x.key.kind == Kind::RegistrationAlert);
        }
    }

    #[test]
    fn no_renewal_reminder_outside_the_window(f in any_facts(), today in any_date(), r in any_rules()) {
        let any_renewal = due(&f, today, &r, &SupervisionRules::default(), &HashSet::new())
            .iter().any(|x| x.key.kind == Kind::RenewalDue);
        prop_assert!(!any_renewal || in_renewal_window(today));
    }
}

#[test]
fn amhp_reapproval_reminders_at_each_lead_time_to_the_amhp_and_psw() {
    let mut f = facts(vec![person(None)]);
    f.approvals = vec![AmhpApproval {
        id: 9,
        practitioner_id: 7,
        expires_on: date!(2027 - 08 - 31),
    }];
    f.reapproval_lead_months = vec![6, 3, 1];
    assert!(run(&f, date!(2027 - 02 - 27)).is_empty());
    let six = run(&f, date!(2027 - 02 - 28));
    assert_eq!(to(&six), [(PAT, 0), (PSW, 0)]);
    assert!(six.iter().all(|r| r.key.kind == Kind::ReapprovalDue
        && r.key.subject == "a9:2027-08-31:6m"
        && r.date == date!(2027 - 08 - 31)));
    // The same stage is not sent again; the next stage is a new reminder.
    let sent: HashSet<Key> = six.iter().map(|r| r.key.clone()).collect();
    let again = due(
        &f,
        date!(2027 - 04 - 01),
        &rules(),
        &SupervisionRules::default(),
        &sent,
    );
    assert!(again.is_empty());
    let three = due(
        &f,
        date!(2027 - 05 - 31),
        &rules(),
        &SupervisionRules::default(),
        &sent,
    );
    assert_eq!(three[0].key.subject, "a9:2027-08-31:3m");
    assert!(run(&f, date!(2027 - 09 - 01)).is_empty(), "after the end");
    f.reapproval_lead_months.clear();
    assert!(
        run(&f, date!(2027 - 08 - 01)).is_empty(),
        "no lead times: off"
    );
}
