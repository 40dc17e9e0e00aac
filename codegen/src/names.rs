//! Every Rust name the generator emits is computed here, once, from a wire name.
//!
//! Emitters never convert case: they read the names this module put into the IR.
//! The rules: types and variants are UpperCamelCase, fields, methods and modules
//! snake_case (heck); keywords become raw identifiers (`r#type`), except those
//! that cannot be raw (`self`, `Self`, `super`, `crate`), which get a trailing
//! underscore. Which names are already taken in a generated module is
//! [`crate::layout`]'s to say.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict, reserved and edition-2024 `gen`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that `r#` cannot escape.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// Variant names the generator uses for its own catch-alls.
pub const RESERVED_ENUM_VARIANTS: &[&str] = &["Unknown"];
pub const RESERVED_ERROR_VARIANTS: &[&str] = &["Common", "Unhandled"];

/// Why a wire name cannot become a Rust name by conversion alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameProblem {
    /// Nothing is left after conversion (empty, or only punctuation).
    Empty,
    /// The name starts with a digit or has a purely numeric part (`LIVE.100011001`).
    Numeric,
    /// The converted name contains characters that are not ASCII letters, digits or `_`.
    NotAscii(String),
    /// The converted name is a keyword that cannot be a name.
    Reserved(String),
    /// A name given with `rust_name` is not written the way Rust names such items.
    Case { given: String, expected: String },
}

impl std::fmt::Display for NameProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NameProblem::Empty => f.write_str("nothing is left of it as a Rust name"),
            NameProblem::Numeric => f.write_str("it has a numeric part, which makes no readable Rust name"),
            NameProblem::NotAscii(s) => write!(f, "its Rust form `{s}` is not an ASCII identifier"),
            NameProblem::Reserved(s) => write!(f, "its Rust form `{s}` is a keyword"),
            NameProblem::Case { given, expected } => {
                write!(f, "`{given}` is not written as Rust writes such names (`{expected}`)")
            }
        }
    }
}

fn is_ascii_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn check_parts(wire: &str) -> Result<(), NameProblem> {
    let parts: Vec<&str> = wire.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        return Err(NameProblem::Empty);
    }
    if parts.iter().any(|p| p.chars().all(|c| c.is_ascii_digit())) || parts[0].starts_with(|c: char| c.is_ascii_digit())
    {
        return Err(NameProblem::Numeric);
    }
    Ok(())
}

/// A type or enum-variant name: `QuotaList` -> `QuotaList`, `InternalError.DBError` -> `InternalErrorDbError`.
pub fn type_name(wire: &str) -> Result<String, NameProblem> {
    check_parts(wire)?;
    let name = wire.to_upper_camel_case();
    if !is_ascii_ident(&name) {
        return Err(NameProblem::NotAscii(name));
    }
    if KEYWORDS.contains(&name.as_str()) {
        // `Self` is the only keyword that is UpperCamelCase, and it cannot be raw.
        return Err(NameProblem::Reserved(name));
    }
    Ok(name)
}

/// Checks a type or variant name given explicitly with `rust_name`: an ASCII
/// identifier in UpperCamelCase as heck writes it (`HttpError`, not
/// `HTTPError` or `Http_Error`), so rustc's and clippy's naming lints hold.
pub fn check_type_override(name: &str) -> Result<(), NameProblem> {
    if !is_ascii_ident(name) || name.starts_with('_') {
        return Err(NameProblem::NotAscii(name.to_owned()));
    }
    if KEYWORDS.contains(&name) {
        return Err(NameProblem::Reserved(name.to_owned()));
    }
    let expected = name.to_upper_camel_case();
    if expected != name {
        return Err(NameProblem::Case { given: name.to_owned(), expected });
    }
    Ok(())
}

/// A field, method or module name, escaped when it is a keyword:
/// `StreamName` -> `stream_name`, `type` -> `r#type`, `self` -> `self_`.
pub fn field_name(wire: &str) -> Result<String, NameProblem> {
    check_parts(wire)?;
    let snake = wire.to_snake_case();
    if !is_ascii_ident(&snake) {
        return Err(NameProblem::NotAscii(snake));
    }
    Ok(escape_keyword(&snake))
}

/// Checks a field name given explicitly with `rust_name` (snake_case as heck
/// writes it) and escapes it.
pub fn field_override(name: &str) -> Result<String, NameProblem> {
    if !is_ascii_ident(name) || name.starts_with('_') {
        return Err(NameProblem::NotAscii(name.to_owned()));
    }
    let expected = name.to_snake_case();
    if expected != name {
        return Err(NameProblem::Case { given: name.to_owned(), expected });
    }
    Ok(escape_keyword(name))
}

/// `type` -> `r#type`; `self` -> `self_`; others unchanged.
pub fn escape_keyword(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// The identifier without a raw prefix, for building other names from it.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// A module name for an operation or service: `ResumeLiveStream` -> `resume_live_stream`.
pub fn module_name(wire: &str) -> Result<String, NameProblem> {
    field_name(wire)
}

/// The cargo feature that compiles a service's module: `tencent_live` -> `tencent-live`,
/// in the kebab case of cargo's own features.
pub fn service_feature(service_module: &str) -> String {
    stem(service_module).replace('_', "-")
}

/// The client method streaming the pages of a paged operation.
pub fn pages_method(module: &str) -> String {
    format!("{}_pages", stem(module))
}

/// A name to build other names on: without a raw prefix, and without the
/// trailing underscore of an escaped keyword (`super_`), so that what is built
/// on it stays snake_case (`super_pages`, not `super__pages`).
fn stem(name: &str) -> &str {
    unraw(name).trim_end_matches('_')
}

/// The runnable example of an operation: `tencent_live_resume_live_stream`.
/// A keyword's trailing underscore (`super_`) is left out, so that names built
/// on this one stay snake_case (`svc_super_example_1_request`, not `super__example`).
pub fn example_name(service_module: &str, operation_module: &str) -> String {
    format!("{}_{}", stem(service_module), stem(operation_module))
}

/// The test of a documented example: `tencent_live_resume_live_stream_example_1_request`.
pub fn example_test(example_name: &str, n: usize, what: &str) -> String {
    format!("{example_name}_example_{n}_{what}")
}

/// The test of an operation's protocol: `tencent_live_resume_live_stream_protocol`.
pub fn protocol_test(example_name: &str) -> String {
    format!("{example_name}_protocol")
}

/// The tests' client of a service, answering from a mock transport: `tencent_live_client`.
pub fn mock_client(service_module: &str) -> String {
    format!("{}_client", stem(service_module))
}

/// The tests' list of a service's common error codes: `TENCENT_LIVE_COMMON_CODES`.
pub fn common_codes(service_module: &str) -> String {
    format!("{}_COMMON_CODES", stem(service_module).to_uppercase())
}

/// The builder method that sets or clears an optional field: `set_page_num`.
pub fn clear_setter(field: &str) -> String {
    format!("set_{}", unraw(field))
}

/// Suffix-based names of the items generated for one operation.
pub fn operation_item(operation: &str, suffix: &str) -> String {
    format!("{operation}{suffix}")
}

/// Every type name the generator takes for an operation of that (Rust) name:
/// its request, answer and error, and their builders.
pub fn operation_items(operation: &str) -> [String; 5] {
    ["Request", "Response", "Error", "RequestBuilder", "ResponseBuilder"]
        .map(|suffix| operation_item(operation, suffix))
}

/// The builder of a data type that callers do not build by hand (a response,
/// a type only responses hold), for tests (feature `test-util`): `LivePackageInfoBuilder`.
pub fn data_builder(type_name: &str) -> String {
    format!("{type_name}Builder")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hard_cases() {
        let cases: &[(&str, Result<&str, NameProblem>)] = &[
            ("StreamName", Ok("StreamName")),
            ("InternalError.StreamStatusError", Ok("InternalErrorStreamStatusError")),
            ("InternalError.DBError", Ok("InternalErrorDbError")),
            ("RequestLimitExceeded.UinLimitExceeded", Ok("RequestLimitExceededUinLimitExceeded")),
            ("traffic_info", Ok("TrafficInfo")),
            ("X-Auth-Token", Ok("XAuthToken")),
            ("LIVE.100011001", Err(NameProblem::Numeric)),
            ("APIG.0308", Err(NameProblem::Numeric)),
            ("2fa", Err(NameProblem::Numeric)),
            ("...", Err(NameProblem::Empty)),
            ("", Err(NameProblem::Empty)),
            ("流名称", Err(NameProblem::NotAscii("流名称".into()))),
            ("self", Err(NameProblem::Reserved("Self".into()))),
        ];
        for (wire, expected) in cases {
            assert_eq!(type_name(wire).as_deref().map_err(Clone::clone), expected.clone(), "{wire}");
        }
    }

    #[test]
    fn fields_escape_keywords() {
        assert_eq!(field_name("StreamName").unwrap(), "stream_name");
        assert_eq!(field_name("type").unwrap(), "r#type");
        assert_eq!(field_name("Type").unwrap(), "r#type");
        assert_eq!(field_name("self").unwrap(), "self_");
        assert_eq!(field_name("Self").unwrap(), "self_");
        assert_eq!(field_name("crate").unwrap(), "crate_");
        assert_eq!(field_name("PageNum").unwrap(), "page_num");
        assert_eq!(field_name("X-Auth-Token").unwrap(), "x_auth_token");
        assert_eq!(
            field_override("PageNum"),
            Err(NameProblem::Case { given: "PageNum".into(), expected: "page_num".into() })
        );
        assert_eq!(field_override("a__b"), Err(NameProblem::Case { given: "a__b".into(), expected: "a_b".into() }));
        assert_eq!(unraw("r#type"), "type");
    }

    #[test]
    fn overrides_are_written_as_rust_writes_them() {
        assert_eq!(check_type_override("HttpError"), Ok(()));
        for (given, expected) in [("HTTPError", "HttpError"), ("Http_Error", "HttpError"), ("httpError", "HttpError")] {
            assert_eq!(
                check_type_override(given),
                Err(NameProblem::Case { given: given.into(), expected: expected.into() })
            );
        }
        assert_eq!(check_type_override("Self"), Err(NameProblem::Reserved("Self".into())));
    }
}

/// The candidate closest to `name`, if it is close enough to be a likely typo:
/// equal ignoring case, or within an edit distance of a third of its length.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // No name worth suggesting for is this long; the distance would cost its length squared.
    if name.len() > 64 {
        return None;
    }
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != name && c.len() <= 2 * name.len() + 8)
        .map(|c| (if c.eq_ignore_ascii_case(name) { 0 } else { edit_distance(name, c) }, c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// Edit distance over characters where swapping two neighbours counts as one
/// edit (optimal string alignment), the commonest typo.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod closest_tests {
    use super::closest;

    #[test]
    fn suggests_only_likely_typos() {
        let keys = ["type", "required", "description", "nullable"];
        assert_eq!(closest("tyep", keys), Some("type"));
        assert_eq!(closest("requierd", keys), Some("required"));
        assert_eq!(closest("Description", keys), Some("description"));
        assert_eq!(closest("colour", keys), None);
        assert_eq!(closest("type", keys), None);
    }
}
