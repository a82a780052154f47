//! Deterministic synthetic demo data: an NHS mental health trust hosting social workers
//! employed by two councils (through partnership agreements), an unrelated independent
//! provider with its own staff, and one demo sign-in per role. The same seed always gives
//! the same data; benchmarks use it at larger sizes. All names, codes and emails are
//! invented (ODS codes here are not real organisations' codes).

use crate::domain::organisation::OrganisationFields;
use crate::domain::practitioner::{Equality, PractitionerFields};
use crate::domain::team::TeamFields;
use crate::domain::user::UserFields;
use crate::service::accounts::hash_password;
use crate::store::Db;
use crate::store::orgs;
use crate::store::practitioners;
use crate::store::teams;
use crate::store::users;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt;
use time::Date;

mod absence;
mod agreements;
mod appraisal;
mod asye;
mod benchmark_peers;
mod concerns;
mod conversations;
mod cpd;
mod feedback;
mod leavers;
pub mod national;
mod post_qualifying;
mod pulse;
mod registration;
mod self_assessment;
mod sign_ins;
mod supervision;
mod survey;
mod workforce;

pub const DEMO_PASSWORD: &str = "demo-password-2026";

pub struct DemoOptions {
    pub practitioners: usize,
    pub seed: u64,
    pub progress: bool,
    /// Months of supervision history to generate (13 by default; benchmarks use 120).
    pub history_months: u32,
    /// The day the demo is built around: histories end here and plans start after it.
    pub today: Date,
    /// Whether data the demo did not make may be deleted (`--replace-existing-data`).
    pub replace: crate::store::Replace,
    /// The national demo (`--national`): this many organisations added to the demo's own,
    /// and every practitioner beyond the first `BASE_PRACTITIONERS` in them
    /// (`demo::national`).
    pub national: Option<usize>,
}

/// How many practitioners the demo's own organisations hold in the national demo (the
/// default demo's number), so their pages look as they do in the default demo.
pub const BASE_PRACTITIONERS: usize = 150;

/// Months of supervision history a demo has unless asked for more.
pub const DEFAULT_HISTORY_MONTHS: u32 = 13;

/// What was made, with the sign-ins to print.
pub struct DemoSummary {
    pub organisations: usize,
    pub teams: usize,
    pub practitioners: usize,
    pub sign_ins: Vec<(String, &'static str, String)>,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Demo data: {} organisations, {} teams, {} practitioners.",
            self.organisations, self.teams, self.practitioners
        )?;
        writeln!(
            f,
            "Sign in with any of these (password for all: {DEMO_PASSWORD}):"
        )?;
        for (email, role, org) in &self.sign_ins {
            writeln!(f, "  {email:<40} {role:<28} {org}")?;
        }
        Ok(())
    }
}

const GIVEN: &[&str] = &[
    "Amara", "Ben", "Chloe", "Dev", "Ebony", "Farah", "George", "Hannah", "Imran", "Jade", "Kwame",
    "Laura", "Mohammed", "Niamh", "Oliver", "Priya", "Rachel", "Samuel", "Tariq", "Uchenna",
    "Victoria", "Wei", "Yasmin", "Zoe", "Aidan", "Bethany", "Callum", "Deborah", "Emeka", "Fiona",
    "Grace", "Harpreet", "Isaac", "Joanna", "Kieran", "Leah", "Marcus", "Nadia", "Owen",
    "Patience", "Rosa", "Simon", "Tendai", "Anita", "Declan", "Shabnam",
];
const FAMILY: &[&str] = &[
    "Adeyemi",
    "Ahmed",
    "Barker",
    "Begum",
    "Campbell",
    "Chen",
    "Davies",
    "Edwards",
    "Evans",
    "Fletcher",
    "Gordon",
    "Hussain",
    "Hughes",
    "Iqbal",
    "Jackson",
    "Johnson",
    "Kaur",
    "Khan",
    "Lewis",
    "Mensah",
    "Morris",
    "Nowak",
    "Okafor",
    "O'Brien",
    "Patel",
    "Quinn",
    "Roberts",
    "Shah",
    "Singh",
    "Taylor",
    "Thompson",
    "Walker",
    "Williams",
    "Wright",
    "Yusuf",
    "Zielinski",
    "Murphy",
    "Clarke",
    "Brown",
    "Osei",
];

struct OrgSpec {
    name: &'static str,
    ods: &'static str,
    org_type: &'static str,
    region: &'static str,
    population: i64,
    nhs: bool,
    domain: &'static str,
}

const ORGS: [OrgSpec; 4] = [
    OrgSpec {
        name: "Northshire Mental Health NHS Foundation Trust",
        ods: "R9N",
        org_type: "nhs_trust",
        region: "Y62",
        population: 1_150_000,
        nhs: true,
        domain: "northshire.example.nhs.uk",
    },
    OrgSpec {
        name: "Northshire County Council",
        ods: "LA9N1",
        org_type: "local_authority",
        region: "Y62",
        population: 820_000,
        nhs: false,
        domain: "northshire-council.example.gov.uk",
    },
    OrgSpec {
        name: "Eastbridge City Council",
        ods: "LA9E2",
        org_type: "local_authority",
        region: "Y62",
        population: 330_000,
        nhs: false,
        domain: "eastbridge.example.gov.uk",
    },
    OrgSpec {
        name: "Harbour House Care",
        ods: "HH9C3",
        org_type: "independent",
        region: "Y60",
        population: 0,
        nhs: false,
        domain: "harbourhouse.example.org.uk",
    },
];

/// (organisation index, team name, service model)
const TEAMS: [(usize, &str, &str); 14] = [
    (0, "Community Mental Health Team North", "community"),
    (0, "Community Mental Health Team South", "community"),
    (0, "Early Intervention in Psychosis", "early_intervention"),
    (0, "Crisis Resolution and Home Treatment", "crisis"),
    (0, "Acute Inpatient Wards", "inpatient"),
    (0, "Secure and Forensic Services", "forensic"),
    (0, "Children and Young People's Mental Health", "camhs"),
    (0, "Perinatal Mental Health", "perinatal"),
    (0, "Mental Health Liaison", "liaison"),
    (0, "Older Adults Community Team", "older_adults"),
    (1, "Northshire AMHP Service", "amhp_service"),
    (2, "Eastbridge Mental Health Social Work Team", "community"),
    (3, "Harbour House Rehabilitation", "inpatient"),
    (3, "Harbour House Community Support", "community"),
];

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut n = rng.gen_range(0..total);
    for (item, w) in items {
        if n < *w {
            return item;
        }
        n -= w;
    }
    &items[0].0
}

/// A career stage drawn as the workforce is spread (most qualified or senior).
fn career_stage(rng: &mut ChaCha8Rng) -> &'static str {
    const STAGES: [(&str, u32); 6] = [
        ("student", 3),
        ("asye", 10),
        ("qualified", 45),
        ("senior", 25),
        ("advanced", 10),
        ("manager", 7),
    ];
    pick::<&'static str>(rng, &STAGES)
}

/// A day in a year between `from_years_ago` and `to_years_ago` before `today`'s year,
/// moved back a year if it would not be in the past (a start or leaving date never is).
fn date_back(rng: &mut ChaCha8Rng, today: Date, from_years_ago: i32, to_years_ago: i32) -> Date {
    let year = today.year() - from_years_ago + rng.gen_range(0..=from_years_ago - to_years_ago);
    // i32 draws, as before the dates were relative, so the seed gives the same people.
    let month: i32 = rng.gen_range(1..=12);
    let day: i32 = rng.gen_range(1..=28);
    let month = time::Month::try_from(month as u8).unwrap_or(time::Month::January);
    let d = Date::from_calendar_date(year, month, day as u8).unwrap_or(today);
    if d >= today {
        d.replace_year(year - 1).unwrap_or(d)
    } else {
        d
    }
}

/// A guarded write the generator makes must change its row: if not, the generator is wrong.
fn expect_changed(g: crate::store::Guarded, what: &str) -> anyhow::Result<()> {
    anyhow::ensure!(g.changed(), "demo: {what} changed nothing");
    Ok(())
}

/// Rebuilds the database and fills it. Everything is one transaction.
pub async fn build(db: &Db, opts: &DemoOptions) -> anyhow::Result<DemoSummary> {
    db.reset(opts.replace).await?;
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let today = opts.today;
    // Nobody acts here: the demo builds a fresh database, and the audit trail starts empty.
    #[allow(clippy::disallowed_methods)]
    let mut tx = db.begin().await?;
    let mut org_ids = Vec::new();
    for o in &ORGS {
        let id = orgs::insert(
            &mut tx,
            &OrganisationFields {
                name: o.name.into(),
                ods_code: o.ods.into(),
                org_type: o.org_type.into(),
                region: o.region.into(),
                population: (o.population > 0).then_some(o.population),
                is_nhs_body: o.nhs,
            },
        )
        .await?;
        org_ids.push(id);
    }
    agreements::make(&mut tx, [org_ids[0], org_ids[1], org_ids[2]], today).await?;
    let added = match opts.national {
        Some(n) => national::add_organisations(&mut tx, opts.seed, n).await?,
        None => Vec::new(),
    };
    let added_teams: Vec<(usize, i64)> = added
        .iter()
        .enumerate()
        .flat_map(|(o, org)| org.teams.iter().map(move |t| (o, *t)))
        .collect();
    let mut team_ids = Vec::new();
    for (org, name, model) in &TEAMS {
        team_ids.push((
            *org,
            teams::insert(
                &mut tx,
                org_ids[*org],
                &TeamFields {
                    name: (*name).into(),
                    service_model: (*model).into(),
                },
            )
            .await?,
        ));
    }
    let own = match opts.national {
        Some(_) => opts.practitioners.min(BASE_PRACTITIONERS),
        None => opts.practitioners,
    };
    let independent = (own / 8).max(4);
    let total = opts.practitioners + independent;
    let bar = progress_bar(
        opts.progress && total > 400,
        total as u64,
        "Generating practitioners",
    );
    // The demo's own people's numbers, shuffled as they always were; the national demo's
    // added people are numbered from 600,000 in order, so the own people stay the same.
    let mut swe_numbers: Vec<u32> = (0..(own + independent) as u32)
        .map(|i| 120_000 + i * 17)
        .collect();
    swe_numbers.shuffle(&mut rng);
    let mut own_swe = swe_numbers.into_iter();
    let mut first_in_team: Vec<Option<i64>> = vec![None; TEAMS.len() + added_teams.len()];
    // In the national demo, everyone after the demo's own first people is in an added
    // organisation: (its index in `added`, team index), drawn on the national stream.
    let mut national_rng = ChaCha8Rng::seed_from_u64(opts.seed.wrapping_add(500));
    let in_added =
        |i: usize| opts.national.is_some() && i >= BASE_PRACTITIONERS && i < opts.practitioners;
    let mut seniors_in_first_team = Vec::new();
    for i in 0..total {
        if in_added(i) {
            let swe = 600_000 + i as u32 * 17;
            let t = national_rng.gen_range(0..added_teams.len());
            let (o, team_id) = added_teams[t];
            let id = national::person(
                &mut tx,
                &mut national_rng,
                (&added[o], team_id),
                (swe, i),
                today,
            )
            .await?;
            if first_in_team[TEAMS.len() + t].is_none() {
                first_in_team[TEAMS.len() + t] = Some(id);
            }
            bar.inc(1);
            continue;
        }
        let Some(swe) = own_swe.next() else { break };
        let (team_index, (host_org, team_id)) = if i < opts.practitioners {
            let t = if i < 12 { 0 } else { rng.gen_range(0..12) };
            (t, team_ids[t])
        } else {
            let t = 12 + rng.gen_range(0..2);
            (t, team_ids[t])
        };
        let employer = match host_org {
            0 => *pick(&mut rng, &[(0usize, 60), (1, 25), (2, 15)]),
            other => other,
        };
        let stage = if i == 0 {
            "qualified"
        } else if i == 1 {
            "senior"
        } else if i == 2 {
            "manager"
        } else {
            career_stage(&mut rng)
        };
        let role_category = if stage == "student" || i < 3 {
            "sw_required"
        } else {
            *pick(
                &mut rng,
                &[
                    ("sw_required", 83),
                    ("open_professional", 10),
                    ("registration_kept", 5),
                    ("non_social_work", 2),
                ],
            )
        };
        let band = if ORGS[employer].org_type == "local_authority" {
            "council"
        } else {
            match stage {
                "student" => "unknown",
                "asye" => "5",
                "qualified" => "6",
                "senior" => "7",
                "advanced" => *pick(&mut rng, &[("7", 1), ("8a", 1)]),
                _ => "8a",
            }
        };
        let given = GIVEN[rng.gen_range(0..GIVEN.len())];
        let family = FAMILY[rng.gen_range(0..FAMILY.len())];
        let email = format!(
            "{}.{}{}@{}",
            given.to_lowercase(),
            family.to_lowercase().replace('\'', ""),
            i + 1,
            ORGS[employer].domain
        );
        let mut pq = Vec::new();
        if matches!(stage, "qualified" | "senior" | "advanced" | "manager") {
            for (code, chance) in [
                ("amhp", 0.22),
                ("bia", 0.1),
                ("practice_educator", 0.1),
                ("practice_supervisor", 0.08),
            ] {
                if rng.gen_bool(chance) || (team_index == 10 && code == "amhp") {
                    pq.push(code.to_string());
                }
            }
        }
        let start = match stage {
            "student" => date_back(&mut rng, today, 0, 0),
            "asye" => date_back(&mut rng, today, 1, 0),
            _ => date_back(&mut rng, today, 18, 2),
        };
        let leaver = i >= 3 && rng.gen_bool(0.03);
        let fields = PractitionerFields {
            given_name: given.into(),
            family_name: family.into(),
            work_email: email,
            swe_number: (stage != "student" && role_category != "non_social_work")
                .then(|| format!("SW{swe}")),
            employer_org_id: org_ids[employer],
            host_org_id: org_ids[host_org],
            team_id: Some(team_id),
            role_category: role_category.into(),
            career_stage: stage.into(),
            band: band.into(),
            wte: *pick(&mut rng, &[(1.0, 70), (0.8, 15), (0.6, 10), (0.5, 5)]),
            start_date: start,
            end_date: leaver.then(|| date_back(&mut rng, today, 1, 0)),
            pq_roles: pq,
        };
        let id = practitioners::insert(&mut tx, &fields).await?;
        crate::store::workforce::record_post(&mut tx, id, fields.start_date).await?;
        let equality = Equality {
            ethnic_category: Some(
                (*pick(
                    &mut rng,
                    &[
                        ("A", 62),
                        ("B", 3),
                        ("C", 6),
                        ("D", 2),
                        ("E", 1),
                        ("F", 1),
                        ("G", 1),
                        ("H", 4),
                        ("J", 3),
                        ("K", 1),
                        ("L", 1),
                        ("M", 4),
                        ("N", 6),
                        ("P", 1),
                        ("R", 1),
                        ("S", 1),
                        ("Z", 1),
                        ("99", 1),
                    ],
                ))
                .into(),
            ),
            date_of_birth: Some(date_back(&mut rng, today, 64, 23)),
            age_band: None,
            sex: Some((*pick(&mut rng, &[("female", 78), ("male", 20), ("not_stated", 2)])).into()),
            disability: Some(
                (*pick(&mut rng, &[("no", 82), ("yes", 12), ("not_stated", 6)])).into(),
            ),
        };
        practitioners::set_equality(&mut tx, id, &equality).await?;
        if first_in_team[team_index].is_none() {
            first_in_team[team_index] = Some(id);
        }
        if team_index == 0 && i < 3 {
            seniors_in_first_team.push(id);
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    let hash = hash_password(DEMO_PASSWORD)?;
    let trust = org_ids[0];
    let mut sign_ins = Vec::new();
    let demo_users = sign_ins::demo_users(&seniors_in_first_team);
    let mut user_ids = Vec::new();
    for (email, name, org, roles, practitioner_id) in demo_users {
        let fields = UserFields {
            email: email.into(),
            display_name: name.into(),
            org_id: org.map(|o| org_ids[o]),
            practitioner_id,
            active: true,
            roles: roles.clone(),
        };
        user_ids.push(users::insert(&mut tx, &fields, Some(&hash)).await?);
        // A newcomer follows the demo by name: the sign-in "Pat Practitioner" is the
        // practitioner record "Pat Practitioner", not a stranger's name.
        if let (Some(id), Some((given, family))) = (practitioner_id, name.split_once(' ')) {
            practitioners::set_name(&mut tx, id, given, family).await?;
        }
        let label = roles
            .iter()
            .map(|r| r.label())
            .collect::<Vec<_>>()
            .join(", ");
        sign_ins.push((
            email.to_string(),
            Box::leak(label.into_boxed_str()) as &'static str,
            org.map(|o| ORGS[o].name.to_string())
                .unwrap_or_else(|| "National (no organisation)".into()),
        ));
    }
    // The demo supervisor supervises the first team, so their sign-in has supervisees.
    let known = [(team_ids[0].1, user_ids[1])];
    supervision::build(&mut tx, &mut rng, &known, today, opts.history_months).await?;
    registration::build(&mut tx, &mut rng, today).await?;
    // After everything else, so the rest of the demo is the same as before the pulse.
    pulse::build(&mut tx, &mut rng, &[known[0].0], today).await?;
    cpd::build(&mut tx, &mut rng, today).await?;
    feedback::build(&mut tx, &mut rng, today).await?;
    // ASYE programmes for the trust's NQSWs, assessed by the demo supervisor.
    asye::build(&mut tx, trust, user_ids[1], today).await?;
    // Its own random stream: Pat (the demo practitioner) is an AMHP; the PSW recorded it.
    let pat = seniors_in_first_team.first().copied();
    post_qualifying::build(&mut tx, opts.seed, pat, user_ids[3], today).await?;
    // Collaborative conversation notes, last and on their own stream.
    conversations::build(&mut tx, opts.seed, today).await?;
    // Benchmark peers and the trust's signed-off HEE self-assessment, on their own stream.
    benchmark_peers::build(&mut tx, opts.seed, trust, user_ids[3], today).await?;
    // The trust's open self-assessment cycle and its action plan, after any signed-off one.
    let sa_people = self_assessment::People {
        psw: user_ids[3],
        supervisor: user_ids[1],
        workforce_lead: user_ids[4],
    };
    self_assessment::build(&mut tx, trust, &sa_people, today).await?;
    // The trust's establishments, data years, band moves and pipeline, on their own stream.
    workforce::build(&mut tx, opts.seed, trust, user_ids[3], today).await?;
    let concern_people = concerns::People {
        psw: user_ids[3],
        supervisor: user_ids[1],
    };
    concerns::build(&mut tx, trust, &concern_people, today).await?;
    leavers::build(&mut tx, trust, today).await?; // exit answers: leavers and ten earlier
    absence::build(&mut tx, trust, user_ids[4], today).await?; // recorded by the HR lead
    survey::build(&mut tx, trust, user_ids[3], pat, today).await?; // last year's and this year's
    appraisal::build(&mut tx, trust, &user_ids, &seniors_in_first_team, today).await?;
    crate::store::guard::mark_made_by_demo(&mut tx).await?;
    tx.commit().await?;
    national::send_returns(db, &added, today, opts.progress).await?;
    crate::store::dialect::after_bulk_load(db).await?;
    let (organisations, teams) = crate::store::demo::organisations_and_teams(&db.pool).await?;
    Ok(DemoSummary {
        organisations,
        teams,
        practitioners: total,
        sign_ins,
    })
}

fn progress_bar(show: bool, len: u64, what: &str) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{what} {{bar:40}} {{pos}}/{{len}} ({{eta}} left)"
        ))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}
