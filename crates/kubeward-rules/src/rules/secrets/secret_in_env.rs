use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers, init containers and ephemeral containers that read a Secret into
    /// environment variables: each `env[].valueFrom.secretKeyRef` (reported at the
    /// `secretKeyRef`, naming the variable, the Secret and the key) and each
    /// `envFrom[].secretRef` (reported at the `secretRef`: every key of the Secret becomes a
    /// variable).
    ///
    /// ## Why it matters
    /// Environment variables leak far more easily than files: they are inherited by every
    /// child process, dumped by crash reporters, debug endpoints and error pages, visible in
    /// `/proc/<pid>/environ` to anything sharing the process namespace, and often logged at
    /// startup. A value read into the environment is also fixed for the container's lifetime,
    /// so a rotated Secret is not picked up without a restart. Mounted as a `secret` volume,
    /// the value stays a file with its own permissions, readable only where the application
    /// opens it, and is updated in place on rotation.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: api
    /// spec:
    ///   selector:
    ///     matchLabels: {app: api}
    ///   template:
    ///     metadata:
    ///       labels: {app: api}
    ///     spec:
    ///       containers:
    ///         - name: api
    ///           image: ghcr.io/example/api:3.1.0
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
    ///   name: api
    /// spec:
    ///   selector:
    ///     matchLabels: {app: api}
    ///   template:
    ///     metadata:
    ///       labels: {app: api}
    ///     spec:
    ///       containers:
    ///         - name: api
    ///           image: ghcr.io/example/api:3.1.0
    ///           env:
    ///             - name: DB_PASSWORD_FILE
    ///               value: /etc/db/password
    ///           volumeMounts:
    ///             - name: db-credentials
    ///               mountPath: /etc/db
    ///               readOnly: true
    ///       volumes:
    ///         - name: db-credentials
    ///           secret:
    ///             secretName: db-credentials
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Good practices for Kubernetes Secrets"
    /// - CIS Kubernetes Benchmark 5.4.1, "Prefer using Secrets as files over Secrets as
    ///   environment variables"
    pub struct SecretInEnv {
        id: "secret-in-env",
        title: "Secret is exposed through environment variables",
        severity: Severity::Medium,
        category: Category::Secrets,
        scope: Scope::PodSpec,
        remediation: "Mount the Secret as a `secret` volume (`readOnly: true`) and have the application read the file; pass its path in an env var if needed.",
        references: References {
            kube_linter: &["read-secret-from-env-var"],
            kubesec: &["SecretsAsEnvironmentVariables"],
            checkov: &["CKV_K8S_35"],
            cis: &["5.4.1"],
            ..References::NONE
        },
    }
}

/// "`<what>` `value`" for a string field that is set and not empty, else `missing`.
fn named(node: &Node, field: &str, what: &str, missing: &str) -> String {
    match node.get(field).and_then(Node::as_str) {
        Some(value) if !value.is_empty() => format!("{what} `{value}`"),
        _ => missing.to_string(),
    }
}

impl Rule for SecretInEnv {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        for c in pod.containers() {
            for var in c.env() {
                let Some(secret) = var
                    .path(&["valueFrom", "secretKeyRef"])
                    .filter(|n| n.is_map())
                else {
                    continue;
                };
                cx.report_container(
                    &c,
                    secret,
                    format!(
                        "{} reads {} of {} into {}",
                        c.describe(),
                        named(secret, "key", "key", "an unspecified key"),
                        named(secret, "name", "secret", "an unnamed secret"),
                        named(var, "name", "env var", "an unnamed env var"),
                    ),
                );
            }
            let env_from = c.get("envFrom").map(Node::items).unwrap_or(&[]);
            for source in env_from {
                let Some(secret) = source.get("secretRef").filter(|n| n.is_map()) else {
                    continue;
                };
                cx.report_container(
                    &c,
                    secret,
                    format!(
                        "{} loads every key of {} into its environment",
                        c.describe(),
                        named(secret, "name", "secret", "an unnamed secret"),
                    ),
                );
            }
        }
    }
}
