use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers (and init and ephemeral containers) whose `env` list names the same variable
    /// more than once. Each repeat is reported at its `name`. Variables that `envFrom` also
    /// supplies are not duplicates: an explicit `env` entry is the documented way to override
    /// them.
    ///
    /// ## Why it matters
    /// The last definition silently wins (the API server only warns that it "hides previous
    /// definition"), so the earlier one, often the one a reviewer reads, has no effect. This
    /// usually comes from merging values files or patches, and the surviving value depends on
    /// their order.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27.3
    ///       env:
    ///         - {name: LOG_LEVEL, value: info}
    ///         - {name: LOG_LEVEL, value: debug}
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27.3
    ///       env:
    ///         - {name: LOG_LEVEL, value: debug}
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Define Environment Variables for a Container"
    pub struct DuplicateEnvVar {
        id: "duplicate-env-var",
        title: "Container defines the same environment variable twice",
        severity: Severity::Low,
        category: Category::Reliability,
        scope: Scope::PodSpec,
        remediation: "Keep one `env` entry per variable name, with the value you mean.",
        references: References {
            kube_linter: &["duplicate-env-var"],
            kube_score: &["environment-variable-key-duplication"],
            ..References::NONE
        },
    }
}

impl Rule for DuplicateEnvVar {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        for c in pod.containers() {
            let mut seen: Vec<&str> = Vec::new();
            for name_node in c.env().iter().filter_map(|e| e.get("name")) {
                let Some(name) = name_node.text() else {
                    continue;
                };
                if seen.contains(&name) {
                    cx.report_container(
                        &c,
                        name_node,
                        format!(
                            "{} defines env var `{name}` more than once; the last definition wins",
                            c.describe()
                        ),
                    );
                } else {
                    seen.push(name);
                }
            }
        }
    }
}
