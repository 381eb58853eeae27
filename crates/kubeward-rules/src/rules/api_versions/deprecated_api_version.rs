use super::helpers::{Status, deprecation};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Objects whose `apiVersion` is deprecated in the target Kubernetes version
    /// (`--kubernetes-version`, or `settings.kubernetes-version`; default the newest stable
    /// release kubeward knows) but still served. Versions that the target no longer serves are
    /// `removed-api-version` findings instead. Reported at `apiVersion`, with the replacement.
    ///
    /// The table covers every removal the Deprecated API Migration Guide lists, up to Kubernetes
    /// 1.32 (`extensions/v1beta1`, `apps/v1beta1` and `v1beta2`, `batch/v1beta1` CronJob,
    /// `policy/v1beta1` PodDisruptionBudget and PodSecurityPolicy, `networking.k8s.io/v1beta1`
    /// Ingress and IngressClass, the `rbac`, `storage`, `admissionregistration`, `apiextensions`,
    /// `apiregistration`, `authentication`, `authorization`, `certificates`, `coordination`,
    /// `scheduling`, `discovery`, `events`, `node` and `flowcontrol` betas, `autoscaling/v2beta1`
    /// and `v2beta2`) and core `v1` Endpoints, deprecated in 1.33 in favour of EndpointSlices.
    /// Alpha versions are not listed (they may go in any release without notice) except
    /// `rbac.authorization.k8s.io/v1alpha1`, which old manifests still carry; custom resources are
    /// not covered.
    ///
    /// ## Why it matters
    /// A deprecated version works today and stops working on a known upgrade: manifests that
    /// still use it block the cluster upgrade or break the deploy after it. The API server only
    /// warns at apply time, where nobody reads it.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Endpoints
    /// metadata:
    ///   name: legacy-db
    /// subsets:
    ///   - addresses: [{ip: 10.0.0.12}]
    ///     ports: [{port: 5432}]
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: discovery.k8s.io/v1
    /// kind: EndpointSlice
    /// metadata:
    ///   name: legacy-db
    ///   labels:
    ///     kubernetes.io/service-name: legacy-db
    /// addressType: IPv4
    /// endpoints:
    ///   - addresses: [10.0.0.12]
    /// ports:
    ///   - port: 5432
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Deprecated API Migration Guide"
    /// - Kubernetes documentation, "Kubernetes Deprecation Policy"
    pub struct DeprecatedApiVersion {
        id: "deprecated-api-version",
        title: "Object uses a deprecated API version",
        severity: Severity::Low,
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

impl Rule for DeprecatedApiVersion {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let Some(dep) = deprecation(object) else {
            return;
        };
        let target = cx.settings().kubernetes_version;
        if dep.status(target) != Status::Deprecated {
            return;
        }
        let removal = match dep.removed_in {
            Some(removed) => format!(" and no longer served as of {removed}"),
            None => String::new(),
        };
        let at = object.root.get("apiVersion").unwrap_or(&object.root);
        cx.report(
            at,
            format!(
                "`{}` {} is deprecated as of Kubernetes {}{removal} (target {target}); {}",
                dep.api_version,
                dep.kind,
                dep.deprecated_in,
                dep.advice()
            ),
        );
    }
}
