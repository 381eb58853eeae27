//! One rule per file, grouped by category. Every rule is also listed in `crate::registry::RULES`.

pub mod images;
pub mod pod_security;
pub mod resources;
pub mod secrets;
