//! Memory: parsing a webhook into its types allocates no more than parsing it into
//! `serde_json::Value` does. Counted with a counting global allocator (deterministic, unlike
//! a timing).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;
use voucherify_contract_tests::typed_corpus;
use voucherify_webhooks::Webhook;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(new_size, Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// (allocations, bytes) that `f` makes. The tests of this file run one at a time (see below),
/// so nothing else allocates meanwhile.
fn count<T>(f: impl FnOnce() -> T) -> (usize, usize) {
    let (a, b) = (
        ALLOCATIONS.load(Ordering::SeqCst),
        BYTES.load(Ordering::SeqCst),
    );
    let out = f();
    let counted = (
        ALLOCATIONS.load(Ordering::SeqCst) - a,
        BYTES.load(Ordering::SeqCst) - b,
    );
    drop(out);
    counted
}

fn check(name: &str, body: &[u8], failures: &mut Vec<String>) {
    let (value_allocs, value_bytes) =
        count(|| serde_json::from_slice::<Value>(body).expect("JSON"));
    let (typed_allocs, typed_bytes) = count(|| Webhook::from_slice(body).expect("a webhook"));
    if typed_allocs > value_allocs {
        failures.push(format!(
            "{name} ({} bytes): typed parse made {typed_allocs} allocations ({typed_bytes} bytes), Value {value_allocs} ({value_bytes} bytes)",
            body.len()
        ));
    }
}

// One test function, so that no other test thread allocates while counting.
#[test]
fn a_typed_parse_allocates_no_more_than_a_value_parse() {
    let mut failures = Vec::new();
    let corpus = typed_corpus();
    for (name, body) in &corpus {
        check(name, body, &mut failures);
    }
    let checked = corpus.len();
    assert!(checked >= 9);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
