use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Ingress annotations that inject raw NGINX configuration: every ingress-nginx annotation
    /// whose name ends in `-snippet` (`nginx.ingress.kubernetes.io/server-snippet`,
    /// `configuration-snippet`, `auth-snippet`, `stream-snippet`, `modsecurity-snippet`) and
    /// the NGINX Inc. controller's `nginx.org/server-snippets` and `nginx.org/location-snippets`.
    /// The message says when the snippet runs Lua code (`*_by_lua*`) or serves files with an
    /// `alias` or `root` directive. Also ingress-nginx controller ConfigMaps that turn snippet
    /// annotations on (`allow-snippet-annotations: "true"`).
    ///
    /// ## Why it matters
    /// A snippet is pasted into the controller's `nginx.conf`, and the controller runs with a
    /// ServiceAccount that can read every Secret in the cluster. Anyone allowed to create an
    /// Ingress can therefore read the controller's token and all Secrets with a snippet such as
    /// `alias /var/run/secrets/;` or a Lua block (CVE-2021-25742), and the same injection is
    /// behind the later ingress-nginx advisories (CVE-2023-5044, CVE-2025-1974). ingress-nginx
    /// disables snippets by default since 1.9; the annotation then breaks the Ingress instead.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: Ingress
    /// metadata:
    ///   name: web
    ///   namespace: shop
    ///   annotations:
    ///     nginx.ingress.kubernetes.io/configuration-snippet: |
    ///       more_set_headers "X-Frame-Options: DENY";
    /// spec:
    ///   ingressClassName: nginx
    ///   defaultBackend:
    ///     service:
    ///       name: web
    ///       port:
    ///         number: 80
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: Ingress
    /// metadata:
    ///   name: web
    ///   namespace: shop
    ///   annotations:
    ///     nginx.ingress.kubernetes.io/custom-headers: shop/security-headers
    /// spec:
    ///   ingressClassName: nginx
    ///   defaultBackend:
    ///     service:
    ///       name: web
    ///       port:
    ///         number: 80
    /// ```
    ///
    /// ## References
    /// - Checkov `CKV_K8S_152`, `CKV_K8S_153`, `CKV_K8S_154`; Trivy `KCV-0093`
    /// - CVE-2021-25742, "ingress-nginx: custom snippets allows retrieval of ingress-nginx
    ///   serviceaccount token and secrets across all namespaces"
    pub struct IngressNginxSnippetAnnotation {
        id: "ingress-nginx-snippet-annotation",
        title: "Ingress injects raw NGINX configuration with a snippet annotation",
        severity: Severity::High,
        category: Category::Network,
        scope: Scope::Kinds(&["Ingress", "ConfigMap"]),
        remediation: "Remove the snippet: use the dedicated annotations (headers with `custom-headers`, redirects, rewrites, auth) or a controller-wide setting, and keep `allow-snippet-annotations` false.",
        references: References {
            checkov: &["CKV_K8S_152", "CKV_K8S_153", "CKV_K8S_154"],
            trivy: &["KCV-0093"],
            ..References::NONE
        },
    }
}

impl Rule for IngressNginxSnippetAnnotation {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        if object.kind() == "ConfigMap" {
            if let Some(entry) = object
                .root
                .get("data")
                .and_then(|d| d.entry("allow-snippet-annotations"))
                && entry
                    .value
                    .text()
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
            {
                cx.report(
                    &entry.value,
                    "ConfigMap turns ingress-nginx snippet annotations on: any Ingress author can inject NGINX configuration",
                );
            }
            return;
        }
        for entry in object.annotations().entries() {
            let key = entry.key_str();
            if !is_snippet(key) {
                continue;
            }
            let value = entry.value.text().unwrap_or("");
            if value.trim().is_empty() {
                continue;
            }
            let detail = match dangerous_directive(value) {
                Some(d) => format!(" with `{d}`"),
                None => String::new(),
            };
            cx.report(
                &entry.value,
                format!("annotation `{key}` injects raw NGINX configuration{detail}"),
            );
        }
    }
}

fn is_snippet(key: &str) -> bool {
    match key.split_once('/') {
        Some(("nginx.ingress.kubernetes.io", name)) => name.ends_with("-snippet"),
        Some(("nginx.org", name)) => name.ends_with("-snippets"),
        _ => false,
    }
}

/// The first Lua or file-serving directive of a snippet.
fn dangerous_directive(snippet: &str) -> Option<&str> {
    snippet
        .split(|c: char| c.is_whitespace() || c == ';' || c == '{')
        .find(|word| word.contains("_by_lua") || *word == "alias" || *word == "root")
}
