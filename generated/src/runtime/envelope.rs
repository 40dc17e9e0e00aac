//! Decoding an RPC envelope, written once. Tencent's `{"Response": {...}}` and
//! Volcengine's `{"ResponseMetadata": {...}, "Result": {...}}` differ only in
//! where they keep the request id, the error and the data, and in which
//! statuses carry data; each vendor describes that with an [`Envelope`].

use serde::de::DeserializeOwned;

use super::bounded::{self, DecodeLimits, Failure};
use super::error::{DecodeError, Error, ErrorMeta};
use super::http::HttpResponse;
use super::{Operation, Output, ServiceError};

/// An error as an envelope carries it; absent or malformed parts are `None`.
pub(crate) struct EnvelopeError {
    pub(crate) code: Option<String>,
    pub(crate) message: Option<String>,
    /// Volcengine's `CodeN`, as text.
    pub(crate) numeric_code: Option<String>,
}

/// What the envelope holds besides the data: the request id and any error.
pub(crate) struct Head {
    pub(crate) request_id: Option<String>,
    pub(crate) error: Option<EnvelopeError>,
}

/// Where one vendor's envelope keeps its parts.
pub(crate) trait Envelope {
    /// The envelope alone, the data skipped.
    type Probe: DeserializeOwned;
    /// The envelope and the data in one pass over the body.
    type OnePass<T: DeserializeOwned>: DeserializeOwned;
    /// The data alone.
    type Data<T: DeserializeOwned>: DeserializeOwned;

    fn probe(probe: Self::Probe) -> Head;
    /// The head, and the data when the body holds it.
    fn one_pass<T: DeserializeOwned>(pass: Self::OnePass<T>) -> (Head, Option<T>);
    fn data<T: DeserializeOwned>(data: Self::Data<T>) -> T;
    /// Whether an answer with this status and no error carries the data.
    fn carries_data(status: u16) -> bool;
    /// Why a body that is not this envelope could not be read.
    fn not_an_envelope(status: u16, error: &serde_json::Error) -> String;
}

/// Decodes an answer into the operation's output or error, building no more
/// than `limits` allow. One pass over the body first; anything it cannot read
/// (an error envelope whose other parts do not fit the output, a malformed
/// body, missing data) goes the careful way, which reads the envelope first
/// and tells every failure apart.
pub(crate) fn decode<E: Envelope, O: Operation>(
    response: &HttpResponse,
    limits: &DecodeLimits,
) -> Result<O::Output, Error<O::Error>> {
    let status = response.status;
    if let Ok(pass) = bounded::from_slice_shaped::<E::OnePass<O::Output>>(&response.body, limits, O::META.output) {
        match E::one_pass(pass) {
            (Head { request_id, error: Some(error) }, _) => return Err(service_error::<O>(error, request_id, status)),
            (Head { request_id, error: None }, Some(mut output)) if E::carries_data(status) => {
                output.set_request_id(request_id);
                return Ok(output);
            }
            _ => {}
        }
    }
    decode_careful::<E, O>(response, limits)
}

/// Two passes: the envelope first, then the data.
pub(crate) fn decode_careful<E: Envelope, O: Operation>(
    response: &HttpResponse,
    limits: &DecodeLimits,
) -> Result<O::Output, Error<O::Error>> {
    let status = response.status;
    let body = &response.body;
    let probe: E::Probe = bounded::from_slice(body, limits).map_err(|failure| {
        Error::Decode(match failure {
            Failure::Exceeded(limit) => DecodeError::beyond(status, None, limit, body),
            Failure::Other(e) => DecodeError::new(status, None, E::not_an_envelope(status, &e), body),
        })
    })?;
    let Head { request_id, error } = E::probe(probe);
    if let Some(error) = error {
        return Err(service_error::<O>(error, request_id, status));
    }
    if !E::carries_data(status) {
        return Err(Error::Decode(DecodeError::new(
            status,
            request_id,
            format!("HTTP {status} with an envelope that holds no Error"),
            body,
        )));
    }
    // An operation that documents no data reads none: whatever the envelope holds beside the
    // request id (a `Result` that is null, absent, text or an object the vendor leaves untyped)
    // is the success the status and the absent error already say.
    if !O::META.response_body {
        let mut output: O::Output = serde_json::from_slice(b"{}").map_err(|e| {
            Error::Decode(DecodeError::new(status, request_id.clone(), format!("an output without data: {e}"), body))
        })?;
        output.set_request_id(request_id);
        return Ok(output);
    }
    let data: E::Data<O::Output> = bounded::from_slice(body, limits).map_err(|failure| {
        Error::Decode(match failure {
            Failure::Exceeded(limit) => DecodeError::beyond(status, request_id.clone(), limit, body),
            Failure::Other(e) => {
                DecodeError::new(status, request_id.clone(), format!("unexpected response shape: {e}"), body)
            }
        })
    })?;
    let mut output = E::data(data);
    output.set_request_id(request_id);
    Ok(output)
}

fn service_error<O: Operation>(error: EnvelopeError, request_id: Option<String>, status: u16) -> Error<O::Error> {
    Error::Service(O::Error::from_meta(ErrorMeta {
        code: error.code.unwrap_or_default(),
        message: error.message.unwrap_or_default(),
        request_id,
        http_status: status,
        numeric_code: error.numeric_code.and_then(|n| n.parse().ok()),
    }))
}
