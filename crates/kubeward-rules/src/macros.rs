/// Declares a rule: its doc comment becomes `docs` (shown by `kubeward explain`), its fields the
/// [`kubeward_model::RuleMeta`], and `file!()` is recorded so tests can check id = file name.
///
/// ```text
/// declare_rule! {
///     /// ## What it checks
///     /// …
///     pub struct PrivilegedContainer {
///         id: "privileged-container",
///         title: "Container runs privileged",
///         severity: Severity::Critical,
///         category: Category::PodSecurity,
///         scope: Scope::PodSpec,
///         remediation: "…",
///         references: References { checkov: &["CKV_K8S_16"], ..References::NONE },
///     }
/// }
/// ```
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            $($field:ident : $value:expr),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $name;

        impl $name {
            pub const META: ::kubeward_model::RuleMeta = ::kubeward_model::RuleMeta {
                docs: concat!($($doc, "\n"),*),
                source_file: file!(),
                $($field: $value),*
            };
        }

        impl $crate::RuleMetadata for $name {
            fn meta(&self) -> &'static ::kubeward_model::RuleMeta {
                &Self::META
            }
        }
    };
}
