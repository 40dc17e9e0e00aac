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
use super::error::{TimeoutError, TransportError};
use super::limit::RateLimiter;
use super::retry::RetryPolicy;

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

/// A complete answer.
#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// Sends `request`; the whole exchange must finish within `timeout`.
    fn send(&self, request: HttpRequest, timeout: Duration) -> BoxFuture<'_, Result<HttpResponse, HttpFailure>>;
}

/// Connect and per-attempt deadlines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// Establishing a connection (TCP and TLS).
    pub connect: Duration,
    /// One attempt, from sending the request to the last byte of the answer.
    pub attempt: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts { connect: Duration::from_secs(10), attempt: Duration::from_secs(30) }
    }
}

#[cfg(any(feature = "rustls-aws-lc", feature = "rustls-ring"))]
pub use super::reqwest_client::ReqwestClient;

/// Answers larger than this are refused rather than buffered.
pub const MAX_RESPONSE_BYTES: usize = 16 << 20;

/// The built-in transport, or an error naming the way out when this build
/// has none.
fn default_transport(connect_timeout: Duration) -> Result<Arc<dyn HttpClient>, TransportError> {
    #[cfg(any(feature = "rustls-aws-lc", feature = "rustls-ring"))]
    return Ok(Arc::new(ReqwestClient::new(connect_timeout)?));
    #[cfg(not(any(feature = "rustls-aws-lc", feature = "rustls-ring")))]
    {
        let _ = connect_timeout;
        Err(TransportError::new(
            "no HTTP transport: cloud-live was built without its `rustls-aws-lc` and `rustls-ring` features, \
             so give `ConfigBuilder::http_client` one",
            None,
        ))
    }
}

/// Settings every vendor's client shares, with credentials of type `C`.
#[derive(Clone, Debug)]
pub struct Config<C> {
    pub(crate) credentials: C,
    pub(crate) region: Option<String>,
    pub(crate) endpoint: Option<String>,
    pub(crate) timeouts: Timeouts,
    pub(crate) retry: RetryPolicy,
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
            retry: RetryPolicy::default(),
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

    /// The timeouts.
    pub fn timeouts(&self) -> Timeouts {
        self.timeouts
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry
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
    retry: RetryPolicy,
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
    /// server or a private endpoint. The host signed is the endpoint's host.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into().trim_end_matches('/').to_owned());
        self
    }

    /// Connect and per-attempt timeouts.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// How failed attempts are retried (default: [`RetryPolicy::default`];
    /// [`RetryPolicy::disabled`] turns retries off).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
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

    /// Finishes the configuration; fails only if no transport was given and
    /// the built-in one cannot start or was left out of the build.
    pub fn build(self) -> Result<Config<C>, TransportError> {
        let http = match self.http {
            Some(http) => http,
            None => default_transport(self.timeouts.connect)?,
        };
        Ok(Config {
            credentials: self.credentials,
            region: self.region,
            endpoint: self.endpoint,
            timeouts: self.timeouts,
            retry: self.retry,
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
