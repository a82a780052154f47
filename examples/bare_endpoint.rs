//! The baseline for `scripts/bench`: the same runtime and web framework as mhsw, serving a
//! fixed body of N bytes with no middleware, templates or database. Comparing mhsw's pages
//! with this in one run gives a ratio that survives a noisy shared machine.
//!
//! Usage: cargo run --release --example bare_endpoint -- BYTES ADDR

use axum::Router;
use axum::routing::get;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let bytes: usize = args.next().and_then(|b| b.parse().ok()).expect("BYTES");
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:0".into());
    let body: &'static str = Box::leak("x".repeat(bytes).into_boxed_str());
    let app = Router::new().route("/", get(move || async move { axum::response::Html(body) }));
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    println!(
        "bare endpoint serving {bytes} bytes at http://{}/",
        listener.local_addr().unwrap()
    );
    axum::serve(listener, app).await.unwrap();
}
