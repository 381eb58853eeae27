//! A Kubernetes object, whatever it was read from.

use crate::node::{Node, Pos, Span};
use serde::Serialize;
use std::sync::Arc;

/// Where an object came from. Rules never look at this; reporters and the engine do.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// A file (or `-` for standard input), as the user named it.
    File(Arc<str>),
    /// The object of an AdmissionReview request (its uid).
    Admission(Arc<str>),
    /// An object listed from a live cluster (the cluster/context name).
    Cluster(Arc<str>),
}

impl Origin {
    /// The name used as `path` in findings.
    pub fn path(&self) -> &str {
        match self {
            Origin::File(p) | Origin::Admission(p) | Origin::Cluster(p) => p,
        }
    }
}

/// The identity of an object as findings report it. Every finding carries its object's
/// identity, so the parts are shared (`Arc<str>`) rather than copied per finding.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ObjectRef {
    #[serde(rename = "apiVersion")]
    pub api_version: Arc<str>,
    pub kind: Arc<str>,
    pub namespace: Option<Arc<str>>,
    pub name: Option<Arc<str>>,
}

impl ObjectRef {
    /// `Deployment/web` or `Deployment/prod/web`.
    pub fn display_name(&self) -> String {
        let name = self.name.as_deref().unwrap_or("<unnamed>");
        match &self.namespace {
            Some(ns) => format!("{}/{}/{}", self.kind, ns, name),
            None => format!("{}/{}", self.kind, name),
        }
    }
}

/// One Kubernetes object: its identity, its metadata and the whole tree with spans.
#[derive(Clone, Debug)]
pub struct Object {
    pub origin: Origin,
    /// 0-based index of the YAML/JSON document in its source (List items share their List's).
    pub document: usize,
    pub id: ObjectRef,
    /// The whole object (`apiVersion`, `kind`, `metadata`, `spec`, …).
    pub root: Node,
}

impl Object {
    /// Builds an object from a tree. Returns `None` when the tree is not a mapping with a string
    /// `apiVersion` and `kind`, i.e. is not a Kubernetes object.
    pub fn from_node(origin: Origin, document: usize, root: Node) -> Option<Object> {
        let api_version: Arc<str> = Arc::from(root.get("apiVersion")?.as_str()?);
        let kind: Arc<str> = Arc::from(root.get("kind")?.as_str()?);
        if api_version.is_empty() || kind.is_empty() {
            return None;
        }
        let meta = root.get("metadata");
        let text = |key: &str| {
            meta.and_then(|m| m.get(key))
                .and_then(Node::as_str)
                .map(Arc::from)
        };
        let id = ObjectRef {
            api_version,
            kind,
            namespace: text("namespace"),
            name: text("name").or_else(|| text("generateName")),
        };
        Some(Object {
            origin,
            document,
            id,
            root,
        })
    }

    pub fn kind(&self) -> &str {
        &self.id.kind
    }

    /// The API group without version (`apps` for `apps/v1`, `` for `v1`).
    pub fn group(&self) -> &str {
        match self.id.api_version.rsplit_once('/') {
            Some((group, _)) => group,
            None => "",
        }
    }

    pub fn metadata(&self) -> &Node {
        self.root.get("metadata").unwrap_or(Node::empty())
    }

    pub fn labels(&self) -> &Node {
        self.metadata().get("labels").unwrap_or(Node::empty())
    }

    pub fn annotations(&self) -> &Node {
        self.metadata().get("annotations").unwrap_or(Node::empty())
    }

    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations().get(key).and_then(Node::as_str)
    }

    /// Where the object starts: the position used when a finding has no better field.
    pub fn start(&self) -> Pos {
        self.root.start()
    }

    /// Where a finding about `at` (a node of this object's tree) points: the field's span (from
    /// its key to the end of its value) and path, or the object's span when the node has no
    /// position (AdmissionReview, cluster objects). Worked out once, it can be kept without
    /// the tree.
    pub fn site(&self, at: &Node) -> Site {
        let located = self.root.locate(at);
        let field_span = located
            .as_ref()
            .and_then(|l| l.field_span)
            .unwrap_or(at.span);
        let span = if field_span.start.is_known() || !self.root.span.start.is_known() {
            field_span
        } else {
            self.root.span
        };
        Site {
            span,
            field: located.map(|l| l.path).filter(|p| !p.is_empty()),
        }
    }

    /// `kind` is a `List` wrapper (`List`, `PodList`, …): such objects are expanded by the
    /// loader and never reach rules.
    pub fn is_list_kind(kind: &str) -> bool {
        kind == "List" || (kind.ends_with("List") && kind.len() > 4)
    }
}

/// Where a finding points in its object ([`Object::site`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    pub span: Span,
    /// The field's path (`spec.containers[0].securityContext.privileged`); `None` for the
    /// object itself.
    pub field: Option<String>,
}
