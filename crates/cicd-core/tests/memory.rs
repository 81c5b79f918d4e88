//! Memory bounds, measured by counting every allocation: a binary of its
//! own, since a global allocator counts every thread and the test suite's
//! run in parallel.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};

use cicd_core::sbom::{self, Document};

/// The system allocator, keeping the bytes live and the most ever live.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let live = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call is passed on to `System` unchanged; only counters are
// added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: the caller's guarantees, passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's guarantees, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size <= layout.size() {
            // Shrunk in place.
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        } else {
            // Counted as the new block beside the old, as a moving realloc is.
            grew(new_size);
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        // SAFETY: the caller's guarantees, passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// A package-lock.json v3 of `count` packages shaped like a real one: a
/// registry URL and a SHA-512 integrity each, a third with dependencies, a
/// tenth installed nested under another.
fn package_lock(count: usize) -> String {
    let mut text = String::from(
        "{\n  \"name\": \"big\",\n  \"version\": \"1.0.0\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {\n    \"\": {\n      \"name\": \"big\",\n      \"version\": \"1.0.0\",\n      \"dependencies\": {\n",
    );
    for at in 0..count.min(100) {
        let comma = if at + 1 < count.min(100) { "," } else { "" };
        let _ = writeln!(text, "        \"pkg{at}\": \"^1.0.0\"{comma}");
    }
    text.push_str("      }\n    }");
    // In the order npm writes them: by install path, as text.
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by_cached_key(|at| format!("pkg{at}"));
    for at in order {
        let install = if at % 10 == 9 {
            format!("node_modules/pkg{}/node_modules/pkg{at}", at - 1)
        } else {
            format!("node_modules/pkg{at}")
        };
        let _ = write!(
            text,
            ",\n    \"{install}\": {{\n      \"version\": \"1.0.{}\",\n      \"resolved\": \"https://registry.npmjs.org/pkg{at}/-/pkg{at}-1.0.{}.tgz\",\n      \"integrity\": \"sha512-{}==\"",
            at % 7,
            at % 7,
            "A".repeat(86)
        );
        if at % 3 == 0 {
            text.push_str(",\n      \"dependencies\": {\n");
            for next in 1..=3 {
                let comma = if next < 3 { "," } else { "" };
                let _ = writeln!(
                    text,
                    "        \"pkg{}\": \"^1.0.0\"{comma}",
                    (at + next) % count
                );
            }
            text.push_str("      }");
        }
        text.push_str("\n    }");
    }
    text.push_str("\n  }\n}\n");
    text
}

#[test]
fn an_sbom_of_a_package_lock_takes_at_most_four_times_its_size() {
    // Exactly its length, so that what is live beside it is what reading
    // and writing take.
    let text: Box<str> = package_lock(20_000).into_boxed_str();
    let size = text.len();
    let before = LIVE.load(Ordering::Relaxed) - size;
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    let lockfile = sbom::read_lockfile("package-lock.json", text.as_bytes(), None).unwrap();
    assert_eq!(lockfile.components.len(), 20_000);
    assert!(lockfile.lock_edges > 15_000, "{}", lockfile.lock_edges);
    drop(text);
    let document = Document::new("big", vec![lockfile], "2026-01-01T00:00:00Z");
    document.write_cyclonedx(&mut std::io::sink()).unwrap();
    document.write_spdx(&mut std::io::sink()).unwrap();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    assert!(
        peak <= 4 * size,
        "reading and writing a {size}-byte package-lock.json took {peak} bytes at most ({:.2}×)",
        peak as f64 / size as f64
    );
    eprintln!(
        "{size} bytes, at most {peak} live ({:.2}×)",
        peak as f64 / size as f64
    );
}
