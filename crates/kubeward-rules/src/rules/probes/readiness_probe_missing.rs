use super::helpers::{app_containers, probe, runs_to_completion};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers without a `readinessProbe` (missing or `null`), one finding per container,
    /// at the container. Init containers and ephemeral containers are not checked, nor are
    /// workloads that run to completion: Jobs, CronJobs, and pods with `restartPolicy: Never`
    /// or `OnFailure`.
    ///
    /// kube-score asks for a readiness probe only when a Service selects the pod; seeing that
    /// needs the Services next to the workload, a cross-object analysis this rule does not do
    /// yet, so every long-running container is checked, as Polaris, Checkov and kube-linter do.
    ///
    /// ## Why it matters
    /// Without a readiness probe a container counts as ready as soon as it starts: Services
    /// send it traffic before it can serve (errors on every rollout and scale-up), keep sending
    /// it traffic while it is overloaded or cut off from its dependencies, and rolling updates
    /// move on to the next pod without knowing the new one works.
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
    ///           readinessProbe:
    ///             httpGet:
    ///               path: /readyz
    ///               port: 8080
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Configure Liveness, Readiness and Startup Probes"
    pub struct ReadinessProbeMissing {
        id: "readiness-probe-missing",
        title: "Container has no readiness probe",
        severity: Severity::Low,
        category: Category::Reliability,
        scope: Scope::PodSpec,
        remediation: "Add a `readinessProbe` that succeeds only when the container can serve requests (an HTTP `/readyz` endpoint that checks what serving needs).",
        references: References {
            kube_linter: &["no-readiness-probe"],
            polaris: &["readinessProbeMissing"],
            kube_score: &["pod-probes"],
            checkov: &["CKV_K8S_9"],
            ..References::NONE
        },
    }
}

impl Rule for ReadinessProbeMissing {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if runs_to_completion(pod) {
            return;
        }
        for c in app_containers(pod) {
            if probe(&c, "readinessProbe").is_none() {
                cx.report_container(
                    &c,
                    c.node,
                    format!("{} has no readiness probe", c.describe()),
                );
            }
        }
    }
}
