use super::dockerfile_expose_port_out_of_range::exposed_ports;
use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::Dockerfile;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `EXPOSE 22` (alone, as `22/tcp`, or in a range that covers it such as `20-25`), the SSH
    /// port, in any stage. Ports given by a variable the file gives no value are left alone.
    ///
    /// ## Why it matters
    /// A container that exposes SSH runs an SSH server: another long-lived process with its own
    /// credentials to leak and patch, and a way around the audit trail of `kubectl exec`. Debug
    /// with `kubectl exec` or an ephemeral debug container instead.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM alpine:3.20
    /// EXPOSE 8080 22/tcp
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM alpine:3.20
    /// EXPOSE 8080 2222/udp
    /// ```
    ///
    /// ## References
    /// Checkov CKV_DOCKER_1; Trivy DS-0004.
    pub struct DockerfileExposeSsh {
        id: "dockerfile-expose-ssh",
        title: "Dockerfile exposes the SSH port 22",
        severity: Severity::Medium,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Do not run an SSH server in the image; use `kubectl exec` or an ephemeral debug container.",
        references: References {
            checkov: &["CKV_DOCKER_1"],
            trivy: &["DS-0004"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileExposeSsh {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for (stage, word, ports) in exposed_ports(df) {
            if let Ok((low, high)) = ports
                && low <= 22
                && 22 <= high
            {
                cx.report(
                    Some(stage),
                    word.span,
                    format!("EXPOSE `{}` exposes the SSH port 22", word.text),
                );
            }
        }
    }
}
