//! The built-in HTTP transport: reqwest with rustls (features `rustls-aws-lc`
//! and `rustls-ring`).

#[cfg(feature = "rustls-ring")]
use std::sync::Arc;
use std::time::Duration;

use super::Method;
use super::error::{TimeoutError, TimeoutKind, TransportError, TransportErrorKind};
use super::http::{BoxFuture, HttpClient, HttpFailure, HttpRequest, HttpResponse, MAX_RESPONSE_BYTES};

/// The built-in transport: reqwest with rustls, verifying certificates with
/// the platform's verifier. Its cryptography is ring when the `rustls-ring`
/// feature is on, else aws-lc-rs.
#[derive(Clone, Debug)]
pub struct ReqwestClient {
    client: reqwest::Client,
    connect_timeout: Duration,
}

impl ReqwestClient {
    /// Builds a client with the given connect timeout.
    pub fn new(connect_timeout: Duration) -> Result<Self, TransportError> {
        let builder =
            reqwest::Client::builder().connect_timeout(connect_timeout).redirect(reqwest::redirect::Policy::none());
        #[cfg(feature = "rustls-ring")]
        let builder = builder.tls_backend_preconfigured(ring_tls_config()?);
        let client = builder
            .build()
            .map_err(|e| TransportError::new("could not initialise the HTTP client", Some(Box::new(e))))?;
        Ok(ReqwestClient { client, connect_timeout })
    }

    async fn exchange(&self, request: HttpRequest) -> Result<HttpResponse, HttpFailure> {
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut builder = self.client.request(method, &request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name.as_ref(), value.as_ref());
        }
        let mut response = builder.body(request.body).send().await.map_err(|e| self.failure(e))?;
        let too_large = || {
            let message = format!("the answer is larger than {MAX_RESPONSE_BYTES} bytes");
            HttpFailure::Transport(TransportError::new(message, None).with_kind(TransportErrorKind::TooLarge))
        };
        // A declared length over the cap is refused before reading the body.
        if response.content_length().is_some_and(|length| length > MAX_RESPONSE_BYTES as u64) {
            return Err(too_large());
        }
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.failure(e))? {
            if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(HttpResponse { status, headers, body })
    }

    fn failure(&self, e: reqwest::Error) -> HttpFailure {
        if e.is_connect() && e.is_timeout() {
            return HttpFailure::Timeout(TimeoutError::new(TimeoutKind::Connect, self.connect_timeout));
        }
        let (kind, message) = if breaks_protocol(&e) {
            (TransportErrorKind::Protocol, "the server broke the HTTP protocol")
        } else if e.is_connect() {
            (TransportErrorKind::Connect, "could not connect")
        } else if e.is_body() || e.is_decode() {
            (TransportErrorKind::Broken, "the connection broke while reading the answer")
        } else if e.is_request() {
            (TransportErrorKind::Broken, "could not send the request")
        } else {
            (TransportErrorKind::Other, "the HTTP exchange failed")
        };
        HttpFailure::Transport(TransportError::new(message, Some(Box::new(e))).with_kind(kind))
    }
}

/// Whether the server sent something that is not HTTP: a malformed status
/// line or header, a head too large, or a malformed chunk. The same server
/// would answer the same way again.
fn breaks_protocol(error: &reqwest::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = cause {
        if let Some(hyper) = e.downcast_ref::<hyper::Error>() {
            if hyper.is_parse() {
                return true;
            }
        }
        // hyper reports a malformed chunk as an I/O error of one of these kinds.
        let malformed = |io: &std::io::Error| {
            matches!(io.kind(), std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput)
        };
        if e.downcast_ref::<std::io::Error>().is_some_and(malformed) {
            return true;
        }
        cause = e.source();
    }
    false
}

/// What reqwest would configure with a process-wide default provider, with
/// ring chosen here instead: the platform's verifier, TLS 1.2 and 1.3, and
/// HTTP/2 offered before HTTP/1.1. The application's own rustls default, if
/// it installed one, is left alone.
#[cfg(feature = "rustls-ring")]
fn ring_tls_config() -> Result<rustls::ClientConfig, TransportError> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_platform_verifier())
        .map_err(|e| TransportError::new("could not set up TLS", Some(Box::new(e))))?
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

impl HttpClient for ReqwestClient {
    /// Sends the request; the client that calls this keeps the deadline.
    fn send(&self, request: HttpRequest, _timeout: Duration) -> BoxFuture<'_, Result<HttpResponse, HttpFailure>> {
        Box::pin(self.exchange(request))
    }
}
