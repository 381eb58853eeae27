//! Rules of the `control-plane` category: CIS Benchmark flag checks of the control-plane static
//! pods (kube-apiserver, kube-controller-manager, kube-scheduler, etcd) and of KubeletConfiguration
//! files. They run in the `cis` and `all` profiles only (see `crate::profiles::DEFAULT_EXCLUDED`).
//!
//! Not covered, by design: the file permission and ownership checks of the CIS Benchmark (1.1.x,
//! 4.1.x; Trivy KCV-0048 to KCV-0078), which need access to the node rather than to manifests; and
//! the kubelet `--hostname-override` check (CIS 4.2.8; Checkov CKV_K8S_146, Trivy KCV-0086), a
//! command-line flag with no KubeletConfiguration field.

pub mod apiserver_admission_plugin_disabled;
pub mod apiserver_admission_plugin_missing;
pub mod apiserver_always_admit;
pub mod apiserver_anonymous_auth;
pub mod apiserver_audit_log_not_configured;
pub mod apiserver_authorization_always_allow;
pub mod apiserver_authorization_mode_incomplete;
pub mod apiserver_basic_auth_file;
pub mod apiserver_client_ca_missing;
pub mod apiserver_encryption_provider_config_missing;
pub mod apiserver_etcd_tls_missing;
pub mod apiserver_insecure_port;
pub mod apiserver_kubelet_certificate_authority_missing;
pub mod apiserver_kubelet_client_cert_missing;
pub mod apiserver_kubelet_https_disabled;
pub mod apiserver_request_timeout_disabled;
pub mod apiserver_secure_port_disabled;
pub mod apiserver_service_account_key_file_missing;
pub mod apiserver_service_account_lookup_disabled;
pub mod apiserver_tls_cert_missing;
pub mod apiserver_token_auth_file;
pub mod apiserver_weak_tls_cipher_suites;
pub mod control_plane_bind_address_exposed;
pub mod control_plane_profiling_enabled;
pub mod controller_manager_root_ca_missing;
pub mod controller_manager_service_account_credentials_disabled;
pub mod controller_manager_service_account_private_key_missing;
pub mod controller_manager_terminated_pod_gc_threshold_missing;
pub mod etcd_auto_tls;
pub mod etcd_client_cert_auth_disabled;
pub mod etcd_peer_client_cert_auth_disabled;
pub mod etcd_peer_tls_missing;
pub mod etcd_tls_missing;
mod helpers;
pub mod kubelet_anonymous_auth;
pub mod kubelet_authorization_always_allow;
pub mod kubelet_certificate_rotation_disabled;
pub mod kubelet_client_ca_missing;
pub mod kubelet_event_record_qps_invalid;
pub mod kubelet_iptables_util_chains_disabled;
pub mod kubelet_protect_kernel_defaults_disabled;
pub mod kubelet_read_only_port;
pub mod kubelet_server_certificate_rotation_disabled;
pub mod kubelet_streaming_connection_idle_timeout_disabled;
pub mod kubelet_tls_cert_missing;
pub mod kubelet_weak_tls_cipher_suites;
