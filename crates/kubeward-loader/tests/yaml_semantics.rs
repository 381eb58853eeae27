//! What Kubernetes sees: manifests read end to end through `load_bytes`, compared with the JSON
//! the API server would get from `sigs.k8s.io/yaml` over go-yaml v2 (YAML 1.1 scalars, merge
//! keys applied where they stand, last duplicate wins).

use kubeward_loader::{FileLoad, LoadOptions, load_bytes};
use serde_json::json;
use std::sync::Arc;

fn load(text: &str) -> FileLoad {
    load_bytes(
        Arc::from("in.yaml"),
        text.as_bytes(),
        false,
        &LoadOptions::default(),
    )
}

fn json_of(text: &str) -> serde_json::Value {
    let l = load(text);
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    assert_eq!(l.objects.len(), 1);
    l.objects[0].root.to_json()
}

#[test]
fn yaml_1_1_scalars_in_a_pod() {
    let text = "\
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    enabled: 'yes'
    version: \"1.10\"
spec:
  hostNetwork: off
  hostPID: N
  hostIPC: ~
  securityContext:
    runAsUser: 0o0
    runAsGroup: 0x0
    fsGroup: 0_0
  containers:
  - name: app
    image: nginx:1.25
    securityContext:
      privileged: yes
      allowPrivilegeEscalation: On
      readOnlyRootFilesystem: \"no\"
      runAsNonRoot: n
    resources:
      limits: {cpu: 500m, memory: 1Gi}
      requests: {cpu: .5, memory: 1e3}
  volumes:
  - name: cfg
    configMap:
      name: cfg
      defaultMode: 0644
      items:
      - {key: a, path: a, mode: 0o600}
      - {key: b, path: b, mode: '0600'}
  - name: secret
    secret: {secretName: s, defaultMode: 0400, optional: Y}
";
    assert_eq!(
        json_of(text),
        json!({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": "web", "labels": {"enabled": "yes", "version": "1.10"}},
            "spec": {
                "hostNetwork": false,
                "hostPID": false,
                "hostIPC": null,
                "securityContext": {"runAsUser": 0, "runAsGroup": 0, "fsGroup": 0},
                "containers": [{
                    "name": "app",
                    "image": "nginx:1.25",
                    "securityContext": {
                        "privileged": true,
                        "allowPrivilegeEscalation": true,
                        "readOnlyRootFilesystem": "no",
                        "runAsNonRoot": false,
                    },
                    "resources": {
                        "limits": {"cpu": "500m", "memory": "1Gi"},
                        "requests": {"cpu": 0.5, "memory": 1000.0},
                    },
                }],
                "volumes": [
                    {"name": "cfg", "configMap": {
                        "name": "cfg",
                        "defaultMode": 420,
                        "items": [
                            {"key": "a", "path": "a", "mode": 384},
                            {"key": "b", "path": "b", "mode": "0600"},
                        ],
                    }},
                    {"name": "secret", "secret": {"secretName": "s", "defaultMode": 256, "optional": true}},
                ],
            },
        })
    );
}

#[test]
fn the_typed_accessors_agree() {
    let l = load(
        "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext: {privileged: yes, runAsUser: 0o0}\n  volumes:\n  - secret: {defaultMode: 0644}\n",
    );
    let root = &l.objects[0].root;
    let sc = root
        .path(&["spec", "containers"])
        .and_then(|c| c.items().first())
        .and_then(|c| c.get("securityContext"))
        .expect("securityContext");
    assert!(sc.get("privileged").is_some_and(|n| n.is_true()));
    assert_eq!(sc.get("runAsUser").and_then(|n| n.as_i64()), Some(0));
    // The source text is kept for messages that quote it.
    assert_eq!(sc.get("privileged").and_then(|n| n.text()), Some("yes"));
    let mode = root
        .path(&["spec", "volumes"])
        .and_then(|v| v.items().first())
        .and_then(|v| v.path(&["secret", "defaultMode"]));
    assert_eq!(mode.and_then(|n| n.as_i64()), Some(420));
    assert_eq!(mode.and_then(|n| n.text()), Some("0644"));
}

#[test]
fn tags_and_quoting() {
    let text = "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: !!str yes\n  b: !!str 0644\n  c: !!int \"12\"\n  d: !!bool \"on\"\n  e: !!float 1\n  f: !custom yes\n  g: ! 12\n  h: 'on'\n  i: |\n    yes\n  j: >-\n    0644\n";
    assert_eq!(
        json_of(text)["data"],
        json!({
            "a": "yes", "b": "0644", "c": 12, "d": true, "e": 1.0, "f": "yes", "g": "12",
            "h": "on", "i": "yes\n", "j": "0644",
        })
    );
}

#[test]
fn merge_keys_follow_go_yaml_v2_order() {
    let text = "\
apiVersion: v1
kind: ConfigMap
base: &base {a: base, b: base, c: base}
other: &other {c: other, d: other}
data:
  a: before-merge
  <<: [*base, *other]
  b: after-merge
";
    // go-yaml v2 applies `<<` where it stands: it replaces `a` written before it, `b` written
    // after it wins, and in a list the earlier mapping wins (`c` from base).
    assert_eq!(
        json_of(text)["data"],
        json!({"a": "base", "b": "after-merge", "c": "base", "d": "other"})
    );
}

#[test]
fn merge_of_an_inline_mapping_and_nested_merges() {
    let text = "\
apiVersion: v1
kind: Pod
defaults: &defaults
  securityContext: &sc
    privileged: false
    runAsNonRoot: true
spec:
  containers:
  - <<: *defaults
    name: app
  - name: root
    securityContext:
      <<: *sc
      privileged: true
  - <<: {name: inline, image: busybox}
";
    let v = json_of(text);
    assert_eq!(
        v["spec"]["containers"],
        json!([
            {"securityContext": {"privileged": false, "runAsNonRoot": true}, "name": "app"},
            {"name": "root", "securityContext": {"privileged": true, "runAsNonRoot": true}},
            {"name": "inline", "image": "busybox"},
        ])
    );
}

#[test]
fn a_key_after_a_merge_is_not_a_duplicate_but_a_repeated_key_is() {
    let l = load(
        "apiVersion: v1\nkind: ConfigMap\nbase: &b {x: 1}\ndata:\n  <<: *b\n  x: 2\n  y: 3\n  y: 4\n",
    );
    let kinds: Vec<_> = l.errors.iter().map(|e| (e.line, e.kind)).collect();
    assert_eq!(kinds, vec![(Some(8), "duplicate-key")]);
    assert_eq!(l.objects[0].root.to_json()["data"], json!({"x": 2, "y": 4}));
}

#[test]
fn quoted_merge_key_is_a_plain_key() {
    let v = json_of("apiVersion: v1\nkind: ConfigMap\nb: &b {x: 1}\ndata:\n  \"<<\": *b\n");
    assert_eq!(v["data"], json!({"<<": {"x": 1}}));
}

#[test]
fn json_input_is_not_yaml_1_1() {
    // In JSON, strings are strings: "yes" and "0644" stay as written.
    let l = load_bytes(
        Arc::from("in.json"),
        br#"{"apiVersion": "v1", "kind": "Pod", "spec": {"hostPID": "yes", "mode": "0644", "n": 1e3, "b": true}}"#,
        true,
        &LoadOptions::default(),
    );
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    assert_eq!(
        l.objects[0].root.to_json()["spec"],
        json!({"hostPID": "yes", "mode": "0644", "n": 1000.0, "b": true})
    );
}
