//! Package URLs (`pkg:type/namespace/name@version?qualifiers#subpath`) in
//! canonical form, as the purl specification (ECMA-427) builds them: type
//! lower case, npm scopes with `@` as `%40`, PyPI names PEP 503-normalised,
//! GitHub names lower case, qualifiers sorted with empty values dropped, and
//! every character but `A-Za-z0-9.-_~:` percent-encoded.

use std::collections::BTreeMap;

/// A package URL's parts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Purl {
    /// `cargo`, `npm`, `pypi`…
    pub kind: String,
    /// The npm scope (`@angular`), the GitHub owner; `None` for most types.
    pub namespace: Option<String>,
    /// The package name.
    pub name: String,
    /// The version, when known.
    pub version: Option<String>,
    /// `repository_url`, `vcs_url`, `download_url`…
    pub qualifiers: BTreeMap<String, String>,
    /// A path inside the package.
    pub subpath: Option<String>,
}

/// Why a purl cannot be built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PurlError {
    /// No type, or one with characters a type cannot hold.
    #[error("a purl needs a type of letters, digits, `.`, `+` or `-`, not starting with a digit")]
    Type,
    /// No name.
    #[error("a purl needs a name")]
    Name,
    /// A qualifier key with characters a key cannot hold.
    #[error(
        "qualifier key `{0}`: expected letters, digits, `.`, `-` or `_`, not starting with a digit"
    )]
    QualifierKey(String),
    /// Not `pkg:` and a type.
    #[error("a purl starts with `pkg:` and a type, as in `pkg:npm/name@1.0.0`")]
    Scheme,
    /// A qualifier that is not `key=value`.
    #[error("qualifier `{0}`: expected `key=value`")]
    Qualifier(String),
    /// A `%` not followed by two hex digits, or bytes that are not UTF-8.
    #[error("`{0}`: a bad percent-encoding")]
    Encoding(String),
}

impl Purl {
    /// A purl of `kind` for `name` at `version`.
    pub fn new(kind: &str, name: &str, version: Option<&str>) -> Self {
        Self {
            kind: kind.to_owned(),
            name: name.to_owned(),
            version: version.map(str::to_owned),
            ..Self::default()
        }
    }

    /// The same with a namespace.
    #[must_use]
    pub fn with_namespace(mut self, namespace: &str) -> Self {
        self.namespace = Some(namespace.to_owned()).filter(|namespace| !namespace.is_empty());
        self
    }

    /// The same with a qualifier.
    #[must_use]
    pub fn with_qualifier(mut self, key: &str, value: &str) -> Self {
        self.qualifiers.insert(key.to_owned(), value.to_owned());
        self
    }

    /// Parse a purl as the specification reads one: the subpath after `#`,
    /// the qualifiers after `?`, the `pkg:` scheme, the type, the version
    /// after the last `@`, the name after the last `/`, the namespace before
    /// it; each part percent-decoded. [`Purl::build`] gives its canonical
    /// form back.
    ///
    /// # Errors
    ///
    /// [`PurlError`] when a part is missing or malformed.
    pub fn parse(text: &str) -> Result<Self, PurlError> {
        let (rest, subpath) = match text.rsplit_once('#') {
            Some((rest, subpath)) => {
                let segments = subpath
                    .split('/')
                    .filter(|segment| !matches!(*segment, "" | "." | ".."))
                    .map(decode)
                    .collect::<Result<Vec<_>, _>>()?;
                (
                    rest,
                    Some(segments.join("/")).filter(|path| !path.is_empty()),
                )
            }
            None => (text, None),
        };
        let (rest, qualifiers) = match rest.rsplit_once('?') {
            Some((rest, query)) => {
                let mut qualifiers = BTreeMap::new();
                for pair in query.split('&').filter(|pair| !pair.is_empty()) {
                    let (key, value) = pair
                        .split_once('=')
                        .ok_or_else(|| PurlError::Qualifier(pair.to_owned()))?;
                    let key = key.to_ascii_lowercase();
                    let valid_key = key.chars().next().is_some_and(|c| !c.is_ascii_digit())
                        && key
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
                    if !valid_key {
                        return Err(PurlError::QualifierKey(key));
                    }
                    let value = decode(value)?;
                    if !value.is_empty() {
                        qualifiers.insert(key, value);
                    }
                }
                (rest, qualifiers)
            }
            None => (rest, BTreeMap::new()),
        };
        let (scheme, rest) = rest.split_once(':').ok_or(PurlError::Scheme)?;
        if !scheme.eq_ignore_ascii_case("pkg") {
            return Err(PurlError::Scheme);
        }
        let rest = rest.trim_start_matches('/');
        let (kind, rest) = rest.split_once('/').ok_or(PurlError::Scheme)?;
        let kind = kind.to_ascii_lowercase();
        if !valid_type(&kind) {
            return Err(PurlError::Type);
        }
        // The version follows the last `@` of the last segment: an `@`
        // before a `/` is an npm scope written unencoded.
        let last_segment = rest.rfind('/').map(|slash| slash + 1).unwrap_or(0);
        let (rest, version) = match rest.rfind('@').filter(|at| *at >= last_segment) {
            Some(at) => (
                &rest[..at],
                Some(decode(&rest[at + 1..])?).filter(|version| !version.is_empty()),
            ),
            None => (rest, None),
        };
        let rest = rest.trim_matches('/');
        let (namespace, name) = match rest.rsplit_once('/') {
            Some((namespace, name)) => (Some(namespace), name),
            None => (None, rest),
        };
        let name = decode(name)?;
        if name.is_empty() {
            return Err(PurlError::Name);
        }
        let namespace = match namespace {
            Some(namespace) => {
                let segments = namespace
                    .split('/')
                    .filter(|segment| !segment.is_empty())
                    .map(decode)
                    .collect::<Result<Vec<_>, _>>()?;
                Some(segments.join("/")).filter(|namespace| !namespace.is_empty())
            }
            None => None,
        };
        let mut purl = Self {
            kind,
            namespace,
            name,
            version,
            qualifiers,
            subpath,
        };
        // The type's own normalisation, as `build` applies it.
        match purl.kind.as_str() {
            "pypi" => purl.name = pep503(&purl.name),
            "github" | "bitbucket" => {
                purl.name = purl.name.to_ascii_lowercase();
                purl.namespace = purl
                    .namespace
                    .map(|namespace| namespace.to_ascii_lowercase());
            }
            _ => {}
        }
        Ok(purl)
    }

    /// The canonical string.
    ///
    /// # Errors
    ///
    /// [`PurlError`] when the type, name or a qualifier key is unusable.
    pub fn build(&self) -> Result<String, PurlError> {
        let kind = self.kind.to_ascii_lowercase();
        if !valid_type(&kind) {
            return Err(PurlError::Type);
        }
        let mut name = self.name.trim_matches('/').to_owned();
        let mut namespace = self
            .namespace
            .as_deref()
            .map(|namespace| namespace.trim_matches('/').to_owned())
            .filter(|namespace| !namespace.is_empty());
        match kind.as_str() {
            "pypi" => name = pep503(&name),
            "github" | "bitbucket" => {
                name = name.to_ascii_lowercase();
                namespace = namespace.map(|namespace| namespace.to_ascii_lowercase());
            }
            _ => {}
        }
        if name.is_empty() {
            return Err(PurlError::Name);
        }
        let mut out = format!("pkg:{kind}/");
        if let Some(namespace) = &namespace {
            for segment in namespace.split('/').filter(|segment| !segment.is_empty()) {
                out.push_str(&encode(segment));
                out.push('/');
            }
        }
        out.push_str(&encode(&name));
        if let Some(version) = self
            .version
            .as_deref()
            .filter(|version| !version.is_empty())
        {
            out.push('@');
            out.push_str(&encode(version));
        }
        let mut first = true;
        for (key, value) in &self.qualifiers {
            if value.is_empty() {
                continue;
            }
            let key = key.to_ascii_lowercase();
            let valid_key = key
                .chars()
                .next()
                .is_some_and(|first| !first.is_ascii_digit())
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
            if !valid_key {
                return Err(PurlError::QualifierKey(key));
            }
            out.push(if first { '?' } else { '&' });
            first = false;
            out.push_str(&key);
            out.push('=');
            out.push_str(&encode(value));
        }
        if let Some(subpath) = &self.subpath {
            let segments: Vec<String> = subpath
                .split('/')
                .filter(|segment| !matches!(*segment, "" | "." | ".."))
                .map(encode)
                .collect();
            if !segments.is_empty() {
                out.push('#');
                out.push_str(&segments.join("/"));
            }
        }
        // Held once per package of a lockfile: no spare capacity.
        out.shrink_to_fit();
        Ok(out)
    }
}

/// A type: letters, digits, `.`, `+` and `-`, starting with a letter.
fn valid_type(kind: &str) -> bool {
    kind.chars()
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic())
        && kind
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-'))
}

/// Percent-decode `text` (`+` stays a plus).
fn decode(text: &str) -> Result<String, PurlError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            let hex = bytes
                .get(at + 1..at + 3)
                .and_then(|hex| std::str::from_utf8(hex).ok())
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .ok_or_else(|| PurlError::Encoding(text.to_owned()))?;
            out.push(hex);
            at += 3;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(out).map_err(|_| PurlError::Encoding(text.to_owned()))
}

/// PEP 503: lower case, every run of `-`, `_` and `.` as one `-`.
pub fn pep503(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// Percent-encode all but `A-Za-z0-9.-_~:`.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'-' | b'_' | b'~' | b':') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purls_of_the_types_we_emit() {
        assert_eq!(
            Purl::new("npm", "animation", Some("12.3.1"))
                .with_namespace("@angular")
                .build()
                .as_deref(),
            Ok("pkg:npm/%40angular/animation@12.3.1")
        );
        assert_eq!(
            Purl::new("PyPI", "Django_package", Some("1.11.1.dev1"))
                .build()
                .as_deref(),
            Ok("pkg:pypi/django-package@1.11.1.dev1")
        );
        assert_eq!(
            Purl::new("pypi", "zope.interface", Some("8.0"))
                .build()
                .as_deref(),
            Ok("pkg:pypi/zope-interface@8.0")
        );
        assert_eq!(
            Purl::new(
                "cargo",
                "tikv-jemalloc-sys",
                Some("0.6.1+5.3.0-1-ge13ca993e8")
            )
            .build()
            .as_deref(),
            Ok("pkg:cargo/tikv-jemalloc-sys@0.6.1%2B5.3.0-1-ge13ca993e8")
        );
        assert_eq!(
            Purl::new("cargo", "x", Some("1.0.0"))
                .with_qualifier("vcs_url", "git+https://github.com/a/b@abc")
                .with_qualifier("empty", "")
                .build()
                .as_deref(),
            Ok("pkg:cargo/x@1.0.0?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fa%2Fb%40abc")
        );
        assert_eq!(Purl::new("", "x", None).build(), Err(PurlError::Type));
        for text in [
            "pkg:npm/%40angular/animation@12.3.1",
            "pkg:cargo/x@1.0.0?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fa%2Fb%40abc",
            "pkg:pypi/zope-interface@8.0#src/zope",
        ] {
            assert_eq!(
                Purl::parse(text).and_then(|purl| purl.build()).as_deref(),
                Ok(text)
            );
        }
        assert_eq!(
            Purl::parse("pkg:npm/@babel/core@7.0.0").map(|purl| purl.namespace),
            Ok(Some("@babel".to_owned()))
        );
        assert_eq!(
            Purl::parse("pkg:npm/x%zz"),
            Err(PurlError::Encoding("x%zz".to_owned()))
        );
        assert_eq!(Purl::parse("npm/x"), Err(PurlError::Scheme));
        assert_eq!(Purl::new("npm", "", None).build(), Err(PurlError::Name));
    }
}
