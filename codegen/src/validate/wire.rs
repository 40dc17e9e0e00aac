//! What a spec says about the wire, checked as what it is: host names,
//! regions, API versions, signing names, path templates, parameter and header
//! names, error codes, HTTP statuses and dates. Each check returns why a value
//! is wrong, or `None`; the validator places the message.

use crate::spec::{HttpMethod, Location, Protocol};
use crate::text::{describe_char, shown};

/// Longest wire name, error code, region or version accepted; real ones are far shorter.
const MAX_NAME: usize = 128;

/// A parameter or field name as it travels: ASCII letters, digits, `_`, `-`
/// and `.` (which are also valid in an HTTP header name, RFC 9110 `token`).
pub(super) fn wire_name(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("the wire name is empty".into());
    }
    if name.len() > MAX_NAME {
        return Some(format!("the wire name is {} bytes long; at most {MAX_NAME}", name.len()));
    }
    let bad = name.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))?;
    Some(format!(
        "the wire name {} holds {}; wire names are ASCII letters, digits, `_`, `-` and `.`",
        shown(name),
        describe_char(bad)
    ))
}

/// An error code as a service returns it: `InternalError.DBError`, `LIVE.100011001`.
pub(super) fn error_code(code: &str) -> Option<String> {
    if code.is_empty() || code.len() > MAX_NAME {
        return Some(format!("an error code has 1 to {MAX_NAME} characters"));
    }
    if let Some(bad) = code.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))) {
        return Some(format!(
            "the code {} holds {}; codes are ASCII letters, digits, `_`, `-` and `.`",
            shown(code),
            describe_char(bad)
        ));
    }
    if code.starts_with('.') || code.ends_with('.') || code.contains("..") {
        return Some(format!("the code {} has an empty part between dots", shown(code)));
    }
    None
}

/// An HTTP status a response can have.
pub(super) fn http_status(status: u16) -> Option<String> {
    (!(100..=599).contains(&status)).then(|| format!("{status} is not an HTTP status (100 to 599)"))
}

/// Longest page address accepted.
const ADDRESS_MAX: usize = 300;

/// The public address of a vendor's page: `https://`, a host, and nothing a
/// Markdown link or a terminal would read otherwise (the docs link to it).
pub(super) fn page_address(address: &str) -> Option<String> {
    let Some(rest) = address.strip_prefix("https://") else {
        return Some(format!("{} is not a public https:// address", shown(address)));
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || !host.contains('.') {
        return Some(format!("{} names no host", shown(address)));
    }
    if address.len() > ADDRESS_MAX {
        return Some(format!("the address is {} bytes long; at most {ADDRESS_MAX}", address.len()));
    }
    if let Some(c) =
        address.chars().find(|c| !c.is_ascii_graphic() || matches!(c, '(' | ')' | '<' | '>' | '"' | '`' | '\\'))
    {
        return Some(format!("{} holds {:?}, which an address does not hold unescaped", shown(address), c));
    }
    None
}

/// A date as the pages write it, `YYYY-MM-DD`, that exists.
pub(super) fn date(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return Some(format!("{} is not a YYYY-MM-DD date", shown(text)));
    }
    let number = |r: std::ops::Range<usize>| text[r].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Some(format!("{} has no month {month}", shown(text))),
    };
    if !(1..=days).contains(&day) || year < 1970 {
        return Some(format!("{} is not a day of the calendar", shown(text)));
    }
    None
}

/// A service's API version: a date for the RPC protocols (`2018-08-01`), `v`
/// and a number for Huawei's REST (`v1`).
pub(super) fn api_version(protocol: Protocol, version: &str) -> Option<String> {
    match protocol {
        Protocol::TencentRpc | Protocol::VolcengineRpc => date(version).map(|_| {
            format!(
                "{} is not an API version of this protocol, which names versions by date (`2018-08-01`)",
                shown(version)
            )
        }),
        Protocol::HuaweiRest => {
            let number = version.strip_prefix('v').unwrap_or_default();
            let ok = !number.is_empty() && number.len() <= 3 && number.bytes().all(|c| c.is_ascii_digit());
            (!ok).then(|| format!("{} is not a Huawei Cloud API version (`v1`, `v2`)", shown(version)))
        }
    }
}

/// The methods a protocol's operations are sent with, as the runtime sends
/// them: Tencent's API 3.0 requests are all POST with a JSON body; a
/// Volcengine action is POST with a JSON body or GET with its parameters in the
/// query (`ApiInfo` in the official SDKs); Huawei's REST paths use all four.
pub(super) fn methods(protocol: Protocol) -> &'static [HttpMethod] {
    match protocol {
        Protocol::TencentRpc => &[HttpMethod::POST],
        Protocol::VolcengineRpc => &[HttpMethod::GET, HttpMethod::POST],
        Protocol::HuaweiRest => &[HttpMethod::GET, HttpMethod::POST, HttpMethod::PUT, HttpMethod::DELETE],
    }
}

/// Whether a protocol's runtime reads a success answer with no body as one
/// holding no data (Huawei's 204 No Content); the RPC protocols always answer
/// with their JSON envelope.
pub(super) fn answers_without_body(protocol: Protocol) -> bool {
    matches!(protocol, Protocol::HuaweiRest)
}

/// Whether a protocol's signature names the region in its scope, so that a
/// request cannot be signed without one (Volcengine's `date/region/service/request`).
pub(super) fn signature_names_region(protocol: Protocol) -> bool {
    matches!(protocol, Protocol::VolcengineRpc)
}

/// Where a request parameter travels, by protocol and method: the location a
/// parameter without `in:` takes (`None`: it must say), and the locations
/// `in:` may name. A GET carries no body; the RPC protocols' runtimes send
/// Action and Version in the query, and Volcengine's any other query parameter
/// beside them, on a POST too. Only a REST body may be something other than
/// an object of named members (`Payload`): the RPC envelopes are objects.
pub(super) fn parameter_locations(protocol: Protocol, method: HttpMethod) -> (Option<Location>, &'static [Location]) {
    use Location::{Body, Header, Path, Payload, Query};
    match (protocol, method) {
        (Protocol::TencentRpc, _) => (Some(Body), &[Body]),
        (Protocol::VolcengineRpc, HttpMethod::GET) => (Some(Query), &[Query]),
        // `DescribeLicenseDRM`: POST with its parameters in the query and no body, as the Go SDK sends it.
        (Protocol::VolcengineRpc, _) => (Some(Body), &[Body, Query]),
        (Protocol::HuaweiRest, HttpMethod::GET) => (None, &[Path, Query, Header]),
        (Protocol::HuaweiRest, _) => (None, &[Path, Query, Header, Body, Payload]),
    }
}

/// The service name in a signature's scope (`live`).
pub(super) fn signing_name(name: &str) -> Option<String> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'_');
    (!ok).then(|| format!("{} is not a service name (lower-case ASCII letters, digits, `-`, `_`)", shown(name)))
}

/// A region name as it appears in a host and a signature (`ap-guangzhou`).
pub(super) fn region(name: &str) -> Option<String> {
    label(name).map(|why| format!("the region {} is not a host name label: {why}", shown(name)))
}

/// The placeholder a host may hold for the region.
pub(super) const REGION_PLACEHOLDER: &str = "{region}";

/// A host name without scheme, userinfo, port or path, whose labels are
/// lower-case letters, digits and `-`; `{region}` may stand in a label and is
/// checked with each of `regions` in its place.
pub(super) fn host(host: &str, regions: &[String]) -> Option<String> {
    let fix =
        |what: &str| Some(format!("{} {what}; write the host name alone (`live.tencentcloudapi.com`)", shown(host)));
    if host.contains("://") {
        return fix("names a scheme");
    }
    if host.contains('@') {
        return fix("holds user information (`@`)");
    }
    if host.contains('/') || host.contains('?') || host.contains('#') {
        return fix("holds a path, query or fragment");
    }
    if host.contains(':') {
        return fix("names a port");
    }
    let instances: Vec<String> = if host.contains(REGION_PLACEHOLDER) {
        regions.iter().map(|r| host.replace(REGION_PLACEHOLDER, r)).collect()
    } else {
        vec![host.to_owned()]
    };
    for instance in &instances {
        if instance.len() > 253 {
            return Some(format!("the host {} is longer than 253 characters", shown(instance)));
        }
        let labels: Vec<&str> = instance.split('.').collect();
        if labels.len() < 2 {
            return Some(format!("the host {} is not a domain name (it has no dot)", shown(instance)));
        }
        for l in labels {
            if let Some(why) = label(l) {
                return Some(format!("the host {} has a bad label {}: {why}", shown(instance), shown(l)));
            }
        }
    }
    None
}

/// One DNS label: 1 to 63 lower-case ASCII letters, digits and `-`, not at either end.
fn label(l: &str) -> Option<String> {
    if l.is_empty() || l.len() > 63 {
        return Some("a label has 1 to 63 characters".into());
    }
    if let Some(c) = l.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')) {
        return Some(format!("{} is not allowed (lower-case ASCII letters, digits and `-`)", describe_char(c)));
    }
    if l.starts_with('-') || l.ends_with('-') {
        return Some("a label does not start or end with `-`".into());
    }
    None
}

/// A REST path template: starts with `/`, no empty, `.` or `..` segments, no
/// query or fragment, and each `{parameter}` a whole segment naming a
/// parameter once. Returns the parameters in order, or why the template is wrong.
pub(super) fn path_template(path: &str) -> Result<Vec<String>, String> {
    let fail = |what: String| Err(format!("the path {} {what}", shown(path)));
    if !path.starts_with('/') {
        return fail("does not start with `/`".into());
    }
    if path.len() > 1024 {
        return fail("is longer than 1024 characters".into());
    }
    let mut params: Vec<String> = Vec::new();
    let segments: Vec<&str> = path[1..].split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        if segment.is_empty() {
            // A trailing slash is a path of its own on many servers; keep it only at the end.
            if i + 1 == segments.len() && segments.len() > 1 {
                continue;
            }
            if path == "/" {
                continue;
            }
            return fail("has an empty segment (`//`)".into());
        }
        if *segment == "." || *segment == ".." {
            return fail(format!("has a `{segment}` segment, which a client or server resolves away"));
        }
        if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            if let Some(why) = wire_name(name) {
                return fail(format!("names a parameter {}: {why}", shown(name)));
            }
            if params.iter().any(|p| p == name) {
                return fail(format!("names `{{{name}}}` twice"));
            }
            params.push(name.to_owned());
            continue;
        }
        if segment.contains(['{', '}']) {
            return fail(format!("has {} where a parameter must be a whole segment (`/{{name}}/`)", shown(segment)));
        }
        if let Some(c) = segment.chars().find(|c| !(c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@".contains(*c))) {
            let what = match c {
                '?' | '#' => {
                    "a query or fragment (`?`, `#`); query parameters are declared with `in: query`".to_owned()
                }
                '%' => "a percent-encoded character; write the path as it is meant".to_owned(),
                c => describe_char(c),
            };
            return fail(format!("holds {what}"));
        }
    }
    Ok(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        let regions = vec!["ap-guangzhou".to_owned(), "cn-north-4".to_owned()];
        assert_eq!(host("live.tencentcloudapi.com", &[]), None);
        assert_eq!(host("live.{region}.myhuaweicloud.com", &regions), None);
        for bad in [
            "https://live.tencentcloudapi.com",
            "user@live.tencentcloudapi.com",
            "live.tencentcloudapi.com:443",
            "live.tencentcloudapi.com/v1",
            "localhost",
            "Live.TencentCloudAPI.com",
            "live..com",
            "-live.com",
            "live .com",
            "live\u{200B}.com",
        ] {
            assert!(host(bad, &regions).is_some(), "{bad}");
        }
        assert!(host("live.{region}.com", &["bad_region".to_owned()]).is_some());
    }

    #[test]
    fn paths() {
        assert_eq!(path_template("/v1/{project_id}/stream/traffic"), Ok(vec!["project_id".to_owned()]));
        assert_eq!(path_template("/"), Ok(vec![]));
        for bad in [
            "v1/x",
            "/v1/../admin",
            "/v1/./x",
            "/v1//x",
            "/v1/x?a=1",
            "/v1/{a}/{a}",
            "/v1/x{a}",
            "/v1/{a b}",
            "/v1/%2e",
            "https://evil.example/v1",
            "/v1/{}",
        ] {
            assert!(path_template(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_that_exist() {
        assert_eq!(date("2024-02-29"), None);
        for bad in ["2023-02-29", "2023-13-01", "2023-04-31", "2023-00-10", "23-01-01", "2023-1-01", "0000-01-01"] {
            assert!(date(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn names_codes_and_text() {
        assert_eq!(wire_name("X-Auth-Token"), None);
        assert!(wire_name("Stream Name").is_some());
        assert!(wire_name("Name\u{200B}").unwrap().contains("U+200B"));
        assert_eq!(error_code("InternalError.DBError"), None);
        assert_eq!(error_code("LIVE.100011001"), None);
        assert!(error_code("Internal Error").is_some());
        assert!(error_code("A..B").is_some());
        assert_eq!(page_address("https://cloud.tencent.com/document/api/267/40942"), None);
        assert_eq!(page_address("https://example.com/a?b=c&d=e#f"), None);
        for bad in [
            "000_585c449dd62aea05.txt",
            "http://example.com/page",
            "https:///page",
            "https://localhost/page",
            "https://example.com/a b",
            "https://example.com/a)b",
            "https://example.com/中文",
        ] {
            assert!(page_address(bad).is_some(), "{bad}");
        }
        assert_eq!(http_status(200), None);
        assert!(http_status(700).is_some());
        assert_eq!(api_version(Protocol::HuaweiRest, "v2"), None);
        assert!(api_version(Protocol::TencentRpc, "2018-02-30").is_some());
        assert!(api_version(Protocol::TencentRpc, "v1").is_some());
        assert_eq!(signing_name("live"), None);
        assert!(signing_name("li ve").is_some());
    }
}
