use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// AppArmor settings that turn the runtime's default profile off, as the Pod Security
    /// Standards baseline check `appArmorProfile` reads them:
    ///
    /// - `securityContext.appArmorProfile.type` on the pod or on any container (init and
    ///   ephemeral ones included) set to anything but `RuntimeDefault` or `Localhost`, that is
    ///   `Unconfined` (a profile without a valid `type` is reported too). A pod-level value is
    ///   reported even when every container overrides it, as the Pod Security Standards do;
    /// - the legacy annotations `container.apparmor.security.beta.kubernetes.io/<container>` on
    ///   the pod (the pod template for controllers) with a value other than `runtime/default`,
    ///   `localhost/<profile>` or empty: `unconfined`, and also values such as `docker-default`
    ///   that the baseline level does not accept. Kubernetes still honours these annotations.
    ///
    /// A missing AppArmor profile is not reported: on nodes with AppArmor the runtime applies
    /// its default profile.
    ///
    /// ## Why it matters
    /// The runtime's default AppArmor profile denies writes to `/proc` and `/sys` files, mounts,
    /// and access to other kernel interfaces that container escapes rely on. `Unconfined`
    /// removes that layer, so one missing capability or seccomp rule is all that stands between
    /// a compromised process and the node.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    ///   annotations:
    ///     container.apparmor.security.beta.kubernetes.io/sidecar: unconfined
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    ///       securityContext:
    ///         appArmorProfile:
    ///           type: Unconfined
    ///     - name: sidecar
    ///       image: envoy:1.30
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
    ///     appArmorProfile:
    ///       type: RuntimeDefault
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    ///     - name: sidecar
    ///       image: envoy:1.30
    ///       securityContext:
    ///         appArmorProfile:
    ///           type: Localhost
    ///           localhostProfile: k8s-envoy
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "AppArmor" (`appArmorProfile`)
    /// - Trivy KSV-0002; kubesec `ApparmorUnconfined`; Polaris `linuxHardening`
    /// - NSA/CISA Kubernetes Hardening Guide, "Pod security" (hardening container environments)
    pub struct ApparmorUnconfined {
        id: "apparmor-unconfined",
        title: "Container runs without AppArmor",
        severity: Severity::High,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Set `appArmorProfile.type: RuntimeDefault` (or `Localhost` with a `localhostProfile` that allows what the workload needs) and remove `unconfined` AppArmor annotations.",
        references: References {
            polaris: &["linuxHardening"],
            kubesec: &["ApparmorUnconfined"],
            trivy: &["KSV-0002"],
            pss: &["appArmorProfile"],
            nsa: &["Pod security: hardening container environments"],
            ..References::NONE
        },
    }
}

/// Prefix of the legacy per-container AppArmor annotation; the container name follows.
const ANNOTATION_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

/// The node to report and the offending type, when `profile` (an `appArmorProfile` mapping) is
/// set to something the baseline level does not accept.
fn bad_profile(profile: &Node) -> Option<(&Node, String)> {
    if profile.is_null() {
        return None;
    }
    match profile.get("type").filter(|t| !t.is_null()) {
        Some(t) => match t.as_str() {
            Some("RuntimeDefault" | "Localhost") => None,
            Some("Unconfined") => Some((t, "`appArmorProfile.type: Unconfined`".to_string())),
            _ => Some((
                t,
                format!(
                    "`appArmorProfile.type: {}`, which is not RuntimeDefault or Localhost",
                    t.text().unwrap_or("")
                ),
            )),
        },
        None => Some((profile, "an `appArmorProfile` without a `type`".to_string())),
    }
}

/// An annotation value the baseline level accepts (PSA `allowedAnnotationValue`).
fn allowed_annotation(value: &str) -> bool {
    value.is_empty() || value == "runtime/default" || value.starts_with("localhost/")
}

impl Rule for ApparmorUnconfined {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if let Some((node, what)) = pod.pod_security("appArmorProfile").and_then(bad_profile) {
            cx.report(
                node,
                format!("pod-level {what} turns AppArmor off for containers that do not set their own profile"),
            );
        }
        for c in pod.containers() {
            if let Some((node, what)) = c.own_security("appArmorProfile").and_then(bad_profile) {
                cx.report_container(
                    &c,
                    node,
                    format!("{} runs without AppArmor ({what})", c.describe()),
                );
            }
        }
        let annotations = pod
            .pod_metadata
            .and_then(|m| m.get("annotations"))
            .map(Node::entries)
            .unwrap_or(&[]);
        for entry in annotations {
            let Some(container) = entry.key_str().strip_prefix(ANNOTATION_PREFIX) else {
                continue;
            };
            let value = &entry.value;
            let Some(text) = value.text().filter(|_| !value.is_null()) else {
                continue;
            };
            if allowed_annotation(text) {
                continue;
            }
            let message = if text == "unconfined" {
                format!("AppArmor annotation runs container `{container}` unconfined")
            } else {
                format!(
                    "AppArmor annotation for container `{container}` is `{text}`, which is not `runtime/default` or `localhost/<profile>`"
                )
            };
            match pod.containers().find(|c| c.name() == container) {
                Some(c) => cx.report_container(&c, value, message),
                None => cx.report(value, message),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::allowed_annotation;

    #[test]
    fn annotation_values_as_psa_reads_them() {
        for ok in ["", "runtime/default", "localhost/k8s-nginx", "localhost/"] {
            assert!(allowed_annotation(ok), "{ok}");
        }
        for bad in [
            "unconfined",
            "docker-default",
            "Runtime/Default",
            "localhost",
        ] {
            assert!(!allowed_annotation(bad), "{bad}");
        }
    }
}
