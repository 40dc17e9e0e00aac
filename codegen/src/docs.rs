//! Vendor text to rustdoc lines, sanitised once while the IR is built.
//!
//! Lines are trimmed and tabs become spaces; outside inline code, characters
//! rustdoc would read as links or HTML (`[`, `]`, `<`, `>`) are escaped and bare
//! URLs are wrapped in `<...>` so rustdoc renders them as links without lints.

/// Splits `text` into sanitised doc lines, dropping leading and trailing blank lines.
pub fn lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.replace('\t', "    ").lines() {
        let line = sanitize_line(line.trim());
        // A plain line right after a list item would be read as part of the
        // item ("lazy continuation"); the pages mean a new paragraph.
        if !line.is_empty() && !is_list_item(&line) && out.last().is_some_and(|l| is_list_item(l)) {
            out.push(String::new());
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    out
}

/// One paragraph: the lines of `text` joined by spaces.
pub fn inline(text: &str) -> String {
    lines(text).join(" ")
}

fn is_list_item(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    line.starts_with("- ")
        || line.starts_with("* ")
        || line.starts_with("+ ")
        || (digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")))
}

fn sanitize_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    // A fence would open a code block, which rustdoc compiles as a test.
    if line.starts_with("```") || line.starts_with("~~~") {
        out.push('\\');
    }
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if !in_code {
            if rest.starts_with("https://") || rest.starts_with("http://") {
                let mut end =
                    rest.find(|c: char| c.is_whitespace() || "）)，。、<>`[]\"'".contains(c)).unwrap_or(rest.len());
                // Sentence punctuation after an address ends the sentence, not the address
                // (as GitHub's autolinks read it): `see https://x.y/z, then`.
                while rest[..end].ends_with(['.', ',', ';', ':', '!', '?']) {
                    end -= 1;
                }
                out.push('<');
                out.push_str(&rest[..end]);
                out.push('>');
                rest = &rest[end..];
                continue;
            }
            if matches!(c, '[' | ']' | '<' | '>') {
                out.push('\\');
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_outside_code() {
        assert_eq!(lines("a [b] <c> `[d]`"), vec![r"a \[b\] \<c\> `[d]`"]);
        assert_eq!(lines("see https://x.y/z。ok"), vec!["see <https://x.y/z>。ok"]);
        assert_eq!(lines("see https://x.y/z, ok."), vec!["see <https://x.y/z>, ok."]);
        assert_eq!(lines("(https://x.y/z?a=1.)"), vec!["(<https://x.y/z?a=1>.)"]);
        assert_eq!(lines("X [https://x.y/6469/1] 接口"), vec![r"X \[<https://x.y/6469/1>\] 接口"]);
        assert_eq!(lines("'https://x.y/z'"), vec!["'<https://x.y/z>'"]);
        assert_eq!(lines("\n\n a\tb \n\n"), vec!["a    b"]);
        assert_eq!(lines("start_time"), vec!["start_time"]);
        assert_eq!(lines("a:\n1. x\n2. y\nnote"), vec!["a:", "1. x", "2. y", "", "note"]);
        assert_eq!(lines("a:\n+ x\nnote"), vec!["a:", "+ x", "", "note"]);
        assert_eq!(lines("a:\n1) x\nnote"), vec!["a:", "1) x", "", "note"]);
        assert_eq!(lines("```\nfn main() {}\n```"), vec!["\\```", "fn main() {}", "\\```"]);
    }
}
