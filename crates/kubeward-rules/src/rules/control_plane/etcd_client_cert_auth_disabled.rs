use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// etcd static pods that do not set `--client-cert-auth=true` (the default is false).
    ///
    /// ## Why it matters
    /// Without client-certificate authentication anyone who can reach etcd's client port can read and
    /// write every object of the cluster, Secrets included, bypassing the API server's authentication,
    /// authorization and audit.
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
    ///         - --cert-file=/etc/kubernetes/pki/etcd/server.crt
    ///         - --key-file=/etc/kubernetes/pki/etcd/server.key
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
    ///         - --client-cert-auth=true
    ///         - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 2.2
    /// - Checkov CKV_K8S_117; Trivy KCV-0043
    pub struct EtcdClientCertAuthDisabled {
        id: "etcd-client-cert-auth-disabled",
        title: "etcd accepts clients without a certificate",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--client-cert-auth=true` and `--trusted-ca-file` to the etcd CA.",
        references: References {
            checkov: &["CKV_K8S_117"],
            trivy: &["KCV-0043"],
            cis: &["2.2"],
            ..References::NONE
        },
    }
}

impl Rule for EtcdClientCertAuthDisabled {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::Etcd) {
            sp.expect_bool(
                cx,
                "client-cert-auth",
                true,
                false,
                "any client that reaches etcd can read and write every object",
            );
        }
    }
}
