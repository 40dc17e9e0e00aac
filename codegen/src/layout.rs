//! What each generated file brings into scope and which names the generator
//! itself gives out, written down once.
//!
//! The emitters write their `use` lines from these tables and name their own
//! items from these constants; validation reserves exactly these names (and the
//! Rust prelude), so a spec cannot name a type, module or method after
//! something a generated module already holds. [`modules`] then records every
//! top-level name of every generated file of a crate; validation ends by
//! refusing a name held twice there, and a test checks the record against the
//! emitted files. Nothing keeps a second list.

use crate::ir::{Crate, NamedType, Operation, Protocol, RuleKind, Service, TypeBody, TypeRef};

/// When a generated file needs an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    /// The service declares common error codes (`CommonError`).
    CommonErrors,
    /// The operation (or, in a service module, any operation) declares paging.
    Paging,
    /// The operation documents a rate limit.
    RateLimit,
    /// The file defines forward-compatible enums.
    LocalEnums,
    /// The file defines structs decoded from objects (every operation's file: its response).
    LocalStructs,
    /// The operation checks documented rules or time formats before sending.
    Rules,
    /// The operation checks a documented time format.
    TimeFormat,
    /// The tests file holds request examples.
    RequestExamples,
    /// The tests file holds response examples.
    ResponseExamples,
    /// The tests file holds response examples that document data, not an error.
    DataExamples,
}

/// One name a generated file imports: `use {path}::{name};`.
#[derive(Debug, Clone, Copy)]
pub struct Import {
    /// `{vendor}` stands for the service's runtime module (`tencent`).
    pub path: &'static str,
    /// `{Protocol}` stands for the service's protocol type (`Tencent`).
    pub name: &'static str,
    pub when: When,
    /// `pub use`: a re-export users name.
    pub public: bool,
}

const fn import(path: &'static str, name: &'static str, when: When) -> Import {
    Import { path, name, when, public: false }
}

const fn reexport(path: &'static str, name: &'static str) -> Import {
    Import { path, name, when: When::Always, public: true }
}

/// `src/<service>/<operation>.rs`.
pub const OPERATION_IMPORTS: &[Import] = &[
    import("std", "fmt", When::Always),
    import("serde", "Deserialize", When::Always),
    import("serde", "Deserializer", When::Always),
    import("serde", "Serialize", When::Always),
    import("serde", "Serializer", When::LocalEnums),
    import("crate::runtime", "BuildError", When::Always),
    import("crate::runtime", "ErrorMeta", When::Always),
    import("crate::runtime", "InvalidInput", When::Always),
    import("crate::runtime", "Method", When::Always),
    import("crate::runtime", "Operation", When::Always),
    import("crate::runtime", "OperationMeta", When::Always),
    import("crate::runtime", "Output", When::Always),
    import("crate::runtime", "OutputShape", When::Always),
    import("crate::runtime", "PageStart", When::Paging),
    import("crate::runtime", "PageTotal", When::Paging),
    import("crate::runtime", "Paged", When::Paging),
    import("crate::runtime", "RateLimit", When::RateLimit),
    import("crate::runtime", "RequestParts", When::Always),
    import("crate::runtime", "ServiceError", When::Always),
    import("crate::runtime", "Unhandled", When::Always),
    import("crate::runtime", "UnknownValue", When::LocalEnums),
    import("crate::runtime", "object", When::LocalStructs),
    import("crate::runtime", "rules", When::Rules),
    import("crate::runtime::rules", "TimeFormat", When::TimeFormat),
];

/// `src/<service>/types.rs`.
pub const TYPES_IMPORTS: &[Import] = &[
    import("std", "fmt", When::LocalEnums),
    import("serde", "Deserialize", When::Always),
    import("serde", "Deserializer", When::Always),
    import("serde", "Serialize", When::Always),
    import("serde", "Serializer", When::LocalEnums),
    import("crate::runtime", "UnknownValue", When::LocalEnums),
    import("crate::runtime", "object", When::LocalStructs),
];

/// `src/<service>/mod.rs`.
pub const SERVICE_IMPORTS: &[Import] = &[
    reexport("crate::runtime::{vendor}", "Config"),
    reexport("crate::runtime::{vendor}", "ConfigBuilder"),
    reexport("crate::runtime::{vendor}", "Credentials"),
    import("std", "fmt", When::CommonErrors),
    import("crate::runtime::client", "Transport", When::Always),
    import("crate::runtime::{vendor}", "{Protocol}", When::Always),
    import("crate::runtime", "Error", When::Always),
    import("crate::runtime", "ErrorMeta", When::CommonErrors),
    import("crate::runtime", "Pages", When::Paging),
    import("crate::runtime", "RetryPolicy", When::Always),
    import("crate::runtime", "ServiceMeta", When::Always),
    import("crate::runtime", "Timeouts", When::Always),
];

/// `src/lib.rs`.
/// `serde_json` is the crate of the `serde_json::Value` that `json` fields hold,
/// re-exported so that callers build one with the same version.
pub const LIB_IMPORTS: &[Import] = &[
    reexport("runtime", "Error"),
    reexport("runtime", "RetryPolicy"),
    reexport("runtime", "Timeouts"),
    reexport("runtime", "serde_json"),
];

/// `tests/spec_examples.rs`. Each test also imports the request type and the
/// enums its example sets, which must not hide these.
pub const TESTS_IMPORTS: &[Import] = &[
    import("std::sync", "Arc", When::RequestExamples),
    import("serde_json", "Map", When::RequestExamples),
    import("serde_json", "Value", When::Always),
    import("cloud_live", "Error", When::RequestExamples),
    import("cloud_live", "RetryPolicy", When::RequestExamples),
    import("cloud_live::runtime::mock", "MockResponse", When::RequestExamples),
    import("cloud_live::runtime::mock", "MockTransport", When::RequestExamples),
    import("cloud_live::runtime", "Operation", When::RequestExamples),
    import("cloud_live::runtime", "RequestParts", When::RequestExamples),
    import("cloud_live::runtime::http", "HttpResponse", When::Always),
];

/// `examples/<service>.rs`, beside the service's `Client`, `Config`,
/// `Credentials`, the request types and the named types the examples set.
pub const EXAMPLE_IMPORTS: &[Import] = &[
    import("std::fmt", "Debug", When::Always),
    import("std::fmt", "Display", When::Always),
    import("std::process", "ExitCode", When::Always),
];

/// What the example program of a service defines.
pub const EXAMPLE_ITEMS: &[&str] = &["OPERATIONS", "main", "report"];

/// The hand-written runtime's module in the crate root.
pub const RUNTIME_MODULE: &str = "runtime";

/// Module names a service directory may not take: the runtime; `lib`, whose
/// `src/lib/mod.rs` would be ambiguous with the crate root `src/lib.rs`; and
/// `main`, which rustc reserves for binaries (`special_module_name`).
pub const CRATE_MODULES: &[&str] = &[RUNTIME_MODULE, "lib", "main"];

/// The features `generated/Cargo.toml` declares by hand, above the lines the
/// generator writes there (checked against the file by a test).
pub const MANUAL_FEATURES: &[&str] = &["default", "rustls-aws-lc", "rustls-ring", "blocking", "test-util"];

/// The generated feature that turns every service on.
pub const ALL_SERVICES_FEATURE: &str = "full";

/// Items every service module defines.
pub const CLIENT: &str = "Client";
/// The synchronous client of the `blocking` feature.
pub const BLOCKING_CLIENT: &str = "BlockingClient";
pub const COMMON_ERROR: &str = "CommonError";
pub const SERVICE_CONST: &str = "SERVICE";
/// Every operation of a service with how it is sent (feature `test-util`).
pub const OPERATIONS_CONST: &str = "OPERATIONS";
/// The module of the types `service.yaml` declares, `src/<service>/types.rs`.
pub const TYPES_MODULE: &str = "types";
/// File names in a service directory that an operation's module may not take:
/// the service module's own file and the shared types.
pub const SERVICE_FILES: &[&str] = &["mod", TYPES_MODULE];

/// The clients' methods that are not operations (the async client's and the
/// blocking one's). `clone` and `fmt` come from their derives: an operation
/// method of that name would hide them.
pub const CLIENT_METHODS: &[&str] =
    &["new", "with_retry_policy", "with_timeouts", "with_credentials", "from_async", "as_async", "clone", "fmt"];

/// Builder methods that are not setters: `build`, and `default` (the request's
/// `builder()` calls `Builder::default()`, which a setter named so would hide).
pub const BUILDER_METHODS: &[&str] = &["build", "default"];

/// The response builders' setter of the request id the envelope carries (feature `test-util`).
pub const REQUEST_ID_SETTER: &str = "request_id";

/// A response builder's methods that are not setters of its fields.
pub const RESPONSE_BUILDER_METHODS: &[&str] = &["build", "default", REQUEST_ID_SETTER];

/// The Rust 2024 prelude's types, traits and functions (`std::prelude::rust_2024`),
/// which generated code names unqualified; a spec type of one of these names
/// would hide it.
pub const PRELUDE: &[&str] = &[
    "AsMut",
    "AsRef",
    "AsyncFn",
    "AsyncFnMut",
    "AsyncFnOnce",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Future",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
    // Derive macros the generated code uses; a type of the same name would read as the derive.
    "Debug",
    "Hash",
];

/// The runtime module and protocol type of a service's protocol.
pub fn runtime_protocol(protocol: Protocol) -> (&'static str, &'static str) {
    match protocol {
        Protocol::TencentRpc => ("tencent", "Tencent"),
        Protocol::VolcengineRpc => ("volcengine", "Volcengine"),
        Protocol::HuaweiRest => ("huawei", "Huawei"),
    }
}

/// Headers each protocol's runtime sets itself (`runtime/{tencent,volcengine,huawei}.rs`,
/// `build_request`); a header parameter of one of these names would be sent twice or
/// overwrite the signature. `codegen/tests/generate.rs` checks this list against the runtime.
pub const RUNTIME_HEADERS: &[(Protocol, &[&str])] = &[
    (
        Protocol::TencentRpc,
        &[
            "Authorization",
            "Content-Type",
            "Host",
            "User-Agent",
            "X-TC-Action",
            "X-TC-Region",
            "X-TC-Timestamp",
            "X-TC-Token",
            "X-TC-Version",
        ],
    ),
    (
        Protocol::VolcengineRpc,
        &["Authorization", "Content-Type", "Host", "User-Agent", "X-Content-Sha256", "X-Date", "X-Security-Token"],
    ),
    (
        Protocol::HuaweiRest,
        &[
            "Authorization",
            "Content-Type",
            "Host",
            "User-Agent",
            "X-Auth-Token",
            "X-Project-Id",
            "X-Sdk-Date",
            "X-Security-Token",
        ],
    ),
];

/// Headers the HTTP layer owns (framing, connections, cookies, proxies:
/// the Fetch standard's forbidden request headers): a parameter of one of
/// these names could desynchronise the request or hijack the connection.
pub const TRANSPORT_HEADERS: &[&str] = &[
    "Accept-Charset",
    "Accept-Encoding",
    "Access-Control-Request-Headers",
    "Access-Control-Request-Method",
    "Connection",
    "Content-Length",
    "Cookie",
    "Cookie2",
    "Date",
    "DNT",
    "Expect",
    "Keep-Alive",
    "Origin",
    "Referer",
    "Set-Cookie",
    "TE",
    "Trailer",
    "Transfer-Encoding",
    "Upgrade",
    "Via",
];

/// Whether the HTTP layer owns header `name` (case-insensitive; `Proxy-*` and `Sec-*` too).
pub fn transport_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    TRANSPORT_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name))
        || lower.starts_with("proxy-")
        || lower.starts_with("sec-")
}

/// Whether the runtime of `protocol` sets header `name` itself (header names are case-insensitive).
pub fn runtime_header(protocol: Protocol, name: &str) -> bool {
    RUNTIME_HEADERS
        .iter()
        .filter(|(p, _)| *p == protocol)
        .flat_map(|(_, headers)| headers.iter())
        .any(|h| h.eq_ignore_ascii_case(name))
}

/// The path parameter the runtime of `protocol` fills from the client's
/// credentials (`huawei::PROJECT_ID` in the runtime), which a spec marks
/// `auth: true`: Huawei's project, as the official SDK fills it.
pub fn credential_path_parameter(protocol: Protocol) -> Option<&'static str> {
    match protocol {
        Protocol::HuaweiRest => Some("project_id"),
        Protocol::TencentRpc | Protocol::VolcengineRpc => None,
    }
}

const PROTOCOLS: [Protocol; 3] = [Protocol::TencentRpc, Protocol::VolcengineRpc, Protocol::HuaweiRest];

/// A table's names with its placeholders filled in for `protocol`, or for every protocol.
fn names(table: &'static [Import], protocol: Option<Protocol>) -> impl Iterator<Item = (String, &'static Import)> {
    table.iter().flat_map(move |i| {
        let protocols: Vec<Protocol> = match protocol {
            Some(p) => vec![p],
            None if i.name == "{Protocol}" => PROTOCOLS.to_vec(),
            None => vec![Protocol::TencentRpc],
        };
        protocols.into_iter().map(move |p| (i.name.replace("{Protocol}", runtime_protocol(p).1), i))
    })
}

/// Why a name is taken in the type namespace of a service's modules, if it is:
/// the generated files of a service and its tests and examples import it, the
/// service module defines it, or it is in the prelude.
pub fn reserved_type_name(name: &str) -> Option<String> {
    if PRELUDE.contains(&name) {
        return Some(format!("`{name}` from the Rust prelude, which the generated code uses"));
    }
    if name == CLIENT || name == BLOCKING_CLIENT || name == COMMON_ERROR {
        return Some(format!("the service module's own `{name}`"));
    }
    let tables: [(&str, &'static [Import]); 5] = [
        ("every operation module", OPERATION_IMPORTS),
        ("the service's types module", TYPES_IMPORTS),
        ("the service module", SERVICE_IMPORTS),
        ("the tests of the documented examples", TESTS_IMPORTS),
        ("the runnable examples", EXAMPLE_IMPORTS),
    ];
    tables.into_iter().find_map(|(file, table)| {
        names(table, None).find(|(n, _)| n == name).map(|(n, i)| {
            let path = i.path.replace("{vendor}", "<vendor>");
            format!("`{path}::{n}`, imported by {file}")
        })
    })
}

/// Why an operation's module name is taken in its service module, if it is.
pub fn reserved_operation_module(name: &str, service_module: &str) -> Option<String> {
    if SERVICE_FILES.contains(&name) {
        return Some(format!("the service's own `{name}.rs`"));
    }
    if name == service_module {
        return Some(format!("the service module `{service_module}` itself (a module inside a module of its name)"));
    }
    names(SERVICE_IMPORTS, None)
        .find(|(n, _)| n == name)
        .map(|(n, i)| format!("`{}::{n}`, imported by the service module", i.path))
}

/// Why a service module name is taken in the crate root, if it is.
pub fn reserved_service_module(name: &str) -> Option<String> {
    if CRATE_MODULES.contains(&name) {
        return Some(format!("the crate's own `{name}` (`src/{name}.rs` or `src/{name}/`)"));
    }
    if name == TYPES_MODULE {
        return Some(format!("the `{TYPES_MODULE}` module every service may hold, which would then repeat its name"));
    }
    let feature = crate::names::service_feature(name);
    if MANUAL_FEATURES.contains(&feature.as_str()) || feature == ALL_SERVICES_FEATURE {
        return Some(format!("the crate's own cargo feature `{feature}`, which would be the service's feature"));
    }
    names(LIB_IMPORTS, None)
        .find(|(n, _)| n == name)
        .map(|(n, i)| format!("`{}::{n}`, re-exported by the crate root", i.path))
}

/// The `use` items of a generated file: the table's imports whose condition
/// holds, one `use` per path in table order, names as the table orders them.
pub fn use_items<'a>(
    table: impl IntoIterator<Item = &'a Import>,
    protocol: Protocol,
    holds: impl Fn(When) -> bool,
) -> proc_macro2::TokenStream {
    let (vendor, protocol_type) = runtime_protocol(protocol);
    let mut groups: Vec<(bool, String, Vec<String>)> = Vec::new();
    for i in table.into_iter().filter(|i| holds(i.when)) {
        let path = i.path.replace("{vendor}", vendor);
        let name = i.name.replace("{Protocol}", protocol_type);
        match groups.iter_mut().find(|(public, p, _)| *p == path && *public == i.public) {
            Some((_, _, names)) => names.push(name),
            None => groups.push((i.public, path, vec![name])),
        }
    }
    let items = groups.into_iter().map(|(public, path, names)| {
        let vis = if public { "pub " } else { "" };
        let text = match names.as_slice() {
            [one] => format!("{vis}use {path}::{one};"),
            many => format!("{vis}use {path}::{{{}}};", many.join(", ")),
        };
        text.parse::<proc_macro2::TokenStream>().unwrap_or_else(|e| panic!("generator bug: `{text}`: {e}"))
    });
    quote::quote!(#(#items)*)
}

/// Which imports of [`OPERATION_IMPORTS`] an operation's file needs.
pub fn operation_needs(op: &Operation) -> impl Fn(When) -> bool + '_ {
    move |when| {
        // A documented time format is checked with the runtime's `rules::time`,
        // and so is a rule about a time's age or span.
        let times = op.request.iter().any(|f| f.is_data() && f.time_format.is_some())
            || op.rules.iter().any(|r| {
                matches!(
                    r.kind,
                    RuleKind::WithinLast { .. }
                        | RuleKind::WithinNext { .. }
                        | RuleKind::MaxSpan { .. }
                        | RuleKind::EndAfterStart { .. }
                )
            });
        match when {
            When::Always => true,
            When::LocalEnums => has_enums(&op.types),
            When::LocalStructs => true,
            When::RateLimit => op.rate_limit.is_some(),
            When::Paging => op.paging.is_some(),
            When::Rules => {
                times || !op.rules.is_empty() || op.request.iter().any(|f| f.constraints.max_length().is_some())
            }
            When::TimeFormat => times,
            When::CommonErrors | When::RequestExamples | When::ResponseExamples | When::DataExamples => false,
        }
    }
}

/// The types of `service.yaml` an operation's file names, which it imports from the service's types module.
pub fn shared_types(op: &Operation) -> std::collections::BTreeSet<String> {
    let struct_fields = op.types.iter().filter_map(|t| match &t.body {
        TypeBody::Struct(fields) => Some(fields),
        TypeBody::Enum(..) => None,
    });
    let mut out = std::collections::BTreeSet::new();
    for f in op.request.iter().chain(&op.response).chain(struct_fields.flatten()) {
        if let TypeRef::Named(n) = f.ty.innermost()
            && n.operation_module.is_none()
        {
            out.insert(n.rust_name.clone());
        }
    }
    out
}

/// Which imports of [`SERVICE_IMPORTS`] a service module needs.
pub fn service_needs(s: &Service) -> impl Fn(When) -> bool + '_ {
    move |when| match when {
        When::Always => true,
        When::CommonErrors => !s.common_errors.is_empty(),
        When::Paging => s.operations.iter().any(|o| o.paging.is_some()),
        _ => false,
    }
}

/// Which imports of [`TYPES_IMPORTS`] a service's types module needs.
pub fn types_needs(s: &Service) -> impl Fn(When) -> bool + '_ {
    move |when| match when {
        When::Always => true,
        When::LocalEnums => has_enums(&s.types),
        When::LocalStructs => s.types.iter().any(|t| matches!(t.body, TypeBody::Struct(_))),
        _ => false,
    }
}

/// Which imports of [`TESTS_IMPORTS`] the tests of the documented examples need.
pub fn tests_needs(krate: &Crate) -> impl Fn(When) -> bool + '_ {
    let examples = move || krate.services.iter().flat_map(|s| &s.operations).flat_map(|o| &o.examples);
    move |when| match when {
        When::Always => examples().next().is_some(),
        When::RequestExamples => examples().any(|e| e.params.is_some()),
        When::ResponseExamples => examples().next().is_some(),
        When::DataExamples => examples().any(|e| e.error.is_none()),
        _ => false,
    }
}

fn has_enums(types: &[NamedType]) -> bool {
    types.iter().any(|t| matches!(t.body, TypeBody::Enum(..)))
}

/// A namespace of a Rust module: types, traits and modules share one;
/// functions and constants the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Namespace {
    Type,
    Value,
}

/// How a name comes to be in a module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum How {
    /// `mod name;`
    Declares,
    /// An item the file defines.
    Defines,
    Imports,
    ReExports,
}

/// One name in a generated module.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Name {
    pub namespace: Namespace,
    pub name: String,
    pub how: How,
    /// What it is or where it comes from: `crate::runtime::Method`, `operation ResumeLiveStream`.
    pub from: String,
}

/// The names one generated file holds at its top level.
#[derive(Debug, Clone)]
pub struct Module {
    /// Path relative to `generated/` (`src/tencent_live/mod.rs`).
    pub file: String,
    /// The spec file a problem in it is reported against.
    pub spec_file: String,
    pub names: Vec<Name>,
}

impl Module {
    fn add(&mut self, namespace: Namespace, name: &str, how: How, from: impl Into<String>) {
        self.names.push(Name { namespace, name: name.to_owned(), how, from: from.into() });
    }

    fn imports<'a>(
        &mut self,
        table: impl IntoIterator<Item = &'a Import>,
        protocol: Protocol,
        holds: impl Fn(When) -> bool,
    ) {
        let (vendor, protocol_type) = runtime_protocol(protocol);
        for i in table.into_iter().filter(|i| holds(i.when)) {
            let name = i.name.replace("{Protocol}", protocol_type);
            let from = format!("{}::{name}", i.path.replace("{vendor}", vendor));
            self.add(Namespace::Type, &name, if i.public { How::ReExports } else { How::Imports }, from);
        }
    }

    /// Pairs of entries that put one name twice into one namespace.
    pub fn collisions(&self) -> Vec<(&Name, &Name)> {
        let mut sorted: Vec<&Name> = self.names.iter().collect();
        sorted.sort_by(|a, b| (a.namespace, &a.name).cmp(&(b.namespace, &b.name)));
        sorted
            .windows(2)
            .filter(|w| w[0].namespace == w[1].namespace && w[0].name == w[1].name)
            .map(|w| (w[0], w[1]))
            .collect()
    }
}

/// The items the tests of the documented examples define beside the tests,
/// and when: building the parameters of a request (and the key of a whole
/// body among them), answering with a documented body, comparing decoded data.
pub const TESTS_HELPERS: &[(Namespace, &str, When)] = &[
    (Namespace::Value, "params_of", When::RequestExamples),
    (Namespace::Value, "WHOLE_BODY", When::RequestExamples),
    (Namespace::Value, "answer", When::Always),
    (Namespace::Value, "normalized", When::DataExamples),
    (Namespace::Value, "encoded", When::DataExamples),
];

/// Pairs of modules that the emitters would write to one file.
pub fn file_collisions(modules: &[Module]) -> Vec<(&Module, &Module)> {
    modules.windows(2).filter(|w| w[0].file == w[1].file).map(|w| (&w[0], &w[1])).collect()
}

/// Every name each generated file of `krate` declares, defines, imports and
/// re-exports at its top level, as the emitters write them.
pub fn modules(krate: &Crate) -> Vec<Module> {
    let mut out = Vec::new();
    let first_spec = krate.services.first().map(|s| s.spec_file.clone()).unwrap_or_default();
    let mut lib = Module { file: "src/lib.rs".into(), spec_file: first_spec.clone(), names: Vec::new() };
    lib.add(Namespace::Type, RUNTIME_MODULE, How::Declares, "the hand-written runtime");
    for s in &krate.services {
        lib.add(Namespace::Type, &s.module, How::Declares, format!("service {}", s.spec_file));
    }
    lib.imports(LIB_IMPORTS, Protocol::TencentRpc, |_| true);
    out.push(lib);
    for s in &krate.services {
        let mut service =
            Module { file: format!("src/{}/mod.rs", s.module), spec_file: s.spec_file.clone(), names: Vec::new() };
        if !s.types.is_empty() {
            service.add(Namespace::Type, TYPES_MODULE, How::Declares, "the shared types");
            let mut types = Module {
                file: format!("src/{}/{TYPES_MODULE}.rs", s.module),
                spec_file: s.spec_file.clone(),
                names: Vec::new(),
            };
            types.imports(TYPES_IMPORTS, s.protocol, types_needs(s));
            for t in &s.types {
                let what = format!("type {}", t.wire_name);
                for name in std::iter::once(t.rust_name.clone()).chain(t.test_builder()) {
                    types.add(Namespace::Type, &name, How::Defines, what.clone());
                    service.add(Namespace::Type, &name, How::ReExports, what.clone());
                }
            }
            out.push(types);
        }
        service.imports(SERVICE_IMPORTS, s.protocol, service_needs(s));
        service.add(Namespace::Type, CLIENT, How::Defines, "the service client");
        service.add(Namespace::Type, BLOCKING_CLIENT, How::Defines, "the service's blocking client");
        if !s.common_errors.is_empty() {
            service.add(Namespace::Type, COMMON_ERROR, How::Defines, "the service's common error codes");
        }
        service.add(Namespace::Value, SERVICE_CONST, How::Defines, "the service's static facts");
        service.add(Namespace::Value, OPERATIONS_CONST, How::Defines, "the service's operations, for tests");
        for op in &s.operations {
            let what = format!("operation {}", op.wire_name);
            service.add(Namespace::Type, crate::names::unraw(&op.module), How::Declares, what.clone());
            let mut file = Module {
                file: format!("src/{}/{}.rs", s.module, crate::names::unraw(&op.module)),
                spec_file: op.spec_file.clone(),
                names: Vec::new(),
            };
            file.imports(OPERATION_IMPORTS, s.protocol, operation_needs(op));
            for shared in shared_types(op) {
                let from = format!("super::{TYPES_MODULE}::{shared}");
                file.add(Namespace::Type, &shared, How::Imports, from);
            }
            let items =
                [&op.request_type, &op.builder_type, &op.response_type, &op.response_builder_type, &op.error_type];
            let local = op.types.iter().map(|t| &t.rust_name);
            let local_builders: Vec<String> = op.types.iter().filter_map(|t| t.test_builder()).collect();
            for item in items.into_iter().chain(local).chain(&local_builders) {
                file.add(Namespace::Type, item, How::Defines, what.clone());
                service.add(Namespace::Type, item, How::ReExports, what.clone());
            }
            out.push(file);
        }
        out.push(service);
    }
    let mut tests = Module { file: "tests/spec_examples.rs".into(), spec_file: first_spec, names: Vec::new() };
    tests.imports(TESTS_IMPORTS, Protocol::TencentRpc, tests_needs(krate));
    let needs = tests_needs(krate);
    for (namespace, helper, when) in TESTS_HELPERS {
        if needs(*when) {
            tests.add(*namespace, helper, How::Defines, "a helper of the tests");
        }
    }
    for s in &krate.services {
        if crate::emit::examples::examples_of(s).is_empty() {
            continue;
        }
        let mut example =
            Module { file: format!("examples/{}.rs", s.module), spec_file: s.spec_file.clone(), names: Vec::new() };
        example.imports(EXAMPLE_IMPORTS, s.protocol, |_| true);
        for item in EXAMPLE_ITEMS {
            example.add(Namespace::Value, item, How::Defines, "the example program");
        }
        for name in crate::emit::examples::example_imports(s) {
            example.add(Namespace::Type, name, How::Imports, format!("cloud_live::{}::{name}", s.module));
        }
        out.push(example);
    }
    for s in &krate.services {
        if s.operations.iter().any(|o| o.examples.iter().any(|e| e.params.is_some())) {
            let what = format!("the tests' client of {}", s.module);
            tests.add(Namespace::Value, &crate::names::mock_client(&s.module), How::Defines, what.clone());
            tests.add(Namespace::Value, &crate::names::common_codes(&s.module), How::Defines, what);
        }
    }
    for op in krate.services.iter().flat_map(|s| &s.operations) {
        if op.examples.iter().any(|e| e.params.is_some()) {
            let what = format!("the protocol test of {}", op.wire_name);
            tests.add(Namespace::Value, &crate::names::protocol_test(&op.example_name), How::Defines, what);
        }
        for (i, ex) in op.examples.iter().enumerate() {
            let n = i + 1;
            let what = format!("example {n} of {}", op.wire_name);
            if ex.params.is_some() {
                tests.add(
                    Namespace::Value,
                    &crate::names::example_test(&op.example_name, n, "request"),
                    How::Defines,
                    what.clone(),
                );
            }
            tests.add(
                Namespace::Value,
                &crate::names::example_test(&op.example_name, n, "response"),
                How::Defines,
                what,
            );
        }
    }
    out.push(tests);
    out.sort_by(|a, b| a.file.cmp(&b.file));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reservations_name_their_source() {
        assert_eq!(
            reserved_type_name("Method").as_deref(),
            Some("`crate::runtime::Method`, imported by every operation module")
        );
        assert_eq!(
            reserved_type_name("Volcengine").as_deref(),
            Some("`crate::runtime::<vendor>::Volcengine`, imported by the service module")
        );
        assert!(reserved_type_name("Option").unwrap().contains("prelude"));
        assert!(reserved_type_name("ExitCode").unwrap().contains("runnable examples"));
        assert_eq!(reserved_type_name("Quota"), None);
        assert!(reserved_operation_module("mod", "svc").is_some());
        assert!(reserved_operation_module("fmt", "svc").is_some());
        assert!(reserved_operation_module("svc", "svc").is_some());
        assert_eq!(reserved_operation_module("resume", "svc"), None);
        assert!(reserved_service_module("runtime").is_some());
        assert!(reserved_service_module("lib").is_some());
        assert!(reserved_service_module("main").is_some());
        assert!(reserved_service_module("types").is_some());
        assert_eq!(reserved_service_module("tencent_live"), None);
        assert!(reserved_service_module("test_util").unwrap().contains("feature `test-util`"));
        assert!(reserved_service_module("full").unwrap().contains("feature `full`"));
        assert!(runtime_header(Protocol::HuaweiRest, "x-sdk-date"));
        assert!(!runtime_header(Protocol::HuaweiRest, "X-Trace"));
        assert!(transport_header("content-length") && transport_header("Proxy-Authorization"));
        assert!(!transport_header("X-Trace"));
    }

    #[test]
    fn use_items_group_by_path() {
        let tokens = use_items(SERVICE_IMPORTS, Protocol::TencentRpc, |w| w == When::Always);
        let text = tokens.to_string();
        assert!(text.starts_with("pub use crate :: runtime :: tencent :: { Config , ConfigBuilder , Credentials } ;"));
        assert!(text.contains("use crate :: runtime :: tencent :: Tencent ;"), "{text}");
        assert!(!text.contains("Pages"), "{text}");
    }
}
