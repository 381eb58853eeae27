use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// OpenShift `SecurityContextConstraints` (`security.openshift.io/v1`) with
    /// `allowPrivilegedContainer: true` (any YAML 1.1 spelling of true). The message names the
    /// users and groups the constraints are granted to, when the object lists them.
    ///
    /// Other permissive SCC settings (host namespaces, `RunAsAny`, added capabilities) are not
    /// checked yet: OpenShift ships SCCs such as `anyuid` and `hostnetwork` that allow them on
    /// purpose, and privileged containers are the one setting no workload SCC should need.
    ///
    /// ## Why it matters
    /// On OpenShift, SCCs decide what pods may ask for. One that allows privileged containers
    /// lets every user, group or service account it is granted to run pods with every
    /// capability and the node's devices, which is root on the node. OpenShift's own
    /// `privileged` SCC exists for cluster components; a custom SCC that copies it widens that
    /// to applications.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: security.openshift.io/v1
    /// kind: SecurityContextConstraints
    /// metadata:
    ///   name: app-scc
    /// allowPrivilegedContainer: true
    /// runAsUser:
    ///   type: MustRunAsRange
    /// seLinuxContext:
    ///   type: MustRunAs
    /// users:
    ///   - system:serviceaccount:web:app
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: security.openshift.io/v1
    /// kind: SecurityContextConstraints
    /// metadata:
    ///   name: app-scc
    /// allowPrivilegedContainer: false
    /// requiredDropCapabilities: [ALL]
    /// runAsUser:
    ///   type: MustRunAsRange
    /// seLinuxContext:
    ///   type: MustRunAs
    /// users:
    ///   - system:serviceaccount:web:app
    /// ```
    ///
    /// ## References
    /// - OpenShift documentation, "Managing security context constraints"
    /// - kube-linter `scc-deny-privileged-container`
    pub struct SccPrivileged {
        id: "scc-privileged",
        title: "SecurityContextConstraints allow privileged containers",
        severity: Severity::High,
        category: Category::PodSecurity,
        scope: Scope::Kinds(&["SecurityContextConstraints"]),
        remediation: "Set `allowPrivilegedContainer: false`, grant only the specific capabilities the workload needs through `allowedCapabilities`, and leave privileged pods to OpenShift's own `privileged` SCC for cluster components.",
        references: References {
            kube_linter: &["scc-deny-privileged-container"],
            ..References::NONE
        },
    }
}

impl Rule for SccPrivileged {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let Some(node) = object
            .root
            .get("allowPrivilegedContainer")
            .filter(|n| n.is_true())
        else {
            return;
        };
        let name = object.id.name.as_deref().unwrap_or("<unnamed>");
        let mut subjects: Vec<String> = Vec::new();
        for field in ["users", "groups"] {
            let items = object.root.get(field).map(Node::items).unwrap_or(&[]);
            subjects.extend(
                items
                    .iter()
                    .filter_map(Node::as_str)
                    .map(|s| format!("`{s}`")),
            );
        }
        let message = if subjects.is_empty() {
            format!("SecurityContextConstraints `{name}` allow privileged containers")
        } else {
            format!(
                "SecurityContextConstraints `{name}` allow privileged containers for {}",
                subjects.join(", ")
            )
        };
        cx.report(node, message);
    }
}
