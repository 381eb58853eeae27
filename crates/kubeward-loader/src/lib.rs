//! Loads Kubernetes objects from files, directories and standard input.
//!
//! Bad input is data, not `Err`: every problem becomes a [`LoadError`] with the file and, where
//! there is one, the line and column, and loading goes on with everything else. Nothing here
//! panics on input, whatever the bytes.

mod discover;
mod error;
mod json;
mod resolve;
pub mod yaml;

pub use discover::{Discovery, Input, discover};
pub use error::{LoadError, LoadErrorKind, load_error};
pub use kubeward_model::Skipped;
pub use resolve::resolve_plain;

use kubeward_model::{Node, Object, Origin, Pos};
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
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 64 * 1024 * 1024,
            max_depth: 128,
            max_alias_nodes: 100_000,
        }
    }
}

/// How to find and read inputs.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    pub limits: Limits,
    /// Globs of paths to leave out of directory walks (`--exclude`).
    pub excludes: Vec<String>,
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
}

/// Reads and parses one input. Never panics; problems land in `errors`.
pub fn load_input(input: &Input, options: &LoadOptions) -> FileLoad {
    let path: Arc<str> = Arc::from(input.display().as_str());
    match read_input(input, &options.limits) {
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

/// Parses bytes that were read from `path`. `json_hint` says the name ends in `.json`; stdin is
/// sniffed instead.
pub fn load_bytes(
    path: Arc<str>,
    bytes: &[u8],
    json_hint: bool,
    options: &LoadOptions,
) -> FileLoad {
    let mut out = FileLoad::default();
    if bytes.len() as u64 > options.limits.max_file_size {
        out.errors.push(load_error(
            path,
            None,
            LoadErrorKind::TooLarge {
                size: bytes.len() as u64,
                limit: options.limits.max_file_size,
            },
        ));
        return out;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() as u32 + 1;
            let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count() as u32
                + 1;
            out.errors.push(load_error(
                path,
                Some(Pos::new(line, column)),
                LoadErrorKind::InvalidUtf8 {
                    detail: format!("invalid byte at offset {}", e.valid_up_to()),
                },
            ));
            return out;
        }
    };
    let is_json = json_hint || looks_like_json(text);
    let (documents, problems) = if is_json {
        json::parse_json_stream(text, &options.limits)
    } else {
        yaml::parse_stream(text, &options.limits, yaml::Offset::START)
    };
    for (pos, kind) in problems {
        out.errors.push(load_error(path.clone(), pos, kind));
    }
    let origin = Origin::File(path.clone());
    for doc in documents {
        match doc.root {
            None => out.empty_documents += 1,
            Some(root) => collect_objects(&origin, doc.index, doc.start, root, &mut out),
        }
    }
    out.source = Some(SourceFile {
        path,
        text: Arc::from(text),
    });
    out
}

fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with(['{', '['])
}

/// Turns one document into objects: `List`s are expanded into their items, each item keeping
/// its own location; what is not a Kubernetes object is recorded as skipped.
fn collect_objects(origin: &Origin, index: usize, start: Pos, root: Node, out: &mut FileLoad) {
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
                    let item_start = item.start();
                    collect_objects(origin, index, item_start, item, out);
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
