//! Security context, capabilities, host namespaces and host paths: the ground the Pod Security
//! Standards cover.

mod helpers;
pub mod privileged_container;
