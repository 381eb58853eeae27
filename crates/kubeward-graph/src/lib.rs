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
mod index;
pub mod netpol;
pub mod prune;
pub mod rbac;
pub mod selector;

use compact_str::CompactString;
use kubeward_model::{ContainerKind, ContainerView, Node, Object, PodSpecView, Site};
use rayon::prelude::*;
use selector::{LabelSelector, Labels, string_map};
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// Index of an object in [`Graph::objects`].
pub type ObjId = usize;

/// The namespace objects without one are placed in.
pub const DEFAULT_NAMESPACE: &str = "default";

/// The label the API server sets on every Namespace (Kubernetes 1.21+).
pub const NAMESPACE_NAME_LABEL: &str = "kubernetes.io/metadata.name";

/// Kinds that are not namespaced (their `metadata.namespace`, if written, is ignored). Sorted.
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
    // Asked for every object, several times: the list is sorted for a binary search.
    CLUSTER_SCOPED.binary_search(&kind).is_ok()
}

/// A namespace, declared by a `Namespace` object or implied by the objects in it.
#[derive(Clone, Debug)]
pub struct Namespace {
    pub name: String,
    /// The `Namespace` object, when one was loaded.
    pub object: Option<ObjId>,
    /// Its labels, with the automatic `kubernetes.io/metadata.name`.
    pub labels: Labels,
    /// Its first object in graph order (where findings about a namespace without a
    /// `Namespace` object are reported).
    pub first_object: Option<ObjId>,
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
    /// Some container port (of any container) sets `hostPort`.
    pub host_ports: bool,
    /// The port numbers its containers' liveness, readiness and startup probes use (a named
    /// port resolved among that container's entries in `ports`), sorted, each once. Read here so the
    /// graph need not keep the probes.
    pub probe_ports: Vec<u16>,
    /// The index keys of its namespace and pod labels, hashed while the facts are read (in the
    /// scan's parallel pass) rather than when the graph is built.
    pub(crate) label_keys: Vec<u64>,
    /// Its container ports with a `hostPort` (of any container), in document order.
    pub host_port_bindings: Vec<HostPortBinding>,
    /// What makes its pods dangerous to expose, read with their sites so that rules need not
    /// keep the tree.
    pub risks: PodRisks,
}

/// A container port bound to a port of the node (`hostPort`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostPortBinding {
    pub container: CompactString,
    pub container_port: u16,
    pub host_port: u16,
}

/// The pod-security facts of a workload that make it dangerous to expose (see the
/// `exposure-path` rule).
#[derive(Clone, Debug)]
pub struct PodRisks {
    /// In order: privileged containers, containers that run or may run as root (not judged on
    /// Windows pods), host paths.
    pub found: Vec<Risk>,
    /// Where a finding about them points: the first of `found`, else `serviceAccountName` (or
    /// the deprecated `serviceAccount`), else the pod spec.
    pub site: Site,
    /// The pod's `automountServiceAccountToken`, when it sets one.
    pub automount_token: Option<bool>,
}

/// One of [`PodRisks::found`]. `container` is the container as messages name it
/// (``container `app` ``, ``init container `setup` ``).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Risk {
    Privileged {
        container: String,
    },
    /// `runAsUser: 0`.
    RunsAsRoot {
        container: String,
    },
    /// Neither `runAsNonRoot: true` nor a non-zero `runAsUser`.
    MayRunAsRoot {
        container: String,
    },
    HostPath {
        path: String,
    },
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
    by_name: index::NameIndex,
    workload_index: index::WorkloadIndex,
    /// The RBAC model, built on first use: every RBAC rule of a scan shares one.
    rbac: OnceLock<rbac::Rbac>,
    /// The NetworkPolicies, parsed, and which workloads they select and isolate.
    netpol: OnceLock<netpol::Selection>,
}

impl Graph {
    /// Builds the graph. Objects are put in a deterministic order (source path, then document,
    /// then identity), so analyses that walk them report in the same order every run.
    pub fn build(objects: Vec<Arc<Object>>) -> Graph {
        Graph::from_prepared(objects.into_par_iter().map(Prepared::whole).collect())
    }

    /// [`Graph::build`] from objects already [prepared](Prepared::new).
    pub fn from_prepared(objects: Vec<Prepared>) -> Graph {
        Graph::from_prepared_runs(vec![objects])
    }

    /// [`Graph::from_prepared`] from several lists, as a scan's files give them: in file
    /// order they are one sorted run, checked and then read in place (copying 10,000 prepared
    /// objects into one list first took about as long as the build itself, 5 ms).
    pub fn from_prepared_runs(mut runs: Vec<Vec<Prepared>>) -> Graph {
        for run in &mut runs {
            run.retain(|p| !Object::is_list_kind(&p.facts.kind));
        }
        let in_order = |x: &Prepared, y: &Prepared| graph_order(x, y).is_le();
        let nonempty = || runs.iter().filter(|r| !r.is_empty());
        let sorted = nonempty().all(|r| r.is_sorted_by(in_order))
            && nonempty()
                .zip(nonempty().skip(1))
                .all(|(a, b)| in_order(&a[a.len() - 1], &b[0]));
        if !sorted {
            let mut all: Vec<Prepared> = runs.into_iter().flatten().collect();
            all.sort_by(graph_order);
            runs = vec![all];
        }
        let count = runs.iter().map(Vec::len).sum();
        let objects = runs.into_iter().flatten();
        let mut graph = Graph {
            objects: Vec::with_capacity(count),
            ..Graph::default()
        };
        // Objects of one file, and files of one directory, mostly share a namespace.
        let mut last_namespace: Option<CompactString> = None;
        for (id, prepared) in objects.enumerate() {
            let Prepared {
                object,
                facts:
                    Facts {
                        kind,
                        namespace,
                        workload,
                        name_key,
                        ..
                    },
            } = prepared;
            match graph.by_kind.get_mut(kind.as_str()) {
                Some(ids) => ids.push(id),
                None => {
                    graph.by_kind.insert(kind.to_string(), vec![id]);
                }
            }
            if let Some(key) = name_key {
                graph.by_name.insert(key, id);
            }
            if let Some(mut workload) = workload {
                workload.object = id;
                graph.workloads.push(workload);
            }
            if kind == "Namespace" {
                if let Some(name) = object.id.name.as_deref().map(str::to_string) {
                    let mut labels = string_map(Some(object.labels()));
                    labels.insert(NAMESPACE_NAME_LABEL.to_string(), name.clone());
                    // The first declaration wins; a duplicate is the loader's business.
                    let entry = graph.namespaces.entry(name.clone()).or_insert(Namespace {
                        name,
                        object: None,
                        labels: Labels::new(),
                        first_object: None,
                    });
                    if entry.object.is_none() {
                        entry.object = Some(id);
                        entry.labels = labels;
                    }
                }
            } else if let Some(ns) = namespace
                && last_namespace.as_ref() != Some(&ns)
            {
                graph.imply_namespace(&ns);
                if let Some(entry) = graph.namespaces.get_mut(ns.as_str()) {
                    entry.first_object.get_or_insert(id);
                }
                last_namespace = Some(ns);
            }
            graph.objects.push(object);
        }
        graph.by_name.finish();
        graph.workload_index = index::WorkloadIndex::build(&graph.workloads);
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
                    first_object: None,
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

    /// The analyses whose results point into the graph's objects (they borrow it, so they
    /// cannot live on the graph itself like [`Graph::rbac`]), computed now. Share them among
    /// every rule of a run.
    ///
    /// The RBAC model and the NetworkPolicy selection are computed alongside, in parallel: left
    /// to the first rule that asks, they would block every other rule that asks meanwhile in
    /// their `OnceLock`, holding a thread rayon cannot use (on the 10,000-object corpus one of
    /// two threads sat idle for a third of the graph phase).
    pub fn analyses(&self) -> Analyses<'_> {
        let ((services, ingresses, exposures), _) = rayon::join(
            || {
                let (services, ingresses) = rayon::join(
                    || exposure::ServiceView::all(self),
                    || exposure::IngressView::all(self),
                );
                let exposures = exposure::entry_points_through(self, &services, &ingresses);
                (services, ingresses, exposures)
            },
            || rayon::join(|| self.rbac(), || self.netpol()),
        );
        Analyses {
            graph: self,
            services,
            ingresses,
            exposures,
        }
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
        namespace_of(&self.objects[id])
    }

    /// The object of `kind` named `name` in `namespace` (`None` for cluster-scoped kinds); the
    /// first in graph order when several are.
    pub fn find(&self, kind: &str, namespace: Option<&str>, name: &str) -> Option<ObjId> {
        self.by_name.candidates(kind, namespace, name).find(|&id| {
            let object = &self.objects[id];
            object.kind() == kind
                && object.id.name.as_deref() == Some(name)
                && namespace_of(object) == namespace
        })
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

    /// The workloads of one namespace, in graph order.
    pub fn workloads_in<'a>(&'a self, namespace: &'a str) -> impl Iterator<Item = &'a Workload> {
        self.workload_index
            .in_namespace(namespace)
            .iter()
            .map(|&w| &self.workloads[w])
    }

    /// The indexes (into [`Graph::workloads`]) of the workloads of `namespace` whose pod labels
    /// `selector` matches, in graph order.
    pub fn workloads_matching(&self, namespace: &str, selector: &LabelSelector) -> Vec<usize> {
        self.matching_iter(namespace, selector).collect()
    }

    /// Whether any workload of `namespace` has pod labels `selector` matches.
    pub fn any_workload_matches(&self, namespace: &str, selector: &LabelSelector) -> bool {
        self.matching_iter(namespace, selector).next().is_some()
    }

    fn matching_iter<'a>(
        &'a self,
        namespace: &str,
        selector: &'a LabelSelector,
    ) -> impl Iterator<Item = usize> + 'a {
        self.workload_index
            .candidates(namespace, selector)
            .iter()
            .copied()
            .filter(move |&w| selector.matches(&self.workloads[w].pod_labels))
    }

    /// The first object of a namespace in graph order: where findings about a namespace that
    /// has no `Namespace` object are reported.
    pub fn first_object_in(&self, namespace: &str) -> Option<ObjId> {
        self.namespaces.get(namespace)?.first_object
    }
}

/// What the graph reads of one object, taken while the object is at hand. The scan prepares
/// each object in its parallel per-file pass, right after parsing, while its tree is still in
/// the CPU cache: read later, cold, the same work was a third of the graph's cost on a
/// 10,000-object scan.
#[derive(Debug)]
pub struct Prepared {
    object: Arc<Object>,
    facts: Facts,
}

impl Prepared {
    /// Prepares an object the caller hands over: its tree is [pruned](prune::prune) to what the
    /// graph reads.
    pub fn new(mut object: Object) -> Prepared {
        // Read from the whole tree: some facts (probe ports) come from fields pruning drops.
        let facts = Facts::of(&object);
        prune::prune(&mut object);
        Prepared {
            object: Arc::new(object),
            facts,
        }
    }

    /// Like [`Prepared::new`], but a workload keeps no tree at all, only its root's position:
    /// for scans whose graph rules all read workloads through their facts ([`Workload`]).
    /// Holding 4,000 workload trees across files was a third of what the graph rules added to
    /// a scan of the 10,000-resource corpus.
    pub fn lean(mut object: Object) -> Prepared {
        let facts = Facts::of(&object);
        if facts.workload.is_some() {
            let span = object.root.span;
            object.root = Node::empty().clone();
            object.root.span = span;
        } else {
            prune::prune(&mut object);
        }
        Prepared {
            object: Arc::new(object),
            facts,
        }
    }

    /// Prepares an object whose whole tree is kept (shared with the caller).
    pub fn whole(object: Arc<Object>) -> Prepared {
        Prepared {
            facts: Facts::of(&object),
            object,
        }
    }

    pub fn object(&self) -> &Arc<Object> {
        &self.object
    }
}

/// What [`Prepared`] reads of an object, before its tree is pruned, so the build's index pass
/// does not read the object again.
#[derive(Debug)]
struct Facts {
    /// Where it came from, its document and position in its source, for the build's sort.
    origin: kubeward_model::Origin,
    document: usize,
    start: kubeward_model::Pos,
    /// Its kind and namespace (`None`: cluster-scoped), copied (inline, short strings).
    kind: CompactString,
    namespace: Option<CompactString>,
    /// The object as a workload, when it runs pods (its `object` index is set by the build).
    workload: Option<Workload>,
    /// Its key in the name index, when it has a name.
    name_key: Option<u64>,
}

impl Facts {
    fn of(object: &Object) -> Facts {
        let namespace = namespace_of(object);
        let workload = (object.kind() != "Namespace")
            .then(|| PodSpecView::of(object))
            .flatten()
            .map(|pod| workload_of(object, &pod, namespace));
        let name_key = object
            .id
            .name
            .as_deref()
            .map(|name| index::name_key(object.kind(), namespace, name));
        Facts {
            origin: object.origin.clone(),
            kind: CompactString::from(object.kind()),
            namespace: namespace.map(CompactString::from),
            workload,
            name_key,
            document: object.document,
            start: object.start(),
        }
    }
}

/// Analyses of a [`Graph`] whose results borrow it ([`Graph::analyses`]).
///
/// Plain fields, computed up front rather than on first use: every scan's rules need all of
/// them, and without cells the type is covariant, so a caller can lend it briefly and free it
/// when it suits it.
#[derive(Debug)]
pub struct Analyses<'g> {
    graph: &'g Graph,
    services: Vec<exposure::ServiceView<'g>>,
    ingresses: Vec<exposure::IngressView<'g>>,
    exposures: Vec<exposure::Exposure<'g>>,
}

impl<'g> Analyses<'g> {
    pub fn graph(&self) -> &'g Graph {
        self.graph
    }

    /// Every Service of the graph, read ([`exposure::ServiceView::all`]).
    pub fn services(&self) -> &[exposure::ServiceView<'g>] {
        &self.services
    }

    /// Every Ingress of the graph, read ([`exposure::IngressView::all`]).
    pub fn ingresses(&self) -> &[exposure::IngressView<'g>] {
        &self.ingresses
    }

    /// [`exposure::external_entry_points`] of the graph.
    pub fn exposures(&self) -> &[exposure::Exposure<'g>] {
        &self.exposures
    }
}

/// The graph's order: source path, then document and position, then identity. Objects of one
/// file share their path's allocation: most comparisons of an input already in file order are
/// between neighbours of one file, and need no memcmp.
fn graph_order(x: &Prepared, y: &Prepared) -> std::cmp::Ordering {
    let (a, b) = (&x.facts, &y.facts);
    let (pa, pb) = (a.origin.path(), b.origin.path());
    let path = if std::ptr::eq(pa, pb) {
        std::cmp::Ordering::Equal
    } else {
        pa.cmp(pb)
    };
    path.then_with(|| (a.document, a.start).cmp(&(b.document, b.start)))
        .then_with(|| x.object.id.cmp(&y.object.id))
}

/// The namespace an object lives in: `default` when it names none; `None` for cluster-scoped
/// kinds.
fn namespace_of(object: &Object) -> Option<&str> {
    if is_cluster_scoped(object.kind()) {
        return None;
    }
    Some(object.id.namespace.as_deref().unwrap_or(DEFAULT_NAMESPACE))
}

fn workload_of(object: &Object, pod: &PodSpecView<'_>, ns: Option<&str>) -> Workload {
    let pod_labels = string_map(
        pod.pod_metadata
            .and_then(|m| m.get("labels"))
            .or_else(|| (object.kind() == "Pod").then(|| object.labels())),
    );
    // Walked by several facts below: listed once.
    let containers: Vec<ContainerView<'_>> = pod.containers().collect();
    let mut ports = Vec::new();
    // Ports of app containers and of sidecars (init containers with `restartPolicy: Always`);
    // ordinary init containers have exited before the pod serves anything.
    let serving = containers.iter().filter(|c| match c.kind {
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
    let probe_ports = probe_ports(&containers, &ports);
    let host_port_bindings = host_port_bindings(&containers);
    let service_account = pod
        .get("serviceAccountName")
        .or_else(|| pod.get("serviceAccount"))
        .and_then(Node::text)
        .filter(|s| !s.is_empty())
        .unwrap_or("default")
        .to_string();
    let namespace = ns.unwrap_or(DEFAULT_NAMESPACE);
    let pod_labels_keys = pod_labels
        .iter()
        .map(|(k, v)| index::label_key(namespace, k, v))
        .collect();
    Workload {
        object: 0,
        namespace: namespace.to_string(),
        kind: object.kind().to_string(),
        name: object.id.name.as_deref().unwrap_or_default().to_string(),
        pod_labels,
        ports,
        service_account,
        host_network: pod.get("hostNetwork").is_some_and(Node::is_true),
        host_ports: containers
            .iter()
            .any(|c| c.ports().iter().any(|p| p.get("hostPort").is_some())),
        label_keys: pod_labels_keys,
        host_port_bindings,
        risks: pod_risks(object, pod, &containers),
        probe_ports,
    }
}

/// [`Workload::host_port_bindings`].
fn host_port_bindings(containers: &[ContainerView<'_>]) -> Vec<HostPortBinding> {
    let mut out = Vec::new();
    for container in containers {
        for port in container.ports() {
            let (Some(host_node), Some(number)) = (
                port.get("hostPort")
                    .filter(|n| exposure::port_number(n).is_some()),
                port.get("containerPort").and_then(exposure::port_number),
            ) else {
                continue;
            };
            out.push(HostPortBinding {
                container: container.name().into(),
                container_port: number,
                host_port: exposure::port_number(host_node).unwrap_or(number),
            });
        }
    }
    out
}

/// [`Workload::risks`].
fn pod_risks(object: &Object, pod: &PodSpecView<'_>, containers: &[ContainerView<'_>]) -> PodRisks {
    let mut found = Vec::new();
    // Where the first risk is: the one site a finding needs (located once, not per risk).
    let mut first: Option<&Node> = None;
    for c in containers {
        if let Some(p) = c
            .effective_security("privileged")
            .filter(|e| e.node.is_true())
        {
            first.get_or_insert(p.node);
            found.push(Risk::Privileged {
                container: c.describe(),
            });
        }
    }
    // UIDs mean nothing on Windows nodes (`runAsUserName` there); no root judgement.
    let judge_root = !pod.is_windows();
    for c in containers.iter().filter(|_| judge_root) {
        let user = c.effective_security("runAsUser");
        let uid = user.and_then(|u| u.node.as_i64());
        if uid == Some(0) {
            if let Some(u) = user {
                first.get_or_insert(u.node);
                found.push(Risk::RunsAsRoot {
                    container: c.describe(),
                });
            }
        } else if uid.is_none()
            && !c
                .effective_security("runAsNonRoot")
                .is_some_and(|e| e.node.is_true())
        {
            first.get_or_insert(c.node);
            found.push(Risk::MayRunAsRoot {
                container: c.describe(),
            });
        }
    }
    for volume in pod.volumes() {
        if let Some(path) = volume.path(&["hostPath", "path"]) {
            first.get_or_insert(path);
            found.push(Risk::HostPath {
                path: path.text().unwrap_or_default().to_string(),
            });
        }
    }
    // Without any of those, a finding about the ServiceAccount's token points at the account.
    let at = first.unwrap_or_else(|| {
        pod.get("serviceAccountName")
            .or_else(|| pod.get("serviceAccount"))
            .unwrap_or(pod.spec)
    });
    PodRisks {
        found,
        site: object.site(at),
        automount_token: pod
            .get("automountServiceAccountToken")
            .and_then(Node::as_bool),
    }
}

/// [`Workload::probe_ports`]: the ports of every container's probes' network handlers; a named
/// port is looked up among the container's serving `ports`.
fn probe_ports(containers: &[ContainerView<'_>], ports: &[ContainerPort]) -> Vec<u16> {
    let mut out = Vec::new();
    for c in containers {
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            let Some(p) = c.get(probe) else {
                continue;
            };
            for handler in ["httpGet", "tcpSocket", "grpc"] {
                let Some(port) = p.path(&[handler, "port"]) else {
                    continue;
                };
                if let Some(n) = port.as_i64().and_then(|n| u16::try_from(n).ok()) {
                    out.push(n);
                } else if let Some(name) = port.as_str() {
                    out.extend(
                        ports
                            .iter()
                            .filter(|p| p.container == c.name() && p.name.as_deref() == Some(name))
                            .map(|p| p.port),
                    );
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests;
