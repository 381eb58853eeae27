use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods that do not enable all of `NodeRestriction`, `EventRateLimit`,
    /// `AlwaysPullImages` and `DenyServiceExternalIPs` (in `--enable-admission-plugins` or the older
    /// `--admission-control`, and not disabled with `--disable-admission-plugins`). One finding lists
    /// the missing plugins.
    ///
    /// `SecurityContextDeny` and `PodSecurityPolicy`, which the CIS Benchmark and Checkov (CKV_K8S_81,
    /// CKV_K8S_84) and Trivy (KCV-0013) also ask for, were removed from Kubernetes (1.30 and 1.25);
    /// their successor, the `PodSecurity` plugin, is enabled by default and
    /// `apiserver-admission-plugin-disabled` reports it when it is switched off.
    ///
    /// ## Why it matters
    /// `NodeRestriction` limits each kubelet to modifying its own Node and its own pods; without it a
    /// compromised node can relabel other nodes to attract workloads. `EventRateLimit` keeps event
    /// floods from overwhelming the API server and etcd. `AlwaysPullImages` stops pods from using
    /// private images already cached on a node without credentials. `DenyServiceExternalIPs` blocks the
    /// `spec.externalIPs` traffic interception of CVE-2020-8554.
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
    ///         - --enable-admission-plugins=NodeRestriction
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
    ///         - --enable-admission-plugins=NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs
    ///         - --admission-control-config-file=/etc/kubernetes/admission.yaml
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.2.3, 1.2.10, 1.2.12, 1.2.13, 1.2.16
    /// - Checkov CKV_K8S_78, CKV_K8S_80, CKV_K8S_81, CKV_K8S_84, CKV_K8S_85; Trivy KCV-0003, KCV-0010, KCV-0012, KCV-0013, KCV-0016
    pub struct ApiserverAdmissionPluginMissing {
        id: "apiserver-admission-plugin-missing",
        title: "kube-apiserver does not enable the CIS-recommended admission plugins",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Add the missing plugins to `--enable-admission-plugins` (EventRateLimit also needs `--admission-control-config-file`).",
        references: References {
            checkov: &["CKV_K8S_78", "CKV_K8S_80", "CKV_K8S_81", "CKV_K8S_84", "CKV_K8S_85"],
            trivy: &["KCV-0003", "KCV-0010", "KCV-0012", "KCV-0013", "KCV-0016"],
            cis: &["1.2.3", "1.2.10", "1.2.12", "1.2.13", "1.2.16"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverAdmissionPluginMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ApiServer) {
            let enable: Vec<&Flag<'_>> = ["admission-control", "enable-admission-plugins"]
                .into_iter()
                .flat_map(|name| sp.all(name))
                .collect();
            let disabled: Vec<&str> = sp
                .all("disable-admission-plugins")
                .into_iter()
                .flat_map(|f| f.items())
                .collect();
            let missing: Vec<String> = REQUIRED
                .iter()
                .filter(|p| {
                    disabled.contains(*p) || !enable.iter().any(|f| f.items().any(|i| i == **p))
                })
                .map(|p| format!("`{p}`"))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let message = format!(
                "kube-apiserver does not enable the admission plugin{} {}",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", ")
            );
            match enable.last() {
                Some(flag) => sp.report(cx, flag, message),
                None => sp.report_missing(cx, message),
            }
        }
    }
}

/// The plugins this rule asks for.
const REQUIRED: &[&str] = &[
    "NodeRestriction",
    "EventRateLimit",
    "AlwaysPullImages",
    "DenyServiceExternalIPs",
];
