//! IR -> token streams -> formatted Rust files.
//!
//! Emitters read names from the IR and never convert case. Each file is built
//! as a `syn::File` and printed with prettyplease; blank lines between items
//! come from printing items one by one, not from editing the printed text.
//!
//! Emitters say how often each item is written (`support::Written`): once
//! per service, or once per operation or named type. `support::render` gives
//! every function of a repeated item `#[inline]`, unless it is `async` or
//! generic over a type (then rustc compiles it on use already); the rule lives
//! in [`compiled_on_use`] and no emitter writes `#[inline]` itself.
//! rustc compiles a library's public non-generic functions to machine code
//! whether or not anyone calls them, and with them all they reach: a `_pages`
//! method boxes its stream, and with it the whole call and every struct's
//! decoder of its operation. An `#[inline]` function is compiled in the crate
//! that calls it, so an application pays the code generation of the operations
//! it calls, not of all of them (the build costs in the README). What is
//! written once per service (a client's constructors, `CommonError`) stays
//! compiled once, in the library.

mod errors;
pub(crate) mod examples;
mod manifest;
mod operation;
mod service;
mod support;
mod tests_file;
mod types;

use std::collections::BTreeMap;

use crate::ir::Crate;

pub use support::{compiled_on_use, has_type_parameters, header};

/// Every file the generator owns: path relative to `generated/` -> contents.
/// For a file it owns a part of ([`crate::plan::SECTIONS`]), the contents of that part.
pub type Files = BTreeMap<String, String>;

/// One file to render.
type Job<'a> = (String, Box<dyn Fn() -> String + Send + Sync + 'a>);

/// Emits the whole crate. Files are independent, so they are rendered on all
/// available cores; the result is an ordered map, identical on every run.
pub fn emit(krate: &Crate) -> Files {
    let mut jobs: Vec<Job<'_>> = vec![
        ("src/lib.rs".into(), Box::new(|| service::lib_rs(krate))),
        ("tests/spec_examples.rs".into(), Box::new(|| tests_file::examples_file(krate))),
        (crate::plan::MANIFEST.into(), Box::new(|| manifest::cargo_features(krate))),
    ];
    for s in &krate.services {
        jobs.push((format!("src/{}/mod.rs", s.module), Box::new(move || service::service_mod(s))));
        if !s.types.is_empty() {
            jobs.push((format!("src/{}/types.rs", s.module), Box::new(move || types::service_types_file(s))));
        }
        if !examples::examples_of(s).is_empty() {
            let path = format!("examples/{}.rs", s.module);
            jobs.push((path, Box::new(move || examples::example_file(s).unwrap_or_default())));
        }
        for op in &s.operations {
            // `mod r#type;` lives in `type.rs`.
            let file = crate::names::unraw(&op.module);
            jobs.push((format!("src/{}/{file}.rs", s.module), Box::new(move || operation::operation_file(s, op))));
        }
    }
    render_all(jobs)
}

fn render_all(jobs: Vec<Job<'_>>) -> Files {
    let texts = crate::par::map(&jobs, |(_, job)| job());
    jobs.into_iter().map(|(path, _)| path).zip(texts).collect()
}
