//! The rule engine: the [`Rule`] trait, the [`registry`] of every rule, and the [`Engine`] that
//! runs a selection of rules over objects and returns findings.
//!
//! Rules are infallible and pure: they read a [`kubeward_model::Object`] (or its pod-spec view)
//! and report through a [`RuleContext`]. This crate does not depend on the loader or on any
//! reporter, so "rules never parse, reporters never re-evaluate" is checked by the compiler.

mod context;
mod engine;
#[macro_use]
mod macros;
pub mod profiles;
pub mod registry;
mod rule;
pub mod rules;
mod secret_detect;
mod selection;
pub mod settings;
pub mod suppress;

pub use context::{
    DockerfileContext, GraphContext, GraphFinding, Report, RuleContext, dockerfile_object_ref,
};
pub use engine::Engine;
pub use profiles::Profile;
pub use registry::{RULES, find_rule};
pub use rule::{Rule, RuleMetadata};
pub use selection::{Selection, SelectionError};
pub use settings::{KubeVersion, LabelFormat, Settings};
