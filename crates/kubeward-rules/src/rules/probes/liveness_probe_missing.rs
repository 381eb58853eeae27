use super::helpers::{app_containers, probe, runs_to_completion};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers without a `livenessProbe` (missing or `null`), one finding per container, at
    /// the container. Init containers and ephemeral containers are not checked (the API does
    /// not allow them liveness probes, sidecar init containers aside), nor are workloads that
    /// run to completion: Jobs, CronJobs, and pods with `restartPolicy: Never` or `OnFailure`,
    /// where a hung process is better handled by `activeDeadlineSeconds`.
    ///
    /// ## Why it matters
    /// Without a liveness probe the kubelet restarts a container only when its process exits.
    /// A process that deadlocks, leaks into an unrecoverable state or stops serving while
    /// staying alive keeps its pod (and its share of the Service's traffic) until a human
    /// notices. A liveness probe should check the process itself, not its dependencies: a
    /// database outage must not restart every replica.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: nginx:1.27
    ///           ports:
    ///             - containerPort: 8080
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: nginx:1.27
    ///           ports:
    ///             - containerPort: 8080
    ///           livenessProbe:
    ///             tcpSocket:
    ///               port: 8080
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Configure Liveness, Readiness and Startup Probes"
    pub struct LivenessProbeMissing {
        id: "liveness-probe-missing",
        title: "Container has no liveness probe",
        severity: Severity::Low,
        category: Category::Reliability,
        scope: Scope::PodSpec,
        remediation: "Add a `livenessProbe` that checks the process itself (a cheap `/livez` endpoint or a TCP connect), with a `startupProbe` if the container starts slowly.",
        references: References {
            kube_linter: &["no-liveness-probe"],
            polaris: &["livenessProbeMissing"],
            kube_score: &["pod-probes"],
            checkov: &["CKV_K8S_8"],
            ..References::NONE
        },
    }
}

impl Rule for LivenessProbeMissing {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if runs_to_completion(pod) {
            return;
        }
        for c in app_containers(pod) {
            if probe(&c, "livenessProbe").is_none() {
                cx.report_container(
                    &c,
                    c.node,
                    format!("{} has no liveness probe", c.describe()),
                );
            }
        }
    }
}
