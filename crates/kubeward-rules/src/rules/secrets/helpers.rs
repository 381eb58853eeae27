//! Shared logic of the rules that read literal values: where env values and ConfigMap entries
//! sit, how to name them in messages (never printing the value), and which Secret keys hold
//! committed values.

use crate::RuleContext;
use crate::secret_detect::{Alphabet, Detection, decode_base64, is_placeholder, is_sops_encrypted};
use kubeward_model::{ContainerView, Node, Object, PodSpecView};
use std::borrow::Cow;

/// The kinds whose values [`value_places`] reads: ConfigMaps and every workload kind
/// (`kubeward_model::podspec::WORKLOAD_KINDS`; a unit test keeps the two in step).
pub(super) const CONFIGMAP_AND_WORKLOADS: &[&str] = &[
    "ConfigMap",
    "CronJob",
    "DaemonSet",
    "Deployment",
    "Job",
    "Pod",
    "PodTemplate",
    "ReplicaSet",
    "ReplicationController",
    "StatefulSet",
];

/// A literal value in a manifest: an `env[].value` of a container, or a ConfigMap entry.
pub(super) struct Place<'a> {
    /// The env var's name or the ConfigMap key.
    pub name: &'a str,
    /// The value node (what findings point at).
    pub node: &'a Node,
    /// The value as text (`binaryData` decoded when it is UTF-8).
    pub text: Cow<'a, str>,
    pub source: Source<'a>,
}

#[derive(Clone, Copy)]
pub(super) enum Source<'a> {
    Env(ContainerView<'a>),
    ConfigMapData,
    ConfigMapBinaryData,
    /// `metadata.annotations` of the object.
    Annotation,
    /// `metadata.annotations` of a workload's pod template.
    PodTemplateAnnotation,
}

impl Place<'_> {
    /// "env `DB_PASSWORD` of container `app`", "ConfigMap key `app.properties`".
    pub fn describe(&self) -> String {
        match &self.source {
            Source::Env(c) if self.name.is_empty() => {
                format!("an unnamed env var of {}", c.describe())
            }
            Source::Env(c) => format!("env `{}` of {}", self.name, c.describe()),
            Source::ConfigMapData => format!("ConfigMap key `{}`", self.name),
            Source::ConfigMapBinaryData => format!("ConfigMap `binaryData` key `{}`", self.name),
            Source::Annotation => format!("annotation `{}`", self.name),
            Source::PodTemplateAnnotation => format!("pod template annotation `{}`", self.name),
        }
    }

    /// " (line 3 of the value)" for a multi-line value, so a finding on a whole embedded
    /// config file still says where to look; empty otherwise.
    pub fn at_line(&self, line: usize) -> String {
        if self.text.trim_end().contains('\n') {
            format!(" (line {line} of the value)")
        } else {
            String::new()
        }
    }

    /// "env `X` of container `app` holds a GitHub token", "ConfigMap key `app.properties`
    /// holds … (line 3 of the value) and 2 more secret-looking values (lines 7, 9)"; `None`
    /// when nothing was found.
    pub fn holds(&self, found: &[Detection]) -> Option<String> {
        let (first, rest) = found.split_first()?;
        let mut message = format!(
            "{} holds {}{}",
            self.describe(),
            first.what,
            self.at_line(first.line)
        );
        if !rest.is_empty() {
            let lines: Vec<String> = rest.iter().map(|d| d.line.to_string()).collect();
            message.push_str(&format!(
                " and {} more secret-looking value{}",
                rest.len(),
                if rest.len() == 1 { "" } else { "s" }
            ));
            // Line numbers only say something in a multi-line value.
            if !self.at_line(1).is_empty() {
                message.push_str(&format!(
                    " ({} {})",
                    if rest.len() == 1 { "line" } else { "lines" },
                    lines.join(", ")
                ));
            }
        }
        Some(message)
    }

    /// Whether the name says the value is a proxy setting (`HTTP_PROXY`, `NO_PROXY`): proxy
    /// URLs are plain HTTP by design and `NO_PROXY` lists addresses to bypass.
    pub fn is_proxy_setting(&self) -> bool {
        self.name.to_ascii_uppercase().contains("PROXY")
    }

    pub fn report(&self, cx: &mut RuleContext<'_>, message: String) {
        match &self.source {
            Source::Env(c) => cx.report_container(c, self.node, message),
            _ => cx.report(self.node, message),
        }
    }

    /// Reports a finding whose source line holds a secret: reporters will not quote it.
    pub fn report_secret(&self, cx: &mut RuleContext<'_>, message: String) {
        match &self.source {
            Source::Env(c) => cx.report_container_secret(c, self.node, message),
            _ => cx.report_secret(self.node, message),
        }
    }
}

/// Whether the object is in the core API group (`v1`): a `Secret` or `ConfigMap` of another
/// group is some CRD.
pub(super) fn is_core(object: &Object) -> bool {
    object.group().is_empty()
}

/// Literal `env[].value` strings of every container, init and ephemeral container.
pub(super) fn env_places<'a>(pod: &PodSpecView<'a>) -> Vec<Place<'a>> {
    let mut places = Vec::new();
    for c in pod.containers() {
        for var in c.env() {
            let Some(node) = var.get("value") else {
                continue;
            };
            let Some(text) = node.as_str() else {
                continue;
            };
            places.push(Place {
                name: var.get("name").and_then(Node::as_str).unwrap_or(""),
                node,
                text: Cow::Borrowed(text),
                source: Source::Env(c),
            });
        }
    }
    places
}

/// The entries of a core ConfigMap: `data` strings, and `binaryData` values that decode to
/// UTF-8 text (binary files are left alone).
pub(super) fn configmap_places(object: &Object) -> Vec<Place<'_>> {
    let mut places = Vec::new();
    if object.kind() != "ConfigMap" || !is_core(object) {
        return places;
    }
    for entry in object.root.get("data").map(Node::entries).unwrap_or(&[]) {
        if let Some(text) = entry.value.as_str() {
            places.push(Place {
                name: entry.key_str(),
                node: &entry.value,
                text: Cow::Borrowed(text),
                source: Source::ConfigMapData,
            });
        }
    }
    for entry in object
        .root
        .get("binaryData")
        .map(Node::entries)
        .unwrap_or(&[])
    {
        let decoded = entry
            .value
            .as_str()
            .and_then(|s| decode_base64(s, Alphabet::Standard))
            .and_then(|bytes| String::from_utf8(bytes).ok());
        if let Some(text) = decoded {
            places.push(Place {
                name: entry.key_str(),
                node: &entry.value,
                text: Cow::Owned(text),
                source: Source::ConfigMapBinaryData,
            });
        }
    }
    places
}

/// String annotations of the object and, for workloads, of the pod template.
pub(super) fn annotation_places(object: &Object) -> Vec<Place<'_>> {
    let own = object.root.get("metadata");
    let template = PodSpecView::of(object)
        .and_then(|pod| pod.pod_metadata)
        .filter(|meta| !own.is_some_and(|own| std::ptr::eq(own, *meta)));
    let mut places = Vec::new();
    for (metadata, source) in [
        (own, Source::Annotation),
        (template, Source::PodTemplateAnnotation),
    ] {
        let annotations = metadata.and_then(|m| m.get("annotations"));
        for entry in annotations.map(Node::entries).unwrap_or(&[]) {
            if let Some(text) = entry.value.as_str() {
                places.push(Place {
                    name: entry.key_str(),
                    node: &entry.value,
                    text: Cow::Borrowed(text),
                    source,
                });
            }
        }
    }
    places
}

/// Env values of a workload, or the entries of a ConfigMap.
pub(super) fn value_places(object: &Object) -> Vec<Place<'_>> {
    match PodSpecView::of(object) {
        Some(pod) => env_places(&pod),
        None => configmap_places(object),
    }
}

/// Why a Secret key counts as committed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Committed {
    /// A real value: base64 in `data`, or plain text in `stringData`.
    Value,
    /// A `data` value that is not valid base64: plain text pasted where base64 belongs.
    Undecodable,
}

/// A key of a Secret manifest that holds a committed value.
pub(super) struct CommittedKey<'a> {
    /// `data` or `stringData`.
    pub section: &'static str,
    pub key: &'a str,
    pub node: &'a Node,
    pub how: Committed,
}

/// Keys that are not secret by design, per Secret type: the service-account token's
/// namespace, a bootstrap token's public id and metadata, a basic-auth user name.
fn is_public_key(secret_type: &str, key: &str) -> bool {
    match secret_type {
        "kubernetes.io/service-account-token" => key == "namespace",
        "bootstrap.kubernetes.io/token" => {
            matches!(
                key,
                "token-id" | "description" | "expiration" | "auth-extra-groups"
            ) || key.starts_with("usage-bootstrap-")
        }
        "kubernetes.io/basic-auth" => key == "username",
        _ => false,
    }
}

/// PEM text made only of certificates and public keys (`ca.crt`, `tls.crt`): public data.
fn is_public_pem(text: &str) -> bool {
    const PUBLIC: &[&str] = &[
        "CERTIFICATE-----",
        "TRUSTED CERTIFICATE-----",
        "PUBLIC KEY-----",
        "X509 CRL-----",
    ];
    let t = text.trim_start();
    t.starts_with("-----BEGIN ")
        && !t.contains("PRIVATE")
        && t.split("-----BEGIN ")
            .skip(1)
            .all(|block| PUBLIC.iter().any(|label| block.starts_with(label)))
}

/// The keys of a Secret manifest (`root` is the whole object) that hold committed values:
/// not empty, not a placeholder, not SOPS-encrypted, not public by design (certificates, the
/// keys of [`is_public_key`]). A Secret with a top-level `sops:` block is encrypted with SOPS
/// and has none.
pub(super) fn committed_secret_keys(root: &Node) -> Vec<CommittedKey<'_>> {
    let mut keys = Vec::new();
    if root.get("sops").is_some_and(|n| !n.is_null()) {
        return keys;
    }
    let secret_type = root.get("type").and_then(Node::as_str).unwrap_or("Opaque");
    for section in ["data", "stringData"] {
        for entry in root.get(section).map(Node::entries).unwrap_or(&[]) {
            let key = entry.key_str();
            let Some(raw) = entry.value.as_str() else {
                continue;
            };
            if is_public_key(secret_type, key) || is_placeholder(raw) || is_sops_encrypted(raw) {
                continue;
            }
            let how = if section == "data" {
                match decode_base64(raw, Alphabet::Standard) {
                    Some(bytes) => {
                        let text = String::from_utf8_lossy(&bytes);
                        if is_placeholder(&text) || is_public_pem(&text) {
                            continue;
                        }
                        Committed::Value
                    }
                    None => Committed::Undecodable,
                }
            } else {
                if is_public_pem(raw) {
                    continue;
                }
                Committed::Value
            };
            keys.push(CommittedKey {
                section,
                key,
                node: &entry.value,
                how,
            });
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubeward_model::podspec::WORKLOAD_KINDS;

    #[test]
    fn kinds_cover_configmaps_and_every_workload() {
        let mut expected: Vec<&str> = WORKLOAD_KINDS.iter().map(|(k, _)| *k).collect();
        expected.push("ConfigMap");
        expected.sort();
        let mut kinds = CONFIGMAP_AND_WORKLOADS.to_vec();
        kinds.sort();
        assert_eq!(kinds, expected);
    }

    #[test]
    fn public_pem() {
        let cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        assert!(is_public_pem(cert));
        assert!(is_public_pem(&format!("{cert}{cert}")));
        assert!(!is_public_pem(&format!(
            "{cert}-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"
        )));
        assert!(!is_public_pem("hunter22"));
    }
}
