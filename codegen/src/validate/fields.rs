//! Request parameters, response fields and fields of named types.

use std::collections::BTreeMap;

use super::*;

impl ServiceValidator<'_> {
    pub(super) fn fields(
        &mut self,
        file: &str,
        base: &str,
        fields: &[spec::Field],
        scope: Option<&str>,
        dir: Direction,
    ) -> Vec<ir::Field> {
        let mut out = Vec::new();
        let mut paths = Vec::new();
        // Wire names by their lower-case form: JSON keys are case-sensitive, but
        // many servers and every header are not.
        let mut wire: BTreeMap<String, &str> = BTreeMap::new();
        let mut rust: BTreeMap<String, String> = BTreeMap::new();
        for (i, f) in fields.iter().enumerate() {
            let path = format!("{base}[{i}]");
            self.non_empty(file, &format!("{path}.description"), &f.description);
            if let Some(problem) = wire::wire_name(&f.name) {
                self.err(file, format!("{path}.name"), problem, "write the name exactly as it travels on the wire");
                continue;
            }
            match wire.insert(f.name.to_ascii_lowercase(), &f.name) {
                Some(prev) if prev == f.name => {
                    self.err(
                        file,
                        format!("{path}.name"),
                        format!("duplicate field `{}`", f.name),
                        "each wire name appears once",
                    );
                    continue;
                }
                Some(prev) => {
                    self.err(
                        file,
                        format!("{path}.name"),
                        format!("fields `{prev}` and `{}` differ only in case", f.name),
                        "servers and headers often ignore case, so the two would collide on the wire; keep one",
                    );
                    continue;
                }
                None => {}
            }
            if matches!(dir, Direction::Request(_)) {
                self.runtime_parameter(file, &path, f);
            }
            let rust_name = match &f.rust_name {
                Some(r) => names::field_override(r),
                None => names::field_name(&f.name),
            };
            let rust_name = match rust_name {
                Ok(r) => r,
                Err(problem) => {
                    self.err(
                        file,
                        format!("{path}.name"),
                        format!("field `{}` cannot be named in Rust: {problem}", f.name),
                        "choose a Rust name with `rust_name: some_name`",
                    );
                    continue;
                }
            };
            if let Some(prev) = rust.insert(rust_name.clone(), f.name.clone()) {
                self.err(
                    file,
                    format!("{path}.name"),
                    format!("fields `{prev}` and `{}` both become `{rust_name}` in Rust", f.name),
                    "give one of them another name with `rust_name`",
                );
                continue;
            }
            let location = self.location(file, &path, f, dir);
            if f.nullable && matches!(dir, Direction::Request(_)) {
                self.err(
                    file,
                    format!("{path}.nullable"),
                    "`nullable` says what a response may hold; a request parameter is required or not",
                    "remove `nullable:`; leave out `required: true` if the caller may omit it",
                );
            }
            if f.envelope.is_some() && dir != Direction::Data {
                self.err(
                    file,
                    format!("{path}.envelope"),
                    "only response fields can live in the envelope",
                    "remove `envelope:`",
                );
            }
            let from_credentials = layout::credential_path_parameter(self.service.spec.protocol);
            let credential_path = location == Location::Path && from_credentials == Some(f.name.as_str());
            if f.auth && (!matches!(dir, Direction::Request(_)) || !(location == Location::Header || credential_path)) {
                let message = match from_credentials {
                    Some(name) => {
                        format!("only request headers and the path parameter `{name}` can be supplied by credentials")
                    }
                    None => "only request headers can be supplied by credentials".to_owned(),
                };
                self.err(file, format!("{path}.auth"), message, "remove `auth:` or add `in: header`");
            } else if credential_path && !f.auth && matches!(dir, Direction::Request(_)) {
                self.err(
                    file,
                    format!("{path}.auth"),
                    format!("the client fills `{{{}}}` from its credentials, as the official SDK does", f.name),
                    "add `auth: true`: the request type then takes no project id of its own",
                );
            }
            let Some(ty) = self.resolve(file, &format!("{path}.type"), &f.ty, scope) else { continue };
            let query_list = location == Location::Query && matches!(&ty, TypeRef::List(inner) if ty_is_scalar(inner));
            if matches!(location, Location::Path | Location::Query | Location::Header)
                && !ty_is_scalar(&ty)
                && !query_list
            {
                let what = if location == Location::Query {
                    "a scalar, an enum or a list of them"
                } else {
                    "a scalar or an enum"
                };
                self.err(
                    file,
                    format!("{path}.type"),
                    format!("a parameter in {} must be {what}, not `{}`", location.place(), f.ty),
                    "",
                );
            }
            if location == Location::Payload {
                self.payload(file, &path, f, &ty);
            }
            if f.sensitive && ty != TypeRef::String {
                self.err(
                    file,
                    format!("{path}.sensitive"),
                    format!("`sensitive` marks a secret string; this is `{}`", f.ty),
                    "remove `sensitive:`",
                );
            }
            if f.explode && !query_list {
                self.err(
                    file,
                    format!("{path}.explode"),
                    "`explode` says how a list in the query travels; this is not one",
                    "remove `explode:`",
                );
            }
            if location == Location::Path && !f.required {
                self.err(
                    file,
                    format!("{path}.required"),
                    "a path parameter is always required",
                    "add `required: true`",
                );
            }
            let constraints = f.constraints.clone().unwrap_or_default();
            if (constraints.min.is_some() || constraints.max.is_some()) && !ty.is_integer() {
                self.err(file, format!("{path}.constraints"), "min and max apply to integer fields only", "");
            }
            if let (Some(min), Some(max)) = (constraints.min, constraints.max)
                && min > max
            {
                self.err(file, format!("{path}.constraints"), format!("min {min} is greater than max {max}"), "");
            }
            // A bound the field's type cannot hold would be a literal of the wrong type in the check.
            if let Some(range) = integer_range(&ty) {
                for (key, bound) in [("min", constraints.min), ("max", constraints.max)] {
                    if let Some(bound) = bound.filter(|b| !range.1.contains(&i128::from(*b))) {
                        self.err(
                            file,
                            format!("{path}.constraints.{key}"),
                            format!("{key} {bound} is outside the range of `{}`", range.0),
                            "a bound is a value of the field's own type",
                        );
                    }
                }
            }
            let time_format = constraints.format.as_deref().and_then(|text| {
                let found = ir::TimeFormat::from_spec(text);
                if found.is_none() {
                    let known: Vec<String> = ir::TimeFormat::ALL.iter().map(|(s, _)| format!("`{s}`")).collect();
                    self.err(
                        file,
                        format!("{path}.constraints.format"),
                        format!("unknown time format `{text}`"),
                        &format!(
                            "the formats the runtime can check are {} and {}",
                            known[..known.len() - 1].join(", "),
                            known[known.len() - 1]
                        ),
                    );
                }
                found
            });
            if time_format.is_some() && ty != TypeRef::String {
                self.err(file, format!("{path}.constraints.format"), "a time format applies to string fields only", "");
            }
            if let (Some(format), Some(serde_json::Value::String(example))) = (time_format, &f.example)
                && !time_fits(format, example)
            {
                self.err(
                    file,
                    format!("{path}.example"),
                    format!(
                        "the example {example:?} does not follow the format `{}`",
                        constraints.format.as_deref().unwrap_or_default()
                    ),
                    "",
                );
            }
            self.length_constraint(file, &path, &constraints, &ty, f.example.as_ref());
            if let Some(example) = &f.example
                && !example_fits(example, &ty)
            {
                self.err(
                    file,
                    format!("{path}.example"),
                    format!("the example {example} is not a value of type `{}`", f.ty),
                    "",
                );
            }
            paths.push(path);
            out.push(ir::Field {
                wire_name: f.name.clone(),
                rust_name,
                ty,
                required: f.required,
                nullable: f.nullable,
                location,
                envelope: f.envelope,
                auth: f.auth,
                doc: docs::lines(&f.description),
                checked: None,
                constraints,
                time_format,
                example: f.example.clone(),
                explode: f.explode,
                sensitive: f.sensitive,
            });
        }
        self.one_body(file, &out, &paths);
        // Requests have builders; so do responses and the types only they hold,
        // in tests (feature `test-util`). A type requests carry has none, but
        // whether one does is known only once every operation is read.
        let own = if dir == Direction::Data && base == "response" {
            layout::RESPONSE_BUILDER_METHODS
        } else {
            layout::BUILDER_METHODS
        };
        self.builder_methods(file, &out, &paths, own);
        out
    }

    /// The whole body (`in: payload`): JSON other than a scalar, and always sent.
    fn payload(&mut self, file: &str, path: &str, f: &spec::Field, ty: &TypeRef) {
        let whole = match ty {
            TypeRef::List(_) | TypeRef::Map(_) | TypeRef::Json => true,
            TypeRef::Named(n) => n.kind == NamedKind::Struct,
            _ => false,
        };
        if !whole {
            self.err(
                file,
                format!("{path}.type"),
                format!("the whole body must be a list, a map, a struct or `json`, not `{}`", f.ty),
                "a scalar travels as a member of the body: use `in: body`",
            );
        }
        if !f.required {
            self.err(
                file,
                format!("{path}.required"),
                "the whole body is always sent: a request without it has nothing in its body",
                "add `required: true`",
            );
        }
    }

    /// A request's body is either an object of `in: body` members or one
    /// `in: payload` field; never both, and never two payloads.
    fn one_body(&mut self, file: &str, fields: &[ir::Field], paths: &[String]) {
        let mut payloads = fields.iter().zip(paths).filter(|(f, _)| f.location == Location::Payload);
        let Some((first, _)) = payloads.next() else { return };
        if let Some((_, path)) = payloads.next() {
            self.err(
                file,
                format!("{path}.in"),
                format!("`{}` is already the whole body", first.wire_name),
                "a request has one body: keep one `in: payload` field",
            );
        }
        if let Some((member, path)) = fields.iter().zip(paths).find(|(f, _)| f.location == Location::Body) {
            self.err(
                file,
                format!("{path}.in"),
                format!("`{}` is the whole body, so `{}` cannot be a member of it", first.wire_name, member.wire_name),
                "send it in the path, the query or a header, or make the body an object of `in: body` members",
            );
        }
    }

    /// A documented maximum length: one unit, on a string, at least 1, and the example within it.
    fn length_constraint(
        &mut self,
        file: &str,
        path: &str,
        constraints: &spec::Constraints,
        ty: &TypeRef,
        example: Option<&serde_json::Value>,
    ) {
        let Some((max, unit)) = constraints.max_length() else { return };
        let key = format!("{path}.constraints.{}", unit.key());
        if constraints.max_chars.is_some() && constraints.max_bytes.is_some() {
            self.err(
                file,
                format!("{path}.constraints"),
                "both max_chars and max_bytes are given",
                "keep the one the page states: `max_bytes` for 字节, `max_chars` for 字符 or 字",
            );
            return;
        }
        if *ty != TypeRef::String {
            self.err(file, key, format!("{} applies to string fields only", unit.key()), "");
            return;
        }
        if max == 0 {
            self.err(
                file,
                key,
                "a maximum length of 0 allows only the empty string",
                "give the length the page states",
            );
            return;
        }
        if let Some(serde_json::Value::String(example)) = example
            && unit.measure(example) > max as usize
        {
            self.err(
                file,
                format!("{path}.example"),
                format!(
                    "the example is {} {} long, more than {}: {max}",
                    unit.measure(example),
                    unit.noun(),
                    unit.key()
                ),
                "",
            );
        }
    }

    /// Refuses a request parameter that the runtime sends itself: one of the
    /// service's common parameters, or a header the protocol's signer sets.
    fn runtime_parameter(&mut self, file: &str, path: &str, f: &spec::Field) {
        if f.auth {
            return; // documents the header the credentials supply
        }
        let common = self.service.spec.common_parameters.iter().find(|c| c.name.eq_ignore_ascii_case(&f.name));
        let header = f.location == Some(Location::Header);
        let why = if let Some(c) = common {
            format!("`{}` is a common parameter of the service, which the client sends itself", c.name)
        } else if header && layout::runtime_header(self.service.spec.protocol, &f.name) {
            format!("the client sets the `{}` header itself when it signs the request", f.name)
        } else if header && layout::transport_header(&f.name) {
            format!("the `{}` header belongs to the HTTP layer (framing, connections, cookies, proxies)", f.name)
        } else {
            return;
        };
        self.err(
            file,
            format!("{path}.name"),
            why,
            "remove the parameter; a value given here would be sent twice or break the signature",
        );
    }

    /// Where a field travels: a request parameter where its `in:` says, else
    /// where its protocol and method put it ([`wire::parameter_locations`]);
    /// anything else in the body. A location that cannot be is reported.
    fn location(&mut self, file: &str, path: &str, f: &spec::Field, dir: Direction) -> Location {
        let protocol = self.service.spec.protocol;
        let method = match (dir, f.location) {
            (Direction::Request(method), _) => method,
            (Direction::Data, Some(_)) => {
                self.err(file, format!("{path}.in"), "only request parameters have a location", "remove `in:`");
                return Location::Body;
            }
            (Direction::Data, None) => return Location::Body,
        };
        let (default, allowed) = wire::parameter_locations(protocol, method);
        let names: Vec<String> = allowed.iter().map(|l| format!("`in: {}`", l.name())).collect();
        let given = match (f.location, default) {
            (None, Some(l)) => return l,
            (Some(l), _) if allowed.contains(&l) => return l,
            (Some(l), _) => l,
            (None, None) => {
                self.err(
                    file,
                    format!("{path}.in"),
                    format!("a {} request parameter needs a location", protocol.name()),
                    &format!("add {}", text::or_list(&names)),
                );
                // Reported; the query draws no further messages (a path would).
                return Location::Query;
            }
        };
        let why = if method == HttpMethod::GET && matches!(given, Location::Body | Location::Payload) {
            "a GET request carries no body".to_owned()
        } else {
            let places: Vec<String> = allowed.iter().map(|a| a.place().to_owned()).collect();
            let sent = if wire::methods(protocol).len() > 1 {
                format!("a {} {} request", protocol.name(), method.as_str())
            } else {
                format!("a {} request", protocol.name())
            };
            format!("{sent} has its parameters in {}", text::or_list(&places))
        };
        let help = if default.is_some() { "remove `in:`".to_owned() } else { format!("use {}", text::or_list(&names)) };
        self.err(file, format!("{path}.in"), format!("`in: {}`: {why}", given.name()), &help);
        given
    }

    /// The request builder's methods: a setter per field, `set_<field>` for an
    /// optional one, and the builder's own (`build`, `default`); no two alike.
    fn builder_methods(&mut self, file: &str, request: &[ir::Field], paths: &[String], own: &[&str]) {
        let mut taken: BTreeMap<String, String> =
            own.iter().map(|m| ((*m).to_owned(), "the builder's own method".to_owned())).collect();
        for (f, path) in request.iter().zip(paths).filter(|(f, _)| f.is_data()) {
            let mut methods = vec![names::unraw(&f.rust_name).to_owned()];
            if f.is_optional() {
                methods.push(names::clear_setter(&f.rust_name));
            }
            for method in methods {
                if let Some(prev) = taken.insert(method.clone(), format!("the setter of `{}`", f.wire_name)) {
                    self.err(
                        file,
                        format!("{path}.name"),
                        format!("the builder method `{method}` for `{}` is already {prev}", f.wire_name),
                        "give the field another name with `rust_name`",
                    );
                }
            }
        }
    }
}

fn example_fits(v: &serde_json::Value, ty: &TypeRef) -> bool {
    use serde_json::Value;
    match (ty, v) {
        (TypeRef::List(inner), Value::Array(items)) => items.iter().all(|i| example_fits(i, inner)),
        (TypeRef::Map(inner), Value::Object(entries)) => entries.values().all(|i| example_fits(i, inner)),
        (TypeRef::Named(n), Value::Object(_)) => n.kind == NamedKind::Struct,
        _ => leaf_fits(ty, v),
    }
}

/// Whether `value` follows `format` (the runtime's parser decides for real;
/// this keeps the spec's own examples honest).
pub(super) fn time_fits(format: ir::TimeFormat, value: &str) -> bool {
    let fits = |pattern: &[u8]| {
        value.len() == pattern.len()
            && value.bytes().zip(pattern).all(|(c, p)| match p {
                b'd' => c.is_ascii_digit(),
                b's' => c == b'+' || c == b'-',
                _ => c == *p,
            })
    };
    match format {
        ir::TimeFormat::IsoUtc => fits(b"dddd-dd-ddTdd:dd:ddZ"),
        ir::TimeFormat::DateTimeSpace => fits(b"dddd-dd-dd dd:dd:dd"),
        ir::TimeFormat::Iso8601 => fits(b"dddd-dd-ddTdd:dd:ddZ") || fits(b"dddd-dd-ddTdd:dd:ddsdd:dd"),
    }
}

/// The Rust type and value range of an integer field.
pub(super) fn integer_range(ty: &TypeRef) -> Option<(&'static str, std::ops::RangeInclusive<i128>)> {
    Some(match ty {
        TypeRef::I32 => ("i32", i128::from(i32::MIN)..=i128::from(i32::MAX)),
        TypeRef::I64 => ("i64", i128::from(i64::MIN)..=i128::from(i64::MAX)),
        TypeRef::U32 => ("u32", 0..=i128::from(u32::MAX)),
        TypeRef::U64 => ("u64", 0..=i128::from(u64::MAX)),
        _ => return None,
    })
}
