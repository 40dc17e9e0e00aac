//! `tests/spec_examples.rs`: every documented example, through the generated types.
//!
//! Requests are built with the typed builders from the example's parameters and
//! must serialise to exactly those parameters; responses are decoded by the
//! runtime's own decoder and must serialise back to the documented JSON.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::support::{Written, allow_deprecated, arg_tokens, arg_types, header, ident, inner_doc, raw_string, render};
use crate::ir::{Crate, DocumentedError, Example, ExampleParam, Location, Operation, Protocol, Service, Vendor};
use crate::layout::{TESTS_IMPORTS, When, tests_needs, use_items};

/// The key a request's whole body (`in: payload`) takes among its parameters
/// when it is not an object: no wire name can be it.
const WHOLE_BODY: &str = "(the whole body)";

pub fn examples_file(krate: &Crate) -> String {
    let mut sources: Vec<&str> =
        krate.services.iter().flat_map(|s| s.operations.iter().map(|o| o.spec_file.as_str())).collect();
    sources.sort();
    let inner = inner_doc(&[
        "The documented examples of every spec, round-tripped through the generated types.".to_owned(),
        String::new(),
        "Each request example is built with the typed builder and must serialise to the page's parameters; each response example is decoded by the runtime's decoder and must serialise back to the page's JSON.".to_owned(),
    ]);
    let needs = tests_needs(krate);
    let (has_requests, has_responses) = (needs(When::RequestExamples), needs(When::ResponseExamples));
    let mut items = Vec::new();
    if needs(When::Always) {
        // The protocol does not matter: the tests file's imports name no vendor.
        items.push(use_items(TESTS_IMPORTS, Protocol::TencentRpc, tests_needs(krate)));
    }
    if has_requests {
        items.push(quote! {
            /// Where [`params_of`] puts a body that is not an object of named members.
            const WHOLE_BODY: &str = #WHOLE_BODY;

            /// Every parameter of a request by wire name: path, query and header values as
            /// strings (a name the query repeats, as an array of them), body fields as JSON.
            fn params_of(parts: &RequestParts) -> Value {
                let mut all = Map::new();
                for (name, value) in parts.path_params.iter().chain(&parts.query).chain(&parts.headers) {
                    let value = Value::String(value.clone());
                    match all.get_mut(*name) {
                        Some(Value::Array(values)) => values.push(value),
                        Some(first) => *first = Value::Array(vec![first.take(), value]),
                        None => {
                            all.insert((*name).to_owned(), value);
                        }
                    }
                }
                if let Some(body) = &parts.body {
                    match serde_json::from_slice(body).expect("the body is JSON") {
                        Value::Object(members) => all.extend(members),
                        whole => {
                            all.insert(WHOLE_BODY.to_owned(), whole);
                        }
                    }
                }
                Value::Object(all)
            }
        });
    }
    if has_responses {
        items.push(quote! {
            fn answer(status: u16, body: &str) -> HttpResponse {
                HttpResponse {
                    status,
                    headers: vec![("x-request-id".to_owned(), "documented-example".to_owned())],
                    body: body.as_bytes().to_vec(),
                }
            }
        });
    }
    if needs(When::DataExamples) {
        items.push(quote! {
            /// A JSON value as the generated types give it back: a null member is
            /// the same to them as an absent one, and `1.0` as `1`.
            fn normalized(value: &Value) -> Value {
                match value {
                    Value::Object(members) => Value::Object(
                        members.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), normalized(v))).collect(),
                    ),
                    Value::Array(items) => Value::Array(items.iter().map(normalized).collect()),
                    Value::Number(n) => match n.as_f64() {
                        Some(x) if n.is_f64() && x.fract() == 0.0 && x.abs() < 9.0e15 => Value::from(x as i64),
                        _ => value.clone(),
                    },
                    other => other.clone(),
                }
            }

            /// The JSON text the generated types write, read back: an `f32` is
            /// written as the shortest decimal that reads as it (`0.3`), which
            /// `serde_json::to_value` would widen (`0.30000001192092896`).
            fn encoded(value: &impl serde::Serialize) -> Value {
                serde_json::from_slice(&serde_json::to_vec(value).unwrap()).unwrap()
            }
        });
    }
    for s in &krate.services {
        if s.operations.iter().any(|o| o.examples.iter().any(|e| e.params.is_some())) {
            items.push(mock_client(s));
        }
        for op in &s.operations {
            if let Some(params) = op.examples.iter().find_map(|e| e.params.as_deref()) {
                items.push(protocol_test(s, op, params));
            }
            for (i, ex) in op.examples.iter().enumerate() {
                if let Some(params) = &ex.params {
                    items.push(request_test(s, op, i + 1, params));
                }
                items.push(response_test(s, op, i + 1, ex));
            }
        }
    }
    render(&header(&sources), inner, items.into_iter().map(|i| (Written::Once, i)).collect())
}

fn test_name(op: &Operation, n: usize, what: &str) -> proc_macro2::Ident {
    ident(&crate::names::example_test(&op.example_name, n, what))
}

fn json_literal(v: &Value) -> TokenStream {
    let text = serde_json::to_string(v).unwrap_or_default();
    raw_string(&text)
}

fn request_test(s: &Service, op: &Operation, n: usize, params: &[ExampleParam]) -> TokenStream {
    let name = test_name(op, n, "request");
    let module = ident(&s.module);
    let request = ident(&op.request_type);
    let mut imports = arg_types(params.iter().map(|p| &p.value));
    imports.push(&op.request_type);
    imports.sort_unstable();
    let imports = imports.into_iter().map(ident);
    let mut setters = Vec::new();
    let mut expected = serde_json::Map::new();
    for p in params {
        let (setter, arg) = (ident(&p.setter), arg_tokens(&p.value));
        setters.push(quote!(.#setter(#arg)));
        let text = |v: &Value| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let documented = match &p.documented {
            Value::Object(members) if p.location == Location::Payload => {
                expected.extend(members.clone());
                continue;
            }
            _ if p.location == Location::Payload => {
                expected.insert(WHOLE_BODY.to_owned(), p.documented.clone());
                continue;
            }
            _ if p.location == Location::Body => p.documented.clone(),
            // A list in the query: a pair per element, or one value joined by commas.
            Value::Array(items) if p.explode && items.len() != 1 => {
                Value::Array(items.iter().map(|v| Value::String(text(v))).collect())
            }
            Value::Array(items) if p.explode => Value::String(text(&items[0])),
            Value::Array(items) => Value::String(items.iter().map(text).collect::<Vec<_>>().join(",")),
            other => Value::String(text(other)),
        };
        expected.insert(p.wire_name.clone(), documented);
    }
    let expected = json_literal(&Value::Object(expected));
    quote! {
        #[test]
        fn #name() {
            use cloud_live::#module::{#(#imports),*};

            let request = #request::builder()
                #(#setters)*
                .build()
                .expect("the documented parameters include every required field");
            let parts = request.to_parts().expect("the documented parameters satisfy the documented rules");
            let documented: Value = serde_json::from_str(#expected).unwrap();
            assert_eq!(normalized(&params_of(&parts)), normalized(&documented));
        }
    }
}

fn response_test(s: &Service, op: &Operation, n: usize, ex: &Example) -> TokenStream {
    let name = test_name(op, n, "response");
    let module = ident(&s.module);
    let request = ident(&op.request_type);
    let runtime_mod = ident(match s.protocol {
        Protocol::TencentRpc => "tencent",
        Protocol::VolcengineRpc => "volcengine",
        Protocol::HuaweiRest => "huawei",
    });
    let body = raw_string(&ex.response_text);
    let status = ex.status;
    let parse = if ex.response_text.trim().is_empty() {
        // No body (204 No Content): no data.
        quote!(let documented = Value::Object(serde_json::Map::new());)
    } else {
        quote!(let documented: Value = serde_json::from_str(BODY).expect("the example is JSON");)
    };
    let decode = quote! {
        let decoded = cloud_live::runtime::#runtime_mod::decode::<cloud_live::#module::#request>(&answer(#status, BODY));
    };
    if let Some(DocumentedError { code, message }) = &ex.error {
        let error = ident(&op.error_type);
        // The operation's own variant, else the service's common one, else `Unhandled`.
        let own = op.errors.iter().find(|e| &e.code == code).map(|e| ident(&e.rust_name));
        let common = s.common_errors.iter().find(|e| &e.code == code).map(|e| ident(&e.rust_name));
        let typed = match (own, common) {
            (Some(v), _) => quote!(assert!(matches!(error, cloud_live::#module::#error::#v(_)), "{error:?}");),
            (None, Some(v)) => {
                let common_error = ident(crate::layout::COMMON_ERROR);
                quote!(assert!(
                    matches!(error, cloud_live::#module::#error::Common(cloud_live::#module::#common_error::#v(_))),
                    "{error:?}"
                );)
            }
            (None, None) => quote!(assert!(matches!(error, cloud_live::#module::#error::Unhandled(_)), "{error:?}");),
        };
        return quote! {
            #[test]
            fn #name() {
                const BODY: &str = #body;
                #decode
                let Err(cloud_live::Error::Service(error)) = decoded else {
                    panic!("the documented error decodes as a service error: {decoded:?}");
                };
                #typed
                assert_eq!(error.code(), #code);
                assert_eq!(error.message(), #message);
                assert_eq!(error.meta().http_status, #status);
            }
        };
    }
    let compare = match s.protocol {
        Protocol::TencentRpc => quote! {
            let mut data = encoded(&output);
            if let Some(id) = output.request_id() {
                data.as_object_mut().unwrap().insert("RequestId".to_owned(), Value::String(id.to_owned()));
            }
            assert_eq!(normalized(&data), normalized(&documented["Response"]));
        },
        Protocol::VolcengineRpc => quote! {
            assert_eq!(normalized(&encoded(&output)), normalized(&documented["Result"]));
            assert_eq!(output.request_id(), documented["ResponseMetadata"]["RequestId"].as_str());
        },
        Protocol::HuaweiRest => quote! {
            assert_eq!(normalized(&encoded(&output)), normalized(&documented));
            assert_eq!(output.request_id(), Some("documented-example"));
        },
    };
    quote! {
        #[test]
        fn #name() {
            const BODY: &str = #body;
            #parse
            #decode
            let output = decoded.expect("the documented response decodes");
            #compare
        }
    }
}

/// The HTTP status a service's errors come with when the spec documents none.
fn default_error_status(s: &Service) -> u16 {
    match s.protocol {
        Protocol::TencentRpc => 200,
        Protocol::VolcengineRpc | Protocol::HuaweiRest => 400,
    }
}

/// The service's client on a [`MockTransport`], with retries off, and the
/// service's common error codes with their statuses.
fn mock_client(s: &Service) -> TokenStream {
    let name = ident(&crate::names::mock_client(&s.module));
    let codes_name = ident(&crate::names::common_codes(&s.module));
    let module = ident(&s.module);
    let credentials = match s.vendor {
        Vendor::Tencent => quote!(Credentials::new("AKIDexample", "example-secret-key").unwrap()),
        Vendor::Volcengine => quote!(Credentials::new("AKLTexample", "example-secret-key").unwrap()),
        Vendor::Huawei => {
            quote!(Credentials::new("EXAMPLEAK", "example-secret-key").unwrap().with_project_id("0123456789abcdef"))
        }
    };
    let default_status = default_error_status(s);
    // A service without a default region is called in one the caller names
    // (Volcengine signs every request with one: the SDK's own default).
    let region = match (&s.default_region, s.regions.first(), s.protocol) {
        (None, Some(region), _) => quote!(.region(#region)),
        (None, None, Protocol::VolcengineRpc) => quote!(.region("cn-north-1")),
        _ => quote!(),
    };
    let codes = s.common_errors.iter().map(|e| {
        let (code, status) = (&e.code, unsuffixed(e.http_status.unwrap_or(default_status)));
        quote!((#code, #status))
    });
    let doc = format!(" The common error codes of {}, with the HTTP status each comes with.", s.module);
    quote! {
        #[doc = #doc]
        const #codes_name: &[(&str, u16)] = &[#(#codes),*];

        /// The service's client, answering from `mock`, without retries.
        fn #name(mock: &MockTransport) -> cloud_live::#module::Client {
            use cloud_live::#module::{Client, Config, Credentials};

            let config = Config::builder(#credentials)
                #region
                .http_client(Arc::new(mock.clone()))
                .retry_policy(RetryPolicy::disabled())
                .build()
                .unwrap();
            Client::new(config)
        }
    }
}

/// An operation's protocol test: its request, built from the first documented
/// example's parameters, sent through the whole client; the first documented
/// data answer decodes, and every documented error code (the operation's and
/// the service's) arrives as its own variant, not `Unhandled`.
fn protocol_test(s: &Service, op: &Operation, params: &[ExampleParam]) -> TokenStream {
    let name = ident(&crate::names::protocol_test(&op.example_name));
    let client = ident(&crate::names::mock_client(&s.module));
    let common = ident(&crate::names::common_codes(&s.module));
    let module = ident(&s.module);
    let (request, error, method) = (ident(&op.request_type), ident(&op.error_type), ident(&op.module));
    let mut imports = arg_types(params.iter().map(|p| &p.value));
    imports.extend([op.request_type.as_str(), op.error_type.as_str()]);
    imports.sort_unstable();
    imports.dedup();
    let imports = imports.into_iter().map(ident);
    let setters = params.iter().map(|p| {
        let (setter, arg) = (ident(&p.setter), arg_tokens(&p.value));
        quote!(.#setter(#arg))
    });
    let default_status = default_error_status(s);
    // The first data answer the page documents, as the operation carries it for the mock.
    let success = op.examples.iter().position(|e| e.error.is_none()).map(|i| {
        quote! {
            let documented = #request::DOCUMENTED[#i];
            mock.once::<#request>(MockResponse::json(documented.status, documented.body));
            let answered = client.#method(&request).await;
            answered.expect("the documented answer decodes through the client");
        }
    });
    let own = op.errors.iter().map(|e| {
        let (code, status) = (&e.code, unsuffixed(e.http_status.unwrap_or(default_status)));
        quote!((#code, #status))
    });
    // Each code in its vendor's envelope, as the mock transport writes it.
    let (binding, answer) = match s.protocol {
        Protocol::TencentRpc => (quote!((code, _)), quote!(MockResponse::tencent_error(code, "documented"))),
        Protocol::VolcengineRpc => {
            (quote!((code, status)), quote!(MockResponse::volcengine_error(status, code, "documented")))
        }
        Protocol::HuaweiRest => {
            (quote!((code, status)), quote!(MockResponse::huawei_error(status, code, "documented")))
        }
    };
    let allow = allow_deprecated(op);
    quote! {
        #[tokio::test]
        #allow
        async fn #name() {
            use cloud_live::#module::{#(#imports),*};

            let request = #request::builder()
                #(#setters)*
                .build()
                .expect("the documented parameters include every required field");
            let mock = MockTransport::new();
            let client = #client(&mock);
            #success
            for &#binding in [#(#own),*].iter().chain(#common) {
                mock.once::<#request>(#answer);
                let answered = client.#method(&request).await;
                let Err(Error::Service(error)) = answered else { panic!("{code}: {answered:?}") };
                assert_eq!(error.code(), code);
                assert!(!matches!(error, #error::Unhandled(_)), "{code} decodes into a variant of its own");
            }
        }
    }
}

/// An HTTP status as a literal without a type suffix.
fn unsuffixed(status: u16) -> proc_macro2::Literal {
    proc_macro2::Literal::u16_unsuffixed(status)
}
