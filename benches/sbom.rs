//! SBOM assembly: reading a 1,130-crate `Cargo.lock` (reth's, from
//! `../shared/data`; a generated one when that is absent) and rendering
//! CycloneDX and SPDX.

use std::hint::black_box;

use cicd_core::sbom::{self, Document};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// reth's Cargo.lock, else one of as many crates in a chain.
fn lockfile() -> Vec<u8> {
    let shared = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/lockfiles/reth-Cargo.lock"
    );
    std::fs::read(shared).unwrap_or_else(|_| {
        let mut text = String::from("version = 4\n");
        for i in 0..1_130 {
            text.push_str(&format!(
                "\n[[package]]\nname = \"crate{i}\"\nversion = \"1.0.{i}\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"{i:064x}\"\n"
            ));
            if i > 0 {
                text.push_str(&format!("dependencies = [\"crate{}\"]\n", i - 1));
            }
        }
        text.into_bytes()
    })
}

fn bench(c: &mut Criterion) {
    let bytes = lockfile();
    let mut group = c.benchmark_group("sbom");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("read Cargo.lock", |b| {
        b.iter(|| sbom::read_lockfile("Cargo.lock", black_box(&bytes), None).expect("reads"));
    });
    let lock = sbom::read_lockfile("Cargo.lock", &bytes, None).expect("reads");
    let document = Document::new("reth", vec![lock], "2026-01-01T00:00:00Z");
    group.bench_function("CycloneDX", |b| b.iter(|| black_box(&document).cyclonedx()));
    group.bench_function("SPDX", |b| b.iter(|| black_box(&document).spdx()));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
