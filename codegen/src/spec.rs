//! The spec model: the YAML files exactly as a maintainer writes them.
//!
//! This stage knows nothing of Rust. Every struct rejects unknown keys so a typo
//! in a spec is an error rather than a silently ignored line; semantic checks
//! (type references, names, rules) happen in [`crate::validate`]. The model
//! also serialises, for tools that draft spec files.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `specs/<service>/service.yaml`: what a vendor service's operations share.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpec {
    pub vendor: Vendor,
    pub name: String,
    pub title: String,
    pub description: String,
    pub protocol: Protocol,
    pub api_version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_name: Option<String>,
    pub endpoint: Endpoint,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub common_parameters: Vec<CommonParameter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub common_errors: Vec<ErrorCode>,
    /// Another service (its directory under `specs/`) whose `common_errors` this
    /// service shares, instead of a list of its own: one vendor gateway answers
    /// every API version with the same codes, so they are written once. The other
    /// service speaks the same protocol and lists its codes itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub common_errors_of: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<TypeDef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

/// `specs/<service>/types.yaml` (optional): named types shared by the
/// service's operations, beside the ones `service.yaml` declares. Drafted by
/// `cargo xtask import` where the vendor's metadata shares a type, so that the
/// hand-written `service.yaml` is never rewritten by a tool.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TypesSpec {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<TypeDef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Vendor {
    Tencent,
    Volcengine,
    Huawei,
}

/// The wire protocol family; the runtime implements one per value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Protocol {
    /// Tencent Cloud API 3.0: POST JSON, TC3-HMAC-SHA256, `{"Response": ...}`.
    TencentRpc,
    /// Volcengine OpenAPI: Action/Version in the query, `ResponseMetadata` + `Result`.
    VolcengineRpc,
    /// Huawei Cloud REST: path, query and header parameters, plain JSON.
    HuaweiRest,
}

impl Protocol {
    /// The protocol as a service spec names it (`tencent-rpc`).
    pub fn name(self) -> &'static str {
        match self {
            Protocol::TencentRpc => "tencent-rpc",
            Protocol::VolcengineRpc => "volcengine-rpc",
            Protocol::HuaweiRest => "huawei-rest",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// Host name; may contain `{region}`.
    pub host: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_region: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommonParameter {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    pub description: String,
}

/// `specs/<service>/<Operation>.yaml`: one operation, as its page documents it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OperationSpec {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    pub summary: String,
    pub description: String,
    pub source: Source,
    pub http: Http,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<RateLimit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy: Option<Legacy>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub request: Vec<Field>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub response: Vec<Field>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<TypeDef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorCode>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

/// Provenance: the page an operation was transcribed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The public address (`https://...`) of the vendor page transcribed.
    pub page: String,
    pub title: String,
    /// The page's "last updated" date (`YYYY-MM-DD`), when it shows one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// The page's "first published" date, when it shows one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The vendor's machine-readable description of the operation that the
    /// spec was drafted from, and that `cargo xtask crosscheck` compares it with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

/// Where the vendor's metadata of an operation comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// The package and its version, as `pip download` names it (`tccli==3.1.189.1`).
    pub package: String,
    /// The file within the package (`tccli/services/live/v20180801/api.json`).
    pub file: String,
    /// The day the spec was drafted or last compared with that file (`YYYY-MM-DD`).
    pub date: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Http {
    pub method: HttpMethod,
    /// Path template (REST protocols), e.g. `/v1/{project_id}/stream/traffic`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum HttpMethod {
    GET,
    POST,
    PUT,
    DELETE,
}

impl HttpMethod {
    /// The method as HTTP spells it, and as a spec does.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::GET => "GET",
            HttpMethod::POST => "POST",
            HttpMethod::PUT => "PUT",
            HttpMethod::DELETE => "DELETE",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    pub requests: u32,
    pub per: Per,
    /// The page's own sentence.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    Second,
    Minute,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Legacy {
    pub text: String,
    /// The vendor has retired the operation (taken it offline, or ended its
    /// maintenance): the client's methods are `#[deprecated]`. A legacy
    /// operation the vendor still serves is marked in its docs only.
    #[serde(default, skip_serializing_if = "is_false")]
    pub retired: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintenance_ends: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs_offline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
}

/// A request parameter, response field or field of a named type.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The wire name, exactly as the page writes it.
    pub name: String,
    /// Overrides the Rust name derived from `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// Where a request parameter travels; defaults to the body for RPC protocols.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "in")]
    pub location: Option<Location>,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// The page says the field may be `null`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    /// The field lives in the protocol envelope rather than the operation's data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub envelope: Option<EnvelopeRole>,
    /// The parameter is supplied by the client's credentials, not by the caller.
    #[serde(default, skip_serializing_if = "is_false")]
    pub auth: bool,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraints: Option<Constraints>,
    /// A list in the query travels as one `name=value` pair per element
    /// (`ip=a&ip=b`) rather than as one comma-separated value (`ip=a,b`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub explode: bool,
    /// The value is a secret (a key, a token): `Debug` shows `<redacted>` in
    /// its place, so it never reaches a log through the types that hold it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
/// Where a request parameter travels: a member of the body's JSON object
/// (`body`), the query, the path, a header, or the whole JSON body when it is
/// not an object of named members (`payload`: a JSON array, as Huawei's
/// `CreateFlowOutput` sends).
pub enum Location {
    Body,
    Query,
    Path,
    Header,
    Payload,
}

impl Location {
    /// The location as a spec's `in:` names it.
    pub fn name(self) -> &'static str {
        match self {
            Location::Body => "body",
            Location::Query => "query",
            Location::Path => "path",
            Location::Header => "header",
            Location::Payload => "payload",
        }
    }

    /// Where in a request the location is, for messages and reviews ("the query").
    pub fn place(self) -> &'static str {
        match self {
            Location::Body => "the body",
            Location::Query => "the query",
            Location::Path => "the path",
            Location::Header => "a header",
            Location::Payload => "the whole body",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnvelopeRole {
    RequestId,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Constraints {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// A documented textual format, e.g. `yyyy-MM-ddTHH:mm:ssZ`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// The longest a string may be, in characters (Unicode scalar values), as
    /// the page counts them ("最长不超过500字").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_chars: Option<u32>,
    /// The longest a string may be, in bytes of its UTF-8 encoding, as the page
    /// counts them ("长度上限：255字节"), where a Chinese character takes three.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_bytes: Option<u32>,
}

impl Constraints {
    /// The documented maximum length of a string, and whether it counts bytes.
    pub fn max_length(&self) -> Option<(u32, LengthUnit)> {
        match (self.max_chars, self.max_bytes) {
            (Some(n), _) => Some((n, LengthUnit::Chars)),
            (None, Some(n)) => Some((n, LengthUnit::Bytes)),
            (None, None) => None,
        }
    }
}

/// What a string's documented maximum length counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthUnit {
    /// Characters: Unicode scalar values.
    Chars,
    /// Bytes of the UTF-8 encoding.
    Bytes,
}

impl LengthUnit {
    /// The key of `constraints` that gives a length in this unit.
    pub fn key(self) -> &'static str {
        match self {
            LengthUnit::Chars => "max_chars",
            LengthUnit::Bytes => "max_bytes",
        }
    }

    /// The unit in English, plural.
    pub fn noun(self) -> &'static str {
        match self {
            LengthUnit::Chars => "characters",
            LengthUnit::Bytes => "bytes",
        }
    }

    /// The length of `text` in this unit.
    pub fn measure(self, text: &str) -> usize {
        match self {
            LengthUnit::Chars => text.chars().count(),
            LengthUnit::Bytes => text.len(),
        }
    }
}

/// A named type: a struct (`fields`) or an enum (`enum` + `values`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TypeDef {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<Field>>,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "enum")]
    pub enum_kind: Option<EnumKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<EnumValue>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EnumKind {
    String,
    Integer,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    pub value: Literal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    pub description: String,
}

/// A scalar that may be an integer or a string (enum values, rule operands).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Literal {
    Integer(i64),
    String(String),
}

/// A documented rule across parameters, checkable before a request is sent.
/// Exactly one of the keys is given, e.g. `- requires: {field: a, requires: b, description: ...}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// `field` may only be given when `requires` is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires: Option<RequiresRule>,
    /// The fields only take effect when given together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub together: Option<TogetherRule>,
    /// `field` must not take any of `values` while `when_field` equals `when_value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excludes_values: Option<ExcludesValuesRule>,
    /// The time between `start` and `end` is at most `days` days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_span: Option<MaxSpanRule>,
    /// `field` lies within the last `days` days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within_last: Option<DaysRule>,
    /// `field` lies at most `days` days ahead ("最长支持7天内生效").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within_next: Option<DaysRule>,
    /// `end` is later than `start` ("结束时间必须大于开始时间").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_after_start: Option<EndAfterStartRule>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequiresRule {
    pub field: String,
    pub requires: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TogetherRule {
    pub fields: Vec<String>,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExcludesValuesRule {
    pub field: String,
    pub values: Vec<Literal>,
    pub when_field: String,
    pub when_value: Literal,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MaxSpanRule {
    pub start: String,
    pub end: String,
    pub days: u32,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EndAfterStartRule {
    pub start: String,
    pub end: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DaysRule {
    pub field: String,
    pub days: u32,
    pub description: String,
}

/// Paging: which request and response fields drive it. The request names
/// where a page starts, either by page number (`page_number`, counted from 1)
/// or by the offset of its first item (`offset`, from 0), and how many items
/// it asks for (`page_size`, a size or a limit). The response reports the
/// number of pages (`total_pages`) or of items (`total_items`), or neither:
/// then a page with fewer items than asked for is the last.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Paging {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_number: Option<String>,
    /// A page number counted from 0, where `page_number` counts from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_index: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<String>,
    pub page_size: String,
    /// The response's count of pages: a field, or a path through structs (`Pagination.PageTotal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_pages: Option<String>,
    /// The response's count of items: a field, or a path through structs (`Pagination.TotalCount`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_items: Option<String>,
    pub items: String,
}

/// A documented error code.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorCode {
    /// The code exactly as the service returns it, e.g. `InternalError.StreamStatusError`.
    pub code: String,
    /// Required when the code cannot become a Rust name (e.g. `LIVE.100011001`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// Volcengine's `CodeN`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numeric_code: Option<i64>,
    /// Worth retrying with backoff (throttling, transient failures).
    #[serde(default, skip_serializing_if = "is_false")]
    pub retryable: bool,
}

/// A request/response example from the page, verbatim.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub title: String,
    /// The parameters the example request carries, by wire name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<serde_json::Map<String, Value>>,
    /// The page's request text, verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    /// The HTTP status of the example response.
    pub status: u16,
    /// The page's response body, verbatim.
    pub response: String,
    /// The example was built for the spec, not copied from the page (which
    /// shows none): its request and response follow the documented fields.
    /// The docs that use it say so.
    #[serde(default, skip_serializing_if = "is_false")]
    pub constructed: bool,
}

/// A place where the page is incomplete or contradicts itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// What the note is about (a field, a type, a section).
    pub subject: String,
    /// What the page says.
    pub page: String,
    /// What the spec chose.
    pub choice: String,
    /// Why.
    pub reason: String,
    /// The disagreements with the vendor's metadata that this note accepts,
    /// as `cargo xtask crosscheck` names them (`response.TotalPage: required`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub crosscheck: Vec<String>,
}

/// `skip_serializing_if` for flags that default to false: a drafted spec
/// leaves them out, as a person would.
fn is_false(b: &bool) -> bool {
    !*b
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names messages use are the spellings a spec uses.
    #[test]
    fn names_are_the_spec_spellings() {
        let spelled = |v: serde_json::Value| v.as_str().unwrap().to_owned();
        for p in [Protocol::TencentRpc, Protocol::VolcengineRpc, Protocol::HuaweiRest] {
            assert_eq!(p.name(), spelled(serde_json::to_value(p).unwrap()));
        }
        for l in [Location::Body, Location::Query, Location::Path, Location::Header, Location::Payload] {
            assert_eq!(l.name(), spelled(serde_json::to_value(l).unwrap()));
        }
        for m in [HttpMethod::GET, HttpMethod::POST, HttpMethod::PUT, HttpMethod::DELETE] {
            assert_eq!(m.as_str(), spelled(serde_json::to_value(m).unwrap()));
        }
    }
}
