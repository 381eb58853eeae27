use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Pod volumes of a type outside the Pod Security Standards restricted allow-list
    /// (`configMap`, `csi`, `downwardAPI`, `emptyDir`, `ephemeral`, `image`,
    /// `persistentVolumeClaim`, `projected`, `secret`): the in-tree network and cloud volume
    /// types (`nfs`, `iscsi`, `rbd`, `cephfs`, `glusterfs`, `fc`, `flexVolume`, `cinder`,
    /// `awsElasticBlockStore`, `gcePersistentDisk`, `azureDisk`, `azureFile`, `vsphereVolume`,
    /// `portworxVolume`, `scaleIO`, `storageos`, `quobyte`, `flocker`, `photonPersistentDisk`) and
    /// `gitRepo`. One finding per volume, at the volume source.
    ///
    /// `hostPath` is outside the allow-list too, but it is reported by `host-path-volume`,
    /// `sensitive-host-path` or `container-runtime-socket` (exactly one of them), which the
    /// `pss-restricted` profile runs; this rule leaves it out so that a hostPath volume gives one
    /// finding. A volume with no source, or with a `null` one, is an `emptyDir` for the API
    /// server and is fine. This is the restricted check `restrictedVolumes`.
    ///
    /// ## Why it matters
    /// These volume types are mounted by the kubelet on the node with credentials and options
    /// the pod author chooses: an `nfs` or `iscsi` volume reaches any server the node can
    /// reach, `flexVolume` runs a driver binary on the node, and `gitRepo` runs `git` on the node
    /// against a repository the pod names (CVE-2024-10220). Persistent storage belongs behind a
    /// PersistentVolumeClaim, where the cluster administrator controls what is mounted.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    ///       volumeMounts:
    ///         - {name: content, mountPath: /usr/share/nginx/html}
    ///   volumes:
    ///     - name: content
    ///       nfs:
    ///         server: nfs.example.internal
    ///         path: /exports/web
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    ///       volumeMounts:
    ///         - {name: content, mountPath: /usr/share/nginx/html}
    ///   volumes:
    ///     - name: content
    ///       persistentVolumeClaim:
    ///         claimName: web-content
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, restricted: "Volume Types" (`restrictedVolumes`)
    /// - Trivy KSV-0028
    pub struct RestrictedVolumeType {
        id: "restricted-volume-type",
        title: "Pod uses a volume type outside the restricted set",
        severity: Severity::Low,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Mount the storage through a PersistentVolumeClaim (or a CSI driver) that the cluster administrator provides, or use configMap, secret, projected, downwardAPI or emptyDir volumes.",
        references: References {
            trivy: &["KSV-0028"],
            pss: &["restrictedVolumes"],
            ..References::NONE
        },
    }
}

/// Volume sources outside the restricted allow-list, except `hostPath` (left to the hostPath
/// rules). Every in-tree `VolumeSource` field of the core API that is not allowed.
const RESTRICTED_SOURCES: &[&str] = &[
    "awsElasticBlockStore",
    "azureDisk",
    "azureFile",
    "cephfs",
    "cinder",
    "fc",
    "flexVolume",
    "flocker",
    "gcePersistentDisk",
    "gitRepo",
    "glusterfs",
    "iscsi",
    "nfs",
    "photonPersistentDisk",
    "portworxVolume",
    "quobyte",
    "rbd",
    "scaleIO",
    "storageos",
    "vsphereVolume",
];

impl Rule for RestrictedVolumeType {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        for volume in pod.volumes() {
            let name = volume.get("name").and_then(Node::as_str).unwrap_or("");
            for entry in volume.entries() {
                let source = entry.key_str();
                if !RESTRICTED_SOURCES.contains(&source) || entry.value.is_null() {
                    continue;
                }
                cx.report(
                    &entry.value,
                    format!(
                        "volume `{name}` uses the `{source}` volume type, which the restricted level does not allow"
                    ),
                );
            }
        }
    }
}
