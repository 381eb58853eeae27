//! Rules of the `resources` category: CPU and memory requests and limits.

pub mod cpu_limit_missing;
pub mod cpu_request_missing;
mod helpers;
pub mod memory_limit_missing;
pub mod memory_request_missing;
