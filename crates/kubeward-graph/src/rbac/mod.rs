//! Effective RBAC permissions, with the RBAC authorizer's semantics.
//!
//! [`Rbac::build`] reads every `Role`, `ClusterRole`, `RoleBinding` and `ClusterRoleBinding`
//! of the graph (API group `rbac.authorization.k8s.io`), adds Kubernetes' built-in ClusterRoles
//! and bindings that the input does not replace (see [`builtin`](self) for what is modelled),
//! resolves `aggregationRule`s as the aggregation controller does (a ClusterRole's rules become
//! the union of the rules of the ClusterRoles its `clusterRoleSelectors` match, repeated until
//! nothing changes, so `admin` gets `edit`'s which gets `view`'s), and resolves each binding's
//! `roleRef`. A binding whose role is neither loaded nor built in is kept with `role: None`:
//! what it grants is unknown, and [`Rbac::problems`] says so.
//!
//! Queries:
//! - [`Rbac::allows`]: may this subject do this request? (like `kubectl auth can-i --as`)
//! - [`Rbac::who_can`]: every subject some binding lets do it, with the bindings and roles.
//! - [`Rbac::permissions_of`]: every rule that applies to a subject, with where and why.
//! - [`Rbac::service_account_can_read_secrets`]: for the exposure join.
//! - [`Rbac::pod_create_escalations`]: subjects that can create pods (or workloads) where a
//!   more powerful ServiceAccount lives, so can act as it.
//!
//! Subjects: a query for a ServiceAccount also matches bindings to its user name
//! (`system:serviceaccount:<ns>:<name>`) and to the groups every ServiceAccount token carries
//! (`system:serviceaccounts`, `system:serviceaccounts:<ns>`, `system:authenticated`). A query for
//! a User matches bindings to `system:authenticated` too (`system:unauthenticated` for
//! `system:anonymous`); a query for a Group stands for a member of that group, so it matches that
//! group and `system:authenticated`. A ServiceAccount subject without `namespace` in a
//! RoleBinding is in the binding's namespace, as the authorizer reads it; in a
//! ClusterRoleBinding it matches nobody (the API server rejects it) and is a problem.

mod builtin;

use crate::selector::{LabelSelector, Labels, string_map};
use crate::{Graph, ObjId};
use kubeward_model::Node;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The API group of the RBAC kinds.
pub const RBAC_GROUP: &str = "rbac.authorization.k8s.io";

/// Verbs that read an object's content (`list` and `watch` return it too).
pub const READ_VERBS: &[&str] = &["get", "list", "watch"];

/// What creates pods: `(API group, resource)`. Whoever may `create` one of these in a namespace
/// can run a pod there as any ServiceAccount of that namespace.
pub const POD_CREATORS: &[(&str, &str)] = &[
    ("", "pods"),
    ("apps", "deployments"),
    ("apps", "daemonsets"),
    ("apps", "statefulsets"),
    ("apps", "replicasets"),
    ("batch", "jobs"),
    ("batch", "cronjobs"),
    ("", "replicationcontrollers"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SubjectKind {
    User,
    Group,
    ServiceAccount,
}

impl SubjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::User => "User",
            SubjectKind::Group => "Group",
            SubjectKind::ServiceAccount => "ServiceAccount",
        }
    }
}

/// A subject of a binding, or the one a query is about. `namespace` is set for ServiceAccounts
/// only.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Subject {
    pub kind: SubjectKind,
    pub namespace: Option<String>,
    pub name: String,
}

const SA_USER_PREFIX: &str = "system:serviceaccount:";

impl Subject {
    pub fn user(name: &str) -> Subject {
        // The user name of a ServiceAccount token is the ServiceAccount.
        if let Some((ns, sa)) = name
            .strip_prefix(SA_USER_PREFIX)
            .and_then(|rest| rest.split_once(':'))
            .filter(|(ns, sa)| !ns.is_empty() && !sa.is_empty() && !sa.contains(':'))
        {
            return Subject::service_account(ns, sa);
        }
        Subject {
            kind: SubjectKind::User,
            namespace: None,
            name: name.to_string(),
        }
    }

    pub fn group(name: &str) -> Subject {
        Subject {
            kind: SubjectKind::Group,
            namespace: None,
            name: name.to_string(),
        }
    }

    pub fn service_account(namespace: &str, name: &str) -> Subject {
        Subject {
            kind: SubjectKind::ServiceAccount,
            namespace: Some(namespace.to_string()),
            name: name.to_string(),
        }
    }

    /// Parses `ServiceAccount:<ns>:<name>`, `User:<name>` or `Group:<name>` (the `kubeward rbac
    /// can` syntax; user and group names may contain `:`).
    pub fn parse(text: &str) -> Result<Subject, String> {
        let expected = "expected ServiceAccount:<namespace>:<name>, User:<name> or Group:<name>";
        let Some((kind, rest)) = text.split_once(':') else {
            return Err(format!("invalid subject `{text}`: {expected}"));
        };
        if rest.is_empty() {
            return Err(format!("invalid subject `{text}`: empty name ({expected})"));
        }
        match kind {
            "User" => Ok(Subject::user(rest)),
            "Group" => Ok(Subject::group(rest)),
            "ServiceAccount" => match rest.split_once(':') {
                Some((ns, name)) if !ns.is_empty() && !name.is_empty() && !name.contains(':') => {
                    Ok(Subject::service_account(ns, name))
                }
                _ => Err(format!(
                    "invalid subject `{text}`: a ServiceAccount is ServiceAccount:<namespace>:<name>"
                )),
            },
            _ => Err(format!(
                "invalid subject `{text}`: unknown kind `{kind}` ({expected})"
            )),
        }
    }

    /// `User alice`, `Group devs`, `ServiceAccount shop/deployer`: as messages name objects.
    pub fn describe(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{} {ns}/{}", self.kind.as_str(), self.name),
            None => format!("{} {}", self.kind.as_str(), self.name),
        }
    }

    /// A name of Kubernetes' own (`system:masters`, `system:kube-scheduler`, …).
    pub fn is_system(&self) -> bool {
        self.name.starts_with("system:")
    }

    /// The user name and groups the authorizer sees for a request by this subject.
    fn identity(&self) -> Identity {
        let mut groups = BTreeSet::new();
        let user = match self.kind {
            SubjectKind::User => {
                if self.name == "system:anonymous" {
                    groups.insert("system:unauthenticated".to_string());
                } else {
                    groups.insert("system:authenticated".to_string());
                }
                Some(self.name.clone())
            }
            SubjectKind::Group => {
                groups.insert(self.name.clone());
                if self.name != "system:unauthenticated" {
                    groups.insert("system:authenticated".to_string());
                }
                None
            }
            SubjectKind::ServiceAccount => {
                let ns = self.namespace.as_deref().unwrap_or_default();
                groups.insert("system:serviceaccounts".to_string());
                groups.insert(format!("system:serviceaccounts:{ns}"));
                groups.insert("system:authenticated".to_string());
                Some(format!("{SA_USER_PREFIX}{ns}:{}", self.name))
            }
        };
        Identity { user, groups }
    }

    /// Whether a binding to `self` applies to a request by `who`.
    fn applies_to(&self, who: &Identity) -> bool {
        match self.kind {
            SubjectKind::Group => who.groups.contains(&self.name),
            SubjectKind::User => who.user.as_deref() == Some(self.name.as_str()),
            SubjectKind::ServiceAccount => {
                let ns = self.namespace.as_deref().unwrap_or_default();
                who.user.as_deref().is_some_and(|u| {
                    u.strip_prefix(SA_USER_PREFIX)
                        .and_then(|rest| rest.split_once(':'))
                        == Some((ns, self.name.as_str()))
                })
            }
        }
    }
}

/// `User:alice`, `Group:devs`, `ServiceAccount:shop:deployer` (what [`Subject::parse`] reads).
impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.namespace {
            Some(ns) => write!(f, "{}:{ns}:{}", self.kind.as_str(), self.name),
            None => write!(f, "{}:{}", self.kind.as_str(), self.name),
        }
    }
}

struct Identity {
    user: Option<String>,
    groups: BTreeSet<String>,
}

/// One `PolicyRule` of a role. Lists are kept as written.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PolicyRule {
    pub verbs: Vec<String>,
    pub api_groups: Vec<String>,
    pub resources: Vec<String>,
    pub resource_names: Vec<String>,
    pub non_resource_urls: Vec<String>,
}

fn has(list: &[String], wanted: &str) -> bool {
    list.iter().any(|v| v == "*" || v == wanted)
}

/// Which objects a rule reaches: all of them, or only these names (`resourceNames`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reach {
    All,
    Names(Vec<String>),
}

impl Reach {
    fn union(self, other: Reach) -> Reach {
        match (self, other) {
            (Reach::Names(mut a), Reach::Names(b)) => {
                a.extend(b);
                a.sort();
                a.dedup();
                Reach::Names(a)
            }
            _ => Reach::All,
        }
    }

    /// `` or ` (only `a`, `b`)`, for messages.
    pub fn suffix(&self) -> String {
        match self {
            Reach::All => String::new(),
            Reach::Names(names) => {
                let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                format!(" (only {})", names.join(", "))
            }
        }
    }

    pub fn includes(&self, name: &str) -> bool {
        match self {
            Reach::All => true,
            Reach::Names(names) => names.iter().any(|n| n == name),
        }
    }
}

impl PolicyRule {
    fn parse(node: &Node) -> PolicyRule {
        PolicyRule {
            verbs: strings(node.get("verbs")),
            api_groups: strings(node.get("apiGroups")),
            resources: strings(node.get("resources")),
            resource_names: strings(node.get("resourceNames")),
            non_resource_urls: strings(node.get("nonResourceURLs")),
        }
    }

    fn matches_resource(&self, resource: &str, subresource: Option<&str>) -> bool {
        let combined = match subresource {
            Some(sub) => format!("{resource}/{sub}"),
            None => resource.to_string(),
        };
        self.resources.iter().any(|r| {
            r == "*"
                || *r == combined
                || subresource.is_some_and(|sub| r.strip_prefix("*/") == Some(sub))
        })
    }

    /// Whether this rule ignoring `resourceNames` matches the request.
    fn matches_ignoring_names(
        &self,
        verb: &str,
        api_group: &str,
        resource: &str,
        subresource: Option<&str>,
    ) -> bool {
        has(&self.verbs, verb)
            && has(&self.api_groups, api_group)
            && self.matches_resource(resource, subresource)
    }

    /// The RBAC authorizer's `RuleAllows` for a resource request; `name` is the object's name
    /// (`None` for `list`, `create`, … which no `resourceNames` rule allows).
    pub fn allows(
        &self,
        verb: &str,
        api_group: &str,
        resource: &str,
        subresource: Option<&str>,
        name: Option<&str>,
    ) -> bool {
        self.matches_ignoring_names(verb, api_group, resource, subresource)
            && (self.resource_names.is_empty()
                || name.is_some_and(|n| self.resource_names.iter().any(|r| r == n)))
    }

    /// Which objects the rule lets `verb` reach (`None`: it does not match the request).
    pub fn reach(
        &self,
        verb: &str,
        api_group: &str,
        resource: &str,
        subresource: Option<&str>,
    ) -> Option<Reach> {
        if !self.matches_ignoring_names(verb, api_group, resource, subresource) {
            return None;
        }
        Some(if self.resource_names.is_empty() {
            Reach::All
        } else {
            Reach::Names(self.resource_names.clone())
        })
    }

    /// The authorizer's `NonResourceURLMatches` (`*`, exact, or a prefix ending in `*`).
    pub fn allows_non_resource(&self, verb: &str, path: &str) -> bool {
        has(&self.verbs, verb)
            && self.non_resource_urls.iter().any(|u| {
                u == "*" || u == path || u.strip_suffix('*').is_some_and(|p| path.starts_with(p))
            })
    }

    /// `*` verbs on `*` resources of `*` API groups, on every name: all a role can grant.
    pub fn is_everything(&self) -> bool {
        self.verbs.iter().any(|v| v == "*")
            && self.api_groups.iter().any(|v| v == "*")
            && self.resources.iter().any(|v| v == "*")
            && self.resource_names.is_empty()
    }

    /// `get,list on secrets`, `* on *.*`, `get on /healthz`: for `kubeward rbac can`.
    pub fn summary(&self) -> String {
        if self.resources.is_empty() && !self.non_resource_urls.is_empty() {
            return format!(
                "{} on {}",
                self.verbs.join(","),
                self.non_resource_urls.join(",")
            );
        }
        let groups: Vec<&str> = self
            .api_groups
            .iter()
            .map(|g| if g.is_empty() { "core" } else { g.as_str() })
            .collect();
        let mut text = format!(
            "{} on {} [{}]",
            self.verbs.join(","),
            self.resources.join(","),
            groups.join(",")
        );
        if !self.resource_names.is_empty() {
            text.push_str(&format!(" named {}", self.resource_names.join(",")));
        }
        text
    }
}

fn strings(node: Option<&Node>) -> Vec<String> {
    node.map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(|n| n.text().map(str::to_string))
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RoleKind {
    Role,
    ClusterRole,
}

impl RoleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RoleKind::Role => "Role",
            RoleKind::ClusterRole => "ClusterRole",
        }
    }
}

/// Index of a role in [`Rbac::roles`].
pub type RoleId = usize;

/// A Role or ClusterRole, with its effective rules.
#[derive(Clone, Debug)]
pub struct Role {
    pub kind: RoleKind,
    /// Set for Roles.
    pub namespace: Option<String>,
    pub name: String,
    /// The loaded object; `None` for a built-in ClusterRole.
    pub object: Option<ObjId>,
    pub labels: Labels,
    /// The effective rules: as written, or for an aggregated ClusterRole the union of the
    /// rules of the ClusterRoles it aggregates (what the controller writes into it).
    pub rules: Vec<PolicyRule>,
    /// Whether it has an `aggregationRule`.
    pub aggregated: bool,
    /// The ClusterRoles whose rules it aggregates, sorted by name.
    pub aggregates: Vec<String>,
}

impl Role {
    /// `ClusterRole/edit`, `Role/shop/reader`.
    pub fn key(&self) -> String {
        key(self.kind.as_str(), self.namespace.as_deref(), &self.name)
    }

    /// `ClusterRole edit`, `Role shop/reader`: as messages name it.
    pub fn describe(&self) -> String {
        describe(self.kind.as_str(), self.namespace.as_deref(), &self.name)
    }

    pub fn is_builtin(&self) -> bool {
        self.object.is_none()
    }

    pub fn allows(
        &self,
        verb: &str,
        api_group: &str,
        resource: &str,
        subresource: Option<&str>,
        name: Option<&str>,
    ) -> bool {
        self.rules
            .iter()
            .any(|r| r.allows(verb, api_group, resource, subresource, name))
    }

    /// Which objects the role lets `verb` reach, over all its rules.
    pub fn reach(
        &self,
        verb: &str,
        api_group: &str,
        resource: &str,
        subresource: Option<&str>,
    ) -> Option<Reach> {
        self.rules
            .iter()
            .filter_map(|r| r.reach(verb, api_group, resource, subresource))
            .reduce(Reach::union)
    }

    /// The first of `verbs` the role grants on the resource, with its reach.
    pub fn reach_any(
        &self,
        verbs: &[&str],
        api_group: &str,
        resource: &str,
        subresource: Option<&str>,
    ) -> Option<(String, Reach)> {
        verbs.iter().find_map(|v| {
            self.reach(v, api_group, resource, subresource)
                .map(|r| (v.to_string(), r))
        })
    }

    /// Every verb on every resource (cluster-admin or a copy of it).
    pub fn is_admin_equivalent(&self) -> bool {
        self.rules.iter().any(PolicyRule::is_everything)
    }
}

fn key(kind: &str, namespace: Option<&str>, name: &str) -> String {
    match namespace {
        Some(ns) => format!("{kind}/{ns}/{name}"),
        None => format!("{kind}/{name}"),
    }
}

fn describe(kind: &str, namespace: Option<&str>, name: &str) -> String {
    match namespace {
        Some(ns) => format!("{kind} {ns}/{name}"),
        None => format!("{kind} {name}"),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BindingKind {
    RoleBinding,
    ClusterRoleBinding,
}

impl BindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BindingKind::RoleBinding => "RoleBinding",
            BindingKind::ClusterRoleBinding => "ClusterRoleBinding",
        }
    }
}

/// A subject of a binding, with its position in `subjects` (to report at it).
#[derive(Clone, Debug)]
pub struct BoundSubject {
    pub subject: Subject,
    pub index: usize,
}

/// A RoleBinding or ClusterRoleBinding.
#[derive(Clone, Debug)]
pub struct Binding {
    pub kind: BindingKind,
    /// Set for RoleBindings: the only namespace they grant in.
    pub namespace: Option<String>,
    pub name: String,
    /// The loaded object; `None` for a built-in ClusterRoleBinding.
    pub object: Option<ObjId>,
    /// `roleRef.kind` and `roleRef.name` as written.
    pub role_kind: RoleKind,
    pub role_name: String,
    /// The role it refers to, when loaded or built in.
    pub role: Option<RoleId>,
    pub subjects: Vec<BoundSubject>,
}

impl Binding {
    /// `RoleBinding/shop/read`, `ClusterRoleBinding/admins`.
    pub fn key(&self) -> String {
        key(self.kind.as_str(), self.namespace.as_deref(), &self.name)
    }

    /// `RoleBinding shop/read`, `ClusterRoleBinding admins`.
    pub fn describe(&self) -> String {
        describe(self.kind.as_str(), self.namespace.as_deref(), &self.name)
    }

    /// The namespace of the role it refers to (a Role is in the binding's).
    fn role_namespace(&self) -> Option<&str> {
        match self.role_kind {
            RoleKind::Role => self.namespace.as_deref(),
            RoleKind::ClusterRole => None,
        }
    }

    /// The key of the role it refers to, resolved or not.
    pub fn role_key(&self) -> String {
        key(
            self.role_kind.as_str(),
            self.role_namespace(),
            &self.role_name,
        )
    }

    /// `ClusterRole edit`, `Role shop/reader`: the role it refers to, resolved or not.
    pub fn role_describe(&self) -> String {
        describe(
            self.role_kind.as_str(),
            self.role_namespace(),
            &self.role_name,
        )
    }

    pub fn is_builtin(&self) -> bool {
        self.object.is_none()
    }

    /// Whether it grants for a request in `namespace` (`None`: a cluster-scoped request, or
    /// one across all namespaces, which only ClusterRoleBindings grant).
    pub fn grants_in(&self, namespace: Option<&str>) -> bool {
        match &self.namespace {
            None => true,
            Some(ns) => namespace == Some(ns.as_str()),
        }
    }

    /// `in namespace shop` or `cluster-wide`, for messages.
    pub fn scope_text(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("in namespace `{ns}`"),
            None => "cluster-wide".to_string(),
        }
    }
}

/// Something in the RBAC objects that makes an answer incomplete.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub object: Option<ObjId>,
    pub kind: ProblemKind,
    pub message: String,
}

/// What kind of [`Problem`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemKind {
    /// A binding refers to a role that is neither loaded nor built in.
    UnknownRole,
    /// A binding's `roleRef` is missing or invalid (a ClusterRoleBinding to a Role).
    InvalidRoleRef,
    /// A subject that matches nobody (unknown kind, ServiceAccount without namespace).
    InvalidSubject,
    /// An `aggregationRule` selector that cannot be read.
    InvalidSelector,
}

/// A binding and role through which a subject holds a permission (keys as [`Binding::key`],
/// [`Role::key`]).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Via {
    pub binding: String,
    pub role: String,
}

/// One subject [`Rbac::who_can`] found, with every binding that lets it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Grant {
    pub subject: Subject,
    pub via: Vec<Via>,
}

/// One rule that applies to a subject ([`Rbac::permissions_of`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Permission {
    /// The namespace it applies in; `None`: every namespace and cluster-scoped resources.
    pub namespace: Option<String>,
    pub rule: PolicyRule,
    pub via: Via,
    /// The binding's subject that matched (the subject itself, or a group it is in).
    pub through: Subject,
}

/// What a ServiceAccount reachable by pod creation can do that its user cannot.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gain {
    /// Reads secrets in this namespace (`None`: in every namespace).
    SecretsRead(Option<String>),
    /// Every verb on every resource, cluster-wide.
    ClusterAdmin,
}

/// One step of an escalation: creating `creates` in `namespace` (`None`: every namespace) lets
/// a pod run as `service_account`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    /// The resource that can be created (`pods`, `deployments`, …).
    pub creates: String,
    pub namespace: Option<String>,
    pub service_account: Subject,
}

/// A subject that can create pods (or workloads) where a ServiceAccount with more power lives,
/// directly or through ServiceAccounts that can create pods in turn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Escalation {
    /// The binding (index in [`Rbac::bindings`]) that lets the subject create pods.
    pub binding: usize,
    /// Its subject that gets the escalation (position in the binding's `subjects`).
    pub subject_index: usize,
    pub subject: Subject,
    /// The chain, first step first; the last step's ServiceAccount has the gain.
    pub hops: Vec<Hop>,
    pub gain: Gain,
    /// The binding (index) that gives the last ServiceAccount its power.
    pub sa_binding: usize,
}

impl Escalation {
    /// The ServiceAccount that has the gain.
    pub fn service_account(&self) -> &Subject {
        // `hops` is never empty.
        &self.hops[self.hops.len() - 1].service_account
    }
}

/// What a subject holds, for the escalation analysis.
#[derive(Default)]
struct Power {
    cluster_admin: bool,
    /// Reads every Secret everywhere (a ClusterRoleBinding).
    secrets_everywhere: bool,
    /// Reads every Secret of these namespaces.
    secrets_in: BTreeSet<String>,
    /// Where it can create pods or workloads (`None`: every namespace), and what.
    creates_in: BTreeMap<Option<String>, String>,
}

impl Power {
    /// Whether it reads Secrets where `namespace` says (`None`: everywhere).
    fn reads_secrets_in(&self, namespace: Option<&str>) -> bool {
        self.secrets_everywhere || namespace.is_some_and(|ns| self.secrets_in.contains(ns))
    }
}

/// The effective RBAC model of a graph.
#[derive(Clone, Debug, Default)]
pub struct Rbac {
    roles: Vec<Role>,
    bindings: Vec<Binding>,
    role_ids: BTreeMap<(RoleKind, Option<String>, String), RoleId>,
    /// The bindings (indices, ascending) that name each subject.
    by_subject: BTreeMap<Subject, Vec<usize>>,
    problems: Vec<Problem>,
}

fn is_rbac_object(graph: &Graph, id: ObjId) -> bool {
    graph.object(id).group() == RBAC_GROUP
}

impl Rbac {
    pub fn build(graph: &Graph) -> Rbac {
        let mut rbac = Rbac::default();
        let mut selectors: BTreeMap<RoleId, Vec<LabelSelector>> = BTreeMap::new();
        for kind in [RoleKind::ClusterRole, RoleKind::Role] {
            for &id in graph.of_kind(kind.as_str()) {
                if !is_rbac_object(graph, id) {
                    continue;
                }
                let object = graph.object(id);
                let Some(name) = object.id.name.as_deref().map(str::to_string) else {
                    continue;
                };
                let namespace = match kind {
                    RoleKind::Role => graph.namespace_of(id).map(str::to_string),
                    RoleKind::ClusterRole => None,
                };
                let index = (kind, namespace.clone(), name.clone());
                if rbac.role_ids.contains_key(&index) {
                    continue;
                }
                let rules = object
                    .root
                    .get("rules")
                    .map(Node::items)
                    .unwrap_or(&[])
                    .iter()
                    .filter(|n| n.is_map())
                    .map(PolicyRule::parse)
                    .collect();
                let aggregation = object.root.get("aggregationRule").filter(|n| n.is_map());
                let role_id = rbac.roles.len();
                if let (RoleKind::ClusterRole, Some(rule)) = (kind, aggregation) {
                    let mut parsed = Vec::new();
                    for s in rule
                        .get("clusterRoleSelectors")
                        .map(Node::items)
                        .unwrap_or(&[])
                    {
                        match LabelSelector::parse(Some(s)) {
                            Ok(sel) => parsed.push(sel),
                            Err(e) => rbac.problems.push(Problem {
                                kind: ProblemKind::InvalidSelector,
                                object: Some(id),
                                message: format!(
                                    "ClusterRole {name}: invalid clusterRoleSelector ({}); it aggregates nothing through it",
                                    e.0
                                ),
                            }),
                        }
                    }
                    selectors.insert(role_id, parsed);
                }
                rbac.role_ids.insert(index, role_id);
                rbac.roles.push(Role {
                    kind,
                    namespace,
                    name,
                    object: Some(id),
                    labels: string_map(Some(object.labels())),
                    rules,
                    aggregated: aggregation.is_some() && kind == RoleKind::ClusterRole,
                    aggregates: Vec::new(),
                });
            }
        }
        for role in builtin::ROLES {
            let index = (RoleKind::ClusterRole, None, role.name.to_string());
            if rbac.role_ids.contains_key(&index) {
                continue;
            }
            let role_id = rbac.roles.len();
            if let Some((k, v)) = role.aggregate {
                let mut labels = Labels::new();
                labels.insert(k.to_string(), v.to_string());
                selectors.insert(role_id, vec![LabelSelector::from_map(labels)]);
            }
            rbac.role_ids.insert(index, role_id);
            rbac.roles.push(Role {
                kind: RoleKind::ClusterRole,
                namespace: None,
                name: role.name.to_string(),
                object: None,
                labels: role
                    .labels
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                rules: role
                    .rules
                    .iter()
                    .map(|r| PolicyRule {
                        verbs: r.verbs.iter().map(|s| s.to_string()).collect(),
                        api_groups: r.api_groups.iter().map(|s| s.to_string()).collect(),
                        resources: r.resources.iter().map(|s| s.to_string()).collect(),
                        resource_names: Vec::new(),
                        non_resource_urls: r
                            .non_resource_urls
                            .iter()
                            .map(|s| s.to_string())
                            .collect(),
                    })
                    .collect(),
                aggregated: role.aggregate.is_some(),
                aggregates: Vec::new(),
            });
        }
        rbac.aggregate(&selectors);
        rbac.load_bindings(graph);
        for (i, b) in rbac.bindings.iter().enumerate() {
            for s in &b.subjects {
                let ids = rbac.by_subject.entry(s.subject.clone()).or_default();
                if ids.last() != Some(&i) {
                    ids.push(i);
                }
            }
        }
        rbac.problems.sort();
        rbac
    }

    /// The aggregation controller, run to a fixed point: each aggregated ClusterRole's rules
    /// become the union (without duplicates, in the order of the sources sorted by name) of the
    /// rules of the other ClusterRoles whose labels match one of its selectors.
    fn aggregate(&mut self, selectors: &BTreeMap<RoleId, Vec<LabelSelector>>) {
        let mut cluster_roles: Vec<RoleId> = (0..self.roles.len())
            .filter(|&r| self.roles[r].kind == RoleKind::ClusterRole)
            .collect();
        cluster_roles.sort_by(|&a, &b| self.roles[a].name.cmp(&self.roles[b].name));
        for (&target, sels) in selectors {
            let sources: Vec<RoleId> = cluster_roles
                .iter()
                .copied()
                .filter(|&r| r != target && sels.iter().any(|s| s.matches(&self.roles[r].labels)))
                .collect();
            self.roles[target].aggregates = sources
                .iter()
                .map(|&r| self.roles[r].name.clone())
                .collect();
            self.roles[target].rules.clear();
        }
        // Each round lengthens the aggregation chains resolved by one; a cycle stops growing.
        for _ in 0..=selectors.len() {
            let mut changed = false;
            for &target in selectors.keys() {
                let mut rules: Vec<PolicyRule> = Vec::new();
                for source in &self.roles[target].aggregates {
                    let id = self.role_ids[&(RoleKind::ClusterRole, None, source.clone())];
                    for rule in &self.roles[id].rules {
                        if !rules.contains(rule) {
                            rules.push(rule.clone());
                        }
                    }
                }
                if rules != self.roles[target].rules {
                    self.roles[target].rules = rules;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    fn load_bindings(&mut self, graph: &Graph) {
        for kind in [BindingKind::ClusterRoleBinding, BindingKind::RoleBinding] {
            for &id in graph.of_kind(kind.as_str()) {
                if !is_rbac_object(graph, id) {
                    continue;
                }
                let object = graph.object(id);
                let Some(name) = object.id.name.as_deref().map(str::to_string) else {
                    continue;
                };
                let namespace = match kind {
                    BindingKind::RoleBinding => graph.namespace_of(id).map(str::to_string),
                    BindingKind::ClusterRoleBinding => None,
                };
                let role_ref = object.root.get("roleRef");
                let role_name = role_ref
                    .and_then(|r| r.get("name"))
                    .and_then(Node::text)
                    .unwrap_or_default()
                    .to_string();
                let role_kind = match role_ref.and_then(|r| r.get("kind")).and_then(Node::text) {
                    Some("ClusterRole") => Some(RoleKind::ClusterRole),
                    Some("Role") if kind == BindingKind::RoleBinding => Some(RoleKind::Role),
                    _ => None,
                };
                let label = describe(kind.as_str(), namespace.as_deref(), &name);
                let Some(role_kind) = role_kind.filter(|_| !role_name.is_empty()) else {
                    self.problems.push(Problem {
                        kind: ProblemKind::InvalidRoleRef,
                        object: Some(id),
                        message: format!(
                            "{label} has no valid roleRef (a ClusterRoleBinding must refer to a ClusterRole): it grants nothing"
                        ),
                    });
                    continue;
                };
                let role_ns = match role_kind {
                    RoleKind::Role => namespace.clone(),
                    RoleKind::ClusterRole => None,
                };
                let role = self
                    .role_ids
                    .get(&(role_kind, role_ns.clone(), role_name.clone()))
                    .copied();
                if role.is_none() {
                    self.problems.push(Problem {
                        kind: ProblemKind::UnknownRole,
                        object: Some(id),
                        message: format!(
                            "{label} refers to {}, which is not in the input: what it grants is unknown",
                            describe(role_kind.as_str(), role_ns.as_deref(), &role_name)
                        ),
                    });
                }
                let mut subjects = Vec::new();
                let items = object.root.get("subjects").map(Node::items).unwrap_or(&[]);
                for (index, s) in items.iter().enumerate() {
                    let text = |k: &str| s.get(k).and_then(Node::text).filter(|t| !t.is_empty());
                    let Some(subject_name) = text("name") else {
                        continue;
                    };
                    let subject = match text("kind") {
                        Some("User") => Subject::user(subject_name),
                        Some("Group") => Subject::group(subject_name),
                        Some("ServiceAccount") => {
                            match text("namespace").or(namespace.as_deref()) {
                                Some(ns) => Subject::service_account(ns, subject_name),
                                None => {
                                    self.problems.push(Problem {
                                        kind: ProblemKind::InvalidSubject,
                                        object: Some(id),
                                        message: format!(
                                            "{label}: ServiceAccount subject `{subject_name}` has no namespace, so it matches nobody"
                                        ),
                                    });
                                    continue;
                                }
                            }
                        }
                        other => {
                            self.problems.push(Problem {
                                kind: ProblemKind::InvalidSubject,
                                object: Some(id),
                                message: format!(
                                    "{label}: subject `{subject_name}` has unknown kind `{}`",
                                    other.unwrap_or_default()
                                ),
                            });
                            continue;
                        }
                    };
                    subjects.push(BoundSubject { subject, index });
                }
                self.bindings.push(Binding {
                    kind,
                    namespace,
                    name,
                    object: Some(id),
                    role_kind,
                    role_name,
                    role,
                    subjects,
                });
            }
        }
        for builtin in builtin::BINDINGS {
            let loaded = self
                .bindings
                .iter()
                .any(|b| b.kind == BindingKind::ClusterRoleBinding && b.name == builtin.name);
            if loaded {
                continue;
            }
            let role = self
                .role_ids
                .get(&(RoleKind::ClusterRole, None, builtin.role.to_string()))
                .copied();
            self.bindings.push(Binding {
                kind: BindingKind::ClusterRoleBinding,
                namespace: None,
                name: builtin.name.to_string(),
                object: None,
                role_kind: RoleKind::ClusterRole,
                role_name: builtin.role.to_string(),
                role,
                subjects: builtin
                    .subjects
                    .iter()
                    .enumerate()
                    .map(|(index, (kind, name))| BoundSubject {
                        subject: if *kind == "Group" {
                            Subject::group(name)
                        } else {
                            Subject::user(name)
                        },
                        index,
                    })
                    .collect(),
            });
        }
    }

    pub fn roles(&self) -> &[Role] {
        &self.roles
    }

    pub fn role(&self, id: RoleId) -> &Role {
        &self.roles[id]
    }

    /// A ClusterRole (`namespace: None`) or Role by name.
    pub fn find_role(&self, kind: RoleKind, namespace: Option<&str>, name: &str) -> Option<&Role> {
        self.role_ids
            .get(&(kind, namespace.map(str::to_string), name.to_string()))
            .map(|&id| &self.roles[id])
    }

    /// Every binding: loaded ones in graph order (ClusterRoleBindings first), then the built-in
    /// ones the input does not replace.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The role a binding grants, when known.
    pub fn role_of(&self, binding: &Binding) -> Option<&Role> {
        binding.role.map(|id| &self.roles[id])
    }

    /// Bindings to unknown roles, subjects that match nobody, invalid selectors: what makes the
    /// answers incomplete, sorted.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The bindings (with a known role) that apply to `subject`, with the binding subject that
    /// matched.
    pub fn bindings_of<'a>(
        &'a self,
        subject: &Subject,
    ) -> impl Iterator<Item = (&'a Binding, &'a Role, &'a Subject)> + 'a {
        let who = subject.identity();
        // The bindings that name the subject itself or one of its groups, in binding order.
        let own = (subject.kind != SubjectKind::Group).then(|| subject.clone());
        let mut ids: Vec<usize> = own
            .into_iter()
            .chain(who.groups.iter().map(|g| Subject::group(g)))
            .filter_map(|key| self.by_subject.get(&key))
            .flatten()
            .copied()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().filter_map(move |i| {
            let b = &self.bindings[i];
            let role = self.role_of(b)?;
            let through = b.subjects.iter().find(|s| s.subject.applies_to(&who))?;
            Some((b, role, &through.subject))
        })
    }

    /// Whether `subject` may `verb` the resource in `namespace` (`None`: a cluster-scoped
    /// request, or one across all namespaces), on no particular object name.
    pub fn allows(
        &self,
        subject: &Subject,
        verb: &str,
        api_group: &str,
        resource: &str,
        subresource: Option<&str>,
        namespace: Option<&str>,
    ) -> bool {
        self.allows_named(
            subject,
            verb,
            api_group,
            resource,
            subresource,
            namespace,
            None,
        )
    }

    /// [`Rbac::allows`] for a request on the object `name` (rules with `resourceNames` apply).
    #[allow(clippy::too_many_arguments)]
    pub fn allows_named(
        &self,
        subject: &Subject,
        verb: &str,
        api_group: &str,
        resource: &str,
        subresource: Option<&str>,
        namespace: Option<&str>,
        name: Option<&str>,
    ) -> bool {
        self.bindings_of(subject).any(|(b, role, _)| {
            b.grants_in(namespace) && role.allows(verb, api_group, resource, subresource, name)
        })
    }

    /// Whether `subject` may `verb` a non-resource URL (`/healthz`, `/metrics`).
    pub fn allows_non_resource(&self, subject: &Subject, verb: &str, path: &str) -> bool {
        self.bindings_of(subject).any(|(b, role, _)| {
            b.namespace.is_none() && role.rules.iter().any(|r| r.allows_non_resource(verb, path))
        })
    }

    /// Every subject of a binding that allows `verb` on the resource (on no particular name),
    /// with the bindings and roles, sorted by subject. `namespace`: only grants that apply in
    /// it; `None`: grants anywhere (ClusterRoleBindings, and RoleBindings of any namespace
    /// unless the resource is cluster-scoped). Subjects are listed as bound: members of a
    /// group are not expanded.
    pub fn who_can(
        &self,
        verb: &str,
        api_group: &str,
        resource: &str,
        subresource: Option<&str>,
        namespace: Option<&str>,
    ) -> Vec<Grant> {
        let cluster_scoped = is_cluster_scoped_resource(api_group, resource);
        self.grants_where(|b, role| {
            let in_scope = match namespace {
                Some(ns) => b.grants_in(Some(ns)),
                None => b.namespace.is_none() || !cluster_scoped,
            };
            in_scope && role.allows(verb, api_group, resource, subresource, None)
        })
    }

    /// Every subject of a ClusterRoleBinding that allows `verb` on the non-resource URL
    /// `path` (`/metrics`, `/healthz`; RoleBindings never grant them), like [`Rbac::who_can`].
    pub fn who_can_non_resource(&self, verb: &str, path: &str) -> Vec<Grant> {
        self.grants_where(|b, role| {
            b.namespace.is_none() && role.rules.iter().any(|r| r.allows_non_resource(verb, path))
        })
    }

    /// The subjects of the bindings (with a known role) that `grants` accepts, sorted, each
    /// with its bindings.
    fn grants_where(&self, grants: impl Fn(&Binding, &Role) -> bool) -> Vec<Grant> {
        let mut found: BTreeMap<&Subject, BTreeSet<Via>> = BTreeMap::new();
        for b in &self.bindings {
            let Some(role) = self.role_of(b).filter(|role| grants(b, role)) else {
                continue;
            };
            for s in &b.subjects {
                found.entry(&s.subject).or_default().insert(Via {
                    binding: b.key(),
                    role: role.key(),
                });
            }
        }
        found
            .into_iter()
            .map(|(subject, via)| Grant {
                subject: subject.clone(),
                via: via.into_iter().collect(),
            })
            .collect()
    }

    /// Every rule that applies to `subject` (directly, or through its groups), cluster-wide
    /// grants first, then by namespace, binding and role; rules in role order.
    pub fn permissions_of(&self, subject: &Subject) -> Vec<Permission> {
        let mut out: Vec<Permission> = Vec::new();
        for (b, role, through) in self.bindings_of(subject) {
            for rule in &role.rules {
                out.push(Permission {
                    namespace: b.namespace.clone(),
                    rule: rule.clone(),
                    via: Via {
                        binding: b.key(),
                        role: role.key(),
                    },
                    through: through.clone(),
                });
            }
        }
        // Stable: rules keep their order within one (binding, role).
        out.sort_by(|a, b| (&a.namespace, &a.via).cmp(&(&b.namespace, &b.via)));
        out
    }

    /// Whether the ServiceAccount can `get`, `list` or `watch` Secrets anywhere (all of them
    /// or some, by name), through any binding.
    pub fn service_account_can_read_secrets(&self, namespace: &str, name: &str) -> bool {
        let sa = Subject::service_account(namespace, name);
        self.bindings_of(&sa)
            .any(|(_, role, _)| role.reach_any(READ_VERBS, "", "secrets", None).is_some())
    }

    /// Whether `subject` holds every verb on every resource cluster-wide.
    pub fn is_cluster_admin(&self, subject: &Subject) -> bool {
        self.bindings_of(subject)
            .any(|(b, role, _)| b.namespace.is_none() && role.is_admin_equivalent())
    }

    /// Whether the binding of `subject` to its role is Kubernetes' own: a built-in binding (or
    /// the loaded copy of one), or a `system:` role bound to a `system:` subject or to a
    /// ServiceAccount of `kube-system` (the controllers' and add-ons' default bindings).
    pub fn is_kubernetes_default(&self, binding: &Binding, subject: &Subject) -> bool {
        let system_role = binding.role_name.starts_with("system:");
        let kube_system_sa = subject.kind == SubjectKind::ServiceAccount
            && subject.namespace.as_deref() == Some("kube-system");
        self.is_builtin_binding(binding, subject)
            || (system_role && (subject.is_system() || kube_system_sa))
    }

    /// Whether this subject of the binding is one of the built-in bindings (or the loaded copy
    /// of one: same ClusterRoleBinding name, role and subject).
    pub fn is_builtin_binding(&self, binding: &Binding, subject: &Subject) -> bool {
        binding.is_builtin()
            || (binding.kind == BindingKind::ClusterRoleBinding
                && builtin::BINDINGS.iter().any(|b| {
                    b.name == binding.name
                        && b.role == binding.role_name
                        && b.subjects
                            .iter()
                            .any(|(k, n)| *k == subject.kind.as_str() && *n == subject.name)
                }))
    }

    /// Subjects of loaded bindings that can create pods or pod-creating workloads where a
    /// ServiceAccount lives that can do more: read secrets they cannot, or everything
    /// cluster-wide; directly, or through ServiceAccounts reached that way that can create pods
    /// elsewhere (breadth first, so each ServiceAccount by its shortest chain). One entry per
    /// (binding, subject), with the strongest gain (cluster-admin, then secrets cluster-wide,
    /// then in a namespace), then the shortest chain, then the first ServiceAccount by namespace
    /// and name. ServiceAccounts considered are those some binding names. Subjects already
    /// cluster-admin, and Kubernetes' default bindings, are left out.
    pub fn pod_create_escalations(&self) -> Vec<Escalation> {
        let world = EscalationWorld::new(self);
        // Where a pod created in a scope leads, computed once per scope.
        let mut explored: BTreeMap<Option<String>, Exploration> = BTreeMap::new();
        let mut out = Vec::new();
        for (i, b) in self.bindings.iter().enumerate() {
            let Some(creates) = self.role_of(b).and_then(pod_creator) else {
                continue;
            };
            for s in &b.subjects {
                let subject = &s.subject;
                if self.is_kubernetes_default(b, subject) {
                    continue;
                }
                let holds = self.power_of(subject);
                if holds.cluster_admin {
                    continue;
                }
                let exploration = explored
                    .entry(b.namespace.clone())
                    .or_insert_with(|| world.explore(&b.namespace));
                // Candidates come strongest gain first, then shortest chain: the first the
                // subject does not hold already, and whose chain does not pass through the
                // subject itself (its own bindings report that), wins.
                let found = exploration.candidates.iter().find_map(|c| {
                    let wanted = match &c.gain {
                        Gain::ClusterAdmin => true,
                        Gain::SecretsRead(ns) => !holds.reads_secrets_in(ns.as_deref()),
                    };
                    if !wanted {
                        return None;
                    }
                    let hops = exploration.chain(&world, c.step, c.sa, &creates);
                    (!hops.iter().any(|h| &h.service_account == subject)).then_some((c, hops))
                });
                if let Some((c, hops)) = found {
                    out.push(Escalation {
                        binding: i,
                        subject_index: s.index,
                        subject: subject.clone(),
                        hops,
                        gain: c.gain.clone(),
                        sa_binding: c.sa_binding,
                    });
                }
            }
        }
        out
    }

    /// What `subject` holds that pod creation could add to: cluster-admin, Secrets reads.
    fn power_of(&self, subject: &Subject) -> Power {
        let mut power = Power::default();
        for (b, role, _) in self.bindings_of(subject) {
            if b.namespace.is_none() && role.is_admin_equivalent() {
                power.cluster_admin = true;
            }
            if let Some(creates) = pod_creator(role) {
                power
                    .creates_in
                    .entry(b.namespace.clone())
                    .or_insert(creates);
            }
            if READ_VERBS
                .iter()
                .any(|v| role.allows(v, "", "secrets", None, None))
            {
                match &b.namespace {
                    None => power.secrets_everywhere = true,
                    Some(ns) => {
                        power.secrets_in.insert(ns.clone());
                    }
                }
            }
        }
        power
    }
}

/// The ServiceAccounts the bindings name, what each can create where, and what gives some of
/// them power: the input of the escalation search.
struct EscalationWorld<'a> {
    /// Sorted.
    service_accounts: Vec<&'a Subject>,
    /// Indices into `service_accounts`, by namespace.
    by_namespace: BTreeMap<&'a str, Vec<usize>>,
    /// Where each ServiceAccount can create pods (`None`: everywhere), and what.
    creates: Vec<BTreeMap<Option<String>, String>>,
    /// What makes each ServiceAccount powerful, with the binding (index), in binding order.
    gains: Vec<Vec<(Gain, usize)>>,
}

impl<'a> EscalationWorld<'a> {
    fn new(rbac: &'a Rbac) -> Self {
        let set: BTreeSet<&Subject> = rbac
            .bindings
            .iter()
            .flat_map(|b| &b.subjects)
            .map(|s| &s.subject)
            .filter(|s| s.kind == SubjectKind::ServiceAccount)
            .collect();
        let service_accounts: Vec<&Subject> = set.into_iter().collect();
        let index: BTreeMap<&Subject, usize> = service_accounts
            .iter()
            .enumerate()
            .map(|(i, sa)| (*sa, i))
            .collect();
        let mut by_namespace: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, sa) in service_accounts.iter().enumerate() {
            by_namespace
                .entry(sa.namespace.as_deref().unwrap_or_default())
                .or_default()
                .push(i);
        }
        let mut gains = vec![Vec::new(); service_accounts.len()];
        for (i, b) in rbac.bindings.iter().enumerate() {
            let gain = match rbac.role_of(b) {
                Some(r) if b.namespace.is_none() && r.is_admin_equivalent() => Gain::ClusterAdmin,
                Some(r) if r.reach_any(READ_VERBS, "", "secrets", None).is_some() => {
                    Gain::SecretsRead(b.namespace.clone())
                }
                _ => continue,
            };
            for s in &b.subjects {
                if let Some(&sa) = index.get(&s.subject) {
                    gains[sa].push((gain.clone(), i));
                }
            }
        }
        let creates = service_accounts
            .iter()
            .map(|sa| rbac.power_of(sa).creates_in)
            .collect();
        EscalationWorld {
            service_accounts,
            by_namespace,
            creates,
            gains,
        }
    }

    /// The ServiceAccounts (indices) a pod created in `scope` can run as.
    fn in_scope(&self, scope: &Option<String>) -> Vec<usize> {
        match scope {
            None => (0..self.service_accounts.len()).collect(),
            Some(ns) => self
                .by_namespace
                .get(ns.as_str())
                .cloned()
                .unwrap_or_default(),
        }
    }

    /// Breadth first over scopes from `start`: a pod created in a scope runs as any of its
    /// ServiceAccounts, which may create pods in further scopes.
    fn explore(&self, start: &Option<String>) -> Exploration {
        let mut steps = vec![Step {
            scope: start.clone(),
            from: None,
        }];
        let mut visited: BTreeSet<Option<String>> = BTreeSet::from([start.clone()]);
        let mut seen_sa = vec![false; self.service_accounts.len()];
        let mut candidates = Vec::new();
        let mut next = 0;
        while next < steps.len() {
            let scope = steps[next].scope.clone();
            for sa in self.in_scope(&scope) {
                if std::mem::replace(&mut seen_sa[sa], true) {
                    continue;
                }
                for (gain, sa_binding) in &self.gains[sa] {
                    candidates.push(Candidate {
                        gain: gain.clone(),
                        step: next,
                        sa,
                        sa_binding: *sa_binding,
                    });
                }
                for (further, what) in &self.creates[sa] {
                    if !visited.contains(&None) && visited.insert(further.clone()) {
                        steps.push(Step {
                            scope: further.clone(),
                            from: Some((next, sa, what.clone())),
                        });
                    }
                }
            }
            next += 1;
        }
        // Strongest gain first; stable, so shortest chain, ServiceAccount and binding order
        // decide among equals.
        candidates.sort_by(|a, b| b.gain.cmp(&a.gain));
        Exploration { steps, candidates }
    }
}

/// A scope reached by the escalation search, and how: from step `.0`, running as
/// ServiceAccount `.1`, which may create `.2` here.
struct Step {
    scope: Option<String>,
    from: Option<(usize, usize, String)>,
}

/// A powerful ServiceAccount reached at `step`.
struct Candidate {
    gain: Gain,
    step: usize,
    sa: usize,
    sa_binding: usize,
}

struct Exploration {
    steps: Vec<Step>,
    candidates: Vec<Candidate>,
}

impl Exploration {
    /// The hops to ServiceAccount `sa` found at `step`; the first hop creates `creates`.
    fn chain(
        &self,
        world: &EscalationWorld<'_>,
        step: usize,
        sa: usize,
        creates: &str,
    ) -> Vec<Hop> {
        let mut hops = Vec::new();
        let mut at = (step, sa);
        loop {
            let s = &self.steps[at.0];
            let what = s.from.as_ref().map_or(creates, |f| f.2.as_str());
            hops.push(Hop {
                creates: what.to_string(),
                namespace: s.scope.clone(),
                service_account: world.service_accounts[at.1].clone(),
            });
            match &s.from {
                Some((previous, bridge, _)) => at = (*previous, *bridge),
                None => break,
            }
        }
        hops.reverse();
        hops
    }
}

/// The first of [`POD_CREATORS`] the role may create.
fn pod_creator(role: &Role) -> Option<String> {
    POD_CREATORS
        .iter()
        .find(|(g, r)| role.allows("create", g, r, None, None))
        .map(|(_, r)| r.to_string())
}

/// Resources that live outside namespaces (RoleBindings cannot grant them).
pub fn is_cluster_scoped_resource(api_group: &str, resource: &str) -> bool {
    const CORE: &[&str] = &[
        "componentstatuses",
        "groups",
        "namespaces",
        "nodes",
        "persistentvolumes",
        "users",
    ];
    const OTHER: &[(&str, &str)] = &[
        (
            "admissionregistration.k8s.io",
            "mutatingwebhookconfigurations",
        ),
        (
            "admissionregistration.k8s.io",
            "validatingwebhookconfigurations",
        ),
        (
            "admissionregistration.k8s.io",
            "validatingadmissionpolicies",
        ),
        (
            "admissionregistration.k8s.io",
            "validatingadmissionpolicybindings",
        ),
        ("apiextensions.k8s.io", "customresourcedefinitions"),
        ("apiregistration.k8s.io", "apiservices"),
        ("authentication.k8s.io", "uids"),
        ("authentication.k8s.io", "userextras"),
        ("certificates.k8s.io", "certificatesigningrequests"),
        ("certificates.k8s.io", "signers"),
        ("networking.k8s.io", "ingressclasses"),
        ("node.k8s.io", "runtimeclasses"),
        ("rbac.authorization.k8s.io", "clusterrolebindings"),
        ("rbac.authorization.k8s.io", "clusterroles"),
        ("scheduling.k8s.io", "priorityclasses"),
        ("storage.k8s.io", "storageclasses"),
        ("storage.k8s.io", "volumeattachments"),
    ];
    (api_group.is_empty() && CORE.contains(&resource)) || OTHER.contains(&(api_group, resource))
}

/// The API group of a well-known resource (`deployments` → `apps`); `None` when unknown
/// (write it as `resource.group`).
pub fn known_group(resource: &str) -> Option<&'static str> {
    const GROUPS: &[(&str, &str)] = &[
        ("bindings", ""),
        ("certificatesigningrequests", "certificates.k8s.io"),
        ("clusterrolebindings", RBAC_GROUP),
        ("clusterroles", RBAC_GROUP),
        ("configmaps", ""),
        ("cronjobs", "batch"),
        ("customresourcedefinitions", "apiextensions.k8s.io"),
        ("daemonsets", "apps"),
        ("deployments", "apps"),
        ("endpoints", ""),
        ("endpointslices", "discovery.k8s.io"),
        ("events", ""),
        ("horizontalpodautoscalers", "autoscaling"),
        ("ingresses", "networking.k8s.io"),
        ("jobs", "batch"),
        ("leases", "coordination.k8s.io"),
        ("limitranges", ""),
        (
            "mutatingwebhookconfigurations",
            "admissionregistration.k8s.io",
        ),
        ("namespaces", ""),
        ("networkpolicies", "networking.k8s.io"),
        ("nodes", ""),
        ("persistentvolumeclaims", ""),
        ("persistentvolumes", ""),
        ("poddisruptionbudgets", "policy"),
        ("pods", ""),
        ("replicasets", "apps"),
        ("replicationcontrollers", ""),
        ("resourcequotas", ""),
        ("rolebindings", RBAC_GROUP),
        ("roles", RBAC_GROUP),
        ("secrets", ""),
        ("serviceaccounts", ""),
        ("services", ""),
        ("statefulsets", "apps"),
        ("storageclasses", "storage.k8s.io"),
        (
            "validatingwebhookconfigurations",
            "admissionregistration.k8s.io",
        ),
    ];
    GROUPS.iter().find(|(r, _)| *r == resource).map(|(_, g)| *g)
}

#[cfg(test)]
mod tests;
