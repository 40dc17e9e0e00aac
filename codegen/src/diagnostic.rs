//! Errors about specs: which file, where in it, what is wrong and how to fix it.

use std::fmt;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

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

impl Diagnostic {
    /// The diagnostic as rustc shows its own, through `annotate-snippets`
    /// (rustc's renderer): the marker is placed by display width, so it lines
    /// up under text after Chinese characters or a tab, and a long line is cut
    /// around the marker. `color` adds the terminal's colours.
    ///
    /// ```text
    /// error: unknown key `tyep`
    ///   --> specs/tencent_live/ResumeLiveStream.yaml:8:5
    ///    |
    ///  8 |     tyep: string
    ///    |     ^^^^ request[0].tyep
    ///    |
    ///    = help: did you mean `type`?
    /// ```
    pub fn render(&self, color: bool) -> String {
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        renderer.render(&[self.group()])
    }

    fn group(&self) -> Group<'_> {
        // Every part may hold text from a spec (a file name, a key, a value):
        // what a terminal would act on or a reader could not see is escaped
        // (and the renderer, which treats its input as untrusted, normalizes it too).
        let title = Level::ERROR.primary_title(escaped(&self.message));
        let file = escaped(&self.file);
        let path = (!self.path.is_empty()).then(|| escaped(&self.path));
        let mut group = match (self.location, &self.source_line) {
            (Some((line, column)), Some(text)) => {
                let (shown, span) = marked(text, column);
                let annotation = AnnotationKind::Primary.span(span).label(path);
                title.element(Snippet::source(shown).line_start(line).path(file).annotation(annotation))
            }
            (location, _) => {
                let origin = match location {
                    Some((line, column)) => Origin::path(file).line(line).char_column(column),
                    None => Origin::path(file),
                };
                let group = title.element(origin);
                match path {
                    Some(path) => group.element(Level::NOTE.message(format!("at `{path}`"))),
                    None => group,
                }
            }
        };
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(escaped(help)));
        }
        group
    }
}

impl fmt::Display for Diagnostic {
    /// [`Diagnostic::render`] without colour.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Longest marker drawn under a source line, in characters.
const MARKER_MAX: usize = 40;

/// The source line as shown (hidden characters made visible) and the byte
/// range the marker covers: the value or key that starts at the 1-based
/// character `column`.
fn marked(text: &str, column: usize) -> (String, std::ops::Range<usize>) {
    let chars: Vec<char> = text.chars().map(visible).collect();
    let start = column.max(1).min(chars.len() + 1) - 1;
    let width = marker_width(&chars[start..]).clamp(1, MARKER_MAX);
    let byte = |i: usize| chars[..i.min(chars.len())].iter().map(|c| c.len_utf8()).sum::<usize>();
    (chars.iter().collect(), byte(start)..byte(start + width))
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

impl Diagnostics {
    /// Every diagnostic, then how many there are; `color` as in [`Diagnostic::render`].
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for d in &self.0 {
            out.push_str(&d.render(color));
            out.push_str("\n\n");
        }
        let n = self.0.len();
        out.push_str(&format!("{n} problem{} in the specs", if n == 1 { "" } else { "s" }));
        out
    }
}

impl fmt::Display for Diagnostics {
    /// [`Diagnostics::render`] without colour.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
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
        assert!(shown.contains("specs/\\u{001B}[31mred/Op.yaml:3:1\n"), "{shown}");
        assert!(shown.contains("request[0].\\u{202E}key"), "{shown}");
        // Nor with colour: the only escapes are the renderer's own colours.
        let coloured = d.render(true);
        for c in ['\u{7}', '\u{9b}', '\u{202E}'] {
            assert!(!coloured.contains(c), "{c:?} in {coloured:?}");
        }
        assert!(!coloured.contains("\u{1b}]"), "{coloured:?}");
        assert!(!coloured.contains("\u{1b}[2J"), "{coloured:?}");
    }

    /// The marker lines up under the value by display width: Chinese
    /// characters take two columns, and a tab is shown as spaces.
    #[test]
    fn the_marker_lines_up_after_wide_characters_and_tabs() {
        for (line, column) in [
            ("  - {description: 应用名称。, tyep: string}", 26),
            ("summary: 恢复直播推流 # 注释 tyep", 22),
            ("\tkey:\t値\ttyep: x", 9),
        ] {
            let d =
                Diagnostic { source_line: Some(line.to_owned()), ..Diagnostic::new("f.yaml", "", "m").at(7, column) };
            let shown = d.to_string();
            let lines: Vec<&str> = shown.lines().collect();
            let source = lines.iter().find(|l| l.starts_with("7 |")).unwrap_or_else(|| panic!("{shown}"));
            let marker = lines.iter().find(|l| l.contains('^')).unwrap_or_else(|| panic!("{shown}"));
            let at = |text: &str, pat: &str| unicode_width::UnicodeWidthStr::width(&text[..text.find(pat).unwrap()]);
            assert_eq!(at(marker, "^^^^"), at(source, "tyep"), "{shown}");
            assert!(marker.contains("^^^^") && !marker.contains("^^^^^"), "{shown}");
        }
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
