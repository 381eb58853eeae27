use super::helpers::{CONFIGMAP_AND_WORKLOADS, Source, value_places};
use crate::secret_detect::{AddressKind, ip_addresses};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// IPv4 and IPv6 address literals in literal env values (containers, init and ephemeral
    /// containers) and in ConfigMap `data`. One finding per env var or ConfigMap key, at its
    /// value, naming the first address and how many more there are.
    ///
    /// Not reported: loopback and unspecified addresses (`127.0.0.0/8`, `0.0.0.0`, `::1`,
    /// `::`), the broadcast address, netmasks (`255.255.255.0`), CIDR ranges (`10.0.0.0/8`:
    /// a range in an allow-list is not an endpoint), the documentation ranges (`192.0.2.0/24`,
    /// `198.51.100.0/24`, `203.0.113.0/24`, `2001:db8::/32`), dotted runs glued to letters
    /// or longer than four parts (`v1.2.3.4`, OIDs), values of names containing `VERSION` or
    /// `PROXY` (`NO_PROXY` lists addresses to bypass), and cloud metadata addresses, which
    /// have their own rule (`cloud-metadata-address`).
    ///
    /// Cluster add-on configuration (CoreDNS upstreams, load-balancer address pools) has
    /// legitimate addresses; this rule is advice (`info`) for application configuration.
    ///
    /// ## Why it matters
    /// Pod and ClusterIP addresses change when pods are rescheduled and Services recreated,
    /// and node or VM addresses when infrastructure is rebuilt: a hard-coded address breaks
    /// silently, or worse, starts pointing at something else. A Service (or ExternalName
    /// Service) DNS name survives these changes, can be moved between environments, and is
    /// what TLS certificates are issued for.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: api-config
    /// data:
    ///   DB_HOST: 10.96.14.7
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata:
    ///   name: api-config
    /// data:
    ///   DB_HOST: postgres.db.svc.cluster.local
    ///   LISTEN_ADDRESS: 0.0.0.0:8080
    ///   ALLOWED_CIDRS: 10.0.0.0/8,172.16.0.0/12
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "DNS for Services and Pods", "Service" (ExternalName)
    pub struct HardCodedIp {
        id: "hard-coded-ip",
        title: "IP address hard-coded in configuration",
        severity: Severity::Info,
        category: Category::Network,
        scope: Scope::Kinds(CONFIGMAP_AND_WORKLOADS),
        remediation: "Use a Service DNS name (an ExternalName Service for endpoints outside the cluster) instead of the address.",
        references: References::NONE,
    }
}

impl Rule for HardCodedIp {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for place in value_places(object) {
            if matches!(place.source, Source::ConfigMapBinaryData)
                || place.is_proxy_setting()
                || place.name.to_ascii_uppercase().contains("VERSION")
            {
                continue;
            }
            let addresses: Vec<_> = ip_addresses(&place.text)
                .into_iter()
                .filter(|a| a.kind == AddressKind::Other)
                .collect();
            let Some((first, rest)) = addresses.split_first() else {
                continue;
            };
            let more = match rest.len() {
                0 => String::new(),
                1 => " and 1 more address".to_string(),
                n => format!(" and {n} more addresses"),
            };
            let message = format!(
                "{} hard-codes the IP address `{}`{}{more}",
                place.describe(),
                first.text,
                place.at_line(first.line)
            );
            place.report(cx, message);
        }
    }
}
