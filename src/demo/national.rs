//! The national demo (`mhsw demo --national`): besides the demo's own organisations (its
//! four and the self-assessment benchmark's peers), as many more as asked (500 by default: NHS trusts, councils and independent providers in
//! every region of England), each with its teams, its share of the practitioners (and so
//! their supervision, registration, CPD and feedback, which the rest of the demo makes for
//! everyone), and returns to the national stocktake generated from their records for the
//! last five census days. Its own random stream, so the demo's first organisations are the
//! same with or without it.

use crate::domain::organisation::OrganisationFields;
use crate::domain::team::TeamFields;
use crate::store::{Conn, Db, orgs, teams};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use time::Date;

/// An organisation the national demo adds.
#[derive(Debug, Clone)]
pub struct NationalOrg {
    pub id: i64,
    pub org_type: &'static str,
    pub domain: String,
    /// Its teams' ids.
    pub teams: Vec<i64>,
}

const REGIONS: [&str; 7] = ["Y56", "Y58", "Y59", "Y60", "Y61", "Y62", "Y63"];
const PLACES: [&str; 12] = [
    "Ashford",
    "Bramley",
    "Calder",
    "Denton",
    "Elmswood",
    "Fairhaven",
    "Greystone",
    "Holbeck",
    "Ingleby",
    "Kirkwood",
    "Longmere",
    "Marston",
];

/// Adds `count` organisations with their teams.
pub async fn add_organisations(
    conn: &mut Conn,
    seed: u64,
    count: usize,
) -> anyhow::Result<Vec<NationalOrg>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x4e41_5449_4f4e_414c);
    let mut out = Vec::with_capacity(count);
    for k in 0..count {
        let place = PLACES[k % PLACES.len()];
        let (org_type, name, ods, nhs, team_names): (&str, String, String, bool, &[(&str, &str)]) =
            match rng.gen_range(0..100) {
                0..40 => (
                    "nhs_trust",
                    format!("{place} {k} Mental Health NHS Foundation Trust"),
                    format!("RN{k:04}"),
                    true,
                    &[
                        ("Community Mental Health Team", "community"),
                        ("Crisis Resolution and Home Treatment", "crisis"),
                        ("Acute Inpatient Wards", "inpatient"),
                        ("Early Intervention in Psychosis", "early_intervention"),
                    ],
                ),
                40..85 => (
                    "local_authority",
                    format!("{place} {k} Council"),
                    format!("LN{k:04}"),
                    false,
                    &[
                        ("AMHP Service", "amhp_service"),
                        ("Mental Health Social Work Team", "community"),
                    ],
                ),
                _ => (
                    "independent",
                    format!("{place} {k} Care"),
                    format!("IN{k:04}"),
                    false,
                    &[
                        ("Rehabilitation", "inpatient"),
                        ("Community Support", "community"),
                    ],
                ),
            };
        let id = orgs::insert(
            conn,
            &OrganisationFields {
                name,
                ods_code: ods.clone(),
                org_type: org_type.into(),
                region: REGIONS[k % REGIONS.len()].into(),
                // Every return gives the population served (an independent provider's
                // catchment too), so every organisation's return can be sent.
                population: Some(rng.gen_range(150_000..1_500_000)),
                is_nhs_body: nhs,
            },
        )
        .await?;
        let mut team_ids = Vec::new();
        for (team, model) in team_names {
            team_ids.push(
                teams::insert(
                    conn,
                    id,
                    &TeamFields {
                        name: (*team).into(),
                        service_model: (*model).into(),
                    },
                )
                .await?,
            );
        }
        out.push(NationalOrg {
            id,
            org_type,
            domain: format!("{}.example.nhs.uk", ods.to_lowercase()),
            teams: team_ids,
        });
    }
    Ok(out)
}

/// The last `years` census days (30 September) on or before `today`.
pub fn census_days(today: Date, years: i32) -> Vec<Date> {
    let latest = crate::service::stocktake::generated::latest_census_day(today);
    (0..years)
        .filter_map(|back| latest.replace_year(latest.year() - back).ok())
        .collect()
}

/// Each added organisation's returns, generated from its records and received as the
/// command line receives a file, for each census day. After the demo's transaction has
/// committed (a return is read from the records as they stand).
pub async fn send_returns(
    db: &Db,
    added: &[NationalOrg],
    today: Date,
    progress: bool,
) -> anyhow::Result<usize> {
    let days = census_days(today, 5);
    let bar = super::progress_bar(
        progress,
        (added.len() * days.len()) as u64,
        "Generating stocktake returns",
    );
    let mut sent = 0;
    for org in added {
        for day in &days {
            crate::service::stocktake::generated::send_from_records(db, org.id, *day, today)
                .await
                .map_err(|e| anyhow::anyhow!("national demo: a stocktake return: {e:?}"))?;
            sent += 1;
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    Ok(sent)
}

/// One practitioner of an added organisation, drawn as the demo draws its own (stage,
/// band, post-qualifying roles, start, a few leavers, equality data).
pub(super) async fn person(
    conn: &mut Conn,
    rng: &mut ChaCha8Rng,
    (org, team_id): (&NationalOrg, i64),
    (swe, i): (u32, usize),
    today: Date,
) -> anyhow::Result<i64> {
    use super::{FAMILY, GIVEN, date_back, pick};
    use crate::domain::practitioner::{Equality, PractitionerFields};
    use crate::store::practitioners;
    let stage = super::career_stage(rng);
    let band = match (org.org_type, stage) {
        ("local_authority", _) => "council",
        (_, "student") => "unknown",
        (_, "asye") => "5",
        (_, "qualified") => "6",
        (_, "senior" | "advanced") => "7",
        _ => "8a",
    };
    let mut pq = Vec::new();
    if matches!(stage, "qualified" | "senior" | "advanced" | "manager") {
        for (code, chance) in [("amhp", 0.22), ("bia", 0.1), ("practice_educator", 0.1)] {
            if rng.gen_bool(chance) {
                pq.push(code.to_string());
            }
        }
    }
    let (given, family) = (
        GIVEN[rng.gen_range(0..GIVEN.len())],
        FAMILY[rng.gen_range(0..FAMILY.len())],
    );
    let start = match stage {
        "student" => date_back(rng, today, 0, 0),
        "asye" => date_back(rng, today, 1, 0),
        _ => date_back(rng, today, 18, 2),
    };
    let leaver = rng.gen_bool(0.03);
    let fields = PractitionerFields {
        given_name: given.into(),
        family_name: family.into(),
        work_email: format!(
            "{}.{}{}@{}",
            given.to_lowercase(),
            family.to_lowercase().replace('\'', ""),
            i + 1,
            org.domain
        ),
        swe_number: (stage != "student").then(|| format!("SW{swe}")),
        employer_org_id: org.id,
        host_org_id: org.id,
        team_id: Some(team_id),
        role_category: "sw_required".into(),
        career_stage: stage.into(),
        band: band.into(),
        wte: *pick(rng, &[(1.0, 70), (0.8, 15), (0.6, 10), (0.5, 5)]),
        start_date: start,
        end_date: leaver.then(|| date_back(rng, today, 1, 0)),
        pq_roles: pq,
    };
    let id = practitioners::insert(conn, &fields).await?;
    crate::store::workforce::record_post(conn, id, fields.start_date).await?;
    let equality = Equality {
        ethnic_category: Some(
            (*pick(
                rng,
                &[
                    ("A", 62),
                    ("C", 6),
                    ("H", 4),
                    ("J", 3),
                    ("M", 4),
                    ("N", 6),
                    ("99", 2),
                ],
            ))
            .into(),
        ),
        date_of_birth: Some(date_back(rng, today, 64, 23)),
        age_band: None,
        sex: Some((*pick(rng, &[("female", 78), ("male", 20), ("not_stated", 2)])).into()),
        disability: Some((*pick(rng, &[("no", 82), ("yes", 12), ("not_stated", 6)])).into()),
    };
    practitioners::set_equality(conn, id, &equality).await?;
    Ok(id)
}
