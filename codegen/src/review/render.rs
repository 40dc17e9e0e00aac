//! The change report as Markdown, for a pull-request comment or a CI log.

use std::fmt::Write as _;

use std::collections::BTreeMap;

use super::{Impact, Report, SOURCE, Section};

/// Writes the report. `base` and `head` name the two revisions (e.g. ``"`main` (`1a2b3c4`)"``).
pub fn render(report: &Report, base: &str, head: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Spec change report\n");
    let _ = writeln!(
        out,
        "Base {base}, head {head}: {} → {} operations.\n",
        report.base_operations, report.head_operations
    );
    let total = report.changes().count();
    if total == 0 {
        let _ = writeln!(
            out,
            "No changes to operations, fields, types, enum values, error codes, behaviour or documentation."
        );
        return out;
    }
    let (wire, rust) = (report.count(Impact::WireBreaking), report.count(Impact::RustBreaking));
    if report.is_breaking() {
        let _ = writeln!(
            out,
            "**Breaking:** {} on the wire, {rust} for Rust users (a new major version of the generated crate).\n",
            crate::text::count(wire, "change breaks", "changes break"),
        );
    } else {
        let _ = writeln!(out, "**Nothing breaking.**\n");
    }
    let _ = writeln!(out, "| {} | total |", Impact::ALL.map(Impact::label).join(" | "));
    let _ = writeln!(out, "|{}---:|", "---:|".repeat(Impact::ALL.len()));
    let counts: Vec<String> = Impact::ALL.iter().map(|i| report.count(*i).to_string()).collect();
    let _ = writeln!(out, "| {} | {total} |", counts.join(" | "));
    // Operations that changed only where their spec says it comes from (a new
    // version of the vendor's metadata, a page's date): one line per change.
    let mut provenance: BTreeMap<&str, Vec<&Section>> = BTreeMap::new();
    for section in &report.sections {
        match &section.changes[..] {
            [only] if only.subject == SOURCE && section.operation.is_some() => {
                provenance.entry(only.detail.as_str()).or_default().push(section)
            }
            _ => section_markdown(&mut out, section),
        }
    }
    for (detail, sections) in provenance {
        let _ = writeln!(
            out,
            "\n### {} changed only in their source\n",
            crate::text::count(sections.len(), "operation", "operations")
        );
        let names: Vec<String> = sections
            .iter()
            .map(|s| format!("`{}` · `{}`", s.service, s.operation.as_deref().unwrap_or_default()))
            .collect();
        let _ = writeln!(out, "Docs only: {}. {}.", cell(detail), names.join(", "));
    }
    out
}

/// At most this many pages are named in a section's heading; a service's
/// shared files are used by every operation.
const MAX_PAGES: usize = 5;

fn section_markdown(out: &mut String, section: &Section) {
    match &section.operation {
        Some(op) => {
            let _ = writeln!(out, "\n### `{}` · `{op}`\n", section.service);
        }
        None => {
            let _ = writeln!(out, "\n### `{}` (service)\n", section.service);
        }
    }
    let pages: Vec<String> = section
        .sources
        .iter()
        .map(|s| {
            // The address is checked to be one a Markdown link takes as it is.
            let title = cell(&s.title).replace('[', "\\[").replace(']', "\\]");
            let mut page = format!("[{title}]({})", s.page);
            if let Some(updated) = &s.updated {
                let _ = write!(page, " (updated {updated})");
            }
            page
        })
        .collect();
    let spec = format!("`{}`", section.spec_file);
    match pages.len() {
        0 => {
            let _ = writeln!(out, "Spec {spec}.\n");
        }
        1 => {
            let _ = writeln!(out, "Spec {spec}, from the page {}.\n", pages[0]);
        }
        n if n > MAX_PAGES => {
            let _ = writeln!(
                out,
                "Spec {spec}, shared by the pages {} and {} more.\n",
                pages[..MAX_PAGES].join(", "),
                n - MAX_PAGES
            );
        }
        _ => {
            let _ = writeln!(out, "Spec {spec}, shared by the pages {}.\n", pages.join(", "));
        }
    }
    let _ = writeln!(out, "| class | change | Rust items |");
    let _ = writeln!(out, "|---|---|---|");
    let mut changes: Vec<_> = section.changes.iter().collect();
    // Most severe first; otherwise in the order the specs list things.
    changes.sort_by_key(|c| c.impacts.first().copied());
    for c in changes {
        let class: Vec<String> = c
            .impacts
            .iter()
            .map(|i| if i.is_breaking() { format!("**{}**", i.label()) } else { i.label().to_owned() })
            .collect();
        let items: Vec<String> = c.items.iter().map(|i| format!("`{i}`")).collect();
        let _ = writeln!(
            out,
            "| {} | {}: {} | {} |",
            class.join(" "),
            cell(&c.subject),
            cell(&c.detail),
            if items.is_empty() { "—".to_owned() } else { items.join("<br>") }
        );
    }
}

/// Text made safe for a table cell: no pipes, no line breaks.
pub(crate) fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// The report as the body of a changelog entry (`generated/CHANGELOG.md`): one list per kind of change, breaking
/// first (marked wire, Rust or both), each change once under its most severe class, naming its operation and the Rust items it touches.
/// The maintainer puts it under the entry's heading, with the version and date the release gets.
pub fn changelog(report: &Report) -> String {
    const HEADINGS: [(&[Impact], &str); 4] = [
        (&[Impact::WireBreaking, Impact::RustBreaking], "Breaking"),
        (&[Impact::Behavioural], "Changed behaviour"),
        (&[Impact::Additive], "Added"),
        (&[Impact::Docs], "Documentation"),
    ];
    let mut out = String::new();
    for (impacts, heading) in HEADINGS {
        let mut lines = Vec::new();
        for section in &report.sections {
            let place = match &section.operation {
                Some(op) => format!("`{}` `{op}`", section.service),
                None => format!("`{}`", section.service),
            };
            for c in section.changes.iter().filter(|c| c.impacts.first().is_some_and(|i| impacts.contains(i))) {
                let breaks: Vec<&str> = c
                    .impacts
                    .iter()
                    .filter_map(|i| match i {
                        Impact::WireBreaking => Some("wire"),
                        Impact::RustBreaking => Some("Rust"),
                        _ => None,
                    })
                    .collect();
                let breaks = if breaks.is_empty() { String::new() } else { format!("({}) ", breaks.join(", ")) };
                let items: Vec<String> = c.items.iter().map(|i| format!("`{i}`")).collect();
                let items = if items.is_empty() { String::new() } else { format!(" ({})", items.join(", ")) };
                lines.push(format!("- {breaks}{place}: {}: {}{items}", one_line(&c.subject), one_line(&c.detail)));
            }
        }
        if !lines.is_empty() {
            let _ = writeln!(out, "### {heading}\n\n{}\n", lines.join("\n"));
        }
    }
    if out.is_empty() {
        out.push_str("No changes to the specs.\n");
    }
    out
}

/// Text on one line, for a list item.
fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}
