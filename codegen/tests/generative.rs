//! The generator's promise, tested generatively: every spec set that
//! validation accepts generates a crate that compiles, passes clippy with
//! `-D warnings`, and round-trips its documented examples; no spec set makes
//! validation or emission panic.
//!
//! Each run draws random spec models (services, operations, fields, types,
//! errors, rules, paging and examples) from a seed, biased towards hostile
//! names (keywords, the names every generated module imports or defines, the
//! prelude, names that collide after case conversion, non-ASCII and invisible
//! characters), hostile shapes (types holding each other, empty types, nesting)
//! and hostile text. Every model is validated; the accepted ones are merged into
//! as few crates as their names allow and each is built once.
//!
//! A run uses `DEFAULT_SEED`, so CI is repeatable; `GENERATIVE_SEED=<n>`
//! replays another run and `GENERATIVE_SEED=random` draws a new one (printed).
//! `GENERATIVE_CASES=<n>` sets how many models are drawn. What a seed found is
//! kept as a fixture (`fixtures/good/found_*`, `fixtures/bad/*`).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};

use codegen::load::{Blob, LoadOptions, LoadedOperation, LoadedService, MemoryTree};
use codegen::schema::{OPERATION_SCHEMA, SERVICE_SCHEMA};
use codegen::spec::{
    CommonParameter, Constraints, DaysRule, EndAfterStartRule, EnumKind, EnumValue, ErrorCode, Example, Field, Http,
    HttpMethod, Literal, Location, MaxSpanRule, OperationSpec, Paging, Per, Protocol, RateLimit, RequiresRule, Rule,
    ServiceSpec, Source, TogetherRule, TypeDef, Vendor,
};
use serde_json::{Map, Value, json};

/// The seed of an ordinary run.
const DEFAULT_SEED: u64 = 20_261_202;

/// Models drawn per seed when `GENERATIVE_CASES` is not set.
const DEFAULT_CASES: usize = 400;

/// SplitMix64: small, fast and good enough to draw test inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Names a type, operation, enum value or error code might have: ordinary ones,
/// and every kind of name the generator or Rust already uses.
const TYPE_NAMES: &[&str] = &[
    "Quota",
    "Item",
    "Kind",
    "Status",
    "Detail",
    "Domain",
    "Stream",
    "Type",
    "Self",
    "Mod",
    "Fmt",
    "Types",
    "Client",
    "Common",
    "CommonError",
    "Config",
    "ConfigBuilder",
    "Credentials",
    "Method",
    "Output",
    "Operation",
    "Value",
    "Map",
    "ExitCode",
    "Duration",
    "Pages",
    "Paged",
    "Transport",
    "Tencent",
    "Huawei",
    "Volcengine",
    "Error",
    "Option",
    "Some",
    "Vec",
    "String",
    "Result",
    "Box",
    "Default",
    "Debug",
    "Hash",
    "Unknown",
    "UnknownValue",
    "Unhandled",
    "Values",
    "Request",
    "Response",
    "Builder",
    "RequestBuilder",
    "ItemRequest",
    "Serializer",
    "Deserializer",
    "BuildError",
    "InvalidInput",
    "ErrorMeta",
    "RateLimit",
    "TimeFormat",
    "Rules",
    "Match",
    "Gen",
    "Async",
    "Try",
    "Crate",
    "Super",
    "streamName",
    "stream_name",
    "STREAM_NAME",
    "StreamName",
    "Stream-Name",
    "Stream.Name",
    "2fa",
    "LIVE.100011001",
    "流名称",
    "a\u{200B}b",
    "",
    "...",
    "X",
    "A1",
    "HTTPError",
    "HttpError",
    "Describe",
    "DescribeLive",
    "Svc",
    "Live",
    "Lib",
    "Runtime",
    "Main",
    "Test",
    "Tests",
    "Service",
    "ServiceMeta",
    "Secret",
    "Send",
    "Sync",
    "Sized",
];

/// Names a field might have.
const FIELD_NAMES: &[&str] = &[
    "Name",
    "name",
    "NAME",
    "Id",
    "Count",
    "Total",
    "Enabled",
    "Ratio",
    "Type",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "Build",
    "build",
    "Default",
    "default",
    "SetX",
    "set_x",
    "X",
    "x",
    "StreamName",
    "stream_name",
    "streamName",
    "STREAM_NAME",
    "stream-name",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Value",
    "value",
    "RequestId",
    "request_id",
    "_request_id",
    "builder",
    "to_parts",
    "validate",
    "now",
    "clone",
    "Clone",
    "fmt",
    "PageNum",
    "PageSize",
    "TotalPage",
    "Items",
    "Action",
    "Version",
    "Region",
    "Host",
    "Authorization",
    "X-Trace",
    "X-Auth-Token",
    "Content-Length",
    "Connection",
    "X-TC-Action",
    "X-Sdk-Date",
    "a.b",
    "a b",
    "1x",
    "x1",
    "流名称",
    "",
    "Match",
    "gen",
    "async",
    "project_id",
    "Unknown",
    "serializer",
    "__field0",
    "new",
    "as_str",
    "VALUES",
    "meta",
    "code",
];

/// Rust names a spec might give with `rust_name`.
const RUST_FIELD_NAMES: &[&str] = &[
    "renamed", "type", "self_", "r#x", "build", "default", "set_x", "x", "value", "Camel", "a__b", "_x", "clone", "new",
];

/// Service directory names.
const DIR_NAMES: &[&str] = &[
    "live",
    "type",
    "runtime",
    "lib",
    "self_",
    "a_b",
    "a",
    "std",
    "serde",
    "core",
    "tests",
    "fmt",
    "types",
    "mod",
    "main",
    "cloud_live",
    "client",
    "Svc",
    "流",
    "x1",
    "tencent",
    "huawei",
    "error",
    "examples",
    "spec_examples",
];

/// Text for descriptions and titles, some of it hostile to rustdoc and terminals.
const TEXTS: &[&str] = &[
    "A description.",
    "含中文的说明。",
    "a [link] <b> `code` and an <https://example.com/x?a=b> address",
    "```\nfn main() { panic!() }\n```",
    "- a list item\nthen a paragraph",
    "+ another list\nthen text",
    "1) numbered\ntext",
    "see http://example.com/x。then",
    "\t indented with a tab",
    "# a heading",
    "a\n\nb",
    "*emphasis* and _more_",
    "back\\slash } \" quotes",
    "#[doc = \"x\"] */ /* //",
    "line\rbreak",
    "bidi \u{202E} override",
    "zero\u{200B}width",
    "",
    "   ",
];

fn text(rng: &mut Rng) -> String {
    if rng.chance(97) { "Documented text.".to_owned() } else { (*rng.pick(TEXTS)).to_owned() }
}

/// An ordinary name (`Quota7`), or one from the hostile pool.
fn name(rng: &mut Rng, pool: &[&str], ordinary: &str, n: usize) -> String {
    if rng.chance(92) { format!("{ordinary}{n}") } else { (*rng.pick(pool)).to_owned() }
}

/// A declared type a field may use.
#[derive(Clone)]
struct Declared {
    name: String,
    kind: DeclaredKind,
}

#[derive(Clone)]
enum DeclaredKind {
    Struct(Vec<Field>),
    StringEnum(Vec<String>),
    IntegerEnum(Vec<i64>),
}

const SCALARS: &[&str] = &["string", "bool", "i32", "i64", "u32", "u64", "f64"];

fn type_expr(rng: &mut Rng, declared: &[Declared], allow_struct: bool) -> String {
    let base = if !declared.is_empty() && rng.chance(35) {
        let candidates: Vec<&Declared> =
            declared.iter().filter(|d| allow_struct || !matches!(d.kind, DeclaredKind::Struct(_))).collect();
        if candidates.is_empty() { (*rng.pick(SCALARS)).to_owned() } else { rng.pick(&candidates).name.clone() }
    } else if rng.chance(1) {
        "strng".to_owned()
    } else if allow_struct && rng.chance(4) {
        // Any JSON goes where structs go: bodies and answers.
        "json".to_owned()
    } else {
        (*rng.pick(SCALARS)).to_owned()
    };
    if allow_struct && rng.chance(15) {
        format!("list<{base}>")
    } else if allow_struct && rng.chance(5) {
        format!("map<{base}>")
    } else {
        base
    }
}

fn field(rng: &mut Rng, n: usize, declared: &[Declared], request: bool, protocol: Protocol) -> Field {
    let in_body = !request || protocol != Protocol::HuaweiRest || rng.chance(30);
    let ty = type_expr(rng, declared, in_body);
    let location = match (request, protocol) {
        (true, Protocol::HuaweiRest) => Some(*rng.pick(&[Location::Query, Location::Header, Location::Body])),
        (true, _) if rng.chance(1) => Some(Location::Query),
        _ => None,
    };
    let integer = matches!(ty.as_str(), "i32" | "i64" | "u32" | "u64");
    let constraints = if integer && rng.chance(20) {
        // Now and then a bound the type cannot hold: lint must refuse it.
        let (min, max) = if rng.chance(10) { (-5, 5_000_000_000) } else { (0, 100) };
        Some(Constraints { min: Some(min), max: Some(max), ..Constraints::default() })
    } else if ty == "string" && rng.chance(10) {
        let format = rng.pick(&codegen::ir::TimeFormat::ALL).0;
        Some(Constraints { format: Some(format.to_owned()), ..Constraints::default() })
    } else if ty == "string" && rng.chance(10) {
        // A length in characters or bytes; now and then both, or 0: lint must refuse those.
        let max = if rng.chance(10) { 0 } else { 1 + rng.below(64) as u32 };
        let (chars, bytes) = match rng.below(10) {
            0 => (Some(max), Some(max)),
            1..5 => (Some(max), None),
            _ => (None, Some(max)),
        };
        Some(Constraints { max_chars: chars, max_bytes: bytes, ..Constraints::default() })
    } else {
        None
    };
    Field {
        name: name(rng, FIELD_NAMES, "Field", n),
        rust_name: rng.chance(4).then(|| (*rng.pick(RUST_FIELD_NAMES)).to_owned()),
        location,
        ty,
        required: rng.chance(40),
        nullable: !request && rng.chance(20) || rng.chance(1),
        envelope: None,
        auth: false,
        description: text(rng),
        example: None,
        constraints,
        explode: false,
        sensitive: false,
    }
}

fn types(rng: &mut Rng, count: usize, start: usize, protocol: Protocol) -> Vec<Declared> {
    let mut out: Vec<Declared> = Vec::new();
    for i in 0..count {
        let name = name(rng, TYPE_NAMES, "Thing", start + i);
        let kind = match rng.below(3) {
            0 => DeclaredKind::StringEnum(
                (0..1 + rng.below(4)).map(|j| name_value(rng, j)).collect::<BTreeSet<_>>().into_iter().collect(),
            ),
            1 => DeclaredKind::IntegerEnum((0..1 + rng.below(3)).map(|j| j as i64 - 1).collect()),
            _ => {
                // Earlier types and, rarely, a later one: cycles through other types.
                let fields = (0..rng.below(4)).map(|j| field(rng, j, &out, false, protocol)).collect();
                DeclaredKind::Struct(fields)
            }
        };
        out.push(Declared { name, kind });
    }
    if out.len() >= 2 && rng.chance(5) {
        // A struct that holds the last type, which may hold it back.
        let last = out.last().unwrap().name.clone();
        if let DeclaredKind::Struct(fields) = &mut out[0].kind {
            let mut f = field(rng, 99, &[], false, protocol);
            f.ty = last;
            f.constraints = None;
            fields.push(f);
        }
    }
    out
}

fn name_value(rng: &mut Rng, j: usize) -> String {
    if rng.chance(94) {
        format!("value{j}")
    } else {
        (*rng.pick(&["type", "Unknown", "unknown", "Values", "VALUES", "as_str", "", "1", "a b", "a-b", "流", "Self"]))
            .to_owned()
    }
}

fn type_def(d: &Declared, rng: &mut Rng) -> TypeDef {
    let (fields, enum_kind, values) = match &d.kind {
        DeclaredKind::Struct(fields) => (Some(fields.clone()), None, None),
        DeclaredKind::StringEnum(values) => (
            None,
            Some(EnumKind::String),
            Some(
                values
                    .iter()
                    .map(|v| EnumValue { value: Literal::String(v.clone()), rust_name: None, description: text(rng) })
                    .collect(),
            ),
        ),
        DeclaredKind::IntegerEnum(values) => (
            None,
            Some(EnumKind::Integer),
            Some(
                values
                    .iter()
                    .enumerate()
                    .map(|(j, v)| EnumValue {
                        value: Literal::Integer(*v),
                        rust_name: Some(name(rng, TYPE_NAMES, "Level", j)),
                        description: text(rng),
                    })
                    .collect(),
            ),
        ),
    };
    let rust_name = rng.chance(4).then(|| (*rng.pick(TYPE_NAMES)).to_owned());
    TypeDef { name: d.name.clone(), rust_name, description: text(rng), fields, enum_kind, values }
}

/// A JSON value of a spec type, as a documented example would hold it.
fn value_of(rng: &mut Rng, ty: &str, declared: &[Declared], depth: usize) -> Value {
    if let Some(inner) = ty.strip_prefix("list<").and_then(|t| t.strip_suffix('>')) {
        let n = if depth > 2 { 0 } else { rng.below(3) };
        return Value::Array((0..n).map(|_| value_of(rng, inner, declared, depth + 1)).collect());
    }
    if let Some(inner) = ty.strip_prefix("map<").and_then(|t| t.strip_suffix('>')) {
        let n = if depth > 2 { 0 } else { rng.below(3) };
        return Value::Object((0..n).map(|i| (format!("k{i}"), value_of(rng, inner, declared, depth + 1))).collect());
    }
    match ty {
        "json" => {
            rng.pick(&[json!(null), json!({"a": [1, "two", {"b": null}]}), json!("x"), json!([true, 2.5])]).clone()
        }
        "string" => json!("2024-01-02 03:04:05"),
        "bool" => json!(rng.chance(50)),
        "i32" | "i64" => json!(rng.below(100) as i64 - 10),
        "u32" | "u64" => json!(rng.below(100)),
        "f64" => json!(*rng.pick(&[0.5, 1.0, 2.0, -3.25])),
        other => match declared.iter().find(|d| d.name == other).map(|d| &d.kind) {
            Some(DeclaredKind::StringEnum(values)) => json!(rng.pick(values)),
            Some(DeclaredKind::IntegerEnum(values)) => json!(rng.pick(values)),
            Some(DeclaredKind::Struct(fields)) if depth < 4 => object_of(rng, fields, declared, depth + 1),
            _ => Value::Null,
        },
    }
}

fn object_of(rng: &mut Rng, fields: &[Field], declared: &[Declared], depth: usize) -> Value {
    let mut map = Map::new();
    for f in fields {
        if (f.required && !f.nullable) || rng.chance(60) {
            // A nullable field may come back null.
            let v = if f.nullable && rng.chance(30) { Value::Null } else { value_of(rng, &f.ty, declared, depth) };
            map.insert(f.name.clone(), v);
        }
    }
    // Now and then an example that does not fit what it documents: lint must refuse it.
    if rng.chance(3) {
        match rng.below(3) {
            0 => {
                map.insert("Undocumented".to_owned(), json!(1));
            }
            1 => {
                if let Some(key) = map.keys().next().cloned() {
                    map.insert(key, json!({"not": "this type"}));
                }
            }
            _ => {
                if let Some(f) = fields.iter().find(|f| f.required && !f.nullable) {
                    map.remove(&f.name);
                }
            }
        }
    }
    Value::Object(map)
}

fn operation(
    rng: &mut Rng,
    n: usize,
    protocol: Protocol,
    service_types: &[Declared],
    common: &[ErrorCode],
) -> OperationSpec {
    let name = name(rng, TYPE_NAMES, "DescribeThing", n);
    let count = rng.below(3);
    let own = types(rng, count, 50 + n * 10, protocol);
    let visible: Vec<Declared> = service_types.iter().chain(&own).cloned().collect();
    let mut request: Vec<Field> = (0..rng.below(5)).map(|i| field(rng, i, &visible, true, protocol)).collect();
    let mut response: Vec<Field> = (0..rng.below(5)).map(|i| field(rng, i + 10, &visible, false, protocol)).collect();
    // Every declared type is used (an unused one is refused), mostly.
    let used: Vec<&Declared> =
        if n.is_multiple_of(10) { service_types.iter().chain(&own).collect() } else { own.iter().collect() };
    for (i, d) in used.into_iter().enumerate() {
        if rng.chance(97) {
            let mut f = field(rng, 20 + i, &[], false, protocol);
            f.ty = d.name.clone();
            f.constraints = None;
            response.push(f);
        }
    }
    let mut path = None;
    if protocol == Protocol::HuaweiRest {
        let mut template = "/v1/{project_id}/things".to_owned();
        request.insert(
            0,
            Field {
                name: "project_id".to_owned(),
                rust_name: None,
                location: Some(Location::Path),
                ty: "string".to_owned(),
                required: true,
                nullable: false,
                envelope: None,
                auth: true,
                description: text(rng),
                example: Some(json!("0123456789abcdef")),
                constraints: None,
                explode: false,
                sensitive: false,
            },
        );
        if rng.chance(5) {
            template.push_str("/{missing}");
        }
        path = Some(template);
    }
    let errors: Vec<ErrorCode> = (0..rng.below(4))
        .map(|i| ErrorCode {
            code: if rng.chance(94) {
                format!("FailedOperation.Reason{i}")
            } else {
                (*rng.pick(&[
                    "InternalError",
                    "Common",
                    "Unhandled",
                    "Unknown",
                    "LIVE.100",
                    "A..B",
                    "Self",
                    "Code",
                    "meta",
                    "Internal Error",
                    "ResourceNotFound.Thing",
                    "InternalError.DBError",
                    "InternalError.DbError",
                ]))
                .to_owned()
            },
            rust_name: rng.chance(5).then(|| (*rng.pick(TYPE_NAMES)).to_owned()),
            description: text(rng),
            http_status: rng.chance(30).then(|| *rng.pick(&[400u16, 404, 500, 503, 429, 999])),
            numeric_code: None,
            retryable: rng.chance(20),
        })
        .collect();
    let mut rules = Vec::new();
    if request.len() >= 2 && rng.chance(20) {
        let (a, b) = (&request[request.len() - 1], &request[request.len() - 2]);
        let rule = match rng.below(6) {
            0 => Rule {
                requires: Some(RequiresRule {
                    field: a.name.clone(),
                    requires: b.name.clone(),
                    description: text(rng),
                }),
                ..Rule::default()
            },
            1 => Rule {
                together: Some(TogetherRule { fields: vec![a.name.clone(), b.name.clone()], description: text(rng) }),
                ..Rule::default()
            },
            2 => Rule {
                max_span: Some(MaxSpanRule {
                    start: b.name.clone(),
                    end: a.name.clone(),
                    days: 30,
                    description: text(rng),
                }),
                ..Rule::default()
            },
            3 => Rule {
                end_after_start: Some(EndAfterStartRule {
                    start: b.name.clone(),
                    end: a.name.clone(),
                    description: text(rng),
                }),
                ..Rule::default()
            },
            4 => Rule {
                within_next: Some(DaysRule { field: a.name.clone(), days: 7, description: text(rng) }),
                ..Rule::default()
            },
            _ => Rule {
                within_last: Some(DaysRule { field: a.name.clone(), days: 90, description: text(rng) }),
                ..Rule::default()
            },
        };
        rules.push(rule);
    }
    let mut paging = None;
    if rng.chance(10) {
        // Every way of paging: by page number or offset, counters of each width,
        // a total of pages, of items, or none.
        let ty = ["i32", "i64", "u32", "u64"][rng.below(4)];
        let by_offset = rng.chance(50);
        // A page number counts from 1 or, as an index, from 0.
        let by_index = !by_offset && rng.chance(30);
        let total = match (rng.below(3), by_offset) {
            (0, false) => Some(true),
            (1, _) | (0, true) => Some(false),
            _ => None,
        };
        let counter = |name: &str, required: bool| Field {
            name: name.to_owned(),
            rust_name: None,
            location: (protocol == Protocol::HuaweiRest).then_some(Location::Query),
            ty: ty.to_owned(),
            required,
            nullable: false,
            envelope: None,
            auth: false,
            description: "A counter.".to_owned(),
            example: None,
            constraints: None,
            explode: false,
            sensitive: false,
        };
        request.push(counter("PageStart", rng.chance(30)));
        request.push(counter("PageLimit", rng.chance(30)));
        if total.is_some() {
            let mut total = counter("CountTotal", rng.chance(50));
            total.location = None;
            response.push(total);
        }
        let mut items = counter("Entries", false);
        items.location = None;
        items.ty = "list<string>".to_owned();
        response.push(items);
        paging = Some(Paging {
            page_number: (!by_offset && !by_index).then(|| "PageStart".to_owned()),
            page_index: by_index.then(|| "PageStart".to_owned()),
            offset: by_offset.then(|| "PageStart".to_owned()),
            page_size: "PageLimit".to_owned(),
            total_pages: (total == Some(true)).then(|| "CountTotal".to_owned()),
            total_items: (total == Some(false)).then(|| "CountTotal".to_owned()),
            items: "Entries".to_owned(),
        });
    }
    finish(rng, name, path, request, response, own, errors, rules, paging, protocol, &visible, common)
}

#[allow(clippy::too_many_arguments, reason = "the parts of one operation, drawn above")]
fn finish(
    rng: &mut Rng,
    name: String,
    path: Option<String>,
    request: Vec<Field>,
    response: Vec<Field>,
    own: Vec<Declared>,
    errors: Vec<ErrorCode>,
    rules: Vec<Rule>,
    paging: Option<Paging>,
    protocol: Protocol,
    visible: &[Declared],
    common: &[ErrorCode],
) -> OperationSpec {
    let mut examples = Vec::new();
    for _ in 0..rng.below(3) {
        let codes: Vec<&ErrorCode> = errors.iter().chain(common).collect();
        if !codes.is_empty() && rng.chance(25) {
            let code = &rng.pick(&codes).code;
            let (status, body) = match protocol {
                Protocol::TencentRpc => {
                    (200, json!({"Response": {"Error": {"Code": code, "Message": "m"}, "RequestId": "r"}}))
                }
                Protocol::VolcengineRpc => (
                    400,
                    json!({"ResponseMetadata": {"RequestId": "r", "Action": name, "Version": "2023-01-01", "Error": {"Code": code, "Message": "m"}}}),
                ),
                Protocol::HuaweiRest => (400, json!({"error_code": code, "error_msg": "m"})),
            };
            examples.push(Example {
                title: "An error".to_owned(),
                params: None,
                request: None,
                status,
                response: body.to_string(),
                constructed: rng.chance(30),
            });
            continue;
        }
        let mut params = Map::new();
        for f in &request {
            let scalar = !f.ty.starts_with("list<")
                && !f.ty.starts_with("map<")
                && f.ty != "json"
                && visible.iter().find(|d| d.name == f.ty).is_none_or(|d| !matches!(d.kind, DeclaredKind::Struct(_)));
            if (scalar || rng.chance(3)) && (f.required || rng.chance(40)) {
                let value = if f.location == Some(Location::Path) {
                    json!("0123456789abcdef")
                } else {
                    value_of(rng, &f.ty, visible, 0)
                };
                params.insert(f.name.clone(), value);
            }
        }
        let data = object_of(rng, &response, visible, 0);
        let body = match protocol {
            Protocol::TencentRpc => {
                let mut data = data;
                data.as_object_mut().unwrap().insert("RequestId".to_owned(), json!("r"));
                json!({ "Response": data })
            }
            Protocol::VolcengineRpc => {
                json!({"ResponseMetadata": {"RequestId": "r", "Action": name, "Version": "2023-01-01"}, "Result": data})
            }
            Protocol::HuaweiRest => data,
        };
        examples.push(Example {
            title: text(rng),
            params: rng.chance(80).then_some(params),
            request: None,
            status: 200,
            response: body.to_string(),
            constructed: rng.chance(30),
        });
    }
    let method = if protocol == Protocol::HuaweiRest {
        *rng.pick(&[HttpMethod::GET, HttpMethod::DELETE])
    } else {
        HttpMethod::POST
    };
    let own = own.iter().map(|d| type_def(d, rng)).collect();
    OperationSpec {
        rust_name: rng.chance(4).then(|| (*rng.pick(TYPE_NAMES)).to_owned()),
        name,
        summary: text(rng),
        description: text(rng),
        source: Source {
            page: "https://example.com/page".to_owned(),
            title: text(rng),
            updated: Some("2024-02-29".to_owned()),
            published: None,
            metadata: None,
        },
        http: Http { method, path },
        rate_limit: rng.chance(20).then(|| RateLimit { requests: 20, per: Per::Second, text: text(rng) }),
        legacy: None,
        request,
        response,
        types: own,
        rules,
        paging,
        errors,
        examples,
        notes: Vec::new(),
    }
}

fn service(rng: &mut Rng, n: usize) -> LoadedService {
    let vendor = *rng.pick(&[Vendor::Tencent, Vendor::Volcengine, Vendor::Huawei]);
    let protocol = match vendor {
        Vendor::Tencent => Protocol::TencentRpc,
        Vendor::Volcengine => Protocol::VolcengineRpc,
        Vendor::Huawei => Protocol::HuaweiRest,
    };
    let dir = if rng.chance(85) { format!("s{n}_live") } else { (*rng.pick(DIR_NAMES)).to_owned() };
    let count = rng.below(3);
    let shared = types(rng, count, n * 100, protocol);
    let common: Vec<ErrorCode> = (0..rng.below(3))
        .map(|i| ErrorCode {
            code: if rng.chance(94) { format!("InternalError.Common{i}") } else { (*rng.pick(TYPE_NAMES)).to_owned() },
            rust_name: None,
            description: text(rng),
            http_status: None,
            numeric_code: None,
            retryable: rng.chance(50),
        })
        .collect();
    let operations: Vec<LoadedOperation> = (0..1 + rng.below(3))
        .map(|i| {
            let spec = operation(rng, n * 10 + i, protocol, &shared, &common);
            LoadedOperation { file: format!("gen/{dir}/{}.yaml", spec.name), spec }
        })
        .collect();
    let (host, regions, default_region) = match protocol {
        Protocol::HuaweiRest => {
            ("live.{region}.example.com", vec!["cn-north-4".to_owned()], Some("cn-north-4".to_owned()))
        }
        // Its signature names a region.
        Protocol::VolcengineRpc => ("live.example.com", vec!["cn-north-1".to_owned()], Some("cn-north-1".to_owned())),
        Protocol::TencentRpc => ("live.example.com", Vec::new(), None),
    };
    let spec = ServiceSpec {
        vendor,
        name: "Live".to_owned(),
        title: text(rng),
        description: text(rng),
        protocol,
        api_version: if protocol == Protocol::HuaweiRest { "v1" } else { "2023-01-01" }.to_owned(),
        signing_name: (protocol != Protocol::HuaweiRest).then(|| "live".to_owned()),
        endpoint: codegen::spec::Endpoint { host: host.to_owned(), regions, default_region },
        common_parameters: if rng.chance(50) {
            vec![CommonParameter {
                name: "Action".to_owned(),
                ty: "string".to_owned(),
                required: true,
                description: text(rng),
            }]
        } else {
            Vec::new()
        },
        common_errors: common,
        common_errors_of: None,
        types: shared.iter().map(|d| type_def(d, rng)).collect(),
        notes: Vec::new(),
    };
    LoadedService {
        dir: dir.clone(),
        file: format!("gen/{dir}/service.yaml"),
        spec,
        types: None,
        operations,
        partial: false,
    }
}

/// The spec model as a maintainer's YAML file, with the schema modeline.
fn yaml<T: serde::Serialize>(spec: &T, schema: &str) -> String {
    fn strip_nulls(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.retain(|_, v| !v.is_null());
                map.values_mut().for_each(strip_nulls);
            }
            Value::Array(items) => items.iter_mut().for_each(strip_nulls),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(spec).unwrap();
    strip_nulls(&mut value);
    format!("{}\n{}", codegen::schema::modeline(schema), serde_yaml::to_string(&value).unwrap())
}

/// The files of `services` as a spec directory in memory.
fn spec_tree(services: &[LoadedService]) -> MemoryTree {
    let mut files = BTreeMap::new();
    for s in services {
        files.insert(format!("{}/service.yaml", s.dir), Blob::Bytes(yaml(&s.spec, SERVICE_SCHEMA).into_bytes()));
        for op in &s.operations {
            let text = yaml(&op.spec, OPERATION_SCHEMA);
            files.insert(format!("{}/{}.yaml", s.dir, op.spec.name), Blob::Bytes(text.into_bytes()));
        }
    }
    MemoryTree(files)
}

/// Loads, validates and emits `services` from their YAML files, as
/// `regenerate` does; `None` when they are refused. A panic is an error.
fn generate(services: &[LoadedService]) -> Result<Option<(codegen::ir::Crate, codegen::emit::Files)>, String> {
    let tree = spec_tree(services);
    catch_unwind(AssertUnwindSafe(|| match codegen::check_tree(&tree, "gen", LoadOptions::default()) {
        Ok(ir) => {
            let files = codegen::emit::emit(&ir);
            Some((ir, files))
        }
        Err(d) => {
            if std::env::var_os("GENERATIVE_DEBUG").is_some() {
                for p in &d.0 {
                    eprintln!("REFUSED: {}", p.message);
                }
            }
            None
        }
    }))
    .map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        format!("validation or emission panicked: {message}")
    })
}

fn run(seed: u64, cases: usize) -> Result<(usize, usize, usize), String> {
    let mut rng = Rng(seed);
    let mut batch: Vec<LoadedService> = Vec::new();
    let mut accepted = 0;
    for n in 0..cases {
        let case = vec![service(&mut rng, n)];
        let files = generate(&case).map_err(|e| format!("seed {seed}, case {n} (`{}`): {e}", case[0].dir))?;
        if files.is_none() {
            continue;
        }
        accepted += 1;
        // Into the batch when the names of the two still fit together; now and
        // then taking its common error codes from a service of the batch that
        // speaks its protocol (`common_errors_of`), which must build as well.
        let mut merged = batch.clone();
        merged.extend(case);
        let lender = batch
            .iter()
            .filter(|s| s.spec.protocol == merged[merged.len() - 1].spec.protocol && s.spec.common_errors_of.is_none())
            .map(|s| s.dir.clone())
            .next();
        if let Some(lender) = lender.filter(|_| rng.chance(30)) {
            let mut shared = merged.clone();
            let last = shared.last_mut().expect("the case was just added");
            last.spec.common_errors = Vec::new();
            last.spec.common_errors_of = Some(lender);
            if matches!(generate(&shared), Ok(Some(_))) {
                merged = shared;
            }
        }
        if matches!(generate(&merged), Ok(Some(_))) {
            batch = merged;
        }
    }
    let (krate, files) = generate(&batch)?.ok_or("the merged batch was refused")?;
    let sharing = batch.iter().filter(|s| s.spec.common_errors_of.is_some()).count();
    if cases >= DEFAULT_CASES && sharing == 0 {
        return Err(format!("seed {seed}: no service of the crate takes its common errors from another"));
    }
    common::layout_matches(&krate, &files)
        .map_err(|drift| format!("seed {seed}: the layout and the emitters differ: {drift}"))?;
    let modules = batch.iter().map(|s| s.dir.as_str()).collect::<Vec<_>>().join(", ");
    common::check_crate("generative-crate", &files).map_err(|failure| {
        format!("seed {seed}: the crate of {} accepted services ({modules}) fails: {failure}", batch.len())
    })?;
    Ok((accepted, batch.len(), sharing))
}

#[test]
fn every_accepted_spec_compiles_and_round_trips() {
    let cases = std::env::var("GENERATIVE_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(DEFAULT_CASES);
    let seed = match std::env::var("GENERATIVE_SEED").as_deref() {
        Ok("random") => {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64)
        }
        Ok(n) => n.parse().expect("GENERATIVE_SEED is a number or `random`"),
        Err(_) => DEFAULT_SEED,
    };
    let started = std::time::Instant::now();
    match run(seed, cases) {
        Ok((accepted, built, sharing)) => eprintln!(
            "generative: seed {seed}, {cases} spec models, {accepted} accepted, {built} built into one crate \
             ({sharing} taking another's common errors), {:.1} s",
            started.elapsed().as_secs_f64()
        ),
        Err(failure) => panic!("{failure}\nreplay with GENERATIVE_SEED={seed} GENERATIVE_CASES={cases}"),
    }
}
