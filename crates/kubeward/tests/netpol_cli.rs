//! `kubeward netpol matrix` and `kubeward netpol check` through the real binary: every format
//! with exact output, input errors (exit 2, the matrix of what loaded still printed), design
//! mismatches (exit 1), malformed designs (exit 3 with file:line:column).

mod support;

use serde_json::json;
use support::{BROKEN_YAML, run, temp_dir, workspace_root, write};

/// web accepts TCP/8080 from api and from outside; api's egress goes to web on 8080 and to DNS
/// anywhere; a policy with a bad port is warned about.
const APP: &str = "\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - podSelector: {matchLabels: {app: api}}
        - ipBlock: {cidr: 0.0.0.0/0}
      ports: [{port: http}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress, Egress]
  egress:
    - to: [{podSelector: {matchLabels: {app: web}}}]
      ports: [{port: 8000, endPort: 8080}, {port: 99999}]
    - ports: [{port: 53, protocol: UDP}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: web:1, ports: [{containerPort: 8080, name: http}]}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: api:1}]
";

const WARNING: &str = "kubeward: warning: ./app.yaml: NetworkPolicy shop/api: spec.egress[0].ports[1]: port `99999` is not a port number (1-65535) (this part allows nothing)\n";

/// `kubeward netpol check --design design.yaml [EXTRA...] app.yaml` in `dir`.
fn check(dir: &std::path::Path, extra: &[&str]) -> support::Run {
    let mut args = vec!["netpol", "check", "--design", "design.yaml"];
    args.extend_from_slice(extra);
    args.push("app.yaml");
    run(dir, &args)
}

fn app_dir() -> tempfile::TempDir {
    let dir = temp_dir();
    write(dir.path(), "app.yaml", APP);
    dir
}

#[test]
fn matrix_json_lists_sorted_nodes_and_edges() {
    let dir = app_dir();
    let out = run(dir.path(), &["netpol", "matrix", "--format", "json", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, WARNING);
    assert_eq!(
        out.json(),
        json!({
            "nodes": ["shop/Deployment/api", "shop/Deployment/web", "external"],
            "edges": [
                {"from": "shop/Deployment/api", "to": "shop/Deployment/web", "ports": ["TCP/8080"]},
                {"from": "shop/Deployment/api", "to": "external", "ports": ["UDP/53"]},
                {"from": "external", "to": "shop/Deployment/web", "ports": ["TCP/8080"]},
            ]
        })
    );
}

#[test]
fn matrix_text_draws_a_grid_and_lists_connections() {
    let dir = app_dir();
    let out = run(dir.path(), &["netpol", "matrix", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "\
Nodes:
  0  shop/Deployment/api
  1  shop/Deployment/web
  2  external

Reachability (row: from, column: to; * every port, + some ports, . none):
     0 1 2
  0  . + +
  1  . . .
  2  . + .

Allowed connections (3):
  shop/Deployment/api -> shop/Deployment/web  TCP/8080
  shop/Deployment/api -> external  UDP/53
  external -> shop/Deployment/web  TCP/8080
"
    );
}

#[test]
fn matrix_dot_is_a_graphviz_digraph() {
    let dir = app_dir();
    let out = run(dir.path(), &["netpol", "matrix", "-f", "dot", "app.yaml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "\
digraph netpol {
  rankdir=LR;
  node [shape=box, fontname=\"Helvetica\"];
  edge [fontname=\"Helvetica\", fontsize=10];
  \"shop/Deployment/api\";
  \"shop/Deployment/web\";
  \"external\" [shape=ellipse];
  \"shop/Deployment/api\" -> \"shop/Deployment/web\" [label=\"TCP/8080\"];
  \"shop/Deployment/api\" -> \"external\" [label=\"UDP/53\"];
  \"external\" -> \"shop/Deployment/web\" [label=\"TCP/8080\"];
}
"
    );
}

#[test]
fn input_errors_exit_2_and_still_print_the_matrix() {
    let dir = app_dir();
    write(dir.path(), "broken.yaml", BROKEN_YAML);
    let out = run(dir.path(), &["netpol", "matrix", "-f", "json", "."]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        format!(
            "kubeward: error: ./broken.yaml:5:1: YAML syntax error: while parsing a flow sequence, expected ',' or ']'\n{WARNING}"
        )
    );
    assert_eq!(out.json()["nodes"].as_array().map(Vec::len), Some(3));

    let out = run(dir.path(), &["netpol", "matrix", "missing.yaml"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "kubeward: error: missing.yaml: no such file or directory\n"
    );
    assert_eq!(
        out.stdout,
        "Nodes:\n  0  external\n\nReachability (row: from, column: to; * every port, + some ports, . none):\n     0\n  0  .\n\nAllowed connections (0):\n"
    );
}

const DESIGN_EXACT: &str = "\
connections:
  - from: {namespace: shop, workload: api}
    to: {namespace: shop, labels: {app: web}}
    ports: [TCP/8080]
  - from: external
    to: {namespace: shop, workload: Deployment/web}
    ports: [\"8080\"]
  - from: {namespace: shop, workload: api}
    to: external
    ports: [UDP/53]
";

#[test]
fn check_exits_0_when_the_policies_match_the_design() {
    let dir = app_dir();
    write(dir.path(), "design.yaml", DESIGN_EXACT);
    let out = check(dir.path(), &[]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(
        out.stdout,
        "The policies allow exactly the designed connections (3 connections)\n"
    );
}

const DESIGN_DRIFT: &str = "\
connections:
  - from: {namespace: shop, workload: api}
    to: {namespace: shop, workload: web}
    ports: [TCP/8000-8090]
  - from: {namespace: shop}
    to: {namespace: shop, workload: db}
";

#[test]
fn check_reports_every_mismatch_and_exits_1() {
    let dir = app_dir();
    write(dir.path(), "design.yaml", DESIGN_DRIFT);
    let out = check(dir.path(), &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "\
Allowed by the policies, not in the design (2):
  shop/Deployment/api -> external  UDP/53
  external -> shop/Deployment/web  TCP/8080
In the design, blocked by the policies (1):
  shop/Deployment/api -> shop/Deployment/web  TCP/8000-8079, TCP/8081-8090  (design.yaml:2)
Design entries that match no loaded workload (1):
  design.yaml:5: `to` (namespace `shop` workload `db`) matches no loaded workload

4 mismatches with the design
"
    );
    let out = run(
        dir.path(),
        &[
            "netpol",
            "check",
            "--design",
            "design.yaml",
            "-f",
            "json",
            "app.yaml",
        ],
    );
    assert_eq!(out.code, 1);
    assert_eq!(
        out.json(),
        json!({
            "exact": false,
            "allowed_not_designed": [
                {"from": "shop/Deployment/api", "to": "external", "ports": ["UDP/53"]},
                {"from": "external", "to": "shop/Deployment/web", "ports": ["TCP/8080"]},
            ],
            "designed_but_blocked": [
                {"from": "shop/Deployment/api", "to": "shop/Deployment/web",
                 "ports": ["TCP/8000-8079", "TCP/8081-8090"], "design": ["design.yaml:2"]},
            ],
            "unmatched_design": [
                {"design": "design.yaml:5", "message": "`to` (namespace `shop` workload `db`) matches no loaded workload"},
            ],
        })
    );
}

#[test]
fn a_malformed_design_exits_3_with_its_location() {
    let dir = app_dir();
    for (design, message) in [
        (
            "connections:\n  - from: {namespace: shop}\n    to: {namespace: shop}\n    ports: [TCP/80-70]\n",
            "design.yaml:4:13: invalid design: port range `80-70` ends before it starts",
        ),
        (
            "connections:\n  - from: {namespace: shop}\n    too: external\n",
            "design.yaml:3:5: invalid design: unknown key `too` (expected from, to, ports)",
        ),
        (
            "connections:\n  - from: {workload: web}\n    to: external\n",
            "design.yaml:2:11: invalid design: `from` needs a `namespace`",
        ),
        (
            "connections:\n  - from: external\n    to: external\n",
            "design.yaml:2:5: invalid design: `from` and `to` cannot both be `external`",
        ),
        (
            "conections: []\n",
            "design.yaml:1:1: invalid design: unknown key `conections` (expected `connections`)",
        ),
    ] {
        write(dir.path(), "design.yaml", design);
        let out = check(dir.path(), &[]);
        assert_eq!(out.code, 3, "{design}: {}", out.stderr);
        assert_eq!(
            out.stderr,
            format!("kubeward: error: {message}\n"),
            "{design}"
        );
        assert_eq!(out.stdout, "");
    }
    let out = run(
        dir.path(),
        &["netpol", "check", "--design", "nope.yaml", "app.yaml"],
    );
    assert_eq!(out.code, 3);
    assert!(
        out.stderr
            .starts_with("kubeward: error: nope.yaml: cannot read the design file:"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_bundled_example_and_design() {
    let root = workspace_root();
    let out = run(
        &root,
        &["netpol", "matrix", "examples/insecure/netpol-payments.yaml"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "\
Nodes:
  0  payments/Deployment/checkout
  1  payments/StatefulSet/ledger
  2  external

Reachability (row: from, column: to; * every port, + some ports, . none):
     0 1 2
  0  . + .
  1  . . *
  2  . * .

Allowed connections (3):
  payments/Deployment/checkout -> payments/StatefulSet/ledger  TCP/5432
  payments/StatefulSet/ledger -> external  TCP/*, UDP/*, SCTP/*
  external -> payments/StatefulSet/ledger  TCP/*, UDP/*, SCTP/*
"
    );
    let out = run(
        &root,
        &[
            "netpol",
            "check",
            "--design",
            "examples/netpol-design.yaml",
            "examples/insecure/netpol-payments.yaml",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "\
Allowed by the policies, not in the design (2):
  payments/StatefulSet/ledger -> external  TCP/*, UDP/*, SCTP/*
  external -> payments/StatefulSet/ledger  TCP/*, UDP/*, SCTP/*
In the design, blocked by the policies (1):
  external -> payments/Deployment/checkout  TCP/8080  (examples/netpol-design.yaml:6)

3 mismatches with the design
"
    );
}
