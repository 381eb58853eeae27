use super::helpers::{CONFIGMAP_AND_WORKLOADS, Source, value_places};
use crate::secret_detect::{AddressKind, ip_addresses, metadata_hostnames};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Cloud instance metadata endpoints in literal env values (containers, init and
    /// ephemeral containers) and in ConfigMap `data`: `169.254.169.254` (AWS, Azure, GCP,
    /// OCI, DigitalOcean, OpenStack), `fd00:ec2::254` (AWS IPv6), `169.254.170.2` (ECS task
    /// credentials), `169.254.170.23` and `fd00:ec2::23` (EKS Pod Identity agent),
    /// `100.100.100.200` (Alibaba Cloud), and the host names `metadata.google.internal` and
    /// `instance-data.ec2.internal`. One finding per env var or ConfigMap key, at its value.
    ///
    /// Values of names containing `PROXY` are skipped: `NO_PROXY=…,169.254.169.254` is the
    /// usual bypass list of corporate proxy setups, not a configured endpoint. The addresses
    /// are not reported again by `hard-coded-ip` or `plain-http-url`.
    ///
    /// ## Why it matters
    /// The metadata service hands out the node's cloud credentials (the instance role) to
    /// whoever asks from the node's network. A workload configured to reach it either needs
    /// node-level credentials it should get another way (IRSA, EKS Pod Identity, GKE Workload
    /// Identity, Azure Workload Identity), or is an SSRF path waiting to be used: fetching
    /// `http://169.254.169.254/latest/meta-data/iam/security-credentials/` is the standard
    /// next step after an SSRF in a cloud workload (Capital One, 2019). Block the endpoint
    /// with a NetworkPolicy and require IMDSv2 with a hop limit of 1.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: exporter
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: ghcr.io/example/exporter:1.4.0
    ///       env:
    ///         - name: CREDENTIALS_ENDPOINT
    ///           value: http://169.254.169.254/latest/meta-data/iam/security-credentials/
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: exporter
    /// spec:
    ///   serviceAccountName: exporter
    ///   containers:
    ///     - name: app
    ///       image: ghcr.io/example/exporter:1.4.0
    ///       env:
    ///         - name: AWS_REGION
    ///           value: eu-west-1
    ///         - name: NO_PROXY
    ///           value: localhost,127.0.0.1,169.254.169.254,.svc
    /// ```
    ///
    /// ## References
    /// - AWS, "Use IMDSv2"; EKS best practices, "Restrict access to the instance profile
    ///   assigned to the worker node"
    /// - GKE documentation, "Protect cluster metadata", "Workload Identity Federation"
    /// - OWASP, "Server Side Request Forgery Prevention Cheat Sheet"
    pub struct CloudMetadataAddress {
        id: "cloud-metadata-address",
        title: "Configuration points at the cloud metadata endpoint",
        severity: Severity::Medium,
        category: Category::Network,
        scope: Scope::Kinds(CONFIGMAP_AND_WORKLOADS),
        remediation: "Give the workload its own cloud identity (IRSA, EKS Pod Identity, GKE or Azure Workload Identity) instead of the node's, and block the metadata endpoint with an egress NetworkPolicy.",
        references: References::NONE,
    }
}

impl Rule for CloudMetadataAddress {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for place in value_places(object) {
            if matches!(place.source, Source::ConfigMapBinaryData) || place.is_proxy_setting() {
                continue;
            }
            let mut found: Vec<(String, usize)> = ip_addresses(&place.text)
                .into_iter()
                .filter(|a| a.kind == AddressKind::CloudMetadata)
                .map(|a| (a.text, a.line))
                .collect();
            found.extend(
                metadata_hostnames(&place.text)
                    .into_iter()
                    .map(|(host, line)| (host.to_string(), line)),
            );
            found.sort_by_key(|(_, line)| *line);
            let Some((endpoint, line)) = found.first() else {
                continue;
            };
            let message = format!(
                "{} points at the cloud metadata endpoint `{endpoint}`{}",
                place.describe(),
                place.at_line(*line)
            );
            place.report(cx, message);
        }
    }
}
