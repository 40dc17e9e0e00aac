//! What the drafters that read an official SDK share: the SDKs ship no
//! examples and no error codes, and their members need the same treatment
//! (secrets, missing descriptions, members the format cannot hold, names the
//! generated response takes for itself).

use std::collections::BTreeMap;

use crate::ir::{Spelled, TypeRef};
use crate::spec::{Field, Literal, Note, OperationSpec, Protocol, TypeDef};
use crate::{layout, names};

/// How deep a constructed value nests structs: a type that holds itself (through
/// an optional member; a required one could not be built at all) stops here.
const MAX_DEPTH: usize = 8;

/// Gives every drafted operation an example built from its fields (see [`constructed_example`]).
pub(crate) fn construct_examples(draft: &mut super::Draft, protocol: Protocol) {
    let shared = draft.types.types.clone();
    for op in &mut draft.operations {
        let example = constructed_example(op, &shared, protocol);
        op.examples.push(example);
    }
}

/// An example built from an operation's fields, as the SDK documents none: a
/// request with the required parameters and an answer with the required
/// members, each holding a value of its type, in the envelope of `protocol`.
fn constructed_example(op: &OperationSpec, shared: &[TypeDef], protocol: Protocol) -> crate::spec::Example {
    let types: BTreeMap<&str, &TypeDef> = op.types.iter().chain(shared).map(|t| (t.name.as_str(), t)).collect();
    let params = op
        .request
        .iter()
        .filter(|f| f.required && !f.auth)
        .map(|f| (f.name.clone(), sample_field(f, &types, 0)))
        .collect();
    let response: serde_json::Map<String, serde_json::Value> =
        op.response.iter().filter(|f| f.required).map(|f| (f.name.clone(), sample_field(f, &types, 0))).collect();
    crate::spec::Example {
        title: "构造的示例（SDK 不带示例）".into(),
        params: Some(params),
        request: None,
        status: 200,
        response: serde_json::to_string_pretty(&enveloped(protocol, &op.name, response)).unwrap_or_default(),
        constructed: true,
    }
}

/// An answer's members as the protocol's answer holds them.
fn enveloped(
    protocol: Protocol,
    action: &str,
    members: serde_json::Map<String, serde_json::Value>,
) -> serde_json::Value {
    use serde_json::{Value, json};
    match protocol {
        Protocol::HuaweiRest => Value::Object(members),
        Protocol::VolcengineRpc => {
            json!({"ResponseMetadata": {"RequestId": "example", "Action": action}, "Result": members})
        }
        Protocol::TencentRpc => {
            let mut members = members;
            members.insert("RequestId".into(), Value::String("example".into()));
            json!({ "Response": members })
        }
    }
}

/// A value of a field: a time in its documented format, else a value of its type.
fn sample_field(f: &crate::spec::Field, types: &BTreeMap<&str, &TypeDef>, depth: usize) -> serde_json::Value {
    let format = f.constraints.as_ref().and_then(|c| c.format.as_deref()).and_then(crate::ir::TimeFormat::from_spec);
    match format {
        Some(format) if f.ty == "string" => serde_json::Value::String(format.example().into()),
        _ => sample(&f.ty, types, depth),
    }
}

/// A value of spec type `ty`: a placeholder string, 1, the first of an enum's
/// values, one element of a list or a map, a struct's required members, `{}`
/// for any JSON.
fn sample(ty: &str, types: &BTreeMap<&str, &TypeDef>, depth: usize) -> serde_json::Value {
    use serde_json::Value;
    match Spelled::parse(ty) {
        Spelled::List(inner) => {
            Value::Array(if depth < MAX_DEPTH { vec![sample(inner, types, depth + 1)] } else { Vec::new() })
        }
        Spelled::Map(inner) => {
            let entries = (depth < MAX_DEPTH).then(|| ("key".to_owned(), sample(inner, types, depth + 1)));
            Value::Object(entries.into_iter().collect())
        }
        Spelled::Scalar(TypeRef::String) => Value::String("example".into()),
        Spelled::Scalar(TypeRef::F32 | TypeRef::F64) => Value::from(1.0),
        Spelled::Scalar(TypeRef::Bool) => Value::Bool(true),
        Spelled::Scalar(TypeRef::Json) => Value::Object(serde_json::Map::new()),
        Spelled::Scalar(_) => Value::from(1),
        Spelled::Named(named) => match types.get(named) {
            Some(TypeDef { values: Some(values), .. }) => match values.first().map(|v| &v.value) {
                Some(Literal::Integer(n)) => Value::from(*n),
                Some(Literal::String(s)) => Value::String(s.clone()),
                None => Value::Null,
            },
            Some(TypeDef { fields: Some(fields), .. }) if depth < MAX_DEPTH => Value::Object(
                fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| (f.name.clone(), sample_field(f, types, depth + 1)))
                    .collect(),
            ),
            _ => Value::Object(serde_json::Map::new()),
        },
    }
}

/// A summary: the SDK's one line, ended as a sentence; the name where it has none.
pub(crate) fn summary(line: &str, name: &str) -> String {
    let line = line.trim();
    if line.is_empty() {
        name.to_owned()
    } else if line.ends_with(['。', '.']) {
        line.to_owned()
    } else {
        format!("{line}。")
    }
}

/// Whether a member holds a secret: its name ends in a word for one (`auth_key`,
/// `passphrase`, `certificate_key`, `AuthKey`), or its text says it is an access token
/// (the OTT operations' `Access-Control-Allow-*` headers, "服务鉴权Token").
/// The spec marks it `sensitive`, and `Debug` never shows it.
pub(crate) fn secret(name: &str, text: &str) -> bool {
    const WORDS: &[&str] = &["key", "token", "password", "passphrase", "secret"];
    let snake = heck::ToSnakeCase::to_snake_case(name);
    let last = snake.rsplit('_').next().unwrap_or(&snake);
    WORDS.contains(&last) || text.contains("鉴权Token")
}

/// A field's description, or a stand-in saying the SDK gives none.
pub(crate) fn described(text: &str, ty: &str) -> String {
    if text.trim().is_empty() {
        format!("（SDK 未给出说明，类型 `{ty}`。）")
    } else {
        text.trim().to_owned()
    }
}

/// A note for a member the spec format cannot hold, which the draft leaves out.
pub(crate) fn left_out(subject: String, what: &str, why: &str) -> Note {
    Note {
        subject: subject.clone(),
        page: format!("The SDK has `{subject}` as {what}."),
        choice: "The draft leaves it out.".into(),
        reason: format!("The spec format has no type for {why} yet."),
        crosscheck: vec![format!("{subject}: missing")],
    }
}

/// The note of an operation whose SDK lists no error codes.
pub(crate) fn no_error_codes() -> Note {
    Note {
        subject: "errors".into(),
        page: "The SDK lists no error codes, per operation or for the service.".into(),
        choice: "The operation lists no codes of its own; the service's common codes apply.".into(),
        reason: "A code nobody documents cannot be given a typed variant; any other code decodes as \
                 `Unhandled` with its code and message."
            .into(),
        crosscheck: Vec::new(),
    }
}

/// Renames a response member named like a method the response's builder has
/// of its own (`request_id`, which the runtime fills from the envelope), and
/// says so in a note.
pub(crate) fn rename_builder_clash(field: &mut Field, notes: &mut Vec<Note>) {
    let Ok(rust) = names::field_name(&field.name) else { return };
    if !layout::RESPONSE_BUILDER_METHODS.contains(&rust.as_str()) {
        return;
    }
    let renamed = format!("body_{rust}");
    notes.push(Note {
        subject: format!("response.{}", field.name),
        page: format!("The answer's body has a member `{}`.", field.name),
        choice: format!("Its Rust name is `{renamed}`."),
        reason: format!("`{rust}` is the response's own, read from the protocol's envelope."),
        crosscheck: Vec::new(),
    });
    field.rust_name = Some(renamed);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_known_by_name_or_by_an_access_token_text() {
        assert!(secret("auth_key", "防盗链Key值"));
        assert!(secret("passphrase", "加密密码"));
        assert!(secret("Access-Control-Allow-Internal", "服务鉴权Token，服务开启鉴权，必须携带…"));
        assert!(!secret("key_type", "秘钥类型"), "a key's kind is no key");
        assert!(!secret("url", "获取密钥的DRM地址"));
        assert!(!secret("domain", "直播域名"));
        // Volcengine's names are UpperCamelCase.
        assert!(secret("AuthKey", "鉴权密钥"));
        assert!(secret("PrivateKey", "私钥"));
        assert!(!secret("KeyType", "秘钥类型"));
        assert!(!secret("ChainID", "证书链 ID"));
    }
}
