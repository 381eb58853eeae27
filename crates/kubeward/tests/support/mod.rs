//! Running the real `kubeward` binary in a directory, for the integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// Runs `kubeward ARGS` in `dir`, with `stdin` (or nothing) as standard input and `env` added.
pub fn run_with(dir: &Path, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kubeward"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("RAYON_NUM_THREADS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        cmd.env(key, value);
    }
    let mut child = cmd.spawn().expect("kubeward binary runs");
    {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        if let Some(text) = stdin {
            pipe.write_all(text.as_bytes()).expect("stdin writable");
        }
    }
    let out = child.wait_with_output().expect("kubeward finishes");
    Run {
        code: out.status.code().expect("kubeward exits with a code"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

pub fn run(dir: &Path, args: &[&str]) -> Run {
    run_with(dir, args, None, &[])
}

/// Writes `text` to `dir/relative`, creating parent directories.
pub fn write(dir: &Path, relative: &str, text: &str) -> PathBuf {
    let path = dir.join(relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("parent dir creatable");
    }
    std::fs::write(&path, text).expect("file writable");
    path
}

pub fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// The workspace root (where `examples/` is).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A Pod whose one container runs privileged (line 11, column 9).
pub const PRIVILEGED_POD: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: prod
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: true
";

/// The same Pod, not privileged.
pub const CLEAN_POD: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: prod
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: false
";

/// A YAML file the parser rejects (an unclosed flow sequence).
pub const BROKEN_YAML: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n";

/// The JSON finding `privileged-container` reports on [`PRIVILEGED_POD`] read from `path`.
pub fn privileged_finding(path: &str) -> serde_json::Value {
    serde_json::json!({
        "rule_id": "privileged-container",
        "severity": "critical",
        "message": "container `app` runs privileged",
        "path": path,
        "line": 11,
        "column": 9,
        "end_line": 11,
        "end_column": 25,
        "object": {"apiVersion": "v1", "kind": "Pod", "namespace": "prod", "name": "web"},
        "container": "app",
        "field": "spec.containers[0].securityContext.privileged"
    })
}
