use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_graph::rbac::RBAC_GROUP;
use kubeward_model::{Category, Node, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Roles and ClusterRoles with `*` in a rule's `verbs`, `resources` or `apiGroups`, reported
    /// at the first `*` of each such rule. Judged on the role as written, once: the bindings of
    /// a role that grants everything are `rbac-cluster-admin-binding`'s. Not checked: the
    /// built-in `cluster-admin` and `system:` roles (Kubernetes' own, present in cluster dumps),
    /// and aggregated ClusterRoles, whose rules the controller writes from the roles it
    /// aggregates (those are checked).
    ///
    /// ## Why it matters
    /// A wildcard grants today's resources and verbs and every one added later: `*` resources
    /// include Secrets and `pods/exec`, `*` verbs include `escalate`, `bind` and `impersonate`,
    /// `*` API groups include every CRD installed next year. Nobody reviewing the role can tell
    /// what it allows.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata:
    ///   name: app
    ///   namespace: shop
    /// rules:
    ///   - apiGroups: ["apps"]
    ///     resources: ["*"]
    ///     verbs: ["get", "list"]
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata:
    ///   name: app
    ///   namespace: shop
    /// rules:
    ///   - apiGroups: ["apps"]
    ///     resources: ["deployments", "replicasets"]
    ///     verbs: ["get", "list"]
    /// ```
    ///
    /// ## References
    /// - kube-linter `wildcard-in-rules`; Checkov CKV_K8S_49; Trivy KSV-0044, KSV-0045,
    ///   KSV-0046, KSV-0112
    /// - CIS Kubernetes Benchmark 5.1.3
    pub struct RbacWildcard {
        id: "rbac-wildcard",
        title: "Role uses a wildcard in its rules",
        severity: Severity::High,
        category: Category::Rbac,
        scope: Scope::Graph,
        remediation: "List the API groups, resources and verbs the subject needs instead of `*`.",
        references: References {
            kube_linter: &["wildcard-in-rules"],
            checkov: &["CKV_K8S_49"],
            trivy: &["KSV-0044", "KSV-0045", "KSV-0046", "KSV-0112"],
            cis: &["5.1.3"],
            ..References::NONE
        },
    }
}

const FIELDS: &[&str] = &["verbs", "resources", "apiGroups"];

impl Rule for RbacWildcard {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        for kind in ["ClusterRole", "Role"] {
            for &id in graph.of_kind(kind) {
                let object = graph.object(id);
                let name = object.id.name.as_deref().unwrap_or_default();
                if object.group() != RBAC_GROUP
                    || name == "cluster-admin"
                    || name.starts_with("system:")
                    || (kind == "ClusterRole" && object.root.get("aggregationRule").is_some())
                {
                    continue;
                }
                let role = match graph.namespace_of(id) {
                    Some(ns) if kind == "Role" => format!("Role {ns}/{name}"),
                    _ => format!("ClusterRole {name}"),
                };
                let rules = object.root.get("rules").map(Node::items).unwrap_or(&[]);
                for (i, rule) in rules.iter().enumerate() {
                    let mut starred: Vec<(&str, &Node)> = FIELDS
                        .iter()
                        .filter_map(|f| {
                            let star = rule
                                .get(f)
                                .map(Node::items)
                                .unwrap_or(&[])
                                .iter()
                                .find(|n| n.text() == Some("*"))?;
                            Some((*f, star))
                        })
                        .collect();
                    // In the order they are written.
                    starred.sort_by_key(|(_, n)| n.start());
                    let Some((_, first)) = starred.first() else {
                        continue;
                    };
                    let fields: Vec<String> =
                        starred.iter().map(|(f, _)| format!("`{f}`")).collect();
                    cx.report(
                        id,
                        first,
                        format!("{role} rule {} has `*` in {}", i + 1, fields.join(", ")),
                    );
                }
            }
        }
    }
}
