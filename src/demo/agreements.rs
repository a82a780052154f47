//! The demo's partnership agreements: each council seconds social workers to the trust
//! under an agreement in force, and the trust's AMHPs are supervised by the county
//! council's AMHP service. One review falls due soon, so the reminder and the flag show.

use crate::domain::partnership::{AgreementStatus, AgreementTerms, AgreementType};
use crate::store::Conn;
use crate::store::partnerships::{Proposer, insert};
use time::{Date, Duration};

fn terms(kind: AgreementType, starts_on: Date, description: &str) -> AgreementTerms {
    AgreementTerms {
        agreement_type: kind,
        starts_on,
        ends_on: None,
        review_on: None,
        description: description.to_string(),
        delegated_functions: String::new(),
        oversight_lead: String::new(),
        disciplinary_lead: String::new(),
        fitness_to_practise_lead: String::new(),
        complaints_lead: String::new(),
        enquiries_lead: String::new(),
        mou_reference: String::new(),
        host_may_change: true,
        host_sees_equality: false,
    }
}

/// `orgs`: trust, county council, city council, as the demo makes them.
pub async fn make(conn: &mut Conn, orgs: [i64; 3], today: Date) -> anyhow::Result<()> {
    let [trust, county, city] = orgs;
    let year = today.year();
    let april = |y: i32| Date::from_calendar_date(y, time::Month::April, 1);
    let section_75 = AgreementTerms {
        ends_on: Some(april(year + 3)? - Duration::days(1)),
        review_on: Some(today + Duration::days(60)),
        delegated_functions: "Care Act 2014 assessments and reviews for adults using secondary mental health services; Mental Health Act 1983 section 117 aftercare planning".into(),
        oversight_lead: "Director of Adult Social Services, Northshire County Council".into(),
        disciplinary_lead: "Northshire County Council (employer), with the trust's service manager".into(),
        fitness_to_practise_lead: "Principal Social Worker, Northshire County Council".into(),
        complaints_lead: "Trust complaints team, passing social care matters to the council".into(),
        enquiries_lead: "Council member enquiries team".into(),
        mou_reference: "NCC-NMH-S75-2019".into(),
        ..terms(
            AgreementType::Section75,
            april(year - 6)?,
            "Section 75 partnership: council social workers seconded to trust community teams",
        )
    };
    let secondment = AgreementTerms {
        review_on: Some(april(year + 1)?),
        disciplinary_lead: "Eastbridge City Council (employer)".into(),
        fitness_to_practise_lead: "Principal Social Worker, Eastbridge City Council".into(),
        mou_reference: "ECC-NMH-2022-04".into(),
        ..terms(
            AgreementType::Secondment,
            april(year - 3)?,
            "Partnership agreement for integrated community mental health services",
        )
    };
    let amhp = AgreementTerms {
        review_on: Some(april(year + 1)?),
        delegated_functions: "AMHP supervision and the AMHP rota for trust-employed AMHPs acting on behalf of the council".into(),
        oversight_lead: "AMHP Service Lead, Northshire County Council".into(),
        mou_reference: "NCC-AMHP-2023".into(),
        host_may_change: false,
        ..terms(
            AgreementType::AmhpService,
            april(year - 2)?,
            "The county council's AMHP service supervises the trust's AMHPs",
        )
    };
    for (employer, host, t) in [
        (county, trust, section_75),
        (city, trust, secondment),
        (trust, county, amhp),
    ] {
        let by = Proposer {
            org_id: Some(employer),
            user_id: None,
        };
        insert(conn, employer, host, &t, AgreementStatus::InForce, by).await?;
    }
    Ok(())
}
