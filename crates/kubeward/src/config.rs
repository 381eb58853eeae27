//! `.kubeward.yaml`: project defaults for `kubeward scan`, found from the scanned path upwards
//! (or named with `--config`, or ignored with `--no-config`). Flags given on the command line win
//! over the file. Unknown keys are usage errors, so a typo never silently disables a setting.

use kubeward_loader::{Limits, yaml};
use kubeward_model::Severity;
use kubeward_rules::Settings;
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const FILE_NAMES: &[&str] = &[".kubeward.yaml", ".kubeward.yml"];

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Rule ids to run (or `ALL`).
    #[serde(default)]
    pub select: Vec<String>,
    /// Rule ids not to run.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Default `--fail-on`.
    pub fail_on: Option<Severity>,
    /// Globs left out of directory walks, added to `--exclude`.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Rule options.
    #[serde(default)]
    pub settings: Settings,
}

/// The config file that applies to a scan of `paths`: the first `.kubeward.yaml` found in the
/// first path's directory or its ancestors (the current directory for stdin).
pub fn discover(paths: &[String]) -> Option<PathBuf> {
    let first = paths.iter().find(|p| p.as_str() != "-");
    let start = match first {
        Some(p) => {
            let path = Path::new(p);
            if path.is_dir() {
                path.to_path_buf()
            } else {
                path.parent().map(Path::to_path_buf).unwrap_or_default()
            }
        }
        None => PathBuf::from("."),
    };
    let start = std::fs::canonicalize(&start).unwrap_or(start);
    start.ancestors().find_map(|dir| {
        FILE_NAMES
            .iter()
            .map(|name| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// Reads and validates a config file. Errors name the file, and the line where there is one.
pub fn load(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read config {}: {e}", path.display()))?;
    parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

pub fn parse(text: &str) -> Result<Config, String> {
    let (docs, problems) = yaml::parse_stream(text, &Limits::default(), yaml::Offset::START);
    if let Some((pos, problem)) = problems.into_iter().next() {
        let at = pos.map(|p| format!("{p}: ")).unwrap_or_default();
        return Err(format!("{at}{problem}"));
    }
    let Some(root) = docs.into_iter().find_map(|d| d.root) else {
        return Ok(Config::default());
    };
    serde_json::from_value(root.to_json()).map_err(|e| format!("invalid configuration: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_key() {
        let config = parse(
            "select: [ALL]\nignore: [image-not-pinned]\nfail-on: high\nexclude: ['vendor/**']\n",
        )
        .expect("valid");
        assert_eq!(
            config,
            Config {
                select: vec!["ALL".into()],
                ignore: vec!["image-not-pinned".into()],
                fail_on: Some(Severity::High),
                exclude: vec!["vendor/**".into()],
                settings: Settings::default(),
            }
        );
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors() {
        let err = parse("fail_on: high\n").expect_err("error");
        assert!(err.contains("unknown field `fail_on`"), "{err}");
        let err = parse("fail-on: severe\n").expect_err("error");
        assert!(err.contains("severe"), "{err}");
    }

    #[test]
    fn empty_file_is_the_default() {
        assert_eq!(parse("# nothing\n").expect("valid"), Config::default());
    }
}
