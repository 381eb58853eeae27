use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers, init containers and ephemeral containers whose own
    /// `securityContext.readOnlyRootFilesystem` is not `true` (not set, `false`, or not a
    /// boolean). The field exists only at container level; YAML 1.1 spellings such as `yes` and
    /// `on` count as `true`. Pods with `spec.os.name: windows` are skipped: the API server
    /// rejects the field on Windows pods.
    ///
    /// ## Why it matters
    /// A writable root filesystem lets an intruder drop tools, replace binaries or libraries of
    /// the running image and persist changes for the container's lifetime. With a read-only
    /// root, writes can only go to the volumes the manifest declares (`emptyDir` for `/tmp`,
    /// caches and the like), which are easy to review.
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
    ///       image: nginx:1.27
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
    ///       image: nginx:1.27
    ///       securityContext:
    ///         readOnlyRootFilesystem: true
    ///       volumeMounts:
    ///         - name: tmp
    ///           mountPath: /tmp
    ///   volumes:
    ///     - name: tmp
    ///       emptyDir: {}
    /// ```
    ///
    /// ## References
    /// - NSA/CISA Kubernetes Hardening Guide, "Pod security" (immutable container file systems)
    pub struct WritableRootFilesystem {
        id: "writable-root-filesystem",
        title: "Container root filesystem is writable",
        severity: Severity::Medium,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Set `securityContext.readOnlyRootFilesystem: true` and mount an `emptyDir` volume wherever the application must write.",
        references: References {
            kube_linter: &["no-read-only-root-fs"],
            polaris: &["notReadOnlyRootFilesystem"],
            kubesec: &["ReadOnlyRootFilesystem"],
            kube_score: &["container-security-context-readonlyrootfilesystem"],
            checkov: &["CKV_K8S_22"],
            trivy: &["KSV-0014"],
            nsa: &["Pod security: non-root, immutable, privileged"],
            ..References::NONE
        },
    }
}

impl Rule for WritableRootFilesystem {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if pod.is_windows() {
            return;
        }
        for c in pod.containers() {
            match c.own_security("readOnlyRootFilesystem") {
                Some(node) if node.is_true() => {}
                Some(node) => cx.report_container(
                    &c,
                    node,
                    format!(
                        "{} has a writable root filesystem: `readOnlyRootFilesystem` is not true",
                        c.describe()
                    ),
                ),
                None => cx.report_container(
                    &c,
                    c.node,
                    format!(
                        "{} has a writable root filesystem: `readOnlyRootFilesystem: true` is not set",
                        c.describe()
                    ),
                ),
            }
        }
    }
}
