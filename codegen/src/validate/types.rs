//! Named types: collected across a service, referenced, lowered, and checked for use.

use std::collections::{BTreeMap, BTreeSet};

use super::*;

impl ServiceValidator<'_> {
    pub(super) fn collect_types(&mut self, file: &str, operation_module: Option<String>, types: &[spec::TypeDef]) {
        for (i, t) in types.iter().enumerate() {
            let path = format!("types[{i}]");
            let rust_name = match type_like_name(&t.name, t.rust_name.as_ref()) {
                Ok(r) => r,
                Err(problem) => {
                    self.err(
                        file,
                        format!("{path}.name"),
                        format!("type `{}` cannot be named in Rust: {problem}", t.name),
                        "choose a Rust name with `rust_name: SomeName`",
                    );
                    self.refused_types.insert(t.name.clone());
                    continue;
                }
            };
            let kind = match (&t.fields, t.enum_kind, &t.values) {
                (Some(_), None, None) => NamedKind::Struct,
                (None, Some(EnumKind::String), Some(_)) => NamedKind::StringEnum,
                (None, Some(EnumKind::Integer), Some(_)) => NamedKind::IntegerEnum,
                _ => {
                    self.err(
                        file,
                        &path,
                        format!("type `{}` must have either `fields` or both `enum` and `values`", t.name),
                        "a struct lists `fields:`; an enum says `enum: string` or `enum: integer` and lists `values:`",
                    );
                    self.refused_types.insert(t.name.clone());
                    continue;
                }
            };
            if let Some(prev) = self.types.get(&t.name) {
                let prev = prev.file.clone();
                self.err(
                    file,
                    format!("{path}.name"),
                    format!("type `{}` is already declared in {prev}", t.name),
                    "type names are shared by the whole service; rename one of them",
                );
                continue;
            }
            if !self.claim(file, &format!("{path}.name"), &rust_name, format!("type `{}` in {file}", t.name)) {
                self.refused_types.insert(t.name.clone());
                continue;
            }
            // A struct's test builder (`test-util`) is named after it, whether or not requests carry it.
            if kind == NamedKind::Struct {
                let builder = names::data_builder(&rust_name);
                self.claim(
                    file,
                    &format!("{path}.name"),
                    &builder,
                    format!("the builder of type `{}` in {file}", t.name),
                );
            }
            self.types.insert(
                t.name.clone(),
                TypeEntry {
                    rust_name,
                    kind,
                    operation_module: operation_module.clone(),
                    file: file.to_owned(),
                    index: i,
                },
            );
        }
    }

    /// Resolves a type expression: scalars, `json`, `list<T>`, `map<T>`, or a named type visible from `scope`.
    pub(super) fn resolve(&mut self, file: &str, path: &str, ty: &str, scope: Option<&str>) -> Option<TypeRef> {
        let ty = match Spelled::parse(ty) {
            Spelled::List(inner) => return self.resolve(file, path, inner, scope).map(|t| TypeRef::List(Box::new(t))),
            Spelled::Map(inner) => return self.resolve(file, path, inner, scope).map(|t| TypeRef::Map(Box::new(t))),
            Spelled::Scalar(scalar) => return Some(scalar.clone()),
            Spelled::Named(name) => name,
        };
        if self.refused_types.contains(ty) {
            return None;
        }
        let Some(entry) = self.types.get(ty) else {
            let known: Vec<&str> = self.types.keys().map(String::as_str).collect();
            let hint = names::closest(ty, known.iter().copied().chain(SCALARS.iter().map(|(name, _)| *name)));
            let help = match hint {
                Some(h) => format!("did you mean `{h}`? Types are {}, or a name under `types:`", type_list()),
                None => format!("types are {}, or a name declared under `types:`", type_list()),
            };
            self.err(file, path, format!("unknown type `{ty}`"), &help);
            return None;
        };
        if let Some(owner) = &entry.operation_module
            && scope != Some(owner.as_str())
        {
            let owner_file = entry.file.clone();
            self.err(
                file,
                path,
                format!("type `{ty}` is declared in {owner_file}, another operation's file"),
                "move it to service.yaml to share it between operations",
            );
            return None;
        }
        Some(TypeRef::Named(NamedRef {
            rust_name: entry.rust_name.clone(),
            kind: entry.kind,
            operation_module: entry.operation_module.clone(),
        }))
    }

    pub(super) fn lower_types(
        &mut self,
        file: &str,
        scope: Option<&str>,
        types: &[spec::TypeDef],
    ) -> Vec<ir::NamedType> {
        let mut out = Vec::new();
        for (i, t) in types.iter().enumerate() {
            let path = format!("types[{i}]");
            self.non_empty(file, &format!("{path}.description"), &t.description);
            let Some(entry) = self.types.get(&t.name) else { continue };
            if entry.file != file {
                continue; // a duplicate, already reported
            }
            let rust_name = entry.rust_name.clone();
            let body = match (&t.fields, t.enum_kind, &t.values) {
                (Some(fields), None, None) => {
                    let fields = self.fields(file, &format!("{path}.fields"), fields, scope, Direction::Data);
                    self.structs.insert(rust_name.clone(), fields.clone());
                    ir::TypeBody::Struct(fields)
                }
                (None, Some(kind), Some(values)) => {
                    let variants = self.enum_values(file, &path, kind, values);
                    self.variants.insert(rust_name.clone(), variants.clone());
                    ir::TypeBody::Enum(kind, variants)
                }
                _ => continue,
            };
            out.push(ir::NamedType {
                wire_name: t.name.clone(),
                rust_name,
                doc: docs::lines(&t.description),
                body,
                sent: false,
            });
        }
        out
    }

    pub(super) fn enum_values(
        &mut self,
        file: &str,
        path: &str,
        kind: EnumKind,
        values: &[spec::EnumValue],
    ) -> Vec<ir::EnumVariant> {
        let mut out = Vec::new();
        let mut seen_values = BTreeSet::new();
        let mut variants = Variants::new(names::RESERVED_ENUM_VARIANTS, "unknown values");
        if values.is_empty() {
            self.err(file, format!("{path}.values"), "an enum needs at least one value", "");
        }
        for (i, v) in values.iter().enumerate() {
            let vpath = format!("{path}.values[{i}]");
            self.non_empty(file, &format!("{vpath}.description"), &v.description);
            match (kind, &v.value) {
                (EnumKind::String, Literal::String(_)) | (EnumKind::Integer, Literal::Integer(_)) => {}
                (EnumKind::String, Literal::Integer(n)) => {
                    self.err(
                        file,
                        format!("{vpath}.value"),
                        format!("{n} is an integer in a string enum"),
                        "quote it, or declare `enum: integer`",
                    );
                    continue;
                }
                (EnumKind::Integer, Literal::String(s)) => {
                    self.err(
                        file,
                        format!("{vpath}.value"),
                        format!("\"{s}\" is a string in an integer enum"),
                        "declare `enum: string`",
                    );
                    continue;
                }
            }
            if !seen_values.insert(literal_text(&v.value)) {
                self.err(
                    file,
                    format!("{vpath}.value"),
                    format!("duplicate enum value {}", literal_text(&v.value)),
                    "",
                );
                continue;
            }
            let named = match (&v.rust_name, &v.value) {
                (Some(r), _) => names::check_type_override(r).map(|()| r.clone()),
                (None, Literal::String(s)) => names::type_name(s),
                (None, Literal::Integer(_)) => {
                    self.err(
                        file,
                        format!("{vpath}.rust_name"),
                        "an integer enum value needs a Rust name",
                        "add `rust_name: SomeName` saying what the value means",
                    );
                    continue;
                }
            };
            let what = format!("value {}", literal_text(&v.value));
            let Some(rust_name) = self.variant(file, &format!("{vpath}.value"), &mut variants, named, what) else {
                continue;
            };
            out.push(ir::EnumVariant { value: v.value.clone(), rust_name, doc: docs::lines(&v.description) });
        }
        out
    }

    pub(super) fn check_unused_types(&mut self, service_types: &[ir::NamedType], operations: &[ir::Operation]) {
        let mut used = BTreeSet::new();
        let mut mark = |fields: &[ir::Field]| {
            for f in fields {
                if let TypeRef::Named(n) = f.ty.innermost() {
                    used.insert(n.rust_name.clone());
                }
            }
        };
        for t in service_types.iter().chain(operations.iter().flat_map(|o| o.types.iter())) {
            if let ir::TypeBody::Struct(fields) = &t.body {
                mark(fields);
            }
        }
        for o in operations {
            mark(&o.request);
            mark(&o.response);
        }
        let declared: Vec<(String, String, usize)> =
            self.types.iter().map(|(wire, e)| (wire.clone(), e.file.clone(), e.index)).collect();
        for (wire, file, index) in declared {
            let rust = &self.types[&wire].rust_name;
            if !used.contains(rust) {
                self.err(
                    &file,
                    format!("types[{index}].name"),
                    format!("type `{wire}` is declared but no field uses it"),
                    "remove it, or use it in a field's `type:`",
                );
            }
        }
    }

    /// Refuses structs that hold themselves, directly or through other
    /// structs, other than through a list: such a type has no finite size.
    /// Each cycle is reported once, at the declaration of its first type by name.
    pub(super) fn check_type_cycles(&mut self, service_types: &[ir::NamedType], operations: &[ir::Operation]) {
        let mut edges: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
        for t in service_types.iter().chain(operations.iter().flat_map(|o| o.types.iter())) {
            let ir::TypeBody::Struct(fields) = &t.body else { continue };
            let held = fields.iter().filter_map(|f| match &f.ty {
                TypeRef::Named(n) if n.kind == NamedKind::Struct => Some((n.rust_name.as_str(), f.wire_name.as_str())),
                _ => None,
            });
            edges.insert(&t.rust_name, held.collect());
        }
        let mut reported: BTreeSet<&str> = BTreeSet::new();
        for &start in edges.keys() {
            if reported.contains(start) {
                continue;
            }
            // Depth-first from `start`, without recursion: the path of (type, next edge index).
            let mut path: Vec<(&str, usize)> = vec![(start, 0)];
            let mut seen: BTreeSet<&str> = BTreeSet::from([start]);
            let mut cycle = None;
            while let Some((node, next)) = path.last_mut() {
                let Some(&(to, _)) = edges.get(node).and_then(|e| e.get(*next)) else {
                    path.pop();
                    continue;
                };
                *next += 1;
                if to == start {
                    cycle = Some(path.iter().map(|(n, i)| (*n, edges[n][i - 1].1)).collect::<Vec<_>>());
                    break;
                }
                if seen.insert(to) {
                    path.push((to, 0));
                }
            }
            let Some(cycle) = cycle else { continue };
            reported.extend(cycle.iter().map(|(n, _)| *n));
            let route: Vec<String> = cycle.iter().map(|(n, field)| format!("`{n}.{field}`")).collect();
            let Some((wire, entry)) = self.types.iter().find(|(_, e)| e.rust_name == start) else { continue };
            let (message, file, index) = (
                format!("`{wire}` contains itself ({} -> `{start}`)", route.join(" -> ")),
                entry.file.clone(),
                entry.index,
            );
            self.err(
                &file,
                format!("types[{index}].name"),
                message,
                "a struct can hold itself only through a list: make one of these fields a `list<...>`",
            );
        }
    }
}

/// Marks the structs that requests carry, directly or inside other structs:
/// callers build those (see [`ir::NamedType::sent`]).
pub(super) fn mark_sent(service_types: &mut [ir::NamedType], operations: &mut [ir::Operation]) {
    let mut fields_of: BTreeMap<String, Vec<TypeRef>> = BTreeMap::new();
    for t in service_types.iter().chain(operations.iter().flat_map(|o| o.types.iter())) {
        if let ir::TypeBody::Struct(fields) = &t.body {
            fields_of.insert(t.rust_name.clone(), fields.iter().map(|f| f.ty.clone()).collect());
        }
    }
    let mut sent: BTreeSet<String> = BTreeSet::new();
    let mut stack: Vec<TypeRef> = operations.iter().flat_map(|o| o.request.iter().map(|f| f.ty.clone())).collect();
    while let Some(ty) = stack.pop() {
        if let TypeRef::Named(n) = ty.innermost()
            && n.kind == NamedKind::Struct
            && sent.insert(n.rust_name.clone())
        {
            stack.extend(fields_of.get(&n.rust_name).into_iter().flatten().cloned());
        }
    }
    for t in service_types.iter_mut().chain(operations.iter_mut().flat_map(|o| o.types.iter_mut())) {
        t.sent = sent.contains(&t.rust_name);
    }
}
