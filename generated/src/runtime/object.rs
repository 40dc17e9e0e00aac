//! Decoding the generated structs from a JSON object, one small impl per struct.
//!
//! serde's derived `Deserialize` writes, for every struct, an enum of its members, a visitor that reads that enum
//! from a string, from bytes and from an index, and a second visitor that reads the struct from an array as well as
//! from an object. A crate of a thousand structs pays for all of that in every build, and the vendors only ever send
//! objects. The generator writes instead an [`Object`] impl: the struct's member names, and one `visit` that reads
//! each member into a local, skips members it does not know, and builds the struct. What is the same for every
//! struct (the visitor, finding a member by name, refusing a duplicate or a missing member) lives here once.
//!
//! What a decoded struct is and which errors a bad answer gives are those of the derived impls: a member given twice
//! is an error (`duplicate field`), a required member missing is one (`missing field`), an optional member may be
//! absent or `null`, and unknown members are skipped without being built. Decoding goes through the same
//! [`Deserializer`], so the limits of [`DecodeLimits`](super::DecodeLimits) apply unchanged: a member name is matched
//! without being kept, and each member's value is decoded as its own type.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
/// What [`Object::visit`] reads members from, for the generated impls.
pub(crate) use serde::de::MapAccess;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, Visitor};

/// A struct the generator decodes from an object of members.
///
/// `visit` reads the members with [`next`], [`take`] and [`skip`] and builds the struct with [`required`] and
/// [`optional`]; the struct's `Deserialize` impl is [`deserialize`]. The generated `visit` names its locals after the
/// struct's fields, and its map and the index of the member read `map_` and `member_`: field names never end in `_`
/// (only the escaped keywords `self_`, `super_` and `crate_` do), so these cannot collide with a field.
pub(crate) trait Object: Sized {
    /// The struct's name, for error messages.
    const NAME: &'static str;
    /// The members' wire names; [`next`] gives a member's index in this list.
    const MEMBERS: &'static [&'static str];

    /// Reads the struct's members from `map`.
    fn visit<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The `Deserialize` impl of an [`Object`].
pub(crate) fn deserialize<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::MEMBERS, ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit(map)
    }
}

/// The next member's index in `members`, `members.len()` for a member not in it, or `None` after the last member.
pub(crate) fn next<'de, A: MapAccess<'de>>(
    map: &mut A,
    members: &'static [&'static str],
) -> Result<Option<u32>, A::Error> {
    map.next_key_seed(Member(members))
}

/// Reads the value of a member whose name [`next`] matched into `slot`; a member given twice is an error.
pub(crate) fn take<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    member: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(member));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a member the struct does not know, without building it.
pub(crate) fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The value of a required member; its absence is an error.
pub(crate) fn required<T, E: de::Error>(slot: Option<T>, member: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(member))
}

/// The value of an optional member: absent and `null` are both `None`.
pub(crate) fn optional<T>(slot: Option<Option<T>>) -> Option<T> {
    slot.flatten()
}

/// Matches a member name against the struct's, without keeping it: the index is smaller than a pointer, so the
/// decoding limits charge nothing for the name.
struct Member(&'static [&'static str]);

impl Member {
    fn index(&self, name: &[u8]) -> u32 {
        let found = self.0.iter().position(|m| m.as_bytes() == name).unwrap_or(self.0.len());
        u32::try_from(found).unwrap_or(u32::MAX)
    }
}

impl<'de> DeserializeSeed<'de> for Member {
    type Value = u32;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<u32, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Member {
    type Value = u32;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<u32, E> {
        Ok(self.index(name.as_bytes()))
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<u32, E> {
        Ok(self.index(name))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// What the generator writes for a struct of a required and two optional members, one of them a list of
    /// structs.
    #[derive(Debug, PartialEq)]
    pub(crate) struct Pair {
        name: String,
        count: Option<i64>,
        items: Option<Vec<Pair>>,
    }

    impl<'de> Deserialize<'de> for Pair {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer)
        }
    }

    impl Object for Pair {
        const NAME: &'static str = "Pair";
        const MEMBERS: &'static [&'static str] = &["Name", "Count", "Items"];

        fn visit<'de, A: MapAccess<'de>>(mut map_: A) -> Result<Self, A::Error> {
            let mut name = None;
            let mut count = None;
            let mut items = None;
            while let Some(member_) = next(&mut map_, Self::MEMBERS)? {
                match member_ {
                    0 => take(&mut map_, &mut name, "Name")?,
                    1 => take(&mut map_, &mut count, "Count")?,
                    2 => take(&mut map_, &mut items, "Items")?,
                    _ => skip(&mut map_)?,
                }
            }
            Ok(Self { name: required(name, "Name")?, count: optional(count), items: optional(items) })
        }
    }

    /// The same struct as serde derives it, as the generator wrote it before.
    #[derive(Debug, PartialEq, Deserialize)]
    pub(crate) struct DerivedPair {
        #[serde(rename = "Name")]
        name: String,
        #[serde(rename = "Count", default)]
        count: Option<i64>,
        #[serde(rename = "Items", default)]
        items: Option<Vec<DerivedPair>>,
    }

    impl From<Pair> for DerivedPair {
        fn from(p: Pair) -> Self {
            Self { name: p.name, count: p.count, items: p.items.map(|i| i.into_iter().map(Self::from).collect()) }
        }
    }

    fn both(json: &str) -> (Result<DerivedPair, String>, Result<DerivedPair, String>) {
        let generated = serde_json::from_str::<Pair>(json).map(DerivedPair::from).map_err(|e| e.to_string());
        // The derived struct's errors name it by its own name.
        let derived =
            serde_json::from_str::<DerivedPair>(json).map_err(|e| e.to_string().replace("DerivedPair", "Pair"));
        (generated, derived)
    }

    #[test]
    fn objects_decode_as_the_derived_impls_decode_them() {
        let inputs = [
            r#"{"Extra": {"deep": [1, 2]}, "Count": 3, "Name": "a\"b"}"#,
            r#"{"Name": "a", "Count": null}"#,
            r#"{"Name": "a"}"#,
            r#"{"Name": "a", "count": 3, "NAME": "b"}"#,
            r#"{"Name": "x", "Items": [{"Name": "y", "Items": []}, {"Name": "z", "Count": -1}]}"#,
            r#"{"Na\u006de": "escaped member name"}"#,
        ];
        for json in inputs {
            let (generated, derived) = both(json);
            assert!(derived.is_ok(), "{json}: {derived:?}");
            assert_eq!(generated, derived, "{json}");
        }
        let (generated, _) = both(r#"{"Name": "x", "Items": [{"Name": "y"}]}"#);
        assert_eq!(generated.unwrap().items.unwrap()[0].name, "y");
    }

    #[test]
    fn bad_objects_give_the_derived_impls_errors() {
        let inputs = [
            r#"{"Count": 1}"#,
            r#"{"Name": "a", "Name": "b"}"#,
            r#"{"Name": "a", "Count": 1, "Count": null}"#,
            r#"{"Name": 1}"#,
            r#"{"Name": "a", "Items": [{}]}"#,
            r#"{"Name": "a", "Count": 1.5}"#,
            r#"{"Name": "a""#,
            "null",
            "7",
        ];
        for json in inputs {
            let (generated, derived) = both(json);
            assert!(derived.is_err(), "{json}");
            assert_eq!(generated, derived, "{json}");
        }
        // The one difference: serde derives a struct from an array of its members in order; the vendors never send
        // one, and the generated impls refuse it.
        let (generated, derived) = both(r#"["a", 1, null]"#);
        assert!(derived.is_ok());
        assert_eq!(generated, Err("invalid type: sequence, expected struct Pair at line 1 column 1".into()));
    }
}
