use super::helpers::{command_line, image_repository, label, last_component};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Workloads that run the Kubernetes Dashboard: a container (init and ephemeral ones
    /// included) whose image repository is `kubernetesui/dashboard` or one of the v3 images
    /// `kubernetesui/dashboard-api`, `-web` and `-auth` (on any registry), or whose last path
    /// component starts with `kubernetes-dashboard` (the old
    /// `k8s.gcr.io/kubernetes-dashboard-amd64`). Reported at the image, naming the flags that
    /// make it worse (`--enable-skip-login`, `--enable-insecure-login`,
    /// `--disable-settings-authorizer`) when present. Workloads labelled `app` or `k8s-app:
    /// kubernetes-dashboard` are reported at that label when no image gives them away.
    ///
    /// The metrics scraper (`kubernetesui/metrics-scraper`,
    /// `kubernetesui/dashboard-metrics-scraper`) is not reported: it is part of a Dashboard
    /// install, which is already reported once, and exposes no UI.
    ///
    /// ## Why it matters
    /// The Dashboard is a web UI that acts on the cluster with whatever token it is given or
    /// its own service account holds, and installs often grant that account far too much. It
    /// has been the entry point of real breaches (Tesla's cluster was used for crypto-mining
    /// through an unauthenticated Dashboard in 2018). `kubectl`, with per-user credentials and
    /// audit logging, or a read-only tool outside the cluster, is the safer default.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: kubernetes-dashboard
    ///   namespace: kubernetes-dashboard
    /// spec:
    ///   selector:
    ///     matchLabels: {k8s-app: kubernetes-dashboard}
    ///   template:
    ///     metadata:
    ///       labels: {k8s-app: kubernetes-dashboard}
    ///     spec:
    ///       containers:
    ///         - name: kubernetes-dashboard
    ///           image: kubernetesui/dashboard:v2.7.0
    ///           args: [--auto-generate-certificates, --enable-skip-login]
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: example.com/dashboard-frontend:1.0
    /// ```
    ///
    /// ## References
    /// - Kubernetes Dashboard documentation, "Access control"
    /// - Checkov CKV_K8S_33
    pub struct KubernetesDashboard {
        id: "kubernetes-dashboard",
        title: "Kubernetes Dashboard is deployed",
        severity: Severity::Medium,
        category: Category::Rbac,
        scope: Scope::PodSpec,
        remediation: "Remove the Dashboard and use `kubectl` (or a tool outside the cluster) with per-user credentials; if it must stay, keep it unexposed (no Ingress or LoadBalancer), require login, and bind its service account to read-only roles.",
        references: References {
            checkov: &["CKV_K8S_33"],
            ..References::NONE
        },
    }
}

/// Flags that switch the Dashboard's authentication or authorisation off.
const RISKY_FLAGS: &[&str] = &[
    "--enable-skip-login",
    "--enable-insecure-login",
    "--disable-settings-authorizer",
];

/// Whether `repository` (lowercase, without registry) is a Dashboard image.
fn is_dashboard(repository: &str) -> bool {
    let components: Vec<&str> = repository.split('/').collect();
    let ui = components.windows(2).any(|pair| {
        pair[0] == "kubernetesui"
            && matches!(
                pair[1],
                "dashboard" | "dashboard-api" | "dashboard-web" | "dashboard-auth"
            )
    });
    ui || last_component(repository).starts_with("kubernetes-dashboard")
}

impl Rule for KubernetesDashboard {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        let mut found = false;
        for c in pod.containers() {
            let Some((node, repository)) = image_repository(&c) else {
                continue;
            };
            if !is_dashboard(&repository) {
                continue;
            }
            found = true;
            let risky: Vec<String> = command_line(&c)
                .into_iter()
                .filter(|arg| {
                    RISKY_FLAGS.iter().any(|flag| {
                        arg.strip_prefix(flag)
                            .is_some_and(|rest| rest.is_empty() || rest == "=true")
                    })
                })
                .map(|arg| format!("`{arg}`"))
                .collect();
            let message = if risky.is_empty() {
                format!("{} runs the Kubernetes Dashboard", c.describe())
            } else {
                format!(
                    "{} runs the Kubernetes Dashboard with {}",
                    c.describe(),
                    risky.join(", ")
                )
            };
            cx.report_container(&c, node, message);
        }
        if found {
            return;
        }
        let labels = pod.pod_metadata.and_then(|m| m.get("labels"));
        let node = label(labels, "k8s-app", "kubernetes-dashboard")
            .or_else(|| label(labels, "app", "kubernetes-dashboard"));
        if let Some(node) = node {
            cx.report(node, "workload is labelled as the Kubernetes Dashboard");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_dashboard;

    #[test]
    fn dashboard_images() {
        for repo in [
            "kubernetesui/dashboard",
            "kubernetesui/dashboard-api",
            "kubernetesui/dashboard-web",
            "mirror/kubernetesui/dashboard-auth",
            "kubernetes-dashboard-amd64",
            "google_containers/kubernetes-dashboard-amd64",
        ] {
            assert!(is_dashboard(repo), "{repo}");
        }
        for repo in [
            "kubernetesui/metrics-scraper",
            "kubernetesui/dashboard-metrics-scraper",
            "example/dashboard",
            "grafana/grafana",
        ] {
            assert!(!is_dashboard(repo), "{repo}");
        }
    }
}
