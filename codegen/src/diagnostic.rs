//! Errors about specs: which file, where in it, what is wrong and how to fix it.

use std::fmt;

use crate::text::escaped;

/// One problem in one spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the repository root (e.g. `specs/tencent_live/service.yaml`).
    pub file: String,
    /// 1-based line and column, where known.
    pub location: Option<(usize, usize)>,
    /// The place in the document, e.g. `request[2].type`; empty for the whole file.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The text of the line at `location`, shown under the message with a marker.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn new(file: impl Into<String>, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            location: None,
            path: path.into(),
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.location = Some((line, column));
        self
    }
}

impl fmt::Display for Diagnostic {
    /// ```text
    /// error: unknown key `tyep`
    ///   --> specs/tencent_live/ResumeLiveStream.yaml:8:5 (request[0].tyep)
    ///    |
    ///  8 |     tyep: string
    ///    |     ^^^^
    ///    = help: did you mean `type`?
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Every part may hold text from a spec (a file name, a key, a value):
        // what a terminal would act on or a reader could not see is escaped.
        writeln!(f, "error: {}", escaped(&self.message))?;
        write!(f, "  --> {}", escaped(&self.file))?;
        if let Some((line, column)) = self.location {
            write!(f, ":{line}:{column}")?;
        }
        if !self.path.is_empty() {
            write!(f, " ({})", escaped(&self.path))?;
        }
        let gutter = self.location.map_or(1, |(line, _)| line.to_string().len());
        if let (Some((line, column)), Some(text)) = (self.location, &self.source_line) {
            let pad = " ".repeat(gutter);
            let (shown, column) = window(text, column);
            // The marker lines up under the column, counting characters, and
            // covers the value that starts there.
            let before: String = shown.chars().take(column - 1).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            let rest: Vec<char> = shown.chars().skip(column - 1).collect();
            let width = marker_width(&rest).clamp(1, MARKER_MAX);
            write!(f, "\n {pad} |\n {line} | {shown}\n {pad} | {before}{}", "^".repeat(width))?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n {} = help: {}", " ".repeat(gutter), escaped(help))?;
        }
        Ok(())
    }
}

/// Longest source line shown, in characters; longer ones are cut around the column.
const LINE_MAX: usize = 100;
/// Longest marker drawn under a source line.
const MARKER_MAX: usize = 40;

/// The part of `text` to show and the 1-based column within it.
fn window(text: &str, column: usize) -> (String, usize) {
    let column = column.max(1);
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= LINE_MAX {
        return (chars.iter().map(|&c| visible(c)).collect(), column.min(chars.len() + 1));
    }
    let start = column.saturating_sub(LINE_MAX / 2).min(chars.len());
    let end = (start + LINE_MAX).min(chars.len());
    let mut shown: String = if start > 0 { "…".into() } else { String::new() };
    shown.extend(chars[start..end].iter().map(|&c| visible(c)));
    if end < chars.len() {
        shown.push('…');
    }
    (shown, column - start + usize::from(start > 0))
}

/// How many characters of `rest` the YAML value (or key) at its start takes:
/// a quoted scalar through its closing quote, a flow sequence or mapping
/// through its closing bracket, a plain scalar up to the next `:`, space,
/// comma or closing bracket.
fn marker_width(rest: &[char]) -> usize {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut i = 0;
    while i < rest.len() {
        let c = rest[i];
        match quote {
            Some('"') if c == '\\' => i += 1,
            Some('\'') if c == '\'' && rest.get(i + 1) == Some(&'\'') => i += 1,
            Some(q) if c == q => {
                quote = None;
                if depth == 0 {
                    return i + 1;
                }
            }
            Some(_) => {}
            None => match c {
                '"' | '\'' if i == 0 || depth > 0 => quote = Some(c),
                '[' | '{' if i == 0 || depth > 0 => depth += 1,
                ']' | '}' if depth > 0 => {
                    depth -= 1;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                ':' | ' ' | ',' | ']' | '}' if depth == 0 => return i,
                _ => {}
            },
        }
        i += 1;
    }
    rest.len()
}

/// Control and invisible characters would act on the terminal or hide from
/// the reader; in a source line they are shown as `�`, one column each.
fn visible(c: char) -> char {
    if c != '\t' && crate::text::hidden_char(&c.to_string()).is_some() { '\u{fffd}' } else { c }
}

/// Every problem found in a run; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}\n")?;
        }
        let n = self.0.len();
        write!(f, "{n} problem{} in the specs", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::{Diagnostic, marker_width};

    /// Text from a spec (a directory name, a key, a value) never reaches the
    /// terminal raw: an escape sequence or a bidi override is shown as an escape.
    #[test]
    fn nothing_from_a_spec_reaches_the_terminal_raw() {
        let d = Diagnostic::new(
            "specs/\u{1b}[31mred/Op.yaml",
            "request[0].\u{202E}key",
            "unknown key `\u{1b}]0;title\u{7}`",
        )
        .at(3, 1)
        .help("remove `\u{9b}2J`");
        let d = Diagnostic { source_line: Some("\u{1b}[2Jkey: \u{202E}value".to_owned()), ..d };
        let shown = d.to_string();
        for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202E}'] {
            assert!(!shown.contains(c), "{c:?} in {shown:?}");
        }
        assert!(shown.contains("specs/\\u{001B}[31mred/Op.yaml:3:1 (request[0].\\u{202E}key)"), "{shown}");
    }

    fn width(text: &str) -> usize {
        marker_width(&text.chars().collect::<Vec<_>>())
    }

    #[test]
    fn the_marker_covers_the_whole_value() {
        assert_eq!(width("tyep: string"), 4);
        assert_eq!(width("ten}"), 3);
        assert_eq!(width("5"), 1);
        assert_eq!(width(r#""2024-01-01 00:00:00""#), 21);
        assert_eq!(width(r#""a \" b", next"#), 8);
        assert_eq!(width("'it''s: here' # comment"), 13);
        assert_eq!(width("[a, b]"), 6);
        assert_eq!(width("{A: ten, B: [1, 2]}, x"), 19);
        assert_eq!(width("[\"]\", b] tail"), 8);
        assert_eq!(width("\"unclosed"), 9);
        assert_eq!(width(""), 0);
    }
}
