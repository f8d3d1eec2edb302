//! Test payloads on demand: a value built from a JSON Schema, the same for the same seed.
//!
//! Required properties are always present; optional ones, `null` where it is allowed, and the
//! member of an `anyOf` are chosen by the seed, so a few seeds cover the shapes a receiver has to
//! cope with. Strings look like what Voucherify sends: ids with their prefixes, date-times,
//! dates.

use serde_json::{json, Map, Value};

/// How deep objects nest before the generator stops adding optional properties (a deep
/// optional chain makes unreadable samples).
const OPTIONAL_DEPTH: usize = 6;

/// How many schemas (references and `anyOf` members included) may be entered one inside
/// another, and how many values one sample may have. Inside a recursion (a definition reached
/// again from itself: a category and its parent) the generator closes every edge it may close:
/// no optional properties, `null` where allowed, empty arrays. A schema whose required,
/// non-null properties recurse has no finite instance: its sample ends with `null` at these
/// bounds (and is then not valid, as no value is), instead of never ending or overflowing.
const MAX_NESTING: usize = 128;
const MAX_VALUES: usize = 20_000;

/// A small deterministic generator (SplitMix64): samples must be reproducible from `--seed`
/// on every machine, and no dependency is needed for that.
struct Seed(u64);

impl Seed {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self) -> bool {
        self.next() & 1 == 1
    }

    fn id(&mut self, prefix: &str) -> String {
        format!("{prefix}{:016x}", self.next())
    }
}

/// A value valid against `schema` (a JSON Schema document whose references point into its own
/// `$defs`).
pub fn value(schema: &Value, seed: u64) -> Value {
    let mut generator = Generator {
        root: schema,
        seed: Seed(seed),
        nesting: 0,
        values: 0,
        open: Vec::new(),
        recursing: false,
    };
    generator.value(schema, "", 0)
}

/// A sample webhook whose properties serialise in the order Voucherify sends them (`type`
/// before `data`), which a `serde_json::Value` would sort away.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SampleWebhook {
    pub id: String,
    pub project_id: String,
    pub created_at: String,
    pub r#type: String,
    pub data: Value,
    pub source: Value,
    pub event: Value,
}

impl SampleWebhook {
    /// The JSON text, as a receiver would get it.
    pub fn to_vec(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// The same webhook as a JSON value.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// A whole webhook for `event_type` of the given channel, with `data` built from `data_schema`.
pub fn webhook(
    event_type: &str,
    distribution: bool,
    data_schema: &Value,
    seed: u64,
) -> SampleWebhook {
    // The envelope's ids come from the seed *and* the event (type and channel): a receiver
    // deduplicates on `id`, so two different events sent at the same seed must not share one.
    let mut s = Seed(seed ^ 0x5eed ^ event_key(event_type, distribution));
    let created_at = timestamp(&mut s);
    let (source, r#type) = if distribution {
        (
            json!({"id": s.id("distr_"), "object": "distribution", "target_url": "https://receiver.example.com/voucherify"}),
            "Sample distribution".to_string(),
        )
    } else {
        (
            json!({"id": s.id("wh_"), "object": "webhook", "target_url": "https://receiver.example.com/voucherify"}),
            event_type.to_string(),
        )
    };
    let channels = ["API", "USER_PORTAL", "CLIENT_API", "INTERNAL"];
    let mut event_source = json!({"channel": channels[s.below(channels.len())]});
    if s.chance() {
        event_source["user"] = json!({"id": s.id("user_")});
    }
    let prefix = format!(
        "ev{}_",
        event_type
            .split('.')
            .next()
            .unwrap_or("")
            .chars()
            .take(3)
            .collect::<String>()
    );
    SampleWebhook {
        id: s.id("whs_"),
        project_id: s.id("proj_"),
        created_at: created_at.clone(),
        r#type,
        data: value(data_schema, seed),
        source,
        event: json!({
            "id": s.id(&prefix),
            "type": event_type,
            "created_at": created_at,
            "group_id": s.id("v-"),
            "event_source": event_source,
        }),
    }
}

/// A stable 64-bit key of an event (FNV-1a): the same on every machine and every Rust release,
/// which `std`'s `DefaultHasher` does not promise.
fn event_key(event_type: &str, distribution: bool) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in event_type.bytes().chain([u8::from(distribution)]) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

struct Generator<'a> {
    root: &'a Value,
    seed: Seed,
    /// Schemas entered and not yet left.
    nesting: usize,
    /// Values begun so far.
    values: usize,
    /// The definitions being generated, outermost first.
    open: Vec<&'a str>,
    /// Whether the value being generated is inside a definition that is also around it.
    recursing: bool,
}

impl<'a> Generator<'a> {
    /// `name` is the property the value is for: it picks plausible ids and texts; `depth`
    /// counts the objects and arrays around the value.
    fn value(&mut self, schema: &Value, name: &str, depth: usize) -> Value {
        if self.nesting >= MAX_NESTING || self.values >= MAX_VALUES {
            return Value::Null;
        }
        self.nesting += 1;
        self.values += 1;
        let value = self.value_within_bounds(schema, name, depth);
        self.nesting -= 1;
        value
    }

    fn value_within_bounds(&mut self, schema: &Value, name: &str, depth: usize) -> Value {
        let closing = self.recursing;
        let Some(schema) = schema.as_object() else {
            return Value::Null;
        };
        if let Some(pointer) = schema.get("$ref").and_then(Value::as_str) {
            let Some((def, target)) = self.resolve(pointer) else {
                return Value::Null;
            };
            let was_recursing = self.recursing;
            self.recursing |= self.open.contains(&def);
            self.open.push(def);
            let value = self.value(target, name, depth);
            self.open.pop();
            self.recursing = was_recursing;
            return value;
        }
        for keyword in ["anyOf", "oneOf"] {
            if let Some(members) = schema.get(keyword).and_then(Value::as_array) {
                // Prefer a member that is not `null`: a sample full of nulls shows little.
                let non_null: Vec<&Value> = members
                    .iter()
                    .filter(|m| m.get("type") != Some(&json!("null")))
                    .collect();
                let pick_null =
                    non_null.len() < members.len() && (closing || self.seed.below(4) == 0);
                if pick_null || non_null.is_empty() {
                    return Value::Null;
                }
                let member = non_null[self.seed.below(non_null.len())];
                return self.value(member, name, depth);
            }
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let non_null: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
            return match non_null.is_empty() || (closing && non_null.len() < values.len()) {
                true => Value::Null,
                false => non_null[self.seed.below(non_null.len())].clone(),
            };
        }
        let ty = match schema.get("type") {
            Some(Value::String(t)) => t.as_str(),
            Some(Value::Array(types)) => {
                let types: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
                let non_null: Vec<&str> = types.iter().copied().filter(|t| *t != "null").collect();
                let may_be_null = non_null.len() < types.len();
                if non_null.is_empty() || (may_be_null && (closing || self.seed.below(4) == 0)) {
                    return Value::Null;
                }
                non_null[self.seed.below(non_null.len())]
            }
            _ => return json!({"sample": true}),
        };
        match ty {
            "object" => self.object(schema, name, depth),
            "array" => {
                let items = schema.get("items").cloned().unwrap_or(Value::Bool(true));
                // The schemas set no `minItems`: an empty array is valid, and ends a recursion.
                let n = if closing { 0 } else { 1 + self.seed.below(2) };
                let item_name = name.strip_suffix('s').unwrap_or(name).to_string();
                Value::Array(
                    (0..n)
                        .map(|_| self.value(&items, &item_name, depth + 1))
                        .collect(),
                )
            }
            "string" => {
                Value::String(self.string(schema.get("format").and_then(Value::as_str), name))
            }
            "integer" => json!(self.seed.below(100) * 100),
            "number" => json!(self.seed.below(1000)),
            "boolean" => Value::Bool(self.seed.chance()),
            _ => Value::Null,
        }
    }

    fn object(&mut self, schema: &Map<String, Value>, name: &str, depth: usize) -> Value {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut out = Map::new();
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (key, property) in properties {
                // Constants (`object: "voucher"`, a union's tag) are always sent: they are what
                // tells a reader, and a `oneOf`, which shape this is.
                let wanted = required.contains(&key.as_str())
                    || is_constant(self.root, property)
                    || (depth < OPTIONAL_DEPTH && !self.recursing && self.seed.chance());
                if wanted {
                    let id_hint = if key == "id" { name } else { key.as_str() };
                    let value = self.value(property, id_hint, depth + 1);
                    out.insert(key.clone(), value);
                }
            }
        } else if let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object()) {
            out.insert(
                "sample_key".into(),
                self.value(values, "sample_key", depth + 1),
            );
        } else if name == "metadata" {
            out.insert("source".into(), json!("voucherify-webhooks sample"));
        }
        Value::Object(out)
    }

    fn string(&mut self, format: Option<&str>, name: &str) -> String {
        match format {
            Some("date-time") => return timestamp(&mut self.seed),
            Some("date") => {
                return format!(
                    "2024-{:02}-{:02}",
                    1 + self.seed.below(12),
                    1 + self.seed.below(28)
                )
            }
            // RFC 3339 `full-time`, which JSON Schema's `time` format asks for, has an offset.
            Some("time") => {
                return format!("{:02}:{:02}:00Z", self.seed.below(24), self.seed.below(60))
            }
            _ => {}
        }
        // Times without a declared format still look like Voucherify's.
        if name.ends_with("_at") || name.ends_with("_date") {
            return timestamp(&mut self.seed);
        }
        // Ids carry the prefix Voucherify gives each kind of object.
        let prefix = match name {
            "customer" | "customer_id" | "holder" | "holder_id" | "referrer" | "referrer_id" => {
                "cust_"
            }
            "voucher" | "voucher_id" => "v_",
            "campaign" | "campaign_id" => "camp_",
            "order" | "order_id" => "ord_",
            "redemption" | "redemption_id" | "parent_redemption" => "r_",
            "promotion_tier" | "promotion_tier_id" => "promo_",
            "product" | "product_id" => "prod_",
            "sku" | "sku_id" => "sku_",
            "segment" | "segment_id" => "seg_",
            "publication" | "publication_id" => "pub_",
            "distribution" | "distribution_id" => "distr_",
            "rule" | "validation_rule" | "validation_rule_id" => "val_",
            "category" | "category_id" => "cat_",
            "earning_rule" | "earning_rule_id" => "ern_",
            "reward" | "reward_id" => "rew_",
            "tier" | "tier_id" | "loyalty_tier" => "ltr_",
            "" => "sample_",
            _ => {
                let words = ["alpha", "bravo", "cedar", "delta", "ember", "fjord"];
                return format!("{name}-{}", words[self.seed.below(words.len())]);
            }
        };
        self.seed.id(prefix)
    }

    /// The definition a `$ref` points to, with its name.
    fn resolve(&self, pointer: &str) -> Option<(&'a str, &'a Value)> {
        let root: &'a Value = self.root;
        let (name, target) = root
            .get("$defs")?
            .as_object()?
            .get_key_value(pointer.strip_prefix("#/$defs/")?)?;
        Some((name.as_str(), target))
    }
}

/// A property whose schema allows exactly one value.
fn is_constant(root: &Value, property: &Value) -> bool {
    let property = match property.get("$ref").and_then(Value::as_str) {
        Some(target) => match target
            .strip_prefix("#/$defs/")
            .and_then(|n| root.get("$defs")?.get(n))
        {
            Some(target) => target,
            None => return false,
        },
        None => property,
    };
    property
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values.iter().filter(|v| !v.is_null()).count() == 1)
}

fn timestamp(seed: &mut Seed) -> String {
    format!(
        "2024-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        1 + seed.below(12),
        1 + seed.below(28),
        seed.below(24),
        seed.below(60),
        seed.below(60),
        seed.below(1000)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Value {
        json!({
            "$defs": {
                "Customer": {
                    "type": "object",
                    "required": ["id", "object"],
                    "properties": {
                        "id": {"type": "string"},
                        "email": {"type": ["string", "null"]},
                        "object": {"type": "string", "enum": ["customer"]},
                        "metadata": {"type": "object"},
                        "points": {"type": "integer"}
                    }
                }
            },
            "type": "object",
            "required": ["customer", "created_at", "tags"],
            "properties": {
                "customer": {"$ref": "#/$defs/Customer"},
                "created_at": {"type": "string", "format": "date-time"},
                "tags": {"type": "array", "items": {"type": "string", "enum": ["A", "B"]}},
                "balance": {"type": "object", "additionalProperties": {"type": "integer"}},
                "discount": {"anyOf": [{"$ref": "#/$defs/Customer"}, {"type": "null"}]}
            }
        })
    }

    #[test]
    fn the_same_seed_gives_the_same_sample() {
        assert_eq!(value(&schema(), 7), value(&schema(), 7));
        let differ = (0..8).any(|seed| value(&schema(), seed) != value(&schema(), 7));
        assert!(differ, "seeds change the sample");
    }

    #[test]
    fn required_properties_are_always_there_with_their_shapes() {
        for seed in 0..32 {
            let v = value(&schema(), seed);
            assert!(
                v["customer"]["id"]
                    .as_str()
                    .is_some_and(|id| id.starts_with("cust_")),
                "{v}"
            );
            assert_eq!(v["customer"]["object"], "customer");
            assert!(
                v["created_at"]
                    .as_str()
                    .is_some_and(|t| t.len() == 24 && t.ends_with('Z')),
                "{v}"
            );
            assert!(v["tags"].as_array().is_some_and(|t| !t.is_empty()), "{v}");
        }
    }

    #[test]
    fn optional_properties_and_nulls_come_and_go_with_the_seed() {
        let samples: Vec<Value> = (0..64).map(|seed| value(&schema(), seed)).collect();
        assert!(samples.iter().any(|v| v.get("balance").is_some()));
        assert!(samples.iter().any(|v| v.get("balance").is_none()));
        assert!(samples
            .iter()
            .any(|v| v.get("discount") == Some(&Value::Null)));
        assert!(samples
            .iter()
            .any(|v| v.get("discount").is_some_and(Value::is_object)));
    }

    /// A category tree: recursion through a nullable parent, an array of children and an
    /// optional sibling, the edges a sample can close.
    fn recursive_schema() -> Value {
        json!({
            "$defs": {
                "Category": {
                    "type": "object",
                    "required": ["id", "parent", "children"],
                    "properties": {
                        "id": {"type": "string"},
                        "parent": {"anyOf": [{"$ref": "#/$defs/Category"}, {"type": "null"}]},
                        "children": {"type": "array", "items": {"$ref": "#/$defs/Category"}},
                        "next": {"$ref": "#/$defs/Category"},
                        "first": {"type": ["object", "null"], "required": ["category"], "properties": {"category": {"$ref": "#/$defs/Category"}}}
                    }
                }
            },
            "$ref": "#/$defs/Category"
        })
    }

    /// Whether `v` is a Category as `recursive_schema` describes it, and how deep it nests.
    fn category_depth(v: &Value) -> Option<usize> {
        let object = v.as_object()?;
        object.get("id")?.as_str()?;
        let mut deepest = 0;
        let parent = object.get("parent")?;
        if !parent.is_null() {
            deepest = deepest.max(category_depth(parent)?);
        }
        for child in object.get("children")?.as_array()? {
            deepest = deepest.max(category_depth(child)?);
        }
        if let Some(next) = object.get("next") {
            deepest = deepest.max(category_depth(next)?);
        }
        if let Some(first) = object.get("first").filter(|f| !f.is_null()) {
            deepest = deepest.max(category_depth(first.get("category")?)?);
        }
        Some(deepest + 1)
    }

    #[test]
    fn a_recursive_schema_ends_at_its_optional_and_nullable_edges() {
        let mut deepest = 0;
        for seed in 0..16 {
            let v = value(&recursive_schema(), seed);
            let depth = category_depth(&v).unwrap_or_else(|| panic!("seed {seed}: invalid {v}"));
            // The category, and the categories it names, which name no more.
            assert!(depth <= 2, "seed {seed}: {depth} levels: {v}");
            deepest = deepest.max(depth);
        }
        assert_eq!(deepest, 2, "the sample shows one level of the recursion");
    }

    #[test]
    fn a_schema_without_a_finite_value_still_gives_a_sample() {
        // Required and not nullable all the way down (a reference to itself, a list, a binary
        // tree): no finite value is valid, so the sample ends in `null` at the bounds.
        let schema = json!({
            "$defs": {
                "Itself": {"$ref": "#/$defs/Itself"},
                "Chain": {"type": "object", "required": ["next"], "properties": {"next": {"$ref": "#/$defs/Chain"}}},
                "Tree": {"type": "object", "required": ["left", "right"], "properties": {
                    "left": {"$ref": "#/$defs/Tree"}, "right": {"$ref": "#/$defs/Tree"}
                }},
                "Either": {"anyOf": [{"$ref": "#/$defs/Either"}, {"$ref": "#/$defs/Chain"}]}
            },
            "type": "object",
            "required": ["itself", "chain", "tree", "either"],
            "properties": {
                "itself": {"$ref": "#/$defs/Itself"},
                "chain": {"$ref": "#/$defs/Chain"},
                "tree": {"$ref": "#/$defs/Tree"},
                "either": {"$ref": "#/$defs/Either"}
            }
        });
        let v = value(&schema, 3);
        assert_eq!(v["itself"], Value::Null);
        let mut chain = &v["chain"];
        let mut links = 0;
        while let Some(next) = chain.get("next") {
            chain = next;
            links += 1;
        }
        assert!(links > 16 && links < MAX_NESTING, "{links}");
        assert!(v["tree"]["left"]["left"].is_object(), "{}", v["tree"]);
        assert!(v.get("either").is_some());
    }

    #[test]
    fn webhooks_of_both_channels() {
        let project = webhook("voucher.published", false, &schema(), 1).to_value();
        assert_eq!(project["type"], "voucher.published");
        assert_eq!(project["source"]["object"], "webhook");
        assert!(project["id"]
            .as_str()
            .is_some_and(|id| id.starts_with("whs_")));
        let distribution = webhook("customer.order.paid", true, &schema(), 1).to_value();
        assert_eq!(distribution["source"]["object"], "distribution");
        assert_eq!(distribution["event"]["type"], "customer.order.paid");
        assert_ne!(distribution["type"], "customer.order.paid");
        // Wire order: `type` comes before `data`.
        let text =
            String::from_utf8(webhook("voucher.published", false, &schema(), 1).to_vec()).unwrap();
        let at = |key: &str| {
            text.find(key)
                .unwrap_or_else(|| panic!("no {key} in {text}"))
        };
        assert!(at("\"type\"") < at("\"data\""), "{text}");
    }

    #[test]
    fn envelope_ids_differ_per_event_and_seed_and_repeat() {
        let id = |event_type: &str, distribution: bool, seed: u64| {
            let sample = webhook(event_type, distribution, &schema(), seed);
            (sample.id, sample.event["id"].clone())
        };
        // A deduplicating receiver must take each of these as a new webhook.
        assert_ne!(
            id("voucher.published", false, 0),
            id("voucher.updated", false, 0)
        );
        assert_ne!(
            id("voucher.published", false, 0).0,
            id("voucher.updated", false, 0).0
        );
        assert_ne!(
            id("customer.order.paid", false, 0).0,
            id("customer.order.paid", true, 0).0
        );
        assert_ne!(
            id("voucher.published", false, 0).0,
            id("voucher.published", false, 1).0
        );
        // And the same event at the same seed is the same webhook, on every run.
        assert_eq!(
            id("voucher.published", false, 7),
            id("voucher.published", false, 7)
        );
    }
}
