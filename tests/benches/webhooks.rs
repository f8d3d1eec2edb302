//! `cargo bench`: what a service pays per webhook, and what a regeneration costs, each as a
//! ratio against a baseline measured in the same run.
//!
//! Corpus: the project's fixtures and, when `../shared` is there, every docs example wrapped in
//! an envelope (about 0.5 KB to 6 KB each).

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, Criterion, Throughput};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use voucherify_codegen::emit::{json_schema, rust};
use voucherify_codegen::{resolve, schema};
use voucherify_contract_tests::typed_corpus;
use voucherify_webhooks::{contract, signature, Webhook};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// How many payloads the corpus has, for the table.
static CORPUS_LEN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The corpus of `voucherify_contract_tests::typed_corpus`, as bytes.
fn corpus() -> Vec<Vec<u8>> {
    let bodies: Vec<Vec<u8>> = typed_corpus().into_iter().map(|(_, body)| body).collect();
    CORPUS_LEN.store(bodies.len(), std::sync::atomic::Ordering::Relaxed);
    bodies
}

fn bytes(corpus: &[Vec<u8>]) -> u64 {
    corpus.iter().map(|b| b.len() as u64).sum()
}

fn parse(c: &mut Criterion) {
    let corpus = corpus();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(bytes(&corpus)));
    group.bench_function("baseline: bytes -> serde_json::Value", |b| {
        b.iter(|| {
            for body in &corpus {
                std::hint::black_box(serde_json::from_slice::<Value>(body).expect("JSON"));
            }
        })
    });
    group.bench_function("bytes -> typed Webhook", |b| {
        b.iter(|| {
            for body in &corpus {
                std::hint::black_box(Webhook::from_slice(body).expect("webhook"));
            }
        })
    });
    group.finish();
}

fn serialise(c: &mut Criterion) {
    let corpus = corpus();
    let values: Vec<Value> = corpus
        .iter()
        .map(|b| serde_json::from_slice(b).expect("JSON"))
        .collect();
    let typed: Vec<Webhook> = corpus
        .iter()
        .map(|b| Webhook::from_slice(b).expect("webhook"))
        .collect();
    let mut group = c.benchmark_group("serialise");
    group.throughput(Throughput::Bytes(bytes(&corpus)));
    group.bench_function("baseline: serde_json::Value -> bytes", |b| {
        b.iter(|| {
            for value in &values {
                std::hint::black_box(serde_json::to_vec(value).expect("JSON"));
            }
        })
    });
    group.bench_function("typed Webhook -> bytes", |b| {
        b.iter(|| {
            for webhook in &typed {
                std::hint::black_box(serde_json::to_vec(webhook).expect("JSON"));
            }
        })
    });
    group.finish();
}

fn contract_check(c: &mut Criterion) {
    let corpus = corpus();
    // Everything a user's contract test runs: schema, drift, typed parse, round trip.
    let checker = contract::Checker::new();
    let without_drift = contract::Checker::without_drift();
    // The engine before the checker had rules of its own, kept as the tests' reference.
    let reference = contract::Checker::reference();
    // Compile the schemas before measuring: compilation is measured apart, below.
    for body in &corpus {
        assert!(checker.check(body).ok, "the corpus conforms");
        assert!(reference.check(body).ok, "the corpus conforms");
    }
    let mut group = c.benchmark_group("contract");
    group.throughput(Throughput::Bytes(bytes(&corpus)));
    group.bench_function("baseline: bytes -> serde_json::Value", |b| {
        b.iter(|| {
            for body in &corpus {
                std::hint::black_box(serde_json::from_slice::<Value>(body).expect("JSON"));
            }
        })
    });
    group.bench_function("check: rules + drift + typed parse + round trip", |b| {
        b.iter(|| {
            for body in &corpus {
                std::hint::black_box(checker.check(body));
            }
        })
    });
    group.bench_function("check without drift", |b| {
        b.iter(|| {
            for body in &corpus {
                std::hint::black_box(without_drift.check(body));
            }
        })
    });
    group.bench_function(
        "reference: jsonschema + drift walk + typed parse + round trip",
        |b| {
            b.iter(|| {
                for body in &corpus {
                    std::hint::black_box(reference.check(body));
                }
            })
        },
    );
    group.finish();

    let first = corpus.first().expect("a corpus").clone();
    let mut group = c.benchmark_group("contract compile");
    group.sample_size(20);
    group.bench_function("fresh checker: compile the rules, check one", |b| {
        b.iter(|| std::hint::black_box(contract::Checker::new().check(&first)))
    });
    group.finish();
}

fn signatures(c: &mut Criterion) {
    // A 5 KB body, compact as Voucherify signs it.
    let mut body = br#"{"id":"whs_bench","data":{"items":["#.to_vec();
    while body.len() < 5 * 1024 {
        body.extend_from_slice(br#"{"source_id":"sku-0001","quantity":2,"price":1000},"#);
    }
    body.extend_from_slice(br#"{}]}}"#);
    let secret = b"bench-secret";
    let header = signature::sign(secret, &body);
    let mut group = c.benchmark_group("signature");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("baseline: one HMAC-SHA256", |b| {
        b.iter(|| {
            let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("any key length");
            mac.update(std::hint::black_box(&body));
            std::hint::black_box(mac.finalize());
        })
    });
    group.bench_function("verify", |b| {
        b.iter(|| signature::verify(secret, std::hint::black_box(&body), &header).expect("valid"))
    });
    group.finish();
}

fn generation(c: &mut Criterion) {
    let dir = workspace().join("schemas");
    let mut group = c.benchmark_group("generate");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("schemas/ -> Rust and JSON Schema, in memory", |b| {
        b.iter(|| {
            let set = resolve::shapes::unify(&schema::load(&dir).expect("schemas")).set;
            let ir = resolve::resolve(
                &set,
                resolve::Options {
                    family_features: true,
                },
            )
            .expect("resolves");
            let files = rust::tree(&ir, &rust::Runtime::default()).expect("emits");
            let schemas: Vec<Value> = set
                .events
                .iter()
                .map(|e| json_schema::event_schema(&set, e))
                .collect();
            std::hint::black_box((files, schemas));
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    parse,
    serialise,
    contract_check,
    signatures,
    generation
);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    report::print(&workspace().join("target/criterion"));
}

/// The table of ratios, read back from criterion's own estimates.
mod report {
    use std::path::Path;

    use serde_json::Value;

    /// (group, measured, baseline) pairs whose ratio matters.
    const PAIRS: &[(&str, &str, &str)] = &[
        (
            "parse",
            "bytes -> typed Webhook",
            "baseline: bytes -> serde_json::Value",
        ),
        (
            "serialise",
            "typed Webhook -> bytes",
            "baseline: serde_json::Value -> bytes",
        ),
        (
            "contract",
            "check: rules + drift + typed parse + round trip",
            "baseline: bytes -> serde_json::Value",
        ),
        (
            "contract",
            "check without drift",
            "baseline: bytes -> serde_json::Value",
        ),
        (
            "contract",
            "reference: jsonschema + drift walk + typed parse + round trip",
            "baseline: bytes -> serde_json::Value",
        ),
        ("signature", "verify", "baseline: one HMAC-SHA256"),
    ];

    fn mean_ns(dir: &Path, group: &str, bench: &str) -> Option<f64> {
        let file = dir
            .join(sanitise(group))
            .join(sanitise(bench))
            .join("new/estimates.json");
        let text = std::fs::read_to_string(file).ok()?;
        let value: Value = serde_json::from_str(&text).ok()?;
        value["mean"]["point_estimate"].as_f64()
    }

    fn bytes_per_iter(dir: &Path, group: &str, bench: &str) -> Option<f64> {
        let file = dir
            .join(sanitise(group))
            .join(sanitise(bench))
            .join("new/benchmark.json");
        let value: Value = serde_json::from_str(&std::fs::read_to_string(file).ok()?).ok()?;
        value["throughput"]["Bytes"].as_f64()
    }

    /// Criterion's folder names: the characters it cannot use in a path become `_`.
    fn sanitise(name: &str) -> String {
        name.chars()
            .map(|c| {
                if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                    '_'
                } else {
                    c
                }
            })
            .collect()
    }

    pub fn print(dir: &Path) {
        let payloads = super::CORPUS_LEN.load(std::sync::atomic::Ordering::Relaxed) as f64;
        println!(
            "\n| group | measured | baseline | time per iteration | payloads/s | MB/s | ratio |"
        );
        println!("| --- | --- | --- | --- | --- | --- | --- |");
        for (group, measured, baseline) in PAIRS {
            let (Some(m), Some(b)) = (mean_ns(dir, group, measured), mean_ns(dir, group, baseline))
            else {
                println!(
                    "| {group} | {measured} | {baseline} | (not measured in this run) | | | |"
                );
                continue;
            };
            let bytes = bytes_per_iter(dir, group, measured);
            let mbps = bytes.map(|bytes| bytes / m * 1e9 / 1e6);
            // The signature rows measure one body, the others the whole corpus.
            let per_iteration = if *group == "signature" { 1.0 } else { payloads };
            println!(
                "| {group} | {measured} | {baseline} | {:.1} µs | {:.0} | {} | {:.2} |",
                m / 1e3,
                per_iteration / m * 1e9,
                mbps.map(|v| format!("{v:.0}")).unwrap_or_default(),
                m / b
            );
        }
        if let Some(t) = mean_ns(
            dir,
            "contract compile",
            "fresh checker: compile one validator, check one",
        ) {
            println!("| contract compile | a fresh checker: one event's validator and one check | (once per event and process) | {:.0} µs | | | |", t / 1e3);
        }
        if let Some(g) = mean_ns(
            dir,
            "generate",
            "schemas/ -> Rust and JSON Schema, in memory",
        ) {
            println!(
                "| generate | schemas/ -> everything | budget 1 s | {:.0} ms | | | {:.2} of budget |",
                g / 1e6,
                g / 1e9
            );
        }
    }
}
