//! The change report: what a spec change does to the wire and to the Rust API.
//!
//! [`diff`] compares two validated crates (the IR of a base revision and of the
//! working tree) and classifies every difference; [`render`] writes the report
//! as Markdown for a pull request. Working on the IR rather than the YAML means
//! every change already knows the Rust items it touches, with the names the
//! generator gives them, and formatting-only edits of a spec are no change.
//!
//! Classification is from the point of view of someone who built against the
//! base revision:
//! - **wire-breaking**: a request their client sends, or a response it decodes,
//!   may now fail (an operation, path or required parameter changes, a response
//!   field they rely on may be missing, a type changes on the wire);
//! - **Rust-breaking**: code that compiled against the base crate may no longer
//!   compile or may now fail where it did not (an item, field or variant is
//!   removed or renamed, a field's type changes, a new required field makes
//!   `build()` fail);
//! - **behavioural**: the same code behaves differently (rate limit,
//!   retryability, endpoint, checks made before sending);
//! - **additive**: something new that existing code does not notice (a new
//!   operation, optional parameter, response field, enum value or error code;
//!   every generated struct and enum is `#[non_exhaustive]`);
//! - **docs**: only documentation, examples, provenance or notes.

pub mod coverage;
mod render;

pub use coverage::coverage;

pub use render::{changelog, render};

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use crate::ir::{self, Crate, ErrorVariant, Field, NamedType, Operation, Service, TypeBody, TypeRef};
use crate::layout;

/// How a change affects someone who built against the base revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    WireBreaking,
    RustBreaking,
    Behavioural,
    Additive,
    Docs,
}

impl Impact {
    /// The label used in the report.
    pub fn label(self) -> &'static str {
        match self {
            Impact::WireBreaking => "wire-breaking",
            Impact::RustBreaking => "Rust-breaking",
            Impact::Behavioural => "behavioural",
            Impact::Additive => "additive",
            Impact::Docs => "docs",
        }
    }

    pub fn is_breaking(self) -> bool {
        matches!(self, Impact::WireBreaking | Impact::RustBreaking)
    }

    pub const ALL: [Impact; 5] =
        [Impact::WireBreaking, Impact::RustBreaking, Impact::Behavioural, Impact::Additive, Impact::Docs];
}

/// One difference between the base and the head specs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What changed, e.g. ``request field `StreamName` ``.
    pub subject: String,
    /// How it changed, and for a breaking change why it breaks.
    pub detail: String,
    /// Sorted, without repeats, never empty.
    pub impacts: Vec<Impact>,
    /// The generated Rust items it touches, as paths from the crate root.
    pub items: Vec<String>,
}

impl Change {
    pub fn is_breaking(&self) -> bool {
        self.impacts.iter().any(|i| i.is_breaking())
    }
}

/// The changes of one service, or of one operation of it.
#[derive(Debug, Clone)]
pub struct Section {
    /// The service's module (`tencent_live`).
    pub service: String,
    /// The operation's wire name; `None` for the service's own file.
    pub operation: Option<String>,
    /// The spec file (head's, or base's when removed).
    pub spec_file: String,
    /// The documentation pages the changes come from.
    pub sources: Vec<ir::Source>,
    pub changes: Vec<Change>,
}

/// The subject of a change of where an operation's spec says it comes from
/// (its page, the page's dates, the vendor metadata it was drafted from); the
/// report folds operations that changed only there into one line.
pub const SOURCE: &str = "source";

/// Every change between two spec revisions.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub sections: Vec<Section>,
    pub base_operations: usize,
    pub head_operations: usize,
}

impl Report {
    pub fn changes(&self) -> impl Iterator<Item = &Change> {
        self.sections.iter().flat_map(|s| &s.changes)
    }

    /// Whether anything breaks the wire or Rust users: what the exit status reports.
    pub fn is_breaking(&self) -> bool {
        self.changes().any(Change::is_breaking)
    }

    /// How many changes carry `impact`.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes().filter(|c| c.impacts.contains(&impact)).count()
    }
}

/// Compares the base crate with the head crate.
pub fn diff(base: &Crate, head: &Crate) -> Report {
    let count = |c: &Crate| c.services.iter().map(|s| s.operations.len()).sum();
    let mut report = Report { sections: Vec::new(), base_operations: count(base), head_operations: count(head) };
    let base_services: BTreeMap<&str, &Service> = base.services.iter().map(|s| (s.module.as_str(), s)).collect();
    let head_services: BTreeMap<&str, &Service> = head.services.iter().map(|s| (s.module.as_str(), s)).collect();
    for module in base_services.keys().chain(head_services.keys()).collect::<BTreeSet<_>>() {
        let (old, new) = (base_services.get(module).copied(), head_services.get(module).copied());
        report.sections.extend(ServiceDiff::new(module, old, new).run());
    }
    report
}

/// Which side of an exchange a field or type travels on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Sides {
    request: bool,
    response: bool,
}

impl Sides {
    const REQUEST: Sides = Sides { request: true, response: false };
    const RESPONSE: Sides = Sides { request: false, response: true };

    fn union(self, other: Sides) -> Sides {
        Sides { request: self.request || other.request, response: self.response || other.response }
    }
}

/// What one revision of a service knows about its named types.
#[derive(Default)]
struct TypeIndex<'a> {
    /// Wire name -> (type, declaring operation's wire name).
    by_wire: BTreeMap<&'a str, (&'a NamedType, Option<&'a str>)>,
    /// Rust name -> wire name, for printing type references in spec syntax.
    wire_of: HashMap<&'a str, &'a str>,
    /// Wire name -> the sides it travels on, through any nesting.
    sides: HashMap<&'a str, Sides>,
}

impl<'a> TypeIndex<'a> {
    fn new(service: Option<&'a Service>) -> Self {
        let mut index = TypeIndex::default();
        let Some(service) = service else { return index };
        let declared = service.types.iter().map(|t| (t, None)).chain(
            service.operations.iter().flat_map(|op| op.types.iter().map(move |t| (t, Some(op.wire_name.as_str())))),
        );
        for (t, op) in declared {
            index.by_wire.insert(&t.wire_name, (t, op));
            index.wire_of.insert(&t.rust_name, &t.wire_name);
        }
        let by_rust: HashMap<&str, &NamedType> =
            index.by_wire.values().map(|(t, _)| (t.rust_name.as_str(), *t)).collect();
        // Walk from every operation's fields into the types they reach.
        let mut stack: Vec<(&TypeRef, Sides)> = Vec::new();
        for op in &service.operations {
            stack.extend(op.request.iter().map(|f| (&f.ty, Sides::REQUEST)));
            stack.extend(op.response.iter().map(|f| (&f.ty, Sides::RESPONSE)));
        }
        while let Some((ty, sides)) = stack.pop() {
            let name = match ty {
                TypeRef::List(inner) | TypeRef::Map(inner) => {
                    stack.push((inner, sides));
                    continue;
                }
                TypeRef::Named(named) => named.rust_name.as_str(),
                _ => continue,
            };
            let Some(t) = by_rust.get(name) else { continue };
            let known = index.sides.entry(&t.wire_name).or_default();
            let merged = known.union(sides);
            if merged == *known && (known.request || known.response) {
                continue;
            }
            *known = merged;
            if let TypeBody::Struct(fields) = &t.body {
                stack.extend(fields.iter().map(|f| (&f.ty, merged)));
            }
        }
        index
    }

    /// A type reference in spec syntax (`list<LivePackageInfo>`).
    fn spec_type(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::List(inner) => format!("list<{}>", self.spec_type(inner)),
            TypeRef::Map(inner) => format!("map<{}>", self.spec_type(inner)),
            TypeRef::Named(n) => {
                self.wire_of.get(n.rust_name.as_str()).map_or_else(|| n.rust_name.clone(), |w| (*w).to_owned())
            }
            scalar => scalar.scalar_name().unwrap_or_default().to_owned(),
        }
    }
}

/// What a type looks like on the wire: JSON kinds, not names.
fn wire_kind(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "string".into(),
        TypeRef::Bool => "boolean".into(),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => "integer".into(),
        TypeRef::F32 | TypeRef::F64 => "number".into(),
        TypeRef::Json => "any JSON".into(),
        TypeRef::List(inner) => format!("array of {}", wire_kind(inner)),
        TypeRef::Map(inner) => format!("object of {}", wire_kind(inner)),
        TypeRef::Named(n) => match n.kind {
            ir::NamedKind::Struct => "object".into(),
            ir::NamedKind::StringEnum => "string".into(),
            ir::NamedKind::IntegerEnum => "integer".into(),
        },
    }
}

/// Collects the changes of one service.
struct ServiceDiff<'a> {
    module: &'a str,
    old: Option<&'a Service>,
    new: Option<&'a Service>,
    old_types: TypeIndex<'a>,
    new_types: TypeIndex<'a>,
    /// Section key (operation wire name, `None` = service) -> changes.
    changes: BTreeMap<Option<String>, Vec<Change>>,
}

fn code(text: &str) -> String {
    // A code span holding backticks needs a longer fence.
    if text.contains('`') { format!("`` {text} ``") } else { format!("`{text}`") }
}

impl<'a> ServiceDiff<'a> {
    fn new(module: &'a str, old: Option<&'a Service>, new: Option<&'a Service>) -> Self {
        ServiceDiff {
            module,
            old,
            new,
            old_types: TypeIndex::new(old),
            new_types: TypeIndex::new(new),
            changes: BTreeMap::new(),
        }
    }

    fn path(&self, item: &str) -> String {
        format!("{}::{item}", self.module)
    }

    fn push(&mut self, section: Option<&str>, subject: String, detail: String, impacts: &[Impact], items: Vec<String>) {
        let mut impacts = impacts.to_vec();
        impacts.sort();
        impacts.dedup();
        let mut items = items;
        items.dedup();
        self.changes.entry(section.map(str::to_owned)).or_default().push(Change { subject, detail, impacts, items });
    }

    fn run(mut self) -> Vec<Section> {
        match (self.old, self.new) {
            (None, Some(new)) => {
                // A whole vendor API is hundreds of operations: the first few name it.
                const NAMED: usize = 8;
                let ops: Vec<String> = new.operations.iter().take(NAMED).map(|o| code(&o.wire_name)).collect();
                let more = new.operations.len().saturating_sub(NAMED);
                let detail = format!(
                    "added: {} ({} {}: {}{})",
                    new.title,
                    new.operations.len(),
                    if new.operations.len() == 1 { "operation" } else { "operations" },
                    ops.join(", "),
                    if more > 0 { format!(" and {more} more") } else { String::new() }
                );
                self.push(None, "service".into(), detail, &[Impact::Additive], vec![self.module.to_owned()]);
            }
            (Some(old), None) => {
                self.push(
                    None,
                    "service".into(),
                    format!("removed: {} with all its operations; callers of the module no longer compile, and its operations are no longer documented", old.title),
                    &[Impact::WireBreaking, Impact::RustBreaking],
                    vec![self.module.to_owned()],
                );
            }
            (Some(old), Some(new)) => {
                self.service(old, new);
                let old_ops: BTreeMap<&str, &Operation> =
                    old.operations.iter().map(|o| (o.wire_name.as_str(), o)).collect();
                let new_ops: BTreeMap<&str, &Operation> =
                    new.operations.iter().map(|o| (o.wire_name.as_str(), o)).collect();
                for name in old_ops.keys().chain(new_ops.keys()).collect::<BTreeSet<_>>() {
                    self.operation(name, old_ops.get(name).copied(), new_ops.get(name).copied());
                }
                self.types();
            }
            (None, None) => {}
        }
        self.sections()
    }

    /// Groups the collected changes into sections with their source pages.
    fn sections(self) -> Vec<Section> {
        let mut out = Vec::new();
        for (operation, changes) in self.changes {
            let find = |s: Option<&'a Service>| {
                s.and_then(|s| s.operations.iter().find(|o| Some(&o.wire_name) == operation.as_ref()))
            };
            let (spec_file, sources) = match &operation {
                Some(_) => {
                    let op = find(self.new).or_else(|| find(self.old));
                    (
                        op.map(|o| o.spec_file.clone()).unwrap_or_default(),
                        op.map(|o| vec![o.source.clone()]).unwrap_or_default(),
                    )
                }
                None => {
                    let service = self.new.or(self.old);
                    let mut sources: Vec<ir::Source> = Vec::new();
                    for op in service.iter().flat_map(|s| &s.operations) {
                        if !sources.iter().any(|s| s.page == op.source.page) {
                            sources.push(op.source.clone());
                        }
                    }
                    (service.map(|s| s.spec_file.clone()).unwrap_or_default(), sources)
                }
            };
            out.push(Section { service: self.module.to_owned(), operation, spec_file, sources, changes });
        }
        out
    }

    fn service(&mut self, old: &Service, new: &Service) {
        let client = self.path(layout::CLIENT);
        let wire = |what: &str| format!("{what}: every request is built differently");
        if old.vendor != new.vendor || old.protocol != new.protocol {
            self.push(
                None,
                "protocol".into(),
                format!(
                    "{} → {}; {}",
                    code(&format!("{:?}", old.protocol)),
                    code(&format!("{:?}", new.protocol)),
                    wire("protocol changed")
                ),
                &[Impact::WireBreaking],
                vec![client.clone()],
            );
        }
        if old.api_version != new.api_version {
            self.push(
                None,
                "API version".into(),
                format!(
                    "{} → {}; {}",
                    code(&old.api_version),
                    code(&new.api_version),
                    wire("the version sent with every call")
                ),
                &[Impact::WireBreaking],
                vec![client.clone()],
            );
        }
        if old.signing_name != new.signing_name {
            let show = |s: &Option<String>| s.as_deref().map_or("none".to_owned(), code);
            self.push(
                None,
                "signing service name".into(),
                format!(
                    "{} → {}; {}",
                    show(&old.signing_name),
                    show(&new.signing_name),
                    wire("part of every signature")
                ),
                &[Impact::WireBreaking],
                vec![client.clone()],
            );
        }
        if old.host != new.host {
            self.push(
                None,
                "endpoint host".into(),
                format!("{} → {}; calls go to another host by default", code(&old.host), code(&new.host)),
                &[Impact::Behavioural],
                vec![client.clone()],
            );
        }
        self.list_change(None, "regions", &old.regions, &new.regions, Impact::Behavioural, vec![client.clone()]);
        if old.default_region != new.default_region {
            let show = |s: &Option<String>| s.as_deref().map_or("none".to_owned(), code);
            self.push(
                None,
                "default region".into(),
                format!("{} → {}", show(&old.default_region), show(&new.default_region)),
                &[Impact::Behavioural],
                vec![client.clone()],
            );
        }
        if old.name != new.name || old.title != new.title || !same_words(&old.doc, &new.doc) {
            let detail = if old.title != new.title {
                text_change(&old.title, &new.title)
            } else {
                text_change(&old.doc.join("\n"), &new.doc.join("\n"))
            };
            self.push(
                None,
                "service title or description".into(),
                detail,
                &[Impact::Docs],
                vec![self.module.to_owned()],
            );
        }
        let params = |s: &Service| {
            s.common_parameters.iter().map(|p| format!("{} ({}): {}", p.name, p.ty, p.description)).collect::<Vec<_>>()
        };
        if params(old) != params(new) {
            let names = |s: &Service| s.common_parameters.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
            let detail = list_delta(&names(old), &names(new)).unwrap_or_else(|| "descriptions or types changed".into());
            self.push(None, "common parameters".into(), detail, &[Impact::Docs], vec![]);
        }
        let common = self.path(layout::COMMON_ERROR);
        let before = self.changes.get(&None).map_or(0, Vec::len);
        self.errors(None, &common, &old.common_errors, &new.common_errors, None);
        // Codes this service takes from another are edited there: say where.
        if let Some(from) = &new.common_errors_from
            && let Some(changes) = self.changes.get_mut(&None)
        {
            for c in &mut changes[before..] {
                c.detail
                    .push_str(&format!(" (the codes of `{from}`, which this service takes with `common_errors_of`)"));
            }
        }
        self.notes(None, &[&old.notes[..], &old.types_notes].concat(), &[&new.notes[..], &new.types_notes].concat());
    }

    /// A list of plain values (regions): what was added and removed.
    fn list_change(
        &mut self,
        section: Option<&str>,
        subject: &str,
        old: &[String],
        new: &[String],
        impact: Impact,
        items: Vec<String>,
    ) {
        if let Some(detail) = list_delta(old, new) {
            self.push(section, subject.into(), detail, &[impact], items);
        }
    }

    fn operation(&mut self, name: &str, old: Option<&Operation>, new: Option<&Operation>) {
        let section = Some(name);
        let (old, new) = match (old, new) {
            (None, Some(new)) => {
                let mut items = vec![self.path(&format!("{}::{}", layout::CLIENT, new.module))];
                if let Some(p) = &new.paging {
                    items.push(self.path(&format!("{}::{}", layout::CLIENT, p.pages_method)));
                }
                items.extend(
                    [&new.request_type, &new.builder_type, &new.response_type, &new.error_type].map(|t| self.path(t)),
                );
                let detail = format!("new operation ({} {}): {}", new.method.as_str(), code(&new.path), new.summary);
                self.push(section, format!("operation {}", code(name)), detail, &[Impact::Additive], items);
                return;
            }
            (Some(old), None) => {
                let mut items = vec![self.path(&format!("{}::{}", layout::CLIENT, old.module))];
                items.extend(
                    [&old.request_type, &old.builder_type, &old.response_type, &old.error_type].map(|t| self.path(t)),
                );
                self.push(
                    section,
                    format!("operation {}", code(name)),
                    "removed: its client method and types are gone, and the action is no longer documented".into(),
                    &[Impact::WireBreaking, Impact::RustBreaking],
                    items,
                );
                return;
            }
            (Some(old), Some(new)) => (old, new),
            (None, None) => return,
        };
        let method_path = self.path(&format!("{}::{}", layout::CLIENT, new.module));
        if old.module != new.module
            || old.request_type != new.request_type
            || old.response_type != new.response_type
            || old.error_type != new.error_type
        {
            let pairs = [
                (&old.module, &new.module),
                (&old.request_type, &new.request_type),
                (&old.response_type, &new.response_type),
                (&old.error_type, &new.error_type),
                (&old.builder_type, &new.builder_type),
            ];
            let renamed: Vec<String> =
                pairs.iter().filter(|(a, b)| a != b).map(|(a, b)| format!("{} → {}", code(a), code(b))).collect();
            let items = pairs.iter().filter(|(a, b)| a != b).map(|(a, _)| self.path(a)).collect();
            self.push(
                section,
                "Rust names".into(),
                format!("renamed: {}", renamed.join(", ")),
                &[Impact::RustBreaking],
                items,
            );
        }
        if old.method != new.method || old.path != new.path {
            self.push(
                section,
                "HTTP method and path".into(),
                format!(
                    "{} {} → {} {}: clients built from the base send the old request line",
                    old.method.as_str(),
                    code(&old.path),
                    new.method.as_str(),
                    code(&new.path)
                ),
                &[Impact::WireBreaking],
                vec![method_path.clone()],
            );
        }
        if old.rate_limit != new.rate_limit {
            let show = |r: &Option<ir::RateLimit>| match r {
                Some(r) => format!("{}/{}", r.requests, if r.per == ir::Per::Second { "s" } else { "min" }),
                None => "none".into(),
            };
            self.push(
                section,
                "rate limit".into(),
                format!(
                    "{} → {} (the opt-in client-side limiter follows it)",
                    show(&old.rate_limit),
                    show(&new.rate_limit)
                ),
                &[Impact::Behavioural],
                vec![method_path.clone()],
            );
        }
        if old.legacy != new.legacy {
            let detail = match (&old.legacy, &new.legacy) {
                (None, Some(l)) if l.retired => {
                    format!("now marked legacy and retired (the client's methods are `#[deprecated]`): {}", l.text)
                }
                (None, Some(l)) => format!("now marked legacy: {}", l.text),
                (Some(_), None) => "no longer marked legacy".into(),
                (Some(a), Some(b)) if a.retired != b.retired => {
                    let now = if b.retired { "now" } else { "no longer" };
                    format!("{now} retired by the vendor: the client's methods are {now} `#[deprecated]`")
                }
                (a, b) => format!(
                    "legacy note changed: {}",
                    text_change(
                        &a.as_ref().map(legacy_text).unwrap_or_default(),
                        &b.as_ref().map(legacy_text).unwrap_or_default()
                    )
                ),
            };
            self.push(section, "legacy status".into(), detail, &[Impact::Docs], vec![method_path.clone()]);
        }
        if !same_words(std::slice::from_ref(&old.summary), std::slice::from_ref(&new.summary))
            || !same_words(&old.doc, &new.doc)
        {
            let detail = if old.summary != new.summary {
                text_change(&old.summary, &new.summary)
            } else {
                text_change(&old.doc.join("\n"), &new.doc.join("\n"))
            };
            self.push(section, "summary or description".into(), detail, &[Impact::Docs], vec![method_path.clone()]);
        }
        if old.source != new.source {
            self.push(section, SOURCE.into(), source_change(&old.source, &new.source), &[Impact::Docs], vec![]);
        }
        let (req, builder, resp) =
            (self.path(&new.request_type), self.path(&new.builder_type), self.path(&new.response_type));
        self.fields(section, "request field", &old.request, &new.request, Sides::REQUEST, &[req, builder]);
        self.fields(section, "response field", &old.response, &new.response, Sides::RESPONSE, &[resp]);
        let error_type = self.path(&new.error_type);
        let common = (
            self.old.map(|s| &s.common_errors[..]).unwrap_or_default(),
            self.new.map(|s| &s.common_errors[..]).unwrap_or_default(),
        );
        self.errors(section, &error_type, &old.errors, &new.errors, Some(common));
        self.rules(section, old, new, &method_path);
        self.paging(section, old, new);
        // The page's text only: what a parameter resolves to is reported with its field.
        let example = |e: &ir::Example| {
            let params: Option<Vec<_>> =
                e.params.as_ref().map(|ps| ps.iter().map(|p| (p.wire_name.clone(), p.documented.clone())).collect());
            (e.title.clone(), params, e.request.clone(), e.status, e.response_text.clone())
        };
        if old.examples.iter().map(example).collect::<Vec<_>>() != new.examples.iter().map(example).collect::<Vec<_>>()
        {
            let titles = |o: &Operation| o.examples.iter().map(|e| e.title.clone()).collect::<Vec<_>>();
            let detail = list_delta(&titles(old), &titles(new))
                .unwrap_or_else(|| "an example's request or response text changed".into());
            self.push(
                section,
                "examples".into(),
                detail,
                &[Impact::Docs],
                vec![format!("examples/{}.rs", self.module)],
            );
        }
        self.notes(section, &old.notes, &new.notes);
    }

    fn notes(&mut self, section: Option<&str>, old: &[ir::Note], new: &[ir::Note]) {
        let key = |n: &ir::Note| (n.subject.clone(), n.page.clone(), n.choice.clone(), n.reason.clone());
        let old_keys: Vec<_> = old.iter().map(key).collect();
        let new_keys: Vec<_> = new.iter().map(key).collect();
        for n in new.iter().filter(|n| !old_keys.contains(&key(n))) {
            let changed = old.iter().any(|o| o.subject == n.subject);
            let verb = if changed { "changed" } else { "added" };
            self.push(
                section,
                format!("note {}", code(&n.subject)),
                format!("{verb}: the spec chose: {}", n.choice),
                &[Impact::Docs],
                vec![],
            );
        }
        for o in old.iter().filter(|o| !new_keys.contains(&key(o)) && !new.iter().any(|n| n.subject == o.subject)) {
            self.push(section, format!("note {}", code(&o.subject)), "removed".into(), &[Impact::Docs], vec![]);
        }
    }

    /// Request fields, response fields or a struct's fields, matched by wire name.
    /// `owners` are the Rust items that hold them (a request's struct and builder).
    fn fields(
        &mut self,
        section: Option<&str>,
        what: &str,
        old: &[Field],
        new: &[Field],
        sides: Sides,
        owners: &[String],
    ) {
        let old_by: BTreeMap<&str, &Field> = old.iter().map(|f| (f.wire_name.as_str(), f)).collect();
        let new_by: BTreeMap<&str, &Field> = new.iter().map(|f| (f.wire_name.as_str(), f)).collect();
        let items = |f: &Field| {
            if f.is_data() { owners.iter().map(|o| format!("{o}::{}", f.rust_name)).collect() } else { Vec::new() }
        };
        // New fields in the order the spec lists them, then removed ones.
        for f in new.iter().filter(|f| !old_by.contains_key(f.wire_name.as_str())) {
            let subject = format!("{what} {}", code(&f.wire_name));
            let ty = self.new_types.spec_type(&f.ty);
            let shape = format!(
                "{}{}, {}",
                if f.required { "required" } else { "optional" },
                if f.nullable { ", nullable" } else { "" },
                code(&ty)
            );
            let (detail, impacts): (String, &[Impact]) = if !f.is_data() {
                (format!("added ({shape}), supplied by the client's runtime"), &[Impact::Behavioural])
            } else if sides.request && !f.is_optional() {
                (
                    format!(
                        "added ({shape}): callers that do not set it now fail in `build()`, and the service rejects requests without it"
                    ),
                    &[Impact::WireBreaking, Impact::RustBreaking],
                )
            } else {
                (format!("added ({shape})"), &[Impact::Additive])
            };
            self.push(section, subject, detail, impacts, items(f));
        }
        for f in old.iter().filter(|f| !new_by.contains_key(f.wire_name.as_str())) {
            let subject = format!("{what} {}", code(&f.wire_name));
            let mut impacts = vec![];
            let mut why = Vec::new();
            if f.is_data() {
                impacts.push(Impact::RustBreaking);
                why.push("code that reads or sets it no longer compiles".to_owned());
            } else {
                impacts.push(Impact::Behavioural);
            }
            if sides.request {
                impacts.push(Impact::WireBreaking);
                why.push("clients built from the base send a parameter the service no longer documents".to_owned());
            }
            if sides.response && f.required && !f.nullable {
                impacts.push(Impact::WireBreaking);
                why.push("clients built from the base require it in every response".to_owned());
            }
            let detail = if why.is_empty() { "removed".to_owned() } else { format!("removed: {}", why.join("; ")) };
            self.push(section, subject, detail, &impacts, items(f));
        }
        for f in new {
            if let Some(o) = old_by.get(f.wire_name.as_str()) {
                self.field(section, what, o, f, sides, items(o));
            }
        }
    }

    fn field(&mut self, section: Option<&str>, what: &str, old: &Field, new: &Field, sides: Sides, items: Vec<String>) {
        let subject = format!("{what} {}", code(&new.wire_name));
        if old.rust_name != new.rust_name && old.is_data() && new.is_data() {
            self.push(
                section,
                subject.clone(),
                format!("Rust name {} → {}", code(&old.rust_name), code(&new.rust_name)),
                &[Impact::RustBreaking],
                items.clone(),
            );
        }
        let (old_ty, new_ty) = (self.old_types.spec_type(&old.ty), self.new_types.spec_type(&new.ty));
        if old_ty != new_ty {
            let (old_wire, new_wire) = (wire_kind(&old.ty), wire_kind(&new.ty));
            let mut impacts = vec![Impact::RustBreaking];
            let mut detail = format!("type {} → {}", code(&old_ty), code(&new_ty));
            if old_wire != new_wire {
                impacts.push(Impact::WireBreaking);
                detail.push_str(&format!(" ({old_wire} → {new_wire} on the wire)"));
            } else {
                detail.push_str(&format!(" (still {new_wire} on the wire; the Rust type changes)"));
            }
            self.push(section, subject.clone(), detail, &impacts, items.clone());
        }
        if old.location != new.location {
            self.push(
                section,
                subject.clone(),
                format!("sent in {} → {}", old.location.place(), new.location.place()),
                &[Impact::WireBreaking],
                items.clone(),
            );
        }
        if old.sensitive != new.sensitive {
            let shown = |secret: bool| if secret { "`<redacted>` in `Debug`" } else { "shown in `Debug`" };
            self.push(
                section,
                subject.clone(),
                format!("{} → {}", shown(old.sensitive), shown(new.sensitive)),
                &[Impact::Behavioural],
                items.clone(),
            );
        }
        if old.explode != new.explode {
            let how = |explode: bool| if explode { "a pair per element" } else { "one comma-separated value" };
            self.push(
                section,
                subject.clone(),
                format!("a list sent as {} → {}", how(old.explode), how(new.explode)),
                &[Impact::WireBreaking],
                items.clone(),
            );
        }
        if old.required != new.required || old.nullable != new.nullable {
            let mut impacts = Vec::new();
            let mut why = Vec::new();
            if old.is_optional() != new.is_optional() && new.is_data() {
                impacts.push(Impact::RustBreaking);
                why.push(if new.is_optional() {
                    "the field becomes an `Option`"
                } else {
                    "the field is no longer an `Option`"
                });
            }
            // One predicate says whether a caller must set a field, as in the emitted builder.
            if sides.request && !new.is_optional() && old.is_optional() {
                impacts.extend([Impact::WireBreaking, Impact::RustBreaking]);
                why.push(
                    "callers that do not set it now fail in `build()`, and the service rejects requests without it",
                );
            }
            if sides.response && !old.is_optional() && new.is_optional() {
                impacts.push(Impact::WireBreaking);
                why.push(if new.nullable && !old.nullable {
                    "clients built from the base fail to decode a null value"
                } else {
                    "clients built from the base fail to decode a response without it"
                });
            }
            if impacts.is_empty() {
                // The Rust type and what the base's clients rely on are unchanged.
                impacts.push(Impact::Docs);
            }
            let shape = |f: &Field| {
                format!(
                    "{}{}",
                    if f.required { "required" } else { "optional" },
                    if f.nullable { ", nullable" } else { "" }
                )
            };
            let mut detail = format!("{} → {}", shape(old), shape(new));
            if !why.is_empty() {
                detail = format!("{detail}: {}", why.join("; "));
            }
            self.push(section, subject.clone(), detail, &impacts, items.clone());
        }
        if old.envelope != new.envelope || old.auth != new.auth {
            let role = |f: &Field| {
                if f.auth {
                    "from the credentials"
                } else if f.envelope.is_some() {
                    "envelope"
                } else {
                    "data"
                }
            };
            let impacts: &[Impact] =
                if old.is_data() != new.is_data() { &[Impact::RustBreaking] } else { &[Impact::Behavioural] };
            self.push(section, subject.clone(), format!("role {} → {}", role(old), role(new)), impacts, items.clone());
        }
        if old.constraints != new.constraints || old.time_format != new.time_format {
            let detail = format!("constraints {} → {}", constraints(&old.constraints), constraints(&new.constraints));
            let (detail, impact) = if sides.request {
                (format!("{detail} (checked before sending)"), Impact::Behavioural)
            } else {
                (detail, Impact::Docs)
            };
            self.push(section, subject.clone(), detail, &[impact], items.clone());
        }
        if !same_words(&old.doc, &new.doc) {
            self.push(
                section,
                subject.clone(),
                format!("description: {}", text_change(&old.doc.join("\n"), &new.doc.join("\n"))),
                &[Impact::Docs],
                items.clone(),
            );
        }
        if old.example != new.example {
            let show = |v: &Option<Value>| v.as_ref().map_or("none".to_owned(), |v| code(&v.to_string()));
            self.push(
                section,
                subject,
                format!("example {} → {}", show(&old.example), show(&new.example)),
                &[Impact::Docs],
                items,
            );
        }
    }

    /// Error codes of an operation (`owner` is its error enum) or the service's
    /// common codes. For an operation, `common` holds the service's common codes
    /// (base, head): an undocumented code that is common arrives as `Common`.
    fn errors(
        &mut self,
        section: Option<&str>,
        owner: &str,
        old: &[ErrorVariant],
        new: &[ErrorVariant],
        common: Option<(&[ErrorVariant], &[ErrorVariant])>,
    ) {
        let old_by: BTreeMap<&str, &ErrorVariant> = old.iter().map(|e| (e.code.as_str(), e)).collect();
        let new_by: BTreeMap<&str, &ErrorVariant> = new.iter().map(|e| (e.code.as_str(), e)).collect();
        let arrives_as = |codes: Option<&[ErrorVariant]>, code: &str| {
            if codes.is_some_and(|c| c.iter().any(|e| e.code == code)) { "`Common`" } else { "`Unhandled`" }
        };
        for e in new.iter().filter(|e| !old_by.contains_key(e.code.as_str())) {
            let retry = if e.retryable { ", retried" } else { "" };
            let before = arrives_as(common.map(|c| c.0), &e.code);
            self.push(
                section,
                format!("error code {}", code(&e.code)),
                format!("added{retry}: a new variant (before, the code arrived as {before})"),
                &[Impact::Additive],
                vec![format!("{owner}::{}", e.rust_name)],
            );
        }
        for e in old.iter().filter(|e| !new_by.contains_key(e.code.as_str())) {
            let now = arrives_as(common.map(|c| c.1), &e.code);
            self.push(
                section,
                format!("error code {}", code(&e.code)),
                format!("removed: code that matches the variant no longer compiles; the code now arrives as {now}"),
                &[Impact::RustBreaking],
                vec![format!("{owner}::{}", e.rust_name)],
            );
        }
        for e in new {
            let Some(o) = old_by.get(e.code.as_str()) else { continue };
            let subject = format!("error code {}", code(&e.code));
            let item = vec![format!("{owner}::{}", o.rust_name)];
            if o.rust_name != e.rust_name {
                self.push(
                    section,
                    subject.clone(),
                    format!("variant {} → {}", code(&o.rust_name), code(&e.rust_name)),
                    &[Impact::RustBreaking],
                    item.clone(),
                );
            }
            if o.retryable != e.retryable {
                let detail = if e.retryable { "now retried with backoff" } else { "no longer retried" };
                self.push(section, subject.clone(), detail.into(), &[Impact::Behavioural], item.clone());
            }
            if o.http_status != e.http_status || o.numeric_code != e.numeric_code {
                let show = |s: Option<u16>, n: Option<i64>| {
                    format!(
                        "HTTP {}, numeric code {}",
                        s.map_or("-".into(), |s| s.to_string()),
                        n.map_or("-".into(), |n| n.to_string())
                    )
                };
                self.push(
                    section,
                    subject.clone(),
                    format!("{} → {}", show(o.http_status, o.numeric_code), show(e.http_status, e.numeric_code)),
                    &[Impact::Behavioural],
                    item.clone(),
                );
            }
            if !same_words(&o.doc, &e.doc) {
                self.push(
                    section,
                    subject,
                    format!("description: {}", text_change(&o.doc.join("\n"), &e.doc.join("\n"))),
                    &[Impact::Docs],
                    item,
                );
            }
        }
    }

    /// Rules match by their whole content; a rule whose description stays
    /// while its terms change is reported as changed.
    fn rules(&mut self, section: Option<&str>, old: &Operation, new: &Operation, method_path: &str) {
        let old_rules: Vec<(String, &str)> = old.rules.iter().map(|r| (rule_text(r), r.doc.as_str())).collect();
        let new_rules: Vec<(String, &str)> = new.rules.iter().map(|r| (rule_text(r), r.doc.as_str())).collect();
        let added: Vec<&(String, &str)> = new_rules.iter().filter(|r| !old_rules.contains(r)).collect();
        let removed: Vec<&(String, &str)> = old_rules.iter().filter(|r| !new_rules.contains(r)).collect();
        let item = vec![method_path.to_owned()];
        for (text, doc) in &added {
            let detail = match removed.iter().find(|(_, d)| d == doc) {
                Some((before, _)) => format!("changed: {before} → {text} (“{doc}”; checked before sending)"),
                None => format!("added: {text} (“{doc}”; requests that break it now fail before sending)"),
            };
            self.push(section, "rule".into(), detail, &[Impact::Behavioural], item.clone());
        }
        for (text, doc) in removed.iter().filter(|(_, doc)| !added.iter().any(|(_, d)| d == doc)) {
            self.push(
                section,
                "rule".into(),
                format!("removed: {text} (“{doc}”; no longer checked before sending)"),
                &[Impact::Behavioural],
                item.clone(),
            );
        }
    }

    fn paging(&mut self, section: Option<&str>, old: &Operation, new: &Operation) {
        let parts = |p: &ir::Paging| {
            let total = match &p.total {
                Some((c, ir::Total::Pages)) => format!("pages in {}", code(&c.wire_path())),
                Some((c, ir::Total::Items)) => format!("items in {}", code(&c.wire_path())),
                None => "none (a short page is the last)".into(),
            };
            [
                (p.start_kind.what(), code(&p.start.field.wire_name)),
                ("page size", code(&p.page_size.field.wire_name)),
                ("total", total),
                ("items", code(&p.items.wire_name)),
                ("default page size", p.default_page_size.map_or("none".into(), |n| n.to_string())),
            ]
        };
        let key = |p: &ir::Paging| parts(p).map(|(what, v)| format!("{what} {v}")).join(", ");
        let delta = |a: &ir::Paging, b: &ir::Paging| {
            parts(a)
                .into_iter()
                .zip(parts(b))
                .filter(|(x, y)| x.1 != y.1)
                .map(|((what, x), (_, y))| format!("{what} {x} → {y}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (&old.paging, &new.paging) {
            (None, Some(p)) => {
                let item = self.path(&format!("{}::{}", layout::CLIENT, p.pages_method));
                self.push(
                    section,
                    "paging".into(),
                    format!("added ({}): a method streaming every page", key(p)),
                    &[Impact::Additive],
                    vec![item],
                );
            }
            (Some(p), None) => {
                let item = self.path(&format!("{}::{}", layout::CLIENT, p.pages_method));
                self.push(
                    section,
                    "paging".into(),
                    "removed: the method streaming every page is gone".into(),
                    &[Impact::RustBreaking],
                    vec![item],
                );
            }
            (Some(a), Some(b)) if key(a) != key(b) || a.pages_method != b.pages_method => {
                let item = self.path(&format!("{}::{}", layout::CLIENT, a.pages_method));
                let impacts: &[Impact] = if a.pages_method != b.pages_method {
                    &[Impact::RustBreaking, Impact::Behavioural]
                } else {
                    &[Impact::Behavioural]
                };
                let mut detail = delta(a, b);
                if a.pages_method != b.pages_method {
                    detail =
                        [detail, format!("method {} → {}", code(&a.pages_method), code(&b.pages_method))].join(", ");
                }
                self.push(section, "paging".into(), detail.trim_start_matches(", ").to_owned(), impacts, vec![item]);
            }
            _ => {}
        }
    }

    /// Named types, matched by their spec name across the whole service.
    fn types(&mut self) {
        let names: BTreeSet<&str> =
            self.old_types.by_wire.keys().chain(self.new_types.by_wire.keys()).copied().collect();
        for name in names {
            let old = self.old_types.by_wire.get(name).copied();
            let new = self.new_types.by_wire.get(name).copied();
            let sides = self
                .old_types
                .sides
                .get(name)
                .copied()
                .unwrap_or_default()
                .union(self.new_types.sides.get(name).copied().unwrap_or_default());
            let section = new.or(old).and_then(|(_, op)| op);
            let subject = format!("type {}", code(name));
            match (old, new) {
                (None, Some((t, _))) => {
                    let detail = format!("added ({})", type_kind(t));
                    self.push(section, subject, detail, &[Impact::Additive], vec![self.path(&t.rust_name)]);
                }
                (Some((t, _)), None) => {
                    self.push(
                        section,
                        subject,
                        "removed: code that names it no longer compiles".into(),
                        &[Impact::RustBreaking],
                        vec![self.path(&t.rust_name)],
                    );
                }
                (Some((o, _)), Some((n, _))) => self.named_type(section, &subject, o, n, sides),
                (None, None) => {}
            }
        }
    }

    fn named_type(&mut self, section: Option<&str>, subject: &str, old: &NamedType, new: &NamedType, sides: Sides) {
        let item = self.path(&old.rust_name);
        if old.rust_name != new.rust_name {
            self.push(
                section,
                subject.into(),
                format!("Rust name {} → {}", code(&old.rust_name), code(&new.rust_name)),
                &[Impact::RustBreaking],
                vec![item.clone()],
            );
        }
        if !same_words(&old.doc, &new.doc) {
            self.push(
                section,
                subject.into(),
                format!("description: {}", text_change(&old.doc.join("\n"), &new.doc.join("\n"))),
                &[Impact::Docs],
                vec![item.clone()],
            );
        }
        match (&old.body, &new.body) {
            (TypeBody::Struct(a), TypeBody::Struct(b)) => {
                let what = format!("field of {}", code(&new.wire_name));
                self.fields(section, &what, a, b, sides, std::slice::from_ref(&item));
            }
            (TypeBody::Enum(ka, a), TypeBody::Enum(kb, b)) if ka == kb => {
                let old_by: BTreeMap<&ir::Literal, &ir::EnumVariant> = a.iter().map(|v| (&v.value, v)).collect();
                let new_by: BTreeMap<&ir::Literal, &ir::EnumVariant> = b.iter().map(|v| (&v.value, v)).collect();
                for v in b.iter().filter(|v| !old_by.contains_key(&v.value)) {
                    let detail = format!(
                        "value {} added: a new variant (before, it was kept as `Unknown`)",
                        code(&literal(&v.value))
                    );
                    self.push(
                        section,
                        subject.into(),
                        detail,
                        &[Impact::Additive],
                        vec![format!("{item}::{}", v.rust_name)],
                    );
                }
                for v in a.iter().filter(|v| !new_by.contains_key(&v.value)) {
                    let mut impacts = vec![Impact::RustBreaking];
                    let mut detail = format!(
                        "value {} removed: code that names the variant no longer compiles",
                        code(&literal(&v.value))
                    );
                    if sides.request {
                        impacts.push(Impact::WireBreaking);
                        detail.push_str("; clients built from the base may still send it");
                    }
                    self.push(section, subject.into(), detail, &impacts, vec![format!("{item}::{}", v.rust_name)]);
                }
                for v in b {
                    let Some(o) = old_by.get(&v.value) else { continue };
                    let path = vec![format!("{item}::{}", o.rust_name)];
                    if o.rust_name != v.rust_name {
                        self.push(
                            section,
                            subject.into(),
                            format!(
                                "value {}: variant {} → {}",
                                code(&literal(&v.value)),
                                code(&o.rust_name),
                                code(&v.rust_name)
                            ),
                            &[Impact::RustBreaking],
                            path.clone(),
                        );
                    }
                    if !same_words(&o.doc, &v.doc) {
                        self.push(
                            section,
                            subject.into(),
                            format!(
                                "value {} description: {}",
                                code(&literal(&v.value)),
                                text_change(&o.doc.join("\n"), &v.doc.join("\n"))
                            ),
                            &[Impact::Docs],
                            path,
                        );
                    }
                }
            }
            _ => {
                self.push(
                    section,
                    subject.into(),
                    format!("{} → {}", type_kind(old), type_kind(new)),
                    &[Impact::WireBreaking, Impact::RustBreaking],
                    vec![item],
                );
            }
        }
    }
}

fn type_kind(t: &NamedType) -> &'static str {
    match &t.body {
        TypeBody::Struct(_) => "struct",
        TypeBody::Enum(ir::EnumKind::String, _) => "string enum",
        TypeBody::Enum(ir::EnumKind::Integer, _) => "integer enum",
    }
}

fn literal(l: &ir::Literal) -> String {
    match l {
        ir::Literal::Integer(i) => i.to_string(),
        ir::Literal::String(s) => s.clone(),
    }
}

fn constraints(c: &ir::Constraints) -> String {
    let mut parts = Vec::new();
    match (c.min, c.max) {
        (Some(min), Some(max)) => parts.push(format!("{min} ~ {max}")),
        (Some(min), None) => parts.push(format!("≥ {min}")),
        (None, Some(max)) => parts.push(format!("≤ {max}")),
        (None, None) => {}
    }
    if let Some(f) = &c.format {
        parts.push(format!("format {}", code(f)));
    }
    if let Some((max, unit)) = c.max_length() {
        parts.push(format!("at most {max} {}", unit.noun()));
    }
    if parts.is_empty() { "none".into() } else { parts.join(", ") }
}

fn legacy_text(l: &ir::Legacy) -> String {
    [Some(&l.text), l.maintenance_ends.as_ref(), l.docs_offline.as_ref(), l.replacement.as_ref()]
        .into_iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(" / ")
}

fn source_change(old: &ir::Source, new: &ir::Source) -> String {
    let mut parts = Vec::new();
    if old.page != new.page {
        parts.push(format!("page {} → {}", code(&old.page), code(&new.page)));
    }
    if old.title != new.title {
        parts.push(format!("title {}", text_change(&old.title, &new.title)));
    }
    let date = |d: &Option<String>| d.clone().unwrap_or_else(|| "none".into());
    if old.updated != new.updated {
        parts.push(format!("updated {} → {}", date(&old.updated), date(&new.updated)));
    }
    if old.published != new.published {
        parts.push(format!("published {} → {}", date(&old.published), date(&new.published)));
    }
    match (&old.metadata, &new.metadata) {
        (Some(a), Some(b)) => {
            if a.package != b.package {
                parts.push(format!("metadata {} → {}", code(&a.package), code(&b.package)));
            }
            if a.file != b.file {
                parts.push(format!("metadata file {} → {}", code(&a.file), code(&b.file)));
            }
            if a.date != b.date {
                parts.push(format!("compared with it {} → {}", a.date, b.date));
            }
        }
        (None, Some(b)) => parts.push(format!("now drafted from {} ({})", code(&b.package), code(&b.file))),
        (Some(a), None) => parts.push(format!("no longer names its metadata ({})", code(&a.package))),
        (None, None) => {}
    }
    parts.join("; ")
}

/// Whether two texts say the same once runs of whitespace count as one
/// space: rustdoc renders them alike, so a change of spacing alone is none.
fn same_words(old: &[String], new: &[String]) -> bool {
    let words =
        |lines: &[String]| lines.iter().flat_map(|l| l.split_whitespace()).map(str::to_owned).collect::<Vec<_>>();
    words(old) == words(new)
}

/// A rule as one line, for matching and for the report.
fn rule_text(rule: &ir::Rule) -> String {
    let names = |fields: &[&ir::FieldRef]| fields.iter().map(|f| code(&f.wire_name)).collect::<Vec<_>>().join(", ");
    match &rule.kind {
        ir::RuleKind::Requires { field, requires } => format!("{} requires {}", names(&[field]), names(&[requires])),
        ir::RuleKind::Together { fields } => format!("{} together", names(&fields.iter().collect::<Vec<_>>())),
        ir::RuleKind::ExcludesValues { field, values, when_field, when_value } => {
            let value = |v: &ir::ValuePattern| match v {
                ir::ValuePattern::Variant { value, .. } | ir::ValuePattern::Literal(value) => literal(value),
            };
            format!(
                "{} not {} when {} = {}",
                names(&[field]),
                values.iter().map(value).collect::<Vec<_>>().join("/"),
                names(&[when_field]),
                value(when_value)
            )
        }
        ir::RuleKind::MaxSpan { start, end, days } => {
            format!("{} to {} at most {days} days", names(&[start]), names(&[end]))
        }
        ir::RuleKind::WithinLast { field, days } => format!("{} within the last {days} days", names(&[field])),
        ir::RuleKind::WithinNext { field, days } => format!("{} at most {days} days ahead", names(&[field])),
        ir::RuleKind::EndAfterStart { start, end } => format!("{} after {}", names(&[end]), names(&[start])),
    }
}

/// What was added to and removed from a list of names, or `None` when equal.
fn list_delta(old: &[String], new: &[String]) -> Option<String> {
    if old == new {
        return None;
    }
    let added: Vec<String> = new.iter().filter(|n| !old.contains(n)).map(|n| code(n)).collect();
    let removed: Vec<String> = old.iter().filter(|o| !new.contains(o)).map(|o| code(o)).collect();
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("added {}", added.join(", ")));
    }
    if !removed.is_empty() {
        parts.push(format!("removed {}", removed.join(", ")));
    }
    if parts.is_empty() {
        parts.push("reordered".into());
    }
    Some(parts.join("; "))
}

/// The part of a text that changed, with a little context: `…old…` → `…new…`.
pub fn text_change(old: &str, new: &str) -> String {
    const CONTEXT: usize = 12;
    const MAX: usize = 80;
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let start = prefix.saturating_sub(CONTEXT);
    let show = |chars: &[char]| {
        let end = chars.len() - suffix;
        let stop = (end + CONTEXT).min(chars.len());
        let mut text: String = chars[start..stop].iter().take(MAX).collect();
        if stop - start > MAX || stop < chars.len() {
            text.push('…');
        }
        let lead = if start > 0 { "…" } else { "" };
        format!("“{lead}{}”", text.replace('\n', " "))
    };
    format!("{} → {}", show(&a), show(&b))
}
