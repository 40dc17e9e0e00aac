//! One operation's file: request, builder, response, error and named types.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::support::{doc, header, ident, inner_doc, paragraphs, render, rust_type};
use super::types::{data_field, named_type};
use crate::ir::{Field, HttpMethod, Location, Operation, Per, Protocol, Service, TypeBody, TypeRef};

/// The line naming the vendor action, HTTP method and API version.
pub fn call_line(service: &Service, op: &Operation) -> String {
    let method = method_str(op.method);
    match service.protocol {
        Protocol::TencentRpc => format!(
            "Tencent Cloud API 3.0 action `{}`, version `{}` (`{method} https://{}/`).",
            op.wire_name, service.api_version, service.host
        ),
        Protocol::VolcengineRpc => format!(
            "Volcengine action `{}`, version `{}` (`{method} https://{}/?Action={}&Version={}`).",
            op.wire_name, service.api_version, service.host, op.wire_name, service.api_version
        ),
        Protocol::HuaweiRest => format!(
            "Huawei Cloud `{}` (`{method} {}`), API version `{}`.",
            op.wire_name, op.path, service.api_version
        ),
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
        facts.push(format!("Documented rate limit: {} requests per {per} ({}).", limit.requests, crate::docs::inline(&limit.text)));
    }
    let mut source = format!("Source: {}, `{}`", crate::docs::inline(&op.source.title), op.source.page);
    if let Some(updated) = &op.source.updated {
        source.push_str(&format!(", last updated {updated}"));
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
        parts.push(lines);
    }
    paragraphs(parts)
}

fn bullet(lines: Vec<String>) -> Vec<String> {
    lines.into_iter().map(|l| format!("- {l}")).collect()
}

fn method_str(m: HttpMethod) -> &'static str {
    match m {
        HttpMethod::GET => "GET",
        HttpMethod::POST => "POST",
        HttpMethod::PUT => "PUT",
        HttpMethod::DELETE => "DELETE",
    }
}

/// Named types a field list mentions, for `use` lists.
fn collect_named(fields: &[Field], service_types: &mut BTreeSet<String>) {
    for f in fields {
        let mut t = &f.ty;
        while let TypeRef::List(inner) = t {
            t = inner;
        }
        if let TypeRef::Named(n) = t {
            if n.operation_module.is_none() {
                service_types.insert(n.rust_name.clone());
            }
        }
    }
}

/// `src/<service>/<operation>.rs`.
pub fn operation_file(service: &Service, op: &Operation) -> String {
    let inner = inner_doc(&[format!("`{}`: {}", op.wire_name, op.summary)]);
    let request_fields: Vec<&Field> = op.request.iter().filter(|f| f.is_data()).collect();
    let has_body = request_fields.iter().any(|f| f.location == Location::Body);
    let body_is_json = has_body || service.protocol != Protocol::HuaweiRest;

    let mut service_types = BTreeSet::new();
    collect_named(&op.request, &mut service_types);
    collect_named(&op.response, &mut service_types);
    for t in &op.types {
        if let TypeBody::Struct(fields) = &t.body {
            collect_named(fields, &mut service_types);
        }
    }
    let local_enums = op.types.iter().any(|t| matches!(t.body, TypeBody::Enum(..)));
    let serde_items = if local_enums { quote!(Deserialize, Deserializer, Serialize, Serializer) } else { quote!(Deserialize, Serialize) };
    let mut runtime_names = vec!["BuildError", "ErrorMeta", "InvalidInput", "Method", "Operation", "OperationMeta", "Output", "RequestParts", "ServiceError", "Unhandled"];
    if op.rate_limit.is_some() {
        runtime_names.push("RateLimit");
    }
    if local_enums {
        runtime_names.push("UnknownValue");
    }
    runtime_names.sort_unstable();
    let runtime_items = runtime_names.iter().map(|n| ident(n));
    let shared = service_types.iter().map(|n| ident(n));
    let shared_use = if service_types.is_empty() { quote!() } else { quote!(use super::types::{#(#shared),*};) };
    let mut items = vec![quote! {
        use std::fmt;
        use serde::{#serde_items};
        use crate::runtime::{#(#runtime_items),*};
        #shared_use
    }];
    items.push(request_struct(service, op, &request_fields, has_body));
    items.push(builder(op, &request_fields));
    items.push(operation_impl(op, &request_fields, body_is_json));
    items.push(response_struct(op));
    items.push(super::errors::operation_error(service, op));
    items.extend(op.types.iter().map(named_type));
    render(&header(&[&op.spec_file]), inner, items)
}

fn request_struct(service: &Service, op: &Operation, fields: &[&Field], has_body: bool) -> TokenStream {
    let name = ident(&op.request_type);
    let builder = ident(&op.builder_type);
    let lines = vec![
        format!("Request of [`Client::{}`](super::Client::{}): {}", op.module, op.module, op.summary),
        String::new(),
        format!("{} Build it with [`{}::builder`].", call_line(service, op), op.request_type),
    ];
    let docs = doc(&lines);
    let members = fields.iter().map(|f| {
        if f.location == Location::Body {
            data_field(f, true)
        } else {
            let docs = doc(&f.doc);
            let name = ident(&f.rust_name);
            let ty = rust_type(&f.ty);
            let ty = if f.is_optional() { quote!(Option<#ty>) } else { ty };
            let skip = if has_body { quote!(#[serde(skip)]) } else { quote!() };
            quote!(#docs #skip pub #name: #ty,)
        }
    });
    let derive = if has_body || service.protocol != Protocol::HuaweiRest {
        quote!(#[derive(Clone, Debug, PartialEq, Serialize)])
    } else {
        quote!(#[derive(Clone, Debug, PartialEq)])
    };
    quote! {
        #docs
        #derive
        #[non_exhaustive]
        pub struct #name {
            #(#members)*
        }

        impl #name {
            /// Starts building a request.
            pub fn builder() -> #builder {
                #builder::default()
            }
        }
    }
}

fn builder(op: &Operation, fields: &[&Field]) -> TokenStream {
    let name = ident(&op.builder_type);
    let request = ident(&op.request_type);
    let doc_line = format!(" Builds a [`{}`]; `build` names any required field left unset.", op.request_type);
    let members = fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        let ty = rust_type(&f.ty);
        quote!(#n: Option<#ty>,)
    });
    let setters = fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        let ty = rust_type(&f.ty);
        let mut lines = f.doc.clone();
        if f.required {
            lines.push(String::new());
            lines.push("Required.".into());
        }
        let docs = doc(&lines);
        let set = if f.required {
            quote!()
        } else {
            let set_name = ident(&format!("set_{}", crate::names::unraw(&f.rust_name)));
            let set_doc = format!(" Sets or clears [`{}::{}`].", op.request_type, crate::names::unraw(&f.rust_name));
            quote! {
                #[doc = #set_doc]
                pub fn #set_name(mut self, value: Option<#ty>) -> Self {
                    self.#n = value;
                    self
                }
            }
        };
        quote! {
            #docs
            pub fn #n(mut self, value: impl Into<#ty>) -> Self {
                self.#n = Some(value.into());
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
            quote!(#n: self.#n.ok_or_else(|| BuildError::missing(#wire, #setter))?,)
        }
    });
    let build_doc = if fields.iter().any(|f| !f.is_optional()) {
        quote!(
            /// Finishes the request.
            ///
            /// # Errors
            ///
            /// A [`BuildError`] naming the first required field that was not set.
        )
    } else {
        quote!(
            /// Finishes the request. It has no required fields, so this never fails.
            ///
            /// # Errors
            ///
            /// None; the `Result` keeps every builder's signature alike.
        )
    };
    quote! {
        #[doc = #doc_line]
        #[derive(Clone, Debug, Default)]
        pub struct #name {
            #(#members)*
        }

        impl #name {
            #(#setters)*

            #build_doc
            pub fn build(self) -> Result<#request, BuildError> {
                Ok(#request {
                    #(#inits)*
                })
            }
        }
    }
}

fn operation_impl(op: &Operation, fields: &[&Field], body_is_json: bool) -> TokenStream {
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
    let checks = fields.iter().filter_map(|f| range_check(f));
    let to_param = |f: &Field| {
        if f.ty == TypeRef::String { quote!(value.clone()) } else { quote!(value.to_string()) }
    };
    let mut pushes = Vec::new();
    let mut lists = Vec::new();
    for (location, list) in [(Location::Path, "path_params"), (Location::Query, "query"), (Location::Header, "headers")] {
        let located: Vec<&&Field> = fields.iter().filter(|f| f.location == location).collect();
        if located.is_empty() {
            continue;
        }
        let list_ident = ident(list);
        lists.push(list_ident.clone());
        pushes.push(quote!(let mut #list_ident = Vec::new();));
        for f in located {
            let n = ident(&f.rust_name);
            let wire = &f.wire_name;
            let value = to_param(f);
            pushes.push(if f.is_optional() {
                quote!(if let Some(value) = &self.#n { #list_ident.push((#wire, #value)); })
            } else {
                quote!({ let value = &self.#n; #list_ident.push((#wire, #value)); })
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
            };

            fn to_parts(&self) -> Result<RequestParts, InvalidInput> {
                #(#checks)*
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
        lines.push(format!("`{}` is read from the protocol envelope; get it with [`Self::request_id`]: {}", f.wire_name, f.doc.join(" ")));
    }
    let docs = doc(&lines);
    let members = op.response.iter().filter(|f| f.is_data()).map(|f| data_field(f, true));
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#members)*
            #[serde(skip)]
            _request_id: Option<String>,
        }

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
    }
}
