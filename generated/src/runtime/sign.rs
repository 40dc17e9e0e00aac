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
    let mut out = [0u8; 64];
    // The buffer is exactly twice the input, so encoding cannot fail.
    hex::encode_to_slice(digest, &mut out).unwrap_or_else(|_| unreachable!());
    // Hex digits are ASCII.
    std::str::from_utf8(&out).unwrap_or_else(|_| unreachable!()).to_owned()
}

/// Lower-case hex SHA-256.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex32(&Sha256::digest(bytes).into())
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

/// The canonical header block (`name:value\n` per header) and the signed
/// header list (`a;b;c`) of headers already lower-cased and sorted by name.
pub(crate) fn canonical_headers(sorted: &[(String, &str)]) -> (String, String) {
    let mut block = String::with_capacity(sorted.iter().map(|(n, v)| n.len() + v.len() + 2).sum());
    let mut names = String::with_capacity(sorted.iter().map(|(n, _)| n.len() + 1).sum());
    for (i, (name, value)) in sorted.iter().enumerate() {
        block.push_str(name);
        block.push(':');
        block.push_str(value);
        block.push('\n');
        if i > 0 {
            names.push(';');
        }
        names.push_str(name);
    }
    (block, names)
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
    fn sha256_of_nothing() {
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
