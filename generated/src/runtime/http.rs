//! HTTP transport and client configuration shared by the vendors.
//!
//! The built-in transport is reqwest with rustls, whose cryptography comes
//! from aws-lc-rs (feature `rustls-aws-lc`, the default) or ring (feature
//! `rustls-ring`). Any other can be plugged in by implementing [`HttpClient`].

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use super::Method;
use super::bounded::DecodeLimits;
use super::error::{ConfigError, TimeoutError, TransportError};
use super::limit::RateLimiter;
use super::retry::{RetryBudget, RetryPolicy};
use super::text::Shown;

/// A signed request, ready to send. Its `Debug` shows the values of the
/// headers that carry credentials or signatures ([`SENSITIVE_HEADERS`]) as `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// HTTP method.
    pub method: Method,
    /// Absolute URL, query included.
    pub url: String,
    /// Headers in sending order (names as the protocol writes them). Names
    /// and fixed values are borrowed `'static` text, so building a request
    /// allocates only the values that change.
    pub headers: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    /// The body bytes (empty for none).
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The first header with this name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref())
    }
}

/// Request headers whose values are credentials or signatures (compared
/// case-insensitively); never shown by `Debug`.
pub const SENSITIVE_HEADERS: [&str; 4] = ["Authorization", "X-Auth-Token", "X-Security-Token", "X-TC-Token"];

fn is_sensitive(name: &str) -> bool {
    SENSITIVE_HEADERS.iter().any(|s| s.eq_ignore_ascii_case(name.trim()))
}

/// Headers as `Debug` shows them: sensitive values as `***`.
pub(crate) struct RedactedHeaders<'a, S>(pub(crate) &'a [(S, S)]);

impl<S: AsRef<str>> fmt::Debug for RedactedHeaders<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.0.iter().map(|(name, value)| {
            let (name, value) = (name.as_ref(), value.as_ref());
            (name, if is_sensitive(name) { "***" } else { value })
        });
        f.debug_list().entries(shown).finish()
    }
}

/// A canonical request as `Debug` shows it: the `name:value` lines of
/// sensitive headers (a signed session token) as `name:***`.
pub(crate) struct RedactedCanonical<'a>(pub(crate) &'a str);

impl fmt::Debug for RedactedCanonical<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<Cow<'_, str>> = self
            .0
            .split('\n')
            .map(|line| match line.split_once(':') {
                Some((name, _)) if is_sensitive(name) => Cow::Owned(format!("{name}:***")),
                _ => Cow::Borrowed(line),
            })
            .collect();
        fmt::Debug::fmt(&lines.join("\n"), f)
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

/// A complete answer. Its `Debug` shows the headers and the body as the
/// crate shows all text a server controls: escaped and cut (see
/// [`text`](super::text)).
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// Headers with lower-case names.
    pub headers: Vec<(String, String)>,
    /// The whole body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header with this name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers = self.headers.iter().map(|(name, value)| (Shown(name), Shown(value)));
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &ShownList(headers.collect()))
            .field("body", &Shown(&String::from_utf8_lossy(&self.body)))
            .finish()
    }
}

/// Pairs of shown text, as a `Debug` list.
struct ShownList<'a>(Vec<(Shown<'a>, Shown<'a>)>);

impl fmt::Debug for ShownList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.0).finish()
    }
}

/// Why a request got no complete answer.
#[derive(Debug)]
pub enum HttpFailure {
    /// A deadline passed.
    Timeout(TimeoutError),
    /// Connecting, sending or reading failed.
    Transport(TransportError),
}

/// A boxed future, as returned by [`HttpClient::send`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends one HTTP request and reads the whole answer. Implement it to plug in
/// another HTTP stack (a proxy-aware one, a test double), and pass it to
/// [`ConfigBuilder::http_client`].
///
/// A transport that answers every request itself, as a test double does (a
/// real one would send `request` with its HTTP stack):
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
///
/// use cloud_live::runtime::http::{BoxFuture, HttpClient, HttpFailure, HttpRequest, HttpResponse};
/// use cloud_live::tencent_live::{Client, Config, Credentials, ResumeLiveStreamRequest};
///
/// #[derive(Debug)]
/// struct Canned;
///
/// impl HttpClient for Canned {
///     fn send(&self, request: HttpRequest, _timeout: Duration) -> BoxFuture<'_, Result<HttpResponse, HttpFailure>> {
///         assert_eq!(request.header("X-TC-Action"), Some("ResumeLiveStream"));
///         let body = br#"{"Response": {"RequestId": "req-1"}}"#.to_vec();
///         Box::pin(async move { Ok(HttpResponse { status: 200, headers: Vec::new(), body }) })
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let credentials = Credentials::new("AKIDexample", "example-secret-key")?;
/// let config = Config::builder(credentials).http_client(Arc::new(Canned)).build()?;
/// let request =
///     ResumeLiveStreamRequest::builder().app_name("live").domain_name("d.example.com").stream_name("s").build()?;
/// let response = Client::new(config).resume_live_stream(&request).await?;
/// assert_eq!(response.request_id(), Some("req-1"));
/// # Ok(())
/// # }
/// ```
pub trait HttpClient: fmt::Debug + Send + Sync {
    /// Sends `request` and reads the whole answer. The client drops the
    /// future when `timeout` (the attempt's deadline) passes, whatever the
    /// transport does; a transport may use it for deadlines of its own. The
    /// client also refuses an answer larger than [`MAX_RESPONSE_BYTES`], but
    /// a transport should stop reading before that to bound its memory.
    fn send(&self, request: HttpRequest, timeout: Duration) -> BoxFuture<'_, Result<HttpResponse, HttpFailure>>;
}

/// The deadlines the client enforces on every call, whatever the transport:
/// one per attempt, and optionally one over the whole call.
///
/// A call makes at most [`RetryPolicy::max_attempts`] attempts, each bounded
/// by [`attempt`](Timeouts::attempt), with backoff between them; with the
/// defaults a server that never answers gets three attempts of 30 s. Set an
/// [`operation`](Timeouts::operation) timeout to bound the whole call instead:
/// no attempt then runs or starts past it, and the last attempt is cut short
/// to end with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    attempt: Duration,
    operation: Option<Duration>,
}

impl Default for Timeouts {
    /// 30 s per attempt, no bound on the whole call beyond the attempts.
    fn default() -> Self {
        Timeouts { attempt: Duration::from_secs(30), operation: None }
    }
}

impl Timeouts {
    /// One attempt, from sending the request to the last byte of the answer
    /// (connecting included).
    pub fn attempt(&self) -> Duration {
        self.attempt
    }

    /// The whole call, from the first attempt to the last answer, waits and
    /// retries included, if bounded.
    pub fn operation(&self) -> Option<Duration> {
        self.operation
    }

    /// Sets the attempt timeout.
    pub fn with_attempt(mut self, timeout: Duration) -> Self {
        self.attempt = timeout;
        self
    }

    /// Bounds the whole call.
    pub fn with_operation(mut self, timeout: Duration) -> Self {
        self.operation = Some(timeout);
        self
    }
}

/// The built-in transport's connect timeout when the configuration sets none.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

#[cfg(any(feature = "rustls-aws-lc", feature = "rustls-ring"))]
pub use super::reqwest_client::ReqwestClient;

/// Answers larger than this are refused rather than buffered.
pub const MAX_RESPONSE_BYTES: usize = 16 << 20;

/// The built-in transport, or an error naming the way out when this build
/// has none.
fn default_transport(connect_timeout: Duration) -> Result<Arc<dyn HttpClient>, ConfigError> {
    #[cfg(any(feature = "rustls-aws-lc", feature = "rustls-ring"))]
    return Ok(Arc::new(ReqwestClient::new(connect_timeout).map_err(ConfigError::Transport)?));
    #[cfg(not(any(feature = "rustls-aws-lc", feature = "rustls-ring")))]
    {
        let _ = connect_timeout;
        Err(ConfigError::NoTransport)
    }
}

/// Checks an endpoint override: an absolute `http` or `https` URL with a
/// host, and no user name, password, query or fragment. Returns what is wrong.
fn check_endpoint(url: &str) -> Result<(), &'static str> {
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("it contains spaces or control characters");
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err("it has no scheme: write `https://host` or `http://host:port`");
    };
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return Err("its scheme is neither `https` nor `http`");
    }
    if url.contains(['?', '#']) {
        return Err("it has a query or a fragment");
    }
    let authority = rest.split('/').next().unwrap_or(rest);
    if authority.contains('@') {
        return Err("it names a user or a password; credentials go in `Credentials`");
    }
    let (host, port) = match authority.rsplit_once(':') {
        // An IPv6 literal, `[::1]` or `[::1]:8080`.
        Some((host, port)) if !port.contains(']') => (host, Some(port)),
        _ => (authority, None),
    };
    if host.is_empty() || host == "[]" {
        return Err("it has no host");
    }
    if host.starts_with('[') != host.ends_with(']') {
        return Err("its IPv6 address is not closed by `]`");
    }
    if port.is_some_and(|port| port.parse::<u16>().is_err()) {
        return Err("its port is not a number from 0 to 65535");
    }
    Ok(())
}

/// Settings every vendor's client shares, with credentials of type `C`.
///
/// Each service module names it with its own credentials (`tencent_live::Config`, ...):
///
/// ```
/// use std::time::Duration;
/// use cloud_live::volcengine_live::{Config, Credentials};
///
/// let config = Config::builder(Credentials::new("AKLTexample", "example-secret")?)
///     .region("cn-north-1")
///     .connect_timeout(Duration::from_secs(5))
///     .build()?;
/// assert_eq!(config.region(), Some("cn-north-1"));
/// // The secret never shows in `Debug`.
/// assert!(!format!("{config:?}").contains("example-secret"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Config<C> {
    pub(crate) credentials: C,
    pub(crate) region: Option<String>,
    pub(crate) endpoint: Option<String>,
    pub(crate) timeouts: Timeouts,
    /// The built-in transport's, when it is the one in use.
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    /// Shared by every clone, so all tasks using a client share the budget.
    pub(crate) retry_budget: Option<Arc<RetryBudget>>,
    pub(crate) decode_limits: DecodeLimits,
    /// Shared by every clone, so all tasks using a client share the budget.
    pub(crate) limiter: Option<Arc<RateLimiter>>,
    /// The default is `'static`, so sending it allocates nothing.
    pub(crate) user_agent: Cow<'static, str>,
    pub(crate) http: Arc<dyn HttpClient>,
}

impl<C> Config<C> {
    /// Starts a configuration with the given credentials.
    pub fn builder(credentials: C) -> ConfigBuilder<C> {
        ConfigBuilder {
            credentials,
            region: None,
            endpoint: None,
            timeouts: Timeouts::default(),
            connect_timeout: None,
            retry: RetryPolicy::default(),
            decode_limits: DecodeLimits::default(),
            rate_limits: false,
            user_agent: None,
            http: None,
        }
    }

    /// The credentials.
    pub fn credentials(&self) -> &C {
        &self.credentials
    }

    /// The configured region, if any.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The endpoint override, if any.
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }

    /// The timeouts the client enforces on every call.
    pub fn timeouts(&self) -> Timeouts {
        self.timeouts
    }

    /// The built-in transport's connect timeout, or `None` when a custom
    /// transport (which owns its connections) is in use.
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect_timeout
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    /// What decoding one answer may build.
    pub fn decode_limits(&self) -> DecodeLimits {
        self.decode_limits
    }

    /// The tokens left in the retry budget that all clones of a client built
    /// from this configuration share, if it has one.
    pub fn retry_budget_left(&self) -> Option<u32> {
        self.retry_budget.as_ref().map(|budget| budget.tokens())
    }

    /// Whether calls wait to stay within each operation's documented rate limit.
    pub fn enforces_rate_limits(&self) -> bool {
        self.limiter.is_some()
    }
}

/// Builds a [`Config`].
#[derive(Debug)]
pub struct ConfigBuilder<C> {
    credentials: C,
    region: Option<String>,
    endpoint: Option<String>,
    timeouts: Timeouts,
    connect_timeout: Option<Duration>,
    retry: RetryPolicy,
    decode_limits: DecodeLimits,
    rate_limits: bool,
    user_agent: Option<String>,
    http: Option<Arc<dyn HttpClient>>,
}

impl<C> ConfigBuilder<C> {
    /// The region to call (for services whose host or scope depends on it).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Replaces the service's endpoint, e.g. `http://127.0.0.1:8080` for a local
    /// server or a private endpoint: an absolute `http` or `https` URL, with
    /// an optional path prefix and no user name, query or fragment
    /// ([`build`](Self::build) says what is wrong with one that is not). The
    /// host signed is the endpoint's host.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// The deadlines of each attempt and of the whole call.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// How long the built-in transport may take to connect (TCP and TLS);
    /// [`DEFAULT_CONNECT_TIMEOUT`] when not set. A custom transport owns its
    /// connections, so [`build`](Self::build) refuses this setting beside
    /// [`http_client`](Self::http_client) rather than ignore it.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How failed attempts are retried (default: [`RetryPolicy::default`];
    /// [`RetryPolicy::disabled`] turns retries off).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Limits on what decoding one answer may build (nesting, elements,
    /// memory, string length), beyond which the answer is refused with a
    /// [`DecodeError`](super::DecodeError) naming the limit. The defaults
    /// ([`DecodeLimits::default`]) hold every real answer many times over.
    pub fn decode_limits(mut self, limits: DecodeLimits) -> Self {
        self.decode_limits = limits;
        self
    }

    /// Makes calls wait so that each operation stays within its documented
    /// rate limit (e.g. 20 requests per second), counted across every task and
    /// clone sharing this configuration. Off by default: the service enforces
    /// its limits anyway, and throttling errors are retried.
    pub fn enforce_rate_limits(mut self, enforce: bool) -> Self {
        self.rate_limits = enforce;
        self
    }

    /// The `User-Agent` header sent with every request.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Another HTTP transport instead of the built-in reqwest one (required
    /// when the crate is built without its `rustls-aws-lc` and `rustls-ring`
    /// features).
    pub fn http_client(mut self, http: Arc<dyn HttpClient>) -> Self {
        self.http = Some(http);
        self
    }

    /// Finishes the configuration. Fails when the endpoint override is not a
    /// usable URL, when a connect timeout is set beside a custom transport,
    /// or when no transport was given and the built-in one cannot start or
    /// was left out of the build.
    pub fn build(self) -> Result<Config<C>, ConfigError> {
        let endpoint = match self.endpoint {
            Some(endpoint) => match check_endpoint(&endpoint) {
                Ok(()) => Some(endpoint.trim_end_matches('/').to_owned()),
                Err(problem) => return Err(ConfigError::Endpoint { endpoint, problem }),
            },
            None => None,
        };
        let (http, connect_timeout) = match self.http {
            Some(_) if self.connect_timeout.is_some() => return Err(ConfigError::ConnectTimeoutWithCustomTransport),
            Some(http) => (http, None),
            None => {
                let connect = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
                (default_transport(connect)?, Some(connect))
            }
        };
        Ok(Config {
            credentials: self.credentials,
            region: self.region,
            endpoint,
            timeouts: self.timeouts,
            connect_timeout,
            retry: self.retry,
            retry_budget: self.retry.budget().map(|budget| Arc::new(RetryBudget::new(budget))),
            decode_limits: self.decode_limits,
            limiter: self.rate_limits.then(|| Arc::new(RateLimiter::default())),
            user_agent: match self.user_agent {
                Some(user_agent) => user_agent.into(),
                None => concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).into(),
            },
            http,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_transport_is_there_exactly_when_a_feature_builds_it() {
        let built = Config::builder(()).build();
        if cfg!(any(feature = "rustls-aws-lc", feature = "rustls-ring")) {
            assert!(built.is_ok(), "{built:?}");
        } else {
            let error = built.unwrap_err().to_string();
            assert!(error.contains("`rustls-aws-lc`") && error.contains("`ConfigBuilder::http_client`"), "{error}");
        }
    }

    #[test]
    fn a_response_is_shown_escaped_and_bounded() {
        let body = format!("\x1b[2J{}", "b".repeat(1 << 20)).into_bytes();
        let headers = vec![("x-request-id".to_owned(), "id\r\nforged: yes".to_owned())];
        let shown = format!("{:?}", HttpResponse { status: 200, headers, body });
        assert!(!shown.chars().any(char::is_control), "{shown}");
        assert!(shown.len() < 4 * super::super::text::SHOWN_CHARS, "{} bytes", shown.len());
        assert!(shown.contains(r#"("x-request-id", "id\r\nforged: yes")"#), "{shown}");
        assert!(shown.contains(r#"body: "\u{1b}[2Jbbb"#), "{shown}");
    }

    #[test]
    fn debug_hides_credentials_and_signatures() {
        let request = HttpRequest {
            method: Method::Post,
            url: "https://live.example.com/?Action=A".to_owned(),
            headers: [
                ("Content-Type", "application/json"),
                ("authorization", "HMAC-SHA256 Credential=AKID/x, Signature=sig-value"),
                ("X-TC-Token", "tc-token-value"),
                ("X-Security-Token", "security-token-value"),
                ("x-auth-token", "iam-token-value"),
            ]
            .iter()
            .map(|(n, v)| ((*n).into(), (*v).into()))
            .collect(),
            body: br#"{"Domain":"d"}"#.to_vec(),
        };
        let shown = format!("{request:?}");
        for secret in ["sig-value", "tc-token-value", "security-token-value", "iam-token-value"] {
            assert!(!shown.contains(secret), "{secret} shown: {shown}");
        }
        for kept in ["Action=A", "application/json", "authorization", "X-TC-Token", r#"{\"Domain\":\"d\"}"#] {
            assert!(shown.contains(kept), "{kept} missing: {shown}");
        }
    }
}
