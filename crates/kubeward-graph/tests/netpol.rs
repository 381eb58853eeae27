//! The classic NetworkPolicy recipes, each a set of manifests (`tests/netpol/<recipe>.yaml`) with
//! its whole reachability matrix written out by hand (`<recipe>.matrix`: the nodes, a blank
//! line, then one `from -> to PORTS` line per allowed connection).

use kubeward_graph::Graph;
use kubeward_graph::netpol::{Endpoint, PortSet, Protocol, Reachability};
use kubeward_loader::{LoadOptions, load_bytes};
use std::path::Path;
use std::sync::Arc;

fn load(path: &Path) -> Graph {
    let text = std::fs::read_to_string(path).expect("recipe readable");
    let load = load_bytes(
        path.display().to_string().into(),
        text.as_bytes(),
        false,
        &LoadOptions::default(),
    );
    assert!(load.errors.is_empty(), "{:?}", load.errors);
    Graph::build(load.objects.into_iter().map(Arc::new).collect())
}

fn matrix_text(graph: &Graph) -> String {
    let matrix = Reachability::compute(graph).matrix(graph);
    let mut out = matrix.nodes.join("\n");
    out.push_str("\n\n");
    for line in matrix.edge_lines() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn recipe(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/netpol");
    let graph = load(&dir.join(format!("{name}.yaml")));
    let expected =
        std::fs::read_to_string(dir.join(format!("{name}.matrix"))).expect("matrix readable");
    assert_eq!(matrix_text(&graph), expected, "recipe {name}");
}

#[test]
fn deny_all() {
    recipe("deny-all");
}

#[test]
fn allow_same_namespace() {
    recipe("allow-same-namespace");
}

#[test]
fn allow_from_namespace() {
    recipe("allow-from-namespace");
}

#[test]
fn allow_port_range() {
    recipe("port-range");
}

#[test]
fn ip_block_with_except() {
    recipe("ipblock-except");
}

#[test]
fn egress_to_dns_only() {
    recipe("egress-dns-only");
}

#[test]
fn named_ports_resolve_per_destination() {
    recipe("named-ports");
}

#[test]
fn selectors_in_one_peer_are_anded_and_peers_ored() {
    recipe("and-vs-or");
}

#[test]
fn policy_types_default() {
    recipe("policy-types-default");
}

#[test]
fn every_recipe_has_a_test() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/netpol");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "allow-from-namespace",
            "allow-same-namespace",
            "and-vs-or",
            "deny-all",
            "egress-dns-only",
            "ipblock-except",
            "named-ports",
            "policy-types-default",
            "port-range",
        ]
        .iter()
        .flat_map(|n| [format!("{n}.matrix"), format!("{n}.yaml")])
        .collect::<Vec<_>>()
    );
}

#[test]
fn the_public_api_answers_pairs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/netpol");
    let graph = load(&dir.join("ipblock-except.yaml"));
    let reach = Reachability::compute(&graph);
    let index = |name: &str| {
        graph
            .workloads()
            .iter()
            .position(|w| w.name == name)
            .expect("workload")
    };
    let (gateway, probe) = (index("gateway"), index("probe"));
    assert!(reach.external_ingress_allowed(gateway));
    assert!(reach.external_ingress_allowed(probe));
    assert_eq!(
        reach.allowed_ports(Endpoint::External, Endpoint::Workload(gateway)),
        PortSet::single(Protocol::Tcp, 443)
    );
    assert!(
        reach
            .allowed_ports(Endpoint::Workload(probe), Endpoint::Workload(gateway))
            .is_empty()
    );
    assert!(
        reach
            .allowed_ports(Endpoint::External, Endpoint::External)
            .is_empty()
    );
    assert!(
        reach
            .allowed_ports(Endpoint::Workload(99), Endpoint::External)
            .is_empty()
    );

    let graph = load(&dir.join("deny-all.yaml"));
    let reach = Reachability::compute(&graph);
    let web = graph
        .workloads()
        .iter()
        .position(|w| w.name == "web")
        .expect("web");
    assert!(!reach.external_ingress_allowed(web));
}

#[test]
fn a_workload_declared_twice_is_one_node_with_merged_ports() {
    let text = "\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: app}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: web}}}]
      ports: [{port: http}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: app}
spec:
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: db:1, ports: [{containerPort: 5432, name: http}]}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: app}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: web:1}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: app}
spec:
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: db:2, ports: [{containerPort: 6432, name: http}]}]
";
    let load = load_bytes(
        "dup.yaml".into(),
        text.as_bytes(),
        false,
        &LoadOptions::default(),
    );
    let graph = Graph::build(load.objects.into_iter().map(Arc::new).collect());
    assert_eq!(graph.workloads().len(), 3);
    let all = "TCP/*,UDP/*,SCTP/*";
    assert_eq!(
        matrix_text(&graph),
        format!(
            "app/Deployment/db\napp/Deployment/web\nexternal\n\n\
             app/Deployment/db -> app/Deployment/web {all}\n\
             app/Deployment/db -> external {all}\n\
             app/Deployment/web -> app/Deployment/db TCP/5432,TCP/6432\n\
             app/Deployment/web -> app/Deployment/web {all}\n\
             app/Deployment/web -> external {all}\n\
             external -> app/Deployment/web {all}\n"
        )
    );
}

#[test]
fn host_network_pods_are_never_isolated() {
    let text = "\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: ops}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: ops}
spec:
  template:
    metadata: {labels: {app: agent}}
    spec:
      hostNetwork: true
      containers: [{name: a, image: a:1}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: tool, namespace: ops}
spec:
  template:
    metadata: {labels: {app: tool}}
    spec:
      containers: [{name: t, image: t:1}]
";
    let load = load_bytes(
        "host.yaml".into(),
        text.as_bytes(),
        false,
        &LoadOptions::default(),
    );
    let graph = Graph::build(load.objects.into_iter().map(Arc::new).collect());
    let reach = Reachability::compute(&graph);
    let selection = reach.selection();
    // Both are selected by the policy; only the pod-network one is isolated.
    assert_eq!(selection.selected_by(0), [0, 1]);
    use kubeward_graph::netpol::Direction;
    assert!(!reach.is_isolated(0, Direction::Ingress));
    assert!(!reach.is_isolated(0, Direction::Egress));
    assert!(reach.is_isolated(1, Direction::Ingress));
    assert!(reach.is_isolated(1, Direction::Egress));
    let all = "TCP/*,UDP/*,SCTP/*";
    assert_eq!(
        matrix_text(&graph),
        format!(
            "ops/DaemonSet/agent\nops/Deployment/tool\nexternal\n\n\
             ops/DaemonSet/agent -> ops/DaemonSet/agent {all}\n\
             ops/DaemonSet/agent -> external {all}\n\
             external -> ops/DaemonSet/agent {all}\n"
        )
    );
}
