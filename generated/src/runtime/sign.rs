//! Primitives every vendor's signature is built from.

use std::borrow::Cow;
use std::fmt;
use std::sync::Mutex;

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

/// A derived signing key, held as an HMAC state that has already absorbed the
/// key: each use hashes only the message. Its `Debug` never shows it.
#[derive(Clone)]
pub(crate) struct SigningKey(Hmac<Sha256>);

impl SigningKey {
    pub(crate) fn new(key: &[u8]) -> Self {
        // HMAC takes keys of any length, so `new_from_slice` cannot fail.
        SigningKey(<Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!()))
    }

    /// HMAC-SHA256 of `message` under this key.
    pub(crate) fn sign(&self, message: &str) -> [u8; 32] {
        let mut mac = self.0.clone();
        mac.update(message.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(***)")
    }
}

/// The signing key of the credential scope signed for last (a date and the
/// vendor's service and region), shared by the clones of one set of
/// credentials. The key is a chain of HMACs of the secret over the scope, the
/// same for every request of that day, so deriving it once per scope saves
/// most of the HMAC work of a signature, as the AWS SDKs' key caches do. It
/// is no more powerful than the secret it comes from, which is held anyway.
#[derive(Default)]
pub(crate) struct KeyCache(Mutex<Option<(String, SigningKey)>>);

impl KeyCache {
    /// The key of `scope`: the cached one if it is for `scope`, else `derive()`,
    /// which then replaces it.
    pub(crate) fn get(&self, scope: &str, derive: impl FnOnce() -> SigningKey) -> SigningKey {
        // A poisoned lock (impossible: nothing in it can panic) only costs a derivation.
        if let Ok(slot) = self.0.lock() {
            if let Some((cached_scope, key)) = slot.as_ref() {
                if cached_scope == scope {
                    return key.clone();
                }
            }
        }
        let key = derive();
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some((scope.to_owned(), key.clone()));
        }
        key
    }
}

impl fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyCache(***)")
    }
}

/// Lower-case hex of a 32-byte digest.
pub(crate) fn hex32(digest: &[u8; 32]) -> String {
    let mut out = String::with_capacity(64);
    push_hex(&mut out, digest);
    out
}

/// Appends the lower-case hex of a 32-byte digest to `out`.
pub(crate) fn push_hex(out: &mut String, digest: &[u8; 32]) {
    // const-hex encodes with SIMD and hands back a `&str` without checking
    // it again: a third of the time of `hex` plus `from_utf8`, three times a call.
    out.push_str(const_hex::Buffer::<32>::new().format(digest));
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
    fn key_cache_derives_once_per_scope() {
        let cache = KeyCache::default();
        let derived = std::cell::Cell::new(0);
        let key = |scope: &str| {
            cache.get(scope, || {
                derived.set(derived.get() + 1);
                SigningKey::new(scope.as_bytes())
            })
        };
        let expected = |scope: &str| hmac_sha256(scope.as_bytes(), "message");
        for (scope, derivations) in [("d1/s", 1), ("d1/s", 1), ("d2/s", 2), ("d2/s", 2), ("d1/s", 3), ("d1/t", 4)] {
            assert_eq!(key(scope).sign("message"), expected(scope), "{scope}");
            assert_eq!(derived.get(), derivations, "after {scope}");
        }
        assert_eq!(format!("{cache:?} {:?}", key("d1/t")), "KeyCache(***) SigningKey(***)");
    }

    #[test]
    fn sha256_of_nothing() {
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
