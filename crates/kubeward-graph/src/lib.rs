//! One graph of every loaded object, for the analyses no single-object rule can do:
//! NetworkPolicy reachability, effective RBAC, exposure and dangling references.
//!
//! The graph is built from [`Object`]s, whatever filled them (files, AdmissionReviews, a live
//! cluster), so the same analysis gives the same verdict everywhere. It owns the objects
//! (`Arc`, shared with the scan pipeline) and indexes them; analyses report findings against an
//! [`ObjId`] and a node of that object's tree, so locations stay exact.
//!
//! Objects without `metadata.namespace` are placed in `default`, as `kubectl apply` without
//! `-n` would; Helm and Kustomize output usually names one namespace for all of them anyway.

pub mod exposure;
pub mod netpol;
pub mod rbac;
pub mod selector;

use kubeward_model::{ContainerKind, Node, Object, PodSpecView};
use selector::{Labels, string_map};
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// Index of an object in [`Graph::objects`].
pub type ObjId = usize;

/// The namespace objects without one are placed in.
pub const DEFAULT_NAMESPACE: &str = "default";

/// The label the API server sets on every Namespace (Kubernetes 1.21+).
pub const NAMESPACE_NAME_LABEL: &str = "kubernetes.io/metadata.name";

/// Kinds that are not namespaced (their `metadata.namespace`, if written, is ignored).
const CLUSTER_SCOPED: &[&str] = &[
    "APIService",
    "CertificateSigningRequest",
    "ClusterIssuer",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "IngressClass",
    "MutatingWebhookConfiguration",
    "Namespace",
    "Node",
    "PersistentVolume",
    "PodSecurityPolicy",
    "PriorityClass",
    "RuntimeClass",
    "StorageClass",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "ValidatingWebhookConfiguration",
    "VolumeAttachment",
];

pub fn is_cluster_scoped(kind: &str) -> bool {
    CLUSTER_SCOPED.contains(&kind)
}

/// A namespace, declared by a `Namespace` object or implied by the objects in it.
#[derive(Clone, Debug)]
pub struct Namespace {
    pub name: String,
    /// The `Namespace` object, when one was loaded.
    pub object: Option<ObjId>,
    /// Its labels, with the automatic `kubernetes.io/metadata.name`.
    pub labels: Labels,
}

/// A container port of a workload's pod template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerPort {
    pub container: String,
    /// The port's `name`, used by named NetworkPolicy and Service target ports.
    pub name: Option<String>,
    pub port: u16,
    /// `TCP`, `UDP` or `SCTP` (default `TCP`).
    pub protocol: String,
}

/// An object that runs pods (any kind the pod-spec view knows), as the network sees it.
#[derive(Clone, Debug)]
pub struct Workload {
    pub object: ObjId,
    pub namespace: String,
    pub kind: String,
    pub name: String,
    /// The labels its pods get (the pod template's, or a Pod's own).
    pub pod_labels: Labels,
    pub ports: Vec<ContainerPort>,
    /// `spec.serviceAccountName` (or the deprecated `serviceAccount`), else `default`.
    pub service_account: String,
    pub host_network: bool,
}

impl Workload {
    /// `<namespace>/<Kind>/<name>`, the node name the netpol matrix uses.
    pub fn key(&self) -> String {
        format!("{}/{}/{}", self.namespace, self.kind, self.name)
    }
}

/// Every loaded object, indexed.
#[derive(Debug, Default)]
pub struct Graph {
    objects: Vec<Arc<Object>>,
    namespaces: BTreeMap<String, Namespace>,
    workloads: Vec<Workload>,
    by_kind: BTreeMap<String, Vec<ObjId>>,
    /// The RBAC model, built on first use: every RBAC rule of a scan shares one.
    rbac: OnceLock<rbac::Rbac>,
    /// The NetworkPolicies, parsed, and which workloads they select and isolate.
    netpol: OnceLock<netpol::Selection>,
}

impl Graph {
    /// Builds the graph. Objects are put in a deterministic order (source path, then document,
    /// then identity), so analyses that walk them report in the same order every run.
    pub fn build(mut objects: Vec<Arc<Object>>) -> Graph {
        objects.retain(|o| !Object::is_list_kind(o.kind()));
        objects.sort_by(|a, b| {
            (a.origin.path(), a.document, a.start(), &a.id).cmp(&(
                b.origin.path(),
                b.document,
                b.start(),
                &b.id,
            ))
        });
        let mut graph = Graph {
            objects,
            ..Graph::default()
        };
        for id in 0..graph.objects.len() {
            let object = graph.objects[id].clone();
            graph
                .by_kind
                .entry(object.kind().to_string())
                .or_default()
                .push(id);
            if object.kind() == "Namespace" {
                if let Some(name) = object.id.name.as_deref().map(str::to_string) {
                    let mut labels = string_map(Some(object.labels()));
                    labels.insert(NAMESPACE_NAME_LABEL.to_string(), name.clone());
                    // The first declaration wins; a duplicate is the loader's business.
                    let entry = graph.namespaces.entry(name.clone()).or_insert(Namespace {
                        name,
                        object: None,
                        labels: Labels::new(),
                    });
                    if entry.object.is_none() {
                        entry.object = Some(id);
                        entry.labels = labels;
                    }
                }
                continue;
            }
            if let Some(ns) = graph.namespace_of(id).map(str::to_string) {
                graph.imply_namespace(&ns);
            }
            if let Some(pod) = PodSpecView::of(&object) {
                let workload = workload_of(id, &object, &pod, graph.namespace_of(id));
                graph.workloads.push(workload);
            }
        }
        graph
    }

    fn imply_namespace(&mut self, name: &str) {
        if !self.namespaces.contains_key(name) {
            let mut labels = Labels::new();
            labels.insert(NAMESPACE_NAME_LABEL.to_string(), name.to_string());
            self.namespaces.insert(
                name.to_string(),
                Namespace {
                    name: name.to_string(),
                    object: None,
                    labels,
                },
            );
        }
    }

    /// The effective-permission model of the graph's RBAC objects, built once per graph (the
    /// analyses are pure functions of the graph, so sharing the result changes no verdict).
    pub fn rbac(&self) -> &rbac::Rbac {
        self.rbac.get_or_init(|| rbac::Rbac::build(self))
    }

    /// The graph's NetworkPolicies with what they select and isolate, computed once per graph.
    pub fn netpol(&self) -> &netpol::Selection {
        self.netpol.get_or_init(|| netpol::Selection::compute(self))
    }

    pub fn objects(&self) -> &[Arc<Object>] {
        &self.objects
    }

    pub fn object(&self, id: ObjId) -> &Object {
        &self.objects[id]
    }

    /// The ids of the objects of `kind`, in graph order.
    pub fn of_kind(&self, kind: &str) -> &[ObjId] {
        self.by_kind.get(kind).map_or(&[], Vec::as_slice)
    }

    /// The namespace an object lives in (`default` when it names none); `None` for
    /// cluster-scoped kinds.
    pub fn namespace_of(&self, id: ObjId) -> Option<&str> {
        let object = &self.objects[id];
        if is_cluster_scoped(object.kind()) {
            return None;
        }
        Some(object.id.namespace.as_deref().unwrap_or(DEFAULT_NAMESPACE))
    }

    /// Every namespace, declared or implied, by name.
    pub fn namespaces(&self) -> &BTreeMap<String, Namespace> {
        &self.namespaces
    }

    pub fn namespace(&self, name: &str) -> Option<&Namespace> {
        self.namespaces.get(name)
    }

    /// Every workload, in graph order.
    pub fn workloads(&self) -> &[Workload] {
        &self.workloads
    }

    /// The workloads of one namespace.
    pub fn workloads_in<'a>(&'a self, namespace: &'a str) -> impl Iterator<Item = &'a Workload> {
        self.workloads
            .iter()
            .filter(move |w| w.namespace == namespace)
    }

    /// The first object of a namespace in graph order: where findings about a namespace that
    /// has no `Namespace` object are reported.
    pub fn first_object_in(&self, namespace: &str) -> Option<ObjId> {
        (0..self.objects.len()).find(|&id| self.namespace_of(id) == Some(namespace))
    }
}

fn workload_of(id: ObjId, object: &Object, pod: &PodSpecView<'_>, ns: Option<&str>) -> Workload {
    let pod_labels = string_map(
        pod.pod_metadata
            .and_then(|m| m.get("labels"))
            .or_else(|| (object.kind() == "Pod").then(|| object.labels())),
    );
    let mut ports = Vec::new();
    // Ports of app containers and of sidecars (init containers with `restartPolicy: Always`);
    // ordinary init containers have exited before the pod serves anything.
    let serving = pod.containers().filter(|c| match c.kind {
        ContainerKind::Container => true,
        ContainerKind::Init => c.get("restartPolicy").and_then(Node::text) == Some("Always"),
        ContainerKind::Ephemeral => false,
    });
    for container in serving {
        for port in container.ports() {
            let Some(number) = port
                .get("containerPort")
                .and_then(Node::as_i64)
                .and_then(|n| u16::try_from(n).ok())
            else {
                continue;
            };
            ports.push(ContainerPort {
                container: container.name().to_string(),
                name: port.get("name").and_then(Node::text).map(str::to_string),
                port: number,
                protocol: port
                    .get("protocol")
                    .and_then(Node::text)
                    .unwrap_or("TCP")
                    .to_string(),
            });
        }
    }
    let service_account = pod
        .get("serviceAccountName")
        .or_else(|| pod.get("serviceAccount"))
        .and_then(Node::text)
        .filter(|s| !s.is_empty())
        .unwrap_or("default")
        .to_string();
    Workload {
        object: id,
        namespace: ns.unwrap_or(DEFAULT_NAMESPACE).to_string(),
        kind: object.kind().to_string(),
        name: object.id.name.as_deref().unwrap_or_default().to_string(),
        pod_labels,
        ports,
        service_account,
        host_network: pod.get("hostNetwork").is_some_and(Node::is_true),
    }
}

#[cfg(test)]
mod tests;
