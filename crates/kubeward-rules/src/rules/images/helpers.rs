//! Image references, split the way container runtimes read them.
//!
//! The grammar (from `distribution/reference`) is `[registry/]repository[:tag][@digest]`:
//! - the digest is everything after the `@`;
//! - the tag is what follows the last `:` after the last `/` (so the port in
//!   `registry:5000/app` is not a tag);
//! - the first path component is a registry host when it contains a `.` or a `:`, is
//!   `localhost`, or has an uppercase letter (repository names are lowercase); otherwise the
//!   image is on Docker Hub (`nginx`, `library/nginx`, `bitnami/redis`).
//!
//! When both a tag and a digest are given (`nginx:1.27@sha256:…`) runtimes pull by digest and
//! ignore the tag.

use kubeward_model::{ContainerView, Node, PodSpecView};

/// Every container (init and ephemeral ones included: their images are pulled too) whose
/// `image` is a non-empty string, with the image node and its parsed reference. A missing,
/// empty or non-string image is another rule's business.
pub fn container_images<'a>(
    pod: &PodSpecView<'a>,
) -> impl Iterator<Item = (ContainerView<'a>, &'a Node, ImageRef<'a>)> {
    pod.containers().filter_map(|c| {
        let node = c.image()?;
        let image = ImageRef::parse(node.as_str()?)?;
        Some((c, node, image))
    })
}

/// One parsed image reference. Parts are slices of the (trimmed) input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageRef<'a> {
    /// `registry.example.com:5000`, when the reference names a registry host.
    pub registry: Option<&'a str>,
    /// The repository path without registry, tag or digest (`nginx`, `team/app`).
    pub repository: &'a str,
    /// The tag, when one is given and not empty.
    pub tag: Option<&'a str>,
    /// The digest (`sha256:…`), when one is given and not empty; not validated.
    pub digest: Option<&'a str>,
}

impl<'a> ImageRef<'a> {
    /// Parses `image`; `None` for an empty reference or one without a repository name.
    pub fn parse(image: &'a str) -> Option<Self> {
        let image = image.trim();
        let (name, digest) = match image.split_once('@') {
            Some((name, digest)) => (name, Some(digest).filter(|d| !d.is_empty())),
            None => (image, None),
        };
        let last_component = name.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match name[last_component..].rfind(':') {
            Some(i) => {
                let colon = last_component + i;
                (
                    &name[..colon],
                    Some(&name[colon + 1..]).filter(|t| !t.is_empty()),
                )
            }
            None => (name, None),
        };
        let (registry, repository) = match name.split_once('/') {
            Some((first, rest)) if is_registry_host(first) => (Some(first), rest),
            _ => (None, name),
        };
        if repository.is_empty() {
            return None;
        }
        Some(ImageRef {
            registry,
            repository,
            tag,
            digest,
        })
    }

    /// Whether the reference carries a well-formed digest (see [`is_valid_digest`]).
    pub fn is_pinned(&self) -> bool {
        self.digest.is_some_and(is_valid_digest)
    }
}

/// The first path component names a registry host, as `distribution/reference` decides it.
fn is_registry_host(component: &str) -> bool {
    component.contains(['.', ':'])
        || component == "localhost"
        || component.chars().any(|c| c.is_ascii_uppercase())
}

/// A digest runtimes can pull by: `sha256:` and 64, or `sha512:` and 128, lowercase hex
/// characters (the OCI image spec's registered algorithms).
pub fn is_valid_digest(digest: &str) -> bool {
    let Some((algorithm, encoded)) = digest.split_once(':') else {
        return false;
    };
    let len = match algorithm {
        "sha256" => 64,
        "sha512" => 128,
        _ => return false,
    };
    encoded.len() == len
        && encoded
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// (registry, repository, tag, digest)
    type Parts<'a> = (Option<&'a str>, &'a str, Option<&'a str>, Option<&'a str>);

    fn parts(image: &str) -> Option<Parts<'_>> {
        ImageRef::parse(image).map(|r| (r.registry, r.repository, r.tag, r.digest))
    }

    #[test]
    fn docker_hub_names() {
        assert_eq!(parts("nginx"), Some((None, "nginx", None, None)));
        assert_eq!(
            parts("nginx:1.27"),
            Some((None, "nginx", Some("1.27"), None))
        );
        assert_eq!(
            parts("library/nginx:latest"),
            Some((None, "library/nginx", Some("latest"), None))
        );
        assert_eq!(
            parts("bitnami/redis:7.2"),
            Some((None, "bitnami/redis", Some("7.2"), None))
        );
    }

    #[test]
    fn registry_hosts_and_ports() {
        assert_eq!(
            parts("registry:5000/app"),
            Some((Some("registry:5000"), "app", None, None))
        );
        assert_eq!(
            parts("registry:5000/team/app:1.2.3"),
            Some((Some("registry:5000"), "team/app", Some("1.2.3"), None))
        );
        assert_eq!(
            parts("localhost/app:dev"),
            Some((Some("localhost"), "app", Some("dev"), None))
        );
        assert_eq!(
            parts("ghcr.io/org/app"),
            Some((Some("ghcr.io"), "org/app", None, None))
        );
        assert_eq!(
            parts("[::1]:5000/app:v1"),
            Some((Some("[::1]:5000"), "app", Some("v1"), None))
        );
        // No `/`: the `:` starts a tag, not a port.
        assert_eq!(
            parts("registry:5000"),
            Some((None, "registry", Some("5000"), None))
        );
    }

    #[test]
    fn digests() {
        let image = format!("nginx@{SHA}");
        assert_eq!(parts(&image), Some((None, "nginx", None, Some(SHA))));
        let image = format!("nginx:1.27@{SHA}");
        assert_eq!(
            parts(&image),
            Some((None, "nginx", Some("1.27"), Some(SHA)))
        );
        let image = format!("registry:5000/app:v2@{SHA}");
        assert_eq!(
            parts(&image),
            Some((Some("registry:5000"), "app", Some("v2"), Some(SHA)))
        );
        let image = format!("registry:5000/app@{SHA}");
        assert_eq!(
            parts(&image),
            Some((Some("registry:5000"), "app", None, Some(SHA)))
        );
        assert!(ImageRef::parse(&image).is_some_and(|r| r.is_pinned()));
    }

    #[test]
    fn empty_and_degenerate_references() {
        assert_eq!(parts(""), None);
        assert_eq!(parts("   "), None);
        assert_eq!(parts(&format!("@{SHA}")), None);
        assert_eq!(parts(":latest"), None);
        assert_eq!(parts("nginx:"), Some((None, "nginx", None, None)));
        assert_eq!(parts("nginx@"), Some((None, "nginx", None, None)));
        assert_eq!(
            parts(" nginx:1.27 "),
            Some((None, "nginx", Some("1.27"), None))
        );
    }

    #[test]
    fn digest_validation() {
        assert!(is_valid_digest(SHA));
        assert!(is_valid_digest(&format!("sha512:{}", "a".repeat(128))));
        assert!(!is_valid_digest("sha256:abc"));
        assert!(!is_valid_digest(&SHA.to_uppercase()));
        assert!(!is_valid_digest(&SHA.replace("sha256", "md5")));
        assert!(!is_valid_digest(&SHA.replace("sha256:", "")));
        assert!(!is_valid_digest(&format!("{SHA}0")));
    }
}
