//! Rules of the `images` category: how container images are referenced.

pub(crate) mod helpers;
pub mod image_latest_tag;
pub mod image_not_pinned;
pub mod image_pull_policy_not_always;
pub mod untrusted_registry;
