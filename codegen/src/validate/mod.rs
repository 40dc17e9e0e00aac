//! Spec model -> IR. Every check that can fail on user input lives here, and
//! every problem is collected rather than stopping at the first.
//!
//! One `ServiceValidator` walks a service; its methods are split by what they
//! check and lower: `types` (named types and references), `fields`,
//! `operation` (an operation, its errors and path), `rules` (rules and
//! paging), `examples`, and `wire` (everything that reaches the wire).

mod examples;
mod fields;
mod operation;
mod rules;
mod types;
mod wire;

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Diagnostic;
use crate::docs;
use crate::ir::{self, NamedKind, NamedRef, Spelled, TypeRef};
use crate::layout;
use crate::load::{LoadedOperation, LoadedService};
use crate::names::{self, NameProblem};
use crate::spec::{self, EnumKind, HttpMethod, Literal, Location, Protocol, Vendor};
use crate::text;

/// Where a field of an operation of `protocol` sent with `method` travels when
/// its spec says no `in:` (none: the protocol has no default).
pub fn default_location(protocol: Protocol, method: HttpMethod) -> Option<Location> {
    wire::parameter_locations(protocol, method).0
}

/// Validates the loaded specs and lowers them to the IR.
pub fn validate(services: &[LoadedService]) -> Result<ir::Crate, Vec<Diagnostic>> {
    let mut problems = Problems::default();
    let mut out = Vec::new();
    let mut modules = BTreeSet::new();
    for service in services {
        if !modules.insert(service.dir.clone()) {
            problems.push(Diagnostic::new(&service.file, "", "duplicate service directory"));
        }
        if let Some(s) = ServiceValidator::new(service, services, &mut problems).run() {
            out.push(s);
        }
    }
    // Crate-wide names: each operation's runnable example (`examples/<name>.rs`)
    // and the tests of its documented examples are named `<service>_<operation>`.
    let mut examples: BTreeMap<&str, &ir::Operation> = BTreeMap::new();
    for op in out.iter().flat_map(|s| &s.operations) {
        if let Some(prev) = examples.insert(&op.example_name, op) {
            problems.push(
                Diagnostic::new(
                    &op.spec_file,
                    "name",
                    format!(
                        "the example program and tests `{}` of `{}` are already named for `{}` in {}",
                        op.example_name, op.wire_name, prev.wire_name, prev.spec_file
                    ),
                )
                .help("the names join service and operation (`a_b` + `c` = `a` + `b_c`); rename the operation or a service directory"),
            );
        }
    }
    if !problems.0.is_empty() {
        return Err(problems.0);
    }
    let krate = ir::Crate { services: out };
    // The last line of defence: every name in every generated module, as the
    // layout records it, is there once. The checks above name each mistake
    // where the spec makes it; this says which file would not compile.
    let modules = layout::modules(&krate);
    for (a, b) in layout::file_collisions(&modules) {
        problems.push(Diagnostic::new(
            &b.spec_file,
            "",
            format!(
                "the generated file `{}` would be written twice, for {} and for {}",
                b.file, a.spec_file, b.spec_file
            ),
        ));
    }
    for module in &modules {
        for (a, b) in module.collisions() {
            problems.push(
                Diagnostic::new(
                    &module.spec_file,
                    "",
                    format!("the generated `{}` would hold `{}` twice: {} and {}", module.file, a.name, a.from, b.from),
                )
                .help("give one of them another name with `rust_name`"),
            );
        }
    }
    if problems.0.is_empty() { Ok(krate) } else { Err(problems.0) }
}

#[derive(Default)]
struct Problems(Vec<Diagnostic>);

impl Problems {
    fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
}

/// A named type found anywhere in a service, before its body is lowered.
struct TypeEntry {
    rust_name: String,
    kind: NamedKind,
    /// Declaring operation's module, `None` for service.yaml.
    operation_module: Option<String>,
    file: String,
    /// Position in the declaring file's `types:` list.
    index: usize,
}

struct ServiceValidator<'a> {
    service: &'a LoadedService,
    /// Every service of the spec set, for what one service takes from another.
    all: &'a [LoadedService],
    p: &'a mut Problems,
    /// Wire type name -> entry, across the whole service.
    types: BTreeMap<String, TypeEntry>,
    /// Rust item names in the service module -> where they come from.
    items: BTreeMap<String, String>,
    /// Types whose declaration was refused; references to them are not reported again.
    refused_types: BTreeSet<String>,
    /// Rust enum name -> its variants, for rules that name enum values.
    variants: BTreeMap<String, Vec<ir::EnumVariant>>,
    /// Rust struct name -> its fields, for checking documented responses.
    structs: BTreeMap<String, Vec<ir::Field>>,
}

impl<'a> ServiceValidator<'a> {
    fn new(service: &'a LoadedService, all: &'a [LoadedService], p: &'a mut Problems) -> Self {
        ServiceValidator {
            service,
            all,
            p,
            types: BTreeMap::new(),
            items: BTreeMap::new(),
            refused_types: BTreeSet::new(),
            variants: BTreeMap::new(),
            structs: BTreeMap::new(),
        }
    }

    fn err(&mut self, file: &str, path: impl Into<String>, message: impl Into<String>, help: &str) {
        let d = Diagnostic::new(file, path, message);
        self.p.push(if help.is_empty() { d } else { d.help(help) });
    }

    fn run(mut self) -> Option<ir::Service> {
        let s = &self.service.spec;
        let file = self.service.file.clone();
        let start = self.p.0.len();

        if names::module_name(&self.service.dir).ok().as_deref() != Some(self.service.dir.as_str()) {
            self.err(
                &file,
                "",
                format!("the directory name {} is not a snake_case Rust module name", text::shown(&self.service.dir)),
                "rename the directory, e.g. `tencent_live`",
            );
        } else if let Some(why) = layout::reserved_service_module(&self.service.dir) {
            self.err(
                &file,
                "",
                format!("the directory name `{}` is taken by {why}", self.service.dir),
                "rename the directory; it becomes the service's module and cargo feature in the generated crate",
            );
        }
        let expected = match s.vendor {
            Vendor::Tencent => Protocol::TencentRpc,
            Vendor::Volcengine => Protocol::VolcengineRpc,
            Vendor::Huawei => Protocol::HuaweiRest,
        };
        if s.protocol != expected {
            self.err(
                &file,
                "protocol",
                format!("vendor {:?} speaks {:?}, not {:?}", s.vendor, expected, s.protocol),
                "",
            );
        }
        self.non_empty(&file, "title", &s.title);
        self.non_empty(&file, "description", &s.description);
        self.non_empty(&file, "api_version", &s.api_version);
        self.wire(
            &file,
            "api_version",
            wire::api_version(s.protocol, &s.api_version),
            "write the version as the vendor's calls carry it",
        );
        if let Some(name) = &s.signing_name {
            self.wire(
                &file,
                "signing_name",
                wire::signing_name(name),
                "the service name the signature's scope names, e.g. `live`",
            );
        }
        let mut regions = BTreeSet::new();
        for (i, region) in s.endpoint.regions.iter().enumerate() {
            self.wire(
                &file,
                &format!("endpoint.regions[{i}]"),
                wire::region(region),
                "a region as it appears in host names, e.g. `ap-guangzhou`",
            );
            if !regions.insert(region) {
                self.err(
                    &file,
                    format!("endpoint.regions[{i}]"),
                    format!("region `{region}` is listed twice"),
                    "list each region once",
                );
            }
        }
        let valid_regions: Vec<String> =
            s.endpoint.regions.iter().filter(|r| wire::region(r).is_none()).cloned().collect();
        self.wire(
            &file,
            "endpoint.host",
            // Regions that are wrong themselves were reported above.
            wire::host(&s.endpoint.host, &valid_regions),
            "the host is where every call goes; the client adds `https://` and the path",
        );
        let needs_region = s.endpoint.host.contains(wire::REGION_PLACEHOLDER);
        if needs_region && s.endpoint.regions.is_empty() {
            self.err(
                &file,
                "endpoint.regions",
                "the host contains {region} but no regions are listed",
                "list the regions the service is offered in",
            );
        }
        if let Some(default) = &s.endpoint.default_region
            && !s.endpoint.regions.contains(default)
        {
            self.err(&file, "endpoint.default_region", format!("`{default}` is not one of endpoint.regions"), "");
        }
        if wire::signature_names_region(s.protocol) && s.endpoint.default_region.is_none() {
            self.err(
                &file,
                "endpoint",
                format!(
                    "a {} signature names a region, and the service gives none: every call would fail \
                     unless its caller configured one",
                    s.protocol.name()
                ),
                "add `regions:` and `default_region:`, as the official SDK's service info lists them",
            );
        }
        if matches!(s.protocol, Protocol::TencentRpc | Protocol::VolcengineRpc) && s.signing_name.is_none() {
            self.err(
                &file,
                "signing_name",
                "the protocol's signature scope needs a service name",
                "add `signing_name: live`",
            );
        }
        for (i, param) in s.common_parameters.iter().enumerate() {
            self.non_empty(&file, &format!("common_parameters[{i}].description"), &param.description);
        }
        for (i, note) in s.notes.iter().enumerate() {
            self.note(&file, &format!("notes[{i}]"), note);
        }
        if self.service.operations.is_empty() && !self.service.partial {
            self.err(
                &file,
                "",
                "the service has no operations",
                "add one `<Operation>.yaml` per operation beside service.yaml; a client without operations serves nobody",
            );
        }
        let types_file = self.service.types.as_ref().map(|t| t.file.clone());
        if let Some(t) = &self.service.types {
            for (i, note) in t.spec.notes.iter().enumerate() {
                self.note(&t.file, &format!("notes[{i}]"), note);
            }
        }
        // Pass 1: every named type in the service, so references resolve in any order.
        self.collect_types(&file, None, &s.types);
        if let Some(t) = &self.service.types {
            self.collect_types(&t.file, None, &t.spec.types);
        }
        for op in &self.service.operations {
            if let Ok((_, module)) = operation_names(&op.spec) {
                self.collect_types(&op.file, Some(module), &op.spec.types);
            }
        }

        let common_errors = match &s.common_errors_of {
            None => self.errors(&file, "common_errors", &s.common_errors),
            Some(of) => self.shared_common_errors(&file, of),
        };
        let mut types = self.lower_types(&file, None, &s.types);
        if let Some(t) = &self.service.types {
            types.extend(self.lower_types(&t.file, None, &t.spec.types));
        }
        let mut operations = Vec::new();
        let mut op_names = BTreeMap::new();
        for op in &self.service.operations {
            if let Some(prev) = op_names.insert(op.spec.name.clone(), op.file.clone()) {
                self.err(&op.file, "name", format!("operation `{}` is already defined in {prev}", op.spec.name), "");
            }
            if let Some(o) = self.operation(op, &common_errors) {
                operations.push(o);
            }
        }
        // Client methods: one per operation, one per paged operation, and the client's own.
        let mut methods: BTreeMap<String, String> =
            layout::CLIENT_METHODS.iter().map(|m| ((*m).to_owned(), "the client itself".to_owned())).collect();
        for op in &operations {
            let mut wanted = vec![(op.module.clone(), format!("operation `{}`", op.wire_name))];
            if let Some(p) = &op.paging {
                wanted.push((p.pages_method.clone(), format!("the pages of `{}`", op.wire_name)));
            }
            for (method, what) in wanted {
                if let Some(prev) = methods.insert(method.clone(), what.clone()) {
                    self.err(
                        &op.spec_file,
                        "name",
                        format!("the client method `{method}` of {what} is already used by {prev}"),
                        "rename the operation",
                    );
                }
            }
        }
        // A field dropped for another mistake would make its type look unused.
        if self.p.0.len() == start && !self.service.partial {
            self.check_unused_types(&types, &operations);
            self.check_type_cycles(&types, &operations);
        }

        if self.p.0.len() > start {
            return None;
        }
        types::mark_sent(&mut types, &mut operations);
        Some(ir::Service {
            module: self.service.dir.clone(),
            feature: names::service_feature(&self.service.dir),
            spec_file: file,
            types_file,
            vendor: s.vendor,
            protocol: s.protocol,
            name: s.name.clone(),
            title: docs::inline(&s.title),
            doc: docs::lines(&s.description),
            api_version: s.api_version.clone(),
            signing_name: s.signing_name.clone(),
            host: s.endpoint.host.clone(),
            regions: s.endpoint.regions.clone(),
            default_region: s.endpoint.default_region.clone(),
            common_parameters: s.common_parameters.clone(),
            types,
            common_errors,
            common_errors_from: s.common_errors_of.clone(),
            operations,
            notes: s.notes.clone(),
            types_notes: self.service.types.iter().flat_map(|t| &t.spec.notes).cloned().collect(),
        })
    }

    /// The common error codes `common_errors_of` takes from the service `of`.
    /// Mistakes inside that list are reported where it is written, when that
    /// service is validated; here only the reference itself is checked.
    fn shared_common_errors(&mut self, file: &str, of: &str) -> Vec<ir::ErrorVariant> {
        let s = &self.service.spec;
        if !s.common_errors.is_empty() {
            self.err(
                file,
                "common_errors_of",
                format!("the service lists `common_errors` and also takes them from `{of}`"),
                "keep one: the codes of one gateway are written once",
            );
        }
        let Some(other) = self.all.iter().find(|o| o.dir == of) else {
            let same: Vec<&str> = self
                .all
                .iter()
                .filter(|o| {
                    o.spec.protocol == s.protocol && o.spec.common_errors_of.is_none() && o.dir != self.service.dir
                })
                .map(|o| o.dir.as_str())
                .collect();
            let help = if same.is_empty() {
                "list the codes here with `common_errors:`".to_owned()
            } else {
                format!("name a service of the same protocol that lists its codes: {}", same.join(", "))
            };
            self.err(file, "common_errors_of", format!("there is no service `{of}` in the spec set"), &help);
            return Vec::new();
        };
        if other.dir == self.service.dir {
            self.err(
                file,
                "common_errors_of",
                "a service cannot take its common errors from itself",
                "list the codes with `common_errors:`",
            );
            return Vec::new();
        }
        if let Some(next) = &other.spec.common_errors_of {
            self.err(
                file,
                "common_errors_of",
                format!("`{of}` takes its own common errors from `{next}`"),
                &format!("name the service that lists them: `common_errors_of: {next}`"),
            );
            return Vec::new();
        }
        if other.spec.protocol != s.protocol {
            self.err(
                file,
                "common_errors_of",
                format!(
                    "`{of}` speaks {}, this service {}: an error code's envelope and status belong to one protocol",
                    other.spec.protocol.name(),
                    s.protocol.name()
                ),
                "list this service's codes with `common_errors:`",
            );
            return Vec::new();
        }
        let mut elsewhere = Problems::default();
        ServiceValidator::new(other, self.all, &mut elsewhere).errors(
            &other.file,
            "common_errors",
            &other.spec.common_errors,
        )
    }

    /// The Rust name of one variant of an enum (an error code, an enum value)
    /// named `what`: refused when it cannot be a name, is one of the generator's
    /// own variants, or another variant of the enum already has it.
    fn variant(
        &mut self,
        file: &str,
        path: &str,
        variants: &mut Variants,
        named: Result<String, NameProblem>,
        what: String,
    ) -> Option<String> {
        let refusal = match named {
            Err(problem) => (
                format!("{what} cannot be named in Rust: {problem}"),
                "choose a variant name with `rust_name: SomeName`",
            ),
            Ok(r) if variants.reserved.contains(&r.as_str()) => (
                format!("`{r}` is the generator's variant for {}", variants.reserved_for),
                "choose another name with `rust_name`",
            ),
            Ok(r) => match variants.taken.insert(r.clone(), what.clone()) {
                None => return Some(r),
                Some(prev) => (
                    format!("{prev} and {what} both become `{r}` in Rust"),
                    "give one of them another name with `rust_name`",
                ),
            },
        };
        self.err(file, path, refusal.0, refusal.1);
        None
    }

    /// Reports what a [`wire`] check found wrong, if anything.
    fn wire(&mut self, file: &str, path: &str, problem: Option<String>, help: &str) {
        if let Some(problem) = problem {
            self.err(file, path, problem, help);
        }
    }

    fn non_empty(&mut self, file: &str, path: &str, text: &str) {
        if text.trim().is_empty() {
            self.err(
                file,
                path,
                "the description is empty",
                "write what the page says; the text becomes the item's rustdoc",
            );
        }
    }

    fn note(&mut self, file: &str, path: &str, note: &spec::Note) {
        for (key, text) in
            [("subject", &note.subject), ("page", &note.page), ("choice", &note.choice), ("reason", &note.reason)]
        {
            if text.trim().is_empty() {
                self.err(
                    file,
                    format!("{path}.{key}"),
                    "empty",
                    "a note records what the page says, what the spec chose and why",
                );
            }
        }
    }

    /// Claims a Rust item name in the service's type namespace (the service
    /// module re-exports every type and operation item): refused when a
    /// generated module of the service already holds the name, or another item
    /// of the spec took it. Says whether the claim held.
    fn claim(&mut self, file: &str, path: &str, rust_name: &str, what: String) -> bool {
        if let Some(why) = layout::reserved_type_name(rust_name) {
            self.err(
                file,
                path,
                format!("the Rust name `{rust_name}` is taken by {why}"),
                "choose another name with `rust_name`",
            );
            return false;
        }
        if let Some(prev) = self.items.get(rust_name) {
            let prev = prev.clone();
            self.err(
                file,
                path,
                format!("the Rust name `{rust_name}` is already taken by {prev}"),
                "give one of them another name with `rust_name`",
            );
            return false;
        }
        self.items.insert(rust_name.to_owned(), what);
        true
    }
}

/// The variant names of one enum being named.
struct Variants {
    /// Rust name -> what took it.
    taken: BTreeMap<String, String>,
    /// The generator's own variants of such an enum, and what they are for.
    reserved: &'static [&'static str],
    reserved_for: &'static str,
}

impl Variants {
    fn new(reserved: &'static [&'static str], reserved_for: &'static str) -> Self {
        Variants { taken: BTreeMap::new(), reserved, reserved_for }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// Request parameters, of an operation sent with this method.
    Request(HttpMethod),
    /// Response fields and fields of named types.
    Data,
}

use ir::SCALARS;

/// The types a spec can write, for messages: the scalars, then the containers.
fn type_list() -> String {
    let scalars: Vec<&str> = SCALARS.iter().map(|(name, _)| *name).collect();
    format!("{}, list<T>, map<T>", scalars.join(", "))
}

/// The names of the `declared` fields that `lowered` lacks: their definitions
/// were rejected with an error of their own, so a rule, an example, the paging
/// entry or the path template that names them is not reported a second time.
fn rejected<'a>(declared: &'a [spec::Field], lowered: &[ir::Field]) -> BTreeSet<&'a str> {
    declared.iter().map(|f| f.name.as_str()).filter(|name| !lowered.iter().any(|f| f.wire_name == *name)).collect()
}

/// Whether `value` is a value of `ty` when `ty` holds no other values (a
/// scalar, `json`, an enum); `false` for lists, maps and structs, whose
/// callers look inside.
fn leaf_fits(ty: &TypeRef, value: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (ty, value) {
        (TypeRef::Json, _) | (TypeRef::String, Value::String(_)) | (TypeRef::Bool, Value::Bool(_)) => true,
        (TypeRef::F32, Value::Number(n)) => n.as_f64().is_some_and(ir::exact_f32),
        (TypeRef::F64, Value::Number(_)) => true,
        (TypeRef::I32, Value::Number(n)) => n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        (TypeRef::I64, Value::Number(n)) => n.is_i64(),
        (TypeRef::U32, Value::Number(n)) => n.as_u64().is_some_and(|n| u32::try_from(n).is_ok()),
        (TypeRef::U64, Value::Number(n)) => n.is_u64(),
        (TypeRef::Named(n), Value::String(_)) => n.kind == NamedKind::StringEnum,
        (TypeRef::Named(n), Value::Number(x)) => n.kind == NamedKind::IntegerEnum && x.is_i64(),
        _ => false,
    }
}

fn ty_is_scalar(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Json | TypeRef::List(_) | TypeRef::Map(_) => false,
        TypeRef::Named(n) => n.kind != NamedKind::Struct,
        _ => true,
    }
}

fn literal_text(l: &Literal) -> String {
    match l {
        Literal::Integer(n) => n.to_string(),
        Literal::String(s) => format!("\"{s}\""),
    }
}

/// The Rust name of a type or variant: `rust_name` when the spec gives one, else the wire name converted.
fn type_like_name(wire: &str, rust_name: Option<&String>) -> Result<String, NameProblem> {
    match rust_name {
        Some(r) => names::check_type_override(r).map(|()| r.clone()),
        None => names::type_name(wire),
    }
}

/// An operation's base type name (`ResumeLiveStream`) and module (`resume_live_stream`).
fn operation_names(s: &spec::OperationSpec) -> Result<(String, String), NameProblem> {
    let base = type_like_name(&s.name, s.rust_name.as_ref())?;
    let module = names::module_name(&base)?;
    Ok((base, module))
}

/// A request or response field by wire name, as rules and paging refer to it, with its type.
fn field_ref(fields: &[ir::Field], name: &str) -> Option<(ir::FieldRef, TypeRef)> {
    fields.iter().find(|f| f.wire_name == name).map(|f| {
        let field = ir::FieldRef {
            wire_name: f.wire_name.clone(),
            rust_name: f.rust_name.clone(),
            optional: f.is_optional(),
            time_format: f.time_format,
        };
        (field, f.ty.clone())
    })
}
