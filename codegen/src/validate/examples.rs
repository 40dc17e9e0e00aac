//! The documented examples: their responses and the parameters of their requests.

use std::collections::{BTreeMap, BTreeSet};

use super::fields::time_fits;
use super::*;

impl ServiceValidator<'_> {
    /// The documented examples: request parameters resolved; responses parsed
    /// and checked against what they document (the response fields, or an
    /// error code of the operation or the service), so that the generated
    /// tests that decode them and serialise them back pass.
    pub(super) fn examples(
        &mut self,
        file: &str,
        s: &spec::OperationSpec,
        (request, rejected): (&[ir::Field], &BTreeSet<&str>),
        (response_fields, rejected_response): (&[ir::Field], &BTreeSet<&str>),
        codes: &[&str],
    ) -> Vec<ir::Example> {
        let mut examples = Vec::new();
        for (i, ex) in s.examples.iter().enumerate() {
            let path = format!("examples[{i}]");
            self.wire(
                file,
                &format!("{path}.status"),
                wire::http_status(ex.status),
                "the status the page shows with the example response",
            );
            let protocol = self.service.spec.protocol;
            let response = match serde_json::from_str::<serde_json::Value>(&ex.response) {
                Ok(v) => v,
                // 204 No Content: an answer without a body holds no data.
                Err(_) if ex.response.trim().is_empty() => {
                    let data = response_fields.iter().find(|f| f.is_data());
                    let why = if !wire::answers_without_body(protocol) {
                        Some(format!("a {} answer is always a JSON envelope", protocol.name()))
                    } else if !(200..300).contains(&ex.status) {
                        Some(format!("an HTTP {} answer carries the error's JSON body", ex.status))
                    } else {
                        data.map(|f| {
                            format!("the answer documents data (`{}`), which an empty body lacks", f.wire_name)
                        })
                    };
                    if let Some(why) = why {
                        self.err(
                            file,
                            format!("{path}.response"),
                            format!("the example response is empty: {why}"),
                            "paste the page's response body verbatim",
                        );
                        continue;
                    }
                    serde_json::Value::Object(serde_json::Map::new())
                }
                Err(e) => {
                    self.err(
                        file,
                        format!("{path}.response"),
                        format!("the example response is not JSON: {e}"),
                        "paste the page's response body verbatim",
                    );
                    continue;
                }
            };
            let params =
                ex.params.as_ref().map(|params| self.example_params(file, &path, s, request, rejected, params));
            if ex.status >= 300 && ex.params.is_some() {
                self.err(file, format!("{path}.params"), "an error example carries no request parameters", "");
            }
            let error = documented_error(protocol, &response);
            let here = format!("{path}.response");
            match &error {
                Some(e) if !codes.contains(&e.code.as_str()) => self.err(
                    file,
                    &here,
                    format!("the example answers with error code `{}`, which neither the operation nor the service documents", e.code),
                    "add the code to `errors:` (or the service's `common_errors:`), or fix the example",
                ),
                Some(_) => {}
                None if ex.status >= 300 => self.err(
                    file,
                    &here,
                    format!("the example's status is {}, but its body holds no error in the protocol's envelope", ex.status),
                    match protocol {
                        Protocol::TencentRpc => "an error answer is `{\"Response\": {\"Error\": {\"Code\": ..., \"Message\": ...}, \"RequestId\": ...}}`",
                        Protocol::VolcengineRpc => "an error answer is `{\"ResponseMetadata\": {\"Error\": {\"Code\": ..., \"Message\": ...}, ...}}`",
                        Protocol::HuaweiRest => "an error answer is `{\"error_code\": ..., \"error_msg\": ...}`",
                    },
                ),
                None => {
                    let mut problems = Vec::new();
                    match data_of(protocol, &response) {
                        Ok((data, at)) => {
                            // Fields whose definitions were refused are reported there.
                            let data = data.iter().filter(|(k, _)| !rejected_response.contains(k.as_str())).collect();
                            self.fits_fields(response_fields, &data, at, &mut problems);
                        }
                        Err(problem) => problems.push(problem),
                    }
                    let more = problems.len().saturating_sub(MAX_EXAMPLE_PROBLEMS);
                    for problem in problems.into_iter().take(MAX_EXAMPLE_PROBLEMS) {
                        self.err(file, &here, problem, "the example is the page's; fix the fields it documents, or the transcription of the example");
                    }
                    if more > 0 {
                        self.err(file, &here, format!("and {more} more problems in this example"), "");
                    }
                }
            }
            examples.push(ir::Example {
                title: ex.title.clone(),
                params,
                request: ex.request.clone(),
                status: ex.status,
                response,
                response_text: ex.response.clone(),
                error,
                constructed: ex.constructed,
            });
        }
        examples
    }

    /// An example's `params`, each resolved to its request field and checked
    /// against the field's type, so that the generated programs and tests that
    /// set them compile.
    pub(super) fn example_params(
        &mut self,
        file: &str,
        path: &str,
        s: &spec::OperationSpec,
        request: &[ir::Field],
        rejected: &BTreeSet<&str>,
        params: &serde_json::Map<String, serde_json::Value>,
    ) -> Vec<ir::ExampleParam> {
        let mut out = Vec::new();
        // The generated example program and test build the request from these
        // parameters alone: every field the builder requires must be among them.
        let lacking: Vec<&str> = request
            .iter()
            .filter(|f| f.is_data() && !f.is_optional() && !params.contains_key(&f.wire_name))
            .map(|f| f.wire_name.as_str())
            .collect();
        if !lacking.is_empty() {
            let names: Vec<String> = lacking.iter().map(|n| format!("`{n}`")).collect();
            self.err(
                file,
                format!("{path}.params"),
                format!("the example's parameters lack {}, which the request requires", names.join(", ")),
                "add them as the page's example request sets them; the generated example program and test build the request from these parameters",
            );
        }
        for (key, documented) in params {
            // A value the credentials supply (Huawei's project) is the caller's, not the request's.
            if request.iter().any(|f| &f.wire_name == key && f.auth) {
                continue;
            }
            let here = format!("{path}.params.{key}");
            let field = request.iter().find(|f| &f.wire_name == key && f.is_data());
            let Some((f, index)) = field.zip(s.request.iter().position(|f| &f.name == key)) else {
                if !rejected.contains(key.as_str()) {
                    self.err(file, here, format!("`{key}` is not a request parameter"), "");
                }
                continue;
            };
            let spec_type = &s.request[index].ty;
            let value = self.arg_value(file, &here, f, spec_type, documented);
            if let Some(problem) = value.as_ref().and_then(|v| outside_constraints(f, v)) {
                self.err(
                    file,
                    &here,
                    problem,
                    "the example and the field's constraints must agree; record the choice in a note",
                );
            }
            // `{project_id}`: the page leaves the value to the reader.
            let placeholder = matches!(documented, serde_json::Value::String(text)
                if f.ty == TypeRef::String && text.len() > 2 && text.starts_with('{') && text.ends_with('}'));
            let stand_in = match (&f.example, placeholder) {
                (_, false) => None,
                (Some(example), true) => {
                    self.arg_value(file, &format!("request[{index}].example"), f, spec_type, example)
                }
                (None, true) => {
                    self.err(
                        file,
                        &here,
                        format!("{documented} is a placeholder, and `{key}` has no example to stand in for it"),
                        &format!("give request[{index}] an `example`; the runnable example program sets that value"),
                    );
                    None
                }
            };
            if let Some(value) = value {
                out.push(ir::ExampleParam {
                    wire_name: key.clone(),
                    setter: f.rust_name.clone(),
                    location: f.location,
                    explode: f.explode,
                    documented: documented.clone(),
                    value,
                    stand_in,
                });
            }
        }
        out
    }

    /// `v` as an argument of the setter of `f`, whose spec type is `spec_type`.
    pub(super) fn arg_value(
        &mut self,
        file: &str,
        path: &str,
        f: &ir::Field,
        spec_type: &str,
        v: &serde_json::Value,
    ) -> Option<ir::ArgValue> {
        let mut problem = None;
        let value = self.value_of(&f.ty, v, path, &mut problem);
        match (problem, &value) {
            (Some((at, message, help)), _) => self.err(file, at, message, &help),
            (None, None) => self.err(file, path, format!("{v} is not a value of type `{spec_type}`"), ""),
            (None, Some(_)) => {}
        }
        value
    }

    /// `v` as a value of `ty`; the first problem met is left in `problem`
    /// (its path, message and help), when it is more precise than "not a value".
    fn value_of(
        &self,
        ty: &TypeRef,
        v: &serde_json::Value,
        path: &str,
        problem: &mut Option<(String, String, String)>,
    ) -> Option<ir::ArgValue> {
        use serde_json::Value;
        match (ty, v) {
            (TypeRef::String, Value::String(text)) => Some(ir::ArgValue::String(text.clone())),
            (TypeRef::Json, v) => Some(ir::ArgValue::Json(v.clone())),
            (TypeRef::Bool, Value::Bool(b)) => Some(ir::ArgValue::Bool(*b)),
            (TypeRef::F32, Value::Number(n)) => {
                let x = n.as_f64()?;
                if ir::exact_f32(x) {
                    return Some(ir::ArgValue::Float(x));
                }
                if problem.is_none() {
                    *problem = Some((
                        path.to_owned(),
                        format!("{n} is not a value of type `f32`: an `f32` reads it as {}", ir::nearest_f32(x)),
                        "write the value as an `f32` reads it, or type the member `f64` where the vendor does"
                            .to_owned(),
                    ));
                }
                None
            }
            (TypeRef::F64, Value::Number(n)) => n.as_f64().map(ir::ArgValue::Float),
            (ty @ (TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64), Value::Number(n)) => {
                let value = n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from));
                let (rust_type, range) = super::fields::integer_range(ty)?;
                value.filter(|v| range.contains(v)).map(|value| ir::ArgValue::Integer { value, rust_type })
            }
            (TypeRef::List(inner), Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let at = format!("{path}[{i}]");
                    let value = self.value_of(inner, item, &at, problem);
                    if value.is_none() && problem.is_none() {
                        *problem =
                            Some((at, format!("{item} is not a value of the list's element type"), String::new()));
                    }
                    out.push(value?);
                }
                Some(ir::ArgValue::List(out))
            }
            (TypeRef::Map(inner), Value::Object(entries)) => {
                let mut out = Vec::with_capacity(entries.len());
                for (key, item) in entries {
                    let at = format!("{path}.{key}");
                    let value = self.value_of(inner, item, &at, problem);
                    if value.is_none() && problem.is_none() {
                        *problem = Some((at, format!("{item} is not a value of the map's value type"), String::new()));
                    }
                    out.push((key.clone(), value?));
                }
                Some(ir::ArgValue::Map(out))
            }
            (TypeRef::Named(named), Value::Object(map)) if named.kind == NamedKind::Struct => {
                let fields = self.structs.get(&named.rust_name)?;
                if let Some(key) = map.keys().find(|k| !fields.iter().any(|f| &&f.wire_name == k)) {
                    *problem = Some((
                        format!("{path}.{key}"),
                        format!("`{key}` is not a field of `{}`", named.rust_name),
                        String::new(),
                    ));
                    return None;
                }
                let mut out = Vec::with_capacity(fields.len());
                for f in fields {
                    let value = match map.get(&f.wire_name) {
                        None | Some(Value::Null) if f.is_optional() => None,
                        None | Some(Value::Null) => {
                            *problem = Some((
                                path.to_owned(),
                                format!("the value lacks `{}`, which `{}` requires", f.wire_name, named.rust_name),
                                String::new(),
                            ));
                            return None;
                        }
                        Some(item) => {
                            let at = format!("{path}.{}", f.wire_name);
                            let value = self.value_of(&f.ty, item, &at, problem);
                            if value.is_none() && problem.is_none() {
                                *problem =
                                    Some((at, format!("{item} is not a value of the field's type"), String::new()));
                            }
                            Some(value?)
                        }
                    };
                    out.push(ir::StructArg { name: f.rust_name.clone(), value, optional: f.is_optional() });
                }
                Some(ir::ArgValue::Struct {
                    type_name: named.rust_name.clone(),
                    defaulted: fields.iter().all(ir::Field::is_optional),
                    fields: out,
                })
            }
            (TypeRef::Named(named), Value::String(_) | Value::Number(_)) if named.kind != NamedKind::Struct => {
                let literal = match v {
                    Value::String(text) if named.kind == NamedKind::StringEnum => Some(Literal::String(text.clone())),
                    Value::Number(n) if named.kind == NamedKind::IntegerEnum => n.as_i64().map(Literal::Integer),
                    _ => None,
                };
                let variants = self.variants.get(&named.rust_name)?;
                let literal = literal?;
                let Some(found) = variants.iter().find(|v| v.value == literal) else {
                    let known: Vec<String> = variants.iter().map(|v| literal_text(&v.value)).collect();
                    *problem = Some((
                        path.to_owned(),
                        format!("{} is not a value of `{}`", literal_text(&literal), named.rust_name),
                        format!("the values are {}", known.join(", ")),
                    ));
                    return None;
                };
                Some(ir::ArgValue::Variant { type_name: named.rust_name.clone(), variant: found.rust_name.clone() })
            }
            _ => None,
        }
    }
}

/// Why an example value breaks its field's documented range or format, if it does.
fn outside_constraints(f: &ir::Field, value: &ir::ArgValue) -> Option<String> {
    match value {
        ir::ArgValue::Integer { value, .. } => {
            let (min, max) = (f.constraints.min.map(i128::from), f.constraints.max.map(i128::from));
            let outside = min.is_some_and(|min| *value < min) || max.is_some_and(|max| *value > max);
            let bound = |b: Option<i128>| b.map_or_else(String::new, |b| b.to_string());
            outside.then(|| format!("{value} is outside the documented range {}..={}", bound(min), bound(max)))
        }
        ir::ArgValue::String(text) => {
            if let Some((max, unit)) = f.constraints.max_length()
                && unit.measure(text) > max as usize
            {
                return Some(format!(
                    "{text:?} is {} {} long, more than the documented {max}",
                    unit.measure(text),
                    unit.noun()
                ));
            }
            let format = f.time_format?;
            (!time_fits(format, text)).then(|| {
                let spelling = f.constraints.format.as_deref().unwrap_or_default();
                format!("{text:?} does not follow the documented format `{spelling}`")
            })
        }
        _ => None,
    }
}

impl ServiceValidator<'_> {
    /// An example request must follow the rules the page documents between
    /// parameters, or the spec contradicts itself. The rules about time spans
    /// and ages are left to the runtime, which checks them at the time of a call.
    pub(super) fn example_follows_rules(
        &mut self,
        file: &str,
        path: &str,
        params: &[ir::ExampleParam],
        rules: &[ir::Rule],
    ) {
        let value = |name: &str| params.iter().find(|p| p.wire_name == name).map(|p| &p.documented);
        let set = |name: &str| value(name).is_some();
        for rule in rules {
            let broken = match &rule.kind {
                ir::RuleKind::Requires { field, requires } if set(&field.wire_name) && !set(&requires.wire_name) => {
                    Some(format!("sets `{}` without `{}`", field.wire_name, requires.wire_name))
                }
                ir::RuleKind::Together { fields } => {
                    let (given, missing): (Vec<&ir::FieldRef>, Vec<&ir::FieldRef>) =
                        fields.iter().partition(|f| set(&f.wire_name));
                    (!given.is_empty() && !missing.is_empty()).then(|| {
                        let names = |fs: &[&ir::FieldRef]| {
                            fs.iter().map(|f| format!("`{}`", f.wire_name)).collect::<Vec<_>>().join(", ")
                        };
                        format!("sets {} without {}", names(&given), names(&missing))
                    })
                }
                ir::RuleKind::ExcludesValues { field, values, when_field, when_value } => {
                    let is =
                        |name: &str, pattern: &ir::ValuePattern| value(name).is_some_and(|v| pattern_is(pattern, v));
                    (is(&when_field.wire_name, when_value) && values.iter().any(|v| is(&field.wire_name, v))).then(
                        || {
                            let shown = |name: &str| value(name).map(ToString::to_string).unwrap_or_default();
                            format!(
                                "sets `{}` to {} while `{}` is {}",
                                field.wire_name,
                                shown(&field.wire_name),
                                when_field.wire_name,
                                shown(&when_field.wire_name)
                            )
                        },
                    )
                }
                ir::RuleKind::EndAfterStart { start, end } => {
                    // The formats write a time from the largest field down, at fixed widths; one with an
                    // offset other than `Z` is left to the runtime.
                    let instant = |f: &ir::FieldRef| match (value(&f.wire_name), f.time_format) {
                        (Some(serde_json::Value::String(text)), Some(format))
                            if time_fits(format, text) && matches!(&text[19..], "" | "Z") =>
                        {
                            Some(text[..19].replace('T', " "))
                        }
                        _ => None,
                    };
                    match (instant(start), instant(end)) {
                        (Some(a), Some(b)) if b <= a => Some(format!(
                            "sets `{}` to {b}, not later than `{}` at {a}",
                            end.wire_name, start.wire_name
                        )),
                        _ => None,
                    }
                }
                _ => None,
            };
            if let Some(broken) = broken {
                self.err(
                    file,
                    path,
                    format!("the example {broken}, against the documented rule: {}", rule.doc),
                    "the example and the rule must agree; fix one, and record the page's contradiction in a note",
                );
            }
        }
    }
}

/// Whether a documented example value is the value a rule names.
fn pattern_is(pattern: &ir::ValuePattern, v: &serde_json::Value) -> bool {
    let literal = match pattern {
        ir::ValuePattern::Variant { value, .. } | ir::ValuePattern::Literal(value) => value,
    };
    match (literal, v) {
        (Literal::String(s), serde_json::Value::String(t)) => s == t,
        (Literal::Integer(n), serde_json::Value::Number(m)) => m.as_i64() == Some(*n),
        _ => false,
    }
}

/// Problems reported for one example response; the rest are counted.
const MAX_EXAMPLE_PROBLEMS: usize = 8;

/// The code and message of an example that documents an error, read where the
/// protocol's envelope puts them (Tencent and Volcengine answer errors with
/// any status, Huawei with the error body).
fn documented_error(protocol: Protocol, v: &serde_json::Value) -> Option<ir::DocumentedError> {
    let (code, message) = match protocol {
        Protocol::TencentRpc => (&v["Response"]["Error"]["Code"], &v["Response"]["Error"]["Message"]),
        Protocol::VolcengineRpc => {
            (&v["ResponseMetadata"]["Error"]["Code"], &v["ResponseMetadata"]["Error"]["Message"])
        }
        Protocol::HuaweiRest => (&v["error_code"], &v["error_msg"]),
    };
    Some(ir::DocumentedError {
        code: code.as_str()?.to_owned(),
        message: message.as_str().unwrap_or_default().to_owned(),
    })
}

/// The object holding an example's data, and its path for messages (`body` where the
/// data is the whole body, as Huawei answers).
fn data_of(
    protocol: Protocol,
    v: &serde_json::Value,
) -> Result<(&serde_json::Map<String, serde_json::Value>, String), String> {
    let (data, at) = match protocol {
        Protocol::TencentRpc => (v.get("Response"), "Response"),
        Protocol::VolcengineRpc => (v.get("Result"), "Result"),
        Protocol::HuaweiRest => (Some(v), "body"),
    };
    match data {
        Some(serde_json::Value::Object(map)) => Ok((map, at.to_owned())),
        Some(other) => Err(format!("{at} is {}, not an object", json_kind(other))),
        None => Err(format!("the example has no `{at}` object, where this protocol puts the response")),
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl ServiceValidator<'_> {
    /// Whether `data` is a value of the struct with `fields`: every key a
    /// field (or the envelope's request id), every required field present
    /// and not null, every value of its field's type. Problems name the JSON
    /// path from `at`.
    fn fits_fields(
        &self,
        fields: &[ir::Field],
        data: &BTreeMap<&String, &serde_json::Value>,
        at: String,
        problems: &mut Vec<String>,
    ) {
        for (&key, &value) in data {
            let known = fields.iter().find(|f| &f.wire_name == key);
            match known {
                Some(f) if f.is_data() => {
                    if value.is_null() {
                        if !f.is_optional() {
                            problems.push(format!("`{at}.{key}` is null, but the field is required and not nullable"));
                        }
                    } else {
                        self.fits_type(&f.ty, value, format!("{at}.{key}"), problems);
                    }
                }
                Some(_) => {}
                // The envelope's request id sits beside the data in Tencent answers.
                None if key == "RequestId" && at == "Response" => {}
                None => problems.push(format!("`{at}.{key}` is not a field of the response it documents")),
            }
        }
        for f in fields.iter().filter(|f| f.is_data() && !f.is_optional()) {
            if !data.contains_key(&f.wire_name) {
                problems.push(format!("`{at}` lacks `{}`, which the spec says is always present", f.wire_name));
            }
        }
    }

    fn fits_type(&self, ty: &TypeRef, value: &serde_json::Value, at: String, problems: &mut Vec<String>) {
        use serde_json::Value;
        let fits = match (ty, value) {
            (TypeRef::List(inner), Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    self.fits_type(inner, item, format!("{at}[{i}]"), problems);
                }
                return;
            }
            (TypeRef::Named(n), Value::Object(map)) if n.kind == NamedKind::Struct => {
                if let Some(fields) = self.structs.get(&n.rust_name) {
                    self.fits_fields(fields, &map.iter().collect(), at, problems);
                }
                return;
            }
            (TypeRef::Map(inner), Value::Object(map)) => {
                for (key, item) in map {
                    self.fits_type(inner, item, format!("{at}.{key}"), problems);
                }
                return;
            }
            _ => leaf_fits(ty, value),
        };
        if !fits {
            let expected = match ty {
                TypeRef::Named(n) => format!("`{}`", n.rust_name),
                TypeRef::List(_) => "a list".to_owned(),
                TypeRef::Map(_) => "a map".to_owned(),
                other => format!("`{}`", format!("{other:?}").to_lowercase()),
            };
            let shown = serde_json::to_string(value).unwrap_or_default();
            let shown = text::shown(&shown);
            let mut problem = format!("`{at}` is {} {shown}, not a value of {expected}", json_kind(value));
            if let (TypeRef::F32, Some(x)) = (ty, value.as_f64()) {
                problem.push_str(&format!(" (an `f32` reads it as {})", ir::nearest_f32(x)));
            }
            problems.push(problem);
        }
    }
}
