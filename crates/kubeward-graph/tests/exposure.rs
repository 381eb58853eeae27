//! `external_entry_points`: the exact chains, objects and ports for each way in.

use kubeward_graph::Graph;
use kubeward_graph::exposure::{Entry, Exposure, external_entry_points};
use kubeward_loader::{LoadOptions, load_bytes};
use std::sync::Arc;

fn graph(text: &str) -> Graph {
    let load = load_bytes(
        "x.yaml".into(),
        text.as_bytes(),
        false,
        &LoadOptions::default(),
    );
    assert!(load.errors.is_empty(), "{:?}", load.errors);
    Graph::build(load.objects.into_iter().map(Arc::new).collect())
}

/// (workload key, entry, chain, ports as `container/name/port`) per exposure.
fn summary(g: &Graph) -> Vec<(String, &'static str, String, Vec<String>)> {
    external_entry_points(g)
        .iter()
        .map(|e: &Exposure<'_>| {
            (
                g.workloads()[e.workload].key(),
                e.entry.name(),
                e.chain().to_string(),
                e.ports
                    .iter()
                    .map(|p| {
                        format!(
                            "{}/{}/{}",
                            p.container.as_deref().unwrap_or("-"),
                            p.name.as_deref().unwrap_or("-"),
                            p.port
                        )
                    })
                    .collect(),
            )
        })
        .collect()
}

const WEB: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: app
          image: web:1
          ports:
            - {name: http, containerPort: 8080}
            - {name: metrics, containerPort: 9090}
";

#[test]
fn ingress_to_service_to_workload_by_port_number_and_name() {
    let g = graph(&format!(
        "{WEB}---
apiVersion: v1
kind: Service
metadata: {{name: web, namespace: shop}}
spec:
  selector: {{app: web}}
  ports:
    - {{name: http, port: 80, targetPort: http}}
    - {{name: metrics, port: 9090}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {{name: web, namespace: shop}}
spec:
  defaultBackend:
    service: {{name: web, port: {{name: metrics}}}}
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {{name: web, port: {{number: 80}}}}
    - http:
        paths:
          - path: /other
            pathType: Prefix
            backend:
              service: {{name: missing, port: {{number: 80}}}}
"
    ));
    assert_eq!(
        summary(&g),
        [
            (
                "shop/Deployment/web".to_string(),
                "Ingress",
                "Ingress shop/web (default backend) → Service shop/web:9090 → Deployment shop/web:9090".to_string(),
                vec!["app/metrics/9090".to_string()],
            ),
            (
                "shop/Deployment/web".to_string(),
                "Ingress",
                "Ingress shop/web (host shop.example.com) → Service shop/web:80 → Deployment shop/web:8080".to_string(),
                vec!["app/http/8080".to_string()],
            ),
        ]
    );
    let exposures = external_entry_points(&g);
    let ingress = g.of_kind("Ingress")[0];
    let service = g.of_kind("Service")[0];
    let deployment = g.of_kind("Deployment")[0];
    assert_eq!(exposures[1].objects(), [ingress, service, deployment]);
    assert_eq!(exposures[1].entry_object(), ingress);
    // The finding location: the backend's `service` mapping.
    assert_eq!(exposures[1].at.start().line, 38);
}

#[test]
fn node_port_load_balancer_and_external_ips() {
    let g = graph(&format!(
        "{WEB}---
apiVersion: v1
kind: Service
metadata: {{name: np, namespace: shop}}
spec:
  type: NodePort
  selector: {{app: web}}
  ports: [{{port: 80, targetPort: 8080, nodePort: 30080}}]
---
apiVersion: v1
kind: Service
metadata:
  name: lb
  namespace: shop
  annotations: {{networking.gke.io/load-balancer-type: Internal}}
spec:
  type: LoadBalancer
  loadBalancerSourceRanges: [10.0.0.0/8]
  selector: {{app: web}}
  ports: [{{port: 443, targetPort: 8443}}]
---
apiVersion: v1
kind: Service
metadata: {{name: ext, namespace: shop}}
spec:
  selector: {{app: web}}
  externalIPs: [203.0.113.10]
  ports: [{{port: 80, targetPort: http}}]
"
    ));
    assert_eq!(
        summary(&g),
        [
            (
                "shop/Deployment/web".to_string(),
                "NodePort",
                "Service shop/np:80 type NodePort nodePort 30080 → Deployment shop/web:8080".to_string(),
                vec!["app/http/8080".to_string()],
            ),
            (
                "shop/Deployment/web".to_string(),
                "LoadBalancer",
                "Service shop/lb:443 type LoadBalancer (internal) (source ranges 10.0.0.0/8) → Deployment shop/web:8443".to_string(),
                // A numeric targetPort no container declares still receives the traffic.
                vec!["-/-/8443".to_string()],
            ),
            (
                "shop/Deployment/web".to_string(),
                "externalIPs",
                "Service shop/ext:80 externalIPs 203.0.113.10 → Deployment shop/web:8080".to_string(),
                vec!["app/http/8080".to_string()],
            ),
        ]
    );
    let lb = &external_entry_points(&g)[1];
    assert_eq!(
        lb.entry,
        Entry::LoadBalancer {
            source_ranges: vec!["10.0.0.0/8".to_string()],
            internal: true
        }
    );
    assert!(!lb.entry.unrestricted());
    assert!(Entry::NodePort.unrestricted());
    let open_range = Entry::LoadBalancer {
        source_ranges: vec!["10.0.0.0/8".to_string(), "0.0.0.0/0".to_string()],
        internal: false,
    };
    assert!(open_range.unrestricted());
}

#[test]
fn cluster_ip_services_unselected_workloads_and_unresolved_names_are_not_exposures() {
    let g = graph(&format!(
        "{WEB}---
apiVersion: v1
kind: Service
metadata: {{name: internal, namespace: shop}}
spec:
  selector: {{app: web}}
  ports: [{{port: 80, targetPort: http}}]
---
apiVersion: v1
kind: Service
metadata: {{name: other-ns, namespace: other}}
spec:
  type: NodePort
  selector: {{app: web}}
  ports: [{{port: 80}}]
---
apiVersion: v1
kind: Service
metadata: {{name: wrong-name, namespace: shop}}
spec:
  type: LoadBalancer
  selector: {{app: web}}
  ports: [{{port: 80, targetPort: grpc}}]
---
apiVersion: v1
kind: Service
metadata: {{name: no-selector, namespace: shop}}
spec:
  type: NodePort
  ports: [{{port: 80}}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {{name: wrong-port, namespace: shop}}
spec:
  defaultBackend:
    service: {{name: internal, port: {{number: 8080}}}}
"
    ));
    assert_eq!(summary(&g), []);
}

#[test]
fn host_ports_of_serving_containers_host_network_and_v1beta1_ingress() {
    let g = graph(
        "\
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: mon}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      initContainers:
        - name: setup
          image: s:1
          ports: [{containerPort: 7000, hostPort: 7000}]
      containers:
        - name: agent
          image: a:1
          ports:
            - {name: metrics, containerPort: 9100, hostPort: 9100}
            - {containerPort: 8080}
---
apiVersion: v1
kind: Pod
metadata: {name: node-exporter, namespace: mon, labels: {app: ne}}
spec:
  hostNetwork: true
  containers:
    - name: ne
      image: ne:1
      ports: [{name: metrics, containerPort: 9100, hostPort: 9100}]
---
apiVersion: v1
kind: Service
metadata: {name: ne, namespace: mon}
spec:
  selector: {app: ne}
  ports: [{name: web, port: 80, targetPort: metrics}]
---
apiVersion: extensions/v1beta1
kind: Ingress
metadata: {name: legacy, namespace: mon}
spec:
  rules:
    - host: ne.example.com
      http:
        paths:
          - backend: {serviceName: ne, servicePort: web}
",
    );
    assert_eq!(
        summary(&g),
        [
            (
                "mon/DaemonSet/agent".to_string(),
                "hostPort",
                "DaemonSet mon/agent:9100 hostPort 9100".to_string(),
                vec!["agent/metrics/9100".to_string()],
            ),
            (
                "mon/Pod/node-exporter".to_string(),
                "Ingress",
                "Ingress mon/legacy (host ne.example.com) → Service mon/ne:80 → Pod mon/node-exporter:9100".to_string(),
                vec!["ne/metrics/9100".to_string()],
            ),
            (
                "mon/Pod/node-exporter".to_string(),
                "hostNetwork",
                "Pod mon/node-exporter hostNetwork".to_string(),
                vec!["ne/metrics/9100".to_string()],
            ),
        ]
    );
}

#[test]
fn malformed_services_and_ingresses_do_not_panic() {
    let g = graph(
        "\
apiVersion: v1
kind: Service
metadata: {name: s}
spec:
  type: [NodePort]
  selector: app
  ports: [{port: 99999, targetPort: \"8080\"}, 7, {port: -1}]
  externalIPs: {a: b}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i}
spec:
  defaultBackend: 3
  rules: [{http: {paths: [{backend: {service: {name: s, port: {number: 0}}}}]}}, 5]
---
apiVersion: v1
kind: Pod
metadata: {name: p, labels: {app: x}}
spec:
  hostNetwork: yes
  containers: [{name: c, image: i, ports: [{containerPort: 70000, hostPort: 1}]}]
",
    );
    assert_eq!(
        summary(&g),
        [(
            "default/Pod/p".to_string(),
            "hostNetwork",
            "Pod default/p hostNetwork".to_string(),
            vec![],
        )]
    );
}
