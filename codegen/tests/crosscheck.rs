//! The crosscheck of the real Tencent specs against the committed excerpts of
//! Tencent's metadata, and what it reports when a spec and the metadata disagree.

use std::path::PathBuf;

use codegen::import::crosscheck::{self, TencentMetadata};
use codegen::import::tencent;
use codegen::load::{self, Blob, LoadOptions, MemoryTree};

fn manifest_dir() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap())
}

fn metadata_dir() -> PathBuf {
    manifest_dir().join("tests/fixtures/metadata/tencent_live")
}

struct Metadata {
    api: tencent::Api,
    examples: tencent::Examples,
    errors: std::collections::BTreeMap<String, Vec<String>>,
}

fn metadata() -> Metadata {
    let read = |name: &str| std::fs::read_to_string(metadata_dir().join(name)).unwrap();
    Metadata {
        api: serde_json::from_str(&read("api.json")).unwrap(),
        examples: serde_json::from_str(&read("examples.json")).unwrap(),
        errors: tencent::go_error_codes(&read("client.go")),
    }
}

/// A change to the text of one spec file, by its path under `specs/`.
type Edit<'a> = (&'a str, &'a dyn Fn(&str) -> String);

/// The real specs, with `edit` applied to the text of one file.
fn specs(edit: Option<Edit<'_>>) -> MemoryTree {
    let root = manifest_dir().join("../specs");
    let mut tree = MemoryTree::default();
    for service in std::fs::read_dir(&root).unwrap() {
        let service = service.unwrap();
        let name = service.file_name().to_string_lossy().into_owned();
        for file in std::fs::read_dir(service.path()).unwrap() {
            let file = file.unwrap();
            let path = format!("{name}/{}", file.file_name().to_string_lossy());
            let mut text = std::fs::read_to_string(file.path()).unwrap();
            if let Some((target, f)) = edit
                && target == path
            {
                text = f(&text);
            }
            tree.0.insert(path, Blob::Bytes(text.into_bytes()));
        }
    }
    tree
}

fn check(tree: &MemoryTree, metadata: &Metadata) -> Vec<String> {
    let loaded = load::load_tree(tree, "specs", LoadOptions::default());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let service = loaded.services.iter().find(|s| s.dir == "tencent_live").unwrap();
    let m = TencentMetadata {
        api: &metadata.api,
        examples: Some(&metadata.examples),
        action_errors: Some(&metadata.errors),
    };
    crosscheck::tencent(service, &m).into_iter().map(|d| loaded.sources.locate(d).to_string()).collect()
}

#[test]
fn the_real_specs_agree_with_the_metadata_or_record_why() {
    let metadata = metadata();
    let found = check(&specs(None), &metadata);
    assert!(found.is_empty(), "{}", found.join("\n"));
    // Every action of the metadata has a spec that names it.
    let loaded = load::load_tree(&specs(None), "specs", LoadOptions::default());
    let service = loaded.services.iter().find(|s| s.dir == "tencent_live").unwrap();
    for action in metadata.api.actions.keys() {
        let op = service.operations.iter().find(|o| &o.spec.name == action);
        assert!(op.is_some_and(|o| o.spec.source.metadata.is_some()), "{action} has no spec naming the metadata");
    }
}

#[test]
fn disagreements_are_located_and_notes_accept_them() {
    let metadata = metadata();
    let file = "tencent_live/DropLiveStream.yaml";
    // The width of a member, a required flag, a missing member and a code the SDK does not list.
    let edit = |t: &str| {
        t.replacen("- name: StreamName\n  type: string\n  required: true", "- name: StreamName\n  type: string", 1)
            .replacen("- name: AppName\n  type: string\n  required: true\n  description: 推流路径，与推流和播放地址中的AppName保持一致，默认为 live。\n  example: live\n", "", 1)
            .replacen("errors:\n", "errors:\n- code: InternalError.MadeUp\n  description: Not in the SDK.\n", 1)
    };
    let found = check(&specs(Some((file, &edit))), &metadata);
    let text = found.join("\n");
    assert!(
        text.contains(
            "`StreamName` is optional in the spec, required in the metadata (crosscheck `request.StreamName: required`)"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "the metadata has member `AppName` (string), which the spec lacks (crosscheck `request.AppName: missing`)"
        ),
        "{text}"
    );
    assert!(text.contains("(crosscheck `errors.InternalError.MadeUp: extra`)"), "{text}");
    assert!(text.contains("--> specs/tencent_live/DropLiveStream.yaml:"), "{text}");
    assert_eq!(found.len(), 3, "{text}");

    // A note that names a key accepts that disagreement; a key nothing disagrees with is stale.
    let accepted = |t: &str| {
        format!(
            "{}notes:\n- subject: StreamName\n  page: p\n  choice: c\n  reason: r\n  crosscheck:\n  - 'request.StreamName: required'\n  - 'request.DomainName: type'\n",
            edit(t)
        )
    };
    let found = check(&specs(Some((file, &accepted))), &metadata);
    let text = found.join("\n");
    assert_eq!(found.len(), 3, "{text}");
    assert!(!text.contains("request.StreamName: required`)"), "{text}");
    assert!(
        text.contains("the note accepts `request.DomainName: type`, which the metadata no longer disagrees with"),
        "{text}"
    );
}

#[test]
fn a_length_the_text_states_is_compared() {
    let metadata = metadata();
    let file = "tencent_live/AddLiveWatermark.yaml";
    let dropped = |t: &str| t.replacen("  constraints:\n    max_bytes: 30\n", "", 1);
    let found = check(&specs(Some((file, &dropped))), &metadata);
    let text = found.join("\n");
    assert!(
        text.contains(
            "the metadata's text limits `WatermarkName` to 30 bytes (`max_bytes: 30`); the spec has no maximum length \
             (crosscheck `request.WatermarkName: length`)"
        ),
        "{text}"
    );
    let counted_in_chars = |t: &str| t.replacen("    max_bytes: 30\n", "    max_chars: 30\n", 1);
    let found = check(&specs(Some((file, &counted_in_chars))), &metadata);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("the spec says max_chars 30"), "{}", found[0]);
}
