//! `cargo xtask bench`: wall time and peak memory of `regenerate` on the real
//! specs and on synthetic sets of 100 and 1,000 operations, and wall time of
//! `review` on 1,000 operations.
//!
//! Each measurement spawns the real `xtask regenerate` process, so it includes
//! start-up, loading, validation, emission, formatting and writing. Run it from
//! a release build: `cargo run --release -p xtask -- bench`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::synth;

struct Sample {
    wall: Duration,
    peak_kib: u64,
}

fn run_once(exe: &Path, root: &Path) -> Result<Sample, String> {
    let start = Instant::now();
    let out = Command::new(exe)
        .arg("--root")
        .arg(root)
        .args(["regenerate", "--report-peak-memory"])
        .output()
        .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    let wall = start.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!("regenerate failed:\n{stdout}{}", String::from_utf8_lossy(&out.stderr)));
    }
    let peak_kib = stdout
        .lines()
        .find_map(|l| l.strip_prefix("peak memory: ")?.strip_suffix(" KiB")?.parse().ok())
        .ok_or("regenerate did not report its peak memory")?;
    Ok(Sample { wall, peak_kib })
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Runs the benchmark with `runs` timed runs per case and prints a table.
///
/// A cold run writes into a `generated/` that has never existed, so nothing
/// the benchmark deleted shortly before is in its way: on ext4 without a
/// journal (the machines this project is developed on) every file created
/// within minutes of a mass deletion first scans the freshly freed inodes,
/// which costs more than the whole generation. That case is measured apart ("cold after
/// deleting"), and every scratch tree is deleted only once all cases ran.
pub fn run(repo: &Path, runs: usize) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    if cfg!(debug_assertions) {
        eprintln!("note: this is a debug build; run `cargo run --release -p xtask -- bench` for figures");
    }
    let scratch = std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id()));
    let _ = fs::remove_dir_all(&scratch);
    let result = cases(&exe, repo, &scratch, runs).and_then(|()| review(&exe, repo, &scratch.join("review"), runs));
    let _ = fs::remove_dir_all(&scratch);
    result
}

fn cases(exe: &Path, repo: &Path, scratch: &Path, runs: usize) -> Result<(), String> {
    println!(
        "| specs | operations | files | cold median | cold min..max | no-op median | cold after deleting the output | peak RSS | copying the output |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (label, n) in [("real", None), ("synthetic", Some(100)), ("synthetic", Some(1000))] {
        let case = scratch.join(format!("ops-{}", n.unwrap_or(0)));
        let specs = case.join("specs");
        match n {
            None => copy_dir(&repo.join("specs"), &specs).map_err(|e| e.to_string())?,
            Some(n) => synth::write_specs(repo, &specs, n).map_err(|e| e.to_string())?,
        }
        let operations = n.unwrap_or(4);
        let mut peak = 0;
        let mut sample = |root: &Path| -> Result<Duration, String> {
            let s = run_once(exe, root)?;
            peak = peak.max(s.peak_kib);
            Ok(s.wall)
        };
        // Each run gets a root of its own: the specs and an empty generated/.
        let fresh_root = |name: &str| -> Result<PathBuf, String> {
            let root = case.join(name);
            fs::create_dir_all(root.join("generated")).map_err(|e| e.to_string())?;
            link_or_copy(&specs, &root.join("specs")).map_err(|e| e.to_string())?;
            Ok(root)
        };
        sample(&fresh_root("warm-up")?)?; // the page cache holds the specs and the binary
        let (mut cold, mut noop, mut after_delete) = (Vec::new(), Vec::new(), Vec::new());
        let mut roots = Vec::new();
        for i in 0..runs {
            let root = fresh_root(&format!("run-{i}"))?;
            cold.push(sample(&root)?);
            noop.push(sample(&root)?);
            roots.push(root);
        }
        for root in &roots {
            fs::remove_dir_all(root.join("generated")).map_err(|e| e.to_string())?;
            fs::create_dir(root.join("generated")).map_err(|e| e.to_string())?;
            after_delete.push(sample(root)?);
        }
        let files = count_files(&roots[0].join("generated"));
        // The file system's share of a cold run: copying the same files into fresh directories.
        let mut copies = Vec::new();
        for i in 0..runs {
            let start = Instant::now();
            copy_dir(&roots[0].join("generated"), &case.join(format!("copy-{i}"))).map_err(|e| e.to_string())?;
            copies.push(start.elapsed());
        }
        let (min, max) =
            (cold.iter().min().copied().unwrap_or_default(), cold.iter().max().copied().unwrap_or_default());
        println!(
            "| {label} | {operations} | {files} | {:.1} ms | {:.1}..{:.1} ms | {:.1} ms | {:.1} ms | {:.1} MiB | {:.1} ms |",
            ms(median(cold)),
            ms(min),
            ms(max),
            ms(median(noop)),
            ms(median(after_delete)),
            peak as f64 / 1024.0,
            ms(median(copies))
        );
    }
    Ok(())
}

#[cfg(unix)]
fn link_or_copy(from: &Path, to: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(from, to)
}

#[cfg(not(unix))]
fn link_or_copy(from: &Path, to: &Path) -> std::io::Result<()> {
    copy_dir(from, to)
}

/// `review` of a 1,000-operation set against an edited copy, from a directory
/// and from a git revision (which adds reading the base out of git's store).
fn review(exe: &Path, repo: &Path, root: &Path, runs: usize) -> Result<(), String> {
    let n = 1000;
    let base = root.join("base");
    synth::write_specs(repo, &base, n).map_err(|e| e.to_string())?;
    synth::write_specs(repo, &root.join("specs"), n).map_err(|e| e.to_string())?;
    let edited = synth::mutate(&root.join("specs"), n, 10).map_err(|e| e.to_string())?;
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["-c", "user.name=bench", "-c", "user.email=bench@example.com", "-c", "commit.gpgsign=false"])
            .args(args)
            .output()
            .map_err(|e| format!("cannot run git: {e}"))
            .and_then(
                |o| if o.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&o.stderr).into_owned()) },
            )
    };
    // The git revision holds the unedited set as specs/.
    let edited_specs = root.join("edited");
    fs::rename(root.join("specs"), &edited_specs).map_err(|e| e.to_string())?;
    copy_dir(&base, &root.join("specs")).map_err(|e| e.to_string())?;
    git(&["init", "-q"])?;
    git(&["add", "specs"])?;
    git(&["commit", "-q", "-m", "base"])?;
    fs::remove_dir_all(root.join("specs")).map_err(|e| e.to_string())?;
    fs::rename(&edited_specs, root.join("specs")).map_err(|e| e.to_string())?;

    println!();
    println!("| review of {n} operations ({edited} edited) | median | min..max | report |");
    println!("| --- | ---: | ---: | ---: |");
    let base_dir = base.to_string_lossy().into_owned();
    for (label, args) in [("--base-dir", ["--base-dir", base_dir.as_str()]), ("--base HEAD (git)", ["--base", "HEAD"])]
    {
        let mut times = Vec::new();
        let mut bytes = 0;
        for _ in 0..=runs {
            let start = Instant::now();
            let out = Command::new(exe)
                .arg("--root")
                .arg(root)
                .arg("review")
                .args(args)
                .output()
                .map_err(|e| e.to_string())?;
            times.push(start.elapsed());
            if out.status.code() != Some(1) {
                return Err(format!("review should find breaking changes:\n{}", String::from_utf8_lossy(&out.stderr)));
            }
            bytes = out.stdout.len();
        }
        times.remove(0); // the warm-up run
        let (min, max) =
            (times.iter().min().copied().unwrap_or_default(), times.iter().max().copied().unwrap_or_default());
        println!(
            "| {label} | {:.1} ms | {:.1}..{:.1} ms | {} KiB |",
            ms(median(times)),
            ms(min),
            ms(max),
            bytes / 1024
        );
    }
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn count_files(dir: &Path) -> usize {
    fs::read_dir(dir)
        .map(|entries| {
            entries.filter_map(Result::ok).map(|e| if e.path().is_dir() { count_files(&e.path()) } else { 1 }).sum()
        })
        .unwrap_or(0)
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Peak resident memory of this process, from `/proc/self/status` (Linux).
pub fn peak_memory_kib() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|l| l.strip_prefix("VmHWM:")?.trim().strip_suffix(" kB")?.trim().parse().ok())
}
