//! The baseline for `scripts/bench`: the same runtime and web framework as mhsw, serving a
//! fixed body of N bytes with no middleware, templates or database. Comparing mhsw's pages
//! with this in one run gives a ratio that survives a noisy shared machine. Any GET path
//! answers the body; any POST answers `303 See Other`, as a stored form does.
//!
//! Usage: cargo run --release --example bare_endpoint -- BYTES ADDR

use axum::Router;
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let bytes: usize = args.next().and_then(|b| b.parse().ok()).expect("BYTES");
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:0".into());
    let body: &'static str = Box::leak("x".repeat(bytes).into_boxed_str());
    let app = Router::new().fallback(move |method: Method| async move {
        let res: Response = if method == Method::POST {
            Redirect::to("/done").into_response()
        } else {
            axum::response::Html(body).into_response()
        };
        res
    });
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    println!(
        "bare endpoint serving {bytes} bytes at http://{}/",
        listener.local_addr().unwrap()
    );
    axum::serve(listener, app).await.unwrap();
}
