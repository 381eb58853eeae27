//! Rules of the probes area (category `reliability`): liveness, readiness and startup probes.

mod helpers;
pub mod liveness_probe_missing;
pub mod probe_port_not_exposed;
pub mod probes_identical;
pub mod readiness_probe_missing;
