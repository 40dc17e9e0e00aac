//! One operation's file: request, builder, response, error and named types.

use proc_macro2::TokenStream;
use quote::quote;

use super::support::{Written, debug_for, doc, header, ident, inner_doc, paragraphs, raw_string, render, rust_type};
use super::types::{data_field, named_type};
use crate::ir::{
    Counter, Field, FieldRef, HttpMethod, Literal, Location, NamedRef, NamedType, Operation, Per, Protocol, RuleKind,
    Service, Total, TypeBody, TypeRef, ValuePattern,
};
use crate::layout::{OPERATION_IMPORTS, TYPES_MODULE, operation_needs, shared_types, use_items};

/// The line naming the vendor action, HTTP method and API version.
pub fn call_line(service: &Service, op: &Operation) -> String {
    let method = op.method.as_str();
    match service.protocol {
        Protocol::TencentRpc => format!(
            "Tencent Cloud API 3.0 action `{}`, version `{}` (`{method} https://{}/`).",
            op.wire_name, service.api_version, service.host
        ),
        Protocol::VolcengineRpc => format!(
            "Volcengine action `{}`, version `{}` (`{method} https://{}/?Action={}&Version={}`).",
            op.wire_name, service.api_version, service.host, op.wire_name, service.api_version
        ),
        Protocol::HuaweiRest => {
            format!("Huawei Cloud `{}` (`{method} {}`), API version `{}`.", op.wire_name, op.path, service.api_version)
        }
    }
}

/// Documentation shared by the client method and the request type.
pub fn operation_doc(service: &Service, op: &Operation) -> Vec<String> {
    let mut facts = vec![call_line(service, op)];
    if let Some(limit) = &op.rate_limit {
        let per = match limit.per {
            Per::Second => "second",
            Per::Minute => "minute",
        };
        facts.push(format!(
            "Documented rate limit: {} requests per {per} ({}).",
            limit.requests,
            crate::docs::inline(&limit.text)
        ));
    }
    // The address is checked to be one a Markdown link takes as it is.
    let mut source = format!("Source: [{}]({})", crate::docs::inline(&op.source.title), op.source.page);
    if let Some(updated) = &op.source.updated {
        source.push_str(&format!(", last updated {updated}"));
    }
    if let Some(m) = &op.source.metadata {
        source.push_str(&format!("; drafted from `{}` (`{}`) on {}", m.package, m.file, m.date));
    }
    source.push('.');
    facts.push(source);
    // Pages often open the description with the summary; then the summary is not repeated.
    let opens_with_summary = op.doc.first().is_some_and(|l| l.starts_with(&op.summary));
    let mut parts = if opens_with_summary {
        vec![op.doc.clone(), bullet(facts)]
    } else {
        vec![vec![op.summary.clone()], op.doc.clone(), bullet(facts)]
    };
    if let Some(legacy) = &op.legacy {
        let mut lines = vec!["**Legacy API.** ".to_owned() + &crate::docs::inline(&legacy.text)];
        if let Some(date) = &legacy.maintenance_ends {
            lines.push(format!("Maintenance ends {date}."));
        }
        if let Some(date) = &legacy.docs_offline {
            lines.push(format!("Documentation offline from {date}."));
        }
        if let Some(replacement) = &legacy.replacement {
            lines.push(format!("Replaced by {}.", crate::docs::inline(replacement)));
        }
        if legacy.retired {
            lines.push("Retired by the vendor: the client's methods are deprecated.".to_owned());
        }
        parts.push(lines);
    }
    paragraphs(parts)
}

/// `#[deprecated]` on the client's methods of an operation the vendor has
/// retired, naming its replacement; nothing for any other.
pub(super) fn deprecated(op: &Operation) -> TokenStream {
    let Some(legacy) = op.legacy.as_ref().filter(|_| op.is_retired()) else { return quote!() };
    let note = match &legacy.replacement {
        Some(replacement) => format!("retired by the vendor; replaced by {replacement}"),
        None => "retired by the vendor".to_owned(),
    };
    quote!(#[deprecated(note = #note)])
}

fn bullet(lines: Vec<String>) -> Vec<String> {
    lines.into_iter().map(|l| format!("- {l}")).collect()
}

/// `src/<service>/<operation>.rs`.
pub fn operation_file(service: &Service, op: &Operation) -> String {
    let inner = inner_doc(&[format!("`{}`: {}", op.wire_name, op.summary)]);
    let request_fields: Vec<&Field> = op.request.iter().filter(|f| f.is_data()).collect();
    let has_body = request_fields.iter().any(|f| matches!(f.location, Location::Body | Location::Payload));
    // An RPC request other than a GET is a JSON object even when it has no parameters.
    let body_is_json = has_body || (service.protocol != Protocol::HuaweiRest && op.method != HttpMethod::GET);

    let service_types = shared_types(op);
    let validate = validate_fn(op, &request_fields);
    let imports = use_items(OPERATION_IMPORTS, service.protocol, operation_needs(op));
    let shared = service_types.iter().map(|n| ident(n));
    let types_module = ident(TYPES_MODULE);
    let shared_use =
        if service_types.is_empty() { quote!() } else { quote!(use super::#types_module::{#(#shared),*};) };
    let mut items = vec![quote! {
        #imports
        #shared_use
    }];
    items.push(request_struct(service, op, &request_fields, body_is_json));
    items.push(builder(op, &request_fields));
    items.push(operation_impl(service, op, &request_fields, body_is_json, validate));
    items.extend(paged_impl(op));
    items.push(response_struct(op));
    items.push(super::errors::operation_error(service, op));
    items.extend(op.types.iter().map(named_type));
    render(&header(&[&op.spec_file]), inner, items.into_iter().map(|i| (Written::Repeated, i)).collect())
}

/// The request type; `serialized` when it is sent as a JSON body (its other
/// parameters skipped there).
fn request_struct(service: &Service, op: &Operation, fields: &[&Field], serialized: bool) -> TokenStream {
    let name = ident(&op.request_type);
    let builder = ident(&op.builder_type);
    let lines = vec![
        format!("Request of [`Client::{}`](super::Client::{}): {}", op.module, op.module, op.summary),
        String::new(),
        format!("{} Build it with [`{}::builder`].", call_line(service, op), op.request_type),
    ];
    let docs = doc(&lines);
    let payload = fields.iter().any(|f| f.location == Location::Payload);
    let members = fields.iter().map(|f| {
        if f.location == Location::Body {
            data_field(f, true)
        } else {
            let docs = doc(&f.doc_lines());
            let name = ident(&f.rust_name);
            let ty = rust_type(&f.ty);
            let ty = if f.is_optional() { quote!(Option<#ty>) } else { ty };
            let skip = if serialized && f.location != Location::Payload { quote!(#[serde(skip)]) } else { quote!() };
            quote!(#docs #skip pub #name: #ty,)
        }
    });
    let debug_members: Vec<(&str, bool, bool)> =
        fields.iter().map(|f| (f.rust_name.as_str(), f.is_optional(), f.sensitive)).collect();
    let (debug, impl_debug) = debug_for(&op.request_type, &debug_members);
    let derive = if payload {
        // The other parameters are skipped: the payload is the body.
        quote!(#[derive(Clone, #debug PartialEq, Serialize)] #[serde(transparent)])
    } else if serialized {
        quote!(#[derive(Clone, #debug PartialEq, Serialize)])
    } else {
        quote!(#[derive(Clone, #debug PartialEq)])
    };
    quote! {
        #docs
        #derive
        #[non_exhaustive]
        pub struct #name {
            #(#members)*
        }

        #impl_debug

        impl #name {
            /// Starts building a request.
            pub fn builder() -> #builder {
                #builder::default()
            }
        }
    }
}

fn builder(op: &Operation, fields: &[&Field]) -> TokenStream {
    let doc_line = format!(" Builds a [`{}`]; `build` names any required field left unset.", op.request_type);
    struct_builder(&op.request_type, &op.builder_type, fields, &doc_line, Built::Request)
}

/// What a builder builds; its docs, attributes and methods follow from it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Built {
    /// A request, which callers build.
    Request,
    /// A response, in tests (feature `test-util`): it also sets the envelope's request id.
    TestResponse,
    /// A type only responses hold, in tests (feature `test-util`).
    TestValue,
}

impl Built {
    fn noun(self) -> &'static str {
        match self {
            Built::Request => "request",
            Built::TestResponse => "response",
            Built::TestValue => "value",
        }
    }

    /// On both of the builder's items.
    fn cfg(self) -> TokenStream {
        match self {
            Built::Request => quote!(),
            Built::TestResponse | Built::TestValue => quote!(#[cfg(feature = "test-util")]),
        }
    }

    /// `BuildError` as the builder's file can name it: a test builder may live
    /// in a file that does not import it (a service's `types.rs`).
    fn build_error(self) -> TokenStream {
        match self {
            Built::Request => quote!(BuildError),
            Built::TestResponse | Built::TestValue => quote!(crate::runtime::BuildError),
        }
    }
}

/// A builder of `target`: a setter per field (and `set_<field>` for an
/// optional one), and `build`, which names the first required field left unset.
/// `built` says what it builds (see [`Built`]).
pub(super) fn struct_builder(
    target: &str,
    builder: &str,
    fields: &[&Field],
    doc_line: &str,
    built: Built,
) -> TokenStream {
    let (what, cfg, build_error) = (built.noun(), built.cfg(), built.build_error());
    let name = ident(builder);
    let target_ident = ident(target);
    let members = fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        let ty = rust_type(&f.ty);
        quote!(#n: Option<#ty>,)
    });
    let setters = fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        let ty = rust_type(&f.ty);
        let mut lines = f.doc_lines();
        if !f.is_optional() {
            lines.push(String::new());
            lines.push("Required.".into());
        }
        let docs = doc(&lines);
        let set = if !f.is_optional() {
            quote!()
        } else {
            let set_name = ident(&crate::names::clear_setter(&f.rust_name));
            let set_doc = format!(" Sets or clears [`{target}::{}`].", crate::names::unraw(&f.rust_name));
            quote! {
                #[doc = #set_doc]
                pub fn #set_name(mut self, value: Option<#ty>) -> Self {
                    self.#n = value;
                    self
                }
            }
        };
        // A list takes any iterable (an array, a `Vec`, an iterator), of
        // anything that converts into `String` when it holds strings.
        let (arg, value) = match &f.ty {
            TypeRef::List(inner) if **inner == TypeRef::String => (
                quote!(impl IntoIterator<Item = impl Into<String>>),
                quote!(value.into_iter().map(Into::into).collect()),
            ),
            TypeRef::List(inner) => {
                let inner = rust_type(inner);
                (quote!(impl IntoIterator<Item = #inner>), quote!(value.into_iter().collect()))
            }
            _ => (quote!(impl Into<#ty>), quote!(value.into())),
        };
        quote! {
            #docs
            pub fn #n(mut self, value: #arg) -> Self {
                self.#n = Some(#value);
                self
            }
            #set
        }
    });
    let inits = fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        if f.is_optional() {
            quote!(#n: self.#n,)
        } else {
            let wire = &f.wire_name;
            let setter = crate::names::unraw(&f.rust_name);
            quote!(#n: self.#n.ok_or_else(|| #build_error::missing(#wire, #setter))?,)
        }
    });
    let build_doc = if fields.iter().any(|f| !f.is_optional()) {
        let first = format!(" Finishes the {what}.");
        quote!(
            #[doc = #first]
            ///
            /// # Errors
            ///
            /// A [`BuildError`](crate::runtime::BuildError) naming the first required field that was not set.
        )
    } else {
        let first = format!(" Finishes the {what}. It has no required fields, so this never fails.");
        quote!(
            #[doc = #first]
            ///
            /// # Errors
            ///
            /// None; the `Result` keeps every builder's signature alike.
        )
    };
    let request_id_doc = format!(" The request id the response reports with [`{target}::request_id`].");
    let request_id_setter_name = ident(crate::layout::REQUEST_ID_SETTER);
    let mut debug_members: Vec<(&str, bool, bool)> =
        fields.iter().map(|f| (f.rust_name.as_str(), true, f.sensitive)).collect();
    if built == Built::TestResponse {
        debug_members.push(("request_id", true, false));
    }
    let (debug, impl_debug) = debug_for(builder, &debug_members);
    let impl_debug = if impl_debug.is_empty() { impl_debug } else { quote!(#cfg #impl_debug) };
    let (request_id_member, request_id_setter, request_id_init) = if built == Built::TestResponse {
        (
            quote!(request_id: Option<String>,),
            quote! {
                #[doc = #request_id_doc]
                pub fn #request_id_setter_name(mut self, value: impl Into<String>) -> Self {
                    self.request_id = Some(value.into());
                    self
                }
            },
            quote!(_request_id: self.request_id,),
        )
    } else {
        (quote!(), quote!(), quote!())
    };
    quote! {
        #cfg
        #[doc = #doc_line]
        #[derive(Clone, #debug Default)]
        pub struct #name {
            #(#members)*
            #request_id_member
        }

        #impl_debug

        #cfg
        impl #name {
            #(#setters)*
            #request_id_setter

            #build_doc
            pub fn build(self) -> Result<#target_ident, #build_error> {
                Ok(#target_ident {
                    #(#inits)*
                    #request_id_init
                })
            }
        }
    }
}

/// The test builder (feature `test-util`) of a data struct callers do not
/// build by hand: a response, or a type only responses hold.
pub(super) fn test_builder(target: &str, fields: &[&Field], response: bool) -> TokenStream {
    let builder = crate::names::data_builder(target);
    let (target_ident, builder_ident) = (ident(target), ident(&builder));
    let doc_line = format!(
        " Builds a [`{target}`] for tests of code that reads one (feature `test-util`); `build` names any required field left unset."
    );
    let built = if response { Built::TestResponse } else { Built::TestValue };
    let cfg = built.cfg();
    let tokens = struct_builder(target, &builder, fields, &doc_line, built);
    let start_doc = format!(
        " Starts building a [`{target}`], for tests (feature `test-util`): outside them, values come from the service."
    );
    quote! {
        #cfg
        impl #target_ident {
            #[doc = #start_doc]
            pub fn builder() -> #builder_ident {
                #builder_ident::default()
            }
        }

        #tokens
    }
}

fn operation_impl(
    service: &Service,
    op: &Operation,
    fields: &[&Field],
    body_is_json: bool,
    validate: Option<TokenStream>,
) -> TokenStream {
    let request = ident(&op.request_type);
    let response = ident(&op.response_type);
    let error = ident(&op.error_type);
    let wire = &op.wire_name;
    let path = &op.path;
    let method = ident(match op.method {
        HttpMethod::GET => "Get",
        HttpMethod::POST => "Post",
        HttpMethod::PUT => "Put",
        HttpMethod::DELETE => "Delete",
    });
    let response_body = op.response.iter().any(Field::is_data);
    let output = output_shape(service, op);
    let documented = documented(op);
    let rate = match &op.rate_limit {
        Some(l) => {
            let requests = l.requests;
            let per: u32 = match l.per {
                Per::Second => 1,
                Per::Minute => 60,
            };
            let requests = proc_macro2::Literal::u32_unsuffixed(requests);
            let per = proc_macro2::Literal::u32_unsuffixed(per);
            quote!(Some(RateLimit { requests: #requests, per_seconds: #per }))
        }
        None => quote!(None),
    };
    // As the vendors' SDKs write them: a float keeps its decimal point (`2.0`, not `2`).
    let to_param = |ty: &TypeRef| match ty {
        TypeRef::String => quote!(value.clone()),
        TypeRef::F32 | TypeRef::F64 => quote!(format!("{value:?}")),
        _ => quote!(value.to_string()),
    };
    // A list in the query: a pair per element, or one value joined by commas.
    let push = |f: &Field, list: &proc_macro2::Ident| {
        let wire = &f.wire_name;
        match &f.ty {
            TypeRef::List(inner) if f.explode => {
                let element = to_param(inner);
                quote!(for value in value { #list.push((#wire, #element)); })
            }
            TypeRef::List(inner) if **inner == TypeRef::String => quote!(#list.push((#wire, value.join(",")));),
            TypeRef::List(inner) => {
                let element = to_param(inner);
                quote!(#list.push((#wire, value.iter().map(|value| #element).collect::<Vec<_>>().join(",")));)
            }
            ty => {
                let value = to_param(ty);
                quote!(#list.push((#wire, #value));)
            }
        }
    };
    let mut pushes = Vec::new();
    let mut lists = Vec::new();
    for (location, list) in [(Location::Path, "path_params"), (Location::Query, "query"), (Location::Header, "headers")]
    {
        let located: Vec<&&Field> = fields.iter().filter(|f| f.location == location).collect();
        if located.is_empty() {
            continue;
        }
        let list_ident = ident(list);
        lists.push(list_ident.clone());
        pushes.push(quote!(let mut #list_ident = Vec::new();));
        for f in located {
            let n = ident(&f.rust_name);
            let push = push(f, &list_ident);
            pushes.push(if f.is_optional() {
                quote!(if let Some(value) = &self.#n { #push })
            } else {
                quote!({ let value = &self.#n; #push })
            });
        }
    }
    let body = if body_is_json {
        quote!(body: Some(serde_json::to_vec(self).map_err(|e| InvalidInput::new("body", e.to_string()))?),)
    } else {
        quote!()
    };
    let rest = if lists.len() == 3 && body_is_json { quote!() } else { quote!(..RequestParts::default()) };
    quote! {
        impl Operation for #request {
            type Output = #response;
            type Error = #error;
            const META: OperationMeta = OperationMeta {
                name: #wire,
                method: Method::#method,
                path: #path,
                rate_limit: #rate,
                response_body: #response_body,
                output: #output,
            };

            #documented

            #validate

            fn to_parts(&self) -> Result<RequestParts, InvalidInput> {
                #(#pushes)*
                Ok(RequestParts {
                    #(#lists,)*
                    #body
                    #rest
                })
            }
        }
    }
}

/// The operation's documented answers for the mock transport of the `test-util` feature, verbatim; nothing when the
/// spec records none (the trait's default is empty).
fn documented(op: &Operation) -> TokenStream {
    if op.examples.is_empty() {
        return quote!();
    }
    let examples = op.examples.iter().map(|ex| {
        let (name, status, body) =
            (&ex.title, proc_macro2::Literal::u16_unsuffixed(ex.status), raw_string(&ex.response_text));
        quote!(crate::runtime::mock::Documented { name: #name, status: #status, body: #body })
    });
    quote! {
        #[cfg(feature = "test-util")]
        const DOCUMENTED: &'static [crate::runtime::mock::Documented] = &[#(#examples),*];
    }
}

/// The operation's `OutputShape`: how many levels of objects and lists its output's data can nest (the output's own
/// object included; `usize::MAX` when its types are recursive), and the size of the largest list element anywhere in
/// it, as a `const` expression of `size_of`s that the compiler evaluates.
fn output_shape(service: &Service, op: &Operation) -> TokenStream {
    let mut shape = Shape { service, open: Vec::new(), elements: Vec::new() };
    let data: Vec<&Field> = op.response.iter().filter(|f| f.is_data()).collect();
    // Recursive types, maps and any JSON: no shape bounds the answer, which the accounting always decodes.
    let Some(depth) = shape.fields(&data) else {
        return quote!(OutputShape::UNBOUNDED);
    };
    let depth = proc_macro2::Literal::usize_unsuffixed(depth + 1);
    let sizes: Vec<TokenStream> = shape
        .elements
        .iter()
        .map(|ty| match ty {
            // Named types are re-exported by the service module, wherever they are declared.
            TypeRef::Named(NamedRef { rust_name, .. }) => {
                let name = ident(rust_name);
                quote!(size_of::<super::#name>())
            }
            TypeRef::List(_) => quote!(size_of::<Vec<u8>>()),
            scalar => {
                let ty = rust_type(scalar);
                quote!(size_of::<#ty>())
            }
        })
        .collect();
    let largest = match sizes.as_slice() {
        [] => quote!(0),
        [one] => one.clone(),
        many => quote!(OutputShape::largest(&[#(#many),*])),
    };
    quote!(OutputShape { depth: #depth, largest_element: #largest })
}

/// Walks an output's types for [`output_shape`].
struct Shape<'a> {
    service: &'a Service,
    /// The structs being walked, to tell a recursive type.
    open: Vec<&'a NamedRef>,
    /// Every list element type met, once each.
    elements: Vec<&'a TypeRef>,
}

impl<'a> Shape<'a> {
    /// The levels below an object with `fields`; `None` when they reach a struct being walked.
    fn fields(&mut self, fields: &[&'a Field]) -> Option<usize> {
        fields.iter().try_fold(0, |deepest, f| Some(deepest.max(self.ty(&f.ty)?)))
    }

    /// The levels of objects and lists a value of `ty` takes.
    fn ty(&mut self, ty: &'a TypeRef) -> Option<usize> {
        match ty {
            TypeRef::List(inner) => {
                if !self.elements.contains(&&**inner) {
                    self.elements.push(inner);
                }
                Some(1 + self.ty(inner)?)
            }
            TypeRef::Named(named) => match self.named(named).map(|t| &t.body) {
                Some(TypeBody::Struct(fields)) => {
                    if self.open.contains(&named) {
                        return None;
                    }
                    self.open.push(named);
                    let fields: Vec<&Field> = fields.iter().collect();
                    let below = self.fields(&fields);
                    self.open.pop();
                    Some(1 + below?)
                }
                Some(TypeBody::Enum(..)) => Some(0),
                // Validation resolved every name; were one missing, nothing would be promised.
                None => None,
            },
            // Any JSON nests as deep as it likes, and a map's entries are charged by key and value: the
            // accounting decodes these answers, whatever their length.
            TypeRef::Json | TypeRef::Map(_) => None,
            _ => Some(0),
        }
    }

    fn named(&self, named: &NamedRef) -> Option<&'a NamedType> {
        let types = match &named.operation_module {
            None => &self.service.types,
            Some(module) => &self.service.operations.iter().find(|o| &o.module == module)?.types,
        };
        types.iter().find(|t| t.rust_name == named.rust_name)
    }
}

/// The `validate` method of an operation: documented ranges, time formats and
/// rules, checked before sending; `None` when there is nothing to check.
fn validate_fn(op: &Operation, fields: &[&Field]) -> Option<TokenStream> {
    let mut checks: Vec<TokenStream> = fields.iter().filter_map(|f| range_check(f)).collect();
    for f in fields {
        let Some((max, unit)) = f.constraints.max_length() else { continue };
        let (n, wire) = (ident(&f.rust_name), &f.wire_name);
        let check = ident(unit.key());
        let max = proc_macro2::Literal::usize_unsuffixed(max as usize);
        checks.push(if f.is_optional() {
            quote! {
                if let Some(value) = &self.#n {
                    rules::#check(#wire, value, #max)?;
                }
            }
        } else {
            quote!(rules::#check(#wire, &self.#n, #max)?;)
        });
    }
    for f in fields {
        let Some(format) = f.time_format else { continue };
        let value = field_value(&FieldRef {
            wire_name: f.wire_name.clone(),
            rust_name: f.rust_name.clone(),
            optional: f.is_optional(),
            time_format: None,
        });
        let wire = &f.wire_name;
        let format = ident(format.variant());
        checks.push(quote! {
            if let Some(value) = #value {
                rules::time(#wire, value, TimeFormat::#format)?;
            }
        });
    }
    let mut uses_now = false;
    for rule in &op.rules {
        let documented = &rule.doc;
        checks.push(match &rule.kind {
            RuleKind::Requires { field, requires } => {
                let (a, b) = (&field.wire_name, &requires.wire_name);
                let (a_set, b_set) = (is_set(field), is_set(requires));
                quote!(rules::requires((#a, #a_set), (#b, #b_set), #documented)?;)
            }
            RuleKind::Together { fields } => {
                let pairs = fields.iter().map(|f| {
                    let (wire, set) = (&f.wire_name, is_set(f));
                    quote!((#wire, #set))
                });
                quote!(rules::together(&[#(#pairs),*], #documented)?;)
            }
            RuleKind::ExcludesValues { field, values, when_field, when_value } => {
                let when = value_matches(when_field, std::slice::from_ref(when_value));
                let refused = value_matches(field, values);
                let listed: Vec<String> = values.iter().map(pattern_text).collect();
                let message = format!(
                    "must not be {} while `{}` is {}: {documented}",
                    listed.join(" or "),
                    when_field.wire_name,
                    pattern_text(when_value)
                );
                let wire = &field.wire_name;
                quote! {
                    if #when && #refused {
                        return Err(InvalidInput::new(#wire, #message));
                    }
                }
            }
            RuleKind::MaxSpan { start, end, .. } | RuleKind::EndAfterStart { start, end } => {
                // Both compare the instants of two time fields, when both are given.
                let (check, days) = match &rule.kind {
                    RuleKind::MaxSpan { days, .. } => {
                        let days = proc_macro2::Literal::u32_unsuffixed(*days);
                        (ident("max_span"), quote!(#days,))
                    }
                    _ => (ident("end_after_start"), quote!()),
                };
                let (start_value, end_value) = (field_value(start), field_value(end));
                let (start_time, end_time) = (parse_time(start, quote!(start)), parse_time(end, quote!(end)));
                let (start_wire, end_wire) = (&start.wire_name, &end.wire_name);
                quote! {
                    if let (Some(start), Some(end)) = (#start_value, #end_value) {
                        rules::#check((#start_wire, #start_time), (#end_wire, #end_time), #days #documented)?;
                    }
                }
            }
            RuleKind::WithinLast { field, days } | RuleKind::WithinNext { field, days } => {
                uses_now = true;
                let check = ident(match &rule.kind {
                    RuleKind::WithinLast { .. } => "within_last",
                    _ => "within_next",
                });
                let days = proc_macro2::Literal::u32_unsuffixed(*days);
                let value = field_value(field);
                let time = parse_time(field, quote!(value));
                let wire = &field.wire_name;
                quote! {
                    if let Some(value) = #value {
                        rules::#check(#wire, #time, #days, now, #documented)?;
                    }
                }
            }
        });
    }
    if checks.is_empty() {
        return None;
    }
    let now = if uses_now { quote!(now) } else { quote!(_now) };
    Some(quote! {
        fn validate(&self, #now: u64) -> Result<(), InvalidInput> {
            #(#checks)*
            Ok(())
        }
    })
}

/// `Option<&T>` of a request member.
fn field_value(f: &FieldRef) -> TokenStream {
    let n = ident(&f.rust_name);
    if f.optional { quote!(self.#n.as_ref()) } else { quote!(Some(&self.#n)) }
}

/// Whether a request member is given.
fn is_set(f: &FieldRef) -> TokenStream {
    let n = ident(&f.rust_name);
    if f.optional { quote!(self.#n.is_some()) } else { quote!(true) }
}

/// The instant of a time-formatted member bound to `value`, or the first error.
fn parse_time(f: &FieldRef, value: TokenStream) -> TokenStream {
    let wire = &f.wire_name;
    let format = ident(f.time_format.map_or("IsoUtc", |t| t.variant()));
    quote!(rules::time(#wire, #value, TimeFormat::#format)?)
}

/// Whether member `f` holds one of `values`.
fn value_matches(f: &FieldRef, values: &[ValuePattern]) -> TokenStream {
    let n = ident(&f.rust_name);
    let alternatives = values.iter().map(|v| match v {
        ValuePattern::Variant { type_name, variant, .. } => {
            let (t, v) = (ident(type_name), ident(variant));
            quote!(#t::#v)
        }
        ValuePattern::Literal(Literal::String(s)) => quote!(#s),
        ValuePattern::Literal(Literal::Integer(i)) => {
            let abs = proc_macro2::Literal::u64_unsuffixed(i.unsigned_abs());
            if *i < 0 { quote!(-#abs) } else { quote!(#abs) }
        }
    });
    let is_str = values.iter().any(|v| matches!(v, ValuePattern::Literal(Literal::String(_))));
    match (f.optional, is_str) {
        (true, true) => quote!(matches!(self.#n.as_deref(), Some(#(#alternatives)|*))),
        (true, false) => quote!(matches!(self.#n, Some(#(#alternatives)|*))),
        (false, true) => quote!(matches!(self.#n.as_str(), #(#alternatives)|*)),
        (false, false) => quote!(matches!(self.#n, #(#alternatives)|*)),
    }
}

/// A rule value as the documentation writes it (the wire value).
fn pattern_text(v: &ValuePattern) -> String {
    match v {
        ValuePattern::Variant { value: Literal::String(s), .. } | ValuePattern::Literal(Literal::String(s)) => {
            format!("`{s}`")
        }
        ValuePattern::Variant { value: Literal::Integer(i), .. } | ValuePattern::Literal(Literal::Integer(i)) => {
            format!("`{i}`")
        }
    }
}

/// `impl Paged` for an operation whose spec declares paging.
fn paged_impl(op: &Operation) -> Option<TokenStream> {
    let paging = op.paging.as_ref()?;
    let request = ident(&op.request_type);
    let item = rust_type(&paging.item_type);
    let start = ident(&paging.start.field.rust_name);
    let size = ident(&paging.page_size.field.rust_name);
    let items = ident(&paging.items.rust_name);
    let kind = ident(paging.start_kind.variant());
    let first = proc_macro2::Literal::u64_unsuffixed(paging.start_kind.first());
    // The start: an unset optional one is the first page (or offset 0).
    let position = match (paging.start.field.optional, paging.start.rust_type) {
        (false, _) => to_u64(&paging.start, quote!(self.#start)),
        (true, "u64") => quote!(self.#start.unwrap_or(#first)),
        (true, "u32") => quote!(self.#start.map_or(#first, u64::from)),
        (true, _) => {
            let value = to_u64(&paging.start, quote!(start));
            quote!(self.#start.map_or(#first, |start| #value))
        }
    };
    let value = from_u64(&paging.start, quote!(position));
    let set_start = if paging.start.field.optional {
        quote!(request.#start = Some(#value);)
    } else {
        quote!(request.#start = #value;)
    };
    let set_size = match paging.default_page_size {
        Some(max) if paging.page_size.field.optional => {
            let max = proc_macro2::Literal::i64_unsuffixed(max);
            quote!(request.#size = request.#size.or(Some(#max));)
        }
        _ => quote!(),
    };
    let page_size = optional_u64(&paging.page_size, quote!(self.#size), None);
    // The service reports no total: the output is not read.
    let output = ident(if paging.total.is_some() { "output" } else { "_output" });
    let total = match &paging.total {
        None => quote!(None),
        Some((counter, kind)) => {
            let name = ident(&counter.field.rust_name);
            let variant = match kind {
                Total::Pages => quote!(PageTotal::Pages),
                Total::Items => quote!(PageTotal::Items),
            };
            // Down through the structs holding the counter: an absent one means no total.
            let mut place = quote!(output);
            let mut steps = Vec::new();
            for f in &counter.via {
                let step = ident(&f.rust_name);
                steps.push(if f.optional {
                    quote!(let #step = #place.#step.as_ref()?;)
                } else {
                    quote!(let #step = &#place.#step;)
                });
                place = quote!(#step);
            }
            let value = optional_u64(counter, quote!(#place.#name), Some(variant));
            quote!(#(#steps)* #value)
        }
    };
    let (count, into) = if paging.items.optional {
        (quote!(output.#items.as_deref().unwrap_or_default()), quote!(output.#items.unwrap_or_default()))
    } else {
        (quote!(&output.#items), quote!(output.#items))
    };
    Some(quote! {
        impl Paged for #request {
            type Item = #item;

            const START: PageStart = PageStart::#kind;

            fn position(&self) -> u64 {
                #position
            }

            fn at(&self, position: u64) -> Self {
                let mut request = self.clone();
                #set_start
                #set_size
                request
            }

            fn page_size(&self) -> Option<u64> {
                #page_size
            }

            fn total(#output: &Self::Output) -> Option<PageTotal> {
                #total
            }

            fn items(output: &Self::Output) -> &[Self::Item] {
                #count
            }

            fn into_items(output: Self::Output) -> Vec<Self::Item> {
                #into
            }
        }
    })
}

/// The counter at `place` (an `Option` when the field is optional) as an
/// `Option<u64>`, passed through the constructor `wrap` when one is given.
fn optional_u64(counter: &Counter, place: TokenStream, wrap: Option<TokenStream>) -> TokenStream {
    let wrapped = |value: TokenStream| match &wrap {
        Some(f) => quote!(#f(#value)),
        None => value,
    };
    if !counter.field.optional {
        let value = wrapped(to_u64(counter, place));
        return quote!(Some(#value));
    }
    match (counter.rust_type, &wrap) {
        ("u64", None) => place,
        ("u64", Some(f)) => quote!(#place.map(#f)),
        ("u32", None) => quote!(#place.map(u64::from)),
        _ => {
            let value = wrapped(to_u64(counter, quote!(v)));
            quote!(#place.map(|v| #value))
        }
    }
}

/// `value`, a counter's integer, as a `u64` (a negative one as 0).
fn to_u64(counter: &Counter, value: TokenStream) -> TokenStream {
    match counter.rust_type {
        "u64" => value,
        "u32" => quote!(u64::from(#value)),
        _ => quote!(u64::try_from(#value).unwrap_or(0)),
    }
}

/// `value`, a `u64`, as the counter's integer (saturating at its maximum).
fn from_u64(counter: &Counter, value: TokenStream) -> TokenStream {
    let ty = ident(counter.rust_type);
    match counter.rust_type {
        "u64" => value,
        _ => quote!(#ty::try_from(#value).unwrap_or(#ty::MAX)),
    }
}

/// A documented `min`/`max` checked before sending.
fn range_check(f: &Field) -> Option<TokenStream> {
    let (min, max) = (f.constraints.min, f.constraints.max);
    if min.is_none() && max.is_none() {
        return None;
    }
    let n = ident(&f.rust_name);
    let wire = &f.wire_name;
    let lit = |n: i64| -> TokenStream {
        let abs = proc_macro2::Literal::u64_unsuffixed(n.unsigned_abs());
        if n < 0 { quote!(-#abs) } else { quote!(#abs) }
    };
    let (cond, rule) = match (min, max) {
        (Some(lo), Some(hi)) => {
            let (l, h) = (lit(lo), lit(hi));
            (quote!(!(#l..=#h).contains(value)), format!("must be between {lo} and {hi}"))
        }
        (Some(lo), None) => {
            let l = lit(lo);
            (quote!(*value < #l), format!("must be at least {lo}"))
        }
        (None, Some(hi)) => {
            let h = lit(hi);
            (quote!(*value > #h), format!("must be at most {hi}"))
        }
        (None, None) => return None,
    };
    let message = format!("{rule} (got {{value}})");
    let fail = quote! {
        if #cond {
            return Err(InvalidInput::new(#wire, format!(#message)));
        }
    };
    Some(if f.is_optional() {
        quote!(if let Some(value) = &self.#n { #fail })
    } else {
        quote!({ let value = &self.#n; #fail })
    })
}

fn response_struct(op: &Operation) -> TokenStream {
    let name = ident(&op.response_type);
    let mut lines = vec![format!("Response of [`Client::{}`](super::Client::{}).", op.module, op.module)];
    for f in op.response.iter().filter(|f| f.envelope.is_some()) {
        lines.push(String::new());
        lines.push(format!(
            "`{}` is read from the protocol envelope; get it with [`Self::request_id`]: {}",
            f.wire_name,
            f.doc.join(" ")
        ));
    }
    let docs = doc(&lines);
    let members = op.response.iter().filter(|f| f.is_data()).map(|f| data_field(f, true));
    let data: Vec<&Field> = op.response.iter().filter(|f| f.is_data()).collect();
    let builder = test_builder(&op.response_type, &data, true);
    let mut debug_members: Vec<(&str, bool, bool)> =
        data.iter().map(|f| (f.rust_name.as_str(), f.is_optional(), f.sensitive)).collect();
    debug_members.push(("_request_id", true, false));
    let (debug, impl_debug) = debug_for(&op.response_type, &debug_members);
    let decode = super::types::object_impl(&op.response_type, &data, Some(quote!(_request_id: None)));
    quote! {
        #docs
        #[derive(Clone, #debug PartialEq, Serialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#members)*
            #[serde(skip)]
            _request_id: Option<String>,
        }

        #impl_debug

        #decode

        impl #name {
            /// The request id the service assigned to this call; quote it to support.
            pub fn request_id(&self) -> Option<&str> {
                self._request_id.as_deref()
            }
        }

        impl Output for #name {
            fn request_id(&self) -> Option<&str> {
                self._request_id.as_deref()
            }

            fn set_request_id(&mut self, request_id: Option<String>) {
                self._request_id = request_id;
            }
        }

        #builder
    }
}
