// A misspelt property: the derive names the object and the nearest property it has.
use voucherify_webhooks::View;

#[derive(serde::Deserialize, View)]
#[view(event = "redemption.succeeded", path = "/data/customer")]
struct RedeemingCustomer {
    id: Option<String>,
    emial: Option<String>,
    #[serde(rename = "phone_number")]
    phone: Option<String>,
}

fn main() {}
