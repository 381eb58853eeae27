//! One view over the pod spec of every workload kind.
//!
//! Workload rules are written once against [`PodSpecView`] and [`ContainerView`]; where the pod
//! spec sits (`spec`, `spec.template.spec`, `spec.jobTemplate.spec.template.spec`, `template.spec`)
//! is this module's business only.

use crate::node::Node;
use crate::object::Object;

/// Kinds whose objects carry a pod spec, and where it is.
pub const WORKLOAD_KINDS: &[(&str, &[&str])] = &[
    ("Pod", &["spec"]),
    ("Deployment", &["spec", "template", "spec"]),
    ("StatefulSet", &["spec", "template", "spec"]),
    ("DaemonSet", &["spec", "template", "spec"]),
    ("ReplicaSet", &["spec", "template", "spec"]),
    ("ReplicationController", &["spec", "template", "spec"]),
    ("Job", &["spec", "template", "spec"]),
    (
        "CronJob",
        &["spec", "jobTemplate", "spec", "template", "spec"],
    ),
    ("PodTemplate", &["template", "spec"]),
];

/// The path to the pod spec for a workload kind, or `None` for other kinds.
pub fn pod_spec_path(kind: &str) -> Option<&'static [&'static str]> {
    WORKLOAD_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, path)| *path)
}

/// Security-context fields that a container inherits from the pod when it does not set them
/// (`PodSecurityContext` fields that are also in `SecurityContext`).
pub const INHERITED_FIELDS: &[&str] = &[
    "runAsUser",
    "runAsGroup",
    "runAsNonRoot",
    "seLinuxOptions",
    "seccompProfile",
    "appArmorProfile",
    "windowsOptions",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContainerKind {
    Container,
    Init,
    Ephemeral,
}

impl ContainerKind {
    pub fn field(self) -> &'static str {
        match self {
            ContainerKind::Container => "containers",
            ContainerKind::Init => "initContainers",
            ContainerKind::Ephemeral => "ephemeralContainers",
        }
    }

    /// Used in messages: "container `app`", "init container `setup`".
    pub fn noun(self) -> &'static str {
        match self {
            ContainerKind::Container => "container",
            ContainerKind::Init => "init container",
            ContainerKind::Ephemeral => "ephemeral container",
        }
    }
}

/// The pod spec of a workload object.
#[derive(Clone, Copy, Debug)]
pub struct PodSpecView<'a> {
    pub object: &'a Object,
    /// The pod spec mapping itself.
    pub spec: &'a Node,
    /// The pod template's (or Pod's) metadata, when present.
    pub pod_metadata: Option<&'a Node>,
}

impl<'a> PodSpecView<'a> {
    /// The view for a workload object; `None` for other kinds or when the spec is absent.
    pub fn of(object: &'a Object) -> Option<Self> {
        let path = pod_spec_path(object.kind())?;
        let spec = object.root.path(path)?;
        if !spec.is_map() {
            return None;
        }
        let meta_path = &path[..path.len() - 1];
        let pod_metadata = object
            .root
            .path(meta_path)
            .and_then(|parent| parent.get("metadata"));
        Some(PodSpecView {
            object,
            spec,
            pod_metadata,
        })
    }

    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.spec.get(key)
    }

    /// The pod-level `securityContext`, when set.
    pub fn security_context(&self) -> Option<&'a Node> {
        self.spec.get("securityContext")
    }

    /// A pod-level security-context field.
    pub fn pod_security(&self, field: &str) -> Option<&'a Node> {
        self.security_context().and_then(|sc| sc.get(field))
    }

    /// Annotations of the pod (the template's for controllers).
    pub fn annotation(&self, key: &str) -> Option<&'a str> {
        self.pod_metadata
            .and_then(|m| m.path(&["annotations", key]))
            .and_then(Node::as_str)
    }

    /// `containers`, then `initContainers`, then `ephemeralContainers`.
    pub fn containers(&self) -> impl Iterator<Item = ContainerView<'a>> + '_ {
        let pod = *self;
        [
            ContainerKind::Container,
            ContainerKind::Init,
            ContainerKind::Ephemeral,
        ]
        .into_iter()
        .flat_map(move |kind| {
            pod.spec
                .get(kind.field())
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
                .filter(|(_, node)| node.is_map())
                .map(move |(index, node)| ContainerView {
                    pod,
                    kind,
                    index,
                    node,
                })
        })
    }

    /// The `volumes` list.
    pub fn volumes(&self) -> &'a [Node] {
        self.spec.get("volumes").map(Node::items).unwrap_or(&[])
    }

    /// Whether the pod is declared to run on Windows (`spec.os.name: windows`).
    pub fn is_windows(&self) -> bool {
        self.spec.path(&["os", "name"]).and_then(Node::as_str) == Some("windows")
    }
}

/// Which level a security-context value was found at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Pod,
    Container,
}

/// A security-context value as the kubelet resolves it for one container.
#[derive(Clone, Copy, Debug)]
pub struct Effective<'a> {
    pub node: &'a Node,
    pub level: Level,
}

/// One container (or init / ephemeral container) of a pod spec.
#[derive(Clone, Copy, Debug)]
pub struct ContainerView<'a> {
    pub pod: PodSpecView<'a>,
    pub kind: ContainerKind,
    pub index: usize,
    /// The container mapping.
    pub node: &'a Node,
}

impl<'a> ContainerView<'a> {
    pub fn name(&self) -> &'a str {
        self.node.get("name").and_then(Node::as_str).unwrap_or("")
    }

    /// "container `app`", "init container `setup`".
    pub fn describe(&self) -> String {
        format!("{} `{}`", self.kind.noun(), self.name())
    }

    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.node.get(key)
    }

    pub fn image(&self) -> Option<&'a Node> {
        self.node.get("image")
    }

    pub fn security_context(&self) -> Option<&'a Node> {
        self.node.get("securityContext")
    }

    /// A field of the container's own `securityContext`, ignoring the pod.
    pub fn own_security(&self, field: &str) -> Option<&'a Node> {
        self.security_context().and_then(|sc| sc.get(field))
    }

    /// A security-context field as it applies to this container: the container's own value,
    /// else the pod's for the fields Kubernetes inherits (see [`INHERITED_FIELDS`]).
    pub fn effective_security(&self, field: &str) -> Option<Effective<'a>> {
        if let Some(node) = self.own_security(field)
            && !node.is_null()
        {
            return Some(Effective {
                node,
                level: Level::Container,
            });
        }
        if INHERITED_FIELDS.contains(&field)
            && let Some(node) = self.pod.pod_security(field)
            && !node.is_null()
        {
            return Some(Effective {
                node,
                level: Level::Pod,
            });
        }
        None
    }

    /// `securityContext.capabilities.<list>` (`add` or `drop`) as (node, name) pairs.
    pub fn capabilities(&self, list: &str) -> impl Iterator<Item = (&'a Node, &'a str)> {
        self.own_security("capabilities")
            .and_then(|caps| caps.get(list))
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .filter_map(|n| n.as_str().map(|s| (n, s)))
    }

    /// Resource quantity node `resources.<section>.<name>` (section: `requests`/`limits`).
    pub fn resource(&self, section: &str, name: &str) -> Option<&'a Node> {
        self.node
            .path(&["resources", section, name])
            .filter(|n| !n.is_null())
    }

    /// The `ports` list.
    pub fn ports(&self) -> &'a [Node] {
        self.node.get("ports").map(Node::items).unwrap_or(&[])
    }

    /// The `env` list.
    pub fn env(&self) -> &'a [Node] {
        self.node.get("env").map(Node::items).unwrap_or(&[])
    }
}
