//! What the running server counts for monitoring, served as Prometheus text at `/metrics`
//! (`web::html::pages::metrics`) to a scraper holding `[monitoring] metrics_token`.
//!
//! Answers are counted by route pattern (`/practitioners/{id}`, never a record's id), method
//! and status, with their time in fixed buckets; background jobs by outcome. Nothing here
//! names a person or a record, so the endpoint says how busy and how well mhsw is, not
//! about whom. Counting takes one short lock per answer.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds (Prometheus' `le`).
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// Answers of one route, method and status.
#[derive(Debug, Default, Clone)]
struct Answers {
    count: u64,
    seconds: f64,
    /// How many took at most each of `BUCKETS` (not cumulative; summed when written).
    within: [u64; BUCKETS.len()],
}

/// A job's runs by outcome, and when it last finished well.
#[derive(Debug, Default, Clone)]
struct Runs {
    by_outcome: BTreeMap<&'static str, u64>,
    last_ok_unix: Option<f64>,
}

/// The server's counters; one per `AppState`, shared by its clones.
#[derive(Debug, Default)]
pub struct Metrics {
    answers: Mutex<BTreeMap<(String, String, u16), Answers>>,
    jobs: Mutex<BTreeMap<&'static str, Runs>>,
    started_unix: f64,
}

/// How full the database pool is when scraped.
#[derive(Debug, Clone, Copy)]
pub struct PoolUse {
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

/// A background job's run: how it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Failed,
}

impl Metrics {
    /// Counters for a server starting now.
    pub fn starting_now() -> Metrics {
        Metrics {
            started_unix: unix_now(),
            ..Metrics::default()
        }
    }

    /// Counts one answer. `route` is the matched route's pattern, or `unmatched`.
    pub fn answered(&self, route: &str, method: &str, status: u16, took: Duration) {
        let seconds = took.as_secs_f64();
        let mut answers = self.answers.lock().unwrap_or_else(|e| e.into_inner());
        let a = answers
            .entry((route.to_string(), method.to_string(), status))
            .or_default();
        a.count += 1;
        a.seconds += seconds;
        if let Some(i) = BUCKETS.iter().position(|le| seconds <= *le) {
            a.within[i] += 1;
        }
    }

    /// Counts one run of `job`, finished now.
    pub fn ran(&self, job: &'static str, outcome: Outcome) {
        self.ran_at(job, outcome, unix_now());
    }

    fn ran_at(&self, job: &'static str, outcome: Outcome, unix_seconds: f64) {
        let mut jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        let runs = jobs.entry(job).or_default();
        let name = match outcome {
            Outcome::Ok => "ok",
            Outcome::Failed => "failed",
        };
        *runs.by_outcome.entry(name).or_default() += 1;
        if outcome == Outcome::Ok {
            runs.last_ok_unix = Some(unix_seconds);
        }
    }

    /// Everything, in Prometheus' text format (version 0.0.4).
    pub fn render(&self, pool: PoolUse, resident_bytes: Option<u64>) -> String {
        let mut out = String::new();
        self.render_answers(&mut out);
        self.render_jobs(&mut out);
        let gauge = |out: &mut String, name: &str, help: &str, value: f64| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}"
            );
        };
        gauge(
            &mut out,
            "mhsw_db_pool_connections_open",
            "Database connections open.",
            pool.open as f64,
        );
        gauge(
            &mut out,
            "mhsw_db_pool_connections_idle",
            "Open database connections not in use.",
            pool.idle as f64,
        );
        gauge(
            &mut out,
            "mhsw_db_pool_connections_max",
            "The most database connections the pool opens ([database] max_connections).",
            pool.max as f64,
        );
        gauge(
            &mut out,
            "process_start_time_seconds",
            "When the server started, in seconds since 1970.",
            self.started_unix,
        );
        if let Some(bytes) = resident_bytes {
            gauge(
                &mut out,
                "process_resident_memory_bytes",
                "Resident memory of the server process.",
                bytes as f64,
            );
        }
        out
    }

    fn render_answers(&self, out: &mut String) {
        let answers = self
            .answers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        out.push_str("# HELP mhsw_http_requests_total Answers given, by route pattern, method and status.\n# TYPE mhsw_http_requests_total counter\n");
        for ((route, method, status), a) in &answers {
            let _ = writeln!(
                out,
                "mhsw_http_requests_total{{{}}} {}",
                labels(route, method, Some(*status)),
                a.count
            );
        }
        out.push_str("# HELP mhsw_http_request_duration_seconds Time from a request's arrival to its answer, by route pattern and method.\n# TYPE mhsw_http_request_duration_seconds histogram\n");
        let mut by_route: BTreeMap<(&str, &str), Answers> = BTreeMap::new();
        for ((route, method, _), a) in &answers {
            let sum = by_route.entry((route, method)).or_default();
            sum.count += a.count;
            sum.seconds += a.seconds;
            for (s, n) in sum.within.iter_mut().zip(a.within) {
                *s += n;
            }
        }
        for ((route, method), a) in &by_route {
            let l = labels(route, method, None);
            let mut cumulative = 0;
            for (le, n) in BUCKETS.iter().zip(a.within) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "mhsw_http_request_duration_seconds_bucket{{{l},le=\"{le}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "mhsw_http_request_duration_seconds_bucket{{{l},le=\"+Inf\"}} {}\nmhsw_http_request_duration_seconds_sum{{{l}}} {}\nmhsw_http_request_duration_seconds_count{{{l}}} {}",
                a.count, a.seconds, a.count
            );
        }
    }

    fn render_jobs(&self, out: &mut String) {
        let jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner()).clone();
        out.push_str("# HELP mhsw_job_runs_total Runs of background jobs, by job and outcome.\n# TYPE mhsw_job_runs_total counter\n");
        for (job, runs) in &jobs {
            for (outcome, n) in &runs.by_outcome {
                let _ = writeln!(
                    out,
                    "mhsw_job_runs_total{{job=\"{job}\",outcome=\"{outcome}\"}} {n}"
                );
            }
        }
        out.push_str("# HELP mhsw_job_last_success_time_seconds When each job last ran without error, in seconds since 1970.\n# TYPE mhsw_job_last_success_time_seconds gauge\n");
        for (job, runs) in &jobs {
            if let Some(at) = runs.last_ok_unix {
                let _ = writeln!(
                    out,
                    "mhsw_job_last_success_time_seconds{{job=\"{job}\"}} {at}"
                );
            }
        }
    }
}

fn unix_now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or_default()
}

/// Label pairs, with values escaped as the text format asks.
fn labels(route: &str, method: &str, status: Option<u16>) -> String {
    let escape = |v: &str| {
        v.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    };
    let mut l = format!("route=\"{}\",method=\"{}\"", escape(route), escape(method));
    if let Some(s) = status {
        let _ = write!(l, ",status=\"{s}\"");
    }
    l
}

/// The resident memory of this process, where the system says (Linux).
pub fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .strip_suffix("kB")?
        .trim()
        .parse::<u64>()
        .ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_counted_by_route_and_status_with_cumulative_buckets() {
        let m = Metrics::default();
        m.answered("/practitioners/{id}", "GET", 200, Duration::from_millis(3));
        m.answered("/practitioners/{id}", "GET", 200, Duration::from_millis(40));
        m.answered(
            "/practitioners/{id}",
            "GET",
            404,
            Duration::from_micros(500),
        );
        m.ran_at("reminders", Outcome::Ok, 1_800_000_000.0);
        m.ran_at("reminders", Outcome::Failed, 1_800_000_060.0);
        let text = m.render(
            PoolUse {
                open: 3,
                idle: 2,
                max: 8,
            },
            None,
        );
        let has = |line: &str| assert!(text.lines().any(|l| l == line), "{line}\n{text}");
        has(r#"mhsw_http_requests_total{route="/practitioners/{id}",method="GET",status="200"} 2"#);
        has(r#"mhsw_http_requests_total{route="/practitioners/{id}",method="GET",status="404"} 1"#);
        has(
            r#"mhsw_http_request_duration_seconds_bucket{route="/practitioners/{id}",method="GET",le="0.001"} 1"#,
        );
        has(
            r#"mhsw_http_request_duration_seconds_bucket{route="/practitioners/{id}",method="GET",le="0.005"} 2"#,
        );
        has(
            r#"mhsw_http_request_duration_seconds_bucket{route="/practitioners/{id}",method="GET",le="0.05"} 3"#,
        );
        has(
            r#"mhsw_http_request_duration_seconds_bucket{route="/practitioners/{id}",method="GET",le="+Inf"} 3"#,
        );
        has(
            r#"mhsw_http_request_duration_seconds_count{route="/practitioners/{id}",method="GET"} 3"#,
        );
        has(r#"mhsw_job_runs_total{job="reminders",outcome="ok"} 1"#);
        has(r#"mhsw_job_runs_total{job="reminders",outcome="failed"} 1"#);
        has(r#"mhsw_job_last_success_time_seconds{job="reminders"} 1800000000"#);
        has("mhsw_db_pool_connections_idle 2");
        has("mhsw_db_pool_connections_max 8");
        assert!(!text.contains("process_resident_memory_bytes"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(
            labels("a\"b\\c\nd", "GET", None),
            r#"route="a\"b\\c\nd",method="GET""#
        );
    }
}
