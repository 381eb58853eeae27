//! Rules of the `reliability` category: replicas and disruption budgets, scheduling spread,
//! workload controller settings, and the resource settings that are about availability rather
//! than security.

pub mod cronjob_job_ttl_set;
pub mod cronjob_starting_deadline_missing;
pub mod deployment_recreate_strategy;
pub mod dns_ndots_missing;
pub mod duplicate_env_var;
pub mod ephemeral_storage_limit_missing;
pub mod ephemeral_storage_request_missing;
pub(crate) mod helpers;
pub mod hpa_min_equals_max;
pub mod hpa_min_replicas_too_low;
pub mod job_ttl_missing;
pub mod naked_pod;
pub mod node_affinity_missing;
pub mod pdb_allows_no_disruption;
pub mod pdb_budget_missing;
pub mod pdb_unhealthy_pod_eviction_policy_missing;
pub mod pod_anti_affinity_missing;
pub mod priority_class_name_missing;
pub mod requests_differ_from_limits;
pub mod resource_out_of_range;
pub mod restart_policy_invalid;
pub mod selector_label_mismatch;
pub mod statefulset_service_name_missing;
pub mod too_few_replicas;
pub mod topology_spread_constraints_missing;
