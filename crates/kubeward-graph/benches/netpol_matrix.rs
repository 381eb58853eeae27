//! The NetworkPolicy matrix on a generated cluster: 50 namespaces of 40 workloads (2,000) in five
//! tiers with named and numbered ports, and 10 policies per namespace (500): a default-deny with
//! DNS egress, tier-to-tier rules with named ports, cross-namespace rules (namespaceSelector AND
//! podSelector), an `ipBlock` with `except` for the web tier, port ranges. Prints the median of
//! several runs of `Reachability::compute` and of `Reachability::matrix`.
//!
//!     cargo bench -p kubeward-graph --bench netpol_matrix [-- WORKLOADS_PER_NS NAMESPACES [open]]
//!
//! `open` leaves the policies out: the worst case, where every pair is connected on every port.

use kubeward_graph::Graph;
use kubeward_graph::netpol::Reachability;
use kubeward_loader::{LoadOptions, load_bytes};
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

const TIERS: [&str; 5] = ["web", "api", "worker", "cache", "db"];

/// A small deterministic generator (xorshift64*), so every run measures the same cluster.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn generate(per_namespace: usize, namespaces: usize) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out = String::new();
    for n in 0..namespaces {
        let ns = format!("team-{n:02}");
        let env = if n % 3 == 0 { "prod" } else { "staging" };
        let _ = write!(
            out,
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n  labels: {{env: {env}, team: t{}}}\n---\n",
            n % 10
        );
        for w in 0..per_namespace {
            let tier = TIERS[w % TIERS.len()];
            let http = 8000 + rng.below(100);
            let _ = write!(
                out,
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-{w:03}\n  namespace: {ns}\nspec:\n  template:\n    metadata:\n      labels: {{app: svc-{w:03}, tier: {tier}, version: v{}}}\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/svc:{w}\n          ports:\n            - {{name: http, containerPort: {http}}}\n            - {{name: metrics, containerPort: 9090}}\n            - {{name: grpc, containerPort: {}, protocol: TCP}}\n---\n",
                rng.below(3),
                9000 + rng.below(50),
            );
        }
        // 1: default-deny with DNS egress.
        let _ = write!(
            out,
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: default-deny, namespace: {ns}}}\nspec:\n  podSelector: {{}}\n  policyTypes: [Ingress, Egress]\n  egress:\n    - to:\n        - namespaceSelector: {{matchLabels: {{kubernetes.io/metadata.name: kube-system}}}}\n          podSelector: {{matchLabels: {{k8s-app: kube-dns}}}}\n      ports: [{{port: 53, protocol: UDP}}, {{port: 53, protocol: TCP}}]\n---\n"
        );
        // 2-6: each tier accepts its caller tier on named ports, and egresses to the next.
        for (i, tier) in TIERS.iter().enumerate() {
            let caller = TIERS[(i + TIERS.len() - 1) % TIERS.len()];
            let callee = TIERS[(i + 1) % TIERS.len()];
            let _ = write!(
                out,
                "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: {tier}, namespace: {ns}}}\nspec:\n  podSelector: {{matchLabels: {{tier: {tier}}}}}\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - from: [{{podSelector: {{matchLabels: {{tier: {caller}}}}}}}]\n      ports: [{{port: http}}, {{port: grpc}}]\n  egress:\n    - to: [{{podSelector: {{matchLabels: {{tier: {callee}}}}}}}]\n      ports: [{{port: http}}, {{port: 9000, endPort: 9049}}]\n---\n"
            );
        }
        // 7: the web tier is public (ipBlock with except).
        let _ = write!(
            out,
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: web-public, namespace: {ns}}}\nspec:\n  podSelector: {{matchLabels: {{tier: web}}}}\n  ingress:\n    - from: [{{ipBlock: {{cidr: 0.0.0.0/0, except: [10.0.0.0/8, 192.168.0.0/16]}}}}]\n      ports: [{{port: http}}]\n---\n"
        );
        // 8: monitoring from prod namespaces of the same team group (AND), metrics only.
        let _ = write!(
            out,
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: metrics, namespace: {ns}}}\nspec:\n  podSelector: {{matchExpressions: [{{key: tier, operator: In, values: [api, worker, cache]}}]}}\n  ingress:\n    - from:\n        - namespaceSelector: {{matchLabels: {{env: prod}}}}\n          podSelector: {{matchLabels: {{tier: worker}}}}\n      ports: [{{port: metrics}}]\n---\n"
        );
        // 9: another team's APIs may call this namespace's APIs (OR of two peers).
        let other = (n + 1 + rng.below(namespaces - 1)) % namespaces;
        let _ = write!(
            out,
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: partner, namespace: {ns}}}\nspec:\n  podSelector: {{matchLabels: {{tier: api}}}}\n  ingress:\n    - from:\n        - namespaceSelector: {{matchLabels: {{kubernetes.io/metadata.name: team-{other:02}}}}}\n          podSelector: {{matchLabels: {{tier: api}}}}\n        - podSelector: {{matchLabels: {{version: v1}}}}\n      ports: [{{port: 8000, endPort: 8099}}]\n---\n"
        );
        // 10: egress from the workers to the partner namespace.
        let _ = write!(
            out,
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: worker-egress, namespace: {ns}}}\nspec:\n  podSelector: {{matchLabels: {{tier: worker}}}}\n  policyTypes: [Egress]\n  egress:\n    - to: [{{namespaceSelector: {{matchLabels: {{team: t{}}}}}}}]\n      ports: [{{port: http}}]\n---\n",
            other % 10
        );
    }
    out
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let per_namespace = args.first().copied().unwrap_or(40);
    let namespaces = args.get(1).copied().unwrap_or(50).max(2);
    let mut text = generate(per_namespace, namespaces);
    if std::env::args().any(|a| a == "open") {
        text = text
            .split("---\n")
            .filter(|doc| !doc.contains("kind: NetworkPolicy"))
            .collect::<Vec<_>>()
            .join("---\n");
    }
    let load = load_bytes(
        "generated.yaml".into(),
        text.as_bytes(),
        false,
        &LoadOptions::default(),
    );
    assert!(load.errors.is_empty(), "{:?}", &load.errors[..1]);
    let graph = Graph::build(load.objects.into_iter().map(Arc::new).collect());
    let runs = 7;
    let mut compute = Vec::new();
    let mut matrix = Vec::new();
    let mut edges = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let reach = Reachability::compute(&graph);
        compute.push(start.elapsed());
        let start = Instant::now();
        let m = reach.matrix(&graph);
        matrix.push(start.elapsed());
        edges = m.edges.len();
    }
    let compute = median(compute);
    let matrix = median(matrix);
    println!(
        "{} workloads x {} policies: compute {:.1} ms, matrix {:.1} ms, total {:.1} ms ({} allowed connections; median of {runs})",
        graph.workloads().len(),
        graph.of_kind("NetworkPolicy").len(),
        compute.as_secs_f64() * 1e3,
        matrix.as_secs_f64() * 1e3,
        (compute + matrix).as_secs_f64() * 1e3,
        edges,
    );
}
