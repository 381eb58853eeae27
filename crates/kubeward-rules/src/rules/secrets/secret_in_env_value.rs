use super::helpers::env_places;
use crate::secret_detect::scan_named_value;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Literal `env[].value` strings of containers, init containers and ephemeral containers
    /// that look like secrets. One finding per env var, at its `value`, naming the variable
    /// and what was recognised, never the value. In order:
    /// - a known token format anywhere in the value: private key blocks, AWS access key ids
    ///   and secret keys, GitHub (`ghp_`, `gho_`, `github_pat_`, …), GitLab (`glpat-`, …),
    ///   Slack tokens and webhooks, Stripe live keys, Google API keys, npm, PyPI, SendGrid and
    ///   Azure storage keys, JWTs (the header must decode to JSON with `alg`), URLs and
    ///   connection strings with a password (`postgres://app:…@db`), `Authorization`
    ///   credentials, `.dockerconfigjson` auths. Tokens with too little entropy
    ///   (`ghp_xxxx…`) or marked as examples (AWS's `AKIAIOSFODNN7EXAMPLE`) are skipped;
    /// - a name that announces a secret (containing `PASSWORD`, `PASSWD`, `PASSPHRASE`,
    ///   `SECRET`, `TOKEN`, `API_KEY`, `ACCESS_KEY`, `PRIVATE_KEY`, `CREDENTIAL`; camelCase
    ///   and dotted names too) holding a literal value that is not empty, not a placeholder
    ///   (`changeme`, `<token>`, `xxx`), not a reference (`$(DB_PASSWORD)`, `${X}`,
    ///   `vault:secret/…`, `arn:aws:secretsmanager:…`, `projects/…/secrets/…`), not a
    ///   boolean, number, duration, path, file name, URL without credentials or sentence, and
    ///   random enough: under password-like names (people choose those) at least 6
    ///   characters and 2 bits of entropy per character; under token-like names (machines
    ///   generate those, words there usually name something) at least 8 characters and 2.5
    ///   bits, and not a plain lower-case identifier such as `db-credentials`. Names ending
    ///   in a word that makes the value *about* a secret are skipped: `…_FILE`, `…_PATH`,
    ///   `…_NAME`, `…_TTL`, `…_LENGTH`, `…_ENDPOINT`, `…_POLICY`, `…_ID`, …;
    /// - a `password=…`-style assignment inside the value (`JAVA_OPTS=-Ddb.password=…`),
    ///   judged the same way.
    ///
    /// Values read with `valueFrom` are not literals and are not checked here (see
    /// `secret-in-env`). Secrets in `command` and `args` are not checked yet.
    ///
    /// ## Why it matters
    /// A literal value in a manifest is a credential committed to the repository, readable by
    /// anyone with access to it, its history and its CI logs, and by anyone who can `get` the
    /// workload in the cluster (which many more roles can do than read Secrets).
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
    ///               value: Tr0ub4dor&3
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
    /// - OWASP Kubernetes Top 10, K08 "Secrets Management Failures"
    pub struct SecretInEnvValue {
        id: "secret-in-env-value",
        title: "Env var holds a literal secret",
        severity: Severity::High,
        category: Category::Secrets,
        scope: Scope::PodSpec,
        remediation: "Remove the value from the manifest and rotate it; store it in a Secret (created out of band, sealed or external) and mount it as a file, or reference it with `valueFrom.secretKeyRef`.",
        references: References {
            kube_linter: &["env-var-secret"],
            polaris: &["sensitiveContainerEnvVar"],
            ..References::NONE
        },
    }
}

impl Rule for SecretInEnvValue {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        for place in env_places(pod) {
            if let Some(message) = place.holds(&scan_named_value(place.name, &place.text)) {
                place.report_secret(cx, message);
            }
        }
    }
}
