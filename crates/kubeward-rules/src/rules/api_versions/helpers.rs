//! Which API versions Kubernetes deprecated and stopped serving, and when.
//!
//! Sources: the Kubernetes "Deprecated API Migration Guide"
//! (<https://kubernetes.io/docs/reference/using-api/deprecation-guide/>) for the removals, and the
//! `k8s:prerelease-lifecycle-gen` markers of `k8s.io/api` (`zz_generated.prerelease-lifecycle.go`,
//! which also produce the API server's "is deprecated in v1.X+, unavailable in v1.Y+" warnings) for
//! the release each version was deprecated in. Covers every removal the guide lists, up to
//! Kubernetes 1.32, and the deprecation of core `v1 Endpoints` in 1.33; later deprecations are
//! added here as releases announce them. Alpha versions are not listed (they may disappear in any
//! release without a deprecation period), except `rbac.authorization.k8s.io/v1alpha1`, which old
//! manifests still carry.

use crate::settings::KubeVersion;
use kubeward_model::Object;

/// One deprecated `apiVersion` of one kind.
#[derive(Clone, Copy, Debug)]
pub(super) struct Deprecation {
    pub api_version: &'static str,
    pub kind: &'static str,
    /// The release that deprecated it.
    pub deprecated_in: KubeVersion,
    /// The first release that no longer serves it; `None` while it is still served.
    pub removed_in: Option<KubeVersion>,
    /// What to use instead.
    pub replacement: Replacement,
}

/// What replaces a deprecated API version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Replacement {
    /// The same kind in another API version.
    Version(&'static str),
    /// Another kind (`apiVersion`, `kind`).
    Kind(&'static str, &'static str),
    /// No API replaces it; what to do instead.
    Nothing(&'static str),
}

impl Replacement {
    /// For messages: `` `apps/v1` ``, `` `discovery.k8s.io/v1` EndpointSlice ``, or the advice.
    pub fn describe(&self) -> String {
        match self {
            Replacement::Version(api) => format!("`{api}`"),
            Replacement::Kind(api, kind) => format!("`{api}` {kind}"),
            Replacement::Nothing(advice) => advice.to_string(),
        }
    }
}

const fn v(minor: u32) -> KubeVersion {
    KubeVersion::new(1, minor)
}

/// `(api_version, kinds, deprecated in, removed in, replacement)`.
type Row = (
    &'static str,
    &'static [&'static str],
    u32,
    Option<u32>,
    Replacement,
);

const NO_PSP: Replacement = Replacement::Nothing(
    "no replacement API: enforce the Pod Security Standards with Pod Security admission",
);

const TABLE: &[Row] = &[
    // Removed in 1.16.
    (
        "extensions/v1beta1",
        &["Deployment", "DaemonSet", "ReplicaSet"],
        8,
        Some(16),
        Replacement::Version("apps/v1"),
    ),
    (
        "extensions/v1beta1",
        &["NetworkPolicy"],
        9,
        Some(16),
        Replacement::Version("networking.k8s.io/v1"),
    ),
    (
        "extensions/v1beta1",
        &["PodSecurityPolicy"],
        11,
        Some(16),
        NO_PSP,
    ),
    (
        "apps/v1beta1",
        &["Deployment", "StatefulSet", "ControllerRevision"],
        8,
        Some(16),
        Replacement::Version("apps/v1"),
    ),
    (
        "apps/v1beta2",
        &[
            "Deployment",
            "StatefulSet",
            "DaemonSet",
            "ReplicaSet",
            "ControllerRevision",
        ],
        9,
        Some(16),
        Replacement::Version("apps/v1"),
    ),
    // Removed in 1.22.
    (
        "extensions/v1beta1",
        &["Ingress"],
        14,
        Some(22),
        Replacement::Version("networking.k8s.io/v1"),
    ),
    (
        "networking.k8s.io/v1beta1",
        &["Ingress", "IngressClass"],
        19,
        Some(22),
        Replacement::Version("networking.k8s.io/v1"),
    ),
    (
        "admissionregistration.k8s.io/v1beta1",
        &[
            "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration",
        ],
        16,
        Some(22),
        Replacement::Version("admissionregistration.k8s.io/v1"),
    ),
    (
        "apiextensions.k8s.io/v1beta1",
        &["CustomResourceDefinition"],
        16,
        Some(22),
        Replacement::Version("apiextensions.k8s.io/v1"),
    ),
    (
        "apiregistration.k8s.io/v1beta1",
        &["APIService"],
        19,
        Some(22),
        Replacement::Version("apiregistration.k8s.io/v1"),
    ),
    (
        "authentication.k8s.io/v1beta1",
        &["TokenReview"],
        19,
        Some(22),
        Replacement::Version("authentication.k8s.io/v1"),
    ),
    (
        "authorization.k8s.io/v1beta1",
        &[
            "LocalSubjectAccessReview",
            "SelfSubjectAccessReview",
            "SelfSubjectRulesReview",
            "SubjectAccessReview",
        ],
        19,
        Some(22),
        Replacement::Version("authorization.k8s.io/v1"),
    ),
    (
        "certificates.k8s.io/v1beta1",
        &["CertificateSigningRequest"],
        19,
        Some(22),
        Replacement::Version("certificates.k8s.io/v1"),
    ),
    (
        "coordination.k8s.io/v1beta1",
        &["Lease"],
        19,
        Some(22),
        Replacement::Version("coordination.k8s.io/v1"),
    ),
    (
        "rbac.authorization.k8s.io/v1beta1",
        &["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"],
        17,
        Some(22),
        Replacement::Version("rbac.authorization.k8s.io/v1"),
    ),
    (
        "rbac.authorization.k8s.io/v1alpha1",
        &["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"],
        17,
        Some(22),
        Replacement::Version("rbac.authorization.k8s.io/v1"),
    ),
    (
        "scheduling.k8s.io/v1beta1",
        &["PriorityClass"],
        14,
        Some(22),
        Replacement::Version("scheduling.k8s.io/v1"),
    ),
    (
        "storage.k8s.io/v1beta1",
        &["CSIDriver", "StorageClass", "VolumeAttachment"],
        19,
        Some(22),
        Replacement::Version("storage.k8s.io/v1"),
    ),
    (
        "storage.k8s.io/v1beta1",
        &["CSINode"],
        17,
        Some(22),
        Replacement::Version("storage.k8s.io/v1"),
    ),
    // Removed in 1.25.
    (
        "batch/v1beta1",
        &["CronJob"],
        21,
        Some(25),
        Replacement::Version("batch/v1"),
    ),
    (
        "discovery.k8s.io/v1beta1",
        &["EndpointSlice"],
        21,
        Some(25),
        Replacement::Version("discovery.k8s.io/v1"),
    ),
    (
        "events.k8s.io/v1beta1",
        &["Event"],
        22,
        Some(25),
        Replacement::Version("events.k8s.io/v1"),
    ),
    (
        "autoscaling/v2beta1",
        &["HorizontalPodAutoscaler"],
        22,
        Some(25),
        Replacement::Version("autoscaling/v2"),
    ),
    (
        "policy/v1beta1",
        &["PodDisruptionBudget"],
        21,
        Some(25),
        Replacement::Version("policy/v1"),
    ),
    (
        "policy/v1beta1",
        &["PodSecurityPolicy"],
        21,
        Some(25),
        NO_PSP,
    ),
    (
        "node.k8s.io/v1beta1",
        &["RuntimeClass"],
        22,
        Some(25),
        Replacement::Version("node.k8s.io/v1"),
    ),
    // Removed in 1.26.
    (
        "autoscaling/v2beta2",
        &["HorizontalPodAutoscaler"],
        23,
        Some(26),
        Replacement::Version("autoscaling/v2"),
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta1",
        &["FlowSchema", "PriorityLevelConfiguration"],
        23,
        Some(26),
        Replacement::Version("flowcontrol.apiserver.k8s.io/v1"),
    ),
    // Removed in 1.27.
    (
        "storage.k8s.io/v1beta1",
        &["CSIStorageCapacity"],
        24,
        Some(27),
        Replacement::Version("storage.k8s.io/v1"),
    ),
    // Removed in 1.29.
    (
        "flowcontrol.apiserver.k8s.io/v1beta2",
        &["FlowSchema", "PriorityLevelConfiguration"],
        26,
        Some(29),
        Replacement::Version("flowcontrol.apiserver.k8s.io/v1"),
    ),
    // Removed in 1.32.
    (
        "flowcontrol.apiserver.k8s.io/v1beta3",
        &["FlowSchema", "PriorityLevelConfiguration"],
        29,
        Some(32),
        Replacement::Version("flowcontrol.apiserver.k8s.io/v1"),
    ),
    // Deprecated, still served.
    (
        "v1",
        &["Endpoints"],
        33,
        None,
        Replacement::Kind("discovery.k8s.io/v1", "EndpointSlice"),
    ),
];

/// The deprecation entry for `apiVersion` and `kind`, if any.
pub(super) fn lookup(api_version: &str, kind: &str) -> Option<Deprecation> {
    TABLE
        .iter()
        .find_map(|&(av, kinds, deprecated_in, removed_in, replacement)| {
            let kind = kinds.iter().find(|k| **k == kind)?;
            (av == api_version).then_some(Deprecation {
                api_version: av,
                kind,
                deprecated_in: v(deprecated_in),
                removed_in: removed_in.map(v),
                replacement,
            })
        })
}

/// The deprecation entry for an object's `apiVersion` and `kind`, if any.
pub(super) fn deprecation(object: &Object) -> Option<Deprecation> {
    lookup(&object.id.api_version, object.kind())
}

/// Where an API version stands in a Kubernetes release.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Status {
    /// Not yet deprecated in that release.
    Current,
    Deprecated,
    Removed,
}

impl Deprecation {
    pub fn status(&self, target: KubeVersion) -> Status {
        match self.removed_in {
            Some(removed) if target >= removed => Status::Removed,
            _ if target >= self.deprecated_in => Status::Deprecated,
            _ => Status::Current,
        }
    }

    /// What to do, for messages: "use `apps/v1`", or the advice when nothing replaces it.
    pub fn advice(&self) -> String {
        match self.replacement {
            Replacement::Nothing(advice) => advice.to_string(),
            other => format!("use {}", other.describe()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        for (api_version, kinds, deprecated, removed, replacement) in TABLE {
            assert!(!kinds.is_empty(), "{api_version}");
            if let Replacement::Version(api) | Replacement::Kind(api, _) = replacement {
                assert!(api.contains('/'), "{api_version}: {api}");
            }
            if let Some(removed) = removed {
                assert!(deprecated < removed, "{api_version} {kinds:?}");
            }
            assert!(api_version.contains('/') || *api_version == "v1");
        }
        // One entry per (apiVersion, kind).
        let mut pairs: Vec<(&str, &str)> = TABLE
            .iter()
            .flat_map(|(av, kinds, ..)| kinds.iter().map(move |k| (*av, *k)))
            .collect();
        let n = pairs.len();
        pairs.sort();
        pairs.dedup();
        assert_eq!(pairs.len(), n);
    }

    #[test]
    fn replacements_render() {
        assert_eq!(Replacement::Version("apps/v1").describe(), "`apps/v1`");
        assert_eq!(
            Replacement::Kind("discovery.k8s.io/v1", "EndpointSlice").describe(),
            "`discovery.k8s.io/v1` EndpointSlice"
        );
    }

    #[test]
    fn status_follows_the_target_version() {
        let cronjob = lookup("batch/v1beta1", "CronJob").expect("batch/v1beta1 CronJob is listed");
        assert_eq!(cronjob.status(v(20)), Status::Current);
        assert_eq!(cronjob.status(v(21)), Status::Deprecated);
        assert_eq!(cronjob.status(v(24)), Status::Deprecated);
        assert_eq!(cronjob.status(v(25)), Status::Removed);
        assert_eq!(cronjob.status(v(37)), Status::Removed);
        assert_eq!(cronjob.advice(), "use `batch/v1`");
        assert!(lookup("batch/v1", "CronJob").is_none());
        assert!(lookup("batch/v1beta1", "Job").is_none());
    }
}
