//! The coverage report: per vendor, what has been transcribed from which page,
//! how current it is, and every recorded place where a spec departs from its page.

use std::fmt::Write as _;

use super::render::cell;
use crate::ir::{Crate, Note, Service, Vendor};

fn vendor_name(v: Vendor) -> &'static str {
    match v {
        Vendor::Tencent => "Tencent Cloud",
        Vendor::Volcengine => "Volcengine",
        Vendor::Huawei => "Huawei Cloud",
    }
}

/// How many notes a service records, its own and its operations'.
pub fn departures(s: &Service) -> usize {
    s.notes.len() + s.types_notes.len() + s.operations.iter().map(|o| o.notes.len()).sum::<usize>()
}

/// Writes the coverage report of `krate` as Markdown.
pub fn coverage(krate: &Crate) -> String {
    let mut services: Vec<&Service> = krate.services.iter().collect();
    services.sort_by_key(|s| (s.vendor as u8, s.module.clone()));
    let mut out = String::new();
    let operations: usize = services.iter().map(|s| s.operations.len()).sum();
    let notes: usize = services.iter().map(|s| departures(s)).sum();
    let _ = writeln!(out, "## Coverage\n");
    let _ = writeln!(
        out,
        "{} services, {operations} operations, {notes} recorded departures from the pages.\n",
        services.len()
    );
    let _ = writeln!(out, "| vendor | service | API version | operations | legacy | departures |");
    let _ = writeln!(out, "|---|---|---|---:|---:|---:|");
    for s in &services {
        let legacy = s.operations.iter().filter(|o| o.legacy.is_some()).count();
        let _ = writeln!(
            out,
            "| {} | `{}` | `{}` | {} | {legacy} | {} |",
            vendor_name(s.vendor),
            s.module,
            s.api_version,
            s.operations.len(),
            departures(s)
        );
    }
    for s in services {
        let _ = writeln!(out, "\n### {} · `{}` — {}\n", vendor_name(s.vendor), s.module, cell(&s.title));
        let _ = writeln!(out, "| operation | source page | title | updated | published | status |");
        let _ = writeln!(out, "|---|---|---|---|---|---|");
        for op in &s.operations {
            let date = |d: &Option<String>| d.clone().unwrap_or_else(|| "not shown".into());
            let status = match &op.legacy {
                None => "current".to_owned(),
                Some(l) => {
                    let mut text = "**legacy**".to_owned();
                    if let Some(d) = &l.maintenance_ends {
                        let _ = write!(text, "; maintenance ends {d}");
                    }
                    if let Some(d) = &l.docs_offline {
                        let _ = write!(text, "; docs offline {d}");
                    }
                    if let Some(r) = &l.replacement {
                        let _ = write!(text, "; replaced by {r}");
                    }
                    cell(&text)
                }
            };
            let _ = writeln!(
                out,
                "| `{}` | `{}` | {} | {} | {} | {status} |",
                op.wire_name,
                op.source.page,
                cell(&op.source.title),
                date(&op.source.updated),
                date(&op.source.published)
            );
        }
        let notes: Vec<(String, &Note)> = s
            .notes
            .iter()
            .map(|n| (format!("`{}`", s.spec_file), n))
            .chain(s.types_notes.iter().map(|n| (format!("`{}`", s.types_file.as_deref().unwrap_or(&s.spec_file)), n)))
            .chain(s.operations.iter().flat_map(|o| o.notes.iter().map(move |n| (format!("`{}`", o.wire_name), n))))
            .collect();
        if notes.is_empty() {
            let _ = writeln!(out, "\nNo recorded departures from the pages.");
            continue;
        }
        let _ = writeln!(out, "\nDepartures from the pages ({}):\n", notes.len());
        for (owner, n) in notes {
            let _ = writeln!(
                out,
                "- {owner} · **{}**: the page: {} The spec: {} Why: {}",
                cell(&n.subject),
                sentence(&n.page),
                sentence(&n.choice),
                sentence(&n.reason)
            );
        }
    }
    out
}

/// One line of text ending in a full stop.
fn sentence(text: &str) -> String {
    let text = cell(text.trim());
    if text.ends_with(['.', '。', '!', '?', ')']) { text } else { format!("{text}.") }
}
