//! `kubeward rbac who-can` and `kubeward rbac can`: questions about effective RBAC
//! permissions, answered from the loaded manifests (plus Kubernetes' built-in roles) with the
//! RBAC authorizer's semantics (`kubeward_graph::rbac`).
//!
//! Paths come last, as for `kubeward scan`, and default to `.`. Exit codes: 0 answered, 2 some
//! input could not be read (the answer covers the rest), 3 usage error (malformed subject or
//! resource, bad flags).

use crate::ExitStatus;
use crate::graph_input::{GraphLoad, load_graph};
use clap::{Args, Subcommand, ValueEnum};
use kubeward_graph::rbac::{Grant, Permission, Rbac, Subject, known_group};
use kubeward_loader::LoadOptions;
use serde_json::{Value, json};
use std::io::Write;

#[derive(Debug, Args)]
pub struct RbacArgs {
    #[command(subcommand)]
    pub command: RbacCommand,
}

#[derive(Debug, Subcommand)]
pub enum RbacCommand {
    /// List the subjects that may VERB the RESOURCE, with the bindings and roles that let them.
    WhoCan(WhoCanArgs),
    /// List the effective permissions of one SUBJECT: every rule that applies to it, where, and
    /// through which binding.
    Can(CanArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RbacFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct WhoCanArgs {
    /// The verb: get, list, watch, create, update, patch, delete, impersonate, bind, …
    pub verb: String,
    /// RESOURCE[/SUBRESOURCE], e.g. `secrets`, `pods/exec`; `RESOURCE.GROUP` for a resource of
    /// another API group (`widgets.example.com`); well-known resources get their group
    /// (`deployments` is `deployments.apps`). A path starting with `/` is a non-resource URL
    /// (`/metrics`).
    pub resource: String,
    /// Files or directories to read (`-` for standard input).
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<String>,
    /// Only grants that apply in this namespace (default: grants anywhere).
    #[arg(long, short = 'n', value_name = "NS")]
    pub namespace: Option<String>,
    #[arg(long, short = 'f', value_enum, default_value_t = RbacFormat::Text)]
    pub format: RbacFormat,
    /// Leave paths matching GLOB out of directory walks (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
}

#[derive(Debug, Args)]
pub struct CanArgs {
    /// `ServiceAccount:<namespace>:<name>`, `User:<name>` or `Group:<name>`.
    pub subject: String,
    /// Files or directories to read (`-` for standard input).
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<String>,
    #[arg(long, short = 'f', value_enum, default_value_t = RbacFormat::Text)]
    pub format: RbacFormat,
    /// Leave paths matching GLOB out of directory walks (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
}

fn usage(message: impl std::fmt::Display) -> ExitStatus {
    eprintln!("kubeward: usage error: {message}");
    ExitStatus::Usage
}

/// A `who-can` resource argument: `(api group, resource, subresource)`.
pub fn parse_resource(text: &str) -> Result<(String, String, Option<String>), String> {
    let (main, sub) = match text.split_once('/') {
        Some((m, s)) => (m, Some(s)),
        None => (text, None),
    };
    if main.is_empty() || sub.is_some_and(|s| s.is_empty() || s.contains('/')) {
        return Err(format!(
            "invalid resource `{text}`: expected RESOURCE[/SUBRESOURCE], e.g. `secrets` or `pods/exec`"
        ));
    }
    let (resource, group) = match main.split_once('.') {
        Some((r, g)) if !r.is_empty() => (r, g.to_string()),
        Some(_) => return Err(format!("invalid resource `{text}`: empty resource name")),
        None => (main, known_group(main).unwrap_or_default().to_string()),
    };
    Ok((group, resource.to_string(), sub.map(str::to_string)))
}

pub fn run(args: RbacArgs) -> anyhow::Result<ExitStatus> {
    match args.command {
        RbacCommand::WhoCan(a) => who_can(a),
        RbacCommand::Can(a) => can(a),
    }
}

/// Loads the graph, reports input errors and model problems on standard error.
fn load(paths: &[String], exclude: &[String]) -> Result<(GraphLoad, Rbac), ExitStatus> {
    let options = LoadOptions {
        excludes: exclude.to_vec(),
        ..LoadOptions::default()
    };
    let loaded = match load_graph(paths, &options) {
        Ok(l) => l,
        Err(e) => return Err(usage(e)),
    };
    for e in &loaded.errors {
        eprintln!("kubeward: error: {e}");
    }
    let rbac = Rbac::build(&loaded.graph);
    for p in rbac.problems() {
        eprintln!("kubeward: note: {}", p.message);
    }
    Ok((loaded, rbac))
}

fn status(loaded: &GraphLoad) -> ExitStatus {
    if loaded.errors.is_empty() {
        ExitStatus::Clean
    } else {
        ExitStatus::InputErrors
    }
}

fn subject_json(s: &Subject) -> Value {
    json!({"kind": s.kind.as_str(), "name": s.name, "namespace": s.namespace})
}

/// The `who-can` JSON: `[{"subject": {kind, name, namespace}, "via": [{binding, role}]}]`.
pub fn grants_json(grants: &[Grant]) -> Value {
    Value::Array(
        grants
            .iter()
            .map(|g| {
                json!({
                    "subject": subject_json(&g.subject),
                    "via": g.via.iter().map(|v| json!({"binding": v.binding, "role": v.role})).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

fn grants_text(grants: &[Grant], question: &str) -> String {
    if grants.is_empty() {
        return format!("No subject can {question}\n");
    }
    let width = grants
        .iter()
        .map(|g| g.subject.to_string().len())
        .max()
        .unwrap_or(0);
    let mut out = format!("{} subject(s) can {question}:\n", grants.len());
    for g in grants {
        for (i, v) in g.via.iter().enumerate() {
            let subject = if i == 0 {
                g.subject.to_string()
            } else {
                String::new()
            };
            out.push_str(&format!(
                "  {subject:<width$}  {} -> {}\n",
                v.binding, v.role
            ));
        }
    }
    out
}

fn who_can(args: WhoCanArgs) -> anyhow::Result<ExitStatus> {
    if args.verb.is_empty() {
        return Ok(usage("the verb is empty"));
    }
    if args.resource.starts_with('/') {
        return who_can_url(args);
    }
    let (group, resource, sub) = match parse_resource(&args.resource) {
        Ok(r) => r,
        Err(e) => return Ok(usage(e)),
    };
    let (loaded, rbac) = match load(&args.paths, &args.exclude) {
        Ok(l) => l,
        Err(status) => return Ok(status),
    };
    let grants = rbac.who_can(
        &args.verb,
        &group,
        &resource,
        sub.as_deref(),
        args.namespace.as_deref(),
    );
    let target = match (&sub, group.as_str()) {
        (Some(s), "") => format!("{resource}/{s}"),
        (Some(s), g) => format!("{resource}.{g}/{s}"),
        (None, "") => resource.clone(),
        (None, g) => format!("{resource}.{g}"),
    };
    let place = match &args.namespace {
        Some(ns) => format!("in namespace {ns}"),
        None => "in some namespace or cluster-wide".to_string(),
    };
    let question = format!("{} {target} {place}", args.verb);
    print_grants(&grants, &question, args.format)?;
    Ok(status(&loaded))
}

/// `who-can VERB /PATH`: a non-resource URL, which only ClusterRoleBindings grant.
fn who_can_url(args: WhoCanArgs) -> anyhow::Result<ExitStatus> {
    if args.namespace.is_some() {
        return Ok(usage(format!(
            "`{}` is a non-resource URL, which is not namespaced: drop --namespace",
            args.resource
        )));
    }
    let (loaded, rbac) = match load(&args.paths, &args.exclude) {
        Ok(l) => l,
        Err(status) => return Ok(status),
    };
    let grants = rbac.who_can_non_resource(&args.verb, &args.resource);
    let question = format!("{} {}", args.verb, args.resource);
    print_grants(&grants, &question, args.format)?;
    Ok(status(&loaded))
}

fn print_grants(grants: &[Grant], question: &str, format: RbacFormat) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        RbacFormat::Json => {
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&grants_json(grants))?
            )?;
        }
        RbacFormat::Text => out.write_all(grants_text(grants, question).as_bytes())?,
    }
    out.flush()?;
    Ok(())
}

fn permission_json(p: &Permission) -> Value {
    json!({
        "namespace": p.namespace,
        "binding": p.via.binding,
        "role": p.via.role,
        "through": subject_json(&p.through),
        "verbs": p.rule.verbs,
        "apiGroups": p.rule.api_groups,
        "resources": p.rule.resources,
        "resourceNames": p.rule.resource_names,
        "nonResourceURLs": p.rule.non_resource_urls,
    })
}

fn can(args: CanArgs) -> anyhow::Result<ExitStatus> {
    let subject = match Subject::parse(&args.subject) {
        Ok(s) => s,
        Err(e) => return Ok(usage(e)),
    };
    let (loaded, rbac) = match load(&args.paths, &args.exclude) {
        Ok(l) => l,
        Err(status) => return Ok(status),
    };
    let permissions = rbac.permissions_of(&subject);
    let mut out = std::io::stdout().lock();
    match args.format {
        RbacFormat::Json => {
            let list: Vec<Value> = permissions.iter().map(permission_json).collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
        }
        RbacFormat::Text => {
            out.write_all(permissions_text(&subject, &permissions).as_bytes())?;
        }
    }
    out.flush()?;
    Ok(status(&loaded))
}

fn permissions_text(subject: &Subject, permissions: &[Permission]) -> String {
    if permissions.is_empty() {
        return format!("{subject} has no permissions\n");
    }
    let mut out = format!("{subject} can:\n");
    let mut last: Option<(&Option<String>, &str, &str)> = None;
    for p in permissions {
        let head = (&p.namespace, p.via.binding.as_str(), p.via.role.as_str());
        if last != Some(head) {
            let place = match &p.namespace {
                Some(ns) => format!("in namespace {ns}"),
                None => "cluster-wide".to_string(),
            };
            let through = if &p.through == subject {
                String::new()
            } else {
                format!(" (as {})", p.through)
            };
            out.push_str(&format!(
                "  {place}, {} -> {}{through}:\n",
                p.via.binding, p.via.role
            ));
            last = Some(head);
        }
        out.push_str(&format!("    {}\n", p.rule.summary()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_parse_with_groups_and_subresources() {
        let parsed = |t: &str| parse_resource(t).map(|(g, r, s)| format!("{g}|{r}|{s:?}"));
        assert_eq!(parsed("secrets"), Ok("|secrets|None".to_string()));
        assert_eq!(parsed("pods/exec"), Ok("|pods|Some(\"exec\")".to_string()));
        assert_eq!(
            parsed("deployments"),
            Ok("apps|deployments|None".to_string())
        );
        assert_eq!(
            parsed("widgets.example.com/status"),
            Ok("example.com|widgets|Some(\"status\")".to_string())
        );
        assert_eq!(parsed("*"), Ok("|*|None".to_string()));
        assert!(parse_resource("pods/").is_err());
        assert!(parse_resource("/exec").is_err());
        assert!(parse_resource("a/b/c").is_err());
        assert!(parse_resource(".apps").is_err());
    }
}
