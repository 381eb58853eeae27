use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Services with `spec.externalIPs`. Reported at the list, naming the addresses.
    ///
    /// ## Why it matters
    /// Every node accepts traffic for an external IP and forwards it to the Service, and
    /// Kubernetes does not check who owns the address. Anyone who can create or edit a Service
    /// can therefore claim any IP, including one used by other pods or by services outside the
    /// cluster, and intercept its traffic (CVE-2020-8554, a design flaw with no patch). The
    /// usual mitigation is to forbid the field with admission control (the `DenyServiceExternalIPs`
    /// admission plugin, or a policy); a manifest that needs it will break there. Use a
    /// `LoadBalancer` Service, or an Ingress, instead.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   selector:
    ///     app: web
    ///   externalIPs:
    ///     - 203.0.113.10
    ///   ports:
    ///     - port: 80
    ///       targetPort: 8080
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   selector:
    ///     app: web
    ///   ports:
    ///     - port: 80
    ///       targetPort: 8080
    /// ```
    ///
    /// ## References
    /// - Trivy `KSV-0108`
    /// - CVE-2020-8554, "Man in the middle using LoadBalancer or ExternalIPs"
    pub struct ServiceExternalIps {
        id: "service-external-ips",
        title: "Service sets externalIPs",
        severity: Severity::High,
        category: Category::Network,
        scope: Scope::Kinds(&["Service"]),
        remediation: "Remove `spec.externalIPs`; expose the Service through a `LoadBalancer` or an Ingress, and enable the `DenyServiceExternalIPs` admission plugin.",
        references: References {
            trivy: &["KSV-0108"],
            ..References::NONE
        },
    }
}

impl Rule for ServiceExternalIps {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let Some(list) = object.root.path(&["spec", "externalIPs"]) else {
            return;
        };
        let ips: Vec<&str> = list
            .items()
            .iter()
            .filter_map(Node::text)
            .filter(|s| !s.trim().is_empty())
            .collect();
        if ips.is_empty() {
            return;
        }
        let quoted: Vec<String> = ips.iter().map(|ip| format!("`{ip}`")).collect();
        cx.report(
            list,
            format!(
                "Service claims external IP{} {} on every node (CVE-2020-8554)",
                if quoted.len() == 1 { "" } else { "s" },
                quoted.join(", ")
            ),
        );
    }
}
