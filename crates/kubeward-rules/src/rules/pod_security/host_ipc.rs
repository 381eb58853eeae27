use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Pods whose spec sets `hostIPC: true` (YAML 1.1 spellings such as `yes` and `on` count, as
    /// they do for the API server; a quoted `"true"` is a string the API server rejects). For
    /// controllers the pod template is checked.
    ///
    /// ## Why it matters
    /// A pod in the host's IPC namespace shares System V shared memory, semaphores and message
    /// queues (and POSIX message queues) with every process on the node that is not isolated:
    /// it can read or corrupt data that host processes and other pods keep there, and interfere
    /// with them.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: cache
    /// spec:
    ///   hostIPC: true
    ///   containers:
    ///     - name: app
    ///       image: redis:7.4
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: cache
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: redis:7.4
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "Host Namespaces" (PSA check `hostNamespaces`)
    /// - CIS Kubernetes Benchmark 5.2.4; NSA/CISA Kubernetes Hardening Guide, "Pod security"
    ///   (hostIPC)
    pub struct HostIpc {
        id: "host-ipc",
        title: "Pod uses the host IPC namespace",
        severity: Severity::High,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Remove `hostIPC` or set it to `false`; share memory between the pod's own containers through an `emptyDir` volume with `medium: Memory`.",
        references: References {
            kube_linter: &["host-ipc"],
            polaris: &["hostIPCSet"],
            kubesec: &["HostIPC"],
            checkov: &["CKV_K8S_18"],
            trivy: &["KSV-0008"],
            pss: &["hostNamespaces"],
            cis: &["5.2.4"],
            nsa: &["Pod security: hostPID, hostIPC"],
            ..References::NONE
        },
    }
}

impl Rule for HostIpc {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if let Some(node) = pod.get("hostIPC").filter(|n| n.is_true()) {
            cx.report(
                node,
                "pod shares the node's IPC namespace (`hostIPC: true`)",
            );
        }
    }
}
