//! `cargo xtask fmt`: rustfmt on the hand-written Rust files only.
//!
//! The generated files are laid out by the generator and must stay byte for
//! byte what `regenerate` writes, so every file whose first line starts with
//! `// @generated` is left out. Everything else under the workspace's crates is
//! hand-written and formatted by the repository's `rustfmt.toml`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The crates whose sources are walked.
const CRATES: [&str; 3] = ["codegen", "xtask", "generated"];

/// Formats (or with `check`, only checks) every hand-written `.rs` file.
pub fn run(root: &Path, check: bool) -> Result<(), String> {
    let files = hand_written(root).map_err(|e| format!("error: listing the Rust sources failed: {e}"))?;
    let mut command = Command::new(std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into()));
    command.arg("--config-path").arg(root.join("rustfmt.toml"));
    if check {
        command.arg("--check");
    }
    let status = command
        .args(&files)
        .status()
        .map_err(|e| format!("error: cannot run rustfmt ({e}); install it with `rustup component add rustfmt`"))?;
    if !status.success() {
        return Err(if check {
            "fmt: hand-written files are not formatted (diff above); run `cargo xtask fmt`".to_owned()
        } else {
            format!("fmt: rustfmt failed ({status})")
        });
    }
    println!("fmt: {} hand-written files {}", files.len(), if check { "are formatted" } else { "formatted" });
    Ok(())
}

/// Every `.rs` file under the crates that does not start with `// @generated`,
/// sorted; build output (`target/`) is skipped.
pub fn hand_written(root: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for krate in CRATES {
        walk(&root.join(krate), &mut files)?;
    }
    files.sort();
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            if entry.file_name() != "target" {
                walk(&path, files)?;
            }
        } else if path.extension().is_some_and(|e| e == "rs") && !is_generated(&path)? {
            files.push(path);
        }
    }
    Ok(())
}

fn is_generated(path: &Path) -> io::Result<bool> {
    Ok(fs::read_to_string(path)?.starts_with("// @generated"))
}
