use super::helpers::{drop_list, linux_only_exempt};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers, init containers and ephemeral containers whose
    /// `securityContext.capabilities.drop` does not contain `ALL`. As in the Pod Security
    /// Standards, only the exact spelling `ALL` counts: `all` or `CAP_ALL` is reported, with a
    /// message saying so. This is the drop half of the Pod Security Standards restricted check
    /// `capabilities_restricted`; `capability-added` is the other half. Pods with
    /// `spec.os.name: windows` are skipped from Kubernetes 1.25 (`--kubernetes-version`), as
    /// the Pod Security Standards skip them (Linux capabilities do not apply).
    ///
    /// ## Why it matters
    /// Container runtimes grant a default set of about fourteen capabilities (`CHOWN`,
    /// `DAC_OVERRIDE`, `FOWNER`, `SETUID`, `NET_RAW`, ...) that most applications never use, and
    /// each one widens what a compromised process can do. Dropping `ALL` and adding back only
    /// what is needed (typically `NET_BIND_SERVICE`) is the least-privilege baseline the
    /// restricted level requires.
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
    ///       image: nginx:1.27
    ///       securityContext:
    ///         capabilities:
    ///           drop: [NET_RAW]
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
    ///       securityContext:
    ///         capabilities:
    ///           drop: [ALL]
    ///           add: [NET_BIND_SERVICE]
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, restricted: "Capabilities"
    /// - CIS Kubernetes Benchmark 5.2.10
    pub struct CapabilitiesNotDropped {
        id: "capabilities-not-dropped",
        title: "Container does not drop all capabilities",
        severity: Severity::Medium,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Set `securityContext.capabilities.drop: [ALL]` and add back only the capabilities the container needs.",
        references: References {
            polaris: &["insecureCapabilities"],
            kubesec: &["CapDropAll"],
            checkov: &["CKV_K8S_37"],
            trivy: &["KSV-0003"],
            pss: &["capabilities_restricted"],
            cis: &["5.2.10"],
            ..References::NONE
        },
    }
}

impl Rule for CapabilitiesNotDropped {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if linux_only_exempt(pod, cx.settings().kubernetes_version) {
            return;
        }
        for c in pod.containers() {
            if c.capabilities("drop").any(|(_, name)| name == "ALL") {
                continue;
            }
            let Some(drop) = drop_list(&c) else {
                cx.report_container(
                    &c,
                    c.node,
                    format!("{} does not drop ALL capabilities", c.describe()),
                );
                continue;
            };
            let misspelt = c.capabilities("drop").map(|(_, name)| name).find(|name| {
                name.trim().eq_ignore_ascii_case("ALL")
                    || name.trim().eq_ignore_ascii_case("CAP_ALL")
            });
            let message = match misspelt {
                Some(name) => format!(
                    "{} drops `{name}`, which the Pod Security Standards do not read as `ALL`",
                    c.describe()
                ),
                None => format!("{} does not drop ALL capabilities", c.describe()),
            };
            cx.report_container(&c, drop, message);
        }
    }
}
