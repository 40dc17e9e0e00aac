//! `cargo xtask review` and `cargo xtask coverage`.
//!
//! The base specs are read straight from git's object store (`git ls-tree` and
//! `git cat-file --batch`), never checked out, so the working tree is untouched
//! and nothing is left behind. The head is the working tree's `specs/`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use codegen::load::{Blob, DiskTree, LoadOptions, MAX_FILE_BYTES, MemoryTree, SpecTree};
use codegen::review;

/// Where the base specs come from.
pub enum Base {
    /// A git revision of the repository holding the root.
    Revision(String),
    /// A spec directory on disk.
    Dir(PathBuf),
}

/// What a review found; the exit status follows `breaking`.
pub struct Outcome {
    pub breaking: bool,
}

/// What `review` prints.
pub enum Output {
    /// The change report, and the coverage report when `coverage`.
    Report { coverage: bool },
    /// The changes as the body of a changelog entry.
    Changelog,
}

/// Prints the change report (or changelog entry) to stdout and a one-line summary to stderr.
pub fn review(root: &Path, base: &Base, output: Output) -> Result<Outcome, String> {
    let start = Instant::now();
    let (tree, label): (Box<dyn SpecTree + Send + Sync>, String) = match base {
        Base::Revision(rev) => {
            let (tree, commit) = git_specs(root, rev)?;
            (Box::new(tree), format!("`{rev}` (`{}`)", &commit[..commit.len().min(10)]))
        }
        Base::Dir(dir) => (Box::new(DiskTree(dir.clone())), format!("`{}`", dir.display())),
    };
    let base_prefix = match base {
        Base::Revision(rev) => format!("{rev}:specs"),
        Base::Dir(dir) => dir.display().to_string(),
    };
    // Base and head are independent: load and check them side by side.
    let head_dir = root.join("specs");
    let (old, new) = std::thread::scope(|scope| {
        // An older revision may predate the schema modeline; everything else is checked as usual.
        let old =
            scope.spawn(|| codegen::check_tree(tree.as_ref(), &base_prefix, LoadOptions { require_modeline: false }));
        let new = codegen::check(&head_dir, "specs");
        (old.join(), new)
    });
    let new = new.map_err(|d| {
        format!(
            "{}\nerror: the working tree's specs have problems; fix them (see `cargo xtask lint`) before reviewing",
            d.render(crate::color())
        )
    })?;
    let old = old.map_err(|_| "error: checking the base specs failed unexpectedly".to_owned())?.map_err(|d| {
        format!(
            "{}\nerror: the specs at the base do not pass this generator's checks, so the two cannot be compared",
            d.render(crate::color())
        )
    })?;
    let report = review::diff(&old, &new);
    let coverage = match output {
        Output::Report { coverage } => coverage,
        Output::Changelog => false,
    };
    let mut out = match output {
        Output::Report { .. } => review::render(&report, &label, "the working tree"),
        Output::Changelog => review::changelog(&report),
    };
    if coverage {
        let operations: usize = new.services.iter().map(|s| s.operations.len()).sum();
        out.push_str(&format!(
            "\n<details><summary>Coverage of the working tree: {operations} operations</summary>\n\n{}\n</details>\n",
            review::coverage(&new)
        ));
    }
    print!("{out}");
    let changes = report.changes().count();
    let breaking = report.changes().filter(|c| c.is_breaking()).count();
    eprintln!(
        "review: {changes} changes, {breaking} breaking ({:.1} ms); exit status {}",
        start.elapsed().as_secs_f64() * 1e3,
        u8::from(report.is_breaking())
    );
    Ok(Outcome { breaking: report.is_breaking() })
}

/// Prints the coverage report of the working tree's specs.
pub fn coverage(root: &Path) -> Result<(), String> {
    let krate = codegen::check(&root.join("specs"), "specs").map_err(|d| d.render(crate::color()))?;
    print!("{}", review::coverage(&krate));
    Ok(())
}

fn git(root: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(root);
    cmd
}

fn run_git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = git(root)
        .args(args)
        .output()
        .map_err(|e| format!("error: cannot run git: {e}; `review --base` reads the base specs with git"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_owned());
    }
    String::from_utf8(out.stdout)
        .map_err(|_| format!("error: git printed something that is not UTF-8 for `git {}`", args.join(" ")))
}

/// The files under `specs/` at `rev`, and the commit `rev` names.
fn git_specs(root: &Path, rev: &str) -> Result<(MemoryTree, String), String> {
    if rev.starts_with('-') {
        return Err(format!("error: `{rev}` is not a revision"));
    }
    let commit = run_git(root, &["rev-parse", "--verify", "--quiet", "--end-of-options", &format!("{rev}^{{commit}}")])
        .map_err(|e| {
            format!(
                "error: `{rev}` does not name a commit in the repository at {}{}",
                root.display(),
                if e.is_empty() { String::new() } else { format!(": {e}") }
            )
        })?
        .trim()
        .to_owned();
    // specs/ relative to the top of the repository (the root may be a subdirectory).
    let prefix =
        run_git(root, &["rev-parse", "--show-prefix"]).map_err(|e| format!("error: git rev-parse failed: {e}"))?;
    let specs = format!("{}specs", prefix.trim());
    let listing = run_git(root, &["ls-tree", "-r", "-z", "-l", "--full-tree", &commit, "--", &specs])
        .map_err(|e| format!("error: git ls-tree failed: {e}"))?;
    // `<mode> SP <type> SP <object> SP+ <size> TAB <path>` NUL
    let mut wanted: Vec<(String, String)> = Vec::new();
    let mut tree = MemoryTree::default();
    for entry in listing.split('\0').filter(|e| !e.is_empty()) {
        let Some((meta, path)) = entry.split_once('\t') else { continue };
        let Some(relative) = path.strip_prefix(&specs).and_then(|p| p.strip_prefix('/')) else { continue };
        let mut fields = meta.split_whitespace();
        let (Some(_mode), Some("blob"), Some(object), Some(size)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let size: u64 = size.parse().unwrap_or(u64::MAX);
        if size > MAX_FILE_BYTES {
            tree.0.insert(relative.to_owned(), Blob::Unread { size });
        } else {
            wanted.push((object.to_owned(), relative.to_owned()));
        }
    }
    for (path, bytes) in cat_files(root, &wanted)? {
        tree.0.insert(path, Blob::Bytes(bytes));
    }
    Ok((tree, commit))
}

/// Reads blobs with one `git cat-file --batch` process.
fn cat_files(root: &Path, wanted: &[(String, String)]) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let mut out = BTreeMap::new();
    if wanted.is_empty() {
        return Ok(out);
    }
    let mut child = git(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("error: cannot run git: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("error: git cat-file has no stdin")?;
    let objects: String = wanted.iter().map(|(object, _)| format!("{object}\n")).collect();
    // Write from another thread so a full stdout pipe cannot stall the writer.
    let writer = std::thread::spawn(move || stdin.write_all(objects.as_bytes()));
    let mut reader = BufReader::new(child.stdout.take().ok_or("error: git cat-file has no stdout")?);
    let failed = |what: &str| format!("error: reading the base specs with git cat-file: {what}");
    for (object, path) in wanted {
        let mut header = String::new();
        reader.read_line(&mut header).map_err(|e| failed(&e.to_string()))?;
        let mut parts = header.split_whitespace();
        let (Some(_), Some("blob"), Some(size)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(failed(&format!("unexpected answer for {object}: {}", header.trim())));
        };
        let size: usize = size.parse().map_err(|_| failed(&format!("unexpected size in {}", header.trim())))?;
        let mut bytes = vec![0; size + 1]; // the contents and a newline
        reader.read_exact(&mut bytes).map_err(|e| failed(&e.to_string()))?;
        bytes.truncate(size);
        out.insert(path.clone(), bytes);
    }
    writer.join().map_err(|_| failed("the writer thread failed"))?.map_err(|e| failed(&e.to_string()))?;
    let status = child.wait().map_err(|e| failed(&e.to_string()))?;
    if !status.success() {
        return Err(failed(&format!("git exited with {status}")));
    }
    Ok(out)
}
