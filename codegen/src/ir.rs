//! The validated intermediate representation the emitters read.
//!
//! Every node carries its wire name and its Rust name, both final; emitters do
//! no case conversion and no checking. Only [`crate::validate`] builds this.

pub use crate::spec::{
    CommonParameter, Constraints, EnumKind, EnvelopeRole, HttpMethod, Legacy, Literal, Location, Note, Per, Protocol,
    RateLimit, Source, Vendor,
};

#[derive(Debug, Clone)]
pub struct Crate {
    pub services: Vec<Service>,
}

#[derive(Debug, Clone)]
pub struct Service {
    /// Rust module name, the spec directory's name (`tencent_live`).
    pub module: String,
    /// The cargo feature that compiles the module (`tencent-live`).
    pub feature: String,
    pub spec_file: String,
    /// The service's `types.yaml`, when it has one.
    pub types_file: Option<String>,
    pub vendor: Vendor,
    pub protocol: Protocol,
    pub name: String,
    pub title: String,
    pub doc: Vec<String>,
    pub api_version: String,
    pub signing_name: Option<String>,
    pub host: String,
    pub regions: Vec<String>,
    pub default_region: Option<String>,
    pub common_parameters: Vec<CommonParameter>,
    /// Types declared in `service.yaml`, shared by the operations.
    pub types: Vec<NamedType>,
    /// Error codes every operation can return; emitted once as `CommonError`.
    pub common_errors: Vec<ErrorVariant>,
    /// The service whose `service.yaml` lists `common_errors`, when this one
    /// takes them from it (`common_errors_of`).
    pub common_errors_from: Option<String>,
    pub operations: Vec<Operation>,
    /// The notes of `service.yaml`.
    pub notes: Vec<Note>,
    /// The notes of `types.yaml` (in `types_file`).
    pub types_notes: Vec<Note>,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub wire_name: String,
    pub spec_file: String,
    /// Module and client-method name (`resume_live_stream`).
    pub module: String,
    pub request_type: String,
    pub response_type: String,
    pub error_type: String,
    pub builder_type: String,
    /// The response's builder, for tests (feature `test-util`).
    pub response_builder_type: String,
    /// The runnable example's name (`cargo run --example <name>`).
    pub example_name: String,
    pub summary: String,
    pub doc: Vec<String>,
    pub source: Source,
    pub method: HttpMethod,
    /// Path template for REST protocols; `/` for RPC.
    pub path: String,
    pub rate_limit: Option<RateLimit>,
    pub legacy: Option<Legacy>,
    pub request: Vec<Field>,
    pub response: Vec<Field>,
    /// Types declared in the operation's file; emitted in its module.
    pub types: Vec<NamedType>,
    /// The codes the operation's page documents (a common code listed there too
    /// is the operation's own, with the page's description).
    pub errors: Vec<ErrorVariant>,
    pub rules: Vec<Rule>,
    pub paging: Option<Paging>,
    pub examples: Vec<Example>,
    pub notes: Vec<Note>,
}

impl Operation {
    /// The vendor has retired the operation: the client's methods are
    /// `#[deprecated]`, and generated code that calls them on purpose allows it.
    pub fn is_retired(&self) -> bool {
        self.legacy.as_ref().is_some_and(|l| l.retired)
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    /// Documented as required (request) or always present (response).
    pub required: bool,
    pub nullable: bool,
    pub location: Location,
    pub envelope: Option<EnvelopeRole>,
    /// Supplied by credentials; not a member of the request type.
    pub auth: bool,
    pub doc: Vec<String>,
    /// What the client checks about the field before sending, in English
    /// (derived from `constraints`, `time_format` and the operation's rules,
    /// so a review reports the constraint, not this line).
    pub checked: Option<String>,
    pub constraints: Constraints,
    /// The documented time format (`constraints.format`), checked before sending.
    pub time_format: Option<TimeFormat>,
    /// The field's documented example value.
    pub example: Option<serde_json::Value>,
    /// A list in the query: one pair per element, else one comma-separated value.
    pub explode: bool,
    /// A secret: `Debug` shows `<redacted>` in its place.
    pub sensitive: bool,
}

/// A documented time format the runtime can check (`runtime::rules::TimeFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeFormat {
    /// `yyyy-MM-ddTHH:mm:ssZ`
    IsoUtc,
    /// `yyyy-MM-dd HH:mm:ss`
    DateTimeSpace,
    /// `ISO 8601`: `yyyy-MM-ddTHH:mm:ssZ`, or with an offset (`+08:00`) for the `Z`.
    Iso8601,
}

impl TimeFormat {
    /// Every format with its spelling in the specs.
    pub const ALL: [(&'static str, TimeFormat); 3] = [
        ("yyyy-MM-ddTHH:mm:ssZ", TimeFormat::IsoUtc),
        ("yyyy-MM-dd HH:mm:ss", TimeFormat::DateTimeSpace),
        ("ISO 8601", TimeFormat::Iso8601),
    ];

    pub fn from_spec(text: &str) -> Option<Self> {
        Self::ALL.iter().find(|(spelling, _)| *spelling == text).map(|(_, f)| *f)
    }

    /// How the specs (and the pages) spell the format.
    pub fn spelling(self) -> &'static str {
        Self::ALL.iter().find(|(_, f)| *f == self).map_or("", |(spelling, _)| spelling)
    }

    /// A time in this format, for a constructed example: Beijing's 16:00 of 2020-03-04.
    pub fn example(self) -> &'static str {
        match self {
            TimeFormat::IsoUtc | TimeFormat::Iso8601 => "2020-03-04T08:00:00Z",
            TimeFormat::DateTimeSpace => "2020-03-04 16:00:00",
        }
    }

    /// The runtime's variant name.
    pub fn variant(self) -> &'static str {
        match self {
            TimeFormat::IsoUtc => "IsoUtc",
            TimeFormat::DateTimeSpace => "DateTimeSpace",
            TimeFormat::Iso8601 => "Iso8601",
        }
    }
}

impl Field {
    /// The Rust type wraps the value in `Option`.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }

    /// The field's docs: the page's text, then what is checked before sending.
    pub fn doc_lines(&self) -> Vec<String> {
        let mut lines = self.doc.clone();
        if self.location == Location::Query && matches!(self.ty, TypeRef::List(_)) {
            let sent = if self.explode {
                format!("Sent in the query as one `{}=` pair per element.", self.wire_name)
            } else {
                format!("Sent in the query as one value, the elements separated by commas (`{}=a,b`).", self.wire_name)
            };
            lines.extend([String::new(), sent]);
        }
        if self.location == Location::Payload {
            lines.extend([String::new(), "Sent as the whole JSON body.".to_owned()]);
        }
        if let Some(checked) = &self.checked {
            lines.extend([String::new(), checked.clone()]);
        }
        lines
    }

    /// The field is a member of the generated struct.
    pub fn is_data(&self) -> bool {
        self.envelope.is_none() && !self.auth
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    String,
    Bool,
    I32,
    I64,
    U32,
    U64,
    /// A single-precision number: what a vendor's SDK declares as `float32`.
    F32,
    F64,
    /// Any JSON value (`json`): what a vendor types as "anything".
    Json,
    List(Box<TypeRef>),
    /// A JSON object with string keys and values of one type (`map<T>`).
    Map(Box<TypeRef>),
    Named(NamedRef),
}

/// The type names a spec writes for values that are not named types or
/// containers, and what each is.
pub const SCALARS: &[(&str, TypeRef)] = &[
    ("string", TypeRef::String),
    ("bool", TypeRef::Bool),
    ("i32", TypeRef::I32),
    ("i64", TypeRef::I64),
    ("u32", TypeRef::U32),
    ("u64", TypeRef::U64),
    ("f32", TypeRef::F32),
    ("f64", TypeRef::F64),
    ("json", TypeRef::Json),
];

/// Whether `x`, read from a spec, is an `f32` as Rust and serde_json print one
/// (the shortest decimal that reads back as the same `f32`): an `f32` member
/// decodes it and encodes it again unchanged, and a literal of it in Rust is
/// exact. `0.1` is; `0.123456789` is not (it reads back as `0.12345679`).
pub fn exact_f32(x: f64) -> bool {
    let narrow = nearest_f32(x);
    narrow.is_finite() && narrow.to_string().parse::<f64>() == Ok(x)
}

/// The `f32` nearest `x`: what an `f32` member reads `x` as.
pub fn nearest_f32(x: f64) -> f32 {
    // The narrowing is the question asked.
    #[allow(clippy::cast_possible_truncation)]
    let narrow = x as f32;
    narrow
}

/// A type expression as a spec spells it, one level deep: `list<T>`,
/// `map<T>`, one of [`SCALARS`], or any other name (a named type, unresolved).
/// The one reading of the spelling; validation resolves names against the
/// declared types, tools compare spellings with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelled<'a> {
    List(&'a str),
    Map(&'a str),
    Scalar(&'a TypeRef),
    Named(&'a str),
}

impl<'a> Spelled<'a> {
    pub fn parse(text: &'a str) -> Self {
        let text = text.trim();
        let inner = |prefix: &str| text.strip_prefix(prefix).and_then(|t| t.strip_suffix('>'));
        if let Some(t) = inner("list<") {
            Spelled::List(t)
        } else if let Some(t) = inner("map<") {
            Spelled::Map(t)
        } else if let Some((_, scalar)) = SCALARS.iter().find(|(name, _)| *name == text) {
            Spelled::Scalar(scalar)
        } else {
            Spelled::Named(text)
        }
    }
}

impl TypeRef {
    /// Whether it is one of the integer types.
    pub fn is_integer(&self) -> bool {
        matches!(self, TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64)
    }

    /// The name a spec writes for this type when it is one of [`SCALARS`].
    pub fn scalar_name(&self) -> Option<&'static str> {
        SCALARS.iter().find(|(_, t)| t == self).map(|(name, _)| *name)
    }

    /// The type inside any lists and maps: the scalar or named type whose
    /// values a field of this type is made of.
    pub fn innermost(&self) -> &TypeRef {
        let mut t = self;
        while let TypeRef::List(inner) | TypeRef::Map(inner) = t {
            t = inner;
        }
        t
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedRef {
    pub rust_name: String,
    pub kind: NamedKind,
    /// `None` for a service-level type, else the module of the declaring operation.
    pub operation_module: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedKind {
    Struct,
    StringEnum,
    IntegerEnum,
}

#[derive(Debug, Clone)]
pub struct NamedType {
    pub wire_name: String,
    pub rust_name: String,
    pub doc: Vec<String>,
    pub body: TypeBody,
    /// A struct that requests carry: callers build it, so it is not
    /// `#[non_exhaustive]` (and derives `Default` when every field is optional).
    pub sent: bool,
}

impl NamedType {
    /// The name of the type's test builder (feature `test-util`): structs that
    /// callers do not build by hand (only responses hold them) have one.
    pub fn test_builder(&self) -> Option<String> {
        matches!(self.body, TypeBody::Struct(_))
            .then(|| crate::names::data_builder(&self.rust_name))
            .filter(|_| !self.sent)
    }
}

#[derive(Debug, Clone)]
pub enum TypeBody {
    Struct(Vec<Field>),
    Enum(EnumKind, Vec<EnumVariant>),
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    pub value: Literal,
    pub rust_name: String,
    pub doc: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ErrorVariant {
    pub code: String,
    pub rust_name: String,
    pub doc: Vec<String>,
    pub http_status: Option<u16>,
    pub numeric_code: Option<i64>,
    pub retryable: bool,
}

/// A rule with its field references resolved to request fields.
#[derive(Debug, Clone)]
pub struct Rule {
    pub kind: RuleKind,
    pub doc: String,
}

#[derive(Debug, Clone)]
pub enum RuleKind {
    Requires { field: FieldRef, requires: FieldRef },
    Together { fields: Vec<FieldRef> },
    ExcludesValues { field: FieldRef, values: Vec<ValuePattern>, when_field: FieldRef, when_value: ValuePattern },
    MaxSpan { start: FieldRef, end: FieldRef, days: u32 },
    WithinLast { field: FieldRef, days: u32 },
    WithinNext { field: FieldRef, days: u32 },
    EndAfterStart { start: FieldRef, end: FieldRef },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRef {
    pub wire_name: String,
    pub rust_name: String,
    /// The member is an `Option`.
    pub optional: bool,
    pub time_format: Option<TimeFormat>,
}

/// A value a rule compares a field with, in the field's Rust type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValuePattern {
    /// A variant of the field's enum type (`PackageType::ConnectMic`).
    Variant { type_name: String, variant: String, value: Literal },
    /// A scalar literal.
    Literal(Literal),
}

#[derive(Debug, Clone)]
pub struct Paging {
    /// The client method returning the stream of pages.
    pub pages_method: String,
    /// The request field that says where a page starts, and how.
    pub start: Counter,
    pub start_kind: PageStartKind,
    pub page_size: Counter,
    /// What the response reports of the whole: pages or items, if either.
    pub total: Option<(Counter, Total)>,
    pub items: FieldRef,
    pub item_type: TypeRef,
    /// The page size set when the request names none: the documented maximum.
    pub default_page_size: Option<i64>,
}

/// How a paged request says where its page starts (the runtime's `PageStart`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageStartKind {
    /// A page number counted from 1 (`page_number:`).
    Number,
    /// A page number counted from 0 (`page_index:`).
    Index,
    /// The offset of the page's first item, from 0 (`offset:`).
    Offset,
}

impl PageStartKind {
    /// Every kind, in the order a spec's keys are listed.
    pub const ALL: [PageStartKind; 3] = [PageStartKind::Number, PageStartKind::Index, PageStartKind::Offset];

    /// The `paging:` key that declares it.
    pub fn key(self) -> &'static str {
        match self {
            PageStartKind::Number => "page_number",
            PageStartKind::Index => "page_index",
            PageStartKind::Offset => "offset",
        }
    }

    /// The runtime's `PageStart` variant.
    pub fn variant(self) -> &'static str {
        match self {
            PageStartKind::Number => "Number",
            PageStartKind::Index => "Index",
            PageStartKind::Offset => "Offset",
        }
    }

    /// Where the first page starts.
    pub fn first(self) -> u64 {
        match self {
            PageStartKind::Number => 1,
            PageStartKind::Index | PageStartKind::Offset => 0,
        }
    }

    /// What the start field holds, for docs and the review.
    pub fn what(self) -> &'static str {
        match self {
            PageStartKind::Number => "page number",
            PageStartKind::Index => "page index (from 0)",
            PageStartKind::Offset => "offset",
        }
    }
}

/// An integer field that paging reads or sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counter {
    /// The struct fields the counter is reached through, outermost first
    /// (`Pagination` of `Pagination.TotalCount`); empty for a field of the
    /// request or output itself.
    pub via: Vec<FieldRef>,
    pub field: FieldRef,
    /// Its Rust integer type: `i32`, `i64`, `u32` or `u64`.
    pub rust_type: &'static str,
}

impl Counter {
    /// The counter's place as a spec writes it: `TotalCount`, `Pagination.TotalCount`.
    pub fn wire_path(&self) -> String {
        let names: Vec<&str> = self.via.iter().chain([&self.field]).map(|f| f.wire_name.as_str()).collect();
        names.join(".")
    }
}

/// What a paged response's total counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    Pages,
    Items,
}

#[derive(Debug, Clone)]
pub struct Example {
    pub title: String,
    /// The example request's parameters, resolved to request fields; `None`
    /// when the page shows no request.
    pub params: Option<Vec<ExampleParam>>,
    pub request: Option<String>,
    pub status: u16,
    pub response: serde_json::Value,
    pub response_text: String,
    /// The error the response documents, read from the protocol's envelope.
    pub error: Option<DocumentedError>,
    /// Built for the spec rather than copied from the page.
    pub constructed: bool,
}

/// The error code and message of a documented error response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentedError {
    pub code: String,
    pub message: String,
}

/// One parameter of a documented example request.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleParam {
    pub wire_name: String,
    /// The builder's setter (the field's Rust name).
    pub setter: String,
    pub location: Location,
    /// A list in the query travels as a pair per element (the field's `explode`).
    pub explode: bool,
    /// The value exactly as the page writes it.
    pub documented: serde_json::Value,
    /// The documented value as the setter's argument.
    pub value: ArgValue,
    /// Where the page writes a placeholder (`{project_id}`), the field's own
    /// example, which a runnable program sets instead.
    pub stand_in: Option<ArgValue>,
}

/// A value a generated program passes to a builder setter, in the field's Rust type.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    String(String),
    Bool(bool),
    /// An integer that fits the field's type, named by `rust_type` (`i32`, `i64`, `u32`, `u64`).
    Integer {
        value: i128,
        rust_type: &'static str,
    },
    Float(f64),
    /// A documented variant of the field's enum type (`PackageType::Flux`).
    Variant {
        type_name: String,
        variant: String,
    },
    /// A list of values of the element type.
    List(Vec<ArgValue>),
    /// A map's entries, in key order.
    Map(Vec<(String, ArgValue)>),
    /// Any JSON value, as documented.
    Json(serde_json::Value),
    /// A value of a struct that requests carry, built with a struct literal:
    /// every field in declaration order, by Rust name, `None` for an optional
    /// field the example leaves out (`Some(..)` for one it sets).
    Struct {
        type_name: String,
        fields: Vec<StructArg>,
        /// The struct derives `Default`: fields left out are written `..Default::default()`.
        defaulted: bool,
    },
}

/// One field of an [`ArgValue::Struct`].
#[derive(Debug, Clone, PartialEq)]
pub struct StructArg {
    pub name: String,
    /// `None`: an optional field the example leaves out.
    pub value: Option<ArgValue>,
    pub optional: bool,
}

impl ArgValue {
    /// The named types a program must import to write this value, in the
    /// order met (enums by their variants, structs by their literals).
    pub fn type_names<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            ArgValue::Variant { type_name, .. } => out.push(type_name),
            ArgValue::List(items) => items.iter().for_each(|v| v.type_names(out)),
            ArgValue::Map(entries) => entries.iter().for_each(|(_, v)| v.type_names(out)),
            ArgValue::Struct { type_name, fields, .. } => {
                out.push(type_name);
                fields.iter().filter_map(|f| f.value.as_ref()).for_each(|v| v.type_names(out));
            }
            ArgValue::String(_)
            | ArgValue::Bool(_)
            | ArgValue::Integer { .. }
            | ArgValue::Float(_)
            | ArgValue::Json(_) => {}
        }
    }
}
