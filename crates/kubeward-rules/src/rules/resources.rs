//! Rules of the `resources` category.
