//! A real SMTP server (mailin-embedded) on 127.0.0.1, port 0, in its own threads, keeping
//! every delivered message. It never stops: each test starts its own and the process ends
//! with the test binary.

use mailin_embedded::{Handler, Response, Server, SslConfig, response};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// One delivered message: the envelope recipients and the raw message.
#[derive(Debug, Clone)]
pub struct Delivered {
    pub to: Vec<String>,
    pub data: String,
}

impl Delivered {
    /// A header's value (unfolded), e.g. `Subject`.
    pub fn header(&self, name: &str) -> String {
        let head = self.data.split("\r\n\r\n").next().unwrap_or("");
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        let prefix = format!("{}: ", name.to_ascii_lowercase());
        unfolded
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with(&prefix))
            .map(|l| l[prefix.len()..].to_string())
            .unwrap_or_default()
    }

    pub fn body(&self) -> String {
        self.data
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.replace("=\r\n", ""))
            .unwrap_or_default()
    }
}

#[derive(Clone)]
struct Collect {
    inbox: Arc<Mutex<Vec<Delivered>>>,
    current: Option<Delivered>,
}

impl Handler for Collect {
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Some(Delivered {
            to: to.to_vec(),
            data: String::new(),
        });
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(m) = &mut self.current {
            m.data.push_str(&String::from_utf8_lossy(buf));
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if let Some(m) = self.current.take() {
            self.inbox.lock().unwrap().push(m);
        }
        response::OK
    }
}

/// A running server: its port and what it has received.
pub struct MailServer {
    pub port: u16,
    inbox: Arc<Mutex<Vec<Delivered>>>,
}

impl MailServer {
    pub fn start() -> MailServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let inbox = Arc::new(Mutex::new(Vec::new()));
        let handler = Collect {
            inbox: inbox.clone(),
            current: None,
        };
        let mut server = Server::new(handler);
        server
            .with_name("mail.test")
            .with_ssl(SslConfig::None)
            .unwrap()
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        MailServer { port, inbox }
    }

    /// Default settings sending email to this server, in plain text, from the trust's
    /// social work team.
    pub fn settings(&self) -> mhsw::config::Settings {
        let mut s = mhsw::config::Settings::default();
        s.smtp.host = "127.0.0.1".into();
        s.smtp.port = self.port;
        s.smtp.tls = mhsw::config::SmtpTls::None;
        s.smtp.from = "Social work team <social.work@northshire.example.nhs.uk>".into();
        s.smtp.timeout_seconds = 10;
        s
    }

    /// Everything delivered so far, and empties the inbox.
    pub fn take(&self) -> Vec<Delivered> {
        std::mem::take(&mut *self.inbox.lock().unwrap())
    }
}
