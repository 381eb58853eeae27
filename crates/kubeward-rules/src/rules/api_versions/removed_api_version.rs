use super::helpers::{Status, deprecation};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Objects whose `apiVersion` the target Kubernetes version (`--kubernetes-version`, or
    /// `settings.kubernetes-version`; default the newest stable release kubeward knows) no
    /// longer serves. Reported at `apiVersion`, with the release that removed it and the
    /// replacement. The table is the one of `deprecated-api-version`.
    ///
    /// ## Why it matters
    /// The API server rejects the object outright (`no matches for kind "Deployment" in version
    /// "extensions/v1beta1"`): the deploy fails, or, in a chart applied as a whole, nothing of
    /// the release is applied. Old charts and copied snippets are where these live.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: policy/v1beta1
    /// kind: PodDisruptionBudget
    /// metadata:
    ///   name: web
    /// spec:
    ///   maxUnavailable: 1
    ///   selector:
    ///     matchLabels: {app: web}
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// metadata:
    ///   name: web
    /// spec:
    ///   maxUnavailable: 1
    ///   selector:
    ///     matchLabels: {app: web}
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Deprecated API Migration Guide"
    /// - Kubernetes documentation, "Kubernetes Deprecation Policy"
    pub struct RemovedApiVersion {
        id: "removed-api-version",
        title: "Object uses an API version the target Kubernetes no longer serves",
        severity: Severity::High,
        category: Category::ApiVersions,
        scope: Scope::AnyObject,
        remediation: "Move the manifest to the replacement API version (`kubectl convert` helps), minding the field changes listed in the Deprecated API Migration Guide.",
        references: References {
            kube_linter: &["no-extensions-v1beta"],
            trivy: &["KSV-0107"],
            kube_score: &["stable-version"],
            ..References::NONE
        },
    }
}

impl Rule for RemovedApiVersion {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let Some(dep) = deprecation(object) else {
            return;
        };
        let target = cx.settings().kubernetes_version;
        let (Status::Removed, Some(removed)) = (dep.status(target), dep.removed_in) else {
            return;
        };
        let at = object.root.get("apiVersion").unwrap_or(&object.root);
        cx.report(
            at,
            format!(
                "`{}` {} is no longer served as of Kubernetes {removed} (target {target}); {}",
                dep.api_version,
                dep.kind,
                dep.advice()
            ),
        );
    }
}
