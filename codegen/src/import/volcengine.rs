//! Volcengine Live metadata, read from the Go source of the official SDK
//! (`volcengine/volc-sdk-golang`, `service/live/v20230101/`): `config.go`
//! names every action with its HTTP method and API version; `model.go` holds,
//! per action, the structs `XQuery`, `XBody` and `XRes`, whose fields carry the
//! wire name (the `json:` tag), where they travel (a `query:` tag), whether
//! they are required (a first comment line `REQUIRED`) and their text. The SDK
//! ships no examples, no error codes and no description of an action.

use std::collections::{BTreeMap, BTreeSet};

use super::Draft;
use super::go::{GoType, is_ident, parse_tags, parse_type, scalar, shorten};
use super::sdk::{self, described, left_out, secret};
use crate::ir::{Spelled, TypeRef};
use crate::spec::{
    Field, Http, HttpMethod, Literal, Location, Metadata, Note, OperationSpec, Protocol, Source, TypeDef,
};
use crate::{layout, names};

/// What a spec drafted from the SDK names as its metadata file.
pub const METADATA_FILE: &str = "service/live/v20230101/model.go";

/// The SDK release the committed fixture comes from.
pub const PACKAGE: &str = "volc-sdk-golang v1.0.253";

/// The Live documentation, which the drafts name as their page: the address
/// of an action's own page (`/docs/6469/<id>`) is in no file of the SDK.
pub const PAGE: &str = "https://www.volcengine.com/docs/6469";

/// A field of a struct.
#[derive(Debug, Clone)]
pub struct GoField {
    pub go_name: String,
    /// The Go type as written (`[]*string`).
    pub go_type: String,
    pub ty: GoType,
    /// The name of the `json:` tag; none when the field has no tag.
    pub wire: Option<String>,
    /// The field has a `query:` tag: it travels in the query.
    pub query: bool,
    /// The first comment line starts with `REQUIRED`.
    pub required: bool,
    /// The comment, its wrapped lines joined and its `* value：meaning` lines kept.
    pub doc: String,
    /// Where it is in model.go (1-based).
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct GoStruct {
    /// The `// Name - text` comment above the type, without the name.
    pub doc: String,
    pub fields: Vec<GoField>,
}

/// An entry of `config.go`'s `ApiListInfo`.
#[derive(Debug, Clone)]
pub struct Action {
    /// The wire name (the map's key and the `Action` query value).
    pub name: String,
    /// `GET`, `POST`.
    pub method: String,
    pub version: String,
    /// The name model.go's types are prefixed with, which may be cased
    /// otherwise (`DescribeIPInfo` for the action `DescribeIpInfo`).
    pub go_name: String,
}

/// The SDK's `config.go` and `model.go`, read.
#[derive(Debug, Clone, Default)]
pub struct Sdk {
    pub actions: Vec<Action>,
    pub structs: BTreeMap<String, GoStruct>,
    /// `type X string`: named scalars.
    pub aliases: BTreeMap<String, String>,
}

impl Sdk {
    /// Reads the texts of `config.go` and `model.go`. Anything not in the shape
    /// the SDK's generator writes is refused, naming the file and the line.
    pub fn parse(config_go: &str, model_go: &str) -> Result<Sdk, String> {
        let (structs, aliases) = parse_model(model_go)?;
        let mut sdk = Sdk { actions: Vec::new(), structs, aliases };
        // Every named type a field uses is declared.
        for s in sdk.structs.values() {
            for f in &s.fields {
                let mut named = Vec::new();
                names_in(&f.ty, &mut named);
                if let Some(n) = named.iter().find(|n| !sdk.structs.contains_key(*n) && !sdk.aliases.contains_key(*n)) {
                    return Err(format!(
                        "model.go:{}: `{}` is of type `{n}`, which model.go does not declare",
                        f.line, f.go_name
                    ));
                }
            }
        }
        // Actions, and the names their types go by.
        let mut answers: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for name in sdk.structs.keys() {
            if let Some(go) = name.strip_suffix("Res") {
                answers.entry(go.to_ascii_lowercase()).or_default().push(go);
            }
        }
        let mut actions = Vec::new();
        for (line, name, method, version) in parse_config(config_go)? {
            let go_name = match answers.get(&name.to_ascii_lowercase()).map(Vec::as_slice) {
                Some([one]) => (*one).to_owned(),
                Some(many) => {
                    return Err(format!(
                        "config.go:{line}: the action `{name}` matches several answers in model.go: {}",
                        many.iter().map(|g| format!("`{g}Res`")).collect::<Vec<_>>().join(", ")
                    ));
                }
                None => {
                    return Err(format!(
                        "config.go:{line}: model.go has no answer of the action `{name}` (a struct `{name}Res`, in any case)"
                    ));
                }
            };
            actions.push(Action { name, method, version, go_name });
        }
        sdk.actions = actions;
        Ok(sdk)
    }
}

fn names_in(ty: &GoType, out: &mut Vec<String>) {
    match ty {
        GoType::Named(n) => out.push(n.clone()),
        GoType::List(t) | GoType::Map(t) => names_in(t, out),
        GoType::Scalar(_) | GoType::Qualified(..) | GoType::Any => {}
    }
}

/// `config.go`'s `ApiListInfo` entries: (line, action, method, version).
fn parse_config(text: &str) -> Result<Vec<(usize, String, String, String)>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim_start().starts_with("ApiListInfo = map[string]*common.ApiInfo{"))
        .ok_or("config.go: no `ApiListInfo = map[string]*common.ApiInfo{`")?;
    let mut out: Vec<(usize, String, String, String)> = Vec::new();
    let mut current: Option<(usize, String, Option<String>, Option<String>)> = None;
    let mut seen = BTreeSet::new();
    let finish = |current: Option<(usize, String, Option<String>, Option<String>)>,
                  out: &mut Vec<(usize, String, String, String)>|
     -> Result<(), String> {
        if let Some((line, name, method, version)) = current {
            let method = method.ok_or_else(|| format!("config.go:{line}: the action `{name}` has no `Method`"))?;
            let version = version.ok_or_else(|| format!("config.go:{line}: the action `{name}` has no `Version`"))?;
            out.push((line, name, method, version));
        }
        Ok(())
    };
    for (i, raw) in lines.iter().enumerate().skip(start + 1) {
        let n = i + 1;
        let line = raw.trim();
        if raw.trim_end() == "\t}" || line == "}" && !raw.starts_with("\t\t") {
            finish(current.take(), &mut out)?;
            if out.is_empty() {
                return Err(format!("config.go:{n}: `ApiListInfo` lists no action"));
            }
            return Ok(out);
        }
        if raw.starts_with("\t\t\"") && !raw.starts_with("\t\t\t") {
            let name = line.strip_suffix(": {").and_then(|l| l.strip_prefix('"')).and_then(|l| l.strip_suffix('"'));
            let Some(name) = name.filter(|n| is_ident(n)) else {
                return Err(format!("config.go:{n}: expected `\"Action\": {{`, found `{}`", shorten(line)));
            };
            if !seen.insert(name.to_owned()) {
                return Err(format!("config.go:{n}: the action `{name}` is listed twice"));
            }
            finish(current.take(), &mut out)?;
            current = Some((n, name.to_owned(), None, None));
        } else if let Some(method) = line.strip_prefix("Method:") {
            let method = method.trim().trim_end_matches(',').strip_prefix("http.Method");
            let (Some(method), Some(c)) = (method.filter(|m| is_ident(m)), current.as_mut()) else {
                return Err(format!("config.go:{n}: expected `Method: http.MethodGet,` in an action, found `{line}`"));
            };
            c.2 = Some(method.to_ascii_uppercase());
        } else if let Some(values) = line.strip_prefix("\"Version\":").or_else(|| line.strip_prefix("\"Action\":")) {
            let value = values
                .trim()
                .trim_end_matches(',')
                .strip_prefix("[]string{\"")
                .and_then(|v| v.strip_suffix("\"}"))
                .filter(|v| !v.contains('"'));
            let (Some(value), Some(c)) = (value, current.as_mut()) else {
                return Err(format!(
                    "config.go:{n}: expected `[]string{{\"...\"}}` in an action, found `{}`",
                    shorten(line)
                ));
            };
            if line.starts_with("\"Version\"") {
                c.3 = Some(value.to_owned());
            } else if value != c.1 {
                return Err(format!("config.go:{n}: the action `{}` sends `Action={value}`", c.1));
            }
        }
    }
    Err(format!("config.go:{}: `ApiListInfo` is not closed", start + 1))
}

type Model = (BTreeMap<String, GoStruct>, BTreeMap<String, String>);

/// `model.go`'s type declarations: structs, and named scalars.
fn parse_model(text: &str) -> Result<Model, String> {
    let at = |i: usize, what: String| format!("model.go:{}: {what}", i + 1);
    let lines: Vec<&str> = text.lines().collect();
    let (mut structs, mut aliases) = (BTreeMap::new(), BTreeMap::new());
    let mut comment: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_end();
        if let Some(c) = line.strip_prefix("//") {
            comment.push(c.trim());
            i += 1;
            continue;
        }
        if line.is_empty() || line.starts_with("package ") {
            comment.clear();
            i += 1;
            continue;
        }
        let decl = line.strip_prefix("type ").and_then(|rest| rest.split_once(' '));
        let Some((name, def)) = decl.filter(|(name, _)| is_ident(name)) else {
            return Err(at(i, format!("expected a type declaration, found `{}`", shorten(line))));
        };
        if structs.contains_key(name) || aliases.contains_key(name) {
            return Err(at(i, format!("`{name}` is declared twice")));
        }
        let doc = type_doc(name, &comment);
        comment.clear();
        match def.trim() {
            "struct{}" => {
                structs.insert(name.to_owned(), GoStruct { doc, fields: Vec::new() });
            }
            "struct {" => {
                let start = i;
                let mut fields = Vec::new();
                let mut field_comment: Vec<&str> = Vec::new();
                loop {
                    i += 1;
                    let Some(line) = lines.get(i).map(|l| l.trim()) else {
                        return Err(at(start, format!("the struct `{name}` is not closed")));
                    };
                    if line == "}" {
                        break;
                    }
                    if let Some(c) = line.strip_prefix("//") {
                        field_comment.push(c.trim());
                    } else if line.is_empty() {
                        field_comment.clear();
                    } else {
                        let field = parse_field(line, &field_comment).map_err(|why| at(i, why))?;
                        field_comment.clear();
                        fields.extend(field.map(|f| GoField { line: i + 1, ..f }));
                    }
                }
                structs.insert(name.to_owned(), GoStruct { doc, fields });
            }
            other => match parse_type(other, 0) {
                Some(GoType::Scalar(s)) => {
                    aliases.insert(name.to_owned(), s);
                }
                _ => {
                    return Err(at(
                        i,
                        format!("`{name}` is neither a struct nor a named scalar: `{}`", shorten(other)),
                    ));
                }
            },
        }
        i += 1;
    }
    Ok((structs, aliases))
}

/// A field line (`Name Type `tags``) with its comment; none for an embedded
/// struct (`*XQuery`, in the unused `XReq`).
fn parse_field(line: &str, comment: &[&str]) -> Result<Option<GoField>, String> {
    let (go_name, rest) = line.split_once([' ', '\t']).unwrap_or((line, ""));
    let rest = rest.trim();
    if rest.is_empty() {
        let embedded = go_name.strip_prefix('*').unwrap_or(go_name);
        return if is_ident(embedded) { Ok(None) } else { Err(format!("expected a field, found `{}`", shorten(line))) };
    }
    if !is_ident(go_name) {
        return Err(format!("expected a field, found `{}`", shorten(line)));
    }
    let (go_type, tags) = match rest.split_once('`') {
        Some((ty, tags)) => {
            let tags = tags.strip_suffix('`').ok_or_else(|| format!("the tags of `{go_name}` are not closed"))?;
            (ty.trim(), parse_tags(tags).map_err(|why| format!("the tags of `{go_name}`: {why}"))?)
        }
        None => (rest, Vec::new()),
    };
    let ty = parse_type(go_type, 0)
        .ok_or_else(|| format!("`{go_name}` has a type this reader does not know: `{}`", shorten(go_type)))?;
    let tag = |key: &str| tags.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let wire = match tag("json") {
        Some(json) => {
            let wire = json.split(',').next().unwrap_or_default();
            if wire.is_empty() || wire == "-" {
                return Err(format!("`{go_name}` has the JSON tag `{json}`, which names no member"));
            }
            Some(wire.to_owned())
        }
        None => None,
    };
    let first = comment.first().copied().unwrap_or_default();
    let required = first.starts_with("REQUIRED");
    let mut lines: Vec<&str> = comment.to_vec();
    if let Some(first) = lines.first_mut() {
        for marker in ["REQUIRED", "OPTIONAL"] {
            if let Some(rest) = first.strip_prefix(marker) {
                *first = rest.trim_start_matches(';').trim();
            }
        }
    }
    Ok(Some(GoField {
        go_name: go_name.to_owned(),
        go_type: go_type.to_owned(),
        ty,
        wire,
        query: tag("query").is_some(),
        required,
        doc: join_doc(&lines),
        line: 0,
    }))
}

/// A type's comment (`// Name - text`), its name dropped.
fn type_doc(name: &str, comment: &[&str]) -> String {
    let mut lines = comment.to_vec();
    if let Some(first) = lines.first_mut() {
        if let Some(rest) = first.strip_prefix(name).and_then(|r| r.strip_prefix(" - ")) {
            *first = rest;
        } else {
            return String::new();
        }
    }
    join_doc(&lines)
}

/// Comment lines as text: the generator wraps lines at about 200 characters,
/// so a line continues the one before it (joined without a space between
/// Chinese characters, with one where ASCII text meets), except a list item
/// (`* value：meaning`, the values a field takes), which keeps its own line.
pub fn join_doc(lines: &[&str]) -> String {
    let mut out = String::new();
    for line in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        if out.is_empty() {
            out.push_str(line);
        } else if line.starts_with("* ") {
            out.push('\n');
            out.push_str(line);
        } else {
            let before = out.chars().last().unwrap_or(' ');
            let after = line.chars().next().unwrap_or(' ');
            if spaced(before, after) {
                out.push(' ');
            }
            out.push_str(line);
        }
    }
    out
}

/// Whether the text broken between `a` and `b` had a space there: between
/// ASCII text, where an ASCII word meets a Chinese character (not Chinese
/// punctuation, which takes no space), and before a link (`Name [https://…]`).
fn spaced(a: char, b: char) -> bool {
    let cjk_punctuation = |c: char| matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}');
    if b == '[' {
        return !cjk_punctuation(a);
    }
    match (a.is_ascii(), b.is_ascii()) {
        (true, true) => true,
        (true, false) => a.is_ascii_alphanumeric() && !cjk_punctuation(b),
        (false, true) => b.is_ascii_alphanumeric() && !cjk_punctuation(a),
        (false, false) => false,
    }
}

/// The spec type of a Go type, or why the format cannot hold it.
fn spec_type(ty: &GoType, sdk: &Sdk, names: &BTreeMap<String, String>) -> Result<String, String> {
    match ty {
        GoType::Scalar(s) => scalar(s),
        GoType::Named(n) => match (sdk.aliases.get(n), names.get(n)) {
            (Some(s), _) => scalar(s),
            (None, Some(name)) => Ok(name.clone()),
            (None, None) => Err(format!("`{n}`, a type model.go does not declare")),
        },
        GoType::List(t) => spec_type(t, sdk, names).map(|t| format!("list<{t}>")),
        GoType::Map(t) => spec_type(t, sdk, names).map(|t| format!("map<{t}>")),
        GoType::Qualified(package, name) => Err(format!("the Go type `{package}.{name}`")),
        GoType::Any => Ok("json".into()),
    }
}

/// The structs the fields of `roots` name, and theirs in turn.
fn reachable(sdk: &Sdk, roots: &[&str]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut todo: Vec<String> = Vec::new();
    // A field without a JSON name is left out of the draft, and so is what it holds.
    let push = |name: &str, todo: &mut Vec<String>| {
        for f in
            sdk.structs.get(name).map(|s| s.fields.as_slice()).unwrap_or_default().iter().filter(|f| f.wire.is_some())
        {
            names_in(&f.ty, todo);
        }
    };
    for root in roots {
        push(root, &mut todo);
    }
    while let Some(name) = todo.pop() {
        if sdk.structs.contains_key(&name) && !roots.contains(&name.as_str()) && out.insert(name.clone()) {
            push(&name, &mut todo);
        }
    }
    out
}

/// The SDK declares a struct once per action that uses it: twelve statistics
/// actions each declare their own `…BodyRegionListItem`, member for member
/// and word for word the same. Structs alike in their text, their members
/// and the structs those hold (alike in turn) are one type of the draft,
/// declared once: the copy first by name stands for them all, and the others
/// are its copies. `roots` (an action's query, body and result) keep their
/// own names, which the draft finds its actions' parts by; only `reached`
/// structs are compared.
struct Merged {
    sdk: Sdk,
    /// Each struct that stands for others, with the others.
    copies: BTreeMap<String, Vec<String>>,
}

fn merge_copies(sdk: &Sdk, roots: &BTreeSet<&str>, reached: &BTreeSet<&str>) -> Merged {
    type Signature = (String, Vec<(String, Option<String>, String, bool, String, bool)>);
    // Each struct's stand-in: itself until it is found to copy one before it.
    let mut canon: BTreeMap<&str, &str> = reached.iter().map(|n| (*n, *n)).collect();
    let find = |canon: &BTreeMap<&str, &str>, name: &str| -> String {
        let mut at = name;
        while let Some(&next) = canon.get(at).filter(|n| **n != at) {
            at = next;
        }
        at.to_owned()
    };
    let renamed = |ty: &GoType, canon: &BTreeMap<&str, &str>| rename(ty, &|n| find(canon, n));
    loop {
        let mut first: BTreeMap<Signature, &str> = BTreeMap::new();
        let mut merged = Vec::new();
        for (name, s) in sdk.structs.iter().filter(|(n, _)| reached.contains(n.as_str())) {
            if roots.contains(name.as_str()) || canon[name.as_str()] != name.as_str() {
                continue;
            }
            let fields = s
                .fields
                .iter()
                .map(|f| {
                    let ty = format!("{:?}", renamed(&f.ty, &canon));
                    (f.go_name.clone(), f.wire.clone(), ty, f.required, f.doc.clone(), f.query)
                })
                .collect();
            match first.entry((s.doc.clone(), fields)) {
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(name);
                }
                std::collections::btree_map::Entry::Occupied(e) => merged.push((name.as_str(), *e.get())),
            }
        }
        if merged.is_empty() {
            break;
        }
        for (copy, of) in merged {
            canon.insert(copy, of);
        }
    }
    let mut copies: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for name in canon.keys() {
        let of = find(&canon, name);
        if of != *name {
            copies.entry(of).or_default().push((*name).to_owned());
        }
    }
    let mut out = sdk.clone();
    out.structs.retain(|name, _| canon.get(name.as_str()).is_none_or(|of| of == name));
    for s in out.structs.values_mut() {
        for f in &mut s.fields {
            let ty = renamed(&f.ty, &canon);
            if ty != f.ty {
                f.go_type = rename_in_text(&f.go_type, &|n| find(&canon, n));
                f.ty = ty;
            }
        }
    }
    Merged { sdk: out, copies }
}

/// A Go type with the structs it names renamed.
fn rename(ty: &GoType, to: &dyn Fn(&str) -> String) -> GoType {
    match ty {
        GoType::Named(n) => GoType::Named(to(n)),
        GoType::List(t) => GoType::List(Box::new(rename(t, to))),
        GoType::Map(t) => GoType::Map(Box::new(rename(t, to))),
        other => other.clone(),
    }
}

/// A Go type as written (`[]*X`, `map[string]*X`) with its identifiers renamed.
fn rename_in_text(text: &str, to: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push_str(&to(&word));
            word.clear();
        }
        out.push(c);
    }
    out.pop();
    out
}

/// The structs an action's request and answer are: its query, its body, and
/// the struct of its answer's `Result` (the rest of the answer is the
/// protocol's `ResponseMetadata` envelope, which the runtime reads).
struct Parts<'a> {
    query: Option<&'a GoStruct>,
    body: Option<&'a GoStruct>,
    /// The `Result` field of the answer.
    result: Option<&'a GoField>,
    /// The struct `Result` is, if it is one.
    result_struct: Option<&'a GoStruct>,
    roots: Vec<&'a str>,
}

fn parts<'a>(sdk: &'a Sdk, action: &Action) -> Parts<'a> {
    let get = |suffix: &str| sdk.structs.get_key_value(&format!("{}{suffix}", action.go_name));
    let (query, body) = (get("Query"), get("Body"));
    let result = get("Res").and_then(|(_, s)| s.fields.iter().find(|f| f.wire.as_deref() == Some("Result")));
    let result_struct = match result.map(|f| &f.ty) {
        Some(GoType::Named(n)) => sdk.structs.get_key_value(n),
        _ => None,
    };
    let roots = [query, body, result_struct].into_iter().flatten().map(|(k, _)| k.as_str()).collect();
    Parts {
        query: query.map(|(_, s)| s),
        body: body.map(|(_, s)| s),
        result,
        result_struct: result_struct.map(|(_, s)| s),
        roots,
    }
}

/// An action's summary and description as the Java SDK documents its method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionDoc {
    pub summary: String,
    pub description: String,
}

/// Each action's summary and description from the Javadoc of the Java SDK's
/// `LiveTrait.java` (volc-sdk-java), which the Go SDK lacks, keyed by the
/// method's name in lower case (`describelicensedrm`). A comment reads
/// `<p>method</p> <p>summary</p> <p>description</p>…`; anything else is skipped.
pub fn java_docs(text: &str) -> BTreeMap<String, ActionDoc> {
    let mut out = BTreeMap::new();
    let mut rest = text;
    while let Some(start) = rest.find("/**") {
        let Some(end) = rest[start..].find("*/").map(|e| start + e) else { break };
        let comment = &rest[start + 3..end];
        rest = &rest[end + 2..];
        let signature = rest.trim_start().lines().next().unwrap_or_default();
        let Some(method) = signature
            .strip_prefix("public ")
            .and_then(|s| s.split('(').next())
            .and_then(|s| s.split_whitespace().last())
        else {
            continue;
        };
        let text: Vec<&str> = comment.lines().map(|l| l.trim().trim_start_matches('*').trim()).collect();
        let text = text.join("\n");
        let paragraphs: Vec<String> = text
            .split("<p>")
            .skip(1)
            .filter_map(|p| p.split_once("</p>").map(|(inside, _)| html_text(inside)))
            .filter(|p| !p.is_empty())
            .collect();
        if let [name, summary, description @ ..] = paragraphs.as_slice()
            && name.eq_ignore_ascii_case(method)
        {
            let description = if description.is_empty() { summary.clone() } else { description.join("\n\n") };
            out.insert(method.to_ascii_lowercase(), ActionDoc { summary: summary.clone(), description });
        }
    }
    out
}

/// Javadoc HTML as text: tags dropped, entities decoded, runs of spaces made one.
fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            _ => out.push(c),
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    let mut spaced = String::with_capacity(out.len());
    for word in out.split(' ').filter(|w| !w.is_empty()) {
        if !spaced.is_empty() {
            spaced.push(' ');
        }
        spaced.push_str(word);
    }
    spaced.trim().to_owned()
}

/// Drafts the actions of API version `version` (those of `only`, when given):
/// one spec per action, and the structs more than one of them uses as shared
/// types. Type names are chosen over the whole version, so that a draft of a
/// few actions names its types as the draft of all does.
/// `docs` gives the actions' summaries and descriptions ([`java_docs`]); an
/// action without one is summarised by its name.
pub fn draft(
    sdk: &Sdk,
    version: &str,
    metadata: &Metadata,
    docs: &BTreeMap<String, ActionDoc>,
    only: &[String],
) -> Result<Draft, String> {
    let actions: Vec<&Action> = sdk.actions.iter().filter(|a| a.version == version).collect();
    if actions.is_empty() {
        let versions: BTreeSet<&str> = sdk.actions.iter().map(|a| a.version.as_str()).collect();
        return Err(format!(
            "no action of API version {version} (the SDK's versions: {})",
            versions.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    // Each struct is named after the first action that uses it, as the SDK declares it.
    let mut owners: BTreeMap<String, &str> = BTreeMap::new();
    let mut roots: BTreeSet<&str> = BTreeSet::new();
    for a in &actions {
        let p = parts(sdk, a);
        for go in reachable(sdk, &p.roots) {
            owners.entry(go).or_insert(&a.go_name);
        }
        roots.extend(p.roots);
    }
    let merged = merge_copies(sdk, &roots, &owners.keys().map(String::as_str).collect());
    let sdk = &merged.sdk;
    let mut reached: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for a in &actions {
        reached.insert(&a.name, reachable(sdk, &parts(sdk, a).roots));
    }
    let type_names = type_names(sdk, &actions, &reached, &owners, &merged.copies);
    let selected: Vec<&Action> =
        actions.iter().copied().filter(|a| only.is_empty() || only.contains(&a.name)).collect();
    let mut users: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for a in &selected {
        for s in &reached[a.name.as_str()] {
            users.entry(s).or_default().insert(&a.name);
        }
    }
    let mut drafts = Draft::default();
    for a in &selected {
        let method = match a.method.as_str() {
            "GET" => HttpMethod::GET,
            "POST" => HttpMethod::POST,
            other => return Err(format!("{}: the method `{other}` is none the spec format knows", a.name)),
        };
        let default = crate::validate::default_location(Protocol::VolcengineRpc, method);
        let p = parts(sdk, a);
        let mut notes = Vec::new();
        let mut request = Vec::new();
        for s in [p.query, p.body].into_iter().flatten() {
            for f in &s.fields {
                let Some(mut field) = field(sdk, &type_names, f, "request", &mut notes) else { continue };
                let location = if f.query { Location::Query } else { Location::Body };
                field.location = Some(location).filter(|l| Some(*l) != default);
                request.push(field);
            }
        }
        let mut response = Vec::new();
        match (p.result, p.result_struct) {
            (Some(_), Some(result)) => {
                for f in &result.fields {
                    if let Some(mut field) = field(sdk, &type_names, f, "response", &mut notes) {
                        sdk::rename_builder_clash(&mut field, &mut notes);
                        response.push(field);
                    }
                }
            }
            (Some(result), _) => notes.push(Note {
                subject: "Result".into(),
                page: format!(
                    "The SDK types the answer's `Result` as `{}`{}, with no members.",
                    result.go_type,
                    if result.ty == GoType::Any { " (any JSON value)" } else { "" }
                ),
                choice: "The draft declares no response fields: the answer's `Result` is not read.".into(),
                reason: "A spec's response fields are the members of `Result`; the SDK names none.".into(),
                crosscheck: vec!["response.Result: missing".into()],
            }),
            (None, _) => {}
        }
        let types: Vec<TypeDef> = users
            .iter()
            .filter(|(_, by)| by.len() == 1 && by.contains(a.name.as_str()))
            .filter_map(|(s, _)| type_def(sdk, &type_names, &merged.copies, s, &mut notes))
            .collect();
        notes.push(sdk::no_error_codes());
        let paging = super::paging(&a.name, &request, &response, &types, &mut notes);
        let doc = docs.get(&a.name.to_ascii_lowercase());
        let summary = sdk::summary(doc.map_or("", |d| d.summary.as_str()), &a.name);
        let title =
            doc.map_or_else(|| a.name.clone(), |d| format!("{}（{}）", d.summary.trim_end_matches('。'), a.name));
        if doc.is_none() {
            notes.push(Note {
                subject: "summary".into(),
                page: "Neither the Go SDK nor the Java SDK's LiveTrait.java documents the action.".into(),
                choice: "The summary and description are the action's name.".into(),
                reason: "No source gives a text; the action's page is the one to transcribe it from.".into(),
                crosscheck: Vec::new(),
            });
        }
        drafts.operations.push(OperationSpec {
            name: a.name.clone(),
            rust_name: None,
            summary,
            description: doc.map_or_else(|| a.name.clone(), |d| d.description.clone()),
            source: Source {
                page: PAGE.into(),
                title,
                updated: None,
                published: None,
                metadata: Some(metadata.clone()),
            },
            http: Http { method, path: None },
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
    for (s, by) in &users {
        if by.len() > 1
            && let Some(t) = type_def(sdk, &type_names, &merged.copies, s, &mut shared_notes)
        {
            drafts.types.types.push(t);
        }
    }
    drafts.types.notes = shared_notes;
    listed_enums(sdk, &actions, &reached, &type_names, &mut drafts);
    sdk::construct_examples(&mut drafts, Protocol::VolcengineRpc);
    Ok(drafts)
}

/// Enums of the values the fields' texts list, as [`super::listed_values`]
/// reads them (`取值如下：` and one `* value：meaning` per line): one per member
/// name and set of values (of integers, and what each means in its first
/// words, since `Status` 0 and 1 mean 配置中 and 已启用 in one answer and 不生效
/// and 生效 in another), named by [`super::enum_names`] after the struct of its
/// first user (or the action, for its request and answer); the fields that
/// list them take them, and [`super::place_enums`] puts each where its users are.
/// Names and groups are of every action of the version, so that a draft of one
/// action names its enums as the draft of all does.
fn listed_enums(
    sdk: &Sdk,
    actions: &[&Action],
    reached: &BTreeMap<&str, BTreeSet<String>>,
    type_names: &BTreeMap<String, String>,
    draft: &mut Draft,
) {
    type Key = (String, Vec<(Literal, String)>);
    // A user of the values: its struct, the name its enum is named after, the field, the values.
    type User<'a> = (&'a str, &'a str, &'a GoField, Vec<(Literal, String)>);
    let mut stems: Vec<(&str, &str)> = Vec::new();
    let mut seen = BTreeSet::new();
    for a in actions {
        for root in parts(sdk, a).roots {
            if seen.insert(root) {
                stems.push((root, &a.name));
            }
        }
        for go in &reached[a.name.as_str()] {
            if let Some(name) = type_names.get(go)
                && seen.insert(go)
            {
                stems.push((go, name));
            }
        }
    }
    let mut groups: BTreeMap<Key, Vec<User<'_>>> = BTreeMap::new();
    for (go, stem) in stems {
        for f in sdk.structs.get(go).map(|s| s.fields.as_slice()).unwrap_or_default() {
            let Some(wire) = &f.wire else { continue };
            let base = match &f.ty {
                GoType::List(inner) => inner.as_ref(),
                other => other,
            };
            let Ok(ty) = spec_type(base, sdk, type_names) else { continue };
            let integer = match Spelled::parse(&ty) {
                Spelled::Scalar(TypeRef::String) => false,
                Spelled::Scalar(t) if t.is_integer() => true,
                _ => continue,
            };
            let Some(values) = super::listed_values(&f.doc, integer) else { continue };
            let key =
                values.iter().map(|(v, d)| (v.clone(), if integer { super::gist(d) } else { String::new() })).collect();
            groups.entry((wire.clone(), key)).or_default().push((go, stem, f, values));
        }
    }
    let mut taken: BTreeSet<String> = type_names.values().flat_map(|n| [n.clone(), names::data_builder(n)]).collect();
    taken
        .extend(actions.iter().filter_map(|a| names::type_name(&a.name).ok()).flat_map(|b| names::operation_items(&b)));
    let wanted: Vec<(&str, &str)> = groups.iter().map(|((wire, _), g)| (wire.as_str(), g[0].1)).collect();
    let chosen = super::enum_names(&wanted, |name| {
        names::type_name(name).is_ok() && layout::reserved_type_name(name).is_none() && taken.insert(name.to_owned())
    });
    let mut named: BTreeMap<(&str, &str), String> = BTreeMap::new();
    let mut defs = BTreeMap::new();
    for (((wire, _), group), name) in groups.iter().zip(chosen) {
        let (_, _, f, values) = &group[0];
        defs.insert(name.clone(), super::enum_def(&name, wire, &f.doc, values));
        for (go, _, _, _) in group {
            named.insert((go, wire.as_str()), name.clone());
        }
    }
    let go_of: BTreeMap<&str, &str> = type_names.iter().map(|(go, name)| (name.as_str(), go.as_str())).collect();
    let take = |structs: &[&str], fields: &mut [Field]| {
        for f in fields {
            if let Some(name) = structs.iter().find_map(|go| named.get(&(*go, f.name.as_str()))).cloned() {
                super::retype(f, &name);
            }
        }
    };
    for t in &mut draft.types.types {
        let go = go_of.get(t.name.as_str()).copied().unwrap_or_default();
        take(&[go], t.fields.as_deref_mut().unwrap_or_default());
    }
    for op in &mut draft.operations {
        let Some(a) = actions.iter().find(|a| a.name == op.name) else { continue };
        let p = parts(sdk, a);
        let root = |suffix: &str| format!("{}{suffix}", a.go_name);
        let (query, body) = (root("Query"), root("Body"));
        let requests: Vec<&str> = p.roots.iter().copied().filter(|r| *r == query || *r == body).collect();
        take(&requests, &mut op.request);
        let results: Vec<&str> = p.roots.iter().copied().filter(|r| *r != query && *r != body).collect();
        take(&results, &mut op.response);
        for t in &mut op.types {
            let go = go_of.get(t.name.as_str()).copied().unwrap_or_default();
            take(&[go], t.fields.as_deref_mut().unwrap_or_default());
        }
    }
    super::place_enums(draft, defs);
}

/// A Go field as a spec field; none, with a note, for one the format cannot hold.
fn field(
    sdk: &Sdk,
    type_names: &BTreeMap<String, String>,
    f: &GoField,
    place: &str,
    notes: &mut Vec<Note>,
) -> Option<Field> {
    let Some(wire) = &f.wire else {
        notes.push(left_out(
            format!("{place}.{}", f.go_name),
            &format!("`{}` without a JSON name: the members a schema does not name", f.go_type),
            "a struct's members beside any others",
        ));
        return None;
    };
    let ty = match spec_type(&f.ty, sdk, type_names) {
        Ok(ty) => ty,
        Err(why) => {
            notes.push(left_out(format!("{place}.{wire}"), &format!("`{}`", f.go_type), &why));
            return None;
        }
    };
    Some(Field {
        name: wire.clone(),
        rust_name: rust_name(wire),
        location: None,
        required: f.required,
        nullable: false,
        envelope: None,
        auth: false,
        description: described(&f.doc, &f.go_type),
        example: None,
        constraints: None,
        explode: false,
        sensitive: ty == "string" && secret(wire, &f.doc),
        ty,
    })
}

/// The Rust name of a member whose wire name makes none (`Field_54958`, whose
/// number is a part of its own): its letters and digits as one word.
fn rust_name(wire: &str) -> Option<String> {
    if names::field_name(wire).is_ok() {
        return None;
    }
    let joined: String = wire.chars().filter(char::is_ascii_alphanumeric).collect();
    let snake = heck::ToSnakeCase::to_snake_case(joined.as_str());
    names::field_override(&snake).is_ok().then_some(snake)
}

fn type_def(
    sdk: &Sdk,
    type_names: &BTreeMap<String, String>,
    copies: &BTreeMap<String, Vec<String>>,
    go: &str,
    notes: &mut Vec<Note>,
) -> Option<TypeDef> {
    let s = sdk.structs.get(go)?;
    let name = type_names.get(go)?.clone();
    let place = format!("types.{name}");
    let description = match (s.doc.is_empty(), copies.get(go).map(Vec::as_slice)) {
        (false, _) => s.doc.clone(),
        (true, None) => format!("`{go}`（SDK 的结构体）。"),
        (true, Some([copy])) => format!("`{go}` 及与之相同的 `{copy}`（SDK 的结构体）。"),
        (true, Some(copies)) => format!("`{go}` 及与之相同的 {} 个（SDK 的结构体）。", copies.len()),
    };
    Some(TypeDef {
        description,
        fields: Some(s.fields.iter().filter_map(|f| field(sdk, type_names, f, &place, notes)).collect()),
        name,
        rust_name: None,
        enum_kind: None,
        values: None,
    })
}

/// The names of the structs the actions use, unique in the service: the Go
/// name without its action's prefix (`<Action>Body`, `<Action>Query`,
/// `<Action>ResResult`) and an array's `Item`, then without a trailing `List`
/// (`StreamInfoListItem` -> `StreamInfo`); where two types want a name, or the
/// generator takes it (an operation's `<Action>Request`, the prelude's), each
/// takes the next of its candidates: the longer form, the action's name before
/// it, and at last the Go name. The generator's shared schemas
/// (`Components<hash>Schemas<path>`) are named from the last parts of their path.
/// A struct that stands for copies ([`merge_copies`]) is named by what its
/// copies share ([`names_of_copies`]).
fn type_names(
    sdk: &Sdk,
    actions: &[&Action],
    reached: &BTreeMap<&str, BTreeSet<String>>,
    owners: &BTreeMap<String, &str>,
    copies: &BTreeMap<String, Vec<String>>,
) -> BTreeMap<String, String> {
    let words = words(sdk);
    let mut taken: BTreeSet<String> = actions
        .iter()
        .filter_map(|a| names::type_name(&a.name).ok())
        .flat_map(|b| names::operation_items(&b))
        .collect();
    // Each struct with its candidates, most wanted first.
    let mut pending: Vec<(String, Vec<String>, usize)> = Vec::new();
    let mut seen = BTreeSet::new();
    for a in actions {
        for go in &reached[a.name.as_str()] {
            if seen.insert(go.clone()) {
                let owner = |go: &str| owners.get(go).copied().unwrap_or(&a.go_name);
                let of = |go: &str| candidates(go, owner(go), &words);
                let wanted = match copies.get(go) {
                    Some(copies) => names_of_copies(go, copies, &of, &|go: &str| side(go, owner(go))),
                    None => of(go),
                };
                pending.push((go.clone(), wanted, 0));
            }
        }
    }
    let free = |name: &str, taken: &BTreeSet<String>| {
        !taken.contains(name)
            && !taken.contains(&names::data_builder(name))
            && layout::reserved_type_name(name).is_none()
            && layout::reserved_type_name(&names::data_builder(name)).is_none()
    };
    let mut out = BTreeMap::new();
    while !pending.is_empty() {
        let mut wanted: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, c, i) in &pending {
            *wanted.entry(c[*i].as_str()).or_default() += 1;
        }
        let mut granted = Vec::new();
        for (k, (go, c, i)) in pending.iter().enumerate() {
            let last = *i + 1 == c.len();
            if (wanted[c[*i].as_str()] == 1 && free(&c[*i], &taken)) || last {
                granted.push((k, go.clone(), c[*i].clone()));
            }
        }
        for (_, go, name) in &granted {
            taken.insert(name.clone());
            taken.insert(names::data_builder(name));
            out.insert(go.clone(), name.clone());
        }
        let done: BTreeSet<usize> = granted.iter().map(|(k, _, _)| *k).collect();
        pending = pending
            .into_iter()
            .enumerate()
            .filter(|(k, _)| !done.contains(k))
            .map(|(_, (go, c, i))| (go, c, i + 1))
            .collect();
    }
    out
}

/// The names a struct that stands for `copies` may take, most wanted first: the
/// names every copy would take (but a list's: it is an element), or else the
/// words their first names end with; then the first of those with what the
/// struct is in every action (`RegionParam` in requests, `RegionInfo` in
/// answers); then its own.
fn names_of_copies(
    go: &str,
    copies: &[String],
    of: &dyn Fn(&str) -> Vec<String>,
    side: &dyn Fn(&str) -> Option<&'static str>,
) -> Vec<String> {
    let mut wanted = of(go);
    let all: Vec<&str> = std::iter::once(go).chain(copies.iter().map(String::as_str)).collect();
    let theirs: Vec<Vec<String>> = all.iter().map(|c| of(c)).collect();
    // The last of each list is the struct's Go name, which is no copy's.
    let mut common: Vec<String> =
        wanted[..wanted.len() - 1].iter().filter(|n| theirs.iter().all(|t| t.contains(n))).cloned().collect();
    let listed = common.clone();
    common.retain(|n| !n.strip_suffix("List").is_some_and(|e| listed.iter().any(|c| c == e)));
    if common.is_empty() {
        let firsts: Vec<&str> = theirs.iter().map(|t| t[0].as_str()).collect();
        common.extend(common_words(&firsts).filter(|n| names::type_name(n).as_deref() == Ok(n)));
    }
    let sides: BTreeSet<Option<&str>> = all.iter().map(|c| side(c)).collect();
    if let (Some(first), [Some(side)]) = (common.first(), sides.into_iter().collect::<Vec<_>>().as_slice())
        && !first.ends_with(side)
        && let Ok(name) = names::type_name(&format!("{first}{side}"))
    {
        common.push(name);
    }
    wanted.retain(|n| !common.contains(n));
    wanted.splice(0..0, common);
    wanted
}

/// What a struct is in its owner's action, by the part its Go name begins
/// with: `Param` of a request (`<Action>Body…`, `<Action>Query…`), `Info` of an
/// answer (`<Action>ResResult…`); none for a schema the SDK shares.
fn side(go: &str, owner: &str) -> Option<&'static str> {
    let part = |p: &str| go.starts_with(&format!("{owner}{p}"));
    if part("Body") || part("Query") {
        Some("Param")
    } else if part("ResResult") {
        Some("Info")
    } else {
        None
    }
}

/// The last CamelCase words every name ends with (`TosParam` of
/// `HlsParamTosParam` and `Mp4ParamTosParam`), if any: the fewest that do not
/// begin with a word the SDK's generator joins names with (`Param` alone
/// would name any parameter) or with a letter (`XParam` of `ImageXParam`).
fn common_words(names: &[&str]) -> Option<String> {
    const JOINS: [&str; 5] = ["Param", "Item", "Items", "List", "Properties"];
    let (first, rest) = names.split_first()?;
    let starts: Vec<usize> = first.char_indices().filter(|(_, c)| c.is_ascii_uppercase()).map(|(i, _)| i).collect();
    // A tail that begins with a capital begins a word wherever it ends a name.
    starts
        .into_iter()
        .rev()
        .map(|i| &first[i..])
        .take_while(|tail| rest.iter().all(|n| n.ends_with(tail)))
        .find(|tail| {
            let word = tail[1..].find(|c: char| c.is_ascii_uppercase()).map_or(*tail, |end| &tail[..=end]);
            word.len() > 1 && !JOINS.contains(&word)
        })
        .map(str::to_owned)
}

/// The names a struct may take, most wanted first, each a valid type name;
/// the last is its Go name.
fn candidates(go: &str, action: &str, words: &BTreeMap<String, String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(path) = go.strip_prefix("Components").and_then(|r| r.split_once("Schemas")).map(|(_, p)| p) {
        // `<root>Properties<member>...`: the root schema and its `Result` say nothing of the type.
        // A map's values (`<member>Additionalproperties`) are the member's `Value`.
        let parts: Vec<String> = path
            .split("Properties")
            .skip(1)
            .map(|p| p.strip_suffix("Items").unwrap_or(p))
            .filter(|p| !p.is_empty() && *p != "Result")
            .map(|p| match p.strip_suffix("Additionalproperties") {
                Some(member) => format!("{}Value", recase(member, words)),
                None => recase(p, words),
            })
            .collect();
        for n in 1..=parts.len() {
            out.push(parts[parts.len() - n..].concat());
        }
        out.extend(parts.last().map(|last| format!("{action}{last}")));
    } else {
        let rest = ["ResResult", "Body", "Query"].iter().find_map(|p| go.strip_prefix(&format!("{action}{p}")));
        if let Some(rest) = rest.map(|r| r.strip_suffix("Item").unwrap_or(r)).filter(|r| !r.is_empty()) {
            let short = rest.strip_suffix("List").filter(|s| !s.is_empty());
            out.extend(short.map(str::to_owned));
            out.push(rest.to_owned());
            // Inside a list's element (`PresetListItemSlicePresetV2`): without the list's `ListItem`.
            let flat = Some(rest.replace("ListItem", "")).filter(|f| f != rest && !f.is_empty());
            out.extend(flat.clone());
            out.extend(short.map(|s| format!("{action}{s}")));
            out.extend(flat.map(|f| format!("{action}{f}")));
            out.push(format!("{action}{rest}"));
        }
    }
    out.push(go.to_owned());
    let mut valid: Vec<String> = Vec::new();
    for c in out {
        if let Ok(name) = names::type_name(&c)
            && !valid.contains(&name)
        {
            valid.push(name);
        }
    }
    if valid.is_empty() {
        valid.push(go.to_owned());
    }
    valid
}

/// How the SDK's field names case each word the generator lowercased in a
/// shared schema's path (`tosparam` -> `TOSParam`).
fn words(sdk: &Sdk) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for f in sdk.structs.values().flat_map(|s| &s.fields) {
        for name in [Some(&f.go_name), f.wire.as_ref()].into_iter().flatten() {
            out.entry(name.to_ascii_lowercase()).or_insert_with(|| name.clone());
        }
    }
    out
}

fn recase(part: &str, words: &BTreeMap<String, String>) -> String {
    words.get(&part.to_ascii_lowercase()).cloned().unwrap_or_else(|| part.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"package live_v20230101

var (
	ApiListInfo = map[string]*common.ApiInfo{

		"DescribeThings": {
			Method: http.MethodGet,
			Path:   "/",
			Query: url.Values{
				"Action":  []string{"DescribeThings"},
				"Version": []string{"2023-01-01"},
			},
		},
		"UpdateThing": {
			Method: http.MethodPost,
			Path:   "/",
			Query: url.Values{
				"Action":  []string{"UpdateThing"},
				"Version": []string{"2023-01-01"},
			},
		},
		"DescribeIpInfo": {
			Method: http.MethodPost,
			Path:   "/",
			Query: url.Values{
				"Action":  []string{"DescribeIpInfo"},
				"Version": []string{"2023-01-01"},
			},
		},
	}
)
"#;

    const MODEL: &str = r#"package live_v20230101

type Relative string

type DescribeThingsQuery struct {

	// REQUIRED; 查询数据的页码，取值为
	// 正整数。
	PageNum int32 `json:"PageNum" query:"PageNum"`

	// 使用流名称进行查询的方式，默认值为 strict，支持的取值即含义如下所示。
	// * fuzzy：模糊匹配；
	// * strict：精准匹配。
	QueryType *string `json:"QueryType,omitempty" query:"QueryType"`
}

type DescribeThingsBody struct{}

type DescribeThingsRes struct {

	// REQUIRED
	ResponseMetadata DescribeThingsResResponseMetadata `json:"ResponseMetadata"`
	Result           *DescribeThingsResResult          `json:"Result,omitempty"`
}

type DescribeThingsResResponseMetadata struct {

	// REQUIRED
	RequestID string `json:"RequestId"`
}

type DescribeThingsResResult struct {

	// REQUIRED; 东西的列表。
	ThingList []*DescribeThingsResResultThingListItem `json:"ThingList"`

	// 附加信息。
	Extra map[string]interface{} `json:"Extra,omitempty"`
}

// DescribeThingsResResultThingListItem - 一个东西。
type DescribeThingsResResultThingListItem struct {

	// REQUIRED; 东西的鉴权密钥。
	AuthKey string `json:"AuthKey"`

	// 位置，参见 ListDomainDetail
	// [https://example.com] 接口。
	Position *Relative `json:"Position,omitempty"`

	// OPTIONAL; Contains additional key/value pairs not defined in the schema.
	AdditionalProperties map[string]*string
}

type UpdateThingQuery struct{}

type UpdateThingBody struct {

	// REQUIRED; 东西的名字。
	Names []*string `json:"Names"`
}

type UpdateThingRes struct {

	// REQUIRED
	ResponseMetadata UpdateThingResResponseMetadata `json:"ResponseMetadata"`

	// Anything
	Result interface{} `json:"Result,omitempty"`
}

type UpdateThingResResponseMetadata struct{}

type DescribeIPInfoBody struct {

	// REQUIRED
	Ips []string `json:"Ips"`
}

type DescribeIPInfoRes struct {
	Result *DescribeIPInfoResResult `json:"Result,omitempty"`
}

type DescribeIPInfoResResult struct {

	// REQUIRED
	List []DescribeIPInfoResResultListItem `json:"List"`
}

type DescribeIPInfoResResultListItem struct {

	// REQUIRED
	IP string `json:"IP"`
}
"#;

    fn sdk() -> Sdk {
        Sdk::parse(CONFIG, MODEL).unwrap()
    }

    fn metadata() -> Metadata {
        Metadata { package: PACKAGE.into(), file: METADATA_FILE.into(), date: "2026-12-03".into() }
    }

    #[test]
    fn the_go_source_is_read_as_the_generator_writes_it() {
        let sdk = sdk();
        let names: Vec<(&str, &str, &str)> =
            sdk.actions.iter().map(|a| (a.name.as_str(), a.method.as_str(), a.go_name.as_str())).collect();
        assert_eq!(
            names,
            [
                ("DescribeThings", "GET", "DescribeThings"),
                ("UpdateThing", "POST", "UpdateThing"),
                // The wire name is config.go's; the types go by another case.
                ("DescribeIpInfo", "POST", "DescribeIPInfo"),
            ]
        );
        let query = &sdk.structs["DescribeThingsQuery"].fields;
        let page = &query[0];
        assert!(page.required && page.query);
        assert_eq!(page.doc, "查询数据的页码，取值为正整数。", "Chinese lines join without a space");
        assert_eq!(
            query[1].doc,
            "使用流名称进行查询的方式，默认值为 strict，支持的取值即含义如下所示。\n* fuzzy：模糊匹配；\n* strict：精准匹配。"
        );
        assert_eq!(query[1].ty, GoType::Scalar("string".into()), "the pointer is dropped");
        let item = &sdk.structs["DescribeThingsResResultThingListItem"];
        assert_eq!(item.doc, "一个东西。");
        assert_eq!(item.fields[1].doc, "位置，参见 ListDomainDetail [https://example.com] 接口。");
        assert_eq!(item.fields[2].wire, None);
        assert!(!item.fields[2].required && item.fields[2].doc.starts_with("Contains"));
        let result = &sdk.structs["DescribeThingsResResult"].fields;
        assert_eq!(result[0].ty, GoType::List(Box::new(GoType::Named("DescribeThingsResResultThingListItem".into()))));
        assert_eq!(result[1].ty, GoType::Map(Box::new(GoType::Any)));
        assert_eq!(sdk.aliases["Relative"], "string");
        assert_eq!(
            join_doc(&["a", "b", "见", "HTTP", "，x", "* v：m", "n", "[https://e.com]"]),
            "a b 见 HTTP，x\n* v：m n [https://e.com]"
        );
    }

    #[test]
    fn malformed_source_is_refused_with_its_file_and_line() {
        let broken = MODEL.replacen(
            "\tPageNum int32 `json:\"PageNum\" query:\"PageNum\"`",
            "\tPageNum int32 `json:\"PageNum",
            1,
        );
        let err = Sdk::parse(CONFIG, &broken).unwrap_err();
        assert_eq!(err, "model.go:9: the tags of `PageNum` are not closed");
        let unclosed = "package p\n\ntype A struct {\n\tB string `json:\"B\"`\n";
        assert_eq!(Sdk::parse(CONFIG, unclosed).unwrap_err(), "model.go:3: the struct `A` is not closed");
        let err = Sdk::parse(CONFIG, &MODEL.replace("*Relative", "*Absolute")).unwrap_err();
        assert!(err.contains("`Position` is of type `Absolute`, which model.go does not declare"), "{err}");
        let err =
            Sdk::parse(CONFIG, &MODEL.replace("int32 `json:\"PageNum\"", "chan int `json:\"PageNum\"")).unwrap_err();
        assert!(err.starts_with("model.go:9: `PageNum` has a type this reader does not know"), "{err}");
        let err = Sdk::parse(&CONFIG.replace("http.MethodGet,", "GET,"), MODEL).unwrap_err();
        assert!(err.starts_with("config.go:7: expected `Method: http.MethodGet,`"), "{err}");
        let err = Sdk::parse(&CONFIG.replace("DescribeIpInfo", "DescribeIpInfos"), MODEL).unwrap_err();
        assert!(err.contains("model.go has no answer of the action `DescribeIpInfos`"), "{err}");
        assert!(Sdk::parse("", MODEL).unwrap_err().contains("no `ApiListInfo"));
        let deep = format!("package p\n\ntype A struct {{\n\tB {}string\n}}\n", "[]".repeat(100));
        assert!(Sdk::parse(CONFIG, &deep).unwrap_err().starts_with("model.go:4:"));
    }

    #[test]
    fn a_draft_holds_what_the_sdk_says() {
        let draft = draft(&sdk(), "2023-01-01", &metadata(), &BTreeMap::new(), &[]).unwrap();
        let [describe, update, ip] = &draft.operations[..] else { panic!("{:#?}", draft.operations) };
        // GET: the query is where fields go unless they say otherwise.
        assert_eq!(describe.http.method, HttpMethod::GET);
        assert_eq!((describe.request[0].name.as_str(), describe.request[0].ty.as_str()), ("PageNum", "i32"));
        assert_eq!(describe.request[0].location, None);
        // The members of Result, named by the path without the prefix, `Item` or `List`.
        assert_eq!(describe.response[0].ty, "list<Thing>");
        assert_eq!(describe.response[1].ty, "map<json>");
        let thing = &describe.types[0];
        assert_eq!(thing.name, "Thing");
        let fields = thing.fields.as_ref().unwrap();
        assert!(fields[0].sensitive, "AuthKey is a secret");
        assert_eq!(fields[1].ty, "string", "a named scalar is its scalar");
        assert_eq!(fields.len(), 2, "the members without a JSON name are left out");
        assert!(describe.notes.iter().any(|n| n.crosscheck == ["types.Thing.AdditionalProperties: missing"]));
        // `Result interface{}`: no response fields, and a note the crosscheck names.
        assert!(update.response.is_empty());
        assert!(update.notes.iter().any(|n| n.subject == "Result" && n.crosscheck == ["response.Result: missing"]));
        assert_eq!(update.request[0].ty, "list<string>");
        assert_eq!(update.examples[0].params.as_ref().unwrap()["Names"], serde_json::json!(["example"]));
        // `List` is a name of its own: the types of DescribeIPInfo keep it.
        assert_eq!(ip.name, "DescribeIpInfo");
        assert_eq!(ip.response[0].ty, "list<List>");
        assert!(ip.examples[0].constructed);
        assert!(draft.types.types.is_empty());
        assert!(ip.notes.iter().any(|n| n.subject == "errors"));
        let error = super::draft(&sdk(), "2020-08-01", &metadata(), &BTreeMap::new(), &[]).unwrap_err();
        assert!(error.contains("no action of API version 2020-08-01"), "{error}");
    }

    #[test]
    fn values_a_comment_lists_are_drafted_as_enums() {
        let model = MODEL.replace(
            "\t// REQUIRED; 东西的鉴权密钥。",
            "\t// 状态，取值如下：\n\t// * 0：停用；\n\t// * 1：启用。\n\tStatus *int32 `json:\"Status,omitempty\"`\n\n\t// REQUIRED; 东西的鉴权密钥。",
        );
        let sdk = Sdk::parse(CONFIG, &model).unwrap();
        let draft = draft(&sdk, "2023-01-01", &metadata(), &BTreeMap::new(), &[]).unwrap();
        let describe = &draft.operations[0];
        let query_type = describe.request.iter().find(|f| f.name == "QueryType").unwrap();
        assert_eq!(query_type.ty, "QueryType");
        let def = describe.types.iter().find(|t| t.name == "QueryType").expect("the enum, in the action's file");
        assert_eq!(def.description, "使用流名称进行查询的方式，默认值为 strict。");
        let values: Vec<_> = def.values.iter().flatten().map(|v| (&v.value, v.description.as_str())).collect();
        assert_eq!(
            values,
            [(&Literal::String("fuzzy".into()), "模糊匹配"), (&Literal::String("strict".into()), "精准匹配")]
        );
        // An integer's values are named `Value<n>` until a person names them, as a note says.
        let thing = describe.types.iter().find(|t| t.name == "Thing").unwrap();
        assert_eq!(thing.fields.iter().flatten().find(|f| f.name == "Status").unwrap().ty, "Status");
        let status = describe.types.iter().find(|t| t.name == "Status").unwrap();
        let names: Vec<_> = status.values.iter().flatten().map(|v| v.rust_name.as_deref()).collect();
        assert_eq!(names, [Some("Value0"), Some("Value1")]);
        assert!(describe.notes.iter().any(|n| n.subject == "types.Status"));
        // A draft of one action names its enums as the draft of all does.
        let one = super::draft(&sdk, "2023-01-01", &metadata(), &BTreeMap::new(), &["DescribeThings".into()]).unwrap();
        assert!(one.operations[0].types.iter().any(|t| t.name == "QueryType" && t.values.is_some()));
    }

    #[test]
    fn a_query_field_of_a_post_says_where_it_goes() {
        let config = CONFIG.replace("http.MethodGet", "http.MethodPost");
        let sdk = Sdk::parse(&config, MODEL).unwrap();
        let only = ["DescribeThings".to_owned()];
        let draft = draft(&sdk, "2023-01-01", &metadata(), &BTreeMap::new(), &only).unwrap();
        assert_eq!(draft.operations.len(), 1);
        assert_eq!(draft.operations[0].request[0].location, Some(Location::Query));
    }

    #[test]
    fn type_names_are_short_where_they_are_free() {
        let words = BTreeMap::from([
            ("tosparam".to_owned(), "TOSParam".to_owned()),
            ("flvparam".to_owned(), "FlvParam".to_owned()),
        ]);
        assert_eq!(
            candidates("UpdateCallbackBodyCallbackDetailListItem", "UpdateCallback", &words),
            [
                "CallbackDetail",
                "CallbackDetailList",
                "UpdateCallbackCallbackDetail",
                "UpdateCallbackCallbackDetailList",
                "UpdateCallbackBodyCallbackDetailListItem"
            ]
        );
        let inner = candidates("ListPresetResResultPresetListItemSlicePreset", "ListPreset", &words);
        assert_eq!(inner[..2], ["PresetListItemSlicePreset", "PresetSlicePreset"]);
        let go = "ComponentsBbqv7RSchemasListvhostrecordpresetv2ResPropertiesResultPropertiesPresetlistItemsPropertiesFlvparamPropertiesTosparam";
        assert_eq!(
            candidates(go, "Describe", &words)[..4],
            ["TosParam", "FlvParamTosParam", "PresetlistFlvParamTosParam", "DescribeTosParam"]
        );
        let go = "Components130L268SchemasCreatehighlighttaskbodyPropertiesSellpointparamPropertiesEcommerceinfoAdditionalproperties";
        assert_eq!(candidates(go, "X", &words)[0], "EcommerceinfoValue");
        // Two actions want `Thing`: each takes its longer name; the prelude's `Option` is no type's.
        let model = MODEL.replace("ThingListItem", "OptionListItem")
            + "\ntype UpdateThingBodyThing struct {\n\tA string `json:\"A\"`\n}\n";
        let model = model.replace(
            "Names []*string `json:\"Names\"`",
            "Names []*string `json:\"Names\"`\n\tThing *UpdateThingBodyThing `json:\"Thing\"`",
        );
        let sdk = Sdk::parse(CONFIG, &model).unwrap();
        let draft = draft(&sdk, "2023-01-01", &metadata(), &BTreeMap::new(), &[]).unwrap();
        assert_eq!(draft.operations[0].types[0].name, "OptionList");
        assert_eq!(draft.operations[1].types[0].name, "Thing");
    }

    #[test]
    fn structs_alike_in_every_word_are_one_type() {
        let action = |name: &str| {
            format!(
                "\t\t\"{name}\": {{\n\t\t\tMethod: http.MethodPost,\n\t\t\tPath:   \"/\",\n\t\t\tQuery: url.Values{{\n\
                 \t\t\t\t\"Action\":  []string{{\"{name}\"}},\n\t\t\t\t\"Version\": []string{{\"2023-01-01\"}},\n\t\t\t}},\n\t\t}},\n"
            )
        };
        let config = format!(
            "package live_v20230101\n\nvar (\n\tApiListInfo = map[string]*common.ApiInfo{{\n{}{}\t}}\n)\n",
            action("ListA"),
            action("ListB")
        );
        // Each action declares its own structs; the note of B says something else.
        let model_of = |a: &str, note: &str| {
            format!(
                r#"
type {a}Body struct {{
	// 区域。
	Region *{a}BodyRegion `json:"Region,omitempty"`
}}

type {a}BodyRegion struct {{
	// 大区。
	Area *string `json:"Area,omitempty"`
}}

type {a}Res struct {{
	// REQUIRED
	ResponseMetadata {a}ResResponseMetadata `json:"ResponseMetadata"`
	Result *{a}ResResult `json:"Result,omitempty"`
}}

type {a}ResResponseMetadata struct {{
	// REQUIRED
	RequestID string `json:"RequestId"`
}}

type {a}ResResult struct {{
	// 区域列表。
	RegionList []*{a}ResResultRegionListItem `json:"RegionList,omitempty"`
	// 说明。
	Note *{a}ResResultNote `json:"Note,omitempty"`
}}

type {a}ResResultRegionListItem struct {{
	// 大区。
	Area *string `json:"Area,omitempty"`
	// 位置。
	Point *{a}ResResultRegionListItemPoint `json:"Point,omitempty"`
}}

type {a}ResResultRegionListItemPoint struct {{
	// 横坐标。
	X *int32 `json:"X,omitempty"`
}}

type {a}ResResultNote struct {{
	// {note}
	Text *string `json:"Text,omitempty"`
}}
"#
            )
        };
        let model =
            format!("package live_v20230101\n{}{}", model_of("ListA", "说明。"), model_of("ListB", "说明（B）。"));
        let sdk = Sdk::parse(&config, &model).unwrap();
        let draft = draft(&sdk, "2023-01-01", &metadata(), &BTreeMap::new(), &[]).unwrap();
        let shared: Vec<&str> = draft.types.types.iter().map(|t| t.name.as_str()).collect();
        // The regions of a request and of an answer say other things, so they are two types,
        // each named for what it is in both actions; the point is one type, and so, holding it,
        // is the answer's region.
        assert_eq!(shared, ["RegionParam", "RegionInfo", "RegionListItemPoint"], "{shared:?}");
        let info = &draft.types.types[1];
        assert_eq!(
            info.description,
            "`ListAResResultRegionListItem` 及与之相同的 `ListBResResultRegionListItem`（SDK 的结构体）。"
        );
        assert_eq!(info.fields.as_ref().unwrap()[1].ty, "RegionListItemPoint");
        let [a, b] = draft.operations.as_slice() else { panic!("{:?}", draft.operations) };
        // The bodies are alike too, but each is its action's request.
        for op in [a, b] {
            assert_eq!((op.request[0].name.as_str(), op.request[0].ty.as_str()), ("Region", "RegionParam"));
            assert_eq!(op.response[0].ty, "list<RegionInfo>");
        }
        // Notes that differ in a word stay each action's own.
        assert_eq!(a.types.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["ListANote"]);
        assert_eq!(b.types.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["ListBNote"]);
        assert_eq!(common_words(&["HlsParamTosParam", "Mp4ParamTosParam"]).as_deref(), Some("TosParam"));
        assert_eq!(common_words(&["HlsParam", "Mp4Param"]), None, "`Param` alone names nothing");
        assert_eq!(common_words(&["JpegParamImageXParam", "JpgParamImageXParam"]).as_deref(), Some("ImageXParam"));
    }

    #[test]
    fn java_docs_give_summaries_and_descriptions() {
        let java = r#"
    /**
     * <p>describeLicenseDRM</p>
     * <p>获取 DRM  授权许可文件</p>
     *
     * <p>调用 `DescribeLicenseDRM` 接口，向 &lt;DRM&gt; 平台发起请求。</p>
     * <p>第二段<b>加粗</b>。</p>
     *
     * @param query query arguments
     */
    public DescribeLicenseDRMRes describeLicenseDRM(DescribeLicenseDRMQuery query) throws Exception {
    /**
     * <p>describeIPInfo</p>
     * <p>查询 IP 信息</p>
     */
    public DescribeIPInfoRes describeIPInfo(DescribeIPInfoBody body) throws Exception {
    /**
     * <p>somethingElse</p>
     * <p>Not this method's comment</p>
     */
    public OtherRes other(OtherBody body) throws Exception {
    /** Live Trait */
    public class LiveTrait {
"#;
        let docs = java_docs(java);
        assert_eq!(docs.len(), 2, "{docs:?}");
        let drm = &docs["describelicensedrm"];
        assert_eq!(drm.summary, "获取 DRM 授权许可文件");
        assert_eq!(drm.description, "调用 `DescribeLicenseDRM` 接口，向 <DRM> 平台发起请求。\n\n第二段加粗。");
        // Only a summary: it is the description too; the key is the wire name's lower case.
        assert_eq!(docs["describeipinfo"].description, "查询 IP 信息");
        assert!(java_docs("/** <p>a</p> unclosed").is_empty());
        // The draft takes an action's text from them, matched by name whatever the case.
        let draft = draft(&sdk(), "2023-01-01", &metadata(), &docs, &[]).unwrap();
        let ip = draft.operations.iter().find(|o| o.name == "DescribeIpInfo").unwrap();
        assert_eq!((ip.summary.as_str(), ip.description.as_str()), ("查询 IP 信息。", "查询 IP 信息"));
        assert_eq!(ip.source.title, "查询 IP 信息（DescribeIpInfo）");
        assert!(!ip.notes.iter().any(|n| n.subject == "summary"));
        let other = draft.operations.iter().find(|o| o.name != "DescribeIpInfo").unwrap();
        assert_eq!(other.summary, other.name);
        assert!(other.notes.iter().any(|n| n.subject == "summary"));
    }
}
