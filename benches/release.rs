//! Release planning: the whole plan of a 10,000-commit monorepo of 20
//! packages held in memory; splitting its history among the packages (each
//! from its own last release); rewriting version files, and filling the
//! release PR's title and body.

use std::hint::black_box;

use cicd_core::changelog::Repository;
use cicd_core::history::{self, Folder, InMemory, Packages, RawCommit};
use cicd_core::release::plan::{self, PackageHistory, Request};
use cicd_core::release::strategy::Snapshot;
use cicd_core::release::{self, FileKind, Naming};
use cicd_core::version::Version;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const PACKAGES: usize = 20;
const COMMITS: usize = 10_000;

/// A linear history, newest first: each commit touches one or two packages,
/// some the top level, a few nothing.
fn history() -> Vec<RawCommit> {
    (0..COMMITS)
        .rev()
        .map(|i| {
            let files = match i % 17 {
                0 => Vec::new(),
                1 => vec!["README.md".to_owned()],
                _ => {
                    let mut files = vec![format!("packages/p{}/src/lib.js", i % PACKAGES)];
                    if i % 3 == 0 {
                        files.push(format!("packages/p{}/index.js", (i * 7) % PACKAGES));
                    }
                    files
                }
            };
            RawCommit {
                id: format!("{i:040x}"),
                message: format!("fix(p{}): handle case {i}", i % PACKAGES),
                parents: if i == 0 {
                    Vec::new()
                } else {
                    vec![format!("{:040x}", i - 1)]
                },
                files: Some(files),
                ..RawCommit::default()
            }
        })
        .collect()
}

fn split(c: &mut Criterion) {
    let commits = history();
    let paths: Vec<String> = (0..PACKAGES).map(|p| format!("packages/p{p}")).collect();
    let folders: Vec<Folder<'_>> = paths.iter().map(|path| Folder::new(path)).collect();
    // Each package released at a different point of the history.
    let tags: Vec<history::Tag> = (0..PACKAGES)
        .map(|p| {
            let name = format!("p{p}-v1.0.{p}");
            history::Tag {
                release: history::parse_tag_name(&name),
                name,
                target: format!("{:040x}", COMMITS / 2 + p * 200),
                date: None,
            }
        })
        .collect();
    let mut group = c.benchmark_group("release");
    group.throughput(Throughput::Elements(COMMITS as u64));
    group.bench_function("split 10k commits among 20 packages", |b| {
        b.iter(|| {
            let packages = Packages::new(black_box(commits.clone()), &folders, |commit| commit);
            (0..PACKAGES)
                .map(|p| packages.unreleased(p, Some(&tags[p])).len())
                .sum::<usize>()
        });
    });
    group.finish();
}

/// The monorepo of [`history`] in memory: 20 `simple` packages with their
/// version.txt and CHANGELOG.md, the configuration and the manifest, each
/// package tagged at a different point.
fn monorepo() -> Snapshot {
    let mut files = Vec::new();
    let mut packages = Vec::new();
    let mut manifest = Vec::new();
    let mut tags = Vec::new();
    for p in 0..PACKAGES {
        let dir = format!("packages/p{p}");
        files.push((format!("{dir}/version.txt"), format!("1.0.{p}\n")));
        files.push((
            format!("{dir}/CHANGELOG.md"),
            format!("# Changelog\n\n## 1.0.{p} (2024-01-01)\n\n* first\n"),
        ));
        packages.push(format!("\"{dir}\": {{\"component\": \"p{p}\"}}"));
        manifest.push(format!("\"{dir}\": \"1.0.{p}\""));
        tags.push((
            format!("p{p}-v1.0.{p}"),
            format!("{:040x}", COMMITS / 2 + p * 200),
        ));
    }
    files.push((
        "release-please-config.json".to_owned(),
        format!(
            "{{\"release-type\": \"simple\", \"packages\": {{{}}}}}",
            packages.join(", ")
        ),
    ));
    files.push((
        ".release-please-manifest.json".to_owned(),
        format!("{{{}}}\n", manifest.join(", ")),
    ));
    Snapshot::new(files).with_history(InMemory::new(history(), tags))
}

fn whole_plan(c: &mut Criterion) {
    let repo = monorepo();
    let links = Repository::from_url("https://github.com/acme/mono").expect("a URL");
    let (request, _) = Request::from_source(&repo, links, "2024-05-01").expect("a request");
    let mut group = c.benchmark_group("release");
    group.throughput(Throughput::Elements(COMMITS as u64));
    group.bench_function("plan 10k commits of 20 packages in memory", |b| {
        b.iter(|| {
            let history = PackageHistory::read(&repo, black_box(&request)).expect("the history");
            let planned = plan::plan(&repo, &request, &history).expect("a plan");
            assert_eq!(planned.releases.len(), PACKAGES);
            planned
        });
    });
    group.finish();
}

fn files(c: &mut Criterion) {
    let version = Version::new(2, 0, 0);
    let cargo = include_str!("../Cargo.toml");
    let package = "{\n  \"name\": \"widget\",\n  \"version\": \"1.9.9\",\n  \"dependencies\": {\"ms\": \"^2.1.3\"}\n}\n";
    let mut group = c.benchmark_group("release");
    group.bench_function("rewrite Cargo.toml", |b| {
        b.iter(|| {
            release::set_version(
                FileKind::CargoToml,
                "Cargo.toml",
                black_box(cargo),
                &version,
            )
        });
    });
    group.bench_function("rewrite package.json", |b| {
        b.iter(|| {
            release::set_version(
                FileKind::PackageJson,
                "package.json",
                black_box(package),
                &version,
            )
        });
    });
    let naming = Naming {
        component: Some("widget".to_owned()),
        branch_component: Some("widget".to_owned()),
        ..Naming::default()
    };
    let notes = "## [2.0.0](https://github.com/acme/widget/compare/widget-v1.9.9...widget-v2.0.0) (2026-01-01)\n\n\n### Features\n\n* a feature\n".repeat(20);
    group.bench_function("release PR text", |b| {
        b.iter(|| naming.pull_request(&version, black_box(&notes)));
    });
    group.finish();
}

criterion_group!(benches, whole_plan, split, files);
criterion_main!(benches);
