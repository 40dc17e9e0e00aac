//! What the readers of vendors' Go SDK source share: the types of struct
//! fields, struct tags and identifiers as Go's source spells them.

/// How deeply a Go type may nest (`[]map[string][]*T`): deeper is no SDK's.
pub(crate) const MAX_TYPE_DEPTH: usize = 8;

/// A field's Go type, its pointer dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoType {
    /// `string`, `bool`, `int32`, `int64`, `float32`, `float64`.
    Scalar(String),
    /// A type the SDK's own package declares: a struct, an enum, or a named scalar.
    Named(String),
    /// A type of another package (`sdktime.SdkTime`): the package and the name.
    Qualified(String, String),
    /// `[]T`.
    List(Box<GoType>),
    /// `map[string]T`.
    Map(Box<GoType>),
    /// `interface{}`: any JSON value.
    Any,
}

/// A struct tag's `key:"value"` pairs.
pub(crate) fn parse_tags(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let (key, after) =
            rest.split_once(":\"").ok_or_else(|| format!("`{}` is no `key:\"value\"`", shorten(rest)))?;
        let (value, after) = after.split_once('"').ok_or_else(|| format!("the value of `{key}` is not closed"))?;
        if !is_ident(key) {
            return Err(format!("`{}` is no tag key", shorten(key)));
        }
        out.push((key.to_owned(), value.to_owned()));
        rest = after.trim_start();
    }
    Ok(out)
}

/// A Go type, its pointers dropped; none for one this reader does not know.
pub(crate) fn parse_type(text: &str, depth: usize) -> Option<GoType> {
    if depth > MAX_TYPE_DEPTH {
        return None;
    }
    let t = text.trim();
    let t = t.strip_prefix('*').unwrap_or(t);
    if let Some(inner) = t.strip_prefix("[]") {
        return parse_type(inner, depth + 1).map(|t| GoType::List(Box::new(t)));
    }
    if let Some(inner) = t.strip_prefix("map[string]") {
        return parse_type(inner, depth + 1).map(|t| GoType::Map(Box::new(t)));
    }
    match t {
        "interface{}" | "any" => Some(GoType::Any),
        "string" | "bool" | "int32" | "int64" | "float32" | "float64" => Some(GoType::Scalar(t.to_owned())),
        _ if is_exported(t) => Some(GoType::Named(t.to_owned())),
        _ => match t.split_once('.') {
            Some((package, name)) if is_ident(package) && is_exported(name) => {
                Some(GoType::Qualified(package.to_owned(), name.to_owned()))
            }
            _ => None,
        },
    }
}

/// A name another package may use: an identifier that begins with a capital.
fn is_exported(s: &str) -> bool {
    is_ident(s) && s.starts_with(|c: char| c.is_ascii_uppercase())
}

/// Whether `s` is a Go identifier (ASCII only, as the SDKs' generators write them).
pub(crate) fn is_ident(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 256
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !s.starts_with(|c: char| c.is_ascii_digit())
}

/// The first characters of a line, for a message.
pub(crate) fn shorten(s: &str) -> String {
    const SHOWN: usize = 80;
    if s.chars().count() <= SHOWN { s.to_owned() } else { format!("{}…", s.chars().take(SHOWN).collect::<String>()) }
}

/// The spec type of a Go scalar.
pub(crate) fn scalar(go: &str) -> Result<String, String> {
    Ok(match go {
        "string" => "string",
        "bool" => "bool",
        "int32" => "i32",
        "int64" => "i64",
        "float32" => "f32",
        "float64" => "f64",
        other => return Err(format!("the Go type `{other}`")),
    }
    .to_owned())
}
