use super::helpers::{Offence, report_with_inheritance};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Level, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers (init and ephemeral ones included) that may run as root: the effective
    /// `runAsNonRoot` (the container's own value, else the pod's) is not `true`, and the
    /// effective `runAsUser` is not a positive UID. Either setting is enough to keep the process
    /// off UID 0: with `runAsNonRoot: true` the kubelet refuses to start a container whose user
    /// resolves to root, and with `runAsUser: 1000` the process runs as 1000 whatever the image
    /// says.
    ///
    /// An explicit `runAsUser: 0` is left to `root-uid`. The Pod Security Standards' stricter
    /// form, where `runAsNonRoot: true` is required even with a non-zero `runAsUser`, is
    /// `run-as-non-root-not-set` (in the `pss-restricted` profile; this rule is in `default`). A pod-level `runAsNonRoot: false`
    /// inherited by several containers is reported once, at the pod's field, naming them. Pods
    /// with `spec.os.name: windows` are skipped (Windows containers pick their user through
    /// `windowsOptions.runAsUserName`).
    ///
    /// ## Why it matters
    /// When neither is set, the container runs as whatever user the image declares, and most
    /// images declare none, so the process is root. Root inside a container owns the container's
    /// files, can use every capability the runtime grants by default, and is one kernel or
    /// runtime bug away from being root on the node.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: nginx:1.27
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       securityContext:
    ///         runAsNonRoot: true
    ///       containers:
    ///         - name: app
    ///           image: nginxinc/nginx-unprivileged:1.27
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, restricted: "Running as Non-root"
    /// - CIS Kubernetes Benchmark 5.2.7; NSA/CISA Kubernetes Hardening Guide, "Pod security"
    pub struct RootUserAllowed {
        id: "root-user-allowed",
        title: "Container may run as root",
        severity: Severity::High,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Set `securityContext.runAsNonRoot: true` on the pod (or on each container), and build the image with a non-root `USER` or set `runAsUser` to a non-zero UID.",
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

impl Rule for RootUserAllowed {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if pod.is_windows() {
            return;
        }
        report_with_inheritance(
            pod,
            cx,
            |c| {
                let non_root = c.effective_security("runAsNonRoot");
                if non_root.is_some_and(|e| e.node.is_true()) {
                    return None;
                }
                match c
                    .effective_security("runAsUser")
                    .and_then(|e| e.node.as_i64())
                {
                    // UID 0 is `root-uid`'s finding; a positive UID is not root.
                    Some(uid) if uid >= 0 => return None,
                    _ => {}
                }
                Some(match non_root {
                    Some(e) => Offence::at(
                        e,
                        format!(
                            "{} may run as root: `runAsNonRoot` is not true and no non-zero `runAsUser` is set",
                            c.describe()
                        ),
                    ),
                    None => Offence {
                        node: c.node,
                        level: Level::Container,
                        message: format!(
                            "{} may run as root: neither `runAsNonRoot: true` nor a non-zero `runAsUser` is set",
                            c.describe()
                        ),
                    },
                })
            },
            |containers| {
                format!(
                    "pod-level `runAsNonRoot` is not true and no non-zero `runAsUser` is set: {containers} may run as root"
                )
            },
        );
    }
}
