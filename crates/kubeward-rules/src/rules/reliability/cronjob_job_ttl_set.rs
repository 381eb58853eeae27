use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// CronJobs whose job template sets `spec.jobTemplate.spec.ttlSecondsAfterFinished`.
    ///
    /// ## Why it matters
    /// A CronJob already keeps a bounded history of its Jobs
    /// (`successfulJobsHistoryLimit`, `failedJobsHistoryLimit`). A TTL on the Jobs deletes them
    /// behind the CronJob's back, often before anyone could look at a failed run's pods and
    /// logs, and makes the history limits meaningless.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: batch/v1
    /// kind: CronJob
    /// metadata:
    ///   name: report
    /// spec:
    ///   schedule: "0 3 * * *"
    ///   jobTemplate:
    ///     spec:
    ///       ttlSecondsAfterFinished: 60
    ///       template:
    ///         spec:
    ///           restartPolicy: OnFailure
    ///           containers:
    ///             - name: report
    ///               image: report:2.1.0
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: batch/v1
    /// kind: CronJob
    /// metadata:
    ///   name: report
    /// spec:
    ///   schedule: "0 3 * * *"
    ///   successfulJobsHistoryLimit: 3
    ///   failedJobsHistoryLimit: 3
    ///   jobTemplate:
    ///     spec:
    ///       template:
    ///         spec:
    ///           restartPolicy: OnFailure
    ///           containers:
    ///             - name: report
    ///               image: report:2.1.0
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "CronJob", "Jobs history limits"
    /// - Kubernetes documentation, "Automatic Cleanup for Finished Jobs"
    pub struct CronjobJobTtlSet {
        id: "cronjob-job-ttl-set",
        title: "CronJob's jobs are deleted by a TTL instead of the history limits",
        severity: Severity::Info,
        category: Category::Reliability,
        scope: Scope::Kinds(&["CronJob"]),
        remediation: "Remove `spec.jobTemplate.spec.ttlSecondsAfterFinished` and bound the history with `successfulJobsHistoryLimit` and `failedJobsHistoryLimit`.",
        references: References {
            kube_linter: &["job-ttl-seconds-after-finished"],
            ..References::NONE
        },
    }
}

impl Rule for CronjobJobTtlSet {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        if let Some(ttl) = object
            .root
            .path(&["spec", "jobTemplate", "spec", "ttlSecondsAfterFinished"])
            .filter(|n| !n.is_null())
        {
            cx.report(
                ttl,
                "CronJob job template sets `ttlSecondsAfterFinished`, which deletes Jobs regardless of the history limits",
            );
        }
    }
}
