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

/// Answers each vendor's documented success, after checking its signature.
fn reply(seen: &Seen) -> Reply {
    let (problem, reply): (Option<String>, Reply) = if !seen.header("x-tc-action").is_empty() {
        let body = match seen.header("x-tc-action") {
            "DescribeLivePackageInfo" => {
                r#"{"Response": {"RequestId": "tc-ok", "LivePackageInfoList": [], "PackageBillMode": 0, "FluxPackageBillMode": "", "TotalPage": 1}}"#
            }
            _ => r#"{"Response": {"RequestId": "tc-ok"}}"#,
        };
        (tencent_signature_problem(seen), (200, vec![], body.into()))
    } else if seen.uri.query().is_some_and(|q| q.contains("Action=")) {
        let body = r#"{"ResponseMetadata": {"RequestId": "volc-ok"}, "Result": {"QuotaList": []}}"#;
        (volcengine_signature_problem(seen), (200, vec![], body.into()))
    } else {
        (
            huawei_signature_problem(seen),
            (200, vec![("x-request-id", "hw-ok".into())], r#"{"total": 0, "traffic_info": []}"#.into()),
        )
    };
    match problem {
        None => reply,
        Some(problem) => (401, vec![], problem),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_example_runs_against_a_local_server() {
    let (url, seen) = serve(reply).await;
    let home = std::env::temp_dir().join(format!("cloud-live-examples-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    let cases = [
        ("tencent_live_resume_live_stream", "tc-ok"),
        ("tencent_live_describe_live_package_info", "tc-ok"),
        ("volcengine_live_describe_stream_quota_config", "volc-ok"),
        ("huawei_live_show_traffic", "hw-ok"),
    ];
    for (name, request_id) in cases {
        let output = Command::new(example_binary(name))
            .arg(&url)
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
        let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert!(output.status.success(), "{name} failed:\n{stdout}\n{stderr}");
        assert!(stdout.contains(request_id), "{name} printed:\n{stdout}");
    }
    assert_eq!(seen.lock().unwrap().len(), cases.len());

    // Without credentials an example says so and fails.
    let output = Command::new(example_binary("tencent_live_resume_live_stream"))
        .arg(&url)
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
        Command::new(example_binary("tencent_live_resume_live_stream"))
            .arg(endpoint)
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
