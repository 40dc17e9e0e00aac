//! Text from specs as it may be shown and as it must not be: control and
//! invisible characters found and named, values quoted for messages.

/// `n` and the noun that agrees with it: `1 action`, `2 actions`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Items as a sentence lists alternatives: `a`, `a or b`, `a, b or c`.
pub fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// Control and invisible characters in text that reaches generated code,
/// rustdoc or a terminal: C0 and C1 controls other than line feed and tab,
/// bidirectional overrides (which rustc refuses in literals), zero-width and
/// other format characters, and line or paragraph separators.
pub fn hidden_char(text: &str) -> Option<char> {
    text.chars().find(|&c| is_hidden(c) && c != '\n' && c != '\t')
}

fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFB}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// A character named so a reader can find it: `U+202E`, or the character in backticks.
pub fn describe_char(c: char) -> String {
    if c == ' ' {
        "a space".to_owned()
    } else if is_hidden(c) || c.is_whitespace() {
        format!("the invisible character U+{:04X}", u32::from(c))
    } else {
        format!("the character `{c}`")
    }
}

/// A value in backticks, with control and invisible characters written as escapes and long ones cut.
pub fn shown(text: &str) -> String {
    let cut: String = text.chars().take(60).collect();
    let more = if cut.len() < text.len() { "…" } else { "" };
    format!("`{}{more}`", escaped(&cut))
}

/// `text` with control and invisible characters (and whitespace other than a
/// space) written as `\u{XXXX}`: safe to print on a terminal, and every
/// character a reader cannot see is named.
pub fn escaped(text: &str) -> std::borrow::Cow<'_, str> {
    let escape = |c: char| is_hidden(c) || (c.is_whitespace() && c != ' ');
    if !text.chars().any(escape) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escape(c) {
            out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters() {
        assert_eq!(hidden_char("a\u{202E}b"), Some('\u{202E}'));
        assert_eq!(hidden_char("line\ttab\nnext 中文"), None);
        assert_eq!(hidden_char("cr\r"), Some('\r'));
        assert_eq!(hidden_char("zero\u{200B}width"), Some('\u{200B}'));
        assert_eq!(shown("a\u{202E}b"), "`a\\u{202E}b`");
        assert_eq!(describe_char('\u{7}'), "the invisible character U+0007");
        assert_eq!(escaped("a\u{1b}[31mred"), "a\\u{001B}[31mred");
        assert_eq!(escaped("plain 中文"), "plain 中文");
    }
}
