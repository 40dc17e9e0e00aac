//! Primitives every vendor's signature is built from.

use std::borrow::Cow;

use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha2::{Digest, Sha256};

/// HMAC-SHA256 of `message` under `key`.
pub(crate) fn hmac_sha256(key: &[u8], message: &str) -> [u8; 32] {
    // HMAC takes keys of any length, so `new_from_slice` cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(message.as_bytes());
    mac.finalize().into_bytes().into()
}

/// Lower-case hex of a 32-byte digest.
pub(crate) fn hex32(digest: &[u8; 32]) -> String {
    let mut out = String::with_capacity(64);
    push_hex(&mut out, digest);
    out
}

/// Appends the lower-case hex of a 32-byte digest to `out`.
pub(crate) fn push_hex(out: &mut String, digest: &[u8; 32]) {
    let mut buf = [0u8; 64];
    // The buffer is exactly twice the input, so encoding cannot fail.
    hex::encode_to_slice(digest, &mut buf).unwrap_or_else(|_| unreachable!());
    // Hex digits are ASCII.
    out.push_str(std::str::from_utf8(&buf).unwrap_or_else(|_| unreachable!()));
}

/// `parts` concatenated into a string with room for `extra` more bytes (a
/// hex digest, say): signatures are a few such strings per request.
pub(crate) fn joined(parts: &[&str], extra: usize) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum::<usize>() + extra);
    push_all(&mut out, parts);
    out
}

/// Appends every one of `parts` to `out`.
pub(crate) fn push_all(out: &mut String, parts: &[&str]) {
    for part in parts {
        out.push_str(part);
    }
}

/// SHA-256 of `bytes`.
pub(crate) fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Lower-case hex SHA-256.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex32(&sha256(bytes))
}

/// RFC 3986 unreserved characters stay; everything else is `%XX` with upper-case hex.
const RFC3986: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
const RFC3986_PATH: &AsciiSet = &RFC3986.remove(b'/');

/// Percent-encodes `value` with the RFC 3986 unreserved set (space -> `%20`);
/// with `keep_slash`, `/` stays as well.
pub fn percent_encode(value: &str, keep_slash: bool) -> Cow<'_, str> {
    let set = if keep_slash { RFC3986_PATH } else { RFC3986 };
    utf8_percent_encode(value, set).into()
}

/// Sorts headers into signing order: by lower-cased name, then value, the
/// order the vendors' SDKs get by sorting lower-cased `(name, value)` pairs.
/// Names are compared case-insensitively in place, so nothing is allocated.
pub(crate) fn sort_for_signing(headers: &mut [(&str, &str)]) {
    fn lower(name: &str) -> impl Iterator<Item = u8> + '_ {
        name.bytes().map(|b| b.to_ascii_lowercase())
    }
    headers.sort_by(|a, b| lower(a.0).cmp(lower(b.0)).then_with(|| a.1.cmp(b.1)));
}

/// Appends the canonical header block (`name:value\n` per header, names
/// lower-cased) of headers in signing order to `out`, and returns the signed
/// header list (`a;b;c`).
pub(crate) fn push_canonical_headers(out: &mut String, sorted: &[(&str, &str)]) -> String {
    let mut names = String::with_capacity(sorted.iter().map(|(n, _)| n.len() + 1).sum());
    for (i, (name, value)) in sorted.iter().enumerate() {
        push_lower(out, name);
        out.push(':');
        out.push_str(value);
        out.push('\n');
        if i > 0 {
            names.push(';');
        }
        push_lower(&mut names, name);
    }
    names
}

fn push_lower(out: &mut String, name: &str) {
    let start = out.len();
    out.push_str(name);
    out[start..].make_ascii_lowercase();
}

/// Appends `key=value` pairs, percent-encoded and joined with `&`, to `out`.
pub(crate) fn push_query(out: &mut String, pairs: &[(&str, &str)]) {
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&percent_encode(k, false));
        out.push('=');
        out.push_str(&percent_encode(v, false));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_matches_python_quote() {
        assert_eq!(percent_encode("a b+c/~*é", false), "a%20b%2Bc%2F~%2A%C3%A9");
        assert_eq!(percent_encode("/v1/a b", true), "/v1/a%20b");
    }

    #[test]
    fn hex_is_lower_case_and_complete() {
        let mut digest = [0u8; 32];
        digest[0] = 0xab;
        digest[31] = 0x0f;
        assert_eq!(hex32(&digest), format!("ab{}0f", "0".repeat(60)));
    }

    #[test]
    fn signing_order_is_the_order_of_lower_cased_pairs() {
        let headers = [
            ("X-Sdk-Date", "20240305T000000Z"),
            ("Host", "b"),
            ("content-type", "application/json"),
            ("X-A", "2"),
            ("x-a", "1"),
            ("X-Project-Id", "p"),
            ("Xa", "0"),
            ("x-", "9"),
        ];
        let mut expected: Vec<(String, &str)> = headers.iter().map(|(n, v)| (n.to_ascii_lowercase(), *v)).collect();
        expected.sort();
        let mut sorted = headers.to_vec();
        sort_for_signing(&mut sorted);
        let lowered: Vec<(String, &str)> = sorted.iter().map(|(n, v)| (n.to_ascii_lowercase(), *v)).collect();
        assert_eq!(lowered, expected);
        let mut block = String::new();
        let names = push_canonical_headers(&mut block, &sorted[..3]);
        assert_eq!(block, "content-type:application/json\nhost:b\nx-:9\n");
        assert_eq!(names, "content-type;host;x-");
    }

    #[test]
    fn sha256_of_nothing() {
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
