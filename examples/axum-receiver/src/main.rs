//! Runs the receiver: `VOUCHERIFY_WEBHOOK_SECRET=... cargo run -p voucherify-axum-receiver`
//! (address from `VOUCHERIFY_WEBHOOK_ADDR`, default 127.0.0.1:3000).

use voucherify_axum_receiver::{app, Config, PATH};
use voucherify_webhooks::Data;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let Ok(secret) = std::env::var("VOUCHERIFY_WEBHOOK_SECRET") else {
        eprintln!("set VOUCHERIFY_WEBHOOK_SECRET to the webhook secret from Project settings");
        std::process::exit(2);
    };
    let addr = std::env::var("VOUCHERIFY_WEBHOOK_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".into());
    let (router, mut deliveries) = app(Config::new(secret));
    tokio::spawn(async move {
        while let Some(webhook) = deliveries.recv().await {
            match &webhook.data {
                Data::Typed(event) => {
                    eprintln!("processing {} ({})", event.event_type(), webhook.id)
                }
                Data::Raw(raw) => eprintln!("dead-lettering {}: {}", webhook.id, raw.reason),
            }
        }
    });
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    eprintln!("listening on http://{}{PATH}", listener.local_addr()?);
    axum::serve(listener, router).await
}
