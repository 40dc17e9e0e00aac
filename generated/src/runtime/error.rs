//! Errors: what went wrong with a call, and whether the request was sent.

use std::error::Error as StdError;
use std::fmt;

/// The error of a call to operation with typed service error `E`.
///
/// Each variant says how far the call got: [`Error::InvalidInput`] was caught
/// before anything was sent; [`Error::Service`] is the service's own answer;
/// [`Error::Decode`] means the service answered something this crate could not
/// read; [`Error::Timeout`] and [`Error::Transport`] mean no complete answer came.
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
}

impl<E> Error<E> {
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
        }
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
        }
    }
}

/// What the service said about a failed call.
#[derive(Clone, Debug, PartialEq, Eq)]
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
        write!(f, "{}", self.code)?;
        if let Some(description) = description {
            write!(f, " ({description})")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        write!(f, " [HTTP {}", self.http_status)?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str("]")
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// The HTTP status of the answer.
    pub http_status: u16,
    /// The request id, if one could be found.
    pub request_id: Option<String>,
    /// Why decoding failed.
    pub reason: String,
    /// The start of the body, at most [`SNIPPET_LIMIT`] bytes, cut at a character boundary.
    pub snippet: String,
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
        DecodeError { http_status, request_id, reason: reason.into(), snippet }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not decode the HTTP {} answer: {}", self.http_status, self.reason)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl StdError for DecodeError {}

/// No answer within the configured time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeoutError {
    /// Which deadline passed.
    pub kind: TimeoutKind,
    /// The deadline that passed.
    pub after: std::time::Duration,
}

/// Which deadline passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Establishing the connection.
    Connect,
    /// One attempt, from sending to the last byte of the answer.
    Attempt,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TimeoutKind::Connect => "connecting",
            TimeoutKind::Attempt => "waiting for the answer",
        };
        write!(f, "timed out after {:?} {what}", self.after)
    }
}

impl StdError for TimeoutError {}

/// The request could not be delivered, or the connection broke.
#[derive(Debug)]
pub struct TransportError {
    message: String,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl TransportError {
    /// Wraps a failure of an HTTP transport.
    pub fn new(message: impl Into<String>, source: Option<Box<dyn StdError + Send + Sync>>) -> Self {
        TransportError { message: message.into(), source }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "transport error: {}", self.message)
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn StdError + 'static))
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
        let timeout = TimeoutError { kind: TimeoutKind::Attempt, after: std::time::Duration::from_secs(3) };
        let error: Error<TimeoutError> = Error::Service(timeout);
        assert_eq!(chain(&error), ["service error: timed out after 3s waiting for the answer"]);
    }
}
