//! Secrets and credential helpers shared by the vendors.

use std::fmt;
use std::path::{Path, PathBuf};

/// A secret string (secret key, session token). Its `Debug` and `Display`
/// never show the value; only signing code reads it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// A credential could not be found or is malformed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialsError {
    message: String,
}

impl CredentialsError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        CredentialsError { message: message.into() }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CredentialsError {}

/// Reads a non-empty environment variable.
pub(crate) fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Refuses empty values and values with surrounding whitespace, as the vendors' SDKs do.
pub(crate) fn check_key(what: &str, value: &str) -> Result<(), CredentialsError> {
    if value.is_empty() {
        return Err(CredentialsError::new(format!("{what} is empty")));
    }
    if value.trim() != value {
        return Err(CredentialsError::new(format!("{what} has leading or trailing whitespace")));
    }
    Ok(())
}

/// The user's home directory (`HOME`, or `USERPROFILE` on Windows).
pub(crate) fn home_dir() -> Option<PathBuf> {
    env_var("HOME").or_else(|| env_var("USERPROFILE")).map(PathBuf::from)
}

/// The sections of an INI credentials file, as the vendors' SDKs read them
/// (Python's `configparser`): `[section]` headers, `key = value` or
/// `key: value` lines, `#` and `;` comments.
#[derive(Debug, Default)]
pub(crate) struct Ini {
    entries: Vec<(String, String, String)>,
}

impl Ini {
    /// Reads `path`; `Ok(None)` when the file does not exist. Errors name the
    /// file and the line, never its contents (they hold secrets).
    pub(crate) fn read(path: &Path) -> Result<Option<Ini>, CredentialsError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(CredentialsError::new(format!("cannot read {}: {e}", path.display()))),
        };
        Ini::parse(&text).map(Some).map_err(|line| {
            CredentialsError::new(format!(
                "{}:{line}: expected `[section]`, `key = value` or a comment",
                path.display()
            ))
        })
    }

    /// Parses INI text; the error is the 1-based number of the offending line.
    fn parse(text: &str) -> Result<Ini, usize> {
        let mut ini = Ini::default();
        let mut section = String::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name.trim().to_owned();
                continue;
            }
            let Some((key, value)) = line.split_once(['=', ':']) else { return Err(i + 1) };
            ini.entries.push((section.clone(), key.trim().to_lowercase(), value.trim().to_owned()));
        }
        Ok(ini)
    }

    /// The last non-empty value of `key` in `section`.
    pub(crate) fn get(&self, section: &str, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .rev()
            .find(|(s, k, v)| s == section && k == key && !v.is_empty())
            .map(|(_, _, v)| v.as_str())
    }

    /// `key` in `section`, or an error naming the file, section and key.
    pub(crate) fn require(&self, path: &Path, section: &str, key: &str) -> Result<&str, CredentialsError> {
        self.get(section, key)
            .ok_or_else(|| CredentialsError::new(format!("{}: [{section}] has no `{key}`", path.display())))
    }
}

/// A named way of finding credentials (`("environment", Credentials::from_env)`).
pub(crate) type Source<T> = (&'static str, fn() -> Result<T, CredentialsError>);

/// Tries each source in turn; the error lists why each one failed.
pub(crate) fn first_of<T>(sources: &[Source<T>]) -> Result<T, CredentialsError> {
    let mut tried = Vec::new();
    for (name, source) in sources {
        match source() {
            Ok(found) => return Ok(found),
            Err(e) => tried.push(format!("{name}: {e}")),
        }
    }
    Err(CredentialsError::new(format!("no credentials found ({})", tried.join("; "))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ini_files_parse_like_configparser_and_errors_show_no_contents() {
        let ini = Ini::parse(
            "# comment\n[default]\nsecret_id = AKID1\nSecret_Key: s3cr3t=x\n\n[other]\nsecret_id=AKID2\n; done\n",
        )
        .unwrap();
        assert_eq!(ini.get("default", "secret_id"), Some("AKID1"));
        assert_eq!(ini.get("default", "secret_key"), Some("s3cr3t=x"), "keys are case-insensitive, values keep `=`");
        assert_eq!(ini.get("other", "secret_id"), Some("AKID2"));
        assert_eq!(ini.get("default", "token"), None);
        assert_eq!(Ini::parse("[default]\nsecret_key_without_separator_s3cr3t\n").unwrap_err(), 2);

        let dir = std::env::temp_dir().join(format!("cloud-live-ini-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("credentials");
        std::fs::write(&path, "[default]\nsecret_key_without_separator_s3cr3t\n").unwrap();
        let error = Ini::read(&path).unwrap_err().to_string();
        assert!(error.ends_with("credentials:2: expected `[section]`, `key = value` or a comment"), "{error}");
        assert!(!error.contains("s3cr3t"));
        assert!(Ini::read(&dir.join("missing")).unwrap().is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn secrets_are_redacted() {
        let s = Secret::new("do-not-print");
        assert_eq!(format!("{s:?} {s}"), "Secret(\"***\") ***");
    }
}
