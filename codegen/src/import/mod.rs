//! Drafting specs from a vendor's own machine-readable documentation, and
//! comparing specs with it.
//!
//! The specs stay the reviewed source of truth: an import writes drafts of
//! operations that have no spec yet and never rewrites a file a person wrote;
//! [`crosscheck`] reports where a spec and the vendor's metadata disagree, each
//! disagreement located in the spec like any diagnostic, and accepted only by a
//! note that names it. Nothing here downloads: the maintainer gives the files.

pub mod crosscheck;
pub mod go;
pub mod html;
pub mod huawei;
pub mod huawei_go;
mod sdk;
pub mod tencent;
pub mod volcengine;

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use serde_json::Value;

use crate::ir::{Spelled, TypeRef};
use crate::spec::{
    EnumKind, EnumValue, ErrorCode, Example, Field, Http, HttpMethod, Legacy, LengthUnit, Literal, Metadata, Note,
    OperationSpec, Paging, Source, TypeDef, TypesSpec,
};

/// The vendor files an import reads, as the maintainer gave them.
#[derive(Debug, Clone)]
pub struct TencentInput {
    /// `api.json` of `tccli`.
    pub api: tencent::Api,
    /// `examples.json` of `tccli`.
    pub examples: Option<tencent::Examples>,
    /// `errorcodes.py` of `tencentcloud-sdk-python`: every code with its description.
    pub error_descriptions: BTreeMap<String, String>,
    /// `client.go` of `tencentcloud-sdk-go`: the codes each action may return.
    pub action_errors: BTreeMap<String, Vec<String>>,
    /// Where `api.json` comes from, as recorded in each draft.
    pub metadata: Metadata,
}

/// What an import would write: one operation spec per action, and the types
/// more than one action shares.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub operations: Vec<OperationSpec>,
    pub types: TypesSpec,
    /// The enums the drafter made of values a text lists and named itself
    /// (the vendor names none): a spec may name them as a person chooses, and
    /// the crosscheck compares a field of one by its values.
    pub text_enums: BTreeSet<String>,
}

/// The address of an action's page in Tencent's API Explorer, which renders
/// the same metadata (the documentation pages' numeric addresses are in no
/// machine-readable source).
pub fn tencent_page(product: &str, version: &str, action: &str) -> String {
    format!("https://console.cloud.tencent.com/api/explorer?Product={product}&Version={version}&Action={action}")
}

/// Drafts every action of `input`; `common_errors` are the service's common
/// codes (its own, or those it takes with `common_errors_of`), which stand in
/// where no source lists an action's own and lend their descriptions and
/// retry flags to the codes an action lists.
pub fn draft_tencent(input: &TencentInput, common_errors: &[ErrorCode]) -> Draft {
    let api = &input.api;
    // Which actions reach each object: shared ones go to types.yaml.
    let mut users: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for (name, action) in &api.actions {
        for object in tencent::reachable(api, action) {
            users.entry(object).or_default().insert(name);
        }
    }
    let common: BTreeMap<&str, &ErrorCode> = common_errors.iter().map(|e| (e.code.as_str(), e)).collect();
    let relaxed = absent_in_examples(input);
    let relax_note = |object: &str, member: &str, place: String| {
        let actions: Vec<&str> = relaxed[&(object.to_owned(), member.to_owned())].iter().map(String::as_str).collect();
        Note {
            subject: format!("{object}.{member}"),
            page: format!(
                "The metadata says `{member}` is always in the answer (output_required), but the documented example of {} leaves it out.",
                actions.join(", ")
            ),
            choice: "The field is optional.".into(),
            reason: "An answer like the documented one must decode.".into(),
            crosscheck: vec![format!("{place}: required")],
        }
    };
    let mut draft = Draft::default();
    for (name, action) in &api.actions {
        let mut notes = Vec::new();
        let request = fields(api, &action.input, Side::Request);
        let mut response = fields(api, &action.output, Side::Response);
        for f in &mut response {
            if relaxed.contains_key(&(action.output.clone(), f.name.clone())) {
                f.required = false;
                notes.push(relax_note(&action.output, &f.name, format!("response.{}", f.name)));
            }
        }
        let types: Vec<TypeDef> = users
            .iter()
            .filter(|(_, by)| by.len() == 1 && by.contains(name.as_str()))
            .filter_map(|(object, _)| type_def(api, object, &relaxed))
            .collect();
        for t in &types {
            for f in t.fields.iter().flatten() {
                if relaxed.contains_key(&(t.name.clone(), f.name.clone())) {
                    notes.push(relax_note(&t.name, &f.name, format!("types.{}.{}", t.name, f.name)));
                }
            }
        }
        let errors = match input.action_errors.get(name) {
            Some(codes) => codes
                .iter()
                .map(|code| ErrorCode {
                    code: code.clone(),
                    rust_name: None,
                    description: input
                        .error_descriptions
                        .get(code)
                        .cloned()
                        .or_else(|| common.get(code.as_str()).map(|e| e.description.clone()))
                        .unwrap_or_else(|| "错误码来源未给出说明。".to_owned()),
                    http_status: None,
                    numeric_code: None,
                    retryable: common.get(code.as_str()).is_some_and(|e| e.retryable),
                })
                .collect(),
            None => {
                notes.push(Note {
                    subject: "errors".into(),
                    page: "No source lists the codes this action may return: tencentcloud-sdk-go's client.go, which lists them per action, does not have the action yet.".into(),
                    choice: "The operation lists no codes of its own; the service's common codes apply.".into(),
                    reason: "A code nobody documents cannot be given a typed variant; any other code decodes as `Unhandled` with its code and message.".into(),
                    crosscheck: Vec::new(),
                });
                Vec::new()
            }
        };
        let examples = input
            .examples
            .as_ref()
            .and_then(|e| e.actions.get(name))
            .map(|list| list.iter().map(|ex| example(api, &action.input, ex, &mut notes)).collect())
            .unwrap_or_default();
        let text = html::to_text(&action.document);
        let legacy = legacy(&text);
        let paging = paging(name, &request, &response, &[], &mut notes);
        draft.operations.push(OperationSpec {
            name: name.clone(),
            rust_name: None,
            summary: summary(&text, &action.name),
            description: if text.trim().is_empty() { summary(&text, &action.name) } else { text },
            source: Source {
                page: tencent_page(&api.metadata.service_short_name, &api.metadata.api_version, name),
                title: format!("{name}（{}）", action.name),
                updated: None,
                published: None,
                metadata: Some(input.metadata.clone()),
            },
            http: Http { method: HttpMethod::POST, path: None },
            rate_limit: None,
            legacy,
            request,
            response,
            types,
            rules: Vec::new(),
            paging,
            errors,
            examples,
            notes,
        });
    }
    draft.types.types =
        users.iter().filter(|(_, by)| by.len() > 1).filter_map(|(o, _)| type_def(api, o, &relaxed)).collect();
    listed_enums(api, &mut draft);
    for t in &draft.types.types {
        for f in t.fields.iter().flatten() {
            if relaxed.contains_key(&(t.name.clone(), f.name.clone())) {
                draft.types.notes.push(relax_note(&t.name, &f.name, format!("types.{}.{}", t.name, f.name)));
            }
        }
    }
    draft
}

/// Types the members whose text lists their values (see
/// [`tencent::Member::listed_values`]) as enums of those values: one enum per
/// member name and set of values (of integers, with what the text says each
/// means), named by the member where the name has one
/// set in the metadata and is no object's, else by the object and the member
/// (`LivePackageInfoStatus`); in `types.yaml` where more than one action or a
/// shared type uses it. Integer values are named `Value<n>` until a person
/// names them by meaning, as a note in the draft says.
fn listed_enums(api: &tencent::Api, draft: &mut Draft) {
    type Group<'a> = Vec<(&'a str, &'a tencent::Member, Vec<(Literal, String)>)>;
    // A member name and its values; of integers, with what each means.
    type Key<'a> = (&'a str, Vec<(Literal, String)>);
    // Members a documented request sends a value of that the text does not list
    // (`DRMType: ''`, which clears the setting) stay scalars, with a note.
    let mut sent: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for op in &draft.operations {
        let Some(action) = api.actions.get(&op.name) else { continue };
        for params in op.examples.iter().filter_map(|e| e.params.as_ref()) {
            unlisted(api, &action.input, &Value::Object(params.clone()), &op.name, &mut sent);
        }
    }
    let mut groups: BTreeMap<Key<'_>, Group<'_>> = BTreeMap::new();
    for (object, o) in &api.objects {
        for m in &o.members {
            if sent.contains_key(&(object.clone(), m.name.clone())) {
                continue;
            }
            if let Some(values) = m.listed_values() {
                // Integers mean what the text says they mean: `Status` 0 and 1 are 停用 and 启用 in
                // one object, 空闲 and 监播中 in another.
                let key = values
                    .iter()
                    .map(|(v, d)| (v.clone(), if matches!(v, Literal::Integer(_)) { d.clone() } else { String::new() }))
                    .collect();
                let key = (m.name.as_str(), key);
                groups.entry(key).or_default().push((object, m, values));
            }
        }
    }
    let wanted: Vec<(&str, &str)> = groups
        .iter()
        .map(|((member, _), group)| {
            let object = group[0].0;
            (*member, object.strip_suffix("Request").or_else(|| object.strip_suffix("Response")).unwrap_or(object))
        })
        .collect();
    let mut taken: BTreeSet<String> = api.objects.keys().cloned().collect();
    let names = enum_names(&wanted, |name| taken.insert(name.to_owned()));
    let mut named: BTreeMap<(&str, &str), String> = BTreeMap::new();
    let mut defs: BTreeMap<String, TypeDef> = BTreeMap::new();
    for (((member, _), group), name) in groups.iter().zip(names) {
        let (_, m, values) = &group[0];
        defs.insert(name.clone(), enum_def(&name, member, &html::to_text(&m.document), values));
        for (object, m, _) in group {
            named.insert((object, &m.name), name.clone());
        }
    }
    let take = |object: &str, fields: &mut [Field]| {
        for f in fields {
            if let Some(name) = named.get(&(object, f.name.as_str())).cloned() {
                retype(f, &name);
            }
        }
    };
    let unlisted_note = |object: &str, member: &str, key: String| {
        let actions = &sent[&(object.to_owned(), member.to_owned())];
        Note {
            subject: format!("{object}.{member}"),
            page: format!(
                "The text lists the values of `{member}`, but the documented example of {} sends one it does not list.",
                actions.iter().map(String::as_str).collect::<Vec<_>>().join(", ")
            ),
            choice: "The field stays a scalar; the text's values are in its description.".into(),
            reason: "An example's parameter must be a value its enum lists; the documented request stays as the page shows it.".into(),
            crosscheck: vec![key],
        }
    };
    for t in &draft.types.types {
        for f in t.fields.iter().flatten() {
            if sent.contains_key(&(t.name.clone(), f.name.clone())) {
                draft.types.notes.push(unlisted_note(&t.name, &f.name, format!("types.{}.{}: values", t.name, f.name)));
            }
        }
    }
    for op in &mut draft.operations {
        let Some(action) = api.actions.get(&op.name) else { continue };
        let mut notes = Vec::new();
        for (object, place, fields) in
            [(&action.input, "request", &op.request), (&action.output, "response", &op.response)]
        {
            for f in fields.iter().filter(|f| sent.contains_key(&(object.clone(), f.name.clone()))) {
                notes.push(unlisted_note(object, &f.name, format!("{place}.{}: values", f.name)));
            }
        }
        for t in &op.types {
            for f in t.fields.iter().flatten().filter(|f| sent.contains_key(&(t.name.clone(), f.name.clone()))) {
                notes.push(unlisted_note(&t.name, &f.name, format!("types.{}.{}: values", t.name, f.name)));
            }
        }
        op.notes.extend(notes);
    }
    for t in &mut draft.types.types {
        take(&t.name.clone(), t.fields.as_deref_mut().unwrap_or_default());
    }
    for op in &mut draft.operations {
        if let Some(action) = api.actions.get(&op.name) {
            take(&action.input, &mut op.request);
            take(&action.output, &mut op.response);
        }
        for t in &mut op.types {
            take(&t.name.clone(), t.fields.as_deref_mut().unwrap_or_default());
        }
    }
    place_enums(draft, defs);
}

/// The name of each drafted enum, given its member and the name of the type
/// (or action) of its first user: the member's own where the member has one
/// set of values, else the type's name and the member's, then `Value`
/// appended; `take` takes a name if it is free.
pub(crate) fn enum_names(wanted: &[(&str, &str)], mut take: impl FnMut(&str) -> bool) -> Vec<String> {
    // `stream_state`, `code`: a type is named in upper camel case; `DRMType` stays as it is.
    let cased = |member: &str| {
        if member.starts_with(|c: char| c.is_ascii_uppercase()) && !member.contains('_') {
            member.to_owned()
        } else {
            member.to_upper_camel_case()
        }
    };
    let mut sets: BTreeMap<String, usize> = BTreeMap::new();
    for (member, _) in wanted {
        *sets.entry(cased(member)).or_default() += 1;
    }
    wanted
        .iter()
        .map(|(member, stem)| {
            let own = cased(member);
            let mut name = format!("{stem}{own}");
            if sets[&own] == 1 && take(&own) {
                return own;
            }
            while !take(&name) {
                name.push_str("Value");
            }
            name
        })
        .collect()
}

/// The gist of what a listed integer means, by which two lists of the same
/// values are one enum or two: `（默认值）5 分钟。时间粒度为…` is `5 分钟`.
pub(crate) fn gist(meaning: &str) -> String {
    let d = meaning.trim_start_matches("（默认值）").trim_start_matches("默认值：");
    d.split(['。', '，', '；', ',', '（', '(']).next().unwrap_or_default().trim().to_owned()
}

/// Enums of the values drafted fields' descriptions list, as [`listed_values`]
/// reads them, for a drafter whose metadata gives each field its text and
/// names no enum of it: one per field name and set of values (of integers,
/// and the [`gist`] of what each means, since `Status` 0 and 1 are 停用 and
/// 启用 in one answer and 空闲 and 监播中 in another), named by [`enum_names`]
/// after the operation or type of its first user; the fields take them, and
/// [`place_enums`] puts each where its users are. A field of a named type (an
/// enum the SDK declares, a struct) is left as it is. `taken` holds the names
/// the service's types and the generator already use.
pub(crate) fn text_enums(draft: &mut Draft, mut taken: BTreeSet<String>) {
    type Key = (String, Vec<(Literal, String)>);
    // Where a field is: the operation (none for the shared types), the list of fields, the field.
    type At = (Option<usize>, usize, usize);
    let lists = |draft: &Draft, op: Option<usize>| -> Vec<(String, Vec<Field>)> {
        match op {
            Some(i) => {
                let o = &draft.operations[i];
                let mut out = vec![(o.name.clone(), o.request.clone()), (o.name.clone(), o.response.clone())];
                out.extend(o.types.iter().map(|t| (t.name.clone(), t.fields.clone().unwrap_or_default())));
                out
            }
            None => draft.types.types.iter().map(|t| (t.name.clone(), t.fields.clone().unwrap_or_default())).collect(),
        }
    };
    let places: Vec<Option<usize>> = (0..draft.operations.len()).map(Some).chain([None]).collect();
    // A user of the values: the name its enum is named after, the text, the values, where it is.
    type User = (String, String, Vec<(Literal, String)>, At);
    let mut groups: BTreeMap<Key, Vec<User>> = BTreeMap::new();
    for &op in &places {
        for (list, (stem, fields)) in lists(draft, op).into_iter().enumerate() {
            for (index, f) in fields.iter().enumerate() {
                let integer = match Spelled::parse(element(&f.ty)) {
                    Spelled::Scalar(TypeRef::String) => false,
                    Spelled::Scalar(t) if t.is_integer() => true,
                    _ => continue,
                };
                let Some(values) = listed_values(&f.description, integer) else { continue };
                let key =
                    values.iter().map(|(v, d)| (v.clone(), if integer { gist(d) } else { String::new() })).collect();
                groups.entry((f.name.clone(), key)).or_default().push((
                    stem.clone(),
                    f.description.clone(),
                    values,
                    (op, list, index),
                ));
            }
        }
    }
    for t in draft.operations.iter().flat_map(|o| &o.types).chain(&draft.types.types) {
        taken.insert(t.name.clone());
    }
    let wanted: Vec<(&str, &str)> = groups.iter().map(|((member, _), g)| (member.as_str(), g[0].0.as_str())).collect();
    let chosen = enum_names(&wanted, |name| {
        crate::names::type_name(name).is_ok()
            && crate::layout::reserved_type_name(name).is_none()
            && taken.insert(name.to_owned())
    });
    let mut named: BTreeMap<At, String> = BTreeMap::new();
    let mut defs = BTreeMap::new();
    for (((member, _), group), name) in groups.iter().zip(chosen) {
        let (_, text, values, _) = &group[0];
        defs.insert(name.clone(), enum_def(&name, member, text, values));
        for (_, _, _, at) in group {
            named.insert(*at, name.clone());
        }
    }
    for ((op, list, index), name) in named {
        let fields = match op {
            Some(i) => {
                let o = &mut draft.operations[i];
                match list {
                    0 => &mut o.request,
                    1 => &mut o.response,
                    t => o.types[t - 2].fields.get_or_insert_default(),
                }
            }
            None => draft.types.types[list].fields.get_or_insert_default(),
        };
        retype(&mut fields[index], &name);
    }
    place_enums(draft, defs);
}

/// The type of a list's elements, `list<Isp>` → `Isp`; any other type is its own.
fn element(ty: &str) -> &str {
    ty.strip_prefix("list<").and_then(|t| t.strip_suffix('>')).unwrap_or(ty)
}

/// Gives a drafted field the enum `name` in place of its scalar type, keeping
/// a list a list: `list<string>` becomes `list<Isp>`.
pub(crate) fn retype(f: &mut Field, name: &str) {
    f.ty = if f.ty.starts_with("list<") { format!("list<{name}>") } else { name.to_owned() };
}

/// An enum `name` of the values the text of member `member` lists: described
/// by what the text says before its list (`导播台主监输出的编码方式`), integer
/// values named `Value<n>` and strings no Rust name can be made of (`"0"`)
/// `Value<String>`, until a person names them by meaning.
pub(crate) fn enum_def(name: &str, member: &str, text: &str, values: &[(Literal, String)]) -> TypeDef {
    let integer = matches!(values[0].0, Literal::Integer(_));
    let first = text.lines().next().unwrap_or_default();
    let cut = LISTING_LEADS.iter().filter_map(|lead| first.find(lead)).min().unwrap_or(first.len());
    let mut first = first[..cut].trim().trim_end_matches(['，', '。', ',', ':', '：', '；', ' ']);
    // `聚合的时间粒度，单位为秒，支持的时间粒度如下所示`: a last clause that speaks of the list says nothing of the member.
    const OF_THE_LIST: &[&str] = &["如下", "以下", "支持的", "可能的", "参数", "常见", "含义"];
    while let Some(at) = first.rfind(['，', '。'])
        && OF_THE_LIST.iter().any(|w| first[at..].contains(w))
    {
        first = first[..at].trim_end_matches(['，', '。', ' ']);
    }
    // `0: 未开通导播台`: a text that starts with its list says nothing before it.
    let starts_listing = match &values[0].0 {
        Literal::Integer(n) => first.starts_with(&n.to_string()),
        Literal::String(v) => first.starts_with(v.as_str()),
    };
    let first = if starts_listing { "" } else { first };
    TypeDef {
        name: name.to_owned(),
        rust_name: None,
        description: if first.is_empty() { format!("`{member}` 的取值。") } else { format!("{first}。") },
        fields: None,
        enum_kind: Some(if integer { EnumKind::Integer } else { EnumKind::String }),
        values: Some(
            values
                .iter()
                .map(|(value, description)| EnumValue {
                    value: value.clone(),
                    rust_name: draft_rust_name(value),
                    description: if description.is_empty() {
                        match value {
                            Literal::Integer(n) => n.to_string(),
                            Literal::String(s) => Value::from(s.as_str()).to_string(),
                        }
                    } else {
                        description.clone()
                    },
                })
                .collect(),
        ),
    }
}

/// The Rust name a draft gives an enum value, until a person names it by
/// meaning: `Value<n>` for an integer (`ValueMinus<n>` below zero), and
/// `Value<String>` for a string no Rust name can be made of (`"0"`,
/// `"cn-north-4"`); none for a string the generator names itself.
pub(crate) fn draft_rust_name(value: &Literal) -> Option<String> {
    match value {
        Literal::Integer(n) if *n < 0 => Some(format!("ValueMinus{}", n.unsigned_abs())),
        Literal::Integer(n) => Some(format!("Value{n}")),
        Literal::String(s) => crate::names::type_name(s).is_err().then(|| format!("Value{}", s.to_upper_camel_case())),
    }
}

/// Puts each drafted enum where its users are: in the file of the one
/// operation that uses it, in `types.yaml` where several or a shared type do;
/// an enum no field uses is dropped. An integer enum carries a note that its
/// values are to be named.
pub(crate) fn place_enums(draft: &mut Draft, defs: BTreeMap<String, TypeDef>) {
    draft.text_enums.extend(defs.keys().cloned());
    fn refs(fields: &[Field], out: &mut BTreeSet<String>) {
        for f in fields {
            out.insert(element(&f.ty).to_owned());
        }
    }
    let mut shared = BTreeSet::new();
    for t in &draft.types.types {
        refs(t.fields.as_deref().unwrap_or_default(), &mut shared);
    }
    let by_op: Vec<BTreeSet<String>> = draft
        .operations
        .iter()
        .map(|op| {
            let mut out = BTreeSet::new();
            refs(&op.request, &mut out);
            refs(&op.response, &mut out);
            for t in &op.types {
                refs(t.fields.as_deref().unwrap_or_default(), &mut out);
            }
            out
        })
        .collect();
    for (name, def) in defs {
        let users: Vec<usize> = (0..by_op.len()).filter(|&i| by_op[i].contains(&name)).collect();
        let note = |def: &TypeDef| Note {
            subject: format!("types.{}", def.name),
            page: "The metadata's text gives each integer value a meaning in words only.".into(),
            choice: "Each value is named `Value<n>`.".into(),
            reason: "A draft cannot name a value by its meaning; the person reviewing it does.".into(),
            crosscheck: Vec::new(),
        };
        let integer = def.enum_kind == Some(EnumKind::Integer);
        match users.as_slice() {
            [one] if !shared.contains(&name) => {
                let op = &mut draft.operations[*one];
                if integer {
                    op.notes.push(note(&def));
                }
                op.types.push(def);
            }
            [] if !shared.contains(&name) => {}
            _ => {
                if integer {
                    draft.types.notes.push(note(&def));
                }
                draft.types.types.push(def);
            }
        }
    }
}

/// The members of `object` whose listed values `v` (a documented request's
/// parameters) holds a value outside of, with the action into `out`.
fn unlisted(
    api: &tencent::Api,
    object: &str,
    v: &Value,
    action: &str,
    out: &mut BTreeMap<(String, String), BTreeSet<String>>,
) {
    let Some(o) = api.objects.get(object) else { return };
    for m in &o.members {
        let Some(value) = v.get(&m.name) else { continue };
        let items = match value {
            Value::Array(items) => items.iter().collect(),
            one => vec![one],
        };
        for item in items {
            if let Some(inner) = m.object() {
                unlisted(api, inner, item, action, out);
            } else if let Some(values) = m.listed_values() {
                let listed = values.iter().any(|(l, _)| match (l, item) {
                    (Literal::Integer(n), Value::Number(x)) => x.as_i64() == Some(*n),
                    (Literal::String(s), Value::String(x)) => s == x,
                    _ => false,
                });
                if !listed {
                    out.entry((object.to_owned(), m.name.clone())).or_default().insert(action.to_owned());
                }
            }
        }
    }
}

/// Members the metadata says are always in an answer but a documented
/// example leaves out, by (object, member), with the actions whose examples do.
fn absent_in_examples(input: &TencentInput) -> BTreeMap<(String, String), BTreeSet<String>> {
    let mut out: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    let Some(examples) = &input.examples else { return out };
    for (name, list) in &examples.actions {
        let Some(action) = input.api.actions.get(name) else { continue };
        for ex in list {
            let Ok(v) = serde_json::from_str::<Value>(&ex.output) else { continue };
            if v["Response"]["Error"].is_object() {
                continue;
            }
            let mut absent = Vec::new();
            walk_absent(&input.api, &action.output, &v["Response"], &mut absent);
            for key in absent {
                out.entry(key).or_default().insert(name.clone());
            }
        }
    }
    out
}

fn walk_absent(api: &tencent::Api, object: &str, v: &Value, absent: &mut Vec<(String, String)>) {
    let (Some(o), Value::Object(map)) = (api.objects.get(object), v) else { return };
    for m in &o.members {
        match map.get(&m.name) {
            // Required in the draft: always in answers and, for a type used both ways, in requests.
            None if m.output_required == Some(true) && m.required.unwrap_or(true) => {
                absent.push((object.to_owned(), m.name.clone()));
            }
            Some(v) => {
                if let Some(inner) = m.object() {
                    match v {
                        Value::Array(items) => items.iter().for_each(|item| walk_absent(api, inner, item, absent)),
                        v => walk_absent(api, inner, v, absent),
                    }
                }
            }
            None => {}
        }
    }
}

/// The paging of an action whose request names a page (or an offset) and a
/// size by the conventional names, over its one list of records, with the
/// response's total where it reports one, itself or in a struct of `types`
/// (Volcengine's `Pagination.TotalCount`). Lists that echo a request field of the
/// same name (the filters asked for) are not the records. Where the fields are
/// there but do not make paging (not integers, no list, several lists), a note
/// says why the draft declares none.
pub(crate) fn paging(
    action: &str,
    request: &[Field],
    response: &[Field],
    types: &[TypeDef],
    notes: &mut Vec<Note>,
) -> Option<Paging> {
    use crate::conventions::{OFFSET, PAGE_NUMBER, PAGE_SIZE, TOTAL_ITEMS, TOTAL_PAGES, lists};
    let integer = |f: &&Field| matches!(Spelled::parse(&f.ty), Spelled::Scalar(t) if t.is_integer());
    let named = |fields: &[Field], names: &[&str]| fields.iter().find(|f| names.contains(&f.name.as_str())).cloned();
    let number = named(request, PAGE_NUMBER);
    let offset = named(request, OFFSET);
    let size = named(request, PAGE_SIZE);
    let (Some(start), Some(size)) = (number.clone().or(offset.clone()), size) else { return None };
    let records: Vec<&Field> = response
        .iter()
        .filter(|f| f.envelope.is_none() && f.ty.starts_with("list<") && !f.name.starts_with("Total"))
        .filter(|f| !matches!(Spelled::parse(&f.ty), Spelled::List(inner) if matches!(Spelled::parse(inner), Spelled::Scalar(_))))
        .filter(|f| !request.iter().any(|r| r.name == f.name))
        .collect();
    let why_not = match records.as_slice() {
        _ if !integer(&&start) || !integer(&&size) => Some(format!(
            "`{}` and `{}` are {} and {} in the metadata, not integers",
            start.name, size.name, start.ty, size.ty
        )),
        [] => Some("the response holds no list of records".to_owned()),
        [_] => None,
        many => Some(format!(
            "the response holds several lists ({})",
            many.iter().map(|f| format!("`{}`", f.name)).collect::<Vec<_>>().join(", ")
        )),
    };
    if let Some(why) = why_not {
        if lists(action) {
            notes.push(Note {
                subject: "paging".into(),
                page: format!("The request has `{}` and `{}`, but {why}.", start.name, size.name),
                choice: "The spec declares no paging; callers set the fields themselves.".into(),
                reason: "A stream of pages needs integer counters and one list to collect.".into(),
                crosscheck: Vec::new(),
            });
        }
        return None;
    }
    let by_offset = number.is_none();
    // A total of the response itself, else one in a struct it holds (`Pagination.TotalCount`).
    let total = |names: &[&str]| {
        named(response, names).filter(|f| integer(&f)).map(|f| f.name).or_else(|| {
            response.iter().find_map(|holder| {
                let fields = types.iter().find(|t| t.name == holder.ty)?.fields.as_ref()?;
                let inner = named(fields, names).filter(|f| integer(&f))?;
                Some(format!("{}.{}", holder.name, inner.name))
            })
        })
    };
    let pages = if by_offset { None } else { total(TOTAL_PAGES) };
    let items = total(TOTAL_ITEMS);
    Some(Paging {
        page_number: number.map(|f| f.name),
        page_index: None,
        offset: if by_offset { offset.map(|f| f.name) } else { None },
        page_size: size.name,
        total_pages: pages.clone(),
        total_items: if pages.is_some() { None } else { items },
        items: records[0].name.clone(),
    })
}

/// The first sentence of the description, else the action's title.
fn summary(text: &str, title: &str) -> String {
    let first = text.lines().next().unwrap_or_default();
    let end = first.find('。').map_or(first.len(), |i| i + '。'.len_utf8());
    let sentence = first[..end].trim();
    if sentence.is_empty() { title.to_owned() } else { sentence.to_owned() }
}

/// A retired action: the metadata's text says "该接口已下线" (this action is
/// offline) and names its replacement ("请使用新接口 X").
fn legacy(text: &str) -> Option<Legacy> {
    if !text.contains("已下线") {
        return None;
    }
    let replacement = text
        .split_once("新接口")
        .map(|(_, rest)| rest.trim_start().chars().take_while(char::is_ascii_alphanumeric).collect::<String>());
    let sentence = text
        .split(['。', '\n'])
        .find(|s| s.contains("已下线"))
        .map_or_else(|| text.to_owned(), |s| format!("{}。", s.trim()));
    Some(Legacy {
        text: sentence,
        retired: true,
        maintenance_ends: None,
        docs_offline: None,
        replacement: replacement.filter(|r| !r.is_empty()),
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

/// The members of a request or response object as spec fields.
fn fields(api: &tencent::Api, object: &str, side: Side) -> Vec<Field> {
    let Some(o) = api.objects.get(object) else { return Vec::new() };
    o.members
        .iter()
        .map(|m| {
            let mut f = field(m, Some(side));
            if side == Side::Response && m.name == "RequestId" && m.output_required.is_none() {
                f.required = true;
                f.envelope = Some(crate::spec::EnvelopeRole::RequestId);
            }
            f
        })
        .collect()
}

/// A member as a spec field; `side` is `None` for a field of a named type,
/// whose object's `usage` says which flags apply.
fn field(m: &tencent::Member, side: Option<Side>) -> Field {
    let (required, nullable) = match side {
        Some(Side::Request) => (m.required.unwrap_or(false), false),
        Some(Side::Response) => (m.output_required.unwrap_or(false), m.value_allowed_null.unwrap_or(false)),
        // A type used both ways: required only where both directions say so.
        None => {
            (m.required.unwrap_or(true) && m.output_required.unwrap_or(true), m.value_allowed_null.unwrap_or(false))
        }
    };
    let mut example = m.example_value();
    let mut constraints = (m.member == "datetime")
        .then(|| crate::spec::Constraints { format: Some("yyyy-MM-dd HH:mm:ss".into()), ..Default::default() })
        .filter(|_| matches!(&example, Some(Value::String(s)) if looks_like_space_datetime(s)));
    if m.member == "datetime" && constraints.is_none() {
        example = example.filter(|_| false);
    }
    // A request parameter's length limit is checked before sending; elsewhere it stays in the description.
    if side == Some(Side::Request)
        && m.spec_type() == "string"
        && let Some(limit) = length_limit(&html::to_text(&m.document))
    {
        let c = constraints.get_or_insert_with(Default::default);
        match limit {
            (n, LengthUnit::Chars) => c.max_chars = Some(n),
            (n, LengthUnit::Bytes) => c.max_bytes = Some(n),
        }
    }
    Field {
        name: m.name.clone(),
        rust_name: None,
        location: None,
        ty: m.spec_type(),
        required,
        nullable,
        envelope: None,
        auth: false,
        description: sdk::described(&html::to_text(&m.document), &m.member),
        example,
        constraints,
        explode: false,
        sensitive: false,
    }
}

/// The maximum length a member's text states, if it states one: "最长30字节",
/// "长度上限：255字节", "最长不超过500字". 字节 counts bytes; 字符, 字 and 位 count
/// characters, and so does a length (长度) whose unit the text leaves out: a
/// limit in characters is never stricter than the same number in bytes, so the
/// check refuses nothing the service would take. "最长30天" is a time, not a length.
pub(crate) fn length_limit(text: &str) -> Option<(u32, LengthUnit)> {
    const LEADS: &[&str] = &["长度上限", "长度限制", "最大允许长度", "最大长度", "长度不超过", "最长不超过", "最长"];
    for (at, lead) in LEADS.iter().flat_map(|lead| text.match_indices(lead)) {
        let rest = text[at + lead.len()..].trim_start_matches([' ', '：', ':', '为']);
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let Ok(n) = rest[..digits].parse::<u32>() else { continue };
        let unit = rest[digits..].trim_start_matches([' ', '个']);
        let unit = if unit.starts_with("字节") || unit.starts_with("byte") {
            LengthUnit::Bytes
        } else if unit.starts_with(['字', '位']) || unit.starts_with("char") {
            LengthUnit::Chars
        } else if lead.contains("长度") && unit.chars().next().is_none_or(|c| !c.is_alphanumeric()) {
            // "最大允许长度512。": a length, its unit left out.
            LengthUnit::Chars
        } else {
            continue; // "最长30天" is no length
        };
        return Some((n, unit));
    }
    None
}

/// The words after which a text lists a member's values.
const LISTING_LEADS: &[&str] = &["枚举值", "可取值", "可选值", "可选择", "取值"];

/// What may stand between a lead and a list on the lines that follow it
/// (`取值如下：`, `取值及含义如下所示。`).
const FOLLOWS: &[&str] = &["及含义如下所示", "即含义如下所示", "及含义如下", "如下所示", "如下"];

/// The values a member's text lists, each with what the text says of it, when
/// the text lists them in a form that cannot be misread:
///
/// - after `枚举值：`, `可取值：`, `可选值：`, `可选择：` or `取值：` (`取值范围` is a
///   range; `取值为 301、302` a default), either one value per line
///   (`- h264： h264编码`, `* fuzzy：模糊匹配；`, `0-直播推流。`) or the values on
///   the same line, separated by `、`, `，`, `,` or `；` (`on、off。`,
///   `Review 疑似，Block 违规。`, `[0, 128, 192, 256]`);
/// - after a lead that says the list follows (`取值如下：`,
///   `支持的取值及含义如下所示。`), one value per line;
/// - a value is ASCII (letters, digits, `_`, `.`, spaces between words), and
///   an integer where the member is one; what follows it is its description,
///   after `：`, `:`, `-`, a space or in parentheses, up to a page's note
///   (`:::tip … :::`);
/// - the list ends at the first line or item that is not such a value; a
///   bullet that is none (`* 大于 0：间隔`) leaves the list unread;
/// - without a lead, one per line as `value：meaning` (see [`unled_values`]).
///
/// Fewer than two values is no list (a text that names one value of several
/// it describes is no enumeration to trust), and neither is a list with a
/// value joined by `|` (a combination of values, not one of them).
pub(crate) fn listed_values(text: &str, integer: bool) -> Option<Vec<(Literal, String)>> {
    const LEADS: &[&str] = LISTING_LEADS;
    // Where each lead ends, and the text before it (`可取值` holds `取值`: the longer lead counts).
    let mut starts: BTreeMap<usize, usize> = BTreeMap::new();
    for lead in LEADS {
        for (at, _) in text.match_indices(lead) {
            starts.entry(at + lead.len()).or_insert(at);
        }
    }
    for (start, lead_at) in starts {
        // `cacheKey 可取值：`: the values of a part the text names, not of the member;
        // `包含如下部分取值：`: some of the values, not all.
        let before = text[..lead_at].trim_end();
        if before.ends_with(|c: char| c.is_ascii_alphanumeric()) || before.ends_with("部分") {
            continue;
        }
        let mut rest = &text[start..];
        // `可取值（与 AuthenticateDomainOwner 接口的 VerifyType 参数一致。）：`
        if let Some(inner) = rest.strip_prefix('（') {
            let Some(close) = inner.find('）') else { continue };
            rest = &inner[close + '）'.len_utf8()..];
        }
        // `取值如下：`, `取值及含义如下所示。`: the list follows on the next lines.
        let (rest, follows) = match FOLLOWS.iter().find_map(|f| rest.strip_prefix(f)) {
            Some(after) => match after.strip_prefix(['：', ':', '。']) {
                Some(after) => (after, true),
                None => continue,
            },
            // `取值为 301、302 和 306` is a default, not a list; `可选值为：` leads one.
            None => match rest.trim_start_matches('为').strip_prefix(['：', ':']) {
                Some(after) => (after, false),
                None => continue,
            },
        };
        let rest = rest.trim_start_matches(' ');
        let values = if let Some(lines) = rest.strip_prefix('\n') {
            let mut values = Vec::new();
            for line in lines.lines() {
                let line = line.trim();
                let item = line.strip_prefix("- ").or_else(|| line.strip_prefix("* "));
                let Some(value) = listed_value(item.unwrap_or(line).trim(), integer) else {
                    // `* 大于 0：断流拼接时间间隔`: an item that is no value leaves the list unread.
                    if item.is_some() {
                        values.clear();
                    }
                    break;
                };
                values.push(value);
            }
            values
        } else if let Some(items) = rest.strip_prefix("- ") {
            // `包含如下取值： - 3：只检查 LiveID。 - 5：检查 LiveID 与时间戳。  其他说明`: the
            // lines of a list joined by the SDK, its paragraphs by two spaces.
            let mut values = Vec::new();
            for item in items.split(" - ") {
                let item = item.split("  ").next().unwrap_or_default().trim();
                let Some(value) = listed_value(item, integer) else {
                    values.clear();
                    break;
                };
                values.push(value);
            }
            values
        } else if follows {
            Vec::new()
        } else {
            let line = rest.lines().next().unwrap_or_default();
            let line = line.split('。').next().unwrap_or_default();
            let line = line.trim().trim_start_matches('[').trim_end_matches(']');
            line.split(['、', '，', ',', '；', ';'])
                .map(|item| listed_value(item.trim(), integer))
                .take_while(Option::is_some)
                .flatten()
                .collect()
        };
        if is_enumeration(&values) {
            return Some(values);
        }
    }
    unled_values(text, integer)
}

/// Values listed without a lead, one per line as `value：meaning` (`域名类型，` then
/// `0：推流域名，` and `1：播放域名。`): the text's only run of such lines, of two
/// or more, in a text that says nothing of other values (其他, 其它, 以外, 以上,
/// 大于, `>`).
fn unled_values(text: &str, integer: bool) -> Option<Vec<(Literal, String)>> {
    const OPEN: &[&str] = &["其他", "其它", "以外", "以上", "大于", ">"];
    if OPEN.iter().any(|w| text.contains(w)) {
        return None;
    }
    let item = |line: &str| {
        let line = line.trim();
        let line = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")).unwrap_or(line).trim();
        let (value, description) = listed_value(line, integer)?;
        let token = match &value {
            Literal::Integer(n) => n.to_string(),
            Literal::String(s) => s.clone(),
        };
        let after = line.trim_start_matches(['"', '“', '”']).get(token.len()..)?.trim_start();
        after.starts_with([':', '：']).then_some((value, description))
    };
    let mut runs: Vec<Vec<(Literal, String)>> = Vec::new();
    let mut open = false;
    for line in text.lines() {
        match item(line) {
            Some(v) if open => runs.last_mut()?.push(v),
            Some(v) => {
                runs.push(vec![v]);
                open = true;
            }
            None => open = false,
        }
    }
    let [values] = <[_; 1]>::try_from(runs).ok()?;
    is_enumeration(&values).then_some(values)
}

/// Whether values read from a text make an enumeration: two or more, none
/// twice, none a combination of others (`a|b`).
fn is_enumeration(values: &[(Literal, String)]) -> bool {
    let distinct: BTreeSet<&Literal> = values.iter().map(|(v, _)| v).collect();
    let joined = values.iter().any(|(v, _)| matches!(v, Literal::String(s) if s.contains('|')));
    values.len() >= 2 && distinct.len() == values.len() && !joined
}

/// One item of a listed enumeration: the value and its description.
fn listed_value(item: &str, integer: bool) -> Option<(Literal, String)> {
    let item = item.trim_start_matches(['"', '“', '”']);
    let chars: Vec<(usize, char)> = item.char_indices().collect();
    let mut end = 0;
    for (i, &(at, c)) in chars.iter().enumerate() {
        let next_is_word = chars.get(i + 1).is_some_and(|(_, n)| n.is_ascii_alphanumeric());
        let word =
            c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '|') || (matches!(c, '-' | ' ') && next_is_word);
        if !word {
            break;
        }
        end = at + c.len_utf8();
    }
    let value = item[..end].trim_end_matches('.');
    if value.is_empty() {
        return None;
    }
    let after = item[value.len()..].trim_start_matches(['"', '“', '”']);
    let spaced = after.starts_with(' ');
    let after = after.trim_start();
    let description = if after.is_empty() {
        ""
    } else if let Some(d) = after.strip_prefix(['：', ':']) {
        d
    } else if let Some(d) = after.strip_prefix(['（', '(']) {
        // `Global（默认值）`, `formal(默认): 解绑正式规则`
        let close = d.find([')', '）'])?;
        let (inner, rest) = (&d[..close], d[close..].chars().skip(1).collect::<String>());
        let rest = rest.trim_start_matches([':', '：', ' ']).trim().trim_end_matches(['。', '，', '；', ',', ';']);
        return Some((
            literal(value, integer)?,
            if rest.is_empty() { inner.trim().to_owned() } else { format!("{}：{rest}", inner.trim()) },
        ));
    } else if let Some(d) = after.strip_prefix("--").or_else(|| after.strip_prefix('-')) {
        d
    } else if spaced && !after.starts_with(|c: char| c.is_ascii()) {
        after
    } else {
        return None;
    };
    // `0: "断流",`; `1：录制。:::tip 转码流和源流需至少选一个 :::` (a note of the page's, not the value's)
    let description = description.split(":::").next().unwrap_or_default();
    let description = description.trim().trim_end_matches(['。', '，', '；', ',', ';']).trim();
    let description = description.strip_prefix('"').and_then(|d| d.strip_suffix('"')).unwrap_or(description);
    // `Text：文本ShortAudio：音频`: a description naming another value is a list misread.
    let names_another = description
        .char_indices()
        .any(|(at, c)| matches!(c, '：' | ':') && description[..at].ends_with(|p: char| p.is_ascii_alphabetic()));
    if names_another {
        return None;
    }
    Some((literal(value, integer)?, description.to_owned()))
}

fn literal(value: &str, integer: bool) -> Option<Literal> {
    Some(if integer { Literal::Integer(value.parse().ok()?) } else { Literal::String(value.to_owned()) })
}

fn looks_like_space_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 19
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b' ',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        })
}

/// A data object as a named struct type; the members in `relaxed` are optional.
fn type_def(api: &tencent::Api, name: &str, relaxed: &BTreeMap<(String, String), BTreeSet<String>>) -> Option<TypeDef> {
    let o = api.objects.get(name)?;
    let side = match o.usage.as_deref() {
        Some("in") => Some(Side::Request),
        Some("out") => Some(Side::Response),
        _ => None,
    };
    let description = html::to_text(&o.document);
    Some(TypeDef {
        name: name.to_owned(),
        rust_name: None,
        description: if description.is_empty() { name.to_owned() } else { description },
        fields: Some(
            o.members
                .iter()
                .map(|m| {
                    let mut f = field(m, side);
                    f.required &= !relaxed.contains_key(&(name.to_owned(), m.name.clone()));
                    f
                })
                .collect(),
        ),
        enum_kind: None,
        values: None,
    })
}

/// A documented example: its request's parameters, and its response verbatim.
fn example(api: &tencent::Api, request: &str, ex: &tencent::ExampleText, notes: &mut Vec<Note>) -> Example {
    let response: Option<Value> = serde_json::from_str(&ex.output).ok();
    let is_error = response.as_ref().is_some_and(|v| v["Response"]["Error"].is_object());
    let params = if is_error {
        None
    } else {
        let mut coerced = Vec::new();
        match tencent::example_params(api, request, &ex.input, &mut coerced) {
            Ok(params) => {
                if !coerced.is_empty() {
                    let names: Vec<String> = coerced.iter().map(|c| format!("`{c}`")).collect();
                    notes.push(Note {
                        subject: format!("example {:?}", ex.title),
                        page: format!(
                            "The example's body writes {} as strings; the metadata types them as numbers or booleans.",
                            names.join(", ")
                        ),
                        choice: "The example's parameters hold them in the metadata's type.".into(),
                        reason: "The typed request sends the metadata's type; the request text stays verbatim.".into(),
                        crosscheck: Vec::new(),
                    });
                }
                Some(params)
            }
            Err(problem) => {
                notes.push(Note {
                    subject: format!("example {:?}", ex.title),
                    page: format!("The example's request cannot be read as the request's parameters: {problem}."),
                    choice: "The example keeps its request text but declares no parameters.".into(),
                    reason: "The generated tests build requests from declared parameters only.".into(),
                    crosscheck: Vec::new(),
                });
                None
            }
        }
    };
    Example {
        title: ex.title.clone(),
        params,
        request: Some(unix_lines(&ex.input)),
        status: 200,
        response: unix_lines(&ex.output),
        constructed: false,
    }
}

/// `\r\n` line ends as `\n`: the pages show lines, not carriage returns.
fn unix_lines(text: &str) -> String {
    text.replace("\r\n", "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_are_read_from_the_text_with_their_unit() {
        assert_eq!(length_limit("水印名称。\n最长30字节。"), Some((30, LengthUnit::Bytes)));
        assert_eq!(length_limit("模板名称。 长度上限：255字节。"), Some((255, LengthUnit::Bytes)));
        assert_eq!(length_limit("临时话术，最长不超过500字。"), Some((500, LengthUnit::Chars)));
        assert_eq!(length_limit("描述，最大允许长度256字符。"), Some((256, LengthUnit::Chars)));
        // No unit: characters, the looser reading.
        assert_eq!(length_limit("导播台的描述 最大允许长度256"), Some((256, LengthUnit::Chars)));
        assert_eq!(length_limit("原因。长度限制：2048字节。"), Some((2048, LengthUnit::Bytes)));
        // Times and counts are not lengths.
        assert_eq!(length_limit("最长支持7天内生效。"), None);
        assert_eq!(length_limit("录制时长，最长30天。"), None);
        assert_eq!(length_limit("返回克隆形象的个数（最多20个）"), None);
        assert_eq!(length_limit("最长"), None);
    }

    fn input() -> TencentInput {
        let api: tencent::Api = serde_json::from_value(serde_json::json!({
            "metadata": {"apiVersion": "2018-08-01", "serviceShortName": "live"},
            "actions": {
                "DescribeThings": {"document": "<p>查询东西。第二句。</p>", "input": "DescribeThingsRequest",
                                   "output": "DescribeThingsResponse", "name": "查询东西", "status": "online"},
                "OldThing": {"document": "旧接口。该接口已下线,请使用新接口 DescribeThings。", "input": "OldThingRequest",
                             "output": "OldThingResponse", "name": "旧接口", "status": "online"},
                "Quiet": {"document": "", "input": "QuietRequest", "output": "QuietResponse", "name": "无说明", "status": "online"}
            },
            "objects": {
                "DescribeThingsRequest": {"members": [
                    {"name": "PageNum", "member": "uint64", "type": "int", "required": false, "document": "页码。", "example": "1"},
                    {"name": "PageSize", "member": "uint64", "type": "int", "required": false, "document": "大小。", "example": "无"}]},
                "DescribeThingsResponse": {"members": [
                    {"name": "TotalPage", "member": "uint64", "type": "int", "output_required": true, "value_allowed_null": false, "document": "页数。"},
                    {"name": "Things", "member": "Thing", "type": "list", "output_required": true, "value_allowed_null": false, "document": "东西。"},
                    {"name": "RequestId", "member": "string", "type": "string", "document": "请求 ID。"}]},
                "OldThingRequest": {"members": []},
                "QuietRequest": {"members": [
                    {"name": "Id", "member": "string", "type": "string", "required": true, "document": ""}]},
                "QuietResponse": {"members": [
                    {"name": "RequestId", "member": "string", "type": "string", "document": "请求 ID。"}]},
                "OldThingResponse": {"members": [
                    {"name": "Thing", "member": "Thing", "type": "object", "output_required": false, "value_allowed_null": true, "document": "东西。"},
                    {"name": "RequestId", "member": "string", "type": "string", "document": "请求 ID。"}]},
                "Thing": {"usage": "out", "document": "一个东西。", "members": [
                    {"name": "Id", "member": "string", "type": "string", "output_required": true, "value_allowed_null": false, "document": "ID。"},
                    {"name": "Size", "member": "int64", "type": "int", "output_required": true, "value_allowed_null": true, "document": "大小。"}]}
            }
        }))
        .unwrap();
        let examples: tencent::Examples = serde_json::from_value(serde_json::json!({"actions": {
            "DescribeThings": [{"title": "例", "input": "https://live.tencentcloudapi.com/?Action=DescribeThings\r\n&PageNum=1\r\n&<公共请求参数>",
                                "output": "{\"Response\": {\"TotalPage\": 1, \"Things\": [{\"Id\": \"a\"}], \"RequestId\": \"r\"}}"}]
        }}))
        .unwrap();
        TencentInput {
            api,
            examples: Some(examples),
            error_descriptions: BTreeMap::from([("InternalError".to_owned(), "内部错误。".to_owned())]),
            action_errors: BTreeMap::from([("DescribeThings".to_owned(), vec!["InternalError".to_owned()])]),
            metadata: Metadata { package: "tccli==1".into(), file: "api.json".into(), date: "2026-12-02".into() },
        }
    }

    /// The service's common codes, as `xtask import` resolves them (its own or
    /// its lender's).
    fn common() -> Vec<ErrorCode> {
        vec![ErrorCode {
            code: "RequestLimitExceeded".into(),
            rust_name: None,
            description: "请求的次数超过了频率限制。".into(),
            http_status: None,
            numeric_code: None,
            retryable: true,
        }]
    }

    #[test]
    fn an_action_code_without_its_own_text_takes_the_common_codes_text_and_retry_flag() {
        let mut input = input();
        input.action_errors.get_mut("DescribeThings").unwrap().push("RequestLimitExceeded".into());
        let draft = draft_tencent(&input, &common());
        let errors = &draft.operations[0].errors;
        let limit = errors.iter().find(|e| e.code == "RequestLimitExceeded").unwrap();
        assert_eq!(limit.description, "请求的次数超过了频率限制。");
        assert!(limit.retryable);
        let internal = errors.iter().find(|e| e.code == "InternalError").unwrap();
        assert_eq!(internal.description, "内部错误。");
        assert!(!internal.retryable);
        // Without the common codes the same code has no text and is not retried.
        let bare = draft_tencent(&input, &[]);
        let limit = bare.operations[0].errors.iter().find(|e| e.code == "RequestLimitExceeded").unwrap();
        assert_eq!((limit.description.as_str(), limit.retryable), ("错误码来源未给出说明。", false));
    }

    #[test]
    fn a_draft_holds_what_the_metadata_says() {
        let draft = draft_tencent(&input(), &common());
        let [describe, old, quiet] = &draft.operations[..] else { panic!("{:?}", draft.operations) };
        // Metadata without text (older tccli releases leave whole products blank) still drafts a
        // spec that lints: the title stands for the description, and a field says it has none.
        assert_eq!((quiet.summary.as_str(), quiet.description.as_str()), ("无说明", "无说明"));
        assert_eq!(quiet.request[0].description, "（SDK 未给出说明，类型 `string`。）");
        assert_eq!(describe.summary, "查询东西。");
        assert_eq!(describe.source.metadata.as_ref().unwrap().package, "tccli==1");
        assert_eq!(describe.request[0].ty, "u64", "uint64 keeps its width");
        assert_eq!(describe.request[0].example, Some(serde_json::json!(1)));
        assert_eq!(describe.request[1].example, None, "\"无\" is no example");
        assert_eq!(describe.response[2].envelope, Some(crate::spec::EnvelopeRole::RequestId));
        // Paging by the conventional names, with the page count.
        let paging = describe.paging.as_ref().unwrap();
        assert_eq!(
            (paging.page_number.as_deref(), paging.total_pages.as_deref()),
            (Some("PageNum"), Some("TotalPage"))
        );
        // The example's parameters, read from the GET text; line ends are the page's, not carriage returns.
        let example = &describe.examples[0];
        assert_eq!(example.params.as_ref().unwrap()["PageNum"], serde_json::json!(1));
        assert!(!example.request.as_ref().unwrap().contains('\r'));
        assert_eq!(describe.errors[0].description, "内部错误。");
        // Two actions use Thing: it is shared, in types.yaml; the example leaves out Size, which the
        // metadata says is always present: the draft makes it optional and says so.
        assert!(describe.types.is_empty());
        let thing = &draft.types.types[0];
        assert_eq!(thing.name, "Thing");
        let size = &thing.fields.as_ref().unwrap()[1];
        assert!(!size.required && size.nullable);
        assert_eq!(draft.types.notes[0].crosscheck, ["types.Thing.Size: required"]);
        // Retired, with its replacement; no codes in client.go: a note says so.
        let legacy = old.legacy.as_ref().unwrap();
        assert_eq!(legacy.replacement.as_deref(), Some("DescribeThings"));
        assert!(old.errors.is_empty() && old.notes.iter().any(|n| n.subject == "errors"));
    }

    fn strings(list: &[(Literal, String)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(v, d)| match v {
                Literal::String(s) => (s.clone(), d.clone()),
                Literal::Integer(n) => (n.to_string(), d.clone()),
            })
            .collect()
    }

    #[test]
    fn listed_values_are_read_only_where_the_text_cannot_be_misread() {
        let list = |html: &str, integer: bool| listed_values(&html::to_text(html), integer).map(|l| strings(&l));
        let pairs =
            |items: &[(&str, &str)]| Some(items.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect());
        // One per list item, one per line, or several on one line.
        assert_eq!(
            list(
                "<p>编码方式</p><p>枚举值：</p><ul><li>h264： h264编码</li><li>h265： h265编码</li></ul><p>默认值：h264</p>",
                false
            ),
            pairs(&[("h264", "h264编码"), ("h265", "h265编码")])
        );
        assert_eq!(
            list("推流类型，默认0。\n取值：\n0-直播推流。\n1-合成流。", true),
            pairs(&[("0", "直播推流"), ("1", "合成流")])
        );
        assert_eq!(list("时间戳修正，可取值：on、off。<br>当原站…", false), pairs(&[("on", ""), ("off", "")]));
        assert_eq!(list("可取值：Review 疑似，Block 违规。", false), pairs(&[("Review", "疑似"), ("Block", "违规")]));
        assert_eq!(
            list("可选值：[0, 128, 192, 256]", true),
            pairs(&[("0", ""), ("128", ""), ("192", ""), ("256", "")])
        );
        assert_eq!(
            list("可取值：Chinese（默认值），English，目前国家，省份和运营商支持多语言。", false),
            pairs(&[("Chinese", "默认值"), ("English", "")])
        );
        assert_eq!(
            list("枚举值：\ngray: 解绑灰度规则\nformal(默认): 解绑正式规则\n\n不传则为formal", false),
            pairs(&[("gray", "解绑灰度规则"), ("formal", "默认：解绑正式规则")])
        );
        assert_eq!(
            list("<p>可取值：</p><ul><li>blur face： 人脸模糊</li><li>blur license plate： 车牌模糊</li></ul>", false),
            pairs(&[("blur face", "人脸模糊"), ("blur license plate", "车牌模糊")])
        );
        // What is no enumeration: a range, one value, a combination, the values of a named part,
        // a description that runs into the next value, a value not of the member's type.
        assert_eq!(list("分页大小，取值：10 ～ 100 之间的任意整数。", true), None);
        assert_eq!(list("取值范围[0，2000]。", true), None);
        assert_eq!(list("缩放，取值：0-9， 值越大，越缩小。", true), None);
        assert_eq!(list("<p>枚举值：</p><ul><li>FINISHED： 1</li></ul>", false), None);
        assert_eq!(list("<p>枚举值：</p><ul><li>a|b： 复选</li><li>a： 一</li></ul>", false), None);
        assert_eq!(
            list("数组元素格式：cacheKey:interval<br>cacheKey 可取值：cache_400_sec、cache_403_sec。", false),
            None
        );
        assert_eq!(list("策略类型，可选值：<br>Text：文本ShortAudio：音频<br>Image:<br>图片。", false), None);
        assert_eq!(list("可取值：on、off。", true), None);
        assert_eq!(list("可取值：a、a。", false), None, "a value listed twice");
        // Without a lead: one `value：meaning` per line, the text's only such run.
        assert_eq!(
            list("<p>域名类型，<br>0：推流域名，<br>1：播放域名。</p>", true),
            pairs(&[("0", "推流域名"), ("1", "播放域名")])
        );
        assert_eq!(
            list("0: 未开通导播台\n1:开通了导播台", true),
            pairs(&[("0", "未开通导播台"), ("1", "开通了导播台")])
        );
        assert_eq!(list("当前状态:\n-1：已过期。\n1： 生效中。", true), pairs(&[("-1", "已过期"), ("1", "生效中")]));
        assert_eq!(list("事件类型。\n0: \"断流\",\n1: \"推流\"", true), pairs(&[("0", "断流"), ("1", "推流")]));
        // ... but not where the text speaks of other values, or lists in two places.
        assert_eq!(
            list("上传状态，0 表示成功，其他表示失败。\n10101: url 解码失败。\n10102: url 解析失败。", true),
            None
        );
        assert_eq!(list("循环次数。\n-1：无限循环。\n0：不循环。\n>0：具体循环次数。", true), None);
        assert_eq!(list("事件：\nA：一，\nB：二。\n\n说明\nC：三", false), None);
        // Bullets after a lead that says the list follows (Volcengine's Go comments).
        assert_eq!(
            list("是否开启 HTTP/2 协议。取值如下：\n* on: 开启。\n* off: 关闭。", false),
            pairs(&[("on", "开启"), ("off", "关闭")])
        );
        assert_eq!(
            list("时间戳进制。取值如下：\n* 2：二进制\n* 16：十六进制\n:::tip 推流时固定为 10。 :::", true),
            pairs(&[("2", "二进制"), ("16", "十六进制")])
        );
        assert_eq!(
            list("查询方式，支持的取值及含义如下所示。\n* fuzzy：模糊匹配；\n* strict：精准匹配。", false),
            pairs(&[("fuzzy", "模糊匹配"), ("strict", "精准匹配")])
        );
        assert_eq!(
            list("查询类型，枚举值：\n* Domain\n* Stream（默认值）", false),
            pairs(&[("Domain", ""), ("Stream", "默认值")])
        );
        assert_eq!(
            list("录制，取值如下：\n* 0：不录制；\n* 1：录制。:::tip 至少录制一种流。 :::", true),
            pairs(&[("0", "不录制"), ("1", "录制")]),
            "a page's note is not the value's"
        );
        assert_eq!(
            list("在线人数类型，支持如下枚举值： Online：瞬时链接数； Viewer（默认值）：链接总数。", false),
            pairs(&[("Online", "瞬时链接数"), ("Viewer", "默认值：链接总数")])
        );
        assert_eq!(list("无序号：\n* 一\n* 二", false), None);
        // A bullet that is no value leaves the list unread: `大于 0` is an open set.
        assert_eq!(list("拼接时长，取值如下所示。\n* -1：一直拼接；\n* 0：不拼接；\n* 大于 0：间隔。", true), None);
        // `取值为 301、302 和 306` is a default, not the list, which follows.
        assert_eq!(
            list(
                "审核标签，缺省情况下取值为 301、302 和 306，支持的取值及含义如下。\n* 301：涉黄；\n* 302：涉敏；\n* 306：违禁。",
                false
            ),
            pairs(&[("301", "涉黄"), ("302", "涉敏"), ("306", "违禁")])
        );
        // A list whose lines the SDK joined (Huawei's texts).
        assert_eq!(
            list("检查级别。 包含如下取值： - 3：只检查LiveID。 - 5：检查LiveID和时间戳。", true),
            pairs(&[("3", "只检查LiveID"), ("5", "检查LiveID和时间戳")])
        );
        assert_eq!(
            list("运营商列表，取值如下： - CMCC ：移动 - CTCC ： 电信 - OTHER ：其他  不填写查询所有运营商。", false),
            pairs(&[("CMCC", "移动"), ("CTCC", "电信"), ("OTHER", "其他")])
        );
        assert_eq!(
            list("推流类型，取值如下：  - 0：表示主播推流  - 1：表示第三方推流", true),
            pairs(&[("0", "表示主播推流"), ("1", "表示第三方推流")])
        );
        assert_eq!(
            list("延时，单位：ms。  包含如下取值： - 2000（低）。 - 4000（中）。", true),
            pairs(&[("2000", "低"), ("4000", "中")])
        );
        assert_eq!(
            list("区域代码。 包含如下部分取值： - CN-IN：中国大陆 - CN-HK：中国香港", false),
            None,
            "some of the values"
        );
        assert_eq!(list("取值如下： - 0：关 - 大于 0：开", true), None);
        // Where the list does not follow the lead on lines of its own, there is none to read.
        assert_eq!(list("取值如下： * zh：中英混合。", false), None);
        assert_eq!(list("地址：\nhttps://a.example/1\nhttps://a.example/2", false), None);
    }

    #[test]
    fn an_enum_is_described_by_what_its_text_says_before_the_list() {
        let values = [(Literal::Integer(60), "1 分钟".to_owned()), (Literal::Integer(300), String::new())];
        let def = enum_def(
            "Aggregation",
            "Aggregation",
            "聚合的时间粒度，单位为秒，支持的时间粒度如下所示。\n* 60：1 分钟",
            &values,
        );
        assert_eq!(def.description, "聚合的时间粒度，单位为秒。");
        let names: Vec<_> =
            def.values.iter().flatten().map(|v| (v.rust_name.as_deref(), v.description.as_str())).collect();
        assert_eq!(names, [(Some("Value60"), "1 分钟"), (Some("Value300"), "300")]);
        let def = enum_def("Mode", "Mode", "60：1 分钟\n300：5 分钟", &values);
        assert_eq!(def.description, "`Mode` 的取值。", "a text that starts with its list says nothing before it");
        let def = enum_def("As", "As", "自适应开关，默认值为 0。支持的取值如下所示。", &values);
        assert_eq!(def.description, "自适应开关，默认值为 0。");
    }

    #[test]
    fn an_enum_is_named_by_its_member_in_upper_camel_case_where_the_member_has_one_set() {
        let mut taken = BTreeSet::from(["Taken".to_owned()]);
        let wanted =
            [("stream_state", "ListA"), ("StreamState", "ListB"), ("code", "ListC"), ("DRMType", "D"), ("taken", "E")];
        let names = enum_names(&wanted, |name| taken.insert(name.to_owned()));
        assert_eq!(
            names,
            ["ListAStreamState", "ListBStreamState", "Code", "DRMType", "ETaken"],
            "`stream_state` and `StreamState` are one name, so neither has it alone"
        );
    }

    fn input_operation(name: &str) -> OperationSpec {
        OperationSpec {
            name: name.into(),
            rust_name: None,
            summary: String::new(),
            description: String::new(),
            source: crate::spec::Source {
                page: String::new(),
                title: String::new(),
                updated: None,
                published: None,
                metadata: None,
            },
            http: crate::spec::Http { method: crate::spec::HttpMethod::POST, path: None },
            rate_limit: None,
            legacy: None,
            request: Vec::new(),
            response: Vec::new(),
            types: Vec::new(),
            rules: Vec::new(),
            paging: None,
            errors: Vec::new(),
            examples: Vec::new(),
            notes: Vec::new(),
        }
    }

    #[test]
    fn text_enums_are_drafted_where_the_fields_texts_list_values() {
        let field = |name: &str, ty: &str, description: &str| Field {
            name: name.into(),
            rust_name: None,
            location: None,
            required: false,
            nullable: false,
            envelope: None,
            auth: false,
            description: description.into(),
            example: None,
            constraints: None,
            explode: false,
            sensitive: false,
            ty: ty.into(),
        };
        let isp = "运营商列表，取值如下： - CMCC ：移动 - CTCC ：电信";
        let mut draft = Draft::default();
        for (name, extra) in [("ListA", "list<string>"), ("ListB", "SdkEnum")] {
            let mut op = input_operation(name);
            op.request =
                vec![field("isp", "list<string>", isp), field("kind", extra, "类型，取值如下： - a：甲 - b：乙")];
            draft.operations.push(op);
        }
        text_enums(&mut draft, BTreeSet::new());
        let [a, b] = &draft.operations[..] else { panic!() };
        // Two operations use `isp`: its enum is shared, named by the member.
        assert_eq!((a.request[0].ty.as_str(), b.request[0].ty.as_str()), ("list<Isp>", "list<Isp>"));
        let shared = draft.types.types.iter().find(|t| t.name == "Isp").expect("a shared enum");
        assert_eq!(shared.values.as_ref().map(Vec::len), Some(2));
        // One uses `kind` as a scalar list; the other's is a type the SDK names, left as it is.
        assert_eq!(a.request[1].ty, "list<Kind>");
        assert!(a.types.iter().any(|t| t.name == "Kind"));
        assert_eq!(b.request[1].ty, "SdkEnum");
        assert_eq!(draft.text_enums, BTreeSet::from(["Isp".to_owned(), "Kind".to_owned()]));
    }

    #[test]
    fn a_member_lists_its_values_only_where_its_own_example_is_one_of_them() {
        let member = |example: &str| tencent::Member {
            name: "DRMTracks".into(),
            member: "string".into(),
            kind: "string".into(),
            required: None,
            output_required: None,
            value_allowed_null: None,
            document: "DRM 加密项，可选值：AUDIO、SD、HD、UHD1、UHD2，后四个为一组。".into(),
            example: Some(example.into()),
            disabled: None,
        };
        assert_eq!(member("AUDIO|HD").listed_values(), None, "the parts of a combination");
        assert_eq!(member("HD").listed_values().map(|l| l.len()), Some(5));
        assert_eq!(member("").listed_values().map(|l| l.len()), Some(5), "an empty example says nothing");
    }

    #[test]
    fn listed_values_are_drafted_as_enums_unless_a_documented_request_sends_another() {
        let mut input = input();
        let request = input.api.objects.get_mut("DescribeThingsRequest").unwrap();
        request.members.push(tencent::Member {
            name: "Order".into(),
            member: "string".into(),
            kind: "string".into(),
            required: Some(false),
            output_required: None,
            value_allowed_null: None,
            document: "排序方式，可取值：\nAsc：升序。\nDesc：降序。".into(),
            example: Some("Asc".into()),
            disabled: None,
        });
        request.members.push(tencent::Member {
            name: "Mode".into(),
            member: "uint64".into(),
            kind: "int".into(),
            required: Some(false),
            output_required: None,
            value_allowed_null: None,
            document: "模式，可取值：0，1。".into(),
            example: Some("0".into()),
            disabled: None,
        });
        let thing = input.api.objects.get_mut("Thing").unwrap();
        thing.members[0].document = "ID，可取值：a、b。".into();
        // The documented request sends Mode 7, which the text does not list.
        let examples = input.examples.as_mut().unwrap().actions.get_mut("DescribeThings").unwrap();
        examples[0].input = examples[0].input.replace("&PageNum=1", "&PageNum=1\r\n&Mode=7\r\n&Order=Desc");
        let draft = draft_tencent(&input, &common());
        let describe = &draft.operations[0];
        let field = |name: &str| describe.request.iter().find(|f| f.name == name).unwrap();
        // One action uses Order: its enum is in its file, named by the member, described by the text before the list.
        assert_eq!(field("Order").ty, "Order");
        let order = describe.types.iter().find(|t| t.name == "Order").unwrap();
        assert_eq!(order.description, "排序方式。");
        assert_eq!(order.enum_kind, Some(EnumKind::String));
        assert_eq!(
            order.values.iter().flatten().map(|v| (&v.value, v.description.as_str())).collect::<Vec<_>>(),
            [(&Literal::String("Asc".into()), "升序"), (&Literal::String("Desc".into()), "降序")]
        );
        // Mode stays an integer, and a note accepts the difference the crosscheck will see.
        assert_eq!(field("Mode").ty, "u64");
        let note = describe.notes.iter().find(|n| n.subject == "DescribeThingsRequest.Mode").unwrap();
        assert_eq!(note.crosscheck, ["request.Mode: values"]);
        // Thing is shared, so its enum is too; the type names it.
        let thing = draft.types.types.iter().find(|t| t.name == "Thing").unwrap();
        assert_eq!(thing.fields.as_ref().unwrap()[0].ty, "Id");
        assert!(draft.types.types.iter().any(|t| t.name == "Id" && t.values.as_ref().is_some_and(|v| v.len() == 2)));
    }
}
