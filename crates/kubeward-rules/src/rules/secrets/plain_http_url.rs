use super::helpers::{CONFIGMAP_AND_WORKLOADS, Source, value_places};
use crate::secret_detect::plain_http_hosts;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `http://` URLs in literal env values (containers, init and ephemeral containers) and
    /// in ConfigMap `data`. One finding per env var or ConfigMap key, at its value, naming
    /// the first host (`host[:port]` only: user info, path and query are never printed, since
    /// they may carry credentials) and how many more there are.
    ///
    /// Exempt, because the traffic never leaves the pod or the cluster, or is not traffic:
    /// - loopback and unspecified hosts: `localhost`, `*.localhost`, `127.0.0.0/8`, `::1`,
    ///   `0.0.0.0`, `::`;
    /// - in-cluster Service names: a single label (`http://api:8080`), `*.svc`,
    ///   `*.svc.<cluster-domain>` and `*.cluster.local`. In-cluster traffic is very often
    ///   encrypted by a service mesh the manifest cannot show (the application talks
    ///   `http://api` to its sidecar, which speaks mTLS), so flagging it would flag every
    ///   meshed service; protect it with the mesh and NetworkPolicies instead;
    /// - cloud metadata endpoints, which have their own rule (`cloud-metadata-address`);
    /// - proxy settings (names containing `PROXY`: `HTTP_PROXY=http://proxy:3128` carries
    ///   HTTPS inside a CONNECT tunnel);
    /// - URLs that are identifiers, never fetched: XML namespaces and schema locations
    ///   (`www.w3.org`, `java.sun.com`, `maven.apache.org`, …) and licence links;
    /// - the names reserved for documentation and tests (`example.com`, `*.example`, `*.test`,
    ///   `*.invalid`) and templated hosts (`http://${API_HOST}`).
    ///
    /// ## Why it matters
    /// Plain HTTP to anything outside the cluster crosses networks the workload does not
    /// control: requests, responses, cookies and bearer tokens can be read and changed on the
    /// way. TLS everywhere is the baseline of the NSA/CISA hardening guide.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: ghcr.io/example/web:2.0.1
    ///       env:
    ///         - name: PAYMENTS_API
    ///           value: http://api.payments-partner.net/v2
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: ghcr.io/example/web:2.0.1
    ///       env:
    ///         - name: PAYMENTS_API
    ///           value: https://api.payments-partner.net/v2
    ///         - name: CART_API
    ///           value: http://cart.shop.svc.cluster.local:8080
    /// ```
    ///
    /// ## References
    /// - NSA/CISA Kubernetes Hardening Guide, "Network separation and hardening" (encrypt
    ///   traffic with TLS)
    pub struct PlainHttpUrl {
        id: "plain-http-url",
        title: "Plain HTTP URL in configuration",
        severity: Severity::Low,
        category: Category::Network,
        scope: Scope::Kinds(CONFIGMAP_AND_WORKLOADS),
        remediation: "Use `https://` (or the service's TLS port); for traffic inside the cluster, use a Service name and let a service mesh or the application add TLS.",
        references: References {
            nsa: &["Network separation and hardening"],
            ..References::NONE
        },
    }
}

impl Rule for PlainHttpUrl {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for place in value_places(object) {
            if matches!(place.source, Source::ConfigMapBinaryData) || place.is_proxy_setting() {
                continue;
            }
            let hosts = plain_http_hosts(&place.text);
            let Some(((host, line), rest)) = hosts.split_first() else {
                continue;
            };
            let more = match rest.len() {
                0 => String::new(),
                1 => " and 1 more plain-HTTP URL".to_string(),
                n => format!(" and {n} more plain-HTTP URLs"),
            };
            let message = format!(
                "{} uses plain HTTP to `{host}`{}{more}",
                place.describe(),
                place.at_line(*line)
            );
            place.report(cx, message);
        }
    }
}
