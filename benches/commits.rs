//! Parsing and linting commit messages, at several history sizes.

use std::hint::black_box;

use cicd_core::commits::{self, lint};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// Deterministic messages with the mix of `bench/synth-history.py`: mostly
/// conventional, some with bodies, footers and breaking changes.
fn messages(count: usize) -> Vec<String> {
    let types = [
        "feat", "fix", "chore", "docs", "refactor", "perf", "test", "build", "ci", "revert",
    ];
    let scopes = ["", "api", "core", "cli", "parser", "deps"];
    let mut state: u64 = 42;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    (0..count)
        .map(|i| {
            if next() % 100 < 8 {
                return format!("Update the thing number {i}\n");
            }
            let kind = types[next() % types.len()];
            let scope = scopes[next() % scopes.len()];
            let scope = if scope.is_empty() { String::new() } else { format!("({scope})") };
            let mut message = format!("{kind}{scope}: handle request timeout in stream upload (#{i})\n");
            if next() % 10 < 4 {
                message.push_str("\nparse the header and validate the token before the upload starts\nretry on timeout\n");
            }
            if next() % 100 == 0 {
                message.push_str("\nBREAKING CHANGE: the token bucket is gone\n");
            }
            if next() % 10 < 2 {
                message.push_str(&format!("\nRefs: #{}\nCo-authored-by: Dev <dev@example.com>\n", i / 2 + 1));
            }
            message
        })
        .collect()
}

/// Run `work` over every message, at each history size.
fn over_sizes(c: &mut Criterion, name: &str, work: impl Fn(&str)) {
    let mut group = c.benchmark_group(name);
    for size in [100, 10_000] {
        let input = messages(size);
        group.throughput(Throughput::Elements(size as u64));
        group.bench_with_input(BenchmarkId::from_parameter(size), &input, |b, input| {
            b.iter(|| {
                for message in input {
                    work(message);
                }
            });
        });
    }
    group.finish();
}

fn parse(c: &mut Criterion) {
    over_sizes(c, "commits::parse", |message| {
        black_box(commits::parse("0000000", message));
    });
}

fn lint_messages(c: &mut Criterion) {
    let config = lint::Config::default();
    over_sizes(c, "commits::lint", |message| {
        black_box(lint::lint(message, &config));
    });
}

criterion_group!(benches, parse, lint_messages);
criterion_main!(benches);
