//! `package-lock.json` as serde reads it: only the fields the SBOM needs,
//! typed (a version that is a list is an error with its line, not a purl),
//! their text borrowed from the file.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

/// The lockfile.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RawLock<'a> {
    #[serde(default)]
    pub(super) lockfile_version: Option<u64>,
    #[serde(borrow, default)]
    pub(super) name: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(super) version: Option<Cow<'a, str>>,
    /// v2 and v3: entries by install path, kept as their text and read
    /// once their number is known.
    #[serde(borrow, default)]
    pub(super) packages: Option<&'a RawValue>,
    /// v1 (and v2's copy for old npm): entries nested by name, kept as
    /// their text and read only when there is no `packages`.
    #[serde(borrow, default)]
    pub(super) dependencies: Option<&'a RawValue>,
}

/// A `packages` entry.
#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct RawEntry<'a> {
    #[serde(borrow)]
    pub(super) name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) version: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) resolved: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) integrity: Option<Cow<'a, str>>,
    pub(super) link: bool,
    pub(super) dev: bool,
    pub(super) dev_optional: bool,
    pub(super) optional: bool,
    #[serde(borrow)]
    pub(super) dependencies: Keys<'a>,
    #[serde(borrow)]
    pub(super) optional_dependencies: Keys<'a>,
    #[serde(borrow)]
    pub(super) peer_dependencies: Keys<'a>,
}

/// A v1 `dependencies` entry, with its own nested ones.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct RawNested<'a> {
    #[serde(borrow)]
    pub(super) version: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) resolved: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) integrity: Option<Cow<'a, str>>,
    pub(super) dev: bool,
    pub(super) optional: bool,
    #[serde(borrow)]
    pub(super) requires: Keys<'a>,
    #[serde(borrow)]
    pub(super) dependencies: BTreeMap<Cow<'a, str>, Object<RawNested<'a>>>,
}

/// `T` read only from a JSON object: serde's derived structs take an array
/// too (its items as the fields, in order), which no lockfile holds.
pub(super) struct Object<T>(pub(super) T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<T>(std::marker::PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = T;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("an object")
            }

            fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Self::Value, M::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            }
        }

        deserializer
            .deserialize_map(ObjectVisitor(std::marker::PhantomData))
            .map(Object)
    }
}

/// The keys of a `{name: range}` map (the ranges are not needed).
#[derive(Default)]
pub(super) struct Keys<'a>(pub(super) Vec<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for Keys<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeysVisitor<'a>(std::marker::PhantomData<&'a ()>);

        impl<'de: 'a, 'a> Visitor<'de> for KeysVisitor<'a> {
            type Value = Keys<'a>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("an object of package names")
            }

            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Keys::default())
            }

            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut keys = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
                while let Some(key) = map.next_key::<Borrowed<'a>>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(key.0);
                }
                Ok(Keys(keys))
            }
        }

        deserializer.deserialize_any(KeysVisitor(std::marker::PhantomData))
    }
}

/// A string borrowed from the input when it has no escapes.
pub(super) struct Borrowed<'a>(pub(super) Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Borrowed<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wrapper<'b>(#[serde(borrow)] Cow<'b, str>);
        Wrapper::deserialize(deserializer).map(|wrapper| Self(wrapper.0))
    }
}
