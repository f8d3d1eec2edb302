// `voucherify-webhooks` with only the `customer` family: the view of a redemption event fails
// and names the feature; the views beside it (another family that is on, an object every
// family shares) compile.
use voucherify_webhooks::View;

#[derive(serde::Deserialize, View)]
#[view(event = "redemption.succeeded")]
struct Redeemed {
    created_at: Option<String>,
}

#[derive(serde::Deserialize, View)]
#[view(event = "customer.created")]
struct NewCustomer {
    customer: Option<serde_json::Value>,
}

#[derive(serde::Deserialize, View)]
#[view(event = "redemption.succeeded", path = "/data/customer")]
struct RedeemingCustomer {
    id: Option<String>,
}

fn main() {}
