use super::helpers::container_images;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers, init containers and ephemeral containers whose image is pulled with a
    /// policy other than `Always`: `imagePullPolicy` set to `IfNotPresent` or `Never` (or any
    /// other value), or unset with a tag other than `latest`, for which Kubernetes defaults the
    /// policy to `IfNotPresent`. Unset with `:latest` or no tag defaults to `Always` and is not
    /// reported. Images pinned by a valid digest are skipped whatever the policy, as in
    /// Checkov: a digest always names the same content, so a cached copy is the right one.
    ///
    /// ## Why it matters
    /// With `IfNotPresent` a node reuses whatever image it already has under that tag. If the
    /// tag was moved (a rebuilt `1.4`), nodes run different code depending on when they first
    /// pulled it. And the kubelet does not check credentials for cached images: a pod that
    /// cannot pull a private image may still run it on a node where another pod pulled it
    /// (newer kubelets can re-verify with `KubeletEnsureSecretPulledImages`). `Always` makes
    /// the kubelet ask the registry each time a container starts (a cheap manifest check when
    /// nothing changed). Pinning by digest is the stronger fix for the first problem.
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
    ///       image: ghcr.io/example/app:1.4
    ///       imagePullPolicy: IfNotPresent
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
    ///       image: ghcr.io/example/app:1.4
    ///       imagePullPolicy: Always
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Images", "Image pull policy" and "Ensure image pull
    ///   credential verification"
    /// - CIS Kubernetes Benchmark 1.2.11 (`AlwaysPullImages` admission plugin)
    pub struct ImagePullPolicyNotAlways {
        id: "image-pull-policy-not-always",
        title: "Image pull policy is not Always",
        severity: Severity::Info,
        category: Category::Images,
        scope: Scope::PodSpec,
        remediation: "Set `imagePullPolicy: Always`, or pin the image by digest so the cached copy is guaranteed to be the reviewed one.",
        references: References {
            polaris: &["pullPolicyNotAlways"],
            kube_score: &["container-image-pull-policy"],
            checkov: &["CKV_K8S_15"],
            ..References::NONE
        },
    }
}

impl Rule for ImagePullPolicyNotAlways {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        for (c, node, image) in container_images(pod) {
            if image.is_pinned() {
                continue;
            }
            let text = node.as_str().unwrap_or_default().trim();
            match c.get("imagePullPolicy").filter(|n| !n.is_null()) {
                Some(policy) if policy.as_str() == Some("Always") => {}
                Some(policy) => cx.report_container(
                    &c,
                    policy,
                    format!(
                        "{} pulls image `{text}` with `imagePullPolicy: {}`, so nodes reuse a cached copy",
                        c.describe(),
                        policy.text().unwrap_or("")
                    ),
                ),
                None if image.tag.is_none_or(|t| t == "latest") => {}
                None => cx.report_container(
                    &c,
                    c.node,
                    format!(
                        "{} sets no `imagePullPolicy`, so image `{text}` defaults to IfNotPresent and nodes reuse a cached copy",
                        c.describe()
                    ),
                ),
            }
        }
    }
}
