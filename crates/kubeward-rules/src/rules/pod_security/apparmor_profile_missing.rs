use crate::settings::KubeVersion;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, ContainerView, Node, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers (init and ephemeral ones included) with no AppArmor profile declared:
    /// no `securityContext.appArmorProfile` on the container or on the pod, and no legacy
    /// annotation `container.apparmor.security.beta.kubernetes.io/<container>` on the pod (the
    /// pod template for controllers). Any declared profile counts, including `Unconfined`,
    /// which is `apparmor-unconfined`'s finding. An empty annotation value declares nothing.
    ///
    /// The `appArmorProfile` fields exist from Kubernetes 1.30; for an older target version
    /// (`--kubernetes-version`) the API server drops them, so only the annotation counts, and a
    /// container that relies on the field is reported with a message saying so. Pods with
    /// `spec.os.name: windows` are skipped (AppArmor is Linux-only).
    ///
    /// ## Why it matters
    /// AppArmor confines what a container's processes may do (mounts, raw sockets, writes to
    /// `/proc` and `/sys`) even when they run as root. On nodes with AppArmor enabled, containerd
    /// and CRI-O apply their default profile to unprivileged containers that declare none, so
    /// the risk is moderate; declaring `RuntimeDefault` (or a `Localhost` profile) makes the
    /// confinement explicit, keeps it when the runtime is configured otherwise, and lets
    /// admission policies and audits verify it.
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
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Restrict a Container's Access to Resources with AppArmor"
    /// - kubesec `ApparmorAny`, Trivy KSV-0002, Polaris `linuxHardening`
    pub struct ApparmorProfileMissing {
        id: "apparmor-profile-missing",
        title: "Container has no AppArmor profile",
        severity: Severity::Low,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Set `securityContext.appArmorProfile.type: RuntimeDefault` on the pod (or a `Localhost` profile on the containers that need their own).",
        references: References {
            polaris: &["linuxHardening"],
            kubesec: &["ApparmorAny"],
            trivy: &["KSV-0002"],
            ..References::NONE
        },
    }
}

/// Legacy per-container AppArmor annotation prefix; the container name follows.
const ANNOTATION_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

/// What a declared AppArmor profile does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum AppArmor {
    /// `RuntimeDefault`, `Localhost`, `runtime/default`, `localhost/<profile>`.
    Confined,
    /// `Unconfined` or `unconfined`.
    Unconfined,
    /// A value the API server rejects.
    Invalid,
}

/// Whether Kubernetes `version` reads the `appArmorProfile` fields (added in 1.30).
fn fields_apply(version: KubeVersion) -> bool {
    version.at_least(1, 30)
}

fn field_profile(profile: &Node) -> AppArmor {
    match profile.get("type").and_then(Node::as_str) {
        Some("RuntimeDefault" | "Localhost") => AppArmor::Confined,
        Some("Unconfined") => AppArmor::Unconfined,
        _ => AppArmor::Invalid,
    }
}

/// The container's legacy annotation, when set to a non-empty value.
fn annotation<'a>(c: &ContainerView<'a>) -> Option<&'a str> {
    c.pod
        .annotation(&format!("{ANNOTATION_PREFIX}{}", c.name()))
        .filter(|v| !v.is_empty())
}

/// The AppArmor profile declared for `c` as Kubernetes `version` resolves it: the container's
/// field, else its annotation, else the pod's field. `None`: nothing declared.
pub(super) fn effective_apparmor(c: &ContainerView<'_>, version: KubeVersion) -> Option<AppArmor> {
    let fields = fields_apply(version);
    if fields && let Some(profile) = c.own_security("appArmorProfile").filter(|n| !n.is_null()) {
        return Some(field_profile(profile));
    }
    if let Some(value) = annotation(c) {
        return Some(match value {
            "runtime/default" => AppArmor::Confined,
            "unconfined" => AppArmor::Unconfined,
            v if v.strip_prefix("localhost/").is_some_and(|p| !p.is_empty()) => AppArmor::Confined,
            _ => AppArmor::Invalid,
        });
    }
    if fields
        && let Some(profile) = c
            .pod
            .pod_security("appArmorProfile")
            .filter(|n| !n.is_null())
    {
        return Some(field_profile(profile));
    }
    None
}

impl Rule for ApparmorProfileMissing {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if pod.is_windows() {
            return;
        }
        let version = cx.settings().kubernetes_version;
        for c in pod.containers() {
            if effective_apparmor(&c, version).is_some() {
                continue;
            }
            let ignored_field = c
                .effective_security("appArmorProfile")
                .is_some_and(|e| !e.node.is_null());
            let message = if ignored_field {
                format!(
                    "{} has no AppArmor profile for Kubernetes {version}: the `appArmorProfile` field needs 1.30, and no `{ANNOTATION_PREFIX}{}` annotation is set",
                    c.describe(),
                    c.name()
                )
            } else {
                format!(
                    "{} has no AppArmor profile: no `appArmorProfile` on it or on the pod, and no AppArmor annotation",
                    c.describe()
                )
            };
            cx.report_container(&c, c.node, message);
        }
    }
}
