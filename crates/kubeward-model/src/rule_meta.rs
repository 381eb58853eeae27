//! How a rule describes itself. Everything user-facing about a rule (`kubeward rules`,
//! `kubeward explain`, the README table, SARIF rule metadata) is generated from this.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!(
                    "unknown severity `{s}` (expected one of: info, low, medium, high, critical)"
                )
            })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Security context, capabilities, host namespaces: what the Pod Security Standards cover.
    PodSecurity,
    Images,
    Resources,
    Secrets,
    Rbac,
    Network,
    Metadata,
    Reliability,
    ApiVersions,
    Dockerfile,
    ControlPlane,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::PodSecurity => "pod-security",
            Category::Images => "images",
            Category::Resources => "resources",
            Category::Secrets => "secrets",
            Category::Rbac => "rbac",
            Category::Network => "network",
            Category::Metadata => "metadata",
            Category::Reliability => "reliability",
            Category::ApiVersions => "api-versions",
            Category::Dockerfile => "dockerfile",
            Category::ControlPlane => "control-plane",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which objects a rule looks at. The engine uses it to call a rule only on what it is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Every workload kind, through the pod-spec view.
    PodSpec,
    /// Objects of these kinds only.
    Kinds(&'static [&'static str]),
    /// Every Kubernetes object.
    AnyObject,
    /// Dockerfiles and Containerfiles, one call per file. Their findings name the stage as the
    /// object: `{apiVersion: "kubeward.io/v1", kind: "Dockerfile", name: <stage name or image>}`.
    Dockerfile,
    /// Cross-resource analyses, run once over the graph of every loaded object
    /// (`kubeward-graph`); they report on objects of any kind.
    Graph,
}

/// The `kind` findings and object summaries use for a Dockerfile stage (with an empty
/// `apiVersion`, which no Kubernetes object has).
pub const DOCKERFILE_KIND: &str = "Dockerfile";

impl Scope {
    /// Whether a rule of this scope runs on objects of `kind`. The engine calls rules only where
    /// this holds, and reporters that list what was checked (JUnit) use it too, so both agree.
    /// `List` wrappers are never checked (the loader expands them into their items).
    pub fn applies_to(&self, kind: &str) -> bool {
        if crate::Object::is_list_kind(kind) {
            return false;
        }
        if kind == DOCKERFILE_KIND {
            return *self == Scope::Dockerfile;
        }
        match self {
            Scope::PodSpec => crate::podspec::pod_spec_path(kind).is_some(),
            Scope::Kinds(kinds) => kinds.contains(&kind),
            Scope::AnyObject | Scope::Graph => true,
            Scope::Dockerfile => false,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Scope::PodSpec => "workloads (pod spec)".to_string(),
            Scope::Kinds(kinds) => kinds.join(", "),
            Scope::AnyObject => "any object".to_string(),
            Scope::Dockerfile => "Dockerfiles".to_string(),
            Scope::Graph => "all loaded objects together (cross-resource)".to_string(),
        }
    }
}

/// Equivalent checks of peer tools, by their own ids, and the standards a rule implements.
/// A typed struct so that a misspelled peer key does not compile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct References {
    #[serde(rename = "kube-linter", skip_serializing_if = "<[_]>::is_empty")]
    pub kube_linter: &'static [&'static str],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub polaris: &'static [&'static str],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub checkov: &'static [&'static str],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub trivy: &'static [&'static str],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub kubesec: &'static [&'static str],
    #[serde(rename = "kube-score", skip_serializing_if = "<[_]>::is_empty")]
    pub kube_score: &'static [&'static str],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub pss: &'static [&'static str],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub hadolint: &'static [&'static str],
    /// CIS Kubernetes Benchmark section ids.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub cis: &'static [&'static str],
    /// NSA/CISA Kubernetes Hardening Guide sections.
    #[serde(rename = "nsa-cisa", skip_serializing_if = "<[_]>::is_empty")]
    pub nsa: &'static [&'static str],
}

impl References {
    pub const NONE: References = References {
        kube_linter: &[],
        polaris: &[],
        checkov: &[],
        trivy: &[],
        kubesec: &[],
        kube_score: &[],
        pss: &[],
        hadolint: &[],
        cis: &[],
        nsa: &[],
    };

    /// (key, ids) pairs in a fixed order, skipping empty ones.
    pub fn entries(&self) -> Vec<(&'static str, &'static [&'static str])> {
        [
            ("kube-linter", self.kube_linter),
            ("polaris", self.polaris),
            ("checkov", self.checkov),
            ("trivy", self.trivy),
            ("kubesec", self.kubesec),
            ("kube-score", self.kube_score),
            ("pss", self.pss),
            ("hadolint", self.hadolint),
            ("cis", self.cis),
            ("nsa-cisa", self.nsa),
        ]
        .into_iter()
        .filter(|(_, ids)| !ids.is_empty())
        .collect()
    }
}

/// Everything about a rule except its logic.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct RuleMeta {
    /// Stable, kebab-case id naming the flagged pattern (`privileged-container`).
    pub id: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    pub category: Category,
    #[serde(skip)]
    pub scope: Scope,
    pub remediation: &'static str,
    pub references: References,
    /// The rule's doc comment (Markdown): What it checks, Why it matters, Bad, Good, References.
    #[serde(skip)]
    pub docs: &'static str,
    /// Where the rule is defined, for `explain` and contributors.
    #[serde(skip)]
    pub source_file: &'static str,
}

#[cfg(test)]
mod tests {
    use super::Scope;

    #[test]
    fn scope_applies_to_kinds() {
        assert!(Scope::PodSpec.applies_to("Deployment"));
        assert!(Scope::PodSpec.applies_to("CronJob"));
        assert!(!Scope::PodSpec.applies_to("ConfigMap"));
        assert!(!Scope::PodSpec.applies_to("PodList"));
        assert!(Scope::Kinds(&["Role", "ClusterRole"]).applies_to("Role"));
        assert!(!Scope::Kinds(&["Role"]).applies_to("RoleBinding"));
        assert!(Scope::AnyObject.applies_to("ConfigMap"));
        assert!(!Scope::AnyObject.applies_to("List"));
        assert!(!Scope::AnyObject.applies_to("ConfigMapList"));
        assert!(Scope::Dockerfile.applies_to("Dockerfile"));
        assert!(!Scope::Dockerfile.applies_to("Pod"));
        assert!(!Scope::AnyObject.applies_to("Dockerfile"));
        assert!(!Scope::PodSpec.applies_to("Dockerfile"));
        assert!(Scope::Graph.applies_to("NetworkPolicy"));
        assert!(!Scope::Graph.applies_to("Dockerfile"));
    }
}
