//! The hand-written runtime behind the generated clients: signing, transport,
//! envelopes and errors. The generator never writes a file in this directory.
//!
//! Generated operation types implement [`Operation`]; each vendor module
//! ([`tencent`], [`volcengine`], [`huawei`]) turns an operation into a signed
//! HTTP request and decodes the reply into the operation's output or error.
//!
//! Items hidden from these docs (the signers, the decoders, the checks of
//! documented rules, a request's wire parts) are public only for the crate's
//! generated code and its own tests; they are not part of the API and may
//! change in any release.

#[cfg(feature = "blocking")]
mod blocking;
mod bounded;
pub(crate) mod client;
pub mod credentials;
mod envelope;
pub mod error;
pub mod http;
pub mod huawei;
mod limit;
#[cfg(feature = "test-util")]
pub mod mock;
#[allow(dead_code, reason = "used by the generated structs; unused when no service's feature is on")]
pub(crate) mod object;
pub mod paging;
#[cfg(any(feature = "rustls-aws-lc", feature = "rustls-ring"))]
mod reqwest_client;
pub mod retry;
pub mod rules;
mod sign;
pub mod tencent;
pub mod text;
mod time;
pub mod volcengine;

use serde::de::DeserializeOwned;

#[cfg(feature = "blocking")]
#[allow(unused_imports, reason = "used by the generated blocking clients; unused when no service's feature is on")]
pub(crate) use blocking::Blocking;
#[cfg(feature = "blocking")]
pub use blocking::{BlockingItems, BlockingPages};
pub use bounded::{DecodeLimits, Limit, LimitExceeded, OutputShape};
pub use credentials::{CredentialsError, Secret};
pub use error::{
    BuildError, ConfigError, DecodeError, Error, ErrorMeta, InvalidInput, PagingError, TimeoutError, TimeoutKind,
    TransportError, TransportErrorKind, Unhandled, UnknownValue,
};
pub use http::Timeouts;
pub use paging::{Items, Pages};
pub use retry::RetryPolicy;
/// The JSON crate whose `Value` fields of type `json` hold (any JSON the vendor
/// leaves untyped): build one with `serde_json::json!` from this re-export, and
/// no second version of the crate is needed.
pub use serde_json;

/// A text member of an envelope (a request id, an error's code or message),
/// read leniently: a string as it is, a number or boolean as its JSON text,
/// anything else (null, a list, an object) as absent. A request id or message
/// of the wrong type must not hide the error it comes with, and the official
/// SDKs pass such values on as they are.
#[derive(Debug, Default)]
pub(crate) struct EnvelopeText(pub(crate) Option<String>);

impl<'de> serde::Deserialize<'de> for EnvelopeText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// Keeps scalars as text and skips lists and objects without building them.
        struct Text;
        impl<'de> serde::de::Visitor<'de> for Text {
            type Value = Option<String>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(Some(text.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Self::Value, E> {
                Ok(Some(text))
            }
            fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Self::Value, E> {
                Ok(Some(b.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Self::Value, E> {
                Ok(Some(n.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Self::Value, E> {
                Ok(Some(n.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Self::Value, E> {
                Ok(Some(serde_json::Number::from_f64(n).map_or_else(|| n.to_string(), |n| n.to_string())))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(None)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
                Ok(None)
            }
        }
        deserializer.deserialize_any(Text).map(EnvelopeText)
    }
}

/// Static facts about a vendor service, emitted by the generator from `service.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceMeta {
    /// The host, possibly containing `{region}`.
    pub host: &'static str,
    /// The API version every operation of the service sends.
    pub api_version: &'static str,
    /// The service name in the signature scope, if the protocol has one.
    pub signing_name: Option<&'static str>,
    /// Regions the service is offered in (empty when the host ignores the region).
    pub regions: &'static [&'static str],
    /// The region used when the configuration names none.
    pub default_region: Option<&'static str>,
}

/// Static facts about one operation, emitted by the generator from its spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationMeta {
    /// The vendor's operation name (`ResumeLiveStream`).
    pub name: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template (`/` for RPC protocols).
    pub path: &'static str,
    /// Documented rate limit, if any.
    pub rate_limit: Option<RateLimit>,
    /// Whether a successful answer documents a body (fields besides the
    /// protocol's envelope). An empty answer to such an operation is refused.
    pub response_body: bool,
    /// How far the output's typed data can reach, for decoding short answers without per-value accounting.
    pub output: OutputShape,
}

/// HTTP methods used by the specs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// A documented request-rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per period.
    pub requests: u32,
    /// The period in seconds.
    pub per_seconds: u32,
}

/// The parameters of one request, by location, before signing.
#[doc(hidden)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestParts {
    /// Path parameters by wire name (REST).
    pub path_params: Vec<(&'static str, String)>,
    /// Query parameters in declaration order.
    pub query: Vec<(&'static str, String)>,
    /// Header parameters.
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body, if the operation sends one.
    pub body: Option<Vec<u8>>,
}

impl RequestParts {
    /// Renders `template` with the path parameters, else with the values the
    /// client `supplies` itself (from its credentials), percent-encoding each value
    /// as one segment. A value containing `/` is refused: gateways disagree on
    /// whether `%2F` separates segments.
    pub fn render_path(
        &self,
        template: &str,
        supplied: &[(&'static str, Option<&str>)],
    ) -> Result<String, InvalidInput> {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').unwrap_or(rest.len() - open);
            let name = &rest[open + 1..close];
            let (field, value) = self
                .path_params
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(n, v)| (*n, v.as_str()))
                .or_else(|| supplied.iter().find(|(n, _)| *n == name).and_then(|(n, v)| Some((*n, (*v)?))))
                .ok_or_else(|| InvalidInput::new(name, "the path parameter is missing"))?;
            if value.is_empty() || value.contains('/') {
                return Err(InvalidInput::new(field, "a path parameter must be non-empty and contain no `/`"));
            }
            out.push_str(&sign::percent_encode(value, false));
            rest = &rest[(close + 1).min(rest.len())..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// Implemented by every generated request type.
pub trait Operation: Send + Sync {
    /// The decoded successful response.
    type Output: DeserializeOwned + Output + Send;
    /// The operation's typed service error.
    type Error: ServiceError;
    /// Static facts about the operation.
    const META: OperationMeta;
    /// The answers the operation's page documents, for [`mock::MockResponse::documented`].
    #[cfg(feature = "test-util")]
    const DOCUMENTED: &'static [mock::Documented] = &[];
    /// Checks the documented constraints on the parameters (ranges, formats,
    /// rules between fields) at Unix time `now`, before anything is sent.
    fn validate(&self, now: u64) -> Result<(), InvalidInput> {
        let _ = now;
        Ok(())
    }
    /// Splits the request into its wire parts.
    fn to_parts(&self) -> Result<RequestParts, InvalidInput>;
}

/// Implemented by the request type of every operation whose spec declares
/// paging.
pub trait Paged: Operation + Clone + 'static {
    /// One element of the paged list.
    type Item: Clone + PartialEq + Send + 'static;
    /// How a request says where its page starts.
    const START: PageStart;
    /// Where the request starts: its page number (1 when it names none) or
    /// the offset of its first item (0 when it names none).
    fn position(&self) -> u64;
    /// The same request starting at `position`, with the largest documented
    /// page size when the request sets none.
    fn at(&self, position: u64) -> Self;
    /// The page size the request asks for, when it sets one.
    fn page_size(&self) -> Option<u64>;
    /// What the service reports of the whole list, if anything.
    fn total(output: &Self::Output) -> Option<PageTotal>;
    /// The page's elements, borrowed.
    fn items(output: &Self::Output) -> &[Self::Item];
    /// The page's elements.
    fn into_items(output: Self::Output) -> Vec<Self::Item>;
}

/// How a paged request says where its page starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageStart {
    /// A page number, counted from 1.
    Number,
    /// A page number counted from 0 (Huawei's `page` and some `offset`s).
    Index,
    /// The offset of the page's first element, counted from 0.
    Offset,
}

/// What a paged response reports of the whole list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageTotal {
    /// The number of pages.
    Pages(u64),
    /// The number of elements across all pages.
    Items(u64),
}

/// Implemented by every generated response type.
pub trait Output {
    /// The request id the service assigned to the call, if it sent one.
    fn request_id(&self) -> Option<&str>;
    #[doc(hidden)]
    fn set_request_id(&mut self, request_id: Option<String>);
}

/// Implemented by every generated per-operation error enum.
pub trait ServiceError: std::error::Error + Send + Sync + 'static {
    /// Classifies an error the service returned.
    fn from_meta(meta: ErrorMeta) -> Self;
    /// Code, message, request id and HTTP status of the error.
    fn meta(&self) -> &ErrorMeta;
    /// Whether the spec marks the code as worth retrying (throttling, transient faults).
    fn is_retryable(&self) -> bool;
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Helpers for the runtime's unit tests.

    /// The signing vectors recorded with the official SDKs (`tests/vectors`).
    pub(crate) fn vectors(file: &str) -> Vec<serde_json::Value> {
        let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("run the tests with cargo");
        let path = format!("{manifest}/tests/vectors/{file}");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        serde_json::from_str(&text).unwrap()
    }

    /// `request`'s `Debug` shows none of the sensitive header values it carries.
    pub(crate) fn assert_debug_hides_secrets(request: &super::http::HttpRequest) {
        let shown = format!("{request:?}");
        for name in super::http::SENSITIVE_HEADERS {
            if let Some(value) = request.header(name) {
                assert!(!shown.contains(value), "{name} shown: {shown}");
            }
        }
    }

    /// A transport for tests that build requests but never send them, so they
    /// need neither the built-in transport nor its cargo feature.
    pub(crate) fn unsent() -> std::sync::Arc<dyn super::http::HttpClient> {
        #[derive(Debug)]
        struct Unsent;
        impl super::http::HttpClient for Unsent {
            fn send(
                &self,
                request: super::http::HttpRequest,
                _: std::time::Duration,
            ) -> super::http::BoxFuture<'_, Result<super::http::HttpResponse, super::http::HttpFailure>> {
                panic!("this test sends nothing, yet sent {request:?}")
            }
        }
        std::sync::Arc::new(Unsent)
    }

    /// A `'static` name for a test's query parameter (generated code uses literals).
    pub(crate) fn name(s: &str) -> &'static str {
        Box::leak(s.to_owned().into_boxed_str())
    }

    use std::fmt;

    use super::{ErrorMeta, Method, Operation, OperationMeta, Output, RequestParts, ServiceError};

    /// Stand-in operations for the decoders' tests, independent of any spec:
    /// `Strict` answers with a required `Name` and an optional `Count`,
    /// `Loose` with optional fields only.
    macro_rules! test_operation {
        ($op:ident, $output:ident, $name:ty) => {
            #[derive(Debug)]
            pub(crate) struct $op;

            #[derive(Debug, PartialEq, serde::Deserialize)]
            pub(crate) struct $output {
                #[serde(rename = "Name")]
                pub(crate) name: $name,
                #[serde(rename = "Count", default)]
                pub(crate) count: Option<i64>,
                #[serde(skip)]
                request_id: Option<String>,
            }

            impl Output for $output {
                fn request_id(&self) -> Option<&str> {
                    self.request_id.as_deref()
                }
                fn set_request_id(&mut self, request_id: Option<String>) {
                    self.request_id = request_id;
                }
            }

            operation_impl!($op, $output, true);
        };
    }

    /// The `Operation` impl of a stand-in operation; `$data`: it documents data.
    macro_rules! operation_impl {
        ($op:ident, $output:ident, $data:expr) => {
            impl Operation for $op {
                type Output = $output;
                type Error = TestError;
                const META: OperationMeta = OperationMeta {
                    name: "Test",
                    method: Method::Post,
                    path: "/",
                    rate_limit: None,
                    response_body: $data,
                    output: super::OutputShape::UNBOUNDED,
                };
                fn to_parts(&self) -> Result<RequestParts, super::InvalidInput> {
                    Ok(RequestParts::default())
                }
            }
        };
    }
    test_operation!(Strict, StrictOutput, String);
    test_operation!(Loose, LooseOutput, Option<String>);

    /// A stand-in operation that documents no data (`response_body: false`).
    #[derive(Debug)]
    pub(crate) struct Empty;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    pub(crate) struct EmptyOutput {
        #[serde(skip)]
        request_id: Option<String>,
    }

    impl Output for EmptyOutput {
        fn request_id(&self) -> Option<&str> {
            self.request_id.as_deref()
        }
        fn set_request_id(&mut self, request_id: Option<String>) {
            self.request_id = request_id;
        }
    }

    operation_impl!(Empty, EmptyOutput, false);

    /// The stand-in operations' service error.
    #[derive(Debug)]
    pub(crate) struct TestError(pub(crate) ErrorMeta);

    impl fmt::Display for TestError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.display_with(None, f)
        }
    }

    impl std::error::Error for TestError {}

    impl ServiceError for TestError {
        fn from_meta(meta: ErrorMeta) -> Self {
            TestError(meta)
        }
        fn meta(&self) -> &ErrorMeta {
            &self.0
        }
        fn is_retryable(&self) -> bool {
            false
        }
    }
}

/// The workspace README's examples, compiled as doctests so they cannot drift from the API. (A copy of the crate
/// without the workspace, such as its package, has no such file: its doctests are those of the crate's README.)
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
