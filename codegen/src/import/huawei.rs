//! Huawei Cloud Live metadata, as `xtask/metadata/huawei.py` reads it from the
//! official Python SDK (`huaweicloudsdklive`): per API version, each operation's
//! method, path and parameters with their locations, and the models its body
//! and answer are made of. The SDK ships no examples and no error codes.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::Draft;
use super::go::GoType;
use super::huawei_go::{self, Models};
use super::sdk::{self, described, left_out, secret};
use crate::ir::{Spelled, TypeRef};
use crate::spec::{
    Constraints, EnumKind, EnumValue, Field, Http, HttpMethod, Literal, Location, Metadata, Note, OperationSpec,
    Paging, Source, TypeDef,
};

/// What a spec drafted from the SDK names as its metadata file: the script
/// that reads the SDK.
pub const METADATA_FILE: &str = "xtask/metadata/huawei.py";

/// The file `xtask/metadata/huawei.py` writes.
#[derive(Debug, Clone, Deserialize)]
pub struct Sdk {
    /// `huaweicloudsdklive==3.1.219`.
    pub package: String,
    /// By API version (`v1`, `v2`).
    pub versions: BTreeMap<String, Version>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Version {
    pub operations: Vec<Operation>,
    pub models: BTreeMap<String, Model>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Operation {
    pub name: String,
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: String,
    pub request_type: String,
    pub response_type: String,
    /// Response headers the SDK reads (`X-Request-Id`); the runtime reads them too.
    pub response_headers: Vec<String>,
    pub params: Vec<Param>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Param {
    /// The SDK's attribute name.
    pub name: String,
    /// The name on the wire; none for the body.
    pub wire: Option<String>,
    /// `path`, `query`, `header`, `body`, or where the SDK puts nothing the
    /// spec format knows (`form`, `unplaced`).
    #[serde(rename = "in")]
    pub location: String,
    /// The SDK's type: `str`, `int`, `float`, `bool`, `date`, `datetime`,
    /// `object` (any JSON value), `list[T]`, `dict(str, T)` or a model's name.
    #[serde(rename = "type")]
    pub ty: String,
    pub required: bool,
    /// How a list in the query travels: `csv` (comma-joined) or `multi` (a key per element).
    pub collection_format: Option<String>,
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Model {
    #[serde(default)]
    pub fields: Option<Vec<ModelField>>,
    /// An enum schema's values.
    #[serde(default, rename = "enum")]
    pub values: Option<Vec<serde_json::Value>>,
    /// The SDK names a model it does not define.
    #[serde(default)]
    pub missing: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ModelField {
    pub name: String,
    pub wire: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub required: bool,
    pub description: String,
}

/// The address of an operation's page in Huawei Cloud's API Explorer, which
/// documents every operation of the SDK (the documentation pages' addresses
/// are in no machine-readable source).
pub fn page(name: &str) -> String {
    format!("https://apiexplorer.developer.huaweicloud.com/apiexplorer/doc?product=Live&api={name}")
}

/// A container in the Python SDK's spelling of a type: `list[T]` (`"list"`) or
/// `dict(str, T)` (`"map"`, the spec's word for it), with `T`. The one reading
/// of that spelling.
fn container(sdk: &str) -> Option<(&'static str, &str)> {
    let list = sdk.strip_prefix("list[").and_then(|t| t.strip_suffix(']')).map(|t| ("list", t));
    list.or_else(|| sdk.strip_prefix("dict(str, ").and_then(|t| t.strip_suffix(')')).map(|t| ("map", t)))
}

/// The spec type of an SDK type, or why the format cannot hold it.
pub fn spec_type(sdk: &str) -> Result<String, String> {
    if let Some((kind, inner)) = container(sdk) {
        return spec_type(inner).map(|t| format!("{kind}<{t}>"));
    }
    match sdk {
        "str" | "date" | "datetime" => Ok("string".into()),
        "int" => Ok("i64".into()),
        "float" => Ok("f64".into()),
        "bool" => Ok("bool".into()),
        "object" => Ok("json".into()),
        _ if sdk.chars().next().is_some_and(|c| c.is_ascii_uppercase()) => Ok(sdk.to_owned()),
        _ => Err(format!("the SDK type `{sdk}`")),
    }
}

/// The model a type names, directly or in lists and maps.
fn named(sdk: &str) -> Option<&str> {
    if let Some((_, inner)) = container(sdk) {
        return named(inner);
    }
    (spec_type(sdk).is_ok_and(|t| t == sdk)).then_some(sdk)
}

/// What the Go SDK adds to one module of the Python SDK's metadata: its models,
/// and the spec names of its enums.
struct Go<'a> {
    models: &'a Models,
    enums: BTreeMap<String, String>,
}

/// One module of the SDK as the drafter reads it: the Python SDK's metadata,
/// and the Go SDK's models of the same module when given.
struct Module<'a> {
    v: &'a Version,
    go: Option<Go<'a>>,
}

impl Module<'_> {
    /// The Go SDK's member `wire` of the model (or request, or response) `model`.
    fn go_field(&self, model: &str, wire: &str) -> Option<&huawei_go::Field> {
        self.go.as_ref()?.models.field(model, wire)
    }

    /// The Go SDK's enums a member names (directly or in a list).
    fn go_enums(&self, model: &str, wire: &str) -> Vec<String> {
        let (Some(go), Some(f)) = (&self.go, self.go_field(model, wire)) else { return Vec::new() };
        let mut named = Vec::new();
        huawei_go::names_in(&f.ty, &mut named);
        named.retain(|n| go.models.enums.contains_key(n));
        named
    }

    /// The spec type of a member, the Python SDK's type made precise by the Go
    /// SDK's where they agree: a number's width, an enum, a time (with the
    /// format the Go SDK writes). Where the Go SDK is silent, the Python SDK's
    /// type stands (an `int` is an `i64`).
    fn member_type(&self, sdk: &str, model: &str, wire: &str) -> Result<(String, Option<&'static str>), String> {
        let base = spec_type(sdk)?;
        let (Some(go), Some(f)) = (&self.go, self.go_field(model, wire)) else { return Ok((base, None)) };
        Ok(refine(sdk, base, &f.ty, go))
    }
}

fn refine(sdk: &str, base: String, ty: &GoType, go: &Go<'_>) -> (String, Option<&'static str>) {
    // The elements of a list, the values of a map.
    if let Some((kind, inner)) = container(sdk) {
        return match (kind, ty, spec_type(inner)) {
            ("list", GoType::List(go_inner), Ok(inner_base)) | ("map", GoType::Map(go_inner), Ok(inner_base)) => {
                (format!("{kind}<{}>", refine(inner, inner_base, go_inner, go).0), None)
            }
            _ => (base, None),
        };
    }
    match (sdk, ty) {
        ("int", GoType::Scalar(s)) if s == "int32" => ("i32".into(), None),
        ("int", GoType::Scalar(s)) if s == "int64" => ("i64".into(), None),
        ("float", GoType::Scalar(s)) if s == "float32" => ("f32".into(), None),
        ("int" | "str", GoType::Named(e)) => match (go.models.enums.get(e), go.enums.get(e)) {
            (Some(values), Some(name)) if values.integer == (sdk == "int") => (name.clone(), None),
            _ => (base, None),
        },
        ("str" | "datetime" | "date", t) if huawei_go::is_time(t) => ("string".into(), Some(huawei_go::TIME_FORMAT)),
        _ => (base, None),
    }
}

/// `paging`, drafted from the conventional names, with its start counted as
/// the SDK's text of the start field says: a page number from 0 (`分页编号，从0开始算`,
/// `分页编号。 默认为0。`) is a page index, and an offset raised by the page
/// size on each query (`需要每次查询增加limit的值`) counts items. Where the text
/// says neither (`偏移量，表示从此偏移量开始查询`), none: reading an item offset
/// as a page skips items and the reverse repeats them, so a note says why.
fn counted_by_its_text(mut paging: Paging, request: &[Field], notes: &mut Vec<Note>) -> Option<Paging> {
    let start = paging.page_number.clone().or_else(|| paging.offset.clone())?;
    let text = request.iter().find(|f| f.name == start).map_or("", |f| f.description.as_str());
    let page_from_zero = text.contains("分页编号") && (text.contains("从0开始") || text.contains("默认为0"));
    let items = paging.offset.is_some() && text.contains("增加limit");
    if page_from_zero {
        paging.page_number = None;
        paging.offset = None;
        paging.page_index = Some(start);
        return Some(paging);
    }
    if items {
        return Some(paging);
    }
    notes.push(Note {
        subject: "paging".into(),
        page: format!("The SDK's text of `{start}` ({text}) does not say whether it counts items or pages."),
        choice: format!("No paging is declared; callers page with `{start}` and `{}` themselves.", paging.page_size),
        reason: "An item offset read as a page number skips items, and a page number read as an item offset repeats them; a stream of pages is declared only where a source says which it is.".into(),
        crosscheck: Vec::new(),
    });
    None
}

/// The path parameter the client fills from its credentials, as the SDK does:
/// no request of the SDK has it.
const PROJECT_ID: &str = "project_id";

/// Drafts every operation of API version `version` in `sdk`: one spec per
/// operation, and the models more than one operation uses as shared types.
/// An operation belongs to the version its path begins with, whichever of the
/// SDK's modules holds it (v1's holds `/v2/{project_id}/certificates`).
/// `only`, when not empty, drafts those operations alone (the models they share
/// are theirs to say).
///
/// `go`, the Go SDK's models, gives each integer its width, each enum its
/// values (an enum of its own, named as [`huawei_go::enum_names`] says) and
/// each time its format; without it, the Python SDK's types stand.
pub fn draft(
    sdk: &Sdk,
    go: Option<&huawei_go::Sdk>,
    version: &str,
    metadata: &Metadata,
    only: &[String],
) -> Result<Draft, String> {
    let modules: BTreeMap<&str, Module<'_>> = sdk
        .versions
        .iter()
        .map(|(name, v)| {
            let go = go.and_then(|g| g.modules.get(name)).map(|models| {
                let taken = v.models.keys().cloned().collect();
                Go { models, enums: huawei_go::enum_names(models, &taken) }
            });
            (name.as_str(), Module { v, go })
        })
        .collect();
    let prefix = format!("/{version}/");
    let mut selected: Vec<(&str, &Version, &Operation)> = sdk
        .versions
        .iter()
        .flat_map(|(module, v)| v.operations.iter().map(move |op| (module.as_str(), v, op)))
        .filter(|(_, _, op)| op.path.starts_with(&prefix))
        .collect();
    if selected.is_empty() {
        let known: Vec<&str> = sdk.versions.keys().map(String::as_str).collect();
        return Err(format!("no operation's path begins with `{prefix}` (the SDK's modules: {})", known.join(", ")));
    }
    if !only.is_empty() {
        selected.retain(|(_, _, op)| only.contains(&op.name));
    }
    // Which operations reach each model (of its SDK module), through their body or their answer.
    let mut users: BTreeMap<(&str, String), BTreeSet<&str>> = BTreeMap::new();
    for (module, _, op) in &selected {
        for model in reachable(&modules[module], op) {
            users.entry((module, model)).or_default().insert(&op.name);
        }
    }
    let mut drafts = Draft::default();
    for (module, _, op) in &selected {
        let m = &modules[module];
        let mut notes = Vec::new();
        if *module != version {
            notes.push(Note {
                subject: "http.path".into(),
                page: format!("The SDK has the operation in its `{module}` module, with the path `{}`.", op.path),
                choice: format!("The operation is in the service of API version {version}, which its path names."),
                reason: "The docs and the review name the service's version; the path says which it is.".into(),
                crosscheck: Vec::new(),
            });
        }
        let request = request(m, op, &mut notes);
        let response = response(m, op, &mut notes);
        let types = users
            .iter()
            .filter(|((owner, _), by)| owner == module && by.len() == 1 && by.contains(op.name.as_str()))
            .filter_map(|((_, model), _)| type_def(m, model, &mut notes))
            .collect::<Vec<_>>();
        let paging = super::paging(&op.name, &request, &response, &types, &mut notes)
            .and_then(|p| counted_by_its_text(p, &request, &mut notes));
        notes.push(sdk::no_error_codes());
        let method = match op.method.as_str() {
            "GET" => HttpMethod::GET,
            "POST" => HttpMethod::POST,
            "PUT" => HttpMethod::PUT,
            "DELETE" => HttpMethod::DELETE,
            other => return Err(format!("{}: the method `{other}` is none the spec format knows", op.name)),
        };
        let description = if op.description.is_empty() { op.summary.clone() } else { op.description.clone() };
        drafts.operations.push(OperationSpec {
            name: op.name.clone(),
            rust_name: None,
            summary: sdk::summary(&op.summary, &op.name),
            description,
            source: Source {
                page: page(&op.name),
                title: format!("{}（{}）", op.summary, op.name),
                updated: None,
                published: None,
                metadata: Some(metadata.clone()),
            },
            http: Http { method, path: Some(op.path.clone()) },
            rate_limit: None,
            legacy: None,
            request,
            response,
            types,
            rules: Vec::new(),
            paging,
            errors: Vec::new(),
            examples: Vec::new(),
            notes,
        });
    }
    let mut shared_notes = Vec::new();
    for ((module, model), by) in &users {
        if by.len() > 1
            && let Some(t) = type_def(&modules[module], model, &mut shared_notes)
        {
            drafts.types.types.push(t);
        }
    }
    drafts.types.notes = shared_notes;
    // Values a text lists where the Go SDK declares no enum of them (`isp`: CMCC, CTCC, CUCC, OTHER).
    let taken = selected
        .iter()
        .filter_map(|(_, _, op)| crate::names::type_name(&op.name).ok())
        .flat_map(|base| crate::names::operation_items(&base))
        .collect();
    super::text_enums(&mut drafts, taken);
    // The SDK has no examples: each operation gets one built from its fields, said to be so.
    sdk::construct_examples(&mut drafts, crate::spec::Protocol::HuaweiRest);
    Ok(drafts)
}

fn request(m: &Module<'_>, op: &Operation, notes: &mut Vec<Note>) -> Vec<Field> {
    let mut out = Vec::new();
    if op.path.contains(&format!("{{{PROJECT_ID}}}")) {
        out.push(Field {
            name: PROJECT_ID.into(),
            rust_name: None,
            location: Some(Location::Path),
            ty: "string".into(),
            required: true,
            nullable: false,
            envelope: None,
            auth: true,
            description: "项目ID，由客户端按凭证中的项目填入（与官方 SDK 相同）。".into(),
            example: None,
            constraints: None,
            explode: false,
            sensitive: false,
        });
    }
    for p in &op.params {
        let location = match p.location.as_str() {
            "path" => Location::Path,
            "query" => Location::Query,
            "header" => Location::Header,
            "body" => {
                out.extend(body(m, p, notes));
                continue;
            }
            other => {
                notes.push(left_out(format!("request.{}", p.name), &format!("a `{other}` parameter"), "it"));
                continue;
            }
        };
        let wire = p.wire.clone().unwrap_or_else(|| p.name.clone());
        let (ty, format) = match m.member_type(&p.ty, &op.request_type, &wire) {
            Ok((t, _)) if matches!(Spelled::parse(&t), Spelled::Map(_) | Spelled::Scalar(TypeRef::Json)) => {
                let why = format!("`{t}` outside the body");
                notes.push(left_out(format!("request.{}", p.name), &format!("`{}`", p.ty), &why));
                continue;
            }
            Ok(t) => t,
            Err(why) => {
                notes.push(left_out(format!("request.{}", p.name), &format!("`{}`", p.ty), &why));
                continue;
            }
        };
        out.push(Field {
            name: wire,
            rust_name: None,
            location: Some(location),
            required: p.required || location == Location::Path,
            nullable: false,
            envelope: None,
            auth: false,
            description: described(&p.description, &p.ty),
            example: None,
            constraints: time_format(format),
            explode: p.collection_format.as_deref() == Some("multi"),
            sensitive: ty == "string" && secret(p.wire.as_deref().unwrap_or(&p.name), &p.description),
            ty,
        });
    }
    out
}

/// The members of the body's model, each `in: body`. The SDKs make the body
/// itself optional everywhere; the body's own required members say what it needs.
fn body(m: &Module<'_>, p: &Param, notes: &mut Vec<Note>) -> Vec<Field> {
    let fields = m.v.models.get(&p.ty).and_then(|m| m.fields.as_ref());
    let whole = spec_type(&p.ty).ok().filter(|t| t.starts_with("list<") || t.starts_with("map<") || t == "json");
    if let (None, Some(ty)) = (fields, whole) {
        // A JSON array (or map) as the whole body: always sent, though the
        // SDK's request makes every body optional.
        return vec![Field {
            name: p.name.clone(),
            rust_name: None,
            location: Some(Location::Payload),
            required: true,
            nullable: false,
            envelope: None,
            auth: false,
            description: described(&p.description, &p.ty),
            example: None,
            constraints: None,
            explode: false,
            sensitive: false,
            ty,
        }];
    }
    let Some(fields) = fields else {
        notes.push(left_out(
            format!("request.{}", p.name),
            &format!("`{}`, a body that is not an object of named members", p.ty),
            "such a body",
        ));
        return Vec::new();
    };
    fields
        .iter()
        .filter_map(|f| {
            let field = data_field(m, &p.ty, f, "request", notes)?;
            Some(Field { location: Some(Location::Body), ..field })
        })
        .collect()
}

fn response(m: &Module<'_>, op: &Operation, notes: &mut Vec<Note>) -> Vec<Field> {
    let Some(fields) = m.v.models.get(&op.response_type).and_then(|m| m.fields.as_ref()) else { return Vec::new() };
    fields
        .iter()
        // Headers the runtime reads itself (the request id).
        .filter(|f| !op.response_headers.contains(&f.wire))
        .filter_map(|f| {
            let mut field = data_field(m, &op.response_type, f, "response", notes)?;
            sdk::rename_builder_clash(&mut field, notes);
            Some(field)
        })
        .collect()
}

/// A member of the model `model` as a field.
fn data_field(m: &Module<'_>, model: &str, f: &ModelField, place: &str, notes: &mut Vec<Note>) -> Option<Field> {
    match m.member_type(&f.ty, model, &f.wire) {
        Ok((ty, format)) => Some(Field {
            name: f.wire.clone(),
            rust_name: None,
            location: None,
            required: f.required,
            nullable: false,
            envelope: None,
            auth: false,
            description: described(&f.description, &f.ty),
            example: None,
            constraints: time_format(format),
            explode: false,
            sensitive: ty == "string" && secret(&f.wire, &f.description),
            ty,
        }),
        Err(why) => {
            notes.push(left_out(format!("{place}.{}", f.wire), &format!("`{}`", f.ty), &why));
            None
        }
    }
}

/// The constraints that give a time's format.
fn time_format(format: Option<&str>) -> Option<Constraints> {
    format.map(|f| Constraints { format: Some(f.to_owned()), ..Constraints::default() })
}

/// The models an operation uses as named types: those its body's and its
/// answer's members name, and theirs in turn (the body and the answer
/// themselves become the request's and the response's fields).
/// The Go SDK's enums the members of these name are the operation's too.
fn reachable(m: &Module<'_>, op: &Operation) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut todo: Vec<String> = Vec::new();
    let mut enums: Vec<String> = Vec::new();
    for p in &op.params {
        if p.location == "body" && m.v.models.get(&p.ty).is_some_and(|m| m.fields.is_some()) {
            visit(m, &p.ty, &mut todo, &mut enums);
        } else {
            todo.extend(named(&p.ty).map(str::to_owned));
            enums.extend(m.go_enums(&op.request_type, p.wire.as_deref().unwrap_or(&p.name)));
        }
    }
    visit(m, &op.response_type, &mut todo, &mut enums);
    while let Some(model) = todo.pop() {
        if !out.contains(&model) {
            visit(m, &model, &mut todo, &mut enums);
            out.insert(model);
        }
    }
    out.extend(enums);
    out
}

/// The members of a model: the models they name, and the Go SDK's enums.
fn visit(m: &Module<'_>, model: &str, todo: &mut Vec<String>, enums: &mut Vec<String>) {
    for f in m.v.models.get(model).and_then(|m| m.fields.as_ref()).into_iter().flatten() {
        todo.extend(named(&f.ty).map(str::to_owned));
        enums.extend(m.go_enums(model, &f.wire));
    }
}

/// A model as a named type: a struct of its members, or an enum of its values.
/// The Go SDK's enum of that name comes first: it has the values.
fn type_def(m: &Module<'_>, name: &str, notes: &mut Vec<Note>) -> Option<TypeDef> {
    if let Some(go) = &m.go
        && let (Some(e), Some(spec_name)) = (go.models.enums.get(name), go.enums.get(name))
    {
        let values = e
            .values
            .iter()
            .map(|value| EnumValue {
                value: value.clone(),
                rust_name: super::draft_rust_name(value),
                description: match value {
                    Literal::Integer(n) => n.to_string(),
                    Literal::String(s) => serde_json::Value::from(s.as_str()).to_string(),
                },
            })
            .collect();
        return Some(TypeDef {
            name: spec_name.clone(),
            rust_name: None,
            description: format!("{spec_name}（SDK 的枚举，Go SDK 的 `{name}`）。"),
            fields: None,
            enum_kind: Some(if e.integer { EnumKind::Integer } else { EnumKind::String }),
            values: Some(values),
        });
    }
    let model = m.v.models.get(name)?;
    if let Some(values) = &model.values {
        let integer = values.iter().all(serde_json::Value::is_i64);
        let values = values
            .iter()
            .map(|value| {
                let value_literal = match value {
                    serde_json::Value::Number(n) => Literal::Integer(n.as_i64().unwrap_or_default()),
                    other => Literal::String(other.as_str().unwrap_or_default().to_owned()),
                };
                EnumValue {
                    rust_name: super::draft_rust_name(&value_literal),
                    value: value_literal,
                    description: value.to_string(),
                }
            })
            .collect();
        return Some(TypeDef {
            name: name.to_owned(),
            rust_name: None,
            description: format!("{name}（SDK 的枚举）。"),
            fields: None,
            enum_kind: Some(if integer { EnumKind::Integer } else { EnumKind::String }),
            values: Some(values),
        });
    }
    let fields = model.fields.as_ref()?;
    Some(TypeDef {
        name: name.to_owned(),
        rust_name: None,
        description: format!("{name}（SDK 的模型）。"),
        fields: Some(fields.iter().filter_map(|f| data_field(m, name, f, &format!("types.{name}"), notes)).collect()),
        enum_kind: None,
        values: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_counted_from_zero_is_an_index_and_keeps_its_total() {
        let request: Vec<Field> = serde_yaml::from_str(
            "[{name: page, type: i32, description: 分页编号，从0开始算}, {name: size, type: i32, description: 每页条数}]",
        )
        .unwrap();
        let paging: Paging =
            serde_yaml::from_str("{page_number: page, page_size: size, total_pages: pages, items: list}").unwrap();
        let mut notes = Vec::new();
        let p = counted_by_its_text(paging, &request, &mut notes).unwrap();
        assert_eq!(
            (p.page_number.as_deref(), p.page_index.as_deref(), p.total_pages.as_deref()),
            (None, Some("page"), Some("pages"))
        );
        assert!(notes.is_empty());
    }

    fn sdk() -> Sdk {
        let param = |name: &str, location: &str, ty: &str, required: bool, format: Option<&str>| {
            serde_json::json!({"name": name, "wire": if location == "body" { None } else { Some(name) },
                "in": location, "type": ty, "required": required, "collection_format": format,
                "description": format!("{name} 的说明")})
        };
        let field = |name: &str, ty: &str, required: bool| serde_json::json!({"name": name, "wire": name, "type": ty, "required": required, "description": ""});
        serde_json::from_value(serde_json::json!({
            "package": "huaweicloudsdklive==9.9.9",
            "versions": {
                "v1": {
                    "operations": [
                        {"name": "ListThings", "method": "GET", "path": "/v1/{project_id}/things",
                         "summary": "查询东西", "description": "查询东西", "request_type": "ListThingsRequest",
                         "response_type": "ListThingsResponse", "response_headers": ["X-Request-Id"],
                         "params": [param("tags", "query", "list[str]", false, Some("csv")),
                                    param("ip", "query", "list[str]", true, Some("multi")),
                                    param("X-Trace", "header", "str", false, None),
                                    param("extra", "query", "dict(str, str)", false, None)]},
                        {"name": "UpdateThing", "method": "PUT", "path": "/v1/{project_id}/things/{id}",
                         "summary": "修改东西。", "description": "", "request_type": "UpdateThingRequest",
                         "response_type": "UpdateThingResponse", "response_headers": [],
                         "params": [param("id", "path", "str", false, None),
                                    param("body", "body", "ThingBody", false, None)]},
                        {"name": "CreateThings", "method": "POST", "path": "/v1/{project_id}/things",
                         "summary": "创建东西", "description": "", "request_type": "CreateThingsRequest",
                         "response_type": "UpdateThingResponse", "response_headers": [],
                         "params": [param("body", "body", "list[Thing]", false, None)]},
                        {"name": "ShowCert", "method": "GET", "path": "/v2/{project_id}/certs",
                         "summary": "查询证书", "description": "", "request_type": "ShowCertRequest",
                         "response_type": "ShowCertResponse", "response_headers": [], "params": []}
                    ],
                    "models": {
                        "ListThingsResponse": {"fields": [field("things", "list[Thing]", false),
                            field("request_id", "str", false), field("X-Request-Id", "str", false)]},
                        "Thing": {"fields": [field("id", "str", true), field("format", "VideoFormat", false),
                            field("ads", "object", false)]},
                        "VideoFormat": {"enum": ["FLV", "HLS"]},
                        "ThingBody": {"fields": [field("name", "str", true), field("thing", "Thing", false)]},
                        "UpdateThingResponse": {"fields": []},
                        "ShowCertResponse": {"fields": [field("cert", "str", false)]}
                    }
                },
                "v2": {"operations": [], "models": {}}
            }
        }))
        .unwrap()
    }

    fn metadata() -> Metadata {
        Metadata {
            package: "huaweicloudsdklive==9.9.9".into(),
            file: "xtask/metadata/huawei.py".into(),
            date: "2026-12-03".into(),
        }
    }

    #[test]
    fn a_draft_holds_what_the_sdk_says() {
        let draft = draft(&sdk(), None, "v1", &metadata(), &[]).unwrap();
        let [list, update, create] = &draft.operations[..] else { panic!("{:#?}", draft.operations) };
        // The project comes from the credentials; the query's lists say how they travel.
        assert_eq!((list.request[0].name.as_str(), list.request[0].auth), ("project_id", true));
        let tags = &list.request[1];
        assert_eq!((tags.ty.as_str(), tags.location, tags.explode), ("list<string>", Some(Location::Query), false));
        assert!(list.request[2].explode && list.request[2].required);
        assert_eq!(list.request[3].location, Some(Location::Header));
        // A map in the query is left out, and a note names it for the crosscheck.
        assert_eq!(list.request.len(), 4);
        assert!(list.notes.iter().any(|n| n.crosscheck == ["request.extra: missing"]));
        // The header the runtime reads is not a field; a body member named like the response's
        // own method is renamed.
        let names: Vec<&str> = list.response.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["things", "request_id"]);
        assert_eq!(list.response[1].rust_name.as_deref(), Some("body_request_id"));
        // A path parameter is required whatever the SDK says; the body's members are the body's.
        let id = &update.request[1];
        assert_eq!((id.location, id.required), (Some(Location::Path), true));
        let name = &update.request[2];
        assert_eq!((name.name.as_str(), name.location, name.required), ("name", Some(Location::Body), true));
        assert_eq!(update.summary, "修改东西。");
        assert_eq!(update.description, "修改东西。", "an empty description falls back to the summary");
        // A JSON array as the body is the whole body, and always sent.
        let [body] = &create.request[1..] else { panic!("{:#?}", create.request) };
        assert_eq!((body.ty.as_str(), body.location, body.required), ("list<Thing>", Some(Location::Payload), true));
        // Every operation uses Thing (through a body, a whole body, an answer): it is shared, and so
        // is the enum it names; its untyped member is any JSON value.
        let shared: Vec<&str> = draft.types.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(shared, ["Thing", "VideoFormat"]);
        let thing = draft.types.types[0].fields.as_ref().unwrap();
        assert_eq!((thing.len(), thing[2].name.as_str(), thing[2].ty.as_str()), (3, "ads", "json"));
        assert!(draft.types.notes.is_empty(), "{:#?}", draft.types.notes);
        assert_eq!(draft.types.types[1].enum_kind, Some(EnumKind::String));
    }

    #[test]
    fn an_operation_belongs_to_the_version_its_path_names() {
        let draft = draft(&sdk(), None, "v2", &metadata(), &[]).unwrap();
        let [cert] = &draft.operations[..] else { panic!("{:#?}", draft.operations) };
        assert_eq!(cert.name, "ShowCert");
        assert!(cert.notes.iter().any(|n| n.subject == "http.path" && n.page.contains("`v1` module")));
        let error = super::draft(&sdk(), None, "v3", &metadata(), &[]).unwrap_err();
        assert!(error.contains("`/v3/`"), "{error}");
    }

    #[test]
    fn the_go_sdk_gives_widths_enums_and_times() {
        let models = r#"package model

type ListThingsRequest struct {
	Tags *[]ListThingsRequestTags `json:"tags,omitempty"`
}

type ListThingsRequestTags struct {
	value string
}

func GetListThingsRequestTagsEnum() ListThingsRequestTagsEnum {
	return ListThingsRequestTagsEnum{
		A: ListThingsRequestTags{
			value: "hot",
		},
	}
}

type ShowCertResponse struct {
	Cert *sdktime.SdkTime `json:"cert,omitempty"`
}
"#;
        let go = huawei_go::Sdk::parse(&[("v1".into(), vec![("model.go".into(), models.into())])]).unwrap();
        let draft = draft(&sdk(), Some(&go), "v1", &metadata(), &[]).unwrap();
        let list = &draft.operations[0];
        // The Go SDK's enum of a query list, named without `Request`; it is the operation's own type.
        assert_eq!(list.request[1].ty, "list<ListThingsTags>");
        let tags = list.types.iter().find(|t| t.name == "ListThingsTags").unwrap();
        assert_eq!(tags.enum_kind, Some(EnumKind::String));
        assert_eq!(tags.values.as_ref().unwrap()[0].value, Literal::String("hot".into()));
        // Where the Go SDK is silent, the Python SDK's types stand.
        assert_eq!(list.request[2].ty, "list<string>");
        // A time has the format the Go SDK writes, and a constructed example follows it.
        let draft = super::draft(&sdk(), Some(&go), "v2", &metadata(), &[]).unwrap();
        let cert = &draft.operations[0].response[0];
        assert_eq!(cert.constraints.as_ref().and_then(|c| c.format.as_deref()), Some(huawei_go::TIME_FORMAT));
        assert_eq!(
            refine(
                "int",
                "i64".into(),
                &GoType::Scalar("int32".into()),
                &Go { models: &go.modules["v1"], enums: BTreeMap::new() }
            )
            .0,
            "i32"
        );
    }

    #[test]
    fn sdk_types_map_to_spec_types() {
        assert_eq!(spec_type("list[int]").unwrap(), "list<i64>");
        assert_eq!(spec_type("datetime").unwrap(), "string");
        assert_eq!(spec_type("LiveDomainCreateReq").unwrap(), "LiveDomainCreateReq");
        assert_eq!(spec_type("dict(str, str)").unwrap(), "map<string>");
        assert_eq!(spec_type("dict(str, list[int])").unwrap(), "map<list<i64>>");
        assert_eq!(spec_type("object").unwrap(), "json");
        assert!(spec_type("dict(int, str)").is_err());
        assert!(spec_type("file").is_err());
    }
}
