//! An Expo project's `app.json`, as Release Please's `expo` strategy
//! rewrites it: `expo.version`, and when set `expo.ios.buildNumber` and
//! `expo.android.versionCode` (from the Expo SDK's major version).

use semver::Version;

use super::json_edit::{Step, value_span_at};
use super::{Updated, js_truthy};

/// The Expo SDK version a `package.json` names: its `expo` dependency (then
/// dev, peer and optional ones, the first non-empty), read as Release Please
/// reads it (the first `X.Y.Z` in the range, so `~50.0.4` is 50.0.4); `0.0.0`
/// when none names expo.
///
/// # Errors
///
/// The dependency, when it holds no `X.Y.Z` (`latest`) or is not a string.
pub fn expo_sdk_version(package_json: &str) -> Result<Version, String> {
    let json: serde_json::Value =
        serde_json::from_str(package_json).map_err(|err| format!("not JSON: {err}"))?;
    let kinds = [
        "dependencies",
        "devDependencies",
        "peerDependencies",
        "optionalDependencies",
    ];
    let named = kinds.iter().find_map(|kind| {
        let value = json.get(kind)?.get("expo")?;
        // JavaScript's `||`: an empty string falls through.
        (value.as_str() != Some("")).then_some((kind, value))
    });
    let Some((kind, value)) = named else {
        return Ok(Version::new(0, 0, 0));
    };
    let range = value
        .as_str()
        .ok_or_else(|| format!("`{kind}.expo` is not a string"))?;
    first_version(range).ok_or_else(|| {
        format!("`{kind}.expo` (`{range}`) names no X.Y.Z version: give it one, as `~50.0.4`")
    })
}

/// The first `X.Y.Z` in `text` (pre-release and build ignored).
fn first_version(text: &str) -> Option<Version> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find_map(|start| {
        let number = |at: usize| {
            let end = (at..bytes.len())
                .find(|&end| !bytes[end].is_ascii_digit())
                .unwrap_or(bytes.len());
            (end > at).then(|| (text[at..end].parse::<u64>().ok(), end))
        };
        let (major, end) = number(start)?;
        let (minor, end) = (bytes.get(end) == Some(&b'.')).then(|| number(end + 1))??;
        let (patch, _) = (bytes.get(end) == Some(&b'.')).then(|| number(end + 1))??;
        Some(Version::new(major?, minor?, patch?))
    })
}

/// `app.json` for `version`; `sdk` is [`expo_sdk_version`]'s answer, needed
/// only when the file has an Android `versionCode`, which becomes
/// `SDK major × 10000000 + major × 10000 + minor × 100 + patch`.
pub(super) fn app_json(
    text: &str,
    version: &Version,
    sdk: &Result<Version, String>,
) -> Result<Updated, String> {
    let json: serde_json::Value =
        serde_json::from_str(text).map_err(|err| format!("not JSON: {err}"))?;
    let Some(expo) = json.get("expo").filter(|expo| expo.is_object()) else {
        return Ok(Updated::Skipped("no `expo` object".to_owned()));
    };
    if expo.get("version").is_none() {
        return Ok(Updated::Skipped("no `expo.version`".to_owned()));
    }
    let quoted = serde_json::to_string(&version.to_string()).map_err(|err| err.to_string())?;
    // Each value to set, with its path.
    let mut edits: Vec<(&[Step<'static>], String)> =
        vec![(&[Step::Key("expo"), Step::Key("version")], quoted.clone())];
    let set = |platform: &str, key: &str| {
        expo.get(platform)
            .and_then(|object| object.get(key))
            .is_some_and(js_truthy)
    };
    if set("ios", "buildNumber") {
        edits.push((
            &[
                Step::Key("expo"),
                Step::Key("ios"),
                Step::Key("buildNumber"),
            ],
            quoted,
        ));
    }
    if set("android", "versionCode") {
        let sdk = sdk.as_ref().map_err(|why| {
            format!("its Android `versionCode` needs the Expo SDK version: {why}")
        })?;
        let code = sdk
            .major
            .checked_mul(10_000_000)
            .and_then(|code| code.checked_add(version.major.checked_mul(10_000)?))
            .and_then(|code| code.checked_add(version.minor.checked_mul(100)?))
            .and_then(|code| code.checked_add(version.patch))
            .ok_or("the Android `versionCode` would overflow")?;
        edits.push((
            &[
                Step::Key("expo"),
                Step::Key("android"),
                Step::Key("versionCode"),
            ],
            code.to_string(),
        ));
    }
    let mut out = text.to_owned();
    for (steps, value) in edits {
        let (start, end) =
            value_span_at(&out, steps).ok_or("a value to set could not be found in the text")?;
        out.replace_range(start..end, &value);
    }
    Ok(Updated::Text(out))
}

#[cfg(test)]
mod tests {
    use semver::Version;

    use super::{Updated, app_json, expo_sdk_version, first_version};

    #[test]
    fn the_sdk_version_is_the_first_x_y_z_of_the_first_expo_dependency() {
        let sdk = |text: &str| expo_sdk_version(text).map(|v| v.to_string());
        assert_eq!(
            sdk(r#"{"dependencies": {"expo": "~50.0.4"}}"#).unwrap(),
            "50.0.4"
        );
        assert_eq!(
            sdk(r#"{"dependencies": {"expo": ""}, "devDependencies": {"expo": "^49.1.0"}}"#)
                .unwrap(),
            "49.1.0"
        );
        assert_eq!(sdk(r#"{"dependencies": {}}"#).unwrap(), "0.0.0");
        assert!(sdk(r#"{"dependencies": {"expo": "latest"}}"#).is_err());
        assert!(sdk(r#"{"dependencies": {"expo": 50}}"#).is_err());
        assert_eq!(first_version("v1.2"), None);
        assert_eq!(first_version("x1.2.3.4"), Some(Version::new(1, 2, 3)));
    }

    #[test]
    fn version_build_number_and_version_code_change_in_place() {
        let file = "{\n  \"expo\": {\n    \"name\": \"w\",\n    \"version\": \"1.2.3\",\n    \"ios\": {\"buildNumber\": \"1.2.3\"},\n    \"android\": {\"versionCode\": 500010203}\n  }\n}\n";
        let sdk = Ok(Version::new(50, 0, 4));
        let Ok(Updated::Text(out)) = app_json(file, &Version::new(1, 3, 0), &sdk) else {
            panic!("not updated");
        };
        assert_eq!(
            out,
            file.replace("\"version\": \"1.2.3\"", "\"version\": \"1.3.0\"")
                .replace("\"buildNumber\": \"1.2.3\"", "\"buildNumber\": \"1.3.0\"")
                .replace("500010203", "500010300")
        );
    }

    #[test]
    fn unset_platform_values_stay_unset_and_a_missing_sdk_matters_only_for_android() {
        let file = r#"{"expo": {"version": "1.2.3", "ios": {"buildNumber": ""}}}"#;
        let no_sdk = Err("`dependencies.expo` names no version".to_owned());
        assert_eq!(
            app_json(file, &Version::new(2, 0, 0), &no_sdk),
            Ok(Updated::Text(file.replace("1.2.3", "2.0.0")))
        );
        let android = r#"{"expo": {"version": "1.2.3", "android": {"versionCode": 3}}}"#;
        assert!(app_json(android, &Version::new(2, 0, 0), &no_sdk).is_err());
        assert!(matches!(
            app_json(r#"{"name": "w"}"#, &Version::new(2, 0, 0), &no_sdk),
            Ok(Updated::Skipped(_))
        ));
    }
}
