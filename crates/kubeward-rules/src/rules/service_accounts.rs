//! Rules about service accounts and API access (categories `rbac` and `pod-security`): which
//! identity pods run as, and components known to hand out cluster access (Tiller, the
//! Dashboard, git-sync's command options).

pub mod default_service_account;
pub mod deprecated_service_account_field;
pub mod git_sync_unsafe;
mod helpers;
pub mod kubernetes_dashboard;
pub mod tiller;
