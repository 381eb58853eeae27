use super::helpers::{describe_all, user_namespace_relaxed};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// The Pod Security Standards restricted check `runAsNonRoot`, exactly: every container
    /// (init and ephemeral ones included) must run with `runAsNonRoot: true`, set on the pod or
    /// on the container, and nothing may set it to `false`. Reported:
    ///
    /// - a container's own `runAsNonRoot` that is not `true`, at that field;
    /// - a pod-level `runAsNonRoot` that is not `true`, once, at that field, naming the
    ///   containers that inherit it, or saying that every container overrides it (the
    ///   restricted level rejects it anyway);
    /// - a container that sets nothing while the pod sets nothing either, at the container.
    ///
    /// Unlike `root-user-allowed`, a non-zero `runAsUser` does not satisfy this rule: the
    /// restricted level wants the explicit guarantee. `root-user-allowed` reports the containers
    /// that may actually run as root and is the one the `default` profile runs; this rule is in
    /// `pss-restricted` (and `all`, where both may report the same container). From Kubernetes
    /// 1.35 (`--kubernetes-version`), pods in their own user namespace (`spec.hostUsers: false`)
    /// are exempt, as in the Pod Security Standards. Windows pods are not exempt.
    ///
    /// ## Why it matters
    /// `runAsNonRoot: true` makes the kubelet refuse to start a container whose user would be
    /// root, whatever the image's `USER` says or a later image change makes it say. Without it,
    /// a rebuilt image, a debug variant or an init container running as root goes unnoticed, and
    /// root in a container is one kernel or runtime bug away from root on the node.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   securityContext:
    ///     runAsUser: 10001
    ///   containers:
    ///     - name: app
    ///       image: nginxinc/nginx-unprivileged:1.27
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   securityContext:
    ///     runAsNonRoot: true
    ///     runAsUser: 10001
    ///   containers:
    ///     - name: app
    ///       image: nginxinc/nginx-unprivileged:1.27
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, restricted: "Running as Non-root" (`runAsNonRoot`; relaxed for
    ///   `hostUsers: false` from policy v1.35)
    /// - kube-linter `run-as-non-root`; Polaris `runAsRootAllowed`; kubesec `RunAsNonRoot`;
    ///   Checkov CKV_K8S_23; Trivy KSV-0012
    /// - CIS Kubernetes Benchmark 5.2.7; NSA/CISA Kubernetes Hardening Guide, "Pod security"
    pub struct RunAsNonRootNotSet {
        id: "run-as-non-root-not-set",
        title: "runAsNonRoot is not set to true",
        severity: Severity::Medium,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Set `securityContext.runAsNonRoot: true` on the pod (or on every container), remove any `runAsNonRoot: false`, and make sure the image runs as a non-root user (`USER 10001`, or `runAsUser`).",
        references: References {
            kube_linter: &["run-as-non-root"],
            polaris: &["runAsRootAllowed"],
            kubesec: &["RunAsNonRoot"],
            checkov: &["CKV_K8S_23"],
            trivy: &["KSV-0012"],
            pss: &["runAsNonRoot"],
            cis: &["5.2.7"],
            nsa: &["Pod security: non-root, immutable, privileged"],
            ..References::NONE
        },
    }
}

impl Rule for RunAsNonRootNotSet {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if user_namespace_relaxed(pod, cx.settings().kubernetes_version) {
            return;
        }
        let pod_value = pod.pod_security("runAsNonRoot").filter(|n| !n.is_null());
        let pod_true = pod_value.is_some_and(|n| n.is_true());
        let mut inheritors = Vec::new();
        for c in pod.containers() {
            match c.own_security("runAsNonRoot").filter(|n| !n.is_null()) {
                Some(own) if own.is_true() => {}
                Some(own) => cx.report_container(
                    &c,
                    own,
                    format!(
                        "{} sets `runAsNonRoot: {}`",
                        c.describe(),
                        own.text().unwrap_or("")
                    ),
                ),
                None if pod_true => {}
                None if pod_value.is_some() => inheritors.push(c),
                None => cx.report_container(
                    &c,
                    c.node,
                    format!(
                        "{} does not set `runAsNonRoot: true`, and neither does the pod",
                        c.describe()
                    ),
                ),
            }
        }
        if let Some(node) = pod_value.filter(|_| !pod_true) {
            let value = node.text().unwrap_or("");
            let message = if inheritors.is_empty() {
                format!(
                    "pod-level `runAsNonRoot: {value}` is overridden by every container, but the restricted level rejects it"
                )
            } else {
                format!(
                    "pod-level `runAsNonRoot: {value}` lets {} run as root",
                    describe_all(&inheritors)
                )
            };
            cx.report(node, message);
        }
    }
}
