use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Pods whose spec sets `hostNetwork: true` (YAML 1.1 spellings such as `yes` and `on` count,
    /// as they do for the API server; a quoted `"true"` is a string the API server rejects, not a
    /// host network). For controllers the pod template is checked.
    ///
    /// ## Why it matters
    /// A pod on the host network shares the node's network namespace: it can bind any port on the
    /// node's interfaces, reach services listening only on `localhost` (the kubelet's read-only
    /// port, node-local agents, cloud metadata proxies), sniff traffic with `NET_RAW`, and its
    /// traffic bypasses NetworkPolicy. Very few workloads (CNI agents, some node exporters) need it.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   hostNetwork: true
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   hostNetwork: false
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "Host Namespaces" (PSA check `hostNamespaces`)
    /// - CIS Kubernetes Benchmark 5.2.5; NSA/CISA Kubernetes Hardening Guide, "Pod security"
    ///   (hostNetwork)
    pub struct HostNetwork {
        id: "host-network",
        title: "Pod uses the host network namespace",
        severity: Severity::High,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Remove `hostNetwork` or set it to `false`; expose the workload through a Service (or a `containerPort`) instead.",
        references: References {
            kube_linter: &["host-network"],
            polaris: &["hostNetworkSet"],
            kubesec: &["HostNetwork"],
            checkov: &["CKV_K8S_19"],
            trivy: &["KSV-0009"],
            pss: &["hostNamespaces"],
            cis: &["5.2.5"],
            nsa: &["Pod security: hostNetwork"],
            ..References::NONE
        },
    }
}

impl Rule for HostNetwork {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if let Some(node) = pod.get("hostNetwork").filter(|n| n.is_true()) {
            cx.report(
                node,
                "pod shares the node's network namespace (`hostNetwork: true`)",
            );
        }
    }
}
