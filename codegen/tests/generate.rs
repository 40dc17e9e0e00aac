//! The generator's output and diagnostics, under insta snapshots.
//!
//! - `real__*`: every file generated from the real specs, and a table of every
//!   wire name next to its Rust name, so a spec PR shows renames explicitly.
//! - `good__*`: small fixture services, one concern each (`fixtures/good`),
//!   whose generated crate must also pass clippy with `-D warnings`.
//! - `bad__*`: malformed specs, one mistake each (`fixtures/bad`), and the
//!   exact diagnostics they produce.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::ir::{TypeBody, TypeRef};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn snapshot_name(prefix: &str, path: &str) -> String {
    format!("{prefix}__{}", path.replace(['/', '.'], "_"))
}

#[test]
fn real_specs_output() {
    let files = codegen::generate(&repo().join("specs"), "specs").unwrap();
    assert!(files.len() >= 9, "{:?}", files.keys());
    for (path, text) in &files {
        insta::assert_snapshot!(snapshot_name("real", path), text);
    }
}

fn type_text(t: &TypeRef) -> String {
    match t {
        TypeRef::List(inner) => format!("Vec<{}>", type_text(inner)),
        TypeRef::Named(n) => n.rust_name.clone(),
        other => format!("{other:?}").to_lowercase(),
    }
}

/// Every name in the specs next to the Rust name the generator gives it.
fn names_table(specs: &Path, prefix: &str) -> String {
    let krate = codegen::check(specs, prefix).unwrap_or_else(|d| panic!("{d}"));
    let mut out = String::new();
    for s in &krate.services {
        writeln!(out, "service {} ({})", s.module, s.spec_file).unwrap();
        for t in &s.types {
            writeln!(out, "  type {} -> {}", t.wire_name, t.rust_name).unwrap();
        }
        for e in &s.common_errors {
            writeln!(out, "  common error {} -> CommonError::{}", e.code, e.rust_name).unwrap();
        }
        for op in &s.operations {
            writeln!(
                out,
                "  operation {} -> fn {}, {}, {}, {}",
                op.wire_name, op.module, op.request_type, op.response_type, op.error_type
            )
            .unwrap();
            for f in &op.request {
                writeln!(
                    out,
                    "    request {} -> {}: {}{}",
                    f.wire_name,
                    f.rust_name,
                    type_text(&f.ty),
                    if f.is_data() { "" } else { " (not a field)" }
                )
                .unwrap();
            }
            for f in &op.response {
                writeln!(
                    out,
                    "    response {} -> {}: {}{}",
                    f.wire_name,
                    f.rust_name,
                    type_text(&f.ty),
                    if f.is_data() { "" } else { " (envelope)" }
                )
                .unwrap();
            }
            for t in &op.types {
                writeln!(out, "    type {} -> {}", t.wire_name, t.rust_name).unwrap();
                match &t.body {
                    TypeBody::Struct(fields) => {
                        for f in fields {
                            writeln!(out, "      field {} -> {}: {}", f.wire_name, f.rust_name, type_text(&f.ty))
                                .unwrap();
                        }
                    }
                    TypeBody::Enum(_, values) => {
                        for v in values {
                            writeln!(out, "      value {:?} -> {}", v.value, v.rust_name).unwrap();
                        }
                    }
                }
            }
            for e in &op.errors {
                writeln!(out, "    error {} -> {}", e.code, e.rust_name).unwrap();
            }
        }
    }
    out
}

#[test]
fn real_specs_names() {
    insta::assert_snapshot!("real__names", names_table(&repo().join("specs"), "specs"));
}

#[test]
fn good_fixtures_output() {
    let files = codegen::generate(&fixtures().join("good"), "fixtures/good").unwrap();
    for (path, text) in &files {
        insta::assert_snapshot!(snapshot_name("good", path), text);
    }
    insta::assert_snapshot!("good__names", names_table(&fixtures().join("good"), "fixtures/good"));
}

#[test]
fn bad_fixtures_diagnostics() {
    let mut cases: Vec<PathBuf> = fs::read_dir(fixtures().join("bad")).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    assert!(cases.len() >= 20);
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let error = codegen::generate(&case, &format!("bad/{name}"))
            .err()
            .unwrap_or_else(|| panic!("fixture {name} was accepted"));
        insta::assert_snapshot!(format!("bad__{name}"), error.to_string());
    }
}

#[test]
fn output_is_deterministic() {
    let first = codegen::generate(&repo().join("specs"), "specs").unwrap();
    let second = codegen::generate(&repo().join("specs"), "specs").unwrap();
    assert_eq!(first, second);
    for (path, text) in &first {
        assert!(text.starts_with(codegen::plan::MARKER), "{path} lacks the @generated header");
        assert!(!text.contains('\r'), "{path} has CR line endings");
        assert!(text.ends_with('\n'), "{path} does not end with a newline");
    }
}

fn copy_dir(from: &Path, to: &Path) {
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

/// The fixtures' generated crate, with the real runtime, passes clippy with
/// `-D warnings` (and so `deny(missing_docs)` and `forbid(unsafe_code)`), and
/// its generated tests of the spec examples pass.
#[test]
fn good_fixtures_compile_cleanly() {
    let files = codegen::generate(&fixtures().join("good"), "fixtures/good").unwrap();
    let target = repo().join("target");
    let krate = target.join("fixture-crate");
    let _ = fs::remove_dir_all(krate.join("src"));
    fs::create_dir_all(&krate).unwrap();
    let manifest = fs::read_to_string(repo().join("generated/Cargo.toml")).unwrap();
    // The benchmarks measure the real operations, which the fixtures do not have.
    let manifest = manifest.split("\n[[bench]]").next().unwrap();
    // A workspace of its own, so the repository's workspace does not claim it.
    fs::write(krate.join("Cargo.toml"), format!("{manifest}\n[workspace]\n")).unwrap();
    fs::copy(repo().join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    copy_dir(&repo().join("generated/src/runtime"), &krate.join("src/runtime"));
    codegen::plan::apply(&krate, &codegen::plan::compare(&krate, &files).unwrap()).unwrap();
    // Cargo in the fixture crate, with its own target directory; fails the test with `what` and the output.
    let cargo = |args: &[&str], what: &str| {
        let output = Command::new(env!("CARGO"))
            .args(args)
            .current_dir(&krate)
            .env("CARGO_TARGET_DIR", target.join("fixture-check"))
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{what}:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    };
    cargo(
        &["clippy", "--offline", "--all-targets", "--quiet", "--", "-D", "warnings"],
        "the fixtures' generated crate does not pass clippy",
    );
    cargo(&["test", "--offline", "--quiet", "--test", "spec_examples"], "the fixtures' spec example tests fail");
}
