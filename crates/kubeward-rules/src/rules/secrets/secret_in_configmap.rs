use super::helpers::configmap_places;
use crate::secret_detect::scan_named_value;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Core `v1` ConfigMaps whose `data` values (and `binaryData` values that decode to text)
    /// hold something that looks like a secret. One finding per key, at its value, naming
    /// the key, what was recognised and, for a multi-line value such as an embedded
    /// `application.properties`, the line within the value. The value is never printed.
    ///
    /// The detection is the one of `secret-in-env-value`, with the key as the name: known
    /// token formats anywhere in the value (private keys, cloud keys, GitHub, GitLab, Slack,
    /// Stripe, Google tokens, JWTs, connection strings with a password, …); a sensitive key
    /// (`DB_PASSWORD`, `db.password`, `clientSecret`, `api-key`) whose whole value is a
    /// literal passing the length and entropy thresholds; and `password = …`-style
    /// assignments inside embedded files (`.properties`, `.env`, YAML, JSON, INI), judged by
    /// their key and value the same way. Placeholders (`${DB_PASSWORD}`, `{{ … }}`,
    /// `changeme`, `<token>`) and references are not secrets.
    ///
    /// Trivy's KSV-01010 also reports user names and e-mail addresses in ConfigMaps; those
    /// are not credentials and are left out. XML elements (`<password>…</password>`) are not
    /// recognised as assignments yet.
    ///
    /// ## Why it matters
    /// ConfigMaps are not meant for secrets: they are shown in full by `kubectl describe`,
    /// readable by every role that may read configuration (far more than may read Secrets),
    /// never encrypted at rest, and committed to the repository as plain text.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: api-config
    /// data:
    ///   LOG_LEVEL: info
    ///   application.properties: |
    ///     spring.datasource.url=jdbc:postgresql://db:5432/app
    ///     spring.datasource.username=app
    ///     spring.datasource.password=Tr0ub4dor&3
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: api-config
    /// data:
    ///   LOG_LEVEL: info
    ///   application.properties: |
    ///     spring.datasource.url=jdbc:postgresql://db:5432/app
    ///     spring.datasource.username=app
    ///     spring.datasource.password=${DB_PASSWORD}
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "ConfigMaps" ("ConfigMap does not provide secrecy or
    ///   encryption")
    /// - OWASP Kubernetes Top 10, K08 "Secrets Management Failures"
    pub struct SecretInConfigmap {
        id: "secret-in-configmap",
        title: "ConfigMap holds a secret",
        severity: Severity::High,
        category: Category::Secrets,
        scope: Scope::Kinds(&["ConfigMap"]),
        remediation: "Move the value into a Secret (created out of band, sealed or external) and rotate it; keep a reference such as `${DB_PASSWORD}` in the ConfigMap if the application expands one.",
        references: References {
            polaris: &["sensitiveConfigmapContent"],
            trivy: &["KSV-0109", "KSV-01010"],
            ..References::NONE
        },
    }
}

impl Rule for SecretInConfigmap {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for place in configmap_places(object) {
            if let Some(message) = place.holds(&scan_named_value(place.name, &place.text)) {
                place.report_secret(cx, message);
            }
        }
    }
}
