use super::helpers::{
    WORKLOADS_AND_SERVICES, command_line, flag_values, image_repository, label, last_component,
};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, Object, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Tiller, the in-cluster server of Helm v2, in two places:
    ///
    /// - workloads with a container (init and ephemeral ones included) whose image repository
    ///   ends in `tiller` (`gcr.io/kubernetes-helm/tiller`, `ghcr.io/helm/tiller`), reported at
    ///   the image; the message says whether Tiller listens only on localhost
    ///   (`--listen=localhost:44134` or `127.0.0.1`, Checkov CKV_K8S_45) or on the pod network.
    ///   Workloads labelled as Tiller (`app: helm` and `name: tiller`, as `helm init` labels
    ///   them) are reported at the `name` label when no container image gives them away;
    /// - Services that select Tiller pods (`app: helm`, `name: tiller` in `spec.selector`) or
    ///   are named `tiller-deploy`, reported at the selector or the name.
    ///
    /// The image is matched on its last path component rather than anywhere in the string, and
    /// labels need both `app: helm` and `name: tiller` (Checkov and Trivy accept either alone),
    /// so that images such as `distiller` and charts that merely label their pods `app: helm`
    /// are not reported.
    ///
    /// ## Why it matters
    /// Helm v2 reached end of life in November 2020 and gets no security fixes. Tiller runs with
    /// a service account that usually has cluster-admin, and by default it serves its gRPC API
    /// on port 44134 to every pod in the cluster without authentication: any compromised pod can
    /// ask it to install a chart, that is, to create anything in any namespace. Helm v3 has no
    /// in-cluster component.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: tiller-deploy
    ///   namespace: kube-system
    /// spec:
    ///   selector:
    ///     matchLabels: {app: helm, name: tiller}
    ///   template:
    ///     metadata:
    ///       labels: {app: helm, name: tiller}
    ///     spec:
    ///       serviceAccountName: tiller
    ///       containers:
    ///         - name: tiller
    ///           image: gcr.io/kubernetes-helm/tiller:v2.17.0
    ///           ports:
    ///             - containerPort: 44134
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
    ///       labels: {app: web, helm.sh/chart: web-1.2.0}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - Helm documentation, "Changes since Helm 2", "Removal of Tiller"
    /// - Checkov CKV_K8S_34, CKV_K8S_44, CKV_K8S_45; Trivy KSV-0102
    pub struct Tiller {
        id: "tiller",
        title: "Tiller (Helm v2) is deployed",
        severity: Severity::High,
        category: Category::Rbac,
        scope: Scope::Kinds(WORKLOADS_AND_SERVICES),
        remediation: "Migrate the releases to Helm v3 (`helm-2to3`), then delete the Tiller Deployment, Service and service account with its cluster-admin binding.",
        references: References {
            checkov: &["CKV_K8S_34", "CKV_K8S_44", "CKV_K8S_45"],
            trivy: &["KSV-0102"],
            ..References::NONE
        },
    }
}

/// The `name: tiller` label node, when `labels` has both `app: helm` and `name: tiller`.
fn tiller_labels(labels: Option<&Node>) -> Option<&Node> {
    label(labels, "app", "helm")?;
    label(labels, "name", "tiller")
}

/// Whether a `--listen` address keeps Tiller on the pod's loopback interface.
fn is_local(address: &str) -> bool {
    let host = address.rsplit_once(':').map_or(address, |(host, _)| host);
    matches!(host, "localhost" | "127.0.0.1" | "[::1]" | "::1")
}

fn check_workload(pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
    let mut found = false;
    for c in pod.containers() {
        let Some((node, repository)) = image_repository(&c) else {
            continue;
        };
        if last_component(&repository) != "tiller" {
            continue;
        }
        found = true;
        let listen = flag_values(&command_line(&c), "listen");
        let exposure = if !listen.is_empty() && listen.iter().all(|a| is_local(a)) {
            "listening on localhost only"
        } else {
            "serving its unauthenticated gRPC API to every pod (no `--listen=localhost:44134`)"
        };
        cx.report_container(
            &c,
            node,
            format!("{} runs Tiller (Helm v2), {exposure}", c.describe()),
        );
    }
    if found {
        return;
    }
    let labels = pod
        .pod_metadata
        .and_then(|m| m.get("labels"))
        .and_then(|l| tiller_labels(Some(l)))
        .or_else(|| tiller_labels(pod.object.metadata().get("labels")));
    if let Some(node) = labels {
        cx.report(
            node,
            "workload is labelled as Tiller (Helm v2): `app: helm`, `name: tiller`",
        );
    }
}

fn check_service(object: &Object, cx: &mut RuleContext<'_>) {
    let name = object.id.name.as_deref().unwrap_or("<unnamed>");
    if let Some(node) = tiller_labels(object.root.path(&["spec", "selector"])) {
        cx.report(
            node,
            format!(
                "Service `{name}` exposes Tiller (Helm v2): it selects `app: helm`, `name: tiller`"
            ),
        );
    } else if let Some(node) = object
        .metadata()
        .get("name")
        .filter(|n| n.as_str() == Some("tiller-deploy"))
    {
        cx.report(
            node,
            "Service `tiller-deploy` is the Service `helm init` creates for Tiller (Helm v2)",
        );
    }
}

impl Rule for Tiller {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        if object.kind() == "Service" {
            check_service(object, cx);
        } else if let Some(pod) = PodSpecView::of(object) {
            check_workload(&pod, cx);
        }
    }
}
