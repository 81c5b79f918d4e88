//! Lint a required-check policy against a repository's workflows, and show
//! which check names each workflow produces (what GitHub will match).
//!
//! ```text
//! cargo run --example check_policy -- [.github/required-checks.toml] [.github/workflows]
//! ```

use std::path::PathBuf;

use cicd_core::policy::{self, Policy, Workflow, WorkflowFile};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let policy_path = args
        .next()
        .unwrap_or_else(|| ".github/required-checks.toml".to_owned());
    let folder = PathBuf::from(
        args.next()
            .unwrap_or_else(|| ".github/workflows".to_owned()),
    );
    let (policy, warnings) = Policy::parse(&std::fs::read_to_string(&policy_path)?, &policy_path)?;
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&folder)? {
        let path = entry?.path();
        if path
            .extension()
            .is_some_and(|extension| extension == "yml" || extension == "yaml")
        {
            files.push(WorkflowFile {
                path: path.to_string_lossy().into_owned(),
                text: std::fs::read_to_string(&path)?,
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let load = |path: &str| {
        files
            .iter()
            .find(|file| file.path.ends_with(path))
            .and_then(|file| Workflow::parse(&file.path, &file.text).ok())
    };
    for file in &files {
        match Workflow::parse(&file.path, &file.text) {
            Ok(workflow) => {
                println!("{} ({})", workflow.name, workflow.path);
                for produced in workflow.produces(&load) {
                    let dynamic = if produced.dynamic {
                        "  (filled at run time)"
                    } else {
                        ""
                    };
                    println!("  {}{dynamic}", produced.name);
                }
            }
            Err((line, what)) => println!("{}:{line}: {what}", file.path),
        }
    }
    let findings = policy::lint(&policy, &policy_path, &files);
    for finding in &findings {
        println!(
            "{:?} {}: {}",
            finding.severity, finding.file, finding.message
        );
    }
    println!(
        "{} required checks, {} findings",
        policy.requirements.len(),
        findings.len()
    );
    Ok(())
}
