//! The generator's output and diagnostics, under insta snapshots.
//!
//! - `real__names`: a table of every wire name of the real specs next to its
//!   Rust name, so a spec PR shows renames explicitly. (The files generated from
//!   the real specs are not repeated here: `generated/` is their snapshot, and
//!   `cargo xtask check` fails when it is stale.)
//! - `good__*`: small fixture services, one concern each (`fixtures/good`),
//!   whose generated crate must also pass clippy with `-D warnings`.
//! - `bad__*`: malformed specs, one mistake each (`fixtures/bad`), and the
//!   exact diagnostics they produce.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::ir::{TypeBody, TypeRef};

mod common;

use common::{fixtures, repo};

fn snapshot_name(prefix: &str, path: &str) -> String {
    format!("{prefix}__{}", path.replace(['/', '.'], "_"))
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
        // The generated part of the manifest opens with its own (TOML) marker.
        let marker =
            codegen::plan::SECTIONS.iter().find(|(file, _)| file == path).map_or(codegen::plan::MARKER, |s| s.1);
        assert!(text.starts_with(marker), "{path} lacks the @generated header");
        assert!(!text.contains('\r'), "{path} has CR line endings");
        assert!(text.ends_with('\n'), "{path} does not end with a newline");
    }
}

/// The fixtures' generated crate, with the real runtime, passes clippy with
/// `-D warnings` (and so `deny(missing_docs)` and `forbid(unsafe_code)`), and
/// its generated tests of the spec examples pass.
#[test]
fn good_fixtures_compile_cleanly() {
    let files = codegen::generate(&fixtures().join("good"), "fixtures/good").unwrap();
    if let Err(failure) = common::check_crate("fixture-crate", &files) {
        panic!("the good fixtures' crate: {failure}");
    }
}

/// The features lint keeps service features away from are exactly the ones
/// `generated/Cargo.toml` declares by hand, above its generated part.
#[test]
fn manual_features_match_the_manifest() {
    let manifest = fs::read_to_string(repo().join("generated/Cargo.toml")).unwrap();
    let start = manifest.find("\n[features]\n").expect("the manifest has a [features] table");
    let end = manifest.find(codegen::plan::MANIFEST_MARKER).expect("the manifest has its generated part");
    assert!(start < end, "the generated part continues the [features] table");
    let mut declared: Vec<&str> = manifest[start..end]
        .lines()
        .filter_map(|line| line.split_once(" = ").map(|(name, _)| name))
        .filter(|name| !name.starts_with(['#', ' ']))
        .collect();
    declared.sort_unstable();
    let mut expected = codegen::layout::MANUAL_FEATURES.to_vec();
    expected.sort_unstable();
    assert_eq!(declared, expected);
    // Hand-written tables above the generated part: the generated lines must stay in `[features]`.
    assert!(manifest[start + 1..end].lines().all(|line| !line.starts_with('[') || line == "[features]"));
}

/// The path parameter validation lets credentials supply is the one the
/// protocol's runtime fills (`pub const PROJECT_ID: &str = "..."` in its file).
#[test]
fn credential_path_parameters_match_the_runtime() {
    for protocol in codegen::layout::RUNTIME_HEADERS.iter().map(|(p, _)| *p) {
        let (module, _) = codegen::layout::runtime_protocol(protocol);
        let source = fs::read_to_string(repo().join(format!("generated/src/runtime/{module}.rs"))).unwrap();
        let filled = source.split("pub const PROJECT_ID: &str = \"").nth(1).and_then(|rest| rest.split('"').next());
        assert_eq!(filled, codegen::layout::credential_path_parameter(protocol), "{module}.rs");
    }
}

/// The headers validation refuses as request parameters are exactly the ones
/// each protocol's runtime sets (`headers.push(("Name", ...))` in its file).
#[test]
fn runtime_headers_match_the_runtime() {
    for (protocol, listed) in codegen::layout::RUNTIME_HEADERS {
        let (module, _) = codegen::layout::runtime_protocol(*protocol);
        let source = fs::read_to_string(repo().join(format!("generated/src/runtime/{module}.rs"))).unwrap();
        let mut pushed: Vec<&str> = source
            .split("headers.push((\"")
            .skip(1)
            .filter_map(|rest| rest.split_once('"').map(|(name, _)| name))
            .collect();
        pushed.sort_unstable();
        pushed.dedup();
        assert!(!pushed.is_empty(), "{module}.rs pushes no header");
        for name in &pushed {
            assert!(listed.contains(name), "{module}.rs sets `{name}`, which layout::RUNTIME_HEADERS does not list");
        }
        for name in *listed {
            assert!(
                source.contains(&format!("\"{name}\"")),
                "layout::RUNTIME_HEADERS lists `{name}`, which {module}.rs never names"
            );
        }
    }
}

/// `layout::modules` records exactly the names each generated file holds:
/// the emitters and the collision checks read one account of them.
#[test]
fn the_layout_is_what_the_emitters_write() {
    for (specs, prefix) in [(repo().join("specs"), "specs"), (fixtures().join("good"), "fixtures/good")] {
        let krate = codegen::check(&specs, prefix).unwrap();
        if let Err(drift) = common::layout_matches(&krate, &codegen::emit::emit(&krate)) {
            panic!("{prefix}: {drift}");
        }
    }
}

/// The last check of validation: a name a module would hold twice is found
/// from the layout alone, whatever the checks before it missed.
#[test]
fn the_layout_finds_a_name_held_twice() {
    let mut krate = codegen::check(&repo().join("specs"), "specs").unwrap();
    assert!(codegen::layout::modules(&krate).iter().all(|m| m.collisions().is_empty()));
    let tencent = krate.services.iter_mut().find(|s| s.module == "tencent_live").unwrap();
    tencent.operations[0].response_type = "Client".to_owned();
    let modules = codegen::layout::modules(&krate);
    let service = modules.iter().find(|m| m.file == "src/tencent_live/mod.rs").unwrap();
    let found: Vec<String> = service.collisions().iter().map(|(a, b)| format!("{} / {}", a.from, b.from)).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("the service client"), "{found:?}");
}

/// What every generated file of the real specs holds: a spec change that adds,
/// removes or renames a Rust item shows here.
#[test]
fn real_specs_modules() {
    let krate = codegen::check(&repo().join("specs"), "specs").unwrap();
    let mut out = String::new();
    for module in codegen::layout::modules(&krate) {
        writeln!(out, "{}", module.file).unwrap();
        let mut names = module.names.clone();
        names.sort();
        for n in names {
            writeln!(out, "  {:?} {:?} {} ({})", n.namespace, n.how, n.name, n.from).unwrap();
        }
    }
    insta::assert_snapshot!("real__modules", out);
}

/// What a service costs every build of `cloud-live` does not grow with its
/// operations (`emit`'s module docs): each function written per operation or
/// per type is compiled in the crate that calls it.
#[test]
fn an_operation_adds_no_function_that_every_build_compiles() {
    // rustc compiles a library's public functions to machine code in every
    // build unless they are `#[inline]`, `async` or generic over a type. Copy
    // one operation of every service under a new name: the functions compiled
    // in every build must stay exactly those written once per service.
    for (specs, prefix) in [(repo().join("specs"), "specs"), (fixtures().join("good"), "fixtures/good")] {
        let before = compiled_in_every_build(&codegen::generate(&specs, prefix).unwrap());
        let dir = tempfile::tempdir().unwrap();
        common::copy_dir(&specs, dir.path());
        let mut copied = 0;
        for service in fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()) {
            let mut operations: Vec<PathBuf> = fs::read_dir(&service)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| {
                    let name = p.file_name().unwrap().to_str().unwrap();
                    name.ends_with(".yaml") && name != "service.yaml" && name != "types.yaml"
                })
                .collect();
            operations.sort();
            // One that declares no types of its own, whose names the copy would repeat.
            let texts = operations.iter().map(|p| fs::read_to_string(p).unwrap());
            let Some(text) = texts.into_iter().find(|t| !t.lines().any(|l| l.starts_with("types:"))) else { continue };
            let name = text.lines().find_map(|l| l.strip_prefix("name: ")).unwrap().trim().to_owned();
            let copy = text.replacen(&format!("name: {name}"), &format!("name: {name}Copied"), 1);
            fs::write(service.join(format!("{name}Copied.yaml")), copy).unwrap();
            copied += 1;
        }
        assert!(copied > 1, "{prefix}: only {copied} services");
        let after = codegen::generate(dir.path(), prefix).unwrap_or_else(|d| panic!("{prefix}: {d}"));
        let after = compiled_in_every_build(&after);
        assert!(!before.is_empty(), "{prefix}: no function written once per service");
        let added: Vec<_> = after.difference(&before).collect();
        assert!(added.is_empty(), "{prefix}: compiled in every build, once per operation:\n{added:#?}");
    }
}

/// `path: Type::function` for every function of the `impl`s in the library's
/// files that rustc compiles whether or not it is called.
fn compiled_in_every_build(files: &codegen::emit::Files) -> std::collections::BTreeSet<String> {
    let mut found = std::collections::BTreeSet::new();
    for (path, text) in files.iter().filter(|(p, _)| p.starts_with("src/") && p.ends_with(".rs")) {
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        for item in &file.items {
            let syn::Item::Impl(block) = item else { continue };
            if codegen::emit::has_type_parameters(&block.generics) {
                continue;
            }
            let ty = &block.self_ty;
            let ty = quote::quote!(#ty).to_string();
            for member in &block.items {
                let syn::ImplItem::Fn(f) = member else { continue };
                if !codegen::emit::compiled_on_use(f) {
                    found.insert(format!("{path}: {ty}::{}", f.sig.ident));
                }
            }
        }
    }
    found
}
