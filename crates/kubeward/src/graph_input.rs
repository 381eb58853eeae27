//! Loading inputs into the object graph, for the commands that analyse it without running the
//! rules (`kubeward netpol …`, `kubeward rbac …`). `kubeward scan` builds the same graph from
//! the objects it keeps (see `scan::check_graph`).

use kubeward_graph::Graph;
use kubeward_loader::{Discovery, LoadOptions, discover, load_input};
use kubeward_model::{InputError, Skipped};
use rayon::prelude::*;
use std::sync::Arc;

/// The graph of every object found under `paths`, with the problems met on the way.
pub struct GraphLoad {
    pub graph: Graph,
    /// Files that could not be read or parsed (the rest is in the graph).
    pub errors: Vec<InputError>,
    pub skipped: Vec<Skipped>,
}

/// Walks `paths` like `kubeward scan` does and loads every Kubernetes object (Dockerfiles are
/// skipped: they hold no object). Errors are sorted, so output is deterministic.
pub fn load_graph(paths: &[String], options: &LoadOptions) -> Result<GraphLoad, String> {
    let Discovery {
        inputs,
        mut errors,
        mut skipped,
    } = discover(paths, options)?;
    let loads: Vec<_> = inputs
        .par_iter()
        .map(|input| load_input(input, options))
        .collect();
    let mut objects = Vec::new();
    for load in loads {
        objects.extend(load.objects.into_iter().map(Arc::new));
        errors.extend(load.errors);
        skipped.extend(load.skipped);
    }
    errors.sort();
    skipped.sort();
    Ok(GraphLoad {
        graph: Graph::build(objects),
        errors,
        skipped,
    })
}
