//! What the graph keeps of an object's tree.
//!
//! The scan holds every object until all files are loaded, so the graph rules can see them
//! together; on a large input that memory is most of the graph's cost (fresh pages instead of
//! reused ones). The single-object rules have already run when an object is held, so the tree
//! only has to keep what the graph rules and waivers read. Pruning drops the bulky fields no
//! graph analysis reads; it never removes a sequence item (paths such as `containers[1]` in
//! graph findings stay right) and never moves a kept node's span.
//!
//! Dropped:
//! - `metadata.managedFields` and the `kubectl.kubernetes.io/last-applied-configuration`
//!   annotation (a copy of the object);
//! - in each container: image, command, args, plain env variables, resources, mounts, probes
//!   (their ports are read into [`crate::Workload::probe_ports`] first), lifecycle hooks and
//!   terminal settings (the graph reads names, ports, env references and the security context);
//! - of a security context (pod or container), all but `privileged`, `runAsUser` and
//!   `runAsNonRoot`;
//! - a workload's own labels (its pods' labels are read into `Workload::pod_labels`) and its
//!   `status`; on the way down to the pod spec (`spec`, `jobTemplate`, `template`), every
//!   controller field but `replicas`, `selector`, `serviceName` and the template's metadata;
//! - in the pod spec: scheduling (affinity, tolerations, spread constraints), DNS and host
//!   aliases, readiness and scheduling gates, resource claims and overhead;
//! - the values of Secret and ConfigMap `data` / `stringData` / `binaryData` (the graph reads
//!   their keys; a value becomes `null` at its old span).
//!
//! The rules' fixtures run on whole and on pruned trees and must agree, so a graph rule that
//! starts reading a dropped field fails its own tests (`kubeward-rules/tests/common`).
//!
//! When no selected rule reads workload trees, the scan keeps none (`Prepared::lean`): pruning
//! then applies to the other kinds, and to objects something may waive findings on.

use kubeward_model::podspec::pod_spec_path;
use kubeward_model::{Entry, Node, NodeKind, Object, Scalar};

const CONTAINER_FIELDS: &[&str] = &[
    "args",
    "command",
    "image",
    "imagePullPolicy",
    "lifecycle",
    "livenessProbe",
    "readinessProbe",
    "resizePolicy",
    "resources",
    "startupProbe",
    "stdin",
    "stdinOnce",
    "terminationMessagePath",
    "terminationMessagePolicy",
    "tty",
    "volumeDevices",
    "volumeMounts",
    "workingDir",
];

const POD_FIELDS: &[&str] = &[
    "affinity",
    "dnsConfig",
    "hostAliases",
    "overhead",
    "readinessGates",
    "resourceClaims",
    "schedulingGates",
    "tolerations",
    "topologySpreadConstraints",
];

/// What the graph reads of a security context (pod or container): whether a container is
/// privileged or may run as root.
const SECURITY_FIELDS: &[&str] = &["privileged", "runAsNonRoot", "runAsUser"];

const CONTAINER_LISTS: &[&str] = &["containers", "initContainers", "ephemeralContainers"];

/// What the graph reads of a controller's spec and pod template on the way to the pod spec:
/// replicas (PodDisruptionBudgets, HorizontalPodAutoscalers), the selector, a StatefulSet's
/// `serviceName`, and the template's metadata (pod labels and annotations).
const CONTROLLER_FIELDS: &[&str] = &["metadata", "replicas", "selector", "serviceName"];

const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// Drops from `object` what no graph analysis reads (see the module documentation).
pub fn prune(object: &mut Object) {
    let kind = object.kind().to_string();
    let root = &mut object.root;
    if let Some(metadata) = get_mut(root, "metadata") {
        remove(metadata, &["managedFields"]);
        if let Some(annotations) = get_mut(metadata, "annotations") {
            remove(annotations, &[LAST_APPLIED]);
        }
    }
    if matches!(kind.as_str(), "Secret" | "ConfigMap") {
        for field in ["data", "stringData", "binaryData"] {
            if let Some(map) = get_mut(root, field) {
                for entry in entries_mut(map) {
                    let span = entry.value.span;
                    entry.value = Node::scalar(span, "", Scalar::Null);
                }
            }
        }
        return;
    }
    let Some(path) = pod_spec_path(&kind) else {
        return;
    };
    // A workload's own labels: its pods' labels were read into `Workload::pod_labels` (a Pod's
    // are its own), and no graph rule selects controllers by theirs.
    if let Some(metadata) = get_mut(root, "metadata") {
        remove(metadata, &["labels"]);
    }
    remove(root, &["status"]);
    // On the way down to the pod spec, the controller fields the graph reads.
    let mut node = root;
    for (depth, key) in path.iter().enumerate() {
        if depth > 0 {
            keep_with(node, CONTROLLER_FIELDS, key);
        }
        let Some(next) = get_mut(node, key) else {
            return;
        };
        node = next;
    }
    let spec = node;
    remove(spec, POD_FIELDS);
    if let Some(security) = get_mut(spec, "securityContext") {
        keep(security, SECURITY_FIELDS);
    }
    for list in CONTAINER_LISTS {
        let Some(NodeKind::Seq(containers)) = get_mut(spec, list).map(|n| &mut n.kind) else {
            continue;
        };
        for container in containers {
            remove(container, CONTAINER_FIELDS);
            if let Some(security) = get_mut(container, "securityContext") {
                keep(security, SECURITY_FIELDS);
            }
            if let Some(NodeKind::Seq(env)) = get_mut(container, "env").map(|n| &mut n.kind) {
                for var in env {
                    if var.get("valueFrom").is_some() {
                        remove(var, &["value"]);
                    } else {
                        // A plain variable: nothing of it is read (the item stays, for indices).
                        filter(var, |_| false);
                    }
                }
            }
        }
    }
}

/// The value of the last entry `key` of a mapping (later duplicates win, as in `Node::get`).
fn get_mut<'a>(node: &'a mut Node, key: &str) -> Option<&'a mut Node> {
    entries_mut(node)
        .iter_mut()
        .rev()
        .find(|e| e.key_str() == key)
        .map(|e| &mut e.value)
}

fn entries_mut(node: &mut Node) -> &mut [Entry] {
    match &mut node.kind {
        NodeKind::Map(entries) => entries,
        _ => &mut [],
    }
}

/// Removes every entry whose key is in `keys`.
fn remove(node: &mut Node, keys: &[&str]) {
    filter(node, |e| !keys.contains(&e.key_str()));
}

/// Keeps only the entries whose key is in `keys`.
fn keep(node: &mut Node, keys: &[&str]) {
    filter(node, |e| keys.contains(&e.key_str()));
}

/// Keeps only the entries whose key is in `keys` or is `also`.
fn keep_with(node: &mut Node, keys: &[&str], also: &str) {
    filter(node, |e| e.key_str() == also || keys.contains(&e.key_str()));
}

/// Keeps the entries of a mapping for which `wanted` holds, in a list of exactly their size: the
/// old list is freed whole, for the files parsed next to reuse (trimming it in place would keep
/// its memory held for the rest of the scan).
fn filter(node: &mut Node, wanted: impl Fn(&Entry) -> bool) {
    let NodeKind::Map(entries) = &mut node.kind else {
        return;
    };
    let count = entries.iter().filter(|e| wanted(e)).count();
    if count == entries.len() {
        return;
    }
    let mut kept = Vec::with_capacity(count);
    kept.extend(std::mem::take(entries).into_iter().filter(|e| wanted(e)));
    *entries = kept;
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubeward_loader::{LoadOptions, load_bytes};

    fn pruned(text: &str) -> Object {
        let load = load_bytes(
            "p.yaml".into(),
            text.as_bytes(),
            false,
            &LoadOptions::default(),
        );
        assert!(load.errors.is_empty(), "{:?}", load.errors);
        let mut object = load.objects.into_iter().next().expect("one object");
        prune(&mut object);
        object
    }

    fn keys(node: Option<&Node>) -> Vec<&str> {
        node.map(Node::entries)
            .unwrap_or(&[])
            .iter()
            .map(Entry::key_str)
            .collect()
    }

    #[test]
    fn workloads_keep_what_the_graph_reads() {
        let o = pruned(
            "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {team: a}
  annotations: {kubectl.kubernetes.io/last-applied-configuration: '{}', kubeward.io/ignore: x}
  managedFields: [{manager: kubectl}]
spec:
  replicas: 3
  strategy: {type: RollingUpdate}
  revisionHistoryLimit: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web
      tolerations: [{operator: Exists}]
      containers:
        - name: app
          image: web:1
          args: [--x]
          resources: {limits: {cpu: 1}}
          ports: [{containerPort: 8080}]
          env:
            - {name: A, value: plain}
            - {name: B, valueFrom: {secretKeyRef: {name: s, key: k}}}
          securityContext: {privileged: true, capabilities: {add: [NET_ADMIN]}}
          readinessProbe: {tcpSocket: {port: 8080, host: x}, periodSeconds: 5}
          livenessProbe: {exec: {command: [ok]}}
",
        );
        assert_eq!(keys(o.root.get("metadata")), ["name", "annotations"]);
        assert_eq!(keys(Some(o.annotations())), ["kubeward.io/ignore"]);
        assert_eq!(
            keys(o.root.get("spec")),
            ["replicas", "selector", "template"]
        );
        let spec = o.root.path(&["spec", "template", "spec"]);
        assert_eq!(keys(spec), ["serviceAccountName", "containers"]);
        let container = &spec
            .and_then(|s| s.get("containers"))
            .expect("containers")
            .items()[0];
        assert_eq!(
            keys(Some(container)),
            ["name", "ports", "env", "securityContext"]
        );
        let env = container.get("env").expect("env").items();
        assert_eq!(env.len(), 2, "sequence items are never removed");
        assert!(keys(Some(&env[0])).is_empty());
        assert_eq!(keys(Some(&env[1])), ["name", "valueFrom"]);
        assert_eq!(keys(container.get("securityContext")), ["privileged"]);
        // Kept nodes keep their spans.
        assert_eq!(container.get("ports").map(|p| p.span.start.line), Some(23));
    }

    #[test]
    fn cronjobs_keep_the_way_down_to_their_pod_spec() {
        let o = pruned(
            "\
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, labels: {team: a}}
spec:
  schedule: '0 1 * * *'
  concurrencyPolicy: Forbid
  jobTemplate:
    metadata: {labels: {job: nightly}}
    spec:
      backoffLimit: 2
      template:
        metadata: {labels: {app: nightly}, annotations: {a: b}}
        spec:
          restartPolicy: Never
          containers: [{name: run, image: r:1}]
status: {active: []}
",
        );
        assert_eq!(
            keys(Some(&o.root)),
            ["apiVersion", "kind", "metadata", "spec"]
        );
        assert_eq!(keys(o.root.get("metadata")), ["name"]);
        assert_eq!(keys(o.root.get("spec")), ["jobTemplate"]);
        assert_eq!(
            keys(o.root.path(&["spec", "jobTemplate"])),
            ["metadata", "spec"]
        );
        assert_eq!(
            keys(o.root.path(&["spec", "jobTemplate", "spec"])),
            ["template"]
        );
        let template = o.root.path(&["spec", "jobTemplate", "spec", "template"]);
        assert_eq!(keys(template), ["metadata", "spec"]);
        assert_eq!(
            keys(template.and_then(|t| t.get("metadata"))),
            ["labels", "annotations"]
        );
    }

    #[test]
    fn secret_and_configmap_values_become_null_at_their_spans() {
        let o = pruned(
            "\
apiVersion: v1
kind: Secret
metadata: {name: s}
data: {password: aHVudGVyMg==}
stringData: {token: abc}
",
        );
        let data = o.root.get("data").expect("data");
        assert_eq!(keys(Some(data)), ["password"]);
        let value = data.get("password").expect("password");
        assert!(value.is_null());
        assert_eq!((value.span.start.line, value.span.start.column), (4, 18));
        assert!(
            o.root
                .path(&["stringData", "token"])
                .is_some_and(Node::is_null)
        );
    }

    #[test]
    fn other_kinds_are_left_alone() {
        let text =
            "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n";
        let load = load_bytes(
            "p.yaml".into(),
            text.as_bytes(),
            false,
            &LoadOptions::default(),
        );
        let whole = load.objects[0].root.clone();
        assert_eq!(pruned(text).root, whole);
    }
}
