//! The checks of a view that need no compiler: where its path leads in the digest, whether a
//! wire name exists, and whether a field may be absent or null. The derive turns each problem
//! into a compile error at the user's span; the type of a field is left to rustc.

use super::digest::{Def, Digest, Prop, Shape};

/// The object a view reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target<'d> {
    /// The object's name (its Rust type name).
    pub name: &'d str,
    pub props: &'d [Prop],
}

/// Finds the object at the JSON pointer `path` (from the envelope: `/data/...`) in the data
/// of `event_type`.
pub fn event_target<'d>(
    digest: &'d Digest,
    event_type: &str,
    path: &str,
) -> Result<Target<'d>, PathProblem> {
    let Some(data) = digest.event(event_type) else {
        let mut message = format!("no event `{event_type}` in the schemas");
        if let Some(near) = closest(event_type, digest.event_types()) {
            message.push_str(&format!("; did you mean `{near}`?"));
        }
        return Err(PathProblem::Event(message));
    };
    let rest = match path.strip_prefix("/data") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest,
        _ => {
            return Err(PathProblem::Path(format!(
                "a view's path is a JSON pointer into the webhook's `data`, so it starts with `/data`; found `{path}`"
            )))
        }
    };
    let mut shape = Shape::Named(data.to_string());
    let mut walked = String::from("/data");
    let segments = rest.split('/').skip(1).map(unescape);
    for segment in segments {
        shape = step(digest, &shape, &segment, &walked).map_err(PathProblem::Path)?;
        walked.push('/');
        walked.push_str(&escape(&segment));
    }
    object_at(digest, &shape).ok_or_else(|| {
        let what = describe(digest, &shape);
        let mut message = format!(
            "`{walked}` in `{event_type}` is {what}, not an object with properties: a view is a struct of an object's properties"
        );
        if let Some(item) = array_item_object(digest, &shape) {
            message.push_str(&format!(
                "; read one item with `{walked}/0`, or view `{item}` with `#[view(object = \"{item}\")]` and hold a Vec of it"
            ));
        }
        PathProblem::Path(message)
    })
}

/// Finds the object named `name`.
pub fn object_target<'d>(digest: &'d Digest, name: &str) -> Result<Target<'d>, String> {
    let shape = Shape::Named(name.to_string());
    if digest.get(name).is_none() {
        let mut message = format!("no object `{name}` in the schemas");
        if let Some(near) = closest(name, digest.object_names()) {
            message.push_str(&format!("; did you mean `{near}`?"));
        }
        return Err(message);
    }
    object_at(digest, &shape).ok_or_else(|| {
        format!(
            "`{name}` is {}, not an object with properties: a view is a struct of an object's properties",
            describe(digest, &shape)
        )
    })
}

/// Which attribute a path problem is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathProblem {
    Event(String),
    Path(String),
}

/// One segment further into `shape`; `walked` is the pointer so far, for the message.
fn step(digest: &Digest, shape: &Shape, segment: &str, walked: &str) -> Result<Shape, String> {
    match shape {
        Shape::Nullable(inner) => step(digest, inner, segment, walked),
        Shape::Array(item) => {
            if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
                Ok((**item).clone())
            } else {
                Err(format!(
                    "`{walked}` is {}: the next segment must be an index such as `0`, not `{segment}`",
                    describe(digest, shape)
                ))
            }
        }
        Shape::Map(value) => Ok((**value).clone()),
        Shape::Named(name) => match digest.get(name).map(|t| &t.def) {
            Some(Def::Object(props)) => match props.iter().find(|p| p.wire == segment) {
                Some(prop) => Ok(prop.shape.clone()),
                None => Err(unknown_property(name, props, segment, Some(walked))),
            },
            Some(Def::Newtype(inner)) => step(digest, inner, segment, walked),
            _ => Err(cannot_enter(digest, shape, walked)),
        },
        _ => Err(cannot_enter(digest, shape, walked)),
    }
}

fn cannot_enter(digest: &Digest, shape: &Shape, walked: &str) -> String {
    format!(
        "`{walked}` is {}: the schema lists nothing inside it for a path to reach",
        describe(digest, shape)
    )
}

/// The object a shape ends at, through `null` and newtypes.
fn object_at<'d>(digest: &'d Digest, shape: &Shape) -> Option<Target<'d>> {
    match shape {
        Shape::Nullable(inner) => object_at(digest, inner),
        Shape::Named(name) => {
            let t = digest.get(name)?;
            match &t.def {
                Def::Object(props) => Some(Target {
                    name: &t.name,
                    props,
                }),
                Def::Newtype(inner) => object_at(digest, inner),
                Def::Enum | Def::Union => None,
            }
        }
        _ => None,
    }
}

fn array_item_object<'d>(digest: &'d Digest, shape: &Shape) -> Option<&'d str> {
    match shape {
        Shape::Nullable(inner) => array_item_object(digest, inner),
        Shape::Array(item) => object_at(digest, item).map(|t| t.name),
        _ => None,
    }
}

/// "`emial` is not a property of SimpleCustomer; did you mean `email`?"
pub fn unknown_property(object: &str, props: &[Prop], wire: &str, at: Option<&str>) -> String {
    let place = at.map_or(String::new(), |at| format!(" (at `{at}`)"));
    let mut message = format!("`{wire}` is not a property of {object}{place}");
    if let Some(near) = closest(wire, props.iter().map(|p| p.wire.as_str())) {
        message.push_str(&format!("; did you mean `{near}`?"));
    } else if props.len() <= 12 {
        let names: Vec<String> = props.iter().map(|p| format!("`{}`", p.wire)).collect();
        message.push_str(&format!("; its properties: {}", names.join(", ")));
    } else {
        message.push_str(&format!(
            "; it has {} properties, none close to this name",
            props.len()
        ));
    }
    message
}

/// The schema's words for a shape: `string or null`, `array of SimpleCustomer`.
pub fn describe(digest: &Digest, shape: &Shape) -> String {
    match shape {
        Shape::String => "a string".into(),
        Shape::Integer => "an integer".into(),
        Shape::Number => "a number".into(),
        Shape::Boolean => "a boolean".into(),
        Shape::Any => "any JSON value".into(),
        Shape::FreeForm => "an object with any properties".into(),
        Shape::Array(item) => format!("an array of {}", bare(digest, item)),
        Shape::Map(value) => format!("a map of {}", bare(digest, value)),
        Shape::Nullable(inner) => format!("{} or null", describe(digest, inner)),
        Shape::Named(name) => match digest.get(name).map(|t| &t.def) {
            Some(Def::Object(_)) => format!("the object {name}"),
            Some(Def::Enum) => format!("the string enum {name}"),
            Some(Def::Union) => format!("the union {name}"),
            Some(Def::Newtype(inner)) => describe(digest, inner),
            None => format!("`{name}`"),
        },
    }
}

/// `describe` without the article, inside "array of" and "map of".
fn bare(digest: &Digest, shape: &Shape) -> String {
    let text = describe(digest, shape);
    for article in ["a ", "an ", "the "] {
        if let Some(rest) = text.strip_prefix(article) {
            return rest.to_string();
        }
    }
    text
}

/// How a user's field can take a property's absence and `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holds {
    /// The type is written `Option<...>`.
    pub option: bool,
    /// The type is `serde_json::Value` (or `Value`), which holds `null`.
    pub value: bool,
    /// `#[serde(default)]` on the field or the struct.
    pub default: bool,
}

/// Why a field cannot take what the schema allows, if it cannot: "`id` may be absent in
/// SimpleCustomer (not required): use Option<String>, or #[serde(default)]". `ty` is the
/// field's type as written.
pub fn presence(object: &str, prop: &Prop, holds: Holds, ty: &str) -> Option<String> {
    if holds.option {
        return None;
    }
    let absent = !prop.required && !holds.default;
    let null = matches!(prop.shape, Shape::Nullable(_)) && !holds.value;
    let wire = &prop.wire;
    match (absent, null) {
        (false, false) => None,
        (true, false) => Some(format!(
            "`{wire}` may be absent in {object} (not required): use Option<{ty}>, or #[serde(default)]"
        )),
        (false, true) => Some(format!(
            "`{wire}` may be null in {object} (nullable): use Option<{ty}>"
        )),
        (true, true) => Some(format!(
            "`{wire}` may be absent or null in {object} (not required, nullable): use Option<{ty}>"
        )),
    }
}

/// serde's `rename_all` rule applied to a field's name (snake_case, as Rust fields are).
pub fn rename_all(rule: &str, field: &str) -> Result<String, String> {
    let capitalized = |word: &str| {
        let mut chars = word.chars();
        chars.next().map_or(String::new(), |c| {
            c.to_ascii_uppercase().to_string() + chars.as_str()
        })
    };
    Ok(match rule {
        "lowercase" | "snake_case" => field.to_string(),
        "UPPERCASE" | "SCREAMING_SNAKE_CASE" => field.to_ascii_uppercase(),
        "kebab-case" => field.replace('_', "-"),
        "SCREAMING-KEBAB-CASE" => field.to_ascii_uppercase().replace('_', "-"),
        "PascalCase" => field.split('_').map(capitalized).collect(),
        "camelCase" => {
            let pascal: String = field.split('_').map(capitalized).collect();
            let mut chars = pascal.chars();
            chars.next().map_or(String::new(), |c| {
                c.to_ascii_lowercase().to_string() + chars.as_str()
            })
        }
        other => {
            return Err(format!(
                "unknown rename_all rule `{other}`; serde knows lowercase, UPPERCASE, PascalCase, camelCase, snake_case, SCREAMING_SNAKE_CASE, kebab-case and SCREAMING-KEBAB-CASE"
            ))
        }
    })
}

/// The candidate nearest to `word` within a small edit distance (a third of its length, at
/// least one), or one that differs only in case and separators; the first of equals wins.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        // The same words in another case or with other separators (`campaignId`,
        // `campaign_id`) are the nearest of all.
        let d = if words(candidate) == words(word) {
            0
        } else {
            // Swapping two neighbours counts as one edit (`emial` is one from `email`).
            strsim::osa_distance(word, candidate)
        };
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

fn words(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | '.'))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A JSON pointer segment's text (`~1` is `/`, `~0` is `~`).
fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIGEST: &str = "\
digest 1
root ::voucherify_webhooks
o RedemptionSucceeded redemption
p o ?@SimpleCustomer customer
p o ?@SimpleOrder order
p o string created_at
o SimpleCustomer -
p o string id
p o ?string name
p o ?string email
p o ?string source_id
p o object metadata
p o @SimpleCustomerObject object
e SimpleCustomerObject -
o SimpleOrder -
p r integer amount
p o [@OrderItem] items
p o {@OrderItem} by_sku
p o @Discount discount
o OrderItem -
p r string sku
u Discount -
n PromotionTierCreated campaign @SimpleOrder
v redemption.succeeded RedemptionSucceeded
v promotion_tier.created PromotionTierCreated
";

    fn digest() -> Digest {
        Digest::parse(DIGEST).unwrap()
    }

    fn target(event: &str, path: &str) -> Result<String, PathProblem> {
        let d = digest();
        event_target(&d, event, path).map(|t| t.name.to_string())
    }

    #[test]
    fn paths_lead_through_objects_nulls_arrays_maps_and_newtypes() {
        let ok = |event, path| target(event, path).unwrap();
        assert_eq!(ok("redemption.succeeded", "/data"), "RedemptionSucceeded");
        assert_eq!(
            ok("redemption.succeeded", "/data/customer"),
            "SimpleCustomer"
        );
        assert_eq!(
            ok("redemption.succeeded", "/data/order/items/0"),
            "OrderItem"
        );
        assert_eq!(
            ok("redemption.succeeded", "/data/order/by_sku/a~1b"),
            "OrderItem"
        );
        assert_eq!(ok("promotion_tier.created", "/data"), "SimpleOrder");
        assert_eq!(ok("promotion_tier.created", "/data/items/3"), "OrderItem");
    }

    #[test]
    fn bad_events_and_paths_say_why() {
        let path = |event, path| match target(event, path) {
            Err(PathProblem::Path(m)) => m,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            target("redemption.succeded", "/data"),
            Err(PathProblem::Event(
                "no event `redemption.succeded` in the schemas; did you mean `redemption.succeeded`?".into()
            ))
        );
        assert_eq!(
            path("redemption.succeeded", "/customer"),
            "a view's path is a JSON pointer into the webhook's `data`, so it starts with `/data`; found `/customer`"
        );
        assert_eq!(
            path("redemption.succeeded", "/data/custmer"),
            "`custmer` is not a property of RedemptionSucceeded (at `/data`); did you mean `customer`?"
        );
        assert_eq!(
            path("redemption.succeeded", "/data/created_at"),
            "`/data/created_at` in `redemption.succeeded` is a string, not an object with properties: a view is a struct of an object's properties"
        );
        assert_eq!(
            path("redemption.succeeded", "/data/order/items"),
            "`/data/order/items` in `redemption.succeeded` is an array of object OrderItem, not an object with properties: a view is a struct of an object's properties; read one item with `/data/order/items/0`, or view `OrderItem` with `#[view(object = \"OrderItem\")]` and hold a Vec of it"
        );
        assert_eq!(
            path("redemption.succeeded", "/data/order/items/first"),
            "`/data/order/items` is an array of object OrderItem: the next segment must be an index such as `0`, not `first`"
        );
        assert_eq!(
            path("redemption.succeeded", "/data/order/discount/type"),
            "`/data/order/discount` is the union Discount: the schema lists nothing inside it for a path to reach"
        );
        assert_eq!(
            path("redemption.succeeded", "/data/customer/metadata/x"),
            "`/data/customer/metadata` is an object with any properties: the schema lists nothing inside it for a path to reach"
        );
    }

    #[test]
    fn objects_by_name() {
        let d = digest();
        assert_eq!(
            object_target(&d, "SimpleOrder").unwrap().name,
            "SimpleOrder"
        );
        assert_eq!(
            object_target(&d, "PromotionTierCreated").unwrap().name,
            "SimpleOrder"
        );
        assert_eq!(
            object_target(&d, "SimpleCustomr").unwrap_err(),
            "no object `SimpleCustomr` in the schemas; did you mean `SimpleCustomer`?"
        );
        assert_eq!(
            object_target(&d, "Discount").unwrap_err(),
            "`Discount` is the union Discount, not an object with properties: a view is a struct of an object's properties"
        );
    }

    #[test]
    fn unknown_properties_suggest_or_list() {
        let d = digest();
        let customer = object_target(&d, "SimpleCustomer").unwrap();
        assert_eq!(
            unknown_property(customer.name, customer.props, "emial", None),
            "`emial` is not a property of SimpleCustomer; did you mean `email`?"
        );
        assert_eq!(
            unknown_property(customer.name, customer.props, "phone_number", None),
            "`phone_number` is not a property of SimpleCustomer; its properties: `id`, `name`, `email`, `source_id`, `metadata`, `object`"
        );
    }

    #[test]
    fn absence_and_null_need_an_option() {
        let d = digest();
        let customer = object_target(&d, "SimpleCustomer").unwrap();
        let prop = |wire: &str| customer.props.iter().find(|p| p.wire == wire).unwrap();
        let plain = Holds {
            option: false,
            value: false,
            default: false,
        };
        assert_eq!(
            presence("SimpleCustomer", prop("id"), plain, "String").unwrap(),
            "`id` may be absent in SimpleCustomer (not required): use Option<String>, or #[serde(default)]"
        );
        assert_eq!(
            presence(
                "SimpleCustomer",
                prop("id"),
                Holds {
                    default: true,
                    ..plain
                },
                "String"
            ),
            None
        );
        assert_eq!(
            presence("SimpleCustomer", prop("email"), plain, "String").unwrap(),
            "`email` may be absent or null in SimpleCustomer (not required, nullable): use Option<String>"
        );
        assert_eq!(
            presence(
                "SimpleCustomer",
                prop("email"),
                Holds {
                    default: true,
                    ..plain
                },
                "String"
            )
            .unwrap(),
            "`email` may be null in SimpleCustomer (nullable): use Option<String>"
        );
        let held = Holds {
            value: true,
            default: true,
            ..plain
        };
        assert_eq!(
            presence("SimpleCustomer", prop("email"), held, "Value"),
            None
        );
        let option = Holds {
            option: true,
            ..plain
        };
        assert_eq!(
            presence("SimpleCustomer", prop("email"), option, "String"),
            None
        );
        let order = object_target(&d, "SimpleOrder").unwrap();
        assert_eq!(presence("SimpleOrder", &order.props[0], plain, "i64"), None);
    }

    #[test]
    fn rename_all_follows_serde() {
        let cases = [
            ("lowercase", "source_id"),
            ("UPPERCASE", "SOURCE_ID"),
            ("PascalCase", "SourceId"),
            ("camelCase", "sourceId"),
            ("snake_case", "source_id"),
            ("SCREAMING_SNAKE_CASE", "SOURCE_ID"),
            ("kebab-case", "source-id"),
            ("SCREAMING-KEBAB-CASE", "SOURCE-ID"),
        ];
        for (rule, expected) in cases {
            assert_eq!(rename_all(rule, "source_id").unwrap(), expected, "{rule}");
        }
        assert!(rename_all("Title Case", "a").is_err());
    }

    #[test]
    fn near_names() {
        let names = ["customer", "order", "created_at"];
        assert_eq!(closest("custmer", names.into_iter()), Some("customer"));
        assert_eq!(closest("Order", names.into_iter()), Some("order"));
        assert_eq!(
            closest("campaignId", ["campaign", "campaign_id"].into_iter()),
            Some("campaign_id")
        );
        assert_eq!(closest("voucher", names.into_iter()), None);
        // A swap of two neighbours is one edit.
        assert_eq!(
            closest("emial", ["email", "mail"].into_iter()),
            Some("email")
        );
    }
}
