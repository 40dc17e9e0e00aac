//! The public surface of the hand-written runtime (`generated/src/runtime/`), as
//! a snapshot: a pull request that adds, removes or changes a public item of it
//! shows the change in `snapshots/public_api__runtime.snap`, where a reviewer
//! sees whether it breaks users. (The generated modules' surface is the specs'
//! business: `cargo xtask review` reports it.)
//!
//! Read from the source with syn: every item reachable as `pub` (a `pub` item in
//! a `pub` module, or one a `pub use` re-exports), its signature without bodies.
//! `#[doc(hidden)]` items are listed apart: public for the crate's own tests and
//! generated code, not part of the API.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use quote::ToTokens;
use syn::{Attribute, ImplItem, Item, TraitItem, Visibility};

fn runtime_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src/runtime")
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn hidden(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("doc") && a.to_token_stream().to_string().contains("hidden"))
}

/// `#[cfg(test)]` or `#[cfg(doctest)]`: not in a build users get.
fn test_only(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        let text = a.to_token_stream().to_string().replace(' ', "");
        a.path().is_ident("cfg") && (text.contains("(test)") || text.contains("(doctest)"))
    })
}

/// Tokens as one line, spaced as Rust is written.
fn line(tokens: impl ToTokens) -> String {
    let mut text = tokens.to_token_stream().to_string();
    for (from, to) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" ::", "::"),
        (" : ", ": "),
        (" ,", ","),
        (" ;", ";"),
        ("< ", "<"),
        (" >", ">"),
        (" <", "<"),
        ("( ", "("),
        (" )", ")"),
        (" (", "("),
        ("& ", "&"),
        ("[ ", "["),
        (" ]", "]"),
        ("# ", "#"),
        ("! [", "!["),
    ] {
        text = text.replace(from, to);
    }
    text.replace("->", " -> ").replace("  ", " ")
}

struct Listing {
    api: String,
    hidden: String,
}

impl Listing {
    fn push(&mut self, is_hidden: bool, module: &str, text: &str) {
        let out = if is_hidden { &mut self.hidden } else { &mut self.api };
        let _ = writeln!(out, "{module}: {text}");
    }
}

/// Lists the public items of `items`, in module `module`; `exported` is true
/// when the module is reachable (every `pub` item counts), false when only its
/// re-exported names (`names`) do.
fn list(listing: &mut Listing, module: &str, items: &[Item], exported: bool, names: &[String], dir: &Path) {
    let wanted = |name: &str| exported || names.iter().any(|n| n == name);
    // Impls count for the module's own public types only.
    let types: Vec<String> = items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) if is_pub(&s.vis) => Some(s.ident.to_string()),
            Item::Enum(e) if is_pub(&e.vis) => Some(e.ident.to_string()),
            Item::Trait(t) if is_pub(&t.vis) => Some(t.ident.to_string()),
            _ => None,
        })
        .collect();
    for item in items {
        let attrs = match item {
            Item::Mod(m) => &m.attrs,
            Item::Use(u) => &u.attrs,
            Item::Fn(f) => &f.attrs,
            Item::Const(c) => &c.attrs,
            Item::Type(t) => &t.attrs,
            Item::Struct(s) => &s.attrs,
            Item::Enum(e) => &e.attrs,
            Item::Trait(t) => &t.attrs,
            Item::Impl(i) => &i.attrs,
            _ => continue,
        };
        if test_only(attrs) {
            continue;
        }
        match item {
            Item::Mod(m) if m.content.is_none() => {
                let name = m.ident.to_string();
                let text = fs::read_to_string(dir.join(format!("{name}.rs"))).unwrap();
                let file = syn::parse_file(&text).unwrap();
                let reexported = reexports(items, &name);
                let public = exported && is_pub(&m.vis);
                if public || !reexported.is_empty() {
                    list(listing, &format!("{module}::{name}"), &file.items, public, &reexported, dir);
                }
            }
            Item::Use(u) if is_pub(&u.vis) && exported => listing.push(hidden(&u.attrs), module, &line(u)),
            Item::Fn(f) if is_pub(&f.vis) && wanted(&f.sig.ident.to_string()) => {
                listing.push(hidden(&f.attrs), module, &format!("pub {}", line(&f.sig)));
            }
            Item::Const(c) if is_pub(&c.vis) && wanted(&c.ident.to_string()) => {
                listing.push(hidden(&c.attrs), module, &format!("pub const {}: {}", c.ident, line(&c.ty)));
            }
            Item::Type(t) if is_pub(&t.vis) && wanted(&t.ident.to_string()) => {
                listing.push(
                    hidden(&t.attrs),
                    module,
                    &format!("pub type {}{} = {}", t.ident, line(&t.generics), line(&t.ty)),
                );
            }
            Item::Struct(s) if is_pub(&s.vis) && wanted(&s.ident.to_string()) => {
                let fields: Vec<String> = s
                    .fields
                    .iter()
                    .filter(|f| is_pub(&f.vis))
                    .map(|f| match &f.ident {
                        Some(name) => format!("pub {name}: {}", line(&f.ty)),
                        None => format!("pub {}", line(&f.ty)),
                    })
                    .collect();
                let fields = if fields.is_empty() { String::new() } else { format!(" {{ {} }}", fields.join(", ")) };
                let exhaustive =
                    if s.attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) { "#[non_exhaustive] " } else { "" };
                listing.push(
                    hidden(&s.attrs),
                    module,
                    &format!("{exhaustive}pub struct {}{}{fields}", s.ident, line(&s.generics)),
                );
            }
            Item::Enum(e) if is_pub(&e.vis) && wanted(&e.ident.to_string()) => {
                let variants: Vec<String> =
                    e.variants.iter().map(|v| format!("{}{}", v.ident, fields(&v.fields))).collect();
                let exhaustive =
                    if e.attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) { "#[non_exhaustive] " } else { "" };
                listing.push(
                    hidden(&e.attrs),
                    module,
                    &format!("{exhaustive}pub enum {}{} {{ {} }}", e.ident, line(&e.generics), variants.join(", ")),
                );
            }
            Item::Trait(t) if is_pub(&t.vis) && wanted(&t.ident.to_string()) => {
                let head = format!("pub trait {}{}", t.ident, line(&t.generics));
                listing.push(hidden(&t.attrs), module, &head);
                for member in &t.items {
                    let (attrs, text) = match member {
                        TraitItem::Fn(f) => (&f.attrs, line(&f.sig)),
                        TraitItem::Const(c) => (&c.attrs, format!("const {}: {}", c.ident, line(&c.ty))),
                        TraitItem::Type(ty) => (&ty.attrs, format!("type {}{}", ty.ident, line(&ty.bounds))),
                        _ => continue,
                    };
                    listing.push(hidden(&t.attrs) || hidden(attrs), module, &format!("{head}: {text}"));
                }
            }
            Item::Impl(i) => {
                let self_ty = line(&i.self_ty);
                let base = self_ty.split('<').next().unwrap_or(&self_ty).to_owned();
                if !wanted(&base) || !types.contains(&base) {
                    continue;
                }
                let head = match &i.trait_ {
                    Some((path, _)) => format!("impl{} {} for {self_ty}", line(&i.generics), line(path)),
                    None => format!("impl{} {self_ty}", line(&i.generics)),
                };
                if i.trait_.is_some() {
                    listing.push(hidden(&i.attrs), module, &head);
                    continue;
                }
                for member in &i.items {
                    match member {
                        ImplItem::Fn(f) if is_pub(&f.vis) => {
                            listing.push(hidden(&f.attrs), module, &format!("{head}: pub {}", line(&f.sig)));
                        }
                        ImplItem::Const(c) if is_pub(&c.vis) => {
                            listing.push(
                                hidden(&c.attrs),
                                module,
                                &format!("{head}: pub const {}: {}", c.ident, line(&c.ty)),
                            );
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

/// A variant's fields, without their docs.
fn fields(fields: &syn::Fields) -> String {
    match fields {
        syn::Fields::Unit => String::new(),
        syn::Fields::Unnamed(f) => {
            format!("({})", f.unnamed.iter().map(|f| line(&f.ty)).collect::<Vec<_>>().join(", "))
        }
        syn::Fields::Named(f) => {
            let members: Vec<String> = f
                .named
                .iter()
                .map(|f| format!("{}: {}", f.ident.as_ref().map(ToString::to_string).unwrap_or_default(), line(&f.ty)))
                .collect();
            format!(" {{ {} }}", members.join(", "))
        }
    }
}

/// The names `items` re-export from their module `module` (`pub use module::{A, B}`).
fn reexports(items: &[Item], module: &str) -> Vec<String> {
    let mut names = Vec::new();
    for item in items {
        if let Item::Use(u) = item
            && is_pub(&u.vis)
        {
            let text = line(&u.tree);
            if let Some(rest) = text.strip_prefix(&format!("{module}::")) {
                let rest = rest.trim_start_matches('{').trim_end_matches('}');
                names.extend(rest.split(',').map(|n| n.trim().split(" as ").next().unwrap_or("").to_owned()));
            }
        }
    }
    names
}

#[test]
fn runtime() {
    let dir = runtime_dir();
    let text = fs::read_to_string(dir.join("mod.rs")).unwrap();
    let file = syn::parse_file(&text).unwrap();
    let mut listing = Listing { api: String::new(), hidden: String::new() };
    list(&mut listing, "runtime", &file.items, true, &[], &dir);
    let snapshot = format!(
        "The runtime's public API (one item per line):\n\n{}\nPublic for the crate's own code and tests, #[doc(hidden)], not part of the API:\n\n{}",
        listing.api, listing.hidden
    );
    insta::assert_snapshot!(snapshot);
}
