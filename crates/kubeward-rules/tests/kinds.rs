//! Every rule over one object of every kind: each workload kind's pod spec is found where that
//! kind keeps it (and found once), and no pod-spec rule looks inside objects that are not
//! workloads. Runs the whole registry, so it keeps covering rules as they are added.

mod common;

use common::check_text;
use kubeward_model::podspec::WORKLOAD_KINDS;
use kubeward_model::{Finding, Scope};
use kubeward_rules::{RULES, find_rule};

/// (kind, manifest, line of `privileged: true`, line of `hostNetwork: true`).
const WORKLOADS: &[(&str, &str, u32, u32)] = &[
    (
        "Pod",
        "\
apiVersion: v1
kind: Pod
metadata:
  name: w
spec:
  hostNetwork: true
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: true
",
        11,
        6,
    ),
    (
        "Deployment",
        "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: w
spec:
  selector:
    matchLabels: {app: w}
  template:
    metadata:
      labels: {app: w}
    spec:
      hostNetwork: true
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            privileged: true
",
        17,
        12,
    ),
    (
        "StatefulSet",
        "\
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: w
spec:
  serviceName: w
  selector:
    matchLabels: {app: w}
  template:
    metadata:
      labels: {app: w}
    spec:
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            privileged: true
      hostNetwork: true
",
        17,
        18,
    ),
    (
        "DaemonSet",
        "\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: w
spec:
  selector:
    matchLabels: {app: w}
  template:
    metadata:
      labels: {app: w}
    spec:
      hostNetwork: yes
      containers:
        - name: app
          image: nginx:1.27
          securityContext: {privileged: true}
",
        16,
        12,
    ),
    (
        "ReplicaSet",
        "\
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: w
spec:
  selector:
    matchLabels: {app: w}
  template:
    metadata:
      labels: {app: w}
    spec:
      hostNetwork: true
      initContainers:
        - name: setup
          image: busybox:1.36
          securityContext:
            privileged: true
      containers:
        - name: app
          image: nginx:1.27
",
        17,
        12,
    ),
    (
        "ReplicationController",
        "\
apiVersion: v1
kind: ReplicationController
metadata:
  name: w
spec:
  selector:
    app: w
  template:
    metadata:
      labels: {app: w}
    spec:
      hostNetwork: true
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            privileged: true
",
        17,
        12,
    ),
    (
        "Job",
        "\
apiVersion: batch/v1
kind: Job
metadata:
  name: w
spec:
  template:
    spec:
      restartPolicy: Never
      hostNetwork: true
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            privileged: true
",
        14,
        9,
    ),
    (
        "CronJob",
        "\
apiVersion: batch/v1
kind: CronJob
metadata:
  name: w
spec:
  schedule: \"@daily\"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          hostNetwork: true
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                privileged: true
",
        17,
        12,
    ),
    (
        "PodTemplate",
        "\
apiVersion: v1
kind: PodTemplate
metadata:
  name: w
template:
  spec:
    hostNetwork: true
    containers:
      - name: app
        image: nginx:1.27
        securityContext:
          privileged: true
",
        12,
        7,
    ),
];

/// Objects that are not workloads, some with fields that look like a pod spec.
const NON_WORKLOADS: &str = "\
apiVersion: v1
kind: Service
metadata:
  name: svc
spec:
  selector: {app: w}
  ports:
    - port: 80
      hostPort: 80
  hostNetwork: true
  template:
    spec:
      hostNetwork: true
      containers:
        - name: app
          securityContext: {privileged: true}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  pod.yaml: |
    spec:
      hostNetwork: true
      containers: [{name: app, securityContext: {privileged: true}}]
---
apiVersion: v1
kind: Secret
metadata:
  name: empty
type: Opaque
---
apiVersion: v1
kind: Namespace
metadata:
  name: team
spec:
  hostPID: true
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa
automountServiceAccountToken: true
---
apiVersion: v1
kind: List
items: []
---
apiVersion: example.com/v1
kind: Runner
metadata:
  name: custom
spec:
  template:
    spec:
      hostNetwork: true
      hostPID: true
      hostIPC: true
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            privileged: true
          ports:
            - containerPort: 80
              hostPort: 80
      volumes:
        - name: root
          hostPath:
            path: /
        - name: sock
          hostPath:
            path: /var/run/docker.sock
        - name: data
          hostPath:
            path: /mnt/data
";

fn all_rules() -> Vec<&'static dyn kubeward_rules::Rule> {
    RULES.to_vec()
}

fn describe(findings: &[&Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| format!("{}:{} {} {}", f.line, f.column, f.rule_id, f.message))
        .collect()
}

#[test]
fn the_table_covers_every_workload_kind() {
    let mut covered: Vec<&str> = WORKLOADS.iter().map(|(kind, ..)| *kind).collect();
    let mut known: Vec<&str> = WORKLOAD_KINDS.iter().map(|(kind, _)| *kind).collect();
    covered.sort();
    known.sort();
    assert_eq!(covered, known);
}

#[test]
fn pod_spec_rules_find_the_pod_spec_of_every_workload_kind_once() {
    for id in ["privileged-container", "host-network"] {
        assert!(find_rule(id).is_some(), "`{id}` is not registered");
    }
    let mut failures = Vec::new();
    for (kind, text, privileged_line, host_network_line) in WORKLOADS {
        let path = format!("{kind}.yaml");
        // Guard the hard-coded line numbers against edits of the manifests above.
        let line = |n: u32| text.lines().nth(n as usize - 1).unwrap_or("");
        assert!(
            line(*privileged_line).contains("privileged: true"),
            "{kind}: line {privileged_line} is `{}`",
            line(*privileged_line)
        );
        assert!(
            line(*host_network_line).contains("hostNetwork:"),
            "{kind}: line {host_network_line} is `{}`",
            line(*host_network_line)
        );

        let checked = check_text(&path, text, all_rules());
        if !checked.errors.is_empty() {
            failures.push(format!("{kind}: load errors {:?}", checked.errors));
            continue;
        }
        if checked.objects.len() != 1 || checked.objects[0].kind() != *kind {
            failures.push(format!(
                "{kind}: loaded {:?}",
                checked.objects.iter().map(|o| o.kind()).collect::<Vec<_>>()
            ));
            continue;
        }
        for (id, want_line) in [
            ("privileged-container", *privileged_line),
            ("host-network", *host_network_line),
        ] {
            let found: Vec<&Finding> = checked
                .findings
                .iter()
                .filter(|f| f.rule_id == id)
                .collect();
            let lines: Vec<u32> = found.iter().map(|f| f.line).collect();
            if lines != [want_line] {
                failures.push(format!(
                    "{kind}: `{id}` expected once on line {want_line}, got {:?}",
                    describe(&found)
                ));
                continue;
            }
            if *found[0].object.kind != **kind || found[0].object.name.as_deref() != Some("w") {
                failures.push(format!(
                    "{kind}: `{id}` reported on {}",
                    found[0].object.display_name()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn pod_spec_rules_ignore_objects_that_are_not_workloads() {
    let checked = check_text("non-workloads.yaml", NON_WORKLOADS, all_rules());
    assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    let kinds: Vec<&str> = checked.objects.iter().map(|o| o.kind()).collect();
    for kind in [
        "Service",
        "ConfigMap",
        "Secret",
        "Namespace",
        "ServiceAccount",
        "Runner",
    ] {
        assert!(kinds.contains(&kind), "{kind} not loaded: {kinds:?}");
    }
    let pod_spec_findings: Vec<&Finding> = checked
        .findings
        .iter()
        .filter(|f| find_rule(f.rule_id).is_some_and(|r| r.meta().scope == Scope::PodSpec))
        .collect();
    assert!(
        pod_spec_findings.is_empty(),
        "pod-spec rules fired on non-workloads: {:#?}",
        describe(&pod_spec_findings)
    );
}
