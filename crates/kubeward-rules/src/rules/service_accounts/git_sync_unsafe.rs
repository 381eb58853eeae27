use super::helpers::{command_line, flag_values, image_repository, last_component};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, ContainerView, Node, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// git-sync settings that make git-sync run a program of the manifest's choosing, in any
    /// container (init and ephemeral ones included):
    ///
    /// - the environment variable `GITSYNC_GIT` (v4) or `GIT_SYNC_GIT` (v3), whatever its
    ///   value or source: it replaces the `git` binary git-sync executes (Checkov CKV_K8S_159);
    /// - `GITSYNC_GIT_CONFIG` / `GIT_SYNC_GIT_CONFIG` with a literal value that sets a git
    ///   option which runs a command: `core.sshCommand`, `core.fsmonitor`, `core.hooksPath`,
    ///   `core.pager`, `core.editor`, `core.askPass`, `credential.helper`, `diff.external`,
    ///   `gpg.program`, `gpg.<format>.program`, `uploadPack.packObjectsHook`,
    ///   `protocol.ext.allow` (the `ext::` transport runs commands), and
    ///   `filter.<driver>.clean`, `.smudge` or `.process`;
    /// - the same two settings as flags (`--git`, `--git-config`, also with one dash as git-sync
    ///   v3 accepts) in the `command` or `args` of a git-sync container (an image whose last path
    ///   component is `git-sync`, or a command line that names `git-sync`).
    ///
    /// `--exechook-command` is not reported: running a command after each sync is its
    /// documented purpose, and the command is the manifest's own.
    ///
    /// ## Why it matters
    /// git-sync is commonly given broad write access (to a shared volume, sometimes to the
    /// cluster for GitOps). Akamai's 2024 research showed that whoever can set these values,
    /// for example by editing the Deployment or the ConfigMap its environment comes from, gets
    /// arbitrary command execution inside the git-sync container with its service account and
    /// volumes; `--git` exists "mostly for testing", and none of these options is needed to sync
    /// a repository.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: docs
    /// spec:
    ///   selector:
    ///     matchLabels: {app: docs}
    ///   template:
    ///     metadata:
    ///       labels: {app: docs}
    ///     spec:
    ///       containers:
    ///         - name: git-sync
    ///           image: registry.k8s.io/git-sync/git-sync:v4.2.4
    ///           env:
    ///             - name: GITSYNC_REPO
    ///               value: https://github.com/example/docs
    ///             - name: GITSYNC_GIT
    ///               value: /tmp/git-wrapper.sh
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: docs
    /// spec:
    ///   selector:
    ///     matchLabels: {app: docs}
    ///   template:
    ///     metadata:
    ///       labels: {app: docs}
    ///     spec:
    ///       containers:
    ///         - name: git-sync
    ///           image: registry.k8s.io/git-sync/git-sync:v4.2.4
    ///           args: [--repo=https://github.com/example/docs, --root=/git, --period=60s]
    /// ```
    ///
    /// ## References
    /// - git-sync manual: `--git`, `--git-config`
    /// - Akamai, "Kubernetes git-sync command injection" (DEF CON 32, 2024)
    /// - Checkov CKV_K8S_159
    pub struct GitSyncUnsafe {
        id: "git-sync-unsafe",
        title: "git-sync is configured to run arbitrary commands",
        severity: Severity::High,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Remove `GITSYNC_GIT` / `--git` and the command-running options from `GITSYNC_GIT_CONFIG` / `--git-config`; use git-sync's own flags (`--ssh-key-file`, `--password-file`, `--exechook-command`) for what they were meant to do.",
        references: References {
            checkov: &["CKV_K8S_159"],
            ..References::NONE
        },
    }
}

/// Environment variables that replace the git binary (v4, v3).
const GIT_BINARY_VARS: &[&str] = &["GITSYNC_GIT", "GIT_SYNC_GIT"];
/// Environment variables holding extra git config (v4, v3).
const GIT_CONFIG_VARS: &[&str] = &["GITSYNC_GIT_CONFIG", "GIT_SYNC_GIT_CONFIG"];

/// Git config keys (lowercase) whose value is a command git runs.
const COMMAND_KEYS: &[&str] = &[
    "core.sshcommand",
    "core.fsmonitor",
    "core.hookspath",
    "core.pager",
    "core.editor",
    "core.askpass",
    "credential.helper",
    "diff.external",
    "gpg.program",
    "uploadpack.packobjectshook",
    "protocol.ext.allow",
];

/// Whether a git config key (any case) runs a command.
fn is_command_key(key: &str) -> bool {
    let key = key.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
    if COMMAND_KEYS.contains(&key.as_str()) {
        return true;
    }
    let parts: Vec<&str> = key.split('.').collect();
    match parts.as_slice() {
        ["gpg", _, "program"] => true,
        ["filter", .., last] if parts.len() >= 3 => {
            matches!(*last, "clean" | "smudge" | "process")
        }
        _ => false,
    }
}

/// The command-running keys in a git-sync `--git-config` value (`key:val,key:val`, commas
/// escaped as `\,`).
fn command_keys(config: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut item = String::new();
    let mut chars = config.chars();
    let mut push = |item: &str| {
        if let Some((key, _)) = item.split_once(':')
            && is_command_key(key)
        {
            keys.push(key.trim().trim_matches(['"', '\'']).to_string());
        }
    };
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => {
                item.push(ch);
                if let Some(next) = chars.next() {
                    item.push(next);
                }
            }
            ',' => {
                push(&item);
                item.clear();
            }
            _ => item.push(ch),
        }
    }
    push(&item);
    keys
}

/// Whether the container is git-sync, by image or command line.
fn is_git_sync(c: &ContainerView<'_>, line: &[&str]) -> bool {
    image_repository(c).is_some_and(|(_, repo)| last_component(&repo) == "git-sync")
        || line
            .iter()
            .any(|item| item.rsplit('/').next().is_some_and(|b| b == "git-sync"))
}

fn join(keys: &[String]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Rule for GitSyncUnsafe {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        for c in pod.containers() {
            for var in c.env() {
                let Some(name_node) = var.get("name") else {
                    continue;
                };
                let Some(name) = name_node.as_str() else {
                    continue;
                };
                if GIT_BINARY_VARS.contains(&name) {
                    cx.report_container(
                        &c,
                        name_node,
                        format!(
                            "{} sets `{name}`, which makes git-sync execute another program as git",
                            c.describe()
                        ),
                    );
                } else if GIT_CONFIG_VARS.contains(&name)
                    && let Some(value) = var.get("value").filter(|v| v.as_str().is_some())
                {
                    let keys = command_keys(value.as_str().unwrap_or(""));
                    if !keys.is_empty() {
                        cx.report_container(
                            &c,
                            value,
                            format!(
                                "{} sets `{name}` with {}, which makes git run a command",
                                c.describe(),
                                join(&keys)
                            ),
                        );
                    }
                }
            }
            let line = command_line(&c);
            if !is_git_sync(&c, &line) {
                continue;
            }
            let items: Vec<&Node> = ["command", "args"]
                .into_iter()
                .flat_map(|field| c.get(field).map(Node::items).unwrap_or(&[]))
                .collect();
            // Report at the `command`/`args` item that carries the flag.
            let at = |needle: &str| {
                items
                    .iter()
                    .copied()
                    .find(|n| n.as_str().is_some_and(|s| s.contains(needle)))
                    .unwrap_or(c.node)
            };
            for value in flag_values(&line, "git") {
                cx.report_container(
                    &c,
                    at(value),
                    format!(
                        "{} runs git-sync with `--git={value}`, which makes it execute another program as git",
                        c.describe()
                    ),
                );
            }
            for value in flag_values(&line, "git-config") {
                let keys = command_keys(value);
                if !keys.is_empty() {
                    cx.report_container(
                        &c,
                        at(value),
                        format!(
                            "{} runs git-sync with `--git-config` setting {}, which makes git run a command",
                            c.describe(),
                            join(&keys)
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_running_git_options() {
        assert_eq!(
            command_keys(r#"core.sshCommand:ssh -i /k,http.postBuffer:1000"#),
            vec!["core.sshCommand"]
        );
        assert_eq!(
            command_keys(r#""filter.lfs.smudge":"git-lfs smudge -- %f",gpg.ssh.program:x"#),
            vec!["filter.lfs.smudge", "gpg.ssh.program"]
        );
        assert_eq!(
            command_keys(r"user.name:a\,b,protocol.ext.allow:always"),
            vec!["protocol.ext.allow"]
        );
        assert!(command_keys("http.sslVerify:false,safe.directory:*").is_empty());
        assert!(!is_command_key("filter.process"));
    }
}
