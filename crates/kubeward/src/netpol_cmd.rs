//! `kubeward netpol matrix` (who can reach whom under the loaded NetworkPolicies) and
//! `kubeward netpol check --design FILE` (do the policies allow exactly the designed
//! connections?). The format of the design file is documented in `docs/netpol.md`.

use crate::ExitStatus;
use crate::graph_input::{GraphLoad, load_graph};
use clap::{Args, Subcommand, ValueEnum};
use kubeward_graph::Graph;
use kubeward_graph::netpol::{EXTERNAL, Matrix, PortSet, Reachability};
use kubeward_graph::selector::{Labels, string_map};
use kubeward_loader::yaml::{Offset, parse_stream};
use kubeward_loader::{Limits, LoadOptions};
use kubeward_model::Node;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct NetpolArgs {
    #[command(subcommand)]
    pub command: NetpolCommand,
}

#[derive(Debug, Subcommand)]
pub enum NetpolCommand {
    /// Print who can reach whom, on which ports: workloads as nodes, plus `external` for
    /// traffic from and to outside the cluster.
    Matrix(MatrixArgs),
    /// Compare the connections the policies allow with a design file: report each allowed
    /// connection the design does not list and each designed connection that is blocked
    /// (exit 1 on any mismatch).
    Check(CheckArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MatrixFormat {
    /// A grid (up to 40 nodes) and one line per allowed connection.
    Text,
    /// `{"nodes": [...], "edges": [{"from", "to", "ports"}]}`.
    Json,
    /// Graphviz (`dot -Tsvg`).
    Dot,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct MatrixArgs {
    /// Files or directories of manifests; `-` reads standard input.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<String>,

    #[arg(long, short = 'f', value_enum, default_value_t = MatrixFormat::Text)]
    pub format: MatrixFormat,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The design: the connections the application needs (YAML, see docs/netpol.md).
    #[arg(long, value_name = "FILE")]
    pub design: PathBuf,

    /// Files or directories of manifests; `-` reads standard input.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<String>,

    #[arg(long, short = 'f', value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

/// The largest matrix the text format draws as a grid.
const GRID_MAX_NODES: usize = 40;

pub fn run(args: NetpolArgs) -> anyhow::Result<ExitStatus> {
    match args.command {
        NetpolCommand::Matrix(args) => matrix(args),
        NetpolCommand::Check(args) => check(args),
    }
}

/// What the commands work on: the graph of the inputs and its matrix, and whether some input
/// could not be read (reported on stderr, with the policies' problems, as warnings).
struct Loaded {
    graph: Graph,
    matrix: Matrix,
    failed: bool,
}

/// Loads the inputs and computes the matrix; `Err` (after a message) when the paths cannot be
/// walked at all.
fn load(paths: &[String]) -> Result<Loaded, ExitStatus> {
    let GraphLoad { graph, errors, .. } =
        load_graph(paths, &LoadOptions::default()).map_err(|e| {
            eprintln!("kubeward: usage error: {e}");
            ExitStatus::Usage
        })?;
    for e in &errors {
        eprintln!("kubeward: error: {e}");
    }
    let mut failed = !errors.is_empty();
    if graph.objects().is_empty() && errors.is_empty() {
        eprintln!("kubeward: error: no Kubernetes object found");
        failed = true;
    }
    let reach = Reachability::compute(&graph);
    warn_policy_problems(&graph, &reach);
    let matrix = reach.matrix(&graph);
    Ok(Loaded {
        graph,
        matrix,
        failed,
    })
}

fn warn_policy_problems(graph: &Graph, reach: &Reachability) {
    for policy in reach.policies() {
        let object = graph.object(policy.object);
        for problem in &policy.problems {
            eprintln!(
                "kubeward: warning: {}: NetworkPolicy {}: {problem} (this part allows nothing)",
                object.origin.path(),
                policy.key()
            );
        }
    }
}

fn matrix(args: MatrixArgs) -> anyhow::Result<ExitStatus> {
    let loaded = match load(&args.paths) {
        Ok(l) => l,
        Err(status) => return Ok(status),
    };
    let matrix = &loaded.matrix;
    let text = match args.format {
        MatrixFormat::Json => matrix_json(matrix) + "\n",
        MatrixFormat::Dot => matrix_dot(matrix),
        MatrixFormat::Text => matrix_text(matrix),
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(if loaded.failed {
        ExitStatus::InputErrors
    } else {
        ExitStatus::Clean
    })
}

fn edge_json(from: &str, to: &str, ports: &PortSet) -> Value {
    json!({"from": from, "to": to, "ports": ports.labels()})
}

/// `{"nodes": [...], "edges": [{"from", "to", "ports"}]}`, pretty-printed.
pub fn matrix_json(matrix: &Matrix) -> String {
    let edges: Vec<Value> = matrix
        .edges
        .iter()
        .map(|e| edge_json(&matrix.nodes[e.from], &matrix.nodes[e.to], &e.ports))
        .collect();
    let value = json!({"nodes": matrix.nodes, "edges": edges});
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

fn dot_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A Graphviz digraph: one box per workload, an ellipse for `external`, edges labelled with
/// their ports.
pub fn matrix_dot(matrix: &Matrix) -> String {
    let mut out = String::from(
        "digraph netpol {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n",
    );
    for node in &matrix.nodes {
        let shape = if node == EXTERNAL {
            " [shape=ellipse]"
        } else {
            ""
        };
        let _ = writeln!(out, "  {}{shape};", dot_quote(node));
    }
    for e in &matrix.edges {
        let _ = writeln!(
            out,
            "  {} -> {} [label={}];",
            dot_quote(&matrix.nodes[e.from]),
            dot_quote(&matrix.nodes[e.to]),
            dot_quote(&e.ports.labels().join(" "))
        );
    }
    out.push_str("}\n");
    out
}

/// The nodes numbered, a grid (`*` every port, `+` some ports, `.` none; rows are sources)
/// when there are at most `GRID_MAX_NODES` nodes, then one line per allowed connection.
pub fn matrix_text(matrix: &Matrix) -> String {
    let n = matrix.nodes.len();
    let mut out = String::new();
    let width = n.to_string().len();
    let _ = writeln!(out, "Nodes:");
    for (i, node) in matrix.nodes.iter().enumerate() {
        let _ = writeln!(out, "  {i:>width$}  {node}");
    }
    if n <= GRID_MAX_NODES {
        let mut cells = vec![vec!['.'; n]; n];
        for e in &matrix.edges {
            cells[e.from][e.to] = if e.ports.is_all() { '*' } else { '+' };
        }
        let _ = writeln!(
            out,
            "\nReachability (row: from, column: to; * every port, + some ports, . none):"
        );
        let col = width.max(1) + 1;
        let _ = write!(out, "  {:>width$} ", "");
        for j in 0..n {
            let _ = write!(out, "{j:>col$}");
        }
        out.push('\n');
        for (i, row) in cells.iter().enumerate() {
            let _ = write!(out, "  {i:>width$} ");
            for c in row {
                let _ = write!(out, "{c:>col$}");
            }
            out.push('\n');
        }
    }
    let _ = writeln!(out, "\nAllowed connections ({}):", matrix.edges.len());
    for e in &matrix.edges {
        let _ = writeln!(
            out,
            "  {} -> {}  {}",
            matrix.nodes[e.from],
            matrix.nodes[e.to],
            e.ports.labels().join(", ")
        );
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Design files.

/// One end of a designed connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DesignEndpoint {
    External,
    Workloads {
        namespace: String,
        /// `name` or `Kind/name`.
        workload: Option<String>,
        labels: Labels,
    },
}

impl DesignEndpoint {
    fn describe(&self) -> String {
        match self {
            DesignEndpoint::External => EXTERNAL.to_string(),
            DesignEndpoint::Workloads {
                namespace,
                workload,
                labels,
            } => {
                let mut s = format!("namespace `{namespace}`");
                if let Some(w) = workload {
                    let _ = write!(s, " workload `{w}`");
                }
                if !labels.is_empty() {
                    let pairs: Vec<String> =
                        labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
                    let _ = write!(s, " labels `{}`", pairs.join(","));
                }
                s
            }
        }
    }
}

/// One designed connection.
#[derive(Clone, Debug)]
pub struct DesignConnection {
    pub line: u32,
    pub from: DesignEndpoint,
    pub to: DesignEndpoint,
    pub ports: PortSet,
}

/// A malformed design file: where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DesignError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

fn err(node: &Node, message: impl Into<String>) -> DesignError {
    DesignError {
        line: node.span.start.line,
        column: node.span.start.column,
        message: message.into(),
    }
}

/// Parses a design file (see docs/netpol.md).
pub fn parse_design(text: &str) -> Result<Vec<DesignConnection>, DesignError> {
    let (docs, problems) = parse_stream(text, &Limits::default(), Offset { line: 1, column: 0 });
    if let Some((pos, kind)) = problems.first() {
        return Err(DesignError {
            line: pos.map_or(1, |p| p.line),
            column: pos.map_or(1, |p| p.column),
            message: kind.to_string(),
        });
    }
    let roots: Vec<&Node> = docs.iter().filter_map(|d| d.root.as_ref()).collect();
    let root = match roots.as_slice() {
        [root] => *root,
        [] => {
            return Err(DesignError {
                line: 1,
                column: 1,
                message: "the design file is empty (expected a `connections:` list)".into(),
            });
        }
        [_, second, ..] => {
            return Err(err(
                second,
                "a design file holds one YAML document (a `connections:` list)",
            ));
        }
    };
    if !root.is_map() {
        return Err(err(root, "expected a mapping with a `connections:` list"));
    }
    for entry in root.entries() {
        if entry.key_str() != "connections" {
            return Err(err(
                &entry.key,
                format!("unknown key `{}` (expected `connections`)", entry.key_str()),
            ));
        }
    }
    let connections = root
        .get("connections")
        .ok_or_else(|| err(root, "missing `connections:` list"))?;
    if !connections.is_seq() && !connections.is_null() {
        return Err(err(connections, "`connections` must be a list"));
    }
    let mut out = Vec::new();
    for item in connections.items() {
        if !item.is_map() {
            return Err(err(
                item,
                "a connection is a mapping with `from`, `to` and optional `ports`",
            ));
        }
        for entry in item.entries() {
            if !matches!(entry.key_str(), "from" | "to" | "ports") {
                return Err(err(
                    &entry.key,
                    format!(
                        "unknown key `{}` (expected from, to, ports)",
                        entry.key_str()
                    ),
                ));
            }
        }
        let from = endpoint(item, "from")?;
        let to = endpoint(item, "to")?;
        if from == DesignEndpoint::External && to == DesignEndpoint::External {
            return Err(err(item, "`from` and `to` cannot both be `external`"));
        }
        let ports = match item.get("ports").filter(|p| !p.is_null()) {
            None => PortSet::all(),
            Some(list) if list.is_seq() => {
                let mut set = PortSet::empty();
                for p in list.items() {
                    let label = p
                        .text()
                        .ok_or_else(|| err(p, "a port is a string such as `TCP/8080`"))?;
                    set.union_with(&PortSet::parse_label(label).map_err(|e| err(p, e))?);
                }
                if set.is_empty() {
                    return Err(err(list, "`ports` is empty (omit it for every port)"));
                }
                set
            }
            Some(other) => {
                return Err(err(
                    other,
                    "`ports` must be a list such as [TCP/8080, UDP/53]",
                ));
            }
        };
        out.push(DesignConnection {
            line: item.span.start.line,
            from,
            to,
            ports,
        });
    }
    Ok(out)
}

fn endpoint(item: &Node, key: &str) -> Result<DesignEndpoint, DesignError> {
    let node = item
        .get(key)
        .ok_or_else(|| err(item, format!("missing `{key}`")))?;
    if node.text() == Some(EXTERNAL) {
        return Ok(DesignEndpoint::External);
    }
    if !node.is_map() {
        return Err(err(
            node,
            format!(
                "`{key}` is `external` or a mapping with `namespace` and optional `workload`/`labels`"
            ),
        ));
    }
    for entry in node.entries() {
        if !matches!(entry.key_str(), "namespace" | "workload" | "labels") {
            return Err(err(
                &entry.key,
                format!(
                    "unknown key `{}` (expected namespace, workload, labels)",
                    entry.key_str()
                ),
            ));
        }
    }
    let namespace = node
        .get("namespace")
        .and_then(Node::text)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| err(node, format!("`{key}` needs a `namespace`")))?;
    let workload = match node.get("workload") {
        None => None,
        Some(w) => Some(
            w.text()
                .filter(|s| !s.is_empty())
                .ok_or_else(|| err(w, "`workload` is a name or `Kind/name`"))?
                .to_string(),
        ),
    };
    let labels = match node.get("labels") {
        None => Labels::new(),
        Some(l) if l.is_map() => string_map(Some(l)),
        Some(l) => return Err(err(l, "`labels` is a mapping of pod labels")),
    };
    Ok(DesignEndpoint::Workloads {
        namespace: namespace.to_string(),
        workload,
        labels,
    })
}

/// The matrix nodes an endpoint names.
fn resolve(graph: &Graph, matrix: &Matrix, endpoint: &DesignEndpoint) -> Vec<usize> {
    let external = matrix.nodes.len() - 1;
    let DesignEndpoint::Workloads {
        namespace,
        workload,
        labels,
    } = endpoint
    else {
        return vec![external];
    };
    let mut nodes: Vec<usize> = graph
        .workloads()
        .iter()
        .filter(|w| w.namespace == *namespace)
        .filter(|w| match workload {
            None => true,
            Some(name) => match name.split_once('/') {
                Some((kind, n)) => w.kind == kind && w.name == n,
                None => w.name == *name,
            },
        })
        .filter(|w| labels.iter().all(|(k, v)| w.pod_labels.get(k) == Some(v)))
        .filter_map(|w| matrix.nodes[..external].binary_search(&w.key()).ok())
        .collect();
    nodes.sort_unstable();
    nodes.dedup();
    nodes
}

/// The result of comparing the matrix with a design.
#[derive(Debug, Default)]
pub struct Comparison {
    /// Allowed by the policies, not in the design: (from, to, ports).
    pub unexpected: Vec<(String, String, PortSet)>,
    /// In the design, blocked by the policies: (from, to, ports, design lines).
    pub blocked: Vec<(String, String, PortSet, Vec<u32>)>,
    /// Design entries whose `from` or `to` matches no loaded workload: (line, message).
    pub unmatched: Vec<(u32, String)>,
    /// Designed connections that are allowed as designed.
    pub matched: usize,
}

impl Comparison {
    pub fn is_exact(&self) -> bool {
        self.unexpected.is_empty() && self.blocked.is_empty() && self.unmatched.is_empty()
    }
}

pub fn compare(graph: &Graph, matrix: &Matrix, design: &[DesignConnection]) -> Comparison {
    let mut designed: BTreeMap<(usize, usize), (PortSet, Vec<u32>)> = BTreeMap::new();
    let mut cmp = Comparison::default();
    for c in design {
        let from = resolve(graph, matrix, &c.from);
        let to = resolve(graph, matrix, &c.to);
        for (side, nodes, endpoint) in [("from", &from, &c.from), ("to", &to, &c.to)] {
            if nodes.is_empty() {
                cmp.unmatched.push((
                    c.line,
                    format!(
                        "`{side}` ({}) matches no loaded workload",
                        endpoint.describe()
                    ),
                ));
            }
        }
        let external = matrix.nodes.len() - 1;
        for &f in &from {
            for &t in &to {
                if f == external && t == external {
                    continue;
                }
                let entry = designed.entry((f, t)).or_default();
                entry.0.union_with(&c.ports);
                entry.1.push(c.line);
            }
        }
    }
    let allowed: BTreeMap<(usize, usize), &PortSet> = matrix
        .edges
        .iter()
        .map(|e| ((e.from, e.to), &e.ports))
        .collect();
    let empty = PortSet::empty();
    let mut pairs: Vec<(usize, usize)> = allowed.keys().chain(designed.keys()).copied().collect();
    pairs.sort_unstable();
    pairs.dedup();
    for (f, t) in pairs {
        let allowed_ports = allowed.get(&(f, t)).copied().unwrap_or(&empty);
        let (designed_ports, lines) = designed
            .get(&(f, t))
            .map_or((&empty, &[][..]), |(p, l)| (p, l.as_slice()));
        let names = (matrix.nodes[f].clone(), matrix.nodes[t].clone());
        let extra = allowed_ports.difference(designed_ports);
        if !extra.is_empty() {
            cmp.unexpected
                .push((names.0.clone(), names.1.clone(), extra));
        }
        let missing = designed_ports.difference(allowed_ports);
        if !missing.is_empty() {
            let mut lines = lines.to_vec();
            lines.sort_unstable();
            lines.dedup();
            cmp.blocked.push((names.0, names.1, missing, lines));
        } else if !designed_ports.is_empty() {
            cmp.matched += 1;
        }
    }
    cmp
}

fn check(args: CheckArgs) -> anyhow::Result<ExitStatus> {
    let design_path = args.design.display().to_string();
    let text = match std::fs::read_to_string(&args.design) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("kubeward: error: {design_path}: cannot read the design file: {e}");
            return Ok(ExitStatus::Usage);
        }
    };
    let design = match parse_design(&text) {
        Ok(d) => d,
        Err(e) => {
            eprintln!(
                "kubeward: error: {design_path}:{}:{}: invalid design: {}",
                e.line, e.column, e.message
            );
            return Ok(ExitStatus::Usage);
        }
    };
    let loaded = match load(&args.paths) {
        Ok(l) => l,
        Err(status) => return Ok(status),
    };
    let matrix = &loaded.matrix;
    let cmp = compare(&loaded.graph, matrix, &design);
    let out = match args.format {
        CheckFormat::Json => comparison_json(&cmp, &design_path) + "\n",
        CheckFormat::Text => comparison_text(&cmp, &design_path),
    };
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(if loaded.failed {
        ExitStatus::InputErrors
    } else if cmp.is_exact() {
        ExitStatus::Clean
    } else {
        ExitStatus::Findings
    })
}

pub fn comparison_json(cmp: &Comparison, design_path: &str) -> String {
    let value = json!({
        "exact": cmp.is_exact(),
        "allowed_not_designed": cmp.unexpected.iter().map(|(f, t, p)| edge_json(f, t, p)).collect::<Vec<_>>(),
        "designed_but_blocked": cmp.blocked.iter().map(|(f, t, p, lines)| {
            json!({"from": f, "to": t, "ports": p.labels(), "design": lines.iter().map(|l| format!("{design_path}:{l}")).collect::<Vec<_>>()})
        }).collect::<Vec<_>>(),
        "unmatched_design": cmp.unmatched.iter().map(|(line, message)| {
            json!({"design": format!("{design_path}:{line}"), "message": message})
        }).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

pub fn comparison_text(cmp: &Comparison, design_path: &str) -> String {
    let mut out = String::new();
    if cmp.is_exact() {
        let _ = writeln!(
            out,
            "The policies allow exactly the designed connections ({} connection{})",
            cmp.matched,
            if cmp.matched == 1 { "" } else { "s" }
        );
        return out;
    }
    if !cmp.unexpected.is_empty() {
        let _ = writeln!(
            out,
            "Allowed by the policies, not in the design ({}):",
            cmp.unexpected.len()
        );
        for (f, t, p) in &cmp.unexpected {
            let _ = writeln!(out, "  {f} -> {t}  {}", p.labels().join(", "));
        }
    }
    if !cmp.blocked.is_empty() {
        let _ = writeln!(
            out,
            "In the design, blocked by the policies ({}):",
            cmp.blocked.len()
        );
        for (f, t, p, lines) in &cmp.blocked {
            let at: Vec<String> = lines.iter().map(|l| format!("{design_path}:{l}")).collect();
            let _ = writeln!(
                out,
                "  {f} -> {t}  {}  ({})",
                p.labels().join(", "),
                at.join(", ")
            );
        }
    }
    if !cmp.unmatched.is_empty() {
        let _ = writeln!(
            out,
            "Design entries that match no loaded workload ({}):",
            cmp.unmatched.len()
        );
        for (line, message) in &cmp.unmatched {
            let _ = writeln!(out, "  {design_path}:{line}: {message}");
        }
    }
    let mismatches = cmp.unexpected.len() + cmp.blocked.len() + cmp.unmatched.len();
    let _ = writeln!(
        out,
        "\n{mismatches} mismatch{} with the design",
        if mismatches == 1 { "" } else { "es" }
    );
    out
}
