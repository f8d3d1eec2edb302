//! The importer on documents with the vendor's kinds of flaw, one small hand-made document per
//! kind: the diagnostic (its JSON pointer, what was wrong, what the importer did) and the YAML
//! that records the decision; `--strict`; stale and redundant overrides all reported in one
//! run; `--prune-overrides`.

mod common;

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use voucherify_codegen::import::{import, import_with, ImportError, Kind, Options};

/// The envelope and one more event, added after the document under test.
const ENVELOPE: &str = "tests/fixtures/import/envelope.json";

/// A document with one event, `redemption.succeeded`, whose data schema is
/// `EventRedemptionSucceededData`, and the components `schemas` (JSON object members).
fn doc_with(schemas: &str) -> String {
    format!(
        r##"{{"webhooks": {{"EVENTS.REDEMPTION.SUCCEEDED": {{"post": {{"operationId": "x",
        "requestBody": {{"content": {{"application/json": {{"schema":
        {{"$ref": "#/components/schemas/EventRedemptionSucceededData"}}}}}}}}}}}}}},
        "components": {{"schemas": {{{schemas}}}}}}}"##
    )
}

/// What an import of `doc` (with the envelope fixture) reports and writes.
struct Imported {
    /// Every diagnostic, one line each, with the temporary folder left out.
    diagnostics: Vec<String>,
    kinds: Vec<Kind>,
    /// `events/redemption.succeeded.yaml`, or the file named.
    yaml: String,
    dir: PathBuf,
}

impl Imported {
    fn file(&self, relative: &str) -> String {
        fs::read_to_string(self.dir.join("out").join(relative)).unwrap_or_default()
    }

    /// The diagnostics and the event's YAML, for a snapshot.
    fn report(&self) -> String {
        format!(
            "{}\n--- events/redemption.succeeded.yaml\n{}",
            self.diagnostics.join("\n"),
            self.yaml
        )
    }
}

fn import_doc(doc: &str, overrides: Option<&str>) -> Imported {
    let dir = common::scratch("flaws");
    let doc_path = dir.join("doc.json");
    fs::write(&doc_path, doc).expect("a fixture file");
    let overrides_path = dir.join("overrides.yaml");
    if let Some(text) = overrides {
        fs::write(&overrides_path, text).expect("a fixture file");
    }
    let docs = [doc_path, PathBuf::from(ENVELOPE)];
    let summary = import(&docs, &overrides_path, &dir.join("out"))
        .unwrap_or_else(|e| panic!("the import stopped: {e}"));
    let strip = format!("{}/", dir.display());
    Imported {
        diagnostics: summary
            .diagnostics
            .iter()
            .map(|d| d.to_string().replace(&strip, ""))
            .collect(),
        kinds: summary.diagnostics.iter().map(|d| d.kind).collect(),
        yaml: fs::read_to_string(dir.join("out/events/redemption.succeeded.yaml"))
            .unwrap_or_default(),
        dir,
    }
}

#[test]
fn a_clean_document_gives_no_diagnostic_and_no_note() {
    // Every standard keyword, read or ignored on purpose.
    let imported = import_doc(
        &doc_with(
            r##""EventRedemptionSucceededData": {"type": "object", "title": "t",
            "description": "d", "required": ["code"], "properties": {
              "code": {"type": "string", "minLength": 1, "maxLength": 9, "pattern": "^[A-Z]+$",
                       "deprecated": true, "readOnly": true, "default": "A", "examples": ["A"]},
              "amount": {"type": ["integer", "null"], "minimum": 0, "exclusiveMinimum": 0,
                         "multipleOf": 1},
              "kind": {"const": "redemption"},
              "items": {"type": "array", "prefixItems": [{"type": "string"}],
                        "uniqueItems": true, "minItems": 0},
              "rule": {"type": "object", "not": {"required": ["x"]}, "if": {}, "then": {},
                       "else": {}, "$defs": {}, "discriminator": {"propertyName": "x"},
                       "x-vendor": true}}}"##,
        ),
        None,
    );
    assert_eq!(imported.diagnostics, Vec::<String>::new());
    assert!(
        !imported.yaml.contains("x-import-notes"),
        "{}",
        imported.yaml
    );
    insta::assert_snapshot!(imported.yaml);
}

#[test]
fn a_stray_key_is_ignored() {
    let imported = import_doc(
        &doc_with(
            r##""EventRedemptionSucceededData": {"check": "how to generate this?",
            "type": "object", "properties": {"id": {"type": "string", "Check": "why?"}}}"##,
        ),
        None,
    );
    assert_eq!(imported.kinds, [Kind::UnknownKey, Kind::UnknownKey]);
    insta::assert_snapshot!(imported.report());
}

#[test]
fn a_misspelt_key_is_read_as_the_keyword_meant() {
    let imported = import_doc(
        &doc_with(
            r##""EventRedemptionSucceededData": {"type": "object", "properties": {
              "category_id": {"type:": "string", "description": "x"},
              "total": {"type": "integer", "min": 0}}}"##,
        ),
        None,
    );
    assert_eq!(imported.kinds, [Kind::MisspeltKey, Kind::MisspeltKey]);
    assert!(
        imported.yaml.contains("category_id:\n"),
        "{}",
        imported.yaml
    );
    insta::assert_snapshot!(imported.report());
}

#[test]
fn a_property_beside_properties_is_taken_in() {
    let imported = import_doc(
        &doc_with(
            r##""EventRedemptionSucceededData": {"type": "object", "required": ["id"],
            "properties": {"id": {"type": "string"}},
            "redemption_rollback": {"type": "object", "properties": {"id": {"type": "string"}}}}"##,
        ),
        None,
    );
    assert_eq!(imported.kinds, [Kind::PropertyOutsideProperties]);
    insta::assert_snapshot!(imported.report());
}

#[test]
fn a_misplaced_required_goes_to_its_object() {
    // A list inside `properties`, a flag on a property, and a list on a request body.
    let doc = r##"{"webhooks": {"EVENTS.REDEMPTION.SUCCEEDED": {"post": {"operationId": "x",
        "requestBody": {"required": ["id"], "content": {"application/json": {"schema":
        {"$ref": "#/components/schemas/EventRedemptionSucceededData"}}}}}}},
        "components": {"schemas": {"EventRedemptionSucceededData": {"type": "object",
          "properties": {
            "redemption": {"type": "object", "properties": {
              "required": ["quantity"],
              "quantity": {"type": "integer"},
              "left": {"type": "integer"}}},
            "id": {"type": "string", "required": true},
            "lone": {"type": "string", "items": {"required": true}}}}}}}"##;
    let imported = import_doc(doc, None);
    assert_eq!(
        imported.kinds,
        [
            Kind::MisplacedKeyword,
            Kind::MisplacedKeyword,
            Kind::MisplacedKeyword,
            Kind::MisplacedKeyword,
            Kind::KeywordOffType,
        ]
    );
    insta::assert_snapshot!(imported.report());
}

#[test]
fn an_enum_that_does_not_fit_its_type_is_dropped_and_the_type_kept() {
    let imported = import_doc(
        &doc_with(
            r##""EventRedemptionSucceededData": {"type": "object", "properties": {
              "rounding_value": {"type": "integer", "enum": ["END_OF_MONTH", "END_OF_YEAR"]},
              "level": {"type": "integer", "enum": [1, "two", 3]}}}"##,
        ),
        None,
    );
    assert_eq!(imported.kinds, [Kind::EnumOffType, Kind::EnumOffType]);
    insta::assert_snapshot!(imported.report());
}

#[test]
fn the_channels_disagreeing_on_a_type_widen_it_to_a_union() {
    // This document's channel payloads win over the envelope fixture's.
    let channel = |user: &str| {
        format!(
            r##"{{"type": "object",
            "required": ["id", "project_id", "created_at", "type", "data", "source", "event"],
            "properties": {{"id": {{"type": "string"}}, "project_id": {{"type": "string"}},
            "created_at": {{"type": "string"}}, "type": {{"type": "string"}}, "data": {{"type": "object"}},
            "source": {{"type": "object", "properties": {{"object": {{"type": "string",
              "enum": ["webhook", "distribution"]}}}}}},
            "event": {{"type": "object", "required": ["type"], "properties": {{
              "type": {{"type": "string"}}, "user": {user}}}}}}}}}"##
        )
    };
    let doc = doc_with(&format!(
        r##""EventRedemptionSucceededData": {{"type": "object"}},
        "WebhookProjectSettingPayload": {},
        "WebhookDistributionPayload": {}"##,
        channel(r#"{"type": "string", "properties": {"id": {"type": "string"}}}"#),
        channel(r#"{"type": "object", "properties": {"id": {"type": "string"}}}"#),
    ));
    let imported = import_doc(&doc, None);
    assert!(
        imported.kinds.contains(&Kind::Conflict),
        "{:?}",
        imported.diagnostics
    );
    let envelope = imported.file("envelope.yaml");
    insta::assert_snapshot!(format!(
        "{}\n--- envelope.yaml\n{envelope}",
        imported.diagnostics.join("\n")
    ));
}

#[test]
fn all_of_members_that_contradict_each_other_widen_to_a_union() {
    let imported = import_doc(
        &doc_with(
            r##""EventRedemptionSucceededData": {"allOf": [
              {"type": "object", "properties": {"type": {"type": "string"}}},
              {"type": "object", "properties": {"type": {"type": "object"}}}]}"##,
        ),
        None,
    );
    assert_eq!(imported.kinds, [Kind::Conflict]);
    insta::assert_snapshot!(imported.report());
}

#[test]
fn a_duplicate_key_keeps_the_last_value() {
    let imported = import_doc(
        &doc_with(
            r##""EventRedemptionSucceededData": {"type": "object", "properties": {
              "amount": {"type": "string"}, "amount": {"type": "integer"}}}"##,
        ),
        None,
    );
    assert_eq!(imported.kinds, [Kind::DuplicateKey]);
    insta::assert_snapshot!(imported.report());
}

#[test]
fn a_webhook_that_is_no_voucherify_event_is_skipped() {
    let doc = r##"{"webhooks": {
        "newPet": {"post": {"requestBody": {"content": {"application/json": {"schema":
          {"$ref": "#/components/schemas/Pet"}}}}}},
        "EVENTS.REDEMPTION.SUCCEEDED": {"put": {"requestBody": {"content": {"application/json":
          {"schema": {"$ref": "#/components/schemas/EventRedemptionSucceededData"}}}}}}},
        "components": {"schemas": {
          "Pet": {"type": "object", "properties": {"name": {"type": "string"}}},
          "EventRedemptionSucceededData": {"type": "object", "properties": {"id": {"type": "string"}}}}}}"##;
    let imported = import_doc(doc, None);
    assert_eq!(
        imported.kinds,
        [Kind::WebhookLayout, Kind::NotAnEvent, Kind::WebhookLayout]
    );
    assert!(!imported.dir.join("out/objects/Pet.yaml").exists());
    insta::assert_snapshot!(imported.report());
}

#[test]
fn a_reference_to_a_missing_schema_is_kept_as_free_form_json() {
    let imported = import_doc(
        &doc_with(
            r##""EventRedemptionSucceededData": {"type": "object", "properties": {
              "customer": {"$ref": "#/components/schemas/SimpleCustomr"},
              "order": {"$ref": "orders.json#/Order"}}}"##,
        ),
        None,
    );
    assert_eq!(imported.kinds, [Kind::MissingSchema, Kind::MissingSchema]);
    insta::assert_snapshot!(imported.report());
}

#[test]
fn a_file_that_is_not_json_is_one_error_at_its_line_and_column() {
    let dir = common::scratch("flaws");
    let doc = dir.join("doc.json");
    fs::write(&doc, "{\n  \"webhooks\": {\n    \"a\": 1,,\n  }\n}\n").unwrap();
    let err = import(&[doc], &dir.join("none.yaml"), &dir.join("out")).unwrap_err();
    let text = err.to_string().replace(&format!("{}/", dir.display()), "");
    assert_eq!(text, "doc.json:3:12: not JSON: key must be a string");
    assert!(!dir.join("out").exists());
}

/// The overrides of `doc_with`'s event: one stale (its node is gone), one redundant (the docs
/// say it now), one partly redundant, one stale by its property, and two that apply.
const AGING: &str = "\
# The header stays.
overrides:
  # Gone: the docs renamed the property.
  - at: RedemptionSucceeded/properties/idd
    nullable: true
    evidence: \"payload 1\"
  # The docs say it now.
  - at: RedemptionSucceeded/properties/id
    nullable: true
    evidence: \"payload 2\"
  - at: RedemptionSucceeded
    optional: [id, code]
    evidence: \"payload 3\"
  - at: RedemptionSucceeded
    optional: [gone]
    evidence: payload 4
  # Still needed.
  - at: RedemptionSucceeded/properties/code
    nullable: true
    evidence: \"payload 5\"   # kept with its comment
  - at: Nowhere
    drop_format: true
    evidence: payload 6
";

const AGING_DOC: &str = r##""EventRedemptionSucceededData": {"type": "object", "required": ["code"],
    "properties": {"id": {"type": "string", "nullable": true}, "code": {"type": "string"}}}"##;

#[test]
fn stale_and_redundant_overrides_are_all_reported_in_one_run() {
    let imported = import_doc(&doc_with(AGING_DOC), Some(AGING));
    assert_eq!(
        imported.kinds,
        [
            Kind::StaleOverride,
            Kind::RedundantOverride,
            Kind::RedundantOverride,
            Kind::StaleOverride,
            Kind::StaleOverride,
        ]
    );
    // The rest applied: `code` is nullable and optional.
    assert!(!imported.yaml.contains("required"), "{}", imported.yaml);
    insta::assert_snapshot!(imported.report());
}

#[test]
fn strict_makes_every_diagnostic_an_error_and_writes_nothing() {
    let dir = common::scratch("flaws");
    let doc = dir.join("doc.json");
    fs::write(&doc, doc_with(AGING_DOC)).unwrap();
    let overrides = dir.join("overrides.yaml");
    fs::write(&overrides, AGING).unwrap();
    let docs = [doc, PathBuf::from(ENVELOPE)];
    let strict = Options {
        strict: true,
        ..Options::default()
    };
    let Err(ImportError::Strict { diagnostics }) =
        import_with(&docs, &overrides, &dir.join("out"), strict)
    else {
        panic!("--strict let flaws through");
    };
    assert_eq!(diagnostics.len(), 5);
    assert!(!dir.join("out").exists());
}

#[test]
fn prune_removes_the_redundant_overrides_and_keeps_comments_and_order() {
    let imported = import_doc(&doc_with(AGING_DOC), Some(AGING));
    let overrides = imported.dir.join("overrides.yaml");
    let docs = [imported.dir.join("doc.json"), PathBuf::from(ENVELOPE)];
    let prune = Options {
        prune_overrides: true,
        ..Options::default()
    };
    let summary = import_with(&docs, &overrides, &imported.dir.join("out"), prune).unwrap();
    assert_eq!(summary.pruned, 1);
    let text = fs::read_to_string(&overrides).unwrap();
    // Only the entry that changes nothing at all goes, with its comment.
    assert_eq!(
        text,
        AGING.replace(
            "  # The docs say it now.\n  - at: RedemptionSucceeded/properties/id\n    nullable: true\n    evidence: \"payload 2\"\n",
            ""
        )
    );
    // A second run finds nothing more to prune.
    let again = import_with(&docs, &overrides, &imported.dir.join("out"), prune).unwrap();
    assert_eq!(again.pruned, 0);
}

fn codegen(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_voucherify-codegen"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_command_warns_and_exits_0_or_with_strict_exits_1() {
    let dir = common::scratch("flaws");
    let doc = dir.join("doc.json");
    fs::write(
        &doc,
        doc_with(r##""EventRedemptionSucceededData": {"type": "object", "check": "x"}"##),
    )
    .unwrap();
    let out = dir.join("out");
    let args = |extra: &'static str| {
        let mut args = vec![
            "import".to_string(),
            "--docs".into(),
            doc.display().to_string(),
            ENVELOPE.into(),
            "--out".into(),
            out.display().to_string(),
        ];
        if !extra.is_empty() {
            args.push(extra.into());
        }
        args
    };
    let run = |extra| {
        let args = args(extra);
        codegen(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let tolerant = run("");
    let stderr = String::from_utf8_lossy(&tolerant.stderr);
    assert_eq!(tolerant.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("doc.json#/components/schemas/EventRedemptionSucceededData/check: `check` is no OpenAPI or JSON Schema keyword; ignored the key [unknown-key]"),
        "{stderr}"
    );
    let strict = run("--strict");
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert_eq!(strict.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("under --strict"), "{stderr}");
}
