use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Pod specs whose `automountServiceAccountToken` is not `false` (unset, or `true` in any
    /// YAML 1.1 spelling). One finding per workload, at the field when it is set, else at the
    /// pod spec.
    ///
    /// A ServiceAccount with `automountServiceAccountToken: false` also turns the mount off
    /// for the pods that use it (when the pod does not set the field). Seeing that needs the
    /// ServiceAccount next to the workload, a cross-object analysis this rule does not do yet:
    /// set the field on the pod spec, which wins over the ServiceAccount's and keeps the
    /// intent next to the workload.
    ///
    /// ## Why it matters
    /// By default every container gets a token for the pod's service account under
    /// `/var/run/secrets/kubernetes.io/serviceaccount`. Most applications never call the
    /// Kubernetes API, but anyone who gets code execution in the container (or can read its
    /// files through a path-traversal bug) gets that token, and with it whatever the service
    /// account's RBAC allows: often more than expected once roles accumulate. Pods that do
    /// need the API can still mount a token explicitly, through a projected
    /// `serviceAccountToken` volume with a short expiry and a specific audience.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27.3
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   automountServiceAccountToken: false
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27.3
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Configure Service Accounts for Pods", "Opt out of API
    ///   credential automounting"
    /// - CIS Kubernetes Benchmark 5.1.6; NSA/CISA Kubernetes Hardening Guide, "Protecting Pod
    ///   service account tokens"
    pub struct ServiceAccountTokenAutomount {
        id: "service-account-token-automount",
        title: "Service account token is mounted automatically",
        severity: Severity::Low,
        category: Category::Secrets,
        scope: Scope::PodSpec,
        remediation: "Set `automountServiceAccountToken: false` in the pod spec; pods that call the Kubernetes API can mount a token through a projected `serviceAccountToken` volume instead.",
        references: References {
            polaris: &["automountServiceAccountToken"],
            kubesec: &["AutomountServiceAccountToken"],
            checkov: &["CKV_K8S_38"],
            trivy: &["KSV-0036"],
            cis: &["5.1.6"],
            nsa: &["Pod security: protecting Pod service account tokens"],
            ..References::NONE
        },
    }
}

impl Rule for ServiceAccountTokenAutomount {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        match pod
            .get("automountServiceAccountToken")
            .filter(|n| !n.is_null())
        {
            Some(node) if node.is_false() => {}
            Some(node) if node.is_true() => cx.report(
                node,
                format!(
                    "pod spec sets `automountServiceAccountToken: {}`, so every container gets the service account token",
                    node.text().unwrap_or("true")
                ),
            ),
            Some(node) => cx.report(
                node,
                format!(
                    "pod spec sets `automountServiceAccountToken` to {}, not the boolean `false`",
                    node.as_str()
                        .map(|s| format!("the string \"{s}\""))
                        .or_else(|| node.text().map(|t| format!("`{t}`")))
                        .unwrap_or_else(|| "a non-scalar value".to_string())
                ),
            ),
            None => cx.report(
                pod.spec,
                "pod spec does not set `automountServiceAccountToken: false`, so every container gets the service account token",
            ),
        }
    }
}
