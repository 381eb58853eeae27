//! Cross-resource rules about what is exposed and what objects point at (category `network`):
//! Services, Ingresses and their targets. They run on the graph of all loaded objects.

pub mod service_selects_nothing;
