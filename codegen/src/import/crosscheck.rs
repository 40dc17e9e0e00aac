//! Where a spec and the vendor's metadata disagree.
//!
//! Each disagreement has a key (`response.TotalPage: required`) and a place in
//! the spec; a note whose `crosscheck:` lists the key accepts it on purpose. A
//! note that accepts a disagreement that no longer exists is reported too, so
//! that notes do not outlive what they explain.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::tencent;
use crate::diagnostic::Diagnostic;
use crate::ir::{Spelled, TypeRef};
use crate::load::LoadedService;
use crate::spec::{Field, Literal, Note, OperationSpec, TypeDef};

/// The Tencent metadata a crosscheck compares with.
pub struct TencentMetadata<'a> {
    pub api: &'a tencent::Api,
    pub examples: Option<&'a tencent::Examples>,
    /// The codes each action may return (tencentcloud-sdk-go's `client.go`).
    pub action_errors: Option<&'a BTreeMap<String, Vec<String>>>,
}

/// One disagreement, before it is matched with the notes.
struct Found {
    file: String,
    path: String,
    key: String,
    message: String,
}

/// Every disagreement between the Tencent specs of `service` that name the
/// metadata (`source.metadata`) and the metadata, that no note accepts; and
/// every accepting note whose disagreement is gone.
pub fn tencent(service: &LoadedService, metadata: &TencentMetadata<'_>) -> Vec<Diagnostic> {
    let api = metadata.api;
    let mut found = Vec::new();
    let mut accepted = service_notes(service);
    let types = named_types(service);
    let mut compared_types: BTreeSet<&str> = BTreeSet::new();
    for op in &service.operations {
        let Some(m) = &op.spec.source.metadata else { continue };
        if !m.file.ends_with("api.json") {
            continue;
        }
        accepted.extend(notes_of(&op.file, &op.spec.notes));
        let file = op.file.as_str();
        let Some(action) = api.actions.get(&op.spec.name) else {
            found.push(Found {
                file: file.into(),
                path: "name".into(),
                key: "action: missing".into(),
                message: format!("the metadata has no action `{}`", op.spec.name),
            });
            continue;
        };
        if let Some(object) = api.objects.get(&action.input) {
            members(&mut found, file, "request", &op.spec.request, object, Side::Request, &types);
        }
        if let Some(object) = api.objects.get(&action.output) {
            members(&mut found, file, "response", &op.spec.response, object, Side::Response, &types);
        }
        for object in tencent::reachable(api, action) {
            let (Some(&(tfile, index, def)), Some(o)) = (types.get(object.as_str()), api.objects.get(&object)) else {
                continue;
            };
            if !compared_types.insert(&def.name) {
                continue;
            }
            let side = match o.usage.as_deref() {
                Some("in") => Side::Request,
                Some("out") => Side::Response,
                _ => Side::Both,
            };
            let fields = def.fields.as_deref().unwrap_or_default();
            let mut here = Vec::new();
            members(&mut here, tfile, &format!("types.{}", def.name), fields, o, side, &types);
            for mut f in here {
                f.path = f.path.replacen(&format!("types.{}", def.name), &format!("types[{index}].fields"), 1);
                if f.path == format!("types[{index}].fields") {
                    f.path = format!("types[{index}]");
                }
                found.push(f);
            }
        }
        if let Some(examples) = metadata.examples.and_then(|e| e.actions.get(&op.spec.name)) {
            compare_examples(&mut found, file, &op.spec, examples);
        }
        if let Some(codes) = metadata.action_errors.and_then(|e| e.get(&op.spec.name)) {
            let have: BTreeSet<&str> = op.spec.errors.iter().map(|e| e.code.as_str()).collect();
            for code in codes.iter().filter(|c| !have.contains(c.as_str())) {
                found.push(Found {
                    file: file.into(),
                    path: "errors".into(),
                    key: format!("errors.{code}: missing"),
                    message: format!("the SDK lists error code `{code}` for this action; the spec does not"),
                });
            }
            for (i, e) in op.spec.errors.iter().enumerate() {
                if !codes.contains(&e.code) {
                    found.push(Found {
                        file: file.into(),
                        path: format!("errors[{i}]"),
                        key: format!("errors.{}: extra", e.code),
                        message: format!(
                            "error code `{}` is not among the codes the SDK lists for this action",
                            e.code
                        ),
                    });
                }
            }
        }
    }
    settle(service, found, accepted, true)
}

/// The keys the notes of `file` accept, with where each is: (file, key, path).
fn notes_of(file: &str, notes: &[Note]) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (i, n) in notes.iter().enumerate() {
        for (j, key) in n.crosscheck.iter().enumerate() {
            out.push((file.to_owned(), key.clone(), format!("notes[{i}].crosscheck[{j}]")));
        }
    }
    out
}

/// The keys the notes of `service.yaml` and `types.yaml` accept.
fn service_notes(service: &LoadedService) -> Vec<(String, String, String)> {
    let mut out = notes_of(&service.file, &service.spec.notes);
    if let Some(t) = &service.types {
        out.extend(notes_of(&t.file, &t.spec.notes));
    }
    out
}

/// The disagreements no note accepts, and (with `stale`) the accepting notes
/// whose disagreement is gone, as diagnostics.
fn settle(
    service: &LoadedService,
    found: Vec<Found>,
    accepted: Vec<(String, String, String)>,
    stale: bool,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut used: BTreeSet<(String, String)> = BTreeSet::new();
    for f in found {
        // A note of the file itself, of service.yaml or of types.yaml accepts it.
        let by = accepted.iter().find(|(file, key, _)| {
            key == &f.key
                && (file == &f.file || file == &service.file || Some(file) == service.types.as_ref().map(|t| &t.file))
        });
        match by {
            Some((file, key, _)) => {
                used.insert((file.clone(), key.clone()));
            }
            None => out.push(
                Diagnostic::new(&f.file, &f.path, format!("{} (crosscheck `{}`)", f.message, f.key))
                    .help("fix the spec, or accept the difference with a note that lists the key under `crosscheck:`"),
            ),
        }
    }
    for (file, key, path) in accepted.into_iter().filter(|_| stale) {
        if !used.contains(&(file.clone(), key.clone())) {
            out.push(
                Diagnostic::new(
                    &file,
                    &path,
                    format!("the note accepts `{key}`, which the metadata no longer disagrees with"),
                )
                .help("remove the key (and the note, if it explains nothing else)"),
            );
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
    Both,
}

/// The fields of a spec struct against the members of a metadata object;
/// `types` are the service's named types, in which a field's enum is found.
fn members(
    found: &mut Vec<Found>,
    file: &str,
    place: &str,
    fields: &[Field],
    o: &tencent::Object,
    side: Side,
    types: &BTreeMap<&str, (&str, usize, &TypeDef)>,
) {
    let data = |f: &&Field| f.envelope.is_none() && !f.auth;
    for m in &o.members {
        if side == Side::Response && m.name == "RequestId" && m.output_required.is_none() {
            continue;
        }
        if !fields.iter().filter(data).any(|f| f.name == m.name) {
            found.push(Found {
                file: file.into(),
                path: place.into(),
                key: format!("{place}.{}: missing", m.name),
                message: format!("the metadata has member `{}` ({}), which the spec lacks", m.name, m.spec_type()),
            });
        }
    }
    for (i, f) in fields.iter().enumerate().filter(|(_, f)| data(f)) {
        let at = |what: &str| format!("{place}[{i}]{what}");
        let Some(m) = o.members.iter().find(|m| m.name == f.name) else {
            found.push(Found {
                file: file.into(),
                path: at(""),
                key: format!("{place}.{}: extra", f.name),
                message: format!("`{}` is not a member in the metadata", f.name),
            });
            continue;
        };
        let key = |aspect: &str| format!("{place}.{}: {aspect}", f.name);
        let expected = m.spec_type();
        if !same_type(&f.ty, &expected) {
            found.push(Found {
                file: file.into(),
                path: at(".type"),
                key: key("type"),
                message: format!("`{}` is `{}` in the spec and `{expected}` in the metadata", f.name, f.ty),
            });
        }
        let (required, nullable) = match side {
            Side::Request => (m.required.unwrap_or(false), None),
            Side::Response => (m.output_required.unwrap_or(false), Some(m.value_allowed_null.unwrap_or(false))),
            Side::Both => (
                m.required.unwrap_or(true) && m.output_required.unwrap_or(true),
                Some(m.value_allowed_null.unwrap_or(false)),
            ),
        };
        if f.required != required {
            found.push(Found {
                file: file.into(),
                path: at(".required"),
                key: key("required"),
                message: format!("`{}` is {} in the spec, {} in the metadata", f.name, req(f.required), req(required)),
            });
        }
        // A request parameter's length limit, which only the text states, is checked before sending
        // (those of fields inside a parameter's type are not, and stay in their descriptions).
        if place == "request"
            && m.spec_type() == "string"
            && let Some((n, unit)) = super::length_limit(&super::html::to_text(&m.document))
        {
            let spec = f.constraints.as_ref().and_then(|c| c.max_length());
            if spec != Some((n, unit)) {
                let says = match spec {
                    None => "has no maximum length".to_owned(),
                    Some((max, unit)) => format!("says {} {max}", unit.key()),
                };
                found.push(Found {
                    file: file.into(),
                    path: at(".constraints"),
                    key: key("length"),
                    message: format!(
                        "the metadata's text limits `{}` to {n} {} (`{}: {n}`); the spec {says}",
                        f.name,
                        unit.noun(),
                        unit.key()
                    ),
                });
            }
        }
        if let Some(listed) = m.listed_values() {
            listed_values(found, file, &at(".type"), &key("values"), f, &listed, types);
        }
        if let Some(nullable) = nullable.filter(|n| *n != f.nullable) {
            found.push(Found {
                file: file.into(),
                path: at(".nullable"),
                key: key("nullable"),
                message: format!(
                    "`{}` is {} in the spec, {} in the metadata",
                    f.name,
                    null(f.nullable),
                    null(nullable)
                ),
            });
        }
    }
}

/// A field whose member's text lists its values against the spec's type: an
/// enum (or a list of one) of exactly those values.
fn listed_values(
    found: &mut Vec<Found>,
    file: &str,
    path: &str,
    key: &str,
    f: &Field,
    listed: &[(Literal, String)],
    types: &BTreeMap<&str, (&str, usize, &TypeDef)>,
) {
    let theirs: BTreeSet<&Literal> = listed.iter().map(|(v, _)| v).collect();
    let show = |set: &mut dyn Iterator<Item = &&Literal>| set.map(|v| literal(v)).collect::<Vec<_>>().join(", ");
    let element = match Spelled::parse(&f.ty) {
        Spelled::List(e) => e,
        _ => f.ty.as_str(),
    };
    let def = types.get(element).map(|(_, _, def)| *def).filter(|d| d.values.is_some());
    let message = match def {
        None => format!(
            "the metadata's text lists the values {} for `{}`; the spec's type `{}` is no enum of them",
            show(&mut theirs.iter()),
            f.name,
            f.ty
        ),
        Some(def) => {
            let ours: BTreeSet<&Literal> = def.values.iter().flatten().map(|v| &v.value).collect();
            if ours == theirs {
                return;
            }
            let mut differences = Vec::new();
            if theirs.difference(&ours).next().is_some() {
                differences.push(format!("the enum lacks {}", show(&mut theirs.difference(&ours))));
            }
            if ours.difference(&theirs).next().is_some() {
                differences.push(format!(
                    "the enum has {}, which the text does not list",
                    show(&mut ours.difference(&theirs))
                ));
            }
            format!(
                "the values of `{}` differ from those the metadata's text lists for `{}`: {}",
                def.name,
                f.name,
                differences.join("; ")
            )
        }
    };
    found.push(Found { file: file.into(), path: path.into(), key: key.into(), message });
}

fn literal(v: &Literal) -> String {
    match v {
        Literal::Integer(n) => n.to_string(),
        Literal::String(s) => format!("{s:?}"),
    }
}

fn req(required: bool) -> &'static str {
    if required { "required" } else { "optional" }
}

fn null(nullable: bool) -> &'static str {
    if nullable { "nullable" } else { "not nullable" }
}

/// Whether a spec type says what the metadata's type says: the same scalar of
/// the same width, or a named type (an enum over the scalar, or the object)
/// where the metadata names an object or a scalar.
fn same_type(spec: &str, metadata: &str) -> bool {
    match (Spelled::parse(spec), Spelled::parse(metadata)) {
        (Spelled::List(a), Spelled::List(b)) | (Spelled::Map(a), Spelled::Map(b)) => same_type(a, b),
        (Spelled::Scalar(a), Spelled::Scalar(b)) => a == b,
        // An enum over the metadata's scalar: its wire type is checked by lint.
        (Spelled::Named(_), Spelled::Scalar(b)) => *b != TypeRef::Json,
        (Spelled::Named(a), Spelled::Named(b)) => a == b,
        _ => false,
    }
}

/// The spec's examples against the metadata's: each documented response in
/// the spec is one of the metadata's, and each of the metadata's is in the spec.
fn compare_examples(found: &mut Vec<Found>, file: &str, spec: &OperationSpec, examples: &[tencent::ExampleText]) {
    let parse = |text: &str| serde_json::from_str::<Value>(text).ok();
    let theirs: Vec<(String, Option<Value>)> = examples.iter().map(|e| (e.title.clone(), parse(&e.output))).collect();
    // A constructed example is the spec's own: the metadata cannot have it.
    let ours: Vec<Option<Value>> =
        spec.examples.iter().map(|e| if e.constructed { None } else { parse(&e.response) }).collect();
    for (i, v) in ours.iter().enumerate() {
        if v.is_some() && !theirs.iter().any(|(_, t)| t == v) {
            found.push(Found {
                file: file.into(),
                path: format!("examples[{i}].response"),
                key: format!("examples[{i}]: differs"),
                message: "the example's response is none of the metadata's examples".into(),
            });
        }
    }
    for (title, t) in &theirs {
        if t.is_some() && !ours.contains(t) {
            found.push(Found {
                file: file.into(),
                path: "examples".into(),
                key: format!("examples: missing {title}"),
                message: format!("the metadata's example {title:?} is not among the spec's"),
            });
        }
    }
}

/// Every disagreement between the Huawei specs of `service` that name the SDK
/// (`source.metadata.file` is [`super::huawei::METADATA_FILE`]) and what
/// `cargo xtask import huawei` drafts from `sdk` for them, that no note
/// accepts; and every accepting note whose disagreement is gone. The drafter is
/// the one reading of the SDK: what it leaves out, its notes name, and those
/// keys are disagreements the spec must accept too.
///
/// With `go`, the Go SDK's models, a number's width, an enum's values and a
/// time's format are the Go SDK's to say: a spec `i64` where it has `int32`,
/// a `string` where it has an enum, and an enum of other values disagree.
pub fn huawei(
    service: &LoadedService,
    sdk: &super::huawei::Sdk,
    go: Option<&super::huawei_go::Sdk>,
) -> Vec<Diagnostic> {
    let metadata = crate::spec::Metadata {
        package: sdk.package.clone(),
        file: super::huawei::METADATA_FILE.into(),
        date: String::new(),
    };
    match super::huawei::draft(sdk, go, &service.spec.api_version, &metadata, &[]) {
        Ok(draft) => against_draft(
            service,
            &Drafted {
                draft: &draft,
                file: super::huawei::METADATA_FILE,
                scope: format!("under `/{}/`", service.spec.api_version),
                // The Python SDK's `int` and `float` have no width; the Go SDK's have.
                fits: if go.is_some() { same_type } else { sdk_type_fits },
                complete: go.is_some(),
            },
        ),
        Err(problem) => vec![Diagnostic::new(&service.file, "api_version", problem)],
    }
}

/// Every disagreement between the Volcengine specs of `service` that name the
/// SDK's Go source (`source.metadata.file` is
/// [`super::volcengine::METADATA_FILE`]) and what `cargo xtask import
/// volcengine` drafts from `sdk` for them, that no note accepts; and every
/// accepting note whose disagreement is gone. The Go types have widths: an
/// integer type must be the SDK's.
pub fn volcengine(service: &LoadedService, sdk: &super::volcengine::Sdk) -> Vec<Diagnostic> {
    let metadata = crate::spec::Metadata {
        package: super::volcengine::PACKAGE.into(),
        file: super::volcengine::METADATA_FILE.into(),
        date: String::new(),
    };
    match super::volcengine::draft(sdk, &service.spec.api_version, &metadata, &Default::default(), &[]) {
        Ok(draft) => against_draft(
            service,
            &Drafted {
                draft: &draft,
                file: super::volcengine::METADATA_FILE,
                scope: format!("of version {}", service.spec.api_version),
                fits: same_type,
                complete: true,
            },
        ),
        Err(problem) => vec![Diagnostic::new(&service.file, "api_version", problem)],
    }
}

/// What the specs drafted from an SDK are compared with.
struct Drafted<'a> {
    /// Every operation of the service's version, as the drafter drafts it.
    draft: &'a super::Draft,
    /// The `source.metadata.file` of the specs drafted from the SDK.
    file: &'a str,
    /// Where the SDK's operations of the service are, for messages (``under `/v1/` ``).
    scope: String,
    /// Whether a spec type says what the drafted type says.
    fits: fn(&str, &str) -> bool,
    /// The metadata is all the spec was checked against: a note no
    /// disagreement uses is stale. Not so for the Python SDK without the Go
    /// SDK's models, where a note about a width or an enum's values answers a
    /// disagreement only the Go models show.
    complete: bool,
}

/// The enums a drafter drafted from texts, and the service's named types: a
/// field of a drafted enum must be of a spec enum of the same values.
struct Enums<'a> {
    drafted: BTreeMap<&'a str, &'a TypeDef>,
    spec: &'a BTreeMap<&'a str, (&'a str, usize, &'a TypeDef)>,
}

/// The specs of `service` drafted from an SDK against what its drafter drafts.
fn against_draft(service: &LoadedService, d: &Drafted<'_>) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut accepted = service_notes(service);
    let draft = d.draft;
    let scope = &d.scope;
    let drafted: BTreeMap<&str, &OperationSpec> = draft.operations.iter().map(|o| (o.name.as_str(), o)).collect();
    let types = named_types(service);
    // The enums the drafter named itself are compared where a field uses them, by their values;
    // those the vendor names, by name.
    let enums = Enums {
        drafted: draft
            .operations
            .iter()
            .flat_map(|o| &o.types)
            .chain(&draft.types.types)
            .filter(|t| draft.text_enums.contains(&t.name))
            .map(|t| (t.name.as_str(), t))
            .collect(),
        spec: &types,
    };
    let enums = &enums;
    let types_file = service.types.as_ref().map_or(service.file.as_str(), |t| t.file.as_str());
    let mut compared: BTreeSet<&str> = BTreeSet::new();
    for op in &service.operations {
        let Some(m) = &op.spec.source.metadata else { continue };
        if m.file != d.file {
            continue;
        }
        accepted.extend(notes_of(&op.file, &op.spec.notes));
        let file = op.file.as_str();
        let Some(expected) = drafted.get(op.spec.name.as_str()) else {
            found.push(Found {
                file: file.into(),
                path: "name".into(),
                key: "operation: missing".into(),
                message: format!("the SDK has no operation `{}` {scope}", op.spec.name),
            });
            continue;
        };
        if op.spec.http.method != expected.http.method {
            found.push(Found {
                file: file.into(),
                path: "http.method".into(),
                key: "http: method".into(),
                message: format!(
                    "the spec sends {}, the SDK {}",
                    op.spec.http.method.as_str(),
                    expected.http.method.as_str()
                ),
            });
        }
        if op.spec.http.path != expected.http.path {
            found.push(Found {
                file: file.into(),
                path: "http.path".into(),
                key: "http: path".into(),
                message: format!("the SDK's path is `{}`", expected.http.path.as_deref().unwrap_or_default()),
            });
        }
        // Where a field travels when it says nothing: the same whether a spec says so or not.
        let default = crate::validate::default_location(service.spec.protocol, op.spec.http.method);
        let plain = |fields: &[Field]| -> Vec<Field> {
            let mut fields = fields.to_vec();
            for f in &mut fields {
                f.location = f.location.filter(|l| Some(*l) != default);
            }
            fields
        };
        drafted_notes(&mut found, file, &expected.notes);
        let request = plain(&op.spec.request);
        compare_drafted(&mut found, file, "request", &request, &plain(&expected.request), d.fits, enums);
        compare_drafted(&mut found, file, "response", &op.spec.response, &expected.response, d.fits, enums);
        compare_types(&mut found, file, &expected.types, &types, d.fits, enums);
        compared.insert(op.spec.name.as_str());
    }
    if !compared.is_empty() {
        compare_types(&mut found, types_file, &draft.types.types, &types, d.fits, enums);
        drafted_notes(&mut found, types_file, &draft.types.notes);
        // What the SDK has that no spec does: an operation the vendor added, or one left out on purpose.
        for name in drafted.keys().filter(|n| !service.operations.iter().any(|o| o.spec.name == **n)) {
            found.push(Found {
                file: service.file.clone(),
                path: "name".into(),
                key: format!("operations.{name}: missing"),
                message: format!("the SDK has operation `{name}` {scope}, which no spec has"),
            });
        }
    }
    settle(service, found, accepted, d.complete)
}

/// The SDK's models as drafted against the service's named types of the same
/// names; `file` is where a missing one is reported.
fn compare_types(
    found: &mut Vec<Found>,
    file: &str,
    drafted: &[TypeDef],
    types: &BTreeMap<&str, (&str, usize, &TypeDef)>,
    fits: fn(&str, &str) -> bool,
    enums: &Enums<'_>,
) {
    // An enum the drafter named itself is compared where a field uses it, whatever the spec names it.
    for t in drafted.iter().filter(|t| !enums.drafted.contains_key(t.name.as_str())) {
        let Some(&(tfile, index, def)) = types.get(t.name.as_str()) else {
            found.push(Found {
                file: file.into(),
                path: "types".into(),
                key: format!("types.{}: missing", t.name),
                message: format!("the SDK's model `{}` is no type of the service", t.name),
            });
            continue;
        };
        if let Some(values) = &t.values {
            compare_values(found, tfile, index, def, t, values);
        }
        let mut here = Vec::new();
        let place = format!("types.{}", def.name);
        let fields = def.fields.as_deref().unwrap_or_default();
        compare_drafted(&mut here, tfile, &place, fields, t.fields.as_deref().unwrap_or_default(), fits, enums);
        for mut f in here {
            f.path = f.path.replacen(&place, &format!("types[{index}].fields"), 1);
            if f.path == format!("types[{index}].fields") {
                f.path = format!("types[{index}]");
            }
            found.push(f);
        }
    }
}

/// An enum's values against the drafted enum's: the same kind, the same values
/// (in any order).
fn compare_values(
    found: &mut Vec<Found>,
    file: &str,
    index: usize,
    def: &TypeDef,
    drafted: &TypeDef,
    values: &[crate::spec::EnumValue],
) {
    let show = literal;
    let theirs: BTreeSet<&crate::spec::Literal> = values.iter().map(|v| &v.value).collect();
    let ours: BTreeSet<&crate::spec::Literal> = def.values.iter().flatten().map(|v| &v.value).collect();
    if def.values.is_none() || def.enum_kind != drafted.enum_kind {
        found.push(Found {
            file: file.into(),
            path: format!("types[{index}]"),
            key: format!("types.{}: values", def.name),
            message: format!(
                "`{}` is an enum over {} in the SDK, with the values {}; the spec's type is not",
                def.name,
                if drafted.enum_kind == Some(crate::spec::EnumKind::Integer) { "integers" } else { "strings" },
                theirs.iter().map(|v| show(v)).collect::<Vec<_>>().join(", ")
            ),
        });
        return;
    }
    if theirs != ours {
        let list = |set: Vec<&&crate::spec::Literal>| set.iter().map(|v| show(v)).collect::<Vec<_>>().join(", ");
        let missing = list(theirs.difference(&ours).collect());
        let extra = list(ours.difference(&theirs).collect());
        let mut differences = Vec::new();
        if !missing.is_empty() {
            differences.push(format!("the spec lacks {missing}"));
        }
        if !extra.is_empty() {
            differences.push(format!("the spec has {extra}, which the SDK does not"));
        }
        found.push(Found {
            file: file.into(),
            path: format!("types[{index}].values"),
            key: format!("types.{}: values", def.name),
            message: format!("the values of `{}` differ from the SDK's: {}", def.name, differences.join("; ")),
        });
    }
}

/// The disagreements the drafter's own notes name (what it left out), as found.
fn drafted_notes(found: &mut Vec<Found>, file: &str, notes: &[Note]) {
    for n in notes {
        for key in &n.crosscheck {
            found.push(Found {
                file: file.into(),
                path: key.split(['.', ':']).next().unwrap_or_default().into(),
                key: key.clone(),
                message: n.page.clone(),
            });
        }
    }
}

/// A spec's fields against the drafted ones: missing, extra, type, required,
/// location, how a query list travels.
fn compare_drafted(
    found: &mut Vec<Found>,
    file: &str,
    place: &str,
    fields: &[Field],
    drafted: &[Field],
    fits: fn(&str, &str) -> bool,
    enums: &Enums<'_>,
) {
    let data = |f: &&Field| f.envelope.is_none() && !f.auth;
    let element = |ty: &str| match Spelled::parse(ty) {
        Spelled::List(e) => (e.to_owned(), true),
        _ => (ty.to_owned(), false),
    };
    for d in drafted.iter().filter(data) {
        if !fields.iter().filter(data).any(|f| f.name == d.name) {
            found.push(Found {
                file: file.into(),
                path: place.into(),
                key: format!("{place}.{}: missing", d.name),
                message: format!("the SDK has member `{}` ({}), which the spec lacks", d.name, d.ty),
            });
        }
    }
    for (i, f) in fields.iter().enumerate().filter(|(_, f)| data(f)) {
        let at = |what: &str| format!("{place}[{i}]{what}");
        let key = |aspect: &str| format!("{place}.{}: {aspect}", f.name);
        let Some(d) = drafted.iter().find(|d| d.name == f.name) else {
            found.push(Found {
                file: file.into(),
                path: at(""),
                key: format!("{place}.{}: extra", f.name),
                message: format!("`{}` is not a member in the SDK", f.name),
            });
            continue;
        };
        // A drafted enum: the spec's type must be an enum of its values (and a list where it is one).
        let mut enum_fits = false;
        let (name, list) = element(&d.ty);
        if let Some(def) = enums.drafted.get(name.as_str()) {
            let listed: Vec<(Literal, String)> =
                def.values.iter().flatten().map(|v| (v.value.clone(), String::new())).collect();
            listed_values(found, file, &at(".type"), &key("values"), f, &listed, enums.spec);
            enum_fits = element(&f.ty).1 == list;
        }
        if !enum_fits && !fits(&f.ty, &d.ty) {
            found.push(Found {
                file: file.into(),
                path: at(".type"),
                key: key("type"),
                message: format!("`{}` is `{}` in the spec and `{}` in the SDK", f.name, f.ty, d.ty),
            });
        }
        if f.required != d.required {
            found.push(Found {
                file: file.into(),
                path: at(".required"),
                key: key("required"),
                message: format!("`{}` is {} in the spec, {} in the SDK", f.name, req(f.required), req(d.required)),
            });
        }
        // A time's format, where the SDK says it (the Go SDK's times).
        let format = |f: &Field| f.constraints.as_ref().and_then(|c| c.format.clone());
        if let Some(theirs) = format(d)
            && format(f).as_ref() != Some(&theirs)
        {
            found.push(Found {
                file: file.into(),
                path: at(".constraints"),
                key: key("format"),
                message: format!(
                    "`{}` is a time the SDK writes as `{theirs}`; the spec says {}",
                    f.name,
                    format(f).map_or("no format".to_owned(), |ours| format!("`{ours}`"))
                ),
            });
        }
        if f.location != d.location {
            let place_of = |l: Option<crate::spec::Location>| l.map_or("the body", |l| l.place());
            found.push(Found {
                file: file.into(),
                path: at(".in"),
                key: key("location"),
                message: format!(
                    "`{}` is sent in {} by the spec, in {} by the SDK",
                    f.name,
                    place_of(f.location),
                    place_of(d.location)
                ),
            });
        }
        if f.explode != d.explode {
            found.push(Found {
                file: file.into(),
                path: at(".explode"),
                key: key("explode"),
                message: format!(
                    "the SDK sends `{}` as {}",
                    f.name,
                    if d.explode { "a pair per element" } else { "one comma-separated value" }
                ),
            });
        }
    }
}

/// Whether a spec type says what the SDK's type says: the SDK's `int` and
/// `float` have no width (any integer type, any float type fits them), and a
/// named type fits a scalar (an enum over it, which lint checks) or the model
/// of the same name.
fn sdk_type_fits(spec: &str, sdk: &str) -> bool {
    match (Spelled::parse(spec), Spelled::parse(sdk)) {
        (Spelled::List(a), Spelled::List(b)) | (Spelled::Map(a), Spelled::Map(b)) => sdk_type_fits(a, b),
        (Spelled::Scalar(a), Spelled::Scalar(TypeRef::I64)) => {
            matches!(a, TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64)
        }
        (Spelled::Scalar(a), Spelled::Scalar(TypeRef::F64)) => matches!(a, TypeRef::F32 | TypeRef::F64),
        _ => same_type(spec, sdk),
    }
}

/// Named types anywhere in the service, by name, with their file and index.
fn named_types(service: &LoadedService) -> BTreeMap<&str, (&str, usize, &TypeDef)> {
    let mut types: BTreeMap<&str, (&str, usize, &TypeDef)> = BTreeMap::new();
    for (i, t) in service.spec.types.iter().enumerate() {
        types.insert(&t.name, (&service.file, i, t));
    }
    if let Some(t) = &service.types {
        for (i, def) in t.spec.types.iter().enumerate() {
            types.insert(&def.name, (&t.file, i, def));
        }
    }
    for op in &service.operations {
        for (i, def) in op.spec.types.iter().enumerate() {
            types.insert(&def.name, (&op.file, i, def));
        }
    }
    types
}
