use super::helpers::workdirs;
use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::Dockerfile;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `WORKDIR` set to a system directory: `/proc`, `/sys`, `/dev`, `/boot`, `/initrd` or
    /// `/lost+found` or anything under them, or exactly one of `/bin`, `/sbin`, `/lib`,
    /// `/lib64`, `/usr/bin`, `/usr/sbin`, `/usr/lib`, `/etc`. Variables are substituted where
    /// the file gives their values; `/` and directories under `/usr/local`, `/etc/<app>` or
    /// `/usr/src` are fine.
    ///
    /// ## Why it matters
    /// The virtual file systems (`/proc`, `/sys`, `/dev`) are mounted over by the runtime, so
    /// whatever the build wrote there disappears, and an application working there reads and
    /// writes kernel interfaces. Working in `/bin` or `/etc` mixes the application's files
    /// with the operating system's.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM alpine:3.20
    /// WORKDIR /proc/app
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM alpine:3.20
    /// WORKDIR /usr/src/app
    /// WORKDIR /etc/nginx
    /// WORKDIR /
    /// ```
    ///
    /// ## References
    /// Trivy DS-0030.
    pub struct DockerfileWorkdirSystemDir {
        id: "dockerfile-workdir-system-dir",
        title: "Dockerfile WORKDIR is a system directory",
        severity: Severity::High,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Work in a directory of the application's own (`/srv/app`, `/usr/src/app`, `/app`).",
        references: References {
            trivy: &["DS-0030"],
            ..References::NONE
        },
    }
}

/// Directories that are off limits with everything under them.
const TREES: &[&str] = &["/proc", "/sys", "/dev", "/boot", "/initrd", "/lost+found"];
/// Directories that are off limits themselves.
const EXACT: &[&str] = &[
    "/bin",
    "/sbin",
    "/lib",
    "/lib64",
    "/usr/bin",
    "/usr/sbin",
    "/usr/lib",
    "/etc",
];

fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// The system directory `path` (absolute) is in, if any.
pub(crate) fn system_dir(path: &str) -> Option<&'static str> {
    let path = normalize(path);
    TREES
        .iter()
        .find(|t| {
            path.strip_prefix(**t)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
        .or_else(|| EXACT.iter().find(|e| **e == path))
        .copied()
}

impl Rule for DockerfileWorkdirSystemDir {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for (stage, word, path) in workdirs(df) {
            if !path.starts_with('/') {
                continue;
            }
            if let Some(dir) = system_dir(&path) {
                cx.report(
                    Some(stage),
                    word.span,
                    format!("WORKDIR `{path}` is in the system directory `{dir}`"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::system_dir;

    #[test]
    fn system_dirs() {
        assert_eq!(system_dir("/proc"), Some("/proc"));
        assert_eq!(system_dir("/dev/shm/x"), Some("/dev"));
        assert_eq!(system_dir("/srv/../sys/"), Some("/sys"));
        assert_eq!(system_dir("/etc"), Some("/etc"));
        assert_eq!(system_dir("/etc/nginx"), None);
        assert_eq!(system_dir("/device"), None);
        assert_eq!(system_dir("/usr/bin/app"), None);
        assert_eq!(system_dir("/"), None);
    }
}
