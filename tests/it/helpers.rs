//! `TestApp`: a fresh database holding the demo (small and seeded; built once per run and
//! copied for each test), the real
//! router driven in-process with `oneshot`, and clients that hold a session cookie and
//! CSRF token or an API bearer token.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use mhsw::config::Settings;
use mhsw::demo::{DemoOptions, build};
use mhsw::domain::Role;
use mhsw::store::{self, Create, Db};
use mhsw::web::{AppState, router};
use tower::ServiceExt;

/// Demo users, by role, as the generator makes them.
pub const PRACTITIONER: &str = "practitioner@northshire.example.nhs.uk";
pub const SUPERVISOR: &str = "supervisor@northshire.example.nhs.uk";
pub const PSW: &str = "psw@northshire.example.nhs.uk";
pub const WORKFORCE: &str = "workforce@northshire.example.nhs.uk";
pub const ADMIN: &str = "admin@northshire.example.nhs.uk";
pub const COUNCIL_PSW: &str = "psw@northshire-council.example.gov.uk";
pub const HARBOUR_ADMIN: &str = "admin@harbourhouse.example.org.uk";
pub const ANALYST: &str = "analyst@workforce.example.nhs.uk";

/// The day every test runs on: `TEST_TODAY` (YYYY-MM-DD) when set, so that the suite
/// can be run as if on any day (`scripts/test-dates`), else a fixed day. The demo data is
/// built around it and the router measures every rule on it, so no test depends on the
/// day it runs.
pub fn today() -> time::Date {
    static TODAY: std::sync::OnceLock<time::Date> = std::sync::OnceLock::new();
    *TODAY.get_or_init(|| match std::env::var("TEST_TODAY") {
        Ok(s) => time::Date::parse(
            &s,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .expect("TEST_TODAY is a date like 2028-02-29"),
        Err(_) => time::macros::date!(2026 - 10 - 14),
    })
}

pub struct TestApp {
    pub db: Db,
    pub app: Router,
    pub settings: Settings,
    /// The database URL, for CLI tests against the same database.
    pub url: String,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// A fresh database with seeded demo data (40 practitioners plus the independent
    /// provider's staff) and the default settings.
    pub async fn new() -> TestApp {
        Self::with_settings(Settings::default()).await
    }

    pub async fn with_settings(mut settings: Settings) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let url = copy_of_demo(&dir).await;
        settings.database.url = url.clone();
        let db = store::connect(&url, 4, Create::Yes).await.unwrap();
        let app = router(
            AppState::new(db.clone(), settings.clone())
                .with_clock(mhsw::clock::Clock::Fixed(today())),
        );
        TestApp {
            db,
            app,
            settings,
            url,
            _dir: dir,
        }
    }

    /// A second instance of mhsw on this test's database, as another `mhsw serve` behind the
    /// same proxy: its own pool, kept reports, audit queue and (on SQLite) writer turn.
    pub async fn second_instance(&self) -> Instance {
        let db = store::connect(&self.url, 4, Create::Yes).await.unwrap();
        let app = router(
            AppState::new(db.clone(), self.settings.clone())
                .with_clock(mhsw::clock::Clock::Fixed(today())),
        );
        Instance { db, app }
    }

    /// A client with no credentials.
    pub fn anonymous(&self) -> Client {
        Client {
            app: self.app.clone(),
            cookie: None,
            csrf: None,
            bearer: None,
            headers: Vec::new(),
        }
    }

    /// A client signed in as `email` (session created directly; the sign-in form itself is
    /// covered in `auth.rs`).
    pub async fn signed_in(&self, email: &str) -> Client {
        let id = self.user_id(email).await;
        let s = mhsw::service::accounts::start_session(&self.db, id)
            .await
            .unwrap();
        Client {
            app: self.app.clone(),
            cookie: Some(format!("mhsw_session={}", s.token)),
            csrf: Some(s.csrf),
            bearer: None,
            headers: Vec::new(),
        }
    }

    /// A client using an API token of `email`.
    pub async fn api(&self, email: &str) -> Client {
        let token = self.token(email).await;
        Client {
            app: self.app.clone(),
            cookie: None,
            csrf: None,
            bearer: Some(token),
            headers: Vec::new(),
        }
    }

    /// The `Actor` the service layer sees for this user (through a real API token).
    pub async fn actor(&self, email: &str) -> mhsw::policy::Actor {
        let token = self.token(email).await;
        mhsw::service::tokens::actor_for(&self.db, &token, "test")
            .await
            .unwrap()
            .expect("the token names an active user")
    }

    /// A new API token of `email` (as `mhsw token create` makes one).
    pub async fn token(&self, email: &str) -> String {
        let input = mhsw::domain::token::TokenInput {
            name: "test".into(),
            expires_in_days: String::new(),
        };
        mhsw::service::tokens::create_from_cli(&self.db, &self.settings.security, email, &input)
            .await
            .unwrap()
            .token
    }

    pub async fn user_id(&self, email: &str) -> i64 {
        self.scalar_i64(&format!("SELECT id FROM users WHERE email = '{email}'"))
            .await
    }

    pub async fn scalar_text(&self, sql: &str) -> String {
        mhsw::store::engine::query(sql)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
            .try_get::<String, _>(0)
            .unwrap()
    }

    pub async fn scalar_i64(&self, sql: &str) -> i64 {
        mhsw::store::engine::query(sql)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
            .try_get::<i64, _>(0)
            .unwrap()
    }

    pub async fn org_id(&self, ods: &str) -> i64 {
        self.scalar_i64(&format!(
            "SELECT id FROM organisations WHERE ods_code = '{ods}'"
        ))
        .await
    }

    /// Makes a user in the trust holding exactly `roles`, linked to the trust's first
    /// practitioner record in its first team (or with no organisation for the analyst).
    pub async fn user_with_roles(&self, roles: &[Role]) -> String {
        let email = format!(
            "only-{}@northshire.example.nhs.uk",
            roles.iter().map(|r| r.code()).collect::<Vec<_>>().join("-")
        );
        let national = roles == [Role::NationalAnalyst];
        let trust = self.org_id("R9N").await;
        let practitioner = if national {
            None
        } else {
            Some(self.first_trust_practitioner().await)
        };
        let fields = mhsw::domain::user::UserFields {
            email: email.clone(),
            display_name: "Test User".into(),
            org_id: if national { None } else { Some(trust) },
            practitioner_id: practitioner,
            active: true,
            roles: roles.to_vec(),
        };
        let mut conn = self.db.connection().await.unwrap();
        mhsw::store::users::insert(&mut conn, &fields, None)
            .await
            .unwrap();
        email
    }

    /// The lowest-numbered current practitioner hosted by the trust.
    pub async fn first_trust_practitioner(&self) -> i64 {
        let trust = self.org_id("R9N").await;
        self.scalar_i64(&format!("SELECT MIN(id) FROM practitioners WHERE host_org_id = {trust} AND employer_org_id = {trust} AND end_date IS NULL")).await
    }

    pub async fn count(&self, table: &str) -> i64 {
        self.scalar_i64(&format!("SELECT COUNT(*) FROM {table}"))
            .await
    }
}

/// The demo every test starts from (40 practitioners plus the independent provider's
/// staff, seed 7, built around `today()`), made once per run of the suite. Each test gets
/// a database of its own copied from it: a file copy in SQLite, `CREATE DATABASE ..
/// TEMPLATE` in PostgreSQL. Building the demo took most of each test's time.
static DEMO_TEMPLATE: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// A new database holding a copy of the demo: a SQLite file in `dir`, or a new database
/// on the PostgreSQL server in `TEST_POSTGRES_URL` (a maintenance database, like
/// .../postgres).
async fn copy_of_demo(dir: &tempfile::TempDir) -> String {
    let template = DEMO_TEMPLATE.get_or_init(|| {
        // Built on a runtime of its own: the test that gets here first is waited for by
        // the others, whatever runtime each runs on.
        std::thread::spawn(|| {
            tokio::runtime::Runtime::new()
                .unwrap()
                .block_on(build_demo_template())
        })
        .join()
        .expect("the demo template builds")
    });
    match admin_url() {
        Some(admin_url) => {
            let name = format!("mhsw_test_{}", uuid::Uuid::new_v4().simple());
            postgres_admin(
                &admin_url,
                &format!("CREATE DATABASE {name} TEMPLATE {template}"),
            )
            .await;
            database_url(&admin_url, &name)
        }
        None => {
            let path = dir.path().join("test.db");
            std::fs::copy(template, &path).unwrap();
            format!("sqlite://{}", path.display())
        }
    }
}

/// Builds the demo into the template database and closes it (a template must have no
/// connections). Returns its file path (SQLite) or database name (PostgreSQL).
async fn build_demo_template() -> String {
    let (url, template) = match admin_url() {
        Some(admin_url) => {
            let name = format!("mhsw_template_{}", uuid::Uuid::new_v4().simple());
            postgres_admin(&admin_url, &format!("CREATE DATABASE {name}")).await;
            (database_url(&admin_url, &name), name)
        }
        None => {
            let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
            // Templates of earlier runs (a run cannot remove its own on exit); one made in the
            // last day may belong to a run still going, say the other engine's suite.
            let day = std::time::Duration::from_secs(24 * 60 * 60);
            for old in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let stale = old
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|at| at.elapsed().is_ok_and(|age| age > day));
                if stale
                    && old
                        .file_name()
                        .to_string_lossy()
                        .starts_with("demo-template-")
                {
                    let _ = std::fs::remove_file(old.path());
                }
            }
            let path = dir.join(format!(
                "demo-template-{}.db",
                uuid::Uuid::new_v4().simple()
            ));
            (
                format!("sqlite://{}", path.display()),
                path.display().to_string(),
            )
        }
    };
    let db = store::connect(&url, 4, Create::Yes).await.unwrap();
    build(
        &db,
        &DemoOptions {
            practitioners: 40,
            seed: 7,
            progress: false,
            history_months: mhsw::demo::DEFAULT_HISTORY_MONTHS,
            today: today(),
            replace: mhsw::store::Replace::OnlyDemoData,
            national: None,
        },
    )
    .await
    .unwrap();
    db.checkpoint_and_close().await.unwrap();
    db.pool.close().await;
    template
}

fn admin_url() -> Option<String> {
    std::env::var("TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

fn database_url(admin_url: &str, name: &str) -> String {
    let base = admin_url
        .rsplit_once('/')
        .map(|(b, _)| b)
        .unwrap_or(admin_url);
    format!("{base}/{name}")
}

async fn postgres_admin(admin_url: &str, statement: &str) {
    let admin = sqlx::PgPool::connect(admin_url)
        .await
        .expect("TEST_POSTGRES_URL reachable");
    sqlx::query(statement).execute(&admin).await.unwrap();
    admin.close().await;
}

pub fn on_postgres() -> bool {
    std::env::var("TEST_POSTGRES_URL").is_ok_and(|u| !u.is_empty())
}

/// Holds whatever credentials a test gives it.
#[derive(Clone)]
pub struct Client {
    app: Router,
    pub cookie: Option<String>,
    pub csrf: Option<String>,
    pub bearer: Option<String>,
    /// Sent with every request (`X-Forwarded-For`, `Idempotency-Key`...).
    pub headers: Vec<(&'static str, String)>,
}

/// A response with its body read.
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Asserts the status and returns self, printing the body when it differs.
    #[track_caller]
    pub fn expect(self, status: u16) -> TestResponse {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.body
                .find("<main")
                .map_or(&self.body[..self.body.len().min(2000)], |i| &self.body
                    [i..(i + 1500).min(self.body.len())])
        );
        self
    }
}

/// Another instance of the app on the same database (`TestApp::second_instance`).
pub struct Instance {
    pub db: Db,
    pub app: Router,
}

impl Client {
    /// The same client (credentials, headers) talking to another instance, as a proxy
    /// would send its next request.
    pub fn on(&self, instance: &Instance) -> Client {
        Client {
            app: instance.app.clone(),
            cookie: self.cookie.clone(),
            csrf: self.csrf.clone(),
            bearer: self.bearer.clone(),
            headers: self.headers.clone(),
        }
    }

    /// Sends a request through the router. Every answer under `/api/v1` is checked
    /// against the served OpenAPI document (`contract::check`): an undocumented status,
    /// content type or body shape fails the test that received it.
    pub async fn send(&self, req: Request<Body>) -> TestResponse {
        let method = req.method().to_string();
        let uri = req.uri().to_string();
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        if let Err(e) = crate::contract::check(&method, &uri, status.as_u16(), content_type, &body)
        {
            panic!("API contract broken by {method} {uri}: {e}");
        }
        TestResponse {
            status,
            headers,
            body,
        }
    }

    fn request(&self, method: &str, path: &str) -> axum::http::request::Builder {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(c) = &self.cookie {
            b = b.header(header::COOKIE, c);
        }
        if let Some(t) = &self.bearer {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        for (name, value) in &self.headers {
            b = b.header(*name, value);
        }
        b
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(self.request("GET", path).body(Body::empty()).unwrap())
            .await
    }

    pub async fn head(&self, path: &str) -> TestResponse {
        self.send_empty("HEAD", path).await
    }

    /// Any method with no body (a CSRF token is not added: the method is the point).
    pub async fn send_empty(&self, method: &str, path: &str) -> TestResponse {
        self.send(self.request(method, path).body(Body::empty()).unwrap())
            .await
    }

    /// The raw body of a GET (files such as XLSX).
    pub async fn get_bytes(&self, path: &str) -> Vec<u8> {
        let res = self
            .app
            .clone()
            .oneshot(self.request("GET", path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "GET {path}");
        res.into_body().collect().await.unwrap().to_bytes().to_vec()
    }

    /// Posts a form with this client's CSRF token added.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body = {
            let mut ser = form_urlencoded::Serializer::new(String::new());
            if let Some(t) = &self.csrf {
                ser.append_pair("csrf_token", t);
            }
            for (k, v) in fields {
                ser.append_pair(k, v);
            }
            ser.finish()
        };
        self.post_raw_form(path, body).await
    }

    pub async fn post_raw_form(&self, path: &str, body: String) -> TestResponse {
        let req = self
            .request("POST", path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    /// Posts a multipart form with one file field holding any bytes, under `file_name`.
    pub async fn post_file_bytes(
        &self,
        path: &str,
        field: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> TestResponse {
        self.multipart(path, field, file_name, "application/octet-stream", bytes)
            .await
    }

    /// Posts a multipart form with one file field (and this client's CSRF token, if any).
    pub async fn post_file(&self, path: &str, field: &str, file_text: &str) -> TestResponse {
        self.multipart(
            path,
            field,
            "register.csv",
            "text/csv",
            file_text.as_bytes(),
        )
        .await
    }

    async fn multipart(
        &self,
        path: &str,
        field: &str,
        file_name: &str,
        part_type: &str,
        bytes: &[u8],
    ) -> TestResponse {
        let boundary = "mhswtestboundary7d1f";
        let mut body = Vec::new();
        if let Some(t) = &self.csrf {
            body.extend_from_slice(format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{t}\r\n"
            ).as_bytes());
        }
        body.extend_from_slice(format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: {part_type}\r\n\r\n"
        ).as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let req = self
            .request("POST", path)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    /// Sends a binary body (an XLSX file to the API, for example).
    pub async fn send_bytes(
        &self,
        method: &str,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> TestResponse {
        let req = self
            .request(method, path)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    /// Sends a plain-text body (a CSV file to the API, for example).
    pub async fn send_text(
        &self,
        method: &str,
        path: &str,
        content_type: &str,
        body: &str,
    ) -> TestResponse {
        let req = self
            .request(method, path)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(req).await
    }

    pub async fn send_json(
        &self,
        method: &str,
        path: &str,
        body: &serde_json::Value,
    ) -> TestResponse {
        let req = self
            .request(method, path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(req).await
    }
}

/// A complete, valid practitioner form for the trust.
pub fn practitioner_form(trust: i64, email: &str, swe: &str) -> Vec<(String, String)> {
    [
        ("given_name", "Ada"),
        ("family_name", "Lovelace"),
        ("work_email", email),
        ("swe_number", swe),
        ("employer_org_id", &trust.to_string()),
        ("host_org_id", &trust.to_string()),
        ("team_id", ""),
        ("role_category", "sw_required"),
        ("career_stage", "qualified"),
        ("band", "6"),
        ("wte", "0.8"),
        ("start_date", "2024-03-27"),
        ("end_date", ""),
        ("pq_roles", "amhp"),
        ("pq_roles", "bia"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

pub fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// The fields named in a problem-details response's `errors`.
pub fn field_errors(body: &serde_json::Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["field"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Sends `body` and asserts a 422 whose errors name at least each of `fields`.
pub async fn expect_refused(
    client: &Client,
    method: &str,
    path: &str,
    body: &serde_json::Value,
    fields: &[&str],
) {
    let r = client
        .send_json(method, path, body)
        .await
        .expect(422)
        .json();
    let got = field_errors(&r);
    for f in fields {
        assert!(
            got.iter().any(|g| g == f),
            "{f} missing from {got:?} for {body}"
        );
    }
}

/// The text of a fragment of a page: tags dropped, entities decoded, trimmed.
pub fn page_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim()
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
