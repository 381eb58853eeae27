//! Shared logic of the reliability rules: resource quantities, label selectors, replica counts.

use crate::RuleContext;
use kubeward_model::{ContainerKind, Node, Object, PodSpecView, Scalar};
use serde::Deserialize;
use std::fmt;
use std::str::FromStr;

// ---------------------------------------------------------------------------------------------
// Resource quantities
// ---------------------------------------------------------------------------------------------

/// A Kubernetes resource quantity (`500m`, `1.5`, `256Mi`, `1e3`) and the number it stands for.
/// Compared by value, so `500m` equals `0.5` and `1Gi` equals `1024Mi`.
#[derive(Clone, Debug)]
pub struct Quantity {
    pub text: String,
    pub value: f64,
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        self.value.partial_cmp(&other.value)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Quantity {
    /// Parses the Kubernetes quantity grammar: a signed decimal number, then a binary suffix
    /// (`Ki` … `Ei`), a decimal suffix (`n`, `u`, `m`, `k`, `M`, `G`, `T`, `P`, `E`) or a
    /// decimal exponent (`e3`, `E-2`). `None` for anything else.
    pub fn parse(text: &str) -> Option<Quantity> {
        let s = text.trim();
        let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
        let digits_end = unsigned
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(unsigned.len());
        let (number, suffix) = unsigned.split_at(digits_end);
        if !number.chars().any(|c| c.is_ascii_digit()) || number.matches('.').count() > 1 {
            return None;
        }
        let number: f64 = number.parse().ok()?;
        let factor = match suffix {
            "" => 1.0,
            "n" => 1e-9,
            "u" => 1e-6,
            "m" => 1e-3,
            "k" => 1e3,
            "M" => 1e6,
            "G" => 1e9,
            "T" => 1e12,
            "P" => 1e15,
            "E" => 1e18,
            "Ki" => 1024f64,
            "Mi" => 1024f64.powi(2),
            "Gi" => 1024f64.powi(3),
            "Ti" => 1024f64.powi(4),
            "Pi" => 1024f64.powi(5),
            "Ei" => 1024f64.powi(6),
            exp if exp.starts_with(['e', 'E']) => {
                let exponent: i32 = exp[1..].parse().ok()?;
                10f64.powi(exponent)
            }
            _ => return None,
        };
        let sign = if s.starts_with('-') { -1.0 } else { 1.0 };
        Some(Quantity {
            text: s.to_string(),
            value: sign * number * factor,
        })
    }

    /// The quantity a manifest node holds: a string (`500m`) or a YAML number (`2`, `0.5`).
    pub fn of_node(node: &Node) -> Option<Quantity> {
        match &node.kind {
            kubeward_model::NodeKind::Scalar {
                text,
                value: Scalar::Str | Scalar::Int(_) | Scalar::Float(_),
            } => Quantity::parse(text),
            _ => None,
        }
    }
}

impl FromStr for Quantity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Quantity::parse(s).ok_or_else(|| {
            format!("invalid resource quantity `{s}` (expected e.g. 500m, 2, 256Mi, 1Gi)")
        })
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // `cpu: 2` arrives as a number, `cpu: 500m` as a string.
        let value = serde_json::Value::deserialize(d)?;
        let text = match &value {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            _ => {
                return Err(serde::de::Error::custom(
                    "expected a resource quantity such as \"500m\" or \"256Mi\"",
                ));
            }
        };
        text.parse().map_err(serde::de::Error::custom)
    }
}

// ---------------------------------------------------------------------------------------------
// Label selectors
// ---------------------------------------------------------------------------------------------

/// A selector requirement that a set of labels does not meet.
pub(super) struct Unmet<'a> {
    /// The `matchLabels` entry value or the `matchExpressions` item that fails.
    pub node: &'a Node,
    /// The requirement as written (`app: web`, `tier In [api, web]`).
    pub requirement: String,
    /// What the labels hold instead (`app: webapp`, `no label \`tier\``).
    pub found: String,
}

fn label<'n>(labels: &'n Node, key: &str) -> Option<&'n str> {
    labels.get(key).and_then(Node::text)
}

fn found(labels: &Node, key: &str) -> String {
    match label(labels, key) {
        Some(v) => format!("`{key}: {v}`"),
        None => format!("no label `{key}`"),
    }
}

/// The requirements of a `LabelSelector` (`matchLabels` and `matchExpressions`) that `labels`
/// (a labels mapping; may be the empty node) do not meet. Empty when the selector selects them.
pub(super) fn unmet_requirements<'a>(selector: &'a Node, labels: &Node) -> Vec<Unmet<'a>> {
    let mut unmet = Vec::new();
    if let Some(match_labels) = selector.get("matchLabels") {
        unmet.extend(unmet_match_labels(match_labels, labels));
    }
    for expr in selector
        .get("matchExpressions")
        .map(Node::items)
        .unwrap_or(&[])
    {
        let key = expr.get("key").and_then(Node::text).unwrap_or("");
        let operator = expr.get("operator").and_then(Node::text).unwrap_or("");
        let values: Vec<&str> = expr
            .get("values")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .filter_map(Node::text)
            .collect();
        let have = label(labels, key);
        let met = match operator {
            "In" => have.is_some_and(|v| values.contains(&v)),
            "NotIn" => have.is_none_or(|v| !values.contains(&v)),
            "Exists" => have.is_some(),
            "DoesNotExist" => have.is_none(),
            // An unknown operator is a schema error; the API server rejects it.
            _ => true,
        };
        if !met {
            let requirement = if values.is_empty() {
                format!("{key} {operator}")
            } else {
                format!("{key} {operator} [{}]", values.join(", "))
            };
            unmet.push(Unmet {
                node: expr,
                requirement,
                found: found(labels, key),
            });
        }
    }
    unmet
}

/// The entries of an equality-based selector map (`matchLabels`, or a ReplicationController's
/// `selector`) that `labels` do not hold.
pub(super) fn unmet_match_labels<'a>(match_labels: &'a Node, labels: &Node) -> Vec<Unmet<'a>> {
    match_labels
        .entries()
        .iter()
        .filter(|e| label(labels, e.key_str()) != e.value.text())
        .map(|e| Unmet {
            node: &e.value,
            requirement: format!("{}: {}", e.key_str(), e.value.text().unwrap_or("")),
            found: found(labels, e.key_str()),
        })
        .collect()
}

/// Whether a selector that may be absent (`labelSelector` of an affinity term or a topology
/// spread constraint) selects `labels`. An absent or null selector selects nothing; an empty
/// one selects every pod.
pub(super) fn selects(selector: Option<&Node>, labels: &Node) -> bool {
    match selector {
        Some(sel) if sel.is_map() => unmet_requirements(sel, labels).is_empty(),
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Controllers and replicas
// ---------------------------------------------------------------------------------------------

/// Kinds whose `spec.replicas` sets how many pods run.
pub(super) const REPLICATED_KINDS: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "ReplicaSet",
    "ReplicationController",
];

/// `spec.replicas` of a replicated workload.
#[derive(Clone, Copy, Debug)]
pub(super) enum Replicas<'a> {
    /// Not set: Kubernetes runs one pod.
    Unset,
    Set(&'a Node, i64),
}

impl Replicas<'_> {
    pub fn count(&self) -> i64 {
        match self {
            Replicas::Unset => 1,
            Replicas::Set(_, n) => *n,
        }
    }
}

/// The object's `spec.replicas`; `None` when it is not an integer (a template placeholder or a
/// schema error: nothing to judge).
pub(super) fn replicas(object: &Object) -> Option<Replicas<'_>> {
    match object.root.path(&["spec", "replicas"]) {
        None => Some(Replicas::Unset),
        Some(n) if n.is_null() => Some(Replicas::Unset),
        Some(n) => n.as_i64().map(|count| Replicas::Set(n, count)),
    }
}

/// Whether another object controls this one (`metadata.ownerReferences`): a ReplicaSet of a
/// Deployment, a Job of a CronJob, a Pod of any controller, as a cluster audit lists them. Such
/// objects are judged through their owner.
pub(super) fn is_owned(object: &Object) -> bool {
    !object
        .metadata()
        .get("ownerReferences")
        .map(Node::items)
        .unwrap_or(&[])
        .is_empty()
}

/// The labels of the pod template of a workload object (the empty node when it has none).
pub(super) fn template_labels(object: &Object) -> &Node {
    let path: &[&str] = match object.kind() {
        "CronJob" => &[
            "spec",
            "jobTemplate",
            "spec",
            "template",
            "metadata",
            "labels",
        ],
        "PodTemplate" => &["template", "metadata", "labels"],
        "Pod" => &["metadata", "labels"],
        _ => &["spec", "template", "metadata", "labels"],
    };
    object.root.path(path).unwrap_or(Node::empty())
}

// ---------------------------------------------------------------------------------------------
// Container resources
// ---------------------------------------------------------------------------------------------

/// Reports every container and init container (ephemeral containers may not set resources)
/// that sets neither `resources.<section>.<name>` nor, for a request, the limit it defaults to.
/// Reported at the deepest node of `resources.<section>` that exists.
pub(super) fn check_resource_missing(
    pod: &PodSpecView<'_>,
    cx: &mut RuleContext<'_>,
    section: &str,
    name: &str,
) {
    let sets = |c: &Node, s: &str| {
        c.path(&["resources", s, name])
            .is_some_and(|n| !n.is_null())
    };
    let noun = if section == "requests" {
        "request"
    } else {
        "limit"
    };
    for c in pod.containers() {
        if c.kind == ContainerKind::Ephemeral
            || sets(c.node, section)
            || (section == "requests" && sets(c.node, "limits"))
        {
            continue;
        }
        let (at, _) = c.node.deepest(&["resources", section]);
        cx.report_container(
            &c,
            at,
            format!(
                "{} has no {name} {noun} (`resources.{section}.{name}`)",
                c.describe()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> f64 {
        Quantity::parse(s).map(|q| q.value).unwrap_or(f64::NAN)
    }

    #[test]
    fn quantities_parse_like_kubernetes() {
        assert_eq!(q("500m"), 0.5);
        assert_eq!(q("2"), 2.0);
        assert_eq!(q("1.5"), 1.5);
        assert_eq!(q(".5"), 0.5);
        assert_eq!(q("1Ki"), 1024.0);
        assert_eq!(q("256Mi"), 256.0 * 1024.0 * 1024.0);
        assert_eq!(q("1G"), 1e9);
        assert_eq!(q("1e3"), 1000.0);
        assert!((q("12E-1") - 1.2).abs() < 1e-12);
        assert_eq!(q("1E"), 1e18);
        assert_eq!(q("-1"), -1.0);
        for bad in ["", "m", "1.2.3", "1GB", "1 Gi", "abc", "1e", "Mi"] {
            assert!(Quantity::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(Quantity::parse("500m"), Quantity::parse("0.5"));
        assert_eq!(Quantity::parse("1Gi"), Quantity::parse("1024Mi"));
    }

    #[test]
    fn resource_ranges_deserialize_and_reject_bad_quantities() {
        use crate::settings::Settings;
        let settings: Settings = serde_json::from_value(serde_json::json!({
            "min-replicas": 3,
            "resource-ranges": {"cpu": {"max-limit": 4, "min-request": "10m"}},
        }))
        .expect("valid settings");
        assert_eq!(settings.min_replicas, 3);
        let cpu = &settings.resource_ranges["cpu"];
        assert_eq!(cpu.max_limit.as_ref().map(|q| q.value), Some(4.0));
        assert_eq!(
            cpu.min_request.as_ref().map(|q| q.text.as_str()),
            Some("10m")
        );
        assert!(cpu.max_request.is_none() && cpu.min_limit.is_none());
        for bad in [
            serde_json::json!({"resource-ranges": {"cpu": {"max-limit": "4 cores"}}}),
            serde_json::json!({"resource-ranges": {"cpu": {"maximum": "4"}}}),
            serde_json::json!({"resource-ranges": {"cpu": {"max-limit": true}}}),
        ] {
            assert!(
                serde_json::from_value::<Settings>(bad.clone()).is_err(),
                "{bad}"
            );
        }
        assert_eq!(Settings::default().min_replicas, 2);
    }
}
