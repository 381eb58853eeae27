use super::helpers::{label_key_problem, label_value_problem};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, NodeKind, Object, References, Scalar, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Labels the API server rejects, in `metadata.labels` of the object and of every template
    /// inside it (pod templates, job templates, volume claim templates):
    /// - keys that are not `[prefix/]name`, with a lowercase DNS-subdomain prefix of at most
    ///   253 characters and a name of 1 to 63 characters, alphanumeric at both ends with only
    ///   `-`, `_` and `.` inside;
    /// - values longer than 63 characters or not of that same form (empty values are fine);
    /// - values that YAML reads as something other than a string: `enabled: yes`,
    ///   `version: 1.10`, `port: 8080`, a null (`team:` with nothing after it). Label values
    ///   must be strings, and `1.10` would become `1.1` even if they were not.
    ///
    /// ## Why it matters
    /// The API server rejects the whole object, so the error surfaces at deploy time, and
    /// unquoted values are easy to miss in review: `yes` and `1.10` look like strings to people
    /// and not to YAML.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    ///   labels:
    ///     managed: yes
    /// data:
    ///   LOG_LEVEL: info
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    ///   labels:
    ///     managed: "yes"
    /// data:
    ///   LOG_LEVEL: info
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Labels and Selectors", "Syntax and character set"
    pub struct InvalidLabel {
        id: "invalid-label",
        title: "Label key or value is invalid",
        severity: Severity::Low,
        category: Category::Metadata,
        scope: Scope::AnyObject,
        remediation: "Quote label values so YAML reads them as strings, and keep keys and values to the Kubernetes label syntax (at most 63 characters, alphanumeric at both ends, `-`, `_` and `.` inside).",
        references: References {
            kube_score: &["label-values"],
            ..References::NONE
        },
    }
}

/// What YAML decoded a non-string scalar to, for messages.
fn non_string(node: &Node) -> Option<&'static str> {
    match &node.kind {
        NodeKind::Scalar { value, .. } => match value {
            Scalar::Str => None,
            Scalar::Null => Some("null"),
            Scalar::Bool(_) => Some("a boolean"),
            Scalar::Int(_) | Scalar::Float(_) => Some("a number"),
        },
        _ => Some("not a scalar"),
    }
}

fn check_labels(labels: &Node, cx: &mut RuleContext<'_>) {
    for entry in labels.entries() {
        let key = entry.key_str();
        if let Some(problem) = label_key_problem(key) {
            cx.report(&entry.key, format!("label key `{key}` {problem}"));
        }
        let value = &entry.value;
        match non_string(value) {
            Some("null") => cx.report(
                value,
                format!("label `{key}` has no value (YAML null); write `\"\"` for an empty value"),
            ),
            Some(what) => {
                let text = value.text().unwrap_or("");
                cx.report(
                    value,
                    format!(
                        "label `{key}` has the value `{text}`, which YAML reads as {what}; label values must be strings (quote it: \"{text}\")"
                    ),
                );
            }
            None => {
                let text = value.text().unwrap_or("");
                if let Some(problem) = label_value_problem(text) {
                    cx.report(value, format!("label `{key}` value `{text}` {problem}"));
                }
            }
        }
    }
}

/// Checks `metadata.labels` of `node` and of every mapping under it that has `metadata`.
fn walk(node: &Node, cx: &mut RuleContext<'_>) {
    match &node.kind {
        NodeKind::Map(entries) => {
            for entry in entries {
                if entry.key_str() == "metadata"
                    && let Some(labels) = entry.value.get("labels")
                    && labels.is_map()
                {
                    check_labels(labels, cx);
                }
                walk(&entry.value, cx);
            }
        }
        NodeKind::Seq(items) => items.iter().for_each(|item| walk(item, cx)),
        NodeKind::Scalar { .. } => {}
    }
}

impl Rule for InvalidLabel {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        walk(&object.root, cx);
    }
}
