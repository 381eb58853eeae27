use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-controller-manager and kube-scheduler static pods whose `--bind-address` is not a loopback
    /// address, or is unset (the default is 0.0.0.0), and those that set the deprecated insecure
    /// `--address` to a non-loopback address.
    ///
    /// ## Why it matters
    /// These components need no inbound traffic besides health checks and metrics. Listening on every
    /// interface exposes their endpoints (and any weakness in them) to the node's network instead of
    /// only to the node itself.
    ///
    /// ## Bad
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
    ///         - --bind-address=0.0.0.0
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
    ///         - --bind-address=127.0.0.1
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.3.7, 1.4.2
    /// - Checkov CKV_K8S_113, CKV_K8S_115; Trivy KCV-0039, KCV-0041
    pub struct ControlPlaneBindAddressExposed {
        id: "control-plane-bind-address-exposed",
        title: "Controller manager or scheduler listens on every interface",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--bind-address=127.0.0.1` (scrape metrics through a local proxy if needed).",
        references: References {
            checkov: &["CKV_K8S_113", "CKV_K8S_115"],
            trivy: &["KCV-0039", "KCV-0041"],
            cis: &["1.3.7", "1.4.2"],
            ..References::NONE
        },
    }
}

impl Rule for ControlPlaneBindAddressExposed {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in static_pods(object) {
            if !matches!(
                sp.component,
                Component::ControllerManager | Component::Scheduler
            ) {
                continue;
            }
            match sp.flag("bind-address") {
                Some(flag) if is_loopback(flag.text()) => {}
                Some(flag) => sp.report(
                    cx,
                    flag,
                    format!(
                        "{} sets `{}` (listens beyond the node itself)",
                        sp.name(),
                        flag.display()
                    ),
                ),
                None => sp.report_missing(
                    cx,
                    format!(
                        "{} does not set `--bind-address` (the default, 0.0.0.0, listens on every interface)",
                        sp.name()
                    ),
                ),
            }
            if let Some(flag) = sp.flag("address")
                && !is_loopback(flag.text())
            {
                sp.report(
                    cx,
                    flag,
                    format!(
                        "{} sets `{}` (an insecure port beyond the node itself)",
                        sp.name(),
                        flag.display()
                    ),
                );
            }
        }
    }
}
