//! Rules of the `api-versions` category: deprecated and removed Kubernetes API versions.

pub mod deprecated_api_version;
mod helpers;
pub mod removed_api_version;
