//! Maintainer commands. Run `cargo xtask --help`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

mod bench;
mod calls;
mod fmt;
mod import;
mod review;
mod synth;

use clap::{Parser, Subcommand};

/// The generator allocates many small token trees; mimalloc is markedly faster at that than glibc malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use codegen::plan::{self, Change};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Maintainer commands for the spec-driven client generator")]
struct Cli {
    /// The repository root holding specs/ and generated/ (default: the checkout the working
    /// directory is in, found by walking up from it).
    #[arg(long, global = true)]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate every spec, then write generated/ (only files whose bytes change).
    Regenerate {
        /// Write nothing; fail with a diff if generated/ is stale (same as `check`).
        #[arg(long)]
        check: bool,
        /// Print the process's peak resident memory at the end (used by `bench`).
        #[arg(long, hide = true)]
        report_peak_memory: bool,
    },
    /// Write nothing; fail with a readable diff if generated/ or the spec schema is stale.
    Check,
    /// Check every spec and report every problem, writing nothing.
    Lint,
    /// Run rustfmt on the hand-written Rust files (never on generated ones).
    Fmt {
        /// Write nothing; fail with rustfmt's diff when a file is not formatted.
        #[arg(long)]
        check: bool,
    },
    /// Compare the specs at a base revision with the working tree: a Markdown report of every
    /// change, classified, with the Rust items it touches. Exit status: 0 nothing breaking,
    /// 1 something breaks the wire or Rust users, 2 the comparison could not be made.
    #[command(group = clap::ArgGroup::new("from").required(true))]
    Review {
        /// The git revision to compare with (a branch, tag or commit, e.g. `origin/main`).
        #[arg(long, group = "from", value_name = "REV")]
        base: Option<String>,
        /// Compare with a spec directory on disk instead of a git revision.
        #[arg(long, group = "from", value_name = "DIR")]
        base_dir: Option<PathBuf>,
        /// Leave out the coverage report.
        #[arg(long)]
        no_coverage: bool,
        /// Print the changes as the body of an entry of `generated/CHANGELOG.md` instead of the report.
        #[arg(long)]
        changelog: bool,
    },
    /// Per vendor: the operations transcribed, their pages and dates, legacy status, and
    /// every recorded departure from the pages.
    Coverage,
    /// Measure `regenerate` on the real specs and on 100 and 1,000 synthetic operations.
    Bench {
        /// Timed runs per case.
        #[arg(long, default_value_t = 11)]
        runs: usize,
    },
    /// The client-side cost of one call per operation (criterion) side by side with the official
    /// Python SDKs doing the same work, in alternating rounds; prints a Markdown table.
    BenchCalls {
        /// Rounds of each side.
        #[arg(long, default_value_t = 5)]
        rounds: usize,
    },
    /// Draft specs of the actions the specs lack, from the vendor's metadata files (given by
    /// path; nothing is downloaded). Existing spec files are never rewritten.
    #[command(subcommand)]
    Import(ImportVendor),
    /// Compare the specs with the vendor's metadata files (given by path): every missing or extra
    /// field, type, width, required flag, nullability, example and error code that differs and
    /// that no note accepts (a note's `crosscheck:` list names what it accepts).
    #[command(subcommand)]
    Crosscheck(CrosscheckVendor),
    /// Write a synthetic spec set of N operations into DIR (the benchmark's input).
    SynthSpecs {
        /// Number of operations.
        #[arg(long)]
        operations: usize,
        /// Output spec directory.
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum ImportVendor {
    /// Tencent Cloud API 3.0, from tccli's api.json and examples.json and the SDKs' error codes.
    /// Fetch the pinned files with:
    /// pip download --no-deps -d /tmp/tc tccli==3.1.189.1 tencentcloud-sdk-python-live==3.1.189 &&
    /// (cd /tmp/tc && for w in *.whl; do unzip -oq "$w"; done)
    Tencent {
        #[command(flatten)]
        files: import::TencentFiles,
        /// tencentcloud-sdk-python's tencentcloud/PRODUCT/VERSION/errorcodes.py.
        #[arg(long)]
        error_codes: Option<PathBuf>,
        /// The package api.json comes from, as pip names it, recorded in every draft.
        #[arg(long, value_name = "NAME==VERSION")]
        package: String,
        /// Only these actions (comma-separated).
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
        /// Write nothing; say what would be written.
        #[arg(long)]
        dry_run: bool,
    },
    /// Huawei Cloud REST, from the JSON xtask/metadata/huawei.py writes from the official Python
    /// SDK: the operations of the service's API version (`--service huawei_live_v2` for v2).
    /// Write it with the pinned SDK:
    /// python3 -m venv /tmp/hw && /tmp/hw/bin/pip install huaweicloudsdklive==3.1.219 &&
    /// /tmp/hw/bin/python xtask/metadata/huawei.py /tmp/hw/live.json
    /// With --go-dir, the Go SDK's models (huaweicloud-sdk-go-v3 v0.1.188) give integer widths,
    /// enum values and time formats; codegen/tests/fixtures/metadata/huawei_live/README.md shows
    /// how to fetch them.
    Huawei {
        #[command(flatten)]
        files: import::HuaweiFiles,
        /// Only these operations (comma-separated).
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
        /// Write nothing; say what would be written.
        #[arg(long)]
        dry_run: bool,
    },
    /// Volcengine OpenAPI, from the Go source of the official SDK (volc-sdk-golang's
    /// service/live/v20230101/config.go and model.go): the actions of the service's API version.
    /// Fetch the pinned files (volc-sdk-golang v1.0.253, and volc-sdk-java v1.0.284's
    /// LiveTrait.java) as codegen/tests/fixtures/metadata/volcengine_live/README.md shows.
    Volcengine {
        #[command(flatten)]
        files: import::VolcengineFiles,
        /// volc-sdk-java's service/live/v20230101/LiveTrait.java, whose Javadoc gives each
        /// action's summary and description (the Go SDK has none).
        #[arg(long, value_name = "FILE")]
        java_trait: Option<std::path::PathBuf>,
        /// The SDK release the files come from, recorded in every draft.
        #[arg(long, default_value = codegen::import::volcengine::PACKAGE)]
        package: String,
        /// Only these actions (comma-separated).
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
        /// Write nothing; say what would be written.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum CrosscheckVendor {
    /// Tencent Cloud API 3.0: tccli's api.json (and examples.json), tencentcloud-sdk-go's client.go.
    Tencent(import::TencentFiles),
    /// Huawei Cloud REST: the JSON xtask/metadata/huawei.py writes from the official Python SDK,
    /// and the Go SDK's models (--go-dir), against the specs of the service's API version (see
    /// `import huawei`).
    Huawei(import::HuaweiFiles),
    /// Volcengine OpenAPI: the Go source of the official SDK (config.go and model.go), against
    /// the specs of the service's API version (see `import volcengine`).
    Volcengine(import::VolcengineFiles),
}

/// The checkout the working directory is in: the nearest directory, from the
/// working directory upwards, that holds a `Cargo.toml`, `specs/` and
/// `generated/`. Never where this binary was built: with a shared target
/// directory, a binary built from one clone is reused in another.
fn find_root() -> Result<PathBuf, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("error: cannot read the working directory: {e}"))?;
    cwd.ancestors().find(|dir| is_root(dir)).map(Path::to_path_buf).ok_or_else(|| {
        format!(
            "error: {} is not inside a checkout of this repository (no directory above it holds Cargo.toml, \
                 specs/ and generated/); run cargo xtask there, or pass --root <DIR>",
            cwd.display()
        )
    })
}

/// Whether messages on stderr are coloured: on a terminal, unless `NO_COLOR`
/// is set (<https://no-color.org>); `CLICOLOR_FORCE` colours them anywhere.
pub fn color() -> bool {
    use std::io::IsTerminal;
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    set("CLICOLOR_FORCE")
        || (std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()))
}

fn is_root(dir: &Path) -> bool {
    dir.join("Cargo.toml").is_file() && dir.join("specs").is_dir() && dir.join("generated").is_dir()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = match cli.root.map_or_else(find_root, Ok) {
        Ok(root) => root,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Regenerate { check: false, report_peak_memory } => regenerate(&root).map(|()| {
            if report_peak_memory && let Some(kib) = bench::peak_memory_kib() {
                println!("peak memory: {kib} KiB");
            }
        }),
        Command::Regenerate { check: true, .. } | Command::Check => check(&root),
        Command::Lint => lint(&root),
        Command::Fmt { check } => fmt::run(&root, check),
        Command::Bench { runs } => bench::run(&root, runs.max(1)),
        Command::BenchCalls { rounds } => calls::run(&root, rounds.max(1)),
        Command::Review { base, base_dir, no_coverage, changelog } => {
            let base = match (base, base_dir) {
                (Some(rev), _) => review::Base::Revision(rev),
                (None, Some(dir)) => review::Base::Dir(dir),
                (None, None) => {
                    eprintln!("error: give --base <REV> or --base-dir <DIR>");
                    return ExitCode::from(2);
                }
            };
            let output =
                if changelog { review::Output::Changelog } else { review::Output::Report { coverage: !no_coverage } };
            return match review::review(&root, &base, output) {
                Ok(outcome) => ExitCode::from(u8::from(outcome.breaking)),
                Err(message) => {
                    eprintln!("{message}");
                    ExitCode::from(2)
                }
            };
        }
        Command::Coverage => review::coverage(&root),
        Command::Import(ImportVendor::Tencent { files, error_codes, package, only, dry_run }) => {
            import::run(&root, &import::TencentArgs { files, error_codes, package, only, dry_run })
        }
        Command::Import(ImportVendor::Huawei { files, only, dry_run }) => {
            import::run_huawei(&root, &files, &only, dry_run)
        }
        Command::Import(ImportVendor::Volcengine { files, java_trait, package, only, dry_run }) => {
            import::run_volcengine(&root, &files, java_trait.as_deref(), &package, &only, dry_run)
        }
        Command::Crosscheck(CrosscheckVendor::Volcengine(files)) => import::crosscheck_volcengine(&root, &files),
        Command::Crosscheck(CrosscheckVendor::Tencent(files)) => import::crosscheck(&root, &files),
        Command::Crosscheck(CrosscheckVendor::Huawei(files)) => import::crosscheck_huawei(&root, &files),
        Command::SynthSpecs { operations, out } => {
            synth::write_specs(&root, &out, operations).map_err(|e| format!("error: writing {}: {e}", out.display()))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// What `regenerate` would change: the generated crate, and the spec schema.
struct Plan {
    files: codegen::emit::Files,
    changes: Vec<Change>,
    schema_changes: Vec<Change>,
}

const SCHEMA_DIR: &str = "specs/schema";

fn plan(root: &Path) -> Result<Plan, String> {
    let files = codegen::generate(&root.join("specs"), "specs")
        .map_err(|d| format!("{}; nothing was written", d.render(color())))?;
    let changes = plan::compare(&root.join("generated"), &files, plan::Ownership::MarkedFiles)
        .map_err(|e| format!("error: generated/: {e}"))?;
    let schema: codegen::emit::Files =
        codegen::schema::files().into_iter().map(|(name, text)| (name.to_owned(), text)).collect();
    let schema_changes = plan::compare(&root.join(SCHEMA_DIR), &schema, plan::Ownership::WholeDirectory)
        .map_err(|e| format!("error: {SCHEMA_DIR}/: {e}"))?;
    Ok(Plan { files, changes, schema_changes })
}

fn regenerate(root: &Path) -> Result<(), String> {
    let start = Instant::now();
    println!("regenerate: {}", root.display());
    let Plan { files, changes, schema_changes } = plan(root)?;
    plan::apply(&root.join(SCHEMA_DIR), &schema_changes)
        .map_err(|e| format!("error: writing {SCHEMA_DIR}/ failed: {e}"))?;
    plan::apply(&root.join("generated"), &changes).map_err(|e| format!("error: writing generated/ failed: {e}"))?;
    for (dir, change) in schema_changes.iter().map(|c| (SCHEMA_DIR, c)).chain(changes.iter().map(|c| ("generated", c)))
    {
        let verb = match change {
            Change::Create { .. } => "created",
            Change::Update { .. } => "updated",
            Change::Delete { .. } => "deleted",
        };
        println!("  {verb} {dir}/{}", change.path());
    }
    let changes = [changes, schema_changes].concat();
    println!(
        "regenerate: {} files planned, {} changed ({:.1} ms)",
        files.len(),
        changes.len(),
        start.elapsed().as_secs_f64() * 1e3
    );
    Ok(())
}

fn check(root: &Path) -> Result<(), String> {
    let Plan { files, changes, schema_changes } = plan(root)?;
    if changes.is_empty() && schema_changes.is_empty() {
        println!("check: generated/ and {SCHEMA_DIR}/ are up to date ({} files)", files.len() + 2);
        return Ok(());
    }
    let mut out = String::new();
    for change in &schema_changes {
        out.push_str(&change.diff(SCHEMA_DIR));
    }
    for change in &changes {
        out.push_str(&change.diff("generated"));
    }
    out.push_str(&format!(
        "check: generated/ is stale: {} file(s) differ from the specs and the spec model; run `cargo xtask regenerate` and commit the result",
        changes.len() + schema_changes.len()
    ));
    Err(out)
}

fn lint(root: &Path) -> Result<(), String> {
    let start = Instant::now();
    let krate = codegen::check(&root.join("specs"), "specs").map_err(|d| d.render(color()))?;
    let operations: usize = krate.services.iter().map(|s| s.operations.len()).sum();
    println!(
        "lint: {} services, {operations} operations, no problems ({:.1} ms)",
        krate.services.len(),
        start.elapsed().as_secs_f64() * 1e3
    );
    Ok(())
}
