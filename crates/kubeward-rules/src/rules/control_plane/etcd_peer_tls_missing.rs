use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// etcd static pods that do not set both `--peer-cert-file` and `--peer-key-file`.
    ///
    /// ## Why it matters
    /// Peers replicate the whole keyspace to each other. Without peer certificates that traffic,
    /// Secrets included, crosses the network in plain text.
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
    ///         - --listen-peer-urls=http://10.0.0.10:2380
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
    ///         - --listen-peer-urls=https://10.0.0.10:2380
    ///         - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
    ///         - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 2.4
    /// - Checkov CKV_K8S_119; Trivy KCV-0045
    pub struct EtcdPeerTlsMissing {
        id: "etcd-peer-tls-missing",
        title: "etcd members replicate without TLS",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--peer-cert-file` and `--peer-key-file` (and use `https://` peer URLs).",
        references: References {
            checkov: &["CKV_K8S_119"],
            trivy: &["KCV-0045"],
            cis: &["2.4"],
            ..References::NONE
        },
    }
}

impl Rule for EtcdPeerTlsMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::Etcd) {
            sp.require(
                cx,
                &["peer-cert-file", "peer-key-file"],
                "peer replication is not encrypted",
            );
        }
    }
}
