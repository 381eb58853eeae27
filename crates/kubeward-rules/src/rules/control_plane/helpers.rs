//! Shared logic of the control-plane rules: finding the kube-apiserver, kube-controller-manager,
//! kube-scheduler and etcd containers of static-pod manifests, parsing their command-line flags
//! (with the node of each flag's list item, so findings point at `- --anonymous-auth=true`), and
//! reading `KubeletConfiguration` objects.
//!
//! A control-plane container is a container (not an init container) of a `Pod` in the
//! `kube-system` namespace whose `command` starts with the component's binary (any directory,
//! or `hyperkube <component>`), or whose image is the component's image (for example
//! `registry.k8s.io/kube-apiserver:v1.31.0`) and whose `command` is unset or starts with a flag.
//! Flags are read from `command` (after the binary) and then `args`, in the forms
//! `--flag=value`, `--flag value` and `--flag` (a boolean set to true); a flag given twice takes
//! its last value, as pflag does. Commands run through a shell (`sh -c "kube-apiserver ..."`)
//! are not parsed, and etcd containers started with `--config-file` (etcd then ignores its other
//! flags) are skipped. Control planes run as Deployments (hosted control planes) are not
//! recognised: their flags follow the hosting product's conventions.

use crate::RuleContext;
use kubeward_model::{ContainerKind, ContainerView, Node, Object, PodSpecView};

/// A control-plane component that runs as a static pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Component {
    ApiServer,
    ControllerManager,
    Scheduler,
    Etcd,
}

impl Component {
    pub const ALL: [Component; 4] = [
        Component::ApiServer,
        Component::ControllerManager,
        Component::Scheduler,
        Component::Etcd,
    ];

    /// The binary (and image) name: `kube-apiserver`.
    pub fn binary(self) -> &'static str {
        match self {
            Component::ApiServer => "kube-apiserver",
            Component::ControllerManager => "kube-controller-manager",
            Component::Scheduler => "kube-scheduler",
            Component::Etcd => "etcd",
        }
    }

    /// The name `hyperkube` used for it (`hyperkube apiserver`).
    fn hyperkube_name(self) -> &'static str {
        match self {
            Component::ApiServer => "apiserver",
            Component::ControllerManager => "controller-manager",
            Component::Scheduler => "scheduler",
            Component::Etcd => "etcd",
        }
    }

    fn from_binary(name: &str) -> Option<Component> {
        Component::ALL
            .into_iter()
            .find(|c| c.binary() == name || c.hyperkube_name() == name)
    }
}

/// One command-line flag of a component.
#[derive(Clone, Copy, Debug)]
pub struct Flag<'a> {
    /// The name without leading dashes (`anonymous-auth`).
    pub name: &'a str,
    /// The value; `None` for a bare `--flag` (a boolean set to true).
    pub value: Option<&'a str>,
    /// The list item of the flag (what findings point at).
    pub node: &'a Node,
}

impl<'a> Flag<'a> {
    /// The value as text; a bare flag reads `true`.
    pub fn text(&self) -> &'a str {
        self.value.unwrap_or("true")
    }

    /// The value parsed as Go's `strconv.ParseBool` does (`1`, `t`, `TRUE`, `false`, ...).
    pub fn as_bool(&self) -> Option<bool> {
        parse_bool(self.text())
    }

    /// The value as an integer.
    pub fn as_i64(&self) -> Option<i64> {
        self.text().trim().parse().ok()
    }

    /// The comma-separated items of the value, trimmed, empty ones skipped.
    pub fn items(&self) -> impl Iterator<Item = &'a str> {
        self.text()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// `--name=value` as written (for messages).
    pub fn display(&self) -> String {
        match self.value {
            Some(v) => format!("--{}={}", self.name, v),
            None => format!("--{}", self.name),
        }
    }
}

/// Go's `strconv.ParseBool`.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s.trim() {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

/// A Go duration (`4h0m0s`, `300ms`, `0`) in seconds; `None` when it does not parse.
pub fn parse_duration(s: &str) -> Option<f64> {
    let s = s.trim();
    let (negative, mut rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if rest == "0" {
        return Some(0.0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total = 0.0;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let number: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "ns" => 1e-9,
            "us" | "µs" | "μs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total += number * scale;
    }
    Some(if negative { -total } else { total })
}

/// A control-plane component container of a static pod, with its flags.
pub struct StaticPod<'a> {
    pub component: Component,
    pub container: ContainerView<'a>,
    pub flags: Vec<Flag<'a>>,
}

impl<'a> StaticPod<'a> {
    /// The flag's last occurrence.
    pub fn flag(&self, name: &str) -> Option<&Flag<'a>> {
        self.flags.iter().rev().find(|f| f.name == name)
    }

    /// Whether the flag is given at all.
    pub fn has(&self, name: &str) -> bool {
        self.flag(name).is_some()
    }

    /// Every occurrence of a list flag (pflag appends repeated string-slice flags).
    pub fn all(&self, name: &str) -> Vec<&Flag<'a>> {
        self.flags.iter().filter(|f| f.name == name).collect()
    }

    /// Where a finding about a missing flag points: the container's `command`, else its `args`,
    /// else the container.
    pub fn missing_at(&self) -> &'a Node {
        let c = &self.container;
        c.get("command").or_else(|| c.get("args")).unwrap_or(c.node)
    }

    /// The binary name, for messages.
    pub fn name(&self) -> &'static str {
        self.component.binary()
    }

    /// Reports at a flag's list item.
    pub fn report(&self, cx: &mut RuleContext<'_>, flag: &Flag<'_>, message: impl Into<String>) {
        cx.report_container(&self.container, flag.node, message);
    }

    /// Reports a missing setting at `command` (see [`StaticPod::missing_at`]).
    pub fn report_missing(&self, cx: &mut RuleContext<'_>, message: impl Into<String>) {
        cx.report_container(&self.container, self.missing_at(), message);
    }

    /// Reports a flag that should not be given at all.
    pub fn forbid(&self, cx: &mut RuleContext<'_>, name: &str, consequence: &str) {
        if let Some(flag) = self.flag(name) {
            self.report(
                cx,
                flag,
                format!("{} sets `{}` ({consequence})", self.name(), flag.display()),
            );
        }
    }

    /// Reports, in one finding, the flags of `names` that are not given.
    pub fn require(&self, cx: &mut RuleContext<'_>, names: &[&str], consequence: &str) {
        let missing: Vec<String> = names
            .iter()
            .filter(|n| !self.has(n))
            .map(|n| format!("`--{n}`"))
            .collect();
        if !missing.is_empty() {
            self.report_missing(
                cx,
                format!(
                    "{} does not set {} ({consequence})",
                    self.name(),
                    missing.join(", ")
                ),
            );
        }
    }

    /// Reports when a boolean flag is not set to `want`: at the flag when it has another value,
    /// at `command` when it is missing and `default` differs from `want`.
    pub fn expect_bool(
        &self,
        cx: &mut RuleContext<'_>,
        name: &str,
        want: bool,
        default: bool,
        consequence: &str,
    ) {
        match self.flag(name) {
            Some(flag) if flag.as_bool() == Some(want) => {}
            Some(flag) => self.report(
                cx,
                flag,
                format!("{} sets `{}` ({consequence})", self.name(), flag.display()),
            ),
            None if default != want => self.report_missing(
                cx,
                format!(
                    "{} does not set `--{name}={want}` (the default is {default}: {consequence})",
                    self.name()
                ),
            ),
            None => {}
        }
    }
}

/// The control-plane containers of a static-pod object (any component).
pub fn static_pods(object: &Object) -> Vec<StaticPod<'_>> {
    if object.kind() != "Pod" || object.id.namespace.as_deref() != Some("kube-system") {
        return Vec::new();
    }
    let Some(pod) = PodSpecView::of(object) else {
        return Vec::new();
    };
    pod.containers()
        .filter(|c| c.kind == ContainerKind::Container)
        .filter_map(parse_container)
        .collect()
}

/// The containers of one component.
pub fn component(object: &Object, component: Component) -> Vec<StaticPod<'_>> {
    static_pods(object)
        .into_iter()
        .filter(|sp| sp.component == component)
        .collect()
}

fn item_text(node: &Node) -> Option<&str> {
    node.text().filter(|_| !node.is_map() && !node.is_seq())
}

fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The component an image is (`registry.k8s.io/kube-apiserver:v1.31.0`, `.../etcd:3.5.15-0`).
fn image_component(image: &str) -> Option<Component> {
    let image = image.split('@').next().unwrap_or(image);
    let last = basename(image);
    let name = last.split(':').next().unwrap_or(last);
    let name = ["-amd64", "-arm64", "-arm", "-ppc64le", "-s390x"]
        .into_iter()
        .find_map(|arch| name.strip_suffix(arch))
        .unwrap_or(name);
    Component::ALL.into_iter().find(|c| c.binary() == name)
}

fn parse_container(container: ContainerView<'_>) -> Option<StaticPod<'_>> {
    let command: &[Node] = container.get("command").map(Node::items).unwrap_or(&[]);
    let first = command.first().and_then(item_text).map(basename);
    let (component, skip) = match first {
        Some("hyperkube") => {
            let sub = command.get(1).and_then(item_text)?;
            (Component::from_binary(sub)?, 2)
        }
        Some(bin) if !bin.starts_with('-') => {
            let c = Component::ALL.into_iter().find(|c| c.binary() == bin)?;
            (c, 1)
        }
        // No command, or flags only: the image's entrypoint is the binary.
        _ => {
            let image = container.image().and_then(Node::as_str)?;
            (image_component(image)?, 0)
        }
    };
    let args: &[Node] = container.get("args").map(Node::items).unwrap_or(&[]);
    let items: Vec<&Node> = command.iter().skip(skip).chain(args.iter()).collect();
    let flags = parse_flags(&items);
    // etcd ignores every other flag when it reads a configuration file, which kubeward cannot see.
    if component == Component::Etcd && flags.iter().any(|f| f.name == "config-file") {
        return None;
    }
    Some(StaticPod {
        component,
        container,
        flags,
    })
}

fn parse_flags<'a>(items: &[&'a Node]) -> Vec<Flag<'a>> {
    let mut flags = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let node = items[i];
        i += 1;
        let Some(text) = item_text(node) else {
            continue;
        };
        let text = text.trim();
        let Some(body) = text.strip_prefix("--").or_else(|| text.strip_prefix('-')) else {
            continue;
        };
        if body.is_empty() {
            continue;
        }
        match body.split_once('=') {
            Some((name, value)) => flags.push(Flag {
                name,
                value: Some(value),
                node,
            }),
            None => {
                // `--flag value`: the next item is the value when it is not a flag itself.
                let value = items
                    .get(i)
                    .and_then(|n| item_text(n))
                    .map(str::trim)
                    .filter(|v| !v.starts_with('-'));
                if value.is_some() {
                    i += 1;
                }
                flags.push(Flag {
                    name: body,
                    value,
                    node,
                });
            }
        }
    }
    flags
}

/// The root of a `KubeletConfiguration` (`kubelet.config.k8s.io/*`), or `None`.
pub fn kubelet_config(object: &Object) -> Option<&Node> {
    (object.kind() == "KubeletConfiguration" && object.group() == "kubelet.config.k8s.io")
        .then_some(&object.root)
}

/// A field of a KubeletConfiguration, when set (null counts as unset).
pub fn kubelet_field<'a>(root: &'a Node, path: &[&str]) -> Option<&'a Node> {
    root.path(path).filter(|n| !n.is_null())
}

/// Where a finding about a missing KubeletConfiguration field points: the deepest parent that
/// exists.
pub fn kubelet_missing_at<'a>(root: &'a Node, path: &[&str]) -> &'a Node {
    root.deepest(&path[..path.len().saturating_sub(1)]).0
}

/// A boolean KubeletConfiguration field (YAML booleans, or the strings `"true"`/`"false"`).
pub fn node_bool(node: &Node) -> Option<bool> {
    node.as_bool()
        .or_else(|| node.as_str().and_then(parse_bool))
}

/// TLS cipher suites that the CIS Kubernetes Benchmark counts as strong: TLS 1.3 suites and
/// ECDHE key exchange with an AEAD cipher (GCM or ChaCha20-Poly1305).
pub fn is_strong_cipher(name: &str) -> bool {
    const STRONG: &[&str] = &[
        "TLS_AES_128_GCM_SHA256",
        "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    ];
    STRONG.contains(&name.trim())
}

/// Whether an address is a loopback address (`127.0.0.1`, `::1`, `localhost`).
pub fn is_loopback(address: &str) -> bool {
    let a = address.trim().trim_start_matches('[').trim_end_matches(']');
    a == "localhost" || a == "::1" || a.starts_with("127.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_like_go() {
        assert_eq!(parse_duration("0"), Some(0.0));
        assert_eq!(parse_duration("0s"), Some(0.0));
        assert_eq!(parse_duration("4h0m0s"), Some(14400.0));
        assert_eq!(parse_duration("1m30s"), Some(90.0));
        assert_eq!(parse_duration("300ms"), Some(0.3));
        assert_eq!(parse_duration("-5m"), Some(-300.0));
        assert_eq!(parse_duration("5"), None);
        assert_eq!(parse_duration("abc"), None);
        assert_eq!(parse_duration(""), None);
    }

    #[test]
    fn images_name_components() {
        assert_eq!(
            image_component("registry.k8s.io/kube-apiserver:v1.31.0"),
            Some(Component::ApiServer)
        );
        assert_eq!(
            image_component("k8s.gcr.io/kube-scheduler-amd64:v1.10.0"),
            Some(Component::Scheduler)
        );
        assert_eq!(
            image_component("registry.k8s.io/etcd:3.5.15-0@sha256:abc"),
            Some(Component::Etcd)
        );
        assert_eq!(image_component("bitnami/etcd-operator:1.0"), None);
        assert_eq!(image_component("nginx:1.27"), None);
    }

    #[test]
    fn loopback_addresses() {
        assert!(is_loopback("127.0.0.1"));
        assert!(is_loopback("[::1]"));
        assert!(!is_loopback("0.0.0.0"));
        assert!(!is_loopback("10.0.0.1"));
    }
}
