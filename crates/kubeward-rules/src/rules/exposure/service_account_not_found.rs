use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Workloads whose `serviceAccountName` (or the deprecated `serviceAccount`) names a
    /// ServiceAccount that is not in the loaded set, in the workload's namespace. The `default`
    /// ServiceAccount always exists and is not reported.
    ///
    /// Low severity and not in the `default` profile: ServiceAccounts are often created outside
    /// the application's manifests (by a platform team, an operator, Terraform), so the finding
    /// is only meaningful when the scan covers everything that is deployed. Run it with
    /// `--select service-account-not-found` on the complete output of a release.
    ///
    /// ## Why it matters
    /// The API server refuses to create the pods (`serviceaccount "web" not found`): the
    /// Deployment exists but never gets a replica. And the RBAC analysis cannot tell what the
    /// pods may do with a ServiceAccount it cannot see.
    ///
    /// ## Bad
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
    ///       serviceAccountName: web
    ///       containers:
    ///         - name: app
    ///           image: registry.example.com/web:1.4.2
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
    ///       serviceAccountName: web
    ///       containers:
    ///         - name: app
    ///           image: registry.example.com/web:1.4.2
    /// ---
    /// apiVersion: v1
    /// kind: ServiceAccount
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// automountServiceAccountToken: false
    /// ```
    ///
    /// ## References
    /// - kube-linter `non-existent-service-account`
    pub struct ServiceAccountNotFound {
        id: "service-account-not-found",
        title: "Referenced ServiceAccount is not in the scanned set",
        severity: Severity::Low,
        category: Category::Rbac,
        scope: Scope::Graph,
        remediation: "Add the ServiceAccount to the manifests (in the workload's namespace), or fix the name.",
        references: References {
            kube_linter: &["non-existent-service-account"],
            ..References::NONE
        },
    }
}

impl Rule for ServiceAccountNotFound {
    // Reads workload trees: it points at `serviceAccountName`.
    fn reads_workload_trees(&self) -> bool {
        true
    }

    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        for workload in graph.workloads() {
            if workload.service_account == "default" {
                continue;
            }
            let Some(pod) = PodSpecView::of(graph.object(workload.object)) else {
                continue;
            };
            let Some(node) = pod
                .get("serviceAccountName")
                .or_else(|| pod.get("serviceAccount"))
                .filter(|n| n.text().is_some_and(|t| !t.is_empty()))
            else {
                continue;
            };
            let ns = workload.namespace.as_str();
            if graph
                .find("ServiceAccount", Some(ns), &workload.service_account)
                .is_none()
            {
                cx.report(
                    workload.object,
                    node,
                    format!(
                        "{} runs as ServiceAccount `{}`, which is not in the loaded objects of namespace `{ns}`",
                        workload.kind, workload.service_account
                    ),
                );
            }
        }
    }
}
