use crate::settings::KubeVersion;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Entries of the pod's `securityContext.sysctls` whose `name` is not in the Pod Security
    /// Standards safe set for the target Kubernetes version (`--kubernetes-version`, default the
    /// newest):
    ///
    /// | From | Safe sysctls added |
    /// |---|---|
    /// | 1.0 | `kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`, `net.ipv4.ip_unprivileged_port_start`, `net.ipv4.tcp_syncookies`, `net.ipv4.ping_group_range` |
    /// | 1.27 | `net.ipv4.ip_local_reserved_ports` |
    /// | 1.29 | `net.ipv4.tcp_keepalive_time`, `net.ipv4.tcp_fin_timeout`, `net.ipv4.tcp_keepalive_intvl`, `net.ipv4.tcp_keepalive_probes` |
    /// | 1.32 | `net.ipv4.tcp_rmem`, `net.ipv4.tcp_wmem` |
    /// | 1.37 | `net.ipv4.tcp_slow_start_after_idle`, `net.ipv4.tcp_notsent_lowat` |
    ///
    /// Names are compared exactly, as the Pod Security Standards compare them: the
    /// slash-separated spelling (`net/ipv4/tcp_syncookies`) that the kubelet also accepts is
    /// reported. One finding per entry, at its name. This is the baseline check `sysctls`.
    ///
    /// ## Why it matters
    /// The safe sysctls are namespaced and isolated per pod. Any other sysctl either changes the
    /// whole node (`kernel.*` outside IPC, `vm.*`) or tunes kernel behaviour that other pods on
    /// the node share, and the kubelet refuses it unless the node allow-lists it with
    /// `--allowed-unsafe-sysctls`: a pod that needs it can take down or weaken every other
    /// workload on the node.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: cache
    /// spec:
    ///   securityContext:
    ///     sysctls:
    ///       - name: vm.overcommit_memory
    ///         value: "1"
    ///   containers:
    ///     - name: redis
    ///       image: redis:7.4
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   securityContext:
    ///     sysctls:
    ///       - name: net.ipv4.ip_unprivileged_port_start
    ///         value: "80"
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "Sysctls" (`sysctls`; the safe set grows at policy
    ///   v1.27, v1.29, v1.32 and v1.37)
    /// - kube-linter `unsafe-sysctls`; Trivy KSV-0026
    pub struct UnsafeSysctls {
        id: "unsafe-sysctls",
        title: "Pod sets an unsafe sysctl",
        severity: Severity::High,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Remove the sysctl from `securityContext.sysctls`; tune node-wide kernel settings on the nodes themselves (a node pool for the workload), not from a pod.",
        references: References {
            kube_linter: &["unsafe-sysctls"],
            trivy: &["KSV-0026"],
            pss: &["sysctls"],
            ..References::NONE
        },
    }
}

/// The safe sysctls, with the Kubernetes minor version from which the Pod Security Standards
/// accept each (PSA `sysctlsAllowedV1Dot*`).
const SAFE_SYSCTLS: &[(u32, &str)] = &[
    (0, "kernel.shm_rmid_forced"),
    (0, "net.ipv4.ip_local_port_range"),
    (0, "net.ipv4.tcp_syncookies"),
    (0, "net.ipv4.ping_group_range"),
    (0, "net.ipv4.ip_unprivileged_port_start"),
    (27, "net.ipv4.ip_local_reserved_ports"),
    (29, "net.ipv4.tcp_keepalive_time"),
    (29, "net.ipv4.tcp_fin_timeout"),
    (29, "net.ipv4.tcp_keepalive_intvl"),
    (29, "net.ipv4.tcp_keepalive_probes"),
    (32, "net.ipv4.tcp_rmem"),
    (32, "net.ipv4.tcp_wmem"),
    (37, "net.ipv4.tcp_slow_start_after_idle"),
    (37, "net.ipv4.tcp_notsent_lowat"),
];

/// When `name` is a safe sysctl from some version on: that minor version.
fn safe_from(name: &str) -> Option<u32> {
    SAFE_SYSCTLS
        .iter()
        .find(|(_, safe)| *safe == name)
        .map(|(minor, _)| *minor)
}

fn is_safe(name: &str, version: KubeVersion) -> bool {
    safe_from(name).is_some_and(|minor| version.at_least(1, minor))
}

impl Rule for UnsafeSysctls {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        let version = cx.settings().kubernetes_version;
        let sysctls = pod.pod_security("sysctls").map(Node::items).unwrap_or(&[]);
        for sysctl in sysctls {
            let Some(name_node) = sysctl.get("name").filter(|n| !n.is_null()) else {
                continue;
            };
            let name = name_node.text().unwrap_or("");
            if is_safe(name, version) {
                continue;
            }
            let why = match safe_from(name) {
                Some(minor) => {
                    format!("safe only from Kubernetes 1.{minor} (the target is {version})")
                }
                None if name.contains('/') && is_safe(&name.replace('/', "."), version) => {
                    "the Pod Security Standards accept it only spelled with dots".to_string()
                }
                None => "not in the Pod Security Standards safe set".to_string(),
            };
            cx.report(name_node, format!("pod sets the sysctl `{name}`, {why}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_set_grows_with_the_version() {
        let v = |minor| KubeVersion::new(1, minor);
        assert!(is_safe("net.ipv4.tcp_syncookies", v(20)));
        assert!(!is_safe("net.ipv4.ip_local_reserved_ports", v(26)));
        assert!(is_safe("net.ipv4.ip_local_reserved_ports", v(27)));
        assert!(!is_safe("net.ipv4.tcp_fin_timeout", v(28)));
        assert!(is_safe("net.ipv4.tcp_fin_timeout", v(29)));
        assert!(!is_safe("net.ipv4.tcp_rmem", v(31)));
        assert!(is_safe("net.ipv4.tcp_rmem", v(32)));
        assert!(!is_safe("net.ipv4.tcp_notsent_lowat", v(36)));
        assert!(is_safe("net.ipv4.tcp_notsent_lowat", v(37)));
        assert!(!is_safe("net/ipv4/tcp_syncookies", v(37)));
        assert!(!is_safe("kernel.msgmax", v(37)));
    }
}
