//! `kubeward rbac who-can` and `kubeward rbac can` through the binary: exact answers, JSON
//! shape, exit codes for bad subjects and unreadable input.

mod support;

use serde_json::json;
use support::{run, run_with, temp_dir, workspace_root, write};

/// A ClusterRole aggregating two labelled ClusterRoles, bound cluster-wide to a ServiceAccount;
/// the built-in `edit` bound in `shop` to a group and to a ServiceAccount written without its
/// namespace; a binding to a Role that is not loaded.
const RBAC: &str = "\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: monitoring}
aggregationRule:
  clusterRoleSelectors:
    - matchLabels: {example.com/aggregate-to-monitoring: \"true\"}
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: monitoring-pods
  labels: {example.com/aggregate-to-monitoring: \"true\"}
rules:
  - {apiGroups: [\"\"], resources: [pods, pods/log], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: monitoring-secrets
  labels: {example.com/aggregate-to-monitoring: \"true\"}
rules:
  - {apiGroups: [\"\"], resources: [secrets], resourceNames: [scrape-token], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: prometheus}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitoring}
subjects:
  - {kind: ServiceAccount, name: prometheus, namespace: monitoring}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: devs-edit, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects:
  - {kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io}
  - {kind: ServiceAccount, name: ci}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ghost, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: missing}
subjects:
  - {kind: User, name: bob}
";

const MASTERS: &str =
    "Group:system:masters  ClusterRoleBinding/cluster-admin -> ClusterRole/cluster-admin";

#[test]
fn who_can_answers_through_an_aggregated_role_in_json() {
    let dir = temp_dir();
    write(dir.path(), "rbac.yaml", RBAC);
    let out = run(
        dir.path(),
        &["rbac", "who-can", "list", "pods", "--format", "json"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Sorted by kind, namespace, name.
    assert_eq!(
        out.json(),
        json!([
            {"subject": {"kind": "Group", "name": "devs", "namespace": null},
             "via": [{"binding": "RoleBinding/shop/devs-edit", "role": "ClusterRole/edit"}]},
            {"subject": {"kind": "Group", "name": "system:masters", "namespace": null},
             "via": [{"binding": "ClusterRoleBinding/cluster-admin", "role": "ClusterRole/cluster-admin"}]},
            {"subject": {"kind": "ServiceAccount", "name": "prometheus", "namespace": "monitoring"},
             "via": [{"binding": "ClusterRoleBinding/prometheus", "role": "ClusterRole/monitoring"}]},
            {"subject": {"kind": "ServiceAccount", "name": "ci", "namespace": "shop"},
             "via": [{"binding": "RoleBinding/shop/devs-edit", "role": "ClusterRole/edit"}]},
        ])
    );
    // The unknown role is said, not guessed.
    assert_eq!(
        out.stderr,
        "kubeward: note: RoleBinding shop/ghost refers to Role shop/missing, which is not in the input: what it grants is unknown\n"
    );
}

#[test]
fn who_can_limits_to_a_namespace_and_honours_subresources_and_names() {
    let dir = temp_dir();
    write(dir.path(), "rbac.yaml", RBAC);
    // pods/log: through the aggregated role and edit's view part; not in namespace `web` for edit.
    let out = run(
        dir.path(),
        &[
            "rbac",
            "who-can",
            "get",
            "pods/log",
            "--namespace",
            "web",
            ".",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        format!(
            "2 subject(s) can get pods/log in namespace web:\n  {MASTERS}\n  ServiceAccount:monitoring:prometheus  ClusterRoleBinding/prometheus -> ClusterRole/monitoring\n"
        )
        .replace(
            "Group:system:masters  ",
            "Group:system:masters                  "
        )
    );
    // `get secrets` on no particular name: the resourceNames rule does not count.
    let out = run(
        dir.path(),
        &["rbac", "who-can", "get", "secrets", "-n", "web"],
    );
    assert_eq!(
        out.stdout,
        format!("1 subject(s) can get secrets in namespace web:\n  {MASTERS}\n")
    );
    // Deployments are in `apps`; exec is a subresource of pods.
    let out = run(
        dir.path(),
        &[
            "rbac",
            "who-can",
            "create",
            "pods/exec",
            "-n",
            "shop",
            "-f",
            "json",
        ],
    );
    let subjects: Vec<String> = out
        .json()
        .as_array()
        .expect("array")
        .iter()
        .map(|g| {
            g["subject"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(subjects, ["devs", "system:masters", "ci"]);
    let out = run(
        dir.path(),
        &["rbac", "who-can", "delete", "deployments", "-n", "web"],
    );
    assert_eq!(
        out.stdout,
        format!("1 subject(s) can delete deployments.apps in namespace web:\n  {MASTERS}\n")
    );
}

#[test]
fn who_can_answers_for_non_resource_urls() {
    let dir = temp_dir();
    write(dir.path(), "rbac.yaml", RBAC);
    let out = run(dir.path(), &["rbac", "who-can", "get", "/healthz"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "\
3 subject(s) can get /healthz:
  Group:system:authenticated    ClusterRoleBinding/system:discovery -> ClusterRole/system:discovery
                                ClusterRoleBinding/system:public-info-viewer -> ClusterRole/system:public-info-viewer
  Group:system:masters          ClusterRoleBinding/cluster-admin -> ClusterRole/cluster-admin
  Group:system:unauthenticated  ClusterRoleBinding/system:public-info-viewer -> ClusterRole/system:public-info-viewer
"
    );
    let out = run(
        dir.path(),
        &["rbac", "who-can", "get", "/metrics", "-n", "shop"],
    );
    assert_eq!(out.code, 3);
    assert_eq!(
        out.stderr,
        "kubeward: usage error: `/metrics` is a non-resource URL, which is not namespaced: drop --namespace\n"
    );
}

#[test]
fn can_lists_a_service_account_s_permissions() {
    let dir = temp_dir();
    write(dir.path(), "rbac.yaml", RBAC);
    let out = run(
        dir.path(),
        &["rbac", "can", "ServiceAccount:monitoring:prometheus", "."],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "\
ServiceAccount:monitoring:prometheus can:
  cluster-wide, ClusterRoleBinding/prometheus -> ClusterRole/monitoring:
    get,list on pods,pods/log [core]
    get on secrets [core] named scrape-token
  cluster-wide, ClusterRoleBinding/system:basic-user -> ClusterRole/system:basic-user (as Group:system:authenticated):
    create on selfsubjectaccessreviews,selfsubjectrulesreviews [authorization.k8s.io]
    create on selfsubjectreviews [authentication.k8s.io]
  cluster-wide, ClusterRoleBinding/system:discovery -> ClusterRole/system:discovery (as Group:system:authenticated):
    get on /api,/api/*,/apis,/apis/*,/healthz,/livez,/openapi,/openapi/*,/readyz,/version,/version/
  cluster-wide, ClusterRoleBinding/system:public-info-viewer -> ClusterRole/system:public-info-viewer (as Group:system:authenticated):
    get on /healthz,/livez,/readyz,/version,/version/
"
    );
    // The ServiceAccount written without a namespace in a RoleBinding is in the binding's.
    let out = run(
        dir.path(),
        &["rbac", "can", "ServiceAccount:shop:ci", "--format", "json"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let perms = out.json();
    let first_edit = perms
        .as_array()
        .expect("array")
        .iter()
        .find(|p| p["role"] == "ClusterRole/edit")
        .expect("edit applies");
    assert_eq!(
        first_edit,
        &json!({
            "namespace": "shop",
            "binding": "RoleBinding/shop/devs-edit",
            "role": "ClusterRole/edit",
            "through": {"kind": "ServiceAccount", "name": "ci", "namespace": "shop"},
            "verbs": ["get", "list", "watch"],
            "apiGroups": [""],
            "resources": ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"],
            "resourceNames": [],
            "nonResourceURLs": [],
        })
    );
    let out = run(dir.path(), &["rbac", "can", "ServiceAccount:web:ci"]);
    assert!(!out.stdout.contains("ClusterRole/edit"), "{}", out.stdout);
}

#[test]
fn malformed_subjects_and_resources_are_usage_errors() {
    let dir = temp_dir();
    write(dir.path(), "rbac.yaml", RBAC);
    for (args, message) in [
        (
            vec!["rbac", "can", "ServiceAccount:shop"],
            "kubeward: usage error: invalid subject `ServiceAccount:shop`: a ServiceAccount is ServiceAccount:<namespace>:<name>\n",
        ),
        (
            vec!["rbac", "can", "alice"],
            "kubeward: usage error: invalid subject `alice`: expected ServiceAccount:<namespace>:<name>, User:<name> or Group:<name>\n",
        ),
        (
            vec!["rbac", "who-can", "get", "pods/"],
            "kubeward: usage error: invalid resource `pods/`: expected RESOURCE[/SUBRESOURCE], e.g. `secrets` or `pods/exec`\n",
        ),
    ] {
        let out = run(dir.path(), &args);
        assert_eq!(out.code, 3, "{args:?}");
        assert_eq!(out.stderr, message);
        assert_eq!(out.stdout, "");
    }
}

#[test]
fn unreadable_input_exits_2_and_still_answers() {
    let dir = temp_dir();
    write(dir.path(), "rbac.yaml", RBAC);
    write(dir.path(), "broken.yaml", "kind: [unclosed\n");
    let out = run(dir.path(), &["rbac", "can", "Group:devs", "-f", "json"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.starts_with("kubeward: error: ./broken.yaml"),
        "{}",
        out.stderr
    );
    let perms = out.json();
    let roles: Vec<&str> = perms
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|p| p["role"].as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(
        roles,
        [
            "ClusterRole/edit",
            "ClusterRole/system:basic-user",
            "ClusterRole/system:discovery",
            "ClusterRole/system:public-info-viewer",
        ]
    );
    // Standard input works like `kubeward scan -`.
    let out = run_with(
        dir.path(),
        &["rbac", "who-can", "get", "secrets", "-n", "shop", "-"],
        Some(RBAC),
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("3 subject(s) can get secrets in namespace shop:\n")
    );
}

#[test]
fn the_bundled_example_shows_the_shop_escalation() {
    let root = workspace_root();
    let out = run(
        &root,
        &[
            "rbac",
            "who-can",
            "create",
            "pods",
            "-n",
            "shop",
            "examples/insecure",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "\
3 subject(s) can create pods in namespace shop:
  Group:shop-devs               RoleBinding/shop/shop-devs-edit -> ClusterRole/edit
  Group:system:masters          ClusterRoleBinding/breakglass-masters -> ClusterRole/cluster-admin
                                ClusterRoleBinding/cluster-admin -> ClusterRole/cluster-admin
  ServiceAccount:shop:deployer  ClusterRoleBinding/shop-deployer-admin -> ClusterRole/cluster-admin
"
    );
}
