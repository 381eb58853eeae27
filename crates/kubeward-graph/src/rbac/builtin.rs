//! The ClusterRoles and ClusterRoleBindings every cluster has (the API server's bootstrap
//! policy, `plugin/pkg/auth/authorizer/rbac/bootstrappolicy`), so bindings to `edit` or
//! `cluster-admin` resolve even when the input does not contain them. An object of the same kind
//! and name in the input replaces the built-in one (a cluster dump carries them all).
//!
//! Modelled: `cluster-admin`; `admin`, `edit` and `view` with the aggregation upstream defines
//! (`admin` aggregates `edit`, which aggregates `view`, plus the `system:aggregate-to-*` roles);
//! `system:discovery`, `system:basic-user` and `system:public-info-viewer`; the bindings of
//! `cluster-admin` to the group `system:masters` and of the discovery roles to
//! `system:authenticated` / `system:unauthenticated`. The controllers' and nodes' own
//! `system:` roles are not modelled: bindings to them resolve only when they are loaded.

/// One rule of the bootstrap policy: verbs, API groups, resources; or non-resource URLs.
pub(crate) struct BuiltinRule {
    pub verbs: &'static [&'static str],
    pub api_groups: &'static [&'static str],
    pub resources: &'static [&'static str],
    pub non_resource_urls: &'static [&'static str],
}

const fn res(
    api_groups: &'static [&'static str],
    resources: &'static [&'static str],
    verbs: &'static [&'static str],
) -> BuiltinRule {
    BuiltinRule {
        verbs,
        api_groups,
        resources,
        non_resource_urls: &[],
    }
}

const fn urls(urls: &'static [&'static str], verbs: &'static [&'static str]) -> BuiltinRule {
    BuiltinRule {
        verbs,
        api_groups: &[],
        resources: &[],
        non_resource_urls: urls,
    }
}

pub(crate) struct BuiltinRole {
    pub name: &'static str,
    pub labels: &'static [(&'static str, &'static str)],
    /// `aggregationRule.clusterRoleSelectors`, each a `matchLabels` of one pair.
    pub aggregate: Option<(&'static str, &'static str)>,
    pub rules: &'static [BuiltinRule],
}

pub(crate) struct BuiltinBinding {
    pub name: &'static str,
    pub role: &'static str,
    /// `(kind, name)`: `Group` or `User`.
    pub subjects: &'static [(&'static str, &'static str)],
}

const READ: &[&str] = &["get", "list", "watch"];
const WRITE: &[&str] = &["create", "delete", "deletecollection", "patch", "update"];
const ALL_RW: &[&str] = &[
    "create",
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "update",
    "watch",
];

const AGG_ADMIN: &str = "rbac.authorization.k8s.io/aggregate-to-admin";
const AGG_EDIT: &str = "rbac.authorization.k8s.io/aggregate-to-edit";
const AGG_VIEW: &str = "rbac.authorization.k8s.io/aggregate-to-view";
const BOOTSTRAP: (&str, &str) = ("kubernetes.io/bootstrapping", "rbac-defaults");

pub(crate) const ROLES: &[BuiltinRole] = &[
    BuiltinRole {
        name: "cluster-admin",
        labels: &[BOOTSTRAP],
        aggregate: None,
        rules: &[res(&["*"], &["*"], &["*"]), urls(&["*"], &["*"])],
    },
    BuiltinRole {
        name: "admin",
        labels: &[BOOTSTRAP],
        aggregate: Some((AGG_ADMIN, "true")),
        rules: &[],
    },
    BuiltinRole {
        name: "edit",
        labels: &[BOOTSTRAP, (AGG_ADMIN, "true")],
        aggregate: Some((AGG_EDIT, "true")),
        rules: &[],
    },
    BuiltinRole {
        name: "view",
        labels: &[BOOTSTRAP, (AGG_EDIT, "true")],
        aggregate: Some((AGG_VIEW, "true")),
        rules: &[],
    },
    BuiltinRole {
        name: "system:aggregate-to-admin",
        labels: &[BOOTSTRAP, (AGG_ADMIN, "true")],
        aggregate: None,
        rules: &[
            res(
                &["authorization.k8s.io"],
                &["localsubjectaccessreviews"],
                &["create"],
            ),
            res(
                &["rbac.authorization.k8s.io"],
                &["rolebindings", "roles"],
                ALL_RW,
            ),
        ],
    },
    BuiltinRole {
        name: "system:aggregate-to-edit",
        labels: &[BOOTSTRAP, (AGG_EDIT, "true")],
        aggregate: None,
        rules: &[
            res(
                &[""],
                &[
                    "pods/attach",
                    "pods/exec",
                    "pods/portforward",
                    "pods/proxy",
                    "secrets",
                    "services/proxy",
                ],
                READ,
            ),
            res(&[""], &["serviceaccounts"], &["impersonate"]),
            res(
                &[""],
                &[
                    "pods",
                    "pods/attach",
                    "pods/exec",
                    "pods/portforward",
                    "pods/proxy",
                ],
                WRITE,
            ),
            res(&[""], &["pods/eviction"], &["create"]),
            res(
                &[""],
                &[
                    "configmaps",
                    "events",
                    "persistentvolumeclaims",
                    "replicationcontrollers",
                    "replicationcontrollers/scale",
                    "secrets",
                    "serviceaccounts",
                    "services",
                    "services/proxy",
                ],
                WRITE,
            ),
            res(&[""], &["serviceaccounts/token"], &["create"]),
            res(
                &["apps"],
                &[
                    "daemonsets",
                    "deployments",
                    "deployments/rollback",
                    "deployments/scale",
                    "replicasets",
                    "replicasets/scale",
                    "statefulsets",
                    "statefulsets/scale",
                ],
                WRITE,
            ),
            res(&["autoscaling"], &["horizontalpodautoscalers"], WRITE),
            res(&["batch"], &["cronjobs", "jobs"], WRITE),
            res(
                &["extensions"],
                &[
                    "daemonsets",
                    "deployments",
                    "deployments/rollback",
                    "deployments/scale",
                    "ingresses",
                    "networkpolicies",
                    "replicasets",
                    "replicasets/scale",
                    "replicationcontrollers/scale",
                ],
                WRITE,
            ),
            res(&["policy"], &["poddisruptionbudgets"], WRITE),
            res(
                &["networking.k8s.io"],
                &["ingresses", "networkpolicies"],
                WRITE,
            ),
            res(&["coordination.k8s.io"], &["leases"], ALL_RW),
        ],
    },
    BuiltinRole {
        name: "system:aggregate-to-view",
        labels: &[BOOTSTRAP, (AGG_VIEW, "true")],
        aggregate: None,
        rules: &[
            res(
                &[""],
                &[
                    "configmaps",
                    "endpoints",
                    "persistentvolumeclaims",
                    "persistentvolumeclaims/status",
                    "pods",
                    "replicationcontrollers",
                    "replicationcontrollers/scale",
                    "serviceaccounts",
                    "services",
                    "services/status",
                ],
                READ,
            ),
            res(
                &[""],
                &[
                    "bindings",
                    "events",
                    "limitranges",
                    "namespaces/status",
                    "pods/log",
                    "pods/status",
                    "replicationcontrollers/status",
                    "resourcequotas",
                    "resourcequotas/status",
                ],
                READ,
            ),
            res(&[""], &["namespaces"], READ),
            res(&["discovery.k8s.io"], &["endpointslices"], READ),
            res(
                &["apps"],
                &[
                    "controllerrevisions",
                    "daemonsets",
                    "daemonsets/status",
                    "deployments",
                    "deployments/scale",
                    "deployments/status",
                    "replicasets",
                    "replicasets/scale",
                    "replicasets/status",
                    "statefulsets",
                    "statefulsets/scale",
                    "statefulsets/status",
                ],
                READ,
            ),
            res(
                &["autoscaling"],
                &[
                    "horizontalpodautoscalers",
                    "horizontalpodautoscalers/status",
                ],
                READ,
            ),
            res(
                &["batch"],
                &["cronjobs", "cronjobs/status", "jobs", "jobs/status"],
                READ,
            ),
            res(
                &["extensions"],
                &[
                    "daemonsets",
                    "daemonsets/status",
                    "deployments",
                    "deployments/scale",
                    "deployments/status",
                    "ingresses",
                    "ingresses/status",
                    "networkpolicies",
                    "replicasets",
                    "replicasets/scale",
                    "replicasets/status",
                    "replicationcontrollers/scale",
                ],
                READ,
            ),
            res(
                &["policy"],
                &["poddisruptionbudgets", "poddisruptionbudgets/status"],
                READ,
            ),
            res(
                &["networking.k8s.io"],
                &["ingresses", "ingresses/status", "networkpolicies"],
                READ,
            ),
        ],
    },
    BuiltinRole {
        name: "system:discovery",
        labels: &[BOOTSTRAP],
        aggregate: None,
        rules: &[urls(
            &[
                "/api",
                "/api/*",
                "/apis",
                "/apis/*",
                "/healthz",
                "/livez",
                "/openapi",
                "/openapi/*",
                "/readyz",
                "/version",
                "/version/",
            ],
            &["get"],
        )],
    },
    BuiltinRole {
        name: "system:basic-user",
        labels: &[BOOTSTRAP],
        aggregate: None,
        rules: &[
            res(
                &["authorization.k8s.io"],
                &["selfsubjectaccessreviews", "selfsubjectrulesreviews"],
                &["create"],
            ),
            res(
                &["authentication.k8s.io"],
                &["selfsubjectreviews"],
                &["create"],
            ),
        ],
    },
    BuiltinRole {
        name: "system:public-info-viewer",
        labels: &[BOOTSTRAP],
        aggregate: None,
        rules: &[urls(
            &["/healthz", "/livez", "/readyz", "/version", "/version/"],
            &["get"],
        )],
    },
];

pub(crate) const BINDINGS: &[BuiltinBinding] = &[
    BuiltinBinding {
        name: "cluster-admin",
        role: "cluster-admin",
        subjects: &[("Group", "system:masters")],
    },
    BuiltinBinding {
        name: "system:basic-user",
        role: "system:basic-user",
        subjects: &[("Group", "system:authenticated")],
    },
    BuiltinBinding {
        name: "system:discovery",
        role: "system:discovery",
        subjects: &[("Group", "system:authenticated")],
    },
    BuiltinBinding {
        name: "system:public-info-viewer",
        role: "system:public-info-viewer",
        subjects: &[
            ("Group", "system:authenticated"),
            ("Group", "system:unauthenticated"),
        ],
    },
];
