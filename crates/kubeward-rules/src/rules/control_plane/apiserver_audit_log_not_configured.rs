use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods without `--audit-log-path`; and, when it is set, without
    /// `--audit-policy-file` (no policy, no events), or with `--audit-log-maxage` below 30 (days),
    /// `--audit-log-maxbackup` below 10 or `--audit-log-maxsize` below 100 (MB), or without them. Each
    /// missing or low setting is one finding.
    ///
    /// ## Why it matters
    /// The audit log is the record of who did what through the API: without it an intrusion or a
    /// destructive mistake cannot be reconstructed. Short retention loses the trail before anyone
    /// looks.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: kube-apiserver
    ///   namespace: kube-system
    /// spec:
    ///   hostNetwork: true
    ///   containers:
    ///     - name: kube-apiserver
    ///       image: registry.k8s.io/kube-apiserver:v1.31.0
    ///       command:
    ///         - kube-apiserver
    ///         - --audit-log-path=/var/log/kubernetes/audit.log
    ///         - --audit-log-maxage=7
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: kube-apiserver
    ///   namespace: kube-system
    /// spec:
    ///   hostNetwork: true
    ///   containers:
    ///     - name: kube-apiserver
    ///       image: registry.k8s.io/kube-apiserver:v1.31.0
    ///       command:
    ///         - kube-apiserver
    ///         - --audit-log-path=/var/log/kubernetes/audit.log
    ///         - --audit-policy-file=/etc/kubernetes/audit-policy.yaml
    ///         - --audit-log-maxage=30
    ///         - --audit-log-maxbackup=10
    ///         - --audit-log-maxsize=100
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.2.19, 1.2.20, 1.2.21, 1.2.22, 3.2.1
    /// - Checkov CKV_K8S_91, CKV_K8S_92, CKV_K8S_93, CKV_K8S_94; Trivy KCV-0019, KCV-0020, KCV-0021, KCV-0022
    pub struct ApiserverAuditLogNotConfigured {
        id: "apiserver-audit-log-not-configured",
        title: "kube-apiserver does not keep an audit log",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--audit-log-path`, `--audit-policy-file`, `--audit-log-maxage=30`, `--audit-log-maxbackup=10` and `--audit-log-maxsize=100` (or more).",
        references: References {
            checkov: &["CKV_K8S_91", "CKV_K8S_92", "CKV_K8S_93", "CKV_K8S_94"],
            trivy: &["KCV-0019", "KCV-0020", "KCV-0021", "KCV-0022"],
            cis: &["1.2.19", "1.2.20", "1.2.21", "1.2.22", "3.2.1"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverAuditLogNotConfigured {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ApiServer) {
            if !sp.has("audit-log-path") {
                sp.report_missing(
                    cx,
                    "kube-apiserver does not set `--audit-log-path` (no audit log is written)",
                );
                continue;
            }
            if !sp.has("audit-policy-file") {
                sp.report_missing(
                    cx,
                    "kube-apiserver does not set `--audit-policy-file` (without a policy no audit event is recorded)",
                );
            }
            for (name, min, unit) in [
                ("audit-log-maxage", 30, "days"),
                ("audit-log-maxbackup", 10, "files"),
                ("audit-log-maxsize", 100, "MB"),
            ] {
                match sp.flag(name) {
                    Some(flag) if flag.as_i64().is_some_and(|v| v >= min) => {}
                    Some(flag) => sp.report(
                        cx,
                        flag,
                        format!(
                            "kube-apiserver sets `{}` (keep at least {min} {unit})",
                            flag.display()
                        ),
                    ),
                    None => sp.report_missing(
                        cx,
                        format!(
                            "kube-apiserver does not set `--{name}` (keep at least {min} {unit})"
                        ),
                    ),
                }
            }
        }
    }
}
