//! The small HTML the vendors' metadata writes descriptions in (`<p>`, `<br>`,
//! lists, links, `<strong>`, `<code>`), turned into the plain text with
//! Markdown marks that spec descriptions hold.

/// `html` as plain text: paragraphs and line breaks become lines, list items
/// `- ` or `1. ` lines, links `text (address)`, `<strong>` `**`, `<code>`
/// backticks, and the five entities their characters. Unknown tags are
/// dropped; text outside tags is kept as it is.
pub fn to_text(html: &str) -> String {
    let mut out = String::new();
    // One counter per open list: `None` for `<ul>`, the next number for `<ol>`.
    let mut lists: Vec<Option<u32>> = Vec::new();
    let mut link: Option<String> = None;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&entities(&rest[..lt]));
        let after = &rest[lt..];
        let Some(gt) = after.find('>') else {
            // A lone `<` (as in "a < b"): text.
            out.push_str(&entities(after));
            rest = "";
            break;
        };
        let tag = &after[1..gt];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        // Not a tag at all (`x<0`, `a < b`): the `<` is text.
        if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            out.push('<');
            rest = &after[1..];
            continue;
        }
        rest = &after[gt + 1..];
        match (name.as_str(), closing) {
            ("p" | "div", _) => new_line(&mut out),
            ("br", _) => out.push('\n'),
            ("ul", false) => {
                new_line(&mut out);
                lists.push(None);
            }
            ("ol", false) => {
                new_line(&mut out);
                lists.push(Some(1));
            }
            ("ul" | "ol", true) => {
                lists.pop();
                new_line(&mut out);
            }
            ("li", false) => {
                new_line(&mut out);
                let indent = "  ".repeat(lists.len().saturating_sub(1));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{indent}{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str(&format!("{indent}- ")),
                }
            }
            ("li", true) => new_line(&mut out),
            ("strong" | "b", _) => out.push_str("**"),
            ("code", _) => out.push('`'),
            ("a", false) => link = attribute(tag, "href"),
            ("a", true) => {
                if let Some(href) = link.take() {
                    out.push_str(&format!(" ({href})"));
                }
            }
            // A tag these texts never use.
            _ => {}
        }
    }
    out.push_str(&entities(rest));
    tidy(&out)
}

fn new_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// The value of `name="..."` in a tag's text.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!("{name}="))? + name.len() + 1;
    let value = &tag[start..];
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &value[1..];
    Some(entities(&value[..value.find(quote)?]))
}

fn entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// Lines trimmed at their end, runs of blank lines folded to one, and no blank
/// lines at either end.
fn tidy(text: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() && lines.last().is_none_or(|l| l.trim().is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn paragraphs_lists_links_and_entities() {
        assert_eq!(to_text("<p>导播台ID。</p>"), "导播台ID。");
        assert_eq!(to_text("<p>a</p><p>b</p>"), "a\nb");
        assert_eq!(to_text("a<br>b<br/>c"), "a\nb\nc");
        assert_eq!(
            to_text("<p>枚举值：</p><ul><li>FAILED： 失败</li><li>READY</li></ul>"),
            "枚举值：\n- FAILED： 失败\n- READY"
        );
        assert_eq!(to_text("<ol><li>x</li><li>y</li></ol>"), "1. x\n2. y");
        assert_eq!(
            to_text(r#"见<a href="https://cloud.tencent.com/document/product/267/1">文档</a>。"#),
            "见文档 (https://cloud.tencent.com/document/product/267/1)。"
        );
        assert_eq!(to_text("&lt;b&gt; &quot;x&quot; &#39;y&#39;"), "<b> \"x\" 'y'");
        assert_eq!(to_text("<strong>注意</strong>：<code>a</code>"), "**注意**：`a`");
        // Text that only looks like a tag is kept.
        assert_eq!(to_text("取值 x<0 或 a < b"), "取值 x<0 或 a < b");
        assert_eq!(to_text("<p>x<0 且 y>1</p>"), "x<0 且 y>1");
        assert_eq!(to_text("plain\n\n\ntext\n"), "plain\n\ntext");
    }
}
