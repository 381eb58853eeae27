//! kubeward's object model. See the crate README.

pub mod finding;
pub mod input;
pub mod node;
pub mod object;
pub mod podspec;
pub mod rule_meta;

pub use finding::{Finding, sort_findings};
pub use input::{InputError, Skipped};
pub use node::{Entry, Located, Node, NodeKind, Pos, Scalar, Span};
pub use object::{Object, ObjectRef, Origin, Site};
pub use podspec::{ContainerKind, ContainerView, Effective, Level, PodSpecView};
pub use rule_meta::{Category, DOCKERFILE_KIND, References, RuleMeta, Scope, Severity};
