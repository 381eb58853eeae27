use super::helpers::{Target, check_references, generated_secrets};
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, Node, References, Scope, Severity};

/// Annotations with which cert-manager creates an Ingress's TLS Secrets.
const CERT_MANAGER_ANNOTATIONS: &[&str] = &[
    "cert-manager.io/cluster-issuer",
    "cert-manager.io/issuer",
    "kubernetes.io/tls-acme",
];

declare_rule! {
    /// ## What it checks
    /// Secrets that workloads and Ingresses name but that are not in the loaded set:
    /// env `valueFrom.secretKeyRef`, `envFrom[].secretRef`, `secret` and `projected` volumes,
    /// `imagePullSecrets` (of containers, init and ephemeral containers), and Ingress
    /// `spec.tls[].secretName`. References marked `optional: true` are skipped, and so are
    /// Secrets that a loaded object will create: a Bitnami `SealedSecret`, an External Secrets
    /// `ExternalSecret` (`spec.target.name`), a cert-manager `Certificate` (`spec.secretName`),
    /// and Ingress TLS Secrets when the Ingress has a cert-manager annotation. When the Secret is
    /// loaded, the keys the reference reads (`secretKeyRef.key`, volume `items[].key`) must be
    /// in its `data` or `stringData`.
    ///
    /// Low severity and not in the `default` profile: Secrets are often created outside the
    /// manifests (by hand, by a CI job, by an operator), so the finding is only meaningful when
    /// the scan covers everything that is deployed. Run it with `--select secret-not-found` on
    /// the complete output of a release.
    ///
    /// ## Why it matters
    /// A pod that reads a missing Secret does not start (`CreateContainerConfigError`, or a
    /// volume mount that waits forever), and a missing key fails the same way. A missing pull
    /// Secret makes pulls of private images fail.
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
    ///           env:
    ///             - name: DB_PASSWORD
    ///               valueFrom:
    ///                 secretKeyRef:
    ///                   name: db-credentials
    ///                   key: password
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
    ///           env:
    ///             - name: DB_PASSWORD
    ///               valueFrom:
    ///                 secretKeyRef:
    ///                   name: db-credentials
    ///                   key: password
    /// ---
    /// apiVersion: bitnami.com/v1alpha1
    /// kind: SealedSecret
    /// metadata:
    ///   name: db-credentials
    ///   namespace: shop
    /// spec:
    ///   encryptedData:
    ///     password: AgBy8hCF8zJr4dLzEz1M0Gm3bKq9
    /// ```
    ///
    /// ## References
    /// - kube-linter `env-value-from`
    pub struct SecretNotFound {
        id: "secret-not-found",
        title: "Referenced Secret is not in the scanned set",
        severity: Severity::Low,
        category: Category::Secrets,
        scope: Scope::Graph,
        remediation: "Add the Secret (or the SealedSecret, ExternalSecret or Certificate that creates it) to the manifests, fix the name or key, or mark the reference `optional: true` if the pod works without it.",
        references: References {
            kube_linter: &["env-value-from"],
            ..References::NONE
        },
    }
}

impl Rule for SecretNotFound {
    // Reads workload trees: its references are read from each pod spec.
    fn reads_workload_trees(&self) -> bool {
        true
    }

    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        check_references(graph, cx, Target::Secret);
        for &id in graph.of_kind("Ingress") {
            let ingress = graph.object(id);
            if CERT_MANAGER_ANNOTATIONS
                .iter()
                .any(|a| ingress.annotations().get(a).is_some())
            {
                continue;
            }
            let ns = graph.namespace_of(id).unwrap_or_default();
            let generated = generated_secrets(graph, ns);
            for tls in ingress
                .root
                .path(&["spec", "tls"])
                .map(Node::items)
                .unwrap_or(&[])
            {
                let Some((name, node)) = tls
                    .get("secretName")
                    .and_then(|n| n.as_str().map(|s| (s, n)))
                    .filter(|(s, _)| !s.is_empty())
                else {
                    continue;
                };
                if graph.find("Secret", Some(ns), name).is_none() && !generated.contains(name) {
                    cx.report(
                        id,
                        node,
                        format!(
                            "Ingress TLS reads Secret `{name}`, which is not in the loaded objects of namespace `{ns}`"
                        ),
                    );
                }
            }
        }
    }
}
