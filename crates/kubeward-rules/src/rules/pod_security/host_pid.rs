use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Pods whose spec sets `hostPID: true` (YAML 1.1 spellings such as `yes` and `on` count, as
    /// they do for the API server; a quoted `"true"` is a string the API server rejects). For
    /// controllers the pod template is checked.
    ///
    /// ## Why it matters
    /// A pod in the host's PID namespace sees every process on the node, including other pods'
    /// containers and the kubelet. It can read their environment and command lines (often holding
    /// secrets) through `/proc/<pid>/environ`, signal them, and, as root or with `SYS_PTRACE`,
    /// attach to them or enter their namespaces with `nsenter`: a short path to the node.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: debug
    /// spec:
    ///   hostPID: true
    ///   containers:
    ///     - name: app
    ///       image: busybox:1.36
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: debug
    /// spec:
    ///   hostPID: false
    ///   containers:
    ///     - name: app
    ///       image: busybox:1.36
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "Host Namespaces" (PSA check `hostNamespaces`)
    /// - CIS Kubernetes Benchmark 5.2.3; NSA/CISA Kubernetes Hardening Guide, "Pod security"
    ///   (hostPID)
    pub struct HostPid {
        id: "host-pid",
        title: "Pod uses the host PID namespace",
        severity: Severity::High,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Remove `hostPID` or set it to `false`; to share processes between the pod's own containers use `shareProcessNamespace` instead.",
        references: References {
            kube_linter: &["host-pid"],
            polaris: &["hostPIDSet"],
            kubesec: &["HostPID"],
            checkov: &["CKV_K8S_17"],
            trivy: &["KSV-0010"],
            pss: &["hostNamespaces"],
            cis: &["5.2.3"],
            nsa: &["Pod security: hostPID, hostIPC"],
            ..References::NONE
        },
    }
}

impl Rule for HostPid {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if let Some(node) = pod.get("hostPID").filter(|n| n.is_true()) {
            cx.report(
                node,
                "pod shares the node's process ID namespace (`hostPID: true`)",
            );
        }
    }
}
