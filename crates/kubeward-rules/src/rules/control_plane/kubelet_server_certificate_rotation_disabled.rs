use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-controller-manager static pods whose `--feature-gates` set
    /// `RotateKubeletServerCertificate=false`, and KubeletConfiguration objects whose `featureGates`
    /// do. The gate defaults to on; only an explicit `false` is reported.
    ///
    /// ## Why it matters
    /// With the gate off, kubelets cannot request and renew serving certificates from the cluster CA,
    /// so they keep serving long-lived or self-signed certificates that the API server cannot verify.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: kube-controller-manager
    ///   namespace: kube-system
    /// spec:
    ///   hostNetwork: true
    ///   containers:
    ///     - name: kube-controller-manager
    ///       image: registry.k8s.io/kube-controller-manager:v1.31.0
    ///       command:
    ///         - kube-controller-manager
    ///         - --feature-gates=RotateKubeletServerCertificate=false
    /// ```
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// featureGates:
    ///   RotateKubeletServerCertificate: false
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: kube-controller-manager
    ///   namespace: kube-system
    /// spec:
    ///   hostNetwork: true
    ///   containers:
    ///     - name: kube-controller-manager
    ///       image: registry.k8s.io/kube-controller-manager:v1.31.0
    ///       command:
    ///         - kube-controller-manager
    ///         - --feature-gates=RotateKubeletServerCertificate=true
    /// ```
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// serverTLSBootstrap: true
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.3.6, 4.2.12
    /// - Checkov CKV_K8S_112; Trivy KCV-0038, KCV-0091
    pub struct KubeletServerCertificateRotationDisabled {
        id: "kubelet-server-certificate-rotation-disabled",
        title: "Kubelet serving-certificate rotation is switched off",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["KubeletConfiguration", "Pod"]),
        remediation: "Remove `RotateKubeletServerCertificate=false` from the feature gates, and set `serverTLSBootstrap: true` on kubelets.",
        references: References {
            checkov: &["CKV_K8S_112"],
            trivy: &["KCV-0038", "KCV-0091"],
            cis: &["1.3.6", "4.2.12"],
            ..References::NONE
        },
    }
}

impl Rule for KubeletServerCertificateRotationDisabled {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        const GATE: &str = "RotateKubeletServerCertificate";
        if let Some(root) = kubelet_config(object) {
            if let Some(node) = kubelet_field(root, &["featureGates", GATE])
                && node_bool(node) == Some(false)
            {
                cx.report(
                    node,
                    format!("KubeletConfiguration turns off the `{GATE}` feature gate"),
                );
            }
            return;
        }
        for sp in component(object, Component::ControllerManager) {
            for flag in sp.all("feature-gates") {
                let off = flag.items().any(|gate| {
                    gate.split_once('=')
                        .is_some_and(|(k, v)| k.trim() == GATE && parse_bool(v) == Some(false))
                });
                if off {
                    sp.report(
                        cx,
                        flag,
                        format!("kube-controller-manager turns off the `{GATE}` feature gate"),
                    );
                }
            }
        }
    }
}
