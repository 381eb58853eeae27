use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Objects carrying an annotation listed in `settings.forbidden-annotations`: exact keys,
    /// or prefixes ending in `*` (`example.com/*`). The list is empty by default, and the rule
    /// then finds nothing.
    ///
    /// ```text
    /// settings:
    ///   forbidden-annotations:
    ///     - kubernetes.io/ingress.class   # use spec.ingressClassName
    ///     - legacy.example.com/*
    /// ```
    ///
    /// ## Why it matters
    /// Some annotations are switches with effects a platform team wants to control: they turn
    /// off a controller's safety behaviour, select a deprecated feature, or are reserved for
    /// automation. Forbidding them in CI stops them before admission does.
    ///
    /// ## Bad
    /// ```yaml
    /// # kubeward-settings: {"forbidden-annotations": ["kubernetes.io/ingress.class"]}
    /// apiVersion: networking.k8s.io/v1
    /// kind: Ingress
    /// metadata:
    ///   name: web
    ///   annotations:
    ///     kubernetes.io/ingress.class: nginx
    /// spec:
    ///   defaultBackend:
    ///     service: {name: web, port: {number: 80}}
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// # kubeward-settings: {"forbidden-annotations": ["kubernetes.io/ingress.class"]}
    /// apiVersion: networking.k8s.io/v1
    /// kind: Ingress
    /// metadata:
    ///   name: web
    /// spec:
    ///   ingressClassName: nginx
    ///   defaultBackend:
    ///     service: {name: web, port: {number: 80}}
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Annotations"
    pub struct ForbiddenAnnotation {
        id: "forbidden-annotation",
        title: "Object carries a forbidden annotation",
        severity: Severity::Info,
        category: Category::Metadata,
        scope: Scope::AnyObject,
        remediation: "Remove the annotation (the list is `settings.forbidden-annotations`).",
        references: References::NONE,
    }
}

fn forbidden(pattern: &str, key: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => key.starts_with(prefix),
        None => key == pattern,
    }
}

impl Rule for ForbiddenAnnotation {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let patterns = &cx.settings().forbidden_annotations;
        if patterns.is_empty() {
            return;
        }
        for entry in object.annotations().entries() {
            let key = entry.key_str();
            if let Some(pattern) = patterns.iter().find(|p| forbidden(p, key)) {
                let why = if pattern == key {
                    String::new()
                } else {
                    format!(" (matches `{pattern}`)")
                };
                cx.report(
                    &entry.value,
                    format!(
                        "{} has the forbidden annotation `{key}`{why}",
                        object.kind()
                    ),
                );
            }
        }
    }
}
