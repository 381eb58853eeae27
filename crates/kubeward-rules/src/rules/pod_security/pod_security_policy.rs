use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `PodSecurityPolicy` objects (`policy/v1beta1` or `extensions/v1beta1`). Every one is
    /// reported, at its `kind`, because the API was removed in Kubernetes 1.25: from then on the
    /// object cannot be created, and before that it was deprecated. The message lists what the
    /// policy lets pods do, which is what its replacement must not silently allow:
    ///
    /// - `privileged: true`; `hostNetwork`, `hostPID`, `hostIPC`; any `hostPorts`;
    /// - `hostPath` (or `*`) in `volumes`;
    /// - running as root: `runAsUser.rule` unset or `RunAsAny`, or `MustRunAs` with a range that
    ///   starts at 0;
    /// - privilege escalation: `allowPrivilegeEscalation` not `false` (its default is `true`);
    /// - added capabilities: `allowedCapabilities` or `defaultAddCapabilities`;
    /// - `requiredDropCapabilities` without `ALL`;
    /// - no default seccomp profile: the annotation
    ///   `seccomp.security.alpha.kubernetes.io/defaultProfileName` is not `runtime/default`,
    ///   `docker/default` or `localhost/<profile>`.
    ///
    /// Checkov's ten PSP checks (CKV_K8S_1 to 7, 24, 32, 36) are these settings; here they are
    /// one informational finding per policy rather than ten findings about a dead API.
    ///
    /// ## Why it matters
    /// A cluster on 1.25 or later ignores PodSecurityPolicy entirely: a manifest that still
    /// carries one suggests a protection that does not exist (and fails to apply). Its
    /// replacement is Pod Security Admission (namespace labels
    /// `pod-security.kubernetes.io/enforce: restricted`) or a policy engine, and the settings
    /// this policy allowed are the exceptions that migration has to decide on.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: policy/v1beta1
    /// kind: PodSecurityPolicy
    /// metadata:
    ///   name: permissive
    /// spec:
    ///   privileged: true
    ///   hostNetwork: true
    ///   runAsUser:
    ///     rule: RunAsAny
    ///   seLinux:
    ///     rule: RunAsAny
    ///   supplementalGroups:
    ///     rule: RunAsAny
    ///   fsGroup:
    ///     rule: RunAsAny
    ///   volumes: ["*"]
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Namespace
    /// metadata:
    ///   name: web
    ///   labels:
    ///     pod-security.kubernetes.io/enforce: restricted
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Migrate from PodSecurityPolicy to the Built-In PodSecurity
    ///   Admission Controller"; "PodSecurityPolicy Deprecation: Past, Present, and Future"
    /// - Checkov CKV_K8S_1 to CKV_K8S_7, CKV_K8S_24, CKV_K8S_32, CKV_K8S_36
    pub struct PodSecurityPolicy {
        id: "pod-security-policy",
        title: "Manifest contains a legacy PodSecurityPolicy",
        severity: Severity::Info,
        category: Category::PodSecurity,
        scope: Scope::Kinds(&["PodSecurityPolicy"]),
        remediation: "Delete the PodSecurityPolicy and enforce the Pod Security Standards with Pod Security Admission namespace labels (`pod-security.kubernetes.io/enforce: restricted`), or a policy engine for finer exceptions.",
        references: References {
            checkov: &[
                "CKV_K8S_1",
                "CKV_K8S_2",
                "CKV_K8S_3",
                "CKV_K8S_4",
                "CKV_K8S_5",
                "CKV_K8S_6",
                "CKV_K8S_7",
                "CKV_K8S_24",
                "CKV_K8S_32",
                "CKV_K8S_36",
            ],
            ..References::NONE
        },
    }
}

/// The string items of a list field.
fn strings(node: Option<&Node>) -> Vec<&str> {
    node.map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(Node::as_str)
        .collect()
}

/// Whether the `runAsUser` strategy lets a pod run as UID 0.
fn allows_root(run_as_user: Option<&Node>) -> bool {
    let Some(strategy) = run_as_user else {
        return true;
    };
    match strategy.get("rule").and_then(Node::as_str) {
        Some("MustRunAsNonRoot") => false,
        Some("MustRunAs") => {
            let ranges = strategy.get("ranges").map(Node::items).unwrap_or(&[]);
            ranges.is_empty()
                || ranges.iter().any(|r| {
                    r.get("min")
                        .and_then(Node::as_i64)
                        .is_none_or(|min| min <= 0)
                })
        }
        _ => true,
    }
}

/// What the policy allows, in the order the docs list it.
fn permissive_settings(object: &Object) -> Vec<String> {
    let spec = object.root.get("spec").unwrap_or(Node::empty());
    let is_true = |field: &str| spec.get(field).is_some_and(Node::is_true);
    let mut allowed = Vec::new();
    if is_true("privileged") {
        allowed.push("privileged containers".to_string());
    }
    for (field, what) in [
        ("hostNetwork", "the host network"),
        ("hostPID", "the host PID namespace"),
        ("hostIPC", "the host IPC namespace"),
    ] {
        if is_true(field) {
            allowed.push(what.to_string());
        }
    }
    if spec.get("hostPorts").is_some_and(|p| !p.items().is_empty()) {
        allowed.push("host ports".to_string());
    }
    if strings(spec.get("volumes"))
        .iter()
        .any(|v| *v == "*" || *v == "hostPath")
    {
        allowed.push("hostPath volumes".to_string());
    }
    if allows_root(spec.get("runAsUser")) {
        allowed.push("running as root".to_string());
    }
    if !spec
        .get("allowPrivilegeEscalation")
        .is_some_and(Node::is_false)
    {
        allowed.push("privilege escalation".to_string());
    }
    let mut added: Vec<&str> = Vec::new();
    for name in strings(spec.get("allowedCapabilities"))
        .into_iter()
        .chain(strings(spec.get("defaultAddCapabilities")))
    {
        if !added.contains(&name) {
            added.push(name);
        }
    }
    if added.contains(&"*") {
        allowed.push("adding any capability".to_string());
    } else if !added.is_empty() {
        allowed.push(format!("adding capabilities ({})", added.join(", ")));
    }
    if !strings(spec.get("requiredDropCapabilities")).contains(&"ALL") {
        allowed.push("keeping the default capabilities (no required drop of ALL)".to_string());
    }
    let seccomp = object.annotation("seccomp.security.alpha.kubernetes.io/defaultProfileName");
    let confined = seccomp.is_some_and(|p| {
        p == "runtime/default"
            || p == "docker/default"
            || p.strip_prefix("localhost/").is_some_and(|n| !n.is_empty())
    });
    if !confined {
        allowed.push("no seccomp profile".to_string());
    }
    allowed
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

impl Rule for PodSecurityPolicy {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let name = object.id.name.as_deref().unwrap_or("<unnamed>");
        let status = if cx.settings().kubernetes_version.at_least(1, 25) {
            "was removed in Kubernetes 1.25 and is not enforced"
        } else {
            "is deprecated and removed in Kubernetes 1.25"
        };
        let allowed = permissive_settings(object);
        let message = if allowed.is_empty() {
            format!("PodSecurityPolicy `{name}` {status}; replace it with Pod Security Admission")
        } else {
            format!(
                "PodSecurityPolicy `{name}` {status}; it allows {}",
                join_and(&allowed)
            )
        };
        let at = object.root.get("kind").unwrap_or(&object.root);
        cx.report(at, message);
    }
}

#[cfg(test)]
mod tests {
    use super::join_and;

    #[test]
    fn joins_with_and() {
        let items = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(join_and(&items(&[])), "");
        assert_eq!(join_and(&items(&["a"])), "a");
        assert_eq!(join_and(&items(&["a", "b", "c"])), "a, b and c");
    }
}
