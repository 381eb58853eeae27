use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Pod specs that constrain neither where they run with `affinity.nodeAffinity` nor with a
    /// `nodeSelector` (either one satisfies the rule; an empty one does not).
    ///
    /// Meant to be opted into by clusters that partition nodes (dedicated node pools per team,
    /// GPU or spot pools) and want every workload to say where it belongs; on a homogeneous
    /// cluster there is nothing to choose and the finding is noise.
    ///
    /// ## Why it matters
    /// A pod without node constraints may land on any node: a spot instance for a stateful
    /// service, a GPU node for a web server, another team's pool. Placement is then an accident of
    /// free capacity.
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
    ///       image: nginx:1.27.3
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   affinity:
    ///     nodeAffinity:
    ///       requiredDuringSchedulingIgnoredDuringExecution:
    ///         nodeSelectorTerms:
    ///           - matchExpressions:
    ///               - {key: node-pool, operator: In, values: [web]}
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27.3
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Assigning Pods to Nodes", "Node affinity"
    pub struct NodeAffinityMissing {
        id: "node-affinity-missing",
        title: "Pod does not constrain which nodes it runs on",
        severity: Severity::Info,
        category: Category::Reliability,
        scope: Scope::PodSpec,
        remediation: "Add `affinity.nodeAffinity` or a `nodeSelector` naming the node pool the workload belongs on.",
        references: References {
            kube_linter: &["no-node-affinity"],
            ..References::NONE
        },
    }
}

fn non_empty(node: Option<&Node>) -> bool {
    node.is_some_and(|n| !n.entries().is_empty())
}

impl Rule for NodeAffinityMissing {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if non_empty(pod.spec.path(&["affinity", "nodeAffinity"]))
            || non_empty(pod.get("nodeSelector"))
        {
            return;
        }
        let (at, _) = pod.spec.deepest(&["affinity", "nodeAffinity"]);
        cx.report(at, "pod has no node affinity or node selector");
    }
}
