//! Serving: the listener is bound before anything else happens (so a port in use is said
//! at once, with another to try), then the app, the reminders job and housekeeping run
//! until Ctrl+C or SIGTERM, and SQLite's write-ahead log is checkpointed on the way out.

use crate::config::Settings;
use crate::metrics::Outcome;
use crate::store::Db;
use crate::web::AppState;
use anyhow::Context;
use tokio::net::TcpListener;

/// Binds the address to serve on. A port in use is said at once, with the next one to try.
pub(super) async fn bind(address: &str) -> anyhow::Result<TcpListener> {
    match TcpListener::bind(address).await {
        Ok(l) => Ok(l),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            let next = address
                .rsplit_once(':')
                .and_then(|(host, port)| {
                    Some(format!(
                        "{host}:{}",
                        port.parse::<u16>().ok()?.checked_add(1)?
                    ))
                })
                .unwrap_or_else(|| "127.0.0.1:8081".into());
            anyhow::bail!(
                "cannot listen on {address}: another program (perhaps another mhsw) is using it. Stop it, or choose another address, for example --bind {next}"
            )
        }
        Err(e) => Err(e).with_context(|| format!("cannot listen on {address}")),
    }
}

/// Serves on a bound listener until Ctrl+C.
pub(super) async fn serve(
    listener: TcpListener,
    db: Db,
    s: Settings,
    clock: crate::clock::Clock,
) -> anyhow::Result<()> {
    let addr = listener.local_addr()?;
    println!("mhsw is serving at http://{addr}/ (press Ctrl+C to stop)");
    tracing::info!(address = %addr, database = %crate::config::redact_url(&s.database.url), "serving");
    let state = AppState::new(db, s).with_clock(clock);
    tokio::spawn(crate::service::reminders::job(
        state.db.clone(),
        state.settings.clone(),
        state.clock,
        state.metrics.clone(),
    ));
    tokio::spawn(housekeeping(
        state.db.clone(),
        state.settings.clone(),
        state.metrics.clone(),
    ));
    let db = state.db.clone();
    crate::serve(listener, state, asked_to_stop()).await?;
    tracing::info!("stopped: answers in flight were finished");
    db.checkpoint_and_close().await
}

/// Ctrl+C, or SIGTERM (what systemd, podman and Kubernetes send to stop a service): either
/// lets the answers in flight finish and SQLite's log be checkpointed before exiting.
async fn asked_to_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Every five minutes, clears expired sessions, throttle counters and known devices.
pub(super) async fn housekeeping(
    db: Db,
    settings: std::sync::Arc<Settings>,
    metrics: std::sync::Arc<crate::metrics::Metrics>,
) {
    let mut ticker = tokio::time::interval(std::time::Duration::from_secs(300));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        match crate::service::housekeeping::run(&db, &settings).await {
            Ok(_) => metrics.ran("housekeeping", Outcome::Ok),
            Err(e) => {
                metrics.ran("housekeeping", Outcome::Failed);
                tracing::error!(error = %e, "housekeeping failed");
            }
        }
    }
}
