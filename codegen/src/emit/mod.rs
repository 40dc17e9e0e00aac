//! IR -> token streams -> formatted Rust files.
//!
//! Emitters read names from the IR and never convert case. Each file is built
//! as a `syn::File` and printed with prettyplease; blank lines between items
//! come from printing items one by one, not from editing the printed text.

mod operation;
mod service;
mod support;
mod tests_file;
mod types;

use std::collections::BTreeMap;

use crate::ir::Crate;

pub use support::header;

/// Every file the generator owns: path relative to `generated/` -> contents.
pub type Files = BTreeMap<String, String>;

/// Emits the whole crate.
pub fn emit(krate: &Crate) -> Files {
    let mut files = Files::new();
    files.insert("src/lib.rs".into(), service::lib_rs(krate));
    for s in &krate.services {
        files.insert(format!("src/{}/mod.rs", s.module), service::service_mod(s));
        if !s.types.is_empty() {
            files.insert(format!("src/{}/types.rs", s.module), types::service_types_file(s));
        }
        for op in &s.operations {
            // `mod r#type;` lives in `type.rs`.
            let file = crate::names::unraw(&op.module);
            files.insert(format!("src/{}/{file}.rs", s.module), operation::operation_file(s, op));
        }
    }
    files.insert("tests/spec_examples.rs".into(), tests_file::examples_file(krate));
    files
}
