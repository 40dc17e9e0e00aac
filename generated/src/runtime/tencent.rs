//! Tencent Cloud API 3.0: POST JSON, TC3-HMAC-SHA256, `{"Response": {...}}`.
//!
//! Business errors arrive with HTTP 200 inside the envelope, so the envelope is
//! always checked for `Response.Error` before anything else.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::de::value::{BorrowedStrDeserializer, StrDeserializer};
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::client::{Endpoint, Protocol};

use super::bounded::DecodeLimits;
use super::credentials::{CredentialsError, Ini, Secret, check_key, env_var, first_of, home_dir};
use super::envelope::{self, Envelope, EnvelopeError, Head};
use super::error::Error;
use super::http::{
    Config as GenericConfig, ConfigBuilder as GenericConfigBuilder, HttpRequest, HttpResponse, RedactedCanonical,
};
use super::sign::{KeyCache, SigningKey, hmac_sha256, joined, push_all, push_hex, sha256};
use super::time::UtcDateTime;
use super::{EnvelopeText, InvalidInput, Operation, OperationMeta, RequestParts, ServiceMeta};

/// Configuration of a Tencent Cloud client.
pub type Config = GenericConfig<Credentials>;

/// Builds a [`Config`].
pub type ConfigBuilder = GenericConfigBuilder<Credentials>;

/// A Tencent Cloud API key pair (`SecretId`/`SecretKey`), with an optional
/// session token for temporary credentials.
///
/// ```
/// use cloud_live::tencent_live::Credentials;
///
/// let credentials = Credentials::new("AKIDexample", "example-key")?.with_session_token("example-token");
/// // Empty values and surrounding whitespace are refused, and secrets never show in `Debug`.
/// assert!(Credentials::new("AKIDexample", " example-key").is_err());
/// assert!(!format!("{credentials:?}").contains("example-key"));
/// // In an application: the environment, then `~/.tencentcloud/credentials`.
/// # if false {
/// let credentials = Credentials::from_default_chain()?;
/// # }
/// # Ok::<(), cloud_live::runtime::CredentialsError>(())
/// ```
#[derive(Clone)]
pub struct Credentials {
    secret_id: String,
    secret_key: Secret,
    token: Option<Secret>,
    /// Shared by clones, which hold the same secret.
    keys: Arc<KeyCache>,
}

impl Credentials {
    /// Credentials from a key pair; refuses empty values and surrounding whitespace.
    pub fn new(secret_id: impl Into<String>, secret_key: impl Into<String>) -> Result<Self, CredentialsError> {
        let (secret_id, secret_key) = (secret_id.into(), secret_key.into());
        check_key("the SecretId", &secret_id)?;
        check_key("the SecretKey", &secret_key)?;
        Ok(Credentials { secret_id, secret_key: Secret::new(secret_key), token: None, keys: Arc::default() })
    }

    /// Adds a session token (sent as `X-TC-Token`).
    pub fn with_session_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(Secret::new(token));
        self
    }

    /// Reads `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY` and, if set, `TENCENTCLOUD_TOKEN`.
    pub fn from_env() -> Result<Self, CredentialsError> {
        let (Some(id), Some(key)) = (env_var("TENCENTCLOUD_SECRET_ID"), env_var("TENCENTCLOUD_SECRET_KEY")) else {
            return Err(CredentialsError::new("TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY must both be set"));
        };
        let credentials = Credentials::new(id, key)?;
        Ok(match env_var("TENCENTCLOUD_TOKEN") {
            Some(token) => credentials.with_session_token(token),
            None => credentials,
        })
    }

    /// Reads the profile file the official SDK reads: `~/.tencentcloud/credentials`,
    /// else `/etc/tencentcloud/credentials` (INI, section `[default]`, keys
    /// `secret_id` and `secret_key`).
    pub fn from_profile() -> Result<Self, CredentialsError> {
        let mut candidates: Vec<PathBuf> =
            home_dir().map(|h| h.join(".tencentcloud/credentials")).into_iter().collect();
        candidates.push(PathBuf::from("/etc/tencentcloud/credentials"));
        for path in &candidates {
            if let Some(ini) = Ini::read(path)? {
                return Self::from_ini(path, &ini);
            }
        }
        let looked: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
        Err(CredentialsError::new(format!("no profile file (looked for {})", looked.join(" and "))))
    }

    /// Reads a profile file in the official SDK's format (see [`Self::from_profile`]).
    pub fn from_profile_file(path: impl AsRef<Path>) -> Result<Self, CredentialsError> {
        let path = path.as_ref();
        match Ini::read(path)? {
            Some(ini) => Self::from_ini(path, &ini),
            None => Err(CredentialsError::new(format!("{} does not exist", path.display()))),
        }
    }

    fn from_ini(path: &Path, ini: &Ini) -> Result<Self, CredentialsError> {
        Credentials::new(ini.require(path, "default", "secret_id")?, ini.require(path, "default", "secret_key")?)
    }

    /// The official SDK's order: [`Self::from_env`], then [`Self::from_profile`].
    pub fn from_default_chain() -> Result<Self, CredentialsError> {
        first_of(&[("environment", Self::from_env), ("profile", Self::from_profile)])
    }

    /// The public key id.
    pub fn secret_id(&self) -> &str {
        &self.secret_id
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("secret_id", &self.secret_id)
            .field("secret_key", &self.secret_key)
            .field("token", &self.token.as_ref().map(|_| "***"))
            .finish()
    }
}

/// The intermediate and final products of a TC3 signature, for tests and
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
}

impl fmt::Debug for Signature {
    /// Shows a signed session token and the signature as `***`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signature")
            .field("canonical_request", &RedactedCanonical(&self.canonical_request))
            .field("string_to_sign", &self.string_to_sign)
            .field("authorization", &"***")
            .finish()
    }
}

/// What a TC3 signature covers.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct SigningInput<'a> {
    /// `POST` or `GET`.
    pub method: &'a str,
    /// The `Host` header value.
    pub host: &'a str,
    /// The query string exactly as sent (empty for POST).
    pub query: &'a str,
    /// The `Content-Type` header value.
    pub content_type: &'a str,
    /// The body bytes.
    pub payload: &'a [u8],
    /// The signing service name (`live`).
    pub service: &'a str,
    /// Unix seconds; also sent as `X-TC-Timestamp`.
    pub timestamp: u64,
}

/// Signs a request with TC3-HMAC-SHA256, signing exactly `content-type;host`
/// as the official SDKs do.
#[doc(hidden)]
pub fn sign(input: &SigningInput<'_>, secret_id: &str, secret_key: &Secret) -> Signature {
    let key = |_: &str, date: &str| derive_key(secret_key, date, input.service);
    sign_with(input, &input.timestamp.to_string(), secret_id, key)
}

/// [`sign`] with the signing key from `key(credential scope, date)`.
fn sign_with(
    input: &SigningInput<'_>,
    timestamp: &str,
    secret_id: &str,
    key: impl FnOnce(&str, &str) -> SigningKey,
) -> Signature {
    let date = UtcDateTime::from_unix(input.timestamp).date_dashed();
    let head = [input.method, "\n/\n", input.query, "\ncontent-type:", input.content_type, "\nhost:", input.host];
    let mut canonical_request = joined(&head, 86);
    canonical_request.push_str("\n\ncontent-type;host\n");
    push_hex(&mut canonical_request, &sha256(input.payload));
    let mut string_to_sign = joined(&["TC3-HMAC-SHA256\n", timestamp, "\n"], 105);
    let scope_start = string_to_sign.len();
    push_all(&mut string_to_sign, &[&date, "/", input.service, "/tc3_request"]);
    let scope_end = string_to_sign.len();
    string_to_sign.push('\n');
    push_hex(&mut string_to_sign, &sha256(canonical_request.as_bytes()));
    // The credential scope, as it stands in the string to sign.
    let scope = &string_to_sign[scope_start..scope_end];
    let signing_key = key(scope, &date);
    let head = ["TC3-HMAC-SHA256 Credential=", secret_id, "/", scope, ", SignedHeaders=content-type;host, Signature="];
    let mut authorization = joined(&head, 64);
    push_hex(&mut authorization, &signing_key.sign(&string_to_sign));
    Signature { canonical_request, string_to_sign, authorization }
}

/// The TC3 signing key of one day (`YYYY-MM-DD`) and service.
fn derive_key(secret_key: &Secret, date: &str, service: &str) -> SigningKey {
    let k_date = hmac_sha256(joined(&["TC3", secret_key.expose()], 0).as_bytes(), date);
    let k_service = hmac_sha256(&k_date, service);
    SigningKey::new(&hmac_sha256(&k_service, "tc3_request"))
}

/// Marker for the Tencent Cloud API 3.0 protocol; the generated clients of this vendor use it.
pub enum Tencent {}

impl Protocol for Tencent {
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
        // API 3.0 always takes an object, never an empty body.
        let body = parts.body.clone().unwrap_or_else(|| b"{}".to_vec());
        const CONTENT_TYPE: &str = "application/json";
        let credentials = &config.credentials;
        let signing_service = service.signing_name.unwrap_or("live");
        let timestamp = now.to_string();
        let signature = sign_with(
            &SigningInput {
                method: "POST",
                host: &host,
                query: "",
                content_type: CONTENT_TYPE,
                payload: &body,
                service: signing_service,
                timestamp: now,
            },
            &timestamp,
            &credentials.secret_id,
            |scope, date| credentials.keys.get(scope, || derive_key(&credentials.secret_key, date, signing_service)),
        );
        let mut headers: Vec<(Cow<'static, str>, Cow<'static, str>)> = Vec::with_capacity(9);
        headers.push(("Content-Type".into(), CONTENT_TYPE.into()));
        headers.push(("Host".into(), host.into()));
        headers.push(("X-TC-Action".into(), operation.name.into()));
        headers.push(("X-TC-Timestamp".into(), timestamp.into()));
        headers.push(("X-TC-Version".into(), service.api_version.into()));
        if let Some(region) = config.region.as_deref() {
            headers.push(("X-TC-Region".into(), region.to_owned().into()));
        }
        if let Some(token) = &credentials.token {
            headers.push(("X-TC-Token".into(), token.expose().to_owned().into()));
        }
        headers.push(("User-Agent".into(), config.user_agent.clone()));
        headers.push(("Authorization".into(), signature.authorization.into()));
        Ok(HttpRequest { method: super::Method::Post, url: joined(&[url, "/"], 0), headers, body })
    }

    fn decode<O: Operation>(response: &HttpResponse, limits: &DecodeLimits) -> Result<O::Output, Error<O::Error>> {
        envelope::decode::<Tencent, O>(response, limits)
    }
}

#[derive(Deserialize)]
pub(crate) struct Probe {
    #[serde(rename = "Response")]
    response: ProbeInner,
}

#[derive(Deserialize)]
struct ProbeInner {
    #[serde(rename = "Error")]
    error: Option<ApiError>,
    #[serde(rename = "RequestId", default)]
    request_id: EnvelopeText,
}

#[derive(Deserialize)]
struct ApiError {
    #[serde(rename = "Code", default)]
    code: EnvelopeText,
    #[serde(rename = "Message", default)]
    message: EnvelopeText,
}

#[derive(Deserialize)]
pub(crate) struct Data<T> {
    #[serde(rename = "Response")]
    response: T,
}

/// `{"Response": {...}}` read in one pass: `Error` and `RequestId` are taken
/// out of the `Response` object while the operation's output is decoded from
/// the remaining fields.
pub(crate) struct OnePass<T> {
    output: T,
    error: Option<ApiError>,
    request_id: Option<String>,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OnePass<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Outer<T> {
            #[serde(rename = "Response")]
            response: Inner<T>,
        }
        struct Inner<T>(OnePass<T>);
        impl<'de, T: Deserialize<'de>> Deserialize<'de> for Inner<T> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // A struct, not a map: its members live in the output, not in a collection of their own, which
                // is what bounded decoding charges for.
                deserializer.deserialize_struct("Response", &[], InnerVisitor(PhantomData))
            }
        }
        struct InnerVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for InnerVisitor<T> {
            type Value = Inner<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the Response object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut taken = Taken { map: &mut map, error: None, request_id: None };
                let output = T::deserialize(&mut taken)?;
                Ok(Inner(OnePass { output, error: taken.error, request_id: taken.request_id }))
            }
        }
        Outer::<T>::deserialize(deserializer).map(|outer| outer.response.0)
    }
}

/// The `Response` object as the output type sees it: a map without the
/// envelope's own `Error` and `RequestId`, which are kept aside.
struct Taken<'a, A> {
    map: &'a mut A,
    error: Option<ApiError>,
    request_id: Option<String>,
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for &mut Taken<'_, A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_map(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for &mut Taken<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, mut seed: K) -> Result<Option<K::Value>, A::Error> {
        loop {
            match self.map.next_key_seed(KeySeed(seed))? {
                None => return Ok(None),
                Some(Key::Other(key)) => return Ok(Some(key)),
                Some(Key::Error(back)) => {
                    self.error = self.map.next_value()?;
                    seed = back;
                }
                Some(Key::RequestId(back)) => {
                    self.request_id = self.map.next_value::<EnvelopeText>()?.0;
                    seed = back;
                }
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

/// A key of the `Response` object: one of the envelope's own (handing the
/// output's key seed back), or one the output's key seed has read.
enum Key<K, V> {
    Error(K),
    RequestId(K),
    Other(V),
}

struct KeySeed<K>(K);

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<K> {
    type Value = Key<K, K::Value>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de, K: DeserializeSeed<'de>> Visitor<'de> for KeySeed<K> {
    type Value = Key<K, K::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Self::Value, E> {
        match key {
            "Error" => Ok(Key::Error(self.0)),
            "RequestId" => Ok(Key::RequestId(self.0)),
            _ => self.0.deserialize(BorrowedStrDeserializer::new(key)).map(Key::Other),
        }
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        match key {
            "Error" => Ok(Key::Error(self.0)),
            "RequestId" => Ok(Key::RequestId(self.0)),
            _ => self.0.deserialize(StrDeserializer::new(key)).map(Key::Other),
        }
    }
}
/// Decodes a Tencent API 3.0 answer into the operation's output or error, within the
/// default [`DecodeLimits`].
#[doc(hidden)]
pub fn decode<O: Operation>(response: &HttpResponse) -> Result<O::Output, Error<O::Error>> {
    envelope::decode::<Tencent, O>(response, &DecodeLimits::default())
}

/// `{"Response": {"RequestId": ..., "Error": {...}, <data>}}`: business errors
/// come with any status (mostly 200), and only 200 carries data.
impl Envelope for Tencent {
    type Probe = Probe;
    type OnePass<T: DeserializeOwned> = OnePass<T>;
    type Data<T: DeserializeOwned> = Data<T>;

    fn probe(probe: Probe) -> Head {
        Head { request_id: probe.response.request_id.0, error: probe.response.error.map(ApiError::into_error) }
    }

    fn one_pass<T: DeserializeOwned>(pass: OnePass<T>) -> (Head, Option<T>) {
        (Head { request_id: pass.request_id, error: pass.error.map(ApiError::into_error) }, Some(pass.output))
    }

    fn data<T: DeserializeOwned>(data: Data<T>) -> T {
        data.response
    }

    fn carries_data(status: u16) -> bool {
        status == 200
    }

    fn not_an_envelope(status: u16, error: &serde_json::Error) -> String {
        if status == 200 {
            format!("the body is not a Tencent API 3.0 envelope: {error}")
        } else {
            format!("HTTP {status} without an API 3.0 envelope")
        }
    }
}

impl ApiError {
    fn into_error(self) -> EnvelopeError {
        EnvelopeError { code: self.code.0, message: self.message.0, numeric_code: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::Method;
    use crate::runtime::test_support::{unsent, vectors};

    const SERVICE: ServiceMeta = ServiceMeta {
        host: "live.tencentcloudapi.com",
        api_version: "2018-08-01",
        signing_name: Some("live"),
        regions: &[],
        default_region: None,
    };

    fn answer(status: u16, body: &str) -> HttpResponse {
        HttpResponse { status, headers: Vec::new(), body: body.as_bytes().to_vec() }
    }

    /// The one-pass decoder gives exactly what the two-pass one gives.
    fn agree<O: Operation>(status: u16, body: &str) -> String
    where
        O::Output: fmt::Debug + PartialEq,
        O::Error: fmt::Debug,
    {
        let (fast, careful) = (
            decode::<O>(&answer(status, body)),
            envelope::decode_careful::<Tencent, O>(&answer(status, body), &DecodeLimits::default()),
        );
        let (fast, careful) = (format!("{fast:?}"), format!("{careful:?}"));
        assert_eq!(fast, careful, "HTTP {status} {body}");
        fast
    }

    #[test]
    fn one_pass_decoding_agrees_with_two_passes() {
        use crate::runtime::test_support::{Loose, Strict};
        let fields = r#""Name": "n", "Count": 3"#;
        let error = r#""Error": {"Code": "InternalError", "Message": "boom"}"#;
        for (status, body) in [
            (200, format!(r#"{{"Response": {{"RequestId": "r-1", {fields}}}}}"#)),
            (200, format!(r#"{{"Response": {{{fields}, "RequestId": "r-1", "Extra": {{"Error": 1}}}}}}"#)),
            (200, format!(r#"{{"Response": {{{fields}, "Request\u0049d": "r-2"}}}}"#)),
            (200, format!(r#"{{"Other": 1, "Response": {{{fields}}}}}"#)),
            (200, format!(r#"{{"Response": {{"RequestId": "r-3", {error}}}}}"#)),
            (200, format!(r#"{{"Response": {{{error}, {fields}, "RequestId": "r-4"}}}}"#)),
            (503, format!(r#"{{"Response": {{"RequestId": "r-5", {error}}}}}"#)),
            (500, format!(r#"{{"Response": {{"RequestId": "r-6", {fields}}}}}"#)),
            (200, r#"{"Response": {"RequestId": "r-7", "Name": "n", "Count": "x"}}"#.to_owned()),
            (200, r#"{"Response": {"RequestId": null}}"#.to_owned()),
            (200, r#"{"Response": {"RequestId": 7}}"#.to_owned()),
            (200, r#"{"Response": {"Error": {"Code": 1}}}"#.to_owned()),
            (200, r#"{"Response": []}"#.to_owned()),
            (200, r#"{"Response": {}} trailing"#.to_owned()),
            (200, "not json".to_owned()),
            (502, String::new()),
        ] {
            agree::<Strict>(status, &body);
            agree::<Loose>(status, &body);
        }
        // And the outcomes are the right ones.
        let ok = format!(r#"{{"Response": {{{fields}, "Request\u0049d": "r-2"}}}}"#);
        let output = decode::<Strict>(&answer(200, &ok)).unwrap();
        assert_eq!(
            (output.name.as_str(), output.count, super::super::Output::request_id(&output)),
            ("n", Some(3), Some("r-2"))
        );
        for op_fits in [true, false] {
            let failed = if op_fits {
                format!(r#"{{"Response": {{{error}, {fields}, "RequestId": "r-4"}}}}"#)
            } else {
                format!(r#"{{"Response": {{{error}, "RequestId": "r-4"}}}}"#)
            };
            let Err(Error::Service(e)) = decode::<Strict>(&answer(200, &failed)) else { panic!("not a service error") };
            assert_eq!((e.0.code.as_str(), e.0.request_id.as_deref()), ("InternalError", Some("r-4")));
        }
        // A member of the wrong type does not hide the error it comes with.
        for (body, code, message, request_id) in [
            (r#"{"Response": {"Error": {"Code": "E", "Message": "m"}, "RequestId": []}}"#, "E", "m", None),
            (r#"{"Response": {"Error": {"Code": 1, "Message": null}, "RequestId": 7}}"#, "1", "", Some("7")),
            (r#"{"Response": {"Error": {"Message": {"a": 1}}, "RequestId": "r"}}"#, "", "", Some("r")),
            (r#"{"Response": {"Error": {"Code": 1.5e0, "Message": true}, "RequestId": [[{}]]}}"#, "1.5", "true", None),
        ] {
            agree::<Strict>(200, body);
            let Err(Error::Service(e)) = decode::<Strict>(&answer(200, body)) else { panic!("{body}") };
            assert_eq!(
                (e.0.code.as_str(), e.0.message.as_str(), e.0.request_id.as_deref()),
                (code, message, request_id)
            );
        }
    }

    #[test]
    fn build_request_signs_and_sends_what_the_sdk_does() {
        for v in vectors("tencent.json") {
            let credentials =
                Credentials::new(v["secret_id"].as_str().unwrap(), v["secret_key"].as_str().unwrap()).unwrap();
            assert_sends_vector(&v, credentials);
        }
    }

    /// One set of credentials (and its clones) signing every vector, with
    /// days, regions and tokens changing from one request to the next: each
    /// signature still matches the SDK's, so a cached signing key is never
    /// used for another scope.
    #[test]
    fn cached_signing_keys_follow_the_scope() {
        let all = vectors("tencent.json");
        let first = &all[0];
        let credentials =
            Credentials::new(first["secret_id"].as_str().unwrap(), first["secret_key"].as_str().unwrap()).unwrap();
        let days: std::collections::BTreeSet<u64> =
            all.iter().map(|v| v["timestamp"].as_u64().unwrap() / 86_400).collect();
        assert!(days.len() > 1, "the vectors span more than one day");
        for v in all.iter().chain(all.iter().rev()).chain(all.iter()) {
            assert_eq!(v["secret_key"], first["secret_key"]);
            assert_sends_vector(v, credentials.clone());
        }
    }

    fn assert_sends_vector(v: &serde_json::Value, mut credentials: Credentials) {
        let name = v["name"].as_str().unwrap();
        if let Some(token) = v["token"].as_str() {
            credentials = credentials.with_session_token(token);
        }
        let mut config = Config::builder(credentials);
        if let Some(region) = v["region"].as_str() {
            config = config.region(region);
        }
        let config = config.http_client(unsent()).build().unwrap();
        let action: &'static str = crate::runtime::test_support::name(v["action"].as_str().unwrap());
        let operation = OperationMeta {
            name: action,
            method: Method::Post,
            path: "/",
            rate_limit: None,
            response_body: false,
            output: crate::runtime::OutputShape::UNBOUNDED,
        };
        let parts =
            RequestParts { body: Some(v["body"].as_str().unwrap().as_bytes().to_vec()), ..RequestParts::default() };
        let request = Tencent::build_request(
            &SERVICE,
            &config,
            &Endpoint::resolve(&SERVICE, &config).unwrap(),
            &operation,
            &parts,
            v["timestamp"].as_u64().unwrap(),
        )
        .unwrap();
        assert_eq!(request.url, "https://live.tencentcloudapi.com/", "{name}");
        crate::runtime::test_support::assert_debug_hides_secrets(&request);
        assert_eq!(request.header("Authorization"), v["authorization"].as_str(), "{name}: Authorization");
        for (header, value) in v["headers"].as_object().unwrap() {
            assert_eq!(request.header(header), value.as_str(), "{name}: {header}");
        }
        let sent_tc: Vec<&str> =
            request.headers.iter().map(|(n, _)| n.as_ref()).filter(|n| n.starts_with("X-TC-")).collect();
        assert_eq!(sent_tc.len(), v["headers"].as_object().unwrap().len(), "{name}: X-TC headers {sent_tc:?}");
    }

    #[test]
    fn profile_files_in_the_sdk_format() {
        let dir = std::env::temp_dir().join(format!("cloud-live-tc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("credentials");
        std::fs::write(&path, "[default]\nsecret_id = AKIDprofile\nsecret_key = profile-secret\n").unwrap();
        let credentials = Credentials::from_profile_file(&path).unwrap();
        assert_eq!(credentials.secret_id(), "AKIDprofile");
        assert_eq!(credentials.secret_key.expose(), "profile-secret");
        std::fs::write(&path, "[default]\nsecret_id = AKIDprofile\n").unwrap();
        let error = Credentials::from_profile_file(&path).unwrap_err().to_string();
        assert!(error.ends_with("credentials: [default] has no `secret_key`"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn credentials_never_print_secrets() {
        let credentials =
            Credentials::new("AKIDpublic", "very-secret-key").unwrap().with_session_token("very-secret-token");
        let shown = format!("{credentials:?}");
        assert!(shown.contains("AKIDpublic"), "{shown}");
        assert!(!shown.contains("very-secret"), "{shown}");
        let config = Config::builder(credentials).http_client(unsent()).build().unwrap();
        assert!(!format!("{config:?}").contains("very-secret"));
        assert!(Credentials::new("id", " key").is_err());
        assert!(Credentials::new("", "key").is_err());
    }
}
