//! Any bytes under any lockfile name give a lockfile or an error naming the
//! file, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 11] = [
    "Cargo.lock",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "poetry.lock",
    "uv.lock",
    "Pipfile.lock",
    "pdm.lock",
    "requirements.txt",
    "web/pnpm-lock.yaml",
];

fuzz_target!(|data: &[u8]| {
    let Some((choice, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(*choice) % NAMES.len()];
    let _ = cicd_core::sbom::read_lockfile(name, bytes, None);
});
