use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods that do not set `--encryption-provider-config`.
    ///
    /// ## Why it matters
    /// Without encryption at rest every Secret is stored in etcd, its snapshots and backups in plain
    /// text: anyone who gets a backup or the etcd data directory gets every credential in the cluster.
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
    ///         - --encryption-provider-config=/etc/kubernetes/enc/encryption-config.yaml
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.2.30
    /// - Checkov CKV_K8S_104; Trivy KCV-0030
    pub struct ApiserverEncryptionProviderConfigMissing {
        id: "apiserver-encryption-provider-config-missing",
        title: "kube-apiserver stores Secrets unencrypted in etcd",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Write an EncryptionConfiguration (KMS v2 or `aescbc`/`secretbox` for Secrets) and set `--encryption-provider-config` to it.",
        references: References {
            checkov: &["CKV_K8S_104"],
            trivy: &["KCV-0030"],
            cis: &["1.2.30"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverEncryptionProviderConfigMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ApiServer) {
            sp.require(
                cx,
                &["encryption-provider-config"],
                "Secrets are stored in etcd in plain text",
            );
        }
    }
}
