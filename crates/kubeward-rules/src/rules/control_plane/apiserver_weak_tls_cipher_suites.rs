use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods whose `--tls-cipher-suites` lists a suite outside the strong set (TLS
    /// 1.3 suites, and ECDHE key exchange with AES-GCM or ChaCha20-Poly1305), or that do not set it
    /// (Go's default list includes CBC-mode suites). Pods with `--tls-min-version=VersionTLS13` are
    /// skipped: TLS 1.3 suites are not configurable.
    ///
    /// ## Why it matters
    /// CBC-mode and RSA key-exchange suites lack forward secrecy or have a history of padding-oracle
    /// attacks; a client that negotiates one weakens the protection of everything sent to the API
    /// server.
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
    ///         - --tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_128_CBC_SHA
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
    ///         - --tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.2.32
    /// - Checkov CKV_K8S_105
    pub struct ApiserverWeakTlsCipherSuites {
        id: "apiserver-weak-tls-cipher-suites",
        title: "kube-apiserver allows weak TLS cipher suites",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--tls-cipher-suites` to ECDHE suites with AES-GCM or ChaCha20-Poly1305 only, or `--tls-min-version=VersionTLS13`.",
        references: References {
            checkov: &["CKV_K8S_105"],
            cis: &["1.2.32"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverWeakTlsCipherSuites {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ApiServer) {
            if sp.flag("tls-min-version").map(Flag::text) == Some("VersionTLS13") {
                continue;
            }
            match sp.flag("tls-cipher-suites") {
                Some(flag) => {
                    let weak: Vec<String> = flag
                        .items()
                        .filter(|c| !is_strong_cipher(c))
                        .map(|c| format!("`{c}`"))
                        .collect();
                    if !weak.is_empty() {
                        sp.report(
                            cx,
                            flag,
                            format!(
                                "kube-apiserver allows weak TLS cipher suites: {}",
                                weak.join(", ")
                            ),
                        );
                    }
                }
                None => sp.report_missing(
                    cx,
                    "kube-apiserver does not set `--tls-cipher-suites` (Go's default list includes CBC-mode suites)",
                ),
            }
        }
    }
}
