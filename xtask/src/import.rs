//! `cargo xtask import tencent|huawei|volcengine`: drafts of every action the specs lack, from
//! the vendor's metadata files the maintainer gives by path.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use codegen::import::{self, Draft, TencentInput, huawei, huawei_go, tencent, volcengine};
use codegen::ir::Spelled;
use codegen::spec::{Field, Metadata, OperationSpec, ServiceSpec, TypeDef, TypesSpec};
use codegen::text::count;

/// The Tencent metadata files that both `import` and `crosscheck` read, and
/// the service they act on.
#[derive(clap::Args)]
pub struct TencentFiles {
    /// The spec directory of the service under specs/.
    #[arg(long, default_value = "tencent_live")]
    pub service: String,
    /// tccli's services/PRODUCT/VERSION/api.json.
    #[arg(long)]
    pub api: PathBuf,
    /// tccli's examples.json beside it.
    #[arg(long)]
    pub examples: Option<PathBuf>,
    /// tencentcloud-sdk-go's tencentcloud/PRODUCT/VERSION/client.go (codes per action).
    #[arg(long)]
    pub client_go: Option<PathBuf>,
}

/// The files and choices of one Tencent import.
pub struct TencentArgs {
    pub files: TencentFiles,
    pub error_codes: Option<PathBuf>,
    pub package: String,
    pub only: Vec<String>,
    pub dry_run: bool,
}

/// Largest metadata file read (tccli's api.json for Live is about 1 MB).
const MAX_METADATA_BYTES: u64 = 64 << 20;

fn read(path: &Path) -> Result<String, String> {
    let size = std::fs::metadata(path).map_err(|e| format!("error: {}: {e}", path.display()))?.len();
    if size > MAX_METADATA_BYTES {
        return Err(format!("error: {}: {size} bytes, more than any metadata file this reads", path.display()));
    }
    std::fs::read_to_string(path).map_err(|e| format!("error: {}: {e}", path.display()))
}

fn json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    serde_json::from_str(&read(path)?)
        .map_err(|e| format!("error: {}: not the expected metadata file: {e}", path.display()))
}

/// The metadata files of `args`, read and parsed.
pub fn tencent_input(args: &TencentArgs, date: &str) -> Result<TencentInput, String> {
    let api: tencent::Api = json(&args.files.api)?;
    let examples = args.files.examples.as_deref().map(json).transpose()?;
    let error_descriptions =
        args.error_codes.as_deref().map(read).transpose()?.map(|t| tencent::python_error_codes(&t)).unwrap_or_default();
    let action_errors =
        args.files.client_go.as_deref().map(read).transpose()?.map(|t| tencent::go_error_codes(&t)).unwrap_or_default();
    let file = metadata_file(&args.files.api);
    Ok(TencentInput {
        api,
        examples,
        error_descriptions,
        action_errors,
        metadata: Metadata { package: args.package.clone(), file, date: date.to_owned() },
    })
}

/// The path of `api.json` inside its package (`tccli/services/...`), else its file name.
fn metadata_file(path: &Path) -> String {
    let parts: Vec<String> = path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    match parts.iter().rposition(|p| p == "tccli") {
        Some(i) => parts[i..].join("/"),
        None => parts.last().cloned().unwrap_or_default(),
    }
}

/// Today's date in UTC, `YYYY-MM-DD`.
pub fn today() -> String {
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A spec file as the importer writes it: the schema line, where it came
/// from, then the YAML of the spec model.
pub fn render<T: serde::Serialize>(schema_file: &str, origin: &str, spec: &T) -> Result<String, String> {
    let yaml = serde_yaml::to_string(spec).map_err(|e| format!("error: rendering a draft: {e}"))?;
    Ok(format!("{}\n# {origin}\n{yaml}", codegen::schema::modeline(schema_file)))
}

/// The service spec of `specs/<service>`, read to draft its operations.
fn service_spec(dir: &Path) -> Result<ServiceSpec, String> {
    let service_file = dir.join(codegen::load::SERVICE_FILE);
    serde_yaml::from_str(&read(&service_file)?)
        .map_err(|e| format!("error: {}: {e}; fix it first (cargo xtask lint)", service_file.display()))
}

/// The common error codes of `service`: its own, or those of the service it
/// names with `common_errors_of` (one step: the lint refuses chains).
fn common_errors(root: &Path, service: &ServiceSpec) -> Result<Vec<codegen::spec::ErrorCode>, String> {
    match &service.common_errors_of {
        None => Ok(service.common_errors.clone()),
        Some(of) => Ok(service_spec(&root.join("specs").join(of))?.common_errors),
    }
}

pub fn run(root: &Path, args: &TencentArgs) -> Result<(), String> {
    let dir = root.join("specs").join(&args.files.service);
    let service = service_spec(&dir)?;
    let common = common_errors(root, &service)?;
    let date = today();
    let mut input = tencent_input(args, &date)?;
    // Only the actions asked for are drafted: which types they share is theirs to say.
    if !args.only.is_empty() {
        input.api.actions.retain(|name, _| args.only.contains(name));
    }
    let draft = import::draft_tencent(&input, &common);
    let origin = format!(
        "Drafted by `cargo xtask import tencent` from {} {} on {date}; reviewed by a person before it lands.",
        input.metadata.package, input.metadata.file
    );
    let what = args.files.api.display().to_string();
    write_drafts(&dir, &args.files.service, &origin, draft, (&args.only, &what), args.dry_run)
}

/// The Huawei metadata file and the service an import or a crosscheck acts on.
#[derive(clap::Args)]
pub struct HuaweiFiles {
    /// The spec directory of the service under specs/; its `api_version` picks the operations.
    #[arg(long, default_value = "huawei_live")]
    pub service: String,
    /// The JSON file xtask/metadata/huawei.py wrote from the pinned SDK.
    #[arg(long)]
    pub metadata: PathBuf,
    /// The Go SDK's models (huaweicloud-sdk-go-v3's services/live/MODULE/model/*.go), one
    /// directory per module named as the Python SDK's (`v1/`, `v2/`): they give integer widths,
    /// enum values and time formats.
    #[arg(long, value_name = "DIR")]
    pub go_dir: Option<PathBuf>,
}

/// The Go models under `dir`: each subdirectory a module, each `*.go` file in it read.
fn huawei_go(dir: &Path) -> Result<huawei_go::Sdk, String> {
    let list = |dir: &Path| -> Result<Vec<PathBuf>, String> {
        let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| format!("error: {}: {e}", dir.display()))?
            .map(|entry| entry.map(|e| e.path()).map_err(|e| format!("error: {}: {e}", dir.display())))
            .collect::<Result<_, _>>()?;
        out.sort();
        Ok(out)
    };
    let mut modules = Vec::new();
    for module in list(dir)?.into_iter().filter(|p| p.is_dir()) {
        let files = list(&module)?
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "go"))
            .map(|p| Ok((p.file_name().unwrap_or_default().to_string_lossy().into_owned(), read(&p)?)))
            .collect::<Result<Vec<_>, String>>()?;
        modules.push((module.file_name().unwrap_or_default().to_string_lossy().into_owned(), files));
    }
    if modules.iter().all(|(_, files)| files.is_empty()) {
        return Err(format!(
            "error: {}: no module directory with .go files (expected v1/ and v2/ of the SDK's models)",
            dir.display()
        ));
    }
    huawei_go::Sdk::parse(&modules).map_err(|e| format!("error: {}/{e}", dir.display()))
}

/// `cargo xtask import huawei`: drafts of the operations of the service's API version.
pub fn run_huawei(root: &Path, files: &HuaweiFiles, only: &[String], dry_run: bool) -> Result<(), String> {
    let dir = root.join("specs").join(&files.service);
    let service = service_spec(&dir)?;
    let sdk: huawei::Sdk = json(&files.metadata)?;
    let go = files.go_dir.as_deref().map(huawei_go).transpose()?;
    let date = today();
    let metadata =
        Metadata { package: sdk.package.clone(), file: huawei::METADATA_FILE.to_owned(), date: date.clone() };
    let draft = huawei::draft(&sdk, go.as_ref(), &service.api_version, &metadata, only)
        .map_err(|e| format!("error: {}: {e}", files.metadata.display()))?;
    let with_go = if go.is_some() { format!(" and the models of {}", huawei_go::PACKAGE) } else { String::new() };
    let origin = format!(
        "Drafted by `cargo xtask import huawei` from {} ({}){with_go} on {date}; reviewed by a person before it lands.",
        sdk.package,
        huawei::METADATA_FILE
    );
    let what = format!("{} under `/{}/`", files.metadata.display(), service.api_version);
    write_drafts(&dir, &files.service, &origin, draft, (only, &what), dry_run)
}

/// The Go source of the Volcengine SDK and the service an import or a crosscheck acts on.
#[derive(clap::Args)]
pub struct VolcengineFiles {
    /// The spec directory of the service under specs/; its `api_version` picks the actions.
    #[arg(long, default_value = "volcengine_live_v2023")]
    pub service: String,
    /// The SDK's service/live/v20230101/ directory (volc-sdk-golang): config.go and model.go.
    #[arg(long, value_name = "DIR")]
    pub go_dir: PathBuf,
}

/// config.go and model.go of `files.go_dir`, read.
fn volcengine_sdk(files: &VolcengineFiles) -> Result<volcengine::Sdk, String> {
    let config = read(&files.go_dir.join("config.go"))?;
    let model = read(&files.go_dir.join("model.go"))?;
    volcengine::Sdk::parse(&config, &model).map_err(|e| format!("error: {}/{e}", files.go_dir.display()))
}

/// `cargo xtask import volcengine`: drafts of the actions of the service's API version.
pub fn run_volcengine(
    root: &Path,
    files: &VolcengineFiles,
    java_trait: Option<&Path>,
    package: &str,
    only: &[String],
    dry_run: bool,
) -> Result<(), String> {
    let dir = root.join("specs").join(&files.service);
    let service = service_spec(&dir)?;
    let sdk = volcengine_sdk(files)?;
    let docs = java_trait.map(read).transpose()?.map(|t| volcengine::java_docs(&t)).unwrap_or_default();
    if let Some(path) = java_trait
        && docs.is_empty()
    {
        return Err(format!(
            "error: {}: no documented action method (not the Java SDK's LiveTrait.java?)",
            path.display()
        ));
    }
    let date = today();
    let metadata =
        Metadata { package: package.to_owned(), file: volcengine::METADATA_FILE.to_owned(), date: date.clone() };
    let draft = volcengine::draft(&sdk, &service.api_version, &metadata, &docs, only)
        .map_err(|e| format!("error: {}: {e}", files.go_dir.display()))?;
    let javadoc = if java_trait.is_some() { " and the Javadoc of volc-sdk-java's LiveTrait.java" } else { "" };
    let origin = format!(
        "Drafted by `cargo xtask import volcengine` from {package} ({}){javadoc} on {date}; reviewed by a person before it lands.",
        volcengine::METADATA_FILE
    );
    let what = format!("{} at version {}", files.go_dir.display(), service.api_version);
    write_drafts(&dir, &files.service, &origin, draft, (only, &what), dry_run)
}

/// Writes the drafts of the operations that have no spec yet (those of `only`
/// when given), and the shared types, into `dir`; says what it wrote and what it kept.
fn write_drafts(
    dir: &Path,
    service: &str,
    origin: &str,
    draft: Draft,
    (only, source): (&[String], &str),
    dry_run: bool,
) -> Result<(), String> {
    // The drafts are of the operations asked for; a name not among them is none of the metadata's.
    let unknown: Vec<&String> = only.iter().filter(|a| !draft.operations.iter().any(|o| &o.name == *a)).collect();
    if !unknown.is_empty() {
        return Err(format!("error: not operations of {source}: {unknown:?}"));
    }
    let Draft { mut operations, mut types, .. } = draft;
    let existing = existing_types(dir)?;
    if let Some(existing) = &existing {
        reuse_shared(existing, &mut operations, &mut types);
    }
    let new: Vec<&OperationSpec> =
        operations.iter().filter(|op| !dir.join(format!("{}.yaml", op.name)).exists()).collect();
    let types_file = plan_types(dir, origin, &types, existing.as_ref(), &new)?;
    let mut written = 0;
    let mut kept = Vec::new();
    for op in &operations {
        let path = dir.join(format!("{}.yaml", op.name));
        if path.exists() {
            kept.push(op.name.clone());
            continue;
        }
        let text = render(codegen::schema::OPERATION_SCHEMA, origin, op)?;
        if !dry_run {
            std::fs::write(&path, text).map_err(|e| format!("error: writing {}: {e}", path.display()))?;
        }
        written += 1;
    }
    let types_written = match types_file {
        Some((path, text)) => {
            if !dry_run {
                std::fs::write(&path, text).map_err(|e| format!("error: writing {}: {e}", path.display()))?;
            }
            format!(" and {} ({})", codegen::load::TYPES_FILE, count(types.types.len(), "shared type", "shared types"))
        }
        None => String::new(),
    };
    let verb = if dry_run { "would write" } else { "wrote" };
    let drafts = count(written, "operation draft", "operation drafts");
    println!("import: {verb} {drafts}{types_written} under specs/{service}");
    if !kept.is_empty() {
        // The first few name them; a whole API would be a wall of names.
        const NAMED: usize = 8;
        let more = kept.len().saturating_sub(NAMED);
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        println!(
            "import: {} a spec, which an import never rewrites: {}{more}\n        \
             compare them with the metadata: cargo xtask crosscheck",
            count(kept.len(), "operation already has", "operations already have"),
            kept[..kept.len().min(NAMED)].join(", ")
        );
    }
    Ok(())
}

/// The service's `types.yaml`, when it has one.
fn existing_types(dir: &Path) -> Result<Option<TypesSpec>, String> {
    let path = dir.join(codegen::load::TYPES_FILE);
    if !path.exists() {
        return Ok(None);
    }
    serde_yaml::from_str(&read(&path)?).map(Some).map_err(|e| format!("error: {}: {e}", path.display()))
}

/// A drafted type that `types.yaml` already declares is that type; a drafted
/// enum that `types.yaml` holds under another name
/// (a reviewer named `CacheFollowOrigin`, of `on` and `off`, `OnOff`) is that
/// type too: the drafts use it instead of a second enum of the same values. The
/// same kind and values make it the same enum; for integers, also what the
/// text says each value means.
fn reuse_shared(existing: &TypesSpec, operations: &mut [OperationSpec], types: &mut TypesSpec) {
    type Signature = Vec<(codegen::spec::Literal, Option<String>)>;
    let signature = |t: &TypeDef| -> Option<Signature> {
        let integer = t.enum_kind == Some(codegen::spec::EnumKind::Integer);
        let mut values: Signature =
            t.values.as_ref()?.iter().map(|v| (v.value.clone(), integer.then(|| v.description.clone()))).collect();
        values.sort();
        Some(values)
    };
    let same = |t: &TypeDef| -> Option<String> {
        let drafted = signature(t)?;
        existing
            .types
            .iter()
            .find(|e| e.enum_kind == t.enum_kind && signature(e).as_ref() == Some(&drafted))
            .map(|e| e.name.clone())
    };
    let retype = |fields: &mut [Field], renamed: &BTreeMap<String, String>| {
        for f in fields {
            let inner = innermost(&f.ty).to_owned();
            if let Some(to) = renamed.get(&inner) {
                let at = f.ty.rfind(&inner).unwrap_or_default();
                f.ty = format!("{}{to}{}", &f.ty[..at], &f.ty[at + inner.len()..]);
            }
        }
    };
    // Shared drafts that types.yaml lacks by name, then each operation's own.
    let have: BTreeSet<&str> = existing.types.iter().map(|t| t.name.as_str()).collect();
    let shared: BTreeMap<String, String> = types
        .types
        .iter()
        .filter(|t| !have.contains(t.name.as_str()))
        .filter_map(|t| Some((t.name.clone(), same(t)?)))
        .collect();
    types.types.retain(|t| !shared.contains_key(&t.name));
    for t in &mut types.types {
        retype(t.fields.as_deref_mut().unwrap_or_default(), &shared);
    }
    for op in operations {
        // A type of its own that types.yaml declares (`--only` drafts an action's objects in its
        // file) is the shared one.
        op.types.retain(|t| !have.contains(t.name.as_str()));
        let mut renamed = shared.clone();
        renamed.extend(op.types.iter().filter_map(|t| Some((t.name.clone(), same(t)?))));
        op.types.retain(|t| !renamed.contains_key(&t.name));
        retype(&mut op.request, &renamed);
        retype(&mut op.response, &renamed);
        for t in &mut op.types {
            retype(t.fields.as_deref_mut().unwrap_or_default(), &renamed);
        }
    }
}

/// The named type inside any lists and maps of a spelled type.
fn innermost(ty: &str) -> &str {
    match Spelled::parse(ty) {
        Spelled::List(t) | Spelled::Map(t) => innermost(t),
        _ => ty.trim(),
    }
}

/// What to write as `types.yaml` (its path and text) when the service has none;
/// nothing when it has one with every shared type the drafts to write use; a
/// refusal, naming what is missing, when it has one that lacks some. Decided
/// before any file is written, so a refused import writes nothing.
fn plan_types(
    dir: &Path,
    origin: &str,
    types: &TypesSpec,
    existing: Option<&TypesSpec>,
    operations: &[&OperationSpec],
) -> Result<Option<(PathBuf, String)>, String> {
    if types.types.is_empty() {
        return Ok(None);
    }
    let path = dir.join(codegen::load::TYPES_FILE);
    if let Some(existing) = existing {
        let have: BTreeSet<&str> = existing.types.iter().map(|t| t.name.as_str()).collect();
        // The shared types the drafts to write reach, through shared types too.
        let shared: BTreeMap<&str, &TypeDef> = types.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let mut todo: Vec<&str> = operations
            .iter()
            .flat_map(|op| {
                op.request.iter().chain(&op.response).chain(op.types.iter().flat_map(|t| t.fields.iter().flatten()))
            })
            .map(|f| innermost(&f.ty))
            .collect();
        let mut used: BTreeSet<&str> = BTreeSet::new();
        while let Some(name) = todo.pop() {
            if let Some(t) = shared.get(name)
                && used.insert(name)
            {
                todo.extend(t.fields.iter().flatten().map(|f| innermost(&f.ty)));
            }
        }
        let missing: Vec<&str> = used.into_iter().filter(|n| !have.contains(n)).collect();
        if missing.is_empty() {
            return Ok(None);
        }
        return Err(format!(
            "error: {} exists and lacks {} the drafts of {} use ({}); an import never rewrites it, \
             and wrote nothing: move it aside and import again, then merge by hand",
            path.display(),
            count(missing.len(), "type", "types"),
            count(operations.len(), "operation", "operations"),
            missing.join(", ")
        ));
    }
    Ok(Some((path, render(codegen::schema::TYPES_SCHEMA, origin, types)?)))
}

/// `cargo xtask crosscheck tencent`: every unaccepted disagreement, located.
pub fn crosscheck(root: &Path, files: &TencentFiles) -> Result<(), String> {
    let api: tencent::Api = json(&files.api)?;
    let examples: Option<tencent::Examples> = files.examples.as_deref().map(json).transpose()?;
    let action_errors = files.client_go.as_deref().map(read).transpose()?.map(|t| tencent::go_error_codes(&t));
    let metadata = codegen::import::crosscheck::TencentMetadata {
        api: &api,
        examples: examples.as_ref(),
        action_errors: action_errors.as_ref(),
    };
    compare(root, &files.service, |service| codegen::import::crosscheck::tencent(service, &metadata))
}

/// `cargo xtask crosscheck huawei`: every unaccepted disagreement with the SDK, located.
pub fn crosscheck_huawei(root: &Path, files: &HuaweiFiles) -> Result<(), String> {
    let sdk: huawei::Sdk = json(&files.metadata)?;
    let go = files.go_dir.as_deref().map(huawei_go).transpose()?;
    compare(root, &files.service, |service| codegen::import::crosscheck::huawei(service, &sdk, go.as_ref()))
}

/// `cargo xtask crosscheck volcengine`: every unaccepted disagreement with the SDK's Go source, located.
pub fn crosscheck_volcengine(root: &Path, files: &VolcengineFiles) -> Result<(), String> {
    let sdk = volcengine_sdk(files)?;
    compare(root, &files.service, |service| codegen::import::crosscheck::volcengine(service, &sdk))
}

/// Loads the specs, compares `specs/<service>` with `check`, and reports what it finds.
fn compare(
    root: &Path,
    service: &str,
    check: impl Fn(&codegen::load::LoadedService) -> Vec<codegen::Diagnostic>,
) -> Result<(), String> {
    let loaded = codegen::load::load_tree(
        &codegen::load::DiskTree(root.join("specs")),
        "specs",
        codegen::load::LoadOptions::default(),
    );
    if !loaded.problems.is_empty() {
        return Err(format!(
            "{}; fix them first (cargo xtask lint)",
            codegen::Diagnostics(loaded.problems).render(crate::color())
        ));
    }
    let Some(loaded_service) = loaded.services.iter().find(|s| s.dir == service) else {
        return Err(format!("error: specs/{service} is not a service directory"));
    };
    let found: Vec<_> = check(loaded_service).into_iter().map(|d| loaded.sources.locate(d)).collect();
    let compared = loaded_service.operations.iter().filter(|o| o.spec.source.metadata.is_some()).count();
    if found.is_empty() {
        println!("crosscheck: {compared} operations of specs/{service} agree with the metadata, or record why not");
        return Ok(());
    }
    Err(format!("{}\ncrosscheck: {compared} operations compared", codegen::Diagnostics(found).render(crate::color())))
}
