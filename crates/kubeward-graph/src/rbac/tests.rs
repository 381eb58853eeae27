use super::*;
use kubeward_loader::{LoadOptions, load_bytes};
use std::sync::Arc;

fn rbac(text: &str) -> Rbac {
    let load = load_bytes(
        "rbac.yaml".into(),
        text.as_bytes(),
        false,
        &LoadOptions::default(),
    );
    assert!(load.errors.is_empty(), "{:?}", load.errors);
    let graph = Graph::build(load.objects.into_iter().map(Arc::new).collect());
    Rbac::build(&graph)
}

fn user(name: &str) -> Subject {
    Subject::user(name)
}

fn sa(ns: &str, name: &str) -> Subject {
    Subject::service_account(ns, name)
}

fn who(grants: &[Grant]) -> Vec<String> {
    grants
        .iter()
        .map(|g| {
            let via: Vec<String> = g
                .via
                .iter()
                .map(|v| format!("{} -> {}", v.binding, v.role))
                .collect();
            format!("{} [{}]", g.subject, via.join("; "))
        })
        .collect()
}

const AGGREGATED: &str = "\
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
  - apiGroups: [\"\"]
    resources: [pods, pods/log]
    verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: monitoring-metrics
  labels: {example.com/aggregate-to-monitoring: \"true\"}
rules:
  - apiGroups: [metrics.k8s.io]
    resources: [\"*\"]
    verbs: [get]
  - nonResourceURLs: [/metrics, /debug/*]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: unrelated
  labels: {example.com/aggregate-to-monitoring: \"false\"}
rules:
  - apiGroups: [\"\"]
    resources: [secrets]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: prometheus}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitoring}
subjects:
  - {kind: ServiceAccount, name: prometheus, namespace: monitoring}
";

#[test]
fn aggregated_cluster_role_unions_the_labelled_roles() {
    let rbac = rbac(AGGREGATED);
    let role = rbac
        .find_role(RoleKind::ClusterRole, None, "monitoring")
        .expect("monitoring");
    assert!(role.aggregated);
    assert_eq!(role.aggregates, ["monitoring-metrics", "monitoring-pods"]);
    let summaries: Vec<String> = role.rules.iter().map(PolicyRule::summary).collect();
    assert_eq!(
        summaries,
        [
            "get on * [metrics.k8s.io]",
            "get on /metrics,/debug/*",
            "get,list on pods,pods/log [core]",
        ]
    );
    let prom = sa("monitoring", "prometheus");
    assert!(rbac.allows(&prom, "list", "", "pods", None, Some("shop")));
    assert!(rbac.allows(&prom, "get", "", "pods", Some("log"), None));
    assert!(!rbac.allows(&prom, "get", "", "secrets", None, Some("shop")));
    assert!(!rbac.allows(&prom, "watch", "", "pods", None, Some("shop")));
    assert!(rbac.allows_non_resource(&prom, "get", "/metrics"));
    assert!(rbac.allows_non_resource(&prom, "get", "/debug/pprof"));
    assert!(!rbac.allows_non_resource(&prom, "post", "/metrics"));
    assert_eq!(
        who(&rbac.who_can("get", "", "pods", Some("log"), Some("shop"))),
        [
            "Group:system:masters [ClusterRoleBinding/cluster-admin -> ClusterRole/cluster-admin]",
            "ServiceAccount:monitoring:prometheus [ClusterRoleBinding/prometheus -> ClusterRole/monitoring]",
        ]
    );
    assert_eq!(
        who(&rbac.who_can_non_resource("get", "/debug/pprof/heap")),
        [
            "Group:system:masters [ClusterRoleBinding/cluster-admin -> ClusterRole/cluster-admin]",
            "ServiceAccount:monitoring:prometheus [ClusterRoleBinding/prometheus -> ClusterRole/monitoring]",
        ]
    );
    assert_eq!(
        who(&rbac.who_can_non_resource("get", "/healthz")),
        [
            "Group:system:authenticated [ClusterRoleBinding/system:discovery -> ClusterRole/system:discovery; ClusterRoleBinding/system:public-info-viewer -> ClusterRole/system:public-info-viewer]",
            "Group:system:masters [ClusterRoleBinding/cluster-admin -> ClusterRole/cluster-admin]",
            "Group:system:unauthenticated [ClusterRoleBinding/system:public-info-viewer -> ClusterRole/system:public-info-viewer]",
        ]
    );
    assert!(rbac.problems().is_empty(), "{:?}", rbac.problems());
}

#[test]
fn built_in_roles_aggregate_as_upstream() {
    let rbac = rbac(
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: widgets-edit\n  labels: {rbac.authorization.k8s.io/aggregate-to-edit: \"true\"}\nrules:\n  - {apiGroups: [example.com], resources: [widgets], verbs: [create]}\n",
    );
    let view = rbac
        .find_role(RoleKind::ClusterRole, None, "view")
        .expect("view");
    let edit = rbac
        .find_role(RoleKind::ClusterRole, None, "edit")
        .expect("edit");
    let admin = rbac
        .find_role(RoleKind::ClusterRole, None, "admin")
        .expect("admin");
    assert!(view.is_builtin());
    assert_eq!(view.aggregates, ["system:aggregate-to-view"]);
    assert_eq!(
        edit.aggregates,
        ["system:aggregate-to-edit", "view", "widgets-edit"]
    );
    assert_eq!(admin.aggregates, ["edit", "system:aggregate-to-admin"]);
    // view reads no secrets; edit reads and writes them; admin also manages RoleBindings.
    assert!(view.allows("list", "", "pods", None, None));
    assert!(!view.allows("get", "", "secrets", None, None));
    assert!(edit.allows("get", "", "secrets", None, None));
    assert!(edit.allows("create", "", "pods", Some("exec"), None));
    assert!(edit.allows("create", "example.com", "widgets", None, None));
    assert!(edit.allows("list", "apps", "deployments", None, None));
    assert!(!edit.allows("create", RBAC_GROUP, "rolebindings", None, None));
    assert!(admin.allows("create", RBAC_GROUP, "rolebindings", None, None));
    assert!(admin.allows("create", "example.com", "widgets", None, None));
    assert!(admin.allows("get", "", "pods", Some("log"), None));
    assert!(!admin.is_admin_equivalent());
    assert!(
        rbac.find_role(RoleKind::ClusterRole, None, "cluster-admin")
            .expect("cluster-admin")
            .is_admin_equivalent()
    );
}

const EDIT_BINDING: &str = "\
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
metadata: {name: alice-admin, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
subjects:
  - {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}
";

#[test]
fn built_in_edit_and_admin_bound_in_a_namespace() {
    let rbac = rbac(EDIT_BINDING);
    let dev = Subject::group("devs");
    // The ServiceAccount subject without a namespace is in the RoleBinding's.
    let ci = sa("shop", "ci");
    for s in [&dev, &ci] {
        assert!(rbac.allows(s, "get", "", "secrets", None, Some("shop")));
        assert!(rbac.allows(s, "create", "", "pods", Some("exec"), Some("shop")));
        assert!(!rbac.allows(s, "get", "", "secrets", None, Some("other")));
        assert!(!rbac.allows(s, "get", "", "secrets", None, None));
        assert!(!rbac.allows(s, "create", RBAC_GROUP, "rolebindings", None, Some("shop")));
    }
    assert!(!rbac.allows(&sa("other", "ci"), "get", "", "secrets", None, Some("shop")));
    assert!(rbac.allows(
        &user("alice"),
        "create",
        RBAC_GROUP,
        "rolebindings",
        None,
        Some("shop")
    ));
    assert!(!rbac.allows(&user("bob"), "get", "", "pods", None, Some("shop")));
    // Everyone authenticated gets discovery; system:masters is cluster-admin.
    assert!(rbac.allows_non_resource(&user("bob"), "get", "/apis/apps"));
    assert!(!rbac.allows_non_resource(&user("system:anonymous"), "get", "/apis"));
    assert!(rbac.allows_non_resource(&user("system:anonymous"), "get", "/healthz"));
    assert!(rbac.is_cluster_admin(&Subject::group("system:masters")));
    assert_eq!(
        who(&rbac.who_can("get", "", "secrets", None, Some("shop"))),
        [
            "User:alice [RoleBinding/shop/alice-admin -> ClusterRole/admin]",
            "Group:devs [RoleBinding/shop/devs-edit -> ClusterRole/edit]",
            "Group:system:masters [ClusterRoleBinding/cluster-admin -> ClusterRole/cluster-admin]",
            "ServiceAccount:shop:ci [RoleBinding/shop/devs-edit -> ClusterRole/edit]",
        ]
    );
    assert_eq!(
        who(&rbac.who_can("get", "", "secrets", None, Some("other"))),
        ["Group:system:masters [ClusterRoleBinding/cluster-admin -> ClusterRole/cluster-admin]"]
    );
    // Nodes are cluster-scoped: RoleBindings never grant them, even "anywhere".
    assert_eq!(
        who(&rbac.who_can("get", "", "nodes", None, None)),
        ["Group:system:masters [ClusterRoleBinding/cluster-admin -> ClusterRole/cluster-admin]"]
    );
    let perms = rbac.permissions_of(&ci);
    assert!(perms.iter().all(|p| p.namespace.as_deref() == Some("shop")
        || p.via.binding.starts_with("ClusterRoleBinding/system:")));
    assert!(
        perms.iter().any(|p| p.via.role == "ClusterRole/edit"
            && p.through == Subject::service_account("shop", "ci"))
    );
    assert!(rbac.service_account_can_read_secrets("shop", "ci"));
    assert!(!rbac.service_account_can_read_secrets("shop", "web"));
}

const NAMES_AND_SUBRESOURCES: &str = "\
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: limited, namespace: shop}
rules:
  - apiGroups: [\"\"]
    resources: [secrets]
    resourceNames: [db-creds]
    verbs: [get]
  - apiGroups: [\"\"]
    resources: [\"*/status\"]
    verbs: [patch]
  - apiGroups: [apps]
    resources: [deployments/scale]
    verbs: [update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: limited, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: limited}
subjects:
  - {kind: User, name: \"system:serviceaccount:shop:web\"}
";

#[test]
fn resource_names_and_subresources_match_like_the_authorizer() {
    let rbac = rbac(NAMES_AND_SUBRESOURCES);
    // A User named like a ServiceAccount is that ServiceAccount.
    let web = sa("shop", "web");
    let ns = Some("shop");
    assert!(rbac.allows_named(&web, "get", "", "secrets", None, ns, Some("db-creds")));
    assert!(!rbac.allows_named(&web, "get", "", "secrets", None, ns, Some("other")));
    assert!(!rbac.allows(&web, "get", "", "secrets", None, ns));
    assert!(!rbac.allows(&web, "list", "", "secrets", None, ns));
    assert!(rbac.allows(&web, "patch", "", "services", Some("status"), ns));
    assert!(rbac.allows(&web, "patch", "", "pods", Some("status"), ns));
    assert!(!rbac.allows(&web, "patch", "", "pods", None, ns));
    assert!(!rbac.allows(&web, "patch", "", "pods", Some("statuses"), ns));
    assert!(!rbac.allows(&web, "patch", "apps", "deployments", Some("status"), ns));
    assert!(rbac.allows(&web, "update", "apps", "deployments", Some("scale"), ns));
    assert!(!rbac.allows(&web, "update", "apps", "deployments", None, ns));
    assert!(rbac.service_account_can_read_secrets("shop", "web"));
    let role = rbac
        .find_role(RoleKind::Role, Some("shop"), "limited")
        .expect("limited");
    assert_eq!(
        role.reach("get", "", "secrets", None),
        Some(Reach::Names(vec!["db-creds".to_string()]))
    );
    assert_eq!(
        who(&rbac.who_can("get", "", "secrets", None, Some("shop"))),
        ["Group:system:masters [ClusterRoleBinding/cluster-admin -> ClusterRole/cluster-admin]"]
    );
}

#[test]
fn unknown_roles_and_invalid_subjects_are_problems() {
    let rbac = rbac(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: ghost, namespace: shop}\nroleRef: {kind: Role, name: missing}\nsubjects: [{kind: User, name: bob}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: bad}\nroleRef: {kind: ClusterRole, name: view}\nsubjects: [{kind: ServiceAccount, name: x}, {kind: Robot, name: r2}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: role-ref}\nroleRef: {kind: Role, name: view}\nsubjects: [{kind: User, name: carol}]\n",
    );
    // In the order of the objects.
    let messages: Vec<&str> = rbac.problems().iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "RoleBinding shop/ghost refers to Role shop/missing, which is not in the input: what it grants is unknown",
            "ClusterRoleBinding bad: ServiceAccount subject `x` has no namespace, so it matches nobody",
            "ClusterRoleBinding bad: subject `r2` has unknown kind `Robot`",
            "ClusterRoleBinding role-ref has no valid roleRef (a ClusterRoleBinding must refer to a ClusterRole): it grants nothing",
        ]
    );
    let ghost = rbac
        .bindings()
        .iter()
        .find(|b| b.name == "ghost")
        .expect("ghost kept");
    assert_eq!(ghost.role, None);
    assert!(!rbac.allows(&user("bob"), "get", "", "pods", None, Some("shop")));
    assert!(!rbac.allows(&user("carol"), "get", "", "pods", None, Some("shop")));
}

const ESCALATION: &str = "\
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: deployer, namespace: shop}
rules:
  - apiGroups: [apps]
    resources: [deployments]
    verbs: [create, update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: alice-deploys, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer}
subjects:
  - {kind: User, name: alice}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: deployer-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
  - {kind: ServiceAccount, name: deployer, namespace: shop}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: reader, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects:
  - {kind: ServiceAccount, name: reader, namespace: shop}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: bob-deploys, namespace: web}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects:
  - {kind: User, name: bob}
";

#[test]
fn pod_create_reaches_the_service_accounts_of_its_namespace() {
    let rbac = rbac(ESCALATION);
    let escalations = rbac.pod_create_escalations();
    let got: Vec<String> = escalations
        .iter()
        .map(|e| {
            let hops: Vec<String> = e
                .hops
                .iter()
                .map(|h| {
                    format!(
                        "{} in {:?} as {}",
                        h.creates, h.namespace, h.service_account
                    )
                })
                .collect();
            format!(
                "{} via {}: {} -> {:?} via {}",
                e.subject,
                rbac.bindings()[e.binding].key(),
                hops.join(", "),
                e.gain,
                rbac.bindings()[e.sa_binding].key()
            )
        })
        .collect();
    // alice reaches cluster-admin (over the reader SA's secrets); the reader SA can create pods
    // itself (edit) and reaches deployer; bob's namespace has no powerful ServiceAccount.
    assert_eq!(
        got,
        [
            "User:alice via RoleBinding/shop/alice-deploys: deployments in Some(\"shop\") as ServiceAccount:shop:deployer -> ClusterAdmin via ClusterRoleBinding/deployer-admin",
            "ServiceAccount:shop:reader via RoleBinding/shop/reader: pods in Some(\"shop\") as ServiceAccount:shop:deployer -> ClusterAdmin via ClusterRoleBinding/deployer-admin",
        ]
    );
    assert_eq!(escalations[0].subject_index, 0);
    assert_eq!(escalations[0].service_account(), &sa("shop", "deployer"));
}

const TWO_HOPS: &str = "\
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: alice, namespace: dev}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-runner}
subjects: [{kind: User, name: alice}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: pod-runner}
rules: [{apiGroups: [\"\"], resources: [pods], verbs: [create]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ci-deploys-prod, namespace: prod}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: ServiceAccount, name: ci, namespace: dev}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: dev-secrets, namespace: dev}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: ServiceAccount, name: viewer, namespace: dev}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: prod-deployer}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: ServiceAccount, name: deployer, namespace: prod}]
";

#[test]
fn escalation_follows_service_accounts_that_create_pods_elsewhere() {
    let rbac = rbac(TWO_HOPS);
    let escalations = rbac.pod_create_escalations();
    let alice = escalations
        .iter()
        .find(|e| e.subject == user("alice"))
        .expect("alice escalates");
    assert_eq!(
        alice.hops,
        [
            Hop {
                creates: "pods".to_string(),
                namespace: Some("dev".to_string()),
                service_account: sa("dev", "ci"),
            },
            Hop {
                creates: "pods".to_string(),
                namespace: Some("prod".to_string()),
                service_account: sa("prod", "deployer"),
            },
        ]
    );
    assert_eq!(alice.gain, Gain::ClusterAdmin);
    assert_eq!(rbac.bindings()[alice.sa_binding].name, "prod-deployer");
    // dev/ci itself reaches prod/deployer in one hop.
    let subjects: Vec<String> = escalations.iter().map(|e| e.subject.to_string()).collect();
    assert_eq!(subjects, ["User:alice", "ServiceAccount:dev:ci"]);
}

#[test]
fn kubernetes_default_bindings_are_recognised() {
    let rbac = rbac(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: system:controller:job-controller}\nroleRef: {kind: ClusterRole, name: system:controller:job-controller}\nsubjects: [{kind: ServiceAccount, name: job-controller, namespace: kube-system}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: cluster-admin}\nroleRef: {kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: Group, name: system:masters}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ops}\nroleRef: {kind: ClusterRole, name: system:node}\nsubjects: [{kind: User, name: ops}]\n",
    );
    let rbac = &rbac;
    let defaults: Vec<(String, bool)> = rbac
        .bindings()
        .iter()
        .flat_map(|b| {
            b.subjects
                .iter()
                .map(move |s| (b.key(), rbac.is_kubernetes_default(b, &s.subject)))
        })
        .collect();
    assert_eq!(
        defaults,
        [
            (
                "ClusterRoleBinding/system:controller:job-controller".to_string(),
                true
            ),
            ("ClusterRoleBinding/cluster-admin".to_string(), true),
            ("ClusterRoleBinding/ops".to_string(), false),
            ("ClusterRoleBinding/system:basic-user".to_string(), true),
            ("ClusterRoleBinding/system:discovery".to_string(), true),
            (
                "ClusterRoleBinding/system:public-info-viewer".to_string(),
                true
            ),
            (
                "ClusterRoleBinding/system:public-info-viewer".to_string(),
                true
            ),
        ]
    );
}

#[test]
fn subjects_parse_and_print() {
    assert_eq!(
        Subject::parse("ServiceAccount:shop:deployer"),
        Ok(sa("shop", "deployer"))
    );
    assert_eq!(Subject::parse("User:oidc:alice"), Ok(user("oidc:alice")));
    assert_eq!(
        Subject::parse("Group:system:masters"),
        Ok(Subject::group("system:masters"))
    );
    assert_eq!(
        Subject::parse("User:system:serviceaccount:shop:web"),
        Ok(sa("shop", "web"))
    );
    assert_eq!(
        sa("shop", "deployer").to_string(),
        "ServiceAccount:shop:deployer"
    );
    assert_eq!(
        sa("shop", "deployer").describe(),
        "ServiceAccount shop/deployer"
    );
    for bad in [
        "alice",
        "User:",
        "ServiceAccount:shop",
        "ServiceAccount::x",
        "Robot:r2",
    ] {
        assert!(Subject::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn wildcards_and_non_resource_urls() {
    let rule = PolicyRule {
        verbs: vec!["*".into()],
        api_groups: vec!["*".into()],
        resources: vec!["*".into()],
        ..PolicyRule::default()
    };
    assert!(rule.allows("delete", "apps", "deployments", Some("scale"), Some("x")));
    assert!(rule.is_everything());
    assert!(!rule.allows_non_resource("get", "/healthz"));
    let named = PolicyRule {
        resource_names: vec!["a".into()],
        ..rule.clone()
    };
    assert!(!named.is_everything());
    let any_status = PolicyRule {
        verbs: vec!["get".into()],
        api_groups: vec!["".into()],
        resources: vec!["*/status".into()],
        ..PolicyRule::default()
    };
    assert!(!any_status.allows("get", "", "status", None, None));
    assert!(any_status.allows("get", "", "nodes", Some("status"), None));
}
