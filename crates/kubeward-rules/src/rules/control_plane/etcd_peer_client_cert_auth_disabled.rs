use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// etcd static pods that do not set `--peer-client-cert-auth=true` (the default is false).
    ///
    /// ## Why it matters
    /// Without peer certificate authentication any host that reaches the peer port can pose as a member
    /// and receive the replicated keyspace, Secrets included.
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
    ///         - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
    ///         - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
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
    ///         - --peer-client-cert-auth=true
    ///         - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 2.5
    /// - Checkov CKV_K8S_121; Trivy KCV-0046
    pub struct EtcdPeerClientCertAuthDisabled {
        id: "etcd-peer-client-cert-auth-disabled",
        title: "etcd accepts peers without a certificate",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--peer-client-cert-auth=true` and `--peer-trusted-ca-file` to the etcd CA.",
        references: References {
            checkov: &["CKV_K8S_121"],
            trivy: &["KCV-0046"],
            cis: &["2.5"],
            ..References::NONE
        },
    }
}

impl Rule for EtcdPeerClientCertAuthDisabled {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::Etcd) {
            sp.expect_bool(
                cx,
                "peer-client-cert-auth",
                true,
                false,
                "any host that reaches the peer port can join",
            );
        }
    }
}
