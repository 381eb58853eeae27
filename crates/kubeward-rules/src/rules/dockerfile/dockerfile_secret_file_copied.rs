use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, Keyword};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `COPY` and `ADD` sources that are secret files by name: `.env` and `.env.<name>`
    /// (not `.env.example`, `.env.sample`, `.env.template`, `.env.dist`), SSH private keys
    /// (`id_rsa`, `id_dsa`, `id_ecdsa`, `id_ed25519`; not `*.pub`), `*.pem`, `*.key`, `*.p12`,
    /// `*.pfx`, `*.jks`, `*.keystore`, cloud credential files (`credentials`,
    /// `credentials.json`, `service-account*.json`, `.git-credentials`, `.netrc`,
    /// `.docker/config.json`, `.dockercfg`) and package-registry configs that usually carry a
    /// token (`.npmrc`, `.pypirc`, `.yarnrc.yml`, `.gem/credentials`). Only explicit file names
    /// are checked; copying the whole context (`COPY . .`) is a `.dockerignore` matter.
    ///
    /// ## Why it matters
    /// A copied file is in an image layer for good, even if a later `RUN rm` deletes it:
    /// anyone who pulls the image can extract it.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY .npmrc package.json package-lock.json ./
    /// RUN npm ci
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY package.json package-lock.json ./
    /// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
    /// ```
    ///
    /// ## References
    /// hadolint DL3064 (secrets); Trivy DS-0031.
    pub struct DockerfileSecretFileCopied {
        id: "dockerfile-secret-file-copied",
        title: "Dockerfile copies a secret file into the image",
        severity: Severity::Critical,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Do not copy secret files: mount them for the one step that needs them with `RUN --mount=type=secret,id=…,target=…`, and list them in .dockerignore.",
        references: References {
            hadolint: &["DL3064"],
            trivy: &["DS-0031"],
            ..References::NONE
        },
    }
}

const NAMES: &[&str] = &[
    ".env",
    "id_rsa",
    "id_dsa",
    "id_ecdsa",
    "id_ed25519",
    "credentials",
    "credentials.json",
    ".git-credentials",
    ".netrc",
    ".dockercfg",
    ".npmrc",
    ".pypirc",
    ".yarnrc.yml",
    ".htpasswd",
];

const EXTENSIONS: &[&str] = &[".pem", ".key", ".p12", ".pfx", ".jks", ".keystore"];

const NOT_SECRET_ENV: &[&str] = &["example", "sample", "template", "dist", "defaults", "test"];

/// What kind of secret file `path` names, if it does.
fn secret_file(path: &str) -> Option<&'static str> {
    let path = path.trim_end_matches('/');
    let lower = path.to_ascii_lowercase();
    let base = lower.rsplit('/').next().unwrap_or(&lower);
    if lower.ends_with(".docker/config.json") || lower.ends_with(".gem/credentials") {
        return Some("a registry credential file");
    }
    if let Some(suffix) = base.strip_prefix(".env.") {
        return (!NOT_SECRET_ENV.contains(&suffix)).then_some("an environment file");
    }
    if base.starts_with("service-account") && base.ends_with(".json") {
        return Some("a service account key");
    }
    if NAMES.contains(&base) {
        return Some(match base {
            ".env" => "an environment file",
            ".npmrc" | ".pypirc" | ".yarnrc.yml" | ".dockercfg" => "a registry config with a token",
            b if b.starts_with("id_") => "an SSH private key",
            _ => "a credential file",
        });
    }
    if EXTENSIONS.iter().any(|e| base.ends_with(e)) {
        return Some("a key or certificate bundle");
    }
    None
}

impl Rule for DockerfileSecretFileCopied {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for stage in &df.stages {
            for ins in df.stage_instructions(stage) {
                if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) {
                    continue;
                }
                let Some((_dest, sources)) = ins.words.split_last() else {
                    continue;
                };
                for source in sources {
                    if ins.heredocs.iter().any(|h| h.span == source.span) {
                        continue;
                    }
                    if let Some(kind) = secret_file(&source.text) {
                        cx.report(
                            Some(stage),
                            source.span,
                            format!(
                                "{} copies `{}`, {kind}, into the image",
                                ins.keyword, source.text
                            ),
                        );
                    }
                }
            }
        }
    }
}
