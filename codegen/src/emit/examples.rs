//! `examples/<service>_<operation>.rs`: a runnable program per operation that
//! calls it with the values of the page's own example.

use quote::quote;
use serde_json::Value;

use super::support::{header, ident, inner_doc, render};
use super::tests_file::setter_value;
use crate::ir::{Operation, Service, Vendor};

/// The operation's example program, with the parameters of its spec's first example.
pub fn example_file(s: &Service, op: &Operation, params: &serde_json::Map<String, Value>) -> String {
    let env = match s.vendor {
        Vendor::Tencent => "`TENCENTCLOUD_SECRET_ID` and `TENCENTCLOUD_SECRET_KEY` (and `TENCENTCLOUD_TOKEN`)",
        Vendor::Volcengine => "`VOLC_ACCESSKEY` and `VOLC_SECRETKEY`",
        Vendor::Huawei => "`HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and `HUAWEICLOUD_SDK_PROJECT_ID`",
    };
    let mut placeholders = Vec::new();
    let mut setters = Vec::new();
    for (wire, value) in params {
        let Some(f) = op.request.iter().find(|f| &f.wire_name == wire) else { continue };
        // A value the page writes as a placeholder (`{project_id}`) takes the field's example.
        let value = match (value, &f.example) {
            (Value::String(text), Some(example)) if text.starts_with('{') && text.ends_with('}') => {
                placeholders.push(format!("`{wire}`"));
                example
            }
            _ => value,
        };
        let setter = ident(&f.rust_name);
        let arg = setter_value(f, value);
        setters.push(quote!(.#setter(#arg)));
    }
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
    let item = quote! {
        use std::process::ExitCode;

        use cloud_live::#module::{Client, Config, Credentials, #request};

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
