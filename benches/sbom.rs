//! SBOM assembly: reading a 1,130-crate `Cargo.lock` (reth's, from
//! `../shared/data`; a generated one when that is absent) and a generated
//! 1,500-package `pnpm-lock.yaml`, rendering CycloneDX and SPDX, and merging
//! two SBOMs.

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

/// A pnpm 9.0 lockfile of 1,500 packages, each depending on the three
/// before it, with integrity hashes and a peer-resolved instance each.
fn pnpm_lockfile() -> Vec<u8> {
    const PACKAGES: usize = 1_500;
    let integrity = "sha512-RdJUflcE3cUzKiMqQgsCu06FPu9UdIJO0beYbPhHN4k6apgJtifcoCtT9bcxOpYBtpD2kCM6Sbzg4CausW/PKQ==";
    let mut text =
        String::from("lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n");
    for i in (0..PACKAGES).step_by(50) {
        text.push_str(&format!(
            "      pkg{i}:\n        specifier: ^1.0.0\n        version: 1.0.{i}(peer@2.0.0)\n"
        ));
    }
    text.push_str("\npackages:\n\n  peer@2.0.0:\n");
    text.push_str(&format!("    resolution: {{integrity: {integrity}}}\n"));
    for i in 0..PACKAGES {
        text.push_str(&format!("\n  pkg{i}@1.0.{i}:\n    resolution: {{integrity: {integrity}}}\n    peerDependencies:\n      peer: ^2\n"));
    }
    text.push_str("\nsnapshots:\n\n  peer@2.0.0: {}\n");
    for i in 0..PACKAGES {
        text.push_str(&format!(
            "\n  pkg{i}@1.0.{i}(peer@2.0.0):\n    dependencies:\n      peer: 2.0.0\n"
        ));
        for j in i.saturating_sub(3)..i {
            text.push_str(&format!("      pkg{j}: 1.0.{j}(peer@2.0.0)\n"));
        }
    }
    text.into_bytes()
}

fn bench(c: &mut Criterion) {
    let bytes = lockfile();
    let mut group = c.benchmark_group("sbom");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("read Cargo.lock", |b| {
        b.iter(|| sbom::read_lockfile("Cargo.lock", black_box(&bytes), None).expect("reads"));
    });
    let pnpm = pnpm_lockfile();
    group.throughput(Throughput::Bytes(pnpm.len() as u64));
    group.bench_function("read pnpm-lock.yaml", |b| {
        b.iter(|| sbom::read_lockfile("pnpm-lock.yaml", black_box(&pnpm), None).expect("reads"));
    });
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    let lock = sbom::read_lockfile("Cargo.lock", &bytes, None).expect("reads");
    let document = Document::new("reth", vec![lock], "2026-01-01T00:00:00Z");
    group.bench_function("CycloneDX", |b| b.iter(|| black_box(&document).cyclonedx()));
    group.bench_function("SPDX", |b| b.iter(|| black_box(&document).spdx()));
    // Merging the reth SBOM with the pnpm one (3,000 components).
    let pnpm_lock = sbom::read_lockfile("pnpm-lock.yaml", &pnpm, None).expect("reads");
    let pnpm_document = Document::new("web", vec![pnpm_lock], "2026-01-01T00:00:00Z");
    let inputs = [
        ("reth.cdx.json", document.cyclonedx()),
        ("web.cdx.json", pnpm_document.cyclonedx()),
    ]
    .map(|(path, text)| sbom::merge::Input {
        path: path.to_owned(),
        document: serde_json::from_str(&text).expect("JSON"),
    });
    group.bench_function("merge CycloneDX", |b| {
        b.iter(|| {
            sbom::merge::merge(black_box(&inputs), "all", "2026-01-01T00:00:00Z").expect("merges")
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
