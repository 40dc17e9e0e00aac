//! `cargo xtask bench-calls`: the client-side cost of one call, side by side
//! with the official Python SDKs doing the same work, on this machine.
//!
//! The Rust figures come from the criterion benchmark `generated/benches/call.rs`
//! (`call/<operation>` and the HMAC/SHA-256 floors), the Python ones from
//! `generated/benches/sdk_bench.py`, run with the SDK versions pinned in
//! `generated/tests/vectors/requirements.txt` in a virtual environment under
//! `target/`. The two alternate, round after round, so that a machine that
//! gets busier or quieter affects both; the table gives the median of the
//! rounds' medians and their range.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The vendor whose signature floor each benchmarked operation is held against.
const VENDOR_OF: [(&str, &str); 4] = [
    ("ResumeLiveStream", "tencent"),
    ("DescribeLivePackageInfo", "tencent"),
    ("DescribeStreamQuotaConfig", "volcengine"),
    ("ShowTraffic", "huawei"),
];

/// What criterion is asked to run each round.
const FILTER: &str = "^(call|hmac_sha256|hmac_sha256_cached_key)/";

/// Each round's median per benchmark, in nanoseconds.
type Rounds = BTreeMap<String, Vec<f64>>;

pub fn run(root: &Path, rounds: usize) -> Result<(), String> {
    let python = python_env(root)?;
    let bench = build_bench(root)?;
    let criterion_home = root.join("target/bench-calls");
    let mut rust = Rounds::new();
    let mut sdk = Rounds::new();
    let sdk_script = root.join("generated/benches/sdk_bench.py");
    for round in 1..=rounds {
        eprintln!("round {round} of {rounds}: the Python SDKs");
        let out = output(Command::new(&python).arg(&sdk_script))?;
        let medians = parse_sdk_output(&out)?;
        if round == 1
            && let Some(version) = out.lines().next()
        {
            eprintln!("  {version}");
        }
        for (name, ns) in medians {
            sdk.entry(name).or_default().push(ns);
        }
        eprintln!("round {round} of {rounds}: cloud-live (criterion)");
        let _ = fs::remove_dir_all(&criterion_home);
        output(
            Command::new(&bench)
                .args(["--bench", "--warm-up-time", "1", "--measurement-time", "3", FILTER])
                .env("CRITERION_HOME", &criterion_home)
                .current_dir(root.join("generated")),
        )?;
        for (name, ns) in read_estimates(&criterion_home)? {
            rust.entry(name).or_default().push(ns);
        }
    }
    print!("{}", table(&rust, &sdk, rounds));
    Ok(())
}

/// A virtual environment with the pinned SDKs, made or brought up to date.
fn python_env(root: &Path) -> Result<PathBuf, String> {
    let requirements = root.join("generated/tests/vectors/requirements.txt");
    let wanted = fs::read_to_string(&requirements).map_err(|e| format!("{}: {e}", requirements.display()))?;
    let venv = root.join("target/sdk-venv");
    let python = venv.join("bin/python");
    let stamp = venv.join("requirements.installed");
    if fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) && python.exists() {
        return Ok(python);
    }
    eprintln!("installing the pinned Python SDKs into {}", venv.display());
    output(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    output(
        Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(&requirements),
    )?;
    fs::write(&stamp, wanted).map_err(|e| format!("{}: {e}", stamp.display()))?;
    Ok(python)
}

/// Builds the criterion benchmark (release) and returns its executable.
fn build_bench(root: &Path) -> Result<PathBuf, String> {
    eprintln!("building generated/benches/call.rs");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = output(
        Command::new(cargo)
            .args(["bench", "-p", "cloud-live", "--bench", "call", "--no-run", "--message-format=json"])
            .current_dir(root)
            .stderr(Stdio::inherit()),
    )?;
    out.lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "call")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo built no executable for the `call` benchmark".to_owned())
}

/// Runs a command to completion; its standard output, or an error with its
/// standard error (unless that was already let through).
fn output(command: &mut Command) -> Result<String, String> {
    let shown = format!("{command:?}");
    let out = command.stdin(Stdio::null()).output().map_err(|e| format!("cannot run {shown}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{shown} failed ({}):\n{}", out.status, String::from_utf8_lossy(&out.stderr)));
    }
    String::from_utf8(out.stdout).map_err(|_| format!("{shown} printed something that is not UTF-8"))
}

/// `call/<operation>   median   41.1 µs  (...)` lines of `sdk_bench.py`, in nanoseconds.
fn parse_sdk_output(out: &str) -> Result<Vec<(String, f64)>, String> {
    let medians: Vec<(String, f64)> = out
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let name = words.next()?;
            (words.next()? == "median").then_some(())?;
            let value: f64 = words.next()?.parse().ok()?;
            (words.next()? == "µs").then(|| (name.to_owned(), value * 1e3))
        })
        .collect();
    if medians.is_empty() {
        return Err(format!("sdk_bench.py printed no medians:\n{out}"));
    }
    Ok(medians)
}

/// The median of every benchmark criterion wrote under `home`, in
/// nanoseconds, by its id: each benchmark's directory holds `new/benchmark.json`
/// (with the id) and `new/estimates.json`.
fn read_estimates(home: &Path) -> Result<Vec<(String, f64)>, String> {
    let json = |path: &Path| -> Result<serde_json::Value, String> {
        let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let mut found = Vec::new();
    for dir in read_dir(home)? {
        let new = dir.join("new");
        if !new.join("benchmark.json").exists() {
            continue; // criterion's own report directory
        }
        let id = json(&new.join("benchmark.json"))?["full_id"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("{}: no full_id", new.join("benchmark.json").display()))?;
        let ns = json(&new.join("estimates.json"))?["median"]["point_estimate"]
            .as_f64()
            .ok_or_else(|| format!("{}: no median", new.join("estimates.json").display()))?;
        found.push((id, ns));
    }
    if found.is_empty() {
        return Err(format!("criterion wrote no estimates under {}", home.display()));
    }
    Ok(found)
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.is_dir())
        .collect();
    entries.sort();
    Ok(entries)
}

fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied()
}

/// The Markdown table of the figures: per operation the medians of both
/// sides, their ratio, and the call against its vendor's HMAC/SHA-256 floor.
fn table(rust: &Rounds, sdk: &Rounds, rounds: usize) -> String {
    let us = |ns: f64| format!("{:.2} µs", ns / 1e3);
    let cell = |rounds: &Rounds, name: &str| -> (Option<f64>, String) {
        match rounds.get(name) {
            Some(values) => {
                let m = median(values);
                let low = values.iter().copied().fold(f64::INFINITY, f64::min);
                let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                (m, m.map_or_else(String::new, |m| format!("{} ({}–{})", us(m), us(low), us(high))))
            }
            None => (None, "–".to_owned()),
        }
    };
    let mut text = format!(
        "\nMedian of {rounds} alternating rounds' medians (range over the rounds in brackets).\n\n\
         | operation | cloud-live `call/` | Python SDK | Python / cloud-live | HMAC/SHA-256 floor | `call/` / floor |\n\
         | --- | ---: | ---: | ---: | ---: | ---: |\n"
    );
    for (operation, vendor) in VENDOR_OF {
        let name = format!("call/{operation}");
        let (ours, ours_text) = cell(rust, &name);
        let (theirs, theirs_text) = cell(sdk, &name);
        let (floor, floor_text) = cell(rust, &format!("hmac_sha256/{vendor}"));
        let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) if b > 0.0 => format!("{:.1}x", a / b),
            _ => "–".to_owned(),
        };
        text += &format!(
            "| {operation} ({vendor}) | {ours_text} | {theirs_text} | {} | {floor_text} | {} |\n",
            ratio(theirs, ours),
            ratio(ours, floor),
        );
    }
    let cached: Vec<String> = ["tencent", "volcengine"]
        .iter()
        .filter_map(|vendor| {
            let m = median(rust.get(&format!("hmac_sha256_cached_key/{vendor}"))?)?;
            Some(format!("{vendor} {}", us(m)))
        })
        .collect();
    if !cached.is_empty() {
        text += &format!(
            "\nThe floor derives the signing key every time; the clients keep it per credential scope. \
             The floor once the key is derived: {}.\n",
            cached.join(", ")
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_medians_are_read_in_nanoseconds() {
        let out = "python 3.11.7\n\
                   call/ResumeLiveStream                median      41.1 µs  (min 37.7, max 84.9; 8192 calls/round)\n\
                   call/ShowTraffic                     median     280.5 µs  (min 231.3, max 304.2; 1024 calls/round)\n";
        let medians = parse_sdk_output(out).unwrap();
        assert_eq!(medians.len(), 2);
        assert_eq!(medians[0].0, "call/ResumeLiveStream");
        assert!((medians[0].1 - 41_100.0).abs() < 1e-6);
        assert!((medians[1].1 - 280_500.0).abs() < 1e-6);
        assert!(parse_sdk_output("python 3.11.7\nTraceback ...\n").is_err());
    }

    #[test]
    fn criterion_estimates_are_read_per_benchmark() {
        let home = std::env::temp_dir().join(format!("bench-calls-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&home);
        // As criterion 0.7 writes them (abridged).
        for (id, median) in [("call/ShowTraffic", 2345.5), ("hmac_sha256/huawei", 600.0)] {
            let dir = home.join(id.replace('/', "_")).join("new");
            fs::create_dir_all(&dir).unwrap();
            let benchmark = format!(r#"{{"group_id":"{id}","function_id":null,"full_id":"{id}"}}"#);
            fs::write(dir.join("benchmark.json"), benchmark).unwrap();
            let estimates =
                format!(r#"{{"mean": {{"point_estimate": 1.0}}, "median": {{"point_estimate": {median}}}}}"#);
            fs::write(dir.join("estimates.json"), estimates).unwrap();
        }
        // criterion's own report directory holds no benchmark and is skipped.
        fs::create_dir_all(home.join("report")).unwrap();
        let found = read_estimates(&home).unwrap();
        fs::remove_dir_all(&home).unwrap();
        assert_eq!(found, vec![("call/ShowTraffic".to_owned(), 2345.5), ("hmac_sha256/huawei".to_owned(), 600.0)]);
    }

    #[test]
    fn the_table_gives_ratios_against_python_and_the_floor() {
        let rounds = |pairs: &[(&str, &[f64])]| -> Rounds {
            pairs.iter().map(|(name, values)| (name.to_string(), values.to_vec())).collect()
        };
        let rust = rounds(&[("call/ShowTraffic", &[2000.0, 3000.0, 2500.0]), ("hmac_sha256/huawei", &[500.0])]);
        let sdk = rounds(&[("call/ShowTraffic", &[250_000.0, 240_000.0, 260_000.0])]);
        let text = table(&rust, &sdk, 3);
        let row = text.lines().find(|l| l.starts_with("| ShowTraffic")).unwrap();
        assert_eq!(
            row,
            "| ShowTraffic (huawei) | 2.50 µs (2.00 µs–3.00 µs) | 250.00 µs (240.00 µs–260.00 µs) | 100.0x | \
             0.50 µs (0.50 µs–0.50 µs) | 5.0x |"
        );
        let missing = text.lines().find(|l| l.starts_with("| ResumeLiveStream")).unwrap();
        assert_eq!(missing, "| ResumeLiveStream (tencent) | – | – | – | – | – |");
    }
}
