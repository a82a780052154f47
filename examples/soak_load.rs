//! Open-loop load for `scripts/soak`: GET requests sent on a fixed schedule (request i at
//! start + i / rate), spread over keep-alive connections, whatever the server's answers
//! take, so a slow answer shows as queueing delay rather than as fewer requests (no
//! coordinated omission). Latency is measured from when a request was due. Plain tokio
//! over TCP, HTTP/1.1, so nothing needs installing on a fresh machine.
//!
//!   cargo run --example soak_load -- --url http://127.0.0.1:8080 \
//!       --header "Cookie: mhsw_session=..." --paths /health,/supervision --rate 500 \
//!       --seconds 120 [--connections 32] [--max-p99-ms 1000]
//!
//! Each request asks for gzip, as a browser does. Prints one summary line each 10 s and a
//! last line: requests, errors (anything but 2xx, or a broken connection), the rate
//! achieved, and p50, p99 and the maximum latency; then how late this generator itself
//! sent the requests whose connection was free when they fell due, a delay that is inside
//! every latency above. The schedule is kept by a thread of its own sleeping until each
//! request is due (the kernel's timers, to within tens of microseconds), which hands it to
//! the request's connection: tokio's own timer wakes on a millisecond tick, and with it
//! the requests went out 1.1 to 1.4 ms late at the median. Exits 1 if any request failed,
//! or if the p99 is over `--max-p99-ms` (the server did not keep up with the rate).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::Mutex;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

struct Options {
    host: String,
    headers: String,
    max_p99_ms: f64,
    paths: Vec<String>,
    rate: f64,
    seconds: u64,
    connections: usize,
}

fn options() -> Options {
    let mut args = std::env::args().skip(1);
    let mut o = Options {
        host: String::new(),
        headers: String::new(),
        max_p99_ms: f64::INFINITY,
        paths: vec!["/health".into()],
        rate: 100.0,
        seconds: 60,
        connections: 32,
    };
    while let Some(a) = args.next() {
        let v = args.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--url" => o.host = v.trim_start_matches("http://").trim_end_matches('/').into(),
            "--header" => o.headers.push_str(&format!("{v}\r\n")),
            "--max-p99-ms" => o.max_p99_ms = v.parse().expect("--max-p99-ms: milliseconds"),
            "--paths" => o.paths = v.split(',').map(str::to_string).collect(),
            "--rate" => o.rate = v.parse().expect("--rate: requests per second"),
            "--seconds" => o.seconds = v.parse().expect("--seconds: a whole number"),
            "--connections" => o.connections = v.parse().expect("--connections: a number"),
            other => panic!("unknown option {other}"),
        }
    }
    assert!(!o.host.is_empty(), "--url is needed");
    o
}

#[derive(Default)]
struct Tally {
    latencies_us: Mutex<Vec<u64>>,
    /// For requests whose connection was free before they fell due: how long after it the
    /// connection took them from the schedule (the generator's own delay, not the server's).
    sent_late_us: Mutex<Vec<u64>>,
    errors: AtomicU64,
    done: AtomicU64,
}

/// Reads one answer: its status, then its body by Content-Length or chunks.
async fn answer(r: &mut BufReader<TcpStream>) -> std::io::Result<u16> {
    let mut line = String::new();
    r.read_line(&mut line).await?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP answer: {line:?}")))?;
    let (mut length, mut chunked) = (0usize, false);
    loop {
        line.clear();
        r.read_line(&mut line).await?;
        let l = line.trim_end().to_ascii_lowercase();
        if l.is_empty() {
            break;
        }
        if let Some(v) = l.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
        if l.starts_with("transfer-encoding:") && l.contains("chunked") {
            chunked = true;
        }
    }
    if !chunked {
        let mut body = vec![0; length];
        r.read_exact(&mut body).await?;
        return Ok(status);
    }
    loop {
        line.clear();
        r.read_line(&mut line).await?;
        let size = usize::from_str_radix(line.trim(), 16).map_err(std::io::Error::other)?;
        let mut chunk = vec![0; size + 2];
        r.read_exact(&mut chunk).await?;
        if size == 0 {
            return Ok(status);
        }
    }
}

/// Keeps the schedule: request `i` is due at start + i / rate, and goes to connection
/// i mod n when it falls due. Ends at `end`; dropping the senders then ends the connections
/// once they have sent what they were given.
fn schedule(rate: f64, start: Instant, end: Instant, connections: Vec<UnboundedSender<usize>>) {
    for i in 0.. {
        let due = start + Duration::from_secs_f64(i as f64 / rate);
        if due >= end {
            return;
        }
        let now = Instant::now();
        if due > now {
            std::thread::sleep(due - now);
        }
        if connections[i % connections.len()].send(i).is_err() {
            return;
        }
    }
}

/// One connection: sends each request it is given, in turn. A request given while the one
/// before is still waiting for its answer waits too, and that wait counts in its latency.
async fn connection(
    o: Arc<Options>,
    mut given: UnboundedReceiver<usize>,
    start: Instant,
    tally: Arc<Tally>,
) {
    let mut conn: Option<BufReader<TcpStream>> = None;
    let mut free_since = start;
    while let Some(i) = given.recv().await {
        let due = start + Duration::from_secs_f64(i as f64 / o.rate);
        if free_since < due {
            let late = due.elapsed().as_micros() as u64;
            tally.sent_late_us.lock().await.push(late);
        }
        let path = &o.paths[i % o.paths.len()];
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAccept-Encoding: gzip\r\n{}\r\n",
            o.host, o.headers
        );
        let result = async {
            if conn.is_none() {
                conn = Some(BufReader::new(TcpStream::connect(&o.host).await?));
            }
            let c = conn.as_mut().expect("connected above");
            c.get_mut().write_all(request.as_bytes()).await?;
            answer(c).await
        }
        .await;
        let ok = matches!(result, Ok(s) if (200..300).contains(&s));
        if !ok {
            tally.errors.fetch_add(1, Ordering::Relaxed);
            if tally.errors.load(Ordering::Relaxed) <= 5 {
                eprintln!("request {i} {path}: {result:?}");
            }
            conn = None;
        }
        let latency = due.elapsed().as_micros() as u64;
        tally.latencies_us.lock().await.push(latency);
        tally.done.fetch_add(1, Ordering::Relaxed);
        free_since = Instant::now();
    }
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at] as f64 / 1000.0
}

/// Prints the summary; the number of failed requests and the p99 in milliseconds.
async fn report(label: &str, tally: &Tally, since: Instant) -> (u64, f64) {
    let mut l = tally.latencies_us.lock().await.clone();
    l.sort_unstable();
    let mut late = tally.sent_late_us.lock().await.clone();
    late.sort_unstable();
    let errors = tally.errors.load(Ordering::Relaxed);
    println!(
        "{label}: {} requests, {errors} errors, {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; \
         sent after due (this generator's own delay, {} requests): p50 {:.2} ms, p99 {:.2} ms",
        l.len(),
        l.len() as f64 / since.elapsed().as_secs_f64(),
        percentile(&l, 0.5),
        percentile(&l, 0.99),
        percentile(&l, 1.0),
        late.len(),
        percentile(&late, 0.5),
        percentile(&late, 0.99),
    );
    (errors, percentile(&l, 0.99))
}

#[tokio::main]
async fn main() {
    let o = Arc::new(options());
    let tally = Arc::new(Tally::default());
    let start = Instant::now();
    let end = start + Duration::from_secs(o.seconds);
    let (senders, tasks): (Vec<_>, Vec<_>) = (0..o.connections)
        .map(|_| {
            let (sender, given) = unbounded_channel();
            let task = tokio::spawn(connection(o.clone(), given, start, tally.clone()));
            (sender, task)
        })
        .unzip();
    let rate = o.rate;
    let scheduler = std::thread::spawn(move || schedule(rate, start, end, senders));
    let progress = {
        let tally = tally.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(10));
            tick.tick().await;
            loop {
                tick.tick().await;
                report("so far", &tally, start).await;
            }
        })
    };
    for t in tasks {
        t.await.expect("a connection task panicked");
    }
    scheduler.join().expect("the schedule's thread panicked");
    progress.abort();
    let (errors, p99) = report("total", &tally, start).await;
    if p99 > o.max_p99_ms {
        println!(
            "the p99 is over {} ms: the server did not keep up",
            o.max_p99_ms
        );
    }
    std::process::exit(if errors == 0 && p99 <= o.max_p99_ms {
        0
    } else {
        1
    });
}
