use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver, kube-controller-manager and kube-scheduler static pods that do not set
    /// `--profiling=false` (the flag defaults to true). A kube-scheduler that reads a `--config` file
    /// and does not set the flag is skipped: the file's `enableProfiling` decides, and kubeward cannot
    /// read it.
    ///
    /// ## Why it matters
    /// Profiling serves `/debug/pprof` endpoints that reveal the component's internals, can be used to
    /// slow it down with expensive profiles, and are rarely needed in production.
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
    ///         - --profiling=true
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: kube-scheduler
    ///   namespace: kube-system
    /// spec:
    ///   hostNetwork: true
    ///   containers:
    ///     - name: kube-scheduler
    ///       image: registry.k8s.io/kube-scheduler:v1.31.0
    ///       command:
    ///         - kube-scheduler
    ///         - --profiling=false
    ///         - --bind-address=127.0.0.1
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.2.18, 1.3.2, 1.4.1
    /// - Checkov CKV_K8S_90, CKV_K8S_107, CKV_K8S_114; Trivy KCV-0018, KCV-0034, KCV-0040
    pub struct ControlPlaneProfilingEnabled {
        id: "control-plane-profiling-enabled",
        title: "Control-plane component exposes profiling data",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--profiling=false` on kube-apiserver, kube-controller-manager and kube-scheduler.",
        references: References {
            checkov: &["CKV_K8S_90", "CKV_K8S_107", "CKV_K8S_114"],
            trivy: &["KCV-0018", "KCV-0034", "KCV-0040"],
            cis: &["1.2.18", "1.3.2", "1.4.1"],
            ..References::NONE
        },
    }
}

impl Rule for ControlPlaneProfilingEnabled {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in static_pods(object) {
            let skip = match sp.component {
                Component::Etcd => true,
                Component::Scheduler => sp.has("config") && !sp.has("profiling"),
                Component::ApiServer | Component::ControllerManager => false,
            };
            if !skip {
                sp.expect_bool(
                    cx,
                    "profiling",
                    false,
                    true,
                    "`/debug/pprof` exposes profiling data",
                );
            }
        }
    }
}
