use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// A pod `restartPolicy` the workload's kind does not accept:
    /// - Jobs and CronJobs need `OnFailure` or `Never`. A missing policy defaults to `Always`,
    ///   so it is flagged too.
    /// - Deployments, StatefulSets, DaemonSets, ReplicaSets and ReplicationControllers need
    ///   `Always` (the default; a missing policy passes).
    ///
    /// Bare Pods and PodTemplates may use any of the three and are not checked. Container-level
    /// `restartPolicy: Always` on an init container (a sidecar) is a different field and is not
    /// concerned.
    ///
    /// ## Why it matters
    /// The API server rejects these objects, so the mistake surfaces only at deploy time, often
    /// in a pipeline far from the change that caused it (a Job template copied from a
    /// Deployment is the classic case). Catching it in CI is cheap.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: batch/v1
    /// kind: Job
    /// metadata:
    ///   name: migrate
    /// spec:
    ///   template:
    ///     spec:
    ///       restartPolicy: Always
    ///       containers:
    ///         - name: migrate
    ///           image: migrate:1.4.2
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: batch/v1
    /// kind: Job
    /// metadata:
    ///   name: migrate
    /// spec:
    ///   template:
    ///     spec:
    ///       restartPolicy: OnFailure
    ///       containers:
    ///         - name: migrate
    ///           image: migrate:1.4.2
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Jobs", "Pod Template" ("Only a RestartPolicy equal to
    ///   `Never` or `OnFailure` is allowed")
    /// - Kubernetes documentation, "Deployments", "Pod Template" ("Only a
    ///   `.spec.template.spec.restartPolicy` equal to `Always` is allowed")
    pub struct RestartPolicyInvalid {
        id: "restart-policy-invalid",
        title: "Pod restart policy is not allowed for the workload kind",
        severity: Severity::Low,
        category: Category::Reliability,
        scope: Scope::PodSpec,
        remediation: "Use `restartPolicy: OnFailure` or `Never` in Jobs and CronJobs; use `Always` (or leave it unset) in Deployments, StatefulSets, DaemonSets and ReplicaSets.",
        references: References {
            kube_linter: &["restart-policy"],
            kube_score: &["cronjob-restartpolicy"],
            ..References::NONE
        },
    }
}

impl Rule for RestartPolicyInvalid {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        let kind = pod.object.kind();
        let policy = pod.get("restartPolicy").filter(|n| !n.is_null());
        let value = policy.and_then(|n| n.as_str());
        match kind {
            "Job" | "CronJob" => match (policy, value) {
                (_, Some("OnFailure" | "Never")) => {}
                (Some(node), _) => cx.report(
                    node,
                    format!(
                        "{kind} pod template has `restartPolicy: {}`; Jobs accept only `OnFailure` or `Never`",
                        node.text().unwrap_or("")
                    ),
                ),
                (None, _) => cx.report(
                    pod.spec,
                    format!(
                        "{kind} pod template sets no `restartPolicy`, which defaults to `Always`; Jobs accept only `OnFailure` or `Never`"
                    ),
                ),
            },
            "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "ReplicationController" => {
                if let Some(node) = policy
                    && value != Some("Always")
                {
                    cx.report(
                        node,
                        format!(
                            "{kind} pod template has `restartPolicy: {}`; {kind}s accept only `Always`",
                            node.text().unwrap_or("")
                        ),
                    );
                }
            }
            _ => {}
        }
    }
}
