//! Partnership agreements: proposed by one party, in force only when the other accepts;
//! what a host sees and may change follows the agreement; an AMHP service agreement lets a
//! partner's supervisors supervise AMHPs.

use crate::helpers::*;
use mhsw::domain::Role;
use serde_json::json;

/// A Harbour House social worker placed in the trust's first team, straight in the
/// database: the placement whose visibility the agreement decides.
async fn place_harbour_worker_in_the_trust(t: &TestApp) -> i64 {
    let harbour = t.org_id("HH9C3").await;
    let trust = t.org_id("R9N").await;
    let id = t
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM practitioners WHERE employer_org_id = {harbour}"
        ))
        .await;
    let team = t
        .scalar_i64(&format!("SELECT MIN(id) FROM teams WHERE org_id = {trust}"))
        .await;
    mhsw::store::engine::query(
        "UPDATE practitioners SET host_org_id = $1, team_id = $2 WHERE id = $3",
    )
    .bind(trust)
    .bind(team)
    .bind(id)
    .execute(&t.db.pool)
    .await
    .unwrap();
    id
}

/// Accepts, declines or ends agreement `id` through the API, expecting `status`.
async fn act(c: &Client, id: i64, verb: &str, status: u16) -> serde_json::Value {
    c.send_json(
        "POST",
        &format!("/api/v1/partnerships/{id}/{verb}"),
        &json!({}),
    )
    .await
    .expect(status)
    .json()
}

fn secondment(harbour: i64, trust: i64, may_change: bool, equality: bool) -> serde_json::Value {
    json!({
        "agreement_type": "secondment",
        "employer_org_id": harbour,
        "host_org_id": trust,
        "starts_on": "2026-04-01",
        "review_on": "2027-03-01",
        "ends_on": "2028-03-31",
        "delegated_functions": "Care Act 2014 assessments",
        "oversight_lead": "Director of Adult Social Services",
        "disciplinary_lead": "Harbour House Care",
        "fitness_to_practise_lead": "Harbour House registered manager",
        "mou_reference": "HH-NMH-01",
        "host_may_change": may_change,
        "host_sees_equality": equality,
    })
}

#[tokio::test]
async fn an_agreement_takes_effect_only_when_the_other_party_accepts_and_until_it_ends() {
    let t = TestApp::new().await;
    let (harbour, trust) = (t.org_id("HH9C3").await, t.org_id("R9N").await);
    let placed = place_harbour_worker_in_the_trust(&t).await;
    let person = format!("/api/v1/practitioners/{placed}");
    let psw = t.api(PSW).await;
    psw.get(&person).await.expect(404);
    assert!(
        !mhsw::store::partnerships::may_host(&t.db.pool, harbour, trust)
            .await
            .unwrap()
    );

    // Harbour House proposes; both parties see the same record; only the trust may answer.
    let harbour_admin = t.api(HARBOUR_ADMIN).await;
    let proposed = harbour_admin
        .send_json(
            "POST",
            "/api/v1/partnerships",
            &secondment(harbour, trust, true, false),
        )
        .await
        .expect(201)
        .json();
    let id = proposed["id"].as_i64().unwrap();
    assert_eq!(proposed["status"], "proposed");
    assert_eq!(proposed["moves"], json!({"respond": false, "end": true}));
    assert_eq!(proposed["starts_on"], "2026-04-01");
    assert_eq!(proposed["host_may_change"], true);
    let at_trust = t
        .api(ADMIN)
        .await
        .get(&format!("/api/v1/partnerships/{id}"))
        .await
        .expect(200)
        .json();
    assert_eq!(at_trust["moves"], json!({"respond": true, "end": false}));
    assert_eq!(at_trust["mou_reference"], "HH-NMH-01");
    assert_eq!(at_trust["partner_name"], "Harbour House Care");
    let home = t.signed_in(ADMIN).await.get("/").await.expect(200).body;
    assert!(
        home.contains(
            "partnership agreement is waiting for your organisation to accept or decline it"
        ),
        "the trust's admin is told on the home page"
    );
    let own_accept = act(&harbour_admin, id, "accept", 422).await;
    assert_eq!(field_errors(&own_accept), ["status"]);
    psw.get(&person).await.expect(404);

    // The trust's admin accepts: the trust now sees the placed worker.
    let accepted = act(&t.api(ADMIN).await, id, "accept", 200).await;
    assert_eq!(accepted["status"], "in_force");
    assert_eq!(accepted["responded_by_name"], "Adam Admin");
    psw.get(&person).await.expect(200);
    assert!(
        mhsw::store::partnerships::may_host(&t.db.pool, harbour, trust)
            .await
            .unwrap()
    );
    let listed = psw.get("/api/v1/partnerships").await.expect(200).json();
    assert!(listed.as_array().unwrap().iter().any(|a| a["id"] == id));

    // A second open secondment between the same two is refused, naming the field.
    let again = harbour_admin
        .send_json(
            "POST",
            "/api/v1/partnerships",
            &secondment(harbour, trust, true, false),
        )
        .await
        .expect(422)
        .json();
    assert_eq!(field_errors(&again), ["agreement_type"]);

    // Either party ends it: the trust stops seeing the worker.
    act(&harbour_admin, id, "end", 200).await;
    psw.get(&person).await.expect(404);
    assert_eq!(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE record_type = 'partnership_agreement' AND record_id = '{id}'"
        ))
        .await,
        3,
        "proposed, accepted, ended"
    );
}

#[tokio::test]
async fn a_proposal_names_each_wrong_field_and_needs_the_proposers_organisation_as_a_party() {
    let t = TestApp::new().await;
    let (harbour, city) = (t.org_id("HH9C3").await, t.org_id("LA9E2").await);
    let admin = t.api(ADMIN).await;
    let before = t.count("partnership_agreements").await;
    let outsiders = admin
        .send_json(
            "POST",
            "/api/v1/partnerships",
            &secondment(harbour, city, true, false),
        )
        .await
        .expect(422)
        .json();
    assert_eq!(field_errors(&outsiders), ["employer_org_id"]);
    let mut bad = secondment(harbour, t.org_id("R9N").await, true, false);
    bad["starts_on"] = json!("2026-13-01");
    bad["oversight_lead"] = json!("");
    bad["agreement_type"] = json!("handshake");
    let refused = admin
        .send_json("POST", "/api/v1/partnerships", &bad)
        .await
        .expect(422)
        .json();
    let mut fields = field_errors(&refused);
    fields.sort();
    assert_eq!(fields, ["agreement_type", "oversight_lead", "starts_on"]);
    assert_eq!(t.count("partnership_agreements").await, before);
    // The form says the same, on the page.
    let page = t
        .signed_in(ADMIN)
        .await
        .post_form("/partnerships", &[("agreement_type", "secondment")])
        .await
        .expect(422)
        .body;
    assert!(
        page.contains("<a href=\"#starts_on\">"),
        "the start date is named: {page}"
    );
    assert!(page.contains("Select the partner organisation"));
}

/// The agreement decides what the host may change and whether its HR or workforce lead
/// handles placed people's equality data.
#[tokio::test]
async fn what_the_host_may_change_and_see_follows_the_agreement() {
    let t = TestApp::new().await;
    let (harbour, trust) = (t.org_id("HH9C3").await, t.org_id("R9N").await);
    let placed = place_harbour_worker_in_the_trust(&t).await;
    mhsw::store::engine::query(
        "INSERT INTO practitioner_equality (practitioner_id, ethnic_category, updated_at)
         VALUES ($1, 'M', '2026-01-01T00:00:00Z')
         ON CONFLICT (practitioner_id) DO UPDATE SET ethnic_category = 'M'",
    )
    .bind(placed)
    .execute(&t.db.pool)
    .await
    .unwrap();
    let id = t
        .api(HARBOUR_ADMIN)
        .await
        .send_json(
            "POST",
            "/api/v1/partnerships",
            &secondment(harbour, trust, false, true),
        )
        .await
        .expect(201)
        .json()["id"]
        .as_i64()
        .unwrap();
    act(&t.api(ADMIN).await, id, "accept", 200).await;
    let record = t
        .api(WORKFORCE)
        .await
        .get(&format!("/api/v1/practitioners/{placed}"))
        .await
        .expect(200)
        .json();
    assert_eq!(record["equality"]["ethnic_category"], "M", "{record}");

    // The host may see the record but not change it.
    let actor = t.actor(WORKFORCE).await;
    let (p, eq) = mhsw::service::practitioners::get(&t.db, &actor, placed)
        .await
        .unwrap();
    let (fields, eq) = mhsw::domain::practitioner::PractitionerInput::from_practitioner(
        &p,
        &eq.unwrap_or_default(),
    )
    .parse(crate::helpers::today())
    .unwrap();
    let refused = mhsw::service::practitioners::update(
        &t.db,
        &actor,
        placed,
        &fields,
        &eq,
        crate::helpers::today(),
    )
    .await;
    match refused {
        Err(mhsw::error::AppError::Invalid(e)) => {
            assert!(
                e.message_for("employer_org_id")
                    .is_some_and(|m| m.contains("does not let"))
            )
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// An AMHP service agreement lets the council's supervisors be named AMHP supervisors of
/// the trust's AMHPs; they then see those AMHPs and no one else of the trust's.
#[tokio::test]
async fn an_amhp_service_agreement_lets_a_council_supervisor_supervise_a_trust_amhp() {
    let t = TestApp::new().await;
    let (trust, county) = (t.org_id("R9N").await, t.org_id("LA9N1").await);
    let amhp = t
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM practitioners WHERE employer_org_id = {trust} AND host_org_id = {trust}
             AND pq_roles LIKE '%amhp%' AND end_date IS NULL"
        ))
        .await;
    let other = t
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM practitioners WHERE employer_org_id = {trust} AND host_org_id = {trust}
             AND pq_roles NOT LIKE '%amhp%' AND end_date IS NULL"
        ))
        .await;
    let lead_email = "amhp.lead@northshire-council.example.gov.uk";
    let mut conn = t.db.connection().await.unwrap();
    let lead = mhsw::store::users::insert(
        &mut conn,
        &mhsw::domain::user::UserFields {
            email: lead_email.into(),
            display_name: "Avery AMHP Lead".into(),
            org_id: Some(county),
            practitioner_id: None,
            active: true,
            roles: vec![Role::Supervisor],
        },
        None,
    )
    .await
    .unwrap();
    drop(conn);
    let sam = t.user_id(SUPERVISOR).await;
    let path = format!("/api/v1/practitioners/{amhp}/supervision/agreement");
    let body = json!({"line_manager_user_id": sam, "amhp_supervisor_user_id": lead,
        "line_manager_functions": ["decisions", "accountability", "workload", "development"]});
    let psw = t.api(PSW).await;
    let form = t
        .signed_in(PSW)
        .await
        .get(&format!("/practitioners/{amhp}/supervision/agreement"))
        .await
        .expect(200)
        .body;
    assert!(form.contains("Avery AMHP Lead, AMHP service partner"));
    psw.send_json("PUT", &path, &body).await.expect(200);
    let council = t.api(lead_email).await;
    council
        .get(&format!("/api/v1/practitioners/{amhp}"))
        .await
        .expect(200);
    council
        .get(&format!("/api/v1/practitioners/{other}"))
        .await
        .expect(404);

    // With the AMHP service agreement ended, the council's supervisor cannot be named.
    let service = t
        .scalar_i64(&format!(
            "SELECT id FROM partnership_agreements WHERE agreement_type = 'amhp_service'
             AND employer_org_id = {trust} AND host_org_id = {county}"
        ))
        .await;
    act(&t.api(ADMIN).await, service, "end", 200).await;
    let refused = psw.send_json("PUT", &path, &body).await.expect(422).json();
    assert_eq!(field_errors(&refused), ["amhp_supervisor_user_id"]);
}
