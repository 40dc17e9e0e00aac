//! Tencent Cloud API 3.0 metadata, as `tccli` ships it (`api.json`,
//! `examples.json`), and the SDKs' error code lists (`errorcodes.py` of
//! `tencentcloud-sdk-python`, the per-action lists in the comments of
//! `tencentcloud-sdk-go`'s `client.go`).

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_json::Value;

use crate::spec::Literal;

/// `api.json`: the actions of one product version and the objects they use.
#[derive(Debug, Clone, Deserialize)]
pub struct Api {
    pub actions: BTreeMap<String, Action>,
    pub objects: BTreeMap<String, Object>,
    pub metadata: ApiMetadata,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiMetadata {
    pub api_version: String,
    pub service_short_name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Action {
    /// HTML: what the action does.
    pub document: String,
    /// The request object's name.
    pub input: String,
    /// The response object's name.
    pub output: String,
    /// The action's short Chinese title.
    pub name: String,
    #[serde(default)]
    pub status: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Object {
    #[serde(default)]
    pub document: String,
    #[serde(default)]
    pub members: Vec<Member>,
    /// `in`, `out` or `both` for data types; absent for requests and responses.
    #[serde(default)]
    pub usage: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Member {
    pub name: String,
    /// The scalar type (`string`, `int64`, `uint64`, `float`, `bool`,
    /// `datetime`) or the object's name; of the elements for a list.
    pub member: String,
    /// `string`, `int`, `float`, `bool`, `list` or `object`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub required: Option<bool>,
    #[serde(default)]
    pub output_required: Option<bool>,
    #[serde(default)]
    pub value_allowed_null: Option<bool>,
    #[serde(default)]
    pub document: String,
    #[serde(default)]
    pub example: Option<String>,
    #[serde(default)]
    pub disabled: Option<bool>,
}

impl Member {
    /// The member's type as a spec writes it.
    pub fn spec_type(&self) -> String {
        let element = match self.member.as_str() {
            "string" | "datetime" => "string".to_owned(),
            "int64" => "i64".to_owned(),
            "uint64" => "u64".to_owned(),
            "float" => "f64".to_owned(),
            "bool" => "bool".to_owned(),
            object => object.to_owned(),
        };
        if self.kind == "list" { format!("list<{element}>") } else { element }
    }

    /// The object this member refers to, if any.
    pub fn object(&self) -> Option<&str> {
        let scalar = matches!(self.member.as_str(), "string" | "datetime" | "int64" | "uint64" | "float" | "bool");
        (!scalar).then_some(self.member.as_str())
    }

    /// The values the member's text lists (read as `import::listed_values` reads a text),
    /// when its own example is one of them or it has none: `AUDIO、SD、HD`
    /// with the example `AUDIO|HD` names the parts of a combination, and
    /// `cache_400_sec、…` with `["cache_400_sec:1"]` the keys of a pair, not
    /// the values of an enum.
    pub fn listed_values(&self) -> Option<Vec<(Literal, String)>> {
        let integer = matches!(self.member.as_str(), "int64" | "uint64");
        if !integer && self.member != "string" {
            return None;
        }
        let values = super::listed_values(&super::html::to_text(&self.document), integer)?;
        let listed = |v: &Value| {
            let literal = match v {
                Value::Number(n) => n.as_i64().map(Literal::Integer),
                Value::String(s) if s.is_empty() => return true,
                Value::String(s) => Some(Literal::String(s.clone())),
                _ => None,
            };
            literal.is_some_and(|l| values.iter().any(|(x, _)| *x == l))
        };
        let fits = match self.example_value() {
            None => true,
            Some(Value::Array(items)) => items.iter().all(listed),
            Some(one) => listed(&one),
        };
        fits.then_some(values)
    }

    /// The member's example as a value of its type, when the metadata's text
    /// is one (`"无"`, "none", is not).
    pub fn example_value(&self) -> Option<Value> {
        let text = self.example.as_deref()?.trim();
        if text.is_empty() || text == "无" {
            return None;
        }
        let fits = |v: &Value| scalar_fits(&self.member, v);
        if self.kind == "list" {
            let mut value: Value = serde_json::from_str(text).ok()?;
            // `["5000.playdomain.com\n"]`: the line ends are the transcription's.
            if let Value::Array(items) = &mut value {
                for item in items {
                    if let Value::String(s) = item {
                        *s = s.trim().to_owned();
                    }
                }
            }
            return value.as_array().is_some_and(|items| !items.is_empty() && items.iter().all(fits)).then_some(value);
        }
        let value = match self.member.as_str() {
            "string" | "datetime" => Value::String(text.to_owned()),
            "int64" | "uint64" | "float" => serde_json::from_str(text).ok()?,
            "bool" => Value::Bool(text.parse().ok()?),
            _ => return None,
        };
        fits(&value).then_some(value)
    }
}

/// Whether `v` is a value of the scalar metadata type `member`.
fn scalar_fits(member: &str, v: &Value) -> bool {
    match member {
        "string" | "datetime" => v.is_string(),
        "int64" => v.is_i64(),
        "uint64" => v.is_u64(),
        "float" => v.is_number(),
        "bool" => v.is_boolean(),
        _ => false,
    }
}

/// `examples.json`: the documented examples of every action.
#[derive(Debug, Clone, Deserialize)]
pub struct Examples {
    pub actions: BTreeMap<String, Vec<ExampleText>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ExampleText {
    pub title: String,
    #[serde(default)]
    pub document: String,
    /// The request as the page shows it: `POST / HTTP/1.1` with a JSON body,
    /// or a GET address with one `&Name=value` per line.
    pub input: String,
    /// The response body.
    pub output: String,
}

/// The codes and descriptions of `errorcodes.py`: `# description` lines, then
/// `NAME = 'Code'`.
pub fn python_error_codes(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut comment: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if let Some(c) = line.strip_prefix('#') {
            comment.push(c.trim());
        } else if let Some((_, value)) = line.split_once('=') {
            let code = value.trim().trim_matches(|c| c == '\'' || c == '"');
            if !code.is_empty() && !comment.is_empty() {
                out.insert(code.to_owned(), comment.join(" "));
            }
            comment.clear();
        } else if line.is_empty() {
            // A blank line ends the licence header or a comment that belongs to nothing.
            comment.clear();
        }
    }
    out
}

/// The codes each action "may return", from the comments of `client.go`:
/// `// 可能返回的错误码:` and then `//  NAME = "Code"` lines above
/// `func (c *Client) Action(request ...)`.
pub fn go_error_codes(text: &str) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    let mut codes: Vec<String> = Vec::new();
    let mut listing = false;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim() == "// 可能返回的错误码:" {
            listing = true;
            codes.clear();
        } else if let Some(item) = line.strip_prefix("//  ").filter(|_| listing) {
            if let Some((_, code)) = item.split_once('=') {
                codes.push(code.trim().trim_matches('"').to_owned());
            }
        } else if let Some(rest) = line.strip_prefix("func (c *Client) ") {
            let name: String = rest.chars().take_while(char::is_ascii_alphanumeric).collect();
            if listing && !name.ends_with("WithContext") {
                out.insert(name, codes.clone());
            }
            listing = false;
        } else if !line.starts_with("//") {
            listing = false;
        }
    }
    out
}

/// The parameters an example request carries, by wire name, typed by the
/// request object's members: a JSON body as it is, a GET query (`&A.0.B=x`)
/// unflattened into lists and objects with numbers and booleans where the
/// member says so.
///
/// Strings a JSON body gives where the member is a number or a boolean
/// (`"TemplateId": "1000"`) become the member's type; their paths are pushed
/// to `coerced`.
pub fn example_params(
    api: &Api,
    request: &str,
    input: &str,
    coerced: &mut Vec<String>,
) -> Result<serde_json::Map<String, Value>, String> {
    let input = input.trim();
    if input.starts_with("POST") {
        let start = input.find('{').ok_or("the POST example has no JSON body")?;
        let mut body = match serde_json::from_str::<Value>(&input[start..]) {
            Ok(body @ Value::Object(_)) => body,
            Ok(_) => return Err("the POST example's body is not a JSON object".into()),
            Err(e) => return Err(format!("the POST example's body is not JSON: {e}")),
        };
        coerce(api, request, &mut body, "", coerced);
        let Value::Object(map) = body else { unreachable!("checked above") };
        return Ok(map);
    }
    let mut root = Value::Object(serde_json::Map::new());
    for line in input.lines().skip(1) {
        let Some(pair) = line.trim().strip_prefix('&') else { continue };
        if pair.starts_with('<') {
            continue; // `&<公共请求参数>`
        }
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let path: Vec<&str> = key.split('.').collect();
        let value = percent_decode(value);
        insert(api, &mut root, request, &path, value)?;
    }
    match root {
        Value::Object(map) => Ok(map),
        _ => unreachable!("the root is an object"),
    }
}

/// Walks `value`, an object of type `object`, turning strings into numbers or
/// booleans where a scalar member says so and the string is one.
fn coerce(api: &Api, object: &str, value: &mut Value, at: &str, coerced: &mut Vec<String>) {
    let (Some(o), Value::Object(map)) = (api.objects.get(object), value) else { return };
    for (key, v) in map.iter_mut() {
        let Some(m) = o.members.iter().find(|m| &m.name == key) else { continue };
        let here = if at.is_empty() { key.clone() } else { format!("{at}.{key}") };
        let mut one = |v: &mut Value, here: String| match (m.object(), &*v) {
            (Some(inner), _) => coerce(api, inner, v, &here, coerced),
            (None, Value::String(text)) if !matches!(m.member.as_str(), "string" | "datetime") => {
                if let Ok(typed) = typed(&m.member, text) {
                    *v = typed;
                    coerced.push(here);
                }
            }
            _ => {}
        };
        match v {
            Value::Array(items) if m.kind == "list" => {
                for (i, item) in items.iter_mut().enumerate() {
                    one(item, format!("{here}[{i}]"));
                }
            }
            v => one(v, here),
        }
    }
}

/// Puts `value` at `path` under `at`, an object of type `object`.
fn insert(api: &Api, at: &mut Value, object: &str, path: &[&str], value: String) -> Result<(), String> {
    let (name, rest) = path.split_first().ok_or("an empty parameter name")?;
    let member = api
        .objects
        .get(object)
        .and_then(|o| o.members.iter().find(|m| m.name == *name))
        .ok_or_else(|| format!("`{name}` is not a member of {object}"))?;
    let map = at.as_object_mut().ok_or("a parameter is both a value and an object")?;
    if member.kind == "list" {
        let (index, rest) = rest.split_first().ok_or_else(|| format!("the list `{name}` has no index"))?;
        let index: usize = index.parse().map_err(|_| format!("`{name}.{index}`: not a list index"))?;
        let list = map.entry(name.to_string()).or_insert_with(|| Value::Array(Vec::new()));
        let items = list.as_array_mut().ok_or("a list parameter is also a value")?;
        if index > items.len() {
            return Err(format!("`{name}.{index}` skips an index"));
        }
        if index == items.len() {
            items.push(if rest.is_empty() { Value::Null } else { Value::Object(serde_json::Map::new()) });
        }
        let slot = &mut items[index];
        return match member.object() {
            Some(object) => insert(api, slot, object, rest, value),
            None => {
                *slot = typed(&member.member, &value)?;
                Ok(())
            }
        };
    }
    match member.object() {
        Some(object) => {
            let slot = map.entry(name.to_string()).or_insert_with(|| Value::Object(serde_json::Map::new()));
            insert(api, slot, object, rest, value)
        }
        None if rest.is_empty() => {
            map.insert(name.to_string(), typed(&member.member, &value)?);
            Ok(())
        }
        None => Err(format!("`{name}` is a {} and has no members", member.member)),
    }
}

fn typed(member: &str, text: &str) -> Result<Value, String> {
    let value = match member {
        "int64" | "uint64" | "float" => serde_json::from_str(text).ok(),
        "bool" => text.parse().ok().map(Value::Bool),
        _ => Some(Value::String(text.to_owned())),
    };
    value.filter(|v| scalar_fits(member, v)).ok_or_else(|| format!("{text:?} is not a value of type {member}"))
}

/// `%XX` escapes decoded, where they make UTF-8; otherwise the text as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// The objects an action reaches from its request and response, transitively.
pub fn reachable(api: &Api, action: &Action) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = vec![&action.input, &action.output];
    while let Some(name) = stack.pop() {
        let Some(object) = api.objects.get(name) else { continue };
        for m in &object.members {
            if let Some(o) = m.object()
                && seen.insert(o.to_owned())
            {
                stack.push(o);
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_code_sources() {
        let py = "# Copyright\n#\n\n# CAM签名/鉴权错误。\nAUTHFAILURE = 'AuthFailure'\n\n# 操作失败。\nFAILEDOPERATION = 'FailedOperation'\n";
        let codes = python_error_codes(py);
        assert_eq!(codes.len(), 2);
        assert_eq!(codes["FailedOperation"], "操作失败。");
        let go = "// DropLiveStream\n// 断开推流连接。\n//\n// 可能返回的错误码:\n//  FAILEDOPERATION = \"FailedOperation\"\n//  INTERNALERROR_X = \"InternalError.X\"\nfunc (c *Client) DropLiveStream(request *DropLiveStreamRequest) (response *DropLiveStreamResponse, err error) {\n    return\n}\n// 可能返回的错误码:\n//  A = \"A\"\nfunc (c *Client) DropLiveStreamWithContext(ctx context.Context) {}\nfunc (c *Client) Other(request *OtherRequest) {}\n";
        let per_action = go_error_codes(go);
        assert_eq!(per_action.len(), 1);
        assert_eq!(per_action["DropLiveStream"], ["FailedOperation", "InternalError.X"]);
    }

    fn api() -> Api {
        serde_json::from_str(
            r#"{"metadata": {"apiVersion": "2018-08-01", "serviceShortName": "live"}, "actions": {},
            "objects": {
              "R": {"members": [
                {"name": "Domain", "member": "string", "type": "string"},
                {"name": "Page", "member": "uint64", "type": "int"},
                {"name": "On", "member": "bool", "type": "bool"},
                {"name": "Names", "member": "string", "type": "list"},
                {"name": "Rules", "member": "Rule", "type": "list"},
                {"name": "Inner", "member": "Rule", "type": "object"}]},
              "Rule": {"members": [{"name": "Key", "member": "string", "type": "string"},
                                   {"name": "Size", "member": "int64", "type": "int"}]}}}"#,
        )
        .unwrap()
    }

    #[test]
    fn get_examples_are_unflattened_and_typed() {
        let input = "https://live.tencentcloudapi.com/?Action=X\n&Domain=a.com\n&Page=2\n&On=true\n&Names.0=x%3Ay\n&Names.1=z\n&Rules.0.Key=k\n&Rules.0.Size=-3\n&Inner.Key=i\n&<公共请求参数>";
        let params = example_params(&api(), "R", input, &mut Vec::new()).unwrap();
        assert_eq!(
            Value::Object(params),
            serde_json::json!({"Domain": "a.com", "Page": 2, "On": true, "Names": ["x:y", "z"],
                               "Rules": [{"Key": "k", "Size": -3}], "Inner": {"Key": "i"}})
        );
        assert!(
            example_params(&api(), "R", "https://x/?Action=X\n&Page=-1", &mut Vec::new())
                .unwrap_err()
                .contains("uint64")
        );
        assert!(
            example_params(&api(), "R", "https://x/?Action=X\n&Nope=1", &mut Vec::new())
                .unwrap_err()
                .contains("not a member")
        );
        assert!(
            example_params(&api(), "R", "https://x/?Action=X\n&Names.1=a", &mut Vec::new())
                .unwrap_err()
                .contains("skips")
        );
    }

    #[test]
    fn post_examples_keep_their_body() {
        let input = "POST / HTTP/1.1\nHost: live.tencentcloudapi.com\n<公共请求参数>\n\n{\"Domain\": \"a\", \"Page\": \"1\", \"Rules\": [{\"Size\": \"2\"}], \"On\": \"x\"}";
        let mut coerced = Vec::new();
        assert_eq!(
            Value::Object(example_params(&api(), "R", input, &mut coerced).unwrap()),
            serde_json::json!({"Domain": "a", "Page": 1, "Rules": [{"Size": 2}], "On": "x"})
        );
        assert_eq!(coerced, ["Page", "Rules[0].Size"]);
    }

    #[test]
    fn member_examples_are_typed_or_dropped() {
        let m = |member: &str, kind: &str, example: &str| Member {
            name: "X".into(),
            member: member.into(),
            kind: kind.into(),
            required: None,
            output_required: None,
            value_allowed_null: None,
            document: String::new(),
            example: Some(example.into()),
            disabled: None,
        };
        assert_eq!(m("uint64", "int", "10").example_value(), Some(serde_json::json!(10)));
        assert_eq!(m("uint64", "int", "-1").example_value(), None);
        assert_eq!(m("int64", "int", "无").example_value(), None);
        assert_eq!(m("string", "list", r#"["a","b"]"#).example_value(), Some(serde_json::json!(["a", "b"])));
        assert_eq!(m("string", "list", "a").example_value(), None);
        assert_eq!(m("bool", "bool", "true").example_value(), Some(Value::Bool(true)));
        assert_eq!(m("Obj", "object", "{}").example_value(), None);
    }
}
