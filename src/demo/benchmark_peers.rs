//! Demo peers for the self-assessment benchmark: 24 invented organisations (NHS trusts,
//! councils and independent providers across several NHS England regions) with no staff,
//! each with one to three signed-off cycles on every shipped framework. Most take part in
//! the benchmark; three have said no. Each has one inactive principal social worker account
//! (no password: nobody can sign in) who opened and signed off its cycles. The demo trust
//! takes part and has one signed-off cycle on the HEE considerations from about a year ago,
//! signed off by the demo PSW, so its benchmark page shows figures. Built after everything
//! else, on its own random stream, so the rest of the demo is unchanged.

use crate::domain::Role;
use crate::domain::organisation::OrganisationFields;
use crate::domain::self_assessment::framework::{Framework, registry};
use crate::domain::user::UserFields;
use crate::store::Conn;
use crate::store::orgs;
use crate::store::self_assessment::{self as store, AnswerFields, NewCycle};
use crate::store::users;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use time::{Date, Duration};

/// (name, ODS-like code (invented), type, region, takes part)
const PEERS: [(&str, &str, &str, &str, bool); 24] = [
    (
        "Westmoor Partnership NHS Foundation Trust",
        "R8A",
        "nhs_trust",
        "Y62",
        true,
    ),
    (
        "Pennine Vale Mental Health NHS Trust",
        "R8B",
        "nhs_trust",
        "Y62",
        true,
    ),
    (
        "Mersey Fields NHS Foundation Trust",
        "R8C",
        "nhs_trust",
        "Y62",
        true,
    ),
    (
        "Tynedale Care NHS Foundation Trust",
        "R8D",
        "nhs_trust",
        "Y63",
        true,
    ),
    (
        "Riverside and Wolds Health NHS Trust",
        "R8E",
        "nhs_trust",
        "Y63",
        true,
    ),
    (
        "Thameside Mental Health NHS Foundation Trust",
        "R8F",
        "nhs_trust",
        "Y56",
        true,
    ),
    (
        "Chiltern Downs Partnership NHS Trust",
        "R8G",
        "nhs_trust",
        "Y59",
        true,
    ),
    (
        "Severn Moor Health and Care NHS Trust",
        "R8H",
        "nhs_trust",
        "Y58",
        false,
    ),
    (
        "Trent Valley Healthcare NHS Foundation Trust",
        "R8J",
        "nhs_trust",
        "Y60",
        true,
    ),
    (
        "Lakeshire County Council",
        "LA8L1",
        "local_authority",
        "Y62",
        true,
    ),
    (
        "Castlebrook Borough Council",
        "LA8C2",
        "local_authority",
        "Y62",
        true,
    ),
    (
        "Irwell City Council",
        "LA8I3",
        "local_authority",
        "Y62",
        false,
    ),
    (
        "Wearmouth City Council",
        "LA8W4",
        "local_authority",
        "Y63",
        true,
    ),
    (
        "Dales County Council",
        "LA8D5",
        "local_authority",
        "Y63",
        true,
    ),
    (
        "London Borough of Northgate",
        "LA8N6",
        "local_authority",
        "Y56",
        true,
    ),
    (
        "Kentmere County Council",
        "LA8K7",
        "local_authority",
        "Y59",
        true,
    ),
    (
        "Exmoor and Coast Council",
        "LA8E8",
        "local_authority",
        "Y58",
        true,
    ),
    (
        "Fenland Marches Council",
        "LA8F9",
        "local_authority",
        "Y61",
        true,
    ),
    (
        "Arden City Council",
        "LA8A0",
        "local_authority",
        "Y60",
        true,
    ),
    (
        "Brightwater Care Group",
        "IP8B1",
        "independent",
        "Y62",
        true,
    ),
    (
        "Oakfield Recovery Services",
        "IP8O2",
        "independent",
        "Y60",
        true,
    ),
    (
        "Meridian Mental Health Care",
        "IP8M3",
        "independent",
        "Y56",
        false,
    ),
    ("Harrow Lane Hospitals", "IP8H4", "independent", "Y61", true),
    (
        "Coastline Community Care",
        "IP8C5",
        "independent",
        "Y59",
        true,
    ),
];

/// A rating around `centre` on a scale of `max`, or not applicable now and then.
fn rating(rng: &mut ChaCha8Rng, centre: f64, max: u8, allow_na: bool) -> (Option<i64>, bool) {
    if allow_na && rng.gen_bool(0.04) {
        return (None, true);
    }
    let v = (centre + rng.gen_range(-1.0..1.0)).round();
    (Some(v.clamp(1.0, f64::from(max)) as i64), false)
}

/// Opens, rates, records who took part and signs off one cycle, through the store.
#[allow(clippy::too_many_arguments)]
async fn signed_off_cycle(
    conn: &mut Conn,
    rng: &mut ChaCha8Rng,
    org: i64,
    user: i64,
    f: &Framework,
    centre: f64,
    opened: Date,
    signed_off: Date,
    may_be_na: bool,
) -> anyhow::Result<i64> {
    let title = format!("{} {}", f.framework.short_title, signed_off.year());
    let id = store::insert_cycle(
        conn,
        &NewCycle {
            org_id: org,
            framework_code: &f.framework.code,
            framework_version: i64::from(f.framework.version),
            title: &title,
            opened_on: opened,
            due_on: None,
            carried_from: None,
            created_by: user,
        },
    )
    .await?;
    let max = f.scale.max();
    let mut answers = Vec::new();
    for d in &f.domains {
        // Some domains are an organisation's strengths, others its gaps.
        let domain_centre = centre + rng.gen_range(-0.8..0.8);
        for c in &d.criteria {
            let (r, na) = rating(
                rng,
                domain_centre,
                max,
                may_be_na && f.scale.allow_not_applicable,
            );
            let answer = AnswerFields {
                rating: r,
                not_applicable: na,
                evidence: "",
                links: "",
                carried_forward: false,
                updated_by: Some(user),
            };
            answers.push((c.code.as_str(), answer));
        }
    }
    store::insert_answers(conn, id, &answers).await?;
    store::insert_participant(
        conn,
        id,
        "staff",
        "Social work leads and practitioners' forum",
        Some(rng.gen_range(6..30)),
    )
    .await?;
    store::insert_participant(
        conn,
        id,
        "service_user",
        "Expert by experience panel",
        Some(rng.gen_range(3..10)),
    )
    .await?;
    let signed = store::sign_off(conn, id, user, signed_off).await?;
    super::expect_changed(signed, "self-assessment sign-off")?;
    Ok(id)
}

pub async fn build(
    conn: &mut Conn,
    seed: u64,
    trust: i64,
    trust_psw: i64,
    today: Date,
) -> anyhow::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x4245_4e43_484d);
    let frameworks = registry("").map_err(|e| anyhow::anyhow!(e))?;
    let shipped = frameworks.latest();
    for (i, (name, ods, org_type, region, takes_part)) in PEERS.iter().enumerate() {
        let org = orgs::insert(
            conn,
            &OrganisationFields {
                name: (*name).into(),
                ods_code: (*ods).into(),
                org_type: (*org_type).into(),
                region: (*region).into(),
                population: None,
                is_nhs_body: *org_type == "nhs_trust",
            },
        )
        .await?;
        let user = users::insert(
            conn,
            &UserFields {
                email: format!("psw@peer{}.example.org.uk", i + 1),
                display_name: format!("Principal social worker, {name}"),
                org_id: Some(org),
                practitioner_id: None,
                active: false,
                roles: vec![Role::PrincipalSocialWorker],
            },
            None,
        )
        .await?;
        // How far along this organisation is, on a four-point scale.
        let centre = rng.gen_range(1.6..3.5);
        for f in &shipped {
            let cycles = rng.gen_range(1..=3);
            // The newest cycle between 1 and 11 months ago, earlier ones a year apart.
            let newest = today - Duration::days(rng.gen_range(30..330));
            for k in (0..cycles).rev() {
                let signed_off = newest - Duration::days(365 * k);
                let opened = signed_off - Duration::days(rng.gen_range(40..120));
                // A little better each year.
                let c = centre - 0.25 * k as f64;
                signed_off_cycle(conn, &mut rng, org, user, f, c, opened, signed_off, true).await?;
            }
        }
        store::set_consent(conn, org, *takes_part, user).await?;
    }
    // The demo trust: one signed-off cycle on the HEE considerations, about a year ago.
    if let Some(hee) = frameworks.latest_of("hee-considerations") {
        let signed_off = today - Duration::days(365);
        signed_off_cycle(
            conn,
            &mut rng,
            trust,
            trust_psw,
            &hee,
            2.6,
            signed_off - Duration::days(75),
            signed_off,
            false,
        )
        .await?;
    }
    store::set_consent(conn, trust, true, trust_psw).await?;
    Ok(())
}
