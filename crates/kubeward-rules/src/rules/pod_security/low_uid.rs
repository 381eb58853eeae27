use super::helpers::{Offence, report_with_inheritance};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, PodSpecView, References, Scope, Severity};

/// UIDs and GIDs up to this value are "low": where the host's users, system accounts and other
/// tenants' containers live. Peers agree on the boundary (kubesec and kube-score want more than
/// 10000; Trivy KSV-0020 and KSV-0021 flag 10000 and below).
pub(super) const LOW_ID_MAX: i64 = 10000;

declare_rule! {
    /// ## What it checks
    /// Containers (init and ephemeral ones included) whose effective `runAsUser` (the
    /// container's own value, else the pod's) is between 1 and 10000. UID 0 is `root-uid`'s
    /// finding; an unset `runAsUser` (the image decides) is `root-user-allowed`'s concern and is
    /// not reported here. A pod-level value inherited by several containers is reported once, at
    /// the pod's field, naming them.
    ///
    /// Pods in a user namespace (`hostUsers: false`) are skipped: their UIDs are mapped to an
    /// unprivileged range of the node, so they cannot collide with host users. Pods with
    /// `spec.os.name: windows` are skipped too (Windows uses `runAsUserName`).
    ///
    /// ## Why it matters
    /// Without user namespaces, a container UID is the same number on the node. Low UIDs belong
    /// to the node's system accounts and login users (1000 is the first user on most
    /// distributions), and a process that escapes the container, or writes to a shared host
    /// path, acts as that user: it can read their files and signal their processes. A UID above
    /// 10000 that nothing on the node uses contains the damage.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   securityContext:
    ///     runAsNonRoot: true
    ///     runAsUser: 1000
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
    /// - kubesec `RunAsUser`, kube-score `container-security-context-user-group-id`, Checkov
    ///   CKV_K8S_40, Trivy KSV-0020
    /// - Kubernetes documentation, "User Namespaces"
    pub struct LowUid {
        id: "low-uid",
        title: "Container runs with a low UID",
        severity: Severity::Low,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Set `runAsUser` to a UID above 10000 that no host user has (and build the image to work with it), or run the pod in a user namespace with `hostUsers: false`.",
        references: References {
            kubesec: &["RunAsUser"],
            kube_score: &["container-security-context-user-group-id"],
            checkov: &["CKV_K8S_40"],
            trivy: &["KSV-0020"],
            ..References::NONE
        },
    }
}

/// Whether low-ID checks skip the pod: a user namespace maps its IDs away from the host's, and
/// Windows pods do not use numeric IDs.
pub(super) fn low_ids_exempt(pod: &PodSpecView<'_>) -> bool {
    pod.is_windows() || pod.get("hostUsers").is_some_and(Node::is_false)
}

impl Rule for LowUid {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if low_ids_exempt(pod) {
            return;
        }
        report_with_inheritance(
            pod,
            cx,
            |c| {
                let uid = c.effective_security("runAsUser")?;
                let value = uid.node.as_i64()?;
                (1..=LOW_ID_MAX).contains(&value).then(|| {
                    Offence::at(
                        uid,
                        format!(
                            "{} runs as low UID {value} ({LOW_ID_MAX} or below)",
                            c.describe()
                        ),
                    )
                })
            },
            |containers| {
                let value = pod
                    .pod_security("runAsUser")
                    .and_then(|n| n.as_i64())
                    .unwrap_or_default();
                format!(
                    "pod-level `runAsUser: {value}` (a low UID, {LOW_ID_MAX} or below) applies to {containers}"
                )
            },
        );
    }
}
