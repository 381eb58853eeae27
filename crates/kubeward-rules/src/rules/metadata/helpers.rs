//! Shared logic of the metadata rules: which kinds are namespaced, label syntax, required keys.

use crate::RuleContext;
use crate::settings::KeyAlternatives;
use kubeward_model::{Node, Object};

/// Workload kinds, as their own objects (not their templates).
pub(super) const WORKLOAD_KINDS: &[&str] = &[
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
];

/// Built-in kinds that are not namespaced (`kubectl api-resources --namespaced=false`, up to
/// Kubernetes 1.34), including removed ones (PodSecurityPolicy) and alpha/beta ones.
const CLUSTER_SCOPED_KINDS: &[&str] = &[
    "APIService",
    "CertificateSigningRequest",
    "ClusterCIDR",
    "ClusterRole",
    "ClusterRoleBinding",
    "ClusterTrustBundle",
    "ComponentStatus",
    "CSIDriver",
    "CSINode",
    "CustomResourceDefinition",
    "DeviceClass",
    "FlowSchema",
    "IngressClass",
    "IPAddress",
    "MutatingAdmissionPolicy",
    "MutatingAdmissionPolicyBinding",
    "MutatingWebhookConfiguration",
    "Namespace",
    "Node",
    "PersistentVolume",
    "PodSecurityPolicy",
    "PriorityClass",
    "PriorityLevelConfiguration",
    "ResourceSlice",
    "RuntimeClass",
    "SelfSubjectAccessReview",
    "SelfSubjectReview",
    "SelfSubjectRulesReview",
    "ServiceCIDR",
    "StorageClass",
    "StorageVersion",
    "StorageVersionMigration",
    "SubjectAccessReview",
    "TokenReview",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "ValidatingWebhookConfiguration",
    "VolumeAttachment",
    "VolumeAttributesClass",
];

/// The API groups Kubernetes itself serves (`kubectl api-versions` of a plain cluster, plus
/// removed ones). Groups that merely end in `.k8s.io` (the Gateway API, volume snapshots) are
/// CRDs and not listed.
const BUILTIN_GROUPS: &[&str] = &[
    "",
    "admissionregistration.k8s.io",
    "apiextensions.k8s.io",
    "apiregistration.k8s.io",
    "apps",
    "authentication.k8s.io",
    "authorization.k8s.io",
    "autoscaling",
    "batch",
    "certificates.k8s.io",
    "coordination.k8s.io",
    "discovery.k8s.io",
    "events.k8s.io",
    "extensions",
    "flowcontrol.apiserver.k8s.io",
    "internal.apiserver.k8s.io",
    "networking.k8s.io",
    "node.k8s.io",
    "policy",
    "rbac.authorization.k8s.io",
    "resource.k8s.io",
    "scheduling.k8s.io",
    "storage.k8s.io",
    "storagemigration.k8s.io",
];

/// Whether the object's API group is a Kubernetes built-in one, whose kinds' scope kubeward
/// knows.
fn is_builtin_group(object: &Object) -> bool {
    BUILTIN_GROUPS.contains(&object.group())
}

/// Whether an object of this kind lives in a namespace. `None` for custom resources, whose scope
/// is in their CustomResourceDefinition, not in the manifest.
pub(super) fn is_namespaced(object: &Object) -> Option<bool> {
    if !is_builtin_group(object) {
        return None;
    }
    Some(!CLUSTER_SCOPED_KINDS.contains(&object.kind()))
}

/// `metadata.namespace` when it is set to a non-empty string.
pub(super) fn namespace(object: &Object) -> Option<&Node> {
    object
        .metadata()
        .get("namespace")
        .filter(|n| n.as_str().is_some_and(|s| !s.is_empty()))
}

/// Whether another object controls this one (`metadata.ownerReferences`).
pub(super) fn is_owned(object: &Object) -> bool {
    !object
        .metadata()
        .get("ownerReferences")
        .map(Node::items)
        .unwrap_or(&[])
        .is_empty()
}

// ---------------------------------------------------------------------------------------------
// Required keys (labels, annotations)
// ---------------------------------------------------------------------------------------------

/// Reports each requirement of `required` that the mapping `map` (labels or annotations,
/// `field` names it in messages) does not meet. A key with an empty value does not meet it.
/// Reported at the mapping, else at `metadata`, else at the object.
pub(super) fn check_required(
    object: &Object,
    cx: &mut RuleContext<'_>,
    field: &str,
    noun: &str,
    required: &[KeyAlternatives],
) {
    let map = object.metadata().get(field).unwrap_or(Node::empty());
    for requirement in required {
        let met = requirement.0.iter().any(|key| {
            map.get(key)
                .and_then(Node::text)
                .is_some_and(|v| !v.is_empty())
        });
        if met {
            continue;
        }
        let (at, _) = object.root.deepest(&["metadata", field]);
        let keys: Vec<String> = requirement.0.iter().map(|k| format!("`{k}`")).collect();
        let message = match keys.as_slice() {
            [one] => format!("{} has no {one} {noun}", object.kind()),
            many => format!(
                "{} has none of the {noun}s {}",
                object.kind(),
                many.join(", ")
            ),
        };
        cx.report(at, message);
    }
}

// ---------------------------------------------------------------------------------------------
// Label syntax (k8s.io/apimachinery/pkg/util/validation)
// ---------------------------------------------------------------------------------------------

/// A label name or value character run: alphanumerics at both ends, `-`, `_`, `.` inside.
fn is_qualified_name_part(s: &str) -> bool {
    let bytes = s.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        }
        _ => false,
    }
}

/// A DNS-1123 subdomain: lowercase alphanumerics, `-` and `.`, alphanumeric at both ends of
/// each dot-separated part, at most 253 characters.
fn is_dns_subdomain(s: &str) -> bool {
    s.len() <= 253
        && s.split('.').all(|part| {
            let b = part.as_bytes();
            match (b.first(), b.last()) {
                (Some(first), Some(last)) => {
                    (first.is_ascii_lowercase() || first.is_ascii_digit())
                        && (last.is_ascii_lowercase() || last.is_ascii_digit())
                        && b.iter()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
                }
                _ => false,
            }
        })
}

/// Why `key` is not a valid label key (`[prefix/]name`), or `None` when it is.
pub(super) fn label_key_problem(key: &str) -> Option<String> {
    let (prefix, name) = match key.split_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, key),
    };
    if name.contains('/') {
        return Some("has more than one `/`".to_string());
    }
    if let Some(prefix) = prefix
        && !is_dns_subdomain(prefix)
    {
        return Some(format!(
            "has the prefix `{prefix}`, which is not a lowercase DNS subdomain of at most 253 characters"
        ));
    }
    if name.is_empty() {
        return Some("has an empty name".to_string());
    }
    if name.len() > 63 {
        return Some(format!(
            "has a name of {} characters (at most 63 are allowed)",
            name.len()
        ));
    }
    if !is_qualified_name_part(name) {
        return Some(
            "has a name that is not alphanumeric at both ends with only `-`, `_` and `.` inside"
                .to_string(),
        );
    }
    None
}

/// Why `value` is not a valid label value, or `None` when it is.
pub(super) fn label_value_problem(value: &str) -> Option<String> {
    if value.is_empty() {
        return None;
    }
    if value.len() > 63 {
        return Some(format!(
            "is {} characters long (at most 63 are allowed)",
            value.len()
        ));
    }
    if !is_qualified_name_part(value) {
        return Some(
            "is not alphanumeric at both ends with only `-`, `_` and `.` inside".to_string(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_keys_follow_kubernetes_syntax() {
        for good in [
            "app",
            "app.kubernetes.io/name",
            "example.com/a_b-c.d",
            "A1",
            "x",
            &"a".repeat(63),
        ] {
            assert_eq!(label_key_problem(good), None, "{good}");
        }
        for bad in [
            "",
            "/name",
            "a/b/c",
            "Example.com/name",
            "example.com/",
            "-app",
            "app-",
            "app name",
            "exa_mple.com/name",
            &"a".repeat(64),
        ] {
            assert!(label_key_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn label_values_follow_kubernetes_syntax() {
        for good in ["", "web", "v1.2.3", "A_b-C", &"a".repeat(63)] {
            assert_eq!(label_value_problem(good), None, "{good}");
        }
        for bad in ["-web", "web-", "a b", "a/b", "ü", &"a".repeat(64)] {
            assert!(label_value_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn required_keys_are_keys_or_lists_of_alternatives() {
        use crate::settings::Settings;
        let settings: Settings = serde_json::from_value(serde_json::json!({
            "required-labels": ["app.kubernetes.io/name", ["owner", "team"]],
            "required-annotations": [],
        }))
        .expect("valid settings");
        assert_eq!(
            settings.required_labels,
            vec![
                KeyAlternatives(vec!["app.kubernetes.io/name".into()]),
                KeyAlternatives(vec!["owner".into(), "team".into()]),
            ]
        );
        assert!(settings.required_annotations.is_empty());
        for bad in [
            serde_json::json!({"required-labels": [[]]}),
            serde_json::json!({"required-labels": [1]}),
            serde_json::json!({"required-labels": "owner"}),
        ] {
            assert!(
                serde_json::from_value::<Settings>(bad.clone()).is_err(),
                "{bad}"
            );
        }
        let defaults = Settings::default();
        assert_eq!(defaults.required_labels.len(), 2);
        assert!(defaults.forbidden_annotations.is_empty());
    }
}
