//! Shared logic of the service-account rules: scopes that add one kind to the workload kinds,
//! and recognising well-known components by image and labels.

use crate::rules::images::helpers::ImageRef;
use kubeward_model::{ContainerView, Node};

/// Every workload kind (`kubeward_model::podspec::WORKLOAD_KINDS`) and `ServiceAccount`.
pub(super) const WORKLOADS_AND_SERVICE_ACCOUNTS: &[&str] = &[
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
    "PodTemplate",
    "ServiceAccount",
];

/// Every workload kind and `Service`.
pub(super) const WORKLOADS_AND_SERVICES: &[&str] = &[
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
    "PodTemplate",
    "Service",
];

/// The container's image node and its repository path (registry, tag and digest removed),
/// lowercased: `kubernetes-helm/tiller` for `gcr.io/kubernetes-helm/tiller:v2.17.0`.
pub(super) fn image_repository<'a>(c: &ContainerView<'a>) -> Option<(&'a Node, String)> {
    let node = c.image()?;
    let image = ImageRef::parse(node.as_str()?)?;
    Some((node, image.repository.to_ascii_lowercase()))
}

/// The last path component of a repository: `tiller` for `kubernetes-helm/tiller`.
pub(super) fn last_component(repository: &str) -> &str {
    repository.rsplit('/').next().unwrap_or(repository)
}

/// The value node of label `key` in a `labels` mapping, when it is the string `value`.
pub(super) fn label<'a>(labels: Option<&'a Node>, key: &str, value: &str) -> Option<&'a Node> {
    labels?.get(key).filter(|n| n.as_str() == Some(value))
}

/// The string items of a container's `command` and `args`, in order.
pub(super) fn command_line<'a>(c: &ContainerView<'a>) -> Vec<&'a str> {
    ["command", "args"]
        .into_iter()
        .flat_map(|field| c.get(field).map(Node::items).unwrap_or(&[]))
        .filter_map(Node::as_str)
        .collect()
}

/// The values given to flag `name` (`--listen`) on a command line: `--listen=x`, `--listen x`,
/// and the single-dash forms Go's `flag` package also accepts.
pub(super) fn flag_values<'a>(line: &[&'a str], name: &str) -> Vec<&'a str> {
    let mut values = Vec::new();
    let mut iter = line.iter().peekable();
    while let Some(item) = iter.next() {
        let Some(rest) = item
            .strip_prefix("--")
            .or_else(|| item.strip_prefix('-'))
            .and_then(|r| r.strip_prefix(name))
        else {
            continue;
        };
        if let Some(value) = rest.strip_prefix('=') {
            values.push(value);
        } else if rest.is_empty()
            && let Some(next) = iter.next_if(|n| !n.starts_with('-'))
        {
            values.push(next);
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubeward_model::podspec::WORKLOAD_KINDS;

    #[test]
    fn scopes_cover_every_workload_kind() {
        for (kind, _) in WORKLOAD_KINDS {
            assert!(WORKLOADS_AND_SERVICE_ACCOUNTS.contains(kind), "{kind}");
            assert!(WORKLOADS_AND_SERVICES.contains(kind), "{kind}");
        }
        assert_eq!(
            WORKLOADS_AND_SERVICE_ACCOUNTS.len(),
            WORKLOAD_KINDS.len() + 1
        );
        assert_eq!(WORKLOADS_AND_SERVICES.len(), WORKLOAD_KINDS.len() + 1);
    }

    #[test]
    fn flag_values_in_every_spelling() {
        let line = [
            "tiller",
            "--listen=localhost:44134",
            "-listen",
            "127.0.0.1:1",
            "--listen",
        ];
        assert_eq!(
            flag_values(&line, "listen"),
            vec!["localhost:44134", "127.0.0.1:1"]
        );
        assert_eq!(flag_values(&["--listener=x"], "listen"), Vec::<&str>::new());
        assert_eq!(
            flag_values(&["--git", "--git-config=a:b"], "git"),
            Vec::<&str>::new()
        );
        assert_eq!(
            flag_values(&["--git-config=a:b"], "git-config"),
            vec!["a:b"]
        );
    }
}
