//! The loader on arbitrary and hostile input: it returns diagnostics, never
//! panics, never hangs, and refuses oversized files before reading them whole.

use std::fs;

use codegen::load::parse_bytes;
use codegen::schema::{self, OPERATION_SCHEMA};
use codegen::spec::OperationSpec;
use proptest::prelude::*;

fn load(bytes: &[u8]) -> Result<OperationSpec, Vec<codegen::Diagnostic>> {
    parse_bytes::<OperationSpec>(bytes, "fuzz.yaml", &schema::operation_schema(), OPERATION_SCHEMA).0
}

/// Text built from YAML's own punctuation, so the parser sees many shapes.
fn yamlish() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("\n".to_owned()),
        Just("  ".to_owned()),
        Just("- ".to_owned()),
        Just(": ".to_owned()),
        Just("name".to_owned()),
        Just("request".to_owned()),
        Just("type".to_owned()),
        Just("&a ".to_owned()),
        Just("*a".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("? ".to_owned()),
        Just("---\n".to_owned()),
        Just("\t".to_owned()),
        Just("~".to_owned()),
        Just("!!binary ".to_owned()),
        "[a-z0-9]{1,6}".prop_map(|s| s),
    ];
    prop::collection::vec(pieces, 0..200).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        if let Err(problems) = load(&bytes) {
            prop_assert!(!problems.is_empty());
            for p in &problems {
                prop_assert!(!p.to_string().is_empty());
            }
        }
    }

    #[test]
    fn yaml_shaped_text_never_panics(text in yamlish()) {
        let with_modeline = format!("{}\n{text}", schema::modeline(OPERATION_SCHEMA));
        for input in [text.as_str(), with_modeline.as_str()] {
            if let Err(problems) = load(input.as_bytes()) {
                prop_assert!(!problems.is_empty());
                // Every problem renders, and names the file.
                for p in &problems {
                    prop_assert!(p.to_string().contains("fuzz.yaml"));
                }
            }
        }
    }
}

#[test]
fn a_huge_file_is_refused_by_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let service = dir.path().join("svc");
    fs::create_dir_all(&service).unwrap();
    let fixtures = std::path::Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").unwrap())
        .join("tests/fixtures/bad/unknown_key/svc/service.yaml");
    fs::copy(fixtures, service.join("service.yaml")).unwrap();
    let line = "  - {name: A, type: string, description: padding padding padding padding padding}\n";
    let mut text = format!("{}\nname: Op\nrequest:\n", schema::modeline(OPERATION_SCHEMA));
    while text.len() <= codegen::load::MAX_FILE_BYTES as usize {
        text.push_str(line);
    }
    fs::write(service.join("Op.yaml"), &text).unwrap();
    let error = codegen::generate(dir.path(), "huge").unwrap_err().to_string();
    assert!(error.contains("huge/svc/Op.yaml"), "{error}");
    assert!(
        error.contains(&format!(
            "the file is {} bytes; spec files are limited to {}",
            text.len(),
            codegen::load::MAX_FILE_BYTES
        )),
        "{error}"
    );
}

#[test]
fn an_alias_bomb_is_refused_before_it_expands() {
    // A billion laughs: nine levels of nine aliases each.
    let mut text = format!(
        "{}\nname: Op\nexample:\n  a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n",
        schema::modeline(OPERATION_SCHEMA)
    );
    let names: Vec<char> = "abcdefghij".chars().collect();
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(",");
        text.push_str(&format!("  {}: &{} [{refs}]\n", pair[1], pair[1]));
    }
    let problems = load(text.as_bytes()).unwrap_err();
    assert!(problems.iter().any(|p| p.message.starts_with("a YAML alias")), "{problems:?}");
}

/// Only directories and regular files under the spec directory are read: a
/// link (to a file or a directory, inside or outside) and a FIFO are reported
/// where they are, without being followed or opened, so nothing outside
/// `specs/` is read and nothing blocks. An editor's dangling lock link
/// (`.#Op.yaml`) is ignored like every dot-file.
#[cfg(unix)]
#[test]
fn links_and_fifos_are_reported_not_followed() {
    use std::os::unix::fs::symlink;
    use std::sync::mpsc;
    use std::time::Duration;

    let manifest = std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    let service = specs.join("svc");
    fs::create_dir_all(&service).unwrap();
    for file in ["service.yaml", "DeleteItem.yaml"] {
        fs::copy(manifest.join("tests/fixtures/good/rest").join(file), service.join(file)).unwrap();
    }
    let outside = dir.path().join("outside");
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("Secret.yaml"), "name: not a spec of this tree\n").unwrap();
    symlink(outside.join("Secret.yaml"), service.join("Linked.yaml")).unwrap();
    symlink(&outside, specs.join("linked_service")).unwrap();
    symlink(dir.path().join("nowhere"), service.join(".#DeleteItem.yaml")).unwrap();
    let status = std::process::Command::new("mkfifo").arg(service.join("Fifo.yaml")).status().unwrap();
    assert!(status.success(), "mkfifo");

    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let result = codegen::check(&specs, "specs").map(|_| ()).map_err(|d| d.to_string());
        let _ = send.send(result);
    });
    let report = receive.recv_timeout(Duration::from_secs(30)).expect("lint finishes without waiting on the FIFO");
    let report = report.expect_err("the links and the FIFO are refused");
    // The renderer indents `-->` by the width of the line numbers shown.
    let report: String = report.lines().map(|l| format!("{}\n", l.trim_start())).collect();
    assert!(report.contains("error: a symbolic link in the spec directory\n--> specs/svc/Linked.yaml"), "{report}");
    assert!(report.contains("error: a symbolic link in the spec directory\n--> specs/linked_service"), "{report}");
    assert!(
        report.contains("error: not a regular file (a FIFO, socket or device)\n--> specs/svc/Fifo.yaml"),
        "{report}"
    );
    assert!(
        !report.contains("not a spec of this tree") && !report.contains("Secret"),
        "nothing outside is read: {report}"
    );
    assert!(!report.contains(".#DeleteItem"), "{report}");
    assert!(report.trim_end().ends_with("3 problems in the specs"), "{report}");
}
