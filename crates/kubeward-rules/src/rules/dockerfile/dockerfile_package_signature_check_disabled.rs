use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::Dockerfile;
use kubeward_dockerfile::shell;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Package installs in `RUN` that skip signature checks: `apk --allow-untrusted`,
    /// `apt-get`/`apt --allow-unauthenticated`, `--force-yes` or
    /// `-o APT::Get::AllowUnauthenticated=true`, `yum`/`dnf`/`microdnf`/`tdnf --nogpgcheck`,
    /// `zypper --no-gpg-checks`, `rpm --nosignature`/`--nodigest`. Text inside quotes,
    /// comments or non-shell here-documents does not count.
    ///
    /// ## Why it matters
    /// Signatures are what tie a package to its publisher; without them a mirror, a proxy or
    /// an attacker on the path can slip in any package and the build installs it as root.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache --allow-untrusted ./vendor/tool.apk
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY vendor.rsa.pub /etc/apk/keys/
    /// RUN apk add --no-cache ./vendor/tool.apk
    /// ```
    ///
    /// ## References
    /// Checkov CKV2_DOCKER_7, CKV2_DOCKER_8, CKV2_DOCKER_9, CKV2_DOCKER_10, CKV2_DOCKER_11.
    pub struct DockerfilePackageSignatureCheckDisabled {
        id: "dockerfile-package-signature-check-disabled",
        title: "Dockerfile installs packages without signature checks",
        severity: Severity::High,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Remove the option and import the repository's signing key instead (COPY the key to /etc/apk/keys, /etc/apt/trusted.gpg.d or rpm --import).",
        references: References {
            checkov: &[
                "CKV2_DOCKER_7",
                "CKV2_DOCKER_8",
                "CKV2_DOCKER_9",
                "CKV2_DOCKER_10",
                "CKV2_DOCKER_11",
            ],
            ..References::NONE
        },
    }
}

impl Rule for DockerfilePackageSignatureCheckDisabled {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for (stage, _, cmds) in shell::runs(df) {
            for cmd in &cmds {
                let Some(name) = cmd.name() else { continue };
                let options: &[&str] = match name {
                    "apk" => &["--allow-untrusted"],
                    "apt-get" | "apt" | "aptitude" => &["--allow-unauthenticated", "--force-yes"],
                    "yum" | "dnf" | "microdnf" | "tdnf" => &["--nogpgcheck"],
                    "zypper" => &["--no-gpg-checks"],
                    "rpm" => &["--nosignature", "--nodigest"],
                    _ => continue,
                };
                let found = cmd.find_option(options).or_else(|| {
                    cmd.args().iter().find(|w| {
                        let t = w.text.to_ascii_lowercase();
                        t.starts_with("apt::get::allowunauthenticated=")
                            && !t.ends_with("=false")
                            && !t.ends_with("=0")
                    })
                });
                if let Some(word) = found {
                    cx.report(
                        Some(stage),
                        word.span,
                        format!(
                            "`{name} {}` installs packages without checking their signatures",
                            word.text
                        ),
                    );
                }
            }
        }
    }
}
