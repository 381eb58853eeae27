use super::helpers::container_images;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers, init containers and ephemeral containers whose `image` is not pinned by a
    /// digest (`@sha256:` followed by 64 hex digits, or `@sha512:` and 128). A tag alone, even
    /// a precise one (`nginx:1.27.3`), is flagged; `nginx:1.27.3@sha256:…` is not (the runtime
    /// pulls by digest and the tag only documents it). A malformed digest (truncated, an
    /// unknown algorithm, uppercase hex) is flagged too, since the kubelet cannot pull it.
    /// Containers without an image, or with an empty one, are left to schema validation.
    ///
    /// ## Why it matters
    /// Tags are mutable: whoever can push to the repository (or compromise it) can change what
    /// `1.27.3` means, and the cluster silently runs the new content on the next pull. A
    /// digest names the exact image content, so what was reviewed and scanned is what runs,
    /// on every node and after every restart.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: batch/v1
    /// kind: CronJob
    /// metadata:
    ///   name: report
    /// spec:
    ///   schedule: "0 3 * * *"
    ///   jobTemplate:
    ///     spec:
    ///       template:
    ///         spec:
    ///           restartPolicy: OnFailure
    ///           containers:
    ///             - name: report
    ///               image: ghcr.io/example/report:2.4.1
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: batch/v1
    /// kind: CronJob
    /// metadata:
    ///   name: report
    /// spec:
    ///   schedule: "0 3 * * *"
    ///   jobTemplate:
    ///     spec:
    ///       template:
    ///         spec:
    ///           restartPolicy: OnFailure
    ///           containers:
    ///             - name: report
    ///               image: ghcr.io/example/report:2.4.1@sha256:3f1e3a9d6c0b2f4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Images", "Image names": pulling by digest
    /// - OCI Image Format Specification, "Descriptors", "Digests"
    pub struct ImageNotPinned {
        id: "image-not-pinned",
        title: "Image is not pinned by digest",
        severity: Severity::Low,
        category: Category::Images,
        scope: Scope::PodSpec,
        remediation: "Append the image's digest (`image: nginx:1.27.3@sha256:…`, from `crane digest` or `docker buildx imagetools inspect`) and let a bot such as Renovate keep it current.",
        references: References {
            checkov: &["CKV_K8S_43"],
            ..References::NONE
        },
    }
}

impl Rule for ImageNotPinned {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        for (c, node, image) in container_images(pod) {
            if image.is_pinned() {
                continue;
            }
            let text = node.as_str().unwrap_or_default().trim();
            match image.digest {
                None => cx.report_container(
                    &c,
                    node,
                    format!("{} uses image `{text}`, not pinned by digest", c.describe()),
                ),
                Some(digest) => cx.report_container(
                    &c,
                    node,
                    format!(
                        "{} uses image `{text}` with a malformed digest `{digest}`",
                        c.describe()
                    ),
                ),
            }
        }
    }
}
