//! `cargo xtask` end to end: freshness of this checkout, idempotence, deletion of
//! stale files, and refusal to write anything when a spec is wrong.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The checkout under test, from the `CARGO_MANIFEST_DIR` that cargo sets when it runs
/// the test (not the compile-time one: a shared target directory reuses test binaries
/// across clones).
fn repo() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").expect("run the tests with cargo");
    Path::new(&manifest).parent().unwrap().to_path_buf()
}

fn xtask(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).arg("--root").arg(root).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The real spec set's services, operations and recorded departures, as the
/// reports count them: tests read these rather than numbers that change with
/// every spec added.
fn counts() -> (usize, usize, usize) {
    let krate = codegen::check(&repo().join("specs"), "specs").expect("the real specs pass lint");
    let operations = krate.services.iter().map(|s| s.operations.len()).sum();
    let notes = krate.services.iter().map(codegen::review::coverage::departures).sum();
    (krate.services.len(), operations, notes)
}

/// A scratch copy of specs/ and generated/.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("specs"), &dir.path().join("specs"));
    copy_dir(&repo().join("generated/src"), &dir.path().join("generated/src"));
    copy_dir(&repo().join("generated/tests"), &dir.path().join("generated/tests"));
    fs::copy(repo().join("generated/Cargo.toml"), dir.path().join("generated/Cargo.toml")).unwrap();
    fs::copy(repo().join("Cargo.toml"), dir.path().join("Cargo.toml")).unwrap();
    dir
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

/// Every file under `dir` with its bytes, for before/after comparisons.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.clone(), fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn generated_is_fresh() {
    let out = xtask(&repo(), &["check"]);
    assert!(out.status.success(), "generated/ is stale; run `cargo xtask regenerate`\n{}", text(&out.stderr));
}

#[test]
fn regenerate_twice_changes_nothing_the_second_time() {
    let dir = scratch();
    fs::remove_dir_all(dir.path().join("generated/src/tencent_live")).unwrap();
    let first = xtask(dir.path(), &["regenerate"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(text(&first.stdout).contains("created generated/src/tencent_live/mod.rs"), "{}", text(&first.stdout));
    let before = snapshot(dir.path());
    let second = xtask(dir.path(), &["regenerate"]);
    assert!(second.status.success());
    assert!(text(&second.stdout).contains("0 changed"), "{}", text(&second.stdout));
    assert_eq!(before, snapshot(dir.path()), "a second run must not touch a byte");
}

/// This test's `xtask` binary was built from this checkout; run without `--root` inside
/// another clone (here from a folder deep in it), it acts on that clone, says so, and leaves
/// this checkout alone.
#[test]
fn xtask_acts_on_the_checkout_it_runs_in_not_the_one_it_was_built_from() {
    let dir = scratch();
    let removed = dir.path().join("generated/src/tencent_live/mod.rs");
    fs::remove_file(&removed).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("regenerate")
        .current_dir(dir.path().join("specs/tencent_live"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let root = dir.path().canonicalize().unwrap();
    assert!(stdout.starts_with(&format!("regenerate: {}\n", root.display())), "{stdout}");
    assert!(stdout.contains("created generated/src/tencent_live/mod.rs"), "{stdout}");
    assert!(removed.exists(), "the clone it runs in is regenerated");
    assert!(xtask(&repo(), &["check"]).status.success(), "this checkout is untouched");

    // Outside any checkout it refuses, and says how to name one.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xtask")).arg("lint").current_dir(elsewhere.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("is not inside a checkout of this repository"), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("--root"), "{}", text(&out.stderr));
}

#[test]
fn stale_files_are_reported_then_deleted_and_hand_written_files_kept() {
    let dir = scratch();
    let orphan = dir.path().join("generated/src/tencent_live/removed_operation.rs");
    fs::write(&orphan, "// @generated by `cargo xtask regenerate` from specs/tencent_live/Removed.yaml.\n").unwrap();
    let hand_written = dir.path().join("generated/src/tencent_live/notes.rs");
    fs::write(&hand_written, "// written by a person\n").unwrap();
    let edited = dir.path().join("generated/src/lib.rs");
    fs::write(&edited, fs::read_to_string(&edited).unwrap().replace("## Crate organization", "## Edited by hand"))
        .unwrap();

    let check = xtask(dir.path(), &["check"]);
    assert!(!check.status.success());
    let report = text(&check.stderr);
    assert!(report.contains("-//! ## Edited by hand") && report.contains("+//! ## Crate organization"), "{report}");
    assert!(report.contains("removed_operation.rs"), "{report}");
    assert!(report.contains("run `cargo xtask regenerate`"), "{report}");

    let run = xtask(dir.path(), &["regenerate"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(!orphan.exists(), "a file the generator no longer writes is deleted");
    assert!(hand_written.exists(), "a file without the @generated header is never touched");
    assert!(xtask(dir.path(), &["check"]).status.success());
}

/// The generator writes the services' features under the manifest's marker and
/// nothing above it; a manifest without the marker is refused before anything is written.
#[test]
fn the_manifest_gets_a_feature_per_service_and_keeps_its_hand_written_part() {
    let dir = scratch();
    let manifest = dir.path().join("generated/Cargo.toml");
    let original = fs::read_to_string(&manifest).unwrap();
    let marker = codegen::plan::MANIFEST_MARKER;
    let head = &original[..original.find(marker).unwrap()];
    // The Volcengine services go: no feature names the vendor any more.
    for service in ["volcengine_live", "volcengine_live_v2023"] {
        fs::remove_dir_all(dir.path().join("specs").join(service)).unwrap();
    }
    let run = xtask(dir.path(), &["regenerate"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(text(&run.stdout).contains("updated generated/Cargo.toml"), "{}", text(&run.stdout));
    let written = fs::read_to_string(&manifest).unwrap();
    assert!(written.starts_with(head), "the hand-written part is kept byte for byte");
    let generated = &written[head.len()..];
    // Every service but the removed ones, by its directory's name.
    let mut features: Vec<String> = fs::read_dir(dir.path().join("specs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("service.yaml").exists())
        .map(|p| format!("\"{}\"", p.file_name().unwrap().to_string_lossy().replace('_', "-")))
        .collect();
    features.sort();
    assert!(generated.contains(&format!("\nfull = [{}]\n", features.join(", "))), "{generated}");
    assert!(!generated.contains("volcengine"), "{generated}");
    assert!(generated.contains("[[example]]\nname = \"tencent_live\"\nrequired-features = [\"tencent-live\"]\n"));

    fs::write(&manifest, head).unwrap();
    let before = snapshot(&dir.path().join("generated"));
    let out = xtask(dir.path(), &["regenerate"]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains(&format!("Cargo.toml lacks the line `{marker}`")), "{stderr}");
    assert_eq!(before, snapshot(&dir.path().join("generated")), "nothing was written");
}

/// A hand-written file where the specs would generate one is never replaced:
/// `regenerate` refuses before writing anything, and says which file.
#[test]
fn a_hand_written_file_at_a_planned_path_is_never_overwritten() {
    let dir = scratch();
    let hand_written = dir.path().join("generated/src/tencent_live/resume_live_stream.rs");
    fs::write(&hand_written, "// written by a person\n").unwrap();
    fs::remove_file(dir.path().join("generated/src/lib.rs")).unwrap();
    let before = snapshot(&dir.path().join("generated"));
    let out = xtask(dir.path(), &["regenerate"]);
    assert!(!out.status.success());
    let report = text(&out.stderr);
    assert!(
        report.contains("src/tencent_live/resume_live_stream.rs exists and was not written by the generator"),
        "{report}"
    );
    assert!(report.contains("Nothing was written"), "{report}");
    assert_eq!(before, snapshot(&dir.path().join("generated")), "nothing is written, not even the missing lib.rs");
}

#[test]
fn a_wrong_spec_writes_nothing_and_names_the_place() {
    let dir = scratch();
    fs::remove_file(dir.path().join("generated/src/lib.rs")).unwrap();
    let spec = dir.path().join("specs/tencent_live/ResumeLiveStream.yaml");
    let broken = fs::read_to_string(&spec).unwrap().replace(
        "    type: string\n    required: true\n    description: 流名称。",
        "    type: strng\n    required: true\n    description: 流名称。",
    );
    fs::write(&spec, broken).unwrap();
    let other = dir.path().join("specs/volcengine_live/DescribeStreamQuotaConfig.yaml");
    fs::write(&other, fs::read_to_string(&other).unwrap().replace("summary:", "sumary:")).unwrap();
    let before = snapshot(&dir.path().join("generated"));

    let out = xtask(dir.path(), &["regenerate"]);
    assert!(!out.status.success());
    let report = text(&out.stderr);
    assert!(
        report.contains("error: unknown type `strng`\n  --> specs/tencent_live/ResumeLiveStream.yaml:"),
        "{report}"
    );
    assert!(report.contains("did you mean `string`?"), "{report}");
    assert!(
        report.contains("error: unknown key `sumary`\n --> specs/volcengine_live/DescribeStreamQuotaConfig.yaml:3:1"),
        "{report}"
    );
    // One message per mistake: the key it was meant to be is not reported missing too.
    assert!(!report.contains("missing key `summary`"), "{report}");
    // The example that sets `StreamName` is not reported too: the field's own error covers it.
    assert!(!report.contains("is not a request parameter"), "{report}");
    assert!(report.trim_end().ends_with("2 problems in the specs; nothing was written"), "{report}");
    assert_eq!(before, snapshot(&dir.path().join("generated")), "generated/ is untouched");
}

#[test]
fn lint_reports_every_problem_and_writes_nothing() {
    let dir = scratch();
    let ok = xtask(dir.path(), &["lint"]);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    let (services, operations, _) = counts();
    let summary = format!("lint: {services} services, {operations} operations, no problems");
    assert!(text(&ok.stdout).starts_with(&summary), "{}", text(&ok.stdout));

    let spec = dir.path().join("specs/huawei_live/ShowTraffic.yaml");
    let original = fs::read_to_string(&spec).unwrap();
    fs::write(
        &spec,
        original.replacen("    required: true\n", "    requird: true\n", 1).replace("method: GET", "method: GTE"),
    )
    .unwrap();
    let before = snapshot(&dir.path().join("generated"));
    let out = xtask(dir.path(), &["lint"]);
    assert!(!out.status.success());
    let report = text(&out.stderr);
    assert!(report.contains("error: unknown key `requird`"), "{report}");
    assert!(report.contains("did you mean `required`?"), "{report}");
    assert!(report.contains("error: `GTE` is not one of `GET`, `POST`, `PUT`, `DELETE`"), "{report}");
    assert!(report.trim_end().ends_with("2 problems in the specs"), "lint never had anything to write: {report}");
    assert_eq!(before, snapshot(&dir.path().join("generated")), "lint writes nothing");
}

#[test]
fn check_fails_when_the_spec_schema_is_stale() {
    let dir = scratch();
    let schema = dir.path().join("specs/schema/operation.schema.json");
    fs::write(&schema, "{}\n").unwrap();
    let out = xtask(dir.path(), &["check"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("a/specs/schema/operation.schema.json"), "{}", text(&out.stderr));
    assert!(xtask(dir.path(), &["regenerate"]).status.success());
    assert!(xtask(dir.path(), &["check"]).status.success());
}

/// Runs git in `dir` with a fixed identity, failing the test on error.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Spec Reviewer", "-c", "user.email=reviewer@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(file).unwrap();
    assert_eq!(text.matches(from).count(), 1, "`{from}` in {}", file.display());
    fs::write(file, text.replacen(from, to, 1)).unwrap();
}

/// Real revision pairs in a git repository whose project sits in a subdirectory:
/// an older revision without schema modelines, a breaking edit, a docs-only
/// edit, and what the exit status says about each.
#[test]
fn review_compares_git_revisions_with_the_working_tree() {
    let repo = tempfile::tempdir().unwrap();
    let project = repo.path().join("project");
    copy_dir(&crate::repo().join("specs"), &project.join("specs"));
    git(repo.path(), &["init", "-q", "-b", "main"]);
    // A revision without any specs: every operation is new.
    fs::write(repo.path().join("README.md"), "first\n").unwrap();
    git(repo.path(), &["add", "README.md"]);
    git(repo.path(), &["commit", "-q", "-m", "empty"]);

    // The first revision of the specs predates the schema modeline.
    let modeline_free = snapshot(&project.join("specs"));
    for (path, bytes) in &modeline_free {
        let text = String::from_utf8(bytes.clone()).unwrap();
        if let Some(rest) = text.strip_prefix("# yaml-language-server: ") {
            fs::write(path, rest.split_once('\n').unwrap().1).unwrap();
        }
    }
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "specs without modelines"]);
    for (path, bytes) in &modeline_free {
        fs::write(path, bytes).unwrap();
    }
    let before = snapshot(repo.path());

    let out = xtask(&project, &["review", "--base", "HEAD"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    let (_, operations, _) = counts();
    assert!(
        report.contains(&format!("head the working tree: {operations} → {operations} operations.\n\nNo changes")),
        "{report}"
    );
    assert!(
        report.contains(&format!("<details><summary>Coverage of the working tree: {operations} operations</summary>")),
        "{report}"
    );
    // Each service's row, derived from the specs.
    let krate = codegen::check(&self::repo().join("specs"), "specs").unwrap();
    for s in &krate.services {
        let legacy = s.operations.iter().filter(|o| o.legacy.is_some()).count();
        let departures = codegen::review::coverage::departures(s);
        let row =
            format!("| `{}` | `{}` | {} | {legacy} | {departures} |", s.module, s.api_version, s.operations.len());
        assert!(report.contains(&row), "{row}\n{report}");
    }

    let out = xtask(&project, &["review", "--base", "HEAD~1", "--no-coverage"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(report.contains(&format!(": 0 → {operations} operations.")), "{report}");
    let tencent = krate.services.iter().find(|s| s.module == "tencent_live").unwrap().operations.len();
    assert!(
        report.contains(&format!(
            "| additive | service: added: 腾讯云直播（云直播 CSS）API 3.0 ({tencent} operations: `AddCasterInputInfo`, "
        )),
        "{report}"
    );
    assert!(report.contains(&format!(" and {} more) |", tencent - 8)), "{report}");
    assert!(!report.contains("Coverage"), "{report}");

    // A breaking edit in the working tree.
    let resume = project.join("specs/tencent_live/ResumeLiveStream.yaml");
    edit(&resume, "response:\n", "  - {name: Reason, type: string, required: true, description: 原因。}\nresponse:\n");
    edit(&resume, "      StreamName: stream1\n", "      StreamName: stream1\n      Reason: 恢复\n");
    let out = xtask(&project, &["review", "--base", "main"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(report.contains("**Breaking:** 1 change breaks on the wire, 1 for Rust users"), "{report}");
    assert!(
        report.contains("| **wire-breaking** **Rust-breaking** | request field `Reason`: added (required, `string`)"),
        "{report}"
    );
    assert!(report.contains("`tencent_live::ResumeLiveStreamRequestBuilder::reason`"), "{report}");
    assert!(report.contains("from the page [ResumeLiveStream（恢复直播推流）](https://console.cloud.tencent.com/api/explorer?Product=live&Version=2018-08-01&Action=ResumeLiveStream)"), "{report}");
    // The new parameter, and the example request that now sets it.
    assert!(text(&out.stderr).contains("review: 2 changes, 1 breaking"), "{}", text(&out.stderr));

    // Committed, then a documentation-only edit on top: against HEAD nothing breaks.
    git(repo.path(), &["commit", "-q", "-a", "-m", "a new parameter"]);
    edit(&resume, "summary: 恢复某条流的推送。", "summary: 恢复某条直播流的推送。");
    let out = xtask(&project, &["review", "--base", "HEAD", "--no-coverage"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(report.contains("**Nothing breaking.**"), "{report}");
    assert!(
        report.contains("| docs | summary or description: “恢复某条流的推送。” → “恢复某条直播流的推送。”"),
        "{report}"
    );
    // Against the revision before, all three edits show (the parameter, the example, the summary).
    let out = xtask(&project, &["review", "--base", "HEAD~1", "--no-coverage"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout).matches("\n| ").count() - 3, 3, "{}", text(&out.stdout));

    // Reviewing writes nothing anywhere.
    edit(&resume, "summary: 恢复某条直播流的推送。", "summary: 恢复某条流的推送。");
    fs::remove_dir_all(repo.path().join(".git")).ok();
    let after: Vec<_> = snapshot(repo.path());
    let before: Vec<_> = before.into_iter().filter(|(p, _)| !p.starts_with(repo.path().join(".git"))).collect();
    let resume_index = after.iter().position(|(p, _)| p == &resume).unwrap();
    let mut expected = before;
    expected[resume_index].1 = after[resume_index].1.clone(); // the one file the test edited
    assert_eq!(after, expected);
}

#[test]
fn review_fails_clearly_when_it_cannot_compare() {
    let repo = tempfile::tempdir().unwrap();
    copy_dir(&crate::repo().join("specs"), &repo.path().join("specs"));
    git(repo.path(), &["init", "-q", "-b", "main"]);
    // The base revision holds a broken spec.
    let quota = repo.path().join("specs/volcengine_live/DescribeStreamQuotaConfig.yaml");
    edit(&quota, "summary:", "sumary:");
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "broken"]);
    edit(&quota, "sumary:", "summary:");

    let out = xtask(repo.path(), &["review", "--base", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    let message = text(&out.stderr);
    assert!(
        message.contains(
            "error: unknown key `sumary`\n --> HEAD:specs/volcengine_live/DescribeStreamQuotaConfig.yaml:3:1"
        ),
        "{message}"
    );
    assert!(message.contains("the specs at the base do not pass this generator's checks"), "{message}");
    assert!(text(&out.stdout).is_empty(), "no report on stdout when nothing was compared");

    let out = xtask(repo.path(), &["review", "--base", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("error: `no-such-branch` does not name a commit"), "{}", text(&out.stderr));

    let out = xtask(repo.path(), &["review", "--base", "--help"]);
    assert_ne!(out.status.code(), Some(0));

    // A broken working tree is reported as such.
    edit(&quota, "summary:", "summry:");
    let out = xtask(repo.path(), &["review", "--base-dir", repo.path().join("specs").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("the working tree's specs have problems"), "{}", text(&out.stderr));

    // Outside a git repository.
    let plain = scratch();
    let out = xtask(plain.path(), &["review", "--base", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("does not name a commit"), "{}", text(&out.stderr));
}

#[test]
fn coverage_lists_every_operation_and_departure() {
    let out = xtask(&repo(), &["coverage"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    for op in ["ResumeLiveStream", "DescribeLivePackageInfo", "DescribeStreamQuotaConfig", "ShowTraffic"] {
        assert!(report.contains(&format!("| `{op}` |")), "{op}: {report}");
    }
    let (services, operations, notes) = counts();
    let summary = format!("{services} services, {operations} operations, {notes} recorded departures from the pages.");
    assert!(report.contains(&summary), "{report}");
}

#[test]
fn fmt_formats_hand_written_files_and_never_generated_ones() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::copy(repo().join("rustfmt.toml"), root.join("rustfmt.toml")).unwrap();
    let messy = "pub fn f( x:u8 )->u8{x}\n";
    let generated = format!("// @generated by `cargo xtask regenerate` from specs/x.yaml.\n{messy}");
    for krate in ["codegen/src", "xtask/src", "generated/src/runtime", "generated/target/debug"] {
        fs::create_dir_all(root.join(krate)).unwrap();
    }
    fs::write(root.join("codegen/src/lib.rs"), "pub fn f(x: u8) -> u8 {\n    x\n}\n").unwrap();
    fs::write(root.join("xtask/src/main.rs"), "fn main() {}\n").unwrap();
    fs::write(root.join("generated/src/runtime/sign.rs"), messy).unwrap();
    fs::write(root.join("generated/src/op.rs"), &generated).unwrap();
    fs::write(root.join("generated/target/debug/build.rs"), messy).unwrap();

    let out = xtask(root, &["fmt", "--check"]);
    assert!(!out.status.success(), "a messy hand-written file fails the check");
    let diff = text(&out.stdout);
    assert!(diff.contains("runtime/sign.rs"), "{diff}");
    assert!(!diff.contains("op.rs") && !diff.contains("build.rs"), "generated and build files are not checked: {diff}");
    assert!(text(&out.stderr).contains("run `cargo xtask fmt`"), "{}", text(&out.stderr));

    let out = xtask(root, &["fmt"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "fmt: 3 hand-written files formatted\n");
    assert_eq!(
        fs::read_to_string(root.join("generated/src/runtime/sign.rs")).unwrap(),
        "pub fn f(x: u8) -> u8 {\n    x\n}\n"
    );
    assert_eq!(
        fs::read_to_string(root.join("generated/src/op.rs")).unwrap(),
        generated,
        "generated files are untouched"
    );
    assert_eq!(fs::read_to_string(root.join("generated/target/debug/build.rs")).unwrap(), messy);
    assert!(xtask(root, &["fmt", "--check"]).status.success());
}

#[test]
fn this_checkout_is_formatted() {
    let out = xtask(&repo(), &["fmt", "--check"]);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
}

/// `import huawei` drafts the operations of the service's API version that have no spec (the
/// version is the path's, whichever SDK module holds the operation), rewrites nothing, and its
/// drafts pass lint.
#[test]
fn import_huawei_drafts_the_version_of_the_service() {
    let dir = scratch();
    let metadata = repo().join("codegen/tests/fixtures/metadata/huawei_live/live.json");
    let (v1, v2) = (dir.path().join("specs/huawei_live"), dir.path().join("specs/huawei_live_v2"));
    let (before_v1, before_v2) = (snapshot(&v1), snapshot(&v2));
    fs::remove_file(v1.join("ShowDomain.yaml")).unwrap();
    fs::remove_file(v2.join("ShowCertificateInfo.yaml")).unwrap();
    let run = |service: &str, only: &str| {
        let args = ["import", "huawei", "--service", service, "--metadata", metadata.to_str().unwrap(), "--only", only];
        xtask(dir.path(), &args)
    };

    let out = run("huawei_live", "ShowDomain,CreateDomain,BatchShowIpBelongs,UpdateRecordRule");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("import: wrote 1 operation draft under specs/huawei_live\n"), "{stdout}");
    assert!(stdout.contains("3 operations already have a spec"), "{stdout}");
    let drafted = fs::read_to_string(v1.join("ShowDomain.yaml")).unwrap();
    assert!(drafted.contains("path: /v1/{project_id}/domain"), "{drafted}");
    assert!(drafted.contains("constructed: true"), "the SDK has no examples: {drafted}");

    // The SDK's v1 module holds a /v2/ operation: it is drafted for the v2 service.
    let out = run("huawei_live_v2", "ShowCertificateInfo,ListAreaDetail");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("import: wrote 1 operation draft under specs/huawei_live_v2\n"));
    let drafted = fs::read_to_string(v2.join("ShowCertificateInfo.yaml")).unwrap();
    assert!(drafted.contains("path: /v2/{project_id}/certificates"), "{drafted}");

    // An operation of the other version is none of this one's.
    let out = run("huawei_live", "ListAreaDetail");
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("under `/v1/`: [\"ListAreaDetail\"]"), "{}", text(&out.stderr));

    let out = xtask(dir.path(), &["lint"]);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
    // Nothing else changed (the drafts differ from the committed ones only in the date).
    for (before, dir) in [(before_v1, &v1), (before_v2, &v2)] {
        let after = snapshot(dir);
        assert_eq!(before.len(), after.len());
        for ((path, old), (_, new)) in before.iter().zip(&after) {
            let name = path.file_name().unwrap();
            if name != "ShowDomain.yaml" && name != "ShowCertificateInfo.yaml" {
                assert_eq!(old, new, "{} changed", path.display());
            }
        }
    }
}

/// Every operation of both API versions drafted from the SDK and the Go SDK's
/// models passes lint as written: values no Rust name can be made of get a
/// `Value…` name for a person to replace, and an operation that pages declares
/// its paging where the SDK's text says how its start counts, or a note says
/// why not.
#[test]
fn huawei_drafts_of_every_operation_pass_lint_as_written() {
    let dir = scratch();
    let fixture = repo().join("codegen/tests/fixtures/metadata/huawei_live");
    let (metadata, go) = (fixture.join("live.json"), fixture.join("go"));
    for service in ["huawei_live", "huawei_live_v2"] {
        let specs = dir.path().join("specs").join(service);
        for entry in fs::read_dir(&specs).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().unwrap() != "service.yaml" {
                fs::remove_file(path).unwrap();
            }
        }
        let args = [
            "import",
            "huawei",
            "--service",
            service,
            "--metadata",
            metadata.to_str().unwrap(),
            "--go-dir",
            go.to_str().unwrap(),
        ];
        let out = xtask(dir.path(), &args);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let out = xtask(dir.path(), &["lint"]);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
    let v1 = dir.path().join("specs/huawei_live");
    let read = |name: &str| fs::read_to_string(v1.join(name)).unwrap();
    // `分页编号，从0开始算`: a page index; `需要每次查询增加limit的值`: an item offset.
    assert!(read("ListRecordContents.yaml").contains("paging:\n  page_index: offset\n"));
    assert!(read("ListScheduleRecordTasks.yaml").contains("paging:\n  offset: offset\n"));
    // `偏移量，表示从此偏移量开始查询`: either; no paging, and a note that says why.
    let flows = read("ListFlows.yaml");
    assert!(!flows.contains("paging:"), "{flows}");
    assert!(flows.contains("subject: paging"), "{flows}");
    // The Go SDK's integer enums, named for a person to rename.
    let types = read("types.yaml");
    assert!(types.contains("rust_name: Value0"), "{types}");
}

/// An import whose drafts need shared types the service's `types.yaml` lacks is
/// refused before it writes anything: no operation file is left half-imported.
#[test]
fn import_refused_for_missing_shared_types_writes_nothing() {
    let dir = scratch();
    let specs = dir.path().join("specs/huawei_live");
    let before = snapshot(&specs);
    let op = |name: &str| {
        serde_json::json!({"name": name, "method": "GET", "path": "/v1/{project_id}/things", "summary": "查询",
            "description": "", "request_type": format!("{name}Request"), "response_type": format!("{name}Response"),
            "response_headers": [], "params": []})
    };
    let answer = serde_json::json!({"fields": [{"name": "things", "wire": "things", "type": "list[NewThing]",
        "required": false, "description": "东西"}]});
    let metadata = serde_json::json!({"package": "huaweicloudsdklive==9.9.9", "versions": {"v1": {
        "operations": [op("ListNewThingsA"), op("ListNewThingsB")],
        "models": {"ListNewThingsAResponse": answer, "ListNewThingsBResponse": answer,
            "NewThing": {"fields": [{"name": "id", "wire": "id", "type": "str", "required": true, "description": "ID"}]}}}}});
    let file = dir.path().join("live.json");
    fs::write(&file, metadata.to_string()).unwrap();
    let out = xtask(dir.path(), &["import", "huawei", "--metadata", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("lacks 1 type the drafts of 2 operations use (NewThing)"), "{stderr}");
    assert!(stderr.contains("wrote nothing"), "{stderr}");
    assert_eq!(snapshot(&specs), before, "a refused import wrote files");
}

/// `import tencent` drafts the actions without a spec, and only those: it never
/// rewrites a spec file, and `--dry-run` writes nothing.
#[test]
fn import_drafts_what_is_missing_and_rewrites_nothing() {
    let dir = scratch();
    let metadata = repo().join("codegen/tests/fixtures/metadata/tencent_live");
    let specs = dir.path().join("specs/tencent_live");
    let before = snapshot(&specs);
    fs::remove_file(specs.join("DropLiveStream.yaml")).unwrap();
    let api = metadata.join("api.json");
    let examples = metadata.join("examples.json");
    let client_go = metadata.join("client.go");
    let args = |extra: &[&str]| -> Vec<String> {
        let mut args =
            vec!["import", "tencent", "--api", api.to_str().unwrap(), "--examples", examples.to_str().unwrap()];
        args.extend(["--client-go", client_go.to_str().unwrap(), "--package", "tccli==3.1.189.1"]);
        args.extend(extra);
        args.into_iter().map(str::to_owned).collect()
    };
    let run = |extra: &[&str]| {
        let args = args(extra);
        xtask(dir.path(), &args.iter().map(String::as_str).collect::<Vec<_>>())
    };

    let out = run(&["--dry-run"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("import: would write 1 operation draft under specs/tencent_live"),
        "{}",
        text(&out.stdout)
    );
    assert!(!specs.join("DropLiveStream.yaml").exists());

    let out = run(&["--only", "DropLiveStream,ResumeLiveStream"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("import: wrote 1 operation draft under specs/tencent_live"), "{stdout}");
    assert!(
        stdout.contains("1 operation already has a spec, which an import never rewrites: ResumeLiveStream"),
        "{stdout}"
    );
    let draft = fs::read_to_string(specs.join("DropLiveStream.yaml")).unwrap();
    assert!(draft.starts_with("# yaml-language-server: $schema=../schema/operation.schema.json\n# Drafted by `cargo xtask import tencent` from tccli==3.1.189.1"), "{draft}");
    let spec: codegen::spec::OperationSpec = serde_yaml::from_str(&draft).unwrap();
    assert_eq!(spec.name, "DropLiveStream");
    assert_eq!(
        spec.request.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        ["StreamName", "DomainName", "AppName"]
    );
    assert!(spec.errors.iter().any(|e| e.code == "InternalError.StreamStatusError"), "{draft}");
    // Every other file is as it was.
    let others = |files: Vec<(PathBuf, Vec<u8>)>| {
        let mut files: Vec<_> = files.into_iter().filter(|(p, _)| !p.ends_with("DropLiveStream.yaml")).collect();
        files.sort();
        files
    };
    let (after, before) = (others(snapshot(&specs)), others(before));
    assert!(after.len() > 1 && after == before, "files other than the draft changed");

    let out = run(&["--only", "NoSuchAction"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("not operations of"), "{}", text(&out.stderr));
}

/// A shared enum the reviewer renamed (the draft's `CacheFollowOrigin` and seven other on/off
/// switches are `OnOff` in `types.yaml`) is the type a new draft uses: the import neither refuses
/// for want of the draft's name nor writes a second enum of the same values.
#[test]
fn import_uses_the_shared_enum_a_reviewer_renamed() {
    let dir = scratch();
    let metadata = repo().join("codegen/tests/fixtures/metadata/tencent_live");
    let specs = dir.path().join("specs/tencent_live");
    fs::remove_file(specs.join("ModifyOriginStreamInfo.yaml")).unwrap();
    let types_before = fs::read(specs.join("types.yaml")).unwrap();
    let args = [
        "import",
        "tencent",
        "--api",
        metadata.join("api.json").to_str().unwrap(),
        "--package",
        "tccli==3.1.189.1",
        "--only",
        "ModifyOriginStreamInfo",
    ]
    .map(str::to_owned);
    let out = xtask(dir.path(), &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let draft = fs::read_to_string(specs.join("ModifyOriginStreamInfo.yaml")).unwrap();
    let spec: codegen::spec::OperationSpec = serde_yaml::from_str(&draft).unwrap();
    let ty = |name: &str| spec.request.iter().find(|f| f.name == name).map(|f| f.ty.as_str());
    assert_eq!(ty("CacheFollowOrigin"), Some("OnOff"), "{draft}");
    assert_eq!(ty("UsingHttps"), Some("OnOff"), "{draft}");
    // An integer enum is the same only where its values mean the same: CacheFormatRule is.
    assert_eq!(ty("CacheFormatRule"), Some("CacheFormatRule"), "{draft}");
    assert!(spec.types.iter().all(|t| t.values.is_none()), "no enum of its own: {draft}");
    assert_eq!(fs::read(specs.join("types.yaml")).unwrap(), types_before, "types.yaml is never rewritten");
    let out = xtask(dir.path(), &["lint"]);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
}

/// A Tencent service that takes its common codes from another (`common_errors_of`) drafts as if
/// it listed them: the action's codes take the lender's descriptions (no `errorcodes.py` is given
/// here, so the common list is their only text).
#[test]
fn import_tencent_takes_common_codes_from_the_service_it_names() {
    let dir = scratch();
    let metadata = repo().join("codegen/tests/fixtures/metadata/tencent_live");
    let specs = dir.path().join("specs");
    // Move the common codes to a lender service and name it.
    let service_file = specs.join("tencent_live/service.yaml");
    let mut service: serde_yaml::Mapping = serde_yaml::from_str(&fs::read_to_string(&service_file).unwrap()).unwrap();
    fs::create_dir_all(specs.join("lender")).unwrap();
    fs::write(specs.join("lender/service.yaml"), serde_yaml::to_string(&service).unwrap()).unwrap();
    service.remove("common_errors").expect("tencent_live lists common errors");
    service.insert("common_errors_of".into(), "lender".into());
    fs::write(&service_file, serde_yaml::to_string(&service).unwrap()).unwrap();
    fs::remove_file(specs.join("tencent_live/DropLiveStream.yaml")).unwrap();

    let api = metadata.join("api.json");
    let client_go = metadata.join("client.go");
    let args = [
        "import",
        "tencent",
        "--api",
        api.to_str().unwrap(),
        "--client-go",
        client_go.to_str().unwrap(),
        "--package",
        "tccli==3.1.189.1",
    ];
    let out = xtask(dir.path(), &[&args[..], &["--only", "DropLiveStream"]].concat());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let draft = fs::read_to_string(specs.join("tencent_live/DropLiveStream.yaml")).unwrap();
    let spec: codegen::spec::OperationSpec = serde_yaml::from_str(&draft).unwrap();
    let internal = spec.errors.iter().find(|e| e.code == "InternalError").expect("client.go lists InternalError");
    assert_eq!(internal.description, "内部错误。", "{draft}");

    // A lender that is not there is named in the error, and nothing is written.
    fs::remove_dir_all(specs.join("lender")).unwrap();
    fs::remove_file(specs.join("tencent_live/DropLiveStream.yaml")).unwrap();
    let out = xtask(dir.path(), &[&args[..], &["--only", "DropLiveStream"]].concat());
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("lender"), "{}", text(&out.stderr));
    assert!(!specs.join("tencent_live/DropLiveStream.yaml").exists());
}

/// `import volcengine` drafts the actions of the service's version from the SDK's Go source:
/// the wire name of the action (not the Go one), the method of config.go, and drafts that pass
/// lint (these actions use no `json` or `map<T>` type, which the format does not have yet).
#[test]
fn import_volcengine_drafts_the_version_of_the_service() {
    let dir = scratch();
    let go_dir = repo().join("codegen/tests/fixtures/metadata/volcengine_live");
    let specs = dir.path().join("specs/volcengine_live_v2023");
    let before = snapshot(&specs);
    let removed = ["DescribeLiveStreamInfoByPage", "DescribeIpInfo", "UpdateCallback"];
    for name in removed {
        fs::remove_file(specs.join(format!("{name}.yaml"))).unwrap();
    }
    let run = |extra: &[&str]| {
        let mut args = vec!["import", "volcengine", "--go-dir", go_dir.to_str().unwrap()];
        args.extend(extra);
        xtask(dir.path(), &args)
    };

    let out = run(&["--dry-run"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("import: would write 3 operation drafts under specs/volcengine_live_v2023\n"),
        "{stdout}"
    );
    assert!(stdout.contains("import: 182 operations already have a spec, which an import never rewrites"), "{stdout}");
    assert_eq!(snapshot(&specs).len(), before.len() - removed.len(), "a dry run wrote files");

    let java = go_dir.join("LiveTrait.java");
    let only = ["--only", "DescribeLiveStreamInfoByPage,DescribeIpInfo,UpdateCallback"];
    let out = run(&[&only[..], &["--java-trait", java.to_str().unwrap()]].concat());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("import: wrote 3 operation drafts under specs/volcengine_live_v2023\n"),
        "{}",
        text(&out.stdout)
    );
    let drafted = fs::read_to_string(specs.join("DescribeLiveStreamInfoByPage.yaml")).unwrap();
    assert!(drafted.contains("\nhttp:\n  method: GET\n"), "{drafted}");
    assert!(drafted.contains("constructed: true"), "the SDK has no examples: {drafted}");
    // The enums of listed values are those types.yaml holds, under the names a person gave them.
    assert!(drafted.contains("\n  type: StreamNameMatchType\n"), "{drafted}");
    let callback = fs::read_to_string(specs.join("UpdateCallback.yaml")).unwrap();
    assert!(callback.contains("\n  type: CallbackMessageType\n"), "{callback}");
    let ip = fs::read_to_string(specs.join("DescribeIpInfo.yaml")).unwrap();
    assert!(ip.contains("\nname: DescribeIpInfo\n"), "the wire name, not the Go one: {ip}");
    assert!(ip.contains("file: service/live/v20230101/model.go"), "{ip}");
    // The Java SDK's Javadoc gives the summary, found under the Go name's spelling (describeIPInfo).
    assert!(ip.contains("\nsummary: 查询 IP 地址归属的 CDN 节点。\n"), "{ip}");
    assert!(ip.contains("the Javadoc of volc-sdk-java's LiveTrait.java"), "{ip}");

    let out = xtask(dir.path(), &["lint"]);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));

    // An action of no version of the SDK is refused.
    let out = run(&["--only", "NoSuchAction"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("at version 2023-01-01: [\"NoSuchAction\"]"), "{}", text(&out.stderr));
}

/// A Go source not in the generator's shape is refused with its file and line, and an
/// import that needs shared types `types.yaml` lacks is refused: neither writes anything.
#[test]
fn import_volcengine_refused_writes_nothing() {
    let dir = scratch();
    let specs = dir.path().join("specs/volcengine_live_v2023");
    let go_dir = dir.path().join("go");
    fs::create_dir_all(&go_dir).unwrap();
    let action = |name: &str| {
        format!(
            "\t\t\"{name}\": {{\n\t\t\tMethod: http.MethodPost,\n\t\t\tPath:   \"/\",\n\t\t\tQuery: url.Values{{\n\t\t\t\t\"Action\":  []string{{\"{name}\"}},\n\t\t\t\t\"Version\": []string{{\"2023-01-01\"}},\n\t\t\t}},\n\t\t}},\n"
        )
    };
    let config = format!(
        "package p\n\nvar (\n\tApiListInfo = map[string]*common.ApiInfo{{\n{}{}\t}}\n)\n",
        action("ListNewThingsA"),
        action("ListNewThingsB")
    );
    let answer = |name: &str| {
        format!(
            "type {name}Res struct {{\n\tResult *{name}ResResult `json:\"Result,omitempty\"`\n}}\n\n\
             type {name}ResResult struct {{\n\n\t// REQUIRED; 东西。\n\tThing ComponentsAb1SchemasXPropertiesNewthing `json:\"Thing\"`\n}}\n\n"
        )
    };
    let model = format!(
        "package p\n\n{}{}type ComponentsAb1SchemasXPropertiesNewthing struct {{\n\tID *string `json:\"ID,omitempty\"`\n}}\n",
        answer("ListNewThingsA"),
        answer("ListNewThingsB")
    );
    fs::write(go_dir.join("config.go"), &config).unwrap();
    fs::write(go_dir.join("model.go"), &model).unwrap();
    fs::write(specs.join("types.yaml"), "types:\n- name: Other\n  description: d\n  fields: []\n").unwrap();
    let before = snapshot(&specs);
    let import = || xtask(dir.path(), &["import", "volcengine", "--go-dir", go_dir.to_str().unwrap()]);

    let out = import();
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("lacks 1 type the drafts of 2 operations use (Newthing)"), "{stderr}");
    assert!(stderr.contains("wrote nothing"), "{stderr}");
    assert_eq!(snapshot(&specs), before, "a refused import wrote files");

    fs::write(go_dir.join("model.go"), model.replace("`json:\"ID,omitempty\"`", "`json:\"ID,omitempty`")).unwrap();
    let out = import();
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("go/model.go:24: the tags of `ID`: the value of `json` is not closed"), "{stderr}");
    assert_eq!(snapshot(&specs), before, "a refused import wrote files");
}
