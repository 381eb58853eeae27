use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Pod specs with a non-empty `hostAliases` list: entries the kubelet writes into every
    /// container's `/etc/hosts`. One finding per workload, at the field, naming the first
    /// entries (`ip` and `hostnames`).
    ///
    /// ## Why it matters
    /// Host aliases take precedence over DNS for the names they list, inside the pod only and
    /// invisibly to the rest of the cluster: they hard-code IP addresses that go stale when a
    /// service moves, bypass Service discovery and DNS-based policies, and can silently redirect
    /// a well-known name (a registry, an API endpoint, a database) elsewhere. A reviewer of the
    /// manifest rarely notices, which is why kubesec and Trivy flag the field.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   hostAliases:
    ///     - ip: 10.0.0.5
    ///       hostnames: [db.example.com]
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
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
    ///       image: nginx:1.27
    ///       env:
    ///         - name: DB_HOST
    ///           value: db.web.svc.cluster.local
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Adding entries to Pod /etc/hosts with HostAliases"
    /// - kubesec `HostAliases`, Trivy KSV-0007
    pub struct HostAliases {
        id: "host-aliases",
        title: "Pod overrides /etc/hosts with hostAliases",
        severity: Severity::Low,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Remove `hostAliases` and resolve the names through DNS: a Service (an ExternalName or a selector-less Service with EndpointSlices for external addresses) or the cluster's DNS configuration.",
        references: References {
            kubesec: &["HostAliases"],
            trivy: &["KSV-0007"],
            ..References::NONE
        },
    }
}

/// How many entries a message names before "and N more".
const NAMED: usize = 2;

/// "`10.0.0.5` for `db.example.com`, `a.example.com`".
fn describe_alias(alias: &Node) -> String {
    let ip = alias.get("ip").and_then(Node::text).unwrap_or("?");
    let names: Vec<String> = alias
        .get("hostnames")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(Node::as_str)
        .map(|h| format!("`{h}`"))
        .collect();
    if names.is_empty() {
        format!("`{ip}`")
    } else {
        format!("`{ip}` for {}", names.join(", "))
    }
}

impl Rule for HostAliases {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        let Some(node) = pod.get("hostAliases") else {
            return;
        };
        let aliases = node.items();
        if aliases.is_empty() {
            return;
        }
        let mut described: Vec<String> = aliases.iter().take(NAMED).map(describe_alias).collect();
        if aliases.len() > NAMED {
            described.push(format!("{} more", aliases.len() - NAMED));
        }
        cx.report(
            node,
            format!(
                "pod spec sets `hostAliases` ({}), overriding DNS in every container's /etc/hosts",
                described.join("; ")
            ),
        );
    }
}
