//! A spec file's YAML as a tree of nodes that remember where they are.
//!
//! serde_yaml, which builds the spec model, only knows locations for the first
//! syntax error. This module reads the same text once more with a YAML event
//! parser and keeps the line and column of every key and value, so that every
//! later problem (an unknown key, a wrong type, a rule naming a missing field)
//! can point at its line. It also refuses what a reviewable spec must not
//! contain: anchors and aliases (which expand out of sight, and are how alias
//! bombs work), duplicate keys, several documents in one file, and nesting deeper
//! than [`MAX_DEPTH`]. The tree is built without recursion, so no input can
//! exhaust the stack.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

/// Deepest nesting of mappings and sequences accepted; real specs use six.
pub const MAX_DEPTH: usize = 32;

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// One YAML node and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A scalar; `quoted` for quoted and block scalars, which are always strings.
    Scalar {
        value: String,
        quoted: bool,
    },
    Seq(Vec<Node>),
    /// Keys in file order.
    Map(Vec<(Node, Node)>),
}

/// What the value of a plain scalar is, the way serde_yaml reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarKind {
    Null,
    Bool,
    Integer,
    Float,
    String,
}

impl Node {
    /// The scalar's text, if the node is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// How the node reads, for messages: `a mapping`, `a sequence`, `the integer 5`...
    pub fn describe(&self) -> String {
        match &self.kind {
            Kind::Map(_) => "a mapping".into(),
            Kind::Seq(_) => "a list".into(),
            Kind::Scalar { value, .. } => match self.scalar_kind() {
                Some(ScalarKind::Null) => "nothing (null)".into(),
                Some(ScalarKind::Bool) => format!("the boolean `{value}`"),
                Some(ScalarKind::Integer) => format!("the integer `{value}`"),
                Some(ScalarKind::Float) => format!("the number `{value}`"),
                _ => format!("the string `{}`", shorten(value)),
            },
        }
    }

    /// The kind of a scalar's value (`None` for mappings and sequences).
    pub fn scalar_kind(&self) -> Option<ScalarKind> {
        let Kind::Scalar { value, quoted } = &self.kind else { return None };
        if *quoted {
            return Some(ScalarKind::String);
        }
        let v = value.as_str();
        Some(match v {
            "" | "~" | "null" | "Null" | "NULL" => ScalarKind::Null,
            "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => ScalarKind::Bool,
            _ if is_integer(v) => ScalarKind::Integer,
            _ if is_float(v) => ScalarKind::Float,
            _ => ScalarKind::String,
        })
    }

    /// The node at `path` (`request[2].type`, `types[0].fields[1]`), or the
    /// deepest node on the way to it when part of the path does not exist.
    pub fn locate(&self, path: &str) -> &Node {
        let mut node = self;
        for segment in path_segments(path) {
            let next = match (&node.kind, segment) {
                (Kind::Map(entries), Segment::Key(key)) => {
                    entries.iter().find(|(k, _)| k.as_str() == Some(key)).map(|(_, v)| v)
                }
                (Kind::Seq(items), Segment::Index(i)) => items.get(i),
                _ => None,
            };
            match next {
                Some(next) => node = next,
                None => break,
            }
        }
        node
    }

    /// The key node of `key` in this mapping.
    pub fn key(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Map(entries) => entries.iter().find(|(k, _)| k.as_str() == Some(key)).map(|(k, _)| k),
            _ => None,
        }
    }
}

/// One step of a path such as `request[2].type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// The steps of a path such as `request[2].type`.
pub fn path_segments(path: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            out.push(Segment::Key(key));
        }
        while let Some((index, after)) = rest.split_once(']') {
            if let Ok(i) = index.parse() {
                out.push(Segment::Index(i));
            }
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    out
}

fn is_integer(v: &str) -> bool {
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    if let Some(hex) = digits.strip_prefix("0x") {
        return !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(oct) = digits.strip_prefix("0o") {
        return !oct.is_empty() && oct.chars().all(|c| ('0'..='7').contains(&c));
    }
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

fn is_float(v: &str) -> bool {
    matches!(v, ".inf" | "-.inf" | "+.inf" | ".nan" | ".NaN" | ".Inf" | "-.Inf")
        || (v.contains(['.', 'e', 'E']) && v.parse::<f64>().is_ok() && v.chars().any(|c| c.is_ascii_digit()))
}

fn shorten(value: &str) -> String {
    let mut chars = value.chars();
    let short: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() { format!("{short}…") } else { short }
}

/// A problem found while reading the YAML itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxProblem {
    pub pos: Pos,
    /// The path of the node it concerns (`request[0]`), when known.
    pub path: String,
    pub message: String,
    pub help: Option<String>,
}

impl SyntaxProblem {
    fn new(pos: Pos, path: String, message: impl Into<String>, help: &str) -> Self {
        SyntaxProblem { pos, path, message: message.into(), help: (!help.is_empty()).then(|| help.to_owned()) }
    }
}

/// The first occurrence of something refused everywhere in a file, and how many more there are.
#[derive(Default)]
struct Repeated {
    first: Option<(Pos, String)>,
    more: usize,
}

impl Repeated {
    fn see(&mut self, pos: Pos, path: &str) {
        if self.first.is_none() {
            self.first = Some((pos, path.to_owned()));
        } else {
            self.more += 1;
        }
    }

    fn report(self, what: &str, help: &str) -> Option<SyntaxProblem> {
        let (pos, path) = self.first?;
        let message = match self.more {
            0 => what.to_owned(),
            n => format!("{what}, and {n} more in this file"),
        };
        Some(SyntaxProblem::new(pos, path, message, help))
    }
}

/// A container being built: its start, its children, and (for mappings) a key
/// waiting for its value.
struct Open {
    pos: Pos,
    path: String,
    map: bool,
    items: Vec<Node>,
    entries: Vec<(Node, Node)>,
    pending_key: Option<Node>,
}

impl Open {
    fn child_path(&self) -> String {
        if self.map {
            let key = self.pending_key.as_ref().and_then(Node::as_str).unwrap_or("?");
            if self.path.is_empty() { key.to_owned() } else { format!("{}.{key}", self.path) }
        } else {
            format!("{}[{}]", self.path, self.items.len())
        }
    }
}

/// Parses `text` (UTF-8, without a byte-order mark) into a located tree.
/// Every problem that does not stop the parser is collected; a syntax error
/// stops it and is the last problem returned.
pub fn parse(text: &str) -> Result<Node, Vec<SyntaxProblem>> {
    let mut problems = Vec::new();
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Open> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0usize;
    // Anchors and aliases are reported once each, at the first, with a count.
    let mut anchors = Repeated::default();
    let mut aliases = Repeated::default();
    let mut tags = Repeated::default();
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            Err(e) => {
                let m = e.marker();
                let message = syntax_message(e.info());
                let help = syntax_help(e.info());
                problems.push(SyntaxProblem::new(
                    Pos { line: m.line(), column: m.col() + 1 },
                    String::new(),
                    message,
                    help,
                ));
                return Err(problems);
            }
        };
        let pos = Pos { line: mark.line(), column: mark.col() + 1 };
        let path = stack.last().map_or_else(String::new, Open::child_path);
        let node = match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents == 2 {
                    problems.push(SyntaxProblem::new(pos, String::new(), "a second YAML document in the file", "a spec file holds one document; remove the `---` line and what follows, or move it to its own file"));
                }
                continue;
            }
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => continue,
            Event::Alias(_) => {
                aliases.see(pos, &path);
                Node { pos, kind: Kind::Scalar { value: String::new(), quoted: false } }
            }
            Event::Scalar(value, style, anchor, tag) => {
                if anchor > 0 {
                    anchors.see(pos, &path);
                }
                if tag.is_some() {
                    tags.see(pos, &path);
                }
                Node { pos, kind: Kind::Scalar { value, quoted: style != TScalarStyle::Plain } }
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                let map = matches!(event, Event::MappingStart(..));
                if anchor > 0 {
                    anchors.see(pos, &path);
                }
                if tag.is_some() {
                    tags.see(pos, &path);
                }
                if stack.len() >= MAX_DEPTH {
                    problems.push(SyntaxProblem::new(pos, path, format!("nesting deeper than {MAX_DEPTH} levels"), "a spec nests at most a few levels (operation, field list, field, constraints); flatten the structure"));
                    return Err(problems);
                }
                stack.push(Open { pos, path, map, items: Vec::new(), entries: Vec::new(), pending_key: None });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = stack.pop() else { continue };
                // A block mapping's start event sits at its first `:`; its first key is where a reader looks.
                let pos = open.entries.first().map_or(open.pos, |(k, _)| k.pos);
                let kind = if open.map { Kind::Map(open.entries) } else { Kind::Seq(open.items) };
                Node { pos, kind }
            }
        };
        match stack.last_mut() {
            None => root = Some(node),
            Some(open) if !open.map => open.items.push(node),
            Some(open) => match open.pending_key.take() {
                None => {
                    if !matches!(node.kind, Kind::Scalar { .. }) {
                        problems.push(SyntaxProblem::new(
                            node.pos,
                            open.path.clone(),
                            "a mapping key that is not a plain name",
                            "keys are names like `description`",
                        ));
                    } else if let Some((first, _)) = open.entries.iter().find(|(k, _)| k.as_str() == node.as_str()) {
                        let key = node.as_str().unwrap_or_default();
                        let at = first.pos.line;
                        let path = if open.path.is_empty() { key.to_owned() } else { format!("{}.{key}", open.path) };
                        problems.push(SyntaxProblem::new(
                            node.pos,
                            path,
                            format!("duplicate key `{key}` (first given on line {at})"),
                            "each key appears once in a mapping; remove or rename one of them",
                        ));
                    }
                    open.pending_key = Some(node);
                }
                Some(key) => open.entries.push((key, node)),
            },
        }
    }
    let help =
        "specs do not use anchors and aliases: a reviewer must see every value where it applies; write each value out";
    problems.extend(anchors.report("a YAML anchor (`&name`)", help));
    problems.extend(aliases.report("a YAML alias (`*name`)", help));
    problems.extend(tags.report(
        "a YAML tag (`!name` or `!!type`)",
        "specs do not use tags: the spec reader would not read the value the way the tag says; write the value plainly, and quote it to make it a string",
    ));
    problems.sort_by_key(|p| p.pos);
    match root {
        Some(root) if problems.is_empty() => Ok(root),
        Some(_) => Err(problems),
        None => {
            problems.push(SyntaxProblem::new(
                Pos { line: 1, column: 1 },
                String::new(),
                "the file holds no YAML document",
                "a spec file is a YAML mapping",
            ));
            Err(problems)
        }
    }
}

/// Every key and value holding a control or invisible character (see
/// [`crate::text::hidden_char`]): such text would reach generated code,
/// rustdoc, a terminal or the wire unseen by a reviewer. One problem per node.
pub fn hidden_characters(root: &Node) -> Vec<SyntaxProblem> {
    let mut problems = Vec::new();
    let mut stack: Vec<(&Node, String)> = vec![(root, String::new())];
    while let Some((node, path)) = stack.pop() {
        match &node.kind {
            Kind::Scalar { value, .. } => {
                if let Some(c) = crate::text::hidden_char(value) {
                    problems.push(SyntaxProblem::new(
                        node.pos,
                        path,
                        format!("{} in {}", crate::text::describe_char(c), crate::text::shown(value)),
                        "remove it: a reviewer cannot see it, and it would reach the generated code or the wire as it is",
                    ));
                }
            }
            Kind::Seq(items) => {
                stack.extend(items.iter().enumerate().rev().map(|(i, item)| (item, format!("{path}[{i}]"))));
            }
            Kind::Map(entries) => {
                for (key, value) in entries.iter().rev() {
                    let name = key.as_str().unwrap_or("?");
                    let child = if path.is_empty() { name.to_owned() } else { format!("{path}.{name}") };
                    stack.push((value, child));
                    stack.push((key, path.clone()));
                }
            }
        }
    }
    problems
}

/// The scanner's messages, made readable ("did not find expected key" stays).
fn syntax_message(info: &str) -> String {
    if info.contains("recursion limit") {
        return "nesting deeper than the YAML reader accepts".into();
    }
    format!("YAML syntax error: {info}")
}

fn syntax_help(info: &str) -> &'static str {
    if info.contains("recursion limit") {
        "a spec nests at most a few levels (operation, field list, field, constraints); flatten the structure"
    } else if info.contains("tab") {
        "indent with spaces; YAML does not allow tabs in indentation"
    } else if info.contains("mapping values are not allowed") {
        "a value containing `: ` must be quoted"
    } else if info.contains("did not find expected") {
        "check the indentation and the quotes of this line and the one before"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based() {
        let root = parse("a: 1\nlist:\n  - name: x\n    type: string\n").unwrap();
        assert_eq!(root.locate("a").pos, Pos { line: 1, column: 4 });
        assert_eq!(root.locate("list[0].type").pos, Pos { line: 4, column: 11 });
        assert_eq!(root.key("list").unwrap().pos, Pos { line: 2, column: 1 });
        // A missing tail stops at the deepest node found.
        assert_eq!(root.locate("list[0].nope").pos, Pos { line: 3, column: 5 });
        assert_eq!(root.locate("list[7]").pos, root.locate("list").pos);
    }

    #[test]
    fn scalar_kinds_follow_serde_yaml() {
        let root = parse("a: 5\nb: '5'\nc: ~\nd: true\ne: 1.5\nf: 2018-08-01\ng: -3\n").unwrap();
        let kind = |k: &str| root.locate(k).scalar_kind().unwrap();
        assert_eq!(kind("a"), ScalarKind::Integer);
        assert_eq!(kind("b"), ScalarKind::String);
        assert_eq!(kind("c"), ScalarKind::Null);
        assert_eq!(kind("d"), ScalarKind::Bool);
        assert_eq!(kind("e"), ScalarKind::Float);
        assert_eq!(kind("f"), ScalarKind::String);
        assert_eq!(kind("g"), ScalarKind::Integer);
    }

    #[test]
    fn refuses_aliases_duplicates_and_depth() {
        let problems = parse("a: &x 1\nb: *x\na: 2\n").unwrap_err();
        let messages: Vec<_> = problems.iter().map(|p| (p.pos.line, p.message.as_str())).collect();
        assert_eq!(
            messages,
            [
                (1, "a YAML anchor (`&name`)"),
                (2, "a YAML alias (`*name`)"),
                (3, "duplicate key `a` (first given on line 1)")
            ]
        );
        let problems = parse("a: &x [1]\nb: [*x, *x, *x]\n").unwrap_err();
        assert_eq!(
            problems.iter().map(|p| p.message.as_str()).collect::<Vec<_>>(),
            ["a YAML anchor (`&name`)", "a YAML alias (`*name`), and 2 more in this file"]
        );
        for deep in ["[".repeat(100_000), (0..40).map(|i| format!("{}k:\n", " ".repeat(i))).collect()] {
            let problems = parse(&deep).unwrap_err();
            assert!(problems.last().unwrap().message.starts_with("nesting deeper than"), "{problems:?}");
        }
    }
}
