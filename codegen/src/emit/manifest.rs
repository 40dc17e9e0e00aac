//! The generated part of `Cargo.toml`: a feature per service, and the
//! features each runnable example needs.

use crate::ir::Crate;
use crate::layout::ALL_SERVICES_FEATURE;
use crate::plan::MANIFEST_MARKER;

use super::examples::examples_of;
use super::service::vendor_name;

/// The lines the generator owns at the end of the manifest, opening with
/// [`MANIFEST_MARKER`]. They continue the hand-written `[features]` table.
pub fn cargo_features(krate: &Crate) -> String {
    let mut sources: Vec<&str> = krate.services.iter().map(|s| s.spec_file.as_str()).collect();
    sources.sort_unstable();
    let mut out = format!("{MANIFEST_MARKER} from:\n");
    for source in sources {
        out.push_str(&format!("#   {source}\n"));
    }
    out.push_str(
        "# These lines, to the end of the file, continue the `[features]` table above.\n\
         # Do not edit them by hand: edit the specs and run `cargo xtask regenerate`.\n\
         #\n\
         # One feature per service compiles its module; a build pays for the services it enables.\n",
    );
    let features: Vec<String> = krate.services.iter().map(|s| format!("\"{}\"", s.feature)).collect();
    out.push_str(&format!("# Every service.\n{ALL_SERVICES_FEATURE} = [{}]\n", features.join(", ")));
    for s in &krate.services {
        out.push_str(&format!(
            "# `{}`: {}, API version {}.\n{} = []\n",
            s.module,
            vendor_name(s.vendor),
            s.api_version,
            s.feature
        ));
    }
    for s in krate.services.iter().filter(|s| !examples_of(s).is_empty()) {
        out.push_str(&format!("\n[[example]]\nname = \"{}\"\nrequired-features = [\"{}\"]\n", s.module, s.feature));
    }
    out
}
