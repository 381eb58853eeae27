//! Security context, capabilities, host namespaces and host paths: the ground the Pod Security
//! Standards cover.

pub mod capabilities_not_dropped;
pub mod container_runtime_socket;
pub mod dangerous_capability_added;
mod helpers;
pub mod host_ipc;
pub mod host_network;
pub mod host_path_volume;
pub mod host_pid;
pub mod host_port;
pub mod net_raw_capability;
pub mod privilege_escalation_allowed;
pub mod privileged_container;
pub mod root_group;
pub mod root_uid;
pub mod root_user_allowed;
pub mod seccomp_profile_missing;
pub mod seccomp_unconfined;
pub mod sensitive_host_path;
pub mod sys_admin_capability;
pub mod writable_root_filesystem;
