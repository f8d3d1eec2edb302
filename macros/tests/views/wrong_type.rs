// Types that cannot hold what the schema allows: rustc reports each at the field's type.
use voucherify_webhooks::View;

#[derive(serde::Deserialize, View)]
#[view(event = "redemption.succeeded", path = "/data/order")]
struct PaidOrder {
    // An integer in a string.
    amount: Option<String>,
    // An integer the schema does not bound, in a narrower unsigned type.
    total_amount: Option<u32>,
    // An array of objects, as strings.
    items: Option<Vec<String>>,
    // A view of another object.
    metadata: Option<Customer>,
}

#[derive(serde::Deserialize, View)]
#[view(object = "SimpleCustomer")]
struct Customer {
    id: Option<String>,
}

fn main() {}
