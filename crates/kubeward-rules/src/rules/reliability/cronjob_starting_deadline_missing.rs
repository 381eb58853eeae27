use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// CronJobs without `spec.startingDeadlineSeconds`.
    ///
    /// ## Why it matters
    /// Without a deadline, a run that could not start on time (the controller was down, the
    /// CronJob was suspended, the cluster was being upgraded) is started whenever the controller
    /// catches up, however late; and a CronJob that has missed more than 100 schedules stops
    /// being scheduled at all, with only an event to say so. A deadline makes late runs be
    /// skipped on purpose and bounds how far back the controller looks.
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
    ///   startingDeadlineSeconds: 600
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
    /// - Kubernetes documentation, "CronJob", "Deadline for delayed Job start" and "CronJob
    ///   limitations"
    pub struct CronjobStartingDeadlineMissing {
        id: "cronjob-starting-deadline-missing",
        title: "CronJob has no starting deadline",
        severity: Severity::Info,
        category: Category::Reliability,
        scope: Scope::Kinds(&["CronJob"]),
        remediation: "Set `spec.startingDeadlineSeconds` to how late a run may still usefully start.",
        references: References {
            kube_score: &["cronjob-has-deadline"],
            ..References::NONE
        },
    }
}

impl Rule for CronjobStartingDeadlineMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let (at, found) = object.root.deepest(&["spec", "startingDeadlineSeconds"]);
        if found && !at.is_null() {
            return;
        }
        cx.report(at, "CronJob sets no `startingDeadlineSeconds`");
    }
}
