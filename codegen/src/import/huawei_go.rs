//! The models of Huawei Cloud's official Go SDK (`huaweicloud-sdk-go-v3`,
//! `services/live/<module>/model/*.go`), which say what the Python SDK does
//! not: the width of each integer (`int32`, `int64`), the values of each enum
//! (a `type XY struct { value string }` with its `GetXYEnum()`, some over
//! `int32`), and which members are times (`*sdktime.SdkTime`).
//!
//! The files are read as the SDK's generator writes them (gofmt'd: a
//! declaration begins at the start of its line, and a struct or a function
//! ends at a line `}`); anything else is refused, naming the file and the line.

use std::collections::{BTreeMap, BTreeSet};

use super::go::{GoType, is_ident, parse_tags, parse_type, shorten};
use crate::spec::Literal;

/// The SDK release the committed fixture comes from.
pub const PACKAGE: &str = "huaweicloud-sdk-go-v3 v0.1.188";

/// How `sdktime.SdkTime` writes a time (`2006-01-02T15:04:05Z` in Go's
/// notation), in the spelling of the specs' `constraints.format`.
pub const TIME_FORMAT: &str = "yyyy-MM-ddTHH:mm:ssZ";

/// The SDK's models, by module (`v1`, `v2`, as the Python SDK's modules).
#[derive(Debug, Clone, Default)]
pub struct Sdk {
    pub modules: BTreeMap<String, Models>,
}

/// The structs and enums of one module's `model/` directory.
#[derive(Debug, Clone, Default)]
pub struct Models {
    pub structs: BTreeMap<String, Struct>,
    pub enums: BTreeMap<String, Enum>,
}

#[derive(Debug, Clone)]
pub struct Struct {
    /// Where it is declared: the file's name and the line (1-based).
    pub file: String,
    pub line: usize,
    /// The members with a JSON name (`json:"-"` ones are not members).
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub go_name: String,
    /// The name of the `json:` tag.
    pub wire: String,
    pub ty: GoType,
    /// The type is a pointer: the SDK may leave the member out.
    pub pointer: bool,
    pub line: usize,
}

/// An enum: `type X struct { value string }` and the values `GetXEnum()` gives.
#[derive(Debug, Clone)]
pub struct Enum {
    pub file: String,
    pub line: usize,
    /// Over `int32` or `int64` rather than `string`.
    pub integer: bool,
    pub values: Vec<Literal>,
}

/// A struct as read, before it is told apart from an enum.
struct RawStruct {
    file: String,
    line: usize,
    fields: Vec<RawField>,
}

/// A member as read; no JSON name for `value` and the members of the `XEnum` holders.
struct RawField {
    go_name: String,
    ty: GoType,
    wire: Option<String>,
    pointer: bool,
    line: usize,
}

impl Sdk {
    /// Reads the models of each module: `(module, [(file name, text)])`.
    pub fn parse(modules: &[(String, Vec<(String, String)>)]) -> Result<Sdk, String> {
        let mut sdk = Sdk::default();
        for (module, files) in modules {
            let models = Models::parse(files).map_err(|e| format!("{module}/{e}"))?;
            sdk.modules.insert(module.clone(), models);
        }
        Ok(sdk)
    }
}

impl Models {
    /// Reads the files of one `model/` directory, by name and text.
    pub fn parse(files: &[(String, String)]) -> Result<Models, String> {
        let mut raw: BTreeMap<String, RawStruct> = BTreeMap::new();
        // `GetXEnum()` bodies: X → (file, line, the body's lines with their numbers).
        let mut values: Values = BTreeMap::new();
        for (file, text) in files {
            parse_file(file, text, &mut raw, &mut values)?;
        }
        let mut models = Models::default();
        for (name, s) in &raw {
            let [RawField { go_name, ty: GoType::Scalar(scalar), wire: None, pointer: false, .. }] =
                s.fields.as_slice()
            else {
                continue;
            };
            if go_name != "value" {
                continue;
            }
            let integer = match scalar.as_str() {
                "string" => false,
                "int32" | "int64" => true,
                other => {
                    return Err(format!(
                        "{}:{}: the enum `{name}` is over `{other}`, which no enum of the SDK is",
                        s.file, s.line
                    ));
                }
            };
            let Some((vfile, vline, body)) = values.remove(name) else {
                return Err(format!("{}:{}: the enum `{name}` has no function `Get{name}Enum`", s.file, s.line));
            };
            let mut list = Vec::new();
            for (n, line) in body {
                let Some((_, literal)) = line.split_once("value:") else { continue };
                let literal = literal.trim().trim_end_matches(',').trim();
                let value =
                    enum_value(literal, integer).map_err(|why| format!("{vfile}:{n}: a value of `{name}`: {why}"))?;
                if list.contains(&value) {
                    return Err(format!("{vfile}:{n}: `{name}` has the value `{literal}` twice"));
                }
                list.push(value);
            }
            if list.is_empty() {
                return Err(format!("{vfile}:{vline}: `Get{name}Enum` gives no value"));
            }
            models.enums.insert(name.clone(), Enum { file: s.file.clone(), line: s.line, integer, values: list });
        }
        if let Some((name, (file, line, _))) = values.iter().next() {
            return Err(format!("{file}:{line}: `Get{name}Enum` gives the values of `{name}`, which is no enum"));
        }
        for (name, s) in raw {
            if models.enums.contains_key(&name) {
                continue;
            }
            let fields: Vec<Field> = s
                .fields
                .into_iter()
                .filter_map(|f| {
                    Some(Field { go_name: f.go_name, wire: f.wire?, ty: f.ty, pointer: f.pointer, line: f.line })
                })
                .collect();
            // `XEnum`, the holder of an enum's values, has no member on the wire.
            if fields.is_empty() && name.strip_suffix("Enum").is_some_and(|e| models.enums.contains_key(e)) {
                continue;
            }
            models.structs.insert(name, Struct { file: s.file, line: s.line, fields });
        }
        // Every type a member names is declared.
        for s in models.structs.values() {
            for f in &s.fields {
                let mut named = Vec::new();
                names_in(&f.ty, &mut named);
                if let Some(n) =
                    named.iter().find(|n| !models.structs.contains_key(*n) && !models.enums.contains_key(*n))
                {
                    return Err(format!(
                        "{}:{}: `{}` is of type `{n}`, which no file declares as a struct or an enum",
                        s.file, f.line, f.go_name
                    ));
                }
            }
        }
        Ok(models)
    }

    /// The member of struct `model` whose JSON name is `wire`. The Python SDK
    /// cases some names otherwise (`SCTE35InfoItem` for `Scte35InfoItem`): a
    /// struct of the same name in any case is the model, if it is the only one.
    pub fn field(&self, model: &str, wire: &str) -> Option<&Field> {
        let s = self.structs.get(model).or_else(|| {
            let mut same = self.structs.iter().filter(|(name, _)| name.eq_ignore_ascii_case(model));
            match (same.next(), same.next()) {
                (Some((_, s)), None) => Some(s),
                _ => None,
            }
        })?;
        s.fields.iter().find(|f| f.wire == wire)
    }
}

/// The named types in a Go type.
pub fn names_in(ty: &GoType, out: &mut Vec<String>) {
    match ty {
        GoType::Named(n) => out.push(n.clone()),
        GoType::List(t) | GoType::Map(t) => names_in(t, out),
        GoType::Scalar(_) | GoType::Qualified(..) | GoType::Any => {}
    }
}

/// Whether a Go type is the SDK's time (`sdktime.SdkTime`).
pub fn is_time(ty: &GoType) -> bool {
    matches!(ty, GoType::Qualified(p, n) if p == "sdktime" && n == "SdkTime")
}

fn enum_value(literal: &str, integer: bool) -> Result<Literal, String> {
    if integer {
        return literal
            .parse::<i64>()
            .map(Literal::Integer)
            .map_err(|_| format!("`{}` is no integer", shorten(literal)));
    }
    if !(literal.len() >= 2 && literal.starts_with('"') && literal.ends_with('"')) {
        return Err(format!("`{}` is no string", shorten(literal)));
    }
    // A Go string literal of the SDK's values (no escapes beyond JSON's).
    serde_json::from_str::<String>(literal)
        .map(Literal::String)
        .map_err(|_| format!("`{}` is no string this reader knows", shorten(literal)))
}

type Values = BTreeMap<String, (String, usize, Vec<(usize, String)>)>;

fn parse_file(
    file: &str,
    text: &str,
    raw: &mut BTreeMap<String, RawStruct>,
    values: &mut Values,
) -> Result<(), String> {
    let at = |i: usize, what: String| format!("{file}:{}: {what}", i + 1);
    let lines: Vec<&str> = text.lines().collect();
    // The line that closes a block opened at `start`: the first `close` at the start of a line.
    let closing = |start: usize, close: &str| -> Option<usize> {
        (start + 1..lines.len()).find(|&j| lines[j].trim_end() == close)
    };
    let mut seen_package = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_end();
        if line.is_empty() || line.starts_with("//") {
            i += 1;
            continue;
        }
        if let Some(name) = line.strip_prefix("package ") {
            if seen_package || !is_ident(name.trim()) {
                return Err(at(i, format!("expected a declaration, found `{}`", shorten(line))));
            }
            seen_package = true;
            i += 1;
            continue;
        }
        if !seen_package {
            return Err(at(i, format!("expected `package model`, found `{}`", shorten(line))));
        }
        if line == "import (" {
            i = closing(i, ")").ok_or_else(|| at(i, "the import list is not closed".into()))? + 1;
            continue;
        }
        if line.starts_with("import \"") {
            i += 1;
            continue;
        }
        if let Some(rest) = line.strip_prefix("type ") {
            let Some((name, def)) = rest.split_once(' ').filter(|(name, _)| is_ident(name)) else {
                return Err(at(i, format!("expected a type declaration, found `{}`", shorten(line))));
            };
            if let Some(first) = raw.get(name) {
                return Err(at(i, format!("`{name}` is declared twice (first at {}:{})", first.file, first.line)));
            }
            let decl = i;
            let fields = match def.trim() {
                "struct{}" => Vec::new(),
                "struct {" => {
                    let end =
                        struct_end(&lines, i).ok_or_else(|| at(i, format!("the struct `{name}` is not closed")))?;
                    let mut fields = Vec::new();
                    for (j, field) in lines.iter().enumerate().take(end).skip(i + 1) {
                        let field = field.trim();
                        if field.is_empty() || field.starts_with("//") {
                            continue;
                        }
                        if let Some(f) = parse_field(field).map_err(|why| at(j, why))? {
                            fields.push(RawField { line: j + 1, ..f });
                        }
                    }
                    i = end;
                    fields
                }
                other => {
                    return Err(at(i, format!("`{name}` is no struct: `{}`", shorten(other))));
                }
            };
            raw.insert(name.to_owned(), RawStruct { file: file.to_owned(), line: decl + 1, fields });
            i += 1;
            continue;
        }
        if line.starts_with("func ") {
            if !line.ends_with('{') {
                return Err(at(i, format!("expected a function with a body, found `{}`", shorten(line))));
            }
            let end = closing(i, "}").ok_or_else(|| at(i, "the function is not closed".into()))?;
            // `func GetXEnum() XEnum {`: the values of X.
            let enum_of = line
                .strip_prefix("func Get")
                .and_then(|r| r.split_once("Enum() "))
                .filter(|(name, ret)| is_ident(name) && *ret == format!("{name}Enum {{"))
                .map(|(name, _)| name.to_owned());
            if let Some(name) = enum_of {
                if let Some((first, n, _)) = values.get(&name) {
                    return Err(at(i, format!("`Get{name}Enum` is declared twice (first at {first}:{n})")));
                }
                let body = (i + 1..end).map(|j| (j + 1, lines[j].to_owned())).collect();
                values.insert(name, (file.to_owned(), i + 1, body));
            }
            i = end + 1;
            continue;
        }
        return Err(at(i, format!("expected a declaration, found `{}`", shorten(line))));
    }
    if !seen_package {
        return Err(format!("{file}:1: no `package` clause (not a Go file?)"));
    }
    Ok(())
}

/// The line that closes the struct declared at `start`: a `}` at the start of
/// a line, before any other declaration begins.
fn struct_end(lines: &[&str], start: usize) -> Option<usize> {
    for (j, line) in lines.iter().enumerate().skip(start + 1) {
        if line.trim_end() == "}" {
            return Some(j);
        }
        if ["type ", "func ", "package ", "import"].iter().any(|k| line.starts_with(k)) {
            return None;
        }
    }
    None
}

/// A member line (`Name Type `json:"wire,omitempty"``): its Go name, type,
/// JSON name and whether it is a pointer; none for a `json:"-"` member.
fn parse_field(line: &str) -> Result<Option<RawField>, String> {
    let (go_name, rest) = line.split_once([' ', '\t']).unwrap_or((line, ""));
    let rest = rest.trim();
    if !is_ident(go_name) || rest.is_empty() {
        return Err(format!("expected a member, found `{}`", shorten(line)));
    }
    let (go_type, wire) = match rest.split_once('`') {
        Some((ty, tags)) => {
            let tags = tags.strip_suffix('`').ok_or_else(|| format!("the tags of `{go_name}` are not closed"))?;
            let tags = parse_tags(tags).map_err(|why| format!("the tags of `{go_name}`: {why}"))?;
            let json = tags.iter().find(|(k, _)| k == "json").map(|(_, v)| v.as_str());
            let Some(json) = json else {
                return Err(format!("`{go_name}` has tags but no `json:` tag"));
            };
            let wire = json.split(',').next().unwrap_or_default();
            if wire == "-" {
                return Ok(None);
            }
            if wire.is_empty() {
                return Err(format!("`{go_name}` has the JSON tag `{json}`, which names no member"));
            }
            (ty.trim(), Some(wire.to_owned()))
        }
        None => (rest, None),
    };
    let ty = parse_type(go_type, 0)
        .ok_or_else(|| format!("`{go_name}` has a type this reader does not know: `{}`", shorten(go_type)))?;
    Ok(Some(RawField { go_name: go_name.to_owned(), ty, wire, pointer: go_type.starts_with('*'), line: 0 }))
}

/// The spec names of the enums of `models`: the SDK's name (the struct's
/// name, then the member's), without the `Request`, `Response` or
/// `RequestBody` of the struct it belongs to where that name is free
/// (`ListBandwidthDetailRequestProtocol` is `ListBandwidthDetailProtocol`),
/// else the SDK's name itself. `taken` are the other names of the service's
/// types (the models), which an enum's short name must not be.
pub fn enum_names(models: &Models, taken: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut wanted: BTreeMap<String, String> = BTreeMap::new();
    for (sname, s) in &models.structs {
        for f in &s.fields {
            let mut named = Vec::new();
            names_in(&f.ty, &mut named);
            for e in named.into_iter().filter(|n| models.enums.contains_key(n)) {
                if e != format!("{sname}{}", f.go_name) {
                    continue;
                }
                let short = ["RequestBody", "Request", "Response"]
                    .iter()
                    .find_map(|suffix| sname.strip_suffix(suffix))
                    .filter(|base| !base.is_empty())
                    .map(|base| format!("{base}{}", f.go_name));
                if let Some(short) = short {
                    wanted.insert(e, short);
                }
            }
        }
    }
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for short in wanted.values() {
        *count.entry(short.as_str()).or_default() += 1;
    }
    let free = |short: &str| {
        count.get(short) == Some(&1)
            && !taken.contains(short)
            && !models.structs.contains_key(short)
            && !models.enums.contains_key(short)
    };
    models
        .enums
        .keys()
        .map(|e| {
            let name = wanted.get(e).filter(|s| free(s)).cloned().unwrap_or_else(|| e.clone());
            (e.clone(), name)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const THING: &str = r#"package model

import (
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdktime"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/utils"

	"strings"
)

// Thing 一个东西
type Thing struct {

	// 名字
	Name string `json:"name"`

	// 数量
	Count *int32 `json:"count,omitempty"`

	Total *int64 `json:"total,omitempty"`

	Ratio *float32 `json:"ratio,omitempty"`

	Format *ThingFormat `json:"format,omitempty"`

	Gops *[]ThingGop `json:"gops,omitempty"`

	CreateTime *sdktime.SdkTime `json:"create_time,omitempty"`

	Extra map[string]string `json:"extra,omitempty"`

	HttpStatusCode int `json:"-"`
}

func (o Thing) String() string {
	data, err := utils.Marshal(o)
	if err != nil {
		return "Thing struct{}"
	}

	return strings.Join([]string{"Thing", string(data)}, " ")
}

type ThingFormat struct {
	value string
}

type ThingFormatEnum struct {
	FLV ThingFormat
	HLS ThingFormat
}

func GetThingFormatEnum() ThingFormatEnum {
	return ThingFormatEnum{
		FLV: ThingFormat{
			value: "FLV",
		},
		HLS: ThingFormat{
			value: "xml+bin",
		},
	}
}

type ThingGop struct {
	value int32
}

type ThingGopEnum struct {
	E_0 ThingGop
	E_10 ThingGop
}

func GetThingGopEnum() ThingGopEnum {
	return ThingGopEnum{
		E_0: ThingGop{
			value: 0,
		}, E_10: ThingGop{
			value: 10,
		},
	}
}
"#;

    const REQUEST: &str = "package model\n\n// ListThingsRequest Request Object\ntype ListThingsRequest struct {\n\tFormat *ListThingsRequestFormat `json:\"format,omitempty\"`\n\n\tThing *Thing `json:\"thing,omitempty\"`\n}\n\ntype ListThingsRequestFormat struct {\n\tvalue string\n}\n\nfunc GetListThingsRequestFormatEnum() ListThingsRequestFormatEnum {\n\treturn ListThingsRequestFormatEnum{\n\t\tA: ListThingsRequestFormat{\n\t\t\tvalue: \"a\",\n\t\t},\n\t}\n}\n";

    fn files(thing: &str) -> Vec<(String, String)> {
        vec![("model_thing.go".into(), thing.into()), ("model_list_things_request.go".into(), REQUEST.into())]
    }

    #[test]
    fn models_are_read_with_widths_enums_and_times() {
        let m = Models::parse(&files(THING)).unwrap();
        assert_eq!(m.structs.keys().collect::<Vec<_>>(), ["ListThingsRequest", "Thing"]);
        let thing = &m.structs["Thing"];
        assert_eq!((thing.file.as_str(), thing.line), ("model_thing.go", 11));
        let wires: Vec<&str> = thing.fields.iter().map(|f| f.wire.as_str()).collect();
        assert_eq!(wires, ["name", "count", "total", "ratio", "format", "gops", "create_time", "extra"]);
        let count = m.field("Thing", "count").unwrap();
        assert_eq!(m.field("THING", "count").unwrap().line, 17, "a model's name in another case");
        assert_eq!((&count.ty, count.pointer, count.line), (&GoType::Scalar("int32".into()), true, 17));
        assert!(!m.field("Thing", "name").unwrap().pointer);
        assert_eq!(m.field("Thing", "gops").unwrap().ty, GoType::List(Box::new(GoType::Named("ThingGop".into()))));
        assert!(is_time(&m.field("Thing", "create_time").unwrap().ty));
        let format = &m.enums["ThingFormat"];
        assert!(!format.integer);
        assert_eq!(format.values, [Literal::String("FLV".into()), Literal::String("xml+bin".into())]);
        let gop = &m.enums["ThingGop"];
        assert!(gop.integer);
        assert_eq!(gop.values, [Literal::Integer(0), Literal::Integer(10)]);
        // The request's enum loses `Request`; a model's keeps its name.
        let names = enum_names(&m, &BTreeSet::new());
        assert_eq!(names["ListThingsRequestFormat"], "ListThingsFormat");
        assert_eq!(names["ThingFormat"], "ThingFormat");
        let taken = BTreeSet::from(["ListThingsFormat".to_owned()]);
        assert_eq!(enum_names(&m, &taken)["ListThingsRequestFormat"], "ListThingsRequestFormat");
    }

    #[test]
    fn hostile_input_is_refused_with_its_file_and_line() {
        let err = |thing: &str| Models::parse(&files(thing)).unwrap_err();
        // Truncated in a struct, in a function, in the imports.
        let cut = &THING[..THING.find("\tRatio").unwrap()];
        assert_eq!(err(cut), "model_thing.go:11: the struct `Thing` is not closed");
        let cut = &THING[..THING.find("\t\tHLS: ThingFormat{").unwrap()];
        assert_eq!(err(cut), "model_thing.go:52: the function is not closed");
        assert_eq!(err("package model\n\nimport (\n\t\"x\"\n"), "model_thing.go:3: the import list is not closed");
        // A struct left open runs into the next declaration.
        let open = THING.replacen("\tHttpStatusCode int `json:\"-\"`\n}\n", "\tHttpStatusCode int `json:\"-\"`\n", 1);
        assert_eq!(err(&open), "model_thing.go:11: the struct `Thing` is not closed");
        // Garbage, and no Go at all.
        assert!(
            err(&THING.replace("func (o Thing)", "fnord (o Thing)"))
                .starts_with("model_thing.go:34: expected a declaration")
        );
        assert_eq!(err("\u{0}\u{1}garbage"), "model_thing.go:1: expected `package model`, found `\u{0}\u{1}garbage`");
        assert_eq!(err(""), "model_thing.go:1: no `package` clause (not a Go file?)");
        // Members: unclosed tags, a type nobody declares, one this reader does not know.
        let e = err(&THING.replace("`json:\"name\"`", "`json:\"name\""));
        assert_eq!(e, "model_thing.go:14: the tags of `Name` are not closed");
        let e = err(&THING.replace("*ThingFormat `", "*Absent `"));
        assert_eq!(e, "model_thing.go:23: `Format` is of type `Absent`, which no file declares as a struct or an enum");
        let e = err(&THING.replace("*int32 `json:\"count", "chan int `json:\"count"));
        assert!(e.starts_with("model_thing.go:17: `Count` has a type this reader does not know"), "{e}");
        let deep = THING.replace("*int64 `json", &format!("{}int64 `json", "[]".repeat(100)));
        assert!(err(&deep).starts_with("model_thing.go:19:"));
        // Enums: a value of the wrong kind, twice, none, no function at all.
        let e = err(&THING.replace("value: 10,", "value: \"ten\","));
        assert_eq!(e, "model_thing.go:77: a value of `ThingGop`: `\"ten\"` is no integer");
        let e = err(&THING.replace("value: \"xml+bin\",", "value: \"FLV\","));
        assert_eq!(e, "model_thing.go:58: `ThingFormat` has the value `\"FLV\"` twice");
        let e = err(&THING.replace("value: \"FLV\",", "value: FLV,"));
        assert_eq!(e, "model_thing.go:55: a value of `ThingFormat`: `FLV` is no string");
        let none = THING.replace("\t\t\tvalue: 0,\n", "").replace("\t\t\tvalue: 10,\n", "");
        assert_eq!(err(&none), "model_thing.go:72: `GetThingGopEnum` gives no value");
        let e = err(&THING.replace("func GetThingGopEnum()", "func GetThingGopsEnum()"));
        assert!(e.contains("the enum `ThingGop` has no function `GetThingGopEnum`"), "{e}");
        // The same type in two files.
        let twice = vec![("a.go".into(), THING.into()), ("b.go".into(), THING.into())];
        assert_eq!(Models::parse(&twice).unwrap_err(), "b.go:11: `Thing` is declared twice (first at a.go:11)");
        // A module's errors name it.
        let e = Sdk::parse(&[("v1".into(), files("package model\n}\n"))]).unwrap_err();
        assert_eq!(e, "v1/model_thing.go:2: expected a declaration, found `}`");
    }
}
