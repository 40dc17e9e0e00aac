//! The generator: YAML specs -> spec model -> validated IR -> tokens -> formatted files.
//!
//! Each stage is a module and data flows one way: [`load`] reads files into the
//! [`spec`] model, [`validate`] checks it and lowers it to the [`ir`], [`emit`]
//! turns the IR into token streams and formatted text, and [`plan`] compares or
//! writes the result. Names are computed once, in [`names`]; which names each
//! generated file already holds is written once, in [`layout`], which both
//! validation and the emitters read.

pub mod conventions;
pub mod diagnostic;
pub mod docs;
pub mod ir;
pub mod layout;
pub mod load;
pub mod names;
mod par;
pub mod schema;
pub mod source;
pub mod spec;
pub mod text;
pub mod validate;

pub use diagnostic::{Diagnostic, Diagnostics};

pub mod emit;
pub mod import;
pub mod plan;
pub mod review;

use std::path::Path;

/// Loads, validates and emits every spec under `specs_dir`; `display_prefix`
/// names the directory in diagnostics. Nothing is written.
pub fn generate(specs_dir: &Path, display_prefix: &str) -> Result<emit::Files, Diagnostics> {
    check(specs_dir, display_prefix).map(|ir| emit::emit(&ir))
}

/// Loads and validates every spec under `specs_dir` (what `cargo xtask lint`
/// runs): every problem in every file, each pointing at its line.
pub fn check(specs_dir: &Path, display_prefix: &str) -> Result<ir::Crate, Diagnostics> {
    check_tree(&load::DiskTree(specs_dir.to_path_buf()), display_prefix, load::LoadOptions::default())
}

/// [`check`] for specs read from any [`load::SpecTree`], e.g. a git revision held in memory.
pub fn check_tree(
    tree: &dyn load::SpecTree,
    display_prefix: &str,
    options: load::LoadOptions,
) -> Result<ir::Crate, Diagnostics> {
    let loaded = load::load_tree(tree, display_prefix, options);
    let mut problems = loaded.problems;
    match validate::validate(&loaded.services) {
        Ok(ir) if problems.is_empty() => Ok(ir),
        Ok(_) => Err(Diagnostics(problems)),
        Err(more) => {
            // A message about a place the loader set aside repeats the loader's.
            let consequence = |d: &Diagnostic| loaded.repaired.get(&d.file).is_some_and(|r| r.covers(&d.path));
            problems.extend(more.into_iter().filter(|d| !consequence(d)).map(|d| loaded.sources.locate(d)));
            problems.sort_by(|a, b| (&a.file, a.location).cmp(&(&b.file, b.location)));
            Err(Diagnostics(problems))
        }
    }
}
