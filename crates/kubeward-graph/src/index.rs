//! Workloads indexed by namespace and by pod label, so "which workloads does this selector
//! pick" costs the size of the answer, not the size of the cluster. Services, NetworkPolicies,
//! PDBs and ServiceMonitors all ask it; without the index each asked every workload (a
//! 10,000-object scan spent most of its graph time there).

use crate::Workload;
use crate::selector::LabelSelector;
use foldhash::fast::FixedState;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};

/// Workload indices by namespace, and by (namespace, label key, label value), hashed: the
/// candidates of a selector with `matchLabels` are the shortest of its pairs' lists (then
/// checked against the whole selector, so a hash collision only costs a check).
#[derive(Clone, Debug, Default)]
pub(crate) struct WorkloadIndex {
    by_namespace: BTreeMap<String, Vec<usize>>,
    by_label: HashMap<u64, Vec<usize>, FixedState>,
}

/// The keys of both indexes are foldhash (fast, fixed seed: the same key in every run), not
/// std's SipHash: nothing here faces hash flooding (a key only picks candidates that are then
/// checked), and SipHash was a third of building the graph.
fn hash_of(value: impl Hash) -> u64 {
    FixedState::default().hash_one(value)
}

pub(crate) fn label_key(namespace: &str, key: &str, value: &str) -> u64 {
    hash_of((namespace, key, value))
}

impl WorkloadIndex {
    pub(crate) fn build(workloads: &[Workload]) -> WorkloadIndex {
        let mut index = WorkloadIndex::default();
        for (i, w) in workloads.iter().enumerate() {
            match index.by_namespace.get_mut(&w.namespace) {
                Some(list) => list.push(i),
                None => {
                    index.by_namespace.insert(w.namespace.clone(), vec![i]);
                }
            }
            for &key in &w.label_keys {
                index.by_label.entry(key).or_default().push(i);
            }
        }
        index
    }

    /// The workloads of `namespace`, in index order.
    pub(crate) fn in_namespace(&self, namespace: &str) -> &[usize] {
        self.by_namespace.get(namespace).map_or(&[], Vec::as_slice)
    }

    /// The workloads of `namespace` that may match `selector`, in index order: the shortest
    /// posting list of its `matchLabels`, or the whole namespace when it has none.
    pub(crate) fn candidates(&self, namespace: &str, selector: &LabelSelector) -> &[usize] {
        selector
            .match_labels
            .iter()
            .map(|(k, v)| {
                self.by_label
                    .get(&label_key(namespace, k, v))
                    .map_or(&[][..], Vec::as_slice)
            })
            .min_by_key(|list| list.len())
            .unwrap_or_else(|| self.in_namespace(namespace))
    }
}

/// Objects by (kind, namespace, name), hashed: a sorted list of (key, object), so building it
/// allocates once. Lookups check the object itself, so a collision only costs a comparison.
#[derive(Clone, Debug, Default)]
pub(crate) struct NameIndex(Vec<(u64, usize)>);

pub(crate) fn name_key(kind: &str, namespace: Option<&str>, name: &str) -> u64 {
    hash_of((kind, namespace, name))
}

impl NameIndex {
    /// Adds object `id` under its [`name_key`]; [`NameIndex::finish`] once all are in.
    pub(crate) fn insert(&mut self, key: u64, id: usize) {
        self.0.push((key, id));
    }

    pub(crate) fn finish(&mut self) {
        self.0.sort_unstable();
    }

    /// The candidates for (kind, namespace, name), in graph order.
    pub(crate) fn candidates(
        &self,
        kind: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> impl Iterator<Item = usize> + '_ {
        let key = name_key(kind, namespace, name);
        let start = self.0.partition_point(|&(k, _)| k < key);
        self.0[start..]
            .iter()
            .take_while(move |&&(k, _)| k == key)
            .map(|&(_, id)| id)
    }
}
