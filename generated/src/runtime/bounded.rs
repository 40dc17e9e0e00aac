//! Decoding untrusted answers within fixed limits.
//!
//! A body capped at a few MiB can still decode into far more memory: five million `{}` in a JSON array each become
//! a struct of a few hundred bytes. `deserialize` wraps any serde [`Deserializer`] so that every visitor, sequence,
//! map and enum it hands out is wrapped too, and charges what the decoded value is built from against a
//! [`DecodeLimits`] budget while decoding goes on. The first limit exceeded stops decoding and is reported as a typed
//! [`LimitExceeded`], even though serde itself can only carry it as a custom error message.
//!
//! What is charged:
//! - **depth**: each sequence or map entered is one level, and so is the content of an enum variant.
//! - **elements**: each sequence element and each map entry is one element.
//! - **memory**, in bytes, charged before the part is decoded, so a flood of small elements stops early:
//!   - an element of a sequence decoded through `deserialize_seq` or `deserialize_any` (a `Vec`, a set, a JSON
//!     array) costs the size of the element type, and an entry of a map decoded through `deserialize_map` or
//!     `deserialize_any` (a `HashMap`, a JSON object) the size of its key type plus that of its value type;
//!   - the fields of structs, tuples and enum variants cost nothing more: they live inline in their parent, whose
//!     whole size was charged already;
//!   - a struct, sequence, map or enum built where less room was paid for than its own size costs its size: that is
//!     a `Box`, `Rc` or `Arc` of it, whose slot in the parent only holds a pointer;
//!   - a string or byte string costs its length, unless the value decoded from it is smaller than a pointer and so
//!     cannot own a copy (member names that derived or generated impls match, unit-only enums).
//! - **string length**: every string and byte string decoded, map keys included.
//!
//! Counting costs about a tenth of the decoding time, so answers that cannot go beyond the limits skip it: the
//! generator records each operation's [`OutputShape`] (how deeply its types nest, the size of its largest list
//! element), and [`from_slice_shaped`] decodes an answer too short to reach any limit with that shape, whatever it
//! holds, without the wrapper.
//!
//! Content the decoded types skip (unknown members) is left to the format, which skips it without building
//! anything: it costs nothing and counts toward no limit (`serde_json` still checks it and bounds its nesting by its
//! own recursion limit of 128).
//!
//! The charge follows the type sizes, so it is deterministic and close to exact for plain data, but it leaves out
//! what collections keep beyond their elements: a `Vec` grown by doubling may hold up to twice what was charged
//! (`serde_json` gives no size hints), and hash or B-tree map nodes carry their own overhead.
//! Values that serde buffers before building them (`#[serde(flatten)]`, untagged and internally tagged enums) are
//! charged as the buffer serde decodes through this wrapper, not as the value it then builds outside of it.

use std::cell::Cell;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};

/// Limits on what decoding one answer may build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeLimits {
    depth: usize,
    elements: usize,
    memory: usize,
    string: usize,
}

impl Default for DecodeLimits {
    fn default() -> Self {
        Self { depth: 64, elements: 1_000_000, memory: 64 << 20, string: 1 << 20 }
    }
}

impl DecodeLimits {
    /// Sets how deeply the answer may nest: each array or object (sequence or map) entered is one level, and so is
    /// the content of an enum variant. The default is 64, below `serde_json`'s own recursion limit of 128.
    #[must_use]
    pub const fn with_max_depth(mut self, max: usize) -> Self {
        self.depth = max;
        self
    }

    /// Sets how many elements the decoded answer may hold in all: each array element and each object entry decoded
    /// counts one, wherever it is (members the types do not know are skipped and count nothing). The default is
    /// 1 000 000.
    #[must_use]
    pub const fn with_max_elements(mut self, max: usize) -> Self {
        self.elements = max;
        self
    }

    /// Sets how many bytes the decoded value may take beyond its own root: the size of each element of a list or
    /// entry of a map, of each boxed value, and the length of each string it may own. The default is 64 MiB.
    #[must_use]
    pub const fn with_max_memory(mut self, max: usize) -> Self {
        self.memory = max;
        self
    }

    /// Sets how long, in bytes, any one string or byte string decoded may be, map keys included. The default is
    /// 1 MiB.
    #[must_use]
    pub const fn with_max_string_len(mut self, max: usize) -> Self {
        self.string = max;
        self
    }

    /// How deeply the answer may nest, in arrays, objects and enum variants (default 64).
    #[must_use]
    pub const fn max_depth(self) -> usize {
        self.depth
    }

    /// How many array elements and object entries the answer may hold in all (default 1 000 000).
    #[must_use]
    pub const fn max_elements(self) -> usize {
        self.elements
    }

    /// How many bytes decoding may charge for elements, entries, boxed values and strings (default 64 MiB).
    #[must_use]
    pub const fn max_memory(self) -> usize {
        self.memory
    }

    /// How many bytes long any one string of the answer may be (default 1 MiB).
    #[must_use]
    pub const fn max_string_len(self) -> usize {
        self.string
    }
}

/// Which of the [`DecodeLimits`] an answer went beyond.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Limit {
    /// The answer nests deeper than [`DecodeLimits::max_depth`].
    Depth,
    /// The answer holds more elements than [`DecodeLimits::max_elements`].
    Elements,
    /// Decoding would take more memory than [`DecodeLimits::max_memory`].
    Memory,
    /// A string of the answer is longer than [`DecodeLimits::max_string_len`].
    StringLength,
}

/// An answer went beyond one of the [`DecodeLimits`]: which one, and the maximum it had.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LimitExceeded {
    /// The limit gone beyond.
    pub limit: Limit,
    /// The maximum that limit allowed.
    pub max: usize,
}

impl fmt::Display for LimitExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let max = self.max;
        match self.limit {
            Limit::Depth => write!(f, "the answer nests deeper than {max} levels"),
            Limit::Elements => write!(f, "the answer holds more than {max} elements"),
            Limit::Memory => write!(f, "the answer would take more than {max} bytes of memory to decode"),
            Limit::StringLength => write!(f, "the answer holds a string longer than {max} bytes"),
        }
    }
}

impl std::error::Error for LimitExceeded {}

/// Why bounded decoding failed.
#[derive(Debug)]
pub(crate) enum Failure<E> {
    /// The answer went beyond a limit.
    Exceeded(LimitExceeded),
    /// Any other error of the deserializer or of the decoded types.
    Other(E),
}

impl<E: fmt::Display> fmt::Display for Failure<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Exceeded(exceeded) => exceeded.fmt(f),
            Failure::Other(error) => error.fmt(f),
        }
    }
}

impl<E: std::error::Error> std::error::Error for Failure<E> {}

/// Deserializes `T` from `de` within `limits`.
///
/// Returns [`Failure::Exceeded`] when the answer went beyond a limit, even where a decoded type swallowed the error,
/// and [`Failure::Other`] with the deserializer's own error otherwise.
pub(crate) fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    de: D,
    limits: &DecodeLimits,
) -> Result<T, Failure<D::Error>> {
    let budget = Budget::new(*limits, size_of::<T>());
    let result = T::deserialize(Bounded { de, budget: &budget });
    match budget.exceeded.get() {
        Some(exceeded) => Err(Failure::Exceeded(exceeded)),
        None => result.map_err(Failure::Other),
    }
}

/// Deserializes `T` from a JSON body within `limits`, rejecting trailing data as `serde_json::from_slice` does.
/// `serde_json` reports where a body is not UTF-8.
pub(crate) fn from_slice<'de, T: Deserialize<'de>>(
    body: &'de [u8],
    limits: &DecodeLimits,
) -> Result<T, Failure<serde_json::Error>> {
    // One reader for every body: `from_slice` decodes what `from_str` decodes, checking each string's UTF-8 as it
    // goes. A second reader for bodies known to be UTF-8 compiled every output type's decoder twice more.
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = deserialize(&mut de, limits)?;
    de.end().map_err(Failure::Other)?;
    Ok(value)
}

/// How far an operation's typed output can reach, as the generator reads it from the spec: how deeply its data can
/// nest, and the size of the largest list element it can hold. With it, an answer too short to go beyond any limit
/// whatever it holds is decoded without the per-value accounting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutputShape {
    /// Levels of objects and arrays the output's data can nest, the output's own object included; `usize::MAX` when
    /// its types are recursive.
    pub depth: usize,
    /// The size in bytes of the largest list element anywhere in the output (0 when it holds no list).
    pub largest_element: usize,
}

impl OutputShape {
    /// A shape that promises nothing: every answer is decoded with the accounting.
    pub const UNBOUNDED: OutputShape = OutputShape { depth: usize::MAX, largest_element: usize::MAX };

    /// Levels a vendor's envelope can add around the output's data: Tencent's `{"Response": {...}}` read through
    /// its one-pass visitor, Volcengine's `{"Result": {...}}`, their `Error` objects.
    const ENVELOPE_DEPTH: usize = 3;

    /// The largest of `sizes`, for the generator's `largest_element` (a `const` expression of `size_of`s).
    #[must_use]
    pub const fn largest(sizes: &[usize]) -> usize {
        let mut largest = 0;
        let mut i = 0;
        while i < sizes.len() {
            if sizes[i] > largest {
                largest = sizes[i];
            }
            i += 1;
        }
        largest
    }

    /// Limits that an answer of `len` bytes with this shape cannot go beyond, whatever it holds, or `None` when
    /// the shape bounds nothing. In `len` bytes of JSON:
    /// - typed data nests at most `depth` levels, and the envelope adds at most [`Self::ENVELOPE_DEPTH`] (members
    ///   the types skip are not charged);
    /// - at most `len / 2 + 1` elements and entries fit, each element or entry with its separator taking two bytes
    ///   or more, and each costs at most `largest_element` (there are no maps or boxes in generated types);
    /// - no string is longer than `len`, and all strings together take at most `len` bytes.
    fn reach(self, len: usize) -> Option<DecodeLimits> {
        let elements = len / 2 + 1;
        Some(DecodeLimits {
            depth: self.depth.checked_add(Self::ENVELOPE_DEPTH)?,
            elements,
            memory: elements.checked_mul(self.largest_element)?.checked_add(len)?,
            string: len,
        })
    }
}

/// Deserializes `T`, an operation's answer whose typed data has `shape`, from a JSON body within `limits`.
///
/// When the body is too short for any answer of that shape to go beyond `limits`, it is decoded without the
/// per-value accounting, which costs a tenth of the decoding time; the result is the same. Debug builds then check
/// that claim by decoding again with the accounting, within the reach computed for the body.
pub(crate) fn from_slice_shaped<'de, T: Deserialize<'de>>(
    body: &'de [u8],
    limits: &DecodeLimits,
    shape: OutputShape,
) -> Result<T, Failure<serde_json::Error>> {
    let within = shape.reach(body.len()).filter(|reach| {
        reach.depth <= limits.depth
            && reach.elements <= limits.elements
            && reach.memory <= limits.memory
            && reach.string <= limits.string
    });
    let Some(_reach) = within else {
        return from_slice(body, limits);
    };
    let decoded = serde_json::from_slice(body);
    #[cfg(debug_assertions)]
    if decoded.is_ok() {
        if let Err(Failure::Exceeded(exceeded)) = from_slice::<T>(body, &_reach) {
            panic!("an answer of {} bytes went beyond the reach of its output shape {shape:?}: {exceeded}", body.len());
        }
    }
    decoded.map_err(Failure::Other)
}

/// What decoding one answer has used so far.
struct Budget {
    limits: DecodeLimits,
    depth: Cell<usize>,
    elements: Cell<usize>,
    memory: Cell<usize>,
    /// Bytes already paid for the slot that the next struct, sequence, map or enum is built into.
    paid: Cell<usize>,
    exceeded: Cell<Option<LimitExceeded>>,
}

impl Budget {
    fn new(limits: DecodeLimits, root: usize) -> Self {
        let zero = || Cell::new(0);
        Self {
            limits,
            depth: zero(),
            elements: zero(),
            memory: zero(),
            paid: Cell::new(root),
            exceeded: Cell::new(None),
        }
    }

    /// Records the first limit exceeded and makes the error that stops decoding.
    fn trip<E: de::Error>(&self, limit: Limit, max: usize) -> E {
        let exceeded = LimitExceeded { limit, max };
        if self.exceeded.get().is_none() {
            self.exceeded.set(Some(exceeded));
        }
        E::custom(exceeded)
    }

    fn charge<E: de::Error>(&self, bytes: usize) -> Result<(), E> {
        let memory = self.memory.get().saturating_add(bytes);
        self.memory.set(memory);
        if memory > self.limits.memory { Err(self.trip(Limit::Memory, self.limits.memory)) } else { Ok(()) }
    }

    fn count<E: de::Error>(&self) -> Result<(), E> {
        let elements = self.elements.get().saturating_add(1);
        self.elements.set(elements);
        if elements > self.limits.elements { Err(self.trip(Limit::Elements, self.limits.elements)) } else { Ok(()) }
    }

    /// Runs `decode` one level deeper.
    fn nest<R, E: de::Error>(&self, decode: impl FnOnce() -> Result<R, E>) -> Result<R, E> {
        let depth = self.depth.get() + 1;
        if depth > self.limits.depth {
            return Err(self.trip(Limit::Depth, self.limits.depth));
        }
        self.depth.set(depth);
        let result = decode();
        self.depth.set(depth - 1);
        result
    }

    /// A string of `len` bytes is handed to a visitor building a `T`.
    fn string<T, E: de::Error>(&self, len: usize) -> Result<(), E> {
        if len > self.limits.string {
            return Err(self.trip(Limit::StringLength, self.limits.string));
        }
        // A value smaller than a pointer cannot own a copy of the string.
        if size_of::<T>() >= size_of::<usize>() { self.charge(len) } else { Ok(()) }
    }

    /// A value of type `T` is about to be decoded into a slot of its own, charged when `heap` (a collection's element
    /// or entry) and inline in a parent already charged otherwise.
    fn slot<T, E: de::Error>(&self, heap: bool) -> Result<(), E> {
        self.paid.set(size_of::<T>());
        if heap { self.charge(size_of::<T>()) } else { Ok(()) }
    }

    /// A struct, sequence, map or enum of type `T` is being built: if the slot paid for is smaller, it lives
    /// elsewhere (boxed), and costs its whole size.
    fn settle<T, E: de::Error>(&self) -> Result<(), E> {
        let size = size_of::<T>();
        if size > self.paid.replace(size) { self.charge(size) } else { Ok(()) }
    }

    /// Bounds a size hint by the elements left, so no collection preallocates for more than may come.
    fn hint(&self, hint: Option<usize>) -> Option<usize> {
        hint.map(|n| n.min(self.limits.elements.saturating_sub(self.elements.get())))
    }
}

/// A deserializer whose visitors are bounded.
struct Bounded<'a, D> {
    de: D,
    budget: &'a Budget,
}

/// A visitor, sequence, map, enum or variant access whose parts are bounded. `heap` tells whether the elements or
/// entries it yields are allocated apart from their parent (a collection's) or inline (a struct's, a tuple's).
struct Wrap<'a, X> {
    inner: X,
    budget: &'a Budget,
    heap: bool,
}

/// How a seed's value is charged.
#[derive(Clone, Copy)]
enum Slot {
    /// A sequence element or map key: counts one element and takes a slot.
    Entry(bool),
    /// A map value: takes a slot.
    Value(bool),
    /// An enum's variant name or content, which lives in the enum's own slot.
    Same,
}

/// A seed whose value is charged and whose deserializer is bounded.
struct Seed<'a, S> {
    inner: S,
    budget: &'a Budget,
    slot: Slot,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<S::Value, D::Error> {
        let budget = self.budget;
        match self.slot {
            Slot::Entry(heap) => {
                budget.count::<D::Error>()?;
                budget.slot::<S::Value, D::Error>(heap)?;
            }
            Slot::Value(heap) => budget.slot::<S::Value, D::Error>(heap)?,
            Slot::Same => {}
        }
        self.inner.deserialize(Bounded { de, budget })
    }
}

/// Forwards `deserialize_*` methods with the visitor wrapped; `heap` tells whether the parts of what the visitor
/// builds live apart from it (a collection's elements) or inline (a struct's or a tuple's fields).
macro_rules! forward_deserialize {
    ($($heap:literal: $($method:ident($($arg:ident: $ty:ty),*)),*;)*) => {$($(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Self::Error> {
            self.de.$method($($arg,)* Wrap { inner: visitor, budget: self.budget, heap: $heap })
        }
    )*)*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Bounded<'_, D> {
    type Error = D::Error;

    forward_deserialize! {
        true: deserialize_any(), deserialize_bool(), deserialize_i8(), deserialize_i16(), deserialize_i32(),
            deserialize_i64(), deserialize_i128(), deserialize_u8(), deserialize_u16(), deserialize_u32(),
            deserialize_u64(), deserialize_u128(), deserialize_f32(), deserialize_f64(), deserialize_char(),
            deserialize_str(), deserialize_string(), deserialize_bytes(), deserialize_byte_buf(), deserialize_option(),
            deserialize_unit(), deserialize_unit_struct(name: &'static str),
            deserialize_newtype_struct(name: &'static str), deserialize_seq(), deserialize_map(),
            deserialize_enum(name: &'static str, variants: &'static [&'static str]), deserialize_identifier();
        false: deserialize_tuple(len: usize), deserialize_tuple_struct(name: &'static str, len: usize),
            deserialize_struct(name: &'static str, fields: &'static [&'static str]);
    }

    /// Skipped content is left to the format, which skips it without building anything (`serde_json` checks
    /// it, bounds its nesting by its own recursion limit and copies none of its strings), so it costs nothing.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.de.deserialize_ignored_any(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

/// Forwards `visit_*` methods taking one value; `string` ones first check and charge its length.
macro_rules! forward_visit {
    ($($method:ident($ty:ty)),*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            self.inner.$method(v)
        }
    )*};
    (string: $($method:ident($ty:ty)),*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            self.budget.string::<Self::Value, E>(v.len())?;
            self.inner.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    forward_visit! {
        visit_bool(bool), visit_i8(i8), visit_i16(i16), visit_i32(i32), visit_i64(i64), visit_i128(i128), visit_u8(u8),
        visit_u16(u16), visit_u32(u32), visit_u64(u64), visit_u128(u128), visit_f32(f32), visit_f64(f64), visit_char(char)
    }

    forward_visit! {
        string: visit_str(&str), visit_borrowed_str(&'de str), visit_string(String), visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]), visit_byte_buf(Vec<u8>)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<V::Value, D::Error> {
        self.inner.visit_some(Bounded { de, budget: self.budget })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, de: D) -> Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(Bounded { de, budget: self.budget })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        let Self { inner, budget, heap } = self;
        budget.nest(|| {
            budget.settle::<V::Value, A::Error>()?;
            inner.visit_seq(Wrap { inner: seq, budget, heap })
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let Self { inner, budget, heap } = self;
        budget.nest(|| {
            budget.settle::<V::Value, A::Error>()?;
            inner.visit_map(Wrap { inner: map, budget, heap })
        })
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.budget.settle::<V::Value, A::Error>()?;
        self.inner.visit_enum(Wrap { inner: data, budget: self.budget, heap: self.heap })
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Wrap<'_, A> {
    type Error = A::Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, A::Error> {
        self.inner.next_element_seed(Seed { inner: seed, budget: self.budget, slot: Slot::Entry(self.heap) })
    }

    fn size_hint(&self) -> Option<usize> {
        self.budget.hint(self.inner.size_hint())
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Wrap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        self.inner.next_key_seed(Seed { inner: seed, budget: self.budget, slot: Slot::Entry(self.heap) })
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.inner.next_value_seed(Seed { inner: seed, budget: self.budget, slot: Slot::Value(self.heap) })
    }

    fn size_hint(&self) -> Option<usize> {
        self.budget.hint(self.inner.size_hint())
    }
}

impl<'a, 'de, A: EnumAccess<'de>> EnumAccess<'de> for Wrap<'a, A> {
    type Error = A::Error;
    type Variant = Wrap<'a, A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self::Variant), A::Error> {
        let Self { inner, budget, heap } = self;
        let (value, variant) = inner.variant_seed(Seed { inner: seed, budget, slot: Slot::Same })?;
        Ok((value, Wrap { inner: variant, budget, heap }))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Wrap<'_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        let Self { inner, budget, .. } = self;
        budget.nest(|| inner.newtype_variant_seed(Seed { inner: seed, budget, slot: Slot::Same }))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        let Self { inner, budget, .. } = self;
        budget.nest(|| inner.tuple_variant(len, Wrap { inner: visitor, budget, heap: false }))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        let Self { inner, budget, .. } = self;
        budget.nest(|| inner.struct_variant(fields, Wrap { inner: visitor, budget, heap: false }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::IgnoredAny;
    use serde_json::Value;
    use std::collections::BTreeMap;

    /// Decodes `body` as [`from_slice`] does, but also tells the memory and elements charged.
    fn usage<'de, T: Deserialize<'de>>(body: &'de str, limits: DecodeLimits) -> (Result<T, Failure<()>>, usize, usize) {
        let budget = Budget::new(limits, size_of::<T>());
        let mut de = serde_json::Deserializer::from_str(body);
        let result = T::deserialize(Bounded { de: &mut de, budget: &budget });
        let result = match (budget.exceeded.get(), result) {
            (Some(exceeded), _) => Err(Failure::Exceeded(exceeded)),
            (None, result) => result.map_err(|_| Failure::Other(())),
        };
        (result, budget.memory.get(), budget.elements.get())
    }

    fn exceeded<T: fmt::Debug, E: fmt::Debug>(result: Result<T, Failure<E>>) -> LimitExceeded {
        match result {
            Err(Failure::Exceeded(exceeded)) => exceeded,
            other => panic!("expected a limit exceeded, got {other:?}"),
        }
    }

    fn other<T: fmt::Debug>(result: Result<T, Failure<serde_json::Error>>) -> String {
        match result {
            Err(Failure::Other(error)) => error.to_string(),
            other => panic!("expected a serde_json error, got {other:?}"),
        }
    }

    #[derive(Debug, PartialEq)]
    enum Status {
        Active,
        Closed,
        Other(String),
    }

    impl<'de> Deserialize<'de> for Status {
        fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
            struct StatusVisitor;
            impl Visitor<'_> for StatusVisitor {
                type Value = Status;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a status")
                }
                fn visit_str<E: de::Error>(self, s: &str) -> Result<Status, E> {
                    Ok(match s {
                        "active" => Status::Active,
                        "closed" => Status::Closed,
                        other => Status::Other(other.to_owned()),
                    })
                }
            }
            de.deserialize_str(StatusVisitor)
        }
    }

    #[derive(Debug, PartialEq)]
    enum Kind {
        Small,
        Large,
        Code(u64),
    }

    impl<'de> Deserialize<'de> for Kind {
        fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
            struct KindVisitor;
            impl Visitor<'_> for KindVisitor {
                type Value = Kind;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a kind name or code")
                }
                fn visit_str<E: de::Error>(self, s: &str) -> Result<Kind, E> {
                    match s {
                        "small" => Ok(Kind::Small),
                        "large" => Ok(Kind::Large),
                        other => Err(E::unknown_variant(other, &["small", "large"])),
                    }
                }
                fn visit_u64<E: de::Error>(self, n: u64) -> Result<Kind, E> {
                    Ok(Kind::Code(n))
                }
            }
            assert!(de.is_human_readable());
            de.deserialize_any(KindVisitor)
        }
    }

    #[derive(Debug, PartialEq, Deserialize)]
    enum Shape {
        Unit,
        Circle(f64),
        Rect { w: u32, h: u32 },
        Pair(u8, u8),
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Item {
        #[serde(rename = "Code")]
        code: Option<String>,
        #[serde(rename = "Count", default)]
        count: i64,
        kind: Option<Kind>,
        children: Option<Vec<Item>>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Answer<'a> {
        #[serde(rename = "Id")]
        id: Option<i64>,
        #[serde(rename = "Name")]
        name: Option<String>,
        #[serde(borrow)]
        slug: Option<&'a str>,
        #[serde(rename = "Items")]
        items: Option<Vec<Item>>,
        owner: Option<Box<Item>>,
        extra: Option<Value>,
        status: Option<Status>,
        shapes: Option<Vec<Shape>>,
        labels: Option<BTreeMap<String, i64>>,
        pair: Option<(i64, String)>,
        rgb: Option<[u8; 3]>,
        #[serde(default)]
        tags: Vec<String>,
        ratio: Option<f64>,
        missing: Option<String>,
    }

    const ANSWER: &str = r#"{
        "Id": -42, "Name": "caf\u00e9 \"quoted\"", "slug": "plain-slug",
        "Items": [
            {"Code": "a1", "Count": 3, "kind": "small"},
            {"kind": 7, "children": [{"Code": "deep", "kind": "large", "children": []}]},
            {}
        ],
        "owner": {"Code": "me"},
        "extra": {"k": [1, 2.5, "x", null, true, {"n": {}}], "e": []},
        "status": "suspended",
        "shapes": ["Unit", {"Circle": 1.5}, {"Rect": {"w": 2, "h": 3}}, {"Pair": [1, 2]}, {"Unit": null}],
        "labels": {"b": 2, "a": 1},
        "pair": [9, "nine"],
        "rgb": [1, 2, 3],
        "ratio": 0.25,
        "unknown": {"ignored": [1, 2, 3]}
    }"#;

    #[test]
    fn decodes_like_serde_json() {
        let bounded: Answer = from_slice(ANSWER.as_bytes(), &DecodeLimits::default()).unwrap();
        let plain: Answer = serde_json::from_slice(ANSWER.as_bytes()).unwrap();
        assert_eq!(bounded, plain);
        // Spot checks that the answer really went through every path.
        assert_eq!(bounded.name.as_deref(), Some("café \"quoted\""));
        assert_eq!(bounded.slug, Some("plain-slug"));
        assert_eq!(bounded.items.as_ref().unwrap()[1].kind, Some(Kind::Code(7)));
        assert_eq!(bounded.status, Some(Status::Other("suspended".into())));
        assert_eq!(bounded.shapes.as_ref().unwrap()[2], Shape::Rect { w: 2, h: 3 });
        assert_eq!(bounded.pair, Some((9, "nine".into())));
        assert!(bounded.tags.is_empty());

        let status: Status = from_slice(br#""active""#, &DecodeLimits::default()).unwrap();
        assert_eq!(status, Status::Active);
        let kind = from_slice::<Kind>(br#""huge""#, &DecodeLimits::default());
        assert_eq!(other(kind), serde_json::from_str::<Kind>(r#""huge""#).unwrap_err().to_string());
    }

    #[test]
    fn charges_exactly() {
        let limits = DecodeLimits::default();
        // Two Vec slots, and the one string "abc": field names and struct fields cost nothing more.
        let (result, memory, elements) = usage::<Vec<Item>>(r#"[{"Code": "abc", "Count": 1}, {}]"#, limits);
        assert_eq!(result.unwrap().len(), 2);
        assert_eq!((memory, elements), (2 * size_of::<Item>() + 3, 4));
        // Boxed elements cost their pointer and their box.
        let (result, memory, _) = usage::<Vec<Box<Item>>>("[{}, {}]", limits);
        assert_eq!(result.unwrap().len(), 2);
        assert_eq!(memory, 2 * (size_of::<Box<Item>>() + size_of::<Item>()));
        // A boxed field costs its box; an inline one nothing.
        let (result, memory, _) = usage::<Answer>(r#"{"owner": {}, "pair": [1, "ab"]}"#, limits);
        assert!(result.is_ok());
        assert_eq!(memory, size_of::<Item>() + 2);
        // A map entry costs its key and value types, plus the key's string.
        let (result, memory, elements) = usage::<BTreeMap<String, Vec<i64>>>(r#"{"ab": [1, 2]}"#, limits);
        assert_eq!(result.unwrap()["ab"], [1, 2]);
        assert_eq!((memory, elements), (size_of::<String>() + size_of::<Vec<i64>>() + 2 + 2 * 8, 3));
        // Enums: the variant's content lives in the enum.
        let (result, memory, _) = usage::<Vec<Shape>>(r#"[{"Rect": {"w": 1, "h": 2}}, {"Pair": [1, 2]}]"#, limits);
        assert_eq!(result.unwrap().len(), 2);
        assert_eq!(memory, 2 * size_of::<Shape>());
    }

    #[test]
    fn generated_structs_are_charged_as_derived_ones() {
        use crate::runtime::object::tests::{DerivedPair, Pair};
        let limits = DecodeLimits::default();
        let body = r#"{"Name": "abc", "Unknown": [1, {"x": 2}], "Items": [{"Name": "d", "Count": 1}, {"Name": ""}]}"#;
        let (generated, memory, elements) = usage::<Pair>(body, limits);
        let (derived, derived_memory, derived_elements) = usage::<DerivedPair>(body, limits);
        assert_eq!(generated.map(DerivedPair::from).ok(), derived.ok());
        // The two element slots and the strings "abc" and "d"; member names cost nothing. Eight elements: the three
        // members of the root (the unknown one too, whose content is skipped), two list elements and three members.
        assert_eq!((memory, elements), (2 * size_of::<Pair>() + 4, 8));
        assert_eq!((memory, elements), (derived_memory, derived_elements));
        let tight = DecodeLimits::default().with_max_memory(2 * size_of::<Pair>());
        assert_eq!(exceeded(usage::<Pair>(body, tight).0).limit, Limit::Memory);
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Big {
        f01: Option<String>,
        f02: Option<String>,
        f03: Option<String>,
        f04: Option<String>,
        f05: Option<String>,
        f06: Option<String>,
        f07: Option<String>,
        f08: Option<String>,
        f09: Option<String>,
        f10: Option<String>,
        f11: Option<String>,
        f12: Option<String>,
        f13: Option<String>,
        f14: Option<String>,
        f15: Option<String>,
        f16: Option<String>,
        f17: Option<String>,
        f18: Option<String>,
        f19: Option<String>,
        f20: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    struct Items {
        #[serde(rename = "Items")]
        items: Option<Vec<Big>>,
    }

    #[test]
    fn memory_limit_stops_a_flood_of_empty_objects() {
        let count = 200_000;
        let body = format!(r#"{{"Items":[{}{{}}]}}"#, "{},".repeat(count - 1));
        assert!(body.len() < 1 << 20);

        let small = DecodeLimits::default().with_max_memory(1 << 20);
        let found = exceeded(from_slice::<Items>(body.as_bytes(), &small));
        assert_eq!(found, LimitExceeded { limit: Limit::Memory, max: 1 << 20 });
        // It stopped at the first element past the budget, before decoding it.
        let (_, memory, elements) = usage::<Items>(&body, small);
        let kept = (1 << 20) / size_of::<Big>();
        assert_eq!((memory, elements), ((kept + 1) * size_of::<Big>(), 1 + kept + 1));

        let needed = count * size_of::<Big>();
        let result = from_slice::<Items>(body.as_bytes(), &DecodeLimits::default());
        if needed > 64 << 20 {
            assert_eq!(exceeded(result).limit, Limit::Memory);
        } else {
            assert_eq!(result.unwrap().items.unwrap().len(), count);
        }
        let roomy = DecodeLimits::default().with_max_memory(needed);
        assert_eq!(from_slice::<Items>(body.as_bytes(), &roomy).unwrap().items.unwrap().len(), count);
        assert_eq!(usage::<Items>(&body, roomy).1, needed);
        let short = DecodeLimits::default().with_max_memory(needed - 1);
        assert_eq!(exceeded(from_slice::<Items>(body.as_bytes(), &short)).limit, Limit::Memory);
    }

    fn nested(depth: usize) -> String {
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    }

    #[test]
    fn elements_limit() {
        let limits = DecodeLimits::default().with_max_elements(10);
        let ten = format!("[{}]", ["0"; 10].join(","));
        let eleven = format!("[{}]", ["0"; 11].join(","));
        assert_eq!(from_slice::<Vec<u8>>(ten.as_bytes(), &limits).unwrap().len(), 10);
        let found = exceeded(from_slice::<Vec<u8>>(eleven.as_bytes(), &limits));
        assert_eq!(found, LimitExceeded { limit: Limit::Elements, max: 10 });
        assert_eq!(found.to_string(), "the answer holds more than 10 elements");
        // Map entries count too, and so do the elements of nested values.
        let map = r#"{"a": [1, 2, 3, 4], "b": [5, 6, 7, 8]}"#;
        assert!(from_slice::<Value>(map.as_bytes(), &limits).is_ok());
        let limits = limits.with_max_elements(9);
        assert_eq!(exceeded(from_slice::<Value>(map.as_bytes(), &limits)).limit, Limit::Elements);
    }

    #[test]
    fn depth_limit() {
        let limits = DecodeLimits::default().with_max_depth(10);
        let found = exceeded(from_slice::<Value>(nested(100).as_bytes(), &limits));
        assert_eq!(found, LimitExceeded { limit: Limit::Depth, max: 10 });
        assert_eq!(found.to_string(), "the answer nests deeper than 10 levels");
        assert!(from_slice::<Value>(nested(10).as_bytes(), &limits).is_ok());
        assert_eq!(exceeded(from_slice::<Value>(nested(11).as_bytes(), &limits)).limit, Limit::Depth);
        // The default stops before serde_json's own recursion limit of 128 ...
        assert_eq!(exceeded(from_slice::<Value>(nested(100).as_bytes(), &DecodeLimits::default())).limit, Limit::Depth);
        // ... which still applies above it.
        let deep = DecodeLimits::default().with_max_depth(1000);
        assert!(other(from_slice::<Value>(nested(200).as_bytes(), &deep)).starts_with("recursion limit exceeded"));
        // Enum variants are levels too: {"Pair": [1, 2]} is two deep.
        let shape = br#"{"Pair": [1, 2]}"#;
        assert!(from_slice::<Shape>(shape, &DecodeLimits::default().with_max_depth(2)).is_ok());
        assert_eq!(
            exceeded(from_slice::<Shape>(shape, &DecodeLimits::default().with_max_depth(1))).limit,
            Limit::Depth
        );
    }

    #[test]
    fn string_limit() {
        let limits = DecodeLimits::default();
        let long = format!(r#""{}""#, "a".repeat(2 << 20));
        let found = exceeded(from_slice::<String>(long.as_bytes(), &limits));
        assert_eq!(found, LimitExceeded { limit: Limit::StringLength, max: 1 << 20 });
        assert_eq!(found.to_string(), "the answer holds a string longer than 1048576 bytes");
        let exact = format!(r#""{}""#, "é".repeat(1 << 19));
        assert_eq!(from_slice::<String>(exact.as_bytes(), &limits).unwrap().len(), 1 << 20);
        let over = format!(r#"["{}b"]"#, "é".repeat(1 << 19));
        assert_eq!(exceeded(from_slice::<Vec<String>>(over.as_bytes(), &limits)).limit, Limit::StringLength);
        // Keys are strings too, and the string's length is charged as memory.
        let key = format!(r#"{{"{}": 1}}"#, "k".repeat(100));
        let short = limits.with_max_string_len(99);
        assert_eq!(exceeded(from_slice::<Value>(key.as_bytes(), &short)).limit, Limit::StringLength);
        let (_, memory, _) = usage::<String>(&exact, limits);
        assert_eq!(memory, 1 << 20);
        let tight = limits.with_max_memory((1 << 20) - 1);
        let found = exceeded(from_slice::<String>(exact.as_bytes(), &tight));
        assert_eq!(found.to_string(), "the answer would take more than 1048575 bytes of memory to decode");
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Lenient {
        #[serde(deserialize_with = "swallow")]
        v: Option<Vec<u8>>,
    }

    fn swallow<'de, D: Deserializer<'de>>(de: D) -> Result<Option<Vec<u8>>, D::Error> {
        Ok(Vec::deserialize(de).ok())
    }

    #[test]
    fn a_swallowed_limit_error_is_still_reported() {
        let limits = DecodeLimits::default().with_max_elements(3);
        let found = exceeded(from_slice::<Lenient>(br#"{"v": [1, 2, 3, 4, 5]}"#, &limits));
        assert_eq!(found.limit, Limit::Elements);
        // Here decoding even ends well, with part of the answer unread.
        struct Swallowed;
        impl<'de> Deserialize<'de> for Swallowed {
            fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
                let _ = Vec::<u8>::deserialize(de);
                Ok(Swallowed)
            }
        }
        let mut de = serde_json::Deserializer::from_str("[1, 2, 3, 4]");
        let found = deserialize::<Swallowed, _>(&mut de, &limits).map(|_| ());
        assert_eq!(exceeded(found).limit, Limit::Elements);
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Required {
        id: i64,
        name: Option<String>,
    }

    #[test]
    fn other_errors_are_serde_json_errors() {
        let limits = DecodeLimits::default();
        let cases: [&[u8]; 5] = [
            br#"{"name": "x"}"#,
            br#"{"id": 1} x"#,
            b"{\"id\": 1, \"name\": \"\xff\"}",
            br#"{"id": "one"}"#,
            br#"{"id": 1"#,
        ];
        for body in cases {
            let expected = serde_json::from_slice::<Required>(body).unwrap_err().to_string();
            assert_eq!(other(from_slice::<Required>(body, &limits)), expected);
        }
        assert_eq!(other(from_slice::<Required>(cases[0], &limits)), "missing field `id` at line 1 column 13");
        assert!(other(from_slice::<Required>(cases[1], &limits)).starts_with("trailing characters"));
        assert!(other(from_slice::<Required>(cases[2], &limits)).starts_with("invalid unicode code point"));
    }

    #[derive(Debug, Deserialize)]
    struct Small {
        a: Option<i64>,
        s: Option<String>,
    }

    #[test]
    fn skipped_content_is_left_to_the_format_and_costs_nothing() {
        let body = format!(r#"{{"a": 1, "s": "hey", "junk": [[[{{"x": "{}"}}]]]}}"#, "z".repeat(1000));
        let (result, memory, elements) = usage::<Small>(&body, DecodeLimits::default());
        let small = result.unwrap();
        assert_eq!((small.a, small.s.as_deref()), (Some(1), Some("hey")));
        // Only "hey" is charged; the three members a, s and junk are counted, not what junk holds.
        assert_eq!((memory, elements), (3, 3));

        assert!(from_slice::<Small>(body.as_bytes(), &DecodeLimits::default().with_max_memory(3)).is_ok());
        let elements = DecodeLimits::default().with_max_elements(2);
        assert_eq!(exceeded(from_slice::<Small>(body.as_bytes(), &elements)).limit, Limit::Elements);
        // The skipped arrays are no levels of what is built, and the skipped string no string of it.
        assert!(from_slice::<Small>(body.as_bytes(), &DecodeLimits::default().with_max_depth(1)).is_ok());
        // The longest string decoded is the key `junk`.
        assert!(from_slice::<Small>(body.as_bytes(), &DecodeLimits::default().with_max_string_len(4)).is_ok());
        let shallow = DecodeLimits::default().with_max_depth(0);
        assert_eq!(exceeded(from_slice::<Small>(body.as_bytes(), &shallow)).limit, Limit::Depth);
        // A whole answer skipped costs nothing either, and is still checked as JSON by the format.
        let (result, memory, elements) = usage::<IgnoredAny>(&body, DecodeLimits::default());
        assert!(result.is_ok());
        assert_eq!((memory, elements), (0, 0));
        assert!(matches!(from_slice::<IgnoredAny>(b"[[1, 2]", &DecodeLimits::default()), Err(Failure::Other(_))));
    }

    #[test]
    fn size_hints_are_bounded_by_the_elements_left() {
        struct Hint<'a>(&'a Cell<Option<usize>>);
        impl<'de> Visitor<'de> for Hint<'_> {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
                self.0.set(seq.size_hint());
                Ok(())
            }
        }
        for (max, expected) in [(3, 3), (1000, 5)] {
            let (hint, budget) = (Cell::new(None), Budget::new(DecodeLimits::default().with_max_elements(max), 0));
            let de = serde::de::value::SeqDeserializer::<_, serde::de::value::Error>::new([0u8; 5].into_iter());
            let _ = Bounded { de, budget: &budget }.deserialize_seq(Hint(&hint));
            assert_eq!(hint.get(), Some(expected));
        }
    }

    /// An output as the generator emits them: options, a list of structs holding a list of strings.
    #[derive(Debug, PartialEq, Deserialize)]
    struct Page {
        #[serde(rename = "Items")]
        items: Option<Vec<Entry>>,
        #[serde(rename = "Name")]
        name: Option<String>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Entry {
        #[serde(rename = "Id")]
        id: Option<String>,
        #[serde(rename = "Size")]
        size: Option<u64>,
        #[serde(rename = "Tags")]
        tags: Option<Vec<String>>,
    }

    /// `Page`'s shape as the generator computes it: Page, its list, Entry, Entry's list.
    const PAGE: OutputShape =
        OutputShape { depth: 4, largest_element: OutputShape::largest(&[size_of::<Entry>(), size_of::<String>()]) };

    /// JSON text for a `Page`-like answer built from `parts`, as a hostile server might write it: empty entries,
    /// escaped strings, unknown members nested deeply, text where lists belong.
    fn hostile_page(parts: &[(u8, u8)]) -> String {
        let entries: Vec<String> = parts
            .iter()
            .map(|&(kind, n)| match kind % 6 {
                0 => "{}".to_owned(),
                1 => format!(r#"{{"Id":"{}"}}"#, "\\u00e9".repeat(usize::from(n))),
                2 => format!(r#"{{"Tags":[{}]}}"#, vec![r#""""#; usize::from(n)].join(",")),
                3 => format!(r#"{{"Size":{n},"x":{}{}}}"#, "[".repeat(usize::from(n)), "]".repeat(usize::from(n))),
                4 => format!(r#"{{"Id":"{}","Tags":["a","b"]}}"#, "x".repeat(usize::from(n))),
                _ => format!(r#"{{"Unknown":{{"a":[{}]}}}}"#, vec!["{}"; usize::from(n)].join(",")),
            })
            .collect();
        format!(r#"{{"Name":"n","Items":[{}],"Other":[1,2,3]}}"#, entries.join(","))
    }

    proptest::proptest! {
        /// Whatever an answer short enough for the fast path holds, decoding it with the accounting stays within the
        /// reach its length and shape give: the claim that lets the fast path skip the accounting.
        #[test]
        fn answers_stay_within_the_reach_of_their_length_and_shape(
            parts in proptest::collection::vec((0u8..6, 0u8..40), 0..40)
        ) {
            let body = hostile_page(&parts);
            let reach = PAGE.reach(body.len()).unwrap();
            let bounded = from_slice::<Page>(body.as_bytes(), &reach);
            proptest::prop_assert!(!matches!(bounded, Err(Failure::Exceeded(_))), "{bounded:?} within {reach:?}");
            let shaped = from_slice_shaped::<Page>(body.as_bytes(), &DecodeLimits::default(), PAGE);
            proptest::prop_assert_eq!(shaped.ok(), bounded.ok());
        }
    }

    #[test]
    fn answers_too_long_for_their_shape_are_decoded_with_the_accounting() {
        let body = hostile_page(&[(0, 0); 50]);
        let limits = DecodeLimits::default().with_max_memory(size_of::<Entry>() * 10);
        let memory = exceeded(from_slice_shaped::<Page>(body.as_bytes(), &limits, PAGE));
        assert_eq!(memory, LimitExceeded { limit: Limit::Memory, max: size_of::<Entry>() * 10 });
        // A type nesting deeper than the limit allows, or a recursive one, always takes the accounting.
        let deep = r#"{"Items":[{"Tags":["a"]}]}"#;
        let limits = DecodeLimits::default().with_max_depth(3);
        assert_eq!(exceeded(from_slice_shaped::<Page>(deep.as_bytes(), &limits, PAGE)).limit, Limit::Depth);
        assert_eq!(OutputShape::UNBOUNDED.reach(10), None);
        assert_eq!(OutputShape::largest(&[3, 9, 4]), 9);
        assert_eq!(OutputShape::largest(&[]), 0);
    }

    #[test]
    fn limits_builder() {
        let limits = DecodeLimits::default();
        assert_eq!(
            (limits.max_depth(), limits.max_elements(), limits.max_memory(), limits.max_string_len()),
            (64, 1_000_000, 64 << 20, 1 << 20)
        );
        let limits = limits.with_max_depth(1).with_max_elements(2).with_max_memory(3).with_max_string_len(4);
        assert_eq!(
            (limits.max_depth(), limits.max_elements(), limits.max_memory(), limits.max_string_len()),
            (1, 2, 3, 4)
        );
    }
}
