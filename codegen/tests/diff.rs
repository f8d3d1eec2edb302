//! The change report: each kind of change on a minimal before/after pair, the three formats
//! of one pair, the exit codes of `diff --fail-on`, and real pairs of Voucherify's docs.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use voucherify_codegen::diff::{self, render, KINDS};

const ENVELOPE: &str = "name: Envelope\ntype: object\nproperties:\n  id:\n    type: string\n";
const EVENT: &str = "event: thing.created\nchannel: project_settings\ndocs: https://docs.example.invalid/thing-created\ndata:\n  $ref: Thing\n";

/// Writes a schema folder (an envelope, `thing.created` on `Thing` of one string `a`, then
/// `files`, which replace those, or remove them where their text is empty) into a fresh
/// temporary folder.
fn folder(files: &[(&str, &str)]) -> PathBuf {
    let dir = common::scratch("diff");
    fs::create_dir_all(dir.join("objects")).unwrap();
    fs::create_dir_all(dir.join("events")).unwrap();
    fs::write(dir.join("envelope.yaml"), ENVELOPE).unwrap();
    fs::write(dir.join("events/thing.created.yaml"), EVENT).unwrap();
    fs::write(dir.join("objects/Thing.yaml"), thing("", A_STRING)).unwrap();
    for (path, text) in files {
        let path = dir.join(path);
        if text.is_empty() {
            fs::remove_file(&path).unwrap();
        } else {
            fs::write(path, text).unwrap();
        }
    }
    dir
}

/// `kind wire rust` of every change between the two folders.
fn changes(old: &[(&str, &str)], new: &[(&str, &str)]) -> Vec<String> {
    let (old, new) = (folder(old), folder(new));
    let report = diff::diff_dirs(&old, &new).unwrap_or_else(|e| panic!("{e}"));
    let _ = (fs::remove_dir_all(&old), fs::remove_dir_all(&new));
    report
        .changes
        .iter()
        .map(|c| format!("{} {} {}", c.kind, c.wire, c.rust))
        .collect()
}

/// `objects/Thing.yaml` with these properties (YAML, indented by four).
fn thing(extra_keys: &str, properties: &str) -> String {
    format!("name: Thing\ntype: object\n{extra_keys}properties:\n{properties}")
}

/// `retained.yaml` keeping `thing.created`.
const RETAINED: &str =
    "retained:\n  - event: thing.created\n    from: old.json\n    reason: still sent\n";

const A_STRING: &str = "  a:\n    type: string\n";

const MEMBERS: [(&str, &str); 2] = [
    ("objects/A.yaml", "name: A\ntype: object\nrequired: [type, kind]\nproperties:\n  type:\n    type: string\n    enum: [A]\n  kind:\n    type: string\n    enum: [a]\n"),
    ("objects/B.yaml", "name: B\ntype: object\nrequired: [type, kind]\nproperties:\n  type:\n    type: string\n    enum: [B]\n  kind:\n    type: string\n    enum: [b]\n"),
];

fn union(members: &str, tag: &str) -> String {
    thing(
        "",
        &format!("  u:\n    name: U\n    tag: {tag}\n    oneOf:\n{members}"),
    )
}

/// `thing.created` and `thing.deleted` with data of their own: the same shape unless `differ`.
fn two_events(differ: bool) -> Vec<(String, String)> {
    let data = |event: &str, name: &str, extra: &str| {
        format!("event: {event}\nchannel: project_settings\ndocs: https://docs.example.invalid/{name}\ndata:\n  name: {name}\n  type: object\n  properties:\n    a:\n      type: string\n{extra}")
    };
    let extra = if differ {
        "    b:\n      type: integer\n"
    } else {
        ""
    };
    vec![
        (
            "events/thing.created.yaml".into(),
            data("thing.created", "ThingCreated", extra),
        ),
        (
            "events/thing.deleted.yaml".into(),
            data("thing.deleted", "ThingDeleted", ""),
        ),
    ]
}

/// Files of a schema folder: (path, text).
type Files = Vec<(String, String)>;

#[test]
fn every_kind_on_a_minimal_pair() {
    let t = |extra: &str, props: &str| thing(extra, props);
    let with = |thing: String| vec![("objects/Thing.yaml".to_string(), thing)];
    let with_members = |thing: String| {
        let mut files = with(thing);
        files.extend(MEMBERS.iter().map(|(p, t)| (p.to_string(), t.to_string())));
        files
    };
    let one_member = "      - $ref: A\n";
    let two_members = "      - $ref: A\n      - $ref: B\n";
    let event = |text: &str| vec![("events/thing.created.yaml".to_string(), text.to_string())];
    let updated = "event: thing.updated\nchannel: project_settings\ndocs: https://docs.example.invalid/thing-updated\ndata:\n  $ref: Thing\n";
    let base = with(t("", A_STRING));
    let enum_of = |values: &str| {
        t(
            "",
            &format!("  a:\n    name: Letter\n    type: string\n    enum: [{values}]\n"),
        )
    };
    let int_enum_of = |values: &str| {
        t(
            "",
            &format!("  a:\n    type: integer\n    enum: [{values}]\n"),
        )
    };
    let any_of = |members: &str| t("", &format!("  a:\n    anyOf:\n{members}"));

    // (what, old files, new files, expected `kind wire rust` lines)
    let cases: Vec<(&str, Files, Files, Vec<&str>)> = vec![
        ("an optional property", base.clone(), with(t("", "  a:\n    type: string\n  b:\n    type: integer\n")), vec!["property-added looser minor"]),
        ("a required property", base.clone(), with(t("required: [b]\n", "  a:\n    type: string\n  b:\n    type: integer\n")), vec!["required-property-added both minor"]),
        ("an optional property gone", with(t("", "  a:\n    type: string\n  b:\n    type: integer\n")), base.clone(), vec!["property-removed stricter major"]),
        ("a required property gone", with(t("required: [b]\n", "  a:\n    type: string\n  b:\n    type: integer\n")), base.clone(), vec!["required-property-removed both major"]),
        ("made required", base.clone(), with(t("required: [a]\n", A_STRING)), vec!["property-made-required stricter major"]),
        ("made optional", with(t("required: [a]\n", A_STRING)), base.clone(), vec!["property-made-optional looser major"]),
        ("nullable", base.clone(), with(t("", "  a:\n    type: string\n    nullable: true\n")), vec!["nullable-added looser major"]),
        ("not nullable", with(t("", "  a:\n    type: string\n    nullable: true\n")), base.clone(), vec!["nullable-removed stricter major"]),
        ("nullable where Rust holds any JSON", with(t("", "  a: {}\n")), with(t("", "  a:\n    nullable: true\n")), vec!["nullable-added looser patch"]),
        ("retyped", base.clone(), with(t("", "  a:\n    type: boolean\n")), vec!["type-changed both major"]),
        ("integer to number", with(t("", "  a:\n    type: integer\n")), with(t("", "  a:\n    type: number\n")), vec!["type-widened looser major"]),
        ("any to a string", with(t("", "  a: {}\n")), base.clone(), vec!["type-narrowed stricter major"]),
        ("a map to an object", with(t("", "  a:\n    type: object\n    additionalProperties:\n      type: string\n")), with(t("", "  a:\n    name: Inner\n    type: object\n    properties:\n      x:\n        type: string\n")), vec!["shape-changed both major"]),
        ("an inline object renamed", with(t("", "  a:\n    name: Inner\n    type: object\n    properties:\n      x:\n        type: string\n")), with(t("", "  a:\n    name: Outer\n    type: object\n    properties:\n      x:\n        type: string\n")), vec!["type-renamed none major"]),
        ("an enum value", with(enum_of("A")), with(enum_of("A, B")), vec!["enum-value-added looser minor"]),
        ("an enum value gone", with(enum_of("A, B")), with(enum_of("A")), vec!["enum-value-removed stricter major"]),
        ("an integer enum value (i64 in Rust)", with(int_enum_of("1")), with(int_enum_of("1, 2")), vec!["enum-value-added looser patch"]),
        ("an integer enum value gone", with(int_enum_of("1, 2")), with(int_enum_of("1")), vec!["enum-value-removed stricter patch"]),
        ("an enum", base.clone(), with(enum_of("A")), vec!["enum-added stricter major"]),
        ("an enum gone", with(enum_of("A")), base.clone(), vec!["enum-removed looser major"]),
        ("a format", base.clone(), with(t("", "  a:\n    type: string\n    format: date-time\n")), vec!["format-added stricter patch"]),
        ("a format gone", with(t("", "  a:\n    type: string\n    format: date-time\n")), base.clone(), vec!["format-removed looser patch"]),
        ("another format", with(t("", "  a:\n    type: string\n    format: date\n")), with(t("", "  a:\n    type: string\n    format: date-time\n")), vec!["format-changed both patch"]),
        ("a tagged member", with_members(union(one_member, "type")), with_members(union(two_members, "type")), vec!["union-member-added looser minor"]),
        ("a tagged member gone", with_members(union(two_members, "type")), with_members(union(one_member, "type")), vec!["union-member-removed stricter major"]),
        ("another tag", with_members(union(two_members, "type")), with_members(union(two_members, "kind")), vec!["union-tag-changed both major"]),
        ("an untagged member (any JSON in Rust)", with(any_of("      - type: string\n      - type: boolean\n")), with(any_of("      - type: string\n      - type: boolean\n      - type: integer\n")), vec!["union-member-added looser patch"]),
        ("a string that may be an object too (`also_type`)", base.clone(), with(any_of("      - name: Shape\n        type: object\n        properties:\n          x:\n            type: string\n      - type: string\n")), vec!["type-widened looser major"]),
        ("a union narrowed to one of its members", with(any_of("      - type: boolean\n      - type: string\n")), base.clone(), vec!["type-narrowed stricter major"]),
        ("an untagged member gone", with(any_of("      - type: string\n      - type: boolean\n")), with(any_of("      - type: boolean\n      - type: integer\n")), vec!["union-member-removed stricter patch", "union-member-added looser patch"]),
        ("forbidden extras", base.clone(), with(t("additionalProperties: false\n", A_STRING)), vec!["additional-properties-forbidden none patch"]),
        ("allowed extras", with(t("additionalProperties: false\n", A_STRING)), base.clone(), vec!["additional-properties-allowed none patch"]),
        ("a note", with(t("", "  a:\n    type: string\n    description: one\n")), with(t("", "  a:\n    type: string\n    description: two\n")), vec!["description-changed none patch"]),
        ("an event", base.clone(), { let mut f = base.clone(); f.push(("events/thing.updated.yaml".into(), updated.into())); f }, vec!["event-added looser minor"]),
        ("an event gone", { let mut f = base.clone(); f.push(("events/thing.updated.yaml".into(), updated.into())); f }, base.clone(), vec!["event-removed stricter major"]),
        ("another channel", base.clone(), { let mut f = base.clone(); f.extend(event(&EVENT.replace("project_settings", "distribution"))); f }, vec!["event-channel-changed both patch"]),
        ("another docs page", base.clone(), { let mut f = base.clone(); f.extend(event(&EVENT.replace("thing-created", "thing-made"))); f }, vec!["event-docs-changed none patch"]),
        ("a retained event", base.clone(), { let mut f = base.clone(); f.push(("retained.yaml".into(), RETAINED.into())); f }, vec!["event-retained none patch"]),
        ("a retained event still retained", { let mut f = base.clone(); f.push(("retained.yaml".into(), RETAINED.into())); f }, { let mut f = base.clone(); f.push(("retained.yaml".into(), RETAINED.into())); f }, vec![]),
        ("a retained event without its file", base.clone(), { let mut f = base.clone(); f.push(("retained.yaml".into(), RETAINED.replace("thing.created", "thing.gone"))); f }, vec![]),
        ("a shared object", base.clone(), { let mut f = base.clone(); f.push(("objects/Other.yaml".into(), "name: Other\ntype: string\nenum: [X]\n".into())); f }, vec!["object-added none minor"]),
        ("two shapes made equal (one Rust type now)", with(two_windows(true)), with(two_windows(false)), vec!["property-removed stricter major", "types-merged none major"]),
        ("two shapes made different (a Rust type each again)", with(two_windows(false)), with(two_windows(true)), vec!["property-added looser minor", "types-split none major"]),
        ("two events' data made equal (one data type now)", two_events(true), two_events(false), vec!["property-removed stricter major", "types-merged none major"]),
        ("a shared object gone", { let mut f = base.clone(); f.push(("objects/Other.yaml".into(), "name: Other\ntype: string\nenum: [X]\n".into())); f }, base.clone(), vec!["object-removed none major"]),
    ];

    let mut failures = Vec::new();
    let mut covered = std::collections::BTreeSet::new();
    for (what, old, new, expected) in &cases {
        let old: Vec<(&str, &str)> = old.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        let new: Vec<(&str, &str)> = new.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        let found = changes(&old, &new);
        if found != *expected {
            failures.push(format!("{what}: expected {expected:?}, found {found:?}"));
        }
        covered.extend(
            expected
                .iter()
                .map(|e| e.split(' ').next().unwrap().to_string()),
        );
    }
    for (_, info) in KINDS {
        if !covered.contains(info.id) {
            failures.push(format!("no minimal pair for `{}`", info.id));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn two_names_of_one_shape_are_one_rust_type_so_switching_between_them_is_no_change() {
    let shape =
        |name: &str| format!("name: {name}\ntype: object\nproperties:\n  x:\n    type: string\n");
    let (a, b) = (shape("A"), shape("B"));
    let uses = |target: &str| thing("", &format!("  a:\n    $ref: {target}\n"));
    let old = [
        ("objects/A.yaml", a.as_str()),
        ("objects/B.yaml", b.as_str()),
        ("objects/Thing.yaml", &uses("A")),
    ];
    let new = [
        ("objects/A.yaml", a.as_str()),
        ("objects/B.yaml", b.as_str()),
        ("objects/Thing.yaml", &uses("B")),
    ];
    // `A` and `B` are the same shape, so both are the Rust type `A` (`resolve::shapes`).
    assert_eq!(changes(&old, &new), Vec::<String>::new());
    // Where they are different shapes, the same switch is a rename.
    let b = "name: B\ntype: object\nproperties:\n  x:\n    type: string\n  y:\n    type: string\n";
    let old = [("objects/B.yaml", b), ("objects/Thing.yaml", &uses("A"))];
    let new = [("objects/B.yaml", b), ("objects/Thing.yaml", &uses("B"))];
    let old = [("objects/A.yaml", a.as_str()), old[0], old[1]];
    let new = [("objects/A.yaml", a.as_str()), new[0], new[1]];
    assert_eq!(
        changes(&old, &new),
        ["type-renamed none major", "property-added looser minor"]
    );
}

/// `Thing` with two inline objects, `ThingFirstWindow` (`from`, and `days` where `days` is
/// true) and `ThingSecondWindow` (`from`).
fn two_windows(days: bool) -> String {
    let days = if days {
        "      days:\n        type: integer\n"
    } else {
        ""
    };
    thing(
        "",
        &format!(
            "  a:\n    name: ThingFirstWindow\n    type: object\n    properties:\n      from:\n        type: string\n{days}  b:\n    name: ThingSecondWindow\n    type: object\n    properties:\n      from:\n        type: string\n"
        ),
    )
}

#[test]
fn shapes_that_become_equal_are_one_rust_api_change() {
    let (old, new) = (two_windows(true), two_windows(false));
    let (old, new) = (
        folder(&[("objects/Thing.yaml", old.as_str())]),
        folder(&[("objects/Thing.yaml", new.as_str())]),
    );
    let report = diff::diff_dirs(&old, &new).unwrap_or_else(|e| panic!("{e}"));
    let _ = (fs::remove_dir_all(&old), fs::remove_dir_all(&new));
    let kinds: Vec<String> = report
        .changes
        .iter()
        .map(|c| format!("{} {} {}", c.kind, c.wire, c.rust))
        .collect();
    // The wire change where it is, and the shared type once (not at each field that uses it).
    assert_eq!(
        kinds,
        ["property-removed stricter major", "types-merged none major"]
    );
    let merged = &report.changes[1];
    assert_eq!(merged.object.as_deref(), Some("ThingFirstWindow"));
    assert_eq!(
        merged.message,
        "`ThingSecondWindow` is the Rust type `ThingFirstWindow` now (the same shape); its own name is gone"
    );
    assert_eq!(
        merged.before,
        Some(serde_json::json!(["ThingSecondWindow"]))
    );
}

#[test]
fn shapes_that_become_different_are_one_split() {
    let (old, new) = (two_windows(false), two_windows(true));
    assert_eq!(
        changes(
            &[("objects/Thing.yaml", old.as_str())],
            &[("objects/Thing.yaml", new.as_str())]
        ),
        ["property-added looser minor", "types-split none major"]
    );
}

#[test]
fn a_shape_moved_into_objects_under_its_name_is_no_change() {
    let inline = "event: thing.created\nchannel: project_settings\ndocs: https://docs.example.invalid/thing-created\ndata:\n  name: Thing\n  type: object\n  properties:\n    a:\n      type: string\n";
    let shared = thing("", A_STRING);
    let old = [
        ("events/thing.created.yaml", inline),
        ("objects/Thing.yaml", ""),
    ];
    let new = [("objects/Thing.yaml", shared.as_str())];
    assert_eq!(changes(&old, &new), Vec::<String>::new());
}

#[test]
fn a_change_inside_a_recursive_shape_is_reported_once_and_ends() {
    let node = |name: &str, ty: &str| {
        format!("name: {name}\ntype: object\nproperties:\n  v:\n    type: {ty}\n  children:\n    type: array\n    items:\n      $ref: {name}\n")
    };
    let uses = |target: &str| thing("", &format!("  root:\n    $ref: {target}\n"));
    let (old_node, new_node) = (node("Node", "string"), node("Tree", "integer"));
    let old = [
        ("objects/Node.yaml", old_node.as_str()),
        ("objects/Thing.yaml", &uses("Node")),
    ];
    let new = [
        ("objects/Tree.yaml", new_node.as_str()),
        ("objects/Thing.yaml", &uses("Tree")),
    ];
    assert_eq!(
        changes(&old, &new),
        [
            "object-removed none major",
            "type-renamed none major",
            "type-changed both major",
            "type-renamed none major",
            "object-added none minor",
        ]
    );
}

/// One pair with a change of several kinds, in the three formats.
fn sample_pair() -> diff::Report {
    let old_thing = thing(
        "required: [a]\n",
        "  a:\n    type: string\n  b:\n    name: Letter\n    type: string\n    enum: [A, B]\n  c:\n    type: integer\n",
    );
    let new_thing = thing(
        "",
        "  a:\n    type: string\n    nullable: true\n  b:\n    name: Letter\n    type: string\n    enum: [A, C]\n  d:\n    type: string\n    format: date-time\n",
    );
    let updated = "event: thing.updated\nchannel: distribution\ndocs: https://docs.example.invalid/thing-updated\ndata:\n  $ref: Thing\n";
    let old = folder(&[("objects/Thing.yaml", &old_thing)]);
    let new = folder(&[
        ("objects/Thing.yaml", &new_thing),
        ("events/thing.updated.yaml", updated),
    ]);
    let report = diff::diff_dirs(&old, &new).unwrap();
    let _ = (fs::remove_dir_all(&old), fs::remove_dir_all(&new));
    report
}

#[test]
fn the_three_formats() {
    let report = sample_pair();
    insta::assert_snapshot!("human", render::human(&report));
    insta::assert_snapshot!("json", render::json(&report));
    insta::assert_snapshot!("markdown", render::markdown(&report));
}

fn codegen(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_voucherify-codegen"))
        .args(args)
        .output()
        .unwrap()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

#[test]
fn fail_on_sets_the_exit_code() {
    let same = folder(&[]);
    let minor_old = folder(&[("objects/Thing.yaml", &thing("", A_STRING))]);
    let minor_new = folder(&[(
        "objects/Thing.yaml",
        &thing("", "  a:\n    type: string\n  b:\n    type: boolean\n"),
    )]);
    let run = |old: &Path, new: &Path, extra: &[&str]| {
        let mut args: Vec<&Path> = vec![Path::new("diff"), old, new];
        args.extend(extra.iter().map(Path::new));
        code(&codegen(&args))
    };
    // No change: 0 whatever --fail-on says.
    assert_eq!(run(&same, &same, &["--fail-on", "any"]), 0);
    // An added optional property: minor and looser, so not breaking.
    assert_eq!(run(&minor_old, &minor_new, &[]), 0);
    assert_eq!(run(&minor_old, &minor_new, &["--fail-on", "breaking"]), 0);
    assert_eq!(run(&minor_old, &minor_new, &["--fail-on", "any"]), 1);
    // Removed: major and stricter.
    assert_eq!(run(&minor_new, &minor_old, &["--fail-on", "breaking"]), 1);
    assert_eq!(
        run(
            &minor_new,
            &minor_old,
            &["--format", "json", "--fail-on", "breaking"]
        ),
        1
    );
    // Usage errors and a folder that does not load: 2, with the reason on stderr.
    assert_eq!(run(&same, &same, &["--fail-on", "sometimes"]), 2);
    assert_eq!(run(&same, &same, &["--format", "yaml"]), 2);
    assert_eq!(run(&same, Path::new("/nonexistent/schemas"), &[]), 2);
    let one = codegen(&[Path::new("diff"), &same]);
    assert_eq!(code(&one), 2);
    assert!(String::from_utf8_lossy(&one.stderr).contains("two schema folders"));
    for dir in [same, minor_old, minor_new] {
        let _ = fs::remove_dir_all(dir);
    }
}

/// Imports `docs` with the project's overrides into a fresh folder.
fn import(docs: &[PathBuf]) -> Result<PathBuf, String> {
    let out = common::scratch("diff-import");
    let overrides = common::schemas().join("overrides.yaml");
    voucherify_codegen::import::import(docs, &overrides, &out)
        .map(|_| out)
        .map_err(|e| e.to_string())
}

/// Importing today's docs without the 2024-08-19 document loses the two events only that
/// document defines: the report names them.
#[test]
#[cfg_attr(
    docs_absent,
    ignore = "needs ../shared/voucherify (Voucherify's OpenAPI documents)"
)]
fn leaving_a_document_out_reports_the_events_it_defined() {
    let docs = common::docs_dir();
    let current = import(&[docs.join(common::DOCS[0])]).unwrap_or_else(|e| panic!("{e}"));
    let report = diff::diff_dirs(&common::schemas(), &current).unwrap();
    let _ = fs::remove_dir_all(&current);
    insta::assert_snapshot!(render::human(&report));
}

/// The 2024-08-19 docs alone against today's schemas: every event added or removed since is
/// named, and every change classified. That document has flaws today's importer stops at.
#[test]
#[cfg_attr(
    docs_absent,
    ignore = "needs ../shared/voucherify (Voucherify's OpenAPI documents)"
)]
fn the_2024_08_19_docs_against_todays_schemas() {
    let docs = common::docs_dir();
    let old = import(&[docs.join(common::DOCS[1])]).unwrap_or_else(|e| panic!("{e}"));
    let (before, after) = (
        voucherify_codegen::schema::load(&old).unwrap(),
        voucherify_codegen::schema::load(&common::schemas()).unwrap(),
    );
    let _ = fs::remove_dir_all(&old);
    let report = diff::diff(&before, &after);
    let names = |set: &voucherify_codegen::schema::SchemaSet| -> Vec<String> {
        set.events.iter().map(|e| e.event.clone()).collect()
    };
    let (old_events, new_events) = (names(&before), names(&after));
    let added: Vec<&str> = new_events
        .iter()
        .filter(|e| !old_events.contains(e))
        .map(String::as_str)
        .collect();
    let removed: Vec<&str> = old_events
        .iter()
        .filter(|e| !new_events.contains(e))
        .map(String::as_str)
        .collect();
    assert!(!added.is_empty());
    assert_eq!(report.events(diff::Kind::EventAdded), added);
    assert_eq!(report.events(diff::Kind::EventRemoved), removed);
    insta::assert_snapshot!(render::human(&report));
}

/// `import` prints the report between what `--out` held and what it wrote: nothing on a
/// first import, the lost events when a document is left out the next time.
#[test]
#[cfg_attr(
    docs_absent,
    ignore = "needs ../shared/voucherify (Voucherify's OpenAPI documents)"
)]
fn import_prints_the_change_report() {
    let docs = common::docs_dir();
    let out = std::env::temp_dir().join(format!("vf-diff-import-cli-{}", std::process::id()));
    let _ = fs::remove_dir_all(&out);
    fs::create_dir_all(&out).unwrap();
    fs::copy(
        common::schemas().join("overrides.yaml"),
        out.join("overrides.yaml"),
    )
    .unwrap();
    let import = |documents: &[&str]| {
        let mut args: Vec<PathBuf> = vec!["import".into(), "--docs".into()];
        args.extend(documents.iter().map(|d| docs.join(d)));
        args.extend(["--out".into(), out.clone()]);
        let output = Command::new(env!("CARGO_BIN_EXE_voucherify-codegen"))
            .args(&args)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let first = import(&common::DOCS);
    assert!(!first.contains("Events"), "{first}");
    let again = import(&common::DOCS);
    assert!(again.starts_with("No changes.\n"), "{again}");
    let alone = import(&common::DOCS[..1]);
    let _ = fs::remove_dir_all(&out);
    assert!(
        alone.starts_with(
            "Events removed (2; wire stricter, rust major): customer.consents.given, customer.consents.revoked\n"
        ),
        "{alone}"
    );
    assert!(alone.contains("was a --docs file left out?"), "{alone}");
}

/// The README's table of kinds is the table the report uses.
#[test]
fn the_readme_lists_every_kind() {
    let table: String = KINDS
        .iter()
        .map(|(_, k)| {
            format!(
                "| `{}` | {} | {} | {} |\n",
                k.id, k.wire, k.rust, k.description
            )
        })
        .collect();
    let readme = fs::read_to_string(common::workspace().join("README.md")).unwrap();
    assert!(
        readme.contains(&format!(
            "| kind | wire | rust | what |\n| --- | --- | --- | --- |\n{table}"
        )),
        "the README's table of change kinds should be:\n{table}"
    );
}
