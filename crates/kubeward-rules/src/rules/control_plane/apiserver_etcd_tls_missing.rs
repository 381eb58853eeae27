use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods that do not set all of `--etcd-certfile`, `--etcd-keyfile` and
    /// `--etcd-cafile`.
    ///
    /// ## Why it matters
    /// etcd holds every object of the cluster, Secrets included. Without a client certificate etcd
    /// cannot tell the API server from anyone else, and without a CA the API server cannot tell etcd
    /// from an impostor.
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
    ///         - --etcd-servers=https://127.0.0.1:2379
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
    ///         - --etcd-servers=https://127.0.0.1:2379
    ///         - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
    ///         - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
    ///         - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.2.26, 1.2.29
    /// - Checkov CKV_K8S_99, CKV_K8S_102; Trivy KCV-0026, KCV-0029
    pub struct ApiserverEtcdTlsMissing {
        id: "apiserver-etcd-tls-missing",
        title: "kube-apiserver does not use mutual TLS with etcd",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--etcd-certfile`, `--etcd-keyfile` and `--etcd-cafile` (and use `https://` etcd URLs).",
        references: References {
            checkov: &["CKV_K8S_99", "CKV_K8S_102"],
            trivy: &["KCV-0026", "KCV-0029"],
            cis: &["1.2.26", "1.2.29"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverEtcdTlsMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ApiServer) {
            sp.require(
                cx,
                &["etcd-certfile", "etcd-keyfile", "etcd-cafile"],
                "etcd traffic is not mutually authenticated",
            );
        }
    }
}
