use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// etcd static pods that do not set both `--cert-file` and `--key-file`.
    ///
    /// ## Why it matters
    /// Without a server certificate etcd serves its client port over plain HTTP: every object of the
    /// cluster, Secrets included, crosses the network readable and alterable.
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
    ///         - --listen-client-urls=http://127.0.0.1:2379
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
    ///         - --listen-client-urls=https://127.0.0.1:2379
    ///         - --cert-file=/etc/kubernetes/pki/etcd/server.crt
    ///         - --key-file=/etc/kubernetes/pki/etcd/server.key
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 2.1
    /// - Checkov CKV_K8S_116; Trivy KCV-0042
    pub struct EtcdTlsMissing {
        id: "etcd-tls-missing",
        title: "etcd serves clients without TLS",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--cert-file` and `--key-file` (and use `https://` client URLs).",
        references: References {
            checkov: &["CKV_K8S_116"],
            trivy: &["KCV-0042"],
            cis: &["2.1"],
            ..References::NONE
        },
    }
}

impl Rule for EtcdTlsMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::Etcd) {
            sp.require(
                cx,
                &["cert-file", "key-file"],
                "clients talk to etcd over plain HTTP",
            );
        }
    }
}
