//! The test OpenID provider (`e2e/oidc/provider.mjs`, npm `oidc-provider`) as the
//! single sign-on tests start it, and a browser's walk through it.

use super::{REDIRECT_BASE, SAM};
use mhsw::config::Settings;
use mhsw::domain::oidc::SsoProvider;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The provider, running until dropped.
pub(crate) struct Provider {
    child: Child,
    pub(crate) issuer: String,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn account(groups: &[&str]) -> Value {
    json!({"sub": "entra-oid-123", "email": SAM, "email_verified": true,
           "name": "Sam Single-Sign-On", "groups": groups})
}

impl Provider {
    pub(crate) fn start(account: Value, tamper: Option<&str>) -> Provider {
        Provider::start_with_client(
            account,
            tamper,
            json!({"client_id": "mhsw", "client_secret": "s3cret"}),
        )
    }

    /// A provider with one client registered as `client` says (oidc-provider's client
    /// metadata; the redirect URI is added).
    pub(crate) fn start_with_client(
        account: Value,
        tamper: Option<&str>,
        mut client: Value,
    ) -> Provider {
        client["redirect_uris"] =
            json!([format!("{REDIRECT_BASE}/sign-in/sso/northshire/callback")]);
        let e2e = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("e2e");
        assert!(
            e2e.join("node_modules/oidc-provider").is_dir(),
            "the test OpenID provider's packages are not installed: run scripts/setup (npm ci in e2e/)"
        );
        let config = json!({
            "clients": [client],
            "account": account,
            "tamper": tamper,
        });
        let mut command = Command::new("node");
        let mut child = command
            .arg("oidc/provider.mjs")
            .current_dir(&e2e)
            .env("OIDC_TEST_CONFIG", config.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node runs");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let issuer = serde_json::from_str::<Value>(&line)
            .unwrap_or_else(|_| panic!("the provider did not start: {line:?}"))["issuer"]
            .as_str()
            .unwrap()
            .to_string();
        Provider { child, issuer }
    }

    pub(crate) fn settings(&self) -> Settings {
        Provider::settings_for(&self.issuer)
    }

    /// mhsw's settings for a provider at `issuer`, with a client secret.
    pub(crate) fn settings_for(issuer: &str) -> Settings {
        let mut s = Settings::default();
        s.sso.redirect_base = REDIRECT_BASE.into();
        s.sso.providers.push(SsoProvider {
            name: "northshire".into(),
            label: "NHSmail".into(),
            organisation: "R9N".into(),
            issuer: issuer.into(),
            client_id: "mhsw".into(),
            client_secret: "s3cret".into(),
            ..SsoProvider::default()
        });
        assert_eq!(s.sso.problems(), Vec::<String>::new());
        s
    }
}

/// One HTTP/1.1 GET to the provider: status, Location, and the cookies it sets.
pub(super) async fn provider_get(url: &str, jar: &mut BTreeMap<String, String>) -> (u16, String) {
    let u = url::Url::parse(url).unwrap();
    let mut stream = tokio::net::TcpStream::connect((u.host_str().unwrap(), u.port().unwrap()))
        .await
        .unwrap();
    let cookies: Vec<String> = jar.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let target = match u.query() {
        Some(q) => format!("{}?{q}", u.path()),
        None => u.path().to_string(),
    };
    let req = format!(
        "GET {target} HTTP/1.1\r\nHost: {}:{}\r\nCookie: {}\r\nConnection: close\r\n\r\n",
        u.host_str().unwrap(),
        u.port().unwrap(),
        cookies.join("; ")
    );
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw);
    let head = text.split("\r\n\r\n").next().unwrap_or("");
    let status: u16 = head.split(' ').nth(1).unwrap_or("0").parse().unwrap();
    let mut location = String::new();
    for line in head.lines().skip(1) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("location") {
            location = u.join(value).unwrap().to_string();
        } else if name.eq_ignore_ascii_case("set-cookie")
            && let Some((k, v)) = value.split(';').next().unwrap().split_once('=')
        {
            jar.insert(k.to_string(), v.to_string());
        }
    }
    (status, location)
}
