use crate::{GraphContext, Report, Rule};
use kubeward_graph::exposure::{Entry, Exposure, workload_display};
use kubeward_graph::netpol::policy::NamespaceScope;
use kubeward_graph::netpol::{Direction, PeerKind, Peers};
use kubeward_graph::{Graph, Risk, Workload};
use kubeward_model::{Category, Node, References, Scope, Severity};
use rayon::prelude::*;

declare_rule! {
    /// ## What it checks
    /// Joins three analyses: a workload that is **reachable from outside the cluster** (an
    /// Ingress, a NodePort or unrestricted LoadBalancer Service, `externalIPs`, a host port or
    /// the host network; see `docs/exposure.md`), **whose NetworkPolicies let that traffic in**,
    /// and that is **dangerous to lose**: a container runs privileged, runs as root (or nothing
    /// stops it: no `runAsNonRoot: true` and no non-zero `runAsUser`), the pod mounts a host
    /// path, or its ServiceAccount can read Secrets (effective RBAC, with the token mounted).
    /// One finding per workload, at its first risky field, with the way in and every risk in the
    /// message.
    ///
    /// NetworkPolicy is judged per workload, not per port: traffic from a LoadBalancer,
    /// NodePort or external IP counts as allowed when the pod is not isolated for ingress or a
    /// rule admits every source or an `ipBlock`; Ingress traffic (from the ingress controller,
    /// usually in its own namespace and not in the scanned set) when a rule admits every source,
    /// an `ipBlock` or pods selected by a `namespaceSelector`. The host network bypasses
    /// NetworkPolicy altogether.
    ///
    /// ## Why it matters
    /// Each weakness alone is a finding of its own; together they are the path an attacker
    /// takes. A remote-code-execution bug in an internet-facing service is bad; in a privileged
    /// container it is the node, with a host path it is the node's files, with a token that
    /// reads Secrets it is every credential of the namespace. This is the short list to fix
    /// first.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: admin
    /// spec:
    ///   type: LoadBalancer
    ///   selector: {app: admin}
    ///   ports:
    ///     - port: 443
    ///       targetPort: 8443
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: admin
    /// spec:
    ///   selector:
    ///     matchLabels: {app: admin}
    ///   template:
    ///     metadata:
    ///       labels: {app: admin}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: registry.example.com/admin:2.3.1
    ///           ports: [{containerPort: 8443}]
    ///           securityContext:
    ///             privileged: true
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: admin
    /// spec:
    ///   type: LoadBalancer
    ///   selector: {app: admin}
    ///   ports:
    ///     - port: 443
    ///       targetPort: 8443
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: admin
    /// spec:
    ///   selector:
    ///     matchLabels: {app: admin}
    ///   template:
    ///     metadata:
    ///       labels: {app: admin}
    ///     spec:
    ///       automountServiceAccountToken: false
    ///       securityContext:
    ///         runAsNonRoot: true
    ///         runAsUser: 10001
    ///       containers:
    ///         - name: app
    ///           image: registry.example.com/admin:2.3.1
    ///           ports: [{containerPort: 8443}]
    ///           securityContext:
    ///             allowPrivilegeEscalation: false
    /// ```
    ///
    /// ## References
    /// - NSA/CISA Kubernetes Hardening Guide, "Network separation and hardening" and "Pod
    ///   security"; MITRE ATT&CK for containers, "Exploit Public-Facing Application" (T1190)
    /// - No peer joins exposure, NetworkPolicy, pod security and RBAC into one path.
    pub struct ExposurePath {
        id: "exposure-path",
        title: "Workload reachable from outside the cluster is privileged, root, on host paths or reads Secrets",
        severity: Severity::High,
        category: Category::Network,
        scope: Scope::Graph,
        remediation: "Break the path: make the workload non-root and unprivileged without host paths, stop mounting a token that reads Secrets (`automountServiceAccountToken: false` or a narrower Role), or take it off the internet (ClusterIP Service, NetworkPolicy admitting only the ingress controller).",
        references: References {
            nsa: &["Network separation and hardening", "Pod security"],
            ..References::NONE
        },
    }
}

impl Rule for ExposurePath {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        let exposures = cx.exposures();
        // `external_entry_points` groups exposures by workload, in workload order.
        let mut groups = Vec::new();
        let mut start = 0;
        while start < exposures.len() {
            let index = exposures[start].workload;
            let end = exposures[start..]
                .iter()
                .position(|e| e.workload != index)
                .map_or(exposures.len(), |n| start + n);
            groups.push(&exposures[start..end]);
            start = end;
        }
        // Workloads are judged independently: in parallel, reported in order.
        let reports: Vec<_> = groups
            .par_iter()
            .filter_map(|group| judge(graph, group))
            .collect();
        cx.report_each(reports);
    }
}

/// The finding for one workload's exposures (all of one workload), if it has an open way in and
/// a risk.
fn judge<'g>(graph: &'g Graph, group: &[Exposure<'g>]) -> Option<Report<'g>> {
    let index = group.first()?.workload;
    let open: Vec<&Exposure<'_>> = group
        .iter()
        .filter(|e| e.entry.unrestricted() && policy_lets_in(graph, index, &e.entry))
        .collect();
    let first = open.first()?;
    let workload = &graph.workloads()[index];
    let risks = risks_of(graph, workload);
    if risks.is_empty() {
        return None;
    }
    let more = match open.len() {
        1 => String::new(),
        n => format!(
            " (and {} more way{} in)",
            n - 1,
            if n == 2 { "" } else { "s" }
        ),
    };
    Some(Report::at_site(
        workload.object,
        workload.risks.site.clone(),
        format!(
            "{} is reachable from outside the cluster through {}{more}, and {}",
            workload_display(workload),
            first.chain(),
            risks.join("; ")
        ),
    ))
}

/// Whether the workload's ingress NetworkPolicies admit traffic that comes in through `entry`.
fn policy_lets_in(graph: &Graph, workload: usize, entry: &Entry) -> bool {
    if *entry == Entry::HostNetwork {
        return true;
    }
    let selection = graph.netpol();
    if !selection.is_isolated(workload, Direction::Ingress) {
        return true;
    }
    selection
        .rules_of(workload, Direction::Ingress)
        .any(|(_, rule)| match &rule.peers {
            Peers::All => true,
            Peers::Listed(peers) => peers.iter().any(|peer| match &peer.kind {
                PeerKind::IpBlock(block) => block.allows_some_address(),
                PeerKind::Pods {
                    namespaces: NamespaceScope::Matching(_),
                    ..
                } => *entry == Entry::Ingress,
                PeerKind::Pods { .. } | PeerKind::Invalid => false,
            }),
        })
}

/// What makes the workload dangerous to expose, as message parts. Read from the workload's
/// facts: the graph need not keep its tree.
fn risks_of(graph: &Graph, workload: &Workload) -> Vec<String> {
    let mut risks: Vec<String> = workload
        .risks
        .found
        .iter()
        .map(|risk| match risk {
            Risk::Privileged { container } => format!("{container} runs privileged"),
            Risk::RunsAsRoot { container } => {
                format!("{container} runs as root (`runAsUser: 0`)")
            }
            Risk::MayRunAsRoot { container } => format!(
                "{container} may run as root (no `runAsNonRoot: true`, no non-zero `runAsUser`)"
            ),
            Risk::HostPath { path } => format!("mounts host path `{path}`"),
        })
        .collect();
    if token_mounted(graph, workload)
        && graph
            .rbac()
            .service_account_can_read_secrets(&workload.namespace, &workload.service_account)
    {
        risks.push(format!(
            "its ServiceAccount {}/{} can read Secrets with the token mounted in the pod",
            workload.namespace, workload.service_account
        ));
    }
    risks
}

/// Whether the pod gets its ServiceAccount's token: the pod's `automountServiceAccountToken`,
/// else the ServiceAccount's (when loaded), else yes.
fn token_mounted(graph: &Graph, workload: &Workload) -> bool {
    if let Some(own) = workload.risks.automount_token {
        return own;
    }
    let account = graph.find(
        "ServiceAccount",
        Some(&workload.namespace),
        &workload.service_account,
    );
    account
        .and_then(|id| {
            graph
                .object(id)
                .root
                .get("automountServiceAccountToken")
                .and_then(Node::as_bool)
        })
        .unwrap_or(true)
}
