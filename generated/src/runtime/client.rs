//! The call loop shared by every vendor: parts -> signed request -> send -> decode.

use std::fmt;
use std::marker::PhantomData;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::time::Instant;
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
        endpoint: &Endpoint,
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
    /// Resolved once from the service and the configuration; an error (no
    /// region) is reported by every call.
    endpoint: Result<Endpoint, InvalidInput>,
    protocol: PhantomData<fn() -> P>,
}

impl<P: Protocol> Clone for Transport<P> {
    fn clone(&self) -> Self {
        Transport {
            service: self.service,
            config: self.config.clone(),
            endpoint: self.endpoint.clone(),
            protocol: PhantomData,
        }
    }
}

impl<P: Protocol> fmt::Debug for Transport<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport").field("service", &self.service).field("config", &self.config).finish()
    }
}

impl<P: Protocol> Transport<P> {
    pub(crate) fn new(service: ServiceMeta, config: Config<P::Credentials>) -> Self {
        let endpoint = Endpoint::resolve(&service, &config);
        Transport { service, config, endpoint, protocol: PhantomData }
    }

    /// The same client with a changed configuration (a per-call override).
    pub(crate) fn with_config(&self, change: impl FnOnce(&mut Config<P::Credentials>)) -> Self {
        let mut config = self.config.clone();
        change(&mut config);
        Self::new(self.service, config)
    }

    /// Sends one operation, retrying as the policy allows, and decodes its answer.
    pub(crate) async fn send<O: Operation>(&self, operation: &O) -> Result<O::Output, Error<O::Error>> {
        let span = tracing::info_span!(
            "call",
            service = self.service.host,
            operation = O::META.name,
            attempts = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        async move {
            // The wall clock is read once for the checks and the first
            // signature, unless the limiter makes the attempt wait.
            let validated_at = unix_now();
            operation.validate(validated_at).map_err(Error::InvalidInput)?;
            let parts = operation.to_parts().map_err(Error::InvalidInput)?;
            let policy = self.config.retry;
            let mut start: Option<Instant> = None;
            let mut retry = 0;
            loop {
                let mut now = (retry == 0).then_some(validated_at);
                if let (Some(limiter), Some(limit)) = (&self.config.limiter, O::META.rate_limit) {
                    limiter.acquire(O::META.name, limit).await;
                    now = None;
                }
                // The retry budget runs from the first attempt, not from a wait
                // for the limiter; nothing of it has gone before that attempt.
                let (began, elapsed) = match start {
                    Some(began) => (began, began.elapsed()),
                    None => (*start.insert(Instant::now()), Duration::ZERO),
                };
                let budget = policy.max_elapsed().saturating_sub(elapsed);
                let now = now.unwrap_or_else(unix_now);
                let (result, response) = self.attempt::<O>(&parts, now, self.config.timeouts.attempt.min(budget)).await;
                let failure = match result {
                    Ok(output) => {
                        record_outcome(retry + 1, super::Output::request_id(&output));
                        return Ok(output);
                    }
                    Err(failure) => failure,
                };
                let Some(delay) = policy.next_delay(retry, began.elapsed(), &failure, response.as_ref()) else {
                    record_outcome(retry + 1, failure.request_id());
                    return Err(failure);
                };
                tracing::info!(
                    attempt = retry + 1,
                    error = %failure,
                    delay_ms = delay.as_millis() as u64,
                    "attempt failed; retrying"
                );
                tokio::time::sleep(delay).await;
                retry += 1;
            }
        }
        .instrument(span)
        .await
    }

    /// One attempt: sign at Unix time `now`, send, decode. Gives back the
    /// answer too, for its `Retry-After`.
    async fn attempt<O: Operation>(
        &self,
        parts: &RequestParts,
        now: u64,
        timeout: Duration,
    ) -> (Result<O::Output, Error<O::Error>>, Option<HttpResponse>) {
        let built = match &self.endpoint {
            Ok(endpoint) => P::build_request(&self.service, &self.config, endpoint, &O::META, parts, now),
            Err(e) => Err(e.clone()),
        };
        let request = match built {
            Ok(request) => request,
            Err(e) => return (Err(Error::InvalidInput(e)), None),
        };
        let response = match self.config.http.send(request, timeout).await {
            Ok(response) => response,
            Err(HttpFailure::Timeout(e)) => return (Err(Error::Timeout(e)), None),
            Err(HttpFailure::Transport(e)) => return (Err(Error::Transport(e)), None),
        };
        let result = P::decode::<O>(&response);
        tracing::debug!(status = response.status, ok = result.is_ok(), "answer decoded");
        (result, Some(response))
    }
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn record_outcome(attempts: u32, request_id: Option<&str>) {
    let span = tracing::Span::current();
    span.record("attempts", attempts);
    if let Some(id) = request_id {
        span.record("request_id", id);
    }
}

/// Where a client sends its requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// The base URL without a trailing `/`: the configured override, or
    /// `https://` + the service host with `{region}` filled in.
    pub url: String,
    /// The `Host` header value the HTTP stack will send for `url`.
    pub host: String,
}

impl Endpoint {
    pub(crate) fn resolve<C>(service: &ServiceMeta, config: &Config<C>) -> Result<Self, InvalidInput> {
        let url = if let Some(endpoint) = &config.endpoint {
            endpoint.clone()
        } else if service.host.contains("{region}") {
            let region = config
                .region
                .as_deref()
                .or(service.default_region)
                .ok_or_else(|| InvalidInput::new("region", "this service needs a region"))?;
            format!("https://{}", service.host.replace("{region}", region))
        } else {
            format!("https://{}", service.host)
        };
        let host = host_of(&url).to_owned();
        Ok(Endpoint { url, host })
    }
}

/// The `Host` header value the HTTP stack will send for `url`: the authority,
/// without a port that is the scheme's default.
fn host_of(url: &str) -> &str {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let default_port = if scheme.eq_ignore_ascii_case("http") { ":80" } else { ":443" };
    authority.strip_suffix(default_port).unwrap_or(authority)
}

#[cfg(test)]
mod tests {
    use super::{Endpoint, host_of};
    use crate::runtime::ServiceMeta;
    use crate::runtime::huawei::{Config, Credentials};
    use crate::runtime::test_support::unsent;

    const REGIONAL: ServiceMeta = ServiceMeta {
        host: "live.{region}.example.com",
        api_version: "v1",
        signing_name: None,
        regions: &["r1", "r2"],
        default_region: None,
    };

    #[test]
    fn endpoints_come_from_the_override_the_region_or_the_default_region() {
        let config = |f: fn(crate::runtime::huawei::ConfigBuilder) -> crate::runtime::huawei::ConfigBuilder| {
            f(Config::builder(Credentials::token("t").unwrap())).http_client(unsent()).build().unwrap()
        };
        let error = Endpoint::resolve(&REGIONAL, &config(|b| b)).unwrap_err();
        assert_eq!(error.field(), "region");
        let regional = Endpoint::resolve(&REGIONAL, &config(|b| b.region("r2"))).unwrap();
        assert_eq!(regional.url, "https://live.r2.example.com");
        assert_eq!(regional.host, "live.r2.example.com");
        let default = ServiceMeta { default_region: Some("r1"), ..REGIONAL };
        assert_eq!(Endpoint::resolve(&default, &config(|b| b)).unwrap().host, "live.r1.example.com");
        let local = Endpoint::resolve(&REGIONAL, &config(|b| b.endpoint("http://127.0.0.1:80/"))).unwrap();
        assert_eq!((local.url.as_str(), local.host.as_str()), ("http://127.0.0.1:80", "127.0.0.1"));
    }

    #[test]
    fn host_drops_default_ports_only() {
        assert_eq!(host_of("https://live.tencentcloudapi.com"), "live.tencentcloudapi.com");
        assert_eq!(host_of("https://live.tencentcloudapi.com:443/x"), "live.tencentcloudapi.com");
        assert_eq!(host_of("http://127.0.0.1:8080"), "127.0.0.1:8080");
        assert_eq!(host_of("http://127.0.0.1:80"), "127.0.0.1");
    }
}
