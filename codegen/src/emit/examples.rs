//! `examples/<service>.rs`: one runnable program per service that calls the
//! operation named on its command line with the values of the page's example.
//! One program rather than one per operation: each program links the whole
//! crate, and hundreds of them would cost minutes and gigabytes per build.

use quote::quote;

use super::support::{Written, allow_deprecated, arg_tokens, arg_types, header, ident, inner_doc, render};
use crate::ir::{ExampleParam, Operation, Service, Vendor};

/// The operations of `s` that have an example request, with its parameters.
pub fn examples_of(s: &Service) -> Vec<(&Operation, &[ExampleParam])> {
    s.operations
        .iter()
        .filter_map(|op| op.examples.iter().find_map(|e| e.params.as_deref()).map(|params| (op, params)))
        .collect()
}

/// The names the program of `s` imports from its service module, sorted.
pub fn example_imports(s: &Service) -> Vec<&str> {
    let mut names = vec![crate::layout::CLIENT, "Config", "Credentials"];
    for (op, params) in examples_of(s) {
        names.push(&op.request_type);
        names.extend(arg_types(params.iter().map(|p| p.stand_in.as_ref().unwrap_or(&p.value))));
    }
    names.sort_unstable();
    names.dedup();
    names
}

/// The service's example program, or `None` when no operation has an example request.
pub fn example_file(s: &Service) -> Option<String> {
    let ops = examples_of(s);
    let (first, _) = ops.first()?;
    let env = match s.vendor {
        Vendor::Tencent => "`TENCENTCLOUD_SECRET_ID` and `TENCENTCLOUD_SECRET_KEY` (and `TENCENTCLOUD_TOKEN`)",
        Vendor::Volcengine => "`VOLC_ACCESSKEY` and `VOLC_SECRETKEY`",
        Vendor::Huawei => "`HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and `HUAWEICLOUD_SDK_PROJECT_ID`",
    };
    let program = &s.module;
    let inner = inner_doc(&[
        format!("Calls an operation of {} with the values of its page's example.", s.title),
        String::new(),
        format!("Credentials come from {env}, else from the vendor's profile file."),
        format!("Run it with `cargo run --example {program} -- <OPERATION> [ENDPOINT_URL]`, e.g."),
        format!("`cargo run --example {program} -- {}`; without arguments it lists the", first.wire_name),
        "operations. The URL replaces the service's endpoint, e.g. a local test server.".to_owned(),
        String::new(),
        "Where a page writes a placeholder (`{domain}`), the program uses the spec's example value".to_owned(),
        "instead: put your own there.".to_owned(),
    ]);
    let names: Vec<&str> = ops.iter().map(|(op, _)| op.wire_name.as_str()).collect();
    let usage = format!("usage: {program} <OPERATION> [ENDPOINT_URL]; the operations:");
    let arms = ops.iter().map(|(op, params)| {
        let values = params.iter().map(|p| p.stand_in.as_ref().unwrap_or(&p.value));
        let setters = params.iter().zip(values).map(|(p, value)| {
            let (setter, arg) = (ident(&p.setter), arg_tokens(value));
            quote!(.#setter(#arg))
        });
        let (wire, request, method) = (&op.wire_name, ident(&op.request_type), ident(&op.module));
        // A retired operation's methods are deprecated; the example still shows how to call it.
        let allow = allow_deprecated(op);
        quote! {
            #allow
            #wire => {
                let request = #request::builder()
                    #(#setters)*
                    .build()
                    .expect("the page's example sets every required field");
                report(client.#method(&request).await)
            }
        }
    });
    let imports = example_imports(s).into_iter().map(ident);
    let module = ident(&s.module);
    let std_imports = crate::layout::use_items(crate::layout::EXAMPLE_IMPORTS, s.protocol, |_| true);
    let item = quote! {
        #std_imports

        use cloud_live::#module::{#(#imports),*};

        /// The operations this program calls, by the names the vendor gives them.
        const OPERATIONS: &[&str] = &[#(#names),*];

        #[tokio::main]
        async fn main() -> ExitCode {
            let mut args = std::env::args().skip(1);
            let operation = args.next().unwrap_or_default();
            if !OPERATIONS.contains(&operation.as_str()) {
                eprintln!(#usage);
                for name in OPERATIONS {
                    eprintln!("  {name}");
                }
                return ExitCode::FAILURE;
            }
            let credentials = match Credentials::from_default_chain() {
                Ok(credentials) => credentials,
                Err(e) => {
                    eprintln!("credentials: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let mut config = Config::builder(credentials);
            if let Some(endpoint) = args.next() {
                config = config.endpoint(endpoint);
            }
            let client = match config.build() {
                Ok(config) => Client::new(config),
                Err(e) => {
                    eprintln!("configuration: {e}");
                    return ExitCode::FAILURE;
                }
            };
            match operation.as_str() {
                #(#arms)*
                _ => unreachable!("checked against OPERATIONS"),
            }
        }

        /// Prints the answer, or the error, and says which it was.
        fn report<T: Debug, E: Display>(result: Result<T, E>) -> ExitCode {
            match result {
                Ok(response) => {
                    println!("{response:#?}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
    };
    Some(render(&header(&[&s.spec_file]), inner, vec![(Written::Once, item)]))
}
