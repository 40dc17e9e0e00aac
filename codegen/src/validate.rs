//! Spec model -> IR. Every check that can fail on user input lives here, and
//! every problem is collected rather than stopping at the first.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Diagnostic;
use crate::docs;
use crate::ir::{self, NamedKind, NamedRef, TypeRef};
use crate::load::{LoadedOperation, LoadedService};
use crate::names;
use crate::spec::{self, EnumKind, Literal, Location, Protocol, Vendor};

/// Validates the loaded specs and lowers them to the IR.
pub fn validate(services: &[LoadedService]) -> Result<ir::Crate, Vec<Diagnostic>> {
    let mut problems = Problems::default();
    let mut out = Vec::new();
    let mut modules = BTreeSet::new();
    for service in services {
        if !modules.insert(service.dir.clone()) {
            problems.push(Diagnostic::new(&service.file, "", "duplicate service directory"));
        }
        if let Some(s) = ServiceValidator::new(service, &mut problems).run() {
            out.push(s);
        }
    }
    if problems.0.is_empty() { Ok(ir::Crate { services: out }) } else { Err(problems.0) }
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
    p: &'a mut Problems,
    /// Wire type name -> entry, across the whole service.
    types: BTreeMap<String, TypeEntry>,
    /// Rust item names in the service module -> where they come from.
    items: BTreeMap<String, String>,
    /// Types whose declaration was refused; references to them are not reported again.
    refused_types: BTreeSet<String>,
    /// Rust enum name -> its variants, for rules that name enum values.
    variants: BTreeMap<String, Vec<ir::EnumVariant>>,
}

impl<'a> ServiceValidator<'a> {
    fn new(service: &'a LoadedService, p: &'a mut Problems) -> Self {
        ServiceValidator {
            service,
            p,
            types: BTreeMap::new(),
            items: BTreeMap::new(),
            refused_types: BTreeSet::new(),
            variants: BTreeMap::new(),
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
                format!("the directory name `{}` is not a snake_case Rust module name", self.service.dir),
                "rename the directory, e.g. `tencent_live`",
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
        let needs_region = s.endpoint.host.contains("{region}");
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
        self.items.insert("Client".into(), format!("{file}: the service client"));
        self.items.insert("CommonError".into(), format!("{file}: the service's common error codes"));

        // Pass 1: every named type in the service, so references resolve in any order.
        self.collect_types(&file, None, &s.types);
        for op in &self.service.operations {
            if let Ok(module) = names::module_name(&op.spec.name) {
                self.collect_types(&op.file, Some(module), &op.spec.types);
            }
        }

        let common_errors = self.errors(&file, "common_errors", &s.common_errors);
        let types = self.lower_types(&file, None, &s.types);
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
            names::RESERVED_CLIENT_METHODS.iter().map(|m| ((*m).to_owned(), "the client itself".to_owned())).collect();
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
        if self.p.0.len() == start {
            self.check_unused_types(&types, &operations);
        }

        if self.p.0.len() > start {
            return None;
        }
        Some(ir::Service {
            module: self.service.dir.clone(),
            spec_file: file,
            vendor: s.vendor,
            protocol: s.protocol,
            name: s.name.clone(),
            title: s.title.clone(),
            doc: docs::lines(&s.description),
            api_version: s.api_version.clone(),
            signing_name: s.signing_name.clone(),
            host: s.endpoint.host.clone(),
            regions: s.endpoint.regions.clone(),
            default_region: s.endpoint.default_region.clone(),
            common_parameters: s.common_parameters.clone(),
            types,
            common_errors,
            operations,
            notes: s.notes.clone(),
        })
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

    /// Claims a Rust item name in the service module.
    fn claim(&mut self, file: &str, path: &str, rust_name: &str, what: String) {
        if let Some(prev) = self.items.get(rust_name) {
            let prev = prev.clone();
            self.err(
                file,
                path,
                format!("the Rust name `{rust_name}` is already taken by {prev}"),
                "give one of them another name with `rust_name`",
            );
        } else {
            self.items.insert(rust_name.to_owned(), what);
        }
    }

    fn collect_types(&mut self, file: &str, operation_module: Option<String>, types: &[spec::TypeDef]) {
        for (i, t) in types.iter().enumerate() {
            let path = format!("types[{i}]");
            let rust_name = match &t.rust_name {
                Some(r) => names::check_type_override(r).map(|()| r.clone()),
                None => names::named_type(&t.name),
            };
            let rust_name = match rust_name {
                Ok(r) => r,
                Err(problem) => {
                    self.err(
                        file,
                        format!("{path}.name"),
                        format!("type `{}` cannot be named in Rust: {problem}", t.name),
                        "choose a Rust name with `rust_name: SomeName`",
                    );
                    self.refused_types.insert(t.name.clone());
                    continue;
                }
            };
            let kind = match (&t.fields, t.enum_kind, &t.values) {
                (Some(_), None, None) => NamedKind::Struct,
                (None, Some(EnumKind::String), Some(_)) => NamedKind::StringEnum,
                (None, Some(EnumKind::Integer), Some(_)) => NamedKind::IntegerEnum,
                _ => {
                    self.err(
                        file,
                        &path,
                        format!("type `{}` must have either `fields` or both `enum` and `values`", t.name),
                        "a struct lists `fields:`; an enum says `enum: string` or `enum: integer` and lists `values:`",
                    );
                    self.refused_types.insert(t.name.clone());
                    continue;
                }
            };
            if let Some(prev) = self.types.get(&t.name) {
                let prev = prev.file.clone();
                self.err(
                    file,
                    format!("{path}.name"),
                    format!("type `{}` is already declared in {prev}", t.name),
                    "type names are shared by the whole service; rename one of them",
                );
                continue;
            }
            self.claim(file, &format!("{path}.name"), &rust_name, format!("type `{}` in {file}", t.name));
            self.types.insert(
                t.name.clone(),
                TypeEntry {
                    rust_name,
                    kind,
                    operation_module: operation_module.clone(),
                    file: file.to_owned(),
                    index: i,
                },
            );
        }
    }

    /// Resolves a type expression: scalars, `list<T>`, or a named type visible from `scope`.
    fn resolve(&mut self, file: &str, path: &str, ty: &str, scope: Option<&str>) -> Option<TypeRef> {
        let ty = ty.trim();
        if let Some(inner) = ty.strip_prefix("list<").and_then(|t| t.strip_suffix('>')) {
            return self.resolve(file, path, inner, scope).map(|t| TypeRef::List(Box::new(t)));
        }
        let scalar = match ty {
            "string" => Some(TypeRef::String),
            "bool" => Some(TypeRef::Bool),
            "i32" => Some(TypeRef::I32),
            "i64" => Some(TypeRef::I64),
            "u32" => Some(TypeRef::U32),
            "u64" => Some(TypeRef::U64),
            "f64" => Some(TypeRef::F64),
            _ => None,
        };
        if scalar.is_some() {
            return scalar;
        }
        if self.refused_types.contains(ty) {
            return None;
        }
        let Some(entry) = self.types.get(ty) else {
            let known: Vec<&str> = self.types.keys().map(String::as_str).collect();
            let hint = closest(ty, known.iter().copied().chain(SCALARS.iter().copied()));
            let help = match hint {
                Some(h) => format!(
                    "did you mean `{h}`? Types are string, bool, i32, i64, u32, u64, f64, list<T>, or a name under `types:`"
                ),
                None => "types are string, bool, i32, i64, u32, u64, f64, list<T>, or a name declared under `types:`"
                    .to_owned(),
            };
            self.err(file, path, format!("unknown type `{ty}`"), &help);
            return None;
        };
        if let Some(owner) = &entry.operation_module
            && scope != Some(owner.as_str())
        {
            let owner_file = entry.file.clone();
            self.err(
                file,
                path,
                format!("type `{ty}` is declared in {owner_file}, another operation's file"),
                "move it to service.yaml to share it between operations",
            );
            return None;
        }
        Some(TypeRef::Named(NamedRef {
            rust_name: entry.rust_name.clone(),
            kind: entry.kind,
            operation_module: entry.operation_module.clone(),
        }))
    }

    fn fields(
        &mut self,
        file: &str,
        base: &str,
        fields: &[spec::Field],
        scope: Option<&str>,
        dir: Direction,
    ) -> Vec<ir::Field> {
        let mut out = Vec::new();
        let mut wire = BTreeSet::new();
        let mut rust: BTreeMap<String, String> = BTreeMap::new();
        let protocol = self.service.spec.protocol;
        for (i, f) in fields.iter().enumerate() {
            let path = format!("{base}[{i}]");
            self.non_empty(file, &format!("{path}.description"), &f.description);
            if !wire.insert(f.name.clone()) {
                self.err(
                    file,
                    format!("{path}.name"),
                    format!("duplicate field `{}`", f.name),
                    "each wire name appears once",
                );
                continue;
            }
            let rust_name = match &f.rust_name {
                Some(r) => names::field_override(r),
                None => names::field_name(&f.name),
            };
            let rust_name = match rust_name {
                Ok(r) => r,
                Err(problem) => {
                    self.err(
                        file,
                        format!("{path}.name"),
                        format!("field `{}` cannot be named in Rust: {problem}", f.name),
                        "choose a Rust name with `rust_name: some_name`",
                    );
                    continue;
                }
            };
            if let Some(prev) = rust.insert(rust_name.clone(), f.name.clone()) {
                self.err(
                    file,
                    format!("{path}.name"),
                    format!("fields `{prev}` and `{}` both become `{rust_name}` in Rust", f.name),
                    "give one of them another name with `rust_name`",
                );
            }
            let location = match (dir, f.location, protocol) {
                (Direction::Request, None, Protocol::HuaweiRest) => {
                    self.err(
                        file,
                        format!("{path}.in"),
                        "a REST request parameter needs a location",
                        "add `in: path`, `in: query`, `in: header` or `in: body`",
                    );
                    Location::Query
                }
                (Direction::Request, Some(l), Protocol::TencentRpc | Protocol::VolcengineRpc)
                    if l != Location::Body =>
                {
                    self.err(
                        file,
                        format!("{path}.in"),
                        format!("the {protocol:?} protocol sends operation parameters in the JSON body only"),
                        "remove `in:`",
                    );
                    l
                }
                (Direction::Request, l, _) => l.unwrap_or(Location::Body),
                (Direction::Data, Some(_), _) => {
                    self.err(file, format!("{path}.in"), "only request parameters have a location", "remove `in:`");
                    Location::Body
                }
                (Direction::Data, None, _) => Location::Body,
            };
            if f.envelope.is_some() && dir != Direction::Data {
                self.err(
                    file,
                    format!("{path}.envelope"),
                    "only response fields can live in the envelope",
                    "remove `envelope:`",
                );
            }
            if f.auth && (dir != Direction::Request || location != Location::Header) {
                self.err(
                    file,
                    format!("{path}.auth"),
                    "only request headers can be supplied by credentials",
                    "remove `auth:` or add `in: header`",
                );
            }
            let Some(ty) = self.resolve(file, &format!("{path}.type"), &f.ty, scope) else { continue };
            if matches!(location, Location::Path | Location::Query | Location::Header) && !ty_is_scalar(&ty) {
                self.err(
                    file,
                    format!("{path}.type"),
                    format!("a {location:?} parameter must be a scalar or an enum, not `{}`", f.ty),
                    "",
                );
            }
            if location == Location::Path && !f.required {
                self.err(
                    file,
                    format!("{path}.required"),
                    "a path parameter is always required",
                    "add `required: true`",
                );
            }
            let constraints = f.constraints.clone().unwrap_or_default();
            if (constraints.min.is_some() || constraints.max.is_some()) && !ty_is_integer(&ty) {
                self.err(file, format!("{path}.constraints"), "min and max apply to integer fields only", "");
            }
            if let (Some(min), Some(max)) = (constraints.min, constraints.max)
                && min > max
            {
                self.err(file, format!("{path}.constraints"), format!("min {min} is greater than max {max}"), "");
            }
            let time_format = constraints.format.as_deref().and_then(|text| {
                let found = ir::TimeFormat::from_spec(text);
                if found.is_none() {
                    let known: Vec<String> = ir::TimeFormat::ALL.iter().map(|(s, _)| format!("`{s}`")).collect();
                    self.err(
                        file,
                        format!("{path}.constraints.format"),
                        format!("unknown time format `{text}`"),
                        &format!("the formats the runtime can check are {}", known.join(" and ")),
                    );
                }
                found
            });
            if time_format.is_some() && ty != TypeRef::String {
                self.err(file, format!("{path}.constraints.format"), "a time format applies to string fields only", "");
            }
            if let (Some(format), Some(serde_json::Value::String(example))) = (time_format, &f.example)
                && !time_fits(format, example)
            {
                self.err(
                    file,
                    format!("{path}.example"),
                    format!(
                        "the example {example:?} does not follow the format `{}`",
                        constraints.format.as_deref().unwrap_or_default()
                    ),
                    "",
                );
            }
            if let Some(example) = &f.example
                && !example_fits(example, &ty)
            {
                self.err(
                    file,
                    format!("{path}.example"),
                    format!("the example {example} is not a value of type `{}`", f.ty),
                    "",
                );
            }
            out.push(ir::Field {
                wire_name: f.name.clone(),
                rust_name,
                ty,
                required: f.required,
                nullable: f.nullable,
                location,
                envelope: f.envelope,
                auth: f.auth,
                doc: docs::lines(&f.description),
                constraints,
                time_format,
                example: f.example.clone(),
            });
        }
        out
    }

    fn lower_types(&mut self, file: &str, scope: Option<&str>, types: &[spec::TypeDef]) -> Vec<ir::NamedType> {
        let mut out = Vec::new();
        for (i, t) in types.iter().enumerate() {
            let path = format!("types[{i}]");
            self.non_empty(file, &format!("{path}.description"), &t.description);
            let Some(entry) = self.types.get(&t.name) else { continue };
            if entry.file != file {
                continue; // a duplicate, already reported
            }
            let rust_name = entry.rust_name.clone();
            let body = match (&t.fields, t.enum_kind, &t.values) {
                (Some(fields), None, None) => {
                    let fields = self.fields(file, &format!("{path}.fields"), fields, scope, Direction::Data);
                    for f in &fields {
                        if let TypeRef::Named(n) = &f.ty
                            && n.rust_name == rust_name
                        {
                            self.err(
                                file,
                                format!("{path}.fields"),
                                format!("`{}` contains itself", t.name),
                                "wrap the field in a list",
                            );
                        }
                    }
                    ir::TypeBody::Struct(fields)
                }
                (None, Some(kind), Some(values)) => {
                    let variants = self.enum_values(file, &path, kind, values);
                    self.variants.insert(rust_name.clone(), variants.clone());
                    ir::TypeBody::Enum(kind, variants)
                }
                _ => continue,
            };
            out.push(ir::NamedType { wire_name: t.name.clone(), rust_name, doc: docs::lines(&t.description), body });
        }
        out
    }

    fn enum_values(
        &mut self,
        file: &str,
        path: &str,
        kind: EnumKind,
        values: &[spec::EnumValue],
    ) -> Vec<ir::EnumVariant> {
        let mut out = Vec::new();
        let mut seen_values = BTreeSet::new();
        let mut seen_names = BTreeMap::new();
        if values.is_empty() {
            self.err(file, format!("{path}.values"), "an enum needs at least one value", "");
        }
        for (i, v) in values.iter().enumerate() {
            let vpath = format!("{path}.values[{i}]");
            self.non_empty(file, &format!("{vpath}.description"), &v.description);
            match (kind, &v.value) {
                (EnumKind::String, Literal::String(_)) | (EnumKind::Integer, Literal::Integer(_)) => {}
                (EnumKind::String, Literal::Integer(n)) => {
                    self.err(
                        file,
                        format!("{vpath}.value"),
                        format!("{n} is an integer in a string enum"),
                        "quote it, or declare `enum: integer`",
                    );
                    continue;
                }
                (EnumKind::Integer, Literal::String(s)) => {
                    self.err(
                        file,
                        format!("{vpath}.value"),
                        format!("\"{s}\" is a string in an integer enum"),
                        "declare `enum: string`",
                    );
                    continue;
                }
            }
            if !seen_values.insert(literal_text(&v.value)) {
                self.err(
                    file,
                    format!("{vpath}.value"),
                    format!("duplicate enum value {}", literal_text(&v.value)),
                    "",
                );
                continue;
            }
            let rust_name = match (&v.rust_name, &v.value) {
                (Some(r), _) => names::check_variant_override(r).map(|()| r.clone()),
                (None, Literal::String(s)) => names::type_name(s),
                (None, Literal::Integer(_)) => {
                    self.err(
                        file,
                        format!("{vpath}.rust_name"),
                        "an integer enum value needs a Rust name",
                        "add `rust_name: SomeName` saying what the value means",
                    );
                    continue;
                }
            };
            let rust_name = match rust_name {
                Ok(r) if names::RESERVED_ENUM_VARIANTS.contains(&r.as_str()) => {
                    self.err(
                        file,
                        format!("{vpath}.value"),
                        format!("`{r}` is the generator's variant for unknown values"),
                        "choose another name with `rust_name`",
                    );
                    continue;
                }
                Ok(r) => r,
                Err(problem) => {
                    self.err(
                        file,
                        format!("{vpath}.value"),
                        format!("the value cannot be named in Rust: {problem}"),
                        "choose a Rust name with `rust_name`",
                    );
                    continue;
                }
            };
            if let Some(prev) = seen_names.insert(rust_name.clone(), literal_text(&v.value)) {
                self.err(
                    file,
                    format!("{vpath}.value"),
                    format!("values {prev} and {} both become `{rust_name}` in Rust", literal_text(&v.value)),
                    "give one of them another name with `rust_name`",
                );
                continue;
            }
            out.push(ir::EnumVariant { value: v.value.clone(), rust_name, doc: docs::lines(&v.description) });
        }
        out
    }

    fn errors(&mut self, file: &str, base: &str, codes: &[spec::ErrorCode]) -> Vec<ir::ErrorVariant> {
        let mut out: Vec<ir::ErrorVariant> = Vec::new();
        let mut names_seen: BTreeMap<String, String> = BTreeMap::new();
        for (i, e) in codes.iter().enumerate() {
            let path = format!("{base}[{i}]");
            self.non_empty(file, &format!("{path}.description"), &e.description);
            if out.iter().any(|o| o.code == e.code) {
                self.err(
                    file,
                    format!("{path}.code"),
                    format!("duplicate error code `{}`", e.code),
                    "each code appears once",
                );
                continue;
            }
            let rust_name = match &e.rust_name {
                Some(r) => names::check_variant_override(r).map(|()| r.clone()),
                None => names::type_name(&e.code),
            };
            let rust_name = match rust_name {
                Ok(r) if names::RESERVED_ERROR_VARIANTS.contains(&r.as_str()) => {
                    self.err(
                        file,
                        format!("{path}.code"),
                        format!("`{r}` is the generator's variant for undocumented codes"),
                        "choose another name with `rust_name`",
                    );
                    continue;
                }
                Ok(r) => r,
                Err(problem) => {
                    self.err(
                        file,
                        format!("{path}.code"),
                        format!("error code `{}` cannot be named in Rust: {problem}", e.code),
                        "choose a variant name with `rust_name: SomeName`",
                    );
                    continue;
                }
            };
            if let Some(prev) = names_seen.insert(rust_name.clone(), e.code.clone()) {
                self.err(
                    file,
                    format!("{path}.code"),
                    format!("codes `{prev}` and `{}` both become `{rust_name}` in Rust", e.code),
                    "give one of them another name with `rust_name`",
                );
                continue;
            }
            out.push(ir::ErrorVariant {
                code: e.code.clone(),
                rust_name,
                doc: docs::lines(&e.description),
                http_status: e.http_status,
                numeric_code: e.numeric_code,
                retryable: e.retryable,
            });
        }
        out
    }

    fn operation(&mut self, op: &LoadedOperation, common_errors: &[ir::ErrorVariant]) -> Option<ir::Operation> {
        let s = &op.spec;
        let file = op.file.as_str();
        let start = self.p.0.len();
        let base_name = match &s.rust_name {
            Some(r) => names::check_type_override(r).map(|()| r.clone()),
            None => names::named_type(&s.name),
        };
        let (base_name, module) = match base_name.and_then(|b| names::module_name(&b).map(|m| (b, m))) {
            Ok(pair) => pair,
            Err(problem) => {
                self.err(
                    file,
                    "name",
                    format!("operation `{}` cannot be named in Rust: {problem}", s.name),
                    "choose a Rust name with `rust_name`",
                );
                return None;
            }
        };
        let expected_file = format!("{}.yaml", s.name);
        if !file.ends_with(&format!("/{expected_file}")) {
            self.err(
                file,
                "name",
                format!("operation `{}` is in a file not named {expected_file}", s.name),
                "name each operation's file after the operation so reviewers find it",
            );
        }
        self.non_empty(file, "summary", &s.summary);
        self.non_empty(file, "description", &s.description);
        self.non_empty(file, "source.title", &s.source.title);
        for (key, date) in [("source.updated", &s.source.updated), ("source.published", &s.source.published)] {
            if let Some(d) = date
                && !is_date(d)
            {
                self.err(file, key, format!("`{d}` is not a YYYY-MM-DD date"), "");
            }
        }
        let [request_type, response_type, error_type, builder_type] =
            ["Request", "Response", "Error", "RequestBuilder"].map(|suffix| names::operation_item(&base_name, suffix));
        for item in [&request_type, &response_type, &error_type, &builder_type] {
            self.claim(file, "name", item, format!("operation `{}` in {file}", s.name));
        }
        let protocol = self.service.spec.protocol;
        let path = match (protocol, &s.http.path) {
            (Protocol::HuaweiRest, Some(p)) => p.clone(),
            (Protocol::HuaweiRest, None) => {
                self.err(
                    file,
                    "http.path",
                    "a REST operation needs a path template",
                    "add e.g. `path: /v1/{project_id}/stream/traffic`",
                );
                "/".to_owned()
            }
            (_, Some(_)) => {
                self.err(file, "http.path", "RPC operations are all sent to `/`", "remove `path:`");
                "/".to_owned()
            }
            (_, None) => "/".to_owned(),
        };
        if let Some(limit) = &s.rate_limit
            && limit.requests == 0
        {
            self.err(file, "rate_limit.requests", "a rate limit of 0 requests", "");
        }
        for (i, note) in s.notes.iter().enumerate() {
            self.note(file, &format!("notes[{i}]"), note);
        }
        let request = self.fields(file, "request", &s.request, Some(&module), Direction::Request);
        let response = self.fields(file, "response", &s.response, Some(&module), Direction::Data);
        let (rejected_request, rejected_response) = (rejected(&s.request, &request), rejected(&s.response, &response));
        self.check_path_params(file, &path, &request, &rejected_request);
        let types = self.lower_types(file, Some(&module), &s.types);

        let mut errors = self.errors(file, "errors", &s.errors);
        // A common code the page lists itself is the operation's own variant,
        // with the page's description and the service's retryability.
        for e in &mut errors {
            if let Some(common) = common_errors.iter().find(|c| c.code == e.code) {
                e.retryable |= common.retryable;
            }
        }

        let lookup = |fields: &[ir::Field], name: &str| {
            fields.iter().find(|f| f.wire_name == name).map(|f| {
                let field = ir::FieldRef {
                    wire_name: f.wire_name.clone(),
                    rust_name: f.rust_name.clone(),
                    optional: f.is_optional(),
                    time_format: f.time_format,
                };
                (field, f.ty.clone())
            })
        };
        let mut rules = Vec::new();
        for (i, rule) in s.rules.iter().enumerate() {
            let path = format!("rules[{i}]");
            let field = |this: &mut Self, name: &str| -> Option<ir::FieldRef> {
                let found = lookup(&request, name).map(|(r, _)| r);
                if found.is_none() && !rejected_request.contains(name) {
                    let hint = closest(name, request.iter().map(|f| f.wire_name.as_str()));
                    this.err(
                        file,
                        &path,
                        format!("the rule names `{name}`, which is not a request parameter"),
                        &hint.map(|h| format!("did you mean `{h}`?")).unwrap_or_default(),
                    );
                }
                found
            };
            let given = [
                rule.requires.is_some(),
                rule.together.is_some(),
                rule.excludes_values.is_some(),
                rule.max_span.is_some(),
                rule.within_last.is_some(),
            ];
            if given.iter().filter(|g| **g).count() != 1 {
                self.err(
                    file,
                    &path,
                    "a rule has exactly one of requires, together, excludes_values, max_span, within_last",
                    "split it into one list item per rule",
                );
                continue;
            }
            let (kind, doc) = if let Some(r) = &rule.requires {
                let (a, b) = (field(self, &r.field), field(self, &r.requires));
                (a.zip(b).map(|(field, requires)| ir::RuleKind::Requires { field, requires }), &r.description)
            } else if let Some(r) = &rule.together {
                let resolved: Vec<_> = r.fields.iter().filter_map(|f| field(self, f)).collect();
                (
                    if resolved.len() == r.fields.len() {
                        Some(ir::RuleKind::Together { fields: resolved })
                    } else {
                        None
                    },
                    &r.description,
                )
            } else if let Some(r) = &rule.excludes_values {
                let (a, b) = (field(self, &r.field), field(self, &r.when_field));
                let kind = a.zip(b).and_then(|(field, when_field)| {
                    let field_ty = lookup(&request, &field.wire_name).map(|(_, ty)| ty)?;
                    let when_ty = lookup(&request, &when_field.wire_name).map(|(_, ty)| ty)?;
                    let values: Vec<_> = r
                        .values
                        .iter()
                        .enumerate()
                        .map(|(k, v)| {
                            self.value_pattern(file, &format!("{path}.excludes_values.values[{k}]"), &field_ty, v)
                        })
                        .collect();
                    let when_value = self.value_pattern(
                        file,
                        &format!("{path}.excludes_values.when_value"),
                        &when_ty,
                        &r.when_value,
                    );
                    Some(ir::RuleKind::ExcludesValues {
                        field,
                        values: values.into_iter().collect::<Option<_>>()?,
                        when_field,
                        when_value: when_value?,
                    })
                });
                (kind, &r.description)
            } else if let Some(r) = &rule.max_span {
                let (a, b) = (field(self, &r.start), field(self, &r.end));
                for (key, f) in [("start", &a), ("end", &b)] {
                    if let Some(f) = f
                        && f.time_format.is_none()
                    {
                        self.err(
                            file,
                            format!("{path}.max_span.{key}"),
                            format!("`{}` has no documented time format", f.wire_name),
                            "add `constraints: {format: ...}` to the field so the span can be computed",
                        );
                    }
                }
                (a.zip(b).map(|(start, end)| ir::RuleKind::MaxSpan { start, end, days: r.days }), &r.description)
            } else if let Some(r) = &rule.within_last {
                let f = field(self, &r.field);
                if let Some(f) = &f
                    && f.time_format.is_none()
                {
                    self.err(
                        file,
                        format!("{path}.within_last.field"),
                        format!("`{}` has no documented time format", f.wire_name),
                        "add `constraints: {format: ...}` to the field so its age can be computed",
                    );
                }
                (f.map(|field| ir::RuleKind::WithinLast { field, days: r.days }), &r.description)
            } else {
                continue;
            };
            self.non_empty(file, &format!("{path}.description"), doc);
            if let Some(kind) = kind {
                rules.push(ir::Rule { kind, doc: docs::inline(doc) });
            }
        }

        let paging = s.paging.as_ref().and_then(|p| {
            type Side<'s> = (&'s str, &'s [ir::Field], &'s BTreeSet<&'s str>);
            let get = |this: &mut Self, (side, fields, rejected): Side<'_>, name: &str, key: &str| {
                let found = lookup(fields, name);
                if found.is_none() && !rejected.contains(name) {
                    let hint = closest(name, fields.iter().map(|f| f.wire_name.as_str()));
                    this.err(
                        file,
                        format!("paging.{key}"),
                        format!("`{name}` is not a {side} field"),
                        &hint.map(|h| format!("did you mean `{h}`?")).unwrap_or_default(),
                    );
                }
                found
            };
            let request_side: Side<'_> = ("request", &request, &rejected_request);
            let response_side: Side<'_> = ("response", &response, &rejected_response);
            let number = get(self, request_side, &p.page_number, "page_number");
            let size = get(self, request_side, &p.page_size, "page_size");
            let total = get(self, response_side, &p.total_pages, "total_pages");
            let items = get(self, response_side, &p.items, "items");
            for (key, found) in [("page_number", &number), ("page_size", &size), ("total_pages", &total)] {
                if let Some((_, ty)) = found
                    && *ty != TypeRef::I64
                {
                    self.err(
                        file,
                        format!("paging.{key}"),
                        "a paging counter must be an `i64` field",
                        "declare the field `type: i64`",
                    );
                }
            }
            let default_page_size = request.iter().find(|f| f.wire_name == p.page_size).and_then(|f| f.constraints.max);
            let item_type = match &items {
                Some((_, TypeRef::List(inner))) => Some((**inner).clone()),
                Some(_) => {
                    self.err(file, "paging.items", "the items field must be a list", "");
                    None
                }
                None => None,
            };
            Some(ir::Paging {
                pages_method: names::pages_method(&module),
                page_number: number?.0,
                page_size: size?.0,
                total_pages: total?.0,
                items: items?.0,
                item_type: item_type?,
                default_page_size,
            })
        });

        let mut examples = Vec::new();
        for (i, ex) in s.examples.iter().enumerate() {
            let path = format!("examples[{i}]");
            let response = match serde_json::from_str::<serde_json::Value>(&ex.response) {
                Ok(v) => v,
                Err(e) => {
                    self.err(
                        file,
                        format!("{path}.response"),
                        format!("the example response is not JSON: {e}"),
                        "paste the page's response body verbatim",
                    );
                    continue;
                }
            };
            let params = ex
                .params
                .as_ref()
                .map(|params| self.example_params(file, &path, s, &request, &rejected_request, params));
            if ex.status >= 300 && ex.params.is_some() {
                self.err(file, format!("{path}.params"), "an error example carries no request parameters", "");
            }
            examples.push(ir::Example {
                title: ex.title.clone(),
                params,
                request: ex.request.clone(),
                status: ex.status,
                response,
                response_text: ex.response.clone(),
            });
        }

        if self.p.0.len() > start {
            return None;
        }
        Some(ir::Operation {
            wire_name: s.name.clone(),
            spec_file: op.file.clone(),
            example_name: names::example_name(&self.service.dir, &module),
            module,
            request_type,
            response_type,
            error_type,
            builder_type,
            summary: docs::inline(&s.summary),
            doc: docs::lines(&s.description),
            source: s.source.clone(),
            method: s.http.method,
            path,
            rate_limit: s.rate_limit.clone(),
            legacy: s.legacy.clone(),
            request,
            response,
            types,
            errors,
            rules,
            paging,
            examples,
            notes: s.notes.clone(),
        })
    }

    /// A rule's value, as a variant of the field's enum or a literal of its scalar type.
    fn value_pattern(&mut self, file: &str, path: &str, ty: &TypeRef, value: &Literal) -> Option<ir::ValuePattern> {
        match (ty, value) {
            (TypeRef::Named(named), _) if named.kind != NamedKind::Struct => {
                let variants = self.variants.get(&named.rust_name)?;
                let found = variants.iter().find(|v| v.value == *value).map(|v| v.rust_name.clone());
                if found.is_none() {
                    let known: Vec<String> = variants.iter().map(|v| literal_text(&v.value)).collect();
                    self.err(
                        file,
                        path,
                        format!("{} is not a value of `{}`", literal_text(value), named.rust_name),
                        &format!("the values are {}", known.join(", ")),
                    );
                }
                Some(ir::ValuePattern::Variant {
                    type_name: named.rust_name.clone(),
                    variant: found?,
                    value: value.clone(),
                })
            }
            (TypeRef::String, Literal::String(_)) => Some(ir::ValuePattern::Literal(value.clone())),
            (ty, Literal::Integer(_)) if ty_is_integer(ty) => Some(ir::ValuePattern::Literal(value.clone())),
            _ => {
                self.err(file, path, format!("{} cannot be compared with the field's type", literal_text(value)), "");
                None
            }
        }
    }

    /// An example's `params`, each resolved to its request field and checked
    /// against the field's type, so that the generated programs and tests that
    /// set them compile.
    fn example_params(
        &mut self,
        file: &str,
        path: &str,
        s: &spec::OperationSpec,
        request: &[ir::Field],
        rejected: &BTreeSet<&str>,
        params: &serde_json::Map<String, serde_json::Value>,
    ) -> Vec<ir::ExampleParam> {
        let mut out = Vec::new();
        for (key, documented) in params {
            let here = format!("{path}.params.{key}");
            let field = request.iter().find(|f| &f.wire_name == key && f.is_data());
            let Some((f, index)) = field.zip(s.request.iter().position(|f| &f.name == key)) else {
                if !rejected.contains(key.as_str()) {
                    self.err(file, here, format!("`{key}` is not a request parameter"), "");
                }
                continue;
            };
            let spec_type = &s.request[index].ty;
            let value = self.arg_value(file, &here, f, spec_type, documented);
            if let Some(problem) = value.as_ref().and_then(|v| outside_constraints(f, v)) {
                self.err(
                    file,
                    &here,
                    problem,
                    "the example and the field's constraints must agree; record the choice in a note",
                );
            }
            // `{project_id}`: the page leaves the value to the reader.
            let placeholder = matches!(documented, serde_json::Value::String(text)
                if f.ty == TypeRef::String && text.len() > 2 && text.starts_with('{') && text.ends_with('}'));
            let stand_in = match (&f.example, placeholder) {
                (_, false) => None,
                (Some(example), true) => {
                    self.arg_value(file, &format!("request[{index}].example"), f, spec_type, example)
                }
                (None, true) => {
                    self.err(
                        file,
                        &here,
                        format!("{documented} is a placeholder, and `{key}` has no example to stand in for it"),
                        &format!("give request[{index}] an `example`; the runnable example program sets that value"),
                    );
                    None
                }
            };
            if let Some(value) = value {
                out.push(ir::ExampleParam {
                    wire_name: key.clone(),
                    setter: f.rust_name.clone(),
                    location: f.location,
                    documented: documented.clone(),
                    value,
                    stand_in,
                });
            }
        }
        out
    }

    /// `v` as an argument of the setter of `f`, whose spec type is `spec_type`.
    fn arg_value(
        &mut self,
        file: &str,
        path: &str,
        f: &ir::Field,
        spec_type: &str,
        v: &serde_json::Value,
    ) -> Option<ir::ArgValue> {
        use serde_json::Value;
        let value = match (&f.ty, v) {
            (TypeRef::String, Value::String(text)) => Some(ir::ArgValue::String(text.clone())),
            (TypeRef::Bool, Value::Bool(b)) => Some(ir::ArgValue::Bool(*b)),
            (TypeRef::F64, Value::Number(n)) => n.as_f64().map(ir::ArgValue::Float),
            (ty @ (TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64), Value::Number(n)) => {
                let value = n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from));
                let (rust_type, range) = match ty {
                    TypeRef::I32 => ("i32", i128::from(i32::MIN)..=i128::from(i32::MAX)),
                    TypeRef::I64 => ("i64", i128::from(i64::MIN)..=i128::from(i64::MAX)),
                    TypeRef::U32 => ("u32", 0..=i128::from(u32::MAX)),
                    _ => ("u64", 0..=i128::from(u64::MAX)),
                };
                value.filter(|v| range.contains(v)).map(|value| ir::ArgValue::Integer { value, rust_type })
            }
            (TypeRef::Named(named), Value::String(_) | Value::Number(_)) if named.kind != NamedKind::Struct => {
                let literal = match v {
                    Value::String(text) if named.kind == NamedKind::StringEnum => Some(Literal::String(text.clone())),
                    Value::Number(n) if named.kind == NamedKind::IntegerEnum => n.as_i64().map(Literal::Integer),
                    _ => None,
                };
                if let Some(literal) = literal {
                    let variants = self.variants.get(&named.rust_name)?;
                    let Some(found) = variants.iter().find(|v| v.value == literal) else {
                        let known: Vec<String> = variants.iter().map(|v| literal_text(&v.value)).collect();
                        self.err(
                            file,
                            path,
                            format!("{} is not a value of `{}`", literal_text(&literal), named.rust_name),
                            &format!("the values are {}", known.join(", ")),
                        );
                        return None;
                    };
                    return Some(ir::ArgValue::Variant {
                        type_name: named.rust_name.clone(),
                        variant: found.rust_name.clone(),
                    });
                }
                None
            }
            (TypeRef::List(_), _) | (TypeRef::Named(_), Value::Object(_)) => {
                self.err(
                    file,
                    path,
                    format!("a `{spec_type}` value in an example request is not supported"),
                    "the generated examples and tests set scalar and enum parameters only",
                );
                return None;
            }
            _ => None,
        };
        if value.is_none() {
            self.err(file, path, format!("{v} is not a value of type `{spec_type}`"), "");
        }
        value
    }

    fn check_path_params(&mut self, file: &str, path: &str, request: &[ir::Field], rejected: &BTreeSet<&str>) {
        let mut in_template = BTreeSet::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                self.err(file, "http.path", "an unclosed `{` in the path template", "");
                return;
            };
            in_template.insert(rest[open + 1..open + close].to_owned());
            rest = &rest[open + close + 1..];
        }
        let declared: BTreeSet<String> =
            request.iter().filter(|f| f.location == Location::Path).map(|f| f.wire_name.clone()).collect();
        for missing in in_template.difference(&declared).filter(|name| !rejected.contains(name.as_str())) {
            self.err(
                file,
                "http.path",
                format!(
                    "the path template names `{{{missing}}}` but no request parameter has `in: path` and that name"
                ),
                "declare the parameter with `in: path`",
            );
        }
        for extra in declared.difference(&in_template) {
            self.err(
                file,
                "request",
                format!("path parameter `{extra}` does not appear in the path template `{path}`"),
                "add it to http.path, or fix `in:`",
            );
        }
    }

    fn check_unused_types(&mut self, service_types: &[ir::NamedType], operations: &[ir::Operation]) {
        let mut used = BTreeSet::new();
        let mut mark = |fields: &[ir::Field]| {
            for f in fields {
                let mut t = &f.ty;
                while let TypeRef::List(inner) = t {
                    t = inner;
                }
                if let TypeRef::Named(n) = t {
                    used.insert(n.rust_name.clone());
                }
            }
        };
        for t in service_types.iter().chain(operations.iter().flat_map(|o| o.types.iter())) {
            if let ir::TypeBody::Struct(fields) = &t.body {
                mark(fields);
            }
        }
        for o in operations {
            mark(&o.request);
            mark(&o.response);
        }
        let declared: Vec<(String, String, usize)> =
            self.types.iter().map(|(wire, e)| (wire.clone(), e.file.clone(), e.index)).collect();
        for (wire, file, index) in declared {
            let rust = &self.types[&wire].rust_name;
            if !used.contains(rust) {
                self.err(
                    &file,
                    format!("types[{index}].name"),
                    format!("type `{wire}` is declared but no field uses it"),
                    "remove it, or use it in a field's `type:`",
                );
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Request,
    /// Response fields and fields of named types.
    Data,
}

const SCALARS: &[&str] = &["string", "bool", "i32", "i64", "u32", "u64", "f64"];

/// The names of the `declared` fields that `lowered` lacks: their definitions
/// were rejected with an error of their own, so a rule, an example, the paging
/// entry or the path template that names them is not reported a second time.
fn rejected<'a>(declared: &'a [spec::Field], lowered: &[ir::Field]) -> BTreeSet<&'a str> {
    declared.iter().map(|f| f.name.as_str()).filter(|name| !lowered.iter().any(|f| f.wire_name == *name)).collect()
}

fn ty_is_integer(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64)
}

fn ty_is_scalar(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::List(_) => false,
        TypeRef::Named(n) => n.kind != NamedKind::Struct,
        _ => true,
    }
}

fn example_fits(v: &serde_json::Value, ty: &TypeRef) -> bool {
    use serde_json::Value;
    match (ty, v) {
        (TypeRef::String, Value::String(_)) | (TypeRef::Bool, Value::Bool(_)) => true,
        (TypeRef::I32, Value::Number(n)) => n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        (TypeRef::I64, Value::Number(n)) => n.is_i64(),
        (TypeRef::U32, Value::Number(n)) => n.as_u64().is_some_and(|n| u32::try_from(n).is_ok()),
        (TypeRef::U64, Value::Number(n)) => n.is_u64(),
        (TypeRef::F64, Value::Number(_)) => true,
        (TypeRef::List(inner), Value::Array(items)) => items.iter().all(|i| example_fits(i, inner)),
        (TypeRef::Named(n), Value::String(_)) => n.kind == NamedKind::StringEnum,
        (TypeRef::Named(n), Value::Number(x)) => n.kind == NamedKind::IntegerEnum && x.is_i64(),
        (TypeRef::Named(n), Value::Object(_)) => n.kind == NamedKind::Struct,
        _ => false,
    }
}

/// Why an example value breaks its field's documented range or format, if it does.
fn outside_constraints(f: &ir::Field, value: &ir::ArgValue) -> Option<String> {
    match value {
        ir::ArgValue::Integer { value, .. } => {
            let (min, max) = (f.constraints.min.map(i128::from), f.constraints.max.map(i128::from));
            let outside = min.is_some_and(|min| *value < min) || max.is_some_and(|max| *value > max);
            let bound = |b: Option<i128>| b.map_or_else(String::new, |b| b.to_string());
            outside.then(|| format!("{value} is outside the documented range {}..={}", bound(min), bound(max)))
        }
        ir::ArgValue::String(text) => {
            let format = f.time_format?;
            (!time_fits(format, text)).then(|| {
                let spelling = f.constraints.format.as_deref().unwrap_or_default();
                format!("{text:?} does not follow the documented format `{spelling}`")
            })
        }
        _ => None,
    }
}

/// Whether `value` follows `format` (the runtime's parser decides for real;
/// this keeps the spec's own examples honest).
fn time_fits(format: ir::TimeFormat, value: &str) -> bool {
    let pattern: &[u8] = match format {
        ir::TimeFormat::IsoUtc => b"dddd-dd-ddTdd:dd:ddZ",
        ir::TimeFormat::DateTimeSpace => b"dddd-dd-dd dd:dd:dd",
    };
    value.len() == pattern.len()
        && value.bytes().zip(pattern).all(|(c, p)| if *p == b'd' { c.is_ascii_digit() } else { c == *p })
}

fn literal_text(l: &Literal) -> String {
    match l {
        Literal::Integer(n) => n.to_string(),
        Literal::String(s) => format!("\"{s}\""),
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a typo.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (levenshtein(&name.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(1))
        .min()
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
