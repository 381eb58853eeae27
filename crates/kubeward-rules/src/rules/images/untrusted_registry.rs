use super::helpers::{ImageRef, container_images};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers, init containers and ephemeral containers whose image does not come from a
    /// registry listed in `settings.allowed-registries`. The list is empty by default, and the
    /// rule then finds nothing.
    ///
    /// ```text
    /// settings:
    ///   allowed-registries:
    ///     - registry.example.com          # every repository on this host
    ///     - ghcr.io/example               # one organisation on a shared host
    ///     - docker.io/library             # Docker Hub's official images only
    /// ```
    ///
    /// An image is allowed when its registry and repository path equal an entry or start with
    /// an entry followed by `/`: `ghcr.io/example` allows `ghcr.io/example/app` but not
    /// `ghcr.io/example-evil/app` nor `ghcr.io/examples`. Images without a registry host are on
    /// Docker Hub and compared as `docker.io/<path>`, with official images under
    /// `docker.io/library/` (`nginx` is `docker.io/library/nginx`); `index.docker.io` and
    /// `registry-1.docker.io` are read as `docker.io`. Comparison ignores case, a trailing `/`
    /// and an `https://` prefix in entries. Tags and digests play no part.
    ///
    /// Trivy's deprecated per-cloud checks (KSV-0032 to KSV-0035: images must come from ACR,
    /// GCR, ECR, ...) are this rule with a fixed list. Trivy KSV-0124, which flags Gatekeeper
    /// `K8sAllowedRepos` constraints whose prefixes lack a trailing `/`, checks a Gatekeeper
    /// object rather than workloads and is left out; this rule's own matching applies the `/`
    /// boundary that KSV-0124 asks Gatekeeper policies for.
    ///
    /// ## Why it matters
    /// Where images come from is a supply-chain boundary. A registry the organisation controls
    /// (or mirrors and scans) is where signing, vulnerability scanning and retention policies
    /// apply; an image pulled straight from a public registry, or from a look-alike name, skips
    /// all of them and can change under the same tag at any time.
    ///
    /// ## Bad
    /// ```yaml
    /// # kubeward-settings: {"allowed-registries": ["registry.example.com"]}
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// # kubeward-settings: {"allowed-registries": ["registry.example.com"]}
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/mirror/nginx:1.27
    /// ```
    ///
    /// ## References
    /// - Trivy KSV-0125 (and the deprecated KSV-0032 to KSV-0035)
    /// - NSA/CISA Kubernetes Hardening Guide, "Pod security" (trusted registries)
    pub struct UntrustedRegistry {
        id: "untrusted-registry",
        title: "Image comes from a registry that is not allowed",
        severity: Severity::Medium,
        category: Category::Images,
        scope: Scope::PodSpec,
        remediation: "Pull the image from an allowed registry (mirror it there if needed), or add its registry to `settings.allowed-registries` if it is trusted.",
        references: References {
            trivy: &["KSV-0125", "KSV-0032", "KSV-0033", "KSV-0034", "KSV-0035"],
            nsa: &["Pod security: trusted registries"],
            ..References::NONE
        },
    }
}

/// Host names that are Docker Hub.
const DOCKER_HUB_ALIASES: &[&str] = &["index.docker.io", "registry-1.docker.io"];

/// `docker.io` for Docker Hub's aliases, the host lowercased otherwise.
fn canonical_host(host: &str) -> String {
    let host = host.to_ascii_lowercase();
    if DOCKER_HUB_ALIASES.contains(&host.as_str()) {
        "docker.io".to_string()
    } else {
        host
    }
}

/// `registry/repository` as an allow-list compares it: `docker.io/library/nginx` for `nginx`.
pub(crate) fn full_name(image: &ImageRef<'_>) -> String {
    let host = image
        .registry
        .map_or_else(|| "docker.io".to_string(), canonical_host);
    let repository = image.repository.to_ascii_lowercase();
    if host == "docker.io" && !repository.contains('/') {
        format!("{host}/library/{repository}")
    } else {
        format!("{host}/{repository}")
    }
}

/// An allow-list entry as compared: lowercase, without scheme or trailing `/`, Docker Hub
/// aliases as `docker.io`. `None` for an empty entry.
pub(crate) fn normalize_entry(entry: &str) -> Option<String> {
    let entry = entry.trim();
    let entry = entry
        .strip_prefix("https://")
        .or_else(|| entry.strip_prefix("http://"))
        .unwrap_or(entry)
        .trim_end_matches('/');
    if entry.is_empty() {
        return None;
    }
    let (host, path) = match entry.split_once('/') {
        Some((host, path)) => (host, Some(path)),
        None => (entry, None),
    };
    let host = canonical_host(host);
    Some(match path {
        Some(path) => format!("{host}/{}", path.to_ascii_lowercase()),
        None => host,
    })
}

/// Whether `name` (a [`full_name`]) is `entry` or under it, at a `/` boundary.
pub(crate) fn is_allowed(name: &str, entry: &str) -> bool {
    name.strip_prefix(entry)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

impl Rule for UntrustedRegistry {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        let entries: Vec<String> = cx
            .settings()
            .allowed_registries
            .iter()
            .filter_map(|e| normalize_entry(e))
            .collect();
        if entries.is_empty() {
            return;
        }
        for (c, node, image) in container_images(pod) {
            let name = full_name(&image);
            if entries.iter().any(|entry| is_allowed(&name, entry)) {
                continue;
            }
            let text = node.as_str().unwrap_or_default().trim();
            cx.report_container(
                &c,
                node,
                format!(
                    "{} uses image `{text}` from `{name}`, which is not under an allowed registry ({})",
                    c.describe(),
                    entries.join(", ")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(image: &str) -> String {
        ImageRef::parse(image)
            .map(|i| full_name(&i))
            .unwrap_or_default()
    }

    #[test]
    fn full_names_as_registries_see_them() {
        assert_eq!(name("nginx:1.27"), "docker.io/library/nginx");
        assert_eq!(name("bitnami/redis:7"), "docker.io/bitnami/redis");
        assert_eq!(name("docker.io/nginx"), "docker.io/library/nginx");
        assert_eq!(
            name("index.docker.io/library/nginx"),
            "docker.io/library/nginx"
        );
        assert_eq!(
            name("Registry.Example.com:5000/team/app:1"),
            "registry.example.com:5000/team/app"
        );
        assert_eq!(
            name("ghcr.io/example/app@sha256:abc"),
            "ghcr.io/example/app"
        );
    }

    #[test]
    fn entries_match_at_a_slash_boundary() {
        let allowed = |image: &str, entry: &str| {
            normalize_entry(entry).is_some_and(|e| is_allowed(&name(image), &e))
        };
        assert!(allowed("ghcr.io/example/app:1", "ghcr.io/example"));
        assert!(allowed("ghcr.io/example/app:1", "https://GHCR.io/example/"));
        assert!(allowed("ghcr.io/example/app:1", "ghcr.io"));
        assert!(!allowed("ghcr.io/example-evil/app:1", "ghcr.io/example"));
        assert!(!allowed("ghcr.io/examples/app:1", "ghcr.io/example"));
        assert!(!allowed("ghcr.io.evil.com/example/app", "ghcr.io"));
        assert!(allowed("nginx", "docker.io"));
        assert!(allowed("nginx", "docker.io/library"));
        assert!(allowed("nginx", "index.docker.io/library/nginx"));
        assert!(!allowed("bitnami/redis", "docker.io/library"));
        assert!(!allowed("registry:5000/app", "registry"));
        assert!(normalize_entry(" / ").is_none());
    }

    /// Runs the rule over `yaml` with `allowed` as the allow-list; the finding lines.
    fn lines(yaml: &str, allowed: &[&str]) -> Vec<u32> {
        let load = kubeward_loader::load_bytes(
            std::sync::Arc::from("test.yaml"),
            yaml.as_bytes(),
            false,
            &kubeward_loader::LoadOptions::default(),
        );
        let settings = crate::settings::Settings {
            allowed_registries: allowed.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        let engine = crate::Engine::with_settings(vec![&UntrustedRegistry], settings);
        let mut findings = Vec::new();
        for object in &load.objects {
            engine.check(object, &mut findings);
        }
        let mut lines: Vec<u32> = findings.iter().map(|f| f.line).collect();
        lines.sort();
        lines
    }

    const POD: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
    - name: setup
      image: busybox:1.36
  containers:
    - name: app
      image: registry.example.com/team/app:1.4
    - name: proxy
      image: ghcr.io/example/proxy:2
";

    #[test]
    fn empty_list_turns_the_rule_off() {
        assert_eq!(lines(POD, &[]), Vec::<u32>::new());
        assert_eq!(lines(POD, &["", " "]), Vec::<u32>::new());
    }

    #[test]
    fn images_outside_the_list_are_reported() {
        assert_eq!(lines(POD, &["registry.example.com"]), vec![8, 13]);
        assert_eq!(
            lines(
                POD,
                &[
                    "registry.example.com",
                    "ghcr.io/example",
                    "docker.io/library"
                ]
            ),
            Vec::<u32>::new()
        );
    }
}
