//! Shared logic of the pod-security rules.
