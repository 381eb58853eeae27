//! The `pss-baseline` and `pss-restricted` profiles against the Pod Security Admission
//! conformance corpus (`k8s.io/pod-security-admission` `test/testdata/{baseline,restricted}/
//! v1.37/{pass,fail}`, vendored byte for byte in `tests/pss-corpus/` (see its README);
//! `KUBEWARD_PSS_CORPUS` names another copy): every `fail/` pod must be reported by the profile of its level, ideally by a
//! rule of the check its file name names, and no `pass/` pod may be reported. Then the
//! version-specific behaviour of the standards, which the v1.37 corpus cannot show.

mod common;

use common::check_text;
use kubeward_loader::{LoadOptions, load_bytes};
use kubeward_rules::profiles::{PssCheck, pss_check};
use kubeward_rules::{Engine, KubeVersion, Profile, Settings};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn corpus() -> PathBuf {
    match std::env::var_os("KUBEWARD_PSS_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pss-corpus"),
    }
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| {
            panic!(
                "PSS conformance corpus not found at {} ({e}); set KUBEWARD_PSS_CORPUS",
                dir.display()
            )
        })
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

/// `capabilities_restricted2.yaml` → `capabilities_restricted`; `base_linux.yaml` → `base`.
fn check_id(file: &Path) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    if stem.starts_with("base") {
        return "base".to_string();
    }
    stem.trim_end_matches(|c: char| c.is_ascii_digit())
        .to_string()
}

#[derive(Default)]
struct Tally {
    fail_total: usize,
    fail_reported: usize,
    fail_attributed: usize,
    pass_total: usize,
    pass_clean: usize,
}

/// Runs `profile` over `level/{fail,pass}`; returns the per-check tallies and the problems.
fn score(level: &str, profile: Profile) -> (BTreeMap<String, Tally>, Vec<String>) {
    let rules = profile.rules();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut problems = Vec::new();
    for verdict in ["fail", "pass"] {
        let files = yaml_files(&corpus().join(level).join(verdict));
        for file in files {
            let text = std::fs::read_to_string(&file).expect("corpus file readable");
            let name = format!(
                "{level}/{verdict}/{}",
                file.file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default()
            );
            let checked = check_text(&name, &text, rules.clone());
            if !checked.errors.is_empty() || checked.objects.len() != 1 {
                problems.push(format!(
                    "{name}: expected one Pod, got {} objects, errors {:?}",
                    checked.objects.len(),
                    checked.errors
                ));
                continue;
            }
            let id = check_id(&file);
            let tally = tallies.entry(id.clone()).or_default();
            let found: Vec<String> = checked
                .findings
                .iter()
                .map(|f| format!("{} ({}:{}: {})", f.rule_id, f.line, f.column, f.message))
                .collect();
            if verdict == "pass" {
                tally.pass_total += 1;
                if found.is_empty() {
                    tally.pass_clean += 1;
                } else {
                    problems.push(format!("{name}: allowed by PSA but reported: {found:?}"));
                }
                continue;
            }
            tally.fail_total += 1;
            if found.is_empty() {
                problems.push(format!("{name}: rejected by PSA but not reported"));
                continue;
            }
            tally.fail_reported += 1;
            let check: Option<&PssCheck> = pss_check(&id);
            let attributed = check.is_some_and(|c| {
                checked
                    .findings
                    .iter()
                    .any(|f| c.rules.contains(&f.rule_id))
            });
            if attributed {
                tally.fail_attributed += 1;
            } else {
                problems.push(format!(
                    "{name}: reported, but by no rule of check `{id}` ({:?}): {found:?}",
                    check.map(|c| c.rules)
                ));
            }
        }
    }
    (tallies, problems)
}

fn breakdown(level: &str, tallies: &BTreeMap<String, Tally>) -> String {
    let mut out = format!(
        "{level}: {:<28} {:>9} {:>11} {:>11}\n",
        "check id", "recall", "attributed", "specificity"
    );
    let mut total = Tally::default();
    for (id, t) in tallies {
        out.push_str(&format!(
            "{level}: {id:<28} {:>9} {:>11} {:>11}\n",
            format!("{}/{}", t.fail_reported, t.fail_total),
            format!("{}/{}", t.fail_attributed, t.fail_total),
            format!("{}/{}", t.pass_clean, t.pass_total),
        ));
        total.fail_total += t.fail_total;
        total.fail_reported += t.fail_reported;
        total.fail_attributed += t.fail_attributed;
        total.pass_total += t.pass_total;
        total.pass_clean += t.pass_clean;
    }
    out.push_str(&format!(
        "{level}: {:<28} {:>9} {:>11} {:>11}\n",
        "TOTAL",
        format!("{}/{}", total.fail_reported, total.fail_total),
        format!("{}/{}", total.fail_attributed, total.fail_total),
        format!("{}/{}", total.pass_clean, total.pass_total),
    ));
    out
}

fn conformance(level: &str, profile: Profile, fail_files: usize, pass_files: usize) {
    let (tallies, problems) = score(level, profile);
    let table = breakdown(level, &tallies);
    println!("{table}");
    let fails: usize = tallies.values().map(|t| t.fail_total).sum();
    let passes: usize = tallies.values().map(|t| t.pass_total).sum();
    assert_eq!(
        (fails, passes),
        (fail_files, pass_files),
        "the {level} corpus should hold {fail_files} fail and {pass_files} pass files\n{table}"
    );
    assert!(
        problems.is_empty(),
        "{profile} is not conformant:\n{}\n\n{table}",
        problems.join("\n")
    );
}

#[test]
fn pss_baseline_profile_matches_psa_v1_37() {
    conformance("baseline", Profile::PssBaseline, 34, 15);
}

#[test]
fn pss_restricted_profile_matches_psa_v1_37() {
    conformance("restricted", Profile::PssRestricted, 76, 23);
}

// ---- version-specific behaviour --------------------------------------------------------------

/// The rule ids `profile` reports on `yaml` for Kubernetes 1.`minor`.
fn verdict(profile: Profile, minor: u32, yaml: &str) -> Vec<&'static str> {
    let load = load_bytes(
        Arc::from("pod.yaml"),
        yaml.as_bytes(),
        false,
        &LoadOptions::default(),
    );
    assert!(load.errors.is_empty(), "{:?}", load.errors);
    assert_eq!(load.objects.len(), 1);
    let settings = Settings {
        kubernetes_version: KubeVersion::new(1, minor),
        ..Settings::default()
    };
    let engine = Engine::with_settings(profile.rules(), settings);
    let mut findings = Vec::new();
    engine.check(&load.objects[0], &mut findings);
    let mut ids: Vec<&'static str> = findings.iter().map(|f| f.rule_id).collect();
    ids.sort();
    ids.dedup();
    ids
}

/// The restricted corpus's compliant Linux pod, with `pod` spec lines and `container` security
/// context lines (for both containers) added.
fn restricted_pod(annotations: &str, pod: &str, container: &str) -> String {
    let indent =
        |text: &str, by: &str| -> String { text.lines().map(|l| format!("{by}{l}\n")).collect() };
    let annotations = if annotations.is_empty() {
        String::new()
    } else {
        format!("  annotations:\n{}", indent(annotations, "    "))
    };
    let container_sc = format!(
        "    securityContext:\n      allowPrivilegeEscalation: false\n      capabilities:\n        drop: [ALL]\n{}",
        indent(container, "      ")
    );
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n{annotations}spec:\n{}  containers:\n  - name: app\n    image: registry.k8s.io/pause\n{container_sc}  initContainers:\n  - name: init\n    image: registry.k8s.io/pause\n{container_sc}",
        indent(pod, "  ")
    )
}

const SECURE_POD: &str =
    "securityContext:\n  runAsNonRoot: true\n  seccompProfile:\n    type: RuntimeDefault";

#[test]
fn the_secure_base_pod_passes_both_levels_at_every_version() {
    let pod = restricted_pod("", SECURE_POD, "");
    for minor in [23, 25, 27, 30, 34, 35, 37] {
        assert_eq!(
            verdict(Profile::PssRestricted, minor, &pod),
            [] as [&str; 0]
        );
        assert_eq!(verdict(Profile::PssBaseline, minor, &pod), [] as [&str; 0]);
    }
}

#[test]
fn the_sysctl_safe_set_grows_at_1_27_1_29_1_32_and_1_37() {
    for (sysctl, since) in [
        ("net.ipv4.ip_local_reserved_ports", 27),
        ("net.ipv4.tcp_keepalive_time", 29),
        ("net.ipv4.tcp_fin_timeout", 29),
        ("net.ipv4.tcp_rmem", 32),
        ("net.ipv4.tcp_slow_start_after_idle", 37),
        ("net.ipv4.tcp_notsent_lowat", 37),
    ] {
        let pod = restricted_pod(
            "",
            &format!("{SECURE_POD}\n  sysctls:\n  - name: {sysctl}\n    value: \"1\""),
            "",
        );
        assert_eq!(
            verdict(Profile::PssBaseline, since - 1, &pod),
            ["unsafe-sysctls"],
            "{sysctl} at 1.{}",
            since - 1
        );
        assert_eq!(
            verdict(Profile::PssBaseline, since, &pod),
            [] as [&str; 0],
            "{sysctl} at 1.{since}"
        );
    }
}

#[test]
fn probe_hosts_are_checked_from_1_34() {
    let pod = restricted_pod("", SECURE_POD, "").replace(
        "  - name: app\n",
        "  - name: app\n    livenessProbe:\n      tcpSocket:\n        host: 10.0.0.1\n        port: 80\n",
    );
    assert_eq!(verdict(Profile::PssBaseline, 33, &pod), [] as [&str; 0]);
    assert_eq!(verdict(Profile::PssBaseline, 34, &pod), ["host-probe"]);
    assert_eq!(verdict(Profile::PssRestricted, 34, &pod), ["host-probe"]);
}

#[test]
fn user_namespaces_relax_proc_mount_and_run_as_non_root_from_1_35() {
    // Unmasked /proc with hostUsers: false: baseline forbids it before 1.35 and allows it from
    // 1.35; restricted forbids it at every version (one rule or the other, never both).
    let pod = restricted_pod(
        "",
        &format!("hostUsers: false\n{SECURE_POD}"),
        "procMount: Unmasked",
    );
    assert_eq!(
        verdict(Profile::PssBaseline, 34, &pod),
        ["unmasked-proc-mount"]
    );
    assert_eq!(verdict(Profile::PssBaseline, 35, &pod), [] as [&str; 0]);
    assert_eq!(
        verdict(Profile::PssRestricted, 34, &pod),
        ["unmasked-proc-mount"]
    );
    assert_eq!(
        verdict(Profile::PssRestricted, 35, &pod),
        ["unmasked-proc-mount-user-namespace"]
    );
    // No runAsNonRoot with hostUsers: false: required before 1.35, not from 1.35.
    let pod = restricted_pod(
        "",
        "hostUsers: false\nsecurityContext:\n  seccompProfile:\n    type: RuntimeDefault",
        "",
    );
    assert_eq!(
        verdict(Profile::PssRestricted, 34, &pod),
        ["run-as-non-root-not-set"]
    );
    assert_eq!(verdict(Profile::PssRestricted, 35, &pod), [] as [&str; 0]);
    // hostUsers: true relaxes nothing.
    let pod = restricted_pod(
        "",
        "hostUsers: true\nsecurityContext:\n  seccompProfile:\n    type: RuntimeDefault",
        "",
    );
    assert_eq!(
        verdict(Profile::PssRestricted, 37, &pod),
        ["run-as-non-root-not-set"]
    );
}

#[test]
fn container_engine_t_is_allowed_from_1_31() {
    let pod = restricted_pod(
        "",
        SECURE_POD,
        "seLinuxOptions:\n  type: container_engine_t",
    );
    assert_eq!(
        verdict(Profile::PssBaseline, 30, &pod),
        ["selinux-custom-options"]
    );
    assert_eq!(verdict(Profile::PssBaseline, 31, &pod), [] as [&str; 0]);
}

#[test]
fn seccomp_annotations_count_until_1_26_only() {
    // The API server copied the annotations into the fields up to 1.26; from 1.27 they do
    // nothing.
    let runtime_default = restricted_pod(
        "seccomp.security.alpha.kubernetes.io/pod: runtime/default",
        "securityContext:\n  runAsNonRoot: true",
        "",
    );
    assert_eq!(
        verdict(Profile::PssRestricted, 26, &runtime_default),
        [] as [&str; 0]
    );
    assert_eq!(
        verdict(Profile::PssRestricted, 27, &runtime_default),
        ["seccomp-profile-missing"]
    );
    let unconfined = restricted_pod(
        "container.seccomp.security.alpha.kubernetes.io/app: unconfined",
        "securityContext:\n  runAsNonRoot: true",
        "",
    );
    assert_eq!(
        verdict(Profile::PssBaseline, 26, &unconfined),
        ["seccomp-unconfined"]
    );
    assert_eq!(
        verdict(Profile::PssBaseline, 27, &unconfined),
        [] as [&str; 0]
    );
}

#[test]
fn windows_pods_are_exempt_from_linux_only_checks_from_1_25() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\nspec:\n  os:\n    name: windows\n  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: app\n    image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n";
    assert_eq!(verdict(Profile::PssRestricted, 25, pod), [] as [&str; 0]);
    assert_eq!(verdict(Profile::PssRestricted, 37, pod), [] as [&str; 0]);
    assert_eq!(
        verdict(Profile::PssRestricted, 24, pod),
        [
            "capabilities-not-dropped",
            "privilege-escalation-allowed",
            "seccomp-profile-missing"
        ]
    );
    // runAsNonRoot is not Linux-only.
    let pod = pod.replace("  securityContext:\n    runAsNonRoot: true\n", "");
    assert_eq!(
        verdict(Profile::PssRestricted, 37, &pod),
        ["run-as-non-root-not-set"]
    );
}

#[test]
fn pod_level_values_that_every_container_overrides_still_fail() {
    // PSA judges the pod-level field on its own for these checks.
    for (pod_field, container_field, profile, rule) in [
        (
            "seccompProfile:\n    type: Unconfined",
            "seccompProfile:\n  type: RuntimeDefault",
            Profile::PssBaseline,
            "seccomp-unconfined",
        ),
        (
            "runAsNonRoot: false\n  seccompProfile:\n    type: RuntimeDefault",
            "runAsNonRoot: true",
            Profile::PssRestricted,
            "run-as-non-root-not-set",
        ),
        (
            "appArmorProfile:\n    type: Unconfined",
            "appArmorProfile:\n  type: RuntimeDefault",
            Profile::PssBaseline,
            "apparmor-unconfined",
        ),
        (
            "seLinuxOptions:\n    user: system_u",
            "seLinuxOptions:\n  user: \"\"",
            Profile::PssBaseline,
            "selinux-custom-options",
        ),
    ] {
        let mut pod_lines = format!("securityContext:\n  {pod_field}");
        if profile == Profile::PssRestricted && !pod_field.contains("runAsNonRoot") {
            pod_lines.push_str("\n  runAsNonRoot: true");
        }
        let pod = restricted_pod("", &pod_lines, container_field);
        assert_eq!(verdict(profile, 37, &pod), [rule], "{pod}");
    }
}

#[test]
fn run_as_user_follows_psa() {
    // A pod-level runAsUser: 0 is rejected even when every container overrides it.
    let pod = restricted_pod(
        "",
        &format!("{SECURE_POD}\n  runAsUser: 0"),
        "runAsUser: 1000",
    );
    assert_eq!(verdict(Profile::PssRestricted, 37, &pod), ["root-uid"]);
    // From 1.35 a pod in its own user namespace may run as UID 0.
    let pod = restricted_pod(
        "",
        &format!("hostUsers: false\n{SECURE_POD}"),
        "runAsUser: 0",
    );
    assert_eq!(verdict(Profile::PssRestricted, 34, &pod), ["root-uid"]);
    assert_eq!(verdict(Profile::PssRestricted, 35, &pod), [] as [&str; 0]);
}
