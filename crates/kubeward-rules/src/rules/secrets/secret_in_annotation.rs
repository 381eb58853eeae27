use super::helpers::{Place, annotation_places, committed_secret_keys};
use crate::secret_detect::{Depth, scan_text};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, Object, References, Scope, Severity};

/// The annotation `kubectl apply` writes: the whole object as last applied, in JSON.
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

declare_rule! {
    /// ## What it checks
    /// Annotations of any object, and of a workload's pod template, whose values contain a
    /// known secret format: private keys, cloud keys, GitHub, GitLab, Slack, Stripe and Google
    /// tokens, JWTs, URLs and connection strings with a password, `Authorization`
    /// credentials (the token formats of `secret-in-env-value`; name-and-entropy guesses
    /// are left out, since annotation values are free-form). One finding per annotation, at
    /// its value, naming the annotation and what was found, never the value.
    ///
    /// `kubectl.kubernetes.io/last-applied-configuration` is scanned too: it holds a JSON
    /// copy of the object, and when that copy is a `Secret` with committed values (as
    /// `secret-manifest-committed` judges them: base64 `data` is decoded, placeholders and
    /// SOPS-encrypted files are not values), the finding says so and names the keys. This
    /// catches Secrets exported with `kubectl get -o yaml` whose `data` was removed but whose
    /// annotation still carries every value.
    ///
    /// ## Why it matters
    /// Annotations are metadata: shown by `kubectl describe`, readable by every role that can
    /// read the object, copied by tools that never treat them as sensitive, and committed with
    /// the manifest. A token in an annotation is a leaked token.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: api
    ///   annotations:
    ///     ci.example.com/deploy-token: glpat-c7Tvo-hBKqFYY-kv5ZJr
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
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: api
    ///   annotations:
    ///     ci.example.com/deploy-token-secret: ci-deploy-token
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
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Annotations", "Good practices for Kubernetes Secrets"
    pub struct SecretInAnnotation {
        id: "secret-in-annotation",
        title: "Annotation holds a secret",
        severity: Severity::Medium,
        category: Category::Secrets,
        scope: Scope::AnyObject,
        remediation: "Remove the value from the annotation and rotate it; keep secrets in a Secret and put only its name in annotations. For `last-applied-configuration`, strip the annotation from exported manifests.",
        references: References::NONE,
    }
}

/// "a copy of a Secret with committed values (keys `a`, `b`)" when `text` is the JSON of a
/// core Secret that `secret-manifest-committed` would report.
fn secret_copy(text: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let root = Node::from_json(&value);
    let kind = root.get("kind").and_then(Node::as_str);
    let api_version = root.get("apiVersion").and_then(Node::as_str);
    if kind != Some("Secret") || api_version != Some("v1") {
        return None;
    }
    let keys: Vec<String> = committed_secret_keys(&root)
        .iter()
        .map(|k| format!("`{}`", k.key))
        .collect();
    if keys.is_empty() {
        return None;
    }
    const SHOWN: usize = 5;
    let mut list = keys
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if keys.len() > SHOWN {
        list.push_str(&format!(" and {} more", keys.len() - SHOWN));
    }
    Some(format!(
        "a copy of a Secret with committed values ({} {list})",
        if keys.len() == 1 { "key" } else { "keys" }
    ))
}

fn check_place(place: &Place<'_>, cx: &mut RuleContext<'_>) {
    if place.name == LAST_APPLIED
        && let Some(copy) = secret_copy(&place.text)
    {
        cx.report_secret(place.node, format!("{} holds {copy}", place.describe()));
        return;
    }
    if let Some(message) = place.holds(&scan_text(&place.text, Depth::KnownFormats)) {
        place.report_secret(cx, message);
    }
}

impl Rule for SecretInAnnotation {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for place in annotation_places(object) {
            check_place(&place, cx);
        }
    }
}
