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

/// `text` with its first `from` replaced; `from` must be there.
fn replaced(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "`{from}` is not in the spec");
    text.replacen(from, to, 1)
}

fn huawei_sdk() -> codegen::import::huawei::Sdk {
    let path = manifest_dir().join("tests/fixtures/metadata/huawei_live/live.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The Go SDK's models, `go/v1/*.go` and `go/v2/*.go`, as `cargo xtask crosscheck huawei --go-dir` reads them.
fn huawei_go() -> codegen::import::huawei_go::Sdk {
    let dir = manifest_dir().join("tests/fixtures/metadata/huawei_live/go");
    let modules: Vec<(String, Vec<(String, String)>)> = ["v1", "v2"]
        .iter()
        .map(|module| {
            let mut files: Vec<(String, String)> = std::fs::read_dir(dir.join(module))
                .unwrap()
                .map(|e| e.unwrap().path())
                .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
                .collect();
            files.sort();
            (module.to_string(), files)
        })
        .collect();
    codegen::import::huawei_go::Sdk::parse(&modules).unwrap()
}

fn check_huawei(
    tree: &MemoryTree,
    sdk: &codegen::import::huawei::Sdk,
    go: Option<&codegen::import::huawei_go::Sdk>,
    service: &str,
) -> Vec<String> {
    let loaded = load::load_tree(tree, "specs", LoadOptions::default());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let service = loaded.services.iter().find(|s| s.dir == service).unwrap();
    crosscheck::huawei(service, sdk, go).into_iter().map(|d| loaded.sources.locate(d).to_string()).collect()
}

#[test]
fn the_huawei_specs_agree_with_the_sdk_or_record_why() {
    let (sdk, go) = (huawei_sdk(), huawei_go());
    for service in ["huawei_live", "huawei_live_v2"] {
        // With the Go SDK's models (widths, enums, times), and with the Python SDK's metadata alone.
        for go in [Some(&go), None] {
            let found = check_huawei(&specs(None), &sdk, go, service);
            assert!(found.is_empty(), "{service}, with the Go models: {}\n{}", go.is_some(), found.join("\n"));
        }
    }
}

#[test]
fn huawei_disagreements_are_located() {
    let sdk = huawei_sdk();
    let file = "huawei_live/ShowDomain.yaml";
    // A location, a required flag, a member the SDK lacks.
    let edit = |t: &str| {
        let t = replaced(t, "- name: domain\n  in: query\n", "- name: domain\n  in: header\n");
        let optional = "- name: enterprise_project_id\n  in: query\n  type: string\n";
        let t = replaced(&t, optional, &format!("{optional}  required: true\n"));
        let extra = "- name: made_up\n  in: query\n  type: string\n  description: Not in the SDK.\n";
        replaced(&t, "request:\n", &format!("request:\n{extra}"))
    };
    let found = check_huawei(&specs(Some((file, &edit))), &sdk, None, "huawei_live");
    let text = found.join("\n");
    assert!(
        text.contains(
            "`domain` is sent in a header by the spec, in the query by the SDK (crosscheck `request.domain: location`)"
        ),
        "{text}"
    );
    assert!(text.contains("(crosscheck `request.enterprise_project_id: required`)"), "{text}");
    assert!(text.contains("`made_up` is not a member in the SDK (crosscheck `request.made_up: extra`)"), "{text}");
    assert!(text.contains("--> specs/huawei_live/ShowDomain.yaml:"), "{text}");
    assert_eq!(found.len(), 3, "{text}");

    // The SDK's map (`dict(str, str)`): dropped, or of another value type.
    let file = "huawei_live/UpdatePullSourcesConfig.yaml";
    let map =
        "- name: additional_args\n  in: body\n  type: map<string>\n  description: 回源客户源站时在URL携带的参数。\n";
    let other = map.replace("map<string>", "map<i64>");
    for (edit, key) in [("", "missing"), (other.as_str(), "type")] {
        let edited = |t: &str| replaced(t, map, edit);
        let found = check_huawei(&specs(Some((file, &edited))), &sdk, None, "huawei_live");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains(&format!("(crosscheck `request.additional_args: {key}`)")), "{}", found[0]);
    }
    // The SDK's JSON array body, sent as a member of an object instead.
    let file = "huawei_live/CreateFlowOutput.yaml";
    let member = |t: &str| replaced(t, "- name: body\n  in: payload\n", "- name: body\n  in: body\n");
    let found = check_huawei(&specs(Some((file, &member))), &sdk, None, "huawei_live");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("(crosscheck `request.body: location`)"), "{}", found[0]);
}

#[test]
fn huawei_widths_enums_and_times_are_the_go_sdks() {
    let (sdk, go) = (huawei_sdk(), huawei_go());
    let file = "huawei_live/ListLiveSampleLogs.yaml";
    // A width the Go SDK does not have, a time without its format.
    let edit = |t: &str| {
        let t = replaced(t, "- name: total\n  type: i32\n", "- name: total\n  type: i64\n");
        replaced(&t, "  constraints:\n    format: yyyy-MM-ddTHH:mm:ssZ\n- name: end_time", "- name: end_time")
    };
    let found = check_huawei(&specs(Some((file, &edit))), &sdk, Some(&go), "huawei_live");
    let text = found.join("\n");
    assert!(
        text.contains("`total` is `i64` in the spec and `i32` in the SDK (crosscheck `response.total: type`)"),
        "{text}"
    );
    assert!(
        text.contains(
            "`start_time` is a time the SDK writes as `yyyy-MM-ddTHH:mm:ssZ`; the spec says no format \
             (crosscheck `request.start_time: format`)"
        ),
        "{text}"
    );
    assert!(text.contains("--> specs/huawei_live/ListLiveSampleLogs.yaml:"), "{text}");
    assert_eq!(found.len(), 2, "{text}");
    // Without the Go SDK, the Python SDK's `int` has no width and no time has a format: no disagreement.
    assert_eq!(check_huawei(&specs(Some((file, &edit))), &sdk, None, "huawei_live"), Vec::<String>::new());

    // A string where the SDK has an enum, and an enum that lacks one of the SDK's values.
    let file = "huawei_live/ShowChannelStatistic.yaml";
    let edit = |t: &str| {
        let t = replaced(
            t,
            "  - name: region_type\n    type: Scte35InfoItemRegionType\n",
            "  - name: region_type\n    type: string\n",
        );
        replaced(&t, "  - value: slave\n    description: '\"slave\"'\n", "")
    };
    let found = check_huawei(&specs(Some((file, &edit))), &sdk, Some(&go), "huawei_live");
    let text = found.join("\n");
    assert!(
        text.contains(
            "`region_type` is `string` in the spec and `Scte35InfoItemRegionType` in the SDK \
             (crosscheck `types.SCTE35InfoItem.region_type: type`)"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "the values of `Scte35InfoItemRegionType` differ from the SDK's: the spec lacks \"slave\" \
             (crosscheck `types.Scte35InfoItemRegionType: values`)"
        ),
        "{text}"
    );
    assert_eq!(found.len(), 2, "{text}");
    // Values a text lists where the Go SDK declares no enum: compared by their values, whatever
    // the spec names the enum.
    let v2_file = "huawei_live_v2/ListUsersOfStream.yaml";
    let plain = |t: &str| {
        replaced(t, "- name: isp\n  in: query\n  type: list<Isp>\n", "- name: isp\n  in: query\n  type: list<string>\n")
    };
    let found = check_huawei(&specs(Some((v2_file, &plain))), &sdk, Some(&go), "huawei_live_v2");
    let text = found.join("\n");
    assert!(
        text.contains(
            "the metadata's text lists the values \"CMCC\", \"CTCC\", \"CUCC\", \"OTHER\" for `isp`; the spec's type `list<string>` is no enum of them (crosscheck `request.isp: values`)"
        ),
        "{text}"
    );
    assert_eq!(found.len(), 1, "{text}");
    // A note accepts a disagreement as before.
    let accepted = |t: &str| {
        replaced(
            &edit(t),
            "notes:\n",
            "notes:\n- subject: region_type\n  page: p\n  choice: c\n  reason: r\n  crosscheck:\n  - 'types.Scte35InfoItemRegionType: values'\n",
        )
    };
    let found = check_huawei(&specs(Some((file, &accepted))), &sdk, Some(&go), "huawei_live");
    assert_eq!(found.len(), 1, "{found:?}");
}

fn volcengine_sdk() -> codegen::import::volcengine::Sdk {
    let dir = manifest_dir().join("tests/fixtures/metadata/volcengine_live");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    codegen::import::volcengine::Sdk::parse(&read("config.go"), &read("model.go")).unwrap()
}

fn check_volcengine(tree: &MemoryTree, sdk: &codegen::import::volcengine::Sdk) -> Vec<String> {
    let loaded = load::load_tree(tree, "specs", LoadOptions::default());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let service = loaded.services.iter().find(|s| s.dir == "volcengine_live_v2023").unwrap();
    crosscheck::volcengine(service, sdk).into_iter().map(|d| loaded.sources.locate(d).to_string()).collect()
}

#[test]
fn the_volcengine_specs_agree_with_the_sdk_or_record_why() {
    let sdk = volcengine_sdk();
    let found = check_volcengine(&specs(None), &sdk);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn volcengine_disagreements_are_located() {
    let sdk = volcengine_sdk();
    let file = "volcengine_live_v2023/DescribeLiveStreamInfoByPage.yaml";
    // A width, a required flag, a member the SDK lacks, one of a type it has that the spec lacks;
    // saying where a GET's field travels by default is no disagreement.
    let edit = |t: &str| {
        let t = replaced(t, "- name: PageNum\n  type: i32\n", "- name: PageNum\n  in: query\n  type: i32\n");
        let t = replaced(&t, "- name: RoughCount\n  type: i32\n", "- name: RoughCount\n  type: i64\n");
        let t = replaced(
            &t,
            "- name: QueryType\n  type: StreamNameMatchType\n",
            "- name: QueryType\n  type: StreamNameMatchType\n  required: true\n",
        );
        let extra = "- name: MadeUp\n  type: string\n  description: Not in the SDK.\n";
        let t = replaced(&t, "request:\n", &format!("request:\n{extra}"));
        replaced(&t, "  - name: ID\n    type: i64\n    required: true\n    description: 在线流的 ID。\n", "")
    };
    let found = check_volcengine(&specs(Some((file, &edit))), &sdk);
    let text = found.join("\n");
    assert!(
        text.contains(
            "`RoughCount` is `i64` in the spec and `i32` in the SDK (crosscheck `response.RoughCount: type`)"
        ),
        "{text}"
    );
    assert!(text.contains("(crosscheck `request.QueryType: required`)"), "{text}");
    assert!(text.contains("`MadeUp` is not a member in the SDK (crosscheck `request.MadeUp: extra`)"), "{text}");
    assert!(text.contains("(crosscheck `types.DescribeLiveStreamInfoByPageStreamInfo.ID: missing`)"), "{text}");
    assert!(text.contains("--> specs/volcengine_live_v2023/DescribeLiveStreamInfoByPage.yaml:"), "{text}");
    assert_eq!(found.len(), 4, "{text}");

    // An action no spec has, and no note accepts, is reported at the service; a note accepts it.
    let mut tree = specs(None);
    tree.0.remove("volcengine_live_v2023/DescribeIpInfo.yaml").expect("the spec of DescribeIpInfo");
    let found = check_volcengine(&tree, &sdk);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("the SDK has operation `DescribeIpInfo` of version 2023-01-01, which no spec has"),
        "{}",
        found[0]
    );
    let note = "  - subject: DescribeIpInfo\n    page: The SDK has it.\n    choice: No spec.\n    reason: A test.\n    crosscheck:\n      - 'operations.DescribeIpInfo: missing'\n";
    let accepted = |t: &str| replaced(t, "notes:\n", &format!("notes:\n{note}"));
    let mut tree = specs(Some(("volcengine_live_v2023/service.yaml", &accepted)));
    tree.0.remove("volcengine_live_v2023/DescribeIpInfo.yaml");
    assert_eq!(check_volcengine(&tree, &sdk), Vec::<String>::new());
}

#[test]
fn volcengine_enums_are_compared_by_their_values_whatever_the_spec_names_them() {
    let sdk = volcengine_sdk();
    // A person named the drafted enum (`TimeStampBase`): another name is no disagreement.
    let renamed = |t: &str| {
        t.replace("type: TimeStampBase", "type: TimestampRadix")
            .replace("- name: TimeStampBase\n  description:", "- name: TimestampRadix\n  description:")
    };
    let mut tree = specs(None);
    for file in ["types.yaml", "DescribeAuth.yaml", "UpdateAuthKey.yaml"] {
        let path = format!("volcengine_live_v2023/{file}");
        let Some(Blob::Bytes(bytes)) = tree.0.get(&path) else { panic!("{path}") };
        let text = renamed(std::str::from_utf8(bytes).unwrap());
        tree.0.insert(path, Blob::Bytes(text.into_bytes()));
    }
    assert_eq!(check_volcengine(&tree, &sdk), Vec::<String>::new());
    // A string where the SDK's comment lists values; an enum that lacks one.
    let file = "volcengine_live_v2023/DescribeLiveStreamInfoByPage.yaml";
    let plain = |t: &str| {
        replaced(t, "- name: QueryType\n  type: StreamNameMatchType\n", "- name: QueryType\n  type: string\n")
    };
    let found = check_volcengine(&specs(Some((file, &plain))), &sdk);
    let text = found.join("\n");
    assert!(
        text.contains(
            "the metadata's text lists the values \"fuzzy\", \"strict\" for `QueryType`; the spec's type `string` is no enum of them (crosscheck `request.QueryType: values`)"
        ),
        "{text}"
    );
    assert_eq!(found.len(), 1, "{text}");
    let lacking = |t: &str| replaced(t, "  - value: 16\n    rust_name: Hexadecimal\n    description: 十六进制\n", "");
    let found = check_volcengine(&specs(Some(("volcengine_live_v2023/types.yaml", &lacking))), &sdk);
    let text = found.join("\n");
    assert!(
        text.contains("the values of `TimeStampBase` differ from those the metadata's text lists for `TimeStampBase`: the enum lacks 16"),
        "{text}"
    );
    // DescribeAuth's answer and UpdateAuthKey's request use it.
    assert_eq!(found.len(), 2, "{text}");
}

#[test]
fn the_values_a_text_lists_are_compared_with_the_enum() {
    let metadata = metadata();
    // ModifyCaster's PgmVcodec lists h264 and h265: a plain string is no enum of them.
    let file = "tencent_live/ModifyCaster.yaml";
    let plain =
        |t: &str| t.replacen("- name: PgmVcodec\n  type: PgmVcodec\n", "- name: PgmVcodec\n  type: string\n", 1);
    let found = check(&specs(Some((file, &plain))), &metadata);
    let text = found.join("\n");
    assert!(
        text.contains(
            "the metadata's text lists the values \"h264\", \"h265\" for `PgmVcodec`; the spec's type `string` is no enum of them (crosscheck `request.PgmVcodec: values`)"
        ),
        "{text}"
    );
    assert!(text.contains("--> specs/tencent_live/ModifyCaster.yaml:"), "{text}");
    assert_eq!(found.len(), 1, "{text}");
    // An enum with a value the text does not list, and without one it does.
    let file = "tencent_live/types.yaml";
    let other = |t: &str| t.replacen("  - value: h265\n", "  - value: av1\n", 1);
    let found = check(&specs(Some((file, &other))), &metadata);
    let text = found.join("\n");
    assert!(
        text.contains(
            "the values of `PgmVcodec` differ from those the metadata's text lists for `PgmVcodec`: the enum lacks \"h265\"; the enum has \"av1\", which the text does not list"
        ),
        "{text}"
    );
    // CasterInfo, CreateCaster and ModifyCaster all use it.
    assert_eq!(found.len(), 3, "{text}");
}
