//! `.kubeward.yaml`: project defaults for `kubeward scan`, found from the scanned path upwards
//! (or named with `--config`, or ignored with `--no-config`). Flags given on the command line win
//! over the file. Unknown keys are usage errors, so a typo never silently disables a setting.
//!
//! Besides rule selection and options, the file holds `severity` overrides, `exceptions` (waivers
//! with a reason and an optional expiry date) and `inline-suppressions` (which rules a
//! `kubeward.io/ignore` annotation may waive). [`Config::policy`] turns those into the
//! [`Policy`] that `kubeward_rules::suppress` applies; unknown rule ids anywhere are errors.

use kubeward_loader::{Limits, yaml};
use kubeward_model::{Node, Severity, Span};
use kubeward_rules::suppress::{Date, Exception, Glob, InlinePolicy, Policy, suppression_check};
use kubeward_rules::{Settings, find_rule};
use serde::{Deserialize, Deserializer};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

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
    /// Default `--profile`: the rule set that runs when no `select` applies (see
    /// `kubeward_rules::profiles` for the precedence). An unknown name is a usage error.
    pub profile: Option<kubeward_rules::Profile>,
    /// Default `--fail-on`.
    pub fail_on: Option<Severity>,
    /// Globs left out of directory walks, added to `--exclude`.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Rule options.
    #[serde(default)]
    pub settings: Settings,
    /// Severity per rule id, replacing the rule's own (`image-not-pinned: info`).
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    /// Waivers: a finding that matches every field given in an entry is suppressed.
    #[serde(default)]
    pub exceptions: Vec<ExceptionConfig>,
    /// Which rules a `kubeward.io/ignore` annotation may suppress: `true` (default), `false`, or
    /// `{default: true, privileged-container: false}`.
    #[serde(default)]
    pub inline_suppressions: InlineSuppressions,
}

/// One entry of `exceptions:`. Every list takes one value or several; all but `rules` take glob
/// patterns (see [`Glob`]).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExceptionConfig {
    #[serde(default, deserialize_with = "one_or_many")]
    pub rules: Vec<String>,
    /// Relative to the configuration file's directory (or as given on the command line).
    #[serde(default, deserialize_with = "one_or_many")]
    pub paths: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub namespaces: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub kinds: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub names: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub containers: Vec<String>,
    /// Required.
    pub reason: Option<String>,
    /// `YYYY-MM-DD`: the last day the exception applies.
    pub expires: Option<String>,
    /// Where the entry is in the file.
    #[serde(skip)]
    pub span: Span,
    /// Where `expires:` is in the file.
    #[serde(skip)]
    pub expires_span: Span,
}

/// `inline-suppressions`: `true`/`false` for every rule, or a mapping of rule ids to `true`/
/// `false` with `default` for the others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlineSuppressions {
    pub default: bool,
    pub rules: BTreeMap<String, bool>,
}

impl Default for InlineSuppressions {
    fn default() -> Self {
        InlineSuppressions {
            default: true,
            rules: BTreeMap::new(),
        }
    }
}

impl<'de> Deserialize<'de> for InlineSuppressions {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let bad = || {
            serde::de::Error::custom(
                "`inline-suppressions` takes true, false, or a mapping of rule ids to true/false such as {default: true, privileged-container: false}",
            )
        };
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Bool(default) => Ok(InlineSuppressions {
                default,
                rules: BTreeMap::new(),
            }),
            serde_json::Value::Object(map) => {
                let mut inline = InlineSuppressions::default();
                for (key, value) in map {
                    let value = value.as_bool().ok_or_else(bad)?;
                    if key == "default" {
                        inline.default = value;
                    } else {
                        inline.rules.insert(key, value);
                    }
                }
                Ok(inline)
            }
            _ => Err(bad()),
        }
    }
}

/// A string or a list of strings.
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let bad = || serde::de::Error::custom("expected a string or a list of strings");
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Ok(vec![s]),
        serde_json::Value::Array(items) => items
            .into_iter()
            .map(|v| match v {
                serde_json::Value::String(s) => Ok(s),
                _ => Err(bad()),
            })
            .collect(),
        serde_json::Value::Null => Ok(Vec::new()),
        _ => Err(bad()),
    }
}

/// A rule id of the registry, as registered, or why not.
fn registry_id(id: &str, place: &str) -> Result<&'static str, String> {
    if let Some(rule) = find_rule(id) {
        return Ok(rule.meta().id);
    }
    if let Some(check) = suppression_check(id) {
        return Err(format!(
            "`{}` in `{place}` cannot be used there (only `ignore` and `severity` take it)",
            check.id
        ));
    }
    let hint = kubeward_rules::Selection {
        select: vec![id.to_string()],
        ignore: vec![],
        ..kubeward_rules::Selection::default()
    }
    .resolve()
    .err()
    .map(|e| e.to_string())
    .unwrap_or_else(|| format!("unknown rule id `{id}`"));
    Err(format!("{hint} in `{place}`"))
}

/// A rule id of the registry or a suppression check (`ignore`, `severity`).
fn any_id(id: &str, place: &str) -> Result<&'static str, String> {
    match suppression_check(id) {
        Some(check) => Ok(check.id),
        None => registry_id(id, place),
    }
}

/// Splits `ignore` ids into registry rules (for the rule selection) and suppression checks
/// (turned off in the [`Policy`]).
pub fn split_ignore(ids: &[String]) -> (Vec<String>, BTreeSet<&'static str>) {
    let mut rules = Vec::new();
    let mut checks = BTreeSet::new();
    for id in ids {
        match suppression_check(id) {
            Some(check) => {
                checks.insert(check.id);
            }
            None => rules.push(id.clone()),
        }
    }
    (rules, checks)
}

impl Config {
    /// The severity overrides, exceptions and inline-suppression rules as a [`Policy`]:
    /// `source` is how findings name the configuration file, `root` the directory exception
    /// paths are relative to, `today` the day expiry dates are compared with. Every problem is
    /// reported (unknown rule ids, invalid globs and dates, exceptions without a reason or
    /// without any field to match), one per `; `.
    pub fn policy(
        &self,
        source: Arc<str>,
        root: Option<PathBuf>,
        today: Date,
    ) -> Result<Policy, String> {
        let mut errors: Vec<String> = Vec::new();
        let mut policy = Policy {
            source,
            root,
            today,
            ..Policy::default()
        };
        for id in self
            .select
            .iter()
            .filter(|id| !id.eq_ignore_ascii_case("ALL"))
        {
            if let Err(e) = registry_id(id, "select") {
                errors.push(e);
            }
        }
        for id in &self.ignore {
            if let Err(e) = any_id(id, "ignore") {
                errors.push(e);
            }
        }
        for (id, severity) in &self.severity {
            match any_id(id, "severity") {
                Ok(id) => {
                    policy.severity.insert(id, *severity);
                }
                Err(e) => errors.push(e),
            }
        }
        policy.inline = InlinePolicy {
            default: self.inline_suppressions.default,
            rules: BTreeMap::new(),
        };
        for (id, allowed) in &self.inline_suppressions.rules {
            match registry_id(id, "inline-suppressions") {
                Ok(id) => {
                    policy.inline.rules.insert(id, *allowed);
                }
                Err(e) => errors.push(e),
            }
        }
        for (index, entry) in self.exceptions.iter().enumerate() {
            let place = format!("exceptions[{index}]");
            match entry.compile(index, &place) {
                Ok(exception) => policy.exceptions.push(exception),
                Err(mut e) => errors.append(&mut e),
            }
        }
        if errors.is_empty() {
            Ok(policy)
        } else {
            Err(errors.join("; "))
        }
    }
}

impl ExceptionConfig {
    fn compile(&self, index: usize, place: &str) -> Result<Exception, Vec<String>> {
        let mut errors = Vec::new();
        let mut globs = |field: &str, patterns: &[String]| -> Vec<Glob> {
            patterns
                .iter()
                .filter_map(|p| {
                    Glob::new(p)
                        .map_err(|e| {
                            errors.push(format!("invalid glob `{p}` in `{place}.{field}`: {e}"))
                        })
                        .ok()
                })
                .collect()
        };
        let paths = globs("paths", &self.paths);
        let namespaces = globs("namespaces", &self.namespaces);
        let kinds = globs("kinds", &self.kinds);
        let names = globs("names", &self.names);
        let containers = globs("containers", &self.containers);
        let mut rules = Vec::new();
        for id in &self.rules {
            match registry_id(id, &format!("{place}.rules")) {
                Ok(id) => rules.push(id),
                Err(e) => errors.push(e),
            }
        }
        let reason = self.reason.as_deref().map(str::trim).unwrap_or_default();
        if reason.is_empty() {
            errors.push(format!(
                "`{place}` has no `reason` (every exception says why)"
            ));
        }
        let expires = match self.expires.as_deref().map(str::parse::<Date>) {
            Some(Ok(date)) => Some(date),
            Some(Err(e)) => {
                errors.push(format!("{e} in `{place}.expires`"));
                None
            }
            None => None,
        };
        let fields = [
            &self.rules,
            &self.paths,
            &self.namespaces,
            &self.kinds,
            &self.names,
            &self.containers,
        ];
        if fields.iter().all(|f| f.is_empty()) {
            errors.push(format!(
                "`{place}` matches everything: give at least one of rules, paths, namespaces, kinds, names, containers"
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Exception {
            rules,
            paths,
            namespaces,
            kinds,
            names,
            containers,
            reason: reason.to_string(),
            expires,
            index,
            span: self.span,
            expires_span: self.expires_span,
        })
    }
}

/// How a configuration file is named in findings: relative to the current directory when that
/// is possible (`.kubeward.yaml`, `../.kubeward.yaml`), as given otherwise.
pub fn display_path(path: &Path) -> String {
    let as_given = path.display().to_string().replace('\\', "/");
    if path.is_relative() {
        return as_given;
    }
    let Ok(cwd) = std::env::current_dir().and_then(std::fs::canonicalize) else {
        return as_given;
    };
    let target: Vec<Component> = path.components().collect();
    let base: Vec<Component> = cwd.components().collect();
    let common = target.iter().zip(&base).take_while(|(a, b)| a == b).count();
    // Only the root in common: an absolute path reads better than a chain of `..`.
    if common <= 1 {
        return as_given;
    }
    let mut parts: Vec<String> = vec!["..".to_string(); base.len() - common];
    parts.extend(
        target[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
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
                // `pod.yaml` has the parent `` (the current directory).
                path.parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| PathBuf::from("."))
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
    let shown = display_path(path);
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("cannot read config {shown}: {e}"))?;
    parse(&text).map_err(|e| format!("{shown}: {e}"))
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
    let mut json = root.to_json();
    // `kubernetes-version: 1.30` is a float to YAML (1.3); the version is what was written.
    if let Some(text) = root
        .path(&["settings", "kubernetes-version"])
        .and_then(Node::text)
    {
        json["settings"]["kubernetes-version"] = serde_json::Value::String(text.to_string());
    }
    let mut config: Config =
        serde_json::from_value(json).map_err(|e| format!("invalid configuration: {e}"))?;
    record_positions(&mut config, &root);
    config
        .policy(Arc::from(""), None, Date::default())
        .map_err(|e| format!("invalid configuration: {e}"))?;
    Ok(config)
}

/// Fills in where each exception and its `expires:` are in the file.
fn record_positions(config: &mut Config, root: &Node) {
    let items = root.get("exceptions").map(Node::items).unwrap_or_default();
    for (entry, node) in config.exceptions.iter_mut().zip(items) {
        entry.span = node.span;
        entry.expires_span = node
            .entry("expires")
            .map(|e| Span::new(e.key.span.start, e.value.span.end))
            .unwrap_or(node.span);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquoted_versions_keep_their_digits() {
        let config = parse("settings:\n  kubernetes-version: 1.30\n").expect("valid");
        assert_eq!(
            config.settings.kubernetes_version,
            kubeward_rules::KubeVersion::new(1, 30)
        );
    }

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
                ..Config::default()
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

    const FULL: &str = "\
severity:
  image-not-pinned: info
  unused-suppression: low
ignore: [unused-suppression]
inline-suppressions:
  default: true
  privileged-container: false
exceptions:
  - rules: privileged-container
    paths: [k8s/agents/**]
    namespaces: kube-system
    kinds: [DaemonSet]
    names: ['node-*']
    containers: [agent]
    reason: needs /dev/kmsg
    expires: 2026-03-31
  - names: legacy-*
    reason: ' being rewritten '
";

    #[test]
    fn suppression_settings_become_a_policy() {
        let config = parse(FULL).expect("valid");
        assert_eq!(config.exceptions[0].rules, ["privileged-container"]);
        assert_eq!(config.exceptions[0].namespaces, ["kube-system"]);
        assert_eq!(
            config.inline_suppressions,
            InlineSuppressions {
                default: true,
                rules: BTreeMap::from([("privileged-container".to_string(), false)]),
            }
        );
        let today: Date = "2026-01-01".parse().expect("date");
        let policy = config
            .policy(Arc::from(".kubeward.yaml"), None, today)
            .expect("valid");
        assert_eq!(
            policy.severity,
            BTreeMap::from([
                ("image-not-pinned", Severity::Info),
                ("unused-suppression", Severity::Low)
            ])
        );
        assert!(!policy.inline.allows("privileged-container"));
        assert!(policy.inline.allows("host-network"));
        let first = &policy.exceptions[0];
        assert_eq!(first.reason, "needs /dev/kmsg");
        assert_eq!(first.expires, Some("2026-03-31".parse().expect("date")));
        assert_eq!(first.paths[0].as_str(), "k8s/agents/**");
        // Positions: the entry (its first key) and its `expires:` line.
        assert_eq!((first.span.start.line, first.span.start.column), (9, 5));
        assert_eq!(
            (
                first.expires_span.start.line,
                first.expires_span.start.column,
                first.expires_span.end.column
            ),
            (16, 5, 24)
        );
        assert_eq!(policy.exceptions[1].reason, "being rewritten");
        assert_eq!(policy.exceptions[1].expires, None);
        assert_eq!(policy.today, today);

        let (rules, checks) = split_ignore(&config.ignore);
        assert_eq!(rules, Vec::<String>::new());
        assert_eq!(checks, BTreeSet::from(["unused-suppression"]));
    }

    #[test]
    fn inline_suppressions_takes_a_bool() {
        let config = parse("inline-suppressions: false\n").expect("valid");
        assert_eq!(
            config.inline_suppressions,
            InlineSuppressions {
                default: false,
                rules: BTreeMap::new()
            }
        );
        let err = parse("inline-suppressions: sometimes\n").expect_err("error");
        assert!(err.contains("takes true, false, or a mapping"), "{err}");
    }

    #[test]
    fn unknown_rule_ids_anywhere_are_named() {
        let err = parse(
            "select: [privileged-containr]\nignore: [no-such-rule]\nseverity: {image-not-pined: info}\ninline-suppressions: {host-netwrk: false}\nexceptions:\n  - rules: [hostnetwork, privileged-container]\n    reason: x\n",
        )
        .expect_err("error");
        assert_eq!(
            err,
            "invalid configuration: unknown rule id `privileged-containr` (did you mean `privileged-container`?) in `select`; unknown rule id `no-such-rule` in `ignore`; unknown rule id `image-not-pined` (did you mean `image-not-pinned`?) in `severity`; unknown rule id `host-netwrk` (did you mean `host-network`?) in `inline-suppressions`; unknown rule id `hostnetwork` (did you mean `host-network`?) in `exceptions[0].rules`"
        );
        let err = parse("exceptions:\n  - rules: [expired-exception]\n    reason: x\n")
            .expect_err("error");
        assert_eq!(
            err,
            "invalid configuration: `expired-exception` in `exceptions[0].rules` cannot be used there (only `ignore` and `severity` take it)"
        );
    }

    #[test]
    fn exception_problems_are_errors() {
        let err = parse(
            "exceptions:\n  - rules: [host-network]\n  - names: ['a[']\n    reason: ''\n    expires: 2026-02-30\n  - reason: everything\n",
        )
        .expect_err("error");
        assert_eq!(
            err,
            "invalid configuration: `exceptions[0]` has no `reason` (every exception says why); invalid glob `a[` in `exceptions[1].names`: unclosed character class; missing ']'; `exceptions[1]` has no `reason` (every exception says why); invalid date `2026-02-30` (expected YYYY-MM-DD, e.g. 2026-03-31) in `exceptions[1].expires`; `exceptions[2]` matches everything: give at least one of rules, paths, namespaces, kinds, names, containers"
        );
        let err =
            parse("exceptions:\n  - rules: [host-network]\n    reason: x\n    until: 2026-01-01\n")
                .expect_err("error");
        assert!(err.contains("unknown field `until`"), "{err}");
        let err =
            parse("exceptions:\n  - rules: [host-network]\n    reason: x\n    names: {a: b}\n")
                .expect_err("error");
        assert!(
            err.contains("expected a string or a list of strings"),
            "{err}"
        );
    }

    #[test]
    fn config_paths_are_shown_relative_to_the_current_directory() {
        let cwd = std::env::current_dir()
            .and_then(std::fs::canonicalize)
            .expect("cwd");
        assert_eq!(
            display_path(Path::new("a/.kubeward.yaml")),
            "a/.kubeward.yaml"
        );
        assert_eq!(display_path(&cwd.join(".kubeward.yaml")), ".kubeward.yaml");
        if let Some(parent) = cwd.parent().filter(|p| p.parent().is_some()) {
            assert_eq!(
                display_path(&parent.join(".kubeward.yaml")),
                "../.kubeward.yaml"
            );
        }
    }

    #[test]
    fn empty_file_is_the_default() {
        assert_eq!(parse("# nothing\n").expect("valid"), Config::default());
    }
}
