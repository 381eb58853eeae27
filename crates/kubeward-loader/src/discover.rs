//! From the paths on the command line to the list of inputs to read.

use crate::error::{LoadError, LoadErrorKind, load_error};
use crate::{LoadOptions, Skipped};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One thing to read.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    File(PathBuf),
    /// Standard input, named `-` on the command line.
    Stdin,
}

impl Input {
    /// The name findings use for it.
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }

    pub(crate) fn is_json_hint(&self) -> bool {
        matches!(self, Input::File(p) if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")))
    }
}

/// What a walk over the command-line paths found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Files to load, sorted, without duplicates.
    pub inputs: Vec<Input>,
    /// Paths that do not exist or could not be walked.
    pub errors: Vec<LoadError>,
    /// Files seen in directories and left out (not YAML/JSON, Helm templates, …).
    pub skipped: Vec<Skipped>,
}

const MANIFEST_EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

/// Expands command-line paths: files are taken as they are, directories are walked with
/// `.gitignore`/`.ignore` support and `--exclude` globs, `-` is standard input.
///
/// An invalid `--exclude` glob is the only `Err` (a usage error).
pub fn discover(paths: &[String], options: &LoadOptions) -> Result<Discovery, String> {
    let excludes = build_excludes(&options.excludes)?;
    let mut found = Discovery::default();
    for raw in paths {
        if raw == "-" {
            found.inputs.push(Input::Stdin);
            continue;
        }
        let path = PathBuf::from(raw);
        match std::fs::metadata(&path) {
            Err(e) => {
                let kind = if e.kind() == std::io::ErrorKind::NotFound {
                    LoadErrorKind::NotFound
                } else {
                    LoadErrorKind::Io(e)
                };
                found
                    .errors
                    .push(load_error(Arc::from(raw.as_str()), None, kind));
            }
            Ok(meta) if meta.is_dir() => walk(&path, &excludes, &mut found),
            Ok(_) => found.inputs.push(Input::File(path)),
        }
    }
    found.inputs.sort();
    found.inputs.dedup();
    found.skipped.sort();
    Ok(found)
}

fn build_excludes(globs: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        let parsed =
            Glob::new(glob).map_err(|e| format!("invalid --exclude glob `{glob}`: {e}"))?;
        builder.add(parsed);
        // `vendor` or `vendor/` should exclude everything below too.
        let below = format!("{}/**", glob.trim_end_matches('/'));
        if let Ok(parsed) = Glob::new(&below) {
            builder.add(parsed);
        }
    }
    builder
        .build()
        .map_err(|e| format!("invalid --exclude globs: {e}"))
}

fn is_excluded(excludes: &GlobSet, root: &Path, path: &Path) -> bool {
    if excludes.is_empty() {
        return false;
    }
    let relative = path.strip_prefix(root).unwrap_or(path);
    excludes.is_match(path)
        || excludes.is_match(relative)
        || path.file_name().is_some_and(|n| excludes.is_match(n))
}

fn walk(root: &Path, excludes: &GlobSet, found: &mut Discovery) {
    let walker = ignore::WalkBuilder::new(root)
        .require_git(false)
        .hidden(true)
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = error_path(&e).unwrap_or_else(|| root.display().to_string());
                found.errors.push(load_error(
                    Arc::from(path.as_str()),
                    None,
                    LoadErrorKind::Io(std::io::Error::other(e.to_string())),
                ));
                continue;
            }
        };
        let path = entry.path();
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        if is_excluded(excludes, root, path) {
            continue;
        }
        let display: Arc<str> = Arc::from(path.display().to_string().as_str());
        let is_manifest = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            MANIFEST_EXTENSIONS
                .iter()
                .any(|m| m.eq_ignore_ascii_case(e))
        });
        if is_dockerfile(path) {
            found.inputs.push(Input::File(path.to_path_buf()));
            continue;
        }
        if !is_manifest {
            found.skipped.push(Skipped {
                path: display,
                line: None,
                reason: "not a YAML, JSON or Dockerfile".to_string(),
            });
            continue;
        }
        if is_helm_template(path) {
            found.skipped.push(Skipped {
                path: display,
                line: None,
                reason: "Helm chart template: render it (`helm template … | kubeward scan -`)"
                    .to_string(),
            });
            continue;
        }
        found.inputs.push(Input::File(path.to_path_buf()));
    }
}

/// `Dockerfile`, `Containerfile`, `*.Dockerfile`, `Dockerfile.*` (see
/// [`kubeward_dockerfile::is_dockerfile_name`]).
pub fn is_dockerfile(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(kubeward_dockerfile::is_dockerfile_name)
}

/// A file under `<chart>/templates/` next to a `Chart.yaml` is Go-template source, not YAML.
fn is_helm_template(path: &Path) -> bool {
    path.ancestors().skip(1).any(|dir| {
        dir.file_name().is_some_and(|n| n == "templates")
            && dir
                .parent()
                .is_some_and(|chart| chart.join("Chart.yaml").is_file())
    })
}

fn error_path(e: &ignore::Error) -> Option<String> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.display().to_string()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}
