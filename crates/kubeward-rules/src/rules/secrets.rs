//! Rules of the `secrets` category: how workloads get at Secrets and credentials.

pub mod cloud_metadata_address;
pub mod hard_coded_ip;
mod helpers;
pub mod plain_http_url;
pub mod secret_in_annotation;
pub mod secret_in_configmap;
pub mod secret_in_env;
pub mod secret_in_env_value;
pub mod secret_manifest_committed;
pub mod service_account_token_automount;
