//! The national view over returns: 55 trusts' returns whose totals are the published
//! figures of the 2019 stocktake (30 September 2019: 2,894 WTE, 76% NHS-employed, on
//! average 4 WTE per 100,000 from 0 to 22, 7 of 55 employing none, bands 6, 7 and 8a to
//! 8d at 53%, 25% and 12%, 30% aged 40 to 49 and 32% 50 and over, 9% of the 1,323 with a
//! recorded disability status disabled), each sent through the same reader and storage as
//! any return; the view must show every one of those figures, and no region a small count.

use crate::helpers::*;
use mhsw::domain::organisation::OrganisationFields;
use mhsw::service::stocktake::{Sender, receive};
use serde_json::Value;
use std::collections::BTreeMap;

const HEAD: &str = "collection_date,ods_code,measure,employer,dimension,category,headcount,wte";
const PEOPLE: usize = 3100;
const REGIONS: [&str; 7] = ["Y56", "Y58", "Y59", "Y60", "Y61", "Y62", "Y63"];

/// One person of the 2019 workforce: (NHS-employed, band, age group, disability, WTE in
/// hundredths). Each attribute is dealt by its own stride through the 3,100 people, so the
/// national counts are exact and every organisation gets a mix.
fn people() -> Vec<(bool, &'static str, &'static str, &'static str, u64)> {
    let (mut nhs_half, mut other_half) = (0, 0);
    (0..PEOPLE)
        .map(|j| {
            let nhs = (j * 17) % PEOPLE < 2370;
            let band = match (j * 7) % PEOPLE {
                b if b < 1643 => "6",
                b if b < 2418 => "7",
                b if b < 2668 => "8a",
                b if b < 2748 => "8b",
                b if b < 2778 => "8c",
                b if b < 2790 => "8d",
                b if b < 2990 => "5",
                _ => "unknown",
            };
            let age = match (j * 11) % PEOPLE {
                a if a < 930 => "40_49",
                a if a < 1922 => "50_plus",
                a if a < 2722 => "30_39",
                _ => "under_30",
            };
            let disability = match (j * 13) % PEOPLE {
                d if d < 119 => "yes",
                d if d < 1323 => "no",
                _ => "not_recorded",
            };
            // 318 NHS-employed and 94 others half time: 2,211 and 683 WTE.
            let half = if nhs { &mut nhs_half } else { &mut other_half };
            let wte = if *half < if nhs { 318 } else { 94 } {
                50
            } else {
                100
            };
            *half += 1;
            (nhs, band, age, disability, wte)
        })
        .collect()
}

/// The 55 returns' CSV text: 7 trusts with nobody, then 48 sharing the 3,100 people (28 of
/// 65 and 20 of 64), each with a population that puts it at its share of the spread.
fn returns() -> Vec<(String, String)> {
    let everyone = people();
    let mut next = 0;
    (0..55)
        .map(|o| {
            let ods = format!("T{o:02}");
            let size = match o {
                0..7 => 0,
                7..35 => 65,
                _ => 64,
            };
            let mine = &everyone[next..next + size];
            next += size;
            let mut cells: BTreeMap<(String, String, String), (u64, u64)> = BTreeMap::new();
            for (nhs, band, age, disability, wte) in mine {
                let employer = if *nhs { "nhs" } else { "other" };
                for (d, c) in [
                    ("total", "all"),
                    ("band", band),
                    ("age_group", age),
                    ("disability", disability),
                ] {
                    let cell = cells
                        .entry((employer.into(), d.into(), c.to_string()))
                        .or_default();
                    cell.0 += 1;
                    cell.1 += wte;
                }
            }
            let wte: u64 = mine.iter().map(|p| p.4).sum();
            // 22 per 100,000 for the first with staff, 198/47 for the others: a mean of 4.
            let per_100k = if o == 7 { 22.0 } else { 198.0 / 47.0 };
            let population = if wte == 0 {
                400_000
            } else {
                (wte as f64 / 100.0 * 100_000.0 / per_100k).round() as u64
            };
            let mut text = format!("{HEAD}\n");
            for ((employer, d, c), (n, w)) in cells {
                text.push_str(&format!(
                    "2019-09-30,{ods},in_post,{employer},{d},{c},{n},{}.{:02}\n",
                    w / 100,
                    w % 100
                ));
            }
            text.push_str(&format!(
                "2019-09-30,{ods},registered_population,,,,{population},\n"
            ));
            (ods, text)
        })
        .collect()
}

async fn add_trusts(t: &TestApp) {
    let mut conn = t.db.connection().await.unwrap();
    for o in 0..55 {
        let fields = OrganisationFields {
            name: format!("Stocktake Trust {o:02}"),
            ods_code: format!("T{o:02}"),
            org_type: "nhs_trust".into(),
            region: REGIONS[o % 7].into(),
            population: None,
            is_nhs_body: true,
        };
        mhsw::store::orgs::insert(&mut conn, &fields).await.unwrap();
    }
}

fn share(distribution: &Value, code: &str) -> f64 {
    distribution["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["code"] == code)
        .unwrap_or_else(|| panic!("{code} in {distribution}"))["share"]
        .as_f64()
        .unwrap()
}

#[tokio::test]
async fn fifty_five_returns_give_back_every_published_2019_figure() {
    let t = TestApp::new().await;
    add_trusts(&t).await;
    for (ods, text) in returns() {
        receive(
            &t.db,
            Sender::CommandLine,
            &format!("{ods}.csv"),
            text.as_bytes(),
            today(),
        )
        .await
        .unwrap_or_else(|e| panic!("{ods}: {e:?}"));
    }
    let v = t
        .api(ANALYST)
        .await
        .get("/api/v1/stocktake/national?collection_date=2019-09-30")
        .await
        .expect(200)
        .json();
    let e = &v["england"];
    assert_eq!(e["wte"], 2894.0);
    assert_eq!(e["nhs_wte"], 2211.0);
    assert_eq!(e["other_wte"], 683.0);
    assert_eq!(e["nhs_share"].as_f64().unwrap().round(), 76.0);
    assert_eq!(e["organisations"], 55);
    assert_eq!(e["employing_none"], 7);
    let spread = &e["per_organisation"];
    assert_eq!(spread["organisations"], 55);
    assert_eq!(spread["mean"].as_f64().unwrap().round(), 4.0, "{spread}");
    assert_eq!(spread["min"], 0.0);
    assert_eq!(spread["max"].as_f64().unwrap().round(), 22.0, "{spread}");
    let groups = &serde_json::json!({"groups": v["england_band_groups"]});
    assert_eq!(share(groups, "6").round(), 53.0);
    assert_eq!(share(groups, "7").round(), 25.0);
    assert_eq!(share(groups, "8a_to_8d").round(), 12.0);
    let dist = |d: &str| {
        e["distributions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["dimension"] == d)
            .unwrap()
            .clone()
    };
    assert_eq!(share(&dist("age_group"), "40_49").round(), 30.0);
    assert_eq!(share(&dist("age_group"), "50_plus").round(), 32.0);
    assert_eq!(e["disability_recorded"], 1323);
    assert_eq!(e["disabled_of_recorded"].as_f64().unwrap().round(), 9.0);

    // No region shows a count from 1 to 7, and every count it shows is rounded to 5.
    for r in v["regions"].as_array().unwrap() {
        let mut shown = vec![r["headcount"].clone(), r["amhps"].clone()];
        for d in r["distributions"].as_array().unwrap() {
            shown.push(d["total"].clone());
            shown.extend(
                d["groups"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|g| g["headcount"].clone()),
            );
        }
        for s in shown {
            match s.as_u64() {
                Some(n) => assert_eq!(n % 5, 0, "{} shows {n}", r["area"]),
                None => assert_eq!(s, "*", "{}", r["area"]),
            }
        }
    }

    // The page shows them too.
    let page = t
        .signed_in(ANALYST)
        .await
        .get("/stocktake/national?collection_date=2019-09-30")
        .await
        .expect(200);
    for figure in ["2894", "2211", "7 of 55", "1323"] {
        assert!(page.body.contains(figure), "{figure} on the page");
    }
    // Each distribution is drawn too, its figures in the chart's description.
    assert!(
        page.body
            .contains("<desc id=\"chart-bands-desc\">Band 5 and below"),
        "the band chart"
    );
    assert!(
        page.body.contains("Band 6 53%"),
        "band 6's share in the chart"
    );
    assert!(page.body.contains("id=\"chart-age_group-title\""));
}

#[tokio::test]
async fn a_later_collection_shows_the_change_and_a_trust_sees_itself_beside_its_region() {
    let t = TestApp::new().await;
    let trust_return = |date: &str, n: u32| {
        format!(
            "{HEAD}\n{date},R9N,in_post,nhs,total,all,{n},{n}\n{date},R9N,registered_population,,,,1150000,\n"
        )
    };
    for (date, n) in [("2019-09-30", 40), ("2020-09-30", 46)] {
        receive(
            &t.db,
            Sender::CommandLine,
            "r.csv",
            trust_return(date, n).as_bytes(),
            today(),
        )
        .await
        .unwrap();
    }
    let v = t
        .api(PSW)
        .await
        .get("/api/v1/stocktake/national")
        .await
        .expect(200)
        .json();
    assert_eq!(v["collection_date"], "2020-09-30");
    assert_eq!(v["change"]["since"], "2019-09-30");
    assert_eq!(v["change"]["headcount"], 6);
    assert_eq!(v["change"]["wte"], 6.0);
    assert_eq!(v["own"]["own"]["wte"], 46.0);
    assert_eq!(v["own"]["own"]["wte_per_100k"], 4.0);
    // Its region holds only its figures: rounded there, as any region's are.
    let region = v["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["area"] == v["own"]["region"])
        .unwrap();
    assert_eq!(region["headcount"], 45);
    // The view is kept between writes: a new return is seen at once.
    receive(
        &t.db,
        Sender::CommandLine,
        "r.csv",
        trust_return("2020-09-30", 52).as_bytes(),
        today(),
    )
    .await
    .unwrap();
    let v = t
        .api(PSW)
        .await
        .get("/api/v1/stocktake/national")
        .await
        .expect(200)
        .json();
    assert_eq!(v["own"]["own"]["wte"], 52.0);
    let none = t
        .api(PSW)
        .await
        .get("/api/v1/stocktake/national?collection_date=2018-09-30")
        .await
        .expect(422)
        .json();
    assert_eq!(none["errors"][0]["field"], "collection_date");
}
