//! The signers against vectors recorded with the vendors' official Python SDKs
//! (`tests/vectors/record.py`): canonical request, string to sign and
//! `Authorization`, byte for byte.

use cloud_live::runtime::{Secret, huawei, tencent, volcengine};
use serde_json::Value;

fn vectors(file: &str) -> Vec<Value> {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("run the tests with cargo");
    let path = format!("{manifest}/tests/vectors/{file}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let vectors: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert!(vectors.len() >= 5, "{file} holds too few vectors");
    vectors
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{}: `{key}` is not a string", v["name"]))
}

/// A signature's `Debug` shows neither the signature nor a session token,
/// and says where it hid one.
fn assert_debug_hides_secrets(shown: &str, authorization: &str, token: Option<&str>, name: &str) {
    let signature = authorization.rsplit("Signature=").next().unwrap();
    assert_eq!(signature.len(), 64, "{name}: {authorization}");
    assert!(!shown.contains(signature), "{name}: the signature is shown: {shown}");
    if let Some(token) = token {
        assert!(!shown.contains(token), "{name}: the session token is shown: {shown}");
    }
}

#[test]
fn tencent_tc3_matches_the_official_sdk() {
    for v in vectors("tencent.json") {
        let signature = tencent::sign(
            &tencent::SigningInput {
                method: s(&v, "method"),
                host: s(&v, "host"),
                query: "",
                content_type: s(&v, "content_type"),
                payload: s(&v, "body").as_bytes(),
                service: "live",
                timestamp: v["timestamp"].as_u64().unwrap(),
            },
            s(&v, "secret_id"),
            &Secret::new(s(&v, "secret_key")),
        );
        let name = s(&v, "name");
        assert_eq!(signature.canonical_request, s(&v, "canonical_request"), "{name}: canonical request");
        assert_eq!(signature.string_to_sign, s(&v, "string_to_sign"), "{name}: string to sign");
        assert_eq!(signature.authorization, s(&v, "authorization"), "{name}: Authorization");
        assert_debug_hides_secrets(&format!("{signature:?}"), &signature.authorization, v["token"].as_str(), name);
    }
}

#[test]
fn volcengine_v4_matches_the_official_sdk() {
    for v in vectors("volcengine.json") {
        let mut credentials = volcengine::Credentials::new(s(&v, "access_key_id"), s(&v, "secret_access_key")).unwrap();
        if let Some(token) = v["session_token"].as_str() {
            credentials = credentials.with_session_token(token);
        }
        let query: Vec<(&str, &str)> = v["query"]
            .as_array()
            .unwrap()
            .iter()
            .map(|pair| (pair[0].as_str().unwrap(), pair[1].as_str().unwrap()))
            .collect();
        let signature = volcengine::sign(
            &volcengine::SigningInput {
                method: s(&v, "method"),
                host: s(&v, "host"),
                path: "/",
                query: &query,
                content_type: v["content_type"].as_str(),
                body: s(&v, "body").as_bytes(),
                region: s(&v, "region"),
                service: "live",
                timestamp: v["timestamp"].as_u64().unwrap(),
            },
            &credentials,
        );
        let name = s(&v, "name");
        assert_eq!(signature.canonical_request, s(&v, "canonical_request"), "{name}: canonical request");
        assert_eq!(signature.string_to_sign, s(&v, "string_to_sign"), "{name}: string to sign");
        assert_eq!(signature.authorization, s(&v, "authorization"), "{name}: Authorization");
        for (header, value) in v["headers"].as_object().unwrap() {
            let sent = signature.headers.iter().find(|(n, _)| n == header).map(|(_, v)| v.as_ref());
            assert_eq!(sent, value.as_str(), "{name}: header {header}");
        }
        let shown = format!("{signature:?}");
        let token = v["session_token"].as_str();
        assert_debug_hides_secrets(&shown, &signature.authorization, token, name);
        if token.is_some() {
            assert!(shown.contains("x-security-token:***"), "{name}: {shown}");
        }
    }
}

#[test]
fn huawei_sdk_hmac_matches_the_official_sdk() {
    for v in vectors("huawei.json") {
        let headers: Vec<(String, String)> = v["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|pair| (pair[0].as_str().unwrap().to_owned(), pair[1].as_str().unwrap().to_owned()))
            .collect();
        let query: Vec<(&str, &str)> = v["query"]
            .as_array()
            .unwrap()
            .iter()
            .map(|pair| (pair[0].as_str().unwrap(), pair[1].as_str().unwrap()))
            .collect();
        let signature = huawei::sign(
            s(&v, "method"),
            s(&v, "path"),
            &query,
            &headers,
            s(&v, "body").as_bytes(),
            s(&v, "access_key"),
            &Secret::new(s(&v, "secret_key")),
        );
        let name = s(&v, "name");
        assert_eq!(signature.canonical_request, s(&v, "canonical_request"), "{name}: canonical request");
        assert_eq!(signature.string_to_sign, s(&v, "string_to_sign"), "{name}: string to sign");
        assert_eq!(signature.authorization, s(&v, "authorization"), "{name}: Authorization");
        let shown = format!("{signature:?}");
        let token = v["security_token"].as_str();
        assert_debug_hides_secrets(&shown, &signature.authorization, token, name);
        if token.is_some() {
            assert!(shown.contains("x-security-token:***"), "{name}: {shown}");
        }
        // The wire query is the canonical one, as the SDK sends it.
        let canonical_query = huawei::canonical_query(&query);
        let uri = if canonical_query.is_empty() {
            s(&v, "path").to_owned()
        } else {
            format!("{}?{canonical_query}", s(&v, "path"))
        };
        assert_eq!(uri, s(&v, "uri"), "{name}: request URI");
    }
}
