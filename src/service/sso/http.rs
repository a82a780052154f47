//! A small HTTP/1.1 client for an identity provider's discovery document, key set and
//! token endpoint: one request per connection, `https` over rustls with the system's
//! trusted roots (`http` only to this machine's loopback, for the test suite's provider),
//! 10 seconds at most, answers of 1 MiB at most, no redirects followed. Enough for three
//! JSON endpoints, without a general-purpose client's dependencies.

use crate::domain::oidc::is_web_address;
use base64::Engine;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper::{Request, header};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::{TlsConnector, rustls};

const TIMEOUT: Duration = Duration::from_secs(10);
const MAX_BODY: usize = 1 << 20;

/// A provider's answer: its status and its body read as JSON (when it was JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub json: Option<Value>,
}

/// `GET url`, expecting JSON.
pub async fn get_json(url: &str) -> Result<Answer, String> {
    let u = parse(url)?;
    let req = Request::get(target(&u))
        .header(header::HOST, host_header(&u))
        .header(header::ACCEPT, "application/json")
        .header(header::USER_AGENT, "mhsw")
        .body(Full::new(Bytes::new()))
        .map_err(|e| e.to_string())?;
    send(&u, req).await
}

/// `POST url` with a form; with `basic`, the client authenticates by HTTP basic
/// authentication as RFC 6749 section 2.3.1 says (id and secret form-encoded, then joined
/// and base64'd), otherwise the form carries its credentials.
pub async fn post_form(
    url: &str,
    basic: Option<(&str, &str)>,
    form: &[(&str, &str)],
) -> Result<Answer, String> {
    let u = parse(url)?;
    let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let mut req = Request::post(target(&u))
        .header(header::HOST, host_header(&u))
        .header(header::ACCEPT, "application/json")
        .header(header::USER_AGENT, "mhsw")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some((id, secret)) = basic {
        let credentials = base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            enc(id),
            enc(secret)
        ));
        req = req.header(header::AUTHORIZATION, format!("Basic {credentials}"));
    }
    let req = req
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| e.to_string())?;
    send(&u, req).await
}

fn parse(url: &str) -> Result<url::Url, String> {
    if !is_web_address(url) {
        return Err(format!(
            "'{url}' is not an https address (or http on this machine)"
        ));
    }
    url::Url::parse(url).map_err(|e| e.to_string())
}

fn target(u: &url::Url) -> String {
    match u.query() {
        Some(q) => format!("{}?{q}", u.path()),
        None => u.path().to_string(),
    }
}

fn host_header(u: &url::Url) -> String {
    let host = u.host_str().unwrap_or_default();
    match u.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    }
}

async fn send(u: &url::Url, req: Request<Full<Bytes>>) -> Result<Answer, String> {
    let host = u.host_str().unwrap_or_default().to_string();
    let port = u.port_or_known_default().unwrap_or(443);
    let exchange = async {
        let tcp = TcpStream::connect((host.trim_matches(['[', ']']), port))
            .await
            .map_err(|e| format!("cannot connect to {host}:{port}: {e}"))?;
        if u.scheme() == "https" {
            let name =
                rustls::pki_types::ServerName::try_from(host.clone()).map_err(|e| e.to_string())?;
            let tls = TlsConnector::from(tls_config())
                .connect(name, tcp)
                .await
                .map_err(|e| format!("TLS with {host} failed: {e}"))?;
            exchange(tls, req).await
        } else {
            exchange(tcp, req).await
        }
    };
    tokio::time::timeout(TIMEOUT, exchange)
        .await
        .map_err(|_| format!("{host} did not answer within {} seconds", TIMEOUT.as_secs()))?
}

async fn exchange<T>(io: T, req: Request<Full<Bytes>>) -> Result<Answer, String>
where
    T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(io))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    let res = sender.send_request(req).await.map_err(|e| e.to_string())?;
    let status = res.status().as_u16();
    let body = Limited::new(res.into_body(), MAX_BODY)
        .collect()
        .await
        .map_err(|e| format!("the answer could not be read: {e}"))?
        .to_bytes();
    Ok(Answer {
        status,
        json: serde_json::from_slice(&body).ok(),
    })
}

/// rustls with ring (the provider lettre already uses) and the system's trusted roots.
fn tls_config() -> Arc<rustls::ClientConfig> {
    static CONFIG: OnceLock<Arc<rustls::ClientConfig>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let mut roots = rustls::RootCertStore::empty();
            for cert in rustls_native_certs::load_native_certs().certs {
                let _ = roots.add(cert);
            }
            let config = rustls::ClientConfig::builder_with_provider(Arc::new(
                rustls::crypto::ring::default_provider(),
            ))
            .with_safe_default_protocol_versions()
            .expect("ring's provider supports TLS 1.2 and 1.3")
            .with_root_certificates(roots)
            .with_no_client_auth();
            Arc::new(config)
        })
        .clone()
}
