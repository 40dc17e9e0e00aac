//! `examples/<service>_<operation>.rs`: a runnable program per operation that
//! calls it with the values of the page's own example.

use quote::quote;

use super::support::{arg_tokens, arg_types, header, ident, inner_doc, render};
use crate::ir::{ExampleParam, Operation, Service, Vendor};

/// The operation's example program, with the parameters of its spec's first example.
pub fn example_file(s: &Service, op: &Operation, params: &[ExampleParam]) -> String {
    let env = match s.vendor {
        Vendor::Tencent => "`TENCENTCLOUD_SECRET_ID` and `TENCENTCLOUD_SECRET_KEY` (and `TENCENTCLOUD_TOKEN`)",
        Vendor::Volcengine => "`VOLC_ACCESSKEY` and `VOLC_SECRETKEY`",
        Vendor::Huawei => "`HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and `HUAWEICLOUD_SDK_PROJECT_ID`",
    };
    // A value the page writes as a placeholder (`{project_id}`) takes the field's example.
    let values: Vec<_> = params.iter().map(|p| p.stand_in.as_ref().unwrap_or(&p.value)).collect();
    let placeholders: Vec<String> =
        params.iter().filter(|p| p.stand_in.is_some()).map(|p| format!("`{}`", p.wire_name)).collect();
    let setters = params.iter().zip(&values).map(|(p, value)| {
        let (setter, arg) = (ident(&p.setter), arg_tokens(value));
        quote!(.#setter(#arg))
    });
    let mut imports = vec!["Client", "Config", "Credentials", op.request_type.as_str()];
    imports.extend(arg_types(values.iter().copied()));
    imports.sort_unstable();
    let imports = imports.into_iter().map(ident);
    let mut lines = vec![
        format!("Calls `{}` of {} with the values of the page's example.", op.wire_name, s.title),
        String::new(),
        format!("Credentials come from {env}, else from the vendor's profile file."),
        format!("Run it with `cargo run --example {} [ENDPOINT_URL]`; the URL replaces the", op.example_name),
        "service's endpoint, e.g. a local test server.".to_owned(),
    ];
    if !placeholders.is_empty() {
        lines.push(String::new());
        lines.push(format!(
            "The page writes {} as a placeholder; the example uses the spec's example value. Put your own there.",
            placeholders.join(", ")
        ));
    }
    let inner = inner_doc(&lines);
    let module = ident(&s.module);
    let request = ident(&op.request_type);
    let method = ident(&op.module);
    let std_imports = crate::layout::use_items(crate::layout::EXAMPLE_IMPORTS, s.protocol, |_| true);
    let item = quote! {
        #std_imports

        use cloud_live::#module::{#(#imports),*};

        #[tokio::main]
        async fn main() -> ExitCode {
            let credentials = match Credentials::from_default_chain() {
                Ok(credentials) => credentials,
                Err(e) => {
                    eprintln!("credentials: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let mut config = Config::builder(credentials);
            if let Some(endpoint) = std::env::args().nth(1) {
                config = config.endpoint(endpoint);
            }
            let client = match config.build() {
                Ok(config) => Client::new(config),
                Err(e) => {
                    eprintln!("configuration: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let request = #request::builder()
                #(#setters)*
                .build()
                .expect("the page's example sets every required field");
            match client.#method(&request).await {
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
    render(&header(&[&op.spec_file]), inner, vec![item])
}
