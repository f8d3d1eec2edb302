//! Runs the receiver: `VOUCHERIFY_WEBHOOK_SECRET=... cargo run -p voucherify-axum-receiver`.
//!
//! Address from `VOUCHERIFY_WEBHOOK_ADDR` (default 127.0.0.1:3000); the inbox is the SQLite file
//! `VOUCHERIFY_INBOX_PATH` (default `voucherify-inbox.sqlite3`), or the database `DATABASE_URL`
//! names (`postgres://...`, for several instances). See [`Config::from_env`] for the rest.

use std::process::ExitCode;

use voucherify_axum_receiver::{app, worker, Config, Inbox, PATH};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("voucherify-axum-receiver: {e}");
            ExitCode::from(2)
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    // The setup is checked before anything is opened: a receiver with an empty secret must not
    // even start.
    let config = Config::from_env()?;
    let addr = std::env::var("VOUCHERIFY_WEBHOOK_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".into());
    let inbox = Inbox::open(&config.database_url)
        .await
        .map_err(|e| format!("cannot open the inbox: {e}"))?;
    let router = app(&config, inbox.clone())?;
    tokio::spawn(worker::run(inbox, config.worker.clone()));
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    eprintln!("listening on http://{}{PATH}", listener.local_addr()?);
    axum::serve(listener, router).await?;
    Ok(())
}
