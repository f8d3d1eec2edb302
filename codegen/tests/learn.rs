//! `voucherify-codegen learn`: for each way a payload can disagree with the schemas, the
//! smallest override; an undocumented event type; idempotence; the docs' 72 examples
//! against the docs imported with no overrides at all; and, after `learn --write`, `import` and
//! `generate`, the project's drifting fixtures as typed Rust events (a compiled crate).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use voucherify_codegen::emit::json_schema;
use voucherify_codegen::import::{self, convert, overrides, prune, sources::Sources};
use voucherify_codegen::learn::{self, Payload};
use voucherify_codegen::schema::{self, SchemaSet, Type};

const CUSTOMER: &str = "\
name: Customer
type: object
required: [id, email]
properties:
  id:
    type: string
  email:
    type: string
  status:
    name: CustomerStatus
    type: string
    enum: [ACTIVE, INACTIVE]
  created_at:
    type: string
    format: date-time
  points:
    type: integer
";

const GIFT: &str = "\
name: Gift
type: object
additionalProperties: false
properties:
  amount:
    type: integer
";

const EVENT: &str = "\
event: customer.created
channel: project_settings
docs: https://docs.voucherify.io/reference/events-customer-created
data:
  name: CustomerCreated
  type: object
  required: [customer]
  properties:
    customer:
      $ref: Customer
    gift:
      $ref: Gift
";

/// A small schema set written to `dir`: the repository's envelope, one event, two objects.
fn small_set(dir: &Path) -> SchemaSet {
    fs::create_dir_all(dir.join("events")).unwrap();
    fs::create_dir_all(dir.join("objects")).unwrap();
    fs::copy(
        common::schemas().join("envelope.yaml"),
        dir.join("envelope.yaml"),
    )
    .unwrap();
    let objects = common::schemas().join("objects");
    fs::copy(
        objects.join("EventSource.yaml"),
        dir.join("objects/EventSource.yaml"),
    )
    .unwrap();
    fs::write(dir.join("objects/Customer.yaml"), CUSTOMER).unwrap();
    fs::write(dir.join("objects/Gift.yaml"), GIFT).unwrap();
    fs::write(dir.join("events/customer.created.yaml"), EVENT).unwrap();
    schema::load(dir).unwrap_or_else(|e| panic!("{e}"))
}

fn data(label: &str, value: Value) -> Payload {
    Payload::from_bytes(
        label,
        value.to_string().as_bytes(),
        Some("customer.created"),
    )
}

/// The entries learnt from one payload of `customer.created` data; they are checked to make
/// it conform.
fn learn_one(test: &str, value: Value) -> Vec<overrides::Override> {
    learn_all(test, vec![data("p.json", value)])
}

/// The entries learnt from `payloads`, checked to apply cleanly (nothing stale or redundant)
/// and to make every payload conform.
fn learn_all(test: &str, payloads: Vec<Payload>) -> Vec<overrides::Override> {
    let set = small_set(&common::scratch(test));
    let learned = learn::learn(&set, &[], &payloads);
    assert!(learned.unlearnable.is_empty(), "{:?}", learned.unlearnable);
    let mut converted = convert::Converted {
        envelope: set.envelope.clone(),
        events: set.events.clone(),
        objects: set.objects.clone(),
        diagnostics: Vec::new(),
    };
    let applied = overrides::apply(&learned.proposed, Path::new("learned.yaml"), &mut converted)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(applied.diagnostics.is_empty(), "{:?}", applied.diagnostics);
    let after = schema_set(converted);
    let again = learn::learn(&after, &learned.proposed, &payloads);
    assert_eq!(again.conforming, payloads.len(), "{:?}", again.proposed);
    assert!(invalid(&after, &payloads).is_empty());
    learned.proposed
}

#[test]
fn a_new_value_and_another_type_at_one_place_make_one_entry_that_applies() {
    let proposed = learn_all(
        "enum-and-type",
        vec![
            data(
                "a.json",
                json!({"customer": {"id": "c", "email": "e", "status": "BLOCKED"}}),
            ),
            data(
                "b.json",
                json!({"customer": {"id": "c", "email": "e", "status": 3}}),
            ),
        ],
    );
    assert_eq!(
        proposed,
        vec![overrides::Override {
            add_enum: Some(vec![json!("BLOCKED")]),
            also_type: Some(Type::Integer),
            ..entry(
                "CustomerStatus",
                "a.json: /customer/status is \"BLOCKED\"; b.json: /customer/status is 3"
            )
        }]
    );
}

#[test]
fn a_list_where_the_docs_describe_one_element_makes_the_reference_an_array() {
    let proposed = learn_one(
        "array",
        json!({"customer": [{"id": "c", "email": "e"}, {"id": "d", "email": null}]}),
    );
    assert_eq!(
        proposed,
        vec![
            overrides::Override {
                nullable: Some(true),
                ..entry(
                    "Customer/properties/email",
                    "p.json: /customer/1/email is null"
                )
            },
            overrides::Override {
                ty: Some(Type::Array),
                ..entry(
                    "CustomerCreated/properties/customer",
                    "p.json: /customer is a list"
                )
            },
        ]
    );
}

fn entry(at: &str, evidence: &str) -> overrides::Override {
    overrides::Override {
        at: at.into(),
        evidence: evidence.into(),
        ..Default::default()
    }
}

#[test]
fn a_missing_property_is_made_optional_where_it_is_missing() {
    let proposed = learn_one("missing", json!({"customer": {"id": "c"}}));
    assert_eq!(
        proposed,
        vec![overrides::Override {
            optional: Some(vec!["email".into()]),
            ..entry("Customer", "p.json: /customer has no `email`")
        }]
    );
}

#[test]
fn null_makes_the_property_nullable_and_a_null_reference_stays_on_the_referring_property() {
    let proposed = learn_one(
        "null",
        json!({"customer": {"id": "c", "email": null}, "gift": null}),
    );
    assert_eq!(
        proposed,
        vec![
            overrides::Override {
                nullable: Some(true),
                ..entry(
                    "Customer/properties/email",
                    "p.json: /customer/email is null"
                )
            },
            overrides::Override {
                nullable: Some(true),
                ..entry("CustomerCreated/properties/gift", "p.json: /gift is null")
            },
        ]
    );
}

#[test]
fn a_new_enum_value_is_added_to_the_enum() {
    let proposed = learn_one(
        "enum",
        json!({"customer": {"id": "c", "email": "e", "status": "BLOCKED"}}),
    );
    assert_eq!(
        proposed,
        vec![overrides::Override {
            add_enum: Some(vec![json!("BLOCKED")]),
            ..entry("CustomerStatus", "p.json: /customer/status is \"BLOCKED\"")
        }]
    );
}

#[test]
fn a_value_of_another_type_is_an_also_type() {
    let proposed = learn_one(
        "type",
        json!({"customer": {"id": "c", "email": "e", "points": "7"}}),
    );
    assert_eq!(
        proposed,
        vec![overrides::Override {
            also_type: Some(Type::String),
            ..entry(
                "Customer/properties/points",
                "p.json: /customer/points is \"7\""
            )
        }]
    );
}

#[test]
fn an_undocumented_property_of_a_closed_object_allows_additional_properties() {
    let proposed = learn_one(
        "closed",
        json!({"customer": {"id": "c", "email": "e"}, "gift": {"amount": 1, "note": "x"}}),
    );
    assert_eq!(
        proposed,
        vec![overrides::Override {
            allow_additional: Some(true),
            ..entry(
                "Gift",
                "p.json: /gift has `note`, which the docs do not list"
            )
        }]
    );
}

#[test]
fn a_string_off_its_format_drops_the_format() {
    let proposed = learn_one(
        "format",
        json!({"customer": {"id": "c", "email": "e", "created_at": "yesterday"}}),
    );
    assert_eq!(
        proposed,
        vec![overrides::Override {
            drop_format: Some(true),
            ..entry(
                "Customer/properties/created_at",
                "p.json: /customer/created_at is \"yesterday\", not a date-time"
            )
        }]
    );
}

#[test]
fn a_conforming_payload_proposes_nothing_and_one_place_lists_every_payload_that_needs_it() {
    let set = small_set(&common::scratch("many"));
    let payloads = [
        data(
            "ok.json",
            json!({"customer": {"id": "c", "email": "e", "created_at": "2024-01-01T11:11:11.111Z"}}),
        ),
        data("a.json", json!({"customer": {"id": "c", "email": null}})),
        data("b.json", json!({"customer": {"email": null}})),
    ];
    let learned = learn::learn(&set, &[], &payloads);
    assert_eq!((learned.conforming, learned.violating), (1, 2));
    assert_eq!(
        learned.proposed,
        vec![
            overrides::Override {
                optional: Some(vec!["id".into()]),
                ..entry("Customer", "b.json: /customer has no `id`")
            },
            overrides::Override {
                nullable: Some(true),
                ..entry(
                    "Customer/properties/email",
                    "a.json: /customer/email is null; b.json: /customer/email is null"
                )
            },
        ]
    );
}

#[test]
fn payloads_no_override_can_fix_are_listed_with_the_reason() {
    let set = small_set(&common::scratch("unlearnable"));
    let legacy = json!({"id": "evcus_1", "object": "event", "webhook_id": null, "type": "points_earned", "data": {}});
    let payloads = [
        Payload::from_bytes("broken.json", b"{\"id\": ", None),
        Payload::from_bytes("legacy.json", legacy.to_string().as_bytes(), None),
        Payload::from_bytes("bare.json", b"{\"customer\": {}}", None),
    ];
    let learned = learn::learn(&set, &[], &payloads);
    assert!(learned.proposed.is_empty());
    let reasons: Vec<String> = learned
        .unlearnable
        .iter()
        .map(|(label, reason)| format!("{label}: {reason}"))
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert_eq!(
        reasons[0],
        "broken.json: not JSON: line 1 column 7: EOF while parsing a value"
    );
    assert!(reasons[1].contains("legacy v2018-08-01"), "{reasons:?}");
    assert!(reasons[2].contains("--event TYPE"), "{reasons:?}");
}

fn webhook(id: &str, data: Value) -> Payload {
    let body = json!({
        "id": id,
        "project_id": "proj_1",
        "created_at": "2024-01-01T11:11:11.111Z",
        "type": "customer.mood.changed",
        "data": data,
        "source": {"object": "webhook", "id": "wh_1"},
        "event": {
            "id": "evt_1",
            "type": "customer.mood.changed",
            "created_at": "2024-01-01T11:11:11.111Z",
            "group_id": "v-1",
            "event_source": {"channel": "API"},
        },
    });
    Payload::from_bytes(format!("{id}.json"), body.to_string().as_bytes(), None)
}

#[test]
fn an_undocumented_event_type_gets_an_inferred_schema_that_loads_and_fits_its_payloads() {
    let dir = common::scratch("inferred");
    let set = small_set(&dir);
    let payloads = [
        webhook("w1", json!({"mood": "happy", "score": 1, "note": null})),
        webhook(
            "w2",
            json!({"mood": "sad", "score": 2.5, "note": "x", "tags": ["a"]}),
        ),
    ];
    let learned = learn::learn(&set, &[], &payloads);
    assert!(learned.proposed.is_empty(), "{:?}", learned.proposed);
    assert_eq!(learned.inferred.len(), 1);
    let inferred = &learned.inferred[0];
    assert_eq!(inferred.event.event, "customer.mood.changed");
    let data = &inferred.event.data;
    assert_eq!(data.name.as_deref(), Some("CustomerMoodChanged"));
    assert_eq!(data.required, vec!["mood", "note", "score"]);
    assert_eq!(data.properties["score"].ty, Some(Type::Number));
    assert!(data.properties["note"].nullable);
    assert!(!data.properties["mood"].nullable);
    let text = learn::inferred_file(inferred).unwrap();
    assert!(text.starts_with(learn::infer::INFERRED_HEADER), "{text}");
    fs::write(dir.join("events/customer.mood.changed.yaml"), text).unwrap();
    let set = schema::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let again = learn::learn(&set, &[], &payloads);
    assert!(again.is_empty() && again.conforming == 2, "{again:?}");
}

const FILE: &str = "\
# The header says what the file is.
overrides:
  # Why Customer needs this.
  - at: Customer
    optional: [\"id\"]
    evidence: \"old.json: /customer has no `id`\"
  - at: Gift
    allow_additional: true
    evidence: \"old.json: /gift has `x`\"
# The end.
";

#[test]
fn write_merges_into_the_file_keeping_comments_and_order_and_a_second_run_changes_nothing() {
    let set = small_set(&common::scratch("write"));
    let path = Path::new("overrides.yaml");
    let existing = overrides::parse(path, FILE).unwrap();
    let payloads = [data(
        "new.json",
        json!({"customer": {"email": null, "status": "GONE"}}),
    )];
    let learned = learn::learn(&set, &existing, &payloads);
    let text = prune::edit_text(path, FILE, &existing, &learned.merged).unwrap();
    assert_eq!(
        text,
        "\
# The header says what the file is.
overrides:
  # Why Customer needs this.
  - at: Customer
    optional: [\"id\"]
    evidence: \"old.json: /customer has no `id`\"
  - at: Customer/properties/email
    nullable: true
    evidence: \"new.json: /customer/email is null\"
  - at: CustomerStatus
    add_enum: [\"GONE\"]
    evidence: \"new.json: /customer/status is \\\"GONE\\\"\"
  - at: Gift
    allow_additional: true
    evidence: \"old.json: /gift has `x`\"
# The end.
"
    );
    // Run again on the written file (before any import): nothing new.
    let written = overrides::parse(path, &text).unwrap();
    let again = learn::learn(&set, &written, &payloads);
    assert!(
        again.is_empty(),
        "{:?}",
        again.changed().collect::<Vec<_>>()
    );
    assert_eq!(
        prune::edit_text(path, &text, &written, &again.merged).unwrap(),
        text
    );
}

#[test]
fn an_existing_entry_at_the_same_place_gains_the_new_operation_and_evidence() {
    let set = small_set(&common::scratch("extend"));
    let path = Path::new("overrides.yaml");
    let existing = overrides::parse(path, FILE).unwrap();
    let payloads = [data("new.json", json!({"customer": {"id": "c"}}))];
    let learned = learn::learn(&set, &existing, &payloads);
    let text = prune::edit_text(path, FILE, &existing, &learned.merged).unwrap();
    assert!(
        text.contains("  # Why Customer needs this.\n  - at: Customer\n    optional: [\"id\", \"email\"]\n    evidence: \"old.json: /customer has no `id`; new.json: /customer has no `email`\"\n"),
        "{text}"
    );
}

// --- The docs' examples, against the docs imported with no overrides ---

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap_or_else(|e| panic!("the emitted schema does not compile: {e}"))
}

/// The file names of the examples, each with its event type (from INDEX.tsv).
fn examples(shared: &Path) -> Vec<(String, String)> {
    let index = fs::read_to_string(shared.join("payloads/INDEX.tsv")).unwrap();
    index
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let file = cols.first()?.strip_prefix("docs-examples/")?;
            Some((file.to_string(), cols.get(4)?.to_string()))
        })
        .collect()
}

/// The examples of `shared` as payloads of their events, labelled as the evidence of
/// `schemas/overrides.yaml` is (`docs-examples/<file>`).
fn example_payloads(shared: &Path) -> Vec<Payload> {
    examples(shared)
        .iter()
        .map(|(file, event)| {
            let bytes = fs::read(shared.join("payloads/docs-examples").join(file)).unwrap();
            Payload::from_bytes(format!("docs-examples/{file}"), &bytes, Some(event))
        })
        .collect()
}

/// The examples that are not valid for `set`, by the emitted JSON Schemas (a check
/// independent of the one `learn` does).
fn invalid(set: &SchemaSet, payloads: &[Payload]) -> Vec<String> {
    payloads
        .iter()
        .filter(|p| {
            let event = set
                .events
                .iter()
                .find(|e| Some(&e.event) == p.event.as_ref());
            let value = p.json.as_ref().unwrap();
            !event.is_some_and(|e| validator(&json_schema::data_schema(set, e)).is_valid(value))
        })
        .map(|p| p.label.clone())
        .collect()
}

fn schema_set(converted: convert::Converted) -> SchemaSet {
    SchemaSet {
        envelope: converted.envelope,
        events: converted.events,
        objects: converted.objects,
    }
}

#[test]
#[cfg_attr(
    shared_absent,
    ignore = "needs ../shared (Voucherify's docs and payloads)"
)]
fn the_learned_entries_make_every_docs_example_conform_and_come_close_to_the_reviewed_ones() {
    let (shared, docs) = (common::shared_dir(), common::docs_dir());
    let files: Vec<PathBuf> = common::DOCS.iter().map(|d| docs.join(d)).collect();
    let dir = common::scratch("docs");
    let empty = dir.join("empty-overrides.yaml");
    fs::write(&empty, "overrides:\n").unwrap();
    let bare = dir.join("bare");
    import::import(&files, &empty, &bare).unwrap_or_else(|e| panic!("{e}"));
    let set = schema::load(&bare).unwrap_or_else(|e| panic!("{e}"));
    let payloads = example_payloads(&shared);
    assert_eq!(payloads.len(), 72, "the docs have 72 examples");
    let before = invalid(&set, &payloads);
    assert!(
        !before.is_empty(),
        "without overrides some example must be invalid"
    );

    let learned = learn::learn(&set, &[], &payloads);
    assert!(learned.unlearnable.is_empty(), "{:?}", learned.unlearnable);
    assert!(learned.inferred.is_empty());
    assert_eq!(learned.conforming + learned.violating, 72);
    let text = prune::edit_text(&empty, "overrides:\n", &[], &learned.merged).unwrap();
    fs::write(&empty, &text).unwrap();

    // Import again with the learned entries: every example is valid, and no entry is stale
    // or redundant.
    let learned_dir = dir.join("learned");
    let summary = import::import(&files, &empty, &learned_dir).unwrap_or_else(|e| panic!("{e}"));
    let override_notes: Vec<String> = summary
        .diagnostics
        .iter()
        .filter(|d| {
            matches!(
                d.kind,
                import::Kind::StaleOverride | import::Kind::RedundantOverride
            )
        })
        .map(|d| d.to_string())
        .collect();
    assert!(override_notes.is_empty(), "{override_notes:#?}");
    let after = schema::load(&learned_dir).unwrap_or_else(|e| panic!("{e}"));
    let still = invalid(&after, &payloads);
    assert!(
        still.is_empty(),
        "still invalid after learning:\n{}",
        still.join("\n")
    );
    // A second run learns nothing more.
    let written = overrides::read(&empty).unwrap();
    let again = learn::learn(&after, &written, &payloads);
    assert!(
        again.is_empty() && again.conforming == 72,
        "{:?}",
        again.changed().collect::<Vec<_>>()
    );

    // How close to the reviewed file: places (`at`) in both, only learnt, only reviewed.
    let reviewed = overrides::read(&common::schemas().join("overrides.yaml")).unwrap();
    let mut reviewed_at: Vec<&str> = reviewed.iter().map(|e| e.at.as_str()).collect();
    reviewed_at.dedup();
    let learned_at: Vec<&str> = learned.proposed.iter().map(|e| e.at.as_str()).collect();
    let same: Vec<&&str> = learned_at
        .iter()
        .filter(|a| reviewed_at.contains(a))
        .collect();
    let extra: Vec<&&str> = learned_at
        .iter()
        .filter(|a| !reviewed_at.contains(a))
        .collect();
    let missing: Vec<&&str> = reviewed_at
        .iter()
        .filter(|a| !learned_at.contains(a))
        .collect();
    let same_operations = same
        .iter()
        .filter(|at| operations(&reviewed, at) == operations(&learned.proposed, at))
        .count();
    let differ: Vec<String> = same
        .iter()
        .filter(|at| operations(&reviewed, at) != operations(&learned.proposed, at))
        .map(|at| {
            format!(
                "{at}: reviewed {:?}, learned {:?}",
                operations(&reviewed, at),
                operations(&learned.proposed, at)
            )
        })
        .collect();
    eprintln!(
        "learned {} places, reviewed {}: {} the same ({same_operations} with the same operations), {} only learned, {} only reviewed\nonly learned: {extra:?}\nonly reviewed: {missing:?}\nother operations: {differ:#?}",
        learned_at.len(),
        reviewed_at.len(),
        same.len(),
        extra.len(),
        missing.len()
    );
    // The reviewed file was written from these examples: learning finds most of its places.
    assert!(
        same.len() * 10 >= reviewed_at.len() * 9,
        "fewer than 90% of the reviewed places"
    );
    let _ = fs::remove_dir_all(&dir);
}

/// The operations of the entries at `at`, one word each, sorted.
fn operations(entries: &[overrides::Override], at: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in entries.iter().filter(|e| e.at == at) {
        if e.nullable.is_some() {
            out.push("nullable".to_string());
        }
        for p in e.optional.iter().flatten() {
            out.push(format!("optional {p}"));
        }
        if let Some(t) = e.ty {
            out.push(format!("type {t:?}"));
        }
        if let Some(t) = e.also_type {
            out.push(format!("also_type {t:?}"));
        }
        for v in e.add_enum.iter().flatten() {
            out.push(format!("add_enum {v}"));
        }
        if e.allow_additional.is_some() {
            out.push("allow_additional".to_string());
        }
        if e.drop_format.is_some() {
            out.push("drop_format".to_string());
        }
    }
    out.sort();
    out
}

#[test]
#[cfg_attr(
    shared_absent,
    ignore = "needs ../shared (Voucherify's docs and payloads)"
)]
fn learned_entries_keep_conforming_what_conformed_before() {
    // With the reviewed overrides, every docs example conforms: learning proposes nothing,
    // and a learned entry for a made-up payload leaves them all valid.
    let (shared, docs) = (common::shared_dir(), common::docs_dir());
    let files: Vec<PathBuf> = common::DOCS.iter().map(|d| docs.join(d)).collect();
    let reviewed_path = common::schemas().join("overrides.yaml");
    let reviewed = overrides::read(&reviewed_path).unwrap();
    let set = schema::load(&common::schemas()).unwrap();
    let payloads = example_payloads(&shared);
    let learned = learn::learn(&set, &reviewed, &payloads);
    assert!(
        learned.is_empty() && learned.conforming == 72,
        "{:?}",
        learned.changed().collect::<Vec<_>>()
    );

    // A redemption whose customer has a new `object` value and a null `name`.
    let mut made_up: Value = serde_json::from_slice(
        &fs::read(shared.join("payloads/docs-examples/redemption.succeeded__1.json")).unwrap(),
    )
    .unwrap();
    made_up["customer"]["name"] = Value::Null;
    made_up["redemption"]["status"] = json!("PENDING_REVIEW");
    let new = Payload::from_bytes(
        "mine/r.json",
        made_up.to_string().as_bytes(),
        Some("redemption.succeeded"),
    );
    let learned = learn::learn(&set, &reviewed, std::slice::from_ref(&new));
    assert!(!learned.is_empty());
    let text = fs::read_to_string(&reviewed_path).unwrap();
    let text = prune::edit_text(&reviewed_path, &text, &reviewed, &learned.merged).unwrap();
    let dir = common::scratch("keep");
    let path = dir.join("overrides.yaml");
    fs::write(&path, text).unwrap();
    let sources = Sources::read(&files).unwrap();
    let mut converted = convert::convert(&sources).unwrap();
    let entries = overrides::read(&path).unwrap();
    let applied = overrides::apply(&entries, &path, &mut converted).unwrap();
    assert!(applied.diagnostics.is_empty(), "{:?}", applied.diagnostics);
    let after = schema_set(converted);
    let mut all = payloads.clone();
    all.push(new);
    let still = invalid(&after, &all);
    assert!(still.is_empty(), "{still:?}");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
#[cfg_attr(
    docs_absent,
    ignore = "needs ../shared/voucherify (Voucherify's OpenAPI documents)"
)]
fn after_write_the_import_keeps_the_inferred_event_and_generate_takes_it() {
    let docs = common::docs_dir();
    let files: Vec<PathBuf> = common::DOCS.iter().map(|d| docs.join(d)).collect();
    let dir = common::scratch("write-import");
    let schemas = dir.join("schemas");
    let overrides_file = dir.join("overrides.yaml");
    fs::copy(common::schemas().join("overrides.yaml"), &overrides_file).unwrap();
    import::import(&files, &overrides_file, &schemas).unwrap_or_else(|e| panic!("{e}"));
    let set = schema::load(&schemas).unwrap();
    let payloads = [
        webhook("w1", json!({"mood": "happy", "score": 1})),
        webhook("w2", json!({"mood": null, "score": 2})),
    ];
    let learned = learn::learn(&set, &[], &payloads);
    assert_eq!(learned.inferred.len(), 1);
    let inferred = schemas.join("events/customer.mood.changed.yaml");
    fs::write(
        &inferred,
        learn::inferred_file(&learned.inferred[0]).unwrap(),
    )
    .unwrap();
    // A file the importer wrote for an event the docs no longer define still goes.
    let stray = schemas.join("events/customer.gone.yaml");
    fs::copy(schemas.join("events/customer.created.yaml"), &stray).unwrap();

    import::import(&files, &overrides_file, &schemas).unwrap_or_else(|e| panic!("{e}"));
    assert!(inferred.is_file(), "the import removed the inferred event");
    assert!(!stray.exists(), "the import kept a stale event file");
    let set = schema::load(&schemas).unwrap_or_else(|e| panic!("{e}"));
    let again = learn::learn(&set, &[], &payloads);
    assert!(again.is_empty() && again.conforming == 2, "{again:?}");
    let generation = voucherify_codegen::generate(
        &schemas,
        &dir.join("generated"),
        voucherify_codegen::write::Mode::Write,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(generation.types.missing.len() > 1);
    let events = fs::read_to_string(dir.join("generated/src/types/events.rs")).unwrap();
    assert!(
        events.contains("customer.mood.changed"),
        "no inferred event in the generated types"
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn the_command_prints_the_entries_and_write_edits_the_file() {
    let dir = common::scratch("command");
    let schemas = dir.join("schemas");
    small_set(&schemas);
    fs::write(schemas.join("overrides.yaml"), FILE).unwrap();
    let payloads = dir.join("payloads");
    fs::create_dir_all(&payloads).unwrap();
    fs::write(
        payloads.join("a.json"),
        json!({"customer": {"id": "c", "email": null}}).to_string(),
    )
    .unwrap();
    fs::write(payloads.join("b.json"), "not json").unwrap();
    let run = |write: bool| {
        let args = [
            "learn",
            "--payloads",
            "payloads",
            "--event",
            "customer.created",
        ];
        let write: &[&str] = if write { &["--write"] } else { &[] };
        codegen_command(&dir, &[&args[..], write].concat())
    };
    let printed = run(false);
    assert!(
        printed.contains("  - at: Customer/properties/email\n    nullable: true\n    evidence: \"payloads/a.json: /customer/email is null\"\n"),
        "{printed}"
    );
    assert!(
        printed.contains(
            "2 payloads: 0 conform, 1 need overrides (1 places, 1 entries new or extended)"
        ),
        "{printed}"
    );
    assert!(
        printed.contains("cannot learn from payloads/b.json: not JSON: line 1 column 2"),
        "{printed}"
    );
    assert_eq!(
        fs::read_to_string(schemas.join("overrides.yaml")).unwrap(),
        FILE,
        "written without --write"
    );
    let written = run(true);
    assert!(
        written.contains("wrote 1 entries to schemas/overrides.yaml"),
        "{written}"
    );
    assert!(
        written.contains("import") && written.contains("generate"),
        "{written}"
    );
    let text = fs::read_to_string(schemas.join("overrides.yaml")).unwrap();
    assert!(
        text.starts_with("# The header says what the file is.\n") && text.ends_with("# The end.\n"),
        "{text}"
    );
    assert!(
        text.contains("  - at: Customer/properties/email\n"),
        "{text}"
    );
    // The schemas were not imported again, and a second write changes nothing.
    run(true);
    assert_eq!(
        fs::read_to_string(schemas.join("overrides.yaml")).unwrap(),
        text
    );
    let _ = fs::remove_dir_all(&dir);
}

// --- After `learn --write`, `import` and `generate`: the payloads as typed Rust events ---

/// The program the regenerated crate is checked with: one line per webhook file, `typed
/// <event type> <round-trips|changes>`, `raw <reason>` or `error <message>`.
const CHECKER: &str = r#"
use voucherify_webhooks::{serde_json, Data, Webhook};

fn main() {
    for path in std::env::args().skip(1) {
        let body = std::fs::read(&path).expect("a payload file");
        let outcome = match Webhook::from_slice(&body) {
            Err(e) => format!("error {e}"),
            Ok(webhook) => match &webhook.data {
                Data::Raw(raw) => format!("raw {}", raw.reason),
                Data::Typed(event) => {
                    let sent: serde_json::Value = serde_json::from_slice(&body).unwrap();
                    let again = serde_json::to_value(&webhook).unwrap();
                    let trip = if again == sent { "round-trips" } else { "changes" };
                    format!("typed {} {trip}", event.event_type())
                }
            },
        };
        println!("{path}\t{outcome}");
    }
}
"#;

/// Runs the `voucherify-codegen` binary in `dir`, and fails the test when it fails.
fn codegen_command(dir: &Path, args: &[&str]) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_voucherify-codegen"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The last condition of learning: after `learn --write`, `import` and `generate`, the learned
/// payloads parse as their Rust events and round-trip, and the ones that parsed before still do.
///
/// The project's own fixtures (`tests/fixtures/payloads`) drift from the shipped schemas: an
/// amount sent as a string, a distribution's data without its documented properties, an event
/// type the docs do not define (and three files nothing can be learnt from). The typed parse is
/// code of its own (the derives), so a check through the JSON Schemas would not prove it; this
/// test compiles what `generate` wrote, as a copy of the `voucherify-webhooks` crate, and runs
/// a small program that parses each fixture with `Webhook::from_slice` and writes it back.
/// Nothing is hard-coded: which payloads must parse comes from `learn` itself (every payload it
/// could learn from), and the test first checks that they did not all conform before.
///
/// Cost: the crate compiles with every family (as the workspace's own `voucherify-webhooks`);
/// the whole test took 18 s with its dependencies built, on the shared 2-core machine. It
/// shares the target folder, lockfile and dependency features of `tests/tests/own_schemas_copy.rs`,
/// so the runtime (with `contract`) and `jsonschema` are built once for both tests. Without
/// the `learn --write` step the three drifting fixtures come out `raw`, and the test fails
/// naming them.
#[test]
#[cfg_attr(
    docs_absent,
    ignore = "needs ../shared/voucherify (Voucherify's OpenAPI documents)"
)]
fn after_learn_write_import_and_generate_the_payloads_parse_as_typed_events_and_round_trip() {
    let root = common::workspace();
    let docs = common::docs_dir();
    let dir = common::scratch("typed");
    let schemas = dir.join("schemas");
    common::copy_dir(&common::schemas(), &schemas);
    let fixtures = dir.join("payloads");
    common::copy_dir(&root.join("tests/fixtures/payloads"), &fixtures);

    // Before: the fixtures need entries and an inferred event, so the check below can fail.
    let set = schema::load(&schemas).unwrap_or_else(|e| panic!("{e}"));
    let existing = overrides::read(&schemas.join("overrides.yaml")).unwrap();
    let payloads = learn::read_payloads(std::slice::from_ref(&fixtures), None).unwrap();
    let before = learn::learn(&set, &existing, &payloads);
    assert!(
        before.violating > 0 && !before.inferred.is_empty(),
        "the fixtures no longer drift from the schemas: {before:?}"
    );
    let unlearnable: Vec<&str> = before
        .unlearnable
        .iter()
        .map(|(label, _)| label.as_str())
        .collect();
    let learnable: Vec<PathBuf> = payloads
        .iter()
        .filter(|p| !unlearnable.contains(&p.label.as_str()))
        .map(|p| dir.join(&p.label))
        .collect();
    assert_eq!(learnable.len() + unlearnable.len(), payloads.len());

    // The user's steps, with the commands.
    codegen_command(&dir, &["learn", "--payloads", "payloads", "--write"]);
    let mut import = vec!["import".to_string(), "--docs".to_string()];
    import.extend(
        common::DOCS
            .iter()
            .map(|d| docs.join(d).display().to_string()),
    );
    import.extend(["--out".to_string(), "schemas".to_string()]);
    codegen_command(&dir, &import.iter().map(String::as_str).collect::<Vec<_>>());
    let set = schema::load(&schemas).unwrap_or_else(|e| panic!("{e}"));
    let written = overrides::read(&schemas.join("overrides.yaml")).unwrap();
    let after = learn::learn(&set, &written, &payloads);
    assert!(
        after.is_empty() && after.conforming == learnable.len(),
        "{after:?}"
    );

    // A copy of the crate `voucherify-webhooks`, generated from the learned schemas.
    let krate = dir.join("generated");
    fs::create_dir_all(krate.join("src")).unwrap();
    for file in ["src/lib.rs", "src/view_gates.rs"] {
        fs::copy(root.join("generated").join(file), krate.join(file)).unwrap();
    }
    let manifest = fs::read_to_string(root.join("generated/Cargo.toml")).unwrap();
    let features = &manifest[manifest.find("[features]").unwrap()..];
    let features = &features[..features.find("\n[").unwrap()];
    let runtime = root
        .join("runtime")
        .display()
        .to_string()
        .replace('\\', "/");
    fs::write(
        krate.join("Cargo.toml"),
        format!(
            "[package]\nname = \"voucherify-webhooks\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n{features}\n\n[dependencies]\nvoucherify-webhooks-runtime = {{ path = \"{runtime}\" }}\n"
        ),
    )
    .unwrap();
    codegen_command(
        &dir,
        &["generate", "--schemas", "schemas", "--out", "generated"],
    );

    let checker = dir.join("checker");
    fs::create_dir_all(checker.join("src")).unwrap();
    fs::write(checker.join("src/main.rs"), CHECKER).unwrap();
    // `contract`, as the example `own_schemas_copy` builds the runtime: one build of it serves both.
    fs::write(
        checker.join("Cargo.toml"),
        "[package]\nname = \"learned-checker\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nvoucherify-webhooks = { path = \"../generated\", features = [\"contract\"] }\n",
    )
    .unwrap();
    fs::copy(root.join("Cargo.lock"), checker.join("Cargo.lock")).unwrap();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("own-schemas-copy");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args(["run", "--offline", "--quiet", "--"])
        .args(&learnable)
        .current_dir(&checker)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the regenerated crate does not build or run:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), learnable.len(), "{stdout}");
    let failed: Vec<&&str> = lines
        .iter()
        .filter(|line| !(line.contains("\ttyped ") && line.ends_with(" round-trips")))
        .collect();
    assert!(
        failed.is_empty(),
        "not typed, or changed by the round trip:\n{failed:#?}"
    );
    // The event type `learn` inferred is among them, typed.
    for inferred in &before.inferred {
        assert!(
            lines
                .iter()
                .any(|l| l.contains(&format!("\ttyped {} ", inferred.event.event))),
            "{stdout}"
        );
    }
    let _ = fs::remove_dir_all(&dir);
}
