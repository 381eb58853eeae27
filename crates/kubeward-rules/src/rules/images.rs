//! Rules of the `images` category: how container images are referenced.

mod helpers;
pub mod image_latest_tag;
pub mod image_not_pinned;
