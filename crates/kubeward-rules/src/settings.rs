//! Rule options: the knobs a few rules read (target Kubernetes version, allowed registries,
//! required labels, …). Set from `.kubeward.yaml` (`settings:`) and flags; rules read them with
//! `cx.settings()`. Plain data: the same settings drive the scanner, the webhook and the audit.

use serde::Deserialize;
use std::fmt;
use std::str::FromStr;

/// A Kubernetes minor version (`1.37`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KubeVersion {
    pub major: u32,
    pub minor: u32,
}

impl KubeVersion {
    /// The newest stable Kubernetes release kubeward knows (the default target).
    pub const NEWEST: KubeVersion = KubeVersion::new(1, 37);

    pub const fn new(major: u32, minor: u32) -> Self {
        KubeVersion { major, minor }
    }

    pub fn at_least(self, major: u32, minor: u32) -> bool {
        self >= KubeVersion::new(major, minor)
    }
}

impl Default for KubeVersion {
    fn default() -> Self {
        KubeVersion::NEWEST
    }
}

impl fmt::Display for KubeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl FromStr for KubeVersion {
    type Err = String;

    /// Accepts `1.37`, `v1.37` and `1.37.2` (the patch is ignored).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("invalid Kubernetes version `{s}` (expected e.g. 1.37)");
        let trimmed = s.trim().trim_start_matches('v');
        let mut parts = trimmed.split('.');
        let major = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let minor = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        if major != 1 {
            return Err(bad());
        }
        Ok(KubeVersion::new(major, minor))
    }
}

impl<'de> Deserialize<'de> for KubeVersion {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // YAML `1.30` arrives as a float; accept strings and numbers alike.
        let value = serde_json::Value::deserialize(d)?;
        let text = match &value {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            _ => {
                return Err(serde::de::Error::custom(
                    "expected a version such as \"1.37\"",
                ));
            }
        };
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A required label or annotation key, or alternative keys any one of which satisfies the
/// requirement. Written as a string or a list of strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyAlternatives(pub Vec<String>);

impl<'de> Deserialize<'de> for KeyAlternatives {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum OneOrMany {
            One(String),
            Many(Vec<String>),
        }
        match OneOrMany::deserialize(d) {
            Ok(OneOrMany::One(key)) => Ok(KeyAlternatives(vec![key])),
            Ok(OneOrMany::Many(keys)) if !keys.is_empty() => Ok(KeyAlternatives(keys)),
            _ => Err(serde::de::Error::custom(
                "expected a key or a non-empty list of alternative keys",
            )),
        }
    }
}

/// Bounds of one resource's container requests and limits (`resource-out-of-range`). Unset
/// bounds are not checked.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct ResourceRange {
    pub min_request: Option<Quantity>,
    pub max_request: Option<Quantity>,
    pub min_limit: Option<Quantity>,
    pub max_limit: Option<Quantity>,
}

pub use crate::rules::reliability::helpers::Quantity;

/// Options of the rules that have any. Unknown keys are rejected by the config loader.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    /// The Kubernetes version manifests are checked against (deprecated APIs, PSS version).
    pub kubernetes_version: KubeVersion,
    /// Labels every workload must carry (`required-label-missing`). Each entry is a key, or a
    /// list of alternative keys any one of which will do:
    /// `[app.kubernetes.io/name, [owner, team]]`. An empty list turns the rule off.
    pub required_labels: Vec<KeyAlternatives>,
    /// Annotations every workload must carry (`required-annotation-missing`), written like
    /// `required-labels`. Empty (the rule finds nothing) by default.
    pub required_annotations: Vec<KeyAlternatives>,
    /// Annotation keys no object may carry (`forbidden-annotation`); a trailing `*` matches a
    /// prefix (`example.com/*`). Empty by default.
    pub forbidden_annotations: Vec<String>,
    /// The fewest `replicas` a Deployment, StatefulSet, ReplicaSet or ReplicationController,
    /// and the lowest `minReplicas` an HPA, may have (`too-few-replicas`,
    /// `hpa-min-replicas-too-low`). Default 2.
    pub min_replicas: i64,
    /// Allowed container requests and limits per resource name (`resource-out-of-range`):
    /// `{cpu: {max-limit: "4"}, memory: {min-request: 64Mi, max-limit: 8Gi}}`. Empty by default.
    pub resource_ranges: std::collections::BTreeMap<String, ResourceRange>,
    /// Registries (or registry paths) images may come from (`untrusted-registry`):
    /// `[registry.example.com, ghcr.io/example, docker.io/library]`. An image matches an entry
    /// equal to its registry and repository path or to a `/`-bounded prefix of it; Docker Hub
    /// images without a host are `docker.io/...` (official ones `docker.io/library/...`). Empty
    /// (the rule finds nothing) by default.
    pub allowed_registries: Vec<String>,
    /// Base images the final stage of a Dockerfile counts as minimal on
    /// (`dockerfile-base-image-not-minimal`): patterns matched against the image as written,
    /// lowercased, digest removed, where `*` matches any text (`/` included):
    /// `[scratch, "gcr.io/distroless/*", "*:*-slim*"]`. Default [`DEFAULT_MINIMAL_BASE_IMAGES`];
    /// an empty list turns the rule off.
    pub minimal_base_images: Vec<String>,
    /// Labels the final stage of every Dockerfile must carry, each with the format of its value
    /// (`dockerfile-label-schema`, hadolint's `label-schema`):
    /// `{org.opencontainers.image.source: url, org.opencontainers.image.licenses: spdx}`.
    /// Empty (the rule finds nothing) by default.
    pub dockerfile_label_schema: std::collections::BTreeMap<String, LabelFormat>,
    /// With a schema, labels it does not list are flagged too (hadolint's `strict-labels`).
    pub dockerfile_label_schema_strict: bool,
}

/// The format a label's value must have (`dockerfile-label-schema`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LabelFormat {
    /// Any non-empty text.
    Text,
    /// An absolute URL with a scheme and a host.
    Url,
    /// An e-mail address.
    Email,
    /// An RFC 3339 date and time (`2026-12-04T15:00:00Z`).
    Rfc3339,
    /// An SPDX license expression (`Apache-2.0`, `MIT OR Apache-2.0`).
    Spdx,
    /// A Git commit hash (7 to 40 hexadecimal digits, or 64 for SHA-256 repositories).
    Hash,
    /// A semantic version (`1.2.3`, `2.0.0-rc.1+build.5`).
    Semver,
}

/// The default `minimal-base-images`: scratch, distroless, Alpine (the image or an `-alpine`
/// tag), `-slim` tags, Chainguard and Wolfi images.
pub const DEFAULT_MINIMAL_BASE_IMAGES: &[&str] = &[
    "scratch",
    "*distroless*",
    "alpine",
    "alpine:*",
    "*/alpine",
    "*/alpine:*",
    "*:*alpine*",
    "*:*slim*",
    "cgr.dev/chainguard/*",
    "*chainguard*",
    "*wolfi*",
];

impl Default for Settings {
    fn default() -> Self {
        Settings {
            kubernetes_version: KubeVersion::NEWEST,
            required_labels: vec![
                KeyAlternatives(vec!["app.kubernetes.io/name".into()]),
                KeyAlternatives(vec![
                    "owner".into(),
                    "team".into(),
                    "app.kubernetes.io/owner".into(),
                ]),
            ],
            required_annotations: Vec::new(),
            forbidden_annotations: Vec::new(),
            min_replicas: 2,
            resource_ranges: std::collections::BTreeMap::new(),
            allowed_registries: Vec::new(),
            minimal_base_images: DEFAULT_MINIMAL_BASE_IMAGES
                .iter()
                .map(|s| s.to_string())
                .collect(),
            dockerfile_label_schema: std::collections::BTreeMap::new(),
            dockerfile_label_schema_strict: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_and_order() {
        assert_eq!("1.30".parse::<KubeVersion>(), Ok(KubeVersion::new(1, 30)));
        assert_eq!(
            "v1.29.3".parse::<KubeVersion>(),
            Ok(KubeVersion::new(1, 29))
        );
        assert!("2.0".parse::<KubeVersion>().is_err());
        assert!(KubeVersion::new(1, 37).at_least(1, 35));
    }
}
