//! Rules of the `images` category.
