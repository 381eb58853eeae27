use super::helpers::{Target, check_references};
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// ConfigMaps that workloads name but that are not in the loaded set: env
    /// `valueFrom.configMapKeyRef`, `envFrom[].configMapRef`, `configMap` and `projected`
    /// volumes (of containers, init and ephemeral containers). References marked
    /// `optional: true` are skipped. When the ConfigMap is loaded, the keys the reference reads
    /// (`configMapKeyRef.key`, volume `items[].key`) must be in its `data` or `binaryData`.
    ///
    /// Low severity and not in the `default` profile: ConfigMaps are sometimes created outside
    /// the manifests (`kube-root-ca.crt` in every namespace, operators, other charts), so the
    /// finding is only meaningful when the scan covers everything that is deployed. Run it
    /// with `--select configmap-not-found` on the complete output of a release.
    ///
    /// ## Why it matters
    /// A pod that reads a missing ConfigMap or key does not start
    /// (`CreateContainerConfigError`, or a volume mount that waits forever).
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
    ///       containers:
    ///         - name: app
    ///           image: registry.example.com/web:1.4.2
    ///           envFrom:
    ///             - configMapRef:
    ///                 name: web-confg
    /// ---
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: web-config
    ///   namespace: shop
    /// data:
    ///   LOG_LEVEL: info
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
    ///           image: registry.example.com/web:1.4.2
    ///           envFrom:
    ///             - configMapRef:
    ///                 name: web-config
    /// ---
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: web-config
    ///   namespace: shop
    /// data:
    ///   LOG_LEVEL: info
    /// ```
    ///
    /// ## References
    /// - kube-linter `env-value-from`
    pub struct ConfigmapNotFound {
        id: "configmap-not-found",
        title: "Referenced ConfigMap is not in the scanned set",
        severity: Severity::Low,
        category: Category::Reliability,
        scope: Scope::Graph,
        remediation: "Add the ConfigMap to the manifests, fix the name or key, or mark the reference `optional: true` if the pod works without it.",
        references: References {
            kube_linter: &["env-value-from"],
            ..References::NONE
        },
    }
}

impl Rule for ConfigmapNotFound {
    // Reads workload trees: its references are read from each pod spec.
    fn reads_workload_trees(&self) -> bool {
        true
    }

    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        check_references(graph, cx, Target::ConfigMap);
    }
}
