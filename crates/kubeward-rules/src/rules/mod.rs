//! One rule per file, grouped by category. Every rule is also listed in `crate::registry::RULES`.

pub mod api_versions;
pub mod control_plane;
pub mod dockerfile;
pub mod exposure;
pub mod images;
pub mod metadata;
pub mod network;
pub mod pod_security;
pub mod probes;
pub mod rbac;
pub mod reliability;
pub mod resources;
pub mod secrets;
pub mod service_accounts;
pub mod workload_set;
