// Properties that may be absent or null, held in plain types.
use voucherify_webhooks::View;

#[derive(serde::Deserialize, View)]
#[view(event = "redemption.succeeded", path = "/data/customer")]
struct RedeemingCustomer {
    id: String,
    email: String,
    #[serde(default)]
    name: String,
}

fn main() {}
