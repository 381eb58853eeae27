use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Pod specs that use the cluster DNS but do not set the `ndots` resolver option in
    /// `spec.dnsConfig.options`. Pods with `dnsPolicy: Default` (the node's resolver), and
    /// host-network pods that keep the default `ClusterFirst` policy (which then falls back to
    /// the node's resolver), are not concerned.
    ///
    /// Meant to be opted into where DNS load or latency matters; most workloads run fine with
    /// the default.
    ///
    /// ## Why it matters
    /// Kubernetes writes `ndots:5` into every pod's `resolv.conf`. Any name with fewer than five
    /// dots, `api.example.com` included, is first tried with each of the pod's search domains
    /// (three or more): one external lookup costs four or more queries instead of one, each
    /// for both A and AAAA records. That loads the cluster DNS and adds latency to every
    /// outbound connection. `ndots: 2` (or a trailing dot on external names) avoids it.
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
    ///   dnsConfig:
    ///     options:
    ///       - name: ndots
    ///         value: "2"
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27.3
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "DNS for Services and Pods", "Pod's DNS Config"
    /// - resolv.conf(5), `ndots`
    pub struct DnsNdotsMissing {
        id: "dns-ndots-missing",
        title: "Pod does not set the DNS ndots option",
        severity: Severity::Info,
        category: Category::Reliability,
        scope: Scope::PodSpec,
        remediation: "Add `dnsConfig.options: [{name: ndots, value: \"2\"}]` to the pod spec (or a value that suits your cluster's search domains).",
        references: References {
            kube_linter: &["dnsconfig-options"],
            ..References::NONE
        },
    }
}

impl Rule for DnsNdotsMissing {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        let policy = pod
            .get("dnsPolicy")
            .and_then(Node::as_str)
            .unwrap_or("ClusterFirst");
        let host_network = pod.get("hostNetwork").is_some_and(Node::is_true);
        if policy == "Default" || (host_network && policy == "ClusterFirst") {
            return;
        }
        let options = pod.spec.path(&["dnsConfig", "options"]);
        let has_ndots = options
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .any(|o| o.get("name").and_then(Node::as_str) == Some("ndots"));
        if has_ndots {
            return;
        }
        let (at, _) = pod.spec.deepest(&["dnsConfig", "options"]);
        cx.report(at, "pod does not set the `ndots` DNS option");
    }
}
