//! Every rule, in one greppable list sorted by id. Adding a rule: write its file, add it here
//! (tests check the list is sorted, complete and consistent with the files).

use crate::Rule;
use crate::rules::*;

pub static RULES: &[&dyn Rule] = &[
    &pod_security::capabilities_not_dropped::CapabilitiesNotDropped,
    &pod_security::container_runtime_socket::ContainerRuntimeSocket,
    &resources::cpu_limit_missing::CpuLimitMissing,
    &resources::cpu_request_missing::CpuRequestMissing,
    &pod_security::dangerous_capability_added::DangerousCapabilityAdded,
    &pod_security::host_ipc::HostIpc,
    &pod_security::host_network::HostNetwork,
    &pod_security::host_path_volume::HostPathVolume,
    &pod_security::host_pid::HostPid,
    &pod_security::host_port::HostPort,
    &images::image_latest_tag::ImageLatestTag,
    &images::image_not_pinned::ImageNotPinned,
    &resources::memory_limit_missing::MemoryLimitMissing,
    &resources::memory_request_missing::MemoryRequestMissing,
    &pod_security::net_raw_capability::NetRawCapability,
    &pod_security::privilege_escalation_allowed::PrivilegeEscalationAllowed,
    &pod_security::privileged_container::PrivilegedContainer,
    &pod_security::root_group::RootGroup,
    &pod_security::root_uid::RootUid,
    &pod_security::root_user_allowed::RootUserAllowed,
    &pod_security::seccomp_profile_missing::SeccompProfileMissing,
    &pod_security::seccomp_unconfined::SeccompUnconfined,
    &secrets::secret_in_env::SecretInEnv,
    &pod_security::sensitive_host_path::SensitiveHostPath,
    &secrets::service_account_token_automount::ServiceAccountTokenAutomount,
    &pod_security::sys_admin_capability::SysAdminCapability,
    &pod_security::writable_root_filesystem::WritableRootFilesystem,
];

/// Looks a rule up by id (exact, case-insensitive).
pub fn find_rule(id: &str) -> Option<&'static dyn Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.meta().id.eq_ignore_ascii_case(id))
}
