//! Reading spec files from disk into the spec model.
//!
//! Layout: `<specs>/<service>/service.yaml` plus one `<Operation>.yaml` per
//! operation beside it. Files are visited in sorted order so every later stage
//! sees the same sequence on every machine.

use std::fs;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::Diagnostic;
use crate::spec::{OperationSpec, ServiceSpec};

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
    pub operations: Vec<LoadedOperation>,
}

#[derive(Debug, Clone)]
pub struct LoadedOperation {
    /// Display path of the operation's file.
    pub file: String,
    pub spec: OperationSpec,
}

/// Loads every service under `specs_dir`. `display_prefix` is how the directory
/// is named in messages (e.g. `specs`). Returns the services whose files all
/// parsed, and every problem found; a service with a broken file is left out so
/// that later checks of the others still run.
pub fn load_specs(specs_dir: &Path, display_prefix: &str) -> (Vec<LoadedService>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut services = Vec::new();
    let entries = match sorted_entries(specs_dir) {
        Ok(entries) => entries,
        Err(e) => {
            return (Vec::new(), vec![Diagnostic::new(display_prefix, "", format!("cannot read the spec directory: {e}"))]);
        }
    };
    for (name, path) in entries {
        let display_dir = format!("{display_prefix}/{name}");
        if !path.is_dir() {
            if !name.starts_with('.') && name != "README.md" {
                problems.push(
                    Diagnostic::new(&display_dir, "", "a file at the top of the spec directory")
                        .help("each service is a directory holding service.yaml and one file per operation"),
                );
            }
            continue;
        }
        match load_service(&path, &name, &display_dir) {
            Ok(service) => services.push(service),
            Err(mut p) => problems.append(&mut p),
        }
    }
    (services, problems)
}

fn load_service(dir: &Path, name: &str, display_dir: &str) -> Result<LoadedService, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let service_file = format!("{display_dir}/service.yaml");
    let service: Option<ServiceSpec> = if dir.join("service.yaml").is_file() {
        parse_file(&dir.join("service.yaml"), &service_file).map_err(|d| problems.push(d)).ok()
    } else {
        problems.push(
            Diagnostic::new(&service_file, "", "the service directory has no service.yaml")
                .help("add service.yaml with the vendor, protocol, api_version and endpoint the operations share"),
        );
        None
    };
    let mut operations = Vec::new();
    let entries = sorted_entries(dir).map_err(|e| {
        vec![Diagnostic::new(display_dir, "", format!("cannot read the directory: {e}"))]
    })?;
    for (file_name, path) in entries {
        if file_name == "service.yaml" || file_name.starts_with('.') {
            continue;
        }
        let display = format!("{display_dir}/{file_name}");
        if !file_name.ends_with(".yaml") || !path.is_file() {
            problems.push(
                Diagnostic::new(&display, "", "not a .yaml file")
                    .help("a service directory holds only service.yaml and <Operation>.yaml files"),
            );
            continue;
        }
        match parse_file::<OperationSpec>(&path, &display) {
            Ok(spec) => operations.push(LoadedOperation { file: display, spec }),
            Err(d) => problems.push(d),
        }
    }
    match service {
        Some(spec) if problems.is_empty() => Ok(LoadedService {
            dir: name.to_owned(),
            file: service_file,
            spec,
            operations,
        }),
        _ => Err(problems),
    }
}

fn sorted_entries(dir: &Path) -> std::io::Result<Vec<(String, std::path::PathBuf)>> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        entries.push((entry.file_name().to_string_lossy().into_owned(), entry.path()));
    }
    entries.sort();
    Ok(entries)
}

/// Reads and parses one YAML file.
pub fn parse_file<T: DeserializeOwned>(path: &Path, display: &str) -> Result<T, Diagnostic> {
    let size = fs::metadata(path)
        .map_err(|e| Diagnostic::new(display, "", format!("cannot read the file: {e}")))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::new(display, "", format!("the file is {size} bytes; specs are limited to {MAX_FILE_BYTES}"))
            .help("split the service into one file per operation"));
    }
    let bytes = fs::read(path).map_err(|e| Diagnostic::new(display, "", format!("cannot read the file: {e}")))?;
    parse_str(&bytes, display)
}

/// Parses YAML bytes, turning every failure into a located diagnostic.
pub fn parse_str<T: DeserializeOwned>(bytes: &[u8], display: &str) -> Result<T, Diagnostic> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let (line, column) = line_column(&bytes[..offset]);
        Diagnostic::new(display, "", "the file is not valid UTF-8")
            .at(line, column)
            .help("save the file as UTF-8")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Diagnostic::new(display, "", "the file is empty")
            .help("a spec file is a YAML mapping; see an existing spec for the keys it needs"));
    }
    serde_yaml::from_str(text).map_err(|e| yaml_diagnostic(&e, display))
}

fn yaml_diagnostic(error: &serde_yaml::Error, display: &str) -> Diagnostic {
    // serde_yaml writes " at line L column C" into its messages; the location is shown separately.
    let message = strip_position(&error.to_string());
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
    } else if message.contains("tab character") {
        Some("indent with spaces; YAML does not allow tabs in indentation")
    } else if message.starts_with("duplicate field") || message.starts_with("duplicate entry") {
        Some("each key appears once in a mapping; remove or rename the repeated one")
    } else {
        None
    };
    let mut d = Diagnostic::new(display, path, message);
    if let Some(location) = error.location() {
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
