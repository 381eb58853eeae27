//! What is exposed outside the cluster and what objects point at: Services, Ingresses and their
//! targets, PDBs, HPAs, ServiceMonitors, and the Secrets, ConfigMaps and ServiceAccounts pods
//! name. Most run on the graph of all loaded objects (`kubeward_graph::exposure`); the ones that
//! judge one Service or Ingress on its own are ordinary single-object rules.

pub mod configmap_not_found;
pub mod exposure_path;
mod helpers;
pub mod hpa_target_not_found;
pub mod ingress_backend_not_found;
pub mod ingress_backend_plain_http;
pub mod ingress_nginx_snippet_annotation;
pub mod ingress_tls_missing;
pub mod metrics_port_exposed;
pub mod pdb_selects_nothing;
pub mod secret_not_found;
pub mod service_account_not_found;
pub mod service_external_ips;
pub mod service_load_balancer_unrestricted;
pub mod service_node_port;
pub mod service_selects_nothing;
pub mod service_target_port_invalid;
pub mod servicemonitor_selects_nothing;
