use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, Object, References, Scope, Severity};

/// Annotations that put TLS on the Ingress outside `spec.tls` (a certificate held by the cloud
/// load balancer), or that turn plain HTTP off.
const TLS_ELSEWHERE: &[(&str, Option<&str>)] = &[
    ("alb.ingress.kubernetes.io/certificate-arn", None),
    ("ingress.gcp.kubernetes.io/pre-shared-cert", None),
    ("networking.gke.io/managed-certificates", None),
    ("kubernetes.io/ingress.allow-http", Some("false")),
];

const SSL_REDIRECT: &str = "nginx.ingress.kubernetes.io/ssl-redirect";
const FORCE_SSL_REDIRECT: &str = "nginx.ingress.kubernetes.io/force-ssl-redirect";

declare_rule! {
    /// ## What it checks
    /// Ingresses that serve plain HTTP: no `spec.tls` at all (reported at `spec`), or a rule
    /// `host` that no `spec.tls[].hosts` entry covers (reported at the host; `*.example.com`
    /// covers one label, and a `tls` entry without `hosts` covers every host). Ingresses whose
    /// certificate lives in the cloud load balancer (`alb.ingress.kubernetes.io/certificate-arn`,
    /// `ingress.gcp.kubernetes.io/pre-shared-cert`, `networking.gke.io/managed-certificates`) or
    /// that turn HTTP off (`kubernetes.io/ingress.allow-http: "false"`) are not reported.
    /// Also an Ingress with TLS that turns ingress-nginx's redirect to HTTPS off
    /// (`nginx.ingress.kubernetes.io/ssl-redirect: "false"` without `force-ssl-redirect`),
    /// reported at the annotation.
    ///
    /// ## Why it matters
    /// Without TLS, everything between the client and the cluster (passwords, session cookies,
    /// API tokens, personal data) crosses the internet in clear text and can be read or changed
    /// on the way. Certificates are free and automatic (cert-manager with ACME), so there is no
    /// reason left for a public HTTP endpoint.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: Ingress
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   rules:
    ///     - host: shop.example.com
    ///       http:
    ///         paths:
    ///           - path: /
    ///             pathType: Prefix
    ///             backend:
    ///               service:
    ///                 name: web
    ///                 port:
    ///                   number: 80
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
    ///     cert-manager.io/cluster-issuer: letsencrypt
    /// spec:
    ///   tls:
    ///     - hosts: [shop.example.com]
    ///       secretName: web-tls
    ///   rules:
    ///     - host: shop.example.com
    ///       http:
    ///         paths:
    ///           - path: /
    ///             pathType: Prefix
    ///             backend:
    ///               service:
    ///                 name: web
    ///                 port:
    ///                   number: 80
    /// ```
    ///
    /// ## References
    /// - Polaris `tlsSettingsMissing`
    /// - NSA/CISA Kubernetes Hardening Guide, "Network separation and hardening" (encrypt traffic)
    pub struct IngressTlsMissing {
        id: "ingress-tls-missing",
        title: "Ingress serves plain HTTP",
        severity: Severity::Medium,
        category: Category::Network,
        scope: Scope::Kinds(&["Ingress"]),
        remediation: "Add a `spec.tls` entry listing every host, with the Secret holding its certificate (cert-manager can issue and renew it).",
        references: References {
            polaris: &["tlsSettingsMissing"],
            nsa: &["Network separation and hardening"],
            ..References::NONE
        },
    }
}

impl Rule for IngressTlsMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let exempt = TLS_ELSEWHERE.iter().any(|(key, value)| {
            object
                .annotations()
                .get(key)
                .and_then(Node::text)
                .is_some_and(|v| value.is_none_or(|want| v.trim().eq_ignore_ascii_case(want)))
        });
        if exempt {
            return;
        }
        let spec = object.root.get("spec");
        let tls: &[Node] = spec
            .and_then(|s| s.get("tls"))
            .map(Node::items)
            .unwrap_or(&[]);
        let hosts: Vec<(&Node, &str)> = spec
            .and_then(|s| s.get("rules"))
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .filter_map(|r| r.get("host"))
            .filter_map(|h| h.as_str().filter(|s| !s.is_empty()).map(|s| (h, s)))
            .collect();
        if tls.iter().all(|t| !t.is_map()) {
            let what = if hosts.is_empty() {
                "every host".to_string()
            } else {
                let names: Vec<String> = hosts.iter().map(|(_, h)| format!("`{h}`")).collect();
                names.join(", ")
            };
            cx.report(
                spec.unwrap_or(&object.root),
                format!("Ingress serves {what} over plain HTTP: no `spec.tls`"),
            );
            return;
        }
        let redirect_off = object
            .annotations()
            .entries()
            .iter()
            .find(|e| e.key_str() == SSL_REDIRECT)
            .filter(|e| {
                e.value
                    .text()
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("false"))
            });
        let forced = object
            .annotation(FORCE_SSL_REDIRECT)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        if let Some(entry) = redirect_off
            && !forced
        {
            cx.report(
                &entry.value,
                format!("Ingress keeps serving plain HTTP next to TLS: `{SSL_REDIRECT}` is false"),
            );
        }
        let covers_all = tls
            .iter()
            .filter(|t| t.is_map())
            .any(|t| t.get("hosts").map(Node::items).unwrap_or(&[]).is_empty());
        if covers_all {
            return;
        }
        let tls_hosts: Vec<&str> = tls
            .iter()
            .flat_map(|t| t.get("hosts").map(Node::items).unwrap_or(&[]))
            .filter_map(Node::as_str)
            .collect();
        for (node, host) in hosts {
            if !tls_hosts.iter().any(|t| host_matches(t, host)) {
                cx.report(
                    node,
                    format!("Ingress host `{host}` is served over plain HTTP: no `spec.tls` entry lists it"),
                );
            }
        }
    }
}

/// Whether TLS host `pattern` (`shop.example.com`, `*.example.com`) covers `host`.
fn host_matches(pattern: &str, host: &str) -> bool {
    let (pattern, host) = (pattern.to_ascii_lowercase(), host.to_ascii_lowercase());
    if pattern == host {
        return true;
    }
    match (pattern.strip_prefix("*."), host.split_once('.')) {
        (Some(suffix), Some((label, rest))) => !label.is_empty() && label != "*" && rest == suffix,
        _ => false,
    }
}
