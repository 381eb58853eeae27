use super::helpers::{Committed, committed_secret_keys, is_core};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Core `v1` `Secret` manifests that carry real values: one finding per key of `data` or
    /// `stringData`, at that key (the value is never printed). A `data` value is
    /// base64-decoded first, the way the API server decodes it; a value that is not valid
    /// base64 is reported too, since it is usually plain text pasted into `data`.
    ///
    /// Not reported:
    /// - empty values and obvious placeholders, raw or decoded (`""`, `changeme`, `<token>`,
    ///   `${DB_PASSWORD}`, `{{ .Values.x }}`, `REPLACE_ME`, `xxx`, `****`, `TODO`, `example`);
    /// - Secrets encrypted with SOPS (a top-level `sops:` block), and single values
    ///   encrypted by SOPS (`ENC[AES256_GCM,…]`);
    /// - values that are public by design: PEM certificates and public keys (`ca.crt`,
    ///   `tls.crt`), the `namespace` of a service-account-token Secret, the public id and
    ///   metadata of a bootstrap token, the `username` of a basic-auth Secret. A
    ///   service-account-token Secret with no `data` (the token controller fills it in) is
    ///   therefore fine;
    /// - `SealedSecret` (bitnami.com) and `ExternalSecret` (external-secrets.io) objects, and
    ///   `Secret` kinds of other API groups: they are the remedy, not the problem.
    ///
    /// Rendered Helm output is checked as it comes: a chart that generates a random password
    /// at render time (`randAlphaNum`) produces a real value here, although nothing is
    /// committed; scan the chart's committed values instead, or add an exception.
    ///
    /// ## Why it matters
    /// base64 is an encoding, not encryption: anyone who can read the repository (and every
    /// clone, fork, CI log and backup of it) can read the Secret, and git history keeps it
    /// after it is deleted. No peer linter checks this; generic secret scanners miss it
    /// because they do not decode `data`. A committed credential has to be treated as leaked
    /// and rotated.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Secret
    /// metadata:
    ///   name: db-credentials
    /// type: Opaque
    /// data:
    ///   username: YXBw
    ///   password: VHIwdWI0ZG9yJjM=
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: bitnami.com/v1alpha1
    /// kind: SealedSecret
    /// metadata:
    ///   name: db-credentials
    /// spec:
    ///   encryptedData:
    ///     password: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq0mZ3Vz6ZNc5pJZ3qB1Kp
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Good practices for Kubernetes Secrets"
    /// - OWASP Kubernetes Top 10, K08 "Secrets Management Failures"
    /// - Bitnami Sealed Secrets, External Secrets Operator, SOPS
    pub struct SecretManifestCommitted {
        id: "secret-manifest-committed",
        title: "Secret manifest commits real values",
        severity: Severity::High,
        category: Category::Secrets,
        scope: Scope::Kinds(&["Secret"]),
        remediation: "Remove the values from the repository and rotate them; commit a SealedSecret, an ExternalSecret or a SOPS-encrypted file instead, or create the Secret out of band.",
        references: References::NONE,
    }
}

impl Rule for SecretManifestCommitted {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        if !is_core(object) {
            return;
        }
        for committed in committed_secret_keys(&object.root) {
            let message = match (committed.section, committed.how) {
                ("data", Committed::Undecodable) => format!(
                    "`data` key `{}` is not valid base64: a plain-text value is committed (and the API server rejects it)",
                    committed.key
                ),
                ("data", _) => format!(
                    "`data` key `{}` holds a committed value (base64 is an encoding, not encryption)",
                    committed.key
                ),
                (section, _) => format!(
                    "`{section}` key `{}` holds a committed plain-text value",
                    committed.key
                ),
            };
            cx.report_secret(committed.node, message);
        }
    }
}
