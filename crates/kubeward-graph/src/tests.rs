use super::*;
use kubeward_loader::{LoadOptions, load_bytes};

/// The objects of one YAML file, which must load without error.
fn load(path: &str, text: &str) -> Vec<Object> {
    let load = load_bytes(path.into(), text.as_bytes(), false, &LoadOptions::default());
    assert!(load.errors.is_empty(), "{:?}", load.errors);
    load.objects
}

fn graph(files: &[(&str, &str)]) -> Graph {
    let mut objects = Vec::new();
    for (path, text) in files {
        objects.extend(load(path, text).into_iter().map(Arc::new));
    }
    Graph::build(objects)
}

const APP: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}}
    spec:
      serviceAccountName: web-sa
      initContainers:
        - name: migrate
          image: m:1
          ports: [{containerPort: 9000}]
        - name: proxy
          image: p:1
          restartPolicy: Always
          ports: [{containerPort: 15001, name: proxy}]
      containers:
        - name: app
          image: web:1
          ports:
            - {containerPort: 8080, name: http}
            - {containerPort: 53, protocol: UDP}
---
apiVersion: v1
kind: Pod
metadata: {name: debug, labels: {app: debug}}
spec:
  containers: [{name: c, image: busybox:1}]
";

const NAMESPACE: &str = "\
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: payments}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader, namespace: shop}
rules: []
";

#[test]
fn workloads_carry_pod_labels_serving_ports_and_service_account() {
    let g = graph(&[("b.yaml", APP), ("a.yaml", NAMESPACE)]);
    let keys: Vec<String> = g.workloads().iter().map(Workload::key).collect();
    assert_eq!(keys, ["shop/Deployment/web", "default/Pod/debug"]);
    let web = &g.workloads()[0];
    assert_eq!(
        web.pod_labels.get("tier").map(String::as_str),
        Some("front")
    );
    assert_eq!(web.service_account, "web-sa");
    let ports: Vec<(&str, Option<&str>, u16, &str)> = web
        .ports
        .iter()
        .map(|p| {
            (
                p.container.as_str(),
                p.name.as_deref(),
                p.port,
                p.protocol.as_str(),
            )
        })
        .collect();
    assert_eq!(
        ports,
        [
            ("app", Some("http"), 8080, "TCP"),
            ("app", None, 53, "UDP"),
            ("proxy", Some("proxy"), 15001, "TCP"),
        ]
    );
    let debug = &g.workloads()[1];
    assert_eq!(
        debug.pod_labels.get("app").map(String::as_str),
        Some("debug")
    );
    assert_eq!(debug.service_account, "default");
}

#[test]
fn namespaces_are_declared_or_implied_with_the_name_label() {
    let g = graph(&[("b.yaml", APP), ("a.yaml", NAMESPACE)]);
    let names: Vec<&str> = g.namespaces().keys().map(String::as_str).collect();
    assert_eq!(names, ["default", "shop"]);
    let shop = g.namespace("shop").expect("shop");
    assert_eq!(shop.object, Some(0), "a.yaml sorts first");
    assert_eq!(
        shop.labels.get("team").map(String::as_str),
        Some("payments")
    );
    assert_eq!(
        shop.labels.get(NAMESPACE_NAME_LABEL).map(String::as_str),
        Some("shop")
    );
    let default = g.namespace("default").expect("implied");
    assert_eq!(default.object, None);
    assert_eq!(default.labels.len(), 1);
}

#[test]
fn cluster_scoped_kinds_have_no_namespace() {
    let g = graph(&[("a.yaml", NAMESPACE)]);
    let role = g.of_kind("ClusterRole")[0];
    assert_eq!(g.namespace_of(role), None);
    assert_eq!(g.of_kind("Secret"), &[] as &[ObjId]);
}

#[test]
fn cluster_scoped_kinds_are_sorted_for_the_binary_search() {
    assert!(CLUSTER_SCOPED.windows(2).all(|w| w[0] < w[1]));
    assert!(is_cluster_scoped("ClusterRole"));
    assert!(is_cluster_scoped("VolumeAttachment"));
    assert!(!is_cluster_scoped("Role"));
}

#[test]
fn namespaces_know_their_first_object() {
    let g = graph(&[("b.yaml", APP), ("a.yaml", NAMESPACE)]);
    // a.yaml: Namespace (0), ClusterRole (1); b.yaml: Deployment shop/web (2), Pod debug (3).
    assert_eq!(g.first_object_in("shop"), Some(2));
    assert_eq!(g.first_object_in("default"), Some(3));
    assert_eq!(g.first_object_in("nowhere"), None);
}

#[test]
fn objects_are_found_by_kind_namespace_and_name() {
    let g = graph(&[("b.yaml", APP), ("a.yaml", NAMESPACE)]);
    assert_eq!(g.find("Deployment", Some("shop"), "web"), Some(2));
    assert_eq!(g.find("Pod", Some("default"), "debug"), Some(3));
    // Cluster-scoped: no namespace, whatever `metadata.namespace` says.
    assert_eq!(g.find("ClusterRole", None, "reader"), Some(1));
    assert_eq!(g.find("ClusterRole", Some("shop"), "reader"), None);
    assert_eq!(g.find("Deployment", Some("default"), "web"), None);
    assert_eq!(g.find("Service", Some("shop"), "web"), None);
}

#[test]
fn selectors_pick_workloads_of_their_namespace_only() {
    let extra = "\
apiVersion: v1
kind: Pod
metadata: {name: other, namespace: shop, labels: {app: web, tier: back}}
spec:
  containers: [{name: c, image: busybox:1}]
---
apiVersion: v1
kind: Pod
metadata: {name: stray, namespace: elsewhere, labels: {app: web, tier: front}}
spec:
  containers: [{name: c, image: busybox:1}]
";
    let g = graph(&[("b.yaml", APP), ("c.yaml", extra)]);
    let names = |selector: &LabelSelector, ns: &str| -> Vec<String> {
        g.workloads_matching(ns, selector)
            .into_iter()
            .map(|w| g.workloads()[w].key())
            .collect()
    };
    let app = |pairs: &[(&str, &str)]| {
        LabelSelector::from_map(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    };
    assert_eq!(
        names(&app(&[("app", "web")]), "shop"),
        ["shop/Deployment/web", "shop/Pod/other"]
    );
    assert_eq!(
        names(&app(&[("app", "web"), ("tier", "front")]), "shop"),
        ["shop/Deployment/web"]
    );
    assert_eq!(
        names(&LabelSelector::everything(), "elsewhere"),
        ["elsewhere/Pod/stray"]
    );
    assert!(names(&app(&[("app", "db")]), "shop").is_empty());
    assert!(g.any_workload_matches("shop", &app(&[("tier", "back")])));
    assert!(!g.any_workload_matches("default", &app(&[("tier", "back")])));
}

#[test]
fn probe_ports_are_read_per_container_and_named_ports_resolved() {
    let g = graph(&[(
        "probes.yaml",
        "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    spec:
      initContainers:
        - name: proxy
          restartPolicy: Always
          ports: [{containerPort: 15020, name: health}]
          startupProbe: {httpGet: {port: health}}
      containers:
        - name: app
          ports: [{containerPort: 8080, name: http}, {containerPort: 9090, name: admin}]
          livenessProbe: {httpGet: {port: admin}}
          readinessProbe: {tcpSocket: {port: 8080}}
        - name: side
          ports: [{containerPort: 7000, name: other}]
          # `http` is a port of another container: nothing here.
          livenessProbe: {grpc: {port: http}}
          readinessProbe: {exec: {command: [ok]}}
",
    )]);
    assert_eq!(g.workloads()[0].probe_ports, [8080, 9090, 15020]);
}

#[test]
fn runs_out_of_file_order_are_sorted_like_one_list() {
    let prepared = |path: &str, text: &str| -> Vec<Prepared> {
        load(path, text).into_iter().map(Prepared::new).collect()
    };
    let order = |g: &Graph| -> Vec<String> {
        g.objects()
            .iter()
            .map(|o| {
                format!(
                    "{}:{}/{}",
                    o.origin.path(),
                    o.kind(),
                    o.id.name.as_deref().unwrap_or("")
                )
            })
            .collect()
    };
    // Given b.yaml before a.yaml, with an empty run between them.
    let runs = vec![
        prepared("b.yaml", APP),
        Vec::new(),
        prepared("a.yaml", NAMESPACE),
    ];
    let from_runs = Graph::from_prepared_runs(runs);
    let expected = [
        "a.yaml:Namespace/shop",
        "a.yaml:ClusterRole/reader",
        "b.yaml:Deployment/web",
        "b.yaml:Pod/debug",
    ];
    assert_eq!(order(&from_runs), expected);
    assert_eq!(from_runs.workloads().len(), 2);
    assert_eq!(from_runs.workloads()[0].object, 2);
    // Already in order: the same graph.
    let in_order =
        Graph::from_prepared_runs(vec![prepared("a.yaml", NAMESPACE), prepared("b.yaml", APP)]);
    assert_eq!(order(&in_order), expected);
}

#[test]
fn workload_risks_and_host_ports_are_read_with_their_sites() {
    let text = "\
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: mon}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      automountServiceAccountToken: false
      serviceAccountName: agent
      containers:
        - name: probe
          image: p:1
          securityContext: {privileged: true, runAsUser: 0}
          ports: [{name: metrics, containerPort: 9100, hostPort: 9101}, {containerPort: 80}]
        - name: side
          image: s:1
          securityContext: {runAsNonRoot: true}
      volumes:
        - name: root
          hostPath: {path: /}
";
    let object = load("a.yaml", text).into_iter().next();
    let prepared = Prepared::lean(object.expect("one object"));
    // The lean object keeps no tree, only where it starts.
    assert!(prepared.object().root.entries().is_empty());
    assert_eq!(prepared.object().start().line, 1);
    let g = Graph::from_prepared(vec![prepared]);
    let w = &g.workloads()[0];
    let container = |name: &str| format!("container `{name}`");
    assert_eq!(
        w.risks.found,
        [
            Risk::Privileged {
                container: container("probe")
            },
            Risk::RunsAsRoot {
                container: container("probe")
            },
            Risk::HostPath {
                path: "/".to_string()
            },
        ]
    );
    // A finding points at the first of them.
    let site = &w.risks.site;
    assert_eq!(
        site.field.as_deref(),
        Some("spec.template.spec.containers[0].securityContext.privileged")
    );
    assert_eq!((site.span.start.line, site.span.start.column), (14, 29));
    assert_eq!(w.risks.automount_token, Some(false));
    assert_eq!(
        w.host_port_bindings,
        [HostPortBinding {
            container: "probe".into(),
            container_port: 9100,
            host_port: 9101
        }]
    );
}

#[test]
fn a_workload_without_risks_keeps_the_site_of_its_service_account() {
    let text = "\
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  serviceAccountName: web
  securityContext: {runAsNonRoot: true}
  containers: [{name: app, image: a:1}]
";
    let g = Graph::from_prepared(
        load("a.yaml", text)
            .into_iter()
            .map(Prepared::lean)
            .collect(),
    );
    let risks = &g.workloads()[0].risks;
    assert!(risks.found.is_empty());
    assert_eq!(risks.automount_token, None);
    let site = &risks.site;
    assert_eq!(site.field.as_deref(), Some("spec.serviceAccountName"));
    assert_eq!((site.span.start.line, site.span.start.column), (5, 3));
}
