//! Maintainer commands. Run `cargo xtask --help`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

mod bench;
mod synth;

use clap::{Parser, Subcommand};
use codegen::plan::{self, Change};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Maintainer commands for the spec-driven client generator")]
struct Cli {
    /// The repository root holding specs/ and generated/ (default: this checkout).
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
    /// Write nothing; fail with a readable diff if generated/ is stale.
    Check,
    /// Measure `regenerate` on the real specs and on 100 and 1,000 synthetic operations.
    Bench {
        /// Timed runs per case.
        #[arg(long, default_value_t = 11)]
        runs: usize,
    },
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

/// The repository root: xtask lives in `<root>/xtask`.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(root);
    let result = match cli.command {
        Command::Regenerate { check: false, report_peak_memory } => regenerate(&root).map(|()| {
            if report_peak_memory && let Some(kib) = bench::peak_memory_kib() {
                println!("peak memory: {kib} KiB");
            }
        }),
        Command::Regenerate { check: true, .. } | Command::Check => check(&root),
        Command::Bench { runs } => bench::run(&root, runs.max(1)),
        Command::SynthSpecs { operations, out } => {
            synth::write_specs(&out, operations).map_err(|e| format!("error: writing {}: {e}", out.display()))
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

fn plan(root: &Path) -> Result<(codegen::emit::Files, Vec<Change>), String> {
    let files = codegen::generate(&root.join("specs"), "specs").map_err(|d| d.to_string())?;
    let changes = plan::compare(&root.join("generated"), &files)
        .map_err(|e| format!("error: cannot read generated/: {e}"))?;
    Ok((files, changes))
}

fn regenerate(root: &Path) -> Result<(), String> {
    let start = Instant::now();
    let (files, changes) = plan(root)?;
    plan::apply(&root.join("generated"), &changes).map_err(|e| format!("error: writing generated/ failed: {e}"))?;
    for change in &changes {
        let verb = match change {
            Change::Create { .. } => "created",
            Change::Update { .. } => "updated",
            Change::Delete { .. } => "deleted",
        };
        println!("  {verb} generated/{}", change.path());
    }
    println!(
        "regenerate: {} files planned, {} changed ({:.1} ms)",
        files.len(),
        changes.len(),
        start.elapsed().as_secs_f64() * 1e3
    );
    Ok(())
}

fn check(root: &Path) -> Result<(), String> {
    let (files, changes) = plan(root)?;
    if changes.is_empty() {
        println!("check: generated/ is up to date ({} files)", files.len());
        return Ok(());
    }
    let mut out = String::new();
    for change in &changes {
        out.push_str(&change.diff("generated"));
    }
    out.push_str(&format!(
        "check: generated/ is stale: {} file(s) differ from the specs; run `cargo xtask regenerate` and commit the result",
        changes.len()
    ));
    Err(out)
}
