//! The crate root and one module per vendor service.

use proc_macro2::TokenStream;
use quote::quote;

use super::operation::operation_doc;
use super::support::{Written, arg_source, arg_types, doc, header, ident, inner_doc, paragraphs, render};
use crate::ir::{Crate, Operation, Protocol, Service, Total, Vendor};
use crate::layout::{self, ALL_SERVICES_FEATURE, LIB_IMPORTS, SERVICE_IMPORTS, use_items};

pub(super) fn vendor_name(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::Tencent => "Tencent Cloud",
        Vendor::Volcengine => "Volcengine",
        Vendor::Huawei => "Huawei Cloud",
    }
}

/// `src/lib.rs`. The crate's docs open with its README (`generated/README.md`,
/// hand-written: what the client does, credentials, timeouts and retries,
/// errors, tracing, features, testing), compiled as doctests; the generator adds
/// what the specs say: the services and how the crate is laid out.
pub fn lib_rs(krate: &Crate) -> String {
    let mut lines = vec![
        String::new(),
        "## Services".to_owned(),
        String::new(),
        "Every operation, field, enum value and error code here is generated from the reviewed specs in the repository's `specs/` directory, transcribed from the vendors' documentation pages (Tencent's also checked against its machine-readable metadata).".to_owned(),
        String::new(),
        format!("Each service's module is compiled when its cargo feature is on (`{ALL_SERVICES_FEATURE}` turns on every one), so a build pays only for the services it uses:"),
        String::new(),
        "| module | feature | vendor | API version | operations |".to_owned(),
        "| --- | --- | --- | --- | --- |".to_owned(),
    ];
    for s in &krate.services {
        lines.push(format!(
            "| [`{}`] | `{}` | {} | `{}` | {} |",
            s.module,
            s.feature,
            vendor_name(s.vendor),
            s.api_version,
            s.operations.len()
        ));
    }
    lines.extend([
        String::new(),
        "## Crate organization".to_owned(),
        String::new(),
        "- One module per vendor service, holding its `Client`, `Config`, `Credentials` and, per operation, a request type with a builder, a response type and an error enum. The module's docs list its operations.".to_owned(),
        "- [`runtime`]: hand-written signing, transport, envelopes and errors shared by every service.".to_owned(),
        "- [`Error`]: what a call returns when it fails; `Error::Service` holds the operation's own error enum.".to_owned(),
    ]);
    let mut sources: Vec<&str> = krate.services.iter().map(|s| s.spec_file.as_str()).collect();
    sources.sort();
    let inner = {
        let docs = inner_doc(&lines);
        quote! {
            #![doc = include_str!("../README.md")]
            #docs
            #![forbid(unsafe_code)]
            #![deny(missing_docs)]
        }
    };
    // Each service module's own docs open with its summary.
    let modules = krate.services.iter().map(|s| {
        let m = ident(&s.module);
        let feature = &s.feature;
        quote! {
            #[cfg(feature = #feature)]
            pub mod #m;
        }
    });
    let runtime = ident(layout::RUNTIME_MODULE);
    // The protocol does not matter: the crate root's imports name no vendor.
    let reexports = use_items(LIB_IMPORTS, Protocol::TencentRpc, |_| true);
    let items = vec![
        quote! {
            pub mod #runtime;
            #(#modules)*
        },
        reexports,
    ];
    render(&header(&sources), inner, items.into_iter().map(|i| (Written::Once, i)).collect())
}

/// A compiled (not run) example of calling the operation with its page's
/// first documented parameters; none when the page documents no request.
fn method_example(s: &Service, op: &Operation) -> Vec<String> {
    let Some((params, constructed)) = op.examples.iter().find_map(|e| e.params.as_ref().map(|p| (p, e.constructed)))
    else {
        return Vec::new();
    };
    // A value the page writes as a placeholder (`{domain}`) takes the field's example.
    let values: Vec<_> = params.iter().map(|p| p.stand_in.as_ref().unwrap_or(&p.value)).collect();
    let mut imports = vec![op.request_type.as_str()];
    imports.extend(arg_types(values.iter().copied()));
    imports.sort_unstable();
    imports.dedup();
    let imports = match imports.as_slice() {
        [one] => (*one).to_owned(),
        many => format!("{{{}}}", many.join(", ")),
    };
    let mut code = vec![
        String::new(),
        "# Example".to_owned(),
        String::new(),
        if constructed {
            "With the values of an example constructed for this crate (the page shows none):".to_owned()
        } else {
            "With the values of the page's example:".to_owned()
        },
        String::new(),
        "```no_run".to_owned(),
        format!(
            "# async fn run(client: cloud_live::{}::Client) -> Result<(), Box<dyn std::error::Error>> {{",
            s.module
        ),
        format!("use cloud_live::{}::{imports};", s.module),
        String::new(),
        format!("let request = {}::builder()", op.request_type),
    ];
    for (p, value) in params.iter().zip(values) {
        code.push(format!("    .{}({})", p.setter, arg_source(value)));
    }
    code.extend([
        "    .build()?;".to_owned(),
        format!("let response = client.{}(&request).await?;", op.module),
        "println!(\"request id {:?}\", response.request_id());".to_owned(),
        "# Ok(())".to_owned(),
        "# }".to_owned(),
        "```".to_owned(),
    ]);
    code
}

/// `src/<service>/mod.rs`: service docs, the client and the re-exports.
pub fn service_mod(s: &Service) -> String {
    let (_, protocol) = layout::runtime_protocol(s.protocol);
    let mut facts = vec![format!("- API version `{}`", s.api_version), format!("- Host `{}`", s.host)];
    if !s.regions.is_empty() {
        let regions: Vec<String> = s.regions.iter().map(|r| format!("`{r}`")).collect();
        facts.push(format!("- Regions {}", regions.join(", ")));
    }
    if let Some(region) = &s.default_region {
        facts.push(format!("- Default region `{region}`"));
    }
    let mut ops = vec!["| operation | method | summary |".to_owned(), "| --- | --- | --- |".to_owned()];
    for op in &s.operations {
        ops.push(format!(
            "| `{}` | [`Client::{}`](crate::{}::Client::{}) | {} |",
            op.wire_name, op.module, s.module, op.module, op.summary
        ));
    }
    let lines = paragraphs(vec![vec![format!("{}.", s.title)], s.doc.clone(), facts, ops]);
    let inner = inner_doc(&lines);

    let mut items = Vec::new();
    let mod_decls = s.operations.iter().map(|o| ident(&o.module));
    let types_module = ident(layout::TYPES_MODULE);
    let types_mod = if s.types.is_empty() {
        quote!()
    } else {
        quote!(
            mod #types_module;
        )
    };
    items.push(quote! {
        #types_mod
        #(mod #mod_decls;)*
    });
    let mut reexports: Vec<TokenStream> = Vec::new();
    if !s.types.is_empty() {
        let names = s.types.iter().map(|t| ident(&t.rust_name));
        reexports.push(quote!(pub use #types_module::{#(#names),*};));
    }
    // The test builders (feature `test-util`) of the types callers do not build by hand.
    let test_reexport = |module: &proc_macro2::Ident, mut names: Vec<String>| {
        names.sort();
        let names = names.iter().map(|n| ident(n));
        quote!(#[cfg(feature = "test-util")] pub use #module::{#(#names),*};)
    };
    let shared_builders: Vec<String> = s.types.iter().filter_map(|t| t.test_builder()).collect();
    if !shared_builders.is_empty() {
        reexports.push(test_reexport(&types_module, shared_builders));
    }
    for op in &s.operations {
        let m = ident(&op.module);
        let mut names =
            vec![ident(&op.request_type), ident(&op.builder_type), ident(&op.response_type), ident(&op.error_type)];
        names.extend(op.types.iter().map(|t| ident(&t.rust_name)));
        names.sort_by_key(ToString::to_string);
        reexports.push(quote!(pub use #m::{#(#names),*};));
        let builders =
            std::iter::once(op.response_builder_type.clone()).chain(op.types.iter().filter_map(|t| t.test_builder()));
        reexports.push(test_reexport(&m, builders.collect()));
    }
    let protocol_ident = ident(protocol);
    let common_error = super::errors::common_error(s);
    let public = use_items(SERVICE_IMPORTS.iter().filter(|i| i.public), s.protocol, |_| true);
    items.push(quote! {
        #(#reexports)*
        #public
    });
    items.push(use_items(SERVICE_IMPORTS.iter().filter(|i| !i.public), s.protocol, layout::service_needs(s)));
    let host = &s.host;
    let version = &s.api_version;
    let signing = match &s.signing_name {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    };
    let regions = &s.regions;
    let default_region = match &s.default_region {
        Some(r) => quote!(Some(#r)),
        None => quote!(None),
    };
    let service_const = ident(layout::SERVICE_CONST);
    items.push(quote! {
        /// Static facts about the service, from its `service.yaml`.
        const #service_const: ServiceMeta = ServiceMeta {
            host: #host,
            api_version: #version,
            signing_name: #signing,
            regions: &[#(#regions),*],
            default_region: #default_region,
        };
    });
    let operations_const = ident(layout::OPERATIONS_CONST);
    let metas = s.operations.iter().map(|op| {
        let (module, request) = (ident(&op.module), ident(&op.request_type));
        quote!(<#module::#request as crate::runtime::Operation>::META)
    });
    items.push(quote! {
        /// Every operation of the service and how it is sent (name, method, path), for
        /// tests that recognise a request (feature `test-util`).
        #[cfg(feature = "test-util")]
        pub const #operations_const: &[crate::runtime::OperationMeta] = &[#(#metas),*];
    });
    let client_doc = doc(&[
        format!("Client of {}.", s.title),
        String::new(),
        "Cheap to clone; clones share the connection pool. Safe to use from many tasks at once.".to_owned(),
    ]);
    let methods = s.operations.iter().map(|op| {
        let m = ident(&op.module);
        let req = ident(&op.request_type);
        let resp = ident(&op.response_type);
        let err = ident(&op.error_type);
        let mut lines = operation_doc(s, op);
        lines.extend(method_example(s, op));
        lines.extend([
            String::new(),
            "# Errors".to_owned(),
            String::new(),
            format!("[`Error::Service`] holds a [`{}`] when the service refuses the call; the other variants say whether the request was sent.", op.error_type),
        ]);
        let d = doc(&lines);
        let deprecated = super::operation::deprecated(op);
        let pages = op.paging.as_ref().map(|p| {
            let method = ident(&p.pages_method);
            let d = doc(&[
                format!("The pages of [`Self::{m}`], fetched lazily as the stream is polled; `.items()` streams the elements of every page."),
                String::new(),
                format!(
                    "Starts at the request's `{}` (or {}){}; stops after {}, an empty page, or an error. See [`Pages`].",
                    p.start.field.wire_name,
                    p.start_kind.first(),
                    match p.default_page_size {
                        Some(size) => format!(" and asks for `{}` = {size} when the request sets no page size", p.page_size.field.wire_name),
                        None => String::new(),
                    },
                    match &p.total {
                        Some((c, Total::Pages)) => format!("the last page `{}` reports", c.wire_path()),
                        Some((c, Total::Items)) => format!("the page that reaches the `{}` items reported", c.wire_path()),
                        None => format!("a page with fewer items than `{}` asks for", p.page_size.field.wire_name),
                    }
                ),
            ]);
            quote! {
                #d
                #deprecated
                pub fn #method(&self, request: #req) -> Pages<#req> {
                    Pages::new(self.transport.clone(), request)
                }
            }
        });
        quote! {
            #d
            #deprecated
            pub async fn #m(&self, request: &#req) -> Result<#resp, Error<#err>> {
                self.transport.send(request).await
            }
            #pages
        }
    });
    let client = ident(layout::CLIENT);
    items.push(quote! {
        #client_doc
        #[derive(Clone, Debug)]
        pub struct #client {
            transport: Transport<#protocol_ident>,
        }

        impl #client {
            /// Creates a client from a configuration.
            pub fn new(config: Config) -> Self {
                Self { transport: Transport::new(#service_const, config) }
            }

            /// A clone of this client whose calls retry under `policy`; the
            /// original is unchanged. Clones share connections, rate limits
            /// and the retry budget.
            pub fn with_retry_policy(&self, policy: RetryPolicy) -> Self {
                Self { transport: self.transport.with_config(|c| c.retry = policy) }
            }

            /// A clone of this client whose calls keep to `timeouts`; the
            /// original is unchanged. Clones share connections, rate limits
            /// and the retry budget.
            pub fn with_timeouts(&self, timeouts: Timeouts) -> Self {
                Self { transport: self.transport.with_config(|c| c.timeouts = timeouts) }
            }

            /// A clone of this client that signs with `credentials`, such as a
            /// new session token before the old one expires; the original is
            /// unchanged. Clones share connections and rate limits, so this is
            /// the cheap way to rotate credentials in a long-running service.
            pub fn with_credentials(&self, credentials: Credentials) -> Self {
                Self { transport: self.transport.with_config(|c| c.credentials = credentials) }
            }
        }
    });
    let mut items: Vec<_> = items.into_iter().map(|i| (Written::Once, i)).collect();
    items.push((Written::Repeated, quote!(impl #client { #(#methods)* })));
    items.extend(blocking_client(s));
    items.extend(common_error.map(|e| (Written::Once, e)));
    render(&header(&[&s.spec_file]), inner, items)
}

/// The service's `BlockingClient` (feature `blocking`): the async client's operations, each run to its end on a
/// runtime the client owns; each method's docs are the async method's, linked. The struct and its constructors
/// are written once; the operations' methods, in an `impl` of their own, once per operation.
fn blocking_client(s: &Service) -> [(Written, TokenStream); 2] {
    let client = ident(layout::CLIENT);
    let blocking = ident(layout::BLOCKING_CLIENT);
    let methods = s.operations.iter().map(|op| {
        let m = ident(&op.module);
        let (req, resp, err) = (ident(&op.request_type), ident(&op.response_type), ident(&op.error_type));
        let name = crate::names::unraw(&op.module);
        let d = doc(&[format!("[`{}::{name}`], run to its end: {}", layout::CLIENT, op.summary)]);
        // Deprecated like the async method it calls, which it may call without a warning.
        let deprecated = super::operation::deprecated(op);
        let allow = super::support::allow_deprecated(op);
        let deprecated = quote!(#deprecated #allow);
        let pages = op.paging.as_ref().map(|p| {
            let method = ident(&p.pages_method);
            let d = doc(&[format!(
                "[`{}::{}`] as an iterator: each page is fetched when the iterator is advanced; `.items()` iterates the elements of every page.",
                layout::CLIENT, p.pages_method
            )]);
            quote! {
                #d
                #deprecated
                pub fn #method(&self, request: #req) -> crate::runtime::BlockingPages<#req> {
                    crate::runtime::BlockingPages::new(self.client.#method(request), self.runtime.clone())
                }
            }
        });
        quote! {
            #d
            #deprecated
            pub fn #m(&self, request: &#req) -> Result<#resp, Error<#err>> {
                self.runtime.block_on(self.client.#m(request))
            }
            #pages
        }
    });
    let client_doc = doc(&[
        format!("[`{}`], synchronous (feature `blocking`): each method runs the call to its end before it returns, for scripts and command-line programs.", layout::CLIENT),
        String::new(),
        "The calls are the async client's: the same checks, signing, retries, timeouts and errors. The client owns a single-threaded Tokio runtime; clones share it, and calls from several threads take turns driving it.".to_owned(),
        String::new(),
        "# Panics".to_owned(),
        String::new(),
        "A method called from inside an async runtime panics, as Tokio's `Runtime::block_on` does there: async code calls the async client.".to_owned(),
    ]);
    let from_async_doc = doc(&[
        format!(
            "Runs the calls of `client` on a runtime of its own, with the options the client was given ([`{0}::with_timeouts`], [`{0}::with_retry_policy`], [`{0}::with_credentials`]).",
            layout::CLIENT
        ),
        String::new(),
        "# Errors".to_owned(),
        String::new(),
        "When the runtime cannot be started: the operating system refuses its I/O driver.".to_owned(),
    ]);
    let once = quote! {
        #client_doc
        #[cfg(feature = "blocking")]
        #[derive(Clone, Debug)]
        pub struct #blocking {
            client: #client,
            runtime: crate::runtime::Blocking,
        }

        #[cfg(feature = "blocking")]
        impl #blocking {
            /// Creates a client from a configuration, with a runtime of its own.
            ///
            /// # Errors
            ///
            /// When the runtime cannot be started: the operating system refuses its I/O driver.
            pub fn new(config: Config) -> std::io::Result<Self> {
                Self::from_async(#client::new(config))
            }

            #from_async_doc
            pub fn from_async(client: #client) -> std::io::Result<Self> {
                Ok(Self { client, runtime: crate::runtime::Blocking::new()? })
            }

            /// The async client whose calls this one runs.
            pub fn as_async(&self) -> &#client {
                &self.client
            }
        }
    };
    let operations = quote! {
        #[cfg(feature = "blocking")]
        impl #blocking {
            #(#methods)*
        }
    };
    [(Written::Once, once), (Written::Repeated, operations)]
}
