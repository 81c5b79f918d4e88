//! Lint commit messages given as arguments with the default rules
//! (commitlint's `config-conventional`), as `cicd lint --message` does.
//!
//! ```sh
//! cargo run --example lint_message -- "feat(api): add the widget endpoint" "Update README"
//! ```

use std::process::ExitCode;

use cicd_core::commits::lint::{self, Config};

fn main() -> ExitCode {
    let config = Config::default();
    let mut failed = false;
    for message in std::env::args().skip(1) {
        let report = lint::lint(&message, &config);
        failed |= report.failed();
        println!("{message}");
        if report.violations.is_empty() {
            println!("  ok");
        }
        for violation in &report.violations {
            println!("  {violation}");
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
