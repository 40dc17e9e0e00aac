//! Documented rules across parameters, and paging.

use std::collections::BTreeSet;

use super::*;

impl ServiceValidator<'_> {
    /// The operation's documented rules, with their fields resolved to request members.
    pub(super) fn rules(
        &mut self,
        file: &str,
        s: &spec::OperationSpec,
        request: &[ir::Field],
        rejected: &BTreeSet<&str>,
    ) -> Vec<ir::Rule> {
        let mut rules = Vec::new();
        for (i, rule) in s.rules.iter().enumerate() {
            let path = format!("rules[{i}]");
            let field = |this: &mut Self, name: &str| -> Option<ir::FieldRef> {
                let found = field_ref(request, name).map(|(r, _)| r);
                if found.is_none() && !rejected.contains(name) {
                    let hint = names::closest(name, request.iter().map(|f| f.wire_name.as_str()));
                    this.err(
                        file,
                        &path,
                        format!("the rule names `{name}`, which is not a request parameter"),
                        &hint.map(|h| format!("did you mean `{h}`?")).unwrap_or_default(),
                    );
                }
                found
            };
            // Each kind of rule with whether this item gives it; the message names them from here.
            let kinds = [
                ("requires", rule.requires.is_some()),
                ("together", rule.together.is_some()),
                ("excludes_values", rule.excludes_values.is_some()),
                ("max_span", rule.max_span.is_some()),
                ("within_last", rule.within_last.is_some()),
                ("within_next", rule.within_next.is_some()),
                ("end_after_start", rule.end_after_start.is_some()),
            ];
            if kinds.iter().filter(|(_, given)| *given).count() != 1 {
                let names: Vec<&str> = kinds.iter().map(|(name, _)| *name).collect();
                self.err(
                    file,
                    &path,
                    format!("a rule has exactly one of {}", names.join(", ")),
                    "split it into one list item per rule",
                );
                continue;
            }
            let (kind, doc) = if let Some(r) = &rule.requires {
                let (a, b) = (field(self, &r.field), field(self, &r.requires));
                (a.zip(b).map(|(field, requires)| ir::RuleKind::Requires { field, requires }), &r.description)
            } else if let Some(r) = &rule.together {
                let resolved: Vec<_> = r.fields.iter().filter_map(|f| field(self, f)).collect();
                (
                    if resolved.len() == r.fields.len() {
                        Some(ir::RuleKind::Together { fields: resolved })
                    } else {
                        None
                    },
                    &r.description,
                )
            } else if let Some(r) = &rule.excludes_values {
                let (a, b) = (field(self, &r.field), field(self, &r.when_field));
                let kind = a.zip(b).and_then(|(field, when_field)| {
                    let field_ty = field_ref(request, &field.wire_name).map(|(_, ty)| ty)?;
                    let when_ty = field_ref(request, &when_field.wire_name).map(|(_, ty)| ty)?;
                    let values: Vec<_> = r
                        .values
                        .iter()
                        .enumerate()
                        .map(|(k, v)| {
                            self.value_pattern(file, &format!("{path}.excludes_values.values[{k}]"), &field_ty, v)
                        })
                        .collect();
                    let when_value = self.value_pattern(
                        file,
                        &format!("{path}.excludes_values.when_value"),
                        &when_ty,
                        &r.when_value,
                    );
                    Some(ir::RuleKind::ExcludesValues {
                        field,
                        values: values.into_iter().collect::<Option<_>>()?,
                        when_field,
                        when_value: when_value?,
                    })
                });
                (kind, &r.description)
            } else if let Some(r) = &rule.max_span {
                let (a, b) = (field(self, &r.start), field(self, &r.end));
                self.times_known(file, &format!("{path}.max_span"), [("start", &a), ("end", &b)], "the span");
                (a.zip(b).map(|(start, end)| ir::RuleKind::MaxSpan { start, end, days: r.days }), &r.description)
            } else if let Some(r) = &rule.end_after_start {
                let (a, b) = (field(self, &r.start), field(self, &r.end));
                self.times_known(file, &format!("{path}.end_after_start"), [("start", &a), ("end", &b)], "their order");
                if let (Some(a), Some(b)) = (&a, &b)
                    && a.wire_name == b.wire_name
                {
                    self.err(
                        file,
                        format!("{path}.end_after_start.end"),
                        format!("`{}` cannot be later than itself", b.wire_name),
                        "name the end of the period and its start",
                    );
                }
                let b = b.filter(|b| a.as_ref().is_none_or(|a| a.wire_name != b.wire_name));
                (a.zip(b).map(|(start, end)| ir::RuleKind::EndAfterStart { start, end }), &r.description)
            } else if let Some(r) = &rule.within_last {
                let f = field(self, &r.field);
                self.times_known(file, &format!("{path}.within_last"), [("field", &f)], "its age");
                (f.map(|field| ir::RuleKind::WithinLast { field, days: r.days }), &r.description)
            } else if let Some(r) = &rule.within_next {
                let f = field(self, &r.field);
                self.times_known(file, &format!("{path}.within_next"), [("field", &f)], "how far ahead it lies");
                (f.map(|field| ir::RuleKind::WithinNext { field, days: r.days }), &r.description)
            } else {
                continue;
            };
            self.non_empty(file, &format!("{path}.description"), doc);
            if let Some(kind) = kind {
                rules.push(ir::Rule { kind, doc: docs::inline(doc) });
            }
        }
        rules
    }

    /// The fields a rule about time compares have a documented time format, without which
    /// the runtime cannot read them.
    fn times_known<const N: usize>(
        &mut self,
        file: &str,
        path: &str,
        fields: [(&str, &Option<ir::FieldRef>); N],
        what: &str,
    ) {
        for (key, f) in fields {
            if let Some(f) = f
                && f.time_format.is_none()
            {
                self.err(
                    file,
                    format!("{path}.{key}"),
                    format!("`{}` has no documented time format", f.wire_name),
                    &format!("add `constraints: {{format: ...}}` to the field so {what} can be computed"),
                );
            }
        }
    }

    /// A `Describe*` or `List*` operation whose request has a page number (or
    /// offset) and a page size and whose response holds a list pages: without
    /// a paging declaration, callers get no stream of its pages. A note on
    /// `paging` says why an operation that looks paged is not.
    pub(super) fn undeclared_paging(
        &mut self,
        file: &str,
        s: &spec::OperationSpec,
        request: &[ir::Field],
        response: &[ir::Field],
    ) {
        use crate::conventions::{OFFSET, PAGE_NUMBER, PAGE_SIZE, lists};
        let named = |names: &[&str]| request.iter().find(|f| names.contains(&f.wire_name.as_str()));
        let start = named(PAGE_NUMBER).or_else(|| named(OFFSET));
        let (Some(start), Some(size)) = (start, named(PAGE_SIZE)) else { return };
        let list = response.iter().find(|f| f.is_data() && matches!(f.ty, TypeRef::List(_)));
        let explained = s.notes.iter().any(|n| n.subject == "paging");
        if let Some(list) = list.filter(|_| lists(&s.name) && !explained) {
            self.err(
                file,
                "name",
                format!(
                    "`{}` pages (`{}`, `{}`) through a list (`{}`) but declares no paging",
                    s.name, start.wire_name, size.wire_name, list.wire_name
                ),
                "add `paging:` so that callers get a stream of every page, or a note with `subject: paging` saying why it does not page",
            );
        }
    }

    /// The paging entry, resolved to the request and response fields that drive it.
    pub(super) fn paging(
        &mut self,
        file: &str,
        module: &str,
        p: &spec::Paging,
        request: (&[ir::Field], &BTreeSet<&str>),
        response: (&[ir::Field], &BTreeSet<&str>),
    ) -> Option<ir::Paging> {
        type Side<'s> = (&'s str, &'s [ir::Field], &'s BTreeSet<&'s str>);
        let get = |this: &mut Self, (side, fields, rejected): Side<'_>, name: &str, key: &str| {
            let found = field_ref(fields, name);
            if found.is_none() && !rejected.contains(name) {
                let hint = names::closest(name, fields.iter().map(|f| f.wire_name.as_str()));
                this.err(
                    file,
                    format!("paging.{key}"),
                    format!("`{name}` is not a {side} field"),
                    &hint.map(|h| format!("did you mean `{h}`?")).unwrap_or_default(),
                );
            }
            found
        };
        let request_side: Side<'_> = ("request", request.0, request.1);
        let response_side: Side<'_> = ("response", response.0, response.1);
        let one_of = |this: &mut Self,
                      a: (&'static str, &Option<String>),
                      b: (&'static str, &Option<String>),
                      optional: bool|
         -> Option<(&'static str, String)> {
            match (a.1, b.1) {
                (Some(_), Some(_)) => {
                    this.err(file, format!("paging.{}", b.0), format!("give `{}` or `{}`, not both", a.0, b.0), "");
                    None
                }
                (None, None) if !optional => {
                    this.err(file, "paging", format!("paging needs `{}` or `{}`", a.0, b.0), "");
                    None
                }
                (Some(name), None) => Some((a.0, name.clone())),
                (None, Some(name)) => Some((b.0, name.clone())),
                (None, None) => None,
            }
        };
        let starts: Vec<(ir::PageStartKind, &String)> = ir::PageStartKind::ALL
            .into_iter()
            .filter_map(|kind| {
                let name = match kind {
                    ir::PageStartKind::Number => &p.page_number,
                    ir::PageStartKind::Index => &p.page_index,
                    ir::PageStartKind::Offset => &p.offset,
                };
                name.as_ref().map(|name| (kind, name))
            })
            .collect();
        let keys: Vec<String> = ir::PageStartKind::ALL.iter().map(|k| format!("`{}`", k.key())).collect();
        let start = match starts.as_slice() {
            [] => {
                self.err(file, "paging", format!("paging needs {}", text::or_list(&keys)), "");
                None
            }
            [one] => Some((one.0, one.0.key(), one.1.clone())),
            [.., last] => {
                self.err(
                    file,
                    format!("paging.{}", last.0.key()),
                    format!("give one of {}, not several", keys.join(", ")),
                    "",
                );
                None
            }
        };
        let start_kind = start.as_ref().map(|(kind, _, _)| *kind);
        let start = start.map(|(_, key, name)| (key, name));
        let total = one_of(self, ("total_pages", &p.total_pages), ("total_items", &p.total_items), true);
        if start.as_ref().is_some_and(|(key, _)| *key == "offset")
            && total.as_ref().is_some_and(|(key, _)| *key == "total_pages")
        {
            self.err(
                file,
                "paging.total_pages",
                "offset paging counts items, not pages",
                "name the response's item count as `total_items`, or page by `page_number`",
            );
        }
        let counter = |this: &mut Self, side: Side<'_>, name: &str, key: &str| {
            let (via, (field, ty)) = match name.split_once('.') {
                // A total reported inside a struct of the answer (`Pagination.TotalCount`).
                Some(_) if key.starts_with("total_") => this.nested(file, key, response.0, name)?,
                Some(_) => {
                    this.err(
                        file,
                        format!("paging.{key}"),
                        format!("`{name}`: the request's paging counters are its own fields"),
                        "name a field of the request; only the answer's total may be inside a struct",
                    );
                    return None;
                }
                None => (Vec::new(), get(this, side, name, key)?),
            };
            let Some((rust_type, _)) = super::fields::integer_range(&ty) else {
                this.err(
                    file,
                    format!("paging.{key}"),
                    "a paging counter must be an integer field",
                    "declare the field `type: i64` (or i32, u32, u64)",
                );
                return None;
            };
            Some(ir::Counter { via, field, rust_type })
        };
        let start_counter = start.as_ref().and_then(|(key, name)| counter(self, request_side, name, key));
        let size = counter(self, request_side, &p.page_size, "page_size");
        let total_counter = match &total {
            Some((key, name)) => {
                let kind = if *key == "total_pages" { ir::Total::Pages } else { ir::Total::Items };
                Some(counter(self, response_side, name, key).map(|c| (c, kind)))
            }
            None => Some(None),
        };
        let items = get(self, response_side, &p.items, "items");
        let default_page_size = request.0.iter().find(|f| f.wire_name == p.page_size).and_then(|f| f.constraints.max);
        let item_type = match &items {
            Some((_, TypeRef::List(inner))) => Some((**inner).clone()),
            Some(_) => {
                self.err(file, "paging.items", "the items field must be a list", "");
                None
            }
            None => None,
        };
        Some(ir::Paging {
            pages_method: names::pages_method(module),
            start_kind: start_kind?,
            start: start_counter?,
            page_size: size?,
            total: total_counter?,
            items: items?.0,
            item_type: item_type?,
            default_page_size,
        })
    }

    /// The field a dotted path names from the answer's `fields` (`Pagination.TotalCount`), and the
    /// struct fields on the way: each but the last must be a struct (not a list of them).
    fn nested(
        &mut self,
        file: &str,
        key: &str,
        fields: &[ir::Field],
        path: &str,
    ) -> Option<(Vec<ir::FieldRef>, (ir::FieldRef, TypeRef))> {
        let parts: Vec<&str> = path.split('.').collect();
        let mut fields = fields.to_vec();
        let mut via = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let at = parts[..=i].join(".");
            let Some((field, ty)) = field_ref(&fields, part) else {
                let hint = names::closest(part, fields.iter().map(|f| f.wire_name.as_str()));
                let whose = if i == 0 { "the response".to_owned() } else { format!("`{}`", parts[..i].join(".")) };
                self.err(
                    file,
                    format!("paging.{key}"),
                    format!("`{at}` is not a field of {whose}"),
                    &hint.map(|h| format!("did you mean `{h}`?")).unwrap_or_default(),
                );
                return None;
            };
            if i + 1 == parts.len() {
                return Some((via, (field, ty)));
            }
            let inner = match &ty {
                TypeRef::Named(n) if n.kind == NamedKind::Struct => self.structs.get(&n.rust_name).cloned(),
                _ => None,
            };
            let Some(inner) = inner else {
                self.err(
                    file,
                    format!("paging.{key}"),
                    format!("`{at}` is not a struct, so `{path}` names nothing"),
                    "a total may be inside structs of the answer, not inside lists",
                );
                return None;
            };
            via.push(field);
            fields = inner;
        }
        None
    }

    /// A rule's value, as a variant of the field's enum or a literal of its scalar type.
    pub(super) fn value_pattern(
        &mut self,
        file: &str,
        path: &str,
        ty: &TypeRef,
        value: &Literal,
    ) -> Option<ir::ValuePattern> {
        match (ty, value) {
            (TypeRef::Named(named), _) if named.kind != NamedKind::Struct => {
                let variants = self.variants.get(&named.rust_name)?;
                let found = variants.iter().find(|v| v.value == *value).map(|v| v.rust_name.clone());
                if found.is_none() {
                    let known: Vec<String> = variants.iter().map(|v| literal_text(&v.value)).collect();
                    self.err(
                        file,
                        path,
                        format!("{} is not a value of `{}`", literal_text(value), named.rust_name),
                        &format!("the values are {}", known.join(", ")),
                    );
                }
                Some(ir::ValuePattern::Variant {
                    type_name: named.rust_name.clone(),
                    variant: found?,
                    value: value.clone(),
                })
            }
            (TypeRef::String, Literal::String(_)) => Some(ir::ValuePattern::Literal(value.clone())),
            (ty, Literal::Integer(_)) if ty.is_integer() => Some(ir::ValuePattern::Literal(value.clone())),
            _ => {
                self.err(file, path, format!("{} cannot be compared with the field's type", literal_text(value)), "");
                None
            }
        }
    }
}

/// What the client checks about `field` before it sends a request, in English,
/// for the field's docs: its documented range and time format, and the rules
/// that name it. `None` when nothing is checked.
pub(super) fn checked_before_sending(field: &ir::Field, rules: &[ir::Rule]) -> Option<String> {
    let code = |name: &str| format!("`{}`", names::unraw(name));
    let mut checks = Vec::new();
    match (field.constraints.min, field.constraints.max) {
        (Some(min), Some(max)) => checks.push(format!("from {min} to {max}")),
        (Some(min), None) => checks.push(format!("at least {min}")),
        (None, Some(max)) => checks.push(format!("at most {max}")),
        (None, None) => {}
    }
    if let Some(format) = field.time_format {
        checks.push(match format {
            ir::TimeFormat::Iso8601 => {
                "written in ISO 8601 (`yyyy-MM-ddTHH:mm:ssZ`, or an offset such as `+08:00` for the `Z`)".to_owned()
            }
            _ => format!("written as `{}`", format.spelling()),
        });
    }
    if let Some((max, unit)) = field.constraints.max_length() {
        checks.push(match unit {
            crate::spec::LengthUnit::Chars => format!("at most {max} characters"),
            crate::spec::LengthUnit::Bytes => format!("at most {max} bytes in UTF-8"),
        });
    }
    let is = |r: &ir::FieldRef| r.wire_name == field.wire_name;
    for rule in rules {
        match &rule.kind {
            ir::RuleKind::Requires { field: f, requires } if is(f) => {
                checks.push(format!("set only when {} is set", code(&requires.rust_name)));
            }
            ir::RuleKind::Together { fields } if fields.iter().any(is) => {
                let others: Vec<String> = fields.iter().filter(|f| !is(f)).map(|f| code(&f.rust_name)).collect();
                checks.push(format!("set together with {} or not at all", others.join(" and ")));
            }
            ir::RuleKind::ExcludesValues { field: f, values, when_field, when_value } if is(f) => {
                let values: Vec<String> = values.iter().map(pattern).collect();
                checks.push(format!(
                    "not {} when {} is {}",
                    values.join(" or "),
                    code(&when_field.rust_name),
                    pattern(when_value)
                ));
            }
            ir::RuleKind::MaxSpan { start, end, days } if is(start) || is(end) => {
                checks.push(format!(
                    "{} to {} spans at most {days} days",
                    code(&start.rust_name),
                    code(&end.rust_name)
                ));
            }
            ir::RuleKind::WithinLast { field: f, days } if is(f) => {
                checks.push(format!("within the last {days} days"));
            }
            ir::RuleKind::WithinNext { field: f, days } if is(f) => {
                checks.push(format!("at most {days} days ahead"));
            }
            ir::RuleKind::EndAfterStart { start, end } if is(start) => {
                checks.push(format!("earlier than {}", code(&end.rust_name)));
            }
            ir::RuleKind::EndAfterStart { start, end } if is(end) => {
                checks.push(format!("later than {}", code(&start.rust_name)));
            }
            _ => {}
        }
    }
    (!checks.is_empty()).then(|| format!("Checked before sending: {}.", checks.join("; ")))
}

fn pattern(value: &ir::ValuePattern) -> String {
    match value {
        ir::ValuePattern::Variant { type_name, variant, .. } => format!("`{type_name}::{variant}`"),
        ir::ValuePattern::Literal(spec::Literal::Integer(n)) => format!("`{n}`"),
        ir::ValuePattern::Literal(spec::Literal::String(s)) => format!("`{:?}`", s.replace('`', "'")),
    }
}
