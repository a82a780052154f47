//! Demo registration: what the register shows for everyone current, as a real organisation
//! would see it in late November: most registered until the end of this registration year,
//! some already renewed, a few with conditions, AMHP and BIA annotations matching their
//! roles, and one or two who have lapsed or been suspended (so the alerts have something to
//! show). People with sign-ins stay registered, so the demo journeys are predictable.

use crate::domain::registration::RegistrationWrite;
use crate::domain::registration::registration_year;
use crate::store::Conn;
use crate::store::registration as store;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use time::{Date, Duration};

pub async fn build(conn: &mut Conn, rng: &mut ChaCha8Rng, today: Date) -> anyhow::Result<()> {
    let people = crate::store::demo::in_post(conn).await?;
    let year = registration_year(today);
    let next_year_end = registration_year(year.ends + Duration::days(1)).ends;
    for p in people {
        let id = p.id;
        let number = p.swe_number;
        let stage = p.career_stage;
        let pq = p.pq_roles;
        let has_user = p.user_id.is_some();
        let status = if stage == "student" {
            "student"
        } else if number.is_none() {
            continue;
        } else {
            let roll: u32 = rng.gen_range(0..1000);
            match roll {
                _ if has_user => "registered",
                0..=6 => "lapsed",
                7..=10 => "suspended",
                11..=30 => "registered_with_conditions",
                _ => "registered",
            }
        };
        let on_register = matches!(status, "registered" | "registered_with_conditions");
        let renewed = on_register && rng.gen_bool(0.45);
        let write = RegistrationWrite {
            status: status.to_string(),
            registered_until: on_register.then_some(if renewed {
                next_year_end
            } else {
                year.ends
            }),
            conditions: if status == "registered_with_conditions" {
                "Must practise under the supervision of a registered social worker; must inform any employer of these conditions.".into()
            } else {
                String::new()
            },
            amhp_annotation: pq.split(',').any(|r| r == "amhp"),
            bia_annotation: pq.split(',').any(|r| r == "bia"),
            checked_on: today - Duration::days(rng.gen_range(1..60)),
            checked_how: if rng.gen_bool(0.8) {
                "register_bulk_import"
            } else {
                "register_search"
            }
            .to_string(),
            user_id: None,
        };
        store::save(conn, id, &write).await?;
    }
    Ok(())
}
