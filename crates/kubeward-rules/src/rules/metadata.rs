//! Rules of the `metadata` category: namespaces, labels and annotations.

pub mod default_namespace;
pub mod forbidden_annotation;
mod helpers;
pub mod instance_label_mismatch;
pub mod invalid_label;
pub mod kube_system_workload;
pub mod required_annotation_missing;
pub mod required_label_missing;
