//! Cross-resource RBAC rules (category `rbac`): what Roles, ClusterRoles and their bindings
//! grant, judged on effective permissions (`kubeward_graph::rbac`): built-in roles known,
//! aggregation resolved, bindings reported at the subject that gets the permission.

mod helpers;
pub mod rbac_anonymous_binding;
pub mod rbac_aws_auth;
pub mod rbac_bind_escalate;
pub mod rbac_cluster_admin_binding;
pub mod rbac_configmap_manage;
pub mod rbac_csr_approval;
pub mod rbac_default_service_account_binding;
pub mod rbac_delete_pod_logs;
pub mod rbac_escalation_via_pod_create;
pub mod rbac_impersonate;
pub mod rbac_network_manage;
pub mod rbac_nodes_proxy;
pub mod rbac_pod_create;
pub mod rbac_pod_exec_attach;
pub mod rbac_secrets_access;
pub mod rbac_services_status;
pub mod rbac_system_masters_binding;
pub mod rbac_unknown_role;
pub mod rbac_webhook_config_access;
pub mod rbac_wildcard;
