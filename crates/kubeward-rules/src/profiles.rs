//! Profiles: named rule sets, chosen with `--profile NAME` or `profile:` in `.kubeward.yaml`.
//!
//! | Profile | Rules |
//! |---|---|
//! | `default` | [`DEFAULT_RULES`]: high-signal security rules that a clean, well-written chart passes |
//! | `all` | every rule |
//! | `pss-baseline` | the Pod Security Standards baseline level, exactly as the API server's Pod Security Admission enforces it ([`PSS_CHECKS`]) |
//! | `pss-restricted` | the restricted level (which includes baseline) |
//! | `cis` | the control-plane and kubelet checks (rules of [`Category::ControlPlane`]); may be empty |
//!
//! Which rules run, for the command line and the configuration file alike:
//!
//! 1. `--select` given (or, without `--select` and `--profile` on the command line, `select:` in
//!    the configuration): exactly those rules (`ALL`: every rule). No profile applies.
//! 2. Otherwise the profile: `--profile`, else `profile:` in the configuration, else `default`.
//! 3. Then `--ignore` (and `ignore:` in the configuration) removes rules from the set.
//!
//! A profile with no rules (`cis` until control-plane rules exist) is not an error: the scan
//! says that nothing was checked.
//!
//! The PSS profiles evaluate the Pod Security Standards for the target Kubernetes version
//! (`--kubernetes-version`, default the newest): the rules read it where the standards changed.
//! `tests/pss_conformance.rs` runs both levels over the upstream conformance corpus.

use crate::Rule;
use crate::registry::{RULES, find_rule};
use kubeward_model::Category;
use serde::Deserialize;
use std::fmt;
use std::str::FromStr;

/// A named rule set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Profile {
    #[default]
    Default,
    All,
    PssBaseline,
    PssRestricted,
    Cis,
}

impl Profile {
    /// Every profile, in the order `--help` and error messages list them.
    pub const ALL: [Profile; 5] = [
        Profile::Default,
        Profile::All,
        Profile::PssBaseline,
        Profile::PssRestricted,
        Profile::Cis,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Profile::Default => "default",
            Profile::All => "all",
            Profile::PssBaseline => "pss-baseline",
            Profile::PssRestricted => "pss-restricted",
            Profile::Cis => "cis",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Profile::Default => {
                "high-signal security rules that a clean, well-written chart passes (the default)"
            }
            Profile::All => "every rule",
            Profile::PssBaseline => {
                "the Pod Security Standards baseline level, as the API server enforces it"
            }
            Profile::PssRestricted => {
                "the Pod Security Standards restricted level (baseline included), as the API server enforces it"
            }
            Profile::Cis => "the CIS control-plane and kubelet configuration checks",
        }
    }

    /// The profile's rules, sorted by id.
    pub fn rules(self) -> Vec<&'static dyn Rule> {
        let mut rules: Vec<&'static dyn Rule> = match self {
            Profile::Default => by_ids(DEFAULT_RULES.iter().copied()),
            Profile::All => RULES.to_vec(),
            Profile::PssBaseline => by_ids(pss_rule_ids(PssLevel::Baseline)),
            Profile::PssRestricted => by_ids(pss_rule_ids(PssLevel::Restricted)),
            Profile::Cis => RULES
                .iter()
                .copied()
                .filter(|r| r.meta().category == Category::ControlPlane)
                .collect(),
        };
        rules.sort_by_key(|r| r.meta().id);
        rules.dedup_by_key(|r| r.meta().id);
        rules
    }

    /// "default, all, pss-baseline, pss-restricted, cis".
    pub fn names() -> String {
        Profile::ALL.map(Profile::name).join(", ")
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Profile {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Profile::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!(
                    "unknown profile `{s}` (expected one of: {})",
                    Profile::names()
                )
            })
    }
}

impl<'de> Deserialize<'de> for Profile {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

/// Registered rules for `ids`; ids of rules that do not exist are skipped (a test checks that
/// every id in the lists below is registered).
fn by_ids<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<&'static dyn Rule> {
    ids.into_iter().filter_map(find_rule).collect()
}

// ---------------------------------------------------------------------------------------------
// default
// ---------------------------------------------------------------------------------------------

/// The `default` profile: security rules with few false alarms, chosen so that a clean,
/// well-written chart (non-root, `drop: [ALL]`, `RuntimeDefault` seccomp, read-only root
/// filesystem, no host namespaces or host paths, tagged images) passes with no findings, while
/// every finding is worth fixing. The rules of the categories below that are not listed here are
/// in [`DEFAULT_EXCLUDED`], with the reason (a test fails when a rule is in neither list).
pub const DEFAULT_RULES: &[&str] = &[
    "apparmor-unconfined",
    "capabilities-not-dropped",
    "cloud-metadata-address",
    "container-runtime-socket",
    "dangerous-capability-added",
    "deprecated-api-version",
    "dockerfile-chpasswd",
    "dockerfile-copy-from-unknown-stage",
    "dockerfile-dockerignore-incomplete",
    "dockerfile-expose-ssh",
    "dockerfile-image-latest",
    "dockerfile-package-signature-check-disabled",
    "dockerfile-package-update-without-install",
    "dockerfile-secret-file-copied",
    "dockerfile-secret-in-env-or-arg",
    "dockerfile-secret-in-run",
    "dockerfile-sudo",
    "dockerfile-tls-verification-disabled",
    "dockerfile-untrusted-registry",
    "dockerfile-user-root",
    "dockerfile-workdir-system-dir",
    "duplicate-env-var",
    "exposure-path",
    "forbidden-annotation",
    "git-sync-unsafe",
    "host-ipc",
    "host-network",
    "host-path-volume",
    "host-pid",
    "host-port",
    "host-probe",
    "image-latest-tag",
    "ingress-backend-not-found",
    "ingress-backend-plain-http",
    "ingress-nginx-snippet-annotation",
    "ingress-tls-missing",
    "invalid-label",
    "kube-system-workload",
    "kubernetes-dashboard",
    "memory-limit-missing",
    "memory-request-missing",
    "metrics-port-exposed",
    "namespace-default-deny-ingress-missing",
    "networkpolicy-allows-all",
    "networkpolicy-dns-egress-blocked",
    "networkpolicy-egress-to-internet",
    "networkpolicy-peer-selects-nothing",
    "networkpolicy-selects-nothing",
    "plain-http-url",
    "privilege-escalation-allowed",
    "privileged-container",
    "probe-port-not-exposed",
    "rbac-anonymous-binding",
    "rbac-aws-auth",
    "rbac-bind-escalate",
    "rbac-cluster-admin-binding",
    "rbac-csr-approval",
    "rbac-default-service-account-binding",
    "rbac-delete-pod-logs",
    "rbac-escalation-via-pod-create",
    "rbac-impersonate",
    "rbac-nodes-proxy",
    "rbac-pod-exec-attach",
    "rbac-secrets-access",
    "rbac-services-status",
    "rbac-system-masters-binding",
    "rbac-webhook-config-access",
    "rbac-wildcard",
    "removed-api-version",
    "required-annotation-missing",
    "required-label-missing",
    "resource-out-of-range",
    "restart-policy-invalid",
    "root-group",
    "root-uid",
    "root-user-allowed",
    "scc-privileged",
    "seccomp-profile-missing",
    "seccomp-unconfined",
    "secret-in-annotation",
    "secret-in-configmap",
    "secret-in-env-value",
    "secret-manifest-committed",
    "selector-label-mismatch",
    "selinux-custom-options",
    "sensitive-host-path",
    "service-external-ips",
    "service-node-port",
    "service-selects-nothing",
    "service-target-port-invalid",
    "ssh-port",
    "sys-admin-capability",
    "tiller",
    "unmasked-proc-mount",
    "unsafe-sysctls",
    "untrusted-registry",
    "windows-host-process",
    "writable-host-mount",
    "writable-root-filesystem",
];

/// Rules deliberately left out of `default`, each with the reason (`all` and, where they apply,
/// the PSS profiles still run them).
pub const DEFAULT_EXCLUDED: &[(&str, &str)] = &[
    (
        "apiserver-admission-plugin-disabled",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apiserver-admission-plugin-missing",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apiserver-always-admit",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apiserver-anonymous-auth",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apiserver-audit-log-not-configured",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apiserver-authorization-always-allow",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apiserver-authorization-mode-incomplete",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apiserver-basic-auth-file",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apiserver-client-ca-missing",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apiserver-encryption-provider-config-missing",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apiserver-etcd-tls-missing",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apiserver-insecure-port",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apiserver-kubelet-certificate-authority-missing",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apiserver-kubelet-client-cert-missing",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apiserver-kubelet-https-disabled",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apiserver-request-timeout-disabled",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apiserver-secure-port-disabled",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apiserver-service-account-key-file-missing",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apiserver-service-account-lookup-disabled",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apiserver-tls-cert-missing",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apiserver-token-auth-file",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apiserver-weak-tls-cipher-suites",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "apparmor-profile-missing",
        "many clusters run without AppArmor (SELinux hosts, managed nodes); seccomp and dropped capabilities are the portable hardening",
    ),
    // The restricted level's add-list: CHOWN, SETUID and the like are baseline-legal, and images
    // such as nginx need them unless rebuilt; `dangerous-capability-added` covers the risky ones.
    (
        "capability-added",
        "restricted-level detail: adding baseline capabilities such as CHOWN is common and low risk",
    ),
    (
        "configmap-not-found",
        "ConfigMaps may be created outside the scanned manifests (other charts, operators); meaningful only on a complete release",
    ),
    (
        "control-plane-bind-address-exposed",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "control-plane-profiling-enabled",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "controller-manager-root-ca-missing",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "controller-manager-service-account-credentials-disabled",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "controller-manager-service-account-private-key-missing",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "controller-manager-terminated-pod-gc-threshold-missing",
        "control-plane hardening: run with --profile cis",
    ),
    // Resource settings are reliability, not security; a chart leaves them to its values file.
    (
        "cpu-limit-missing",
        "not a security setting, and CPU limits are often deliberately left unset (throttling)",
    ),
    (
        "cpu-request-missing",
        "not a security setting; requests are usually set per environment in values files",
    ),
    ("cronjob-job-ttl-set", "housekeeping, not security"),
    (
        "cronjob-starting-deadline-missing",
        "scheduling hygiene, not security",
    ),
    (
        "default-namespace",
        "Helm and Kustomize output often leaves the namespace to the deploy step",
    ),
    (
        "default-service-account",
        "harmless when the token is not mounted; `service-account-token-automount` and RBAC analysis judge the risk",
    ),
    (
        "deployment-recreate-strategy",
        "a deliberate choice for singleton workloads",
    ),
    (
        "deprecated-service-account-field",
        "the API server still honours it; cosmetic",
    ),
    ("dns-ndots-missing", "performance tuning, opt-in"),
    (
        "dockerfile-add-instead-of-copy",
        "build hygiene: ADD of plain local files behaves like COPY, so the risk is low",
    ),
    (
        "dockerfile-apt-instead-of-apt-get",
        "script hygiene: apt works, its CLI is just not stable",
    ),
    (
        "dockerfile-base-image-not-minimal",
        "a recommendation whose list of acceptable bases depends on the organisation (settings.minimal-base-images)",
    ),
    (
        "dockerfile-build-tools-in-final-image",
        "attack-surface advice: which tools an image may keep is a project decision (no peer checks it)",
    ),
    ("dockerfile-cmd-shell-form", "signal handling, not security"),
    ("dockerfile-consecutive-run", "layer count, not a risk"),
    (
        "dockerfile-copy-archive-extracted",
        "image size, not a risk",
    ),
    (
        "dockerfile-copy-dest-missing-slash",
        "a build error or misplaced file, not a security risk",
    ),
    (
        "dockerfile-copy-relative-without-workdir",
        "build hygiene: files land in an unexpected directory, not a security risk",
    ),
    (
        "dockerfile-copy-root-filesystem",
        "image bloat; what the copy brings in is judged by the other rules",
    ),
    (
        "dockerfile-dist-upgrade",
        "image reproducibility, not a direct risk",
    ),
    (
        "dockerfile-env-self-reference",
        "a correctness trap, not a security risk",
    ),
    (
        "dockerfile-expose-port-out-of-range",
        "a typo Docker itself rejects when the container is created: correctness, not security",
    ),
    (
        "dockerfile-from-platform",
        "multi-architecture build hygiene",
    ),
    (
        "dockerfile-healthcheck-missing",
        "Kubernetes ignores HEALTHCHECK; the Pod's probes are checked on the manifests",
    ),
    (
        "dockerfile-image-not-pinned-by-digest",
        "digest pinning needs a bot to keep digests current: opt-in, like image-not-pinned",
    ),
    (
        "dockerfile-label-key-invalid",
        "metadata convention, not a risk",
    ),
    (
        "dockerfile-label-schema",
        "metadata policy: needs settings.dockerfile-label-schema, and is about provenance rather than risk",
    ),
    ("dockerfile-maintainer", "deprecated syntax, no risk"),
    (
        "dockerfile-multiple-cmd",
        "dead instructions: confusing, not dangerous",
    ),
    (
        "dockerfile-multiple-healthcheck",
        "dead instructions: confusing, not dangerous",
    ),
    (
        "dockerfile-no-install-recommends-missing",
        "image size, not a direct risk",
    ),
    (
        "dockerfile-package-cache-not-cleaned",
        "image size, not a direct risk",
    ),
    (
        "dockerfile-package-install-not-noninteractive",
        "build hygiene: a missing -y fails the build loudly rather than weakening the image",
    ),
    (
        "dockerfile-package-version-unpinned",
        "reproducibility: distribution packages are often pinned by the base image tag instead",
    ),
    (
        "dockerfile-pipe-without-pipefail",
        "build robustness: a hidden failure breaks the build, not the cluster",
    ),
    (
        "dockerfile-pointless-command",
        "leftovers that do nothing useful, not a risk",
    ),
    (
        "dockerfile-run-cd",
        "style: WORKDIR is clearer, cd is not a risk",
    ),
    (
        "dockerfile-stage-name-invalid",
        "a build correctness problem, not a security risk",
    ),
    (
        "dockerfile-user-not-numeric",
        "informational: the manifests' runAsUser and runAsNonRoot rules enforce the user",
    ),
    ("dockerfile-useradd-high-uid", "image size, not a risk"),
    ("dockerfile-wget-and-curl", "image size, not a direct risk"),
    ("dockerfile-wget-without-progress", "build log noise"),
    (
        "dockerfile-workdir-relative",
        "build hygiene: a relative WORKDIR misplaces files but exposes nothing",
    ),
    (
        "ephemeral-storage-limit-missing",
        "reliability tuning, rarely set by charts",
    ),
    (
        "ephemeral-storage-request-missing",
        "reliability tuning, rarely set by charts",
    ),
    (
        "etcd-auto-tls",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "etcd-client-cert-auth-disabled",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "etcd-peer-client-cert-auth-disabled",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "etcd-peer-tls-missing",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "etcd-tls-missing",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "hard-coded-ip",
        "noisy: many legitimate configs carry IPs (CIDRs, upstream resolvers)",
    ),
    ("host-aliases", "low risk; common in legacy migrations"),
    (
        "host-user-namespace",
        "user namespaces need Kubernetes 1.33+ and runtime support; advisory",
    ),
    ("hpa-min-equals-max", "reliability advice"),
    ("hpa-min-replicas-too-low", "reliability advice"),
    (
        "hpa-target-not-found",
        "reliability: the autoscaler does nothing, nothing is exposed",
    ),
    // Digest pinning is good practice for releases, but tags are the norm in charts.
    ("hpa-target-sets-replicas", "reliability advice"),
    (
        "image-not-pinned",
        "noisy: most well-written charts pin by tag, not by digest",
    ),
    (
        "image-pull-policy-not-always",
        "with immutable tags the default policy is right",
    ),
    (
        "instance-label-mismatch",
        "fires on most Helm output (instance = release name)",
    ),
    ("job-ttl-missing", "housekeeping, not security"),
    (
        "kubelet-anonymous-auth",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "kubelet-authorization-always-allow",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "kubelet-certificate-rotation-disabled",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "kubelet-client-ca-missing",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "kubelet-event-record-qps-invalid",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "kubelet-iptables-util-chains-disabled",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "kubelet-protect-kernel-defaults-disabled",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "kubelet-read-only-port",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "kubelet-server-certificate-rotation-disabled",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "kubelet-streaming-connection-idle-timeout-disabled",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "kubelet-tls-cert-missing",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "kubelet-weak-tls-cipher-suites",
        "control-plane hardening: run with --profile cis",
    ),
    (
        "linux-hardening-missing",
        "covered more precisely by the seccomp and capability rules in this profile",
    ),
    (
        "liveness-probe-missing",
        "reliability advice; a wrong liveness probe can hurt more than none",
    ),
    (
        "low-gid",
        "low risk once the group is not root; image-dependent",
    ),
    (
        "low-uid",
        "low risk once the user is not root; image-dependent",
    ),
    ("naked-pod", "fine for one-off pods and tests"),
    (
        "namespace-default-deny-egress-missing",
        "egress lockdown needs every destination listed (DNS, APIs, the API server); a hardening step for `--profile all`, while `networkpolicy-dns-egress-blocked` catches the outage it risks",
    ),
    (
        "namespace-limitrange-missing",
        "LimitRanges often live in the platform repository, outside the scanned set",
    ),
    (
        "namespace-resourcequota-missing",
        "ResourceQuotas often live in the platform repository, outside the scanned set",
    ),
    // `capabilities-not-dropped` asks for `drop: [ALL]`, which drops NET_RAW too: running both
    // would report every container that drops nothing twice.
    (
        "net-raw-capability",
        "subsumed by capabilities-not-dropped (`drop: [ALL]` drops NET_RAW)",
    ),
    ("node-affinity-missing", "scheduling choice, opt-in"),
    ("pdb-allows-no-disruption", "reliability advice"),
    ("pdb-budget-missing", "reliability advice"),
    ("pdb-min-available-exceeds-hpa-min", "reliability advice"),
    ("pdb-missing", "reliability advice"),
    (
        "pdb-selects-nothing",
        "reliability: the budget protects nothing, nothing is exposed",
    ),
    (
        "pdb-unhealthy-pod-eviction-policy-missing",
        "reliability advice",
    ),
    (
        "pod-anti-affinity-missing",
        "reliability advice; depends on cluster topology",
    ),
    (
        "pod-security-policy",
        "informational: the kind was removed in 1.25 (`removed-api-version` reports it for current targets)",
    ),
    ("priority-class-name-missing", "scheduling choice"),
    (
        "priority-class-not-found",
        "PriorityClasses are cluster-wide and usually installed outside the application's manifests",
    ),
    (
        "privileged-port",
        "binding below 1024 needs NET_BIND_SERVICE, which other rules judge; the port itself is not a risk",
    ),
    ("probes-identical", "reliability advice"),
    (
        "rbac-configmap-manage",
        "applications and operators legitimately manage their own ConfigMaps; rbac-aws-auth reports the one that grants cluster access",
    ),
    (
        "rbac-network-manage",
        "deployers legitimately manage Services and Ingresses (the built-in edit role grants it)",
    ),
    (
        "rbac-pod-create",
        "deployers legitimately create workloads; rbac-escalation-via-pod-create reports when it reaches secrets or cluster-admin",
    ),
    (
        "rbac-unknown-role",
        "bindings to roles installed by another chart or by the cluster are common; scan them together to judge",
    ),
    ("readiness-probe-missing", "reliability advice"),
    (
        "requests-differ-from-limits",
        "Guaranteed QoS is a choice, opt-in",
    ),
    // NFS, iSCSI and cloud volumes are legitimate storage choices outside the restricted level.
    (
        "restricted-volume-type",
        "restricted-level detail: network and cloud volume types are legitimate storage",
    ),
    // `root-user-allowed` reports what matters (a container that may run as root) and accepts a
    // non-zero `runAsUser`; this is the restricted level's stricter form of the same check.
    (
        "run-as-non-root-not-set",
        "restricted-level form of root-user-allowed, which default runs",
    ),
    // Reading a Secret through `secretKeyRef` is the standard way to pass credentials.
    (
        "secret-in-env",
        "noisy: env vars from secretKeyRef are the common, accepted way to pass credentials",
    ),
    (
        "secret-not-found",
        "Secrets are usually created outside the manifests (by hand, CI, operators); meaningful only on a complete release",
    ),
    (
        "security-context-missing",
        "the specific security-context rules in this profile say what is missing",
    ),
    (
        "service-account-not-found",
        "ServiceAccounts are often created outside the application's manifests; meaningful only on a complete release",
    ),
    // Most workloads never talk to the API server, but charts rarely set the flag and the token
    // is short-lived and audience-bound.
    (
        "service-account-token-automount",
        "noisy: almost no chart sets automountServiceAccountToken, and the projected token is short-lived",
    ),
    (
        "service-load-balancer-unrestricted",
        "public load balancers are how Ingress controllers and public services are exposed; metrics-port-exposed flags what must never be public",
    ),
    (
        "servicemonitor-selects-nothing",
        "observability, not security",
    ),
    (
        "statefulset-service-name-missing",
        "the API server requires it in current versions",
    ),
    ("statefulset-service-not-headless", "reliability advice"),
    (
        "too-few-replicas",
        "depends on the workload; HPA-managed workloads omit replicas",
    ),
    ("topology-spread-constraints-missing", "scheduling choice"),
    // The baseline level allows an unmasked /proc in a user namespace.
    (
        "unmasked-proc-mount-user-namespace",
        "restricted-level detail: the user namespace contains an unmasked /proc",
    ),
    (
        "workload-egress-not-isolated",
        "egress lockdown needs every destination listed (DNS, APIs, the API server); a hardening step for `--profile all`",
    ),
    (
        "workload-ingress-not-isolated",
        "a namespace default-deny isolates every workload, so only namespaces without one have workloads to report, and `namespace-default-deny-ingress-missing` already reports those once per namespace; this rule names each workload",
    ),
];

// ---------------------------------------------------------------------------------------------
// Pod Security Standards
// ---------------------------------------------------------------------------------------------

/// A level of the Pod Security Standards.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PssLevel {
    Baseline,
    Restricted,
}

/// One Pod Security Admission check (`k8s.io/pod-security-admission/policy/check_*.go`) and the
/// rules that implement it.
#[derive(Clone, Copy, Debug)]
pub struct PssCheck {
    /// The PSA check id (`hostNamespaces`, `capabilities_restricted`).
    pub id: &'static str,
    pub level: PssLevel,
    /// The rules whose findings together are exactly this check's verdict.
    pub rules: &'static [&'static str],
}

/// Every PSA check of policy v1.37 and its rules. A restricted check that overrides a baseline
/// one in PSA (`restrictedVolumes` over `hostPathVolumes`, `seccompProfile_restricted` over
/// `seccompProfile_baseline`, `capabilities_restricted` over `capabilities_baseline`,
/// `procMount_restricted` over `procMount`) lists the baseline check's rules too: at the
/// restricted level the baseline rules still run, and the restricted-only rules report only what
/// the baseline ones do not, so every violation gives one finding.
///
/// Known differences, all in pods that the API server rejects before admission: the restricted
/// level skips Windows pods (`spec.os.name: windows`) for capabilities and seccomp, but the
/// baseline rules that still run at that level report added capabilities and `Unconfined`
/// profiles on them (which API validation forbids on Windows pods anyway); and invalid
/// `seccompProfile` types on a container are rejected by PSA baseline but reported only at the
/// restricted level (`seccomp-profile-missing`).
pub const PSS_CHECKS: &[PssCheck] = &[
    // Baseline.
    PssCheck {
        id: "hostNamespaces",
        level: PssLevel::Baseline,
        rules: &["host-ipc", "host-network", "host-pid"],
    },
    PssCheck {
        id: "privileged",
        level: PssLevel::Baseline,
        rules: &["privileged-container"],
    },
    PssCheck {
        id: "capabilities_baseline",
        level: PssLevel::Baseline,
        rules: &["dangerous-capability-added", "sys-admin-capability"],
    },
    PssCheck {
        id: "hostPathVolumes",
        level: PssLevel::Baseline,
        rules: &[
            "container-runtime-socket",
            "host-path-volume",
            "sensitive-host-path",
        ],
    },
    PssCheck {
        id: "hostPorts",
        level: PssLevel::Baseline,
        rules: &["host-port"],
    },
    PssCheck {
        id: "hostProbesAndHostLifecycle",
        level: PssLevel::Baseline,
        rules: &["host-probe"],
    },
    PssCheck {
        id: "appArmorProfile",
        level: PssLevel::Baseline,
        rules: &["apparmor-unconfined"],
    },
    PssCheck {
        id: "seLinuxOptions",
        level: PssLevel::Baseline,
        rules: &["selinux-custom-options"],
    },
    PssCheck {
        id: "procMount",
        level: PssLevel::Baseline,
        rules: &["unmasked-proc-mount"],
    },
    PssCheck {
        id: "seccompProfile_baseline",
        level: PssLevel::Baseline,
        rules: &["seccomp-unconfined"],
    },
    PssCheck {
        id: "sysctls",
        level: PssLevel::Baseline,
        rules: &["unsafe-sysctls"],
    },
    PssCheck {
        id: "windowsHostProcess",
        level: PssLevel::Baseline,
        rules: &["windows-host-process"],
    },
    // Restricted.
    PssCheck {
        id: "restrictedVolumes",
        level: PssLevel::Restricted,
        rules: &[
            "container-runtime-socket",
            "host-path-volume",
            "restricted-volume-type",
            "sensitive-host-path",
        ],
    },
    PssCheck {
        id: "allowPrivilegeEscalation",
        level: PssLevel::Restricted,
        rules: &["privilege-escalation-allowed"],
    },
    PssCheck {
        id: "runAsNonRoot",
        level: PssLevel::Restricted,
        rules: &["run-as-non-root-not-set"],
    },
    PssCheck {
        id: "runAsUser",
        level: PssLevel::Restricted,
        rules: &["root-uid"],
    },
    PssCheck {
        id: "seccompProfile_restricted",
        level: PssLevel::Restricted,
        rules: &["seccomp-profile-missing", "seccomp-unconfined"],
    },
    PssCheck {
        id: "capabilities_restricted",
        level: PssLevel::Restricted,
        rules: &[
            "capabilities-not-dropped",
            "capability-added",
            "dangerous-capability-added",
            "sys-admin-capability",
        ],
    },
    PssCheck {
        id: "procMount_restricted",
        level: PssLevel::Restricted,
        rules: &["unmasked-proc-mount", "unmasked-proc-mount-user-namespace"],
    },
];

/// The PSA check with this id (case-insensitive: the conformance corpus lower-cases them).
pub fn pss_check(id: &str) -> Option<&'static PssCheck> {
    PSS_CHECKS.iter().find(|c| c.id.eq_ignore_ascii_case(id))
}

/// Rule ids of every check at `level` or below (restricted includes baseline).
fn pss_rule_ids(level: PssLevel) -> impl Iterator<Item = &'static str> {
    PSS_CHECKS
        .iter()
        .filter(move |c| c.level <= level)
        .flat_map(|c| c.rules.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn ids(profile: Profile) -> Vec<&'static str> {
        profile.rules().iter().map(|r| r.meta().id).collect()
    }

    #[test]
    fn every_listed_id_is_registered() {
        let listed = DEFAULT_RULES
            .iter()
            .chain(DEFAULT_EXCLUDED.iter().map(|(id, _)| id))
            .chain(PSS_CHECKS.iter().flat_map(|c| c.rules.iter()));
        for id in listed {
            assert!(find_rule(id).is_some(), "`{id}` is not a registered rule");
        }
    }

    #[test]
    fn every_rule_is_classified_for_the_default_profile() {
        let unclassified: Vec<&str> = RULES
            .iter()
            .map(|r| r.meta().id)
            .filter(|id| {
                !DEFAULT_RULES.contains(id) && !DEFAULT_EXCLUDED.iter().any(|(ex, _)| ex == id)
            })
            .collect();
        assert!(
            unclassified.is_empty(),
            "add these to DEFAULT_RULES or DEFAULT_EXCLUDED (with the reason): {unclassified:?}"
        );
    }

    #[test]
    fn default_lists_are_sorted_and_disjoint() {
        let mut sorted = DEFAULT_RULES.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(
            sorted, DEFAULT_RULES,
            "DEFAULT_RULES: sorted, no duplicates"
        );
        let excluded: Vec<&str> = DEFAULT_EXCLUDED.iter().map(|(id, _)| *id).collect();
        let mut sorted = excluded.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, excluded, "DEFAULT_EXCLUDED: sorted, no duplicates");
        for id in &excluded {
            assert!(!DEFAULT_RULES.contains(id), "`{id}` is both in and out");
        }
        assert!(DEFAULT_EXCLUDED.iter().all(|(_, why)| !why.is_empty()));
    }

    #[test]
    fn profiles_resolve() {
        assert_eq!(ids(Profile::Default).len(), DEFAULT_RULES.len());
        assert_eq!(ids(Profile::All).len(), RULES.len());
        let baseline: BTreeSet<_> = ids(Profile::PssBaseline).into_iter().collect();
        let restricted: BTreeSet<_> = ids(Profile::PssRestricted).into_iter().collect();
        assert!(baseline.is_subset(&restricted));
        assert!(baseline.contains("privileged-container"));
        assert!(!baseline.contains("run-as-non-root-not-set"));
        assert!(restricted.contains("run-as-non-root-not-set"));
        // Rules outside the standards are in no PSS profile.
        for id in [
            "writable-root-filesystem",
            "root-group",
            "root-user-allowed",
        ] {
            assert!(!restricted.contains(id), "{id}");
        }
        assert!(
            ids(Profile::Cis).iter().all(
                |id| find_rule(id).is_some_and(|r| r.meta().category == Category::ControlPlane)
            )
        );
    }

    #[test]
    fn every_pss_check_is_mapped_once() {
        let mut seen = BTreeSet::new();
        for check in PSS_CHECKS {
            assert!(seen.insert(check.id), "{} twice", check.id);
            assert!(!check.rules.is_empty(), "{} has no rules", check.id);
        }
        assert_eq!(
            seen.len(),
            19,
            "PSA v1.37 has 12 baseline and 7 restricted checks"
        );
        assert_eq!(
            pss_check("seccompprofile_baseline").map(|c| c.id),
            Some("seccompProfile_baseline")
        );
    }

    #[test]
    fn names_parse_and_unknown_ones_list_the_valid_ones() {
        for profile in Profile::ALL {
            assert_eq!(profile.name().parse::<Profile>(), Ok(profile));
        }
        assert_eq!(
            "PSS-Restricted".parse::<Profile>(),
            Ok(Profile::PssRestricted)
        );
        assert_eq!(
            "strict".parse::<Profile>(),
            Err("unknown profile `strict` (expected one of: default, all, pss-baseline, pss-restricted, cis)".to_string())
        );
    }
}
