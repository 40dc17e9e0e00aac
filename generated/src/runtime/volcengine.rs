//! Volcengine OpenAPI: Action/Version in the query, HMAC-SHA256 ("SignerV4"),
//! `{"ResponseMetadata": {...}, "Result": {...}}`.
//!
//! `ResponseMetadata.Error` is checked before the HTTP status: the envelope is
//! the authority on success and failure.

use std::borrow::Cow;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::client::{Endpoint, Protocol};

use super::bounded::DecodeLimits;
use super::credentials::{CredentialsError, Ini, Secret, check_key, env_var, first_of, home_dir};
use super::envelope::{self, Envelope, EnvelopeError, Head};
use super::error::Error;
use super::http::{
    Config as GenericConfig, ConfigBuilder as GenericConfigBuilder, HttpRequest, HttpResponse, RedactedCanonical,
    RedactedHeaders,
};
use super::sign::{
    KeyCache, SigningKey, hmac_sha256, joined, percent_encode, push_all, push_canonical_headers, push_hex, push_query,
    sha256, sha256_hex, sort_for_signing,
};
use super::time::UtcDateTime;
use super::{EnvelopeText, InvalidInput, Method, Operation, OperationMeta, RequestParts, ServiceMeta};

/// Configuration of a Volcengine client.
pub type Config = GenericConfig<Credentials>;

/// Builds a [`Config`].
pub type ConfigBuilder = GenericConfigBuilder<Credentials>;

/// A Volcengine access key pair, with an optional session token.
///
/// ```
/// use cloud_live::volcengine_live::Credentials;
///
/// let credentials = Credentials::new("AKLTexample", "example-secret")?.with_session_token("example-token");
/// assert!(!format!("{credentials:?}").contains("example-secret"));
/// # Ok::<(), cloud_live::runtime::CredentialsError>(())
/// ```
#[derive(Clone)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: Secret,
    session_token: Option<Secret>,
    /// Shared by clones, which hold the same secret.
    keys: Arc<KeyCache>,
}

impl Credentials {
    /// Credentials from a key pair; refuses empty values and surrounding whitespace.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
    ) -> Result<Self, CredentialsError> {
        let (id, key) = (access_key_id.into(), secret_access_key.into());
        check_key("the access key id", &id)?;
        check_key("the secret access key", &key)?;
        Ok(Credentials {
            access_key_id: id,
            secret_access_key: Secret::new(key),
            session_token: None,
            keys: Arc::default(),
        })
    }

    /// Adds a session token (sent and signed as `X-Security-Token`).
    pub fn with_session_token(mut self, token: impl Into<String>) -> Self {
        self.session_token = Some(Secret::new(token));
        self
    }

    /// Reads `VOLC_ACCESSKEY` and `VOLC_SECRETKEY`, the official SDK's variables.
    pub fn from_env() -> Result<Self, CredentialsError> {
        match (env_var("VOLC_ACCESSKEY"), env_var("VOLC_SECRETKEY")) {
            (Some(id), Some(key)) => Credentials::new(id, key),
            _ => Err(CredentialsError::new("VOLC_ACCESSKEY and VOLC_SECRETKEY must both be set")),
        }
    }

    /// Reads the files the official SDK reads: `~/.volc/credentials` (INI,
    /// section `[default]`, keys `access_key_id` and `secret_access_key`), else
    /// `~/.volc/config` (JSON with `ak` and `sk`).
    pub fn from_profile() -> Result<Self, CredentialsError> {
        let home = home_dir().ok_or_else(|| CredentialsError::new("HOME is not set"))?;
        let ini_path = home.join(".volc/credentials");
        if let Some(ini) = Ini::read(&ini_path)? {
            return Self::from_ini(&ini_path, &ini);
        }
        let json_path = home.join(".volc/config");
        match std::fs::read(&json_path) {
            Ok(bytes) => {
                #[derive(serde::Deserialize)]
                struct Config {
                    ak: Option<String>,
                    sk: Option<String>,
                }
                // The parser's message could quote the file; say only where.
                let config: Config = serde_json::from_slice(&bytes).map_err(|e| {
                    CredentialsError::new(format!(
                        "{}:{}: not a JSON object with `ak` and `sk`",
                        json_path.display(),
                        e.line()
                    ))
                })?;
                match (config.ak, config.sk) {
                    (Some(ak), Some(sk)) => Credentials::new(ak, sk),
                    _ => Err(CredentialsError::new(format!("{}: `ak` and `sk` must both be set", json_path.display()))),
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(CredentialsError::new(format!(
                "no profile file (looked for {} and {})",
                ini_path.display(),
                json_path.display()
            ))),
            Err(e) => Err(CredentialsError::new(format!("cannot read {}: {e}", json_path.display()))),
        }
    }

    /// Reads an INI credentials file in the official SDK's format (see [`Self::from_profile`]).
    pub fn from_profile_file(path: impl AsRef<Path>) -> Result<Self, CredentialsError> {
        let path = path.as_ref();
        match Ini::read(path)? {
            Some(ini) => Self::from_ini(path, &ini),
            None => Err(CredentialsError::new(format!("{} does not exist", path.display()))),
        }
    }

    fn from_ini(path: &Path, ini: &Ini) -> Result<Self, CredentialsError> {
        Credentials::new(
            ini.require(path, "default", "access_key_id")?,
            ini.require(path, "default", "secret_access_key")?,
        )
    }

    /// The official SDK's order: [`Self::from_env`], then [`Self::from_profile`].
    pub fn from_default_chain() -> Result<Self, CredentialsError> {
        first_of(&[("environment", Self::from_env), ("profile", Self::from_profile)])
    }

    /// The public access key id.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &self.secret_access_key)
            .field("session_token", &self.session_token.as_ref().map(|_| "***"))
            .finish()
    }
}

/// The intermediate and final products of a signature, for tests and
/// debugging. Its `Debug` hides the signature and any signed session token.
#[doc(hidden)]
#[derive(Clone, PartialEq, Eq)]
pub struct Signature {
    /// The canonical request.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The `Authorization` header value.
    pub authorization: String,
    /// The headers to send besides `Authorization`, in signing order.
    pub headers: Vec<(Cow<'static, str>, Cow<'static, str>)>,
}

impl fmt::Debug for Signature {
    /// Shows a signed session token and the signature as `***`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signature")
            .field("canonical_request", &RedactedCanonical(&self.canonical_request))
            .field("string_to_sign", &self.string_to_sign)
            .field("authorization", &"***")
            .field("headers", &RedactedHeaders(&self.headers))
            .finish()
    }
}

/// What a Volcengine signature covers.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct SigningInput<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// The `Host` header value.
    pub host: &'a str,
    /// The request path (`/` for the RPC APIs).
    pub path: &'a str,
    /// Query parameters, unsorted; sorted by key for signing, repeated keys keep their order.
    pub query: &'a [(&'a str, &'a str)],
    /// `Content-Type`, absent on bodyless GETs.
    pub content_type: Option<&'a str>,
    /// The body bytes.
    pub body: &'a [u8],
    /// The signing region.
    pub region: &'a str,
    /// The signing service name.
    pub service: &'a str,
    /// Unix seconds.
    pub timestamp: u64,
}

/// The canonical query string: sorted by key (stable), RFC 3986 encoded.
#[doc(hidden)]
pub fn canonical_query(query: &[(&str, &str)]) -> String {
    let mut pairs = query.to_vec();
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = String::with_capacity(pairs.iter().map(|(k, v)| k.len() + v.len() + 2).sum());
    push_query(&mut out, &pairs);
    out
}

/// Signs a request the way the official SDK's `SignerV4` does.
#[doc(hidden)]
pub fn sign(input: &SigningInput<'_>, credentials: &Credentials) -> Signature {
    let key = |_: &str, date: &str| derive_key(&credentials.secret_access_key, date, input.region, input.service);
    sign_canonical(input, &canonical_query(input.query), credentials, key)
}

/// [`sign`] with the canonical query already computed (the request sends the
/// same canonical query, so it is built once) and the signing key from
/// `key(credential scope, date)`.
fn sign_canonical(
    input: &SigningInput<'_>,
    canonical_query: &str,
    credentials: &Credentials,
    key: impl FnOnce(&str, &str) -> SigningKey,
) -> Signature {
    let x_date = UtcDateTime::from_unix(input.timestamp).compact();
    let date = &x_date[..8];
    let body_hash = sha256_hex(input.body);
    // Room for `User-Agent` and `Authorization`, which the request adds.
    let mut headers: Vec<(Cow<'static, str>, Cow<'static, str>)> = Vec::with_capacity(7);
    headers.push(("Host".into(), input.host.to_owned().into()));
    if let Some(content_type) = input.content_type {
        headers.push(("Content-Type".into(), content_type.to_owned().into()));
    }
    headers.push(("X-Date".into(), x_date.clone().into()));
    if let Some(token) = &credentials.session_token {
        headers.push(("X-Security-Token".into(), token.expose().to_owned().into()));
    }
    headers.push(("X-Content-Sha256".into(), body_hash.clone().into()));
    let mut signed: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_ref(), v.as_ref())).collect();
    sort_for_signing(&mut signed);
    let path = percent_encode(input.path, true);
    let header_bytes: usize = signed.iter().map(|(n, v)| n.len() + v.len() + 2).sum();
    let mut canonical_request =
        joined(&[input.method, "\n", &path, "\n", canonical_query, "\n"], 2 * header_bytes + 66);
    let signed_headers = push_canonical_headers(&mut canonical_request, &signed);
    push_all(&mut canonical_request, &["\n", &signed_headers, "\n", &body_hash]);
    let scope = joined(&[date, "/", input.region, "/", input.service, "/request"], 0);
    let mut string_to_sign = joined(&["HMAC-SHA256\n", &x_date, "\n", &scope, "\n"], 64);
    push_hex(&mut string_to_sign, &sha256(canonical_request.as_bytes()));
    let signing_key = key(&scope, date);
    let key_id = credentials.access_key_id.as_str();
    let head = ["HMAC-SHA256 Credential=", key_id, "/", &scope, ", SignedHeaders=", &signed_headers, ", Signature="];
    let mut authorization = joined(&head, 64);
    push_hex(&mut authorization, &signing_key.sign(&string_to_sign));
    Signature { canonical_request, string_to_sign, authorization, headers }
}

/// The signing key of one day (`YYYYMMDD`), region and service.
fn derive_key(secret_access_key: &Secret, date: &str, region: &str, service: &str) -> SigningKey {
    let k_date = hmac_sha256(secret_access_key.expose().as_bytes(), date);
    let k_region = hmac_sha256(&k_date, region);
    let k_service = hmac_sha256(&k_region, service);
    SigningKey::new(&hmac_sha256(&k_service, "request"))
}

/// Marker for the Volcengine OpenAPI protocol; the generated clients of this vendor use it.
pub enum Volcengine {}

impl Protocol for Volcengine {
    type Credentials = Credentials;

    fn build_request(
        service: &ServiceMeta,
        config: &Config,
        endpoint: &Endpoint,
        operation: &OperationMeta,
        parts: &RequestParts,
        now: u64,
    ) -> Result<HttpRequest, InvalidInput> {
        let url = &endpoint.url;
        let host = endpoint.host.clone();
        let region = config
            .region
            .as_deref()
            .or(service.default_region)
            .ok_or_else(|| InvalidInput::new("region", "Volcengine signatures need a region"))?;
        let mut query: Vec<(&str, &str)> = vec![("Action", operation.name), ("Version", service.api_version)];
        query.extend(parts.query.iter().map(|(k, v)| (*k, v.as_str())));
        let (content_type, body) = match (&parts.body, operation.method) {
            (Some(body), _) => (Some("application/json"), body.clone()),
            (None, Method::Get) => (None, Vec::new()),
            (None, _) => (Some("application/json"), b"{}".to_vec()),
        };
        // Signed and sent alike, so the two cannot differ.
        let canonical = canonical_query(&query);
        let credentials = &config.credentials;
        let signing_service = service.signing_name.unwrap_or("live");
        let signature = sign_canonical(
            &SigningInput {
                method: operation.method.as_str(),
                host: &host,
                path: "/",
                query: &query,
                content_type,
                body: &body,
                region,
                service: signing_service,
                timestamp: now,
            },
            &canonical,
            credentials,
            |scope, date| {
                let derive = || derive_key(&credentials.secret_access_key, date, region, signing_service);
                credentials.keys.get(scope, derive)
            },
        );
        let mut headers = signature.headers;
        headers.push(("User-Agent".into(), config.user_agent.clone()));
        headers.push(("Authorization".into(), signature.authorization.into()));
        let url = format!("{url}/?{canonical}");
        Ok(HttpRequest { method: operation.method, url, headers, body })
    }

    fn decode<O: Operation>(response: &HttpResponse, limits: &DecodeLimits) -> Result<O::Output, Error<O::Error>> {
        envelope::decode::<Volcengine, O>(response, limits)
    }
}

#[derive(Deserialize)]
pub(crate) struct Probe {
    #[serde(rename = "ResponseMetadata")]
    metadata: Metadata,
}

#[derive(Deserialize)]
struct Metadata {
    #[serde(rename = "RequestId", default)]
    request_id: EnvelopeText,
    /// Some actions' pages (`DeleteCert`, `UnbindCert`, `DeleteReferer`) show the id as
    /// `RequestID`; the Go SDK reads either, as Go matches JSON keys without regard to case.
    /// A separate field, so that an answer with both keys is not refused as a duplicate.
    #[serde(rename = "RequestID", default)]
    request_id_upper: EnvelopeText,
    #[serde(rename = "Error")]
    error: Option<ApiError>,
}

#[derive(Deserialize)]
struct ApiError {
    #[serde(rename = "Code", default)]
    code: EnvelopeText,
    #[serde(rename = "CodeN", default)]
    code_n: EnvelopeText,
    #[serde(rename = "Message", default)]
    message: EnvelopeText,
}

#[derive(Deserialize)]
pub(crate) struct Data<T> {
    #[serde(rename = "Result")]
    result: T,
}

/// The whole envelope in one pass.
#[derive(Deserialize)]
pub(crate) struct OnePass<T> {
    #[serde(rename = "ResponseMetadata")]
    metadata: Metadata,
    #[serde(rename = "Result")]
    result: Option<T>,
}

/// Decodes a Volcengine answer into the operation's output or error, within the
/// default [`DecodeLimits`].
#[doc(hidden)]
pub fn decode<O: Operation>(response: &HttpResponse) -> Result<O::Output, Error<O::Error>> {
    envelope::decode::<Volcengine, O>(response, &DecodeLimits::default())
}

/// `{"ResponseMetadata": {"RequestId": ..., "Error": {...}}, "Result": <data>}`:
/// errors come with any status, data with a 2xx one.
impl Envelope for Volcengine {
    type Probe = Probe;
    type OnePass<T: DeserializeOwned> = OnePass<T>;
    type Data<T: DeserializeOwned> = Data<T>;

    fn probe(probe: Probe) -> Head {
        probe.metadata.into_head()
    }

    fn one_pass<T: DeserializeOwned>(pass: OnePass<T>) -> (Head, Option<T>) {
        (pass.metadata.into_head(), pass.result)
    }

    fn data<T: DeserializeOwned>(data: Data<T>) -> T {
        data.result
    }

    fn carries_data(status: u16) -> bool {
        (200..300).contains(&status)
    }

    fn not_an_envelope(_status: u16, error: &serde_json::Error) -> String {
        format!("the body is not a ResponseMetadata envelope: {error}")
    }
}

impl Metadata {
    fn into_head(self) -> Head {
        let error =
            self.error.map(|e| EnvelopeError { code: e.code.0, message: e.message.0, numeric_code: e.code_n.0 });
        Head { request_id: self.request_id.0.or(self.request_id_upper.0), error }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::test_support::{name, unsent, vectors};

    const SERVICE: ServiceMeta = ServiceMeta {
        host: "live.volcengineapi.com",
        api_version: "2020-08-01",
        signing_name: Some("live"),
        regions: &["cn-north-1"],
        default_region: Some("cn-north-1"),
    };

    /// An action that documents no data succeeds whatever its `Result` holds (the SDK types 51
    /// actions' `Result` as `interface{}`), yet its errors are still errors.
    #[test]
    fn an_action_without_data_ignores_its_result() {
        use crate::runtime::test_support::{Empty, Strict};
        let answer =
            |status: u16, body: &str| HttpResponse { status, headers: Vec::new(), body: body.as_bytes().to_vec() };
        for result in [
            "",
            r#", "Result": null"#,
            r#", "Result": "ok""#,
            r#", "Result": 7"#,
            r#", "Result": [1, {}]"#,
            r#", "Result": {"Any": {"x": 1}}"#,
        ] {
            let body = format!(r#"{{"ResponseMetadata": {{"RequestId": "r-1"}}{result}}}"#);
            let output = decode::<Empty>(&answer(200, &body)).unwrap_or_else(|e| panic!("{body}: {e}"));
            assert_eq!(super::super::Output::request_id(&output), Some("r-1"), "{body}");
        }
        let failed =
            r#"{"ResponseMetadata": {"RequestId": "r-2", "Error": {"Code": "E", "Message": "m"}}, "Result": "x"}"#;
        let Err(Error::Service(e)) = decode::<Empty>(&answer(400, failed)) else { panic!("not a service error") };
        assert_eq!(e.0.code, "E");
        // An action that documents data still refuses an answer without it.
        let text = r#"{"ResponseMetadata": {"RequestId": "r-3"}, "Result": "ok"}"#;
        assert!(matches!(decode::<Strict>(&answer(200, text)), Err(Error::Decode(_))));
    }

    /// The request id is read under either spelling the pages show; `RequestId` wins when both come.
    #[test]
    fn the_request_id_is_read_as_request_id_or_request_id_upper() {
        use crate::runtime::test_support::Empty;
        let answer =
            |status: u16, body: &str| HttpResponse { status, headers: Vec::new(), body: body.as_bytes().to_vec() };
        for (body, id) in [
            (r#"{"ResponseMetadata": {"RequestID": "r-1"}}"#, Some("r-1")),
            (r#"{"ResponseMetadata": {"RequestID": "r-1", "RequestId": "r-2"}}"#, Some("r-2")),
            (r#"{"ResponseMetadata": {"RequestId": "r-2", "RequestID": "r-1"}}"#, Some("r-2")),
            (r#"{"ResponseMetadata": {"requestid": "r-3"}}"#, None),
        ] {
            let output = decode::<Empty>(&answer(200, body)).unwrap_or_else(|e| panic!("{body}: {e}"));
            assert_eq!(super::super::Output::request_id(&output), id, "{body}");
        }
        let failed = r#"{"ResponseMetadata": {"RequestID": "r-4", "Error": {"Code": "E", "Message": "m"}}}"#;
        let Err(Error::Service(e)) = decode::<Empty>(&answer(400, failed)) else { panic!("not a service error") };
        assert_eq!(e.0.request_id.as_deref(), Some("r-4"));
    }

    #[test]
    fn one_pass_decoding_agrees_with_two_passes() {
        use crate::runtime::test_support::{Loose, Strict};
        let answer =
            |status: u16, body: &str| HttpResponse { status, headers: Vec::new(), body: body.as_bytes().to_vec() };
        let result = r#""Result": {"Name": "n"}"#;
        let error = r#""Error": {"Code": "InternalError", "CodeN": 100, "Message": "boom"}"#;
        for (status, body) in [
            (200, format!(r#"{{"ResponseMetadata": {{"RequestId": "r-1"}}, {result}}}"#)),
            (200, format!(r#"{{{result}, "ResponseMetadata": {{"RequestId": "r-1", "Action": "x"}}}}"#)),
            (200, r#"{"ResponseMetadata": {"RequestId": "r-2"}}"#.to_owned()),
            (200, r#"{"ResponseMetadata": {"RequestId": "r-2"}, "Result": null}"#.to_owned()),
            (200, r#"{"ResponseMetadata": {"RequestId": "r-2"}, "Result": {}}"#.to_owned()),
            (200, format!(r#"{{"ResponseMetadata": {{"RequestId": "r-3", {error}}}}}"#)),
            (200, format!(r#"{{"ResponseMetadata": {{"RequestId": "r-3", {error}}}, "Result": {{"Count": "x"}}}}"#)),
            (400, format!(r#"{{"ResponseMetadata": {{"RequestId": "r-4", {error}}}, {result}}}"#)),
            (500, format!(r#"{{"ResponseMetadata": {{"RequestId": "r-5"}}, {result}}}"#)),
            (200, r#"{"ResponseMetadata": {"RequestId": "r-6"}, "Result": {"Name": 1}}"#.to_owned()),
            (200, r#"{"ResponseMetadata": {"RequestID": "r-7"}, "Result": {"Name": "n"}}"#.to_owned()),
            (
                200,
                r#"{"ResponseMetadata": {"RequestID": "r-8", "RequestId": "r-9"}, "Result": {"Name": "n"}}"#.to_owned(),
            ),
            (200, r#"{"Result": {"Name": "n"}}"#.to_owned()),
            (200, "[]".to_owned()),
            (502, String::new()),
        ] {
            for (fast, careful) in [
                (
                    format!("{:?}", decode::<Strict>(&answer(status, &body))),
                    format!(
                        "{:?}",
                        envelope::decode_careful::<Volcengine, Strict>(
                            &answer(status, &body),
                            &DecodeLimits::default()
                        )
                    ),
                ),
                (
                    format!("{:?}", decode::<Loose>(&answer(status, &body))),
                    format!(
                        "{:?}",
                        envelope::decode_careful::<Volcengine, Loose>(&answer(status, &body), &DecodeLimits::default())
                    ),
                ),
            ] {
                assert_eq!(fast, careful, "HTTP {status} {body}");
            }
        }
        let ok = format!(r#"{{{result}, "ResponseMetadata": {{"RequestId": "r-1"}}}}"#);
        assert_eq!(super::super::Output::request_id(&decode::<Strict>(&answer(200, &ok)).unwrap()), Some("r-1"));
        let failed = format!(r#"{{"ResponseMetadata": {{"RequestId": "r-4", {error}}}, {result}}}"#);
        let Err(Error::Service(e)) = decode::<Strict>(&answer(400, &failed)) else { panic!("not a service error") };
        assert_eq!((e.0.code.as_str(), e.0.numeric_code, e.0.http_status), ("InternalError", Some(100), 400));
        // A member of the wrong type does not hide the error it comes with.
        for (body, code, numeric_code, request_id) in [
            (r#"{"ResponseMetadata": {"RequestId": {}, "Error": {"Code": "E", "CodeN": "7"}}}"#, "E", Some(7), None),
            (r#"{"ResponseMetadata": {"RequestId": 5, "Error": {"Code": null, "CodeN": [1]}}}"#, "", None, Some("5")),
        ] {
            let fast = decode::<Strict>(&answer(200, body));
            assert_eq!(
                format!("{fast:?}"),
                format!(
                    "{:?}",
                    envelope::decode_careful::<Volcengine, Strict>(&answer(200, body), &DecodeLimits::default())
                )
            );
            let Err(Error::Service(e)) = fast else { panic!("{body}") };
            assert_eq!(
                (e.0.code.as_str(), e.0.numeric_code, e.0.request_id.as_deref()),
                (code, numeric_code, request_id)
            );
        }
    }

    #[test]
    fn profile_files_in_the_sdk_format_never_print_secrets() {
        let dir = std::env::temp_dir().join(format!("cloud-live-volc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("credentials");
        std::fs::write(&path, "[default]\naccess_key_id = AKLTprofile\nsecret_access_key = volc-profile-secret\n")
            .unwrap();
        let credentials = Credentials::from_profile_file(&path).unwrap().with_session_token("volc-profile-token");
        assert_eq!(credentials.access_key_id(), "AKLTprofile");
        let shown = format!("{credentials:?}");
        assert!(shown.contains("AKLTprofile") && !shown.contains("volc-profile"), "{shown}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn build_request_signs_and_sends_what_the_sdk_does() {
        for v in vectors("volcengine.json") {
            let credentials =
                Credentials::new(v["access_key_id"].as_str().unwrap(), v["secret_access_key"].as_str().unwrap())
                    .unwrap();
            assert_sends_vector(&v, credentials);
        }
    }

    /// One set of credentials (and its clones) signing every vector, with
    /// days, regions and tokens changing from one request to the next: each
    /// signature still matches the SDK's, so a cached signing key is never
    /// used for another scope.
    #[test]
    fn cached_signing_keys_follow_the_scope() {
        let all = vectors("volcengine.json");
        let first = &all[0];
        let credentials =
            Credentials::new(first["access_key_id"].as_str().unwrap(), first["secret_access_key"].as_str().unwrap())
                .unwrap();
        let days: std::collections::BTreeSet<u64> =
            all.iter().map(|v| v["timestamp"].as_u64().unwrap() / 86_400).collect();
        let regions: std::collections::BTreeSet<&str> = all.iter().map(|v| v["region"].as_str().unwrap()).collect();
        assert!(days.len() > 1 && regions.len() > 1, "the vectors span several days and regions");
        for v in all.iter().chain(all.iter().rev()).chain(all.iter()) {
            assert_eq!(v["secret_access_key"], first["secret_access_key"]);
            assert_sends_vector(v, credentials.clone());
        }
    }

    fn assert_sends_vector(v: &serde_json::Value, mut credentials: Credentials) {
        let label = v["name"].as_str().unwrap();
        if let Some(token) = v["session_token"].as_str() {
            credentials = credentials.with_session_token(token);
        }
        let config =
            Config::builder(credentials).region(v["region"].as_str().unwrap()).http_client(unsent()).build().unwrap();
        let method = if v["method"] == "GET" { Method::Get } else { Method::Post };
        let operation = OperationMeta {
            name: "DescribeStreamQuotaConfig",
            method,
            path: "/",
            rate_limit: None,
            response_body: false,
            output: crate::runtime::OutputShape::UNBOUNDED,
        };
        let query = v["query"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p[0] != "Action" && p[0] != "Version")
            .map(|p| (name(p[0].as_str().unwrap()), p[1].as_str().unwrap().to_owned()))
            .collect();
        let body = v["body"].as_str().unwrap().as_bytes().to_vec();
        let parts = RequestParts { query, body: (method == Method::Post).then_some(body), ..RequestParts::default() };
        let request = Volcengine::build_request(
            &SERVICE,
            &config,
            &Endpoint::resolve(&SERVICE, &config).unwrap(),
            &operation,
            &parts,
            v["timestamp"].as_u64().unwrap(),
        )
        .unwrap();
        assert_eq!(request.header("Authorization"), v["authorization"].as_str(), "{label}: Authorization");
        crate::runtime::test_support::assert_debug_hides_secrets(&request);
        for (header, value) in v["headers"].as_object().unwrap() {
            assert_eq!(request.header(header), value.as_str(), "{label}: {header}");
        }
        // The wire query is the canonical query the SDK signed.
        let canonical_query = v["canonical_request"].as_str().unwrap().split('\n').nth(2).unwrap();
        assert_eq!(request.url, format!("https://live.volcengineapi.com/?{canonical_query}"), "{label}");
    }
}
