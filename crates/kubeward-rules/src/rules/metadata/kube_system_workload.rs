use super::helpers::{WORKLOAD_KINDS, namespace};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Workloads (Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs, CronJobs) in the `kube-system` namespace.
    ///
    /// Cluster add-ons that belong there (a CNI or CSI driver, a DNS server) are legitimate
    /// exceptions; waive the finding for them with a reason.
    ///
    /// ## Why it matters
    /// `kube-system` holds the control plane's own components and their service accounts,
    /// which are highly privileged. Pod Security admission and many policy engines exempt it,
    /// RBAC granted there reaches the cluster's core, and an application running there can
    /// use or be confused with system workloads. Applications belong in their own namespaces.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    ///   namespace: kube-system
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: nginx:1.27.3
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: nginx:1.27.3
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Namespaces", "Initial namespaces"
    pub struct KubeSystemWorkload {
        id: "kube-system-workload",
        title: "Workload runs in the kube-system namespace",
        severity: Severity::Medium,
        category: Category::Metadata,
        scope: Scope::Kinds(WORKLOAD_KINDS),
        remediation: "Move the workload to a namespace of its own; keep `kube-system` for the cluster's own components.",
        references: References {
            trivy: &["KSV-0037"],
            ..References::NONE
        },
    }
}

impl Rule for KubeSystemWorkload {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        if let Some(ns) = namespace(object).filter(|n| n.as_str() == Some("kube-system")) {
            cx.report(
                ns,
                format!("{} runs in the `kube-system` namespace", object.kind()),
            );
        }
    }
}
