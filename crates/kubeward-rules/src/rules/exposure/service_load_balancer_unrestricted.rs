use crate::{Rule, RuleContext};
use kubeward_graph::exposure::has_internal_annotation;
use kubeward_model::{Category, Node, Object, References, Scope, Severity};

/// The annotation some cloud providers read instead of `loadBalancerSourceRanges`.
const SOURCE_RANGES_ANNOTATION: &str = "service.beta.kubernetes.io/load-balancer-source-ranges";

declare_rule! {
    /// ## What it checks
    /// Services of `type: LoadBalancer` open to every client: no `loadBalancerSourceRanges`
    /// (nor the `service.beta.kubernetes.io/load-balancer-source-ranges` annotation), or a range
    /// of `0.0.0.0/0` or `::/0`, and no cloud annotation that makes the load balancer internal
    /// (`networking.gke.io/load-balancer-type: Internal`,
    /// `service.beta.kubernetes.io/aws-load-balancer-internal: "true"`,
    /// `service.beta.kubernetes.io/aws-load-balancer-scheme: internal`,
    /// `service.beta.kubernetes.io/azure-load-balancer-internal: "true"` and the OCI, IBM,
    /// OpenStack and Alibaba equivalents). Reported at `spec.type`, or at the open range.
    ///
    /// ## Why it matters
    /// A public load balancer puts the Service on the internet, with no TLS termination,
    /// authentication or rate limit in front unless the application brings its own. That is
    /// right for an Ingress controller or a public API, and a mistake for everything else (an
    /// admin UI, a database, a metrics endpoint). Review each one; where only known clients
    /// connect, list their ranges.
    ///
    /// Not in the `default` profile: public load balancers are how Ingress controllers and
    /// public services are meant to be exposed. `metrics-port-exposed` reports the ports that
    /// should never be public.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: admin
    ///   namespace: shop
    /// spec:
    ///   type: LoadBalancer
    ///   selector:
    ///     app: admin
    ///   ports:
    ///     - port: 443
    ///       targetPort: 8443
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: admin
    ///   namespace: shop
    /// spec:
    ///   type: LoadBalancer
    ///   loadBalancerSourceRanges:
    ///     - 198.51.100.0/24
    ///   selector:
    ///     app: admin
    ///   ports:
    ///     - port: 443
    ///       targetPort: 8443
    /// ```
    ///
    /// ## References
    /// - kube-linter `exposed-services`
    /// - Kubernetes documentation, "Service", "type: LoadBalancer" and
    ///   `loadBalancerSourceRanges`
    pub struct ServiceLoadBalancerUnrestricted {
        id: "service-load-balancer-unrestricted",
        title: "LoadBalancer Service accepts any client",
        severity: Severity::Low,
        category: Category::Network,
        scope: Scope::Kinds(&["Service"]),
        remediation: "Set `spec.loadBalancerSourceRanges` to the client ranges that need the Service, make the load balancer internal with your cloud's annotation, or use a `ClusterIP` Service behind an Ingress.",
        references: References {
            kube_linter: &["exposed-services"],
            ..References::NONE
        },
    }
}

impl Rule for ServiceLoadBalancerUnrestricted {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let Some(ty) = object.root.path(&["spec", "type"]) else {
            return;
        };
        if ty.as_str() != Some("LoadBalancer") {
            return;
        }
        if has_internal_annotation(object) {
            return;
        }
        let ranges: Vec<(&Node, &str)> = object
            .root
            .path(&["spec", "loadBalancerSourceRanges"])
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .filter_map(|n| n.as_str().map(|s| (n, s.trim())))
            .collect();
        if let Some((node, range)) = ranges.iter().find(|(_, r)| is_open(r)) {
            cx.report(
                node,
                format!("LoadBalancer Service allows source range `{range}`, every address"),
            );
            return;
        }
        if !ranges.is_empty() {
            return;
        }
        if let Some((key, value)) = object
            .annotations()
            .entries()
            .iter()
            .find(|e| e.key_str() == SOURCE_RANGES_ANNOTATION)
            .and_then(|e| e.value.as_str().map(|v| (e, v)))
        {
            let open = value.split(',').map(str::trim).find(|r| is_open(r));
            match open {
                Some(range) => cx.report(
                    &key.value,
                    format!("LoadBalancer Service allows source range `{range}`, every address"),
                ),
                None if !value.trim().is_empty() => {}
                None => cx.report(
                    ty,
                    "LoadBalancer Service accepts clients from any address: no `loadBalancerSourceRanges`",
                ),
            }
            return;
        }
        cx.report(
            ty,
            "LoadBalancer Service accepts clients from any address: no `loadBalancerSourceRanges`",
        );
    }
}

fn is_open(range: &str) -> bool {
    matches!(range, "0.0.0.0/0" | "::/0")
}
