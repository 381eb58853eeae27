#!/usr/bin/env python3
"""Whole-process benchmark of the release binary on the generated corpus.

    python3 bench/run.py                 # corpus -n 10000 --dockerfiles 1000 --seed 2
    python3 bench/run.py -n 1000 --runs 5

Generates the corpus with ../shared/bench/gen_corpus.py (deterministic) into bench/corpus/,
builds `cargo build --release`, then times `kubeward scan` as a whole process several times per
configuration and prints the median wall time, peak RSS (from /usr/bin/time), MB/s and
resources/s. "parse floor" runs a single cheap rule, so the difference to "all rules" is what
rules and reporting add on top of loading.
"""

import argparse
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


def main():
    p = argparse.ArgumentParser()
    p.add_argument("-n", type=int, default=10000)
    p.add_argument("--dockerfiles", type=int, default=1000)
    p.add_argument("--seed", type=int, default=2)
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--no-build", action="store_true")
    args = p.parse_args()

    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "kubeward")
    path = corpus(args)
    size_mb = manifest_bytes(path) / 1e6
    manifest = json.load(open(os.path.join(path, "corpus-manifest.json")))
    resources = manifest.get("resources", args.n)

    configs = [
        ("parse floor (one rule)", ["--select", "privileged-container", "-f", "json"]),
        ("default profile, json", ["-f", "json"]),
        ("all rules, json", ["--select", "ALL", "-f", "json"]),
        ("all rules, text", ["--select", "ALL", "-f", "text", "--color", "never"]),
    ]
    print(f"corpus: {path} ({size_mb:.1f} MB of manifests, {resources} resources); "
          f"{args.runs} runs each, median; cores: {os.cpu_count()}")
    print(f"{'configuration':<26} {'wall s':>8} {'peak RSS MB':>12} {'MB/s':>8} {'resources/s':>12}")
    for name, flags in configs:
        cmd = [binary, "scan", "--no-config", os.path.join(path, "k8s")] + flags + ["-o", os.devnull]
        time_once(cmd)  # warm the page cache
        samples = [time_once(cmd) for _ in range(args.runs)]
        wall = statistics.median(s[0] for s in samples)
        rss = max(s[1] for s in samples)
        print(f"{name:<26} {wall:>8.3f} {rss:>12.1f} {size_mb / wall:>8.1f} {resources / wall:>12.0f}")


if __name__ == "__main__":
    main()
