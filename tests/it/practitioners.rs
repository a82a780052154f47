//! Practitioner records through the HTML front door: validation, constraint errors,
//! tenancy through partnerships, special-category data and the audit trail.

use crate::helpers::*;

#[tokio::test]
async fn bad_input_names_every_field_and_saves_nothing() {
    let t = TestApp::new().await;
    let c = t.signed_in(PSW).await;
    let before = t.count("practitioners").await;
    let res = c
        .post_form(
            "/practitioners/new",
            &[
                ("given_name", " "),
                ("work_email", "not-an-email"),
                ("swe_number", "12345"),
                ("wte", "1.5"),
                ("start_date", "2024-02-30"),
            ],
        )
        .await
        .expect(422);
    for (field, message) in [
        ("given_name", "Enter a first name"),
        ("family_name", "Enter a last name"),
        ("work_email", "Enter an email address in the correct format"),
        ("swe_number", "starts with SW"),
        ("wte", "between 0.01 and 1.0"),
        ("start_date", "Start date must be a real date"),
        ("role_category", "Select the role category"),
    ] {
        assert!(
            res.body.contains(&format!("href=\"#{field}\"")),
            "error summary links to {field}"
        );
        assert!(res.body.contains(message), "message for {field}: {message}");
    }
    assert!(res.body.contains("<title>Error: Add a practitioner"));
    assert!(res.body.contains("nhsuk-error-summary"));
    assert_eq!(t.count("practitioners").await, before);
}

#[tokio::test]
async fn a_valid_practitioner_is_saved_audited_and_shown() {
    let t = TestApp::new().await;
    let c = t.signed_in(PSW).await;
    let trust = t.org_id("R9N").await;
    let form = practitioner_form(
        trust,
        "ada.lovelace@northshire.example.nhs.uk",
        "sw 0099123",
    );
    let res = c
        .post_form("/practitioners/new", &pairs(&form))
        .await
        .expect(303);
    let id: i64 = res
        .location()
        .trim_start_matches("/practitioners/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let page = c
        .get(&format!("/practitioners/{id}"))
        .await
        .expect(200)
        .body;
    assert!(
        page.contains("SW99123"),
        "registration number stored in canonical form"
    );
    assert!(page.contains("Best interests assessor (BIA)"));
    assert!(
        !page.contains("Approved mental health professional (AMHP)"),
        "the AMHP role comes from approval records, not the form"
    );
    assert_eq!(t.scalar_i64(&format!("SELECT COUNT(*) FROM audit_log WHERE record_type = 'practitioner' AND record_id = '{id}' AND action = 'create'")).await, 1);
    assert_eq!(t.scalar_i64(&format!("SELECT COUNT(*) FROM audit_log WHERE record_type = 'practitioner' AND record_id = '{id}' AND action = 'read'")).await, 1);
}

#[tokio::test]
async fn a_duplicate_registration_number_is_a_field_error_not_a_crash() {
    let t = TestApp::new().await;
    let c = t.signed_in(PSW).await;
    let trust = t.org_id("R9N").await;
    let existing = mhsw::store::engine::query(
        "SELECT swe_number FROM practitioners WHERE swe_number IS NOT NULL ORDER BY id LIMIT 1",
    )
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    let swe: String = existing.get(0);
    let form = practitioner_form(trust, "new.person@northshire.example.nhs.uk", &swe);
    let res = c
        .post_form("/practitioners/new", &pairs(&form))
        .await
        .expect(422);
    assert!(
        res.body
            .contains("Another practitioner already has this registration number")
    );
    let existing_email =
        mhsw::store::engine::query("SELECT work_email FROM practitioners ORDER BY id LIMIT 1")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
    let email: String = existing_email.get(0);
    let form = practitioner_form(trust, &email, "SW9999999");
    let res = c
        .post_form("/practitioners/new", &pairs(&form))
        .await
        .expect(422);
    assert!(
        res.body
            .contains("Another practitioner already has this email address")
    );
}

#[tokio::test]
async fn equality_data_is_seen_per_person_only_by_the_workforce_lead() {
    let t = TestApp::new().await;
    let id = t.first_trust_practitioner().await;
    let path = format!("/practitioners/{id}");
    let hr = t
        .signed_in(WORKFORCE)
        .await
        .get(&path)
        .await
        .expect(200)
        .body;
    assert!(hr.contains("Equality information") && hr.contains("Ethnic category"));
    for who in [PSW, ADMIN, SUPERVISOR] {
        let page = t.signed_in(who).await.get(&path).await.expect(200).body;
        assert!(
            !page.contains("Ethnic category"),
            "{who} must not see equality data"
        );
    }
    let api = t
        .api(PSW)
        .await
        .get(&format!("/api/v1/practitioners/{id}"))
        .await
        .expect(200)
        .json();
    assert!(api["equality"].is_null());
    let api = t
        .api(WORKFORCE)
        .await
        .get(&format!("/api/v1/practitioners/{id}"))
        .await
        .expect(200)
        .json();
    assert!(api["equality"]["ethnic_category"].is_string());
    assert!(t.scalar_i64(&format!("SELECT COUNT(*) FROM audit_log WHERE record_id = '{id}' AND detail = 'with equality data'")).await >= 2);
}

#[tokio::test]
async fn a_council_sees_its_seconded_staff_but_not_the_trusts_own_or_another_providers() {
    let t = TestApp::new().await;
    let council = t.org_id("LA9N1").await;
    let trust = t.org_id("R9N").await;
    let seconded = t.scalar_i64(&format!("SELECT MIN(id) FROM practitioners WHERE employer_org_id = {council} AND host_org_id = {trust}")).await;
    let trust_own = t.first_trust_practitioner().await;
    let c = t.signed_in(COUNCIL_PSW).await;
    c.get(&format!("/practitioners/{seconded}"))
        .await
        .expect(200);
    c.get(&format!("/practitioners/{trust_own}"))
        .await
        .expect(404);
    // The trust sees the council's seconded worker too.
    t.signed_in(PSW)
        .await
        .get(&format!("/practitioners/{seconded}"))
        .await
        .expect(200);
    // The independent provider sees neither.
    let h = t.signed_in(HARBOUR_ADMIN).await;
    h.get(&format!("/practitioners/{seconded}"))
        .await
        .expect(404);
    let list = t
        .api(HARBOUR_ADMIN)
        .await
        .get("/api/v1/practitioners?page_size=100")
        .await
        .expect(200)
        .json();
    let harbour = t.org_id("HH9C3").await;
    assert!(
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["employer_org_id"] == harbour)
    );
}

#[tokio::test]
async fn placing_staff_with_an_organisation_without_a_partnership_is_refused() {
    let t = TestApp::new().await;
    let c = t.signed_in(PSW).await;
    let trust = t.org_id("R9N").await;
    let harbour = t.org_id("HH9C3").await;
    let mut form = practitioner_form(trust, "placed@northshire.example.nhs.uk", "SW7777777");
    form.iter_mut()
        .filter(|(k, _)| k == "host_org_id")
        .for_each(|(_, v)| *v = harbour.to_string());
    let res = c
        .post_form("/practitioners/new", &pairs(&form))
        .await
        .expect(422);
    assert!(
        res.body
            .contains("The host organisation has no partnership with this employer")
    );
}

#[tokio::test]
async fn a_practitioner_sees_only_their_own_record() {
    let t = TestApp::new().await;
    let list = t
        .api(PRACTITIONER)
        .await
        .get("/api/v1/practitioners")
        .await
        .expect(200)
        .json();
    assert_eq!(list["total"], 1);
}

#[tokio::test]
async fn the_audit_log_is_append_only_on_every_backend() {
    let t = TestApp::new().await;
    t.signed_in(PSW)
        .await
        .get("/practitioners")
        .await
        .expect(200);
    assert!(
        mhsw::store::engine::query("UPDATE audit_log SET actor_email = 'x'")
            .execute(&t.db.pool)
            .await
            .is_err()
    );
    assert!(
        mhsw::store::engine::query("DELETE FROM audit_log")
            .execute(&t.db.pool)
            .await
            .is_err()
    );
    assert!(t.count("audit_log").await > 0);
}

#[tokio::test]
async fn list_reads_are_audited_with_the_ids_shown_and_exported_as_csv() {
    let t = TestApp::new().await;
    let c = t.signed_in(PSW).await;
    c.get("/practitioners?q=a&page_size=5").await.expect(200);
    let csv = c.get("/audit.csv").await.expect(200);
    assert_eq!(
        csv.headers.get("content-type").unwrap(),
        "text/csv; charset=utf-8"
    );
    let first = csv.body.lines().next().unwrap();
    assert_eq!(
        first,
        "id,at_utc,actor,action,record_type,record_id,detail,request_id"
    );
    assert!(
        csv.body
            .lines()
            .any(|l| l.contains(",list,practitioner,,ids ")),
        "{}",
        csv.body
    );
    // Another organisation's audit entries are not in this export.
    t.signed_in(HARBOUR_ADMIN)
        .await
        .get("/practitioners")
        .await
        .expect(200);
    assert!(!c.get("/audit.csv").await.body.contains(HARBOUR_ADMIN));
}

/// A newcomer follows the demo by name: each demo sign-in linked to a practitioner record
/// bears that record's name ("Pat Practitioner" is not Isaac Lewis).
#[tokio::test]
async fn demo_sign_ins_and_their_practitioner_records_agree_by_name() {
    let t = TestApp::new().await;
    let pairs: Vec<(String, String)> = mhsw::store::engine::query_as(
        "SELECT u.display_name, p.given_name || ' ' || p.family_name FROM users u
         JOIN practitioners p ON p.id = u.practitioner_id",
    )
    .fetch_all(&t.db.pool)
    .await
    .unwrap();
    assert!(pairs.len() >= 3, "{pairs:?}");
    for (user, record) in pairs {
        assert_eq!(user, record);
    }
}

/// A seconded person's equality data belongs to their employer: the host's workforce lead
/// sees their record but not their ethnicity, age or disability, and cannot overwrite them.
#[tokio::test]
async fn the_host_cannot_see_or_overwrite_a_seconded_persons_equality_data() {
    let t = TestApp::new().await;
    let council = t.org_id("LA9N1").await;
    let trust = t.org_id("R9N").await;
    let seconded = t.scalar_i64(&format!("SELECT MIN(id) FROM practitioners WHERE employer_org_id = {council} AND host_org_id = {trust}")).await;
    mhsw::store::engine::query(
        "INSERT INTO practitioner_equality (practitioner_id, ethnic_category, updated_at)
         VALUES ($1, 'M', '2026-01-01T00:00:00Z')
         ON CONFLICT (practitioner_id) DO UPDATE SET ethnic_category = 'M'",
    )
    .bind(seconded)
    .execute(&t.db.pool)
    .await
    .unwrap();
    let hr = t.api(WORKFORCE).await;
    let record = hr
        .get(&format!("/api/v1/practitioners/{seconded}"))
        .await
        .expect(200)
        .json();
    assert!(record["equality"].is_null(), "{record}");
    let page = t
        .signed_in(WORKFORCE)
        .await
        .get(&format!("/practitioners/{seconded}"))
        .await
        .expect(200)
        .body;
    assert!(!page.contains("Ethnic category"));
    let form = t
        .signed_in(WORKFORCE)
        .await
        .get(&format!("/practitioners/{seconded}/edit"))
        .await
        .expect(200)
        .body;
    assert!(
        !form.contains("name=\"ethnic_category\""),
        "no equality fields on the host's form"
    );

    // An update from the host saves the record and leaves the employer's data as it was.
    let trust_own = t.first_trust_practitioner().await;
    let own = hr
        .get(&format!("/api/v1/practitioners/{trust_own}"))
        .await
        .expect(200)
        .json();
    assert!(own["equality"].is_object(), "the trust's own staff: seen");
    let actor = t.actor(WORKFORCE).await;
    let (p, _) = mhsw::service::practitioners::get(&t.db, &actor, seconded)
        .await
        .unwrap();
    let overwrite = mhsw::domain::practitioner::Equality {
        ethnic_category: Some("A".into()),
        ..Default::default()
    };
    let (fields, eq) =
        mhsw::domain::practitioner::PractitionerInput::from_practitioner(&p, &overwrite)
            .parse(crate::helpers::today())
            .unwrap();
    mhsw::service::practitioners::update(
        &t.db,
        &actor,
        seconded,
        &fields,
        &eq,
        crate::helpers::today(),
    )
    .await
    .unwrap();
    let ethnic: String = mhsw::store::engine::query_scalar(
        "SELECT ethnic_category FROM practitioner_equality WHERE practitioner_id = $1",
    )
    .bind(seconded)
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    assert_eq!(ethnic, "M");
}

/// A ten-year age band recorded before the five-year bands is shown as needing an update,
/// on the record and its form, and still counts towards AMHP succession where it can.
#[tokio::test]
async fn an_old_ten_year_age_band_asks_to_be_updated() {
    let t = TestApp::new().await;
    let id = t.first_trust_practitioner().await;
    mhsw::store::engine::query(
        "INSERT INTO practitioner_equality (practitioner_id, age_band, updated_at)
         VALUES ($1, '45_54', '2026-01-01T00:00:00Z')
         ON CONFLICT (practitioner_id) DO UPDATE SET age_band = '45_54', date_of_birth = NULL",
    )
    .bind(id)
    .execute(&t.db.pool)
    .await
    .unwrap();
    let hr = t.signed_in(WORKFORCE).await;
    let page = hr
        .get(&format!("/practitioners/{id}"))
        .await
        .expect(200)
        .body;
    assert!(page.contains("45 to 54 (an old ten-year band: please update it)"));
    let form = hr
        .get(&format!("/practitioners/{id}/edit"))
        .await
        .expect(200)
        .body;
    assert!(
        form.contains("Choose the five-year band"),
        "the form says why"
    );
    assert!(form.contains(">40 to 44<") && form.contains(">45 to 49<"));
    mhsw::store::engine::query(
        "UPDATE practitioner_equality SET age_band = '40_44' WHERE practitioner_id = $1",
    )
    .bind(id)
    .execute(&t.db.pool)
    .await
    .unwrap();
    let current = hr
        .get(&format!("/practitioners/{id}/edit"))
        .await
        .expect(200)
        .body;
    assert!(
        !current.contains("Choose the five-year band"),
        "no hint for a current band"
    );
}
