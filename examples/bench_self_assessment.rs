//! For `scripts/bench-self-assessment`: adds benchmark organisations to a demo database, and
//! times the benchmark's raw query alone.
//!
//! Usage:
//!   cargo run --release --example bench_self_assessment -- generate URL ORGANISATIONS CYCLES
//!   cargo run --release --example bench_self_assessment -- query URL ITERATIONS [CONCURRENCY]
//!
//! `generate` adds ORGANISATIONS organisations (types and regions spread over the reference
//! lists), each taking part, each with CYCLES signed-off cycles a year apart on the HEE
//! considerations with every criterion rated, through the store functions. `query` runs
//! `store::benchmark::latest_ratings` ITERATIONS times one at a time, then ITERATIONS times
//! CONCURRENCY at once (default 8, as wrk's connections), and prints the rows, the mean time
//! per query and queries per second.

use mhsw::domain::Role;
use mhsw::domain::organisation::OrganisationFields;
use mhsw::domain::reference::items_of;
use mhsw::domain::self_assessment::framework::registry;
use mhsw::domain::user::UserFields;
use mhsw::store::self_assessment::{self as store, AnswerFields, NewCycle};
use mhsw::store::users;
use mhsw::store::{Create, benchmark, connect, orgs};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::Instant;
use time::Duration;

const FRAMEWORK: &str = "hee-considerations";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, what: &str| -> anyhow::Result<String> {
        args.get(i)
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("missing {what}"))
    };
    let db = connect(&arg(1, "database URL")?, 4, Create::Yes).await?;
    match arg(0, "generate or query")?.as_str() {
        "generate" => {
            let n: usize = arg(2, "organisations")?.parse()?;
            let cycles: i64 = arg(3, "cycles")?.parse()?;
            let f = registry("")
                .map_err(|e| anyhow::anyhow!(e))?
                .latest_of(FRAMEWORK)
                .ok_or_else(|| anyhow::anyhow!("{FRAMEWORK} is not loaded"))?;
            let types = items_of("organisation_types");
            let regions = items_of("regions");
            let today = time::OffsetDateTime::now_utc().date();
            let mut rng = ChaCha8Rng::seed_from_u64(500);
            let started = Instant::now();
            // Bulk benchmark data, like the demo builder: one unaudited transaction.
            #[allow(clippy::disallowed_methods)]
            let mut tx = db.begin().await?;
            for i in 0..n {
                let org_type = &types[i % 3].code;
                let region = &regions[i % regions.len()].code;
                let org = orgs::insert(
                    &mut tx,
                    &OrganisationFields {
                        name: format!("Bench organisation {}", i + 1),
                        ods_code: format!("BENCH{:05}", i + 1),
                        org_type: org_type.clone(),
                        region: region.clone(),
                        population: None,
                        is_nhs_body: org_type == "nhs_trust",
                    },
                )
                .await?;
                let user = users::insert(
                    &mut tx,
                    &UserFields {
                        email: format!("psw@bench{}.example.org.uk", i + 1),
                        display_name: format!("Bench PSW {}", i + 1),
                        org_id: Some(org),
                        practitioner_id: None,
                        active: false,
                        roles: vec![Role::PrincipalSocialWorker],
                    },
                    None,
                )
                .await?;
                let centre: f64 = rng.gen_range(1.5..3.5);
                for k in (0..cycles).rev() {
                    let signed_off = today - Duration::days(30 + 365 * k);
                    let id = store::insert_cycle(
                        &mut tx,
                        &NewCycle {
                            org_id: org,
                            framework_code: &f.framework.code,
                            framework_version: i64::from(f.framework.version),
                            title: "Bench cycle",
                            opened_on: signed_off - Duration::days(60),
                            due_on: None,
                            carried_from: None,
                            created_by: user,
                        },
                    )
                    .await?;
                    for (_, c) in f.criteria() {
                        let r = (centre + rng.gen_range(-1.0..1.0)).round().clamp(1.0, 4.0);
                        store::upsert_answer(
                            &mut tx,
                            id,
                            &c.code,
                            &AnswerFields {
                                rating: Some(r as i64),
                                not_applicable: false,
                                evidence: "",
                                links: "",
                                carried_forward: false,
                                updated_by: Some(user),
                            },
                        )
                        .await?;
                    }
                    let signed = store::sign_off(&mut tx, id, user, signed_off).await?;
                    anyhow::ensure!(signed.changed(), "cycle {id} was not open");
                }
                store::set_consent(&mut tx, org, true, user).await?;
            }
            tx.commit().await?;
            println!(
                "generated {n} organisations x {cycles} signed-off cycles ({} criteria each) in {:.1}s",
                f.criterion_count(),
                started.elapsed().as_secs_f64()
            );
        }
        "query" => {
            let iterations: usize = arg(2, "iterations")?.parse()?;
            // One untimed run to warm the pool and the engine's caches, as the server is.
            let latest = benchmark::latest_ratings(&db, FRAMEWORK).await?;
            let organisations = latest.len();
            let rows: usize = latest.iter().map(|c| c.ratings.len()).sum();
            let started = Instant::now();
            for _ in 0..iterations {
                benchmark::latest_ratings(&db, FRAMEWORK).await?;
            }
            let secs = started.elapsed().as_secs_f64();
            // The same with as many at once as wrk's connections (on the same pool size as
            // the server's default), for a throughput to set beside the page's.
            let concurrency: usize = args.get(3).and_then(|c| c.parse().ok()).unwrap_or(8);
            let pool = connect(&arg(1, "database URL")?, 8, Create::Yes).await?;
            let each = iterations.div_ceil(concurrency);
            let at_once = Instant::now();
            let mut tasks = Vec::new();
            for _ in 0..concurrency {
                let pool = pool.clone();
                tasks.push(tokio::spawn(async move {
                    for _ in 0..each {
                        benchmark::latest_ratings(&pool, FRAMEWORK).await?;
                    }
                    Ok::<(), sqlx::Error>(())
                }));
            }
            for t in tasks {
                t.await??;
            }
            let concurrent_secs = at_once.elapsed().as_secs_f64();
            println!(
                "raw query: {organisations} organisations, {rows} ratings, {:.2} ms per query one at a time, {:.1} queries/s with {concurrency} at once",
                secs * 1000.0 / iterations as f64,
                (each * concurrency) as f64 / concurrent_secs
            );
        }
        other => anyhow::bail!("unknown command {other}: generate or query"),
    }
    Ok(())
}
