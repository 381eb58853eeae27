use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// etcd static pods that set `--auto-tls` or `--peer-auto-tls` to true.
    ///
    /// ## Why it matters
    /// Auto TLS makes etcd generate self-signed certificates that nobody can verify: the traffic is
    /// encrypted but clients and peers cannot tell etcd from an impostor.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: etcd
    ///   namespace: kube-system
    /// spec:
    ///   hostNetwork: true
    ///   containers:
    ///     - name: etcd
    ///       image: registry.k8s.io/etcd:3.5.15-0
    ///       command:
    ///         - etcd
    ///         - --auto-tls=true
    ///         - --peer-auto-tls=true
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: etcd
    ///   namespace: kube-system
    /// spec:
    ///   hostNetwork: true
    ///   containers:
    ///     - name: etcd
    ///       image: registry.k8s.io/etcd:3.5.15-0
    ///       command:
    ///         - etcd
    ///         - --auto-tls=false
    ///         - --cert-file=/etc/kubernetes/pki/etcd/server.crt
    ///         - --key-file=/etc/kubernetes/pki/etcd/server.key
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 2.3, 2.6
    /// - Checkov CKV_K8S_118; Trivy KCV-0044, KCV-0047
    pub struct EtcdAutoTls {
        id: "etcd-auto-tls",
        title: "etcd uses self-signed certificates",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Remove `--auto-tls` and `--peer-auto-tls`; configure certificates signed by the etcd CA.",
        references: References {
            checkov: &["CKV_K8S_118"],
            trivy: &["KCV-0044", "KCV-0047"],
            cis: &["2.3", "2.6"],
            ..References::NONE
        },
    }
}

impl Rule for EtcdAutoTls {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::Etcd) {
            for name in ["auto-tls", "peer-auto-tls"] {
                if let Some(flag) = sp.flag(name)
                    && flag.as_bool() == Some(true)
                {
                    sp.report(
                        cx,
                        flag,
                        format!(
                            "etcd sets `{}` (self-signed certificates nobody can verify)",
                            flag.display()
                        ),
                    );
                }
            }
        }
    }
}
