//! Runs every generated example program against a loopback server that checks
//! the vendor's signature, with credentials in the vendors' environment
//! variables and the server's URL as the first argument.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::*;

/// `target/<profile>/examples/<name>`: `cargo test` builds the examples next to the tests.
fn example_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|deps| deps.parent()).unwrap().join("examples");
    let path = dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(path.exists(), "{} is not built; `cargo test` (without --test) builds the examples", path.display());
    path
}

/// The operations the servers below answer with a documented success; every
/// other operation is answered with a documented error code of the protocol.
const ANSWERED: &[&str] = &["DescribeLivePackageInfo", "ResumeLiveStream", "DescribeStreamQuotaConfig", "ShowTraffic"];

/// What the request names as its operation: Tencent's action header,
/// Volcengine's `Action` query parameter, or Huawei's method and path, matched
/// against the path templates of the Huawei services' operations (the one with
/// the most literal segments wins: `/rules/batch` over `/rules/{id}`).
fn operation_of(seen: &Seen) -> String {
    if !seen.header("x-tc-action").is_empty() {
        return seen.header("x-tc-action").to_owned();
    }
    let query = seen.uri.query().unwrap_or_default();
    if let Some(action) = query.split('&').find_map(|pair| pair.strip_prefix("Action=")) {
        return action.to_owned();
    }
    let path: Vec<&str> = seen.uri.path().split('/').collect();
    let literal_segments = |template: &str| -> Option<usize> {
        let template: Vec<&str> = template.split('/').collect();
        let matches =
            template.len() == path.len() && template.iter().zip(&path).all(|(t, p)| t.starts_with('{') || t == p);
        matches.then(|| template.iter().filter(|t| !t.starts_with('{')).count())
    };
    let operations = cloud_live::huawei_live::OPERATIONS.iter().chain(cloud_live::huawei_live_v2::OPERATIONS);
    operations
        .filter(|op| op.method.as_str() == seen.method.as_str())
        .filter_map(|op| literal_segments(op.path).map(|n| (n, op.name)))
        .max()
        .map_or_else(|| format!("{} {}", seen.method, seen.uri.path()), |(_, name)| name.to_owned())
}

/// Answers each vendor's documented success for the operations in
/// [`ANSWERED`], a documented error code for the others, after checking the
/// signature.
fn reply(seen: &Seen) -> Reply {
    let answered = ANSWERED.contains(&operation_of(seen).as_str());
    let (problem, reply): (Option<String>, Reply) = if !seen.header("x-tc-action").is_empty() {
        let body = match seen.header("x-tc-action") {
            "DescribeLivePackageInfo" => {
                r#"{"Response": {"RequestId": "tc-ok", "LivePackageInfoList": [], "PackageBillMode": 0, "FluxPackageBillMode": "", "TotalPage": 1}}"#
            }
            _ if answered => r#"{"Response": {"RequestId": "tc-ok"}}"#,
            _ => r#"{"Response": {"RequestId": "tc-ok", "Error": {"Code": "InternalError", "Message": "documented"}}}"#,
        };
        (tencent_signature_problem(seen), (200, vec![], body.into()))
    } else if seen.uri.query().is_some_and(|q| q.contains("Action=")) {
        let body = if answered {
            r#"{"ResponseMetadata": {"RequestId": "volc-ok"}, "Result": {"QuotaList": []}}"#
        } else {
            // A common code that is not retried: one request per call.
            r#"{"ResponseMetadata": {"RequestId": "volc-ok", "Error": {"Code": "AccessDenied", "Message": "documented"}}}"#
        };
        (volcengine_signature_problem(seen), (200, vec![], body.into()))
    } else {
        let body = if answered {
            r#"{"total": 0, "traffic_info": []}"#
        } else {
            r#"{"error_code": "LIVE.100011001", "error_msg": "documented"}"#
        };
        (
            huawei_signature_problem(seen),
            (if answered { 200 } else { 400 }, vec![("x-request-id", "hw-ok".into())], body.into()),
        )
    };
    match problem {
        None => reply,
        Some(problem) => (401, vec![], problem),
    }
}

/// The example programs: one per service, named after its file in `examples/`.
fn programs() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|name| name.strip_suffix(".rs").map(str::to_owned))
        .collect();
    names.sort();
    names
}

/// The operations a program calls: run without arguments, it lists them.
fn operations_of(program: &str) -> Vec<String> {
    let output = Command::new(example_binary(program)).env_clear().output().unwrap();
    assert!(!output.status.success(), "{program} without an operation must fail");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(stderr.starts_with(&format!("usage: {program} <OPERATION>")), "{stderr}");
    stderr.lines().filter_map(|l| l.strip_prefix("  ")).map(str::to_owned).collect()
}

/// Every operation of every example program, against a server that checks
/// the signature and the operation: the documented success decodes, and for
/// the others the documented error decodes through the operation's error enum.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_example_runs_against_a_local_server() {
    let (url, seen) = serve(reply).await;
    let home = std::env::temp_dir().join(format!("cloud-live-examples-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    let mut calls = 0;
    for program in programs() {
        let operations = operations_of(&program);
        assert!(!operations.is_empty(), "{program} lists no operations");
        for operation in operations {
            let output = Command::new(example_binary(&program))
                .args([&operation, &url])
                .env_clear()
                .env("HOME", &home)
                .env("TENCENTCLOUD_SECRET_ID", TC_ID)
                .env("TENCENTCLOUD_SECRET_KEY", TC_KEY)
                .env("VOLC_ACCESSKEY", VOLC_AK)
                .env("VOLC_SECRETKEY", VOLC_SK)
                .env("HUAWEICLOUD_SDK_AK", HW_AK)
                .env("HUAWEICLOUD_SDK_SK", HW_SK)
                .env("HUAWEICLOUD_SDK_PROJECT_ID", HW_PROJECT)
                .output()
                .unwrap();
            calls += 1;
            let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
            let last = seen.lock().unwrap().last().cloned().expect("the program sent its request");
            assert_eq!(operation_of(&last), operation, "{program} {operation} called another operation");
            if ANSWERED.contains(&operation.as_str()) {
                assert!(output.status.success(), "{program} {operation} failed:\n{stdout}\n{stderr}");
                assert!(stdout.contains("-ok"), "{program} {operation} printed:\n{stdout}");
            } else {
                assert!(!output.status.success(), "{program} {operation}: the error was not reported:\n{stdout}");
                assert!(
                    ["InternalError", "AccessDenied", "LIVE.100011001"].iter().any(|code| stderr.contains(code)),
                    "{program} {operation}: the documented error did not decode:\n{stderr}"
                );
            }
        }
    }
    assert_eq!(seen.lock().unwrap().len(), calls);
    assert!(calls >= ANSWERED.len());

    // Without credentials an example says so and fails.
    let output = Command::new(example_binary("tencent_live"))
        .args(["ResumeLiveStream", &url])
        .env_clear()
        .env("HOME", &home)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("credentials: no credentials found"), "{output:?}");
    std::fs::remove_dir_all(&home).unwrap();
}

/// The built-in transport honours the proxy variables as curl and the vendors'
/// Python SDKs do: `HTTP_PROXY` sends the call to the proxy, naming the
/// endpoint in the request line, and `NO_PROXY` exempts the hosts it lists.
/// Run as a separate program, so the variables are that program's alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_proxy_variables_are_honoured() {
    let (proxy, via_proxy) = serve(reply).await;
    let (direct, seen_directly) = serve(reply).await;
    let run = |endpoint: &str, no_proxy: &str| {
        Command::new(example_binary("tencent_live"))
            .args(["ResumeLiveStream", endpoint])
            .env_clear()
            .env("TENCENTCLOUD_SECRET_ID", TC_ID)
            .env("TENCENTCLOUD_SECRET_KEY", TC_KEY)
            .env("HTTP_PROXY", &proxy)
            .env("NO_PROXY", no_proxy)
            .output()
            .unwrap()
    };

    // A name that resolves nowhere (RFC 6761): only the proxy can answer it.
    let output = run("http://live.proxied.invalid", "");
    assert!(output.status.success(), "{output:?}");
    {
        let via_proxy = via_proxy.lock().unwrap();
        assert_eq!(via_proxy.len(), 1);
        assert_eq!(via_proxy[0].uri.to_string(), "http://live.proxied.invalid/");
        assert_eq!(via_proxy[0].header("host"), "live.proxied.invalid");
    }

    let output = run(&direct, "127.0.0.1");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(seen_directly.lock().unwrap().len(), 1);
    assert_eq!(via_proxy.lock().unwrap().len(), 1, "NO_PROXY was not honoured");
}
