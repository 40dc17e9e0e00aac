//! Reading spec files into the spec model.
//!
//! Layout: `<specs>/<service>/service.yaml` plus one `<Operation>.yaml` per
//! operation beside it, and optionally `types.yaml` with shared named types. Files are visited in sorted order so every later stage
//! sees the same sequence on every machine. The files come from a [`SpecTree`]:
//! a directory on disk ([`DiskTree`]) or files held in memory ([`MemoryTree`],
//! e.g. the specs of a git revision that `cargo xtask review` compares with).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::schema::{self, OPERATION_SCHEMA, SCHEMA_DIR, SERVICE_SCHEMA, TYPES_SCHEMA};
use crate::source::{self, Node};
use crate::spec::{OperationSpec, ServiceSpec, TypesSpec};

/// The file of a service directory that holds what its operations share.
pub const SERVICE_FILE: &str = "service.yaml";
/// The optional file of a service directory that holds shared named types.
pub const TYPES_FILE: &str = "types.yaml";

/// Largest spec file accepted; a hand-written spec is a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// A service directory as read from disk.
#[derive(Debug, Clone)]
pub struct LoadedService {
    /// The directory name, which becomes the Rust module name.
    pub dir: String,
    /// Display path of `service.yaml`.
    pub file: String,
    pub spec: ServiceSpec,
    /// `types.yaml`, when the service has one.
    pub types: Option<LoadedTypes>,
    pub operations: Vec<LoadedOperation>,
    /// Some operation file of the directory could not be read at all: checks
    /// of the whole service (an unused named type) would be misled and are skipped.
    pub partial: bool,
}

/// A service's `types.yaml`.
#[derive(Debug, Clone)]
pub struct LoadedTypes {
    /// Display path of the file.
    pub file: String,
    pub spec: TypesSpec,
}

#[derive(Debug, Clone)]
pub struct LoadedOperation {
    /// Display path of the operation's file.
    pub file: String,
    pub spec: OperationSpec,
}

/// A spec file's text and, when its YAML parsed, its located tree.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub text: String,
    pub root: Option<Node>,
}

/// Every spec file read, by display path, for pointing diagnostics at lines.
#[derive(Debug, Clone, Default)]
pub struct Sources(pub BTreeMap<String, SourceFile>);

impl Sources {
    /// Fills in the line, column and source line of a diagnostic from its file
    /// and path, where the diagnostic does not carry them yet.
    pub fn locate(&self, mut d: Diagnostic) -> Diagnostic {
        let Some(file) = self.0.get(&d.file) else { return d };
        if d.location.is_none()
            && !d.path.is_empty()
            && let Some(root) = &file.root
        {
            let node = root.locate(&d.path);
            d.location = Some((node.pos.line, node.pos.column));
        }
        if let (Some((line, _)), None) = (d.location, &d.source_line) {
            d.source_line = file.text.lines().nth(line.saturating_sub(1)).map(str::to_owned);
        }
        d
    }
}

/// What [`load_specs`] found.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The services whose files all parsed.
    pub services: Vec<LoadedService>,
    /// Every problem found while reading, located.
    pub problems: Vec<Diagnostic>,
    /// The text of every file read.
    pub sources: Sources,
    /// The places of each file read despite a structural problem (see
    /// [`Repaired`]), by display path.
    pub repaired: BTreeMap<String, Repaired>,
}

/// Where the loader set a structural problem aside to read the rest of a file
/// (an unknown key read as the key it is closest to, a wrong value left out),
/// so that one run reports the problems of every stage. A later stage's
/// message about such a place is a consequence of the first and is not
/// repeated: one message per mistake.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Repaired {
    /// `(mapping, key)`: the path of the mapping holding the key, and the key
    /// as written and as read.
    places: Vec<(String, Vec<String>)>,
}

impl Repaired {
    /// Whether a later stage's message at `path` is about a repaired place:
    /// the mapping that held the key, or the key itself (as written or as read).
    pub fn covers(&self, path: &str) -> bool {
        self.places.iter().any(|(mapping, keys)| {
            path == mapping
                || keys.iter().any(|key| {
                    let full = if mapping.is_empty() { key.clone() } else { format!("{mapping}.{key}") };
                    path.strip_prefix(full.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
                })
        })
    }
}

/// What a directory entry is. Only regular files and directories are read:
/// a link could lead out of the spec directory or to what a reviewer does not
/// see in the change, and a FIFO or device could block a read or never end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EntryKind {
    File,
    Dir,
    Link,
    /// A FIFO, socket or device.
    Special,
}

impl EntryKind {
    fn refused(self) -> Option<Diagnostic> {
        let (what, help) = match self {
            EntryKind::File | EntryKind::Dir => return None,
            EntryKind::Link => (
                "a symbolic link in the spec directory",
                "specs are regular files under specs/, so that a reviewer sees each one where it is; copy the file here instead of linking it",
            ),
            EntryKind::Special => {
                ("not a regular file (a FIFO, socket or device)", "specs/ holds directories and regular files only")
            }
        };
        Some(Diagnostic::new("", "", what).help(help))
    }
}

/// Where spec files are read from. Paths are relative to the spec directory and
/// use `/`; `""` is the spec directory itself.
pub trait SpecTree: Sync {
    /// The entries of directory `dir`, sorted by name, each with what it is (links not followed).
    fn list(&self, dir: &str) -> io::Result<Vec<(String, EntryKind)>>;
    /// The bytes of file `path`; a file larger than `limit` bytes is refused unread.
    fn read(&self, path: &str, limit: u64) -> Result<Vec<u8>, ReadError>;
}

/// Why a spec file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The file has this many bytes, more than the limit.
    TooLarge(u64),
    Io(io::Error),
}

/// A spec directory on disk.
#[derive(Debug, Clone)]
pub struct DiskTree(pub PathBuf);

impl DiskTree {
    fn path(&self, relative: &str) -> PathBuf {
        if relative.is_empty() { self.0.clone() } else { self.0.join(relative) }
    }
}

impl SpecTree for DiskTree {
    fn list(&self, dir: &str) -> io::Result<Vec<(String, EntryKind)>> {
        let mut entries = Vec::new();
        for entry in fs::read_dir(self.path(dir))? {
            let entry = entry?;
            // The entry's own type: a link is reported as a link, never followed.
            let kind = file_kind(entry.file_type()?);
            entries.push((entry.file_name().to_string_lossy().into_owned(), kind));
        }
        entries.sort();
        Ok(entries)
    }

    fn read(&self, path: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
        use io::Read as _;
        let file = open_regular(&self.path(path)).map_err(ReadError::Io)?;
        // The handle's own metadata: what was opened, not what the name points at now.
        let metadata = file.metadata().map_err(ReadError::Io)?;
        if file_kind(metadata.file_type()) != EntryKind::File {
            return Err(ReadError::Io(io::Error::other("not a regular file")));
        }
        if metadata.len() > limit {
            return Err(ReadError::TooLarge(metadata.len()));
        }
        // Bounded even if the file grows while it is read.
        let mut bytes = Vec::with_capacity(metadata.len() as usize);
        file.take(limit + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
        if bytes.len() as u64 > limit {
            return Err(ReadError::TooLarge(bytes.len() as u64));
        }
        Ok(bytes)
    }
}

fn file_kind(t: fs::FileType) -> EntryKind {
    if t.is_symlink() {
        EntryKind::Link
    } else if t.is_dir() {
        EntryKind::Dir
    } else if t.is_file() {
        EntryKind::File
    } else {
        EntryKind::Special
    }
}

/// Opens a file for reading without following a final symbolic link and
/// without waiting for a writer (a FIFO put where a spec was listed).
#[cfg(unix)]
fn open_regular(path: &Path) -> io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open_regular(path: &Path) -> io::Result<fs::File> {
    match fs::symlink_metadata(path)?.file_type() {
        t if t.is_file() => fs::File::open(path),
        _ => Err(io::Error::other("not a regular file")),
    }
}

/// Spec files held in memory, by relative path (`tencent_live/service.yaml`).
#[derive(Debug, Clone, Default)]
pub struct MemoryTree(pub BTreeMap<String, Blob>);

/// A file of a [`MemoryTree`].
#[derive(Debug, Clone)]
pub enum Blob {
    Bytes(Vec<u8>),
    /// A file left unread because it is larger than any spec may be.
    Unread {
        size: u64,
    },
}

impl SpecTree for MemoryTree {
    fn list(&self, dir: &str) -> io::Result<Vec<(String, EntryKind)>> {
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        let mut entries = BTreeSet::new();
        for path in self.0.keys().filter_map(|p| p.strip_prefix(&prefix)) {
            match path.split_once('/') {
                Some((first, _)) => entries.insert((first.to_owned(), EntryKind::Dir)),
                None => entries.insert((path.to_owned(), EntryKind::File)),
            };
        }
        if entries.is_empty() && !dir.is_empty() {
            return Err(io::Error::new(io::ErrorKind::NotFound, "no such directory"));
        }
        Ok(entries.into_iter().collect())
    }

    fn read(&self, path: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
        match self.0.get(path) {
            None => Err(ReadError::Io(io::Error::new(io::ErrorKind::NotFound, "no such file"))),
            Some(Blob::Unread { size }) => Err(ReadError::TooLarge(*size)),
            Some(Blob::Bytes(bytes)) if bytes.len() as u64 > limit => Err(ReadError::TooLarge(bytes.len() as u64)),
            Some(Blob::Bytes(bytes)) => Ok(bytes.clone()),
        }
    }
}

/// How strictly files are read.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// Every file must start with the schema modeline. Off for the specs of an
    /// older revision, which may predate it.
    pub require_modeline: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { require_modeline: true }
    }
}

/// Loads every service under `specs_dir` on disk; see [`load_tree`].
pub fn load_specs(specs_dir: &Path, display_prefix: &str) -> Loaded {
    load_tree(&DiskTree(specs_dir.to_path_buf()), display_prefix, LoadOptions::default())
}

/// Loads every service in `tree`. `display_prefix` is how the spec directory
/// is named in messages (e.g. `specs`). A service with a broken file is left
/// out of [`Loaded::services`] only when its `service.yaml` or `types.yaml`
/// cannot be read; a file read despite a problem (see [`Repaired`]) is kept,
/// so that one run reports the problems of every stage.
pub fn load_tree(tree: &dyn SpecTree, display_prefix: &str, options: LoadOptions) -> Loaded {
    let mut loaded = Loaded::default();
    let entries = match tree.list("") {
        Ok(entries) => entries,
        Err(e) => {
            loaded.problems.push(Diagnostic::new(display_prefix, "", format!("cannot read the spec directory: {e}")));
            return loaded;
        }
    };
    let schemas = Schemas {
        service: schema::service_schema(),
        operation: schema::operation_schema(),
        types: schema::types_schema(),
    };
    let reader = Reader { tree, schemas: &schemas, options };
    // The listings first, then every file parsed in parallel (files are
    // independent), then the services assembled in order, so problems are
    // reported in the same order on every run.
    let mut listings = Vec::new();
    for (name, kind) in entries {
        let display_dir = format!("{display_prefix}/{name}");
        if (name == SCHEMA_DIR && kind == EntryKind::Dir) || name.starts_with('.') {
            continue;
        }
        if let Some(refused) = kind.refused() {
            loaded.problems.push(Diagnostic { file: display_dir, ..refused });
            continue;
        }
        if kind != EntryKind::Dir {
            if name != "README.md" {
                loaded.problems.push(
                    Diagnostic::new(&display_dir, "", "a file at the top of the spec directory")
                        .help("each service is a directory holding service.yaml and one file per operation"),
                );
            }
            continue;
        }
        let entries = tree.list(&name);
        listings.push(Listing { name, display_dir, entries });
    }
    let jobs: Vec<(String, String)> = listings
        .iter()
        .filter_map(|l| Some((l, l.entries.as_ref().ok()?)))
        .flat_map(|(l, entries)| {
            entries
                .iter()
                .filter(|(file, kind)| *kind == EntryKind::File && file.ends_with(".yaml") && !file.starts_with('.'))
                .map(move |(file, _)| (format!("{}/{file}", l.name), format!("{}/{file}", l.display_dir)))
        })
        .collect();
    let parsed = crate::par::map(&jobs, |(path, display)| reader.parse(path, display));
    let mut parsed: BTreeMap<String, (String, Parsed)> =
        jobs.into_iter().zip(parsed).map(|((path, display), p)| (path, (display, p))).collect();
    let mut records = Records { sources: &mut loaded.sources, repaired: &mut loaded.repaired };
    for listing in listings {
        let (service, mut problems) = load_service(listing, &mut parsed, &mut records);
        loaded.problems.append(&mut problems);
        loaded.services.extend(service);
    }
    loaded
}

/// A service directory's entries, read before its files are parsed.
struct Listing {
    name: String,
    display_dir: String,
    entries: io::Result<Vec<(String, EntryKind)>>,
}

/// A spec file parsed as what its name says it is.
enum Spec {
    Service(Box<ServiceSpec>),
    Operation(Box<OperationSpec>),
    Types(Box<TypesSpec>),
}

/// What parsing one file gave: see [`ParsedFile`].
type Parsed = ParsedFile<Spec>;

/// What parsing one file gave.
pub struct ParsedFile<T> {
    /// The spec, when the file could be read at all (perhaps despite
    /// `problems`, with the places in `repaired` set aside).
    pub spec: Option<T>,
    /// Every problem found, not yet located.
    pub problems: Vec<Diagnostic>,
    pub repaired: Repaired,
    /// The file's text (and tree), when it was readable.
    pub file: Option<SourceFile>,
}

impl<T> ParsedFile<T> {
    fn failed(problems: Vec<Diagnostic>, file: Option<SourceFile>) -> Self {
        ParsedFile { spec: None, problems, repaired: Repaired::default(), file }
    }

    fn map<U>(self, f: impl FnOnce(T) -> U) -> ParsedFile<U> {
        let ParsedFile { spec, problems, repaired, file } = self;
        ParsedFile { spec: spec.map(f), problems, repaired, file }
    }
}

struct Schemas {
    service: Value,
    operation: Value,
    types: Value,
}

/// What every file of one load shares.
struct Reader<'a> {
    tree: &'a dyn SpecTree,
    schemas: &'a Schemas,
    options: LoadOptions,
}

impl Reader<'_> {
    /// Reads and parses one file; `service.yaml` against the service schema,
    /// `types.yaml` against the types schema, any other file against the
    /// operation schema.
    fn parse(&self, path: &str, display: &str) -> Parsed {
        let bytes = match self.tree.read(path, MAX_FILE_BYTES) {
            Ok(bytes) => bytes,
            Err(ReadError::TooLarge(size)) => {
                let d = Diagnostic::new(
                    display,
                    "",
                    format!("the file is {size} bytes; spec files are limited to {MAX_FILE_BYTES}"),
                )
                .help("one file describes one operation; split what does not belong to it");
                return ParsedFile::failed(vec![d], None);
            }
            Err(ReadError::Io(e)) => {
                return ParsedFile::failed(
                    vec![Diagnostic::new(display, "", format!("cannot read the file: {e}"))],
                    None,
                );
            }
        };
        let name = path.rsplit('/').next().unwrap_or(path);
        if name == SERVICE_FILE {
            parse_file(&bytes, display, &self.schemas.service, SERVICE_SCHEMA, self.options)
                .map(|s| Spec::Service(Box::new(s)))
        } else if name == TYPES_FILE {
            parse_file(&bytes, display, &self.schemas.types, TYPES_SCHEMA, self.options)
                .map(|t| Spec::Types(Box::new(t)))
        } else {
            parse_file(&bytes, display, &self.schemas.operation, OPERATION_SCHEMA, self.options)
                .map(|o| Spec::Operation(Box::new(o)))
        }
    }
}

/// Where the files read so far are recorded.
struct Records<'a> {
    sources: &'a mut Sources,
    repaired: &'a mut BTreeMap<String, Repaired>,
}

impl Records<'_> {
    /// Takes the parsed file at `path` out of `parsed`, records its text and
    /// repairs, and gives its spec (if it could be read) and its located problems.
    fn take(&mut self, parsed: &mut BTreeMap<String, (String, Parsed)>, path: &str) -> (Option<Spec>, Vec<Diagnostic>) {
        let Some((display, ParsedFile { spec, problems, repaired, file })) = parsed.remove(path) else {
            return (None, vec![Diagnostic::new(path, "", "the file was not read")]);
        };
        if let Some(file) = file {
            self.sources.0.insert(display.clone(), file);
        }
        if repaired != Repaired::default() {
            self.repaired.insert(display, repaired);
        }
        (spec, problems.into_iter().map(|d| self.sources.locate(d)).collect())
    }
}

/// Assembles one service directory from its parsed files: the service, when
/// its `service.yaml` (and `types.yaml`, if any) could be read, and every
/// problem found in its files. An operation file that could not be read is
/// left out and the service marked [`LoadedService::partial`].
fn load_service(
    listing: Listing,
    parsed: &mut BTreeMap<String, (String, Parsed)>,
    records: &mut Records<'_>,
) -> (Option<LoadedService>, Vec<Diagnostic>) {
    let Listing { name, display_dir, entries } = listing;
    let mut problems = Vec::new();
    let service_file = format!("{display_dir}/{SERVICE_FILE}");
    let entries = match entries {
        Ok(entries) => entries,
        Err(e) => return (None, vec![Diagnostic::new(&display_dir, "", format!("cannot read the directory: {e}"))]),
    };
    let service_kind = entries.iter().find(|(n, _)| n == SERVICE_FILE).map(|(_, kind)| *kind);
    let service: Option<ServiceSpec> = if let Some(kind) = service_kind {
        let (spec, mut found) = records.take(parsed, &format!("{name}/{SERVICE_FILE}"));
        // Not read (a link, or a directory): the listing below says why.
        if kind == EntryKind::File {
            problems.append(&mut found);
        }
        match spec {
            Some(Spec::Service(spec)) => Some(*spec),
            _ => None,
        }
    } else {
        problems.push(
            Diagnostic::new(&service_file, "", "the service directory has no service.yaml")
                .help("add service.yaml with the vendor, protocol, api_version and endpoint the operations share"),
        );
        None
    };
    let mut operations = Vec::new();
    let mut types = None;
    // A directory entry that is not a readable file: the service is incomplete.
    let mut missing_types = false;
    let mut partial = false;
    for (file_name, kind) in entries {
        // Dot-files are editors' and tools' (an editor's lock file may be a dangling link).
        if file_name.starts_with('.') {
            continue;
        }
        let display = format!("{display_dir}/{file_name}");
        if let Some(refused) = kind.refused() {
            problems.push(Diagnostic { file: display, ..refused });
            missing_types |= file_name == TYPES_FILE;
            partial = true;
            continue;
        }
        if file_name == SERVICE_FILE && kind == EntryKind::File {
            continue;
        }
        if !file_name.ends_with(".yaml") || kind == EntryKind::Dir {
            problems.push(
                Diagnostic::new(&display, "", "not a .yaml file")
                    .help("a service directory holds only service.yaml, types.yaml and <Operation>.yaml files"),
            );
            continue;
        }
        let (spec, mut found) = records.take(parsed, &format!("{name}/{file_name}"));
        problems.append(&mut found);
        match spec {
            Some(Spec::Operation(spec)) => operations.push(LoadedOperation { file: display, spec: *spec }),
            Some(Spec::Types(spec)) => types = Some(LoadedTypes { file: display, spec: *spec }),
            Some(Spec::Service(_)) => {}
            None if file_name == TYPES_FILE => missing_types = true,
            None => partial = true,
        }
    }
    // Without its shared types every operation naming one would be reported
    // again; the problems of the service's files are reported instead.
    let service = service.filter(|_| !missing_types);
    (service.map(|spec| LoadedService { dir: name, file: service_file, spec, types, operations, partial }), problems)
}

/// Parses a spec file's bytes: UTF-8, the schema modeline, YAML syntax, the
/// schema, then the model. Returns every problem found before the first stage
/// that could not go on, and the file's text (and tree) when it was readable.
pub fn parse_bytes<T: DeserializeOwned>(
    bytes: &[u8],
    display: &str,
    schema: &Value,
    schema_file: &str,
) -> (Result<T, Vec<Diagnostic>>, Option<SourceFile>) {
    let ParsedFile { spec, problems, file, .. } =
        parse_file(bytes, display, schema, schema_file, LoadOptions::default());
    match spec {
        Some(spec) if problems.is_empty() => (Ok(spec), file),
        _ => (Err(problems), file),
    }
}

fn parse_file<T: DeserializeOwned>(
    bytes: &[u8],
    display: &str,
    schema: &Value,
    schema_file: &str,
    options: LoadOptions,
) -> ParsedFile<T> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let offset = e.valid_up_to();
            let (line, column) = line_column(&bytes[..offset]);
            let d = Diagnostic::new(display, "", "the file is not valid UTF-8")
                .at(line, column)
                .help("save the file as UTF-8");
            return ParsedFile::failed(vec![d], None);
        }
    };
    // Editors on some systems start files with a byte-order mark; it carries no meaning here.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut file = SourceFile { text: text.to_owned(), root: None };
    if text.trim().is_empty() {
        let d = Diagnostic::new(display, "", "the file is empty")
            .help("a spec file is a YAML mapping; see an existing spec for the keys it needs");
        return ParsedFile::failed(vec![d], Some(file));
    }
    let mut problems = Vec::new();
    let modeline = schema::modeline(schema_file);
    if options.require_modeline && text.lines().next() != Some(modeline.as_str()) {
        problems.push(
            Diagnostic::new(display, "", "the first line does not name the spec schema")
                .at(1, 1)
                .help(format!("start the file with `{modeline}` so editors check it while you type")),
        );
    }
    let root = match source::parse(text) {
        Ok(root) => root,
        Err(syntax) => {
            problems.extend(syntax.into_iter().map(|p| {
                let d = Diagnostic::new(display, p.path, p.message).at(p.pos.line, p.pos.column);
                match p.help {
                    Some(help) => d.help(help),
                    None => d,
                }
            }));
            return ParsedFile::failed(problems, Some(file));
        }
    };
    // A value holding a hidden character is read as it is; what later stages
    // would say about it (a wire name that is not ASCII) follows from this message.
    let mut places = Vec::new();
    let hidden = source::hidden_characters(&root);
    for p in hidden.iter().cloned() {
        if !p.path.is_empty() {
            places.push(place(&p.path, &schema::Repair::Drop));
        }
        problems.push(
            Diagnostic::new(display, p.path, p.message).at(p.pos.line, p.pos.column).help(p.help.unwrap_or_default()),
        );
    }
    let structural = schema::check(&root, schema);
    file.root = Some(root);
    if structural.is_empty() {
        let spec = match serde_yaml::from_str(text) {
            Ok(spec) => Some(spec),
            // serde_yaml's own refusal of a control character repeats the message above.
            Err(_) if !hidden.is_empty() => None,
            Err(e) => {
                problems.push(yaml_diagnostic(&e, display, text));
                None
            }
        };
        return ParsedFile { spec, problems, repaired: Repaired { places }, file: Some(file) };
    }
    let repairs: Vec<(&str, &schema::Repair)> =
        structural.iter().filter_map(|p| Some((p.path.as_str(), p.repair.as_ref()?))).collect();
    // Read despite the problems when setting them aside leaves a spec serde
    // accepts; otherwise the file's later stages wait for the fix.
    let spec = repaired_spec(text, &repairs);
    places.extend(repairs.iter().map(|(path, repair)| place(path, repair)));
    let repaired = if spec.is_some() { Repaired { places } } else { Repaired::default() };
    for p in structural {
        let d = Diagnostic::new(display, p.path, p.message).at(p.pos.line, p.pos.column);
        problems.push(match p.help {
            Some(help) => d.help(help),
            None => d,
        });
    }
    ParsedFile { spec, problems, repaired, file: Some(file) }
}

/// The spec in `text` with each repair applied: keys renamed or left out,
/// deepest first so that a rename does not move a deeper repair's path.
fn repaired_spec<T: DeserializeOwned>(text: &str, repairs: &[(&str, &schema::Repair)]) -> Option<T> {
    let mut value: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    let mut ordered: Vec<(Vec<source::Segment<'_>>, &schema::Repair)> =
        repairs.iter().map(|(path, repair)| (source::path_segments(path), *repair)).collect();
    ordered.sort_by_key(|(segments, _)| std::cmp::Reverse(segments.len()));
    for (segments, repair) in ordered {
        let Some((source::Segment::Key(key), parents)) = segments.split_last() else { continue };
        let Some(serde_yaml::Value::Mapping(mapping)) = parents.iter().try_fold(&mut value, |v, s| match s {
            source::Segment::Key(k) => v.get_mut(*k),
            source::Segment::Index(i) => v.get_mut(*i),
        }) else {
            continue;
        };
        let Some(removed) = mapping.remove(*key) else { continue };
        if let schema::Repair::Rename { to } = repair {
            mapping.insert(serde_yaml::Value::String(to.clone()), removed);
        }
    }
    // Written out and read again, so scalars are read as serde_yaml reads a
    // file (a plain `5` into a string field), not as a `Value` converts.
    serde_yaml::from_str(&serde_yaml::to_string(&value).ok()?).ok()
}

/// The mapping and key names of a repaired path.
fn place(path: &str, repair: &schema::Repair) -> (String, Vec<String>) {
    let (mapping, key) = match path.rsplit_once('.') {
        Some((mapping, key)) => (mapping.to_owned(), key.to_owned()),
        None => (String::new(), path.to_owned()),
    };
    let mut keys = vec![key];
    if let schema::Repair::Rename { to } = repair {
        keys.push(to.clone());
    }
    (mapping, keys)
}

fn yaml_diagnostic(error: &serde_yaml::Error, display: &str, text: &str) -> Diagnostic {
    // serde_yaml writes " at line L column C" into its messages; the location is shown separately.
    let mut message = strip_position(&error.to_string());
    // Errors of libyaml's reader name a byte offset instead ("... at position 267").
    let mut offset_location = None;
    if let Some((head, tail)) = message.split_once(" at position ")
        && let Ok(offset) = tail.trim().parse::<usize>()
    {
        offset_location = Some(line_column(&text.as_bytes()[..offset.min(text.len())]));
        message = head.to_owned();
    }
    // Messages from the deserializer start with the YAML path ("request[0].type: ...").
    let (path, message) = match message.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') && !path.is_empty() => (path.to_owned(), rest.to_owned()),
        _ => (String::new(), message),
    };
    let help = if message.starts_with("unknown field") {
        Some("remove the key or fix its spelling; the expected keys are listed above")
    } else if message.starts_with("missing field") {
        Some("add the missing key")
    } else if message.starts_with("invalid type") || message.starts_with("unknown variant") {
        Some("use a value of the kind the message names")
    } else if message.contains("repetition limit") || message.contains("recursion limit") {
        Some("YAML anchors and aliases expand in place; write the value out instead of repeating an alias")
    } else if message.contains("control characters") {
        Some(
            "remove the control character (shown as �); in a double-quoted string it can be written as an escape such as `\\u0007`",
        )
    } else if message.contains("tab character") {
        Some("indent with spaces; YAML does not allow tabs in indentation")
    } else if message.starts_with("duplicate field") || message.starts_with("duplicate entry") {
        Some("each key appears once in a mapping; remove or rename the repeated one")
    } else {
        None
    };
    let mut d = Diagnostic::new(display, path, message);
    if let Some((line, column)) = offset_location {
        d = d.at(line, column);
    } else if let Some(location) = error.location() {
        d = d.at(location.line(), location.column());
    }
    if let Some(help) = help {
        d = d.help(help);
    }
    d
}

/// Removes every " at line L column C" from a serde_yaml message.
fn strip_position(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + " at line ".len()..];
        let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let after_line = &tail[digits(tail)..];
        match after_line.strip_prefix(" column ") {
            Some(col) => rest = &col[digits(col)..],
            None => {
                out.push_str(" at line ");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

fn line_column(prefix: &[u8]) -> (usize, usize) {
    let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = prefix.len() - prefix.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A later stage's message is a consequence of a repair when it is about
    /// the mapping that held the key or about the key (as written or as read),
    /// and not when it is about a sibling key or another item.
    #[test]
    fn a_repair_covers_its_mapping_and_its_key_only() {
        let repaired = Repaired {
            places: vec![
                place("request[1].tyep", &schema::Repair::Rename { to: "type".into() }),
                place("paging", &schema::Repair::Drop),
            ],
        };
        for covered in
            ["request[1]", "request[1].tyep", "request[1].type", "request[1].type.x", "paging", "", "paging[0]"]
        {
            assert!(repaired.covers(covered), "{covered}");
        }
        for not in ["request[10]", "request[1].types", "request[1].name", "request[2].type", "pagingx", "http.path"] {
            assert!(!repaired.covers(not), "{not}");
        }
    }

    /// A file read despite its problems gives the spec with the misspelt key
    /// read as meant, an unknown key with no close match and a wrong value
    /// left out; one whose repair serde still refuses gives no spec.
    #[test]
    fn a_file_is_read_despite_its_structural_problems() {
        let schema = schema::operation_schema();
        let text = "# yaml-language-server: $schema=../schema/operation.schema.json\nname: Op\nsummary: s\ndescription: d\nsource: {page: p, title: t}\nhttp: {method: POST}\n\
                    request:\n  - {name: A, tyep: u64, requird: true, description: d, zzzzzzzz: 1, nullable: maybe}\n";
        let parsed: ParsedFile<OperationSpec> =
            parse_file(text.as_bytes(), "Op.yaml", &schema, OPERATION_SCHEMA, LoadOptions::default());
        assert_eq!(parsed.problems.len(), 4, "{:?}", parsed.problems);
        let spec = parsed.spec.expect("read despite the problems");
        let field = &spec.request[0];
        assert_eq!((field.ty.as_str(), field.required, field.nullable), ("u64", true, false));
        assert!(parsed.repaired.covers("request[0].type"));

        // A required key missing with no misspelling to read as it.
        let broken = text.replace("tyep: u64, ", "");
        let parsed: ParsedFile<OperationSpec> =
            parse_file(broken.as_bytes(), "Op.yaml", &schema, OPERATION_SCHEMA, LoadOptions::default());
        assert!(parsed.spec.is_none());
        assert_eq!(parsed.repaired, Repaired::default());
        assert!(parsed.problems.iter().any(|d| d.message == "missing key `type`"), "{:?}", parsed.problems);
    }
}
