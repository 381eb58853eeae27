use super::helpers::is_owned;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Jobs without `spec.ttlSecondsAfterFinished`. Jobs with `ownerReferences` (created by a
    /// CronJob or another controller, as a cluster audit lists them) are left out: their owner
    /// cleans them up. CronJobs are the concern of `cronjob-job-ttl-set`.
    ///
    /// ## Why it matters
    /// A finished Job and its pods stay in the cluster until someone deletes them: they pile up
    /// in the API server and etcd, clutter `kubectl get`, and keep their logs and any mounted
    /// Secrets around. A TTL lets the TTL-after-finished controller remove them.
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
    ///       restartPolicy: Never
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
    ///   ttlSecondsAfterFinished: 86400
    ///   template:
    ///     spec:
    ///       restartPolicy: Never
    ///       containers:
    ///         - name: migrate
    ///           image: migrate:1.4.2
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Automatic Cleanup for Finished Jobs"
    pub struct JobTtlMissing {
        id: "job-ttl-missing",
        title: "Job is never cleaned up after it finishes",
        severity: Severity::Info,
        category: Category::Reliability,
        scope: Scope::Kinds(&["Job"]),
        remediation: "Set `spec.ttlSecondsAfterFinished` so the finished Job and its pods are deleted after a while.",
        references: References {
            kube_linter: &["job-ttl-seconds-after-finished"],
            ..References::NONE
        },
    }
}

impl Rule for JobTtlMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        if is_owned(object) {
            return;
        }
        let (at, found) = object.root.deepest(&["spec", "ttlSecondsAfterFinished"]);
        if found && !at.is_null() {
            return;
        }
        cx.report(at, "Job sets no `ttlSecondsAfterFinished`");
    }
}
