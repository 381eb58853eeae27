use super::helpers::{Offence, report_with_inheritance, user_namespace_relaxed};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers (init and ephemeral ones included) whose effective `runAsUser` is `0`: set on
    /// the container, or set on the pod and not overridden by the container. A pod-level
    /// `runAsUser: 0` that every container overrides is still reported, once and on its own: a
    /// container added later would inherit it, and Pod Security admission (restricted) rejects
    /// it. Pods in their own user namespace (`hostUsers: false`) are not reported from
    /// Kubernetes 1.35, as the Pod Security Standards relax `runAsUser` for them.
    ///
    /// A container-level value is reported once per container. A pod-level value is reported
    /// once, at the pod's `runAsUser`, naming every container that inherits it, so that one
    /// line does not produce one finding per container.
    ///
    /// ## Why it matters
    /// `runAsUser: 0` asks for root explicitly, overriding a non-root `USER` in the image. Root
    /// in a container owns every file of the container, keeps the capabilities the runtime
    /// grants, and turns any container escape into root on the node. Combined with
    /// `runAsNonRoot: true` the pod does not start at all.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   securityContext:
    ///     runAsUser: 0
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
    ///   securityContext:
    ///     runAsUser: 10001
    ///     runAsNonRoot: true
    ///   containers:
    ///     - name: app
    ///       image: nginxinc/nginx-unprivileged:1.27
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, restricted: "Running as Non-root user"
    /// - CIS Kubernetes Benchmark 5.2.7; NSA/CISA Kubernetes Hardening Guide, "Pod security"
    pub struct RootUid {
        id: "root-uid",
        title: "Container runs as UID 0",
        severity: Severity::High,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Set `runAsUser` to a non-zero UID (above 10000 avoids clashing with host users) and add `runAsNonRoot: true`.",
        references: References {
            kube_linter: &["run-as-non-root"],
            polaris: &["runAsRootAllowed"],
            checkov: &["CKV_K8S_23"],
            trivy: &["KSV-0105"],
            pss: &["runAsUser"],
            cis: &["5.2.7"],
            nsa: &["Pod security: non-root, immutable, privileged"],
            ..References::NONE
        },
    }
}

impl Rule for RootUid {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        // In its own user namespace, UID 0 in the container is not root on the node (PSA relaxes
        // `runAsUser` for such pods from 1.35).
        if user_namespace_relaxed(pod, cx.settings().kubernetes_version) {
            return;
        }
        report_with_inheritance(
            pod,
            cx,
            |c| {
                let uid = c.effective_security("runAsUser")?;
                (uid.node.as_i64() == Some(0))
                    .then(|| Offence::at(uid, format!("{} runs as UID 0 (root)", c.describe())))
            },
            |containers| format!("pod-level `runAsUser: 0` runs {containers} as root"),
        );
        // An explicit pod-level 0 that every container overrides runs nothing as root today, but
        // any container added later inherits it, and the API server's Pod Security admission
        // rejects it; report it once, on its own.
        if let Some(node) = pod
            .pod_security("runAsUser")
            .filter(|n| n.as_i64() == Some(0))
        {
            let inherited = pod
                .containers()
                .any(|c| c.own_security("runAsUser").is_none_or(Node::is_null));
            if !inherited {
                cx.report(
                    node,
                    "pod-level `runAsUser: 0` is set (every container overrides it, but a container added later would run as root)",
                );
            }
        }
    }
}
