use super::helpers::{is_namespaced, namespace};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Namespaced objects of the built-in API groups that are in the `default` namespace or set
    /// no `metadata.namespace` (and so land in whatever namespace the client is pointed at,
    /// `default` unless told otherwise). Cluster-scoped kinds (Namespace, ClusterRole,
    /// StorageClass, …) are not concerned. Custom resources are skipped: whether their kind is
    /// namespaced is in its CustomResourceDefinition, not in the manifest.
    ///
    /// Manifests that leave the namespace to the deploy step (`kubectl apply -n`, Kustomize's
    /// `namespace:`, `helm install --namespace` with templates that do not set it) are flagged
    /// too: the namespace then depends on how the manifest is applied. Render them with the
    /// namespace set (`kustomize build`, `helm template --namespace` with charts that write
    /// `.Release.Namespace`) before scanning, or turn the rule off.
    ///
    /// ## Why it matters
    /// The `default` namespace is where everything lands that nobody placed: objects there
    /// share one set of RBAC bindings, quotas and network policies (usually none), and are
    /// mixed with whatever else was applied without thought. Namespaces are the unit of
    /// isolation for Pod Security admission, RBAC, quotas and network policies.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: settings
    ///   namespace: default
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
    ///   namespace: shop
    /// data:
    ///   LOG_LEVEL: info
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Namespaces", "Not all objects are in a namespace"
    /// - CIS Kubernetes Benchmark 5.7.4 ("The default namespace should not be used")
    pub struct DefaultNamespace {
        id: "default-namespace",
        title: "Object is in the default namespace",
        severity: Severity::Low,
        category: Category::Metadata,
        scope: Scope::AnyObject,
        remediation: "Set `metadata.namespace` to a namespace created for the application.",
        references: References {
            kube_linter: &["use-namespace"],
            checkov: &["CKV_K8S_21"],
            trivy: &["KSV-0110"],
            cis: &["5.7.4"],
            ..References::NONE
        },
    }
}

impl Rule for DefaultNamespace {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        if is_namespaced(object) != Some(true) {
            return;
        }
        match namespace(object) {
            Some(ns) if ns.as_str() == Some("default") => {
                cx.report(
                    ns,
                    format!("{} is in the `default` namespace", object.kind()),
                );
            }
            Some(_) => {}
            None => {
                let (at, _) = object.root.deepest(&["metadata", "namespace"]);
                cx.report(
                    at,
                    format!(
                        "{} sets no namespace and lands in the client's current one (usually `default`)",
                        object.kind()
                    ),
                );
            }
        }
    }
}
