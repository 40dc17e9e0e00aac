//! Huawei Cloud REST: path, query and header parameters, plain JSON, AK/SK
//! signing (`SDK-HMAC-SHA256`) or an IAM token (`X-Auth-Token`); the request id
//! arrives in the `X-Request-Id` response header.

use std::borrow::Cow;
use std::fmt;

use serde_json::Value;

use super::client::{Endpoint, Protocol};
use std::path::{Path, PathBuf};

use super::bounded::{self, DecodeLimits, Failure};
use super::credentials::{CredentialsError, Ini, Secret, check_key, env_var, first_of, home_dir};
use super::error::{DecodeError, Error, ErrorMeta};
use super::http::{
    Config as GenericConfig, ConfigBuilder as GenericConfigBuilder, HttpRequest, HttpResponse, RedactedCanonical,
};
use super::sign::{
    hmac_sha256, joined, percent_encode, push_all, push_canonical_headers, push_hex, push_query, sha256,
    sort_for_signing,
};
use super::time::UtcDateTime;
use super::{InvalidInput, Operation, OperationMeta, RequestParts, ServiceError, ServiceMeta};

/// Configuration of a Huawei Cloud client.
pub type Config = GenericConfig<Credentials>;

/// Builds a [`Config`].
pub type ConfigBuilder = GenericConfigBuilder<Credentials>;

/// How requests are authenticated, and the project they act in.
///
/// ```
/// use cloud_live::huawei_live::Credentials;
///
/// // AK/SK signing; the project fills every path's `{project_id}`, so requests carry none.
/// let signed = Credentials::new("HWexampleAK", "example-secret")?.with_project_id("0123456789abcdef");
/// assert_eq!(signed.project_id(), Some("0123456789abcdef"));
/// // Or an IAM token, sent as `X-Auth-Token`.
/// let token = Credentials::token("example-iam-token")?.with_project_id("0123456789abcdef");
/// assert!(!format!("{signed:?}{token:?}").contains("example-secret"));
/// assert!(!format!("{token:?}").contains("example-iam-token"));
/// # Ok::<(), cloud_live::runtime::CredentialsError>(())
/// ```
#[derive(Clone)]
pub enum Credentials {
    /// An access key pair: every request is signed with `SDK-HMAC-SHA256`.
    AkSk {
        /// The access key id.
        access_key: String,
        /// The secret access key.
        secret_key: Secret,
        /// Session token of temporary credentials (`X-Security-Token`, signed).
        security_token: Option<Secret>,
        /// The project the requests act in: it fills each path's `{project_id}`
        /// and is sent as `X-Project-Id`, as the official SDK does.
        project_id: Option<String>,
    },
    /// An IAM user token, sent as `X-Auth-Token`; nothing is signed.
    Token {
        /// The token.
        token: Secret,
        /// The project the requests act in: it fills each path's `{project_id}`.
        project_id: Option<String>,
    },
}

impl Credentials {
    /// AK/SK credentials; refuses empty values and surrounding whitespace.
    /// Named as the other vendors' `Credentials::new` are.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Result<Self, CredentialsError> {
        let (ak, sk) = (access_key.into(), secret_key.into());
        check_key("the access key", &ak)?;
        check_key("the secret key", &sk)?;
        Ok(Credentials::AkSk { access_key: ak, secret_key: Secret::new(sk), security_token: None, project_id: None })
    }

    /// An IAM token (the `X-Subject-Token` of IAM's "get user token").
    pub fn token(token: impl Into<String>) -> Result<Self, CredentialsError> {
        let token = token.into();
        check_key("the IAM token", &token)?;
        Ok(Credentials::Token { token: Secret::new(token), project_id: None })
    }

    /// Adds the session token of temporary AK/SK credentials, which Huawei
    /// calls a security token and which is sent, signed, as
    /// `X-Security-Token` (no effect on an IAM token). Named as the other
    /// vendors' `with_session_token` are.
    pub fn with_session_token(mut self, token: impl Into<String>) -> Self {
        if let Credentials::AkSk { security_token, .. } = &mut self {
            *security_token = Some(Secret::new(token));
        }
        self
    }

    /// Sets the project the requests act in, as the official SDK's credentials
    /// carry it: the client fills every path's `{project_id}` with it (operations
    /// take no project id of their own), and AK/SK requests send it as
    /// `X-Project-Id`.
    pub fn with_project_id(mut self, id: impl Into<String>) -> Self {
        match &mut self {
            Credentials::AkSk { project_id, .. } | Credentials::Token { project_id, .. } => {
                *project_id = Some(id.into())
            }
        }
        self
    }

    /// The project the requests act in, if set.
    pub fn project_id(&self) -> Option<&str> {
        match self {
            Credentials::AkSk { project_id, .. } | Credentials::Token { project_id, .. } => project_id.as_deref(),
        }
    }

    /// Reads `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and, if set,
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN` and `HUAWEICLOUD_SDK_PROJECT_ID`.
    pub fn from_env() -> Result<Self, CredentialsError> {
        let (Some(ak), Some(sk)) = (env_var("HUAWEICLOUD_SDK_AK"), env_var("HUAWEICLOUD_SDK_SK")) else {
            return Err(CredentialsError::new("HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK must both be set"));
        };
        let mut credentials = Credentials::new(ak, sk)?;
        if let Some(token) = env_var("HUAWEICLOUD_SDK_SECURITY_TOKEN") {
            credentials = credentials.with_session_token(token);
        }
        if let Some(project) = env_var("HUAWEICLOUD_SDK_PROJECT_ID") {
            credentials = credentials.with_project_id(project);
        }
        Ok(credentials)
    }

    /// Reads the profile file the official SDK reads: the file named by
    /// `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else `~/.huaweicloud/credentials`
    /// (INI, section `[basic]`, keys `ak`, `sk` and, if present,
    /// `security_token` and `project_id`).
    pub fn from_profile() -> Result<Self, CredentialsError> {
        let path = match env_var("HUAWEICLOUD_SDK_CREDENTIALS_FILE") {
            Some(path) => PathBuf::from(path),
            None => {
                home_dir().ok_or_else(|| CredentialsError::new("HOME is not set"))?.join(".huaweicloud/credentials")
            }
        };
        Self::from_profile_file(path)
    }

    /// Reads a profile file in the official SDK's format (see [`Self::from_profile`]).
    pub fn from_profile_file(path: impl AsRef<Path>) -> Result<Self, CredentialsError> {
        let path = path.as_ref();
        let ini =
            Ini::read(path)?.ok_or_else(|| CredentialsError::new(format!("{} does not exist", path.display())))?;
        let mut credentials = Credentials::new(ini.require(path, "basic", "ak")?, ini.require(path, "basic", "sk")?)?;
        if let Some(token) = ini.get("basic", "security_token") {
            credentials = credentials.with_session_token(token);
        }
        if let Some(project) = ini.get("basic", "project_id") {
            credentials = credentials.with_project_id(project);
        }
        Ok(credentials)
    }

    /// The official SDK's order: [`Self::from_env`], then [`Self::from_profile`].
    pub fn from_default_chain() -> Result<Self, CredentialsError> {
        first_of(&[("environment", Self::from_env), ("profile", Self::from_profile)])
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::AkSk { access_key, secret_key, security_token, project_id } => f
                .debug_struct("AkSk")
                .field("access_key", access_key)
                .field("secret_key", secret_key)
                .field("security_token", &security_token.as_ref().map(|_| "***"))
                .field("project_id", project_id)
                .finish(),
            Credentials::Token { token, project_id } => {
                f.debug_struct("Token").field("token", token).field("project_id", project_id).finish()
            }
        }
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

/// The canonical query string: pairs sorted by key then value, RFC 3986 encoded.
#[doc(hidden)]
pub fn canonical_query(query: &[(&str, &str)]) -> String {
    let mut pairs = query.to_vec();
    pairs.sort_unstable();
    let mut out = String::with_capacity(pairs.iter().map(|(k, v)| k.len() + v.len() + 2).sum());
    push_query(&mut out, &pairs);
    out
}

/// The canonical URI: each segment decoded and re-encoded, always ending in `/`.
/// (Encoding the decoded path with `/` kept is the same as encoding each
/// segment between the slashes.)
#[doc(hidden)]
pub fn canonical_uri(path: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let encoded = percent_encode(&decoded, true);
    let mut uri = String::with_capacity(encoded.len() + 1);
    uri.push_str(&encoded);
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Signs a request with `SDK-HMAC-SHA256`. `headers` are every header that will
/// be sent (names as sent); all whose names contain no `_` are signed.
#[doc(hidden)]
pub fn sign<N: AsRef<str>, V: AsRef<str>>(
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    headers: &[(N, V)],
    body: &[u8],
    access_key: &str,
    secret_key: &Secret,
) -> Signature {
    sign_canonical(method, &canonical_uri(path), &canonical_query(query), headers, body, access_key, secret_key)
}

/// [`sign`] with the canonical URI and query already computed (the request
/// sends the same canonical query, so it is built once).
fn sign_canonical<N: AsRef<str>, V: AsRef<str>>(
    method: &str,
    canonical_uri: &str,
    canonical_query: &str,
    headers: &[(N, V)],
    body: &[u8],
    access_key: &str,
    secret_key: &Secret,
) -> Signature {
    let mut signed: Vec<(&str, &str)> =
        headers.iter().map(|(n, v)| (n.as_ref(), v.as_ref().trim())).filter(|(n, _)| !n.contains('_')).collect();
    sort_for_signing(&mut signed);
    let sdk_date =
        headers.iter().find(|(n, _)| n.as_ref().eq_ignore_ascii_case("X-Sdk-Date")).map_or("", |(_, v)| v.as_ref());
    let header_bytes: usize = signed.iter().map(|(n, v)| n.len() + v.len() + 2).sum();
    let mut canonical_request =
        String::with_capacity(method.len() + canonical_uri.len() + canonical_query.len() + 2 * header_bytes + 70);
    canonical_request.extend(method.chars().map(|c| c.to_ascii_uppercase()));
    push_all(&mut canonical_request, &["\n", canonical_uri, "\n", canonical_query, "\n"]);
    let signed_headers = push_canonical_headers(&mut canonical_request, &signed);
    push_all(&mut canonical_request, &["\n", &signed_headers, "\n"]);
    push_hex(&mut canonical_request, &sha256(body));
    let mut string_to_sign = joined(&["SDK-HMAC-SHA256\n", sdk_date, "\n"], 64);
    push_hex(&mut string_to_sign, &sha256(canonical_request.as_bytes()));
    let head = ["SDK-HMAC-SHA256 Access=", access_key, ", SignedHeaders=", &signed_headers, ", Signature="];
    let mut authorization = joined(&head, 64);
    push_hex(&mut authorization, &hmac_sha256(secret_key.expose().as_bytes(), &string_to_sign));
    Signature { canonical_request, string_to_sign, authorization }
}

/// The path parameter the credentials fill: the generator leaves it out of the
/// request types (`auth: true` in the specs).
#[doc(hidden)]
pub const PROJECT_ID: &str = "project_id";

/// Marker for the Huawei Cloud REST protocol; the generated clients of this vendor use it.
pub enum Huawei {}

impl Protocol for Huawei {
    type Credentials = Credentials;

    fn build_request(
        _service: &ServiceMeta,
        config: &Config,
        endpoint: &Endpoint,
        operation: &OperationMeta,
        parts: &RequestParts,
        now: u64,
    ) -> Result<HttpRequest, InvalidInput> {
        let base = &endpoint.url;
        let host = endpoint.host.clone();
        // Like the official SDK, the credentials' project fills `{project_id}`.
        let project = config.credentials.project_id();
        let path = parts.render_path(operation.path, &[(PROJECT_ID, project)]).map_err(|e| match project {
            None if e.field() == PROJECT_ID => InvalidInput::new(
                PROJECT_ID,
                "the operation acts in a project, and the credentials name none: set it with \
                 `Credentials::with_project_id` (or `HUAWEICLOUD_SDK_PROJECT_ID`, or `project_id` in the profile)",
            ),
            _ => e,
        })?;
        let query: Vec<(&str, &str)> = parts.query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        // Signed and sent alike, so the two cannot differ.
        let canonical = canonical_query(&query);
        let body = parts.body.clone().unwrap_or_default();
        // The official SDK declares a JSON content type even on bodyless GETs, and signs it.
        let mut headers: Vec<(Cow<'static, str>, Cow<'static, str>)> = Vec::with_capacity(parts.headers.len() + 7);
        headers.push(("Content-Type".into(), "application/json".into()));
        headers.push(("User-Agent".into(), config.user_agent.clone()));
        headers.extend(parts.headers.iter().map(|(k, v)| ((*k).into(), v.clone().into())));
        match &config.credentials {
            Credentials::Token { token, .. } => {
                headers.push(("X-Auth-Token".into(), token.expose().to_owned().into()));
            }
            Credentials::AkSk { access_key, secret_key, security_token, project_id } => {
                if let Some(project_id) = project_id {
                    headers.push(("X-Project-Id".into(), project_id.clone().into()));
                }
                if let Some(token) = security_token {
                    headers.push(("X-Security-Token".into(), token.expose().to_owned().into()));
                }
                headers.push(("X-Sdk-Date".into(), UtcDateTime::from_unix(now).compact().into()));
                headers.push(("Host".into(), host.into()));
                let signature = sign_canonical(
                    operation.method.as_str(),
                    &canonical_uri(&path),
                    &canonical,
                    &headers,
                    &body,
                    access_key,
                    secret_key,
                );
                headers.push(("Authorization".into(), signature.authorization.into()));
            }
        }
        let url = if canonical.is_empty() { format!("{base}{path}") } else { format!("{base}{path}?{canonical}") };
        Ok(HttpRequest { method: operation.method, url, headers, body })
    }

    fn decode<O: Operation>(response: &HttpResponse, limits: &DecodeLimits) -> Result<O::Output, Error<O::Error>> {
        decode_within::<O>(response, limits)
    }
}

/// Finds the first `(code, message)` pair the way the official SDK does:
/// `error_code`/`error_msg`, `errorCode`/`errorMsg`, `code`/`message`, searching nested objects.
fn find_error(value: &Value) -> Option<(String, String)> {
    let object = value.as_object()?;
    for (code_key, message_key) in [("error_code", "error_msg"), ("errorCode", "errorMsg"), ("code", "message")] {
        if let (Some(code), Some(message)) = (object.get(code_key), object.get(message_key)) {
            let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
            return Some((text(code), text(message)));
        }
    }
    object.values().find_map(find_error)
}

/// Decodes a Huawei Cloud answer into the operation's output or error, within
/// the default [`DecodeLimits`].
#[doc(hidden)]
pub fn decode<O: Operation>(response: &HttpResponse) -> Result<O::Output, Error<O::Error>> {
    decode_within::<O>(response, &DecodeLimits::default())
}

/// Decodes a Huawei Cloud answer into the operation's output or error, within `limits`.
#[doc(hidden)]
pub fn decode_within<O: Operation>(
    response: &HttpResponse,
    limits: &DecodeLimits,
) -> Result<O::Output, Error<O::Error>> {
    let status = response.status;
    let request_id = response.header("X-Request-Id").map(str::to_owned);
    if status >= 400 {
        let parsed = match bounded::from_slice::<Value>(&response.body, limits) {
            Ok(parsed) => Some(parsed),
            Err(Failure::Exceeded(limit)) => {
                return Err(Error::Decode(DecodeError::beyond(status, request_id, limit, &response.body)));
            }
            Err(Failure::Other(_)) => None,
        };
        // The SDK invents the code `str(status)` when the body holds no error
        // object (a gateway's HTML page); such an answer is not the service's
        // error, so it is reported as undecodable, with status and snippet.
        let Some((code, message)) = parsed.as_ref().and_then(find_error) else {
            let reason = format!("HTTP {status} without an error object");
            return Err(Error::Decode(DecodeError::new(status, request_id, reason, &response.body)));
        };
        return Err(Error::Service(O::Error::from_meta(ErrorMeta {
            code,
            message,
            request_id,
            http_status: status,
            numeric_code: None,
        })));
    }
    if !(200..300).contains(&status) {
        return Err(Error::Decode(DecodeError::new(
            status,
            request_id,
            format!("unexpected HTTP {status}"),
            &response.body,
        )));
    }
    let body: &[u8] = match response.body.is_empty() {
        true if O::META.response_body => {
            let reason = format!("an empty HTTP {status} answer, where the operation documents a body");
            return Err(Error::Decode(DecodeError::new(status, request_id, reason, b"")));
        }
        true => b"{}",
        false => &response.body,
    };
    let mut output: O::Output = bounded::from_slice_shaped(body, limits, O::META.output).map_err(|failure| {
        Error::Decode(match failure {
            Failure::Exceeded(limit) => DecodeError::beyond(status, request_id.clone(), limit, &response.body),
            Failure::Other(e) => {
                DecodeError::new(status, request_id.clone(), format!("unexpected response shape: {e}"), &response.body)
            }
        })
    })?;
    super::Output::set_request_id(&mut output, request_id);
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::Method;
    use crate::runtime::test_support::{name, unsent, vectors};

    #[test]
    fn canonical_uri_encodes_each_segment_and_ends_in_a_slash() {
        // The SDK's definition, segment by segment, as the reference.
        let by_segment = |path: &str| {
            let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy().into_owned();
            let mut uri =
                decoded.split('/').map(|s| percent_encode(s, false).into_owned()).collect::<Vec<_>>().join("/");
            if !uri.ends_with('/') {
                uri.push('/');
            }
            uri
        };
        for path in
            ["", "/", "/v1/p/stream", "/v1/proj%201~%2A/x/", "/v1/a%2Fb//c d", "/v1/中文/%E4%B8%AD", "/v1/%ZZ/+&="]
        {
            assert_eq!(canonical_uri(path), by_segment(path), "{path}");
        }
        assert_eq!(canonical_uri("/v1/proj%201~%2A/stream"), "/v1/proj%201~%2A/stream/");
    }

    const SERVICE: ServiceMeta = ServiceMeta {
        host: "live.{region}.myhuaweicloud.com",
        api_version: "v1",
        signing_name: None,
        regions: &["cn-north-4"],
        default_region: Some("cn-north-4"),
    };

    #[test]
    fn profile_files_in_the_sdk_format_never_print_secrets() {
        let dir = std::env::temp_dir().join(format!("cloud-live-hw-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("credentials");
        std::fs::write(
            &path,
            "[basic]\nak = HWPROFILEAK\nsk = hw-profile-secret\nsecurity_token = hw-profile-token\nproject_id = p1\n",
        )
        .unwrap();
        let credentials = Credentials::from_profile_file(&path).unwrap();
        let Credentials::AkSk { access_key, security_token, project_id, .. } = &credentials else { panic!() };
        assert_eq!((access_key.as_str(), project_id.as_deref()), ("HWPROFILEAK", Some("p1")));
        assert_eq!(security_token.as_ref().map(Secret::expose), Some("hw-profile-token"));
        let shown = format!("{credentials:?}");
        assert!(shown.contains("HWPROFILEAK") && !shown.contains("hw-profile"), "{shown}");
        std::fs::write(&path, "[global]\nak = HWPROFILEAK\n").unwrap();
        let error = Credentials::from_profile_file(&path).unwrap_err().to_string();
        assert!(error.ends_with("credentials: [basic] has no `ak`"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn build_request_signs_and_sends_what_the_sdk_does() {
        for v in vectors("huawei.json") {
            let label = v["name"].as_str().unwrap();
            let mut credentials =
                Credentials::new(v["access_key"].as_str().unwrap(), v["secret_key"].as_str().unwrap()).unwrap();
            if let Some(token) = v["security_token"].as_str() {
                credentials = credentials.with_session_token(token);
            }
            if let Some(project) = v["project_id"].as_str() {
                credentials = credentials.with_project_id(project);
            }
            let user_agent =
                v["headers"].as_array().unwrap().iter().find(|h| h[0] == "User-Agent").unwrap()[1].as_str().unwrap();
            let config = Config::builder(credentials).user_agent(user_agent).http_client(unsent()).build().unwrap();
            let method = match v["method"].as_str().unwrap() {
                "GET" => Method::Get,
                "POST" => Method::Post,
                "PUT" => Method::Put,
                "DELETE" => Method::Delete,
                other => panic!("{label}: {other}"),
            };
            let operation =
                OperationMeta { method, path: name(v["template"].as_str().unwrap()), ..show_traffic(method) };
            // The raw values the SDK encoded into the template.
            let path_params = v["path_params"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| (name(p[0].as_str().unwrap()), p[1].as_str().unwrap().to_owned()))
                .collect();
            let query = v["query"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| (name(p[0].as_str().unwrap()), p[1].as_str().unwrap().to_owned()))
                .collect();
            let body = v["body"].as_str().unwrap();
            let parts = RequestParts {
                path_params,
                query,
                body: (!body.is_empty()).then(|| body.as_bytes().to_vec()),
                ..RequestParts::default()
            };
            let request = Huawei::build_request(
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
            assert_eq!(
                request.url,
                format!("https://live.cn-north-4.myhuaweicloud.com{}", v["uri"].as_str().unwrap()),
                "{label}"
            );
        }
    }

    /// `ShowTraffic`'s facts, the operation the tests sign and send.
    fn show_traffic(method: Method) -> OperationMeta {
        OperationMeta {
            name: "ShowTraffic",
            method,
            path: "/v1/{project_id}/stream/traffic",
            rate_limit: None,
            response_body: false,
            output: crate::runtime::OutputShape::UNBOUNDED,
        }
    }

    #[test]
    fn token_requests_are_not_signed() {
        let config =
            Config::builder(Credentials::token("iam-token-value").unwrap()).http_client(unsent()).build().unwrap();
        let operation = show_traffic(Method::Get);
        let parts = RequestParts { path_params: vec![("project_id", "p".into())], ..RequestParts::default() };
        let request = Huawei::build_request(
            &SERVICE,
            &config,
            &Endpoint::resolve(&SERVICE, &config).unwrap(),
            &operation,
            &parts,
            0,
        )
        .unwrap();
        assert_eq!(request.header("X-Auth-Token"), Some("iam-token-value"));
        crate::runtime::test_support::assert_debug_hides_secrets(&request);
        assert_eq!(request.header("Authorization"), None);
        assert_eq!(request.header("X-Sdk-Date"), None);
        assert!(!format!("{:?}", config).contains("iam-token-value"));
    }

    #[test]
    fn the_credentials_project_fills_the_path() {
        let operation = show_traffic(Method::Get);
        let build = |credentials: Credentials| {
            let config = Config::builder(credentials).http_client(unsent()).build().unwrap();
            let endpoint = Endpoint::resolve(&SERVICE, &config).unwrap();
            Huawei::build_request(&SERVICE, &config, &endpoint, &operation, &RequestParts::default(), 0)
        };
        for credentials in [
            Credentials::new("ak", "sk").unwrap().with_project_id("p 1"),
            Credentials::token("t").unwrap().with_project_id("p 1"),
        ] {
            let request = build(credentials).unwrap();
            assert!(request.url.ends_with("/v1/p%201/stream/traffic"), "{}", request.url);
        }
        let error = build(Credentials::token("t").unwrap()).unwrap_err();
        assert_eq!(error.field(), "project_id");
        assert!(error.rule().contains("Credentials::with_project_id"), "{error}");
        assert!(build(Credentials::new("ak", "sk").unwrap().with_project_id("a/b")).is_err());
    }

    #[test]
    fn slashes_in_path_parameters_are_refused() {
        let config = Config::builder(Credentials::token("t").unwrap()).http_client(unsent()).build().unwrap();
        let operation = show_traffic(Method::Get);
        let parts = RequestParts { path_params: vec![("project_id", "a/b".into())], ..RequestParts::default() };
        let error = Huawei::build_request(
            &SERVICE,
            &config,
            &Endpoint::resolve(&SERVICE, &config).unwrap(),
            &operation,
            &parts,
            0,
        )
        .unwrap_err();
        assert_eq!(error.field(), "project_id");
    }
}
