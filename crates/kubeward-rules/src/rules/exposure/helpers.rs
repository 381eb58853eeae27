//! Shared logic of the exposure and reference rules.

use kubeward_graph::selector::LabelSelector;

/// `app=web,tier in (a,b)` for messages, in backticks.
pub(super) fn describe_selector(selector: &LabelSelector) -> String {
    format!("`{}`", selector.describe())
}

// ---------------------------------------------------------------------------------------------
// References from pods to Secrets and ConfigMaps
// ---------------------------------------------------------------------------------------------

use crate::Report;
use kubeward_graph::{Graph, ObjId};
use kubeward_model::{Node, PodSpecView};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Target {
    Secret,
    ConfigMap,
}

impl Target {
    pub(super) fn kind(self) -> &'static str {
        match self {
            Target::Secret => "Secret",
            Target::ConfigMap => "ConfigMap",
        }
    }
}

/// One place a pod names a Secret or ConfigMap.
pub(super) struct Reference<'a> {
    pub target: Target,
    pub name: &'a str,
    /// The node of the name (reported when the object is missing).
    pub node: &'a Node,
    /// `optional: true`: the pod starts without it.
    pub optional: bool,
    /// Keys the reference reads (`secretKeyRef.key`, volume `items[].key`), with their nodes.
    pub keys: Vec<(&'a str, &'a Node)>,
    /// The container, for env references.
    pub container: Option<&'a str>,
    /// `env `DB_PASSWORD` of container `app``, `volume `creds``, `imagePullSecrets`.
    pub place: String,
}

fn name_and_optional<'a>(node: &'a Node, name_key: &str) -> Option<(&'a str, &'a Node, bool)> {
    let name_node = node.get(name_key)?;
    let name = name_node.as_str().filter(|s| !s.is_empty())?;
    let optional = node.get("optional").is_some_and(Node::is_true);
    Some((name, name_node, optional))
}

fn item_keys(node: &Node) -> Vec<(&str, &Node)> {
    node.get("items")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(|i| i.get("key"))
        .filter_map(|k| k.as_str().map(|s| (s, k)))
        .collect()
}

/// Every Secret and ConfigMap reference of a pod spec, in document order per container, then
/// volumes, then `imagePullSecrets`.
pub(super) fn pod_references<'a>(pod: &PodSpecView<'a>) -> Vec<Reference<'a>> {
    let mut out = Vec::new();
    for c in pod.containers() {
        let owner = c.describe();
        for env in c.env() {
            let var = env.get("name").and_then(Node::as_str).unwrap_or("");
            for (field, target) in [
                ("secretKeyRef", Target::Secret),
                ("configMapKeyRef", Target::ConfigMap),
            ] {
                let Some(r) = env.path(&["valueFrom", field]) else {
                    continue;
                };
                if let Some((name, node, optional)) = name_and_optional(r, "name") {
                    out.push(Reference {
                        target,
                        name,
                        node,
                        optional,
                        keys: r
                            .get("key")
                            .and_then(|k| k.as_str().map(|s| (s, k)))
                            .into_iter()
                            .collect(),
                        container: Some(c.name()),
                        place: format!("env `{var}` of {owner}"),
                    });
                }
            }
        }
        for from in c.get("envFrom").map(Node::items).unwrap_or(&[]) {
            for (field, target) in [
                ("secretRef", Target::Secret),
                ("configMapRef", Target::ConfigMap),
            ] {
                if let Some((name, node, optional)) =
                    from.get(field).and_then(|r| name_and_optional(r, "name"))
                {
                    out.push(Reference {
                        target,
                        name,
                        node,
                        optional,
                        keys: Vec::new(),
                        container: Some(c.name()),
                        place: format!("envFrom of {owner}"),
                    });
                }
            }
        }
    }
    for volume in pod.volumes() {
        let vname = volume.get("name").and_then(Node::as_str).unwrap_or("");
        let place = format!("volume `{vname}`");
        let mut sources: Vec<(&Node, &str, Target)> = Vec::new();
        if let Some(s) = volume.get("secret") {
            sources.push((s, "secretName", Target::Secret));
        }
        if let Some(s) = volume.get("configMap") {
            sources.push((s, "name", Target::ConfigMap));
        }
        for p in volume
            .path(&["projected", "sources"])
            .map(Node::items)
            .unwrap_or(&[])
        {
            if let Some(s) = p.get("secret") {
                sources.push((s, "name", Target::Secret));
            }
            if let Some(s) = p.get("configMap") {
                sources.push((s, "name", Target::ConfigMap));
            }
        }
        for (source, name_key, target) in sources {
            if let Some((name, node, optional)) = name_and_optional(source, name_key) {
                out.push(Reference {
                    target,
                    name,
                    node,
                    optional,
                    keys: item_keys(source),
                    container: None,
                    place: place.clone(),
                });
            }
        }
    }
    for secret in pod.get("imagePullSecrets").map(Node::items).unwrap_or(&[]) {
        if let Some((name, node, _)) = name_and_optional(secret, "name") {
            // The kubelet pulls without a missing pull secret: a private image then fails.
            out.push(Reference {
                target: Target::Secret,
                name,
                node,
                optional: false,
                keys: Vec::new(),
                container: None,
                place: "imagePullSecrets".to_string(),
            });
        }
    }
    out
}

/// Names of the Secrets that objects of the set will create in `namespace` without being
/// Secrets themselves: Bitnami SealedSecrets, External Secrets Operator ExternalSecrets
/// (`spec.target.name`, default its own name) and cert-manager Certificates (`spec.secretName`).
pub(super) fn generated_secrets(graph: &Graph, namespace: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for kind in ["SealedSecret", "ExternalSecret", "Certificate"] {
        for &id in graph.of_kind(kind) {
            if graph.namespace_of(id) != Some(namespace) {
                continue;
            }
            let object = graph.object(id);
            let own = object.id.name.as_deref().map(str::to_string);
            let name = match kind {
                "ExternalSecret" => object
                    .root
                    .path(&["spec", "target", "name"])
                    .and_then(Node::as_str)
                    .map(str::to_string)
                    .or(own),
                "Certificate" => object
                    .root
                    .path(&["spec", "secretName"])
                    .and_then(Node::as_str)
                    .map(str::to_string),
                _ => own,
            };
            names.extend(name);
        }
    }
    names
}

/// The keys of a loaded Secret (`data`, `stringData`) or ConfigMap (`data`, `binaryData`).
pub(super) fn object_keys(graph: &Graph, id: ObjId) -> BTreeSet<&str> {
    let root = &graph.object(id).root;
    ["data", "stringData", "binaryData"]
        .iter()
        .filter_map(|f| root.get(f))
        .flat_map(|m| m.entries().iter().map(|e| e.key_str()))
        .collect()
}

/// Reports the references of every workload to missing objects of `target` kind, and to keys
/// a loaded one does not have.
pub(super) fn check_references(graph: &Graph, cx: &mut crate::GraphContext<'_>, target: Target) {
    let kind = target.kind();
    // Names Secrets will get from SealedSecrets, ExternalSecrets and Certificates, by namespace.
    let generated: BTreeMap<&str, BTreeSet<String>> = match target {
        Target::Secret => graph
            .namespaces()
            .keys()
            .map(|ns| (ns.as_str(), generated_secrets(graph, ns)))
            .collect(),
        Target::ConfigMap => BTreeMap::new(),
    };
    // Workloads are judged independently: in parallel, reported in order.
    let reports: Vec<Vec<Report<'_>>> = graph
        .workloads()
        .par_iter()
        .map(|workload| {
            let mut out = Vec::new();
            let Some(pod) = PodSpecView::of(graph.object(workload.object)) else {
                return out;
            };
            let ns = workload.namespace.as_str();
            for r in pod_references(&pod)
                .into_iter()
                .filter(|r| r.target == target && !r.optional)
            {
                let Some(id) = graph.find(kind, Some(ns), r.name) else {
                    if !generated.get(ns).is_some_and(|g| g.contains(r.name)) {
                        let message = format!(
                            "{} reads {kind} `{}`, which is not in the loaded objects of namespace `{ns}`",
                            r.place, r.name
                        );
                        out.push(
                            Report::new(workload.object, r.node, message).in_container(r.container),
                        );
                    }
                    continue;
                };
                let keys = object_keys(graph, id);
                for (key, node) in &r.keys {
                    if !keys.contains(key) {
                        let message = format!(
                            "{} reads key `{key}` of {kind} {ns}/{}, which has no such key",
                            r.place, r.name
                        );
                        out.push(
                            Report::new(workload.object, node, message).in_container(r.container),
                        );
                    }
                }
            }
            out
        })
        .collect();
    cx.report_each(reports.into_iter().flatten().collect());
}
