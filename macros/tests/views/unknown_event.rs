// An event type the schemas do not have.
use voucherify_webhooks::View;

#[derive(serde::Deserialize, View)]
#[view(event = "redemption.succeded", path = "/data/customer")]
struct RedeemingCustomer {
    id: Option<String>,
}

fn main() {}
