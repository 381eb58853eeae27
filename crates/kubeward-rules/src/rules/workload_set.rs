//! Cross-resource rules about how workloads, their disruption budgets, autoscalers, governing
//! Services and their namespaces' resource policies fit together (categories `reliability` and
//! `resources`). They run on the graph of all loaded objects: a PDB, an HPA or a LimitRange is
//! usually a separate document, often a separate file, from the workload it governs.

pub(crate) mod helpers;
pub mod hpa_target_sets_replicas;
pub mod namespace_limitrange_missing;
pub mod namespace_resourcequota_missing;
pub mod pdb_min_available_exceeds_hpa_min;
pub mod pdb_missing;
pub mod priority_class_not_found;
pub mod statefulset_service_not_headless;
