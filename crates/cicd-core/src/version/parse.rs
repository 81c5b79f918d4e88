//! Versions as Release Please reads them: the first `X.Y.Z[-pre][+build]` in a text.

use semver::{BuildMetadata, Prerelease, Version};

use crate::{Error, Result};

/// Read a version the way Release Please does: the first `X.Y.Z`, with an
/// optional `-pre-release` and `+build`, anywhere in the text (`v1.2.3`,
/// `api-v1.2.3-rc.1`, `Release 2.0.0`).
///
/// ```
/// let version = cicd_core::version::parse("api-v1.2.3-rc.1")?;
/// assert_eq!(version.to_string(), "1.2.3-rc.1");
/// assert!(cicd_core::version::parse("one.two").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::Version`] when there is no version in the text, or its pre-release
/// or build part is not valid semver.
pub fn parse(text: &str) -> Result<Version> {
    let error = |what: &str| Error::Version {
        value: text.to_owned(),
        what: what.to_owned(),
    };
    let bytes = text.as_bytes();
    for start in 0..bytes.len() {
        if !bytes[start].is_ascii_digit() || (start > 0 && bytes[start - 1].is_ascii_digit()) {
            continue;
        }
        let Some((core, rest)) = core_at(&text[start..]) else {
            continue;
        };
        let (pre, build) = match rest.strip_prefix('-') {
            Some(after) if !after.is_empty() && !after.starts_with('+') => {
                match after.split_once('+') {
                    Some((pre, build)) => (pre, Some(build)),
                    None => (after, None),
                }
            }
            _ => ("", rest.strip_prefix('+')),
        };
        let mut version = Version::new(core[0], core[1], core[2]);
        version.pre = Prerelease::new(pre)
            .map_err(|err| error(&format!("bad pre-release `{pre}`: {err}")))?;
        if let Some(build) = build.filter(|build| !build.is_empty()) {
            version.build = BuildMetadata::new(build)
                .map_err(|err| error(&format!("bad build metadata `{build}`: {err}")))?;
        }
        return Ok(version);
    }
    Err(error("expected a version like `1.2.3`"))
}

/// `X.Y.Z` at the start of `text` and what follows it.
fn core_at(text: &str) -> Option<([u64; 3], &str)> {
    let mut numbers = [0; 3];
    let mut rest = text;
    for (index, number) in numbers.iter_mut().enumerate() {
        if index > 0 {
            rest = rest.strip_prefix('.')?;
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        *number = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
    }
    Some((numbers, rest))
}
