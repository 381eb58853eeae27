//! Rules of the `secrets` category: how workloads get at Secrets and credentials.

pub mod secret_in_env;
pub mod service_account_token_automount;
