use crate::{GraphContext, Report, Rule};
use kubeward_graph::exposure::{Entry, Exposure, ResolvedPort, ServiceView, workload_display};
use kubeward_graph::{Graph, ObjId, Workload};
use kubeward_model::Node;
use kubeward_model::{Category, References, Scope, Severity};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// Port names that serve metrics, health or administration, exactly or as a `-`-separated part
/// (`http-metrics`, `metrics-tls`, `healthz`).
const NAMES: &[&str] = &[
    "metrics",
    "metric",
    "health",
    "healthz",
    "healthcheck",
    "livez",
    "readyz",
    "admin",
    "management",
    "mgmt",
    "monitoring",
    "prometheus",
    "prom",
    "pprof",
    "debug",
    "actuator",
];

/// Ports that serve metrics or health by convention: Prometheus (9090), Pushgateway (9091),
/// node-exporter (9100), kube-proxy (10249, 10256), ingress-nginx (10254), Istio (15014, 15020,
/// 15090).
const NUMBERS: &[u16] = &[9090, 9091, 9100, 10249, 10254, 10256, 15014, 15020, 15090];

declare_rule! {
    /// ## What it checks
    /// Metrics, health and administration ports that an Ingress, a `NodePort` Service, a
    /// `LoadBalancer` Service open to any client, or a Service's `externalIPs` make reachable
    /// from outside the cluster (the chains of the exposure analysis: Ingress → Service →
    /// workload, Service → workload, with `targetPort`s resolved per workload). A port counts
    /// when the Service port or the container port is named `metrics`, `health`, `healthz`,
    /// `admin`, `management`, `prometheus`, `pprof`, `debug` (or has such a `-`-separated part:
    /// `http-metrics`), when its number is a well-known metrics port (9090, 9091, 9100, 10249,
    /// 10254, 10256, 15014, 15020, 15090), or when the workload's probes use it while the same
    /// Service also forwards to another port of the workload that no probe uses (a dedicated
    /// management port). Internal load balancers and those limited by
    /// `loadBalancerSourceRanges` are not counted; host ports are left to `host-port` and
    /// `host-network`. Reported at the Ingress backend or Service port, with the chain.
    ///
    /// ## Why it matters
    /// Metrics and health endpoints are built for the cluster's monitoring, not for the
    /// internet: they have no authentication, and they leak internals (versions, hostnames,
    /// request paths and sometimes parameters, heap dumps and profiles with `pprof` or
    /// Spring Boot Actuator's `/heapdump` and `/env`, which can hold credentials). Some admin
    /// ports change state (`/actuator/shutdown`, log levels).
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   type: LoadBalancer
    ///   selector:
    ///     app: web
    ///   ports:
    ///     - name: http
    ///       port: 80
    ///       targetPort: http
    ///     - name: metrics
    ///       port: 9090
    ///       targetPort: metrics
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: registry.example.com/web:1.4.2
    ///           ports:
    ///             - name: http
    ///               containerPort: 8080
    ///             - name: metrics
    ///               containerPort: 9090
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   type: LoadBalancer
    ///   selector:
    ///     app: web
    ///   ports:
    ///     - name: http
    ///       port: 80
    ///       targetPort: http
    /// ---
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web-metrics
    ///   namespace: shop
    /// spec:
    ///   selector:
    ///     app: web
    ///   ports:
    ///     - name: metrics
    ///       port: 9090
    ///       targetPort: metrics
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: registry.example.com/web:1.4.2
    ///           ports:
    ///             - name: http
    ///               containerPort: 8080
    ///             - name: metrics
    ///               containerPort: 9090
    /// ```
    ///
    /// ## References
    /// - NSA/CISA Kubernetes Hardening Guide, "Network separation and hardening"
    /// - OWASP Kubernetes Top 10, K07 "Missing network segmentation controls"
    pub struct MetricsPortExposed {
        id: "metrics-port-exposed",
        title: "Metrics or health port is reachable from outside the cluster",
        severity: Severity::Medium,
        category: Category::Network,
        scope: Scope::Graph,
        remediation: "Serve metrics and health on a port that only a `ClusterIP` Service (for Prometheus) exposes, and remove it from the public Service or Ingress.",
        references: References {
            nsa: &["Network separation and hardening"],
            ..References::NONE
        },
    }
}

impl Rule for MetricsPortExposed {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        // In graph order: found by object id.
        let services = cx.services();
        // Exposures are judged independently, in parallel.
        let found: Vec<Vec<Found<'_>>> = cx
            .exposures()
            .par_iter()
            .map(|exposure| judge(graph, services, exposure))
            .collect();
        let mut reported = BTreeSet::new();
        let mut reports = Vec::new();
        for (key, id, at, message) in found.into_iter().flatten() {
            if reported.insert(key) {
                reports.push(Report::new(id, at, message));
            }
        }
        cx.report_each(reports);
    }
}

/// A finding (object, node, message) with the key that reports it once: (entry object, entry
/// node, workload, port).
type Found<'g> = ((ObjId, usize, usize, u16), ObjId, &'g Node, String);

fn judge<'g>(
    graph: &'g Graph,
    services: &[ServiceView<'g>],
    exposure: &Exposure<'g>,
) -> Vec<Found<'g>> {
    let mut out = Vec::new();
    if matches!(exposure.entry, Entry::HostPort | Entry::HostNetwork)
        || !exposure.entry.unrestricted()
    {
        return out;
    }
    let workload = &graph.workloads()[exposure.workload];
    // The Service is the hop before the workload.
    let Some(service) = exposure.hops.iter().rev().nth(1).and_then(|&h| {
        services
            .binary_search_by_key(&h, |s| s.object)
            .ok()
            .map(|i| &services[i])
    }) else {
        return out;
    };
    let service_port_name = service
        .ports
        .iter()
        .find(|p| {
            exposure
                .service_port
                .is_some_and(|n| std::ptr::eq(n, p.node))
        })
        .and_then(|p| p.name);
    for port in &exposure.ports {
        let Some(why) = classify(port, service_port_name, workload, service) else {
            continue;
        };
        let key = (
            exposure.entry_object(),
            exposure.at as *const Node as usize,
            exposure.workload,
            port.port,
        );
        out.push((
            key,
            exposure.entry_object(),
            exposure.at,
            format!(
                "{why} of {} is reachable from outside the cluster: {}",
                workload_display(workload),
                exposure.chain()
            ),
        ));
    }
    out
}

fn is_metrics_name(name: &str) -> bool {
    // `NAMES` are lower case; compared without allocating (asked for every exposed port).
    let known = |part: &str| NAMES.iter().any(|n| n.eq_ignore_ascii_case(part));
    known(name) || name.split('-').any(known)
}

/// Why the port counts, as the message's subject: "port `metrics` (9090)".
fn classify(
    port: &ResolvedPort,
    service_port_name: Option<&str>,
    workload: &Workload,
    service: &ServiceView<'_>,
) -> Option<String> {
    let label = || match &port.name {
        Some(n) => format!("port `{n}` ({})", port.port),
        None => format!("port {}", port.port),
    };
    if port.name.as_deref().is_some_and(is_metrics_name) {
        return Some(format!("metrics/health {}", label()));
    }
    if let Some(n) = service_port_name.filter(|n| is_metrics_name(n)) {
        return Some(format!(
            "metrics/health Service port `{n}` (to port {})",
            port.port
        ));
    }
    if NUMBERS.contains(&port.port) {
        return Some(format!("well-known metrics {}", label()));
    }
    let probed = |port: u16| workload.probe_ports.binary_search(&port).is_ok();
    if probed(port.port) {
        let other_unprobed = service
            .ports
            .iter()
            .filter_map(|p| p.resolve(workload))
            .any(|r| r.port != port.port && !probed(r.port));
        if other_unprobed {
            return Some(format!("probe-only {}", label()));
        }
    }
    None
}
