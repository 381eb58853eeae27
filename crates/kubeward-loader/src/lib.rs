//! Loads Kubernetes objects from files, directories and standard input.
//!
//! Bad input is data, not `Err`: every problem becomes a [`LoadError`] with the file and, where
//! there is one, the line and column, and loading goes on with everything else. Nothing here
//! panics on input, whatever the bytes.

mod discover;
mod error;
mod json;
mod resolve;
mod text;
pub mod yaml;

pub use discover::{Discovery, Input, discover, is_dockerfile};
pub use error::{LoadError, LoadErrorKind, load_error};
pub use kubeward_dockerfile::{ContextIgnore, DockerIgnore, Dockerfile};
pub use kubeward_model::Skipped;
pub use resolve::resolve_plain;

use kubeward_model::{Node, Object, Origin};
use rayon::prelude::*;
use std::io::Read;
use std::sync::Arc;

/// Guards against hostile or accidental huge input.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Files larger than this are not read (bytes). Default 64 MiB.
    pub max_file_size: u64,
    /// Deepest nesting of mappings and sequences accepted. Default 128.
    pub max_depth: usize,
    /// Nodes that alias expansion may add to one document. Default 100,000.
    pub max_alias_nodes: usize,
    /// Nodes that alias expansion may add to one file, all documents together, so that a
    /// small file of many small bombs cannot exhaust memory. Default 1,000,000.
    pub max_alias_nodes_per_file: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 64 * 1024 * 1024,
            max_depth: 128,
            max_alias_nodes: 100_000,
            max_alias_nodes_per_file: 1_000_000,
        }
    }
}

/// How to find and read inputs.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    pub limits: Limits,
    /// Globs of paths to leave out of directory walks (`--exclude`).
    pub excludes: Vec<String>,
    /// How to read standard input and files named explicitly (`--input-type`).
    pub input_type: InputType,
}

/// What an input holds (`--input-type`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InputType {
    /// Files named like Dockerfiles (`Dockerfile`, `*.Dockerfile`, …) are Dockerfiles, the rest
    /// (and standard input) Kubernetes manifests.
    #[default]
    Auto,
    /// Every input is a Kubernetes manifest, whatever its name (directory walks still find
    /// Dockerfiles by name).
    Kubernetes,
    /// Standard input and explicitly named files are Dockerfiles (directory walks still tell
    /// manifests and Dockerfiles apart by name).
    Dockerfile,
}

/// The text of one input, kept so that reporters can quote source lines.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: Arc<str>,
    pub text: Arc<str>,
}

/// Everything loaded from one input.
#[derive(Debug, Default)]
pub struct FileLoad {
    pub source: Option<SourceFile>,
    pub objects: Vec<Object>,
    pub errors: Vec<LoadError>,
    /// Documents and files that are not Kubernetes objects.
    pub skipped: Vec<Skipped>,
    /// Empty documents (`---` with nothing after it): counted, not listed.
    pub empty_documents: usize,
    /// The input was read as a Dockerfile (its problems are in `errors`).
    pub dockerfile: Option<Dockerfile>,
}

/// Reads and parses one input. Never panics; problems land in `errors`.
pub fn load_input(input: &Input, options: &LoadOptions) -> FileLoad {
    let path: Arc<str> = Arc::from(input.display().as_str());
    let as_dockerfile = match (options.input_type, input) {
        (InputType::Dockerfile, _) => true,
        (InputType::Kubernetes, _) | (InputType::Auto, Input::Stdin) => false,
        (InputType::Auto, Input::File(p)) => is_dockerfile(p),
    };
    match read_input(input, &options.limits) {
        Ok(bytes) if as_dockerfile => {
            let mut load = load_dockerfile(path.clone(), &bytes, options);
            if let (Input::File(file), Some(df)) = (input, load.dockerfile.as_mut()) {
                match read_dockerignore(file, &options.limits) {
                    Ok(found) => df.dockerignore = found,
                    Err((ignore_path, kind)) => {
                        load.errors
                            .push(load_error(Arc::from(ignore_path.as_str()), None, kind))
                    }
                }
            }
            load
        }
        Ok(bytes) => load_bytes(path, &bytes, input.is_json_hint(), options),
        Err(kind) => FileLoad {
            errors: vec![load_error(path, None, kind)],
            ..FileLoad::default()
        },
    }
}

/// Loads many inputs in parallel; results come back in input order.
pub fn load_all(inputs: &[Input], options: &LoadOptions) -> Vec<FileLoad> {
    inputs
        .par_iter()
        .map(|input| load_input(input, options))
        .collect()
}

fn read_input(input: &Input, limits: &Limits) -> Result<Vec<u8>, LoadErrorKind> {
    let limit = limits.max_file_size;
    match input {
        Input::Stdin => read_limited(std::io::stdin().lock(), limit),
        Input::File(path) => {
            let meta = std::fs::metadata(path).map_err(io_error)?;
            if meta.len() > limit {
                return Err(LoadErrorKind::TooLarge {
                    size: meta.len(),
                    limit,
                });
            }
            let file = std::fs::File::open(path).map_err(io_error)?;
            read_limited(file, limit)
        }
    }
}

fn read_limited(reader: impl Read, limit: u64) -> Result<Vec<u8>, LoadErrorKind> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > limit {
        return Err(LoadErrorKind::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

fn io_error(e: std::io::Error) -> LoadErrorKind {
    if e.kind() == std::io::ErrorKind::NotFound {
        LoadErrorKind::NotFound
    } else {
        LoadErrorKind::Io(e)
    }
}

/// Parses bytes that were read from `path`. `json_hint` says the name ends in `.json`; other
/// input that starts with `{` or `[` is sniffed as JSON, and read as YAML when it is not.
///
/// Text problems are contained to the document they are in: a byte that is not UTF-8, or a
/// control character YAML forbids, skips that document (and says so) while the others load.
/// A file that is binary data is skipped whole.
pub fn load_bytes(
    path: Arc<str>,
    bytes: &[u8],
    json_hint: bool,
    options: &LoadOptions,
) -> FileLoad {
    let mut out = FileLoad::default();
    let limits = &options.limits;
    if bytes.len() as u64 > limits.max_file_size {
        out.errors.push(load_error(
            path,
            None,
            LoadErrorKind::TooLarge {
                size: bytes.len() as u64,
                limit: limits.max_file_size,
            },
        ));
        return out;
    }
    if let Some(offset) = text::binary_offset(bytes) {
        out.errors.push(load_error(
            path,
            None,
            LoadErrorKind::Binary {
                offset: offset as u64,
            },
        ));
        return out;
    }
    let decoded = text::decode(bytes);
    let sniffed = !json_hint && text::looks_like_json(&decoded.text);
    let has_syntax_error = |problems: &yaml::Problems| {
        problems
            .iter()
            .any(|(_, k)| matches!(k, LoadErrorKind::Syntax(_)))
    };
    let (decoded, documents, problems) = if json_hint || sniffed {
        let (documents, problems) = json::parse_json_stream(&decoded.text, limits);
        if sniffed && has_syntax_error(&problems) {
            // Not a JSON stream after all: YAML flow style (`{apiVersion: v1, ...}`) or a JSON
            // document followed by `---`. Keep the YAML reading if it has no syntax error.
            let yaml_decoded = decoded.clone().for_yaml();
            let (yaml_docs, yaml_problems) =
                yaml::parse_stream(&yaml_decoded.text, limits, yaml::Offset::START);
            if has_syntax_error(&yaml_problems) {
                (decoded, documents, problems)
            } else {
                (yaml_decoded, yaml_docs, yaml_problems)
            }
        } else {
            (decoded, documents, problems)
        }
    } else {
        let decoded = decoded.for_yaml();
        let (documents, problems) = yaml::parse_stream(&decoded.text, limits, yaml::Offset::START);
        (decoded, documents, problems)
    };
    for (pos, kind) in problems {
        out.errors.push(load_error(path.clone(), pos, kind));
    }
    let bad = decoded.bad_positions();
    let mut documents = documents;
    for (pos, kind) in text::contain_bad_text(&mut documents, &bad) {
        out.errors.push(load_error(path.clone(), Some(pos), kind));
    }
    out.errors
        .sort_by_key(|e| (e.line.unwrap_or(0), e.column.unwrap_or(0)));
    let origin = Origin::File(path.clone());
    for doc in documents {
        match doc.root {
            None => out.empty_documents += 1,
            Some(root) => collect_objects(&origin, doc.index, root, &mut out),
        }
    }
    out.source = Some(SourceFile {
        path,
        text: Arc::from(decoded.text),
    });
    out
}

/// The build context's ignore file for the Dockerfile at `dockerfile`, as Docker picks it when
/// the context is the Dockerfile's directory: `<name>.dockerignore` beside it, else
/// `.dockerignore` there. `Err` (the ignore file's path and the problem) when one exists but
/// cannot be read.
pub fn read_dockerignore(
    dockerfile: &std::path::Path,
    limits: &Limits,
) -> Result<ContextIgnore, (String, LoadErrorKind)> {
    let dir = dockerfile
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let mut candidates = Vec::new();
    if let Some(name) = dockerfile.file_name() {
        let mut specific = name.to_os_string();
        specific.push(".dockerignore");
        candidates.push(dir.join(specific));
    }
    candidates.push(dir.join(".dockerignore"));
    for candidate in candidates {
        if !candidate.is_file() {
            continue;
        }
        let shown = candidate.display().to_string();
        let bytes = read_input(&Input::File(candidate), limits).map_err(|k| (shown.clone(), k))?;
        let text = text::decode(&bytes).text;
        return Ok(ContextIgnore::Found {
            path: shown,
            ignore: DockerIgnore::parse(&text),
        });
    }
    Ok(ContextIgnore::Missing)
}

/// Parses bytes read from `path` as a Dockerfile. Never panics; its problems land in `errors`
/// with their positions, and the parsed file (whatever could be read) in `dockerfile`.
pub fn load_dockerfile(path: Arc<str>, bytes: &[u8], options: &LoadOptions) -> FileLoad {
    let mut out = FileLoad::default();
    let limit = options.limits.max_file_size;
    if bytes.len() as u64 > limit {
        let kind = LoadErrorKind::TooLarge {
            size: bytes.len() as u64,
            limit,
        };
        out.errors.push(load_error(path, None, kind));
        return out;
    }
    if let Some(offset) = text::binary_offset(bytes) {
        let kind = LoadErrorKind::Binary {
            offset: offset as u64,
        };
        out.errors.push(load_error(path, None, kind));
        return out;
    }
    let decoded = text::decode(bytes);
    let dockerfile = Dockerfile::parse(&decoded.text);
    for e in &dockerfile.errors {
        let kind = LoadErrorKind::Dockerfile(e.message.clone());
        out.errors
            .push(load_error(path.clone(), Some(e.span.start), kind));
    }
    out.dockerfile = Some(dockerfile);
    out.source = Some(SourceFile {
        path,
        text: Arc::from(decoded.text),
    });
    out
}

/// Turns one document into objects: `List`s are expanded into their items, each item keeping
/// its own location; what is not a Kubernetes object is recorded as skipped, at the line where
/// its content starts.
fn collect_objects(origin: &Origin, index: usize, root: Node, out: &mut FileLoad) {
    let start = root.start();
    let kind = root.get("kind").and_then(Node::as_str).unwrap_or("");
    if Object::is_list_kind(kind) && root.get("items").is_some_and(Node::is_seq) {
        let Node {
            kind: kubeward_model::NodeKind::Map(entries),
            ..
        } = root
        else {
            return;
        };
        for entry in entries {
            if entry.key_str() == "items"
                && let kubeward_model::NodeKind::Seq(items) = entry.value.kind
            {
                for item in items {
                    collect_objects(origin, index, item, out);
                }
            }
        }
        return;
    }
    let line = Some(start.line).filter(|l| *l > 0);
    let reason = if !root.is_map() {
        Some("document is not a mapping, so not a Kubernetes object".to_string())
    } else if root.get("apiVersion").and_then(Node::as_str).is_none() {
        Some("no `apiVersion`: not a Kubernetes object".to_string())
    } else if root.get("kind").and_then(Node::as_str).is_none() {
        Some("no `kind`: not a Kubernetes object".to_string())
    } else {
        None
    };
    if let Some(reason) = reason {
        out.skipped.push(Skipped {
            path: Arc::from(origin.path()),
            line,
            reason,
        });
        return;
    }
    match Object::from_node(origin.clone(), index, root) {
        Some(object) => out.objects.push(object),
        None => out.skipped.push(Skipped {
            path: Arc::from(origin.path()),
            line,
            reason: "empty `apiVersion` or `kind`: not a Kubernetes object".to_string(),
        }),
    }
}
