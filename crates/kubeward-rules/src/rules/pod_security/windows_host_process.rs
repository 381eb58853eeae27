use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `securityContext.windowsOptions.hostProcess: true` on the pod or on any container (init
    /// and ephemeral ones included). A pod-level value is reported once, at the pod's field,
    /// even when containers set `hostProcess: false` (Kubernetes rejects mixing the two, and the
    /// Pod Security Standards reject the pod-level value whatever the containers say); each
    /// container that sets it is reported at its own field. This is the Pod Security Standards
    /// baseline check `windowsHostProcess`.
    ///
    /// ## Why it matters
    /// A Windows HostProcess container is not isolated at all: it runs directly on the node,
    /// in the host's network namespace, as a node user such as `NT AUTHORITY\SYSTEM`, with
    /// access to the node's file system. It is the Windows equivalent of a privileged container
    /// with every host namespace.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: node-agent
    /// spec:
    ///   os:
    ///     name: windows
    ///   hostNetwork: true
    ///   securityContext:
    ///     windowsOptions:
    ///       hostProcess: true
    ///       runAsUserName: "NT AUTHORITY\\SYSTEM"
    ///   containers:
    ///     - name: agent
    ///       image: mcr.microsoft.com/windows/nanoserver:ltsc2022
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: iis
    /// spec:
    ///   os:
    ///     name: windows
    ///   securityContext:
    ///     windowsOptions:
    ///       runAsUserName: ContainerUser
    ///   containers:
    ///     - name: iis
    ///       image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "HostProcess" (`windowsHostProcess`)
    /// - Polaris `hostProcess`; Trivy KSV-0103
    /// - CIS Kubernetes Benchmark 5.2.11
    pub struct WindowsHostProcess {
        id: "windows-host-process",
        title: "Windows HostProcess container",
        severity: Severity::Critical,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Remove `windowsOptions.hostProcess` or set it to `false`; node-level agents that need the host belong in a separately governed namespace with an explicit exception.",
        references: References {
            polaris: &["hostProcess"],
            trivy: &["KSV-0103"],
            pss: &["windowsHostProcess"],
            cis: &["5.2.11"],
            ..References::NONE
        },
    }
}

impl Rule for WindowsHostProcess {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if let Some(node) = pod
            .security_context()
            .and_then(|sc| sc.path(&["windowsOptions", "hostProcess"]))
            .filter(|n| n.is_true())
        {
            cx.report(
                node,
                "pod-level `windowsOptions.hostProcess: true` runs the pod's containers as HostProcess containers on the node",
            );
        }
        for c in pod.containers() {
            if let Some(node) = c
                .security_context()
                .and_then(|sc| sc.path(&["windowsOptions", "hostProcess"]))
                .filter(|n| n.is_true())
            {
                cx.report_container(
                    &c,
                    node,
                    format!(
                        "{} runs as a Windows HostProcess container on the node",
                        c.describe()
                    ),
                );
            }
        }
    }
}
