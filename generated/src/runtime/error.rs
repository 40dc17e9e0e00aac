//! Errors: what went wrong with a call, and whether the request was sent.

use std::error::Error as StdError;
use std::fmt;

use std::time::Duration;

use super::bounded::LimitExceeded;
use super::text::{Shown, ShownOption};

/// The error of a call to operation with typed service error `E`.
///
/// Each variant says how far the call got: [`Error::InvalidInput`] was caught
/// before anything was sent; [`Error::Service`] is the service's own answer;
/// [`Error::Decode`] means the service answered something this crate could not
/// read; [`Error::Timeout`] and [`Error::Transport`] mean no complete answer
/// came (they say how many attempts were made and how long the call took);
/// [`Error::Paging`] ends a paging stream that could not finish.
///
/// ```no_run
/// use cloud_live::Error;
/// use cloud_live::tencent_live::{Client, ResumeLiveStreamError, ResumeLiveStreamRequest};
///
/// # async fn run(client: Client, request: ResumeLiveStreamRequest) {
/// match client.resume_live_stream(&request).await {
///     Ok(response) => println!("resumed ({:?})", response.request_id()),
///     // A code the page documents for the operation: a variant of its own.
///     Err(Error::Service(ResumeLiveStreamError::ResourceNotFoundForbidService(meta))) => {
///         eprintln!("the account is banned: {}", meta.message)
///     }
///     // Any other code, with what the service said and the request id to quote.
///     Err(Error::Service(e)) => eprintln!("{} ({:?}): {e}", e.code(), e.request_id()),
///     Err(e) if e.is_not_sent() => eprintln!("nothing was sent: {e}"),
///     Err(e) => eprintln!("the call failed: {e}"),
/// }
/// # }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The request was refused before sending: a documented constraint failed.
    InvalidInput(InvalidInput),
    /// The service returned an error; match on the operation's error enum.
    Service(E),
    /// The service answered, but the answer could not be decoded.
    Decode(DecodeError),
    /// No answer arrived in time. The request may or may not have been processed.
    Timeout(TimeoutError),
    /// The request could not be delivered or the connection failed.
    Transport(TransportError),
    /// A paging stream stopped before the last page.
    Paging(PagingError),
}

impl<E> Error<E> {
    /// Records how many attempts the call made and how long it took, on the
    /// errors that report them.
    pub(crate) fn with_call(mut self, attempts: u32, elapsed: std::time::Duration) -> Self {
        match &mut self {
            Error::Timeout(e) => (e.attempts, e.elapsed) = (attempts, elapsed),
            Error::Transport(e) => e.call = Some((attempts, elapsed)),
            _ => {}
        }
        self
    }

    /// The service's error, if the service answered with one.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }

    /// Whether the request was certainly not sent.
    pub fn is_not_sent(&self) -> bool {
        matches!(self, Error::InvalidInput(_))
    }
}

impl<E: crate::runtime::ServiceError> Error<E> {
    /// The request id the service assigned, when it answered.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.meta().request_id.as_deref(),
            Error::Decode(d) => d.request_id.as_deref(),
            _ => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidInput(e) => write!(f, "request not sent: {e}"),
            Error::Service(e) => write!(f, "service error: {e}"),
            Error::Decode(e) => e.fmt(f),
            Error::Timeout(e) => e.fmt(f),
            Error::Transport(e) => e.fmt(f),
            Error::Paging(e) => e.fmt(f),
        }
    }
}

impl<E> Error<E> {
    /// The same failure with its service error passed through `f`.
    fn map_service<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Error::Service(e) => Error::Service(f(e)),
            Error::InvalidInput(e) => Error::InvalidInput(e),
            Error::Decode(e) => Error::Decode(e),
            Error::Timeout(e) => Error::Timeout(e),
            Error::Transport(e) => Error::Transport(e),
            Error::Paging(e) => Error::Paging(e),
        }
    }
}

impl<E: super::ServiceError> Error<E> {
    /// The same failure with its service error reduced to what the part of a
    /// call shared by every operation needs (see [`Erased`]).
    pub(crate) fn erase(self) -> Error<Erased> {
        self.map_service(|e| {
            Erased(Box::new(ErasedParts { shown: e.to_string(), retryable: e.is_retryable(), meta: e.meta().clone() }))
        })
    }
}

impl Error<Erased> {
    /// The failure with the operation's typed service error again: the code
    /// is classified anew from the same [`ErrorMeta`], as the decoder did.
    pub(crate) fn restore<E: super::ServiceError>(self) -> Error<E> {
        self.map_service(|e| E::from_meta(e.0.meta))
    }
}

/// A service error with its operation's type erased: what retrying, the
/// retry budget and logging need of it. The retry loop runs on these, so that
/// it is compiled once per protocol rather than once per operation.
/// (Boxed: failures are rare, and a small `Err` keeps every attempt's
/// `Result` small.)
#[derive(Debug)]
pub(crate) struct Erased(Box<ErasedParts>);

#[derive(Debug)]
struct ErasedParts {
    meta: ErrorMeta,
    retryable: bool,
    /// The typed error's `Display`, for the log lines of failed attempts.
    shown: String,
}

impl fmt::Display for Erased {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.shown)
    }
}

impl StdError for Erased {}

impl super::ServiceError for Erased {
    fn from_meta(meta: ErrorMeta) -> Self {
        struct Plain<'a>(&'a ErrorMeta);
        impl fmt::Display for Plain<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.display_with(None, f)
            }
        }
        Erased(Box::new(ErasedParts { shown: Plain(&meta).to_string(), retryable: false, meta }))
    }
    fn meta(&self) -> &ErrorMeta {
        &self.0.meta
    }
    fn is_retryable(&self) -> bool {
        self.0.retryable
    }
}

/// `Display` already shows the whole of the inner error, so the chain goes on
/// with the inner error's own source: a report that walks the chain shows
/// each message once.
impl<E: StdError + 'static> StdError for Error<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Error::InvalidInput(e) => e.source(),
            Error::Service(e) => e.source(),
            Error::Decode(e) => e.source(),
            Error::Timeout(e) => e.source(),
            Error::Transport(e) => e.source(),
            Error::Paging(e) => e.source(),
        }
    }
}

/// What the service said about a failed call.
///
/// The fields hold the values exactly as the service sent them. `Display`
/// and `Debug` show them safely: control characters escaped and each value
/// cut after [`SHOWN_CHARS`](super::text::SHOWN_CHARS) characters, so a
/// hostile answer can neither forge log lines nor flood them.
#[derive(Clone, PartialEq, Eq)]
pub struct ErrorMeta {
    /// The error code exactly as the service sent it (`InternalError.StreamStatusError`).
    pub code: String,
    /// The service's message.
    pub message: String,
    /// The request id, when the service sent one.
    pub request_id: Option<String>,
    /// The HTTP status of the answer (Tencent reports business errors with 200).
    pub http_status: u16,
    /// A numeric code (Volcengine's `CodeN`), when the service sent one.
    pub numeric_code: Option<i64>,
}

impl ErrorMeta {
    /// Formats the error for a person: code, the documented meaning, the
    /// service's message and the request id to quote to support.
    pub fn display_with(&self, description: Option<&str>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", Shown(&self.code))?;
        if let Some(description) = description {
            write!(f, " ({description})")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", Shown(&self.message))?;
        }
        write!(f, " [HTTP {}", self.http_status)?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {}", Shown(id))?;
        }
        f.write_str("]")
    }
}

impl fmt::Debug for ErrorMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorMeta")
            .field("code", &Shown(&self.code))
            .field("message", &Shown(&self.message))
            .field("request_id", &ShownOption(self.request_id.as_deref()))
            .field("http_status", &self.http_status)
            .field("numeric_code", &self.numeric_code)
            .finish()
    }
}

/// An error code the spec does not document. Its contents are reachable
/// through the error enum's `meta()`; it cannot be constructed outside this crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unhandled(pub(crate) ErrorMeta);

impl Unhandled {
    #[doc(hidden)]
    pub fn new(meta: ErrorMeta) -> Self {
        Unhandled(meta)
    }

    /// Code, message and request id of the error.
    pub fn meta(&self) -> &ErrorMeta {
        &self.0
    }
}

/// An enum value this version of the crate does not know; kept so that it
/// round-trips unchanged. It cannot be constructed outside this crate.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue<T>(pub(crate) T);

impl<T> UnknownValue<T> {
    #[doc(hidden)]
    pub fn new(value: T) -> Self {
        UnknownValue(value)
    }

    /// The value as the service sent it.
    pub fn get(&self) -> &T {
        &self.0
    }
}

/// A required field was not set on a request builder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    field: &'static str,
    setter: &'static str,
}

impl BuildError {
    #[doc(hidden)]
    pub fn missing(field: &'static str, setter: &'static str) -> Self {
        BuildError { field, setter }
    }

    /// The field's wire name, as the documentation writes it.
    pub fn field(&self) -> &'static str {
        self.field
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "required field `{}` is not set (call `.{}(...)` on the builder)", self.field, self.setter)
    }
}

impl StdError for BuildError {}

/// A request parameter breaks a documented rule; nothing was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidInput {
    field: String,
    rule: String,
}

impl InvalidInput {
    #[doc(hidden)]
    pub fn new(field: impl Into<String>, rule: impl Into<String>) -> Self {
        InvalidInput { field: field.into(), rule: rule.into() }
    }

    /// The offending parameter's wire name.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// The rule it breaks, as documented.
    pub fn rule(&self) -> &str {
        &self.rule
    }
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "parameter `{}`: {}", self.field, self.rule)
    }
}

impl StdError for InvalidInput {}

/// The longest body excerpt kept in a [`DecodeError`].
pub const SNIPPET_LIMIT: usize = 512;

/// The service answered with something that could not be decoded.
///
/// `Display` and `Debug` show the server-controlled parts (the request id,
/// the reason, which may quote the body, and the snippet) safely, as
/// [`ErrorMeta`] does; the fields hold them as they are.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The HTTP status of the answer.
    pub http_status: u16,
    /// The request id, if one could be found.
    pub request_id: Option<String>,
    /// Why decoding failed.
    pub reason: String,
    /// The start of the body, at most [`SNIPPET_LIMIT`] bytes, cut at a character boundary.
    pub snippet: String,
    /// The decoding limit the answer went beyond, if that is why it was
    /// refused ([`DecodeLimits`](super::DecodeLimits)).
    pub limit: Option<LimitExceeded>,
}

impl DecodeError {
    pub(crate) fn new(http_status: u16, request_id: Option<String>, reason: impl Into<String>, body: &[u8]) -> Self {
        let mut head = &body[..body.len().min(SNIPPET_LIMIT)];
        // A character the limit cuts in two is left out whole, not shown as `�`.
        if body.len() > SNIPPET_LIMIT {
            if let Err(e) = std::str::from_utf8(head) {
                if e.error_len().is_none() {
                    head = &head[..e.valid_up_to()];
                }
            }
        }
        let mut snippet = String::from_utf8_lossy(head).into_owned();
        if body.len() > SNIPPET_LIMIT {
            snippet.push('…');
        }
        DecodeError { http_status, request_id, reason: reason.into(), snippet, limit: None }
    }

    /// The answer went beyond a decoding limit.
    pub(crate) fn beyond(http_status: u16, request_id: Option<String>, limit: LimitExceeded, body: &[u8]) -> Self {
        DecodeError { limit: Some(limit), ..DecodeError::new(http_status, request_id, limit.to_string(), body) }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not decode the HTTP {} answer: {}", self.http_status, Shown(&self.reason))?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {})", Shown(id))?;
        }
        Ok(())
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("http_status", &self.http_status)
            .field("request_id", &ShownOption(self.request_id.as_deref()))
            .field("reason", &Shown(&self.reason))
            .field("snippet", &Shown(&self.snippet))
            .field("limit", &self.limit)
            .finish()
    }
}

impl StdError for DecodeError {}

/// No answer within the configured time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeoutError {
    /// Which deadline passed.
    pub kind: TimeoutKind,
    /// The deadline that passed.
    pub after: Duration,
    /// The attempts the call made, this one included (0 when a transport
    /// reports the timeout, until the client fills it in).
    pub attempts: u32,
    /// How long the call took, from its first attempt.
    pub elapsed: Duration,
}

impl TimeoutError {
    /// A deadline of kind `kind` passed after `after` (for transports that
    /// keep deadlines of their own, such as a connect timeout).
    pub fn new(kind: TimeoutKind, after: Duration) -> Self {
        TimeoutError { kind, after, attempts: 0, elapsed: Duration::ZERO }
    }
}

/// Which deadline passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Establishing the connection.
    Connect,
    /// One attempt, from sending to the last byte of the answer.
    Attempt,
    /// The whole call ([`Timeouts::operation`](super::http::Timeouts::operation)); not retried.
    Operation,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TimeoutKind::Connect => "connecting",
            TimeoutKind::Attempt => "waiting for the answer",
            TimeoutKind::Operation => "for the whole call",
        };
        write!(f, "timed out after {:?} {what}", self.after)?;
        write_call(f, (self.attempts > 0).then_some((self.attempts, self.elapsed)))
    }
}

impl StdError for TimeoutError {}

/// ` (3 attempts in 1.2s)`, when known.
fn write_call(f: &mut fmt::Formatter<'_>, call: Option<(u32, Duration)>) -> fmt::Result {
    match call {
        Some((1, elapsed)) => write!(f, " (1 attempt in {elapsed:.1?})"),
        Some((attempts, elapsed)) => write!(f, " ({attempts} attempts in {elapsed:.1?})"),
        None => Ok(()),
    }
}

/// What kind of transport failure happened, which decides whether another
/// attempt can help.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made. Retried.
    Connect,
    /// The connection broke while sending or receiving. Retried.
    Broken,
    /// The answer is larger than [`MAX_RESPONSE_BYTES`](super::http::MAX_RESPONSE_BYTES). Not retried.
    TooLarge,
    /// The server broke the HTTP protocol (a malformed status line, header
    /// or chunk). Not retried.
    Protocol,
    /// Anything else a transport reports. Retried.
    Other,
}

impl TransportErrorKind {
    /// Whether another attempt can help.
    pub fn is_retryable(self) -> bool {
        !matches!(self, TransportErrorKind::TooLarge | TransportErrorKind::Protocol)
    }
}

/// The request could not be delivered, or the connection broke.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    source: Option<Box<dyn StdError + Send + Sync>>,
    /// Attempts and time of the call, filled in by the client.
    call: Option<(u32, Duration)>,
}

impl TransportError {
    /// Wraps a failure of an HTTP transport, of kind [`TransportErrorKind::Other`].
    pub fn new(message: impl Into<String>, source: Option<Box<dyn StdError + Send + Sync>>) -> Self {
        TransportError { kind: TransportErrorKind::Other, message: message.into(), source, call: None }
    }

    /// The same error, of kind `kind`.
    pub fn with_kind(mut self, kind: TransportErrorKind) -> Self {
        self.kind = kind;
        self
    }

    /// What kind of failure it is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The attempts the call made, when the client reports the error.
    pub fn attempts(&self) -> Option<u32> {
        self.call.map(|(attempts, _)| attempts)
    }

    /// How long the call took, when the client reports the error.
    pub fn elapsed(&self) -> Option<Duration> {
        self.call.map(|(_, elapsed)| elapsed)
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "transport error: {}", Shown(&self.message))?;
        write_call(f, self.call)
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn StdError + 'static))
    }
}

/// Why a paging stream ended before the last page. The pages before it were
/// yielded; what follows them is unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagingError {
    /// The stream fetched [`MAX_PAGES`](super::paging::MAX_PAGES) pages and
    /// the service still reported more.
    TooManyPages {
        /// The pages fetched.
        pages: u32,
    },
    /// The service answered a page with the same items as the page before,
    /// so it would never get further.
    RepeatedPage {
        /// The page (counted from 1 in this stream) that repeated its predecessor.
        page: u32,
    },
    /// The total the service reports more than doubled since the first page,
    /// so the stream might never end.
    GrowingTotal {
        /// The total on the first page.
        first: u64,
        /// The total on the last page fetched.
        now: u64,
    },
}

impl fmt::Display for PagingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PagingError::TooManyPages { pages } => {
                write!(f, "paging stopped after {pages} pages while the service still reported more")
            }
            PagingError::RepeatedPage { page } => {
                write!(f, "paging stopped: page {page} repeats the items of the page before it")
            }
            PagingError::GrowingTotal { first, now } => {
                write!(f, "paging stopped: the reported total grew from {first} to {now} while paging")
            }
        }
    }
}

impl StdError for PagingError {}

/// A client configuration that cannot work, reported by `ConfigBuilder::build`.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// The endpoint override is not a usable URL.
    Endpoint {
        /// The endpoint as given.
        endpoint: String,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// A connect timeout was set beside a custom transport, which owns its
    /// connections: set it on that transport instead.
    ConnectTimeoutWithCustomTransport,
    /// The crate was built without a transport (features `rustls-aws-lc`
    /// and `rustls-ring` both off) and none was given.
    NoTransport,
    /// The built-in transport could not start.
    Transport(TransportError),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Endpoint { endpoint, problem } => {
                write!(f, "endpoint {:?} cannot be used: {problem}", Shown(endpoint))
            }
            ConfigError::ConnectTimeoutWithCustomTransport => f.write_str(
                "a connect timeout applies to the built-in transport only; \
                 set it on the transport given to `ConfigBuilder::http_client`",
            ),
            ConfigError::NoTransport => f.write_str(
                "no HTTP transport: cloud-live was built without its `rustls-aws-lc` and `rustls-ring` features, \
                 so give `ConfigBuilder::http_client` one",
            ),
            ConfigError::Transport(e) => e.fmt(f),
        }
    }
}

impl StdError for ConfigError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            ConfigError::Transport(e) => e.source(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The messages of `error` and of each of its sources, outermost first.
    fn chain(error: &dyn StdError) -> Vec<String> {
        let mut messages = vec![error.to_string()];
        let mut cause = error.source();
        while let Some(e) = cause {
            messages.push(e.to_string());
            cause = e.source();
        }
        messages
    }

    #[test]
    fn the_snippet_is_the_start_of_the_body_cut_between_characters() {
        let short = DecodeError::new(200, None, "r", "短い".as_bytes());
        assert_eq!(short.snippet, "短い");
        // 510 ASCII bytes, then three-byte characters: the limit falls inside the first.
        let long = format!("{}{}", "a".repeat(SNIPPET_LIMIT - 2), "直播".repeat(100));
        let cut = DecodeError::new(200, None, "r", long.as_bytes());
        assert_eq!(cut.snippet, format!("{}…", "a".repeat(SNIPPET_LIMIT - 2)));
        // Bytes that are not UTF-8 at all are shown, replaced.
        let mut binary = vec![0xff; 4];
        binary.extend_from_slice(&[b'x'; SNIPPET_LIMIT]);
        let shown = DecodeError::new(200, None, "r", &binary);
        assert!(shown.snippet.starts_with("\u{fffd}\u{fffd}\u{fffd}\u{fffd}xx") && shown.snippet.ends_with('…'));
    }

    #[test]
    fn a_chain_shows_each_message_once() {
        let refused = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "connection refused");
        let error: Error<TimeoutError> =
            Error::Transport(TransportError::new("could not connect", Some(Box::new(refused))));
        assert_eq!(chain(&error), ["transport error: could not connect", "connection refused"]);

        let error: Error<TimeoutError> = Error::InvalidInput(InvalidInput::new("PageSize", "10 ~ 100"));
        assert_eq!(chain(&error), ["request not sent: parameter `PageSize`: 10 ~ 100"]);

        // Any error type stands in for an operation's error enum.
        let timeout = TimeoutError::new(TimeoutKind::Attempt, Duration::from_secs(3));
        let error: Error<TimeoutError> = Error::Service(timeout);
        assert_eq!(chain(&error), ["service error: timed out after 3s waiting for the answer"]);
    }
}
