use super::helpers::container_images;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers, init containers and ephemeral containers whose `image` has the tag `latest`
    /// or no tag at all (which pulls `latest`), and no digest. An image pinned by digest
    /// (`nginx@sha256:…`, or `nginx:latest@sha256:…`, where the runtime ignores the tag) is
    /// fine. A registry port is not a tag: `registry:5000/app` has no tag and is flagged. Tags
    /// are case-sensitive, so only `latest` itself counts. Containers without an image, or with
    /// an empty one, are left to schema validation.
    ///
    /// ## Why it matters
    /// `latest` is a moving target: the code that runs changes whenever someone pushes, nodes
    /// that pulled at different times run different code, a rollback cannot go back to a
    /// known version, and a compromised or broken push reaches production on the next pod
    /// restart. Kubernetes also defaults `imagePullPolicy` to `Always` for `latest`, so every
    /// start depends on the registry being up.
    ///
    /// ## Bad
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
    ///           image: nginx:latest
    ///         - name: sidecar
    ///           image: registry.example.com:5000/team/proxy
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
    ///           image: nginx:1.27.3
    ///         - name: sidecar
    ///           image: registry.example.com:5000/team/proxy@sha256:3f1e3a9d6c0b2f4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Images": "avoid using the `:latest` tag when deploying
    ///   containers in production"
    /// - Kubernetes documentation, "Configuration best practices", "Container images"
    pub struct ImageLatestTag {
        id: "image-latest-tag",
        title: "Image uses the latest tag or no tag",
        severity: Severity::Medium,
        category: Category::Images,
        scope: Scope::PodSpec,
        remediation: "Reference a specific, immutable version tag (`nginx:1.27.3`), or better a digest (`nginx@sha256:…`).",
        references: References {
            kube_linter: &["latest-tag"],
            polaris: &["tagNotSpecified"],
            kube_score: &["container-image-tag"],
            checkov: &["CKV_K8S_14"],
            trivy: &["KSV-0013"],
            ..References::NONE
        },
    }
}

impl Rule for ImageLatestTag {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        for (c, node, image) in container_images(pod) {
            if image.digest.is_some() {
                continue;
            }
            let text = node.as_str().unwrap_or_default().trim();
            match image.tag {
                Some("latest") => cx.report_container(
                    &c,
                    node,
                    format!(
                        "{} uses image `{text}` with the mutable tag `latest`",
                        c.describe()
                    ),
                ),
                None => cx.report_container(
                    &c,
                    node,
                    format!(
                        "{} uses image `{text}` without a tag, which pulls `latest`",
                        c.describe()
                    ),
                ),
                Some(_) => {}
            }
        }
    }
}
