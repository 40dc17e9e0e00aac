//! The call loop shared by every vendor: parts -> signed request -> send -> decode.

use std::fmt;
use std::marker::PhantomData;
use std::time::{SystemTime, UNIX_EPOCH};

use tracing::Instrument;

use super::error::Error;
use super::http::{Config, HttpFailure, HttpRequest, HttpResponse};
use super::{InvalidInput, Operation, OperationMeta, RequestParts, ServiceMeta};

/// One vendor's wire protocol.
pub(crate) trait Protocol: Send + Sync + 'static {
    /// The vendor's credentials.
    type Credentials: Clone + fmt::Debug + Send + Sync;

    /// Builds and signs the HTTP request for one attempt at Unix time `now`.
    fn build_request(
        service: &ServiceMeta,
        config: &Config<Self::Credentials>,
        operation: &OperationMeta,
        parts: &RequestParts,
        now: u64,
    ) -> Result<HttpRequest, InvalidInput>;

    /// Decodes an answer into the operation's output or typed error.
    fn decode<O: Operation>(response: &HttpResponse) -> Result<O::Output, Error<O::Error>>;
}

/// A client for one vendor service speaking protocol `P`.
pub(crate) struct Transport<P: Protocol> {
    service: ServiceMeta,
    config: Config<P::Credentials>,
    protocol: PhantomData<fn() -> P>,
}

impl<P: Protocol> Clone for Transport<P> {
    fn clone(&self) -> Self {
        Transport { service: self.service, config: self.config.clone(), protocol: PhantomData }
    }
}

impl<P: Protocol> fmt::Debug for Transport<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport").field("service", &self.service).field("config", &self.config).finish()
    }
}

impl<P: Protocol> Transport<P> {
    pub(crate) fn new(service: ServiceMeta, config: Config<P::Credentials>) -> Self {
        Transport { service, config, protocol: PhantomData }
    }

    /// Sends one operation and decodes its answer.
    pub(crate) async fn send<O: Operation>(&self, operation: &O) -> Result<O::Output, Error<O::Error>> {
        let span = tracing::info_span!(
            "call",
            service = self.service.host,
            operation = O::META.name,
            request_id = tracing::field::Empty,
        );
        async move {
            let parts = operation.to_parts().map_err(Error::InvalidInput)?;
            let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
            let request =
                P::build_request(&self.service, &self.config, &O::META, &parts, now).map_err(Error::InvalidInput)?;
            let response = match self.config.http.send(request, self.config.timeouts.attempt).await {
                Ok(response) => response,
                Err(HttpFailure::Timeout(e)) => return Err(Error::Timeout(e)),
                Err(HttpFailure::Transport(e)) => return Err(Error::Transport(e)),
            };
            let result = P::decode::<O>(&response);
            let request_id = match &result {
                Ok(output) => super::Output::request_id(output),
                Err(e) => e.request_id(),
            };
            if let Some(id) = request_id {
                tracing::Span::current().record("request_id", id);
            }
            tracing::debug!(status = response.status, ok = result.is_ok(), "answer decoded");
            result
        }
        .instrument(span)
        .await
    }
}

/// The endpoint URL: the configured override, or `https://` + the service host
/// with `{region}` filled in.
pub(crate) fn endpoint<C>(service: &ServiceMeta, config: &Config<C>) -> Result<String, InvalidInput> {
    if let Some(endpoint) = &config.endpoint {
        return Ok(endpoint.clone());
    }
    if service.host.contains("{region}") {
        let region = config
            .region
            .as_deref()
            .or(service.default_region)
            .ok_or_else(|| InvalidInput::new("region", "this service needs a region"))?;
        return Ok(format!("https://{}", service.host.replace("{region}", region)));
    }
    Ok(format!("https://{}", service.host))
}

/// The `Host` header value the HTTP stack will send for `url`: the authority,
/// without a port that is the scheme's default.
pub(crate) fn host_of(url: &str) -> &str {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let default_port = if scheme.eq_ignore_ascii_case("http") { ":80" } else { ":443" };
    authority.strip_suffix(default_port).unwrap_or(authority)
}

#[cfg(test)]
mod tests {
    use super::host_of;

    #[test]
    fn host_drops_default_ports_only() {
        assert_eq!(host_of("https://live.tencentcloudapi.com"), "live.tencentcloudapi.com");
        assert_eq!(host_of("https://live.tencentcloudapi.com:443/x"), "live.tencentcloudapi.com");
        assert_eq!(host_of("http://127.0.0.1:8080"), "127.0.0.1:8080");
        assert_eq!(host_of("http://127.0.0.1:80"), "127.0.0.1");
    }
}
