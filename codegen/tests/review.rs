//! The change report's classification, one rule per test, on edits of the real
//! specs; the rendered report and the coverage report as snapshots.

use std::collections::BTreeMap;
use std::fs;

use codegen::load::{Blob, LoadOptions, MemoryTree};
use codegen::review::{self, Change, Impact, Report};

const RESUME: &str = "tencent_live/ResumeLiveStream.yaml";
const PACKAGES: &str = "tencent_live/DescribeLivePackageInfo.yaml";
const TENCENT: &str = "tencent_live/service.yaml";
const QUOTA: &str = "volcengine_live/DescribeStreamQuotaConfig.yaml";
const VOLC: &str = "volcengine_live_v2023/service.yaml";
const TRAFFIC: &str = "huawei_live/ShowTraffic.yaml";

/// `codegen/` of the checkout under test (cargo sets this when it runs the test).
fn manifest_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("run the tests with cargo"))
}

/// The real specs, as text by relative path.
/// How many of `specs` are operation files (not `service.yaml` or `types.yaml`).
fn operation_files(specs: &BTreeMap<String, String>) -> usize {
    specs.keys().filter(|f| !f.ends_with("/service.yaml") && !f.ends_with("/types.yaml")).count()
}

fn real_specs() -> BTreeMap<String, String> {
    let root = manifest_dir().join("../specs");
    let mut out = BTreeMap::new();
    for service in fs::read_dir(&root).unwrap() {
        let service = service.unwrap();
        let name = service.file_name().to_string_lossy().into_owned();
        if name == "schema" {
            continue;
        }
        for file in fs::read_dir(service.path()).unwrap() {
            let file = file.unwrap();
            let text = fs::read_to_string(file.path()).unwrap();
            out.insert(format!("{name}/{}", file.file_name().to_string_lossy()), text);
        }
    }
    out
}

fn check(files: &BTreeMap<String, String>, prefix: &str) -> codegen::ir::Crate {
    let tree = MemoryTree(files.iter().map(|(p, t)| (p.clone(), Blob::Bytes(t.as_bytes().to_vec()))).collect());
    codegen::check_tree(&tree, prefix, LoadOptions::default()).unwrap_or_else(|d| panic!("{d}"))
}

/// A spec edit: in `file`, replace the one occurrence of `from` with `to`.
struct Edit<'a>(&'a str, &'a str, &'a str);

/// A spec edit made everywhere `from` occurs in `file` (at least once), e.g. in
/// every item of a documented example that a new field must appear in.
struct EditEach<'a>(&'a str, &'a str, &'a str);

fn apply(files: &mut BTreeMap<String, String>, edits: &[Edit<'_>]) {
    for Edit(file, from, to) in edits {
        let text = files.get_mut(*file).unwrap_or_else(|| panic!("no file {file}"));
        assert_eq!(text.matches(from).count(), 1, "`{from}` must occur exactly once in {file}");
        *text = text.replacen(from, to, 1);
    }
}

fn apply_each(files: &mut BTreeMap<String, String>, edits: &[EditEach<'_>]) {
    for EditEach(file, from, to) in edits {
        let text = files.get_mut(*file).unwrap_or_else(|| panic!("no file {file}"));
        assert!(text.contains(from), "`{from}` does not occur in {file}");
        *text = text.replace(from, to);
    }
}

fn review(edits: &[Edit<'_>]) -> Report {
    review_each(edits, &[])
}

fn review_each(edits: &[Edit<'_>], each: &[EditEach<'_>]) -> Report {
    let base = real_specs();
    let mut head = base.clone();
    apply(&mut head, edits);
    apply_each(&mut head, each);
    review::diff(&check(&base, "base"), &check(&head, "specs"))
}

/// The one change whose "subject: detail" line contains `needle`.
fn only<'r>(report: &'r Report, needle: &str) -> &'r Change {
    let found: Vec<&Change> =
        report.changes().filter(|c| format!("{}: {}", c.subject, c.detail).contains(needle)).collect();
    assert_eq!(found.len(), 1, "expected one change about {needle}, got {found:#?}\nall: {:#?}", report.sections);
    found[0]
}

fn assert_change(report: &Report, subject: &str, impacts: &[Impact], item: Option<&str>) -> Change {
    let c = only(report, subject).clone();
    assert_eq!(c.impacts, impacts, "{c:#?}");
    if let Some(item) = item {
        assert!(c.items.iter().any(|i| i == item), "{item} not among {:?}", c.items);
    }
    assert_eq!(report.is_breaking(), report.changes().any(|c| c.impacts.iter().any(|i| i.is_breaking())));
    c
}

const WIRE_RUST: &[Impact] = &[Impact::WireBreaking, Impact::RustBreaking];

#[test]
fn identical_specs_have_no_changes() {
    let report = review(&[]);
    assert_eq!(report.changes().count(), 0);
    assert!(!report.is_breaking());
    let operations = operation_files(&real_specs());
    assert_eq!((report.base_operations, report.head_operations), (operations, operations));
}

#[test]
fn reformatting_a_spec_is_no_change() {
    // Flow style instead of block style, keys in another order, a comment: the same spec.
    let report = review(&[
        Edit(RESUME, "http:\n  method: POST\n", "http: {method: POST}  # the page's request line\n"),
        Edit(
            RESUME,
            "rate_limit:\n  requests: 100\n  per: second\n  text: 默认接口请求频率限制：100次/秒。\n",
            "rate_limit:\n  text: \"默认接口请求频率限制：100次/秒。\"\n  per: second\n  requests: 100\n",
        ),
    ]);
    assert_eq!(report.changes().count(), 0, "{:#?}", report.sections);
}

#[test]
fn a_new_required_request_field_breaks_the_wire_and_rust() {
    let report = review(&[
        Edit(
            RESUME,
            "response:\n",
            "  - {name: Reason, type: string, required: true, description: 原因。}\nresponse:\n",
        ),
        // The documented example request sets it too, or the spec would be refused.
        Edit(RESUME, "      StreamName: stream1\n", "      StreamName: stream1\n      Reason: 恢复\n"),
    ]);
    let c = assert_change(
        &report,
        "request field `Reason`",
        WIRE_RUST,
        Some("tencent_live::ResumeLiveStreamRequestBuilder::reason"),
    );
    assert!(c.detail.contains("build()"), "{}", c.detail);
    assert!(report.is_breaking());
}

#[test]
fn a_new_optional_request_field_is_additive() {
    let report =
        review(&[Edit(RESUME, "response:\n", "  - {name: Reason, type: string, description: 原因。}\nresponse:\n")]);
    assert_change(
        &report,
        "request field `Reason`",
        &[Impact::Additive],
        Some("tencent_live::ResumeLiveStreamRequest::reason"),
    );
    assert!(!report.is_breaking());
}

#[test]
fn a_removed_request_field_breaks_the_wire_and_rust() {
    // StreamName is the last request field of ResumeLiveStream.
    let base = real_specs();
    let text = &base[RESUME];
    let start = text.find("  - name: StreamName").unwrap();
    let end = text[start..].find("response:").unwrap() + start;
    let report = review(&[Edit(RESUME, &text[start..end], ""), Edit(RESUME, "      StreamName: stream1\n", "")]);
    let c = only(&report, "request field `StreamName`: removed");
    assert!(c.detail.contains("no longer compiles"), "{}", c.detail);
    assert_change(
        &report,
        "request field `StreamName`: removed",
        WIRE_RUST,
        Some("tencent_live::ResumeLiveStreamRequest::stream_name"),
    );
}

#[test]
fn response_fields_added_are_additive_removed_ones_break_by_optionality() {
    let report = review(&[
        Edit(RESUME, "errors:\n", "  - {name: Status, type: string, required: true, description: 状态。}\nerrors:\n"),
        // The documented response has it too, or the spec would be refused.
        Edit(RESUME, "\"RequestId\": \"8e50cdb5", "\"Status\": \"ok\", \"RequestId\": \"8e50cdb5"),
    ]);
    assert_change(
        &report,
        "response field `Status`",
        &[Impact::Additive],
        Some("tencent_live::ResumeLiveStreamResponse::status"),
    );

    // TotalPage is required but nullable: an Option already, so only Rust breaks.
    let page = "  - name: TotalPage\n    type: i64\n    required: true\n    nullable: true\n    description: 总页数。注意：此字段可能返回 null，表示取不到有效值。\n    example: 10\n";
    let report = review(&[
        Edit(PACKAGES, page, ""),
        Edit(PACKAGES, "  total_pages: TotalPage\n", "  total_pages: TotalNum\n"),
        Edit(PACKAGES, "      \"TotalPage\": 1,\n", ""),
    ]);
    assert_change(
        &report,
        "response field `TotalPage`",
        &[Impact::RustBreaking],
        Some("tencent_live::DescribeLivePackageInfoResponse::total_page"),
    );

    // FluxPackageBillMode is required and not nullable: clients built from the base need it.
    let text = &real_specs()[PACKAGES];
    let start = text.find("  - name: FluxPackageBillMode\n").unwrap();
    let end = text[start..].find("  - name: RequestId\n").unwrap() + start;
    let report = review(&[
        Edit(PACKAGES, &text[start..end], ""),
        Edit(PACKAGES, "      \"FluxPackageBillMode\": \"204,204,204,204,-1,-1\",\n", ""),
    ]);
    let c = assert_change(
        &report,
        "response field `FluxPackageBillMode`",
        WIRE_RUST,
        Some("tencent_live::DescribeLivePackageInfoResponse::flux_package_bill_mode"),
    );
    assert!(c.detail.contains("require it in every response"), "{}", c.detail);
}

#[test]
fn a_type_change_breaks_the_wire_only_when_the_json_kind_changes() {
    let report =
        review(&[Edit(PACKAGES, "  - name: TotalNum\n    type: i64\n", "  - name: TotalNum\n    type: i32\n")]);
    let c = assert_change(&report, "response field `TotalNum`", &[Impact::RustBreaking], None);
    assert!(c.detail.contains("`i64` → `i32`") && c.detail.contains("still integer"), "{}", c.detail);

    let report = review(&[
        Edit(PACKAGES, "  - name: TotalNum\n    type: i64\n", "  - name: TotalNum\n    type: string\n"),
        Edit(PACKAGES, "example: 95\n", "example: \"95\"\n"),
        Edit(PACKAGES, "\"TotalNum\": 9,", "\"TotalNum\": \"9\","),
    ]);
    let c = assert_change(
        &report,
        "response field `TotalNum`: type `i64` → `string`",
        WIRE_RUST,
        Some("tencent_live::DescribeLivePackageInfoResponse::total_num"),
    );
    assert!(c.detail.contains("integer → string on the wire"), "{}", c.detail);
}

#[test]
fn optionality_changes_are_classified_by_side() {
    // A request field becoming required: old callers may leave it out.
    let report = review(&[Edit(
        TRAFFIC,
        "  - name: domain\n    in: query\n    type: string\n    required: false\n",
        "  - name: domain\n    in: query\n    type: string\n    required: true\n",
    )]);
    let c =
        assert_change(&report, "request field `domain`", WIRE_RUST, Some("huawei_live::ShowTrafficRequest::domain"));
    assert!(c.detail.starts_with("optional → required"), "{}", c.detail);

    // A response field becoming nullable: old clients cannot decode null.
    let bill = "    type: PackageBillMode\n    required: true\n    description: 套餐包当前计费方式。";
    let report = review(&[Edit(
        PACKAGES,
        bill,
        "    type: PackageBillMode\n    required: true\n    nullable: true\n    description: 套餐包当前计费方式。",
    )]);
    assert_change(&report, "response field `PackageBillMode`", WIRE_RUST, None);

    // A response field no longer nullable: only the Rust type changes.
    let total = "  - name: TotalNum\n    type: i64\n    required: true\n    nullable: true\n";
    let report = review(&[Edit(PACKAGES, total, "  - name: TotalNum\n    type: i64\n    required: true\n")]);
    assert_change(&report, "response field `TotalNum`", &[Impact::RustBreaking], None);
}

#[test]
fn moving_a_parameter_breaks_the_wire() {
    let report = review(&[Edit(TRAFFIC, "  - name: domain\n    in: query\n", "  - name: domain\n    in: header\n")]);
    let c = assert_change(&report, "request field `domain`", &[Impact::WireBreaking], None);
    assert_eq!(c.detail, "sent in the query → a header");
}

#[test]
fn exploding_a_query_list_breaks_the_wire() {
    // Both sides hold a list in the query; only how it travels differs.
    let list = "  - name: domain\n    in: query\n    type: list<string>\n";
    let base = {
        let mut files = real_specs();
        apply(&mut files, &[Edit(TRAFFIC, "  - name: domain\n    in: query\n    type: string\n", list)]);
        let each = [
            EditEach(TRAFFIC, "example: play.example.huawei.com", "example: [play.example.huawei.com]"),
            EditEach(TRAFFIC, "domain: play.example.huawei.com", "domain: [play.example.huawei.com]"),
        ];
        apply_each(&mut files, &each);
        files
    };
    let mut head = base.clone();
    let exploded = "  - name: domain\n    in: query\n    type: list<string>\n    explode: true\n";
    apply(&mut head, &[Edit(TRAFFIC, list, exploded)]);
    let report = review::diff(&check(&base, "base"), &check(&head, "specs"));
    let c = assert_change(&report, "request field `domain`", &[Impact::WireBreaking], None);
    assert_eq!(c.detail, "a list sent as one comma-separated value → a pair per element");
}

#[test]
fn a_secret_field_changes_what_debug_shows() {
    let report = review(&[Edit(
        TRAFFIC,
        "  - name: domain\n    in: query\n    type: string\n",
        "  - name: domain\n    in: query\n    type: string\n    sensitive: true\n",
    )]);
    let c = assert_change(&report, "request field `domain`", &[Impact::Behavioural], None);
    assert_eq!(c.detail, "shown in `Debug` → `<redacted>` in `Debug`");
}

#[test]
fn a_rust_name_override_breaks_rust_only() {
    let report = review(&[Edit(RESUME, "  - name: StreamName\n", "  - name: StreamName\n    rust_name: stream\n")]);
    let c = assert_change(
        &report,
        "request field `StreamName`",
        &[Impact::RustBreaking],
        Some("tencent_live::ResumeLiveStreamRequest::stream_name"),
    );
    assert_eq!(c.detail, "Rust name `stream_name` → `stream`");

    let report = review(&[Edit(
        PACKAGES,
        "  - name: OrderBy\n    description:",
        "  - name: OrderBy\n    rust_name: PackageOrder\n    description:",
    )]);
    assert_change(&report, "type `OrderBy`", &[Impact::RustBreaking], Some("tencent_live::OrderBy"));
    // Fields of that type are not reported again: on the wire and by spec name they are unchanged.
    assert_eq!(report.changes().count(), 1, "{:#?}", report.sections);
}

#[test]
fn enum_values_added_are_additive_and_removed_ones_break() {
    let linkmic = "      - value: 2\n        rust_name: LinkMic\n        description: 连麦包。\n";
    let report = review(&[Edit(
        PACKAGES,
        linkmic,
        &format!("{linkmic}      - value: 3\n        rust_name: Recording\n        description: 录制包。\n"),
    )]);
    assert_change(&report, "type `PackageType`", &[Impact::Additive], Some("tencent_live::PackageType::Recording"));

    // OrderBy is a request type: a removed value may still be sent by old clients.
    let value = "      - value: BuyTimeAsc\n        description: 最老购买的排在最前面。\n";
    let report = review(&[Edit(PACKAGES, value, "")]);
    let c = assert_change(&report, "type `OrderBy`", WIRE_RUST, Some("tencent_live::OrderBy::BuyTimeAsc"));
    assert!(c.detail.contains("may still send it"), "{}", c.detail);

    // PackageBillMode is only received: removing a value breaks Rust code, not the wire.
    let value = "      - value: 206\n        rust_name: MonthlyDuration\n        description: 月结时长。\n";
    let report = review(&[Edit(PACKAGES, value, "")]);
    assert_change(
        &report,
        "type `PackageBillMode`",
        &[Impact::RustBreaking],
        Some("tencent_live::PackageBillMode::MonthlyDuration"),
    );
}

#[test]
fn a_type_reached_through_a_list_in_the_response_is_response_side() {
    // LivePackageInfo is only reached through the response's list: a new required field is additive.
    let report = review_each(
        &[Edit(
            PACKAGES,
            "      - name: Id\n",
            "      - name: Region\n        type: string\n        required: true\n        description: 地域。\n      - name: Id\n",
        )],
        // Every package in the documented response has it too, or the spec would be refused.
        &[EditEach(PACKAGES, "\"Id\":", "\"Region\": \"ap-guangzhou\", \"Id\":")],
    );
    assert_change(
        &report,
        "field of `LivePackageInfo` `Region`",
        &[Impact::Additive],
        Some("tencent_live::LivePackageInfo::region"),
    );
}

#[test]
fn error_codes_added_removed_and_retried() {
    let report =
        review(&[Edit(RESUME, "  - code: InternalError.StreamStatusError\n    description: 流状态异常。\n", "")]);
    let c = assert_change(
        &report,
        "error code `InternalError.StreamStatusError`",
        &[Impact::RustBreaking],
        Some("tencent_live::ResumeLiveStreamError::InternalErrorStreamStatusError"),
    );
    assert!(c.detail.ends_with("arrives as `Unhandled`"), "{}", c.detail);

    // MissingParameter is also a common code: removed from the page, it arrives as Common.
    let report = review(&[Edit(RESUME, "  - code: MissingParameter\n    description: 缺少参数错误。\n", "")]);
    let c = only(&report, "error code `MissingParameter`");
    assert!(c.detail.ends_with("arrives as `Common`"), "{}", c.detail);

    let report = review(&[Edit(
        RESUME,
        "errors:\n",
        "errors:\n  - code: ResourceNotFound.StreamNotExist\n    description: 流不存在。\n",
    )]);
    assert_change(
        &report,
        "error code `ResourceNotFound.StreamNotExist`",
        &[Impact::Additive],
        Some("tencent_live::ResumeLiveStreamError::ResourceNotFoundStreamNotExist"),
    );

    // volcengine_live takes its common codes from volcengine_live_v2023 (`common_errors_of`):
    // one edit of the list changes both modules, and the report names each.
    let report =
        review(&[Edit(VOLC, "    description: 内部错误。\n    retryable: true\n", "    description: 内部错误。\n")]);
    let changed: Vec<&Change> = report.changes().filter(|c| c.subject.contains("error code `InternalError`")).collect();
    assert_eq!(changed.len(), 2, "{changed:#?}");
    for module in ["volcengine_live", "volcengine_live_v2023"] {
        let item = format!("{module}::CommonError::InternalError");
        let c = changed.iter().find(|c| c.items.contains(&item)).unwrap_or_else(|| panic!("no change names {item}"));
        assert_eq!(c.impacts, [Impact::Behavioural]);
        let from = if module == "volcengine_live" {
            " (the codes of `volcengine_live_v2023`, which this service takes with `common_errors_of`)"
        } else {
            ""
        };
        assert_eq!(c.detail, format!("no longer retried{from}"));
    }
}

#[test]
fn behavioural_changes() {
    let report = review(&[Edit(RESUME, "  requests: 100\n", "  requests: 50\n")]);
    let c =
        assert_change(&report, "rate limit", &[Impact::Behavioural], Some("tencent_live::Client::resume_live_stream"));
    assert!(c.detail.starts_with("100/s → 50/s"), "{}", c.detail);

    let report = review(&[Edit(PACKAGES, "      min: 10\n      max: 100\n", "      min: 10\n      max: 50\n")]);
    let c = assert_change(&report, "request field `PageSize`", &[Impact::Behavioural], None);
    assert!(c.detail.contains("10 ~ 100 → 10 ~ 50"), "{}", c.detail);
    // The paged method's default page size is the documented maximum.
    assert_change(
        &report,
        "paging",
        &[Impact::Behavioural],
        Some("tencent_live::Client::describe_live_package_info_pages"),
    );

    let host = fs::read_to_string(manifest_dir().join("../specs/tencent_live/service.yaml")).unwrap();
    assert!(host.contains("host: live.tencentcloudapi.com"));
    let report =
        review(&[Edit(TENCENT, "host: live.tencentcloudapi.com", "host: live.ap-guangzhou.tencentcloudapi.com")]);
    assert_change(&report, "endpoint host", &[Impact::Behavioural], Some("tencent_live::Client"));
}

#[test]
fn rules_added_removed_and_changed_are_behavioural() {
    let text = &real_specs()[PACKAGES];
    let start = text.find("rules:\n").unwrap() + "rules:\n".len();
    let first_rule_end = text[start + 4..].find("\n  - ").unwrap() + start + 5;
    let report = review(&[Edit(PACKAGES, &text[start..first_rule_end], "")]);
    let c = assert_change(&report, "rule", &[Impact::Behavioural], None);
    assert!(c.detail.starts_with("removed:"), "{}", c.detail);
}

#[test]
fn wire_protocol_changes_break_the_wire() {
    let report = review(&[Edit(
        TRAFFIC,
        "  path: /v1/{project_id}/stream/traffic",
        "  path: /v1/{project_id}/stream/traffic/v2",
    )]);
    assert_change(&report, "HTTP method and path", &[Impact::WireBreaking], Some("huawei_live::Client::show_traffic"));

    let report = review(&[Edit(TENCENT, "api_version: \"2018-08-01\"", "api_version: \"2023-01-01\"")]);
    assert_change(&report, "API version", &[Impact::WireBreaking], Some("tencent_live::Client"));
}

#[test]
fn documentation_only_changes() {
    let report = review(&[Edit(RESUME, "summary: 恢复某条流的推送。", "summary: 恢复某条直播流的推送。")]);
    let c = assert_change(&report, "summary or description", &[Impact::Docs], None);
    assert!(c.detail.contains("恢复某条直播流"), "{}", c.detail);

    let report = review(&[Edit(QUOTA, "  updated: 2023-10-12", "  updated: 2024-05-01")]);
    let c = assert_change(&report, review::SOURCE, &[Impact::Docs], None);
    assert_eq!(c.detail, "updated 2023-10-12 → 2024-05-01");

    let report = review(&[Edit(RESUME, "    example: stream1\n", "    example: stream2\n")]);
    assert_change(&report, "request field `StreamName`", &[Impact::Docs], None);

    let report = review(&[Edit(TRAFFIC, "legacy:\n", "legacy:\n  maintenance_ends: 2027-01-01\n")]);
    assert_change(&report, "legacy status", &[Impact::Docs], None);

    // Retired: the client's methods become deprecated, and the report says so.
    let report = review(&[Edit(TRAFFIC, "legacy:\n", "legacy:\n  retired: true\n")]);
    let c = assert_change(&report, "legacy status", &[Impact::Docs], None);
    assert!(c.detail.contains("now retired by the vendor") && c.detail.contains("`#[deprecated]`"), "{}", c.detail);

    let report = review(&[Edit(RESUME, "  - subject: updated\n", "  - subject: last updated\n")]);
    let all: Vec<&Change> = report.changes().collect();
    assert_eq!(all.len(), 2, "{all:#?}");
    assert!(all.iter().all(|c| c.impacts == [Impact::Docs]));
    assert!(!report.is_breaking());
}

#[test]
fn operations_added_and_removed() {
    let base = real_specs();
    // A copy of an operation under a name no vendor uses, so that the test holds whatever the spec set is.
    let copied = "tencent_live/ResumeLiveStreamCopy.yaml";
    assert!(!base.contains_key(copied));
    let mut head = base.clone();
    let copy = head[RESUME].replace("name: ResumeLiveStream", "name: ResumeLiveStreamCopy");
    head.insert(copied.into(), copy);
    let report = review::diff(&check(&base, "base"), &check(&head, "specs"));
    let c = assert_change(
        &report,
        "operation `ResumeLiveStreamCopy`",
        &[Impact::Additive],
        Some("tencent_live::Client::resume_live_stream_copy"),
    );
    assert!(c.items.contains(&"tencent_live::ResumeLiveStreamCopyError".to_owned()), "{:?}", c.items);
    assert_eq!(report.changes().count(), 1, "{:#?}", report.sections);

    let report = review::diff(&check(&head, "base"), &check(&base, "specs"));
    assert_change(
        &report,
        "operation `ResumeLiveStreamCopy`",
        WIRE_RUST,
        Some("tencent_live::ResumeLiveStreamCopyRequest"),
    );
    let operations = operation_files(&base);
    assert_eq!((report.base_operations, report.head_operations), (operations + 1, operations));
}

/// The report a reviewer reads for a pull request touching three vendors.
#[test]
fn rendered_report() {
    let bill = "    type: PackageBillMode\n    required: true\n    description: 套餐包当前计费方式。";
    let report = review(&[
        Edit(
            RESUME,
            "response:\n",
            "  - {name: Reason, type: string, required: true, description: 恢复推流的原因。}\nresponse:\n",
        ),
        Edit(RESUME, "      StreamName: stream1\n", "      StreamName: stream1\n      Reason: 恢复\n"),
        Edit(RESUME, "  requests: 100\n", "  requests: 50\n"),
        Edit(RESUME, "errors:\n", "errors:\n  - code: ResourceNotFound.StreamNotExist\n    description: 流不存在。\n"),
        Edit(
            PACKAGES,
            bill,
            "    type: PackageBillMode\n    required: true\n    nullable: true\n    description: 套餐包当前计费方式。",
        ),
        Edit(PACKAGES, "description: 直播套餐包类型。", "description: 直播套餐包的类型。"),
        Edit(TRAFFIC, "  - name: domain\n    in: query\n", "  - name: domain\n    in: header\n"),
        Edit(VOLC, "    description: 内部错误。\n    retryable: true\n", "    description: 内部错误。\n"),
    ]);
    let text = review::render(&report, "`main` (`1a2b3c4d5e`)", "the working tree");
    insta::assert_snapshot!("rendered_report", text);
    // The same changes as a changelog entry: each change once, under its most severe class.
    let changelog = review::changelog(&report);
    insta::assert_snapshot!("changelog_entry", changelog);
    assert_eq!(changelog.lines().filter(|l| l.starts_with("- ")).count(), report.changes().count());

    // The README shows the same report, as `cargo xtask review --base HEAD` printed it.
    let readme = fs::read_to_string(manifest_dir().join("../README.md")).unwrap();
    let block = readme
        .split_once("<!-- review-example -->\n```markdown\n")
        .and_then(|(_, rest)| rest.split_once("```\n<!-- /review-example -->"))
        .map(|(block, _)| block)
        .expect("README has the review example");
    let base_line = |t: &str| t.lines().find(|l| l.starts_with("Base ")).unwrap_or_default().to_owned();
    assert!(base_line(block).starts_with("Base `HEAD` (`"), "{}", base_line(block));
    let without_base = |t: &str| t.lines().filter(|l| !l.starts_with("Base ")).collect::<Vec<_>>().join("\n");
    assert_eq!(without_base(block), without_base(&text), "the README's review example is out of date");
}

#[test]
fn coverage_of_the_real_specs() {
    let text = review::coverage(&check(&real_specs(), "specs"));
    // Every operation's page and every note appears.
    for (file, spec) in real_specs() {
        let notes = if file.ends_with("/service.yaml") {
            serde_yaml::from_str::<codegen::spec::ServiceSpec>(&spec).unwrap().notes
        } else if file.ends_with("/types.yaml") {
            serde_yaml::from_str::<codegen::spec::TypesSpec>(&spec).unwrap().notes
        } else {
            let op: codegen::spec::OperationSpec = serde_yaml::from_str(&spec).unwrap();
            assert!(text.contains(&op.source.page), "{} missing", op.source.page);
            op.notes
        };
        for note in notes {
            assert!(text.contains(&format!("**{}**", note.subject)), "note {} of {file} missing", note.subject);
        }
    }
    insta::assert_snapshot!("coverage", text);
}

#[test]
fn text_changes_show_the_changed_part() {
    assert_eq!(review::text_change("abc", "abd"), "“abc” → “abd”");
    let long_old = format!("{}X{}", "a".repeat(40), "b".repeat(40));
    let long_new = format!("{}Y{}", "a".repeat(40), "b".repeat(40));
    assert_eq!(
        review::text_change(&long_old, &long_new),
        format!("“…{}X{}…” → “…{}Y{}…”", "a".repeat(12), "b".repeat(12), "a".repeat(12), "b".repeat(12))
    );
    // Multi-byte text is cut on character boundaries.
    assert_eq!(
        review::text_change("直播套餐包类型。", "直播套餐包的类型。"),
        "“直播套餐包类型。” → “直播套餐包的类型。”"
    );
}

/// A new version of the vendor's metadata, as a real `tccli` update brings to
/// every drafted spec: the operations whose only change is their source fold
/// into one line of the report, and a change of spacing alone in a description
/// (rustdoc renders it alike) is no change.
#[test]
fn a_metadata_update_reads_as_one_line() {
    const DROP: &str = "tencent_live/DropLiveStream.yaml";
    let package = "    package: tccli==3.1.189.1\n";
    let newer = "    package: tccli==3.1.190.1\n";
    let report = review(&[
        Edit(DROP, package, newer),
        Edit(RESUME, package, newer),
        Edit(RESUME, "唯一请求 ID，每次请求", "唯一请求  ID，每次请求"),
    ]);
    let all: Vec<&Change> = report.changes().collect();
    assert_eq!(all.len(), 2, "{all:#?}");
    for c in &all {
        assert_eq!((c.subject.as_str(), c.impacts.as_slice()), (review::SOURCE, &[Impact::Docs][..]));
        assert_eq!(c.detail, "metadata `tccli==3.1.189.1` → `tccli==3.1.190.1`");
    }
    let text = review::render(&report, "`main`", "the working tree");
    assert!(text.contains("\n### 2 operations changed only in their source\n"), "{text}");
    assert!(
        text.contains(
            "Docs only: metadata `tccli==3.1.189.1` → `tccli==3.1.190.1`. `tencent_live` · `DropLiveStream`, \
             `tencent_live` · `ResumeLiveStream`."
        ),
        "{text}"
    );
    assert!(!text.contains("### `tencent_live` · `DropLiveStream`"), "{text}");
}
