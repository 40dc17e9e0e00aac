//! The call loop shared by every vendor: parts -> signed request -> send -> decode.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::task::Poll;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::time::Instant;
use tracing::Instrument;

use super::bounded::DecodeLimits;
use super::error::{Erased, Error, TimeoutError, TimeoutKind, TransportError, TransportErrorKind};
use super::http::{Config, HttpFailure, HttpRequest, HttpResponse, MAX_RESPONSE_BYTES};
use super::retry::{RetryBudget, retry_cost};
use super::text::Shown;
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

    /// Decodes an answer into the operation's output or typed error, within `limits`.
    fn decode<O: Operation>(response: &HttpResponse, limits: &DecodeLimits) -> Result<O::Output, Error<O::Error>>;
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
    #[allow(dead_code, reason = "called by the generated clients; unused when no service's feature is on")]
    pub(crate) fn new(service: ServiceMeta, config: Config<P::Credentials>) -> Self {
        let endpoint = Endpoint::resolve(&service, &config);
        Transport { service, config, endpoint, protocol: PhantomData }
    }

    /// The same client with a changed configuration (a per-call override).
    #[allow(dead_code, reason = "called by the generated clients; unused when no service's feature is on")]
    pub(crate) fn with_config(&self, change: impl FnOnce(&mut Config<P::Credentials>)) -> Self {
        let mut config = self.config.clone();
        change(&mut config);
        Self::new(self.service, config)
    }

    /// Sends one operation, retrying as the policy and the retry budget
    /// allow, within the configured timeouts, and decodes its answer.
    pub(crate) async fn send<O: Operation>(&self, operation: &O) -> Result<O::Output, Error<O::Error>> {
        // The typed part of a call: its checks, its parts, and the decoding of
        // each answer. The rest (retries, timeouts, the budget, tracing) is
        // `run`, which is generic over the protocol only: it is compiled once
        // per vendor, not once per operation.
        let validated_at = unix_now();
        let prepared = operation.validate(validated_at).and_then(|()| operation.to_parts());
        let limits = &self.config.decode_limits;
        let mut output = None;
        let mut decode = |response: &HttpResponse| match P::decode::<O>(response, limits) {
            Ok(decoded) => {
                let request_id = super::Output::request_id(&decoded).map(str::to_owned);
                output = Some(decoded);
                Ok(request_id)
            }
            Err(failure) => Err(failure.erase()),
        };
        self.run(&O::META, prepared, validated_at, &mut decode).await.map_err(Error::restore)?;
        match output {
            Some(output) => Ok(output),
            None => unreachable!("`run` succeeds only after `decode` has kept an output"),
        }
    }

    /// A call of `operation` whose checks and parts are `prepared` at Unix
    /// time `validated_at`: its attempts, each answer handed to `decode`
    /// (which keeps the output and gives back its request id), within the
    /// policy, the budget and the timeouts, on a tracing span of its own.
    async fn run(
        &self,
        operation: &OperationMeta,
        prepared: Result<RequestParts, InvalidInput>,
        validated_at: u64,
        decode: &mut Decode<'_>,
    ) -> Result<(), Error<Erased>> {
        let host = self.endpoint.as_ref().map_or(self.service.host, |endpoint| endpoint.host.as_str());
        let span = tracing::info_span!(
            "call",
            operation = operation.name,
            host,
            attempts = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        async move {
            let mut call = Call { began: None, attempts: 0, taken: 0 };
            let result = match prepared {
                Ok(parts) => self.call(operation, &parts, validated_at, &mut call, decode).await,
                Err(e) => Err(Error::InvalidInput(e)),
            };
            let span = tracing::Span::current();
            match result {
                Ok(request_id) => {
                    if let Some(budget) = self.budget() {
                        budget.succeeded(call.taken);
                    }
                    if !span.is_disabled() {
                        call.record(&span, request_id.as_deref());
                    }
                    Ok(())
                }
                Err(failure) => {
                    let elapsed = call.record(&span, failure.request_id());
                    let failure = failure.with_call(call.attempts, elapsed);
                    tracing::info!(
                        attempts = call.attempts,
                        elapsed_ms = elapsed.as_millis() as u64,
                        error = %failure,
                        "call failed"
                    );
                    Err(failure)
                }
            }
        }
        .instrument(span)
        .await
    }

    /// The retry budget, when the client has one and the call's policy uses it.
    fn budget(&self) -> Option<&RetryBudget> {
        self.config.retry.budget().and(self.config.retry_budget.as_deref())
    }

    /// The attempts of one call, recorded in `call` as they are made; the
    /// request id of the answer that was decoded.
    async fn call(
        &self,
        operation: &OperationMeta,
        parts: &RequestParts,
        validated_at: u64,
        call: &mut Call,
        decode: &mut Decode<'_>,
    ) -> Result<Option<String>, Error<Erased>> {
        let (policy, timeouts) = (self.config.retry, self.config.timeouts);
        loop {
            let mut now = (call.attempts == 0).then_some(validated_at);
            if let (Some(limiter), Some(limit)) = (&self.config.limiter, operation.rate_limit) {
                limiter.acquire(operation.name, limit).await;
                now = None;
            }
            // The operation timeout runs from the first attempt, not from a
            // wait for the limiter; nothing of it has gone before that attempt.
            let began = *call.began.get_or_insert_with(Instant::now);
            let left = timeouts.operation().map(|operation| operation.saturating_sub(began.elapsed()));
            let deadline = match left {
                Some(left) if left < timeouts.attempt() => Deadline {
                    timeout: left,
                    kind: TimeoutKind::Operation,
                    after: timeouts.operation().unwrap_or(left),
                },
                _ => Deadline { timeout: timeouts.attempt(), kind: TimeoutKind::Attempt, after: timeouts.attempt() },
            };
            call.attempts += 1;
            let now = now.unwrap_or_else(unix_now);
            let (failure, response) = match self.attempt(operation, parts, now, deadline, decode).await {
                (Ok(request_id), _) => return Ok(request_id),
                (Err(failure), response) => (failure, response),
            };
            let Some(delay) = policy.next_delay(call.attempts - 1, &failure, response.as_ref()) else {
                return Err(failure);
            };
            // A wait that the operation timeout would end is pointless.
            if let Some(operation) = timeouts.operation() {
                if began.elapsed().saturating_add(delay) >= operation {
                    return Err(failure);
                }
            }
            let left = match self.budget() {
                Some(budget) => {
                    let cost = retry_cost(&failure);
                    let Some(left) = budget.take(cost) else {
                        tracing::info!(attempt = call.attempts, error = %failure, "retry budget exhausted; not retrying");
                        return Err(failure);
                    };
                    call.taken += cost;
                    Some(left)
                }
                None => None,
            };
            tracing::info!(
                attempt = call.attempts,
                error = %failure,
                delay_ms = delay.as_millis() as u64,
                budget_left = left,
                "attempt failed; retrying"
            );
            tokio::time::sleep(delay).await;
        }
    }

    /// One attempt: sign at Unix time `now`, send within `deadline`, decode.
    /// Gives back the answer too, for its `Retry-After`.
    async fn attempt(
        &self,
        operation: &OperationMeta,
        parts: &RequestParts,
        now: u64,
        deadline: Deadline,
        decode: &mut Decode<'_>,
    ) -> (Result<Option<String>, Error<Erased>>, Option<HttpResponse>) {
        let built = match &self.endpoint {
            Ok(endpoint) => P::build_request(&self.service, &self.config, endpoint, operation, parts, now),
            Err(e) => Err(e.clone()),
        };
        let request = match built {
            Ok(request) => request,
            Err(e) => return (Err(Error::InvalidInput(e)), None),
        };
        // The runtime keeps the deadline whatever the transport does. The
        // exchange is polled once before the deadline's timer is armed, so a
        // transport that answers at once (a test double, a cache) arms none.
        let mut send = std::pin::pin!(self.config.http.send(request, deadline.timeout));
        let sent = match std::future::poll_fn(|cx| Poll::Ready(send.as_mut().poll(cx))).await {
            Poll::Ready(result) => Ok(result),
            Poll::Pending => tokio::time::timeout(deadline.timeout, send).await,
        };
        let response = match sent {
            Ok(Ok(response)) => response,
            Ok(Err(HttpFailure::Timeout(e))) => return (Err(Error::Timeout(e)), None),
            Ok(Err(HttpFailure::Transport(e))) => return (Err(Error::Transport(e)), None),
            Err(_) => return (Err(Error::Timeout(TimeoutError::new(deadline.kind, deadline.after))), None),
        };
        if response.body.len() > MAX_RESPONSE_BYTES {
            let message = format!("the answer is larger than {MAX_RESPONSE_BYTES} bytes");
            return (
                Err(Error::Transport(TransportError::new(message, None).with_kind(TransportErrorKind::TooLarge))),
                None,
            );
        }
        let result = decode(&response);
        tracing::debug!(status = response.status, ok = result.is_ok(), "answer decoded");
        (result, Some(response))
    }
}

/// The typed part of a call, as the shared part sees it: decodes one answer,
/// keeps the output and gives back its request id, or gives back the failure.
type Decode<'a> = dyn FnMut(&HttpResponse) -> Result<Option<String>, Error<Erased>> + Send + 'a;

/// What one call has done so far.
struct Call {
    /// When its first attempt started.
    began: Option<Instant>,
    attempts: u32,
    /// Tokens its retries took from the retry budget.
    taken: u32,
}

impl Call {
    /// Records the ended call on its span; returns how long it took.
    fn record(&self, span: &tracing::Span, request_id: Option<&str>) -> Duration {
        let elapsed = self.began.map_or(Duration::ZERO, |began| began.elapsed());
        span.record("attempts", self.attempts);
        span.record("elapsed_ms", elapsed.as_millis() as u64);
        if let Some(id) = request_id {
            span.record("request_id", tracing::field::debug(Shown(id)));
        }
        elapsed
    }
}

/// The deadline of one attempt: the attempt timeout, or what is left of the
/// operation timeout when that is sooner.
#[derive(Clone, Copy)]
struct Deadline {
    timeout: Duration,
    kind: TimeoutKind,
    /// The configured timeout that `timeout` comes from, for the error.
    after: Duration,
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
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
    #[allow(dead_code, reason = "called by the generated clients; unused when no service's feature is on")]
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
