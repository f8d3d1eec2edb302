// Every problem of a view is reported in one compile, each at its own field: a name that
// `rename_all` makes and the schema lacks, a property that may be null in a plain type, and a
// type that cannot hold the schema's string.
use voucherify_webhooks::View;

#[derive(serde::Deserialize, View)]
#[view(event = "voucher.published", path = "/data/voucher")]
#[serde(rename_all = "camelCase")]
struct PublishedVoucher {
    code: i64,
    campaign_id: Option<String>,
    #[serde(rename = "active")]
    is_active: bool,
}

fn main() {}
