//! Kubernetes label selectors, with the API server's semantics: `matchLabels` and
//! `matchExpressions` are ANDed; an empty selector matches everything (for NetworkPolicy,
//! PDB, Deployment selectors), while a Service's plain `selector` map is handled by
//! [`LabelSelector::from_map`].

use kubeward_model::Node;
use std::collections::BTreeMap;

pub type Labels = BTreeMap<String, String>;

/// Reads a `key: value` string map (labels, a Service selector). Non-string values are kept as
/// written (`8080`, `true`), as the API server would reject them anyway.
pub fn string_map(node: Option<&Node>) -> Labels {
    node.map(Node::entries)
        .unwrap_or(&[])
        .iter()
        .filter_map(|e| {
            e.value
                .text()
                .map(|v| (e.key_str().to_string(), v.to_string()))
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    pub key: String,
    pub operator: Operator,
    pub values: Vec<String>,
}

impl Requirement {
    fn matches(&self, labels: &Labels) -> bool {
        let value = labels.get(&self.key);
        match self.operator {
            Operator::In => value.is_some_and(|v| self.values.contains(v)),
            Operator::NotIn => value.is_none_or(|v| !self.values.contains(v)),
            Operator::Exists => value.is_some(),
            Operator::DoesNotExist => value.is_none(),
        }
    }
}

/// A parsed `metav1.LabelSelector`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelSelector {
    pub match_labels: Labels,
    pub expressions: Vec<Requirement>,
}

/// Why a selector could not be read; it then selects nothing, as the API server would refuse it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelectorError(pub String);

impl LabelSelector {
    /// A selector that matches every label set.
    pub fn everything() -> Self {
        LabelSelector::default()
    }

    /// Equality on every pair of a plain map (Service, ReplicationController selectors).
    pub fn from_map(map: Labels) -> Self {
        LabelSelector {
            match_labels: map,
            expressions: Vec::new(),
        }
    }

    /// Reads a `LabelSelector` node; a missing or null node is the empty selector.
    pub fn parse(node: Option<&Node>) -> Result<Self, SelectorError> {
        let Some(node) = node.filter(|n| !n.is_null()) else {
            return Ok(Self::everything());
        };
        if !node.is_map() {
            return Err(SelectorError("a label selector must be a mapping".into()));
        }
        let mut selector = LabelSelector {
            match_labels: string_map(node.get("matchLabels")),
            expressions: Vec::new(),
        };
        for expr in node.get("matchExpressions").map(Node::items).unwrap_or(&[]) {
            let key = expr
                .get("key")
                .and_then(Node::text)
                .ok_or_else(|| SelectorError("matchExpressions entry without a key".into()))?;
            let op = expr.get("operator").and_then(Node::text).unwrap_or("");
            let operator = match op {
                "In" => Operator::In,
                "NotIn" => Operator::NotIn,
                "Exists" => Operator::Exists,
                "DoesNotExist" => Operator::DoesNotExist,
                other => {
                    return Err(SelectorError(format!(
                        "unknown matchExpressions operator `{other}`"
                    )));
                }
            };
            let values: Vec<String> = expr
                .get("values")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .filter_map(|v| v.text().map(str::to_string))
                .collect();
            let needs_values = matches!(operator, Operator::In | Operator::NotIn);
            if needs_values == values.is_empty() {
                return Err(SelectorError(format!(
                    "operator `{op}` {} values",
                    if needs_values { "needs" } else { "takes no" }
                )));
            }
            selector.expressions.push(Requirement {
                key: key.to_string(),
                operator,
                values,
            });
        }
        Ok(selector)
    }

    /// The selector in Kubernetes' string syntax (`kubectl get -l`): `app=web,tier in (a,b),
    /// canary,!legacy`; `{}` for the empty selector, which matches everything.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self
            .match_labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        for r in &self.expressions {
            parts.push(match r.operator {
                Operator::In => format!("{} in ({})", r.key, r.values.join(",")),
                Operator::NotIn => format!("{} notin ({})", r.key, r.values.join(",")),
                Operator::Exists => r.key.clone(),
                Operator::DoesNotExist => format!("!{}", r.key),
            });
        }
        if parts.is_empty() {
            "{}".to_string()
        } else {
            parts.join(",")
        }
    }

    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.expressions.is_empty()
    }

    pub fn matches(&self, labels: &Labels) -> bool {
        self.match_labels
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v))
            && self.expressions.iter().all(|r| r.matches(labels))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn selector(yaml: &str) -> Result<LabelSelector, SelectorError> {
        let text = format!("kind: X\napiVersion: v1\nsel:\n{yaml}");
        let load = kubeward_loader::load_bytes(
            "s.yaml".into(),
            text.as_bytes(),
            false,
            &kubeward_loader::LoadOptions::default(),
        );
        let object = &load.objects[0];
        LabelSelector::parse(object.root.get("sel"))
    }

    #[test]
    fn empty_selector_matches_everything() {
        assert!(LabelSelector::everything().matches(&labels(&[])));
        assert!(
            selector("  {}")
                .expect("valid")
                .matches(&labels(&[("a", "b")]))
        );
    }

    #[test]
    fn match_labels_and_expressions_are_anded() {
        let s = selector(
            "  matchLabels: {app: web}\n  matchExpressions:\n    - {key: tier, operator: In, values: [front, edge]}\n    - {key: canary, operator: DoesNotExist}\n",
        )
        .expect("valid");
        assert!(s.matches(&labels(&[("app", "web"), ("tier", "edge")])));
        assert!(!s.matches(&labels(&[("app", "web"), ("tier", "back")])));
        assert!(!s.matches(&labels(&[
            ("app", "web"),
            ("tier", "edge"),
            ("canary", "1")
        ])));
        assert!(!s.matches(&labels(&[("tier", "edge")])));
    }

    #[test]
    fn not_in_matches_a_missing_key() {
        let s = selector("  matchExpressions: [{key: env, operator: NotIn, values: [prod]}]\n")
            .expect("valid");
        assert!(s.matches(&labels(&[])));
        assert!(s.matches(&labels(&[("env", "dev")])));
        assert!(!s.matches(&labels(&[("env", "prod")])));
    }

    #[test]
    fn invalid_selectors_are_errors() {
        assert_eq!(
            selector("  matchExpressions: [{key: a, operator: Equals, values: [b]}]\n"),
            Err(SelectorError(
                "unknown matchExpressions operator `Equals`".into()
            ))
        );
        assert_eq!(
            selector("  matchExpressions: [{key: a, operator: In}]\n"),
            Err(SelectorError("operator `In` needs values".into()))
        );
        assert_eq!(
            selector("  matchExpressions: [{key: a, operator: Exists, values: [x]}]\n"),
            Err(SelectorError("operator `Exists` takes no values".into()))
        );
    }
}
