//! Rendering release notes: one release of many commits, and many releases.

use std::hint::black_box;

use cicd_core::changelog::{self, Release, Repository, Sections};
use cicd_core::commits::{self, Commit};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// Deterministic commits: features, fixes with references, breaking changes,
/// hidden chores, subjects with issue numbers and markup.
fn history(count: usize) -> Vec<Commit> {
    let kinds = ["feat", "fix", "chore", "docs", "perf", "refactor", "fix"];
    let scopes = ["", "(api)", "(cli)", "(parser)"];
    (0..count)
        .map(|i| {
            let kind = kinds[i % kinds.len()];
            let scope = scopes[i % scopes.len()];
            let bang = if i % 97 == 0 { "!" } else { "" };
            let mut message =
                format!("{kind}{scope}{bang}: handle the <Widget> timeout in upload {i} (#{i})");
            if i % 5 == 0 {
                message.push_str(&format!("\n\nFixes #{}", i / 5 + 1));
            }
            commits::parse(&format!("{i:040x}"), &message)
        })
        .collect()
}

fn release() -> Release {
    Release {
        version: "1.5.0".to_owned(),
        previous_tag: Some("v1.4.2".to_owned()),
        tag: "v1.5.0".to_owned(),
        date: "2026-02-05".to_owned(),
        repository: Repository::from_url("https://github.com/acme/widget")
            .expect("a repository URL"),
        authors: changelog::Authors::Hidden,
    }
}

fn render(c: &mut Criterion) {
    let sections = Sections::for_release_type("node");
    let release = release();
    let mut group = c.benchmark_group("changelog::render");
    for size in [100, 10_000] {
        let commits = history(size);
        group.throughput(Throughput::Elements(size as u64));
        group.bench_with_input(BenchmarkId::from_parameter(size), &commits, |b, commits| {
            b.iter(|| black_box(changelog::render(&release, commits, &sections)));
        });
    }
    group.finish();
}

fn insert(c: &mut Criterion) {
    let sections = Sections::for_release_type("node");
    let section = changelog::render(&release(), &history(50), &sections);
    let existing = format!(
        "# Changelog\n\n{}\n",
        vec![section.replace("1.5.0", "1.4.2"); 200].join("\n\n")
    );
    c.bench_function("changelog::insert/200-releases", |b| {
        b.iter(|| black_box(changelog::insert(Some(&existing), &section)));
    });
}

criterion_group!(benches, render, insert);
criterion_main!(benches);
