// Paths that lead nowhere, or to no object.
use voucherify_webhooks::View;

#[derive(serde::Deserialize, View)]
#[view(event = "redemption.succeeded", path = "/data/custmer")]
struct Misspelt {
    id: Option<String>,
}

#[derive(serde::Deserialize, View)]
#[view(event = "redemption.succeeded", path = "/data/order/items")]
struct Items {
    sku_id: Option<String>,
}

#[derive(serde::Deserialize, View)]
#[view(event = "redemption.succeeded", path = "/customer")]
struct OutsideData {
    id: Option<String>,
}

fn main() {}
