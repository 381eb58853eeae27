//! Everything generated from the rule registry: `kubeward rules`, `kubeward explain` and the
//! README rule table.

use kubeward_model::RuleMeta;
use kubeward_rules::RULES;
use serde::Serialize;

pub fn all_rules() -> Vec<&'static RuleMeta> {
    RULES.iter().map(|r| r.meta()).collect()
}

#[derive(Serialize)]
struct RuleJson {
    id: &'static str,
    title: &'static str,
    severity: kubeward_model::Severity,
    category: kubeward_model::Category,
    scope: String,
    remediation: &'static str,
    references: kubeward_model::References,
}

/// `kubeward rules --format json`: `[{"id","title","severity","category","references":{…}}]`.
pub fn rules_json() -> String {
    let rules: Vec<RuleJson> = all_rules()
        .into_iter()
        .map(|m| RuleJson {
            id: m.id,
            title: m.title,
            severity: m.severity,
            category: m.category,
            scope: m.scope.describe(),
            remediation: m.remediation,
            references: m.references,
        })
        .collect();
    serde_json::to_string_pretty(&rules).unwrap_or_else(|_| "[]".to_string())
}

pub fn rules_text() -> String {
    let rules = all_rules();
    let width = rules.iter().map(|m| m.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for m in rules {
        out.push_str(&format!(
            "{:<width$}  {:<8}  {:<12}  {}\n",
            m.id,
            m.severity.as_str(),
            m.category.as_str(),
            m.title
        ));
    }
    out
}

/// The README table (between `<!-- rules:begin -->` and `<!-- rules:end -->`).
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "| Rule | Severity | Category | What it flags | Peer equivalents |\n|---|---|---|---|---|\n",
    );
    for m in all_rules() {
        let peers: Vec<String> = m
            .references
            .entries()
            .into_iter()
            .filter(|(k, _)| !matches!(*k, "cis" | "nsa-cisa"))
            .map(|(k, ids)| format!("{k}: {}", ids.join(", ")))
            .collect();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            m.id,
            m.severity,
            m.category,
            m.title,
            peers.join("; ")
        ));
    }
    out
}

/// `kubeward explain ID`.
pub fn explain(meta: &RuleMeta) -> String {
    let mut out = format!(
        "# {}: {}\n\nSeverity: {}\nCategory: {}\nApplies to: {}\n\n",
        meta.id,
        meta.title,
        meta.severity,
        meta.category,
        meta.scope.describe()
    );
    for line in meta.docs.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out.push_str(&format!("\n## Remediation\n{}\n", meta.remediation));
    let refs = meta.references.entries();
    if !refs.is_empty() {
        out.push_str("\n## Equivalent checks\n");
        for (key, ids) in refs {
            out.push_str(&format!("- {key}: {}\n", ids.join(", ")));
        }
    }
    out
}
