//! What the generator's integration tests share: where the checkout is, and
//! how a generated crate is built and checked for real.

#![allow(dead_code, reason = "each test file uses its own part of these helpers")]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `codegen/` of the checkout under test, from the `CARGO_MANIFEST_DIR` cargo
/// sets when it runs the test (not the compile-time one: a shared target
/// directory reuses test binaries across clones).
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("run the tests with cargo"))
}

pub fn repo() -> PathBuf {
    manifest_dir().parent().unwrap().to_path_buf()
}

pub fn fixtures() -> PathBuf {
    manifest_dir().join("tests/fixtures")
}

/// The target directory cargo builds into: `CARGO_TARGET_DIR` when set, else the checkout's `target/`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| repo().join("target"), PathBuf::from)
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Writes `files` with the real runtime as a crate of its own under the target
/// directory (`name`), then runs clippy with `-D warnings` on all its targets
/// (so `deny(missing_docs)` and `forbid(unsafe_code)` hold too) and its tests of
/// the documented examples. Crates built this way share one target directory,
/// so the dependencies are built once. Returns cargo's output when a step fails.
pub fn check_crate(name: &str, files: &codegen::emit::Files) -> Result<(), String> {
    let target = target_dir();
    let krate = target.join(name);
    let _ = fs::remove_dir_all(&krate);
    fs::create_dir_all(&krate).unwrap();
    let manifest = fs::read_to_string(repo().join("generated/Cargo.toml")).unwrap();
    // The benchmarks measure the real operations, which other spec sets do not have.
    let bench = "[[bench]]\nname = \"call\"\nharness = false\n";
    assert!(manifest.contains(bench), "generated/Cargo.toml declares its benchmark as expected");
    // A workspace of its own, so the repository's workspace does not claim it. The
    // features of the services are written under the marker by `plan::apply` below.
    let marker = codegen::plan::MANIFEST_MARKER;
    let head = &manifest[..manifest.find(marker).expect("generated/Cargo.toml has its generated part")];
    let head = head.replace(bench, "").replace("\n[features]\n", "\n[workspace]\n\n[features]\n");
    fs::write(krate.join("Cargo.toml"), format!("{head}{marker}\n")).unwrap();
    fs::copy(repo().join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    copy_dir(&repo().join("generated/src/runtime"), &krate.join("src/runtime"));
    // The crate's docs open with its README.
    fs::copy(repo().join("generated/README.md"), krate.join("README.md")).unwrap();
    let changes = codegen::plan::compare(&krate, files, codegen::plan::Ownership::MarkedFiles).unwrap();
    codegen::plan::apply(&krate, &changes).unwrap();
    let cargo = |args: &[&str], what: &str| -> Result<(), String> {
        let output = Command::new(env!("CARGO"))
            .args(args)
            .current_dir(&krate)
            .env("CARGO_TARGET_DIR", target.join("generated-crates"))
            .output()
            .unwrap();
        if output.status.success() {
            return Ok(());
        }
        Err(format!(
            "{what} ({}):\n{}\n{}",
            krate.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    };
    cargo(&["clippy", "--offline", "--all-targets", "--quiet", "--", "-D", "warnings"], "clippy -D warnings fails")?;
    cargo(&["test", "--offline", "--quiet", "--test", "spec_examples"], "the tests of the documented examples fail")
}

/// The top-level names of a Rust file: the items it defines and the last
/// segment (or rename) of every `use`.
pub fn top_level_names(text: &str) -> std::collections::BTreeSet<String> {
    fn use_names(tree: &syn::UseTree, out: &mut std::collections::BTreeSet<String>) {
        match tree {
            syn::UseTree::Path(p) => use_names(&p.tree, out),
            syn::UseTree::Name(n) => {
                out.insert(n.ident.to_string());
            }
            syn::UseTree::Rename(r) => {
                out.insert(r.rename.to_string());
            }
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_names(t, out)),
            syn::UseTree::Glob(_) => panic!("a glob import hides what a module holds"),
        }
    }
    let file: syn::File = syn::parse_str(text).unwrap();
    let mut out = std::collections::BTreeSet::new();
    for item in &file.items {
        let ident = match item {
            syn::Item::Use(u) => {
                use_names(&u.tree, &mut out);
                continue;
            }
            syn::Item::Struct(i) => &i.ident,
            syn::Item::Enum(i) => &i.ident,
            syn::Item::Const(i) => &i.ident,
            syn::Item::Fn(i) => &i.sig.ident,
            syn::Item::Mod(i) => &i.ident,
            syn::Item::Impl(_) => continue,
            other => panic!("an item the layout does not know: {}", quote::ToTokens::to_token_stream(other)),
        };
        out.insert(syn::ext::IdentExt::unraw(ident).to_string());
    }
    out
}

/// Whether `layout::modules` records exactly the top-level names of every
/// emitted file, and no name twice; says where it does not.
pub fn layout_matches(krate: &codegen::ir::Crate, files: &codegen::emit::Files) -> Result<(), String> {
    let modules = codegen::layout::modules(krate);
    for module in &modules {
        let text =
            files.get(&module.file).ok_or_else(|| format!("the layout names {}, which is not emitted", module.file))?;
        let recorded: std::collections::BTreeSet<String> = module.names.iter().map(|n| n.name.clone()).collect();
        let written = top_level_names(text);
        if recorded != written {
            return Err(format!("{}: the layout records {recorded:?}, the file holds {written:?}", module.file));
        }
        if let Some((a, b)) = module.collisions().first() {
            return Err(format!("{}: `{}` twice ({} and {})", module.file, a.name, a.from, b.from));
        }
    }
    let files: Vec<_> = files.keys().filter(|path| path.ends_with(".rs")).collect();
    if modules.len() != files.len() {
        return Err(format!("the layout has {} files, the emitters wrote {}", modules.len(), files.len()));
    }
    Ok(())
}
