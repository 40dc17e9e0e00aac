//! Text the server controls (error codes, messages, request ids, decoding
//! failures that quote the body), made safe to show: control and other
//! invisible characters escaped, and the length bounded.
//!
//! Every `Display`, `Debug` and log event of this crate that shows such text
//! goes through one type, `Shown`; the full value stays in the public fields it came
//! in.

use std::fmt::{self, Write};

/// The most characters of one server-controlled value that are shown. The
/// rest is replaced by `…` and the value's whole length in bytes.
pub const SHOWN_CHARS: usize = 512;

/// `text` as it may be shown to a person or a log: characters that are not
/// printable (C0 and C1 controls such as ESC, CR and LF, bidirectional and
/// other format characters, line and paragraph separators) escaped as Rust
/// escapes them (`\u{1b}`, `\r`, `\n`), and at most [`SHOWN_CHARS`]
/// characters, followed by `…(N bytes)` when the text is longer.
///
/// `Display` keeps quotes and backslashes as they are, so a message reads as
/// it was written; `Debug` quotes the text and escapes them too.
#[derive(Clone, Copy)]
pub(crate) struct Shown<'a>(pub(crate) &'a str);

impl Shown<'_> {
    fn write(&self, f: &mut fmt::Formatter<'_>, debug: bool) -> fmt::Result {
        let mut chars = self.0.char_indices();
        for (shown, (_, c)) in chars.by_ref().enumerate() {
            if shown == SHOWN_CHARS {
                return write!(f, "…({} bytes)", self.0.len());
            }
            match c {
                // Printable ASCII, the common case, needs no escaping.
                ' '..='~' if debug && matches!(c, '"' | '\\') => write!(f, "\\{c}")?,
                ' '..='~' => f.write_char(c)?,
                _ => escape(c, shown == 0, f)?,
            }
        }
        Ok(())
    }
}

/// Writes `c` escaped as `str::escape_debug` would at this position: a
/// combining mark is escaped only at the start, where it would combine with
/// whatever precedes the text.
fn escape(c: char, first: bool, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    if first {
        return c.escape_debug().try_for_each(|e| f.write_char(e));
    }
    // After a base character, as `str::escape_debug` treats every character
    // but the first.
    let mut buffer = [0u8; 5];
    buffer[0] = b'a';
    let len = 1 + c.encode_utf8(&mut buffer[1..]).len();
    let pair = std::str::from_utf8(&buffer[..len]).map_err(|_| fmt::Error)?;
    pair.escape_debug().skip(1).try_for_each(|e| f.write_char(e))
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, false)
    }
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        self.write(f, true)?;
        f.write_char('"')
    }
}

/// An optional server-controlled value for `Debug`.
pub(crate) struct ShownOption<'a>(pub(crate) Option<&'a str>);

impl fmt::Debug for ShownOption<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(text) => f.debug_tuple("Some").field(&Shown(text)).finish(),
            None => f.write_str("None"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_is_shown_as_it_is() {
        for text in ["InvalidParameter.DomainNotExist", "域名不存在。", "it's \"quoted\" \\ here", "Tiếng Việt"]
        {
            assert_eq!(Shown(text).to_string(), text);
        }
        assert_eq!(format!("{:?}", Shown("a \"b\" \\ 直播")), r#""a \"b\" \\ 直播""#);
    }

    #[test]
    fn control_and_invisible_characters_are_escaped() {
        let forged = "ok\r\n2026-01-01 INFO forged line\x1b[2J\u{202e}evil\u{2028}\u{7f}\u{85}\u{200b}\t";
        let shown = Shown(forged).to_string();
        assert_eq!(shown, r"ok\r\n2026-01-01 INFO forged line\u{1b}[2J\u{202e}evil\u{2028}\u{7f}\u{85}\u{200b}\t");
        assert!(!shown.chars().any(|c| c.is_control()), "{shown}");
        // A combining mark is escaped at the start only.
        assert_eq!(Shown("\u{301}e\u{301}").to_string(), "\\u{301}e\u{301}");
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_shown_bounded_and_without_control_characters(text in ".{0,700}", times in 1usize..4) {
            let text = text.repeat(times);
            for shown in [Shown(&text).to_string(), format!("{:?}", Shown(&text))] {
                proptest::prop_assert!(!shown.chars().any(char::is_control), "{shown:?}");
                // Each character escaped takes at most ten bytes (`\u{10ffff}`), and the
                // length told after a cut at most 24.
                proptest::prop_assert!(shown.len() <= SHOWN_CHARS * 10 + 24, "{} bytes", shown.len());
            }
            // What is shown whole reads back as the text.
            if text.chars().count() <= SHOWN_CHARS && text.chars().all(|c| !c.is_control() && c != '\\') {
                let shown = Shown(&text).to_string();
                proptest::prop_assert!(shown == text || shown.contains("\\u{"), "{shown:?}");
            }
        }
    }

    #[test]
    fn long_text_is_cut_with_its_length() {
        let long = "直".repeat(SHOWN_CHARS + 1);
        let shown = Shown(&long).to_string();
        assert_eq!(shown, format!("{}…({} bytes)", "直".repeat(SHOWN_CHARS), long.len()));
        let exact = "x".repeat(SHOWN_CHARS);
        assert_eq!(Shown(&exact).to_string(), exact);
        assert_eq!(format!("{:?}", ShownOption(Some(&long))), format!("Some(\"{shown}\")"));
        assert_eq!(format!("{:?}", ShownOption(None)), "None");
    }
}
